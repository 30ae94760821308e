//! Generates a synthetic bilingual news site for benchmarks: N article pairs
//! of 500–900 words of varied Markdown, 1–3 tags each, dates over ten years,
//! about 5% untranslated. Deterministic for a given seed. With `--hugo DIR`
//! it also writes the same corpus as a Hugo site (per-language content
//! folders, `translationKey`, templates doing the default theme's work).
//! With `--images N`, one pair in N gets a photo-like 2400×1600 JPEG as its
//! lead image (Hugo's templates resize it into the same widths and formats
//! as Gazette: 480, 960, 1600 in JPEG and WebP, 1200 in JPEG).
//!
//! cargo run --release --example gen_site -- --pairs 1000 --out /tmp/site [--hugo /tmp/hugo] [--seed 7] [--images 10]

#![allow(clippy::print_stdout)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// SplitMix64: tiny, seeded, and stable forever (benchmarks must be reproducible).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FR: &[&str] = &[
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "marché",
    "gouvernement",
    "entreprise",
    "technologie",
    "réseau",
    "données",
    "semaine",
    "annonce",
    "croissance",
    "puce",
    "modèle",
    "recherche",
    "chercheurs",
    "ministre",
    "Europe",
    "industrie",
    "capital",
    "investissement",
    "question",
    "réponse",
    "laboratoire",
    "concurrence",
    "projet",
    "coût",
    "milliards",
    "dollars",
    "euros",
    "prix",
    "public",
    "utilisateurs",
    "application",
    "service",
    "sécurité",
    "énergie",
    "climat",
    "politique",
    "économie",
    "startup",
    "innovation",
    "loi",
    "régulation",
    "avenir",
    "débat",
    "rapport",
    "étude",
    "a",
    "est",
    "sont",
    "pourrait",
    "devrait",
    "annonce",
    "confirme",
    "révèle",
    "affirme",
    "selon",
    "avec",
    "pour",
    "dans",
    "sur",
    "entre",
    "depuis",
    "contre",
    "après",
    "avant",
    "plus",
    "moins",
    "très",
    "déjà",
    "encore",
    "aussi",
    "nouveau",
    "nouvelle",
    "grand",
    "petite",
    "rapide",
    "lent",
    "important",
    "récent",
    "mondial",
    "national",
    "local",
];
const EN: &[&str] = &[
    "the",
    "a",
    "an",
    "market",
    "government",
    "company",
    "technology",
    "network",
    "data",
    "week",
    "announcement",
    "growth",
    "chip",
    "model",
    "research",
    "researchers",
    "minister",
    "Europe",
    "industry",
    "capital",
    "investment",
    "question",
    "answer",
    "lab",
    "competition",
    "project",
    "cost",
    "billion",
    "dollars",
    "euros",
    "price",
    "public",
    "users",
    "app",
    "service",
    "security",
    "energy",
    "climate",
    "policy",
    "economy",
    "startup",
    "innovation",
    "law",
    "regulation",
    "future",
    "debate",
    "report",
    "study",
    "has",
    "is",
    "are",
    "could",
    "should",
    "announces",
    "confirms",
    "reveals",
    "says",
    "according",
    "with",
    "for",
    "in",
    "on",
    "between",
    "since",
    "against",
    "after",
    "before",
    "more",
    "less",
    "very",
    "already",
    "still",
    "also",
    "new",
    "big",
    "small",
    "fast",
    "slow",
    "important",
    "recent",
    "global",
    "national",
    "local",
    "while",
    "because",
    "although",
];
const FR_TAGS: &[&str] = &[
    "Intelligence artificielle",
    "Chine",
    "Marchés",
    "Europe",
    "Énergie",
    "Climat",
    "Santé",
    "Espace",
    "Sécurité",
    "Startups",
    "Régulation",
    "Semi-conducteurs",
    "Télécoms",
    "Médias",
    "Éducation",
    "Transports",
    "Finance",
    "Emploi",
    "Justice",
    "Défense",
    "Agriculture",
    "Culture",
    "Sport",
    "Logiciel libre",
    "Vie privée",
    "Réseaux sociaux",
    "Cybersécurité",
    "Recherche",
    "Automobile",
    "Banques",
    "Cryptomonnaies",
    "Jeux vidéo",
    "Robotique",
    "Batteries",
    "Nucléaire",
    "Océans",
    "Villes",
    "Logement",
    "Commerce",
    "Travail",
];
const EN_TAGS: &[&str] = &[
    "Artificial intelligence",
    "China",
    "Markets",
    "Europe",
    "Energy",
    "Climate",
    "Health",
    "Space",
    "Security",
    "Startups",
    "Regulation",
    "Semiconductors",
    "Telecoms",
    "Media",
    "Education",
    "Transport",
    "Finance",
    "Jobs",
    "Justice",
    "Defence",
    "Farming",
    "Culture",
    "Sport",
    "Open source",
    "Privacy",
    "Social media",
    "Cybersecurity",
    "Research",
    "Cars",
    "Banks",
    "Cryptocurrencies",
    "Video games",
    "Robotics",
    "Batteries",
    "Nuclear",
    "Oceans",
    "Cities",
    "Housing",
    "Trade",
    "Work",
];

struct Article {
    lang: &'static str,
    slug: String,
    date: String,
    title: String,
    tags: Vec<String>,
    body: String,
    counterpart: Option<usize>,
    key: usize,
    /// The lead photo's file name (`k12.jpg`), for one pair in `--images`.
    image: Option<String>,
}

/// A photo-like image: soft light fields, edges and a film grain, so it
/// compresses like a photograph (not like a flat chart).
fn photo(key: usize, w: u32, h: u32) -> Vec<u8> {
    let k = key as f32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32 / w as f32, y as f32 / h as f32);
        let sky = (fy * 3.0 + k).sin() * 0.5 + 0.5;
        let hill = ((fx * 9.0 + k * 0.7).sin() * 0.08 + 0.62 < fy) as u8 as f32;
        let mut g = x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263);
        g = (g ^ (g >> 13)).wrapping_mul(1_274_126_177);
        let grain = (g >> 27) as f32 - 16.0;
        let r = 60.0 + 150.0 * sky * (1.0 - hill) + 40.0 * hill * fx + grain;
        let gr = 90.0 + 110.0 * fy + 50.0 * hill + grain;
        let b = 170.0 * (1.0 - hill) + 40.0 * (fx * 20.0).sin().abs() * hill + grain;
        image::Rgb([r, gr, b].map(|v| v.clamp(0.0, 255.0) as u8))
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&img)
        .unwrap();
    out
}

fn sentence(rng: &mut Rng, words: &[&str], n: usize) -> String {
    let mut s: Vec<String> = (0..n).map(|_| rng.pick(words).to_string()).collect();
    let mut first = s[0].chars();
    s[0] = first
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default()
        + first.as_str();
    s.join(" ") + "."
}

fn paragraph(rng: &mut Rng, words: &[&str], budget: &mut isize) -> String {
    let mut p = Vec::new();
    for _ in 0..rng.range(3, 6) {
        let n = rng.range(8, 18);
        *budget -= n as isize;
        p.push(sentence(rng, words, n));
    }
    p.join(" ")
}

/// A Markdown body of 500–900 words. `link` is a path to an earlier article
/// of the same language, written as each generator wants it.
fn body(rng: &mut Rng, words: &[&str], link: Option<String>) -> String {
    let mut budget = rng.range(500, 900) as isize;
    let mut out = String::new();
    let mut section = 0;
    let mut footnote = false;
    while budget > 0 {
        if section > 0 || rng.below(2) == 0 {
            let n = rng.range(3, 6);
            let _ = writeln!(
                out,
                "## {}\n",
                sentence(rng, words, n).trim_end_matches('.')
            );
        }
        section += 1;
        let _ = writeln!(out, "{}\n", paragraph(rng, words, &mut budget));
        match rng.below(6) {
            0 => {
                for _ in 0..rng.range(3, 5) {
                    let n = rng.range(4, 9);
                    budget -= n as isize;
                    let _ = writeln!(out, "- {}", sentence(rng, words, n));
                }
                out.push('\n');
            }
            1 => {
                let n = rng.range(10, 20);
                budget -= n as isize;
                let _ = writeln!(out, "> {}\n", sentence(rng, words, n));
            }
            2 => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |\n|---|---|---|",
                    rng.pick(words),
                    rng.pick(words),
                    rng.pick(words)
                );
                for _ in 0..3 {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        rng.pick(words),
                        rng.range(1, 999),
                        rng.range(1, 99)
                    );
                }
                budget -= 12;
                out.push('\n');
            }
            3 if !footnote => {
                footnote = true;
                let _ = writeln!(out, "{}[^1]\n", sentence(rng, words, 10));
                budget -= 10;
            }
            _ => {}
        }
        if section == 2
            && let Some(link) = &link
        {
            let _ = writeln!(
                out,
                "{} [{}]({link}).\n",
                sentence(rng, words, 6),
                rng.pick(words)
            );
        }
    }
    if footnote {
        let _ = writeln!(out, "[^1]: {}", sentence(rng, words, 8));
    }
    out
}

fn generate(pairs: usize, seed: u64, images: usize) -> Vec<Article> {
    let mut rng = Rng(seed);
    let mut articles: Vec<Article> = Vec::with_capacity(pairs * 2);
    let start = chrono_days(2015, 1, 1);
    let mut last: [Option<usize>; 2] = [None, None];
    for i in 0..pairs {
        let day = start + (i * 3650 / pairs.max(1)) as i64;
        let date = date_of(day);
        let untranslated = rng.below(100) < 5;
        let only = if untranslated {
            Some(rng.below(2))
        } else {
            None
        };
        let mut made = [None, None];
        for (l, (lang, words, tags)) in [("fr", FR, FR_TAGS), ("en", EN, EN_TAGS)]
            .into_iter()
            .enumerate()
        {
            if only.is_some_and(|o| o != l) {
                continue;
            }
            let n = rng.range(4, 9);
            let title = sentence(&mut rng, words, n)
                .trim_end_matches('.')
                .to_string();
            let slug = format!(
                "{}-{i}",
                slug::slugify(&title)
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .trim_end_matches('-')
            );
            let n_tags = rng.range(1, 3);
            let mut t: Vec<String> = Vec::new();
            while t.len() < n_tags {
                let tag = rng.pick(tags).to_string();
                if !t.contains(&tag) {
                    t.push(tag);
                }
            }
            let link = last[l];
            let body = body(&mut rng, words, link.map(|j| format!("@@{j}@@")));
            made[l] = Some(articles.len());
            last[l] = Some(articles.len());
            articles.push(Article {
                lang,
                slug,
                date: date.clone(),
                title,
                tags: t,
                body,
                counterpart: None,
                key: i,
                image: (images > 0 && i % images == 0).then(|| format!("k{i}.jpg")),
            });
        }
        if let [Some(a), Some(b)] = made {
            articles[a].counterpart = Some(b);
            articles[b].counterpart = Some(a);
        }
    }
    articles
}

fn chrono_days(y: i32, m: u32, d: u32) -> i64 {
    // Days since 1970-01-01 (civil from days, Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn date_of(days: i64) -> String {
    let z = days + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}

fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn file_name(a: &Article) -> String {
    format!("{}-{}.md", a.date, a.slug)
}

fn write_gazette(articles: &[Article], out: &Path) {
    write(
        &out.join("site.toml"),
        "base_url = \"https://example.org/\"\ndefault_language = \"fr\"\npaginate = 10\n\n[languages.fr]\nname = \"Français\"\ntitle = \"La Gazette\"\n\n[languages.en]\nname = \"English\"\ntitle = \"The Gazette\"\n",
    );
    for a in articles {
        let mut front = format!("---\ntitle: {}\ndate: {}\n", yaml(&a.title), a.date);
        if let Some(c) = a.counterpart {
            let _ = writeln!(
                front,
                "translation: {}/{}",
                articles[c].lang,
                file_name(&articles[c])
            );
        }
        // A translation shows its original's photo with its own alt text.
        match &a.image {
            Some(_) if a.lang == "en" && a.counterpart.is_some() => {
                let _ = writeln!(front, "image_alt: Photo {}", a.key);
            }
            Some(image) => {
                let _ = writeln!(front, "image: img/{image}\nimage_alt: Photo {}", a.key);
            }
            None => {}
        }
        let tags: Vec<String> = a.tags.iter().map(|t| yaml(t)).collect();
        let _ = writeln!(front, "tags: [{}]\n---\n", tags.join(", "));
        let body = resolve_links(&a.body, |j| file_name(&articles[j]));
        write(
            &out.join("content").join(a.lang).join(file_name(a)),
            &(front + &body),
        );
    }
    // Each photo once, beside the original (the translation shares it).
    for a in articles {
        if let Some(image) = a
            .image
            .as_ref()
            .filter(|_| a.lang == "fr" || a.counterpart.is_none())
        {
            let path = out.join("content").join(a.lang).join("img").join(image);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, photo(a.key, 2400, 1600)).unwrap();
        }
    }
}

fn resolve_links(body: &str, name: impl Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find("@@") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after.find("@@").unwrap();
        out.push_str(&name(after[..end].parse().unwrap()));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn write_hugo(articles: &[Article], out: &Path) {
    write(&out.join("hugo.toml"), HUGO_CONFIG);
    // Hugo processes images from assets/ (or page bundles).
    for a in articles {
        if let Some(image) = a
            .image
            .as_ref()
            .filter(|_| a.lang == "fr" || a.counterpart.is_none())
        {
            let path = out.join("assets/img").join(image);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, photo(a.key, 2400, 1600)).unwrap();
        }
    }
    for (name, text) in HUGO_TEMPLATES {
        write(&out.join("layouts").join(name), text);
    }
    write(
        &out.join("i18n/fr.toml"),
        "[read_in]\nother = \"Lire en français\"\n[only]\nother = \"Cet article n’existe qu’en français.\"\n[older]\nother = \"Plus anciens\"\n[newer]\nother = \"Plus récents\"\n",
    );
    write(
        &out.join("i18n/en.toml"),
        "[read_in]\nother = \"Read in English\"\n[only]\nother = \"This article is available in English only.\"\n[older]\nother = \"Older\"\n[newer]\nother = \"Newer\"\n",
    );
    for a in articles {
        let tags: Vec<String> = a.tags.iter().map(|t| yaml(t)).collect();
        let image = match &a.image {
            Some(image) => format!("image: img/{image}\n"),
            None => String::new(),
        };
        let front = format!(
            "---\ntitle: {}\ndate: {}\nslug: {}\ntranslationKey: \"k{}\"\n{image}tags: [{}]\n---\n\n",
            yaml(&a.title),
            a.date,
            a.slug,
            a.key,
            tags.join(", ")
        );
        let body = resolve_links(&a.body, |j| {
            format!("{{{{< relref \"posts/{}\" >}}}}", file_name(&articles[j]))
        });
        write(
            &out.join("content")
                .join(a.lang)
                .join("posts")
                .join(file_name(a)),
            &(front + &body),
        );
    }
}

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/"
defaultContentLanguage = "fr"
defaultContentLanguageInSubdir = true
disableKinds = ["section"]
[pagination]
pagerSize = 10
[permalinks.page]
posts = "/:year/:month/:slug/"
[taxonomies]
tag = "tags"
[outputs]
home = ["html", "rss"]
term = ["html"]
taxonomy = ["html"]
[languages.fr]
languageName = "Français"
title = "La Gazette"
contentDir = "content/fr"
weight = 1
[languages.fr.params]
dateFormat = ":date_long"
[languages.en]
languageName = "English"
title = "The Gazette"
contentDir = "content/en"
weight = 2
"#;

const HUGO_TEMPLATES: &[(&str, &str)] = &[
    (
        "baseof.html",
        r#"<!doctype html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}{{ with .Sites.Default.Home }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">{{ end }}
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head><body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ i18n "read_in" . }}</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body></html>
"#,
    ),
    (
        "single.html",
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date | time.Format ":date_long" }}</time></p>
{{ if not .IsTranslated }}<p>{{ i18n "only" }}</p>{{ end }}
{{ with .Params.image }}{{ with resources.Get . }}{{ $img := . }}<picture><source type="image/webp" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx webp q80" $w)).RelPermalink }} {{ $w }}w{{ end }}"><img src="{{ ($img.Resize "1600x jpg q80").RelPermalink }}" srcset="{{ range $i, $w := slice 480 960 1600 }}{{ if $i }}, {{ end }}{{ ($img.Resize (printf "%dx jpg q80" $w)).RelPermalink }} {{ $w }}w{{ end }}" width="1600" height="1067" alt="photo"></picture>
<meta property="og:image" content="{{ ($img.Resize "1200x jpg q80").Permalink }}">{{ end }}{{ end }}
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
"#,
    ),
    (
        "list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := where .Site.RegularPages "Type" "posts" }}{{ if not .IsHome }}{{ $pages = .Pages }}{{ end }}
{{ $pager := .Paginate $pages }}
{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary | plainify | truncate 200 }}</p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time></article>
{{ end }}
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">{{ i18n "newer" }}</a>{{ end }}{{ with $pager.Next }}<a href="{{ .URL }}">{{ i18n "older" }}</a>{{ end }}</nav>
{{ end }}
"#,
    ),
    (
        "taxonomy.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
];

/// Writes a synthetic bilingual site (and optionally its Hugo twin).
#[derive(clap::Parser)]
struct Args {
    /// Article pairs to generate.
    #[arg(long, default_value_t = 1000)]
    pairs: usize,
    /// Seed of the generator: the same seed gives the same site.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Folder of the Gazette site to write.
    #[arg(long)]
    out: PathBuf,
    /// Folder of the same corpus as a Hugo site.
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// One pair in this many gets a lead photo (0: none).
    #[arg(long, default_value_t = 0)]
    images: usize,
}

fn main() {
    let Args {
        pairs,
        seed,
        out,
        hugo,
        images,
    } = clap::Parser::parse();
    let articles = generate(pairs, seed, images);
    write_gazette(&articles, &out);
    if let Some(hugo) = hugo {
        write_hugo(&articles, &hugo);
    }
    println!(
        "{} articles ({pairs} pairs requested, seed {seed}) in {}",
        articles.len(),
        out.display()
    );
}

//! The dev server's incremental rebuilds must give exactly what a clean
//! `gazette build` gives. A seeded sequence of edits (bodies, titles, dates,
//! tags, slugs that move link targets, drafts, pairs split and joined,
//! translations going stale, sections, authors, aliases, lead images and
//! their alt text and caption, expiry, a date moved into the future and
//! back, menus, tag pairs and the other `site.toml` tables,
//! files added, deleted and renamed, templates, strings, CSS, config, and
//! errors that are then fixed) is applied to a fixture site; after each one
//! the live site is compared file by file with a clean build of the same
//! sources.

mod common;

use common::{BILINGUAL, Fixture, tree_as_served};
use gazette::spool::Spool;
use gazette::{BuildOptions, LiveSite};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// `site.toml`: pagination, then the newsroom's tables in one of a few
/// variants (section names, an author, tag pairs, menus), then the languages.
fn config(per_page: u64, variant: u64) -> String {
    let economy = ["Économie", "Économie et marchés"][(variant % 2) as usize];
    let tags = match variant % 3 {
        0 => "[tags.ia]\nfr = \"IA\"\nen = \"AI\"\n",
        1 => "",
        _ => "[tags.ia]\nfr = \"IA\"\nen = \"Artificial intelligence\"\n",
    };
    let menu = match variant % 2 {
        0 => "\n[[languages.fr.menu]]\nname = \"À propos\"\nurl = \"/fr/tags/\"\n",
        _ => {
            "\n[[languages.fr.menu]]\nname = \"Éco\"\nsection = \"eco\"\n[[languages.fr.menu]]\nname = \"Article 2\"\npage = \"fr/2025-02-01-article-2.md\"\n"
        }
    };
    format!(
        "paginate = {per_page}\nfeed_limit = 3\n{BILINGUAL}\n[sections.eco]\nfr = \"{economy}\"\nen = \"Economy\"\n\n[sections.pol]\nfr = \"Politique\"\nen = \"Politics\"\n\n[authors.claire]\nname = \"Claire Duval\"\n\n[authors.tom]\nname = \"Tom Reed\"\nbio.fr = \"Reporter {variant}.\"\nbio.en = \"Reporter {variant}.\"\n\n{tags}{menu}"
    )
}

/// A small site with links between articles, shared tags, a recorded
/// translation fingerprint, pagination, a draft, an unpaired article with
/// an image beside it, and a site template.
fn site() -> Fixture {
    let f = Fixture::new(&config(2, 0));
    f.write_bytes("content/fr/images/photo.png", &common::png(64, 48));
    f.article(
        "fr/2025-06-15-reportage.md",
        "title: Reportage\ndate: 2025-06-15\ntags: [IA]",
        "Un reportage.\n",
    );
    for n in 1..=5 {
        f.article(
            &format!("fr/2025-0{n}-01-article-{n}.md"),
            &format!(
                "title: Article {n}\ndate: 2025-0{n}-01\ntags: [IA, Tag {n}]\ntranslation: en/2025-0{n}-01-story-{n}.md"
            ),
            &format!("Premier paragraphe {n}.\n\nVoir [l'autre](2025-0{}-01-article-{}.md).\n", n % 5 + 1, n % 5 + 1),
        );
        f.article(
            &format!("en/2025-0{n}-01-story-{n}.md"),
            &format!("title: Story {n}\ndate: 2025-0{n}-01\ntags: [AI]"),
            &format!("First paragraph {n}.\n"),
        );
    }
    f.article(
        "fr/2024-12-01-brouillon.md",
        "title: Brouillon\ndate: 2024-12-01\ndraft: true",
        "Pas encore.\n",
    );
    // A shortcode listing the latest articles and reading the site's data,
    // in one article: its body depends on the other articles.
    f.write(
        "templates/shortcodes/latest.html",
        "<p class=\"latest\">{% for a in articles %}{% if loop.index <= 3 %}<a href=\"{{ a.url }}\">{{ a.title }}</a> {% endif %}{% endfor %}{{ data.team.name }}</p>\n",
    );
    f.write("data/team.yml", "name: Rédaction 0\n");
    replace(
        &f,
        "content/fr/2025-04-01-article-4.md",
        "Premier paragraphe 4.",
        "Premier paragraphe 4.\n\n{{< latest >}}",
    );
    f
}

/// The built-in article template, marked with `n` (a site override).
fn article_template(n: u64) -> String {
    let builtin = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/gazette/templates/article.html"
    );
    std::fs::read_to_string(builtin)
        .unwrap()
        .replacen(
            "<h1>",
            &format!(
                "<h1 data-v=\"{n}\" data-counts=\"{{% for t in page.tags %}}{{{{ t.count }}}} {{% endfor %}}\">"
            ),
            1,
        )
}

/// One edit: the files it touched (relative to the root).
type Edit = fn(&Fixture, u64) -> Vec<&'static str>;

fn replace(f: &Fixture, rel: &str, from: &str, to: &str) {
    let path = f.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Replaces the front-matter line starting with `key` by `line` (added
/// when missing; removed when `line` is empty).
fn set_line(f: &Fixture, rel: &str, key: &str, line: &str) {
    let path = f.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let (front, body) = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .expect("front matter");
    let mut lines: Vec<&str> = front.lines().filter(|l| !l.starts_with(key)).collect();
    if !line.is_empty() {
        lines.push(line);
    }
    std::fs::write(&path, format!("---\n{}\n---\n{body}", lines.join("\n"))).unwrap();
}

const EDITS: &[(&str, Edit)] = &[
    ("body", |f, n| {
        replace(
            f,
            "content/fr/2025-03-01-article-3.md",
            "Premier",
            &format!("Premier {n}"),
        );
        vec!["content/fr/2025-03-01-article-3.md"]
    }),
    ("title", |f, n| {
        replace(
            f,
            "content/en/2025-02-01-story-2.md",
            "title: Story",
            &format!("title: Story {n}"),
        );
        vec!["content/en/2025-02-01-story-2.md"]
    }),
    ("date reorders listings", |f, n| {
        let day = 10 + n % 18;
        let path = "content/fr/2025-01-01-article-1.md";
        let text = std::fs::read_to_string(f.root().join(path)).unwrap();
        let text: String = text
            .lines()
            .map(|l| {
                if l.starts_with("date:") {
                    format!("date: 2025-06-{day}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        f.write(path, &(text + "\n"));
        vec!["content/fr/2025-01-01-article-1.md"]
    }),
    ("tag added", |f, n| {
        replace(
            f,
            "content/fr/2025-04-01-article-4.md",
            "tags: [",
            &format!("tags: [Nouveau {}, ", n % 3),
        );
        vec!["content/fr/2025-04-01-article-4.md"]
    }),
    ("slug moves a link target", |f, n| {
        let path = "content/fr/2025-02-01-article-2.md";
        let text = std::fs::read_to_string(f.root().join(path)).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("slug:"))
            .collect::<Vec<_>>()
            .join("\n");
        f.write(
            path,
            &text.replacen("---\n", &format!("---\nslug: deux-{n}\n"), 1),
        );
        vec!["content/fr/2025-02-01-article-2.md"]
    }),
    ("draft published and hidden again", |f, _| {
        let path = "content/fr/2024-12-01-brouillon.md";
        let text = std::fs::read_to_string(f.root().join(path)).unwrap();
        let flipped = if text.contains("draft: true") {
            text.replace("draft: true", "draft: false")
        } else {
            text.replace("draft: false", "draft: true")
        };
        f.write(path, &flipped);
        vec!["content/fr/2024-12-01-brouillon.md"]
    }),
    ("translation marked then its original edited", |f, n| {
        let original =
            std::fs::read_to_string(f.root().join("content/fr/2025-05-01-article-5.md")).unwrap();
        let body = original.split("---\n").nth(2).unwrap_or("");
        let fp = gazette::content::fingerprint::of_text("Article 5", body);
        let path = "content/en/2025-05-01-story-5.md";
        let text = std::fs::read_to_string(f.root().join(path)).unwrap();
        if !text.contains("source_fingerprint") {
            f.write(
                path,
                &text.replacen("---\n", &format!("---\nsource_fingerprint: {fp}\n"), 1),
            );
            return vec!["content/en/2025-05-01-story-5.md"];
        }
        replace(
            f,
            "content/fr/2025-05-01-article-5.md",
            "Premier",
            &format!("Premier {n}"),
        );
        vec!["content/fr/2025-05-01-article-5.md"]
    }),
    ("a pair split and joined again", |f, _| {
        let path = "content/fr/2025-03-01-article-3.md";
        let text = std::fs::read_to_string(f.root().join(path)).unwrap();
        let line = "translation: en/2025-03-01-story-3.md\n";
        let toggled = if text.contains(line) {
            text.replacen(line, "", 1)
        } else {
            text.replacen("---\n", &format!("---\n{line}"), 1)
        };
        f.write(path, &toggled);
        vec!["content/fr/2025-03-01-article-3.md"]
    }),
    ("article added", |f, n| {
        f.article(
            "fr/nouveau.md",
            &format!(
                "title: Nouveau {n}\ndate: 2025-07-0{}\ntags: [IA]",
                1 + n % 8
            ),
            "Tout neuf.\n",
        );
        vec!["content/fr/nouveau.md"]
    }),
    ("oldest article added or removed", |f, _| {
        let rel = "content/fr/2020-01-01-ancien.md";
        if f.root().join(rel).exists() {
            std::fs::remove_file(f.root().join(rel)).unwrap();
        } else {
            f.article(
                "fr/2020-01-01-ancien.md",
                "title: Ancien\ndate: 2020-01-01\ntags: [IA]",
                "Vieux.\n",
            );
        }
        vec!["content/fr/2020-01-01-ancien.md"]
    }),
    ("an old article updated", |f, n| {
        let path = "content/en/2025-01-01-story-1.md";
        let text = std::fs::read_to_string(f.root().join(path)).unwrap();
        let text: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("updated:"))
            .collect();
        let text = text.join("\n").replacen(
            "---\n",
            &format!("---\nupdated: 2026-0{}-02\n", 1 + n % 9),
            1,
        );
        f.write(path, &(text + "\n"));
        vec!["content/en/2025-01-01-story-1.md"]
    }),
    ("article deleted", |f, _| {
        let _ = std::fs::remove_file(f.root().join("content/fr/nouveau.md"));
        vec!["content/fr/nouveau.md"]
    }),
    ("article renamed", |f, _| {
        let (a, b) = (
            f.root().join("content/en/extra.md"),
            f.root().join("content/en/2025-08-01-extra.md"),
        );
        if a.exists() {
            std::fs::rename(&a, &b).unwrap();
        } else if b.exists() {
            std::fs::rename(&b, &a).unwrap();
        } else {
            f.article(
                "en/extra.md",
                "title: Extra\ndate: 2025-08-01\ntags: [AI, Extra]",
                "More.\n",
            );
        }
        vec!["content/en/extra.md", "content/en/2025-08-01-extra.md"]
    }),
    ("template", |f, n| {
        f.write("templates/article.html", &article_template(n));
        vec!["templates/article.html"]
    }),
    ("data", |f, n| {
        f.write("data/team.yml", &format!("name: Rédaction {n}\n"));
        vec!["data/team.yml"]
    }),
    ("css", |f, n| {
        f.write("static/style.css", &format!("body {{ margin: {n}px }}\n"));
        vec!["static/style.css"]
    }),
    ("config", |f, n| {
        f.write("site.toml", &config(1 + n % 3, n / 3));
        vec!["site.toml"]
    }),
    (
        "newsroom tables: sections, authors, tag pairs, menus",
        |f, n| {
            f.write("site.toml", &config(2, n));
            vec!["site.toml"]
        },
    ),
    ("section set, changed and removed", |f, n| {
        let section = ["section: eco", "section: Politique", ""][(n % 3) as usize];
        set_line(f, "content/fr/2025-02-01-article-2.md", "section:", section);
        vec!["content/fr/2025-02-01-article-2.md"]
    }),
    ("author set, changed and removed", |f, n| {
        let author = [
            "author: claire",
            "author: [claire, tom]",
            "author: La rédaction",
            "",
        ][(n % 4) as usize];
        set_line(f, "content/en/2025-03-01-story-3.md", "author:", author);
        vec!["content/en/2025-03-01-story-3.md"]
    }),
    ("alias added and removed", |f, n| {
        let alias = match n % 3 {
            0 => format!("aliases: [/fr/ancien-{n}/]"),
            1 => format!("aliases: [/fr/ancien-{n}/, /old/{n}.html]"),
            _ => String::new(),
        };
        // On the article whose slug moves: the redirect follows it.
        set_line(f, "content/fr/2025-02-01-article-2.md", "aliases:", &alias);
        vec!["content/fr/2025-02-01-article-2.md"]
    }),
    ("lead image, its alt text and caption", |f, n| {
        let path = "content/fr/2025-06-15-reportage.md";
        for key in ["image:", "image_alt:", "image_caption:"] {
            set_line(f, path, key, "");
        }
        if n % 3 != 2 {
            set_line(f, path, "image:", "image: images/photo.png");
            set_line(f, path, "image_alt:", &format!("image_alt: Une photo {n}"));
        }
        if n % 3 == 1 {
            set_line(
                f,
                path,
                "image_caption:",
                &format!("image_caption: Légende {n}"),
            );
        }
        vec![path]
    }),
    ("expiry passed and removed", |f, n| {
        let expires = if n % 2 == 0 {
            "expires: 2025-04-02"
        } else {
            ""
        };
        set_line(f, "content/en/2025-04-01-story-4.md", "expires:", expires);
        vec!["content/en/2025-04-01-story-4.md"]
    }),
    ("date into the future and back", |f, n| {
        let date = if n % 2 == 0 {
            "date: 2099-01-01"
        } else {
            "date: 2025-03-01"
        };
        set_line(f, "content/en/2025-05-01-story-5.md", "date:", date);
        vec!["content/en/2025-05-01-story-5.md"]
    }),
];

/// Every file of a clean build of the fixture, drafts included (as in
/// serve), but the search index: the dev server makes its own apart, after
/// each rebuild (`tests/serve.rs` follows it).
fn clean_build(f: &Fixture) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        output: out.path().join("site"),
        drafts: true,
        ..BuildOptions::new(f.root())
    };
    gazette::build(&options).expect("clean build");
    tree_as_served(&out.path().join("site"))
        .into_iter()
        .filter(|(path, _)| !path.starts_with("pagefind/"))
        .collect()
}

fn live_files(live: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    live.files()
        .iter()
        .map(|(k, v)| (k.clone(), v.read().unwrap()))
        .collect()
}

fn assert_same(live: &BTreeMap<String, Vec<u8>>, clean: &BTreeMap<String, Vec<u8>>, step: &str) {
    let live_paths: Vec<&String> = live.keys().collect();
    let clean_paths: Vec<&String> = clean.keys().collect();
    assert_eq!(live_paths, clean_paths, "after {step}: different files");
    for (path, bytes) in clean {
        assert!(
            live[path] == *bytes,
            "after {step}: {path} differs from a clean build:\n--- live\n{}\n--- clean\n{}",
            String::from_utf8_lossy(&live[path]),
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn incremental_rebuilds_equal_clean_builds_after_every_kind_of_edit() {
    let f = site();
    // A spool that moves its files to a fresh one whenever more of it is
    // waste than live: that move happens many times over the edits below.
    let mut spool = Spool::with_min_waste(0).unwrap();
    let mut live = LiveSite::new(BuildOptions {
        drafts: true,
        ..BuildOptions::new(f.root())
    })
    .spooling_in(spool.clone());
    live.rebuild(&[]).expect("first build");
    assert_same(&live_files(&live), &clean_build(&f), "the first build");
    let mut spools = 1;
    // SplitMix64, so a failure names a sequence anyone can replay.
    let mut seed: u64 = 0x6a7e_77e5;
    let mut next = || {
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for step in 0..120 {
        let n = next();
        let (name, edit) = EDITS[(n % EDITS.len() as u64) as usize];
        let touched: Vec<PathBuf> = edit(&f, step).iter().map(|r| f.root().join(r)).collect();
        live.rebuild(&touched)
            .unwrap_or_else(|e| panic!("step {step} ({name}): {e}"));
        assert_same(
            &live_files(&live),
            &clean_build(&f),
            &format!("step {step} ({name})"),
        );
        let now = live.spool().unwrap();
        if !Arc::ptr_eq(now, &spool) {
            spools += 1;
            spool = now.clone();
        }
    }
    assert!(spools > 3, "the files were in {spools} spools");
}

#[test]
fn a_body_edit_renders_only_the_pages_that_show_it() {
    let f = site();
    let mut live = LiveSite::new(BuildOptions {
        drafts: true,
        ..BuildOptions::new(f.root())
    });
    let all = live.rebuild(&[]).unwrap();
    assert_eq!(
        all.written.len(),
        all.files,
        "the first build renders everything"
    );
    // Article 1 is the oldest French article: its page, its English
    // counterpart's switch does not change, and it is on the last page of the
    // French home and of its tag pages, but not in the feed (limit 3); its
    // neighbours show its card (the edit changes its summary), as related
    // articles do (never the previous or next one, so a few more pages list it).
    replace(
        &f,
        "content/fr/2025-01-01-article-1.md",
        "Premier",
        "Tout premier",
    );
    let path = f.root().join("content/fr/2025-01-01-article-1.md");
    let built = live.rebuild(std::slice::from_ref(&path)).unwrap();
    let article = "fr/2025/01/article-1/index.html";
    let page = String::from_utf8(live.files()[article].read().unwrap()).unwrap();
    assert!(page.contains("Tout premier"), "{page}");
    assert!(
        built.written.iter().any(|(p, _)| p == article) && built.written.len() <= 10,
        "a body edit re-rendered {} of {} files: {:?}",
        built.written.len(),
        built.files,
        built.written.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert_eq!(
        built.changed_urls,
        vec!["/blog/fr/2025/01/article-1/".to_string()]
    );
    assert!(built.removed.is_empty());
    assert_same(&live_files(&live), &clean_build(&f), "a body edit");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_recovers_when_fixed() {
    let f = site();
    let mut live = LiveSite::new(BuildOptions {
        drafts: true,
        ..BuildOptions::new(f.root())
    });
    let good = live.rebuild(&[]).unwrap();
    let path = f.root().join("content/fr/2025-02-01-article-2.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("date: 2025-02-01", "date: [oops", 1)).unwrap();
    let err = live
        .rebuild(std::slice::from_ref(&path))
        .unwrap_err()
        .to_string();
    assert!(err.contains("2025-02-01-article-2.md"), "{err}");
    f.write("templates/article.html", "{% if %}");
    let tpl = f.root().join("templates/article.html");
    let err = live
        .rebuild(std::slice::from_ref(&tpl))
        .unwrap_err()
        .to_string();
    assert!(err.contains("templates/article.html"), "{err}");
    assert!(
        err.contains("2025-02-01-article-2.md"),
        "both errors are kept: {err}"
    );
    std::fs::write(&path, text).unwrap();
    std::fs::remove_file(&tpl).unwrap();
    let fixed = live.rebuild(&[path, tpl]).unwrap();
    assert_same(&live_files(&live), &clean_build(&f), "the fix");
    assert_eq!(fixed.files, good.files);
}

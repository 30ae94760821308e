//! The editor's and translator's day (issue "every command trustworthy"):
//! each test drives the binary as a writer would and reads what readers get.

mod common;

use common::*;

const ALIAS_SITE: &str = r#"
base_url = "https://example.org/"
default_language = "fr"
host = "netlify"

[authors.claire]
name = "Claire Duval"

[languages.fr]
title = "Le Journal"

[languages.en]
title = "The Journal"
"#;

fn new(f: &Fixture, args: &[&str]) -> std::process::Output {
    let root = f.root().to_str().unwrap();
    let out = gazette(&[&["new"][..], args, &["--root", root]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn mark(f: &Fixture, file: &str) -> std::process::Output {
    gazette(&[
        "mark-translated",
        file,
        "--root",
        f.root().to_str().unwrap(),
    ])
}

/// Every file of the built site that mentions `needle`.
fn mentions(f: &Fixture, needle: &str) -> Vec<String> {
    tree(&f.out())
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn a_new_article_is_a_draft_until_written_and_an_empty_body_is_never_published() {
    let f = Fixture::bilingual();
    pair(&f);
    let out = new(&f, &["Le moment Spoutnik de l’IA", "--translate-to", "en"]);
    let written = stdout(&out);
    let original = written
        .lines()
        .find(|l| l.contains("content/fr/"))
        .expect("the original's path")
        .trim()
        .to_string();
    let original = original.rsplit(' ').next().unwrap().to_string();
    let text = std::fs::read_to_string(&original).unwrap();
    assert!(text.contains("\ndraft: true\n"), "{text}");

    f.build_ok();
    assert!(
        mentions(&f, "spoutnik").is_empty(),
        "{:?}",
        mentions(&f, "spoutnik")
    );
    let record = std::fs::read_to_string(f.root().join("published-urls.txt")).unwrap();
    assert!(!record.contains("spoutnik"), "{record}");

    // The writer publishes without writing: refused, on the line, nothing lost.
    let before = tree(&f.out());
    std::fs::write(&original, text.replace("draft: true\n", "")).unwrap();
    let err = f.build_err();
    let name = original.rsplit("content/").next().unwrap();
    assert!(
        err.contains(&format!(
            "content/{name}:6: has no text after its front matter"
        )),
        "{err}"
    );
    assert_eq!(tree(&f.out()), before, "nothing published is lost");

    let written = text.replace("draft: true\n", "").replace(
        "<!-- Write here, then remove `draft: true` to publish. -->",
        "Le premier paragraphe.",
    );
    std::fs::write(&original, written).unwrap();
    f.build_ok();
    assert!(!mentions(&f, "spoutnik").is_empty());
    let record = std::fs::read_to_string(f.root().join("published-urls.txt")).unwrap();
    assert!(record.contains("spoutnik"), "{record}");
}

#[test]
fn an_article_written_in_english_first_keeps_english_as_its_original() {
    let f = Fixture::bilingual();
    new(
        &f,
        &[
            "Brexit: five years on",
            "--lang",
            "en",
            "--translate-to",
            "fr",
        ],
    );
    let find = |lang: &str| {
        let dir = f.root().join("content").join(lang);
        let entry = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap();
        entry.path()
    };
    let (en, fr) = (find("en"), find("fr"));
    let stub = std::fs::read_to_string(&fr).unwrap();
    let en_source = format!("en/{}", en.file_name().unwrap().to_str().unwrap());
    let fr_source = format!("fr/{}", fr.file_name().unwrap().to_str().unwrap());
    assert!(
        stub.contains(&format!("translated_from: {en_source}\n")),
        "{stub}"
    );

    // The writer writes the English, publishes it; the French is in progress.
    let english = std::fs::read_to_string(&en).unwrap();
    let english = english.replace("draft: true\n", "").replace(
        "<!-- Write here, then remove `draft: true` to publish. -->",
        "Five years on.",
    );
    std::fs::write(&en, &english).unwrap();
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(
        report.contains("translations in progress (fr)")
            && report.contains(&format!("translation of {en_source} in progress")),
        "{report}"
    );

    // The original refuses to be marked; the French translation is marked.
    let out = mark(&f, en.to_str().unwrap());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is the original"), "{}", stderr(&out));
    let french = stub
        .replace("draft: true\n", "")
        .replace(
            "<!-- Translate the en original here, remove `draft: true`, then run `gazette mark-translated` on this file. -->",
            "Cinq ans après.",
        );
    std::fs::write(&fr, french).unwrap();
    // The form `translation:` uses, relative to content/, works too.
    let out = mark(&f, &fr_source);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("marked up to date with {en_source}")));
    let out = f.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["translations"]["up_to_date"], 1, "{json}");

    // The English original changes: the French is stale, never the reverse.
    std::fs::write(
        &en,
        english.replace("Five years on.", "Five years on, and counting."),
    )
    .unwrap();
    let out = f.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stale = json["translations"]["stale"].as_array().unwrap();
    assert_eq!(stale.len(), 1, "{json}");
    assert_eq!(stale[0]["source"], fr_source.as_str());
    assert_eq!(stale[0]["original"], en_source.as_str());
}

#[test]
fn check_says_which_version_it_took_for_the_original_of_an_untracked_pair() {
    let f = Fixture::bilingual();
    pair(&f);
    let report = stdout(&f.check(&[]));
    assert!(
        report.contains("== untracked translations (en) (1 note)"),
        "{report}"
    );
    assert!(
        report.contains("taken as translated from fr/2025-01-29-le-moment.md (the site's earlier language; if it was written first, add `translated_from: en/2025-01-29-the-moment.md` to fr/2025-01-29-le-moment.md): once it matches, run `gazette mark-translated en/2025-01-29-the-moment.md`"),
        "{report}"
    );
    let out = mark(&f, "content/en/2025-01-29-the-moment.md");
    assert!(out.status.success(), "{}", stderr(&out));
    let en = std::fs::read_to_string(f.root().join("content/en/2025-01-29-the-moment.md")).unwrap();
    assert!(
        en.contains("translated_from: fr/2025-01-29-le-moment.md\n"),
        "{en}"
    );
    let report = stdout(&f.check(&[]));
    assert!(!report.contains("untracked"), "{report}");
    assert!(report.ends_with("check: 0 errors, 0 notes\n"), "{report}");
}

#[test]
fn redirects_are_forced_on_netlify_and_plain_elsewhere() {
    let f = Fixture::new(ALIAS_SITE);
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\naliases: [/fr/ancien/]",
        "Texte.\n",
    );
    f.build_ok();
    let rules = f.read("_redirects");
    assert!(
        rules.contains("\n/fr/ancien/ /fr/2025/01/le-moment/ 301!\n"),
        "{rules}"
    );
    // The redirect page stays for every other host.
    assert!(f.out().join("fr/ancien/index.html").is_file());

    f.write(
        "site.toml",
        &ALIAS_SITE.replace("host = \"netlify\"", "host = \"cloudflare\""),
    );
    f.build_ok();
    let rules = f.read("_redirects");
    assert!(
        rules.contains("\n/fr/ancien/ /fr/2025/01/le-moment/ 301\n"),
        "{rules}"
    );
    f.write(
        "site.toml",
        &ALIAS_SITE.replace("host = \"netlify\"", "host = \"github\""),
    );
    let err = f.build_err();
    assert!(err.contains("site.toml") && err.contains("host"), "{err}");
}

#[test]
fn a_declared_authors_full_name_is_that_author() {
    let f = Fixture::new(ALIAS_SITE);
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\nauthor: claire DUVAL",
        "Texte.\n",
    );
    let out = f.build_ok();
    assert!(
        stdout(&out).contains("content/fr/2025-01-29-le-moment.md:4: `claire DUVAL` is the declared author `claire` (Claire Duval)"),
        "{}",
        stdout(&out)
    );
    let page = f.html("fr/2025/01/le-moment/index.html");
    let byline = one(&page, "a[rel=author]");
    assert_eq!(attr(byline, "href"), "/fr/authors/claire/");
    assert_eq!(text(byline), "Claire Duval");
    let ld = one(&page, "script[type='application/ld+json']");
    let ld: serde_json::Value = serde_json::from_str(&raw_text(ld)).unwrap();
    assert_eq!(ld["author"][0]["@type"], "Person", "{ld}");
    let author_page = f.html("fr/authors/claire/index.html");
    assert!(
        select(&author_page, "a")
            .iter()
            .any(|a| attr(*a, "href") == "/fr/2025/01/le-moment/"),
        "the article is on her page"
    );
}

#[test]
fn a_corrected_standfirst_or_caption_makes_the_translation_stale() {
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/photo.png", &png(40, 30));
    let original = |summary: &str, caption: &str| {
        f.article(
            "fr/2025-01-29-le-moment.md",
            &format!(
                "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\nsummary: {summary}\nimage: photo.png\nimage_alt: Une carte\nimage_caption: {caption}"
            ),
            "Texte.\n",
        );
    };
    original("Le chapô.", "La légende.");
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\nimage_alt: A map",
        "Text.\n",
    );
    assert!(mark(&f, "en/2025-01-29-the-moment.md").status.success());
    let stale = || {
        let out = f.check(&["--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["translations"]["stale"].as_array().unwrap().len()
    };
    assert_eq!(stale(), 0);
    original("Le chapô corrigé.", "La légende.");
    assert_eq!(stale(), 1, "the standfirst counts");
    original("Le chapô.", "La légende.");
    assert_eq!(stale(), 0);
    original("Le chapô.", "La légende corrigée.");
    assert_eq!(stale(), 1, "the caption counts");
}

#[test]
fn an_article_re_dated_into_the_future_is_named_as_scheduled() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29",
        "Texte.\n",
    );
    assert!(f.build_at("2025-02-01T00:00:00Z", &[]).status.success());
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-03-01",
        "Texte.\n",
    );
    let out = f.build_at("2025-02-01T00:00:00Z", &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("content/fr/2025-01-29-le-moment.md is still there, but is now dated 2025-03-01T00:00:00+00:00, in the future, so it leaves the site until then: keep the date it was published under (`updated:` says when it changed), or build with --allow-removed-urls"),
        "{err}"
    );
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ndraft: true",
        "Texte.\n",
    );
    let err = stderr(&f.build_at("2025-02-01T00:00:00Z", &[]));
    assert!(err.contains("is now a draft (`draft: true`)"), "{err}");
}

#[test]
fn build_json_gives_translation_counts_as_numbers() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-02-01-seul.md",
        "title: Seul\ndate: 2025-02-01",
        "Texte.\n",
    );
    let out = f.build(&["--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["translations"]["fr"],
        serde_json::json!({"untranslated": 1, "stale": 0, "in_progress": 0})
    );
    assert_eq!(json["translations"]["en"]["untranslated"], 0);
}

#[test]
fn one_typography_rule_for_every_text_a_reader_sees() {
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/photo.png", &png(40, 30));
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: L'IA d'aujourd'hui\ndate: 2025-01-29\nsummary: Les modèles d'IA\ntags: [\"l'IA\"]\nimage: photo.png\nimage_alt: Le siège d'une start-up\nimage_caption: Photo d'archive\nimage_credit: Agence d'Est",
        "<p class=\"note\">Le code d'abord <code>it's</code></p>\n\nTexte d'ouverture.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\nsummary: '\"AI''s\" moment'\ntags: [\"today's AI\"]",
        "Text.\n",
    );
    f.build_ok();
    let page = f.html("fr/2025/01/le-moment/index.html");
    let h1 = text(one(&page, "h1"));
    assert_eq!(h1, "L’IA d’aujourd’hui");
    let standfirst = text(one(&page, ".standfirst"));
    assert_eq!(standfirst, "Les modèles d’IA");
    let description = attr(one(&page, "meta[name=description]"), "content");
    assert_eq!(description, "Les modèles d’IA");
    assert_eq!(text(one(&page, "p.note")), "Le code d’abord it's");
    assert_eq!(
        text(one(&page, "p.note code")),
        "it's",
        "code stays as written"
    );
    let figcaption = text(one(
        &page,
        "header figcaption, .lead-image figcaption, figure figcaption",
    ));
    assert!(figcaption.contains("Photo d’archive"), "{figcaption}");
    assert!(figcaption.contains("Agence d’Est"), "{figcaption}");
    assert_eq!(
        attr(one(&page, "picture img"), "alt"),
        "Le siège d’une start-up"
    );
    let tags: Vec<String> = select(&page, "a[rel=tag]").into_iter().map(text).collect();
    assert_eq!(tags, ["l’IA"]);
    let tag_page = f.html("fr/tags/l-ia/index.html");
    assert_eq!(text(one(&tag_page, "h1")), "l’IA");

    let en = f.html("en/2025/01/the-moment/index.html");
    assert_eq!(text(one(&en, ".standfirst")), "“AI’s” moment");
    let tags: Vec<String> = select(&en, "a[rel=tag]").into_iter().map(text).collect();
    assert_eq!(tags, ["today’s AI"]);
}

#[test]
fn text_in_another_language_carries_its_lang() {
    let site = BILINGUAL.replace(
        "[languages.en]\n",
        "[languages.en]\nuntranslated = \"list\"\n",
    );
    let f = Fixture::new(&site);
    f.write_bytes("content/fr/2025-01-29-carte/carte.png", &png(60, 40));
    f.article(
        "fr/2025-01-29-carte/index.md",
        "title: La carte\ndate: 2025-01-29\ntranslation: en/2025-01-29-map.md\nimage: carte.png\nimage_alt: Une carte\nimage_credit: \"Infographie : Gazette\"",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-29-map.md",
        "title: The map\ndate: 2025-01-29\ntranslation: fr/2025-01-29-carte/index.md\nimage_alt: A map",
        "Text.\n",
    );
    f.write_bytes("content/fr/2025-02-01-seul/photo.png", &png(60, 40));
    f.article(
        "fr/2025-02-01-seul/index.md",
        "title: Seul\ndate: 2025-02-01\nimage: photo.png\nimage_alt: Une photo\ntags: [Politique]",
        "Texte.\n",
    );
    f.build_ok();
    let en = f.html("en/2025/01/map/index.html");
    let credit = one(&en, ".credit [lang]");
    assert_eq!(attr(credit, "lang"), "fr");
    assert_eq!(
        raw_text(credit),
        "Infographie\u{202f}: Gazette",
        "set in French"
    );
    let fr = f.html("fr/2025/01/carte/index.html");
    assert!(
        select(&fr, ".credit [lang]").is_empty(),
        "the original's own credit is in its language"
    );

    let home = f.html("en/index.html");
    let french_card = select(&home, "article.card")
        .into_iter()
        .find(|c| text(*c).contains("Seul"))
        .expect("the French-only card is listed");
    let img = french_card
        .select(&scraper::Selector::parse("img").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        (attr(img, "alt"), attr(img, "lang")),
        ("Une photo".into(), "fr".into())
    );
    let kicker = french_card
        .select(&scraper::Selector::parse(".kicker a").unwrap())
        .next()
        .unwrap();
    assert_eq!(attr(kicker, "lang"), "fr");
    let english_card = select(&home, "article.card")
        .into_iter()
        .find(|c| text(*c).contains("The map"))
        .unwrap();
    let img = english_card
        .select(&scraper::Selector::parse("img").unwrap())
        .next()
        .unwrap();
    assert_eq!(img.value().attr("lang"), None);
}

const ORIGINAL: &str = "Premier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième paragraphe.\n\nQuatrième paragraphe.\n\nCinquième paragraphe.\n";

#[test]
fn the_desk_shows_which_paragraphs_of_the_original_changed_since_the_translation() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\nsummary: Le chapô.",
        ORIGINAL,
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\nsummary: The standfirst.",
        "One.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n",
    );
    assert!(mark(&f, "en/2025-01-29-the-moment.md").status.success());
    let status = || {
        let root = f.root().to_str().unwrap();
        let out = gazette(&["status", "--root", root, "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(
        status()["languages"][1]["stale"].as_array().unwrap().len(),
        0
    );

    // Three places: the second paragraph changed, one added after the
    // third, the fifth removed; the standfirst corrected.
    let edited = ORIGINAL
        .replace("Deuxième paragraphe.", "Deuxième paragraphe, corrigé.")
        .replace(
            "Troisième paragraphe.\n",
            "Troisième paragraphe.\n\nUn paragraphe ajouté.\n",
        )
        .replace("\n\nCinquième paragraphe.\n", "\n");
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\nsummary: Le chapô corrigé.",
        &edited,
    );
    let json = status();
    let stale = &json["languages"][1]["stale"][0];
    assert_eq!(stale["source"], "en/2025-01-29-the-moment.md");
    assert_eq!(stale["original"], "fr/2025-01-29-le-moment.md");
    let changes: Vec<(String, String, u64, String)> = stale["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["field"].as_str().unwrap_or("").to_string(),
                c["paragraph"].as_u64().unwrap(),
                c["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect =
        |k: &str, f: &str, p: u64, t: &str| (k.to_string(), f.to_string(), p, t.to_string());
    assert_eq!(
        changes,
        [
            expect("changed", "summary", 0, "Le chapô corrigé."),
            expect("changed", "", 2, "Deuxième paragraphe, corrigé."),
            expect("new", "", 4, "Un paragraphe ajouté."),
            expect("removed", "", 5, ""),
        ]
    );

    // The same in the terminal.
    let root = f.root().to_str().unwrap();
    let terminal = stdout(&gazette(&["status", "--root", root]));
    for line in [
        "== into English (en): 1 to do",
        "  out of date (1)",
        "    The moment (en/2025-01-29-the-moment.md)",
        "      from Le moment (fr/2025-01-29-le-moment.md)",
        "      changed summary: Le chapô corrigé.",
        "      changed ¶2: Deuxième paragraphe, corrigé.",
        "      new ¶4: Un paragraphe ajouté.",
        "      removed after ¶5",
        "      next: gazette mark-translated en/2025-01-29-the-moment.md",
    ] {
        assert!(
            terminal.contains(&format!("{line}\n")),
            "{line:?} in:\n{terminal}"
        );
    }

    // And on the dev server's desk, in the site's first language.
    let (child, url) = spawn_serve(&f, &[]);
    let _server = KillOnDrop(child);
    let body = ureq::get(&format!("{url}_gazette/translations/"))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    let doc = scraper::Html::parse_document(&body);
    let changes: Vec<String> = select(&doc, "#desk-en .desk-stale .desk-change")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        changes,
        [
            "Modifié · chapô Le chapô corrigé.",
            "Modifié · paragraphe 2 Deuxième paragraphe, corrigé.",
            "Nouveau · paragraphe 4 Un paragraphe ajouté.",
            "Supprimé · après le paragraphe 5",
        ]
    );
    let quotes = select(&doc, "#desk-en blockquote");
    assert!(quotes.len() == 3 && quotes.iter().all(|q| attr(*q, "lang") == "fr"));

    // Marked again: up to date, nothing left on the desk.
    assert!(mark(&f, "en/2025-01-29-the-moment.md").status.success());
    assert_eq!(
        status()["languages"][1]["stale"].as_array().unwrap().len(),
        0
    );
}

#[test]
fn the_desk_puts_the_most_urgent_first() {
    let f = Fixture::bilingual();
    for (day, title) in [("05", "Ancien"), ("20", "Récent"), ("10", "Milieu")] {
        f.article(
            &format!("fr/2025-01-{day}-{}.md", title.to_lowercase()),
            &format!("title: {title}\ndate: 2025-01-{day}"),
            "Texte.\n",
        );
    }
    let root = f.root().to_str().unwrap();
    let out = gazette(&["status", "--root", root, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let titles: Vec<&str> = json["languages"][1]["untranslated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Récent", "Milieu", "Ancien"]);
    assert_eq!(json["languages"][1]["untranslated"][0]["words"], 1);
}

#[test]
fn translate_starts_a_draft_holding_the_original_linked_both_ways() {
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/2025-01-29-carte/carte.png", &png(60, 40));
    f.article(
        "fr/2025-01-29-carte/index.md",
        "title: La carte d'Europe\ndate: 2025-01-29\nsummary: Le chapô.\nimage: carte.png\nimage_alt: Une carte\nimage_caption: La légende",
        "Voir ![la carte](carte.png) et [l'autre](../2025-01-01-autre.md).\n\nSecond paragraphe.\n",
    );
    f.article(
        "fr/2025-01-01-autre.md",
        "title: Autre\ndate: 2025-01-01",
        "Texte.\n",
    );
    let root = f.root().to_str().unwrap();
    let out = gazette(&[
        "translate",
        "content/fr/2025-01-29-carte/index.md",
        "--to",
        "en",
        "--root",
        root,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stub = std::fs::read_to_string(f.root().join("content/en/2025-01-29-carte.md")).unwrap();
    for expected in [
        "title: La carte d'Europe\n",
        "translation: fr/2025-01-29-carte/index.md\n",
        "translated_from: fr/2025-01-29-carte/index.md\n",
        "summary: Le chapô.\n",
        "image_alt: Une carte\n",
        "image_caption: La légende\n",
        "draft: true\n",
        "![la carte](../fr/2025-01-29-carte/carte.png)",
        "[l'autre](../fr/2025-01-29-carte/../2025-01-01-autre.md)",
        "Second paragraphe.",
    ] {
        assert!(stub.contains(expected), "{expected:?} in:\n{stub}");
    }
    let original =
        std::fs::read_to_string(f.root().join("content/fr/2025-01-29-carte/index.md")).unwrap();
    assert!(
        original.contains("translation: en/2025-01-29-carte.md\n"),
        "{original}"
    );
    // The draft previews whole; the build leaves it out.
    let out = f.build(&["--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.html("en/2025/01/carte/index.html");
    assert!(!select(&page, "img[src*='carte']").is_empty());
    f.build_ok();
    assert!(!f.out().join("en/2025/01/carte").exists());
    let status = stdout(&gazette(&["status", "--root", root]));
    assert!(status.contains("in progress (1)"), "{status}");
    // Twice: refused, nothing overwritten.
    let out = gazette(&[
        "translate",
        "fr/2025-01-29-carte/index.md",
        "--to",
        "en",
        "--root",
        root,
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already has a version in `en`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_ld_has_no_empty_description() {
    let f = Fixture::new(ALIAS_SITE);
    f.article(
        "fr/2025-01-29-code.md",
        "title: Du code\ndate: 2025-01-29",
        "```sh\ngazette build\n```\n",
    );
    f.build_ok();
    let ld = |rel: &str| {
        let page = f.html(rel);
        let script = one(&page, "script[type='application/ld+json']");
        serde_json::from_str::<serde_json::Value>(&raw_text(script)).unwrap()
    };
    let article = ld("fr/2025/01/code/index.html");
    assert_eq!(article["headline"], "Du code");
    assert!(article.get("description").is_none(), "{article}");
    let home = ld("fr/index.html");
    assert!(home.get("description").is_none(), "{home}");
    // With text, it is there.
    f.article(
        "fr/2025-01-29-code.md",
        "title: Du code\ndate: 2025-01-29",
        "Un paragraphe.\n",
    );
    f.build_ok();
    assert_eq!(
        ld("fr/2025/01/code/index.html")["description"],
        "Un paragraphe."
    );
}

#[test]
fn a_link_to_an_article_that_became_a_folder_says_where_it_is() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-01-29-moment/index.md",
        "title: Le moment\ndate: 2025-01-29",
        "Texte.\n",
    );
    f.article(
        "fr/2025-02-01-suite.md",
        "title: La suite\ndate: 2025-02-01",
        "Voir [le moment](2025-01-29-moment/) et [ici](2025-01-29-moment/#fin).\n",
    );
    f.build_ok();
    let page = f.html("fr/2025/02/suite/index.html");
    let hrefs: Vec<String> = select(&page, "article a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert!(
        hrefs.contains(&"/blog/fr/2025/01/moment/".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/blog/fr/2025/01/moment/#fin".to_string()),
        "{hrefs:?}"
    );

    f.article(
        "fr/2025-02-01-suite.md",
        "title: La suite\ndate: 2025-02-01",
        "Voir [le moment](2025-01-29-moment.md).\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("link to `2025-01-29-moment.md`: no article content/fr/2025-01-29-moment.md; it is now content/fr/2025-01-29-moment/index.md (a folder): link to `2025-01-29-moment/index.md`"),
        "{err}"
    );
}

const SECTIONS: &str = r#"
[sections.tech]
fr = "Tech"
en = "Tech"

[sections.economie]
fr = "Économie"
en = "Economy"
"#;

/// The pair in « Économie » and another pair in « Tech »: each declared
/// section has an article in both languages (an empty one has no page and
/// no menu entry there).
fn in_sections(f: &Fixture) {
    for path in [
        "content/fr/2025-01-29-le-moment.md",
        "content/en/2025-01-29-the-moment.md",
    ] {
        let path = f.root().join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("tags:", "section: economie\ntags:")).unwrap();
    }
    f.article(
        "fr/2025-01-30-puces.md",
        "title: Les puces\ndate: 2025-01-30\nsection: tech\ntranslation: en/2025-01-30-chips.md",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-30-chips.md",
        "title: Chips\ndate: 2025-01-30\nsection: tech\ntranslation: fr/2025-01-30-puces.md",
        "Text.\n",
    );
}

/// The masthead's links, as (label, href, aria-current).
fn masthead(doc: &scraper::Html) -> Vec<(String, String, String)> {
    select(doc, "nav.sections a")
        .into_iter()
        .map(|a| {
            let current = a.value().attr("aria-current").unwrap_or("").to_string();
            (text(a), attr(a, "href"), current)
        })
        .collect()
}

#[test]
fn declared_sections_are_in_the_masthead_in_their_order_and_a_menu_can_place_them() {
    let f = Fixture::new(&format!("{BILINGUAL}{SECTIONS}"));
    pair(&f);
    in_sections(&f);
    f.build_ok();
    let home = masthead(&f.html("fr/index.html"));
    let labels: Vec<&str> = home.iter().map(|(l, _, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["Accueil", "Tech", "Économie", "Thèmes"],
        "{home:?}"
    );
    assert_eq!(home[2].1, "/blog/fr/economie/");
    let en = masthead(&f.html("en/index.html"));
    assert_eq!(
        en[2],
        ("Economy".into(), "/blog/en/economy/".into(), String::new())
    );
    // Where the reader is: the section's listing, or an article of it.
    let listing = masthead(&f.html("fr/economie/index.html"));
    assert_eq!(listing[2].2, "page", "{listing:?}");
    let article = masthead(&f.html("fr/2025/01/le-moment/index.html"));
    assert_eq!(article[2].2, "true", "{article:?}");

    // A language whose menu names a section places them itself, by id,
    // name or slug; the others keep the default.
    f.write(
        "site.toml",
        &format!(
            "{BILINGUAL}{SECTIONS}\n[[languages.fr.menu]]\nname = \"L’économie\"\nsection = \"Économie\"\n"
        ),
    );
    f.build_ok();
    let fr = masthead(&f.html("fr/index.html"));
    let labels: Vec<&str> = fr.iter().map(|(l, _, _)| l.as_str()).collect();
    assert_eq!(labels, ["Accueil", "Thèmes", "L’économie"], "{fr:?}");
    assert_eq!(fr[2].1, "/blog/fr/economie/");
    assert_eq!(masthead(&f.html("en/index.html")).len(), 4);

    // An unknown section: its line, and the id meant.
    f.write(
        "site.toml",
        &format!(
            "{BILINGUAL}{SECTIONS}\n[[languages.fr.menu]]\nname = \"Éco\"\nsection = \"econmie\"\n"
        ),
    );
    let err = f.build_err();
    let line = format!("{BILINGUAL}{SECTIONS}").lines().count() + 2;
    assert!(
        err.contains(&format!("site.toml:{line}: the menu entry `Éco`: unknown section `econmie`: did you mean `economie`?")),
        "{err}"
    );

    // Turned off for the whole site.
    f.write(
        "site.toml",
        &format!("section_menu = false\n{BILINGUAL}{SECTIONS}"),
    );
    f.build_ok();
    assert_eq!(masthead(&f.html("fr/index.html")).len(), 2);
}

#[test]
fn a_menu_url_that_leads_nowhere_is_one_error_on_its_line_in_build_and_check() {
    let menu = "\n[[languages.fr.menu]]\nname = \"Archives\"\nurl = \"/fr/archives/\"\n\n[[languages.fr.menu]]\nname = \"Thèmes\"\nurl = \"/fr/tags\"\n";
    let f = Fixture::new(&format!("{BILINGUAL}{menu}"));
    pair(&f);
    let before = {
        std::fs::write(f.root().join("site.toml"), BILINGUAL).unwrap();
        f.build_ok();
        f.write("site.toml", &format!("{BILINGUAL}{menu}"));
        tree(&f.out())
    };
    let err = f.build_err();
    let line = BILINGUAL.lines().count() + 2;
    assert!(
        err.contains(&format!(
            "site.toml:{line}: the menu entry `Archives` leads to /blog/fr/archives/, which no page of the site serves"
        )),
        "{err}"
    );
    assert_eq!(err.matches("archives").count(), 1, "{err}");
    // `/fr/tags` (a folder, as hosts serve it) is fine.
    assert!(!err.contains("`Thèmes`"), "{err}");
    assert_eq!(tree(&f.out()), before, "nothing published is lost");

    let out = f.check(&[]);
    assert!(!out.status.success());
    let report = stdout(&out);
    assert_eq!(report.matches("/blog/fr/archives/").count(), 1, "{report}");
    assert!(report.contains("check: 1 error"), "{report}");
}

#[test]
fn author_labels_follow_the_setting_and_listings_describe_themselves() {
    let f = Fixture::new(&format!(
        "{BILINGUAL}{SECTIONS}\n[authors.claire]\nname = \"Claire Duval\"\ngender = \"feminine\"\n\n[authors.tom]\nname = \"Tom Becker\"\ngender = \"masculine\"\n\n[authors.sam]\nname = \"Sam Roux\"\nbio.fr = \"Sam Roux couvre l’énergie.\"\n"
    ));
    pair(&f);
    in_sections(&f);
    f.build_ok();
    let kicker = |rel: &str| text(one(&f.html(rel), ".author-header .kicker"));
    assert_eq!(kicker("fr/authors/claire/index.html"), "Autrice");
    assert_eq!(kicker("fr/authors/tom/index.html"), "Auteur");
    assert_eq!(kicker("fr/authors/sam/index.html"), "Signature");
    assert_eq!(kicker("en/authors/claire/index.html"), "Author");

    let description = |rel: &str| attr(one(&f.html(rel), "meta[name=description]"), "content");
    assert_eq!(
        description("fr/economie/index.html"),
        "Le Journal\u{a0}: tous les articles de la rubrique Économie."
    );
    assert_eq!(
        description("en/economy/index.html"),
        "The Journal: every article of the Economy section."
    );
    assert_eq!(
        description("fr/tags/chine/index.html"),
        "Le Journal\u{a0}: tous les articles sur le thème «\u{202f}Chine\u{202f}»."
    );
    assert_eq!(
        description("fr/authors/sam/index.html"),
        "Sam Roux couvre l’énergie."
    );
    assert_eq!(
        description("en/authors/sam/index.html"),
        "The Journal: every article by Sam Roux."
    );
    assert_eq!(description("fr/index.html"), "Les nouvelles");

    // A gender nobody can read is refused, on its line.
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[authors.claire]\nname = \"Claire Duval\"\ngender = \"f\"\n"),
    );
    let err = f.build_err();
    assert!(err.contains("unknown variant `f`"), "{err}");
}

#[test]
fn the_404_page_has_the_navigation_the_footer_and_headed_latest_news() {
    let f = Fixture::new(&format!(
        "{BILINGUAL}{SECTIONS}\n[[languages.fr.menu]]\nname = \"À propos\"\npage = \"fr/a-propos.md\"\n"
    ));
    pair(&f);
    in_sections(&f);
    f.article("fr/a-propos.md", "title: À propos", "Qui nous sommes.\n");
    f.build_ok();
    let doc = f.html("404.html");
    let nav: Vec<String> = select(&doc, "header nav.sections a")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(nav, ["Accueil", "Tech", "Économie", "Thèmes", "À propos"]);
    assert_eq!(
        attr(one(&doc, "footer .footer-menu a"), "href"),
        "/blog/fr/a-propos/"
    );
    assert_eq!(
        attr(one(&doc, "footer a.subscribe"), "href"),
        "https://example.org/blog/fr/atom.xml"
    );
    let headings: Vec<String> = select(&doc, "main h1, main h2, main h3")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        headings,
        [
            "Page introuvable",
            "À la une",
            "Page not found",
            "Latest news"
        ]
    );
}

#[test]
fn check_agrees_with_build_and_a_bad_article_never_hides_the_rest() {
    let f = Fixture::bilingual();
    pair(&f);
    // A weekly column: same title, same slug, different months.
    for (month, day) in [("02", "03"), ("03", "03")] {
        f.article(
            &format!("fr/2025-{month}-{day}-la-revue-de-presse.md"),
            &format!("title: La revue de presse\ndate: 2025-{month}-{day}"),
            "Les titres de la semaine.\n",
        );
    }
    f.build_ok();
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("== same titles (1 note)"), "{report}");
    assert!(report.contains("== same slugs (1 note)"), "{report}");

    // Two pages on one URL: build's error, and check's.
    f.article(
        "fr/2025-03-20-autre.md",
        "title: Autre\ndate: 2025-03-20\nslug: la-revue-de-presse",
        "Texte.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("2025-03-20-autre.md:4: this article and"),
        "{err}"
    );
    let report = stdout(&f.check(&[]));
    assert!(
        report.contains("2025-03-20-autre.md:4: this article and"),
        "{report}"
    );
    std::fs::remove_file(f.root().join("content/fr/2025-03-20-autre.md")).unwrap();

    // A broken article and a broken link elsewhere: both in one run.
    f.article(
        "fr/2025-04-01-casse.md",
        "title: Cassé\ndate: 2025-13-01",
        "Texte.\n",
    );
    f.article(
        "fr/2025-04-02-liens.md",
        "title: Liens\ndate: 2025-04-02",
        "Voir [ailleurs](/fr/nulle-part/).\n",
    );
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(!out.status.success());
    assert!(report.contains("2025-04-01-casse.md:3:"), "{report}");
    assert!(
        report.contains(
            "2025-04-02-liens.md:5: link /blog/fr/nulle-part/ leads to no file of the site"
        ),
        "{report}"
    );
    assert!(report.contains("check: 2 errors"), "{report}");
}

#[test]
fn an_unclosed_front_matter_and_a_wrong_back_pointer_are_named_where_they_are() {
    let f = Fixture::bilingual();
    f.write(
        "content/fr/2025-01-02-un.md",
        "---\ntitle: Un\ndate: 2025-01-02\n\nPremier paragraphe, avec une virgule: et deux-points.\n\n---\n\nSuite.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains(
            "2025-01-02-un.md:5: the front matter opened on line 1 is not closed before the text"
        ),
        "{err}"
    );
    assert!(err.contains("add a `---` line after line 3"), "{err}");
    std::fs::remove_file(f.root().join("content/fr/2025-01-02-un.md")).unwrap();

    // fr/deux → en/one, but en/one's back-pointer names fr/trois, which
    // says nothing: en/one's line is the mistake.
    f.article(
        "fr/2025-01-02-deux.md",
        "title: Deux\ndate: 2025-01-02\ntranslation: en/2025-01-02-one.md",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-02-one.md",
        "title: One\ndate: 2025-01-02\ntags: [x]\ntranslation: fr/2025-01-02-trois.md",
        "Text.\n",
    );
    f.article(
        "fr/2025-01-02-trois.md",
        "title: Trois\ndate: 2025-01-02",
        "Texte.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("en/2025-01-02-one.md:5: `translation: fr/2025-01-02-trois.md` names a version that does not name this file back, while `fr/2025-01-02-deux.md`"),
        "{err}"
    );
    // When fr/trois does name en/one back, that pair stands: fr/deux is wrong.
    f.article(
        "fr/2025-01-02-trois.md",
        "title: Trois\ndate: 2025-01-02\ntranslation: en/2025-01-02-one.md",
        "Texte.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("fr/2025-01-02-deux.md:4: translation `en/2025-01-02-one.md`"),
        "{err}"
    );
    assert!(
        err.contains("is the translation of `fr/2025-01-02-trois.md`"),
        "{err}"
    );
}

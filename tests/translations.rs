//! The translation workflow: `gazette new`, stale and missing translations,
//! `gazette mark-translated`, `gazette check` (text and JSON), and French
//! typography in the built pages.

mod common;

use common::*;

fn run(f: &Fixture, args: &[&str]) -> std::process::Output {
    gazette(&[args, &["--root", f.root().to_str().unwrap()]].concat())
}

fn check_json(f: &Fixture) -> (bool, serde_json::Value) {
    let out = run(f, &["check", "--format", "json"]);
    let json =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    (out.status.success(), json)
}

#[test]
fn new_creates_an_article_and_its_linked_translation_stub() {
    let f = Fixture::bilingual();
    let out = run(
        &f,
        &["new", "L'IA: un « moment » clé?", "--translate-to", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let fr = format!("content/fr/{today}-l-ia-un-moment-cle.md");
    let en = format!("content/en/{today}-l-ia-un-moment-cle.md");
    let fr_text = std::fs::read_to_string(f.root().join(&fr)).unwrap();
    let en_text = std::fs::read_to_string(f.root().join(&en)).unwrap();
    assert!(
        fr_text.contains(&format!("translation: en/{today}-l-ia-un-moment-cle.md")),
        "{fr_text}"
    );
    assert!(
        en_text.contains(&format!("translation: fr/{today}-l-ia-un-moment-cle.md")),
        "{en_text}"
    );
    // The stub is a draft; it records no fingerprint until the translator
    // marks it translated (one recorded from the still-empty original would
    // report it stale as soon as the original is written).
    assert!(
        en_text.contains("draft: true") && !en_text.contains("source_fingerprint"),
        "{en_text}"
    );
    // Valid front matter: the site builds, and with drafts the stub's switch points back.
    let out = f.build(&["--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = f.html(&format!(
        "fr/{}/{}/l-ia-un-moment-cle/index.html",
        &today[..4],
        &today[5..7]
    ));
    // Titles get the same smart punctuation and typography as bodies.
    assert_eq!(
        raw_text(one(&page, "h1")),
        "L’IA\u{202f}: un «\u{202f}moment\u{202f}» clé\u{202f}?"
    );
    // Never overwrites.
    std::fs::write(f.root().join(&fr), "mine").unwrap();
    let again = run(&f, &["new", "L'IA: un « moment » clé?"]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(f.root().join(&fr)).unwrap(), "mine");
    let bad = run(&f, &["new", "X", "--lang", "de"]);
    assert!(
        stderr(&bad).contains("`de` is not a language of this site"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn a_stub_is_in_progress_until_marked_and_an_original_cannot_be_marked() {
    let f = Fixture::bilingual();
    let out = run(&f, &["new", "Le moment", "--translate-to", "en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let fr = f.root().join(format!("content/fr/{today}-le-moment.md"));
    let en = f.root().join(format!("content/en/{today}-le-moment.md"));
    // The writer writes the original; the stub is in progress, not stale.
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(&fr, format!("{text}Le texte, enfin écrit.\n")).unwrap();
    let (_, json) = check_json(&f);
    assert_eq!(
        json["translations"]["stale"].as_array().unwrap().len(),
        0,
        "{json}"
    );
    assert_eq!(
        json["translations"]["in_progress"][0]["source"],
        format!("en/{today}-le-moment.md")
    );
    let build = f.build_ok();
    assert!(
        stdout(&build).contains("en 0 untranslated, 0 stale, 1 in progress"),
        "{}",
        stdout(&build)
    );
    // Marking the original is refused, naming the translation to mark.
    let out = run(&f, &["mark-translated", fr.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("is the original, not a translation"), "{err}");
    assert!(
        err.contains(&format!("gazette mark-translated {}", en.display())),
        "{err}"
    );
    assert!(
        !std::fs::read_to_string(&fr)
            .unwrap()
            .contains("source_fingerprint")
    );
    // The translator translates, publishes and marks the stub: up to date,
    // then stale once the original changes.
    let stub = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, stub.replace("draft: true\n", "") + "The text.\n").unwrap();
    assert!(
        run(&f, &["mark-translated", en.to_str().unwrap()])
            .status
            .success()
    );
    let (_, json) = check_json(&f);
    assert_eq!(
        json["translations"]["in_progress"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(json["translations"]["up_to_date"], 1);
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(&fr, text.replace("enfin écrit", "réécrit")).unwrap();
    let (_, json) = check_json(&f);
    assert_eq!(
        json["translations"]["stale"][0]["source"],
        format!("en/{today}-le-moment.md")
    );
}

#[test]
fn stale_translations_are_reported_until_marked_again() {
    let f = Fixture::bilingual();
    pair(&f);
    let en = f.root().join("content/en/2025-01-29-the-moment.md");
    let out = run(&f, &["mark-translated", en.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&en)
            .unwrap()
            .contains("source_fingerprint: ")
    );
    let (ok, json) = check_json(&f);
    assert!(ok, "{json}");
    assert_eq!(json["translations"]["stale"].as_array().unwrap().len(), 0);
    assert_eq!(json["translations"]["up_to_date"], 1);
    // Front matter only changes do not make it stale.
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\ntags: [autre]",
        "Premier paragraphe.\n\n## Suite\n\nTexte.\n",
    );
    assert_eq!(
        check_json(&f).1["translations"]["stale"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // The original's text changes: the translation is stale.
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\nupdated: 2025-02-03\ntranslation: en/2025-01-29-the-moment.md",
        "Premier paragraphe, corrigé.\n",
    );
    let out = run(&f, &["check"]);
    assert!(
        out.status.success(),
        "stale is a note, not an error: {}",
        stdout(&out)
    );
    let text_report = stdout(&out);
    assert!(
        text_report.contains("== stale translations (en) (1 note)"),
        "{text_report}"
    );
    assert!(
        text_report.contains("content/en/2025-01-29-the-moment.md: stale: the original fr/2025-01-29-le-moment.md changed on 2025-02-03"),
        "{text_report}"
    );
    let (_, json) = check_json(&f);
    assert_eq!(
        json["translations"]["stale"][0]["source"],
        "en/2025-01-29-the-moment.md"
    );
    assert_eq!(
        json["translations"]["stale"][0]["original_changed"],
        "2025-02-03"
    );
    let build = f.build_ok();
    assert!(
        stdout(&build)
            .contains("translations: fr 0 untranslated, 0 stale; en 0 untranslated, 1 stale"),
        "{}",
        stdout(&build)
    );
    let page = f.html("en/2025/01/the-moment/index.html");
    assert!(text(one(&page, ".stale-notice")).contains("may be out of date"));
    assert!(select(&f.html("fr/2025/01/le-moment/index.html"), ".stale-notice").is_empty());
    // Marked up to date again.
    assert!(
        run(&f, &["mark-translated", en.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(
        check_json(&f).1["translations"]["stale"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    f.build_ok();
    assert!(select(&f.html("en/2025/01/the-moment/index.html"), ".stale-notice").is_empty());
}

#[test]
fn missing_translations_are_listed_per_language() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article("fr/seul.md", "title: Seul\ndate: 2025-02-01", "x");
    f.article("en/alone.md", "title: Alone\ndate: 2025-02-01", "x");
    let out = run(&f, &["check"]);
    let report = stdout(&out);
    assert!(
        report.contains("== untranslated (fr) (1 note)\n")
            && report.contains("content/fr/seul.md: no translation in en"),
        "{report}"
    );
    assert!(
        report.contains("content/en/alone.md: no translation in fr"),
        "{report}"
    );
    let build = f.build_ok();
    assert!(
        stdout(&build)
            .contains("translations: fr 1 untranslated, 0 stale; en 1 untranslated, 0 stale")
    );
}

#[test]
fn broken_pairs_fail_the_check() {
    let f = Fixture::bilingual();
    f.article(
        "fr/a.md",
        "title: A\ndate: 2025-01-01\ntranslation: en/missing.md",
        "x",
    );
    let (ok, json) = check_json(&f);
    assert!(!ok);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["findings"][0]["category"], "broken translation pairs");
    assert_eq!(json["findings"][0]["line"], 4);
}

#[test]
fn check_finds_each_class_of_problem_in_the_rendered_site() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/liens.md",
        "title: Liens\ndate: 2025-02-01",
        "Intro.\n\n[nulle part](/fr/nulle-part/)\n\n[ancre](2025-01-29-le-moment.md#absente)\n\n![image](/img/absente.png)\n\n[bonne ancre](2025-01-29-le-moment.md#suite)\n",
    );
    f.article(
        "fr/doublon-1.md",
        "title: Même titre\ndate: 2025-02-02",
        "x",
    );
    f.article(
        "fr/doublon-2.md",
        "title: Même titre\ndate: 2025-02-03",
        "x",
    );
    f.article("en/s1.md", "title: S1\ndate: 2025-02-02\nslug: same", "x");
    f.article("en/s2.md", "title: S2\ndate: 2025-03-02\nslug: same", "x");
    // A theme override that leaks English UI text into every page and lists a
    // non-reciprocal alternate.
    f.write(
        "templates/tags.html",
        "<!doctype html><html lang=\"{{ lang }}\"><head><title>t</title><link rel=\"canonical\" href=\"{{ canonical }}\">\
         <link rel=\"alternate\" hreflang=\"{{ lang }}\" href=\"{{ canonical }}\">\
         <link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/blog/en/\"></head>\
         <body><p>Read in English</p></body></html>",
    );
    let out = run(&f, &["check"]);
    assert!(!out.status.success());
    let report = stdout(&out);
    for expected in [
        "== broken links (1 error)\n",
        "content/fr/liens.md:7: link /blog/fr/nulle-part/ leads to no file of the site",
        "== broken anchors (1 error)\n",
        "content/fr/liens.md:9: link /blog/fr/2025/01/le-moment/#absente: no id `absente` on that page",
        "== missing images (1 error)\n",
        "content/fr/liens.md:11: image /blog/img/absente.png leads to no file of the site",
        "== same titles (1 note)\n",
        "content/fr/doublon-1.md:2: same title as",
        "== same slugs (1 note)\n",
        "content/en/s1.md:4: same slug as",
        "== language alternates (2 errors)\n",
        "<output>/fr/tags/index.html: alternate en https://example.org/blog/en/ does not list this page back",
        "== wrong-language UI strings (1 error)\n",
        "<output>/fr/tags/index.html: this fr page shows the en UI string `read_in`",
    ] {
        assert!(
            report.contains(expected),
            "missing `{expected}` in:\n{report}"
        );
    }
    assert!(
        !report.contains("#suite"),
        "a good anchor is not reported:\n{report}"
    );
}

#[test]
fn external_links_are_fetched_only_when_asked() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let mut s = stream.unwrap();
            let mut buf = [0; 1024];
            let n = s.read(&mut buf).unwrap_or(0);
            let status = if String::from_utf8_lossy(&buf[..n]).starts_with("GET /ok") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/ext.md",
        "title: Ext\ndate: 2025-02-01",
        &format!("[ok](http://{addr}/ok) et [mort](http://{addr}/dead)\n"),
    );
    let out = run(&f, &["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    let out = run(&f, &["check", "--external"]);
    assert!(!out.status.success());
    let report = stdout(&out);
    assert!(
        report.contains(&format!(
            "content/fr/ext.md:5: external link http://{addr}/dead: answered 404"
        )),
        "{report}"
    );
    assert!(!report.contains("/ok:"), "{report}");
}

#[test]
fn french_pages_get_french_typography_and_english_pages_do_not() {
    let f = Fixture::bilingual();
    f.article(
        "fr/typo.md",
        "title: \"Quoi? Vraiment!\"\ndate: 2025-02-01\nsummary: \"Un résumé: court\"\ntranslation: en/typo.md",
        "Il a dit \"bonjour\" : voir `a:b?` et <https://exemple.fr/x?y=1>.\n",
    );
    f.article(
        "en/typo.md",
        "title: \"What? Really!\"\ndate: 2025-02-01\ntranslation: fr/typo.md",
        "He said \"hello\": see.\n",
    );
    f.build_ok();
    let fr = f.html("fr/2025/02/typo/index.html");
    assert_eq!(raw_text(one(&fr, "h1")), "Quoi\u{202f}? Vraiment\u{202f}!");
    let body: String = one(&fr, ".article-body p").html();
    assert!(
        body.contains("Il a dit «\u{202f}bonjour\u{202f}»\u{202f}: voir <code>a:b?</code>"),
        "{body}"
    );
    assert!(body.contains(">https://exemple.fr/x?y=1</a>"), "{body}");
    let card = f.html("fr/index.html");
    assert_eq!(
        raw_text(one(&card, ".card .summary")),
        "Un résumé\u{202f}: court"
    );
    let en = f.html("en/2025/02/typo/index.html");
    assert_eq!(text(one(&en, "h1")), "What? Really!");
    assert!(
        one(&en, ".article-body p")
            .html()
            .contains("He said “hello”: see.")
    );
}

#[test]
fn the_example_site_passes_its_own_check() {
    let out = gazette(&["check", "--root", env!("CARGO_MANIFEST_DIR")]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

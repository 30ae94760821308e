//! Safe authoring (issue "Safe authoring"): a typo never publishes, the
//! YAML mistakes writers make get plain messages, template mistakes name
//! their file and line once, a folder that is not a site says so, and the
//! preview marks drafts.

mod common;

use common::*;

#[test]
fn a_typo_in_a_key_never_publishes_and_suggests_the_key() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let before = tree(&f.out());
    f.article(
        "fr/brouillon.md",
        "title: Brouillon\ndate: 2025-02-01\ndraf: true\nsumary: Un résumé\nsource: AFP",
        "Pas prêt.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/fr/brouillon.md:4: unknown key `draf`: did you mean `draft`?"),
        "{err}"
    );
    assert!(
        err.contains("content/fr/brouillon.md:5: unknown key `sumary`: did you mean `summary`?"),
        "{err}"
    );
    assert!(
        err.contains("content/fr/brouillon.md:6: unknown key `source`")
            && err.contains("under `extra:`"),
        "{err}"
    );
    assert_eq!(tree(&f.out()), before, "nothing published");
    // The site's own data has its place, and templates see it.
    f.article(
        "fr/brouillon.md",
        "title: Brouillon\ndate: 2025-02-01\ndraft: true\nextra:\n  source: AFP",
        "Pas prêt.\n",
    );
    f.write(
        "templates/article.html",
        "<!doctype html><html lang=\"{{ lang }}\"><title>{{ title }}</title><p class=source>{{ page.extra.source | default(value='') }}</p></html>",
    );
    f.build(&["--drafts"]);
    assert_eq!(
        text(one(&f.html("fr/2025/02/brouillon/index.html"), ".source")),
        "AFP"
    );
}

#[test]
fn a_french_colon_in_a_title_says_to_quote_it() {
    let f = Fixture::bilingual();
    f.article(
        "fr/a.md",
        "title: Semi-conducteurs : la course\ndate: 2025-02-01",
        "x",
    );
    f.article("fr/b.md", "title: Le #1 du marché\ndate: 2025-02-01", "x");
    f.article("fr/c.md", "title: @elonmusk rachète\ndate: 2025-02-01", "x");
    let err = f.build_err();
    assert!(
        err.contains("content/fr/a.md:2: the value of `title` holds `: `")
            && err.contains("put the value in quotes, `title: \"Semi-conducteurs : la course\"`"),
        "{err}"
    );
    assert!(
        err.contains("content/fr/b.md:2: `title` was cut at `#`"),
        "{err}"
    );
    assert!(
        err.contains("content/fr/c.md:2: the value of `title` starts with `@`"),
        "{err}"
    );
}

#[test]
fn template_mistakes_name_their_file_and_line_once() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article("fr/b.md", "title: B\ndate: 2025-02-01", "x");
    let builtin = |name: &str| {
        std::fs::read_to_string(format!(
            "{}/themes/gazette/templates/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    f.write(
        "templates/tags.html",
        &builtin("tags.html").replace("{{ t.all_tags }}", "{{ t.all_tags | uper }}"),
    );
    let err = f.build_err();
    assert!(
        err.contains("templates/tags.html:4: template error: Unknown filter `uper`"),
        "{err}"
    );
    assert!(!err.contains("error: :"), "{err}");
    f.write(
        "templates/tags.html",
        &builtin("tags.html").replace("{% endblock main %}", "{% endblok main %}"),
    );
    let err = f.build_err();
    assert!(
        err.contains("templates/tags.html:11:") && err.contains("`{% endblok main %}`"),
        "{err}"
    );
    std::fs::remove_file(f.root().join("templates/tags.html")).unwrap();
    f.write(
        "templates/article.html",
        &builtin("article.html").replace("{{ page.title_html | safe }}", "{{ page.titel }}"),
    );
    let err = f.build_err();
    assert_eq!(
        err.matches("Field `titel` is not defined").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("templates/article.html:13: rendering") && err.contains("and 2 other pages"),
        "{err}"
    );
}

#[test]
fn a_folder_without_site_toml_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    for command in ["build", "check", "serve"] {
        let out = gazette(&[command, "--root", root]);
        assert!(!out.status.success(), "{command} must fail");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("no site.toml in {root}"))
                && err.contains("--root")
                && err.contains("gazette init"),
            "{command}: {err}"
        );
    }
}

#[test]
fn the_preview_marks_drafts_and_the_build_never_does() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/brouillon.md",
        "title: Brouillon\ndate: 2025-02-01\ndraft: true",
        "x",
    );
    f.build(&["--drafts"]);
    let page = f.html("fr/2025/02/brouillon/index.html");
    assert!(select(&page, ".draft-notice").is_empty(), "never in build");
    let (child, url) = spawn_serve(&f, &[]);
    let server = KillOnDrop(child);
    let body = ureq::get(&format!("{url}fr/2025/02/brouillon/"))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    let published = ureq::get(&format!("{url}fr/2025/01/le-moment/"))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    drop(server);
    let page = scraper::Html::parse_document(&body);
    assert!(
        text(one(&page, ".draft-notice")).starts_with("Brouillon"),
        "{body}"
    );
    assert!(select(&scraper::Html::parse_document(&published), ".draft-notice").is_empty());
}

#[test]
fn fenced_code_is_highlighted_with_classes_and_unknown_languages_stay_plain() {
    let f = Fixture::bilingual();
    f.article(
        "fr/code.md",
        "title: Code\ndate: 2025-02-01",
        "Voici :\n\n```rust\nfn main() { let x: u8 = 1; }\n```\n\n```klingon\nqaStaH nuq?\n```\n\n    indenté: oui?\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/code/index.html");
    let blocks = select(&doc, "pre.code code");
    assert_eq!(blocks.len(), 3);
    assert_eq!(attr(blocks[0], "class"), "language-rust");
    assert!(!select(&doc, "pre.code code.language-rust span.hl-keyword").is_empty());
    assert_eq!(
        raw_text(blocks[0]).trim_end(),
        "fn main() { let x: u8 = 1; }"
    );
    assert_eq!(
        raw_text(blocks[1]).trim_end(),
        "qaStaH nuq?",
        "plain, and no French typography in code"
    );
    assert!(select(&doc, "pre.code code.language-klingon span").is_empty());
    assert_eq!(raw_text(blocks[2]).trim_end(), "indenté: oui?");
    let css = f.stylesheet();
    assert!(css.contains(".hl-keyword") && css.contains("prefers-color-scheme: dark"));
}

/// The translation desk of the dev server, never in `gazette build`.
#[test]
fn the_translation_desk_lists_the_work_and_follows_saves() {
    let f = Fixture::bilingual();
    pair(&f);
    // A stale translation: marked against an older text of its original.
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\nsource_fingerprint: 0000000000000000",
        "First paragraph.\n",
    );
    f.article(
        "fr/seul.md",
        "title: Seul\ndate: 2025-02-01\ntranslation: en/stub.md",
        "Texte.",
    );
    f.article(
        "en/stub.md",
        "title: Stub\ndate: 2025-02-01\ntranslation: fr/seul.md\ndraft: true",
        "",
    );
    f.article("fr/autre.md", "title: Autre\ndate: 2025-02-02", "Texte.");
    f.build_ok();
    assert!(!f.out().join("_gazette").exists(), "never in build");
    let (child, url) = spawn_serve(&f, &[]);
    let _server = KillOnDrop(child);
    let desk = || {
        let body = ureq::get(&format!("{url}_gazette/translations/"))
            .call()
            .unwrap()
            .into_body()
            .read_to_string()
            .unwrap();
        scraper::Html::parse_document(&body)
    };
    let items = |doc: &scraper::Html, sel: &str| -> Vec<String> {
        select(doc, sel).into_iter().map(text).collect()
    };
    let doc = desk();
    // The work is listed under the language it goes into, in the site's
    // first language's strings.
    assert_eq!(text(one(&doc, "h1")), "Bureau des traductions");
    let untranslated = items(&doc, "#desk-en .desk-untranslated li");
    assert_eq!(untranslated.len(), 1, "{untranslated:?}");
    assert!(
        untranslated[0].starts_with("Autre fr/autre.md")
            && untranslated[0].contains("gazette translate content/fr/autre.md --to en"),
        "{untranslated:?}"
    );
    let progress = items(&doc, "#desk-en .desk-in-progress li");
    assert!(
        progress[0].contains("Stub en/stub.md de Seul fr/seul.md"),
        "{progress:?}"
    );
    assert!(
        progress[0].contains("gazette mark-translated en/stub.md"),
        "{progress:?}"
    );
    let stale = items(&doc, "#desk-en .desk-stale li");
    assert!(
        stale[0].contains(
            "The moment en/2025-01-29-the-moment.md de Le moment fr/2025-01-29-le-moment.md"
        ) && stale[0].contains("original modifié le"),
        "{stale:?}"
    );
    let links: Vec<String> = select(&doc, "#desk-en .desk-stale .desk-titles a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(links, ["/en/2025/01/the-moment/", "/fr/2025/01/le-moment/"]);
    // A save updates it.
    f.article(
        "en/autre.md",
        "title: Other\ndate: 2025-02-02\ntranslation: fr/autre.md",
        "Text.",
    );
    let mut updated = false;
    for _ in 0..100 {
        if items(&desk(), "#desk-en .desk-untranslated li").is_empty() {
            updated = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(updated, "the desk follows saves");
}

#[test]
fn build_errors_show_the_source_line_and_come_as_json_on_request() {
    let f = Fixture::bilingual();
    f.article("fr/a.md", "title: A\ndate: 2025-31-01", "x");
    let err = f.build_err();
    let lines: Vec<&str> = err.lines().collect();
    let at = lines.iter().position(|l| l.ends_with("content/fr/a.md:3: `2025-31-01` is not a date: write YYYY-MM-DD, or a date and time such as 2025-01-29T08:30:00+01:00 (without a zone, the site's time_zone applies)")).expect(&err);
    assert!(
        lines[at..]
            .iter()
            .any(|l| l.ends_with("3 | date: 2025-31-01")),
        "{err}"
    );
    assert!(
        lines[at..]
            .iter()
            .any(|l| l.trim_start().starts_with("| ^^^^")),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "no colour when piped");
    let out = f.build(&["--format", "json"]);
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["diagnostics"][0]["line"], 3);
    assert!(
        json["diagnostics"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("content/fr/a.md")
    );
    f.article("fr/a.md", "title: A\ndate: 2025-01-31", "x");
    let out = f.build(&["--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (json["errors"].as_u64(), json["pages"]["fr"].as_u64()),
        (Some(0), Some(4)),
        "the article, the home, the tag index, the search page"
    );
}

#[test]
fn the_navigation_marks_where_the_reader_is() {
    let f = Fixture::new(&format!("paginate = 1\n{BILINGUAL}"));
    pair(&f);
    f.article("fr/b.md", "title: B\ndate: 2025-02-01\ntags: [IA]", "x");
    f.build_ok();
    let current = |rel: &str| -> Vec<(String, String)> {
        select(&f.html(rel), ".sections a[aria-current]")
            .into_iter()
            .map(|a| (text(a), attr(a, "aria-current")))
            .collect()
    };
    assert_eq!(
        current("fr/index.html"),
        [("Accueil".to_string(), "page".to_string())]
    );
    assert_eq!(
        current("fr/page/2/index.html"),
        [("Accueil".to_string(), "true".to_string())]
    );
    assert_eq!(
        current("fr/tags/index.html"),
        [("Thèmes".to_string(), "page".to_string())]
    );
    assert_eq!(
        current("fr/tags/ia/index.html"),
        [("Thèmes".to_string(), "true".to_string())]
    );
    assert!(current("fr/2025/02/b/index.html").is_empty());
    // Subscribing is in the footer, in words readers know.
    let home = f.html("fr/index.html");
    assert_eq!(
        text(one(&home, ".site-footer a.subscribe")),
        "S’abonner (RSS)"
    );
    assert_eq!(
        attr(one(&home, "link[rel=icon]"), "href"),
        "/blog/favicon.svg"
    );
    assert_eq!(
        attr(one(&home, "meta[name=theme-color]"), "content"),
        "#b3261e"
    );
}

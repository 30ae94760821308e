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
        err.contains("templates/article.html:9: rendering") && err.contains("and 2 other pages"),
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
    let (mut child, url) = spawn_serve(&f, &[]);
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
    let _ = child.kill();
    let _ = child.wait();
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
    let css = f.read("style.css");
    assert!(css.contains(".hl-keyword") && css.contains("prefers-color-scheme: dark"));
}

//! Bad input: every class gets a message naming the file (and line), a
//! non-zero exit, all content errors of a run together, and the previous
//! output left exactly as it was.

mod common;

use common::*;

#[test]
fn malformed_yaml_points_at_the_article_line() {
    fails_keeping_output(
        |f| {
            f.write(
                "content/fr/bad.md",
                "---\ntitle: Bad\ndate: 2025-01-01\ntags: [a, b\nauthor: x\n---\nBody\n",
            );
        },
        &["content/fr/bad.md:", "invalid front matter"],
    );
    let f = Fixture::bilingual();
    f.write(
        "content/fr/bad.md",
        "---\ntitle: Bad\ndate: 2025-01-01\nauthor: [x\n---\nBody\n",
    );
    let err = f.build_err();
    let line: usize = err
        .split("content/fr/bad.md:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line in {err}"));
    assert!(
        (4..=5).contains(&line),
        "YAML error on article line 4 or 5, got {line}: {err}"
    );
}

#[test]
fn missing_and_invalid_fields_name_their_line() {
    fails_keeping_output(
        |f| {
            f.write(
                "content/fr/no-title.md",
                "---\ndate: 2025-01-01\n---\nBody\n",
            );
            f.write(
                "content/fr/bad-date.md",
                "---\ntitle: T\nauthor: A\ndate: 29/01/2025\n---\nBody\n",
            );
            f.write("content/en/no-front.md", "Just text\n");
        },
        &[
            "content/fr/no-title.md:1: front matter needs a non-empty `title`",
            "content/fr/bad-date.md:4: `29/01/2025` is not a date",
            "content/en/no-front.md:1: an article must start with a `---` line",
            "3 errors",
        ],
    );
}

#[test]
fn broken_pairs_name_both_files() {
    fails_keeping_output(
        |f| {
            f.article(
                "fr/a.md",
                "title: A\ndate: 2025-01-01\ntranslation: en/missing.md",
                "x",
            );
            f.article(
                "fr/b.md",
                "title: B\ndate: 2025-01-01\ntranslation: fr/a.md",
                "x",
            );
            f.article(
                "fr/c.md",
                "title: C\ndate: 2025-01-01\ntranslation: en/d.md",
                "x",
            );
            f.article(
                "en/d.md",
                "title: D\ndate: 2025-01-01\ntranslation: fr/a.md",
                "x",
            );
        },
        &[
            "content/fr/a.md:4: translation `en/missing.md` does not exist",
            "content/fr/b.md:4: translation `fr/a.md` is in the same language",
            // fr/a.md does not name en/d.md back: d's line holds the mistake.
            "content/en/d.md:4: `translation: fr/a.md` names a version that does not name this file back, while `fr/c.md` (",
            "fr/c.md) does: write `translation: fr/c.md`",
        ],
    );
}

#[test]
fn two_articles_on_one_url_is_an_error_naming_both() {
    fails_keeping_output(
        |f| {
            f.article("fr/x.md", "title: X\ndate: 2025-01-01\nslug: same", "x");
            f.article("fr/y.md", "title: Y\ndate: 2025-01-02\nslug: same", "x");
            f.article("fr/z.md", "title: Z\ndate: 2025-01-03\nslug: Same", "x");
        },
        &[
            "content/fr/y.md",
            "content/fr/x.md have the same URL: /blog/fr/2025/01/same/",
            "differ only by letter case",
        ],
    );
}

#[test]
fn a_slug_that_would_escape_the_output_is_refused() {
    fails_keeping_output(
        |f| {
            f.article(
                "fr/evil.md",
                "title: X\ndate: 2025-01-01\nslug: ../../../etc",
                "x",
            );
        },
        &["content/fr/evil.md:4: slug `../../../etc` is not a single safe URL segment"],
    );
}

#[test]
fn invalid_utf8_names_file_and_line() {
    fails_keeping_output(
        |f| {
            f.write_bytes(
                "content/fr/latin1.md",
                b"---\ntitle: Caf\xe9\ndate: 2025-01-01\n---\n",
            );
        },
        &["content/fr/latin1.md:2: not valid UTF-8"],
    );
}

#[test]
fn a_link_to_a_missing_article_names_file_and_line() {
    fails_keeping_output(
        |f| {
            f.article(
                "fr/liens.md",
                "title: L\ndate: 2025-01-01",
                "Intro.\n\nVoir [ceci](2024-05-01-absent.md).\n",
            );
        },
        &[
            "content/fr/liens.md:7: link to `2024-05-01-absent.md`: no article content/fr/2024-05-01-absent.md",
        ],
    );
}

#[test]
fn template_errors_name_the_template_and_line() {
    fails_keeping_output(
        |f| {
            f.write("templates/tags.html", "<p>\n{{ t.all_tags }\n</p>");
        },
        &["templates/tags.html:2:"],
    );
    fails_keeping_output(
        |f| {
            f.write(
                "templates/tags.html",
                "<p>\n{{ no_such_variable.field }}\n</p>",
            );
        },
        // One mistake failing the tag index of both languages is reported once.
        &[
            "templates/tags.html:2:",
            "rendering en/tags/index.html and 1 other page",
        ],
    );
}

#[test]
fn unknown_theme_and_bad_site_toml_are_reported() {
    fails_keeping_output(
        |f| {
            f.write(
                "site.toml",
                &BILINGUAL.replace(
                    "default_language = \"fr\"",
                    "default_language = \"fr\"\ntheme = \"nope\"",
                ),
            );
        },
        &["site.toml:4: unknown theme `nope`"],
    );
    fails_keeping_output(
        |f| {
            f.write("site.toml", &BILINGUAL.replace("base_url", "base_ur"));
        },
        &["site.toml:2:", "base_ur"],
    );
    fails_keeping_output(
        |f| {
            f.write(
                "site.toml",
                &BILINGUAL.replace("default_language = \"fr\"", "default_language = \"de\""),
            );
        },
        &["site.toml:3: default_language `de` has no [languages.de] table"],
    );
}

/// A date pattern chrono cannot write (`%Q`) or an unknown locale is one
/// error at its own line of the language's table, the build stopping before anything is
/// published (it panicked in the middle of the render); the language still
/// stands, so nothing else is reported as naming a language the site lacks.
#[test]
fn a_bad_date_pattern_or_locale_is_one_error_on_its_language() {
    for (setting, expected) in [
        (
            "date_format = \"%-d %Q %Y\"",
            "site.toml:8: [languages.fr]: date_format `%-d %Q %Y` is not a date pattern",
        ),
        (
            "locale = \"fr_XX\"",
            "site.toml:8: [languages.fr]: unknown locale `fr_XX`",
        ),
    ] {
        let err = fails_keeping_output(
            |f| {
                let toml = BILINGUAL.replace(
                    "title = \"Le Journal\"",
                    &format!("title = \"Le Journal\"\n{setting}"),
                );
                f.write("site.toml", &toml);
            },
            &[expected, "1 error in the site's sources"],
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn articles_outside_a_language_folder_are_reported() {
    fails_keeping_output(
        |f| {
            f.article("de/x.md", "title: X\ndate: 2025-01-01", "x");
        },
        &["content/de/x.md: articles go under content/<lang>/ where <lang> is one of: fr, en"],
    );
}

#[test]
fn output_that_is_not_a_built_site_is_not_wiped() {
    let f = Fixture::bilingual();
    pair(&f);
    f.write("public/notes.txt", "precious");
    let err = f.build_err();
    assert!(err.contains("does not look like a built site"), "{err}");
    assert_eq!(
        std::fs::read_to_string(f.out().join("notes.txt")).unwrap(),
        "precious"
    );
    let out = f.build(&["--output", f.root().join("content").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("would overwrite the site's sources"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_ref_to_an_article_with_its_own_error_reports_that_error_only() {
    let f = Fixture::bilingual();
    f.write(
        "content/fr/casse.md",
        "---\ntitle: [pas fermé\ndate: 2025-01-01\n---\nx\n",
    );
    f.article(
        "fr/renvoi.md",
        "title: Renvoi\ndate: 2025-01-02",
        "Voir {{< ref \"casse.md\" >}} et [là](casse.md), pas {{< ref \"https://example.org/x\" >}}.\n",
    );
    let err = f.build_err();
    assert!(err.contains("content/fr/casse.md:2"), "{err}");
    assert!(!err.contains("is not an article"), "{err}");
    assert!(
        err.contains(
            "`https://example.org/x` is a URL: `ref` and `relref` take the path of an article"
        ),
        "{err}"
    );
    assert!(err.contains("2 errors"), "{err}");
}

/// A bad setting of `[images]` or `[search]` is reported at its own line,
/// not at the table's header (a long table is read line by line).
#[test]
fn a_bad_table_setting_points_at_its_own_line() {
    for (table, expected) in [
        (
            "[images]\nwebp = true\nquality = 0\n",
            "site.toml:17: [images]: quality must be between 1 and 100",
        ),
        (
            "[images]\nwidths = [480]\nsocial_width = 9000\n",
            "site.toml:17: [images]: widths and social_width must be between 16 and 8192",
        ),
        (
            "[images]\nmax_megapixels = 0\n",
            "site.toml:16: [images]: max_megapixels must be between 1 and 268",
        ),
        (
            "[search]\nenabled = true\n\nmax_fragments = 0\n",
            "site.toml:18: [search] max_fragments must be at least 1",
        ),
    ] {
        fails_keeping_output(
            |f| {
                f.write("site.toml", &format!("{BILINGUAL}\n{table}"));
            },
            &[expected, "1 error in the site's sources"],
        );
    }
}

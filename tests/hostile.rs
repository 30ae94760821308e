//! Hostile and odd input: each case on a fixture site. Bad input gets a clear
//! message naming the file, a non-zero exit and the previous output intact;
//! odd but valid input (a BOM, CRLF, a huge article) just works.

mod common;

use common::*;

#[test]
fn yaml_alias_bombs_are_refused_without_expanding() {
    let mut yaml = String::from(
        "---\ntitle: Bombe\ndate: 2025-01-01\nx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "x{i}: &x{i} [*x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}]\n"
        ));
    }
    yaml.push_str("---\nCorps.\n");
    fails_keeping_output(
        |f| {
            f.write("content/fr/bombe.md", &yaml);
        },
        &["content/fr/bombe.md"],
    );
}

#[test]
fn deeply_nested_front_matter_is_refused_not_a_crash() {
    let depth = 20_000;
    let yaml = format!(
        "---\ntitle: Profond\ndate: 2025-01-01\nx: {}{}\n---\nCorps.\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    fails_keeping_output(
        |f| {
            f.write("content/fr/profond.md", &yaml);
        },
        &["content/fr/profond.md"],
    );
}

#[test]
fn a_50_mb_article_builds() {
    let f = Fixture::bilingual();
    let paragraph =
        "A long dispatch sentence about chips, models and markets. ".repeat(20) + "\n\n";
    let mut body = String::with_capacity(51 << 20);
    while body.len() < 50 << 20 {
        body.push_str(&paragraph);
    }
    body.push_str("The very last words.\n");
    f.article("en/huge.md", "title: Huge\ndate: 2025-01-01", &body);
    f.build_ok();
    let page = f.read("en/2025/01/huge/index.html");
    assert!(page.len() > 50 << 20);
    assert!(page.contains("The very last words."));
}

#[test]
fn nul_bytes_are_refused_naming_the_line() {
    fails_keeping_output(
        |f| {
            f.write_bytes(
                "content/fr/nul.md",
                b"---\ntitle: \"a\0b\"\ndate: 2025-01-01\n---\nx\n",
            );
        },
        &["content/fr/nul.md:2: contains a NUL byte"],
    );
    fails_keeping_output(
        |f| {
            f.write_bytes(
                "content/en/nul.md",
                b"---\ntitle: Nul\ndate: 2025-01-01\n---\nbefore\n\nbefore\0after\n",
            );
        },
        &["content/en/nul.md:7: contains a NUL byte"],
    );
}

#[test]
fn invalid_utf8_is_refused_naming_the_line() {
    fails_keeping_output(
        |f| {
            f.write_bytes(
                "content/en/bad.md",
                b"---\ntitle: Bad\ndate: 2025-01-01\n---\nok\n\xff\xfe\n",
            );
        },
        &["content/en/bad.md:6: not valid UTF-8"],
    );
}

#[test]
fn a_bom_and_crlf_line_endings_just_work() {
    let f = Fixture::bilingual();
    f.write_bytes(
        "content/fr/windows.md",
        "\u{feff}---\r\ntitle: Écrit sous Windows\r\ndate: 2025-01-01\r\ntags: [IA]\r\n---\r\nPremier paragraphe.\r\n\r\nSecond.\r\n".as_bytes(),
    );
    f.build_ok();
    let doc = f.html("fr/2025/01/windows/index.html");
    assert_eq!(text(one(&doc, "h1")), "Écrit sous Windows");
    assert!(!f.read("fr/2025/01/windows/index.html").contains('\r'));
    assert_eq!(text(select(&doc, "a[href$='/tags/ia/']")[0]), "IA");
}

#[test]
fn empty_files_are_refused() {
    fails_keeping_output(
        |f| {
            f.write("content/fr/vide.md", "");
        },
        &["content/fr/vide.md:1", "---"],
    );
    fails_keeping_output(
        |f| {
            f.write("site.toml", "");
        },
        &["site.toml"],
    );
}

#[test]
fn a_title_full_of_html_and_quotes_is_escaped_everywhere() {
    let f = Fixture::bilingual();
    let title = r#"<script>alert("x")</script> & 'quotes' </title><b>"#;
    f.article(
        "en/evil.md",
        &format!(
            "title: '{}'\ndate: 2025-01-01\ntags: [\"<i>tag</i>\"]\nsummary: '{}'",
            title.replace('\'', "''"),
            title.replace('\'', "''")
        ),
        "Body.\n",
    );
    f.build_ok();
    let page = f.read("en/2025/01/evil/index.html");
    let doc = scraper::Html::parse_document(&page);
    assert!(
        select(&doc, "script:not([type='application/ld+json'])")
            .iter()
            .all(|s| !raw_text(*s).contains("alert")),
        "no script injected"
    );
    // In the JSON-LD the title is data: it parses back whole.
    let ld = raw_text(one(&doc, "script[type='application/ld+json']"));
    assert!(!ld.contains("</"), "{ld}");
    let ld: serde_json::Value = serde_json::from_str(&ld).unwrap();
    assert_eq!(ld["headline"], title);
    assert!(select(&doc, "b").is_empty(), "no element injected");
    assert_eq!(text(one(&doc, "h1")), title);
    assert!(raw_text(one(&doc, "title")).starts_with(title));
    // The summary is prose: smart punctuation, still escaped.
    let typeset = "<script>alert(“x”)</script> & ‘quotes’ </title><b>";
    assert_eq!(
        attr(one(&doc, "meta[name=description]"), "content"),
        typeset
    );
    for rel in ["en/index.html", "en/tags/index.html"] {
        let doc = f.html(rel);
        assert!(
            select(&doc, "b").is_empty() && select(&doc, "i").is_empty(),
            "{rel}"
        );
    }
    let feed = f.read("en/atom.xml");
    let xml = roxmltree::Document::parse(&feed).expect("the feed stays well-formed");
    let entry_title = xml
        .descendants()
        .find(|n| n.has_tag_name("title") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
        .unwrap();
    assert_eq!(entry_title.text(), Some(title));
    roxmltree::Document::parse(&f.read("sitemap.xml")).expect("the sitemap stays well-formed");
    let root = f.html("index.html");
    for s in select(&root, "script") {
        assert!(
            !raw_text(s).contains("</"),
            "JSON in a script never closes it"
        );
    }
}

#[test]
fn javascript_urls_are_refused() {
    fails_keeping_output(
        |f| {
            f.article(
                "en/js.md",
                "title: JS\ndate: 2025-01-01",
                "Click [here](javascript:alert(1)).\n",
            );
        },
        &["content/en/js.md:5", "javascript:"],
    );
    fails_keeping_output(
        |f| {
            f.article(
                "en/js.md",
                "title: JS\ndate: 2025-01-01\nslug: 'javascript:alert(1)'",
                "x\n",
            );
        },
        &["content/en/js.md", "slug"],
    );
    fails_keeping_output(
        |f| {
            f.article(
                "en/js.md",
                "title: JS\ndate: 2025-01-01\ntranslation: 'javascript:alert(1)'",
                "x\n",
            );
        },
        &["content/en/js.md", "does not exist"],
    );
}

#[test]
fn nfc_and_nfd_forms_of_one_name_are_one_url_and_refused() {
    fails_keeping_output(
        |f| {
            f.article("fr/caf\u{e9}.md", "title: Un\ndate: 2025-01-01", "x\n");
            f.article("fr/cafe\u{301}.md", "title: Deux\ndate: 2025-01-01", "y\n");
        },
        &["caf\u{e9}.md", "cafe\u{301}.md", "same URL"],
    );
}

#[test]
fn urls_differing_only_by_case_are_refused() {
    fails_keeping_output(
        |f| {
            f.article("en/a.md", "title: A\ndate: 2025-01-01\nslug: Story", "x\n");
            f.article("en/b.md", "title: B\ndate: 2025-01-01\nslug: story", "y\n");
        },
        &["content/en/a.md", "content/en/b.md", "letter case"],
    );
}

#[test]
#[cfg(unix)]
fn symlinks_in_content_are_refused_loops_and_escapes_alike() {
    use std::os::unix::fs::symlink;
    fails_keeping_output(
        |f| {
            symlink("/etc/passwd", f.root().join("content/en/passwd.md")).unwrap();
        },
        &["content/en/passwd.md", "symbolic link"],
    );
    fails_keeping_output(
        |f| {
            symlink("..", f.root().join("content/en/loop")).unwrap();
        },
        &["content/en/loop", "symbolic link"],
    );
}

#[test]
fn templates_that_recurse_or_loop_without_end_are_refused() {
    fails_keeping_output(
        |f| {
            f.write("templates/article.html", "{% include \"article.html\" %}");
        },
        &["templates/article.html", "Circular include"],
    );
    fails_keeping_output(
        |f| {
            f.write(
                "templates/article.html",
                "{% component again(n) %}{{ <again n={n+1}/> }}{% endcomponent again %}{{ <again n={0}/> }}",
            );
        },
        &["templates/article.html", "recursion depth"],
    );
    fails_keeping_output(
        |f| {
            f.write(
                "templates/article.html",
                "{% for i in range(end=1000000000000) %}{{ i }}{% endfor %}",
            );
        },
        &["templates/article.html:1", "exceeds the limit"],
    );
}

/// Runs `gazette build` as the unprivileged user `nobody` (the tests may run
/// as root, whom file permissions do not stop).
#[cfg(unix)]
fn build_as_nobody(f: &Fixture) -> std::process::Output {
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    let mut command = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_gazette"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
    };
    command
        .args(["build", "--root"])
        .arg(f.root())
        .output()
        .expect("run gazette (as nobody through setpriv, from util-linux, when root)")
}

#[cfg(unix)]
fn open_to_nobody(f: &Fixture) {
    use std::os::unix::fs::PermissionsExt;
    for e in walkdir::WalkDir::new(f.root()).into_iter().flatten() {
        let mode = if e.file_type().is_dir() { 0o777 } else { 0o666 };
        std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
#[cfg(unix)]
fn an_unreadable_article_and_an_unwritable_output_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let before = tree(&f.out());
    open_to_nobody(&f);
    let secret = f.root().join("content/fr/2025-01-29-le-moment.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = build_as_nobody(&f);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert!(
        err.contains("content/fr/2025-01-29-le-moment.md") && err.contains("ermission denied"),
        "{err}"
    );
    assert_eq!(tree(&f.out()), before);
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o666)).unwrap();
    // The site folder, where the new output is staged, is now read-only.
    std::fs::set_permissions(f.root(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = build_as_nobody(&f);
    let err = stderr(&out);
    std::fs::set_permissions(f.root(), std::fs::Permissions::from_mode(0o777)).unwrap();
    assert!(!out.status.success());
    assert!(
        err.contains(&f.out().display().to_string())
            || err.contains(&f.root().display().to_string()),
        "{err}"
    );
    assert!(err.contains("ermission denied"), "{err}");
    assert_eq!(tree(&f.out()), before);
}

#[test]
fn markup_in_structured_data_never_swallows_the_page_and_check_sees_a_broken_one() {
    let f = Fixture::bilingual();
    f.article(
        "en/2025-01-29-x.md",
        "title: \"A </script> title\"\ndate: 2025-01-29\ntags: [\"<!--<script>\"]\nauthor: \"<!--<script>\"",
        "The body.\n",
    );
    f.build_ok();
    let doc = f.html("en/2025/01/x/index.html");
    // Read as browsers do: the body is all there.
    assert!(
        !select(&doc, "main article").is_empty(),
        "the body survived"
    );
    assert!(!select(&doc, "footer").is_empty());
    let ld = one(&doc, r#"script[type="application/ld+json"]"#);
    let json: serde_json::Value = serde_json::from_str(&raw_text(ld)).unwrap();
    assert_eq!(json["headline"], "A </script> title");
    // (Smart punctuation makes `--` a dash in a tag name.)
    let tag = json["keywords"][0].as_str().unwrap();
    assert!(tag.starts_with("<!") && tag.ends_with("<script>"), "{tag}");
    // The byline is as written: the very string that broke pages.
    assert_eq!(json["author"][0]["name"], "<!--<script>", "{json}");
    assert!(f.check(&[]).status.success());

    // A theme whose head leaves a comment-and-script open: check fails.
    f.write(
        "templates/page.html",
        "<!doctype html><html lang=\"{{ lang }}\"><head><title>x</title><script><!--<script></script></head><body><p>x</p></body></html>",
    );
    f.article("en/about.md", "title: About", "About us.\n");
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(!out.status.success(), "{report}");
    assert!(report.contains("== broken pages"), "{report}");
    assert!(
        report.contains("the page's body is empty as browsers read it"),
        "{report}"
    );
}

#[test]
fn aliases_that_hosts_read_as_patterns_or_that_spoof_are_refused_on_their_line() {
    let long = "x".repeat(300);
    for (alias, expected) in [
        ("/*", "holds `*`, which hosts read as a pattern"),
        ("/:lang/*", "holds `:`, which hosts read as a pattern"),
        ("/fr/old!/", "holds `!`"),
        (long.as_str(), "is too long for a file path"),
        (
            "/fr/\u{202E}gpj.exe/",
            "holds the invisible character U+202E",
        ),
        (
            "/fr/ancien\u{200B}/",
            "holds the invisible character U+200B",
        ),
        (
            "/FR/2025/01/LE-MOMENT/",
            "differs from a published page (fr/2025/01/le-moment/index.html) only by letter case",
        ),
    ] {
        fails_keeping_output(
            |f| {
                f.article(
                    "fr/2025-01-29-le-moment.md",
                    &format!("title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\naliases: [\"{alias}\"]"),
                    "Texte.\n",
                );
            },
            &["content/fr/2025-01-29-le-moment.md:5:", expected],
        );
    }
    fails_keeping_output(
        |f| {
            f.article(
                "fr/2025-01-30-x.md",
                "title: X\ndate: 2025-01-30\nslug: \"pay\u{202E}lp\"",
                "Texte.\n",
            );
        },
        &[
            "content/fr/2025-01-30-x.md:4:",
            "holds the invisible character U+202E",
        ],
    );
}

#[test]
fn raw_html_and_shortcodes_cannot_link_to_script_urls() {
    for (html, scheme) in [
        ("<a href=\"javascript:alert(1)\">x</a>", "javascript"),
        ("<a href=\"&#106;avascript:alert(1)\">x</a>", "javascript"),
        ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", "javascript"),
        ("<iframe src=\"vbscript:msgbox(1)\"></iframe>", "vbscript"),
        (
            "<object data=\"x\"><a href=\"data:text/html,<script>alert(1)</script>\">x</a></object>",
            "data",
        ),
        (
            "{{< figure src=\"javascript:alert(1)\" alt=\"x\" >}}",
            "javascript",
        ),
    ] {
        fails_keeping_output(
            |f| {
                f.article(
                    "fr/2025-02-01-x.md",
                    "title: X\ndate: 2025-02-01",
                    &format!("Texte.\n\n{html}\n"),
                );
            },
            &[
                "content/fr/2025-02-01-x.md:",
                &format!("link to a `{scheme}:` URL"),
            ],
        );
    }
}

#[test]
fn damaged_images_of_every_format_give_errors_never_panics() {
    // A deterministic little fuzz run (the fuzz target `image` runs the
    // same path for as long as one likes, on nightly): real files of each
    // format, truncated and with bytes flipped at many places.
    let mut png = Vec::new();
    image::RgbaImage::from_fn(40, 30, |x, y| {
        image::Rgba([x as u8 * 6, y as u8 * 8, 90, 255])
    })
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    let mut jpeg = Vec::new();
    image::RgbImage::from_fn(40, 30, |x, y| image::Rgb([x as u8 * 6, y as u8 * 8, 90]))
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let mut gif = Vec::new();
    image::RgbaImage::from_pixel(8, 8, image::Rgba([200, 10, 10, 255]))
        .write_to(&mut std::io::Cursor::new(&mut gif), image::ImageFormat::Gif)
        .unwrap();
    let mut cases = 0;
    for (name, good) in [("x.png", &png), ("x.jpg", &jpeg), ("x.gif", &gif)] {
        assert!(
            gazette::images::encode::from_bytes(name, good, 16).is_ok(),
            "{name}"
        );
        let mut seed = 0x9E37_79B9_u32;
        for cut in (0..good.len()).step_by(7) {
            let _ = gazette::images::encode::from_bytes(name, &good[..cut], 16);
            let mut flipped = good.clone();
            for _ in 0..3 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let at = seed as usize % flipped.len();
                flipped[at] ^= (seed >> 8) as u8 | 1;
            }
            let _ = gazette::images::encode::from_bytes(name, &flipped, 16);
            let _ = gazette::images::gif::strip_metadata(&flipped);
            cases += 2;
        }
    }
    assert!(cases > 200, "{cases}");
}

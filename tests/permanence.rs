//! URLs that never break: aliases publish redirects (pages and a
//! `_redirects` file), and `published-urls.txt` makes a build that would
//! drop a published URL fail until an alias covers it.

mod common;

use common::*;

fn front_with(f: &Fixture, extra: &str) {
    f.article(
        "fr/2025-01-29-le-moment.md",
        &format!(
            "title: Le « moment » & la suite\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\ntags: [IA, Chine]\n{extra}"
        ),
        "Premier paragraphe.\n",
    );
}

#[test]
fn aliases_publish_redirect_pages_and_a_redirects_file_not_in_the_sitemap() {
    let f = Fixture::bilingual();
    pair(&f);
    front_with(
        &f,
        "aliases:\n  - /fr/ancien-titre/\n  - fr/sans-barre\n  - /archives/vieux.html",
    );
    f.build_ok();
    for (file, from) in [
        ("fr/ancien-titre/index.html", "/blog/fr/ancien-titre/"),
        ("fr/sans-barre/index.html", "/blog/fr/sans-barre/"),
        ("archives/vieux.html", "/blog/archives/vieux.html"),
    ] {
        let doc = f.html(file);
        let refresh = attr(one(&doc, r#"meta[http-equiv="refresh"]"#), "content");
        assert_eq!(refresh, "0; url=/blog/fr/2025/01/le-moment/", "{file}");
        assert_eq!(
            attr(one(&doc, r#"link[rel="canonical"]"#), "href"),
            "https://example.org/blog/fr/2025/01/le-moment/"
        );
        assert_eq!(
            attr(one(&doc, r#"meta[name="robots"]"#), "content"),
            "noindex"
        );
        assert_eq!(attr(one(&doc, "html"), "lang"), "fr");
        // The title, escaped once, as the link's text.
        assert_eq!(text(one(&doc, "a")), "Le « moment » & la suite");
        assert!(
            f.read("_redirects")
                .contains(&format!("{from} /blog/fr/2025/01/le-moment/ 301\n"))
        );
    }
    let rules: Vec<String> = f
        .read("_redirects")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(String::from)
        .collect();
    assert_eq!(rules.len(), 3, "{rules:?}");
    let sitemap = f.read("sitemap.xml");
    assert!(
        !sitemap.contains("ancien") && !sitemap.contains("vieux"),
        "{sitemap}"
    );
    // Redirect pages are not pages of the site: the summary counts the same.
    let plain = Fixture::bilingual();
    pair(&plain);
    let with = stdout(&f.build_ok());
    let without = stdout(&plain.build_ok());
    let pages = |s: &str| {
        s.split("(pages:")
            .nth(1)
            .unwrap()
            .split(')')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(pages(&with), pages(&without));
    assert!(
        !plain.out().join("_redirects").exists(),
        "no aliases, no _redirects"
    );
}

#[test]
fn an_alias_on_a_real_page_or_malformed_is_an_error_on_its_line() {
    fails_keeping_output(
        |f| front_with(f, "aliases: [/en/2025/01/the-moment/]"),
        &[
            "content/fr/2025-01-29-le-moment.md:6: alias `/en/2025/01/the-moment/` is the path of a published page (en/2025/01/the-moment/index.html)",
        ],
    );
    fails_keeping_output(
        |f| front_with(f, "aliases: [/fr/tags]"),
        &[
            "content/fr/2025-01-29-le-moment.md:6: alias `/fr/tags/` is the path of a published page",
        ],
    );
    fails_keeping_output(
        |f| {
            front_with(f, "aliases: [/ancien/]");
            f.article(
                "fr/2025-02-01-autre.md",
                "title: Autre\ndate: 2025-02-01\naliases: /ancien/",
                "x\n",
            );
        },
        &[
            "alias `/ancien/` is also an alias of",
            "one old path can lead to one article only",
        ],
    );
    fails_keeping_output(
        |f| front_with(f, "aliases: [\"https://old.example.org/x/\", /fr/../en/]"),
        &[
            "le-moment.md:6: alias `https://old.example.org/x/` is a full URL",
            "le-moment.md:6: alias `/fr/../en/` must not contain `.` or `..` segments",
        ],
    );
}

fn record_lines(f: &Fixture) -> Vec<String> {
    std::fs::read_to_string(f.root().join("published-urls.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn a_build_that_drops_a_published_url_fails_until_an_alias_covers_it() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    assert_eq!(
        record_lines(&f),
        [
            "/en/2025/01/the-moment/ en/2025-01-29-the-moment.md",
            "/fr/2025/01/le-moment/ fr/2025-01-29-le-moment.md",
        ]
    );
    let before = tree(&f.out());

    // A new slug: the old URL would 404.
    front_with(&f, "slug: le-nouveau-moment");
    let err = f.build_err();
    assert!(
        err.contains("published-urls.txt:6: https://example.org/blog/fr/2025/01/le-moment/ was published (by fr/2025-01-29-le-moment.md) and would no longer be: content/fr/2025-01-29-le-moment.md is now at /blog/fr/2025/01/le-nouveau-moment/: add `aliases: [\"/fr/2025/01/le-moment/\"]` to its front matter to leave a redirect, or build with --allow-removed-urls"),
        "{err}"
    );
    assert_eq!(tree(&f.out()), before, "nothing published is lost");
    let check = f.check(&[]);
    assert!(!check.status.success());
    assert!(
        stdout(&check).contains("== removed URLs (1 error)"),
        "{}",
        stdout(&check)
    );

    // The alias the message asks for.
    front_with(
        &f,
        "slug: le-nouveau-moment\naliases: [\"/fr/2025/01/le-moment/\"]",
    );
    f.build_ok();
    let old = f.html("fr/2025/01/le-moment/index.html");
    assert_eq!(
        attr(one(&old, r#"meta[http-equiv="refresh"]"#), "content"),
        "0; url=/blog/fr/2025/01/le-nouveau-moment/"
    );
    assert_eq!(
        record_lines(&f),
        [
            "/en/2025/01/the-moment/ en/2025-01-29-the-moment.md",
            "/fr/2025/01/le-moment/ fr/2025-01-29-le-moment.md",
            "/fr/2025/01/le-nouveau-moment/ fr/2025-01-29-le-moment.md",
        ]
    );
}

#[test]
fn a_deleted_article_names_itself_and_allow_removed_urls_lets_it_go() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-02-01-brève.md",
        "title: Brève\ndate: 2025-02-01",
        "x\n",
    );
    f.build_ok();
    std::fs::remove_file(f.root().join("content/fr/2025-02-01-brève.md")).unwrap();
    let err = f.build_err();
    assert!(
        err.contains("/blog/fr/2025/02/breve/ was published (by fr/2025-02-01-brève.md) and would no longer be: content/fr/2025-02-01-brève.md is gone or unpublished"),
        "{err}"
    );
    let out = f.build(&["--allow-removed-urls"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!record_lines(&f).iter().any(|l| l.contains("breve")));
    f.build_ok();
}

#[test]
fn expiry_removes_on_purpose_and_previews_never_write_the_record() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-02-01-soldes.md",
        "title: Soldes\ndate: 2025-02-01\nexpires: 2025-03-01",
        "x\n",
    );
    assert!(f.build_at("2025-02-15T00:00:00Z", &[]).status.success());
    assert!(record_lines(&f).iter().any(|l| l.contains("soldes")));
    let out = f.build_at("2025-03-02T00:00:00Z", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!record_lines(&f).iter().any(|l| l.contains("soldes")));

    // A draft and a scheduled article in a preview build: not recorded.
    f.article(
        "fr/2025-02-02-brouillon.md",
        "title: B\ndate: 2025-02-02\ndraft: true",
        "x\n",
    );
    f.article(
        "fr/2099-01-01-plus-tard.md",
        "title: P\ndate: 2099-01-01",
        "x\n",
    );
    assert!(
        f.build_at("2025-03-02T00:00:00Z", &["--drafts", "--future"])
            .status
            .success()
    );
    let lines = record_lines(&f);
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("brouillon") || l.contains("plus-tard")),
        "{lines:?}"
    );
}

#[test]
fn the_record_can_be_turned_off_and_a_broken_one_is_an_error() {
    let f = Fixture::new(&format!("published_urls = false\n{BILINGUAL}"));
    pair(&f);
    f.build_ok();
    assert!(!f.root().join("published-urls.txt").exists());
    front_with(&f, "slug: autre");
    f.build_ok();

    let f = Fixture::bilingual();
    pair(&f);
    f.write("published-urls.txt", "# ok\nfr/sans-barre fr/x.md\n");
    let err = f.build_err();
    assert!(
        err.contains("published-urls.txt:2: `fr/sans-barre fr/x.md` is not `/URL SOURCE`"),
        "{err}"
    );
}

#[test]
fn a_clock_set_ahead_previews_without_recording_and_the_record_is_written_before_the_swap() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2099-01-01-plus-tard.md",
        "title: Plus tard\ndate: 2099-01-01",
        "Texte.\n",
    );
    // A preview of the edition of 2099: the article shows, unrecorded.
    let out = f.build_at("2099-01-02T00:00:00Z", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.out().join("fr/2099/01/plus-tard/index.html").is_file());
    let record = std::fs::read_to_string(f.root().join("published-urls.txt")).unwrap_or_default();
    assert!(!record.contains("plus-tard"), "{record}");
    // So today's build, without it, passes.
    f.build_ok();
    assert!(!f.out().join("fr/2099/01/plus-tard/index.html").exists());
    let record = std::fs::read_to_string(f.root().join("published-urls.txt")).unwrap();
    assert!(record.contains("/fr/2025/01/le-moment/"), "{record}");

    // A record that cannot be written stops the build before the new site
    // goes live: nothing is live that is not recorded.
    let before = tree(&f.out());
    f.article(
        "fr/2025-02-01-nouveau.md",
        "title: Nouveau\ndate: 2025-02-01",
        "Texte.\n",
    );
    let record = f.root().join("published-urls.txt");
    std::fs::remove_file(&record).unwrap();
    std::fs::create_dir(&record).unwrap();
    let out = f.build(&[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("published-urls.txt"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&f.out()), before, "the new article is not live");
}

#[test]
fn an_expired_article_leaving_the_record_says_so_in_a_note() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-02-01-offre.md",
        "title: Offre\ndate: 2025-02-01",
        "Texte.\n",
    );
    f.build_ok();
    f.article(
        "fr/2025-02-01-offre.md",
        "title: Offre\ndate: 2025-02-01\nexpires: 2025-03-01",
        "Texte.\n",
    );
    let out = f.build_ok();
    let report = stdout(&out);
    assert!(
        report.contains("note: ") && report.contains("2025-02-01-offre.md:4: https://example.org/blog/fr/2025/02/offre/ leaves the site: the article expired on 2025-03-01"),
        "{report}"
    );
}

#[test]
fn site_redirects_lead_old_section_urls_home_and_old_paths_to_other_sites() {
    let f = Fixture::bilingual();
    pair(&f);
    f.write(
        "site.toml",
        &format!(
            "{BILINGUAL}\n[redirects]\n\"/categories/moment.html\" = \"/fr/2025/01/le-moment/\"\n\"/presse/\" = \"https://presse.example.org/kit/\"\n"
        ),
    );
    f.build_ok();
    let doc = f.html("categories/moment.html");
    assert_eq!(
        attr(one(&doc, r#"meta[http-equiv="refresh"]"#), "content"),
        "0; url=/blog/fr/2025/01/le-moment/"
    );
    assert_eq!(
        attr(one(&doc, r#"link[rel="canonical"]"#), "href"),
        "https://example.org/blog/fr/2025/01/le-moment/"
    );
    let away = f.html("presse/index.html");
    assert_eq!(
        attr(one(&away, r#"meta[http-equiv="refresh"]"#), "content"),
        "0; url=https://presse.example.org/kit/"
    );
    assert_eq!(
        attr(one(&away, "a"), "href"),
        "https://presse.example.org/kit/"
    );
    let rules = f.read("_redirects");
    assert!(
        rules.contains("/blog/categories/moment.html /blog/fr/2025/01/le-moment/ 301\n"),
        "{rules}"
    );
    assert!(
        rules.contains("/blog/presse/ https://presse.example.org/kit/ 301\n"),
        "{rules}"
    );
    assert!(!f.read("sitemap.xml").contains("presse"));
    // A redirect where a page stands, or to nowhere usable: errors at their
    // lines of site.toml.
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[redirects]\n\"/vieux/\" = \"fr/relatif/\"\n"),
    );
    let err = f.build_err();
    assert!(
        err.contains("site.toml:16: [redirects] `/vieux/`: leads to `fr/relatif/`"),
        "{err}"
    );
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[redirects]\n\"/fr/2025/01/le-moment/\" = \"/fr/\"\n"),
    );
    let err = f.build_err();
    assert!(
        err.contains(
            "site.toml:16: [redirects] `/fr/2025/01/le-moment/` is the path of a published file"
        ),
        "{err}"
    );
}

/// A feed's old address (Hugo's `/index.xml`, Jekyll's `/feed.xml`) keeps
/// serving the feed itself: a feed reader follows no redirect page.
#[test]
fn a_feed_s_old_address_serves_the_feed() {
    let f = Fixture::bilingual();
    pair(&f);
    f.write(
        "site.toml",
        &format!(
            "{BILINGUAL}\n[redirects]\n\"/index.xml\" = \"/fr/atom.xml\"\n\"/en/feed.xml\" = \"/en/atom.xml\"\n\"/old.xml\" = \"/fr/\"\n"
        ),
    );
    f.build_ok();
    assert_eq!(f.read("index.xml"), f.read("fr/atom.xml"));
    let en = f.read("en/feed.xml");
    assert_eq!(en, f.read("en/atom.xml"));
    assert!(en.contains("<title>The moment</title>"), "{en}");
    // Hosts that read `_redirects` answer with a real redirect instead.
    let rules = f.read("_redirects");
    assert!(
        rules.contains("/blog/index.xml /blog/fr/atom.xml 301\n"),
        "{rules}"
    );
    // An old .xml path leading to a page is a redirect page as before.
    assert!(f.read("old.xml").contains("http-equiv=\"refresh\""));
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

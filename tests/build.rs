//! `gazette build` on fixture sites: the pages, links, feeds and sitemap it
//! writes, parsed, and the errors it gives on bad input.

mod common;

use common::*;

#[test]
fn pair_pages_link_to_each_other_both_ways() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let fr = f.html("fr/2025/01/le-moment/index.html");
    let en = f.html("en/2025/01/the-moment/index.html");
    let fr_switch = one(&fr, r#".lang-switch a[hreflang="en"]"#);
    assert_eq!(attr(fr_switch, "href"), "/blog/en/2025/01/the-moment/");
    assert_eq!(attr(fr_switch, "lang"), "en");
    // Its accessible name holds its visible text (axe's label-content-name-mismatch).
    assert_eq!(text(fr_switch), "EN — Read in English");
    assert_eq!(attr(fr_switch, "title"), "Read in English");
    let en_switch = one(&en, r#".lang-switch a[hreflang="fr"]"#);
    assert_eq!(attr(en_switch, "href"), "/blog/fr/2025/01/le-moment/");
    assert_eq!(attr(en_switch, "lang"), "fr");
    assert_eq!(attr(one(&fr, "html"), "lang"), "fr");
    assert_eq!(attr(one(&en, "html"), "lang"), "en");
    assert_eq!(text(one(&fr, ".translation a")), "Read in English");
    assert_eq!(text(one(&en, ".translation a")), "Lire en français");
}

#[test]
fn every_version_is_an_alternate_with_x_default_and_canonical() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let expected = vec![
        (
            "fr".to_string(),
            "https://example.org/blog/fr/2025/01/le-moment/".to_string(),
        ),
        (
            "en".to_string(),
            "https://example.org/blog/en/2025/01/the-moment/".to_string(),
        ),
        (
            "x-default".to_string(),
            "https://example.org/blog/fr/2025/01/le-moment/".to_string(),
        ),
    ];
    for page in [
        "fr/2025/01/le-moment/index.html",
        "en/2025/01/the-moment/index.html",
    ] {
        let doc = f.html(page);
        assert_eq!(alternates(&doc), expected, "{page}");
        let canonical = attr(one(&doc, r#"link[rel="canonical"]"#), "href");
        assert!(
            canonical.ends_with(&page.replace("index.html", "")),
            "{canonical}"
        );
    }
    let home = f.html("en/index.html");
    assert_eq!(
        alternates(&home),
        vec![
            ("fr".to_string(), "https://example.org/blog/fr/".to_string()),
            ("en".to_string(), "https://example.org/blog/en/".to_string()),
            (
                "x-default".to_string(),
                "https://example.org/blog/".to_string()
            ),
        ]
    );
}

#[test]
fn untranslated_article_links_to_the_other_home_and_says_so() {
    let f = Fixture::bilingual();
    f.article("fr/seul.md", "title: Seul\ndate: 2025-02-01", "Texte.\n");
    f.build_ok();
    let doc = f.html("fr/2025/02/seul/index.html");
    let switch = one(&doc, r#".lang-switch a[hreflang="en"]"#);
    assert_eq!(attr(switch, "href"), "/blog/en/");
    assert!(
        switch.value().attr("rel").is_none(),
        "not an alternate of this page"
    );
    assert!(text(one(&doc, ".translation.only")).contains("Cet article n’existe qu’en français."));
    let alts = alternates(&doc);
    assert_eq!(alts.len(), 2, "itself and x-default: {alts:?}");
}

#[test]
fn dates_are_localized_with_machine_readable_time() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let fr = f.html("fr/2025/01/le-moment/index.html");
    let time = one(&fr, ".byline time");
    assert_eq!(text(time), "29 janvier 2025");
    assert_eq!(attr(time, "datetime"), "2025-01-29T00:00:00+00:00");
    let en = f.html("en/2025/01/the-moment/index.html");
    assert_eq!(text(one(&en, ".byline time")), "January 29, 2025");
}

#[test]
fn date_format_and_locale_come_from_site_toml() {
    let f = Fixture::new(
        "base_url = \"https://x.org/\"\ndefault_language = \"de\"\n[languages.de]\ntitle = \"Zeitung\"\nlocale = \"de_DE\"\ndate_format = \"%-d. %B %Y\"\n[languages.de.strings]\nread_in = \"Auf Deutsch lesen\"\nedition = \"Deutsche Ausgabe\"\nonly_in_language = \"Nur auf Deutsch.\"\nlanguages = \"Sprachen\"\nskip_to_content = \"Zum Inhalt\"\nhome = \"Start\"\nlatest = \"Neu\"\ntags = \"Schlagworte\"\ntag = \"Schlagwort\"\nall_tags = \"Alle Schlagworte\"\nolder = \"Ältere\"\nnewer = \"Neuere\"\npage = \"Seite\"\nof = \"von\"\npagination = \"Seiten\"\nby = \"Von\"\npublished = \"Veröffentlicht\"\nupdated = \"Aktualisiert\"\nfeed = \"Atom-Feed\"\narticle_one = \"Artikel\"\narticle_many = \"Artikel\"\nno_articles = \"Keine Artikel.\"\nnot_found_title = \"Nicht gefunden\"\nnot_found_text = \"Diese Seite gibt es nicht.\"\nback_home = \"Zur Startseite\"\nchoose_language = \"Sprache wählen\"\npowered_by = \"Mit Gazette\"\nstale_notice = \"Vielleicht veraltet.\"\ndraft_notice = \"Entwurf.\"\nsubscribe = \"Abonnieren (RSS)\"\nphoto_credit = \"Foto:\"\nsite_menu = \"Über die Seite\"\nonly_in = \"Nur auf:\"\ntag_only_in_language = \"Nur auf Deutsch.\"\nauthor = \"Autor\"\nreading_time = \"Min.\"\nrelated = \"Verwandt\"\nprevious_article = \"Vorheriger\"\nnext_article = \"Nächster\"\nmore_articles = \"Mehr\"\nscheduled_notice = \"Geplant für\"\nat_time = \"um\"\nsearch = \"Suche\"\nsearch_elsewhere = \"Nichts gefunden? Diese Suche auf:\"\nsearch_slug = \"suche\"\nsection = \"Rubrik\"\n",
    );
    f.article("de/x.md", "title: X\ndate: 2025-03-01", "Text.\n");
    f.build_ok();
    let doc = f.html("de/2025/03/x/index.html");
    assert_eq!(text(one(&doc, ".byline time")), "1. März 2025");
    assert_eq!(text(one(&doc, ".skip")), "Zum Inhalt");
}

#[test]
fn a_language_without_theme_strings_is_an_error_listing_them() {
    let f = Fixture::new(
        "base_url = \"https://x.org/\"\ndefault_language = \"de\"\n[languages.de]\ntitle = \"Zeitung\"\n",
    );
    f.article("de/x.md", "title: X\ndate: 2025-03-01", "Text.\n");
    let err = f.build_err();
    assert!(err.contains("site.toml:3:"), "{err}");
    assert!(
        err.contains("[languages.de.strings]") && err.contains("read_in"),
        "{err}"
    );
}

#[test]
fn home_pages_paginate_newest_first() {
    let f = Fixture::new(&format!("paginate = 2\n{BILINGUAL}"));
    for day in 1..=5 {
        f.article(
            &format!("fr/a{day}.md"),
            &format!("title: Article {day}\ndate: 2025-03-0{day}"),
            "Texte.\n",
        );
    }
    f.build_ok();
    let titles = |page: &str| -> Vec<String> {
        select(&f.html(page), ".card h2")
            .into_iter()
            .map(text)
            .collect()
    };
    assert_eq!(titles("fr/index.html"), ["Article 5", "Article 4"]);
    assert_eq!(titles("fr/page/2/index.html"), ["Article 3", "Article 2"]);
    assert_eq!(titles("fr/page/3/index.html"), ["Article 1"]);
    let first = f.html("fr/index.html");
    assert_eq!(
        attr(one(&first, ".pagination a[rel=next]"), "href"),
        "/blog/fr/page/2/"
    );
    assert!(select(&first, ".pagination a[rel=prev]").is_empty());
    let last = f.html("fr/page/3/index.html");
    assert_eq!(
        attr(one(&last, ".pagination a[rel=prev]"), "href"),
        "/blog/fr/page/2/"
    );
    assert!(text(one(&last, ".pagination .count")).contains("3 sur 3"));
    assert!(!f.out().join("fr/page/4").exists());
    // An empty language still gets its home.
    assert!(text(one(&f.html("en/index.html"), ".empty")).contains("No articles yet."));
}

#[test]
fn tag_pages_and_tag_index_per_language() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/autre.md",
        "title: Autre\ndate: 2025-02-01\ntags: [ia]",
        "Texte.\n",
    );
    f.build_ok();
    let tag = f.html("fr/tags/ia/index.html");
    let titles: Vec<String> = select(&tag, ".card h2").into_iter().map(text).collect();
    assert_eq!(titles, ["Autre", "Le moment"], "`IA` and `ia` are one tag");
    let index = f.html("fr/tags/index.html");
    let names: Vec<String> = select(&index, ".tag-index li a")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Chine".to_string()));
    let links: Vec<String> = select(&index, ".tag-index li a")
        .into_iter()
        .map(|e| attr(e, "href"))
        .collect();
    assert!(
        links.contains(&"/blog/fr/tags/chine/".to_string()),
        "{links:?}"
    );
    assert!(f.out().join("en/tags/ai/index.html").is_file());
    let article = f.html("fr/2025/01/le-moment/index.html");
    let tags: Vec<String> = select(&article, ".tag-list a")
        .into_iter()
        .map(|e| attr(e, "href"))
        .collect();
    assert_eq!(tags, ["/blog/fr/tags/ia/", "/blog/fr/tags/chine/"]);
}

#[test]
fn atom_feeds_per_language_with_absolute_urls() {
    let f = Fixture::new(&format!("feed_limit = 2\n{BILINGUAL}"));
    pair(&f);
    f.article(
        "fr/b.md",
        "title: B & co\ndate: 2025-02-01",
        "Texte <b>gras</b>.\n",
    );
    f.article("fr/c.md", "title: C\ndate: 2025-03-01", "Texte.\n");
    f.build_ok();
    let xml = f.read("fr/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("feed is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("fr")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 2, "feed_limit");
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|n| n.has_tag_name("title"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(titles, ["C", "B & co"]);
    for e in &entries {
        let link = e.children().find(|n| n.has_tag_name("link")).unwrap();
        assert!(
            link.attribute("href")
                .unwrap()
                .starts_with("https://example.org/blog/fr/")
        );
    }
    let content = entries[1]
        .children()
        .find(|n| n.has_tag_name("content"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        content.contains("<b>gras</b>"),
        "HTML content survives escaping: {content}"
    );
    let updated = feed
        .children()
        .find(|n| n.has_tag_name("updated"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(updated, "2025-03-01T00:00:00+00:00");
    let home = f.html("fr/index.html");
    let link = one(
        &home,
        r#"link[rel="alternate"][type="application/atom+xml"]"#,
    );
    assert_eq!(attr(link, "href"), "https://example.org/blog/fr/atom.xml");
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let f = Fixture::bilingual();
    f.article(
        "fr/brouillon.md",
        "title: Brouillon\ndate: 2025-02-01\ndraft: true",
        "Texte.\n",
    );
    f.article(
        "fr/publie.md",
        "title: Publié\ndate: 2025-02-02",
        "Texte.\n",
    );
    f.build_ok();
    assert!(!f.out().join("fr/2025/02/brouillon").exists());
    assert!(!f.read("fr/atom.xml").contains("Brouillon"));
    assert!(!f.read("sitemap.xml").contains("brouillon"));
    let out = f.build(&["--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(f.out().join("fr/2025/02/brouillon/index.html").is_file());
}

#[test]
fn sitemap_lists_pages_with_language_alternates() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let xml = f.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap is well-formed");
    let xhtml = "http://www.w3.org/1999/xhtml";
    let url = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|u| {
            u.children().any(|c| {
                c.has_tag_name("loc")
                    && c.text() == Some("https://example.org/blog/en/2025/01/the-moment/")
            })
        })
        .expect("article in sitemap");
    let alts: Vec<(String, String)> = url
        .children()
        .filter(|c| c.tag_name().namespace() == Some(xhtml) && c.tag_name().name() == "link")
        .map(|c| {
            (
                c.attribute("hreflang").unwrap().into(),
                c.attribute("href").unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        alts,
        vec![
            (
                "fr".to_string(),
                "https://example.org/blog/fr/2025/01/le-moment/".to_string()
            ),
            (
                "en".to_string(),
                "https://example.org/blog/en/2025/01/the-moment/".to_string()
            ),
            (
                "x-default".to_string(),
                "https://example.org/blog/fr/2025/01/le-moment/".to_string()
            ),
        ]
    );
    let robots = f.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/blog/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn a_sitemap_past_its_url_limit_becomes_an_index_of_parts() {
    let whole = Fixture::bilingual();
    pair(&whole);
    for n in 0..6 {
        whole.article(
            &format!("en/extra-{n}.md"),
            &format!("title: Extra {n}\ndate: 2024-01-0{}", n + 1),
            "x\n",
        );
    }
    whole.build_ok();
    let (root, all) = sitemap_locs(&whole.read("sitemap.xml"));
    assert_eq!(root, "urlset");
    let split = Fixture::new(&format!("sitemap_max_urls = 5\n{BILINGUAL}"));
    pair(&split);
    for n in 0..6 {
        split.article(
            &format!("en/extra-{n}.md"),
            &format!("title: Extra {n}\ndate: 2024-01-0{}", n + 1),
            "x\n",
        );
    }
    split.build_ok();
    let (root, parts) = sitemap_locs(&split.read("sitemap.xml"));
    assert_eq!(root, "sitemapindex");
    assert_eq!(parts.len(), all.len().div_ceil(5));
    let mut listed = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        assert_eq!(
            part,
            &format!("https://example.org/blog/sitemap{}.xml", i + 1)
        );
        let (root, locs) = sitemap_locs(&split.read(&format!("sitemap{}.xml", i + 1)));
        assert_eq!(root, "urlset");
        assert!(
            !locs.is_empty() && locs.len() <= 5,
            "{part}: {} URLs",
            locs.len()
        );
        listed.extend(locs);
    }
    assert_eq!(listed, all, "the parts list every URL once, in order");
}

#[test]
fn root_index_sends_visitors_to_their_language_without_javascript_too() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let html = f.read("index.html");
    let doc = scraper::Html::parse_document(&html);
    let script = text(one(&doc, "head script"));
    assert!(script.contains("navigator.languages"), "{script}");
    assert!(
        script.contains(r#""en":"/blog/en/""#) && script.contains(r#""fr":"/blog/fr/""#),
        "{script}"
    );
    // Without JavaScript: a meta refresh inside <noscript> to the default language.
    assert!(
        html.contains(
            r#"<noscript><meta http-equiv="refresh" content="0; url=/blog/fr/"></noscript>"#
        ),
        "{html}"
    );
    let links: Vec<String> = select(&doc, ".language-choice a")
        .into_iter()
        .map(|e| attr(e, "href"))
        .collect();
    assert_eq!(links, ["/blog/fr/", "/blog/en/"]);
    let not_found = f.html("404.html");
    let homes: Vec<String> = select(&not_found, "section[lang] > p > a[hreflang]")
        .into_iter()
        .map(|e| attr(e, "href"))
        .collect();
    assert_eq!(homes, ["/blog/fr/", "/blog/en/"]);
    // The 404 page offers each language's latest articles, under the masthead.
    assert_eq!(text(one(&not_found, ".masthead .brand")), "Le Journal");
    let latest: Vec<String> = select(&not_found, ".not-found-latest a")
        .into_iter()
        .map(|e| attr(e, "href"))
        .collect();
    assert_eq!(
        latest,
        [
            "/blog/fr/2025/01/le-moment/",
            "/blog/en/2025/01/the-moment/"
        ]
    );
}

/// Every internal href/src of every page must name a file of the output once
/// the base path is stripped: the site works under `base_url`'s path.
#[test]
fn every_internal_link_resolves_under_the_base_path() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/liens.md",
        "title: Liens\ndate: 2025-02-01\ntranslation: en/links.md",
        "[le moment](2025-01-29-le-moment.md#suite), [en](../en/2025-01-29-the-moment.md), ![logo](/logo.png), [ext](https://x.org)\n",
    );
    f.article(
        "en/links.md",
        "title: Links\ndate: 2025-02-01",
        "[back](../fr/liens.md)\n",
    );
    f.write_bytes("static/logo.png", b"\x89PNG");
    f.build_ok();
    let liens = f.html("fr/2025/02/liens/index.html");
    let body_links: Vec<String> = select(&liens, ".article-body a, .article-body img")
        .into_iter()
        .map(|e| {
            e.value()
                .attr("href")
                .or(e.value().attr("src"))
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        body_links,
        [
            "/blog/fr/2025/01/le-moment/#suite",
            "/blog/en/2025/01/the-moment/",
            "/blog/logo.png",
            "https://x.org"
        ]
    );
    let mut checked = 0;
    for (path, bytes) in tree(&f.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for e in select(&doc, "a[href], link[href], img[src], script[src]") {
            let url = e.value().attr("href").or(e.value().attr("src")).unwrap();
            let url = url.strip_prefix("https://example.org").unwrap_or(url);
            if url.starts_with("http") || url.starts_with('#') {
                continue;
            }
            let rel = url
                .strip_prefix("/blog/")
                .unwrap_or_else(|| panic!("{path}: {url} is outside the base path"));
            let rel = rel.split('#').next().unwrap();
            let target = f.out().join(rel);
            let file = if rel.is_empty() || rel.ends_with('/') {
                target.join("index.html")
            } else {
                target
            };
            assert!(file.is_file(), "{path}: {url} does not resolve");
            checked += 1;
        }
    }
    assert!(checked > 50, "checked {checked} links");
}

#[test]
fn two_builds_give_byte_identical_trees() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let first = tree(&f.out());
    f.build_ok();
    assert_eq!(first, tree(&f.out()));
}

#[test]
fn base_url_option_overrides_site_toml() {
    let f = Fixture::bilingual();
    pair(&f);
    let out = f.build(&["--base-url", "http://127.0.0.1:8080/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc = f.html("fr/2025/01/le-moment/index.html");
    assert_eq!(
        attr(one(&doc, r#"link[rel="canonical"]"#), "href"),
        "http://127.0.0.1:8080/fr/2025/01/le-moment/"
    );
    let css = attr(one(&doc, r#"link[rel="stylesheet"]"#), "href");
    assert!(css.starts_with("/style.") && css.ends_with(".css"), "{css}");
}

#[test]
fn summary_line_counts_pages_per_language() {
    let f = Fixture::bilingual();
    pair(&f);
    let out = f.build_ok();
    let line = stdout(&out);
    // fr: article, home, tags index, 2 tag pages, search page; en:
    // article, home, tags index, 1 tag page, search page.
    assert!(line.contains("pages: fr 6, en 5"), "{line}");
    assert!(line.contains(" ms"), "{line}");
}

#[test]
fn builtin_theme_is_overridden_file_by_file() {
    let f = Fixture::bilingual();
    pair(&f);
    f.write(
        "templates/tags.html",
        "<!doctype html><title>custom</title><p id=custom>{{ t.all_tags }}</p>",
    );
    f.write("themes/gazette/static/style.css", "body{color:red}");
    f.build_ok();
    assert_eq!(
        text(one(&f.html("fr/tags/index.html"), "#custom")),
        "Tous les thèmes"
    );
    assert_eq!(f.stylesheet(), "body{color:red}");
    // Other templates still come from the built-in theme.
    assert!(!select(&f.html("fr/index.html"), ".lang-switch").is_empty());
}

#[test]
fn a_listing_template_naming_content_shows_each_body() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-02-01-long.md",
        "title: Long\ndate: 2025-02-01",
        &format!(
            "Un *long* texte « cité ».\n\n```rust\nfn main() {{}}\n```\n\n{}\n",
            "mot ".repeat(3000)
        ),
    );
    // Built-in theme: listings do not show bodies, the article and the
    // feed do (read back from the build's temporary file).
    f.build_ok();
    let home = f.read("fr/index.html");
    assert!(!home.contains("<pre"), "{home}");
    let article = f.read("fr/2025/02/long/index.html");
    assert!(article.contains("<p>Un <em>long</em> texte «"), "{article}");
    assert!(article.contains("mot ".repeat(3000).trim_end()));
    let feed = f.read("fr/atom.xml");
    assert!(feed.contains("&lt;pre") && feed.contains("mot ".repeat(3000).trim_end()));
    // A theme whose listing names `content` gets every body, in full.
    f.write(
        "templates/list.html",
        "<!doctype html><title>x</title>{% for a in articles %}<article>{{ a.content | safe }}</article>{% endfor %}",
    );
    f.build_ok();
    let home = f.html("fr/index.html");
    let bodies: Vec<String> = select(&home, "article")
        .into_iter()
        .map(|a| a.html())
        .collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(bodies[0].contains("<em>long</em>") && bodies[0].contains("<pre"));
    assert!(bodies[0].contains("mot ".repeat(3000).trim_end()));
    assert!(!bodies[1].is_empty());
}

#[test]
fn init_scaffolds_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("news");
    let out = gazette(&["init", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = gazette(&["build", "--root", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let home = scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("public/fr/index.html")).unwrap(),
    );
    assert_eq!(select(&home, ".card").len(), 1);
    assert_eq!(text(one(&home, ".card h2")), "Bonjour");
    assert_eq!(text(one(&home, ".lang-switch [lang=fr]")), "FR");
    let en = scraper::Html::parse_document(
        &std::fs::read_to_string(site.join("public/en/index.html")).unwrap(),
    );
    assert_eq!(text(one(&en, ".card h2")), "Hello");
    assert_eq!(
        attr(one(&en, ".lang-switch a[lang=fr]"), "title"),
        "Lire en français"
    );
    let toml = std::fs::read_to_string(site.join("site.toml")).unwrap();
    assert!(
        toml.contains("name = \"Français\"") && toml.contains("locale = \"en_US\""),
        "{toml}"
    );
    assert!(
        std::fs::read_to_string(site.join(".gitignore"))
            .unwrap()
            .contains("/public/")
    );
    // The English article is recorded as the French one's translation, up
    // to date: a new site starts with nothing on the desk or in check.
    let root = site.to_str().unwrap();
    let desk = stdout(&gazette(&["status", "--root", root]));
    assert!(
        desk.contains("into English (en): 0 to do") && !desk.contains("no record"),
        "{desk}"
    );
    assert!(stdout(&gazette(&["check", "--root", root])).contains("check: 0 errors, 0 notes"));
    let en = std::fs::read_dir(site.join("content/en"))
        .unwrap()
        .next()
        .unwrap();
    let en = std::fs::read_to_string(en.unwrap().path()).unwrap();
    assert!(en.contains("translated_from: fr/"), "{en}");
    let again = gazette(&["init", site.to_str().unwrap()]);
    assert!(!again.status.success(), "init never overwrites");
    // Languages the theme has no words for get English ones to translate,
    // and the site builds at once.
    let other = dir.path().join("multi");
    let out = gazette(&["init", other.to_str().unwrap(), "--languages", "de,en,es"]);
    assert!(stdout(&out).contains(&format!("next: cd {} && gazette serve", other.display())));
    let out = gazette(&["build", "--root", other.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let de = std::fs::read_to_string(other.join("public/de/index.html")).unwrap();
    assert!(de.contains("Hallo") && de.contains("lang=\"de\""));
    // A regional language the theme has no file for takes its primary
    // language's words (fr-CA: French), as Hugo's i18n does.
    let quebec = dir.path().join("quebec");
    let out = gazette(&["init", quebec.to_str().unwrap(), "--languages", "fr-CA,en"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = gazette(&["build", "--root", quebec.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let home = std::fs::read_to_string(quebec.join("public/fr-CA/index.html")).unwrap();
    assert!(home.contains("Aller au contenu") && home.contains("lang=\"fr-CA\""));
    assert!(
        !std::fs::read_to_string(quebec.join("site.toml"))
            .unwrap()
            .contains(".strings]")
    );
}

#[test]
fn example_site_in_the_repo_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = gazette(&[
        "build",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
        "--output",
        dir.path().join("site").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fr = std::fs::read_to_string(dir.path().join("site/fr/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&fr);
    assert!(select(&doc, ".card").len() >= 5);
}

#[test]
fn init_writes_a_workflow_that_publishes_to_github_pages_and_keeps_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("news");
    assert!(gazette(&["init", site.to_str().unwrap()]).status.success());
    let text = std::fs::read_to_string(site.join(".github/workflows/publish.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    assert_eq!(yaml["on"]["schedule"][0]["cron"], "5 * * * *");
    for (permission, level) in [
        ("pages", "write"),
        ("id-token", "write"),
        ("contents", "write"),
    ] {
        assert_eq!(yaml["permissions"][permission], level, "{permission}");
    }
    let steps = yaml["jobs"]["build"]["steps"].as_sequence().unwrap();
    let uses = |action: &str| {
        steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
    };
    let run = |needle: &str| {
        steps
            .iter()
            .filter_map(|s| s["run"].as_str())
            .find(|r| r.contains(needle))
            .unwrap_or_else(|| panic!("a step runs {needle}"))
            .to_string()
    };
    // Gazette is compiled once per commit, then restored from the cache.
    let cache = uses("actions/cache").unwrap();
    assert_eq!(cache["with"]["path"], "~/.cargo/bin/gazette");
    let install = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("cargo install"))
        })
        .unwrap();
    assert_eq!(
        install["if"],
        "steps.gazette-cache.outputs.cache-hit != 'true'"
    );
    assert!(run("gazette build").contains("--base-url \"${{ steps.pages.outputs.base_url }}/\""));
    assert!(uses("actions/configure-pages").is_some());
    assert_eq!(
        uses("actions/upload-pages-artifact").unwrap()["with"]["path"],
        "public"
    );
    let deploy = &yaml["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    assert!(
        deploy["steps"][0]["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages@")
    );

    // The record step, run as the workflow runs it: a changed record is
    // committed and pushed; an unchanged one is left alone.
    let keep = run("published-urls.txt");
    let git = |cwd: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(cwd)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let origin = dir.path().join("origin.git");
    git(
        dir.path(),
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            origin.to_str().unwrap(),
        ],
    );
    git(&site, &["init", "-q", "-b", "main"]);
    git(
        &site,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "start",
        ],
    );
    git(
        &site,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    );
    git(&site, &["push", "-q", "-u", "origin", "main"]);
    let keep_record = || {
        let out = std::process::Command::new("bash")
            .current_dir(&site)
            .args(["-eo", "pipefail", "-c", &keep])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    keep_record();
    assert_eq!(
        git(&origin, &["rev-list", "--count", "main"]).trim(),
        "1",
        "nothing to record yet"
    );
    assert!(
        gazette(&["build", "--root", site.to_str().unwrap()])
            .status
            .success()
    );
    keep_record();
    assert_eq!(git(&origin, &["rev-list", "--count", "main"]).trim(), "2");
    let recorded = git(&origin, &["show", "main:published-urls.txt"]);
    assert!(recorded.contains("/fr/"), "{recorded}");
}

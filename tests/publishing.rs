//! What search engines, social networks and aggregators read: Open Graph
//! and Twitter tags, schema.org JSON-LD. Parsed, not grepped.

mod common;

use common::*;

fn meta(doc: &scraper::Html, property: &str) -> Vec<String> {
    select(
        doc,
        &format!(r#"meta[property="{property}"], meta[name="{property}"]"#),
    )
    .into_iter()
    .map(|e| attr(e, "content"))
    .collect()
}

fn json_ld(doc: &scraper::Html) -> serde_json::Value {
    let script = one(doc, r#"script[type="application/ld+json"]"#);
    serde_json::from_str(&raw_text(script)).expect("valid JSON-LD")
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::from_pixel(w, h, image::Rgb([30, 60, 90]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

const SITE: &str = r#"
[authors.ada]
name = "Ada Martin"

[sections.eco]
fr = "Économie"
en = "Economy"
"#;

/// A pair whose French title holds quotes, `&` and `</script>`.
fn site() -> Fixture {
    let f = Fixture::bilingual();
    f.write(
        "site.toml",
        &format!("logo = \"logo.png\"\n{BILINGUAL}{SITE}"),
    );
    f.write_bytes("static/logo.png", &png(600, 60));
    f.write_bytes("content/fr/photo.png", &png(1600, 900));
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: 'Le « moment » \"Spoutnik\" & </script><b>'\ndate: 2025-01-29T09:00:00+01:00\nupdated: 2025-02-01\n\
         translation: en/2025-01-29-the-moment.md\nsummary: Un résumé.\ntags: [IA, Chine]\nsection: eco\n\
         author: [ada, La rédaction]\nimage: photo.png\nimage_alt: Un graphique",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29T09:00:00+01:00\ntranslation: fr/2025-01-29-le-moment.md\n\
         summary: A summary.\nsection: eco\nauthor: ada\nimage_alt: A chart",
        "Text.\n",
    );
    f
}

#[test]
fn every_article_carries_open_graph_and_twitter_tags() {
    let f = site();
    f.build_ok();
    let fr = f.html("fr/2025/01/le-moment/index.html");
    let title = "Le «\u{202f}moment\u{202f}» «\u{202f}Spoutnik\u{202f}» & </script><b>";
    assert_eq!(meta(&fr, "og:title"), [title]);
    assert_eq!(meta(&fr, "og:description"), ["Un résumé."]);
    assert_eq!(
        meta(&fr, "og:url"),
        ["https://example.org/blog/fr/2025/01/le-moment/"]
    );
    assert_eq!(meta(&fr, "og:type"), ["article"]);
    assert_eq!(meta(&fr, "og:locale"), ["fr_FR"]);
    assert_eq!(meta(&fr, "og:locale:alternate"), ["en_US"]);
    assert_eq!(
        meta(&fr, "article:published_time"),
        ["2025-01-29T09:00:00+01:00"]
    );
    assert_eq!(
        meta(&fr, "article:modified_time"),
        ["2025-02-01T00:00:00+00:00"]
    );
    assert_eq!(meta(&fr, "article:section"), ["Économie"]);
    assert_eq!(meta(&fr, "article:tag"), ["IA", "Chine"]);
    assert_eq!(
        meta(&fr, "article:author"),
        ["https://example.org/blog/fr/authors/ada/"]
    );
    assert_eq!(meta(&fr, "twitter:card"), ["summary_large_image"]);
    assert_eq!(meta(&fr, "twitter:title"), [title]);
    assert_eq!(
        meta(&fr, "twitter:image"),
        ["https://example.org/blog/media/fr/photo-1200.png"]
    );
}

#[test]
fn json_ld_describes_the_article_and_links_the_pair_both_ways() {
    let f = site();
    f.build_ok();
    let fr = json_ld(&f.html("fr/2025/01/le-moment/index.html"));
    let en = json_ld(&f.html("en/2025/01/the-moment/index.html"));
    let fr_url = "https://example.org/blog/fr/2025/01/le-moment/";
    let en_url = "https://example.org/blog/en/2025/01/the-moment/";
    assert_eq!(fr["@context"], "https://schema.org");
    assert_eq!(fr["@type"], "NewsArticle");
    // The title survives quotes, `&` and `</script>` intact.
    assert_eq!(
        fr["headline"],
        "Le «\u{202f}moment\u{202f}» «\u{202f}Spoutnik\u{202f}» & </script><b>"
    );
    assert_eq!(fr["description"], "Un résumé.");
    assert_eq!(fr["datePublished"], "2025-01-29T09:00:00+01:00");
    assert_eq!(fr["dateModified"], "2025-02-01T00:00:00+00:00");
    assert_eq!(fr["inLanguage"], "fr");
    assert_eq!(fr["mainEntityOfPage"]["@id"], fr_url);
    assert_eq!(fr["articleSection"], "Économie");
    assert_eq!(fr["keywords"], serde_json::json!(["IA", "Chine"]));
    assert_eq!(
        fr["image"][0],
        "https://example.org/blog/media/fr/photo-1200.png"
    );
    assert_eq!(fr["author"][0]["@type"], "Person");
    assert_eq!(
        fr["author"][0]["url"],
        "https://example.org/blog/fr/authors/ada/"
    );
    assert_eq!(
        fr["author"][1],
        serde_json::json!({"@type": "Organization", "name": "La rédaction"})
    );
    assert_eq!(fr["publisher"]["name"], "Le Journal");
    assert_eq!(
        fr["publisher"]["logo"]["url"],
        "https://example.org/blog/logo.png"
    );
    assert_eq!(fr["publisher"]["logo"]["width"], 600);
    // The original lists its translation; the translation names its original.
    assert_eq!(fr["workTranslation"][0]["@id"], en_url);
    assert_eq!(fr["workTranslation"][0]["inLanguage"], "en");
    assert!(fr.get("translationOfWork").is_none());
    assert_eq!(en["translationOfWork"]["@id"], fr_url);
    assert_eq!(en["translationOfWork"]["inLanguage"], "fr");
    assert!(en.get("workTranslation").is_none());
    assert_eq!(en["publisher"]["name"], "The Journal");
    // The raw script never holds `</script>` before its end.
    let page = f.read("fr/2025/01/le-moment/index.html");
    let start = page.find("application/ld+json").unwrap();
    let end = page[start..].find("</script>").unwrap();
    assert!(page[start..start + end].contains("\\u003c/script\\u003e"));
}

#[test]
fn each_home_carries_a_website_in_its_language() {
    let f = site();
    f.build_ok();
    for (lang, name) in [("fr", "Le Journal"), ("en", "The Journal")] {
        let home = json_ld(&f.html(&format!("{lang}/index.html")));
        assert_eq!(home["@type"], "WebSite");
        assert_eq!(home["inLanguage"], lang);
        assert_eq!(home["name"], name);
        assert_eq!(home["url"], format!("https://example.org/blog/{lang}/"));
    }
    // A missing logo is an error on its line.
    f.write("static/logo.png", "");
    std::fs::remove_file(f.root().join("static/logo.png")).unwrap();
    let err = f.build_err();
    assert!(
        err.contains("site.toml:1: logo `logo.png` is not a file of static/"),
        "{err}"
    );
}

#[test]
fn articles_show_reading_time_neighbours_and_related_ones() {
    let f = Fixture::bilingual();
    let toml = BILINGUAL.replace(
        "description = \"Les nouvelles\"",
        "description = \"Les nouvelles\"\nwords_per_minute = 100",
    );
    f.write(
        "site.toml",
        &format!("{toml}\n[sections.eco]\nfr = \"Économie\"\nen = \"Economy\"\n"),
    );
    let words = "mot ".repeat(450);
    f.article(
        "fr/2025-01-01-a.md",
        "title: A\ndate: 2025-01-01\ntags: [IA, Chine]",
        "Texte a.\n",
    );
    f.article(
        "fr/2025-01-02-b.md",
        "title: B\ndate: 2025-01-02\ntags: [IA, Chine]\nsection: eco\ntranslation: en/2025-01-02-b.md",
        &format!("{words}\n"),
    );
    f.article(
        "en/2025-01-02-b.md",
        "title: B en\ndate: 2025-01-02\ntags: [IA, Chine]\ntranslation: fr/2025-01-02-b.md",
        "Text.\n",
    );
    f.article(
        "fr/2025-01-03-c.md",
        "title: C\ndate: 2025-01-03\nsection: eco",
        "Texte c.\n",
    );
    f.article(
        "fr/2025-01-04-d.md",
        "title: D\ndate: 2025-01-04\ntags: [IA]",
        "Texte d.\n",
    );
    f.article(
        "fr/2025-01-05-e.md",
        "title: E\ndate: 2025-01-05",
        "Texte e.\n",
    );
    f.build_ok();
    let b = f.html("fr/2025/01/b/index.html");
    // 450 words at 100 a minute.
    assert!(
        text(one(&b, ".byline")).contains("5 min de lecture"),
        "{}",
        text(one(&b, ".byline"))
    );
    assert_eq!(
        attr(one(&b, ".around .previous"), "href"),
        "/blog/fr/2025/01/a/"
    );
    assert_eq!(
        attr(one(&b, ".around .next"), "href"),
        "/blog/fr/2025/01/c/"
    );
    // Most tags in common first, then the same section; nothing in common,
    // not related; its English version is never related, nor the previous
    // and next articles, shown just above (A and C).
    let related: Vec<String> = select(&b, ".related a").into_iter().map(text).collect();
    assert_eq!(related, ["D"]);
    let en = f.html("en/2025/01/b/index.html");
    assert!(select(&en, ".related").is_empty());
    assert!(text(one(&en, ".byline")).contains("1 min read"));
}

/// The children of `node` named `name` in namespace `ns`.
fn kids<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    ns: &str,
    name: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|c| c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name)
        .collect()
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

#[test]
fn the_news_sitemap_lists_the_last_two_days_for_google_news() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-03-03-a.md",
        "title: \"Q&A : <script> « tout »\"\ndate: 2025-03-03T08:00:00+01:00",
        "Texte.\n",
    );
    f.article(
        "en/2025-03-01-b.md",
        "title: Two days ago\ndate: 2025-03-01T12:30:00Z",
        "Text.\n",
    );
    f.article(
        "fr/2025-03-01-c.md",
        "title: Trop vieux\ndate: 2025-03-01T12:00:00Z",
        "x\n",
    );
    f.article("fr/a-propos.md", "title: À propos", "Une page.\n");
    f.article(
        "fr/2025-03-04-d.md",
        "title: Demain\ndate: 2025-03-04",
        "x\n",
    );
    let out = f.build_at("2025-03-03T12:00:00Z", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = f.read("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP_NS));
    assert_eq!(root.tag_name().name(), "urlset");
    let urls = kids(root, SITEMAP_NS, "url");
    let read = |url: roxmltree::Node| {
        let loc = kids(url, SITEMAP_NS, "loc")[0].text().unwrap().to_string();
        let [news] = kids(url, NEWS_NS, "news")[..] else {
            panic!("one news:news per url")
        };
        let [publication] = kids(news, NEWS_NS, "publication")[..] else {
            panic!("one news:publication")
        };
        let one = |n: roxmltree::Node, name: &str| {
            let found = kids(n, NEWS_NS, name);
            assert_eq!(found.len(), 1, "{name}");
            found[0].text().unwrap_or_default().to_string()
        };
        (
            loc,
            one(publication, "name"),
            one(publication, "language"),
            one(news, "publication_date"),
            one(news, "title"),
        )
    };
    let entries: Vec<_> = urls.into_iter().map(read).collect();
    assert_eq!(
        entries,
        [
            (
                "https://example.org/blog/fr/2025/03/a/".to_string(),
                "Le Journal".to_string(),
                "fr".to_string(),
                "2025-03-03T08:00:00+01:00".to_string(),
                "Q&A\u{202f}: <script> «\u{202f}tout\u{202f}»".to_string(),
            ),
            (
                "https://example.org/blog/en/2025/03/b/".to_string(),
                "The Journal".to_string(),
                "en".to_string(),
                "2025-03-01T12:30:00+00:00".to_string(),
                "Two days ago".to_string(),
            ),
        ]
    );
    let robots = f.read("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/blog/sitemap.xml\nSitemap: https://example.org/blog/news-sitemap.xml"),
        "{robots}"
    );
    // Never in the sitemap of pages.
    assert!(!f.read("sitemap.xml").contains("news-sitemap"));
}

#[test]
fn the_news_sitemap_holds_at_most_a_thousand_and_can_be_turned_off() {
    let f = Fixture::bilingual();
    for i in 0..1005 {
        f.article(
            &format!("fr/2025-03-03-n{i}.md"),
            &format!(
                "title: N{i}\ndate: 2025-03-03T{:02}:{:02}:00Z",
                i / 60 % 24,
                i % 60
            ),
            "x\n",
        );
    }
    assert!(f.build_at("2025-03-03T23:59:00Z", &[]).status.success());
    let text = f.read("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let urls = kids(doc.root_element(), SITEMAP_NS, "url");
    assert_eq!(urls.len(), 1000);
    // The newest kept: 1004 is 16:44.
    assert!(text.contains("<loc>https://example.org/blog/fr/2025/03/n1004/</loc>"));
    assert!(!text.contains("/n0/<"));

    let off = Fixture::new(&format!("news_sitemap = false\n{BILINGUAL}"));
    pair(&off);
    off.build_ok();
    assert!(!off.out().join("news-sitemap.xml").exists());
    assert!(!off.read("robots.txt").contains("news-sitemap"));
}

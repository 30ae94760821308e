//! A newsroom's structure: pages (« À propos », « Mentions légales »)
//! paired across languages, and the menus that lead to them.

mod common;

use common::*;

/// The fixture pair plus a paired page, « À propos » / About.
fn site_with_pages() -> Fixture {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/a-propos.md",
        "title: À propos\ntranslation: en/about.md\ntags: [Maison]",
        "Qui nous sommes.\n",
    );
    f.article(
        "en/about.md",
        "title: About\ntranslation: fr/a-propos.md",
        "Who we are.\n",
    );
    f
}

#[test]
fn a_page_without_a_date_is_published_paired_and_never_listed() {
    let f = site_with_pages();
    f.build_ok();
    let fr = f.html("fr/a-propos/index.html");
    assert_eq!(text(one(&fr, "h1")), "À propos");
    assert_eq!(attr(one(&fr, "body"), "class"), "kind-page");
    assert!(
        select(&fr, ".article time").is_empty(),
        "a page shows no date"
    );
    assert_eq!(
        alternates(&fr),
        [
            (
                "fr".to_string(),
                "https://example.org/blog/fr/a-propos/".to_string()
            ),
            (
                "en".to_string(),
                "https://example.org/blog/en/about/".to_string()
            ),
            (
                "x-default".to_string(),
                "https://example.org/blog/fr/a-propos/".to_string()
            ),
        ]
    );
    let en = f.html("en/about/index.html");
    let switch = one(&en, ".lang-switch a[hreflang=fr]");
    assert_eq!(attr(switch, "href"), "/blog/fr/a-propos/");
    assert!(alternates(&en).contains(&(
        "fr".to_string(),
        "https://example.org/blog/fr/a-propos/".to_string()
    )));
    // Not news: in no listing, tag page or feed, but in the sitemap.
    for listing in ["fr/index.html", "fr/tags/index.html", "fr/atom.xml"] {
        assert!(
            !f.read(listing).contains("propos"),
            "{listing} lists the page"
        );
    }
    assert!(!f.out().join("fr/tags/maison").exists());
    let (_, locs) = sitemap_locs(&f.read("sitemap.xml"));
    for loc in [
        "https://example.org/blog/fr/a-propos/",
        "https://example.org/blog/en/about/",
    ] {
        assert!(locs.iter().any(|l| l == loc), "{loc} missing: {locs:?}");
    }
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn pages_follow_page_permalink_and_a_dated_name_needs_a_date() {
    let f = site_with_pages();
    f.write(
        "site.toml",
        &format!("page_permalink = \"/{{lang}}/info/{{slug}}/\"\n{BILINGUAL}"),
    );
    f.build_ok();
    assert!(f.out().join("fr/info/a-propos/index.html").is_file());
    assert!(f.out().join("en/info/about/index.html").is_file());

    f.write(
        "site.toml",
        &format!("page_permalink = \"/{{lang}}/{{year}}/{{slug}}/\"\n{BILINGUAL}"),
    );
    let err = f.build_err();
    assert!(
        err.contains(
            "site.toml:1: page_permalink `/{lang}/{year}/{slug}/`: pages have no date, so no {year}"
        ),
        "{err}"
    );

    f.write("site.toml", BILINGUAL);
    f.article("fr/2025-03-01-oubli.md", "title: Oubli", "Sans date.\n");
    let err = f.build_err();
    assert!(
        err.contains("content/fr/2025-03-01-oubli.md:1: the file name starts with a date, so this is an article, but its front matter has no `date`: add `date: 2025-03-01`"),
        "{err}"
    );
}

#[test]
fn gazette_new_page_writes_a_page_and_its_translation_stub() {
    let f = Fixture::bilingual();
    let out = gazette(&[
        "new",
        "--page",
        "Mentions légales",
        "--translate-to",
        "en",
        "--root",
        f.root().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(f.root().join("content/fr/mentions-legales.md")).unwrap();
    assert!(
        page.starts_with(
            "---\ntitle: Mentions légales\ntranslation: en/mentions-legales.md\ndraft: true\n---\n"
        ),
        "{page}"
    );
    let stub = std::fs::read_to_string(f.root().join("content/en/mentions-legales.md")).unwrap();
    assert!(
        stub.starts_with(
            "---\ntitle: Mentions légales\ntranslation: fr/mentions-legales.md\ntranslated_from: fr/mentions-legales.md\ndraft: true\n---"
        ),
        "{stub}"
    );
    f.build_ok();
    assert!(!f.out().join("fr/mentions-legales/index.html").exists());
    f.write(
        "content/fr/mentions-legales.md",
        "---\ntitle: Mentions légales\ntranslation: en/mentions-legales.md\n---\nÉditeur : la Gazette.\n",
    );
    f.build_ok();
    assert!(f.out().join("fr/mentions-legales/index.html").is_file());
}

const MENUS: &str = r#"
[[languages.fr.menu]]
name = "À propos"
page = "fr/a-propos.md"

[[languages.fr.menu]]
name = "Thèmes"
url = "/fr/tags/"

[[languages.en.menu]]
name = "About"
page = "en/about.md"

[[languages.en.menu]]
name = "Source"
url = "https://example.com/gazette"
"#;

#[test]
fn menus_lead_to_pages_in_the_masthead_and_footer() {
    let f = site_with_pages();
    f.write("site.toml", &format!("{BILINGUAL}{MENUS}"));
    f.build_ok();
    let home = f.html("fr/index.html");
    let links = |doc: &scraper::Html, sel: &str| -> Vec<(String, String)> {
        select(doc, sel)
            .into_iter()
            .map(|a| (text(a), attr(a, "href")))
            .collect()
    };
    let fr_menu = vec![
        ("À propos".to_string(), "/blog/fr/a-propos/".to_string()),
        ("Thèmes".to_string(), "/blog/fr/tags/".to_string()),
    ];
    assert_eq!(links(&home, ".footer-menu a"), fr_menu);
    let masthead = links(&home, ".masthead .sections a");
    assert!(masthead.ends_with(&fr_menu), "{masthead:?}");
    // On the page it leads to, the entry is current, and the language
    // switch leads to the page's translation.
    let page = f.html("fr/a-propos/index.html");
    let current = one(&page, ".footer-menu a[aria-current=page]");
    assert_eq!(text(current), "À propos");
    assert_eq!(
        attr(one(&page, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/en/about/"
    );
    let en = f.html("en/about/index.html");
    assert_eq!(
        links(&en, ".footer-menu a"),
        [
            ("About".to_string(), "/blog/en/about/".to_string()),
            (
                "Source".to_string(),
                "https://example.com/gazette".to_string()
            ),
        ]
    );
}

#[test]
fn a_menu_entry_to_a_missing_or_foreign_page_is_an_error_on_its_line() {
    let f = site_with_pages();
    let bad = "\n[[languages.fr.menu]]\nname = \"Contact\"\npage = \"fr/contact.md\"\n\n\
               [[languages.fr.menu]]\nname = \"About\"\npage = \"en/about.md\"\n";
    f.write("site.toml", &format!("{BILINGUAL}{bad}"));
    let err = f.build_err();
    assert!(
        err.contains("site.toml:15: the menu entry `Contact` leads to content/fr/contact.md, which does not exist"),
        "{err}"
    );
    assert!(
        err.contains(
            "site.toml:19: the `fr` menu entry `About` leads to en/about.md, in another language"
        ),
        "{err}"
    );
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[[languages.fr.menu]]\nname = \"Vide\"\n"),
    );
    let err = f.build_err();
    assert!(
        err.contains("site.toml:15: [[languages.fr.menu]] `Vide`: give one of `url`, `page`"),
        "{err}"
    );
}

const SECTIONS: &str = r#"
[sections.economie]
fr = "Économie"
en = { name = "Economy", slug = "economy" }

[sections.tech]
fr = "Tech"
en = "Tech"
"#;

#[test]
fn sections_have_listings_and_feeds_per_language_that_switch_to_each_other() {
    let f = Fixture::bilingual();
    f.write("site.toml", &format!("{BILINGUAL}{SECTIONS}"));
    f.article(
        "fr/2025-01-29-marches.md",
        "title: Les marchés\ndate: 2025-01-29\ntranslation: en/2025-01-29-markets.md\nsection: economie\ntags: [Bourse]",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-29-markets.md",
        "title: The markets\ndate: 2025-01-29\ntranslation: fr/2025-01-29-marches.md\nsection: economie",
        "Text.\n",
    );
    f.article(
        "fr/2025-02-01-puces.md",
        "title: Les puces\ndate: 2025-02-01\nsection: tech",
        "Texte.\n",
    );
    f.build_ok();
    let eco = f.html("fr/economie/index.html");
    assert_eq!(attr(one(&eco, "body"), "class"), "kind-section");
    assert_eq!(text(one(&eco, "h1")), "Économie");
    let titles: Vec<String> = select(&eco, ".card h2").into_iter().map(text).collect();
    assert_eq!(titles, ["Les marchés"]);
    // The switch and the alternates lead to the same section in English.
    assert_eq!(
        attr(one(&eco, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/en/economy/"
    );
    let economy = f.html("en/economy/index.html");
    assert_eq!(text(one(&economy, "h1")), "Economy");
    for (doc, other) in [
        (&eco, "https://example.org/blog/en/economy/"),
        (&economy, "https://example.org/blog/fr/economie/"),
    ] {
        let alts = alternates(doc);
        assert!(alts.iter().any(|(_, h)| h == other), "{alts:?}");
    }
    // A section with no article in a language has no page there, no feed
    // and no sitemap entry; its other pages switch to that language's home
    // (as an untranslated article does), and its menu leaves it out.
    assert!(!f.out().join("en/tech/index.html").exists());
    assert!(!f.out().join("en/tech/atom.xml").exists());
    assert!(!f.read("sitemap.xml").contains("/en/tech/"));
    let tech = f.html("fr/tech/index.html");
    let to_en = one(&tech, ".lang-switch a[hreflang=en]");
    assert_eq!(attr(to_en, "href"), "/blog/en/");
    assert_eq!(to_en.value().attr("rel"), None);
    assert!(
        alternates(&tech).iter().all(|(l, _)| l != "en"),
        "{:?}",
        alternates(&tech)
    );
    let en_home = f.html("en/index.html");
    let menu: Vec<String> = select(&en_home, "nav.sections a")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        menu.contains(&"Economy".to_string()) && !menu.contains(&"Tech".to_string()),
        "{menu:?}"
    );
    let fr_menu: Vec<String> = select(&tech, "nav.sections a")
        .into_iter()
        .map(text)
        .collect();
    assert!(fr_menu.contains(&"Tech".to_string()), "{fr_menu:?}");
    // Feeds per section and language.
    let feed = f.read("fr/economie/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Le Journal — Économie"));
    let entries = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, 1);
    // The section is the kicker above the title (before: the first tag).
    let article = f.html("fr/2025/01/marches/index.html");
    let kicker = one(&article, ".article-header .kicker a");
    assert_eq!(
        (text(kicker), attr(kicker, "href")),
        ("Économie".into(), "/blog/fr/economie/".into())
    );
    let home = f.html("en/index.html");
    assert_eq!(text(one(&home, ".card .kicker a")), "Economy");
    // The sitemap lists each section page with its alternates.
    assert!(
        f.read("sitemap.xml")
            .contains("<loc>https://example.org/blog/en/economy/</loc>")
    );
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn an_unknown_section_and_a_section_missing_a_language_are_errors() {
    let f = Fixture::bilingual();
    f.write("site.toml", &format!("{BILINGUAL}{SECTIONS}"));
    pair(&f);
    f.article(
        "fr/2025-02-01-x.md",
        "title: X\ndate: 2025-02-01\nsection: economi",
        "Texte.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/fr/2025-02-01-x.md:4: unknown section `economi`: did you mean `economie`? (the sections are economie, tech;"),
        "{err}"
    );
    f.article(
        "fr/2025-02-01-x.md",
        "title: X\ndate: 2025-02-01\nsection: sport",
        "Texte.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("unknown section `sport` (the sections are economie, tech; a section's name or slug in any language works too): declare it under [sections.sport]"),
        "{err}"
    );
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[sections.sport]\nfr = \"Sport\"\n"),
    );
    let err = f.build_err();
    assert!(
        err.contains("site.toml:15: [sections.sport]: no name in `en`"),
        "{err}"
    );
}

#[test]
fn untranslated_articles_are_hidden_or_listed_with_their_language_marked() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-03-01-seul.md",
        "title: Seulement en français\ndate: 2025-03-01\nsummary: Un résumé.",
        "Texte.\n",
    );
    // By default a reader sees their language's articles only.
    f.build_ok();
    assert!(!f.read("en/index.html").contains("Seulement en français"));
    let toml = BILINGUAL.replace(
        "description = \"The news\"",
        "description = \"The news\"\nuntranslated = \"list\"",
    );
    f.write("site.toml", &toml);
    f.build_ok();
    let home = f.html("en/index.html");
    let titles: Vec<String> = select(&home, ".card h2").into_iter().map(text).collect();
    assert_eq!(titles, ["Seulement en français", "The moment"]);
    let card = select(&home, ".card")[0];
    let doc = scraper::Html::parse_fragment(&card.html());
    assert_eq!(attr(one(&doc, "h2"), "lang"), "fr");
    assert_eq!(attr(one(&doc, ".summary"), "lang"), "fr");
    assert_eq!(text(one(&doc, ".only-in")), "Only in: Français");
    assert_eq!(attr(one(&doc, ".only-in span"), "lang"), "fr");
    // The translated article is listed once, in its English version; the
    // English feed stays English; the French home is unchanged.
    assert!(
        select(&home, ".card h2")
            .iter()
            .all(|h| text(*h) != "Le moment")
    );
    assert!(!f.read("en/atom.xml").contains("Seulement en français"));
    let fr: Vec<String> = select(&f.html("fr/index.html"), ".card h2")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(fr, ["Seulement en français", "Le moment"]);
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn an_article_of_another_language_is_dated_and_sectioned_in_the_readers() {
    let f = Fixture::bilingual();
    let toml = BILINGUAL.replace(
        "description = \"The news\"",
        "description = \"The news\"\nuntranslated = \"list\"",
    );
    f.write("site.toml", &format!("{toml}{SECTIONS}"));
    f.article(
        "fr/2025-03-01-seul.md",
        "title: Seul\ndate: 2025-03-01\nsection: economie",
        "Texte.\n",
    );
    f.build_ok();
    let home = f.html("en/index.html");
    let kicker = one(&home, ".card .kicker a");
    assert_eq!(
        (text(kicker), attr(kicker, "href")),
        ("Economy".into(), "/blog/en/economy/".into())
    );
    assert_eq!(text(one(&home, ".card time")), "March 1, 2025");
    // The English section lists it too, marked.
    let section = f.html("en/economy/index.html");
    assert_eq!(text(one(&section, ".card .only-in")), "Only in: Français");
}

const TAGS: &str = r#"
[tags.ia]
fr = "Intelligence artificielle"
en = "Artificial intelligence"
"#;

#[test]
fn paired_tags_switch_to_each_other_and_unpaired_ones_say_so() {
    let f = Fixture::bilingual();
    f.write("site.toml", &format!("{BILINGUAL}{TAGS}"));
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\ntags: [Intelligence artificielle, Web, Chine]",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\ntags: [Artificial intelligence, Web, China]",
        "Text.\n",
    );
    f.build_ok();
    let fr = f.html("fr/tags/intelligence-artificielle/index.html");
    assert_eq!(
        attr(one(&fr, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/en/tags/artificial-intelligence/"
    );
    let en = f.html("en/tags/artificial-intelligence/index.html");
    assert_eq!(
        attr(one(&en, ".lang-switch a[hreflang=fr]"), "href"),
        "/blog/fr/tags/intelligence-artificielle/"
    );
    // Alternates are reciprocal.
    let fr_url = "https://example.org/blog/fr/tags/intelligence-artificielle/".to_string();
    let en_url = "https://example.org/blog/en/tags/artificial-intelligence/".to_string();
    for doc in [&fr, &en] {
        let alts = alternates(doc);
        assert!(alts.contains(&("fr".into(), fr_url.clone())), "{alts:?}");
        assert!(alts.contains(&("en".into(), en_url.clone())), "{alts:?}");
    }
    assert!(select(&fr, ".listing-header .translation").is_empty());
    // The same word in both languages pairs by itself.
    let web = f.html("fr/tags/web/index.html");
    assert_eq!(
        attr(one(&web, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/en/tags/web/"
    );
    // An unpaired tag leads to the other language's tag index, and says so.
    let chine = f.html("fr/tags/chine/index.html");
    assert_eq!(
        attr(one(&chine, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/en/tags/"
    );
    assert!(text(one(&chine, ".listing-header .translation")).contains("n’existe qu’en français"));
    // The sitemap lists the paired tag pages as alternates of each other.
    let sitemap = f.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let url = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|u| {
            u.descendants()
                .any(|n| n.has_tag_name("loc") && n.text() == Some(&fr_url))
        })
        .expect("the French tag page in the sitemap");
    let hrefs: Vec<&str> = url
        .descendants()
        .filter(|n| n.has_tag_name("link"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(hrefs.contains(&en_url.as_str()), "{hrefs:?}");
    // check: Chine / China look alike but are not paired.
    let report = stdout(&f.check(&[]));
    assert!(
        report.contains(
            "tags « Chine » (fr) and « China » (en) look like one word but are not paired"
        ),
        "{report}"
    );
    assert!(!report.contains("« Web »"), "{report}");
}

#[test]
fn check_notes_a_translation_missing_a_paired_tag() {
    let f = Fixture::bilingual();
    f.write("site.toml", &format!("{BILINGUAL}{TAGS}"));
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\ntags: [Intelligence artificielle]",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\ntags: [Markets]",
        "Text.\n",
    );
    let report = stdout(&f.check(&[]));
    assert!(report.contains("check: 0 errors"), "{report}");
    assert!(
        report.contains("content/en/2025-01-29-the-moment.md:5: the fr version is tagged « Intelligence artificielle », whose en equivalent `artificial-intelligence`"),
        "{report}"
    );
}

const AUTHORS: &str = r#"
[authors.ada]
name = "Ada Martin"
bio.fr = "Journaliste économique."
bio.en = "Business reporter."
photo = "authors/ada.png"
"#;

#[test]
fn declared_authors_have_pages_and_feeds_and_bylines_link_to_them() {
    let f = Fixture::bilingual();
    f.write("site.toml", &format!("{BILINGUAL}{AUTHORS}"));
    let mut png = Vec::new();
    image::RgbImage::from_pixel(300, 300, image::Rgb([200, 40, 40]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    f.write_bytes("content/authors/ada.png", &png);
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\nauthor: [ada, La rédaction]",
        "Texte.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\nauthor: ada",
        "Text.\n",
    );
    f.build_ok();
    let article = f.html("fr/2025/01/le-moment/index.html");
    let links: Vec<(String, String)> = select(&article, ".byline .author a")
        .into_iter()
        .map(|a| (text(a), attr(a, "href")))
        .collect();
    assert_eq!(
        links,
        [(
            "Ada Martin".to_string(),
            "/blog/fr/authors/ada/".to_string()
        )]
    );
    assert_eq!(
        text(one(&article, ".byline .author")),
        "Par Ada Martin, La rédaction"
    );
    let page = f.html("fr/authors/ada/index.html");
    assert_eq!(attr(one(&page, "body"), "class"), "kind-author");
    assert_eq!(text(one(&page, "h1")), "Ada Martin");
    assert_eq!(text(one(&page, ".bio")), "Journaliste économique.");
    // The portrait goes through the image pipeline, its alt the name.
    let portrait = one(&page, "img.portrait");
    assert_eq!(attr(portrait, "alt"), "Ada Martin");
    assert_eq!(attr(portrait, "src"), "/blog/media/authors/ada-300.png");
    assert!(f.out().join("media/authors/ada-300.png").is_file());
    let titles: Vec<String> = select(&page, ".card h2").into_iter().map(text).collect();
    assert_eq!(titles, ["Le moment"]);
    assert_eq!(
        attr(one(&page, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/en/authors/ada/"
    );
    let en = f.html("en/authors/ada/index.html");
    assert_eq!(text(one(&en, ".bio")), "Business reporter.");
    let feed = f.read("en/authors/ada/atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        1
    );
    // A mistyped id is an error on its line; free text stays a byline.
    f.article(
        "fr/2025-02-01-x.md",
        "title: X\ndate: 2025-02-01\nauthor: adda",
        "Texte.\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/fr/2025-02-01-x.md:4: unknown author `adda` (the authors are ada)"),
        "{err}"
    );
}

#[test]
fn a_page_can_be_a_folder_with_its_images() {
    let f = Fixture::bilingual();
    pair(&f);
    let mut png = Vec::new();
    image::RgbImage::from_pixel(200, 100, image::Rgb([20, 90, 160]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    f.write_bytes("content/fr/contact/plan.png", &png);
    f.article(
        "fr/contact/index.md",
        "title: Contact",
        "Nous trouver :\n\n![Le plan d’accès](plan.png)\n",
    );
    f.build_ok();
    let doc = f.html("fr/contact/index.html");
    assert_eq!(attr(one(&doc, "body"), "class"), "kind-page");
    let img = one(&doc, ".article-body img");
    assert_eq!(attr(img, "src"), "/blog/media/fr/contact/plan-200.png");
    assert!(f.out().join("media/fr/contact/plan-200.png").is_file());
}

#[test]
fn a_page_shows_its_byline_like_an_article() {
    let f = Fixture::bilingual();
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[authors.ada]\nname = \"Ada Martin\"\n"),
    );
    f.article(
        "fr/a-propos.md",
        "title: À propos\nauthor: [ada, La rédaction]",
        "Qui nous sommes.\n",
    );
    f.article("fr/contact.md", "title: Contact", "Écrivez-nous.\n");
    f.build_ok();
    let page = f.html("fr/a-propos/index.html");
    assert_eq!(
        text(one(&page, ".byline .author")),
        "Par Ada Martin, La rédaction"
    );
    assert_eq!(
        attr(one(&page, ".byline .author a"), "href"),
        "/blog/fr/authors/ada/"
    );
    // No author: no byline.
    assert!(select(&f.html("fr/contact/index.html"), ".byline").is_empty());
}

/// Hugo's layout, kept by a site moved from it: English (the default) at
/// the root with its own permalink, French under `/fr/` with another.
const ENGLISH_AT_ROOT: &str = r#"
base_url = "https://example.org/blog/"
default_language = "en"
default_language_at_root = true

[languages.en]
name = "English"
title = "The Journal"
permalink = "/{year}/{month}/{day}/{slug}.html"

[languages.fr]
name = "Français"
title = "Le Journal"
permalink = "/{lang}/articles/{slug}/"
"#;

#[test]
fn each_language_has_its_permalink_and_the_default_one_can_live_at_the_root() {
    let f = Fixture::new(ENGLISH_AT_ROOT);
    pair(&f);
    f.article(
        "en/about.md",
        "title: About\ntranslation: fr/a-propos.md",
        "Who we are.\n",
    );
    f.article(
        "fr/a-propos.md",
        "title: À propos\ntranslation: en/about.md",
        "Qui nous sommes.\n",
    );
    f.build_ok();
    // English: home, article, page, tags and feed at the root, no picker.
    let home = f.html("index.html");
    assert_eq!(attr(one(&home, "html"), "lang"), "en");
    assert_eq!(
        attr(one(&home, ".lang-switch a[hreflang=fr]"), "href"),
        "/blog/fr/"
    );
    let en = f.html("2025/01/29/the-moment.html");
    assert_eq!(text(one(&en, "h1")), "The moment");
    assert_eq!(
        alternates(&en),
        [
            (
                "en".into(),
                "https://example.org/blog/2025/01/29/the-moment.html".into()
            ),
            (
                "fr".into(),
                "https://example.org/blog/fr/articles/le-moment/".into()
            ),
            (
                "x-default".into(),
                "https://example.org/blog/2025/01/29/the-moment.html".into()
            ),
        ]
    );
    assert!(
        f.out().join("about/index.html").is_file(),
        "the page drops {{lang}}"
    );
    assert!(f.out().join("tags/ai/index.html").is_file());
    assert!(
        f.read("atom.xml")
            .contains("/blog/2025/01/29/the-moment.html")
    );
    // French under its code, its switch back to the root.
    let fr = f.html("fr/articles/le-moment/index.html");
    assert_eq!(
        attr(one(&fr, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/2025/01/29/the-moment.html"
    );
    assert_eq!(
        attr(
            one(&f.html("fr/index.html"), ".lang-switch a[hreflang=en]"),
            "href"
        ),
        "/blog/"
    );
    assert!(f.out().join("fr/tags/ia/index.html").is_file());
    assert!(f.out().join("fr/a-propos/index.html").is_file());
    let sitemap = f.read("sitemap.xml");
    for loc in [
        "<loc>https://example.org/blog/</loc>",
        "<loc>https://example.org/blog/fr/</loc>",
        "<loc>https://example.org/blog/2025/01/29/the-moment.html</loc>",
    ] {
        assert!(sitemap.contains(loc), "{loc} missing from {sitemap}");
    }
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn a_language_permalink_is_checked_at_its_line() {
    let f = Fixture::new(
        &ENGLISH_AT_ROOT.replace("/{lang}/articles/{slug}/", "/{lang}/{week}/{slug}/"),
    );
    pair(&f);
    let err = f.build_err();
    assert!(
        err.contains(
            "site.toml:14: permalink `/{lang}/{week}/{slug}/`: unknown placeholder {week}"
        ),
        "{err}"
    );
}

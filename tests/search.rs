//! Search: what `gazette build` writes for it (one Pagefind index per
//! language, of article and page bodies only; a search page per language at
//! the UI strings' slug; the masthead's field), under a sub-path, and a site
//! that turns it off. (Typing in the search page is the browser test's.)

mod common;
use common::*;

/// A pair, a French-only article with a section and tags, and a page.
fn site(extra_toml: &str) -> Fixture {
    let f = Fixture::new(&format!(
        "{BILINGUAL}\n[sections.tech]\nfr = \"Tech\"\nen = \"Tech\"\n{extra_toml}"
    ));
    pair(&f);
    f.article(
        "fr/2025-02-01-ecoles.md",
        "title: L’intelligence des écoles\ndate: 2025-02-01\nsection: tech\ntags: [Éducation, IA]",
        "Les écoles françaises apprennent l’intelligence artificielle.\n",
    );
    f.article(
        "fr/a-propos.md",
        "title: À propos\ntranslation: en/about.md",
        "Qui nous sommes.\n",
    );
    f.article("en/about.md", "title: About", "Who we are.\n");
    f
}

/// `pagefind/pagefind-entry.json`: the languages indexed and their page counts.
fn indexed(f: &Fixture) -> Vec<(String, u64)> {
    let entry: serde_json::Value =
        serde_json::from_str(&f.read("pagefind/pagefind-entry.json")).unwrap();
    let mut languages: Vec<(String, u64)> = entry["languages"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(code, l)| (code.clone(), l["page_count"].as_u64().unwrap()))
        .collect();
    languages.sort();
    languages
}

#[test]
fn each_language_gets_its_own_index_of_article_and_page_bodies_only() {
    let f = site("");
    f.build_ok();
    // French: two articles and a page; English: one article and a page.
    // Listings, tag pages, the search pages and the 404 are not indexed.
    assert_eq!(indexed(&f), [("en".into(), 2), ("fr".into(), 3)]);
    for file in [
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind.js",
        "wasm.fr.pagefind",
        "wasm.en.pagefind",
    ] {
        assert!(
            f.out().join("pagefind").join(file).is_file(),
            "{file} is published"
        );
    }
    let doc = f.html("fr/2025/02/ecoles/index.html");
    let body = one(&doc, "[data-pagefind-body]");
    assert!(text(body).contains("Les écoles françaises"));
    // Its section and tags are the search's filters, named in its language.
    let filters: Vec<(String, String)> = select(&doc, "[data-pagefind-filter]")
        .into_iter()
        .map(|e| (attr(e, "data-pagefind-filter"), text(e)))
        .collect();
    assert_eq!(
        filters,
        [
            ("Rubrique".into(), "Tech".into()),
            ("Thème".into(), "Éducation".into()),
            ("Thème".into(), "IA".into()),
        ]
    );
    let home = f.read("fr/index.html");
    assert!(
        !home.contains("data-pagefind-body"),
        "listings are not indexed"
    );
}

#[test]
fn search_pages_sit_at_the_ui_strings_slug_and_load_the_index_from_the_sub_path() {
    let f = site("");
    f.build_ok();
    for (lang, slug, other) in [
        ("fr", "recherche", "/blog/en/search/"),
        ("en", "search", "/blog/fr/recherche/"),
    ] {
        let doc = f.html(&format!("{lang}/{slug}/index.html"));
        assert_eq!(attr(one(&doc, "html"), "lang"), lang);
        assert_eq!(attr(one(&doc, "#search"), "data-bundle"), "/blog/pagefind/");
        // The masthead's field searches this language's page.
        let form = one(&doc, "form[role=search]");
        assert_eq!(attr(form, "action"), format!("/blog/{lang}/{slug}/"));
        assert_eq!(attr(one(&doc, "form[role=search] input"), "name"), "q");
        // The other language's search page is its alternate and its switch.
        let alternates: Vec<String> = alternates(&doc).into_iter().map(|(_, href)| href).collect();
        assert!(
            alternates.contains(&format!("https://example.org{other}")),
            "{alternates:?}"
        );
        let switch: Vec<String> = select(&doc, ".lang-switch a")
            .into_iter()
            .map(|a| attr(a, "href"))
            .collect();
        assert_eq!(switch, [other.to_string()]);
    }
    // Every page carries the field, to its language's search page.
    let doc = f.html("en/2025/01/the-moment/index.html");
    assert_eq!(
        attr(one(&doc, "form[role=search]"), "action"),
        "/blog/en/search/"
    );
    // Nothing outside the site: the page loads Pagefind from the bundle.
    let page = f.read("fr/recherche/index.html");
    assert!(
        !page.contains("http://") && !page.contains("https://cdn"),
        "{page}"
    );
    // `check` finds nothing broken in a site with search.
    let out = f.check(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_site_with_search_off_writes_no_index_no_page_and_no_field() {
    let f = site("[search]\nenabled = false\n");
    f.build_ok();
    assert!(!f.out().join("pagefind").exists());
    assert!(!f.out().join("fr/recherche").exists());
    assert!(!f.out().join("en/search").exists());
    let doc = f.html("fr/index.html");
    assert!(select(&doc, "form[role=search]").is_empty());
}

#[test]
fn max_fragments_is_passed_on_and_zero_is_refused_on_its_line() {
    let f = site("[search]\nmax_fragments = 0\n");
    let err = f.build_err();
    assert!(
        err.contains("site.toml:19: [search] max_fragments must be at least 1"),
        "{err}"
    );
    let f = site("[search]\nmax_fragments = 1\n");
    f.build_ok();
    let fragments = |lang: &str| {
        std::fs::read_dir(f.out().join("pagefind/fragment"))
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().starts_with(&format!("{lang}_"))
            })
            .count()
    };
    assert_eq!((fragments("fr"), fragments("en")), (1, 1));
}

#[test]
fn the_same_site_makes_the_same_index_byte_for_byte() {
    let f = site("");
    // Enough pages that the renderers finish in varying orders.
    for i in 0..40 {
        f.article(
            &format!("fr/2025-03-{:02}-n{i}.md", i % 28 + 1),
            &format!("title: Brève {i}\ndate: 2025-03-{:02}", i % 28 + 1),
            &format!("Le texte numéro {i}, sur l’école et l’économie.\n"),
        );
    }
    f.build_ok();
    let first = tree(&f.out().join("pagefind"));
    let again = f.build(&["--output", f.root().join("again").to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    let second = tree(&f.root().join("again/pagefind"));
    assert_eq!(first.len(), second.len());
    assert!(
        first == second,
        "two builds of one site wrote different indexes"
    );
}

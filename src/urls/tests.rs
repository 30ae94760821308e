//! The rules of this module, tested beside it.

use super::*;
use std::collections::HashSet;

fn base() -> BaseUrl {
    BaseUrl::parse("https://example.org/blog/").unwrap()
}

#[test]
fn variant_names_are_unique_per_original() {
    let v = |source: &str, ext: &str| Urls::media_file(source, Some(("480", ext)));
    assert_eq!(v("fr/photo.jpg", "jpg"), "media/fr/photo-480.jpg");
    assert_eq!(v("fr/photo.jpg", "webp"), "media/fr/photo-480.webp");
    assert_eq!(v("fr/photo.png", "png"), "media/fr/photo-480.png");
    assert_eq!(v("fr/photo.png", "webp"), "media/fr/photo-png-480.webp");
    assert_eq!(v("fr/photo.webp", "webp"), "media/fr/photo-webp-480.webp");
    assert_eq!(v("fr/photo.webp", "jpg"), "media/fr/photo-webp-480.jpg");
    assert_eq!(v("fr.x/photo", "jpg"), "media/fr.x/photo-480.jpg");
    // Each original's variants (a JPEG's social card is a JPEG, a
    // PNG's a PNG, a WebP's a JPEG): no two alike.
    let made = [
        ("photo.jpg", ["jpg", "webp"]),
        ("photo.png", ["png", "webp"]),
        ("photo.webp", ["webp", "jpg"]),
    ];
    let all: HashSet<String> = made
        .iter()
        .flat_map(|(s, exts)| exts.map(|e| v(s, e)))
        .collect();
    assert_eq!(all.len(), 6);
    assert_eq!(Urls::media_file("fr/doc.pdf", None), "media/fr/doc.pdf");
}

#[test]
fn pretty_urls_become_index_files() {
    assert_eq!(output_file("/fr/2025/01/x/"), "fr/2025/01/x/index.html");
    assert_eq!(output_file("/fr/x"), "fr/x/index.html");
    assert_eq!(output_file("/fr/x.html"), "fr/x.html");
    assert_eq!(output_file("/"), "index.html");
}

#[test]
fn site_urls_carry_the_base_path() {
    let b = base();
    let u = Urls::new(&b, None);
    assert_eq!(u.home("fr"), "/blog/fr/");
    assert_eq!(u.tag("en", "ai"), "/blog/en/tags/ai/");
    assert_eq!(u.feed("fr"), "/blog/fr/atom.xml");
    assert_eq!(u.listing_page("/blog/fr/", 1), "/blog/fr/");
    assert_eq!(u.listing_page("/blog/fr/", 3), "/blog/fr/page/3/");
    assert_eq!(u.absolute(&u.home("fr")), "https://example.org/blog/fr/");
    assert_eq!(u.output_file("/blog/fr/page/2/"), "fr/page/2/index.html");
}

#[test]
fn permalinks_expand_every_placeholder() {
    let date = DateTime::parse_from_rfc3339("2025-01-09T10:00:00+01:00").unwrap();
    assert_eq!(
        permalink("/{lang}/{year}/{month}/{day}/{slug}/", "fr", &date, "x"),
        "/fr/2025/01/09/x/"
    );
}

/// Every URL the renderer writes is found again by the host's rule.
#[test]
fn what_is_written_is_what_is_served() {
    let b = base();
    let u = Urls::new(&b, None);
    let urls = [
        u.home("fr"),
        u.listing_page(&u.tag("fr", "ia"), 2),
        u.feed("en"),
        u.url("fr/2025/x"),
        u.url("sitemap.xml"),
    ];
    let files: HashSet<String> = urls.iter().map(|x| u.output_file(x)).collect();
    for url in &urls {
        let Place::Site(Some(path)) = u.target(url, "").unwrap().path else {
            panic!("{url}")
        };
        let found = find(&path, |f| files.contains(f)).expect(url);
        assert_eq!(found.file(), u.output_file(url), "{url}");
    }
    assert_eq!(
        find("fr/2025/x", |f| files.contains(f)),
        Some(Found::Folder("fr/2025/x/index.html".into()))
    );
    assert_eq!(find("fr/missing/", |f| files.contains(f)), None);
}

#[test]
fn link_targets_are_read_as_the_host_reads_them() {
    let b = base();
    let u = Urls::new(&b, None);
    let page = "fr/2025/01/x/index.html";
    let site = |p: &str| Place::Site(Some(p.to_string()));
    let at = |link: &str| u.target(link, page).unwrap().path;
    assert_eq!(u.target("https://other.org/x", page), None);
    assert_eq!(u.target("mailto:a@b.c", page), None);
    assert_eq!(u.target("tel:+33100000000", page), None);
    let t = u
        .target("https://example.org/blog/fr/%C3%A9t%C3%A9/#deux", page)
        .unwrap();
    assert_eq!(t.path, site("fr/été/"));
    assert_eq!(t.fragment.as_deref(), Some("deux"));
    assert_eq!(at("/blog/?q=1"), site(""));
    // Relative links are taken from the page's folder, as a browser does.
    assert_eq!(at("photo.png"), site("fr/2025/01/x/photo.png"));
    assert_eq!(at("images/raw.png"), site("fr/2025/01/x/images/raw.png"));
    assert_eq!(at("../../y/"), site("fr/2025/y/"));
    assert_eq!(at("./"), site("fr/2025/01/x/"));
    // Under a sub-path, the host's root is not the site's.
    assert_eq!(at("/img/x.svg"), Place::Outside);
    assert_eq!(at("../../../../../x/"), Place::Outside);
    assert_eq!(at("/blog/../../etc/passwd"), Place::Outside);
}

#[test]
fn request_paths_map_to_site_paths() {
    assert_eq!(request_path("/").unwrap(), "");
    assert_eq!(request_path("/fr/a/").unwrap(), "fr/a/");
    assert_eq!(request_path("/style.css").unwrap(), "style.css");
    assert_eq!(request_path("/fr/%C3%A9t%C3%A9/").unwrap(), "fr/été/");
    assert_eq!(request_path("//fr/./a/").unwrap(), "fr/a/");
}

#[test]
fn traversal_in_every_encoding_is_refused() {
    for p in [
        "/../etc/passwd",
        "/fr/../../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2fetc/passwd",
        "/..\\..\\etc\\passwd",
        "/%5c..%5cetc",
        "/a%00.html",
        "/C:/Windows/win.ini",
        "etc/passwd",
    ] {
        assert!(request_path(p).is_err(), "{p}");
    }
    assert_eq!(request_path("/%ff"), Err(BadPath::Encoding));
}

/// A language on an address of its own is a root of its own: its URLs are
/// absolute there, its files in its folder, and the files every language
/// shares are copied into each folder and found there.
#[test]
fn a_language_on_its_own_address_is_a_site_in_its_folder() {
    let site = BaseUrl::parse("https://exemple.fr/blog/").unwrap();
    let hosts = [
        ("fr".to_string(), site.clone()),
        (
            "en".to_string(),
            BaseUrl::parse("https://example.com/blog/").unwrap(),
        ),
    ];
    let u = Urls::new(&site, None).with_hosts(&hosts);
    assert_eq!(u.home("en"), "https://example.com/blog/");
    assert_eq!(u.tag("fr", "ia"), "https://exemple.fr/blog/tags/ia/");
    assert_eq!(
        u.in_edition("en", "old/x/"),
        "https://example.com/blog/old/x/"
    );
    assert_eq!(u.output_file(&u.tag("en", "ai")), "en/tags/ai/index.html");
    assert_eq!(u.site_path("https://example.com/blog/x/"), "en/x/");
    assert_eq!(u.permalink_of("/en/x/"), "https://example.com/blog/x/");
    assert_eq!(
        u.permalink_of("media/a.jpg"),
        "https://exemple.fr/blog/media/a.jpg"
    );
    assert_eq!(u.front_door("fr"), "https://exemple.fr/blog/");
    assert_eq!(
        u.absolute_in("en", "/blog/media/a.jpg"),
        "https://example.com/blog/media/a.jpg"
    );
    assert_eq!(u.placements("style.css"), ["fr/style.css", "en/style.css"]);
    assert_eq!(u.placements("en/sitemap.xml"), ["en/sitemap.xml"]);
    assert_eq!(u.on_its_root("en/x/index.html"), "x/index.html");
    // Links: to the other host, root-relative on a page's own host, relative.
    let site_path = |link: &str, page: &str| match u.target(link, page).unwrap().path {
        Place::Site(p) => p.unwrap(),
        Place::Outside => "outside".into(),
    };
    assert_eq!(site_path("https://example.com/blog/x/", "fr/a/"), "en/x/");
    assert_eq!(site_path("/blog/media/a.jpg", "en/x/"), "en/media/a.jpg");
    assert_eq!(site_path("../y/", "en/x/"), "en/y/");
    assert_eq!(site_path("/elsewhere/", "en/x/"), "outside");
    let files = ["media/a.jpg", "en/x/index.html"];
    let reached = |p: &str| {
        u.reach(p, |f| files.contains(&f))
            .map(|f| f.file().to_string())
    };
    assert_eq!(reached("en/media/a.jpg").as_deref(), Some("en/media/a.jpg"));
    assert_eq!(reached("fr/x/"), None, "a page is on its own host only");
    // A preview puts each language under one address: one tree, no copies.
    let preview = BaseUrl::parse("http://127.0.0.1:1111/").unwrap();
    let folded = [
        (
            "fr".to_string(),
            BaseUrl::parse("http://127.0.0.1:1111/fr/").unwrap(),
        ),
        (
            "en".to_string(),
            BaseUrl::parse("http://127.0.0.1:1111/en/").unwrap(),
        ),
    ];
    let p = Urls::new(&preview, None).with_hosts(&folded);
    assert_eq!(p.output_file(&p.home("en")), "en/index.html");
    assert_eq!(p.placements("style.css"), ["style.css"]);
    assert_eq!(p.front_door("fr"), "/");
}

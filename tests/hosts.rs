//! One address per language (`[languages.<code>] base_url`, Hugo's
//! multihost): the output is a folder per language, each a whole site for
//! its host; every link of every page is followed as that host would serve
//! it; `check`, `serve` and `deploy` agree.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

const TWO_HOSTS: &str = r#"
base_url = "https://exemple.fr/"
default_language = "fr"
host = "netlify"

[languages.fr]
name = "Français"
title = "Le Journal"

[languages.en]
name = "English"
title = "The Journal"
base_url = "https://example.com/"

[redirects]
"/en/old-about/" = "/en/about/"

[deploy.fr]
kind = "dir"
path = "../hosts/fr"
language = "fr"

[deploy.en]
kind = "dir"
path = "../hosts/en"
language = "en"
"#;

fn two_host_site() -> Fixture {
    let f = Fixture::new(TWO_HOSTS);
    pair(&f);
    f.write_bytes("content/fr/photo.png", &png(900, 600));
    f.article(
        "fr/2025-02-03-la-photo.md",
        "title: « La photo »\ndate: 2025-02-03\ntranslation: en/2025-02-03-the-photo.md\nimage: photo.png\nimage_alt: Un dégradé\naliases: [\"ancienne-photo/\"]",
        "Voir [le moment](2025-01-29-le-moment.md) et [the English one](../en/2025-02-03-the-photo.md).\n",
    );
    f.article(
        "en/2025-02-03-the-photo.md",
        "title: The photo\ndate: 2025-02-03\ntranslation: fr/2025-02-03-la-photo.md\nimage: ../fr/photo.png\nimage_alt: A gradient",
        "See [the moment](2025-01-29-the-moment.md).\n",
    );
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
    f
}

/// The folder of `hosts` serving `url` and the file it answers with, as a
/// static host serves a folder (`/x/` → `x/index.html`, `/x` → `x/` too).
fn served<'a>(hosts: &'a [(&str, &Path)], url: &str) -> Option<(&'a str, String)> {
    let (origin, folder) = hosts.iter().find(|(o, _)| url.starts_with(o))?;
    let path = url[origin.len()..].split(['#', '?']).next().unwrap();
    let rel = path.trim_start_matches('/');
    let candidates = [
        rel.to_string(),
        format!("{rel}index.html"),
        format!("{rel}/index.html"),
    ];
    candidates
        .into_iter()
        .find(|c| !c.is_empty() && !c.ends_with('/') && folder.join(c).is_file())
        .map(|c| (*origin, c))
}

#[test]
fn each_language_is_a_whole_site_on_its_own_address() {
    let f = two_host_site();
    f.build_ok();
    let top: BTreeSet<String> = std::fs::read_dir(f.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        top,
        BTreeSet::from(["en".into(), "fr".into()]),
        "one folder per host"
    );
    // Each language at the root of its own address, no `/{lang}/` left.
    let fr = f.html("fr/2025/02/la-photo/index.html");
    assert_eq!(attr(one(&fr, "html"), "lang"), "fr");
    assert_eq!(
        alternates(&fr),
        [
            ("fr".into(), "https://exemple.fr/2025/02/la-photo/".into()),
            ("en".into(), "https://example.com/2025/02/the-photo/".into()),
            (
                "x-default".into(),
                "https://exemple.fr/2025/02/la-photo/".into()
            ),
        ]
    );
    assert_eq!(
        attr(one(&fr, ".lang-switch a[hreflang=en]"), "href"),
        "https://example.com/2025/02/the-photo/"
    );
    let en_home = f.html("en/index.html");
    assert_eq!(attr(one(&en_home, "html"), "lang"), "en");
    assert!(f.out().join("en/about/index.html").is_file());
    assert!(f.out().join("fr/a-propos/index.html").is_file());
    // The files every language shares are in both folders.
    let css = attr(one(&fr, r#"link[rel="stylesheet"]"#), "href");
    for host in ["fr", "en"] {
        let copy = f.read(&format!("{host}{css}"));
        assert!(copy.contains("body"), "{host} has the stylesheet");
        assert!(f.out().join(host).join("404.html").is_file());
    }
    // Robots, sitemaps and redirects per host, each naming its own URLs only.
    let robots = f.read("en/robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.com/sitemap.xml"),
        "{robots}"
    );
    let sitemap = f.read("en/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://example.com/2025/02/the-photo/"),
        "{locs:?}"
    );
    assert!(
        locs.iter().all(|l| l.starts_with("https://example.com/")),
        "{locs:?}"
    );
    assert!(sitemap.contains(r#"hreflang="fr" href="https://exemple.fr/2025/02/la-photo/""#));
    let redirects = f.read("fr/_redirects");
    assert!(
        redirects.contains("/ancienne-photo/ https://exemple.fr/2025/02/la-photo/ 301"),
        "{redirects}"
    );
    let en_redirects = f.read("en/_redirects");
    assert!(!en_redirects.contains("ancienne-photo"), "{en_redirects}");
    assert!(
        en_redirects.contains("/old-about/ https://example.com/about/ 301"),
        "{en_redirects}"
    );
    assert!(!redirects.contains("old-about"), "{redirects}");
    assert!(
        f.read("en/old-about/index.html")
            .contains("https://example.com/about/")
    );
    assert!(
        f.read("en/atom.xml")
            .contains("<id>https://example.com/2025/02/the-photo/</id>")
    );
    // Every link and image of every page, followed as the hosts serve them.
    let hosts = [
        ("https://exemple.fr", f.out().join("fr")),
        ("https://example.com", f.out().join("en")),
    ];
    let hosts: Vec<(&str, &Path)> = hosts.iter().map(|(o, p)| (*o, p.as_path())).collect();
    let mut followed = 0;
    for (origin, folder) in &hosts {
        for (file, bytes) in tree(folder) {
            if !file.ends_with(".html") {
                continue;
            }
            let doc = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
            let page = format!("{origin}/{file}");
            for e in select(
                &doc,
                "a[href], link[href], img[src], source[srcset], script[src]",
            ) {
                let v = e.value();
                let links = v.attr("href").or(v.attr("src")).into_iter().chain(
                    v.attr("srcset")
                        .into_iter()
                        .flat_map(|s| s.split(',').filter_map(|c| c.split_whitespace().next())),
                );
                for link in links {
                    if link.starts_with('#') || link.starts_with("data:") {
                        continue;
                    }
                    let url = if link.starts_with("https://") {
                        link.to_string()
                    } else if link.starts_with('/') {
                        format!("{origin}{link}")
                    } else {
                        let folder_url = &page[..page.rfind('/').unwrap() + 1];
                        format!("{folder_url}{link}")
                    };
                    if !hosts.iter().any(|(o, _)| url.starts_with(o)) {
                        continue;
                    }
                    assert!(
                        served(&hosts, &url).is_some(),
                        "{page} links {link}, which its hosts do not serve"
                    );
                    followed += 1;
                }
            }
        }
    }
    assert!(followed > 100, "only {followed} links followed");
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn the_preview_shows_each_language_under_one_address() {
    let f = two_host_site();
    let (child, url) = spawn_serve(&f, &[]);
    let _stop = Stop(child);
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let (status, body) = http_get(address, "/en/2025/02/the-photo/");
    assert_eq!(status, 200);
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&body));
    assert_eq!(
        attr(one(&doc, ".lang-switch a[hreflang=fr]"), "href"),
        format!("{url}fr/2025/02/la-photo/")
    );
    let css = attr(one(&doc, r#"link[rel="stylesheet"]"#), "href");
    assert_eq!(http_get(address, &css).0, 200, "{css}");
}

/// Stops the dev server however the test ends.
struct Stop(std::process::Child);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn each_deploy_target_publishes_one_language_s_address() {
    let f = two_host_site();
    f.build_ok();
    for target in ["fr", "en"] {
        let out = gazette(&["deploy", target, "--root", f.root().to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let hosts = f.root().join("../hosts");
    assert_eq!(
        std::fs::read(hosts.join("en/2025/02/the-photo/index.html")).unwrap(),
        std::fs::read(f.out().join("en/2025/02/the-photo/index.html")).unwrap()
    );
    assert!(hosts.join("fr/a-propos/index.html").is_file());
    assert!(!hosts.join("fr/en").exists() && !hosts.join("en/about").join("fr").exists());
    assert!(hosts.join("en/robots.txt").is_file() && hosts.join("fr/404.html").is_file());
    // The record of what each address published is in its own terms.
    let record = f.read_root("published-urls.txt");
    assert!(
        record.contains("/en/2025/02/the-photo/ en/2025-02-03-the-photo.md"),
        "{record}"
    );
    let manifest = std::fs::read_to_string(hosts.join("en/.gazette-manifest.json")).unwrap();
    assert!(manifest.contains("\"/2025/02/the-photo/\""), "{manifest}");
    std::fs::remove_dir_all(hosts).unwrap();
}

#[test]
fn addresses_per_language_are_checked_at_their_line() {
    let f = Fixture::new(
        &TWO_HOSTS
            .replace("https://example.com/", "https://example.com/en/")
            .replace(
                "path = \"../hosts/fr\"\nlanguage = \"fr\"\n",
                "path = \"../hosts/fr\"\n",
            ),
    );
    pair(&f);
    let err = f.build_err();
    assert!(
        err.contains(
            "site.toml:13: [languages.en] base_url is served under `/en/` but the site's under `/`"
        ),
        "{err}"
    );
    assert!(
        err.contains("[deploy.fr]: each language of this site has its own address"),
        "{err}"
    );
}

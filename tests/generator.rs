//! Smoke test of the benchmark's site generator (examples/gen_site.rs): a
//! small generated site builds, with pairs linked both ways and the Hugo twin
//! written. The benchmark itself is not part of the test suite.

mod common;

use common::*;

/// `cargo test` builds the examples next to the test binaries.
fn example(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(name)
}

#[test]
fn a_generated_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (site, hugo) = (dir.path().join("site"), dir.path().join("hugo"));
    let out = std::process::Command::new(example("gen_site"))
        .args(["--pairs", "30", "--seed", "3", "--out"])
        .arg(&site)
        .arg("--hugo")
        .arg(&hugo)
        .output()
        .expect("run the generator (built by cargo test)");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(hugo.join("hugo.toml").exists(), "the Hugo twin is written");
    let out = gazette(&["build", "--root", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let public = site.join("public");
    let articles: Vec<_> = tree(&public)
        .into_iter()
        .filter(|(p, _)| p.matches('/').count() == 4 && p.ends_with("/index.html"))
        .collect();
    assert!(articles.len() >= 55, "{} article pages", articles.len());
    // Every switch link of a generated article leads to a page that exists.
    let mut linked = 0;
    for (path, bytes) in &articles {
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        for a in select(
            &doc,
            "link[rel=alternate][hreflang]:not([hreflang=x-default])",
        ) {
            let href = attr(a, "href");
            let rel = href.split_once("://").map_or(href.as_str(), |(_, r)| r);
            let rel = rel.split_once('/').map_or("", |(_, r)| r);
            assert!(
                public.join(rel).join("index.html").exists(),
                "{path}: {href}"
            );
            linked += 1;
        }
    }
    assert!(linked > articles.len(), "pairs link to each other");
}

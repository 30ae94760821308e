//! The deploy scenario every kind of target goes through (a folder, rsync
//! over SSH, an S3 store): a news site deployed, deployed again, edited,
//! an article removed, each step checked against what the target holds.

use super::*;
use std::collections::{BTreeMap, BTreeSet};

/// What a target holds: path → bytes (the target's record left out).
pub type Held = BTreeMap<String, Vec<u8>>;

/// The built site as a map, for comparing with a target.
pub fn built(f: &Fixture) -> Held {
    tree(&f.out()).into_iter().collect()
}

/// A small bilingual news site: three pairs with tags, one with an image,
/// and a page.
pub fn news_site(f: &Fixture, extra_toml: &str) {
    f.write("site.toml", &format!("{BILINGUAL}\n{extra_toml}"));
    f.write_bytes("content/fr/images/carte.png", &png(640, 400));
    let pairs = [
        ("la-une", "front-page"),
        ("le-marche", "the-market"),
        ("la-fin", "the-end"),
    ];
    for (n, (fr, en)) in pairs.iter().enumerate() {
        let day = n + 10;
        let (image_fr, image_en) = match n {
            1 => (
                "\nimage: images/carte.png\nimage_alt: Une carte",
                "\nimage_alt: A map",
            ),
            _ => ("", ""),
        };
        f.article(
            &format!("fr/2025-03-{day}-{fr}.md"),
            &format!("title: Titre {fr}\ndate: 2025-03-{day}\ntranslation: en/2025-03-{day}-{en}.md\ntags: [Économie, IA]{image_fr}"),
            &format!("Premier paragraphe de {fr} : « citation ».\n\n## Suite\n\nTexte.\n"),
        );
        f.article(
            &format!("en/2025-03-{day}-{en}.md"),
            &format!("title: Title {en}\ndate: 2025-03-{day}\ntranslation: fr/2025-03-{day}-{fr}.md\ntags: [Economy]{image_en}"),
            &format!("First paragraph of {en}.\n"),
        );
    }
    f.article("fr/a-propos.md", "title: À propos", "Qui nous sommes.\n");
}

/// Runs `gazette deploy --format json` with `args`, with `env` set; the
/// parsed report on success, stderr on failure.
pub fn deploy(
    f: &Fixture,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<serde_json::Value, String> {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
    c.args([
        "deploy",
        "--root",
        f.root().to_str().unwrap(),
        "--format",
        "json",
    ])
    .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("gazette runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&out), stderr(&out)));
    if out.status.success() {
        Ok(json)
    } else {
        Err(json["error"].as_str().unwrap_or_default().to_string())
    }
}

/// The paths a deploy report says were sent.
pub fn sent(report: &serde_json::Value) -> BTreeSet<String> {
    report["sent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// The paths a deploy report says were deleted.
/// The replaced files named after their content that a deploy kept one
/// more deploy (a stylesheet, search index files), for pages still open.
pub fn kept(report: &serde_json::Value) -> Vec<&str> {
    report["kept"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect()
}

pub fn deleted(report: &serde_json::Value) -> BTreeSet<String> {
    report["deleted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

/// The files whose bytes differ between two builds (or exist in one only).
pub fn changed(before: &Held, after: &Held) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect()
}

/// Asserts the target holds exactly the built site, plus `kept` (replaced
/// files named after their content, kept one deploy).
pub fn assert_holds_the_site(f: &Fixture, held: &Held, kept: &[&str]) {
    let site = built(f);
    let extra: Vec<&String> = held
        .keys()
        .filter(|p| {
            !site.contains_key(*p) && !kept.contains(&p.as_str()) && *p != ".gazette-manifest.json"
        })
        .collect();
    assert!(
        extra.is_empty(),
        "on the target but not in the site: {extra:?}"
    );
    for (path, bytes) in &site {
        assert!(
            held.get(path) == Some(bytes),
            "{path}: {}",
            if held.contains_key(path) {
                "differs on the target"
            } else {
                "missing on the target"
            }
        );
    }
}

/// The scenario: `held` reads what the target holds, `env` is given to
/// every deploy (credentials, a remote shell).
pub fn scenario(f: &Fixture, env: &[(&str, &str)], held: &dyn Fn() -> Held) {
    f.build_ok();
    let v1 = built(f);
    let first = deploy(f, &[], env).unwrap();
    assert_eq!(
        sent(&first).len(),
        v1.len(),
        "a first deploy sends everything"
    );
    assert_holds_the_site(f, &held(), &[]);
    let again = deploy(f, &[], env).unwrap();
    assert!(
        sent(&again).is_empty() && deleted(&again).is_empty(),
        "{again}"
    );
    assert_eq!(again["unchanged"], v1.len());

    // One edited article sends exactly the files whose bytes changed.
    f.article(
        "fr/2025-03-10-la-une.md",
        "title: Titre la-une\ndate: 2025-03-10\ntranslation: en/2025-03-10-front-page.md\ntags: [Économie, IA]",
        "Un autre premier paragraphe.\n",
    );
    f.build_ok();
    let v2 = built(f);
    let edit = deploy(f, &[], env).unwrap();
    assert_eq!(sent(&edit), changed(&v1, &v2));
    assert!(
        !sent(&edit).is_empty() && sent(&edit).len() < v2.len() / 2,
        "{edit}"
    );
    assert_holds_the_site(f, &held(), &kept(&edit));

    // An article removed without a redirect: the deploy stops, naming it.
    std::fs::remove_file(f.root().join("content/fr/2025-03-12-la-fin.md")).unwrap();
    f.write(
        "content/en/2025-03-12-the-end.md",
        "---\ntitle: Title the-end\ndate: 2025-03-12\n---\nFirst paragraph of the-end.\n",
    );
    assert!(f.build(&["--allow-removed-urls"]).status.success());
    let before = held();
    let refused = deploy(f, &[], env).unwrap_err();
    assert!(
        refused.contains("https://example.org/blog/fr/2025/03/la-fin/")
            && refused.contains("aliases: [\"/fr/2025/03/la-fin/\"]")
            && refused.contains("--allow-removed-urls"),
        "{refused}"
    );
    assert_eq!(held(), before, "a refused deploy changes nothing");
    // --max-deletes holds, and a dry run changes nothing.
    let too_many = deploy(f, &["--allow-removed-urls", "--max-deletes", "0"], env).unwrap_err();
    assert!(too_many.contains("--max-deletes"), "{too_many}");
    let dry = deploy(f, &["--allow-removed-urls", "--dry-run"], env).unwrap();
    assert!(dry["dry_run"].as_bool().unwrap());
    assert!(
        deleted(&dry).contains("fr/2025/03/la-fin/index.html"),
        "{dry}"
    );
    assert_eq!(held(), before, "a dry run changes nothing");
    let removal = deploy(f, &["--allow-removed-urls"], env).unwrap();
    assert_eq!(deleted(&removal), deleted(&dry));
    assert_holds_the_site(f, &held(), &kept(&removal));
    // The record no longer guards the removed URL: the next deploy passes,
    // sending nothing and deleting only what the last one kept.
    let after = deploy(f, &[], env).unwrap();
    let retired: BTreeSet<String> = kept(&removal).into_iter().map(String::from).collect();
    assert!(
        sent(&after).is_empty() && deleted(&after) == retired,
        "{after}"
    );
}

/// A copy of this repository's example site (sources only) in `f`, with
/// `target_toml` appended to its `site.toml`.
pub fn example_site(f: &Fixture, target_toml: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "static", "themes"] {
        for (rel, bytes) in tree(&repo.join(dir)) {
            f.write_bytes(&format!("{dir}/{rel}"), &bytes);
        }
    }
    let toml = std::fs::read_to_string(repo.join("site.toml")).unwrap();
    f.write("site.toml", &format!("{toml}\n{target_toml}"));
    if let Ok(record) = std::fs::read(repo.join("published-urls.txt")) {
        f.write_bytes("published-urls.txt", &record);
    }
}

/// The example site deployed twice: everything, then nothing.
pub fn example_site_twice(f: &Fixture, env: &[(&str, &str)], held: &dyn Fn() -> Held) {
    f.build_ok();
    let site = built(f);
    assert!(
        site.keys().any(|p| p.ends_with(".webp")),
        "the example site has images"
    );
    let first = deploy(f, &[], env).unwrap();
    assert_eq!(sent(&first).len(), site.len());
    assert_holds_the_site(f, &held(), &[]);
    let second = deploy(f, &[], env).unwrap();
    assert!(
        sent(&second).is_empty() && deleted(&second).is_empty(),
        "{second}"
    );
}

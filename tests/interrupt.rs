//! A build killed with SIGKILL at any moment leaves the published site
//! complete: exactly the previous build or exactly the new one, never a mix
//! or a half-written tree; and the next build removes what the killed one
//! left behind.

#![allow(clippy::print_stderr)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Instant;

type Tree = BTreeMap<String, Vec<u8>>;

/// A mid-size bilingual site whose every page shows `version`.
fn write_site(f: &Fixture, version: &str) {
    f.write(
        "site.toml",
        &BILINGUAL.replace("Le Journal", &format!("Le Journal {version}")),
    );
    for n in 0..150 {
        let date = format!("20{:02}-{:02}-{:02}", 15 + n % 10, 1 + n % 12, 1 + n % 28);
        f.article(
            &format!("fr/{date}-article-{n}.md"),
            &format!("title: Article {n}\ndate: {date}\ntags: [IA, Sujet {}]\ntranslation: en/{date}-story-{n}.md", n % 7),
            &format!("Version {version}.\n\n{}\n", "Un paragraphe de texte. ".repeat(40)),
        );
        f.article(
            &format!("en/{date}-story-{n}.md"),
            &format!(
                "title: Story {n}\ndate: {date}\ntags: [AI]\ntranslation: fr/{date}-article-{n}.md"
            ),
            &format!(
                "Version {version}.\n\n{}\n",
                "A paragraph of text. ".repeat(40)
            ),
        );
    }
}

fn tree_of(dir: &std::path::Path) -> Tree {
    tree(dir).into_iter().collect()
}

/// Leftovers of killed builds: hidden staging or old trees beside the output.
fn leftovers(f: &Fixture) -> Vec<String> {
    std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".gazette-"))
        .collect()
}

#[test]
fn a_killed_build_never_damages_the_published_site() {
    let f = Fixture::bilingual();
    // The two complete sites a build can publish.
    write_site(&f, "A");
    let start = Instant::now();
    f.build_ok();
    let build_time = start.elapsed();
    let a = tree_of(&f.out());
    write_site(&f, "B");
    f.build_ok();
    let b = tree_of(&f.out());
    assert_ne!(a, b);
    assert!(a.len() > 300, "{} files", a.len());
    let mut published = b.clone();
    let mut seed: u64 = 0x5eed;
    let mut kills = 0;
    let mut finished = 0;
    let (mut kept_previous, mut saw_leftovers) = (0, 0);
    let mut round = 0;
    while kills < 25 {
        round += 1;
        assert!(round < 200, "could not kill 25 builds in 200 tries");
        let (version, expected) = if round % 2 == 0 { ("B", &b) } else { ("A", &a) };
        write_site(&f, version);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = build_time.mul_f64(((seed >> 33) % 1000) as f64 / 1000.0 * 1.1);
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["build", "--root", f.root().to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let killed = child.try_wait().unwrap().is_none();
        if killed {
            child.kill().unwrap();
        }
        let status = child.wait().unwrap();
        let now = tree_of(&f.out());
        if killed && !status.success() {
            kills += 1;
            kept_previous += usize::from(now == published && now != *expected);
            saw_leftovers += usize::from(!leftovers(&f).is_empty());
            assert!(
                now == published || now == *expected,
                "after kill {kills} ({delay:?} into a build): the site is neither the previous build nor the new one"
            );
        } else {
            finished += 1;
            assert_eq!(now, *expected, "a finished build publishes the new site");
        }
        published = now;
    }
    assert!(kills >= 25);
    // The next build sweeps up whatever the killed ones left.
    write_site(&f, "A");
    f.build_ok();
    assert_eq!(tree_of(&f.out()), a);
    assert_eq!(leftovers(&f), Vec::<String>::new());
    eprintln!(
        "{kills} builds killed ({kept_previous} before publishing, {saw_leftovers} leaving staging behind), {finished} finished first"
    );
    assert!(
        kept_previous > 0,
        "no kill landed mid-build: the test proves nothing"
    );
}

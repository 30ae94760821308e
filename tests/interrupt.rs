//! Builds that cannot finish normally leave the published site complete:
//! killed with SIGKILL at any moment, it is exactly the previous build or
//! exactly the new one, never a mix, and the next build removes what the
//! killed one left behind; two builds at once publish one complete site; a
//! full disk fails with a message naming the output and leaves the previous
//! site as it was.

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

/// Starts `gazette build` and kills it after `delay` unless it finished:
/// whether it was killed, and how it ended.
fn build_killed_after(f: &Fixture, delay: std::time::Duration) -> (bool, std::process::ExitStatus) {
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
    (killed, child.wait().unwrap())
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
        let (killed, status) = build_killed_after(&f, delay);
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

/// Two builds of one site started together: the lock beside the output
/// makes the second wait, so both succeed and the result is one complete
/// site (without it, the second sweeps the first's staging folder away as a
/// leftover, and the first publishes a half-written tree or fails).
#[test]
fn two_builds_at_once_publish_one_complete_site() {
    let f = Fixture::bilingual();
    write_site(&f, "A");
    f.build_ok();
    let expected = tree_of(&f.out());
    for round in 0..6 {
        let start = || {
            Command::new(env!("CARGO_BIN_EXE_gazette"))
                .args(["build", "--root", f.root().to_str().unwrap()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (start(), start());
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: a concurrent build failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert!(
            tree_of(&f.out()) == expected,
            "round {round}: the site is not one complete build"
        );
        assert_eq!(leftovers(&f), Vec::<String>::new());
    }
}

/// A full disk during `build`, on a tiny tmpfs mounted for the test (needs
/// root; skipped with the reason printed otherwise).
#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_fails_naming_the_output_and_keeps_the_previous_site() {
    let f = Fixture::bilingual();
    let disk = f.root().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&disk)
        .output();
    match mounted {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!("skipped: cannot mount a tmpfs (needs root): {other:?}");
            return;
        }
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(disk.clone());
    let out = disk.join("public");
    pair(&f);
    let build = |f: &Fixture| f.build(&["--output", out.to_str().unwrap()]);
    assert!(build(&f).status.success());
    let before = tree(&out);
    // Far more than 2 MB of pages: the article, and the feeds that carry it.
    f.article(
        "fr/2025-02-01-long.md",
        "title: Long\ndate: 2025-02-01",
        &"Un paragraphe qui remplit le disque. ".repeat(100_000),
    );
    let result = build(&f);
    let err = stderr(&result);
    assert!(!result.status.success(), "the build must fail: {err}");
    assert!(err.contains("cannot write"), "{err}");
    assert!(
        err.contains(&out.display().to_string()),
        "names the output: {err}"
    );
    assert!(err.contains("No space left on device"), "{err}");
    assert!(!err.contains("site's sources"), "not a source error: {err}");
    assert_eq!(tree(&out), before, "the previous site is untouched");
    let staging: Vec<String> = std::fs::read_dir(&disk)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".gazette-"))
        .collect();
    assert_eq!(
        staging,
        Vec::<String>::new(),
        "no staging folder left behind"
    );
}

/// Whatever a killed build left live is recorded in `published-urls.txt`:
/// the record is written before the swap. Each round adds one article and
/// kills the build at a random moment; after every kill, each added
/// article that is live has its URL in the record.
#[test]
fn whatever_is_live_after_a_kill_is_recorded() {
    let f = Fixture::bilingual();
    write_site(&f, "A");
    let start = Instant::now();
    f.build_ok();
    let build_time = start.elapsed();
    let mut seed: u64 = 0xfeed;
    let (mut live_and_recorded, mut kills) = (0, 0);
    // Thirty rounds, and more (up to sixty) until enough builds were
    // killed: on a busy machine more builds finish before their kill.
    for n in 0..60 {
        if n >= 30 && kills > 5 {
            break;
        }
        f.article(
            &format!("fr/2025-06-01-ajout-{n}.md"),
            &format!("title: Ajout {n}\ndate: 2025-06-01"),
            "Texte.\n",
        );
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Up to 2.5 build times (a busy machine builds slower than the
        // first build measured): some kills land early, some late, some
        // builds finish.
        let delay = build_time.mul_f64(((seed >> 33) % 1000) as f64 / 1000.0 * 2.5);
        kills += usize::from(build_killed_after(&f, delay).0);
        let record =
            std::fs::read_to_string(f.root().join("published-urls.txt")).unwrap_or_default();
        for k in 0..=n {
            let page = f.out().join(format!("fr/2025/06/ajout-{k}/index.html"));
            if page.is_file() {
                assert!(
                    record.contains(&format!("/fr/2025/06/ajout-{k}/ ")),
                    "ajout-{k} is live but not recorded (round {n}, {delay:?} into the build)"
                );
                live_and_recorded += 1;
            }
        }
    }
    eprintln!("{kills} builds killed, {live_and_recorded} live pages found recorded");
    assert!(
        kills > 5 && live_and_recorded > 0,
        "the test proves nothing"
    );
}

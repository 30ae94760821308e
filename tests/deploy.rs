//! `gazette deploy` to a folder: only what changed is sent, in an order that
//! never shows a reader a page without its stylesheet or images; an output
//! that cannot be trusted, a record from elsewhere and removed URLs are
//! refused. (rsync over SSH and S3 run the same scenario in
//! `tests/deploy_servers.rs`, which needs sshd and moto: `.ci/run` runs it.)

mod common;

use common::deploy::*;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn dir_target(path: &Path) -> String {
    format!(
        "[deploy.www]\nkind = \"dir\"\npath = \"{}\"\n",
        path.display()
    )
}

/// What the folder holds, read while a deploy may be writing it (a
/// temporary file renamed away while listed is skipped).
fn held_in(dir: &Path) -> Held {
    let mut out = Held::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if !rel.rsplit('/').next().unwrap().starts_with(".gazette-tmp-") {
                    out.insert(rel, bytes);
                }
            }
        }
    }
    out
}

#[test]
fn a_folder_gets_only_what_changed_and_loses_what_the_site_dropped() {
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let f = Fixture::bilingual();
    news_site(&f, &dir_target(&www));
    scenario(&f, &[], &|| held_in(&www));
    // Folders emptied by a deletion go too (many servers answer 403 for a
    // folder without its index.html).
    assert!(!www.join("fr/2025/03/la-fin").exists());
}

#[test]
fn the_example_site_is_deployed_whole_then_not_at_all() {
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let f = Fixture::bilingual();
    example_site(&f, &dir_target(&www));
    example_site_twice(&f, &[], &|| held_in(&www));
}

#[test]
fn a_failed_write_names_its_file_and_the_next_deploy_finishes() {
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let f = Fixture::bilingual();
    news_site(&f, &dir_target(&www));
    f.build_ok();
    // A file where the site needs a folder: every write under it fails.
    std::fs::create_dir_all(&www).unwrap();
    std::fs::write(www.join("en"), "in the way").unwrap();
    let failed = deploy(&f, &[], &[]).unwrap_err();
    assert!(
        failed.contains("deploy to `www` stopped: en/")
            && failed.contains("run `gazette deploy` again to finish"),
        "{failed}"
    );
    std::fs::remove_file(www.join("en")).unwrap();
    deploy(&f, &[], &[]).unwrap();
    assert_holds_the_site(&f, &held_in(&www), &[]);
}

#[test]
fn only_a_plain_build_of_the_current_sources_is_deployed() {
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let f = Fixture::bilingual();
    news_site(&f, &dir_target(&www));
    let no_build = deploy(&f, &[], &[]).unwrap_err();
    assert!(
        no_build.contains("does not exist: run `gazette build` first"),
        "{no_build}"
    );
    assert!(f.build(&["--drafts"]).status.success());
    let drafts = deploy(&f, &[], &[]).unwrap_err();
    assert!(drafts.contains("was built with --drafts"), "{drafts}");
    assert!(f.build(&["--future"]).status.success());
    let future = deploy(&f, &[], &[]).unwrap_err();
    assert!(future.contains("was built with --future"), "{future}");
    assert!(
        f.build(&["--base-url", "https://preview.example.org/"])
            .status
            .success()
    );
    let preview = deploy(&f, &[], &[]).unwrap_err();
    assert!(
        preview.contains("was built for https://preview.example.org/")
            && preview.contains("https://example.org/blog/"),
        "{preview}"
    );
    // The same --base-url on both sides is a preview deploy, on purpose.
    deploy(
        &f,
        &["--base-url", "https://preview.example.org/", "--dry-run"],
        &[],
    )
    .unwrap();
    f.build_ok();
    f.article(
        "fr/2025-04-01-nouveau.md",
        "title: Nouveau\ndate: 2025-04-01",
        "Texte.\n",
    );
    let stale = deploy(&f, &[], &[]).unwrap_err();
    assert!(stale.contains("was built from older sources"), "{stale}");
    assert!(!www.exists(), "nothing was published");
    f.build_ok();
    let unknown = deploy(&f, &["prod"], &[]).unwrap_err();
    assert!(
        unknown.contains("no deploy target `prod`") && unknown.contains("www"),
        "{unknown}"
    );
    deploy(&f, &["www"], &[]).unwrap();
    assert_holds_the_site(&f, &held_in(&www), &[]);
}

#[test]
fn a_site_without_targets_or_with_a_bad_one_is_told_what_to_write() {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let none = deploy(&f, &[], &[]).unwrap_err();
    assert!(
        none.contains("declares no deploy target") && none.contains("[deploy.site]"),
        "{none}"
    );
    // The output itself, or a folder holding the sources, is no target.
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[deploy.self]\nkind = \"dir\"\npath = \"public\"\n"),
    );
    f.build_ok();
    let itself = deploy(&f, &[], &[]).unwrap_err();
    assert!(itself.contains("choose a folder of its own"), "{itself}");
    f.write(
        "site.toml",
        &format!(
            "{BILINGUAL}\n[deploy.s]\nkind = \"s3\"\nbucket = \"b\"\naccess_key_id = \"AKIA\"\n"
        ),
    );
    let out = f.build(&[]);
    let err = stderr(&out);
    assert!(
        !out.status.success()
            && err.contains("site.toml:")
            && err.contains("unknown field `access_key_id`"),
        "{err}"
    );
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[deploy.s]\nkind = \"ftp\"\n"),
    );
    let err = stderr(&f.build(&[]));
    assert!(
        err.contains("unknown variant `ftp`, expected one of `dir`, `rsync`, `s3`"),
        "{err}"
    );
}

#[test]
fn a_record_on_the_target_never_leads_outside_it() {
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let outside = target.path().join("precious.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let f = Fixture::bilingual();
    news_site(&f, &dir_target(&www));
    f.build_ok();
    deploy(&f, &[], &[]).unwrap();
    let record = www.join(".gazette-manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    manifest["files"]["../precious.txt"] =
        serde_json::json!({"hash": "x", "size": 7, "content_type": "text/plain"});
    std::fs::write(&record, manifest.to_string()).unwrap();
    let refused = deploy(&f, &[], &[]).unwrap_err();
    assert!(
        refused.contains("is damaged") && refused.contains("`../precious.txt`"),
        "{refused}"
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    // A folder of the target replaced by a link is never written through.
    std::fs::remove_file(&record).unwrap();
    std::fs::remove_dir_all(www.join("fr/tags")).unwrap();
    let elsewhere = target.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&elsewhere, www.join("fr/tags")).unwrap();
        let refused = deploy(&f, &[], &[]).unwrap_err();
        assert!(refused.contains("is a link on the target"), "{refused}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}

#[test]
fn a_deploy_killed_halfway_is_finished_by_the_next() {
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let f = Fixture::bilingual();
    news_site(&f, &dir_target(&www));
    for n in 0..40 {
        f.article(
            &format!("fr/2025-01-{:02}-article-{n}.md", n % 28 + 1),
            &format!(
                "title: Article {n}\ndate: 2025-01-{:02}\ntags: [Sujet {}]",
                n % 28 + 1,
                n % 7
            ),
            "Un texte.\n",
        );
    }
    f.build_ok();
    let files = built(&f).len();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["deploy", "--root", f.root().to_str().unwrap()])
        .env("GAZETTE_TEST_DEPLOY_PAUSE_MS", "20")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until a third of the site is there, then kill it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while held_in(&www).len() < files / 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "the deploy never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "still running when killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let halfway = held_in(&www);
    assert!(
        halfway.len() < files,
        "killed halfway: {} of {files}",
        halfway.len()
    );
    let record: serde_json::Value =
        serde_json::from_slice(&halfway[".gazette-manifest.json"]).unwrap();
    assert!(
        record["files"]
            .as_object()
            .unwrap()
            .values()
            .any(|e| e["hash"] == ""),
        "the record on the target says what was not sent yet"
    );
    let finish = deploy(&f, &[], &[]).unwrap();
    assert!(!sent(&finish).is_empty());
    assert_holds_the_site(&f, &held_in(&www), &[]);
    let again = deploy(&f, &[], &[]).unwrap();
    assert!(sent(&again).is_empty(), "{again}");
}

/// A static server over `root` for paths under `/blog/`, one thread per
/// request, as nginx would serve the folder.
fn serve_folder(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(stream, &root));
        }
    });
    format!("127.0.0.1:{}", address.port())
}

fn answer(mut stream: TcpStream, root: &Path) {
    let mut request = Vec::new();
    let mut chunk = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&chunk[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request);
    let path = request.split(' ').nth(1).unwrap_or("/");
    let rel = path.strip_prefix("/blog/").unwrap_or("");
    let file = if rel.is_empty() || rel.ends_with('/') {
        root.join(rel).join("index.html")
    } else {
        root.join(rel)
    };
    let response = match std::fs::read(&file) {
        Ok(body) => [
            format!("HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes(),
            body,
        ]
        .concat(),
        Err(_) => b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.read(&mut chunk);
}

/// Every stylesheet and image a page links (srcset candidates included).
fn linked(page: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(page);
    let mut out: Vec<String> = select(&doc, r#"link[rel="stylesheet"]"#)
        .into_iter()
        .map(|l| attr(l, "href"))
        .collect();
    for e in select(&doc, "img[src], img[srcset], source[srcset]") {
        out.extend(e.value().attr("src").map(String::from));
        if let Some(set) = e.value().attr("srcset") {
            out.extend(
                set.split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(String::from),
            );
        }
    }
    out
}

#[test]
fn readers_never_get_a_page_whose_stylesheet_or_image_is_missing() {
    let target = tempfile::tempdir().unwrap();
    let www = target.path().join("www");
    let f = Fixture::bilingual();
    news_site(&f, &dir_target(&www));
    f.build_ok();
    deploy(&f, &[], &[]).unwrap();
    let address = serve_folder(www.clone());
    // The next version: a new stylesheet (a new name) and a new lead image.
    f.write(
        "themes/gazette/static/style.css",
        &format!("{}\n.new {{ color: red }}\n", f.stylesheet()),
    );
    f.write_bytes("content/fr/images/une.png", &png(800, 500));
    f.write(
        "content/fr/2025-03-10-la-une.md",
        "---\ntitle: Titre la-une\ndate: 2025-03-10\ntranslation: en/2025-03-10-front-page.md\nimage: images/une.png\nimage_alt: La une\n---\nLa une.\n",
    );
    f.write(
        "content/en/2025-03-10-front-page.md",
        "---\ntitle: Title front-page\ndate: 2025-03-10\ntranslation: fr/2025-03-10-la-une.md\nimage_alt: The front page\n---\nThe front page.\n",
    );
    f.build_ok();
    let new_css = attr(
        one(&f.html("fr/index.html"), r#"link[rel="stylesheet"]"#),
        "href",
    );
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (done, address) = (done.clone(), address.clone());
        std::thread::spawn(move || {
            let pages = ["/blog/fr/", "/blog/fr/2025/03/la-une/", "/blog/en/"];
            let (mut checked, mut new_seen) = (0, false);
            // Round after round while the deploy runs, and one more after it.
            loop {
                let last = done.load(Ordering::SeqCst);
                for page in pages {
                    let (status, body) = http_get(&address, page);
                    assert_eq!(status, 200, "{page}");
                    let body = String::from_utf8(body).unwrap();
                    new_seen |= body.contains(&new_css);
                    for link in linked(&body) {
                        let (status, _) = http_get(&address, &link);
                        assert_eq!(status, 200, "{page} links {link}, which is not there");
                        checked += 1;
                    }
                }
                if last {
                    break;
                }
            }
            (checked, new_seen)
        })
    };
    let report = deploy(&f, &[], &[("GAZETTE_TEST_DEPLOY_PAUSE_MS", "15")]).unwrap();
    done.store(true, Ordering::SeqCst);
    let (checked, new_seen) = reader.join().expect("no reader saw a missing file");
    assert!(
        checked > 20 && new_seen,
        "the reader ran through the deploy ({checked} links)"
    );
    // The replaced stylesheet stays one deploy for pages still open, and
    // so do the search index's replaced files (a cached entry names them).
    let kept = kept(&report);
    let styles: Vec<&&str> = kept.iter().filter(|k| k.starts_with("style.")).collect();
    assert_eq!(styles.len(), 1, "{report}");
    assert!(styles[0].ends_with(".css"));
    assert!(
        kept.iter()
            .all(|k| k.starts_with("style.") || k.starts_with("pagefind/")),
        "{report}"
    );
    assert_holds_the_site(&f, &held_in(&www), &kept);
    let next = deploy(&f, &[], &[]).unwrap();
    assert_eq!(deleted(&next).into_iter().collect::<Vec<_>>(), kept);
    assert_holds_the_site(&f, &held_in(&www), &[]);
}

#[test]
fn the_stylesheet_is_named_after_its_content_and_static_files_keep_theirs() {
    let f = Fixture::bilingual();
    pair(&f);
    f.write("static/js/app.js", "console.log(1)");
    f.build_ok();
    let name = |f: &Fixture| {
        attr(
            one(&f.html("fr/index.html"), r#"link[rel="stylesheet"]"#),
            "href",
        )
    };
    let first = name(&f);
    f.build_ok();
    assert_eq!(name(&f), first, "the same content, the same name");
    assert!(
        f.out().join("js/app.js").exists(),
        "the site's own files keep their names"
    );
    assert!(!f.out().join("style.css").exists());
    f.write("themes/gazette/static/style.css", "body { color: red }");
    f.build_ok();
    assert_ne!(name(&f), first);
    assert_eq!(f.stylesheet(), "body { color: red }");
}

//! Measures what a writer waits for in a live preview: the time from saving
//! an article to the edited page painted in a real browser tab (Debian's
//! headless Chromium), for `gazette serve` or `hugo server` on the same
//! generated articles (`gen_site --hugo`). The same French article is
//! opened in both (the middle one by file name) and saved N times with a
//! new word at its end; the time is the save to the word found in the
//! tab's rendered text (`innerText`, asked every 5 ms over the DevTools
//! protocol, on the same clock as the save). It also says when the
//! reloaded page began loading, to tell the server's part from the
//! browser's.
//!
//! cargo run --release --example visible_latency -- --root SITE [--edits 10]
//! cargo run --release --example visible_latency -- --hugo BIN --root HUGO_SITE

#![allow(clippy::print_stdout)]

#[path = "../tests/common/chromium.rs"]
#[allow(dead_code)]
mod chromium;

use chromium::{Killed, Page, start_chromium};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// Times a save until the edited page is painted in Chromium.
#[derive(clap::Parser)]
struct Args {
    /// The site folder (a Gazette site, or with `--hugo` a Hugo site).
    #[arg(long)]
    root: PathBuf,
    /// Measure `hugo server` (this binary) instead of `gazette serve`.
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// How many times to save the article.
    #[arg(long, default_value_t = 10)]
    edits: usize,
}

fn main() {
    let Args { root, hugo, edits } = clap::Parser::parse();
    let content = match hugo {
        Some(_) => root.join("content/fr/posts"),
        None => root.join("content/fr"),
    };
    let source = middle_article(&content);
    let path = page_path(&source);
    let (_server, origin) = match &hugo {
        Some(bin) => start_hugo(bin, &root),
        None => start_gazette(&root),
    };
    let url = format!("{origin}{path}");
    wait_until_served(&url);
    let profile = tempfile::tempdir().expect("a profile folder");
    let (_chromium, port) = start_chromium(&url, profile.path());
    let mut page = Page::connect(port, &url);
    page.wait_for("document.readyState", "complete".into());
    // Let the live-reload script connect (Gazette's event stream, Hugo's
    // websocket) before the first save.
    std::thread::sleep(Duration::from_secs(2));
    let original = std::fs::read_to_string(&source).expect("the article");
    let (mut waits, mut loads) = (Vec::new(), Vec::new());
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(500));
        let word = format!("Repère{i}x{}", std::process::id());
        let saved = epoch_ms();
        std::fs::write(&source, format!("{original}\n{word}.\n")).expect("save");
        let (visible, loading) = wait_visible(&mut page, &word, saved);
        waits.push(visible - saved);
        loads.extend(loading.map(|at| at - saved));
    }
    std::fs::write(&source, original).expect("restore the article");
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    println!(
        "save → visible in Chromium, {} ({}): median {:.0} ms (max {:.0} ms), {edits} edits; the reload began {:.0} ms after the save (median of {} reloads)",
        if hugo.is_some() {
            "hugo server"
        } else {
            "gazette serve"
        },
        path,
        median(&mut waits),
        waits.last().copied().unwrap_or(f64::NAN),
        median(&mut loads),
        loads.len(),
    );
}

/// The article both sites hold under the same file name.
fn middle_article(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files[files.len() / 2].clone()
}

/// `2020-02-05-a-title-510.md` → `/fr/2020/02/a-title-510/`: the corpus's
/// permalinks, in both Gazette's default and the Hugo site's configuration.
fn page_path(source: &Path) -> String {
    let stem = source.file_stem().and_then(|s| s.to_str()).expect("a name");
    let (year, rest) = stem.split_at(4);
    let (month, rest) = rest[1..].split_at(2);
    format!("/fr/{year}/{month}/{}/", &rest[4..])
}

fn start_gazette(root: &Path) -> (Killed, String) {
    let exe = std::env::current_exe().expect("this example's path");
    let gazette = exe.parent().unwrap().parent().unwrap().join("gazette");
    let mut child = Command::new(&gazette)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start gazette serve (build it with cargo build --release)");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let origin = loop {
        let line = lines.next().expect("its address").expect("a line");
        if let Some(rest) = line.strip_prefix("serving on ") {
            let url = rest.split_whitespace().next().unwrap_or_default();
            break url.trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (Killed(child), origin)
}

fn start_hugo(bin: &Path, root: &Path) -> (Killed, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let origin = format!("http://127.0.0.1:{port}");
    let child = Command::new(bin)
        .arg("server")
        .arg("--source")
        .arg(root)
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args(["--baseURL", &format!("{origin}/")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hugo server");
    (Killed(child), origin)
}

/// Waits (up to 5 minutes: Hugo builds the whole site first) until `url`
/// answers with a page.
fn wait_until_served(url: &str) {
    let start = Instant::now();
    let rest = url.trim_start_matches("http://");
    let (addr, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    while start.elapsed() < Duration::from_secs(300) {
        if let Ok(mut s) = std::net::TcpStream::connect(addr) {
            use std::io::{Read, Write};
            let _ = write!(
                s,
                "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
            );
            let mut reply = String::new();
            let _ = s.read_to_string(&mut reply);
            if reply.starts_with("HTTP/1.1 200") {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{url} was not served within 5 minutes");
}

/// When `word` was found in the tab's rendered text (ms since the epoch;
/// polled every 5 ms: headless Chromium records no paint timing for a
/// reloaded page), and when the document showing it began loading, if
/// that was after the save (a reload rather than a patch in place).
fn wait_visible(page: &mut Page, word: &str, saved: f64) -> (f64, Option<f64>) {
    let expression = format!(
        "(() => {{
            if (!document.body || !document.body.innerText.includes('{word}')) return null;
            const now = performance.timeOrigin + performance.now();
            return [now, performance.timeOrigin > {saved} ? performance.timeOrigin : null];
        }})()"
    );
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Some(found) = page.eval(&expression).filter(|v| v.is_array()) {
            return (found[0].as_f64().unwrap_or(f64::NAN), found[1].as_f64());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("`{word}` never appeared in the tab");
}

fn epoch_ms() -> f64 {
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH);
    now.expect("a clock after 1970").as_secs_f64() * 1000.0
}

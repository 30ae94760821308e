//! Helpers shared by the integration tests: fixture sites in temp folders,
//! the real `gazette` binary, and parsers for what it writes.

#![allow(dead_code)]

pub mod chromium;
pub mod deploy;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site folder in a temp dir, removed when dropped.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// The French/English configuration most tests start from, served under a sub-path.
pub const BILINGUAL: &str = r#"
base_url = "https://example.org/blog/"
default_language = "fr"

[languages.fr]
name = "Français"
title = "Le Journal"
description = "Les nouvelles"

[languages.en]
name = "English"
title = "The Journal"
description = "The news"
"#;

impl Fixture {
    /// A site with `site_toml` and nothing else.
    pub fn new(site_toml: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture { dir };
        f.write("site.toml", site_toml);
        f
    }

    /// A French/English site.
    pub fn bilingual() -> Self {
        Fixture::new(BILINGUAL)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file under the site root, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Writes `content/<rel>` with the given front matter lines and body.
    pub fn article(&self, rel: &str, front: &str, body: &str) -> &Self {
        self.write(
            &format!("content/{rel}"),
            &format!("---\n{}\n---\n{body}", front.trim()),
        )
    }

    /// Runs `gazette build --root <site>` with extra arguments.
    pub fn build(&self, args: &[&str]) -> Output {
        gazette(
            &[
                &["build", "--root", self.root().to_str().unwrap()][..],
                args,
            ]
            .concat(),
        )
    }

    /// Runs `gazette build --root <site>` as if the clock said `now`
    /// (RFC 3339, through `GAZETTE_NOW`).
    pub fn build_at(&self, now: &str, args: &[&str]) -> Output {
        let root = self.root().to_str().unwrap();
        gazette_at(now, &[&["build", "--root", root][..], args].concat())
    }

    /// Runs `gazette check --root <site>` as if the clock said `now`.
    pub fn check_at(&self, now: &str, args: &[&str]) -> Output {
        let root = self.root().to_str().unwrap();
        gazette_at(now, &[&["check", "--root", root][..], args].concat())
    }

    /// Builds and asserts success.
    pub fn build_ok(&self) -> Output {
        let out = self.build(&[]);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }

    /// Runs `gazette check --root <site>` with extra arguments.
    pub fn check(&self, args: &[&str]) -> Output {
        gazette(
            &[
                &["check", "--root", self.root().to_str().unwrap()][..],
                args,
            ]
            .concat(),
        )
    }

    /// Builds and asserts failure; returns stderr.
    pub fn build_err(&self) -> String {
        let out = self.build(&[]);
        assert!(
            !out.status.success(),
            "build should have failed:\n{}",
            stdout(&out)
        );
        stderr(&out)
    }

    /// A file of the built site as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A file of the site's own folder (not the output).
    pub fn read_root(&self, rel: &str) -> String {
        let path = self.root().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// The theme's stylesheet as published: `gazette build` names it after
    /// its content (`style.<hash>.css`), and every page links that name.
    pub fn stylesheet(&self) -> String {
        let doc = self.html("404.html");
        let href = doc
            .select(&scraper::Selector::parse(r#"link[rel="stylesheet"]"#).unwrap())
            .next()
            .and_then(|l| l.value().attr("href"))
            .expect("404.html links the stylesheet")
            .to_string();
        let name = href.rsplit('/').next().unwrap();
        assert!(
            name.starts_with("style.") && name.len() == "style.0123456789.css".len(),
            "{href}"
        );
        self.read(name)
    }

    /// A page of the built site, parsed.
    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }
}

/// Runs the gazette binary.
pub fn gazette(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .output()
        .expect("run gazette")
}

/// Runs the gazette binary with its clock set to `now` (RFC 3339).
pub fn gazette_at(now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .env("GAZETTE_NOW", now)
        .output()
        .expect("run gazette")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every element matching `selector`.
pub fn select<'a>(doc: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e:?}"));
    doc.select(&sel).collect()
}

/// The one element matching `selector`.
pub fn one<'a>(doc: &'a scraper::Html, selector: &str) -> scraper::ElementRef<'a> {
    let all = select(doc, selector);
    assert_eq!(
        all.len(),
        1,
        "expected one `{selector}`, found {}",
        all.len()
    );
    all[0]
}

pub fn attr(e: scraper::ElementRef, name: &str) -> String {
    e.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no {name} on {:?}", e.value()))
        .to_string()
}

pub fn text(e: scraper::ElementRef) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The element's text exactly as written (no white-space folding, so
/// no-break spaces stay visible to assertions).
pub fn raw_text(e: scraper::ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// `hreflang` → `href` of the `<link rel="alternate" hreflang>` elements.
pub fn alternates(doc: &scraper::Html) -> Vec<(String, String)> {
    select(doc, r#"head link[rel="alternate"][hreflang]"#)
        .into_iter()
        .map(|e| (attr(e, "hreflang"), attr(e, "href")))
        .collect()
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir(dir)
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// `tree` of a built site as the dev server serves it: `gazette build`
/// names the theme's stylesheet after its content (`style.<hash>.css`), the
/// dev server keeps `style.css`; everything else is the same.
pub fn tree_as_served(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = tree(dir)
        .into_iter()
        .map(|(path, bytes)| (plain_asset_names(&path), plain_asset_names_in(bytes)))
        .collect();
    files.sort();
    files
}

/// `style.0123456789.css` → `style.css` in a text.
fn plain_asset_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("style.") {
        let (before, after) = rest.split_at(at + "style.".len());
        out.push_str(before);
        let hashed = after.len() >= 14
            && after.as_bytes()[..10].iter().all(u8::is_ascii_hexdigit)
            && after[10..].starts_with(".css");
        rest = if hashed { &after[11..] } else { after };
    }
    out.push_str(rest);
    out
}

fn plain_asset_names_in(bytes: Vec<u8>) -> Vec<u8> {
    match String::from_utf8(bytes) {
        Ok(text) => plain_asset_names(&text).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A PNG of `w`×`h` pixels (a gradient, so sizes differ by content).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    bytes
}

/// A standard pair: fr/a.md ↔ en/a.md on 2025-01-29.
pub fn pair(f: &Fixture) {
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\ntags: [IA, Chine]",
        "Premier paragraphe.\n\n## Suite\n\nTexte.\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\ntags: [AI]",
        "First paragraph.\n",
    );
}

/// Starts `gazette serve --port 0` on the fixture; returns the child and the
/// URL it printed ("serving on URL").
pub fn spawn_serve(f: &Fixture, extra: &[&str]) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--root", f.root().to_str().unwrap()])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start gazette serve");
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("server printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("serving on ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

/// What `gazette serve` prints up to its address (the first build's
/// summary and notes), the server stopped then.
pub fn serve_first_words(f: &Fixture) -> String {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["serve", "--port", "0", "--root", f.root().to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start gazette serve");
    let lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut said = String::new();
    for line in lines {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.starts_with("serving on ") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    said
}

/// Builds a good site, breaks it with `breakage`, and checks the build fails
/// with every `expected` fragment while the published output stays intact.
pub fn fails_keeping_output(breakage: impl Fn(&Fixture), expected: &[&str]) -> String {
    let f = Fixture::bilingual();
    pair(&f);
    f.build_ok();
    let before = tree(&f.out());
    breakage(&f);
    let err = f.build_err();
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in:\n{err}");
    }
    assert_eq!(tree(&f.out()), before, "previous output must be untouched");
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.contains("gazette-") && name != ".gazette-cache"
        })
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
    err
}

/// Stops a child (the dev server) even when an assertion fails first.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The `<loc>`s of a sitemap file, and its root element's name.
pub fn sitemap_locs(xml: &str) -> (String, Vec<String>) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    let locs = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    (doc.root_element().tag_name().name().to_string(), locs)
}

/// `GET path` from the server at `address` (`127.0.0.1:port`): the status
/// and the body.
pub fn http_get(address: &str, path: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(address).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&out[9..12]).parse().unwrap();
    (status, out[split + 4..].to_vec())
}

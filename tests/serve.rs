//! `gazette serve` over real HTTP: pages, reload events, edits of every kind,
//! the error overlay, and traversal attempts.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `gazette serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    url: String,
}

impl Server {
    fn start(f: &Fixture, extra: &[&str]) -> Server {
        let (child, url) = spawn_serve(f, extra);
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server { child, addr, url }
    }

    /// `gazette serve --port PORT` with its standard output left to the
    /// test to read (the address is not known: it is in that output).
    fn piped(f: &Fixture, port: &str) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args([
                "serve",
                "--port",
                port,
                "--root",
                f.root().to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        Server {
            child,
            addr: String::new(),
            url: String::new(),
        }
    }

    /// Sends one raw HTTP/1.1 request; returns (status, headers, body).
    fn request(&self, method: &str, path: &str) -> (u16, String, String) {
        self.request_as(&self.addr, method, path)
    }

    /// The same, with `host` as the `Host` header.
    fn request_as(&self, host: &str, method: &str, path: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head.to_lowercase(), body.to_string())
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", path);
        (status, body)
    }

    /// Polls `path` until its body satisfies `ok` (rebuilds are asynchronous).
    fn wait_for(&self, path: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ok(status, &body) {
                return (status, body);
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting on {path}: {status}\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        write!(
            s,
            "GET /__gazette/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(s),
        };
        let first = events.next();
        assert!(
            first.contains(r#""kind":"ok""#) || first.contains(r#""kind":"error""#),
            "{first}"
        );
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Server-Sent Events stream, one `data:` payload at a time.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn next(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("event before the timeout");
            assert!(n > 0, "event stream closed");
            if let Some(data) = line.trim_end().strip_prefix("data:") {
                return data.trim().to_string();
            }
        }
    }

    /// Skips events until one contains `needle`.
    fn until(&mut self, needle: &str) -> String {
        loop {
            let e = self.next();
            if e.contains(needle) {
                return e;
            }
        }
    }
}

fn site() -> Fixture {
    let f = Fixture::bilingual();
    pair(&f);
    f
}

#[test]
fn serves_pages_with_types_404_and_only_get_and_head() {
    let f = site();
    let s = Server::start(&f, &[]);
    let (status, head, body) = s.request("GET", "/fr/2025/01/le-moment/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(text(one(&doc, "h1")), "Le moment");
    // base_url is replaced by the local address.
    assert_eq!(
        attr(one(&doc, r#"link[rel="canonical"]"#), "href"),
        format!("{}fr/2025/01/le-moment/", s.url)
    );
    assert!(body.contains("/__gazette/events"), "reload script injected");
    let (_, head, _) = s.request("GET", "/style.css");
    assert!(head.contains("content-type: text/css"), "{head}");
    let (_, head, _) = s.request("GET", "/fr/atom.xml");
    assert!(
        head.contains("content-type: application/atom+xml"),
        "{head}"
    );
    let (status, _, body) = s.request("GET", "/fr/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page introuvable"), "the site's 404.html");
    let (status, head, body) = s.request("HEAD", "/fr/");
    assert_eq!(status, 200);
    assert!(head.contains("content-length:") && body.is_empty());
    for method in ["POST", "PUT", "DELETE"] {
        assert_eq!(s.request(method, "/fr/").0, 405, "{method}");
    }
    let (status, head, _) = s.request("GET", "/fr");
    assert_eq!(status, 301);
    assert!(head.contains("location: /fr/"), "{head}");
    // Drafts are previewed by default.
    f.article(
        "fr/brouillon.md",
        "title: Brouillon\ndate: 2025-02-01\ndraft: true",
        "x",
    );
    s.wait_for("/fr/2025/02/brouillon/", |st, _| st == 200);
}

#[test]
fn scheduled_articles_are_previewed_with_a_banner_unless_no_future() {
    let f = site();
    f.article(
        "fr/2099-01-01-avenir.md",
        "title: L’avenir\ndate: 2099-01-01T09:00:00Z",
        "Texte.\n",
    );
    let s = Server::start(&f, &[]);
    let (status, body) = s.get("/fr/2099/01/avenir/");
    assert_eq!(status, 200, "{body}");
    let doc = scraper::Html::parse_document(&body);
    let banner = text(one(&doc, ".scheduled-notice"));
    assert!(banner.contains("1 janvier 2099 à 09:00"), "{banner}");
    // A published article gets no banner.
    let (_, body) = s.get("/fr/2025/01/le-moment/");
    assert!(!body.contains("scheduled-notice"));
    drop(s);
    let s = Server::start(&f, &["--no-future"]);
    assert_eq!(s.get("/fr/2099/01/avenir/").0, 404);
}

#[test]
fn no_request_reads_outside_the_site() {
    let f = site();
    std::fs::write(f.root().join("secret.txt"), "TOP SECRET").unwrap();
    std::fs::create_dir_all(f.root().join("static")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(
            f.root().join("secret.txt"),
            f.root().join("static/leak.txt"),
        )
        .unwrap();
        symlink("/etc", f.root().join("static/etc")).unwrap();
    }
    let s = Server::start(&f, &[]);
    for path in [
        "/../secret.txt",
        "/fr/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/secret.txt%00.html",
        "//etc/passwd",
        "/etc/passwd",
        "/leak.txt",
        "/etc/hostname",
        "/site.toml",
        "/content/fr/2025-01-29-le-moment.md",
    ] {
        let (status, _, body) = s.request("GET", path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{path} leaked"
        );
    }
}

#[test]
fn editing_an_article_reloads_and_serves_the_new_text() {
    let f = site();
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment modifié\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md",
        "Nouveau texte.\n",
    );
    let e = events.until("reload");
    assert!(e.contains(r#""url":"/fr/2025/01/le-moment/""#), "{e}");
    assert!(e.contains(r#""follow":false"#), "{e}");
    let (_, body) = s.wait_for("/fr/2025/01/le-moment/", |_, b| {
        b.contains("Nouveau texte.")
    });
    assert!(body.contains("Le moment modifié"));
    // The counterpart's switch and the listings follow.
    s.wait_for("/fr/", |_, b| b.contains("Le moment modifié"));
    s.wait_for("/fr/atom.xml", |_, b| b.contains("Le moment modifié"));
}

/// The translation desk is rendered after the reload, and only when the
/// save changed it: the reload says so, and a tab showing the desk waits
/// for the desk's own message (reload.js), by which time it is served.
#[test]
fn the_desk_follows_the_reload_only_when_the_save_changed_it() {
    let f = site();
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    // A body edit of a pair the desk does not list: a reload, no desk.
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\ntags: [IA, Chine]",
        "Autre texte.\n",
    );
    let e = events.until("reload");
    assert!(e.contains(r#""desk":null"#), "{e}");
    // A new article to translate: the desk changes, after the reload.
    f.article(
        "fr/2025-03-01-inedit.md",
        "title: Inédit\ndate: 2025-03-01",
        "Texte.\n",
    );
    let mut seen = Vec::new();
    let desk = loop {
        let e = events.next();
        if e.contains(r#""kind":"desk""#) {
            break e;
        }
        seen.push(e);
    };
    assert_eq!(desk, r#"{"kind":"desk","url":"/_gazette/translations/"}"#);
    let (last, before) = seen.split_last().expect("a reload before the desk");
    assert!(
        last.contains(r#""kind":"reload""#) && last.contains(r#""desk":"/_gazette/translations/""#),
        "{seen:?}"
    );
    assert!(
        before.iter().all(|e| !e.contains(r#""desk":"/"#)),
        "only the save that changed the desk says so: {seen:?}"
    );
    let (status, body) = s.get("/_gazette/translations/");
    assert_eq!(status, 200);
    assert!(body.contains("Inédit"), "served when its message comes");
}

#[test]
fn follow_sends_tabs_to_the_edited_article() {
    let f = site();
    let s = Server::start(&f, &["--follow"]);
    let mut events = s.events();
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: Edited\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md",
        "x",
    );
    let e = events.until("reload");
    assert!(
        e.contains(r#""url":"/en/2025/01/the-moment/""#) && e.contains(r#""follow":true"#),
        "{e}"
    );
}

#[test]
fn added_deleted_and_renamed_articles_and_templates_show_up() {
    let f = site();
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    f.article(
        "fr/nouveau.md",
        "title: Nouveau\ndate: 2025-03-01",
        "Ajouté.\n",
    );
    events.until("reload");
    s.wait_for("/fr/2025/03/nouveau/", |st, b| {
        st == 200 && b.contains("Ajouté.")
    });
    std::fs::rename(
        f.root().join("content/fr/nouveau.md"),
        f.root().join("content/fr/renomme.md"),
    )
    .unwrap();
    s.wait_for("/fr/2025/03/renomme/", |st, _| st == 200);
    s.wait_for("/fr/2025/03/nouveau/", |st, _| st == 404);
    std::fs::remove_file(f.root().join("content/fr/renomme.md")).unwrap();
    s.wait_for("/fr/2025/03/renomme/", |st, _| st == 404);
    f.write(
        "templates/tags.html",
        "<!doctype html><title>t</title><p id=custom>{{ t.all_tags }} !</p>",
    );
    s.wait_for("/fr/tags/", |_, b| b.contains("id=custom"));
    // Many files at once, as a `git checkout` does.
    for i in 0..30 {
        f.article(
            &format!("en/bulk-{i}.md"),
            &format!("title: Bulk {i}\ndate: 2025-04-01"),
            "x",
        );
    }
    s.wait_for("/en/2025/04/bulk-29/", |st, _| st == 200);
    s.wait_for("/en/2025/04/bulk-0/", |st, _| st == 200);
}

#[test]
fn editor_save_patterns_are_picked_up() {
    let f = site();
    let s = Server::start(&f, &[]);
    let target = f.root().join("content/fr/2025-01-29-le-moment.md");
    // vim: write a swap file, write to a temp name, rename over the original.
    std::fs::write(
        f.root().join("content/fr/.2025-01-29-le-moment.md.swp"),
        "junk",
    )
    .unwrap();
    let tmp = f.root().join("content/fr/2025-01-29-le-moment.md~");
    std::fs::write(&tmp, "---\ntitle: Par renommage\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\n---\nx\n").unwrap();
    std::fs::rename(&tmp, &target).unwrap();
    s.wait_for("/fr/2025/01/le-moment/", |_, b| b.contains("Par renommage"));
}

#[test]
fn css_changes_swap_the_stylesheet_without_reload() {
    let f = site();
    f.write("static/extra.css", "p{}");
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    f.write("static/extra.css", "p{color:red}");
    let e = events.next();
    assert!(e.contains(r#""kind":"css""#), "{e}");
    s.wait_for("/extra.css", |_, b| b.contains("red"));
}

#[test]
fn a_build_error_shows_an_overlay_and_clears_when_fixed() {
    let f = site();
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    let path = "content/fr/2025-01-29-le-moment.md";
    let good = std::fs::read_to_string(f.root().join(path)).unwrap();
    f.write(path, "---\ntitle: [broken\n---\n");
    let e = events.until(r#""kind":"error""#);
    assert!(e.contains("content/fr/2025-01-29-le-moment.md:2"), "{e}");
    // The last good site is still served.
    let (status, body) = s.get("/fr/2025/01/le-moment/");
    assert_eq!(status, 200);
    assert!(body.contains("Premier paragraphe."));
    // A tab opened now learns of the error at once.
    let mut late = TcpStream::connect(&s.addr).unwrap();
    late.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        late,
        "GET /__gazette/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.addr
    )
    .unwrap();
    let mut late = Events {
        reader: BufReader::new(late),
    };
    assert!(late.next().contains(r#""kind":"error""#));
    f.write(path, &good);
    events.until(r#""kind":"reload""#);
}

#[test]
fn served_site_equals_a_clean_build_after_edits() {
    let f = site();
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    f.article(
        "fr/b.md",
        "title: B\ndate: 2025-02-01\ntags: [IA]\ntranslation: en/b.md",
        "B.\n",
    );
    f.article(
        "en/b.md",
        "title: B en\ndate: 2025-02-01\ntranslation: fr/b.md",
        "B.\n",
    );
    events.until("reload");
    s.wait_for("/en/2025/02/b/", |st, _| st == 200);
    let out = f.build(&["--drafts", "--base-url", &s.url]);
    assert!(out.status.success(), "{}", stderr(&out));
    let script = regex_free_strip;
    let mut compared = 0;
    // The preview makes its own search index, apart (see below).
    let built = tree_as_served(&f.out());
    for (path, bytes) in built
        .into_iter()
        .filter(|(p, _)| !p.starts_with("pagefind/"))
    {
        let (status, served) = s.get(&format!("/{}", path.trim_end_matches("index.html")));
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            script(&served),
            String::from_utf8_lossy(&bytes),
            "{path} differs from a clean build"
        );
        compared += 1;
    }
    assert!(compared > 10);
}

/// The served page minus the injected reload script.
fn regex_free_strip(page: &str) -> String {
    match (
        page.find("<script>// Injected by `gazette serve`"),
        page.rfind("</script>\n"),
    ) {
        (Some(a), Some(b)) if b > a => {
            format!("{}{}", &page[..a], &page[b + "</script>\n".len()..])
        }
        _ => page.to_string(),
    }
}

#[test]
fn a_busy_port_moves_to_the_next_free_one_and_says_so() {
    let f = site();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let mut guard = Server::piped(&f, &port.to_string());
    let mut lines = BufReader::new(guard.child.stdout.take().unwrap()).lines();
    let mut said = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.starts_with("serving on") {
            break;
        }
    }
    assert!(said.contains(&format!("port {port} is in use")), "{said}");
    assert!(
        !said.contains(&format!("serving on http://127.0.0.1:{port}/")),
        "{said}"
    );
    drop(busy);
    drop(guard.child.kill());
}

#[test]
fn a_hundred_clients_never_see_a_half_written_page_while_rebuilds_run() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let f = site();
    for n in 1..=20 {
        f.article(
            &format!("fr/2024-{:02}-{:02}-n{n}.md", 1 + n % 12, 1 + n),
            &format!(
                "title: N {n}\ndate: 2024-{:02}-{:02}\ntags: [IA]",
                1 + n % 12,
                1 + n
            ),
            &format!("Texte {n}.\n"),
        );
    }
    let s = std::sync::Arc::new(Server::start(&f, &[]));
    s.wait_for("/fr/2024/02/n1/", |st, _| st == 200);
    let stable = [
        "/",
        "/fr/",
        "/en/",
        "/fr/2025/01/le-moment/",
        "/en/2025/01/the-moment/",
        "/fr/2024/02/n1/",
        "/fr/tags/ia/",
        "/fr/atom.xml",
        "/sitemap.xml",
        "/style.css",
    ];
    let churned = "/fr/2026/01/tantot/";
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let writer = {
        let (done, root) = (done.clone(), f.root().to_path_buf());
        std::thread::spawn(move || {
            for i in 0..40 {
                let path = root.join("content/fr/2025-01-29-le-moment.md");
                let text = std::fs::read_to_string(&path).unwrap();
                let text = format!("{}\nÉdition {i}.\n", text.trim_end());
                std::fs::write(&path, text).unwrap();
                let extra = root.join("content/fr/tantot.md");
                if i % 2 == 0 {
                    std::fs::write(
                        &extra,
                        "---\ntitle: Tantôt\ndate: 2026-01-01\ntags: [IA]\n---\nLà.\n",
                    )
                    .unwrap();
                } else {
                    let _ = std::fs::remove_file(&extra);
                }
                std::thread::sleep(Duration::from_millis(30));
            }
            done.store(true, Ordering::SeqCst);
        })
    };
    let clients: Vec<_> = (0..100)
        .map(|c| {
            let (s, done) = (s.clone(), done.clone());
            std::thread::spawn(move || {
                let mut checked = 0;
                let mut i = c;
                while !done.load(Ordering::SeqCst) || checked < 5 {
                    i += 7;
                    let path = if i % 11 == 0 {
                        churned
                    } else {
                        stable[i % stable.len()]
                    };
                    let (status, head, body) = s.request("GET", path);
                    if path == churned && status == 404 {
                        checked += 1;
                        continue;
                    }
                    assert_eq!(status, 200, "{path}: {head}");
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or_else(|| panic!("{path}: no length in {head}"));
                    assert_eq!(body.len(), length, "{path}: body shorter than announced");
                    if head.contains("text/html") {
                        assert_eq!(body.matches("<html").count(), 1, "{path}");
                        assert!(body.trim_end().ends_with("</html>"), "{path}: cut page");
                    }
                    if path.ends_with(".xml") {
                        roxmltree::Document::parse(&body).unwrap_or_else(|e| panic!("{path}: {e}"));
                    }
                    checked += 1;
                }
                checked
            })
        })
        .collect();
    writer.join().unwrap();
    let total: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    assert!(total >= 500, "only {total} requests checked");
}

#[test]
fn a_page_of_another_site_cannot_read_the_preview_through_its_own_name() {
    let f = site();
    let s = Server::start(&f, &[]);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    // DNS rebinding: evil.example resolved to 127.0.0.1 after the page loaded.
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1.nip.io".to_string(),
    ] {
        for path in ["/fr/", "/__gazette/events"] {
            let (status, _, body) = s.request_as(&host, "GET", path);
            assert_eq!(status, 421, "{host}{path}");
            assert!(!body.contains("<html"), "{host}{path}");
        }
    }
    for host in [s.addr.clone(), format!("localhost:{port}")] {
        assert_eq!(s.request_as(&host, "GET", "/fr/").0, 200, "{host}");
    }
}

#[test]
fn the_server_listens_on_loopback_only_by_default() {
    let f = site();
    let s = Server::start(&f, &[]);
    assert!(s.url.starts_with("http://127.0.0.1:"), "{}", s.url);
    let port = s.url.rsplit(':').next().unwrap().trim_end_matches('/');
    // Every non-loopback address of this machine is refused.
    let out = Command::new("hostname").arg("-I").output();
    let addrs = out
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    for ip in addrs
        .split_whitespace()
        .filter(|ip| !ip.starts_with("127."))
    {
        let addr = if ip.contains(':') {
            format!("[{ip}]:{port}")
        } else {
            format!("{ip}:{port}")
        };
        if let Ok(sock) = addr.parse() {
            assert!(
                TcpStream::connect_timeout(&sock, Duration::from_secs(2)).is_err(),
                "reachable on {addr}"
            );
        }
    }
}

/// A PNG `width` pixels wide.
fn png(width: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::from_pixel(width, 100, image::Rgb([40, 90, 160]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

#[test]
fn an_edited_image_is_encoded_again_and_its_pages_reload() {
    let f = Fixture::bilingual();
    f.write_bytes("content/fr/photo.png", &png(200));
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\nimage: photo.png\nimage_alt: Un graphique",
        "Texte.\n",
    );
    let s = Server::start(&f, &[]);
    let (_, page) = s.wait_for("/fr/2025/01/le-moment/", |st, _| st == 200);
    assert!(page.contains("/media/fr/photo-200.png"), "{page}");
    assert_eq!(s.request("GET", "/media/fr/photo-png-200.webp").0, 200);
    let mut events = s.events();
    f.write_bytes("content/fr/photo.png", &png(300));
    let e = events.until("reload");
    assert!(e.contains(r#""url":"/fr/2025/01/le-moment/""#), "{e}");
    s.wait_for("/fr/2025/01/le-moment/", |_, b| {
        b.contains("/media/fr/photo-300.png")
    });
    let (status, head, _) = s.request("GET", "/media/fr/photo-300.png");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/png"), "{head}");
    assert_eq!(s.request("GET", "/media/fr/photo-200.png").0, 404);
    // The dev server fills the same cache as `gazette build`.
    let cached = std::fs::read_dir(f.root().join(".gazette-cache/images"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            !name.ends_with(".tsv") && !name.ends_with(".xxh3")
        })
        .count();
    assert_eq!(cached, 4, "200 and 300 wide, PNG and WebP");
}

#[test]
fn listening_on_every_interface_says_so_and_where() {
    use std::io::BufRead;
    let f = site();
    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(["serve", "--port", "0", "--interface", "0.0.0.0", "--root"])
            .arg(f.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut out = std::io::BufReader::new(child.0.stdout.take().unwrap()).lines();
    let serving = loop {
        let line = out.next().expect("an address").unwrap();
        if line.starts_with("serving on ") {
            break line;
        }
    };
    assert!(
        serving.starts_with("serving on http://127.0.0.1:"),
        "{serving}"
    );
    let mut err = std::io::BufReader::new(child.0.stderr.take().unwrap()).lines();
    let warning = err
        .find(|l| l.as_ref().is_ok_and(|l| l.starts_with("warning:")))
        .expect("a warning")
        .unwrap();
    assert!(
        warning.contains("reachable from the network") && warning.contains("drafts"),
        "{warning}"
    );
}

#[test]
fn a_trickling_client_is_cut_off_and_others_are_served_meanwhile() {
    let f = site();
    let s = Server::start(&f, &[]);
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    write!(slow, "GET /fr/ HTTP/1.1\r\nHost: {}\r\n", s.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let start = Instant::now();
    let closed = loop {
        // One header line a second: never a complete request.
        if write!(slow, "X-Slow: {}\r\n", start.elapsed().as_millis()).is_err() {
            break true;
        }
        let mut buf = [0u8; 64];
        match slow.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => panic!("answered an incomplete request"),
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => break true,
        }
        assert_eq!(s.get("/fr/").0, 200, "others are served meanwhile");
        if start.elapsed() > Duration::from_secs(20) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(800));
    };
    assert!(closed, "still open after {:?}", start.elapsed());
    assert!(
        start.elapsed() < Duration::from_secs(15),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_panicking_rebuild_is_reported_and_the_next_save_rebuilds() {
    let f = site();
    f.write("static/robots-note.txt", "x");
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    // Debug builds panic on saving this file (the binary under test is one).
    f.write("static/gazette-panic-test.md", "x");
    let e = events.until(r#""kind":"error""#);
    assert!(e.contains("internal error, a bug in Gazette"), "{e}");
    assert_eq!(s.get("/fr/").0, 200, "the last good site is still served");
    // The rebuild thread lives on: the next save is built.
    let path = "content/fr/2025-01-29-le-moment.md";
    let text = std::fs::read_to_string(f.root().join(path)).unwrap();
    f.write(
        path,
        &text.replace("Premier paragraphe.", "Paragraphe corrigé."),
    );
    events.until(r#""kind":"reload""#);
    s.wait_for("/fr/2025/01/le-moment/", |_, b| {
        b.contains("Paragraphe corrigé.")
    });
}

#[test]
fn connections_beyond_the_cap_wait_for_a_place() {
    let f = site();
    let s = Server::start(&f, &[]);
    // 256 connections that never send a request take every place...
    let silent: Vec<TcpStream> = (0..256)
        .map(|_| TcpStream::connect(&s.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // ...so the next client waits until they are cut off (10 s), then is served.
    let start = Instant::now();
    let (status, _) = s.get("/fr/");
    assert_eq!(status, 200);
    assert!(
        start.elapsed() > Duration::from_secs(5),
        "served at once: no cap ({:?})",
        start.elapsed()
    );
    drop(silent);
}

#[test]
fn a_static_folder_created_while_serving_is_served_with_its_first_file() {
    let f = site();
    assert!(!f.root().join("static").exists());
    let s = Server::start(&f, &[]);
    let mut events = s.events();
    f.write("static/nouveau.txt", "bonjour");
    events.until(r#""kind":"reload""#);
    s.wait_for("/nouveau.txt", |status, body| {
        status == 200 && body == "bonjour"
    });
}

#[test]
fn the_preview_is_searchable_and_its_index_follows_an_edit() {
    let f = site();
    let s = Server::start(&f, &[]);
    let pages = |body: &str, lang: &str| -> u64 {
        let entry: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        entry["languages"][lang]["page_count"].as_u64().unwrap_or(0)
    };
    // Made after the first build, beside the site.
    s.wait_for("/pagefind/pagefind-entry.json", |status, b| {
        status == 200 && pages(b, "fr") == 1 && pages(b, "en") == 1
    });
    let (status, _) = s.get("/pagefind/pagefind-ui.js");
    assert_eq!(status, 200);
    let (_, page) = s.get("/fr/recherche/");
    assert!(page.contains("data-bundle=\"/pagefind/\""), "{page}");
    // A new article: the reload comes first, then the index follows it.
    let mut events = s.events();
    f.article(
        "fr/2025-02-01-ecoles.md",
        "title: Les écoles\ndate: 2025-02-01",
        "Les écoles apprennent.\n",
    );
    events.until("reload");
    s.wait_for("/pagefind/pagefind-entry.json", |_, b| pages(b, "fr") == 2);
    // Search turned off: the index goes too.
    f.write(
        "site.toml",
        &format!("{BILINGUAL}\n[search]\nenabled = false\n"),
    );
    s.wait_for("/pagefind/pagefind-entry.json", |status, _| status == 404);
    s.wait_for("/fr/recherche/", |status, _| status == 404);
}

/// The server prints the build's notes as `gazette build` does: all of
/// them after the first build, then those of each file saved, so a writer
/// sees an empty tag (or an author named, not keyed) as they save, not at the next
/// build.
#[test]
fn notes_are_printed_after_the_first_build_and_for_each_saved_file() {
    let f = site();
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\ntags: [\"\", news]",
        "Text.\n",
    );
    let mut guard = Server::piped(&f, "0");
    let (sender, said) = std::sync::mpsc::channel();
    let out = guard.child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let _ = sender.send(line.unwrap());
        }
    });
    // Lines up to (and including) the next one starting with `stop`.
    let until = |stop: &str| {
        let mut lines = Vec::new();
        loop {
            let line = said
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("no `{stop}` line after {lines:?}"));
            let done = line.starts_with(stop);
            lines.push(line);
            if done {
                return lines;
            }
        }
    };
    let first = until("serving on").join("\n");
    assert!(
        first.contains("note: ")
            && first.contains("2025-01-29-the-moment.md:5: an empty tag was left out"),
        "{first}"
    );
    // A save of another article: its rebuild line, and no note.
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md",
        "Autre texte.\n",
    );
    let other = until("rebuilt after");
    std::thread::sleep(Duration::from_millis(300));
    let after_other: Vec<String> = said.try_iter().collect();
    assert!(
        !other
            .iter()
            .chain(&after_other)
            .any(|l| l.starts_with("note:")),
        "{other:?} {after_other:?}"
    );
    // A save of the article with the note: the note again, at its line.
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\ntags: [\"\", news]",
        "New text.\n",
    );
    until("rebuilt after");
    let note = said.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        note.starts_with("note: ")
            && note.ends_with("2025-01-29-the-moment.md:5: an empty tag was left out"),
        "{note}"
    );
}

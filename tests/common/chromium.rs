//! Driving Debian's headless Chromium over the DevTools protocol: start
//! it on a page, evaluate JavaScript there. Shared by the browser tests
//! and the benchmark's edit → visible measure (`examples/visible_latency`,
//! which includes this file by path), so both drive the browser the same way.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped (a server, the browser).
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts headless Chromium on `url`; returns it and its DevTools port.
pub fn start_chromium(url: &str, profile: &std::path::Path) -> (Killed, u16) {
    let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("Chromium is not installed: apt-get install chromium (.ci/run does)");
    let mut child = Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
            &format!("--user-data-dir={}", profile.display()),
            url,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let port = loop {
        let line = lines
            .next()
            .expect("chromium printed its DevTools address")
            .unwrap();
        if let Some(rest) = line.strip_prefix("DevTools listening on ws://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (Killed(child), port)
}

/// GET over HTTP/1.1, reading exactly Content-Length bytes (Chromium's
/// DevTools server keeps the connection open).
pub fn http_get(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        &s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8_lossy(&body).into_owned()
}

/// A DevTools connection to the page showing `page_url`.
pub struct Page {
    ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Page {
    pub fn connect(devtools_port: u16, page_url: &str) -> Page {
        let addr = format!("127.0.0.1:{devtools_port}");
        let start = Instant::now();
        let ws_url = loop {
            let list: serde_json::Value =
                serde_json::from_str(&http_get(&addr, "/json/list")).unwrap_or_default();
            let found = list.as_array().into_iter().flatten().find(|t| {
                t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(page_url))
            });
            if let Some(t) = found {
                break t["webSocketDebuggerUrl"].as_str().unwrap().to_string();
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no page target for {page_url}: {list}"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let (ws, _) = tungstenite::connect(ws_url.as_str()).expect("DevTools websocket");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        }
        Page { ws, next_id: 1 }
    }

    /// Evaluates `expression` in the page; `None` while the page is navigating.
    pub fn eval(&mut self, expression: &str) -> Option<serde_json::Value> {
        let params = serde_json::json!({"expression": expression, "returnByValue": true});
        let reply = self.call("Runtime.evaluate", params)?;
        reply["result"].get("value").cloned()
    }

    /// Calls DevTools `method`; its result, `None` when there is no reply.
    pub fn call(&mut self, method: &str, params: serde_json::Value) -> Option<serde_json::Value> {
        let id = self.next_id;
        self.next_id += 1;
        let msg = serde_json::json!({"id": id, "method": method, "params": params});
        self.ws
            .send(tungstenite::Message::text(msg.to_string()))
            .ok()?;
        loop {
            let reply = self.ws.read().ok()?;
            let Ok(text) = reply.to_text() else { continue };
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            if v["id"] == id {
                return Some(v["result"].clone());
            }
        }
    }

    /// Polls `expression` until it yields `want`.
    pub fn wait_for(&mut self, expression: &str, want: serde_json::Value) {
        let start = Instant::now();
        let mut last = None;
        while start.elapsed() < Duration::from_secs(20) {
            last = self.eval(expression);
            if last.as_ref() == Some(&want) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("`{expression}` never became {want}; last {last:?}");
    }
}

//! Measures `gazette serve`: the time from saving one article to the reload
//! event reaching a client. Starts the server on a site, opens the event
//! stream like a browser tab, then edits one article N times. With
//! `--search`, it also times each edit until the served search index
//! (its entry file) has changed. Saves that change the translation desk
//! are also timed to the desk's own message, which follows the reload.
//!
//! cargo run --release --example serve_latency -- --root /tmp/site [--edits 20] [--search]

#![allow(clippy::print_stdout)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Times `gazette serve` from saving one article to the reload event.
#[derive(clap::Parser)]
struct Args {
    /// The site folder.
    #[arg(long)]
    root: String,
    /// How many times to save the article.
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// Also time each edit until the search index follows it.
    #[arg(long)]
    search: bool,
}

/// The body of `GET path` from the server at `addr` (empty on an error).
fn get(addr: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut response = String::new();
    let _ = std::io::Read::read_to_string(&mut stream, &mut response);
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

fn main() {
    let Args {
        root,
        edits,
        search,
    } = clap::Parser::parse();
    let exe = std::env::current_exe().unwrap();
    let gazette = exe.parent().unwrap().parent().unwrap().join("gazette");
    let spawned = Instant::now();
    let mut child = Command::new(&gazette)
        .args(["serve", "--port", "0", "--root", &root])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start gazette serve (build it with cargo build --release)");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines.next().expect("address").unwrap();
        if let Some(rest) = line.strip_prefix("serving on ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let (server_tx, server_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if let Some(ms) = line
                .split(" files in ")
                .nth(1)
                .and_then(|r| r.split(" ms").next())
                .and_then(|n| n.parse::<u64>().ok())
            {
                let _ = server_tx.send(ms);
            }
        }
    });
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    write!(
        &stream,
        "GET /__gazette/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    let mut next_event = || -> String {
        let mut line = String::new();
        loop {
            line.clear();
            events.read_line(&mut line).unwrap();
            if let Some(d) = line.trim_end().strip_prefix("data:") {
                return d.to_string();
            }
        }
    };
    next_event(); // the current state: the first build is done
    let first_build = spawned.elapsed().as_secs_f64();
    let resident_mb = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(f64::NAN, |kb| kb / 1024.0);
    let dir = std::path::Path::new(&root).join("content/fr");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let target = &files[files.len() / 2];
    let original = std::fs::read_to_string(target).unwrap();
    let mut client = Vec::new();
    let mut server = Vec::new();
    let mut indexed = Vec::new();
    let mut desk = Vec::new();
    let entry = "/pagefind/pagefind-entry.json";
    let mut index_before = get(&addr, entry);
    if search {
        // The first index is made after the first build: wait for it.
        let start = Instant::now();
        while !index_before.contains("languages") && start.elapsed() < Duration::from_secs(600) {
            std::thread::sleep(Duration::from_millis(100));
            index_before = get(&addr, entry);
        }
    }
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(300));
        let start = Instant::now();
        std::fs::write(target, format!("{original}\nÉdition {i}.\n")).unwrap();
        let reload = loop {
            let event = next_event();
            if event.contains("reload") {
                break event;
            }
        };
        client.push(start.elapsed().as_secs_f64() * 1000.0);
        // The translation desk, when the save changed it, comes after.
        if reload.contains(r#""desk":"/"#) {
            while !next_event().contains(r#""kind":"desk""#) {}
            desk.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        if let Ok(ms) = server_rx.recv_timeout(Duration::from_secs(5)) {
            server.push(ms as f64);
        }
        if search {
            loop {
                let now = get(&addr, entry);
                if now.contains("languages") && now != index_before {
                    index_before = now;
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            indexed.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    std::fs::write(target, original).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        if v.is_empty() {
            f64::NAN
        } else {
            v[v.len() / 2]
        }
    };
    println!(
        "first build {first_build:.2} s, resident after it {resident_mb:.0} MB; edits {edits}: save to reload event median {:.0} ms (max {:.0} ms); rebuild inside the server median {:.0} ms",
        median(&mut client.clone()),
        client.iter().cloned().fold(0.0, f64::max),
        median(&mut server)
    );
    if !desk.is_empty() {
        println!(
            "translation desk: {} of the saves changed it; save to the desk's message median {:.0} ms (max {:.0} ms)",
            desk.len(),
            median(&mut desk.clone()),
            desk.iter().cloned().fold(0.0, f64::max)
        );
    }
    if search {
        println!(
            "search: save to the served index following the edit median {:.0} ms (max {:.0} ms)",
            median(&mut indexed.clone()),
            indexed.iter().cloned().fold(0.0, f64::max)
        );
    }
}

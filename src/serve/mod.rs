//! `gazette serve`: build the site into memory with the same pipeline as
//! `gazette build`, serve it on loopback, rebuild on every save and tell
//! open tabs to reload.
//!
//! Three parts, one way: [`watch`] reports settled file changes → the
//! rebuild here calls [`crate::render_site`] and swaps the in-memory
//! [`Snapshot`] → [`http`] serves the snapshot and streams [`Message`]s.
//! A failed rebuild keeps the last good snapshot and sends the error to the
//! browser overlay instead.

pub mod http;
pub mod watch;

use crate::error::{Error, Result};
use crate::pipeline::{BuildOptions, render_site};
use crate::render::RenderOptions;
use axum::body::Bytes;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The script injected before `</body>` in serve mode only.
const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Address to listen on; loopback unless the writer asks otherwise.
    pub interface: IpAddr,
    /// Port to try first; the next free one is taken if it is in use (0 = any).
    pub port: u16,
    /// Publish drafts too (on by default for previews).
    pub drafts: bool,
    /// Send open tabs to the page of the article just edited.
    pub follow: bool,
}

/// What the server tells its caller, who decides how to show it.
#[derive(Debug)]
pub enum ServeEvent {
    /// The server is up. `moved_from` is the requested port when it was busy.
    Listening {
        /// The address to open.
        url: String,
        /// The port asked for, when another one had to be taken.
        moved_from: Option<u16>,
    },
    /// A build finished and the site in memory was replaced.
    Built {
        /// Files in the site.
        files: usize,
        /// Time from the change being noticed to the reload being sent.
        elapsed: Duration,
        /// Source files that triggered it (empty for the first build).
        changed: Vec<PathBuf>,
        /// The one-line translation summary.
        translations: String,
    },
    /// A build failed; the last good site is still served.
    Failed(Error),
}

/// A message to open tabs, sent as JSON over Server-Sent Events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Reload the page (or, with `follow`, go to `url`).
    Reload {
        /// The edited article's URL, when one article was edited.
        url: Option<String>,
        /// Whether tabs should go to `url`.
        follow: bool,
    },
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The last build failed: show the overlay.
    Error {
        /// The diagnostics, as the terminal shows them.
        message: String,
    },
    /// The site is good: remove any overlay.
    Ok,
}

impl Message {
    /// The JSON the injected script reads.
    pub fn to_json(&self) -> String {
        let value = match self {
            Message::Reload { url, follow } => {
                serde_json::json!({"kind": "reload", "url": url, "follow": follow})
            }
            Message::Css => serde_json::json!({"kind": "css"}),
            Message::Error { message } => serde_json::json!({"kind": "error", "message": message}),
            Message::Ok => serde_json::json!({"kind": "ok"}),
        };
        value.to_string()
    }
}

/// The site as currently served.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Output files by path (`fr/index.html`).
    pub files: HashMap<String, Bytes>,
    /// The last build's error, while it is not fixed.
    pub error: Option<String>,
    /// Article URL by source file, for `--follow`.
    pub article_urls: HashMap<PathBuf, String>,
}

/// State shared by the HTTP handlers and the rebuild loop.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    sender: tokio::sync::broadcast::Sender<Message>,
}

impl Shared {
    /// The current snapshot; cheap (an `Arc` clone), never half-updated.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn replace(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }

    fn set_error(&self, message: String) {
        let current = self.snapshot();
        self.replace(Snapshot {
            files: current.files.clone(),
            article_urls: current.article_urls.clone(),
            error: Some(message),
        });
    }
}

/// Runs the dev server until the process is stopped.
pub fn serve(
    options: ServeOptions,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<()> {
    let mut options = options;
    options.root = std::fs::canonicalize(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let (listener, moved_from) = bind(options.interface, options.port)?;
    let addr = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    let url = local_url(addr);
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: options.root.join("public"),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        render: RenderOptions {
            inject: Some(format!("<script>{RELOAD_SCRIPT}</script>\n")),
        },
    };
    let (sender, _) = tokio::sync::broadcast::channel(64);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        sender,
    });
    let report = Arc::new(report);
    let watcher = watch::SourceWatcher::new(&options.root)
        .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", options.root.display())))?;
    let first = Instant::now();
    rebuild(
        &shared,
        &build_options,
        &options,
        &*report,
        Vec::new(),
        first,
    );
    report(ServeEvent::Listening { url, moved_from });
    {
        let (shared, report) = (shared.clone(), report.clone());
        std::thread::spawn(move || {
            watcher.run(|changed| {
                let start = Instant::now();
                rebuild(&shared, &build_options, &options, &*report, changed, start);
                true
            })
        });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    let result = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = axum::Router::new()
            .route(http::EVENTS_PATH, axum::routing::get(http::events))
            .fallback(http::serve_file)
            .with_state(shared);
        axum::serve(listener, app).await
    });
    result.map_err(|e| Error::io(addr.to_string(), e))
}

/// Binds `port`, or the next free one of the ten after it when it is taken.
fn bind(interface: IpAddr, port: u16) -> Result<(TcpListener, Option<u16>)> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(10)
    };
    let mut first_error = None;
    for candidate in port..=last {
        match TcpListener::bind(SocketAddr::new(interface, candidate)) {
            Ok(l) => return Ok((l, (candidate != port).then_some(port))),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                return Err(Error::Usage(format!(
                    "cannot listen on {interface}:{candidate}: {e}"
                )));
            }
        }
    }
    Err(Error::Usage(format!(
        "ports {port} to {last} on {interface} are all in use ({}); pass another --port",
        first_error.map(|e| e.to_string()).unwrap_or_default()
    )))
}

fn local_url(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}/", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

/// Rebuilds the whole site in memory and tells the tabs what to do.
fn rebuild(
    shared: &Shared,
    build: &BuildOptions,
    options: &ServeOptions,
    report: &dyn Fn(ServeEvent),
    changed: Vec<PathBuf>,
    start: Instant,
) {
    match render_site(build) {
        Ok(site) => {
            let files = site.files.len();
            let translations = site.status.summary(&site.languages);
            let edited_url = edited_article(&changed, &site.article_urls);
            shared.replace(Snapshot {
                files: site
                    .files
                    .into_iter()
                    .map(|f| (f.path, Bytes::from(f.bytes)))
                    .collect(),
                error: None,
                article_urls: site.article_urls.into_iter().collect(),
            });
            let css_only = !changed.is_empty()
                && changed
                    .iter()
                    .all(|p| p.extension().is_some_and(|e| e == "css"));
            let message = if css_only {
                Message::Css
            } else {
                Message::Reload {
                    url: edited_url,
                    follow: options.follow,
                }
            };
            let _ = shared.sender.send(message);
            report(ServeEvent::Built {
                files,
                elapsed: start.elapsed(),
                changed,
                translations,
            });
        }
        Err(e) => {
            shared.set_error(e.to_string());
            let _ = shared.sender.send(Message::Error {
                message: e.to_string(),
            });
            report(ServeEvent::Failed(e));
        }
    }
}

/// The URL of the article edited, when the change touched exactly one.
fn edited_article(
    changed: &[PathBuf],
    urls: &std::collections::BTreeMap<PathBuf, String>,
) -> Option<String> {
    let mut hits = changed.iter().filter_map(|p| urls.get(p));
    match (hits.next(), hits.next()) {
        (Some(url), None) => Some(url.clone()),
        _ => None,
    }
}

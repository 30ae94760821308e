//! `gazette serve`: build the site with the same pipeline as `gazette
//! build` (its files kept in a [`crate::spool`], not in memory), serve it
//! on loopback, rebuild on every save and tell open tabs to reload.
//!
//! Three parts, one way: [`watch`] reports settled file changes → the
//! rebuild here brings the [`LiveSite`] up to date (re-rendering only what
//! the change touches) and applies the changed files to the
//! [`Snapshot`] → [`http`] serves the snapshot and streams [`Message`]s.
//! A failed rebuild keeps the last good snapshot and sends the error to the
//! browser overlay instead.

pub mod http;
mod limits;
mod search;
pub mod watch;

use crate::error::{Error, Result};
use crate::live::LiveSite;
use crate::pipeline::BuildOptions;
use crate::render::RenderOptions;
use crate::spool::Spooled;
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
    /// Publish scheduled articles before their date, with a banner (on by
    /// default for previews).
    pub future: bool,
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
        /// Other addresses it answers on, when it listens on every
        /// interface (`--interface 0.0.0.0`): the network can see drafts.
        network: Vec<String>,
        /// The port asked for, when another one had to be taken.
        moved_from: Option<u16>,
    },
    /// The first build has started (a large site takes a moment).
    Building,
    /// A build finished and the site in memory was replaced.
    Built {
        /// Files in the site.
        files: usize,
        /// Files rendered again by this build.
        rendered: usize,
        /// Time from the change being noticed to the reload being sent.
        elapsed: Duration,
        /// Source files that triggered it (empty for the first build).
        changed: Vec<PathBuf>,
        /// The one-line translation summary.
        translations: String,
        /// Notes of the build (see [`crate::live::LiveBuild::notes`]).
        notes: Vec<crate::Diagnostic>,
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
        /// The translation desk's URL when it changed and follows in a
        /// [`Message::Desk`]: a tab showing it waits for that one.
        desk: Option<String>,
    },
    /// The translation desk at `url` was rendered again (after the reload:
    /// see [`LiveSite::after_reload`]): a tab showing it reloads.
    Desk {
        /// Its root-relative URL.
        url: String,
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
            Message::Reload { url, follow, desk } => {
                serde_json::json!({"kind": "reload", "url": url, "follow": follow, "desk": desk})
            }
            Message::Desk { url } => serde_json::json!({"kind": "desk", "url": url}),
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
    /// Output files by path (`fr/index.html`), in the live site's spool.
    pub files: rustc_hash::FxHashMap<String, Spooled>,
    /// The last build's error, while it is not fixed.
    pub error: Option<String>,
}

/// State shared by the HTTP handlers and the rebuild loop.
pub struct Shared {
    snapshot: RwLock<Snapshot>,
    sender: tokio::sync::broadcast::Sender<Message>,
}

impl Shared {
    /// The site being served. A rebuild's changes are applied under one
    /// write lock, so a reader sees the site before or after, never between;
    /// hold the guard only to look a file up (an entry is a cheap clone that
    /// keeps its bytes readable however the site changes meanwhile).
    pub fn snapshot(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Snapshot> {
        self.snapshot.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Applies a rebuild's changes and clears any error.
    fn apply(&self, build: &crate::LiveBuild) {
        let mut snapshot = self.write();
        for path in &build.removed {
            snapshot.files.remove(path);
        }
        for (path, entry) in &build.written {
            snapshot.files.insert(path.clone(), entry.clone());
        }
        snapshot.error = None;
    }

    fn set_error(&self, message: String) {
        self.write().error = Some(message);
    }
}

/// Saving a file of this name under the site makes a debug build's rebuild
/// panic: how the tests check that a panic is reported, not fatal.
pub const PANIC_TEST_FILE: &str = "gazette-panic-test.md";

/// Runs the dev server until the process is stopped.
pub fn serve(
    options: ServeOptions,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<()> {
    let mut options = options;
    if !options.root.join("site.toml").is_file() {
        return Err(Error::Usage(crate::config::not_a_site(&options.root)));
    }
    options.root = std::fs::canonicalize(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let (listener, moved_from) = bind(options.interface, options.port)?;
    let addr = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    let url = local_url(addr);
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: options.root.join("public"),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        future: options.future,
        allow_removed_urls: true,
        gc: false,
        render: RenderOptions {
            inject: Some(format!("<script>{RELOAD_SCRIPT}</script>\n")),
            preview: true,
        },
        progress: None,
    };
    let (sender, _) = tokio::sync::broadcast::channel(64);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Snapshot::default()),
        sender,
    });
    let report = Arc::new(report);
    let watcher = watch::SourceWatcher::new(&options.root).map_err(|e| {
        let e = std::io::Error::other(format!("cannot watch for changes: {e}"));
        Error::io(&options.root, e)
    })?;
    let mut live = LiveSite::new(build_options);
    let first = Instant::now();
    report(ServeEvent::Building);
    let mut indexing = Indexing::default();
    rebuild(&shared, &mut live, &options, &*report, Vec::new(), first);
    after_reload(&shared, &mut live, &*report);
    indexing.after(&shared, &live);
    let network = match addr.ip().is_unspecified() {
        true => network_urls(addr),
        false => Vec::new(),
    };
    report(ServeEvent::Listening {
        url,
        network,
        moved_from,
    });
    {
        let (shared, report) = (shared.clone(), report.clone());
        std::thread::spawn(move || {
            watcher.run(|changed| {
                let start = Instant::now();
                rebuild(&shared, &mut live, &options, &*report, changed, start);
                after_reload(&shared, &mut live, &*report);
                indexing.after(&shared, &live);
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
        axum::serve(limits::Limited::new(listener), app).await
    });
    result.map_err(|e| Error::io(addr.to_string(), e))
}

/// The preview's search index, made again after each rebuild (see
/// [`search`]), with the settings it was started with.
#[derive(Default)]
struct Indexing(Option<(crate::config::SearchSettings, search::SearchWorker)>);

impl Indexing {
    /// After a rebuild (its reload already sent): index the site as it now
    /// is, if it has search; a site whose search was turned off loses its
    /// index.
    fn after(&mut self, shared: &Arc<Shared>, live: &LiveSite) {
        if shared.snapshot().error.is_some() {
            return;
        }
        match live.search() {
            None => {
                if self.0.take().is_some() {
                    shared.replace_search_index(Vec::new());
                }
            }
            Some(settings) => {
                if self.0.as_ref().is_none_or(|(s, _)| s != settings) {
                    let worker = search::SearchWorker::start(shared.clone(), settings.clone());
                    self.0 = Some((settings.clone(), worker));
                }
                if let (Some((_, worker)), Some(spool)) = (&self.0, live.spool()) {
                    worker.index(live.files(), spool.clone());
                }
            }
        }
    }
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
                return Err(Error::Listen {
                    address: format!("{interface}:{candidate}"),
                    message: e.to_string(),
                });
            }
        }
    }
    Err(Error::Listen {
        address: format!("{interface} ports {port} to {last}"),
        message: format!(
            "all in use ({}); pass another --port",
            first_error.map(|e| e.to_string()).unwrap_or_default()
        ),
    })
}

/// The address other machines reach this one at, when it listens on all
/// interfaces: the one the system would send from (a UDP "connection"
/// sends nothing; without a route there is none to print).
fn network_urls(addr: SocketAddr) -> Vec<String> {
    let probe = |bind: &str, to: &str| {
        let socket = std::net::UdpSocket::bind(bind).ok()?;
        socket.connect(to).ok()?;
        socket.local_addr().ok().map(|a| a.ip())
    };
    let found = match addr.ip() {
        IpAddr::V4(_) => probe("0.0.0.0:0", "192.0.2.1:80"),
        IpAddr::V6(_) => probe("[::]:0", "[2001:db8::1]:80"),
    };
    found
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
        .map(|ip| local_url(SocketAddr::new(ip, addr.port())))
        .into_iter()
        .collect()
}

fn local_url(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}/", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

/// Brings the served site up to date and tells the tabs what to do.
fn rebuild(
    shared: &Shared,
    live: &mut LiveSite,
    options: &ServeOptions,
    report: &dyn Fn(ServeEvent),
    changed: Vec<PathBuf>,
    start: Instant,
) {
    let result = guarded(live, |live| {
        // Debug builds only: the tests' way to make a rebuild panic.
        if cfg!(debug_assertions)
            && changed
                .iter()
                .any(|p| p.file_name().is_some_and(|n| n == PANIC_TEST_FILE))
        {
            panic!("{PANIC_TEST_FILE} was saved (a debug build's test of panics)");
        }
        live.rebuild(&changed)
    });
    match result {
        Ok(site) => {
            shared.apply(&site);
            let css_only = !changed.is_empty()
                && changed
                    .iter()
                    .all(|p| p.extension().is_some_and(|e| e == "css"));
            let message = if css_only {
                Message::Css
            } else {
                // Only a change to exactly one published article names a page to follow.
                let url = match site.changed_urls.as_slice() {
                    [one] => Some(one.clone()),
                    _ => None,
                };
                Message::Reload {
                    url,
                    follow: options.follow,
                    desk: site.desk_due.then(desk_url),
                }
            };
            let _ = shared.sender.send(message);
            report(ServeEvent::Built {
                files: site.files,
                rendered: site.written.len(),
                elapsed: start.elapsed(),
                changed,
                translations: site.translations,
                notes: site.notes,
            });
        }
        Err(e) => failed(shared, report, e),
    }
}

/// After the reload: the live site finishes the save's work
/// ([`LiveSite::after_reload`]), and when that rendered the translation desk
/// again, a tab showing it is told to reload.
fn after_reload(shared: &Shared, live: &mut LiveSite, report: &dyn Fn(ServeEvent)) {
    if shared.snapshot().error.is_some() {
        return;
    }
    match guarded(live, LiveSite::after_reload) {
        Ok(None) => {}
        Ok(Some((path, entry))) => {
            shared.write().files.insert(path, entry);
            let _ = shared.sender.send(Message::Desk { url: desk_url() });
        }
        Err(e) => failed(shared, report, e),
    }
}

/// Where the preview serves the translation desk.
fn desk_url() -> String {
    let path = crate::render::desk::PATH;
    format!("/{}", path.trim_end_matches("index.html"))
}

/// Runs `work` on the live site. A panic in it (a bug) must not kill the
/// rebuild thread and leave the server serving a stale site as if all were
/// well: it is reported like any failure, and the next save rebuilds from
/// scratch.
fn guarded<T>(live: &mut LiveSite, work: impl FnOnce(&mut LiveSite) -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(live))).unwrap_or_else(|panic| {
        live.forget();
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a rebuild panicked".into());
        Err(Error::Internal(message))
    })
}

/// Keeps the last good site served and shows `e` in the tabs' overlay.
fn failed(shared: &Shared, report: &dyn Fn(ServeEvent), e: Error) {
    shared.set_error(e.to_string());
    let _ = shared.sender.send(Message::Error {
        message: e.to_string(),
    });
    report(ServeEvent::Failed(e));
}

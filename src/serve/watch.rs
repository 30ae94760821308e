//! Watch the site's sources with notify and report settled batches of
//! changes. Knows nothing of HTTP or rendering: it calls back with the paths
//! that changed, once the burst of events (an editor's write-then-rename, a
//! `git checkout` of many files) has gone quiet.

use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The folders and files under the site root that feed the build.
pub const WATCHED: &[&str] = &crate::stamp::SOURCES;

/// How long the file system must stay quiet before a batch is reported.
const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch waits under a constant stream of events.
const MAX_WAIT: Duration = Duration::from_millis(400);

/// A watch on a site's sources, registered as soon as it is created so no
/// change made after [`SourceWatcher::new`] returns is missed.
pub struct SourceWatcher {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl SourceWatcher {
    /// Starts watching `root` (absolute) and its source folders.
    pub fn new(root: &Path) -> notify::Result<Self> {
        let (tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = SourceWatcher {
            root: root.to_path_buf(),
            watcher,
            events,
            watched: BTreeSet::new(),
        };
        w.add_watches();
        Ok(w)
    }

    /// Calls `on_change` with each settled batch of changed sources, until it
    /// returns false or the watcher stops.
    pub fn run(mut self, mut on_change: impl FnMut(Vec<PathBuf>) -> bool) {
        loop {
            let Ok(first) = self.events.recv() else {
                return;
            };
            let mut changed = BTreeSet::new();
            collect(&self.root, first, &mut changed);
            let start = Instant::now();
            while start.elapsed() < MAX_WAIT {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => collect(&self.root, event, &mut changed),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            // A folder such as static/ may have been created since the start:
            // what it already holds was never seen by a watch, so it counts
            // as changed.
            changed.extend(self.add_watches());
            if !changed.is_empty() && !on_change(changed.into_iter().collect()) {
                return;
            }
        }
    }

    /// Watches the source folders not watched yet; returns the files found
    /// in those it starts watching.
    fn add_watches(&mut self) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for name in WATCHED {
            let path = self.root.join(name);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                found.extend(
                    walkdir::WalkDir::new(&path)
                        .into_iter()
                        .filter_map(|e| e.ok())
                        .filter(|e| e.file_type().is_file())
                        .map(|e| e.into_path())
                        .filter(|p| is_source(&self.root, p)),
                );
                self.watched.insert(path);
            }
        }
        found
    }
}

fn collect(root: &Path, event: notify::Result<notify::Event>, changed: &mut BTreeSet<PathBuf>) {
    let Ok(event) = event else { return };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return;
    }
    for path in event.paths {
        if is_source(root, &path) {
            changed.insert(path);
        }
    }
}

/// True for files under a watched folder that are not editor droppings
/// (swap files, backups, vim's `4913` probe, hidden temporaries).
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let Some(first) = rel.components().next() else {
        return false;
    };
    if !WATCHED.iter().any(|w| first.as_os_str() == *w) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let temporary = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("#")
        || name == "4913";
    !temporary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_droppings_are_ignored() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/fr/a.md")));
        assert!(is_source(root, Path::new("/site/site.toml")));
        assert!(
            is_source(root, Path::new("/site/content/fr")),
            "a deleted folder counts"
        );
        for p in [
            "/site/content/fr/.a.md.swp",
            "/site/content/fr/a.md~",
            "/site/content/fr/4913",
            "/site/public/x.html",
            "/site/target/x",
            "/elsewhere/a.md",
        ] {
            assert!(!is_source(root, Path::new(p)), "{p}");
        }
    }
}

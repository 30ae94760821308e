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
/// The same once every file written in the batch has been closed by its
/// writer (or renamed into place, or removed): the save is complete, and
/// only its trailing events (an editor deleting its backup) can follow, a
/// few microseconds behind. Linux says when a writer closes a file; where
/// the watcher cannot tell (macOS, Windows), [`QUIET`] applies. At 10,000
/// pairs this took save → reload from ~32 to 19–24 ms.
const SETTLED: Duration = Duration::from_millis(2);
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
            let mut batch = Batch::default();
            batch.add(&self.root, first);
            let start = Instant::now();
            while start.elapsed() < MAX_WAIT {
                match self.events.recv_timeout(batch.quiet()) {
                    Ok(event) => batch.add(&self.root, event),
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            let mut changed = batch.changed;
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

/// The sources changed by a burst of events, and whether the burst looks
/// complete: every file written to has been closed since.
#[derive(Default)]
struct Batch {
    changed: BTreeSet<PathBuf>,
    /// Sources created or written to and not closed since.
    writing: BTreeSet<PathBuf>,
    /// An event that says nothing of completion (a new folder, whose files
    /// follow; an event of unknown kind).
    unsure: bool,
}

impl Batch {
    fn add(&mut self, root: &Path, event: notify::Result<notify::Event>) {
        use notify::EventKind::{Access, Create, Modify, Remove};
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
        let Ok(event) = event else {
            self.unsure = true;
            return;
        };
        // The server's own reads open the sources too: only a close after
        // writing says something.
        if matches!(event.kind, Access(kind) if kind != AccessKind::Close(AccessMode::Write)) {
            return;
        }
        for path in event.paths {
            if !is_source(root, &path) {
                continue;
            }
            match event.kind {
                Create(CreateKind::Folder) => self.unsure = true,
                Create(_) | Modify(ModifyKind::Data(_) | ModifyKind::Any) => {
                    self.writing.insert(path.clone());
                }
                Modify(ModifyKind::Metadata(_)) => {}
                // Closed after writing, renamed into place or away, removed.
                Access(_) | Modify(ModifyKind::Name(_)) | Remove(_) => {
                    self.writing.remove(&path);
                }
                _ => self.unsure = true,
            }
            self.changed.insert(path);
        }
    }

    /// How long to wait for the next event before reporting the batch.
    fn quiet(&self) -> Duration {
        if self.writing.is_empty() && !self.unsure {
            SETTLED
        } else {
            QUIET
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
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode};

    fn event(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn a_batch_settles_sooner_once_its_writes_are_closed() {
        let root = Path::new("/site");
        let modified = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));

        // A save in place: written, then closed.
        let mut batch = Batch::default();
        batch.add(root, event(modified, "/site/content/fr/a.md"));
        assert_eq!(batch.quiet(), QUIET, "still being written");
        batch.add(root, event(closed, "/site/content/fr/a.md"));
        assert_eq!(batch.quiet(), SETTLED);
        assert_eq!(
            batch.changed.iter().collect::<Vec<_>>(),
            [Path::new("/site/content/fr/a.md")]
        );

        // Two files: settled only when both are closed; an editor's own
        // files and the server's reads change nothing.
        let mut batch = Batch::default();
        batch.add(root, event(modified, "/site/content/fr/a.md"));
        batch.add(
            root,
            event(EventKind::Create(CreateKind::File), "/site/content/en/a.md"),
        );
        batch.add(root, event(closed, "/site/content/fr/a.md"));
        batch.add(root, event(modified, "/site/content/fr/.a.md.swp"));
        batch.add(root, event(opened, "/site/content/fr/b.md"));
        assert_eq!(batch.quiet(), QUIET, "en/a.md is not closed yet");
        batch.add(root, event(closed, "/site/content/en/a.md"));
        assert_eq!(batch.quiet(), SETTLED);
        assert_eq!(batch.changed.len(), 2, "{:?}", batch.changed);

        // A save by rename: the temporary file is written, then moved into place.
        let mut batch = Batch::default();
        batch.add(
            root,
            event(
                EventKind::Create(CreateKind::File),
                "/site/content/fr/a.md.new",
            ),
        );
        batch.add(root, event(modified, "/site/content/fr/a.md.new"));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let rename = notify::Event::new(renamed)
            .add_path(PathBuf::from("/site/content/fr/a.md.new"))
            .add_path(PathBuf::from("/site/content/fr/a.md"));
        batch.add(root, Ok(rename));
        assert_eq!(batch.quiet(), SETTLED);

        // A new folder's files are on their way; an error says nothing.
        let mut batch = Batch::default();
        batch.add(
            root,
            event(
                EventKind::Create(CreateKind::Folder),
                "/site/content/fr/new",
            ),
        );
        assert_eq!(batch.quiet(), QUIET);
        let mut batch = Batch::default();
        batch.add(root, Err(notify::Error::generic("overflow")));
        assert_eq!(batch.quiet(), QUIET);
    }

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

//! Search in the preview: after each rebuild (once its reload is sent, so
//! indexing never delays it), the pages are indexed again on a thread of
//! their own and the index replaces the served one. Saves that come while
//! an index is being made are coalesced: only the newest site is indexed
//! next.

use super::Shared;
use crate::config::SearchSettings;
use crate::search::{Indexer, indexable, page_lang};
use crate::spool::{Spool, Spooled};
use crate::urls::SEARCH_BUNDLE;
use std::sync::{Arc, Condvar, Mutex};

/// What the indexing thread is asked to do next.
#[derive(Default)]
enum Next {
    /// Nothing: wait.
    #[default]
    Wait,
    /// Index these pages (the newest site's), putting the index into
    /// this spool.
    Index(Vec<(String, Spooled)>, Arc<Spool>),
    /// The worker is gone: stop.
    Stop,
}

type Pending = (Mutex<Next>, Condvar);

/// A background indexer for the served site.
pub(super) struct SearchWorker {
    pending: Arc<Pending>,
}

impl SearchWorker {
    /// Starts the thread that indexes for `shared`.
    pub(super) fn start(shared: Arc<Shared>, settings: SearchSettings) -> Self {
        let pending: Arc<Pending> = Arc::default();
        let queue = pending.clone();
        std::thread::Builder::new()
            .name("gazette-serve-search".into())
            .spawn(move || {
                loop {
                    let (pages, spool) = {
                        let (lock, wake) = &*queue;
                        let mut next = lock.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            match std::mem::take(&mut *next) {
                                Next::Index(pages, spool) => break (pages, spool),
                                Next::Stop => return,
                                Next::Wait => {}
                            }
                            next = wake.wait(next).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    // A lane per language, as in a build: a served page's
                    // language is the one Pagefind reads, its `<html lang>`.
                    // A page the spool cannot give back is left out of
                    // this index (the next save tries again); only the
                    // pages indexed are kept, and their languages counted.
                    let pages: Vec<_> = pages
                        .into_iter()
                        .filter_map(|(path, entry)| Some((path, entry.read().ok()?)))
                        .filter(|(path, bytes)| indexable(path, bytes))
                        .map(|(path, bytes)| (page_lang(&bytes), path, bytes))
                        .collect();
                    let mut languages: Vec<String> =
                        pages.iter().filter_map(|(lang, ..)| lang.clone()).collect();
                    languages.sort_unstable();
                    languages.dedup();
                    let indexer = Indexer::start(&settings, &languages);
                    for (lang, path, bytes) in pages {
                        indexer.offer(&path, lang.as_deref(), bytes);
                    }
                    // A failed index leaves the last one served: search is
                    // the preview's extra, the build reports its errors.
                    let Ok(files) = indexer.finish() else {
                        continue;
                    };
                    // A worker stopped meanwhile (search turned off or its
                    // settings changed) serves nothing more; the guard is
                    // held while the index is replaced, so a stop cannot
                    // slip in between.
                    let (lock, _) = &*queue;
                    let next = lock.lock().unwrap_or_else(|e| e.into_inner());
                    if matches!(*next, Next::Stop) {
                        return;
                    }
                    let spooled: std::io::Result<Vec<(String, Spooled)>> = files
                        .into_iter()
                        .map(|f| Ok((f.path, spool.put(&f.bytes)?)))
                        .collect();
                    if let Ok(files) = spooled {
                        shared.replace_search_index(files);
                    }
                }
            })
            .expect("a thread can be started");
        SearchWorker { pending }
    }

    /// Asks for the site `files` to be indexed (their index put into
    /// `spool`), replacing any request not started yet. The pages are read
    /// and sorted out on the worker's thread.
    pub(super) fn index(&self, files: &rustc_hash::FxHashMap<String, Spooled>, spool: Arc<Spool>) {
        let pages: Vec<(String, Spooled)> = files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, entry)| (path.clone(), entry.clone()))
            .collect();
        self.ask(Next::Index(pages, spool));
    }

    fn ask(&self, next: Next) {
        let (lock, wake) = &*self.pending;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = next;
        wake.notify_one();
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        self.ask(Next::Stop);
    }
}

impl Shared {
    /// Serves `files` as the search index, in place of the previous one
    /// (none: the site has no search any more).
    pub(super) fn replace_search_index(&self, files: Vec<(String, Spooled)>) {
        let prefix = format!("{SEARCH_BUNDLE}/");
        let mut snapshot = self.write();
        snapshot.files.retain(|path, _| !path.starts_with(&prefix));
        snapshot.files.extend(files);
    }
}

//! Bytes kept in one anonymous temporary file rather than in memory: the
//! dev server's output files, and the rendered bodies of `gazette build`
//! and `check` (see `site::Bodies`). At 10,000 pairs a site's files weigh
//! ~360 MB and its bodies ~170 MB: held as bytes they were more than a
//! third of the server's resident memory, and most of a build's; spooled,
//! they are the system's file cache, and each is read back with one
//! positional read by whoever needs it (a request, the page showing a body).
//!
//! The file has no name (`tempfile::tempfile`: `O_TMPFILE` on Linux,
//! unlinked at once elsewhere on Unix, deleted on close on Windows), so it
//! is gone when the server stops, however it stops, and nothing else can
//! reach, replace or link it: what is served is only ever what the server
//! wrote into it.
//!
//! An entry is written once, at the end of the file, and never changed: a
//! new version of an output is a new entry, so a request reading the old
//! one while a rebuild writes is never torn. Entries are shared
//! ([`Spooled`] is a reference count): when the last holder (the live site,
//! the served snapshot, a request being answered) lets one go, its bytes
//! count as waste, and [`Spool::wasteful`] tells the owner when to copy
//! what is still live into a fresh spool.

use crate::platform;
use std::fs::File;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Waste below this is never worth a copy (a few hundred saves of a page).
pub const MIN_WASTE: u64 = 64 << 20;

/// One anonymous file of output files, written by many threads at once.
pub struct Spool {
    file: File,
    /// Where the next entry goes.
    end: AtomicU64,
    /// Bytes of entries no one holds any more.
    waste: AtomicU64,
    /// Waste below this is not worth a copy.
    min_waste: u64,
}

/// One file in a [`Spool`]; the spool lives as long as any of its entries.
#[derive(Clone)]
pub struct Spooled(Arc<Entry>);

struct Entry {
    spool: Arc<Spool>,
    offset: u64,
    len: u64,
}

impl Spool {
    /// A new, empty spool in the system's temporary folder.
    pub fn new() -> io::Result<Arc<Spool>> {
        Spool::with_min_waste(MIN_WASTE)
    }

    /// A new spool that is [`Spool::wasteful`] as soon as more of it is
    /// waste than live, past `min_waste` bytes (tests use 0, to move
    /// files to a fresh spool often).
    pub fn with_min_waste(min_waste: u64) -> io::Result<Arc<Spool>> {
        Ok(Arc::new(Spool {
            file: tempfile::tempfile()?,
            end: AtomicU64::new(0),
            waste: AtomicU64::new(0),
            min_waste,
        }))
    }

    /// A new, empty spool with this one's settings, to move to.
    pub fn fresh(&self) -> io::Result<Arc<Spool>> {
        Spool::with_min_waste(self.min_waste)
    }

    /// Adds `bytes` as a new entry.
    pub fn put(self: &Arc<Self>, bytes: &[u8]) -> io::Result<Spooled> {
        let len = bytes.len() as u64;
        let offset = self.end.fetch_add(len, Ordering::Relaxed);
        let entry = Entry {
            spool: self.clone(),
            offset,
            len,
        };
        // Written before anyone can hold the entry; on failure the dropped
        // entry counts its reserved range as waste.
        platform::write_all_at(&self.file, bytes, offset)?;
        Ok(Spooled(Arc::new(entry)))
    }

    /// Whether more of the file is waste than live (and the waste is worth
    /// a copy): the owner then moves the live entries to a new spool.
    pub fn wasteful(&self) -> bool {
        let waste = self.waste.load(Ordering::Relaxed);
        let end = self.end.load(Ordering::Relaxed);
        waste > self.min_waste && waste > end - waste
    }
}

impl Spooled {
    /// The entry's size in bytes.
    pub fn len(&self) -> u64 {
        self.0.len
    }

    /// Whether the entry is empty.
    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }

    /// The entry's bytes, read back.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let Entry { spool, offset, len } = &*self.0;
        let mut buf = vec![0; usize::try_from(*len).map_err(io::Error::other)?];
        platform::read_exact_at(&spool.file, &mut buf, *offset)?;
        Ok(buf)
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        self.spool.waste.fetch_add(self.len, Ordering::Relaxed);
    }
}

impl std::fmt::Debug for Spooled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spooled({} bytes at {})", self.0.len, self.0.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn entries_written_at_once_by_many_threads_read_back_whole() {
        let spool = Spool::new().unwrap();
        let made: Vec<(Vec<u8>, Spooled)> = (0..2_000u32)
            .into_par_iter()
            .map(|i| {
                let bytes = format!("<p>page {i}</p>").repeat(i as usize % 50);
                let entry = spool.put(bytes.as_bytes()).unwrap();
                (bytes.into_bytes(), entry)
            })
            .collect();
        for (bytes, entry) in &made {
            assert_eq!(entry.len(), bytes.len() as u64);
            assert_eq!(&entry.read().unwrap(), bytes);
        }
    }

    #[test]
    fn an_entry_let_go_by_every_holder_is_waste() {
        let spool = Spool::new().unwrap();
        let page = vec![b'x'; 1 << 20];
        let kept: Vec<Spooled> = (0..40).map(|_| spool.put(&page).unwrap()).collect();
        let dropped: Vec<Spooled> = (0..100).map(|_| spool.put(&page).unwrap()).collect();
        let held = dropped[0].clone();
        drop(dropped);
        // 99 MB waste, 41 MB live: worth a copy.
        assert!(spool.wasteful());
        assert_eq!(held.read().unwrap(), page, "a holder still reads its entry");
        drop(kept);
        drop(held);
        assert_eq!(spool.waste.load(Ordering::Relaxed), 140 << 20);
        let small = Spool::new().unwrap();
        drop(small.put(&page).unwrap());
        assert!(!small.wasteful(), "1 MB of waste is not worth a copy");
    }
}

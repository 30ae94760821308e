//! A folder target (`kind = "dir"`): a local or mounted folder a web server
//! reads, updated in place. Each file is written under a temporary name
//! beside its place and renamed over it, so a reader gets the old file or
//! the new one, never half of one; the caller's order (assets, pages,
//! indexes, deletions) keeps every page's links answering.

use super::local::LocalFile;
use super::plan::TEMP_PREFIX;
use super::target::{Failure, Target};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder `root`.
pub struct Dir {
    root: PathBuf,
}

impl Dir {
    /// A target writing into `root` (created on the first deploy).
    pub fn new(root: PathBuf) -> Dir {
        Dir { root }
    }

    /// Where `path` goes, refusing a place reached through a link: a link
    /// inside the target could lead anywhere on the machine.
    fn place(&self, path: &str) -> std::io::Result<PathBuf> {
        let mut at = self.root.clone();
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            at.push(part);
            if parts.peek().is_some()
                && at
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(std::io::Error::other(format!(
                    "{} is a link on the target: Gazette never writes through one",
                    at.display()
                )));
            }
        }
        Ok(at)
    }

    /// Writes `bytes` at `path` in one rename.
    fn put(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let place = self.place(path)?;
        let parent = place.parent().expect("a file under the target");
        std::fs::create_dir_all(parent)?;
        // A folder where a file goes (or the reverse) was made by hand.
        if place.is_dir() {
            std::fs::remove_dir_all(&place)?;
        }
        let temp = parent.join(format!("{TEMP_PREFIX}{}", std::process::id()));
        std::fs::write(&temp, bytes)?;
        std::fs::rename(&temp, &place).inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
    }
}

fn failure(path: &str, e: std::io::Error) -> Failure {
    Failure::on(path, e.to_string())
}

impl Target for Dir {
    fn list(&mut self) -> Result<BTreeMap<String, u64>, Failure> {
        let mut out = BTreeMap::new();
        if !self.root.exists() {
            return Ok(out);
        }
        for entry in walkdir::WalkDir::new(&self.root) {
            let entry = entry.map_err(|e| Failure::new(format!("cannot list the folder: {e}")))?;
            // A link is listed as itself, never followed out of the folder.
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&self.root)
                .expect("under the root");
            let size = entry.path().symlink_metadata().map_or(0, |m| m.len());
            out.insert(rel.to_string_lossy().replace('\\', "/"), size);
        }
        Ok(out)
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Failure> {
        match self.place(path).and_then(std::fs::read) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(failure(path, e)),
        }
    }

    fn send(
        &mut self,
        root: &Path,
        files: &[&LocalFile],
        sent: &mut dyn FnMut(&LocalFile),
    ) -> Result<(), Failure> {
        for file in files {
            super::retry(|| {
                let bytes = std::fs::read(root.join(&file.path)).map_err(|e| {
                    Failure::on(&file.path, format!("cannot read the built file: {e}"))
                })?;
                self.put(&file.path, &bytes)
                    .map_err(|e| failure(&file.path, e))
            })?;
            sent(file);
        }
        Ok(())
    }

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        super::retry(|| self.put(path, bytes).map_err(|e| failure(path, e)))
    }

    fn delete(&mut self, _root: &Path, paths: &[String]) -> Result<(), Failure> {
        for path in paths {
            let place = self.place(path).map_err(|e| failure(path, e))?;
            match std::fs::remove_file(&place) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(failure(path, e));
                }
                _ => {}
            }
            // Folders left empty go too (a folder without its index.html
            // would answer 403 on many servers, not 404).
            let mut dir = place.parent();
            while let Some(d) = dir.filter(|d| *d != self.root && d.starts_with(&self.root)) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}

//! The build stamp: what `gazette build` leaves beside its output
//! (`.<output>.gazette.stamp.json`) so that `gazette deploy` publishes only
//! what a plain build of the current sources made.
//!
//! It says which sources the output was made from (a fingerprint of their
//! names, sizes and modification times, taken before they are read, so an
//! edit during the build shows as a change), how (`--drafts`, `--future`,
//! a clock set ahead, the base URL), and what `deploy` needs to know of the
//! files: the URLs of articles, pages and aliases (the guard against broken
//! URLs) and which files never change under their name (cached for good).
//!
//! It lives beside the output rather than in it, so it is never published
//! by hand-copying `public/`; it is removed before the output is swapped and
//! written after, under the build's lock, so it never describes another
//! output than the one beside it.

use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a build made, and from what.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stamp {
    /// The Gazette version that built it.
    pub gazette: String,
    /// [`sources_fingerprint`] of the site when the build started.
    pub sources: String,
    /// The base URL the pages were made for.
    pub base_url: String,
    /// Built with `--drafts`.
    pub drafts: bool,
    /// Built with `--future`.
    pub future: bool,
    /// Built with a clock set ahead (`GAZETTE_NOW`).
    pub clock_ahead: bool,
    /// Path under the base URL (`/fr/2025/01/x/`) → source under `content/`,
    /// for every article, page and alias: the URLs readers may have kept.
    pub published: BTreeMap<String, String>,
    /// Sources of articles that left the site by `expires:` (on purpose).
    pub expired: Vec<String>,
    /// Output files named after their content (`style.3f9a0c12de.css`).
    pub immutable: Vec<String>,
}

/// Where the stamp of the output folder `output` lives.
pub fn path_for(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty());
    parent
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.gazette.stamp.json"))
}

/// The folders and file of a site whose changes change what a build makes.
pub(crate) const SOURCES: [&str; 6] = [
    "content",
    "themes",
    "templates",
    "static",
    "data",
    "site.toml",
];

/// A fingerprint of the sources of the site in `root`: every file's path,
/// size and modification time. Cheap (no file is read), and on the safe
/// side: touching a file without changing it counts as a change.
pub fn sources_fingerprint(root: &Path) -> String {
    // Walked without a sort and sorted once by path (walkdir's sort took
    // each name apart from its path at every comparison), each file's
    // size and time read in parallel: this runs before anything else of
    // the build can, on one core.
    let mut paths = Vec::new();
    for top in SOURCES {
        let walk = walkdir::WalkDir::new(root.join(top)).into_iter();
        paths.extend(
            walk.filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file()),
        );
    }
    let mut files: Vec<(String, u64, u128)> = paths
        .par_iter()
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            Some((rel.to_string_lossy().into_owned(), meta.len(), modified))
        })
        .collect();
    files.sort_unstable();
    let mut hash = Sha256::new();
    for (rel, len, modified) in files {
        hash.update(rel.as_bytes());
        hash.update([0]);
        hash.update(len.to_le_bytes());
        hash.update(modified.to_le_bytes());
    }
    crate::images::probe::hex(&hash.finalize())
}

/// Writes `stamp` for `output`, replacing any other in one rename.
pub fn write(output: &Path, stamp: &Stamp) -> Result<()> {
    let path = path_for(output);
    let temp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    let text = serde_json::to_string(stamp).expect("a stamp is plain data");
    std::fs::write(&temp, text).map_err(|e| Error::write(&temp, e))?;
    std::fs::rename(&temp, &path).map_err(|e| Error::write(&path, e))
}

/// Removes the stamp of `output` (before the output changes).
pub fn remove(output: &Path) -> Result<()> {
    let path = path_for(output);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::write(&path, e)),
        _ => Ok(()),
    }
}

/// The stamp of `output`, `None` when there is none.
pub fn read(output: &Path) -> Result<Option<Stamp>> {
    let path = path_for(output);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::Usage(format!(
                "{} is not a build stamp ({e}): build again",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(&path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_sits_beside_the_output() {
        assert_eq!(
            path_for(Path::new("/srv/site/public")),
            Path::new("/srv/site/.public.gazette.stamp.json")
        );
        assert_eq!(
            path_for(Path::new("out")),
            Path::new("./.out.gazette.stamp.json")
        );
    }

    #[test]
    fn the_fingerprint_follows_sources_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/fr")).unwrap();
        std::fs::write(root.join("site.toml"), "x").unwrap();
        std::fs::write(root.join("content/fr/a.md"), "a").unwrap();
        let first = sources_fingerprint(root);
        assert_eq!(first, sources_fingerprint(root));
        // Outputs, caches and the URL record are not sources.
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("public/index.html"), "x").unwrap();
        std::fs::write(root.join("published-urls.txt"), "x").unwrap();
        assert_eq!(first, sources_fingerprint(root));
        std::fs::write(root.join("content/fr/a.md"), "ab").unwrap();
        assert_ne!(first, sources_fingerprint(root));
        let second = sources_fingerprint(root);
        std::fs::write(root.join("content/fr/b.md"), "b").unwrap();
        assert_ne!(second, sources_fingerprint(root));
    }
}

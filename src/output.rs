//! Output: put the rendered files in place without ever leaving a half-built
//! site where the old one was.
//!
//! Files are written to a hidden staging folder beside the output, then the
//! two folders are swapped in one atomic `renameat2(RENAME_EXCHANGE)` and the
//! old tree is deleted. A build killed at any moment leaves the previous
//! output whole; the next build removes the staging leftovers.

use crate::error::{Error, Result};
use crate::render::OutputFile;
use std::path::{Path, PathBuf};

/// A new site being written beside the published one. Dropped without
/// [`Staging::commit`], it removes itself and the published site stays.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares a staging folder for `output` (removing leftovers of killed
    /// builds), after checking `output` may be replaced.
    pub fn new(output: &Path) -> Result<Staging> {
        let name = output.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
            Error::Usage(format!(
                "output folder {} has no usable name",
                output.display()
            ))
        })?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        check_replaceable(output)?;
        remove_leftovers(&parent, name)?;
        let dir = parent.join(format!(".{name}.gazette-new-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        })
    }

    /// Writes one file into the staging folder (callable from many threads).
    pub fn write(&self, file: &OutputFile) -> std::io::Result<()> {
        let path = self.dir.join(&file.path);
        match std::fs::write(&path, &file.bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(path.parent().expect("under the staging folder"))?;
                std::fs::write(&path, &file.bytes)
            }
            other => other,
        }
    }

    /// Swaps the staging folder into place and removes the old site.
    pub fn commit(mut self) -> Result<()> {
        self.committed = true;
        swap_into_place(&self.dir, &self.output)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn leftover_prefix(name: &str) -> String {
    format!(".{name}.gazette-")
}

/// Removes staging or old trees left by a build that was killed.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    let prefix = leftover_prefix(name);
    let entries = std::fs::read_dir(parent).map_err(|e| Error::io(parent, e))?;
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix))
        {
            std::fs::remove_dir_all(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

/// Refuses to replace a folder that does not look like a built site, so a
/// mistyped `--output` cannot wipe someone's documents.
fn check_replaceable(output: &Path) -> Result<()> {
    let Ok(meta) = std::fs::symlink_metadata(output) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "output {} exists and is not a folder",
            output.display()
        )));
    }
    let mut entries = std::fs::read_dir(output).map_err(|e| Error::io(output, e))?;
    let empty = entries.next().is_none();
    let built = output.join("index.html").is_file() || output.join("sitemap.xml").is_file();
    if empty || built {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "output folder {} holds files but no index.html or sitemap.xml: it does not look like a built site, so Gazette will not replace it (remove it or choose another --output)",
            output.display()
        )))
    }
}

fn swap_into_place(staging: &Path, output: &Path) -> Result<()> {
    if std::fs::symlink_metadata(output).is_err() {
        return std::fs::rename(staging, output).map_err(|e| Error::io(output, e));
    }
    let exchanged = rustix::fs::renameat_with(
        rustix::fs::CWD,
        staging,
        rustix::fs::CWD,
        output,
        rustix::fs::RenameFlags::EXCHANGE,
    );
    match exchanged {
        Ok(()) => {}
        Err(_) => {
            // File systems without RENAME_EXCHANGE: two renames, a short window.
            let old = staging.with_file_name(format!(
                "{}old-{}",
                leftover_prefix(&output.file_name().unwrap_or_default().to_string_lossy()),
                std::process::id()
            ));
            std::fs::rename(output, &old).map_err(|e| Error::io(output, e))?;
            std::fs::rename(staging, output).map_err(|e| Error::io(output, e))?;
            return std::fs::remove_dir_all(&old).map_err(|e| Error::io(old, e));
        }
    }
    // `staging` now holds the previous site.
    std::fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))
}

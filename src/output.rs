//! Output: put the rendered files in place without ever leaving a half-built
//! site where the old one was.
//!
//! Files are written to a hidden staging folder beside the output, then the
//! two folders are swapped in one atomic step (see [`crate::platform`]) and
//! the old tree is deleted. A build killed at any moment leaves the previous
//! output whole; the next build removes the staging leftovers. Where the
//! system has no atomic swap, two renames are used: for the instant between
//! them the output folder does not exist (a reader gets a 404), and a build
//! killed in that instant leaves the previous site beside it, which the
//! next build puts back before anything else.
//!
//! Two builds of the same output never interleave: a lock file beside the
//! output (`.<name>.gazette.lock`) makes the second wait for the first.

use crate::error::{Error, Result};
use crate::platform;
use crate::render::OutputFile;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A new site being written beside the published one. Dropped without
/// [`Staging::commit`], it removes itself and the published site stays.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Held until the staging folder is committed or removed.
    _lock: File,
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
        std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
        let lock = lock(&parent, name)?;
        check_replaceable(output)?;
        remove_leftovers(&parent, name, output)?;
        let dir = parent.join(format!(".{name}.gazette-new-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file into the staging folder (callable from many threads).
    /// A failure names the file as it would have been published.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let path = self.dir.join(&file.path);
        let put = || std::fs::write(&path, &file.bytes);
        let written = match put() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(path.parent().expect("under the staging folder"))
                    .and_then(|()| put())
            }
            other => other,
        };
        written.map_err(|e| Error::write(self.output.join(&file.path), e))
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

/// Takes the output's lock, waiting while another build holds it.
fn lock(parent: &Path, name: &str) -> Result<File> {
    let path = parent.join(format!(".{name}.gazette.lock"));
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::write(&path, e))?;
    file.lock().map_err(|e| Error::write(&path, e))?;
    Ok(file)
}

/// Removes staging or old trees left by a build that was killed; when a
/// build was killed between the two renames of the fallback swap, the
/// previous site is put back first.
fn remove_leftovers(parent: &Path, name: &str, output: &Path) -> Result<()> {
    let prefix = leftover_prefix(name);
    let entries = std::fs::read_dir(parent).map_err(|e| Error::io(parent, e))?;
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    let old = format!("{prefix}old-");
    if std::fs::symlink_metadata(output).is_err()
        && let Some(i) = leftovers.iter().position(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&old))
        })
    {
        let previous = leftovers.remove(i);
        std::fs::rename(&previous, output).map_err(|e| Error::write(output, e))?;
    }
    for path in leftovers {
        std::fs::remove_dir_all(&path).map_err(|e| Error::write(&path, e))?;
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
        return std::fs::rename(staging, output).map_err(|e| Error::write(output, e));
    }
    if platform::exchange(staging, output).is_err() {
        // No atomic exchange here: two renames, a short window.
        let old = staging.with_file_name(format!(
            "{}old-{}",
            leftover_prefix(&output.file_name().unwrap_or_default().to_string_lossy()),
            std::process::id()
        ));
        std::fs::rename(output, &old).map_err(|e| Error::write(output, e))?;
        std::fs::rename(staging, output).map_err(|e| Error::write(output, e))?;
        return std::fs::remove_dir_all(&old).map_err(|e| Error::write(old, e));
    }
    // `staging` now holds the previous site.
    std::fs::remove_dir_all(staging).map_err(|e| Error::write(staging, e))
}

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
use std::fs::File;
use std::path::{Path, PathBuf};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// The language of an HTML page, for the build summary.
    pub lang: Option<String>,
}

/// The `Content-Type` a published file is served with, by its path
/// (`fr/index.html`): the dev server's and `deploy`'s one rule. Text says
/// it is UTF-8 (Gazette writes nothing else), so no host guesses otherwise.
pub fn content_type(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mime = match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html".to_string(),
        Some("xml") if name.ends_with("atom.xml") => "application/atom+xml".to_string(),
        // `_redirects`, `_headers`: read by hosts, plain text to anyone else.
        None => "text/plain".to_string(),
        _ => mime_guess::from_path(name)
            .first_or_octet_stream()
            .to_string(),
    };
    let text = mime.starts_with("text/")
        || ["javascript", "json", "xml", "svg"]
            .iter()
            .any(|t| mime.contains(t));
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

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
    pub fn write(&self, file: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(file);
        // Most files are alone in their folder (an article's `index.html`):
        // the folder is made before the file rather than after a failed
        // open (25,000 of them at 10,000 pairs); one already there costs a
        // refused `mkdir`. (A set of the folders made held 100,000 paths
        // at 50,000 pairs.)
        let made = match path.parent().filter(|f| *f != self.dir) {
            Some(folder) => make_folder(folder),
            None => Ok(()),
        };
        (made.and_then(|()| std::fs::write(&path, bytes)))
            .map_err(|e| Error::write(self.output.join(file), e))
    }

    /// Swaps the staging folder into place and removes the old site; the
    /// build's stamp goes before the swap and `stamp` is written after,
    /// under the lock, so a stamp always describes the output beside it.
    pub fn commit(mut self, stamp: &crate::stamp::Stamp) -> Result<()> {
        self.committed = true;
        crate::stamp::remove(&self.output)?;
        swap_into_place(&self.dir, &self.output)?;
        crate::stamp::write(&self.output, stamp)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Makes `folder`, and its parents when they are missing; one already
/// there is fine (a refused `mkdir`, the cheap case).
fn make_folder(folder: &Path) -> std::io::Result<()> {
    match std::fs::create_dir(folder) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(folder),
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

fn leftover_prefix(name: &str) -> String {
    format!(".{name}.gazette-")
}

/// Takes the lock of the output folder `output`, waiting while a build
/// holds it: `deploy` reads a whole output, never one being swapped.
pub fn lock_output(output: &Path) -> Result<File> {
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("public");
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    lock(parent, name)
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
    let entries: Vec<PathBuf> = std::fs::read_dir(output)
        .map_err(|e| Error::io(output, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let empty = entries.is_empty();
    let site =
        |folder: &Path| folder.join("index.html").is_file() || folder.join("sitemap.xml").is_file();
    // A site whose languages have their own addresses is a folder per
    // language, each a whole site.
    let built = site(output) || entries.iter().all(|e| site(e));
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

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn text_is_served_as_utf8_and_the_rest_as_itself() {
        assert_eq!(content_type("fr/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("fr/atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(
            content_type("style.0123456789.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("_redirects"), "text/plain; charset=utf-8");
        assert_eq!(content_type("media/a/photo-960.webp"), "image/webp");
        assert_eq!(content_type("media/a/photo-960.jpg"), "image/jpeg");
    }
}

//! The interface every kind of deploy target implements (their settings,
//! `[deploy.<name>]`, are the config's: [`crate::config::deploy`]). The order of operations (what
//! is sent when, what is deleted, the record) is the caller's
//! ([`super::run`]); a target only lists, reads, sends and deletes files.

use super::local::LocalFile;
use std::collections::BTreeMap;
use std::path::Path;

/// What failed on a target: the file at fault when there is one, and what
/// the target said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The file (path under the site root), if the failure is about one.
    pub file: Option<String>,
    /// What went wrong.
    pub message: String,
}

impl Failure {
    /// A failure not tied to one file.
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            file: None,
            message: message.into(),
        }
    }

    /// A failure sending or deleting `file`.
    pub fn on(file: &str, message: impl Into<String>) -> Self {
        Failure {
            file: Some(file.to_string()),
            message: message.into(),
        }
    }
}

/// What every kind of target does. Paths are relative to the target's
/// root, with `/` separators; a target never touches anything outside it.
pub trait Target {
    /// Every file on the target, with its size in bytes.
    fn list(&mut self) -> Result<BTreeMap<String, u64>, Failure>;
    /// The file `path`, or `None` when there is none.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, Failure>;
    /// Sends `files` (read from the output folder `root`), each under its
    /// path, with its content type and cache policy where the target keeps
    /// them; `sent` is told of each file once it is in place. Each file
    /// replaces the old one in one step: a reader gets the old or the new.
    fn send(
        &mut self,
        root: &Path,
        files: &[&LocalFile],
        sent: &mut dyn FnMut(&LocalFile),
    ) -> Result<(), Failure>;
    /// Writes `bytes` as the file `path` (the target's record).
    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure>;
    /// Deletes `paths`, which the built site in `root` no longer has (and,
    /// where the target has folders, the folders left empty).
    fn delete(&mut self, root: &Path, paths: &[String]) -> Result<(), Failure>;
}

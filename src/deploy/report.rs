//! What a deploy did (or, in a dry run, would do), as the summary line, the
//! dry run's list and the JSON a script reads.

use crate::report::size;

/// A file sent (or to send).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SentFile {
    /// Its path under the site root.
    pub path: String,
    /// Its size.
    pub bytes: u64,
}

/// What a deploy did (or, in a dry run, would do).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeployReport {
    /// The target's name.
    pub target: String,
    /// Where it is (`s3://bucket/prefix`, a folder, an rsync destination).
    pub place: String,
    /// Nothing was changed.
    pub dry_run: bool,
    /// Files sent (or to send), in the order sent.
    pub sent: Vec<SentFile>,
    /// Bytes sent.
    pub bytes: u64,
    /// Files deleted (or to delete).
    pub deleted: Vec<String>,
    /// Replaced files named after their content, kept until the next deploy.
    pub kept: Vec<String>,
    /// Files already in place.
    pub unchanged: usize,
    /// Files on the target Gazette did not publish, left alone.
    pub foreign: usize,
    /// Wall time.
    pub elapsed_ms: u64,
}

impl std::fmt::Display for DeployReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (sent, deleted) = (self.sent.len(), self.deleted.len());
        if self.dry_run {
            write!(
                f,
                "dry run, nothing changed: deploying to `{}` ({}) would send {sent} file{} ({}), delete {deleted}; {} unchanged",
                self.target,
                self.place,
                plural(sent),
                size(self.bytes),
                self.unchanged
            )?;
            for file in &self.sent {
                write!(f, "\n  send    {} ({})", file.path, size(file.bytes))?;
            }
            for path in &self.deleted {
                write!(f, "\n  delete  {path}")?;
            }
        } else {
            write!(
                f,
                "deployed to `{}` ({}): sent {sent} file{} ({}), deleted {deleted}, {} unchanged, in {} ms",
                self.target,
                self.place,
                plural(sent),
                size(self.bytes),
                self.unchanged,
                self.elapsed_ms
            )?;
        }
        if !self.kept.is_empty() {
            write!(
                f,
                "\nnote: {} replaced file{} named after {} content ({}) stay{} until the next deploy, for pages still open or cached",
                self.kept.len(),
                plural(self.kept.len()),
                if self.kept.len() == 1 { "its" } else { "their" },
                self.kept.join(", "),
                if self.kept.len() == 1 { "s" } else { "" }
            )?;
        }
        if self.foreign > 0 {
            write!(
                f,
                "\nnote: {} file{} on the target were not published by Gazette and are left alone",
                self.foreign,
                plural(self.foreign)
            )?;
        }
        Ok(())
    }
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

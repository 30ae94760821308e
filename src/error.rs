//! The library's error type.
//!
//! Policy: problems in the writer's sources (config, articles, templates) are
//! collected as [`Diagnostic`]s and returned together in [`Error::Sources`];
//! problems of the machine (a file that cannot be read or written, a port
//! that cannot be taken) stop the command at once and say what the operating
//! system said. A failed `check` is its own kind, so the binary can tell "the
//! site has errors" from "the tool could not run". Either way nothing already
//! published is touched (see `output`).

use crate::diagnostic::Diagnostic;
use std::path::PathBuf;

/// Everything that can make a Gazette command fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the site's sources, all found in one run.
    #[error("{}", render_diagnostics(.0))]
    Sources(Vec<Diagnostic>),
    /// Reading a file or folder failed for a reason outside the sources.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder being read.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Writing the output failed (a full disk, a read-only folder): the
    /// published site was left as it was.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The output file or folder being written.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The dev server could not listen where it was asked to.
    #[error("cannot listen on {address}: {message}")]
    Listen {
        /// The address and ports tried.
        address: String,
        /// What went wrong and what to do.
        message: String,
    },
    /// `gazette check` ran and found errors in the site (already reported).
    #[error("check found {} error{}", .0, if *.0 == 1 { "" } else { "s" })]
    CheckFailed(usize),
    /// A request that cannot be carried out as asked (bad option, unsafe target).
    #[error("{0}")]
    Usage(String),
    /// Publishing to a deploy target failed (the network, the server, the
    /// store): what was sent stays, the target's record was not updated, and
    /// running `deploy` again finishes the job.
    #[error("{0}")]
    Deploy(String),
    /// A bug: Gazette itself failed (a panic caught in the dev server).
    #[error("internal error, a bug in Gazette (please report it): {0}")]
    Internal(String),
}

/// Shorthand for results of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Wraps an I/O error that happened while writing `path`.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }

    /// Wraps diagnostics, sorted by file and line, duplicates dropped.
    pub fn sources(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Error::Sources(diagnostics)
    }
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out: Vec<String> = diagnostics.iter().map(|d| format!("error: {d}")).collect();
    let n = diagnostics.len();
    out.push(format!(
        "{n} error{} in the site's sources",
        if n == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_errors_name_the_file_and_the_cause() {
        let e = Error::write(
            "public/fr/index.html",
            std::io::Error::other("No space left on device"),
        );
        assert_eq!(
            e.to_string(),
            "cannot write public/fr/index.html: No space left on device"
        );
        assert!(!e.to_string().contains("sources"));
    }

    #[test]
    fn source_errors_are_sorted_and_counted() {
        let e = Error::sources(vec![
            Diagnostic::at_line("b.md", 1, "y"),
            Diagnostic::at_line("a.md", 2, "x"),
            Diagnostic::at_line("a.md", 2, "x"),
        ]);
        assert_eq!(
            e.to_string(),
            "error: a.md:2: x\nerror: b.md:1: y\n2 errors in the site's sources"
        );
    }
}

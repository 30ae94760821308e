//! The library's error type.
//!
//! Policy: problems in the writer's sources (config, articles, templates) are
//! collected as [`Diagnostic`]s and returned together in [`Error::Sources`];
//! problems of the machine (a folder that cannot be written) stop the build at
//! once. Either way nothing already published is touched (see `output`).

use crate::diagnostic::Diagnostic;
use std::path::PathBuf;

/// Everything that can make a Gazette command fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the site's sources, all found in one run.
    #[error("{}", render_diagnostics(.0))]
    Sources(Vec<Diagnostic>),
    /// Reading or writing a file failed for a reason outside the sources.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder being read or written.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A request that cannot be carried out as asked (bad option, unsafe target).
    #[error("{0}")]
    Usage(String),
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

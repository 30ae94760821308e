//! Diagnostics: one error message about one place in one file.
//!
//! Every stage that reads user input (site.toml, articles, templates) reports
//! problems as [`Diagnostic`]s instead of failing on the first one, so a single
//! `gazette build` lists everything the writer has to fix. The CLI prints them
//! with one renderer, `path:line: message`, the shape editors and CI logs know.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem found in a source file, with the line where the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file at fault, as given to the build (usually under the site root).
    pub path: PathBuf,
    /// 1-based line in `path`, when the parser could tell.
    pub line: Option<usize>,
    /// What is wrong, and where possible how to fix it.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            line: None,
            message: message.into(),
        }
    }

    /// A diagnostic about one line of a file.
    pub fn at_line(path: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            line: Some(line),
            ..Diagnostic::new(path, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// 1-based line number of byte `offset` in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_path_and_line() {
        let d = Diagnostic::at_line("content/fr/a.md", 4, "bad date");
        assert_eq!(d.to_string(), "content/fr/a.md:4: bad date");
        assert_eq!(
            Diagnostic::new("site.toml", "x").to_string(),
            "site.toml: x"
        );
    }

    #[test]
    fn counts_lines_from_one() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 99), 3);
    }
}

//! Diagnostics: one error message about one place in one file, and the
//! collector every stage uses to gather them.
//!
//! Every stage that reads user input (site.toml, articles, templates) reports
//! problems as [`Diagnostic`]s instead of failing on the first one, so a single
//! `gazette build` lists everything the writer has to fix. The CLI prints them
//! with one renderer, `path:line: message`, the shape editors and CI logs know.
//! "Keep the values, or else every problem" is written once, here
//! ([`Diagnostics`], [`collect`]), not at each stage.

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

/// The candidate `word` was most likely a typo of, for a "did you mean"
/// hint: within two edits (more for long words), the nearest first.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
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

    /// A diagnostic at a line the parser may or may not know.
    pub fn at(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            line,
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

/// What a stage gives back: its value, or every problem it found.
pub type Checked<T> = Result<T, Vec<Diagnostic>>;

/// Gathers the problems of a stage while it goes on working, so one run
/// reports them all.
#[derive(Debug, Default)]
#[must_use = "a collector's problems must be returned with `finish`"]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Diagnostics::default()
    }

    /// Records one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Keeps the value of `result`, or records its problems and gives `None`.
    pub fn take<T>(&mut self, result: Checked<T>) -> Option<T> {
        result.map_err(|mut e| self.0.append(&mut e)).ok()
    }

    /// Whether nothing went wrong so far.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every problem recorded.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// `value` when nothing went wrong, else every problem recorded.
    pub fn finish<T>(self, value: T) -> Checked<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

/// Every value, or the problems of all the items that failed.
pub fn collect<T, E: Into<Vec<Diagnostic>>>(
    items: impl IntoIterator<Item = Result<T, E>>,
) -> Checked<Vec<T>> {
    let mut errors = Diagnostics::new();
    let mut values = Vec::new();
    for item in items {
        match item {
            Ok(v) => values.push(v),
            Err(e) => errors.extend(e.into()),
        }
    }
    errors.finish(values)
}

impl From<Diagnostic> for Vec<Diagnostic> {
    fn from(d: Diagnostic) -> Self {
        vec![d]
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

    #[test]
    fn collect_keeps_every_failure() {
        let items: Vec<Result<u8, Diagnostic>> = vec![
            Ok(1),
            Err(Diagnostic::new("a", "x")),
            Ok(2),
            Err(Diagnostic::new("b", "y")),
        ];
        let errs = collect(items).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(collect(vec![Ok::<_, Diagnostic>(1), Ok(2)]), Ok(vec![1, 2]));
    }

    #[test]
    fn collector_finishes_with_value_or_errors() {
        let mut d = Diagnostics::new();
        assert_eq!(d.take(Ok::<_, Vec<Diagnostic>>(3)), Some(3));
        assert!(d.is_empty());
        assert_eq!(d.take::<u8>(Err(vec![Diagnostic::new("a", "x")])), None);
        assert_eq!(d.finish(()).unwrap_err().len(), 1);
    }
}

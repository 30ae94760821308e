//! `gazette import hugo|jekyll SRC --into DIR`: a Hugo or Jekyll site made
//! into a Gazette site, its old URLs kept.
//!
//! One flow for both generators: a reader ([`hugo`], [`jekyll`]) turns the
//! source into a [`Source`] (its languages, menus, URL patterns and one
//! [`Doc`] per page, each with the URL the old site served it at); then
//! [`assemble`] pairs translations, turns categories into sections where
//! the site uses one per article, writes Gazette's front matter and makes
//! every old URL that the new site does not serve at the same path an
//! alias; [`site_toml`] writes the configuration. Everything to write is
//! planned in memory first and nothing is written if a single file exists
//! already: an import never overwrites.
//!
//! What cannot be mapped is a [`Finding`] (file:line and why), written to
//! `import-report.txt` and counted on the terminal.
//!
//! Once written, each translation is recorded as up to date with its
//! original ([`crate::authoring::mark_untracked`]): the archive was
//! published as it is, and from then on an edit of an original makes its
//! translations stale on the desk.

mod assemble;
mod front;
mod hugo;
mod jekyll;
mod site_toml;

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The generators `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// Hugo: `hugo.toml`/`config.toml` (or YAML, JSON, `config/_default/`).
    Hugo,
    /// Jekyll: `_config.yml`, `_posts/`, Polyglot's languages.
    Jekyll,
}

/// What an import did, for the terminal.
#[derive(Debug)]
pub struct Imported {
    /// Articles (with a date) written.
    pub articles: usize,
    /// Pages (without) written.
    pub pages: usize,
    /// Translation groups of two or more languages.
    pub pairs: usize,
    /// Old URLs kept as aliases or redirects.
    pub aliases: usize,
    /// Translations recorded as up to date with their originals.
    pub recorded: usize,
    /// Whether they could not be: the new site does not load (the import
    /// itself is written all the same, and `gazette check` says what to fix).
    pub not_recorded: bool,
    /// Everything that could not be mapped, also in `import-report.txt`.
    pub findings: Vec<Finding>,
}

/// Something of the source the import could not map, where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The file, relative to the source site.
    pub file: String,
    /// Its line, where known.
    pub line: Option<usize>,
    /// What was not mapped and what to do.
    pub message: String,
}

impl Finding {
    /// What the readers report: `file` of the source site, at `line`.
    fn new(file: &str, line: Option<usize>, message: String) -> Finding {
        Finding {
            file: file.to_string(),
            line,
            message,
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A source site as a reader saw it, before it is made Gazette's.
#[derive(Debug, Default)]
struct Source {
    /// The address it was published at.
    pub base_url: String,
    /// Its languages, the default first.
    pub languages: Vec<Lang>,
    /// The default language was served at the root (no `/<code>/`).
    pub at_root: bool,
    /// Languages served at an address of their own (Hugo's `baseURL` per
    /// language), other than `base_url`: code → address. Then every
    /// language's URLs are read as paths of its folder (`/fr/…`), as
    /// Gazette records a site with an address per language.
    pub hosts: BTreeMap<String, String>,
    /// IANA time zone of dates written without one.
    pub time_zone: Option<String>,
    /// Articles per listing page.
    pub paginate: Option<usize>,
    /// Each page and article.
    pub docs: Vec<Doc>,
    /// Menu entries per language code.
    pub menus: BTreeMap<String, Vec<MenuEntry>>,
    /// Folders (or files) copied as they are: (source, path in the new site).
    pub copies: Vec<(PathBuf, String)>,
    /// Where a path from the site root (`/images/a.jpg`) named a file.
    pub static_root: Option<PathBuf>,
    /// Templates of the source's own shortcodes or includes: name → (file
    /// under the source, its text), for starting templates.
    pub shortcodes: BTreeMap<String, (String, String)>,
    /// What a shortcode Gazette does not ship and the source does not
    /// define either is (the generator's own, a theme's).
    pub foreign_shortcode_note: &'static str,
    /// Where the old site served a tag's or a category's listing, when it
    /// did: from the language and the term.
    pub term_url: Option<TermUrl>,
    /// Hugo's `uglyURLs`: a term's listing was `/tags/x.html`.
    pub ugly: bool,
    /// Old listing URLs (a section's index) → the language whose home
    /// replaces them.
    pub listings: Vec<(String, String)>,
    /// Old feed URLs (`/index.xml`, `/fr/feed.xml`) → the language whose
    /// feed now serves them (a copy at the old address, see `[redirects]`).
    pub feeds: Vec<(String, String)>,
    /// Findings while reading.
    pub findings: Vec<Finding>,
    /// A language's code in the old site's URLs, where it is not the
    /// Gazette code (Hugo's `pt_br` is Gazette's `pt-br`).
    pub old_codes: BTreeMap<String, String>,
}

/// The old URL of a term's listing: (source, language, taxonomy, term).
type TermUrl = fn(&Source, &str, &str, &str) -> String;

/// One language of the source.
#[derive(Debug, Clone, Default)]
struct Lang {
    pub code: String,
    pub name: String,
    pub title: String,
    pub description: String,
    /// Article and page permalink patterns in Gazette's form, when the old
    /// ones can be written so (else Gazette's defaults and aliases).
    pub permalink: Option<String>,
    pub page_permalink: Option<String>,
}

/// A menu entry as the source wrote it.
#[derive(Debug, Clone)]
struct MenuEntry {
    pub name: String,
    pub weight: i64,
    /// A page of the source (its path as the source wrote it) or a URL.
    pub target: MenuTarget,
    /// Where it is written, for findings.
    pub file: String,
}

#[derive(Debug, Clone)]
enum MenuTarget {
    /// A source page by its path under the language's content root.
    Page(String),
    /// A URL, absolute or from the site root.
    Url(String),
}

/// One page or article of the source.
#[derive(Debug, Default)]
struct Doc {
    /// Its file, relative to the source site (for findings).
    pub file: String,
    /// Its language code.
    pub lang: String,
    /// Its path under its language's content root, language suffix
    /// removed (`posts/hello.md`, `posts/trip/index.md`): where it goes
    /// under `content/<lang>/`, and what pairs translations by default.
    pub logical: String,
    /// An explicit pairing key (`translationKey`, Polyglot's `page_id`).
    pub key: Option<String>,
    /// Its front matter.
    pub front: front::Parsed,
    /// Its body, converted where the generator needs it.
    pub body: String,
    /// The path (under the base path, from `/`) the old site served it at;
    /// `None` for drafts, which it did not.
    pub old_url: Option<String>,
    /// Other old paths that reached it (`aliases`, `redirect_from`).
    pub old_aliases: Vec<String>,
    /// The slug its old URL was made with, when the article's patterns
    /// use one (else the file name's).
    pub slug: Option<String>,
    /// Files of its bundle: the source file, and the name under the
    /// article's folder.
    pub resources: Vec<(PathBuf, String)>,
    /// A draft of the source.
    pub draft: bool,
    /// Has a date: an article (else a page).
    pub dated: bool,
}

/// Imports the `generator` site in `source` into the folder `into`, which
/// may exist but must not hold any of the files the import writes.
pub fn import(generator: Generator, source: &Path, into: &Path) -> Result<Imported> {
    if !source.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder: give the source site's folder",
            source.display()
        )));
    }
    let read = match generator {
        Generator::Hugo => hugo::read(source)?,
        Generator::Jekyll => jekyll::read(source)?,
    };
    let (files, mut imported) = assemble::assemble(read)?;
    let existing: Vec<String> = files
        .keys()
        .filter(|rel| into.join(rel).exists())
        .cloned()
        .collect();
    if !existing.is_empty() {
        return Err(Error::Usage(format!(
            "{} already holds {} of the files the import writes ({}): import into a new folder; nothing was written",
            into.display(),
            existing.len(),
            existing
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    imported.findings.sort();
    let mut files = files;
    let report: String = imported.findings.iter().map(|f| format!("{f}\n")).collect();
    files.insert(
        "import-report.txt".into(),
        Content::Text(format!(
            "# What `gazette import` could not map, file:line of the source site.\n{report}"
        )),
    );
    for (rel, content) in &files {
        let path = into.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
        }
        let written = match content {
            Content::Text(text) => std::fs::write(&path, text),
            Content::Copy(from) => std::fs::copy(from, &path).map(|_| ()),
        };
        written.map_err(|e| write_error(&path, e))?;
    }
    match crate::authoring::mark_untracked(into) {
        Ok(n) => imported.recorded = n,
        Err(_) => imported.not_recorded = true,
    }
    Ok(imported)
}

/// The old site's time zone, when Gazette knows it (an IANA name); else a
/// finding on `config`, and none (dates without a zone are then UTC).
fn time_zone(zone: Option<String>, config: &str, findings: &mut Vec<Finding>) -> Option<String> {
    let zone = zone?;
    if zone.parse::<chrono_tz::Tz>().is_ok() {
        return Some(zone);
    }
    findings.push(Finding::new(
        config,
        None,
        format!("time zone `{zone}` is not an IANA name Gazette knows: left out, dates written without a zone are UTC (set `time_zone` in site.toml)"),
    ));
    None
}

/// The fence for a code block holding `code`: three backticks, or one
/// more than the longest run of them in the code, so that no line of it
/// closes the block early.
fn fence_for(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(3.max(longest + 1))
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// A file the import writes: text it made, or a file of the source copied.
#[derive(Debug)]
enum Content {
    Text(String),
    Copy(PathBuf),
}

/// Every file under `dir`, as (path, path relative to `dir` with `/`).
fn files_under(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            Some((e.path().to_path_buf(), rel))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Hugo's `urlize` as it makes paths (checked against Hugo 0.168):
/// letters, digits and `._~@#/-` kept; a run of spaces (or `+`) one `-`,
/// none beside a written `-`; anything else dropped; lower case. Jekyll's
/// `slugify` (its default mode) agrees on titles made of words.
fn urlize(text: &str) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in text.chars() {
        if c.is_alphanumeric() || "._~@#/\\-".contains(c) {
            if pending && c != '-' && !out.ends_with('-') {
                out.push('-');
            }
            pending = false;
            out.push(c);
        } else if (c.is_whitespace() || c == '+') && !out.is_empty() {
            pending = true;
        }
    }
    out.to_lowercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_time_zone_gazette_does_not_know_is_reported_and_left_out() {
        let mut findings = Vec::new();
        let known = super::time_zone(Some("Europe/Paris".into()), "c", &mut findings);
        assert_eq!(known.as_deref(), Some("Europe/Paris"));
        assert!(findings.is_empty());
        assert_eq!(
            super::time_zone(Some("Mars/Base".into()), "hugo config", &mut findings),
            None
        );
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0]
                .to_string()
                .starts_with("hugo config: time zone `Mars/Base` is not an IANA name")
        );
        assert_eq!(super::time_zone(None, "c", &mut findings), None);
    }

    #[test]
    fn urlize_keeps_letters_as_hugo_does() {
        assert_eq!(super::urlize("Hello, World!"), "hello-world");
        assert_eq!(super::urlize("L’école est finie"), "lécole-est-finie");
        assert_eq!(super::urlize("Open data"), "open-data");
        // What Hugo 0.168 made of these titles.
        for (title, path) in [
            ("a  -  b", "a-b"),
            ("a--b", "a--b"),
            ("50 % off", "50-off"),
            ("Q&A: test", "qa-test"),
            ("-lead", "-lead"),
            ("trail -", "trail-"),
            ("x_y.z+w~v@u#t", "x_y.z-w~v@u#t"),
            ("Billet 0 : Une école", "billet-0-une-école"),
            ("Ünïcode ÉCOLE", "ünïcode-école"),
        ] {
            assert_eq!(super::urlize(title), path, "{title}");
        }
    }
}

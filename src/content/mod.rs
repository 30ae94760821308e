//! Content: find the articles under `content/<lang>/`, read them, and parse
//! their front matter into [`Article`]s.
//!
//! An article's language is the first folder of its path under `content/`.
//! Every file is read and parsed (in parallel) even when others fail, so one
//! run reports all content errors.

mod body;
use body::{Markdown, body_hash};
mod discover;
pub mod fingerprint;
pub mod front_matter;
pub mod paragraphs;
pub mod references;
pub mod translations;
mod yaml_errors;

use crate::config::SiteConfig;
use crate::diagnostic::{Checked, Diagnostic, line_of_offset};
use crate::urls::check_slug;
use discover::{classify, discover, source_key, symlink_error};
use front_matter::FrontMatter;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// One Markdown article, parsed but not yet rendered.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path under `content/` with `/` separators: `fr/2025-01-29-x.md`. This is
    /// the key translations and Markdown links use.
    pub source: String,
    /// The file on disk, for diagnostics.
    pub path: PathBuf,
    /// Language code: the first folder under `content/`.
    pub lang: String,
    /// URL segment: `slug:` or the file name without date prefix.
    pub slug: String,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// Markdown after the front matter: [`Article::body`].
    markdown: Markdown,
    /// 1-based line of the article file where `body` starts.
    pub body_line: usize,
    /// [`body_hash`] of the Markdown as first read: the text read again
    /// once released must be the same.
    body_hash: u64,
    /// About how many words the body holds ([`word_count`]), counted as
    /// it is read: the translation desk shows it for originals whose
    /// Markdown is long released.
    pub words: usize,
    /// What the writer should know that does not stop the build.
    pub notes: Vec<Diagnostic>,
    /// Unique to this reading of the file: a re-read file gets a new one, so
    /// the dev server's caches can tell edited articles from the ones they hold.
    pub id: u64,
    /// The translation fingerprint of the text a reader reads, computed on
    /// first use (see [`fingerprint`]).
    fingerprint: OnceLock<String>,
    /// [`Article::change_date`], looked up on first use: the status asks it
    /// of every stale translation's original, on every save in the dev
    /// server, and a file's date is a call to the file system.
    changed: OnceLock<String>,
}

impl Article {
    /// The fingerprint of this article's text, hashed once per reading.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint.get_or_init(|| {
            let [_, summary, alt, caption] = self.text_fields();
            // A body that cannot be read back fails its own rendering.
            fingerprint::of_article(
                &self.front.title,
                &self.body().unwrap_or_default(),
                [summary.1, alt.1, caption.1],
            )
        })
    }

    /// When this article last changed (YYYY-MM-DD): its `updated:` date,
    /// else its file's modification date, once per reading of the file (a
    /// file written again is read again).
    pub fn change_date(&self) -> &str {
        self.changed.get_or_init(|| {
            if let Some(updated) = self.front.updated {
                return updated.format("%Y-%m-%d").to_string();
            }
            std::fs::metadata(&self.path)
                .and_then(|m| m.modified())
                .map(|t| {
                    chrono::DateTime::<chrono::Utc>::from(t)
                        .format("%Y-%m-%d")
                        .to_string()
                })
                .unwrap_or_else(|_| "unknown".into())
        })
    }

    /// The front-matter fields a translation translates, by key, as this
    /// article writes them (`None` where it sets none): the title, then
    /// [`fingerprint::FIELDS`].
    pub fn text_fields(&self) -> [(&'static str, Option<&str>); 4] {
        let [summary, alt, caption] = fingerprint::FIELDS;
        let front = &self.front;
        [
            ("title", Some(front.title.as_str())),
            (summary, front.summary.as_deref()),
            (alt, front.image.alt.as_deref()),
            (caption, front.image.caption.as_deref()),
        ]
    }

    /// What changed in this article, as an original, since the translation
    /// that recorded `record` was made (see [`paragraphs`]); `None` when
    /// `record` is not one.
    pub fn changes_since(&self, record: &str) -> Option<Vec<paragraphs::Change>> {
        paragraphs::changes(record, &self.text_fields(), &self.body().ok()?)
    }

    /// The paragraph record of this article's text now, for a translation
    /// made from it.
    pub fn paragraph_record(&self) -> String {
        paragraphs::record(&self.text_fields(), &self.body().unwrap_or_default())
    }

    /// A page (« À propos », « Mentions légales »): no date, so not news;
    /// it is published at its own permalink, paired and in the sitemap,
    /// but in no listing, tag or feed.
    pub fn is_page(&self) -> bool {
        self.front.date.is_none()
    }
}

/// About how many words `markdown` holds, for reading times and the
/// translation desk: its spaces, tabs and line breaks. Markup and blank
/// lines make it a little high, which an estimate does not show; a pass
/// deciding letter by letter over the HTML cost an eighth of a large
/// site's build. Counted 64 bytes at a time into a byte, which the
/// compiler turns into SIMD: `memchr3_iter` stopped at every space (a call
/// per word) and was 4% of a build's instructions.
pub fn word_count(markdown: &str) -> usize {
    let spaces: usize = (markdown.trim().as_bytes().chunks(64))
        .map(|chunk| {
            (chunk.iter())
                .map(|&b| u8::from(b == b' ' || b == b'\n' || b == b'\t'))
                .sum::<u8>() as usize
        })
        .sum();
    spaces + 1
}

/// A fresh [`Article::id`].
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// What reading one file gave: the article, or its problems.
type Entry = Result<Arc<Article>, Vec<Diagnostic>>;

/// Every article that could be read, and the problems of the others.
#[derive(Debug, Default)]
pub struct Read {
    /// The articles read, sorted by source path.
    pub articles: Vec<Arc<Article>>,
    /// Every problem found while reading.
    pub errors: Vec<Diagnostic>,
    /// Source paths (`fr/x.md`) of article files that could not be read:
    /// later stages do not report links or pairs to them as missing.
    pub unreadable: HashSet<String>,
}

/// Every article file read so far, by path on disk. `gazette build` fills it
/// once; the dev server keeps it between rebuilds and re-reads only the
/// files that changed, so a save costs one file read, not thousands.
#[derive(Debug, Default)]
pub struct ContentCache {
    entries: BTreeMap<PathBuf, Entry>,
    content_dir: PathBuf,
    /// Whether articles drop their Markdown as soon as read ([`load_released`]).
    release: bool,
}

impl ContentCache {
    /// Reads the whole `content/` folder again.
    pub fn reload(&mut self, config: &SiteConfig) {
        let content_dir = config.root.join("content");
        self.content_dir = content_dir.clone();
        let (files, errors) = discover(config, &content_dir);
        let read: Vec<(PathBuf, Entry)> = files
            .par_iter()
            .map(|(source, lang)| {
                let entry = read_article(config, source, lang).map(Arc::new);
                if let (Ok(article), true) = (&entry, self.release) {
                    article.release_body();
                }
                (content_dir.join(source), entry)
            })
            .collect();
        self.entries = read.into_iter().collect();
        for e in errors {
            self.entries.insert(e.path.clone(), Err(vec![e]));
        }
    }

    /// Re-reads only the `changed` paths (files written, created or
    /// deleted). A change that is not a plain article file (a folder renamed,
    /// say) makes it read everything again. Other files (images beside the
    /// articles) are not articles: the image library sees their changes.
    pub fn update(&mut self, config: &SiteConfig, changed: &[PathBuf]) {
        let content_dir = config.root.join("content");
        let is_md = |p: &Path| p.extension().is_some_and(|e| e == "md");
        let other_file =
            |p: &Path| !is_md(p) && (p.is_file() || (!p.exists() && p.extension().is_some()));
        let mine: Vec<&PathBuf> = changed
            .iter()
            .filter(|p| p.starts_with(&content_dir) && !other_file(p))
            .collect();
        let plain_files = mine
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "md") && !p.is_dir());
        if !plain_files {
            return self.reload(config);
        }
        for path in mine {
            self.entries.remove(path);
            let Ok(meta) = std::fs::symlink_metadata(path) else {
                continue;
            };
            if meta.is_symlink() {
                self.entries
                    .insert(path.clone(), Err(vec![symlink_error(path)]));
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            let entry = match classify(config, &content_dir, path) {
                Ok((source, lang)) => read_article(config, &source, &lang).map(Arc::new),
                Err(d) => Err(vec![d]),
            };
            self.entries.insert(path.clone(), entry);
        }
    }

    /// The articles that could be read, sorted by path, and the problems
    /// of the others.
    pub fn read(&self) -> Read {
        let mut read = Read::default();
        for (path, entry) in &self.entries {
            match entry {
                Ok(a) => read.articles.push(a.clone()),
                Err(e) => {
                    read.errors.extend(e.iter().cloned());
                    read.unreadable.extend(source_key(&self.content_dir, path));
                }
            }
        }
        read
    }
}

/// Reads every article of the site.
pub fn load(config: &SiteConfig) -> Read {
    let mut cache = ContentCache::default();
    cache.reload(config);
    cache.read()
}

/// Reads every article of the site, each dropping its Markdown once its
/// front matter is read (see [`Article::release_body`]): `gazette build`
/// and `check` render each body once, reading its file again then, and a
/// site's sources (~120 MB at 10,000 pairs) are then never all in memory.
pub fn load_released(config: &SiteConfig) -> Read {
    let mut cache = ContentCache {
        release: true,
        ..ContentCache::default()
    };
    cache.reload(config);
    cache.read()
}

fn read_article(config: &SiteConfig, source: &str, lang: &str) -> Checked<Article> {
    let path = config.root.join("content").join(source);
    let bytes = std::fs::read(&path)
        .map_err(|e| vec![Diagnostic::new(&path, format!("cannot read: {e}"))])?;
    let mut article = parse_article(path, source, lang, bytes, config.time_zone)?;
    references::resolve(config, &mut article);
    Ok(article)
}

/// Parses the bytes of the article file `path` (`source` under `content/`,
/// in language `lang`): text checks, front matter (dates without a zone in
/// `zone`), slug. Public so the fuzzer can drive it without files.
pub fn parse_article(
    path: PathBuf,
    source: &str,
    lang: &str,
    bytes: Vec<u8>,
    zone: chrono_tz::Tz,
) -> Checked<Article> {
    let text = text_of(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        vec![Diagnostic::at_line(
            &path,
            line,
            "not valid UTF-8: save the file as UTF-8",
        )]
    })?;
    if let Some(at) = text.find('\0') {
        return Err(vec![Diagnostic::at_line(
            &path,
            line_of_offset(&text, at),
            "contains a NUL byte: the file is probably not text, or was damaged",
        )]);
    }
    let (yaml, yaml_line, body, body_line) = front_matter::split(&text)
        .map_err(|e| vec![Diagnostic::at_line(&path, e.line, e.message)])?;
    let front = front_matter::parse(yaml, yaml_line, zone).map_err(|errs| {
        errs.into_iter()
            .map(|e| Diagnostic::at_line(&path, e.line, e.message))
            .collect::<Vec<_>>()
    })?;
    if front.date.is_none()
        && let Some(date) = date_in_name(source)
    {
        return Err(vec![Diagnostic::at_line(
            &path,
            1,
            format!(
                "the file name starts with a date, so this is an article, but its front matter has no `date`: add `date: {date}` (a page such as « À propos » has no date in its name)"
            ),
        )]);
    }
    if !front.draft && is_blank(body) {
        return Err(vec![Diagnostic::at_line(
            &path,
            body_line - 1,
            "has no text after its front matter: write the body below this line, or keep `draft: true` until it is written (an empty page is never published)",
        )]);
    }
    let slug = article_slug(source, &front).map_err(|m| {
        let line = front.key_lines.get("slug");
        vec![Diagnostic {
            path: path.clone(),
            line,
            message: m,
        }]
    })?;
    let notes = front
        .notes
        .iter()
        .map(|n| Diagnostic::at_line(&path, n.line, n.message.clone()))
        .collect();
    Ok(Article {
        notes,
        source: source.to_string(),
        path,
        lang: lang.to_string(),
        slug,
        words: word_count(body),
        markdown: Markdown::new(body),
        body_hash: body_hash(body),
        body_line,
        front,
        id: next_id(),
        fingerprint: OnceLock::new(),
        changed: OnceLock::new(),
    })
}

/// The text of a source file: UTF-8 (checked with SIMD: std's check was
/// 3% of a build's instructions, each source being read twice), with
/// Windows line ends made `\n`.
fn text_of(bytes: &[u8]) -> Result<Cow<'_, str>, simdutf8::compat::Utf8Error> {
    let text = simdutf8::compat::from_utf8(bytes)?;
    Ok(match text.contains('\r') {
        true => Cow::Owned(text.replace("\r\n", "\n")),
        false => Cow::Borrowed(text),
    })
}

/// Whether a Markdown body holds nothing a reader would see: only white
/// space and HTML comments (the placeholder `gazette new` writes).
fn is_blank(body: &str) -> bool {
    let mut rest = body.trim_start();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.is_empty()
}

/// The slug from `slug:` (checked, never altered) or from the file name
/// (date prefix removed, then made URL-safe).
/// An article written as a folder (a page bundle, as in Hugo and Zola:
/// `fr/2025-01-29-slug/index.md`, its images beside it) takes its slug from
/// the folder.
fn article_slug(source: &str, front: &FrontMatter) -> Result<String, String> {
    if let Some(slug) = &front.slug {
        return check_slug(slug).map(|_| slug.clone());
    }
    let slug = file_slug(source);
    if slug.is_empty() {
        return Err(format!(
            "cannot make a slug from the file name of `{source}`: add `slug:` to the front matter"
        ));
    }
    Ok(slug)
}

/// The slug an article at `source` gets from its file (or bundle folder)
/// name when its front matter gives none; empty when nothing is left.
pub fn file_slug(source: &str) -> String {
    let mut names = source.rsplit('/');
    let file = names.next().unwrap_or(source);
    let stem = match (file, names.next()) {
        ("index.md", Some(folder)) if source.matches('/').count() >= 2 => folder,
        _ => file.trim_end_matches(".md"),
    };
    slug::slugify(strip_date_prefix(stem))
}

/// The `YYYY-MM-DD` an article's file (or bundle folder) name starts with.
fn date_in_name(source: &str) -> Option<&str> {
    let mut names = source.rsplit('/');
    let file = names.next().unwrap_or(source);
    let stem = match (file, names.next()) {
        ("index.md", Some(folder)) if source.matches('/').count() >= 2 => folder,
        _ => file,
    };
    (strip_date_prefix(stem) != stem).then(|| &stem[..10])
}

fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    if is_date { &stem[11..] } else { stem }
}

/// The article `text` makes at `source` (`fr/a.md`), for the tests of the
/// stages that use articles.
#[cfg(test)]
pub(crate) fn test_article(source: &str, text: &str) -> Arc<Article> {
    let lang = source.split('/').next().expect("a language folder");
    let zone = chrono_tz::Tz::UTC;
    Arc::new(
        parse_article(source.into(), source, lang, text.into(), zone).expect("a valid article"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_date_is_updated_else_the_files_date_once_per_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ntitle: A\ndate: 2025-01-01\n---\nx\n").unwrap();
        let at = |day: &str| {
            let t: chrono::DateTime<chrono::Utc> = format!("{day}T12:00:00Z").parse().unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(t.into()).unwrap();
        };
        let read = || {
            let bytes = std::fs::read(&path).unwrap();
            parse_article(path.clone(), "fr/a.md", "fr", bytes, chrono_tz::Tz::UTC).unwrap()
        };
        at("2025-03-04");
        let article = read();
        assert_eq!(article.change_date(), "2025-03-04");
        // Touched without being read again: this reading keeps its date
        // (the dev server reads a written file again).
        at("2025-05-06");
        assert_eq!(article.change_date(), "2025-03-04");
        assert_eq!(read().change_date(), "2025-05-06");
        let updated = test_article("fr/b.md", "---\ntitle: B\nupdated: 2025-02-03\n---\nx\n");
        assert_eq!(updated.change_date(), "2025-02-03");
    }

    #[test]
    fn date_prefix_is_dropped_from_file_slugs() {
        assert_eq!(
            strip_date_prefix("2025-01-29-ai-sputnik-moment"),
            "ai-sputnik-moment"
        );
        assert_eq!(strip_date_prefix("about"), "about");
    }

    #[test]
    fn a_page_bundle_takes_its_slug_from_its_folder() {
        let front =
            front_matter::parse("title: A\ndate: 2025-01-29\n", 2, chrono_tz::Tz::UTC).unwrap();
        assert_eq!(
            article_slug("fr/2025-01-29-le-moment/index.md", &front).unwrap(),
            "le-moment"
        );
        assert_eq!(
            article_slug("fr/2025-01-29-le-moment.md", &front).unwrap(),
            "le-moment"
        );
        assert_eq!(article_slug("fr/index.md", &front).unwrap(), "index");
    }

    #[test]
    fn a_body_of_comments_and_spaces_is_blank() {
        assert!(is_blank(""));
        assert!(is_blank("\n  \n<!-- Write here -->\n\n<!-- x -->"));
        assert!(!is_blank("<!-- a -->\nText."));
        assert!(!is_blank("<!-- never closed"));
        assert!(!is_blank("![](photo.jpg)"));
    }

    #[test]
    fn escaping_slugs_are_refused() {
        for s in ["../x", "..", "a/b", "a\\b", ".hidden", "a b", ""] {
            assert!(check_slug(s).is_err(), "{s}");
        }
        assert!(check_slug("le-moment-spoutnik").is_ok());
    }
}

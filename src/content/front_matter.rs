//! Front matter: split the `---` block off an article, parse its YAML, and map
//! every error back to a line of the article file (not of the YAML snippet).

pub use super::yaml_errors::FrontMatterError;
use super::yaml_errors::{
    cut_by_comment, explain_yaml, strip_location, too_deep, unclosed, unknown_key,
};
use crate::dates;
use crate::urls::tag_slug;
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys Gazette knows. Any other top-level key is an error (a typo
/// such as `draf: true` must never publish a draft); the site's own data
/// goes under `extra:`.
pub const KEYS: [&str; 20] = [
    "section",
    "title",
    "date",
    "updated",
    "expires",
    "aliases",
    "translation",
    "slug",
    "summary",
    "tags",
    "draft",
    "author",
    "source_fingerprint",
    "source_paragraphs",
    "translated_from",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "extra",
];

/// The YAML fields Gazette knows, and the others (refused).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFrontMatter {
    title: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    expires: Option<String>,
    aliases: Option<OneOrMany>,
    translation: Option<OneOrMany>,
    slug: Option<String>,
    summary: Option<String>,
    tags: Option<OneOrMany>,
    section: Option<String>,
    draft: Option<bool>,
    author: Option<OneOrMany>,
    source_fingerprint: Option<String>,
    source_paragraphs: Option<String>,
    translated_from: Option<String>,
    image: Option<String>,
    image_alt: Option<String>,
    image_caption: Option<String>,
    image_credit: Option<String>,
    extra: Option<BTreeMap<String, serde_yaml::Value>>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A key written as one value or a list, as a list.
fn one_or_many(value: Option<OneOrMany>) -> Vec<String> {
    match value {
        None => Vec::new(),
        Some(OneOrMany::One(one)) => vec![one],
        Some(OneOrMany::Many(all)) => all,
    }
}

/// An article's validated front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// Required title.
    pub title: String,
    /// Publication date (a plain date means midnight in the site's zone);
    /// `None` for a page (« À propos », « Mentions légales »), which is
    /// not news: no date, no listing, no feed.
    pub date: Option<DateTime<FixedOffset>>,
    /// Date of the last significant change, if given.
    pub updated: Option<DateTime<FixedOffset>>,
    /// When it leaves the site (`expires:`), if ever.
    pub expires: Option<DateTime<FixedOffset>>,
    /// Paths it used to be published at (`aliases:`), relative to the
    /// site's base URL, without the leading slash: `fr/ancien-titre/`.
    pub aliases: Vec<String>,
    /// Paths of counterparts, relative to `content/`.
    pub translations: Vec<String>,
    /// Explicit slug, if given.
    pub slug: Option<String>,
    /// Explicit summary, if given.
    pub summary: Option<String>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// The section's id (`section: tech`), declared in `site.toml`.
    pub section: Option<String>,
    /// Drafts are left out of the build unless `--drafts`.
    pub draft: bool,
    /// Bylines as written: ids of authors declared in `site.toml`, or
    /// free text (« La rédaction »).
    pub author: Vec<String>,
    /// On a translation: the fingerprint of the original's text when the
    /// translation was last brought up to date (see `status`).
    pub source_fingerprint: Option<String>,
    /// The paragraph record written with it (see
    /// [`crate::content::paragraphs`]): what the translation desk compares
    /// to show what changed in the original.
    pub source_paragraphs: Option<String>,
    /// On a translation among three or more languages: which version it was
    /// translated from (default: the counterpart in the default language).
    pub translated_from: Option<String>,
    /// The lead image and its texts.
    pub image: LeadImage,
    /// Every other key, for templates (`page.extra`).
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// 1-based line of each top-level key, for later diagnostics.
    pub key_lines: KeyLines,
    /// Things worth telling the writer that do not stop the build (an
    /// empty tag dropped).
    pub notes: Vec<FrontMatterError>,
}

/// The lead image an article names (`image:`, a path relative to the
/// article like a Markdown image) and its texts, each in the article's
/// language. A translation may give the texts alone: it shows its
/// original's image with them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadImage {
    /// `image:`, as written.
    pub path: Option<String>,
    /// `image_alt:`: what the image shows, for readers who cannot see it.
    pub alt: Option<String>,
    /// `image_caption:`.
    pub caption: Option<String>,
    /// `image_credit:` (« AFP », "Reuters/Jane Doe").
    pub credit: Option<String>,
}

/// Splits `text` into the YAML block and the body; returns (yaml, yaml's first
/// line, body, body's first line). Accepts a leading BOM and CRLF endings.
pub fn split(text: &str) -> Result<(&str, usize, &str, usize), FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(FrontMatterError {
            line: 1,
            message: "an article must start with a `---` line opening its front matter".into(),
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let body_start = offset + raw_line.len();
            return Ok((&text[yaml_start..offset], 2, &text[body_start..], line + 1));
        }
        offset += raw_line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: "the front matter opened on line 1 is never closed with a `---` line".into(),
    })
}

/// Parses the YAML block that starts at `first_line` of the article; dates
/// without a zone are in `zone`.
pub fn parse(
    yaml: &str,
    first_line: usize,
    zone: Tz,
) -> Result<FrontMatter, Vec<FrontMatterError>> {
    if let Some(e) = unclosed(yaml, first_line).or_else(|| too_deep(yaml, first_line)) {
        return Err(vec![e]);
    }
    let raw: RawFrontMatter = if yaml.trim().is_empty() {
        RawFrontMatter::default()
    } else {
        serde_yaml::from_str(yaml).map_err(|e| {
            let line = e
                .location()
                .map_or(first_line, |l| first_line + l.line() - 1);
            let message = strip_location(&e.to_string()).to_string();
            let message = explain_yaml(yaml, line + 1 - first_line, &message)
                .unwrap_or_else(|| format!("invalid front matter: {message}"));
            vec![FrontMatterError { line, message }]
        })?
    };
    let key_lines = KeyLines::read(yaml, first_line);
    let line_of = |key: &str| key_lines.get(key).unwrap_or(first_line - 1);
    let mut errors = Vec::new();
    let mut fail = |key: &str, message: String| {
        errors.push(FrontMatterError {
            line: line_of(key),
            message,
        })
    };
    let title = raw.title.map(|t| t.trim().to_string()).unwrap_or_default();
    if title.is_empty() {
        fail("title", "front matter needs a non-empty `title`".into());
    }
    let date = match raw.date.as_deref() {
        None => None,
        Some(d) => match dates::parse(d, zone) {
            Ok(date) => Some(date),
            Err(m) => {
                fail("date", m);
                None
            }
        },
    };
    let updated = match raw.updated.as_deref() {
        None => None,
        Some(d) => dates::parse(d, zone).map_err(|m| fail("updated", m)).ok(),
    };
    let expires = match raw.expires.as_deref() {
        None => None,
        Some(d) => dates::parse(d, zone).map_err(|m| fail("expires", m)).ok(),
    };
    if let (Some(date), Some(end)) = (date, expires)
        && end <= date
    {
        fail(
            "expires",
            format!("`expires: {end}` is not after the article's date ({date})"),
        );
    }
    let mut aliases = Vec::new();
    let written = one_or_many(raw.aliases);
    for alias in written {
        match crate::urls::alias_path(&alias) {
            Ok(path) => aliases.push(path),
            Err(m) => fail("aliases", m),
        }
    }
    let mut notes = Vec::new();
    let mut tags = Vec::new();
    let written = one_or_many(raw.tags);
    for tag in written {
        if tag.trim().is_empty() {
            notes.push(FrontMatterError {
                line: line_of("tags"),
                message: "an empty tag was left out".into(),
            });
        } else if tag_slug(&tag).is_empty() {
            fail(
                "tags",
                format!("tag `{tag}` has no letters or digits to make a URL from"),
            );
        } else {
            tags.push(tag);
        }
    }
    for key in raw.unknown.keys() {
        fail(key, unknown_key(key, &KEYS));
    }
    let text = |t: Option<String>| t.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let image = LeadImage {
        path: text(raw.image),
        // Written empty (`image_alt: ""`), the image is decoration: kept,
        // unlike the other fields, as the choice it is.
        alt: raw.image_alt.map(|t| t.trim().to_string()),
        caption: text(raw.image_caption),
        credit: text(raw.image_credit),
    };
    match &image.alt {
        None if image.path.is_some() => fail(
            "image",
            "`image_alt:` is missing: `image:` needs a short description of what the image shows, for readers who cannot see it (`image_alt: \"\"` if it is only decoration)".into(),
        ),
        Some(alt) if alt.is_empty() && image.path.is_some() => notes.push(FrontMatterError {
            line: line_of("image_alt"),
            message: "`image_alt:` is empty: the lead image is published as decoration (`alt=\"\"`), which screen readers skip".into(),
        }),
        _ => {}
    }
    if let Some(cut) = cut_by_comment(yaml, "title", &title) {
        fail("title", cut);
    }
    let extra = raw
        .extra
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| match serde_json::to_value(&v) {
            Ok(json) => Some((k, json)),
            Err(e) => {
                fail(&k, format!("`{k}` cannot be passed to templates: {e}"));
                None
            }
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FrontMatter {
        title,
        date,
        updated,
        expires,
        aliases,
        translations: one_or_many(raw.translation),
        slug: raw.slug,
        summary: raw.summary.filter(|s| !s.trim().is_empty()),
        tags,
        section: raw
            .section
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        draft: raw.draft.unwrap_or(false),
        author: one_or_many(raw.author)
            .into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
        source_fingerprint: raw.source_fingerprint,
        source_paragraphs: raw.source_paragraphs,
        translated_from: raw.translated_from,
        image,
        extra,
        key_lines,
        notes,
    })
}

/// The line of each top-level key of one article's front matter, kept
/// for diagnostics found after parsing (a translation that matches
/// nothing, an alias taken twice). Every article of the site holds one
/// for the whole build, and most are never asked: the keys are one string
/// and the lines one slice (two allocations, ~100 bytes), where a
/// `BTreeMap<String, usize>` took a 384-byte node and a string per key
/// (~500 bytes an article: 40 MB at 50,000 pairs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyLines {
    /// The keys in the order written, each followed by `\n` (a key is
    /// read up to its `:` on one line, so it holds no line break).
    keys: Box<str>,
    /// 1-based line of each key, in the same order.
    lines: Box<[u32]>,
}

impl KeyLines {
    /// Each top-level key's line in the article file, the front matter
    /// starting at `first_line`.
    fn read(yaml: &str, first_line: usize) -> KeyLines {
        let mut keys = String::new();
        let mut lines = Vec::new();
        let top_level =
            (yaml.lines().enumerate()).filter(|(_, l)| !l.starts_with([' ', '\t', '-', '#']));
        for (i, l) in top_level {
            if let Some((k, _)) = l.split_once(':') {
                keys.push_str(k.trim());
                keys.push('\n');
                lines.push(u32::try_from(first_line + i).unwrap_or(u32::MAX));
            }
        }
        KeyLines {
            keys: keys.into(),
            lines: lines.into(),
        }
    }

    /// The line `key` is written on; for a key written twice, the last
    /// (the value YAML keeps).
    pub fn get(&self, key: &str) -> Option<usize> {
        let keys = self.keys.strip_suffix('\n').unwrap_or(&self.keys);
        let at = (keys.split('\n').zip(&self.lines))
            .filter(|(k, _)| *k == key)
            .last()?;
        usize::try_from(*at.1).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_top_level_key_keeps_its_line() {
        let yaml = "title: x\ntags:\n  - a\n# note: no\nimage:\n  path: p.jpg\ndate: 2025-01-01\ntitle: again\n";
        let lines = KeyLines::read(yaml, 2);
        assert_eq!(lines.get("tags"), Some(3));
        assert_eq!(lines.get("image"), Some(6));
        assert_eq!(lines.get("date"), Some(8));
        // Written twice: the last, the one YAML keeps.
        assert_eq!(lines.get("title"), Some(9));
        // Nested keys, comments and list items are not top-level keys.
        assert_eq!(lines.get("path"), None);
        assert_eq!(lines.get("note"), None);
        assert_eq!(lines.get("a"), None);
        assert_eq!(lines.get("tit"), None);
        assert_eq!(KeyLines::read("", 2).get("title"), None);
    }

    #[test]
    fn deep_nesting_is_refused_before_the_parser_sees_it() {
        let zone = Tz::UTC;
        let brackets = format!(
            "title: x\ntags: {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let start = std::time::Instant::now();
        let err = parse(&brackets, 2, zone).unwrap_err();
        assert!(start.elapsed().as_secs() < 2);
        assert_eq!(err[0].line, 3);
        assert!(
            err[0].message.contains("more than 64 levels deep"),
            "{}",
            err[0].message
        );
        let dashes = format!("title: x\ntags:\n{}a\n", "- ".repeat(200));
        assert!(
            parse(&dashes, 2, zone).unwrap_err()[0]
                .message
                .contains("levels deep")
        );
        let fine = "title: \"L'IA [en bref]\"\ntags: [a, b]\nextra: {a: {b: [1, 2]}}\n";
        assert!(
            parse(fine, 2, zone).is_ok(),
            "{:?}",
            parse(fine, 2, zone).err()
        );
        assert!(parse("title: L'IA [x\ntags: [a]\n", 2, zone).is_ok());
    }

    #[test]
    fn splits_with_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let (yaml, yl, body, bl) = split(text).unwrap();
        assert_eq!(yaml, "title: A\r\n");
        assert_eq!((yl, bl), (2, 4));
        assert_eq!(body, "Body\r\n");
    }

    #[test]
    fn yaml_error_points_at_the_article_line() {
        let errs = parse("title: A\ndate: 2025-01-01\ntags: [a, b\n", 2, Tz::UTC).unwrap_err();
        assert!(errs[0].line >= 4, "{errs:?}");
    }

    #[test]
    fn bad_date_points_at_its_key() {
        let errs = parse("title: A\ndate: 29/01/2025\n", 2, Tz::UTC).unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("29/01/2025"));
    }

    #[test]
    fn tags_are_checked_where_they_are_written() {
        let fm = parse("title: A\ndate: 2025-01-29\ntags: IA\n", 2, Tz::UTC).unwrap();
        assert_eq!(fm.tags, ["IA"]);
        let fm = parse("title: A\ndate: 2025-01-29\ntags: [\"\", IA]\n", 2, Tz::UTC).unwrap();
        assert_eq!(fm.tags, ["IA"]);
        assert_eq!(fm.notes[0].line, 4);
        let errs = parse("title: A\ndate: 29/01/2025\ntags: [\"!!\"]\n", 2, Tz::UTC).unwrap_err();
        assert_eq!(errs.len(), 2, "the date and the tag, together: {errs:?}");
        assert_eq!(errs[1].line, 4);
        assert!(errs[1].message.contains("no letters or digits"));
    }

    #[test]
    fn extra_data_has_its_own_place_and_typos_are_refused() {
        let fm = parse(
            "title: A\ndate: 2025-01-29\nextra:\n  source: AFP\n",
            2,
            Tz::UTC,
        )
        .unwrap();
        assert_eq!(fm.extra["source"], "AFP");
        assert_eq!(fm.date.unwrap().to_rfc3339(), "2025-01-29T00:00:00+00:00");
        let errs = parse(
            "title: A\ndate: 2025-01-29\ndraf: true\nsumary: x\nsource: AFP\n",
            2,
            Tz::UTC,
        )
        .unwrap_err();
        let mut messages: Vec<(usize, &str)> =
            errs.iter().map(|e| (e.line, e.message.as_str())).collect();
        messages.sort();
        assert_eq!(
            messages[0],
            (4, "unknown key `draf`: did you mean `draft`?")
        );
        assert_eq!(
            messages[1],
            (5, "unknown key `sumary`: did you mean `summary`?")
        );
        assert_eq!(messages[2].0, 6);
        assert!(
            messages[2]
                .1
                .starts_with("unknown key `source` (the keys are"),
            "{messages:?}"
        );
    }

    #[test]
    fn the_yaml_mistakes_writers_make_are_explained() {
        let message = |yaml: &str| parse(yaml, 2, Tz::UTC).unwrap_err()[0].clone();
        let e = message("title: Semi-conducteurs : la course\ndate: 2025-01-29\n");
        assert_eq!(e.line, 2);
        assert_eq!(
            e.message,
            "the value of `title` holds `: ` (a colon and a space), which YAML reads as a new key: put the value in quotes, `title: \"Semi-conducteurs : la course\"`"
        );
        let e = message("date: 2025-01-29\ntitle: @elonmusk rachète\n");
        assert_eq!(e.line, 3);
        assert!(
            e.message
                .starts_with("the value of `title` starts with `@`"),
            "{e:?}"
        );
        let e = message("title: A\ndate: 2025-01-29\ntags:\n\t- IA\n");
        assert!(e.message.contains("tab"), "{e:?}");
        let e = message("title: Le #1 du marché\ndate: 2025-01-29\n");
        assert_eq!(e.line, 2);
        assert!(e.message.starts_with("`title` was cut at `#`"), "{e:?}");
        assert!(parse("title: \"Le #1\"\ndate: 2025-01-29\n", 2, Tz::UTC).is_ok());
    }
}

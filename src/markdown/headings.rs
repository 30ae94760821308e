//! Heading ids: every heading gets one, unique in its page, from `{#id}`
//! when the writer set it, else from its text, as an ASCII slug or as
//! GitHub and Hugo make them (a site setting).

use pulldown_cmark::{CowStr, Event, Tag};
use std::collections::HashSet;

/// How headings get their `id` when `{#id}` does not set one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// ASCII slugs: `il-etait-une-fois`, `pg-verifybackup`.
    #[default]
    Slug,
    /// As GitHub and Hugo make them: letters of any script and digits kept
    /// (lower-cased), `_` kept, spaces and `-` to `-`, the rest dropped:
    /// `il-était-une-fois`, `pg_verifybackup`. Anchors other sites link to
    /// keep working after an import from Hugo.
    Github,
}

/// Gives a heading an id from its text (unless `{#id}` set one), unique in the page.
pub(super) fn set_heading_id(
    start: &mut Event,
    text: &str,
    style: HeadingIds,
    used: &mut HashSet<String>,
) -> String {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        unreachable!("heading start recorded at this index")
    };
    if let Some(existing) = id {
        used.insert(existing.to_string());
        return existing.to_string();
    }
    let base = match heading_id(text, style) {
        s if s.is_empty() => "section".to_string(),
        s => s,
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(candidate.clone()));
    candidate
}

/// The id of a heading whose text is `text`.
pub fn heading_id(text: &str, style: HeadingIds) -> String {
    match style {
        HeadingIds::Slug => slug::slugify(text),
        HeadingIds::Github => text
            .trim()
            .chars()
            .filter_map(|c| match c {
                c if c.is_alphanumeric() => Some(c.to_lowercase().collect::<String>()),
                ' ' | '-' => Some("-".into()),
                '_' => Some("_".into()),
                _ => None,
            })
            .collect(),
    }
}

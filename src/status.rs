//! Translation status: which articles have no translation, and which
//! translations are probably stale, without git or a database.
//!
//! How staleness is known: a translation records in its front matter
//! `source_fingerprint:`, a hash of its original's title and body at the
//! moment the translation was last brought up to date (`gazette
//! mark-translated FILE` writes it; `gazette new --translate-to` writes it
//! into the stub). When the original's text changes, its fingerprint no
//! longer matches and the translation is reported stale. Edits to front
//! matter only (tags, dates) do not count as changes.

use crate::config::SiteConfig;
use crate::content::Article;
use crate::content::translations::TranslationGroups;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// An article with no counterpart in some languages.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    /// Source path under `content/`.
    pub source: String,
    /// File on disk.
    pub path: PathBuf,
    /// Its language.
    pub lang: String,
    /// Languages it has no version in.
    pub missing: Vec<String>,
}

/// A translation whose original changed since it was marked up to date.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// Source path of the translation.
    pub source: String,
    /// File on disk.
    pub path: PathBuf,
    /// The translation's language.
    pub lang: String,
    /// Source path of the original.
    pub original: String,
    /// When the original last changed: its `updated:` date, else its file's
    /// modification date (YYYY-MM-DD).
    pub original_changed: String,
}

/// The translation status of a whole site.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// Articles lacking a version in some language.
    pub missing: Vec<Missing>,
    /// Translations probably out of date.
    pub stale: Vec<Stale>,
    /// Translations whose fingerprint matches their original.
    pub up_to_date: usize,
    /// Pairs where neither side records a fingerprint.
    pub untracked: usize,
}

impl Status {
    /// One line for `build` and `serve`: `translations: fr 1 missing, 0 stale; en …`.
    pub fn summary(&self, languages: &[String]) -> String {
        let parts: Vec<String> = languages
            .iter()
            .map(|l| {
                let missing = self.missing.iter().filter(|m| &m.lang == l).count();
                let stale = self.stale.iter().filter(|s| &s.lang == l).count();
                format!("{l} {missing} untranslated, {stale} stale")
            })
            .collect();
        format!("translations: {}", parts.join("; "))
    }

    /// Whether the article at `source` is a stale translation.
    pub fn is_stale(&self, source: &str) -> bool {
        self.stale.iter().any(|s| s.source == source)
    }
}

/// The fingerprint of an article's text: title and body, with line endings
/// and trailing white space normalized so a mere re-save does not count.
pub fn fingerprint(article: &Article) -> String {
    article.fingerprint().to_string()
}

/// The fingerprint of a title and Markdown body (see [`fingerprint`]).
pub fn fingerprint_text(title: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.trim().as_bytes());
    hasher.update(b"\n");
    for line in body.trim().lines() {
        hasher.update(line.trim_end().as_bytes());
        hasher.update(b"\n");
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Computes the status of every article (drafts included).
pub fn compute(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    groups: &TranslationGroups,
) -> Status {
    let mut status = Status::default();
    for (i, a) in articles.iter().enumerate() {
        let langs: Vec<&str> = groups[i]
            .iter()
            .map(|&j| articles[j].lang.as_str())
            .collect();
        let missing: Vec<String> = config
            .languages
            .iter()
            .filter(|l| l.code != a.lang && !langs.contains(&l.code.as_str()))
            .map(|l| l.code.clone())
            .collect();
        if !missing.is_empty() {
            status.missing.push(Missing {
                source: a.source.clone(),
                path: a.path.clone(),
                lang: a.lang.clone(),
                missing,
            });
        }
        let Some(recorded) = &a.front.source_fingerprint else {
            let tracked = groups[i]
                .iter()
                .any(|&j| articles[j].front.source_fingerprint.is_some());
            if !tracked && !groups[i].is_empty() && groups[i].iter().all(|&j| j > i) {
                status.untracked += 1;
            }
            continue;
        };
        let Some(o) = original_of(config, articles, &groups[i], a) else {
            continue;
        };
        if o.fingerprint() == recorded.as_str() {
            status.up_to_date += 1;
        } else {
            status.stale.push(Stale {
                source: a.source.clone(),
                path: a.path.clone(),
                lang: a.lang.clone(),
                original: o.source.clone(),
                original_changed: change_date(o),
            });
        }
    }
    status
}

/// The version `translation` was made from: `translated_from:`, else the
/// counterpart in the earliest configured language.
pub fn original_of<'a>(
    config: &SiteConfig,
    articles: &'a [Arc<Article>],
    group: &[usize],
    translation: &Article,
) -> Option<&'a Article> {
    if let Some(from) = &translation.front.translated_from {
        let from = from.trim().trim_start_matches("content/");
        return group
            .iter()
            .map(|&j| &*articles[j])
            .find(|o| o.source == from);
    }
    group
        .iter()
        .map(|&j| &*articles[j])
        .min_by_key(|o| config.languages.iter().position(|l| l.code == o.lang))
}

fn change_date(article: &Article) -> String {
    if let Some(updated) = article.front.updated {
        return updated.format("%Y-%m-%d").to_string();
    }
    std::fs::metadata(&article.path)
        .and_then(|m| m.modified())
        .map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .format("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_else(|_| "unknown".into())
}

//! Translation status: which articles have no translation, and which
//! translations are probably stale, without git or a database.
//!
//! How staleness is known: a translation records in its front matter
//! `source_fingerprint:`, a hash of its original's text (title, body,
//! summary, image alt text and caption) at the moment the translation was
//! last brought up to date (see [`crate::content::fingerprint`]; `gazette
//! mark-translated FILE` writes it). When the original's text changes, its
//! fingerprint no longer matches and the translation is reported stale.
//! Edits to other front matter (tags, dates) do not count as changes.
//!
//! The status is computed from the sources before the site model is made
//! (see `sources`), because the model may release article bodies once
//! rendered and the fingerprint needs them.

use crate::config::SiteConfig;
use crate::content::Article;
use crate::content::translations::TranslationGroups;
use crate::ids::ArticleId;
use crate::schedule::Publishing;
use serde::Serialize;
use std::sync::Arc;

/// An article the status speaks of, held rather than copied: a site's
/// status names thousands of them (every article of an archive of
/// thousands is an original or a translation), and copying each one's source, file and language
/// took four allocations an entry (50,000 pairs: the build's peak was 605
/// MB with them, 548–572 MB without) and ~3 ms of a save in the dev server
/// at 10,000 pairs. Serialized as its `source` (under
/// `content/`), `path` (the file) and `lang`.
#[derive(Debug, Clone)]
pub struct Version(pub Arc<Article>);

impl std::ops::Deref for Version {
    type Target = Article;
    fn deref(&self) -> &Article {
        &self.0
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("source", &self.0.source)?;
        map.serialize_entry("path", &self.0.path)?;
        map.serialize_entry("lang", &self.0.lang)?;
        map.end()
    }
}

/// An original, serialized as its source path.
fn source_of<S: serde::Serializer>(original: &Version, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&original.source)
}

/// An article with no counterpart in some languages.
#[derive(Debug, Clone, Serialize)]
pub struct Missing {
    /// The article.
    #[serde(flatten)]
    pub version: Version,
    /// Languages it has no version in.
    pub missing: Vec<String>,
}

/// A translation whose original changed since it was marked up to date.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// The translation.
    #[serde(flatten)]
    pub version: Version,
    /// Its original.
    #[serde(serialize_with = "source_of")]
    pub original: Version,
    /// When the original last changed: its `updated:` date, else its file's
    /// modification date (YYYY-MM-DD).
    pub original_changed: String,
    /// What changed in the original since, field by field and paragraph by
    /// paragraph, when the translation holds a paragraph record (`gazette
    /// mark-translated` writes one); `None` for an older record.
    pub changes: Option<Vec<crate::content::paragraphs::Change>>,
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
    /// Pairs where no version records a fingerprint: each by the version
    /// taken for the translation.
    pub untracked: Vec<Untracked>,
    /// Translations begun (drafts, as `gazette new --translate-to` makes
    /// them) and not yet marked as translated.
    pub in_progress: Vec<InProgress>,
    /// Whether each article (by [`ArticleId`]) is in [`Status::stale`], for
    /// [`Status::is_stale`]: every page asks, and the list scanned for each
    /// grew with the square of the site (10,000 pairs with every
    /// translation stale: a save in the dev server 533–554 ms, 169–242 ms
    /// with a set of sources; by id, no source is read at all).
    #[serde(skip)]
    stale_articles: Vec<bool>,
    /// Each article's original (by [`ArticleId`], as [`original_of`] finds
    /// it), `None` for an original: worked out here for every article, so
    /// the model takes it rather than searching each group again.
    #[serde(skip)]
    pub originals: Vec<Option<ArticleId>>,
}

/// A pair no version of which records what it was translated from: the
/// version taken for the translation, and the one taken for the original.
#[derive(Debug, Clone, Serialize)]
pub struct Untracked {
    /// The version taken for the translation.
    #[serde(flatten)]
    pub version: Version,
    /// The version taken for the original.
    #[serde(serialize_with = "source_of")]
    pub original: Version,
    /// Whether that was assumed (no `translated_from:` anywhere in the
    /// pair: the earliest configured language's version) rather than
    /// recorded.
    pub assumed: bool,
}

/// How many articles of one language are untranslated, stale, in progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Published articles lacking a version in some other language.
    pub untranslated: usize,
    /// Translations whose original changed since they were marked.
    pub stale: usize,
    /// Translation drafts not yet marked.
    pub in_progress: usize,
}

/// [`Counts`] per language, in the site's order; shown as the summary line
/// `translations: fr 1 untranslated, 0 stale; en …`, serialized as numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary(pub Vec<(String, Counts)>);

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(l, c)| match c.in_progress {
                0 => format!("{l} {} untranslated, {} stale", c.untranslated, c.stale),
                n => format!(
                    "{l} {} untranslated, {} stale, {n} in progress",
                    c.untranslated, c.stale
                ),
            })
            .collect();
        write!(f, "translations: {}", parts.join("; "))
    }
}

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (lang, counts) in &self.0 {
            map.serialize_entry(lang, counts)?;
        }
        map.end()
    }
}

/// A translation being written: a draft not yet marked as translated.
#[derive(Debug, Clone, Serialize)]
pub struct InProgress {
    /// The translation.
    #[serde(flatten)]
    pub version: Version,
    /// Its original.
    #[serde(serialize_with = "source_of")]
    pub original: Version,
}

impl Status {
    /// The counts of each of `languages`: for `build` and `serve`'s summary
    /// line and their JSON.
    pub fn summary(&self, languages: &[String]) -> Summary {
        Summary(
            languages
                .iter()
                .map(|l| {
                    let counts = Counts {
                        untranslated: self.missing.iter().filter(|m| &m.version.lang == l).count(),
                        stale: self.stale.iter().filter(|s| &s.version.lang == l).count(),
                        in_progress: self
                            .in_progress
                            .iter()
                            .filter(|s| &s.version.lang == l)
                            .count(),
                    };
                    (l.clone(), counts)
                })
                .collect(),
        )
    }

    /// Whether article `id` is a stale translation.
    pub fn is_stale(&self, id: ArticleId) -> bool {
        self.stale_articles.get(id.0).copied().unwrap_or(false)
    }
}

/// Computes the status of every article; what `publishing` leaves out
/// (drafts, scheduled, expired) is left out here too (a draft is work in
/// progress, not an untranslated article; a draft translation still counts
/// as its original's version in that language).
pub fn compute(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    groups: &TranslationGroups,
    publishing: &Publishing,
) -> Status {
    let mut status = Status {
        originals: Vec::with_capacity(articles.len()),
        stale_articles: vec![false; articles.len()],
        ..Status::default()
    };
    for (i, a) in articles.iter().enumerate() {
        let group = groups.of(ArticleId(i));
        let original = original_of(config, articles, group, a);
        status.originals.push(original);
        let version = || Version(a.clone());
        let original = original.map(|o| Version(articles[o.0].clone()));
        // A draft translation not yet marked: work in progress, drafts or not.
        if a.front.draft
            && a.front.source_fingerprint.is_none()
            && let Some(original) = original
        {
            status.in_progress.push(InProgress {
                version: version(),
                original,
            });
            continue;
        }
        if !publishing.shows(&a.front) {
            continue;
        }
        let missing: Vec<String> = config
            .languages
            .iter()
            .filter(|l| l.code != a.lang && !group.iter().any(|&j| articles[j.0].lang == l.code))
            .map(|l| l.code.clone())
            .collect();
        if !missing.is_empty() {
            status.missing.push(Missing {
                version: version(),
                missing,
            });
        }
        let Some(recorded) = &a.front.source_fingerprint else {
            let tracked = group
                .iter()
                .any(|&j| articles[j.0].front.source_fingerprint.is_some());
            if !tracked && let Some(original) = original {
                status.untracked.push(Untracked {
                    version: version(),
                    original,
                    assumed: a.front.translated_from.is_none()
                        && group
                            .iter()
                            .all(|&j| articles[j.0].front.translated_from.is_none()),
                });
            }
            continue;
        };
        let Some(o) = original else {
            continue;
        };
        if o.fingerprint() == recorded.as_str() {
            status.up_to_date += 1;
        } else {
            status.stale_articles[i] = true;
            status.stale.push(Stale {
                version: version(),
                original_changed: o.change_date().to_string(),
                changes: a
                    .front
                    .source_paragraphs
                    .as_deref()
                    .and_then(|r| o.changes_since(r)),
                original: o,
            });
        }
    }
    status
}

/// The version `translation` (whose other versions are `group`) was made
/// from, or `None` when `translation` is itself the original.
///
/// The original is the version written first. `gazette new --translate-to`
/// and `mark-translated` record it in the translation (`translated_from:`);
/// a version that another one names as its source is an original too (the
/// English article a French stub was made from). Without any record, the
/// version in the earliest configured language is assumed (`check` says so:
/// see [`Untracked::assumed`]).
pub fn original_of(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    group: &[ArticleId],
    translation: &Article,
) -> Option<ArticleId> {
    let versions = || group.iter().map(|&j| (j, &*articles[j.0]));
    if let Some(from) = &translation.front.translated_from {
        let from = from.trim().trim_start_matches("content/");
        return versions().find(|(_, o)| o.source == from).map(|(j, _)| j);
    }
    if let Some((j, named)) = named_original(versions()) {
        return (named.source != translation.source).then_some(j);
    }
    let named_by_others = versions()
        .filter_map(|(_, o)| o.front.translated_from.as_deref())
        .any(|from| from.trim().trim_start_matches("content/") == translation.source);
    if named_by_others {
        return None;
    }
    let rank = |lang: &str| config.language_rank(lang);
    versions()
        .min_by_key(|(_, o)| rank(&o.lang))
        .filter(|(_, o)| rank(&o.lang) < rank(&translation.lang))
        .map(|(j, _)| j)
}

/// Among `versions`, the one named as their source by the others
/// (`translated_from:`) and itself translated from none.
fn named_original<'a>(
    versions: impl Iterator<Item = (ArticleId, &'a Article)> + Clone,
) -> Option<(ArticleId, &'a Article)> {
    versions
        .clone()
        .filter_map(|(_, o)| o.front.translated_from.as_deref())
        .map(|from| from.trim().trim_start_matches("content/"))
        .find_map(|from| {
            versions
                .clone()
                .find(|(_, o)| o.source == from && o.front.translated_from.is_none())
        })
}

#[cfg(test)]
mod tests;

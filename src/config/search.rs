//! `[search]` of `site.toml`: whether the build writes a search index per
//! language (on by default) and the one Pagefind setting a host's file
//! limits call for.

use serde::Deserialize;

/// `[search]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSearch {
    pub(super) enabled: Option<bool>,
    pub(super) max_fragments: Option<u32>,
}

/// How the site is searched (`[search]` in `site.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchSettings {
    /// Write the index, the search pages and the masthead's search field
    /// (default true); `false` writes none of them.
    pub enabled: bool,
    /// The most fragment files per language (Pagefind's `max_fragments`):
    /// hosts limit file counts (Cloudflare Pages at 20,000), and a large
    /// site otherwise writes one fragment per page.
    pub max_fragments: Option<u32>,
}

impl Default for SearchSettings {
    fn default() -> Self {
        SearchSettings {
            enabled: true,
            max_fragments: None,
        }
    }
}

/// `[search]` checked; an error names the setting it is about.
pub(super) fn search_settings(raw: RawSearch) -> Result<SearchSettings, (&'static str, String)> {
    if raw.max_fragments == Some(0) {
        return Err((
            "max_fragments",
            "[search] max_fragments must be at least 1".into(),
        ));
    }
    Ok(SearchSettings {
        enabled: raw.enabled.unwrap_or(true),
        max_fragments: raw.max_fragments,
    })
}

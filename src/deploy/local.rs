//! The built site as `deploy` sends it: every file of the output folder
//! with its content hash, size, content type, cache policy and the phase
//! it is sent in. The rules of what a file is for live here, once.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// When a file is sent: everything a page may need is in place before the
/// page, and the files that point crawlers and hosts at pages come last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Images, stylesheets, scripts, fonts, the search index…
    Assets,
    /// HTML pages and feeds.
    Pages,
    /// Sitemaps, `robots.txt`, `_redirects`, `_headers`.
    Indexes,
}

impl Phase {
    /// The phase of the published file `path`.
    pub fn of(path: &str) -> Phase {
        let name = path.rsplit('/').next().unwrap_or(path);
        let index = matches!(name, "robots.txt" | "_redirects" | "_headers")
            || (name.ends_with(".xml")
                && (name.starts_with("sitemap") || name.starts_with("news-sitemap")));
        if index {
            Phase::Indexes
        } else if name.ends_with(".html") || name.ends_with(".xml") || path == crate::search::ENTRY
        {
            Phase::Pages
        } else {
            Phase::Assets
        }
    }
}

/// How long browsers and CDNs may keep a file without asking again.
pub fn cache_control(phase: Phase, immutable: bool) -> &'static str {
    match (phase, immutable) {
        // Named after its content: a change is a new name.
        (_, true) => "public, max-age=31536000, immutable",
        // Pages, feeds and sitemaps change in place: always revalidated.
        (Phase::Pages | Phase::Indexes, false) => "public, max-age=0, must-revalidate",
        // Images and other files keep their name when they change (an
        // image replaced under the same name): an hour.
        (Phase::Assets, false) => "public, max-age=3600",
    }
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFile {
    /// Path under the output folder, with `/` separators.
    pub path: String,
    /// SHA-256 of its bytes, in hex.
    pub hash: String,
    /// Its size in bytes.
    pub size: u64,
    /// `Content-Type`, charset included for text.
    pub content_type: String,
    /// `Cache-Control`.
    pub cache_control: &'static str,
    /// When it is sent.
    pub phase: Phase,
}

/// Every file of the output folder `root`, hashed in parallel, sorted by
/// path; `immutable` names the files named after their content.
pub fn scan(root: &Path, immutable: &BTreeSet<String>) -> Result<Vec<LocalFile>> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            Error::io(path, e.into())
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).expect("under the output");
        let Some(rel) = rel.to_str() else {
            return Err(Error::Usage(format!(
                "{}: the file name is not valid UTF-8, which no web address can name",
                entry.path().display()
            )));
        };
        if !entry.file_type().is_file() {
            return Err(Error::Usage(format!(
                "{} is not a plain file (a link?): a build writes none; build again",
                entry.path().display()
            )));
        }
        paths.push(rel.replace('\\', "/"));
    }
    paths
        .into_par_iter()
        .map(|path| {
            let full = root.join(&path);
            let bytes = std::fs::read(&full).map_err(|e| Error::io(&full, e))?;
            let phase = Phase::of(&path);
            let fixed = immutable.contains(&path);
            Ok(LocalFile {
                hash: crate::images::probe::sha256_hex(&bytes),
                size: bytes.len() as u64,
                content_type: crate::output::content_type(&path),
                cache_control: cache_control(phase, fixed),
                phase,
                path,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_go_first_and_indexes_last() {
        assert_eq!(Phase::of("media/a/photo-960.webp"), Phase::Assets);
        assert_eq!(Phase::of("style.0123456789.css"), Phase::Assets);
        assert_eq!(Phase::of("pagefind/fragment/x.pf_fragment"), Phase::Assets);
        assert_eq!(Phase::of("fr/index.html"), Phase::Pages);
        assert_eq!(Phase::of("fr/atom.xml"), Phase::Pages);
        // The search index's entry names its fragments: after them.
        assert_eq!(Phase::of("pagefind/pagefind-entry.json"), Phase::Pages);
        assert_eq!(
            Phase::of("pagefind/fragment/fr_1a2b.pf_fragment"),
            Phase::Assets
        );
        assert_eq!(Phase::of("404.html"), Phase::Pages);
        assert_eq!(Phase::of("sitemap.xml"), Phase::Indexes);
        assert_eq!(Phase::of("sitemap2.xml"), Phase::Indexes);
        assert_eq!(Phase::of("news-sitemap.xml"), Phase::Indexes);
        assert_eq!(Phase::of("robots.txt"), Phase::Indexes);
        assert_eq!(Phase::of("_redirects"), Phase::Indexes);
        assert!(Phase::Assets < Phase::Pages && Phase::Pages < Phase::Indexes);
    }

    #[test]
    fn only_named_after_content_is_cached_for_good() {
        assert!(cache_control(Phase::Assets, true).contains("immutable"));
        assert!(cache_control(Phase::Pages, false).contains("must-revalidate"));
        assert!(cache_control(Phase::Indexes, false).contains("max-age=0"));
        assert_eq!(cache_control(Phase::Assets, false), "public, max-age=3600");
    }
}

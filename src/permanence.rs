//! URL permanence: news is cited for years, so a URL once published must
//! keep answering. `gazette build` keeps a record of the URLs it published
//! (`published-urls.txt` at the site root, committed with the site) and
//! refuses a build that would drop one of them, unless an alias covers it
//! (`aliases:`, which leaves a redirect there), the article expired
//! (`expires:`, a deliberate removal), or `--allow-removed-urls` says so.
//!
//! The record holds the URLs of articles and pages and their aliases, as
//! paths under the base URL (`/fr/2025/01/x/`), so moving the site to
//! another host or sub-path keeps it valid; listings, tag and feed pages
//! come and go with the content and are not recorded. Builds that publish
//! more than the public site (`--drafts`, `--future`) are checked against
//! the record but never write it; `serve` neither checks nor writes.

use crate::diagnostic::{Checked, Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::schedule::Held;
use crate::site::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The record's file name, at the site root.
pub const FILE: &str = "published-urls.txt";

const HEADER: &str = "\
# The URLs this site has published, kept by `gazette build`: commit this file.
# A build that no longer publishes one of them fails: add the old URL to the
# article's `aliases:` (a redirect), or build once with --allow-removed-urls.
# Set `published_urls = false` in site.toml to do without.
";

/// Path under the base URL → the source (under `content/`) that publishes it.
pub type Published = BTreeMap<String, String>;

/// Where the record of the site in `root` lives.
pub fn record_path(root: &Path) -> PathBuf {
    root.join(FILE)
}

/// What `site` publishes that the record keeps: each page's URL and each
/// of its aliases, with the page's source.
pub fn published(site: &Site) -> Published {
    let urls = site.urls();
    let mut all = Published::new();
    for page in &site.pages {
        let source = &page.article.source;
        all.insert(format!("/{}", urls.site_path(&page.url)), source.clone());
        for alias in &page.article.front.aliases {
            let url = urls.in_edition(&page.article.lang, alias);
            all.insert(format!("/{}", urls.site_path(&url)), source.clone());
        }
    }
    all
}

/// The record as written: (line, URL, source), or `None` when there is none
/// yet. A line that is not `URL SOURCE` is an error on its line.
pub fn read(root: &Path) -> Checked<Option<Vec<(usize, String, String)>>> {
    let path = record_path(root);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(vec![Diagnostic::new(&path, format!("cannot read it: {e}"))]),
    };
    let mut errors = Diagnostics::new();
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(' ') {
            Some((url, source)) if url.starts_with('/') && !source.trim().is_empty() => {
                entries.push((i + 1, url.to_string(), source.trim().to_string()));
            }
            _ => errors.push(Diagnostic::at(
                &path,
                Some(i + 1),
                format!("`{line}` is not `/URL SOURCE` (a URL under the base URL, then the article that published it)"),
            )),
        }
    }
    errors.finish(Some(entries))
}

/// Every recorded URL `site` no longer publishes, as an error naming the URL,
/// the article that owned it and the fix; expired articles' URLs are not
/// errors (`expires:` says they leave) but notes, returned on success.
pub fn check(site: &Site, now: &Published) -> Checked<Vec<Diagnostic>> {
    let root = &site.config.root;
    let Some(record) = read(root)? else {
        return Ok(Vec::new());
    };
    let mut notes = Vec::new();
    let urls = site.urls();
    let mut errors = Diagnostics::new();
    for (line, url, source) in record {
        if now.contains_key(&url) {
            continue;
        }
        let article = site.article(&source);
        if let Some(a) = article.filter(|a| site.publishing.expired(&a.front)) {
            let end = a.front.expires.map(|e| e.to_rfc3339()).unwrap_or_default();
            notes.push(Diagnostic::at(
                &a.path,
                a.front.key_lines.get("expires"),
                format!(
                    "{} leaves the site: the article expired on {end} (its URL stays in the record; remove `expires:` to bring it back)",
                    urls.permalink_of(&url)
                ),
            ));
            continue;
        }
        let held = article.and_then(|a| site.publishing.held(&a.front));
        let hint = match (held, article.and_then(|a| site.url_of(&a.source))) {
            (Some(Held::Scheduled(date)), _) => format!(
                "content/{source} is still there, but is now dated {}, in the future, so it leaves the site until then: keep the date it was published under (`updated:` says when it changed)",
                date.to_rfc3339()
            ),
            (Some(Held::Draft), _) => format!(
                "content/{source} is still there, but is now a draft (`draft: true`): remove that line to keep it published"
            ),
            (_, Some(new)) => format!(
                "content/{source} is now at {new}: add `aliases: [\"{url}\"]` to its front matter to leave a redirect"
            ),
            (_, None) => format!(
                "content/{source} is gone or unpublished: add `aliases: [\"{url}\"]` to the article that replaces it"
            ),
        };
        errors.push(Diagnostic::at(
            record_path(root),
            Some(line),
            format!(
                "{} was published (by {source}) and would no longer be: {hint}, or build with --allow-removed-urls",
                urls.permalink_of(&url)
            ),
        ));
    }
    errors.finish(notes)
}

/// Writes the record of what the site in `root` publishes (`published`),
/// replacing the old one in one rename (a crash never leaves half a record).
pub fn write(root: &Path, published: &Published) -> Result<()> {
    let path = record_path(root);
    let mut text = String::from(HEADER);
    for (url, source) in published {
        text.push_str(&format!("{url} {source}\n"));
    }
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    // A name of this build's own: two builds never write one temp file.
    let temp = path.with_extension(format!("txt.{}.tmp", std::process::id()));
    std::fs::write(&temp, &text).map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, &path).map_err(|e| Error::io(&path, e))
}

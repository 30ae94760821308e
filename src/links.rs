//! Links between articles: where each article source is published (the
//! [`UrlMap`], checked for clashes) and what a Markdown link written in an
//! article points to: another article (`.md`), a file of `content/` beside
//! it (an image, through the [`Library`]), or a URL left as written. The
//! URL rules themselves live in [`crate::urls`].

use crate::config::SiteConfig;
use crate::content::Article;
use crate::diagnostic::{Checked, Diagnostic, Diagnostics};
use crate::images::{Image, Library, Problem, looks_like_image};
use crate::markdown::Resolved;
use crate::schedule::Held;
use crate::urls::{has_scheme, tag_slug};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Computes the URL of every published article (`held` says, for each
/// article, why it is left out, if it is); two articles on one URL (or on
/// URLs that differ only by letter case, which case-insensitive hosts
/// merge) is an error naming both.
pub fn url_map(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    held: &[Option<Held>],
    unreadable: HashSet<String>,
) -> Checked<UrlMap> {
    let base_path = config.base_url.path.clone();
    let urls = config.urls();
    let url_of = |a: &Article| {
        let lang = &config.languages[config.language_index(&a.lang)];
        match &a.front.date {
            Some(date) => urls.article(&lang.permalink, &a.lang, date, &a.slug),
            None => urls.page(&lang.page_permalink, &a.lang, &a.slug),
        }
    };
    // Each URL made in parallel (the rest is bookkeeping in maps): this
    // runs before any body can be rendered, on one core.
    let made: Vec<String> = articles.par_iter().map(|a| url_of(a)).collect();
    let mut by_source = HashMap::with_capacity(articles.len());
    let mut held_back = HashMap::new();
    let mut seen: HashMap<String, (&Arc<Article>, &str)> = HashMap::with_capacity(articles.len());
    let mut listings = HashMap::new();
    // The listings of each (language, section) and (language, tag), added
    // once, not for each of its articles.
    let mut sections: HashSet<(&str, &str)> = HashSet::new();
    let mut tags: HashSet<(&str, &str)> = HashSet::new();
    let mut errors = Diagnostics::new();
    for ((a, why), url) in articles.iter().zip(held).zip(&made) {
        let kept = why.is_none();
        if let Some(why) = why {
            held_back.insert(a.source.clone(), *why);
        }
        if let Some((other, other_url)) = kept
            .then(|| seen.insert(url.to_lowercase(), (a, url)))
            .flatten()
        {
            let how = if other_url == url {
                "the same URL"
            } else {
                "URLs that differ only by letter case"
            };
            // At its `slug:` when it has one; else the URL comes from the
            // file name, and the file is the place.
            errors.push(Diagnostic::at(
                &a.path,
                a.front.key_lines.get("slug"),
                format!(
                    "this article and {} have {how}: {url} (set a different `slug:`)",
                    other.path.display()
                ),
            ));
        }
        by_source.insert(a.source.clone(), kept.then(|| url.clone()));
        if kept {
            if let Some(section) = a.front.section.as_deref()
                && sections.insert((&a.lang, section))
            {
                add_section_listings(config, &a.lang, section, &mut listings);
            }
            for tag in &a.front.tags {
                if tags.insert((&a.lang, tag)) {
                    add_tag_listings(config, &a.lang, tag, &mut listings);
                }
            }
        }
    }
    errors.finish(UrlMap {
        by_source,
        listings,
        held: held_back,
        base_path,
        origin: config.base_url.origin.clone(),
        unreadable,
    })
}

/// The listings a published article puts on the site, under the names
/// Hugo's `ref` gives them (a section's folder `projects`, a term's
/// `categories/event` or `tags/event`), as if they were files of the
/// language's folder: `en/projects.md` → the section's page. Those of the
/// article's section (named as in its front matter) here, its tags' in
/// [`add_tag_listings`].
fn add_section_listings(
    config: &SiteConfig,
    lang: &str,
    section: &str,
    listings: &mut HashMap<String, String>,
) {
    let Ok(s) = config.section_named(section) else {
        return;
    };
    let (name, slug) = &config.sections[s].names[config.language_index(lang)];
    let url = config.urls().section(lang, slug);
    for key in [&config.sections[s].id, slug, &tag_slug(name)] {
        for form in [
            key.to_string(),
            format!("categories/{key}"),
            format!("sections/{key}"),
        ] {
            listings
                .entry(format!("{lang}/{form}.md"))
                .or_insert_with(|| url.clone());
        }
    }
}

/// The listings of one tag of an article (see [`add_section_listings`]).
fn add_tag_listings(
    config: &SiteConfig,
    lang: &str,
    tag: &str,
    listings: &mut HashMap<String, String>,
) {
    let slug = tag_slug(tag);
    let url = config.urls().tag(lang, &slug);
    for taxonomy in ["tags", "categories"] {
        listings
            .entry(format!("{lang}/{taxonomy}/{slug}.md"))
            .or_insert_with(|| url.clone());
    }
}

/// Where each article source is published; `None` for those left out.
#[derive(Debug)]
pub struct UrlMap {
    /// Root-relative URL (base path included) per article source.
    pub by_source: HashMap<String, Option<String>>,
    /// The section and tag listings a `ref` may name, as sources
    /// (`en/categories/event.md`; see `add_listings`).
    pub listings: HashMap<String, String>,
    /// Why each article left out is (a draft, scheduled, expired).
    pub held: HashMap<String, Held>,
    /// The site's base path, `/` or `/blog/`.
    pub base_path: String,
    /// The site's scheme and host, for absolute URLs (`ref` shortcodes).
    pub origin: String,
    /// Sources that failed to parse (already reported): links to them are
    /// left as they are, not reported again.
    pub unreadable: HashSet<String>,
}

impl UrlMap {
    /// Decides what a link or image destination written in `from` becomes.
    pub fn resolve(&self, from: &Article, dest: &str) -> Resolved {
        if let Some(scheme) = script_scheme(dest) {
            return Resolved::Broken(format!(
                "link to a `{scheme}:` URL, which runs code in the reader's browser; write a normal link"
            ));
        }
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return Resolved::Keep;
        }
        let (path, fragment) = match dest.find(['#', '?']) {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (dest, ""),
        };
        if path.ends_with(".md") {
            return self.resolve_article(from, path, fragment);
        }
        // `2025-01-29-slug/`: an article written as a folder (a bundle),
        // linked by its folder: resolved as its `index.md`.
        if path.ends_with('/') && !path.starts_with('/') {
            let index = format!("{path}index.md");
            let decoded = percent_encoding::percent_decode_str(&index).decode_utf8_lossy();
            if join(&from.source, &decoded).is_some_and(|s| self.by_source.contains_key(&s)) {
                return self.resolve_article(from, &index, fragment);
            }
        }
        match path.strip_prefix('/') {
            Some(rest) if self.base_path != "/" => {
                Resolved::Rewrite(format!("{}{rest}{fragment}", self.base_path))
            }
            _ => Resolved::Keep,
        }
    }

    fn resolve_article(&self, from: &Article, path: &str, fragment: &str) -> Resolved {
        // `%20` and `%C3%A9` in a link name the file's real characters.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let Some(source) = join(&from.source, &decoded) else {
            return Resolved::Broken(format!("link `{path}` climbs out of content/"));
        };
        if self.unreadable.contains(&source) {
            return Resolved::Keep;
        }
        match self.by_source.get(&source) {
            Some(Some(url)) => Resolved::Rewrite(format!("{url}{fragment}")),
            Some(None) => Resolved::Broken(format!("link to `{source}`, {}", self.held[&source])),
            None if self.listing(&source).is_some() => Resolved::Rewrite(format!(
                "{}{fragment}",
                self.listing(&source).map_or("", String::as_str)
            )),
            None => {
                // The article may have become a folder (a bundle) since.
                let bundle = format!("{}/index.md", source.trim_end_matches(".md"));
                match self.by_source.contains_key(&bundle) {
                    true => Resolved::Broken(format!(
                        "link to `{path}`: no article content/{source}; it is now content/{bundle} (a folder): link to `{}/index.md`",
                        path.trim_end_matches(".md")
                    )),
                    false => {
                        Resolved::Broken(format!("link to `{path}`: no article content/{source}"))
                    }
                }
            }
        }
    }
}

impl UrlMap {
    /// The listing `source` names (`en/categories/Event.md`, `en/projects/_index.md`),
    /// its last name compared as a slug.
    fn listing(&self, source: &str) -> Option<&String> {
        let source = source
            .strip_suffix("/_index.md")
            .map_or(source.to_string(), |s| format!("{s}.md"));
        let (folder, name) = source.rsplit_once('/')?;
        let name = tag_slug(name.trim_end_matches(".md"));
        self.listings.get(&format!("{folder}/{name}.md"))
    }
}

/// What the links of an article resolve against: the articles' URLs and
/// the files of `content/`.
#[derive(Clone, Copy)]
pub struct Resolver<'a> {
    /// Where each article is published.
    pub urls: &'a UrlMap,
    /// The files beside the articles.
    pub library: &'a Library,
}

impl Resolver<'_> {
    /// Decides what a link or image destination written in `from` becomes:
    /// as [`UrlMap::resolve`], and a relative path naming a file of
    /// `content/` (taken from the article's folder, as a Markdown editor
    /// shows it) is that file, published. A missing file with an image's
    /// extension is an error; other relative links are left as written.
    pub fn resolve(&self, from: &Article, dest: &str) -> Resolved {
        let resolved = self.urls.resolve(from, dest);
        if resolved != Resolved::Keep
            || dest.is_empty()
            || dest.starts_with(['#', '?', '/'])
            || has_scheme(dest)
        {
            return resolved;
        }
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        // A `.md` file of content/ is an article, never a file to publish:
        // one that failed to read (and says so) is left as written.
        if path.ends_with(".md") {
            return resolved;
        }
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let image = looks_like_image(&decoded);
        // Only a path that reaches a file of content/ is one; any other
        // relative link (`../tags/`) is a URL, unless it names an image.
        let found = join(&from.source, &decoded).map(|source| self.library.get(&source));
        match found {
            Some(Ok(file)) => Resolved::Asset(file),
            Some(Err(Problem::Bad(_))) => {
                Resolved::Broken(self.file(&from.source, &decoded).unwrap_err())
            }
            _ if image => Resolved::Broken(self.file(&from.source, &decoded).unwrap_err()),
            _ => Resolved::Keep,
        }
    }

    /// The file of `content/` at `path` (decoded) from the article
    /// `from` (a source path), or why there is none.
    pub fn file(&self, from: &str, path: &str) -> Result<Arc<Image>, String> {
        let Some(source) = join(from, path) else {
            return Err(format!("`{path}` climbs out of content/"));
        };
        match self.library.get(&source) {
            Ok(file) => Ok(file),
            Err(Problem::Missing) => Err(format!("`{path}`: no file content/{source}")),
            Err(Problem::Bad(why)) => Err(format!("`{path}`: content/{source} {why}")),
        }
    }
}

/// The scheme of a destination that would run script when followed
/// (`javascript:`, `vbscript:`, non-image `data:`), read the way browsers do:
/// case-insensitive, ignoring white space and control characters.
fn script_scheme(dest: &str) -> Option<&'static str> {
    let squeezed: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|s| squeezed.starts_with(&format!("{s}:")))
        .filter(|&s| s != "data" || !squeezed.starts_with("data:image/"))
}

/// Joins a link relative to the article `from` (a content source path), or
/// `None` when it climbs above `content/`. A link starting with `/` is taken
/// relative to `content/`.
fn join(from: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    if !link.starts_with('/') {
        parts.pop();
    }
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_join_like_paths() {
        assert_eq!(join("fr/a.md", "b.md").as_deref(), Some("fr/b.md"));
        assert_eq!(join("fr/a.md", "../en/b.md").as_deref(), Some("en/b.md"));
        assert_eq!(join("fr/a.md", "../../x.md"), None);
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x.org"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a.md"));
        assert!(!has_scheme("dir/a:b.md"));
    }
}

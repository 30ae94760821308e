//! URLs: the one place that knows where a page is published and which file
//! of the output folder a URL reaches.
//!
//! Three users, one rule. `render` asks where a page's URL is written
//! ([`output_file`]); the dev server asks which file a request reaches
//! ([`request_path`] then [`find`]); `check` asks whether a link in a page
//! reaches a file the way the production host would serve it ([`Urls::target`]
//! then [`find`]). The rule, as static hosts apply it: a path ending in `/`
//! (or empty) is the folder's `index.html`; any other path is that file, or,
//! when no such file exists but a folder of that name holds an `index.html`,
//! a redirect to the folder (`/fr/a` → `/fr/a/`). Generated URLs without a
//! file extension are therefore written as `…/index.html`.
//!
//! Naming in template views follows the same split: `*_url` values are
//! root-relative with the base path (`/blog/fr/`), `*permalink` values and
//! `canonical` are absolute (`https://example.org/blog/fr/`).

mod base;
mod hosts;
mod segments;

pub use base::{BaseUrl, check_permalink};

/// The folder of the output that holds the search index and its UI.
pub const SEARCH_BUNDLE: &str = "pagefind";
use chrono::{DateTime, Datelike, FixedOffset};
pub use segments::{HeadingIds, alias_path, check_slug, heading_id, is_invisible, tag_slug};

/// A language's own address: its code and where it is published.
pub type Address = (String, BaseUrl);

/// Builds the site's URLs under its `base_url`.
#[derive(Debug, Clone, Copy)]
pub struct Urls<'a> {
    base: &'a BaseUrl,
    /// The language published at the site root rather than under its code
    /// (`default_language_at_root`): its home is `/`, its tags `/tags/`.
    root_lang: Option<&'a str>,
    /// Each language's own address, when it has one (`[languages.<code>]
    /// base_url`); see [`Urls::with_hosts`].
    hosts: &'a [Address],
}

impl<'a> Urls<'a> {
    /// URLs of a site published at `base`, with `root_lang`'s pages at the
    /// root (`SiteConfig::urls` gives the site's own).
    pub fn new(base: &'a BaseUrl, root_lang: Option<&'a str>) -> Self {
        Urls {
            base,
            root_lang,
            hosts: &[],
        }
    }

    /// Where a language's own pages start under the site root: `fr/`, or
    /// nothing for the language at the root. Every language-scoped URL
    /// below is made from it.
    fn edition(&self, lang: &str) -> String {
        match self.root_lang == Some(lang) || self.host(lang).is_some() {
            true => String::new(),
            false => [lang, "/"].concat(),
        }
    }

    /// The root-relative URL of `path` under the site root: `fr/` → `/blog/fr/`.
    pub fn url(&self, path: &str) -> String {
        [self.base.path.as_str(), path.trim_start_matches('/')].concat()
    }

    /// The absolute form of a root-relative URL (one on a language's own
    /// address is absolute already).
    pub fn absolute(&self, url: &str) -> String {
        match has_scheme(url) {
            true => url.to_string(),
            false => self.base.absolute(url),
        }
    }

    /// The site root: `/blog/`.
    pub fn root(&self) -> &'a str {
        &self.base.path
    }

    /// A language's home page: `/blog/fr/`.
    pub fn home(&self, lang: &str) -> String {
        self.in_edition(lang, &self.edition(lang))
    }

    /// A language's tag index: `/blog/fr/tags/`.
    pub fn tags(&self, lang: &str) -> String {
        self.in_edition(lang, &[&self.edition(lang), "tags/"].concat())
    }

    /// One tag's listing: `/blog/fr/tags/ia/`.
    pub fn tag(&self, lang: &str, slug: &str) -> String {
        self.in_edition(lang, &[&self.edition(lang), "tags/", slug, "/"].concat())
    }

    /// An author's page: `/blog/fr/authors/ada/`.
    pub fn author(&self, lang: &str, id: &str) -> String {
        self.in_edition(lang, &[&self.edition(lang), "authors/", id, "/"].concat())
    }

    /// A section's listing: `/blog/fr/economie/`.
    pub fn section(&self, lang: &str, slug: &str) -> String {
        self.in_edition(lang, &[&self.edition(lang), slug, "/"].concat())
    }

    /// A language's search page: `/blog/fr/recherche/` (`slug` is the
    /// theme's `search_slug` string, see `Theme::search_slug`).
    pub fn search(&self, lang: &str, slug: &str) -> String {
        self.in_edition(lang, &[&self.edition(lang), slug, "/"].concat())
    }

    /// The folder of the search index and its UI: `/blog/pagefind/`.
    pub fn search_bundle(&self) -> String {
        self.url(&format!("{SEARCH_BUNDLE}/"))
    }

    /// A language's Atom feed: `/blog/fr/atom.xml`.
    pub fn feed(&self, lang: &str) -> String {
        self.in_edition(lang, &[&self.edition(lang), "atom.xml"].concat())
    }

    /// Page `number` of a listing whose first page is `first`: `…/page/2/`.
    pub fn listing_page(&self, first: &str, number: usize) -> String {
        if number == 1 {
            first.to_string()
        } else {
            format!("{first}page/{number}/")
        }
    }

    /// Where an article is published, from the site's permalink pattern.
    pub fn article(
        &self,
        pattern: &str,
        lang: &str,
        date: &DateTime<FixedOffset>,
        slug: &str,
    ) -> String {
        self.in_edition(lang, &permalink(pattern, lang, date, slug))
    }

    /// Where a file of `content/` (`fr/x/photo.jpg`) is published under
    /// the output folder: `media/` and its path, with `-<size>.<ext>` for
    /// a resized variant (`media/fr/x/photo-480.webp`; the size is
    /// `<width>x<height>` for one cut to another shape). One place for both
    /// languages of a pair, so a shared photo is published once.
    ///
    /// Names are unique per original: `photo.jpg` and `photo.png` in one
    /// folder both have WebP variants. A JPEG's variants, and a PNG's PNG
    /// ones, take the plain name (`photo-480.webp`, `photo-480.png`); any
    /// other variant carries its original's extension (`photo.png` →
    /// `photo-png-480.webp`, `photo.webp` → `photo-webp-480.webp`).
    pub fn media_file(source: &str, variant: Option<(&str, &str)>) -> String {
        match variant {
            None => format!("media/{source}"),
            Some((width, ext)) => match source.rsplit_once('.') {
                Some((stem, original)) if !stem.ends_with('/') && !original.contains('/') => {
                    let original = original.to_ascii_lowercase();
                    let plain = matches!(original.as_str(), "jpg" | "jpeg")
                        || (original == "png" && ext == "png");
                    match plain {
                        true => format!("media/{stem}-{width}.{ext}"),
                        false => format!("media/{stem}-{original}-{width}.{ext}"),
                    }
                }
                _ => format!("media/{source}-{width}.{ext}"),
            },
        }
    }

    /// The root-relative URL of the output file `file`, percent-encoded
    /// (file names may hold spaces and accents).
    pub fn file_url(&self, file: &str) -> String {
        const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
            .remove(b'/')
            .remove(b'-')
            .remove(b'_')
            .remove(b'.')
            .remove(b'~');
        self.url(&percent_encoding::utf8_percent_encode(file, KEEP).to_string())
    }

    /// Where a page (no date) is published, from `page_permalink`.
    pub fn page(&self, pattern: &str, lang: &str, slug: &str) -> String {
        self.in_edition(lang, &page_permalink(pattern, lang, slug))
    }

    /// The file a root-relative URL of this site is written to.
    pub fn output_file(&self, url: &str) -> String {
        match self.on_host(url) {
            Some((lang, rest)) => format!("{lang}/{}", output_file(rest)),
            None => output_file(url.strip_prefix(&self.base.path).unwrap_or(url)),
        }
    }

    /// Where a link found in the page at `page` (a path under the site
    /// root, `fr/2025/01/x/`) leads, as a browser and the production host
    /// would take it: `None` for links to other sites (or other schemes);
    /// otherwise the path under the site root (decoded) and the fragment.
    /// Absolute links to this site's own address count as internal;
    /// relative ones are taken from the page's folder; a root-relative link
    /// outside the base path leads outside the site.
    pub fn target(&self, link: &str, page: &str) -> Option<Target> {
        // Which language's folder a path from a host's root is in: the
        // address the link names, else the page's own (for a language
        // with a root of its own, `/x` on its host is its folder's `x`).
        let page_root = self.in_own_root(page).map(|(lang, _)| lang);
        let (root, link) = match self.on_host(link) {
            Some((lang, rest)) => (Some(lang), format!("{}{rest}", self.base.path)),
            None => (
                page_root,
                link.strip_prefix(&self.base.origin)
                    .unwrap_or(link)
                    .to_string(),
            ),
        };
        if link.starts_with("//") || has_scheme(&link) {
            return None;
        }
        let (path, fragment) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (link.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or("");
        let (root, absolute) = if path.starts_with('/') {
            (root.map(|l| format!("{l}/")), path.to_string())
        } else {
            let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
            (None, format!("{}{folder}{path}", self.base.path))
        };
        let path = match normalize(&absolute).strip_prefix(self.base.path.as_str()) {
            Some(rel) => {
                Place::Site(request_path(&format!("/{}{rel}", root.unwrap_or_default())).ok())
            }
            None => Place::Outside,
        };
        Some(Target { path, fragment })
    }

    /// Which output file a path under the output folder (as [`Urls::target`]
    /// gives it) reaches once published: [`find`], where a language's own
    /// root also holds the copies of the files every root gets
    /// ([`Urls::placements`]), written once before they are copied.
    pub fn reach(&self, path: &str, exists: impl Fn(&str) -> bool) -> Option<Found> {
        find(path, |file| {
            exists(file)
                || self
                    .in_own_root(file)
                    .is_some_and(|(_, rest)| self.placements(rest).len() > 1 && exists(rest))
        })
    }
}

/// Where an internal link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Where on the host.
    pub path: Place,
    /// The part after `#`, if any.
    pub fragment: Option<String>,
}

/// A place on the host a site is published on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Under the site root: the path under it, decoded (`fr/été/`); `None`
    /// when it cannot name a file (bad encoding).
    Site(Option<String>),
    /// On the same host but outside the site's base path: not the site's
    /// to serve (a 404, or someone else's page).
    Outside,
}

/// `/a/b/../c/./d` → `/a/c/d`, as browsers resolve dot segments; `..`
/// never climbs above the host's root.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i != 0 && i != segments.len() - 1 => {}
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    if (path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..")) && !out.ends_with('/')
    {
        out.push('/');
    }
    out
}

/// Whether a link starts with a scheme (`https:`, `mailto:`, `tel:`): it
/// is not a path of this site.
pub fn has_scheme(link: &str) -> bool {
    link.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Expands a permalink pattern: `/{lang}/{year}/{month}/{slug}/` →
/// `/fr/2025/01/le-moment-spoutnik/` (under the site root).
pub fn permalink(pattern: &str, lang: &str, date: &DateTime<FixedOffset>, slug: &str) -> String {
    pattern
        .replace("{year}", &format!("{:04}", date.year()))
        .replace("{month}", &format!("{:02}", date.month()))
        .replace("{day}", &format!("{:02}", date.day()))
        .replace("{lang}", lang)
        .replace("{slug}", slug)
}

/// A page's path (no date) from the `page_permalink` pattern.
pub fn page_permalink(pattern: &str, lang: &str, slug: &str) -> String {
    pattern.replace("{lang}", lang).replace("{slug}", slug)
}

/// The file a generated URL path (under the site root) is written to: pretty
/// URLs end in `/` and become `…/index.html`; a last segment without an
/// extension is a folder too (the host redirects to it, see [`find`]).
pub fn output_file(path: &str) -> String {
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if rel
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    }
}

/// What a path under the site root reaches on a static host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// This file is served.
    File(String),
    /// The host redirects to the folder (`/fr/a` → `/fr/a/`), whose
    /// `index.html` is this file.
    Folder(String),
}

impl Found {
    /// The output file finally served.
    pub fn file(&self) -> &str {
        match self {
            Found::File(f) | Found::Folder(f) => f,
        }
    }
}

/// Which output file a path under the site root (`fr/a/`, `style.css`)
/// reaches, given which files `exists`; `None` is a 404.
pub fn find(path: &str, exists: impl Fn(&str) -> bool) -> Option<Found> {
    let rel = path.trim_start_matches('/');
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if exists(&file) {
        return Some(Found::File(file));
    }
    let folder = format!("{rel}/index.html");
    (!rel.is_empty() && !rel.ends_with('/') && exists(&folder)).then_some(Found::Folder(folder))
}

/// Why a request path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadPath {
    /// Not valid percent-encoded UTF-8.
    Encoding,
    /// `..`, backslashes, NUL or a drive letter: an attempt to climb out.
    Traversal,
}

/// Decodes a request path (`/fr/%C3%A9t%C3%A9/`) into a path under the site
/// root (`fr/été/`, trailing slash kept). Decodes percent-escapes once, then
/// refuses anything that could name a place outside the site.
pub fn request_path(raw: &str) -> Result<String, BadPath> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| BadPath::Encoding)?;
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Err(BadPath::Traversal);
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(BadPath::Traversal),
            s if s.contains(':') => return Err(BadPath::Traversal),
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if !path.is_empty() && decoded.ends_with('/') {
        path.push('/');
    }
    Ok(path)
}

#[cfg(test)]
mod tests;

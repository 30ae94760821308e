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
mod segments;

pub use base::{BaseUrl, check_permalink};

/// The folder of the output that holds the search index and its UI.
pub const SEARCH_BUNDLE: &str = "pagefind";
use chrono::{DateTime, Datelike, FixedOffset};
pub use segments::{HeadingIds, alias_path, check_slug, heading_id, is_invisible, tag_slug};

/// Builds the site's URLs under its `base_url`.
#[derive(Debug, Clone, Copy)]
pub struct Urls<'a> {
    base: &'a BaseUrl,
}

impl<'a> Urls<'a> {
    /// URLs of a site published at `base`.
    pub fn new(base: &'a BaseUrl) -> Self {
        Urls { base }
    }

    /// The root-relative URL of `path` under the site root: `fr/` → `/blog/fr/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.path, path.trim_start_matches('/'))
    }

    /// The absolute form of a root-relative URL.
    pub fn absolute(&self, url: &str) -> String {
        self.base.absolute(url)
    }

    /// The site root: `/blog/`.
    pub fn root(&self) -> &'a str {
        &self.base.path
    }

    /// A language's home page: `/blog/fr/`.
    pub fn home(&self, lang: &str) -> String {
        self.url(&format!("{lang}/"))
    }

    /// A language's tag index: `/blog/fr/tags/`.
    pub fn tags(&self, lang: &str) -> String {
        self.url(&format!("{lang}/tags/"))
    }

    /// One tag's listing: `/blog/fr/tags/ia/`.
    pub fn tag(&self, lang: &str, slug: &str) -> String {
        self.url(&format!("{lang}/tags/{slug}/"))
    }

    /// An author's page: `/blog/fr/authors/ada/`.
    pub fn author(&self, lang: &str, id: &str) -> String {
        self.url(&format!("{lang}/authors/{id}/"))
    }

    /// A section's listing: `/blog/fr/economie/`.
    pub fn section(&self, lang: &str, slug: &str) -> String {
        self.url(&format!("{lang}/{slug}/"))
    }

    /// A language's search page: `/blog/fr/recherche/` (`slug` is the
    /// theme's `search_slug` string, see `Theme::search_slug`).
    pub fn search(&self, lang: &str, slug: &str) -> String {
        self.url(&format!("{lang}/{slug}/"))
    }

    /// The folder of the search index and its UI: `/blog/pagefind/`.
    pub fn search_bundle(&self) -> String {
        self.url(&format!("{SEARCH_BUNDLE}/"))
    }

    /// A language's Atom feed: `/blog/fr/atom.xml`.
    pub fn feed(&self, lang: &str) -> String {
        self.url(&format!("{lang}/atom.xml"))
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
        self.url(&permalink(pattern, lang, date, slug))
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
        self.url(&page_permalink(pattern, lang, slug))
    }

    /// The file a root-relative URL of this site is written to.
    pub fn output_file(&self, url: &str) -> String {
        output_file(url.strip_prefix(&self.base.path).unwrap_or(url))
    }

    /// Where a link found in the page at `page` (a path under the site
    /// root, `fr/2025/01/x/`) leads, as a browser and the production host
    /// would take it: `None` for links to other sites (or other schemes);
    /// otherwise the path under the site root (decoded) and the fragment.
    /// Absolute links to this site's own address count as internal;
    /// relative ones are taken from the page's folder; a root-relative link
    /// outside the base path leads outside the site.
    pub fn target(&self, link: &str, page: &str) -> Option<Target> {
        let link = link.strip_prefix(&self.base.origin).unwrap_or(link);
        if link.starts_with("//") || has_scheme(link) {
            return None;
        }
        let (path, fragment) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (link, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let absolute = if path.starts_with('/') {
            path.to_string()
        } else {
            let folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
            format!("{}{folder}{path}", self.base.path)
        };
        let path = match normalize(&absolute).strip_prefix(self.base.path.as_str()) {
            Some(rel) => Place::Site(request_path(&format!("/{rel}")).ok()),
            None => Place::Outside,
        };
        Some(Target { path, fragment })
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
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn base() -> BaseUrl {
        BaseUrl::parse("https://example.org/blog/").unwrap()
    }

    #[test]
    fn variant_names_are_unique_per_original() {
        let v = |source: &str, ext: &str| Urls::media_file(source, Some(("480", ext)));
        assert_eq!(v("fr/photo.jpg", "jpg"), "media/fr/photo-480.jpg");
        assert_eq!(v("fr/photo.jpg", "webp"), "media/fr/photo-480.webp");
        assert_eq!(v("fr/photo.png", "png"), "media/fr/photo-480.png");
        assert_eq!(v("fr/photo.png", "webp"), "media/fr/photo-png-480.webp");
        assert_eq!(v("fr/photo.webp", "webp"), "media/fr/photo-webp-480.webp");
        assert_eq!(v("fr/photo.webp", "jpg"), "media/fr/photo-webp-480.jpg");
        assert_eq!(v("fr.x/photo", "jpg"), "media/fr.x/photo-480.jpg");
        // Each original's variants (a JPEG's social card is a JPEG, a
        // PNG's a PNG, a WebP's a JPEG): no two alike.
        let made = [
            ("photo.jpg", ["jpg", "webp"]),
            ("photo.png", ["png", "webp"]),
            ("photo.webp", ["webp", "jpg"]),
        ];
        let all: HashSet<String> = made
            .iter()
            .flat_map(|(s, exts)| exts.map(|e| v(s, e)))
            .collect();
        assert_eq!(all.len(), 6);
        assert_eq!(Urls::media_file("fr/doc.pdf", None), "media/fr/doc.pdf");
    }

    #[test]
    fn pretty_urls_become_index_files() {
        assert_eq!(output_file("/fr/2025/01/x/"), "fr/2025/01/x/index.html");
        assert_eq!(output_file("/fr/x"), "fr/x/index.html");
        assert_eq!(output_file("/fr/x.html"), "fr/x.html");
        assert_eq!(output_file("/"), "index.html");
    }

    #[test]
    fn site_urls_carry_the_base_path() {
        let b = base();
        let u = Urls::new(&b);
        assert_eq!(u.home("fr"), "/blog/fr/");
        assert_eq!(u.tag("en", "ai"), "/blog/en/tags/ai/");
        assert_eq!(u.feed("fr"), "/blog/fr/atom.xml");
        assert_eq!(u.listing_page("/blog/fr/", 1), "/blog/fr/");
        assert_eq!(u.listing_page("/blog/fr/", 3), "/blog/fr/page/3/");
        assert_eq!(u.absolute(&u.home("fr")), "https://example.org/blog/fr/");
        assert_eq!(u.output_file("/blog/fr/page/2/"), "fr/page/2/index.html");
    }

    #[test]
    fn permalinks_expand_every_placeholder() {
        let date = DateTime::parse_from_rfc3339("2025-01-09T10:00:00+01:00").unwrap();
        assert_eq!(
            permalink("/{lang}/{year}/{month}/{day}/{slug}/", "fr", &date, "x"),
            "/fr/2025/01/09/x/"
        );
    }

    /// Every URL the renderer writes is found again by the host's rule.
    #[test]
    fn what_is_written_is_what_is_served() {
        let b = base();
        let u = Urls::new(&b);
        let urls = [
            u.home("fr"),
            u.listing_page(&u.tag("fr", "ia"), 2),
            u.feed("en"),
            u.url("fr/2025/x"),
            u.url("sitemap.xml"),
        ];
        let files: HashSet<String> = urls.iter().map(|x| u.output_file(x)).collect();
        for url in &urls {
            let Place::Site(Some(path)) = u.target(url, "").unwrap().path else {
                panic!("{url}")
            };
            let found = find(&path, |f| files.contains(f)).expect(url);
            assert_eq!(found.file(), u.output_file(url), "{url}");
        }
        assert_eq!(
            find("fr/2025/x", |f| files.contains(f)),
            Some(Found::Folder("fr/2025/x/index.html".into()))
        );
        assert_eq!(find("fr/missing/", |f| files.contains(f)), None);
    }

    #[test]
    fn link_targets_are_read_as_the_host_reads_them() {
        let b = base();
        let u = Urls::new(&b);
        let page = "fr/2025/01/x/index.html";
        let site = |p: &str| Place::Site(Some(p.to_string()));
        let at = |link: &str| u.target(link, page).unwrap().path;
        assert_eq!(u.target("https://other.org/x", page), None);
        assert_eq!(u.target("mailto:a@b.c", page), None);
        assert_eq!(u.target("tel:+33100000000", page), None);
        let t = u
            .target("https://example.org/blog/fr/%C3%A9t%C3%A9/#deux", page)
            .unwrap();
        assert_eq!(t.path, site("fr/été/"));
        assert_eq!(t.fragment.as_deref(), Some("deux"));
        assert_eq!(at("/blog/?q=1"), site(""));
        // Relative links are taken from the page's folder, as a browser does.
        assert_eq!(at("photo.png"), site("fr/2025/01/x/photo.png"));
        assert_eq!(at("images/raw.png"), site("fr/2025/01/x/images/raw.png"));
        assert_eq!(at("../../y/"), site("fr/2025/y/"));
        assert_eq!(at("./"), site("fr/2025/01/x/"));
        // Under a sub-path, the host's root is not the site's.
        assert_eq!(at("/img/x.svg"), Place::Outside);
        assert_eq!(at("../../../../../x/"), Place::Outside);
        assert_eq!(at("/blog/../../etc/passwd"), Place::Outside);
    }

    #[test]
    fn request_paths_map_to_site_paths() {
        assert_eq!(request_path("/").unwrap(), "");
        assert_eq!(request_path("/fr/a/").unwrap(), "fr/a/");
        assert_eq!(request_path("/style.css").unwrap(), "style.css");
        assert_eq!(request_path("/fr/%C3%A9t%C3%A9/").unwrap(), "fr/été/");
        assert_eq!(request_path("//fr/./a/").unwrap(), "fr/a/");
    }

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        for p in [
            "/../etc/passwd",
            "/fr/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/a%00.html",
            "/C:/Windows/win.ini",
            "etc/passwd",
        ] {
            assert!(request_path(p).is_err(), "{p}");
        }
        assert_eq!(request_path("/%ff"), Err(BadPath::Encoding));
    }
}

//! One address per language (`[languages.<code>] base_url`, Hugo's
//! multihost): which language's own root an output path is in, where a
//! language's pages and the shared files are written, and the URLs a page
//! shows on its own host. Kept beside the single-address rules of
//! [`Urls`], which call [`Urls::host`] for the one question they share.

use super::{Address, BaseUrl, Urls, has_scheme};

impl<'a> Urls<'a> {
    /// The same URLs with an address per language (Hugo's multihost). A
    /// language's pages are then absolute URLs on its address, written to
    /// its folder of the output (`fr/`); everything else (images, styles,
    /// static files, the search index) is linked root-relatively and
    /// copied into every such folder ([`Urls::placements`]), so each folder
    /// is a whole site for its host. A host whose path is a sub-path of the
    /// site's (`https://preview.example/fr/`, as the dev server and
    /// `--base-url` make them) stays in the one tree and gets no copies.
    pub fn with_hosts(self, hosts: &'a [Address]) -> Self {
        Urls { hosts, ..self }
    }

    /// A language's own address.
    pub(super) fn host(&self, lang: &str) -> Option<&'a BaseUrl> {
        self.hosts.iter().find(|(l, _)| l == lang).map(|(_, b)| b)
    }

    /// The languages whose address is a root of its own: each has its
    /// folder of the output, published to its host as a whole site.
    pub fn own_roots(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.hosts
            .iter()
            .filter(|(_, b)| b.path == self.base.path)
            .map(|(l, _)| l.as_str())
    }

    /// A path under the output folder split at a language's own root:
    /// (`fr`, `2025/x/`) for `fr/2025/x/`; `None` for a path outside every
    /// such folder (a shared file, or a site with one address).
    pub fn in_own_root<'f>(&self, path: &'f str) -> Option<(&'a str, &'f str)> {
        let (first, rest) = path.split_once('/')?;
        self.own_roots().find(|l| *l == first).map(|l| (l, rest))
    }

    /// The URL of `path` (from the root of `lang`'s edition, as permalink
    /// patterns and aliases are written): root-relative under the site's
    /// address, absolute on the language's own.
    pub fn in_edition(&self, lang: &str, path: &str) -> String {
        match self.host(lang) {
            Some(host) => [&host.origin, &host.path, path.trim_start_matches('/')].concat(),
            None => self.url(path),
        }
    }

    /// Where a file the site writes once is published: itself, or, when
    /// languages have their own roots, a copy in each root's folder (a
    /// file already in a language's folder stays there).
    pub fn placements(&self, file: &str) -> Vec<String> {
        let first = file.split('/').next().unwrap_or("");
        let mut roots = self.own_roots().peekable();
        if roots.peek().is_none() || self.hosts.iter().any(|(l, _)| l == first) {
            return vec![file.to_string()];
        }
        roots.map(|lang| format!("{lang}/{file}")).collect()
    }

    /// Where a reader lands who has no language yet (`x-default`): the
    /// site root (the picker, or the language kept there), or with
    /// languages on their own roots, the default language's home.
    pub fn front_door(&self, default_lang: &str) -> String {
        match self.own_roots().next() {
            Some(_) => self.home(default_lang),
            None => self.root().to_string(),
        }
    }

    /// A URL of this site as a path under the output folder: the path under
    /// the base path, or for a language's own address, under its folder
    /// (`https://exemple.fr/2025/x/` → `fr/2025/x/`). The published-URL
    /// record keeps these.
    pub fn site_path(&self, url: &str) -> String {
        match self.on_host(url) {
            Some((lang, rest)) => format!("{lang}/{rest}"),
            None => url
                .strip_prefix(self.base.path.as_str())
                .unwrap_or(url)
                .to_string(),
        }
    }

    /// The URL of a path under the output folder (the inverse of
    /// [`Urls::site_path`]): root-relative, or absolute on the address of
    /// the language whose own root holds it. `[redirects]` and the record
    /// of published URLs are written in these paths.
    pub fn from_site_path(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        match self.in_own_root(path) {
            Some((lang, rest)) => self.in_edition(lang, rest),
            None => self.url(path),
        }
    }

    /// [`Urls::from_site_path`], absolute.
    pub fn permalink_of(&self, path: &str) -> String {
        self.absolute(&self.from_site_path(path))
    }

    /// An output file's path from the root of the host it is published on:
    /// a language's own root drops its folder (`fr/2025/x/index.html` →
    /// `2025/x/index.html`); for the search index, whose result URLs are
    /// read on that host.
    pub fn on_its_root<'f>(&self, file: &'f str) -> &'f str {
        self.in_own_root(file).map_or(file, |(_, rest)| rest)
    }

    /// The language and the path under its address of an absolute URL on
    /// one of the languages' own addresses.
    pub(super) fn on_host<'u>(&self, url: &'u str) -> Option<(&'a str, &'u str)> {
        self.hosts.iter().find_map(|(lang, host)| {
            let rest = url.strip_prefix(host.origin.as_str())?;
            Some((lang.as_str(), rest.strip_prefix(host.path.as_str())?))
        })
    }

    /// The absolute form of a root-relative URL as a page of `lang` shows
    /// it: on the language's own address when it has one (a shared image
    /// is copied there), else on the site's.
    pub fn absolute_in(&self, lang: &str, url: &str) -> String {
        match self.host(lang) {
            Some(host) if !has_scheme(url) && host.path == self.base.path => {
                format!("{}{url}", host.origin)
            }
            _ => self.absolute(url),
        }
    }
}

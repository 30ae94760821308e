//! Redirects from the paths an article used to have (`aliases:`) and from
//! those `[redirects]` names in `site.toml`: a small HTML page at each old
//! path, sending readers and crawlers to the article
//! (`<meta http-equiv="refresh">`, a canonical link, `noindex`), and the
//! same list as a `_redirects` file, which Netlify and Cloudflare Pages turn
//! into real HTTP 301s (forced on Netlify, where the page at the alias would
//! otherwise win: see [`crate::config::Host`]). Never in the sitemap: they
//! are not pages.

use super::Renderer;
use super::views::{Redirect, RedirectView, RedirectsView};
use crate::config::RedirectTarget;
use crate::ids::PageId;

impl<'a> Renderer<'a> {
    /// The page at alias `n` of page `id`.
    pub(super) fn redirect(&self, id: PageId, n: usize) -> RedirectView<'a> {
        let page = self.site.page(id);
        RedirectView {
            lang: &page.article.lang,
            title: &page.body.title,
            url: page.url.clone(),
            permalink: self.urls.absolute(&page.url),
            from: self.urls.url(&page.article.front.aliases[n]),
        }
    }

    /// The page at old path `n` of `[redirects]`, in the default language.
    pub(super) fn site_redirect(&self, n: usize) -> RedirectView<'a> {
        let redirect = &self.site.config.redirects[n];
        let (url, permalink) = self.redirect_target(&redirect.to);
        RedirectView {
            lang: &self.site.config.default_language().code,
            title: &self.site.config.default_language().title,
            url,
            permalink,
            from: self.urls.url(&redirect.from),
        }
    }

    /// Where a `[redirects]` target leads: (the link, the canonical URL).
    fn redirect_target(&self, to: &RedirectTarget) -> (String, String) {
        match to {
            RedirectTarget::Site(path) => {
                let url = self.urls.from_site_path(path);
                (url.clone(), self.urls.absolute(&url))
            }
            RedirectTarget::Elsewhere(url) => (url.clone(), url.clone()),
        }
    }

    /// Every alias of every published page, in page order, then the
    /// `[redirects]` of `site.toml`.
    /// `_redirects` for `root`'s host: from paths on that host.
    pub(super) fn redirects(&self, root: super::plan::Root) -> RedirectsView {
        let redirects = self
            .site
            .pages
            .iter()
            .filter(|page| super::plan::on_root(root, &page.article.lang))
            .flat_map(|page| {
                page.article.front.aliases.iter().map(|alias| Redirect {
                    from: match root {
                        Some(_) => self.urls.url(alias),
                        None => {
                            let url = self.urls.in_edition(&page.article.lang, alias);
                            let origin = &self.site.config.base_url.origin;
                            url.strip_prefix(origin.as_str())
                                .unwrap_or(&url)
                                .to_string()
                        }
                    },
                    to: page.url.clone(),
                })
            })
            .chain(self.site.config.redirects.iter().filter_map(|r| {
                // On a language's own root: its folder's old paths, and
                // those every root shares.
                let from = match root {
                    None => r.from.as_str(),
                    Some(lang) => match self.urls.in_own_root(&r.from) {
                        Some((owner, rest)) if owner == lang.code => rest,
                        Some(_) => return None,
                        None => r.from.as_str(),
                    },
                };
                Some(Redirect {
                    from: self.urls.url(from),
                    to: self.redirect_target(&r.to).0,
                })
            }))
            .collect();
        RedirectsView {
            redirects,
            status: self.site.config.host.redirect_status(),
        }
    }
}

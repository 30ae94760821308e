//! Redirects from the paths an article used to have (`aliases:`): a small
//! HTML page at each old path, sending readers and crawlers to the article
//! (`<meta http-equiv="refresh">`, a canonical link, `noindex`), and the
//! same list as a `_redirects` file, which Netlify and Cloudflare Pages turn
//! into real HTTP 301s (forced on Netlify, where the page at the alias would
//! otherwise win: see [`crate::config::Host`]). Never in the sitemap: they
//! are not pages.

use super::Renderer;
use super::views::{Redirect, RedirectView, RedirectsView};
use crate::ids::PageId;

impl<'a> Renderer<'a> {
    /// The page at alias `n` of page `id`.
    pub(super) fn redirect(&self, id: PageId, n: usize) -> RedirectView<'a> {
        let page = self.site.page(id);
        RedirectView {
            lang: &page.article.lang,
            title: &page.body.title,
            url: &page.url,
            permalink: self.urls.absolute(&page.url),
            from: self.urls.url(&page.article.front.aliases[n]),
        }
    }

    /// Every alias of every published page, in page order.
    pub(super) fn redirects(&self) -> RedirectsView {
        let redirects = self
            .site
            .pages
            .iter()
            .flat_map(|page| {
                page.article.front.aliases.iter().map(|alias| Redirect {
                    from: self.urls.url(alias),
                    to: page.url.clone(),
                })
            })
            .collect();
        RedirectsView {
            redirects,
            status: self.site.config.host.redirect_status(),
        }
    }
}

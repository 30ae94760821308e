//! The site's structure, computed once from the [`Sources`] before any
//! page is made: which articles are published now (the one rule,
//! [`crate::schedule`], asked once per article), their URLs, their order
//! (newest first), their translation groups, and each language's menu
//! resolved against those URLs. Pages, listings and links are made from it;
//! nothing downstream decides publication or a URL again.
//!
//! The dev server keeps a structure while every article's [`Placement`]
//! and publication are unchanged ([`Structure::fits`]): an edit of the text
//! alone reuses it.

mod menus;
mod placement;
#[cfg(test)]
mod tests;

pub use menus::{Menu, MenuLink};
pub use placement::{Pairing, Placement};

use crate::config::SiteConfig;
use crate::content::{Article, translations::TranslationGroups};
use crate::diagnostic::Checked;
use crate::ids::{ArticleId, PageId};
use crate::links::{self, UrlMap};
use crate::schedule::Held;
use crate::sources::Sources;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How the articles fit together: publication, URLs, order and
/// translation groups.
#[derive(Debug)]
pub struct Structure {
    /// Unique to this structure.
    pub id: u64,
    /// For each article (by [`ArticleId`]), why it is left out of the
    /// build, or `None` when it is published.
    pub held: Vec<Option<Held>>,
    /// Each article's other versions.
    pub groups: TranslationGroups,
    /// Where each article is published.
    pub urls: UrlMap,
    /// Published articles, newest first: the article behind each [`PageId`].
    pub order: Vec<ArticleId>,
    /// For each article, its page (`None` for those left out).
    pub position: Vec<Option<PageId>>,
}

impl Structure {
    /// The structure of `sources`; two articles on one URL are errors,
    /// all reported.
    pub fn of(sources: &Sources) -> Checked<Self> {
        let articles = &sources.articles;
        let held = publication(sources);
        let urls = links::url_map(&sources.config, articles, &held, sources.unreadable.clone())?;
        let order = newest_first(articles, &held);
        let mut position = vec![None; articles.len()];
        for (pos, &id) in order.iter().enumerate() {
            position[id.0] = Some(PageId(pos));
        }
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Ok(Structure {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            held,
            groups: sources.groups.clone(),
            urls,
            order,
            position,
        })
    }

    /// Whether this structure, made from `articles`, is still that of
    /// `sources`: the same articles, each at the same place and published
    /// the same way.
    pub fn fits(&self, articles: &[Arc<Article>], sources: &Sources) -> bool {
        articles.len() == sources.articles.len()
            && self.held == publication(sources)
            && articles
                .iter()
                .zip(&sources.articles)
                .all(|(a, b)| Placement::same(a, b))
    }

    /// Whether article `id` is published.
    pub fn published(&self, id: ArticleId) -> bool {
        self.position[id.0].is_some()
    }

    /// The published translations of article `id` (its other versions), in
    /// the site's language order.
    pub fn translations(
        &self,
        config: &SiteConfig,
        articles: &[Arc<Article>],
        id: ArticleId,
    ) -> Vec<PageId> {
        let rank = |a: &ArticleId| config.language_rank(&articles[a.0].lang);
        let mut members: Vec<ArticleId> = self
            .groups
            .of(id)
            .iter()
            .copied()
            .filter(|&a| self.published(a))
            .collect();
        members.sort_by_key(rank);
        members.iter().filter_map(|a| self.position[a.0]).collect()
    }

    /// Each language's menu, its entries resolved against these URLs.
    pub fn menus(&self, config: &SiteConfig) -> Checked<crate::ids::PerLang<Menu>> {
        menus::menus(config, &self.urls)
    }
}

/// Why each article of `sources` is left out, if it is: asked once.
fn publication(sources: &Sources) -> Vec<Option<Held>> {
    let publishing = &sources.publishing;
    sources
        .articles
        .iter()
        .map(|a| publishing.held(&a.front))
        .collect()
}

/// Published articles, newest first (ties broken by source path).
fn newest_first(articles: &[Arc<Article>], held: &[Option<Held>]) -> Vec<ArticleId> {
    let mut order: Vec<usize> = (0..articles.len()).filter(|&i| held[i].is_none()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.source.cmp(&b.source))
    });
    order.into_iter().map(ArticleId).collect()
}

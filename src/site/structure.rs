//! The site's structure: which articles are published, their URLs, their
//! order (newest first) and their translation groups, computed once and
//! reused by the dev server while no article moves ([`same_place`]).

use super::*;

/// How the articles fit together: translation groups, URLs and order. It
/// depends only on what [`same_place`] compares, so a model whose articles
/// changed only in their text reuses its predecessor's.
#[derive(Debug)]
pub(super) struct Structure {
    /// Unique to this structure.
    pub(super) id: u64,
    /// For each article, whether it is published now.
    pub(super) keep: Vec<bool>,
    pub(super) groups: TranslationGroups,
    pub(super) urls: UrlMap,
    /// Published articles, newest first: the article behind each [`PageId`].
    pub(super) order: Vec<ArticleId>,
    /// For each article, its page (`None` for drafts left out).
    pub(super) position: Vec<Option<PageId>>,
}

impl Structure {
    pub(super) fn new(
        config: &SiteConfig,
        articles: &[Arc<Article>],
        groups: TranslationGroups,
        unreadable: HashSet<String>,
        keep: Vec<bool>,
        publishing: &Publishing,
    ) -> Checked<Self> {
        let urls = links::url_map(config, articles, publishing, unreadable)?;
        let order = newest_first(articles, &keep);
        let mut position = vec![None; articles.len()];
        for (pos, &id) in order.iter().enumerate() {
            position[id.0] = Some(PageId(pos));
        }
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Ok(Structure {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            keep,
            groups,
            urls,
            order,
            position,
        })
    }

    /// The published translations of article `id`, in language order.
    pub(super) fn translations(
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
            .filter(|a| self.position[a.0].is_some())
            .collect();
        members.sort_by_key(rank);
        members.iter().filter_map(|a| self.position[a.0]).collect()
    }
}

/// Whether two readings of an article sit at the same place in the site:
/// same file, language, URL, dates, draft state, translations and tags.
pub(super) fn same_place(a: &Article, b: &Article) -> bool {
    a.id == b.id
        || (a.source == b.source
            && a.lang == b.lang
            && a.slug == b.slug
            && a.front.date == b.front.date
            && a.front.updated == b.front.updated
            && a.front.expires == b.front.expires
            && a.front.aliases == b.front.aliases
            && a.front.draft == b.front.draft
            && a.front.translations == b.front.translations
            && a.front.tags == b.front.tags
            && a.front.section == b.front.section
            && a.front.author == b.front.author)
}

/// Published articles, newest first.
pub(super) fn newest_first(articles: &[Arc<Article>], keep: &[bool]) -> Vec<ArticleId> {
    let mut order: Vec<usize> = (0..articles.len()).filter(|&i| keep[i]).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.source.cmp(&b.source))
    });
    order.into_iter().map(ArticleId).collect()
}

//! The site's structure: which articles are published, their URLs, their
//! order (newest first) and their translation groups, computed once and
//! reused by the dev server while no article moves (see [`super::placement`]).

use super::*;

/// How the articles fit together: translation groups, URLs and order. It
/// depends only on the articles' [`Placement`]s, so a model whose articles
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

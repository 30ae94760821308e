//! The site model: every published article with its URL, translations and
//! HTML, plus per-language listings and tags. Built once, read-only after,
//! so rendering can run in parallel without locks.

use crate::config::SiteConfig;
use crate::content::{Article, translations};
use crate::diagnostic::Diagnostic;
use crate::links::{self, UrlMap};
use crate::markdown::{self, Resolved};
use crate::typography::{self, Typography};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a page is made of that depends on its article alone (and the URLs it
/// links to): the rendered body, title, summary and tags. Shared between
/// successive site models while neither changes (the dev server's cache).
#[derive(Debug)]
pub struct Body {
    /// The body's HTML.
    pub html: String,
    /// The title, with the language's typography applied.
    pub title: String,
    /// Plain-text summary: `summary:` or the first paragraph.
    pub summary: String,
    /// Tags as (display name, slug).
    pub tags: Vec<(String, String)>,
    /// Heading ids in the body, for anchor checks.
    pub heading_ids: Vec<String>,
    /// Unique to this rendering, so renders of unchanged pages can be skipped.
    pub id: u64,
    /// The [`Article::id`] it was made from.
    article_id: u64,
    typography: Typography,
    /// Every link destination and what it resolved to.
    links: Vec<(String, Resolved)>,
}

impl Body {
    /// Whether this is still what rendering `article` against `urls` gives.
    fn is_current(&self, article: &Article, urls: &UrlMap, typography: Typography) -> bool {
        self.article_id == article.id
            && self.typography == typography
            && self
                .links
                .iter()
                .all(|(dest, was)| urls.resolve(article, dest) == *was)
    }
}

/// One published article, ready to render.
#[derive(Debug)]
pub struct Page {
    /// The parsed source.
    pub article: Arc<Article>,
    /// Root-relative URL, base path included: `/blog/fr/2025/01/x/`.
    pub url: String,
    /// File under the output folder: `fr/2025/01/x/index.html`.
    pub output_file: String,
    /// Indices (into [`Site::pages`]) of published translations, in the
    /// site's language order.
    pub translations: Vec<usize>,
    /// Body, title, summary and tags.
    pub body: Arc<Body>,
    /// True when this is a translation whose original changed since.
    pub stale: bool,
}

/// A tag of one language and the pages that carry it.
#[derive(Debug)]
pub struct Tag {
    /// Name as the writers spelled it (the first spelling met, newest first).
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Pages, newest first.
    pub pages: Vec<usize>,
}

/// Everything of one language.
#[derive(Debug)]
pub struct Section {
    /// Language code.
    pub lang: String,
    /// Pages of this language, newest first.
    pub pages: Vec<usize>,
    /// Tags, sorted by slug.
    pub tags: Vec<Tag>,
}

/// The whole site, loaded and resolved.
#[derive(Debug)]
pub struct Site {
    /// The configuration it was built from.
    pub config: SiteConfig,
    /// Published articles, newest first (ties broken by source path).
    pub pages: Vec<Arc<Page>>,
    /// One section per language, in the config's order.
    pub sections: Arc<Vec<Section>>,
    /// Missing and stale translations, drafts included.
    pub status: crate::status::Status,
    /// The articles it was made from, in source order.
    articles: Vec<Arc<Article>>,
    structure: Arc<Structure>,
}

impl Site {
    /// Identifies how the articles fit together (translations, URLs, order
    /// and tags): two models with the same id have the same pages at the
    /// same places, differing at most in their text.
    pub fn structure_id(&self) -> u64 {
        self.structure.id
    }
}

/// How the articles fit together: translation groups, URLs and order. It
/// depends only on what [`same_place`] compares, so a model whose articles
/// changed only in their text reuses its predecessor's.
#[derive(Debug)]
struct Structure {
    /// Unique to this structure.
    id: u64,
    include_drafts: bool,
    groups: translations::TranslationGroups,
    urls: UrlMap,
    /// Indices of published articles, newest first.
    order: Vec<usize>,
    /// For each article, its index in `order` (`None` for drafts left out).
    position: Vec<Option<usize>>,
}

impl Structure {
    fn new(
        config: &SiteConfig,
        articles: &[Arc<Article>],
        include_drafts: bool,
    ) -> Result<Self, Vec<Diagnostic>> {
        let groups = translations::resolve(articles)?;
        let keep: Vec<bool> = articles
            .iter()
            .map(|a| include_drafts || !a.front.draft)
            .collect();
        let urls = url_map(config, articles, &keep)?;
        let order = newest_first(articles, &keep);
        let mut position = vec![None; articles.len()];
        for (pos, &i) in order.iter().enumerate() {
            position[i] = Some(pos);
        }
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Ok(Structure {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            include_drafts,
            groups,
            urls,
            order,
            position,
        })
    }
}

/// Whether two readings of an article sit at the same place in the site:
/// same file, language, URL, dates, draft state, translations and tags.
fn same_place(a: &Article, b: &Article) -> bool {
    a.id == b.id
        || (a.source == b.source
            && a.lang == b.lang
            && a.slug == b.slug
            && a.front.date == b.front.date
            && a.front.updated == b.front.updated
            && a.front.draft == b.front.draft
            && a.front.translations == b.front.translations
            && a.front.tags == b.front.tags)
}

/// Resolves translations, URLs and links of the site's articles and renders
/// their bodies. Every problem found is returned together. What `previous`
/// (a model of the same config) computed is reused where still current:
/// its structure when no article moved, and each unchanged article's body.
pub fn load(
    config: SiteConfig,
    articles: &mut [Arc<Article>],
    include_drafts: bool,
    previous: Option<&Site>,
) -> Result<Site, Vec<Diagnostic>> {
    let reusable = previous.filter(|p| {
        p.structure.include_drafts == include_drafts
            && p.articles.len() == articles.len()
            && p.articles
                .iter()
                .zip(articles.iter())
                .all(|(a, b)| same_place(a, b))
    });
    let structure = match reusable {
        Some(p) => p.structure.clone(),
        None => Arc::new(Structure::new(&config, articles, include_drafts)?),
    };
    let status = crate::status::compute(&config, articles, &structure.groups);
    let pages = match reusable {
        Some(p) => reuse_pages(&config, articles, &structure, &status, p)?,
        None => make_pages(&config, articles, &structure, &status, previous)?,
    };
    let sections = match reusable {
        Some(p) => p.sections.clone(),
        None => Arc::new(
            config
                .languages
                .iter()
                .map(|l| section(&l.code, &pages))
                .collect(),
        ),
    };
    Ok(Site {
        config,
        pages,
        sections,
        status,
        articles: articles.to_vec(),
        structure,
    })
}

/// [`make_pages`] for a model with `previous`'s structure: its pages sit at
/// the same indices, and those whose article and staleness are unchanged are
/// taken as they are.
fn reuse_pages(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    structure: &Structure,
    status: &crate::status::Status,
    previous: &Site,
) -> Result<Vec<Arc<Page>>, Vec<Diagnostic>> {
    let made: Vec<Made> = structure
        .order
        .par_iter()
        .zip(&previous.pages)
        .map(|(&i, old)| {
            let stale = status.is_stale(&articles[i].source);
            if Arc::ptr_eq(&old.article, &articles[i]) && old.stale == stale {
                return Ok(old.clone());
            }
            let translations =
                translation_positions(config, articles, &structure.groups[i], &structure.position);
            // Shared with the cache: the clone keeps the source from being released.
            let mut article = articles[i].clone();
            make_page(
                config,
                &structure.urls,
                &mut article,
                Some(old),
                translations,
                stale,
            )
        })
        .collect();
    collect_pages(made)
}

/// A page per published article, newest first, reusing `previous`'s pages
/// and bodies where they are still what this model would make. An article
/// held nowhere else (as in `gazette build`, not in the dev server's cache)
/// drops its Markdown once rendered: the HTML is all rendering needs, and
/// the sources of a large site are as big as its bodies.
fn make_pages(
    config: &SiteConfig,
    articles: &mut [Arc<Article>],
    structure: &Structure,
    status: &crate::status::Status,
    previous: Option<&Site>,
) -> Result<Vec<Arc<Page>>, Vec<Diagnostic>> {
    let old: HashMap<&str, &Arc<Page>> = previous
        .map(|s| {
            s.pages
                .iter()
                .map(|p| (p.article.source.as_str(), p))
                .collect()
        })
        .unwrap_or_default();
    let translations: Vec<Vec<usize>> = (0..articles.len())
        .into_par_iter()
        .map(|i| translation_positions(config, articles, &structure.groups[i], &structure.position))
        .collect();
    let mut made: Vec<(usize, Made)> = articles
        .par_iter_mut()
        .zip(translations)
        .enumerate()
        .filter_map(|(i, (article, translations))| {
            let pos = structure.position[i]?;
            let stale = status.is_stale(&article.source);
            let old = old.get(article.source.as_str()).copied();
            let page = make_page(config, &structure.urls, article, old, translations, stale);
            Some((pos, page))
        })
        .collect();
    made.sort_by_key(|(pos, _)| *pos);
    collect_pages(made.into_iter().map(|(_, p)| p).collect())
}

/// A page, or the problems of its article.
type Made = Result<Arc<Page>, Vec<Diagnostic>>;

/// The pages, or every page's errors together.
fn collect_pages(made: Vec<Made>) -> Result<Vec<Arc<Page>>, Vec<Diagnostic>> {
    let mut pages = Vec::with_capacity(made.len());
    let mut errors = Vec::new();
    for r in made {
        match r {
            Ok(p) => pages.push(p),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

/// Indices of kept articles, newest first.
fn newest_first(articles: &[Arc<Article>], keep: &[bool]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..articles.len()).filter(|&i| keep[i]).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        b.front
            .date
            .cmp(&a.front.date)
            .then_with(|| a.source.cmp(&b.source))
    });
    order
}

fn translation_positions(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    group: &[usize],
    position: &[Option<usize>],
) -> Vec<usize> {
    let rank = |i: &usize| {
        config
            .languages
            .iter()
            .position(|l| l.code == articles[*i].lang)
    };
    let mut members: Vec<usize> = group
        .iter()
        .copied()
        .filter(|&i| position[i].is_some())
        .collect();
    members.sort_by_key(rank);
    members.iter().filter_map(|&i| position[i]).collect()
}

/// Computes every kept article's URL; two articles on one URL (or on URLs
/// that differ only by letter case, which case-insensitive hosts merge) is an
/// error naming both.
fn url_map(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    keep: &[bool],
) -> Result<UrlMap, Vec<Diagnostic>> {
    let base_path = config.base_url.path.clone();
    let mut by_source = HashMap::new();
    let mut seen: HashMap<String, &Arc<Article>> = HashMap::new();
    let mut errors = Vec::new();
    for (a, &kept) in articles.iter().zip(keep) {
        let path = links::article_path(config, a);
        let url = format!("{}{}", base_path, path.trim_start_matches('/'));
        if let Some(other) = kept.then(|| seen.insert(url.to_lowercase(), a)).flatten() {
            let how = if links::article_path(config, other) == path {
                "the same URL"
            } else {
                "URLs that differ only by letter case"
            };
            errors.push(Diagnostic::new(
                &a.path,
                format!(
                    "this article and {} have {how}: {url} (set a different `slug:`)",
                    other.path.display()
                ),
            ));
        }
        by_source.insert(a.source.clone(), kept.then_some(url));
    }
    if errors.is_empty() {
        Ok(UrlMap {
            by_source,
            base_path,
        })
    } else {
        Err(errors)
    }
}

fn make_page(
    config: &SiteConfig,
    urls: &UrlMap,
    article: &mut Arc<Article>,
    old: Option<&Arc<Page>>,
    translations: Vec<usize>,
    stale: bool,
) -> Result<Arc<Page>, Vec<Diagnostic>> {
    let typography = config
        .language(&article.lang)
        .map(|l| l.typography)
        .unwrap_or_default();
    let body = match old {
        Some(p) if p.body.is_current(article, urls, typography) => p.body.clone(),
        _ => Arc::new(make_body(article, urls, typography)?),
    };
    if let Some(only) = Arc::get_mut(article) {
        only.release_body();
    }
    let url = urls.by_source[&article.source]
        .clone()
        .expect("only kept articles are rendered");
    if let Some(p) = old.filter(|p| {
        Arc::ptr_eq(&p.body, &body)
            && p.url == url
            && p.stale == stale
            && p.translations == translations
    }) {
        return Ok(p.clone());
    }
    let output_file = links::output_file(url.strip_prefix(&config.base_url.path).unwrap_or(&url));
    Ok(Arc::new(Page {
        stale,
        body,
        url,
        output_file,
        translations,
        article: article.clone(),
    }))
}

/// Renders an article's Markdown and prepares its title, summary and tags;
/// broken links and unusable tags are errors on their lines, all reported.
fn make_body(
    article: &Article,
    urls: &UrlMap,
    typography: Typography,
) -> Result<Body, Vec<Diagnostic>> {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let links = std::cell::RefCell::new(Vec::new());
    let resolve = |dest: &str| {
        let resolved = urls.resolve(article, dest);
        links
            .borrow_mut()
            .push((dest.to_string(), resolved.clone()));
        resolved
    };
    let rendered = markdown::render(&article.body, &resolve, typography);
    let mut errors: Vec<Diagnostic> = rendered
        .broken_links
        .iter()
        .map(|(line, m)| {
            Diagnostic::at_line(&article.path, article.body_line + line - 1, m.clone())
        })
        .collect();
    let mut tags = Vec::new();
    for name in &article.front.tags {
        let slug = slug::slugify(name);
        if slug.is_empty() {
            let line = article.front.key_lines.get("tags").copied();
            errors.push(Diagnostic {
                path: article.path.clone(),
                line,
                message: format!("tag `{name}` has no letters or digits to make a URL from"),
            });
        } else if !tags.iter().any(|(_, s)| *s == slug) {
            tags.push((name.trim().to_string(), slug));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let summary = match &article.front.summary {
        Some(s) => typography::apply(typography, s, None),
        None => rendered.first_paragraph,
    };
    Ok(Body {
        html: rendered.html,
        title: typography::apply(typography, &article.front.title, None),
        summary,
        tags,
        heading_ids: rendered.heading_ids,
        id: NEXT.fetch_add(1, Ordering::Relaxed),
        article_id: article.id,
        typography,
        links: links.into_inner(),
    })
}

fn section(lang: &str, pages: &[Arc<Page>]) -> Section {
    let mine: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].article.lang == lang)
        .collect();
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for &i in &mine {
        for (name, slug) in &pages[i].body.tags {
            tags.entry(slug.clone())
                .or_insert_with(|| Tag {
                    name: name.clone(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                })
                .pages
                .push(i);
        }
    }
    Section {
        lang: lang.to_string(),
        pages: mine,
        tags: tags.into_values().collect(),
    }
}

//! The site model: every published article with its URL, translations and
//! HTML, plus per-language listings and tags. Built once, read-only after,
//! so rendering can run in parallel without locks.

use crate::config::SiteConfig;
use crate::content::{self, Article, translations};
use crate::diagnostic::Diagnostic;
use crate::links::{self, UrlMap};
use crate::markdown;
use crate::typography;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// One published article, ready to render.
#[derive(Debug)]
pub struct Page {
    /// The parsed source.
    pub article: Article,
    /// Root-relative URL, base path included: `/blog/fr/2025/01/x/`.
    pub url: String,
    /// File under the output folder: `fr/2025/01/x/index.html`.
    pub output_file: String,
    /// Indices (into [`Site::pages`]) of published translations, in the
    /// site's language order.
    pub translations: Vec<usize>,
    /// Body HTML.
    pub html: String,
    /// Plain-text summary: `summary:` or the first paragraph.
    pub summary: String,
    /// Tags as (display name, slug).
    pub tags: Vec<(String, String)>,
    /// Heading ids in the body, for anchor checks.
    pub heading_ids: Vec<String>,
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
    pub pages: Vec<Page>,
    /// One section per language, in the config's order.
    pub sections: Vec<Section>,
    /// Missing and stale translations, drafts included.
    pub status: crate::status::Status,
}

/// Loads the content and resolves translations, URLs and links. Every
/// problem found is returned together.
pub fn load(config: SiteConfig, include_drafts: bool) -> Result<Site, Vec<Diagnostic>> {
    let articles = content::load(&config)?;
    let groups = translations::resolve(&articles)?;
    let status = crate::status::compute(&config, &articles, &groups);
    let keep: Vec<bool> = articles
        .iter()
        .map(|a| include_drafts || !a.front.draft)
        .collect();
    let urls = url_map(&config, &articles, &keep)?;
    let order = newest_first(&articles, &keep);
    let position: HashMap<usize, usize> =
        order.iter().enumerate().map(|(pos, &i)| (i, pos)).collect();
    let rendered: Vec<Result<Page, Vec<Diagnostic>>> = order
        .par_iter()
        .map(|&i| {
            let translations = translation_positions(&config, &articles, &groups[i], &position);
            let stale = status.is_stale(&articles[i].source);
            make_page(&config, &urls, articles[i].clone(), translations, stale)
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok(p) => pages.push(p),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let sections = config
        .languages
        .iter()
        .map(|l| section(&l.code, &pages))
        .collect();
    Ok(Site {
        config,
        pages,
        sections,
        status,
    })
}

/// Indices of kept articles, newest first.
fn newest_first(articles: &[Article], keep: &[bool]) -> Vec<usize> {
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
    articles: &[Article],
    group: &[usize],
    position: &HashMap<usize, usize>,
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
        .filter(|i| position.contains_key(i))
        .collect();
    members.sort_by_key(rank);
    members.iter().map(|i| position[i]).collect()
}

/// Computes every kept article's URL; two articles on one URL (or on URLs
/// that differ only by letter case, which case-insensitive hosts merge) is an
/// error naming both.
fn url_map(
    config: &SiteConfig,
    articles: &[Article],
    keep: &[bool],
) -> Result<UrlMap, Vec<Diagnostic>> {
    let base_path = config.base_url.path.clone();
    let mut by_source = HashMap::new();
    let mut seen: HashMap<String, &Article> = HashMap::new();
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
    article: Article,
    translations: Vec<usize>,
    stale: bool,
) -> Result<Page, Vec<Diagnostic>> {
    let typography = config
        .language(&article.lang)
        .map(|l| l.typography)
        .unwrap_or_default();
    let rendered = markdown::render(
        &article.body,
        &|dest| urls.resolve(&article, dest),
        typography,
    );
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
    let url = urls.by_source[&article.source]
        .clone()
        .expect("only kept articles are rendered");
    let output_file = links::output_file(url.strip_prefix(&config.base_url.path).unwrap_or(&url));
    let mut article = article;
    article.front.title = typography::apply(typography, &article.front.title, None);
    let summary = match &article.front.summary {
        Some(s) => typography::apply(typography, s, None),
        None => rendered.first_paragraph,
    };
    Ok(Page {
        summary,
        stale,
        html: rendered.html,
        heading_ids: rendered.heading_ids,
        url,
        output_file,
        translations,
        tags,
        article,
    })
}

fn section(lang: &str, pages: &[Page]) -> Section {
    let mine: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].article.lang == lang)
        .collect();
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for &i in &mine {
        for (name, slug) in &pages[i].tags {
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

//! A page's body: what rendering one article gives on its own (HTML, title
//! and summary with the language's typography, tags with their slugs,
//! heading ids), and whether a body made earlier is still current, so the
//! dev server re-renders only the articles that changed.

use crate::content::Article;
use crate::content::front_matter::tag_slug;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::links::UrlMap;
use crate::markdown::{self, Resolved, Style};
use crate::typography;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a page is made of that depends on its article alone (and the URLs it
/// links to): the rendered body, title, summary and tags. Shared between
/// successive site models while neither changes (the dev server's cache).
#[derive(Debug)]
pub struct Body {
    /// The body's HTML.
    pub html: String,
    /// The title as plain text (entities decoded, markup dropped), with the
    /// language's typography: for `<title>`, meta tags and feeds.
    pub title: String,
    /// The title as HTML: inline Markdown and HTML rendered, for headings.
    pub title_html: String,
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
    style: Style,
    /// Every link destination and what it resolved to.
    links: Vec<(String, Resolved)>,
}

impl Body {
    /// Whether this is still what rendering `article` against `urls` gives.
    pub(super) fn is_current(&self, article: &Article, urls: &UrlMap, style: Style) -> bool {
        self.article_id == article.id
            && self.style == style
            && self
                .links
                .iter()
                .all(|(dest, was)| urls.resolve(article, dest) == *was)
    }
}

/// Renders an article's Markdown and prepares its title, summary and tags;
/// broken links and unusable tags are errors on their lines, all reported.
pub(super) fn make_body(
    article: &Article,
    urls: &UrlMap,
    style: Style,
) -> crate::diagnostic::Checked<Body> {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let links = std::cell::RefCell::new(Vec::new());
    let resolve = |dest: &str| {
        let resolved = urls.resolve(article, dest);
        links
            .borrow_mut()
            .push((dest.to_string(), resolved.clone()));
        resolved
    };
    let rendered = markdown::render(&article.body, &resolve, style);
    let mut errors = Diagnostics::new();
    errors.extend(rendered.broken_links.iter().map(|(line, m)| {
        Diagnostic::at_line(&article.path, article.body_line + line - 1, m.clone())
    }));
    // Tags were checked when the front matter was read: each has a slug.
    let mut tags: Vec<(String, String)> = Vec::new();
    for name in &article.front.tags {
        let slug = tag_slug(name);
        if !tags.iter().any(|(_, s)| *s == slug) {
            tags.push((name.trim().to_string(), slug));
        }
    }
    let summary = match &article.front.summary {
        Some(s) => typography::apply(style.typography, s, None),
        None => rendered.first_paragraph,
    };
    let (title_html, title) = markdown::render_inline(&article.front.title, style.typography);
    errors.finish(Body {
        html: rendered.html,
        title,
        title_html,
        summary,
        tags,
        heading_ids: rendered.heading_ids,
        id: NEXT.fetch_add(1, Ordering::Relaxed),
        article_id: article.id,
        style,
        links: links.into_inner(),
    })
}

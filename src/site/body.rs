//! A page's body: what rendering one article gives on its own (HTML, title
//! and summary with the language's typography, tags with their slugs),
//! and whether a body made earlier is still current, so the
//! dev server re-renders only the articles that changed.
//!
//! Where a body's HTML is kept is [`Bodies`]' one rule: in memory for the
//! dev server, in an anonymous temporary file for `build` and `check`,
//! whose memory would otherwise grow with every body of the site.

use super::lists::ArticleLists;
use crate::content::Article;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::images::Image;
use crate::links::Resolver;
use crate::markdown::{self, Resolved, Style};
use crate::shortcodes;
use crate::spool::{Spool, Spooled};
use crate::templates::Theme;
use crate::typography;
use crate::urls::tag_slug;
use std::borrow::Cow;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Renders an article's shortcodes with the theme's templates.
struct Shortcodes<'a> {
    theme: &'a Theme,
    resolve: &'a dyn Fn(&str) -> Resolved,
    style: Style,
    origin: &'a str,
    /// The calling article's language.
    lang: &'a str,
    /// Its language's articles (`articles` for the templates that read it).
    articles: Option<&'a (Arc<serde_json::Value>, u64)>,
    /// Set when a template read `articles`: the body then depends on them.
    read_articles: std::cell::Cell<bool>,
}

impl shortcodes::Renderer for Shortcodes<'_> {
    fn render(&self, name: &str, context: &shortcodes::Context) -> Option<Result<String, String>> {
        match self.articles {
            Some((list, _)) if self.theme.shortcode_reads(name, "articles") => {
                self.read_articles.set(true);
                let mut context = context.clone();
                context.insert("articles".into(), list.as_ref().clone());
                self.theme.render_shortcode(name, &context)
            }
            _ => self.theme.render_shortcode(name, context),
        }
    }

    fn reference(&self, path: &str, lang: Option<&str>, absolute: bool) -> Result<String, String> {
        let (file, fragment) = match path.find('#') {
            Some(i) => (&path[..i], &path[i..]),
            None => (path, ""),
        };
        let file = if file.ends_with(".md") {
            file.to_string()
        } else {
            format!("{file}.md")
        };
        if crate::urls::has_scheme(&file) || file.starts_with("//") {
            return Err(format!(
                "`{path}` is a URL: `ref` and `relref` take the path of an article"
            ));
        }
        // Hugo's order: with `lang=`, from that language's root; else from
        // the calling article, then from its language's root.
        let candidates = match lang {
            Some(lang) => vec![format!("/{lang}/{}", file.trim_start_matches('/'))],
            None if file.starts_with('/') => vec![file.clone()],
            None => vec![file.clone(), format!("/{}/{file}", self.lang)],
        };
        let mut first_error = None;
        for candidate in candidates {
            match (self.resolve)(&format!("{candidate}{fragment}")) {
                Resolved::Rewrite(url) if absolute => return Ok(format!("{}{url}", self.origin)),
                Resolved::Rewrite(url) => return Ok(url),
                Resolved::Broken(message) => {
                    first_error.get_or_insert(message);
                }
                // An article that failed to read, whose own error is
                // reported: not a second one here (as for a plain link).
                Resolved::Keep => return Ok(path.to_string()),
                Resolved::Asset(_) => {
                    first_error.get_or_insert(format!("`{path}` is not an article"));
                }
            }
        }
        Err(first_error.expect("at least one candidate"))
    }

    fn markdown(&self, text: &str) -> (String, Vec<String>) {
        let rendered = markdown::render(text, self.resolve, self.style);
        let broken = rendered.broken_links.into_iter().map(|(_, m)| m);
        (rendered.html, broken.collect())
    }

    fn html(&self, html: &str) -> (String, Vec<String>) {
        // Set like the article around it (the Markdown bodies inside were
        // already: the rules leave typeset text as it is).
        let (html, broken) = markdown::rewrite_html(html, self.resolve, self.style.typography);
        (html, broken.into_iter().map(|(_, m)| m).collect())
    }
}

/// What a page is made of that depends on its article alone (and the URLs it
/// links to): the rendered body, title, summary and tags. Shared between
/// successive site models while neither changes (the dev server's cache).
#[derive(Debug)]
pub struct Body {
    /// The body's HTML: [`Body::html`].
    html: Html,
    /// The title as plain text (entities decoded, markup dropped), with the
    /// language's typography: for `<title>`, meta tags and feeds.
    pub title: String,
    /// The title as HTML: inline Markdown and HTML rendered, for headings.
    pub title_html: String,
    /// Plain-text summary: `summary:` or the first paragraph.
    pub summary: String,
    /// Tags as (display name, slug).
    pub tags: Vec<(String, String)>,
    /// Unique to this rendering, so renders of unchanged pages can be skipped.
    pub id: u64,
    /// The [`Article::id`] it was made from.
    article_id: u64,
    style: Style,
    /// The fingerprint of the theme whose shortcodes the body used, if any.
    theme: Option<u64>,
    /// Every link destination and what it resolved to.
    links: Vec<(String, Resolved)>,
    /// The hash of the language's article list, when a shortcode read it.
    list: Option<u64>,
}

/// Where the bodies of a site model are kept once rendered.
#[derive(Clone)]
pub enum Bodies {
    /// In memory: the dev server, whose model lives on and renders a few
    /// bodies again on each save.
    Memory,
    /// In an anonymous temporary file ([`Spool`]): `gazette build` and
    /// `check` hold a site's bodies from the first rendered to the last
    /// page written, as much as its sources again (~170 MB at 10,000
    /// pairs); spooled, memory grows with what listings need, and each
    /// body is read back by the few pages that show it.
    Spooled(Arc<Spool>),
}

impl Bodies {
    /// Spooled, or in memory when no temporary file can be made (the
    /// build is not worse off than before for it).
    pub fn spooled() -> Bodies {
        Spool::new().map_or(Bodies::Memory, Bodies::Spooled)
    }

    /// `html` kept the way this store keeps bodies (in memory, should the
    /// temporary file refuse it: a full disk).
    fn keep(&self, html: String) -> Html {
        match self {
            Bodies::Spooled(spool) => match spool.put(html.as_bytes()) {
                Ok(spooled) => Html::Spooled(spooled),
                Err(_) => Html::Held(html),
            },
            Bodies::Memory => Html::Held(html),
        }
    }
}

/// A body's HTML where [`Bodies`] put it.
#[derive(Debug)]
enum Html {
    Held(String),
    Spooled(Spooled),
}

impl Body {
    /// The body's HTML (read back from the temporary file when spooled:
    /// an error there is the system's, reported by the page that needed it).
    pub fn html(&self) -> io::Result<Cow<'_, str>> {
        match &self.html {
            Html::Held(html) => Ok(Cow::Borrowed(html)),
            // Checked with SIMD and copied: std's check of every body
            // cost more than the copy.
            Html::Spooled(spooled) => simdutf8::basic::from_utf8(&spooled.read()?)
                .map(|html| Cow::Owned(html.to_owned()))
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)),
        }
    }

    /// Whether the theme this body's shortcodes were rendered with (if it
    /// used any) is still `theme`.
    pub(super) fn same_theme(&self, theme: Option<&Theme>) -> bool {
        self.theme
            .is_none_or(|t| theme.is_some_and(|now| now.fingerprint == t))
    }

    /// Whether this is still what rendering `article` against `links` gives
    /// (the articles it links to at the same URLs, its images unchanged).
    pub(super) fn is_current(
        &self,
        article: &Article,
        links: Resolver,
        lists: &ArticleLists,
        style: Style,
        theme: Option<&Theme>,
    ) -> bool {
        self.article_id == article.id
            && self.style == style
            && self.same_theme(theme)
            && self.same_lists(&article.lang, lists)
            && self
                .links
                .iter()
                .all(|(dest, was)| links.resolve(article, dest) == *was)
    }

    /// Whether the article list its shortcodes read, if they read one, is
    /// still `lists`' list of `lang`.
    pub(super) fn same_lists(&self, lang: &str, lists: &ArticleLists) -> bool {
        self.list
            .is_none_or(|hash| lists.get(lang).map(|(_, h)| *h) == Some(hash))
    }

    /// The files of `content/` the body shows or links to.
    pub fn assets(&self) -> impl Iterator<Item = &Arc<Image>> {
        self.links.iter().filter_map(|(_, r)| match r {
            Resolved::Asset(image) => Some(image),
            _ => None,
        })
    }
}

/// Renders an article's Markdown and prepares its title, summary and tags;
/// broken links and unusable tags are errors on their lines, all reported.
pub(super) fn make_body(
    article: &Article,
    resolver: Resolver,
    lists: &ArticleLists,
    style: Style,
    theme: Option<&Theme>,
    bodies: &Bodies,
) -> crate::diagnostic::Checked<Body> {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let markdown = article.body().map_err(|d| vec![d])?;
    let urls = resolver.urls;
    let links = std::cell::RefCell::new(Vec::new());
    let resolve = |dest: &str| {
        let resolved = resolver.resolve(article, dest);
        links
            .borrow_mut()
            .push((dest.to_string(), resolved.clone()));
        resolved
    };
    let mut errors = Diagnostics::new();
    let mut read_list = None;
    let page_url = urls
        .by_source
        .get(&article.source)
        .cloned()
        .flatten()
        .unwrap_or_default();
    // Without a theme (it failed to load, and says so) shortcodes cannot be
    // rendered: the body is rendered as written.
    let expanded = match theme {
        Some(theme) => {
            let renderer = Shortcodes {
                theme,
                resolve: &resolve,
                style,
                origin: urls.origin.as_str(),
                lang: &article.lang,
                articles: lists.get(&article.lang),
                read_articles: std::cell::Cell::new(false),
            };
            let expanded = shortcodes::expand(
                &markdown,
                &renderer,
                &article.lang,
                &page_url,
                &article.path,
                article.body_line,
            );
            if renderer.read_articles.get() {
                read_list = lists.get(&article.lang).map(|(_, hash)| *hash);
            }
            errors.take(expanded)
        }
        None => None,
    }
    .unwrap_or_else(|| shortcodes::Expanded::unexpanded(&markdown));
    let rendered = markdown::render(&expanded.markdown, &resolve, style);
    errors.extend(rendered.broken_links.iter().map(|(line, m)| {
        Diagnostic::at_line(&article.path, article.body_line + line - 1, m.clone())
    }));
    // Tags were checked when the front matter was read: each has a slug.
    let mut tags: Vec<(String, String)> = Vec::new();
    for name in &article.front.tags {
        let slug = tag_slug(name);
        if !tags.iter().any(|(_, s)| *s == slug) {
            tags.push((typography::apply(style.typography, name.trim(), None), slug));
        }
    }
    let summary = match &article.front.summary {
        Some(s) => typography::apply(style.typography, s, None),
        None => expanded.strip(&rendered.first_paragraph),
    };
    let (title_html, title) = markdown::render_inline(&article.front.title, style.typography);
    // Held by every page for the whole build: a `Vec` grown by `push`
    // keeps room for four (a one-link article's table took 224 bytes
    // rather than 56; ~25 MB in all at 50,000 pairs with the tags').
    let mut links = links.into_inner();
    links.shrink_to_fit();
    tags.shrink_to_fit();
    errors.finish(Body {
        html: bodies.keep(drop_cap(expanded.fill(rendered.html))),
        theme: expanded
            .used()
            .then(|| theme.map(|t| t.fingerprint))
            .flatten(),
        title,
        title_html,
        summary,
        tags,
        id: NEXT.fetch_add(1, Ordering::Relaxed),
        article_id: article.id,
        style,
        links,
        list: read_list,
    })
}

/// Characters of text a first paragraph needs for a drop cap: about three
/// lines at the theme's measure. A shorter one, or one starting with markup
/// (a link, emphasis, an image), would leave the big letter hanging.
const DROP_CAP_TEXT: usize = 200;

/// `html` with `class="drop-cap"` on its first element when that is a
/// paragraph starting with text and long enough for one (see
/// [`DROP_CAP_TEXT`]): the theme gives only such a paragraph a drop cap.
fn drop_cap(html: String) -> String {
    let Some(rest) = html.strip_prefix("<p>") else {
        return html;
    };
    let paragraph = rest.split("</p>").next().unwrap_or(rest);
    let starts_with_text = rest
        .chars()
        .next()
        .is_some_and(|c| c != '<' && !c.is_whitespace());
    let mut text = 0;
    let mut in_tag = false;
    for c in paragraph.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text += 1,
            _ => {}
        }
    }
    if starts_with_text && text >= DROP_CAP_TEXT {
        format!("<p class=\"drop-cap\">{rest}")
    } else {
        html
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_drop_cap_only_on_a_long_first_paragraph_starting_with_text() {
        let long = "mot ".repeat(60);
        assert!(super::drop_cap(format!("<p>{long}</p>")).starts_with("<p class=\"drop-cap\">"));
        let short = "<p>Court.</p><p>".to_string() + &long + "</p>";
        assert_eq!(super::drop_cap(short.clone()), short);
        let markup = format!("<p><em>Lien</em> {long}</p>");
        assert_eq!(super::drop_cap(markup.clone()), markup);
        let heading = format!("<h2>T</h2><p>{long}</p>");
        assert_eq!(super::drop_cap(heading.clone()), heading);
    }

    #[test]
    fn words_are_the_gaps_between_them() {
        assert_eq!(
            crate::content::word_count("L’IA, c’est *bien*\u{202f}: 3 mots-clés."),
            5
        );
        assert_eq!(crate::content::word_count("  Un\ndeux\ttrois \n"), 3);
        // Past the 64-byte blocks it is counted in, every gap a space.
        let long = "mot ".repeat(1_000);
        assert_eq!(crate::content::word_count(&long), 1_000);
        let spaced = " ".repeat(300);
        assert_eq!(crate::content::word_count(&format!("a{spaced}b")), 301);
    }
}

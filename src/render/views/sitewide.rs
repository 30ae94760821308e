//! The views of the files that are not one article's or one listing's
//! page: feeds, the site-wide pages (root picker, 404, robots.txt), the
//! sitemaps, the news sitemap and the redirects.

use super::*;

/// What `atom.xml` gets.
#[derive(Serialize)]
pub struct FeedView<'a> {
    /// The site.
    pub site: Shared<SiteView<'a>>,
    /// The feed's language code.
    pub lang: &'a str,
    /// UI strings of that language.
    pub t: Shared<Strings>,
    /// The feed's own absolute URL.
    pub feed_permalink: String,
    /// The section of a section's feed.
    pub section: Option<SectionLink<'a>>,
    /// The author of an author's feed.
    pub author: Option<AuthorView<'a>>,
    /// The language's home page (absolute).
    pub home_permalink: String,
    /// RFC 3339 date of the latest change among the entries.
    pub updated: String,
    /// The latest articles, newest first.
    pub entries: Vec<PageView<'a>>,
}

/// What the site-wide files get: `root.html` (the root `index.html`),
/// `404.html` and `robots.txt`, all in the default language.
#[derive(Serialize)]
pub struct SiteWideView<'a> {
    /// The site.
    pub site: Shared<SiteView<'a>>,
    /// The default language's code.
    pub lang: &'a str,
    /// Its UI strings.
    pub t: Shared<Strings>,
    /// The default language's home (absolute).
    pub canonical: String,
    /// Every language's home, then `x-default` (the root).
    pub alternates: Vec<Link>,
    /// Language code → home URL, as JSON safe inside `<script>`.
    pub homes_json: String,
    /// The default language's code, as JSON safe inside `<script>`.
    pub default_json: String,
    /// The stylesheet (root-relative).
    pub css_url: String,
    /// The site's icon (root-relative).
    pub favicon_url: String,
    /// Each language's latest articles (for the 404 page).
    pub latest: Vec<EditionView<'a>>,
    /// The sitemap (absolute).
    pub sitemap_permalink: String,
    /// The Google News sitemap (absolute), unless `news_sitemap = false`.
    pub news_sitemap_permalink: Option<String>,
    /// The default language's home (root-relative), for the navigation.
    pub home_url: String,
    /// The default language's tag index (root-relative).
    pub tags_url: String,
    /// The default language's Atom feed (absolute).
    pub feed_permalink: String,
    /// The default language's sections, as on its pages' masthead.
    pub section_menu: Vec<MenuLink<'a>>,
    /// The default language's menu.
    pub menu: Vec<MenuLink<'a>>,
    /// HTML to put before `</body>` (the dev server's reload script).
    pub inject: &'a str,
}

/// A language's latest articles.
#[derive(Serialize)]
pub struct EditionView<'a> {
    /// Language code.
    pub lang: &'a str,
    /// Its latest articles, newest first.
    pub articles: Vec<PageView<'a>>,
}

/// One URL of the sitemap, with its language versions.
#[derive(Serialize)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub loc: String,
    /// `YYYY-MM-DD` of the last change, for articles.
    pub lastmod: Option<String>,
    /// `hreflang` alternates, `x-default` last: the same list for every
    /// version of a page, so made once and shared by their entries (half
    /// of a bilingual sitemap's template values, which are its build's
    /// peak of memory).
    pub alternates: Shared<Vec<Link>>,
}

/// What `sitemap.xml` (or one part of a split sitemap) gets.
#[derive(Serialize)]
pub struct SitemapView {
    /// The URLs of this file.
    pub entries: Vec<SitemapEntry>,
}

/// What `redirect.html` gets: the page at an old path of an article
/// (`aliases:`), sending readers to it.
#[derive(Serialize)]
pub struct RedirectView<'a> {
    /// The article's language.
    pub lang: &'a str,
    /// Its title (plain text).
    pub title: &'a str,
    /// Where it is now (root-relative; absolute for another site).
    pub url: String,
    /// Where it is now (absolute), for the canonical link.
    pub permalink: String,
    /// The old path this page stands at (root-relative).
    pub from: String,
}

/// One old path and where it leads now: root-relative, or another site's URL.
#[derive(Serialize)]
pub struct Redirect {
    /// The old path.
    pub from: String,
    /// The article's URL.
    pub to: String,
}

/// What `redirects.txt` gets, written as `_redirects` (the format Netlify
/// and Cloudflare Pages read): every alias of the site.
#[derive(Serialize)]
pub struct RedirectsView {
    /// Every alias, in page order.
    pub redirects: Vec<Redirect>,
    /// The status each rule carries on the site's `host`: `301`, or `301!`
    /// on Netlify, where a rule must be forced to win over the redirect page.
    pub status: &'static str,
}

/// What `news-sitemap.xml` gets: the articles of the last two days, for
/// Google News.
#[derive(Serialize)]
pub struct NewsSitemapView<'a> {
    /// Newest first, at most 1,000.
    pub entries: Vec<NewsEntry<'a>>,
}

/// One article in the news sitemap.
#[derive(Serialize)]
pub struct NewsEntry<'a> {
    /// Its absolute URL.
    pub loc: String,
    /// The publication's name in the article's language (its site title).
    pub publication: &'a str,
    /// The article's language as Google News wants it (ISO 639: `fr`,
    /// `en`; `zh-cn`, `zh-tw`).
    pub language: String,
    /// Its publication date (RFC 3339).
    pub publication_date: String,
    /// Its title, plain text.
    pub title: &'a str,
}

/// What `sitemap_index.xml` gets, for a sitemap split into parts.
#[derive(Serialize)]
pub struct SitemapIndexView {
    /// Absolute URL of each part.
    pub sitemaps: Vec<String>,
}

//! Typed views: every value a template receives, as Rust structs. This is
//! the theme contract: `docs/templates.md` documents each field per
//! template, and a test checks that document against what these structs
//! serialize to, so neither can drift.
//!
//! The parts several views share (the site, a page, language alternates,
//! the switch) are built once, in [`super::parts`].

use crate::dates::DateView;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

mod sitewide;
pub use sitewide::*;

/// A part of the views that every page of a language shows the same (the
/// site, with every language's UI strings; the page language's strings),
/// made into the template engine's value once per language and handed to
/// each page as it is (Tera takes a value inside a view without copying
/// it). Serializing ~225 strings again for each of 25,000 pages was the
/// largest part of making their views. Templates see the `T` it was made
/// from.
pub struct Shared<T> {
    value: tera::Value,
    made_from: std::marker::PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    pub fn new(view: &T) -> Self {
        Shared {
            value: tera::Value::from_serializable(view),
            made_from: std::marker::PhantomData,
        }
    }
}

impl<T> Clone for Shared<T> {
    /// Cheap: the value's maps and lists are shared, not copied.
    fn clone(&self) -> Self {
        Shared {
            value: self.value.clone(),
            made_from: std::marker::PhantomData,
        }
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A language's UI strings, by key.
pub type Strings = BTreeMap<String, String>;

/// The site as every template sees it, in the page's language.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// The site's title in this language.
    pub title: &'a str,
    /// Its description in this language.
    pub description: &'a str,
    /// Absolute URL of the site root: `https://example.org/blog/`.
    pub base_url: String,
    /// The root's path: `/blog/`.
    pub base_path: &'a str,
    /// Code of the default language.
    pub default_language: &'a str,
    /// The colour browsers give their interface around the site (`theme_color`).
    pub theme_color: &'a str,
    /// The theme's stylesheets and scripts: file name under `static/`
    /// (`style.css`) → root-relative URL, under the name `gazette build`
    /// publishes it (`/style.3f9a0c12de.css`, renamed after its content so
    /// hosts may cache it for good; the plain name in `gazette serve`).
    pub assets: BTreeMap<&'a str, String>,
    /// Every language, the default first.
    pub languages: Vec<LanguageView<'a>>,
}

/// One language of the site.
#[derive(Serialize)]
pub struct LanguageView<'a> {
    /// `fr`.
    pub code: &'a str,
    /// Its own name: `Français`.
    pub name: &'a str,
    /// The site's title in it.
    pub title: &'a str,
    /// Its home page (root-relative).
    pub home_url: String,
    /// Its UI strings.
    pub t: &'a BTreeMap<String, String>,
}

/// A link to a language version of a page (`hreflang` alternates).
#[derive(Serialize)]
pub struct Link {
    /// Language code, or `x-default`.
    pub hreflang: String,
    /// Absolute URL.
    pub href: String,
}

/// One entry of the language switch.
#[derive(Serialize)]
pub struct SwitchLink<'a> {
    /// Language code.
    pub code: &'a str,
    /// The language's own name.
    pub name: &'a str,
    /// Where the entry leads (root-relative).
    pub url: String,
    /// Its label, in that language ("Read in English", "English edition").
    pub label: &'a str,
    /// True when it leads to a translation of this very page.
    pub translated: bool,
    /// The entry of the page's own language.
    pub current: bool,
}

/// One entry of a language's menu.
#[derive(Serialize)]
pub struct MenuLink<'a> {
    /// The label.
    pub name: &'a str,
    /// Where it leads (root-relative, or absolute for another site).
    pub url: &'a str,
    /// True on the page it leads to.
    pub current: bool,
}

/// An author declared in `site.toml`, in a page's language.
#[derive(Serialize)]
pub struct AuthorView<'a> {
    /// The name.
    pub name: &'a str,
    /// The label above the name, in this language, per the author's
    /// `gender` (« Autrice », « Auteur », or the neutral « Signature »).
    pub label: &'a str,
    /// The author's page in this language (root-relative).
    pub url: String,
    /// The biography in this language (empty when none).
    pub bio: &'a str,
    /// The portrait (`photo` in `[authors.<id>]`), alt text the name.
    pub photo: Option<ImageView<'a>>,
}

/// A byline: a name, linked to the author's page for a declared author.
#[derive(Serialize)]
pub struct Byline<'a> {
    /// The name shown.
    pub name: &'a str,
    /// The author's page in the page's language; none for free text.
    pub url: Option<String>,
    /// The same, absolute (for `article:author`).
    pub permalink: Option<String>,
}

/// A section (« rubrique ») with where its listing is.
#[derive(Serialize)]
pub struct SectionLink<'a> {
    /// Its name in the page's language.
    pub name: &'a str,
    /// Its listing (root-relative).
    pub url: String,
}

/// A tag with where its listing is.
#[derive(Serialize)]
pub struct TagLink<'a> {
    /// As the writers spelled it.
    pub name: &'a str,
    /// Its listing (root-relative).
    pub url: String,
    /// How many articles of this language carry it.
    pub count: usize,
}

/// One article, as a page, a listing card or a feed entry.
#[derive(Serialize)]
pub struct PageView<'a> {
    /// Title as plain text (entities decoded, markup dropped), with the
    /// language's typography: for `<title>`, meta tags and feeds.
    pub title: &'a str,
    /// Title as HTML (inline Markdown and HTML rendered): for headings.
    pub title_html: &'a str,
    /// Root-relative URL.
    pub url: &'a str,
    /// Absolute URL.
    pub permalink: String,
    /// Language code.
    pub lang: &'a str,
    /// That language's own name (`Français`): for a listing's « only in »
    /// mark on an article of another language.
    pub lang_name: &'a str,
    /// Publication date; `None` for a page (« À propos »), which has none.
    pub date: Option<DateView>,
    /// Date of the last significant change, if any.
    pub updated: Option<DateView>,
    /// The bylines' names joined with commas, if any (plain text, for
    /// feeds and meta tags).
    pub author: Option<String>,
    /// Each byline, linked when it is a declared author.
    pub authors: Vec<Byline<'a>>,
    /// Plain-text summary.
    pub summary: &'a str,
    /// The summary when the writer wrote one (`summary:`), for a standfirst
    /// under the title; `None` when the summary is the first paragraph.
    pub standfirst: Option<&'a str>,
    /// The body as HTML (in feeds, with absolute URLs).
    pub content: Cow<'a, str>,
    /// Tags, in the order written.
    pub tags: Vec<TagLink<'a>>,
    /// Its section (`section:`), if any.
    pub section: Option<SectionLink<'a>>,
    /// Front matter keys Gazette does not know.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// A translation whose original changed since it was marked up to date.
    pub stale: bool,
    /// A draft (`draft: true`), shown only by the preview server or `--drafts`.
    pub draft: bool,
    /// The lead image (its own, or its original's for a translation), if any.
    pub image: Option<ImageView<'a>>,
    /// Published ahead of its date (`--future`, the dev server): a
    /// preview shows it as scheduled.
    pub scheduled: bool,
    /// Minutes to read it, at the language's `words_per_minute` (at least 1).
    pub reading_minutes: usize,
}

/// Another article as shown on an article's page (its neighbours, related
/// ones): what a link to it needs. Lighter than [`PageView`] on purpose:
/// every article shows up to five, and each costs a serialization per page.
#[derive(Serialize)]
pub struct CardView<'a> {
    /// Plain-text title.
    pub title: &'a str,
    /// The title as HTML.
    pub title_html: &'a str,
    /// Its URL.
    pub url: &'a str,
    /// Its date.
    pub date: Option<DateView>,
    /// Its summary (plain text).
    pub summary: &'a str,
    /// Its section.
    pub section: Option<SectionLink<'a>>,
    /// Its lead image.
    pub image: Option<ImageView<'a>>,
}

/// A lead image with its variants, for a theme to lay out its own way
/// (`<picture>` with a WebP `<source>`, or a plain `<img>`).
#[derive(Serialize)]
pub struct ImageView<'a> {
    /// The widest variant in the source's format (root-relative): `<img src>`.
    pub src: &'a str,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its media type: `image/jpeg`.
    pub mime: &'static str,
    /// Every width in the source's format, `url 480w, url 960w`; empty for
    /// a GIF or an SVG, shown as it is.
    pub srcset: String,
    /// Every width in WebP, for `<source type="image/webp">`; empty when none.
    pub webp_srcset: String,
    /// What the image shows (`image_alt:`), in the page's language.
    pub alt: &'a str,
    /// `image_caption:`, if any.
    pub caption: Option<&'a str>,
    /// `image_credit:`, if any (a translation shows its original's unless
    /// it gives its own).
    pub credit: Option<&'a str>,
    /// The credit's language when it is not the page's (a translation
    /// showing its original's credit): the theme marks it with `lang`.
    pub credit_lang: Option<&'a str>,
}

/// What social networks show of a page (Open Graph and Twitter cards).
#[derive(Serialize)]
pub struct SocialView {
    /// `summary_large_image` for a page with a lead image, else `summary`.
    pub card: &'static str,
    /// The image shown: the lead image's social variant, or the site's
    /// `[images] social_default`; `None` when neither exists.
    pub image: Option<SocialImage>,
}

/// An image for social networks.
#[derive(Serialize)]
pub struct SocialImage {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels (0 when unknown).
    pub width: u32,
    /// Height in pixels (0 when unknown).
    pub height: u32,
    /// Its media type: `image/jpeg`.
    pub mime: &'static str,
    /// What it shows.
    pub alt: String,
}

/// Where a listing page sits among its pages.
#[derive(Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the listing has.
    pub total: usize,
    /// The previous (newer) page, if any.
    pub newer: Option<String>,
    /// The next (older) page, if any.
    pub older: Option<String>,
}

/// What every HTML page template gets (`article.html`, `list.html`,
/// `tags.html`, `search.html`); the fields one kind does not use are empty.
#[derive(Serialize)]
pub struct HtmlView<'a> {
    /// `article`, `page`, `home`, `tag`, `section`, `author`, `tags` or
    /// `search`.
    pub kind: &'static str,
    /// The site.
    pub site: Shared<SiteView<'a>>,
    /// The page's language code.
    pub lang: &'a str,
    /// The page language's own name.
    pub lang_name: &'a str,
    /// UI strings of the page's language.
    pub t: Shared<Strings>,
    /// The document title.
    pub title: String,
    /// The meta description.
    pub description: String,
    /// Absolute URL of this page.
    pub canonical: String,
    /// `hreflang` alternates, `x-default` last.
    pub alternates: Vec<Link>,
    /// The language switch, in the site's language order.
    pub switch: Vec<SwitchLink<'a>>,
    /// True when a switch entry leads to a real translation.
    pub has_translation: bool,
    /// The language's home (root-relative).
    pub home_url: String,
    /// The language's tag index (root-relative).
    pub tags_url: String,
    /// The language's search page (root-relative); empty when the site has
    /// no search (`[search] enabled = false`).
    pub search_url: String,
    /// The folder of the search index and its UI (root-relative), which
    /// the search page loads `pagefind-ui.js` and `pagefind-ui.css` from.
    pub search_bundle_url: String,
    /// The language's Atom feed (absolute).
    pub feed_permalink: String,
    /// The stylesheet (root-relative).
    pub css_url: String,
    /// The site's icon (root-relative).
    pub favicon_url: String,
    /// What social networks show of the page.
    pub social: SocialView,
    /// The page language's locale (`fr_FR`), for `og:locale`.
    pub locale: &'a str,
    /// The locales of the page's other versions, for `og:locale:alternate`.
    pub locale_alternates: Vec<&'a str>,
    /// schema.org JSON-LD for `<script type="application/ld+json">`, safe
    /// to write as it is (`NewsArticle` on articles, `WebSite` on homes);
    /// empty on other pages.
    pub json_ld: String,
    /// The declared sections in this language, in declaration order, for
    /// the masthead; empty when `section_menu = false` or the language's
    /// menu names sections itself (then they are in `menu`).
    pub section_menu: Vec<MenuLink<'a>>,
    /// The language's menu (`[[languages.<code>.menu]]` in `site.toml`).
    pub menu: Vec<MenuLink<'a>>,
    /// The article, on article pages.
    pub page: Option<PageView<'a>>,
    /// On an article: the one of its language published just before it.
    pub previous: Option<CardView<'a>>,
    /// On an article: the one of its language published just after it.
    pub next: Option<CardView<'a>>,
    /// On an article: up to three related ones of its language (most tags
    /// in common, then the same section).
    pub related: Vec<CardView<'a>>,
    /// The articles of this listing page.
    pub articles: Vec<PageView<'a>>,
    /// Where this listing page sits, on listings.
    pub pagination: Option<Pagination>,
    /// The tag of a tag listing.
    pub tag: Option<TagLink<'a>>,
    /// The section of a section listing.
    pub section: Option<SectionLink<'a>>,
    /// The author of an author's page.
    pub author: Option<AuthorView<'a>>,
    /// Every tag of the language, on the tag index.
    pub tags: Vec<TagLink<'a>>,
    /// HTML to put before `</body>` (the dev server's reload script).
    pub inject: &'a str,
    /// True in the dev server's preview (show drafts as drafts), false in
    /// `gazette build`.
    pub preview: bool,
}

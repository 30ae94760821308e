//! The site model: every published article with its URL, translations and
//! HTML, plus each language's edition (its listing and tags). Built once
//! from the [`Sources`], read-only after, so rendering can run in parallel
//! without locks.
//!
//! Two kinds of index meet here and are kept apart by type: an
//! [`ArticleId`] is a place among the sources (drafts included, by path), a
//! [`PageId`] a place among the published pages (newest first).

mod body;

pub use body::Body;

use crate::config::SiteConfig;
use crate::content::{Article, ArticleId, translations::TranslationGroups};
use crate::diagnostic::{Checked, Diagnostic, collect};
use crate::images::{Image, Library};
use crate::links::{self, Resolver, UrlMap};
use crate::markdown::Style;
use crate::schedule::Publishing;
use crate::sources::Sources;
use crate::status::Status;
use crate::templates::Theme;
use crate::urls::Urls;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A page's place in [`Site::pages`] (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

/// One published article, ready to render.
#[derive(Debug)]
pub struct Page {
    /// The parsed source.
    pub article: Arc<Article>,
    /// Root-relative URL, base path included: `/blog/fr/2025/01/x/`.
    pub url: String,
    /// File under the output folder: `fr/2025/01/x/index.html`.
    pub output_file: String,
    /// Published translations, in the site's language order.
    pub translations: Vec<PageId>,
    /// Body, title, summary and tags.
    pub body: Arc<Body>,
    /// True when this is a translation whose original changed since.
    pub stale: bool,
    /// The lead image, its own or its original's.
    pub image: Option<Lead>,
    /// Its section: an index into the config's sections.
    pub section: Option<usize>,
    /// Its bylines: the name shown, and the declared author (an index into
    /// the config's authors) when it is one.
    pub bylines: Vec<(String, Option<usize>)>,
    /// For a translation, the published version it was translated from.
    pub original: Option<PageId>,
}

/// An article's lead image with its texts in the article's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lead {
    /// The image.
    pub image: Arc<Image>,
    /// What it shows (`image_alt:`).
    pub alt: String,
    /// `image_caption:`, if any.
    pub caption: Option<String>,
    /// `image_credit:`, if any.
    pub credit: Option<String>,
    /// The language of the credit when it is not the article's: a
    /// translation shows its original's credit as written (« Infographie :
    /// Gazette » on the English page), so it carries its own `lang`.
    pub credit_lang: Option<String>,
}

/// Each author's portrait, found and measured like an article's image; a
/// missing or unusable file is an error on the author's line of `site.toml`.
fn portraits(config: &SiteConfig, library: &Library) -> Checked<Vec<Option<Lead>>> {
    let mut errors = crate::diagnostic::Diagnostics::new();
    let mut all = Vec::new();
    for author in &config.authors {
        let Some(path) = &author.photo else {
            all.push(None);
            continue;
        };
        let fail = |why: String| {
            Diagnostic::at(
                config.file(),
                author.line,
                format!("[authors.{}] photo `{path}`: {why}", author.id),
            )
        };
        match library.get(path) {
            Ok(image) if image.is_picture() => all.push(Some(Lead {
                image,
                alt: author.name.clone(),
                caption: None,
                credit: None,
                credit_lang: None,
            })),
            Ok(_) => errors.push(fail("not an image (JPEG, PNG, WebP, GIF or SVG)".into())),
            Err(crate::images::Problem::Missing) => errors.push(fail(format!(
                "no file content/{path} (the path is taken from content/)"
            ))),
            Err(crate::images::Problem::Bad(why)) => {
                errors.push(fail(format!("content/{path} {why}")))
            }
        }
    }
    errors.finish(all)
}

/// Fills each tag's equivalents in the other languages: the tag declared
/// with it under `[tags.<id>]`, else a tag of the same slug (« Web »,
/// « Tech »), when that language has it.
fn pair_tags(config: &SiteConfig, editions: &mut [Edition]) {
    let has = |editions: &[Edition], j: usize, slug: &str| editions[j].tag_count(slug) > 0;
    let mut all = Vec::new();
    for (i, edition) in editions.iter().enumerate() {
        for tag in &edition.tags {
            let declared = config
                .tag_pairs
                .iter()
                .find(|p| p[i].as_deref() == Some(tag.slug.as_str()));
            let equivalents: Vec<Option<String>> = (0..editions.len())
                .map(|j| {
                    let slug = match declared {
                        Some(p) => p[j].clone()?,
                        None if j == i => tag.slug.clone(),
                        None => {
                            // The same word, unless declared with another meaning there.
                            let taken = config
                                .tag_pairs
                                .iter()
                                .any(|p| p[j].as_deref() == Some(tag.slug.as_str()));
                            if taken {
                                return None;
                            }
                            tag.slug.clone()
                        }
                    };
                    has(editions, j, &slug).then_some(slug)
                })
                .collect();
            all.push(equivalents);
        }
    }
    let mut all = all.into_iter();
    for edition in editions.iter_mut() {
        for tag in &mut edition.tags {
            tag.equivalents = all.next().expect("one per tag");
        }
    }
}

/// One language's navigation: the sections the masthead shows by default,
/// then the entries of its `[[languages.<code>.menu]]`.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    /// The declared sections, in declaration order: (name, URL). Empty when
    /// `section_menu = false` or the language's menu names sections itself.
    pub sections: Vec<(String, String)>,
    /// The menu entries as written: (label, root-relative or absolute URL).
    pub entries: Vec<(String, String)>,
}

/// Each language's menu with the URL of every entry; an entry naming a
/// file that is not a published page of that language, or a section that
/// is not declared, is an error on its line of `site.toml`.
fn menus(config: &SiteConfig, urls: &UrlMap) -> Checked<Vec<Menu>> {
    use crate::config::MenuTarget;
    let base = Urls::new(&config.base_url);
    let section_url = |s: usize, lang: &str| {
        let (name, slug) = &config.sections[s].names[config.language_index(lang)];
        (name.clone(), base.section(lang, slug))
    };
    let mut errors = crate::diagnostic::Diagnostics::new();
    let mut all = Vec::new();
    for lang in &config.languages {
        let mut entries = Vec::new();
        for item in &lang.menu {
            let fail = |m: String| Diagnostic::at(config.file(), item.line, m);
            let url = match &item.target {
                MenuTarget::Url(u) if u.starts_with('/') && !u.starts_with("//") => base.url(u),
                MenuTarget::Url(u) => u.clone(),
                MenuTarget::Section(written) => match config.section_named(written) {
                    Ok(s) => section_url(s, &lang.code).1,
                    Err(m) => {
                        errors.push(fail(format!("the menu entry `{}`: {m}", item.name)));
                        continue;
                    }
                },
                MenuTarget::Source(path) => match urls.by_source.get(path) {
                    Some(_) if !path.starts_with(&format!("{}/", lang.code)) => {
                        errors.push(fail(format!(
                            "the `{}` menu entry `{}` leads to {path}, in another language: name the page of this language (each language's version is reached through the language switch)",
                            lang.code, item.name
                        )));
                        continue;
                    }
                    Some(Some(url)) => url.clone(),
                    Some(None) => {
                        errors.push(fail(format!(
                            "the menu entry `{}` leads to {path}, {}",
                            item.name, urls.held[path]
                        )));
                        continue;
                    }
                    None => {
                        errors.push(fail(format!(
                            "the menu entry `{}` leads to content/{path}, which does not exist",
                            item.name
                        )));
                        continue;
                    }
                },
            };
            entries.push((item.name.clone(), url));
        }
        let placed = lang
            .menu
            .iter()
            .any(|m| matches!(m.target, MenuTarget::Section(_)));
        let sections = match config.section_menu && !placed {
            true => (0..config.sections.len())
                .map(|s| section_url(s, &lang.code))
                .collect(),
            false => Vec::new(),
        };
        all.push(Menu { sections, entries });
    }
    errors.finish(all)
}

/// An image of `static/` the site names in `site.toml` (the default
/// social image, the publisher's logo), measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticImage {
    /// Root-relative URL.
    pub url: String,
    /// Pixels, 0 for an SVG.
    pub width: u32,
    /// Pixels, 0 for an SVG.
    pub height: u32,
    /// Media type.
    pub mime: &'static str,
}

/// The image `path` of `site.toml`'s `key` (written `what`), found among
/// the theme's and site's static files and measured; an error on
/// `site.toml` when it is not there or not an image social networks and
/// search engines read.
fn static_image(
    config: &SiteConfig,
    theme: Option<&Theme>,
    (key, what): (&str, &str),
    path: &Option<String>,
) -> Checked<Option<StaticImage>> {
    let (Some(path), Some(theme)) = (path, theme) else {
        return Ok(None);
    };
    let fail = |why: String| {
        Err(vec![
            config.diagnostic(key, format!("{what} `{path}` {why}")),
        ])
    };
    let Some(file) = theme.static_files.get(path.as_str()) else {
        return fail(
            "is not a file of static/ (write its path under static/, such as `images/card.png`)"
                .into(),
        );
    };
    let probed = match crate::images::probe::probe_bytes(path, &file.bytes) {
        Ok(p) => p,
        Err(why) => return fail(why),
    };
    let mime = match probed.kind {
        crate::images::Kind::Raster(f) => f.mime(),
        _ if path.ends_with(".gif") => "image/gif",
        _ => {
            return fail(
                "must be a JPEG, PNG, WebP or GIF image (social networks do not show SVG)".into(),
            );
        }
    };
    Ok(Some(StaticImage {
        url: Urls::new(&config.base_url).file_url(path),
        width: probed.width,
        height: probed.height,
        mime,
    }))
}

/// Where an article's lead image comes from: its own `image:`, or the
/// original's for a translation that gives only the texts.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LeadSource {
    /// The article whose `image:` names it (paths are relative to it).
    article: String,
    /// `image:` as written.
    path: String,
    /// Whether the article borrows it from its original.
    inherited: bool,
    /// The language of the article whose `image:` names it.
    lang: String,
    /// The credit written with it (a translation may give its own).
    credit: Option<String>,
}

/// The articles around an article, for reading on.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Around {
    /// Published just before it, in its language.
    pub previous: Option<PageId>,
    /// Published just after it, in its language.
    pub next: Option<PageId>,
    /// Up to three related articles of its language, most related first.
    pub related: Vec<PageId>,
}

/// A tag of one language and the pages that carry it.
#[derive(Debug)]
pub struct Tag {
    /// Name as the writers spelled it (the first spelling met, newest first).
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// Pages, newest first.
    pub pages: Vec<PageId>,
    /// The slug of its equivalent tag in each language (the site's order),
    /// where that language has one with a page: declared under `[tags]` in
    /// `site.toml`, or the same slug. Its own language holds its own slug.
    pub equivalents: Vec<Option<String>>,
}

/// Everything the site publishes in one language: its pages and tags.
#[derive(Debug)]
pub struct Edition {
    /// Language code.
    pub lang: String,
    /// Articles of this language, newest first (pages, being no news, are
    /// not listed).
    pub pages: Vec<PageId>,
    /// Tags, sorted by slug.
    pub tags: Vec<Tag>,
    /// The articles of each section (the config's order), newest first:
    /// its feed.
    pub sections: Vec<Vec<PageId>>,
    /// What the home listing shows: the language's articles, and with
    /// `untranslated = "list"` the other languages' articles that have no
    /// version in it, newest first.
    pub listed: Vec<PageId>,
    /// What each section's listing shows, the same way.
    pub sections_listed: Vec<Vec<PageId>>,
    /// The articles of each declared author (the config's order) in this
    /// language, newest first.
    pub authors: Vec<Vec<PageId>>,
}

impl Edition {
    /// How many pages carry the tag `slug`.
    pub fn tag_count(&self, slug: &str) -> usize {
        self.tags
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .map_or(0, |i| self.tags[i].pages.len())
    }
}

/// The whole site, loaded and resolved.
#[derive(Debug)]
pub struct Site {
    /// The configuration it was built from.
    pub config: SiteConfig,
    /// Published articles, newest first (ties broken by source path).
    pub pages: Vec<Arc<Page>>,
    /// One edition per language, in the config's order.
    pub editions: Arc<Vec<Edition>>,
    /// Missing and stale translations.
    pub status: Status,
    /// What the writer should know that does not stop the build.
    pub notes: Vec<crate::diagnostic::Diagnostic>,
    /// The files of `content/` the published pages use, by source path.
    pub images: Vec<Arc<Image>>,
    /// Where those files are probed and their variants made.
    pub library: Arc<Library>,
    /// The image social networks show for pages without a lead image
    /// (`[images] social_default`, a file of `static/`).
    pub social_default: Option<StaticImage>,
    /// The publisher's logo (`logo`, a file of `static/`), for structured data.
    pub logo: Option<StaticImage>,
    /// Each language's navigation (config order of languages).
    pub menus: Vec<Menu>,
    /// Each declared author's portrait (config order), its alt text the
    /// author's name.
    pub portraits: Vec<Option<Lead>>,
    /// What it publishes, and at what moment.
    pub publishing: Publishing,
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

    /// The page `id`.
    pub fn page(&self, id: PageId) -> &Arc<Page> {
        &self.pages[id.0]
    }

    /// Every page with its id, newest first.
    pub fn page_ids(&self) -> impl Iterator<Item = PageId> + use<> {
        (0..self.pages.len()).map(PageId)
    }

    /// The edition of language `lang`.
    pub fn edition(&self, lang: &str) -> &Edition {
        self.editions
            .iter()
            .find(|e| e.lang == lang)
            .expect("an edition per configured language")
    }

    /// The articles around article `id` in its language: the one published
    /// just before and just after it, and up to three related ones, never
    /// those two (most
    /// tags in common, then the same section; among the fifty nearest in
    /// date in each of its tags and its section, so a site of any size
    /// stays fast). Pages (no date) have none.
    pub fn around(&self, id: PageId) -> Around {
        let page = self.page(id);
        if page.article.is_page() {
            return Around::default();
        }
        let edition = self.edition(&page.article.lang);
        let at = edition.pages.binary_search(&id).ok();
        let previous = at.and_then(|i| edition.pages.get(i + 1)).copied();
        let next = at.and_then(|i| i.checked_sub(1)).map(|i| edition.pages[i]);
        let near = |list: &[PageId]| -> Vec<PageId> {
            let i = list.binary_search(&id).unwrap_or_else(|i| i);
            list[i.saturating_sub(25)..(i + 25).min(list.len())].to_vec()
        };
        let mut scores: BTreeMap<PageId, usize> = BTreeMap::new();
        for (_, slug) in &page.body.tags {
            if let Ok(t) = edition.tags.binary_search_by(|t| t.slug.as_str().cmp(slug)) {
                for other in near(&edition.tags[t].pages) {
                    *scores.entry(other).or_default() += 2;
                }
            }
        }
        if let Some(s) = page.section {
            for other in near(&edition.sections[s]) {
                *scores.entry(other).or_default() += 1;
            }
        }
        // Never the page itself, nor the previous or next one, shown just above.
        for shown in [Some(id), previous, next].into_iter().flatten() {
            scores.remove(&shown);
        }
        let mut related: Vec<(usize, PageId)> = scores.into_iter().map(|(p, s)| (s, p)).collect();
        // Highest score first; among equals, the nearest in date.
        related.sort_by_key(|&(score, p)| (std::cmp::Reverse(score), p.0.abs_diff(id.0)));
        Around {
            previous,
            next,
            related: related.into_iter().take(3).map(|(_, p)| p).collect(),
        }
    }

    /// Minutes to read page `id` at its language's `words_per_minute`,
    /// rounded up, at least one.
    pub fn reading_minutes(&self, id: PageId) -> usize {
        let page = self.page(id);
        let pace = self
            .config
            .language(&page.article.lang)
            .expect("a page's language is configured")
            .words_per_minute;
        page.body.words.div_ceil(pace).max(1)
    }

    /// The articles it was made from, drafts included, in source order
    /// (the dev server's model keeps their bodies; `gazette build`'s
    /// releases them once rendered).
    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    /// The article read from `content/<source>`, published or not.
    pub fn article(&self, source: &str) -> Option<&Arc<Article>> {
        let i = self
            .articles
            .binary_search_by(|a| a.source.as_str().cmp(source))
            .ok()?;
        Some(&self.articles[i])
    }

    /// Where the article read from `content/<source>` is published, if it is.
    pub fn url_of(&self, source: &str) -> Option<&str> {
        self.structure.urls.by_source.get(source)?.as_deref()
    }

    /// Whether page `id` is published ahead of its date (`--future`, the
    /// dev server), to be marked as such.
    pub fn scheduled(&self, id: PageId) -> bool {
        self.publishing.scheduled(&self.page(id).article.front)
    }

    /// The next moment the published site changes with no edit (a
    /// scheduled article comes out, one expires).
    pub fn next_change(&self) -> Option<crate::schedule::NextChange> {
        self.publishing.next_change(&self.articles)
    }

    /// The site's URLs.
    pub fn urls(&self) -> Urls<'_> {
        Urls::new(&self.config.base_url)
    }

    /// This site's translation groups, when `articles` would pair exactly
    /// as the ones it was made from (same files, languages and
    /// `translation:` keys): the dev server then skips pairing again.
    pub fn groups_if_paired_as(&self, articles: &[Arc<Article>]) -> Option<TranslationGroups> {
        let same = self.articles.len() == articles.len()
            && self.articles.iter().zip(articles).all(|(a, b)| {
                a.id == b.id
                    || (a.source == b.source
                        && a.lang == b.lang
                        && a.front.translations == b.front.translations)
            });
        same.then(|| self.structure.groups.clone())
    }
}

/// How the articles fit together: translation groups, URLs and order. It
/// depends only on what [`same_place`] compares, so a model whose articles
/// changed only in their text reuses its predecessor's.
#[derive(Debug)]
struct Structure {
    /// Unique to this structure.
    id: u64,
    /// For each article, whether it is published now.
    keep: Vec<bool>,
    groups: TranslationGroups,
    urls: UrlMap,
    /// Published articles, newest first: the article behind each [`PageId`].
    order: Vec<ArticleId>,
    /// For each article, its page (`None` for drafts left out).
    position: Vec<Option<PageId>>,
}

impl Structure {
    fn new(
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
    fn translations(
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
fn same_place(a: &Article, b: &Article) -> bool {
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

/// Resolves URLs and links of the site's articles and renders their bodies.
/// Every problem found is returned together. What `previous` (a model of
/// the same config) computed is reused where still current: its structure
/// when no article moved, and each unchanged article's body.
pub fn load(sources: Sources, theme: Option<&Theme>, previous: Option<&Site>) -> Checked<Site> {
    let notes = sources.notes();
    let Sources {
        config,
        mut articles,
        groups,
        status,
        unreadable,
        publishing,
        problems: _,
    } = sources;
    let keep: Vec<bool> = articles
        .iter()
        .map(|a| publishing.shows(&a.front))
        .collect();
    let library = match previous {
        Some(p)
            if p.library
                .serves(&config.root, &config.images, &config.base_url) =>
        {
            p.library.clone()
        }
        _ => Arc::new(Library::new(&config.root, &config.images, &config.base_url)),
    };
    let reusable = previous.filter(|p| {
        p.structure.keep == keep
            && p.articles.len() == articles.len()
            && p.articles
                .iter()
                .zip(articles.iter())
                .all(|(a, b)| same_place(a, b))
    });
    let structure = match reusable {
        Some(p) => p.structure.clone(),
        None => Arc::new(Structure::new(
            &config,
            &articles,
            groups,
            unreadable,
            keep,
            &publishing,
        )?),
    };
    let making = Making {
        config: &config,
        resolver: Resolver {
            urls: &structure.urls,
            library: &library,
        },
        theme,
        leads: lead_sources(&config, &articles, &structure.groups),
        originals: (0..articles.len())
            .map(|i| {
                let group = structure.groups.of(ArticleId(i));
                let original = crate::status::original_of(&config, &articles, group, &articles[i])?;
                let id = group
                    .iter()
                    .find(|g| articles[g.0].source == original.source)?;
                structure.position[id.0]
            })
            .collect(),
    };
    let pages = match reusable {
        Some(p) => reuse_pages(&making, &articles, &structure, &status, p)?,
        None => make_pages(&making, &mut articles, &structure, &status, previous)?,
    };
    drop(making);
    let portraits = portraits(&config, &library)?;
    let mut images = used_images(&pages);
    for lead in portraits.iter().flatten() {
        if !images.iter().any(|i| i.source == lead.image.source) {
            images.push(lead.image.clone());
        }
    }
    images.sort_by(|a, b| a.source.cmp(&b.source));
    let social_default = static_image(
        &config,
        theme,
        ("images", "[images] social_default"),
        &config.images.social_default,
    )?;
    let logo = static_image(&config, theme, ("logo", "logo"), &config.logo)?;
    let menus = menus(&config, &structure.urls)?;
    let editions = match reusable {
        Some(p) => p.editions.clone(),
        None => {
            let mut editions: Vec<Edition> = config
                .languages
                .iter()
                .map(|l| edition(&config, &l.code, &pages))
                .collect();
            pair_tags(&config, &mut editions);
            Arc::new(editions)
        }
    };
    Ok(Site {
        config,
        pages,
        editions,
        status,
        notes,
        images,
        library,
        social_default,
        logo,
        menus,
        portraits,
        publishing,
        articles,
        structure,
    })
}

/// Where each article's lead image comes from (by article id), `None`
/// when it has none.
fn lead_sources(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    groups: &TranslationGroups,
) -> Vec<Option<LeadSource>> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if let Some(path) = &a.front.image.path {
                return Some(LeadSource {
                    article: a.source.clone(),
                    path: path.clone(),
                    inherited: false,
                    lang: a.lang.clone(),
                    credit: a.front.image.credit.clone(),
                });
            }
            let group = groups.of(ArticleId(i));
            let original = crate::status::original_of(config, articles, group, a)?;
            Some(LeadSource {
                article: original.source.clone(),
                path: original.front.image.path.clone()?,
                inherited: true,
                lang: original.lang.clone(),
                credit: original.front.image.credit.clone(),
            })
        })
        .collect()
}

/// Every file of `content/` the pages use, once each, by source path.
fn used_images(pages: &[Arc<Page>]) -> Vec<Arc<Image>> {
    let mut all: BTreeMap<&str, &Arc<Image>> = BTreeMap::new();
    for page in pages {
        let lead = page.image.as_ref().map(|l| &l.image);
        for image in page.body.assets().chain(lead) {
            all.insert(&image.source, image);
        }
    }
    all.into_values().cloned().collect()
}

/// [`make_pages`] for a model with `previous`'s structure: its pages sit at
/// the same places, and those whose article and staleness are unchanged are
/// taken as they are.
fn reuse_pages(
    making: &Making,
    articles: &[Arc<Article>],
    structure: &Structure,
    status: &Status,
    previous: &Site,
) -> Checked<Vec<Arc<Page>>> {
    let (config, theme) = (making.config, making.theme);
    let made: Vec<Checked<Arc<Page>>> = structure
        .order
        .par_iter()
        .zip(&previous.pages)
        .map(|(&id, old)| {
            let article = &articles[id.0];
            let stale = status.is_stale(&article.source);
            if Arc::ptr_eq(&old.article, article)
                && old.stale == stale
                && old.body.same_theme(theme)
                && making.lead(article, id).ok() == Some(old.image.clone())
            {
                return Ok(old.clone());
            }
            let translations = structure.translations(config, articles, id);
            // Shared with the cache: the clone keeps the source from being released.
            let mut article = article.clone();
            making.page(&mut article, id, Some(old), translations, stale)
        })
        .collect();
    collect(made)
}

/// A page per published article, newest first, reusing `previous`'s pages
/// and bodies where they are still what this model would make. An article
/// held nowhere else (as in `gazette build`, not in the dev server's cache
/// or `check`) drops its Markdown once rendered: the HTML is all rendering
/// needs, and the sources of a large site are as big as its bodies.
fn make_pages(
    making: &Making,
    articles: &mut [Arc<Article>],
    structure: &Structure,
    status: &Status,
    previous: Option<&Site>,
) -> Checked<Vec<Arc<Page>>> {
    let config = making.config;
    let old: HashMap<&str, &Arc<Page>> = previous
        .map(|s| {
            s.pages
                .iter()
                .map(|p| (p.article.source.as_str(), p))
                .collect()
        })
        .unwrap_or_default();
    let translations: Vec<Vec<PageId>> = (0..articles.len())
        .into_par_iter()
        .map(|i| structure.translations(config, articles, ArticleId(i)))
        .collect();
    let mut made: Vec<(PageId, Checked<Arc<Page>>)> = articles
        .par_iter_mut()
        .zip(translations)
        .enumerate()
        .filter_map(|(i, (article, translations))| {
            let pos = structure.position[i]?;
            let stale = status.is_stale(&article.source);
            let old = old.get(article.source.as_str()).copied();
            let page = making.page(article, ArticleId(i), old, translations, stale);
            Some((pos, page))
        })
        .collect();
    made.sort_by_key(|(pos, _)| *pos);
    collect(made.into_iter().map(|(_, p)| p))
}

/// Published articles, newest first.
fn newest_first(articles: &[Arc<Article>], keep: &[bool]) -> Vec<ArticleId> {
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

/// What making a page needs besides its article.
struct Making<'a> {
    config: &'a SiteConfig,
    resolver: Resolver<'a>,
    /// For shortcodes; `None` when the theme failed to load.
    theme: Option<&'a Theme>,
    /// Where each article's lead image comes from, by article id.
    leads: Vec<Option<LeadSource>>,
    /// For each translation, the page of the version it was made from.
    originals: Vec<Option<PageId>>,
}

impl Making<'_> {
    /// The page of `article` (`id`), reusing `old`'s body while it is current.
    fn page(
        &self,
        article: &mut Arc<Article>,
        id: ArticleId,
        old: Option<&Arc<Page>>,
        translations: Vec<PageId>,
        stale: bool,
    ) -> Checked<Arc<Page>> {
        let lead = self.lead(article, id);
        let body = self.body(article, old);
        let section = self.section(article);
        let bylines = self.bylines(article);
        let (lead, body, section, bylines) = match (lead, body, section, bylines) {
            (Ok(lead), Ok(body), Ok(section), Ok(bylines)) => (lead, body, section, bylines),
            (lead, body, section, bylines) => {
                let mut errors = body.err().unwrap_or_default();
                errors.extend(lead.err().unwrap_or_default());
                errors.extend(section.err().unwrap_or_default());
                errors.extend(bylines.err().unwrap_or_default());
                return Err(errors);
            }
        };
        let made = Made {
            body,
            image: lead,
            section,
            bylines,
            original: self.originals[id.0],
        };
        make_page(
            self.config,
            self.resolver.urls,
            article,
            old,
            translations,
            stale,
            made,
        )
    }

    /// The bylines of `article`: a declared author by id, else free text
    /// (« La rédaction »). A lowercase word that is no declared author's
    /// id (`author: adda`) is taken for a mistyped id: an error on its line.
    fn bylines(&self, article: &Article) -> Checked<Vec<(String, Option<usize>)>> {
        let authors = &self.config.authors;
        let mut errors = crate::diagnostic::Diagnostics::new();
        let mut bylines = Vec::new();
        for written in &article.front.author {
            if let Some(i) = authors.iter().position(|a| a.id == *written) {
                bylines.push((authors[i].name.clone(), Some(i)));
                continue;
            }
            let id_like = written
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if id_like && !authors.is_empty() {
                let known: Vec<&str> = authors.iter().map(|a| a.id.as_str()).collect();
                let line = article.front.key_lines.get("author").copied();
                errors.push(Diagnostic::at(
                    &article.path,
                    line,
                    format!(
                        "unknown author `{written}` (the authors are {}): declare it under [authors.{written}] in site.toml, or write the byline as it should read",
                        known.join(", ")
                    ),
                ));
                continue;
            }
            bylines.push((written.clone(), None));
        }
        errors.finish(bylines)
    }

    /// The index of the section `article` names; an unknown one is an
    /// error on its line.
    fn section(&self, article: &Article) -> Checked<Option<usize>> {
        let Some(id) = &article.front.section else {
            return Ok(None);
        };
        self.config.section_named(id).map(Some).map_err(|message| {
            let line = article.front.key_lines.get("section").copied();
            vec![Diagnostic::at(&article.path, line, message)]
        })
    }

    fn body(&self, article: &Arc<Article>, old: Option<&Arc<Page>>) -> Checked<Arc<Body>> {
        let config = self.config;
        let style = Style {
            typography: config
                .language(&article.lang)
                .map(|l| l.typography)
                .unwrap_or_default(),
            heading_ids: config.heading_ids,
        };
        Ok(match old {
            Some(p) if p.body.is_current(article, self.resolver, style, self.theme) => {
                p.body.clone()
            }
            _ => Arc::new(body::make_body(article, self.resolver, style, self.theme)?),
        })
    }

    /// The lead image of `article` (`id`) with its texts. A broken `image:`
    /// is reported by the article that wrote it, on its line.
    fn lead(&self, article: &Article, id: ArticleId) -> Checked<Option<Lead>> {
        let Some(source) = &self.leads[id.0] else {
            return Ok(None);
        };
        let front = &article.front.image;
        let typography = |lang: &str| {
            self.config
                .language(lang)
                .map(|l| l.typography)
                .unwrap_or_default()
        };
        let text = |t: &str| crate::typography::apply(typography(&article.lang), t, None);
        let at_image = |message: String| {
            let line = article.front.key_lines.get("image").copied();
            vec![Diagnostic::at(&article.path, line, message)]
        };
        let image = match self.resolver.file(&source.article, &source.path) {
            Ok(image) if image.is_picture() => image,
            _ if source.inherited => return Ok(None),
            Ok(_) => {
                return Err(at_image(format!(
                    "`image: {}` is not an image (JPEG, PNG, WebP, GIF or SVG)",
                    source.path
                )));
            }
            Err(message) => return Err(at_image(message)),
        };
        let Some(alt) = &front.alt else {
            return Err(vec![Diagnostic::new(
                &article.path,
                format!(
                    "this translation shows the lead image of {} but has no `image_alt:`: describe the image in `{}` (or give the translation its own `image:`)",
                    source.article, article.lang
                ),
            )]);
        };
        // The original's credit, when the translation gives none: set in
        // the original's language, and marked as such.
        let borrowed = front.credit.is_none() && source.credit.is_some();
        let credit_lang = (borrowed && source.lang != article.lang).then(|| source.lang.clone());
        let credit = match &front.credit {
            Some(credit) => Some(text(credit)),
            None => source
                .credit
                .as_ref()
                .map(|c| crate::typography::apply(typography(&source.lang), c, None)),
        };
        Ok(Some(Lead {
            image,
            alt: text(alt),
            caption: front.caption.as_deref().map(text),
            credit,
            credit_lang,
        }))
    }
}

/// What making a page found besides its place: body, lead image,
/// section, bylines.
struct Made {
    body: Arc<Body>,
    image: Option<Lead>,
    section: Option<usize>,
    bylines: Vec<(String, Option<usize>)>,
    original: Option<PageId>,
}

fn make_page(
    config: &SiteConfig,
    urls: &UrlMap,
    article: &mut Arc<Article>,
    old: Option<&Arc<Page>>,
    translations: Vec<PageId>,
    stale: bool,
    made: Made,
) -> Checked<Arc<Page>> {
    let Made {
        body,
        image,
        section,
        bylines,
        original,
    } = made;
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
            && p.image == image
            && p.section == section
            && p.bylines == bylines
            && p.original == original
    }) {
        return Ok(p.clone());
    }
    let output_file = Urls::new(&config.base_url).output_file(&url);
    Ok(Arc::new(Page {
        stale,
        body,
        url,
        output_file,
        translations,
        image,
        section,
        bylines,
        original,
        article: article.clone(),
    }))
}

/// A language's edition: its articles and their tags (pages, being no
/// news, are in neither).
fn edition(config: &SiteConfig, lang: &str, pages: &[Arc<Page>]) -> Edition {
    let mine: Vec<PageId> = (0..pages.len())
        .filter(|&i| pages[i].article.lang == lang && !pages[i].article.is_page())
        .map(PageId)
        .collect();
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for &id in &mine {
        for (name, slug) in &pages[id.0].body.tags {
            tags.entry(slug.clone())
                .or_insert_with(|| Tag {
                    name: name.clone(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                    equivalents: Vec::new(),
                })
                .pages
                .push(id);
        }
    }
    let list_others = config
        .language(lang)
        .is_some_and(|l| l.untranslated == crate::config::Untranslated::List);
    let listed: Vec<PageId> = (0..pages.len())
        .filter(|&i| {
            let p = &pages[i];
            !p.article.is_page()
                && (p.article.lang == lang
                    || (list_others
                        && p.translations
                            .iter()
                            .all(|t| pages[t.0].article.lang != lang)))
        })
        .map(PageId)
        .collect();
    let in_section = |ids: &[PageId], s: usize| -> Vec<PageId> {
        ids.iter()
            .copied()
            .filter(|id| pages[id.0].section == Some(s))
            .collect()
    };
    let n = config.sections.len();
    let authors = (0..config.authors.len())
        .map(|w| {
            mine.iter()
                .copied()
                .filter(|id| pages[id.0].bylines.iter().any(|(_, a)| *a == Some(w)))
                .collect()
        })
        .collect();
    Edition {
        authors,
        lang: lang.to_string(),
        sections: (0..n).map(|s| in_section(&mine, s)).collect(),
        sections_listed: (0..n).map(|s| in_section(&listed, s)).collect(),
        pages: mine,
        tags: tags.into_values().collect(),
        listed,
    }
}

//! The site model: every published article with its URL, translations and
//! HTML, plus each language's edition (its listing and tags). Built once
//! from the [`Sources`], read-only after, so rendering can run in parallel
//! without locks.
//!
//! Two kinds of index meet here and are kept apart by type: an
//! [`ArticleId`] is a place among the sources (drafts included, by path), a
//! [`PageId`] a place among the published pages (newest first).
//!
//! Here: the model's types and [`load`], which runs the parts in order:
//! the [`Structure`] (what is published, where, in what order, in which
//! translation groups: [`crate::structure`]), `making` (each page: its
//! body, lead image, bylines, and each language's edition), `newsroom`
//! (portraits, paired tags, the site's own images), `body` (an article's
//! rendered text). What the dev server may keep of a previous model is
//! decided by comparing values ([`crate::structure::Placement`]). The image
//! library the pages' images come from is a service passed in, not part of
//! the model, which holds no lock.

mod body;
mod lists;
mod making;
mod newsroom;

pub use crate::structure::{Menu, MenuLink};
use crate::structure::{Pairing, Structure};
pub use body::{Bodies, Body};
use making::{Making, edition, lead_sources, make_pages, reuse_pages, used_images};
pub use newsroom::StaticImage;
use newsroom::{pair_tags, portraits, static_image};

use crate::config::SiteConfig;
use crate::content::{Article, translations::TranslationGroups};
use crate::diagnostic::{Checked, Diagnostic, collect};
use crate::ids::PageId;
use crate::ids::{ArticleId, AuthorId, LangId, PerLang, SectionId, Table, TagId};
use crate::images::{Image, Library};
use crate::links::{Resolver, UrlMap};
use crate::markdown::Style;
use crate::schedule::Publishing;
use crate::sources::Sources;
use crate::status::Status;
use crate::templates::Theme;
use crate::urls::Urls;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
    /// Its section.
    pub section: Option<SectionId>,
    /// Its bylines, in the order written.
    pub bylines: Vec<Byline>,
    /// For a translation, the published version it was translated from.
    pub original: Option<PageId>,
}

/// One name on an article's byline.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Byline {
    /// The name shown.
    pub name: String,
    /// The declared author it names, if it is one (else free text).
    pub author: Option<AuthorId>,
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
    pub equivalents: PerLang<Option<String>>,
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
    pub tags: Table<TagId, Tag>,
    /// The articles of each section (the config's order), newest first:
    /// its feed.
    pub sections: Table<SectionId, Vec<PageId>>,
    /// What the home listing shows: the language's articles, and with
    /// `untranslated = "list"` the other languages' articles that have no
    /// version in it, newest first.
    pub listed: Vec<PageId>,
    /// What each section's listing shows, the same way.
    pub sections_listed: Table<SectionId, Vec<PageId>>,
    /// The articles of each declared author (the config's order) in this
    /// language, newest first.
    pub authors: Table<AuthorId, Vec<PageId>>,
}

impl Edition {
    /// How many pages carry the tag `slug`.
    pub fn tag_count(&self, slug: &str) -> usize {
        self.tag(slug).map_or(0, |t| self.tags[t].pages.len())
    }

    /// The tag whose slug is `slug`, if this language has it.
    pub fn tag(&self, slug: &str) -> Option<TagId> {
        self.tags
            .binary_search_by(|t| t.slug.as_str().cmp(slug))
            .ok()
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
    pub editions: Arc<PerLang<Edition>>,
    /// Missing and stale translations.
    pub status: Status,
    /// What the writer should know that does not stop the build.
    pub notes: Vec<crate::diagnostic::Diagnostic>,
    /// The files of `content/` the published pages use, by source path.
    pub images: Vec<Arc<Image>>,
    /// The image social networks show for pages without a lead image
    /// (`[images] social_default`, a file of `static/`).
    pub social_default: Option<StaticImage>,
    /// The publisher's logo (`logo`, a file of `static/`), for structured data.
    pub logo: Option<StaticImage>,
    /// Each language's navigation (config order of languages).
    pub menus: PerLang<Menu>,
    /// Each declared author's portrait (config order), its alt text the
    /// author's name.
    pub portraits: Table<AuthorId, Option<Lead>>,
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
        // The fifty nearest in date in a list of a tag or section.
        fn near(list: &[PageId], id: PageId) -> &[PageId] {
            let i = list.binary_search(&id).unwrap_or_else(|i| i);
            &list[i.saturating_sub(25)..(i + 25).min(list.len())]
        }
        // Scores in a plain list, summed per page once sorted: the dev
        // server asks every article's neighbours on every save, and a map
        // per call cost more than the rest of its bookkeeping.
        let mut scored: Vec<(PageId, usize)> = Vec::with_capacity(256);
        for (_, slug) in &page.body.tags {
            if let Some(t) = edition.tag(slug) {
                scored.extend(near(&edition.tags[t].pages, id).iter().map(|&p| (p, 2)));
            }
        }
        if let Some(s) = page.section {
            scored.extend(near(&edition.sections[s], id).iter().map(|&p| (p, 1)));
        }
        scored.sort_unstable_by_key(|&(p, _)| p);
        let mut related: Vec<(usize, PageId)> = Vec::with_capacity(scored.len());
        for (p, weight) in scored {
            match related.last_mut() {
                Some((score, q)) if *q == p => *score += weight,
                _ => related.push((weight, p)),
            }
        }
        // Never the page itself, nor the previous or next one, shown just above.
        related.retain(|&(_, p)| Some(p) != Some(id) && Some(p) != previous && Some(p) != next);
        // The three with the highest score; among equals, the nearest in
        // date, then the newer. Picked in one pass (a sort of all of them
        // was most of the dev server's time per save).
        let key = |&(score, p): &(usize, PageId)| (std::cmp::Reverse(score), p.0.abs_diff(id.0), p);
        let mut best: Vec<(usize, PageId)> = Vec::with_capacity(4);
        for candidate in related {
            let at = best.partition_point(|b| key(b) <= key(&candidate));
            if at < 3 {
                best.insert(at, candidate);
                best.truncate(3);
            }
        }
        Around {
            previous,
            next,
            related: best.into_iter().map(|(_, p)| p).collect(),
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
        page.article.words.div_ceil(pace).max(1)
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
        self.config.urls()
    }

    /// This site's translation groups, when `articles` would pair exactly
    /// as the ones it was made from (same files, languages and
    /// `translation:` keys): the dev server then skips pairing again.
    pub fn groups_if_paired_as(&self, articles: &[Arc<Article>]) -> Option<TranslationGroups> {
        let same = self.articles.len() == articles.len()
            && self
                .articles
                .iter()
                .zip(articles)
                .all(|(a, b)| Pairing::same(a, b));
        same.then(|| self.structure.groups.clone())
    }
}

/// Resolves URLs and links of the site's articles and renders their bodies,
/// probing their images in `library` (a service beside the model: the
/// model itself holds no lock). Every problem found is returned together.
/// What `previous` (a model of the same config) computed is reused where
/// still current: its structure when no article moved, and each unchanged
/// article's body. Rendered bodies are kept where `bodies` says.
pub fn load(
    sources: Sources,
    theme: Option<&Theme>,
    library: &Library,
    previous: Option<&Site>,
    bodies: &Bodies,
) -> Checked<Site> {
    let notes = sources.notes();
    let structure = match previous.filter(|p| p.structure.fits(&p.articles, &sources)) {
        Some(p) => Err(p),
        None => Ok(Structure::of(&sources)?),
    };
    let Sources {
        config,
        mut articles,
        groups: _,
        status,
        unreadable: _,
        publishing,
        problems: _,
    } = sources;
    // A previous model whose structure still fits is reused, with its pages
    // where they are unchanged and its editions.
    let (structure, reusable) = match structure {
        Err(p) => (p.structure.clone(), Some(p)),
        Ok(s) => (Arc::new(s), None),
    };
    let making = Making {
        config: &config,
        resolver: Resolver {
            urls: &structure.urls,
            library,
        },
        theme,
        leads: lead_sources(&articles, &status.originals),
        originals: status
            .originals
            .iter()
            .map(|o| o.and_then(|id| structure.position[id.0]))
            .collect(),
        // Made only for a theme with a shortcode that lists them: the dev
        // server makes a model on every save.
        lists: match theme.is_some_and(|t| t.any_shortcode_reads("articles")) {
            true => lists::article_lists(&config, &articles, &structure.urls),
            false => Default::default(),
        },
        bodies,
    };
    let pages = match reusable {
        Some(p) => reuse_pages(&making, &articles, &structure, &status, p)?,
        None => make_pages(&making, &mut articles, &structure, &status, previous)?,
    };
    drop(making);
    let portraits = portraits(&config, library)?;
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
    let menus = structure.menus(&config)?;
    let editions = match reusable {
        Some(p) => p.editions.clone(),
        None => {
            // Each language's on its own core: made before any page can be.
            let made: Vec<Edition> = (config.languages.iter().as_slice())
                .par_iter()
                .map(|l| edition(&config, &l.code, &pages))
                .collect();
            let mut editions = PerLang::from(made);
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
        social_default,
        logo,
        menus,
        portraits,
        publishing,
        articles,
        structure,
    })
}

//! Incremental rendering for the dev server: which files a change touches.
//!
//! Every planned file gets a fingerprint, a hash of its inputs; two renders
//! with the same theme and config give a file the same fingerprint only
//! when its inputs are the same, so a rebuild renders only the files whose
//! fingerprint changed. The inputs of each kind of file are listed once, in
//! [`fingerprint`]; [`may_change`] is the cheap pre-test used while the
//! site's structure (see [`Site::structure_id`]) and theme stay the same.
//! `tests/incremental.rs` holds this to "equal to a clean build" over
//! random edits.

use super::feeds::{feed_pages, feed_updated, news_pages};
use super::pages::latest;
use super::plan::{self, Job, Of, Planned, page_count, sitemap_parts};
use super::{RenderOptions, Renderer};
use crate::error::{Error, Result};
use crate::ids::PageId;
use crate::images::Library;
use crate::output::OutputFile;
use crate::site::{Page, Site};
use crate::templates::Theme;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// What the dev server keeps of its last render: every file's path and
/// fingerprint, so the next render re-renders only files whose fingerprint
/// changed.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// The site structure and theme the plan was made for: while they stay
    /// the same, so do the jobs and their paths, and fingerprints compare by
    /// position.
    key: Option<(u64, u64)>,
    /// Each job's path, by position.
    paths: Vec<String>,
    /// Every file written (an image job writes several).
    files: Vec<String>,
    fingerprints: Vec<u64>,
    /// The pages rendered and their versions, reused for pages that are
    /// still the same `Arc`.
    pages: Vec<Arc<Page>>,
    versions: Vec<u64>,
    /// For each page, the articles whose page shows it (as the previous,
    /// next or a related article): made once per structure, which alone
    /// decides them, so a save looks at the changed pages' watchers only
    /// rather than at every article's neighbours.
    watchers: Arc<Vec<Vec<PageId>>>,
}

impl RenderCache {
    /// Every output file of the last render.
    pub fn files(&self) -> &[String] {
        &self.files
    }
}

/// What [`render_changed`] made.
#[derive(Debug, Default)]
pub struct Changed<T> {
    /// What `emit` made of each file whose fingerprint differs from the
    /// previous render's.
    pub files: Vec<T>,
    /// Whether the site's set of paths may have changed (files of the
    /// previous render missing from [`RenderCache::paths`] must go).
    pub paths_changed: bool,
}

/// Renders only the files whose inputs changed since the render that left
/// `cache` (empty: every file), for the dev server, handing each to `emit`
/// as it is made (as [`super::render_each`]); returns what `emit` returned
/// with the cache for the next call.
pub fn render_changed<T: Send>(
    site: &Site,
    theme: &Theme,
    library: &Library,
    options: &RenderOptions,
    cache: RenderCache,
    emit: impl Fn(OutputFile) -> Result<T> + Sync,
) -> Result<(Changed<T>, RenderCache)> {
    let r = Renderer::new(site, theme, library, options);
    let statics = hash_of(theme.static_files.keys().collect::<Vec<_>>());
    // Images are jobs of their own: a changed image makes a new plan.
    let images = hash_of(&site.images);
    let key = Some((
        site.structure_id(),
        hash_of((theme.fingerprint, statics, images)),
    ));
    let same_plan = cache.key == key && cache.pages.len() == site.pages.len();
    let versions = if same_plan {
        page_versions_reusing(site, &cache.pages, &cache.versions)
    } else {
        page_versions(site)
    };
    let inputs = Inputs::new(&r, theme, &versions);
    let watchers = match same_plan {
        true => cache.watchers.clone(),
        false => Arc::new(watchers(site)),
    };
    let (planned, fingerprints, previous) = if same_plan {
        let changed: Vec<bool> = versions
            .iter()
            .zip(&cache.versions)
            .map(|(a, b)| a != b)
            .collect();
        let mut shows_changed = changed.clone();
        for (p, _) in changed.iter().enumerate().filter(|(_, c)| **c) {
            for a in &watchers[p] {
                shows_changed[a.0] = true;
            }
        }
        let planned: Vec<Planned> = plan::jobs(site, theme)
            .into_iter()
            .zip(cache.paths)
            .map(|(job, path)| Planned { job, path })
            .collect();
        let fingerprints: Vec<u64> = planned
            .par_iter()
            .zip(&cache.fingerprints)
            .map(|(p, &old)| {
                if may_change(site, &p.job, &changed, &shows_changed) {
                    inputs.fingerprint(p)
                } else {
                    old
                }
            })
            .collect();
        let previous: Vec<Option<u64>> = cache.fingerprints.into_iter().map(Some).collect();
        (planned, fingerprints, previous)
    } else {
        let planned = plan::plan(site, theme).map_err(Error::sources)?;
        let fingerprints: Vec<u64> = planned.par_iter().map(|p| inputs.fingerprint(p)).collect();
        let old: FxHashMap<&str, u64> = cache
            .paths
            .iter()
            .map(String::as_str)
            .zip(cache.fingerprints.iter().copied())
            .collect();
        let previous = planned
            .iter()
            .map(|p| old.get(p.path.as_str()).copied())
            .collect();
        (planned, fingerprints, previous)
    };
    let todo: Vec<&Planned> = (0..planned.len())
        .filter(|&i| previous[i] != Some(fingerprints[i]))
        .map(|i| &planned[i])
        .collect();
    let files = r.run_all(&todo, &emit)?;
    // The same plan writes the same files.
    let outputs = match same_plan {
        true => cache.files,
        false => planned
            .iter()
            .flat_map(|p| p.files())
            .map(String::from)
            .collect(),
    };
    let cache = RenderCache {
        key,
        files: outputs,
        paths: planned.into_iter().map(|p| p.path).collect(),
        fingerprints,
        pages: site.pages.clone(),
        versions,
        watchers,
    };
    let changed = Changed {
        files,
        paths_changed: !same_plan,
    };
    Ok((changed, cache))
}

/// The fingerprint of anything hashable.
fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A hash of everything a page's view shows, for each page: what its
/// article, listing and feed entries are made of.
fn page_versions(site: &Site) -> Vec<u64> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| page_version(site, PageId(i)))
        .collect()
}

/// [`page_versions`], taking the version of a page that is still the same
/// `Arc` as in `pages` from `versions`. Only valid while the site's
/// structure is the same (tag counts and translation URLs, which a page's
/// version also covers, come from it).
fn page_versions_reusing(site: &Site, pages: &[Arc<Page>], versions: &[u64]) -> Vec<u64> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            if Arc::ptr_eq(&site.pages[i], &pages[i]) {
                versions[i]
            } else {
                page_version(site, PageId(i))
            }
        })
        .collect()
}

fn page_version(site: &Site, id: PageId) -> u64 {
    let page = site.page(id);
    let edition = site.edition(&page.article.lang);
    let mut h = DefaultHasher::new();
    // Destructured whole: a new field of `Page` does not compile until it
    // is said here whether its views show it.
    let Page {
        // The body's id stands for the article, title, summary, tags and HTML.
        article: _,
        body,
        url,
        // Made from the URL.
        output_file: _,
        stale,
        image,
        section,
        bylines,
        translations,
        // Shown through the translations' URLs and the body.
        original: _,
    } = &**page;
    (body.id, url, stale, image, section, site.scheduled(id)).hash(&mut h);
    bylines.hash(&mut h);
    for (_, slug) in &page.body.tags {
        edition.tag_count(slug).hash(&mut h);
    }
    for &t in translations {
        let p = site.page(t);
        (&p.article.lang, &p.url).hash(&mut h);
    }
    h.finish()
}

/// A hash of what a card of page `id` shows: its view itself, serialized
/// (a card is small and has no body), so no list of its fields is kept
/// here beside `views::CardView`.
fn card_version(r: &Renderer, id: PageId) -> u64 {
    let view = serde_json::to_vec(&r.card_view(id)).expect("plain data serializes");
    hash_of(view)
}

/// For each page, the articles that show it around their own text
/// ([`Site::around`]).
fn watchers(site: &Site) -> Vec<Vec<PageId>> {
    let shown: Vec<(PageId, PageId)> = site
        .page_ids()
        .collect::<Vec<_>>()
        .into_par_iter()
        .flat_map_iter(|a| {
            let around = site.around(a);
            let shown = [around.previous, around.next].into_iter().flatten();
            shown.chain(around.related).map(move |p| (p, a))
        })
        .collect();
    let mut watchers = vec![Vec::new(); site.pages.len()];
    for (p, a) in shown {
        watchers[p.0].push(a);
    }
    watchers
}

/// Whether a job's fingerprint may differ from the last render's, given
/// which pages' versions `changed` and which articles show a changed page
/// (`shows_changed`: itself or one around it), while the site's structure
/// and the theme are the same: tag index, sitemap and the site-wide pages
/// depend only on those.
fn may_change(site: &Site, job: &Job, changed: &[bool], shows_changed: &[bool]) -> bool {
    let any = |pages: &[PageId]| pages.iter().any(|id| changed[id.0]);
    match job {
        Job::Article(id) => shows_changed[id.0],
        Job::List(l) => any(l.shown(site)),
        Job::Feed(lang, of) | Job::FeedAt(lang, of, _) => any(feed_pages(site, lang, *of)),
        Job::Static(..) => true,
        Job::Redirect(id, _) => changed[id.0],
        // Its window moves with the clock.
        Job::NewsSitemap(_) => true,
        // Old paths and URLs are the structure's (and site.toml's).
        Job::Redirects(_) | Job::SiteRedirect(_) | Job::Image(..) => false,
        Job::NotFound => site.editions.iter().any(|e| any(latest(e))),
        Job::TagIndex(_) | Job::Sitemap(..) | Job::SitemapIndex(_) | Job::Root | Job::Robots(_) => {
            false
        }
        // Its languages and their URLs are the structure's.
        Job::Search(..) => false,
    }
}

/// What fingerprints are made of, computed once per render.
struct Inputs<'a> {
    site: &'a Site,
    /// Builds the views whose serialization is their version (cards).
    renderer: &'a Renderer<'a>,
    theme: u64,
    versions: &'a [u64],
    /// What the sitemap lists, hashed once for all its parts.
    sitemap: std::sync::OnceLock<u64>,
}

impl<'a> Inputs<'a> {
    fn new(renderer: &'a Renderer<'a>, theme: &Theme, versions: &'a [u64]) -> Self {
        let site = renderer.site;
        // Every page's menu leaves out the sections without an article in
        // its language: which are published is part of every page, as the
        // theme is.
        let sections: Vec<Vec<bool>> = site
            .config
            .languages
            .iter()
            .map(|l| {
                let of = site.config.sections.ids().map(plan::Of::Section);
                of.map(|of| plan::is_published(site, &l.code, of)).collect()
            })
            .collect();
        // And every page shows its language's menu, whose entries may lead
        // to articles (their URLs move with a slug).
        let menus: Vec<Vec<(&str, &str)>> = site
            .menus
            .iter()
            .map(|m| {
                let links = m.sections.iter().chain(&m.entries);
                links.map(|l| (l.label.as_str(), l.url.as_str())).collect()
            })
            .collect();
        Inputs {
            site,
            renderer,
            theme: hash_of((theme.fingerprint, sections, menus)),
            versions,
            sitemap: std::sync::OnceLock::new(),
        }
    }

    /// The fingerprint of a planned file's inputs. Every template's output
    /// also depends on the theme, hashed in.
    fn fingerprint(&self, planned: &Planned) -> u64 {
        let (site, theme) = (self.site, self.theme);
        let versions_of =
            |pages: &[PageId]| -> Vec<u64> { pages.iter().map(|id| self.versions[id.0]).collect() };
        match &planned.job {
            Job::Article(id) => {
                // The page shows its neighbours and related articles too,
                // as cards (no body).
                let around = site.around(*id);
                let shown = [around.previous, around.next].into_iter().flatten();
                let cards: Vec<u64> = shown
                    .chain(around.related)
                    .map(|p| card_version(self.renderer, p))
                    .collect();
                hash_of((theme, "article", self.versions[id.0], cards))
            }
            Job::List(l) => {
                let edition = site.edition(&l.lang.code);
                let tag = match l.of {
                    Of::Tag(t) => {
                        let t = &edition.tags[t];
                        Some((&t.name, &t.slug, t.pages.len(), &t.equivalents))
                    }
                    _ => None,
                };
                let total = page_count(l.all(site).len(), site.config.paginate);
                let shown = versions_of(l.shown(site));
                hash_of((
                    theme,
                    "list",
                    &l.lang.code,
                    tag,
                    l.of,
                    l.number,
                    total,
                    shown,
                ))
            }
            Job::TagIndex(lang) => {
                let tags: Vec<(&str, &str, usize)> = site
                    .edition(&lang.code)
                    .tags
                    .iter()
                    .map(|t| (t.name.as_str(), t.slug.as_str(), t.pages.len()))
                    .collect();
                hash_of((theme, "tags", &lang.code, tags))
            }
            Job::Feed(lang, of) | Job::FeedAt(lang, of, _) => {
                let shown = versions_of(feed_pages(site, lang, *of));
                let updated = feed_updated(site, lang, *of);
                hash_of((theme, "feed", &lang.code, of, shown, updated))
            }
            Job::Sitemap(_, part) => {
                hash_of((theme, "sitemap", part, &planned.path, self.sitemap_inputs()))
            }
            Job::SitemapIndex(root) => hash_of((
                theme,
                "sitemap-index",
                sitemap_parts(site, *root),
                &planned.path,
            )),
            Job::NotFound => {
                let shown: Vec<Vec<u64>> = site
                    .editions
                    .iter()
                    .map(|e| versions_of(latest(e)))
                    .collect();
                hash_of((theme, &planned.path, shown))
            }
            Job::Root | Job::Robots(_) | Job::Search(..) => hash_of((theme, &planned.path)),
            Job::NewsSitemap(_) => {
                let shown = versions_of(&news_pages(site));
                hash_of((theme, "news-sitemap", shown))
            }
            Job::Redirect(id, n) => {
                let page = site.page(*id);
                let alias = &page.article.front.aliases[*n];
                let lang = &page.article.lang;
                hash_of((theme, "redirect", alias, &page.url, &page.body.title, lang))
            }
            Job::SiteRedirect(n) => hash_of((theme, "site-redirect", &site.config.redirects[*n])),
            Job::Redirects(_) => {
                let all: Vec<(&String, &Vec<String>)> = site
                    .pages
                    .iter()
                    .map(|p| (&p.url, &p.article.front.aliases))
                    .collect();
                hash_of((theme, "redirects", all, &site.config.redirects))
            }
            Job::Static(_, file) => hash_of(&file.bytes),
            Job::Image(image) => hash_of(("image", image)),
        }
    }

    /// What the sitemap lists: every page's URL, date and translations, and
    /// every tag, hashed.
    fn sitemap_inputs(&self) -> u64 {
        *self.sitemap.get_or_init(|| {
            let site = self.site;
            let mut h = DefaultHasher::new();
            for page in &site.pages {
                let f = &page.article.front;
                (&page.url, f.updated.or(f.date).map(|d| d.date_naive())).hash(&mut h);
                for &t in &page.translations {
                    (&site.page(t).url, &site.page(t).article.lang).hash(&mut h);
                }
            }
            for edition in site.editions.iter() {
                for tag in &edition.tags {
                    (&edition.lang, &tag.slug, &tag.equivalents).hash(&mut h);
                }
            }
            h.finish()
        })
    }
}

//! Render: every output file of the site, from the read-only [`Site`] and
//! [`Theme`], in parallel.
//!
//! Rendering is a list of independent jobs (an article, one page of a listing,
//! a feed...) mapped with rayon; each builds its own Tera context. Output goes
//! to memory as [`OutputFile`]s; `output` decides where they land.

use crate::config::{Language, SiteConfig};
use crate::dates::{self, DateView};
use crate::diagnostic::Diagnostic;
use crate::links::output_file;
use crate::site::{Page, Site};
use crate::templates::Theme;
use crate::templates::ThemeFile;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// Its content.
    pub bytes: Vec<u8>,
    /// The language of an HTML page, for the build summary.
    pub lang: Option<String>,
}

/// Choices that change what is rendered without changing the site.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML injected before `</body>` of every page (the dev server's reload
    /// script); `None` in `gazette build`.
    pub inject: Option<String>,
}

/// One unit of rendering work.
#[derive(Clone, Copy)]
enum Job<'a> {
    Article(usize),
    List {
        lang: &'a Language,
        tag: Option<usize>,
        number: usize,
    },
    TagIndex(&'a Language),
    Feed(&'a Language),
    Root,
    NotFound,
    /// The whole sitemap (`None`), or one part of a split one.
    Sitemap(Option<usize>),
    /// `sitemap.xml` listing the parts of a split sitemap.
    SitemapIndex,
    Robots,
    Static(&'a str, &'a ThemeFile),
}

/// A job with the file it makes.
struct Planned<'a> {
    job: Job<'a>,
    path: String,
}

/// What the dev server keeps of its last render: every file's path and
/// fingerprint (a hash of its inputs; two renders with the same theme and
/// config give a file the same fingerprint only when its inputs are the
/// same), so the next render re-renders only files whose fingerprint changed.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// The site structure and theme the plan was made for: while they stay
    /// the same, so do the jobs and their paths, and fingerprints compare by
    /// position.
    key: Option<(u64, u64)>,
    paths: Vec<String>,
    fingerprints: Vec<u64>,
    /// The pages rendered and their versions, reused for pages that are
    /// still the same `Arc`.
    pages: Vec<Arc<Page>>,
    versions: Vec<u64>,
}

impl RenderCache {
    /// Every output path of the last render.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }
}

/// What [`render_changed`] made.
#[derive(Debug, Default)]
pub struct Changed {
    /// The files whose fingerprint differs from the previous render's.
    pub files: Vec<OutputFile>,
    /// Whether the site's set of paths may have changed (files of the
    /// previous render missing from [`RenderCache::paths`] must go).
    pub paths_changed: bool,
}

/// Renders the whole site into memory; template errors from all jobs are
/// reported together.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_each(site, theme, options, Ok)
}

/// Renders only the files whose inputs changed since the render that left
/// `cache` (empty: every file), for the dev server; returns them with the
/// cache for the next call.
pub fn render_changed(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    cache: RenderCache,
) -> Result<(Changed, RenderCache), Vec<Diagnostic>> {
    let r = Renderer::new(site, theme, options);
    let statics = hash_of(theme.static_files.keys().collect::<Vec<_>>());
    let key = Some((site.structure_id(), hash_of((theme.fingerprint, statics))));
    let same_plan = cache.key == key && cache.pages.len() == site.pages.len();
    let versions = if same_plan {
        r.page_versions_reusing(&cache.pages, &cache.versions)
    } else {
        r.page_versions()
    };
    let (jobs, paths, fingerprints, previous) = if same_plan {
        let jobs = r.all_jobs();
        let changed: Vec<bool> = versions
            .iter()
            .zip(&cache.versions)
            .map(|(a, b)| a != b)
            .collect();
        let fingerprints: Vec<u64> = jobs
            .par_iter()
            .zip(&cache.fingerprints)
            .map(|(j, &old)| {
                if r.may_change(j, &changed) {
                    r.fingerprint(j, &versions)
                } else {
                    old
                }
            })
            .collect();
        let previous: Vec<Option<u64>> = cache.fingerprints.into_iter().map(Some).collect();
        (jobs, cache.paths, fingerprints, previous)
    } else {
        let (jobs, paths): (Vec<Job>, Vec<String>) =
            r.plan()?.into_iter().map(|p| (p.job, p.path)).unzip();
        let fingerprints: Vec<u64> = jobs
            .par_iter()
            .map(|j| r.fingerprint(j, &versions))
            .collect();
        let old: FxHashMap<&str, u64> = cache
            .paths
            .iter()
            .map(String::as_str)
            .zip(cache.fingerprints.iter().copied())
            .collect();
        let previous = paths.iter().map(|p| old.get(p.as_str()).copied()).collect();
        (jobs, paths, fingerprints, previous)
    };
    let todo: Vec<&Job> = (0..jobs.len())
        .filter(|&i| previous[i] != Some(fingerprints[i]))
        .map(|i| &jobs[i])
        .collect();
    let files = r.run_jobs(&todo, &Ok)?;
    let cache = RenderCache {
        key,
        paths,
        fingerprints,
        pages: site.pages.clone(),
        versions,
    };
    let changed = Changed {
        files,
        paths_changed: !same_plan,
    };
    Ok((changed, cache))
}

/// Renders every file and hands each to `emit` as soon as it is made (so a
/// build can write pages as a stream instead of holding the whole site in
/// memory); returns what `emit` returned. Jobs run in parallel.
pub fn render_each<T: Send>(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    emit: impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let r = Renderer::new(site, theme, options);
    let plan = r.plan()?;
    let all: Vec<&Job> = plan.iter().map(|p| &p.job).collect();
    r.run_jobs(&all, &emit)
}

/// Two outputs on one path (an article slug or static file landing on a
/// generated page) would silently replace each other: refuse instead.
fn check_collisions(plan: &[Planned]) -> Result<(), Vec<Diagnostic>> {
    let mut seen = FxHashSet::default();
    seen.reserve(plan.len());
    let errors: Vec<Diagnostic> = plan
        .iter()
        .filter(|p| !seen.insert(p.path.as_str()))
        .map(|p| {
            Diagnostic::new(
                &p.path,
                "two outputs would be written to this path (an article slug or a static file clashes with a generated page)",
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The fingerprint of anything hashable.
fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    options: &'a RenderOptions,
    config: &'a SiteConfig,
    /// [`Renderer::sitemap_inputs`], hashed once for all sitemap parts.
    sitemap_hash: std::sync::OnceLock<u64>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    base_path: &'a str,
    default_language: &'a str,
    languages: Vec<LanguageView<'a>>,
}

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    name: &'a str,
    title: &'a str,
    home_url: String,
    t: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Link {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct SwitchLink<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    label: &'a str,
    translated: bool,
    /// The entry of the page's own language.
    current: bool,
}

#[derive(Serialize)]
struct TagLink<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    url: &'a str,
    permalink: String,
    lang: &'a str,
    date: DateView,
    updated: Option<DateView>,
    author: Option<&'a str>,
    summary: &'a str,
    content: &'a str,
    tags: Vec<TagLink<'a>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    /// A translation whose original changed since it was marked up to date.
    stale: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    newer: Option<String>,
    older: Option<String>,
}

/// One URL of the sitemap, with its language versions.
#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<Link>,
}

/// The context every HTML template gets.
#[derive(Serialize)]
struct HtmlContext<'a> {
    kind: &'static str,
    site: SiteView<'a>,
    lang: &'a str,
    lang_name: &'a str,
    t: &'a BTreeMap<String, String>,
    title: String,
    description: String,
    canonical: String,
    alternates: Vec<Link>,
    switch: Vec<SwitchLink<'a>>,
    /// True when at least one switch entry leads to a real translation.
    has_translation: bool,
    home_url: String,
    tags_url: String,
    feed_url: String,
    css_url: String,
    page: Option<PageView<'a>>,
    articles: Vec<PageView<'a>>,
    pagination: Option<Pagination>,
    tag: Option<TagLink<'a>>,
    tags: Vec<TagLink<'a>>,
    inject: &'a str,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, options: &'a RenderOptions) -> Self {
        Renderer {
            site,
            theme,
            options,
            config: &site.config,
            sitemap_hash: std::sync::OnceLock::new(),
        }
    }

    /// Every job with its path; fails on colliding paths.
    fn plan(&self) -> Result<Vec<Planned<'a>>, Vec<Diagnostic>> {
        let plan: Vec<Planned> = self
            .all_jobs()
            .into_par_iter()
            .map(|job| Planned {
                path: self.path(&job),
                job,
            })
            .collect();
        check_collisions(&plan)?;
        Ok(plan)
    }

    /// The rendering jobs, then the static files to copy.
    fn all_jobs(&self) -> Vec<Job<'a>> {
        let mut jobs = self.jobs();
        jobs.extend(
            self.theme
                .static_files
                .iter()
                .map(|(path, file)| Job::Static(path, file)),
        );
        jobs
    }

    /// Runs `todo` in parallel, handing each file to `emit`; all failures
    /// are returned together.
    fn run_jobs<T: Send>(
        &self,
        todo: &[&Job<'a>],
        emit: &(impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync),
    ) -> Result<Vec<T>, Vec<Diagnostic>> {
        let results: Vec<Result<T, Diagnostic>> = todo
            .par_iter()
            .map(|job| self.run(job).and_then(emit))
            .collect();
        let mut out = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for res in results {
            match res {
                Ok(t) => out.push(t),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The output path of a job, known without rendering it.
    fn path(&self, job: &Job) -> String {
        match *job {
            Job::Article(i) => self.site.pages[i].output_file.clone(),
            Job::List { lang, tag, number } => {
                let url = self.list_url(lang, tag, number);
                output_file(url.strip_prefix(&self.config.base_url.path).unwrap_or(&url))
            }
            Job::TagIndex(lang) => format!("{}/tags/index.html", lang.code),
            Job::Feed(lang) => format!("{}/atom.xml", lang.code),
            Job::Root => "index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Sitemap(None) | Job::SitemapIndex => "sitemap.xml".into(),
            Job::Sitemap(Some(part)) => format!("sitemap{}.xml", part + 1),
            Job::Robots => "robots.txt".into(),
            Job::Static(path, _) => path.to_string(),
        }
    }

    /// A hash of everything a page's view shows, for each page: what its
    /// article, listing and feed entries are made of.
    fn page_versions(&self) -> Vec<u64> {
        (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| self.page_version(i))
            .collect()
    }

    /// [`Renderer::page_versions`], taking the version of a page that is
    /// still the same `Arc` as in `pages` from `versions`. Only valid while
    /// the site's structure is the same (tag counts and translation URLs,
    /// which a page's version also covers, come from it).
    fn page_versions_reusing(&self, pages: &[Arc<Page>], versions: &[u64]) -> Vec<u64> {
        (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| {
                if Arc::ptr_eq(&self.site.pages[i], &pages[i]) {
                    versions[i]
                } else {
                    self.page_version(i)
                }
            })
            .collect()
    }

    fn page_version(&self, i: usize) -> u64 {
        let page = &self.site.pages[i];
        let section = self.section(&page.article.lang);
        let mut h = DefaultHasher::new();
        // The body's id stands for the article, title, summary, tags and HTML.
        (page.body.id, &page.url, page.stale).hash(&mut h);
        for (_, slug) in &page.body.tags {
            tag_count(section, slug).hash(&mut h);
        }
        for &t in &page.translations {
            let p = &self.site.pages[t];
            (&p.article.lang, &p.url).hash(&mut h);
        }
        h.finish()
    }

    /// Whether a job's fingerprint may differ from the last render's, given
    /// which pages' versions `changed`, while the site's structure and the
    /// theme are the same: tag index, sitemap and the site-wide pages depend
    /// only on those (see [`crate::site::Site::structure_id`]).
    fn may_change(&self, job: &Job, changed: &[bool]) -> bool {
        match *job {
            Job::Article(i) => changed[i],
            Job::List { lang, tag, number } => {
                let section = self.section(&lang.code);
                let pages = match tag {
                    None => &section.pages,
                    Some(t) => &section.tags[t].pages,
                };
                let per = self.config.paginate;
                pages
                    .iter()
                    .skip((number - 1) * per)
                    .take(per)
                    .any(|&i| changed[i])
            }
            Job::Feed(lang) => self
                .section(&lang.code)
                .pages
                .iter()
                .take(self.config.feed_limit)
                .any(|&i| changed[i]),
            Job::Static(..) => true,
            Job::TagIndex(_)
            | Job::Sitemap(_)
            | Job::SitemapIndex
            | Job::Root
            | Job::NotFound
            | Job::Robots => false,
        }
    }

    /// The fingerprint of a job's inputs (see [`RenderCache`]). Every
    /// template's output also depends on the theme, hashed in.
    fn fingerprint(&self, job: &Job, versions: &[u64]) -> u64 {
        let theme = self.theme.fingerprint;
        match *job {
            Job::Article(i) => hash_of((theme, "article", versions[i])),
            Job::List { lang, tag, number } => {
                let section = self.section(&lang.code);
                let (pages, tag) = match tag {
                    None => (&section.pages, None),
                    Some(t) => {
                        let t = &section.tags[t];
                        (&t.pages, Some((&t.name, &t.slug, t.pages.len())))
                    }
                };
                let per = self.config.paginate;
                let shown: Vec<u64> = pages
                    .iter()
                    .skip((number - 1) * per)
                    .take(per)
                    .map(|&i| versions[i])
                    .collect();
                let total = page_count(pages.len(), per);
                hash_of((theme, "list", &lang.code, tag, number, total, shown))
            }
            Job::TagIndex(lang) => {
                let tags: Vec<(&str, &str, usize)> = self
                    .section(&lang.code)
                    .tags
                    .iter()
                    .map(|t| (t.name.as_str(), t.slug.as_str(), t.pages.len()))
                    .collect();
                hash_of((theme, "tags", &lang.code, tags))
            }
            Job::Feed(lang) => {
                let section = self.section(&lang.code);
                let shown: Vec<u64> = section
                    .pages
                    .iter()
                    .take(self.config.feed_limit)
                    .map(|&i| versions[i])
                    .collect();
                hash_of((theme, "feed", &lang.code, shown, self.feed_updated(lang)))
            }
            Job::Sitemap(part) => hash_of((theme, "sitemap", part, self.sitemap_inputs())),
            Job::SitemapIndex => hash_of((theme, "sitemap-index", self.sitemap_parts())),
            Job::Root | Job::NotFound | Job::Robots => hash_of((theme, self.path(job))),
            Job::Static(_, file) => hash_of(&file.bytes),
        }
    }

    /// What the sitemap lists: every page's URL, date and translations, and
    /// every tag, hashed.
    fn sitemap_inputs(&self) -> u64 {
        *self.sitemap_hash.get_or_init(|| self.hash_sitemap_inputs())
    }

    fn hash_sitemap_inputs(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for page in &self.site.pages {
            let f = &page.article.front;
            (&page.url, f.updated.unwrap_or(f.date).date_naive()).hash(&mut h);
            for &t in &page.translations {
                (&self.site.pages[t].url, &self.site.pages[t].article.lang).hash(&mut h);
            }
        }
        for section in self.site.sections.iter() {
            for tag in &section.tags {
                (&section.lang, &tag.slug).hash(&mut h);
            }
        }
        h.finish()
    }

    fn jobs(&self) -> Vec<Job<'a>> {
        let site = self.site;
        let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Article).collect();
        for (lang, section) in site.config.languages.iter().zip(site.sections.iter()) {
            for number in 1..=page_count(section.pages.len(), site.config.paginate) {
                jobs.push(Job::List {
                    lang,
                    tag: None,
                    number,
                });
            }
            for (t, tag) in section.tags.iter().enumerate() {
                for number in 1..=page_count(tag.pages.len(), site.config.paginate) {
                    jobs.push(Job::List {
                        lang,
                        tag: Some(t),
                        number,
                    });
                }
            }
            jobs.push(Job::TagIndex(lang));
            jobs.push(Job::Feed(lang));
        }
        jobs.extend([Job::Root, Job::NotFound, Job::Robots]);
        match self.sitemap_parts() {
            1 => jobs.push(Job::Sitemap(None)),
            n => {
                jobs.push(Job::SitemapIndex);
                jobs.extend((0..n).map(|part| Job::Sitemap(Some(part))));
            }
        }
        jobs
    }

    fn run(&self, job: &Job) -> Result<OutputFile, Diagnostic> {
        match *job {
            Job::Article(i) => self.article(i),
            Job::List { lang, tag, number } => self.list(lang, tag, number),
            Job::TagIndex(lang) => self.tag_index(lang),
            Job::Feed(lang) => self.feed(lang),
            Job::Root => self.plain("root.html", "index.html", self.site_context()),
            Job::NotFound => self.plain("404.html", "404.html", self.site_context()),
            Job::Sitemap(part) => self.sitemap(part),
            Job::SitemapIndex => self.sitemap_index(),
            Job::Robots => self.plain("robots.txt", "robots.txt", self.site_context()),
            Job::Static(path, file) => Ok(OutputFile {
                path: path.to_string(),
                bytes: file.bytes.clone(),
                lang: None,
            }),
        }
    }

    fn strings(&self, lang: &str) -> &'a BTreeMap<String, String> {
        &self.theme.strings[lang]
    }

    fn t(&self, lang: &str, key: &str) -> &'a str {
        self.strings(lang)
            .get(key)
            .map(String::as_str)
            .unwrap_or("")
    }

    fn url(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.config.base_url.path,
            path.trim_start_matches('/')
        )
    }

    fn abs(&self, url: &str) -> String {
        self.config.base_url.absolute(url)
    }

    fn home_url(&self, lang: &str) -> String {
        self.url(&format!("{lang}/"))
    }

    fn tags_url(&self, lang: &str) -> String {
        self.url(&format!("{lang}/tags/"))
    }

    fn tag_url(&self, lang: &str, slug: &str) -> String {
        self.url(&format!("{lang}/tags/{slug}/"))
    }

    fn site_view(&self, lang: &'a Language) -> SiteView<'a> {
        SiteView {
            title: &lang.title,
            description: &lang.description,
            base_url: self.abs(&self.config.base_url.path),
            base_path: &self.config.base_url.path,
            default_language: &self.config.default_language().code,
            languages: self
                .config
                .languages
                .iter()
                .map(|l| LanguageView {
                    code: &l.code,
                    name: &l.name,
                    title: &l.title,
                    home_url: self.home_url(&l.code),
                    t: self.strings(&l.code),
                })
                .collect(),
        }
    }

    fn page_view(&self, i: usize) -> PageView<'a> {
        let page: &'a Page = &self.site.pages[i];
        let a = &page.article;
        let lang = self
            .config
            .language(&a.lang)
            .expect("article languages are configured");
        let section = self.section(&a.lang);
        PageView {
            title: &page.body.title,
            url: &page.url,
            permalink: self.abs(&page.url),
            lang: &a.lang,
            date: dates::view(&a.front.date, lang),
            updated: a.front.updated.as_ref().map(|d| dates::view(d, lang)),
            author: a.front.author.as_deref(),
            summary: &page.body.summary,
            content: &page.body.html,
            tags: page
                .body
                .tags
                .iter()
                .map(|(name, slug)| TagLink {
                    name,
                    url: self.tag_url(&a.lang, slug),
                    count: tag_count(section, slug),
                })
                .collect(),
            extra: &a.front.extra,
            stale: page.stale,
        }
    }

    fn section(&self, lang: &str) -> &'a crate::site::Section {
        self.site
            .sections
            .iter()
            .find(|s| s.lang == lang)
            .expect("a section per language")
    }

    /// The skeleton of an HTML page's context; callers fill in the rest.
    fn html_context(&self, kind: &'static str, lang: &'a Language, url: &str) -> HtmlContext<'a> {
        HtmlContext {
            kind,
            site: self.site_view(lang),
            lang: &lang.code,
            lang_name: &lang.name,
            t: self.strings(&lang.code),
            title: lang.title.clone(),
            description: lang.description.clone(),
            canonical: self.abs(url),
            alternates: Vec::new(),
            switch: Vec::new(),
            has_translation: false,
            home_url: self.home_url(&lang.code),
            tags_url: self.tags_url(&lang.code),
            feed_url: self.abs(&self.url(&format!("{}/atom.xml", lang.code))),
            css_url: self.url("style.css"),
            page: None,
            articles: Vec::new(),
            pagination: None,
            tag: None,
            tags: Vec::new(),
            inject: self.options.inject.as_deref().unwrap_or(""),
        }
    }

    /// Switch entries pointing at each other language's home.
    fn switch_to_homes(&self, lang: &str, translated: bool) -> Vec<SwitchLink<'a>> {
        self.config
            .languages
            .iter()
            .filter(|l| l.code != lang)
            .map(|l| SwitchLink {
                code: &l.code,
                name: &l.name,
                url: self.home_url(&l.code),
                label: if translated {
                    self.t(&l.code, "read_in")
                } else {
                    self.t(&l.code, "edition")
                },
                translated,
                current: false,
            })
            .collect()
    }

    /// `hreflang` alternates for a set of (language, url) versions of one page.
    fn alternates(&self, versions: &[(&str, String)], x_default: String) -> Vec<Link> {
        let mut links: Vec<Link> = versions
            .iter()
            .map(|(l, u)| Link {
                hreflang: l.to_string(),
                href: self.abs(u),
            })
            .collect();
        links.push(Link {
            hreflang: "x-default".into(),
            href: self.abs(&x_default),
        });
        links
    }

    fn article(&self, i: usize) -> Result<OutputFile, Diagnostic> {
        let page = &self.site.pages[i];
        let a = &page.article;
        let lang = self.config.language(&a.lang).expect("configured");
        let mut ctx = self.html_context("article", lang, &page.url);
        ctx.title = page.body.title.clone();
        ctx.description = page.body.summary.clone();
        let mut versions: Vec<(&str, String)> = vec![(&a.lang, page.url.clone())];
        versions.extend(page.translations.iter().map(|&t| {
            let p = &self.site.pages[t];
            (p.article.lang.as_str(), p.url.clone())
        }));
        versions.sort_by_key(|(l, _)| self.config.languages.iter().position(|x| x.code == *l));
        let x_default = versions[0].1.clone();
        ctx.alternates = self.alternates(&versions, x_default);
        ctx.switch = self
            .config
            .languages
            .iter()
            .filter(|l| l.code != a.lang)
            .map(
                |l| match versions.iter().find(|(code, _)| *code == l.code) {
                    Some((_, url)) => SwitchLink {
                        code: &l.code,
                        name: &l.name,
                        url: url.clone(),
                        label: self.t(&l.code, "read_in"),
                        translated: true,
                        current: false,
                    },
                    None => SwitchLink {
                        code: &l.code,
                        name: &l.name,
                        url: self.home_url(&l.code),
                        label: self.t(&l.code, "edition"),
                        translated: false,
                        current: false,
                    },
                },
            )
            .collect();
        ctx.page = Some(self.page_view(i));
        self.html("article.html", &page.output_file, &lang.code, &mut ctx)
    }

    fn list(
        &self,
        lang: &'a Language,
        tag: Option<usize>,
        number: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let section = self.section(&lang.code);
        let pages = match tag {
            None => &section.pages,
            Some(t) => &section.tags[t].pages,
        };
        let per = self.config.paginate;
        let total = page_count(pages.len(), per);
        let page_url = |n: usize| self.list_url(lang, tag, n);
        let base = page_url(1);
        let url = page_url(number);
        let mut ctx = self.html_context(if tag.is_some() { "tag" } else { "home" }, lang, &url);
        ctx.articles = pages
            .iter()
            .skip((number - 1) * per)
            .take(per)
            .map(|&i| self.page_view(i))
            .collect();
        ctx.pagination = Some(Pagination {
            current: number,
            total,
            newer: (number > 1).then(|| page_url(number - 1)),
            older: (number < total).then(|| page_url(number + 1)),
        });
        match tag {
            None if number == 1 => {
                let homes: Vec<(&str, String)> = self
                    .config
                    .languages
                    .iter()
                    .map(|l| (l.code.as_str(), self.home_url(&l.code)))
                    .collect();
                ctx.alternates = self.alternates(&homes, self.config.base_url.path.clone());
                ctx.switch = self.switch_to_homes(&lang.code, true);
            }
            _ => {
                ctx.alternates = self.alternates(&[(&lang.code, url.clone())], url.clone());
                ctx.switch = self.switch_to_homes(&lang.code, false);
            }
        }
        if let Some(t) = tag {
            let tag = &section.tags[t];
            ctx.title = format!("{} — {}", tag.name, lang.title);
            ctx.tag = Some(TagLink {
                name: &tag.name,
                url: base.clone(),
                count: tag.pages.len(),
            });
        }
        if number > 1 {
            ctx.title = format!("{} — {} {number}", ctx.title, self.t(&lang.code, "page"));
        }
        let path = output_file(url.strip_prefix(&self.config.base_url.path).unwrap_or(&url));
        self.html("list.html", &path, &lang.code, &mut ctx)
    }

    /// The URL of page `number` of a language's home or tag listing.
    fn list_url(&self, lang: &Language, tag: Option<usize>, number: usize) -> String {
        let base = match tag {
            None => self.home_url(&lang.code),
            Some(t) => self.tag_url(&lang.code, &self.section(&lang.code).tags[t].slug),
        };
        if number == 1 {
            base
        } else {
            format!("{base}page/{number}/")
        }
    }

    fn tag_index(&self, lang: &'a Language) -> Result<OutputFile, Diagnostic> {
        let url = self.tags_url(&lang.code);
        let mut ctx = self.html_context("tags", lang, &url);
        let versions: Vec<(&str, String)> = self
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), self.tags_url(&l.code)))
            .collect();
        ctx.alternates = self.alternates(&versions, versions[0].1.clone());
        ctx.switch = self.switch_to_homes(&lang.code, true);
        for s in &mut ctx.switch {
            s.url = self.tags_url(s.code);
        }
        ctx.title = format!("{} — {}", self.t(&lang.code, "tags"), lang.title);
        ctx.tags = self
            .section(&lang.code)
            .tags
            .iter()
            .map(|t| TagLink {
                name: &t.name,
                url: self.tag_url(&lang.code, &t.slug),
                count: t.pages.len(),
            })
            .collect();
        self.html(
            "tags.html",
            &format!("{}/tags/index.html", lang.code),
            &lang.code,
            &mut ctx,
        )
    }

    fn feed(&self, lang: &'a Language) -> Result<OutputFile, Diagnostic> {
        let section = self.section(&lang.code);
        let entries: Vec<PageView> = section
            .pages
            .iter()
            .take(self.config.feed_limit)
            .map(|&i| self.page_view(i))
            .collect();
        let updated = self.feed_updated(lang);
        let ctx = serde_json::json!({
            "site": self.site_view(lang),
            "lang": lang.code,
            "t": self.strings(&lang.code),
            "feed_url": self.abs(&self.url(&format!("{}/atom.xml", lang.code))),
            "home_url": self.abs(&self.home_url(&lang.code)),
            "updated": updated,
            "entries": entries,
        });
        self.plain("atom.xml", &format!("{}/atom.xml", lang.code), ctx)
    }

    /// The feed's `<updated>`: the latest date or update of the language's articles.
    fn feed_updated(&self, lang: &Language) -> String {
        self.section(&lang.code)
            .pages
            .iter()
            .map(|&i| {
                let f = &self.site.pages[i].article.front;
                f.updated.unwrap_or(f.date)
            })
            .max()
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into())
    }

    fn site_context(&self) -> serde_json::Value {
        let lang = self.config.default_language();
        let homes: serde_json::Map<String, serde_json::Value> = self
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), self.home_url(&l.code).into()))
            .collect();
        serde_json::json!({
            "homes_json": script_json(&homes),
            "default_json": script_json(&lang.code),
            "site": self.site_view(lang),
            "lang": lang.code,
            "t": self.strings(&lang.code),
            "css_url": self.url("style.css"),
            "sitemap_url": self.abs(&self.url("sitemap.xml")),
            "inject": self.options.inject.as_deref().unwrap_or(""),
        })
    }

    /// How many URLs the sitemap lists: the homes, the articles, the tags.
    fn sitemap_len(&self) -> usize {
        let tags: usize = self.site.sections.iter().map(|s| s.tags.len()).sum();
        self.config.languages.len() + self.site.pages.len() + tags
    }

    /// How many files the sitemap takes (1: no index).
    fn sitemap_parts(&self) -> usize {
        self.sitemap_len()
            .div_ceil(self.config.sitemap_max_urls)
            .max(1)
    }

    /// Sitemap entry `k`, counting the homes, then the articles, then the tags.
    fn sitemap_entry(&self, k: usize) -> SitemapEntry {
        let langs = &self.config.languages;
        if k < langs.len() {
            let homes: Vec<(&str, String)> = langs
                .iter()
                .map(|l| (l.code.as_str(), self.home_url(&l.code)))
                .collect();
            return SitemapEntry {
                loc: self.abs(&self.home_url(&langs[k].code)),
                lastmod: None,
                alternates: self.alternates(&homes, self.config.base_url.path.clone()),
            };
        }
        if let Some(page) = self.site.pages.get(k - langs.len()) {
            let a = &page.article;
            let mut versions: Vec<(&str, String)> = vec![(&a.lang, page.url.clone())];
            versions.extend(page.translations.iter().map(|&t| {
                let p = &self.site.pages[t];
                (p.article.lang.as_str(), p.url.clone())
            }));
            versions.sort_by_key(|(l, _)| langs.iter().position(|x| x.code == *l));
            let x_default = versions[0].1.clone();
            let changed = a.front.updated.unwrap_or(a.front.date);
            return SitemapEntry {
                loc: self.abs(&page.url),
                lastmod: Some(changed.format("%Y-%m-%d").to_string()),
                alternates: self.alternates(&versions, x_default),
            };
        }
        let mut rest = k - langs.len() - self.site.pages.len();
        for section in self.site.sections.iter() {
            if let Some(tag) = section.tags.get(rest) {
                let url = self.tag_url(&section.lang, &tag.slug);
                return SitemapEntry {
                    loc: self.abs(&url),
                    lastmod: None,
                    alternates: self.alternates(&[(&section.lang, url.clone())], url),
                };
            }
            rest -= section.tags.len();
        }
        unreachable!("sitemap entry {k} is past the end")
    }

    /// The sitemap, or part `part` of a split one.
    fn sitemap(&self, part: Option<usize>) -> Result<OutputFile, Diagnostic> {
        let per = self.config.sitemap_max_urls;
        let range = match part {
            None => 0..self.sitemap_len(),
            Some(p) => p * per..((p + 1) * per).min(self.sitemap_len()),
        };
        let entries: Vec<SitemapEntry> = range.map(|k| self.sitemap_entry(k)).collect();
        #[derive(Serialize)]
        struct Sitemap {
            entries: Vec<SitemapEntry>,
        }
        let path = self.path(&Job::Sitemap(part));
        self.plain("sitemap.xml", &path, Sitemap { entries })
    }

    /// `sitemap.xml` as an index of the parts, for sites past the URL limit.
    fn sitemap_index(&self) -> Result<OutputFile, Diagnostic> {
        let sitemaps: Vec<String> = (0..self.sitemap_parts())
            .map(|p| self.abs(&self.url(&self.path(&Job::Sitemap(Some(p))))))
            .collect();
        self.plain(
            "sitemap_index.xml",
            "sitemap.xml",
            serde_json::json!({ "sitemaps": sitemaps }),
        )
    }

    fn html(
        &self,
        template: &str,
        path: &str,
        lang: &str,
        ctx: &mut HtmlContext<'a>,
    ) -> Result<OutputFile, Diagnostic> {
        ctx.has_translation = ctx.switch.iter().any(|s| s.translated);
        let here = self
            .config
            .languages
            .iter()
            .position(|l| l.code == lang)
            .unwrap_or(0);
        let own = self.config.language(lang).expect("configured");
        let url = ctx
            .canonical
            .strip_prefix(&self.config.base_url.origin)
            .unwrap_or(&ctx.canonical)
            .to_string();
        let current = SwitchLink {
            code: &own.code,
            name: &own.name,
            url,
            label: &own.name,
            translated: false,
            current: true,
        };
        ctx.switch.insert(here.min(ctx.switch.len()), current);
        let mut file = self.plain(template, path, &*ctx)?;
        file.lang = Some(lang.to_string());
        Ok(file)
    }

    /// Renders `template` into `path` with `ctx` (anything serializable:
    /// passed as is, not through a `serde_json::Value`, so big contexts such
    /// as the sitemap's are not copied twice).
    fn plain(
        &self,
        template: &str,
        path: &str,
        ctx: impl Serialize,
    ) -> Result<OutputFile, Diagnostic> {
        let context = tera::Context::from_serialize(&ctx).map_err(|e| {
            self.theme
                .diagnostic(template, &format!("rendering {path}"), &e)
        })?;
        let bytes = self.render_bytes(template, path, &context)?;
        Ok(OutputFile {
            path: path.to_string(),
            bytes,
            lang: None,
        })
    }

    fn render_bytes(
        &self,
        template: &str,
        path: &str,
        context: &tera::Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.theme
            .tera
            .render_to(template, context, &mut out)
            .map_err(|e| {
                self.theme
                    .diagnostic(template, &format!("rendering {path}"), &e)
            })?;
        Ok(out)
    }
}

/// JSON safe to put inside a `<script>` element.
fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .expect("plain data serializes")
        .replace("</", "<\\/")
}

/// How many pages of a section carry the tag `slug`.
fn tag_count(section: &crate::site::Section, slug: &str) -> usize {
    section
        .tags
        .binary_search_by(|t| t.slug.as_str().cmp(slug))
        .map_or(0, |i| section.tags[i].pages.len())
}

/// Listing pages needed for `n` items, at least one (an empty home still exists).
fn page_count(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

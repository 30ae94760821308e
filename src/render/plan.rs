//! The plan: every file the site is made of, as a [`Job`] with the one path
//! it is written to. This is the only code that decides an output path;
//! renderers receive their planned job and path. Two jobs on one path (an
//! article slug or a static file landing on a generated page) are refused
//! before anything is rendered.

use crate::config::Language;
use crate::diagnostic::{Checked, Diagnostic, Diagnostics};
use crate::ids::{AuthorId, LangId, PageId, SectionId, TagId};
use crate::images::Image;
use crate::site::{MenuLink, Site};
use crate::templates::{Theme, ThemeFile};
use crate::urls::Urls;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// One unit of rendering work: one output file.
#[derive(Clone, Copy, Debug)]
pub enum Job<'a> {
    /// An article's page.
    Article(PageId),
    /// One page of a language's home listing or of a tag listing.
    List(Listing<'a>),
    /// A language's tag index.
    TagIndex(&'a Language),
    /// A language's search page, with the theme's `search_slug` as written.
    Search(&'a Language, Option<&'a str>),
    /// A language's Atom feed (`Of::Home`), or a section's or an author's.
    Feed(&'a Language, Of),
    /// The root `index.html` that sends readers to their language.
    Root,
    /// `404.html`.
    NotFound,
    /// `robots.txt`.
    Robots(Root<'a>),
    /// The whole sitemap (`None`), or one part of a split one.
    Sitemap(Root<'a>, Option<usize>),
    /// `sitemap.xml` listing the parts of a split sitemap.
    SitemapIndex(Root<'a>),
    /// `news-sitemap.xml`: the last two days' articles, for Google News.
    NewsSitemap(Root<'a>),
    /// The page at old path `n` (`aliases:`) of an article, sending readers on.
    Redirect(PageId, usize),
    /// The page at old path `n` of `[redirects]` in `site.toml`.
    SiteRedirect(usize),
    /// A feed again at old path `n` of `[redirects]` (`/index.xml` →
    /// `/fr/atom.xml`): a feed reader follows no redirect page, so the old
    /// address serves the feed itself.
    FeedAt(&'a Language, Of, usize),
    /// `_redirects`: every alias, for hosts that make them HTTP redirects.
    Redirects(Root<'a>),
    /// A theme or site static file, copied as is.
    Static(&'a str, &'a ThemeFile),
    /// A file of `content/` the pages use: its variants (resized and
    /// re-encoded images), or the file as it is.
    Image(&'a Image),
}

/// Which host a file a host reads (`robots.txt`, the sitemaps,
/// `_redirects`) is for: the site's address (`None`), or a language's own
/// root, when languages have their own addresses (see `Urls::with_hosts`);
/// such a file lists only that language's URLs and lives in its folder.
pub type Root<'a> = Option<&'a Language>;

/// The hosts the site is published on: each language's own root, or the
/// site's one address.
pub fn roots(site: &Site) -> Vec<Root<'_>> {
    let urls = site.urls();
    let own: Vec<Root> = urls
        .own_roots()
        .filter_map(|code| site.config.language(code))
        .map(Some)
        .collect();
    match own.is_empty() {
        true => vec![None],
        false => own,
    }
}

/// Whether a URL of `lang` is one `root`'s host serves.
pub fn on_root(root: Root, lang: &str) -> bool {
    root.is_none_or(|r| r.code == lang)
}

/// What a listing (or a feed) lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Of {
    /// The language's home: its latest articles.
    Home,
    /// A tag of the listing's language.
    Tag(TagId),
    /// A section.
    Section(SectionId),
    /// An author.
    Author(AuthorId),
}

/// One page of a paginated listing.
#[derive(Clone, Copy, Debug)]
pub struct Listing<'a> {
    /// Its language.
    pub lang: &'a Language,
    /// What it lists.
    pub of: Of,
    /// Page number, from 1.
    pub number: usize,
}

impl<'a> Listing<'a> {
    /// Every page the listing holds, over all its pages, newest first.
    pub fn all<'s>(&self, site: &'s Site) -> &'s [PageId] {
        let edition = site.edition(&self.lang.code);
        match self.of {
            Of::Home => &edition.listed,
            Of::Tag(t) => &edition.tags[t].pages,
            Of::Section(s) => &edition.sections_listed[s],
            Of::Author(w) => &edition.authors[w],
        }
    }

    /// The pages shown on this page of the listing.
    pub fn shown<'s>(&self, site: &'s Site) -> &'s [PageId] {
        let all = self.all(site);
        let per = site.config.paginate;
        let start = ((self.number - 1) * per).min(all.len());
        &all[start..(start + per).min(all.len())]
    }

    /// How many pages the listing has.
    pub fn total(&self, site: &Site) -> usize {
        page_count(self.all(site).len(), site.config.paginate)
    }

    /// The URL of page `number` of this listing.
    pub fn url(&self, site: &Site, number: usize) -> String {
        let urls = site.urls();
        urls.listing_page(&first_url(site, &self.lang.code, self.of), number)
    }
}

/// A job with the file it makes.
#[derive(Debug)]
pub struct Planned<'a> {
    /// What to render.
    pub job: Job<'a>,
    /// Where, under the output folder (`/`-separated); for an image, its
    /// first variant (see [`Planned::files`]).
    pub path: String,
}

impl Planned<'_> {
    /// Every file the job writes: its path, or each variant of an image.
    pub fn files(&self) -> Vec<&str> {
        match self.job {
            Job::Image(image) => image.variants.iter().map(|v| v.file.as_str()).collect(),
            _ => vec![self.path.as_str()],
        }
    }
}

/// Every job of the site with its path; fails on colliding paths.
pub fn plan<'a>(site: &'a Site, theme: &'a Theme) -> Checked<Vec<Planned<'a>>> {
    let plan = plan_unchecked(site, theme);
    let problems = problems(site, &plan);
    match problems.is_empty() {
        true => Ok(plan),
        false => Err(problems),
    }
}

/// What [`plan`] refuses: colliding paths, menu links that lead nowhere.
pub fn problems(site: &Site, plan: &[Planned]) -> Vec<Diagnostic> {
    let mut problems = check_collisions(site, plan).err().unwrap_or_default();
    problems.extend(dead_menu_links(site, plan));
    problems
}

/// Every job of the site with its path, without refusing anything: for
/// `check`, which reports [`plan`]'s problems and still inspects the pages.
pub fn plan_unchecked<'a>(site: &'a Site, theme: &'a Theme) -> Vec<Planned<'a>> {
    jobs(site, theme)
        .into_par_iter()
        .map(|job| Planned {
            path: path(site, &job),
            job,
        })
        .collect()
}

/// Menu `url`s under the site that no file of the plan serves, each with
/// an error at its line of `site.toml`: one error for the writer to fix,
/// not a broken link on every page that shows the menu.
fn dead_menu_links(site: &Site, plan: &[Planned]) -> Vec<Diagnostic> {
    use crate::config::MenuTarget;
    use crate::urls::Place;
    let files: rustc_hash::FxHashSet<&str> = plan.iter().flat_map(|p| p.files()).collect();
    let urls = site.urls();
    let mut dead = Vec::new();
    for (lang, menu) in site.config.languages.iter().zip(&site.menus) {
        for (item, MenuLink { url, .. }) in lang.menu.iter().zip(&menu.entries) {
            if !matches!(item.target, MenuTarget::Url(_)) {
                continue;
            }
            let home = urls.output_file(&urls.home(&lang.code));
            let Some(target) = urls.target(url, &home) else {
                continue;
            };
            let found = match target.path {
                Place::Site(Some(path)) => urls.reach(&path, |f| files.contains(f)),
                _ => None,
            };
            if found.is_none() {
                let message = format!(
                    "the menu entry `{}` leads to {url}, which no page of the site serves (name a page with `page = \"{}/…md\"`, a section with `section = \"…\"`, or a URL the site has)",
                    item.name, lang.code
                );
                dead.push(Diagnostic::at(site.config.file(), item.line, message));
            }
        }
    }
    dead
}

/// The jobs of the site, in a stable order: the longest started first
/// (images, then the sitemaps: rendered last, a 20,000-entry sitemap kept
/// one core busy alone for the last ~0.1 s of a 10,000-pair build), then
/// articles, each language's listings, tag listings, tag index and feed,
/// the site-wide files, and the static files.
pub fn jobs<'a>(site: &'a Site, theme: &'a Theme) -> Vec<Job<'a>> {
    let config = &site.config;
    let mut jobs: Vec<Job> = site.images.iter().map(|i| Job::Image(i)).collect();
    let roots = roots(site);
    for &root in &roots {
        match sitemap_parts(site, root) {
            1 => jobs.push(Job::Sitemap(root, None)),
            n => {
                jobs.push(Job::SitemapIndex(root));
                jobs.extend((0..n).map(|part| Job::Sitemap(root, Some(part))));
            }
        }
        if config.news_sitemap {
            jobs.push(Job::NewsSitemap(root));
        }
    }
    jobs.extend(site.page_ids().map(Job::Article));
    let aliased = site.page_ids().flat_map(|id| {
        let n = site.page(id).article.front.aliases.len();
        (0..n).map(move |i| Job::Redirect(id, i))
    });
    let before = jobs.len();
    jobs.extend(aliased);
    jobs.extend((0..config.redirects.len()).map(|n| match feed_at(site, n) {
        Some((lang, of)) => Job::FeedAt(lang, of, n),
        None => Job::SiteRedirect(n),
    }));
    if jobs.len() > before {
        jobs.extend(roots.iter().copied().map(Job::Redirects));
    }
    for (lang, edition) in config.languages.iter().zip(site.editions.iter()) {
        let tags = edition.tags.enumerate();
        let sections = edition.sections_listed.enumerate();
        let authors = edition.authors.enumerate();
        let listings = std::iter::once((Of::Home, edition.listed.len()))
            .chain(tags.map(|(t, tag)| (Of::Tag(t), tag.pages.len())))
            .chain(sections.map(|(s, pages)| (Of::Section(s), pages.len())))
            .chain(authors.map(|(w, pages)| (Of::Author(w), pages.len())))
            .filter(|&(of, _)| is_published(site, &lang.code, of));
        for (of, len) in listings {
            for number in 1..=page_count(len, config.paginate) {
                jobs.push(Job::List(Listing { lang, of, number }));
            }
        }
        jobs.push(Job::TagIndex(lang));
        if config.search.enabled {
            jobs.push(Job::Search(lang, theme.search_slug_written(&lang.code)));
        }
        jobs.push(Job::Feed(lang, Of::Home));
        jobs.extend(
            config
                .sections
                .ids()
                .map(Of::Section)
                .filter(|&of| is_published(site, &lang.code, of))
                .map(|of| Job::Feed(lang, of)),
        );
        jobs.extend(config.authors.ids().map(|w| Job::Feed(lang, Of::Author(w))));
    }
    // The root picker, unless a language's home is the root itself.
    if !config.default_language_at_root && roots[0].is_none() {
        jobs.push(Job::Root);
    }
    jobs.push(Job::NotFound);
    jobs.extend(roots.into_iter().map(Job::Robots));
    jobs.extend(
        theme
            .static_files
            .iter()
            .map(|(path, file)| Job::Static(path, file)),
    );
    jobs
}

/// The output path of a job, known without rendering it.
pub fn path(site: &Site, job: &Job) -> String {
    let urls: Urls = site.urls();
    match *job {
        Job::Article(id) => site.page(id).output_file.clone(),
        Job::List(l) => urls.output_file(&l.url(site, l.number)),
        Job::TagIndex(lang) => urls.output_file(&urls.tags(&lang.code)),
        Job::Search(lang, slug) => {
            urls.output_file(&urls.search(&lang.code, &crate::templates::search_slug(slug)))
        }
        Job::Feed(lang, Of::Home) => urls.output_file(&urls.feed(&lang.code)),
        Job::Feed(lang, of) => {
            urls.output_file(&format!("{}atom.xml", first_url(site, &lang.code, of)))
        }
        Job::Root => "index.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Sitemap(root, None) | Job::SitemapIndex(root) => in_root(root, "sitemap.xml"),
        Job::Sitemap(root, Some(part)) => in_root(root, &format!("sitemap{}.xml", part + 1)),
        Job::NewsSitemap(root) => in_root(root, "news-sitemap.xml"),
        Job::Robots(root) => in_root(root, "robots.txt"),
        Job::Redirect(id, n) => {
            let page = site.page(id);
            urls.output_file(&urls.in_edition(&page.article.lang, &page.article.front.aliases[n]))
        }
        Job::SiteRedirect(n) | Job::FeedAt(.., n) => {
            urls.output_file(&urls.url(&site.config.redirects[n].from))
        }
        Job::Redirects(root) => in_root(root, "_redirects"),
        Job::Static(path, _) => path.to_string(),
        Job::Image(image) => image.variants[0].file.clone(),
    }
}

/// The feed `[redirects]` entry `n` leads to, when its old path is a feed's
/// (`….xml`, `….rss`, `….atom`) and it leads to a feed of the site.
fn feed_at(site: &Site, n: usize) -> Option<(&Language, Of)> {
    let redirect = &site.config.redirects[n];
    let crate::config::RedirectTarget::Site(to) = &redirect.to else {
        return None;
    };
    let name = redirect.from.rsplit('/').next().unwrap_or_default();
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    if !["xml", "rss", "atom"].contains(&ext.as_str()) {
        return None;
    }
    let urls = site.urls();
    let wanted = urls.output_file(&urls.url(to));
    let config = &site.config;
    config.languages.iter().find_map(|lang| {
        std::iter::once(Of::Home)
            .chain(config.sections.ids().map(Of::Section))
            .chain(config.authors.ids().map(Of::Author))
            .find(|&of| path(site, &Job::Feed(lang, of)) == wanted)
            .map(|of| (lang, of))
    })
}

/// A file of a host's root: in its language's folder for a language's own.
fn in_root(root: Root, file: &str) -> String {
    match root {
        Some(lang) => format!("{}/{file}", lang.code),
        None => file.to_string(),
    }
}

/// How many files the jobs write (an image writes each of its variants).
pub fn file_count(jobs: &[Job]) -> usize {
    jobs.iter()
        .map(|job| match job {
            Job::Image(image) => image.variants.len(),
            _ => 1,
        })
        .sum()
}

/// Two outputs on one path would silently replace each other: refuse
/// instead. An alias on the path of a real page is the writer's to fix, so
/// it is reported at the article's `aliases:` line.
fn check_collisions(site: &Site, plan: &[Planned]) -> Checked<()> {
    let mut seen: FxHashMap<&str, &Job> = FxHashMap::default();
    seen.reserve(plan.len());
    let mut errors = Diagnostics::new();
    let mut image_pairs: std::collections::HashSet<(&str, &str)> = Default::default();
    for planned in plan {
        for file in planned.files() {
            let Some(&other) = seen.get(file) else {
                seen.insert(file, &planned.job);
                continue;
            };
            let aliases: Vec<(PageId, usize)> = [other, &planned.job]
                .into_iter()
                .filter_map(|job| match *job {
                    Job::Redirect(id, n) => Some((id, n)),
                    _ => None,
                })
                .collect();
            errors.push(match aliases[..] {
                [(id, n), ..] => {
                    let article = &site.page(id).article;
                    let line = article.front.key_lines.get("aliases");
                    let alias = &article.front.aliases[n];
                    let what = match aliases.get(1) {
                        Some((theirs, _)) => format!(
                            "is also an alias of {}: one old path can lead to one article only",
                            site.page(*theirs).article.path.display()
                        ),
                        None => format!(
                            "is the path of a published page ({file}): an alias may only name a path nothing else uses"
                        ),
                    };
                    Diagnostic::at(&article.path, line, format!("alias `/{alias}` {what}"))
                }
                [] => match (other, &planned.job) {
                    (Job::SiteRedirect(n) | Job::FeedAt(.., n), _)
                    | (_, Job::SiteRedirect(n) | Job::FeedAt(.., n)) => {
                        let redirect = &site.config.redirects[*n];
                        Diagnostic::at(
                            site.config.file(),
                            redirect.line,
                            format!(
                                "[redirects] `/{}` is the path of a published file ({file}): a redirect may only stand where nothing else is",
                                redirect.from
                            ),
                        )
                    }
                    // Two originals whose variants share a name
                    // (`photo.jpg` and `photo.jpeg`): named both.
                    (Job::Image(a), Job::Image(b)) => {
                        let (a, b) = match a.source <= b.source {
                            true => (a, b),
                            false => (b, a),
                        };
                        // Once per pair, not once per shared variant.
                        if !image_pairs.insert((&a.source, &b.source)) {
                            continue;
                        }
                        Diagnostic::new(
                            std::path::Path::new("content").join(&b.source),
                            format!(
                                "its published file {file} would also be content/{}'s: rename one of them",
                                a.source
                            ),
                        )
                    }
                    _ => Diagnostic::new(
                        file,
                        "two outputs would be written to this path (an article slug or a static file clashes with a generated page)",
                    ),
                },
            });
        }
    }
    // Many hosts ignore letter case: an alias that differs from a page only
    // by it would replace that page there.
    let pages: FxHashMap<String, &str> = plan
        .iter()
        .filter(|p| !matches!(p.job, Job::Redirect(..)))
        .flat_map(|p| p.files())
        .map(|f| (f.to_lowercase(), f))
        .collect();
    for planned in plan {
        let Job::Redirect(id, n) = planned.job else {
            continue;
        };
        if let Some(page) = pages.get(&planned.path.to_lowercase())
            && *page != planned.path
        {
            let article = &site.page(id).article;
            let line = article.front.key_lines.get("aliases");
            let alias = &article.front.aliases[n];
            errors.push(Diagnostic::at(
                &article.path,
                line,
                format!(
                    "alias `/{alias}` differs from a published page ({page}) only by letter case, which many hosts ignore: it would replace that page there"
                ),
            ));
        }
    }
    errors.finish(())
}

/// The first page of what a listing of `lang` lists.
pub fn first_url(site: &Site, lang: &str, of: Of) -> String {
    let urls = site.urls();
    match of {
        Of::Home => urls.home(lang),
        Of::Tag(t) => urls.tag(lang, &site.edition(lang).tags[t].slug),
        Of::Section(s) => urls.section(lang, section_slug(site, s, lang)),
        Of::Author(w) => urls.author(lang, &site.config.authors[w].id),
    }
}

/// Whether the listing `of` has pages in `lang`. A section has them only
/// where it lists an article: an empty section page ("no articles yet"),
/// its empty feed and its sitemap entry are not published, and the other
/// languages' switch and alternates lead where an untranslated article's
/// do. The homes, tags (which exist only where used) and authors always.
pub fn is_published(site: &Site, lang: &str, of: Of) -> bool {
    match of {
        Of::Section(s) => !site.edition(lang).sections_listed[s].is_empty(),
        Of::Home | Of::Tag(_) | Of::Author(_) => true,
    }
}

/// The section and author pages the sitemap lists after the tags: each
/// section, then each author, in every language where it is published.
pub fn sitemap_groups(site: &Site) -> Vec<(Of, LangId)> {
    let config = &site.config;
    let of = config
        .sections
        .ids()
        .map(Of::Section)
        .chain(config.authors.ids().map(Of::Author));
    of.flat_map(|of| {
        config
            .languages
            .enumerate()
            .filter(move |(_, l)| is_published(site, &l.code, of))
            .map(move |(id, _)| (of, id))
    })
    .collect()
}

/// How many URLs the sitemap lists: the homes, the articles and pages,
/// the tags, the published sections, the authors.
pub fn sitemap_len(site: &Site) -> usize {
    let tags: usize = site.editions.iter().map(|e| e.tags.len()).sum();
    let languages = site.config.languages.len();
    languages + site.pages.len() + tags + sitemap_groups(site).len()
}

/// The sitemap entries `root`'s sitemap lists, as numbered over the whole
/// site's (see `Renderer::sitemap_entry`): all, or one language's.
pub fn sitemap_entries(site: &Site, root: Root) -> Vec<usize> {
    let Some(root) = root else {
        return (0..sitemap_len(site)).collect();
    };
    let config = &site.config;
    let langs = config.languages.len();
    let homes = (0..langs).map(LangId);
    let pages = site
        .pages
        .iter()
        .map(|p| config.language_index(&p.article.lang));
    let tags = site
        .editions
        .enumerate()
        .flat_map(|(l, e)| std::iter::repeat_n(l, e.tags.len()));
    let groups = sitemap_groups(site).into_iter().map(|(_, l)| l);
    let wanted = config.language_index(&root.code);
    homes
        .chain(pages)
        .chain(tags)
        .chain(groups)
        .enumerate()
        .filter(|&(_, l)| l == wanted)
        .map(|(k, _)| k)
        .collect()
}

/// The URL slug of section `s` in language `lang`.
pub fn section_slug<'s>(site: &'s Site, s: SectionId, lang: &str) -> &'s str {
    let i = site.config.language_index(lang);
    &site.config.sections[s].names[i].1
}

/// How many files the sitemap takes (1: no index).
pub fn sitemap_parts(site: &Site, root: Root) -> usize {
    let len = match root {
        None => sitemap_len(site),
        Some(_) => sitemap_entries(site, root).len(),
    };
    len.div_ceil(site.config.sitemap_max_urls).max(1)
}

/// Listing pages needed for `n` items, at least one (an empty home still exists).
pub fn page_count(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_listing_still_has_its_first_page() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
    }
}

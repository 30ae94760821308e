//! Render: every output file of the site, from the read-only [`Site`], the
//! [`Theme`] and the image [`Library`] beside them, in parallel.
//!
//! The flow: [`plan`] lists the jobs, each with the one path it writes;
//! each job builds its typed view ([`views`], the theme contract) in
//! [`pages`] (HTML) or [`feeds`] (Atom, sitemap); the view goes through its
//! template (an image job instead makes its variants through the library,
//! in parallel with the pages); the file goes to the caller's `emit` (the
//! staging folder of `gazette build`, memory for `check` and the dev
//! server). [`meta`] makes social metadata and JSON-LD, [`redirects`] the
//! aliases' pages, [`desk`] the dev server's translation desk. [`incremental`]
//! decides, for the dev server, which jobs a change touches.
//!
//! Adding an output kind: one [`Job`] variant with its path in [`plan`],
//! one view struct, one template.

pub mod desk;
pub mod feeds;
pub mod incremental;
mod meta;
pub mod pages;
mod parts;
pub mod plan;
mod redirects;
pub mod views;

#[cfg(test)]
mod tests;

pub use incremental::{RenderCache, render_changed};
pub use plan::{Job, Planned};

use crate::diagnostic::{Checked, Diagnostic, collect};
use crate::error::{Error, Result};
use crate::images::Library;
use crate::output::OutputFile;
use crate::site::Site;
use crate::templates::Theme;
use crate::urls::Urls;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// Choices that change what is rendered without changing the site.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// HTML injected before `</body>` of every page (the dev server's reload
    /// script); `None` in `gazette build`.
    pub inject: Option<String>,
    /// Rendering for the dev server's preview: drafts are marked as such
    /// (never in `gazette build`, even with `--drafts`).
    pub preview: bool,
}

/// Renders the whole site for `check`, handing each file to `emit` as it is
/// made (`check` keeps what it inspects, not the bytes): the plan's
/// problems (colliding paths, dead menu links) are returned beside the
/// results rather than stopping the run, so the rendered pages are
/// inspected all the same.
pub fn render_for_check<T: Send>(
    site: &Site,
    theme: &Theme,
    library: &Library,
    options: &RenderOptions,
    emit: impl Fn(OutputFile) -> Result<T> + Sync,
) -> (Result<Vec<T>>, Vec<crate::diagnostic::Diagnostic>) {
    let r = Renderer::new(site, theme, library, options);
    let plan = plan::plan_unchecked(site, theme);
    let problems = plan::problems(site, &plan);
    let all: Vec<&Planned> = plan.iter().collect();
    (r.run_all(&all, &emit), problems)
}

/// Renders every file and hands each to `emit` as soon as it is made (so a
/// build can write pages as a stream instead of holding the whole site in
/// memory); returns what `emit` returned. Jobs run in parallel. A failure of
/// `emit` (a full disk) is returned as it is; otherwise every template
/// error of the run is returned together.
pub fn render_each<T: Send>(
    site: &Site,
    theme: &Theme,
    library: &Library,
    options: &RenderOptions,
    emit: impl Fn(OutputFile) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let r = Renderer::new(site, theme, library, options);
    let plan = plan::plan(site, theme).map_err(Error::sources)?;
    let all: Vec<&Planned> = plan.iter().collect();
    r.run_all(&all, &emit)
}

/// What every renderer shares: the site, the theme, the image library
/// (for image jobs) and the options, read-only.
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    library: &'a Library,
    options: &'a RenderOptions,
    urls: Urls<'a>,
    /// The site's view and the UI strings, per language code, made once
    /// for every page ([`views::Shared`]).
    shared: SharedViews<'a>,
    /// Held while a sitemap is rendered: a part of a split sitemap is the
    /// largest view and file of a build (50,000 entries: ~60 MB of
    /// template values, alternates shared, for a 27 MB file; ~130 MB
    /// before they were), and two parts rendered side by side made the
    /// build's peak of memory (50,000 pairs, when this was added: 600–710
    /// MB live at the peak against 590 MB one at a time).
    one_sitemap_at_a_time: std::sync::Mutex<()>,
}

/// Per language code: the site's view and the UI strings as template values.
type SharedViews<'a> = HashMap<
    &'a str,
    (
        views::Shared<views::SiteView<'a>>,
        views::Shared<views::Strings>,
    ),
>;

/// A job's typed view, ready for its template.
#[derive(Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // one short-lived value per job: boxing buys nothing
pub(crate) enum View<'a> {
    /// `article.html`, `list.html`, `tags.html`.
    Html(views::HtmlView<'a>),
    /// `atom.xml`.
    Feed(views::FeedView<'a>),
    /// `root.html`, `404.html`, `robots.txt`.
    SiteWide(views::SiteWideView<'a>),
    /// `sitemap.xml` (and each part of a split one).
    Sitemap(views::SitemapView),
    /// `sitemap_index.xml`.
    SitemapIndex(views::SitemapIndexView),
    /// `news-sitemap.xml`.
    NewsSitemap(views::NewsSitemapView<'a>),
    /// `redirect.html`, at an article's old path.
    Redirect(views::RedirectView<'a>),
    /// `redirects.txt`, written as `_redirects`.
    Redirects(views::RedirectsView),
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(
        site: &'a Site,
        theme: &'a Theme,
        library: &'a Library,
        options: &'a RenderOptions,
    ) -> Self {
        let mut renderer = Renderer {
            site,
            theme,
            library,
            options,
            urls: site.urls(),
            shared: HashMap::new(),
            one_sitemap_at_a_time: std::sync::Mutex::new(()),
        };
        renderer.shared = renderer.shared_views();
        renderer
    }

    /// The template and view of a job; `None` for static files, copied as is.
    /// A page that fails to read a body back (see [`crate::site::Bodies`]) is an
    /// error naming the article.
    pub(crate) fn view(
        &self,
        job: &Job<'a>,
    ) -> std::result::Result<Option<(&'static str, View<'a>)>, Diagnostic> {
        Ok(Some(match *job {
            // A theme without `page.html` shows pages as articles.
            Job::Article(id)
                if self.site.page(id).article.is_page() && self.theme.has_template("page.html") =>
            {
                ("page.html", View::Html(self.article(id)?))
            }
            Job::Article(id) => ("article.html", View::Html(self.article(id)?)),
            Job::List(ref l) => ("list.html", View::Html(self.list(l)?)),
            Job::TagIndex(lang) => ("tags.html", View::Html(self.tag_index(lang))),
            Job::Search(lang, _) => ("search.html", View::Html(self.search_page(lang))),
            Job::Feed(lang, of) | Job::FeedAt(lang, of, _) => {
                ("atom.xml", View::Feed(self.feed(lang, of)?))
            }
            Job::Root => ("root.html", View::SiteWide(self.site_wide(false, None)?)),
            Job::NotFound => ("404.html", View::SiteWide(self.site_wide(true, None)?)),
            Job::Robots(root) => ("robots.txt", View::SiteWide(self.site_wide(false, root)?)),
            Job::Sitemap(root, part) => ("sitemap.xml", View::Sitemap(self.sitemap(root, part))),
            Job::SitemapIndex(root) => (
                "sitemap_index.xml",
                View::SitemapIndex(self.sitemap_index(root)),
            ),
            Job::NewsSitemap(root) => (
                "news-sitemap.xml",
                View::NewsSitemap(self.news_sitemap(root)),
            ),
            Job::Redirect(id, n) => ("redirect.html", View::Redirect(self.redirect(id, n))),
            Job::SiteRedirect(n) => ("redirect.html", View::Redirect(self.site_redirect(n))),
            Job::Redirects(root) => ("redirects.txt", View::Redirects(self.redirects(root))),
            Job::Static(..) | Job::Image(..) => return Ok(None),
        }))
    }

    /// Renders one planned job into its files (one, but for an image's variants).
    fn run(&self, planned: &Planned<'a>) -> std::result::Result<Vec<OutputFile>, Diagnostic> {
        let path = planned.path.clone();
        let file = |path: String, bytes: Vec<u8>| OutputFile {
            path,
            bytes,
            lang: None,
        };
        // The lock guards no data (it only keeps two sitemap parts from
        // being rendered side by side), so a render that panicked while
        // holding it leaves nothing to distrust: the poison is ignored.
        let _one_at_a_time = matches!(planned.job, Job::Sitemap(..)).then(|| {
            (self.one_sitemap_at_a_time.lock()).unwrap_or_else(|poisoned| poisoned.into_inner())
        });
        let Some((template, view)) = self.view(&planned.job)? else {
            return match planned.job {
                Job::Static(_, static_file) => Ok(vec![file(path, static_file.bytes.clone())]),
                Job::Image(image) => match self.library.files(image) {
                    Ok(files) => Ok(files
                        .into_iter()
                        .map(|(path, bytes)| file(path, bytes))
                        .collect()),
                    Err(message) => {
                        let source = self.site.config.root.join("content").join(&image.source);
                        Err(Diagnostic::new(source, message))
                    }
                },
                _ => unreachable!("only static files and images have no view"),
            };
        };
        let lang = match &view {
            View::Html(v) => Some(v.lang.to_string()),
            _ => None,
        };
        let context = tera::Context::from_serialize(&view).map_err(|e| {
            self.theme
                .diagnostic(template, &format!("rendering {path}"), &e)
        })?;
        let capacity = output_capacity(&view);
        // Tera holds its own copy: a sitemap's view of 50,000 entries need
        // not wait beside it (~30 MB).
        drop(view);
        let mut bytes = Vec::with_capacity(capacity);
        self.theme
            .tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| {
                self.theme
                    .diagnostic(template, &format!("rendering {path}"), &e)
            })?;
        Ok(vec![OutputFile { path, bytes, lang }])
    }

    /// Runs `todo` in parallel, handing each file to `emit`.
    fn run_all<T: Send>(
        &self,
        todo: &[&Planned<'a>],
        emit: &(impl Fn(OutputFile) -> Result<T> + Sync),
    ) -> Result<Vec<T>> {
        let results: Vec<std::result::Result<T, Failed>> = todo
            .par_iter()
            // Small pieces, so no core is left alone with a long run of
            // pages at the end (~0.1 s of one core at 10,000 pairs).
            .with_max_len(8)
            .flat_map_iter(|p| match self.run(p) {
                Ok(files) => files
                    .into_iter()
                    .map(|f| emit(f).map_err(Failed::Emit))
                    .collect::<Vec<_>>(),
                Err(d) => vec![Err(Failed::Render(d))],
            })
            .collect();
        let mut emit_error = None;
        let rendered: Checked<Vec<T>> = collect(results.into_iter().filter_map(|r| match r {
            Ok(v) => Some(Ok(v)),
            Err(Failed::Render(d)) => Some(Err(d)),
            Err(Failed::Emit(e)) => {
                emit_error.get_or_insert(e);
                None
            }
        }));
        match (emit_error, rendered) {
            (Some(e), _) => Err(e),
            (None, r) => r.map_err(|d| Error::sources(fold_repeats(d))),
        }
    }
}

/// Room for a job's output, reserved up front. A page fits in 16 KiB or
/// grows a few times; a sitemap of 20,000 entries (10 MB) grew through
/// ten doublings, the last two side by side at the build's peak.
/// Reserving 1 KiB per entry costs only the pages written (the rest of a
/// large reservation is never touched); an entry with its alternates takes
/// ~530 bytes in the built-in theme. 10,000 pairs: live peak 163 → 157 MB.
fn output_capacity(view: &View) -> usize {
    match view {
        View::Sitemap(sitemap) => sitemap.entries.len() * 1024,
        _ => 16 * 1024,
    }
}

/// One template mistake fails every page that uses it: report it once,
/// with how many pages it failed.
fn fold_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut folded: Vec<(Diagnostic, String, usize)> = Vec::new();
    for d in diagnostics {
        let (page, what) = match d.message.strip_prefix("rendering ") {
            Some(rest) => rest.split_once(": ").unwrap_or((rest, "")),
            None => ("", d.message.as_str()),
        };
        let what = what.to_string();
        let page = page.to_string();
        match folded
            .iter_mut()
            .find(|(f, w, _)| f.path == d.path && f.line == d.line && *w == what)
        {
            Some((first, _, n)) => {
                *n += 1;
                if page < first.message {
                    first.message = page;
                }
            }
            None => folded.push((Diagnostic { message: page, ..d }, what, 1)),
        }
    }
    folded
        .into_iter()
        .map(|(mut d, what, n)| {
            d.message = match n {
                1 if d.message.is_empty() => what,
                1 => format!("rendering {}: {what}", d.message),
                2 => format!("rendering {} and 1 other page: {what}", d.message),
                n => format!("rendering {} and {} other pages: {what}", d.message, n - 1),
            };
            d
        })
        .collect()
}

/// Why one job gave no file.
enum Failed {
    Render(Diagnostic),
    Emit(Error),
}

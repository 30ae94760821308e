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
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

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
    Sitemap,
    Robots,
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

/// What `render_each` needs back from its sink for each file.
pub trait Emitted {
    /// The output path of the file the sink took.
    fn path(&self) -> &str;
}

impl Emitted for OutputFile {
    fn path(&self) -> &str {
        &self.path
    }
}

impl Emitted for (String, Option<String>) {
    fn path(&self) -> &str {
        &self.0
    }
}

/// Renders every file and hands each to `emit` as soon as it is made (so a
/// build can write pages as a stream instead of holding the whole site in
/// memory); returns what `emit` returned. Jobs run in parallel.
pub fn render_each<T: Emitted + Send>(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    emit: impl Fn(OutputFile) -> Result<T, Diagnostic> + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let r = Renderer {
        site,
        theme,
        options,
        config: &site.config,
    };
    let jobs = r.jobs();
    let statics: Vec<(&String, &crate::templates::ThemeFile)> = theme.static_files.iter().collect();
    let rendered = jobs.par_iter().map(|job| r.run(job).and_then(&emit));
    let copied = statics.par_iter().map(|(path, file)| {
        emit(OutputFile {
            path: path.to_string(),
            bytes: file.bytes.clone(),
            lang: None,
        })
    });
    let results: Vec<Result<T, Diagnostic>> = rendered.chain(copied).collect();
    let mut out = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for res in results {
        match res {
            Ok(t) => out.push(t),
            Err(d) => errors.push(d),
        }
    }
    check_collisions(&out, &mut errors);
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A static file or article landing on a generated page's path would
/// silently replace it: refuse instead.
fn check_collisions<T: Emitted>(files: &[T], errors: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for f in files {
        if !seen.insert(f.path()) {
            errors.push(Diagnostic::new(
                f.path(),
                "two outputs would be written to this path (an article slug or a static file clashes with a generated page)",
            ));
        }
    }
}

struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    options: &'a RenderOptions,
    config: &'a SiteConfig,
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
    fn jobs(&self) -> Vec<Job<'a>> {
        let site = self.site;
        let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Article).collect();
        for (lang, section) in site.config.languages.iter().zip(&site.sections) {
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
        jobs.extend([Job::Root, Job::NotFound, Job::Sitemap, Job::Robots]);
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
            Job::Sitemap => self.sitemap(),
            Job::Robots => self.plain("robots.txt", "robots.txt", self.site_context()),
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
            title: &a.front.title,
            url: &page.url,
            permalink: self.abs(&page.url),
            lang: &a.lang,
            date: dates::view(&a.front.date, lang),
            updated: a.front.updated.as_ref().map(|d| dates::view(d, lang)),
            author: a.front.author.as_deref(),
            summary: &page.summary,
            content: &page.html,
            tags: page
                .tags
                .iter()
                .map(|(name, slug)| TagLink {
                    name,
                    url: self.tag_url(&a.lang, slug),
                    count: section
                        .tags
                        .iter()
                        .find(|t| &t.slug == slug)
                        .map_or(0, |t| t.pages.len()),
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
        ctx.title = a.front.title.clone();
        ctx.description = page.summary.clone();
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
        let (pages, base) = match tag {
            None => (&section.pages, self.home_url(&lang.code)),
            Some(t) => (
                &section.tags[t].pages,
                self.tag_url(&lang.code, &section.tags[t].slug),
            ),
        };
        let per = self.config.paginate;
        let total = page_count(pages.len(), per);
        let page_url = |n: usize| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}page/{n}/")
            }
        };
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
        let updated = section
            .pages
            .iter()
            .map(|&i| {
                let f = &self.site.pages[i].article.front;
                f.updated.unwrap_or(f.date)
            })
            .max()
            .map(|d| d.to_rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
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

    fn sitemap(&self) -> Result<OutputFile, Diagnostic> {
        #[derive(Serialize)]
        struct Entry {
            loc: String,
            lastmod: Option<String>,
            alternates: Vec<Link>,
        }
        let mut entries = Vec::new();
        for l in &self.config.languages {
            let homes: Vec<(&str, String)> = self
                .config
                .languages
                .iter()
                .map(|l| (l.code.as_str(), self.home_url(&l.code)))
                .collect();
            entries.push(Entry {
                loc: self.abs(&self.home_url(&l.code)),
                lastmod: None,
                alternates: self.alternates(&homes, self.config.base_url.path.clone()),
            });
        }
        for page in &self.site.pages {
            let a = &page.article;
            let mut versions: Vec<(&str, String)> = vec![(&a.lang, page.url.clone())];
            versions.extend(page.translations.iter().map(|&t| {
                (
                    self.site.pages[t].article.lang.as_str(),
                    self.site.pages[t].url.clone(),
                )
            }));
            versions.sort_by_key(|(l, _)| self.config.languages.iter().position(|x| x.code == *l));
            let x_default = versions[0].1.clone();
            entries.push(Entry {
                loc: self.abs(&page.url),
                lastmod: Some(
                    a.front
                        .updated
                        .unwrap_or(a.front.date)
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
                alternates: self.alternates(&versions, x_default),
            });
        }
        for section in &self.site.sections {
            for tag in &section.tags {
                let url = self.tag_url(&section.lang, &tag.slug);
                entries.push(Entry {
                    loc: self.abs(&url),
                    lastmod: None,
                    alternates: self.alternates(&[(&section.lang, url.clone())], url),
                });
            }
        }
        self.plain(
            "sitemap.xml",
            "sitemap.xml",
            serde_json::json!({ "entries": entries }),
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
        let context = tera::Context::from_serialize(ctx).map_err(|e| {
            self.theme
                .diagnostic(template, &format!("rendering {path}"), &e)
        })?;
        let bytes = self.render_bytes(template, path, &context)?;
        Ok(OutputFile {
            path: path.to_string(),
            bytes,
            lang: Some(lang.to_string()),
        })
    }

    fn plain(
        &self,
        template: &str,
        path: &str,
        ctx: serde_json::Value,
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

/// Listing pages needed for `n` items, at least one (an empty home still exists).
fn page_count(n: usize, per: usize) -> usize {
    n.div_ceil(per).max(1)
}

//! The pipeline every command shares: load config → load content and resolve
//! translations and links → render → (for `build`) write.
//!
//! `gazette serve` calls [`render_site`] and keeps the files in memory;
//! `gazette build` calls [`build`], which writes them. There is one renderer.

use crate::config::{self, BaseUrl};
use crate::error::{Error, Result};
use crate::render::{self, OutputFile, RenderOptions};
use crate::{output, site, templates};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Output folder; relative paths are taken from the current directory.
    pub output: PathBuf,
    /// Replaces `base_url` from `site.toml` (e.g. for a preview deployment).
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Rendering choices (the dev server's injected script).
    pub render: RenderOptions,
}

impl BuildOptions {
    /// Options for building the site in `root` into `root/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            render: RenderOptions::default(),
        }
    }
}

/// What a build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written per language code, in the site's language order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Every file written (pages, feeds, static files...).
    pub files: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: PathBuf,
    /// `translations: fr 1 untranslated, 0 stale; …`
    pub translations: String,
}

impl std::fmt::Display for BuildReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let langs: Vec<String> = self
            .pages_per_language
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        write!(
            f,
            "built {} files into {} (pages: {}) in {} ms",
            self.files,
            self.output.display(),
            langs.join(", "),
            self.elapsed.as_millis()
        )?;
        write!(f, "\n{}", self.translations)
    }
}

/// A site rendered in memory.
#[derive(Debug, Clone)]
pub struct RenderedSite {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Language codes, the default first.
    pub languages: Vec<String>,
    /// Missing and stale translations.
    pub status: crate::status::Status,
    /// URL of each published article, keyed by its source file on disk (for
    /// the dev server's `--follow`).
    pub article_urls: BTreeMap<PathBuf, String>,
}

/// Loads the site model and the theme; every source problem is returned together.
pub fn load_site(options: &BuildOptions) -> Result<(site::Site, templates::Theme)> {
    let mut config = config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url = BaseUrl::parse(url).map_err(Error::Usage)?;
    }
    let theme = templates::load(&config);
    let site = site::load(config, options.drafts);
    let (theme, site) = match (theme, site) {
        (Ok(t), Ok(s)) => (t, s),
        (t, s) => {
            let mut errors = t.err().unwrap_or_default();
            errors.extend(s.err().unwrap_or_default());
            return Err(Error::sources(errors));
        }
    };
    Ok((site, theme))
}

/// Loads and renders the site in memory, without touching the output folder.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite> {
    let (site, theme) = load_site(options)?;
    let languages = site
        .config
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    let article_urls = site
        .pages
        .iter()
        .map(|p| (p.article.path.clone(), p.url.clone()))
        .collect();
    let mut files = render::render(&site, &theme, &options.render).map_err(Error::sources)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite {
        status: site.status.clone(),
        files,
        languages,
        article_urls,
    })
}

/// Builds the site and atomically replaces the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    check_output_location(options)?;
    let (site, theme) = load_site(options)?;
    let staging = output::Staging::new(&options.output)?;
    let written = render::render_each(&site, &theme, &options.render, |file| {
        staging
            .write(&file)
            .map(|()| (file.path, file.lang))
            .map_err(|e| {
                crate::Diagnostic::new(
                    options.output.join("…"),
                    format!("cannot write the new site: {e}"),
                )
            })
    })
    .map_err(Error::sources)?;
    staging.commit()?;
    let languages: Vec<String> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    let status = &site.status;
    let files = written;
    let mut per_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, lang) in &files {
        if let Some(l) = lang {
            *per_lang.entry(l).or_default() += 1;
        }
    }
    Ok(BuildReport {
        pages_per_language: languages
            .iter()
            .map(|l| (l.clone(), per_lang.get(l.as_str()).copied().unwrap_or(0)))
            .collect(),
        files: files.len(),
        elapsed: start.elapsed(),
        output: options.output.clone(),
        translations: status.summary(&languages),
    })
}

/// The output folder is replaced whole, so it may not be the site itself or
/// hold its sources.
fn check_output_location(options: &BuildOptions) -> Result<()> {
    let root = std::fs::canonicalize(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let output = absolute(&options.output)?;
    let sources = ["content", "themes", "templates", "static", "site.toml"];
    let bad = root.starts_with(&output) || sources.iter().any(|s| output.starts_with(root.join(s)));
    if bad {
        return Err(Error::Usage(format!(
            "output folder {} would overwrite the site's sources; choose another --output",
            options.output.display()
        )));
    }
    Ok(())
}

/// `path` made absolute with its existing ancestors resolved (it may not exist yet).
fn absolute(path: &std::path::Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

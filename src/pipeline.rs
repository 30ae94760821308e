//! The pipeline every command shares: load config → load content and resolve
//! translations and links → render → (for `build`) write.
//!
//! `gazette build` calls [`build`], which writes the files; `gazette serve`
//! keeps a [`LiveSite`] in memory and rebuilds only what a change touches.
//! There is one renderer.

use crate::config::SiteConfig;
use crate::config::{self, BaseUrl};
use crate::content::{self, ContentCache};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::render::{self, RenderOptions};
use crate::{output, site, templates};
use bytes::Bytes;
use rustc_hash::{FxHashMap, FxHashSet};
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

/// Loads `site.toml`, with the command line's `base_url` override.
fn load_config(options: &BuildOptions) -> Result<SiteConfig> {
    let mut config = config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url = BaseUrl::parse(url).map_err(Error::Usage)?;
    }
    Ok(config)
}

/// Loads the site model and the theme; every source problem is returned together.
pub fn load_site(options: &BuildOptions) -> Result<(site::Site, templates::Theme)> {
    let config = load_config(options)?;
    let theme = templates::load(&config);
    let site = content::load(&config)
        .and_then(|mut articles| site::load(config, &mut articles, options.drafts, None));
    join_errors(site, theme)
}

/// Both results, or the errors of both together.
fn join_errors<A, B>(
    a: std::result::Result<A, Vec<Diagnostic>>,
    b: std::result::Result<B, Vec<Diagnostic>>,
) -> Result<(A, B)> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut errors = a.err().unwrap_or_default();
            errors.extend(b.err().unwrap_or_default());
            Err(Error::sources(errors))
        }
    }
}

/// A site kept in memory between rebuilds: the dev server's. Each rebuild
/// goes through the same stages as `gazette build`, but re-reads only the
/// changed sources, reuses the rendered bodies of unchanged articles and
/// re-renders only the files whose inputs changed (see
/// [`render::RenderCache`]); the result equals a clean build.
pub struct LiveSite {
    options: BuildOptions,
    state: Option<LiveState>,
    files: FxHashMap<String, Bytes>,
}

/// What a live site remembers of its last build.
struct LiveState {
    config: SiteConfig,
    content: ContentCache,
    /// `None` when the theme must be loaded again (a theme file changed, or
    /// the last attempt failed).
    theme: Option<templates::Theme>,
    /// The last good model, whose bodies the next one reuses.
    site: Option<site::Site>,
    rendered: render::RenderCache,
}

/// What one rebuild of a [`LiveSite`] changed, so a server can update the
/// files it serves without copying the whole site.
#[derive(Debug, Clone)]
pub struct LiveBuild {
    /// Files rendered again, by output path.
    pub written: Vec<(String, Bytes)>,
    /// Output paths that are no longer part of the site.
    pub removed: Vec<String>,
    /// How many files the site has now.
    pub files: usize,
    /// The one-line translation summary.
    pub translations: String,
    /// The URL of each changed source file that is a published article.
    pub changed_urls: Vec<String>,
}

impl LiveSite {
    /// A live site of `options.root`; nothing is read until [`LiveSite::rebuild`].
    pub fn new(options: BuildOptions) -> Self {
        LiveSite {
            options,
            state: None,
            files: FxHashMap::default(),
        }
    }

    /// Every file of the site as of the last good rebuild, by output path.
    pub fn files(&self) -> &FxHashMap<String, Bytes> {
        &self.files
    }

    /// Brings the site up to date with the `changed` source files (all of
    /// them on the first call). On error the last good site stays as it was
    /// and the changes are remembered for the next call.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<LiveBuild> {
        let content_dir = self.options.root.join("content");
        let config_changed = changed.iter().any(|p| {
            p.file_name().is_some_and(|n| n == "site.toml") && !p.starts_with(&content_dir)
        });
        if config_changed {
            self.state = None;
        }
        let state = match &mut self.state {
            Some(state) => {
                state.content.update(&state.config, changed);
                if changed.iter().any(|p| !p.starts_with(&content_dir)) {
                    state.theme = None;
                }
                state
            }
            None => {
                let config = load_config(&self.options)?;
                let mut content = ContentCache::default();
                content.reload(&config);
                self.state.insert(LiveState {
                    config,
                    content,
                    theme: None,
                    site: None,
                    rendered: render::RenderCache::default(),
                })
            }
        };
        let theme = match state.theme.take() {
            Some(theme) => Ok(theme),
            None => templates::load(&state.config),
        };
        let (mut articles, theme) = join_errors(state.content.articles(), theme)?;
        let theme = state.theme.insert(theme);
        let site = site::load(
            state.config.clone(),
            &mut articles,
            self.options.drafts,
            state.site.as_ref(),
        )
        .map_err(Error::sources)?;
        let cache = std::mem::take(&mut state.rendered);
        let (update, cache) = render::render_changed(&site, theme, &self.options.render, cache)
            .map_err(Error::sources)?;
        let written: Vec<(String, Bytes)> = update
            .files
            .into_iter()
            .map(|f| (f.path, Bytes::from(f.bytes)))
            .collect();
        let removed: Vec<String> = if update.paths_changed {
            let now: FxHashSet<&str> = cache.paths().iter().map(String::as_str).collect();
            self.files
                .keys()
                .filter(|p| !now.contains(p.as_str()))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        for path in &removed {
            self.files.remove(path);
        }
        for (path, bytes) in &written {
            self.files.insert(path.clone(), bytes.clone());
        }
        let languages = site.config.language_codes();
        let build = LiveBuild {
            written,
            removed,
            files: self.files.len(),
            translations: site.status.summary(&languages),
            changed_urls: site
                .pages
                .iter()
                .filter(|p| changed.contains(&p.article.path))
                .map(|p| p.url.clone())
                .collect(),
        };
        state.rendered = cache;
        state.site = Some(site);
        Ok(build)
    }
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
    let languages = site.config.language_codes();
    let mut per_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, lang) in &written {
        if let Some(l) = lang {
            *per_lang.entry(l).or_default() += 1;
        }
    }
    Ok(BuildReport {
        pages_per_language: languages
            .iter()
            .map(|l| (l.clone(), per_lang.get(l.as_str()).copied().unwrap_or(0)))
            .collect(),
        files: written.len(),
        elapsed: start.elapsed(),
        output: options.output.clone(),
        translations: site.status.summary(&languages),
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

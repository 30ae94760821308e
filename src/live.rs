//! The dev server's site: kept in memory between rebuilds, brought up to
//! date through the same stages as `gazette build` ([`Sources`], the theme,
//! the site model, render), but re-reading only the changed sources,
//! reusing the rendered bodies of unchanged articles and re-rendering only
//! the files whose inputs changed (see [`crate::render::incremental`]). The
//! result equals a clean build; `tests/incremental.rs` holds it to that.
//! The files themselves are kept in a [`Spool`] (on disk, not in memory),
//! each written there as it is rendered.

use crate::config::SiteConfig;
use crate::content::ContentCache;
use crate::error::{Error, Result};
use crate::images::Library;
use crate::pipeline::{self, BuildOptions};
use crate::render::{self, RenderCache, desk};
use crate::site::Site;
use crate::sources::{self, Sources};
use crate::spool::{Spool, Spooled};
use crate::templates::Theme;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A site kept in memory between rebuilds.
pub struct LiveSite {
    options: BuildOptions,
    state: Option<LiveState>,
    /// Where the files are (made by the first rebuild, replaced by a fresh
    /// one when it holds more waste than files).
    spool: Option<Arc<Spool>>,
    files: FxHashMap<String, Spooled>,
}

/// What a live site remembers of its last build.
struct LiveState {
    config: SiteConfig,
    content: ContentCache,
    /// The image library, made again with the config.
    library: Library,
    /// `None` when the theme must be loaded again (a theme file changed, or
    /// the last attempt failed).
    theme: Option<Theme>,
    /// The last good model, whose bodies the next one reuses.
    site: Option<Site>,
    rendered: RenderCache,
    /// The translation desk last rendered, with what it was made of
    /// ([`desk_inputs`]): most saves do not change it.
    desk: Option<(u64, Spooled)>,
    /// What the desk is made of now, when the last rebuild changed it and
    /// [`LiveSite::after_reload`] has not rendered it yet.
    desk_due: Option<u64>,
    /// The model the last rebuild replaced, let go of by
    /// [`LiveSite::after_reload`] once the reload is out: freeing a large
    /// site's model takes milliseconds no tab needs to wait for.
    retired: Option<Site>,
}

/// What one rebuild of a [`LiveSite`] changed, so a server can update the
/// files it serves without copying the whole site.
#[derive(Debug, Clone)]
pub struct LiveBuild {
    /// Files rendered again (or moved to a fresh spool), by output path.
    pub written: Vec<(String, Spooled)>,
    /// Output paths that are no longer part of the site.
    pub removed: Vec<String>,
    /// How many files the site has now.
    pub files: usize,
    /// The one-line translation summary.
    pub translations: String,
    /// The URL of each changed source file that is a published article.
    pub changed_urls: Vec<String>,
    /// Whether the translation desk changed and is to be rendered next
    /// ([`LiveSite::after_reload`]): a tab showing it waits for that.
    pub desk_due: bool,
    /// What the writer should know that did not stop the build, as `gazette
    /// build` prints it: every note of the site after the first build (or
    /// a change of `site.toml`), then those of the files saved (an empty
    /// tag shows as the article is saved, not at the next `build`).
    pub notes: Vec<crate::Diagnostic>,
}

impl LiveSite {
    /// A live site of `options.root`; nothing is read until [`LiveSite::rebuild`].
    pub fn new(options: BuildOptions) -> Self {
        LiveSite {
            options,
            state: None,
            spool: None,
            files: FxHashMap::default(),
        }
    }

    /// The live site with its files in `spool` rather than in one it makes
    /// (a test's, to watch the files move to fresh spools).
    pub fn spooling_in(mut self, spool: Arc<Spool>) -> Self {
        self.spool = Some(spool);
        self
    }

    /// Forgets the last build (after a failed one left it in doubt): the
    /// next rebuild starts from scratch.
    pub fn forget(&mut self) {
        self.state = None;
    }

    /// The site's search settings when it has search (known once a rebuild
    /// has read the config).
    pub fn search(&self) -> Option<&crate::config::SearchSettings> {
        let state = self.state.as_ref()?;
        state.config.search.enabled.then_some(&state.config.search)
    }

    /// Every file of the site as of the last good rebuild, by output path.
    pub fn files(&self) -> &FxHashMap<String, Spooled> {
        &self.files
    }

    /// The spool the files are in (none before the first rebuild), for
    /// files made beside the site's (the preview's search index).
    pub fn spool(&self) -> Option<&Arc<Spool>> {
        self.spool.as_ref()
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
        let first = self.state.is_none();
        let state = match &mut self.state {
            Some(state) => {
                state.content.update(&state.config, changed);
                if changed.iter().any(|p| !p.starts_with(&content_dir)) {
                    state.theme = None;
                }
                state
            }
            None => {
                let config = sources::load_config(&self.options.load_options())?;
                let mut content = ContentCache::default();
                content.reload(&config);
                let library = Library::of(&config);
                self.state.insert(LiveState {
                    config,
                    content,
                    library,
                    theme: None,
                    site: None,
                    rendered: RenderCache::default(),
                    desk: None,
                    desk_due: None,
                    retired: None,
                })
            }
        };
        let theme = match state.theme.take() {
            Some(theme) => Ok(theme),
            None => sources::load_theme(&state.config),
        };
        let read = state.content.read();
        let groups = match &state.site {
            Some(site) if read.errors.is_empty() => site.groups_if_paired_as(&read.articles),
            _ => None,
        };
        let publishing = self.options.load_options().publishing()?;
        let sources = Sources::assemble(state.config.clone(), read, groups, publishing);
        let (site, theme) = pipeline::assemble(
            sources,
            theme,
            &state.library,
            state.site.as_ref(),
            &crate::site::Bodies::Memory,
        )?;
        let theme = state.theme.insert(theme);
        let spool = match &self.spool {
            Some(spool) => spool.clone(),
            None => self
                .spool
                .insert(Spool::new().map_err(spool_error)?)
                .clone(),
        };
        let cache = std::mem::take(&mut state.rendered);
        let (update, cache) = render::render_changed(
            &site,
            theme,
            &state.library,
            &self.options.render,
            cache,
            |file| Ok((file.path, spool.put(&file.bytes).map_err(spool_error)?)),
        )?;
        let mut written = update.files;
        state.desk_due = None;
        if self.options.render.preview {
            let inputs = desk_inputs(&site, theme);
            if state
                .desk
                .as_ref()
                .is_none_or(|(made_of, _)| *made_of != inputs)
            {
                state.desk_due = Some(inputs);
            }
        }
        let removed: Vec<String> = if update.paths_changed {
            let now: FxHashSet<&str> = cache.files().iter().map(String::as_str).collect();
            self.files
                .keys()
                .filter(|p| !now.contains(p.as_str()) && *p != desk::PATH)
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        for path in &removed {
            self.files.remove(path);
        }
        for (path, entry) in &written {
            self.files.insert(path.clone(), entry.clone());
        }
        if spool.wasteful() {
            // Every file moves to a fresh spool; the old one goes once the
            // server has let go of its entries too.
            let fresh = spool.fresh().map_err(spool_error)?;
            for entry in self.files.values_mut() {
                let bytes = entry.read().map_err(spool_error)?;
                *entry = fresh.put(&bytes).map_err(spool_error)?;
            }
            if let (Some((_, desk)), Some(moved)) = (&mut state.desk, self.files.get(desk::PATH)) {
                *desk = moved.clone();
            }
            written = self
                .files
                .iter()
                .map(|(p, e)| (p.clone(), e.clone()))
                .collect();
            self.spool = Some(fresh);
        }
        let languages = site.config.language_codes();
        // The saved files as sources under content/ (`fr/x.md`), compared
        // as text with each page's: a path comparison per page was a fifth
        // of a save at 10,000 pairs.
        let saved: Vec<String> = changed
            .iter()
            .filter_map(|p| p.strip_prefix(&content_dir).ok())
            .map(|p| {
                let parts: Vec<_> = p.iter().map(|c| c.to_string_lossy()).collect();
                parts.join("/")
            })
            .collect();
        let mut notes: Vec<crate::Diagnostic> = site
            .notes
            .iter()
            .filter(|n| {
                first
                    || n.path
                        .strip_prefix(&content_dir)
                        .is_ok_and(|p| saved.iter().any(|s| p == Path::new(s)))
            })
            .cloned()
            .collect();
        if first
            && !site.images.is_empty()
            && let Some(problem) = state.library.cache_problem()
        {
            notes.push(problem.clone());
        }
        let build = LiveBuild {
            notes,
            written,
            removed,
            files: self.files.len(),
            translations: site.status.summary(&languages).to_string(),
            desk_due: state.desk_due.is_some(),
            changed_urls: site
                .pages
                .iter()
                .filter(|p| {
                    let lead = p.image.as_ref().map(|l| &l.image);
                    let mut images = p.body.assets().chain(lead);
                    saved.contains(&p.article.source) || images.any(|i| saved.contains(&i.source))
                })
                .map(|p| p.url.clone())
                .collect(),
        };
        state.library.save();
        state.rendered = cache;
        state.retired = state.site.replace(site);
        Ok(build)
    }

    /// The work a save leaves until its reload is out, as no tab waits for
    /// it: lets go of the model the rebuild replaced (freeing a large site's
    /// model takes milliseconds), then renders the translation desk when the
    /// rebuild changed what it shows and returns it (its path and entry;
    /// already among [`LiveSite::files`]). With thousands of translations to
    /// do, the desk is the longest page of a save to render, and only a tab
    /// showing it needs it. On error it stays due, to be tried again.
    pub fn after_reload(&mut self) -> Result<Option<(String, Spooled)>> {
        let Some(state) = &mut self.state else {
            return Ok(None);
        };
        state.retired = None;
        let (Some(inputs), Some(site), Some(theme), Some(spool)) =
            (state.desk_due, &state.site, &state.theme, &self.spool)
        else {
            return Ok(None);
        };
        let desk = desk::render(site, theme, &state.library, &self.options.render)
            .map_err(|d| Error::sources(vec![d]))?;
        let entry = spool.put(&desk.bytes).map_err(spool_error)?;
        self.files.insert(desk.path.clone(), entry.clone());
        state.desk = Some((inputs, entry.clone()));
        state.desk_due = None;
        Ok(Some((desk.path, entry)))
    }
}

fn spool_error(e: std::io::Error) -> Error {
    Error::io("the dev server's temporary file", e)
}

/// What the translation desk shows is made of: the theme, the site's
/// structure (URLs, pairs) and each article it lists as read (a file read
/// again has a new id). The config is the state's own.
fn desk_inputs(site: &Site, theme: &crate::templates::Theme) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (theme.fingerprint, site.structure_id()).hash(&mut h);
    let status = &site.status;
    for m in &status.missing {
        (&m.version.source, &m.missing, m.version.id).hash(&mut h);
    }
    for s in &status.stale {
        (&s.version.source, s.version.id, s.original.id).hash(&mut h);
    }
    for t in &status.in_progress {
        (&t.version.source, t.version.id, t.original.id).hash(&mut h);
    }
    h.finish()
}

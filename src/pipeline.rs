//! The pipeline `gazette build` and `gazette check` share: [`Sources`]
//! (config → articles → translations → status) and the theme → the site
//! model → render → (for `build`) the staging folder, swapped in atomically.
//!
//! The dev server runs the same stages incrementally (see [`crate::live`]).

use crate::diagnostic::Checked;
use crate::error::{Error, Result};
use crate::images::Library;
use crate::output;
use crate::permanence;
use crate::render::{self, RenderOptions};
use crate::site::{self, Site};
use crate::sources::{self, LoadError, LoadOptions, Sources, Stage};
use crate::templates::Theme;
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
    /// Publish scheduled articles before their date.
    pub future: bool,
    /// Publish even if URLs of `published-urls.txt` are no longer published
    /// (they leave the record).
    pub allow_removed_urls: bool,
    /// Once the site is published, remove from the image cache what it
    /// did not use (`build --gc`, Hugo's flag).
    pub gc: bool,
    /// Rendering choices (the dev server's injected script).
    pub render: RenderOptions,
    /// Told how many files are written out of how many, as they are (the
    /// binary draws a progress bar on a terminal).
    pub progress: Option<Progress>,
}

/// A receiver of `(files written, files in all)` while a build writes.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl BuildOptions {
    /// Where the sources are read from.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            future: self.future,
        }
    }

    /// Options for building the site in `root` into `root/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            future: false,
            allow_removed_urls: false,
            gc: false,
            render: RenderOptions::default(),
            progress: None,
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
    /// Untranslated, stale and in-progress articles per language (shown as
    /// `translations: fr 1 untranslated, 0 stale; …`).
    pub translations: crate::status::Summary,
    /// What the writer should know that did not stop the build.
    pub notes: Vec<crate::Diagnostic>,
    /// Image variants (encoded now, taken from the cache, cache entries
    /// refused), when the site has images.
    pub images: Option<(usize, usize, usize)>,
    /// What `--gc` removed from the image cache.
    pub collected: Option<crate::images::cache::Collected>,
    /// The next moment the published site changes on its own, if any: a
    /// cron job's cue to rebuild.
    pub next_change: Option<crate::schedule::NextChange>,
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
        write!(f, "\n{}", self.translations)?;
        if let Some((encoded, reused, refused)) = self.images {
            write!(
                f,
                "\nimages: {encoded} variants encoded, {reused} reused from {}/",
                crate::images::CACHE_DIR
            )?;
            if refused > 0 {
                write!(
                    f,
                    "\nnote: {refused} cache entries were not used (links, or files that do not match their recorded checksum) and were made again"
                )?;
            }
        }
        if let Some(c) = self.collected {
            write!(
                f,
                "\nimage cache: {} unused file{} removed ({})",
                c.files,
                if c.files == 1 { "" } else { "s" },
                crate::report::size(c.bytes)
            )?;
        }
        if let Some(next) = &self.next_change {
            write!(f, "\nnext change: {next}")?;
        }
        for note in &self.notes {
            write!(f, "\nnote: {note}")?;
        }
        Ok(())
    }
}

/// What every command reads first, in one order: the config, the theme
/// published with it, the image library beside them, and the sources.
/// `build` and `check` take it from [`read`]; the dev server keeps each
/// part and refreshes what an edit touched (see [`crate::live`]).
pub struct Read {
    /// Articles, translations and status, with their problems.
    pub sources: Sources,
    /// The theme, or its problems.
    pub theme: Checked<Theme>,
    /// Where the site's images are probed and their variants made.
    pub library: Library,
}

/// A site model with what renders it.
pub struct Loaded {
    /// The read-only model.
    pub site: Site,
    /// Its templates and static files.
    pub theme: Theme,
    /// Its images' probes and variants (a service with its own locks,
    /// kept out of the read-only model).
    pub library: Library,
}

/// Reads the config, the theme and every source once (see [`Read`]).
pub fn read(options: &LoadOptions) -> std::result::Result<Read, LoadError> {
    let config = sources::load_config(options)?;
    let theme = sources::load_published_theme(&config);
    let library = Library::of(&config);
    // Each body is rendered once here: Markdown is read again then.
    let articles = crate::content::load_released(&config);
    let sources = Sources::assemble(config, articles, None, options.publishing()?);
    Ok(Read {
        sources,
        theme,
        library,
    })
}

/// Loads the site model and the theme, reading every source once. Every
/// stage runs as far as it can, so one run lists the problems of the
/// sources, the theme and the site together.
pub fn load(options: &LoadOptions) -> std::result::Result<Loaded, LoadError> {
    let read = read(options)?;
    let bodies = site::Bodies::spooled();
    let (site, theme) = assemble(read.sources, read.theme, &read.library, None, &bodies)?;
    Ok(Loaded {
        site,
        theme,
        library: read.library,
    })
}

/// The site model from `sources` (reusing what `previous` made, for the dev
/// server), with `theme`, its bodies kept where `bodies` says; or the
/// problems of all three together.
pub fn assemble(
    sources: Sources,
    theme: Checked<Theme>,
    library: &Library,
    previous: Option<&Site>,
    bodies: &site::Bodies,
) -> std::result::Result<(Site, Theme), LoadError> {
    let mut problems = sources.problems.clone();
    let site = site::load(sources, theme.as_ref().ok(), library, previous, bodies);
    let (site, theme) = match (site, theme) {
        (Ok(site), Ok(theme)) if problems.is_empty() => return Ok((site, theme)),
        (site, theme) => (site.err(), theme.err()),
    };
    problems.extend(site.map(|d| (Stage::Site, d)));
    problems.extend(theme.map(|d| (Stage::Theme, d)));
    Err(LoadError::gather(problems).expect("something failed"))
}

/// For `check`: the site model made of the sources that could be read
/// (an article with an error left out), with the problems of every stage;
/// the model is `None` only when the site or the theme itself failed. So a
/// bad article never hides what the rest of the rendered site holds.
pub fn assemble_partial(read: Read) -> (Option<Loaded>, Option<LoadError>) {
    let Read {
        sources,
        theme,
        library,
    } = read;
    let mut problems = sources.problems.clone();
    let bodies = site::Bodies::spooled();
    let site = site::load(sources, theme.as_ref().ok(), &library, None, &bodies);
    match (site, theme) {
        (Ok(site), Ok(theme)) => (
            Some(Loaded {
                site,
                theme,
                library,
            }),
            LoadError::gather(problems),
        ),
        (site, theme) => {
            problems.extend(site.err().map(|d| (Stage::Site, d)));
            problems.extend(theme.err().map(|d| (Stage::Theme, d)));
            (None, LoadError::gather(problems))
        }
    }
}

/// Builds the site and atomically replaces the output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let start = Instant::now();
    check_output_location(options)?;
    // Taken before any source is read, so an edit during the build shows
    // (not on a thread beside the load: an edit read by the load but made
    // before the fingerprint would go unseen).
    let sources = crate::stamp::sources_fingerprint(&options.root);
    let Loaded {
        site,
        theme,
        library,
    } = load(&options.load_options())?;
    let published = permanence::published(&site);
    let keeps_record = site.config.published_urls;
    let mut notes = site.notes.clone();
    if keeps_record && !options.allow_removed_urls {
        notes.extend(permanence::check(&site, &published).map_err(Error::sources)?);
    }
    let staging = output::Staging::new(&options.output)?;
    // Counted only for a progress display: planning is done again inside.
    let total = match options.progress {
        Some(_) => render::plan::file_count(&render::plan::jobs(&site, &theme)),
        None => 0,
    };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let search = &site.config.search;
    let indexer = search
        .enabled
        .then(|| crate::search::Indexer::start(search, &site.config.language_codes()));
    // Where each file goes: once, or into every language's own root (see
    // `Urls::placements`); kept beyond the model, which is dropped early.
    let (base, hosts) = (site.config.base_url.clone(), site.config.hosts.clone());
    let placing = crate::urls::Urls::new(&base, None).with_hosts(&hosts);
    let place = |file: &str, bytes: &[u8]| -> Result<()> {
        for path in placing.placements(file) {
            staging.write(&path, bytes)?;
        }
        Ok(())
    };
    let mut written = render::render_each(&site, &theme, &library, &options.render, |file| {
        place(&file.path, &file.bytes)?;
        if let Some(Progress(tell)) = &options.progress {
            tell(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                total,
            );
        }
        let crate::output::OutputFile { path, bytes, lang } = file;
        if let Some(indexer) = &indexer {
            indexer.offer(placing.on_its_root(&path), lang.as_deref(), bytes);
        }
        Ok((path, lang))
    })?;
    // What the rest needs of the model, taken now: the model is dropped
    // before the search index is finished, whose peak is the build's.
    let languages = site.config.language_codes();
    let translations = site.status.summary(&languages);
    let next_change = site.next_change();
    let has_images = !site.images.is_empty();
    if (has_images || options.gc)
        && let Some(problem) = library.cache_problem()
    {
        notes.push(problem.clone());
    }
    let used_images = options.gc.then(|| site.images.clone());
    let clock_ahead = site.publishing.ahead_of_clock();
    // Only the public site is recorded: a preview's drafts and scheduled
    // articles are not published yet, nor is what a clock set ahead
    // (`GAZETTE_NOW`) shows.
    let record = (keeps_record && !options.drafts && !options.future && !clock_ahead)
        .then(|| site.config.root.clone());
    let mut stamp = crate::stamp::Stamp {
        gazette: env!("CARGO_PKG_VERSION").into(),
        sources,
        base_url: site.urls().absolute(site.urls().root()),
        drafts: options.drafts,
        future: options.future,
        clock_ahead,
        published,
        expired: site
            .articles()
            .iter()
            .filter(|a| site.publishing.expired(&a.front))
            .map(|a| a.source.clone())
            .collect(),
        immutable: theme.immutable_assets().map(String::from).collect(),
    };
    // Freeing the model is left to a thread of its own (at 10,000 pairs
    // ~60 ms on one core, which the record and the swap waited for);
    // should no thread start, it is freed here.
    let _ = std::thread::Builder::new().spawn(move || drop(site));
    // The index goes out with the pages it indexes, in the same swap.
    if let Some(indexer) = indexer {
        for file in indexer.finish()? {
            place(&file.path, &file.bytes)?;
            if crate::search::content_named(&file.path) {
                stamp.immutable.push(file.path.clone());
            }
            written.push((file.path, None));
        }
    }
    // The record is written before the swap, under the build's lock:
    // whatever is live is recorded, even if the build is killed right
    // after the swap (a failed swap leaves URLs recorded that are not live
    // yet: the safe side).
    if let Some(root) = record {
        permanence::write(&root, &stamp.published)?;
    }
    staging.commit(&stamp)?;
    library.save();
    // After the swap: the site is live whatever happens to the cache.
    let collected = used_images.and_then(|images| {
        (library.collect_garbage(&images)).unwrap_or_else(|problem| {
            notes.push(problem);
            None
        })
    });
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
        translations,
        notes,
        images: has_images.then(|| library.counts()),
        collected,
        next_change,
    })
}

/// The output folder is replaced whole, so it may not be the site itself or
/// hold its sources.
fn check_output_location(options: &BuildOptions) -> Result<()> {
    let root = std::fs::canonicalize(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let output = absolute(&options.output)?;
    let bad = root.starts_with(&output)
        || crate::stamp::SOURCES
            .iter()
            .any(|s| output.starts_with(root.join(s)));
    if bad {
        return Err(Error::Usage(format!(
            "output folder {} would overwrite the site's sources; choose another --output",
            options.output.display()
        )));
    }
    Ok(())
}

/// `path` made absolute with its existing ancestors resolved (it may not exist yet).
pub(crate) fn absolute(path: &std::path::Path) -> Result<PathBuf> {
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

//! Sources: the writer's files, read once, in one order: `site.toml` → the
//! articles → translation groups → translation status.
//!
//! `gazette build`, `check`, `mark-translated` and the dev server all start
//! here, so each reads every source file once. Each problem is tagged with
//! the [`Stage`] that found it (`check` groups its report by stage); later
//! stages (the theme, the site model, rendering) tag theirs the same way.
//! The translation status is computed here, before any rendering, because
//! the site model may release article bodies and the fingerprint needs them.

use crate::config::{self, SiteConfig};
use crate::content::translations::{self, TranslationGroups};
use crate::content::{self, Article};
use crate::diagnostic::{Checked, Diagnostic};
use crate::error::Error;
use crate::schedule::Publishing;
use crate::status::{self, Status};
use crate::templates::{self, Theme};
use crate::urls::BaseUrl;
use std::collections::HashSet;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The stage of loading that found a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// `site.toml`.
    Config,
    /// Reading the articles and their front matter.
    Content,
    /// Pairing articles through `translation:`.
    Translations,
    /// The theme's templates, static files and UI strings.
    Theme,
    /// The site model: URLs, links between articles, tags.
    Site,
    /// Rendering pages through the templates.
    Render,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Config => "configuration",
            Stage::Content => "sources",
            Stage::Translations => "broken translation pairs",
            Stage::Theme => "templates",
            Stage::Site => "sources",
            Stage::Render => "templates",
        })
    }
}

/// Why loading failed: the problems of each stage that found some, or a
/// request that cannot be carried out (a bad `--base-url`).
#[derive(Debug)]
pub enum LoadError {
    /// Problems in the sources, by stage, all of one run.
    Stages(Vec<(Stage, Vec<Diagnostic>)>),
    /// Not a problem of the sources.
    Other(Error),
}

impl LoadError {
    /// The problems of every stage that found some, or `None`.
    pub fn gather(stages: Vec<(Stage, Vec<Diagnostic>)>) -> Option<LoadError> {
        let stages: Vec<_> = stages.into_iter().filter(|(_, d)| !d.is_empty()).collect();
        (!stages.is_empty()).then_some(LoadError::Stages(stages))
    }

    /// The problems of one stage.
    pub fn at(stage: Stage, diagnostics: Vec<Diagnostic>) -> Self {
        LoadError::Stages(vec![(stage, diagnostics)])
    }

    /// Both failures' problems together (`None` on either side: it passed).
    pub fn join(a: Option<LoadError>, b: Option<LoadError>) -> Option<LoadError> {
        match (a, b) {
            (Some(LoadError::Stages(mut a)), Some(LoadError::Stages(b))) => {
                a.extend(b);
                Some(LoadError::Stages(a))
            }
            (Some(other @ LoadError::Other(_)), _) | (_, Some(other @ LoadError::Other(_))) => {
                Some(other)
            }
            (a, b) => a.or(b),
        }
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Stages(stages) => {
                Error::sources(stages.into_iter().flat_map(|(_, d)| d).collect())
            }
            LoadError::Other(e) => e,
        }
    }
}

/// Where to load from.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Replaces `base_url` from `site.toml` (a preview deployment, the dev server).
    pub base_url: Option<String>,
    /// Whether drafts are published (and so count in the translation status).
    pub drafts: bool,
    /// Whether scheduled articles are published before their date.
    pub future: bool,
}

impl LoadOptions {
    /// What is published, at the present moment.
    pub fn publishing(&self) -> Result<Publishing, LoadError> {
        Publishing::at_present(self.drafts, self.future)
            .map_err(|m| LoadError::Other(Error::Usage(m)))
    }
}

/// The site's sources, read and validated, not yet rendered. Reading goes
/// on past a bad file: the articles that could be read are paired and
/// assessed, so one run reports every problem (a bad date does not hide a
/// broken pair elsewhere), and pairs or links to a file that failed are not
/// reported a second time.
pub struct Sources {
    /// `site.toml`.
    pub config: SiteConfig,
    /// Every article that could be read, drafts included, sorted by source
    /// path (the order [`crate::ids::ArticleId`]s index).
    pub articles: Vec<Arc<Article>>,
    /// Each article's other versions.
    pub groups: TranslationGroups,
    /// Untranslated articles and stale translations.
    pub status: Status,
    /// The problems found, by stage; empty when the sources are sound.
    pub problems: Vec<(Stage, Vec<Diagnostic>)>,
    /// Source paths of article files that could not be read.
    pub unreadable: HashSet<String>,
    /// What is published: drafts or not, scheduled or not, at what moment.
    pub publishing: Publishing,
}

impl Sources {
    /// Reads `site.toml` and every article under `options.root`.
    pub fn load(options: &LoadOptions) -> Result<Sources, LoadError> {
        let config = load_config(options)?;
        Ok(Sources::read(config, options.publishing()?))
    }

    /// Reads every article of the site `config` describes.
    pub fn read(config: SiteConfig, publishing: Publishing) -> Sources {
        let read = content::load(&config);
        Sources::assemble(config, read, None, publishing)
    }

    /// Pairs and assesses articles already read (the dev server re-reads
    /// only what changed, and passes the groups of its last build when no
    /// article's pairing changed: see `site::Site::groups_if_paired_as`).
    /// The translation status counts only what `publishing` publishes.
    pub fn assemble(
        config: SiteConfig,
        read: content::Read,
        groups: Option<TranslationGroups>,
        publishing: Publishing,
    ) -> Sources {
        let content::Read {
            articles,
            errors,
            unreadable,
        } = read;
        let mut problems = vec![(Stage::Content, errors)];
        let groups = match groups {
            Some(groups) => groups,
            None => {
                let (groups, errors) = translations::resolve(&articles, &unreadable);
                problems.push((Stage::Translations, errors));
                groups
            }
        };
        problems.retain(|(_, d)| !d.is_empty());
        let status = status::compute(&config, &articles, &groups, &publishing);
        Sources {
            config,
            articles,
            groups,
            status,
            problems,
            unreadable,
            publishing,
        }
    }

    /// These sources when they are sound, else their problems.
    pub fn sound(self) -> Result<Sources, LoadError> {
        if self.problems.is_empty() {
            Ok(self)
        } else {
            Err(LoadError::Stages(self.problems))
        }
    }

    /// What the writer should know that does not stop the build (an empty
    /// tag left out), from every article.
    pub fn notes(&self) -> Vec<Diagnostic> {
        self.articles.iter().flat_map(|a| a.notes.clone()).collect()
    }

    /// The article whose file is `path` (any spelling of it), if any.
    pub fn find(&self, path: &std::path::Path) -> Option<crate::ids::ArticleId> {
        let wanted = std::fs::canonicalize(path).ok()?;
        self.articles
            .iter()
            .position(|a| std::fs::canonicalize(&a.path).is_ok_and(|p| p == wanted))
            .map(crate::ids::ArticleId)
    }
}

/// Loads the theme `config` names, as the dev server previews it.
pub fn load_theme(config: &SiteConfig) -> Checked<Theme> {
    templates::load(config)
}

/// Loads the theme as `build` publishes it (and `check` checks it): its
/// stylesheets and scripts renamed after their content.
pub fn load_published_theme(config: &SiteConfig) -> Checked<Theme> {
    let mut theme = templates::load(config)?;
    theme.fingerprint_assets();
    Ok(theme)
}

/// Reads `site.toml`, with the command line's `base_url` override.
pub fn load_config(options: &LoadOptions) -> Result<SiteConfig, LoadError> {
    let mut config = config::load(&options.root).map_err(|e| match e {
        Error::Sources(d) => LoadError::at(Stage::Config, d),
        e => LoadError::Other(e),
    })?;
    if let Some(url) = &options.base_url {
        config.base_url = BaseUrl::parse(url).map_err(|m| LoadError::Other(Error::Usage(m)))?;
        // A preview has one address: each language's own (if any) becomes
        // its folder under it, as the site would be without them.
        for (lang, host) in &mut config.hosts {
            *host = BaseUrl {
                origin: config.base_url.origin.clone(),
                path: format!("{}{lang}/", config.base_url.path),
            };
        }
    }
    Ok(config)
}

//! Sources: the writer's files, read once, in one order: `site.toml` → the
//! articles → translation groups → translation status.
//!
//! `gazette build`, `check`, `mark-translated` and the dev server all start
//! here, so each reads every source file once. Each problem is tagged with
//! the [`Stage`] that found it (`check` groups its report by stage); later
//! stages (the theme, the site model, rendering) tag theirs the same way.
//! The translation status is computed here, before any rendering, because
//! the site model may release article bodies and the fingerprint needs them.

use crate::config::{self, BaseUrl, SiteConfig};
use crate::content::translations::{self, TranslationGroups};
use crate::content::{self, Article};
use crate::diagnostic::{Checked, Diagnostic};
use crate::error::Error;
use crate::status::{self, Status};
use crate::templates::{self, Theme};
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
}

/// The site's sources, read and validated, not yet rendered.
pub struct Sources {
    /// `site.toml`.
    pub config: SiteConfig,
    /// Every article, drafts included, sorted by source path (the order
    /// [`content::ArticleId`]s index).
    pub articles: Vec<Arc<Article>>,
    /// Each article's other versions.
    pub groups: TranslationGroups,
    /// Untranslated articles and stale translations, drafts included.
    pub status: Status,
}

impl Sources {
    /// Reads `site.toml` and every article under `options.root`.
    pub fn load(options: &LoadOptions) -> Result<Sources, LoadError> {
        let config = load_config(options)?;
        Sources::read(config)
    }

    /// Reads every article of the site `config` describes.
    pub fn read(config: SiteConfig) -> Result<Sources, LoadError> {
        let articles = content::load(&config);
        Sources::assemble(config, articles, None)
    }

    /// Pairs and assesses articles already read (the dev server re-reads
    /// only what changed, and passes the groups of its last build when no
    /// article's pairing changed: see `site::Site::groups_if_paired_as`).
    pub fn assemble(
        config: SiteConfig,
        articles: Checked<Vec<Arc<Article>>>,
        groups: Option<TranslationGroups>,
    ) -> Result<Sources, LoadError> {
        let articles = articles.map_err(|d| LoadError::at(Stage::Content, d))?;
        let groups = match groups {
            Some(groups) => groups,
            None => translations::resolve(&articles)
                .map_err(|d| LoadError::at(Stage::Translations, d))?,
        };
        let status = status::compute(&config, &articles, &groups);
        Ok(Sources {
            config,
            articles,
            groups,
            status,
        })
    }

    /// The article whose file is `path` (any spelling of it), if any.
    pub fn find(&self, path: &std::path::Path) -> Option<content::ArticleId> {
        let wanted = std::fs::canonicalize(path).ok()?;
        self.articles
            .iter()
            .position(|a| std::fs::canonicalize(&a.path).is_ok_and(|p| p == wanted))
            .map(content::ArticleId)
    }
}

/// Loads the theme `config` names, its problems tagged.
pub fn load_theme(config: &SiteConfig) -> Result<Theme, LoadError> {
    templates::load(config).map_err(|d| LoadError::at(Stage::Theme, d))
}

/// Reads `site.toml`, with the command line's `base_url` override.
pub fn load_config(options: &LoadOptions) -> Result<SiteConfig, LoadError> {
    let mut config = config::load(&options.root).map_err(|e| match e {
        Error::Sources(d) => LoadError::at(Stage::Config, d),
        e => LoadError::Other(e),
    })?;
    if let Some(url) = &options.base_url {
        config.base_url = BaseUrl::parse(url).map_err(|m| LoadError::Other(Error::Usage(m)))?;
    }
    Ok(config)
}

//! `site.toml`: the raw file as serde reads it, and the validated [`SiteConfig`]
//! the rest of the pipeline uses.
//!
//! Languages are configuration: the code never names `fr` or `en`. Each
//! `[languages.<code>]` table gives the site title and description in that
//! language, its chrono locale for dates, and UI strings that override the
//! theme's defaults.
//!
//! Split by table, as Zola's config crate is: `languages` (each language,
//! its menu), `newsroom` (sections and authors), `images`; this module holds
//! the whole file, the base URL, the permalink patterns and the checks that
//! need several tables at once.

use crate::diagnostic::{Diagnostic, line_of_offset};
use crate::error::{Error, Result};
use crate::ids::{AuthorId, LangId, PerLang, SectionId, Table};
use crate::urls::HeadingIds;
use crate::urls::{BaseUrl, Urls};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod deploy;
mod hosts;
mod images;
mod languages;
mod lines;
mod newsroom;
mod permalinks;
mod redirects;
mod search;

pub use images::{ImageSettings, MAX_PIXELS};
use images::{RawImages, image_settings};
pub use languages::{Language, MenuItem, MenuTarget, Untranslated};
use languages::{RawLanguage, language};
use lines::{key_line, setting_line};
pub use newsroom::{Author, Gender, Section, is_author_id};
use newsroom::{RawAuthor, RawSectionName, authors, sections, tag_pairs};
pub use redirects::{Host, SiteRedirect, Target as RedirectTarget};
pub use search::SearchSettings;
use search::{RawSearch, search_settings};

/// The name of the theme built into the binary.
pub const BUILTIN_THEME: &str = "gazette";
pub use permalinks::{DEFAULT_PAGE_PERMALINK, DEFAULT_PERMALINK};

/// `site.toml` exactly as written; unknown keys are refused so typos show.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    permalink: Option<String>,
    #[serde(default)]
    page_permalink: Option<String>,
    #[serde(default)]
    default_language_at_root: bool,
    #[serde(default)]
    paginate: Option<usize>,
    #[serde(default)]
    feed_limit: Option<usize>,
    #[serde(default)]
    sitemap_max_urls: Option<usize>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    heading_ids: Option<HeadingIds>,
    #[serde(default)]
    theme_color: Option<String>,
    #[serde(default)]
    logo: Option<String>,
    #[serde(default)]
    published_urls: Option<bool>,
    #[serde(default)]
    news_sitemap: Option<bool>,
    #[serde(default)]
    section_menu: Option<bool>,
    #[serde(default)]
    host: Option<Host>,
    #[serde(default)]
    images: RawImages,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    sections: BTreeMap<String, BTreeMap<String, RawSectionName>>,
    #[serde(default)]
    tags: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    authors: BTreeMap<String, RawAuthor>,
    #[serde(default)]
    deploy: BTreeMap<String, deploy::TargetConfig>,
    #[serde(default)]
    redirects: BTreeMap<String, String>,
    languages: BTreeMap<String, RawLanguage>,
}

/// The validated configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The folder holding `site.toml`, `content/`, and optional `themes/`, `templates/`, `static/`.
    pub root: PathBuf,
    /// Where the site will be published.
    pub base_url: BaseUrl,
    /// One address per language (`[languages.<code>] base_url`, Hugo's
    /// multihost), in the site's language order; empty when the whole site
    /// is published at `base_url` (see [`crate::urls`]).
    pub hosts: Vec<(String, BaseUrl)>,
    /// Languages, the default one first, then by code.
    pub languages: PerLang<Language>,
    /// Theme name: a folder under `themes/`, or the built-in one.
    pub theme: String,
    /// The default language's pages are at the site root (`/`, `/tags/`)
    /// rather than under its code (`default_language_at_root`, Hugo's
    /// default); each language's patterns are in [`Language::permalink`].
    pub default_language_at_root: bool,
    /// Articles per listing page.
    pub paginate: usize,
    /// Entries per Atom feed.
    pub feed_limit: usize,
    /// URLs per sitemap file: beyond it, `sitemap.xml` becomes an index of
    /// `sitemap1.xml`, `sitemap2.xml`… (the protocol allows 50,000).
    pub sitemap_max_urls: usize,
    /// The zone of front matter dates written without one (IANA name, such
    /// as `Europe/Paris`; default UTC).
    pub time_zone: chrono_tz::Tz,
    /// How headings get their ids: `slug` (default) or `github` (as Hugo).
    pub heading_ids: HeadingIds,
    /// The colour browsers give their interface around the site.
    pub theme_color: String,
    /// How images are published.
    pub images: ImageSettings,
    /// How the site is searched.
    pub search: SearchSettings,
    /// The publisher's logo, a file of `static/` (for structured data).
    pub logo: Option<String>,
    /// Keep `published-urls.txt` and refuse a build that drops one of its
    /// URLs (default on; see [`crate::permanence`]).
    pub published_urls: bool,
    /// Write `news-sitemap.xml` for Google News (default on; off for a
    /// site that is not a news publisher).
    pub news_sitemap: bool,
    /// Show the declared sections in the masthead menu of every language
    /// (default on). A language whose menu names a section (`section =
    /// "…"`) places its sections itself and gets none added.
    pub section_menu: bool,
    /// The static host the site is published on, when it reads files of
    /// its own (`_redirects`).
    pub host: Host,
    /// Sections, by id.
    pub sections: Table<SectionId, Section>,
    /// Authors, by id.
    pub authors: Table<AuthorId, Author>,
    /// Tags declared equivalent across languages (`[tags.<id>]`): for
    /// each, the tag's slug per language, in the site's language order
    /// (`None` where it has no name).
    pub tag_pairs: Vec<PerLang<Option<String>>>,
    /// Old paths that lead elsewhere (`[redirects]`).
    pub redirects: Vec<SiteRedirect>,
    /// Where `gazette deploy` publishes (`[deploy.<name>]`), in the order
    /// written; the first is the default.
    pub deploy: Vec<deploy::DeployTarget>,
    /// The line of each key and table written in `site.toml` (`theme`,
    /// `languages.fr`), so later stages can point at it without reading the
    /// file again.
    pub key_lines: BTreeMap<String, usize>,
}

impl SiteConfig {
    /// The site's URLs: the one maker of every address (see [`crate::urls`]).
    pub fn urls(&self) -> Urls<'_> {
        let root = self.default_language_at_root;
        Urls::new(
            &self.base_url,
            root.then(|| self.default_language().code.as_str()),
        )
        .with_hosts(&self.hosts)
    }

    /// The default language (always the first).
    pub fn default_language(&self) -> &Language {
        &self.languages[LangId(0)]
    }

    /// Looks a language up by code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The position of `code` in the site's language order (the default
    /// first), to index what is kept per language. Every language code the
    /// pipeline carries was checked against the site's when it was read, so
    /// an unknown one is a bug (it used to be taken silently as the default).
    pub fn language_index(&self, code: &str) -> LangId {
        language_position(&self.languages, code)
            .unwrap_or_else(|| panic!("`{code}` is not a language of the site"))
    }

    /// The order of `code` among the site's languages, for sorting (a code
    /// the site does not have comes last).
    pub fn language_rank(&self, code: &str) -> usize {
        language_position(&self.languages, code).map_or(usize::MAX, |l| l.0)
    }

    /// The section a writer names by `written`: its id, or its name or slug
    /// in any language (compared as slugs, so case and accents do not
    /// matter). An unknown one gets a message that lists the sections and
    /// suggests the nearest id.
    pub fn section_named(&self, written: &str) -> std::result::Result<SectionId, String> {
        if let Some(i) = self.sections.position(|s| s.id == written) {
            return Ok(i);
        }
        let key = slug::slugify(written);
        let named = self.sections.position(|s| {
            s.names
                .iter()
                .any(|(name, slug)| slug::slugify(name) == key || *slug == key)
        });
        if let Some(i) = named {
            return Ok(i);
        }
        let known: Vec<&str> = self.sections.iter().map(|s| s.id.as_str()).collect();
        Err(match known.is_empty() {
            true => format!(
                "unknown section `{written}`: declare it under [sections.{written}] in site.toml, with its name in each language"
            ),
            false => match crate::diagnostic::closest(written, known.iter().copied()) {
                Some(near) => format!(
                    "unknown section `{written}`: did you mean `{near}`? (the sections are {}; a section's name or slug in any language works too)",
                    known.join(", ")
                ),
                None => format!(
                    "unknown section `{written}` (the sections are {}; a section's name or slug in any language works too): declare it under [sections.{written}] in site.toml",
                    known.join(", ")
                ),
            },
        })
    }

    /// The language codes, the default first (for summaries per language).
    pub fn language_codes(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.code.clone()).collect()
    }

    /// The path of `site.toml`, for diagnostics.
    pub fn file(&self) -> PathBuf {
        self.root.join("site.toml")
    }

    /// A diagnostic on `site.toml`, at the line of `key` when it is written there.
    pub fn diagnostic(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file(), self.key_lines.get(key).copied(), message)
    }
}

/// Where `code` stands among `languages`, in the site's order: the one rule
/// of language order, for the config while it is read and for
/// [`SiteConfig::language_index`] after.
pub fn language_position(languages: &PerLang<Language>, code: &str) -> Option<LangId> {
    languages.position(|l| l.code == code)
}

/// Reads and validates `<root>/site.toml`.
pub fn load(root: &Path) -> Result<SiteConfig> {
    let path = root.join("site.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Usage(not_a_site(root)));
        }
        Err(e) => {
            let d = Diagnostic::new(&path, format!("cannot read: {e}"));
            return Err(Error::Sources(vec![d]));
        }
    };
    parse(root, &path, &text).map_err(Error::Sources)
}

/// What to say when `root` holds no `site.toml`.
pub fn not_a_site(root: &Path) -> String {
    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    format!(
        "no site.toml in {}: this folder is not a Gazette site. Run the command in a site's folder, point to one with --root DIR, or create one with `gazette init DIR`",
        shown.display()
    )
}

/// Parses the text of `site.toml` (read from `path`, for diagnostics) of the
/// site in `root`. Public so the fuzzer can drive it without files.
pub fn parse(
    root: &Path,
    path: &Path,
    text: &str,
) -> std::result::Result<SiteConfig, Vec<Diagnostic>> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        vec![match e.span() {
            Some(span) => Diagnostic::at_line(path, line_of_offset(text, span.start), message),
            None => Diagnostic::new(path, message),
        }]
    })?;
    // The line of every top-level key written (no list kept by hand beside
    // `RawConfig`: the text itself says which keys it has).
    let written = toml::from_str::<toml::Table>(text).unwrap_or_default();
    let mut key_lines = BTreeMap::new();
    for key in written.keys() {
        key_lines.extend(key_line(text, key).map(|l| (key.clone(), l)));
    }
    for code in raw.languages.keys() {
        let key = format!("languages.{code}");
        key_lines.extend(key_line(text, &key).map(|l| (key, l)));
    }
    let line_of = |key: &str| key_lines.get(key).copied();
    let mut errors = Vec::new();
    let base_url = BaseUrl::parse(&raw.base_url)
        .map_err(|m| errors.push(Diagnostic::at(path, line_of("base_url"), m)))
        .ok();
    let mut languages = Vec::new();
    let mut own_patterns = BTreeMap::new();
    let mut own_hosts = BTreeMap::new();
    for (code, mut lang) in raw.languages {
        own_patterns.insert(
            code.clone(),
            (lang.permalink.clone(), lang.page_permalink.clone()),
        );
        if let Some(url) = lang.base_url.take() {
            own_hosts.insert(code.clone(), url);
        }
        let at = |(line, m): languages::Problem| {
            Diagnostic::at(path, line.or(line_of(&format!("languages.{code}"))), m)
        };
        match language(&code, lang, text) {
            Ok((l, problems)) => {
                errors.extend(problems.into_iter().map(at));
                languages.push(l);
            }
            Err(problem) => errors.push(at(problem)),
        }
    }
    if languages.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::new(
            path,
            "no [languages.<code>] table: a site needs at least one language",
        ));
    }
    match languages
        .iter()
        .position(|l| l.code == raw.default_language)
    {
        Some(i) => {
            let default = languages.remove(i);
            languages.insert(0, default);
        }
        None => errors.push(Diagnostic::at(
            path,
            line_of("default_language"),
            format!(
                "default_language `{}` has no [languages.{}] table",
                raw.default_language, raw.default_language
            ),
        )),
    }
    let site_patterns = permalinks::Written {
        permalink: raw.permalink.as_deref(),
        page_permalink: raw.page_permalink.as_deref(),
    };
    let hosts = match &base_url {
        Some(site) => hosts::resolve(site, &languages, &own_hosts, raw.default_language_at_root)
            .unwrap_or_else(|found| {
                errors.extend(
                    found
                        .into_iter()
                        .map(|(key, m)| Diagnostic::at(path, setting_line(text, &key), m)),
                );
                Vec::new()
            }),
        None => Vec::new(),
    };
    let mut reported = std::collections::BTreeSet::new();
    for (i, lang) in languages.iter_mut().enumerate() {
        let own = &own_patterns[&lang.code];
        let own = permalinks::Written {
            permalink: own.0.as_deref(),
            page_permalink: own.1.as_deref(),
        };
        let at_root = (raw.default_language_at_root && i == 0) || !hosts.is_empty();
        match permalinks::resolve(&site_patterns, &own, &lang.code, at_root) {
            Ok((article, page)) => (lang.permalink, lang.page_permalink) = (article, page),
            Err(found) => errors.extend(
                found
                    .into_iter()
                    .filter(|(key, m)| reported.insert((key.clone(), m.clone())))
                    .map(|(key, m)| Diagnostic::at(path, setting_line(text, &key), m)),
            ),
        }
    }
    let languages: PerLang<Language> = languages.into();
    let time_zone = match raw.time_zone.as_deref().map(str::parse::<chrono_tz::Tz>) {
        None => chrono_tz::Tz::UTC,
        Some(Ok(tz)) => tz,
        Some(Err(_)) => {
            errors.push(Diagnostic::at(
                path,
                line_of("time_zone"),
                format!(
                    "time_zone `{}` is not a time zone: write an IANA name such as `Europe/Paris` or `UTC`",
                    raw.time_zone.as_deref().unwrap_or_default()
                ),
            ));
            chrono_tz::Tz::UTC
        }
    };
    let sections = sections(raw.sections, &languages, text)
        .map_err(|(line, m)| errors.push(Diagnostic::at(path, line, m)))
        .unwrap_or_default();
    let deploy = deploy::ordered(raw.deploy, |key| key_line(text, key));
    for target in &deploy {
        if let Some(m) = target.config.problem() {
            errors.push(Diagnostic::at(
                path,
                target.line,
                format!("[deploy.{}]: {m}", target.name),
            ));
        }
    }
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    for target in &deploy {
        // As written: a wrong address is its own error, not this one's.
        if let Some(m) = target
            .config
            .language_problem(!own_hosts.is_empty(), &codes)
        {
            errors.push(Diagnostic::at(
                path,
                target.line,
                format!("[deploy.{}]: {m}", target.name),
            ));
        }
    }
    let authors = authors(raw.authors, &languages, text).unwrap_or_else(|d| {
        errors.extend(d.into_iter().map(|(line, m)| Diagnostic::at(path, line, m)));
        Vec::new()
    });
    let tag_pairs = tag_pairs(raw.tags, &languages, text).unwrap_or_else(|d| {
        errors.extend(d.into_iter().map(|(line, m)| Diagnostic::at(path, line, m)));
        Vec::new()
    });
    // At the setting's line in its table, else at the table.
    let in_table = |table: &str, (key, m): (&str, String)| {
        let line = setting_line(text, &format!("{table}.{key}")).or(line_of(table));
        Diagnostic::at(path, line, m)
    };
    let images = image_settings(raw.images)
        .map_err(|e| errors.push(in_table("images", e)))
        .unwrap_or_default();
    let search = search_settings(raw.search)
        .map_err(|e| errors.push(in_table("search", e)))
        .unwrap_or_default();
    let redirects = redirects::redirects(raw.redirects, |key| redirects::line(text, key))
        .unwrap_or_else(|d| {
            errors.extend(d.into_iter().map(|(line, m)| Diagnostic::at(path, line, m)));
            Vec::new()
        });
    let paginate = raw.paginate.unwrap_or(10);
    if paginate == 0 {
        errors.push(Diagnostic::at(
            path,
            line_of("paginate"),
            "paginate must be at least 1",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SiteConfig {
        root: root.to_path_buf(),
        base_url: base_url.expect("checked above"),
        hosts,
        languages,
        theme: raw.theme.unwrap_or_else(|| BUILTIN_THEME.to_string()),
        default_language_at_root: raw.default_language_at_root,
        paginate,
        feed_limit: raw.feed_limit.unwrap_or(20).max(1),
        sitemap_max_urls: raw.sitemap_max_urls.unwrap_or(50_000).clamp(1, 50_000),
        time_zone,
        heading_ids: raw.heading_ids.unwrap_or_default(),
        theme_color: raw.theme_color.unwrap_or_else(|| "#b3261e".into()),
        images,
        search,
        logo: raw.logo.map(|l| l.trim_start_matches('/').to_string()),
        published_urls: raw.published_urls.unwrap_or(true),
        news_sitemap: raw.news_sitemap.unwrap_or(true),
        section_menu: raw.section_menu.unwrap_or(true),
        host: raw.host.unwrap_or_default(),
        sections: sections.into(),
        authors: authors.into(),
        tag_pairs,
        redirects,
        deploy,
        key_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_toml_points_at_its_line() {
        let text = "base_url = \"https://x.org/\"\ndefault_language = \"fr\"\nthem = 3\n";
        let errs = parse(Path::new("."), Path::new("site.toml"), text).unwrap_err();
        assert_eq!(errs[0].line, Some(3), "{errs:?}");
        assert!(errs[0].message.contains("them"), "{errs:?}");
    }

    #[test]
    fn key_lines_are_kept_for_later_diagnostics() {
        let text = "base_url = \"https://x.org/\"\ndefault_language = \"fr\"\ntheme = \"t\"\n\n[languages.fr]\ntitle = \"T\"\n";
        let config = parse(Path::new("."), Path::new("site.toml"), text).unwrap();
        assert_eq!(config.key_lines.get("theme"), Some(&3));
        assert_eq!(config.key_lines.get("languages.fr"), Some(&5));
        assert_eq!(config.diagnostic("theme", "x").line, Some(3));
        assert_eq!(config.diagnostic("paginate", "x").line, None);
    }
}

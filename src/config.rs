//! `site.toml`: the raw file as serde reads it, and the validated [`SiteConfig`]
//! the rest of the pipeline uses.
//!
//! Languages are configuration: the code never names `fr` or `en`. Each
//! `[languages.<code>]` table gives the site title and description in that
//! language, its chrono locale for dates, and UI strings that override the
//! theme's defaults.

use crate::diagnostic::{Diagnostic, line_of_offset};
use crate::error::{Error, Result};
use crate::markdown::HeadingIds;
use crate::typography::Typography;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the theme built into the binary.
pub const BUILTIN_THEME: &str = "gazette";
/// The permalink pattern used when `site.toml` does not set one.
pub const DEFAULT_PERMALINK: &str = "/{lang}/{year}/{month}/{slug}/";
/// The permalink pattern of pages (no date) when `site.toml` does not set one.
pub const DEFAULT_PAGE_PERMALINK: &str = "/{lang}/{slug}/";

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
    sections: BTreeMap<String, BTreeMap<String, RawSectionName>>,
    #[serde(default)]
    tags: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    authors: BTreeMap<String, RawAuthor>,
    #[serde(default)]
    deploy: BTreeMap<String, crate::deploy::target::TargetConfig>,
    languages: BTreeMap<String, RawLanguage>,
}

/// A section's name in one language: `"Économie"`, or with its own slug
/// `{ name = "Économie", slug = "eco" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawSectionName {
    Name(String),
    Full { name: String, slug: String },
}

/// The static host a site is published on (`host = "netlify"`), for the
/// files a host reads itself. `_redirects` is read by Netlify and Cloudflare
/// Pages, which differ: Netlify serves an existing file before a rule unless
/// the rule is forced (`301!`), and a redirect page stands at every alias;
/// Cloudflare always follows its rules and refuses `301!` as a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    /// Any host: plain rules (Cloudflare Pages follows them; elsewhere the
    /// redirect page at each alias answers).
    #[default]
    Any,
    /// Netlify: forced rules.
    Netlify,
    /// Cloudflare Pages: plain rules, which it always follows.
    Cloudflare,
}

impl Host {
    /// The status a `_redirects` rule for a moved page carries on this host.
    pub fn redirect_status(self) -> &'static str {
        match self {
            Host::Netlify => "301!",
            Host::Any | Host::Cloudflare => "301",
        }
    }
}

/// `[authors.<id>]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: String,
    #[serde(default)]
    gender: Gender,
    #[serde(default)]
    bio: BTreeMap<String, String>,
    #[serde(default)]
    photo: Option<String>,
}

/// The grammatical gender of the label above an author's name (« Autrice »,
/// « Auteur »); neutral unless the author's entry says otherwise, since a
/// site should not guess it from a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// The UI string `author` (« Signature »).
    #[default]
    Neutral,
    /// `author_feminine` (« Autrice »).
    Feminine,
    /// `author_masculine` (« Auteur »).
    Masculine,
}

impl Gender {
    /// The UI string that labels the author.
    pub fn label_key(self) -> &'static str {
        match self {
            Gender::Neutral => "author",
            Gender::Feminine => "author_feminine",
            Gender::Masculine => "author_masculine",
        }
    }
}

/// An author declared in `site.toml`: articles name the id (`author: ada`)
/// and get a byline linking to the author's page in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// What articles write, and the URL segment: `ada`.
    pub id: String,
    /// The name shown.
    pub name: String,
    /// Which label the theme puts above the name (`gender`).
    pub gender: Gender,
    /// The biography per language (site order; empty where none).
    pub bios: Vec<String>,
    /// A portrait: a path under `content/` (`authors/claire.jpg`),
    /// published as the articles' images are.
    pub photo: Option<String>,
    /// The line of `[authors.<id>]` in `site.toml`.
    pub line: Option<usize>,
}

/// A section (« rubrique ») declared in `site.toml`: an id articles name
/// (`section: tech`), and a name and URL slug in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What articles write: `economie`.
    pub id: String,
    /// (name, slug) per language, in the site's language order.
    pub names: Vec<(String, String)>,
}

/// `[images]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImages {
    widths: Option<Vec<u32>>,
    social_width: Option<u32>,
    quality: Option<u8>,
    webp: Option<bool>,
    publish_originals: Option<bool>,
    social_default: Option<String>,
    max_megapixels: Option<u32>,
}

/// How images are published (`[images]` in `site.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSettings {
    /// Widths of the responsive variants, ascending (default 480, 960,
    /// 1600); an image narrower than one gets its own width instead, never
    /// an enlargement.
    pub widths: Vec<u32>,
    /// Width of the variant social networks show (`og:image`), default 1200.
    pub social_width: u32,
    /// Encoder quality for JPEG and lossy WebP, 1 to 100 (default 80).
    pub quality: u8,
    /// Publish a WebP variant next to each JPEG or PNG one (default true).
    pub webp: bool,
    /// Also publish each original file as it is (default false: originals
    /// may carry camera metadata).
    pub publish_originals: bool,
    /// A file under `static/` shown by social networks for pages without a
    /// lead image.
    pub social_default: Option<String>,
    /// The most pixels an image may have (`max_megapixels`, default 100:
    /// a 50-megapixel camera passes, a decompression bomb does not).
    pub max_pixels: u64,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            social_width: 1200,
            quality: 80,
            webp: true,
            publish_originals: false,
            social_default: None,
            max_pixels: crate::images::probe::MAX_PIXELS,
        }
    }
}

/// `[sections.<id>]` validated, in the order `site.toml` declares them: a
/// name (and a slug, made from the name unless given) in every language of
/// the site, the default language's first.
fn sections(
    raw: BTreeMap<String, BTreeMap<String, RawSectionName>>,
    languages: &[Language],
    text: &str,
) -> std::result::Result<Vec<Section>, (Option<usize>, String)> {
    let mut out = Vec::new();
    for (id, mut names) in raw {
        let line = key_line(text, &format!("sections.{id}"));
        let fail = |m: String| Err((line, format!("[sections.{id}]: {m}")));
        let mut ordered = Vec::new();
        for lang in languages {
            let (name, slug) = match names.remove(&lang.code) {
                None => {
                    return fail(format!(
                        "no name in `{}` (write `{} = \"…\"`)",
                        lang.code, lang.code
                    ));
                }
                Some(RawSectionName::Name(n)) => {
                    let slug = slug::slugify(&n);
                    (n, slug)
                }
                Some(RawSectionName::Full { name, slug }) => (name, slug),
            };
            if let Err(m) = crate::content::check_slug(&slug) {
                return fail(m);
            }
            ordered.push((name, slug));
        }
        if let Some(code) = names.keys().next() {
            return fail(format!("`{code}` is not a language of the site"));
        }
        out.push((line.unwrap_or(usize::MAX), Section { id, names: ordered }));
    }
    // In the order written: the masthead shows them so.
    out.sort_by_key(|(line, _)| *line);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// `[images]` validated.
fn image_settings(raw: RawImages) -> std::result::Result<ImageSettings, String> {
    let default = ImageSettings::default();
    let mut widths = raw.widths.unwrap_or(default.widths);
    widths.sort_unstable();
    widths.dedup();
    let social_width = raw.social_width.unwrap_or(default.social_width);
    let sane = |w: &u32| (16..=8192).contains(w);
    if widths.is_empty() || !widths.iter().all(sane) || !sane(&social_width) {
        return Err("[images]: widths and social_width must be between 16 and 8192 pixels, with at least one width".into());
    }
    let quality = raw.quality.unwrap_or(default.quality);
    if !(1..=100).contains(&quality) {
        return Err("[images]: quality must be between 1 and 100".into());
    }
    let social_default = raw
        .social_default
        .map(|p| p.trim_start_matches('/').to_string());
    let max_pixels = match raw.max_megapixels {
        None => default.max_pixels,
        Some(mp @ 1..=268) => u64::from(mp) * 1_000_000,
        Some(_) => {
            return Err(
                "[images]: max_megapixels must be between 1 and 268 (16,384 pixels a side)".into(),
            );
        }
    };
    Ok(ImageSettings {
        widths,
        social_width,
        quality,
        webp: raw.webp.unwrap_or(default.webp),
        publish_originals: raw.publish_originals.unwrap_or(default.publish_originals),
        social_default,
        max_pixels,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    date_format: Option<String>,
    #[serde(default)]
    strings: BTreeMap<String, String>,
    #[serde(default)]
    typography: Option<Typography>,
    #[serde(default)]
    menu: Vec<RawMenuItem>,
    #[serde(default)]
    untranslated: Option<Untranslated>,
    #[serde(default)]
    words_per_minute: Option<usize>,
}

/// What a language's listings show of articles that exist only in another
/// language (`untranslated` in `[languages.<code>]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// Nothing: a reader sees this language's articles only (the default).
    #[default]
    Hide,
    /// Listed on the home and section pages, marked as being in another
    /// language.
    List,
}

/// One `[[languages.<code>.menu]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuItem {
    name: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    section: Option<String>,
}

/// One entry of a language's navigation menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    /// The label shown.
    pub name: String,
    /// Where it leads.
    pub target: MenuTarget,
    /// Its line in `site.toml`, for errors.
    pub line: Option<usize>,
}

/// Where a menu entry leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuTarget {
    /// A URL as written: absolute, or from the site root (`/fr/tags/`).
    Url(String),
    /// A page or article source under `content/` (`fr/a-propos.md`).
    Source(String),
    /// A section's listing, by the section's id, name or slug as written
    /// (checked once the sections are known).
    Section(String),
}

/// The site's public address, split so pages can link root-relatively under
/// a sub-path (`https://example.org/blog/` → origin + `/blog/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://example.org`.
    pub origin: String,
    /// The path under which the site is served, starting and ending with `/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses an absolute `http(s)://host[:port][/path]` address.
    pub fn parse(text: &str) -> std::result::Result<BaseUrl, String> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{text}` must start with https:// or http://"))?;
        let scheme_len = text.len() - rest.len();
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(['?', '#', ' ', '@']) {
            return Err(format!("base_url `{text}` has no valid host"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "base_url `{text}` may not hold a query or fragment"
            ));
        }
        let path = if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        Ok(BaseUrl {
            origin: format!("{}{}", &text[..scheme_len], host),
            path,
        })
    }

    /// The absolute URL of a root-relative `url` (one that starts with `path`).
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{}", self.origin, url)
    }
}

/// One language of the site, validated.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code used as folder name, URL segment and `hreflang`: `fr`, `en`, `pt-BR`.
    pub code: String,
    /// The language's own name for itself, shown in the switch: `Français`.
    pub name: String,
    /// The site's title in this language.
    pub title: String,
    /// The site's description in this language.
    pub description: String,
    /// The chrono locale month and day names come from.
    pub locale: chrono::Locale,
    /// Its name as written, `fr_FR`: for `og:locale`.
    pub locale_name: String,
    /// strftime pattern for dates shown to readers.
    pub date_format: String,
    /// UI strings set in `site.toml`; they override the theme's.
    pub strings: BTreeMap<String, String>,
    /// Typographic rules for titles, summaries and bodies: `french` by
    /// default for `fr` and `fr-*`, `none` otherwise.
    pub typography: Typography,
    /// The navigation menu (`[[languages.<code>.menu]]`), in order.
    pub menu: Vec<MenuItem>,
    /// What its listings show of articles that exist only in another language.
    pub untranslated: Untranslated,
    /// Reading speed for the reading time shown with articles (default 230).
    pub words_per_minute: usize,
}

/// The validated configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The folder holding `site.toml`, `content/`, and optional `themes/`, `templates/`, `static/`.
    pub root: PathBuf,
    /// Where the site will be published.
    pub base_url: BaseUrl,
    /// Languages, the default one first, then by code.
    pub languages: Vec<Language>,
    /// Theme name: a folder under `themes/`, or the built-in one.
    pub theme: String,
    /// Permalink pattern for articles, with `{lang}`, `{year}`, `{month}`, `{day}`, `{slug}`.
    pub permalink: String,
    /// Permalink pattern for pages (no date), with `{lang}` and `{slug}`.
    pub page_permalink: String,
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
    pub sections: Vec<Section>,
    /// Authors, by id.
    pub authors: Vec<Author>,
    /// Tags declared equivalent across languages (`[tags.<id>]`): for
    /// each, the tag's slug per language, in the site's language order
    /// (`None` where it has no name).
    pub tag_pairs: Vec<Vec<Option<String>>>,
    /// Where `gazette deploy` publishes (`[deploy.<name>]`), in the order
    /// written; the first is the default.
    pub deploy: Vec<crate::deploy::target::DeployTarget>,
    /// The line of each key and table written in `site.toml` (`theme`,
    /// `languages.fr`), so later stages can point at it without reading the
    /// file again.
    pub key_lines: BTreeMap<String, usize>,
}

impl SiteConfig {
    /// The default language (always the first).
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// Looks a language up by code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The position of `code` in the site's language order (the default
    /// first), to index what is kept per language. Every language code the
    /// pipeline carries was checked against the site's when it was read, so
    /// an unknown one is a bug (it used to be taken silently as the default).
    pub fn language_index(&self, code: &str) -> usize {
        language_position(&self.languages, code)
            .unwrap_or_else(|| panic!("`{code}` is not a language of the site"))
    }

    /// The order of `code` among the site's languages, for sorting (a code
    /// the site does not have comes last).
    pub fn language_rank(&self, code: &str) -> usize {
        language_position(&self.languages, code).unwrap_or(usize::MAX)
    }

    /// The section a writer names by `written`: its id, or its name or slug
    /// in any language (compared as slugs, so case and accents do not
    /// matter). An unknown one gets a message that lists the sections and
    /// suggests the nearest id.
    pub fn section_named(&self, written: &str) -> std::result::Result<usize, String> {
        if let Some(i) = self.sections.iter().position(|s| s.id == written) {
            return Ok(i);
        }
        let key = slug::slugify(written);
        let named = self.sections.iter().position(|s| {
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
pub fn language_position(languages: &[Language], code: &str) -> Option<usize> {
    languages.iter().position(|l| l.code == code)
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
    let mut key_lines = BTreeMap::new();
    for key in TOP_LEVEL_KEYS {
        key_lines.extend(key_line(text, key).map(|l| (key.to_string(), l)));
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
    for (code, lang) in raw.languages {
        match language(&code, lang, text) {
            Ok(l) => languages.push(l),
            Err(m) => errors.push(Diagnostic::at(
                path,
                line_of(&format!("languages.{code}")),
                m,
            )),
        }
    }
    if languages.is_empty() && errors.is_empty() {
        errors.push(Diagnostic::new(
            path,
            "no [languages.<code>] table: a site needs at least one language",
        ));
    }
    match language_position(&languages, &raw.default_language) {
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
    let permalink = raw
        .permalink
        .unwrap_or_else(|| DEFAULT_PERMALINK.to_string());
    if let Err(m) = check_permalink(&permalink) {
        errors.push(Diagnostic::at(path, line_of("permalink"), m));
    }
    let page_permalink = raw
        .page_permalink
        .unwrap_or_else(|| DEFAULT_PAGE_PERMALINK.to_string());
    let dated = ["{year}", "{month}", "{day}"]
        .into_iter()
        .find(|p| page_permalink.contains(p));
    match (check_permalink(&page_permalink), dated) {
        (Err(m), _) => errors.push(Diagnostic::at(path, line_of("page_permalink"), format!("page_{m}"))),
        (Ok(()), Some(p)) => errors.push(Diagnostic::at(
            path,
            line_of("page_permalink"),
            format!("page_permalink `{page_permalink}`: pages have no date, so no {p} (use {{lang}} and {{slug}})"),
        )),
        _ => {}
    }
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
    let deploy = crate::deploy::target::ordered(raw.deploy, |key| key_line(text, key));
    for target in &deploy {
        if let Some(m) = target.config.problem() {
            errors.push(Diagnostic::at(
                path,
                target.line,
                format!("[deploy.{}]: {m}", target.name),
            ));
        }
    }
    let mut authors = Vec::new();
    for (id, raw) in raw.authors {
        let line = key_line(text, &format!("authors.{id}"));
        if let Err(m) = crate::content::check_slug(&id).and_then(|()| match id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            true => Ok(()),
            false => Err(format!("author id `{id}` must be lowercase letters, digits and dashes (it is the author page's URL)")),
        }) {
            errors.push(Diagnostic::at(path, line, format!("[authors.{id}]: {m}")));
            continue;
        }
        let mut bios = vec![String::new(); languages.len()];
        for (code, bio) in raw.bio {
            match language_position(&languages, &code) {
                Some(i) => bios[i] = bio,
                None => errors.push(Diagnostic::at(
                    path,
                    line,
                    format!("[authors.{id}] bio: `{code}` is not a language of the site"),
                )),
            }
        }
        let photo = raw
            .photo
            .map(|p| p.trim_start_matches("content/").to_string());
        authors.push(Author {
            id,
            name: raw.name,
            gender: raw.gender,
            bios,
            photo,
            line,
        });
    }
    let mut tag_pairs = Vec::new();
    for (id, names) in raw.tags {
        let line = key_line(text, &format!("tags.{id}"));
        let mut slugs = vec![None; languages.len()];
        for (code, name) in names {
            match language_position(&languages, &code) {
                Some(i) => slugs[i] = Some(slug::slugify(&name)),
                None => errors.push(Diagnostic::at(
                    path,
                    line,
                    format!("[tags.{id}]: `{code}` is not a language of the site"),
                )),
            }
        }
        if slugs.iter().flatten().count() < 2 {
            errors.push(Diagnostic::at(
                path,
                line,
                format!("[tags.{id}] pairs tags across languages: give its name in at least two (`fr = \"…\"`, `en = \"…\"`)"),
            ));
        }
        tag_pairs.push(slugs);
    }
    let images = image_settings(raw.images)
        .map_err(|m| errors.push(Diagnostic::at(path, line_of("images"), m)))
        .unwrap_or_default();
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
        languages,
        theme: raw.theme.unwrap_or_else(|| BUILTIN_THEME.to_string()),
        permalink,
        page_permalink,
        paginate,
        feed_limit: raw.feed_limit.unwrap_or(20).max(1),
        sitemap_max_urls: raw.sitemap_max_urls.unwrap_or(50_000).clamp(1, 50_000),
        time_zone,
        heading_ids: raw.heading_ids.unwrap_or_default(),
        theme_color: raw.theme_color.unwrap_or_else(|| "#b3261e".into()),
        images,
        logo: raw.logo.map(|l| l.trim_start_matches('/').to_string()),
        published_urls: raw.published_urls.unwrap_or(true),
        news_sitemap: raw.news_sitemap.unwrap_or(true),
        section_menu: raw.section_menu.unwrap_or(true),
        host: raw.host.unwrap_or_default(),
        sections,
        authors,
        tag_pairs,
        deploy,
        key_lines,
    })
}

/// The keys of `site.toml` outside `[languages]`, whose lines are kept.
const TOP_LEVEL_KEYS: [&str; 22] = [
    "deploy",
    "host",
    "section_menu",
    "logo",
    "published_urls",
    "news_sitemap",
    "authors",
    "tags",
    "sections",
    "page_permalink",
    "images",
    "theme_color",
    "time_zone",
    "heading_ids",
    "base_url",
    "default_language",
    "theme",
    "permalink",
    "paginate",
    "feed_limit",
    "sitemap_max_urls",
    "languages",
];

/// The line where `key = ` or `[key]` is written, for pointing at a bad value.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let table = format!("[{key}]");
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(&table)
                || l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

fn language(code: &str, raw: RawLanguage, text: &str) -> std::result::Result<Language, String> {
    if !is_language_code(code) {
        return Err(format!(
            "`{code}` is not a language code (like `fr`, `en` or `pt-BR`)"
        ));
    }
    let locale_name = raw.locale.unwrap_or_else(|| guess_locale(code));
    let locale = chrono::Locale::try_from(locale_name.as_str()).map_err(|_| {
        format!("[languages.{code}]: unknown locale `{locale_name}` (write it like `fr_FR`)")
    })?;
    let date_format = raw.date_format.unwrap_or_else(|| {
        if locale_name.starts_with("en_US") {
            "%B %-d, %Y".to_string()
        } else {
            "%-d %B %Y".to_string()
        }
    });
    if date_format.trim().is_empty() {
        return Err(format!("[languages.{code}]: date_format is empty"));
    }
    let header = format!("[[languages.{code}.menu]]");
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with(&header))
        .map(|(i, _)| i + 1)
        .collect();
    let mut menu = Vec::new();
    for (i, item) in raw.menu.into_iter().enumerate() {
        let target = match (item.url, item.page, item.section) {
            (Some(url), None, None) => MenuTarget::Url(url),
            (None, Some(page), None) => {
                MenuTarget::Source(page.trim_start_matches("content/").to_string())
            }
            (None, None, Some(section)) => MenuTarget::Section(section),
            _ => {
                return Err(format!(
                    "[[languages.{code}.menu]] `{}`: give one of `url`, `page` (a file under content/, such as `{code}/a-propos.md`) or `section` (a section's id)",
                    item.name
                ));
            }
        };
        menu.push(MenuItem {
            name: item.name,
            target,
            line: lines.get(i).copied(),
        });
    }
    Ok(Language {
        locale_name: locale_name.clone(),
        menu,
        untranslated: raw.untranslated.unwrap_or_default(),
        words_per_minute: raw.words_per_minute.unwrap_or(230).max(1),
        code: code.to_string(),
        name: raw.name.unwrap_or_else(|| code.to_string()),
        title: raw.title,
        description: raw.description,
        locale,
        date_format,
        strings: raw.strings,
        typography: raw
            .typography
            .unwrap_or(if code == "fr" || code.starts_with("fr-") {
                Typography::French
            } else {
                Typography::None
            }),
    })
}

/// `fr` → `fr_FR`, `en` → `en_US`, `pt-BR` → `pt_BR`: the usual locale of a code.
fn guess_locale(code: &str) -> String {
    match code.split_once('-') {
        Some((lang, region)) => format!("{}_{}", lang.to_lowercase(), region.to_uppercase()),
        None => format!("{}_{}", code.to_lowercase(), code.to_uppercase()),
    }
    .replace("en_EN", "en_US")
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn check_permalink(pattern: &str) -> std::result::Result<(), String> {
    if !pattern.starts_with('/') {
        return Err(format!("permalink `{pattern}` must start with `/`"));
    }
    if !pattern.contains("{slug}") {
        return Err(format!("permalink `{pattern}` must contain {{slug}}"));
    }
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        let end = rest[i..]
            .find('}')
            .ok_or_else(|| format!("permalink `{pattern}` has an unclosed `{{`"))?;
        let name = &rest[i + 1..i + end];
        if !["lang", "year", "month", "day", "slug"].contains(&name) {
            return Err(format!(
                "permalink `{pattern}`: unknown placeholder {{{name}}} (use lang, year, month, day, slug)"
            ));
        }
        rest = &rest[i + end..];
    }
    if pattern.split('/').any(|s| s == ".." || s == ".") {
        return Err(format!(
            "permalink `{pattern}` may not contain `.` or `..` segments"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_the_sub_path() {
        let b = BaseUrl::parse("https://example.org/blog").unwrap();
        assert_eq!(b.origin, "https://example.org");
        assert_eq!(b.path, "/blog/");
        assert_eq!(BaseUrl::parse("http://localhost:1111").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
    }

    #[test]
    fn locale_is_guessed_from_the_code() {
        assert_eq!(guess_locale("fr"), "fr_FR");
        assert_eq!(guess_locale("en"), "en_US");
        assert_eq!(guess_locale("pt-BR"), "pt_BR");
        assert_eq!(guess_locale("de"), "de_DE");
    }

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

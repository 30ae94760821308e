//! The translation desk: a page of the dev server only
//! (`/_gazette/translations/`, never in `gazette build`) listing, per
//! language, the articles without a translation, the translations in
//! progress and the stale ones, each with links to both versions and the
//! command to run next. Every rebuild renders it again, so an open tab
//! follows the work through the reload events.

use super::views::SiteView;
use super::{OutputFile, RenderOptions, Renderer};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use crate::templates::Theme;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Where the desk is served.
pub const PATH: &str = "_gazette/translations/index.html";

/// The template it is rendered with.
pub const TEMPLATE: &str = "_gazette/translations.html";

/// What `_gazette/translations.html` gets.
#[derive(Serialize)]
pub struct DeskView<'a> {
    /// The site, in the default language.
    pub site: SiteView<'a>,
    /// The default language's code.
    pub lang: &'a str,
    /// Its UI strings.
    pub t: &'a BTreeMap<String, String>,
    /// The stylesheet (root-relative).
    pub css_url: String,
    /// HTML to put before `</body>` (the reload script).
    pub inject: &'a str,
    /// The work, per language, in the site's order.
    pub languages: Vec<DeskLanguage<'a>>,
}

/// One language's translation work.
#[derive(Serialize)]
pub struct DeskLanguage<'a> {
    /// Language code.
    pub code: &'a str,
    /// Its own name.
    pub name: &'a str,
    /// Articles of this language with no version in some other language.
    pub untranslated: Vec<DeskItem>,
    /// Translations into this language begun and not yet marked.
    pub in_progress: Vec<DeskItem>,
    /// Translations into this language whose original changed since.
    pub stale: Vec<DeskItem>,
}

/// One article on the desk.
#[derive(Serialize)]
pub struct DeskItem {
    /// Its source file, under `content/`.
    pub source: String,
    /// Its page, when published (root-relative).
    pub url: Option<String>,
    /// The other version it is about (the original of a translation).
    pub other: Option<String>,
    /// That version's page, when published.
    pub other_url: Option<String>,
    /// When the original changed (stale translations).
    pub changed: Option<String>,
    /// What to do next.
    pub next: String,
}

/// Renders the desk of `site`.
pub fn render(
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
) -> Result<OutputFile, Diagnostic> {
    let r = Renderer::new(site, theme, options);
    let view = r.desk();
    let context = tera::Context::from_serialize(&view)
        .map_err(|e| theme.diagnostic(TEMPLATE, "rendering the translation desk", &e))?;
    let bytes = theme
        .tera
        .render(TEMPLATE, &context)
        .map_err(|e| theme.diagnostic(TEMPLATE, "rendering the translation desk", &e))?
        .into_bytes();
    Ok(OutputFile {
        cached: None,
        path: PATH.into(),
        bytes,
        lang: None,
    })
}

impl<'a> Renderer<'a> {
    pub(super) fn desk(&self) -> DeskView<'a> {
        let site = self.site;
        let status = &site.status;
        let url: HashMap<&str, &str> = site
            .pages
            .iter()
            .map(|p| (p.article.source.as_str(), p.url.as_str()))
            .collect();
        let url_of = |source: &str| url.get(source).map(|u| u.to_string());
        let content = |source: &str| format!("content/{source}");
        let languages = site
            .config
            .languages
            .iter()
            .map(|l| DeskLanguage {
                code: &l.code,
                name: &l.name,
                untranslated: status
                    .missing
                    .iter()
                    .filter(|m| m.lang == l.code)
                    .map(|m| DeskItem {
                        url: url_of(&m.source),
                        source: m.source.clone(),
                        other: None,
                        other_url: None,
                        changed: None,
                        next: format!(
                            "translate into {}: a file under content/{}/ with `translation: {}`",
                            m.missing.join(", "),
                            m.missing[0],
                            m.source
                        ),
                    })
                    .collect(),
                in_progress: status
                    .in_progress
                    .iter()
                    .filter(|t| t.lang == l.code)
                    .map(|t| DeskItem {
                        url: url_of(&t.source),
                        other_url: url_of(&t.original),
                        other: Some(t.original.clone()),
                        changed: None,
                        next: format!(
                            "once translated, remove `draft: true` and run `gazette mark-translated {}`",
                            content(&t.source)
                        ),
                        source: t.source.clone(),
                    })
                    .collect(),
                stale: status
                    .stale
                    .iter()
                    .filter(|s| s.lang == l.code)
                    .map(|s| DeskItem {
                        url: url_of(&s.source),
                        other_url: url_of(&s.original),
                        other: Some(s.original.clone()),
                        changed: Some(s.original_changed.clone()),
                        next: format!(
                            "bring it in line with the original, then run `gazette mark-translated {}`",
                            content(&s.source)
                        ),
                        source: s.source.clone(),
                    })
                    .collect(),
            })
            .collect();
        let lang = site.config.default_language();
        DeskView {
            site: self.site_view(lang),
            lang: &lang.code,
            t: self.strings(&lang.code),
            css_url: self.urls.url("style.css"),
            inject: self.inject(),
            languages,
        }
    }
}

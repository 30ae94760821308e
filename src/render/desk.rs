//! The translation desk's page: a page of the dev server only
//! (`/_gazette/translations/`, never in `gazette build`) showing the desk
//! ([`crate::desk`]) in the site's first language, with links to both
//! versions of each article. Every rebuild renders it again, so an open tab
//! follows the work through the reload events.

use super::views::{Shared, SiteView, Strings};
use super::{RenderOptions, Renderer};
use crate::desk::DeskLanguage;
use crate::diagnostic::Diagnostic;
use crate::images::Library;
use crate::output::OutputFile;
use crate::site::Site;
use crate::templates::Theme;
use serde::Serialize;

/// Where the desk is served.
pub const PATH: &str = "_gazette/translations/index.html";

/// The template it is rendered with.
pub const TEMPLATE: &str = "_gazette/translations.html";

/// What `_gazette/translations.html` gets.
#[derive(Serialize)]
pub struct DeskView<'a> {
    /// The site, in the default language.
    pub site: Shared<SiteView<'a>>,
    /// The default language's code.
    pub lang: &'a str,
    /// Its UI strings.
    pub t: Shared<Strings>,
    /// The stylesheet (root-relative).
    pub css_url: String,
    /// HTML to put before `</body>` (the reload script).
    pub inject: &'a str,
    /// The work, per language, in the site's order, most urgent first
    /// (see [`crate::desk`]).
    pub languages: Vec<DeskLanguage>,
}

/// Renders the desk of `site`.
pub fn render(
    site: &Site,
    theme: &Theme,
    library: &Library,
    options: &RenderOptions,
) -> Result<OutputFile, Diagnostic> {
    let r = Renderer::new(site, theme, library, options);
    let view = r.desk();
    let context = tera::Context::from_serialize(&view)
        .map_err(|e| theme.diagnostic(TEMPLATE, "rendering the translation desk", &e))?;
    let bytes = theme
        .tera
        .render(TEMPLATE, &context)
        .map_err(|e| theme.diagnostic(TEMPLATE, "rendering the translation desk", &e))?
        .into_bytes();
    Ok(OutputFile {
        path: PATH.into(),
        bytes,
        lang: None,
    })
}

impl<'a> Renderer<'a> {
    pub(super) fn desk(&self) -> DeskView<'a> {
        let site = self.site;
        let lang = site.config.default_language();
        // From the URL map the site keeps (a map of every page made here
        // was a tenth of a save in the dev server at 10,000 pairs).
        let url_of = |source: &str| site.url_of(source).map(String::from);
        let mut desk = crate::desk::of(&site.config, &site.status, &lang.code);
        for item in desk.languages.iter_mut().flat_map(|l| {
            l.untranslated
                .iter_mut()
                .chain(&mut l.stale)
                .chain(&mut l.in_progress)
        }) {
            item.url = url_of(&item.source);
            item.original_url = item.original.as_deref().and_then(url_of);
        }
        DeskView {
            site: self.site_view(lang),
            lang: &lang.code,
            t: self.t_view(lang),
            css_url: self.asset_url("style.css"),
            inject: self.inject(),
            languages: desk.languages,
        }
    }
}

//! Each language's menu: the sections the masthead shows, then the entries
//! of `[[languages.<code>.menu]]`, resolved against the structure's URLs
//! (a menu entry names a page by its source file, or a section by id).

use crate::config::SiteConfig;
use crate::diagnostic::{Checked, Diagnostic};
use crate::ids::{PerLang, SectionId};
use crate::links::UrlMap;

/// One language's navigation: the sections the masthead shows by default,
/// then the entries of its `[[languages.<code>.menu]]`.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    /// The declared sections, in declaration order: (name, URL). Empty when
    /// `section_menu = false` or the language's menu names sections itself.
    pub sections: Vec<MenuLink>,
    /// The menu entries as written.
    pub entries: Vec<MenuLink>,
}

/// An entry of a menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuLink {
    /// What it shows.
    pub label: String,
    /// Where it leads: root-relative, or absolute for another site.
    pub url: String,
    /// The section it leads to, if it does: a section without an article
    /// in the menu's language has no page there, and no entry.
    pub section: Option<SectionId>,
}

/// Each language's menu with the URL of every entry; an entry naming a
/// file that is not a published page of that language, or a section that
/// is not declared, is an error on its line of `site.toml`.
pub(super) fn menus(config: &SiteConfig, urls: &UrlMap) -> Checked<PerLang<Menu>> {
    use crate::config::MenuTarget;
    let base = config.urls();
    let section_url = |s: SectionId, lang: &str| {
        let (name, slug) = &config.sections[s].names[config.language_index(lang)];
        MenuLink {
            label: name.clone(),
            url: base.section(lang, slug),
            section: Some(s),
        }
    };
    let mut errors = crate::diagnostic::Diagnostics::new();
    let mut all = Vec::new();
    for lang in &config.languages {
        let mut entries = Vec::new();
        for item in &lang.menu {
            let fail = |m: String| Diagnostic::at(config.file(), item.line, m);
            let mut section = None;
            let url = match &item.target {
                MenuTarget::Url(u) if u.starts_with('/') && !u.starts_with("//") => base.url(u),
                MenuTarget::Url(u) => u.clone(),
                MenuTarget::Section(written) => match config.section_named(written) {
                    Ok(s) => {
                        section = Some(s);
                        section_url(s, &lang.code).url
                    }
                    Err(m) => {
                        errors.push(fail(format!("the menu entry `{}`: {m}", item.name)));
                        continue;
                    }
                },
                MenuTarget::Source(path) => match urls.by_source.get(path) {
                    Some(_) if !path.starts_with(&format!("{}/", lang.code)) => {
                        errors.push(fail(format!(
                            "the `{}` menu entry `{}` leads to {path}, in another language: name the page of this language (each language's version is reached through the language switch)",
                            lang.code, item.name
                        )));
                        continue;
                    }
                    Some(Some(url)) => url.clone(),
                    Some(None) => {
                        errors.push(fail(format!(
                            "the menu entry `{}` leads to {path}, {}",
                            item.name, urls.held[path]
                        )));
                        continue;
                    }
                    None => {
                        errors.push(fail(format!(
                            "the menu entry `{}` leads to content/{path}, which does not exist",
                            item.name
                        )));
                        continue;
                    }
                },
            };
            entries.push(MenuLink {
                label: item.name.clone(),
                url,
                section,
            });
        }
        let placed = lang
            .menu
            .iter()
            .any(|m| matches!(m.target, MenuTarget::Section(_)));
        let sections = match config.section_menu && !placed {
            true => config
                .sections
                .ids()
                .map(|s| section_url(s, &lang.code))
                .collect(),
            false => Vec::new(),
        };
        all.push(Menu { sections, entries });
    }
    errors.finish(all.into())
}

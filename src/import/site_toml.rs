//! The imported site's `site.toml`, written as a person would: the
//! languages with their titles and menus, the URL patterns that keep the
//! old addresses, the sections the categories became and the redirects of
//! old listing URLs. Also the patterns themselves, resolved the way
//! `config` will resolve them, so the importer can tell which old URLs the
//! new site serves as they were.

use super::Source;
use crate::config::{DEFAULT_PAGE_PERMALINK, DEFAULT_PERMALINK};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A menu entry of the new site.
#[derive(Debug, Clone)]
pub(super) enum MenuLink {
    /// A page under `content/`.
    Page(String),
    /// A URL as written.
    Url(String),
}

/// Each language's resolved patterns and the zone of dates.
pub(super) struct Patterns {
    /// Code → (article pattern, page pattern, the language's prefix under
    /// the root: `/fr/` or `/`).
    langs: BTreeMap<String, (String, String, String)>,
    /// The zone dates without one are read in.
    pub zone: chrono_tz::Tz,
}

impl Patterns {
    /// The patterns `site.toml` will give each language of `source`.
    pub fn of(source: &Source) -> Patterns {
        let mut langs = BTreeMap::new();
        for (i, l) in source.languages.iter().enumerate() {
            let at_root = i == 0 && source.at_root;
            let inherit = |p: &str| match at_root {
                true => p.strip_prefix("/{lang}").unwrap_or(p).to_string(),
                false => p.to_string(),
            };
            let article = l
                .permalink
                .clone()
                .unwrap_or_else(|| inherit(DEFAULT_PERMALINK));
            let page = l
                .page_permalink
                .clone()
                .unwrap_or_else(|| inherit(DEFAULT_PAGE_PERMALINK));
            let prefix = match at_root {
                true => "/".to_string(),
                false => format!("/{}/", l.code),
            };
            langs.insert(l.code.clone(), (article, page, prefix));
        }
        let zone = source
            .time_zone
            .as_deref()
            .and_then(|z| z.parse().ok())
            .unwrap_or(chrono_tz::Tz::UTC);
        Patterns { langs, zone }
    }

    /// `lang`'s (article pattern, page pattern, prefix).
    pub fn language(&self, lang: &str) -> &(String, String, String) {
        &self.langs[lang]
    }
}

/// The text of `site.toml`.
pub(super) fn write(
    source: &Source,
    sections: &BTreeMap<String, BTreeMap<String, String>>,
    redirects: &BTreeMap<String, String>,
    menus: &BTreeMap<String, Vec<(String, MenuLink)>>,
) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut t = String::from(
        "# Imported by `gazette import`: see import-report.txt for what was not mapped.\n",
    );
    let _ = writeln!(t, "base_url = {}", q(&source.base_url));
    let _ = writeln!(t, "default_language = {}", q(&source.languages[0].code));
    if source.at_root {
        t.push_str(
            "default_language_at_root = true   # as the old site: its default language at /\n",
        );
    }
    if let Some(zone) = &source.time_zone {
        let _ = writeln!(t, "time_zone = {}", q(zone));
    }
    if let Some(n) = source.paginate {
        let _ = writeln!(t, "paginate = {n}");
    }
    if !sections.is_empty() {
        t.push_str("\n# The old site's categories, one per article: sections.\n");
    }
    for (id, names) in sections {
        let _ = writeln!(t, "[sections.{}]", key(id));
        for l in &source.languages {
            let _ = writeln!(t, "{} = {}", key(&l.code), q(&names[&l.code]));
        }
    }
    if !redirects.is_empty() {
        t.push_str("\n# The old site's listing URLs (tags, categories, sections).\n[redirects]\n");
        for (from, to) in redirects {
            let _ = writeln!(t, "{} = {}", q(from), q(to));
        }
    }
    for l in &source.languages {
        let _ = writeln!(t, "\n[languages.{}]", key(&l.code));
        let _ = writeln!(t, "name = {}", q(&l.name));
        let _ = writeln!(t, "title = {}", q(&l.title));
        if !l.description.is_empty() {
            let _ = writeln!(t, "description = {}", q(&l.description));
        }
        // On its own address a language's patterns drop its code.
        let own = |p: &str| match source.hosts.is_empty() {
            true => p.to_string(),
            false => p.strip_prefix("/{lang}").unwrap_or(p).to_string(),
        };
        if let Some(url) = source.hosts.get(&l.code) {
            let _ = writeln!(t, "base_url = {}   # its own address", q(url));
        }
        if let Some(p) = &l.permalink {
            let _ = writeln!(t, "permalink = {}   # the old site's", q(&own(p)));
        }
        if let Some(p) = &l.page_permalink {
            let _ = writeln!(t, "page_permalink = {}", q(&own(p)));
        }
        if let Some(strings) = crate::templates::strings_to_translate(&l.code) {
            t.push_str(&strings);
        }
        for (name, link) in menus.get(&l.code).into_iter().flatten() {
            let _ = writeln!(
                t,
                "\n[[languages.{}.menu]]\nname = {}",
                key(&l.code),
                q(name)
            );
            let _ = match link {
                MenuLink::Page(p) => writeln!(t, "page = {}", q(p)),
                MenuLink::Url(u) => writeln!(t, "url = {}", q(u)),
            };
        }
    }
    t
}

/// A TOML key, quoted when it is not a bare one.
fn key(k: &str) -> String {
    match k
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        true => k.to_string(),
        false => toml::Value::String(k.to_string()).to_string(),
    }
}

//! `[languages.<code>]` of `site.toml`: each language's name, titles,
//! locale, date format, typography, UI strings and menu, checked once; the
//! language code and locale rules.

use crate::typography::Typography;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    pub(super) title: String,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) locale: Option<String>,
    #[serde(default)]
    pub(super) date_format: Option<String>,
    #[serde(default)]
    pub(super) strings: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) typography: Option<Typography>,
    #[serde(default)]
    pub(super) menu: Vec<RawMenuItem>,
    #[serde(default)]
    pub(super) untranslated: Option<Untranslated>,
    #[serde(default)]
    pub(super) words_per_minute: Option<usize>,
    #[serde(default)]
    pub(super) permalink: Option<String>,
    #[serde(default)]
    pub(super) page_permalink: Option<String>,
    #[serde(default)]
    pub(super) base_url: Option<String>,
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
pub(super) struct RawMenuItem {
    pub(super) name: String,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) page: Option<String>,
    #[serde(default)]
    pub(super) section: Option<String>,
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
    /// strftime pattern for dates shown to readers, parsed.
    pub date_format: crate::dates::DateFormat,
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
    /// Where its articles are published (see `config::permalinks`), with
    /// `{lang}`, `{year}`, `{month}`, `{day}`, `{slug}`.
    pub permalink: String,
    /// Where its pages (no date) are published, with `{lang}` and `{slug}`.
    pub page_permalink: String,
}

/// The language `code` as `site.toml` sets it, and what is wrong in it
/// that does not stop it from being read (an unknown locale, a date
/// pattern chrono cannot write: reported as errors all the same, while the
/// language stands with the usual locale and pattern, so the rest of the
/// file is not reported as naming a language the site lacks). Each
/// problem comes with the line of `site.toml` it is on, where known: the
/// setting's own line in the table (else the caller points at the
/// table's header).
pub(super) fn language(
    code: &str,
    raw: RawLanguage,
    text: &str,
) -> std::result::Result<(Language, Vec<Problem>), Problem> {
    let at = |key: &str| super::lines::setting_line(text, &format!("languages.{code}.{key}"));
    if !is_language_code(code) {
        return Err((
            None,
            format!("`{code}` is not a language code (like `fr`, `en` or `pt-BR`)"),
        ));
    }
    let mut problems = Vec::new();
    let usual = guess_locale(code);
    let mut locale_name = raw.locale.unwrap_or_else(|| usual.clone());
    let locale = match chrono::Locale::try_from(locale_name.as_str()) {
        Ok(locale) => locale,
        Err(_) => {
            problems.push((
                at("locale"),
                format!(
                    "[languages.{code}]: unknown locale `{locale_name}` (write it like `fr_FR`)"
                ),
            ));
            locale_name = usual;
            chrono::Locale::try_from(locale_name.as_str()).unwrap_or(chrono::Locale::POSIX)
        }
    };
    let usual_pattern = match locale_name.starts_with("en_US") {
        true => "%B %-d, %Y",
        false => "%-d %B %Y",
    };
    let pattern = raw.date_format.unwrap_or_else(|| usual_pattern.to_string());
    if pattern.trim().is_empty() {
        return Err((
            at("date_format"),
            format!("[languages.{code}]: date_format is empty"),
        ));
    }
    let date_format = crate::dates::DateFormat::parse(&pattern, locale)
        .or_else(|e| {
            problems.push((at("date_format"), format!("[languages.{code}]: {e}")));
            crate::dates::DateFormat::parse(usual_pattern, locale)
        })
        .map_err(|e| (None, e))?;
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
                return Err((
                    lines.get(i).copied(),
                    format!(
                        "[[languages.{code}.menu]] `{}`: give one of `url`, `page` (a file under content/, such as `{code}/a-propos.md`) or `section` (a section's id)",
                        item.name
                    ),
                ));
            }
        };
        menu.push(MenuItem {
            name: item.name,
            target,
            line: lines.get(i).copied(),
        });
    }
    let language = Language {
        locale_name: locale_name.clone(),
        menu,
        untranslated: raw.untranslated.unwrap_or_default(),
        words_per_minute: raw.words_per_minute.unwrap_or(230).max(1),
        permalink: String::new(),
        page_permalink: String::new(),
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
    };
    Ok((language, problems))
}

/// What is wrong in a language's settings, at its line of `site.toml`
/// when known.
pub(super) type Problem = (Option<usize>, String);

/// `fr` → `fr_FR`, `en` → `en_US`, `pt-BR` → `pt_BR`: the usual locale of a code.
pub(super) fn guess_locale(code: &str) -> String {
    match code.split_once('-') {
        Some((lang, region)) => format!("{}_{}", lang.to_lowercase(), region.to_uppercase()),
        None => format!("{}_{}", code.to_lowercase(), code.to_uppercase()),
    }
    .replace("en_EN", "en_US")
}

pub(super) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_is_guessed_from_the_code() {
        assert_eq!(guess_locale("fr"), "fr_FR");
        assert_eq!(guess_locale("en"), "en_US");
        assert_eq!(guess_locale("pt-BR"), "pt_BR");
        assert_eq!(guess_locale("de"), "de_DE");
    }

    #[test]
    fn language_codes_are_checked() {
        assert!(is_language_code("fr") && is_language_code("pt-BR"));
        assert!(!is_language_code("français") && !is_language_code("../x"));
    }
}

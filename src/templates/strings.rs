//! The theme's UI strings (`i18n/<lang>.toml`): read, merged layer over
//! layer, and checked that every language has every string the templates use.

use super::*;

pub(super) fn parse_strings(file: &ThemeFile) -> Result<BTreeMap<String, String>, Diagnostic> {
    let text = String::from_utf8_lossy(&file.bytes);
    toml::from_str(&text).map_err(|e| match e.span() {
        Some(s) => Diagnostic::at_line(
            &file.origin,
            line_of_offset(&text, s.start),
            e.message().trim(),
        ),
        None => Diagnostic::new(&file.origin, e.message().trim()),
    })
}

/// The prefix of the translation desk's UI strings.
const DESK_STRINGS: &str = "desk_";

/// Whether the UI string `key` belongs to the translation desk: the dev
/// server's tool, never on a published page.
pub fn is_desk_string(key: &str) -> bool {
    key.starts_with(DESK_STRINGS)
}

/// UI strings a page can do without: a language the theme does not speak
/// need not set them. Without the gendered labels the author page says
/// `author`; without the descriptions, tag, section and author pages take
/// the language's `description`, as every listing used to.
const OPTIONAL_STRINGS: [&str; 5] = [
    "author_feminine",
    "author_masculine",
    "description_tag",
    "description_section",
    "description_author",
];

/// The theme's `i18n/<name>.toml` files a site language takes its words
/// from, in order: its own (`fr-CA`, `fr-ca`), then its primary
/// language's (`fr`), as Hugo's i18n falls back. The one rule for the
/// build and for what `init` and `import` write (see
/// [`super::strings_to_translate`]).
pub(super) fn strings_files(code: &str) -> [String; 3] {
    let primary = code.split('-').next().unwrap_or(code);
    [
        code.to_string(),
        code.to_ascii_lowercase(),
        primary.to_ascii_lowercase(),
    ]
}

/// Each language gets the theme's strings for it, then the site's overrides;
/// every key any theme language defines must end up set, or the page would
/// show a hole (or, worse, another language's words). The translation
/// desk's strings (`desk_*`) are the exception: the desk is the newsroom's
/// tool, never published, so a language the theme does not speak gets them
/// in English rather than a list of keys to translate.
pub(super) fn merge_strings(
    config: &SiteConfig,
    i18n: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, Vec<Diagnostic>> {
    let is_desk = is_desk_string;
    let required: BTreeSet<&String> = i18n
        .values()
        .flat_map(|m| m.keys())
        .filter(|k| !is_desk(k) && !OPTIONAL_STRINGS.contains(&k.as_str()))
        .collect();
    let desk_fallback: BTreeMap<String, String> = i18n
        .get("en")
        .into_iter()
        .flatten()
        .filter(|(k, _)| is_desk(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut errors = Diagnostics::new();
    let mut out = BTreeMap::new();
    for lang in &config.languages {
        let mut strings = desk_fallback.clone();
        let theme_strings = strings_files(&lang.code)
            .into_iter()
            .find_map(|f| i18n.get(&f));
        strings.extend(theme_strings.cloned().unwrap_or_default());
        strings.extend(lang.strings.clone());
        let missing: Vec<&str> = required
            .iter()
            .filter(|k| !strings.contains_key(**k))
            .map(|k| k.as_str())
            .collect();
        if !missing.is_empty() {
            errors.push(config.diagnostic(
                &format!("languages.{}", lang.code),
                format!(
                    "the theme has no UI strings in `{}`; set them under [languages.{}.strings]: {}",
                    lang.code,
                    lang.code,
                    missing.join(", ")
                ),
            ));
        }
        out.insert(lang.code.clone(), strings);
    }
    errors.finish(out)
}

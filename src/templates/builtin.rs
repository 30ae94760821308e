//! The built-in theme's files, embedded from `themes/gazette/` at compile
//! time so a site of only `site.toml` and `content/` builds.

/// The built-in theme, embedded from `themes/gazette/` at compile time.
pub(super) const BUILTIN_FILES: &[(&str, &[u8])] = &[
    (
        "templates/base.html",
        include_bytes!("../../themes/gazette/templates/base.html"),
    ),
    (
        "templates/article.html",
        include_bytes!("../../themes/gazette/templates/article.html"),
    ),
    (
        "templates/page.html",
        include_bytes!("../../themes/gazette/templates/page.html"),
    ),
    (
        "templates/list.html",
        include_bytes!("../../themes/gazette/templates/list.html"),
    ),
    (
        "templates/tags.html",
        include_bytes!("../../themes/gazette/templates/tags.html"),
    ),
    (
        "templates/search.html",
        include_bytes!("../../themes/gazette/templates/search.html"),
    ),
    (
        "templates/404.html",
        include_bytes!("../../themes/gazette/templates/404.html"),
    ),
    (
        "templates/root.html",
        include_bytes!("../../themes/gazette/templates/root.html"),
    ),
    (
        "templates/atom.xml",
        include_bytes!("../../themes/gazette/templates/atom.xml"),
    ),
    (
        "templates/sitemap.xml",
        include_bytes!("../../themes/gazette/templates/sitemap.xml"),
    ),
    (
        "templates/sitemap_index.xml",
        include_bytes!("../../themes/gazette/templates/sitemap_index.xml"),
    ),
    (
        "templates/robots.txt",
        include_bytes!("../../themes/gazette/templates/robots.txt"),
    ),
    (
        "templates/news-sitemap.xml",
        include_bytes!("../../themes/gazette/templates/news-sitemap.xml"),
    ),
    (
        "templates/redirect.html",
        include_bytes!("../../themes/gazette/templates/redirect.html"),
    ),
    (
        "templates/redirects.txt",
        include_bytes!("../../themes/gazette/templates/redirects.txt"),
    ),
    (
        "templates/shortcodes/figure.html",
        include_bytes!("../../themes/gazette/templates/shortcodes/figure.html"),
    ),
    (
        "templates/shortcodes/youtube.html",
        include_bytes!("../../themes/gazette/templates/shortcodes/youtube.html"),
    ),
    (
        "templates/shortcodes/vimeo.html",
        include_bytes!("../../themes/gazette/templates/shortcodes/vimeo.html"),
    ),
    (
        "templates/shortcodes/gist.html",
        include_bytes!("../../themes/gazette/templates/shortcodes/gist.html"),
    ),
    (
        "templates/_gazette/translations.html",
        include_bytes!("../../themes/gazette/templates/_gazette/translations.html"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../../themes/gazette/static/favicon.svg"),
    ),
    (
        "static/style.css",
        include_bytes!("../../themes/gazette/static/style.css"),
    ),
    (
        "i18n/en.toml",
        include_bytes!("../../themes/gazette/i18n/en.toml"),
    ),
    (
        "i18n/fr.toml",
        include_bytes!("../../themes/gazette/i18n/fr.toml"),
    ),
];

/// The built-in theme's strings file a site language uses (see
/// [`super::strings::strings_files`]), if it has one.
fn strings_language(code: &str) -> Option<&'static str> {
    super::strings::strings_files(code)
        .into_iter()
        .find_map(|name| {
            BUILTIN_FILES.iter().find_map(|(path, _)| {
                let lang = path.strip_prefix("i18n/")?.strip_suffix(".toml")?;
                (lang == name).then_some(lang)
            })
        })
}

/// For a site language the built-in theme has no words in: a
/// `[languages.<code>.strings]` table of its English strings, to translate,
/// so a new or imported site builds at once. None when it has words.
pub fn strings_to_translate(code: &str) -> Option<String> {
    if strings_language(code).is_some() {
        return None;
    }
    let english: String = include_str!("../../themes/gazette/i18n/en.toml")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    Some(format!(
        "# The built-in theme has no words in this language yet: translate these.\n[languages.{code}.strings]\n{english}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regional_language_takes_its_primary_language_s_words() {
        assert_eq!(strings_language("fr"), Some("fr"));
        assert_eq!(strings_language("fr-CA"), Some("fr"));
        assert_eq!(strings_language("en-gb"), Some("en"));
        assert_eq!(strings_language("de"), None);
        assert_eq!(strings_language("pt-br"), None);
        assert!(strings_to_translate("fr-CA").is_none());
        let de = strings_to_translate("de").unwrap();
        assert!(de.contains("[languages.de.strings]\nread_in = "), "{de}");
    }
}

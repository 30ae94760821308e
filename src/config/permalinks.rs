//! Where each language's articles and pages are published: the
//! `permalink` and `page_permalink` patterns of `site.toml`, site-wide or
//! per language (`[languages.en] permalink = …`), and the language kept at
//! the site root (`default_language_at_root`). Resolved once here, so the
//! URL map reads one pattern per language and never chooses.
//!
//! A site moved from Hugo keeps its old addresses this way: Hugo publishes
//! its default language at the root (`/2024/05/slug/`) and each other one
//! under its code, with a permalink pattern per language.

use crate::urls::check_permalink;

/// The permalink pattern used when `site.toml` does not set one.
pub const DEFAULT_PERMALINK: &str = "/{lang}/{year}/{month}/{slug}/";
/// The permalink pattern of pages (no date) when `site.toml` does not set one.
pub const DEFAULT_PAGE_PERMALINK: &str = "/{lang}/{slug}/";

/// The patterns of one language, as written where it overrides the site's.
#[derive(Debug, Default)]
pub(super) struct Written<'a> {
    pub(super) permalink: Option<&'a str>,
    pub(super) page_permalink: Option<&'a str>,
}

/// A language's two patterns, resolved and checked: its own where written,
/// else the site's, else the defaults. For the language at the root, a
/// pattern it inherits loses its leading `/{lang}` (`/{lang}/{year}/{slug}/`
/// → `/{year}/{slug}/`): its pages live at the root like its home. Errors
/// name the key (`permalink`, `languages.en.permalink`) and say why.
pub(super) fn resolve(
    site: &Written,
    own: &Written,
    code: &str,
    at_root: bool,
) -> Result<(String, String), Vec<(String, String)>> {
    let key = |name: &str, own: bool| match own {
        true => format!("languages.{code}.{name}"),
        false => name.to_string(),
    };
    let pick = |own: Option<&str>, site: Option<&str>, default: &str| match own {
        Some(p) => (p.to_string(), true),
        None => {
            let inherited = site.unwrap_or(default);
            let stripped = inherited.strip_prefix("/{lang}").filter(|_| at_root);
            (stripped.unwrap_or(inherited).to_string(), false)
        }
    };
    let mut errors = Vec::new();
    let (permalink, own_permalink) = pick(own.permalink, site.permalink, DEFAULT_PERMALINK);
    if let Err(m) = check_permalink(&permalink) {
        errors.push((key("permalink", own_permalink), m));
    }
    let (page, own_page) = pick(
        own.page_permalink,
        site.page_permalink,
        DEFAULT_PAGE_PERMALINK,
    );
    let dated = ["{year}", "{month}", "{day}"]
        .into_iter()
        .find(|p| page.contains(p));
    match (check_permalink(&page), dated) {
        (Err(m), _) => errors.push((key("page_permalink", own_page), format!("page_{m}"))),
        (Ok(()), Some(p)) => errors.push((
            key("page_permalink", own_page),
            format!(
                "page_permalink `{page}`: pages have no date, so no {p} (use {{lang}} and {{slug}})"
            ),
        )),
        _ => {}
    }
    match errors.is_empty() {
        true => Ok((permalink, page)),
        false => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written<'a>(permalink: Option<&'a str>, page: Option<&'a str>) -> Written<'a> {
        Written {
            permalink,
            page_permalink: page,
        }
    }

    #[test]
    fn a_language_pattern_overrides_the_site_one() {
        let site = written(Some("/{lang}/{year}/{slug}/"), None);
        let none = Written::default();
        let own = written(Some("/{year}/{month}/{day}/{slug}.html"), None);
        assert_eq!(
            resolve(&site, &none, "fr", false).unwrap(),
            ("/{lang}/{year}/{slug}/".into(), "/{lang}/{slug}/".into())
        );
        assert_eq!(
            resolve(&site, &own, "en", false).unwrap().0,
            "/{year}/{month}/{day}/{slug}.html"
        );
    }

    #[test]
    fn the_language_at_the_root_drops_an_inherited_lang_segment_only() {
        let none = Written::default();
        assert_eq!(
            resolve(&none, &none, "en", true).unwrap(),
            ("/{year}/{month}/{slug}/".into(), "/{slug}/".into())
        );
        let own = written(Some("/{lang}/{slug}/"), None);
        assert_eq!(
            resolve(&none, &own, "en", true).unwrap().0,
            "/{lang}/{slug}/"
        );
    }

    #[test]
    fn errors_name_the_key_that_is_wrong() {
        let none = Written::default();
        let own = written(Some("/{year}/"), Some("/{lang}/{day}/{slug}/"));
        let errors = resolve(&none, &own, "en", false).unwrap_err();
        assert_eq!(errors[0].0, "languages.en.permalink");
        assert!(errors[0].1.contains("{slug}"), "{errors:?}");
        assert_eq!(errors[1].0, "languages.en.page_permalink");
        assert!(errors[1].1.contains("no {day}"), "{errors:?}");
        let site = written(None, Some("{slug}"));
        assert_eq!(
            resolve(&site, &none, "fr", false).unwrap_err()[0].0,
            "page_permalink"
        );
    }
}

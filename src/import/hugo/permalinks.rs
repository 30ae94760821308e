//! Hugo's permalinks: the URL a page was served at, from the site's
//! `[permalinks]` patterns (`:year`, `:slug`, `:section`…) or Hugo's
//! default path, and the Gazette pattern that keeps those URLs where one
//! exists.

use crate::import::front::as_text;
use crate::import::urlize;
use chrono::Datelike;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a permalink's placeholders are made from.
pub(super) struct Tokens<'a> {
    pub(super) date: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub(super) title: &'a str,
    pub(super) slug: Option<&'a str>,
    pub(super) filename: &'a str,
    pub(super) section: &'a str,
    pub(super) logical: &'a str,
}

/// Hugo's path for a page without a permalink pattern: its folders, then
/// its slug or file name.
pub(super) fn default_path(t: &Tokens) -> String {
    let folder = t.logical.rsplit_once('/').map_or("", |(f, _)| f);
    let folder = match t.logical.ends_with("/index.md") {
        true => folder.rsplit_once('/').map_or("", |(f, _)| f),
        false => folder,
    };
    let last = t.slug.unwrap_or(t.filename);
    match folder.is_empty() {
        true => format!("/{}/", urlize(last)),
        false => format!("/{}/{}/", urlize(folder), urlize(last)),
    }
}

/// Expands a Hugo permalink pattern; `None` for a placeholder not known.
pub(super) fn expand(pattern: &str, t: &Tokens) -> Option<String> {
    let date = t.date;
    substitute(pattern, |name| {
        Some(match name {
            "year" => format!("{:04}", date?.year()),
            "month" => format!("{:02}", date?.month()),
            "day" => format!("{:02}", date?.day()),
            "monthname" => date?.format("%B").to_string().to_lowercase(),
            "yearday" => format!("{}", date?.ordinal()),
            "section" => t.section.to_string(),
            "sections" => t
                .logical
                .rsplit_once('/')
                .map_or("", |(f, _)| f)
                .to_string(),
            "title" => urlize(t.title),
            "slug" => urlize(t.slug.unwrap_or(t.title)),
            "filename" | "contentbasename" => urlize(t.filename),
            "slugorfilename" | "slugorcontentbasename" => urlize(t.slug.unwrap_or(t.filename)),
            _ => return None,
        })
    })
}

/// `pattern` with each `:placeholder` replaced by `value(placeholder)`,
/// rooted at `/`; `None` as soon as `value` has none. The one reading of
/// Hugo's patterns, for the URLs it made and the Gazette pattern keeping them.
fn substitute(pattern: &str, mut value: impl FnMut(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let len = after
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(after.len());
        out.push_str(&value(&after[..len])?);
        rest = &after[len..];
    }
    out.push_str(rest);
    Some(match out.starts_with('/') {
        true => out,
        false => format!("/{out}"),
    })
}

/// What Gazette's `{slug}` must be for a page's URL to be the one Hugo
/// made with `pattern` (`:slug` is the slug or the title, `:filename` the
/// file's name…); without a pattern, Hugo's slug or file name.
pub(super) fn slug_value(
    pattern: Option<&str>,
    title: &str,
    slug: Option<&str>,
    filename: &str,
) -> String {
    let token = pattern.and_then(|p| {
        [
            "slugorfilename",
            "slugorcontentbasename",
            "contentbasename",
            "filename",
            "title",
            "slug",
        ]
        .into_iter()
        .find(|t| p.contains(&format!(":{t}")))
    });
    urlize(match token {
        Some("title") => title,
        Some("slug") => slug.unwrap_or(title),
        Some("filename" | "contentbasename") => filename,
        _ => slug.unwrap_or(filename),
    })
}

/// A Hugo pattern as Gazette writes it (`/:year/:month/:slug/` →
/// `/{year}/{month}/{slug}/`), or `None` when it has a placeholder Gazette
/// has none for, or no slug-like one.
pub(super) fn gazette_pattern(hugo: &str, section: &str) -> Option<String> {
    let mut slugs = 0;
    let out = substitute(hugo, |name| {
        Some(match name {
            "year" => "{year}".to_string(),
            "month" => "{month}".to_string(),
            "day" => "{day}".to_string(),
            "section" => urlize(section),
            "slug"
            | "title"
            | "filename"
            | "contentbasename"
            | "slugorfilename"
            | "slugorcontentbasename" => {
                slugs += 1;
                "{slug}".to_string()
            }
            _ => return None,
        })
    })?;
    (slugs == 1 && crate::urls::check_permalink(&out).is_ok()).then_some(out)
}

/// `[permalinks]` as section → pattern (Hugo ≥ 0.120 also nests them
/// under `page`).
pub(super) fn permalink_table(value: Option<&Value>) -> BTreeMap<String, String> {
    let Some(Value::Object(map)) = value else {
        return BTreeMap::new();
    };
    let map = match map.get("page") {
        Some(Value::Object(page)) => page,
        _ => map,
    };
    map.iter()
        .filter_map(|(k, v)| Some((k.clone(), as_text(v)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_patterns_expand_and_translate() {
        let date = crate::dates::parse("2024-05-09", chrono_tz::Tz::UTC).ok();
        let t = Tokens {
            date,
            title: "L’école, enfin",
            slug: None,
            filename: "ecole",
            section: "posts",
            logical: "posts/ecole.md",
        };
        assert_eq!(
            expand("/:year/:month/:slug/", &t).unwrap(),
            "/2024/05/lécole-enfin/"
        );
        assert_eq!(expand("/:section/:filename/", &t).unwrap(), "/posts/ecole/");
        assert_eq!(expand(":year/:weekday/", &t), None);
        assert_eq!(
            gazette_pattern("/:year/:month/:title/", "posts").unwrap(),
            "/{year}/{month}/{slug}/"
        );
        assert_eq!(
            gazette_pattern("/:section/:slug/", "news").unwrap(),
            "/news/{slug}/"
        );
        assert_eq!(gazette_pattern("/:year/:weekday/:slug/", "posts"), None);
        assert_eq!(default_path(&t), "/posts/ecole/");
    }
}

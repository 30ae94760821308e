//! Reading a Hugo site: its configuration (`hugo.toml`, `config.toml`, the
//! YAML and JSON forms, `config/_default/`), its languages (by folder
//! `content/<lang>/`, by `contentDir`, or by file suffix `post.fr.md`),
//! its pages and bundles, menus, permalinks and shortcodes, and the URL
//! Hugo served each page at.
//!
//! Hugo's keys are case-insensitive: the configuration is read with every
//! key in lower case ([`config`]); the URL of each page comes from
//! [`permalinks`].

mod config;
mod highlight;
mod permalinks;

use super::front::{self, as_list, as_text};
use super::{Doc, Finding, Lang, MenuEntry, MenuTarget, Source, files_under, urlize};
use crate::error::{Error, Result};
use config::config;
use permalinks::{Tokens, default_path, expand, gazette_pattern, permalink_table, slug_value};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Reads the Hugo site in `root`.
pub(super) fn read(root: &Path) -> Result<Source> {
    let config = config(root)?;
    let get = |k: &str| config.get(k);
    let text = |k: &str| get(k).and_then(as_text);
    let mut source = Source {
        foreign_shortcode_note: "a Hugo built-in or a theme's shortcode",
        term_url: Some(term_url),
        ..Source::default()
    };
    source.base_url = text("baseurl").unwrap_or_default();
    if crate::urls::BaseUrl::parse(&source.base_url).is_err() {
        source.findings.push(Finding::new(
            "hugo config",
            None,
            format!(
                "baseURL `{}` is not an absolute address: https://example.org/ written instead",
                source.base_url
            ),
        ));
        source.base_url = "https://example.org/".into();
    }
    let default = text("defaultcontentlanguage")
        .unwrap_or_else(|| "en".into())
        .to_lowercase();
    source.at_root = !get("defaultcontentlanguageinsubdir")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    source.time_zone = super::time_zone(text("timezone"), "hugo config", &mut source.findings);
    source.paginate = get("pagination")
        .and_then(|p| p.get("pagersize"))
        .or_else(|| get("paginate"))
        .and_then(Value::as_u64)
        .map(|n| n as usize);
    let ugly = get("uglyurls").and_then(Value::as_bool).unwrap_or(false);
    source.ugly = ugly;
    let site_title = text("title").unwrap_or_default();
    let site_description = get("params")
        .and_then(|p| p.get("description"))
        .and_then(as_text)
        .unwrap_or_default();
    let no_languages = Map::new();
    let languages = get("languages")
        .and_then(Value::as_object)
        .unwrap_or(&no_languages);
    let mut langs: Vec<(i64, Lang, Option<String>, &Value)> = Vec::new();
    for (code, l) in languages {
        let lt = |k: &str| l.get(k).and_then(as_text);
        langs.push((
            match code.to_lowercase() == default {
                true => i64::MIN,
                false => l.get("weight").and_then(Value::as_i64).unwrap_or(0),
            },
            Lang {
                code: code.to_lowercase(),
                name: lt("languagename").unwrap_or_else(|| code.clone()),
                title: lt("title").unwrap_or_else(|| site_title.clone()),
                description: l
                    .get("params")
                    .and_then(|p| p.get("description"))
                    .and_then(as_text)
                    .or_else(|| lt("description"))
                    .unwrap_or_else(|| site_description.clone()),
                ..Lang::default()
            },
            lt("contentdir"),
            l,
        ));
    }
    if langs.is_empty() {
        langs.push((
            0,
            Lang {
                code: default.clone(),
                name: default.clone(),
                title: site_title.clone(),
                description: site_description.clone(),
                ..Lang::default()
            },
            None,
            &Value::Null,
        ));
    }
    langs.sort_by(|a, b| (a.0, &a.1.code).cmp(&(b.0, &b.1.code)));
    // An address per language (Hugo's multihost): each language at the root
    // of its own, read here as if each were under its code (the folders of
    // Gazette's output), the site's address being the default language's.
    for (_, l, _, value) in &langs {
        let own = value.get("baseurl").and_then(as_text);
        if let Some(url) = own.filter(|u| crate::urls::BaseUrl::parse(u).is_ok()) {
            source.hosts.insert(l.code.clone(), url);
        }
    }
    if !source.hosts.is_empty() {
        source.at_root = false;
        if let Some(url) = source.hosts.remove(&langs[0].1.code) {
            source.base_url = url;
        }
    }
    let codes: Vec<String> = langs.iter().map(|l| l.1.code.clone()).collect();
    let content_dir = text("contentdir").unwrap_or_else(|| "content".into());
    let dirs: Vec<(String, String)> = langs
        .iter()
        .filter_map(|(_, l, dir, _)| Some((l.code.clone(), dir.clone()?)))
        .collect();
    let by_folder = dirs.is_empty()
        && codes.len() > 1
        && codes
            .iter()
            .any(|c| root.join(&content_dir).join(c).is_dir());

    // Each content file, its language and its path under the language.
    let mut found: Vec<(std::path::PathBuf, String, String, String)> = Vec::new(); // (file, rel to source, lang, logical)
    let roots: Vec<(Option<String>, String)> = match dirs.is_empty() {
        true => vec![(None, content_dir.clone())],
        false => dirs
            .iter()
            .map(|(c, d)| (Some(c.clone()), d.clone()))
            .collect(),
    };
    for (fixed, dir) in &roots {
        for (path, rel) in files_under(&root.join(dir)) {
            let file = format!("{dir}/{rel}");
            let (lang, rest) = match (fixed, by_folder) {
                (Some(code), _) => (code.clone(), rel.clone()),
                (None, true) => match rel.split_once('/') {
                    Some((first, rest)) if codes.contains(&first.to_lowercase()) => {
                        (first.to_lowercase(), rest.to_string())
                    }
                    _ => (default.clone(), rel.clone()),
                },
                (None, false) => (default.clone(), rel.clone()),
            };
            // A language suffix (`post.fr.md`, `index.en.md`) wins.
            let (lang, logical) = match split_suffix(&rest, &codes) {
                Some((code, plain)) => (code, plain),
                None => (lang, rest),
            };
            found.push((path, file, lang, logical));
        }
    }

    // Leaf bundles: folders with an index page own every other file in them.
    let bundles: Vec<(String, String)> = found
        .iter()
        .filter(|(_, _, _, logical)| logical == "index.md" || logical.ends_with("/index.md"))
        .map(|(_, _, lang, logical)| {
            (
                lang.clone(),
                logical.trim_end_matches("index.md").to_string(),
            )
        })
        .collect();
    // Suffix mode: one bundle folder for every language's index.
    let shared = !by_folder && dirs.is_empty();
    let bundle_of = |lang: &str, logical: &str| {
        bundles
            .iter()
            .filter(|(l, folder)| {
                (l == lang || shared) && !folder.is_empty() && logical.starts_with(folder.as_str())
            })
            .map(|(_, folder)| folder.clone())
            .max_by_key(String::len)
    };
    let permalinks = permalink_table(get("permalinks"));
    let mut docs = Vec::new();
    let mut slug_inputs = Vec::new();
    let mut resources: Vec<(String, String, std::path::PathBuf, String)> = Vec::new(); // (lang, bundle folder, file, name)
    for (path, file, lang, logical) in &found {
        let is_md = logical.ends_with(".md") || logical.ends_with(".markdown");
        let is_index = logical == "index.md" || logical.ends_with("/index.md");
        if let Some(folder) = bundle_of(lang, logical).filter(|_| !is_index) {
            match is_md {
                true => source.findings.push(Finding::new(file, None, "a Markdown file inside a page bundle is a resource in Hugo, not a page: not imported".into())),
                false => resources.push((lang.clone(), folder.clone(), path.clone(), logical[folder.len()..].to_string())),
            }
            continue;
        }
        if !is_md {
            let message = match logical.rsplit('.').next() {
                Some("html" | "htm" | "adoc" | "org" | "rst" | "pdc") => {
                    "content in a format other than Markdown: not imported (convert it to Markdown)"
                }
                _ => {
                    "a file of content/ outside any page bundle: not imported (move it to static/)"
                }
            };
            source
                .findings
                .push(Finding::new(file, None, message.into()));
            continue;
        }
        let name = logical.rsplit('/').next().unwrap_or(logical);
        if name.starts_with("_index.") {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let has_body = front::parse(&text).is_ok_and(|p| !p.body.trim().is_empty());
            if has_body {
                source.findings.push(Finding::new(
                    file,
                    None,
                    "a list page's text: not imported (Gazette's listings show the articles only)"
                        .into(),
                ));
            }
            continue;
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.clone(),
            source: e,
        })?;
        let parsed = match front::parse(&text) {
            Ok(p) => p,
            Err((line, message)) => {
                source.findings.push(Finding::new(
                    file,
                    Some(line),
                    format!("{message}: not imported"),
                ));
                continue;
            }
        };
        if parsed.get("headless").and_then(Value::as_bool) == Some(true) {
            source.findings.push(Finding::new(
                file,
                None,
                "a headless bundle (never published by Hugo): not imported".into(),
            ));
            continue;
        }
        let logical = logical
            .trim_end_matches(".markdown")
            .trim_end_matches(".md")
            .to_string()
            + ".md";
        let draft = parsed
            .get("draft")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let date = ["date", "publishdate"]
            .iter()
            .find_map(|k| parsed.text(k))
            .and_then(|t| crate::dates::parse(&t, chrono_tz::Tz::UTC).ok());
        let section = logical
            .split_once('/')
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        let filename = match logical.rsplit_once('/') {
            Some((folder, "index.md")) => folder.rsplit('/').next().unwrap_or(folder).to_string(),
            _ => name.split('.').next().unwrap_or(name).to_string(),
        };
        let title = parsed.text("title").unwrap_or_default();
        let slug = parsed.text("slug");
        let prefix = lang_prefix(&source, &codes, lang);
        let lang_links = languages.get(lang).and_then(|l| l.get("permalinks"));
        let pattern = permalink_table(lang_links)
            .remove(&section)
            .or_else(|| permalinks.get(&section).cloned());
        // A path from the root is from its language's own address there is one.
        let own_address = !source.hosts.is_empty();
        let old = match parsed.text("url") {
            Some(url) if url.starts_with('/') && own_address => format!("{prefix}{url}"),
            Some(url) if url.starts_with('/') => url,
            Some(url) => format!("{prefix}/{url}"),
            None => {
                let values = Tokens {
                    date,
                    title: &title,
                    slug: slug.as_deref(),
                    filename: &filename,
                    section: &section,
                    logical: &logical,
                };
                let path = match pattern.as_deref() {
                    Some(p) => expand(p, &values).unwrap_or_else(|| default_path(&values)),
                    None => default_path(&values),
                };
                let path = match ugly && path.ends_with('/') && path != "/" {
                    true => format!("{}.html", path.trim_end_matches('/')),
                    false => path,
                };
                let lower = !config
                    .get("disablepathtolower")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                format!("{prefix}{}", if lower { path.to_lowercase() } else { path })
            }
        };
        let old_aliases = as_list(parsed.get("aliases"))
            .into_iter()
            .map(|a| match a.starts_with('/') && !own_address {
                true => a,
                false => format!("{prefix}/{}", a.trim_start_matches('/')),
            })
            .collect();
        let key = parsed.text("translationkey");
        for (menu, entry) in front_matter_menus(&parsed, &title) {
            source
                .menus
                .entry(lang.clone())
                .or_default()
                .push(MenuEntry {
                    name: entry.0,
                    weight: entry.1,
                    target: MenuTarget::Page(logical.clone()),
                    file: file.clone(),
                });
            if menu != "main" {
                source.findings.push(Finding::new(file, Some(parsed.line("menu")), format!("menu `{menu}` imported as the main menu (Gazette has one menu per language)")));
            }
        }
        slug_inputs.push((title.clone(), slug.clone(), filename.clone()));
        docs.push((
            section,
            Doc {
                file: file.clone(),
                lang: lang.clone(),
                logical,
                key,
                dated: date.is_some(),
                slug: Some(slug_value(None, &title, slug.as_deref(), &filename)),
                old_url: (!draft).then_some(old),
                old_aliases,
                draft,
                body: highlight::to_fences(&parsed.body),
                front: parsed,
                resources: Vec::new(),
            },
        ));
    }
    for (_, doc) in &mut docs {
        if let Some(folder) = doc.logical.strip_suffix("index.md") {
            doc.resources = resources
                .iter()
                .filter(|(l, f, _, _)| f == folder && (*l == doc.lang || shared))
                .map(|(_, _, path, name)| (path.clone(), name.clone()))
                .collect();
        }
    }

    // Each language's patterns: the permalink of the section most of its
    // articles are in, where Gazette can write it.
    let site_permalinks = permalinks;
    for (_, lang, _, raw) in &mut langs {
        let own = permalink_table(raw.get("permalinks"));
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for (section, d) in &docs {
            if d.lang == lang.code && d.dated {
                *count.entry(section.as_str()).or_default() += 1;
            }
        }
        let Some(section) = count
            .iter()
            .max_by_key(|(s, n)| (**n, std::cmp::Reverse(**s)))
            .map(|(s, _)| s.to_string())
        else {
            continue;
        };
        let section = &section;
        let hugo = own
            .get(section)
            .or_else(|| site_permalinks.get(section))
            .cloned();
        for ((_, d), (title, slug, filename)) in docs.iter_mut().zip(&slug_inputs) {
            if d.lang == lang.code && d.dated {
                d.slug = Some(slug_value(
                    hugo.as_deref(),
                    title,
                    slug.as_deref(),
                    filename,
                ));
            }
        }
        let at_root = lang.code == codes[0] && source.at_root;
        let lead = if at_root { "" } else { "/{lang}" };
        let pattern = match hugo {
            Some(p) => gazette_pattern(&p, section),
            None if section.is_empty() => Some("/{slug}/".into()),
            None => Some(format!("/{}/{{slug}}/", urlize(section))),
        };
        match pattern {
            Some(p) => {
                let p = format!("{lead}{p}");
                lang.permalink = Some(match ugly && p.ends_with('/') {
                    true => format!("{}.html", p.trim_end_matches('/')),
                    false => p,
                });
            }
            None => source.findings.push(Finding::new("hugo config", None, format!("the `{section}` permalink of `{}` uses placeholders Gazette has no equivalent for: Gazette's pattern is used and the old URLs are aliases", lang.code))),
        }
        if ugly {
            lang.page_permalink = Some(format!("{lead}/{{slug}}.html"));
        }
    }
    source.languages = langs.into_iter().map(|(_, l, _, _)| l).collect();

    // Menus of the configuration, the site's for the default language.
    let site_menu = menu_entries(get("menus").or_else(|| get("menu")));
    for (lang, l) in source
        .languages
        .iter()
        .map(|l| (l.code.clone(), languages.get(&l.code)))
    {
        let entries = match l.and_then(|l| l.get("menus").or_else(|| l.get("menu"))) {
            Some(m) => menu_entries(Some(m)),
            None if lang == codes[0] => site_menu.clone(),
            None => Vec::new(),
        };
        for (name, weight, target) in entries {
            source
                .menus
                .entry(lang.clone())
                .or_default()
                .push(MenuEntry {
                    name,
                    weight,
                    target,
                    file: "hugo config".into(),
                });
        }
    }
    source.static_root = Some(root.join("static"));
    for dir in ["static", "data"] {
        if root.join(dir).is_dir() {
            source.copies.push((root.join(dir), dir.to_string()));
        }
    }
    if root.join("assets").is_dir() {
        source.findings.push(Finding::new(
            "assets",
            None,
            "Hugo Pipes assets (SCSS, JS bundles): not imported; the built-in theme has its own"
                .into(),
        ));
    }
    let mut layouts = vec![root.join("layouts/shortcodes")];
    if let Some(theme) = text("theme") {
        layouts.push(root.join("themes").join(theme).join("layouts/shortcodes"));
    }
    for dir in layouts {
        for (path, rel) in files_under(&dir) {
            let name = rel
                .trim_end_matches(".html")
                .trim_end_matches(".md")
                .to_string();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let file = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            source.shortcodes.entry(name).or_insert((file, text));
        }
    }
    // Hugo's listings: each section's, each taxonomy's index, and the
    // default language's home under its code too; the RSS feeds of the
    // homes and sections, read from the language's feed now.
    for code in &codes {
        let prefix = lang_prefix(&source, &codes, code);
        source
            .feeds
            .push((format!("{prefix}/index.xml"), code.clone()));
    }
    for (section, d) in &docs {
        let prefix = lang_prefix(&source, &codes, &d.lang);
        if !section.is_empty() && !d.draft {
            let listing = format!("{prefix}/{}/", urlize(section));
            source
                .feeds
                .push((format!("{listing}index.xml"), d.lang.clone()));
            source.listings.push((listing, d.lang.clone()));
        }
    }
    if docs
        .iter()
        .any(|(_, d)| !as_list(d.front.get("categories")).is_empty())
    {
        for code in &codes {
            let prefix = lang_prefix(&source, &codes, code);
            source
                .listings
                .push((format!("{prefix}/categories/"), code.clone()));
        }
    }
    other_taxonomies(get("taxonomies"), &docs, &codes, &mut source);
    if source.at_root && codes.len() > 1 {
        source
            .listings
            .push((format!("/{}/", codes[0]), codes[0].clone()));
    }
    source.docs = docs.into_iter().map(|(_, d)| d).collect();
    if source.docs.is_empty() {
        return Err(Error::Usage(format!(
            "{} holds no Markdown page under {content_dir}/: is it a Hugo site?",
            root.display()
        )));
    }
    gazette_codes(&mut source);
    Ok(source)
}

/// Hugo takes any language key (`[languages.pt_BR]`); Gazette's codes are
/// BCP 47 (`pt-br`). Once every old URL is known, each such language takes
/// its Gazette code (its new URLs are under `/pt-br/`, the old ones become
/// aliases), and the old code is kept for the old tag pages' URLs.
fn gazette_codes(source: &mut Source) {
    let gazette = |code: &str| code.replace('_', "-");
    for l in &mut source.languages {
        if l.code.contains('_') {
            source.findings.push(Finding::new(
                "hugo config",
                None,
                format!(
                    "language `{}` is `{}` in Gazette (a BCP 47 code): its pages move from /{}/ to /{}/, the old addresses kept as aliases",
                    l.code,
                    gazette(&l.code),
                    l.code,
                    gazette(&l.code)
                ),
            ));
            source.old_codes.insert(gazette(&l.code), l.code.clone());
            l.code = gazette(&l.code);
        }
    }
    if source.old_codes.is_empty() {
        return;
    }
    for d in &mut source.docs {
        d.lang = gazette(&d.lang);
    }
    for (_, lang) in source.listings.iter_mut().chain(source.feeds.iter_mut()) {
        *lang = gazette(lang);
    }
    source.menus = std::mem::take(&mut source.menus)
        .into_iter()
        .map(|(code, entries)| (gazette(&code), entries))
        .collect();
    source.hosts = std::mem::take(&mut source.hosts)
        .into_iter()
        .map(|(code, url)| (gazette(&code), url))
        .collect();
}

/// `/fr` for a language under its code, nothing for the one at the root.
/// Taxonomies of the site's own (`[taxonomies] series = "series"`), which
/// Gazette has no pages for (it has tags and sections): the terms stay in
/// each article's `extra:`, the old listing pages (the taxonomy's index and
/// each term's) redirect to the language's home rather than answer 404,
/// and one finding per taxonomy says so, at its first use.
fn other_taxonomies(
    declared: Option<&Value>,
    docs: &[(String, Doc)],
    codes: &[String],
    source: &mut Source,
) {
    let Some(declared) = declared.and_then(Value::as_object) else {
        return;
    };
    for plural in declared.values().filter_map(as_text) {
        let plural = plural.to_lowercase();
        if matches!(plural.as_str(), "tags" | "categories") {
            continue;
        }
        let mut first_use = None;
        let mut pages = BTreeMap::new();
        for (_, d) in docs.iter().filter(|(_, d)| !d.draft) {
            let terms = as_list(d.front.get(&plural));
            if terms.is_empty() {
                continue;
            }
            first_use.get_or_insert((d.file.clone(), d.front.line(&plural)));
            let prefix = lang_prefix(source, codes, &d.lang);
            pages.insert(format!("{prefix}/{}/", urlize(&plural)), d.lang.clone());
            for term in &terms {
                pages.insert(term_url(source, &d.lang, &plural, term), d.lang.clone());
            }
        }
        let Some((file, line)) = first_use else {
            continue;
        };
        source.findings.push(Finding::new(
            &file,
            Some(line),
            format!(
                "taxonomy `{plural}`: Gazette has tags and sections only; its terms are kept under `extra:` and its {} old pages redirect to the home page (make them tags to keep pages for them)",
                pages.len()
            ),
        ));
        source.listings.extend(pages);
    }
}

fn lang_prefix(source: &Source, codes: &[String], lang: &str) -> String {
    match source.at_root && lang == codes[0] {
        true => String::new(),
        false => format!("/{lang}"),
    }
}

/// Where Hugo listed a term: `/fr/tags/open-data/`.
fn term_url(source: &Source, lang: &str, taxonomy: &str, term: &str) -> String {
    let prefix = match source.at_root && source.languages[0].code == lang {
        true => String::new(),
        false => format!(
            "/{}",
            source.old_codes.get(lang).map_or(lang, String::as_str)
        ),
    };
    match source.ugly {
        true => format!("{prefix}/{taxonomy}/{}.html", urlize(term)),
        false => format!("{prefix}/{taxonomy}/{}/", urlize(term)),
    }
}

/// `post.fr.md` → (`fr`, `post.md`) when `fr` is a language of the site.
fn split_suffix(path: &str, codes: &[String]) -> Option<(String, String)> {
    let (stem, ext) = path.rsplit_once('.')?;
    let (plain, code) = stem.rsplit_once('.')?;
    let code = code.to_lowercase();
    (codes.contains(&code) && !plain.ends_with('/')).then(|| (code, format!("{plain}.{ext}")))
}

/// The `main` menu's entries of a `menus`/`menu` table: (name, weight, target).
fn menu_entries(value: Option<&Value>) -> Vec<(String, i64, MenuTarget)> {
    let Some(Value::Object(menus)) = value else {
        return Vec::new();
    };
    menus
        .values()
        .flat_map(|m| m.as_array().cloned().unwrap_or_default())
        .filter_map(|e| {
            let name = e.get("name").or_else(|| e.get("title")).and_then(as_text)?;
            let weight = e.get("weight").and_then(Value::as_i64).unwrap_or(0);
            let target = match (
                e.get("pageref").and_then(as_text),
                e.get("url").and_then(as_text),
            ) {
                (Some(p), _) => MenuTarget::Page(p),
                (None, Some(u)) => MenuTarget::Url(u),
                _ => return None,
            };
            Some((name, weight, target))
        })
        .collect()
}

/// Menu entries a page declares in its front matter (`menu: main`, or a
/// table per menu with `name` and `weight`): (menu, (name, weight)).
fn front_matter_menus(parsed: &front::Parsed, title: &str) -> Vec<(String, (String, i64))> {
    let value = parsed.get("menu").or_else(|| parsed.get("menus"));
    match value {
        Some(Value::String(m)) => vec![(m.clone(), (title.to_string(), 0))],
        Some(Value::Array(ms)) => ms
            .iter()
            .filter_map(as_text)
            .map(|m| (m, (title.to_string(), 0)))
            .collect(),
        Some(Value::Object(ms)) => ms
            .iter()
            .map(|(m, e)| {
                let name = e
                    .get("name")
                    .and_then(as_text)
                    .unwrap_or_else(|| title.to_string());
                (
                    m.clone(),
                    (name, e.get("weight").and_then(Value::as_i64).unwrap_or(0)),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_name_the_language() {
        let codes = ["en".to_string(), "fr".to_string()];
        assert_eq!(
            split_suffix("posts/a.fr.md", &codes),
            Some(("fr".into(), "posts/a.md".into()))
        );
        assert_eq!(split_suffix("posts/v1.2.md", &codes), None);
        assert_eq!(split_suffix("posts/a.md", &codes), None);
    }
}

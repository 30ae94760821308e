//! From a [`Source`] to the files of a Gazette site: translations paired
//! both ways, categories made sections where each article has one, front
//! matter in Gazette's keys, lead images beside their article, every old
//! URL the new site does not serve at the same path kept as an alias or a
//! `[redirects]` entry, the URL record seeded, and a starting template for
//! each shortcode Gazette does not ship.

use super::front::{Parsed, as_list, as_text};
use super::{Content, Doc, Finding, Imported, MenuTarget, Source, site_toml};
use crate::error::Result;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Shortcodes Gazette renders itself.
const BUILT_IN: [&str; 6] = ["figure", "youtube", "vimeo", "gist", "ref", "relref"];

/// Front matter keys of the source that change how a page was rendered or
/// served, which Gazette does not read: worth a finding when kept as
/// `extra`.
const RENDERING: [&str; 9] = [
    "layout",
    "type",
    "outputs",
    "cascade",
    "resources",
    "markup",
    "build",
    "headless",
    "sitemap",
];

/// Keys the mapping reads itself (never copied to `extra`).
const MAPPED: [&str; 33] = [
    "title",
    "date",
    "lastmod",
    "updated",
    "last_modified_at",
    "publishdate",
    "expirydate",
    "expires",
    "draft",
    "published",
    "slug",
    "url",
    "permalink",
    "aliases",
    "redirect_from",
    "summary",
    "description",
    "excerpt",
    "tags",
    "categories",
    "category",
    "translationkey",
    "page_id",
    "lang",
    "image",
    "image_alt",
    "cover",
    "images",
    "featured_image",
    "featuredimage",
    "author",
    "authors",
    "menu",
];

/// The files of the new site (path under it → content), and what was done.
pub(super) fn assemble(mut source: Source) -> Result<(BTreeMap<String, Content>, Imported)> {
    let mut files = BTreeMap::new();
    let mut findings = std::mem::take(&mut source.findings);
    let default = source.languages[0].code.clone();

    // Where each document goes: content/<lang>/<logical>.
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut keep = Vec::new();
    for (i, doc) in source.docs.iter().enumerate() {
        let path = format!("{}/{}", doc.lang, doc.logical);
        match taken.get(&path) {
            Some(&other) => findings.push(Finding {
                file: doc.file.clone(),
                line: None,
                message: format!(
                    "not imported: it would be content/{path}, as {} is",
                    source.docs[other].file
                ),
            }),
            None => {
                taken.insert(path, i);
                keep.push(i);
            }
        }
    }
    let gazette_path = |d: &Doc| format!("{}/{}", d.lang, d.logical);

    // Translations: by explicit key, else by logical path.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &keep {
        let d = &source.docs[i];
        let key = match &d.key {
            Some(k) => format!("key:{k}"),
            None => format!("path:{}", d.logical),
        };
        groups.entry(key).or_default().push(i);
    }
    let mut translations: HashMap<usize, Vec<String>> = HashMap::new();
    let mut pairs = 0;
    for members in groups.values() {
        let mut by_lang: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in members {
            let d = &source.docs[i];
            if let Some(&first) = by_lang.get(d.lang.as_str()) {
                findings.push(Finding {
                    file: d.file.clone(),
                    line: None,
                    message: format!(
                        "a second `{}` version of {} (same translation key): left unpaired",
                        d.lang, source.docs[first].file
                    ),
                });
                continue;
            }
            by_lang.insert(&d.lang, i);
        }
        if by_lang.len() < 2 {
            continue;
        }
        pairs += 1;
        for &i in by_lang.values() {
            let others = by_lang
                .values()
                .filter(|&&j| j != i)
                .map(|&j| gazette_path(&source.docs[j]))
                .collect();
            translations.insert(i, others);
        }
    }

    // Categories: a section each when no article has two.
    let categories = |d: &Doc| {
        let mut all = as_list(d.front.get("categories"));
        all.extend(as_list(d.front.get("category")));
        all
    };
    let as_sections = keep.iter().all(|&i| categories(&source.docs[i]).len() <= 1)
        && keep
            .iter()
            .any(|&i| !categories(&source.docs[i]).is_empty());
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut section_of: HashMap<(String, String), String> = HashMap::new();
    if as_sections {
        // Default language first, then each other language's category
        // named after its translation's, then any left by its own name.
        let mut order: Vec<usize> = keep.clone();
        order.sort_by_key(|&i| source.docs[i].lang != default);
        for &i in &order {
            let d = &source.docs[i];
            let Some(name) = categories(d).pop() else {
                continue;
            };
            if section_of.contains_key(&(d.lang.clone(), name.clone())) {
                continue;
            }
            let paired = translations.get(&i).into_iter().flatten().find_map(|p| {
                let j = taken[p];
                let other = categories(&source.docs[j]).pop()?;
                section_of
                    .get(&(source.docs[j].lang.clone(), other))
                    .cloned()
            });
            let id = paired
                .filter(|id| !sections[id].contains_key(&d.lang))
                .unwrap_or_else(|| {
                    let base = slug::slugify(&name);
                    let mut id = base.clone();
                    let mut n = 2;
                    while sections.get(&id).is_some_and(|s| s.contains_key(&d.lang)) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    id
                });
            sections
                .entry(id.clone())
                .or_default()
                .insert(d.lang.clone(), name.clone());
            section_of.insert((d.lang.clone(), name), id);
        }
        for names in sections.values_mut() {
            let fallback = names.values().next().cloned().unwrap_or_default();
            for l in &source.languages {
                names
                    .entry(l.code.clone())
                    .or_insert_with(|| fallback.clone());
            }
        }
    }

    // The new site's patterns, so each old URL can be compared.
    let config = site_toml::Patterns::of(&source);
    let mut published: BTreeMap<String, String> = BTreeMap::new();
    let mut served: BTreeSet<String> = BTreeSet::new();
    let mut aliases_total = 0;
    let mut articles = 0;
    let mut pages = 0;
    let mut foreign: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    let mut rendering: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    let mut outputs = Vec::new();
    for &i in &keep {
        let d = &source.docs[i];
        let path = gazette_path(d);
        let mut out = serde_yaml::Mapping::new();
        let mut put = |k: &str, v: Value| {
            out.insert(k.into(), serde_yaml::to_value(v).expect("plain values"));
        };
        let title = d
            .front
            .text("title")
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| {
                findings.push(Finding {
                    file: d.file.clone(),
                    line: Some(1),
                    message: "no title: the file name was made its title".into(),
                });
                crate::content::file_slug(&path).replace('-', " ")
            });
        put("title", title.into());
        let date =
            first_text(&d.front, &["date"]).or_else(|| first_text(&d.front, &["publishdate"]));
        if let Some(date) = &date {
            put("date", date.clone().into());
        }
        if let (Some(publish), Some(date)) = (d.front.text("publishdate"), d.front.text("date"))
            && publish > date
        {
            findings.push(Finding {
                file: d.file.clone(),
                line: Some(d.front.line("publishdate")),
                message: format!("publishDate {publish} is after date {date}: Gazette publishes at `date`; set it to {publish} if the article must wait"),
            });
        }
        if let Some(updated) = first_text(&d.front, &["lastmod", "last_modified_at", "updated"]) {
            put("updated", updated.into());
        }
        if let Some(expires) = first_text(&d.front, &["expirydate", "expires"]) {
            put("expires", expires.into());
        }
        if d.draft {
            put("draft", true.into());
        }
        let slug = d.slug.clone().filter(|s| {
            *s != crate::content::file_slug(&path) && crate::urls::check_slug(s).is_ok()
        });
        if let Some(slug) = &slug {
            put("slug", slug.clone().into());
        }
        let summary = first_text(&d.front, &["summary", "description", "excerpt"]);
        if let Some(summary) = summary.filter(|s| !s.is_empty()) {
            put("summary", summary.into());
        }
        let mut tags = as_list(d.front.get("tags"));
        let cats = categories(d);
        match (as_sections, cats.first()) {
            (true, Some(c)) => put(
                "section",
                section_of[&(d.lang.clone(), c.clone())].clone().into(),
            ),
            (false, _) => tags.extend(cats.iter().cloned()),
            _ => {}
        }
        tags.dedup();
        if !tags.is_empty() {
            put("tags", tags.clone().into());
        }
        let authors = {
            let mut a = as_list(d.front.get("author"));
            a.extend(as_list(d.front.get("authors")));
            a
        };
        if !authors.is_empty() {
            put("author", authors.into());
        }
        let mut resources = d.resources.clone();
        if let Some((image, alt)) = lead_image(d, &source, &mut resources, &mut findings) {
            put("image", image.into());
            put("image_alt", alt.into());
        } else if translations
            .get(&i)
            .into_iter()
            .flatten()
            .any(|p| has_image(&source.docs[taken[p]]))
        {
            // Gazette shows the original's lead image on a translation
            // that has none; the old site showed none there.
            findings.push(Finding {
                file: d.file.clone(),
                line: Some(1),
                message: "its translation has a lead image, which Gazette shows here too: imported as decoration (`image_alt: \"\"`); describe it in this language".into(),
            });
            put("image_alt", "".into());
        }
        if let Some(others) = translations.get(&i) {
            put(
                "translation",
                match others.len() {
                    1 => others[0].clone().into(),
                    _ => others.clone().into(),
                },
            );
        }
        // Where it is now, and every old URL that is not that.
        let lang = config.language(&d.lang);
        let new_url = date
            .as_deref()
            .and_then(|t| crate::dates::parse(t, config.zone).ok())
            .map(|date| {
                let slug = slug
                    .clone()
                    .unwrap_or_else(|| crate::content::file_slug(&path));
                crate::urls::permalink(&lang.0, &d.lang, &date, &slug)
            })
            .unwrap_or_else(|| {
                let slug = slug
                    .clone()
                    .unwrap_or_else(|| crate::content::file_slug(&path));
                crate::urls::page_permalink(&lang.1, &d.lang, &slug)
            });
        let mut aliases: Vec<String> = Vec::new();
        for old in d.old_url.iter().chain(&d.old_aliases) {
            let old = normalize(old);
            if old != new_url && !aliases.contains(&old) && old != "/" {
                aliases.push(old);
            }
        }
        if !d.draft {
            served.insert(new_url.clone());
            published.insert(new_url, path.clone());
            for a in &aliases {
                published.insert(a.clone(), path.clone());
                served.insert(a.clone());
            }
        }
        aliases_total += aliases.len();
        if !aliases.is_empty() {
            // On its language's own address, an alias is a path there.
            let prefix = format!("/{}/", d.lang);
            let aliases: Vec<String> = match source.hosts.is_empty() {
                true => aliases,
                false => aliases
                    .into_iter()
                    .map(|a| match a.strip_prefix(&prefix) {
                        Some(rest) => format!("/{rest}"),
                        None => a,
                    })
                    .collect(),
            };
            put("aliases", aliases.into());
        }
        let mut extra = serde_json::Map::new();
        for (key, value, line) in &d.front.fields {
            let lower = key.to_ascii_lowercase();
            if MAPPED.contains(&lower.as_str()) {
                continue;
            }
            if RENDERING.contains(&lower.as_str()) {
                rendering
                    .entry(key.clone())
                    .or_default()
                    .push((d.file.clone(), *line));
            }
            extra.insert(key.clone(), value.clone());
        }
        if !extra.is_empty() {
            put("extra", Value::Object(extra));
        }
        let yaml = serde_yaml::to_string(&out).expect("YAML of plain values");
        let body = &d.body;
        for (name, line) in shortcode_calls(body) {
            if !BUILT_IN.contains(&name.as_str()) {
                foreign
                    .entry(name)
                    .or_default()
                    .push((d.file.clone(), d.front.body_line + line - 1));
            }
        }
        outputs.push((
            format!("content/{path}"),
            format!("---\n{yaml}---\n\n{body}"),
        ));
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        for (from, name) in resources {
            files.insert(format!("content/{folder}/{name}"), Content::Copy(from));
        }
        match d.dated {
            true => articles += 1,
            false => pages += 1,
        }
    }
    for (path, text) in outputs {
        files.insert(path, Content::Text(text));
    }

    for (key, uses) in rendering {
        let (file, line) = uses[0].clone();
        findings.push(Finding {
            file,
            line: Some(line),
            message: format!("`{key}` (here and in {} other files) changed how the old site rendered a page; kept as extra.{key}, which the built-in theme does not read", uses.len() - 1),
        });
    }

    // Starting templates for the shortcodes Gazette does not ship.
    for (name, uses) in &foreign {
        let (origin, original) = match source.shortcodes.get(name) {
            Some((file, text)) => (file.clone(), text.clone()),
            None => {
                for (file, line) in uses {
                    findings.push(Finding {
                        file: file.clone(),
                        line: Some(*line),
                        message: format!("shortcode `{name}` is {}: templates/shortcodes/{name}.html renders its inner text until it is written", source.foreign_shortcode_note),
                    });
                }
                (String::new(), String::new())
            }
        };
        if !origin.is_empty() {
            let (file, line) = &uses[0];
            findings.push(Finding {
                file: file.clone(),
                line: Some(*line),
                message: format!("shortcode `{name}` ({origin}, {}): port templates/shortcodes/{name}.html by hand, the original is in it", match uses.len() { 1 => "used once".to_string(), n => format!("used {n} times") }),
            });
        }
        files.insert(
            format!("templates/shortcodes/{name}.html"),
            Content::Text(starter(name, &origin, &original)),
        );
    }

    // Old listing URLs (tags, categories, sections) to the new ones.
    let mut redirects: BTreeMap<String, String> = BTreeMap::new();
    let mut redirect = |from: String, to: String, served: &BTreeSet<String>| {
        let from = normalize(&from);
        if from != to && !served.contains(&from) && from != "/" {
            redirects.entry(from).or_insert(to);
        }
    };
    if let Some(term_url) = source.term_url {
        for &i in &keep {
            let d = &source.docs[i];
            if d.draft {
                continue;
            }
            let lang = config.language(&d.lang);
            let tags = as_list(d.front.get("tags"));
            let cats = if as_sections {
                Vec::new()
            } else {
                categories(d)
            };
            let terms = tags
                .iter()
                .map(|t| ("tags", t))
                .chain(cats.iter().map(|c| ("categories", c)));
            for (taxonomy, term) in terms {
                let new = format!("{}tags/{}/", lang.2, crate::urls::tag_slug(term));
                redirect(term_url(&source, &d.lang, taxonomy, term), new, &served);
            }
            if as_sections && let Some(c) = categories(d).first() {
                let id = &section_of[&(d.lang.clone(), c.clone())];
                let new = format!("{}{}/", lang.2, slug::slugify(&sections[id][&d.lang]));
                redirect(term_url(&source, &d.lang, "categories", c), new, &served);
            }
        }
    }
    for (old, lang) in &source.listings {
        redirect(old.clone(), config.language(lang).2.clone(), &served);
    }
    for (old, lang) in &source.feeds {
        let feed = format!("{}atom.xml", config.language(lang).2);
        redirect(old.clone(), feed, &served);
    }
    aliases_total += redirects.len();

    files.insert(
        "site.toml".into(),
        Content::Text(site_toml::write(
            &source,
            &sections,
            &redirects,
            &menus(&source, &taken, &keep, &mut findings),
        )),
    );
    let mut record = String::from(
        "# The URLs this site has published, kept by `gazette build`: commit this file.\n# Seeded by `gazette import` from the old site's URLs.\n",
    );
    for (url, source) in &published {
        record.push_str(&format!("{url} {source}\n"));
    }
    files.insert(crate::permanence::FILE.into(), Content::Text(record));
    for (from, to) in &source.copies {
        match from.is_file() {
            true => {
                files.insert(to.clone(), Content::Copy(from.clone()));
            }
            false => {
                for (path, rel) in super::files_under(from) {
                    files.insert(format!("{to}/{rel}"), Content::Copy(path));
                }
            }
        }
    }
    Ok((
        files,
        Imported {
            articles,
            pages,
            pairs,
            aliases: aliases_total,
            recorded: 0,
            not_recorded: false,
            findings,
        },
    ))
}

/// The first of `keys` with a text value.
fn first_text(front: &Parsed, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| front.text(k))
}

/// An old path as the new site writes URLs: from `/`, percent-decoded.
fn normalize(path: &str) -> String {
    let path = format!("/{}", path.trim().trim_start_matches('/'));
    percent_encoding::percent_decode_str(&path)
        .decode_utf8_lossy()
        .into_owned()
}

/// The front matter keys a lead image is named by.
const IMAGE_KEYS: [&str; 5] = [
    "image",
    "cover",
    "images",
    "featured_image",
    "featuredimage",
];

/// Whether `d` names a lead image.
fn has_image(d: &Doc) -> bool {
    IMAGE_KEYS.iter().any(|k| d.front.get(k).is_some())
}

/// The lead image from the keys generators and themes use (`image`,
/// `cover.image`, `images[0]`, `featured_image`), beside the article: a
/// bundle's own file, or a file of `static/` copied next to it. The alt
/// text where the source gave one; else `""` (decoration, as the old
/// site showed it) and a finding asking for a description.
fn lead_image(
    d: &Doc,
    source: &Source,
    resources: &mut Vec<(std::path::PathBuf, String)>,
    findings: &mut Vec<Finding>,
) -> Option<(String, String)> {
    let (key, value) = IMAGE_KEYS
        .iter()
        .find_map(|k| Some((*k, d.front.get(k)?)))?;
    let (path, alt) = match value {
        Value::Object(cover) => (
            cover
                .get("image")
                .or_else(|| cover.get("path"))
                .and_then(as_text)?,
            cover.get("alt").and_then(as_text),
        ),
        Value::Array(items) => (items.first().and_then(as_text)?, None),
        v => (as_text(v)?, None),
    };
    let alt = alt.or_else(|| d.front.text("image_alt"));
    let line = Some(d.front.line(key));
    let finding = |message: String| Finding {
        file: d.file.clone(),
        line,
        message,
    };
    if path.is_empty() {
        return None;
    }
    if crate::urls::has_scheme(&path) || path.starts_with("//") {
        findings.push(finding(format!("lead image `{path}` is on another site: Gazette publishes its own images (download it beside the article and name it in `image:`)")));
        return None;
    }
    let name = path
        .trim_start_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(&path)
        .to_string();
    let image = if let Some((_, rel)) = resources
        .iter()
        .find(|(_, rel)| *rel == path.trim_start_matches("./"))
    {
        rel.clone()
    } else if let Some(file) = source
        .static_root
        .iter()
        .map(|dir| dir.join(path.trim_start_matches('/')))
        .find(|f| f.is_file())
    {
        if resources.iter().any(|(_, rel)| *rel == name) {
            findings.push(finding(format!(
                "lead image `{path}`: a file named {name} is already beside the article; not copied"
            )));
            return None;
        }
        resources.push((file, name.clone()));
        name
    } else {
        findings.push(finding(format!(
            "lead image `{path}` was not found in the bundle or the static folder"
        )));
        return None;
    };
    let alt = alt.unwrap_or_else(|| {
        findings.push(finding(format!("lead image `{path}` has no alt text in the source: imported as decoration (`image_alt: \"\"`); describe it")));
        String::new()
    });
    Some((image, alt))
}

/// Each shortcode call in `body` (`{{< name`, `{{% name`, not closings or
/// `{{</* */>}}`) with its line in the body.
fn shortcode_calls(body: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (n, line) in body.lines().enumerate() {
        let mut rest = line;
        while let Some(i) = rest.find("{{") {
            let after = &rest[i + 2..];
            rest = after;
            let Some(after) = after.strip_prefix('<').or_else(|| after.strip_prefix('%')) else {
                continue;
            };
            let after = after.trim_start();
            if after.starts_with('/') {
                continue;
            }
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || "-_".contains(*c))
                .collect();
            if !name.is_empty() {
                out.push((name, n + 1));
            }
        }
    }
    out
}

/// A shortcode template that renders the inner text, with the original
/// in a comment to port by hand.
fn starter(name: &str, origin: &str, original: &str) -> String {
    let comment = match origin.is_empty() {
        true => format!(
            "The old site's generator (or its theme) defined `{name}`; Gazette does not.\nWrite what it should render here; it receives its named arguments, `args`\n(the positional ones) and `body` (the inner text of a paired call)."
        ),
        false => format!(
            "Imported from {origin}: port it to Tera by hand. It receives its named\narguments, `args` (the positional ones) and `body` (the inner text).\nThe original:\n\n{}",
            original.replace("#}", "# }")
        ),
    };
    format!("{{# {comment}\n#}}\n{{% if body %}}{{{{ body | safe }}}}{{% endif %}}\n")
}

/// Each language's menu, its entries to pages of the import where they
/// named one, sorted by weight.
fn menus(
    source: &Source,
    taken: &HashMap<String, usize>,
    keep: &[usize],
    findings: &mut Vec<Finding>,
) -> BTreeMap<String, Vec<(String, site_toml::MenuLink)>> {
    let mut out = BTreeMap::new();
    for (lang, entries) in &source.menus {
        let mut entries = entries.clone();
        entries.sort_by_key(|e| e.weight);
        let mut links = Vec::new();
        for e in entries {
            let page = match &e.target {
                MenuTarget::Page(p) => find_page(source, taken, lang, p),
                MenuTarget::Url(u) => keep
                    .iter()
                    .map(|&i| &source.docs[i])
                    .find(|d| {
                        d.lang == *lang && d.old_url.as_deref().map(normalize) == Some(normalize(u))
                    })
                    .map(|d| format!("{}/{}", d.lang, d.logical)),
            };
            let link = match (page, &e.target) {
                (Some(p), _) => site_toml::MenuLink::Page(p),
                (None, MenuTarget::Url(u)) => site_toml::MenuLink::Url(u.clone()),
                (None, MenuTarget::Page(p)) => {
                    findings.push(Finding {
                        file: e.file.clone(),
                        line: None,
                        message: format!("menu entry `{}` leads to `{p}`, which is no imported page of `{lang}`: left out", e.name),
                    });
                    continue;
                }
            };
            links.push((e.name.clone(), link));
        }
        out.insert(lang.clone(), links);
    }
    out
}

/// The imported page a menu's `pageRef` names (`/about`, `about.md`,
/// `posts/x/index.md`), in `lang`.
fn find_page(
    source: &Source,
    taken: &HashMap<String, usize>,
    lang: &str,
    written: &str,
) -> Option<String> {
    let p = written.trim_matches('/');
    let p = p.strip_suffix(".md").unwrap_or(p);
    [format!("{p}.md"), format!("{p}/index.md")]
        .into_iter()
        .map(|c| format!("{lang}/{c}"))
        .find(|c| taken.get(c).is_some_and(|&i| !source.docs[i].draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcode_calls_skip_closings_and_comments() {
        let body = "a {{< tweet 1 >}}\n{{% note %}}x{{% /note %}} {{</* fake */>}}\n";
        assert_eq!(
            shortcode_calls(body),
            [("tweet".to_string(), 1), ("note".to_string(), 2)]
        );
    }
}

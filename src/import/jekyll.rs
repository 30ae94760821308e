//! Reading a Jekyll site: `_config.yml` (with Polyglot's `languages` and
//! `default_lang`), `_posts/` and `_drafts/`, pages with front matter,
//! static files, `_data/` and `_includes/`, and the URL Jekyll served each
//! page at. The Liquid Gazette cannot run is converted where it has an
//! equivalent (`{% highlight %}`, `{% raw %}`, `{% include %}`,
//! `{% post_url %}`, `{% link %}`, `site.baseurl`) and reported otherwise.

use super::front::{self, as_list, as_text, yaml_to_json};
use super::{Doc, Finding, Lang, Source, files_under, urlize};
use crate::error::{Error, Result};
use chrono::Datelike;
use serde_json::Value;
use std::path::Path;

/// Reads the Jekyll site in `root`.
pub(super) fn read(root: &Path) -> Result<Source> {
    let config_path = root.join("_config.yml");
    let text = std::fs::read_to_string(&config_path).map_err(|_| {
        Error::Usage(format!(
            "{} has no _config.yml: is it a Jekyll site?",
            root.display()
        ))
    })?;
    let config = yaml_to_json(
        serde_yaml::from_str(&text)
            .map_err(|e| Error::Usage(format!("{}: {e}", config_path.display())))?,
    );
    let get = |k: &str| config.get(k);
    let text_of = |k: &str| get(k).and_then(as_text).unwrap_or_default();
    let mut source = Source {
        foreign_shortcode_note: "an include of the theme (not in _includes/)",
        ..Source::default()
    };
    let base_path = text_of("baseurl");
    source.base_url = format!(
        "{}/{}",
        text_of("url").trim_end_matches('/'),
        base_path.trim_matches('/')
    );
    if crate::urls::BaseUrl::parse(&source.base_url).is_err() {
        source.findings.push(Finding::new(
            "_config.yml",
            None,
            format!(
                "url `{}` is not an absolute address: https://example.org/ written instead",
                text_of("url")
            ),
        ));
        source.base_url = format!("https://example.org/{}", base_path.trim_matches('/'));
    }
    source.time_zone = super::time_zone(
        get("timezone").and_then(as_text),
        "_config.yml",
        &mut source.findings,
    );
    source.paginate = get("paginate").and_then(Value::as_u64).map(|n| n as usize);
    source.at_root = true;
    let feed_plugin = as_list(get("plugins").or_else(|| get("gems")))
        .iter()
        .any(|p| p == "jekyll-feed");
    let mut codes = as_list(get("languages"));
    let default = get("default_lang")
        .and_then(as_text)
        .or_else(|| get("lang").and_then(as_text))
        .unwrap_or_else(|| codes.first().cloned().unwrap_or_else(|| "en".into()));
    codes.retain(|c| *c != default);
    codes.insert(0, default.clone());
    source.languages = codes
        .iter()
        .map(|c| Lang {
            code: c.clone(),
            name: language_name(c),
            title: text_of("title"),
            description: text_of("description"),
            ..Lang::default()
        })
        .collect();
    // jekyll-feed's Atom feed, at each language's root under Polyglot.
    if feed_plugin {
        for (i, code) in codes.iter().enumerate() {
            let old = match i {
                0 => "/feed.xml".to_string(),
                _ => format!("/{code}/feed.xml"),
            };
            source.feeds.push((old, code.clone()));
        }
    }
    let style = get("permalink")
        .and_then(as_text)
        .unwrap_or_else(|| "date".into());
    let pattern = match style.as_str() {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".to_string(),
        "pretty" => "/:categories/:year/:month/:day/:title/".to_string(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".to_string(),
        "none" => "/:categories/:title:output_ext".to_string(),
        p => p.to_string(),
    };
    let pretty_pages = pattern.ends_with('/');
    let separator = get("excerpt_separator").and_then(as_text);
    let excluded: Vec<String> = as_list(get("exclude"));
    let skip = |rel: &str| {
        rel.starts_with(['_', '.'])
            || rel
                .split('/')
                .any(|s| s.starts_with('.') || s == "node_modules" || s == "vendor")
            || [
                "Gemfile",
                "Gemfile.lock",
                "README.md",
                "LICENSE",
                "CHANGELOG.md",
            ]
            .contains(&rel)
            || excluded
                .iter()
                .any(|e| rel == e || rel.starts_with(&format!("{}/", e.trim_end_matches('/'))))
    };

    let mut docs = Vec::new();
    let mut static_files = Vec::new();
    // Folders of documents Jekyll publishes that Gazette does not read
    // (collections: `_recipes/`), each reported once.
    let mut collections = std::collections::BTreeSet::new();
    for (path, rel) in files_under(root) {
        let in_posts = rel.starts_with("_posts/") || rel.contains("/_posts/");
        let in_drafts = rel.starts_with("_drafts/");
        let markdown = rel.ends_with(".md") || rel.ends_with(".markdown");
        if !(in_posts || in_drafts) && skip(&rel) {
            let folder = rel.split_once('/').map(|(f, _)| f);
            let known = [
                "_data",
                "_includes",
                "_layouts",
                "_sass",
                "_site",
                "_plugins",
            ];
            if let Some(folder) = folder.filter(|f| f.starts_with('_') && !known.contains(f))
                && markdown
                && collections.insert(folder.to_string())
            {
                source.findings.push(Finding::new(
                    &format!("{folder}/"),
                    None,
                    "a collection (documents Jekyll publishes besides posts and pages): not imported; move its documents under content/<lang>/ by hand".to_string(),
                ));
            }
            continue;
        }
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).ok(),
            Err(e) => return Err(Error::Io { path, source: e }),
        };
        let has_front = text.as_deref().is_some_and(|t| t.starts_with("---"));
        if !(in_posts || in_drafts || has_front) {
            static_files.push((path, rel));
            continue;
        }
        if !markdown {
            if has_front
                && !(rel == "index.html"
                    || rel.ends_with("/index.html") && rel.split('/').count() == 2)
            {
                source.findings.push(Finding::new(&rel, None, "an HTML page with Liquid: not imported (rewrite it as a Markdown page or a template)".into()));
            }
            continue;
        }
        let text = text.unwrap_or_default();
        let parsed = match front::parse(&text) {
            Ok(p) => p,
            Err((line, m)) => {
                source
                    .findings
                    .push(Finding::new(&rel, Some(line), format!("{m}: not imported")));
                continue;
            }
        };
        if rel == "index.md" || rel == "index.markdown" {
            if !parsed.body.trim().is_empty() {
                source.findings.push(Finding::new(
                    &rel,
                    None,
                    "the home page's text: not imported (Gazette's home lists the articles)".into(),
                ));
            }
            continue;
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        // The language: `lang:`, else a first folder named after one.
        let folders: Vec<&str> = rel.split('/').filter(|s| !s.starts_with('_')).collect();
        let folders = &folders[..folders.len() - 1];
        let lang = parsed
            .text("lang")
            .filter(|l| codes.contains(l))
            .or_else(|| {
                folders
                    .iter()
                    .find(|f| codes.iter().any(|c| c == *f))
                    .map(|f| f.to_string())
            })
            .unwrap_or_else(|| default.clone());
        let (date_in_name, title_in_name) = match stem.get(..11) {
            Some(d)
                if crate::dates::parse(&d[..10], chrono_tz::Tz::UTC).is_ok()
                    && d.ends_with('-') =>
            {
                (Some(&stem[..10]), &stem[11..])
            }
            _ => (None, stem),
        };
        let date = parsed
            .text("date")
            .or_else(|| date_in_name.map(str::to_string));
        let parsed_date = date
            .as_deref()
            .and_then(|d| crate::dates::parse(d, chrono_tz::Tz::UTC).ok());
        let mut categories = folders
            .iter()
            .filter(|f| !codes.iter().any(|c| c == *f))
            .map(|f| f.to_string())
            .filter(|_| in_posts)
            .collect::<Vec<_>>();
        for key in ["categories", "category"] {
            match parsed.get(key) {
                Some(Value::String(s)) => {
                    categories.extend(s.split_whitespace().map(str::to_string))
                }
                v => categories.extend(as_list(v)),
            }
        }
        let slug = parsed
            .text("slug")
            .unwrap_or_else(|| title_in_name.to_string());
        let draft = in_drafts || parsed.get("published").and_then(Value::as_bool) == Some(false);
        let prefix = match lang == default {
            true => String::new(),
            false => format!("/{lang}"),
        };
        let old = match parsed.text("permalink") {
            Some(p) => format!("{prefix}/{}", p.trim_start_matches('/')),
            None if in_posts || in_drafts => format!(
                "{prefix}{}",
                expand(&pattern, parsed_date, &slug, &categories)
            ),
            None => {
                let page = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
                let page = page.strip_suffix("/index").unwrap_or(page);
                let page = folders.first().filter(|f| **f == lang).map_or(page, |f| {
                    page.strip_prefix(&format!("{f}/")).unwrap_or(page)
                });
                match pretty_pages {
                    true => format!("{prefix}/{page}/"),
                    false => format!("{prefix}/{page}.html"),
                }
            }
        };
        let key = parsed
            .text("page_id")
            .or_else(|| parsed.text("ref"))
            .or_else(|| {
                (codes.len() > 1)
                    .then(|| parsed.text("permalink"))
                    .flatten()
            });
        let logical_folders: Vec<&str> = folders
            .iter()
            .copied()
            .filter(|f| !codes.iter().any(|c| c == *f))
            .collect();
        let logical = match (in_posts || in_drafts, logical_folders.is_empty()) {
            (true, _) => format!(
                "posts/{}.md",
                match date_in_name {
                    Some(_) => stem.to_string(),
                    None => stem.to_string(),
                }
            ),
            (false, true) => format!("{stem}.md"),
            (false, false) => format!("{}/{stem}.md", logical_folders.join("/")),
        };
        let mut front = parsed;
        if !categories.is_empty() {
            front
                .fields
                .retain(|(k, _, _)| k != "categories" && k != "category");
            front
                .fields
                .push(("categories".into(), Value::from(categories.clone()), 1));
        }
        // Jekyll reads `tags: rust web` (and `tag:`) as two tags, as it
        // does categories.
        let tags: Vec<String> = ["tags", "tag"]
            .into_iter()
            .flat_map(|key| match front.get(key) {
                Some(Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
                v => as_list(v),
            })
            .collect();
        if !tags.is_empty() {
            let line = front.line(if front.get("tags").is_some() {
                "tags"
            } else {
                "tag"
            });
            front.fields.retain(|(k, _, _)| k != "tags" && k != "tag");
            front.fields.push(("tags".into(), Value::from(tags), line));
        }
        if front.text("date").is_none()
            && let Some(d) = date_in_name
        {
            front
                .fields
                .push(("date".into(), Value::String(d.to_string()), 1));
        }
        let body = liquid(&front.body, &rel, front.body_line, &base_path, &mut source);
        let body = match &separator {
            Some(sep) if sep != "<!--more-->" => body.replacen(sep.as_str(), "<!--more-->", 1),
            _ => body,
        };
        docs.push(Doc {
            file: rel.clone(),
            lang,
            logical,
            key,
            dated: parsed_date.is_some(),
            slug: Some(urlize(&slug)),
            old_url: (!draft).then_some(old),
            old_aliases: as_list(front.get("redirect_from")),
            draft,
            body,
            front,
            resources: Vec::new(),
        });
    }
    if docs.is_empty() {
        return Err(Error::Usage(format!(
            "{} holds no Markdown post or page: is it a Jekyll site?",
            root.display()
        )));
    }
    // The articles' pattern, where Gazette can write it.
    let no_categories = docs
        .iter()
        .all(|d| as_list(d.front.get("categories")).is_empty());
    for (i, lang) in source.languages.iter_mut().enumerate() {
        let lead = if i == 0 { "" } else { "/{lang}" };
        let p = if no_categories {
            pattern.replace("/:categories", "")
        } else {
            pattern.clone()
        };
        match gazette_pattern(&p) {
            Some(p) => lang.permalink = Some(format!("{lead}{p}")),
            None if i == 0 => source.findings.push(Finding::new("_config.yml", None, format!("permalink `{pattern}` has placeholders Gazette has no equivalent for: Gazette's pattern is used and the old URLs are aliases"))),
            None => {}
        }
        if !pretty_pages {
            lang.page_permalink = Some(format!("{lead}/{{slug}}.html"));
        }
    }
    // Jekyll's `post_url` and `link` name a file whatever its language:
    // where it is not in the article's own, say which.
    let places: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.lang.clone(), d.logical.clone()))
        .collect();
    for d in &mut docs {
        let mut body = d.body.clone();
        for (lang, logical) in &places {
            let call = format!("{{{{< relref \"{logical}\" >}}}}");
            let here = places.iter().any(|(l, p)| *l == d.lang && p == logical);
            if !here && body.contains(&call) {
                body = body.replace(
                    &call,
                    &format!("{{{{< relref lang=\"{lang}\" path=\"{logical}\" >}}}}"),
                );
            }
        }
        d.body = body;
    }
    source.docs = docs;
    source.static_root = Some(root.to_path_buf());
    for (path, rel) in static_files {
        source.copies.push((path, format!("static/{rel}")));
    }
    if root.join("_data").is_dir() {
        source.copies.push((root.join("_data"), "data".into()));
    }
    for (path, rel) in files_under(&root.join("_includes")) {
        let name = include_name(&rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        source
            .shortcodes
            .insert(name, (format!("_includes/{rel}"), text));
    }
    Ok(source)
}

/// What a language calls itself, for the common ones (Jekyll's config
/// has only codes); else the code.
fn language_name(code: &str) -> String {
    let known = [
        ("en", "English"),
        ("fr", "Français"),
        ("de", "Deutsch"),
        ("es", "Español"),
        ("it", "Italiano"),
        ("pt", "Português"),
        ("nl", "Nederlands"),
    ];
    let base = code.split(['-', '_']).next().unwrap_or(code);
    known
        .iter()
        .find(|(c, _)| *c == base)
        .map_or(code.to_string(), |(_, n)| n.to_string())
}

/// An include's name as a shortcode: `note.html` → `note`,
/// `widgets/card.html` → `widgets-card`.
fn include_name(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    stem.replace('/', "-")
}

/// Expands a Jekyll permalink pattern for a post.
fn expand(
    pattern: &str,
    date: Option<chrono::DateTime<chrono::FixedOffset>>,
    slug: &str,
    categories: &[String],
) -> String {
    let mut out = pattern.to_string();
    let cats = categories
        .iter()
        .map(|c| urlize(c))
        .collect::<Vec<_>>()
        .join("/");
    if let Some(d) = date {
        for (token, value) in [
            (":year", format!("{:04}", d.year())),
            (":short_year", format!("{:02}", d.year() % 100)),
            (":i_month", d.month().to_string()),
            (":month", format!("{:02}", d.month())),
            (":i_day", d.day().to_string()),
            (":day", format!("{:02}", d.day())),
            (":y_day", format!("{:03}", d.ordinal())),
        ] {
            out = out.replace(token, &value);
        }
    }
    out = out
        .replace(":categories", &cats)
        .replace(":output_ext", ".html")
        .replace(":title", &urlize(slug))
        .replace(":slug", &urlize(slug));
    let mut clean = String::new();
    for c in out.chars() {
        if !(c == '/' && clean.ends_with('/')) {
            clean.push(c);
        }
    }
    clean
}

/// A Jekyll pattern as Gazette writes it, or `None`.
fn gazette_pattern(pattern: &str) -> Option<String> {
    let p = pattern
        .replace(":year", "{year}")
        .replace(":month", "{month}")
        .replace(":day", "{day}")
        .replace(":title", "{slug}")
        .replace(":slug", "{slug}")
        .replace(":output_ext", ".html");
    (!p.contains(':')
        && p.matches("{slug}").count() == 1
        && crate::urls::check_permalink(&p).is_ok())
    .then_some(p)
}

/// The Liquid of a body converted where Gazette has an equivalent; every
/// other tag reported at its line and left as text.
fn liquid(
    body: &str,
    file: &str,
    first_line: usize,
    base_path: &str,
    source: &mut Source,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut raw = false;
    // The fence of the `{% highlight %}` block being converted.
    let mut fence = String::from("```");
    let line_at = |rest: &str| first_line + body[..body.len() - rest.len()].matches('\n').count();
    loop {
        let next = match raw {
            true => rest
                .match_indices("{%")
                .map(|(i, _)| i)
                .find(|&i| tag_name(&rest[i..]) == "endraw"),
            false => [rest.find("{%"), rest.find("{{")]
                .into_iter()
                .flatten()
                .min(),
        };
        let Some(i) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let close = if tail.starts_with("{%") { "%}" } else { "}}" };
        let Some(end) = tail.find(close) else {
            out.push_str(tail);
            break;
        };
        let tag = &tail[..end + 2];
        let inner = tag[2..tag.len() - 2].trim().trim_matches('-').trim();
        let line = line_at(tail);
        rest = &tail[end + 2..];
        let mut words = inner.split_whitespace();
        let converted = match (close, words.next().unwrap_or_default()) {
            ("%}", "raw") => {
                raw = true;
                String::new()
            }
            ("%}", "endraw") => {
                raw = false;
                String::new()
            }
            ("%}", "highlight") => {
                let lang = words.next().unwrap_or_default();
                let numbers = words.any(|w| w == "linenos");
                let attrs = if numbers { " {linenos=true}" } else { "" };
                let code = rest
                    .match_indices("{%")
                    .find(|&(i, _)| tag_name(&rest[i..]) == "endhighlight")
                    .map_or(rest, |(i, _)| &rest[..i]);
                fence = super::fence_for(code);
                format!("{fence}{lang}{attrs}")
            }
            ("%}", "endhighlight") => fence.clone(),
            ("%}", "include") => {
                let name = words.next().unwrap_or_default();
                let args: Vec<String> = words
                    .filter_map(|w| {
                        let (k, v) = w.split_once('=')?;
                        Some(format!("{k}=\"{}\"", v.trim_matches(['"', '\''])))
                    })
                    .collect();
                let args = if args.is_empty() {
                    String::new()
                } else {
                    format!(" {}", args.join(" "))
                };
                format!("{{{{< {}{args} >}}}}", include_name(name))
            }
            ("%}", "post_url") => {
                let post = words.next().unwrap_or_default().trim_end_matches(".md");
                format!(
                    "{{{{< relref \"posts/{post}.md\" >}}}}",
                    post = post.rsplit('/').next().unwrap_or(post)
                )
            }
            ("%}", "link") => {
                let target = words.next().unwrap_or_default().trim_start_matches('/');
                let target = match target.strip_prefix("_posts/") {
                    Some(post) => format!("posts/{post}"),
                    None => target.to_string(),
                };
                let target = target
                    .rsplit_once('.')
                    .map_or(target.clone(), |(s, _)| format!("{s}.md"));
                format!("{{{{< relref \"{target}\" >}}}}")
            }
            ("}}", "site.baseurl") | ("}}", "site.url") => {
                // Before a path (`{{ site.baseurl }}/img/x.png`), nothing is
                // lost: Gazette gives links from the site root the base
                // URL's path itself. Standing alone, it meant the home.
                let mut after = rest;
                while let Some(t) = after.strip_prefix("{{")
                    && let Some(end) = t.find("}}")
                    && matches!(t[..end].trim(), "site.baseurl" | "site.url")
                {
                    after = &t[end + 2..];
                }
                if !after.starts_with('/') && !base_path.trim_matches('/').is_empty() {
                    source.findings.push(Finding::new(file, Some(line), format!("`{tag}` removed: where it stood for the site's address, write `/` (links from the site root get the base URL's path)")));
                }
                String::new()
            }
            _ => {
                source.findings.push(Finding::new(
                    file,
                    Some(line),
                    format!("Liquid `{tag}` kept as text: Gazette does not run Liquid"),
                ));
                tag.to_string()
            }
        };
        out.push_str(&converted);
    }
    out
}

/// The first word of a `{% … %}` tag.
fn tag_name(tag: &str) -> &str {
    tag.trim_start_matches("{%")
        .trim_start_matches('-')
        .split_whitespace()
        .next()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquid_is_converted_where_gazette_has_an_equivalent() {
        let mut source = Source::default();
        let body = "{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}\n{% raw %}{{ x }} {% if %}{% endraw %}\n{% include note.html text=\"Hi\" %}\nSee {% post_url 2020-01-02-hello %}.\n{{ page.title }}\n";
        let out = liquid(body, "p.md", 5, "", &mut source);
        assert_eq!(
            out,
            "```ruby {linenos=true}\nputs 1\n```\n{{ x }} {% if %}\n{{< note text=\"Hi\" >}}\nSee {{< relref \"posts/2020-01-02-hello.md\" >}}.\n{{ page.title }}\n"
        );
        assert_eq!(source.findings.len(), 1);
        assert_eq!(source.findings[0].line, Some(11), "{:?}", source.findings);
        // The base URL before a path is Gazette's to add; alone, it is reported.
        let mut source = Source::default();
        let body = "![x]({{ site.url }}{{ site.baseurl }}/a.png)\n[home]({{ site.baseurl }})\n";
        assert_eq!(
            liquid(body, "p.md", 1, "/blog", &mut source),
            "![x](/a.png)\n[home]()\n"
        );
        assert_eq!(source.findings.len(), 1, "{:?}", source.findings);
        assert_eq!(source.findings[0].line, Some(2));
        // Code holding a fence of its own gets a longer one.
        let body = "{% highlight md %}\n```\nx\n```\n{% endhighlight %}\n";
        assert_eq!(
            liquid(body, "p.md", 1, "", &mut source),
            "````md\n```\nx\n```\n````\n"
        );
    }

    #[test]
    fn jekyll_permalinks_expand_and_translate() {
        let date = crate::dates::parse("2020-01-02", chrono_tz::Tz::UTC).ok();
        assert_eq!(
            expand(
                "/:categories/:year/:month/:day/:title:output_ext",
                date,
                "hello",
                &[]
            ),
            "/2020/01/02/hello.html"
        );
        assert_eq!(
            expand(
                "/:categories/:year/:month/:day/:title/",
                date,
                "hello",
                &["News".into()]
            ),
            "/news/2020/01/02/hello/"
        );
        assert_eq!(
            gazette_pattern("/:year/:month/:day/:title:output_ext").unwrap(),
            "/{year}/{month}/{day}/{slug}.html"
        );
        assert_eq!(gazette_pattern("/:categories/:year/:title/"), None);
    }
}

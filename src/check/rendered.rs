//! The checks of the site rendered in memory: internal links and images
//! that lead to no file, `#anchors` with no matching `id`, language
//! alternates that are missing or not listed back, and UI strings of
//! another language. A link is followed the way the production host would
//! (see [`crate::urls`]); a finding in an article's page points at the line
//! of its source where the offending text is written.

use super::{CheckReport, Severity, external};
use crate::diagnostic::Diagnostic;
use crate::render::OutputFile;
use crate::site::{Page, Site};
use crate::urls::{self, Place, Urls};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What one rendered page holds, extracted in parallel.
pub(super) struct PageInfo {
    key: String,
    lang: String,
    ids: HashSet<String>,
    links: Vec<(bool, String)>,
    alternates: Vec<(String, String)>,
    canonical: Option<String>,
    own_language_text: String,
    /// The `src` of each `<img>` without alt text.
    unlabelled: Vec<String>,
    /// What makes the page unreadable: an empty body (text swallowed by an
    /// unclosed element), structured data that does not parse.
    broken: Vec<String>,
}

fn extract(file: &OutputFile) -> Option<PageInfo> {
    if !file.path.ends_with(".html") {
        return None;
    }
    let doc = scraper::Html::parse_document(std::str::from_utf8(&file.bytes).ok()?);
    let sel = |s: &str| scraper::Selector::parse(s).expect("valid selector");
    let lang = doc
        .select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang"))
        .unwrap_or("")
        .to_string();
    let ids = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .map(String::from)
        .collect();
    let mut links = Vec::new();
    for e in doc.select(&sel(
        "a[href], img[src], script[src], link[href]:not([rel=alternate]):not([rel=canonical])",
    )) {
        let is_image = e.value().name() == "img";
        if let Some(url) = e.value().attr("href").or(e.value().attr("src")) {
            links.push((is_image, url.to_string()));
        }
    }
    // Every width a browser may pick, and the image social networks fetch.
    for e in doc.select(&sel("img[srcset], source[srcset]")) {
        for candidate in e.value().attr("srcset").unwrap_or("").split(',') {
            if let Some(url) = candidate.split_whitespace().next() {
                links.push((true, url.to_string()));
            }
        }
    }
    for e in doc.select(&sel(r#"meta[property="og:image"]"#)) {
        links.extend(e.value().attr("content").map(|u| (true, u.to_string())));
    }
    let unlabelled = doc
        .select(&sel("img"))
        .filter(|e| e.value().attr("alt").is_none_or(|a| a.trim().is_empty()))
        .map(|e| e.value().attr("src").unwrap_or("").to_string())
        .collect();
    let alternates = doc
        .select(&sel("link[rel=alternate][hreflang]"))
        .filter_map(|e| {
            Some((
                e.value().attr("hreflang")?.to_string(),
                e.value().attr("href")?.to_string(),
            ))
        })
        .collect();
    let canonical = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .and_then(|e| e.value().attr("href"))
        .map(String::from);
    let mut own_language_text = String::new();
    for node in doc.root_element().descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        // Code and program output print what they print, in any language.
        let verbatim = node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| {
                matches!(
                    e.name(),
                    "script" | "style" | "code" | "pre" | "kbd" | "samp"
                )
            })
        });
        let nearest_lang = node
            .ancestors()
            .find_map(|a| a.value().as_element().and_then(|e| e.attr("lang")));
        if !verbatim && nearest_lang.unwrap_or(&lang) == lang {
            own_language_text.push_str(text);
            own_language_text.push(' ');
        }
    }
    let mut broken = Vec::new();
    if doc
        .select(&sel("body"))
        .next()
        .is_none_or(|b| b.children().all(|c| !c.value().is_element()))
    {
        broken.push("the page's body is empty as browsers read it: something in the <head> (an unclosed <script> or comment) swallows the rest of the page".to_string());
    }
    for script in doc.select(&sel(r#"script[type="application/ld+json"]"#)) {
        let json: String = script.text().collect();
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
            broken.push(format!("its JSON-LD structured data does not parse: {e}"));
        }
    }
    Some(PageInfo {
        broken,
        key: file.path.clone(),
        lang,
        ids,
        links,
        alternates,
        canonical,
        own_language_text,
        unlabelled,
    })
}

/// The rendered site, indexed for the checks.
pub(super) struct Rendered<'a> {
    urls: Urls<'a>,
    files: HashSet<&'a str>,
    by_key: HashMap<&'a str, &'a PageInfo>,
    /// The article behind each article page, by output file.
    sources: HashMap<&'a str, &'a Page>,
}

impl Rendered<'_> {
    /// A finding about `page`: on its article's source file, at the first
    /// line of the body holding `needle` (when given), else on the page.
    pub(super) fn locate(&self, page: &PageInfo, needle: &str, message: String) -> Diagnostic {
        let Some(p) = self.sources.get(page.key.as_str()) else {
            return Diagnostic::new(format!("<output>/{}", page.key), message);
        };
        let a = &p.article;
        // Links are percent-encoded in the page, written plainly in the source.
        let decoded = percent_encoding::percent_decode_str(needle).decode_utf8_lossy();
        let line = [needle, decoded.as_ref()]
            .into_iter()
            .filter(|n| !n.is_empty())
            .find_map(|n| a.body.lines().position(|l| l.contains(n)))
            .map(|i| a.body_line + i);
        Diagnostic::at(&a.path, line, message)
    }

    /// Where a link in `page` leads; `None` for links to other sites.
    fn follow(&self, link: &str, page: &PageInfo) -> Option<Followed> {
        let target = self.urls.target(link, &page.key)?;
        let fragment = target.fragment;
        Some(match target.path {
            Place::Outside => Followed::Outside,
            Place::Site(path) => {
                match path.and_then(|p| urls::find(&p, |f| self.files.contains(f))) {
                    Some(found) => Followed::File(found.file().to_string(), fragment),
                    None => Followed::Missing,
                }
            }
        })
    }
}

/// Where an internal link leads on the production host.
enum Followed {
    /// This output file, and the fragment asked for.
    File(String, Option<String>),
    /// A 404: no file of the site.
    Missing,
    /// Outside the site's base path: not the site's to serve.
    Outside,
}

pub(super) fn check(
    report: &mut CheckReport,
    site: &Site,
    strings: &BTreeMap<String, BTreeMap<String, String>>,
    files: &[OutputFile],
    external: bool,
) {
    let pages: Vec<PageInfo> = files.par_iter().filter_map(extract).collect();
    let r = Rendered {
        urls: site.urls(),
        files: files.iter().map(|f| f.path.as_str()).collect(),
        by_key: pages.iter().map(|p| (p.key.as_str(), p)).collect(),
        sources: site
            .pages
            .iter()
            .map(|p| (p.output_file.as_str(), &**p))
            .collect(),
    };
    // Menu links are on every page: the plan reports a dead one once, at
    // its line of site.toml.
    let menu_urls: HashSet<&str> = site
        .menus
        .iter()
        .flat_map(|m| m.entries.iter().map(|link| link.url.as_str()))
        .collect();
    let mut externals: BTreeMap<String, Vec<&PageInfo>> = BTreeMap::new();
    for page in &pages {
        for (is_image, url) in &page.links {
            if let Some(id) = url.strip_prefix('#') {
                if !id.is_empty() && !page.ids.contains(id) {
                    let d = r.locate(
                        page,
                        url,
                        format!("anchor {url} matches no id on this page"),
                    );
                    report.push("broken anchors", Severity::Error, d);
                }
                continue;
            }
            let Some(followed) = r.follow(url, page) else {
                if url.starts_with("http://") || url.starts_with("https://") {
                    externals.entry(url.clone()).or_default().push(page);
                }
                continue;
            };
            let fragment = match &followed {
                Followed::File(_, f) => f.clone(),
                _ => None,
            };
            let needle = fragment
                .as_deref()
                .map(|f| format!("#{f}"))
                .unwrap_or_else(|| {
                    url.rsplit('/')
                        .find(|s| !s.is_empty())
                        .unwrap_or("")
                        .to_string()
                });
            let (category, what) = if *is_image {
                ("missing images", "image")
            } else {
                ("broken links", "link")
            };
            match followed {
                Followed::Missing if menu_urls.contains(url.as_str()) => {}
                Followed::Missing => {
                    let message = format!("{what} {url} leads to no file of the site");
                    report.push(category, Severity::Error, r.locate(page, &needle, message));
                }
                Followed::Outside => {
                    let message = format!(
                        "{what} {url} leads outside the site, which is published at {}: it would not be found there",
                        r.urls.absolute(r.urls.root())
                    );
                    report.push(category, Severity::Error, r.locate(page, &needle, message));
                }
                Followed::File(target, _) => {
                    if let (Some(f), Some(t)) = (&fragment, r.by_key.get(target.as_str()))
                        && !f.is_empty()
                        && !t.ids.contains(f)
                    {
                        let message = format!("link {url}: no id `{f}` on that page");
                        report.push(
                            "broken anchors",
                            Severity::Error,
                            r.locate(page, &needle, message),
                        );
                    }
                }
            }
        }
        for message in &page.broken {
            report.push(
                "broken pages",
                Severity::Error,
                r.locate(page, "", message.clone()),
            );
        }
        check_alternates(report, page, &r);
        foreign_strings(report, page, strings, &r);
        for src in &page.unlabelled {
            // `photo-960.jpg` was written `photo.jpg`: look for `photo`.
            let name = src.rsplit('/').next().unwrap_or(src);
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            let stem = stem
                .rsplit_once('-')
                .filter(|(_, w)| w.chars().all(|c| c.is_ascii_digit()))
                .map_or(stem, |(s, _)| s);
            let message = format!(
                "image {src} has no alt text: describe what it shows (![what it shows](file)), for readers who cannot see it"
            );
            report.push(
                "images without alt text",
                Severity::Note,
                r.locate(page, stem, message),
            );
        }
    }
    if external {
        external::check(report, externals, &r);
    }
}

fn check_alternates(report: &mut CheckReport, page: &PageInfo, r: &Rendered) {
    let Some(canonical) = &page.canonical else {
        return;
    };
    for (hreflang, href) in &page.alternates {
        if hreflang == "x-default" || href == canonical {
            continue;
        }
        let target = match r.follow(href, page) {
            Some(Followed::File(file, _)) => r.by_key.get(file.as_str()).copied(),
            _ => None,
        };
        let message = match target {
            None => format!("alternate {hreflang} {href} leads to no page"),
            Some(t) if !t.alternates.iter().any(|(_, h)| h == canonical) => {
                format!("alternate {hreflang} {href} does not list this page back")
            }
            Some(t) if &t.lang != hreflang => {
                format!("alternate says {hreflang} but {href} is in `{}`", t.lang)
            }
            _ => continue,
        };
        report.push(
            "language alternates",
            Severity::Error,
            r.locate(page, "", message),
        );
    }
}

fn foreign_strings(
    report: &mut CheckReport,
    page: &PageInfo,
    strings: &BTreeMap<String, BTreeMap<String, String>>,
    r: &Rendered,
) {
    let Some(own) = strings.get(&page.lang) else {
        return;
    };
    let own_values: HashSet<&str> = own.values().map(String::as_str).collect();
    for (lang, theirs) in strings {
        if *lang == page.lang {
            continue;
        }
        let published = theirs
            .iter()
            .filter(|(k, _)| !crate::templates::is_desk_string(k));
        for (key, value) in published {
            if value.chars().count() >= 6
                && !own_values.contains(value.as_str())
                && page.own_language_text.contains(value.as_str())
            {
                let message = format!(
                    "this {} page shows the {lang} UI string `{key}` (\"{value}\") outside an element with lang=\"{lang}\"",
                    page.lang
                );
                report.push(
                    "wrong-language UI strings",
                    Severity::Error,
                    r.locate(page, value, message),
                );
            }
        }
    }
}

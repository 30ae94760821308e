//! What `check` reads from the site rendered in memory: each page's links,
//! ids, alternates and the other languages' UI strings it shows
//! ([`PageInfo`], parsed once, as the page is rendered; its text is not
//! kept), and the rendered site indexed to follow a link as the production
//! host would and to point a finding at its source line ([`Rendered`]).
//! Shared by the internal and the external link checks.

use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::site::Page;
use crate::urls::{Place, Urls};
use std::collections::{HashMap, HashSet};

/// What one rendered page holds, extracted in parallel.
pub(super) struct PageInfo {
    pub(super) key: String,
    pub(super) lang: String,
    pub(super) ids: HashSet<String>,
    pub(super) links: Vec<(bool, String)>,
    pub(super) alternates: Vec<(String, String)>,
    pub(super) canonical: Option<String>,
    /// The other languages' UI strings its own-language text (not code)
    /// shows: positions in [`Foreign::of`] the page's language.
    pub(super) foreign: Vec<usize>,
    /// The page's own-language text nodes that hold any of them (the rest
    /// of its text is not kept).
    pub(super) foreign_nodes: Vec<String>,
    /// The `src` of each `<img>` without alt text.
    pub(super) unlabelled: Vec<String>,
    /// What makes the page unreadable: an empty body (text swallowed by an
    /// unclosed element), structured data that does not parse.
    pub(super) broken: Vec<String>,
}

/// Another language's UI string, which a page would show by mistake (see
/// `rendered::foreign_strings`).
pub(super) struct ForeignString {
    pub(super) lang: String,
    pub(super) key: String,
    pub(super) value: String,
    /// `value`'s searcher, made once: every page's text is searched for
    /// every string (`str::contains` was a tenth of `check`'s time).
    pub(super) finder: memchr::memmem::Finder<'static>,
}

impl ForeignString {
    /// Whether `text` holds the string.
    pub(super) fn is_in(&self, text: &str) -> bool {
        self.finder.find(text.as_bytes()).is_some()
    }
}

/// For each page language, the UI strings of the others its pages are
/// searched for as they are parsed.
pub(super) struct Foreign(pub(super) HashMap<String, Vec<ForeignString>>);

impl Foreign {
    /// The strings a page in `lang` must not show.
    pub(super) fn of(&self, lang: &str) -> &[ForeignString] {
        self.0.get(lang).map_or(&[], Vec::as_slice)
    }
}

/// What `file` holds, if it is a page.
pub(super) fn extract(file: &OutputFile, foreign: &Foreign) -> Option<PageInfo> {
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
    let mut own_language_nodes = Vec::new();
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
            own_language_nodes.push(&**text);
        }
    }
    // Text nodes joined by a space: a string split across two nodes is
    // found, as a reader sees it.
    let own_language_text = own_language_nodes.join(" ");
    let candidates = foreign.of(&lang);
    let foreign: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].is_in(&own_language_text))
        .collect();
    let foreign_nodes = own_language_nodes
        .into_iter()
        .filter(|node| foreign.iter().any(|&i| candidates[i].is_in(node)))
        .map(String::from)
        .collect();
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
        foreign,
        foreign_nodes,
        unlabelled,
    })
}

/// The rendered site, indexed for the checks.
pub(super) struct Rendered<'a> {
    pub(super) urls: Urls<'a>,
    pub(super) files: HashSet<&'a str>,
    pub(super) by_key: HashMap<&'a str, &'a PageInfo>,
    /// The article behind each article page, by output file.
    pub(super) sources: HashMap<&'a str, &'a Page>,
}

impl Rendered<'_> {
    /// A finding about `page`: on its article's source file, at the first
    /// line of the body holding `needle` (when given), else on the page.
    /// The file is read again here: holding every article's Markdown
    /// through the render, for the few pages with findings, was the
    /// largest part of `check`'s memory after the rendered bodies.
    pub(super) fn locate(&self, page: &PageInfo, needle: &str, message: String) -> Diagnostic {
        let Some(p) = self.sources.get(page.key.as_str()) else {
            return Diagnostic::new(format!("<output>/{}", page.key), message);
        };
        let a = &p.article;
        if needle.is_empty() {
            return Diagnostic::at(&a.path, None, message);
        }
        let text = std::fs::read_to_string(&a.path).unwrap_or_default();
        let body: Vec<&str> = text.lines().skip(a.body_line - 1).collect();
        // Links are percent-encoded in the page, written plainly in the source.
        let decoded = percent_encoding::percent_decode_str(needle).decode_utf8_lossy();
        let written: Vec<&str> = [needle, decoded.as_ref()]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect();
        // The line where it is a link's destination first (`](x`, `href="x`,
        // `<x>`), then any line naming it: an earlier line may only
        // mention the same text.
        let as_link = |line: &str, n: &str| {
            ["](", "href=\"", "src=\"", "<", "]: "]
                .iter()
                .any(|before| line.contains(&format!("{before}{n}")))
        };
        let line = written
            .iter()
            .find_map(|n| body.iter().position(|l| as_link(l, n)))
            .or_else(|| {
                written
                    .iter()
                    .find_map(|n| body.iter().position(|l| l.contains(n)))
            })
            .map(|i| a.body_line + i);
        Diagnostic::at(&a.path, line, message)
    }

    /// Where a link in `page` leads; `None` for links to other sites.
    pub(super) fn follow(&self, link: &str, page: &PageInfo) -> Option<Followed> {
        let target = self.urls.target(link, &page.key)?;
        let fragment = target.fragment;
        Some(match target.path {
            Place::Outside => Followed::Outside,
            Place::Site(path) => {
                match path.and_then(|p| self.urls.reach(&p, |f| self.files.contains(f))) {
                    Some(found) => Followed::File(found.file().to_string(), fragment),
                    None => Followed::Missing,
                }
            }
        })
    }
}

/// Where an internal link leads on the production host.
pub(super) enum Followed {
    /// This output file, and the fragment asked for.
    File(String, Option<String>),
    /// A 404: no file of the site.
    Missing,
    /// Outside the site's base path: not the site's to serve.
    Outside,
}

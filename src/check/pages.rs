//! What `check` reads from the site rendered in memory: each page's links,
//! ids, alternates and the other languages' UI strings it shows
//! ([`PageInfo`], parsed once, as the page is rendered; its text is not
//! kept), and the rendered site indexed to follow a link as the production
//! host would and to point a finding at its source line ([`Rendered`]).
//! Shared by the internal and the external link checks; reading a page is
//! [`super::scan`]'s.

use super::scan::{Links, Scan};
use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;
use crate::site::Page;
use crate::urls::{Place, Urls};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

/// What one rendered page holds, extracted in parallel.
pub(super) struct PageInfo {
    pub(super) key: String,
    pub(super) lang: String,
    pub(super) ids: FxHashSet<String>,
    pub(super) links: Links,
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
    pub(super) fn is_in(&self, text: &[u8]) -> bool {
        self.finder.find(text).is_some()
    }
}

/// For each page language, the UI strings of the others its pages are
/// searched for as they are parsed.
pub(super) struct Foreign(pub(super) HashMap<String, Candidates>);

/// The strings a page in one language must not show, and one searcher
/// for them all: a pass over the page's text per string (~30 a page) was
/// 5% of `check`'s instructions, and most pages show none.
pub(super) struct Candidates {
    pub(super) strings: Vec<ForeignString>,
    any: aho_corasick::AhoCorasick,
}

impl Candidates {
    pub(super) fn new(strings: Vec<ForeignString>) -> Candidates {
        // Leftmost-first: whether any string is there is all `found_in`
        // asks, and it lets the search skip ahead with SIMD (Teddy).
        let any = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(strings.iter().map(|s| &s.value))
            .expect("a few UI strings make a small automaton");
        Candidates { strings, any }
    }
}

impl Foreign {
    /// The strings a page in `lang` must not show.
    pub(super) fn of(&self, lang: &str) -> &[ForeignString] {
        self.0.get(lang).map_or(&[], |c| c.strings.as_slice())
    }

    /// Which of them (positions in [`Foreign::of`]) `text` holds, in order.
    pub(super) fn found_in(&self, lang: &str, text: &[u8]) -> Vec<usize> {
        let Some(c) = self.0.get(lang) else {
            return Vec::new();
        };
        // Most pages show none: one pass says so. A page that shows one
        // has each string looked for (a string inside another, or the
        // same text under two keys, is found too).
        if !c.any.is_match(text) {
            return Vec::new();
        }
        (0..c.strings.len())
            .filter(|&i| c.strings[i].is_in(text))
            .collect()
    }
}

/// What `file` holds, if it is a page: read in one streaming pass
/// (html5gum's tokenizer, see [`super::scan`]), never a DOM. The
/// tokenizer follows the HTML5 text states (a `<script>` left open swallows
/// the rest of the page as it does in a browser); what a tree builder would
/// add is kept track of where it matters: the open elements that set a
/// language or hold code, and whether the body holds an element.
pub(super) fn extract(file: &OutputFile, foreign: &Foreign) -> Option<PageInfo> {
    if !file.path.ends_with(".html") {
        return None;
    }
    // Read as bytes: Gazette renders nothing but UTF-8, and the tokenizer
    // reads what is not as a browser does (checking it first was 1% of
    // `check`).
    let scan = Scan::read(&file.bytes);
    let Scan {
        lang,
        ids,
        mut links,
        srcsets,
        og_images,
        alternates,
        canonical,
        unlabelled,
        text,
        nodes,
        body_holds_element,
        mut broken,
        ..
    } = scan;
    let lang = lang.unwrap_or_default();
    links.append(&srcsets);
    links.append(&og_images);
    links.shrink_to_fit();
    let candidates = foreign.of(&lang);
    let foreign = foreign.found_in(&lang, &text);
    let foreign_nodes = nodes
        .into_iter()
        .map(|r| &text[r])
        .filter(|node| foreign.iter().any(|&i| candidates[i].is_in(node)))
        .map(|node| String::from_utf8_lossy(node).into_owned())
        .collect();
    if !body_holds_element {
        broken.insert(0, "the page's body is empty as browsers read it: something in the <head> (an unclosed <script> or comment) swallows the rest of the page".to_string());
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

/// The rendered site, indexed for the checks (hashed with FxHash, as the
/// plan's tables are: every link of every page is looked up here, and
/// the keys are the site's own paths).
pub(super) struct Rendered<'a> {
    pub(super) urls: Urls<'a>,
    pub(super) files: FxHashSet<&'a str>,
    pub(super) by_key: FxHashMap<&'a str, &'a PageInfo>,
    /// The article behind each article page, by output file.
    pub(super) sources: FxHashMap<&'a str, &'a Page>,
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
#[derive(Clone)]
pub(super) enum Followed {
    /// This output file, and the fragment asked for.
    File(String, Option<String>),
    /// A 404: no file of the site.
    Missing,
    /// Outside the site's base path: not the site's to serve.
    Outside,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn page(html: &str) -> PageInfo {
        let strings = BTreeMap::from([
            (
                "en".to_string(),
                BTreeMap::from([("home".to_string(), "Home page".to_string())]),
            ),
            (
                "fr".to_string(),
                BTreeMap::from([("home".to_string(), "Page d’accueil".to_string())]),
            ),
        ]);
        let foreign = super::super::rendered::foreign(&strings);
        let file = OutputFile {
            path: "en/x/index.html".to_string(),
            bytes: html.as_bytes().to_vec(),
            lang: None,
        };
        extract(&file, &foreign).expect("an HTML page")
    }

    #[test]
    fn every_foreign_string_a_text_holds_is_found_in_one_pass() {
        let strings = BTreeMap::from([
            (
                "en".to_string(),
                BTreeMap::from([("home".to_string(), "Home page".to_string())]),
            ),
            (
                "fr".to_string(),
                BTreeMap::from([
                    ("home".to_string(), "Page d’accueil".to_string()),
                    // Inside another, and the same text under two keys.
                    ("welcome".to_string(), "d’accueil".to_string()),
                    ("front".to_string(), "Page d’accueil".to_string()),
                    ("search".to_string(), "Rechercher".to_string()),
                ]),
            ),
        ]);
        let foreign = super::super::rendered::foreign(&strings);
        let keys = |text: &str| -> Vec<&str> {
            let of = foreign.of("en");
            (foreign.found_in("en", text.as_bytes()).into_iter())
                .map(|i| of[i].key.as_str())
                .collect()
        };
        assert_eq!(
            keys("Back to the Page d’accueil."),
            ["front", "home", "welcome"]
        );
        assert_eq!(keys("Rechercher"), ["search"]);
        assert!(keys("Home page, search").is_empty());
        assert!(
            foreign
                .found_in("de", "Page d’accueil".as_bytes())
                .is_empty()
        );
    }

    #[test]
    fn links_ids_and_alternates_are_read_with_their_entities_decoded() {
        let p = page(
            r##"<!doctype html><html lang="en"><head>
            <link rel="canonical" href="https://x.org/en/x/">
            <link rel="alternate" hreflang="fr" href="https://x.org/fr/x/">
            <link rel="alternate" type="application/atom+xml" href="/en/atom.xml">
            <link rel="stylesheet" href="/style.css?v=1&amp;w=2">
            <meta property="og:image" content="/card.jpg">
            </head><body><h1 id="top">T</h1>
            <a href="/a/?q=1&amp;r=2">a</a><a href="#top">up</a>
            <picture><source srcset="/p-480.webp 480w, /p-960.webp 960w">
            <img src="/p-480.jpg" alt=" "></picture><img src="/ok.jpg" alt="A cat">
            <script src="/app.js"></script></body></html>"##,
        );
        assert_eq!(p.lang, "en");
        assert!(p.ids.contains("top"));
        assert_eq!(p.canonical.as_deref(), Some("https://x.org/en/x/"));
        assert_eq!(
            p.alternates,
            [("fr".to_string(), "https://x.org/fr/x/".to_string())]
        );
        let links: Vec<(bool, &str)> = p.links.iter().collect();
        assert_eq!(
            links,
            [
                (false, "/style.css?v=1&w=2"),
                (false, "/a/?q=1&r=2"),
                (false, "#top"),
                (true, "/p-480.jpg"),
                (true, "/ok.jpg"),
                (false, "/app.js"),
                (true, "/p-480.webp"),
                (true, "/p-960.webp"),
                (true, "/card.jpg"),
            ]
        );
        assert_eq!(p.unlabelled, ["/p-480.jpg"]);
        assert!(p.broken.is_empty(), "{:?}", p.broken);
    }

    #[test]
    fn attributes_are_read_as_browsers_read_them_however_written() {
        let p = page(
            r##"<HTML LANG=en><body><DIV Id=Top hidden></DIV>
            <A HREF='/a/?x=1&amp;y=2' href="/second/">a</A>
            <a href=/bare/ title="a &quot;title&quot;">b</a>
            <img alt src=/no-alt.jpg><IMG SRC="/cat.jpg" ALT="A cat">
            <a data-href="/not-a-link/" hreflanguage="fr">c</a></body></HTML>"##,
        );
        assert_eq!(p.lang, "en");
        assert!(p.ids.contains("Top"), "{:?}", p.ids);
        let links: Vec<(bool, &str)> = p.links.iter().collect();
        // The first of a repeated attribute counts; names are not cased;
        // `data-href` is not `href`.
        assert_eq!(
            links,
            [
                (false, "/a/?x=1&y=2"),
                (false, "/bare/"),
                (true, "/no-alt.jpg"),
                (true, "/cat.jpg"),
            ]
        );
        // `alt` written without a value is empty: no alt text.
        assert_eq!(p.unlabelled, ["/no-alt.jpg"]);
    }

    #[test]
    fn only_the_pages_own_language_prose_is_searched_for_foreign_strings() {
        let shown = |body: &str| {
            let p = page(&format!(
                "<html lang=\"en\"><head><title>x</title></head><body>{body}</body></html>"
            ));
            p.foreign_nodes
        };
        assert_eq!(
            shown("<p>Back to the Page d&#8217;accueil</p>"),
            ["Back to the Page d’accueil"]
        );
        // Split across two text nodes, as a reader sees it.
        let split = page("<html lang=\"en\"><body><p>Page<b>d’accueil</b></p></body></html>");
        assert_eq!(split.foreign.len(), 1);
        assert!(shown("<p lang=\"fr\">Page d’accueil, <em>vraiment</em></p>").is_empty());
        assert!(shown("<pre><code>Page d’accueil</code></pre>").is_empty());
        assert!(shown("<div lang=\"fr\"><p>x</p></div><p>Home page</p>").is_empty());
        // An element left open inside another closes with it.
        assert_eq!(
            shown("<div lang=\"fr\"><span lang=\"fr\">x</div><p>Page d’accueil</p>").len(),
            1
        );
    }

    #[test]
    fn markup_is_read_where_a_browser_reads_markup() {
        let p = page(
            r##"<html lang="en"><body>
            <svg><title><a href="/in-svg-title/">x</a></title>
            <g lang="fr"/><text>Page d’accueil</text></svg>
            <title><a href="/in-title/">x</a></title>
            <textarea><a href="/in-textarea/">x</a></textarea>
            <!-- <a href="/in-comment/">c</a> --><a href="/after/">a</a>
            <div lang="fr"><div>x</div><p>Page d’accueil</p></div>
            <p>Page d’accueil</p></body></html>"##,
        );
        let links: Vec<&str> = p.links.iter().map(|(_, l)| l).collect();
        // An SVG `<title>` holds markup, HTML's holds text; so do a
        // textarea and a comment.
        assert_eq!(links, ["/in-svg-title/", "/after/"]);
        // In SVG `<g/>` closes itself, so the SVG text is the page's
        // language; the inner `</div>` closes the inner div, not the
        // French one, so the French paragraph is not the page's prose.
        assert_eq!(p.foreign_nodes, ["Page d’accueil", "Page d’accueil"]);
    }

    #[test]
    fn a_swallowed_body_and_broken_structured_data_are_found() {
        let swallowed = page(
            "<html lang=\"en\"><head><script><!--<script></script></head><body><p>x</p></body></html>",
        );
        assert_eq!(swallowed.broken.len(), 1);
        assert!(swallowed.broken[0].contains("body is empty"));
        let bad_json = page(
            r#"<html lang="en"><head><script type="application/ld+json">{"a": </script></head><body><p>x</p></body></html>"#,
        );
        assert_eq!(bad_json.broken.len(), 1, "{:?}", bad_json.broken);
        assert!(bad_json.broken[0].contains("JSON-LD"));
        // No <body> tag: its content is body content all the same.
        assert!(page("<title>x</title><p>Hello</p>").broken.is_empty());
        assert!(!page("<title>x</title>").broken.is_empty());
    }
}

//! Reading one rendered page in a single streaming pass: its language,
//! ids, links, alternates, images without alt text, its own-language text
//! and what makes it unreadable ([`Scan`]). Kept apart from the site-wide
//! index in `pages` because it is the tokenizer's side of `check`: the one
//! place that knows how a browser reads an element's name, attributes and
//! text, and the hot loop of the command (every element of every page).

use rustc_hash::FxHashSet;
use std::borrow::Cow;

/// A page's links in the order found, each with whether it is an image:
/// their text in one string and each a span of it. Every page's table is
/// held until the links are followed, ~100 links a page: a `String` each
/// (and a table grown by doubling) made `check` 1 GB at 50,000 pairs.
#[derive(Default)]
pub(super) struct Links {
    text: String,
    spans: Vec<(bool, u32, u32)>,
}

impl Links {
    fn push(&mut self, is_image: bool, url: &str) {
        let start = self.text.len();
        self.text.push_str(url);
        // Spans are `u32` (12 bytes a link, not 24): a page's links would
        // need 4 GB of text to overflow them; a span past it reads as "".
        let span = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.spans
            .push((is_image, span(start), span(self.text.len())));
    }

    fn extend(&mut self, is_image: bool, url: Option<Cow<'_, str>>) {
        if let Some(url) = url {
            self.push(is_image, &url);
        }
    }

    /// Appends `other`'s links after these.
    pub(super) fn append(&mut self, other: &Links) {
        for (is_image, url) in other.iter() {
            self.push(is_image, url);
        }
    }

    /// Gives back the room kept for growth: the table is held to the end.
    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.spans.shrink_to_fit();
    }

    /// Each link and whether it is an image, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (bool, &str)> {
        (self.spans.iter()).map(|&(is_image, a, b)| (is_image, &self.text[a as usize..b as usize]))
    }
}

/// What one pass over a page gathers, before the foreign strings are
/// looked for.
#[derive(Default)]
pub(super) struct Scan {
    /// `<html lang>`.
    pub(super) lang: Option<String>,
    pub(super) ids: FxHashSet<String>,
    /// `a[href]`, `img[src]`, `script[src]` and `link[href]` other than
    /// alternates and the canonical link, then every `srcset` candidate,
    /// then `og:image` (the order the checks report them in).
    pub(super) links: Links,
    pub(super) srcsets: Links,
    pub(super) og_images: Links,
    pub(super) alternates: Vec<(String, String)>,
    pub(super) canonical: Option<String>,
    pub(super) unlabelled: Vec<String>,
    /// Open elements that set a language or print their text verbatim
    /// (code, program output, scripts and styles): (verbatim, `lang`).
    pub(super) open: Vec<(bool, Option<String>)>,
    /// The page's own-language text nodes (entities decoded), joined by a
    /// space: a string split across two nodes is found, as a reader sees
    /// it; `nodes` are their ranges in it.
    pub(super) text: String,
    pub(super) nodes: Vec<std::ops::Range<usize>>,
    /// The text node being read, in chunks.
    pub(super) pending: String,
    /// The text of the JSON-LD script being read.
    pub(super) json_ld: Option<String>,
    /// Past the `<body>` tag.
    pub(super) in_body: bool,
    pub(super) body_holds_element: bool,
    pub(super) broken: Vec<String>,
}

/// The elements of a page's head (and its frame).
const HEAD: [&str; 11] = [
    "html", "head", "body", "title", "meta", "link", "script", "style", "base", "noscript",
    "template",
];

/// Elements whose text is printed as it is, in any language.
const VERBATIM: [&str; 6] = ["script", "style", "code", "pre", "kbd", "samp"];

impl Scan {
    pub(super) fn read(html: &str) -> Scan {
        use lol_html::html_content::TextType;
        use lol_html::{HtmlRewriter, Settings, doc_text, element, end_tag};
        use std::cell::RefCell;
        use std::rc::Rc;

        let scan = Rc::new(RefCell::new(Scan::default()));
        let s = &scan;
        let handlers = vec![element!("*", |el| {
            let (name, a) = (tag_name(html, el), Attrs::read(html, el));
            let name = name.as_ref();
            let mut st = s.borrow_mut();
            // An element in the body: the page is there to read. (Without a
            // `<body>` tag, anything but the head's is body content.)
            if name == "body" {
                st.in_body = true;
            } else if st.in_body || !HEAD.contains(&name) {
                st.body_holds_element = true;
            }
            st.ids.extend(decoded(a.id).map(Cow::into_owned));
            match name {
                "html" if st.lang.is_none() => {
                    st.lang = Some(decoded(a.lang).map(Cow::into_owned).unwrap_or_default());
                }
                "a" => st.links.extend(false, decoded(a.href)),
                "script" => st.links.extend(false, decoded(a.src)),
                "link" => {
                    if let Some(href) = decoded(a.href) {
                        match a.rel {
                            Some("alternate") => {
                                let hreflang = decoded(a.hreflang).map(Cow::into_owned);
                                st.alternates
                                    .extend(hreflang.map(|h| (h, href.into_owned())))
                            }
                            Some("canonical") => {
                                st.canonical.get_or_insert(href.into_owned());
                            }
                            _ => st.links.push(false, &href),
                        }
                    }
                }
                "img" | "source" => {
                    if name == "img" {
                        let src = decoded(a.src);
                        if decoded(a.alt).is_none_or(|a| a.trim().is_empty()) {
                            st.unlabelled
                                .push(src.as_deref().unwrap_or_default().to_string());
                        }
                        st.links.extend(true, src);
                    }
                    // Every width a browser may pick.
                    for candidate in decoded(a.srcset).unwrap_or_default().split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            st.srcsets.push(true, url);
                        }
                    }
                }
                // The image social networks fetch.
                "meta" if a.property == Some("og:image") => {
                    st.og_images.extend(true, decoded(a.content));
                }
                _ => {}
            }
            let verbatim = VERBATIM.contains(&name);
            let lang = decoded(a.lang).map(Cow::into_owned);
            if !(verbatim || lang.is_some()) || !el.can_have_content() {
                return Ok(());
            }
            let json_ld = name == "script" && a.kind == Some("application/ld+json");
            st.open.push((verbatim, lang));
            if json_ld {
                st.json_ld = Some(String::new());
            }
            let depth = st.open.len() - 1;
            drop(st);
            let s = Rc::clone(s);
            el.on_end_tag(end_tag!(move |_| {
                let mut s = s.borrow_mut();
                // What was left open inside it closes with it.
                s.open.truncate(depth);
                if let Some(json) = s.json_ld.take().filter(|_| json_ld)
                    && let Err(e) = serde_json::from_str::<serde_json::Value>(&json)
                {
                    s.broken
                        .push(format!("its JSON-LD structured data does not parse: {e}"));
                }
                Ok(())
            }))
        })];
        let mut settings = Settings::new().append_document_content_handler(doc_text!(|chunk| {
            let mut s = s.borrow_mut();
            let s = &mut *s;
            match chunk.text_type() {
                TextType::ScriptData => {
                    if let Some(json) = &mut s.json_ld {
                        json.push_str(chunk.as_str());
                    }
                }
                kind if s.is_own_language() => {
                    // Gathered in `pending`, whose buffer serves every node
                    // of the page.
                    s.pending.push_str(chunk.as_str());
                    if chunk.last_in_text_node() {
                        if !s.text.is_empty() {
                            s.text.push(' ');
                        }
                        let start = s.text.len();
                        s.text.push_str(&crate::html::decoded(&s.pending, kind));
                        s.nodes.push(start..s.text.len());
                        s.pending.clear();
                    }
                }
                _ => {}
            }
            Ok(())
        }));
        for handler in handlers {
            settings = settings.append_element_content_handler(handler);
        }
        let result = {
            let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
            match rewriter.write(html.as_bytes()) {
                Ok(()) => rewriter.end(),
                Err(e) => Err(e),
            }
        };
        let mut scan = Rc::into_inner(scan)
            .expect("the handlers are gone")
            .into_inner();
        if let Err(e) = result {
            scan.broken.push(format!("it cannot be read as HTML: {e}"));
        }
        scan
    }

    /// Whether text here is in the page's language (its nearest `lang`)
    /// and not printed verbatim.
    fn is_own_language(&self) -> bool {
        let page = self.lang.as_deref().unwrap_or("");
        let nearest = self.open.iter().rev().find_map(|(_, l)| l.as_deref());
        !self.open.iter().any(|(verbatim, _)| *verbatim) && nearest.unwrap_or(page) == page
    }
}

/// An element's name, lowercased, read from the page's source where it
/// is written: lol_html's `tag_name` allocates a lowercased copy of every
/// element's name, and `check` reads every element of every page.
fn tag_name<'h>(html: &'h str, el: &lol_html::html_content::Element) -> Cow<'h, str> {
    let tag = &html[el.source_location().bytes()];
    let name = tag
        .trim_start_matches('<')
        .split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .next()
        .unwrap_or("");
    match name.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Owned(name.to_ascii_lowercase()),
        false => Cow::Borrowed(name),
    }
}

/// The attributes `check` reads, as written (entities not decoded yet),
/// sliced from the page's source in one pass over the element's
/// attributes: lol_html's `get_attribute` reads the attribute list again
/// and allocates a lowercased copy of each name it compares, per call,
/// and `check` asks every element for two or more.
#[derive(Default)]
struct Attrs<'h> {
    id: Option<&'h str>,
    lang: Option<&'h str>,
    href: Option<&'h str>,
    src: Option<&'h str>,
    srcset: Option<&'h str>,
    alt: Option<&'h str>,
    rel: Option<&'h str>,
    hreflang: Option<&'h str>,
    property: Option<&'h str>,
    content: Option<&'h str>,
    /// `type`.
    kind: Option<&'h str>,
}

impl<'h> Attrs<'h> {
    fn read(html: &'h str, el: &lol_html::html_content::Element) -> Attrs<'h> {
        let mut a = Attrs::default();
        for attr in el.attributes() {
            // Only attributes a handler added or changed have no place in
            // the source; `check` changes none.
            let Some(name) = attr.name_source_location() else {
                continue;
            };
            let name = &html[name.bytes()];
            // An attribute written without a value (`<div hidden>`) is "".
            let value = attr
                .value_source_location()
                .map_or("", |v| &html[v.bytes()]);
            // Lowercased on the stack: none of the names read is longer.
            let mut lower = [0u8; 8];
            let Some(lower) = lower.get_mut(..name.len()) else {
                continue;
            };
            lower.copy_from_slice(name.as_bytes());
            lower.make_ascii_lowercase();
            let slot = match &*lower {
                b"id" => &mut a.id,
                b"lang" => &mut a.lang,
                b"href" => &mut a.href,
                b"src" => &mut a.src,
                b"srcset" => &mut a.srcset,
                b"alt" => &mut a.alt,
                b"rel" => &mut a.rel,
                b"hreflang" => &mut a.hreflang,
                b"property" => &mut a.property,
                b"content" => &mut a.content,
                b"type" => &mut a.kind,
                _ => continue,
            };
            // As browsers do, the first of a repeated attribute counts.
            slot.get_or_insert(value);
        }
        a
    }
}

/// An attribute's value with its character references decoded.
fn decoded(value: Option<&str>) -> Option<Cow<'_, str>> {
    value.map(html_escape::decode_html_entities)
}

//! The tokenizer's side of reading a page: html5gum hands over each tag
//! and text in pieces, and [`read`] keeps what a [`Scan`] gathers, with
//! what a tree builder would add where it matters (the open elements that
//! set a language or hold code, foreign SVG content, raw-text elements).
//! Apart from the tables it fills because it is the hot loop of `check`
//! (every tag of every page) and the one place that knows how a browser
//! reads markup.

use super::Scan;

/// Reads `html` into `scan`.
pub(super) fn read(html: &[u8], scan: &mut Scan) {
    let reader = Reader {
        scan,
        tag: Tag::default(),
        open: Open::default(),
        node: Node::None,
        json_ld: None,
    };
    // Reading bytes in memory cannot fail: the error type is uninhabited.
    let Ok(()) = html5gum::Tokenizer::new_with_emitter(html, reader).finish();
}

/// Whether text inside `open` is in the page's language (its nearest
/// `lang`) and not printed verbatim.
fn is_own_language(scan: &Scan, open: &Open) -> bool {
    let page = scan.lang.as_deref().unwrap_or("");
    let marked = &open.marked;
    let nearest = marked.iter().rev().find_map(|m| m.lang.as_deref());
    !marked.iter().any(|m| m.verbatim) && nearest.unwrap_or(page) == page
}

/// The elements of a page's head (and its frame).
const HEAD: [&str; 11] = [
    "html", "head", "body", "title", "meta", "link", "script", "style", "base", "noscript",
    "template",
];

/// Elements whose text is printed as it is, in any language.
const VERBATIM: [&str; 6] = ["script", "style", "code", "pre", "kbd", "samp"];

/// Elements that never hold content: no end tag closes them.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The tag being read, in buffers kept for the whole page: the tokenizer
/// hands a tag over in pieces (its name, each attribute's name and
/// value), and `check` reads every tag of every page.
#[derive(Default)]
struct Tag {
    end: bool,
    self_closing: bool,
    /// Lowercased by the tokenizer.
    name: Vec<u8>,
    /// The values of the attributes `check` reads, one after another,
    /// character references decoded; `slots` are their ranges.
    values: Vec<u8>,
    slots: [Option<std::ops::Range<usize>>; ATTRIBUTES.len()],
    /// The attribute being read: its name so far, on the stack (none
    /// read is longer; a longer one counts as 9), until it is settled;
    /// then the slot its value goes to, if any.
    attribute: Option<([u8; 8], usize)>,
    slot: Option<usize>,
}

/// The attributes `check` reads, by slot.
const ATTRIBUTES: [&[u8]; 11] = [
    b"id",
    b"lang",
    b"href",
    b"src",
    b"srcset",
    b"alt",
    b"rel",
    b"hreflang",
    b"property",
    b"content",
    b"type",
];
const ID: usize = 0;
const LANG: usize = 1;
const HREF: usize = 2;
const SRC: usize = 3;
const SRCSET: usize = 4;
const ALT: usize = 5;
const REL: usize = 6;
const HREFLANG: usize = 7;
const PROPERTY: usize = 8;
const CONTENT: usize = 9;
const TYPE: usize = 10;

impl Tag {
    fn start(&mut self, end: bool) {
        self.end = end;
        self.self_closing = false;
        self.name.clear();
        self.values.clear();
        self.slots = Default::default();
        self.attribute = None;
        self.slot = None;
    }

    /// The attribute whose name has been read takes its slot, if `check`
    /// reads it and it is the first of that name (as browsers do).
    fn settle_attribute(&mut self) {
        let Some((name, len)) = self.attribute.take() else {
            return;
        };
        let name = name.get(..len).unwrap_or_default();
        let at = ATTRIBUTES.iter().position(|a| *a == name);
        self.slot = at.filter(|&i| self.slots[i].is_none());
        if let Some(i) = self.slot {
            self.slots[i] = Some(self.values.len()..self.values.len());
        }
    }

    /// An attribute's value (an attribute written without one is "").
    fn get(&self, slot: usize) -> Option<&str> {
        let range = self.slots[slot].clone()?;
        Some(std::str::from_utf8(&self.values[range]).unwrap_or_default())
    }

    fn name(&self) -> &str {
        std::str::from_utf8(&self.name).unwrap_or_default()
    }
}

/// The open elements, as far as `check` needs them: each element's name
/// (an end tag closes the nearest open element of its name and what was
/// left open inside it, as in lol_html and close to a browser's tree),
/// and the ones that set a language or print their text verbatim.
#[derive(Default)]
struct Open {
    /// Every open element's name, one after another; `starts` their
    /// offsets (no allocation per element).
    names: Vec<u8>,
    starts: Vec<usize>,
    marked: Vec<Marked>,
    /// Where SVG or MathML content began (the depth of its element):
    /// there `<x/>` closes itself and `<title>` or `<style>` hold markup.
    foreign_from: Option<usize>,
    /// The last start tag's name: the only end tag that closes raw text.
    last_start: Vec<u8>,
}

/// An open element that sets a language or holds code (and whether it is
/// the JSON-LD script, parsed when it closes).
struct Marked {
    depth: usize,
    verbatim: bool,
    lang: Option<String>,
    json_ld: bool,
}

impl Open {
    fn push(&mut self, name: &[u8]) -> usize {
        self.starts.push(self.names.len());
        self.names.extend_from_slice(name);
        self.starts.len() - 1
    }

    /// The depth of the nearest open element named `name`.
    fn find(&self, name: &[u8]) -> Option<usize> {
        let mut end = self.names.len();
        for (depth, &start) in self.starts.iter().enumerate().rev() {
            if &self.names[start..end] == name {
                return Some(depth);
            }
            end = start;
        }
        None
    }

    /// Closes the elements from `depth` on, giving back the marked ones.
    fn close(&mut self, depth: usize) -> std::vec::Drain<'_, Marked> {
        self.names.truncate(self.starts[depth]);
        self.starts.truncate(depth);
        if self.foreign_from.is_some_and(|f| f >= depth) {
            self.foreign_from = None;
        }
        let first = self.marked.partition_point(|m| m.depth < depth);
        self.marked.drain(first..)
    }
}

/// The text node being read.
enum Node {
    None,
    /// In the page's language: it starts there in `Scan::text`.
    Own(usize),
    /// In another language, or code: not kept.
    Skipped,
}

/// html5gum's emitter: the tokenizer calls it with each piece of the page
/// in order, and it fills the [`Scan`]. html5gum rather than lol_html
/// (which the rewriters use): a rewriter serializes an output nobody reads
/// here, decodes every text chunk through encoding_rs and matches
/// selectors, and that was ~2 of `check`'s 5.7 billion instructions at
/// 1,000 pairs; the tokenizers are the same (WHATWG's).
struct Reader<'s> {
    scan: &'s mut Scan,
    tag: Tag,
    open: Open,
    node: Node,
    /// The text of the JSON-LD script being read.
    json_ld: Option<Vec<u8>>,
}

impl Reader<'_> {
    /// The text node read so far ends (at a tag, a comment, the end).
    fn end_text(&mut self) {
        if let Node::Own(start) = std::mem::replace(&mut self.node, Node::None) {
            self.scan.nodes.push(start..self.scan.text.len());
        }
    }

    fn start_tag(&mut self) -> Option<html5gum::State> {
        let (st, t) = (&mut *self.scan, &self.tag);
        let name = t.name();
        let decoded = |slot| t.get(slot).map(String::from);
        // An element in the body: the page is there to read. (Without a
        // `<body>` tag, anything but the head's is body content.)
        if name == "body" {
            st.in_body = true;
        } else if st.in_body || !HEAD.contains(&name) {
            st.body_holds_element = true;
        }
        st.ids.extend(decoded(ID));
        match name {
            "html" if st.lang.is_none() => st.lang = Some(decoded(LANG).unwrap_or_default()),
            "a" => st.links.extend(false, t.get(HREF)),
            "script" => st.links.extend(false, t.get(SRC)),
            "link" => {
                if let Some(href) = t.get(HREF) {
                    match t.get(REL) {
                        Some("alternate") => {
                            let hreflang = decoded(HREFLANG);
                            st.alternates.extend(hreflang.map(|h| (h, href.into())))
                        }
                        Some("canonical") => {
                            st.canonical.get_or_insert(href.into());
                        }
                        _ => st.links.push(false, href),
                    }
                }
            }
            "img" | "source" => {
                if name == "img" {
                    let src = t.get(SRC);
                    if t.get(ALT).is_none_or(|a| a.trim().is_empty()) {
                        st.unlabelled.push(src.unwrap_or_default().to_string());
                    }
                    st.links.extend(true, src);
                }
                // Every width a browser may pick.
                for candidate in t.get(SRCSET).unwrap_or_default().split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        st.srcsets.push(true, url);
                    }
                }
            }
            // The image social networks fetch.
            "meta" if t.get(PROPERTY) == Some("og:image") => {
                st.og_images.extend(true, t.get(CONTENT));
            }
            _ => {}
        }
        let open = &mut self.open;
        open.last_start.clone_from(&t.name);
        let foreign = open.foreign_from.is_some();
        if VOID.contains(&name) || (foreign && t.self_closing) {
            return None;
        }
        let depth = open.push(&t.name);
        if matches!(name, "svg" | "math") && !foreign {
            open.foreign_from = Some(depth);
        }
        let verbatim = VERBATIM.contains(&name);
        let lang = decoded(LANG);
        if verbatim || lang.is_some() {
            let json_ld = name == "script" && t.get(TYPE) == Some("application/ld+json");
            if json_ld {
                self.json_ld = Some(Vec::new());
            }
            let marked = Marked {
                depth,
                verbatim,
                lang,
                json_ld,
            };
            open.marked.push(marked);
        }
        // Scripts, styles and the like hold text, not markup (the
        // tokenizer needs telling: that is a tree builder's part).
        match foreign {
            true => None,
            false => html5gum::naive_next_state(&t.name),
        }
    }

    fn end_tag(&mut self) {
        let Some(depth) = self.open.find(&self.tag.name) else {
            return;
        };
        for marked in self.open.close(depth) {
            if let Some(json) = self.json_ld.take().filter(|_| marked.json_ld)
                && let Err(e) = serde_json::from_slice::<serde_json::Value>(&json)
            {
                (self.scan.broken).push(format!("its JSON-LD structured data does not parse: {e}"));
            }
        }
    }
}

impl html5gum::Emitter for Reader<'_> {
    type Token = std::convert::Infallible;

    fn emit_string(&mut self, s: &[u8]) {
        if let Some(json) = &mut self.json_ld {
            json.extend_from_slice(s);
            return;
        }
        let st = &mut *self.scan;
        if let Node::None = self.node {
            let own = is_own_language(st, &self.open);
            let text = &mut st.text;
            self.node = match own {
                true => {
                    if !text.is_empty() {
                        text.push(b' ');
                    }
                    Node::Own(text.len())
                }
                false => Node::Skipped,
            };
        }
        if let Node::Own(_) = self.node {
            st.text.extend_from_slice(s);
        }
    }

    fn emit_current_tag(&mut self) -> Option<html5gum::State> {
        self.end_text();
        self.tag.settle_attribute();
        match self.tag.end {
            true => {
                self.end_tag();
                None
            }
            false => self.start_tag(),
        }
    }

    fn init_start_tag(&mut self) {
        self.tag.start(false);
    }

    fn init_end_tag(&mut self) {
        self.tag.start(true);
    }

    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag.name.extend_from_slice(s);
    }

    fn set_self_closing(&mut self) {
        self.tag.self_closing = true;
    }

    fn init_attribute(&mut self) {
        self.tag.settle_attribute();
        self.tag.slot = None;
        self.tag.attribute = Some(([0; 8], 0));
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        let t = &mut self.tag;
        if let Some((name, len)) = &mut t.attribute {
            *len = match name.get_mut(*len..*len + s.len()) {
                Some(room) => {
                    room.copy_from_slice(s);
                    *len + s.len()
                }
                None => name.len() + 1,
            };
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        let t = &mut self.tag;
        t.settle_attribute();
        if let Some(range) = t.slot.and_then(|i| t.slots[i].as_mut()) {
            t.values.extend_from_slice(s);
            range.end = t.values.len();
        }
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.tag.end && self.tag.name == self.open.last_start
    }

    fn emit_current_comment(&mut self) {
        self.end_text();
    }

    fn emit_current_doctype(&mut self) {
        self.end_text();
    }

    fn emit_eof(&mut self) {
        self.end_text();
    }

    fn set_last_start_tag(&mut self, name: Option<&[u8]>) {
        self.open.last_start = name.unwrap_or_default().to_vec();
    }

    fn emit_error(&mut self, _: html5gum::Error) {}

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn pop_token(&mut self) -> Option<Self::Token> {
        None
    }

    fn init_comment(&mut self) {}
    fn push_comment(&mut self, _: &[u8]) {}
    fn init_doctype(&mut self) {}
    fn push_doctype_name(&mut self, _: &[u8]) {}
    fn set_force_quirks(&mut self) {}
    fn set_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn set_doctype_system_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_public_identifier(&mut self, _: &[u8]) {}
    fn push_doctype_system_identifier(&mut self, _: &[u8]) {}
}

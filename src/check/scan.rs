//! What one rendered page gives `check`, read in a single streaming pass:
//! its language, ids, links, alternates, images without alt text, its
//! own-language text and what makes it unreadable ([`Scan`]). Kept apart
//! from the site-wide index in `pages` because it is the tokenizer's side
//! of `check`; how a browser reads the markup is [`reader`]'s, the hot loop
//! of the command (every tag of every page).

use rustc_hash::FxHashSet;

mod reader;

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
    fn with_capacity(text: usize, links: usize) -> Links {
        Links {
            text: String::with_capacity(text),
            spans: Vec::with_capacity(links),
        }
    }

    fn push(&mut self, is_image: bool, url: &str) {
        let start = self.text.len();
        self.text.push_str(url);
        // Spans are `u32` (12 bytes a link, not 24): a page's links would
        // need 4 GB of text to overflow them; a span past it reads as "".
        let span = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.spans
            .push((is_image, span(start), span(self.text.len())));
    }

    fn extend(&mut self, is_image: bool, url: Option<&str>) {
        if let Some(url) = url {
            self.push(is_image, url);
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
    /// The page's own-language text nodes (entities decoded), joined by a
    /// space: a string split across two nodes is found, as a reader sees
    /// it; `nodes` are their ranges in it. UTF-8 as the page is, kept as
    /// bytes: it is only searched, and the few nodes reported are copied.
    pub(super) text: Vec<u8>,
    pub(super) nodes: Vec<std::ops::Range<usize>>,
    /// Past the `<body>` tag.
    pub(super) in_body: bool,
    pub(super) body_holds_element: bool,
    pub(super) broken: Vec<String>,
}

impl Scan {
    pub(super) fn read(html: &[u8]) -> Scan {
        // Room for what most pages hold, so the tables do not grow by
        // copying as the page is read (they grew ~10 times a page).
        let mut scan = Scan {
            text: Vec::with_capacity(html.len() / 2),
            links: Links::with_capacity(html.len() / 8, 128),
            ..Scan::default()
        };
        reader::read(html, &mut scan);
        scan
    }
}

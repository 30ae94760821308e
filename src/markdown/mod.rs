//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough,
//! definition lists, smart punctuation, and an `id` on every heading.
//!
//! Pure: no I/O. Link and image destinations go through a caller-given
//! resolver, which is how links to other articles' `.md` files become their
//! URLs and how a link to a missing article becomes an error with its line.

mod attributes;
mod footnotes;
mod headings;
mod title;

use crate::urls::HeadingIds;
use headings::set_heading_id;
pub use title::render_inline;

use crate::diagnostic::line_of_offset;
use crate::typography::{self, Typography};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// What the resolver decides for one link or image destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Leave the destination as written.
    Keep,
    /// Replace it with this URL.
    Rewrite(String),
    /// The destination names something that does not exist; the message says what.
    Broken(String),
    /// A file of `content/` (an image, a PDF): published with its variants.
    Asset(std::sync::Arc<crate::images::Image>),
}

/// The HTML of one article and what was learned while rendering it.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// The summary's plain text, for listings, feeds and meta tags: what
    /// comes before a top-level `<!--more-->` (the separator of Hugo, Zola
    /// and Jekyll), else the first top-level paragraph.
    pub first_paragraph: String,
    /// Broken links: (1-based line within the Markdown, message).
    pub broken_links: Vec<(usize, String)>,
}

/// The pulldown-cmark extensions Gazette turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Whether raw HTML is the summary separator, `<!--more-->` (spaces and
/// letter case as Hugo allows them).
fn is_more(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|h| h.strip_suffix("-->"))
        .is_some_and(|h| h.trim().eq_ignore_ascii_case("more"))
}

/// How an article's text is set: its language's typography and the site's
/// heading ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Typographic rules of the language.
    pub typography: Typography,
    /// How heading ids are made.
    pub heading_ids: HeadingIds,
}

/// Renders `markdown`, passing every link and image destination (in
/// Markdown, and root-relative or `.md` ones in raw HTML) to `resolve`, and
/// every run of prose text (never code or URLs, in Markdown or raw HTML)
/// through the language's typography. Bare URLs and e-mail addresses become
/// links, as GitHub-flavoured Markdown makes them.
pub fn render(markdown: &str, resolve: &dyn Fn(&str) -> Resolved, style: Style) -> Rendered {
    let typography = style.typography;
    let mut out = Rendered::default();
    let mut prev_char: Option<char> = None;
    let mut in_code_block = false;
    let mut link_depth = 0usize;
    let mut raw_code_depth = 0usize;
    let mut html_block: Option<(usize, String)> = None;
    let mut code_block: Option<(String, String)> = None;
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut heading: Option<(usize, String)> = None;
    let mut paragraph: Option<String> = None;
    // The top-level paragraphs' text until a `<!--more-->`, if one comes.
    let mut before_more = String::new();
    let mut more: Option<String> = None;
    // Without a comment, only the first paragraph is gathered.
    let may_have_more = markdown.contains("<!--");
    let mut depth = 0usize;
    // An image of content/ being read: the image, its title and its alt text.
    let mut picture: Option<(std::sync::Arc<crate::images::Image>, String, String)> = None;
    let finder = link_finder();
    let parser = Parser::new_ext(markdown, options()).into_offset_iter();
    for (mut event, range) in pulldown_cmark::TextMergeWithOffset::new(parser) {
        let line = || line_of_offset(markdown, range.start);
        if let Some((info, code)) = &mut code_block {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = crate::highlight::code_block(info, code);
                    events.push(Event::Html(CowStr::from(html)));
                    code_block = None;
                }
                _ => {}
            }
            continue;
        }
        if let Some((image, title, alt)) = &mut picture {
            match &event {
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                Event::End(TagEnd::Image) => {
                    let alt = typography::apply(typography, alt, None);
                    let html = crate::images::html::picture(image, &alt, title);
                    events.push(Event::Html(CowStr::from(html)));
                    picture = None;
                }
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::CodeBlock(kind)) = &event {
            let info = match kind {
                pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                pulldown_cmark::CodeBlockKind::Indented => String::new(),
            };
            code_block = Some((info, String::new()));
            continue;
        }
        if let Some((start, block)) = &mut html_block {
            match event {
                Event::Html(h) => {
                    block.push_str(&h);
                    continue;
                }
                _ => {
                    if depth == 0 && more.is_none() && is_more(block) {
                        more = Some(before_more.trim().to_string());
                    }
                    let html = raw_html(markdown, *start, block, resolve, typography, &mut out);
                    events.push(Event::Html(CowStr::from(html)));
                    html_block = None;
                }
            }
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        {
            match resolve(dest_url) {
                Resolved::Asset(image) if image.is_picture() => {
                    picture = Some((image, title.to_string(), String::new()));
                    continue;
                }
                Resolved::Asset(_) => out.broken_links.push((
                    line(),
                    format!("`{dest_url}` is shown as an image but is not one (JPEG, PNG, WebP, GIF or SVG): link to it with [text]({dest_url}) instead"),
                )),
                _ => {}
            }
        }
        match &mut event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                link_depth += 1;
                match resolve(dest_url) {
                    Resolved::Keep => {}
                    Resolved::Rewrite(url) => *dest_url = CowStr::from(url),
                    Resolved::Asset(image) => {
                        *dest_url = CowStr::from(image.default_variant().url.clone())
                    }
                    Resolved::Broken(message) => out.broken_links.push((line(), message)),
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) => html_block = Some((range.start, String::new())),
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                prev_char = None;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, text)) = heading.take() {
                    set_heading_id(&mut events[start], &text, style.heading_ids, &mut used_ids);
                }
            }
            Event::Start(Tag::Paragraph)
                if depth == 0
                    && more.is_none()
                    && (may_have_more || out.first_paragraph.is_empty()) =>
            {
                paragraph = Some(String::new())
            }
            Event::End(TagEnd::Paragraph) => {
                // `{.class}` on the paragraph's last line: its attributes.
                let last_line = markdown[range.clone()]
                    .trim_end()
                    .lines()
                    .last()
                    .unwrap_or("");
                let n = events.len();
                let attributes = attributes::parse(last_line).filter(|_| {
                    n >= 2
                        && matches!(events[n - 1], Event::Text(_))
                        && matches!(events[n - 2], Event::SoftBreak)
                });
                if let Some(html) = attributes {
                    let written = match &events[n - 1] {
                        Event::Text(t) => t.len(),
                        _ => 0,
                    };
                    events.truncate(n - 2);
                    if let Some(start) = events
                        .iter()
                        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))
                    {
                        events[start] = Event::Html(CowStr::from(format!("<p{html}>")));
                        event = Event::Html(CowStr::from("</p>\n"));
                    }
                    if let Some(text) = &mut paragraph {
                        text.truncate(text.len().saturating_sub(written + 1));
                    }
                }
                if let Some(text) = paragraph.take() {
                    if out.first_paragraph.is_empty() {
                        out.first_paragraph = text.trim().to_string();
                    }
                    before_more.push_str(text.trim());
                    before_more.push(' ');
                }
            }
            Event::Start(
                Tag::BlockQuote(_)
                | Tag::List(_)
                | Tag::FootnoteDefinition(_)
                | Tag::Table(_)
                | Tag::DefinitionList,
            ) => depth += 1,
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::Table
                | TagEnd::DefinitionList,
            ) => depth = depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::InlineHtml(h) => {
                if depth == 0 && more.is_none() && is_more(h) {
                    // Inside a paragraph: its words so far are the summary's.
                    let mut text = before_more.clone();
                    text.push_str(paragraph.as_deref().unwrap_or(""));
                    more = Some(text.trim().to_string());
                }
                raw_code_depth = raw_code_depth_after(raw_code_depth, h);
                let start = range.start;
                let html = raw_html(markdown, start, h, resolve, Typography::None, &mut out);
                *h = CowStr::from(html);
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::TableCell
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            ) => prev_char = None,
            _ => {}
        }
        if let (Event::Text(t), Some((_, text))) = (&event, &mut heading) {
            text.push_str(t);
        } else if let (Event::Code(t), Some((_, text))) = (&event, &mut heading) {
            text.push_str(t);
        }
        let prose = !in_code_block && raw_code_depth == 0;
        let from = events.len();
        match event {
            Event::Text(t) if prose && link_depth == 0 => {
                linkify(&finder, t, typography, &mut prev_char, &mut events)
            }
            Event::Text(t) if prose && typography != Typography::None => {
                let (text, last) = typeset(t, typography, prev_char);
                prev_char = last;
                events.push(Event::Text(text));
            }
            other => events.push(other),
        }
        for event in &events[from..] {
            match event {
                Event::Text(t) | Event::Code(t) => {
                    if let Some(text) = &mut paragraph {
                        text.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(text) = &mut paragraph {
                        text.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
    if let Some((start, block)) = html_block {
        if depth == 0 && more.is_none() && is_more(&block) {
            more = Some(before_more.trim().to_string());
        }
        let html = raw_html(markdown, start, &block, resolve, typography, &mut out);
        events.push(Event::Html(CowStr::from(html)));
    }
    if let Some(summary) = more.filter(|s| !s.is_empty()) {
        out.first_paragraph = summary;
    }
    let events = footnotes::gather(events);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// A raw HTML block or inline tag starting at byte `start` of `markdown`,
/// rewritten by [`rewrite_html`]; a missing article is reported at its line.
fn raw_html(
    markdown: &str,
    start: usize,
    html: &str,
    resolve: &dyn Fn(&str) -> Resolved,
    typography: Typography,
    out: &mut Rendered,
) -> String {
    let (html, broken) = rewrite_html(html, resolve, typography);
    for (at, message) in broken {
        out.broken_links
            .push((line_of_offset(markdown, start + at), message));
    }
    html
}

/// Raw HTML as the article's Markdown links are treated: root-relative and
/// `.md` URLs go through `resolve`, prose through `typography`. Returns the
/// HTML and the broken links with their byte offsets in `html`.
pub fn rewrite_html(
    html: &str,
    resolve: &dyn Fn(&str) -> Resolved,
    typography: Typography,
) -> (String, Vec<(usize, String)>) {
    let mut broken = Vec::new();
    let local = |u: &str| {
        !u.is_empty()
            && !u.starts_with(['#', '?'])
            && !u.starts_with("//")
            && !crate::urls::has_scheme(u)
    };
    let mut url = |u: &str, at: usize| {
        // Raw HTML is held to the Markdown rule: no URL that runs code
        // (`javascript:`, also entity-encoded as `&#106;avascript:`), read
        // with its entities decoded, as the browser will.
        let decoded = html_escape::decode_html_entities(u);
        if !local(&decoded) {
            if let Resolved::Broken(message) = resolve(&decoded) {
                broken.push((at, message));
            }
            return None;
        }
        match resolve(u) {
            Resolved::Keep => None,
            Resolved::Rewrite(new) => Some(new),
            Resolved::Asset(image) => Some(image.default_variant().url.clone()),
            Resolved::Broken(message) => {
                broken.push((at, message));
                None
            }
        }
    };
    let image = |src: &str| match local(src).then(|| resolve(src)) {
        Some(Resolved::Asset(image)) => crate::images::html::img_attributes(&image),
        _ => Vec::new(),
    };
    let html = crate::html::rewrite(html, &mut url, Some(&image), typography);
    (html, broken)
}

/// Finds bare URLs (with a scheme) and e-mail addresses.
fn link_finder() -> linkify::LinkFinder {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url, linkify::LinkKind::Email]);
    finder
}

/// `text` through `typography`, kept as it is when no rule changed it, and
/// its last character (for the rules of the text that follows).
fn typeset<'a>(
    text: CowStr<'a>,
    typography: Typography,
    prev_char: Option<char>,
) -> (CowStr<'a>, Option<char>) {
    let typeset = match typography::typeset(typography, &text, prev_char) {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(changed) => Some(changed),
    };
    let text = typeset.map_or(text, CowStr::from);
    let last = text.chars().last();
    (text, last)
}

/// A run of prose text as events, pushed to `events`: bare URLs and e-mail
/// addresses as links (never typeset), the rest through `typography`.
fn linkify<'a>(
    finder: &linkify::LinkFinder,
    text: CowStr<'a>,
    typography: Typography,
    prev_char: &mut Option<char>,
    events: &mut Vec<Event<'a>>,
) {
    if finder.links(&text).next().is_none() {
        let (text, last) = typeset(text, typography, *prev_char);
        *prev_char = last.or(*prev_char);
        events.push(Event::Text(text));
        return;
    }
    for span in finder.spans(&text) {
        let s = span.as_str();
        match span.kind() {
            Some(kind) => {
                let dest = match kind {
                    linkify::LinkKind::Email => format!("mailto:{s}"),
                    _ => s.to_string(),
                };
                events.push(Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Autolink,
                    dest_url: CowStr::from(dest),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }));
                events.push(Event::Text(CowStr::from(s.to_string())));
                events.push(Event::End(TagEnd::Link));
                *prev_char = s.chars().last();
            }
            None => {
                let typeset = typography::apply(typography, s, *prev_char);
                *prev_char = typeset.chars().last().or(*prev_char);
                events.push(Event::Text(CowStr::from(typeset)));
            }
        }
    }
}

/// Tracks whether raw HTML has opened a `<code>`, `<pre>`, `<kbd>`,
/// `<script>` or `<style>` element whose text typography must not touch.
fn raw_code_depth_after(depth: usize, html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    let tags = ["code", "pre", "kbd", "samp", "script", "style"];
    let opens = tags
        .iter()
        .map(|t| lower.matches(&format!("<{t}")).count())
        .sum::<usize>();
    let closes = tags
        .iter()
        .map(|t| lower.matches(&format!("</{t}")).count())
        .sum::<usize>();
    (depth + opens).saturating_sub(closes)
}

#[cfg(test)]
mod tests;

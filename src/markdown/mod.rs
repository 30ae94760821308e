//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough,
//! definition lists, smart punctuation, and an `id` on every heading.
//!
//! Pure: no I/O. Link and image destinations go through a caller-given
//! resolver, which is how links to other articles' `.md` files become their
//! URLs and how a link to a missing article becomes an error with its line.

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
    /// Every `id` given to a heading, for anchor checks.
    pub heading_ids: Vec<String>,
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
                    let id =
                        set_heading_id(&mut events[start], &text, style.heading_ids, &mut used_ids);
                    out.heading_ids.push(id);
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
        let produced = match event {
            Event::Text(t) if prose && link_depth == 0 => {
                linkify(&finder, &t, typography, &mut prev_char)
            }
            Event::Text(t) if prose && typography != Typography::None => {
                let typeset = typography::apply(typography, &t, prev_char);
                prev_char = typeset.chars().last();
                vec![Event::Text(CowStr::from(typeset))]
            }
            other => vec![other],
        };
        for event in produced {
            match &event {
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
            events.push(event);
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

/// A run of prose text as events: bare URLs and e-mail addresses as links
/// (never typeset), the rest through `typography`.
fn linkify<'a>(
    finder: &linkify::LinkFinder,
    text: &str,
    typography: Typography,
    prev_char: &mut Option<char>,
) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    for span in finder.spans(text) {
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
    events
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
mod tests {
    use super::*;

    fn keep(_: &str) -> Resolved {
        Resolved::Keep
    }

    fn style(typography: Typography) -> Style {
        Style {
            typography,
            heading_ids: HeadingIds::Slug,
        }
    }

    #[test]
    fn definition_lists_are_lists_with_french_typography() {
        let r = render(
            "Une question ?\n: Une réponse.\n\nFin.\n",
            &keep,
            style(Typography::French),
        );
        assert_eq!(
            r.html,
            "<dl>\n<dt>Une question\u{202f}?</dt>\n<dd>Une réponse.</dd>\n</dl>\n<p>Fin.</p>\n"
        );
        // Not a summary: the first paragraph is the one after it.
        assert_eq!(r.first_paragraph, "Fin.");
    }

    #[test]
    fn the_summary_is_what_comes_before_more() {
        let md = "Premier paragraphe.\n\nSecond, *aussi*.\n\n<!--more-->\n\nLa suite.\n";
        let r = render(md, &keep, style(Typography::None));
        assert_eq!(r.first_paragraph, "Premier paragraphe. Second, aussi.");
        assert!(r.html.contains("<p>La suite.</p>"), "{}", r.html);
        // Inside a paragraph, as Hugo allows it, and spelled loosely.
        let r = render(
            "Un. Deux <!-- More --> trois.\n",
            &keep,
            style(Typography::None),
        );
        assert_eq!(r.first_paragraph, "Un. Deux");
        // Without one, the first paragraph; in a quote, it is not the separator.
        let r = render(
            "Un.\n\nDeux.\n\n> <!--more-->\n",
            &keep,
            style(Typography::None),
        );
        assert_eq!(r.first_paragraph, "Un.");
        let r = render(
            "Un.\n\n<!-- note -->\n\nDeux.\n",
            &keep,
            style(Typography::None),
        );
        assert_eq!(r.first_paragraph, "Un.");
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render(
            "# Hello world\n\n## Hello world\n\n## Custom {#mine}\n",
            &keep,
            style(Typography::None),
        );
        assert!(r.html.contains(r#"<h1 id="hello-world">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="hello-world-1">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="mine">"#), "{}", r.html);
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~x~~ note[^1]\n\n[^1]: foot\n",
            &keep,
            style(Typography::None),
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(
            r.html.contains("<section class=\"footnotes\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn links_are_resolved_with_their_line() {
        let resolve = |d: &str| match d {
            "a.md" => Resolved::Rewrite("/fr/a/".into()),
            "b.md" => Resolved::Broken("missing b.md".into()),
            _ => Resolved::Keep,
        };
        let r = render(
            "[a](a.md)\n\ntext\n\n[b](b.md)\n",
            &resolve,
            style(Typography::None),
        );
        assert!(r.html.contains(r#"href="/fr/a/""#));
        assert_eq!(r.broken_links, vec![(5, "missing b.md".to_string())]);
    }

    #[test]
    fn french_typography_spares_code_urls_and_html() {
        let md = "Quoi? \"Oui\" dit-il: `a:b?` et [lien !](https://x.fr/a:b?c) <https://y.fr/?q=1>\n\n\
                  <span title=\"a: b?\">Bien!</span> <code>x:y?</code> *mot*?\n\n```\nfn main() { a?; }\n```\n";
        let html = render(md, &keep, style(Typography::French))
            .html
            .replace('\u{202F}', "_");
        assert!(
            html.contains("Quoi_? «_Oui_» dit-il_: <code>a:b?</code>"),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://x.fr/a:b?c">lien_!</a>"#),
            "{html}"
        );
        assert!(html.contains(">https://y.fr/?q=1</a>"), "{html}");
        assert!(
            html.contains(r#"<span title="a: b?">Bien_!</span> <code>x:y?</code> <em>mot</em>_?"#),
            "{html}"
        );
        assert!(html.contains("fn main() { a?; }"), "{html}");
        let en = render("Really? \"Yes\"", &keep, style(Typography::None)).html;
        assert!(en.contains("Really? “Yes”"), "{en}");
    }

    #[test]
    fn titles_take_inline_markdown_and_closed_formatting_tags_only() {
        let (html, plain) = render_inline(
            "Le <strong>vrai</strong> **coût** de `x` &amp; prototypes&nbsp;: l&rsquo;application",
            Typography::French,
        );
        let html = html.replace('\u{202F}', "_");
        assert_eq!(
            html,
            "Le <strong>vrai</strong> <strong>coût</strong> de <code>x</code> &amp; prototypes_: l’application"
        );
        assert_eq!(
            plain.replace('\u{202F}', "_"),
            "Le vrai coût de x & prototypes_: l’application"
        );
        let (html, plain) = render_inline("<script>alert(1)</script> <b>x", Typography::None);
        assert_eq!(html, "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x");
        assert_eq!(plain, "<script>alert(1)</script> <b>x");
        let (html, _) = render_inline("<em class=x>a</em>", Typography::None);
        assert_eq!(html, "&lt;em class=x&gt;a&lt;/em&gt;");
    }

    #[test]
    fn first_paragraph_skips_quotes() {
        let r = render(
            "> quoted\n\nFirst *real* one\nwraps.\n\nSecond.",
            &keep,
            style(Typography::None),
        );
        assert_eq!(r.first_paragraph, "First real one wraps.");
    }
}

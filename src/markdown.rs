//! Markdown to HTML with pulldown-cmark: tables, footnotes, strikethrough,
//! smart punctuation, and an `id` on every heading.
//!
//! Pure: no I/O. Link and image destinations go through a caller-given
//! resolver, which is how links to other articles' `.md` files become their
//! URLs and how a link to a missing article becomes an error with its line.

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
}

/// The HTML of one article and what was learned while rendering it.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Plain text of the first top-level paragraph, for listings and meta tags.
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
}

/// Renders `markdown`, passing every link and image destination to `resolve`
/// and every run of prose text (never code, raw HTML or URLs) through the
/// language's `typography`.
pub fn render(
    markdown: &str,
    resolve: &dyn Fn(&str) -> Resolved,
    typography: Typography,
) -> Rendered {
    let mut out = Rendered::default();
    let mut prev_char: Option<char> = None;
    let mut in_code_block = false;
    let mut raw_code_depth = 0usize;
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids = HashSet::new();
    let mut heading: Option<(usize, String)> = None;
    let mut paragraph: Option<String> = None;
    let mut depth = 0usize;
    for (mut event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &mut event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => match resolve(dest_url) {
                Resolved::Keep => {}
                Resolved::Rewrite(url) => *dest_url = CowStr::from(url),
                Resolved::Broken(message) => out
                    .broken_links
                    .push((line_of_offset(markdown, range.start), message)),
            },
            Event::Start(Tag::Heading { .. }) => {
                heading = Some((events.len(), String::new()));
                prev_char = None;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, text)) = heading.take() {
                    let id = set_heading_id(&mut events[start], &text, &mut used_ids);
                    out.heading_ids.push(id);
                }
            }
            Event::Start(Tag::Paragraph) if depth == 0 && out.first_paragraph.is_empty() => {
                paragraph = Some(String::new())
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(text) = paragraph.take() {
                    out.first_paragraph = text.trim().to_string();
                }
            }
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::Table(_),
            ) => depth += 1,
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::Table,
            ) => depth = depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_code_depth = raw_code_depth_after(raw_code_depth, h)
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell) => prev_char = None,
            Event::Text(t)
                if typography != Typography::None && !in_code_block && raw_code_depth == 0 =>
            {
                let typeset = typography::apply(typography, t, prev_char);
                prev_char = typeset.chars().last();
                *t = CowStr::from(typeset);
            }
            _ => {}
        }
        match &mut event {
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut heading {
                    text.push_str(t);
                }
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
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
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

/// Gives a heading an id from its text (unless `{#id}` set one), unique in the page.
fn set_heading_id(start: &mut Event, text: &str, used: &mut HashSet<String>) -> String {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        unreachable!("heading start recorded at this index")
    };
    if let Some(existing) = id {
        used.insert(existing.to_string());
        return existing.to_string();
    }
    let base = match slug::slugify(text) {
        s if s.is_empty() => "section".to_string(),
        s => s,
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(candidate.clone()));
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(_: &str) -> Resolved {
        Resolved::Keep
    }

    #[test]
    fn headings_get_unique_ids() {
        let r = render(
            "# Hello world\n\n## Hello world\n\n## Custom {#mine}\n",
            &keep,
            Typography::None,
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
            Typography::None,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote-definition"));
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
            Typography::None,
        );
        assert!(r.html.contains(r#"href="/fr/a/""#));
        assert_eq!(r.broken_links, vec![(5, "missing b.md".to_string())]);
    }

    #[test]
    fn french_typography_spares_code_urls_and_html() {
        let md = "Quoi? \"Oui\" dit-il: `a:b?` et [lien !](https://x.fr/a:b?c) <https://y.fr/?q=1>\n\n\
                  <span title=\"a: b?\">Bien!</span> <code>x:y?</code> *mot*?\n\n```\nfn main() { a?; }\n```\n";
        let html = render(md, &keep, Typography::French)
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
        let en = render("Really? \"Yes\"", &keep, Typography::None).html;
        assert!(en.contains("Really? “Yes”"), "{en}");
    }

    #[test]
    fn first_paragraph_skips_quotes() {
        let r = render(
            "> quoted\n\nFirst *real* one\nwraps.\n\nSecond.",
            &keep,
            Typography::None,
        );
        assert_eq!(r.first_paragraph, "First real one wraps.");
    }
}

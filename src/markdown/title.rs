//! Titles: inline Markdown (`**x**`, `` `y` ``, entities) and closed pairs
//! of a few formatting tags, rendered to HTML and to plain text, both with
//! the language's typography. Any other markup is shown as written.

use super::options;
use crate::typography::{self, Typography};
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

/// Inline HTML tags a title may use, written without attributes and
/// closed: `Le <strong>vrai</strong> coût`. Any other markup in a title is
/// shown as the text it is. `strike` (obsolete in HTML, written in titles
/// Hugo renders struck through) is published as `s`.
const TITLE_TAGS: [&str; 15] = [
    "strong", "em", "b", "i", "u", "s", "del", "ins", "strike", "code", "sup", "sub", "small",
    "mark", "q",
];

/// Renders a title (inline Markdown: `**x**`, `` `y` ``, entities, and the
/// closed pairs of [`TITLE_TAGS`]): its HTML and its plain text, both with
/// the language's typography.
pub fn render_inline(text: &str, typography: Typography) -> (String, String) {
    let mut events: Vec<Event> =
        pulldown_cmark::TextMergeStream::new(Parser::new_ext(text, options()))
            .filter(|e| {
                !matches!(
                    e,
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                )
            })
            .collect();
    // Keep only the title tags that open and close in order; the rest is text.
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut kept = vec![false; events.len()];
    for (i, event) in events.iter().enumerate() {
        let Event::InlineHtml(h) = event else {
            continue;
        };
        let tag = h.trim().to_ascii_lowercase();
        if let Some(name) = tag.strip_prefix("</").and_then(|t| t.strip_suffix('>')) {
            if open.last().is_some_and(|(_, n)| n == name) {
                let (start, _) = open.pop().expect("checked");
                kept[start] = true;
                kept[i] = true;
            }
        } else if let Some(name) = tag.strip_prefix('<').and_then(|t| t.strip_suffix('>'))
            && TITLE_TAGS.contains(&name)
        {
            open.push((i, name.to_string()));
        }
    }
    let mut prev_char = None;
    let mut plain = String::new();
    for (i, event) in events.iter_mut().enumerate() {
        if let Event::InlineHtml(h) = event
            && kept[i]
        {
            let tag = h.trim().to_ascii_lowercase();
            if tag == "<strike>" || tag == "</strike>" {
                *h = CowStr::from(tag.replace("strike", "s"));
            }
        }
        // Markup a title may not use is shown as written: no typography.
        let as_written = match event {
            Event::InlineHtml(h) if !kept[i] => Some(h.clone()),
            Event::Html(h) => Some(h.clone()),
            _ => None,
        };
        if let Some(h) = as_written {
            prev_char = h.chars().last();
            plain.push_str(&h);
            *event = Event::Text(h);
            continue;
        }
        if matches!(event, Event::SoftBreak | Event::HardBreak) {
            *event = Event::Text(CowStr::from(" "));
        }
        match event {
            Event::Text(t) => {
                let typeset = typography::apply(typography, t, prev_char);
                prev_char = typeset.chars().last();
                plain.push_str(&typeset);
                *t = CowStr::from(typeset);
            }
            Event::Code(t) => plain.push_str(t),
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html.trim().to_string(), plain.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struck_inserted_and_deleted_words_are_formatting_and_strike_is_published_as_s() {
        let (html, plain) = render_inline("Hello, <strike>World</strike> Canada", Typography::None);
        assert_eq!(html, "Hello, <s>World</s> Canada");
        assert_eq!(plain, "Hello, World Canada");
        let (html, _) = render_inline("<del>Lundi</del> <ins>Mardi</ins>", Typography::None);
        assert_eq!(html, "<del>Lundi</del> <ins>Mardi</ins>");
        // Unclosed or crossed, they stay text.
        let (html, _) = render_inline("a <del>b <ins>c</del> d</ins>", Typography::None);
        assert!(html.contains("&lt;del&gt;"), "{html}");
    }
}

//! Footnotes as readers of a long article expect them: numbered in the
//! order they are first cited, gathered at the end of the article under a
//! rule, each with a link back to where it was cited.
//!
//! pulldown-cmark leaves a footnote's definition where it is written (often
//! mid-article) and gives no way back; this pass, run on the finished event
//! stream, moves the definitions to the end, numbers the references, and
//! adds the back-links. A definition nothing cites is dropped (as GitHub
//! does); a reference to no definition stays as written (`[^x]`), which
//! `check` and the writer can see.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashMap;

/// `events` with their footnotes at the end (see the module).
pub fn gather(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    // Most articles have no notes: their events stay where they are (moving
    // each into a new list was 1.4% of a build).
    let defines = |e: &&Event| matches!(e, Event::Start(Tag::FootnoteDefinition(_)));
    let defined = events.iter().filter(defines).count();
    if defined == 0 {
        return events;
    }
    // Room for the list too: each note loses its two definition events
    // and gains three (its item's start and end, its back-links), and the
    // list opens and closes; the numbered events are made in this
    // allocation (growing it copied every event of the article, 1% of a
    // build where most articles have notes).
    let mut body = Vec::with_capacity(events.len() + defined + 2);
    let mut definitions: HashMap<CowStr, Vec<Event>> = HashMap::new();
    let mut current: Option<(CowStr, Vec<Event>)> = None;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(name)) => current = Some((name, Vec::new())),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, content)) = current.take() {
                    definitions.entry(name).or_insert(content);
                }
            }
            e => match &mut current {
                Some((_, content)) => content.push(e),
                None => body.push(e),
            },
        }
    }
    if definitions.is_empty() {
        return body;
    }
    let mut notes = Notes {
        definitions: &definitions,
        order: Vec::new(),
        citations: Vec::new(),
    };
    let mut out: Vec<Event> = body.into_iter().map(|e| notes.cite(e)).collect();
    if notes.order.is_empty() {
        return out;
    }
    out.push(Event::Html(
        "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n".into(),
    ));
    // A note may cite another: the list grows while it is written.
    let mut n = 0;
    while n < notes.order.len() {
        let name = notes.order[n].clone();
        n += 1;
        out.push(Event::Html(format!("<li id=\"fn-{n}\">\n").into()));
        let mut content: Vec<Event> = definitions[&name]
            .iter()
            .cloned()
            .map(|e| notes.cite(e))
            .collect();
        let back: String = (1..=notes.citations[n - 1])
            .map(|k| {
                let id = citation_id(n, k);
                // Not text a reader searches for (nor a search result shows).
                format!(" <a href=\"#{id}\" class=\"footnote-back\" role=\"doc-backlink\" data-pagefind-ignore>↩︎</a>")
            })
            .collect();
        // Inside the note's last paragraph, as the text's last words.
        match content
            .iter()
            .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            Some(at) => content.insert(at, Event::Html(back.into())),
            None => content.push(Event::Html(back.into())),
        }
        out.extend(content);
        out.push(Event::Html("</li>\n".into()));
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
    out
}

/// The numbering as references are met.
struct Notes<'d, 'a> {
    definitions: &'d HashMap<CowStr<'a>, Vec<Event<'a>>>,
    /// Cited notes, in the order of their first citation.
    order: Vec<CowStr<'a>>,
    /// How many times each of them is cited.
    citations: Vec<usize>,
}

impl<'a> Notes<'_, 'a> {
    /// `event`, a footnote reference turned into its numbered link.
    fn cite(&mut self, event: Event<'a>) -> Event<'a> {
        let Event::FootnoteReference(name) = event else {
            return event;
        };
        if !self.definitions.contains_key(&name) {
            return Event::Text(format!("[^{name}]").into());
        }
        let n = match self.order.iter().position(|o| *o == name) {
            Some(i) => i + 1,
            None => {
                self.order.push(name);
                self.citations.push(0);
                self.order.len()
            }
        };
        self.citations[n - 1] += 1;
        let id = citation_id(n, self.citations[n - 1]);
        Event::Html(
            format!(
                "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\" role=\"doc-noteref\">{n}</a></sup>"
            )
            .into(),
        )
    }
}

/// The id of the `k`th citation of note `n`: `fnref-2`, then `fnref-2-2`.
fn citation_id(n: usize, k: usize) -> String {
    match k {
        1 => format!("fnref-{n}"),
        k => format!("fnref-{n}-{k}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn html(markdown: &str) -> String {
        let events = Parser::new_ext(markdown, Options::ENABLE_FOOTNOTES).collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, gather(events).into_iter());
        out
    }

    #[test]
    fn notes_are_numbered_by_first_citation_and_moved_to_the_end_with_back_links() {
        let out = html(
            "Un[^b] et deux[^a].\n\n[^a]: Note A.\n\nMilieu, encore[^b].\n\n[^b]: Note B.\n\n[^unused]: Jamais citée.\n",
        );
        let b = out.find("<li id=\"fn-1\">\n<p>Note B.").expect(&out);
        let a = out.find("<li id=\"fn-2\">\n<p>Note A.").expect(&out);
        assert!(out.find("Milieu").unwrap() < out.find("<hr>").unwrap());
        assert!(b < a, "{out}");
        assert!(out.contains("Un<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\""));
        assert!(out.contains("deux<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\""));
        assert!(out.contains("id=\"fnref-1-2\""), "{out}");
        assert!(out.contains("Note B. <a href=\"#fnref-1\" class=\"footnote-back\" role=\"doc-backlink\" data-pagefind-ignore>↩︎</a> <a href=\"#fnref-1-2\""), "{out}");
        assert!(!out.contains("Jamais"), "{out}");
    }

    #[test]
    fn a_reference_to_no_note_stays_as_written() {
        assert_eq!(html("Voir[^x].\n"), "<p>Voir[^x].</p>\n");
        let out = html("Voir[^x] et[^y].\n\n[^y]: Y.\n");
        assert!(out.starts_with("<p>Voir[^x] et<sup"), "{out}");
    }

    #[test]
    fn a_note_may_cite_another() {
        let out = html("A[^1].\n\n[^1]: Voir[^2].\n\n[^2]: Deux.\n");
        assert!(out.contains("<li id=\"fn-2\">\n<p>Deux."), "{out}");
    }
}

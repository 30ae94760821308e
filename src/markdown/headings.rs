//! Heading ids: every heading gets one, unique in its page, from `{#id}`
//! when the writer set it, else from its text, as an ASCII slug or as
//! GitHub and Hugo make them (a site setting).

use crate::urls::{HeadingIds, heading_id};
use pulldown_cmark::{CowStr, Event, Tag};
use std::collections::HashSet;

/// Gives a heading an id from its text (unless `{#id}` set one), unique in the page.
pub(super) fn set_heading_id(
    start: &mut Event,
    text: &str,
    style: HeadingIds,
    used: &mut HashSet<String>,
) {
    let Event::Start(Tag::Heading { id, .. }) = start else {
        unreachable!("heading start recorded at this index")
    };
    if let Some(existing) = id {
        used.insert(existing.to_string());
        return;
    }
    let base = match heading_id(text, style) {
        s if s.is_empty() => "section".to_string(),
        s => s,
    };
    let mut candidate = base.clone();
    let mut n = 1;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(candidate));
}

//! What changed in an original since its translation was made, paragraph
//! by paragraph: the record `gazette mark-translated` writes beside the
//! fingerprint (`source_paragraphs:`), and the comparison of that record
//! with the original's current text that the translation desk and `gazette
//! status` show.
//!
//! The record is one short hash per translatable field (title, summary,
//! image alt text and caption) and one per paragraph of the body, in order:
//! `"title:1a2b3c summary:4d5e6f | 0a1b2c 3d4e5f …"`. Short, because it
//! lives in the translation's front matter; enough, because it only has to
//! tell the paragraphs of one article apart. It keeps no old text (the
//! original's history is git's job): a changed paragraph is shown with its
//! current text, a removed one by where it stood. Paragraphs are the body's
//! blocks between blank lines; a fenced code block is one paragraph, blank
//! lines and all.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The front-matter key the record is written under.
pub const KEY: &str = "source_paragraphs";

/// What happened to one field or paragraph of the original since the
/// translation was marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Not in the original then.
    New,
    /// In the original then, written differently now.
    Changed,
    /// In the original then, gone now.
    Removed,
}

/// One change of the original since its translation was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What happened.
    pub kind: Kind,
    /// A front-matter field (`title`, `summary`, `image_alt`,
    /// `image_caption`), or `None` for a paragraph of the body.
    pub field: Option<String>,
    /// For a paragraph: its number in the original as it is now (1-based);
    /// for a removed one, the number of the paragraph it stood after (0:
    /// before the first).
    pub paragraph: usize,
    /// The text as it is now (`None` for a removed one).
    pub text: Option<String>,
}

/// The paragraphs of a Markdown body: blocks between blank lines, a fenced
/// code block kept whole.
pub fn split(body: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        match fence {
            Some(f) => {
                current.push(line);
                if trimmed.starts_with(f) {
                    fence = None;
                }
                continue;
            }
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                fence = Some(&trimmed[..3]);
                current.push(line);
                continue;
            }
            None => {}
        }
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(join(&current));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(join(&current));
    }
    paragraphs
}

fn join(lines: &[&str]) -> String {
    let text: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    text.join("\n")
}

/// Six hex digits of a paragraph's or field's SHA-256.
fn short_hash(text: &str) -> String {
    Sha256::digest(text.trim().as_bytes())
        .iter()
        .take(3)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The record of an original's text: its `fields` (name, text; absent
/// fields left out) and the paragraphs of its `body`.
pub fn record(fields: &[(&str, Option<&str>)], body: &str) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .filter_map(|(name, text)| {
            let text = text.map(str::trim).filter(|t| !t.is_empty())?;
            Some(format!("{name}:{}", short_hash(text)))
        })
        .collect();
    parts.push("|".into());
    parts.extend(split(body).iter().map(|p| short_hash(p)));
    parts.join(" ")
}

/// What changed in the original (its `fields` and `body` now) since
/// `recorded` was written; `None` when `recorded` is not a record.
pub fn changes(recorded: &str, fields: &[(&str, Option<&str>)], body: &str) -> Option<Vec<Change>> {
    let (head, tail) = recorded.split_once('|')?;
    let mut old_fields = Vec::new();
    for part in head.split_whitespace() {
        old_fields.push(part.split_once(':')?);
    }
    let old: Vec<&str> = tail.split_whitespace().collect();
    let mut out = Vec::new();
    for (name, text) in fields {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        let before = old_fields.iter().find(|(n, _)| n == name).map(|(_, h)| *h);
        let kind = match (before, text) {
            (None, None) => continue,
            (Some(h), Some(t)) if h == short_hash(t) => continue,
            (Some(_), Some(_)) => Kind::Changed,
            (None, Some(_)) => Kind::New,
            (Some(_), None) => Kind::Removed,
        };
        out.push(Change {
            kind,
            field: Some(name.to_string()),
            paragraph: 0,
            text: text.map(str::to_string),
        });
    }
    let now = split(body);
    let hashes: Vec<String> = now.iter().map(|p| short_hash(p)).collect();
    let now_hashes: Vec<&str> = hashes.iter().map(String::as_str).collect();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &now_hashes) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let paragraph = |i: usize, kind: Kind| Change {
            kind,
            field: None,
            paragraph: i + 1,
            text: Some(now[i].clone()),
        };
        match tag {
            similar::DiffTag::Equal => {}
            similar::DiffTag::Insert => {
                out.extend(new_range.map(|i| paragraph(i, Kind::New)));
            }
            similar::DiffTag::Delete => out.extend(old_range.map(|_| Change {
                kind: Kind::Removed,
                field: None,
                paragraph: new_range.start,
                text: None,
            })),
            similar::DiffTag::Replace => {
                // Paired one to one, in order: the first ones changed, any
                // surplus new or removed.
                let (olds, news) = (old_range.len(), new_range.len());
                for (k, i) in new_range.clone().enumerate() {
                    let kind = if k < olds { Kind::Changed } else { Kind::New };
                    out.push(paragraph(i, kind));
                }
                for _ in news..olds {
                    out.push(Change {
                        kind: Kind::Removed,
                        field: None,
                        paragraph: new_range.end,
                        text: None,
                    });
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Premier paragraphe.\n\nDeuxième,\nsur deux lignes.\n\n```rust\nfn main() {\n\n}\n```\n\nQuatrième.\n\nCinquième.\n";

    #[test]
    fn paragraphs_are_blocks_between_blank_lines_code_kept_whole() {
        let p = split(BODY);
        assert_eq!(p.len(), 5);
        assert_eq!(p[1], "Deuxième,\nsur deux lignes.");
        assert_eq!(p[2], "```rust\nfn main() {\n\n}\n```");
    }

    #[test]
    fn one_changed_one_added_one_removed() {
        let fields = [("title", Some("Titre")), ("summary", Some("Chapô."))];
        let recorded = record(&fields, BODY);
        assert_eq!(changes(&recorded, &fields, BODY), Some(vec![]));
        assert_eq!(
            changes(&recorded, &fields, &BODY.replace("\r", "")),
            Some(vec![])
        );

        let edited = "Premier paragraphe.\n\nDeuxième, réécrit.\n\n```rust\nfn main() {\n\n}\n```\n\nUn nouveau.\n\nQuatrième.\n";
        let now = [
            ("title", Some("Titre")),
            ("summary", Some("Chapô corrigé.")),
        ];
        let got = changes(&recorded, &now, edited).unwrap();
        let summary: Vec<(Kind, Option<&str>, usize, Option<&str>)> = got
            .iter()
            .map(|c| {
                (
                    c.kind.clone(),
                    c.field.as_deref(),
                    c.paragraph,
                    c.text.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (Kind::Changed, Some("summary"), 0, Some("Chapô corrigé.")),
                (Kind::Changed, None, 2, Some("Deuxième, réécrit.")),
                (Kind::New, None, 4, Some("Un nouveau.")),
                (Kind::Removed, None, 5, None),
            ]
        );
    }

    #[test]
    fn a_field_added_or_dropped_counts_and_garbage_is_no_record() {
        let recorded = record(&[("title", Some("T")), ("summary", None)], "A.");
        let got = changes(
            &recorded,
            &[("title", Some("T")), ("summary", Some("S"))],
            "A.",
        )
        .unwrap();
        assert_eq!(got[0].kind, Kind::New);
        assert_eq!(changes("not a record", &[], "A."), None);
    }
}

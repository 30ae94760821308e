//! What puts an article at its place in the site, as one comparable value.
//! The dev server keeps the last model's structure (URLs, order,
//! translation groups) while every article's [`Placement`] is unchanged,
//! and its translation groups while every [`Pairing`] is; it compares
//! values rather than remembering lists of fields. Both are built by
//! destructuring the front matter whole, so a new field does not compile
//! until it is said here whether it moves an article.

use crate::content::Article;
use crate::content::front_matter::FrontMatter;
use chrono::{DateTime, FixedOffset};

/// The front matter and file facts that decide an article's place: its
/// URL, whether it is published, its order, its translations, and the
/// listings, sections and author pages it appears in.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Placement<'a> {
    source: &'a str,
    lang: &'a str,
    slug: &'a str,
    date: Option<DateTime<FixedOffset>>,
    updated: Option<DateTime<FixedOffset>>,
    expires: Option<DateTime<FixedOffset>>,
    draft: bool,
    aliases: &'a [String],
    translations: &'a [String],
    tags: &'a [String],
    section: Option<&'a str>,
    author: &'a [String],
}

impl<'a> Placement<'a> {
    /// The placement of `article`.
    pub fn of(article: &'a Article) -> Self {
        let FrontMatter {
            date,
            updated,
            expires,
            draft,
            aliases,
            translations,
            tags,
            section,
            author,
            // The text and what the page alone shows: its own render.
            title: _,
            summary: _,
            image: _,
            extra: _,
            // Already in the article's slug.
            slug: _,
            // What a translation was made from: its status, read per load.
            source_fingerprint: _,
            source_paragraphs: _,
            translated_from: _,
            // Where things were written, for messages.
            key_lines: _,
            notes: _,
        } = &article.front;
        Placement {
            source: &article.source,
            lang: &article.lang,
            slug: &article.slug,
            date: *date,
            updated: *updated,
            expires: *expires,
            draft: *draft,
            aliases,
            translations,
            tags,
            section: section.as_deref(),
            author,
        }
    }

    /// Whether two readings of an article sit at the same place (the same
    /// reading always does).
    pub fn same(a: &Article, b: &Article) -> bool {
        a.id == b.id || Placement::of(a) == Placement::of(b)
    }
}

/// What decides which articles are translations of each other: the file,
/// its language and its `translation:` keys.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Pairing<'a> {
    source: &'a str,
    lang: &'a str,
    translations: &'a [String],
}

impl<'a> Pairing<'a> {
    /// The pairing of `article`.
    pub fn of(article: &'a Article) -> Self {
        Pairing {
            source: &article.source,
            lang: &article.lang,
            translations: &article.front.translations,
        }
    }

    /// Whether two readings of an article pair the same way.
    pub fn same(a: &Article, b: &Article) -> bool {
        a.id == b.id || Pairing::of(a) == Pairing::of(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(front: &str, body: &str) -> std::sync::Arc<Article> {
        crate::content::test_article("fr/a.md", &format!("---\n{front}\n---\n{body}\n"))
    }

    #[test]
    fn an_edit_of_the_text_keeps_the_place_and_a_move_does_not() {
        let base = article("title: A\ndate: 2025-01-01\ntags: [x]", "Texte.");
        let retitled = article("title: B\ndate: 2025-01-01\ntags: [x]", "Autre texte.");
        assert!(Placement::same(&base, &retitled));
        for moved in [
            "title: A\ndate: 2025-01-02\ntags: [x]",
            "title: A\ndate: 2025-01-01\ntags: [y]",
            "title: A\ndate: 2025-01-01\ntags: [x]\ndraft: true",
            "title: A\ndate: 2025-01-01\ntags: [x]\nsection: sport",
            "title: A\ndate: 2025-01-01\ntags: [x]\nauthor: ada",
            "title: A\ndate: 2025-01-01\ntags: [x]\naliases: [/old/]",
            "title: A\ndate: 2025-01-01\ntags: [x]\nexpires: 2026-01-01",
            "title: A\ndate: 2025-01-01\ntags: [x]\nslug: autre",
        ] {
            assert!(
                !Placement::same(&base, &article(moved, "Texte.")),
                "{moved}"
            );
        }
    }

    #[test]
    fn only_the_translation_keys_change_the_pairing() {
        let base = article("title: A\ndate: 2025-01-01", "Texte.");
        let moved = article("title: A\ndate: 2025-02-01\ntags: [x]", "Texte.");
        let paired = article("title: A\ndate: 2025-01-01\ntranslation: en/a.md", "Texte.");
        assert!(Pairing::same(&base, &moved));
        assert!(!Pairing::same(&base, &paired));
    }
}

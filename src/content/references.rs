//! What writers write for the authors and sections declared in `site.toml`,
//! mapped to their ids once, as each article is read.
//!
//! A writer types what they see: a declared author's full name (`author:
//! Claire Duval`) or a section's name or slug in any language (`section:
//! Économie`, `section: economy`), not only the id. Each of those names one
//! declared entry without doubt, so it is taken as that entry's id here, and
//! every later stage (bylines, author pages, JSON-LD, listings) sees ids
//! only. Names are compared as their slugs, so case and accents do not
//! matter (« claire duval », « Economie »). A name taken for an author is said
//! in a note: a free-text byline and an author's byline read alike, and the
//! writer should know which one the build made.

use super::Article;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;

/// Replaces, in `article`, author names and section names or slugs by the
/// ids they stand for.
pub fn resolve(config: &SiteConfig, article: &mut Article) {
    let line = article.front.key_lines.get("author").unwrap_or(1);
    for written in &mut article.front.author {
        if config.authors.iter().any(|a| a.id == *written) {
            continue;
        }
        let key = slug::slugify(&*written);
        if let Some(author) = config
            .authors
            .iter()
            .find(|a| slug::slugify(&a.name) == key)
        {
            article.notes.push(Diagnostic::at_line(
                &article.path,
                line,
                format!(
                    "`{written}` is the declared author `{}` ({}): the byline links to the author's page (`author: {}` says it directly)",
                    author.id, author.name, author.id
                ),
            ));
            *written = author.id.clone();
        }
    }
    if let Some(written) = &mut article.front.section
        && let Ok(i) = config.section_named(written)
    {
        *written = config.sections[i].id.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::test_article;
    use std::path::Path;

    fn config() -> SiteConfig {
        let text = r#"
base_url = "https://x.org/"
default_language = "fr"
[authors.claire]
name = "Claire Duval"
[sections.economie]
fr = "Économie"
en = { name = "Economy", slug = "economy" }
[languages.fr]
title = "T"
[languages.en]
title = "T"
"#;
        crate::config::parse(Path::new("."), Path::new("site.toml"), text).unwrap()
    }

    fn resolved(front: &str) -> Article {
        let text = format!("---\ntitle: T\ndate: 2025-01-01\n{front}\n---\nText.\n");
        let mut article = (*test_article("fr/a.md", &text)).clone();
        resolve(&config(), &mut article);
        article
    }

    #[test]
    fn a_declared_authors_name_is_its_id_with_a_note() {
        for written in ["Claire Duval", "claire duval", "CLAIRE DUVAL"] {
            let a = resolved(&format!("author: {written}"));
            assert_eq!(a.front.author, ["claire"], "{written}");
            assert_eq!(a.notes.len(), 1);
            assert_eq!(a.notes[0].line, Some(4));
            assert!(a.notes[0].message.contains("declared author `claire`"));
        }
        let a = resolved("author: [claire, La rédaction]");
        assert_eq!(a.front.author, ["claire", "La rédaction"]);
        assert!(a.notes.is_empty());
    }

    #[test]
    fn a_sections_name_or_slug_in_any_language_is_its_id() {
        for written in ["Économie", "economie", "Economy", "economy", "ÉCONOMIE"] {
            let a = resolved(&format!("section: {written}"));
            assert_eq!(a.front.section.as_deref(), Some("economie"), "{written}");
        }
        let a = resolved("section: sport");
        assert_eq!(a.front.section.as_deref(), Some("sport"));
    }
}

//! Tests of the translation status: missing, stale and in-progress
//! versions, and which version is the original.

use super::*;
use crate::content::{fingerprint, test_article, translations};
use std::path::Path;

fn publishing(drafts: bool) -> Publishing {
    Publishing {
        drafts,
        future: false,
        now: chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z").unwrap(),
    }
}

fn config(languages: &[&str]) -> SiteConfig {
    let mut text = format!(
        "base_url = \"https://x.org/\"\ndefault_language = \"{}\"\n",
        languages[0]
    );
    for l in languages {
        text.push_str(&format!("[languages.{l}]\ntitle = \"T\"\n"));
    }
    crate::config::parse(Path::new("."), Path::new("site.toml"), &text).unwrap()
}

fn article(source: &str, front: &str, body: &str) -> Arc<Article> {
    let text =
        format!("---\ntitle: Titre\ndate: 2025-01-01\nupdated: 2025-02-03\n{front}\n---\n{body}");
    test_article(source, &text)
}

fn status_of(languages: &[&str], articles: &[Arc<Article>]) -> Status {
    let groups = translations::resolve(articles, &Default::default()).0;
    compute(&config(languages), articles, &groups, &publishing(false))
}

#[test]
fn articles_without_a_version_are_missing_per_language() {
    let articles = [
        article("en/a.md", "translation: fr/a.md", "x"),
        article("fr/a.md", "", "x"),
        article("fr/b.md", "", "x"),
    ];
    let status = status_of(&["fr", "en", "de"], &articles);
    let missing: Vec<(&str, &[String])> = status
        .missing
        .iter()
        .map(|m| (m.version.source.as_str(), m.missing.as_slice()))
        .collect();
    assert_eq!(
        missing,
        [
            ("en/a.md", &["de".to_string()][..]),
            ("fr/a.md", &["de".to_string()][..]),
            ("fr/b.md", &["de".to_string(), "en".to_string()][..]),
        ]
    );
    assert_eq!(
        status.summary(&["fr".into(), "en".into()]).to_string(),
        "translations: fr 2 untranslated, 0 stale; en 1 untranslated, 0 stale"
    );
}

#[test]
fn a_translation_is_stale_once_its_original_text_changes() {
    let now = fingerprint::of_text("Titre", "Texte d'origine.");
    let front = format!("translation: fr/a.md\nsource_fingerprint: {now}");
    let up_to_date = [
        article("en/a.md", &front, "Translated."),
        article("fr/a.md", "tags: [changed]", "Texte d'origine."),
    ];
    let status = status_of(&["fr", "en"], &up_to_date);
    assert_eq!((status.up_to_date, status.stale.len()), (1, 0));

    let edited = [
        article("en/a.md", &front, "Translated."),
        article("fr/a.md", "", "Texte réécrit."),
    ];
    let status = status_of(&["fr", "en"], &edited);
    assert_eq!(status.up_to_date, 0);
    assert_eq!(status.stale[0].version.source, "en/a.md");
    assert_eq!(status.stale[0].original.source, "fr/a.md");
    assert_eq!(status.stale[0].original_changed, "2025-02-03");
    // By article id: en/a.md is the first.
    assert!(status.is_stale(ArticleId(0)) && !status.is_stale(ArticleId(1)));
}

#[test]
fn drafts_count_only_when_published() {
    let articles = [
        article("fr/a.md", "draft: true", "x"),
        article("fr/b.md", "", "x"),
    ];
    let groups = translations::resolve(&articles, &Default::default()).0;
    let config = config(&["fr", "en"]);
    assert_eq!(
        compute(&config, &articles, &groups, &publishing(false))
            .missing
            .len(),
        1
    );
    assert_eq!(
        compute(&config, &articles, &groups, &publishing(true))
            .missing
            .len(),
        2
    );
}

#[test]
fn a_stub_never_marked_is_in_progress_not_stale() {
    let articles = [
        article("en/a.md", "translation: fr/a.md\ndraft: true", ""),
        article(
            "fr/a.md",
            "translation: en/a.md",
            "Texte écrit après le stub.",
        ),
    ];
    let status = status_of(&["fr", "en"], &articles);
    assert!(status.stale.is_empty());
    assert_eq!(status.in_progress[0].version.source, "en/a.md");
    assert_eq!(status.in_progress[0].original.source, "fr/a.md");
    let summary = status.summary(&["fr".into(), "en".into()]);
    assert_eq!(
        summary.to_string(),
        "translations: fr 0 untranslated, 0 stale; en 0 untranslated, 0 stale, 1 in progress"
    );
    assert_eq!(
        serde_json::to_value(&summary).unwrap()["en"],
        serde_json::json!({"untranslated": 0, "stale": 0, "in_progress": 1})
    );
}

#[test]
fn an_original_is_never_compared_with_its_translation() {
    let en = fingerprint::of_text("Titre", "English.");
    let front = format!("translation: en/a.md\nsource_fingerprint: {en}");
    let articles = [
        article("en/a.md", "", "English."),
        article("fr/a.md", &front, "Texte."),
    ];
    let status = status_of(&["fr", "en"], &articles);
    assert!(status.stale.is_empty() && status.up_to_date == 0);
}

#[test]
fn pairs_without_fingerprints_are_counted_once_as_untracked() {
    let articles = [
        article("en/a.md", "translation: fr/a.md", "x"),
        article("fr/a.md", "translation: en/a.md", "x"),
    ];
    let untracked = status_of(&["fr", "en"], &articles).untracked;
    assert_eq!(untracked.len(), 1);
    assert_eq!(
        (
            untracked[0].version.source.as_str(),
            untracked[0].original.source.as_str()
        ),
        ("en/a.md", "fr/a.md")
    );
    assert!(untracked[0].assumed);
}

#[test]
fn translated_from_names_the_original_among_three() {
    let from_en = fingerprint::of_text("Titre", "English text.");
    let articles = [
        article(
            "de/a.md",
            &format!(
                "translation: fr/a.md\ntranslated_from: en/a.md\nsource_fingerprint: {from_en}"
            ),
            "Deutsch.",
        ),
        article("en/a.md", "translation: fr/a.md", "English text."),
        article("fr/a.md", "translation: [en/a.md, de/a.md]", "Texte."),
    ];
    let status = status_of(&["fr", "en", "de"], &articles);
    assert_eq!((status.up_to_date, status.stale.len()), (1, 0));
}

#[test]
fn each_entry_serializes_as_its_source_file_and_language() {
    let articles = [
        article("en/a.md", "translation: fr/a.md\ndraft: true", ""),
        article("fr/a.md", "translation: en/a.md", "x"),
        article("fr/b.md", "", "x"),
    ];
    let status = status_of(&["fr", "en"], &articles);
    let json = serde_json::to_value(&status).unwrap();
    let path = |source: &str| {
        articles
            .iter()
            .find(|a| a.source == source)
            .unwrap()
            .path
            .clone()
    };
    assert_eq!(
        json["in_progress"],
        serde_json::json!([{
            "source": "en/a.md",
            "path": path("en/a.md"),
            "lang": "en",
            "original": "fr/a.md",
        }])
    );
    assert_eq!(
        json["missing"],
        serde_json::json!([{
            "source": "fr/b.md",
            "path": path("fr/b.md"),
            "lang": "fr",
            "missing": ["en"],
        }])
    );
}

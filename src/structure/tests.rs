//! The structure's rules on small sites written to a temp dir: what is
//! published, in what order, in which translation groups, at which URL,
//! and what each language's menu holds.

use super::*;
use crate::ids::LangId;
use crate::schedule::Held;
use crate::sources::LoadOptions;

/// A French/English site with `files` (path under the site, text), read
/// the way every command reads it.
fn sources(files: &[(&str, &str)], drafts: bool) -> (tempfile::TempDir, Sources) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![(
        "site.toml",
        "base_url = \"https://example.org/\"\ndefault_language = \"fr\"\n\
         [languages.fr]\nname = \"Français\"\ntitle = \"Le Journal\"\n\
         [[languages.fr.menu]]\nname = \"À propos\"\npage = \"fr/a-propos.md\"\n\
         [languages.en]\nname = \"English\"\ntitle = \"The Paper\"\n\
         [sections.sport]\nfr = \"Sport\"\nen = \"Sports\"\n",
    )];
    all.extend_from_slice(files);
    for (rel, text) in all {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = LoadOptions {
        root: dir.path().to_path_buf(),
        base_url: None,
        drafts,
        future: false,
    };
    let sources = Sources::load(&options).map_err(crate::Error::from).unwrap();
    (dir, sources)
}

fn article(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n{extra}---\nTexte.\n")
}

/// The source paths of the published articles, newest first.
fn order(s: &Structure, sources: &Sources) -> Vec<String> {
    s.order
        .iter()
        .map(|id| sources.articles[id.0].source.clone())
        .collect()
}

const PAGE: (&str, &str) = (
    "content/fr/a-propos.md",
    "---\ntitle: À propos\n---\nNous.\n",
);

#[test]
fn drafts_scheduled_and_expired_articles_are_held_with_their_reason() {
    let draft = article("Brouillon", "2025-01-01", "draft: true\n");
    let later = article("Demain", "2999-01-01", "");
    let gone = article("Périmé", "2024-01-01", "expires: 2024-06-01\n");
    let files = [
        PAGE,
        ("content/fr/brouillon.md", draft.as_str()),
        ("content/fr/demain.md", later.as_str()),
        ("content/fr/perime.md", gone.as_str()),
    ];
    let (_dir, src) = sources(&files, false);
    let s = Structure::of(&src).unwrap();
    let why = |source: &str| {
        let i = src
            .articles
            .iter()
            .position(|a| a.source == source)
            .unwrap();
        s.held[i]
    };
    assert_eq!(why("fr/brouillon.md"), Some(Held::Draft));
    assert!(matches!(why("fr/demain.md"), Some(Held::Scheduled(_))));
    assert!(matches!(why("fr/perime.md"), Some(Held::Expired(_))));
    assert_eq!(why("fr/a-propos.md"), None);
    assert_eq!(order(&s, &src), ["fr/a-propos.md"]);
    assert_eq!(s.urls.by_source["fr/brouillon.md"], None);
    // With drafts shown, the draft is published; the others stay held.
    let (_dir, src) = sources(&files, true);
    let s = Structure::of(&src).unwrap();
    assert_eq!(order(&s, &src), ["fr/brouillon.md", "fr/a-propos.md"]);
}

#[test]
fn newest_first_then_by_path_pages_last() {
    let b = article("B", "2025-02-01", "");
    let a = article("A", "2025-02-01", "");
    let old = article("Vieux", "2024-12-31", "");
    let files = [
        PAGE,
        ("content/fr/b.md", b.as_str()),
        ("content/fr/a.md", a.as_str()),
        ("content/fr/vieux.md", old.as_str()),
    ];
    let (_dir, src) = sources(&files, false);
    let s = Structure::of(&src).unwrap();
    assert_eq!(
        order(&s, &src),
        ["fr/a.md", "fr/b.md", "fr/vieux.md", "fr/a-propos.md"]
    );
    for (pos, id) in s.order.iter().enumerate() {
        assert_eq!(s.position[id.0], Some(PageId(pos)));
    }
}

#[test]
fn translations_are_the_other_published_versions() {
    let en = article("The moment", "2025-01-29", "translation: fr/moment.md\n");
    let fr = article("Le moment", "2025-01-29", "");
    let files = [
        PAGE,
        ("content/en/moment.md", en.as_str()),
        ("content/fr/moment.md", fr.as_str()),
    ];
    let (_dir, src) = sources(&files, false);
    let s = Structure::of(&src).unwrap();
    let id = |source: &str| {
        ArticleId(
            src.articles
                .iter()
                .position(|a| a.source == source)
                .unwrap(),
        )
    };
    let langs = |from: &str| -> Vec<String> {
        s.translations(&src.config, &src.articles, id(from))
            .iter()
            .map(|p| src.articles[s.order[p.0].0].lang.clone())
            .collect()
    };
    // Each sees the other, whichever side names it.
    assert_eq!(langs("en/moment.md"), ["fr"]);
    assert_eq!(langs("fr/moment.md"), ["en"]);
    // A draft translation is no published version.
    let draft = article(
        "The moment",
        "2025-01-29",
        "translation: fr/moment.md\ndraft: true\n",
    );
    let files = [
        PAGE,
        ("content/en/moment.md", draft.as_str()),
        ("content/fr/moment.md", fr.as_str()),
    ];
    let (_dir, src) = sources(&files, false);
    let s = Structure::of(&src).unwrap();
    let fr_id = ArticleId(
        src.articles
            .iter()
            .position(|a| a.source == "fr/moment.md")
            .unwrap(),
    );
    assert_eq!(s.translations(&src.config, &src.articles, fr_id).len(), 0);
}

#[test]
fn two_published_articles_on_one_url_are_an_error_naming_both() {
    let one = article("Un", "2025-01-29", "slug: meme\n");
    let two = article("Deux", "2025-01-30", "slug: Meme\n");
    let files = [
        PAGE,
        ("content/fr/un.md", one.as_str()),
        ("content/fr/deux.md", two.as_str()),
    ];
    let (_dir, src) = sources(&files, false);
    let errors = Structure::of(&src).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let text = errors[0].to_string();
    assert!(text.contains("letter case"), "{text}");
    assert!(text.contains("un.md") || text.contains("deux.md"), "{text}");
}

#[test]
fn a_structure_fits_an_edit_of_the_text_but_not_a_move() {
    let a = article("A", "2025-01-29", "");
    let (_dir, src) = sources(&[PAGE, ("content/fr/a.md", a.as_str())], false);
    let s = Structure::of(&src).unwrap();
    let retitled = article("Autre titre", "2025-01-29", "");
    let (_d2, edited) = sources(&[PAGE, ("content/fr/a.md", retitled.as_str())], false);
    assert!(s.fits(&src.articles, &edited));
    let moved = article("A", "2025-01-30", "");
    let (_d3, moved) = sources(&[PAGE, ("content/fr/a.md", moved.as_str())], false);
    assert!(!s.fits(&src.articles, &moved));
    let drafted = article("A", "2025-01-29", "draft: true\n");
    let (_d4, drafted) = sources(&[PAGE, ("content/fr/a.md", drafted.as_str())], false);
    assert!(!s.fits(&src.articles, &drafted));
}

#[test]
fn menus_show_the_sections_then_the_entries_resolved_to_urls() {
    let (_dir, src) = sources(&[PAGE], false);
    let s = Structure::of(&src).unwrap();
    let menus = s.menus(&src.config).unwrap();
    let fr = &menus[LangId(0)];
    let sections: Vec<(&str, &str)> = fr
        .sections
        .iter()
        .map(|l| (l.label.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(sections, [("Sport", "/fr/sport/")]);
    let entries: Vec<(&str, &str)> = fr
        .entries
        .iter()
        .map(|l| (l.label.as_str(), l.url.as_str()))
        .collect();
    assert_eq!(entries, [("À propos", "/fr/a-propos/")]);
    assert_eq!(menus[LangId(1)].sections[0].url, "/en/sports/");
    assert!(menus[LangId(1)].entries.is_empty());
}

#[test]
fn a_menu_entry_to_a_held_page_is_an_error_saying_why() {
    let held = (
        "content/fr/a-propos.md",
        "---\ntitle: À propos\ndraft: true\n---\nNous.\n",
    );
    let (_dir, src) = sources(&[held], false);
    let s = Structure::of(&src).unwrap();
    let errors = s.menus(&src.config).unwrap_err();
    let text = errors[0].to_string();
    assert!(
        text.contains("À propos") && text.contains("draft"),
        "{text}"
    );
}

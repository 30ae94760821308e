//! Tests of the render stage on a small fixture site: the plan (which files,
//! at which paths), the views (what the switch, alternates and pagination
//! say), and the theme contract (`docs/templates.md` against what the views
//! serialize to).

use super::plan::{self, Job};
use super::{RenderOptions, Renderer};
use crate::images::Library;
use crate::pipeline;
use crate::site::Site;
use crate::sources::LoadOptions;
use crate::templates::Theme;
use std::collections::{BTreeMap, BTreeSet};

/// A French/English site under a sub-path: a pair with tags, author, update
/// date, a lead image and an extra key, an untranslated French article, a
/// page (« À propos »), one listing article per page, and a sitemap split
/// in parts of three URLs: every
/// optional value of the views is filled somewhere, so the contract test
/// checks its type.
fn fixture(extra_files: &[(&str, &str)]) -> (tempfile::TempDir, Site, Theme, Library) {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "site.toml",
        "base_url = \"https://example.org/blog/\"\ndefault_language = \"fr\"\npaginate = 1\nsitemap_max_urls = 3\n\
         [languages.fr]\nname = \"Français\"\ntitle = \"Le Journal\"\n\
         [languages.en]\nname = \"English\"\ntitle = \"The Journal\"\n\
         [sections.eco]\nfr = \"Économie\"\nen = \"Economy\"\n\
         [authors.ada]\nname = \"Ada\"\nbio.fr = \"Journaliste.\"\n",
    );
    write(
        "content/fr/2025-01-29-le-moment.md",
        "---\ntitle: Le moment\ndate: 2025-01-29\nupdated: 2025-02-01\nauthor: [ada, La rédaction]\ntranslation: en/2025-01-29-the-moment.md\ntags: [IA, Chine]\nsection: eco\naliases: [/fr/ancien/]\nimage: photo.png\nimage_alt: Un graphique\nimage_caption: La légende\nimage_credit: AFP\nextra:\n  rubrique: tech\n---\nPremier paragraphe.\n",
    );
    let mut png = Vec::new();
    image::RgbImage::new(40, 20)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    std::fs::write(dir.path().join("content/fr/photo.png"), png).unwrap();
    write(
        "content/fr/a-propos.md",
        "---\ntitle: À propos\n---\nQui nous sommes.\n",
    );
    write(
        "content/en/2025-01-29-the-moment.md",
        "---\ntitle: The moment\ndate: 2025-01-29\ntags: [AI]\nimage_alt: A chart\n---\nFirst paragraph.\n",
    );
    write(
        "content/fr/2025-03-01-seul.md",
        "---\ntitle: Seul\ndate: 2025-03-01\ntags: [IA]\n---\nEn français seulement.\n",
    );
    for (rel, text) in extra_files {
        write(rel, text);
    }
    let options = LoadOptions {
        root: dir.path().to_path_buf(),
        base_url: None,
        drafts: false,
        future: false,
    };
    let loaded = pipeline::load(&options)
        .map_err(crate::Error::from)
        .unwrap();
    (dir, loaded.site, loaded.theme, loaded.library)
}

fn paths(site: &Site, theme: &Theme) -> Vec<String> {
    plan::plan(site, theme)
        .unwrap()
        .into_iter()
        .map(|p| p.path)
        .collect()
}

mod plan_tests {
    use super::*;

    #[test]
    fn every_output_kind_has_its_path() {
        let (_dir, site, theme, _library) = fixture(&[]);
        let paths = paths(&site, &theme);
        for expected in [
            "fr/2025/03/seul/index.html",
            "fr/2025/01/le-moment/index.html",
            "en/2025/01/the-moment/index.html",
            "fr/index.html",
            "fr/page/2/index.html",
            "en/index.html",
            "fr/tags/ia/index.html",
            "fr/tags/ia/page/2/index.html",
            "fr/tags/chine/index.html",
            "fr/tags/index.html",
            "en/tags/ai/index.html",
            "fr/atom.xml",
            "en/atom.xml",
            "index.html",
            "404.html",
            "robots.txt",
            "sitemap.xml",
            "sitemap1.xml",
        ] {
            assert!(
                paths.contains(&expected.to_string()),
                "{expected} in {paths:#?}"
            );
        }
        // The stylesheet is published under a name made from its content.
        let css: Vec<_> = paths.iter().filter(|p| p.ends_with(".css")).collect();
        assert_eq!(css.len(), 1, "{css:?}");
        assert!(css[0].starts_with("style.") && css[0].len() == "style.0123456789.css".len());
        assert!(!paths.contains(&"fr/page/3/index.html".to_string()));
        assert!(!paths.contains(&"en/page/2/index.html".to_string()));
    }

    #[test]
    fn a_split_sitemap_has_an_index_and_every_part() {
        let (_dir, site, theme, _library) = fixture(&[]);
        // 2 homes + 3 articles + 1 page + 3 tags + 1 section in the one
        // language it has an article in + 1 author in 2 languages = 12
        // URLs in parts of 3.
        assert_eq!(plan::sitemap_len(&site), 12);
        let paths = paths(&site, &theme);
        let parts: Vec<&String> = paths.iter().filter(|p| p.starts_with("sitemap")).collect();
        assert_eq!(
            parts,
            [
                "sitemap.xml",
                "sitemap1.xml",
                "sitemap2.xml",
                "sitemap3.xml",
                "sitemap4.xml"
            ]
        );
    }

    #[test]
    fn two_outputs_on_one_path_are_refused() {
        let (_dir, site, theme, _library) = fixture(&[("static/fr/atom.xml", "<feed/>")]);
        let errors = plan::plan(&site, &theme).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, std::path::Path::new("fr/atom.xml"));
        assert!(errors[0].message.contains("two outputs"));
    }
}

mod view_tests {
    use super::*;
    use crate::ids::PageId;

    fn article_id(site: &Site, source: &str) -> PageId {
        site.page_ids()
            .find(|&id| site.page(id).article.source == source)
            .unwrap()
    }

    #[test]
    fn a_translated_article_switches_to_its_counterpart() {
        let (_dir, site, theme, library) = fixture(&[]);
        let options = RenderOptions::default();
        let r = Renderer::new(&site, &theme, &library, &options);
        let view = r
            .article(article_id(&site, "fr/2025-01-29-le-moment.md"))
            .unwrap();
        let switch: Vec<(&str, &str, bool, bool)> = view
            .switch
            .iter()
            .map(|s| (s.code, s.url.as_str(), s.translated, s.current))
            .collect();
        assert_eq!(
            switch,
            [
                ("fr", "/blog/fr/2025/01/le-moment/", false, true),
                ("en", "/blog/en/2025/01/the-moment/", true, false),
            ]
        );
        assert!(view.has_translation);
        assert_eq!(view.switch[1].label, "Read in English");
        let alternates: Vec<(&str, &str)> = view
            .alternates
            .iter()
            .map(|l| (l.hreflang.as_str(), l.href.as_str()))
            .collect();
        assert_eq!(
            alternates,
            [
                ("fr", "https://example.org/blog/fr/2025/01/le-moment/"),
                ("en", "https://example.org/blog/en/2025/01/the-moment/"),
                (
                    "x-default",
                    "https://example.org/blog/fr/2025/01/le-moment/"
                ),
            ]
        );
    }

    #[test]
    fn an_untranslated_article_switches_to_the_other_edition() {
        let (_dir, site, theme, library) = fixture(&[]);
        let options = RenderOptions::default();
        let r = Renderer::new(&site, &theme, &library, &options);
        let view = r
            .article(article_id(&site, "fr/2025-03-01-seul.md"))
            .unwrap();
        assert!(!view.has_translation);
        let en = &view.switch[1];
        assert_eq!(
            (en.url.as_str(), en.label),
            ("/blog/en/", "English edition")
        );
        assert_eq!(view.alternates.len(), 2, "itself and x-default");
    }

    #[test]
    fn listing_pages_link_to_their_neighbours() {
        let (_dir, site, theme, library) = fixture(&[]);
        let options = RenderOptions::default();
        let r = Renderer::new(&site, &theme, &library, &options);
        let fr = site.config.language("fr").unwrap();
        let second = plan::Listing {
            lang: fr,
            of: plan::Of::Home,
            number: 2,
        };
        let view = r.list(&second).unwrap();
        let p = view.pagination.as_ref().unwrap();
        assert_eq!((p.current, p.total), (2, 2));
        assert_eq!(p.newer.as_deref(), Some("/blog/fr/"));
        assert_eq!(p.older, None);
        assert_eq!(view.title, "Le Journal — Page 2");
        assert_eq!(view.articles.len(), 1);
        assert_eq!(view.articles[0].title, "Le moment");
        // Page 2 is no translation of the English home: its switch says so.
        assert!(!view.has_translation);
    }

    #[test]
    fn the_tag_index_switches_to_the_other_tag_index() {
        let (_dir, site, theme, library) = fixture(&[]);
        let options = RenderOptions::default();
        let r = Renderer::new(&site, &theme, &library, &options);
        let view = r.tag_index(site.config.language("en").unwrap());
        let urls: Vec<&str> = view.switch.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(urls, ["/blog/fr/tags/", "/blog/en/tags/"]);
        let tags: Vec<(&str, usize)> = view.tags.iter().map(|t| (t.name, t.count)).collect();
        assert_eq!(tags, [("AI", 1)]);
    }
}

/// The theme contract: `docs/templates.md` against the views.
mod contract {
    use super::*;
    use serde_json::Value;

    /// What the document says: per template, its variables and their
    /// types; per type, its fields and theirs.
    #[derive(Default)]
    struct Contract {
        templates: BTreeMap<String, BTreeMap<String, String>>,
        types: BTreeMap<String, BTreeMap<String, String>>,
    }

    fn read_contract() -> Contract {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md"),
        )
        .unwrap();
        let mut contract = Contract::default();
        let mut current: Vec<(bool, String)> = Vec::new();
        for line in text.lines() {
            if line.starts_with("## ") {
                current.clear();
            } else if let Some(head) = line.strip_prefix("### ") {
                let names: Vec<String> = head
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .map(String::from)
                    .collect();
                let is_template = head.starts_with("Template ");
                assert!(is_template || head.starts_with("Type "), "{head}");
                current = names.into_iter().map(|n| (is_template, n)).collect();
            } else if let Some(row) = line.strip_prefix("| `") {
                let cells: Vec<&str> = row.split('|').map(str::trim).collect();
                let name = cells[0].trim_end_matches('`').to_string();
                let ty = cells[1].to_string();
                for (is_template, owner) in &current {
                    let table = if *is_template {
                        &mut contract.templates
                    } else {
                        &mut contract.types
                    };
                    table
                        .entry(owner.clone())
                        .or_default()
                        .insert(name.clone(), ty.clone());
                }
            }
        }
        contract
    }

    /// Checks `value` against the documented type `ty`, recording problems.
    fn check(
        contract: &Contract,
        at: &str,
        ty: &str,
        value: &Value,
        problems: &mut BTreeSet<String>,
    ) {
        let (ty, optional) = match ty.strip_suffix('?') {
            Some(t) => (t, true),
            None => (ty, false),
        };
        if value.is_null() {
            if !optional {
                problems.insert(format!("{at}: null, but documented as `{ty}`"));
            }
            return;
        }
        let ok = match ty {
            "string" => value.is_string(),
            "bool" => value.is_boolean(),
            "number" => value.is_number(),
            "map" => value.is_object(),
            _ if ty.starts_with('[') => {
                let inner = ty.trim_start_matches('[').trim_end_matches(']');
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    check(contract, &format!("{at}[{i}]"), inner, item, problems);
                }
                value.is_array()
            }
            _ => {
                let Some(fields) = contract.types.get(ty) else {
                    problems.insert(format!("{at}: type `{ty}` is not documented"));
                    return;
                };
                check_object(contract, at, fields, value, problems);
                value.is_object()
            }
        };
        if !ok {
            problems.insert(format!("{at}: documented as `{ty}`, is {value}"));
        }
    }

    fn check_object(
        contract: &Contract,
        at: &str,
        fields: &BTreeMap<String, String>,
        value: &Value,
        problems: &mut BTreeSet<String>,
    ) {
        let Some(object) = value.as_object() else {
            return;
        };
        for key in object.keys() {
            if !fields.contains_key(key) {
                problems.insert(format!("{at}.{key}: given to templates, not documented"));
            }
        }
        for (key, ty) in fields {
            match object.get(key) {
                Some(v) => check(contract, &format!("{at}.{key}"), ty, v, problems),
                None => {
                    problems.insert(format!("{at}.{key}: documented, not given to templates"));
                }
            }
        }
    }

    #[test]
    fn docs_templates_md_lists_exactly_what_each_template_receives() {
        let (_dir, site, theme, library) = fixture(&[]);
        let contract = read_contract();
        let options = RenderOptions::default();
        let r = Renderer::new(&site, &theme, &library, &options);
        let mut problems = BTreeSet::new();
        let mut seen = BTreeSet::new();
        for job in plan::jobs(&site, &theme) {
            let Some((template, view)) = r.view(&job).unwrap() else {
                assert!(matches!(job, Job::Static(..) | Job::Image(..)));
                continue;
            };
            seen.insert(template.to_string());
            let Some(variables) = contract.templates.get(template) else {
                problems.insert(format!("template {template} is not documented"));
                continue;
            };
            let value = serde_json::to_value(&view).unwrap();
            check_object(&contract, template, variables, &value, &mut problems);
        }
        // The dev server's translation desk, outside the plan.
        let desk = serde_json::to_value(r.desk()).unwrap();
        seen.insert(crate::render::desk::TEMPLATE.to_string());
        match contract.templates.get(crate::render::desk::TEMPLATE) {
            Some(variables) => check_object(
                &contract,
                crate::render::desk::TEMPLATE,
                variables,
                &desk,
                &mut problems,
            ),
            None => {
                problems.insert("the translation desk's template is not documented".into());
            }
        }
        let documented: BTreeSet<String> = contract.templates.keys().cloned().collect();
        assert_eq!(seen, documented, "templates rendered vs documented");
        assert!(
            problems.is_empty(),
            "docs/templates.md disagrees with the views:\n{}",
            problems.into_iter().collect::<Vec<_>>().join("\n")
        );
    }

    /// The checker itself catches a field missing from the document.
    #[test]
    fn an_undocumented_field_is_caught() {
        let mut contract = read_contract();
        contract.types.get_mut("Date").unwrap().remove("day");
        let value = serde_json::json!({"iso": "x", "day": "y", "display": "z", "time": "t"});
        let mut problems = BTreeSet::new();
        check(&contract, "page.date", "Date", &value, &mut problems);
        assert_eq!(
            problems.into_iter().collect::<Vec<_>>(),
            ["page.date.day: given to templates, not documented"]
        );
    }
}

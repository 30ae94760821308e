//! What the newsroom's tables of `site.toml` become in the model: author
//! portraits, tags paired across languages, and the site's own images
//! (logo, default social card), measured. (Menus are the structure's:
//! [`crate::structure::Menu`].)

use super::*;

/// Each author's portrait, found and measured like an article's image; a
/// missing or unusable file is an error on the author's line of `site.toml`.
pub(super) fn portraits(
    config: &SiteConfig,
    library: &Library,
) -> Checked<Table<AuthorId, Option<Lead>>> {
    let mut errors = crate::diagnostic::Diagnostics::new();
    let mut all = Vec::new();
    for author in &config.authors {
        let Some(path) = &author.photo else {
            all.push(None);
            continue;
        };
        let fail = |why: String| {
            Diagnostic::at(
                config.file(),
                author.line,
                format!("[authors.{}] photo `{path}`: {why}", author.id),
            )
        };
        match library.get(path) {
            Ok(image) if image.is_picture() => all.push(Some(Lead {
                image,
                alt: author.name.clone(),
                caption: None,
                credit: None,
                credit_lang: None,
            })),
            Ok(_) => errors.push(fail("not an image (JPEG, PNG, WebP, GIF or SVG)".into())),
            Err(crate::images::Problem::Missing) => errors.push(fail(format!(
                "no file content/{path} (the path is taken from content/)"
            ))),
            Err(crate::images::Problem::Bad(why)) => {
                errors.push(fail(format!("content/{path} {why}")))
            }
        }
    }
    errors.finish(all.into())
}

/// Fills each tag's equivalents in the other languages: the tag declared
/// with it under `[tags.<id>]`, else a tag of the same slug (« Web »,
/// « Tech »), when that language has it.
pub(super) fn pair_tags(config: &SiteConfig, editions: &mut PerLang<Edition>) {
    let has = |editions: &PerLang<Edition>, j: LangId, slug: &str| editions[j].tag_count(slug) > 0;
    let mut all = Vec::new();
    for (i, edition) in editions.enumerate() {
        for tag in &edition.tags {
            let declared = config
                .tag_pairs
                .iter()
                .find(|p| p[i].as_deref() == Some(tag.slug.as_str()));
            let equivalents: PerLang<Option<String>> = editions
                .ids()
                .map(|j| {
                    let slug = match declared {
                        Some(p) => p[j].clone()?,
                        None if j == i => tag.slug.clone(),
                        None => {
                            // The same word, unless declared with another meaning there.
                            let taken = config
                                .tag_pairs
                                .iter()
                                .any(|p| p[j].as_deref() == Some(tag.slug.as_str()));
                            if taken {
                                return None;
                            }
                            tag.slug.clone()
                        }
                    };
                    has(editions, j, &slug).then_some(slug)
                })
                .collect();
            all.push(equivalents);
        }
    }
    let mut all = all.into_iter();
    for edition in editions.iter_mut() {
        for tag in edition.tags.iter_mut() {
            tag.equivalents = all.next().expect("one per tag");
        }
    }
}

/// An image of `static/` the site names in `site.toml` (the default
/// social image, the publisher's logo), measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticImage {
    /// Root-relative URL.
    pub url: String,
    /// Pixels, 0 for an SVG.
    pub width: u32,
    /// Pixels, 0 for an SVG.
    pub height: u32,
    /// Media type.
    pub mime: &'static str,
}

/// The image `path` of `site.toml`'s `key` (written `what`), found among
/// the theme's and site's static files and measured; an error on
/// `site.toml` when it is not there or not an image social networks and
/// search engines read.
pub(super) fn static_image(
    config: &SiteConfig,
    theme: Option<&Theme>,
    (key, what): (&str, &str),
    path: &Option<String>,
) -> Checked<Option<StaticImage>> {
    let (Some(path), Some(theme)) = (path, theme) else {
        return Ok(None);
    };
    let fail = |why: String| {
        Err(vec![
            config.diagnostic(key, format!("{what} `{path}` {why}")),
        ])
    };
    let Some(file) = theme.static_files.get(path.as_str()) else {
        return fail(
            "is not a file of static/ (write its path under static/, such as `images/card.png`)"
                .into(),
        );
    };
    let probed = match crate::images::probe::probe_bytes(path, &file.bytes) {
        Ok(p) => p,
        Err(why) => return fail(why),
    };
    let mime = match probed.kind {
        crate::images::Kind::Raster(f) => f.mime(),
        _ if path.ends_with(".gif") => "image/gif",
        _ => {
            return fail(
                "must be a JPEG, PNG, WebP or GIF image (social networks do not show SVG)".into(),
            );
        }
    };
    Ok(Some(StaticImage {
        url: config.urls().file_url(path),
        width: probed.width,
        height: probed.height,
        mime,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::LangId;
    use std::path::Path;

    fn edition(lang: &str, slugs: &[&str]) -> Edition {
        let tags: Table<TagId, Tag> = slugs
            .iter()
            .map(|s| Tag {
                name: s.to_string(),
                slug: s.to_string(),
                pages: vec![PageId(0)],
                equivalents: PerLang::default(),
            })
            .collect();
        Edition {
            lang: lang.into(),
            pages: vec![PageId(0)],
            tags,
            sections: Table::default(),
            listed: Vec::new(),
            sections_listed: Table::default(),
            authors: Table::default(),
        }
    }

    /// The equivalents of each tag of `lang`, by slug.
    fn pairs(editions: &PerLang<Edition>, lang: LangId) -> Vec<(String, Vec<Option<String>>)> {
        editions[lang]
            .tags
            .iter()
            .map(|t| (t.slug.clone(), t.equivalents.iter().cloned().collect()))
            .collect()
    }

    #[test]
    fn tags_pair_as_declared_else_by_the_same_slug_where_the_other_language_has_it() {
        let toml = "base_url = \"https://example.org/\"\ndefault_language = \"fr\"\n\
             [languages.fr]\nname = \"Français\"\ntitle = \"J\"\n\
             [languages.en]\nname = \"English\"\ntitle = \"P\"\n\
             [tags.ia]\nfr = \"IA\"\nen = \"AI\"\n\
             [tags.sport]\nfr = \"Sport\"\nen = \"Sports\"\n";
        let config = crate::config::parse(Path::new("."), Path::new("site.toml"), toml).unwrap();
        let mut editions: PerLang<Edition> = vec![
            edition("fr", &["ia", "seul", "sport", "web"]),
            edition("en", &["ai", "sport", "web"]),
        ]
        .into();
        pair_tags(&config, &mut editions);
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            pairs(&editions, LangId(0)),
            [
                // Declared.
                ("ia".into(), vec![some("ia"), some("ai")]),
                // No equivalent in English.
                ("seul".into(), vec![some("seul"), None]),
                // Declared as `sports`, which English does not have: not
                // the English `sport`, which is no pair of it.
                ("sport".into(), vec![some("sport"), None]),
                // The same word.
                ("web".into(), vec![some("web"), some("web")]),
            ]
        );
        assert_eq!(
            pairs(&editions, LangId(1)),
            [
                ("ai".into(), vec![some("ia"), some("ai")]),
                // `sport` in English is declared for nothing, and French
                // `sport` is declared with `sports`: taken, so no pair.
                ("sport".into(), vec![None, some("sport")]),
                ("web".into(), vec![some("web"), some("web")]),
            ]
        );
    }
}

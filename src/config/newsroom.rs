//! The newsroom's tables of `site.toml`: sections (`[sections.<id>]`, a
//! name and slug per language, in the order written) and authors
//! (`[authors.<id>]`: name, gender for the byline's label, a biography per
//! language, a photo).

use super::Language;
use super::lines::key_line;
use crate::ids::PerLang;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A section's name in one language: `"Économie"`, or with its own slug
/// `{ name = "Économie", slug = "eco" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawSectionName {
    Name(String),
    Full { name: String, slug: String },
}

/// `[authors.<id>]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAuthor {
    pub(super) name: String,
    #[serde(default)]
    pub(super) gender: Gender,
    #[serde(default)]
    pub(super) bio: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) photo: Option<String>,
}

/// The grammatical gender of the label above an author's name (« Autrice »,
/// « Auteur »); neutral unless the author's entry says otherwise, since a
/// site should not guess it from a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// The UI string `author` (« Signature »).
    #[default]
    Neutral,
    /// `author_feminine` (« Autrice »).
    Feminine,
    /// `author_masculine` (« Auteur »).
    Masculine,
}

impl Gender {
    /// The UI string that labels the author.
    pub fn label_key(self) -> &'static str {
        match self {
            Gender::Neutral => "author",
            Gender::Feminine => "author_feminine",
            Gender::Masculine => "author_masculine",
        }
    }
}

/// An author declared in `site.toml`: articles name the id (`author: ada`)
/// and get a byline linking to the author's page in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// What articles write, and the URL segment: `ada`.
    pub id: String,
    /// The name shown.
    pub name: String,
    /// Which label the theme puts above the name (`gender`).
    pub gender: Gender,
    /// The biography per language (site order; empty where none).
    pub bios: PerLang<String>,
    /// A portrait: a path under `content/` (`authors/claire.jpg`),
    /// published as the articles' images are.
    pub photo: Option<String>,
    /// The line of `[authors.<id>]` in `site.toml`.
    pub line: Option<usize>,
}

/// A section (« rubrique ») declared in `site.toml`: an id articles name
/// (`section: tech`), and a name and URL slug in each language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What articles write: `economie`.
    pub id: String,
    /// (name, slug) per language, in the site's language order.
    pub names: PerLang<(String, String)>,
}

/// `[sections.<id>]` validated, in the order `site.toml` declares them: a
/// name (and a slug, made from the name unless given) in every language of
/// the site, the default language's first.
pub(super) fn sections(
    raw: BTreeMap<String, BTreeMap<String, RawSectionName>>,
    languages: &PerLang<Language>,
    text: &str,
) -> std::result::Result<Vec<Section>, (Option<usize>, String)> {
    let mut out = Vec::new();
    for (id, mut names) in raw {
        let line = key_line(text, &format!("sections.{id}"));
        let fail = |m: String| Err((line, format!("[sections.{id}]: {m}")));
        let mut ordered = Vec::new();
        for lang in languages {
            let (name, slug) = match names.remove(&lang.code) {
                None => {
                    return fail(format!(
                        "no name in `{}` (write `{} = \"…\"`)",
                        lang.code, lang.code
                    ));
                }
                Some(RawSectionName::Name(n)) => {
                    let slug = slug::slugify(&n);
                    (n, slug)
                }
                Some(RawSectionName::Full { name, slug }) => (name, slug),
            };
            if let Err(m) = crate::urls::check_slug(&slug) {
                return fail(m);
            }
            ordered.push((name, slug));
        }
        if let Some(code) = names.keys().next() {
            return fail(format!("`{code}` is not a language of the site"));
        }
        out.push((
            line.unwrap_or(usize::MAX),
            Section {
                id,
                names: ordered.into(),
            },
        ));
    }
    // In the order written: the masthead shows them so.
    out.sort_by_key(|(line, _)| *line);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// The shape of an author id (`claire`, `jean-2`): lowercase letters, digits
/// and dashes, as it is the author page's URL. A byline written in that
/// shape that names no declared author is taken for a mistyped id.
pub fn is_author_id(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Problems found in a table: (line in `site.toml`, message).
type Problems = Vec<(Option<usize>, String)>;

/// `[authors.<id>]` validated: an id fit for a URL, a biography per
/// language of the site (in the site's order).
pub(super) fn authors(
    raw: BTreeMap<String, RawAuthor>,
    languages: &PerLang<Language>,
    text: &str,
) -> Result<Vec<Author>, Problems> {
    let mut errors = Problems::new();
    let mut authors = Vec::new();
    for (id, raw) in raw {
        let line = key_line(text, &format!("authors.{id}"));
        if let Err(m) = crate::urls::check_slug(&id).and_then(|()| match is_author_id(&id) {
            true => Ok(()),
            false => Err(format!("author id `{id}` must be lowercase letters, digits and dashes (it is the author page's URL)")),
        }) {
            errors.push((line, format!("[authors.{id}]: {m}")));
            continue;
        }
        let mut bios: PerLang<String> = languages.map(|_| String::new());
        for (code, bio) in raw.bio {
            match super::language_position(languages, &code) {
                Some(i) => bios[i] = bio,
                None => errors.push((
                    line,
                    format!("[authors.{id}] bio: `{code}` is not a language of the site"),
                )),
            }
        }
        let photo = raw
            .photo
            .map(|p| p.trim_start_matches("content/").to_string());
        authors.push(Author {
            id,
            name: raw.name,
            gender: raw.gender,
            bios,
            photo,
            line,
        });
    }
    if errors.is_empty() {
        Ok(authors)
    } else {
        Err(errors)
    }
}

/// `[tags.<id>]` validated: for each pair, the tag's slug per language (in
/// the site's order; `None` where it has no name), named in two languages
/// at least. Slugs follow the one rule of tag slugs, the articles' own.
pub(super) fn tag_pairs(
    raw: BTreeMap<String, BTreeMap<String, String>>,
    languages: &PerLang<Language>,
    text: &str,
) -> Result<Vec<PerLang<Option<String>>>, Problems> {
    let mut errors = Problems::new();
    let mut tag_pairs = Vec::new();
    for (id, names) in raw {
        let line = key_line(text, &format!("tags.{id}"));
        let mut slugs: PerLang<Option<String>> = languages.map(|_| None);
        for (code, name) in names {
            match super::language_position(languages, &code) {
                Some(i) => slugs[i] = Some(crate::urls::tag_slug(&name)),
                None => errors.push((
                    line,
                    format!("[tags.{id}]: `{code}` is not a language of the site"),
                )),
            }
        }
        if slugs.iter().flatten().count() < 2 {
            errors.push((
                line,
                format!("[tags.{id}] pairs tags across languages: give its name in at least two (`fr = \"…\"`, `en = \"…\"`)"),
            ));
        }
        tag_pairs.push(slugs);
    }
    if errors.is_empty() {
        Ok(tag_pairs)
    } else {
        Err(errors)
    }
}

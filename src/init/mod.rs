//! `gazette init DIR`: scaffold a new site that builds at once with the
//! built-in theme: `site.toml` with each language's real name, locale and
//! date format, a first article in each language (in that language), the
//! pairs linked and the translations recorded as up to date with the
//! first language's article, a `.gitignore` for what a build leaves behind, and a
//! GitHub Actions workflow that publishes it to GitHub Pages
//! (`publish.yml`, beside this file).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What `init` knows of a language: its own name, locale and date format,
/// a site title and a first article in it.
struct Known {
    code: &'static str,
    name: &'static str,
    locale: &'static str,
    date_format: &'static str,
    title: &'static str,
    article_title: &'static str,
    article: &'static str,
}

/// The languages `init` writes in their own words; others get English text
/// to translate.
const KNOWN: [Known; 7] = [
    Known {
        code: "fr",
        name: "Français",
        locale: "fr_FR",
        date_format: "%-d %B %Y",
        title: "Mon journal",
        article_title: "Bonjour",
        article: "Le premier article de ce site. Modifiez ce fichier et lancez `gazette serve` pour voir le résultat.",
    },
    Known {
        code: "en",
        name: "English",
        locale: "en_US",
        date_format: "%B %-d, %Y",
        title: "My news site",
        article_title: "Hello",
        article: "The first article of this site. Edit this file and run `gazette serve` to see the result.",
    },
    Known {
        code: "de",
        name: "Deutsch",
        locale: "de_DE",
        date_format: "%-d. %B %Y",
        title: "Meine Zeitung",
        article_title: "Hallo",
        article: "Der erste Artikel dieser Seite. Bearbeiten Sie diese Datei und starten Sie `gazette serve`, um das Ergebnis zu sehen.",
    },
    Known {
        code: "es",
        name: "Español",
        locale: "es_ES",
        date_format: "%-d de %B de %Y",
        title: "Mi periódico",
        article_title: "Hola",
        article: "El primer artículo de este sitio. Edite este archivo y ejecute `gazette serve` para ver el resultado.",
    },
    Known {
        code: "it",
        name: "Italiano",
        locale: "it_IT",
        date_format: "%-d %B %Y",
        title: "Il mio giornale",
        article_title: "Ciao",
        article: "Il primo articolo di questo sito. Modificate questo file ed eseguite `gazette serve` per vedere il risultato.",
    },
    Known {
        code: "pt",
        name: "Português",
        locale: "pt_PT",
        date_format: "%-d de %B de %Y",
        title: "O meu jornal",
        article_title: "Olá",
        article: "O primeiro artigo deste site. Edite este ficheiro e execute `gazette serve` para ver o resultado.",
    },
    Known {
        code: "nl",
        name: "Nederlands",
        locale: "nl_NL",
        date_format: "%-d %B %Y",
        title: "Mijn krant",
        article_title: "Hallo",
        article: "Het eerste artikel van deze site. Bewerk dit bestand en start `gazette serve` om het resultaat te zien.",
    },
];

fn known(code: &str) -> Option<&'static Known> {
    let base = code.split('-').next().unwrap_or(code);
    KNOWN.iter().find(|k| k.code == base)
}

/// Creates a new site in `dir` for `languages` (the first is the default).
/// Refuses to touch a folder that already holds a `site.toml` or `content/`.
pub fn init(dir: &Path, languages: &[String], today: chrono::NaiveDate) -> Result<Vec<PathBuf>> {
    if languages.is_empty() {
        return Err(Error::Usage("init needs at least one language".into()));
    }
    for existing in ["site.toml", "content"] {
        if dir.join(existing).exists() {
            return Err(Error::Usage(format!(
                "{} already exists: init only creates new sites",
                dir.join(existing).display()
            )));
        }
    }
    let mut written = Vec::new();
    let mut write = |rel: String, text: String| -> Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
        written.push(path);
        Ok(())
    };
    write("site.toml".into(), site_toml(languages))?;
    write(
        ".gitignore".into(),
        "# What a build and the dev server leave behind.\n/public/\n/.gazette-cache/\n.*.gazette.lock\n.*.gazette.stamp.json\n".into(),
    )?;
    write(
        ".github/workflows/publish.yml".into(),
        include_str!("publish.yml").into(),
    )?;
    let date = today.format("%Y-%m-%d");
    let slug = |lang: &str| {
        let title = known(lang).map_or("Hello", |k| k.article_title);
        slug::slugify(title)
    };
    let file = |lang: &str| format!("{lang}/{date}-{}.md", slug(lang));
    for lang in languages {
        let others: Vec<String> = languages
            .iter()
            .filter(|l| *l != lang)
            .map(|l| file(l))
            .collect();
        let translation = match others.as_slice() {
            [] => String::new(),
            [one] => format!("translation: {one}\n"),
            many => format!("translation: [{}]\n", many.join(", ")),
        };
        let (title, body) = known(lang).map_or(
            ("Hello", "The first article of this site. Edit this file and run `gazette serve` to see the result."),
            |k| (k.article_title, k.article),
        );
        let text = format!(
            "---\ntitle: \"{title}\"\ndate: {date}\n{translation}tags: [gazette]\n---\n\n{body}\n"
        );
        write(format!("content/{}", file(lang)), text)?;
    }
    // The first language's article is the original of the others, their
    // translations up to date: `gazette status` starts with nothing to do.
    crate::authoring::mark_untracked(dir)?;
    Ok(written)
}

fn site_toml(languages: &[String]) -> String {
    let mut out = format!(
        "base_url = \"https://example.org/\"        # where the site will be published\ndefault_language = \"{}\"\ntheme = \"gazette\"\n# time_zone = \"Europe/Paris\"               # of dates written without one\n# permalink = \"/{{lang}}/{{year}}/{{month}}/{{slug}}/\"\n# paginate = 10\n",
        languages[0]
    );
    for lang in languages {
        let k = known(lang);
        let locale = match (k, lang.split_once('-')) {
            (_, Some((l, region))) => format!("{}_{}", l, region.to_uppercase()),
            (Some(k), None) => k.locale.to_string(),
            (None, None) => format!("{lang}_{}", lang.to_uppercase()),
        };
        out.push_str(&format!(
            "\n[languages.{lang}]\nname = \"{}\"\ntitle = \"{}\"\ndescription = \"\"\nlocale = \"{locale}\"\ndate_format = \"{}\"\n",
            k.map_or(lang.as_str(), |k| k.name),
            k.map_or("My news site", |k| k.title),
            k.map_or("%-d %B %Y", |k| k.date_format),
        ));
        if let Some(strings) = crate::templates::strings_to_translate(lang) {
            out.push_str(&strings);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_gets_its_own_name_locale_and_words() {
        let toml = site_toml(&["fr".into(), "en".into(), "de".into()]);
        assert!(toml.contains("[languages.fr]\nname = \"Français\"\ntitle = \"Mon journal\""));
        assert!(toml.contains("locale = \"fr_FR\"\ndate_format = \"%-d %B %Y\""));
        assert!(toml.contains("locale = \"en_US\"\ndate_format = \"%B %-d, %Y\""));
        assert!(toml.contains("[languages.de]\nname = \"Deutsch\""));
        assert!(toml.contains("[languages.de.strings]\nread_in = "));
        assert!(!toml.contains("[languages.fr.strings]"));
    }
}

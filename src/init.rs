//! `gazette init DIR`: scaffold a new site that builds at once with the
//! built-in theme: `site.toml` and one translated article per language.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

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
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
        Ok(())
    };
    write("site.toml".into(), site_toml(languages))?;
    let date = today.format("%Y-%m-%d");
    let file = |lang: &str| format!("{lang}/{date}-hello.md");
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
        let text = format!(
            "---\ntitle: \"Hello ({lang})\"\ndate: {date}\n{translation}tags: [gazette]\n---\n\nThe first article of this site. Edit `content/{}` and run `gazette serve`.\n",
            file(lang)
        );
        write(format!("content/{}", file(lang)), text)?;
    }
    Ok(written)
}

fn site_toml(languages: &[String]) -> String {
    let mut out = format!(
        "base_url = \"https://example.org/\"\ndefault_language = \"{}\"\ntheme = \"gazette\"\n# permalink = \"/{{lang}}/{{year}}/{{month}}/{{slug}}/\"\n# paginate = 10\n",
        languages[0]
    );
    for lang in languages {
        out.push_str(&format!(
            "\n[languages.{lang}]\nname = \"{lang}\"\ntitle = \"My news site ({lang})\"\ndescription = \"\"\n# locale = \"fr_FR\"\n# date_format = \"%-d %B %Y\"\n# [languages.{lang}.strings]\n# read_in = \"...\"\n"
        ));
    }
    out
}

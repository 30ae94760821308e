//! Commands that write the writer's sources: `gazette new` (an article or a
//! page, and on request the stub of its translation, linked both ways) and `gazette
//! mark-translated` (record that a translation matches its original again).
//! Neither ever overwrites an article.
//!
//! What `new` writes is a draft, original and stub alike: an article with no
//! text yet must never reach the published site, its feeds or the URL record
//! (a build also refuses an empty body: see `content`). The stub records
//! which version it is translated from (`translated_from:`), so a pair
//! written in English first keeps English as its original.

use crate::config::{self, SiteConfig};
use crate::error::{Error, Result};
use crate::sources::{LoadOptions, Sources};
use crate::status;
use std::path::{Path, PathBuf};

/// What `gazette new` should create.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// The site folder.
    pub root: PathBuf,
    /// The article's title.
    pub title: String,
    /// Its language (default: the site's default language).
    pub lang: Option<String>,
    /// Also create a translation stub in this language.
    pub translate_to: Option<String>,
    /// The date to put in the file name and front matter.
    pub date: chrono::NaiveDate,
    /// A page (« À propos »): no date in its name or front matter.
    pub page: bool,
}

/// Creates the article (and stub); returns the files written.
pub fn new_article(request: &NewArticle) -> Result<Vec<PathBuf>> {
    let config = config::load(&request.root)?;
    let lang = request
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language().code.clone());
    check_language(&config, &lang)?;
    let slug = slug::slugify(&request.title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "cannot make a file name from the title `{}`",
            request.title
        )));
    }
    let date = request.date.format("%Y-%m-%d").to_string();
    // A page's name and front matter have no date: that is what makes it one.
    let (prefix, date_line) = match request.page {
        true => (String::new(), String::new()),
        false => (format!("{date}-"), format!("date: {date}\n")),
    };
    let source = format!("{lang}/{prefix}{slug}.md");
    let title = yaml_string(&request.title);
    let mut files = vec![(source.clone(), String::new())];
    let mut translation_line = String::new();
    if let Some(to) = &request.translate_to {
        check_language(&config, to)?;
        if *to == lang {
            return Err(Error::Usage(format!(
                "--translate-to {to} is the article's own language"
            )));
        }
        let stub = format!("{to}/{prefix}{slug}.md");
        translation_line = format!("translation: {stub}\n");
        files.push((
            stub,
            format!(
                "---\ntitle: {title}\n{date_line}translation: {source}\ntranslated_from: {source}\ndraft: true\n---\n\n<!-- Translate the {lang} original here, remove `draft: true`, then run `gazette mark-translated` on this file. -->\n"
            ),
        ));
    }
    let tags_line = if request.page { "" } else { "tags: []\n" };
    files[0].1 = format!(
        "---\ntitle: {title}\n{date_line}{translation_line}{tags_line}draft: true\n---\n\n<!-- Write here, then remove `draft: true` to publish. -->\n"
    );
    let content = config.root.join("content");
    for (source, _) in &files {
        let path = content.join(source);
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} already exists: gazette new never overwrites",
                path.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (source, text) in files {
        let path = content.join(source);
        let dir = path.parent().expect("under content/");
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

fn check_language(config: &SiteConfig, lang: &str) -> Result<()> {
    if config.language(lang).is_none() {
        let known: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(Error::Usage(format!(
            "`{lang}` is not a language of this site ({})",
            known.join(", ")
        )));
    }
    Ok(())
}

/// A YAML scalar for `text`, quoted when YAML needs it.
fn yaml_string(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// Creates `path`, failing if it exists (no race with another writer).
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

/// Records in `file` (a translation) the fingerprint of its original's
/// current text; returns the original's source path.
pub fn mark_translated(root: &Path, file: &Path) -> Result<String> {
    let sources = Sources::load(&LoadOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: true,
        future: true,
    })?
    .sound()?;
    let file = &locate(root, file).map_err(|e| Error::io(file, e))?;
    let id = sources.find(file).ok_or_else(|| {
        Error::Usage(format!(
            "{} is not an article of the site in {}",
            file.display(),
            root.display()
        ))
    })?;
    let (config, articles) = (&sources.config, &sources.articles);
    let article = &articles[id.0];
    let group = sources.groups.of(id);
    if group.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no translation: key pairing it with an original",
            file.display()
        )));
    }
    let original = status::original_of(config, articles, group, article).ok_or_else(|| {
        let translations: Vec<String> = group
            .iter()
            .map(|t| format!("gazette mark-translated {}", articles[t.0].path.display()))
            .collect();
        Error::Usage(format!(
            "{} is the original, not a translation: mark its translation once it is up to date:\n  {}",
            file.display(),
            translations.join("\n  ")
        ))
    })?;
    let text = std::fs::read_to_string(&article.path).map_err(|e| Error::io(&article.path, e))?;
    let updated = set_front_matter_key(&text, "source_fingerprint", original.fingerprint())
        .and_then(|t| set_front_matter_key(&t, "translated_from", &original.source))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: no front matter block to update",
                file.display()
            ))
        })?;
    let tmp = article.path.with_extension("md.gazette-tmp");
    std::fs::write(&tmp, updated).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &article.path).map_err(|e| Error::io(&article.path, e))?;
    Ok(original.source.clone())
}

/// The file `written` names: as given (from the working folder), else
/// under the site's `content/` (`en/a-propos.md`, the form `translation:`
/// uses) or the site folder (`content/en/a-propos.md`).
fn locate(root: &Path, written: &Path) -> std::io::Result<PathBuf> {
    let candidates = [
        written.to_path_buf(),
        root.join("content").join(written),
        root.join(written),
    ];
    match candidates.iter().find(|p| p.is_file()) {
        Some(found) => Ok(found.clone()),
        None => std::fs::metadata(written).map(|_| written.to_path_buf()),
    }
}

/// Sets `key: value` in the front matter of `text`, replacing an existing
/// line for `key` or adding one before the closing `---`.
fn set_front_matter_key(text: &str, key: &str, value: &str) -> Option<String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines
        .first()
        .map(|l| l.trim_start_matches('\u{feff}').trim_end())
        != Some("---")
    {
        return None;
    }
    let close = lines.iter().skip(1).position(|l| l.trim_end() == "---")? + 1;
    let new_line = format!("{key}: {value}{newline}");
    match lines[1..close]
        .iter()
        .position(|l| l.starts_with(&format!("{key}:")))
    {
        Some(j) => lines[j + 1] = &new_line,
        None => lines.insert(close, &new_line),
    }
    Some(lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_key_is_replaced_or_added() {
        let t = "---\ntitle: A\n---\nbody\n";
        assert_eq!(
            set_front_matter_key(t, "k", "1").unwrap(),
            "---\ntitle: A\nk: 1\n---\nbody\n"
        );
        let t = "---\nk: 0\ntitle: A\n---\nk: body\n";
        assert_eq!(
            set_front_matter_key(t, "k", "1").unwrap(),
            "---\nk: 1\ntitle: A\n---\nk: body\n"
        );
        assert!(set_front_matter_key("no front", "k", "1").is_none());
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(yaml_string("Titre de l'article"), "Titre de l'article");
        assert_eq!(yaml_string("Quoi : vraiment"), "'Quoi : vraiment'");
    }
}

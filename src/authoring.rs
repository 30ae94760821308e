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
use crate::content::{Article, paragraphs};
use crate::error::{Error, Result};
use crate::ids::ArticleId;
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
    let (sources, id, file) = article_named(root, file)?;
    let file = &file;
    let (config, articles) = (&sources.config, &sources.articles);
    let article = &articles[id.0];
    let group = sources.groups.of(id);
    if group.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no translation: key pairing it with an original",
            file.display()
        )));
    }
    let original = status::original_of(config, articles, group, article).map(|o| &*articles[o.0]);
    let original = original.ok_or_else(|| {
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
    record(article, original)?;
    Ok(original.source.clone())
}

/// Records every translation of the site in `root` that says nothing of
/// the text it was translated from as up to date with the version taken
/// for its original (see [`status::Untracked`]); returns how many. What a
/// new site (`gazette init`) and an imported archive start from: their
/// translations were published as they are, and with the record an edit
/// of an original makes its translations stale, as it does for
/// translations made here (without it, `check` would note each pair of an
/// archive, and never see one fall out of date).
pub fn mark_untracked(root: &Path) -> Result<usize> {
    let sources = Sources::load(&LoadOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: true,
        future: true,
    })?;
    for u in &sources.status.untracked {
        record(&u.version, &u.original)?;
    }
    Ok(sources.status.untracked.len())
}

/// Writes into `translation`'s front matter the record of `original`'s
/// current text: its fingerprint, its source and its paragraphs.
fn record(translation: &Article, original: &Article) -> Result<()> {
    let path = &translation.path;
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let updated = set_front_matter_key(&text, "source_fingerprint", original.fingerprint())
        .and_then(|t| set_front_matter_key(&t, "translated_from", &original.source))
        .and_then(|t| {
            let record = format!("\"{}\"", original.paragraph_record());
            set_front_matter_key(&t, paragraphs::KEY, &record)
        })
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: no front matter block to update",
                path.display()
            ))
        })?;
    let tmp = path.with_extension("md.gazette-tmp");
    std::fs::write(&tmp, updated).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))?;
    Ok(())
}

/// The sources of the site in `root` (drafts and scheduled articles
/// included: they are being written) and the article `written` names.
fn article_named(root: &Path, written: &Path) -> Result<(Sources, ArticleId, PathBuf)> {
    let sources = Sources::load(&LoadOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: true,
        future: true,
    })?
    .sound()?;
    let file = locate(root, written).map_err(|e| Error::io(written, e))?;
    let id = sources.find(&file).ok_or_else(|| {
        Error::Usage(format!(
            "{} is not an article of the site in {}",
            file.display(),
            root.display()
        ))
    })?;
    Ok((sources, id, file))
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

/// `gazette translate FILE --to LANG`: writes the stub of `file`'s
/// translation into `to`, holding the original's title, summary, image
/// texts and body to translate in place (`draft: true`, `translated_from:`),
/// and adds the stub to the original's `translation:`. Relative links and
/// images of the body are rewritten to lead from the stub's folder to the
/// original's files, so the draft previews whole. Returns the stub's path.
pub fn translate(root: &Path, file: &Path, to: &str) -> Result<PathBuf> {
    let (sources, id, file) = article_named(root, file)?;
    let file = &file;
    check_language(&sources.config, to)?;
    let original = &sources.articles[id.0];
    if original.lang == to {
        return Err(Error::Usage(format!(
            "{} is already in `{to}`",
            file.display()
        )));
    }
    let group = sources.groups.of(id);
    if let Some(existing) = group.iter().find(|j| sources.articles[j.0].lang == to) {
        return Err(Error::Usage(format!(
            "{} already has a version in `{to}`: {}",
            file.display(),
            sources.articles[existing.0].source
        )));
    }
    // fr/2025-01-29-slug/index.md (a bundle) and fr/x.md alike: en/<name>.md.
    let mut names = original.source.rsplit('/');
    let name = match (names.next(), names.next()) {
        (Some("index.md"), Some(folder)) if original.source.matches('/').count() >= 2 => {
            format!("{folder}.md")
        }
        (Some(file_name), _) => file_name.to_string(),
        _ => unreachable!("a source has a file name"),
    };
    let stub_source = format!("{to}/{name}");
    let stub_path = sources.config.root.join("content").join(&stub_source);
    if stub_path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: gazette translate never overwrites",
            stub_path.display()
        )));
    }
    let front = &original.front;
    let mut yaml = format!("title: {}\n", yaml_string(&front.title));
    if let Some(date) = front.date {
        yaml.push_str(&format!("date: {}\n", date.to_rfc3339()));
    }
    yaml.push_str(&format!(
        "translation: {0}\ntranslated_from: {0}\n",
        original.source
    ));
    for (key, value) in original.text_fields().into_iter().skip(1) {
        if let Some(value) = value {
            yaml.push_str(&format!("{key}: {}\n", yaml_string(value)));
        }
    }
    if let Some(section) = &front.section {
        yaml.push_str(&format!("section: {section}\n"));
    }
    yaml.push_str("draft: true\n");
    let stub_dir = stub_source.rsplit_once('/').map_or("", |(d, _)| d);
    let original_dir = original.source.rsplit_once('/').map_or("", |(d, _)| d);
    let up = "../".repeat(stub_dir.split('/').count());
    let body = original.body().map_err(|d| Error::sources(vec![d]))?;
    let body = relink(&body, &format!("{up}{original_dir}/"));
    let text = format!(
        "---\n{yaml}---\n\n<!-- Translate from {} ({}) into {to}: replace the title, the fields above and the text below with their translation, remove `draft: true`, then run `gazette mark-translated {stub_source}`. -->\n\n{}",
        original.lang,
        original.source,
        body.trim_start()
    );
    let original_text =
        std::fs::read_to_string(&original.path).map_err(|e| Error::io(&original.path, e))?;
    let linked = add_translation(&original_text, &stub_source).ok_or_else(|| {
        Error::Usage(format!(
            "{}: cannot add `{stub_source}` to its `translation:` (written over several lines?): add it by hand",
            original.path.display()
        ))
    })?;
    let dir = stub_path.parent().expect("under content/");
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    write_new(&stub_path, &text)?;
    let tmp = original.path.with_extension("md.gazette-tmp");
    std::fs::write(&tmp, linked).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &original.path).map_err(|e| Error::io(&original.path, e))?;
    Ok(stub_path)
}

/// `markdown` with the relative destination of every link and image
/// prefixed by `prefix` (the way from the stub's folder to the original's).
fn relink(markdown: &str, prefix: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut edits: Vec<(usize, String)> = Vec::new();
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url.to_string(),
            _ => continue,
        };
        let relative = !(dest.is_empty()
            || dest.starts_with('/')
            || dest.starts_with('#')
            || dest.contains(':'));
        if !relative {
            continue;
        }
        // The destination as written, inside the link's source text.
        let text = &markdown[range.clone()];
        if let Some(at) = text.rfind(&format!("]({dest}")) {
            edits.push((range.start + at + 2, prefix.to_string()));
        }
    }
    let mut out = markdown.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    edits.dedup();
    for (at, insert) in edits {
        out.insert_str(at, &insert);
    }
    out
}

/// `text` (an article) with `source` added to its `translation:`: set when
/// absent, made a list when it names another version; `None` when the key
/// is written over several lines.
fn add_translation(text: &str, source: &str) -> Option<String> {
    let head = text.split("\n---").next()?;
    let line = head
        .lines()
        .find(|l| l.starts_with("translation:"))
        .map(|l| l["translation:".len()..].trim());
    let value = match line {
        None => source.to_string(),
        Some("") => return None,
        Some(list) if list.starts_with('[') => {
            let inner = list.trim_start_matches('[').trim_end_matches(']').trim();
            match inner.is_empty() {
                true => format!("[{source}]"),
                false => format!("[{inner}, {source}]"),
            }
        }
        Some(one) => format!("[{one}, {source}]"),
    };
    set_front_matter_key(text, "translation", &value)
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

    #[test]
    fn relative_links_and_images_lead_back_to_the_original() {
        let body = "![a](x.jpg) [b](../y.md#s) [c](/abs/) [d](https://e.org/) [e](#top)\n\n`[f](code.md)`\n";
        assert_eq!(
            relink(body, "../fr/bundle/"),
            "![a](../fr/bundle/x.jpg) [b](../fr/bundle/../y.md#s) [c](/abs/) [d](https://e.org/) [e](#top)\n\n`[f](code.md)`\n"
        );
    }

    #[test]
    fn a_translation_is_added_to_the_original() {
        let add = |t: &str| add_translation(t, "en/x.md");
        assert_eq!(
            add("---\ntitle: A\n---\nB\n").unwrap(),
            "---\ntitle: A\ntranslation: en/x.md\n---\nB\n"
        );
        assert_eq!(
            add("---\ntranslation: de/x.md\n---\n").unwrap(),
            "---\ntranslation: [de/x.md, en/x.md]\n---\n"
        );
        assert_eq!(
            add("---\ntranslation: [de/x.md, it/x.md]\n---\n").unwrap(),
            "---\ntranslation: [de/x.md, it/x.md, en/x.md]\n---\n"
        );
        assert!(add("---\ntranslation:\n  - de/x.md\n---\n").is_none());
    }
}

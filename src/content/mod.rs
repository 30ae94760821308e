//! Content: find the articles under `content/<lang>/`, read them, and parse
//! their front matter into [`Article`]s.
//!
//! An article's language is the first folder of its path under `content/`.
//! Every file is read and parsed (in parallel) even when others fail, so one
//! run reports all content errors.

pub mod front_matter;
pub mod translations;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use front_matter::FrontMatter;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One Markdown article, parsed but not yet rendered.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path under `content/` with `/` separators: `fr/2025-01-29-x.md`. This is
    /// the key translations and Markdown links use.
    pub source: String,
    /// The file on disk, for diagnostics.
    pub path: PathBuf,
    /// Language code: the first folder under `content/`.
    pub lang: String,
    /// URL segment: `slug:` or the file name without date prefix.
    pub slug: String,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// Markdown after the front matter.
    pub body: String,
    /// 1-based line of the article file where `body` starts.
    pub body_line: usize,
}

/// Reads every article of the site; returns them sorted by source path, or all
/// the problems found.
pub fn load(config: &SiteConfig) -> Result<Vec<Article>, Vec<Diagnostic>> {
    let content_dir = config.root.join("content");
    let (files, mut errors) = discover(config, &content_dir);
    let results: Vec<Result<Article, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|(source, lang)| read_article(&content_dir, source, lang))
        .collect();
    let mut articles = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(a) => articles.push(a),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(articles)
    } else {
        Err(errors)
    }
}

/// Lists `(source, lang)` for every `.md` file under `content/`, sorted.
fn discover(config: &SiteConfig, content_dir: &Path) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !content_dir.is_dir() {
        errors.push(Diagnostic::new(
            content_dir,
            "no content folder: articles go under content/<lang>/",
        ));
        return (files, errors);
    }
    for entry in walkdir::WalkDir::new(content_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(content_dir).to_path_buf();
                errors.push(Diagnostic::new(path, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Some(source) = source_key(content_dir, path) else {
            errors.push(Diagnostic::new(path, "file name is not valid UTF-8"));
            continue;
        };
        match source.split_once('/') {
            Some((lang, _)) if config.language(lang).is_some() => {
                files.push((source.clone(), lang.to_string()))
            }
            _ => errors.push(Diagnostic::new(
                path,
                format!(
                    "articles go under content/<lang>/ where <lang> is one of: {}",
                    config
                        .languages
                        .iter()
                        .map(|l| l.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    (files, errors)
}

fn source_key(content_dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn read_article(content_dir: &Path, source: &str, lang: &str) -> Result<Article, Vec<Diagnostic>> {
    let path = content_dir.join(source);
    let bytes = std::fs::read(&path)
        .map_err(|e| vec![Diagnostic::new(&path, format!("cannot read: {e}"))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        vec![Diagnostic::at_line(
            &path,
            line,
            "not valid UTF-8: save the file as UTF-8",
        )]
    })?;
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let (yaml, yaml_line, body, body_line) = front_matter::split(&text)
        .map_err(|e| vec![Diagnostic::at_line(&path, e.line, e.message)])?;
    let front = front_matter::parse(yaml, yaml_line).map_err(|errs| {
        errs.into_iter()
            .map(|e| Diagnostic::at_line(&path, e.line, e.message))
            .collect::<Vec<_>>()
    })?;
    let slug = article_slug(source, &front).map_err(|m| {
        let line = front.key_lines.get("slug").copied();
        vec![Diagnostic {
            path: path.clone(),
            line,
            message: m,
        }]
    })?;
    Ok(Article {
        source: source.to_string(),
        path,
        lang: lang.to_string(),
        slug,
        body: body.to_string(),
        body_line,
        front,
    })
}

/// The slug from `slug:` (checked, never altered) or from the file name
/// (date prefix removed, then made URL-safe).
fn article_slug(source: &str, front: &FrontMatter) -> Result<String, String> {
    if let Some(slug) = &front.slug {
        return check_slug(slug).map(|_| slug.clone());
    }
    let stem = source
        .rsplit('/')
        .next()
        .unwrap_or(source)
        .trim_end_matches(".md");
    let stem = strip_date_prefix(stem);
    let slug = slug::slugify(stem);
    if slug.is_empty() {
        return Err(format!(
            "cannot make a slug from the file name `{stem}`: add `slug:` to the front matter"
        ));
    }
    Ok(slug)
}

fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && b[10] == b'-';
    if is_date { &stem[11..] } else { stem }
}

/// A slug is one URL path segment: it may not climb out of its folder or need
/// escaping to stay one segment.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let bad = slug.is_empty()
        || slug == "."
        || slug == ".."
        || slug.starts_with('.')
        || slug
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "/\\?#%\"<>".contains(c));
    if bad {
        Err(format!(
            "slug `{slug}` is not a single safe URL segment (no slashes, dots at the start, spaces or ?#%\"<>)"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefix_is_dropped_from_file_slugs() {
        assert_eq!(
            strip_date_prefix("2025-01-29-ai-sputnik-moment"),
            "ai-sputnik-moment"
        );
        assert_eq!(strip_date_prefix("about"), "about");
    }

    #[test]
    fn escaping_slugs_are_refused() {
        for s in ["../x", "..", "a/b", "a\\b", ".hidden", "a b", ""] {
            assert!(check_slug(s).is_err(), "{s}");
        }
        assert!(check_slug("le-moment-spoutnik").is_ok());
    }
}

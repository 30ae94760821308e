//! Which files of `content/` are articles, and in which language: walked
//! without following links out of the folder (a link is an error, never
//! read), each `.md` file under a language's folder.

use super::*;

/// Lists `(source, lang)` for every `.md` file under `content/`, sorted.
pub(super) fn discover(
    config: &SiteConfig,
    content_dir: &Path,
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
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
        if entry.path_is_symlink() {
            errors.push(symlink_error(path));
            continue;
        }
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        match classify(config, content_dir, path) {
            Ok(file) => files.push(file),
            Err(d) => errors.push(d),
        }
    }
    (files, errors)
}

/// Links are not followed under `content/`: one can point outside the site
/// (publishing whatever it reaches) or loop.
pub(super) fn symlink_error(path: &Path) -> Diagnostic {
    Diagnostic::new(
        path,
        "is a symbolic link; links under content/ are not followed (one could point outside the site or loop): copy the file or folder instead",
    )
}

/// The `(source, lang)` of an article file, or why it is not where articles go.
pub(super) fn classify(
    config: &SiteConfig,
    content_dir: &Path,
    path: &Path,
) -> Result<(String, String), Diagnostic> {
    let Some(source) = source_key(content_dir, path) else {
        return Err(Diagnostic::new(path, "file name is not valid UTF-8"));
    };
    match source.split_once('/') {
        Some((lang, _)) if config.language(lang).is_some() => {
            let lang = lang.to_string();
            Ok((source, lang))
        }
        _ => Err(Diagnostic::new(
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

pub(super) fn source_key(content_dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

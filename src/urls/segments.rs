//! The rules of what writers write into URLs: what a slug may hold, a
//! tag's slug, a heading's id, an alias (an old path). Leaf rules the config, the content and Markdown
//! stages all apply, kept here so none of them imports another for them.

/// A slug is one URL path segment: it may not climb out of its folder or need
/// escaping to stay one segment.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if let Some(c) = slug.chars().find(|&c| is_invisible(c)) {
        return Err(format!(
            "slug `{slug}` holds the invisible character U+{:04X}: a URL that reads as another (spoofing); type it again without it",
            c as u32
        ));
    }
    let bad = slug.is_empty()
        || slug == "."
        || slug == ".."
        || slug.starts_with('.')
        || slug
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || "/\\?#%\"<>:".contains(c));
    if bad {
        Err(format!(
            "slug `{slug}` is not a single safe URL segment (no slashes, dots at the start, spaces or ?#%\"<>:)"
        ))
    } else {
        Ok(())
    }
}

/// Characters that change how a URL reads without being seen: bidirectional
/// controls (U+202E turns `gpj.exe` into `exe.jpg`), zero-width spaces and
/// joiners, the soft hyphen, the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The URL segment of a tag: `Intelligence artificielle` →
/// `intelligence-artificielle`. Empty for a tag without letters or digits.
pub fn tag_slug(name: &str) -> String {
    slug::slugify(name)
}

/// How headings get their `id` when `{#id}` does not set one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// ASCII slugs: `il-etait-une-fois`, `pg-verifybackup`.
    #[default]
    Slug,
    /// As GitHub and Hugo make them: letters of any script and digits kept
    /// (lower-cased), `_` kept, spaces and `-` to `-`, the rest dropped:
    /// `il-était-une-fois`, `pg_verifybackup`. Anchors other sites link to
    /// keep working after an import from Hugo.
    Github,
}

/// The id of a heading whose text is `text`.
pub fn heading_id(text: &str, style: HeadingIds) -> String {
    match style {
        HeadingIds::Slug => slug::slugify(text),
        HeadingIds::Github => text
            .trim()
            .chars()
            .filter_map(|c| match c {
                c if c.is_alphanumeric() => Some(c.to_lowercase().collect::<String>()),
                ' ' | '-' => Some("-".into()),
                '_' => Some("_".into()),
                _ => None,
            })
            .collect(),
    }
}

/// An alias as written (`/fr/ancien-titre/`, `fr/ancien-titre`,
/// `old/page.html`) as a path under the base URL: no leading slash, a
/// folder's trailing slash added (Hugo's rule: `/old` is `/old/`).
pub fn alias_path(written: &str) -> Result<String, String> {
    let path = written.trim().trim_start_matches('/');
    let refuse = |why: &str| Err(format!("alias `{written}` {why}"));
    if written.contains("://") || written.trim().starts_with("//") {
        return refuse(
            "is a full URL; write the old path under the site's base URL, e.g. `/fr/ancien-titre/`",
        );
    }
    if path.is_empty() {
        return refuse("is the site's home");
    }
    if path.contains(['?', '#', '\\']) || path.chars().any(char::is_whitespace) {
        return refuse("must be a plain path (no query, fragment, spaces or backslashes)");
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return refuse("must not contain `.` or `..` segments");
    }
    if let Some(c) = path.chars().find(|&c| is_invisible(c) || c.is_control()) {
        return Err(format!(
            "alias `{}` holds the invisible character U+{:04X}: a URL that reads as another (spoofing); type it again without it",
            written.escape_default(),
            c as u32
        ));
    }
    // Netlify and Cloudflare read `*` as a wildcard and `:name` as a
    // placeholder in `_redirects`: one such alias would redirect every URL.
    if let Some(c) = path.chars().find(|c| "*:!\"<>|^`{}".contains(*c)) {
        return refuse(&format!(
            "holds `{c}`, which hosts read as a pattern in _redirects (a wildcard or a placeholder): write the old path as it was"
        ));
    }
    if path.len() > 1024 || path.split('/').any(|s| s.len() > 200) {
        return refuse("is too long for a file path (at most 200 bytes a segment, 1,024 in all)");
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    Ok(if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    })
}

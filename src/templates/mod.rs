//! Templates: the theme's Tera templates, static files and UI strings, layered
//! file by file.
//!
//! Layers, later ones winning: the built-in theme (embedded in the binary, so a
//! site of only `site.toml` and `content/` builds), then `themes/<theme>/` in
//! the site, then the site's own `templates/` and `static/`.

use crate::config::{BUILTIN_THEME, SiteConfig};
use crate::diagnostic::{Checked, Diagnostic, Diagnostics, line_of_offset};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

mod builtin;
mod strings;

use builtin::BUILTIN_FILES;
pub use builtin::strings_to_translate;
pub use strings::is_desk_string;
use strings::{merge_strings, parse_strings};

/// Where a theme file came from: embedded, or a file on disk.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Its path on disk, or `<built-in>/...` for embedded files.
    pub origin: PathBuf,
}

/// Everything the renderer needs from the theme, loaded once.
pub struct Theme {
    /// Parsed templates, keyed by file name (`article.html`).
    pub tera: tera::Tera,
    /// Files copied to the output as they are, keyed by path (`style.css`).
    pub static_files: BTreeMap<String, ThemeFile>,
    /// UI strings per language code, theme defaults merged with site overrides.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// A hash of every template and UI string: equal fingerprints render
    /// equal pages, which lets the dev server skip unchanged ones.
    pub fingerprint: u64,
    /// The theme's own stylesheets and scripts: plain name → name published
    /// (`style.css` → itself, or `style.3f9a0c12de.css` once
    /// [`Theme::fingerprint_assets`] renamed it by content).
    pub asset_names: BTreeMap<String, String>,
    /// Whether listings' articles carry their `content`: only when a
    /// template other than the article's, the page's and the feed's names
    /// it (see [`names_content`]). A built site's bodies are read back
    /// from a temporary file, and a listing shows ten of them on each of
    /// thousands of pages, rarely in full.
    pub listings_show_content: bool,
    template_origins: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// The URL segment of `lang`'s search page: its `search_slug` string
    /// made a safe slug (`recherche`), `search` when the theme has none.
    pub fn search_slug(&self, lang: &str) -> String {
        search_slug(self.search_slug_written(lang))
    }

    /// `lang`'s `search_slug` string as written, if the theme has one.
    pub fn search_slug_written(&self, lang: &str) -> Option<&str> {
        let strings = self.strings.get(lang)?;
        strings.get("search_slug").map(String::as_str)
    }

    /// Renames the theme's own stylesheets and scripts after their content
    /// (`style.css` → `style.3f9a0c12de.css`), as `gazette build` publishes
    /// them: a changed file gets a new name, so hosts can tell browsers and
    /// CDNs to keep them for a year (see `deploy`). The dev server keeps the
    /// plain names, so a stylesheet edit is swapped in without a reload.
    /// The site's own `static/` files keep their names (they are copied as
    /// they are, and pages may link them by hand).
    pub fn fingerprint_assets(&mut self) {
        for (name, published) in &mut self.asset_names {
            let Some(file) = self.static_files.remove(published.as_str()) else {
                continue;
            };
            let hash = &crate::images::probe::sha256_hex(&file.bytes)[..10];
            *published = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
                None => format!("{name}.{hash}"),
            };
            self.static_files.insert(published.clone(), file);
        }
    }

    /// The name under which the static file `name` (`style.css`) is
    /// published: its fingerprinted name in `gazette build`, else itself.
    pub fn asset<'s>(&'s self, name: &'s str) -> &'s str {
        self.asset_names.get(name).map_or(name, String::as_str)
    }

    /// The static files renamed by content (their published names), which
    /// never change: a host may cache them for good.
    pub fn immutable_assets(&self) -> impl Iterator<Item = &str> {
        self.asset_names
            .iter()
            .filter(|(name, published)| name != published)
            .map(|(_, published)| published.as_str())
    }

    /// Whether the theme has the template `name` (`page.html`).
    pub fn has_template(&self, name: &str) -> bool {
        self.template_origins.contains_key(name)
    }

    /// Turns a Tera error into a diagnostic on the template file at fault.
    pub fn diagnostic(&self, template: &str, context: &str, err: &tera::Error) -> Diagnostic {
        self.diagnostics(template, context, err)
            .into_iter()
            .next()
            .expect("one diagnostic at least")
    }

    /// Turns a Tera error into diagnostics on the template files at fault,
    /// with their lines: Tera reports the problems it finds when checking
    /// templates together (unknown filters, blocks) as one message of
    /// reports, each naming its template and line.
    pub fn diagnostics(&self, template: &str, context: &str, err: &tera::Error) -> Vec<Diagnostic> {
        let (name, line, message) = match err.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                let line = r.span().start_line;
                let mut message = r.message().to_string();
                // "Unknown tag" says nothing of which: show the line.
                if let Some(source) = self.source_line(r.filename(), line)
                    && !message.contains('`')
                {
                    message = format!("{message}: `{}`", source.trim());
                }
                (r.filename().to_string(), Some(line), message)
            }
            _ => {
                let text = err.to_string();
                let reports = parse_reports(&text);
                if !reports.is_empty() {
                    return reports
                        .into_iter()
                        .map(|(name, line, message)| {
                            Diagnostic::at(
                                self.origin(&name),
                                line,
                                format!("{context}: {message}"),
                            )
                        })
                        .collect();
                }
                (template.to_string(), None, first_line(&text).to_string())
            }
        };
        // Some errors (a circular include) name no file: take the first
        // template the message mentions.
        let text = err.to_string();
        let name = if self.template_origins.contains_key(&name) {
            name
        } else {
            self.template_origins
                .keys()
                .find(|t| text.contains(&format!("'{t}'")) || text.contains(&format!("\"{t}\"")))
                .cloned()
                .unwrap_or(name)
        };
        vec![Diagnostic::at(
            self.origin(&name),
            line,
            format!("{context}: {message}"),
        )]
    }

    /// The file a template was read from (or the built-in theme's name for it).
    fn origin(&self, name: &str) -> PathBuf {
        self.template_origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// Line `line` (1-based) of the template `name`, when it was read from a file.
    fn source_line(&self, name: &str, line: usize) -> Option<String> {
        let text = std::fs::read_to_string(self.template_origins.get(name)?).ok()?;
        text.lines().nth(line.checked_sub(1)?).map(String::from)
    }
}

/// Tera's reports, `error: MESSAGE` then `--> NAME:LINE:COL`, as
/// (template, line, message).
fn parse_reports(text: &str) -> Vec<(String, Option<usize>, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        let Some(message) = l.trim().strip_prefix("error: ") else {
            continue;
        };
        let Some(place) = lines.peek().and_then(|n| n.trim().strip_prefix("--> ")) else {
            continue;
        };
        let mut parts = place.rsplitn(3, ':');
        let (_col, line, name) = (parts.next(), parts.next(), parts.next());
        if let Some(name) = name {
            out.push((
                name.to_string(),
                line.and_then(|l| l.parse().ok()),
                message.to_string(),
            ));
        }
    }
    out
}

impl Theme {
    /// Whether the shortcode template `shortcodes/<name>.html` reads the
    /// variable `var` (`articles`: then it is given the language's list,
    /// and the body is made again when the list changes).
    pub fn shortcode_reads(&self, name: &str, var: &str) -> bool {
        self.tera
            .get_template_variables(&format!("shortcodes/{name}.html"))
            .is_ok_and(|vars| vars.contains(var))
    }

    /// Whether any shortcode template reads `var` (`articles`: when none
    /// does, the lists are not made at all).
    pub fn any_shortcode_reads(&self, var: &str) -> bool {
        self.tera
            .get_template_names()
            .filter(|name| name.starts_with("shortcodes/"))
            .any(|name| {
                self.tera
                    .get_template_variables(name)
                    .is_ok_and(|vars| vars.contains(var))
            })
    }

    /// Renders the shortcode template `shortcodes/<name>.html`; `None` when
    /// the theme has none; an error names the template file and line.
    pub fn render_shortcode(
        &self,
        name: &str,
        context: &crate::shortcodes::Context,
    ) -> Option<Result<String, String>> {
        let template = format!("shortcodes/{name}.html");
        if !self.template_origins.contains_key(&template) {
            return None;
        }
        let rendered = tera::Context::from_serialize(context)
            .and_then(|ctx| self.tera.render(&template, &ctx));
        Some(rendered.map_err(|e| self.diagnostic(&template, "in", &e).to_string()))
    }
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s)
}

/// Loads the theme named in the config and the site's overrides.
pub fn load(config: &SiteConfig) -> Checked<Theme> {
    let files = layered_files(config)?;
    let site_static = config.root.join("static");
    let asset_names = files
        .iter()
        .filter_map(|(path, file)| {
            let name = path.strip_prefix("static/")?;
            let asset = [".css", ".js"].iter().any(|e| name.ends_with(e));
            (asset && !file.origin.starts_with(&site_static))
                .then(|| (name.to_string(), name.to_string()))
        })
        .collect();
    let mut errors = Diagnostics::new();
    let mut templates = Vec::new();
    let mut template_origins = BTreeMap::new();
    let mut static_files = BTreeMap::new();
    let mut i18n = BTreeMap::new();
    for (path, file) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            match String::from_utf8(file.bytes) {
                Ok(text) => templates.push((name.to_string(), text)),
                Err(_) => errors.push(Diagnostic::new(&file.origin, "template is not valid UTF-8")),
            }
            template_origins.insert(name.to_string(), file.origin);
        } else if let Some(name) = path.strip_prefix("static/") {
            static_files.insert(name.to_string(), file);
        } else if let Some(name) = path
            .strip_prefix("i18n/")
            .and_then(|n| n.strip_suffix(".toml"))
        {
            match parse_strings(&file) {
                Ok(map) => {
                    i18n.insert(name.to_string(), map);
                }
                Err(d) => errors.push(d),
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    tera.register_filter("markdown_inline", markdown_inline);
    let mut theme = Theme {
        tera: tera::Tera::new(),
        static_files,
        strings: BTreeMap::new(),
        fingerprint: 0,
        asset_names,
        listings_show_content: templates
            .iter()
            .filter(|(name, _)| !OWN_CONTENT.contains(&name.as_str()))
            .any(|(_, text)| names_content(text)),
        template_origins,
    };
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        errors.extend(theme.diagnostics("", "template error", &e));
    }
    if let Some(strings) = errors.take(merge_strings(config, &i18n)) {
        theme.strings = strings;
    }
    // The site's data, for every template and shortcode (see `data`).
    let data = errors
        .take(crate::data::load(&config.root))
        .unwrap_or_default();
    tera.global_context().insert("data", &data);
    theme.tera = tera;
    theme.fingerprint = {
        let mut h = std::hash::DefaultHasher::new();
        (&templates, &theme.strings, data.to_string()).hash(&mut h);
        h.finish()
    };
    errors.finish(theme)
}

/// The templates that show one article's `content` as their own page's:
/// naming it there says nothing about listings.
const OWN_CONTENT: [&str; 3] = ["article.html", "page.html", "atom.xml"];

/// Whether the template `text` may read an article's `content`: it names
/// `content` inside a `{{ }}` or `{% %}` tag (not in HTML, where
/// `<meta content=...>` is common), or dumps whole values (`json_encode`).
/// Cautious: a false yes only costs reading bodies back.
fn names_content(text: &str) -> bool {
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let end = after.find(close).unwrap_or(after.len());
        let tag = &after[1..end];
        let words = tag.split(|c: char| !(c.is_alphanumeric() || c == '_'));
        if words
            .into_iter()
            .any(|w| w == "content" || w == "json_encode")
        {
            return true;
        }
        rest = &after[end..];
    }
    false
}

/// The `markdown_inline` filter: a short text (a caption, a label) as
/// inline Markdown, the way a title is rendered (`*x*`, `**x**`, `` `x` ``,
/// entities, a few closed formatting tags; other markup shown as text).
/// Its HTML is safe to output as it is; with `plain=true`, its text (for an
/// attribute such as `alt`). Hugo renders a figure's caption so. The
/// language's typography is applied to shortcode output afterwards.
fn markdown_inline(
    value: tera::StringInput,
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<tera::Value> {
    let (html, plain) =
        crate::markdown::render_inline(value.as_str(), crate::typography::Typography::None);
    Ok(match kwargs.get::<bool>("plain")?.unwrap_or(false) {
        true => tera::Value::from(plain),
        false => tera::Value::safe_string(&html),
    })
}

/// Built-in files, then the theme folder's, then the site's `templates/` and `static/`.
fn layered_files(config: &SiteConfig) -> Result<BTreeMap<String, ThemeFile>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, ThemeFile> = BUILTIN_FILES
        .iter()
        .map(|(p, b)| {
            let file = ThemeFile {
                bytes: b.to_vec(),
                origin: PathBuf::from(format!("<built-in theme>/{p}")),
            };
            (p.to_string(), file)
        })
        .collect();
    let theme_dir = config.root.join("themes").join(&config.theme);
    if theme_dir.is_dir() {
        read_tree(&theme_dir, "", &mut files)?;
    } else if config.theme != BUILTIN_THEME {
        return Err(vec![config.diagnostic(
            "theme",
            format!(
                "unknown theme `{}`: no folder {} (the built-in theme is `{BUILTIN_THEME}`)",
                config.theme,
                theme_dir.display()
            ),
        )]);
    }
    read_tree(&config.root.join("templates"), "templates/", &mut files)?;
    read_tree(&config.root.join("static"), "static/", &mut files)?;
    Ok(files)
}

/// Adds every file under `dir` to `files`, keyed by `prefix` + its relative path.
fn read_tree(dir: &Path, prefix: &str, files: &mut BTreeMap<String, ThemeFile>) -> Checked<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut errors = Diagnostics::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::new(
                    e.path().unwrap_or(dir),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir stays under dir");
        let Some(rel) = rel.to_str() else {
            errors.push(Diagnostic::new(
                entry.path(),
                "file name is not valid UTF-8",
            ));
            continue;
        };
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                let origin = entry.path().to_path_buf();
                files.insert(
                    format!("{prefix}{}", rel.replace('\\', "/")),
                    ThemeFile { bytes, origin },
                );
            }
            Err(e) => errors.push(Diagnostic::new(entry.path(), format!("cannot read: {e}"))),
        }
    }
    errors.finish(())
}

/// A search page's URL segment from the `search_slug` string as `written`:
/// made a safe slug, `search` when missing or empty.
pub fn search_slug(written: Option<&str>) -> String {
    match written.map(crate::urls::tag_slug) {
        Some(slug) if !slug.is_empty() => slug,
        _ => "search".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::names_content;

    #[test]
    fn content_is_named_only_inside_template_tags() {
        assert!(names_content(
            "{% for a in articles %}{{ a.content | safe }}{% endfor %}"
        ));
        assert!(names_content("{{ a [\"content\"] }}"));
        assert!(names_content("{% set c = a.content %}"));
        assert!(names_content(
            "<script>{{ articles | json_encode() }}</script>"
        ));
        assert!(!names_content(
            "<meta name=\"description\" content=\"{{ description }}\">{{ a.contents }}"
        ));
        assert!(!names_content("{# a.content #}{{ a.summary }} { content }"));
        // An unclosed tag is Tera's error to report; nothing panics here.
        assert!(names_content("{{ a.content"));
        assert!(!names_content("{"));
    }
}

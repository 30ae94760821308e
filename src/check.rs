//! `gazette check`: everything `build` validates, then the rendered site as
//! a CI step would see it: internal links and `#anchors`, images, reciprocal
//! language alternates, UI strings of the wrong language, duplicate titles
//! and slugs, and (with `--external`) external links. Plus the translation
//! status: untranslated articles and stale translations.
//!
//! Policy: findings are collected, never fatal; the command fails when any
//! finding is an error. Untranslated and stale articles are notes.

use crate::config;
use crate::content::{self, translations};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::pipeline::{BuildOptions, load_site};
use crate::render::{self, OutputFile};
use crate::site::Site;
use crate::status::{self, Status};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Check drafts as if they were published.
    pub drafts: bool,
    /// Fetch external links too.
    pub external: bool,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Makes `check` fail.
    Error,
    /// Reported, not failing (untranslated or stale articles).
    Note,
}

/// One thing `check` found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// Group heading: `broken links`, `stale translations`, ….
    pub category: String,
    /// Error or note.
    pub severity: Severity,
    /// The source file (or output page) at fault.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Everything `check` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    /// All findings, grouped by category.
    pub findings: Vec<Finding>,
    /// The translation status, when the sources could be read.
    pub translations: Option<Status>,
}

impl CheckReport {
    /// Number of findings that make the check fail.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// One line per finding, `file:line: message`, under a heading per category.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut groups: BTreeMap<(Severity, &str), Vec<&Finding>> = BTreeMap::new();
        for f in &self.findings {
            groups
                .entry((f.severity, f.category.as_str()))
                .or_default()
                .push(f);
        }
        for ((severity, category), items) in groups {
            let kind = if severity == Severity::Error {
                "error"
            } else {
                "note"
            };
            out.push_str(&format!(
                "== {category} ({} {kind}{})\n",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ));
            for f in items {
                let d = Diagnostic {
                    path: f.file.clone(),
                    line: f.line,
                    message: f.message.clone(),
                };
                out.push_str(&format!("{d}\n"));
            }
        }
        let notes = self.findings.len() - self.errors();
        out.push_str(&format!("check: {} errors, {notes} notes\n", self.errors()));
        out
    }

    /// The same as JSON, for scripts.
    pub fn to_json(&self) -> String {
        let value = serde_json::json!({
            "errors": self.errors(),
            "findings": self.findings,
            "translations": self.translations,
        });
        serde_json::to_string_pretty(&value).expect("plain data serializes")
    }

    fn push(&mut self, category: &str, severity: Severity, d: Diagnostic) {
        self.findings.push(Finding {
            category: category.into(),
            severity,
            file: d.path,
            line: d.line,
            message: d.message,
        });
    }

    fn push_all(&mut self, category: &str, diagnostics: Vec<Diagnostic>) {
        for d in diagnostics {
            self.push(category, Severity::Error, d);
        }
    }
}

/// Runs every check. Only a machine problem (unreadable folder) is an `Err`;
/// problems in the site are findings.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let config = match config::load(&options.root) {
        Ok(c) => c,
        Err(Error::Sources(d)) => {
            report.push_all("configuration", d);
            return Ok(finish(report));
        }
        Err(e) => return Err(e),
    };
    let articles = match content::load(&config) {
        Ok(a) => a,
        Err(d) => {
            report.push_all("sources", d);
            return Ok(finish(report));
        }
    };
    let groups = match translations::resolve(&articles) {
        Ok(g) => g,
        Err(d) => {
            report.push_all("broken translation pairs", d);
            return Ok(finish(report));
        }
    };
    let status = status::compute(&config, &articles, &groups);
    translation_notes(&mut report, &status);
    report.translations = Some(status);
    let build = BuildOptions {
        drafts: options.drafts,
        ..BuildOptions::new(&options.root)
    };
    let (site, theme) = match load_site(&build) {
        Ok(x) => x,
        Err(Error::Sources(d)) => {
            report.push_all("sources", d);
            return Ok(finish(report));
        }
        Err(e) => return Err(e),
    };
    duplicates(&mut report, &site);
    let files = match render::render(&site, &theme, &Default::default()) {
        Ok(f) => f,
        Err(d) => {
            report.push_all("templates", d);
            return Ok(finish(report));
        }
    };
    rendered_checks(&mut report, &site, &theme.strings, &files, options.external);
    Ok(finish(report))
}

fn finish(mut report: CheckReport) -> CheckReport {
    report.findings.sort();
    report.findings.dedup();
    report
}

fn translation_notes(report: &mut CheckReport, status: &Status) {
    for m in &status.missing {
        let d = Diagnostic::new(
            &m.path,
            format!("no translation in {}", m.missing.join(", ")),
        );
        report.push(&format!("untranslated ({})", m.lang), Severity::Note, d);
    }
    for s in &status.stale {
        let d = Diagnostic::new(
            &s.path,
            format!(
                "stale: the original {} changed on {} (run `gazette mark-translated` once updated)",
                s.original, s.original_changed
            ),
        );
        report.push(
            &format!("stale translations ({})", s.lang),
            Severity::Note,
            d,
        );
    }
}

fn duplicates(report: &mut CheckReport, site: &Site) {
    for section in site.sections.iter() {
        for (what, key) in [("title", 0), ("slug", 1)] {
            let mut seen: HashMap<String, &PathBuf> = HashMap::new();
            for &i in &section.pages {
                let a = &site.pages[i].article;
                let value = if key == 0 {
                    a.front.title.to_lowercase()
                } else {
                    a.slug.clone()
                };
                if let Some(other) = seen.insert(value.clone(), &a.path) {
                    let line = a.front.key_lines.get(what).copied();
                    let d = Diagnostic {
                        path: a.path.clone(),
                        line,
                        message: format!("same {what} as {} ({value})", other.display()),
                    };
                    report.push(&format!("duplicate {what}s"), Severity::Error, d);
                }
            }
        }
    }
}

/// What one rendered page holds, extracted in parallel.
struct PageInfo {
    key: String,
    lang: String,
    ids: HashSet<String>,
    links: Vec<(bool, String)>,
    alternates: Vec<(String, String)>,
    canonical: Option<String>,
    own_language_text: String,
}

fn extract(file: &OutputFile) -> Option<PageInfo> {
    if !file.path.ends_with(".html") {
        return None;
    }
    let doc = scraper::Html::parse_document(std::str::from_utf8(&file.bytes).ok()?);
    let sel = |s: &str| scraper::Selector::parse(s).expect("valid selector");
    let lang = doc
        .select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang"))
        .unwrap_or("")
        .to_string();
    let ids = doc
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .map(String::from)
        .collect();
    let mut links = Vec::new();
    for e in doc.select(&sel(
        "a[href], img[src], script[src], link[href]:not([rel=alternate]):not([rel=canonical])",
    )) {
        let is_image = e.value().name() == "img";
        if let Some(url) = e.value().attr("href").or(e.value().attr("src")) {
            links.push((is_image, url.to_string()));
        }
    }
    let alternates = doc
        .select(&sel("link[rel=alternate][hreflang]"))
        .filter_map(|e| {
            Some((
                e.value().attr("hreflang")?.to_string(),
                e.value().attr("href")?.to_string(),
            ))
        })
        .collect();
    let canonical = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .and_then(|e| e.value().attr("href"))
        .map(String::from);
    let mut own_language_text = String::new();
    for node in doc.root_element().descendants() {
        let Some(text) = node.value().as_text() else {
            continue;
        };
        let in_script = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "script" | "style"))
        });
        let nearest_lang = node
            .ancestors()
            .find_map(|a| a.value().as_element().and_then(|e| e.attr("lang")));
        if !in_script && nearest_lang.unwrap_or(&lang) == lang {
            own_language_text.push_str(text);
            own_language_text.push(' ');
        }
    }
    Some(PageInfo {
        key: file.path.clone(),
        lang,
        ids,
        links,
        alternates,
        canonical,
        own_language_text,
    })
}

fn rendered_checks(
    report: &mut CheckReport,
    site: &Site,
    strings: &BTreeMap<String, BTreeMap<String, String>>,
    files: &[OutputFile],
    external: bool,
) {
    let base = &site.config.base_url;
    let keys: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let pages: Vec<PageInfo> = files.par_iter().filter_map(extract).collect();
    let by_key: HashMap<&str, &PageInfo> = pages.iter().map(|p| (p.key.as_str(), p)).collect();
    let sources: HashMap<&str, &crate::site::Page> = site
        .pages
        .iter()
        .map(|p| (p.output_file.as_str(), &**p))
        .collect();
    let locate = |page: &PageInfo, needle: &str| -> Diagnostic {
        match sources.get(page.key.as_str()) {
            Some(p) => {
                let text = std::fs::read_to_string(&p.article.path).unwrap_or_default();
                let line = (!needle.is_empty())
                    .then(|| text.lines().position(|l| l.contains(needle)).map(|i| i + 1))
                    .flatten();
                Diagnostic {
                    path: p.article.path.clone(),
                    line,
                    message: String::new(),
                }
            }
            None => Diagnostic::new(format!("<output>/{}", page.key), ""),
        }
    };
    // Where an internal URL lands: the output key, or None for external URLs.
    let to_key = |url: &str| -> Option<(String, Option<String>)> {
        let url = url.strip_prefix(&base.origin).unwrap_or(url);
        if url.contains("://")
            || url.starts_with("//")
            || url.starts_with("mailto:")
            || url.starts_with("tel:")
        {
            return None;
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (url, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let rel = path
            .strip_prefix(&base.path)
            .or_else(|| path.strip_prefix('/'))?;
        let rel = percent_encoding::percent_decode_str(rel)
            .decode_utf8_lossy()
            .into_owned();
        let key = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel
        };
        Some((key, fragment))
    };
    let mut externals: BTreeMap<String, Vec<&PageInfo>> = BTreeMap::new();
    for page in &pages {
        for (is_image, url) in &page.links {
            if let Some(id) = url.strip_prefix('#') {
                if !id.is_empty() && !page.ids.contains(id) {
                    let mut d = locate(page, url);
                    d.message = format!("anchor {url} matches no id on this page");
                    report.push("broken anchors", Severity::Error, d);
                }
                continue;
            }
            let Some((key, fragment)) = to_key(url) else {
                if url.starts_with("http://") || url.starts_with("https://") {
                    externals.entry(url.clone()).or_default().push(page);
                }
                continue;
            };
            let resolved = if keys.contains(key.as_str()) {
                Some(key.clone())
            } else {
                keys.contains(format!("{key}/index.html").as_str())
                    .then(|| format!("{key}/index.html"))
            };
            let needle = fragment
                .as_deref()
                .map(|f| format!("#{f}"))
                .unwrap_or_else(|| {
                    url.rsplit('/')
                        .find(|s| !s.is_empty())
                        .unwrap_or("")
                        .to_string()
                });
            match resolved {
                None => {
                    let mut d = locate(page, &needle);
                    let (category, what) = if *is_image {
                        ("missing images", "image")
                    } else {
                        ("broken links", "link")
                    };
                    d.message = format!("{what} {url} leads to no file of the site");
                    report.push(category, Severity::Error, d);
                }
                Some(target) => {
                    if let (Some(f), Some(t)) = (&fragment, by_key.get(target.as_str()))
                        && !f.is_empty()
                        && !t.ids.contains(f)
                    {
                        let mut d = locate(page, &needle);
                        d.message = format!("link {url}: no id `{f}` on that page");
                        report.push("broken anchors", Severity::Error, d);
                    }
                }
            }
        }
        check_alternates(report, page, &by_key, &to_key, &locate);
        foreign_strings(report, page, strings, &locate);
    }
    if external {
        check_externals(report, externals, &locate);
    }
}

type ToKey<'a> = dyn Fn(&str) -> Option<(String, Option<String>)> + 'a;

fn check_alternates(
    report: &mut CheckReport,
    page: &PageInfo,
    by_key: &HashMap<&str, &PageInfo>,
    to_key: &ToKey,
    locate: &dyn Fn(&PageInfo, &str) -> Diagnostic,
) {
    let Some(canonical) = &page.canonical else {
        return;
    };
    for (hreflang, href) in &page.alternates {
        if hreflang == "x-default" || href == canonical {
            continue;
        }
        let target = to_key(href).and_then(|(k, _)| by_key.get(k.as_str()).copied());
        let mut d = locate(page, "");
        match target {
            None => {
                d.message = format!("alternate {hreflang} {href} leads to no page");
                report.push("language alternates", Severity::Error, d);
            }
            Some(t) if !t.alternates.iter().any(|(_, h)| h == canonical) => {
                d.message = format!("alternate {hreflang} {href} does not list this page back");
                report.push("language alternates", Severity::Error, d);
            }
            Some(t) if &t.lang != hreflang => {
                d.message = format!("alternate says {hreflang} but {href} is in `{}`", t.lang);
                report.push("language alternates", Severity::Error, d);
            }
            _ => {}
        }
    }
}

fn foreign_strings(
    report: &mut CheckReport,
    page: &PageInfo,
    strings: &BTreeMap<String, BTreeMap<String, String>>,
    locate: &dyn Fn(&PageInfo, &str) -> Diagnostic,
) {
    let Some(own) = strings.get(&page.lang) else {
        return;
    };
    let own_values: HashSet<&str> = own.values().map(String::as_str).collect();
    for (lang, theirs) in strings {
        if *lang == page.lang {
            continue;
        }
        for (key, value) in theirs {
            if value.chars().count() >= 6
                && !own_values.contains(value.as_str())
                && page.own_language_text.contains(value.as_str())
            {
                let mut d = locate(page, value);
                d.message = format!(
                    "this {} page shows the {lang} UI string `{key}` (\"{value}\") outside an element with lang=\"{lang}\"",
                    page.lang
                );
                report.push("wrong-language UI strings", Severity::Error, d);
            }
        }
    }
}

fn check_externals(
    report: &mut CheckReport,
    externals: BTreeMap<String, Vec<&PageInfo>>,
    locate: &dyn Fn(&PageInfo, &str) -> Diagnostic,
) {
    let results: Vec<(String, Option<String>)> = externals
        .keys()
        .cloned()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|url| {
            let problem = fetch_problem(&url);
            (url, problem)
        })
        .collect();
    for (url, problem) in results {
        if let Some(problem) = problem {
            for page in &externals[&url] {
                let mut d = locate(page, &url);
                d.message = format!("external link {url}: {problem}");
                report.push("external links", Severity::Error, d);
            }
        }
    }
}

/// `None` when the URL answers with a success (after redirects).
fn fetch_problem(url: &str) -> Option<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(15)))
        .http_status_as_error(false)
        .build()
        .into();
    match agent.get(url).header("User-Agent", "gazette-check").call() {
        Ok(r) if r.status().is_success() => None,
        Ok(r) => Some(format!("answered {}", r.status())),
        Err(e) => Some(format!("unreachable ({e})")),
    }
}

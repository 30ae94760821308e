//! `gazette check`: everything `build` validates, then the rendered site as
//! a CI step would see it: internal links and `#anchors`, images, reciprocal
//! language alternates, UI strings of the wrong language, repeated titles
//! and slugs (notes), and (with `--external`) external links. Plus the translation
//! status: untranslated articles and stale translations.
//!
//! Policy: findings are collected, never fatal; the command fails when any
//! finding is an error. Untranslated and stale articles are notes.
//!
//! The sources are read once, through the same stages as `build`
//! ([`Sources`]), and each finding of a stage is grouped under that stage's
//! name. [`rendered`] inspects the site rendered in memory; [`external`]
//! fetches external links.

mod external;
mod pages;
mod rendered;
mod scan;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::pipeline;
use crate::render;
use crate::schedule::NextChange;
use crate::site::Site;
use crate::sources::{LoadError, LoadOptions, Sources, Stage};
use crate::status::Status;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Check drafts as if they were published.
    pub drafts: bool,
    /// Check scheduled articles as if their date had come.
    pub future: bool,
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
    /// The next moment the published site changes on its own (a scheduled
    /// article comes out, one expires), when the sources could be read.
    pub next_change: Option<NextChange>,
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
        if let Some(next) = &self.next_change {
            out.push_str(&format!("next change: {next}\n"));
        }
        let notes = self.findings.len() - self.errors();
        let errors = self.errors();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        out.push_str(&format!(
            "check: {errors} error{}, {notes} note{}\n",
            plural(errors),
            plural(notes)
        ));
        out
    }

    /// The same as JSON, for scripts.
    pub fn to_json(&self) -> String {
        let value = serde_json::json!({
            "errors": self.errors(),
            "findings": self.findings,
            "translations": self.translations,
            "next_change": self.next_change,
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

    /// The report of a run that stopped at a failed stage: each stage's
    /// problems under its name. Not a problem of the sources: an error.
    fn failed(mut self, error: LoadError) -> Result<CheckReport> {
        match error {
            LoadError::Stages(stages) => {
                self.stages(stages);
                Ok(finish(self))
            }
            LoadError::Other(e) => Err(e),
        }
    }

    /// Each stage's problems, as errors under its name.
    fn stages(&mut self, stages: Vec<(Stage, Vec<Diagnostic>)>) {
        for (stage, diagnostics) in stages {
            for d in diagnostics {
                self.push(&stage.to_string(), Severity::Error, d);
            }
        }
    }
}

/// Runs every check. Only a machine problem (unreadable folder) is an `Err`;
/// problems in the site are findings.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let load = LoadOptions {
        root: options.root.clone(),
        base_url: None,
        drafts: options.drafts,
        future: options.future,
    };
    let read = match pipeline::read(&load) {
        Ok(read) => read,
        Err(e) => return report.failed(e),
    };
    let sources = &read.sources;
    for d in sources.notes() {
        report.push("notes", Severity::Note, d);
    }
    expired_notes(&mut report, sources);
    report.next_change = sources.publishing.next_change(&sources.articles);
    if sources.problems.is_empty() {
        translation_notes(&mut report, &sources.status);
        report.translations = Some(sources.status.clone());
    }
    // Each article's Markdown is dropped once rendered, as in a build: a
    // finding in the rendered site reads its source again for the line.
    let (loaded, problems) = pipeline::assemble_partial(read);
    let Some(pipeline::Loaded {
        site,
        theme,
        library,
    }) = loaded
    else {
        return report.failed(problems.expect("a stage failed"));
    };
    if let Some(LoadError::Stages(stages)) = problems {
        report.stages(stages);
    }
    if site.config.published_urls {
        match crate::permanence::check(&site, &crate::permanence::published(&site)) {
            Ok(notes) => notes
                .into_iter()
                .for_each(|d| report.push("removed URLs", Severity::Note, d)),
            Err(removed) => removed
                .into_iter()
                .for_each(|d| report.push("removed URLs", Severity::Error, d)),
        }
    }
    duplicates(&mut report, &site);
    large_images(&mut report, &site);
    tag_notes(&mut report, &site);
    // Each page is parsed as it is rendered and only what the checks read
    // is kept (its links, ids and text): never the whole site's bytes.
    let foreign = rendered::foreign(&theme.strings);
    let (files, problems) =
        render::render_for_check(&site, &theme, &library, &Default::default(), |file| {
            Ok((rendered::extract(&file, &foreign), file.path))
        });
    for d in problems {
        report.push(&Stage::Render.to_string(), Severity::Error, d);
    }
    let files = match files {
        Ok(f) => f,
        Err(Error::Sources(d)) => return report.failed(LoadError::at(Stage::Render, d)),
        Err(e) => return Err(e),
    };
    let (pages, paths): (Vec<_>, Vec<String>) = files.into_iter().unzip();
    let pages: Vec<_> = pages.into_iter().flatten().collect();
    rendered::check(
        &mut report,
        &site,
        &foreign,
        &pages,
        &paths,
        options.external,
    );
    Ok(finish(report))
}

fn finish(mut report: CheckReport) -> CheckReport {
    report.findings.sort();
    report.findings.dedup();
    report
}

fn translation_notes(report: &mut CheckReport, status: &Status) {
    for t in &status.in_progress {
        let d = Diagnostic::new(
            &t.version.path,
            format!(
                "translation of {} in progress (remove `draft: true` and run `gazette mark-translated` once done)",
                t.original.source
            ),
        );
        report.push(
            &format!("translations in progress ({})", t.version.lang),
            Severity::Note,
            d,
        );
    }
    for m in &status.missing {
        let d = Diagnostic::new(
            &m.version.path,
            format!("no translation in {}", m.missing.join(", ")),
        );
        report.push(
            &format!("untranslated ({})", m.version.lang),
            Severity::Note,
            d,
        );
    }
    for u in &status.untracked {
        let how = match u.assumed {
            true => format!(
                "taken as translated from {} (the site's earlier language; if it was written first, add `translated_from: {}` to {})",
                u.original.source, u.version.source, u.original.source
            ),
            false => format!("translated from {}", u.original.source),
        };
        let d = Diagnostic::new(
            &u.version.path,
            format!(
                "no record of the text it was translated from; {how}: once it matches, run `gazette mark-translated {}`",
                u.version.source
            ),
        );
        report.push(
            &format!("untracked translations ({})", u.version.lang),
            Severity::Note,
            d,
        );
    }
    for s in &status.stale {
        let d = Diagnostic::new(
            &s.version.path,
            format!(
                "stale: the original {} changed on {} (run `gazette mark-translated` once updated)",
                s.original.source, s.original_changed
            ),
        );
        report.push(
            &format!("stale translations ({})", s.version.lang),
            Severity::Note,
            d,
        );
    }
}

/// Originals larger than this are worth a note: a camera's full-size file
/// slows every cold build and weighs on the repository, for variants at
/// most a few hundred kilobytes.
const LARGE_IMAGE: u64 = 5 * 1024 * 1024;

fn large_images(report: &mut CheckReport, site: &Site) {
    for image in site.images.iter().filter(|i| i.probed.bytes > LARGE_IMAGE) {
        let path = site.config.root.join("content").join(&image.source);
        let message = format!(
            "the original is {:.1} MB ({}×{} pixels); the site publishes it at most {} pixels wide: a smaller original (under {} MB) builds faster and keeps the repository light",
            image.probed.bytes as f64 / 1_048_576.0,
            image.probed.width,
            image.probed.height,
            site.config
                .images
                .widths
                .last()
                .copied()
                .unwrap_or_default(),
            LARGE_IMAGE / 1_048_576
        );
        report.push(
            "large images",
            Severity::Note,
            Diagnostic::new(path, message),
        );
    }
}

/// What translators and editors should know about tags across languages:
/// a version lacking the equivalent of a tag its counterpart carries
/// (declared under `[tags]`), and tags of two languages that look like one
/// word but are not paired.
/// Expired articles (`expires:` passed): left out of the site, still in
/// `content/`, where an archive may want them back.
fn expired_notes(report: &mut CheckReport, sources: &Sources) {
    for a in &sources.articles {
        if let Some(end) = a
            .front
            .expires
            .filter(|_| sources.publishing.expired(&a.front))
        {
            let line = a.front.key_lines.get("expires");
            let message = format!(
                "expired on {}: no longer published (remove `expires:` to publish it again)",
                end.to_rfc3339()
            );
            report.push(
                "expired articles",
                Severity::Note,
                Diagnostic::at(&a.path, line, message),
            );
        }
    }
}

fn tag_notes(report: &mut CheckReport, site: &Site) {
    let rank = |code: &str| site.config.language_index(code);
    for page in &site.pages {
        let i = rank(&page.article.lang);
        for (name, slug) in &page.body.tags {
            let Some(pair) = site
                .config
                .tag_pairs
                .iter()
                .find(|p| p[i].as_deref() == Some(slug))
            else {
                continue;
            };
            for &t in &page.translations {
                let other = site.page(t);
                let j = rank(&other.article.lang);
                let Some(wanted) = &pair[j] else { continue };
                if !other.body.tags.iter().any(|(_, s)| s == wanted) {
                    let line = other.article.front.key_lines.get("tags");
                    let message = format!(
                        "the {} version is tagged « {name} », whose {} equivalent `{wanted}` (see [tags] in site.toml) this version lacks",
                        page.article.lang, other.article.lang
                    );
                    report.push(
                        "tags missing from a translation",
                        Severity::Note,
                        Diagnostic::at(&other.article.path, line, message),
                    );
                }
            }
        }
    }
    for (i, a) in site.editions.enumerate() {
        for (j, b) in site.editions.enumerate().skip(i.0 + 1) {
            for x in &a.tags {
                for y in &b.tags {
                    let paired = x
                        .equivalents
                        .get(j)
                        .is_some_and(|e| e.as_deref() == Some(y.slug.as_str()));
                    let alike = x.slug.len().min(y.slug.len()) >= 4
                        && strsim::normalized_damerau_levenshtein(&x.slug, &y.slug) >= 0.6;
                    if alike && !paired {
                        let message = format!(
                            "tags « {} » ({}) and « {} » ({}) look like one word but are not paired: if they are, declare them together under [tags.<id>] so their pages switch to each other",
                            x.name, a.lang, y.name, b.lang
                        );
                        report.push(
                            "unpaired tags",
                            Severity::Note,
                            site.config.diagnostic("tags", message),
                        );
                    }
                }
            }
        }
    }
}

/// Titles and slugs used twice in a language: worth a look (a copied
/// article), but a weekly « La revue de presse » or one slug in two months
/// is how news sites work, and `build` publishes them; notes, never errors.
/// Two pages on one URL are `build`'s error (see `links`), reported above.
fn duplicates(report: &mut CheckReport, site: &Site) {
    for edition in site.editions.iter() {
        for (what, key) in [("title", 0), ("slug", 1)] {
            let mut seen: HashMap<String, &PathBuf> = HashMap::new();
            for &id in &edition.pages {
                let a = &site.page(id).article;
                let value = if key == 0 {
                    a.front.title.to_lowercase()
                } else {
                    a.slug.clone()
                };
                if let Some(other) = seen.insert(value.clone(), &a.path) {
                    let line = a.front.key_lines.get(what);
                    let message = format!("same {what} as {} ({value})", other.display());
                    let d = Diagnostic::at(&a.path, line, message);
                    report.push(&format!("same {what}s"), Severity::Note, d);
                }
            }
        }
    }
}

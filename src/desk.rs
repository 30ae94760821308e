//! The translation desk: each language's translation work, most urgent
//! first, with what a desk editor needs to decide (title, date, length,
//! section) and what a translator needs to act (for a stale translation,
//! which paragraphs of the original changed, with their text; for an
//! untranslated article, the command that starts the translation).
//!
//! One model for the two places that show it: the dev server's page
//! (`/_gazette/translations/`, rendered by `render::desk` through the
//! theme) and `gazette status` (the same in the terminal, or JSON). It is
//! made from the translation [`Status`] and the articles it names, before
//! any rendering, so the command needs no site model.
//!
//! Urgency: a language's untranslated articles come first, newest first
//! (readers of that language are missing today's news); then the stale
//! translations, those whose original changed most first (an older record
//! without paragraphs, whose extent is unknown, after them); then the
//! translations in progress.

use crate::config::SiteConfig;
use crate::content::Article;
use crate::content::paragraphs::Change;
use crate::status::Status;
use serde::Serialize;

/// The work of every language, in the site's order.
#[derive(Debug, Clone, Serialize)]
pub struct Desk {
    /// Per language.
    pub languages: Vec<DeskLanguage>,
}

/// One language's translation work.
#[derive(Debug, Clone, Serialize)]
pub struct DeskLanguage {
    /// Language code.
    pub code: String,
    /// Its own name.
    pub name: String,
    /// Articles of other languages with no version in this one, newest first.
    pub untranslated: Vec<DeskItem>,
    /// Translations into it whose original changed since, most changed first.
    pub stale: Vec<DeskItem>,
    /// Translations into it begun and not yet marked, newest first.
    pub in_progress: Vec<DeskItem>,
}

/// One article on the desk.
#[derive(Debug, Clone, Serialize)]
pub struct DeskItem {
    /// The file to work on, under `content/`: the translation, or for an
    /// untranslated article the original.
    pub source: String,
    /// Its language.
    pub lang: String,
    /// Its title, plain text.
    pub title: String,
    /// Its page, when published (root-relative; the dev server's page only).
    pub url: Option<String>,
    /// The original it is a translation of (`None` for an untranslated one).
    pub original: Option<String>,
    /// The original's language.
    pub original_lang: String,
    /// The original's title, plain text.
    pub original_title: String,
    /// The original's page, when published (the dev server's page only).
    pub original_url: Option<String>,
    /// The original's date (`YYYY-MM-DD`), `None` for a page.
    pub date: Option<String>,
    /// About how many words the original holds: the work to do.
    pub words: usize,
    /// The original's section, named in the desk's language.
    pub section: Option<String>,
    /// When the original changed (`YYYY-MM-DD`), for a stale translation.
    pub changed: Option<String>,
    /// What changed in the original, for a stale translation that holds a
    /// paragraph record.
    pub changes: Option<Vec<Change>>,
    /// The command to run next.
    pub command: String,
}

/// The desk of the articles `status` speaks of; section names in `lang`.
pub fn of(config: &SiteConfig, status: &Status, lang: &str) -> Desk {
    let languages = config
        .languages
        .iter()
        .map(|l| {
            let mut untranslated: Vec<DeskItem> = status
                .missing
                .iter()
                .filter(|m| m.missing.contains(&l.code))
                .map(|m| {
                    let original = &m.version;
                    let command = format!(
                        "gazette translate content/{} --to {}",
                        original.source, l.code
                    );
                    item(config, lang, original, original, false, command)
                })
                .collect();
            let mut stale: Vec<DeskItem> = status
                .stale
                .iter()
                .filter(|s| s.version.lang == l.code)
                .map(|s| {
                    let command = format!("gazette mark-translated {}", s.version.source);
                    let mut item = item(config, lang, &s.version, &s.original, true, command);
                    item.changed = Some(s.original_changed.clone());
                    item.changes = s.changes.clone();
                    item
                })
                .collect();
            let mut in_progress: Vec<DeskItem> = status
                .in_progress
                .iter()
                .filter(|t| t.version.lang == l.code)
                .map(|t| {
                    let command = format!("gazette mark-translated {}", t.version.source);
                    item(config, lang, &t.version, &t.original, true, command)
                })
                .collect();
            let newest_first =
                |a: &DeskItem, b: &DeskItem| b.date.cmp(&a.date).then(a.source.cmp(&b.source));
            untranslated.sort_by(newest_first);
            in_progress.sort_by(newest_first);
            stale.sort_by(|a, b| {
                let extent = |i: &DeskItem| i.changes.as_ref().map_or(0, |c| c.len() + 1);
                extent(b).cmp(&extent(a)).then(newest_first(a, b))
            });
            DeskLanguage {
                code: l.code.clone(),
                name: l.name.clone(),
                untranslated,
                stale,
                in_progress,
            }
        })
        .collect();
    Desk { languages }
}

/// The item for `article`, a translation of `original` when `translation`
/// (else `article` is the untranslated original itself).
fn item(
    config: &SiteConfig,
    lang: &str,
    article: &Article,
    original: &Article,
    translation: bool,
    command: String,
) -> DeskItem {
    let title = |a: &Article| {
        let typography = config
            .language(&a.lang)
            .map(|l| l.typography)
            .unwrap_or_default();
        crate::markdown::render_inline(&a.front.title, typography).1
    };
    let section = original.front.section.as_ref().and_then(|id| {
        let section = config.sections.iter().find(|s| s.id == *id)?;
        let i = crate::config::language_position(&config.languages, lang)?;
        section.names.get(i).map(|(name, _)| name.clone())
    });
    DeskItem {
        source: article.source.clone(),
        lang: article.lang.clone(),
        title: title(article),
        url: None,
        original: translation.then(|| original.source.clone()),
        original_lang: original.lang.clone(),
        original_title: title(original),
        original_url: None,
        date: original
            .front
            .date
            .map(|d| d.format("%Y-%m-%d").to_string()),
        words: original.words,
        section,
        changed: None,
        changes: None,
        command,
    }
}

impl Desk {
    /// The desk as `gazette status` prints it: per language, the work most
    /// urgent first, each article with its facts, what changed and the
    /// command to run next. In English, as every message of the command
    /// line (the dev server's page speaks the site's first language).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for l in &self.languages {
            let count = l.untranslated.len() + l.stale.len() + l.in_progress.len();
            out.push_str(&format!("== into {} ({}): {count} to do\n", l.name, l.code));
            for (heading, items) in [
                ("to translate", &l.untranslated),
                ("out of date", &l.stale),
                ("in progress", &l.in_progress),
            ] {
                if items.is_empty() {
                    continue;
                }
                out.push_str(&format!("  {heading} ({})\n", items.len()));
                for item in items {
                    item.write_text(&mut out);
                }
            }
        }
        out
    }
}

impl DeskItem {
    fn write_text(&self, out: &mut String) {
        out.push_str(&format!("    {} ({})\n", self.title, self.source));
        if let Some(original) = &self.original {
            out.push_str(&format!(
                "      from {} ({original})\n",
                self.original_title
            ));
        }
        let mut facts: Vec<String> = Vec::new();
        facts.extend(self.date.clone());
        facts.push(format!("{} words", self.words));
        facts.extend(self.section.clone());
        if let Some(changed) = &self.changed {
            facts.push(format!("original changed on {changed}"));
        }
        out.push_str(&format!("      {}\n", facts.join(" · ")));
        match (&self.changed, &self.changes) {
            (Some(_), Some(changes)) => {
                for c in changes {
                    out.push_str(&format!("      {}\n", describe(c)));
                }
            }
            (Some(_), None) => out.push_str(
                "      (marked before paragraphs were recorded: compare the versions by hand)\n",
            ),
            _ => {}
        }
        out.push_str(&format!("      next: {}\n", self.command));
    }
}

/// One change as a line: `changed ¶2: text`, `removed after ¶4`.
fn describe(change: &Change) -> String {
    use crate::content::paragraphs::Kind;
    let kind = match change.kind {
        Kind::New => "new",
        Kind::Changed => "changed",
        Kind::Removed => "removed",
    };
    let place = match (&change.field, &change.kind) {
        (Some(field), _) => field.clone(),
        (None, Kind::Removed) if change.paragraph == 0 => "at the start".into(),
        (None, Kind::Removed) => format!("after ¶{}", change.paragraph),
        (None, _) => format!("¶{}", change.paragraph),
    };
    match &change.text {
        Some(text) => format!("{kind} {place}: {}", text.replace('\n', " ")),
        None => format!("{kind} {place}"),
    }
}

/// The desk of the site in `root`, for `gazette status`: what `gazette
/// build` would publish, with the translations in progress. Sources that
/// fail to read are reported as errors, as by every command.
pub fn load(root: &std::path::Path) -> crate::Result<Desk> {
    let sources = crate::sources::Sources::load(&crate::sources::LoadOptions {
        root: root.to_path_buf(),
        base_url: None,
        drafts: false,
        future: false,
    })?
    .sound()?;
    let lang = sources.config.default_language().code.clone();
    Ok(of(&sources.config, &sources.status, &lang))
}

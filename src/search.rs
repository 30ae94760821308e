//! Search: the rendered pages fed to Pagefind (as a library) while the build
//! writes them, and its index written with the site, one per language
//! (Pagefind splits by `<html lang>`, stemming French and English).
//!
//! Only pages whose template marks a region `data-pagefind-body` are fed:
//! the built-in theme marks the text of articles and pages, so listings,
//! the switch, menus and related cards stay out of the index. The pages go
//! to an indexing thread per language as they are rendered; each sorts its
//! pages by path before indexing them, since Pagefind's output depends on
//! the order it is fed in and a build must be reproducible. (So the indexed
//! pages' HTML is held until the render ends: a cost to bring down.)

use crate::config::SearchSettings;
use crate::error::{Error, Result};
use crate::output::OutputFile;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::urls::SEARCH_BUNDLE;

/// The attribute that marks the region of a page search indexes.
pub const BODY_MARKER: &[u8] = b"data-pagefind-body";

/// The index's entry file: it names the current fragments, so a deploy
/// sends it after them, and browsers always ask for it again.
pub const ENTRY: &str = "pagefind/pagefind-entry.json";

/// Whether the index file `path` is named after its content (its
/// fragments, word indexes, filters and metadata): a change is a new name,
/// so it may be cached for good.
pub fn content_named(path: &str) -> bool {
    let Some(rest) = path.strip_prefix(&format!("{SEARCH_BUNDLE}/")) else {
        return false;
    };
    ["fragment/", "index/", "filter/"]
        .iter()
        .any(|dir| rest.starts_with(dir))
        || rest.ends_with(".pf_meta")
}

/// Whether the file `path` is a page whose template marks a searchable
/// region.
pub fn indexable(path: &str, bytes: &[u8]) -> bool {
    path.ends_with(".html") && memchr::memmem::find(bytes, BODY_MARKER).is_some()
}

/// The language of the page `bytes` as Pagefind reads it: its `<html
/// lang>` (lowercased), if it has one.
pub fn page_lang(bytes: &[u8]) -> Option<String> {
    let start = memchr::memmem::find(bytes, b"<html")?;
    let tag = &bytes[start..];
    let tag = &tag[..memchr::memchr(b'>', tag)?];
    let value = &tag[memchr::memmem::find(tag, b" lang=")? + 6..];
    let quote = *value.first()?;
    let value = if quote == b'"' || quote == b'\'' {
        &value[1..memchr::memchr(quote, &value[1..])? + 1]
    } else {
        &value[..value
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(value.len())]
    };
    let value = std::str::from_utf8(value).ok()?.trim();
    (!value.is_empty()).then(|| value.to_ascii_lowercase())
}

/// Pages on their way to an indexer's thread: enough that renderers
/// rarely wait on it.
const QUEUE: usize = 64;

/// An index being built: one Pagefind indexer per language, each on its
/// own thread (Pagefind indexes one page at a time, and a language's index
/// is independent of the others', so a bilingual site indexes on two
/// cores), merged when done.
pub struct Indexer {
    /// Each language's lane, in the order given (the first takes pages of
    /// no known language).
    lanes: Vec<Lane>,
}

/// One language's indexer.
struct Lane {
    lang: String,
    pages: SyncSender<(String, Vec<u8>)>,
    thread: JoinHandle<std::result::Result<Vec<OutputFile>, String>>,
}

impl Indexer {
    /// Starts an indexer with the site's settings, a lane for each of
    /// `languages` (at least one).
    pub fn start(settings: &SearchSettings, languages: &[String]) -> Self {
        let lanes = languages
            .iter()
            .map(|lang| lang.as_str())
            .chain(languages.is_empty().then_some(""))
            .map(|lang| {
                let (pages, queue) = sync_channel(QUEUE);
                let settings = settings.clone();
                let thread = std::thread::Builder::new()
                    .name(format!("gazette-search-{lang}"))
                    .spawn(move || index(&settings, queue))
                    .expect("a thread can be started");
                Lane {
                    lang: lang.to_string(),
                    pages,
                    thread,
                }
            })
            .collect();
        Indexer { lanes }
    }

    /// Offers a rendered file of language `lang`: indexed if it is a page
    /// whose template marks a searchable region.
    pub fn offer(&self, path: &str, lang: Option<&str>, bytes: Vec<u8>) {
        if indexable(path, &bytes) {
            let lane = self
                .lanes
                .iter()
                .find(|l| Some(l.lang.as_str()) == lang)
                .unwrap_or(&self.lanes[0]);
            // A closed channel means the indexer failed: `finish` says why.
            let _ = lane.pages.send((path.to_string(), bytes));
        }
    }

    /// Waits for every page to be indexed and returns the index's files,
    /// under [`SEARCH_BUNDLE`]: each language's, with the files they share
    /// (the UI) once and one entry naming every language.
    pub fn finish(self) -> Result<Vec<OutputFile>> {
        let mut files: std::collections::BTreeMap<String, OutputFile> = Default::default();
        let mut entry: Option<serde_json::Value> = None;
        // Every lane's queue closes first, so all finish in parallel.
        let threads: Vec<_> = self
            .lanes
            .into_iter()
            .map(|lane| {
                drop(lane.pages);
                lane.thread
            })
            .collect();
        for thread in threads {
            let made = thread
                .join()
                .map_err(|_| Error::Usage("the search indexer stopped unexpectedly".into()))?
                .map_err(|why| Error::Usage(format!("search index: {why}")))?;
            for file in made {
                if file.path == ENTRY {
                    entry = Some(merge_entries(entry, &file.bytes)?);
                } else {
                    files.entry(file.path.clone()).or_insert(file);
                }
            }
        }
        if let Some(entry) = entry {
            files.insert(
                ENTRY.to_string(),
                OutputFile {
                    path: ENTRY.to_string(),
                    bytes: serde_json::to_vec(&entry).expect("JSON serializes"),
                    lang: None,
                },
            );
        }
        Ok(files.into_values().collect())
    }
}

/// The entry of several indexes made apart: one `languages` map.
fn merge_entries(into: Option<serde_json::Value>, bytes: &[u8]) -> Result<serde_json::Value> {
    let bad = |e: String| Error::Usage(format!("search index: {ENTRY}: {e}"));
    let next: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    let Some(mut into) = into else {
        return Ok(next);
    };
    let languages = next["languages"]
        .as_object()
        .ok_or_else(|| bad("no `languages`".into()))?;
    let all = into["languages"]
        .as_object_mut()
        .ok_or_else(|| bad("no `languages`".into()))?;
    for (code, index) in languages {
        all.insert(code.clone(), index.clone());
    }
    Ok(into)
}

/// The indexing thread: a one-thread tokio runtime driving Pagefind's
/// async API over the pages received, then its files.
fn index(
    settings: &SearchSettings,
    queue: Receiver<(String, Vec<u8>)>,
) -> std::result::Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        // A typed builder: each setting changes its type, hence two calls.
        let options = match settings.max_fragments {
            Some(n) => PagefindServiceConfig::builder().max_fragments(n).build(),
            None => PagefindServiceConfig::builder().build(),
        };
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        // Pagefind numbers pages in the order it gets them, and the
        // renderers finish in any order: sorted, the same site makes the
        // same index, byte for byte (so a deploy sends none of it again).
        let mut pages: Vec<(String, Vec<u8>)> = queue.into_iter().collect();
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (path, bytes) in pages {
            let html = String::from_utf8(bytes).map_err(|e| format!("{path}: {e}"))?;
            let html = split_elisions(&html);
            index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| format!("{path}: {e}"))?;
        }
        index.build_indexes().await.map_err(|e| e.to_string())?;
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .map(|f| OutputFile {
                path: format!(
                    "{SEARCH_BUNDLE}/{}",
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: f.contents,
                lang: None,
            })
            .collect())
    })
}

/// The page as Pagefind should read it: Pagefind splits words at ASCII
/// punctuation only, and the typography made every apostrophe typographic,
/// so inside the indexed region `’` is given back as `'` and « l’intelligence »
/// is found by "intelligence" (« aujourd’hui » by "hui" too: harmless).
/// Only the body's text: titles, filters and metadata keep their `’`.
fn split_elisions(html: &str) -> String {
    use lol_html::html_content::ContentType;
    use lol_html::{RewriteStrSettings, rewrite_str, text};
    if !html.contains('\u{2019}') {
        return html.to_string();
    }
    let straighten = |t: &mut lol_html::html_content::TextChunk| {
        if t.as_str().contains('\u{2019}') {
            let text = t.as_str().replace('\u{2019}', "'");
            t.replace(&text, ContentType::Text);
        }
        Ok(())
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(text!("[data-pagefind-body]", straighten))
        .append_element_content_handler(text!("[data-pagefind-body] *", straighten));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_index_files_named_after_their_content_are_immutable() {
        assert!(content_named("pagefind/fragment/fr_1a2b3c.pf_fragment"));
        assert!(content_named("pagefind/index/en_9f8e.pf_index"));
        assert!(content_named("pagefind/pagefind.fr_ce58433ed5.pf_meta"));
        assert!(!content_named(ENTRY));
        assert!(!content_named("pagefind/pagefind-ui.js"));
        assert!(!content_named("fr/fragment/x.pf_fragment"));
    }

    #[test]
    fn the_languages_indexed_apart_share_one_entry() {
        let fr = br#"{"version":"1.6.0","languages":{"fr":{"hash":"fr_1","page_count":3}}}"#;
        let en = br#"{"version":"1.6.0","languages":{"en":{"hash":"en_2","page_count":2}}}"#;
        let both = merge_entries(Some(merge_entries(None, fr).unwrap()), en).unwrap();
        assert_eq!(both["languages"]["fr"]["page_count"], 3);
        assert_eq!(both["languages"]["en"]["hash"], "en_2");
        assert_eq!(both["version"], "1.6.0");
        assert!(merge_entries(Some(both), b"{}").is_err());
    }

    #[test]
    fn a_page_language_is_its_html_lang() {
        assert_eq!(
            page_lang(b"<!doctype html><html lang=\"fr\" dir=\"ltr\"><p lang=\"en\">"),
            Some("fr".into())
        );
        assert_eq!(
            page_lang(b"<html class=x lang='pt-BR'>"),
            Some("pt-br".into())
        );
        assert_eq!(page_lang(b"<html lang=en>"), Some("en".into()));
        assert_eq!(page_lang(b"<html><body lang=\"fr\">"), None);
        assert_eq!(page_lang(b"<html lang=\"\">"), None);
        assert_eq!(page_lang(b"<p>no html</p>"), None);
    }

    #[test]
    fn elisions_are_split_in_the_body_only() {
        let page = "<h1>Le rugby à l’école</h1><div data-pagefind-body><p>De l’<em>intelligence</em> à l’école</p></div><a data-pagefind-filter=\"tag\">L’IA</a>";
        let read = split_elisions(page);
        assert!(read.contains("<h1>Le rugby à l’école</h1>"), "{read}");
        assert!(
            read.contains("<p>De l'<em>intelligence</em> à l'école</p>"),
            "{read}"
        );
        assert!(read.contains(">L’IA</a>"), "{read}");
    }
}

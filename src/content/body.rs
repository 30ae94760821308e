//! An article's body text: its Markdown held, released, and read again
//! from the file when released, checked against the text first read. Kept
//! apart from the reading of an article because of that one rule: what is
//! rendered is the text whose front matter was read, or an error.

use super::{Article, front_matter};
use crate::diagnostic::Diagnostic;
use std::sync::{Arc, Mutex};

/// An article's Markdown: held from the reading until its body is
/// rendered in the dev server (then released: a site's sources weigh as
/// much as its rendered bodies; read again from the file on the rare later
/// need, a theme change rendering every body again), released as soon as
/// read in `build` and `check` ([`super::load_released`]). Shared by the dev
/// server's cache and its site model, hence released through a shared
/// reference.
#[derive(Debug, Default)]
pub(super) struct Markdown(Mutex<Option<Arc<str>>>);

impl Clone for Markdown {
    fn clone(&self) -> Self {
        Markdown(Mutex::new(self.held()))
    }
}

impl Markdown {
    /// `text`, held.
    pub(super) fn new(text: &str) -> Markdown {
        Markdown(Mutex::new(Some(Arc::from(text))))
    }

    pub(super) fn held(&self) -> Option<Arc<str>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Article {
    /// The Markdown after the front matter; once released (see
    /// [`Article::release_body`]), read again from the file, which must
    /// still hold the text first read: a file changed or gone since (an
    /// edit saved during a build) is an error on the article, never a page
    /// made of two versions of it. Its change is on its way to whoever
    /// holds this article (the dev server reads it again on the save; a
    /// build is run again).
    pub fn body(&self) -> Result<Arc<str>, Diagnostic> {
        if let Some(held) = self.markdown.held() {
            return Ok(held);
        }
        let changed = |why: String| {
            Diagnostic::new(&self.path, format!("{why} since it was read: build again"))
        };
        let bytes = std::fs::read(&self.path)
            .map_err(|e| changed(format!("cannot be read any more ({e})")))?;
        let text = super::text_of(&bytes).map_err(|_| changed("changed".into()))?;
        match front_matter::split(&text) {
            Ok((_, _, body, _)) if body_hash(body) == self.body_hash => Ok(Arc::from(body)),
            _ => Err(changed("changed".into())),
        }
    }

    /// Drops the Markdown once the body is rendered: the site's pages hold
    /// the HTML, and [`Article::body`] reads the file again if asked (so
    /// does a fingerprint first asked later: the translation status of a
    /// build asks for its fingerprints before any body is rendered).
    pub fn release_body(&self) {
        *self.markdown.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// A quick hash of a Markdown body, to tell the text read again from the
/// one first read (not a fingerprint: nothing outside the run keeps it).
pub(super) fn body_hash(body: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    body.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::super::*;

    #[test]
    fn a_released_body_changed_or_gone_since_it_was_read_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ntitle: A\n---\nUn mot.\n").unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let article =
            parse_article(path.clone(), "fr/a.md", "fr", bytes, chrono_tz::Tz::UTC).unwrap();
        article.release_body();
        // The front matter may change (it was read): the body may not.
        std::fs::write(&path, "---\ntitle: B\n---\nUn mot.\n").unwrap();
        assert_eq!(&*article.body().unwrap(), "Un mot.\n");
        std::fs::write(&path, "---\ntitle: A\n---\nDeux mots.\n").unwrap();
        let changed = article.body().unwrap_err();
        assert_eq!(changed.path, path);
        assert!(
            changed
                .message
                .contains("changed since it was read: build again"),
            "{changed}"
        );
        std::fs::remove_file(&path).unwrap();
        let gone = article.body().unwrap_err();
        assert!(gone.message.contains("cannot be read any more"), "{gone}");
    }

    #[test]
    fn a_released_body_is_read_again_from_its_file_as_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text =
            "\u{feff}---\r\ntitle: A\r\ndate: 2025-01-01\r\n---\r\nUn « mot » ;\r\n\r\nDeux.\r\n";
        std::fs::write(&path, text).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let article = parse_article(path, "fr/a.md", "fr", bytes, chrono_tz::Tz::UTC).unwrap();
        let read = article.body().unwrap();
        assert_eq!(&*read, "Un « mot » ;\n\nDeux.\n");
        assert_eq!(article.words, word_count(&read));
        article.release_body();
        assert!(article.markdown.held().is_none(), "released");
        assert_eq!(article.body().unwrap(), read, "the same text, read again");
        let fingerprint = article.fingerprint().to_string();
        let fresh = test_article("fr/a.md", text);
        assert_eq!(
            fingerprint,
            fresh.fingerprint(),
            "taken from the text read again"
        );
    }
}

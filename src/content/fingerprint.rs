//! The translation fingerprint: a short hash of an article's text (title and
//! body) that a translation records as `source_fingerprint:` to say "I was
//! translated from this text". It lives here, below both `content` (which
//! caches it per article) and `status` (which compares it), so neither has
//! to import the other.
//!
//! Only the text counts: line endings and trailing white space are
//! normalized so a mere re-save does not change it, and front matter other
//! than the title (tags, dates) is left out.

use sha2::{Digest, Sha256};

/// The fingerprint of a title and Markdown body: 16 hex digits.
pub fn of_text(title: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.trim().as_bytes());
    hasher.update(b"\n");
    for line in body.trim().lines() {
        hasher.update(line.trim_end().as_bytes());
        hasher.update(b"\n");
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re_saving_does_not_change_it() {
        let a = of_text("Titre", "Un texte.\nDeux lignes.\n");
        assert_eq!(a, of_text(" Titre ", "Un texte.  \r\nDeux lignes.\r\n\n"));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn text_changes_do() {
        let a = of_text("Titre", "Un texte.");
        assert_ne!(a, of_text("Titre", "Un autre texte."));
        assert_ne!(a, of_text("Autre titre", "Un texte."));
    }
}

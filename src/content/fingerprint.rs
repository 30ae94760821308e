//! The translation fingerprint: a short hash of an article's text (title,
//! body, and the other fields a reader reads: summary, image alt text and
//! caption) that a translation records as `source_fingerprint:` to say "I was
//! translated from this text". It lives here, below both `content` (which
//! caches it per article) and `status` (which compares it), so neither has
//! to import the other.
//!
//! Only the text counts: line endings and trailing white space are
//! normalized so a mere re-save does not change it, and front matter that is
//! not read as prose (tags, dates, the credit, a name) is left out. A field
//! left empty adds nothing, so the fingerprint of an article with a title
//! and a body only is the one earlier versions recorded.

use sha2::{Digest, Sha256};

/// The front-matter fields a translation translates besides the title, in
/// the order they are hashed, with the key each is written under.
pub const FIELDS: [&str; 3] = ["summary", "image_alt", "image_caption"];

/// The fingerprint of a title and Markdown body: 16 hex digits.
pub fn of_text(title: &str, body: &str) -> String {
    of_article(title, body, [None; FIELDS.len()])
}

/// The fingerprint of a title, Markdown body and the [`FIELDS`] (each
/// `None` when the article does not set it).
pub fn of_article(title: &str, body: &str, fields: [Option<&str>; FIELDS.len()]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.trim().as_bytes());
    hasher.update(b"\n");
    for line in body.trim().lines() {
        hasher.update(line.trim_end().as_bytes());
        hasher.update(b"\n");
    }
    for (key, value) in FIELDS.iter().zip(fields) {
        if let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) {
            hasher.update(format!("\0{key}: {value}\n").as_bytes());
        }
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
    fn every_field_a_reader_reads_counts() {
        let plain = of_text("Titre", "Un texte.");
        assert_eq!(
            plain,
            of_article("Titre", "Un texte.", [None, Some(" "), None])
        );
        let summary = of_article("Titre", "Un texte.", [Some("Chapô."), None, None]);
        assert_ne!(plain, summary);
        assert_ne!(
            summary,
            of_article("Titre", "Un texte.", [Some("Chapô !"), None, None])
        );
        let alt = of_article("Titre", "Un texte.", [None, Some("Chapô."), None]);
        assert_ne!(summary, alt, "a field's key counts, not only its text");
        let caption = of_article("Titre", "Un texte.", [None, None, Some("Légende")]);
        assert_ne!(plain, caption);
    }

    #[test]
    fn text_changes_do() {
        let a = of_text("Titre", "Un texte.");
        assert_ne!(a, of_text("Titre", "Un autre texte."));
        assert_ne!(a, of_text("Autre titre", "Un texte."));
    }
}

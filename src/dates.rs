//! Dates as each language writes them, from chrono's locale data (no
//! hand-written month tables): "29 janvier 2025", "January 29, 2025".

use crate::config::Language;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// A date for templates: machine-readable and as readers of one language read it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// RFC 3339, for `<time datetime>`, feeds and sitemaps.
    pub iso: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Localized, from the language's `date_format` and locale.
    pub display: String,
}

/// Formats `date` for readers of `lang`.
pub fn view(date: &DateTime<FixedOffset>, lang: &Language) -> DateView {
    DateView {
        iso: date.to_rfc3339(),
        day: date.format("%Y-%m-%d").to_string(),
        display: date
            .format_localized(&lang.date_format, lang.locale)
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lang(locale: &str, format: &str) -> Language {
        Language {
            code: "x".into(),
            name: "x".into(),
            title: "x".into(),
            description: String::new(),
            locale: chrono::Locale::try_from(locale).unwrap(),
            date_format: format.into(),
            strings: BTreeMap::new(),
            typography: Default::default(),
        }
    }

    #[test]
    fn months_come_from_the_locale() {
        let d = DateTime::parse_from_rfc3339("2025-01-29T10:00:00+01:00").unwrap();
        assert_eq!(
            view(&d, &lang("fr_FR", "%-d %B %Y")).display,
            "29 janvier 2025"
        );
        assert_eq!(
            view(&d, &lang("en_US", "%B %-d, %Y")).display,
            "January 29, 2025"
        );
        assert_eq!(
            view(&d, &lang("de_DE", "%-d. %B %Y")).display,
            "29. Januar 2025"
        );
        assert_eq!(view(&d, &lang("fr_FR", "%F")).day, "2025-01-29");
    }
}

//! Dates: read from front matter in the forms writers and other site
//! generators use, and written for readers of each language from chrono's
//! locale data (no hand-written month tables): "29 janvier 2025",
//! "January 29, 2025".
//!
//! A date without a time zone (`2025-01-29`, `2024-05-27T09:37:24`) is in
//! the site's `time_zone` (default UTC), so a newsroom in Paris writes its
//! local times; one with a zone keeps it.

use crate::config::Language;
use chrono::format::{DelayedFormat, Item, StrftimeItems};
use chrono::{DateTime, FixedOffset, Locale, NaiveDate, NaiveDateTime, TimeZone};
pub use chrono_tz::Tz;
use serde::Serialize;

/// Forms with a time zone, tried after RFC 3339: Jekyll's
/// `2018-03-09 09:00:00 -0400` and its relatives.
const WITH_ZONE: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M %z",
];

/// Forms without one: Hugo's `2024-05-27T09:37:24` and its relatives.
const WITHOUT_ZONE: [&str; 4] = [
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
];

/// Reads a front matter date: `YYYY-MM-DD` (midnight), RFC 3339, Jekyll's
/// `YYYY-MM-DD HH:MM:SS ±hhmm`, or a date and time without zone; the last
/// two forms without a zone are taken in `zone`.
pub fn parse(text: &str, zone: Tz) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    let local = |naive: NaiveDateTime| {
        zone.from_local_datetime(&naive)
            .earliest()
            .map(|d| d.fixed_offset())
            .ok_or_else(|| {
                format!("`{text}` does not exist in the time zone {zone} (a clock change skips it)")
            })
    };
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return local(d.and_hms_opt(0, 0, 0).expect("midnight"));
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Ok(d);
    }
    if let Some(d) = WITH_ZONE
        .iter()
        .find_map(|f| DateTime::parse_from_str(text, f).ok())
    {
        return Ok(d);
    }
    match WITHOUT_ZONE
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    {
        Some(naive) => local(naive),
        None => Err(format!(
            "`{text}` is not a date: write YYYY-MM-DD, or a date and time such as 2025-01-29T08:30:00+01:00 (without a zone, the site's time_zone applies)"
        )),
    }
}

/// A date for templates: machine-readable and as readers of one language read it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// RFC 3339, for `<time datetime>`, feeds and sitemaps.
    pub iso: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Localized, from the language's `date_format` and locale.
    pub display: String,
    /// The time of day as written (24-hour `HH:MM`, in the date's own zone),
    /// for when the hour matters: a scheduled article's moment.
    pub time: String,
}

/// A language's `date_format`, parsed once, when the configuration is
/// read: a pattern chrono cannot write is an error on site.toml there, not
/// a panic in the middle of a build; and each date is written from the
/// parsed pattern (parsing it again for each of the tens of thousands of
/// dates listings and cards show, and writing the zone's offset out for a
/// pattern that does not show it, were most of a date's cost).
#[derive(Debug, Clone, PartialEq)]
pub struct DateFormat {
    items: Vec<Item<'static>>,
    /// It shows the offset or the zone (`%z`, `%c`…): written only then.
    names_offset: bool,
}

impl DateFormat {
    /// `pattern` (strftime, as chrono reads it) for readers of `locale`.
    pub fn parse(pattern: &str, locale: Locale) -> Result<DateFormat, String> {
        let not_a_date = || {
            format!(
                "date_format `{pattern}` is not a date pattern chrono can write (strftime, such as `%-d %B %Y`)"
            )
        };
        let items = (StrftimeItems::new_with_locale(pattern, locale).parse_to_owned())
            .map_err(|_| not_a_date())?;
        let mut format = DateFormat {
            items,
            names_offset: false,
        };
        // What chrono cannot write without the offset tells whether the
        // pattern names it; what it cannot write with it is not a pattern.
        let sample = DateTime::parse_from_rfc3339("2025-01-09T07:05:09+01:00").expect("a date");
        if format.write(&sample, locale).is_none() {
            format.names_offset = true;
        }
        match format.write(&sample, locale) {
            Some(_) => Ok(format),
            None => Err(not_a_date()),
        }
    }

    /// `date` written with the pattern, `None` if chrono cannot.
    fn write(&self, date: &DateTime<FixedOffset>, locale: Locale) -> Option<String> {
        use std::fmt::Write;
        let local = date.naive_local();
        let (day, time, items) = (Some(local.date()), Some(local.time()), self.items.iter());
        let mut out = String::with_capacity(32);
        let written = match self.names_offset {
            true => {
                let offset = date.offset();
                let f = DelayedFormat::new_with_offset_and_locale(day, time, offset, items, locale);
                write!(out, "{f}")
            }
            false => write!(
                out,
                "{}",
                DelayedFormat::new_with_locale(day, time, items, locale)
            ),
        };
        written.ok().map(|()| out)
    }
}

/// Formats `date` for readers of `lang`.
pub fn view(date: &DateTime<FixedOffset>, lang: &Language) -> DateView {
    use chrono::{Datelike, Timelike};
    // The day and the time written directly: chrono's `format` writes the
    // offset out for each call, most of a view's cost, and listings, feeds
    // and cards make tens of thousands of these.
    let day = match u32::try_from(date.year()) {
        Ok(year @ 0..=9999) => digits(&[(year, 4), (date.month(), 2), (date.day(), 2)], '-'),
        _ => date.format("%Y-%m-%d").to_string(),
    };
    // Parsed patterns are all written (`DateFormat::parse` tried one).
    let display = (lang.date_format.write(date, lang.locale)).unwrap_or_else(|| day.clone());
    DateView {
        iso: date.to_rfc3339(),
        day,
        time: digits(&[(date.hour(), 2), (date.minute(), 2)], ':'),
        display,
    }
}

/// Numbers zero-padded to their widths, joined by `sep` (`2025-01-09`):
/// `format!` with a width is slow enough to show in a build's profile.
fn digits(numbers: &[(u32, u32)], sep: char) -> String {
    let mut out = String::with_capacity(12);
    for (i, &(n, width)) in numbers.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        for place in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn lang(locale: &str, format: &str) -> Language {
        let locale = chrono::Locale::try_from(locale).unwrap();
        Language {
            code: "x".into(),
            name: "x".into(),
            title: "x".into(),
            description: String::new(),
            locale,
            date_format: DateFormat::parse(format, locale).unwrap(),
            strings: BTreeMap::new(),
            typography: Default::default(),
            menu: Vec::new(),
            locale_name: String::new(),
            words_per_minute: 230,
            untranslated: Default::default(),
            permalink: String::new(),
            page_permalink: String::new(),
        }
    }

    #[test]
    fn a_view_writes_the_day_and_time_as_chrono_does() {
        let fr = lang("fr_FR", "%e %B %Y");
        for t in [
            "2025-01-09T07:05:00+01:00",
            "0042-12-31T23:59:00-09:30",
            "+12345-06-01T00:00:00Z",
        ] {
            let d = DateTime::parse_from_rfc3339(t)
                .or_else(|_| DateTime::parse_from_str(t, "%+"))
                .unwrap();
            let v = view(&d, &fr);
            assert_eq!(v.day, d.format("%Y-%m-%d").to_string(), "{t}");
            assert_eq!(v.time, d.format("%H:%M").to_string(), "{t}");
        }
    }

    #[test]
    fn a_pattern_is_written_as_chrono_writes_it_and_checked_once() {
        let d = DateTime::parse_from_rfc3339("2025-01-09T07:05:00+01:00").unwrap();
        let fr = chrono::Locale::fr_FR;
        for pattern in [
            "%-d %B %Y",
            "%A %e %b %Y, %H h %M",
            "%c",
            "%-d %B %Y (%z)",
            "%x %Z",
        ] {
            assert_eq!(
                view(&d, &lang("fr_FR", pattern)).display,
                d.format_localized(pattern, fr).to_string(),
                "{pattern}"
            );
        }
        assert_eq!(
            view(&d, &lang("fr_FR", "%-d %B %Y")).display,
            "9 janvier 2025"
        );
        for nonsense in ["%-d %Q %Y", "%", "%-"] {
            assert!(DateFormat::parse(nonsense, fr).is_err(), "{nonsense}");
        }
    }

    #[test]
    fn the_forms_of_other_generators_are_read() {
        let utc = Tz::UTC;
        let iso = |t: &str, z| parse(t, z).unwrap().to_rfc3339();
        assert_eq!(iso("2025-01-29", utc), "2025-01-29T00:00:00+00:00");
        assert_eq!(
            iso("2025-01-29T08:30:00+01:00", utc),
            "2025-01-29T08:30:00+01:00"
        );
        assert_eq!(
            iso("2018-03-09 09:00:00 -0400", utc),
            "2018-03-09T09:00:00-04:00"
        );
        assert_eq!(
            iso("2018-03-09 09:00:00 +05:30", utc),
            "2018-03-09T09:00:00+05:30"
        );
        assert_eq!(iso("2024-05-27T09:37:24", utc), "2024-05-27T09:37:24+00:00");
        assert_eq!(iso("2024-05-27 09:37", utc), "2024-05-27T09:37:00+00:00");
    }

    #[test]
    fn dates_without_a_zone_are_in_the_site_zone() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let iso = |t: &str| parse(t, paris).unwrap().to_rfc3339();
        assert_eq!(iso("2024-05-27T09:37:24"), "2024-05-27T09:37:24+02:00");
        assert_eq!(iso("2024-01-27 09:37"), "2024-01-27T09:37:00+01:00");
        assert_eq!(iso("2025-01-29"), "2025-01-29T00:00:00+01:00");
        // An explicit zone wins.
        assert_eq!(iso("2024-05-27T09:37:24Z"), "2024-05-27T09:37:24+00:00");
    }

    #[test]
    fn nonsense_is_refused() {
        for t in [
            "29/01/2025",
            "2025-13-01",
            "2025-01-29T25:00",
            "tomorrow",
            "2025-01-29 09:00:00 EST",
            "",
        ] {
            assert!(parse(t, Tz::UTC).is_err(), "{t}");
        }
        let paris: Tz = "Europe/Paris".parse().unwrap();
        assert!(
            parse("2025-03-30T02:30:00", paris)
                .unwrap_err()
                .contains("clock change")
        );
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

//! What is published at a given moment: the one rule that leaves drafts,
//! scheduled articles (a `date` still to come) and expired ones (`expires:`
//! passed) out of a build, and the next moment that rule will give another
//! answer, so a cron job knows when to rebuild.
//!
//! "Now" is the clock's, or `GAZETTE_NOW` (RFC 3339) when set: a hidden
//! hook so tests, and a newsroom checking tomorrow's front page, can fix it.

use crate::content::Article;
use crate::content::front_matter::FrontMatter;
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use std::sync::Arc;

/// Which articles a build publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publishing {
    /// Publish drafts too (`--drafts`, the dev server).
    pub drafts: bool,
    /// Publish scheduled articles before their date (`--future`, the dev
    /// server).
    pub future: bool,
    /// The moment the build publishes at.
    pub now: DateTime<FixedOffset>,
}

/// Why an article is left out of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// `draft: true`, without `--drafts`.
    Draft,
    /// Its date is to come, without `--future`.
    Scheduled(DateTime<FixedOffset>),
    /// Its `expires:` has passed.
    Expired(DateTime<FixedOffset>),
}

impl std::fmt::Display for Held {
    /// Completes "link to `fr/x.md`, …".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let day = |d: &DateTime<FixedOffset>| d.format("%Y-%m-%d %H:%M %:z").to_string();
        match self {
            Held::Draft => {
                f.write_str("a draft that is not published (build with --drafts to preview)")
            }
            Held::Scheduled(d) => write!(
                f,
                "scheduled for {}, not yet published (build with --future to preview)",
                day(d)
            ),
            Held::Expired(d) => write!(f, "which expired on {} and is no longer published", day(d)),
        }
    }
}

/// Why the site will change on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// A scheduled article's date comes.
    Publishes,
    /// An article's `expires:` passes.
    Expires,
}

/// The next moment the published site changes with no edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextChange {
    /// When (RFC 3339).
    #[serde(serialize_with = "rfc3339")]
    pub at: DateTime<FixedOffset>,
    /// What happens then.
    pub change: Change,
    /// The article it happens to (its path under `content/`).
    pub source: String,
}

fn rfc3339<S: serde::Serializer>(at: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339())
}

impl std::fmt::Display for NextChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.change {
            Change::Publishes => "is published",
            Change::Expires => "expires",
        };
        write!(f, "{} ({} {what})", self.at.to_rfc3339(), self.source)
    }
}

/// The moment a build publishes at: `GAZETTE_NOW` if set, else the clock.
pub fn now() -> Result<DateTime<FixedOffset>, String> {
    match std::env::var("GAZETTE_NOW") {
        Ok(text) => DateTime::parse_from_rfc3339(text.trim())
            .map_err(|e| format!("GAZETTE_NOW=`{text}` is not an RFC 3339 moment: {e}")),
        Err(_) => Ok(Utc::now().fixed_offset()),
    }
}

impl Publishing {
    /// Whether it publishes at a moment still to come (`GAZETTE_NOW` set
    /// ahead of the clock, a preview of a scheduled edition): what it shows
    /// is not published yet.
    pub fn ahead_of_clock(&self) -> bool {
        self.now > Utc::now() + chrono::Duration::minutes(1)
    }

    /// Publishing at the present moment ([`now`]).
    pub fn at_present(drafts: bool, future: bool) -> Result<Self, String> {
        Ok(Publishing {
            drafts,
            future,
            now: now()?,
        })
    }

    /// Whether an article with this front matter is published.
    pub fn shows(&self, front: &FrontMatter) -> bool {
        self.held(front).is_none()
    }

    /// Why an article with this front matter is not published; `None`
    /// when it is. The one rule of what a build publishes.
    pub fn held(&self, front: &FrontMatter) -> Option<Held> {
        if front.draft && !self.drafts {
            Some(Held::Draft)
        } else if let Some(end) = front.expires.filter(|_| self.expired(front)) {
            Some(Held::Expired(end))
        } else {
            front
                .date
                .filter(|_| !self.future && self.scheduled(front))
                .map(Held::Scheduled)
        }
    }

    /// Whether its date is still to come.
    pub fn scheduled(&self, front: &FrontMatter) -> bool {
        front.date.is_some_and(|d| d > self.now)
    }

    /// Whether its `expires:` has passed.
    pub fn expired(&self, front: &FrontMatter) -> bool {
        front.expires.is_some_and(|e| e <= self.now)
    }

    /// The next moment [`Publishing::shows`] changes its answer for one of
    /// `articles` (drafts never do: they wait for an edit).
    pub fn next_change(&self, articles: &[Arc<Article>]) -> Option<NextChange> {
        articles
            .iter()
            .filter(|a| self.drafts || !a.front.draft)
            .flat_map(|a| {
                let publishes = a
                    .front
                    .date
                    .filter(|&d| !self.future && d > self.now)
                    .map(|d| (d, Change::Publishes));
                let expires = a
                    .front
                    .expires
                    .filter(|&e| e > self.now)
                    .map(|e| (e, Change::Expires));
                [publishes, expires]
                    .into_iter()
                    .flatten()
                    .map(|(at, change)| NextChange {
                        at,
                        change,
                        source: a.source.clone(),
                    })
            })
            .min_by(|a, b| (a.at, &a.source).cmp(&(b.at, &b.source)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::parse;
    use crate::dates::Tz;

    fn front(yaml: &str) -> FrontMatter {
        parse(&format!("title: A\n{yaml}\n"), 2, Tz::UTC).unwrap()
    }

    fn at(drafts: bool, future: bool, now: &str) -> Publishing {
        Publishing {
            drafts,
            future,
            now: DateTime::parse_from_rfc3339(now).unwrap(),
        }
    }

    #[test]
    fn a_date_to_come_waits_unless_future() {
        let f = front("date: 2025-03-01T08:00:00+01:00");
        assert!(!at(false, false, "2025-03-01T06:59:59Z").shows(&f));
        assert!(at(false, false, "2025-03-01T07:00:00Z").shows(&f));
        assert!(at(false, true, "2025-02-01T00:00:00Z").shows(&f));
    }

    #[test]
    fn expiry_removes_even_with_future() {
        let f = front("date: 2025-01-01\nexpires: 2025-02-01");
        assert!(at(false, false, "2025-01-31T23:59:59Z").shows(&f));
        assert!(!at(false, true, "2025-02-01T00:00:00Z").shows(&f));
    }

    #[test]
    fn drafts_need_drafts() {
        let f = front("date: 2025-01-01\ndraft: true");
        assert!(!at(false, true, "2025-02-01T00:00:00Z").shows(&f));
        assert!(at(true, false, "2025-02-01T00:00:00Z").shows(&f));
    }

    #[test]
    fn expires_must_follow_the_date() {
        let e = parse(
            "title: A\ndate: 2025-02-01\nexpires: 2025-01-01\n",
            2,
            Tz::UTC,
        )
        .unwrap_err();
        assert_eq!(e[0].line, 4, "{e:?}");
    }
}

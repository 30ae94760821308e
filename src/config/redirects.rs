//! `[redirects]` of `site.toml`: old paths of the site that lead elsewhere,
//! beyond an article's own `aliases:` — a section's or a tag's old URL
//! (`/categories/economie.html`), or a path that now lives on another site.
//! Published like aliases: a small page at the old path and a line of
//! `_redirects`, whose rules depend on the host ([`Host`]).

use crate::urls::{alias_path, has_scheme};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The static host a site is published on (`host = "netlify"`), for the
/// files a host reads itself. `_redirects` is read by Netlify and Cloudflare
/// Pages, which differ: Netlify serves an existing file before a rule unless
/// the rule is forced (`301!`), and a redirect page stands at every alias;
/// Cloudflare always follows its rules and refuses `301!` as a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    /// Any host: plain rules (Cloudflare Pages follows them; elsewhere the
    /// redirect page at each alias answers).
    #[default]
    Any,
    /// Netlify: forced rules.
    Netlify,
    /// Cloudflare Pages: plain rules, which it always follows.
    Cloudflare,
}

impl Host {
    /// The status a `_redirects` rule for a moved page carries on this host.
    pub fn redirect_status(self) -> &'static str {
        match self {
            Host::Netlify => "301!",
            Host::Any | Host::Cloudflare => "301",
        }
    }
}

/// One old path and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteRedirect {
    /// The old path, under the base URL, without its leading `/`, checked
    /// as an alias is (`categories/economie.html`).
    pub from: String,
    /// Where it leads: a path of the site (`/fr/economie/`, under the base
    /// URL) or an absolute `http(s)` URL of another site.
    pub to: Target,
    /// Its line in `site.toml`.
    pub line: Option<usize>,
}

/// Where a redirect leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A path of this site, under its base URL, without its leading `/`.
    Site(String),
    /// Another site's URL, as written.
    Elsewhere(String),
}

/// `[redirects]` checked: each old path as an alias is, each target a path
/// of the site or an `http(s)` URL; the problems with their lines.
pub(super) fn redirects(
    raw: BTreeMap<String, String>,
    line_of: impl Fn(&str) -> Option<usize>,
) -> Result<Vec<SiteRedirect>, Vec<(Option<usize>, String)>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (from, to) in raw {
        let line = line_of(&from);
        let fail = |m: String| (line, format!("[redirects] `{from}`: {m}"));
        let path = match alias_path(&from) {
            Ok(path) => path,
            Err(m) => {
                errors.push(fail(m));
                continue;
            }
        };
        let to = to.trim();
        let target = if to.starts_with("https://") || to.starts_with("http://") {
            Target::Elsewhere(to.to_string())
        } else if to.starts_with('/') && !to.starts_with("//") && !has_scheme(to) {
            Target::Site(to.trim_start_matches('/').to_string())
        } else {
            errors.push(fail(format!(
                "leads to `{to}`: write a path of the site (`/fr/economie/`) or a full `https://` URL"
            )));
            continue;
        };
        if target == Target::Site(path.clone()) {
            errors.push(fail("leads to itself".into()));
            continue;
        }
        found.push(SiteRedirect {
            from: path,
            to: target,
            line,
        });
    }
    match errors.is_empty() {
        true => Ok(found),
        false => Err(errors),
    }
}

/// The line of `"<from>" = …` under `[redirects]`.
pub(super) fn line(text: &str, from: &str) -> Option<usize> {
    let start = super::lines::key_line(text, "redirects")?;
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(i, l)| *i == start || !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            let l = l.trim_start();
            l.starts_with(&format!("\"{from}\"")) || l.starts_with(&format!("'{from}'"))
        })
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Vec<SiteRedirect>, Vec<(Option<usize>, String)>> {
        let raw = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        redirects(raw, |_| Some(3))
    }

    #[test]
    fn old_paths_lead_to_the_site_or_elsewhere() {
        let found = read(&[
            ("/categories/economie.html", "/fr/economie/"),
            ("/presse/", "https://presse.example.org/"),
        ])
        .unwrap();
        assert_eq!(found[0].from, "categories/economie.html");
        assert_eq!(found[0].to, Target::Site("fr/economie/".into()));
        assert_eq!(
            found[1].to,
            Target::Elsewhere("https://presse.example.org/".into())
        );
    }

    #[test]
    fn a_bad_path_or_target_is_an_error_on_its_line() {
        let errors = read(&[
            ("/a/", "fr/relative/"),
            ("/b/", "javascript:alert(1)"),
            ("/c/*", "/fr/"),
            ("/d/", "/d/"),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors.iter().all(|(line, _)| *line == Some(3)));
        assert!(
            errors[0]
                .1
                .starts_with("[redirects] `/a/`: leads to `fr/relative/`"),
            "{errors:?}"
        );
        assert!(errors[3].1.ends_with("leads to itself"), "{errors:?}");
    }
}

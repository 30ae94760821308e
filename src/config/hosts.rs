//! One address per language (`[languages.<code>] base_url`, Hugo's
//! "multihost"): `https://example.com/` for English, `https://exemple.fr/`
//! for French. Checked once here; what it means for URLs and the output
//! folder is decided in [`crate::urls`].
//!
//! Every language then has an address: its own `base_url`, or the site's.
//! They must differ by host only (one path for all), because the files the
//! languages share (images, styles, the search index) are linked from that
//! path on every host.

use super::Language;
use crate::urls::{Address, BaseUrl};
use std::collections::BTreeMap;

/// Each language's address, in the site's language order, or none when no
/// language has a `base_url` of its own. Errors name the key and say why.
pub(super) fn resolve(
    site: &BaseUrl,
    languages: &[Language],
    own: &BTreeMap<String, String>,
    default_at_root: bool,
) -> Result<Vec<Address>, Vec<(String, String)>> {
    if own.is_empty() {
        return Ok(Vec::new());
    }
    let mut errors = Vec::new();
    if default_at_root {
        errors.push((
            "default_language_at_root".to_string(),
            "default_language_at_root cannot be combined with a base_url per language: each language is already at the root of its own address".to_string(),
        ));
    }
    let mut hosts: Vec<Address> = Vec::new();
    for lang in languages {
        let key = format!("languages.{}.base_url", lang.code);
        let base = match own.get(&lang.code) {
            None => site.clone(),
            Some(text) => match BaseUrl::parse(text) {
                Ok(base) => base,
                Err(m) => {
                    errors.push((key, format!("[languages.{}] {m}", lang.code)));
                    continue;
                }
            },
        };
        if base.path != site.path {
            errors.push((
                key.clone(),
                format!(
                    "[languages.{}] base_url is served under `{}` but the site's under `{}`: every language's address needs the same path, since the files they share (images, styles) are linked from it",
                    lang.code, base.path, site.path
                ),
            ));
        }
        if let Some((other, _)) = hosts.iter().find(|(_, b)| b.origin == base.origin) {
            errors.push((
                key,
                format!(
                    "[languages.{}] has the same address as [languages.{other}] ({}): give each language its own host",
                    lang.code, base.origin
                ),
            ));
        }
        hosts.push((lang.code.clone(), base));
    }
    match errors.is_empty() {
        true => Ok(hosts),
        false => Err(errors),
    }
}

//! The target's record and what a deploy does, decided before anything is
//! sent: a pure function of the built site, the build's stamp, the record
//! on the target and the target's listing, so every rule is tested here.
//!
//! The record (`.gazette-manifest.json` at the target's root) holds every
//! file Gazette published there (path → hash, size, content type) and every
//! URL of an article, page or alias readers can reach. A file is sent when
//! the record has another hash for it, or the target lacks it or holds
//! another size (so a file changed or removed by hand is put back). A file
//! is deleted when Gazette published it and the new site no longer has it;
//! files Gazette never published are left alone. A stylesheet or script
//! named after its content stays one deploy longer once replaced: a reader
//! (or a CDN) still holding the previous page finds what it links.

use super::local::LocalFile;
use crate::stamp::Stamp;
use crate::urls::output_file;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The record's file name, at the target's root.
pub const MANIFEST: &str = ".gazette-manifest.json";

/// Where a target's own temporary files start (never site files).
pub const TEMP_PREFIX: &str = ".gazette-tmp-";

/// The record kept on a target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Every file published, by path.
    pub files: BTreeMap<String, Entry>,
    /// Files named after their content that the site no longer links,
    /// kept until the next deploy.
    #[serde(default)]
    pub retired: BTreeMap<String, Entry>,
    /// URL path (`/fr/2025/01/x/`) → the source that published it: the
    /// articles, pages and aliases readers can reach.
    #[serde(default)]
    pub published: BTreeMap<String, String>,
}

/// One published file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// SHA-256 of its bytes (empty while a deploy sending it has not
    /// finished: the next deploy sends it again).
    pub hash: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its `Content-Type`.
    pub content_type: String,
    /// Named after its content (kept one deploy once replaced).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub immutable: bool,
}

impl Entry {
    fn of(file: &LocalFile) -> Entry {
        Entry {
            hash: file.hash.clone(),
            size: file.size,
            content_type: file.content_type.clone(),
            immutable: file.cache_control.contains("immutable"),
        }
    }
}

/// What a deploy will do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to send, in the safe order (assets, pages, indexes; by path).
    pub send: Vec<LocalFile>,
    /// Files to delete, after everything is sent.
    pub delete: Vec<String>,
    /// Replaced files named after their content, kept one deploy longer.
    pub keep: Vec<String>,
    /// Files already in place.
    pub unchanged: usize,
    /// Files on the target that Gazette did not publish (left alone).
    pub foreign: usize,
    /// URLs readers could reach that the new site no longer has:
    /// (URL path, the source that published it).
    pub removed_urls: Vec<(String, String)>,
    /// The record to write once the deploy is done.
    pub manifest: Manifest,
}

impl Plan {
    /// Bytes to send.
    pub fn bytes(&self) -> u64 {
        self.send.iter().map(|f| f.size).sum()
    }

    /// The record to write before sending anything, so a deploy stopped
    /// halfway is finished by the next: the old record, plus the new files
    /// as not yet sent (no hash) and the new URLs (guarded from now on).
    pub fn provisional(&self, old: &Manifest) -> Manifest {
        let mut m = old.clone();
        for file in &self.send {
            m.files.entry(file.path.clone()).or_insert_with(|| Entry {
                hash: String::new(),
                ..Entry::of(file)
            });
        }
        m.published.extend(
            self.manifest
                .published
                .iter()
                .map(|(u, s)| (u.clone(), s.clone())),
        );
        m
    }
}

/// Decides what to send and delete. `listing` is what the target holds
/// (path → size), `old` its record (empty on a first deploy).
pub fn plan(
    site: Vec<LocalFile>,
    stamp: &Stamp,
    old: &Manifest,
    listing: &BTreeMap<String, u64>,
) -> Plan {
    let mut plan = Plan::default();
    let new_paths: BTreeSet<&str> = site.iter().map(|f| f.path.as_str()).collect();
    // Deletions: what Gazette published that the site no longer has.
    for (path, entry) in old.files.iter().chain(&old.retired) {
        if new_paths.contains(path.as_str()) || plan.delete.contains(path) {
            continue;
        }
        let retiring_now = entry.immutable && !old.retired.contains_key(path);
        if retiring_now && listing.contains_key(path) {
            plan.keep.push(path.clone());
            plan.manifest.retired.insert(path.clone(), entry.clone());
        } else if listing.contains_key(path) {
            plan.delete.push(path.clone());
        }
    }
    plan.foreign = listing
        .keys()
        .filter(|p| {
            p.as_str() != MANIFEST
                && !p.starts_with(TEMP_PREFIX)
                && !p.contains(&format!("/{TEMP_PREFIX}"))
                && !new_paths.contains(p.as_str())
                && !old.files.contains_key(*p)
                && !old.retired.contains_key(*p)
        })
        .count();
    // URLs: every one recorded must still answer, unless its article
    // expired on purpose.
    for (url, source) in &old.published {
        let answers =
            stamp.published.contains_key(url) || new_paths.contains(output_file(url).as_str());
        if !answers && !stamp.expired.contains(source) {
            plan.removed_urls.push((url.clone(), source.clone()));
        }
    }
    plan.manifest.published = stamp.published.clone();
    for file in site {
        let recorded = old.files.get(&file.path).map(|e| e.hash.as_str());
        let in_place =
            recorded == Some(file.hash.as_str()) && listing.get(&file.path) == Some(&file.size);
        plan.manifest
            .files
            .insert(file.path.clone(), Entry::of(&file));
        if in_place {
            plan.unchanged += 1;
        } else {
            plan.send.push(file);
        }
    }
    plan.send
        .sort_by(|a, b| (a.phase, &a.path).cmp(&(b.phase, &b.path)));
    plan
}

#[cfg(test)]
mod tests {
    use super::super::local::{Phase, cache_control};
    use super::*;

    fn file(path: &str, content: &str) -> LocalFile {
        let phase = Phase::of(path);
        LocalFile {
            path: path.into(),
            hash: crate::images::probe::sha256_hex(content.as_bytes()),
            size: content.len() as u64,
            content_type: crate::output::content_type(path),
            cache_control: cache_control(phase, path.starts_with("style.")),
            phase,
        }
    }

    fn stamp(urls: &[(&str, &str)]) -> Stamp {
        Stamp {
            gazette: "0".into(),
            sources: String::new(),
            base_url: "https://example.org/".into(),
            drafts: false,
            future: false,
            clock_ahead: false,
            published: urls
                .iter()
                .map(|(u, s)| (u.to_string(), s.to_string()))
                .collect(),
            expired: Vec::new(),
            immutable: Vec::new(),
        }
    }

    fn listing(plan: &Plan) -> BTreeMap<String, u64> {
        plan.manifest
            .files
            .iter()
            .chain(&plan.manifest.retired)
            .map(|(p, e)| (p.clone(), e.size))
            .collect()
    }

    fn site_v1() -> Vec<LocalFile> {
        vec![
            file("fr/a/index.html", "a1"),
            file("fr/b/index.html", "b1"),
            file("sitemap.xml", "s1"),
            file("media/a/photo.jpg", "jpeg"),
            file("style.aaaa.css", "css1"),
        ]
    }

    #[test]
    fn a_first_deploy_sends_everything_in_the_safe_order() {
        let plan = plan(
            site_v1(),
            &stamp(&[]),
            &Manifest::default(),
            &BTreeMap::new(),
        );
        let order: Vec<&str> = plan.send.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "media/a/photo.jpg",
                "style.aaaa.css",
                "fr/a/index.html",
                "fr/b/index.html",
                "sitemap.xml"
            ]
        );
        assert_eq!(plan.bytes(), 2 + 2 + 2 + 4 + 4);
        assert!(plan.delete.is_empty() && plan.unchanged == 0);
    }

    #[test]
    fn a_second_deploy_sends_only_what_changed_and_deletes_last() {
        let s = stamp(&[("/fr/a/", "fr/a.md"), ("/fr/b/", "fr/b.md")]);
        let first = plan(site_v1(), &s, &Manifest::default(), &BTreeMap::new());
        let same = plan(site_v1(), &s, &first.manifest, &listing(&first));
        assert!(same.send.is_empty() && same.delete.is_empty());
        assert_eq!(same.unchanged, 5);
        // b is edited, the sitemap follows; a is deleted with an alias in b.
        let v2 = vec![
            file("fr/b/index.html", "b2"),
            file("sitemap.xml", "s2"),
            file("media/a/photo.jpg", "jpeg"),
            file("style.aaaa.css", "css1"),
            file("fr/a/index.html", "redirect"),
        ];
        let s2 = stamp(&[("/fr/a/", "fr/b.md"), ("/fr/b/", "fr/b.md")]);
        let next = plan(v2, &s2, &first.manifest, &listing(&first));
        let sent: Vec<&str> = next.send.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(sent, ["fr/a/index.html", "fr/b/index.html", "sitemap.xml"]);
        assert!(next.removed_urls.is_empty());
    }

    #[test]
    fn a_removed_url_is_named_unless_it_expired() {
        let s = stamp(&[("/fr/a/", "fr/a.md"), ("/fr/b/", "fr/b.md")]);
        let first = plan(site_v1(), &s, &Manifest::default(), &BTreeMap::new());
        let without_a: Vec<LocalFile> = site_v1()
            .into_iter()
            .filter(|f| f.path != "fr/a/index.html")
            .collect();
        let s2 = stamp(&[("/fr/b/", "fr/b.md")]);
        let next = plan(without_a.clone(), &s2, &first.manifest, &listing(&first));
        assert_eq!(
            next.removed_urls,
            [("/fr/a/".to_string(), "fr/a.md".to_string())]
        );
        assert_eq!(next.delete, ["fr/a/index.html"]);
        let mut expired = s2.clone();
        expired.expired.push("fr/a.md".into());
        let next = plan(without_a, &expired, &first.manifest, &listing(&first));
        assert!(next.removed_urls.is_empty());
    }

    #[test]
    fn a_replaced_stylesheet_stays_one_deploy() {
        let s = stamp(&[]);
        let first = plan(site_v1(), &s, &Manifest::default(), &BTreeMap::new());
        let v2: Vec<LocalFile> = site_v1()
            .into_iter()
            .map(|f| match f.path.as_str() {
                "style.aaaa.css" => file("style.bbbb.css", "css2"),
                _ => f,
            })
            .collect();
        let second = plan(v2.clone(), &s, &first.manifest, &listing(&first));
        assert_eq!(second.keep, ["style.aaaa.css"]);
        assert!(second.delete.is_empty());
        let third = plan(v2, &s, &second.manifest, &listing(&second));
        assert_eq!(third.delete, ["style.aaaa.css"]);
        assert!(third.keep.is_empty() && third.send.is_empty());
    }

    #[test]
    fn files_changed_by_hand_are_put_back_and_foreign_ones_left() {
        let s = stamp(&[]);
        let first = plan(site_v1(), &s, &Manifest::default(), &BTreeMap::new());
        let mut held = listing(&first);
        held.remove("fr/a/index.html");
        held.insert("fr/b/index.html".into(), 99);
        held.insert(".well-known/security.txt".into(), 10);
        let next = plan(site_v1(), &s, &first.manifest, &held);
        let sent: Vec<&str> = next.send.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(sent, ["fr/a/index.html", "fr/b/index.html"]);
        assert_eq!(next.foreign, 1);
        assert!(next.delete.is_empty());
    }

    #[test]
    fn an_interrupted_deploy_is_finished_by_the_next() {
        let s = stamp(&[]);
        let first = plan(site_v1(), &s, &Manifest::default(), &BTreeMap::new());
        let mut v2 = site_v1();
        v2.push(file("fr/c/index.html", "c"));
        v2[0] = file("fr/a/index.html", "a2");
        let second = plan(v2.clone(), &s, &first.manifest, &listing(&first));
        // Stopped after sending c only: the provisional record is on the
        // target, c is there with its new hash, a is still the old one.
        let record = second.provisional(&first.manifest);
        assert_eq!(record.files["fr/c/index.html"].hash, "");
        let mut held = listing(&first);
        held.insert("fr/c/index.html".into(), 1);
        let again = plan(v2, &s, &record, &held);
        let sent: Vec<&str> = again.send.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(sent, ["fr/a/index.html", "fr/c/index.html"]);
    }
}

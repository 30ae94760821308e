//! The cache's record of what each original is (`.gazette-cache/images/probes.tsv`),
//! so a rebuild neither reads nor hashes an original that did not change.
//! A file counts as unchanged while its size and modification time are the
//! ones recorded (the rule `make` and Hugo use); a changed file is probed
//! again. One line per file, sorted: source path, size, modification time
//! (ns), then what probing found. Unreadable or foreign lines are ignored:
//! the record only saves time, and deleting it is safe.

use super::probe::Probed;
use super::{Format, Kind};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// When a file was probed: its size and modification time (ns since 1970).
pub type Seen = (u64, u128);

/// Size and modification time of a file's metadata.
pub fn seen(meta: &std::fs::Metadata) -> Seen {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (meta.len(), modified)
}

/// What was probed, by source path.
#[derive(Debug, Default)]
pub struct Index {
    entries: BTreeMap<String, (Seen, Probed)>,
    changed: bool,
}

impl Index {
    /// The record in `file`, or an empty one.
    pub fn read(file: &Path) -> Index {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let entries = text.lines().filter_map(parse).collect();
        Index {
            entries,
            changed: false,
        }
    }

    /// What `source` was when it had `seen`.
    pub fn get(&self, source: &str, seen: Seen) -> Option<&Probed> {
        self.entries
            .get(source)
            .filter(|(s, _)| *s == seen)
            .map(|(_, p)| p)
    }

    /// Forgets what was recorded of `source`.
    pub fn remove(&mut self, source: &str) {
        self.changed |= self.entries.remove(source).is_some();
    }

    /// Keeps only the records of the sources `keep` says.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        let before = self.entries.len();
        self.entries.retain(|source, _| keep(source));
        self.changed |= self.entries.len() != before;
    }

    /// Records a probe.
    pub fn insert(&mut self, source: &str, seen: Seen, probed: Probed) {
        let entry = (seen, probed);
        if self.entries.get(source) != Some(&entry) {
            self.entries.insert(source.to_string(), entry);
            self.changed = true;
        }
    }

    /// Writes the record to `file` if it changed (through a temporary file).
    pub fn save(&mut self, file: &Path) -> std::io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        let mut text = String::new();
        for (source, ((len, modified), p)) in &self.entries {
            let kind = match p.kind {
                Kind::Raster(Format::Jpeg) => "jpeg",
                Kind::Raster(Format::Png) => "png",
                Kind::Raster(Format::WebP) => "webp",
                Kind::AsIs => "as-is",
                Kind::Attachment => "attachment",
            };
            text.push_str(&format!(
                "{source}\t{len}\t{modified}\t{kind}\t{}\t{}\t{}\t{}\t{}\n",
                p.width, p.height, p.orientation, p.bytes, p.digest
            ));
        }
        super::cache::write_atomically(file, text.as_bytes())?;
        self.changed = false;
        Ok(())
    }
}

fn parse(line: &str) -> Option<(String, (Seen, Probed))> {
    let f: Vec<&str> = line.split('\t').collect();
    let [
        source,
        len,
        modified,
        kind,
        width,
        height,
        orientation,
        bytes,
        digest,
    ] = f[..]
    else {
        return None;
    };
    let kind = match kind {
        "jpeg" => Kind::Raster(Format::Jpeg),
        "png" => Kind::Raster(Format::Png),
        "webp" => Kind::Raster(Format::WebP),
        "as-is" => Kind::AsIs,
        "attachment" => Kind::Attachment,
        _ => return None,
    };
    let probed = Probed {
        kind,
        width: width.parse().ok()?,
        height: height.parse().ok()?,
        orientation: orientation.parse().ok()?,
        bytes: bytes.parse().ok()?,
        digest: digest.to_string(),
    };
    Some((
        source.to_string(),
        ((len.parse().ok()?, modified.parse().ok()?), probed),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_reads_back_what_it_saved() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("probes.tsv");
        let probed = Probed {
            kind: Kind::Raster(Format::Png),
            width: 30,
            height: 20,
            orientation: 6,
            bytes: 1234,
            digest: "ab".repeat(16),
        };
        let mut index = Index::default();
        index.insert("fr/x y/photo.png", (1234, 99), probed.clone());
        index.save(&file).unwrap();
        let again = Index::read(&file);
        assert_eq!(again.get("fr/x y/photo.png", (1234, 99)), Some(&probed));
        // A file whose size or time changed is probed again.
        assert_eq!(again.get("fr/x y/photo.png", (1234, 100)), None);
        assert_eq!(
            Index::read(&dir.path().join("absent")).get("a", (1, 1)),
            None
        );
    }
}

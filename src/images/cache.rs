//! The persistent cache of encoded variants, `.gazette-cache/images/`: what
//! an entry is named, when one is good enough to publish, how one is
//! written, and which ones a build no longer needs (`build --gc`). Kept in
//! one place because each of these reads the same naming rule.
//!
//! An entry is named after the original's digest and every parameter that
//! shapes the variant, so an edited image or a changed setting names new
//! entries and never reuses a stale one. The cache only saves time: it is
//! safe to delete, a failure to write it is ignored, and it is an input
//! like any other, never trusted (see [`read`]).

use super::{Format, Image, Variant};
use std::collections::HashSet;
use std::path::Path;

/// Bumped when encoding (or the cache layout) changes, so older cached
/// variants are not reused. 2: entries carry their checksum; 3: an
/// XXH3-128 checksum, not SHA-256.
const ENCODER_VERSION: u32 = 3;

/// The name of the probes' record in the cache folder (see
/// [`super::index`]).
pub const PROBES: &str = "probes.tsv";

/// The cache folder of the site in `root` (`.gazette-cache/images`), or
/// why it cannot be used: it, or `.gazette-cache`, is a link (which could
/// lead anywhere on the machine: the cache would be read from there,
/// written there and, with `--gc`, pruned there) or a file. A folder not
/// made yet is fine: the build makes it.
pub fn folder(root: &Path) -> Result<std::path::PathBuf, crate::Diagnostic> {
    let top = root.join(super::CACHE_DIR);
    let images = top.join("images");
    for dir in [&top, &images] {
        if std::fs::symlink_metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
            return Err(crate::Diagnostic::new(
                dir,
                "is a link or a file, not a folder of the site: the image cache was not used (every variant was encoded, none was cached); delete it",
            ));
        }
    }
    Ok(images)
}

/// The cache entry of one variant: the source's digest and everything that
/// shapes the result.
pub fn entry_name(image: &Image, v: &Variant, quality: u8) -> String {
    let ext = v.format.map_or("bin", Format::extension);
    format!(
        "{}-{}x{}-q{quality}-v{ENCODER_VERSION}.{ext}",
        image.probed.digest, v.width, v.height
    )
}

/// What the cache holds for one variant.
pub enum Entry {
    /// A regular file matching its recorded checksum: these bytes.
    Good(Vec<u8>),
    /// Nothing.
    Missing,
    /// Something not to publish: a link, a file whose checksum is missing
    /// or does not match (truncated, damaged, replaced).
    Refused,
}

/// The entry at `path`, taken only when it is a regular file (never a
/// link, which could name any file of the machine) whose checksum is the
/// one recorded beside it when it was made (`<entry>.xxh3`, see
/// [`checksum`]). Its bytes are published as a copy, so the live site
/// never shares a file with the cache.
pub fn read(path: &Path) -> Entry {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Entry::Missing;
    };
    if !meta.file_type().is_file() {
        return Entry::Refused;
    }
    let sum = checksum_file(path);
    let recorded = match std::fs::symlink_metadata(&sum) {
        Ok(m) if m.file_type().is_file() => std::fs::read_to_string(&sum).unwrap_or_default(),
        _ => return Entry::Refused,
    };
    match std::fs::read(path) {
        Ok(bytes) if checksum(&bytes) == recorded.trim() => Entry::Good(bytes),
        _ => Entry::Refused,
    }
}

/// Caches `bytes` at `path`, with their checksum beside them.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically(path, bytes)?;
    write_atomically(&checksum_file(path), checksum(bytes).as_bytes())
}

/// Where the checksum of cache entry `path` is kept.
fn checksum_file(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".xxh3");
    name.into()
}

/// The checksum of a cache entry: XXH3-128, in 32 hex digits. It finds a
/// damaged entry (truncated, emptied, overwritten), which is what it is
/// for: it cannot stop someone who can write the cache, who can write the
/// checksum beside it as well (a cryptographic hash would not either), and
/// the entry's name already holds the original's SHA-256. A warm build
/// reads every variant it publishes, so the hash runs at memory speed:
/// SHA-256 here was 8% of a warm 1,000-pair build's CPU with 700 variants.
fn checksum(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// Writes `bytes` to `path` through a temporary file (named after `path`,
/// its extension `tmp<process>-<thread>`), so a build killed mid-write
/// never leaves a truncated variant or probes' record in the cache, only a
/// temporary file that `--gc` removes.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!(
        "tmp{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// What [`collect`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Collected {
    /// Files removed (entries, their checksums, unfinished writes).
    pub files: usize,
    /// Their size.
    pub bytes: u64,
}

/// Removes from the cache folder `dir` every file of the cache's making
/// that is not one of the `used` entries or their checksums: variants of
/// images edited or gone, of older settings or encoder versions, and
/// writes a killed build left unfinished. What the cache did not make (a
/// name not starting with an original's digest, a folder) is left alone,
/// and a link is removed as a link, never followed. A missing folder is
/// an empty cache.
pub fn collect(dir: &Path, used: &HashSet<String>) -> std::io::Result<Collected> {
    let mut collected = Collected::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(collected),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let entry_of = name.strip_suffix(".xxh3").unwrap_or(name);
        if !made_here(name) || used.contains(entry_of) {
            continue;
        }
        let meta = std::fs::symlink_metadata(entry.path())?;
        if meta.is_dir() {
            continue;
        }
        std::fs::remove_file(entry.path())?;
        collected.files += 1;
        collected.bytes += meta.len();
    }
    Ok(collected)
}

/// Whether a file of the cache folder is of the cache's making: its name
/// starts with an original's digest (32 lowercase hex digits) and a dash,
/// or it is an unfinished write of the probes' record (see
/// [`write_atomically`]).
fn made_here(name: &str) -> bool {
    let b = name.as_bytes();
    let entry = b.len() > 33
        && b[..32]
            .iter()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
        && b[32] == b'-';
    let unfinished_probes = Path::new(PROBES).with_extension("tmp");
    entry
        || unfinished_probes
            .to_str()
            .is_some_and(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIGEST: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn only_names_of_the_caches_making_are_collected() {
        assert!(made_here(&format!("{DIGEST}-640x480-q80-v3.webp")));
        assert!(made_here(&format!("{DIGEST}-640x480-q80-v3.webp.xxh3")));
        assert!(made_here(&format!("{DIGEST}-640x480-q80-v2.jpg.sha256")));
        assert!(made_here(&format!(
            "{DIGEST}-640x480-q80-v3.tmp41-ThreadId(3)"
        )));
        assert!(!made_here(PROBES));
        assert!(made_here("probes.tmp41-ThreadId(3)"));
        assert!(!made_here("probes.txt"));
        assert!(!made_here("notes.txt"));
        assert!(!made_here(&format!(
            "{}-640x480.jpg",
            DIGEST.to_uppercase()
        )));
        assert!(!made_here(&format!("{}-640x480.jpg", &DIGEST[..31])));
        assert!(!made_here(DIGEST));
    }

    #[test]
    fn collecting_keeps_what_is_used_and_what_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        let used_entry = format!("{DIGEST}-640x480-q80-v3.jpg");
        let old = format!("{DIGEST}-640x480-q80-v2.jpg");
        write(&dir.path().join(&used_entry), b"used").unwrap();
        write(&dir.path().join(&old), b"older encoder").unwrap();
        std::fs::write(dir.path().join(PROBES), "record").unwrap();
        std::fs::write(dir.path().join("probes.tmp41-ThreadId(1)"), "unfinished").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "the editor's").unwrap();
        std::fs::create_dir(dir.path().join(format!("{DIGEST}-folder"))).unwrap();
        let used = HashSet::from([used_entry.clone()]);
        let collected = collect(dir.path(), &used).unwrap();
        assert_eq!(
            collected,
            Collected {
                files: 3,
                bytes: 13 + 32 + 10
            }
        );
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected = vec![
            format!("{DIGEST}-640x480-q80-v3.jpg"),
            format!("{DIGEST}-640x480-q80-v3.jpg.xxh3"),
            format!("{DIGEST}-folder"),
            "notes.txt".to_string(),
            PROBES.to_string(),
        ];
        expected.sort();
        assert_eq!(left, expected);
        assert!(matches!(read(&dir.path().join(&used_entry)), Entry::Good(b) if b == b"used"));
        assert_eq!(
            collect(&dir.path().join("absent"), &used).unwrap(),
            Collected::default()
        );
    }
}

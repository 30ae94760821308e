//! The operating-system calls Gazette cannot make portably through `std`:
//! swapping two folders in one step, so a published site is replaced
//! atomically (Linux has `renameat2(RENAME_EXCHANGE)`, macOS
//! `renameatx_np(RENAME_SWAP)`, rustix wraps both; elsewhere, Windows and
//! the BSDs, [`exchange`] says it cannot, and `output` falls back to two
//! renames); and reading or writing a file at an offset without moving a
//! shared cursor, so threads can use one file at once (the dev server's
//! [`crate::spool`]): `std` has both, under other names on Unix and Windows.

use std::fs::File;
use std::io;
use std::path::Path;

/// Writes all of `bytes` into `file` at `offset`.
#[cfg(unix)]
pub fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

/// Fills `buf` from `file` at `offset`.
#[cfg(unix)]
pub fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Writes all of `bytes` into `file` at `offset` (Windows' positional
/// write moves the file's cursor, which nothing here uses).
#[cfg(windows)]
pub fn write_all_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_write(bytes, offset) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                bytes = &bytes[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Fills `buf` from `file` at `offset`.
#[cfg(windows)]
pub fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Swaps the folders `a` and `b` atomically: afterwards `a` holds what `b`
/// held and the other way round.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Swaps the folders `a` and `b` atomically: not available on this system.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic folder exchange on this system",
    ))
}

#[cfg(all(test, any(target_os = "linux", target_vendor = "apple")))]
mod tests {
    use super::*;

    #[test]
    fn folders_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("one"), "1").unwrap();
        std::fs::write(b.join("two"), "2").unwrap();
        exchange(&a, &b).unwrap();
        assert!(a.join("two").exists() && b.join("one").exists());
        assert!(!a.join("one").exists());
    }
}

//! The one operating-system call Gazette cannot do portably through `std`:
//! swapping two folders in one step, so a published site is replaced
//! atomically. Linux has `renameat2(RENAME_EXCHANGE)`, macOS
//! `renameatx_np(RENAME_SWAP)` (rustix wraps both); elsewhere (Windows,
//! the BSDs) [`exchange`] says it cannot, and `output` falls back to two
//! renames.

use std::io;
use std::path::Path;

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

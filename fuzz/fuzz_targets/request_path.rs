//! Request path resolution (the dev server's, and `check`'s for links):
//! whatever comes in, what comes out is a relative path inside the site,
//! without `..`, backslashes, NULs or drive letters.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|path: &str| {
    if let Ok(rel) = gazette::urls::request_path(path) {
        assert!(!rel.starts_with('/'), "{rel}");
        assert!(!rel.contains(['\\', '\0', ':']), "{rel}");
        let segments = rel.strip_suffix('/').unwrap_or(&rel);
        assert!(
            rel.is_empty() || segments.split('/').all(|s| !s.is_empty() && s != "." && s != ".."),
            "{rel}"
        );
    }
});

//! The dev server's request path resolution: whatever comes in, what comes
//! out is a relative path inside the site, without `..`, backslashes, NULs or
//! drive letters.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|path: &str| {
    if let Ok(key) = gazette::serve::http::resolve_path(path) {
        assert!(!key.starts_with('/'), "{key}");
        assert!(!key.contains(['\\', '\0', ':']), "{key}");
        assert!(key.split('/').all(|s| !s.is_empty() && s != "." && s != ".."), "{key}");
    }
});

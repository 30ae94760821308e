//! `site.toml` parsing and validation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = gazette::config::parse(Path::new("/site"), Path::new("/site/site.toml"), text);
    }
});

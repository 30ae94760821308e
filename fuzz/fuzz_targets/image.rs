//! Any bytes through the image path (probe, decode, resize, encode), named
//! as each format: an error is fine, a panic or a runaway allocation is not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["x.jpg", "x.png", "x.webp", "x.gif", "x.svg"] {
        let _ = gazette::images::encode::from_bytes(name, data, 64);
    }
    let _ = gazette::images::gif::strip_metadata(data);
});

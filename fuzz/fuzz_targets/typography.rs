//! French typography on any text: never panics, and changes nothing but
//! spacing and curly quotes (which become guillemets).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, Option<char>)| {
    let (text, prev) = input;
    let out = gazette::typography::french(text, prev);
    let kept = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '“' => '«',
                '”' => '»',
                c => c,
            })
            .collect()
    };
    assert_eq!(kept(&out), kept(text), "only spacing may change");
});

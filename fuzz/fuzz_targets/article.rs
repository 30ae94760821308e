//! An article file, front matter and Markdown, through parsing and rendering
//! (links resolved against a small site, French typography on).
#![no_main]

use gazette::links::UrlMap;
use gazette::typography::Typography;
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let path = PathBuf::from("content/fr/fuzz.md");
    let Ok(article) = gazette::content::parse_article(path, "fr/fuzz.md", "fr", data.to_vec(), gazette::dates::Tz::UTC) else {
        return;
    };
    let urls = UrlMap {
        by_source: HashMap::from([
            ("fr/fuzz.md".to_string(), Some("/fr/2025/01/fuzz/".to_string())),
            ("en/other.md".to_string(), Some("/en/2025/01/other/".to_string())),
            ("fr/draft.md".to_string(), None),
        ]),
        base_path: "/blog/".to_string(),
        unreadable: Default::default(),
    };
    let rendered = gazette::markdown::render(
        &article.body,
        &|dest| urls.resolve(&article, dest),
        gazette::markdown::Style {
            typography: Typography::French,
            heading_ids: gazette::markdown::HeadingIds::Github,
        },
    );
    assert!(!rendered.html.contains('\0'));
});

//! Where a setting is written in `site.toml`: the line an error points
//! at. The TOML parser's own errors carry their place, but a value that
//! parses and is still wrong (an unknown locale, a zero, a pattern with a
//! typo) is found later, by its key: these are the one place that finds
//! it.

/// The line where `key = ` or `[key]` is first written.
pub(super) fn key_line(text: &str, key: &str) -> Option<usize> {
    let table = format!("[{key}]");
    text.lines()
        .position(|l| l.trim_start().starts_with(&table) || sets(l, key))
        .map(|i| i + 1)
}

/// The line of the setting `key`, which names its table when it is in one
/// (`languages.en.permalink`: the first `permalink =` after
/// `[languages.en]`, before the next table; `permalink`: before the first
/// table).
pub(super) fn setting_line(text: &str, key: &str) -> Option<usize> {
    let (table, name) = match key.rsplit_once('.') {
        Some((table, name)) => (Some(format!("[{table}]")), name),
        None => (None, key),
    };
    let mut inside = table.is_none();
    for (i, l) in text.lines().enumerate() {
        let l = l.trim_start();
        if l.starts_with('[') {
            if inside && table.is_none() {
                return None;
            }
            inside = table.as_deref().is_some_and(|t| l.starts_with(t));
            continue;
        }
        if inside && sets(l, name) {
            return Some(i + 1);
        }
    }
    None
}

/// Whether `line` of a TOML file sets `key` (`key = …`).
fn sets(line: &str, key: &str) -> bool {
    (line.trim_start().strip_prefix(key)).is_some_and(|rest| rest.trim_start().starts_with('='))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_inside_a_language_table() {
        let text = "permalink = \"/a/{slug}/\"\n[languages.fr]\ntitle = \"x\"\n[languages.en]\npermalink = \"/{slug}/\"\n";
        assert_eq!(setting_line(text, "permalink"), Some(1));
        assert_eq!(setting_line(text, "languages.en.permalink"), Some(5));
        assert_eq!(setting_line(text, "languages.fr.permalink"), None);
    }

    #[test]
    fn a_table_setting_is_found_in_its_own_table() {
        let text = "[languages.en]\nlocale = \"en_GB\"\n\n[languages.fr]\nname = \"F\"\nlocale_name = 1\n  locale = \"fr_FR\"\n[search]\ndate_format = 1\n";
        assert_eq!(setting_line(text, "languages.fr.locale"), Some(7));
        assert_eq!(setting_line(text, "languages.en.locale"), Some(2));
        // Not set in its table (the next table's key is not its own).
        assert_eq!(setting_line(text, "languages.fr.date_format"), None);
        assert_eq!(setting_line(text, "languages.de.locale"), None);
        // A top-level key is looked for before the first table only.
        assert_eq!(setting_line(text, "locale"), None);
        assert_eq!(key_line(text, "languages.fr"), Some(4));
        assert_eq!(key_line(text, "locale"), Some(2));
    }
}

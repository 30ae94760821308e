//! The front matter of another generator's file, read as it was written
//! (YAML between `---`, TOML between `+++`, JSON in braces), into plain
//! values with the line of each key, so the importer can map it and point
//! at what it could not.

use serde_json::{Map, Value};

/// A file's front matter and body.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    /// Each top-level key with its value and line in the file (1-based).
    pub fields: Vec<(String, Value, usize)>,
    /// The text after the front matter.
    pub body: String,
    /// The line the body starts on.
    pub body_line: usize,
}

impl Parsed {
    /// The value of `key` (compared without case: Hugo's keys are
    /// case-insensitive, `publishDate` and `publishdate` alike).
    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        self.field(key).map(|(_, v, _)| v)
    }

    /// The line of `key`, or the first line.
    pub(super) fn line(&self, key: &str) -> usize {
        self.field(key).map_or(1, |(_, _, l)| *l)
    }

    /// The value of `key` as text (strings, numbers, booleans, dates).
    pub(super) fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(as_text)
    }

    fn field(&self, key: &str) -> Option<&(String, Value, usize)> {
        self.fields
            .iter()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
    }
}

/// A scalar as text; `None` for lists, tables and null.
pub(super) fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A value written as one item or a list, as a list of texts.
pub(super) fn as_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(as_text).collect(),
        Some(v) => as_text(v).into_iter().filter(|t| !t.is_empty()).collect(),
        None => Vec::new(),
    }
}

/// Splits `text` into front matter and body. A file without front matter
/// is all body; a front matter that does not parse is an error saying
/// why, with its line.
pub(super) fn parse(text: &str) -> Result<Parsed, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (fence, kind) = match text.lines().next().map(str::trim_end) {
        Some("---") => ("---", Kind::Yaml),
        Some("+++") => ("+++", Kind::Toml),
        Some("{") => ("}", Kind::Json),
        _ => {
            return Ok(Parsed {
                body: text.to_string(),
                body_line: 1,
                ..Parsed::default()
            });
        }
    };
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    let start = if kind == Kind::Json { 0 } else { offset };
    let mut line = 2;
    let end = loop {
        let rest = &text[offset..];
        if rest.is_empty() {
            return Err((
                1,
                format!(
                    "the front matter opened by `{}` is never closed",
                    text.lines().next().unwrap_or_default().trim()
                ),
            ));
        }
        let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
        if rest[..len].trim_end() == fence {
            break offset;
        }
        offset += len;
        line += 1;
    };
    let block = match kind {
        Kind::Json => &text[start..end + 1],
        _ => &text[start..end],
    };
    let after = &text[end..];
    let after = &after[after.find('\n').map_or(after.len(), |i| i + 1)..];
    let value: Value = match kind {
        Kind::Yaml => serde_yaml::from_str::<serde_yaml::Value>(block)
            .map_err(|e| {
                (
                    e.location().map_or(1, |l| l.line() + 1),
                    format!("the YAML front matter does not parse: {e}"),
                )
            })
            .map(yaml_to_json)?,
        Kind::Toml => toml::from_str::<toml::Table>(block)
            .map_err(|e| {
                (
                    e.span()
                        .map_or(1, |s| 1 + text[..start + s.start].matches('\n').count()),
                    format!("the TOML front matter does not parse: {}", e.message()),
                )
            })
            .map(|t| toml_to_json(toml::Value::Table(t)))?,
        Kind::Json => serde_json::from_str(block).map_err(|e| {
            (
                e.line(),
                format!("the JSON front matter does not parse: {e}"),
            )
        })?,
    };
    let fields = match value {
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| {
                let at =
                    key_line(block, &k, kind).map_or(1, |l| l + usize::from(kind != Kind::Json));
                (k, v, at)
            })
            .collect(),
        Value::Null => Vec::new(),
        _ => return Err((1, "the front matter is not a table of keys".into())),
    };
    Ok(Parsed {
        fields,
        body: after.to_string(),
        body_line: line + 1,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Yaml,
    Toml,
    Json,
}

/// The 1-based line of `block` where the top-level `key` is written.
fn key_line(block: &str, key: &str, kind: Kind) -> Option<usize> {
    block
        .lines()
        .position(|l| {
            let rest = match kind {
                Kind::Json => l
                    .trim_start()
                    .strip_prefix('"')
                    .and_then(|r| r.strip_prefix(key)),
                _ => l.strip_prefix(key),
            };
            rest.is_some_and(|r| {
                let r = r.trim_start_matches('"').trim_start();
                r.starts_with(':') || r.starts_with('=')
            })
        })
        .map(|i| i + 1)
}

/// YAML values as JSON ones (keys as text).
pub(super) fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| Some((as_text(&yaml_to_json(k))?, yaml_to_json(v))))
                .collect::<Map<_, _>>(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

/// TOML values as JSON ones (dates as their text).
pub(super) fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_toml_and_json_front_matter_are_read_with_their_lines() {
        let yaml = parse("---\ntitle: Bonjour\ntags: [a, b]\n---\nCorps.\n").unwrap();
        assert_eq!(yaml.text("title").as_deref(), Some("Bonjour"));
        assert_eq!(as_list(yaml.get("tags")), ["a", "b"]);
        assert_eq!(yaml.line("tags"), 3);
        assert_eq!((yaml.body.as_str(), yaml.body_line), ("Corps.\n", 5));
        let toml = parse("+++\ntitle = \"Hi\"\ndate = 2024-05-01T10:00:00Z\npublishDate = 2024-05-02\n+++\nBody\n").unwrap();
        assert_eq!(toml.text("date").as_deref(), Some("2024-05-01T10:00:00Z"));
        assert_eq!(toml.text("publishdate").as_deref(), Some("2024-05-02"));
        assert_eq!(toml.line("publishDate"), 4);
        let json = parse("{\n  \"title\": \"J\"\n}\nText\n").unwrap();
        assert_eq!(json.text("title").as_deref(), Some("J"));
        assert_eq!(json.body, "Text\n");
    }

    #[test]
    fn a_broken_front_matter_says_where() {
        let (line, message) = parse("+++\ntitle = \"x\"\ndate = \n+++\n").unwrap_err();
        assert_eq!(line, 3, "{message}");
        assert!(message.contains("TOML"), "{message}");
        assert!(
            parse("---\ntitle: x\n")
                .unwrap_err()
                .1
                .contains("never closed")
        );
        assert_eq!(
            parse("no front matter\n").unwrap().body,
            "no front matter\n"
        );
    }
}

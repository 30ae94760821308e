//! Hugo's configuration: `hugo.*` or `config.*` at the root (TOML, YAML
//! or JSON) merged over `config/_default/`, read with every key in lower
//! case (Hugo's keys are case-insensitive).

use crate::error::{Error, Result};
use crate::import::files_under;
use crate::import::front::{toml_to_json, yaml_to_json};
use serde_json::{Map, Value};
use std::path::Path;

/// Hugo's configuration with every key in lower case: the first of
/// `hugo.*`/`config.*` at the root, merged over `config/_default/`
/// (`languages.toml` → `languages`, `menus.en.toml` → `languages.en.menus`).
pub(super) fn config(root: &Path) -> Result<Map<String, Value>> {
    let mut merged = Map::new();
    let dir = root.join("config/_default");
    for (path, rel) in files_under(&dir) {
        let Some(value) = read_value(&path)? else {
            continue;
        };
        let stem = rel
            .rsplit_once('.')
            .map_or(rel.as_str(), |(s, _)| s)
            .to_lowercase();
        match stem.split_once('.') {
            _ if stem == "hugo" || stem == "config" => merge(&mut merged, value),
            Some((key, lang)) => {
                let mut inner = Map::new();
                inner.insert(key.to_string(), value);
                let mut langs = Map::new();
                langs.insert(lang.to_string(), Value::Object(inner));
                let mut top = Map::new();
                top.insert("languages".into(), Value::Object(langs));
                merge(&mut merged, Value::Object(top));
            }
            None => {
                let mut top = Map::new();
                top.insert(stem.clone(), value);
                merge(&mut merged, Value::Object(top));
            }
        }
    }
    let names = [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
    ];
    let file = names.iter().map(|n| root.join(n)).find(|p| p.is_file());
    match file {
        Some(path) => {
            if let Some(value) = read_value(&path)? {
                merge(&mut merged, value);
            }
        }
        None if merged.is_empty() => {
            return Err(Error::Usage(format!(
                "{} has no hugo.toml, config.toml (or YAML, JSON) or config/_default/: is it a Hugo site?",
                root.display()
            )));
        }
        None => {}
    }
    Ok(merged)
}

/// A TOML, YAML or JSON file as a value with lower-case keys.
pub(super) fn read_value(path: &Path) -> Result<Option<Value>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let bad = |m: String| Error::Usage(format!("{}: {m}", path.display()));
    let value = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml_to_json(toml::Value::Table(
            toml::from_str(&text).map_err(|e| bad(e.to_string()))?,
        )),
        Some("yaml" | "yml") => {
            yaml_to_json(serde_yaml::from_str(&text).map_err(|e| bad(e.to_string()))?)
        }
        Some("json") => serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?,
        _ => return Ok(None),
    };
    Ok(Some(lower_keys(value)))
}

pub(super) fn lower_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k.to_lowercase(), lower_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(lower_keys).collect()),
        v => v,
    }
}

/// `value`'s keys over `into`'s, tables merged key by key.
pub(super) fn merge(into: &mut Map<String, Value>, value: Value) {
    let Value::Object(map) = value else { return };
    for (k, v) in map {
        match (into.get_mut(&k), v) {
            (Some(Value::Object(old)), Value::Object(new)) => merge(old, Value::Object(new)),
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

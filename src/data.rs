//! The site's data: files of `data/` (YAML, TOML, JSON) that templates and
//! shortcodes read as `data` (Hugo's `.Site.Data`, Zola's `load_data`): a
//! team list, a newsroom's contacts, the figures of a recurring chart.
//! `data/team.yml` is `data.team`; `data/fr/contacts.toml` is
//! `data.fr.contacts`. Read once with the theme (a change reloads it in the
//! dev server, like a template's); a file that does not parse is an error
//! at its line, all reported together.

use crate::diagnostic::{Checked, Diagnostic, Diagnostics};
use serde_json::{Map, Value};
use std::path::Path;

/// The folder of the site's data, under its root.
pub const FOLDER: &str = "data";

/// Every data file under `root/data/`, as one table; `Null` when there is
/// no such folder.
pub fn load(root: &Path) -> Checked<Value> {
    let dir = root.join(FOLDER);
    if !dir.is_dir() {
        return Ok(Value::Null);
    }
    let mut errors = Diagnostics::new();
    let mut all = Map::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for path in files {
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if !matches!(ext, "yaml" | "yml" | "toml" | "json") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(&dir) else {
            continue;
        };
        let keys: Vec<String> = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let value = match std::fs::read_to_string(&path) {
            Ok(text) => parse(&text, ext),
            Err(e) => Err((None, format!("cannot read it: {e}"))),
        };
        let value = match value {
            Ok(v) => v,
            Err((line, message)) => {
                errors.push(Diagnostic::at(&path, line, message));
                continue;
            }
        };
        let (last, folders) = keys.split_last().expect("a file has a name");
        let mut table = &mut all;
        for folder in folders {
            let entry = table
                .entry(folder.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            table = entry.as_object_mut().expect("made a table above");
        }
        if table.insert(last.clone(), value).is_some() {
            errors.push(Diagnostic::new(
                &path,
                format!(
                    "`data.{}` is given by two files (or a file and a folder): rename one",
                    keys.join(".")
                ),
            ));
        }
    }
    errors.finish(Value::Object(all))
}

/// One file's value, or the line and reason it does not parse.
fn parse(text: &str, ext: &str) -> Result<Value, (Option<usize>, String)> {
    match ext {
        "toml" => toml::from_str::<toml::Value>(text)
            .map_err(|e| {
                let line = e.span().map(|s| 1 + text[..s.start].matches('\n').count());
                (line, format!("TOML does not parse: {}", e.message()))
            })
            .and_then(|v| serde_json::to_value(v).map_err(|e| (None, e.to_string()))),
        "json" => serde_json::from_str(text)
            .map_err(|e| (Some(e.line()), format!("JSON does not parse: {e}"))),
        _ => serde_yaml::from_str::<Value>(text).map_err(|e| {
            let line = e.location().map(|l| l.line());
            (line, format!("YAML does not parse: {e}"))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_nest_by_folder_and_errors_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join(FOLDER);
        std::fs::create_dir_all(data.join("fr")).unwrap();
        std::fs::write(data.join("team.yml"), "- name: Ada\n- name: Tom\n").unwrap();
        std::fs::write(
            data.join("fr/contacts.toml"),
            "email = \"redaction@example.org\"\n",
        )
        .unwrap();
        std::fs::write(data.join("figures.json"), "{\"readers\": 1200}").unwrap();
        std::fs::write(data.join("notes.txt"), "ignored").unwrap();
        let value = load(dir.path()).unwrap();
        assert_eq!(value["team"][1]["name"], "Tom");
        assert_eq!(value["fr"]["contacts"]["email"], "redaction@example.org");
        assert_eq!(value["figures"]["readers"], 1200);

        std::fs::write(data.join("broken.toml"), "a = 1\nb = \n").unwrap();
        std::fs::write(data.join("team.json"), "[]").unwrap();
        let errors = load(dir.path()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, Some(2), "{errors:?}");
        assert!(
            errors[1]
                .message
                .contains("`data.team` is given by two files"),
            "{errors:?}"
        );
        assert_eq!(load(&dir.path().join("none")).unwrap(), Value::Null);
    }
}

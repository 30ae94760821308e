//! How problems are shown to people: each diagnostic as editors and CI logs
//! read it (`error: path:line: message`), followed, when the line is known,
//! by that source line underlined, the way `cargo` shows Rust errors
//! (annotate-snippets, rustc's own renderer); in colour on a terminal, plain
//! when piped. And the same as JSON, for scripts. The library only formats;
//! the binary decides where it goes. Sizes in summaries are written here
//! too ([`size`]).

use crate::diagnostic::Diagnostic;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

/// One diagnostic for a person: the header line, then the source line
/// underlined when the file can be read and the line is known.
pub fn human(d: &Diagnostic, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let header = d.to_string();
    let source = d
        .line
        .and_then(|n| std::fs::read_to_string(&d.path).ok().map(|t| (n, t)))
        .and_then(|(n, text)| Some((n, text.lines().nth(n.checked_sub(1)?)?.to_string())));
    let report = match &source {
        Some((n, line)) if !line.trim().is_empty() => {
            let start = line.len() - line.trim_start().len();
            let span = start..line.trim_end().len();
            vec![
                Level::ERROR.primary_title(&header).element(
                    Snippet::source(line.as_str())
                        .line_start(*n)
                        .annotation(AnnotationKind::Primary.span(span)),
                ),
            ]
        }
        // No line to show: the header alone, no empty gutter under it.
        _ => vec![annotate_snippets::Group::with_title(
            Level::ERROR.primary_title(&header),
        )],
    };
    renderer.render(&report).to_string().trim_end().to_string()
}

/// Every diagnostic for a person, then the count.
pub fn human_all(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out: Vec<String> = diagnostics.iter().map(|d| human(d, color)).collect();
    let n = diagnostics.len();
    out.push(format!(
        "{n} error{} in the site's sources",
        if n == 1 { "" } else { "s" }
    ));
    out.join("\n")
}

/// One diagnostic as JSON.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a std::path::Path,
    line: Option<usize>,
    message: &'a str,
}

/// Diagnostics as JSON: `{"errors": N, "diagnostics": [{file, line, message}]}`.
pub fn json_all(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            file: &d.path,
            line: d.line,
            message: &d.message,
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "errors": diagnostics.len(),
        "diagnostics": items,
    }))
    .expect("plain data serializes")
}

/// A size for people: `812 B`, `3.4 KB`, `12.0 MB`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} KB", b as f64 / 1e3),
        b if b < 1_000_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b => format!("{:.2} GB", b as f64 / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(812), "812 B");
        assert_eq!(size(3_400), "3.4 KB");
        assert_eq!(size(12_000_000), "12.0 MB");
    }

    #[test]
    fn the_source_line_is_shown_under_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ntitle: A\ndate: 2025-31-01\n---\n").unwrap();
        let d = Diagnostic::at_line(&path, 3, "`2025-31-01` is not a date");
        let text = human(&d, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!("error: {}:3: `2025-31-01` is not a date", path.display())
        );
        assert!(
            lines.iter().any(|l| l.ends_with("3 | date: 2025-31-01")),
            "{text}"
        );
        assert!(
            lines.iter().any(|l| l.contains("^^^^^^^^^^^^^^^^")),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "plain when not a terminal");
        assert!(human(&d, true).contains('\u{1b}'), "coloured on a terminal");
        let whole = human(&Diagnostic::new(&path, "x"), false);
        assert_eq!(
            whole,
            format!("error: {}: x", path.display()),
            "no empty gutter"
        );
        // A line on an empty line of the file: the header alone, too.
        let blank = human(&Diagnostic::at_line(&path, 5, "x"), false);
        assert_eq!(blank, format!("error: {}:5: x", path.display()));
    }

    #[test]
    fn json_lists_file_line_and_message() {
        let v: serde_json::Value =
            serde_json::from_str(&json_all(&[Diagnostic::at_line("a.md", 3, "bad")])).unwrap();
        assert_eq!(v["errors"], 1);
        assert_eq!(v["diagnostics"][0]["file"], "a.md");
        assert_eq!(v["diagnostics"][0]["line"], 3);
    }
}

//! Shortcodes, as Hugo writes them, so archives imported from Hugo keep
//! their figures, videos and cross-references:
//!
//! - `{{< name arg "quoted arg" key="value" >}}`: the template's output is
//!   HTML, put in the page as it is;
//! - `{{% name … %}}`: the output is Markdown, rendered with the article;
//! - paired forms, `{{< name >}}inner{{< /name >}}` (inner given raw) and
//!   `{{% name %}}inner{{% /name %}}` (inner rendered as Markdown);
//! - `{{</* name */>}}` writes the shortcode itself, for documentation.
//!
//! Each shortcode is a Tera template, `templates/shortcodes/<name>.html`,
//! looked up like every template (the site's, then its theme's, then the
//! built-in theme's `figure`, `youtube`, `vimeo` and `gist`). `ref` and
//! `relref` are built in: the URL of the article they name. Shortcodes are
//! never expanded inside code spans or blocks. An unknown shortcode is an
//! error naming the file, the line and where its template would go.
//!
//! How: [`expand`] replaces each shortcode in the Markdown by a placeholder
//! (padded with the newlines it covered, so later line numbers stay right)
//! and renders its output; after the Markdown is rendered, [`Expanded::fill`]
//! puts each output in its placeholder's place.

mod parse;

use crate::diagnostic::{Diagnostic, Diagnostics, line_of_offset};
use parse::{code_ranges, find_calls};
use std::ops::Range;

/// What a shortcode template receives: each named argument, `args` (the
/// positional ones), `body` (the inner text of a paired shortcode), `lang`
/// and `page_url` (the article's); with every template, the site's `data`;
/// and `articles`, the language's articles, when the template reads it.
pub type Context = serde_json::Map<String, serde_json::Value>;

/// Names a template cannot take as arguments: the context already uses them.
const RESERVED: [&str; 6] = ["args", "body", "lang", "page_url", "data", "articles"];

/// What shortcode templates need from the rest of the build.
pub trait Renderer {
    /// Renders `shortcodes/<name>.html` with `context`; `None` when there is
    /// no such template; `Some(Err(message))` when it fails.
    fn render(&self, name: &str, context: &Context) -> Option<Result<String, String>>;
    /// The URL of the article `path` names (for `ref`/`relref`), relative to
    /// the article being rendered or to its language's root, or (with
    /// `lang`) to that language's root; `absolute` for `ref`.
    fn reference(&self, path: &str, lang: Option<&str>, absolute: bool) -> Result<String, String>;
    /// An inner body given as Markdown, rendered to HTML, with its broken
    /// links (reported at the call's line).
    fn markdown(&self, text: &str) -> (String, Vec<String>);
    /// A template's HTML output, its URLs and text treated as the
    /// article's, with its broken links (reported at the call's line).
    fn html(&self, html: &str) -> (String, Vec<String>);
}

/// An article's Markdown with its shortcodes replaced by placeholders.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The Markdown to render.
    pub markdown: String,
    /// The HTML of each placeholder, in order.
    outputs: Vec<String>,
}

impl Expanded {
    /// `markdown` as it is, its shortcodes left as written.
    pub fn unexpanded(markdown: &str) -> Self {
        Expanded {
            markdown: markdown.to_string(),
            outputs: Vec::new(),
        }
    }

    /// Whether the article used any shortcode.
    pub fn used(&self) -> bool {
        !self.outputs.is_empty()
    }

    /// Puts each shortcode's output in the rendered `html`: a placeholder
    /// alone in a paragraph is replaced with the paragraph.
    pub fn fill(&self, mut html: String) -> String {
        for (i, output) in self.outputs.iter().enumerate().rev() {
            let mark = placeholder(i);
            let block = format!("<p>{mark}</p>");
            html = html.replace(&block, output).replace(&mark, output);
        }
        html
    }

    /// Plain text (a summary) without placeholders.
    pub fn strip(&self, text: &str) -> String {
        let mut text = text.to_string();
        for i in (0..self.outputs.len()).rev() {
            text = text.replace(&placeholder(i), "");
        }
        while text.contains("  ") {
            text = text.replace("  ", " ");
        }
        text.trim().to_string()
    }
}

fn placeholder(i: usize) -> String {
    format!("GAZETTESHORTCODE{i}X")
}

/// One shortcode found in the text.
#[derive(Debug, PartialEq)]
pub(super) struct Call {
    /// The whole span, opening tag to closing tag.
    span: Range<usize>,
    name: String,
    /// `%`: output (and inner body) are Markdown.
    markdown: bool,
    args: Vec<String>,
    named: Vec<(String, String)>,
    inner: Option<String>,
    /// `{{</* … */>}}`: write the shortcode itself.
    literal: Option<String>,
}

/// Replaces the shortcodes of `markdown` (the body of the article at
/// `path`, whose first line is `first_line`) with placeholders and renders
/// them; every problem is reported with its line.
pub fn expand(
    markdown: &str,
    renderer: &dyn Renderer,
    lang: &str,
    page_url: &str,
    path: &std::path::Path,
    first_line: usize,
) -> Result<Expanded, Vec<Diagnostic>> {
    let mut out = Expanded::default();
    let mut errors = Diagnostics::new();
    if !markdown.contains("{{<") && !markdown.contains("{{%") {
        out.markdown = markdown.to_string();
        return Ok(out);
    }
    let code = code_ranges(markdown);
    let mut at = 0;
    let mut text = String::with_capacity(markdown.len());
    for call in find_calls(markdown, &code, &mut errors, path, first_line) {
        text.push_str(&markdown[at..call.span.start]);
        at = call.span.end;
        let covered = &markdown[call.span.clone()];
        let line = first_line + line_of_offset(markdown, call.span.start) - 1;
        // `<{{< ref "x.md" >}}>`: Markdown sees no autolink around a
        // shortcode, and the reader would see `<https://…>` as text.
        let autolinked = markdown[..call.span.start].ends_with('<')
            && markdown[call.span.end..].starts_with('>');
        if call.literal.is_none() && autolinked {
            errors.push(Diagnostic::at_line(
                path,
                line,
                format!(
                    "`<…>` around the `{}` shortcode makes no link (Markdown reads no autolink around a shortcode, and readers would see the URL between angle brackets): write [text]({})",
                    call.name, covered
                ),
            ));
        }
        let mut broken = Vec::new();
        let html = match &call.literal {
            Some(literal) => html_escape::encode_text(literal).into_owned(),
            None => match render_call(&call, renderer, lang, page_url, &mut broken) {
                Ok(html) => html,
                Err(message) => {
                    errors.push(Diagnostic::at_line(path, line, message));
                    String::new()
                }
            },
        };
        errors.extend(
            broken
                .into_iter()
                .map(|message| Diagnostic::at_line(path, line, message)),
        );
        text.push_str(&placeholder(out.outputs.len()));
        text.push_str(&"\n".repeat(covered.matches('\n').count()));
        out.outputs.push(html);
    }
    text.push_str(&markdown[at..]);
    out.markdown = text;
    errors.finish(out)
}

/// A call's HTML; the broken links of what it renders go to `broken`.
fn render_call(
    call: &Call,
    renderer: &dyn Renderer,
    lang: &str,
    page_url: &str,
    broken: &mut Vec<String>,
) -> Result<String, String> {
    let mut checked = |(html, found): (String, Vec<String>)| {
        broken.extend(found);
        html
    };
    if call.name == "ref" || call.name == "relref" {
        let target = call
            .named
            .iter()
            .find(|(k, _)| k == "path")
            .map(|(_, v)| v)
            .or(call.args.first())
            .ok_or_else(|| format!("`{}` needs the path of an article", call.name))?;
        let lang = call
            .named
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.as_str());
        return renderer.reference(target, lang, call.name == "ref");
    }
    let mut context = Context::new();
    for (key, value) in &call.named {
        if RESERVED.contains(&key.as_str()) {
            return Err(format!(
                "shortcode `{}`: `{key}` is a reserved name; name the argument otherwise",
                call.name
            ));
        }
        context.insert(key.clone(), value.clone().into());
    }
    context.insert("args".into(), call.args.clone().into());
    context.insert("lang".into(), lang.into());
    context.insert("page_url".into(), page_url.into());
    if let Some(inner) = &call.inner {
        let body = if call.markdown {
            checked(renderer.markdown(inner))
        } else {
            inner.clone()
        };
        context.insert("body".into(), body.into());
    }
    let output = match renderer.render(&call.name, &context) {
        None => {
            return Err(format!(
                "unknown shortcode `{0}`: write its template in templates/shortcodes/{0}.html (or in your theme's templates/shortcodes/)",
                call.name
            ));
        }
        Some(result) => result.map_err(|e| format!("shortcode `{}`: {e}", call.name))?,
    };
    Ok(if call.markdown {
        unwrap_paragraph(checked(renderer.markdown(&output)))
    } else {
        checked(renderer.html(&output))
    })
}

/// `<p>x</p>` → `x`, so an inline `{{% %}}` stays inside its paragraph.
fn unwrap_paragraph(html: String) -> String {
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::parse::parse_args;
    use super::*;
    use std::path::Path;

    struct Fake;

    impl Renderer for Fake {
        fn render(&self, name: &str, context: &Context) -> Option<Result<String, String>> {
            let json = serde_json::Value::Object(context.clone());
            match name {
                "echo" => Some(Ok(format!("<x-echo>{json}</x-echo>"))),
                "md" => Some(Ok(format!("*{}*", json["args"][0].as_str().unwrap_or("")))),
                "fail" => Some(Err("boom".into())),
                _ => None,
            }
        }
        fn reference(
            &self,
            path: &str,
            lang: Option<&str>,
            absolute: bool,
        ) -> Result<String, String> {
            match (path, lang) {
                ("a.md", None) if absolute => Ok("https://x.org/fr/a/".into()),
                ("a.md", None) => Ok("/fr/a/".into()),
                ("a.md", Some(lang)) => Ok(format!("/{lang}/a/")),
                _ => Err(format!("no article {path}")),
            }
        }
        fn markdown(&self, text: &str) -> (String, Vec<String>) {
            (format!("<p>{}</p>", text.replace('*', "<em>")), Vec::new())
        }
        fn html(&self, html: &str) -> (String, Vec<String>) {
            let broken = match html.contains("absent.png") {
                true => vec!["no file absent.png".to_string()],
                false => Vec::new(),
            };
            (html.to_string(), broken)
        }
    }

    fn run(md: &str) -> Result<(String, Expanded), Vec<Diagnostic>> {
        let e = expand(md, &Fake, "fr", "/fr/p/", Path::new("a.md"), 5)?;
        let html = e.fill(e.markdown.clone());
        Ok((html, e))
    }

    #[test]
    fn arguments_positional_named_and_quoted() {
        let (args, named) =
            parse_args(r#" id "deux mots" src="/a b.png" w=3 t=`raw "q"` "#).unwrap();
        assert_eq!(args, ["id", "deux mots"]);
        assert_eq!(
            named,
            [
                ("src".to_string(), "/a b.png".to_string()),
                ("w".to_string(), "3".to_string()),
                ("t".to_string(), "raw \"q\"".to_string())
            ]
        );
    }

    #[test]
    fn shortcodes_become_their_output_and_keep_later_lines() {
        let md = "a {{< echo one k=\"v\" >}} b\n\n{{< echo >}}\ninner *x*\n\nmore\n{{< /echo >}}\nafter\n";
        let e = expand(md, &Fake, "fr", "/fr/p/", Path::new("a.md"), 5).unwrap();
        assert_eq!(e.markdown.matches('\n').count(), md.matches('\n').count());
        let html = e.fill(e.markdown.clone());
        assert!(
            html.contains(r#""args":["one"]"#) && html.contains(r#""k":"v""#),
            "{html}"
        );
        assert!(html.contains(r#""body":"inner *x*\n\nmore""#), "{html}");
        assert!(html.contains(r#""lang":"fr""#) && html.contains(r#""page_url":"/fr/p/""#));
        assert!(html.ends_with("after\n"), "{html}");
    }

    #[test]
    fn markdown_shortcodes_render_their_output_and_body() {
        // The fake Markdown renderer wraps in <p> and turns `*` into <em>.
        let (html, _) = run("x {{% md mot %}} y").unwrap();
        assert_eq!(html, "x <em>mot<em> y");
        let (html, _) = run("{{% echo %}}*a*{{% /echo %}}").unwrap();
        assert!(html.contains(r#""body":"<p><em>a<em></p>""#), "{html}");
    }

    #[test]
    fn refs_are_urls_and_code_is_left_alone() {
        let (html, _) = run("[a]({{< ref \"a.md\" >}}) [b]({{< relref a.md >}}) `{{< echo >}}`\n\n```\n{{< echo >}}\n```\n").unwrap();
        assert!(
            html.starts_with("[a](https://x.org/fr/a/) [b](/fr/a/) `{{< echo >}}`"),
            "{html}"
        );
        assert!(html.contains("```\n{{< echo >}}\n```"), "{html}");
    }

    #[test]
    fn a_commented_shortcode_is_written_as_itself() {
        let (html, _) = run("Write {{</* echo a */>}} to call it.").unwrap();
        assert_eq!(html, "Write {{&lt; echo a &gt;}} to call it.");
    }

    #[test]
    fn a_shortcode_between_angle_brackets_is_no_autolink_and_says_so() {
        let errors = run("un\n\nVoir <{{< ref \"a.md\" >}}>.\n").unwrap_err();
        let messages: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("a.md:7: `<…>` around the `ref` shortcode makes no link"),
            "{messages:?}"
        );
        assert!(
            messages[0].ends_with("write [text]({{< ref \"a.md\" >}})"),
            "{messages:?}"
        );
        assert!(run("Voir [ici]({{< ref \"a.md\" >}}) <b>{{< ref \"a.md\" >}}</b>.\n").is_ok());
    }

    #[test]
    fn a_broken_link_in_a_shortcodes_output_is_reported_at_the_call() {
        let errors = run("un\n\n{{< echo src=\"absent.png\" >}}\n").unwrap_err();
        let messages: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages, ["a.md:7: no file absent.png"]);
    }

    #[test]
    fn problems_name_their_line() {
        let errors = run("ok\n\n{{< nope >}}\n\n{{< fail >}}\n{{< ref \"b.md\" >}}\n{{< echo\n")
            .unwrap_err();
        let messages: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("a.md:11: shortcode opened with `{{<` is never closed")),
            "{messages:#?}"
        );
        assert!(messages.iter().any(|m| m.starts_with("a.md:7: unknown shortcode `nope`: write its template in templates/shortcodes/nope.html")), "{messages:#?}");
        assert!(
            messages
                .iter()
                .any(|m| m == "a.md:9: shortcode `fail`: boom"),
            "{messages:#?}"
        );
        assert!(
            messages.iter().any(|m| m == "a.md:10: no article b.md"),
            "{messages:#?}"
        );
    }
}

//! Reading shortcodes: where they are (never inside code), their names,
//! arguments and inner bodies, and the mistakes in them with their lines.

use super::Call;
use crate::diagnostic::{Diagnostic, Diagnostics, line_of_offset};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// Byte ranges of code spans and blocks, where nothing is expanded.
pub(super) fn code_ranges(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

/// Every top-level shortcode of `text` outside `code`, with its inner body
/// when a closing tag follows.
pub(super) fn find_calls(
    text: &str,
    code: &[Range<usize>],
    errors: &mut Diagnostics,
    path: &std::path::Path,
    first_line: usize,
) -> Vec<Call> {
    let mut calls = Vec::new();
    let mut from = 0;
    while let Some(found) = next_open(text, from, code) {
        let line = first_line + line_of_offset(text, found) - 1;
        match parse_tag(text, found) {
            Err(message) => {
                errors.push(Diagnostic::at_line(path, line, message));
                from = found + 3;
            }
            Ok(tag) if tag.closing => {
                errors.push(Diagnostic::at_line(
                    path,
                    line,
                    format!("closing shortcode `/{}` without its opening one", tag.name),
                ));
                from = tag.end;
            }
            Ok(tag) => {
                let mut call = Call {
                    span: found..tag.end,
                    name: tag.name.clone(),
                    markdown: tag.markdown,
                    args: tag.args,
                    named: tag.named,
                    inner: None,
                    literal: tag.literal,
                };
                if !tag.self_closing
                    && call.literal.is_none()
                    && let Some((inner_end, end)) =
                        find_close(text, tag.end, &tag.name, tag.markdown, code)
                {
                    call.inner = Some(text[tag.end..inner_end].trim_matches('\n').to_string());
                    call.span.end = end;
                }
                from = call.span.end;
                calls.push(call);
            }
        }
    }
    calls
}

/// The next `{{<` or `{{%` at or after `from`, outside code.
fn next_open(text: &str, mut from: usize, code: &[Range<usize>]) -> Option<usize> {
    loop {
        let i = from + text.get(from..)?.find("{{")?;
        let kind = text.as_bytes().get(i + 2);
        if matches!(kind, Some(b'<') | Some(b'%')) && !code.iter().any(|r| r.contains(&i)) {
            return Some(i);
        }
        from = i + 2;
    }
}

/// One parsed tag: `{{< name args >}}`, `{{% /name %}}`.
struct TagParts {
    end: usize,
    name: String,
    markdown: bool,
    closing: bool,
    self_closing: bool,
    args: Vec<String>,
    named: Vec<(String, String)>,
    literal: Option<String>,
}

fn parse_tag(text: &str, start: usize) -> Result<TagParts, String> {
    let markdown = text.as_bytes()[start + 2] == b'%';
    let close = if markdown { "%}}" } else { ">}}" };
    let rest = &text[start + 3..];
    if let Some(comment) = rest.strip_prefix("/*") {
        let end = comment
            .find(&format!("*/{close}"))
            .ok_or("`{{</*` is never closed with `*/>}}`")?;
        let open = if markdown { "{{%" } else { "{{<" };
        return Ok(TagParts {
            end: start + 3 + 2 + end + 2 + 3,
            name: String::new(),
            markdown,
            closing: false,
            self_closing: true,
            args: Vec::new(),
            named: Vec::new(),
            literal: Some(format!("{open}{}{close}", &comment[..end])),
        });
    }
    let len = rest.find(close).ok_or_else(|| {
        format!(
            "shortcode opened with `{}` is never closed with `{close}`",
            &text[start..start + 3]
        )
    })?;
    let inside = rest[..len].trim();
    let (closing, inside) = match inside.strip_prefix('/') {
        Some(i) => (true, i.trim_start()),
        None => (false, inside),
    };
    let (self_closing, inside) = match inside.strip_suffix('/') {
        Some(i) => (true, i.trim_end()),
        None => (false, inside),
    };
    let name_len = inside
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(inside.len());
    let name = &inside[..name_len];
    if name.is_empty() {
        return Err(format!(
            "shortcode without a name: `{}`",
            &text[start..start + 3 + len + 3]
        ));
    }
    let (args, named) = parse_args(&inside[name_len..])?;
    Ok(TagParts {
        end: start + 3 + len + 3,
        name: name.to_string(),
        markdown,
        closing,
        self_closing,
        args,
        named,
        literal: None,
    })
}

/// Positional and named arguments: `a "b c" key="v" k2=v2`.
/// Positional arguments, then named ones.
type Args = (Vec<String>, Vec<(String, String)>);

pub(super) fn parse_args(text: &str) -> Result<Args, String> {
    let mut args = Vec::new();
    let mut named = Vec::new();
    let mut chars = text.trim().chars().peekable();
    let value = |chars: &mut std::iter::Peekable<std::str::Chars>| -> Result<String, String> {
        match chars.peek() {
            Some(&q @ ('"' | '`')) => {
                chars.next();
                let mut v = String::new();
                loop {
                    match chars.next() {
                        None => return Err(format!("argument opened with {q} is never closed")),
                        Some('\\') if q == '"' => v.extend(chars.next()),
                        Some(c) if c == q => return Ok(v),
                        Some(c) => v.push(c),
                    }
                }
            }
            _ => {
                let mut v = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    v.push(c);
                    chars.next();
                }
                Ok(v)
            }
        }
    };
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.peek() {
            None => break,
            Some('"' | '`') => args.push(value(&mut chars)?),
            Some(_) => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '=' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                if chars.peek() == Some(&'=') {
                    chars.next();
                    named.push((word, value(&mut chars)?));
                } else {
                    args.push(word);
                }
            }
        }
    }
    Ok((args, named))
}

/// The closing tag of `name` after `from` (same delimiters, nesting
/// counted): (where the inner body ends, where the closing tag ends).
fn find_close(
    text: &str,
    from: usize,
    name: &str,
    markdown: bool,
    code: &[Range<usize>],
) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut at = from;
    while let Some(i) = next_open(text, at, code) {
        let Ok(tag) = parse_tag(text, i) else {
            at = i + 3;
            continue;
        };
        if tag.name == name && tag.markdown == markdown && tag.literal.is_none() {
            if tag.closing {
                if depth == 0 {
                    return Some((i, tag.end));
                }
                depth -= 1;
            } else if !tag.self_closing {
                depth += 1;
            }
        }
        at = tag.end;
    }
    None
}

//! Hugo's built-in `highlight` shortcode, the way most Hugo archives show
//! code, made into the fenced code block Gazette renders the same way
//! (`{{< highlight go "linenos=table,linenostart=3" >}}…{{< /highlight >}}`
//! → a ```` ```go {linenos=table,linenostart=3} ```` fence): left as a
//! shortcode, it would be one more template for the writer to port, and
//! the code would lose its highlighting until then.

/// `body` with every `highlight` shortcode (`{{< >}}` or `{{% %}}`) made a
/// fenced block, its language and options kept (Hugo's option string
/// goes in the fence's braces, where Gazette reads `linenos` and
/// `linenostart` and Hugo would read them all). A call shown as text
/// (`{{</* highlight */>}}`) or left unclosed stays as it is. Each
/// shortcode keeps its lines, so findings about the body still name the
/// source's lines.
pub(super) fn to_fences(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some((start, open)) = next_open(rest) {
        let after = &rest[start + open.len..];
        let Some((inner, close_len)) = inner_and_close(after, open.delimiter) else {
            out.push_str(&rest[..start + open.len]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..start]);
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        let code = inner
            .strip_prefix("\r\n")
            .or_else(|| inner.strip_prefix('\n'))
            .unwrap_or(inner);
        let code = code.trim_end_matches([' ', '\t']);
        let code = code.strip_suffix('\n').unwrap_or(code);
        let code = code.strip_suffix('\r').unwrap_or(code);
        let fence = crate::import::fence_for(code);
        let attributes = match open.options.is_empty() {
            true => String::new(),
            false => format!(" {{{}}}", open.options),
        };
        out.push_str(&format!(
            "{fence}{}{attributes}\n{code}\n{fence}",
            open.lang
        ));
        rest = &after[inner.len() + close_len..];
        if !rest.is_empty() && !rest.starts_with('\n') && !rest.starts_with("\r\n") {
            out.push('\n');
        }
    }
    out.push_str(rest);
    out
}

/// An opening `highlight` tag: its length, closing delimiter, language and
/// option string.
struct Open<'a> {
    len: usize,
    delimiter: &'static str,
    lang: &'a str,
    options: &'a str,
}

/// The first opening `highlight` tag in `text`, with its offset.
fn next_open(text: &str) -> Option<(usize, Open<'_>)> {
    let mut from = 0;
    while let Some(i) = text[from..].find("{{").map(|i| i + from) {
        from = i + 2;
        let tail = &text[i + 2..];
        let (delimiter, tail) = match tail.as_bytes().first() {
            Some(b'<') => (">}}", &tail[1..]),
            Some(b'%') => ("%}}", &tail[1..]),
            _ => continue,
        };
        let Some(args) = tail.trim_start().strip_prefix("highlight") else {
            continue;
        };
        if !args.starts_with([' ', '\t', '>', '%']) {
            continue;
        }
        let Some(end) = args.find(delimiter) else {
            continue;
        };
        let mut words = arguments(&args[..end]).into_iter();
        let lang = words.next().unwrap_or_default();
        let options = words.next().unwrap_or_default();
        let len = (text.len() - args.len()) - i + end + delimiter.len();
        return Some((
            i,
            Open {
                len,
                delimiter,
                lang,
                options,
            },
        ));
    }
    None
}

/// The shortcode's positional arguments, quotes (`"…"`, `` `…` ``) taken off.
fn arguments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (word, after) = match rest.as_bytes()[0] {
            q @ (b'"' | b'`') => {
                let end = rest[1..].find(q as char).map_or(rest.len(), |e| e + 1);
                (
                    &rest[1..end.min(rest.len())],
                    rest.get(end + 1..).unwrap_or(""),
                )
            }
            _ => {
                let end = rest.find([' ', '\t']).unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        out.push(word);
        rest = after.trim_start();
    }
    out
}

/// The text up to the matching `{{< /highlight >}}` and that tag's length.
fn inner_and_close<'a>(text: &'a str, delimiter: &str) -> Option<(&'a str, usize)> {
    let open = if delimiter == "%}}" { '%' } else { '<' };
    let mut from = 0;
    while let Some(i) = text[from..].find("{{").map(|i| i + from) {
        from = i + 2;
        let Some(tail) = text[i + 2..].strip_prefix(open) else {
            continue;
        };
        let Some(tail) = tail.trim_start().strip_prefix('/') else {
            continue;
        };
        let Some(tail) = tail.trim_start().strip_prefix("highlight") else {
            continue;
        };
        let Some(after) = tail.trim_start().strip_prefix(delimiter) else {
            continue;
        };
        return Some((&text[..i], text.len() - i - after.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_calls_become_fences_keeping_their_lines() {
        let body = "Avant.\n\n{{< highlight go \"linenos=table,linenostart=3\" >}}\npackage main\nfunc main() {}\n{{< /highlight >}}\n\nAprès.\n";
        assert_eq!(
            to_fences(body),
            "Avant.\n\n```go {linenos=table,linenostart=3}\npackage main\nfunc main() {}\n```\n\nAprès.\n"
        );
        assert_eq!(
            to_fences(body).lines().count(),
            body.lines().count(),
            "findings keep naming the source's lines"
        );
        // `{{% %}}`, no options, spaces inside the closing tag.
        assert_eq!(
            to_fences("{{% highlight  python %}}\nprint(1)\n{{% / highlight %}}"),
            "```python\nprint(1)\n```"
        );
        // Code holding a fence gets a longer one.
        assert_eq!(
            to_fences("{{< highlight md >}}\n```\nx\n```\n{{< /highlight >}}\n"),
            "````md\n```\nx\n```\n````\n"
        );
    }

    #[test]
    fn what_is_not_a_closed_highlight_call_is_left_as_written() {
        for body in [
            "{{</* highlight go */>}}\nx\n{{</* /highlight */>}}\n",
            "{{< highlight go >}}\nnever closed\n",
            "{{< highlight go >}}\nnever closed {{< figure >}}\n",
            "{{< highlighter go >}}\nx\n{{< /highlighter >}}\n",
            "{{< figure src=\"a.png\" >}}\n",
            "{{ .Title }} and {{< highlight",
        ] {
            assert_eq!(to_fences(body), body);
        }
    }
}

//! Block attributes as Goldmark (Hugo) and kramdown (Jekyll) write them: a
//! line `{.lead}`, `{#id .a .b}` or `{: .note}` right under a paragraph
//! gives that paragraph its classes and id, instead of showing as text.
//! Only classes and an id are taken (other `key=value` pairs, such as
//! `style` or `onclick`, are not an article's to set).

/// The attributes of `line` (the last line of a paragraph), as HTML
/// (` class="a b" id="x"`); `None` when it is not an attribute line.
pub(super) fn parse(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix('{')?.strip_suffix('}')?;
    let inner = inner.trim_start().strip_prefix(':').unwrap_or(inner).trim();
    if inner.is_empty() || inner.contains(['{', '}']) {
        return None;
    }
    let (mut classes, mut id) = (Vec::new(), None);
    for token in inner.split_whitespace() {
        let valid = |name: &str| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        };
        match token.split_at(1) {
            (".", name) if valid(name) => classes.push(name),
            ("#", name) if valid(name) => id = Some(name),
            _ if token.contains('=') => {}
            _ => return None,
        }
    }
    if classes.is_empty() && id.is_none() {
        return None;
    }
    let mut html = String::new();
    if !classes.is_empty() {
        html.push_str(&format!(" class=\"{}\"", classes.join(" ")));
    }
    if let Some(id) = id {
        html.push_str(&format!(" id=\"{id}\""));
    }
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn classes_and_an_id_only() {
        assert_eq!(parse("{.lead}").as_deref(), Some(" class=\"lead\""));
        assert_eq!(
            parse("{: #intro .a .b-c }").as_deref(),
            Some(" class=\"a b-c\" id=\"intro\"")
        );
        assert_eq!(
            parse("{.x onclick=\"alert(1)\"}").as_deref(),
            Some(" class=\"x\"")
        );
        assert_eq!(parse("{.\"><script>}"), None);
        assert_eq!(parse("{x}"), None, "a word in braces is text");
        assert_eq!(parse("{{< ref >}}"), None);
        assert_eq!(parse("{}"), None);
    }
}

//! What a YAML problem in front matter means, in the writer's words: a
//! front matter never closed, nesting too deep to be anything but an
//! attack, an unknown key (with the one meant), and serde_yaml's messages
//! explained (a `:` or `#` cutting a title short).

/// A front matter problem, with its 1-based line in the article file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Line in the article file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// How deep front matter may nest lists and maps: far more than any
/// article needs, far less than what makes the YAML parser slow (its time
/// grows with the square of the depth: 100,000 levels took 20 s).
pub(super) const MAX_DEPTH: usize = 64;

/// Front matter nested deeper than [`MAX_DEPTH`], by brackets (`[[[…`,
/// `{{{…`) or by indentation (`- - - …`, ever deeper keys), found before
/// the parser sees it.
pub(super) fn too_deep(yaml: &str, first_line: usize) -> Option<FrontMatterError> {
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        // Quotes end with their line: an apostrophe in a plain title opens nothing.
        let mut quote: Option<char> = None;
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        let mut deepest = indent / 2;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    deepest = deepest.max(indent / 2 + depth);
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if deepest > MAX_DEPTH {
            return Some(FrontMatterError {
                line: first_line + i,
                message: format!(
                    "the front matter nests lists or maps more than {MAX_DEPTH} levels deep: write it flatter"
                ),
            });
        }
    }
    None
}

/// A front matter never closed, whose end was taken at a `---` rule of the
/// body: after a blank line, a line that reads as prose (not a key, a list
/// item, an indented value or a comment), which no valid front matter
/// holds. Said as such, rather than as a puzzling "unknown key" made of
/// the article's first sentence.
pub(super) fn unclosed(yaml: &str, first_line: usize) -> Option<FrontMatterError> {
    let lines: Vec<&str> = yaml.lines().collect();
    let is_key = |l: &str| {
        l.split_once(':').is_some_and(|(key, rest)| {
            !key.is_empty()
                && !key.contains(char::is_whitespace)
                && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        })
    };
    let prose = (1..lines.len()).find(|&i| {
        let l = lines[i];
        lines[i - 1].trim().is_empty()
            && !l.trim().is_empty()
            && !l.starts_with([' ', '\t', '#', '-'])
            && !is_key(l)
    })?;
    let last_key = (0..prose)
        .rev()
        .find(|&i| !lines[i].trim().is_empty())
        .map_or(first_line - 1, |i| first_line + i);
    let closing = first_line + lines.len();
    Some(FrontMatterError {
        line: first_line + prose,
        message: format!(
            "the front matter opened on line {} is not closed before the text: this line reads as the article's text (the `---` on line {closing}, a rule in the body, was taken as the front matter's end); add a `---` line after line {last_key}",
            first_line - 1
        ),
    })
}

/// An unknown key, with the one of `keys` it is nearest to.
pub(super) fn unknown_key(key: &str, keys: &[&str]) -> String {
    let closest = crate::diagnostic::closest(key, keys.iter().copied());
    let known = "title, date, updated, expires, aliases, translation, slug, summary, tags, section, draft, author, image, image_alt, image_caption, image_credit, extra";
    match closest {
        Some(k) => format!("unknown key `{key}`: did you mean `{k}`?"),
        None => {
            format!("unknown key `{key}` (the keys are {known}); put your own data under `extra:`")
        }
    }
}

/// What a YAML error on `line` (1-based within `yaml`) means to a writer,
/// for the mistakes writers make; `None` for the others.
pub(super) fn explain_yaml(yaml: &str, line: usize, message: &str) -> Option<String> {
    let text = yaml.lines().nth(line.checked_sub(1)?)?;
    if text.starts_with('\t') || (message.contains("tab") && text.contains('\t')) {
        return Some(
            "this line is indented with a tab, which YAML does not allow: use spaces".into(),
        );
    }
    let (key, value) = text.split_once(':')?;
    let (key, value) = (key.trim(), value.trim());
    let quoted = || format!("`{key}: \"{}\"`", value.replace('"', "\\\""));
    if message.contains("mapping values are not allowed") && value.contains(": ") {
        return Some(format!(
            "the value of `{key}` holds `: ` (a colon and a space), which YAML reads as a new key: put the value in quotes, {}",
            quoted()
        ));
    }
    if let Some(first) = value.chars().next()
        && "@`*&!|>%".contains(first)
        && !key.is_empty()
    {
        return Some(format!(
            "the value of `{key}` starts with `{first}`, which YAML reserves: put the value in quotes, {}",
            quoted()
        ));
    }
    None
}

/// A `#` after a space starts a YAML comment: `title: Le #1 du marché`
/// gives the title `Le`. Says so when the line of `key` was cut that way.
pub(super) fn cut_by_comment(yaml: &str, key: &str, parsed: &str) -> Option<String> {
    let line = yaml
        .lines()
        .find(|l| l.split_once(':').is_some_and(|(k, _)| k.trim() == key))?;
    let value = line.split_once(':')?.1.trim();
    if value.starts_with(['"', '\'']) || !value.contains(" #") || parsed.contains(" #") {
        return None;
    }
    Some(format!(
        "`{key}` was cut at `#`, which starts a comment in YAML (it reads `{parsed}`): put the value in quotes, `{key}: \"{value}\"`"
    ))
}

/// serde_yaml appends "at line L column C"; we print our own line instead.
pub(super) fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

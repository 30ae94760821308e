//! Per-language typography, pure text in, text out. French: a narrow
//! no-break space (U+202F) before `; : ! ?` and `»` and after `«`, French
//! quotes instead of “…”, and no-break spaces inside numbers and before `%`.
//!
//! The Markdown renderer calls [`french`] on text only, never on code, raw
//! HTML or URLs; `prev` carries the last character of the text before, so a
//! rule that spans two Markdown events (`*mot* ?`) still applies.

use std::borrow::Cow;

/// Narrow no-break space.
pub const NNBSP: char = '\u{202F}';
/// No-break space.
pub const NBSP: char = '\u{00A0}';
/// Thin space: breakable, so replaced by a narrow no-break space where French
/// wants one.
const THIN: char = '\u{2009}';

/// Which typographic rules a language uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Typography {
    /// Leave text as pulldown-cmark gives it (English curly quotes).
    #[default]
    None,
    /// French spacing and quotes.
    French,
}

/// Applies `rules` to `text`, whose preceding character was `prev`: first
/// the smart punctuation every language gets (as Markdown bodies get it
/// from the Markdown parser), then the language's own rules. Every text a
/// reader sees goes through here: Markdown text, titles, summaries, image
/// alt texts, captions and credits, tag names, raw HTML's text nodes.
pub fn apply(rules: Typography, text: &str, prev: Option<char>) -> String {
    let text = smart(text, prev);
    match rules {
        Typography::None => text.into_owned(),
        Typography::French => french(&text, prev),
    }
}

/// Smart punctuation, as pulldown-cmark gives Markdown: typographic
/// apostrophes and quotes (`l'IA` → `l’IA`, `"x"` → `“x”`), `--` and `---`
/// → en and em dashes, `...` → `…`. Text that is already typographic, and
/// URLs, are left as they are.
pub fn smart(text: &str, prev: Option<char>) -> Cow<'_, str> {
    let plain = !text.contains(['\'', '"']) && !text.contains("--") && !text.contains("...");
    if plain || looks_like_url(text) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let last = out.chars().last().or(if i == 0 { prev } else { None });
        let next = chars.get(i + 1).copied();
        let opens = last.is_none_or(|l| l.is_whitespace() || "([{‘“«—–/-".contains(l));
        match chars[i] {
            '\'' if last.is_some_and(char::is_alphanumeric) => out.push('’'),
            '\'' if opens && next.is_some_and(char::is_alphanumeric) => out.push('‘'),
            '\'' => out.push('’'),
            '"' if opens => out.push('“'),
            '"' => out.push('”'),
            '-' if next == Some('-') => {
                let em = chars.get(i + 2) == Some(&'-');
                out.push(if em { '—' } else { '–' });
                i += if em { 2 } else { 1 };
            }
            '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// French typography for one run of text.
pub fn french(text: &str, prev: Option<char>) -> String {
    if looks_like_url(text) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = prev;
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let c = match c {
            '“' => '«',
            '”' => '»',
            other => other,
        };
        if i == 0 && prev == Some('«') && !c.is_whitespace() {
            out.push(NNBSP);
        }
        match c {
            ' ' | NBSP | NNBSP | THIN
                if next.is_some_and(needs_space_before) && !is_url_colon(&chars, i + 1) =>
            {
                out.push(NNBSP);
            }
            ' ' | NBSP | THIN if last == Some('«') => out.push(NNBSP),
            ' ' if last.is_some_and(|l| l.is_ascii_digit())
                && next.is_some_and(|n| "%€$£".contains(n)) =>
            {
                out.push(NBSP)
            }
            ' ' if last.is_some_and(|l| l.is_ascii_digit()) && is_digit_group(&chars, i + 1) => {
                out.push(NNBSP)
            }
            c if needs_space_before(c) => {
                // `?!` stays together; a guillemet and the sign beside it
                // do not (« Vraiment ! », « open data » !).
                let spaced = last.is_none_or(|l| {
                    l.is_whitespace()
                        || l == '('
                        || l == '['
                        || (needs_space_before(l) && l != '»' && c != '»')
                });
                let time = c == ':'
                    && last.is_some_and(|l| l.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                if !(spaced || time || is_url_colon(&chars, i)) {
                    out.push(NNBSP);
                }
                out.push(c);
            }
            '«' => {
                out.push('«');
                if next.is_some_and(|n| !n.is_whitespace()) {
                    out.push(NNBSP);
                }
            }
            c => out.push(c),
        }
        last = out.chars().last();
    }
    out
}

/// `; : ! ?` and the closing guillemet take a space before them.
fn needs_space_before(c: char) -> bool {
    matches!(c, ';' | ':' | '!' | '?' | '»')
}

/// `http://`, `mailto:`: a colon that belongs to a URL or a scheme.
fn is_url_colon(chars: &[char], i: usize) -> bool {
    chars.get(i) == Some(&':')
        && (chars.get(i + 1) == Some(&'/')
            || (i > 0
                && chars[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count()
                    > 0
                && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric())
                && !chars[..i].contains(&' ')))
}

/// Three digits then a non-digit: a thousands group (`500 000`).
fn is_digit_group(chars: &[char], i: usize) -> bool {
    chars.len() >= i + 3
        && chars[i..i + 3].iter().all(|c| c.is_ascii_digit())
        && chars.get(i + 3).is_none_or(|c| !c.is_ascii_digit())
}

fn looks_like_url(text: &str) -> bool {
    let t = text.trim();
    !t.contains(' ') && (t.contains("://") || t.starts_with("www.") || t.starts_with("mailto:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(s: &str) -> String {
        apply(Typography::French, s, None)
            .replace(NNBSP, "_")
            .replace(NBSP, "~")
    }

    #[test]
    fn spaces_before_double_punctuation() {
        assert_eq!(
            fr("Quoi? Vraiment! Oui; non: peut-être"),
            "Quoi_? Vraiment_! Oui_; non_: peut-être"
        );
        assert_eq!(fr("Déjà espacé ? Oui !"), "Déjà espacé_? Oui_!");
        assert_eq!(fr("Déjà\u{202F}fin ?"), "Déjà_fin_?");
    }

    #[test]
    fn exclamation_question_pairs_take_one_space() {
        assert_eq!(fr("Quoi!?"), "Quoi_!?");
        assert_eq!(fr("Quoi ?!"), "Quoi_?!");
    }

    #[test]
    fn guillemets_and_smart_quotes() {
        assert_eq!(fr("« Bonjour »"), "«_Bonjour_»");
        assert_eq!(fr("«Bonjour»"), "«_Bonjour_»");
        assert_eq!(fr("“Bonjour”"), "«_Bonjour_»");
    }

    #[test]
    fn a_guillemet_beside_a_double_sign_takes_its_own_space() {
        assert_eq!(fr("«Maps!»"), "«_Maps_!_»");
        assert_eq!(fr("«Vraiment?»"), "«_Vraiment_?_»");
        assert_eq!(fr("«open data»!"), "«_open data_»_!");
        assert_eq!(fr("«x»;"), "«_x_»_;");
        assert_eq!(fr("«x»: la suite"), "«_x_»_: la suite");
        assert_eq!(fr("« Quoi ?! »"), "«_Quoi_?!_»");
        // Across two runs of text (an emphasis closing before the guillemet).
        assert_eq!(apply(Typography::French, "»", Some('!')), "\u{202F}»");
    }

    #[test]
    fn smart_punctuation_for_every_language() {
        assert_eq!(smart("Les modèles d'IA", None), "Les modèles d’IA");
        assert_eq!(smart("It's \"fine\"...", None), "It’s “fine”…");
        assert_eq!(smart("'quoted' -- and --- so", None), "‘quoted’ – and — so");
        assert_eq!(smart("déjà l’IA « ok »", None), "déjà l’IA « ok »");
        assert_eq!(smart("s\"", Some('x')), "s”");
        assert_eq!(smart("\"début", Some(' ')), "“début");
        assert_eq!(smart("https://x.org/l'a", None), "https://x.org/l'a");
        assert_eq!(
            fr("Il a dit \"oui\" aujourd'hui"),
            "Il a dit «_oui_» aujourd’hui"
        );
        assert_eq!(apply(Typography::None, "don't", None), "don’t");
    }

    #[test]
    fn urls_times_and_numbers() {
        assert_eq!(fr("https://exemple.fr/a?b=c"), "https://exemple.fr/a?b=c");
        assert_eq!(fr("voir https://exemple.fr"), "voir https://exemple.fr");
        assert_eq!(fr("à 10:30 précises"), "à 10:30 précises");
        assert_eq!(fr("13 % et 500 000 dollars"), "13~% et 500_000 dollars");
    }

    #[test]
    fn previous_text_counts() {
        assert_eq!(french("?", Some('t')), format!("{NNBSP}?"));
        assert_eq!(french(" ?", Some('t')), format!("{NNBSP}?"));
        assert_eq!(french("?", Some(' ')), "?");
        assert_eq!(french("Oui", Some('«')), format!("{NNBSP}Oui"));
    }
}

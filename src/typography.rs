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
    typeset(rules, text, prev).into_owned()
}

/// [`apply`], borrowing `text` back when no rule changed it: most runs of
/// a body's text, which the Markdown renderer then keeps as they are.
pub fn typeset(rules: Typography, text: &str, prev: Option<char>) -> Cow<'_, str> {
    let text = smart(text, prev);
    match rules {
        Typography::French if needs_french(&text, prev) => Cow::Owned(french_rules(&text, prev)),
        Typography::None | Typography::French => text,
    }
}

/// Smart punctuation, as pulldown-cmark gives Markdown: typographic
/// apostrophes and quotes (`l'IA` → `l’IA`, `"x"` → `“x”`), `--` and `---`
/// → en and em dashes, `...` → `…`. Text that is already typographic, and
/// URLs, are left as they are.
pub fn smart(text: &str, prev: Option<char>) -> Cow<'_, str> {
    let b = text.as_bytes();
    let run = |i: usize| match b[i] {
        b'-' => b.get(i + 1) == Some(&b'-'),
        _ => b.get(i + 1..i + 3) == Some(b".."),
    };
    let plain =
        memchr::memchr2(b'\'', b'"', b).is_none() && !memchr::memchr2_iter(b'-', b'.', b).any(run);
    if plain || looks_like_url(text) {
        return Cow::Borrowed(text);
    }
    // Plain stretches are copied whole; only the four signs are looked at.
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = prev;
    let mut rest = text;
    while let Some(at) = rest.find(['\'', '"', '-', '.']) {
        let (plain, tail) = rest.split_at(at);
        out.push_str(plain);
        last = plain.chars().last().or(last);
        let next = tail[1..].chars().next();
        let opens = last.is_none_or(|l| l.is_whitespace() || "([{‘“«—–/-".contains(l));
        let (sign, len) = match tail.as_bytes()[0] {
            b'\'' if last.is_some_and(char::is_alphanumeric) => ('’', 1),
            b'\'' if opens && next.is_some_and(char::is_alphanumeric) => ('‘', 1),
            b'\'' => ('’', 1),
            b'"' if opens => ('“', 1),
            b'"' => ('”', 1),
            b'-' if tail.starts_with("---") => ('—', 3),
            b'-' if tail.starts_with("--") => ('–', 2),
            b'.' if tail.starts_with("...") => ('…', 3),
            other => (char::from(other), 1),
        };
        out.push(sign);
        last = Some(sign);
        rest = &tail[len..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether any French rule can apply to `text`: most runs of a body have
/// none of the signs the rules act on, and building the rules' character
/// array for them was a twentieth of a build. Every rule starts at one of
/// these signs, at a guillemet just before the text, or at a space between
/// digits (a thousands group); the unit test below checks the shortcut
/// against the rules themselves.
fn needs_french(text: &str, prev: Option<char>) -> bool {
    use memchr::{memchr2_iter, memchr3};
    let b = text.as_bytes();
    // Byte searches (`memchr`'s vectorized ones where it can), not a
    // character loop: this runs on every run of text a reader sees.
    let at = |i: usize, bytes: &[u8]| b.get(i..i + bytes.len()) == Some(bytes);
    prev.is_some_and(|p| p == '«' || p.is_ascii_digit())
        || memchr3(b';', b':', b'!', b).is_some()
        || memchr3(b'?', b'%', b'$', b).is_some()
        // « » £, “ ” €
        || memchr2_iter(0xC2, 0xE2, b).any(|i| {
            ["«", "»", "£", "“", "”", "€"]
                .iter()
                .any(|s| at(i, s.as_bytes()))
        })
        // A space between digits: a thousands group.
        || b.windows(3).any(|w| w[1] == b' ' && w[0].is_ascii_digit() && w[2].is_ascii_digit())
}

/// The French rules, applied character by character.
fn french_rules(text: &str, prev: Option<char>) -> String {
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
    fn the_shortcut_skips_only_texts_no_rule_changes() {
        let signs = [
            ' ', 'a', '1', ';', ':', '!', '«', '»', '“', '”', '?', '%', '€', '£', NBSP, NNBSP,
            THIN, '/',
        ];
        let prevs = [None, Some('a'), Some('1'), Some(' '), Some('«'), Some('!')];
        let mut text = String::new();
        // Every text of up to four of these signs.
        for (len, n) in (0..=4).flat_map(|len| (0..signs.len().pow(len)).map(move |n| (len, n))) {
            text.clear();
            let mut k = n;
            for _ in 0..len {
                text.push(signs[k % signs.len()]);
                k /= signs.len();
            }
            for prev in prevs {
                if !needs_french(&text, prev) {
                    assert_eq!(french_rules(&text, prev), text, "{text:?} after {prev:?}");
                }
            }
        }
    }

    #[test]
    fn previous_text_counts() {
        let french = |text, prev| apply(Typography::French, text, prev);
        assert_eq!(french("?", Some('t')), format!("{NNBSP}?"));
        assert_eq!(french(" ?", Some('t')), format!("{NNBSP}?"));
        assert_eq!(french("?", Some(' ')), "?");
        assert_eq!(french("Oui", Some('«')), format!("{NNBSP}Oui"));
    }
}

//! Raw HTML written in articles (CMS exports are full of it): rewriting the
//! URLs its attributes hold and setting its prose in the language's
//! typography, leaving every other byte as written. The parsing is
//! Cloudflare's `lol_html`, a streaming HTML rewriter, not a hand-written
//! tokenizer.
//!
//! Used by the Markdown renderer on each raw HTML block and inline tag (so a
//! root-relative `<img src="/img/x.svg">` gets the site's base path, as a
//! Markdown image does), by the feeds, which make every URL of an entry's
//! content absolute, and by `check`, which reads what writers wrote.

use crate::typography::{self, Typography};
use crate::urls;
use lol_html::html_content::{ContentType, TextChunk, TextType};
use lol_html::{RewriteStrSettings, doc_text, element, end_tag, rewrite_str};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// For an `<img src>`, the attributes to add where the writer set none.
pub type ImageAttributes<'a> = &'a dyn Fn(&str) -> Vec<(&'static str, String)>;

/// The attributes that hold one URL.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "poster", "cite"];

/// Elements whose text typography never touches.
const VERBATIM: &str = "code, pre, kbd, samp, script, style, textarea";

/// Rewrites `html`: each URL in an `href`, `src`, `poster`, `cite` or
/// `srcset` attribute goes through `url` (`None` keeps it; the second
/// argument is the byte offset of the element in `html`), and the text
/// outside code-like elements through `typography`. HTML that cannot be
/// parsed is returned as it is.
pub fn rewrite(
    html: &str,
    url: &mut dyn FnMut(&str, usize) -> Option<String>,
    image: Option<ImageAttributes>,
    rules: Typography,
) -> String {
    // Most inline tags (`<br>`, `</em>`) hold no URL and no text to set:
    // no rewriter for them.
    let lower = html.to_ascii_lowercase();
    if rules == Typography::None
        && !["href", "src", "poster", "cite"]
            .iter()
            .any(|a| lower.contains(a))
        && !text_may_need_smart_punctuation(html)
    {
        return html.to_string();
    }
    let url = RefCell::new(url);
    let verbatim = Rc::new(Cell::new(0usize));
    let pending = RefCell::new(String::new());
    let prev = Cell::new(None::<char>);
    let mut settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "[href], [src], [poster], [cite], [srcset]",
        |el| {
            let at = el.source_location().bytes().start;
            let src = el.get_attribute("src").filter(|_| el.tag_name() == "img");
            for name in URL_ATTRIBUTES {
                if let Some(value) = el.get_attribute(name)
                    && let Some(new) = (url.borrow_mut())(&value, at)
                {
                    el.set_attribute(name, &new)?;
                }
            }
            if let Some(value) = el.get_attribute("srcset") {
                let new = rewrite_srcset(&value, &mut |u| (url.borrow_mut())(u, at));
                if new != value {
                    el.set_attribute("srcset", &new)?;
                }
            }
            // An image of content/: its variants, where the writer set none.
            if let (Some(image), Some(src)) = (image, src) {
                let sized = el.has_attribute("width") || el.has_attribute("height");
                for (name, value) in image(&src) {
                    let size = name == "width" || name == "height";
                    if !(el.has_attribute(name) || size && sized) {
                        el.set_attribute(name, &value)?;
                    }
                }
            }
            Ok(())
        }
    ));
    {
        let depth = verbatim.clone();
        settings = settings
            .append_element_content_handler(element!(VERBATIM, move |el| {
                depth.set(depth.get() + 1);
                let depth = depth.clone();
                el.on_end_tag(end_tag!(move |_| {
                    depth.set(depth.get().saturating_sub(1));
                    Ok(())
                }))?;
                Ok(())
            }))
            .append_document_content_handler(doc_text!(|chunk| {
                if verbatim.get() > 0 || chunk.text_type() != TextType::Data {
                    return Ok(());
                }
                // A text node may come in several chunks: set it whole.
                let Some(raw) = whole_node(&mut pending.borrow_mut(), chunk) else {
                    chunk.remove();
                    return Ok(());
                };
                let text = decoded(&raw, TextType::Data);
                let typeset = typography::apply(rules, &text, prev.get());
                if let Some(last) = typeset.chars().last() {
                    prev.set(Some(last));
                }
                if typeset != text {
                    let escaped = html_escape::encode_text(&typeset);
                    chunk.replace(&escaped, ContentType::Html);
                } else if chunk.as_str() != raw {
                    chunk.replace(&raw, ContentType::Html);
                }
                Ok(())
            }));
    }
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// The text nodes of `html`, entities decoded and trimmed, in order: what
/// a reader reads of it (script and style text included, as a parser gives
/// it).
pub fn text_nodes(html: &str) -> Vec<String> {
    let nodes = RefCell::new(Vec::new());
    let pending = RefCell::new(String::new());
    let settings = RewriteStrSettings::new().append_document_content_handler(doc_text!(|chunk| {
        if let Some(raw) = whole_node(&mut pending.borrow_mut(), chunk) {
            let text = decoded(&raw, chunk.text_type());
            nodes.borrow_mut().push(text.trim().to_string());
        }
        Ok(())
    }));
    let _ = rewrite_str(html, settings);
    nodes.into_inner()
}

/// The raw text of the node `chunk` ends, once it does: `lol_html` hands a
/// text node over in chunks, gathered in `pending` until the last one
/// (`None` before it).
pub(crate) fn whole_node(pending: &mut String, chunk: &TextChunk) -> Option<String> {
    pending.push_str(chunk.as_str());
    chunk.last_in_text_node().then(|| std::mem::take(pending))
}

/// Raw text of `kind` as a reader reads it: entities decoded where HTML
/// decodes them (text and RCDATA such as `<title>`), not in the raw text
/// of scripts and styles.
pub(crate) fn decoded(raw: &str, kind: TextType) -> std::borrow::Cow<'_, str> {
    match kind {
        TextType::Data | TextType::RCData => html_escape::decode_html_entities(raw),
        _ => raw.into(),
    }
}

/// Whether the text outside the tags of `html` holds what smart
/// punctuation changes (quotes, `--`, `...`); a quick scan, never a parse.
fn text_may_need_smart_punctuation(html: &str) -> bool {
    let mut in_tag = false;
    let mut last = ' ';
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '\'' | '"' if !in_tag => return true,
            '-' | '.' if !in_tag && last == c => return true,
            _ => {}
        }
        last = c;
    }
    false
}

/// Each URL of a `srcset` (`a.jpg 480w, b.jpg 960w`) through `url`.
fn rewrite_srcset(srcset: &str, url: &mut dyn FnMut(&str) -> Option<String>) -> String {
    srcset
        .split(',')
        .map(|candidate| {
            let candidate = candidate.trim();
            let (u, descriptor) = match candidate.split_once(char::is_whitespace) {
                Some((u, d)) => (u, Some(d.trim())),
                None => (candidate, None),
            };
            let u = url(u).unwrap_or_else(|| u.to_string());
            match descriptor {
                Some(d) => format!("{u} {d}"),
                None => u,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The absolute form of every URL in `html`, an article's content as a feed
/// carries it: root-relative URLs get `origin`, fragment-only ones
/// (footnotes) and relative ones are taken against the article's
/// `permalink`, as its page would resolve them.
pub fn absolute_urls(html: &str, origin: &str, permalink: &str) -> String {
    rewrite(
        html,
        &mut |u, _| absolute(u, origin, permalink),
        None,
        Typography::None,
    )
}

/// `u` made absolute against the page at `permalink`; `None` when it already is.
fn absolute(u: &str, origin: &str, permalink: &str) -> Option<String> {
    let u = u.trim();
    if u.starts_with("//") || urls::has_scheme(u) {
        return None;
    }
    let page = permalink.split('#').next().unwrap_or(permalink);
    if u.starts_with('#') || u.is_empty() {
        return Some(format!("{page}{u}"));
    }
    let path = if u.starts_with('/') {
        u.to_string()
    } else {
        let page_path = page.strip_prefix(origin).unwrap_or(page);
        let folder = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
        urls::normalize(&format!("{folder}{u}"))
    };
    Some(format!("{origin}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_nodes_are_what_a_reader_reads() {
        assert_eq!(
            text_nodes(
                "<p>Caf&eacute; <em>cr&egrave;me</em></p>\n<pre><code>a &lt; b</code></pre>"
            ),
            ["Café", "crème", "", "a < b"]
        );
        assert_eq!(text_nodes("Plain &amp; simple"), ["Plain & simple"]);
    }

    fn base_path(u: &str, _: usize) -> Option<String> {
        u.strip_prefix('/')
            .filter(|_| !u.starts_with("//"))
            .map(|rest| format!("/blog/{rest}"))
    }

    #[test]
    fn url_attributes_get_the_base_path_and_nothing_else_moves() {
        let html = "<p class=x>Voir <a href=\"/fr/\" title='t'>ici</a></p>\n<img src=/img/x.svg alt=\"\">\n\
                    <img srcset=\"/a.jpg 480w, https://c.dn/b.jpg 960w\" src=\"//cdn/x\">\n<video poster=\"/p.jpg\"></video>";
        let out = rewrite(html, &mut base_path, None, Typography::None);
        assert_eq!(
            out,
            "<p class=x>Voir <a href=\"/blog/fr/\" title='t'>ici</a></p>\n<img src=\"/blog/img/x.svg\" alt=\"\">\n\
             <img srcset=\"/blog/a.jpg 480w, https://c.dn/b.jpg 960w\" src=\"//cdn/x\">\n<video poster=\"/blog/p.jpg\"></video>"
        );
    }

    #[test]
    fn french_typography_reaches_text_but_not_code_attributes_or_entities() {
        let html = "<p title=\"a: b?\">Bien! Tom &amp; Jerry; &laquo;oui&raquo; <code>a:b?</code> <em>mot</em>?</p>\
                    <pre>x: y!</pre><script>if (a) {b: 1}</script>";
        let out =
            rewrite(html, &mut |_, _| None, None, Typography::French).replace('\u{202F}', "_");
        assert_eq!(
            out,
            "<p title=\"a: b?\">Bien_! Tom &amp; Jerry_; «_oui_» <code>a:b?</code> <em>mot</em>_?</p>\
             <pre>x: y!</pre><script>if (a) {b: 1}</script>"
        );
    }

    #[test]
    fn feed_content_gets_absolute_urls() {
        let permalink = "https://ex.org/blog/fr/2025/01/x/";
        let html = "<a href=\"/blog/fr/\">a</a><a href=\"#fn1\">1</a><img src=\"photo.png\">\
                    <img src=\"../y/p.png\"><a href=\"https://other.org/\">o</a><a href=\"mailto:a@b.c\">m</a>";
        assert_eq!(
            absolute_urls(html, "https://ex.org", permalink),
            "<a href=\"https://ex.org/blog/fr/\">a</a><a href=\"https://ex.org/blog/fr/2025/01/x/#fn1\">1</a>\
             <img src=\"https://ex.org/blog/fr/2025/01/x/photo.png\"><img src=\"https://ex.org/blog/fr/2025/01/y/p.png\">\
             <a href=\"https://other.org/\">o</a><a href=\"mailto:a@b.c\">m</a>"
        );
    }
}

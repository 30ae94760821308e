//! The rules of this module, tested beside it.

use super::*;

fn keep(_: &str) -> Resolved {
    Resolved::Keep
}

fn style(typography: Typography) -> Style {
    Style {
        typography,
        heading_ids: HeadingIds::Slug,
    }
}

#[test]
fn definition_lists_are_lists_with_french_typography() {
    let r = render(
        "Une question ?\n: Une réponse.\n\nFin.\n",
        &keep,
        style(Typography::French),
    );
    assert_eq!(
        r.html,
        "<dl>\n<dt>Une question\u{202f}?</dt>\n<dd>Une réponse.</dd>\n</dl>\n<p>Fin.</p>\n"
    );
    // Not a summary: the first paragraph is the one after it.
    assert_eq!(r.first_paragraph, "Fin.");
}

#[test]
fn the_summary_is_what_comes_before_more() {
    let md = "Premier paragraphe.\n\nSecond, *aussi*.\n\n<!--more-->\n\nLa suite.\n";
    let r = render(md, &keep, style(Typography::None));
    assert_eq!(r.first_paragraph, "Premier paragraphe. Second, aussi.");
    assert!(r.html.contains("<p>La suite.</p>"), "{}", r.html);
    // Inside a paragraph, as Hugo allows it, and spelled loosely.
    let r = render(
        "Un. Deux <!-- More --> trois.\n",
        &keep,
        style(Typography::None),
    );
    assert_eq!(r.first_paragraph, "Un. Deux");
    // Without one, the first paragraph; in a quote, it is not the separator.
    let r = render(
        "Un.\n\nDeux.\n\n> <!--more-->\n",
        &keep,
        style(Typography::None),
    );
    assert_eq!(r.first_paragraph, "Un.");
    let r = render(
        "Un.\n\n<!-- note -->\n\nDeux.\n",
        &keep,
        style(Typography::None),
    );
    assert_eq!(r.first_paragraph, "Un.");
}

#[test]
fn headings_get_unique_ids() {
    let r = render(
        "# Hello world\n\n## Hello world\n\n## Custom {#mine}\n",
        &keep,
        style(Typography::None),
    );
    assert!(r.html.contains(r#"<h1 id="hello-world">"#), "{}", r.html);
    assert!(r.html.contains(r#"<h2 id="hello-world-1">"#), "{}", r.html);
    assert!(r.html.contains(r#"<h2 id="mine">"#), "{}", r.html);
}

#[test]
fn extensions_are_on() {
    let r = render(
        "|a|b|\n|-|-|\n|1|2|\n\n~~x~~ note[^1]\n\n[^1]: foot\n",
        &keep,
        style(Typography::None),
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("<del>x</del>"));
    assert!(
        r.html.contains("<section class=\"footnotes\""),
        "{}",
        r.html
    );
}

#[test]
fn links_are_resolved_with_their_line() {
    let resolve = |d: &str| match d {
        "a.md" => Resolved::Rewrite("/fr/a/".into()),
        "b.md" => Resolved::Broken("missing b.md".into()),
        _ => Resolved::Keep,
    };
    let r = render(
        "[a](a.md)\n\ntext\n\n[b](b.md)\n",
        &resolve,
        style(Typography::None),
    );
    assert!(r.html.contains(r#"href="/fr/a/""#));
    assert_eq!(r.broken_links, vec![(5, "missing b.md".to_string())]);
}

#[test]
fn french_typography_spares_code_urls_and_html() {
    let md = "Quoi? \"Oui\" dit-il: `a:b?` et [lien !](https://x.fr/a:b?c) <https://y.fr/?q=1>\n\n\
              <span title=\"a: b?\">Bien!</span> <code>x:y?</code> *mot*?\n\n```\nfn main() { a?; }\n```\n";
    let html = render(md, &keep, style(Typography::French))
        .html
        .replace('\u{202F}', "_");
    assert!(
        html.contains("Quoi_? «_Oui_» dit-il_: <code>a:b?</code>"),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="https://x.fr/a:b?c">lien_!</a>"#),
        "{html}"
    );
    assert!(html.contains(">https://y.fr/?q=1</a>"), "{html}");
    assert!(
        html.contains(r#"<span title="a: b?">Bien_!</span> <code>x:y?</code> <em>mot</em>_?"#),
        "{html}"
    );
    assert!(html.contains("fn main() { a?; }"), "{html}");
    let en = render("Really? \"Yes\"", &keep, style(Typography::None)).html;
    assert!(en.contains("Really? “Yes”"), "{en}");
}

#[test]
fn titles_take_inline_markdown_and_closed_formatting_tags_only() {
    let (html, plain) = render_inline(
        "Le <strong>vrai</strong> **coût** de `x` &amp; prototypes&nbsp;: l&rsquo;application",
        Typography::French,
    );
    let html = html.replace('\u{202F}', "_");
    assert_eq!(
        html,
        "Le <strong>vrai</strong> <strong>coût</strong> de <code>x</code> &amp; prototypes_: l’application"
    );
    assert_eq!(
        plain.replace('\u{202F}', "_"),
        "Le vrai coût de x & prototypes_: l’application"
    );
    let (html, plain) = render_inline("<script>alert(1)</script> <b>x", Typography::None);
    assert_eq!(html, "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x");
    assert_eq!(plain, "<script>alert(1)</script> <b>x");
    let (html, _) = render_inline("<em class=x>a</em>", Typography::None);
    assert_eq!(html, "&lt;em class=x&gt;a&lt;/em&gt;");
}

#[test]
fn first_paragraph_skips_quotes() {
    let r = render(
        "> quoted\n\nFirst *real* one\nwraps.\n\nSecond.",
        &keep,
        style(Typography::None),
    );
    assert_eq!(r.first_paragraph, "First real one wraps.");
}

#[test]
fn a_block_attribute_line_gives_its_paragraph_classes_and_an_id() {
    let md = "Le chapeau : important.\n{: #intro .lead}\n\nSuite {.x} ici.\n\n> Citée\n{.note}\n\n```\ncode\n{.kept}\n```\n";
    let r = render(md, &keep, style(Typography::French));
    assert!(
        r.html.starts_with(&format!(
            "<p class=\"lead\" id=\"intro\">{}</p>\n",
            typography::apply(Typography::French, "Le chapeau : important.", None)
        )),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<p>Suite {.x} ici.</p>"),
        "mid-line braces are text: {}",
        r.html
    );
    assert!(
        r.html.contains("<blockquote>\n<p class=\"note\">Citée</p>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("{.kept}"), "code is code: {}", r.html);
    assert_eq!(
        r.first_paragraph,
        typography::apply(Typography::French, "Le chapeau : important.", None)
    );
}

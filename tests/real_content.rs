//! What real archives hit (issue "Real content"): dates in the forms other
//! generators write, every problem of a run reported at once, links written
//! the way CMS exports write them, drafts kept out of the translation count,
//! and `check` reading the site the way the production host serves it.

mod common;

use common::*;

#[test]
fn dates_in_jekyll_and_hugo_forms_are_read_and_zone_less_ones_are_local() {
    let f = Fixture::new(&BILINGUAL.replace(
        "default_language = \"fr\"",
        "default_language = \"fr\"\ntime_zone = \"Europe/Paris\"",
    ));
    f.article(
        "fr/jekyll.md",
        "title: Jekyll\ndate: 2018-03-09 09:00:00 -0400",
        "x",
    );
    f.article("fr/hugo.md", "title: Hugo\ndate: 2024-05-27T09:37:24", "x");
    f.article("fr/jour.md", "title: Jour\ndate: 2024-01-15", "x");
    f.build_ok();
    let datetime = |rel: &str| attr(one(&f.html(rel), "article time"), "datetime");
    assert_eq!(
        datetime("fr/2018/03/jekyll/index.html"),
        "2018-03-09T09:00:00-04:00"
    );
    // Summer in Paris: UTC+2; winter: UTC+1.
    assert_eq!(
        datetime("fr/2024/05/hugo/index.html"),
        "2024-05-27T09:37:24+02:00"
    );
    assert_eq!(
        datetime("fr/2024/01/jour/index.html"),
        "2024-01-15T00:00:00+01:00"
    );
}

#[test]
fn nonsense_dates_and_zones_are_still_refused_with_their_line() {
    let f = Fixture::new(&BILINGUAL.replace(
        "default_language = \"fr\"",
        "default_language = \"fr\"\ntime_zone = \"Paris\"",
    ));
    f.article("fr/a.md", "title: A\ndate: le 3 mars", "x");
    let err = f.build_err();
    assert!(
        err.contains("site.toml:4: time_zone `Paris` is not a time zone"),
        "{err}"
    );
}

/// One run lists everything: a bad date does not hide a bad tag elsewhere,
/// a broken pair, a broken link, or a bad template; and a pair or a link to
/// the file with the bad date is not reported a second time.
#[test]
fn one_run_reports_the_problems_of_every_stage() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-01-01-date.md",
        "title: Date\ndate: 2025-31-01\ntranslation: en/2025-01-01-date.md",
        "x",
    );
    f.article(
        "en/2025-01-01-date.md",
        "title: Date\ndate: 2025-01-01\ntranslation: fr/2025-01-01-date.md",
        "[the French](../fr/2025-01-01-date.md)",
    );
    f.article(
        "fr/tag.md",
        "title: Tag\ndate: 2025-01-02\ntags: [ok, \"!!\"]",
        "x",
    );
    f.article(
        "fr/paire.md",
        "title: Paire\ndate: 2025-01-03\ntranslation: en/absent.md",
        "x",
    );
    f.article(
        "fr/lien.md",
        "title: Lien\ndate: 2025-01-04",
        "\n\n[x](perdu.md)\n",
    );
    f.write("templates/tags.html", "{% if %}");
    let err = f.build_err();
    for expected in [
        "content/fr/2025-01-01-date.md:3: `2025-31-01` is not a date",
        "content/fr/tag.md:4: tag `!!` has no letters or digits",
        "content/fr/paire.md:4: translation `en/absent.md` does not exist",
        "content/fr/lien.md:7: link to `perdu.md`: no article",
        "templates/tags.html:1:",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert!(!err.contains("content/en/2025-01-01-date.md"), "{err}");
    assert!(err.contains("5 errors in the site's sources"), "{err}");
}

#[test]
fn an_empty_tag_is_left_out_with_a_note_and_a_single_tag_needs_no_list() {
    let f = Fixture::bilingual();
    f.article(
        "fr/a.md",
        "title: A\ndate: 2025-01-01\ntags: [\"\", IA]",
        "x",
    );
    f.article("fr/b.md", "title: B\ndate: 2025-01-02\ntags: IA", "x");
    let out = f.build_ok();
    let said = stdout(&out);
    assert!(
        said.contains("note: ") && said.contains("content/fr/a.md:4: an empty tag was left out"),
        "{said}"
    );
    let tag = f.html("fr/tags/ia/index.html");
    assert_eq!(select(&tag, "article.card").len(), 2);
}

#[test]
fn a_percent_encoded_link_to_an_article_is_decoded() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2023-10-30-cap-sur-la-cybersécurité x.md",
        "title: Cap\ndate: 2023-10-30\nslug: cap",
        "x",
    );
    f.article(
        "fr/lien.md",
        "title: Lien\ndate: 2024-01-01",
        "[x](2023-10-30-cap-sur-la-cybers%C3%A9curit%C3%A9%20x.md)",
    );
    f.build_ok();
    let doc = f.html("fr/2024/01/lien/index.html");
    assert_eq!(
        attr(one(&doc, ".article-body a"), "href"),
        "/blog/fr/2023/10/cap/"
    );
}

#[test]
fn drafts_are_not_counted_as_untranslated_unless_published() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/brouillon.md",
        "title: B\ndate: 2025-01-01\ndraft: true",
        "x",
    );
    let said = stdout(&f.build_ok());
    assert!(
        said.contains("translations: fr 0 untranslated, 0 stale"),
        "{said}"
    );
    let said = stdout(&f.build(&["--drafts"]));
    assert!(said.contains("translations: fr 1 untranslated"), "{said}");
    let out = f.check(&[]);
    assert!(!stdout(&out).contains("brouillon"), "{}", stdout(&out));
    let out = f.check(&["--drafts"]);
    assert!(
        stdout(&out).contains("content/fr/brouillon.md"),
        "{}",
        stdout(&out)
    );
}

/// A site under a sub-path, as GitHub Pages projects are published.
fn sub_path_site() -> Fixture {
    let f = Fixture::bilingual();
    f.write(
        "static/img/x.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f
}

#[test]
fn root_relative_urls_in_raw_html_get_the_base_path() {
    let f = sub_path_site();
    pair(&f);
    f.article(
        "fr/html.md",
        "title: HTML\ndate: 2025-02-01",
        "Intro.\n\n<figure>\n<img src=\"/img/x.svg\" srcset=\"/img/x.svg 1x, /img/x.svg 2x\" alt=\"x\">\n\
         <figcaption><a href=\"/fr/\">Accueil</a> et <a href=\"2025-01-29-le-moment.md#suite\">l’article</a></figcaption>\n</figure>\n\n\
         Texte avec <a href=\"/fr/tags/\">les mots-clés</a> en ligne.\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/html/index.html");
    assert_eq!(attr(one(&doc, "figure img"), "src"), "/blog/img/x.svg");
    assert_eq!(
        attr(one(&doc, "figure img"), "srcset"),
        "/blog/img/x.svg 1x, /blog/img/x.svg 2x"
    );
    let links: Vec<String> = select(&doc, ".article-body a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        [
            "/blog/fr/",
            "/blog/fr/2025/01/le-moment/#suite",
            "/blog/fr/tags/"
        ]
    );
    // And check, which follows links as the host would, finds nothing wrong.
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn a_missing_article_linked_from_raw_html_is_an_error_with_its_line() {
    let f = Fixture::bilingual();
    f.article(
        "fr/html.md",
        "title: HTML\ndate: 2025-02-01",
        "Intro.\n\n<div>\n<p>Voir\n<a href=\"perdu.md\">ceci</a></p>\n</div>\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/fr/html.md:9: link to `perdu.md`: no article"),
        "{err}"
    );
}

/// `gazette check` on a site under a sub-path: every link and image that
/// would 404 on the production host, and nothing else.
#[test]
fn check_finds_what_would_404_under_a_sub_path_and_nothing_else() {
    let f = sub_path_site();
    pair(&f);
    // Images beside the article are sources: tests/images.rs.
    f.article(
        "fr/2025-02-01-photos/index.md",
        "title: Photos\ndate: 2025-02-01",
        "Intro.\n\n[remonter](../../y/)\n\n\
         [racine](https://example.org/img/x.svg)\n\n\
         [bon](../../../tags/) [ici](./) [encodé](/fr/été/)\n",
    );
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(!out.status.success(), "{report}");
    let source = "content/fr/2025-02-01-photos/index.md";
    for expected in [
        format!("{source}:7: link ../../y/ leads to no file of the site"),
        format!(
            "{source}:9: link https://example.org/img/x.svg leads outside the site, which is published at https://example.org/blog/"
        ),
        format!("{source}:11: link /blog/fr/%C3%A9t%C3%A9/ leads to no file of the site"),
    ] {
        assert!(
            report.contains(&expected),
            "missing `{expected}` in:\n{report}"
        );
    }
    // The relative links that do resolve (../../../tags/, ./) are not reported.
    assert!(report.contains("check: 3 errors"), "{report}");
}

#[test]
fn code_and_program_output_never_count_as_another_languages_ui_strings() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/console.md",
        "title: Console\ndate: 2025-02-01",
        "Sortie :\n\n```console\n$ git log\nUpdated 3 files. Read in English\n```\n\nEt <kbd>Read in English</kbd>, <samp>Updated</samp>.\n",
    );
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn titles_decode_entities_render_inline_markup_and_wrap() {
    let f = Fixture::bilingual();
    f.article(
        "fr/titre.md",
        "title: \"Des prototypes&nbsp;: l&rsquo;application <strong>vraie</strong> &amp; **rapide**\"\ndate: 2025-02-01",
        "x",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/titre/index.html");
    let h1 = one(&doc, "h1");
    assert_eq!(
        raw_text(h1),
        "Des prototypes\u{202f}: l’application vraie & rapide"
    );
    assert_eq!(select(&doc, "h1 strong").len(), 2);
    assert!(!h1.html().contains("&amp;nbsp"), "{}", h1.html());
    assert_eq!(
        raw_text(one(&doc, "title")),
        "Des prototypes\u{202f}: l’application vraie & rapide"
    );
    let home = f.html("fr/index.html");
    assert_eq!(select(&home, ".card h2 strong").len(), 2);
    let css = f.stylesheet();
    assert!(css.contains(".article-header h1 {") && css.contains("overflow-wrap: break-word"));
}

#[test]
fn french_typography_reaches_raw_html_prose_and_thin_spaces() {
    let f = Fixture::bilingual();
    f.article(
        "fr/cms.md",
        "title: CMS\ndate: 2025-02-01",
        "<div class=\"export\">\n<p>Vraiment! Un «test» ; et un\u{2009}? <code>a:b?</code></p>\n<pre>x: y!</pre>\n</div>\n\nPuis\u{2009}: fin.\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/cms/index.html");
    assert_eq!(
        raw_text(one(&doc, ".export p")),
        "Vraiment\u{202f}! Un «\u{202f}test\u{202f}»\u{202f}; et un\u{202f}? a:b?"
    );
    assert_eq!(raw_text(one(&doc, ".export pre")), "x: y!");
    assert!(raw_text(one(&doc, ".article-body > p")).contains("Puis\u{202f}: fin."));
}

#[test]
fn bare_urls_emails_and_times_are_left_alone_and_linked() {
    let f = Fixture::bilingual();
    f.article(
        "fr/url.md",
        "title: URL\ndate: 2025-02-01",
        "À l'adresse https://example.com:8080/path?x=1 dès 10:30, écrivez à redaction@example.org !\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/url/index.html");
    let p = one(&doc, ".article-body p");
    let text = raw_text(p);
    assert!(
        text.contains("https://example.com:8080/path?x=1 dès 10:30"),
        "{text}"
    );
    assert!(text.ends_with("redaction@example.org\u{202f}!"), "{text}");
    let links: Vec<String> = select(&doc, ".article-body a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        [
            "https://example.com:8080/path?x=1",
            "mailto:redaction@example.org"
        ]
    );
}

#[test]
fn hugo_compatible_heading_ids_on_request() {
    let body = "## pg_verifybackup\n\n## Il était une fois\n\n## Custom {#mon-id}\n";
    let ids = |f: &Fixture| -> Vec<String> {
        let doc = f.html("fr/2025/02/titres/index.html");
        select(&doc, ".article-body h2")
            .into_iter()
            .map(|h| attr(h, "id"))
            .collect()
    };
    let f = Fixture::bilingual();
    f.article("fr/titres.md", "title: T\ndate: 2025-02-01", body);
    f.build_ok();
    assert_eq!(ids(&f), ["pg-verifybackup", "il-etait-une-fois", "mon-id"]);
    let f = Fixture::new(&BILINGUAL.replace(
        "default_language = \"fr\"",
        "default_language = \"fr\"\nheading_ids = \"github\"",
    ));
    f.article("fr/titres.md", "title: T\ndate: 2025-02-01", body);
    f.build_ok();
    assert_eq!(ids(&f), ["pg_verifybackup", "il-était-une-fois", "mon-id"]);
}

/// The feed as a reader sees it: every URL in an entry's content absolute,
/// footnote links pointing into the article's page.
#[test]
fn feed_entries_carry_absolute_urls() {
    let f = sub_path_site();
    pair(&f);
    f.article(
        "fr/notes.md",
        "title: Notes\ndate: 2025-02-01",
        "Voir [l'article](2025-01-29-le-moment.md), ![x](/img/x.svg) et une note[^1].\n\n[^1]: La note.\n",
    );
    f.build_ok();
    let feed = f.read("fr/atom.xml");
    let xml = roxmltree::Document::parse(&feed).unwrap();
    let entry = xml
        .descendants()
        .find(|n| {
            n.has_tag_name("entry")
                && n.descendants()
                    .any(|t| t.has_tag_name("title") && t.text() == Some("Notes"))
        })
        .unwrap();
    let content = entry
        .descendants()
        .find(|n| n.has_tag_name("content"))
        .unwrap()
        .text()
        .unwrap();
    let html = scraper::Html::parse_fragment(content);
    let urls: Vec<String> = select(&html, "a[href], img[src]")
        .into_iter()
        .map(|e| {
            e.value()
                .attr("href")
                .or(e.value().attr("src"))
                .unwrap()
                .to_string()
        })
        .collect();
    // The link, the image, the footnote and its way back.
    assert_eq!(urls.len(), 4, "{urls:?}");
    for u in &urls {
        assert!(
            u.starts_with("https://example.org/blog/"),
            "{u} in {urls:?}"
        );
    }
    assert!(urls.contains(&"https://example.org/blog/fr/2025/01/le-moment/".to_string()));
    assert!(
        urls.iter()
            .any(|u| u.starts_with("https://example.org/blog/fr/2025/02/notes/#")),
        "{urls:?}"
    );
}

#[test]
fn shortcodes_render_through_templates_built_in_and_the_sites_own() {
    let f = sub_path_site();
    pair(&f);
    f.write(
        "templates/shortcodes/message.html",
        "<aside class=\"message message-{{ kind | default(value='info') }}\">{{ body | safe }}</aside>",
    );
    f.write(
        "templates/shortcodes/note.html",
        "<div class=\"note\">{{ body | safe }}</div>",
    );
    f.article(
        "fr/2025-02-01-codes.md",
        "title: Codes\ndate: 2025-02-01",
        "Début {{< youtube dQw4w9WgXcQ >}} et la suite.\n\n\
         {{< figure src=\"/img/x.svg\" alt=\"Un schéma\" caption=\"Le schéma\" credit=\"Photo : AFP\" >}}\n\n\
         {{< vimeo id=\"76979871\" title=\"Film\" >}}\n\n\
         {{< gist spf13 7896402 >}}\n\n\
         Voir [l'article]({{< relref \"2025-01-29-le-moment.md\" >}}) et [le lien]({{< ref \"2025-01-29-le-moment#suite\" >}}).\n\n\
         {{< message kind=\"alerte\" >}}<b>Attention</b> ici{{< /message >}}\n\n\
         {{% note %}}Un **mot** important{{% /note %}}\n\n\
         Du code `{{< figure src=\"x\" >}}` et :\n\n```\n{{< youtube abc >}}\n```\n\n\
         Documenter : {{</* figure src=\"x\" */>}}.\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/codes/index.html");
    let iframes: Vec<String> = select(&doc, ".embed iframe")
        .into_iter()
        .map(|e| attr(e, "src"))
        .collect();
    assert_eq!(
        iframes,
        [
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://player.vimeo.com/video/76979871?dnt=1"
        ]
    );
    let figure = one(&doc, ".article-body figure");
    assert_eq!(
        attr(one(&doc, ".article-body figure img"), "src"),
        "/blog/img/x.svg"
    );
    assert_eq!(
        attr(one(&doc, ".article-body figure img"), "alt"),
        "Un schéma"
    );
    assert!(text(figure).contains("Le schéma") && text(figure).contains("Photo : AFP"));
    assert_eq!(
        attr(one(&doc, ".gist a"), "href"),
        "https://gist.github.com/spf13/7896402"
    );
    let links: Vec<String> = select(&doc, ".article-body p a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert!(
        links.contains(&"/blog/fr/2025/01/le-moment/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"https://example.org/blog/fr/2025/01/le-moment/#suite".to_string()),
        "{links:?}"
    );
    assert_eq!(text(one(&doc, "aside.message-alerte b")), "Attention");
    assert_eq!(text(one(&doc, ".note strong")), "mot");
    let code: Vec<String> = select(&doc, ".article-body code")
        .into_iter()
        .map(raw_text)
        .collect();
    assert!(
        code.iter().any(|c| c == "{{< figure src=\"x\" >}}"),
        "{code:?}"
    );
    assert!(
        code.iter().any(|c| c.contains("{{< youtube abc >}}")),
        "{code:?}"
    );
    assert!(
        raw_text(one(&doc, ".article-body"))
            .contains("Documenter\u{202f}: {{< figure src=\"x\" >}}.")
    );
    // Nothing of a shortcode leaks into the summary, the meta description or the feed.
    let description = attr(one(&doc, "meta[name=description]"), "content");
    assert!(
        description.starts_with("Début")
            && !description.contains("{{")
            && !description.contains("GAZETTE"),
        "{description}"
    );
    let feed = f.read("fr/atom.xml");
    assert!(
        !feed.contains("{{&lt;") && !feed.contains("GAZETTESHORTCODE"),
        "shortcode text in the feed"
    );
    // The check passes on it.
    let out = f.check(&[]);
    assert!(stdout(&out).contains("check: 0 errors"), "{}", stdout(&out));
}

#[test]
fn a_theme_or_site_overrides_a_built_in_shortcode() {
    let f = Fixture::bilingual();
    f.write(
        "templates/shortcodes/youtube.html",
        "<p class=\"video\">{{ args | first }}</p>",
    );
    f.article(
        "fr/v.md",
        "title: V\ndate: 2025-02-01",
        "{{< youtube abc >}}\n",
    );
    f.build_ok();
    assert_eq!(
        text(one(&f.html("fr/2025/02/v/index.html"), ".video")),
        "abc"
    );
}

#[test]
fn an_unknown_or_broken_shortcode_is_an_error_with_its_line() {
    let f = Fixture::bilingual();
    f.write("templates/shortcodes/casse.html", "{{ nope | upper }}");
    f.article(
        "fr/s.md",
        "title: S\ndate: 2025-02-01",
        "Texte.\n\n{{< message >}}oups{{< /message >}}\n\n{{< ref \"absent.md\" >}}\n\n{{< casse >}}\n",
    );
    let err = f.build_err();
    for expected in [
        "content/fr/s.md:7: unknown shortcode `message`: write its template in templates/shortcodes/message.html",
        "content/fr/s.md:9: link to `absent.md`: no article",
        "content/fr/s.md:11: shortcode `casse`:",
        "templates/shortcodes/casse.html:1",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
}

#[test]
fn an_article_written_as_a_folder_takes_the_folders_name() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-02-01-le-dossier/index.md",
        "title: Dossier\ndate: 2025-02-01\ntranslation: en/2025-02-01-the-file/index.md",
        "x",
    );
    f.article(
        "en/2025-02-01-the-file/index.md",
        "title: File\ndate: 2025-02-01\ntranslation: fr/2025-02-01-le-dossier/index.md",
        "x",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/le-dossier/index.html");
    assert_eq!(
        attr(one(&doc, ".lang-switch a[hreflang=en]"), "href"),
        "/blog/en/2025/02/the-file/"
    );
}

#[test]
fn hugo_habits_definition_lists_more_and_struck_titles_are_rendered() {
    let f = Fixture::bilingual();
    f.article(
        "fr/entretien.md",
        "title: \"Hello, <strike>World</strike> <ins>Canada</ins>\"\ndate: 2025-02-01",
        "Une rencontre avec l’équipe.\n\nElle raconte sa méthode.\n\n<!--more-->\n\n\
         Pourquoi ce projet ?\n: Parce que les cartes manquaient.\n\nLa suite.\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/entretien/index.html");
    let h1 = one(&doc, "h1");
    assert_eq!(h1.inner_html(), "Hello, <s>World</s> <ins>Canada</ins>");
    assert_eq!(
        raw_text(one(&doc, "title")).split(" — ").next(),
        Some("Hello, World Canada")
    );
    // The question and its answer, as a definition list, typeset.
    assert_eq!(
        raw_text(one(&doc, ".article-body dl dt")),
        "Pourquoi ce projet\u{202f}?"
    );
    assert_eq!(
        raw_text(one(&doc, ".article-body dl dd")),
        "Parce que les cartes manquaient."
    );
    // The summary is all that comes before `<!--more-->`: in the meta
    // description, the listing and the feed.
    let summary = "Une rencontre avec l’équipe. Elle raconte sa méthode.";
    assert_eq!(
        attr(one(&doc, "meta[name=description]"), "content"),
        summary
    );
    let home = f.html("fr/index.html");
    assert!(
        raw_text(one(&home, ".card")).contains(summary),
        "{}",
        raw_text(one(&home, ".card"))
    );
    let xml = f.read("fr/atom.xml");
    assert!(xml.contains(summary), "{xml}");
}

#[test]
fn a_broken_link_is_reported_where_it_is_a_link_not_where_its_text_is_first_named() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-02-01-liens.md",
        "title: Liens\ndate: 2025-02-01",
        "Le site www.example.org est cité ici.\n\nUn paragraphe.\n\n\
         Voir [www.example.org](www.example.org).\n",
    );
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(
        report.contains("content/fr/2025-02-01-liens.md:9: link www.example.org"),
        "{report}"
    );
}

#[test]
fn words_a_writer_wrote_are_never_taken_for_another_languages_ui_strings() {
    let f = Fixture::bilingual();
    f.article(
        "en/2025-02-01-shelters.md",
        "title: The Maisons d’Accueil network grows\ndate: 2025-02-01\nsummary: The Association des Maisons d’Accueil opens a shelter.",
        "The *Association des Maisons d’Accueil* opens its tenth shelter.\n",
    );
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(!report.contains("UI string"), "{report}");
    // The theme's own chrome is still checked: a French UI string left in
    // an English template is found, with the article's words beside it.
    f.write(
        "templates/article.html",
        "<!doctype html><html lang=\"{{ lang }}\"><head><title>{{ title }}</title></head>\
         <body><nav><a href=\"#x\" id=\"x\">Accueil</a></nav><h1>{{ page.title_html | safe }}</h1>{{ page.content | safe }}</body></html>",
    );
    let out = f.check(&[]);
    let report = stdout(&out);
    assert!(
        report.contains("shows the fr UI string `home` (\"Accueil\")"),
        "{report}"
    );
}

#[test]
fn shortcode_output_is_typeset_and_a_figures_caption_is_markdown() {
    let f = Fixture::bilingual();
    f.write(
        "templates/shortcodes/alerte.html",
        "<p class=\"alerte\">Attention! Lisez «ceci»; <code>a:b?</code></p>",
    );
    f.article(
        "fr/2025-02-01-carte.md",
        "title: Carte\ndate: 2025-02-01",
        "{{< figure src=\"/img/x.svg\" caption=\"L'*Overpass* montre les rues!\" >}}\n\n{{< alerte >}}\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/carte/index.html");
    let caption = one(&doc, ".article-body figcaption");
    assert_eq!(
        caption.inner_html().trim(),
        "L’<em>Overpass</em> montre les rues\u{202f}!"
    );
    // Its text is the image's description (attributes are left as written).
    assert_eq!(
        attr(one(&doc, ".article-body figure img"), "alt"),
        "L’Overpass montre les rues!"
    );
    assert_eq!(
        one(&doc, ".alerte").inner_html(),
        "Attention\u{202f}! Lisez «\u{202f}ceci\u{202f}»\u{202f}; <code>a:b?</code>"
    );
}

#[test]
fn refs_are_tried_from_the_languages_root_and_take_lang_and_path_as_hugo_does() {
    let f = Fixture::bilingual();
    f.article("en/support.md", "title: Support us", "Thanks.\n");
    f.article("fr/soutien.md", "title: Nous soutenir", "Merci.\n");
    f.article(
        "en/posts/2025-02-01-news.md",
        "title: News\ndate: 2025-02-01",
        "See [support]({{< relref \"support.md\" >}}), \
         [en français]({{% relref lang=\"fr\" path=\"soutien.md\" %}}) \
         and [absolute]({{< ref path=\"support\" >}}).\n",
    );
    f.build_ok();
    let doc = f.html("en/2025/02/news/index.html");
    let links: Vec<String> = select(&doc, ".article-body a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        [
            "/blog/en/support/",
            "/blog/fr/soutien/",
            "https://example.org/blog/en/support/"
        ]
    );
    // Not found anywhere: the error names the path as written.
    f.article(
        "en/posts/2025-02-02-more.md",
        "title: More\ndate: 2025-02-02",
        "[x]({{< relref \"nowhere.md\" >}})\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/en/posts/2025-02-02-more.md:5:"),
        "{err}"
    );
    assert!(err.contains("nowhere.md"), "{err}");
}

#[test]
fn a_ref_may_name_a_section_or_a_term_as_hugo_writes_them() {
    let f = Fixture::new(&format!(
        "{BILINGUAL}\n[sections.projects]\nfr = \"Projets\"\nen = \"Projects\"\n"
    ));
    f.article(
        "en/2025-02-01-event.md",
        "title: The fair\ndate: 2025-02-01\nsection: projects\ntags: [Event]",
        "All [projects]({{< relref \"projects\" >}}), [events]({{< relref \"categories/event\" >}}), \
         [tagged]({{< ref \"tags/Event\" >}}) and [theirs]({{< relref lang=\"fr\" path=\"projets\" >}}).\n",
    );
    f.article(
        "fr/2025-02-01-foire.md",
        "title: La foire\ndate: 2025-02-01\nsection: projects",
        "Texte.\n",
    );
    f.build_ok();
    let doc = f.html("en/2025/02/event/index.html");
    let links: Vec<String> = select(&doc, ".article-body a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        links,
        [
            "/blog/en/projects/",
            "/blog/en/tags/event/",
            "https://example.org/blog/en/tags/event/",
            "/blog/fr/projets/"
        ]
    );
    // A term no article uses has no page: still an error.
    f.article(
        "en/2025-02-02-more.md",
        "title: More\ndate: 2025-02-02",
        "[x]({{< relref \"categories/nothing\" >}})\n",
    );
    assert!(f.build_err().contains("categories/nothing"));
}

#[test]
fn templates_and_shortcodes_read_data_and_shortcodes_list_the_articles() {
    let f = Fixture::bilingual();
    f.write(
        "data/team.yml",
        "- name: Claire\n  role: rédactrice en chef\n- name: Tom\n",
    );
    f.write(
        "data/fr/contact.toml",
        "email = \"redaction@example.org\"\n",
    );
    f.write(
        "templates/shortcodes/team.html",
        "<ul class=\"team\">{% for m in data.team %}<li>{{ m.name }}</li>{% endfor %}</ul><p class=\"mail\">{{ data.fr.contact.email }}</p>",
    );
    f.write(
        "templates/shortcodes/latest.html",
        "<ul class=\"latest\">{% for a in articles %}{% if a.url != page_url and loop.index <= 2 %}<li><a href=\"{{ a.url }}\">{{ a.title }}</a> {{ a.section }}</li>{% endif %}{% endfor %}</ul>",
    );
    f.write(
        "templates/404.html",
        "<p class=\"who\">{{ data.team[0].name }}</p>",
    );
    for (day, title) in [(1, "Un"), (2, "Deux"), (3, "Trois")] {
        f.article(
            &format!("fr/2025-02-0{day}-a{day}.md"),
            &format!("title: {title}\ndate: 2025-02-0{day}"),
            "Texte.\n",
        );
    }
    f.article(
        "en/2025-02-04-en.md",
        "title: English\ndate: 2025-02-04",
        "Text.\n",
    );
    f.article(
        "fr/equipe.md",
        "title: L’équipe",
        "{{< team >}}\n\nÀ lire :\n\n{{< latest >}}\n",
    );
    f.build_ok();
    let doc = f.html("fr/equipe/index.html");
    let team: Vec<String> = select(&doc, ".team li").iter().map(|l| text(*l)).collect();
    assert_eq!(team, ["Claire", "Tom"]);
    assert_eq!(text(one(&doc, ".mail")), "redaction@example.org");
    let latest: Vec<String> = select(&doc, ".latest a").iter().map(|a| text(*a)).collect();
    assert_eq!(
        latest,
        ["Trois", "Deux"],
        "the French articles, newest first"
    );
    assert_eq!(
        attr(select(&doc, ".latest a")[0], "href"),
        "/blog/fr/2025/02/a3/"
    );
    assert_eq!(text(one(&f.html("404.html"), ".who")), "Claire");
    // A data file that does not parse is an error at its line.
    f.write("data/fr/contact.toml", "email = \"x\"\nphone = \n");
    let err = f.build_err();
    assert!(
        err.contains("data/fr/contact.toml:2: TOML does not parse"),
        "{err}"
    );
}

#[test]
fn a_fence_asking_for_line_numbers_gets_a_column_of_them() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-02-01-code.md",
        "title: Code\ndate: 2025-02-01",
        "```go {linenos=true, linenostart=10}\npackage main\n\nfunc main() {}\n```\n\n```go\nsans numéros\n```\n",
    );
    f.build_ok();
    let doc = f.html("fr/2025/02/code/index.html");
    let numbers = one(&doc, ".article-body .code-lines .line-numbers");
    assert_eq!(raw_text(numbers), "10\n11\n12");
    assert_eq!(attr(numbers, "aria-hidden"), "true");
    assert!(raw_text(one(&doc, ".code-lines code.language-go")).starts_with("package main"));
    assert_eq!(select(&doc, ".line-numbers").len(), 1);
}

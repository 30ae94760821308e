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
    let out = gazette(&["check", "--root", f.root().to_str().unwrap()]);
    assert!(!stdout(&out).contains("brouillon"), "{}", stdout(&out));
    let out = gazette(&["check", "--drafts", "--root", f.root().to_str().unwrap()]);
    assert!(
        stdout(&out).contains("content/fr/brouillon.md"),
        "{}",
        stdout(&out)
    );
}

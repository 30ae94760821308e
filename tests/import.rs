//! `gazette import hugo|jekyll`: fixture sites of each generator, made
//! here, imported, built and checked; every URL the old site served (as
//! Hugo 0.168 and Jekyll's rules make them, listed by hand) answers from
//! the new output, as the page or as a redirect to it.

mod common;

use common::*;
use std::path::Path;
use std::process::Output;

/// Writes `files` (path, text) under `dir`.
fn write_all(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn import(generator: &str, source: &Path, into: &Path) -> Output {
    gazette(&[
        "import",
        generator,
        source.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ])
}

/// Imports `source`, builds and checks the result; returns the new site.
fn import_build_check(generator: &str, source: &Path) -> (Fixture, String) {
    let f = Fixture::new("");
    std::fs::remove_file(f.root().join("site.toml")).unwrap();
    let out = import(generator, source, f.root());
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let printed = stdout(&out);
    assert!(
        printed.contains(&format!("next: cd {} && gazette check", f.root().display())),
        "{printed}"
    );
    f.build_ok();
    let check = f.check(&[]);
    assert!(
        stdout(&check).contains("check: 0 errors"),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    (f, printed)
}

/// The file a static host serves for `path` (under the base path), after
/// following a redirect page: the page's HTML.
fn served(f: &Fixture, base: &str, path: &str) -> String {
    let file = |p: &str| {
        let rel = p
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{p} is outside {base}"));
        let rel = percent_encoding::percent_decode_str(rel)
            .decode_utf8()
            .unwrap();
        match rel.ends_with('/') || rel.is_empty() {
            true => f.out().join(format!("{rel}index.html")),
            false => f.out().join(rel.as_ref()),
        }
    };
    let bytes = std::fs::read(file(path)).unwrap_or_else(|_| panic!("{path} is not served"));
    let page = String::from_utf8_lossy(&bytes).into_owned();
    let needle = "http-equiv=\"refresh\" content=\"0; url=";
    let Some(at) = page.find(needle) else {
        return page;
    };
    let rest = &page[at + needle.len()..];
    let target = &rest[..rest.find('"').unwrap()];
    let landed = std::fs::read_to_string(file(target))
        .unwrap_or_else(|_| panic!("{path} redirects to {target}, which is not served"));
    assert!(
        !landed.contains("http-equiv=\"refresh\""),
        "{path} → {target} redirects again"
    );
    landed
}

/// A PNG's bytes.
fn png_bytes() -> Vec<u8> {
    png(640, 480)
}

/// English at the root, French by file suffix, pairs by path and by
/// `translationKey`, TOML and YAML front matter, a page bundle, categories
/// one per article, aliases, menus, a custom and a built-in shortcode.
const HUGO_SUFFIX: &[(&str, &str)] = &[
    (
        "hugo.toml",
        r#"baseURL = "https://news.example.org/"
title = "The Journal"
defaultContentLanguage = "en"
timeZone = "Europe/Paris"

[permalinks]
posts = "/:year/:month/:slug/"

[languages.en]
languageName = "English"
weight = 1
[languages.en.params]
description = "News in English"

[languages.fr]
languageName = "Français"
title = "Le Journal"
weight = 2

[[languages.en.menus.main]]
name = "About"
pageRef = "/about"
weight = 2

[[languages.en.menus.main]]
name = "Archives"
url = "https://archive.example.org/"
weight = 1

[[languages.fr.menus.main]]
name = "À propos"
pageRef = "/about"
weight = 1
"#,
    ),
    (
        "layouts/shortcodes/note.html",
        "<aside class=\"note\">{{ .Inner | markdownify }}</aside>\n",
    ),
    (
        "content/posts/open-data.md",
        r#"+++
title = "Open data, at last"
date = 2024-05-09T10:00:00+02:00
categories = ["Tech"]
tags = ["Open data", "Cities"]
aliases = ["/old/open-data.html"]
description = "The city opens its data."
+++
The city published its budget.

<!--more-->

Question?
: Answer.

A paragraph with a class.
{.lead}

{{< note >}}Remember *this*.{{< /note >}}

{{< highlight go "linenos=table,hl_lines=2,linenostart=10" >}}
package main
func main() {}
{{< /highlight >}}
"#,
    ),
    (
        "content/posts/open-data.fr.md",
        "---\ntitle: \"Enfin, l’open data\"\ndate: 2024-05-09T10:00:00+02:00\ncategories: [Technologie]\ntags: [Open data, Villes]\nslug: enfin-open-data\n---\nLa ville a publié son budget : «enfin!»\n",
    ),
    (
        "content/posts/voyage/index.md",
        "---\ntitle: A trip to Lyon\ndate: 2024-06-01\ncategories: [Travel]\ntranslationKey: trip\ncover:\n  image: lyon.png\n  alt: The Saône at dusk\n---\nWe went to Lyon.\n\n{{< figure src=\"lyon.png\" caption=\"The *Saône*\" >}}\n",
    ),
    (
        "content/posts/voyage/index.fr.md",
        "---\ntitle: Un voyage à Lyon\ndate: 2024-06-01\ncategories: [Voyage]\ntranslationKey: trip\n---\nNous sommes allés à Lyon.\n",
    ),
    ("content/about.md", "---\ntitle: About\n---\nWho we are.\n"),
    (
        "content/about.fr.md",
        "---\ntitle: À propos\n---\nQui nous sommes.\n",
    ),
    ("content/posts/_index.md", "---\ntitle: Posts\n---\n"),
];

/// What Hugo 0.168 published for [`HUGO_SUFFIX`] (its `public/`, HTML).
const HUGO_SUFFIX_URLS: &[&str] = &[
    "/2024/05/open-data-at-last/",
    "/2024/06/a-trip-to-lyon/",
    "/about/",
    "/categories/",
    "/categories/tech/",
    "/categories/travel/",
    "/en/",
    "/fr/2024/05/enfin-open-data/",
    "/fr/2024/06/un-voyage-%C3%A0-lyon/",
    "/fr/about/",
    "/fr/categories/",
    "/fr/categories/technologie/",
    "/fr/categories/voyage/",
    "/fr/",
    "/fr/posts/",
    "/fr/tags/",
    "/fr/tags/open-data/",
    "/fr/tags/villes/",
    "/",
    "/old/open-data.html",
    "/posts/",
    "/tags/cities/",
    "/tags/",
    "/tags/open-data/",
];

#[test]
fn a_hugo_site_by_suffix_keeps_its_urls_pairs_and_content() {
    let src = tempfile::tempdir().unwrap();
    write_all(src.path(), HUGO_SUFFIX);
    std::fs::write(
        src.path().join("content/posts/voyage/lyon.png"),
        png_bytes(),
    )
    .unwrap();
    let (f, printed) = import_build_check("hugo", src.path());
    assert!(
        printed.contains("imported 4 articles and 2 pages (3 translation groups)"),
        "{printed}"
    );
    for url in HUGO_SUFFIX_URLS {
        served(&f, "/", url);
    }
    // Hugo's RSS addresses serve the language's feed itself.
    assert_eq!(served(&f, "/", "/index.xml"), f.read("atom.xml"));
    assert_eq!(served(&f, "/", "/fr/index.xml"), f.read("fr/atom.xml"));
    assert_eq!(served(&f, "/", "/posts/index.xml"), f.read("atom.xml"));
    // Pairs by path and by translationKey, both ways.
    let en = f.html("2024/05/open-data-at-last/index.html");
    assert_eq!(
        attr(one(&en, ".lang-switch a[hreflang=fr]"), "href"),
        "/fr/2024/05/enfin-open-data/"
    );
    let fr = f.html("fr/2024/06/un-voyage-à-lyon/index.html");
    assert_eq!(
        attr(one(&fr, ".lang-switch a[hreflang=en]"), "href"),
        "/2024/06/a-trip-to-lyon/"
    );
    // Categories became sections named per language.
    assert_eq!(
        text(one(&f.html("fr/technologie/index.html"), "h1")),
        "Technologie"
    );
    // The body: definition list, <!--more--> summary, the custom
    // shortcode's starting template, French spacing, a bundle's figure.
    assert_eq!(text(one(&en, "dl dt")), "Question?");
    assert_eq!(
        text(one(&en, ".article-body p.lead")),
        "A paragraph with a class."
    );
    assert!(
        text(one(&en, ".article-body")).contains("Remember *this*."),
        "the starting template shows the inner text as written, until it is ported"
    );
    // Hugo's built-in `highlight`: a highlighted block, numbered from 10.
    assert_eq!(attr(one(&en, "pre code"), "class"), "language-go");
    assert!(text(one(&en, "pre code")).contains("func main() {}"));
    assert_eq!(text(one(&en, "pre.line-numbers")), "10 11");
    let feed = f.read("atom.xml");
    assert!(
        feed.contains("The city opens its data."),
        "description → summary"
    );
    let fr_open = f.read("fr/2024/05/enfin-open-data/index.html");
    assert!(
        fr_open.contains("«\u{202f}enfin\u{202f}!\u{202f}»"),
        "French typography"
    );
    let trip = f.html("2024/06/a-trip-to-lyon/index.html");
    assert!(
        select(&trip, "figure img")
            .iter()
            .any(|i| attr(*i, "alt") == "The Saône at dusk")
    );
    assert_eq!(text(one(&trip, "figcaption em")), "Saône");
    // Menus in weight order, to the imported pages.
    let home = f.html("index.html");
    let menu: Vec<String> = select(&home, "header nav a")
        .iter()
        .map(|a| text(*a))
        .collect();
    let archives = menu
        .iter()
        .position(|m| m == "Archives")
        .expect("Archives in the menu");
    let about = menu
        .iter()
        .position(|m| m == "About")
        .expect("About in the menu");
    assert!(archives < about, "{menu:?}");
    // The report names what was not mapped, at its line.
    let report = f.read_root("import-report.txt");
    assert!(
        report.contains(
            "content/posts/open-data.md:19: shortcode `note` (layouts/shortcodes/note.html"
        ),
        "{report}"
    );
    let starter = f.read_root("templates/shortcodes/note.html");
    assert!(
        starter.contains("{{ .Inner | markdownify }}"),
        "the original, to port: {starter}"
    );
    // The URL record knows the old URLs: a later build that drops one fails.
    let record = f.read_root("published-urls.txt");
    assert!(
        record.contains("/old/open-data.html en/posts/open-data.md"),
        "{record}"
    );
    // The archive's translations start up to date with their originals
    // (English, the default language): the desk has nothing to do until an
    // original changes, and then names the translation to update.
    assert!(
        printed.contains("3 translations recorded as up to date with their originals"),
        "{printed}"
    );
    let desk = |f: &Fixture| {
        let out = gazette(&["status", "--root", f.root().to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let before = desk(&f);
    assert!(
        !before.contains("no record") && !before.contains("out of date"),
        "{before}"
    );
    assert!(!stdout(&f.check(&[])).contains("untracked"));
    let original = f.root().join("content/en/posts/open-data.md");
    let text = std::fs::read_to_string(&original).unwrap();
    std::fs::write(
        &original,
        text.replace(
            "The city published its budget.",
            "The city published its budget, late.",
        ),
    )
    .unwrap();
    let after = desk(&f);
    assert!(
        after.contains("out of date (1)")
            && after.contains("next: gazette mark-translated fr/posts/open-data.md"),
        "{after}"
    );
}

/// French first under `/fr/`, languages by `contentDir`, YAML config,
/// `uglyURLs`, Hugo's default paths, two categories on an article (so
/// they are tags), `url:`, a draft and a front matter menu.
const HUGO_DIRS: &[(&str, &str)] = &[
    (
        "hugo.yaml",
        "baseURL: https://example.org/journal/\ntitle: Le Journal\ndefaultContentLanguage: fr\ndefaultContentLanguageInSubdir: true\nuglyURLs: true\ntaxonomies:\n  tag: tags\n  category: categories\n  serie: series\nlanguages:\n  fr:\n    languageName: Français\n    contentDir: content/fr\n    weight: 1\n    params:\n      description: Les nouvelles\n  en:\n    languageName: English\n    title: The Journal\n    contentDir: content/en\n    weight: 2\n",
    ),
    (
        "content/fr/articles/ecole.md",
        "---\ntitle: L’école est finie\ndate: 2023-09-01\ntags: [Éducation, Société]\ncategories: [Société, Écoles]\nseries: [Rentrée]\n---\nTexte.\n",
    ),
    (
        "content/en/articles/ecole.md",
        "---\ntitle: School is out\ndate: 2023-09-01\ntags: [Education]\n---\nText.\n",
    ),
    (
        "content/fr/contact.md",
        "---\ntitle: Contact\nmenu: main\nurl: /fr/nous-ecrire/\n---\nÉcrivez-nous.\n",
    ),
    (
        "content/fr/articles/brouillon.md",
        "---\ntitle: Brouillon\ndate: 2023-10-01\ndraft: true\n---\nPas fini.\n",
    ),
];

/// What Hugo 0.168 published for [`HUGO_DIRS`] (HTML pages).
const HUGO_DIRS_URLS: &[&str] = &[
    "/journal/en/articles/ecole.html",
    "/journal/en/articles/",
    "/journal/en/categories/",
    "/journal/en/",
    "/journal/en/tags/education.html",
    "/journal/en/tags/",
    "/journal/fr/articles/ecole.html",
    "/journal/fr/articles/",
    "/journal/fr/categories/",
    "/journal/fr/categories/soci%C3%A9t%C3%A9.html",
    "/journal/fr/categories/%C3%A9coles.html",
    "/journal/fr/",
    "/journal/fr/nous-ecrire/",
    "/journal/fr/series/",
    "/journal/fr/series/rentr%C3%A9e.html",
    "/journal/fr/tags/",
    "/journal/fr/tags/soci%C3%A9t%C3%A9.html",
    "/journal/fr/tags/%C3%A9ducation.html",
    "/journal/",
];

#[test]
fn a_hugo_site_by_content_dir_under_a_sub_path_keeps_its_urls() {
    let src = tempfile::tempdir().unwrap();
    write_all(src.path(), HUGO_DIRS);
    let (f, printed) = import_build_check("hugo", src.path());
    for url in HUGO_DIRS_URLS {
        served(&f, "/journal/", url);
    }
    // A taxonomy of the site's own: its terms kept, its pages lead home.
    assert!(
        printed.contains(
            "content/fr/articles/ecole.md:6: taxonomy `series`: Gazette has tags and sections only"
        ),
        "{printed}"
    );
    assert!(
        f.read_root("content/fr/articles/ecole.md")
            .contains("series:\n  - Rentrée")
    );
    assert!(
        served(&f, "/journal/", "/journal/fr/series/rentr%C3%A9e.html")
            .contains("<title>Le Journal")
    );
    let fr = f.html("fr/articles/ecole.html");
    assert_eq!(
        attr(one(&fr, ".lang-switch a[hreflang=en]"), "href"),
        "/journal/en/articles/ecole.html"
    );
    // Two categories on one article: tags, and their old pages lead there.
    let tags: Vec<String> = select(&fr, ".tag-list a")
        .iter()
        .map(|a| text(*a))
        .collect();
    assert!(tags.contains(&"Écoles".to_string()), "{tags:?}");
    assert!(served(&f, "/journal/", "/journal/fr/categories/%C3%A9coles.html").contains("Écoles"));
    // The draft stays a draft; the front matter menu entry is in the menu.
    let draft = f.read_root("content/fr/articles/brouillon.md");
    assert!(draft.contains("draft: true"), "{draft}");
    assert!(!f.out().join("fr/articles/brouillon.html").exists());
    let home = f.html("fr/index.html");
    assert!(
        select(&home, "header nav a")
            .iter()
            .any(|a| text(*a) == "Contact")
    );
}

#[test]
fn an_import_never_overwrites_and_a_broken_file_is_reported_at_its_line() {
    let src = tempfile::tempdir().unwrap();
    write_all(src.path(), HUGO_DIRS);
    write_all(
        src.path(),
        &[(
            "content/en/broken.md",
            "+++\ntitle = \"x\"\ndate = \n+++\nBody\n",
        )],
    );
    let into = tempfile::tempdir().unwrap();
    std::fs::write(into.path().join("site.toml"), "mine").unwrap();
    let out = import("hugo", src.path(), into.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already holds 1 of the files the import writes (site.toml)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(into.path().join("site.toml")).unwrap(),
        "mine"
    );
    assert!(!into.path().join("content").exists(), "nothing was written");

    std::fs::remove_file(into.path().join("site.toml")).unwrap();
    let out = import("hugo", src.path(), into.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let report = std::fs::read_to_string(into.path().join("import-report.txt")).unwrap();
    assert!(
        report.contains("content/en/broken.md:3: the TOML front matter does not parse"),
        "{report}"
    );

    let out = import("hugo", Path::new("/nonexistent/site"), into.path());
    assert!(stderr(&out).contains("is not a folder"), "{}", stderr(&out));
}

/// A Jekyll site with Polyglot: English at the root, French under /fr/,
/// pairs by `page_id`, `_posts` and a draft, `redirect_from`, Liquid.
const JEKYLL: &[(&str, &str)] = &[
    ("_recipes/soup.md", "---\ntitle: Soup\n---\nHot.\n"),
    (
        "_config.yml",
        "title: The Ledger\ndescription: Notes in two languages\nurl: \"https://ledger.example.org\"\nbaseurl: \"/blog\"\npermalink: /:categories/:year/:month/:day/:title:output_ext\nlanguages: [\"en\", \"fr\"]\ndefault_lang: \"en\"\nexclude: [Rakefile]\nplugins: [jekyll-feed, jekyll-polyglot]\n",
    ),
    (
        "_posts/2021-03-04-hello-world.md",
        "---\nlayout: post\ntitle: Hello, world\nlang: en\npage_id: hello\ncategories: news\nredirect_from:\n  - /2021/hello/\n---\nFirst post.\n\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n{% raw %}Keep {{ this }} as is.{% endraw %}\n\n{% include note.html text=\"Hi\" %}\n\n{{ page.title }}\n",
    ),
    (
        "_posts/2021-03-04-bonjour-le-monde.md",
        "---\nlayout: post\ntitle: Bonjour le monde\nlang: fr\npage_id: hello\ncategories: nouvelles\n---\nPremier billet. Voir [l’autre]({% post_url 2021-03-05-second %}).\n",
    ),
    (
        "_posts/2021-03-05-second.md",
        "---\ntitle: Second\nlang: en\ncategories: news\ntags: rust web\nimage:\n  path: /assets/cover.png\n  alt: A cover\n---\nSecond post.\n",
    ),
    (
        "_drafts/wip.md",
        "---\ntitle: Work in progress\n---\nSoon.\n",
    ),
    (
        "about.md",
        "---\ntitle: About\nlang: en\npage_id: about\n---\nAbout us.\n",
    ),
    (
        "a-propos.md",
        "---\ntitle: À propos\nlang: fr\npage_id: about\npermalink: /a-propos/\n---\nÀ propos de nous.\n",
    ),
    ("_includes/note.html", "<aside>{{ include.text }}</aside>\n"),
    ("_data/team.yml", "members: []\n"),
    ("Rakefile", "task :default\n"),
];

/// What Jekyll (with jekyll-polyglot) serves for [`JEKYLL`].
const JEKYLL_URLS: &[&str] = &[
    "/blog/news/2021/03/04/hello-world.html",
    "/blog/2021/hello/",
    "/blog/news/2021/03/05/second.html",
    "/blog/fr/nouvelles/2021/03/04/bonjour-le-monde.html",
    "/blog/about.html",
    "/blog/fr/a-propos/",
    "/blog/assets/cover.png",
];

#[test]
fn a_jekyll_polyglot_site_keeps_its_urls_pairs_and_code() {
    let src = tempfile::tempdir().unwrap();
    write_all(src.path(), JEKYLL);
    std::fs::create_dir_all(src.path().join("assets")).unwrap();
    std::fs::write(src.path().join("assets/cover.png"), png_bytes()).unwrap();
    let (f, printed) = import_build_check("jekyll", src.path());
    for url in JEKYLL_URLS {
        served(&f, "/blog/", url);
    }
    // jekyll-feed's address serves the feed.
    assert_eq!(served(&f, "/blog/", "/blog/feed.xml"), f.read("atom.xml"));
    assert_eq!(
        served(&f, "/blog/", "/blog/fr/feed.xml"),
        f.read("fr/atom.xml")
    );
    assert!(
        printed.contains("imported 3 articles and 3 pages (2 translation groups)"),
        "{printed}"
    );
    let hello = served(&f, "/blog/", "/blog/news/2021/03/04/hello-world.html");
    let hello = scraper::Html::parse_document(&hello);
    assert_eq!(
        attr(one(&hello, ".lang-switch a[hreflang=fr]"), "href"),
        "/blog/fr/2021/03/bonjour-le-monde/"
    );
    assert!(
        text(one(&hello, "pre code")).contains("puts 1"),
        "highlight → a code block"
    );
    assert!(
        hello.html().contains("Keep {{ this }} as is."),
        "raw kept as written"
    );
    // post_url across languages leads to the English article.
    let bonjour = f.html("fr/2021/03/bonjour-le-monde/index.html");
    assert_eq!(
        attr(one(&bonjour, ".article-body a"), "href"),
        "/blog/2021/03/second/"
    );
    assert_eq!(text(one(&bonjour, ".kicker")), "nouvelles");
    // Tags written as Jekyll allows, space-separated in one string.
    let second = f.html("2021/03/second/index.html");
    let tags: Vec<String> = select(&second, ".tag-list a")
        .iter()
        .map(|a| text(*a))
        .collect();
    assert_eq!(tags, ["rust", "web"]);
    assert!(f.root().join("data/team.yml").is_file());
    assert!(
        !f.root().join("static/Rakefile").exists(),
        "excluded files stay behind"
    );
    assert!(
        f.read_root("content/en/posts/wip.md")
            .contains("draft: true")
    );
    let report = f.read_root("import-report.txt");
    assert!(
        report.contains(
            "_posts/2021-03-04-hello-world.md:20: Liquid `{{ page.title }}` kept as text"
        ),
        "{report}"
    );
    assert!(
        report.contains("shortcode `note` (_includes/note.html"),
        "{report}"
    );
    assert!(
        report.contains("_recipes/: a collection (documents Jekyll publishes besides posts and pages): not imported"),
        "{report}"
    );
}

/// English and French on their own domains (Hugo's `baseURL` per
/// language), configured in `config/_default/` (the main file, languages.toml,
/// menus.en.toml merged), French by file suffix.
const HUGO_HOSTS: &[(&str, &str)] = &[
    (
        "config/_default/hugo.toml",
        "baseURL = \"https://example.com/\"\ndefaultContentLanguage = \"en\"\ntitle = \"Ignored\"\n[permalinks]\n  posts = \"/:year/:month/:slug/\"\n",
    ),
    (
        "config/_default/languages.toml",
        "[en]\n  baseURL = \"https://example.com/\"\n  languageName = \"English\"\n  title = \"The Journal\"\n  weight = 1\n[fr]\n  baseURL = \"https://exemple.fr/\"\n  languageName = \"Français\"\n  title = \"Le Journal\"\n  weight = 2\n",
    ),
    (
        "config/_default/menus.en.toml",
        "[[main]]\n  name = \"Who we are\"\n  pageRef = \"/about\"\n  weight = 1\n",
    ),
    (
        "content/posts/moment.md",
        "---\ntitle: The moment\ndate: 2025-01-29\ntags: [AI]\n---\nFirst paragraph.\n",
    ),
    (
        "content/posts/moment.fr.md",
        "---\ntitle: Le moment\ndate: 2025-01-29\ntags: [IA]\naliases: [/ancien/moment/]\n---\nPremier paragraphe.\n",
    ),
    ("content/about.md", "---\ntitle: About\n---\nWho we are.\n"),
    (
        "content/about.fr.md",
        "---\ntitle: À propos\nurl: /qui-sommes-nous/\n---\nQui nous sommes.\n",
    ),
];

/// Every page URL Hugo 0.168 serves for `HUGO_HOSTS`, on each domain.
const HUGO_HOSTS_URLS: &[&str] = &[
    "https://example.com/",
    "https://example.com/2025/01/the-moment/",
    "https://example.com/about/",
    "https://example.com/tags/ai/",
    "https://exemple.fr/",
    "https://exemple.fr/2025/01/le-moment/",
    "https://exemple.fr/ancien/moment/",
    "https://exemple.fr/qui-sommes-nous/",
    "https://exemple.fr/tags/ia/",
];

#[test]
fn a_hugo_site_on_a_domain_per_language_keeps_each_domain_s_urls() {
    let src = tempfile::tempdir().unwrap();
    write_all(src.path(), HUGO_HOSTS);
    let (f, _) = import_build_check("hugo", src.path());
    let toml = f.read_root("site.toml");
    assert!(
        toml.contains("base_url = \"https://example.com/\""),
        "{toml}"
    );
    assert!(
        toml.contains("base_url = \"https://exemple.fr/\""),
        "{toml}"
    );
    // Each old URL answers from its domain's folder, as the page or as a
    // redirect to it on the same domain.
    let folder = |url: &str| {
        let (lang, path) = match url.strip_prefix("https://example.com/") {
            Some(p) => ("en", p),
            None => ("fr", url.strip_prefix("https://exemple.fr/").unwrap()),
        };
        f.out().join(lang).join(format!("{path}index.html"))
    };
    for url in HUGO_HOSTS_URLS {
        let page =
            std::fs::read_to_string(folder(url)).unwrap_or_else(|_| panic!("{url} is not served"));
        let needle = "http-equiv=\"refresh\" content=\"0; url=";
        if let Some(at) = page.find(needle) {
            let rest = &page[at + needle.len()..];
            let target = &rest[..rest.find('"').unwrap()];
            assert_eq!(target[..15], url[..15], "{url} stays on its domain");
            assert!(folder(target).is_file(), "{url} → {target}, not served");
        }
    }
    let en = f.html("en/2025/01/the-moment/index.html");
    assert_eq!(
        attr(one(&en, ".lang-switch a[hreflang=fr]"), "href"),
        "https://exemple.fr/2025/01/le-moment/"
    );
    // The English menu of config/_default/menus.en.toml, to the page.
    let about = select(&en, "header nav a")
        .into_iter()
        .find(|a| text(*a) == "Who we are")
        .expect("the menu entry");
    assert_eq!(attr(about, "href"), "https://example.com/about/");
    let record = f.read_root("published-urls.txt");
    assert!(record.contains("/fr/qui-sommes-nous/ "), "{record}");
}

/// A language the built-in theme has no words in, under a key Hugo takes
/// and Gazette does not (`pt_BR`): the new site builds at once, the
/// language under its BCP 47 code, its old addresses kept.
#[test]
fn a_hugo_site_in_a_language_the_theme_does_not_speak_builds_at_once() {
    let src = tempfile::tempdir().unwrap();
    write_all(
        src.path(),
        &[
            (
                "hugo.toml",
                "baseURL = \"https://news.example.org/\"\ndefaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.pt_BR]\nlanguageName = \"Português\"\nweight = 2\n",
            ),
            (
                "content/posts/hello.md",
                "---\ntitle: Hello\ndate: 2024-05-01\ntags: [Life]\n---\nText.\n",
            ),
            (
                "content/posts/hello.pt_BR.md",
                "---\ntitle: Olá\ndate: 2024-05-01\ntags: [Vida]\n---\nTexto.\n",
            ),
        ],
    );
    let (f, printed) = import_build_check("hugo", src.path());
    assert!(
        printed.contains("language `pt_br` is `pt-br` in Gazette"),
        "{printed}"
    );
    let toml = f.read_root("site.toml");
    assert!(
        toml.contains("[languages.pt-br.strings]\nread_in = "),
        "English words to translate: {toml}"
    );
    // Hugo's addresses of the Portuguese pages, then the new ones.
    let old = served(&f, "/", "/pt_br/posts/hello/");
    assert!(
        old.contains("Olá") && old.contains("lang=\"pt-br\""),
        "{old}"
    );
    served(&f, "/", "/pt_br/tags/vida/");
    let en = f.html("posts/hello/index.html");
    assert_eq!(
        attr(one(&en, ".lang-switch a[hreflang=pt-br]"), "href"),
        "/pt-br/posts/hello/"
    );
}

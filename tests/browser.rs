//! End to end in a real headless Chromium (Debian's `chromium`): open a page
//! served by `gazette serve`, edit its source, see the page reload with the
//! new text. Ignored in a plain `cargo test` (it needs Chromium); `.ci/run`
//! installs Chromium and always runs it with `--ignored`.

mod common;

use common::chromium::{Killed, Page, start_chromium};
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn start_server(f: &Fixture) -> (Killed, String) {
    let (child, url) = spawn_serve(f, &[]);
    (Killed(child), url)
}

#[test]
#[ignore = "needs Debian's chromium; .ci/run installs it and runs this with --ignored"]
fn a_saved_edit_reloads_the_open_page_in_chromium() {
    let f = Fixture::bilingual();
    pair(&f);
    let (_server, url) = start_server(&f);
    let page_url = format!("{url}fr/2025/01/le-moment/");
    let profile = tempfile::tempdir().unwrap();
    let (_chromium, port) = start_chromium(&page_url, profile.path());
    let mut page = Page::connect(port, &page_url);
    let h1 = "document.querySelector('h1') ? document.querySelector('h1').textContent : null";
    page.wait_for(h1, "Le moment".into());
    // Wait until the reload stream is open, then mark this document.
    page.wait_for(
        "window.__gazetteReload ? window.__gazetteReload.readyState : -1",
        1.into(),
    );
    page.eval("window.__beforeEdit = true");
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment, rechargé\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md",
        "Texte neuf.\n",
    );
    page.wait_for(h1, "Le moment, rechargé".into());
    assert_eq!(
        page.eval("window.__beforeEdit === undefined"),
        Some(true.into()),
        "the page was reloaded, not patched"
    );
    assert_eq!(
        page.eval("location.pathname"),
        Some("/fr/2025/01/le-moment/".into()),
        "the tab stays on the article"
    );
}

/// The translation desk is rendered after the reload: a tab showing it
/// skips the reload that says the desk follows and reloads once, on the
/// desk's own message, onto the new desk.
#[test]
#[ignore = "needs Debian's chromium; .ci/run installs it and runs this with --ignored"]
fn a_tab_on_the_translation_desk_reloads_once_onto_the_new_desk() {
    let f = Fixture::bilingual();
    pair(&f);
    let (_server, url) = start_server(&f);
    let desk_url = format!("{url}_gazette/translations/");
    let profile = tempfile::tempdir().unwrap();
    let (_chromium, port) = start_chromium(&desk_url, profile.path());
    let mut page = Page::connect(port, &desk_url);
    let h1 = "document.querySelector('h1') ? document.querySelector('h1').textContent : null";
    page.wait_for(h1, "Bureau des traductions".into());
    page.wait_for(
        "window.__gazetteReload ? window.__gazetteReload.readyState : -1",
        1.into(),
    );
    // A reload saying the desk follows leaves this tab as it is.
    page.eval("window.__beforeEdit = true");
    let message = r#"{"kind":"reload","url":null,"follow":false,"desk":"/_gazette/translations/"}"#;
    page.eval(&format!(
        "window.__gazetteReload.onmessage(new MessageEvent('message', {{data: '{message}'}}))"
    ));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        page.eval("window.__beforeEdit === true"),
        Some(true.into()),
        "a reload the desk follows does not reload the desk"
    );
    // Every later load of the tab is counted (scripts for new documents
    // run once the page domain is on).
    page.call("Page.enable", serde_json::json!({}));
    let count = "sessionStorage.loads = String(Number(sessionStorage.loads || 0) + 1)";
    page.call(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": count }),
    )
    .expect("DevTools answers");
    f.article(
        "fr/2025-03-01-inedit.md",
        "title: Inédit\ndate: 2025-03-01",
        "Texte.\n",
    );
    page.wait_for("document.body.textContent.includes('Inédit')", true.into());
    // Long enough for a second reload to have come, had there been one.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        page.eval("sessionStorage.loads"),
        Some("1".into()),
        "one reload, onto the new desk"
    );
}

#[test]
#[ignore = "needs Debian's chromium; .ci/run installs it and runs this with --ignored"]
fn the_lead_image_and_body_images_load_in_chromium() {
    let f = Fixture::bilingual();
    pair(&f);
    let photo = image::RgbImage::from_fn(1000, 600, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    photo.save(f.root().join("content/fr/photo.jpg")).unwrap();
    f.article(
        "fr/2025-01-29-le-moment.md",
        "title: Le moment\ndate: 2025-01-29\ntranslation: en/2025-01-29-the-moment.md\n\
         image: photo.jpg\nimage_alt: Un dégradé",
        "Texte.\n\n![Le même dégradé](photo.jpg)\n",
    );
    f.article(
        "en/2025-01-29-the-moment.md",
        "title: The moment\ndate: 2025-01-29\ntranslation: fr/2025-01-29-le-moment.md\nimage_alt: A gradient",
        "Text.\n",
    );
    let (_server, url) = start_server(&f);
    let page_url = format!("{url}fr/2025/01/le-moment/");
    let profile = tempfile::tempdir().unwrap();
    let (_chromium, port) = start_chromium(&page_url, profile.path());
    let mut page = Page::connect(port, &page_url);
    let lead = "(() => { const i = document.querySelector('.lead-image img'); \
                return i && i.complete ? i.naturalWidth > 0 : false })()";
    page.wait_for(lead, true.into());
    // The browser picked a variant of the <picture> (WebP, Chromium reads it).
    let chosen = page.eval("document.querySelector('.lead-image img').currentSrc");
    let chosen = chosen
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    assert!(
        chosen.contains("/media/fr/photo-") && chosen.ends_with(".webp"),
        "{chosen}"
    );
    // The body image loads when scrolled to (it is lazy).
    page.eval("document.querySelector('.article-body img').scrollIntoView()");
    let body = "(() => { const i = document.querySelector('.article-body img'); \
                return i && i.complete ? i.naturalWidth > 0 : false })()";
    page.wait_for(body, true.into());
}

/// Serves `dir` over HTTP with Python's static server (as a plain host
/// would: no Gazette involved); returns it and its address.
fn static_server(dir: &std::path::Path) -> (Killed, String) {
    let mut child = Command::new("python3")
        .args([
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 serves the built site");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines.next().expect("the server says its port").unwrap();
    // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
    let port: u16 = line
        .split(" port ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    std::thread::spawn(move || for _ in lines {});
    (Killed(child), format!("http://127.0.0.1:{port}"))
}

#[test]
#[ignore = "needs Debian's chromium; .ci/run installs it and runs this with --ignored"]
fn searching_in_each_language_finds_that_language_through_accents_elisions_and_plurals() {
    let f = Fixture::new(&format!(
        "{BILINGUAL}\n[sections.tech]\nfr = \"Tech\"\nen = \"Tech\"\n[sections.sport]\nfr = \"Sport\"\nen = \"Sports\"\n"
    ));
    f.article(
        "fr/2025-02-01-ecoles.md",
        "title: Ce que les écoles apprennent\ndate: 2025-02-01\nsection: tech\ntranslation: en/2025-02-01-schools.md",
        "Les élèves découvrent l’intelligence artificielle à l’école.\n",
    );
    f.article(
        "fr/2025-02-02-rugby.md",
        "title: Le rugby à l’école\ndate: 2025-02-02\nsection: sport",
        "Une école de rugby ouvre ses portes.\n",
    );
    f.article(
        "en/2025-02-01-schools.md",
        "title: What schools teach\ndate: 2025-02-01\nsection: tech",
        "Pupils discover artificial intelligence at school.\n",
    );
    // Published under the sub-path `/blog/`, as the host would serve it.
    let served = tempfile::tempdir().unwrap();
    let out = served.path().join("blog");
    let build = f.build(&["--output", out.to_str().unwrap()]);
    assert!(build.status.success(), "{}", stderr(&build));
    let (_server, origin) = static_server(served.path());
    let profile = tempfile::tempdir().unwrap();
    let first = format!("{origin}/blog/fr/recherche/?q=ecole");
    let (_chromium, port) = start_chromium(&first, profile.path());
    let mut page = Page::connect(port, &format!("{origin}/blog/fr/recherche/"));
    let titles = "JSON.stringify([...document.querySelectorAll('#search .pagefind-ui__result-title')].map(e => e.textContent.trim()).sort())";
    // Typed without its accent, « école » is found, in French only.
    page.wait_for(
        titles,
        r#"["Ce que les écoles apprennent","Le rugby à l’école"]"#.into(),
    );
    // Each result says its section and its date, in French, on one line.
    let lines = "JSON.stringify([...document.querySelectorAll('#search .search-line')].map(e => e.textContent).sort())";
    page.wait_for(
        lines,
        r#"["Sport · 2 février 2025","Tech · 1 février 2025"]"#.into(),
    );
    // Through the engine itself: an elision, a plural, a section filter,
    // and no English page in the French index.
    let search = |q: &str, filters: &str| {
        format!(
            "window.__found = null; import('/blog/pagefind/pagefind.js').then(async pf => {{ \
             const r = await pf.search({q:?}, {{ filters: {filters} }}); \
             const d = await Promise.all(r.results.map(x => x.data())); \
             window.__found = JSON.stringify(d.map(x => x.meta.title).sort()); }})"
        )
    };
    let found = "window.__found";
    page.eval(&search("intelligence", "{}"));
    page.wait_for(found, r#"["Ce que les écoles apprennent"]"#.into());
    page.eval(&search("élève", "{}"));
    page.wait_for(found, r#"["Ce que les écoles apprennent"]"#.into());
    page.eval(&search("ecole", r#"{ "Rubrique": "Sport" }"#));
    page.wait_for(found, r#"["Le rugby à l’école"]"#.into());
    page.eval(&search("school", "{}"));
    page.wait_for(found, "[]".into());
    // The English page searches the English edition.
    page.eval(&format!(
        "location.href = {:?}",
        format!("{origin}/blog/en/search/?q=schools")
    ));
    std::thread::sleep(Duration::from_millis(500));
    let mut page = Page::connect(port, &format!("{origin}/blog/en/search/"));
    page.wait_for(titles, r#"["What schools teach"]"#.into());
    page.eval(&search("pupil", r#"{ "Section": "Tech" }"#));
    page.wait_for(found, r#"["What schools teach"]"#.into());
    page.eval(&search("ecole", "{}"));
    page.wait_for(found, "[]".into());
    // No hit in English: the same search offered in the French edition,
    // which finds it.
    let elsewhere = "(() => { const p = document.getElementById('search-elsewhere'); \
                     return p.hidden ? 'hidden' : [...p.querySelectorAll('a')].map(a => a.getAttribute('href')).join(); })()";
    page.wait_for(elsewhere, "hidden".into());
    page.eval(&format!(
        "location.href = {:?}",
        format!("{origin}/blog/en/search/?q=rugby")
    ));
    std::thread::sleep(Duration::from_millis(500));
    let mut page = Page::connect(port, &format!("{origin}/blog/en/search/"));
    page.wait_for(elsewhere, "/blog/fr/recherche/?q=rugby".into());
    page.eval("document.querySelector('#search-elsewhere a').click()");
    std::thread::sleep(Duration::from_millis(500));
    let mut page = Page::connect(port, &format!("{origin}/blog/fr/recherche/"));
    page.wait_for(titles, r#"["Le rugby à l’école"]"#.into());
    page.wait_for(elsewhere, "hidden".into());
}

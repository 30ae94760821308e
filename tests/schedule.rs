//! Scheduled publishing and expiry, with the clock fixed through
//! `GAZETTE_NOW`: what a reader, a feed reader and a search engine see
//! before and after an article's moment, and what tells a cron job when to
//! rebuild.

mod common;

use common::*;

/// A published pair, and a pair whose French version comes out on
/// 1 March 2025 at 8:00 UTC and English version a day later.
fn site() -> Fixture {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-03-01-lancement.md",
        "title: Le lancement\ndate: 2025-03-01T08:00:00Z\ntags: [IA]\ntranslation: en/2025-03-02-launch.md",
        "Texte.\n",
    );
    f.article(
        "en/2025-03-02-launch.md",
        "title: The launch\ndate: 2025-03-02T08:00:00Z\ntags: [AI]\ntranslation: fr/2025-03-01-lancement.md",
        "Text.\n",
    );
    f
}

const FR: &str = "fr/2025/03/lancement/index.html";
const EN: &str = "en/2025/03/launch/index.html";

/// Every file of the output that mentions `needle`.
fn mentions(f: &Fixture, needle: &str) -> Vec<String> {
    tree(&f.out())
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

fn built(out: &std::process::Output) -> String {
    assert!(out.status.success(), "build failed:\n{}", stderr(out));
    stdout(out)
}

#[test]
fn a_scheduled_article_appears_nowhere_until_its_moment() {
    let f = site();
    let before = built(&f.build_at("2025-03-01T07:59:59Z", &[]));
    assert!(!f.out().join(FR).exists() && !f.out().join(EN).exists());
    // Not in listings, tag pages, feeds, the sitemap, nor any switch.
    assert_eq!(mentions(&f, "lancement"), Vec::<String>::new());
    assert_eq!(mentions(&f, "launch"), Vec::<String>::new());
    assert!(
        before.contains(
            "next change: 2025-03-01T08:00:00+00:00 (fr/2025-03-01-lancement.md is published)"
        ),
        "{before}"
    );

    // Out in French, not yet in English: the French version stands alone.
    let between = built(&f.build_at("2025-03-01T08:00:00Z", &[]));
    assert!(f.out().join(FR).exists() && !f.out().join(EN).exists());
    let fr = f.html(FR);
    assert_eq!(select(&fr, "p.translation.only").len(), 1);
    assert!(alternates(&fr).iter().all(|(lang, _)| lang != "en"));
    for listing in [
        "fr/index.html",
        "fr/tags/ia/index.html",
        "fr/atom.xml",
        "sitemap.xml",
    ] {
        assert!(f.read(listing).contains("lancement"), "{listing}");
    }
    assert!(mentions(&f, "launch").is_empty());
    assert!(
        between.contains("next change: 2025-03-02T08:00:00+00:00 (en/2025-03-02-launch.md"),
        "{between}"
    );

    // Both out: paired.
    let after = built(&f.build_at("2025-03-02T08:00:00Z", &[]));
    assert!(!after.contains("next change"), "{after}");
    let fr = f.html(FR);
    assert!(select(&fr, "p.translation.only").is_empty());
    assert!(
        alternates(&fr)
            .iter()
            .any(|(lang, url)| lang == "en" && url.ends_with("/blog/en/2025/03/launch/"))
    );
    assert!(f.read("en/atom.xml").contains("The launch"));
}

#[test]
fn future_publishes_ahead_and_says_when_nothing_changes_on_its_own() {
    let f = site();
    let out = built(&f.build_at("2025-02-01T00:00:00Z", &["--future"]));
    assert!(f.out().join(FR).exists() && f.out().join(EN).exists());
    // Built for a preview deployment, never marked: only the dev server marks.
    assert!(select(&f.html(FR), ".scheduled-notice").is_empty());
    assert!(!out.contains("next change"), "{out}");
}

#[test]
fn dates_without_a_zone_are_in_the_sites_time_zone() {
    let f = Fixture::new(&format!("time_zone = \"Europe/Paris\"\n{BILINGUAL}"));
    f.article(
        "fr/2025-03-01-matin.md",
        "title: Le matin\ndate: 2025-03-01 08:00",
        "Texte.\n",
    );
    // 08:00 in Paris is 07:00 UTC.
    built(&f.build_at("2025-03-01T06:59:00Z", &[]));
    assert!(!f.out().join("fr/2025/03/matin/index.html").exists());
    built(&f.build_at("2025-03-01T07:00:00Z", &[]));
    assert!(f.out().join("fr/2025/03/matin/index.html").exists());
}

#[test]
fn an_expired_article_leaves_the_site_and_check_notes_it() {
    let f = Fixture::bilingual();
    pair(&f);
    f.article(
        "fr/2025-01-10-soldes.md",
        "title: Les soldes\ndate: 2025-01-10\nexpires: 2025-02-10T00:00:00Z",
        "Jusqu’au 10 février.\n",
    );
    let out = built(&f.build_at("2025-02-09T12:00:00Z", &[]));
    assert!(f.out().join("fr/2025/01/soldes/index.html").exists());
    assert!(f.read("fr/index.html").contains("Les soldes"));
    assert!(
        out.contains("next change: 2025-02-10T00:00:00+00:00 (fr/2025-01-10-soldes.md expires)"),
        "{out}"
    );

    built(&f.build_at("2025-02-10T00:00:00Z", &["--future"]));
    assert!(!f.out().join("fr/2025/01/soldes/index.html").exists());
    assert!(mentions(&f, "soldes").is_empty());

    let check = f.check_at("2025-02-10T00:00:00Z", &[]);
    assert!(check.status.success(), "{}", stdout(&check));
    let text = stdout(&check);
    assert!(text.contains("== expired articles (1 note)"), "{text}");
    assert!(
        text.contains("fr/2025-01-10-soldes.md:4: expired on 2025-02-10T00:00:00+00:00"),
        "{text}"
    );
}

#[test]
fn check_json_exposes_the_next_change_for_a_cron_job() {
    let f = site();
    let out = f.check_at("2025-02-01T00:00:00Z", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report}");
    assert_eq!(
        report["next_change"],
        serde_json::json!({
            "at": "2025-03-01T08:00:00+00:00",
            "change": "publishes",
            "source": "fr/2025-03-01-lancement.md",
        })
    );
    let out = f.build_at("2025-02-01T00:00:00Z", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["next_change"]["at"], "2025-03-01T08:00:00+00:00");
    let out = f.check_at("2025-04-01T00:00:00Z", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["next_change"].is_null(), "{report}");
}

#[test]
fn a_link_to_an_article_not_yet_out_is_an_error_saying_when_it_is() {
    let f = site();
    f.article(
        "fr/2025-02-01-annonce.md",
        "title: Annonce\ndate: 2025-02-01",
        "Voir [le lancement](2025-03-01-lancement.md).\n",
    );
    let out = f.build_at("2025-02-15T00:00:00Z", &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("fr/2025-02-01-annonce.md:")
            && err.contains("scheduled for 2025-03-01 08:00 +00:00, not yet published (build with --future to preview)"),
        "{err}"
    );
    built(&f.build_at("2025-03-01T08:00:00Z", &[]));
}

#[test]
fn bad_expiry_and_a_bad_clock_are_refused() {
    let f = Fixture::bilingual();
    f.article(
        "fr/2025-01-10-a.md",
        "title: A\ndate: 2025-01-10\nexpires: 2025-01-09",
        "Texte.\n",
    );
    let out = f.build_at("2025-02-01T00:00:00Z", &[]);
    assert!(
        stderr(&out).contains("fr/2025-01-10-a.md:4: `expires: 2025-01-09"),
        "{}",
        stderr(&out)
    );
    let out = f.build_at("demain", &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("GAZETTE_NOW=`demain`"),
        "{}",
        stderr(&out)
    );
}

//! The checks of the site rendered in memory: internal links and images
//! that lead to no file, `#anchors` with no matching `id`, language
//! alternates that are missing or not listed back, and UI strings of
//! another language. A link is followed the way the production host would
//! (see [`crate::urls`]); a finding in an article's page points at the line
//! of its source where the offending text is written.

pub(super) use super::pages::extract;
use super::pages::{Candidates, Followed, Foreign, ForeignString, PageInfo, Rendered};
use super::{CheckReport, Severity, external};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

pub(super) fn check<'p>(
    report: &mut CheckReport,
    site: &Site,
    foreign: &Foreign,
    pages: &'p [PageInfo],
    paths: &[String],
    external: bool,
) {
    let r = Rendered {
        urls: site.urls(),
        files: paths.iter().map(String::as_str).collect(),
        by_key: pages.iter().map(|p| (p.key.as_str(), p)).collect(),
        sources: site
            .pages
            .iter()
            .map(|p| (p.output_file.as_str(), &**p))
            .collect(),
    };
    // Menu links are on every page: the plan reports a dead one once, at
    // its line of site.toml.
    let menu_urls: HashSet<&str> = site
        .menus
        .iter()
        .flat_map(|m| m.entries.iter().map(|link| link.url.as_str()))
        .collect();
    let mut externals: BTreeMap<String, Vec<&PageInfo>> = BTreeMap::new();
    let mut written = Written::new(site);
    // Following a link is the costly part (decoding, resolving dot
    // segments, finding the file): done on every core, a block of pages at
    // a time (what is found is held only for the block); the findings are
    // then reported in page order. Most links are the same root-relative
    // menu, tag and listing links on every page, and where such a link
    // leads depends only on the language root the page is in: each is
    // followed once per worker's share of a block (10% of `check`'s
    // instructions were following the same links again).
    let follow_all = |known: &mut Known<'p>, page: &'p PageInfo| -> Vec<Option<Followed>> {
        // The root, as the page's own path starts with it.
        let root = (r.urls.in_own_root(&page.key)).map(|(lang, _)| &page.key[..lang.len()]);
        (page.links.iter())
            .map(|(_, url)| match url.as_bytes() {
                [b'#', ..] => None,
                [b'/', ..] => known
                    .entry((root, url))
                    .or_insert_with(|| r.follow(url, page))
                    .clone(),
                _ => r.follow(url, page),
            })
            .collect()
    };
    let judge = Judge {
        r: &r,
        menu_urls,
        foreign,
    };
    for block in pages.chunks(1024) {
        let followed: Vec<Vec<Option<Followed>>> = block
            .par_iter()
            .map_init(Known::default, follow_all)
            .collect();
        for (page, followed) in block.iter().zip(followed) {
            judge.page(report, page, followed, &mut externals, &mut written);
        }
    }
    if external {
        external::check(report, externals, &r);
    }
}

/// Where root-relative links lead, by the language root of the page they
/// are on and the link.
type Known<'p> = rustc_hash::FxHashMap<(Option<&'p str>, &'p str), Option<Followed>>;

/// What the findings about a page are judged against: the rendered site,
/// the menu's links (reported once, by the plan) and the other languages'
/// UI strings.
struct Judge<'a> {
    r: &'a Rendered<'a>,
    menu_urls: HashSet<&'a str>,
    foreign: &'a Foreign,
}

impl<'p> Judge<'_> {
    /// Everything found on `page`, its links already `followed` (in the
    /// order of `page.links`); the external links it holds are gathered
    /// into `externals`, for `--external`.
    fn page(
        &self,
        report: &mut CheckReport,
        page: &'p PageInfo,
        followed: Vec<Option<Followed>>,
        externals: &mut BTreeMap<String, Vec<&'p PageInfo>>,
        written: &mut Written,
    ) {
        let r = self.r;
        for ((is_image, url), followed) in page.links.iter().zip(followed) {
            if let Some(id) = url.strip_prefix('#') {
                if !id.is_empty() && !page.ids.contains(id) {
                    let d = r.locate(
                        page,
                        url,
                        format!("anchor {url} matches no id on this page"),
                    );
                    report.push("broken anchors", Severity::Error, d);
                }
                continue;
            }
            match followed {
                Some(followed) => self.link(report, page, is_image, url, followed),
                None if url.starts_with("http://") || url.starts_with("https://") => {
                    externals.entry(url.to_string()).or_default().push(page);
                }
                None => {}
            }
        }
        for message in &page.broken {
            report.push(
                "broken pages",
                Severity::Error,
                r.locate(page, "", message.clone()),
            );
        }
        check_alternates(report, page, r);
        foreign_strings(report, page, self.foreign, r, written);
        for src in &page.unlabelled {
            // `photo-960.jpg` was written `photo.jpg`: look for `photo`.
            let name = src.rsplit('/').next().unwrap_or(src);
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            let stem = stem
                .rsplit_once('-')
                .filter(|(_, w)| w.chars().all(|c| c.is_ascii_digit()))
                .map_or(stem, |(s, _)| s);
            let message = format!(
                "image {src} has no alt text: describe what it shows (![what it shows](file)), for readers who cannot see it"
            );
            report.push(
                "images without alt text",
                Severity::Note,
                r.locate(page, stem, message),
            );
        }
    }

    /// What is wrong with an internal link of `page` that led to `followed`.
    fn link(
        &self,
        report: &mut CheckReport,
        page: &PageInfo,
        is_image: bool,
        url: &str,
        followed: Followed,
    ) {
        let r = self.r;
        let fragment = match &followed {
            Followed::File(_, f) => f.clone(),
            _ => None,
        };
        let needle = fragment
            .as_deref()
            .map(|f| format!("#{f}"))
            .unwrap_or_else(|| {
                url.rsplit('/')
                    .find(|s| !s.is_empty())
                    .unwrap_or("")
                    .to_string()
            });
        let (category, what) = if is_image {
            ("missing images", "image")
        } else {
            ("broken links", "link")
        };
        match followed {
            Followed::Missing if self.menu_urls.contains(url) => {}
            Followed::Missing => {
                let message = format!("{what} {url} leads to no file of the site");
                report.push(category, Severity::Error, r.locate(page, &needle, message));
            }
            Followed::Outside => {
                let message = format!(
                    "{what} {url} leads outside the site, which is published at {}: it would not be found there",
                    r.urls.absolute(r.urls.root())
                );
                report.push(category, Severity::Error, r.locate(page, &needle, message));
            }
            Followed::File(target, _) => {
                if let (Some(f), Some(t)) = (&fragment, r.by_key.get(target.as_str()))
                    && !f.is_empty()
                    && !t.ids.contains(f)
                {
                    let message = format!("link {url}: no id `{f}` on that page");
                    report.push(
                        "broken anchors",
                        Severity::Error,
                        r.locate(page, &needle, message),
                    );
                }
            }
        }
    }
}

fn check_alternates(report: &mut CheckReport, page: &PageInfo, r: &Rendered) {
    let Some(canonical) = &page.canonical else {
        return;
    };
    for (hreflang, href) in &page.alternates {
        if hreflang == "x-default" || href == canonical {
            continue;
        }
        let target = match r.follow(href, page) {
            Some(Followed::File(file, _)) => r.by_key.get(file.as_str()).copied(),
            _ => None,
        };
        let message = match target {
            None => format!("alternate {hreflang} {href} leads to no page"),
            Some(t) if !t.alternates.iter().any(|(_, h)| h == canonical) => {
                format!("alternate {hreflang} {href} does not list this page back")
            }
            Some(t) if &t.lang != hreflang => {
                format!("alternate says {hreflang} but {href} is in `{}`", t.lang)
            }
            _ => continue,
        };
        report.push(
            "language alternates",
            Severity::Error,
            r.locate(page, "", message),
        );
    }
}

/// What writers wrote, per language, as the pages show it: the text
/// nodes of every body, every title, summary, tag and image text. Read
/// only when a page seems to show another language's UI string, to tell
/// the theme's chrome from an article that merely uses the same words
/// (« Maisons d’Accueil » on an English page is not the French "Accueil").
struct Written<'a> {
    site: &'a Site,
    by_lang: HashMap<String, Vec<String>>,
}

impl<'a> Written<'a> {
    fn new(site: &'a Site) -> Self {
        Written {
            site,
            by_lang: HashMap::new(),
        }
    }

    /// Whether every place `page` shows `value` is inside a text its
    /// writers wrote.
    fn covers(&mut self, page: &PageInfo, value: &str) -> bool {
        let site = self.site;
        let texts = self
            .by_lang
            .entry(page.lang.clone())
            .or_insert_with(|| written_texts(site, &page.lang));
        let mut holding: Vec<&str> = texts
            .iter()
            .map(String::as_str)
            .filter(|t| t.contains(value))
            .collect();
        // The longest first: a title inside a longer text goes with it.
        holding.sort_unstable_by_key(|t| std::cmp::Reverse(t.len()));
        page.foreign_nodes
            .iter()
            .filter(|node| node.contains(value))
            .all(|node| {
                let mut rest = node.to_string();
                for text in &holding {
                    rest = rest.replace(text, " ");
                }
                !rest.contains(value)
            })
    }
}

/// The texts of `lang`'s articles and pages, as [`Written`] holds them.
fn written_texts(site: &Site, lang: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for page in site.pages.iter().filter(|p| p.article.lang == lang) {
        let body = &page.body;
        // A body that cannot be read back counts no text: the string is
        // then reported, never hidden.
        texts.extend(crate::html::text_nodes(&body.html().unwrap_or_default()));
        texts.extend(crate::html::text_nodes(&body.title_html));
        texts.extend([body.title.clone(), body.summary.clone()]);
        texts.extend(body.tags.iter().map(|(name, _)| name.clone()));
        if let Some(lead) = &page.image {
            texts.push(lead.alt.clone());
            texts.extend(lead.caption.clone());
            texts.extend(lead.credit.clone());
        }
    }
    texts.retain(|t| !t.is_empty());
    texts.sort_unstable();
    texts.dedup();
    texts
}

/// The UI strings of other languages worth looking for on each
/// language's pages: six characters or more (shorter ones are ordinary
/// words), not also one of the page language's own strings, not the
/// translation desk's (never published).
pub(super) fn foreign(strings: &BTreeMap<String, BTreeMap<String, String>>) -> Foreign {
    let mut by_lang = HashMap::new();
    for (page_lang, own) in strings {
        let own_values: HashSet<&str> = own.values().map(String::as_str).collect();
        let mut candidates = Vec::new();
        for (lang, theirs) in strings.iter().filter(|(l, _)| *l != page_lang) {
            let published = theirs
                .iter()
                .filter(|(k, _)| !crate::templates::is_desk_string(k));
            for (key, value) in published {
                if value.chars().count() >= 6 && !own_values.contains(value.as_str()) {
                    candidates.push(ForeignString {
                        lang: lang.clone(),
                        key: key.clone(),
                        value: value.clone(),
                        finder: memchr::memmem::Finder::new(value).into_owned(),
                    });
                }
            }
        }
        by_lang.insert(page_lang.clone(), Candidates::new(candidates));
    }
    Foreign(by_lang)
}

/// The other languages' UI strings `page` shows (found as it was parsed),
/// unless every place it shows one is a text its writers wrote.
fn foreign_strings(
    report: &mut CheckReport,
    page: &PageInfo,
    foreign: &Foreign,
    r: &Rendered,
    written: &mut Written,
) {
    let candidates = foreign.of(&page.lang);
    for ForeignString {
        lang, key, value, ..
    } in page.foreign.iter().map(|&i| &candidates[i])
    {
        if !written.covers(page, value) {
            let message = format!(
                "this {} page shows the {lang} UI string `{key}` (\"{value}\") outside an element with lang=\"{lang}\"",
                page.lang
            );
            report.push(
                "wrong-language UI strings",
                Severity::Error,
                r.locate(page, value, message),
            );
        }
    }
}

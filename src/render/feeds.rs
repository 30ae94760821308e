//! The machine-read files: each language's Atom feed, the sitemap (one
//! file, or past `sitemap_max_urls` an index of parts) and the Google News
//! sitemap. The sitemap lists the homes, then the articles, then the tag
//! listings, each with its language versions.

use super::Renderer;
use super::plan::{self, Job, Of, Root, sitemap_entries, sitemap_parts};
use super::views::{
    FeedView, Link, NewsEntry, NewsSitemapView, PageView, Shared, SitemapEntry, SitemapIndexView,
    SitemapView,
};
use crate::config::Language;
use crate::diagnostic::Diagnostic;
use crate::html;
use crate::ids::{LangId, PageId, TagId};
use crate::site::Site;
use std::collections::HashMap;

/// The alternates made for a sitemap's entries, by the versions they list.
type Made<'a> = HashMap<Vec<(&'a str, String)>, Shared<Vec<Link>>>;

/// The entries of a language's feed (or of one of its sections): its
/// latest articles.
pub fn feed_pages<'s>(site: &'s Site, lang: &Language, of: Of) -> &'s [PageId] {
    let edition = site.edition(&lang.code);
    let pages = match of {
        Of::Section(s) => &edition.sections[s],
        Of::Author(w) => &edition.authors[w],
        Of::Home | Of::Tag(_) => &edition.pages,
    };
    &pages[..pages.len().min(site.config.feed_limit)]
}

/// The most articles a news sitemap may hold (Google's protocol).
pub const NEWS_SITEMAP_MAX: usize = 1000;

/// The articles of the news sitemap: every language's, published in the two
/// days before the build's moment, newest first, at most 1,000. Articles
/// published ahead of their date (`--future`) are not news yet.
pub fn news_pages(site: &Site) -> Vec<PageId> {
    let now = site.publishing.now;
    let since = now - chrono::TimeDelta::days(2);
    site.page_ids()
        .filter(|&id| {
            let date = site.page(id).article.front.date;
            date.is_some_and(|d| d > since && d <= now)
        })
        .take(NEWS_SITEMAP_MAX)
        .collect()
}

/// A language code as Google News wants it: ISO 639 (`fr`, `en`, `pt`),
/// but `zh-cn` and `zh-tw` for Chinese scripts.
fn news_language(code: &str) -> String {
    let code = code.to_ascii_lowercase();
    match code.as_str() {
        "zh-hans" | "zh-cn" | "zh-sg" => "zh-cn".into(),
        "zh-hant" | "zh-tw" | "zh-hk" => "zh-tw".into(),
        _ => code
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

/// The feed's `<updated>`: the latest date or update of its articles.
pub fn feed_updated(site: &Site, lang: &Language, of: Of) -> String {
    feed_pages(site, lang, of)
        .iter()
        .map(|&id| {
            let f = &site.page(id).article.front;
            f.updated.or(f.date)
        })
        .max()
        .flatten()
        .map(|d| d.to_rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into())
}

impl<'a> Renderer<'a> {
    /// A language's Atom feed, or one of its sections'.
    pub(super) fn feed(&self, lang: &'a Language, of: Of) -> Result<FeedView<'a>, Diagnostic> {
        // The scheme and host of the language's own address, or the site's.
        let origin = &self.urls.absolute_in(&lang.code, "");
        let entries: Vec<PageView> = feed_pages(self.site, lang, of)
            .iter()
            .map(|&id| {
                let mut entry = self.with_content(self.page_view(id), id)?;
                // Feed readers resolve relative URLs unevenly: write them absolute.
                let content = html::absolute_urls(&entry.content, origin, &entry.permalink);
                entry.content = content.into();
                Ok(entry)
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(FeedView {
            site: self.site_view(lang),
            lang: &lang.code,
            t: self.t_view(lang),
            feed_permalink: self
                .urls
                .absolute(&self.urls.url(&plan::path(self.site, &Job::Feed(lang, of)))),
            home_permalink: self
                .urls
                .absolute(&plan::first_url(self.site, &lang.code, of)),
            section: match of {
                Of::Section(s) => Some(self.section_link(s, &lang.code)),
                _ => None,
            },
            author: match of {
                Of::Author(w) => Some(self.author_view(w, &lang.code)),
                _ => None,
            },
            updated: feed_updated(self.site, lang, of),
            entries,
        })
    }

    /// The Google News sitemap.
    pub(super) fn news_sitemap(&self, root: Root) -> NewsSitemapView<'a> {
        let entries = news_pages(self.site)
            .into_iter()
            .filter(|&id| plan::on_root(root, &self.site.page(id).article.lang))
            .map(|id| {
                let page = self.site.page(id);
                let lang = self.language(&page.article.lang);
                NewsEntry {
                    loc: self.urls.absolute(&page.url),
                    publication: &lang.title,
                    language: news_language(&lang.code),
                    publication_date: page
                        .article
                        .front
                        .date
                        .expect("news pages are dated")
                        .to_rfc3339(),
                    title: &page.body.title,
                }
            })
            .collect();
        NewsSitemapView { entries }
    }

    /// The sitemap, or part `part` of a split one.
    pub(super) fn sitemap(&self, root: Root, part: Option<usize>) -> SitemapView {
        let per = self.site.config.sitemap_max_urls;
        let keys = sitemap_entries(self.site, root);
        let len = keys.len();
        let range = match part {
            None => 0..len,
            Some(p) => p * per..((p + 1) * per).min(len),
        };
        let mut alternates = HashMap::new();
        SitemapView {
            entries: keys[range]
                .iter()
                .map(|&k| self.sitemap_entry(k, &mut alternates))
                .collect(),
        }
    }

    /// `sitemap.xml` as an index of the parts, for sites past the URL limit.
    pub(super) fn sitemap_index(&self, root: Root) -> SitemapIndexView {
        SitemapIndexView {
            sitemaps: (0..sitemap_parts(self.site, root))
                .map(|p| {
                    let path = plan::path(self.site, &Job::Sitemap(root, Some(p)));
                    self.urls.permalink_of(&path)
                })
                .collect(),
        }
    }

    /// Sitemap entry `k`, counting the homes, then the articles, then the
    /// tags. `made` keeps the alternates made for a page's versions, for
    /// the entries of its other versions.
    fn sitemap_entry(&self, k: usize, made: &mut Made<'a>) -> SitemapEntry {
        // Every version of a page has the same versions, and its x-default
        // follows from them (the first version, but for the homes): they
        // are the key.
        let mut alternates = |versions: Vec<(&'a str, String)>, x_default: Option<&str>| {
            made.entry(versions)
                .or_insert_with_key(|v| {
                    Shared::new(&self.alternates(v, x_default.unwrap_or(&v[0].1)))
                })
                .clone()
        };
        let langs = &self.site.config.languages;
        if k < langs.len() {
            return SitemapEntry {
                loc: self.urls.absolute(&self.urls.home(&langs[LangId(k)].code)),
                lastmod: None,
                alternates: alternates(
                    self.homes(),
                    Some(
                        &self
                            .urls
                            .front_door(&self.site.config.default_language().code),
                    ),
                ),
            };
        }
        if k - langs.len() < self.site.pages.len() {
            let id = PageId(k - langs.len());
            let page = self.site.page(id);
            let versions = self.versions(id);
            let front = &page.article.front;
            let changed = front.updated.or(front.date);
            return SitemapEntry {
                loc: self.urls.absolute(&page.url),
                lastmod: changed.map(|d| d.format("%Y-%m-%d").to_string()),
                alternates: alternates(versions, None),
            };
        }
        let mut rest = k - langs.len() - self.site.pages.len();
        for edition in self.site.editions.iter() {
            if let Some(tag) = edition.tags.get(TagId(rest)) {
                let url = self.urls.tag(&edition.lang, &tag.slug);
                let versions: Vec<(&str, String)> = self
                    .site
                    .config
                    .languages
                    .iter()
                    .zip(&tag.equivalents)
                    .filter_map(|(l, s)| {
                        Some((l.code.as_str(), self.urls.tag(&l.code, s.as_ref()?)))
                    })
                    .collect();
                return SitemapEntry {
                    loc: self.urls.absolute(&url),
                    lastmod: None,
                    alternates: alternates(versions, None),
                };
            }
            rest -= edition.tags.len();
        }
        if let Some(&(of, lang)) = plan::sitemap_groups(self.site).get(rest) {
            let versions = self.listing_versions(of);
            let loc = plan::first_url(self.site, &self.site.config.languages[lang].code, of);
            return SitemapEntry {
                loc: self.urls.absolute(&loc),
                lastmod: None,
                alternates: alternates(versions, None),
            };
        }
        unreachable!("sitemap entry {k} is past the end")
    }
}

#[cfg(test)]
mod tests {
    use super::news_language;

    #[test]
    fn news_languages_are_iso_639_but_for_chinese_scripts() {
        assert_eq!(news_language("fr"), "fr");
        assert_eq!(news_language("pt-BR"), "pt");
        assert_eq!(news_language("zh-Hans"), "zh-cn");
        assert_eq!(news_language("zh-TW"), "zh-tw");
    }
}

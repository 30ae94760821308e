//! The HTML pages: an article, a page of a listing (a language's home or a
//! tag), a language's tag index, and the site-wide files (root, 404,
//! robots.txt). Each takes its planned job and returns its typed view.

use super::Renderer;
use super::meta::script_json;
use super::plan::{self, Job, Listing, Of, first_url};
use super::views::{EditionView, HtmlView, Pagination, SiteWideView, TagLink};
use crate::config::Language;
use crate::diagnostic::Diagnostic;
use crate::ids::PageId;
use crate::site::Edition;

/// The articles the site-wide pages (the 404 page) offer per language.
pub fn latest(edition: &Edition) -> &[PageId] {
    &edition.pages[..edition.pages.len().min(5)]
}

impl<'a> Renderer<'a> {
    /// An article's page: its view, with every version in the alternates and
    /// a switch that leads to each translation, or to the language's home
    /// where there is none.
    pub(super) fn article(&self, id: PageId) -> Result<HtmlView<'a>, Diagnostic> {
        let page = self.site.page(id);
        let lang = self.language(&page.article.lang);
        let kind = if page.article.is_page() {
            "page"
        } else {
            "article"
        };
        let mut view = self.html_view(kind, lang, &page.url);
        view.title = page.body.title.clone();
        view.description = page.body.summary.clone();
        let versions = self.versions(id);
        view.alternates = self.alternates(&versions, &versions[0].1);
        view.switch = self.switch(&lang.code, &versions, |l| self.urls.home(l));
        view.page = Some(self.with_content(self.page_view(id), id)?);
        let around = self.site.around(id);
        view.previous = around.previous.map(|p| self.card_view(p));
        view.next = around.next.map(|p| self.card_view(p));
        view.related = around.related.iter().map(|&p| self.card_view(p)).collect();
        view.social = self.social(page.image.as_ref(), lang);
        view.locale_alternates = self.locale_alternates(id);
        view.json_ld = self.article_json_ld(id);
        Ok(self.finish_html(view))
    }

    /// One page of a listing.
    pub(super) fn list(&self, listing: &Listing<'a>) -> Result<HtmlView<'a>, Diagnostic> {
        let Listing { lang, of, number } = *listing;
        let url = listing.url(self.site, number);
        let total = listing.total(self.site);
        let kind = match of {
            Of::Home => "home",
            Of::Tag(_) => "tag",
            Of::Section(_) => "section",
            Of::Author(_) => "author",
        };
        let mut view = self.html_view(kind, lang, &url);
        view.articles = listing
            .shown(self.site)
            .iter()
            .map(|&id| self.listed_view(id, lang))
            .collect::<Result<_, _>>()?;
        view.pagination = Some(Pagination {
            current: number,
            total,
            newer: (number > 1).then(|| listing.url(self.site, number - 1)),
            older: (number < total).then(|| listing.url(self.site, number + 1)),
        });
        if let (Of::Tag(t), 1) = (of, number) {
            // A tag's page switches to its equivalent where there is one,
            // else to that language's tag index.
            let tag = &self.site.edition(&lang.code).tags[t];
            let languages = &self.site.config.languages;
            let versions: Vec<(&str, String)> = languages
                .iter()
                .zip(&tag.equivalents)
                .filter_map(|(l, slug)| {
                    Some((l.code.as_str(), self.urls.tag(&l.code, slug.as_ref()?)))
                })
                .collect();
            view.alternates = self.alternates(&versions, &versions[0].1);
            view.switch = self.switch(&lang.code, &versions, |l| self.urls.tags(l));
        } else if let (Of::Section(_) | Of::Author(_), 1) = (of, number) {
            // Sections and authors exist in every language: their pages
            // are each other's, where published (else the switch leads
            // home, as an untranslated article's does).
            let versions = self.listing_versions(of);
            view.alternates = self.alternates(&versions, &versions[0].1);
            view.switch = self.switch(&lang.code, &versions, |l| self.urls.home(l));
        } else if of == Of::Home && number == 1 {
            view.json_ld = self.home_json_ld(lang);
            let homes = self.homes();
            let front_door = self
                .urls
                .front_door(&self.site.config.default_language().code);
            view.alternates = self.alternates(&homes, &front_door);
            view.switch = self.switch(&lang.code, &homes, |l| self.urls.home(l));
        } else {
            let own = [(lang.code.as_str(), url.clone())];
            view.alternates = self.alternates(&own, &url);
            view.switch = self.switch(&lang.code, &own, |l| self.urls.home(l));
        }
        if let Of::Tag(t) = of {
            let tag = &self.site.edition(&lang.code).tags[t];
            view.title = format!("{} — {}", tag.name, lang.title);
            view.description = self.describe(lang, "description_tag", &tag.name);
            view.tag = Some(TagLink {
                name: &tag.name,
                url: listing.url(self.site, 1),
                count: tag.pages.len(),
            });
        }
        if let Of::Section(s) = of {
            let link = self.section_link(s, &lang.code);
            view.title = format!("{} — {}", link.name, lang.title);
            view.description = self.describe(lang, "description_section", link.name);
            view.section = Some(link);
        }
        if let Of::Author(w) = of {
            let author = self.author_view(w, &lang.code);
            view.title = format!("{} — {}", author.name, lang.title);
            view.description = match author.bio.trim() {
                "" => self.describe(lang, "description_author", author.name),
                bio => bio.to_string(),
            };
            view.author = Some(author);
        }
        if number > 1 {
            view.title = format!("{} — {} {number}", view.title, self.t(&lang.code, "page"));
        }
        Ok(self.finish_html(view))
    }

    /// The meta description of a tag's, a section's or an author's pages:
    /// the UI string `key` with `{name}` and `{site}` filled in, so search
    /// results tell these pages apart (not the site's description on all);
    /// the language's description where the string is not set.
    fn describe(&self, lang: &Language, key: &str, name: &str) -> String {
        match self.t(&lang.code, key) {
            "" => lang.description.clone(),
            s => s.replace("{name}", name).replace("{site}", &lang.title),
        }
    }

    /// A language's tag index, switching to the other languages' indexes.
    pub(super) fn tag_index(&self, lang: &'a Language) -> HtmlView<'a> {
        let urls = self.urls;
        let mut view = self.html_view("tags", lang, &urls.tags(&lang.code));
        let versions: Vec<(&str, String)> = self
            .site
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), urls.tags(&l.code)))
            .collect();
        view.alternates = self.alternates(&versions, &versions[0].1);
        view.switch = self.switch(&lang.code, &versions, |l| urls.tags(l));
        view.title = format!("{} — {}", self.t(&lang.code, "tags"), lang.title);
        view.tags = self
            .site
            .edition(&lang.code)
            .tags
            .iter()
            .map(|t| TagLink {
                name: &t.name,
                url: urls.tag(&lang.code, &t.slug),
                count: t.pages.len(),
            })
            .collect();
        self.finish_html(view)
    }

    /// The pages of a section's or an author's listing, in each language
    /// where it is published.
    pub(super) fn listing_versions(&self, of: Of) -> Vec<(&'a str, String)> {
        self.site
            .config
            .languages
            .iter()
            .filter(|l| plan::is_published(self.site, &l.code, of))
            .map(|l| (l.code.as_str(), first_url(self.site, &l.code, of)))
            .collect()
    }

    /// A language's search page, switching to the other languages' ones.
    pub(super) fn search_page(&self, lang: &'a Language) -> HtmlView<'a> {
        let url = |code: &str| self.search_url(code);
        let mut view = self.html_view("search", lang, &url(&lang.code));
        let versions: Vec<(&str, String)> = self
            .site
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), url(&l.code)))
            .collect();
        view.alternates = self.alternates(&versions, &versions[0].1);
        view.switch = self.switch(&lang.code, &versions, url);
        view.title = format!("{} — {}", self.t(&lang.code, "search"), lang.title);
        self.finish_html(view)
    }

    /// The view of the root page, `404.html` and `robots.txt`; only the
    /// 404 page gets the latest articles (so the others need not be
    /// rendered again when an article changes).
    /// `root` is the host a `robots.txt` is for (see `plan::Root`).
    pub(super) fn site_wide(
        &self,
        with_latest: bool,
        root: plan::Root<'a>,
    ) -> Result<SiteWideView<'a>, Diagnostic> {
        let lang = root.unwrap_or_else(|| self.site.config.default_language());
        let homes = self.homes();
        let homes_map: serde_json::Map<String, serde_json::Value> = homes
            .iter()
            .map(|(code, url)| (code.to_string(), url.clone().into()))
            .collect();
        let (section_menu, menu) = self.menu(lang, "");
        let latest_views = (self.site.editions.iter())
            .filter(|_| with_latest)
            .map(|e| {
                let articles = latest(e).iter().map(|&id| {
                    let lang = self.language(&self.site.page(id).article.lang);
                    self.listed_view(id, lang)
                });
                Ok(EditionView {
                    lang: &e.lang,
                    articles: articles.collect::<Result<_, _>>()?,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(SiteWideView {
            site: self.site_view(lang),
            lang: &lang.code,
            t: self.t_view(lang),
            canonical: self.urls.absolute(&self.urls.home(&lang.code)),
            alternates: self.alternates(
                &homes,
                &self
                    .urls
                    .front_door(&self.site.config.default_language().code),
            ),
            homes_json: script_json(&homes_map),
            default_json: script_json(&lang.code),
            css_url: self.asset_url("style.css"),
            favicon_url: self.asset_url("favicon.svg"),
            latest: latest_views,
            sitemap_permalink: (self.urls)
                .permalink_of(&plan::path(self.site, &Job::SitemapIndex(root))),
            news_sitemap_permalink: self
                .site
                .config
                .news_sitemap
                .then(|| (self.urls).permalink_of(&plan::path(self.site, &Job::NewsSitemap(root)))),
            home_url: self.urls.home(&lang.code),
            tags_url: self.urls.tags(&lang.code),
            feed_permalink: self.urls.absolute(&self.urls.feed(&lang.code)),
            section_menu,
            menu,
            inject: self.inject(),
        })
    }
}

//! The parts several views share, built once: the site, a page, a page's
//! language versions and `hreflang` alternates, the language switch and
//! the skeleton of an HTML page. Each rule of what a template sees lives here
//! or in the view of its own page kind, never twice.

use super::plan::{self, Of};
use super::views::{
    AuthorView, Byline, CardView, HtmlView, ImageView, LanguageView, Link, MenuLink, PageView,
    SectionLink, Shared, SiteView, SocialImage, SocialView, Strings, SwitchLink, TagLink,
};
use super::{Renderer, SharedViews};
use crate::config::Language;
use crate::dates;
use crate::diagnostic::Diagnostic;
use crate::ids::{AuthorId, PageId, SectionId};
use crate::images::{Role, html::srcset};
use crate::site::{self, Lead, Page};
use std::borrow::Cow;
use std::collections::BTreeMap;

impl<'a> Renderer<'a> {
    /// The UI strings of `lang`.
    pub(super) fn strings(&self, lang: &str) -> &'a BTreeMap<String, String> {
        &self.theme.strings[lang]
    }

    /// The root-relative URL of the static file `name` (`style.css`), under
    /// its published name (fingerprinted in `gazette build`).
    pub(super) fn asset_url(&self, name: &str) -> String {
        self.urls.url(self.theme.asset(name))
    }

    /// One UI string of `lang` (empty when the theme has none).
    /// The search page of `lang` (root-relative); empty when the site has
    /// no search.
    pub(super) fn search_url(&self, lang: &str) -> String {
        match self.site.config.search.enabled {
            true => self.urls.search(lang, &self.theme.search_slug(lang)),
            false => String::new(),
        }
    }

    pub(super) fn t(&self, lang: &str, key: &str) -> &'a str {
        self.strings(lang)
            .get(key)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The site as the templates of `lang` see it (made once per language).
    pub(super) fn site_view(&self, lang: &Language) -> Shared<SiteView<'a>> {
        self.shared[lang.code.as_str()].0.clone()
    }

    /// The UI strings of `lang` for its templates (made once per language).
    pub(super) fn t_view(&self, lang: &Language) -> Shared<Strings> {
        self.shared[lang.code.as_str()].1.clone()
    }

    /// The views every page of a language shares, made into template
    /// values once: [`Renderer::new`] calls this once its URLs and theme are
    /// in place, as the site's view needs them.
    pub(super) fn shared_views(&self) -> SharedViews<'a> {
        (self.site.config.languages.iter())
            .map(|lang| {
                let site = Shared::new(&self.site_view_of(lang));
                let t = Shared::new(self.strings(&lang.code));
                (lang.code.as_str(), (site, t))
            })
            .collect()
    }

    fn site_view_of(&self, lang: &'a Language) -> SiteView<'a> {
        let config = &self.site.config;
        SiteView {
            title: &lang.title,
            description: &lang.description,
            base_url: self.urls.absolute(self.urls.root()),
            base_path: self.urls.root(),
            default_language: &config.default_language().code,
            theme_color: &config.theme_color,
            assets: self
                .theme
                .asset_names
                .iter()
                .map(|(name, published)| (name.as_str(), self.urls.url(published)))
                .collect(),
            languages: config
                .languages
                .iter()
                .map(|l| LanguageView {
                    code: &l.code,
                    name: &l.name,
                    title: &l.title,
                    home_url: self.urls.home(&l.code),
                    t: self.strings(&l.code),
                })
                .collect(),
        }
    }

    /// `view` (of page `id`) with its body as `content`: the article's own
    /// page and feeds show it; listings only when the theme's templates
    /// name it ([`crate::templates::Theme::listings_show_content`]), as a
    /// body may have to be read back from the build's temporary file.
    pub(super) fn with_content(
        &self,
        mut view: PageView<'a>,
        id: PageId,
    ) -> Result<PageView<'a>, Diagnostic> {
        let page: &'a Page = self.site.page(id);
        view.content = page.body.html().map_err(|e| {
            Diagnostic::new(
                &page.article.path,
                format!("cannot read its rendered body back from the build's temporary file: {e}"),
            )
        })?;
        Ok(view)
    }

    /// A listing's view of page `id` for a `reader`: with `content` only
    /// when the theme's listings show it.
    pub(super) fn listed_view(
        &self,
        id: PageId,
        reader: &'a Language,
    ) -> Result<PageView<'a>, Diagnostic> {
        let view = self.page_view_for(id, reader);
        match self.theme.listings_show_content {
            true => self.with_content(view, id),
            false => Ok(view),
        }
    }

    pub(super) fn page_view(&self, id: PageId) -> PageView<'a> {
        let lang = &self.site.page(id).article.lang;
        self.page_view_for(id, self.language(lang))
    }

    /// Page `id` as a card on another article's page (its neighbours and
    /// related articles, all of the article's language).
    pub(super) fn card_view(&self, id: PageId) -> CardView<'a> {
        let page: &'a Page = self.site.page(id);
        let lang = self.language(&page.article.lang);
        CardView {
            title: &page.body.title,
            title_html: &page.body.title_html,
            url: &page.url,
            date: page
                .article
                .front
                .date
                .as_ref()
                .map(|d| dates::view(d, lang)),
            summary: &page.body.summary,
            section: page.section.map(|s| self.section_link(s, &lang.code)),
            image: page.image.as_ref().map(image_view),
        }
    }

    /// The view of page `id` on a page in `reader`'s language: its date
    /// and section are given in that language (a listing showing an article
    /// of another language, `untranslated = "list"`); the rest is its own.
    pub(super) fn page_view_for(&self, id: PageId, reader: &'a Language) -> PageView<'a> {
        let page: &'a Page = self.site.page(id);
        let a = &page.article;
        let lang = reader;
        let edition = self.site.edition(&a.lang);
        PageView {
            title: &page.body.title,
            title_html: &page.body.title_html,
            url: &page.url,
            permalink: self.urls.absolute(&page.url),
            lang: &a.lang,
            lang_name: &self.language(&a.lang).name,
            date: a.front.date.as_ref().map(|d| dates::view(d, lang)),
            updated: a.front.updated.as_ref().map(|d| dates::view(d, lang)),
            author: (!page.bylines.is_empty()).then(|| {
                let names: Vec<&str> = page.bylines.iter().map(|b| b.name.as_str()).collect();
                names.join(", ")
            }),
            authors: page
                .bylines
                .iter()
                .map(|b| {
                    let url = b.author.map(|w| {
                        self.urls
                            .author(&reader.code, &self.site.config.authors[w].id)
                    });
                    Byline {
                        name: &b.name,
                        permalink: url.as_deref().map(|u| self.urls.absolute(u)),
                        url,
                    }
                })
                .collect(),
            summary: &page.body.summary,
            standfirst: a
                .front
                .summary
                .is_some()
                .then_some(page.body.summary.as_str()),
            // Read only where shown: see `with_content`.
            content: Cow::Borrowed(""),
            tags: page
                .body
                .tags
                .iter()
                .map(|(name, slug)| TagLink {
                    name,
                    url: self.urls.tag(&a.lang, slug),
                    count: edition.tag_count(slug),
                })
                .collect(),
            extra: &a.front.extra,
            stale: page.stale,
            draft: a.front.draft,
            scheduled: self.site.scheduled(id),
            image: page.image.as_ref().map(image_view),
            reading_minutes: self.site.reading_minutes(id),
            section: page.section.map(|s| self.section_link(s, &reader.code)),
        }
    }

    /// Author `w` in language `lang`, with their page.
    pub(super) fn author_view(&self, w: AuthorId, lang: &str) -> AuthorView<'a> {
        let config = &self.site.config;
        let i = config.language_index(lang);
        let author = &config.authors[w];
        AuthorView {
            name: &author.name,
            // A theme without the gendered strings says `author`.
            label: match self.t(lang, author.gender.label_key()) {
                "" => self.t(lang, "author"),
                label => label,
            },
            url: self.urls.author(lang, &author.id),
            bio: &author.bios[i],
            photo: self.site.portraits[w].as_ref().map(image_view),
        }
    }

    /// Section `s` in language `lang`, with its listing.
    pub(super) fn section_link(&self, s: SectionId, lang: &str) -> SectionLink<'a> {
        let config = &self.site.config;
        let i = config.language_index(lang);
        let (name, slug) = &config.sections[s].names[i];
        SectionLink {
            name,
            url: self.urls.section(lang, slug),
        }
    }

    /// The menu of `lang` as seen from the page at `url`: the sections the
    /// masthead shows by default, then the entries of the language's menu.
    pub(super) fn menu(
        &self,
        lang: &Language,
        url: &str,
    ) -> (Vec<MenuLink<'a>>, Vec<MenuLink<'a>>) {
        let i = self.site.config.language_index(&lang.code);
        let menu = &self.site.menus[i];
        let links = |list: &'a [site::MenuLink]| {
            list.iter()
                .filter(|link| {
                    link.section
                        .is_none_or(|s| plan::is_published(self.site, &lang.code, Of::Section(s)))
                })
                .map(|link| MenuLink {
                    name: &link.label,
                    url: &link.url,
                    current: link.url == url,
                })
                .collect()
        };
        (links(&menu.sections), links(&menu.entries))
    }

    /// What social networks show of a page whose lead image is `lead`.
    pub(super) fn social(&self, lead: Option<&Lead>, lang: &Language) -> SocialView {
        let image = match lead {
            Some(lead) => {
                let v = lead.image.social();
                Some(SocialImage {
                    url: self.urls.absolute_in(&lang.code, &v.url),
                    width: v.width,
                    height: v.height,
                    mime: v.mime(),
                    alt: lead.alt.clone(),
                })
            }
            None => self.site.social_default.as_ref().map(|d| SocialImage {
                url: self.urls.absolute_in(&lang.code, &d.url),
                width: d.width,
                height: d.height,
                mime: d.mime,
                alt: lang.title.clone(),
            }),
        };
        SocialView {
            card: match lead {
                Some(_) => "summary_large_image",
                None => "summary",
            },
            image,
        }
    }

    /// The configured language `code`.
    pub(super) fn language(&self, code: &str) -> &'a Language {
        self.site
            .config
            .language(code)
            .expect("languages of pages are configured")
    }

    /// `(language, url)` of every published version of a page, in the
    /// site's language order.
    pub(super) fn versions(&self, id: PageId) -> Vec<(&'a str, String)> {
        let page = self.site.page(id);
        let mut versions: Vec<(&str, String)> = vec![(&page.article.lang, page.url.clone())];
        versions.extend(page.translations.iter().map(|&t| {
            let p = self.site.page(t);
            (p.article.lang.as_str(), p.url.clone())
        }));
        versions.sort_by_key(|(l, _)| self.site.config.language_rank(l));
        versions
    }

    /// Every language's home, as versions of one page.
    pub(super) fn homes(&self) -> Vec<(&'a str, String)> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| (l.code.as_str(), self.urls.home(&l.code)))
            .collect()
    }

    /// `hreflang` alternates for the (language, url) versions of one page.
    pub(super) fn alternates(&self, versions: &[(&str, String)], x_default: &str) -> Vec<Link> {
        let mut links: Vec<Link> = versions
            .iter()
            .map(|(l, u)| Link {
                hreflang: l.to_string(),
                href: self.urls.absolute(u),
            })
            .collect();
        links.push(Link {
            hreflang: "x-default".into(),
            href: self.urls.absolute(x_default),
        });
        links
    }

    /// Switch entries for every language but `lang`, in the site's order:
    /// to the page's version in that language where `versions` (language,
    /// URL) has one (labelled "Read in …"), else to `fallback(language)`,
    /// a page of that language's edition (its home, its tag index). The
    /// one rule of every page's switch.
    pub(super) fn switch(
        &self,
        lang: &str,
        versions: &[(&str, String)],
        fallback: impl Fn(&str) -> String,
    ) -> Vec<SwitchLink<'a>> {
        self.site
            .config
            .languages
            .iter()
            .filter(|l| l.code != lang)
            .map(
                |l| match versions.iter().find(|(code, _)| *code == l.code) {
                    Some((_, url)) => self.switch_link(l, true, url.clone()),
                    None => self.switch_link(l, false, fallback(&l.code)),
                },
            )
            .collect()
    }

    /// One switch entry to language `l`.
    pub(super) fn switch_link(
        &self,
        l: &'a Language,
        translated: bool,
        url: String,
    ) -> SwitchLink<'a> {
        SwitchLink {
            code: &l.code,
            name: &l.name,
            url,
            label: self.t(&l.code, if translated { "read_in" } else { "edition" }),
            translated,
            current: false,
        }
    }

    /// The skeleton of an HTML page's view at `url`; callers fill in the rest.
    pub(super) fn html_view(
        &self,
        kind: &'static str,
        lang: &'a Language,
        url: &str,
    ) -> HtmlView<'a> {
        let (section_menu, menu) = self.menu(lang, url);
        HtmlView {
            kind,
            site: self.site_view(lang),
            lang: &lang.code,
            lang_name: &lang.name,
            t: self.t_view(lang),
            title: lang.title.clone(),
            description: lang.description.clone(),
            canonical: self.urls.absolute(url),
            alternates: Vec::new(),
            switch: Vec::new(),
            has_translation: false,
            home_url: self.urls.home(&lang.code),
            tags_url: self.urls.tags(&lang.code),
            search_url: self.search_url(&lang.code),
            search_bundle_url: self.urls.search_bundle(),
            feed_permalink: self.urls.absolute(&self.urls.feed(&lang.code)),
            css_url: self.asset_url("style.css"),
            favicon_url: self.asset_url("favicon.svg"),
            social: self.social(None, lang),
            locale: &lang.locale_name,
            locale_alternates: Vec::new(),
            json_ld: String::new(),
            section_menu,
            menu,
            page: None,
            previous: None,
            next: None,
            related: Vec::new(),
            articles: Vec::new(),
            pagination: None,
            tag: None,
            section: None,
            author: None,
            tags: Vec::new(),
            inject: self.inject(),
            preview: self.options.preview,
        }
    }

    /// Completes an HTML view: marks whether it has a translation and puts
    /// the page's own language in the switch, at its place in the site's order.
    pub(super) fn finish_html(&self, mut view: HtmlView<'a>) -> HtmlView<'a> {
        view.has_translation = view.switch.iter().any(|s| s.translated);
        let config = &self.site.config;
        let here = config.language_index(view.lang);
        let own = self.language(view.lang);
        let url = view
            .canonical
            .strip_prefix(&config.base_url.origin)
            .unwrap_or(&view.canonical)
            .to_string();
        let current = SwitchLink {
            current: true,
            label: &own.name,
            ..self.switch_link(own, false, url)
        };
        view.switch.insert(here.0.min(view.switch.len()), current);
        view
    }

    /// The dev server's script, or nothing.
    pub(super) fn inject(&self) -> &'a str {
        self.options.inject.as_deref().unwrap_or("")
    }
}

/// The view of a lead image.
fn image_view(lead: &Lead) -> ImageView<'_> {
    let image = &lead.image;
    let shown = image.default_variant();
    ImageView {
        src: &shown.url,
        width: shown.width,
        height: shown.height,
        mime: shown.mime(),
        srcset: srcset(image, Role::Fallback),
        webp_srcset: srcset(image, Role::Modern),
        alt: &lead.alt,
        caption: lead.caption.as_deref(),
        credit: lead.credit.as_deref(),
        credit_lang: lead.credit_lang.as_deref(),
    }
}

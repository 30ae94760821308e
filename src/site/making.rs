//! Making the pages: each published article's body rendered (or reused from
//! the previous model), its lead image, bylines, section and translations,
//! and the edition of each language.

use super::lists::ArticleLists;
use super::*;

/// Where an article's lead image comes from: its own `image:`, or the
/// original's for a translation that gives only the texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LeadSource {
    /// The article whose `image:` names it (paths are relative to it).
    pub(super) article: String,
    /// `image:` as written.
    pub(super) path: String,
    /// Whether the article borrows it from its original.
    pub(super) inherited: bool,
    /// The language of the article whose `image:` names it.
    pub(super) lang: String,
    /// The credit written with it (a translation may give its own).
    pub(super) credit: Option<String>,
}

/// Where each article's lead image comes from (by article id), `None`
/// when it has none: its own `image:`, else its original's (`originals`,
/// by article id, as the status found them).
pub(super) fn lead_sources(
    articles: &[Arc<Article>],
    originals: &[Option<ArticleId>],
) -> Vec<Option<LeadSource>> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if let Some(path) = &a.front.image.path {
                return Some(LeadSource {
                    article: a.source.clone(),
                    path: path.clone(),
                    inherited: false,
                    lang: a.lang.clone(),
                    credit: a.front.image.credit.clone(),
                });
            }
            let original = &articles[originals[i]?.0];
            Some(LeadSource {
                article: original.source.clone(),
                path: original.front.image.path.clone()?,
                inherited: true,
                lang: original.lang.clone(),
                credit: original.front.image.credit.clone(),
            })
        })
        .collect()
}

/// Every file of `content/` the pages use, once each, by source path.
pub(super) fn used_images(pages: &[Arc<Page>]) -> Vec<Arc<Image>> {
    let mut all: BTreeMap<&str, &Arc<Image>> = BTreeMap::new();
    for page in pages {
        let lead = page.image.as_ref().map(|l| &l.image);
        for image in page.body.assets().chain(lead) {
            all.insert(&image.source, image);
        }
    }
    all.into_values().cloned().collect()
}

/// [`make_pages`] for a model with `previous`'s structure: its pages sit at
/// the same places, and those whose article and staleness are unchanged are
/// taken as they are.
pub(super) fn reuse_pages(
    making: &Making,
    articles: &[Arc<Article>],
    structure: &Structure,
    status: &Status,
    previous: &Site,
) -> Checked<Vec<Arc<Page>>> {
    let (config, theme) = (making.config, making.theme);
    let made: Vec<Checked<Arc<Page>>> = structure
        .order
        .par_iter()
        .zip(&previous.pages)
        .map(|(&id, old)| {
            let article = &articles[id.0];
            let stale = status.is_stale(id);
            if Arc::ptr_eq(&old.article, article)
                && old.stale == stale
                && old.body.same_theme(theme)
                && old.body.same_lists(&article.lang, &making.lists)
                && making.lead(article, id).ok() == Some(old.image.clone())
            {
                return Ok(old.clone());
            }
            let translations = structure.translations(config, articles, id);
            // Shared with the cache: the clone keeps the source from being released.
            let mut article = article.clone();
            making.page(&mut article, id, Some(old), translations, stale)
        })
        .collect();
    collect(made)
}

/// A page per published article, newest first, reusing `previous`'s pages
/// and bodies where they are still what this model would make. Each
/// article drops its Markdown once rendered (see [`Article::release_body`]):
/// the HTML is all rendering needs, and the sources of a large site are as
/// big as its bodies.
pub(super) fn make_pages(
    making: &Making,
    articles: &mut [Arc<Article>],
    structure: &Structure,
    status: &Status,
    previous: Option<&Site>,
) -> Checked<Vec<Arc<Page>>> {
    let config = making.config;
    let old: HashMap<&str, &Arc<Page>> = previous
        .map(|s| {
            s.pages
                .iter()
                .map(|p| (p.article.source.as_str(), p))
                .collect()
        })
        .unwrap_or_default();
    let translations: Vec<Vec<PageId>> = (0..articles.len())
        .into_par_iter()
        .map(|i| structure.translations(config, articles, ArticleId(i)))
        .collect();
    let mut made: Vec<(PageId, Checked<Arc<Page>>)> = articles
        .par_iter_mut()
        .zip(translations)
        .enumerate()
        .filter_map(|(i, (article, translations))| {
            let pos = structure.position[i]?;
            let stale = status.is_stale(ArticleId(i));
            let old = old.get(article.source.as_str()).copied();
            let page = making.page(article, ArticleId(i), old, translations, stale);
            Some((pos, page))
        })
        .collect();
    made.sort_by_key(|(pos, _)| *pos);
    collect(made.into_iter().map(|(_, p)| p))
}

/// What making a page needs besides its article.
pub(super) struct Making<'a> {
    pub(super) config: &'a SiteConfig,
    pub(super) resolver: Resolver<'a>,
    /// For shortcodes; `None` when the theme failed to load.
    pub(super) theme: Option<&'a Theme>,
    /// Where each article's lead image comes from, by article id.
    pub(super) leads: Vec<Option<LeadSource>>,
    /// For each translation, the page of the version it was made from.
    pub(super) originals: Vec<Option<PageId>>,
    /// What shortcodes list (`articles`).
    pub(super) lists: ArticleLists,
    /// Where rendered bodies are kept.
    pub(super) bodies: &'a Bodies,
}

impl Making<'_> {
    /// The page of `article` (`id`), reusing `old`'s body while it is current.
    pub(super) fn page(
        &self,
        article: &mut Arc<Article>,
        id: ArticleId,
        old: Option<&Arc<Page>>,
        translations: Vec<PageId>,
        stale: bool,
    ) -> Checked<Arc<Page>> {
        let lead = self.lead(article, id);
        let body = self.body(article, old);
        let section = self.section(article);
        let bylines = self.bylines(article);
        let (lead, body, section, bylines) = match (lead, body, section, bylines) {
            (Ok(lead), Ok(body), Ok(section), Ok(bylines)) => (lead, body, section, bylines),
            (lead, body, section, bylines) => {
                let mut errors = body.err().unwrap_or_default();
                errors.extend(lead.err().unwrap_or_default());
                errors.extend(section.err().unwrap_or_default());
                errors.extend(bylines.err().unwrap_or_default());
                return Err(errors);
            }
        };
        let made = Made {
            body,
            image: lead,
            section,
            bylines,
            original: self.originals[id.0],
        };
        make_page(
            self.config,
            self.resolver.urls,
            article,
            old,
            translations,
            stale,
            made,
        )
    }

    /// The bylines of `article`: a declared author by id, else free text
    /// (« La rédaction »). A lowercase word that is no declared author's
    /// id (`author: adda`) is taken for a mistyped id: an error on its line.
    pub(super) fn bylines(&self, article: &Article) -> Checked<Vec<Byline>> {
        let authors = &self.config.authors;
        let mut errors = crate::diagnostic::Diagnostics::new();
        let mut bylines = Vec::new();
        for written in &article.front.author {
            if let Some(i) = authors.position(|a| a.id == *written) {
                bylines.push(Byline {
                    name: authors[i].name.clone(),
                    author: Some(i),
                });
                continue;
            }
            let id_like = crate::config::is_author_id(written);
            if id_like && !authors.is_empty() {
                let known: Vec<&str> = authors.iter().map(|a| a.id.as_str()).collect();
                let line = article.front.key_lines.get("author");
                errors.push(Diagnostic::at(
                    &article.path,
                    line,
                    format!(
                        "unknown author `{written}` (the authors are {}): declare it under [authors.{written}] in site.toml, or write the byline as it should read",
                        known.join(", ")
                    ),
                ));
                continue;
            }
            bylines.push(Byline {
                name: written.clone(),
                author: None,
            });
        }
        errors.finish(bylines)
    }

    /// The section `article` names; an unknown one is an error on its line.
    pub(super) fn section(&self, article: &Article) -> Checked<Option<SectionId>> {
        let Some(id) = &article.front.section else {
            return Ok(None);
        };
        self.config.section_named(id).map(Some).map_err(|message| {
            let line = article.front.key_lines.get("section");
            vec![Diagnostic::at(&article.path, line, message)]
        })
    }

    pub(super) fn body(
        &self,
        article: &Arc<Article>,
        old: Option<&Arc<Page>>,
    ) -> Checked<Arc<Body>> {
        let config = self.config;
        let style = Style {
            typography: config
                .language(&article.lang)
                .map(|l| l.typography)
                .unwrap_or_default(),
            heading_ids: config.heading_ids,
        };
        Ok(match old {
            Some(p)
                if p.body
                    .is_current(article, self.resolver, &self.lists, style, self.theme) =>
            {
                p.body.clone()
            }
            _ => Arc::new(body::make_body(
                article,
                self.resolver,
                &self.lists,
                style,
                self.theme,
                self.bodies,
            )?),
        })
    }

    /// The lead image of `article` (`id`) with its texts. A broken `image:`
    /// is reported by the article that wrote it, on its line.
    pub(super) fn lead(&self, article: &Article, id: ArticleId) -> Checked<Option<Lead>> {
        let Some(source) = &self.leads[id.0] else {
            return Ok(None);
        };
        let front = &article.front.image;
        let typography = |lang: &str| {
            self.config
                .language(lang)
                .map(|l| l.typography)
                .unwrap_or_default()
        };
        let text = |t: &str| crate::typography::apply(typography(&article.lang), t, None);
        let at_image = |message: String| {
            let line = article.front.key_lines.get("image");
            vec![Diagnostic::at(&article.path, line, message)]
        };
        let image = match self.resolver.file(&source.article, &source.path) {
            Ok(image) if image.is_picture() => image,
            _ if source.inherited => return Ok(None),
            Ok(_) => {
                return Err(at_image(format!(
                    "`image: {}` is not an image (JPEG, PNG, WebP, GIF or SVG)",
                    source.path
                )));
            }
            Err(message) => return Err(at_image(message)),
        };
        let Some(alt) = &front.alt else {
            return Err(vec![Diagnostic::new(
                &article.path,
                format!(
                    "this translation shows the lead image of {} but has no `image_alt:`: describe the image in `{}` (or give the translation its own `image:`)",
                    source.article, article.lang
                ),
            )]);
        };
        // The original's credit, when the translation gives none: set in
        // the original's language, and marked as such.
        let borrowed = front.credit.is_none() && source.credit.is_some();
        let credit_lang = (borrowed && source.lang != article.lang).then(|| source.lang.clone());
        let credit = match &front.credit {
            Some(credit) => Some(text(credit)),
            None => source
                .credit
                .as_ref()
                .map(|c| crate::typography::apply(typography(&source.lang), c, None)),
        };
        Ok(Some(Lead {
            image,
            alt: text(alt),
            caption: front.caption.as_deref().map(text),
            credit,
            credit_lang,
        }))
    }
}

/// What making a page found besides its place: body, lead image,
/// section, bylines.
pub(super) struct Made {
    pub(super) body: Arc<Body>,
    pub(super) image: Option<Lead>,
    pub(super) section: Option<SectionId>,
    pub(super) bylines: Vec<Byline>,
    pub(super) original: Option<PageId>,
}

pub(super) fn make_page(
    config: &SiteConfig,
    urls: &UrlMap,
    article: &mut Arc<Article>,
    old: Option<&Arc<Page>>,
    translations: Vec<PageId>,
    stale: bool,
    made: Made,
) -> Checked<Arc<Page>> {
    let Made {
        body,
        image,
        section,
        bylines,
        original,
    } = made;
    article.release_body();
    let url = urls.by_source[&article.source]
        .clone()
        .expect("only kept articles are rendered");
    // The previous page, when it would be made again as it is. Destructured
    // whole: a new field of `Page` does not compile until it is compared.
    let same = |p: &Page| {
        let Page {
            // The same reading or a new one of the same text: the body says.
            article: _,
            // Made from the URL.
            output_file: _,
            body: old_body,
            url: old_url,
            translations: old_translations,
            stale: old_stale,
            image: old_image,
            section: old_section,
            bylines: old_bylines,
            original: old_original,
        } = p;
        Arc::ptr_eq(old_body, &body)
            && *old_url == url
            && *old_stale == stale
            && *old_translations == translations
            && *old_image == image
            && *old_section == section
            && *old_bylines == bylines
            && *old_original == original
    };
    if let Some(p) = old.filter(|p| same(p)) {
        return Ok(p.clone());
    }
    let output_file = config.urls().output_file(&url);
    Ok(Arc::new(Page {
        stale,
        body,
        url,
        output_file,
        translations,
        image,
        section,
        bylines,
        original,
        article: article.clone(),
    }))
}

/// A language's edition: its articles and their tags (pages, being no
/// news, are in neither).
pub(super) fn edition(config: &SiteConfig, lang: &str, pages: &[Arc<Page>]) -> Edition {
    let mine: Vec<PageId> = (0..pages.len())
        .filter(|&i| pages[i].article.lang == lang && !pages[i].article.is_page())
        .map(PageId)
        .collect();
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for &id in &mine {
        for (name, slug) in &pages[id.0].body.tags {
            tags.entry(slug.clone())
                .or_insert_with(|| Tag {
                    name: name.clone(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                    equivalents: PerLang::default(),
                })
                .pages
                .push(id);
        }
    }
    let list_others = config
        .language(lang)
        .is_some_and(|l| l.untranslated == crate::config::Untranslated::List);
    let listed: Vec<PageId> = (0..pages.len())
        .filter(|&i| {
            let p = &pages[i];
            !p.article.is_page()
                && (p.article.lang == lang
                    || (list_others
                        && p.translations
                            .iter()
                            .all(|t| pages[t.0].article.lang != lang)))
        })
        .map(PageId)
        .collect();
    let in_section = |ids: &[PageId], s: SectionId| -> Vec<PageId> {
        ids.iter()
            .copied()
            .filter(|id| pages[id.0].section == Some(s))
            .collect()
    };
    let authors = config
        .authors
        .ids()
        .map(|w| {
            mine.iter()
                .copied()
                .filter(|id| pages[id.0].bylines.iter().any(|b| b.author == Some(w)))
                .collect()
        })
        .collect();
    let sections = &config.sections;
    Edition {
        authors,
        lang: lang.to_string(),
        sections: sections.ids().map(|s| in_section(&mine, s)).collect(),
        sections_listed: sections.ids().map(|s| in_section(&listed, s)).collect(),
        pages: mine,
        tags: tags.into_values().collect(),
        listed,
    }
}

//! What search engines and aggregators read of a page besides its text:
//! the Open Graph locales and the schema.org JSON-LD (`NewsArticle` for an
//! article, linked to its translations with `workTranslation` and
//! `translationOfWork`; `WebSite` for a language's home). Built here as
//! JSON values and serialized script-safe, so a title holding quotes,
//! `&` or `</script>` can never break out of its `<script>` element.

use super::Renderer;
use crate::config::Language;
use crate::ids::PageId;
use serde_json::{Value, json};

impl<'a> Renderer<'a> {
    /// The `og:locale` of every other version of page `id`.
    pub(super) fn locale_alternates(&self, id: PageId) -> Vec<&'a str> {
        self.site
            .page(id)
            .translations
            .iter()
            .map(|&t| {
                let lang = &self.site.page(t).article.lang;
                self.language(lang).locale_name.as_str()
            })
            .collect()
    }

    /// The JSON-LD of article `id`: a `NewsArticle`, script-safe.
    pub(super) fn article_json_ld(&self, id: PageId) -> String {
        let page = self.site.page(id);
        let a = &page.article;
        let lang = self.language(&a.lang);
        let front = &a.front;
        let absolute = |url: &str| self.urls.absolute_in(&a.lang, url);
        let Some(date) = front.date else {
            return String::new();
        };
        let authors: Vec<Value> = page
            .bylines
            .iter()
            .map(|b| match b.author {
                Some(w) => json!({
                    "@type": "Person",
                    "name": b.name,
                    "url": absolute(&self.urls.author(&a.lang, &self.site.config.authors[w].id)),
                }),
                None => json!({"@type": "Organization", "name": b.name}),
            })
            .collect();
        let version = |p: PageId| {
            let other = self.site.page(p);
            // Its address and language only: a page shows no other page's
            // text (the dev server re-renders a page when its own inputs change).
            json!({
                "@type": "NewsArticle",
                "@id": absolute(&other.url),
                "url": absolute(&other.url),
                "inLanguage": other.article.lang,
            })
        };
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": absolute(&page.url),
            "headline": page.body.title,
            "datePublished": date.to_rfc3339(),
            "dateModified": front.updated.unwrap_or(date).to_rfc3339(),
            "inLanguage": a.lang,
            "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(&page.url)},
            "publisher": self.publisher(lang),
        });
        let fields = ld.as_object_mut().expect("an object");
        // An empty description is worse than none (validators flag it).
        if !page.body.summary.trim().is_empty() {
            fields.insert("description".into(), page.body.summary.clone().into());
        }
        if !authors.is_empty() {
            fields.insert("author".into(), authors.into());
        }
        if let Some(lead) = &page.image {
            fields.insert("image".into(), json!([absolute(&lead.image.social().url)]));
        }
        if let Some(s) = page.section {
            let i = self.site.config.language_index(&a.lang);
            fields.insert(
                "articleSection".into(),
                self.site.config.sections[s].names[i].0.clone().into(),
            );
        }
        if !page.body.tags.is_empty() {
            let tags: Vec<&str> = page.body.tags.iter().map(|(n, _)| n.as_str()).collect();
            fields.insert("keywords".into(), tags.into());
        }
        match page.original {
            Some(original) => {
                fields.insert("translationOfWork".into(), version(original));
            }
            None if !page.translations.is_empty() => {
                let versions: Vec<Value> = page.translations.iter().map(|&t| version(t)).collect();
                fields.insert("workTranslation".into(), versions.into());
            }
            None => {}
        }
        script_json(&ld)
    }

    /// The JSON-LD of a language's home: a `WebSite`, script-safe.
    pub(super) fn home_json_ld(&self, lang: &Language) -> String {
        let url = self.urls.absolute(&self.urls.home(&lang.code));
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "WebSite",
            "@id": url,
            "url": url,
            "name": lang.title,
            "inLanguage": lang.code,
            "publisher": self.publisher(lang),
        });
        if !lang.description.trim().is_empty() {
            ld["description"] = lang.description.clone().into();
        }
        script_json(&ld)
    }

    /// The publisher: the site's title in `lang`, and its logo when
    /// `site.toml` names one.
    fn publisher(&self, lang: &Language) -> Value {
        let mut publisher = json!({"@type": "Organization", "name": lang.title});
        if let Some(logo) = &self.site.logo {
            publisher["logo"] = json!({
                "@type": "ImageObject",
                "url": self.urls.absolute(&logo.url),
                "width": logo.width,
                "height": logo.height,
            });
        }
        publisher
    }
}

/// JSON safe to put inside a `<script>` element.
pub(super) fn script_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("plain data serializes");
    // `<`, `>` and `&` only occur inside JSON strings, where `\u003c` means
    // the same: the HTML parser then never sees `</script`, nor `<!--`
    // followed by `<script` (which would keep the block open to the end of
    // the page).
    // Byte searches, the stretches between copied whole: a pass deciding
    // character by character was 2.4% of a build.
    let mut out = String::with_capacity(json.len());
    let mut rest = 0;
    for at in memchr::memchr3_iter(b'<', b'>', b'&', json.as_bytes()) {
        out.push_str(&json[rest..at]);
        out.push_str(match json.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        rest = at + 1;
    }
    out.push_str(&json[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        assert_eq!(
            script_json(&"</script><!--<script>&"),
            r#""\u003c/script\u003e\u003c!--\u003cscript\u003e\u0026""#
        );
        let back: String = serde_json::from_str(&script_json(&"<!--<script>")).unwrap();
        assert_eq!(back, "<!--<script>");
    }
}

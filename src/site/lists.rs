//! The article lists shortcodes read (`articles`): each language's
//! published articles, newest first, with what a "latest interviews" or
//! "in this series" shortcode shows (title, URL, date, section, tags).
//! Made for every model from the articles and their URLs, because titles
//! change without moving anything; each list carries a hash, so the dev
//! server makes again only the bodies whose shortcodes read a list that
//! changed.

use crate::config::SiteConfig;
use crate::content::Article;
use crate::links::UrlMap;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Per language code: the list, and its hash.
pub(crate) type ArticleLists = HashMap<String, (Arc<Value>, u64)>;

/// Each language's published, dated articles, newest first. URLs are
/// written from the site root (`/fr/2025/02/x/`), as a writer writes a
/// link: a shortcode's output is the article's text, and its links get
/// the base path like the writer's.
pub(crate) fn article_lists(
    config: &SiteConfig,
    articles: &[Arc<Article>],
    urls: &UrlMap,
) -> ArticleLists {
    let mut lists = HashMap::new();
    for lang in &config.languages {
        let mut listed: Vec<(&Article, &String)> = articles
            .iter()
            .filter(|a| a.lang == lang.code && a.front.date.is_some())
            .filter_map(|a| Some((a.as_ref(), urls.by_source.get(&a.source)?.as_ref()?)))
            .collect();
        listed.sort_by(|a, b| b.0.front.date.cmp(&a.0.front.date).then(a.1.cmp(b.1)));
        let list: Vec<Value> = listed
            .iter()
            .map(|(a, url)| {
                let section = a
                    .front
                    .section
                    .as_deref()
                    .and_then(|s| config.section_named(s).ok());
                let from_root = url
                    .strip_prefix(urls.base_path.trim_end_matches('/'))
                    .unwrap_or(url);
                json!({
                    "title": a.front.title,
                    "url": from_root,
                    "date": a.front.date.map(|d| d.to_rfc3339()),
                    "section": section.map(|s| config.sections[s].id.clone()),
                    "tags": a.front.tags,
                    "source": a.source,
                })
            })
            .collect();
        let list = Value::Array(list);
        let mut h = std::hash::DefaultHasher::new();
        list.to_string().hash(&mut h);
        lists.insert(lang.code.clone(), (Arc::new(list), h.finish()));
    }
    lists
}

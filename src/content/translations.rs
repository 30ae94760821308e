//! Translations: pair articles across languages from their `translation:` keys.
//!
//! Pairing is checked both ways. A → B is valid when B exists, is in another
//! language, and B either points back to A or does not point anywhere. Pairs
//! join into groups (with three languages, A ↔ B and A ↔ C make one group),
//! and a group may hold one article per language.

use super::Article;
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::sync::Arc;

/// For each article (same index as the input), the indices of its
/// translations, in the order the articles were given.
pub type TranslationGroups = Vec<Vec<usize>>;

/// Resolves and validates every `translation:` key; all broken pairs are
/// reported together.
pub fn resolve(articles: &[Arc<Article>]) -> Result<TranslationGroups, Vec<Diagnostic>> {
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let mut errors = Vec::new();
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    for (i, a) in articles.iter().enumerate() {
        let line = a.front.key_lines.get("translation").copied();
        for target in &a.front.translations {
            let key = normalize(target);
            let fail = |message: String| Diagnostic {
                path: a.path.clone(),
                line,
                message,
            };
            let Some(&j) = index.get(key.as_str()) else {
                errors.push(fail(format!(
                    "translation `{target}` does not exist (the path is relative to content/, like `en/2025-01-29-x.md`)"
                )));
                continue;
            };
            let b = &articles[j];
            if b.lang == a.lang {
                errors.push(fail(format!(
                    "translation `{target}` is in the same language ({}); a translation lives under another content/<lang>/",
                    a.lang
                )));
                continue;
            }
            let back: Vec<String> = b.front.translations.iter().map(|t| normalize(t)).collect();
            if !back.is_empty() && !back.contains(&a.source) {
                errors.push(fail(format!(
                    "translation `{}` ({}) points to `{}` instead of back to `{}`",
                    b.source,
                    b.path.display(),
                    back.join("`, `"),
                    a.source
                )));
                continue;
            }
            union(&mut parent, i, j);
        }
    }
    let groups = collect_groups(&mut parent);
    for members in groups.values() {
        check_one_per_language(articles, members, &mut errors);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((0..articles.len())
        .map(|i| {
            let root = find(&mut parent, i);
            groups[&root].iter().copied().filter(|&j| j != i).collect()
        })
        .collect())
}

/// `./en/x.md` and `en//x.md` name the same file as `en/x.md`.
fn normalize(path: &str) -> String {
    path.trim()
        .trim_start_matches("content/")
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

fn collect_groups(parent: &mut [usize]) -> HashMap<usize, Vec<usize>> {
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..parent.len() {
        let root = find(parent, i);
        groups.entry(root).or_default().push(i);
    }
    groups
}

fn check_one_per_language(
    articles: &[Arc<Article>],
    members: &[usize],
    errors: &mut Vec<Diagnostic>,
) {
    for (n, &i) in members.iter().enumerate() {
        for &j in &members[n + 1..] {
            if articles[i].lang == articles[j].lang {
                errors.push(Diagnostic {
                    path: articles[j].path.clone(),
                    line: articles[j].front.key_lines.get("translation").copied(),
                    message: format!(
                        "`{}` and `{}` are both {} translations of the same article",
                        articles[i].source, articles[j].source, articles[i].lang
                    ),
                });
            }
        }
    }
}

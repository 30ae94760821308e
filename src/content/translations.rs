//! Translations: pair articles across languages from their `translation:` keys.
//!
//! Pairing is checked both ways. A → B is valid when B exists, is in another
//! language, and B either points back to A or does not point anywhere. Pairs
//! join into groups (with three languages, A ↔ B and A ↔ C make one group),
//! and a group may hold one article per language.

use super::Article;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ids::ArticleId;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// For each article, its translations, in the order the articles were given.
/// Shared, not copied, between successive builds of the dev server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationGroups(Arc<Vec<Vec<ArticleId>>>);

impl TranslationGroups {
    /// The other versions of article `id` (empty when it has none).
    pub fn of(&self, id: ArticleId) -> &[ArticleId] {
        &self.0[id.0]
    }
}

/// Resolves and validates every `translation:` key; all broken pairs are
/// reported together, with the groups of the valid pairs. A pair with an
/// article in `unreadable` (a file that failed to parse, already reported)
/// is left out without a word.
pub fn resolve(
    articles: &[Arc<Article>],
    unreadable: &HashSet<String>,
) -> (TranslationGroups, Vec<Diagnostic>) {
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let mut errors = Diagnostics::new();
    let mut hints = Hints::new(articles);
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    for (i, a) in articles.iter().enumerate() {
        let line = a.front.key_lines.get("translation");
        for target in &a.front.translations {
            let key = normalize(target);
            let fail = |message: String| Diagnostic {
                path: a.path.clone(),
                line,
                message,
            };
            let Some(&j) = index.get(key.as_str()) else {
                if unreadable.contains(&key) {
                    continue;
                }
                errors.push(fail(format!(
                    "translation `{target}` does not exist (the path is relative to content/, like `en/2025-01-29-x.md`){}",
                    hints.for_missing(a, &key, &index)
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
            // A back-pointer to no file is reported on its own line, once.
            let dangling = back.iter().any(|t| !index.contains_key(t.as_str()));
            if dangling && !back.contains(&a.source) {
                continue;
            }
            if !back.is_empty() && !back.contains(&a.source) {
                // Whose line holds the mistake: when what `b` names points
                // back to `b`, that pair stands and `a` is wrong; otherwise
                // `b`'s back-pointer is (a typo in the other file's name).
                let confirmed = back.iter().all(|t| {
                    index.get(t.as_str()).is_some_and(|&k| {
                        let names = &articles[k].front.translations;
                        names.iter().any(|x| normalize(x) == b.source)
                    })
                });
                errors.push(match confirmed {
                    true => fail(format!(
                        "translation `{}` ({}) is the translation of `{}`, which points back to it, not of this file",
                        b.source,
                        b.path.display(),
                        back.join("`, `"),
                    )),
                    false => Diagnostic {
                        path: b.path.clone(),
                        line: b.front.key_lines.get("translation"),
                        message: format!(
                            "`translation: {}` names a version that does not name this file back, while `{}` ({}) does: write `translation: {}` (or correct that file's `translation:`)",
                            back.join(", "),
                            a.source,
                            a.path.display(),
                            a.source
                        ),
                    },
                });
                continue;
            }
            union(&mut parent, i, j);
        }
    }
    let groups = collect_groups(&mut parent);
    for members in groups.values() {
        check_one_per_language(articles, members, &mut errors);
    }
    let groups = TranslationGroups(Arc::new(
        (0..articles.len())
            .map(|i| {
                let root = find(&mut parent, i);
                groups[&root]
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| ArticleId(j))
                    .collect()
            })
            .collect(),
    ));
    for (i, a) in articles.iter().enumerate() {
        if let Some(from) = &a.front.translated_from {
            check_translated_from(
                articles,
                unreadable,
                &groups,
                ArticleId(i),
                from,
                &mut errors,
            );
        }
    }
    (groups, errors.into_vec())
}

/// `translated_from:` must name another version of the article: naming
/// anything else (a file renamed since, a typo) would silently stop the
/// desk from ever finding the translation stale.
fn check_translated_from(
    articles: &[Arc<Article>],
    unreadable: &HashSet<String>,
    groups: &TranslationGroups,
    id: ArticleId,
    from: &str,
    errors: &mut Diagnostics,
) {
    let a = &articles[id.0];
    let from = normalize(from);
    let versions = groups.of(id);
    // An unpaired article with a `translation:` had that reported already.
    let reported = versions.is_empty() && !a.front.translations.is_empty();
    if versions.iter().any(|j| articles[j.0].source == from)
        || unreadable.contains(&from)
        || reported
    {
        return;
    }
    let lang = from.split('/').next().unwrap_or_default();
    let hint = match versions.iter().find(|j| articles[j.0].lang == lang) {
        Some(j) => format!(": write `translated_from: {}`", articles[j.0].source),
        None if versions.is_empty() => {
            ": this article has no other version (see its `translation:`)".to_string()
        }
        None => format!(
            " (its versions: {})",
            versions
                .iter()
                .map(|j| articles[j.0].source.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    errors.push(Diagnostic {
        path: a.path.clone(),
        line: a.front.key_lines.get("translated_from"),
        message: format!(
            "translated_from `{from}` is not another version of this article, so the desk cannot tell when this translation falls out of date{hint}"
        ),
    });
}

/// What the writer probably meant by a `translation:` naming no file:
/// the version that names the article as its translation (the file was
/// renamed, and only that version's name changed), else a source within a
/// typo of it. Made on the first such error (the names the versions give,
/// once), and the typo search (a pass over every source) for the first
/// few only: a site of 100,000 files with a thousand broken pairs stays
/// quick to report.
struct Hints<'a> {
    articles: &'a [Arc<Article>],
    named_by: Option<HashMap<String, Vec<usize>>>,
    typos_left: usize,
}

impl<'a> Hints<'a> {
    fn new(articles: &'a [Arc<Article>]) -> Self {
        Hints {
            articles,
            named_by: None,
            typos_left: 20,
        }
    }

    /// The hint for `missing`, named by `a`, as the end of its message.
    fn for_missing(&mut self, a: &Article, missing: &str, index: &HashMap<&str, usize>) -> String {
        let articles = self.articles;
        let named_by = self.named_by.get_or_insert_with(|| {
            let mut named_by = HashMap::new();
            for (i, o) in articles.iter().enumerate() {
                for t in &o.front.translations {
                    named_by
                        .entry(normalize(t))
                        .or_insert_with(Vec::new)
                        .push(i);
                }
            }
            named_by
        });
        // A version in the missing file's language that `a` does not name.
        let lang = missing.split('/').next().unwrap_or_default();
        let renamed = named_by
            .get(&*a.source)
            .into_iter()
            .flatten()
            .map(|&i| &articles[i])
            .find(|o| {
                o.lang == lang
                    && !a
                        .front
                        .translations
                        .iter()
                        .any(|t| normalize(t) == o.source)
            });
        if let Some(o) = renamed {
            return format!(
                ": `{}` names this file as its translation (renamed?): write `translation: {}`",
                o.source, o.source
            );
        }
        if self.typos_left == 0 {
            return String::new();
        }
        self.typos_left -= 1;
        // Paths share their folder and date: a typo is at most two edits,
        // in a name of about the same length.
        let near = index
            .keys()
            .filter(|k| k.len().abs_diff(missing.len()) <= 2)
            .map(|k| (strsim::damerau_levenshtein(missing, k), *k))
            .filter(|(d, _)| *d <= 2)
            .min();
        match near {
            Some((_, near)) => format!(": did you mean `{near}`?"),
            None => String::new(),
        }
    }
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

fn check_one_per_language(articles: &[Arc<Article>], members: &[usize], errors: &mut Diagnostics) {
    for (n, &i) in members.iter().enumerate() {
        for &j in &members[n + 1..] {
            if articles[i].lang == articles[j].lang {
                errors.push(Diagnostic {
                    path: articles[j].path.clone(),
                    line: articles[j].front.key_lines.get("translation"),
                    message: format!(
                        "`{}` and `{}` are both {} translations of the same article",
                        articles[i].source, articles[j].source, articles[i].lang
                    ),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::test_article;

    fn article(source: &str, front: &str) -> Arc<Article> {
        test_article(
            source,
            &format!("---\ntitle: T\ndate: 2025-01-01\n{front}\n---\nBody\n"),
        )
    }

    fn ok(articles: &[Arc<Article>]) -> TranslationGroups {
        let (groups, errors) = resolve(articles, &HashSet::new());
        assert!(errors.is_empty(), "{errors:?}");
        groups
    }

    fn errs(articles: &[Arc<Article>]) -> Vec<Diagnostic> {
        resolve(articles, &HashSet::new()).1
    }

    fn ids(v: &[usize]) -> Vec<ArticleId> {
        v.iter().map(|&i| ArticleId(i)).collect()
    }

    #[test]
    fn a_pair_links_both_ways_even_when_one_side_is_silent() {
        let articles = [
            article("en/a.md", ""),
            article("fr/a.md", "translation: en/a.md"),
        ];
        let groups = ok(&articles);
        assert_eq!(groups.of(ArticleId(0)), ids(&[1]));
        assert_eq!(groups.of(ArticleId(1)), ids(&[0]));
    }

    #[test]
    fn three_languages_make_one_group() {
        let articles = [
            article("de/a.md", "translation: fr/a.md"),
            article("en/a.md", "translation: fr/a.md"),
            article("fr/a.md", "translation: [en/a.md, de/a.md]"),
        ];
        let groups = ok(&articles);
        assert_eq!(groups.of(ArticleId(0)), ids(&[1, 2]));
        assert_eq!(groups.of(ArticleId(2)), ids(&[0, 1]));
    }

    #[test]
    fn broken_pairs_are_all_reported_with_their_line() {
        let articles = [
            article("en/a.md", "translation: fr/missing.md"),
            article("fr/b.md", "translation: fr/c.md"),
            article("fr/c.md", ""),
            article("fr/d.md", "translation: ./en/e.md"),
            article("en/e.md", "translation: fr/c.md"),
        ];
        let errors = errs(&articles);
        let messages: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
        assert_eq!(errors.len(), 3, "{messages:#?}");
        assert!(messages[0].starts_with("en/a.md:4: translation `fr/missing.md` does not exist"));
        assert!(messages.iter().any(|m| m.contains("same language")));
        // fr/c.md does not name e back: e's back-pointer is the mistake.
        assert!(messages.iter().any(|m| m.starts_with(
            "en/e.md:4: `translation: fr/c.md` names a version that does not name this file back, while `fr/d.md`"
        )), "{messages:#?}");
        assert!(errors.iter().all(|d| d.line == Some(4)));
    }

    #[test]
    fn a_missing_translation_names_the_renamed_file_or_the_near_one() {
        // fr/bonjour.md renamed fr/salut.md: the English version still
        // names the old file, the renamed one names it back.
        let renamed = [
            article(
                "en/hello.md",
                "translation: fr/bonjour.md\ntranslated_from: fr/bonjour.md",
            ),
            article("fr/salut.md", "translation: en/hello.md"),
        ];
        let errors = errs(&renamed);
        assert_eq!(errors.len(), 1, "one error for one rename: {errors:?}");
        assert!(
            errors[0].message.ends_with(
                ": `fr/salut.md` names this file as its translation (renamed?): write `translation: fr/salut.md`"
            ),
            "{}",
            errors[0].message
        );
        let typo = [
            article("en/hello.md", "translation: fr/bonjuor.md"),
            article("fr/bonjour.md", ""),
        ];
        let errors = errs(&typo);
        assert!(
            errors[0]
                .message
                .ends_with(": did you mean `fr/bonjour.md`?"),
            "{}",
            errors[0].message
        );
        // The translation's record names the old file too.
        let recorded = [
            article(
                "en/hello.md",
                "translation: fr/salut.md\ntranslated_from: fr/bonjour.md",
            ),
            article("fr/salut.md", "translation: en/hello.md"),
        ];
        let errors = errs(&recorded);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, Some(5));
        assert!(
            errors[0].message.starts_with(
                "translated_from `fr/bonjour.md` is not another version of this article"
            ) && errors[0]
                .message
                .ends_with(": write `translated_from: fr/salut.md`"),
            "{}",
            errors[0].message
        );
        let far = [
            article("en/hello.md", "translation: fr/autre-chose.md"),
            article("fr/bonjour.md", ""),
        ];
        assert!(errs(&far)[0].message.ends_with("`en/2025-01-29-x.md`)"));
    }

    #[test]
    fn two_versions_in_one_language_are_refused() {
        let articles = [
            article("en/a.md", "translation: fr/a.md"),
            article("en/b.md", "translation: fr/a.md"),
            article("fr/a.md", ""),
        ];
        let errors = errs(&articles);
        assert!(
            errors[0].message.contains("are both en translations"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_pair_with_an_unreadable_file_is_not_reported_again() {
        let articles = [article("en/a.md", "translation: fr/a.md")];
        let unreadable = HashSet::from(["fr/a.md".to_string()]);
        let (groups, errors) = resolve(&articles, &unreadable);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(groups.of(ArticleId(0)).is_empty());
        assert_eq!(
            errs(&articles).len(),
            1,
            "reported when the file is really missing"
        );
    }
}

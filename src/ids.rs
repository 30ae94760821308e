//! The typed ids every stage shares, and [`Table`], a list indexed by one
//! kind of id. An article's place among the sources, a page's place among
//! the published pages, a language, a section and an author are all small
//! numbers; typed, one cannot be taken for another (a section index used
//! to look up an author compiles no more), and a table says what indexes it.
//!
//! A leaf module: the content stage (translation groups), the config
//! (languages, sections, authors) and the site model all use these ids, so
//! they live below all three.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A typed index into a [`Table`].
pub trait Id: Copy {
    /// The position it stands for.
    fn index(self) -> usize;
    /// The id of position `i`.
    fn at(i: usize) -> Self;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);

        impl Id for $name {
            fn index(self) -> usize {
                self.0
            }
            fn at(i: usize) -> Self {
                $name(i)
            }
        }
    )*};
}

ids! {
    /// An article's place among the sources (drafts included), sorted by
    /// path: what the content stage and the translation groups index
    /// articles by. Distinct from a [`PageId`], which leaves drafts out and
    /// sorts newest first.
    ArticleId,
    /// A published page's place in the site (newest first).
    PageId,
    /// A configured language's place in the site's order (`default_language`
    /// first, then the others as `site.toml` lists them).
    LangId,
    /// A section declared in `site.toml`, in its order there.
    SectionId,
    /// An author declared in `site.toml`, in its order there.
    AuthorId,
    /// A tag of one language's edition, in the order of their slugs.
    TagId,
}

/// One value per id of kind `I`, in id order: per language, per section,
/// per author. Only an `I` indexes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Table<I, T> {
    items: Vec<T>,
    of: PhantomData<fn(I)>,
}

/// One value per configured language, in the site's order.
pub type PerLang<T> = Table<LangId, T>;

impl<I: Id, T> Table<I, T> {
    /// The value of each id, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The value of each id, in order, to change.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// Each id with its value, in order.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (I::at(i), t))
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.items.len()).map(I::at)
    }

    /// The value of `id`, if the table has one.
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// The first id whose value matches `f`.
    pub fn position(&self, f: impl FnMut(&T) -> bool) -> Option<I> {
        self.items.iter().position(f).map(I::at)
    }

    /// The id whose value `f` finds equal, in a table sorted the way `f`
    /// compares; else where such a value would go.
    pub fn binary_search_by(&self, f: impl FnMut(&T) -> std::cmp::Ordering) -> Result<I, usize> {
        self.items.binary_search_by(f).map(I::at)
    }

    /// How many ids it has.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The value of the first id.
    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }

    /// A table of the same ids with `f` of each value.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Table<I, U> {
        self.items.iter().map(f).collect()
    }
}

impl<I, T> Default for Table<I, T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<I, T> From<Vec<T>> for Table<I, T> {
    fn from(items: Vec<T>) -> Self {
        Table {
            items,
            of: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for Table<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        iter.into_iter().collect::<Vec<T>>().into()
    }
}

impl<I: Id, T> Index<I> for Table<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for Table<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<'a, I: Id, T> IntoIterator for &'a Table<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<I: Id, T> IntoIterator for Table<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<I, T: serde::Serialize> serde::Serialize for Table<I, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_indexed_by_its_own_ids_in_order() {
        let sections: Table<SectionId, &str> = vec!["économie", "sport"].into();
        assert_eq!(sections[SectionId(1)], "sport");
        assert_eq!(sections.position(|s| *s == "sport"), Some(SectionId(1)));
        let ids: Vec<SectionId> = sections.ids().collect();
        assert_eq!(ids, [SectionId(0), SectionId(1)]);
        assert_eq!(sections.get(SectionId(2)), None);
        let lengths: Table<SectionId, usize> = sections.map(|s| s.chars().count());
        assert_eq!(lengths.enumerate().last(), Some((SectionId(1), &5)));
    }
}

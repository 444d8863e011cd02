//! A set of ids — the granted categories of a consent, the preference center's switches —
//! sorted, each id once.
//!
//! A sorted `Vec<String>` behind a set's few methods rather than `std`'s `BTreeSet<String>`:
//! these sets hold a handful of category ids, and the B-tree's insertion, iteration and drop code
//! cost the first layer 1.1 KB brotli and the app 2.8 KB (measured 2026-12-05, see
//! `bench/size-budget`), while a vector's binary search and insertion are linked anyway.

/// A sorted set of ids.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ids(Vec<String>);

impl Ids {
    /// The empty set.
    pub const fn new() -> Self {
        Ids(Vec::new())
    }

    /// Adds `id`; `false` when it was there already.
    pub fn insert(&mut self, id: String) -> bool {
        match self.find(&id) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, id);
                true
            }
        }
    }

    /// Takes `id` out; `false` when it was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        self.find(id).map(|i| self.0.remove(i)).is_ok()
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Whether every id of this set is in `other`.
    pub fn is_subset(&self, other: &Ids) -> bool {
        self.iter().all(|id| other.contains(id))
    }

    /// The ids, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    /// How many ids the set holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|x| x.as_str().cmp(id))
    }
}

impl FromIterator<String> for Ids {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> Self {
        let mut set = Ids::new();
        set.extend(ids);
        set
    }
}

impl Extend<String> for Ids {
    fn extend<I: IntoIterator<Item = String>>(&mut self, ids: I) {
        for id in ids {
            self.insert(id);
        }
    }
}

impl<const N: usize> From<[String; N]> for Ids {
    fn from(ids: [String; N]) -> Self {
        ids.into_iter().collect()
    }
}

impl<'a> IntoIterator for &'a Ids {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl IntoIterator for Ids {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::Ids;

    fn ids(list: &[&str]) -> Ids {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sorted_and_each_once_like_a_set() {
        let mut set = ids(&["marketing", "analytics", "necessary", "analytics"]);
        assert_eq!(
            set.iter().map(String::as_str).collect::<Vec<_>>(),
            ["analytics", "marketing", "necessary"]
        );
        assert!(!set.insert("marketing".into()));
        assert!(set.insert("preferences".into()));
        assert!(set.contains("preferences") && !set.contains("prefer"));
        assert!(set.remove("analytics") && !set.remove("analytics"));
        assert_eq!(set, ids(&["necessary", "preferences", "marketing"]));
        assert_eq!(set.len(), 3);
        assert!(ids(&["necessary"]).is_subset(&set) && !set.is_subset(&ids(&["necessary"])));
        assert!(Ids::new().is_empty() && Ids::new().is_subset(&set));
        assert!(!set.is_empty());
        // Borrowed and owned iteration: the same ids, in order.
        let mut borrowed = Vec::new();
        for id in &set {
            borrowed.push(id.clone());
        }
        assert_eq!(borrowed, ["marketing", "necessary", "preferences"]);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), borrowed);
    }
}

//! A sorted list of `(key, position)` pairs searched by binary search: the lookup
//! structure for ids and event names. One small generic type instead of a map per
//! key type keeps the wasm smaller, and lookups stay O(log n) for 10,000 steps.

/// Keys to positions; a key may map to several positions. Not generic on purpose:
/// one instantiation of the sort and the search in the wasm.
#[derive(Debug, Clone, Default)]
pub struct Index {
    entries: Vec<(String, usize)>,
}

impl Index {
    /// An index of `pairs`.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, usize)>) -> Index {
        let mut entries: Vec<(String, usize)> =
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        // (key, position) pairs are unique, so an unstable sort gives the stable order.
        entries.sort_unstable();
        Index { entries }
    }

    fn start(&self, key: &str) -> usize {
        self.entries.partition_point(|(k, _)| k.as_str() < key)
    }

    /// The lowest position of `key`.
    ///
    /// ```
    /// use firstvalue::core::index::Index;
    /// let ix = Index::new([("b", 0), ("a", 1), ("b", 2)]);
    /// assert_eq!(ix.first("b"), Some(0));
    /// assert_eq!(ix.first("c"), None);
    /// assert_eq!(ix.all("b").collect::<Vec<_>>(), [0, 2]);
    /// ```
    pub fn first(&self, key: &str) -> Option<usize> {
        self.all(key).next()
    }

    /// Every position of `key`, lowest first.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.entries[self.start(key)..]
            .iter()
            .take_while(move |(k, _)| k == key)
            .map(|(_, v)| *v)
    }
}

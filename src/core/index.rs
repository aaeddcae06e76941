//! A sorted list of `(key, position)` pairs searched by binary search: the lookup
//! structure for ids and event names. One small generic type instead of a map per
//! key type keeps the wasm smaller, and lookups stay O(log n) for 10,000 steps.

/// Keys to positions; a key may map to several positions.
#[derive(Debug, Clone, Default)]
pub struct Index<K> {
    entries: Vec<(K, usize)>,
}

impl<K: AsRef<str> + Ord> Index<K> {
    /// An index of `pairs`.
    pub fn new(pairs: impl IntoIterator<Item = (K, usize)>) -> Index<K> {
        let mut entries: Vec<(K, usize)> = pairs.into_iter().collect();
        entries.sort();
        Index { entries }
    }

    fn start(&self, key: &str) -> usize {
        self.entries.partition_point(|(k, _)| k.as_ref() < key)
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
            .take_while(move |(k, _)| k.as_ref() == key)
            .map(|(_, v)| *v)
    }
}

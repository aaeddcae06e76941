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
        heapsort(&mut entries, |a, b| a < b);
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

    /// Every position, in key order.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().map(|(_, v)| *v)
    }

    /// Every position of `key`, lowest first.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.entries[self.start(key)..]
            .iter()
            .take_while(move |(k, _)| k == key)
            .map(|(_, v)| *v)
    }
}

/// Sorts `v` by `less`, in place, not stably: O(n log n) in a few hundred bytes of
/// wasm, where the standard library's pattern-defeating quicksort costs ~3 KB.
pub fn heapsort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let sift = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

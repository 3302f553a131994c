//! A map whose values are computed once per key.

use std::borrow::Borrow;
use std::fmt;
use std::hash::Hash;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use rustc_hash::FxHashMap as HashMap;

/// A map whose values are computed once per key, even when several
/// threads ask for the same key at the same time.
// Kept rather than the `once_map` crate: its maps hand out references
// (values must be `StableDeref`) or take an owned key per lookup, where
// each image looks up its folder by a borrowed path.
pub(crate) struct OnceMap<K, V> {
    cells: RwLock<HashMap<K, Arc<OnceLock<V>>>>,
}

impl<K: Eq + Hash, V: Clone> OnceMap<K, V> {
    pub(crate) fn new() -> Self {
        OnceMap {
            cells: RwLock::new(HashMap::default()),
        }
    }

    /// The value for `key`, computed by `init` if no thread has yet. The
    /// key is copied only on first use: lookups are the hot path.
    pub(crate) fn get_or_init<Q>(&self, key: &Q, init: impl FnOnce() -> V) -> V
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let cell = {
            let read = self.cells.read().unwrap_or_else(PoisonError::into_inner);
            let cell = read.get(key);
            // Computed already (nearly always): the value, without taking
            // the cell, whose count every thread would write.
            if let Some(value) = cell.and_then(|c| c.get()) {
                return value.clone();
            }
            cell.cloned()
        };
        let cell = cell.unwrap_or_else(|| {
            let mut write = self.cells.write().unwrap_or_else(PoisonError::into_inner);
            write.entry(key.to_owned()).or_default().clone()
        });
        cell.get_or_init(init).clone()
    }
}

impl<K, V> fmt::Debug for OnceMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.cells.read().map_or(0, |c| c.len());
        write!(f, "OnceMap({n} entries)")
    }
}

//! Decoded tiles kept for the next pan, bounded by bytes: least recently
//! used first out. The tiles of the view in hand are never evicted (a view
//! whose own tiles pass the bound keeps them all, and the cache shrinks
//! back when the view moves on), so what is on screen stays drawable.

use std::collections::HashMap;

use super::math::TileId;

/// The default bound: 24 MiB of decoded tiles (a phone's share). Tiles are
/// kept compact (`features::CompactTile`: 24 bytes a point and the tile's
/// gzip), so the densest view of the 10M bench (15 tiles of 125,000 points,
/// 14.4 MB of MVT) holds 6.4 MiB of them, and the rest of the bound keeps
/// tiles for the next pan.
pub const DEFAULT_CACHE_BYTES: usize = 24 * 1024 * 1024;

#[derive(Debug)]
struct Slot<V> {
    value: V,
    bytes: usize,
    used: u64,
}

/// An LRU of tiles bounded by their size in bytes, as the caller measures
/// it (the widget: what each tile really holds on the heap; an estimate
/// that is low lets the cache grow past its bound unseen).
#[derive(Debug)]
pub struct TileCache<V> {
    slots: HashMap<TileId, Slot<V>>,
    bytes: usize,
    limit: usize,
    clock: u64,
    evicted: u64,
}

impl<V> TileCache<V> {
    /// An empty cache holding at most `limit_bytes`.
    pub fn new(limit_bytes: usize) -> Self {
        Self {
            slots: HashMap::new(),
            bytes: 0,
            limit: limit_bytes,
            clock: 0,
            evicted: 0,
        }
    }

    /// Tiles held.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when none is held.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Estimated bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Tiles evicted so far.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// True when `tile` is held (does not count as a use).
    pub fn contains(&self, tile: TileId) -> bool {
        self.slots.contains_key(&tile)
    }

    /// The tile, marked as used.
    pub fn get(&mut self, tile: TileId) -> Option<&V> {
        self.clock += 1;
        let clock = self.clock;
        self.slots.get_mut(&tile).map(|s| {
            s.used = clock;
            &s.value
        })
    }

    /// The tile, without marking it used.
    pub fn peek(&self, tile: TileId) -> Option<&V> {
        self.slots.get(&tile).map(|s| &s.value)
    }

    /// Adds (or replaces) a tile of `bytes`, then evicts the least recently
    /// used tiles not in `keep` until the cache is within its bound.
    pub fn insert(&mut self, tile: TileId, value: V, bytes: usize, keep: &[TileId]) {
        self.clock += 1;
        if let Some(old) = self.slots.insert(
            tile,
            Slot {
                value,
                bytes,
                used: self.clock,
            },
        ) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
        self.shrink(keep);
    }

    /// Evicts least recently used tiles not in `keep` (nor just inserted)
    /// while over the bound.
    pub fn shrink(&mut self, keep: &[TileId]) {
        while self.bytes > self.limit {
            let victim = self
                .slots
                .iter()
                .filter(|(t, _)| !keep.contains(t))
                .min_by_key(|(_, s)| s.used)
                .map(|(t, _)| *t);
            let Some(victim) = victim else { break };
            if let Some(s) = self.slots.remove(&victim) {
                self.bytes -= s.bytes;
                self.evicted += 1;
            }
        }
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.slots.clear();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(x: u32) -> TileId {
        TileId::new(10, x, 0).expect("in the grid")
    }

    #[test]
    fn the_least_recently_used_goes_first_when_over_the_bound() {
        let mut c = TileCache::new(300);
        c.insert(t(1), "a", 100, &[]);
        c.insert(t(2), "b", 100, &[]);
        c.insert(t(3), "c", 100, &[]);
        assert_eq!(c.get(t(1)), Some(&"a")); // 1 is now fresher than 2
        c.insert(t(4), "d", 100, &[]);
        assert!(!c.contains(t(2)));
        assert!(c.contains(t(1)) && c.contains(t(3)) && c.contains(t(4)));
        assert_eq!((c.len(), c.bytes(), c.evicted()), (3, 300, 1));
    }

    #[test]
    fn the_bytes_stay_within_the_bound_whatever_the_sizes() {
        let mut c = TileCache::new(DEFAULT_CACHE_BYTES);
        for x in 0..500 {
            c.insert(t(x), x, 100_000 + (x as usize * 7919) % 400_000, &[]);
            assert!(c.bytes() <= DEFAULT_CACHE_BYTES);
        }
        assert!(c.evicted() > 0);
    }

    #[test]
    fn the_view_in_hand_is_never_evicted() {
        let mut c = TileCache::new(250);
        let view = [t(1), t(2), t(3)];
        for x in 1..=3 {
            c.insert(t(x), x, 100, &view);
        }
        // Over the bound, but every tile is on screen: all kept.
        assert_eq!((c.len(), c.bytes()), (3, 300));
        // The view moves on: the old tiles go, oldest first.
        c.insert(t(9), 9, 100, &[t(9)]);
        assert!(c.contains(t(9)) && c.bytes() <= 250);
        assert!(!c.contains(t(1)));
    }

    #[test]
    fn replacing_a_tile_counts_its_bytes_once() {
        let mut c = TileCache::new(1000);
        c.insert(t(1), 1, 400, &[]);
        c.insert(t(1), 2, 300, &[]);
        assert_eq!((c.len(), c.bytes(), c.peek(t(1))), (1, 300, Some(&2)));
        c.clear();
        assert!(c.is_empty() && c.bytes() == 0);
    }
}

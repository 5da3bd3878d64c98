//! Queries of a built clustering: the clusters in a box at a zoom, a
//! cluster's children and leaves, its expansion zoom.

use super::kd::Level;
use super::*;

/// The clustering of a point set at every zoom from `min_zoom` to
/// `max_zoom + 1`. Built once, immutable.
///
/// ```
/// use qikai_map::core::cluster::{ClusterIndex, ClusterItem, ClusterOptions};
/// use qikai_map::core::coord::{LngLat, LngLatBounds};
/// let points = [
///     LngLat::lon_lat(125.300, 43.850),
///     LngLat::lon_lat(125.301, 43.850),
///     LngLat::lon_lat(125.400, 43.900),
/// ];
/// let index = ClusterIndex::new(&points, None, ClusterOptions::default());
/// let world = LngLatBounds { min: LngLat::lon_lat(-180.0, -90.0), max: LngLat::lon_lat(180.0, 90.0) };
/// let at_12 = index.clusters(world, 12.0);
/// assert_eq!(at_12.len(), 2); // the first two are 5.8 px (of a 512 extent) apart at zoom 12
/// let cluster = at_12.iter().find_map(|item| match item {
///     ClusterItem::Cluster(c) => Some(*c),
///     ClusterItem::Point { .. } => None,
/// });
/// let cluster = cluster.expect("one cluster");
/// assert_eq!(index.leaves(cluster.id, 10, 0), vec![0, 1]);
/// // 23 px apart at zoom 14 (< 40: merged), 47 px at zoom 15 (split).
/// assert_eq!(index.expansion_zoom(cluster.id), Some(15));
/// ```
#[derive(Clone, Debug)]
pub struct ClusterIndex {
    pub(super) options: ClusterOptions,
    /// Length of the input slice (the id offset).
    pub(super) n_input: usize,
    /// Points left out (non-finite coordinate, or beyond [`MAX_POINTS`]).
    pub(super) skipped: usize,
    /// `level_of[z - min_zoom]` = index in `levels` of zoom z's items. A zoom
    /// where nothing merged shares the level of the zoom above.
    pub(super) level_of: Vec<usize>,
    pub(super) levels: Vec<Level>,
    pub(super) has_weights: bool,
}

impl ClusterIndex {
    /// Clusters `points` at every zoom. `weights`, when given, holds one value
    /// per point (investment, say) and is summed per cluster; a missing or
    /// non-finite weight counts as 0.
    ///
    /// Options are sanitised rather than rejected: `max_zoom` is capped at 30
    /// and `min_zoom` at `max_zoom`; a non-finite or negative radius counts as
    /// 0 (nothing merges but exact duplicates).
    ///
    /// O(m log m) per zoom for m items at the zoom above.
    pub fn new(points: &[LngLat], weights: Option<&[f64]>, options: ClusterOptions) -> Self {
        let mut builder = ClusterBuilder::new(points, weights, options);
        while !builder.step() {}
        builder.finish()
    }

    /// The options in force (after sanitising).
    pub fn options(&self) -> ClusterOptions {
        self.options
    }

    /// Number of points clustered.
    pub fn len(&self) -> usize {
        self.levels.first().map_or(0, Level::len)
    }

    /// True when no point is clustered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Input points left out (a non-finite coordinate, or beyond
    /// [`MAX_POINTS`]).
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The zoom whose items a query at `zoom` returns: floored, then clamped
    /// to `min_zoom..=max_zoom + 1` (NaN gives `min_zoom`).
    pub fn query_zoom(&self, zoom: f64) -> u8 {
        let lo = i64::from(self.options.min_zoom);
        let hi = i64::from(self.options.max_zoom) + 1;
        (zoom.floor() as i64).clamp(lo, hi) as u8
    }

    pub(super) fn level_at(&self, zoom: u8) -> Option<&Level> {
        let i = usize::from(zoom.checked_sub(self.options.min_zoom)?);
        self.levels.get(*self.level_of.get(i)?)
    }

    /// The items of `zoom` (see [`query_zoom`](Self::query_zoom)) inside
    /// `bounds`, edges included, in no promised order.
    ///
    /// Like supercluster's `getClusters`: longitudes are wrapped into
    /// `[-180, 180)` (180 itself kept as the east edge), latitudes clamped to
    /// ±90; a box at least 360° wide is the whole world, and a box whose west
    /// edge lies east of its east edge (after wrapping) crosses the
    /// antimeridian and is answered as its two halves. Non-finite bounds give
    /// nothing.
    pub fn clusters(&self, bounds: LngLatBounds, zoom: f64) -> Vec<ClusterItem> {
        let mut out = Vec::new();
        self.for_each_cluster(bounds, zoom, |item| out.push(item));
        out
    }

    /// [`clusters`](Self::clusters) without collecting: calls `f` per item.
    pub fn for_each_cluster(
        &self,
        bounds: LngLatBounds,
        zoom: f64,
        mut f: impl FnMut(ClusterItem),
    ) {
        let (b0, b1, b2, b3) = (
            bounds.min.lng,
            bounds.min.lat,
            bounds.max.lng,
            bounds.max.lat,
        );
        if !(b0.is_finite() && b1.is_finite() && b2.is_finite() && b3.is_finite()) {
            return;
        }
        let Some(level) = self.level_at(self.query_zoom(zoom)) else {
            return;
        };
        let wrap = |lng: f64| ((lng + 180.0) % 360.0 + 360.0) % 360.0 - 180.0;
        let (min_lat, max_lat) = (b1.clamp(-90.0, 90.0), b3.clamp(-90.0, 90.0));
        let mut west = wrap(b0);
        let mut east = if b2 == 180.0 { 180.0 } else { wrap(b2) };
        if b2 - b0 >= 360.0 {
            (west, east) = (-180.0, 180.0);
        }
        let mut run = |w: f64, e: f64| {
            let sw = UnitPoint::from_lnglat(LngLat::lon_lat(w, min_lat));
            let ne = UnitPoint::from_lnglat(LngLat::lon_lat(e, max_lat));
            // Unrounded fixed-point bounds, as supercluster compares them.
            let min = [(sw.x - 0.5) * SCALE, (ne.y - 0.5) * SCALE];
            let max = [(ne.x - 0.5) * SCALE, (sw.y - 0.5) * SCALE];
            level.range(min, max, |item| f(self.item(level, item as usize)));
        };
        if west > east {
            run(west, 180.0);
            run(-180.0, east);
        } else {
            run(west, east);
        }
    }

    /// The item at `pos` of `level`.
    pub(super) fn item(&self, level: &Level, pos: usize) -> ClusterItem {
        let count = level.count[pos];
        if count <= 1 {
            return ClusterItem::Point {
                index: level.key[pos] as usize,
            };
        }
        let center_unit = UnitPoint::from_fixed(level.xy[pos]);
        ClusterItem::Cluster(Cluster {
            id: ClusterId(level.key[pos]),
            center: center_unit.to_lnglat(),
            center_unit,
            count: count as usize,
            weight_sum: level.weight.get(pos).copied().unwrap_or(0.0),
        })
    }

    /// Where cluster `id` was formed: its level and position there.
    fn locate(&self, id: ClusterId) -> Option<(&Level, usize)> {
        let formed_at = id.origin_zoom(self.n_input)?.checked_sub(1)?;
        if formed_at > self.options.max_zoom {
            return None;
        }
        let level = self.level_at(formed_at)?;
        if level.zoom != formed_at {
            return None; // nothing merged at that zoom
        }
        let at = level
            .formed
            .binary_search_by_key(&id.0, |&p| level.key[p as usize])
            .ok()?;
        Some((level, level.formed[at] as usize))
    }

    /// The level one zoom above `level`'s build zoom (where its child
    /// positions point).
    fn level_above(&self, level: &Level) -> Option<&Level> {
        self.level_at(level.zoom.checked_add(1)?)
    }

    /// The cluster with this id as a query at its own zoom returns it, or
    /// `None` for an id that is not one of this index's clusters.
    pub fn cluster(&self, id: ClusterId) -> Option<Cluster> {
        let (level, pos) = self.locate(id)?;
        match self.item(level, pos) {
            ClusterItem::Cluster(c) => Some(c),
            ClusterItem::Point { .. } => None,
        }
    }

    /// The items of the zoom above the cluster's own that it was built from
    /// (what a query one zoom in shows in its place), the item it grew from
    /// first; empty for an unknown id.
    pub fn children(&self, id: ClusterId) -> Vec<ClusterItem> {
        let Some((level, pos)) = self.locate(id) else {
            return Vec::new();
        };
        let Some(above) = self.level_above(level) else {
            return Vec::new();
        };
        level
            .children(pos)
            .iter()
            .map(|&c| self.item(above, c as usize))
            .collect()
    }

    /// Input indexes of the cluster's points, skipping the first `offset` and
    /// returning at most `limit`, in a fixed depth-first order (children in
    /// [`children`](Self::children) order); empty for an unknown id.
    pub fn leaves(&self, id: ClusterId, limit: usize, offset: usize) -> Vec<usize> {
        let mut out = Vec::new();
        if limit == 0 {
            return out;
        }
        if let Some((level, pos)) = self.locate(id) {
            let mut skipped = 0;
            self.append_leaves(level, pos, limit, offset, &mut skipped, &mut out);
        }
        out
    }

    fn append_leaves(
        &self,
        level: &Level,
        pos: usize,
        limit: usize,
        offset: usize,
        skipped: &mut usize,
        out: &mut Vec<usize>,
    ) {
        let Some(above) = self.level_above(level) else {
            return;
        };
        for &c in level.children(pos) {
            let c = c as usize;
            let count = above.count[c] as usize;
            if count > 1 {
                if *skipped + count <= offset {
                    *skipped += count;
                } else {
                    self.append_leaves(above, c, limit, offset, skipped, out);
                }
            } else if *skipped < offset {
                *skipped += 1;
            } else {
                out.push(above.key[c] as usize);
            }
            if out.len() >= limit {
                return;
            }
        }
    }

    /// The first zoom at which the cluster no longer shows as one item (it
    /// splits into two or more): the zoom to fly to on a click. `None` for an
    /// unknown id.
    pub fn expansion_zoom(&self, id: ClusterId) -> Option<u8> {
        let (mut level, mut pos) = self.locate(id)?;
        loop {
            let zoom = level.zoom + 1;
            let above = self.level_above(level)?;
            match level.children(pos) {
                [only] if above.count[*only as usize] > 1 && zoom <= self.options.max_zoom => {
                    let only = ClusterId(above.key[*only as usize]);
                    (level, pos) = self.locate(only)?;
                }
                _ => return Some(zoom),
            }
        }
    }

    /// True when the index was built with weights.
    pub fn has_weights(&self) -> bool {
        self.has_weights
    }
}

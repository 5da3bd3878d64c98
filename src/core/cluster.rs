//! Zoom-hierarchy point clustering: build once, then ask for the clusters in
//! a box at a zoom, a cluster's children, its leaves and its expansion zoom.
//!
//! The algorithm is mapbox's `supercluster` (`mapbox/supercluster:index.js`,
//! v9.1.0, ISC), re-derived rather than translated:
//!
//! 1. Project every point to the unit world square of Web Mercator
//!    ([`UnitPoint`]: x east, y south, both in `[0, 1]`, latitude clamped to
//!    ±[`MAX_LATITUDE`]). Zoom `max_zoom + 1` holds the raw points.
//! 2. For z = `max_zoom` down to `min_zoom`, cluster the items of zoom z + 1
//!    greedily **in their stored order**: an item not yet taken takes every
//!    not-yet-taken item within r = `radius_px / (extent · 2^z)` (unit-square
//!    units) of it; if that adds at least one item and the total count reaches
//!    `min_points`, they become one cluster at their count-weighted centre,
//!    otherwise they all stay as they are. A static k-d tree over zoom z + 1
//!    answers the radius queries, so each zoom costs O(m log m) for m items.
//! 3. Each zoom keeps its items, its k-d tree and, per item, the positions of
//!    the items of the zoom above it was built from (a child list), so
//!    `children`, `leaves` and `expansion_zoom` never search.
//!
//! # Fixed-point coordinates
//!
//! As in supercluster 9, unit coordinates are stored as `i32` fixed point,
//! v = trunc((c − 0.5) · 2³⁰), a step of 2⁻³⁰ of the world (2.7 cm at
//! Changchun's 43.9° N). Half the memory of f64 pairs, and every operation
//! that decides a cluster (squared distances of integers below 2⁵³ compared
//! with an exactly representable r², sums of integer coordinates times
//! counts, one division and a truncation toward zero) is then exact or
//! identically rounded in Rust and in JavaScript: with the same options and
//! `min_points = 2` we produce **exactly** supercluster's clusters, centres
//! and ids (checked by `tests/cluster_golden.rs` against supercluster run in
//! node). Single points keep nothing but their input index; their position is
//! the caller's.
//!
//! # Ids
//!
//! A cluster formed at zoom z from the item at position i of zoom z + 1 gets
//! the id `n + 32 i + (z + 1)`, n being the length of the input slice:
//! supercluster's scheme, so ids never collide with point indexes and
//! decode to their origin ([`ClusterId::origin_zoom`],
//! [`ClusterId::origin_position`]). Ids stay below 2³² for inputs of up to
//! [`MAX_POINTS`] points (wasm32 could not hold more).
//!
//! # Where we differ from supercluster
//!
//! - The hierarchy is stored downwards (child lists) instead of upwards
//!   (a parent id per item, then a radius search for the children).
//! - Points with a non-finite coordinate are left out (and counted by
//!   [`ClusterIndex::skipped`]); supercluster would project NaN.
//! - With `min_points > 2` a would-be cluster that stays unclustered emits its
//!   neighbours in our k-d tree's order, not kdbush's, so the item order (and
//!   with it later greedy choices) may differ from supercluster's; with the
//!   default `min_points = 2` that branch can never take a neighbour.

use super::coord::{LngLat, LngLatBounds};

/// The latitude where Web Mercator's square world ends, atan(sinh π), in
/// degrees.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// The most points an index takes (later points are left out and counted as
/// skipped), so that every cluster id `n + 32 i + 32` fits in a `u32`.
pub const MAX_POINTS: usize = (u32::MAX as usize - 64) / 33;

/// Fixed-point scale of the unit square: v = (c − 0.5) · 2³⁰.
const SCALE: f64 = 1_073_741_824.0;
/// 1 / [`SCALE`], exact.
const INV_SCALE: f64 = 1.0 / SCALE;

/// Leaves of the per-zoom k-d trees hold at most this many items. Smaller
/// than kdbush's 64: the clustering does one tiny radius query per item, and
/// scanning 64 points for each costs more than a few more levels of descent.
const NODE_SIZE: usize = 16;

/// Size of the explicit traversal stack: a depth-first walk holds at most one
/// entry per level plus one, and a tree of 2³² items in nodes of
/// [`NODE_SIZE`] has 28 levels. Kept small: it is zeroed on every query.
const STACK: usize = 40;

/// Bits of a cluster id that hold its origin zoom.
const ZOOM_BITS: u32 = 5;

/// How the hierarchy is built. The defaults are supercluster's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClusterOptions {
    /// Cluster radius in pixels of a tile `extent` pixels wide (supercluster's
    /// `radius`). Default 40.
    pub radius_px: f64,
    /// Tile width in pixels that `radius_px` refers to. Default 512: on a map
    /// of 256-pixel tiles a radius of 40 then covers 20 screen pixels.
    pub extent: f64,
    /// Lowest zoom that gets its own clustering. Default 0.
    pub min_zoom: u8,
    /// Highest zoom that is clustered; zoom `max_zoom + 1` shows the raw
    /// points. Default 16; at most 30.
    pub max_zoom: u8,
    /// Fewest points a cluster may hold. Default 2.
    pub min_points: u32,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        Self {
            radius_px: 40.0,
            extent: 512.0,
            min_zoom: 0,
            max_zoom: 16,
            min_points: 2,
        }
    }
}

/// A position in the unit world square of Web Mercator: x east from the
/// antimeridian, y south from the top edge at [`MAX_LATITUDE`], both in
/// `[0, 1]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitPoint {
    /// Fraction of the world east of 180° W.
    pub x: f64,
    /// Fraction of the world south of 85.0511° N.
    pub y: f64,
}

impl UnitPoint {
    /// Projects a position (latitude clamped to ±[`MAX_LATITUDE`]).
    ///
    /// y = ½ − ln((1 + sin φ) / (1 − sin φ)) / (4π), the formula
    /// supercluster uses, so that both round alike.
    ///
    /// ```
    /// use qikai_map::core::{cluster::UnitPoint, coord::LngLat};
    /// let p = UnitPoint::from_lnglat(LngLat::lon_lat(0.0, 0.0));
    /// assert_eq!((p.x, p.y), (0.5, 0.5));
    /// ```
    pub fn from_lnglat(p: LngLat) -> Self {
        let sin = p.lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians().sin();
        let y = 0.5 - 0.25 * ((1.0 + sin) / (1.0 - sin)).ln() / std::f64::consts::PI;
        Self {
            x: p.lng / 360.0 + 0.5,
            y: y.clamp(0.0, 1.0),
        }
    }

    /// Inverse of [`from_lnglat`](Self::from_lnglat).
    pub fn to_lnglat(self) -> LngLat {
        let y2 = (180.0 - self.y * 360.0).to_radians();
        LngLat::lon_lat(
            (self.x - 0.5) * 360.0,
            360.0 * y2.exp().atan() / std::f64::consts::PI - 90.0,
        )
    }

    /// The fixed-point form (truncated toward zero, like an `Int32Array`
    /// store in JavaScript).
    fn fixed(self) -> [i32; 2] {
        [
            ((self.x - 0.5) * SCALE) as i32,
            ((self.y - 0.5) * SCALE) as i32,
        ]
    }

    fn from_fixed(v: [i32; 2]) -> Self {
        Self {
            x: f64::from(v[0]) * INV_SCALE + 0.5,
            y: f64::from(v[1]) * INV_SCALE + 0.5,
        }
    }
}

/// The id of a cluster: `n + 32 · origin_position + origin_zoom` (see the
/// module docs), n being the length of the input slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClusterId(pub u32);

impl ClusterId {
    /// The zoom whose items the cluster was built from (its own zoom + 1),
    /// or `None` when `self` cannot be a cluster id of an index over
    /// `n_input` points.
    pub fn origin_zoom(self, n_input: usize) -> Option<u8> {
        let raw = self.raw(n_input)?;
        Some((raw & ((1 << ZOOM_BITS) - 1)) as u8).filter(|&z| z > 0)
    }

    /// The position, among the items of [`origin_zoom`](Self::origin_zoom),
    /// of the item the cluster grew from.
    pub fn origin_position(self, n_input: usize) -> Option<usize> {
        self.origin_zoom(n_input)?;
        Some((self.raw(n_input)? >> ZOOM_BITS) as usize)
    }

    fn raw(self, n_input: usize) -> Option<u32> {
        self.0.checked_sub(u32::try_from(n_input).ok()?)
    }
}

/// A cluster as a query returns it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cluster {
    /// Its id, for [`ClusterIndex::children`], [`ClusterIndex::leaves`] and
    /// [`ClusterIndex::expansion_zoom`].
    pub id: ClusterId,
    /// The count-weighted centre of its points (in the unit square, then
    /// converted), degrees.
    pub center: LngLat,
    /// The same centre in the unit square, exactly as stored.
    pub center_unit: UnitPoint,
    /// How many input points it holds (at least `min_points`).
    pub count: usize,
    /// Sum of its points' weights (0 when the index was built without).
    pub weight_sum: f64,
}

/// One item of a zoom: a single input point or a cluster of them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ClusterItem {
    /// An input point on its own, by its index in the input slice.
    Point {
        /// Index in the slice given to [`ClusterIndex::new`].
        index: usize,
    },
    /// Two or more points (at least `min_points`).
    Cluster(Cluster),
}

impl ClusterItem {
    /// How many input points the item stands for.
    pub fn count(&self) -> usize {
        match self {
            Self::Point { .. } => 1,
            Self::Cluster(c) => c.count,
        }
    }
}

/// A k-d tree node entry: fixed-point position and the item's position in
/// its zoom's arrays.
#[derive(Clone, Copy, Debug)]
struct KdEntry {
    x: i32,
    y: i32,
    item: u32,
}

/// The items of one zoom, in the greedy order they were produced in, with
/// their k-d tree. Array `i` of every field describes item `i`.
#[derive(Clone, Debug, Default)]
struct Level {
    /// The zoom this level was built at (`max_zoom + 1` for the raw points).
    zoom: u8,
    /// Fixed-point unit coordinates.
    xy: Vec<[i32; 2]>,
    /// Points held (1 for a single point).
    count: Vec<u32>,
    /// Input index of a single point, or the raw [`ClusterId`] of a cluster.
    key: Vec<u32>,
    /// Weight sums; empty when the index has no weights.
    weight: Vec<f64>,
    /// Item `i`'s children are `child[child_start[i]..child_start[i + 1]]`,
    /// positions in the level of zoom `zoom + 1`; both empty for the raw
    /// points.
    child_start: Vec<u32>,
    /// See `child_start`.
    child: Vec<u32>,
    /// Positions of the clusters formed at this zoom, ascending, which is also
    /// ascending id order (ids grow with the origin position, and the greedy
    /// pass emits in origin order).
    formed: Vec<u32>,
    /// The k-d tree: entries permuted so that each node's median (x on even
    /// depths, y on odd) sits at its middle slot, as in kdbush.
    kd: Vec<KdEntry>,
}

impl Level {
    fn len(&self) -> usize {
        self.xy.len()
    }

    fn push(&mut self, xy: [i32; 2], count: u32, key: u32, weight: Option<f64>) {
        self.xy.push(xy);
        self.count.push(count);
        self.key.push(key);
        if let Some(w) = weight {
            self.weight.push(w);
        }
    }

    fn children(&self, item: usize) -> &[u32] {
        match (self.child_start.get(item), self.child_start.get(item + 1)) {
            (Some(&a), Some(&b)) => self.child.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn build_kd(&mut self) {
        self.kd = self
            .xy
            .iter()
            .zip(0u32..)
            .map(|(&[x, y], item)| KdEntry { x, y, item })
            .collect();
        let len = self.kd.len();
        sort_kd(&mut self.kd, 0, len, false);
    }

    /// Calls `f(item)` for every item within `r` (fixed-point units) of
    /// `(qx, qy)`, edge included, in tree order.
    ///
    /// The squared distance is computed in f64 from integer differences, as
    /// kdbush does in JavaScript: exact wherever it is near r².
    #[inline]
    fn within(&self, qx: f64, qy: f64, r: f64, mut f: impl FnMut(u32)) {
        let r2 = r * r;
        let mut stack = [(0u32, 0u32, false); STACK];
        stack[0] = (0, self.kd.len() as u32, false);
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let (left, right, by_y) = stack[top];
            let (left, right) = (left as usize, right as usize);
            if right - left <= NODE_SIZE {
                for e in &self.kd[left..right] {
                    let dx = f64::from(e.x) - qx;
                    let dy = f64::from(e.y) - qy;
                    if dx * dx + dy * dy <= r2 {
                        f(e.item);
                    }
                }
                continue;
            }
            let m = (left + right) / 2;
            let e = self.kd[m];
            let dx = f64::from(e.x) - qx;
            let dy = f64::from(e.y) - qy;
            if dx * dx + dy * dy <= r2 {
                f(e.item);
            }
            let (q, v) = if by_y {
                (qy, f64::from(e.y))
            } else {
                (qx, f64::from(e.x))
            };
            if q - r <= v && top < STACK {
                stack[top] = (left as u32, m as u32, !by_y);
                top += 1;
            }
            if q + r >= v && top < STACK {
                stack[top] = (m as u32 + 1, right as u32, !by_y);
                top += 1;
            }
        }
    }

    /// Calls `f(item)` for every item in the fixed-point box (edges
    /// included), in tree order.
    fn range(&self, min: [f64; 2], max: [f64; 2], mut f: impl FnMut(u32)) {
        let inside = |e: &KdEntry| {
            let (x, y) = (f64::from(e.x), f64::from(e.y));
            x >= min[0] && x <= max[0] && y >= min[1] && y <= max[1]
        };
        let mut stack = [(0u32, 0u32, false); STACK];
        stack[0] = (0, self.kd.len() as u32, false);
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let (left, right, by_y) = stack[top];
            let (left, right) = (left as usize, right as usize);
            if right - left <= NODE_SIZE {
                for e in &self.kd[left..right] {
                    if inside(e) {
                        f(e.item);
                    }
                }
                continue;
            }
            let m = (left + right) / 2;
            let e = self.kd[m];
            if inside(&e) {
                f(e.item);
            }
            let (lo, hi, v) = if by_y {
                (min[1], max[1], f64::from(e.y))
            } else {
                (min[0], max[0], f64::from(e.x))
            };
            if lo <= v && top < STACK {
                stack[top] = (left as u32, m as u32, !by_y);
                top += 1;
            }
            if hi >= v && top < STACK {
                stack[top] = (m as u32 + 1, right as u32, !by_y);
                top += 1;
            }
        }
    }
}

/// Orders `kd[left..right]` into a k-d tree: the median on the current axis
/// at the middle slot, smaller before, larger after, recursively, down to
/// nodes of [`NODE_SIZE`]. O(m log m): a linear-time selection per node.
fn sort_kd(kd: &mut [KdEntry], left: usize, right: usize, by_y: bool) {
    if right - left <= NODE_SIZE {
        return;
    }
    let m = (left + right) / 2;
    let node = &mut kd[left..right];
    if by_y {
        node.select_nth_unstable_by_key(m - left, |e| e.y);
    } else {
        node.select_nth_unstable_by_key(m - left, |e| e.x);
    }
    sort_kd(kd, left, m, !by_y);
    sort_kd(kd, m + 1, right, !by_y);
}

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
    options: ClusterOptions,
    /// Length of the input slice (the id offset).
    n_input: usize,
    /// Points left out (non-finite coordinate, or beyond [`MAX_POINTS`]).
    skipped: usize,
    /// `level_of[z - min_zoom]` = index in `levels` of zoom z's items. A zoom
    /// where nothing merged shares the level of the zoom above.
    level_of: Vec<usize>,
    levels: Vec<Level>,
    has_weights: bool,
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

    fn level_at(&self, zoom: u8) -> Option<&Level> {
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
    fn item(&self, level: &Level, pos: usize) -> ClusterItem {
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

/// An index built one zoom at a time, so a caller on the browser's main
/// thread can yield between zooms (a million points take about a second in
/// all). [`ClusterIndex::new`] is this, run to the end.
///
/// ```
/// use qikai_map::core::cluster::{ClusterBuilder, ClusterIndex, ClusterOptions};
/// use qikai_map::core::coord::LngLat;
/// let points: Vec<LngLat> = (0..100).map(|i| LngLat::lon_lat(125.0 + i as f64 * 1e-3, 43.8)).collect();
/// let mut builder = ClusterBuilder::new(&points, None, ClusterOptions::default());
/// let mut steps = 0;
/// while !builder.step() { steps += 1; }
/// assert!(steps <= 1 + 3 * 17); // the raw points' tree, then two or three passes a zoom
/// assert_eq!(builder.finish().len(), 100);
/// ```
pub struct ClusterBuilder {
    index: ClusterIndex,
    next: Phase,
    scratch: Scratch,
}

/// What [`ClusterBuilder::step`] does next: each is a pass over one zoom's
/// items, so no step holds the page for long.
enum Phase {
    /// Build the tree of the raw points.
    TopTree,
    /// Start clustering this zoom from the items above.
    Cluster(u8),
    /// Go on clustering a zoom.
    Clustering(ZoomPass),
    /// Build the tree of the level just clustered at this zoom.
    Tree(u8, Level),
    /// Every zoom is done.
    Done,
}

impl ClusterBuilder {
    /// Projects the points; the tree of the raw points (the zoom above
    /// `max_zoom`) and the clustered zooms follow, a pass per
    /// [`step`](Self::step). Options are sanitised as [`ClusterIndex::new`] says.
    pub fn new(points: &[LngLat], weights: Option<&[f64]>, options: ClusterOptions) -> Self {
        let mut options = options;
        options.max_zoom = options.max_zoom.min(30);
        options.min_zoom = options.min_zoom.min(options.max_zoom);
        let top_zoom = options.max_zoom + 1;
        // Ids are offset by the input length; beyond MAX_POINTS (never reached
        // in wasm32) points are left out, so the offset stops there too.
        let n_input = points.len().min(MAX_POINTS);

        let mut top = Level {
            zoom: top_zoom,
            ..Level::default()
        };
        for (i, p) in points.iter().enumerate().take(MAX_POINTS) {
            if !(p.lng.is_finite() && p.lat.is_finite()) {
                continue;
            }
            let w = weights.map(|ws| ws.get(i).copied().filter(|w| w.is_finite()).unwrap_or(0.0));
            top.push(UnitPoint::from_lnglat(*p).fixed(), 1, i as u32, w);
        }
        let skipped = points.len() - top.len();

        let zooms = usize::from(top_zoom - options.min_zoom) + 1;
        let mut level_of = vec![0; zooms];
        level_of[zooms - 1] = 0;
        Self {
            index: ClusterIndex {
                options,
                n_input,
                skipped,
                level_of,
                levels: vec![top],
                has_weights: weights.is_some(),
            },
            next: Phase::TopTree,
            scratch: Scratch::default(),
        }
    }

    /// Does the next pass; true once every zoom is done (then further calls
    /// do nothing).
    pub fn step(&mut self) -> bool {
        let index = &mut self.index;
        let options = index.options;
        let after = |z: u8| {
            if z > options.min_zoom {
                Phase::Cluster(z - 1)
            } else {
                Phase::Done
            }
        };
        self.next = match std::mem::replace(&mut self.next, Phase::Done) {
            Phase::Done => return true,
            Phase::TopTree => {
                index.levels[0].build_kd();
                Phase::Cluster(options.max_zoom)
            }
            Phase::Cluster(z) => {
                let above = &index.levels[index.levels.len() - 1];
                Phase::Clustering(ZoomPass::new(
                    above,
                    z,
                    &options,
                    index.n_input,
                    &mut self.scratch,
                ))
            }
            Phase::Clustering(mut pass) => {
                let above = index.levels.len() - 1;
                if !pass.run(
                    &index.levels[above],
                    &options,
                    &mut self.scratch,
                    ITEMS_PER_STEP,
                ) {
                    Phase::Clustering(pass)
                } else {
                    let z = pass.z;
                    match pass.finish() {
                        Some(level) => Phase::Tree(z, level),
                        None => {
                            index.level_of[usize::from(z - options.min_zoom)] = above;
                            after(z)
                        }
                    }
                }
            }
            Phase::Tree(z, mut level) => {
                level.build_kd();
                index.levels.push(level);
                index.level_of[usize::from(z - options.min_zoom)] = index.levels.len() - 1;
                after(z)
            }
        };
        matches!(self.next, Phase::Done)
    }

    /// The index (the passes not yet done are done first).
    pub fn finish(mut self) -> ClusterIndex {
        while !self.step() {}
        self.index
    }
}

/// Buffers reused across zooms.
#[derive(Default)]
struct Scratch {
    taken: Vec<bool>,
    near: Vec<u32>,
}

/// Items of the zoom above handled per [`ClusterBuilder::step`] while a
/// zoom is being clustered: a few tens of milliseconds in wasm.
const ITEMS_PER_STEP: usize = 32_768;

/// Clustering one zoom from the items of the zoom above, resumable: the
/// greedy pass over `above`'s items in stored order, `ITEMS_PER_STEP` at a
/// time (the `taken` flags live in the builder's scratch between steps).
struct ZoomPass {
    z: u8,
    /// Radius in fixed-point units.
    r: f64,
    /// The next item of `above` to look at.
    next_item: usize,
    level: Level,
    id_base: u32,
}

impl ZoomPass {
    fn new(
        above: &Level,
        z: u8,
        options: &ClusterOptions,
        n_input: usize,
        scratch: &mut Scratch,
    ) -> Self {
        let m = above.len();
        let radius = options.radius_px / (options.extent * f64::from(z).exp2()) * SCALE;
        let r = if radius.is_finite() && radius > 0.0 {
            radius
        } else {
            0.0
        };
        let weighted = !above.weight.is_empty();
        scratch.taken.clear();
        scratch.taken.resize(m, false);
        Self {
            z,
            r,
            next_item: 0,
            level: Level {
                zoom: z,
                xy: Vec::with_capacity(m),
                count: Vec::with_capacity(m),
                key: Vec::with_capacity(m),
                weight: Vec::with_capacity(if weighted { m } else { 0 }),
                child_start: Vec::with_capacity(m + 1),
                child: Vec::with_capacity(m),
                formed: Vec::new(),
                kd: Vec::new(),
            },
            id_base: n_input as u32 + u32::from(z) + 1,
        }
    }

    /// Handles up to `budget` more items; true when every item is handled.
    fn run(
        &mut self,
        above: &Level,
        options: &ClusterOptions,
        scratch: &mut Scratch,
        budget: usize,
    ) -> bool {
        let m = above.len();
        let weighted = !above.weight.is_empty();
        let weight_of = |i: usize| weighted.then(|| above.weight[i]);
        let Scratch { taken, near } = scratch;
        let level = &mut self.level;
        let stop = m.min(self.next_item.saturating_add(budget));
        for i in self.next_item..stop {
            if taken[i] {
                continue;
            }
            taken[i] = true;
            let [x, y] = above.xy[i];
            near.clear();
            above.within(f64::from(x), f64::from(y), self.r, |k| {
                if !taken[k as usize] {
                    near.push(k);
                }
            });
            let own = above.count[i];
            let total: u64 = u64::from(own)
                + near
                    .iter()
                    .map(|&k| u64::from(above.count[k as usize]))
                    .sum::<u64>();
            level.child_start.push(level.child.len() as u32);
            if !near.is_empty() && total >= u64::from(options.min_points) {
                // Sums of integers below 2⁵³ are exact in f64, so the order of
                // the neighbours does not matter and the centre is bit-identical
                // to supercluster's.
                let mut wx = f64::from(x) * f64::from(own);
                let mut wy = f64::from(y) * f64::from(own);
                let mut w = weight_of(i);
                level.child.push(i as u32);
                for &k in near.iter() {
                    let k = k as usize;
                    taken[k] = true;
                    let c = f64::from(above.count[k]);
                    wx += f64::from(above.xy[k][0]) * c;
                    wy += f64::from(above.xy[k][1]) * c;
                    if let Some(w) = w.as_mut() {
                        *w += above.weight[k];
                    }
                    level.child.push(k as u32);
                }
                let n = total as f64;
                let id = self.id_base + ((i as u32) << ZOOM_BITS);
                level.formed.push(level.len() as u32);
                level.push([(wx / n) as i32, (wy / n) as i32], total as u32, id, w);
            } else {
                level.child.push(i as u32);
                level.push(above.xy[i], own, above.key[i], weight_of(i));
                for &k in near.iter() {
                    let k = k as usize;
                    taken[k] = true;
                    level.child_start.push(level.child.len() as u32);
                    level.child.push(k as u32);
                    level.push(above.xy[k], above.count[k], above.key[k], weight_of(k));
                }
            }
        }
        self.next_item = stop;
        stop == m
    }

    /// The finished level, or `None` when nothing merged (the zoom then
    /// shares the level above, as supercluster shares the tree).
    fn finish(mut self) -> Option<Level> {
        let level = &mut self.level;
        level.child_start.push(level.child.len() as u32);
        if level.formed.is_empty() {
            return None;
        }
        level.xy.shrink_to_fit();
        level.count.shrink_to_fit();
        level.key.shrink_to_fit();
        level.weight.shrink_to_fit();
        level.child_start.shrink_to_fit();
        Some(self.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> LngLatBounds {
        LngLatBounds {
            min: LngLat::lon_lat(-180.0, -90.0),
            max: LngLat::lon_lat(180.0, 90.0),
        }
    }

    /// A small deterministic generator (SplitMix64) so the tests need no crate.
    fn splitmix(seed: &mut u64) -> f64 {
        *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Points around Changchun (lon 125.0–125.5, lat 43.7–44.0), a third of
    /// them in tight clumps, plus a few exact duplicates.
    /// A zoom clustered in small slices equals the zoom clustered at once:
    /// the greedy order and the taken flags carry over between steps.
    #[test]
    fn a_zoom_clustered_in_slices_equals_one_pass() {
        let points = changchun(3_000, 5);
        let options = ClusterOptions::default();
        let mut builder = ClusterBuilder::new(&points, None, options);
        builder.step(); // the raw points' tree
        let above = builder.index.levels[0].clone();
        for z in [16u8, 12, 8] {
            let mut scratch = Scratch::default();
            let mut whole = ZoomPass::new(&above, z, &options, points.len(), &mut scratch);
            assert!(whole.run(&above, &options, &mut scratch, usize::MAX));
            let whole = whole.finish().expect("merges");
            let mut scratch = Scratch::default();
            let mut sliced = ZoomPass::new(&above, z, &options, points.len(), &mut scratch);
            let mut steps = 1;
            while !sliced.run(&above, &options, &mut scratch, 7) {
                steps += 1;
            }
            assert!(steps > 100);
            let sliced = sliced.finish().expect("merges");
            assert_eq!(
                (
                    &sliced.xy,
                    &sliced.count,
                    &sliced.key,
                    &sliced.child,
                    &sliced.child_start,
                    &sliced.formed
                ),
                (
                    &whole.xy,
                    &whole.count,
                    &whole.key,
                    &whole.child,
                    &whole.child_start,
                    &whole.formed
                ),
                "zoom {z}"
            );
        }
    }

    fn changchun(n: usize, seed: u64) -> Vec<LngLat> {
        let mut s = seed;
        let mut pts: Vec<LngLat> = (0..n)
            .map(|i| {
                if i % 3 == 0 {
                    let c = (i / 3) % 5;
                    LngLat::lon_lat(
                        125.1 + 0.07 * c as f64 + 0.003 * splitmix(&mut s),
                        43.75 + 0.04 * c as f64 + 0.002 * splitmix(&mut s),
                    )
                } else {
                    LngLat::lon_lat(
                        125.0 + 0.5 * splitmix(&mut s),
                        43.7 + 0.3 * splitmix(&mut s),
                    )
                }
            })
            .collect();
        for i in (0..n).step_by(17) {
            pts.push(pts[i]);
        }
        pts
    }

    fn all_zooms(index: &ClusterIndex) -> std::ops::RangeInclusive<u8> {
        let o = index.options();
        o.min_zoom..=o.max_zoom + 1
    }

    fn leaves_of(index: &ClusterIndex, item: &ClusterItem) -> Vec<usize> {
        match item {
            ClusterItem::Point { index: i } => vec![*i],
            ClusterItem::Cluster(c) => index.leaves(c.id, usize::MAX, 0),
        }
    }

    #[test]
    fn every_zoom_conserves_the_total_point_count() {
        let pts = changchun(600, 1);
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        for z in all_zooms(&index) {
            let total: usize = index
                .clusters(world(), f64::from(z))
                .iter()
                .map(ClusterItem::count)
                .sum();
            assert_eq!(total, pts.len(), "zoom {z}");
        }
    }

    #[test]
    fn every_point_belongs_to_exactly_one_item_per_zoom() {
        let pts = changchun(600, 2);
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        for z in all_zooms(&index) {
            let mut seen = vec![0u32; pts.len()];
            for item in index.clusters(world(), f64::from(z)) {
                let leaves = leaves_of(&index, &item);
                assert_eq!(
                    leaves.len(),
                    item.count(),
                    "zoom {z}: leaves match the count"
                );
                for l in leaves {
                    seen[l] += 1;
                }
            }
            assert!(seen.iter().all(|&s| s == 1), "zoom {z}");
        }
    }

    #[test]
    fn children_of_a_cluster_are_the_items_one_zoom_in_it_was_built_from() {
        let pts = changchun(400, 3);
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        let mut checked = 0;
        for z in 8..=16u8 {
            let below: Vec<ClusterItem> = index.clusters(world(), f64::from(z) + 1.0);
            for item in index.clusters(world(), f64::from(z)) {
                let ClusterItem::Cluster(c) = item else {
                    continue;
                };
                let children = index.children(c.id);
                assert!(children.len() >= 2);
                assert_eq!(
                    children.iter().map(ClusterItem::count).sum::<usize>(),
                    c.count
                );
                // Every child is an item of the zoom it was built from, and
                // together they hold exactly the cluster's leaves.
                let formed_at = c.id.origin_zoom(pts.len()).expect("a cluster id") - 1;
                let from: Vec<ClusterItem> = index.clusters(world(), f64::from(formed_at) + 1.0);
                assert!(children.iter().all(|ch| from.contains(ch)));
                let mut mine = index.leaves(c.id, usize::MAX, 0);
                let mut theirs: Vec<usize> = children
                    .iter()
                    .flat_map(|ch| leaves_of(&index, ch))
                    .collect();
                mine.sort_unstable();
                theirs.sort_unstable();
                assert_eq!(mine, theirs);
                if formed_at == z {
                    assert!(children.iter().all(|ch| below.contains(ch)));
                }
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} clusters checked");
    }

    #[test]
    fn expansion_zoom_is_the_first_zoom_at_which_the_cluster_splits() {
        let pts = changchun(400, 4);
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        let mut checked = 0;
        for z in 0..=16u8 {
            for item in index.clusters(world(), f64::from(z)) {
                let ClusterItem::Cluster(c) = item else {
                    continue;
                };
                let ez = index.expansion_zoom(c.id).expect("a known id");
                assert!(ez > z);
                // Still one item up to ez − 1, no longer from ez on.
                for zz in z..ez {
                    assert!(
                        index.clusters(world(), f64::from(zz)).contains(&item),
                        "zoom {zz}"
                    );
                }
                assert!(!index.clusters(world(), f64::from(ez)).contains(&item));
                checked += 1;
            }
        }
        assert!(checked > 20);
    }

    #[test]
    fn a_single_point_never_forms_a_cluster() {
        let index = ClusterIndex::new(
            &[LngLat::lon_lat(125.3, 43.9)],
            None,
            ClusterOptions::default(),
        );
        for z in all_zooms(&index) {
            assert_eq!(
                index.clusters(world(), f64::from(z)),
                vec![ClusterItem::Point { index: 0 }]
            );
        }
    }

    #[test]
    fn min_points_is_respected() {
        let pts = changchun(300, 5);
        for min_points in [2, 3, 5, 10] {
            let options = ClusterOptions {
                min_points,
                ..ClusterOptions::default()
            };
            let index = ClusterIndex::new(&pts, None, options);
            for z in all_zooms(&index) {
                let items = index.clusters(world(), f64::from(z));
                assert_eq!(
                    items.iter().map(ClusterItem::count).sum::<usize>(),
                    pts.len()
                );
                for item in items {
                    if let ClusterItem::Cluster(c) = item {
                        assert!(
                            c.count >= min_points as usize,
                            "{} < {min_points} at zoom {z}",
                            c.count
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn an_empty_input_gives_an_empty_index() {
        let index = ClusterIndex::new(&[], None, ClusterOptions::default());
        assert!(index.is_empty());
        for z in all_zooms(&index) {
            assert!(index.clusters(world(), f64::from(z)).is_empty());
        }
        assert!(index.children(ClusterId(33)).is_empty());
        assert!(index.leaves(ClusterId(33), 10, 0).is_empty());
        assert_eq!(index.expansion_zoom(ClusterId(33)), None);
    }

    #[test]
    fn duplicate_points_cluster_at_every_zoom_and_expand_past_the_top() {
        let p = LngLat::lon_lat(125.3, 43.9);
        let index = ClusterIndex::new(
            &[p, p, p],
            Some(&[1.0, 2.0, 4.0]),
            ClusterOptions::default(),
        );
        for z in 0..=16 {
            let items = index.clusters(world(), f64::from(z));
            assert_eq!(items.len(), 1, "zoom {z}");
            let ClusterItem::Cluster(c) = items[0] else {
                panic!("zoom {z}: not a cluster")
            };
            assert_eq!(c.count, 3);
            assert_eq!(c.weight_sum, 7.0);
            assert!((c.center.lng - p.lng).abs() < 1e-6 && (c.center.lat - p.lat).abs() < 1e-6);
            assert_eq!(index.expansion_zoom(c.id), Some(17));
        }
        assert_eq!(index.clusters(world(), 17.0).len(), 3);
    }

    #[test]
    fn ids_round_trip_to_their_origin_zoom_and_position() {
        let pts = changchun(300, 6);
        let n = pts.len();
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        let mut seen = std::collections::HashSet::new();
        for z in 0..=16u8 {
            for item in index.clusters(world(), f64::from(z)) {
                let ClusterItem::Cluster(c) = item else {
                    continue;
                };
                let oz = c.id.origin_zoom(n).expect("zoom");
                let pos = c.id.origin_position(n).expect("position");
                assert!(oz > z && oz <= 17);
                assert_eq!(c.id.0 as usize, n + 32 * pos + usize::from(oz));
                // The origin item is the first child.
                let first = index.children(c.id)[0];
                let from = index.level_at(oz).expect("level");
                assert_eq!(index.item(from, pos), first);
                assert_eq!(index.cluster(c.id), Some(c));
                seen.insert(c.id);
            }
        }
        assert!(seen.len() > 20);
    }

    #[test]
    fn unknown_ids_give_nothing_and_never_panic() {
        let pts = changchun(100, 7);
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        for raw in [
            0,
            1,
            5,
            100,
            105,
            106,
            117,
            118,
            130,
            150,
            100_000,
            u32::MAX - 1,
            u32::MAX,
        ] {
            let id = ClusterId(raw);
            if index.cluster(id).is_some() {
                continue;
            }
            assert!(index.children(id).is_empty());
            assert!(index.leaves(id, 10, 0).is_empty());
            assert_eq!(index.expansion_zoom(id), None);
        }
    }

    #[test]
    fn leaves_page_through_a_cluster_without_gaps() {
        let pts = changchun(300, 8);
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        let items = index.clusters(world(), 9.0);
        let ClusterItem::Cluster(c) = items
            .iter()
            .max_by_key(|i| i.count())
            .copied()
            .expect("items")
        else {
            panic!("no cluster at zoom 9")
        };
        let all = index.leaves(c.id, usize::MAX, 0);
        let mut paged = Vec::new();
        for page in 0.. {
            let got = index.leaves(c.id, 7, 7 * page);
            if got.is_empty() {
                break;
            }
            paged.extend(got);
        }
        assert_eq!(paged, all);
        assert_eq!(all.len(), c.count);
    }

    #[test]
    fn weights_are_summed_per_cluster() {
        let pts = changchun(300, 9);
        let weights: Vec<f64> = (0..pts.len()).map(|i| i as f64 * 0.5).collect();
        let index = ClusterIndex::new(&pts, Some(&weights), ClusterOptions::default());
        for z in [5.0, 10.0, 13.0] {
            let total: f64 = index
                .clusters(world(), z)
                .iter()
                .map(|item| match item {
                    ClusterItem::Point { index } => weights[*index],
                    ClusterItem::Cluster(c) => {
                        let want: f64 = index_leaves_weight(&index, c.id, &weights);
                        assert!((c.weight_sum - want).abs() <= 1e-9 * want.max(1.0));
                        c.weight_sum
                    }
                })
                .sum();
            let want: f64 = weights.iter().sum();
            assert!((total - want).abs() <= 1e-9 * want);
        }
    }

    fn index_leaves_weight(index: &ClusterIndex, id: ClusterId, weights: &[f64]) -> f64 {
        index
            .leaves(id, usize::MAX, 0)
            .iter()
            .map(|&i| weights[i])
            .sum()
    }

    #[test]
    fn a_box_across_the_antimeridian_is_answered_as_its_two_halves() {
        let pts = [
            LngLat::lon_lat(179.5, 10.0),
            LngLat::lon_lat(-179.5, 10.0),
            LngLat::lon_lat(0.0, 10.0),
        ];
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        let across = LngLatBounds {
            min: LngLat::lon_lat(179.0, 0.0),
            max: LngLat::lon_lat(-179.0, 20.0),
        };
        let mut got: Vec<usize> = index
            .clusters(across, 17.0)
            .iter()
            .map(|i| match i {
                ClusterItem::Point { index } => *index,
                ClusterItem::Cluster(_) => usize::MAX,
            })
            .collect();
        got.sort_unstable();
        assert_eq!(got, vec![0, 1]);
        let wide = LngLatBounds {
            min: LngLat::lon_lat(-400.0, 0.0),
            max: LngLat::lon_lat(400.0, 20.0),
        };
        assert_eq!(index.clusters(wide, 17.0).len(), 3);
    }

    #[test]
    fn zoom_is_floored_and_clamped() {
        let pts = changchun(200, 10);
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        assert_eq!(index.query_zoom(10.99), 10);
        assert_eq!(index.query_zoom(-3.0), 0);
        assert_eq!(index.query_zoom(99.0), 17);
        assert_eq!(index.query_zoom(f64::NAN), 0);
        assert_eq!(index.clusters(world(), 10.7), index.clusters(world(), 10.0));
    }

    #[test]
    fn non_finite_points_are_left_out_and_counted() {
        let pts = [
            LngLat::lon_lat(125.3, 43.9),
            LngLat::lon_lat(f64::NAN, 43.9),
            LngLat::lon_lat(125.3, f64::INFINITY),
        ];
        let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
        assert_eq!((index.len(), index.skipped()), (1, 2));
        assert_eq!(
            index.clusters(world(), 3.0),
            vec![ClusterItem::Point { index: 0 }]
        );
    }

    #[test]
    fn unit_points_round_trip_within_a_nanodegree() {
        for (lng, lat) in [(125.25, 43.85), (-179.9, -85.0), (0.0, 0.0), (179.9, 60.0)] {
            let back = UnitPoint::from_lnglat(LngLat::lon_lat(lng, lat)).to_lnglat();
            assert!((back.lng - lng).abs() < 1e-9 && (back.lat - lat).abs() < 1e-9);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn point_sets() -> impl Strategy<Value = Vec<LngLat>> {
            (
                prop::collection::vec((125.0f64..125.5, 43.7f64..44.0), 0..500),
                prop::collection::vec(any::<prop::sample::Index>(), 0..30),
            )
                .prop_map(|(raw, dups)| {
                    let mut pts: Vec<LngLat> = raw
                        .into_iter()
                        .map(|(x, y)| LngLat::lon_lat(x, y))
                        .collect();
                    if !pts.is_empty() {
                        let extra: Vec<LngLat> =
                            dups.iter().map(|d| pts[d.index(pts.len())]).collect();
                        pts.extend(extra);
                    }
                    pts
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(48))]
            #[test]
            fn counts_are_conserved_and_every_point_is_in_exactly_one_item_at_every_zoom(pts in point_sets()) {
                let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
                for z in all_zooms(&index) {
                    let mut seen = vec![0u32; pts.len()];
                    let mut total = 0;
                    for item in index.clusters(world(), f64::from(z)) {
                        total += item.count();
                        for l in leaves_of(&index, &item) {
                            seen[l] += 1;
                        }
                    }
                    prop_assert_eq!(total, pts.len());
                    prop_assert!(seen.iter().all(|&s| s == 1));
                }
            }
        }
    }
}

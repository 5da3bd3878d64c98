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

mod build;
mod index;
mod kd;
#[cfg(test)]
mod tests;

pub use build::ClusterBuilder;
pub use index::ClusterIndex;

//! A static spatial index over points: a 2-D k-d tree in flat arrays, built
//! once and never changed, after `kdbush` (`mourner/kdbush`) for the layout
//! and box queries and `geokdbush` (`mourner/geokdbush`) for the
//! nearest-neighbour search on the globe.
//!
//! Two metrics, each exact for what it states:
//!
//! - **Ellipsoidal** ([`nearest_k`](PointIndex::nearest_k),
//!   [`within_radius_m`](PointIndex::within_radius_m),
//!   [`within_radius_ids_m`](PointIndex::within_radius_ids_m)): the WGS-84
//!   geodesic of [`distance_m`] (Karney 2013).
//! - **Spherical** ([`nearest_k_sphere`](PointIndex::nearest_k_sphere),
//!   [`within_radius_sphere_m`](PointIndex::within_radius_sphere_m)): the
//!   great-circle distance on the *geodetic-latitude sphere* of mean radius
//!   [`EARTH_MEAN_RADIUS_M`], i.e. geodetic latitude and longitude taken as
//!   spherical coordinates, the sphere the haversine formula with lat/lon
//!   uses (geokdbush's metric, up to its radius of 6 371 km).
//!
//! # Unit vectors
//!
//! Every point also keeps its unit vector on that sphere,
//! u = (cos φ cos λ, cos φ sin λ, sin φ) in f64, and every tree node the 3-D
//! axis-aligned box of its points' vectors. The chord between unit vectors,
//! c = |u − v| = 2 sin(θ/2), grows strictly with the great-circle angle θ on
//! [0, π], so ranking and thresholds use c² (three products, no
//! trigonometry), and a node's key is the squared Euclidean distance from the
//! query vector to the node's box: every vector of the node lies in the box,
//! so that is a lower bound of c² for all of them. Rounding: each component
//! is within a few 1e-16 of the true one, so c is within about 1e-15 of the
//! true chord (≈ 6 nm on the Earth); thresholds carry a relative margin of
//! 1e-9 plus 1e-14 absolute, and the spherical radius test is decided on the
//! returned distance itself.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::coord::{LngLat, LngLatBounds};
use super::measure::distance_m;

/// Leaves hold at most this many points; below it a linear scan beats
/// descending further (kdbush's default).
const NODE_SIZE: usize = 64;

/// WGS-84 semi-major axis (m), NIMA TR8350.2 (2000), table 3.1.
const WGS84_A_M: f64 = 6_378_137.0;
/// WGS-84 flattening.
const WGS84_F: f64 = 1.0 / 298.257_223_563;
/// First eccentricity squared, e² = f (2 − f).
pub(crate) const WGS84_E2: f64 = WGS84_F * (2.0 - WGS84_F);

/// Mean Earth radius R₁ = (2a + b) / 3 of WGS-84 (IUGG, Moritz 1980):
/// the radius of the spherical metric.
pub const EARTH_MEAN_RADIUS_M: f64 = 6_371_008.8;

/// The smallest radius of curvature anywhere on the WGS-84 ellipsoid: the
/// meridional radius at the equator, M(0) = a (1 − e²) ≈ 6 335 439 m.
///
/// # Both bounds: M(0)·θ ≤ s ≤ N(90°)·θ
///
/// Let θ be the great-circle angle between two points on the
/// geodetic-latitude sphere (lat/lon taken as spherical coordinates) and s the
/// length of the shortest ellipsoidal geodesic between them. Map each point
/// of the ellipsoid to the point of the unit sphere with the same geodetic
/// latitude and longitude (the Gauss map: a point to its surface normal). A
/// curve's length element is √(M² dφ² + N² cos²φ dλ²) on the ellipsoid and
/// √(dφ² + cos²φ dλ²) on the sphere, with M(φ) = a(1−e²)/(1−e² sin²φ)^{3/2}
/// and N(φ) = a/(1−e² sin²φ)^{1/2}; both lie in [M(0), N(90°)] =
/// [a(1−e²), a/√(1−e²)]. So the map stretches every length by a factor
/// between 1/N(90°) and 1/M(0):
///
/// - lower: the geodesic maps to a sphere curve of length ≤ s / M(0), which
///   is no shorter than the great circle θ: s ≥ M(0)·θ;
/// - upper: the great-circle arc maps back to an ellipsoid curve of length
///   ≤ N(90°)·θ between the two points, which the shortest geodesic cannot
///   exceed: s ≤ N(90°)·θ.
///
/// The ratio N(90°)/M(0) = (1 − e²)^{-3/2} ≈ 1.0101. The mean radius times
/// 0.995 would *not* be a safe lower factor (north–south near the equator
/// the ellipsoid is 0.56 % "smaller" than that sphere). Both constants are
/// nudged by 1e-9 in the safe direction for rounding.
const LOWER_BOUND_RADIUS_M: f64 = WGS84_A_M * (1.0 - WGS84_E2) * (1.0 - 1e-9);

/// The largest radius of curvature of WGS-84, the polar one,
/// N(90°) = a / √(1 − e²) = a / (1 − f) ≈ 6 399 594 m (as 1 − e² = (1 − f)²):
/// s ≤ N(90°)·θ (see [`LOWER_BOUND_RADIUS_M`]).
const UPPER_BOUND_RADIUS_M: f64 = WGS84_A_M / (1.0 - WGS84_F) * (1.0 + 1e-9);

/// A node of the tree: slots `[left, right)` and the 3-D box of their unit
/// vectors. Stored in heap order (children of node i at 2i + 1 and 2i + 2).
#[derive(Clone, Copy, Debug, Default)]
struct NodeBox {
    lo: [f64; 3],
    hi: [f64; 3],
    left: u32,
    right: u32,
}

/// A static k-d tree over positions, for box, radius and k-nearest queries.
///
/// Built once from a slice of positions; an id is the position's index in that
/// slice. Layout as in kdbush: `ids` and interleaved `coords` (lon, lat in
/// degrees) are permuted so that every node `[left, right)` of more than
/// 64 points (`NODE_SIZE`) has its median (on the node's axis, x for even
/// depths, y for odd) at `(left + right) / 2`, the smaller half before it and
/// the larger after. No pointers: the tree is implicit in the order; the
/// per-node 3-D boxes of the unit vectors (see the module docs) sit in a flat
/// array in heap order.
///
/// ```
/// use qikai_map::core::{coord::LngLat, index::PointIndex};
/// let stations = [LngLat::lon_lat(125.17, 43.83), LngLat::lon_lat(125.20, 43.84)];
/// let index = PointIndex::new(&stations);
/// let nearest = index.nearest_k(LngLat::lon_lat(125.19, 43.84), 1, None);
/// assert_eq!(nearest[0].0, 1);
/// let on_sphere = index.nearest_k_sphere(LngLat::lon_lat(125.19, 43.84), 1, None);
/// assert_eq!(on_sphere[0].0, 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct PointIndex {
    /// Input index of the point stored in each slot.
    ids: Vec<u32>,
    /// `coords[2 i]` = longitude, `coords[2 i + 1]` = latitude of slot `i`, degrees.
    coords: Vec<f64>,
    /// `xyz[3 i..3 i + 3]`: unit vector of slot `i` on the geodetic-latitude sphere.
    xyz: Vec<f64>,
    /// Node boxes in heap order; entries of absent nodes are never read.
    nodes: Vec<NodeBox>,
}

/// The unit vector of a position on the geodetic-latitude sphere.
fn unit_vector(lng: f64, lat: f64) -> [f64; 3] {
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lng, cos_lng) = lng.to_radians().sin_cos();
    [cos_lat * cos_lng, cos_lat * sin_lng, sin_lat]
}

/// Squared chord between two unit vectors.
#[inline]
fn chord2(a: &[f64; 3], b: &[f64]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    dx * dx + dy * dy + dz * dz
}

/// The great-circle angle (radians) whose squared chord is `c2`:
/// 2 asin(c / 2).
///
/// Below x = c / 2 = 0.01 (64 km) asin comes from its Maclaurin series to
/// the x⁹ term, cheaper than the libm call in wasm: the first omitted term,
/// 63/2816 x¹¹, is below 3e-24 relative to x, far under one rounding
/// (1.1e-16), so the result is as accurate as `asin` (within about an ulp).
#[inline]
fn angle_of_chord2(c2: f64) -> f64 {
    let x = c2.sqrt() / 2.0;
    if x < 0.01 {
        let x2 = x * x;
        let p = 1.0 / 6.0 + x2 * (3.0 / 40.0 + x2 * (5.0 / 112.0 + x2 * (35.0 / 1152.0)));
        return 2.0 * (x + x * x2 * p);
    }
    2.0 * x.min(1.0).asin()
}

/// A squared-chord threshold that every point at an angle ≤ `theta` passes,
/// rounding included (relative 1e-9, absolute 1e-14 on the chord); infinite
/// from a half turn on.
fn chord2_cap(theta: f64) -> f64 {
    if theta >= std::f64::consts::PI {
        return f64::INFINITY;
    }
    let c = 2.0 * (theta / 2.0).sin() * (1.0 + 1e-9) + 1e-14;
    c * c
}

/// A squared-chord threshold that only points at an angle ≤ `theta` pass,
/// rounding included; negative (nothing passes) when `theta` is too small to
/// be told apart from rounding.
fn chord2_floor(theta: f64) -> f64 {
    let c = 2.0 * (theta.min(std::f64::consts::PI) / 2.0).sin() * (1.0 - 1e-9) - 1e-14;
    if c <= 0.0 {
        -1.0
    } else {
        c * c
    }
}

/// Squared Euclidean distance from `q` to the box `n`: a lower bound of the
/// squared chord from `q` to every point of the node.
#[inline]
fn box_chord2(q: &[f64; 3], n: &NodeBox) -> f64 {
    let mut s = 0.0;
    for ((&qa, &lo), &hi) in q.iter().zip(&n.lo).zip(&n.hi) {
        let d = (lo - qa).max(qa - hi).max(0.0);
        s += d * d;
    }
    s
}

/// A candidate point: squared chord, id and slot; orders by (chord, id), so
/// a max-heap of them keeps the k best with ties broken by the lower id.
#[derive(Clone, Copy, Debug)]
struct Cand {
    c2: f64,
    id: u32,
    slot: u32,
}

impl PartialEq for Cand {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Cand {}
impl PartialOrd for Cand {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cand {
    fn cmp(&self, other: &Self) -> Ordering {
        self.c2.total_cmp(&other.c2).then(self.id.cmp(&other.id))
    }
}

/// A queued node; the heap pops the smallest `bound` first.
#[derive(Clone, Copy, Debug)]
struct NodeEntry {
    bound: f64,
    node: u32,
}

impl PartialEq for NodeEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for NodeEntry {}
impl PartialOrd for NodeEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for NodeEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap.
        other.bound.total_cmp(&self.bound)
    }
}

/// A point with its exact distance; orders by (distance, id), so a max-heap
/// keeps the k nearest.
#[derive(Clone, Copy, Debug)]
struct Measured {
    dist_m: f64,
    id: u32,
}

impl PartialEq for Measured {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Measured {}
impl PartialOrd for Measured {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Measured {
    fn cmp(&self, other: &Self) -> Ordering {
        self.dist_m
            .total_cmp(&other.dist_m)
            .then(self.id.cmp(&other.id))
    }
}

fn by_distance_then_id(a: &(usize, f64), b: &(usize, f64)) -> Ordering {
    a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))
}

impl PointIndex {
    /// Indexes `points`; the id of a point is its index in `points`.
    ///
    /// Points with a non-finite coordinate are left out (no query could ever
    /// return them meaningfully); validated catalog data has none.
    /// Runs in O(n log n); also computes each point's unit vector (four
    /// sines/cosines a point) and the nodes' 3-D boxes (O(n)).
    pub fn new(points: &[LngLat]) -> Self {
        // Ids are u32 to halve the array, as in kdbush; more than 4 billion
        // points cannot fit a wasm32 address space anyway.
        let mut items: Vec<(u32, [f64; 2])> = points
            .iter()
            .take(u32::MAX as usize)
            .enumerate()
            .filter(|(_, p)| p.lng.is_finite() && p.lat.is_finite())
            .filter_map(|(i, p)| u32::try_from(i).ok().map(|id| (id, [p.lng, p.lat])))
            .collect();
        let len = items.len();
        sort_kd(&mut items, 0, len, 0);
        let mut index = Self {
            ids: items.iter().map(|(id, _)| *id).collect(),
            coords: items.iter().flat_map(|(_, c)| *c).collect(),
            xyz: items
                .iter()
                .flat_map(|(_, c)| unit_vector(c[0], c[1]))
                .collect(),
            nodes: Vec::new(),
        };
        if len > 0 {
            index.build_node(0, 0, len);
        }
        index
    }

    /// Fills the box of node `i` = slots `[left, right)` and its subtree.
    fn build_node(&mut self, i: usize, left: usize, right: usize) -> NodeBox {
        let mut b = NodeBox {
            lo: [f64::INFINITY; 3],
            hi: [f64::NEG_INFINITY; 3],
            left: left as u32,
            right: right as u32,
        };
        let add = |b: &mut NodeBox, v: &[f64]| {
            for ((lo, hi), &x) in b.lo.iter_mut().zip(b.hi.iter_mut()).zip(v) {
                *lo = lo.min(x);
                *hi = hi.max(x);
            }
        };
        if right - left <= NODE_SIZE {
            for s in left..right {
                add(&mut b, &self.xyz[3 * s..3 * s + 3]);
            }
        } else {
            let m = mid(left, right);
            let l = self.build_node(2 * i + 1, left, m);
            let r = self.build_node(2 * i + 2, m + 1, right);
            for a in 0..3 {
                b.lo[a] = l.lo[a].min(r.lo[a]);
                b.hi[a] = l.hi[a].max(r.hi[a]);
            }
            add(&mut b, &self.xyz[3 * m..3 * m + 3]);
        }
        if self.nodes.len() <= i {
            self.nodes.resize(i + 1, NodeBox::default());
        }
        self.nodes[i] = b;
        b
    }

    /// Number of indexed points.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn x(&self, slot: usize) -> f64 {
        self.coords[2 * slot]
    }

    fn y(&self, slot: usize) -> f64 {
        self.coords[2 * slot + 1]
    }

    fn at(&self, slot: usize) -> LngLat {
        LngLat::lon_lat(self.x(slot), self.y(slot))
    }

    fn v(&self, slot: usize) -> &[f64] {
        &self.xyz[3 * slot..3 * slot + 3]
    }

    /// Ids of the points inside `bounds` (edges included), in ascending order.
    ///
    /// # Units
    /// `bounds` in degrees. The box must not cross the antimeridian
    /// (`min.lng <= max.lng`), as everywhere in [`LngLatBounds`].
    pub fn range(&self, bounds: LngLatBounds) -> Vec<usize> {
        self.range_points(bounds)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// Like [`range`](Self::range), with each point's stored position, so a
    /// caller can refine the box (a polygon test) without the input slice.
    pub fn range_points(&self, bounds: LngLatBounds) -> Vec<(usize, LngLat)> {
        let mut out = Vec::new();
        self.for_each_in_box(bounds, |id, p| out.push((id, p)));
        out.sort_unstable_by_key(|(id, _)| *id);
        out
    }

    /// Calls `f(id, position)` for every point inside `b` (edges included),
    /// in tree order (no order promised, nothing allocated per point).
    pub fn for_each_in_box(&self, b: LngLatBounds, mut f: impl FnMut(usize, LngLat)) {
        if self.is_empty() {
            return;
        }
        let mut stack = vec![(0, self.len(), 0)];
        while let Some((left, right, axis)) = stack.pop() {
            if right - left <= NODE_SIZE {
                for i in left..right {
                    let p = self.at(i);
                    if b.contains(p) {
                        f(self.ids[i] as usize, p);
                    }
                }
                continue;
            }
            let m = mid(left, right);
            let p = self.at(m);
            if b.contains(p) {
                f(self.ids[m] as usize, p);
            }
            let (lo, hi, v) = if axis == 0 {
                (b.min.lng, b.max.lng, p.lng)
            } else {
                (b.min.lat, b.max.lat, p.lat)
            };
            if lo <= v {
                stack.push((left, m, 1 - axis));
            }
            if hi >= v {
                stack.push((m + 1, right, 1 - axis));
            }
        }
    }

    /// Calls `f(slot, c²)` for every point whose squared chord from `q` is
    /// ≤ `cap_c2`, pruning nodes by their 3-D boxes (any order).
    fn for_each_within_chord(&self, q: &[f64; 3], cap_c2: f64, mut f: impl FnMut(usize, f64)) {
        if self.is_empty() || cap_c2.is_nan() || cap_c2 < 0.0 {
            return;
        }
        let mut stack: Vec<usize> = Vec::with_capacity(32);
        stack.push(0);
        while let Some(i) = stack.pop() {
            let n = &self.nodes[i];
            if box_chord2(q, n) > cap_c2 {
                continue;
            }
            let (left, right) = (n.left as usize, n.right as usize);
            if right - left <= NODE_SIZE {
                let vs = self.xyz[3 * left..3 * right].chunks_exact(3);
                for (v, s) in vs.zip(left..) {
                    let c2 = chord2(q, v);
                    if c2 <= cap_c2 {
                        f(s, c2);
                    }
                }
                continue;
            }
            let m = mid(left, right);
            let c2 = chord2(q, self.v(m));
            if c2 <= cap_c2 {
                f(m, c2);
            }
            stack.push(2 * i + 2);
            stack.push(2 * i + 1);
        }
    }

    /// The `k` points with the smallest squared chord from `q` that is
    /// ≤ `cap_c2`, sorted by (chord, id); fewer when fewer qualify.
    ///
    /// Best-first over nodes keyed by [`box_chord2`] (a valid lower bound),
    /// keeping the k best candidates in a max-heap: a node is opened only
    /// while its key is ≤ the k-th best chord so far (or the cap), so when
    /// the search stops every unopened point is at least as far as the k-th
    /// answer. Exact (ties by lower id) and with no trigonometry.
    fn knn_chord(&self, q: &[f64; 3], k: usize, cap_c2: f64) -> Vec<Cand> {
        if self.is_empty() || k == 0 || cap_c2.is_nan() || cap_c2 < 0.0 {
            return Vec::new();
        }
        let mut best: BinaryHeap<Cand> = BinaryHeap::with_capacity(k.min(self.len()) + 1);
        let mut queue: BinaryHeap<NodeEntry> = BinaryHeap::with_capacity(64);
        // The k-th best squared chord so far, or the cap while fewer than k.
        let mut worst = cap_c2;
        let consider =
            |best: &mut BinaryHeap<Cand>, worst: &mut f64, c2: f64, id: u32, slot: usize| {
                let cand = Cand {
                    c2,
                    id,
                    slot: slot as u32,
                };
                if best.len() < k {
                    best.push(cand);
                    if best.len() == k {
                        *worst = best.peek().map_or(cap_c2, |c| c.c2);
                    }
                } else {
                    let replaced = match best.peek_mut() {
                        Some(mut top) if cand < *top => {
                            // Sifts down once, when `top` is dropped.
                            *top = cand;
                            true
                        }
                        _ => false,
                    };
                    if replaced {
                        *worst = best.peek().map_or(cap_c2, |c| c.c2);
                    }
                }
            };
        let root = box_chord2(q, &self.nodes[0]);
        if root <= cap_c2 {
            queue.push(NodeEntry {
                bound: root,
                node: 0,
            });
        }
        while let Some(NodeEntry { bound, node }) = queue.pop() {
            if bound > worst {
                break;
            }
            let n = self.nodes[node as usize];
            let (left, right) = (n.left as usize, n.right as usize);
            if right - left <= NODE_SIZE {
                // Slices and chunks: no bounds check per point.
                let vs = self.xyz[3 * left..3 * right].chunks_exact(3);
                for ((v, &id), s) in vs.zip(&self.ids[left..right]).zip(left..) {
                    let c2 = chord2(q, v);
                    if c2 <= worst {
                        consider(&mut best, &mut worst, c2, id, s);
                    }
                }
                continue;
            }
            let m = mid(left, right);
            let c2 = chord2(q, self.v(m));
            if c2 <= worst {
                consider(&mut best, &mut worst, c2, self.ids[m], m);
            }
            for c in [2 * node + 1, 2 * node + 2] {
                let b = box_chord2(q, &self.nodes[c as usize]);
                if b <= worst {
                    queue.push(NodeEntry { bound: b, node: c });
                }
            }
        }
        let mut out = best.into_vec();
        out.sort_unstable();
        out
    }

    /// The `k` points nearest to `center` by **great-circle distance on the
    /// geodetic-latitude sphere** of radius [`EARTH_MEAN_RADIUS_M`], as
    /// `(id, distance_m)` sorted by distance, then id; only points within
    /// `max_distance_m` (inclusive) when it is given. Fewer than `k` when
    /// fewer points qualify.
    ///
    /// Exact for that metric: candidates are ranked by the squared chord
    /// between unit vectors, which is strictly monotonic in the angle, and
    /// nodes are skipped only when the distance from the query vector to
    /// their 3-D box (a lower bound, see the module docs) exceeds the k-th
    /// best chord found. Distances are converted to metres,
    /// R · 2 asin(c / 2), for the returned points only. This is geokdbush's
    /// metric (haversine on lat/lon) with R = 6 371 008.8 m rather than its
    /// 6 371 000 m: the same order, distances 1.4e-6 larger.
    ///
    /// # Units
    /// Metres. A non-finite centre or a negative/NaN `max_distance_m` returns
    /// nothing.
    pub fn nearest_k_sphere(
        &self,
        center: LngLat,
        k: usize,
        max_distance_m: Option<f64>,
    ) -> Vec<(usize, f64)> {
        let max_d = max_distance_m.unwrap_or(f64::INFINITY);
        if !is_finite(center) || max_d.is_nan() || max_d < 0.0 {
            return Vec::new();
        }
        let q = unit_vector(center.lng, center.lat);
        self.knn_chord(&q, k, chord2_cap(max_d / EARTH_MEAN_RADIUS_M))
            .into_iter()
            .map(|c| (c.id as usize, EARTH_MEAN_RADIUS_M * angle_of_chord2(c.c2)))
            // The cap has a rounding margin; the returned distance decides.
            .filter(|&(_, d)| d <= max_d)
            .collect()
    }

    /// Every point within `radius_m` (inclusive) of `center` by
    /// **great-circle distance on the geodetic-latitude sphere** of radius
    /// [`EARTH_MEAN_RADIUS_M`] (see [`nearest_k_sphere`](Self::nearest_k_sphere)),
    /// as `(id, distance_m)` sorted by distance, then id (geokdbush's `around`
    /// with no result limit is sorted too).
    ///
    /// Nodes whose 3-D box lies farther than the chord 2 sin(r / 2R) (plus a
    /// rounding margin) are skipped; each remaining point costs a 3-term dot
    /// product, and the inclusion is decided on the returned distance. No
    /// antimeridian or pole special case: the unit vectors have none.
    ///
    /// # Units
    /// Metres. A negative or NaN radius, or a non-finite centre, returns
    /// nothing.
    pub fn within_radius_sphere_m(&self, center: LngLat, radius_m: f64) -> Vec<(usize, f64)> {
        if !is_finite(center) || radius_m.is_nan() || radius_m < 0.0 {
            return Vec::new();
        }
        let q = unit_vector(center.lng, center.lat);
        let mut hits: Vec<Cand> = Vec::with_capacity(256);
        self.for_each_within_chord(&q, chord2_cap(radius_m / EARTH_MEAN_RADIUS_M), |s, c2| {
            hits.push(Cand {
                c2,
                id: self.ids[s],
                slot: s as u32,
            });
        });
        // Squared chords are ≥ 0, so their bit patterns sort as the numbers.
        hits.sort_unstable_by_key(|c| (c.c2.to_bits(), c.id));
        let mut out: Vec<(usize, f64)> = Vec::with_capacity(hits.len());
        for c in hits {
            let d = EARTH_MEAN_RADIUS_M * angle_of_chord2(c.c2);
            if d > radius_m {
                // Sorted by chord, hence by distance: the rest are farther.
                break;
            }
            out.push((c.id as usize, d));
        }
        out
    }

    /// Every point within `radius_m` (geodesic, inclusive) of `center`, as
    /// `(id, distance_m)` sorted by distance, then id.
    ///
    /// Candidates are the points whose great-circle angle θ (geodetic-latitude
    /// sphere) satisfies M(0)·θ ≤ r, found through the nodes' 3-D boxes:
    /// every point within r qualifies, because s ≥ M(0)·θ (proof at
    /// `LOWER_BOUND_RADIUS_M`); this circle holds about 1 % more points than
    /// the answer at mid latitudes. Each candidate then gets its exact
    /// ellipsoidal distance ([`distance_m`], Karney 2013), which the result
    /// carries. Works across the antimeridian and at the poles.
    ///
    /// When the distances are not needed,
    /// [`within_radius_ids_m`](Self::within_radius_ids_m) avoids almost all
    /// of the geodesics.
    ///
    /// # Units
    /// `radius_m` and the returned distances in metres. A negative or NaN
    /// radius, or a non-finite centre, returns nothing.
    pub fn within_radius_m(&self, center: LngLat, radius_m: f64) -> Vec<(usize, f64)> {
        if !is_finite(center) || radius_m.is_nan() || radius_m < 0.0 {
            return Vec::new();
        }
        let q = unit_vector(center.lng, center.lat);
        let mut out: Vec<(usize, f64)> = Vec::new();
        self.for_each_within_chord(&q, chord2_cap(radius_m / LOWER_BOUND_RADIUS_M), |s, _| {
            let d = distance_m(center, self.at(s));
            if d <= radius_m {
                out.push((self.ids[s] as usize, d));
            }
        });
        out.sort_unstable_by(by_distance_then_id);
        out
    }

    /// The ids of every point within `radius_m` (ellipsoidal geodesic,
    /// inclusive) of `center`, in **no particular order**, without their
    /// distances: the same set as [`within_radius_m`](Self::within_radius_m).
    ///
    /// With θ the great-circle angle on the geodetic-latitude sphere, the
    /// geodesic s satisfies M(0)·θ ≤ s ≤ N(90°)·θ (proof at
    /// `LOWER_BOUND_RADIUS_M`). So a point with N(90°)·θ ≤ r is inside and one
    /// with M(0)·θ > r outside, both without computing s; only the band
    /// between (radii r/N(90°) to r/M(0), 1 % apart: about 2–3 % of the
    /// answer at mid latitudes) gets an exact [`distance_m`]. The thresholds
    /// are compared as squared chords with rounding margins on the safe side.
    ///
    /// # Units
    /// Metres. A negative or NaN radius, or a non-finite centre, returns
    /// nothing.
    pub fn within_radius_ids_m(&self, center: LngLat, radius_m: f64) -> Vec<usize> {
        if !is_finite(center) || radius_m.is_nan() || radius_m < 0.0 {
            return Vec::new();
        }
        let q = unit_vector(center.lng, center.lat);
        let surely_in = chord2_floor(radius_m / UPPER_BOUND_RADIUS_M);
        let mut out = Vec::new();
        self.for_each_within_chord(&q, chord2_cap(radius_m / LOWER_BOUND_RADIUS_M), |s, c2| {
            if c2 <= surely_in || distance_m(center, self.at(s)) <= radius_m {
                out.push(self.ids[s] as usize);
            }
        });
        out
    }

    /// The `k` points nearest to `center` by ellipsoidal geodesic distance,
    /// as `(id, distance_m)` sorted by distance, then id; only points within
    /// `max_distance_m` (inclusive) when it is given. Fewer than `k` when
    /// fewer points qualify.
    ///
    /// # Method, and why it is exact
    ///
    /// With θ the great-circle angle on the geodetic-latitude sphere,
    /// M(0)·θ ≤ s ≤ N(90°)·θ (proof at `LOWER_BOUND_RADIUS_M`).
    ///
    /// 1. The k points nearest on the sphere (exact, no trigonometry:
    ///    [`nearest_k_sphere`](Self::nearest_k_sphere)'s search), the k-th at
    ///    angle θₖ. Their geodesics are all ≤ N(90°)·θₖ, so the k-th smallest
    ///    geodesic Dₖ is too, and every point of the answer has
    ///    M(0)·θ ≤ s ≤ Dₖ ≤ N(90°)·θₖ: it lies within the angle
    ///    θₖ·N(90°)/M(0) (1 % more), or within `max_distance_m`/M(0).
    /// 2. Those candidates, sorted by θ, get their exact geodesic
    ///    ([`distance_m`], Karney 2013) into a max-heap of the k best, until
    ///    M(0)·θ exceeds the k-th best geodesic so far: no later candidate can
    ///    beat it.
    ///
    /// About 1.02·k geodesics per query (what the lower bound alone needs), and
    /// no trigonometry in the tree search.
    ///
    /// # Units
    /// Metres. A non-finite centre or a negative/NaN `max_distance_m` returns
    /// nothing.
    pub fn nearest_k(
        &self,
        center: LngLat,
        k: usize,
        max_distance_m: Option<f64>,
    ) -> Vec<(usize, f64)> {
        let max_d = max_distance_m.unwrap_or(f64::INFINITY);
        if k == 0 || self.is_empty() || !is_finite(center) || max_d.is_nan() || max_d < 0.0 {
            return Vec::new();
        }
        let q = unit_vector(center.lng, center.lat);
        let cap_c2 = chord2_cap(max_d / LOWER_BOUND_RADIUS_M);
        let sphere = self.knn_chord(&q, k, cap_c2);
        let mut cands: Vec<(f64, usize)> = if sphere.len() < k {
            // Every point under the cap is already here.
            sphere.iter().map(|c| (c.c2, c.slot as usize)).collect()
        } else {
            let theta_k = sphere.last().map_or(0.0, |c| angle_of_chord2(c.c2));
            let reach =
                chord2_cap(theta_k * (UPPER_BOUND_RADIUS_M / LOWER_BOUND_RADIUS_M)).min(cap_c2);
            let mut v = Vec::with_capacity(k + k / 8 + 4);
            self.for_each_within_chord(&q, reach, |s, c2| v.push((c2, s)));
            v
        };
        cands.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut best: BinaryHeap<Measured> = BinaryHeap::with_capacity(k + 1);
        for (c2, slot) in cands {
            let lower_m = LOWER_BOUND_RADIUS_M * angle_of_chord2(c2) * (1.0 - 1e-12);
            if lower_m > max_d {
                break;
            }
            if best.len() == k && best.peek().is_some_and(|w| lower_m > w.dist_m) {
                break;
            }
            let d = distance_m(center, self.at(slot));
            if d > max_d {
                continue;
            }
            let m = Measured {
                dist_m: d,
                id: self.ids[slot],
            };
            if best.len() < k {
                best.push(m);
            } else if best.peek().is_some_and(|w| m < *w) {
                best.pop();
                best.push(m);
            }
        }
        let mut out: Vec<(usize, f64)> = best
            .into_vec()
            .into_iter()
            .map(|m| (m.id as usize, m.dist_m))
            .collect();
        out.sort_unstable_by(by_distance_then_id);
        out
    }
}

fn is_finite(p: LngLat) -> bool {
    p.lng.is_finite() && p.lat.is_finite()
}

/// The median slot of node `[left, right)`; build and queries must agree.
fn mid(left: usize, right: usize) -> usize {
    left + (right - left) / 2
}

/// Orders `items[left..right)` into the implicit k-d tree. std's
/// `select_nth_unstable_by` is an introselect (quickselect with a
/// median-of-medians fallback): O(n) per level, never quadratic.
fn sort_kd(items: &mut [(u32, [f64; 2])], left: usize, right: usize, axis: usize) {
    if right - left <= NODE_SIZE {
        return;
    }
    let m = mid(left, right);
    items[left..right].select_nth_unstable_by(m - left, |a, b| a.1[axis].total_cmp(&b.1[axis]));
    sort_kd(items, left, m, 1 - axis);
    sort_kd(items, m + 1, right, 1 - axis);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marsaglia's xorshift64: reproducible data without a dependency.
    struct XorShift(u64);

    impl XorShift {
        fn next_f64(&mut self) -> f64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }

        fn in_range(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * self.next_f64()
        }
    }

    fn random_points(rng: &mut XorShift, n: usize) -> Vec<LngLat> {
        (0..n)
            .map(|_| LngLat::lon_lat(rng.in_range(125.0, 125.5), rng.in_range(43.7, 44.0)))
            .collect()
    }

    /// Every point with its distance, sorted by distance then id.
    fn brute_sorted(points: &[LngLat], center: LngLat) -> Vec<(usize, f64)> {
        let mut all: Vec<(usize, f64)> = points
            .iter()
            .enumerate()
            .map(|(i, p)| (i, distance_m(center, *p)))
            .collect();
        all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        all
    }

    /// Same length, same distances in order (1e-9 m), and each returned id
    /// really has the distance it is reported with: equal up to swapped ties.
    fn assert_same_answer(
        got: &[(usize, f64)],
        want: &[(usize, f64)],
        points: &[LngLat],
        center: LngLat,
    ) {
        assert_eq!(got.len(), want.len(), "lengths differ");
        for (g, w) in got.iter().zip(want) {
            assert!((g.1 - w.1).abs() <= 1e-9, "distance {} vs {}", g.1, w.1);
            if g.0 != w.0 {
                assert!((distance_m(center, points[g.0]) - g.1).abs() <= 1e-9);
            }
        }
        let mut ids: Vec<usize> = got.iter().map(|g| g.0).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), got.len(), "an id is repeated");
    }

    #[test]
    fn every_query_matches_brute_force_on_ten_thousand_random_points() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let points = random_points(&mut rng, 10_000);
        let index = PointIndex::new(&points);
        assert_eq!(index.len(), 10_000);
        for _ in 0..200 {
            // A little beyond the data so some queries start outside it.
            let center = LngLat::lon_lat(rng.in_range(124.95, 125.55), rng.in_range(43.65, 44.05));

            let half_w = rng.in_range(0.0, 0.05);
            let half_h = rng.in_range(0.0, 0.03);
            let bounds = LngLatBounds {
                min: LngLat::lon_lat(center.lng - half_w, center.lat - half_h),
                max: LngLat::lon_lat(center.lng + half_w, center.lat + half_h),
            };
            let want: Vec<usize> = (0..points.len())
                .filter(|&i| bounds.contains(points[i]))
                .collect();
            assert_eq!(index.range(bounds), want);

            let brute = brute_sorted(&points, center);
            for radius_m in [500.0, 2_000.0] {
                let want: Vec<_> = brute
                    .iter()
                    .copied()
                    .take_while(|&(_, d)| d <= radius_m)
                    .collect();
                assert_same_answer(
                    &index.within_radius_m(center, radius_m),
                    &want,
                    &points,
                    center,
                );
            }
            for k in [1, 5, 20] {
                let want: Vec<_> = brute.iter().copied().take(k).collect();
                assert_same_answer(&index.nearest_k(center, k, None), &want, &points, center);
                let cap_m = 300.0;
                let want: Vec<_> = want.into_iter().filter(|&(_, d)| d <= cap_m).collect();
                assert_same_answer(
                    &index.nearest_k(center, k, Some(cap_m)),
                    &want,
                    &points,
                    center,
                );
            }
        }
    }

    #[test]
    fn an_empty_index_answers_nothing() {
        let index = PointIndex::new(&[]);
        let c = LngLat::lon_lat(125.2, 43.8);
        assert!(index.is_empty());
        assert!(index
            .range(LngLatBounds { min: c, max: c }.padded(1.0))
            .is_empty());
        assert!(index.within_radius_m(c, 1e6).is_empty());
        assert!(index.nearest_k(c, 3, None).is_empty());
    }

    #[test]
    fn zero_neighbours_asked_gives_none_and_too_many_gives_all() {
        let mut rng = XorShift(7);
        let points = random_points(&mut rng, 150);
        let index = PointIndex::new(&points);
        let c = LngLat::lon_lat(125.25, 43.85);
        assert!(index.nearest_k(c, 0, None).is_empty());
        let all = index.nearest_k(c, 1_000, None);
        assert_same_answer(&all, &brute_sorted(&points, c), &points, c);
    }

    #[test]
    fn duplicate_points_are_all_found_with_equal_distances() {
        let p = LngLat::lon_lat(125.2, 43.8);
        let mut points = vec![p; 100];
        points.push(LngLat::lon_lat(125.3, 43.9));
        let index = PointIndex::new(&points);
        let near = index.nearest_k(LngLat::lon_lat(125.21, 43.8), 100, None);
        assert_eq!(near.len(), 100);
        assert!(near
            .iter()
            .all(|&(id, d)| id < 100 && (d - near[0].1).abs() < 1e-9));
        assert_eq!(index.within_radius_m(p, 0.0).len(), 100);
        assert_eq!(
            index.range(LngLatBounds { min: p, max: p }),
            (0..100).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_query_far_outside_the_data_still_finds_the_true_nearest() {
        let mut rng = XorShift(42);
        let points = random_points(&mut rng, 2_000);
        let index = PointIndex::new(&points);
        for c in [
            LngLat::lon_lat(-70.0, -33.0),
            LngLat::lon_lat(116.4, 39.9),
            LngLat::lon_lat(125.2, 89.9),
        ] {
            assert_same_answer(
                &index.nearest_k(c, 3, None),
                &brute_sorted(&points, c)[..3],
                &points,
                c,
            );
            assert!(index.within_radius_m(c, 1_000.0).is_empty());
        }
    }

    #[test]
    fn radius_queries_reach_across_the_antimeridian() {
        let points = [
            LngLat::lon_lat(179.999, 0.0),
            LngLat::lon_lat(-179.999, 0.0),
        ];
        let index = PointIndex::new(&points);
        let found = index.within_radius_m(LngLat::lon_lat(180.0, 0.0), 1_000.0);
        assert_eq!(found.len(), 2);
        assert_eq!(
            index.nearest_k(LngLat::lon_lat(-180.0, 0.0), 2, None).len(),
            2
        );
    }

    #[test]
    fn non_finite_points_are_left_out_and_other_ids_are_kept() {
        let points = [
            LngLat::lon_lat(f64::NAN, 43.8),
            LngLat::lon_lat(125.2, 43.8),
        ];
        let index = PointIndex::new(&points);
        assert_eq!(index.len(), 1);
        assert_eq!(
            index.nearest_k(LngLat::lon_lat(125.0, 43.0), 5, None)[0].0,
            1
        );
    }

    /// The great-circle angle between two positions, as the index computes it.
    fn angle(a: LngLat, b: LngLat) -> f64 {
        angle_of_chord2(chord2(
            &unit_vector(a.lng, a.lat),
            &unit_vector(b.lng, b.lat),
        ))
    }

    #[test]
    fn the_geodesic_lies_between_the_two_sphere_bounds() {
        let mut pairs = Vec::new();
        // North–south at the equator is where the lower bound is tightest,
        // anything near a pole where the upper bound is.
        for dlat in [1e-6, 1e-3, 0.1, 1.0, 30.0] {
            pairs.push((LngLat::lon_lat(0.0, 0.0), LngLat::lon_lat(0.0, dlat)));
            pairs.push((
                LngLat::lon_lat(10.0, 90.0 - dlat),
                LngLat::lon_lat(100.0, 90.0 - dlat),
            ));
            pairs.push((
                LngLat::lon_lat(0.0, -90.0 + dlat),
                LngLat::lon_lat(0.0, -90.0),
            ));
            pairs.push((
                LngLat::lon_lat(179.9, 0.0),
                LngLat::lon_lat(-179.9 + dlat, 0.0),
            ));
        }
        let mut rng = XorShift(3);
        for i in 0..6_000 {
            let a = LngLat::lon_lat(rng.in_range(-180.0, 180.0), rng.in_range(-90.0, 90.0));
            let b = match i % 3 {
                // Short, as the queries use.
                0 => LngLat::lon_lat(
                    a.lng + rng.in_range(-0.5, 0.5),
                    (a.lat + rng.in_range(-2.0, 2.0)).clamp(-90.0, 90.0),
                ),
                // Anywhere: long lines, nearly antipodal ones included.
                1 => LngLat::lon_lat(rng.in_range(-180.0, 180.0), rng.in_range(-90.0, 90.0)),
                // Near the equator or a pole.
                _ => {
                    let lat = if rng.next_f64() < 0.5 {
                        rng.in_range(-1.0, 1.0)
                    } else {
                        rng.in_range(88.0, 90.0).copysign(a.lat)
                    };
                    LngLat::lon_lat(rng.in_range(-180.0, 180.0), lat)
                }
            };
            pairs.push((a, b));
        }
        for (a, b) in pairs {
            let s = distance_m(a, b);
            let theta = angle(a, b);
            // Karney is accurate to about 15 nm; allow 1e-7 m of slack.
            assert!(
                LOWER_BOUND_RADIUS_M * theta <= s + 1e-7,
                "lower {a:?} {b:?}"
            );
            assert!(
                s <= UPPER_BOUND_RADIUS_M * theta + 1e-7,
                "upper {a:?} {b:?}"
            );
        }
    }

    /// Every point with its great-circle distance on the mean sphere, sorted
    /// by distance then id.
    fn brute_sphere(points: &[LngLat], center: LngLat) -> Vec<(usize, f64)> {
        let mut all: Vec<(usize, f64)> = points
            .iter()
            .enumerate()
            .map(|(i, p)| (i, EARTH_MEAN_RADIUS_M * angle(center, *p)))
            .collect();
        all.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        all
    }

    /// A textbook haversine, independent of the index's chord arithmetic.
    fn haversine_m(a: LngLat, b: LngLat) -> f64 {
        let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
        let h = hav(p2 - p1) + p1.cos() * p2.cos() * hav((b.lng - a.lng).to_radians());
        2.0 * EARTH_MEAN_RADIUS_M * h.sqrt().asin()
    }

    fn hav(t: f64) -> f64 {
        (t / 2.0).sin().powi(2)
    }

    #[test]
    fn sphere_queries_match_brute_force_on_ten_thousand_random_points() {
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let points = random_points(&mut rng, 10_000);
        let index = PointIndex::new(&points);
        for _ in 0..200 {
            let center = LngLat::lon_lat(rng.in_range(124.95, 125.55), rng.in_range(43.65, 44.05));
            let brute = brute_sphere(&points, center);
            for radius_m in [500.0, 2_000.0] {
                let want: Vec<_> = brute
                    .iter()
                    .copied()
                    .take_while(|&(_, d)| d <= radius_m)
                    .collect();
                let got = index.within_radius_sphere_m(center, radius_m);
                assert_eq!(got, want);
            }
            for k in [1, 5, 20] {
                let want: Vec<_> = brute.iter().copied().take(k).collect();
                let got = index.nearest_k_sphere(center, k, None);
                assert_eq!(got, want);
                // The metric is the haversine great circle.
                for &(id, d) in &got {
                    assert!((d - haversine_m(center, points[id])).abs() <= 1e-6, "{d}");
                }
                let cap_m = 300.0;
                let want: Vec<_> = want.into_iter().filter(|&(_, d)| d <= cap_m).collect();
                assert_eq!(index.nearest_k_sphere(center, k, Some(cap_m)), want);
            }
        }
    }

    #[test]
    fn radius_ids_are_the_same_set_as_the_full_radius_query() {
        let mut rng = XorShift(0xDEAD_BEEF);
        let points = random_points(&mut rng, 10_000);
        let index = PointIndex::new(&points);
        for _ in 0..200 {
            let center = LngLat::lon_lat(rng.in_range(124.95, 125.55), rng.in_range(43.65, 44.05));
            for radius_m in [0.0, 500.0, 2_000.0] {
                let mut got = index.within_radius_ids_m(center, radius_m);
                got.sort_unstable();
                let want: Vec<usize> = (0..points.len())
                    .filter(|&i| distance_m(center, points[i]) <= radius_m)
                    .collect();
                assert_eq!(got, want);
            }
        }
        // Polar and antimeridian data too.
        let odd = [
            LngLat::lon_lat(0.0, 89.99),
            LngLat::lon_lat(180.0, 89.99),
            LngLat::lon_lat(179.999, 0.0),
            LngLat::lon_lat(-179.999, 0.0),
        ];
        let index = PointIndex::new(&odd);
        let mut near_pole = index.within_radius_ids_m(LngLat::lon_lat(90.0, 90.0), 2_000.0);
        near_pole.sort_unstable();
        assert_eq!(near_pole, [0, 1]);
        let mut across = index.within_radius_ids_m(LngLat::lon_lat(180.0, 0.0), 1_000.0);
        across.sort_unstable();
        assert_eq!(across, [2, 3]);
        assert_eq!(
            index
                .within_radius_sphere_m(LngLat::lon_lat(-180.0, 0.0), 1_000.0)
                .len(),
            2
        );
    }

    #[test]
    fn the_asin_series_matches_libm() {
        let mut x = 1e-12;
        while x < 0.0101 {
            let c = 2.0 * x;
            let got = angle_of_chord2(c * c);
            let want = 2.0 * (c / 2.0).asin();
            assert!((got - want).abs() <= 4e-16 * want, "{x}: {got} vs {want}");
            x *= 1.01;
        }
    }

    #[test]
    fn sphere_edge_cases() {
        let index = PointIndex::new(&[]);
        let c = LngLat::lon_lat(125.2, 43.8);
        assert!(index.nearest_k_sphere(c, 3, None).is_empty());
        assert!(index.within_radius_sphere_m(c, 1e6).is_empty());
        let points = vec![c; 10];
        let index = PointIndex::new(&points);
        assert_eq!(index.within_radius_sphere_m(c, 0.0).len(), 10);
        assert_eq!(index.within_radius_ids_m(c, 0.0).len(), 10);
        assert!(index.within_radius_sphere_m(c, -1.0).is_empty());
        assert!(index.nearest_k_sphere(c, 0, None).is_empty());
        let near = index.nearest_k_sphere(c, 3, None);
        assert_eq!(near, vec![(0, 0.0), (1, 0.0), (2, 0.0)]);
        // Far away, even antipodal.
        let anti = LngLat::lon_lat(125.2 - 180.0, -43.8);
        let far = index.nearest_k_sphere(anti, 1, None);
        assert!((far[0].1 - std::f64::consts::PI * EARTH_MEAN_RADIUS_M).abs() < 1.0);
        assert_eq!(index.within_radius_sphere_m(anti, 3e7).len(), 10);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn the_first_neighbour_is_at_the_brute_force_minimum_distance(
                pts in prop::collection::vec((125.0..125.5f64, 43.7..44.0f64), 1..300),
                q in (124.9..125.6f64, 43.6..44.1f64),
            ) {
                let points: Vec<LngLat> =
                    pts.iter().map(|&(x, y)| LngLat::lon_lat(x, y)).collect();
                let center = LngLat::lon_lat(q.0, q.1);
                let index = PointIndex::new(&points);
                let best = index.nearest_k(center, 1, None);
                let min = points
                    .iter()
                    .map(|p| distance_m(center, *p))
                    .fold(f64::INFINITY, f64::min);
                prop_assert_eq!(best.len(), 1);
                prop_assert!((best[0].1 - min).abs() <= 1e-9);
            }
        }
    }
}

//! A static spatial index over points: a 2-D k-d tree in flat arrays, built
//! once and never changed, after `kdbush` (`mourner/kdbush`) for the layout
//! and box queries and `geokdbush` (`mourner/geokdbush`) for the
//! nearest-neighbour search on the globe.
//!
//! Positions stay in degrees; every distance a caller sees is the ellipsoidal
//! geodesic of [`distance_m`].

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

/// The smallest radius of curvature anywhere on the WGS-84 ellipsoid: the
/// meridional radius at the equator, M(0) = a (1 − e²) ≈ 6 335 439 m.
///
/// Why it gives a lower bound: map each point of the ellipsoid to the point of
/// the unit sphere with the same geodetic latitude and longitude (the Gauss
/// map, which sends a point to its surface normal). It stretches lengths by
/// 1/M along meridians and 1/N along parallels, never by more than 1/M(0). So
/// a geodesic of length s maps to a curve of length ≤ s / M(0), and the
/// great-circle angle θ between the two images is at most that: s ≥ M(0)·θ.
/// The mean radius 6 371 008.8 m times 0.995 would *not* be safe everywhere
/// (north–south near the equator the ellipsoid is 0.56 % "smaller" than that
/// sphere), so the bound uses M(0), and shaves 1e-9 off for rounding.
const LOWER_BOUND_RADIUS_M: f64 = WGS84_A_M * (1.0 - WGS84_E2) * (1.0 - 1e-9);

/// A static k-d tree over positions, for box, radius and k-nearest queries.
///
/// Built once from a slice of positions; an id is the position's index in that
/// slice. Layout as in kdbush: `ids` and interleaved `coords` (lon, lat in
/// degrees) are permuted so that every node `[left, right)` of more than
/// 64 points (`NODE_SIZE`) has its median (on the node's axis, x for even
/// depths, y for odd) at `(left + right) / 2`, the smaller half before it and
/// the larger after. No node structs, no pointers: the tree is implicit in the
/// order.
///
/// ```
/// use qikai_map::core::{coord::LngLat, index::PointIndex};
/// let stations = [LngLat::lon_lat(125.17, 43.83), LngLat::lon_lat(125.20, 43.84)];
/// let index = PointIndex::new(&stations);
/// let nearest = index.nearest_k(LngLat::lon_lat(125.19, 43.84), 1, None);
/// assert_eq!(nearest[0].0, 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct PointIndex {
    /// Input index of the point stored in each slot.
    ids: Vec<u32>,
    /// `coords[2 i]` = longitude, `coords[2 i + 1]` = latitude of slot `i`, degrees.
    coords: Vec<f64>,
    /// Box around every indexed point: the root node's box in `nearest_k`.
    bounds: Option<LngLatBounds>,
}

impl PointIndex {
    /// Indexes `points`; the id of a point is its index in `points`.
    ///
    /// Points with a non-finite coordinate are left out (no query could ever
    /// return them meaningfully); validated catalog data has none.
    /// Runs in O(n log n).
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
        let bounds = LngLatBounds::from_points(
            items
                .iter()
                .map(|(_, c)| LngLat::lon_lat(c[0], c[1]))
                .collect::<Vec<_>>()
                .iter(),
        );
        Self {
            ids: items.iter().map(|(id, _)| *id).collect(),
            coords: items.iter().flat_map(|(_, c)| *c).collect(),
            bounds,
        }
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
        let mut slots = Vec::new();
        self.range_slots(bounds, &mut slots);
        let mut out: Vec<(usize, LngLat)> = slots
            .into_iter()
            .map(|s| (self.ids[s] as usize, self.at(s)))
            .collect();
        out.sort_unstable_by_key(|(id, _)| *id);
        out
    }

    /// Appends the slots (not ids) of the points inside `b`.
    fn range_slots(&self, b: LngLatBounds, out: &mut Vec<usize>) {
        let mut stack = vec![(0, self.len(), 0)];
        while let Some((left, right, axis)) = stack.pop() {
            if right - left <= NODE_SIZE {
                out.extend((left..right).filter(|&i| b.contains(self.at(i))));
                continue;
            }
            let m = mid(left, right);
            if b.contains(self.at(m)) {
                out.push(m);
            }
            let (lo, hi, v) = if axis == 0 {
                (b.min.lng, b.max.lng, self.x(m))
            } else {
                (b.min.lat, b.max.lat, self.y(m))
            };
            if lo <= v {
                stack.push((left, m, 1 - axis));
            }
            if hi >= v {
                stack.push((m + 1, right, 1 - axis));
            }
        }
    }

    /// Every point within `radius_m` (geodesic, inclusive) of `center`, as
    /// `(id, distance_m)` sorted by distance, then id.
    ///
    /// A box query first, then the exact ellipsoidal distance of each
    /// candidate. The box is conservative everywhere on the globe: with
    /// θ = r / M(0) the largest great-circle angle a geodesic of length r can
    /// span (see [`nearest_k`](Self::nearest_k)), |Δφ| ≤ θ, and since
    /// sin²(θ/2) ≥ cos²φ_max · sin²(Δλ/2) (haversine formula), |Δλ| ≤
    /// 2 asin(sin(θ/2) / cos φ_max) with φ_max the box's most poleward
    /// latitude; near a pole the box takes every longitude. A box past ±180°
    /// is queried on both sides of the antimeridian.
    ///
    /// # Units
    /// `radius_m` and the returned distances in metres. A negative or NaN
    /// radius, or a non-finite centre, returns nothing.
    pub fn within_radius_m(&self, center: LngLat, radius_m: f64) -> Vec<(usize, f64)> {
        if self.is_empty() || !is_finite(center) || radius_m.is_nan() || radius_m < 0.0 {
            return Vec::new();
        }
        let mut slots = Vec::new();
        for b in search_boxes(center, radius_m) {
            self.range_slots(b, &mut slots);
        }
        // The two boxes either side of the antimeridian may share their edge.
        slots.sort_unstable();
        slots.dedup();
        let mut out: Vec<(usize, f64)> = slots
            .into_iter()
            .filter_map(|slot| {
                let d = distance_m(center, self.at(slot));
                (d <= radius_m).then_some((self.ids[slot] as usize, d))
            })
            .collect();
        out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The `k` points nearest to `center` by ellipsoidal geodesic distance,
    /// as `(id, distance_m)` sorted by distance; only points within
    /// `max_distance_m` (inclusive) when it is given. Fewer than `k` when
    /// fewer points qualify.
    ///
    /// # Method, and why it is exact
    ///
    /// Best-first search as in geokdbush's `around`. A priority queue holds
    /// tree nodes (with the lon/lat box the splits give them) and single
    /// points, each keyed by a *lower bound* of its geodesic distance from
    /// `center`: the great-circle angle to the closest point of the box
    /// (haversine to the nearer bounding meridian, at the latitude where that
    /// meridian comes closest, clamped to the box's latitude range: geokdbush's
    /// `boxDist`), times the ellipsoid's smallest radius of curvature
    /// M(0) = a (1 − e²) ≈ 6 335 439 m. No geodesic spanning a great-circle
    /// angle θ is shorter than M(0)·θ, because the Gauss map (geodetic
    /// lat/lon taken as a point of the unit sphere) shrinks lengths by at most
    /// 1/M(0); so no point in a node is closer than the node's key. (The mean
    /// radius times 0.995 would not do: north–south near the equator the
    /// ellipsoid is 0.56 % shorter than the mean sphere.)
    ///
    /// Popping a point computes its exact distance ([`distance_m`], Karney
    /// 2013) and moves it to a second queue keyed by that distance. A point
    /// leaves the second queue as the next answer once its exact distance is
    /// ≤ the smallest key left in the first: every point not yet measured lies
    /// in a queued node or is a queued point, so none can be closer. Answers
    /// therefore come out exactly in order.
    ///
    /// The bound is within about 1 % of the true distance, so the search
    /// opens only the nodes near the answer: O(log n + k) typical, and a
    /// geodesic is computed only for points whose bound is reached.
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
        let mut out = Vec::new();
        let Some(root_box) = self.bounds else {
            return out;
        };
        if k == 0 || !is_finite(center) || max_d.is_nan() || max_d < 0.0 {
            return out;
        }
        let q = SphereQuery::new(center);
        let mut queue = BinaryHeap::new();
        let mut measured: BinaryHeap<Measured> = BinaryHeap::new();
        let root = Entry {
            bound_m: q.box_bound_m(&root_box),
            item: Item::Node(Node {
                left: 0,
                right: self.len(),
                axis: 0,
                bbox: root_box,
            }),
        };
        if root.bound_m <= max_d {
            queue.push(root);
        }
        loop {
            let frontier_m = queue.peek().map_or(f64::INFINITY, |e| e.bound_m);
            if let Some(best) = measured.peek() {
                if best.dist_m <= frontier_m {
                    out.push((best.id as usize, best.dist_m));
                    measured.pop();
                    if out.len() == k {
                        break;
                    }
                    continue;
                }
            }
            let Some(entry) = queue.pop() else {
                break;
            };
            match entry.item {
                Item::Point(slot) => {
                    let d = distance_m(center, self.at(slot));
                    if d <= max_d {
                        measured.push(Measured {
                            dist_m: d,
                            id: self.ids[slot],
                        });
                    }
                }
                Item::Node(node) => self.open_node(&q, max_d, &mut queue, node),
            }
        }
        out
    }

    /// Queues the content of node `[left, right)`: all its points when it is
    /// a leaf, else its median point and its two children.
    fn open_node(&self, q: &SphereQuery, max_d: f64, queue: &mut BinaryHeap<Entry>, node: Node) {
        let Node {
            left,
            right,
            axis,
            bbox,
        } = node;
        let mut push_point = |slot: usize| {
            let bound_m = q.point_bound_m(self.at(slot));
            if bound_m <= max_d {
                queue.push(Entry {
                    bound_m,
                    item: Item::Point(slot),
                });
            }
        };
        if right - left <= NODE_SIZE {
            (left..right).for_each(&mut push_point);
            return;
        }
        let m = mid(left, right);
        push_point(m);
        let split = if axis == 0 { self.x(m) } else { self.y(m) };
        let (mut left_box, mut right_box) = (bbox, bbox);
        if axis == 0 {
            left_box.max.lng = split;
            right_box.min.lng = split;
        } else {
            left_box.max.lat = split;
            right_box.min.lat = split;
        }
        for (l, r, b) in [(left, m, left_box), (m + 1, right, right_box)] {
            if l < r {
                let bound_m = q.box_bound_m(&b);
                if bound_m <= max_d {
                    queue.push(Entry {
                        bound_m,
                        item: Item::Node(Node {
                            left: l,
                            right: r,
                            axis: 1 - axis,
                            bbox: b,
                        }),
                    });
                }
            }
        }
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

/// The lon/lat boxes (one, or two across the antimeridian) that hold every
/// point within `radius_m` of `center`; see [`PointIndex::within_radius_m`].
fn search_boxes(center: LngLat, radius_m: f64) -> Vec<LngLatBounds> {
    // A relative margin for rounding in the trigonometry below.
    const MARGIN: f64 = 1.0 + 1e-9;
    let theta = radius_m / (WGS84_A_M * (1.0 - WGS84_E2)) * MARGIN;
    let dlat = theta.to_degrees();
    let min_lat = (center.lat - dlat).max(-90.0);
    let max_lat = (center.lat + dlat).min(90.0);
    let pole_lat = min_lat.abs().max(max_lat.abs());
    let s = (theta / 2.0).sin() / pole_lat.to_radians().cos();
    let whole_world = |min_lat, max_lat| {
        vec![LngLatBounds {
            min: LngLat::lon_lat(-180.0, min_lat),
            max: LngLat::lon_lat(180.0, max_lat),
        }]
    };
    // `s` is NaN when cos φ_max is 0; `is_nan` keeps that case whole-world.
    if theta >= std::f64::consts::PI || pole_lat >= 90.0 || s.is_nan() || s >= 1.0 {
        return whole_world(min_lat, max_lat);
    }
    let dlng = (2.0 * s.asin()).to_degrees() * MARGIN + 1e-12;
    let (min_lng, max_lng) = (center.lng - dlng, center.lng + dlng);
    if max_lng - min_lng >= 360.0 {
        return whole_world(min_lat, max_lat);
    }
    let clipped = |lo: f64, hi: f64| LngLatBounds {
        min: LngLat::lon_lat(lo.max(-180.0), min_lat),
        max: LngLat::lon_lat(hi.min(180.0), max_lat),
    };
    let mut boxes = vec![clipped(min_lng, max_lng)];
    if min_lng < -180.0 {
        boxes.push(clipped(min_lng + 360.0, 180.0));
    }
    if max_lng > 180.0 {
        boxes.push(clipped(-180.0, max_lng - 360.0));
    }
    boxes
}

/// sin²(θ/2), the haversine.
fn hav(theta: f64) -> f64 {
    let s = (theta / 2.0).sin();
    s * s
}

/// The great-circle angle whose haversine is `h`.
fn angle_of_hav(h: f64) -> f64 {
    2.0 * h.clamp(0.0, 1.0).sqrt().asin()
}

/// The query point, pre-converted for the lower bounds of `nearest_k`.
struct SphereQuery {
    lng: f64,
    lat: f64,
    lat_rad: f64,
    cos_lat: f64,
}

impl SphereQuery {
    fn new(p: LngLat) -> Self {
        let lat_rad = p.lat.to_radians();
        Self {
            lng: p.lng,
            lat: p.lat,
            lat_rad,
            cos_lat: lat_rad.cos(),
        }
    }

    /// Haversine of the angle to a point at `lat_deg` whose longitude differs
    /// by an angle with haversine `hav_dlng`.
    fn hav_to(&self, hav_dlng: f64, lat_deg: f64) -> f64 {
        let lat2 = lat_deg.to_radians();
        self.cos_lat * lat2.cos() * hav_dlng + hav(self.lat_rad - lat2)
    }

    /// Lower bound of the geodesic distance to `p`, metres.
    fn point_bound_m(&self, p: LngLat) -> f64 {
        let h = self.hav_to(hav((p.lng - self.lng).to_radians()), p.lat);
        angle_of_hav(h) * LOWER_BOUND_RADIUS_M
    }

    /// Lower bound of the geodesic distance to any point of `b`, metres
    /// (geokdbush's `boxDist`).
    fn box_bound_m(&self, b: &LngLatBounds) -> f64 {
        let h = if (b.min.lng..=b.max.lng).contains(&self.lng) {
            // Straight north or south of the box, or inside it.
            if self.lat < b.min.lat {
                hav((self.lat - b.min.lat).to_radians())
            } else if self.lat > b.max.lat {
                hav((self.lat - b.max.lat).to_radians())
            } else {
                0.0
            }
        } else {
            // For a fixed latitude the angle grows with |Δλ|, so the nearer
            // bounding meridian holds the closest point; along it the angle
            // is smallest at the foot of the perpendicular great circle, or
            // else at a corner.
            let hav_dlng = hav((b.min.lng - self.lng).to_radians())
                .min(hav((b.max.lng - self.lng).to_radians()));
            let foot_lat = self.foot_lat(hav_dlng);
            if foot_lat > b.min.lat && foot_lat < b.max.lat {
                self.hav_to(hav_dlng, foot_lat)
            } else {
                self.hav_to(hav_dlng, b.min.lat)
                    .min(self.hav_to(hav_dlng, b.max.lat))
            }
        };
        angle_of_hav(h) * LOWER_BOUND_RADIUS_M
    }

    /// Latitude (degrees) at which a meridian `Δλ` away (given by its
    /// haversine) comes closest to the query: tan φ = tan φ_q / cos Δλ.
    fn foot_lat(&self, hav_dlng: f64) -> f64 {
        let cos_dlng = 1.0 - 2.0 * hav_dlng;
        if cos_dlng <= 0.0 {
            return if self.lat > 0.0 { 90.0 } else { -90.0 };
        }
        (self.lat_rad.tan() / cos_dlng).atan().to_degrees()
    }
}

/// A tree node: slots `[left, right)`, split on `axis` (0 = lon, 1 = lat),
/// all inside `bbox`.
#[derive(Clone, Copy, Debug)]
struct Node {
    left: usize,
    right: usize,
    axis: usize,
    bbox: LngLatBounds,
}

/// What the best-first queue holds.
#[derive(Clone, Copy, Debug)]
enum Item {
    /// A node not yet opened.
    Node(Node),
    /// One point, by slot.
    Point(usize),
}

/// A queue entry; the heap pops the smallest `bound_m` first.
#[derive(Clone, Copy, Debug)]
struct Entry {
    bound_m: f64,
    item: Item,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap.
        other.bound_m.total_cmp(&self.bound_m)
    }
}

/// A point with its exact distance; the heap pops the nearest (then lowest
/// id) first.
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
        other
            .dist_m
            .total_cmp(&self.dist_m)
            .then(other.id.cmp(&self.id))
    }
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

    #[test]
    fn the_lower_bound_never_exceeds_the_geodesic_distance() {
        // North–south at the equator is where the bound is tightest.
        let equator = LngLat::lon_lat(0.0, 0.0);
        for dlat in [1e-6, 1e-3, 0.1, 1.0] {
            let b = LngLat::lon_lat(0.0, dlat);
            assert!(SphereQuery::new(equator).point_bound_m(b) <= distance_m(equator, b));
        }
        let mut rng = XorShift(3);
        for _ in 0..2_000 {
            let a = LngLat::lon_lat(rng.in_range(-180.0, 180.0), rng.in_range(-89.0, 89.0));
            let b = LngLat::lon_lat(
                a.lng + rng.in_range(-0.5, 0.5),
                (a.lat + rng.in_range(-2.0, 2.0)).clamp(-90.0, 90.0),
            );
            let bound = SphereQuery::new(a).point_bound_m(b);
            assert!(bound <= distance_m(a, b), "{a:?} {b:?}");
        }
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

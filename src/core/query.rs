//! Geographic questions over validated features: which area holds a point,
//! which indexed points lie in an area, and an area's measures.
//!
//! # The boundary counts as outside
//!
//! Point-in-polygon tests use `geo`'s [`Contains`], which follows the DE-9IM
//! "contains" predicate: a point on any ring (the outline or a hole's edge) is
//! **not** contained. Every function here inherits that, so a point exactly on
//! a shared edge between two parks belongs to neither, never to both.
//! Edges are straight lines in lon/lat, as the data draws them.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Centroid, Contains, Coord, MultiPolygon, Polygon};

use super::catalog::Catalog;
use super::coord::{LngLat, LngLatBounds};
use super::index::PointIndex;
use super::measure::{area_m2, perimeter_m, to_geo_polygon};
use super::model::{Feature, FeatureKind, Geometry, Ring};

fn coord(p: LngLat) -> Coord<f64> {
    Coord { x: p.lng, y: p.lat }
}

/// True when `p` lies strictly inside the polygon given as exterior ring then
/// holes: inside the outline and outside every hole. A point on any ring is
/// outside (see the module docs); ring orientation does not matter.
///
/// ```
/// use qikai_map::core::{coord::LngLat, query::polygon_contains};
/// let square = vec![
///     LngLat::lon_lat(125.0, 43.8), LngLat::lon_lat(125.1, 43.8),
///     LngLat::lon_lat(125.1, 43.9), LngLat::lon_lat(125.0, 43.9),
///     LngLat::lon_lat(125.0, 43.8),
/// ];
/// assert!(polygon_contains(&[square.clone()], LngLat::lon_lat(125.05, 43.85)));
/// assert!(!polygon_contains(&[square], LngLat::lon_lat(125.0, 43.85)));
/// ```
pub fn polygon_contains(rings: &[Ring], p: LngLat) -> bool {
    to_geo_polygon(rings).is_some_and(|poly| poly.contains(&coord(p)))
}

/// True when an areal geometry holds `p` (any part of a multipolygon); always
/// false for a point geometry, which has no inside.
pub fn geometry_contains(g: &Geometry, p: LngLat) -> bool {
    g.polygons()
        .into_iter()
        .any(|rings| polygon_contains(rings, p))
}

/// Ids of the indexed points strictly inside the polygon, ascending: a box
/// query on the polygon's bounding box, then the exact test on each candidate.
///
/// The test is [`RingsTest`], a crossing-number test over a precomputed edge
/// list, with the same answer as [`polygon_contains`] (boundary outside) for
/// simple rings; only the ids found inside are sorted.
pub fn points_in_polygon(index: &PointIndex, rings: &[Ring]) -> Vec<usize> {
    let Some(bounds) = rings.first().and_then(LngLatBounds::from_points) else {
        return Vec::new();
    };
    let test = RingsTest::new(rings);
    let mut ids = Vec::new();
    index.for_each_in_box(bounds, |id, p| {
        if test.contains(p) {
            ids.push(id);
        }
    });
    ids.sort_unstable();
    ids
}

/// One edge of a ring, `a` → `b`, with its latitude range.
#[derive(Clone, Copy, Debug)]
struct Edge {
    a: Coord<f64>,
    b: Coord<f64>,
    y_min: f64,
    y_max: f64,
}

/// A polygon (exterior ring then holes) prepared for many point tests: all
/// edges of all rings in one list.
///
/// # The test, and its boundary rule
///
/// Even–odd crossing number: cast a ray from the point towards +x and count
/// the edges it crosses, each edge taken half-open in y (it counts when
/// exactly one endpoint lies strictly above the point), which counts a ray
/// through a vertex once. Holes need no special case: their edges are in the
/// same list, so a point in a hole crosses an even number in all. Which side
/// of an edge the point lies on is decided by `geo`'s robust (exact)
/// `orient2d`, never by a rounded intersection.
///
/// A point **on** any edge (orientation exactly zero within the edge's
/// extent, or on a horizontal edge) is outside, exactly like `geo`'s DE-9IM
/// [`Contains`] that [`polygon_contains`] uses: the same exact predicate
/// decides both, so the two agree on every point for simple rings (the
/// catalog's and the benchmark's). For self-intersecting rings even–odd and
/// `geo`'s winding rule can differ in the doubly covered parts.
#[derive(Clone, Debug)]
pub(crate) struct RingsTest {
    edges: Vec<Edge>,
}

impl RingsTest {
    /// The edges of every ring (a ring's closing edge included, whether or
    /// not the last vertex repeats the first; zero-length edges dropped).
    pub(crate) fn new(rings: &[Ring]) -> Self {
        let mut edges = Vec::new();
        for ring in rings {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                if a == b {
                    continue;
                }
                edges.push(Edge {
                    a: coord(a),
                    b: coord(b),
                    y_min: a.lat.min(b.lat),
                    y_max: a.lat.max(b.lat),
                });
            }
        }
        Self { edges }
    }

    /// True when `p` lies strictly inside (see the type's docs).
    pub(crate) fn contains(&self, p: LngLat) -> bool {
        let q = coord(p);
        let mut inside = false;
        for e in &self.edges {
            if q.y < e.y_min || q.y > e.y_max {
                continue;
            }
            if e.y_min == e.y_max {
                // Horizontal, at the point's latitude: on it or no crossing.
                if q.x >= e.a.x.min(e.b.x) && q.x <= e.a.x.max(e.b.x) {
                    return false;
                }
                continue;
            }
            // A point to the right of both ends can be neither on the edge
            // nor left of it: skip the predicate.
            if q.x > e.a.x.max(e.b.x) {
                continue;
            }
            let o = RobustKernel::orient2d(e.a, e.b, q);
            if o == Orientation::Collinear {
                // Within the edge's y range and on its line: on the edge.
                return false;
            }
            if (e.a.y > q.y) != (e.b.y > q.y) {
                // Going up (a below b), the ray to +x crosses when the point
                // is left of a → b; going down, when it is right.
                let left = o == Orientation::CounterClockwise;
                if left == (e.b.y > e.a.y) {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

/// The features of `kind` whose area holds `p`, in catalog (drawing) order.
/// Point features never contain anything.
pub fn containing_features(catalog: &Catalog, p: LngLat, kind: FeatureKind) -> Vec<&Feature> {
    catalog
        .of_kind(kind)
        .filter(|f| f.geometry.bounds().is_some_and(|b| b.contains(p)))
        .filter(|f| geometry_contains(&f.geometry, p))
        .collect()
}

/// Measures of an areal geometry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaStats {
    /// Geodesic area, holes subtracted, summed over the parts; m².
    pub area_m2: f64,
    /// Geodesic length of every ring (holes included) of every part; m.
    pub perimeter_m: f64,
    /// Area-weighted centroid in degrees (see [`area_stats`] for its accuracy).
    /// It may fall outside a concave or multi-part shape: it is a centre of
    /// mass, not a label anchor.
    pub centroid: LngLat,
}

/// Area, perimeter and centroid of a polygon or multipolygon; `None` for a
/// point or a geometry without a centroid (no rings).
///
/// Area and perimeter are geodesic ([`area_m2`], [`perimeter_m`]). The
/// centroid is `geo`'s planar area-weighted [`Centroid`] computed on lon/lat
/// degrees. Centroids commute with linear maps, so this is exactly the
/// centroid in the local plane x = lon·cos φ0, y = lat; what it neglects is
/// the change of cos φ across the shape, a relative scale change of
/// tan φ·Δφ (0.17 % over 0.1° of latitude at 44° N), which moves the centroid
/// by metres for a zone-sized area.
pub fn area_stats(g: &Geometry) -> Option<AreaStats> {
    let parts = g.polygons();
    let polygons: Vec<Polygon<f64>> = parts.iter().filter_map(|r| to_geo_polygon(r)).collect();
    let centroid = MultiPolygon::new(polygons).centroid()?;
    Some(AreaStats {
        area_m2: parts.iter().map(|r| area_m2(r)).sum(),
        perimeter_m: parts.iter().map(|r| perimeter_m(r)).sum(),
        centroid: LngLat::lon_lat(centroid.x(), centroid.y()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::measure::distance_m;
    use crate::core::model::{Figures, PositionAccuracy, Status};

    fn square(lng0: f64, lat0: f64, side_deg: f64) -> Ring {
        vec![
            LngLat::lon_lat(lng0, lat0),
            LngLat::lon_lat(lng0 + side_deg, lat0),
            LngLat::lon_lat(lng0 + side_deg, lat0 + side_deg),
            LngLat::lon_lat(lng0, lat0 + side_deg),
            LngLat::lon_lat(lng0, lat0),
        ]
    }

    /// A 0.1° square at (125.0, 43.8) with a 0.02° hole at (125.02, 43.82).
    fn square_with_hole() -> Vec<Ring> {
        vec![square(125.0, 43.8, 0.1), square(125.02, 43.82, 0.02)]
    }

    fn feature(id: &str, kind: FeatureKind, geometry: Geometry) -> Feature {
        Feature {
            id: id.into(),
            kind,
            name_zh: id.into(),
            name_en: id.into(),
            category: None,
            status: Status::Unknown,
            geometry,
            figures: Figures::default(),
            milestones: Vec::new(),
            source: String::new(),
            source_url: None,
            position_accuracy: PositionAccuracy::Exact,
            note_zh: None,
            note_en: None,
        }
    }

    #[test]
    fn a_point_in_the_hole_is_outside_and_one_beside_it_is_inside() {
        let rings = square_with_hole();
        assert!(!polygon_contains(&rings, LngLat::lon_lat(125.03, 43.83)));
        assert!(polygon_contains(&rings, LngLat::lon_lat(125.01, 43.83)));
        assert!(polygon_contains(&rings, LngLat::lon_lat(125.09, 43.89)));
        assert!(!polygon_contains(&rings, LngLat::lon_lat(125.2, 43.83)));
    }

    #[test]
    fn points_on_the_outline_or_the_hole_edge_are_outside() {
        let rings = square_with_hole();
        assert!(!polygon_contains(&rings, LngLat::lon_lat(125.0, 43.85)));
        assert!(!polygon_contains(&rings, LngLat::lon_lat(125.05, 43.8)));
        assert!(!polygon_contains(&rings, LngLat::lon_lat(125.02, 43.83)));
        assert!(!polygon_contains(&rings, LngLat::lon_lat(125.0, 43.8)));
    }

    #[test]
    fn ring_orientation_does_not_change_containment() {
        let reversed: Vec<Ring> = square_with_hole()
            .into_iter()
            .map(|r| r.into_iter().rev().collect())
            .collect();
        assert!(polygon_contains(&reversed, LngLat::lon_lat(125.01, 43.83)));
        assert!(!polygon_contains(&reversed, LngLat::lon_lat(125.03, 43.83)));
    }

    #[test]
    fn no_rings_and_point_geometries_contain_nothing() {
        let p = LngLat::lon_lat(125.05, 43.85);
        assert!(!polygon_contains(&[], p));
        assert!(!geometry_contains(&Geometry::Point(p), p));
        assert!(area_stats(&Geometry::Point(p)).is_none());
    }

    #[test]
    fn a_multipolygon_contains_points_in_either_part_only() {
        let g = Geometry::MultiPolygon(vec![square_with_hole(), vec![square(125.3, 43.8, 0.05)]]);
        assert!(geometry_contains(&g, LngLat::lon_lat(125.01, 43.83)));
        assert!(geometry_contains(&g, LngLat::lon_lat(125.32, 43.82)));
        assert!(!geometry_contains(&g, LngLat::lon_lat(125.03, 43.83)));
        assert!(!geometry_contains(&g, LngLat::lon_lat(125.2, 43.83)));
    }

    #[test]
    fn points_in_polygon_keeps_only_points_inside_and_out_of_the_hole() {
        let points = [
            LngLat::lon_lat(125.01, 43.83), // inside
            LngLat::lon_lat(125.03, 43.83), // in the hole
            LngLat::lon_lat(125.2, 43.83),  // outside the box
            LngLat::lon_lat(125.09, 43.81), // inside
            LngLat::lon_lat(125.0, 43.85),  // on the outline
        ];
        let index = PointIndex::new(&points);
        assert_eq!(points_in_polygon(&index, &square_with_hole()), vec![0, 3]);
        assert!(points_in_polygon(&index, &[]).is_empty());
    }

    #[test]
    fn the_crossing_test_agrees_with_geo_contains_on_and_off_the_edges() {
        // xorshift64, reproducible.
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut rnd = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        // A star-shaped ring (as the benchmark draws them), a square with a
        // hole, and the reversed square.
        let mut star: Ring = (0..15)
            .map(|i| {
                let a = f64::from(i) / 15.0 * std::f64::consts::TAU;
                let r = 0.02 * (0.5 + 0.5 * rnd());
                LngLat::lon_lat(125.2 + r * a.cos(), 43.85 + r * a.sin())
            })
            .collect();
        star.push(star[0]);
        let shapes = [
            vec![star],
            square_with_hole(),
            square_with_hole()
                .into_iter()
                .map(|r| r.into_iter().rev().collect())
                .collect(),
        ];
        let mut all_points = Vec::new();
        for rings in &shapes {
            let bounds = LngLatBounds::from_points(&rings[0]).expect("a ring");
            let mut pts: Vec<LngLat> = (0..3_000)
                .map(|_| {
                    LngLat::lon_lat(
                        bounds.min.lng + (bounds.max.lng - bounds.min.lng) * rnd(),
                        bounds.min.lat + (bounds.max.lat - bounds.min.lat) * rnd(),
                    )
                })
                .collect();
            // Vertices, points on axis-parallel edges and on the vertices'
            // latitudes (where the ray passes through a vertex).
            for ring in rings {
                for w in ring.windows(2) {
                    pts.push(w[0]);
                    pts.push(LngLat::lon_lat(
                        (w[0].lng + w[1].lng) / 2.0,
                        (w[0].lat + w[1].lat) / 2.0,
                    ));
                    pts.push(LngLat::lon_lat(bounds.center().lng, w[0].lat));
                    pts.push(LngLat::lon_lat(w[0].lng - 1e-9, w[0].lat));
                    pts.push(LngLat::lon_lat(w[0].lng + 1e-9, w[0].lat));
                }
            }
            let test = RingsTest::new(rings);
            for &p in &pts {
                assert_eq!(test.contains(p), polygon_contains(rings, p), "{p:?}");
            }
            let index = PointIndex::new(&pts);
            let want: Vec<usize> = (0..pts.len())
                .filter(|&i| polygon_contains(rings, pts[i]))
                .collect();
            assert_eq!(points_in_polygon(&index, rings), want);
            all_points.extend(pts);
        }
        assert!(all_points.len() > 9_000);
    }

    #[test]
    fn containing_features_returns_only_areas_of_the_kind_that_hold_the_point() {
        let catalog = Catalog::new(vec![
            feature(
                "zone",
                FeatureKind::Zone,
                Geometry::Polygon(vec![square(125.0, 43.8, 0.2)]),
            ),
            feature(
                "holed",
                FeatureKind::Park,
                Geometry::Polygon(square_with_hole()),
            ),
            feature(
                "east",
                FeatureKind::Park,
                Geometry::Polygon(vec![square(125.15, 43.8, 0.04)]),
            ),
            feature(
                "site",
                FeatureKind::Park,
                Geometry::Point(LngLat::lon_lat(125.01, 43.83)),
            ),
        ]);
        let ids = |p: LngLat, kind| -> Vec<String> {
            containing_features(&catalog, p, kind)
                .into_iter()
                .map(|f| f.id.clone())
                .collect()
        };
        assert_eq!(
            ids(LngLat::lon_lat(125.01, 43.83), FeatureKind::Park),
            ["holed"]
        );
        assert_eq!(
            ids(LngLat::lon_lat(125.03, 43.83), FeatureKind::Park),
            Vec::<String>::new()
        );
        assert_eq!(
            ids(LngLat::lon_lat(125.03, 43.83), FeatureKind::Zone),
            ["zone"]
        );
        assert_eq!(
            ids(LngLat::lon_lat(125.16, 43.81), FeatureKind::Park),
            ["east"]
        );
    }

    #[test]
    fn area_stats_subtract_the_hole_and_count_its_edge_in_the_perimeter() {
        let rings = square_with_hole();
        let stats = area_stats(&Geometry::Polygon(rings.clone())).expect("a polygon");
        let outer = area_m2(&rings[..1]);
        let hole = area_m2(&rings[1..]);
        assert!((stats.area_m2 - (outer - hole)).abs() <= 1e-6 * outer);
        let expected_perimeter = perimeter_m(&rings[..1]) + perimeter_m(&rings[1..]);
        assert!((stats.perimeter_m - expected_perimeter).abs() <= 1e-6 * expected_perimeter);
        // The hole sits south-west of the centre, so mass moves north-east.
        assert!(stats.centroid.lng > 125.05 && stats.centroid.lat > 43.85);
        // Planar: (A·x̄ − a·x̄_hole) / (A − a), A = 0.01 deg², a = 0.0004 deg².
        let expected = 125.0 + (0.01 * 0.05 - 0.0004 * 0.03) / 0.0096;
        assert!(
            (stats.centroid.lng - expected).abs() < 1e-9,
            "{:?}",
            stats.centroid
        );
    }

    #[test]
    fn area_stats_sum_the_parts_of_a_multipolygon() {
        let a = vec![square(125.0, 43.8, 0.02)];
        let b = vec![square(125.1, 43.8, 0.02)];
        let stats = area_stats(&Geometry::MultiPolygon(vec![a.clone(), b.clone()])).expect("areal");
        let single = area_stats(&Geometry::Polygon(a.clone())).expect("areal");
        assert!((stats.area_m2 - area_m2(&a) - area_m2(&b)).abs() <= 1e-6 * stats.area_m2);
        assert!(
            (stats.perimeter_m - perimeter_m(&a) - perimeter_m(&b)).abs()
                <= 1e-6 * stats.perimeter_m
        );
        // Two equal squares: the centroid lies midway between their centres.
        let mid = LngLat::lon_lat(125.06, 43.81);
        assert!(
            distance_m(stats.centroid, mid) < 0.01,
            "{:?}",
            stats.centroid
        );
        assert!(distance_m(single.centroid, LngLat::lon_lat(125.01, 43.81)) < 0.01);
    }
}

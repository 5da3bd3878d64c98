//! Geodesic measures on the WGS-84 ellipsoid, never Euclidean on lon/lat.
//!
//! Distances and areas use Karney's algorithms ("Algorithms for geodesics",
//! J. Geodesy 87, 2013) as implemented by `geo`'s `Geodesic` metric space.

use geo::orient::{Direction, Orient};
use geo::{Distance, Geodesic, GeodesicArea, LineString, Point, Polygon};

use super::coord::LngLat;
use super::model::Ring;

/// Geodesic distance between two positions.
///
/// # Units
/// Metres.
///
/// ```
/// use qikai_map::core::{coord::LngLat, measure::distance_m};
/// // One degree of latitude near 44° N is about 111.1 km.
/// let d = distance_m(LngLat::lon_lat(125.0, 43.5), LngLat::lon_lat(125.0, 44.5));
/// assert!((d - 111_120.0).abs() < 200.0);
/// ```
pub fn distance_m(a: LngLat, b: LngLat) -> f64 {
    Geodesic.distance(Point::new(a.lng, a.lat), Point::new(b.lng, b.lat))
}

/// The rings (exterior, then holes) as a `geo` polygon in lon/lat degrees;
/// `None` when there is no exterior ring.
pub(crate) fn to_geo_polygon(rings: &[Ring]) -> Option<Polygon<f64>> {
    let mut iter = rings
        .iter()
        .map(|ring| LineString::from(ring.iter().map(|p| (p.lng, p.lat)).collect::<Vec<_>>()));
    let exterior = iter.next()?;
    Some(Polygon::new(exterior, iter.collect()))
}

fn to_polygon(rings: &[Ring]) -> Option<Polygon<f64>> {
    // geo's geodesic area expects a counter-clockwise exterior (a clockwise one
    // measures the rest of the globe), so normalise the winding first.
    to_geo_polygon(rings).map(|p| p.orient(Direction::Default))
}

/// Geodesic area of a polygon given as exterior ring then holes; holes are
/// subtracted and ring orientation does not matter.
///
/// # Units
/// Square metres.
pub fn area_m2(rings: &[Ring]) -> f64 {
    to_polygon(rings).map_or(0.0, |p| p.geodesic_area_unsigned())
}

/// Geodesic perimeter of a polygon, holes included.
///
/// # Units
/// Metres.
pub fn perimeter_m(rings: &[Ring]) -> f64 {
    to_polygon(rings).map_or(0.0, |p| p.geodesic_perimeter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lng0: f64, lat0: f64, side_deg: f64) -> Ring {
        vec![
            LngLat::lon_lat(lng0, lat0),
            LngLat::lon_lat(lng0 + side_deg, lat0),
            LngLat::lon_lat(lng0 + side_deg, lat0 + side_deg),
            LngLat::lon_lat(lng0, lat0 + side_deg),
            LngLat::lon_lat(lng0, lat0),
        ]
    }

    #[test]
    fn distance_is_zero_to_itself_and_symmetric() {
        let a = LngLat::lon_lat(125.165766, 43.83123);
        let b = LngLat::lon_lat(125.19667, 43.84278);
        assert_eq!(distance_m(a, a), 0.0);
        assert!((distance_m(a, b) - distance_m(b, a)).abs() < 1e-6);
        // About 2.8 km between FAW HQ and FAW-VW (checked against a spherical estimate).
        assert!((2_700.0..2_900.0).contains(&distance_m(a, b)));
    }

    #[test]
    fn a_hole_is_subtracted_and_orientation_does_not_matter() {
        let outer = square(125.0, 43.8, 0.1);
        let hole = square(125.02, 43.82, 0.02);
        let full = area_m2(std::slice::from_ref(&outer));
        let with_hole = area_m2(&[outer.clone(), hole.clone()]);
        let reversed: Ring = outer.iter().rev().copied().collect();
        assert!((area_m2(&[reversed]) - full).abs() < 1e-3 * full);
        assert!((full - with_hole - area_m2(&[hole])).abs() < 1e-6 * full);
        // 0.1° × 0.1° at 43.8° N: about 8.03 km × 11.11 km.
        assert!((full / 1e6 - 89.2).abs() < 1.0, "{}", full / 1e6);
    }

    #[test]
    fn perimeter_of_a_small_square_is_four_sides() {
        let ring = square(125.0, 43.8, 0.01);
        let sides = distance_m(ring[0], ring[1])
            + distance_m(ring[1], ring[2])
            + distance_m(ring[2], ring[3])
            + distance_m(ring[3], ring[4]);
        assert!((perimeter_m(&[ring]) - sides).abs() < 1e-6 * sides);
    }
}

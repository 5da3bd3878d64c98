//! Spherical Web Mercator (EPSG:3857) on a unit world square.
//!
//! World coordinates are in `[0, 1]²`: x grows east from the antimeridian, y
//! grows south from 85.0511° N, so that screen pixels at zoom `z` are world × 256 · 2^z.
//! Formulas: Snyder, "Map Projections — A Working Manual" (USGS PP 1395, 1987), eq. 7-1, 7-2, 7-4.

use std::f64::consts::PI;

use crate::core::coord::LngLat;

/// Equatorial radius of WGS-84, used by Web Mercator as a sphere.
pub const EARTH_RADIUS_M: f64 = 6_378_137.0;
/// Side of the world square at zoom 0, in pixels.
pub const TILE_SIZE_PX: f64 = 256.0;
/// The latitude where the square Web Mercator world ends.
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// A point on the unit world square.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorldPoint {
    /// 0 at 180° W, 1 at 180° E.
    pub x: f64,
    /// 0 at the north edge, 1 at the south edge.
    pub y: f64,
}

/// A screen box `(x0, y0, x1, y1)` in CSS pixels relative to the map's top-left corner.
pub type ScreenBox = (f64, f64, f64, f64);

/// A point in CSS pixels relative to the map's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ScreenPoint {
    /// Pixels right of the left edge.
    pub x: f64,
    /// Pixels below the top edge.
    pub y: f64,
}

impl ScreenPoint {
    /// Builds a screen point.
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }

    /// Euclidean distance in pixels.
    pub fn distance_px(self, other: Self) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    /// The point halfway to `other`.
    pub fn midpoint(self, other: Self) -> Self {
        Self::new((self.x + other.x) / 2.0, (self.y + other.y) / 2.0)
    }
}

/// Projects a position to the world square (latitude clamped to Mercator's range).
pub fn lnglat_to_world(p: LngLat) -> WorldPoint {
    let lat = p.lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    WorldPoint {
        x: (p.lng + 180.0) / 360.0,
        y: (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0,
    }
}

/// Inverse of [`lnglat_to_world`].
pub fn world_to_lnglat(w: WorldPoint) -> LngLat {
    let lng = w.x * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * w.y)).sinh().atan().to_degrees();
    LngLat::lon_lat(lng, lat)
}

/// Pixels across the world at a zoom level.
pub fn world_size_px(zoom: f64) -> f64 {
    TILE_SIZE_PX * zoom.exp2()
}

/// Ground distance covered by one CSS pixel at `lat_deg` and `zoom`.
///
/// # Units
/// Metres per pixel.
pub fn ground_resolution_m_per_px(lat_deg: f64, zoom: f64) -> f64 {
    lat_deg.to_radians().cos() * 2.0 * PI * EARTH_RADIUS_M / world_size_px(zoom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_round_trips_across_the_zone_and_the_world() {
        for (lng, lat) in [
            (125.165766, 43.83123),
            (0.0, 0.0),
            (-179.9, -80.0),
            (179.9, 85.0),
        ] {
            let back = world_to_lnglat(lnglat_to_world(LngLat::lon_lat(lng, lat)));
            assert!(
                (back.lng - lng).abs() < 1e-9 && (back.lat - lat).abs() < 1e-9,
                "{lng},{lat}"
            );
        }
    }

    #[test]
    fn known_points_land_where_tiles_put_them() {
        let origin = lnglat_to_world(LngLat::lon_lat(0.0, 0.0));
        assert!((origin.x - 0.5).abs() < 1e-12 && (origin.y - 0.5).abs() < 1e-12);
        let corner = lnglat_to_world(LngLat::lon_lat(-180.0, MAX_LATITUDE));
        assert!(corner.x.abs() < 1e-12 && corner.y.abs() < 1e-9);
        // 45° N: y = (1 − asinh(tan 45°)/π)/2 = (1 − ln(1 + √2)/π)/2.
        let y45 = (1.0 - (1.0 + 2f64.sqrt()).ln() / std::f64::consts::PI) / 2.0;
        assert!((lnglat_to_world(LngLat::lon_lat(90.0, 45.0)).y - y45).abs() < 1e-12);
        assert!((lnglat_to_world(LngLat::lon_lat(90.0, 45.0)).x - 0.75).abs() < 1e-12);
    }

    #[test]
    fn ground_resolution_matches_the_published_table() {
        // 156 543.03 m/px at the equator, zoom 0 (OSM wiki "Zoom levels").
        assert!((ground_resolution_m_per_px(0.0, 0.0) - 156_543.03).abs() < 0.01);
        // Halves with each zoom; scales with cos(latitude).
        let z12 = ground_resolution_m_per_px(43.83, 12.0);
        assert!((z12 - 156_543.034 * 43.83f64.to_radians().cos() / 4096.0).abs() < 1e-3);
    }
}

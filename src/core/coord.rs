//! Geographic coordinates. One order everywhere: x = longitude, y = latitude,
//! degrees on WGS-84.

use serde::{Deserialize, Serialize};

/// A WGS-84 position in degrees, longitude first (RFC 7946 order).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LngLat {
    /// Longitude in degrees, east positive, in `-180..=180`.
    pub lng: f64,
    /// Latitude in degrees, north positive, in `-90..=90`.
    pub lat: f64,
}

impl LngLat {
    /// Builds a position from longitude then latitude (the GeoJSON order).
    ///
    /// ```
    /// use qikai_map::core::coord::LngLat;
    /// let faw_hq = LngLat::lon_lat(125.165766, 43.83123);
    /// assert_eq!(faw_hq.lng, 125.165766);
    /// ```
    pub const fn lon_lat(lng: f64, lat: f64) -> Self {
        Self { lng, lat }
    }

    /// Builds a position from latitude then longitude (the order people say aloud),
    /// so that a call site copied from a "43.83, 125.17" text reads correctly.
    pub const fn lat_lon(lat: f64, lng: f64) -> Self {
        Self { lng, lat }
    }

    /// True when both values are finite and inside the WGS-84 ranges.
    pub fn is_valid(&self) -> bool {
        self.lng.is_finite()
            && self.lat.is_finite()
            && (-180.0..=180.0).contains(&self.lng)
            && (-90.0..=90.0).contains(&self.lat)
    }
}

/// An axis-aligned longitude/latitude box (never crossing the antimeridian:
/// the widget maps one Chinese city).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LngLatBounds {
    /// South-west corner.
    pub min: LngLat,
    /// North-east corner.
    pub max: LngLat,
}

impl LngLatBounds {
    /// The smallest box holding every position, or `None` for no positions.
    pub fn from_points<'a>(points: impl IntoIterator<Item = &'a LngLat>) -> Option<Self> {
        let mut iter = points.into_iter();
        let first = *iter.next()?;
        let mut bounds = Self {
            min: first,
            max: first,
        };
        for p in iter {
            bounds = bounds.extended(*p);
        }
        Some(bounds)
    }

    /// This box grown to hold `p`.
    pub fn extended(self, p: LngLat) -> Self {
        Self {
            min: LngLat::lon_lat(self.min.lng.min(p.lng), self.min.lat.min(p.lat)),
            max: LngLat::lon_lat(self.max.lng.max(p.lng), self.max.lat.max(p.lat)),
        }
    }

    /// The union of two boxes.
    pub fn union(self, other: Self) -> Self {
        self.extended(other.min).extended(other.max)
    }

    /// True when `p` lies inside or on the edge.
    pub fn contains(&self, p: LngLat) -> bool {
        (self.min.lng..=self.max.lng).contains(&p.lng)
            && (self.min.lat..=self.max.lat).contains(&p.lat)
    }

    /// The centre in degrees (not the Mercator centre; close enough at city scale).
    pub fn center(&self) -> LngLat {
        LngLat::lon_lat(
            (self.min.lng + self.max.lng) / 2.0,
            (self.min.lat + self.max.lat) / 2.0,
        )
    }

    /// This box grown by `fraction` of its size on every side.
    pub fn padded(self, fraction: f64) -> Self {
        let dx = (self.max.lng - self.min.lng) * fraction;
        let dy = (self.max.lat - self.min.lat) * fraction;
        Self {
            min: LngLat::lon_lat(self.min.lng - dx, self.min.lat - dy),
            max: LngLat::lon_lat(self.max.lng + dx, self.max.lat + dy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lat_lon_and_lon_lat_build_the_same_point() {
        assert_eq!(LngLat::lat_lon(43.8, 125.2), LngLat::lon_lat(125.2, 43.8));
    }

    #[test]
    fn validity_rejects_out_of_range_and_non_finite_values() {
        assert!(LngLat::lon_lat(125.2, 43.8).is_valid());
        assert!(!LngLat::lon_lat(43.8, 125.2).is_valid());
        assert!(!LngLat::lon_lat(f64::NAN, 43.8).is_valid());
        assert!(!LngLat::lon_lat(181.0, 0.0).is_valid());
    }

    #[test]
    fn bounds_hold_every_point_and_pad_symmetrically() {
        let pts = [LngLat::lon_lat(125.0, 43.7), LngLat::lon_lat(125.4, 43.9)];
        let b = LngLatBounds::from_points(&pts).expect("two points");
        assert!(pts.iter().all(|p| b.contains(*p)));
        let padded = b.padded(0.5);
        assert!((padded.min.lng - 124.8).abs() < 1e-9);
        assert!((padded.max.lat - 44.0).abs() < 1e-9);
        assert!(LngLatBounds::from_points(&[]).is_none());
    }
}

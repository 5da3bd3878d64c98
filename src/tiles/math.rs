//! Web Mercator tile math (the XYZ scheme of OSM, MVT and PMTiles): a tile
//! `z/x/y` is column `x` from the antimeridian and row `y` from the top of the
//! square world at ±85.0511° latitude, `2^z` tiles a side.
//!
//! The projection is the cluster index's [`UnitPoint`], so a point falls into
//! the same tile here as in the clustering.

use crate::core::cluster::UnitPoint;
use crate::core::coord::{LngLat, LngLatBounds};

/// Deepest zoom the tile math accepts (tile ids of PMTiles stay in a `u64`
/// up to 31; positions in a tile at 4096 units stay exact in `i32`).
pub const MAX_ZOOM: u8 = 30;

/// One tile of the pyramid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    /// Zoom level, `0..=MAX_ZOOM`.
    pub z: u8,
    /// Column, `0..2^z`, west to east.
    pub x: u32,
    /// Row, `0..2^z`, north to south.
    pub y: u32,
}

impl TileId {
    /// The tile when `x` and `y` are inside the zoom's grid, else `None`.
    ///
    /// ```
    /// use qikai_map::tiles::math::TileId;
    /// assert!(TileId::new(1, 1, 1).is_some());
    /// assert!(TileId::new(1, 2, 0).is_none());
    /// ```
    pub fn new(z: u8, x: u32, y: u32) -> Option<Self> {
        if z > MAX_ZOOM {
            return None;
        }
        let n = 1u64 << z;
        (u64::from(x) < n && u64::from(y) < n).then_some(Self { z, x, y })
    }

    /// Tiles a side at this zoom.
    pub fn side(self) -> u32 {
        1u32 << self.z
    }

    /// The tile's box in degrees (north edge from the Mercator inverse).
    pub fn bounds(self) -> LngLatBounds {
        let n = f64::from(self.side());
        let nw = UnitPoint {
            x: f64::from(self.x) / n,
            y: f64::from(self.y) / n,
        }
        .to_lnglat();
        let se = UnitPoint {
            x: f64::from(self.x + 1) / n,
            y: f64::from(self.y + 1) / n,
        }
        .to_lnglat();
        LngLatBounds {
            min: LngLat::lon_lat(nw.lng, se.lat),
            max: LngLat::lon_lat(se.lng, nw.lat),
        }
    }

    /// The tile one zoom up that holds this one (`None` at zoom 0).
    pub fn parent(self) -> Option<Self> {
        (self.z > 0).then(|| Self {
            z: self.z - 1,
            x: self.x / 2,
            y: self.y / 2,
        })
    }

    /// The four tiles one zoom down that make up this one (NW, NE, SW, SE);
    /// `None` at [`MAX_ZOOM`].
    pub fn children(self) -> Option<[Self; 4]> {
        if self.z >= MAX_ZOOM {
            return None;
        }
        let (z, x, y) = (self.z + 1, self.x * 2, self.y * 2);
        Some([
            Self { z, x, y },
            Self { z, x: x + 1, y },
            Self { z, x, y: y + 1 },
            Self {
                z,
                x: x + 1,
                y: y + 1,
            },
        ])
    }

    /// Where a position falls in this tile, in tile units of `extent` a side
    /// (0..extent inside; outside the tile the values run past the edges).
    pub fn to_tile_units(self, p: LngLat, extent: u32) -> (i64, i64) {
        let u = UnitPoint::from_lnglat(p);
        let n = f64::from(self.side());
        let e = f64::from(extent);
        let fx = (u.x * n - f64::from(self.x)) * e;
        let fy = (u.y * n - f64::from(self.y)) * e;
        (fx.round() as i64, fy.round() as i64)
    }

    /// The position of tile units `(tx, ty)` (inverse of
    /// [`to_tile_units`](Self::to_tile_units) up to the rounding).
    pub fn from_tile_units(self, tx: i64, ty: i64, extent: u32) -> LngLat {
        let n = f64::from(self.side());
        let e = f64::from(extent.max(1));
        UnitPoint {
            x: (f64::from(self.x) + tx as f64 / e) / n,
            y: (f64::from(self.y) + ty as f64 / e) / n,
        }
        .to_lnglat()
    }
}

impl std::fmt::Display for TileId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.z, self.x, self.y)
    }
}

/// The tile at zoom `z` that holds `p` (latitude clamped to the Mercator
/// square, longitude 180° in the last column). `None` for a non-finite
/// position or `z` past [`MAX_ZOOM`].
///
/// ```
/// use qikai_map::core::coord::LngLat;
/// use qikai_map::tiles::math::{tile_of, TileId};
/// assert_eq!(tile_of(LngLat::lon_lat(0.0, 0.0), 1), TileId::new(1, 1, 1));
/// assert_eq!(tile_of(LngLat::lon_lat(-180.0, 85.0), 3), TileId::new(3, 0, 0));
/// ```
pub fn tile_of(p: LngLat, z: u8) -> Option<TileId> {
    if z > MAX_ZOOM || !p.lng.is_finite() || !p.lat.is_finite() {
        return None;
    }
    let u = UnitPoint::from_lnglat(LngLat::lon_lat(p.lng.clamp(-180.0, 180.0), p.lat));
    let n = f64::from(1u32 << z);
    let last = (1u32 << z) - 1;
    let cell = |v: f64| ((v * n).floor().max(0.0) as u32).min(last);
    Some(TileId {
        z,
        x: cell(u.x),
        y: cell(u.y),
    })
}

/// Why a covering was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CoverError {
    /// A corner is not a finite number, or the zoom is past [`MAX_ZOOM`].
    #[error("the box or zoom is not valid")]
    Invalid,
    /// More tiles than the caller's limit.
    #[error("{count} tiles cover the box, over the limit of {limit}")]
    TooMany {
        /// Tiles the box needs.
        count: u64,
        /// The caller's limit.
        limit: usize,
    },
}

/// The tiles at zoom `z` that cover `bbox`, row by row from the north-west;
/// refused (not truncated) when more than `limit` would be needed, so a
/// caller never silently draws part of a view.
///
/// ```
/// use qikai_map::core::coord::{LngLat, LngLatBounds};
/// use qikai_map::tiles::math::tiles_covering;
/// let world = LngLatBounds { min: LngLat::lon_lat(-180.0, -85.0), max: LngLat::lon_lat(180.0, 85.0) };
/// assert_eq!(tiles_covering(world, 2, 100).map(|t| t.len()), Ok(16));
/// assert!(tiles_covering(world, 10, 100).is_err());
/// ```
pub fn tiles_covering(bbox: LngLatBounds, z: u8, limit: usize) -> Result<Vec<TileId>, CoverError> {
    let nw = tile_of(LngLat::lon_lat(bbox.min.lng, bbox.max.lat), z).ok_or(CoverError::Invalid)?;
    let se = tile_of(LngLat::lon_lat(bbox.max.lng, bbox.min.lat), z).ok_or(CoverError::Invalid)?;
    if nw.x > se.x || nw.y > se.y {
        return Ok(Vec::new()); // an inverted box covers nothing
    }
    let count = u64::from(se.x - nw.x + 1) * u64::from(se.y - nw.y + 1);
    if count > limit as u64 {
        return Err(CoverError::TooMany { count, limit });
    }
    let mut out = Vec::with_capacity(count as usize);
    for y in nw.y..=se.y {
        for x in nw.x..=se.x {
            out.push(TileId { z, x, y });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn a_known_tile_holds_changchun() {
        // 125.3245° E, 43.8868° N: x = floor((lon + 180) / 360 · 2^10) = 868;
        // y from the Mercator formula = 370 (computed independently with
        // y = (1 − ln(tan φ + sec φ)/π) / 2 · 2^z).
        let p = LngLat::lon_lat(125.3245, 43.8868);
        let lat = p.lat.to_radians();
        let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * 1024.0;
        let x = (p.lng + 180.0) / 360.0 * 1024.0;
        assert_eq!(
            tile_of(p, 10),
            TileId::new(10, x.floor() as u32, y.floor() as u32)
        );
    }

    #[test]
    fn a_tile_holds_its_own_bounds_and_the_children_tile_it() {
        let t = TileId::new(7, 101, 46).expect("valid");
        let b = t.bounds();
        let inside = LngLat::lon_lat((b.min.lng + b.max.lng) / 2.0, (b.min.lat + b.max.lat) / 2.0);
        assert_eq!(tile_of(inside, 7), Some(t));
        for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            let child = TileId::new(8, 2 * t.x + dx, 2 * t.y + dy).expect("valid");
            assert_eq!(child.parent(), Some(t));
            let cb = child.bounds();
            assert!(cb.min.lng >= b.min.lng - 1e-12 && cb.max.lng <= b.max.lng + 1e-12);
            assert!(cb.min.lat >= b.min.lat - 1e-12 && cb.max.lat <= b.max.lat + 1e-12);
        }
        assert_eq!(TileId::new(0, 0, 0).and_then(TileId::parent), None);
    }

    #[test]
    fn tile_units_round_trip_within_a_unit() {
        let t = TileId::new(12, 3423, 1763).expect("valid");
        let b = t.bounds();
        let p = LngLat::lon_lat(
            b.min.lng + 0.3 * (b.max.lng - b.min.lng),
            b.min.lat + 0.8 * (b.max.lat - b.min.lat),
        );
        let (tx, ty) = t.to_tile_units(p, 4096);
        assert!((0..4096).contains(&tx) && (0..4096).contains(&ty));
        let back = t.from_tile_units(tx, ty, 4096);
        // One unit at z12 of 4096 is under 360 / 2^24 degrees.
        let unit = 360.0 / f64::from(1u32 << 24);
        assert!(close(back.lng, p.lng, unit) && close(back.lat, p.lat, unit));
    }

    #[test]
    fn the_edges_of_the_world_stay_inside_the_grid() {
        assert_eq!(
            tile_of(LngLat::lon_lat(180.0, -90.0), 4),
            TileId::new(4, 15, 15)
        );
        assert_eq!(tile_of(LngLat::lon_lat(f64::NAN, 0.0), 4), None);
        assert_eq!(tile_of(LngLat::lon_lat(0.0, 0.0), MAX_ZOOM + 1), None);
    }

    #[test]
    fn a_covering_has_every_tile_touching_the_box_and_refuses_too_many() {
        let bbox = LngLatBounds {
            min: LngLat::lon_lat(125.0, 43.7),
            max: LngLat::lon_lat(125.4, 43.95),
        };
        let tiles = tiles_covering(bbox, 12, 1000).expect("small");
        for corner in [bbox.min, bbox.max, LngLat::lon_lat(125.2, 43.8)] {
            assert!(tiles.contains(&tile_of(corner, 12).expect("valid")));
        }
        let xs: std::collections::BTreeSet<u32> = tiles.iter().map(|t| t.x).collect();
        let ys: std::collections::BTreeSet<u32> = tiles.iter().map(|t| t.y).collect();
        assert_eq!(xs.len() * ys.len(), tiles.len(), "a full rectangle");
        assert!(matches!(
            tiles_covering(bbox, 20, 1000),
            Err(CoverError::TooMany { .. })
        ));
    }
}

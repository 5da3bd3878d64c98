//! Points at one spot are fanned out on screen so each stays visible and
//! tappable (e.g. FAW HQ, the Automobile Park and its metro station share a
//! proxy coordinate). The offset is in pixels, so it holds at every zoom.

use crate::core::catalog::Catalog;
use crate::core::coord::LngLat;
use crate::core::model::Geometry;

/// Positions closer than this (degrees, ~1 m) count as one spot.
const SAME_SPOT_DEG: f64 = 1e-5;
/// Radius of the fan, CSS pixels.
pub const FAN_RADIUS_PX: f64 = 16.0;

/// A screen offset `(dx, dy)` for each position: zero for a lone point,
/// evenly spread on a circle for points sharing a spot (first one at the top).
pub fn fan_offsets(positions: &[LngLat]) -> Vec<(f64, f64)> {
    let mut offsets = vec![(0.0, 0.0); positions.len()];
    let mut done = vec![false; positions.len()];
    for i in 0..positions.len() {
        if done[i] {
            continue;
        }
        let group: Vec<usize> = (i..positions.len())
            .filter(|&j| {
                !done[j]
                    && (positions[j].lng - positions[i].lng).abs() < SAME_SPOT_DEG
                    && (positions[j].lat - positions[i].lat).abs() < SAME_SPOT_DEG
            })
            .collect();
        for (k, &j) in group.iter().enumerate() {
            done[j] = true;
            if group.len() > 1 {
                let angle = -std::f64::consts::FRAC_PI_2
                    + std::f64::consts::TAU * k as f64 / group.len() as f64;
                offsets[j] = (FAN_RADIUS_PX * angle.cos(), FAN_RADIUS_PX * angle.sin());
            }
        }
    }
    offsets
}

/// Offsets for every feature of a catalog, in catalog order: points that
/// share a spot are fanned out, everything else (areas included) gets zero.
/// Depends only on the data: compute it once per catalog, not per frame.
pub fn catalog_fan_offsets(catalog: &Catalog) -> Vec<(f64, f64)> {
    let positions: Vec<LngLat> = catalog
        .features()
        .iter()
        .map(|f| match f.geometry {
            Geometry::Point(p) => p,
            // Areas take no part: a position no point can share.
            _ => LngLat::lon_lat(f64::NAN, f64::NAN),
        })
        .collect();
    fan_offsets(&positions)
        .into_iter()
        .map(|o| {
            if o.0.is_finite() && o.1.is_finite() {
                o
            } else {
                (0.0, 0.0)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_points_stay_and_shared_spots_fan_out_evenly() {
        let hq = LngLat::lon_lat(125.165766, 43.83123);
        let other = LngLat::lon_lat(125.2, 43.84);
        let offsets = fan_offsets(&[hq, other, hq, hq]);
        assert_eq!(offsets[1], (0.0, 0.0));
        let fanned = [offsets[0], offsets[2], offsets[3]];
        for (dx, dy) in fanned {
            assert!((dx.hypot(dy) - FAN_RADIUS_PX).abs() < 1e-9);
        }
        // Three points 120° apart: pairwise distance r·√3.
        let d = (fanned[0].0 - fanned[1].0).hypot(fanned[0].1 - fanned[1].1);
        assert!((d - FAN_RADIUS_PX * 3f64.sqrt()).abs() < 1e-9);
        assert!(
            fanned[0].0.abs() < 1e-9 && fanned[0].1 < 0.0,
            "first one on top"
        );
    }

    #[test]
    fn in_the_default_data_only_the_three_points_on_one_spot_are_fanned() {
        let out = crate::data::load_geojson(crate::DEFAULT_DATA, &crate::data::Limits::default());
        let catalog = Catalog::new(out.features);
        let offsets = catalog_fan_offsets(&catalog);
        assert_eq!(offsets.len(), catalog.len());
        let fanned: Vec<&str> = catalog
            .features()
            .iter()
            .zip(&offsets)
            .filter(|(_, o)| **o != (0.0, 0.0))
            .map(|(f, _)| f.id.as_str())
            .collect();
        assert_eq!(fanned.len(), 3, "{fanned:?}");
        assert!(fanned.contains(&"landmark-faw-hq"));
    }
}

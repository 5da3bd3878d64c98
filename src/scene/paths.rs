//! SVG path data: polygons projected through the viewport, and point symbols.

use std::fmt::Write;

use super::style::Shape;
use crate::core::model::Ring;
use crate::view::mercator::ScreenPoint;
use crate::view::viewport::Viewport;

/// SVG path data for polygons (exterior rings and holes; fill-rule evenodd),
/// in screen pixels rounded to 0.1 px to keep the DOM small.
/// Consecutive vertices closer than 0.5 px are merged: invisible detail.
pub fn polygons_path(polygons: &[&[Ring]], view: &Viewport) -> String {
    let mut d = String::new();
    for rings in polygons {
        for ring in rings.iter() {
            let mut last: Option<ScreenPoint> = None;
            for (i, p) in ring.iter().enumerate() {
                let s = view.lnglat_to_screen(*p);
                let is_last = i + 1 == ring.len();
                if let Some(prev) = last {
                    if !is_last && prev.distance_px(s) < 0.5 {
                        continue;
                    }
                }
                let cmd = if last.is_none() { 'M' } else { 'L' };
                let _ = write!(d, "{cmd}{:.1} {:.1}", s.x, s.y);
                last = Some(s);
            }
            if last.is_some() {
                d.push('Z');
            }
        }
    }
    d
}

/// SVG path data for a point symbol centred on the origin.
pub fn symbol_path(shape: Shape, r: f64) -> String {
    match shape {
        Shape::Circle => format!(
            "M{:.1} 0A{r:.1} {r:.1} 0 1 0 {:.1} 0A{r:.1} {r:.1} 0 1 0 {:.1} 0Z",
            -r, r, -r
        ),
        Shape::Diamond => format!("M0 {:.1}L{r:.1} 0L0 {r:.1}L{:.1} 0Z", -r * 1.2, -r),
        Shape::Square => format!("M{:.1} {:.1}H{r:.1}V{r:.1}H{:.1}Z", -r, -r, -r),
        Shape::Triangle => format!(
            "M0 {:.1}L{:.1} {:.1}H{:.1}Z",
            -r * 1.15,
            r * 1.05,
            r * 0.75,
            -r * 1.05
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLat;
    use crate::view::viewport::{ScreenSize, ViewLimits};

    #[test]
    fn a_ring_becomes_a_closed_path_through_its_projected_vertices() {
        let view = Viewport::new(
            LngLat::lon_lat(125.15, 43.8),
            12.0,
            ScreenSize {
                width_px: 400.0,
                height_px: 300.0,
            },
            ViewLimits::default(),
        );
        let ring = vec![
            LngLat::lon_lat(125.1, 43.78),
            LngLat::lon_lat(125.2, 43.78),
            LngLat::lon_lat(125.2, 43.82),
            LngLat::lon_lat(125.1, 43.78),
        ];
        let d = polygons_path(&[std::slice::from_ref(&ring)], &view);
        assert!(d.starts_with('M') && d.ends_with('Z'));
        assert_eq!(d.matches('L').count(), 3);
        let first = view.lnglat_to_screen(ring[0]);
        assert!(d.starts_with(&format!("M{:.1} {:.1}", first.x, first.y)));
    }

    #[test]
    fn vertices_closer_than_half_a_pixel_are_merged() {
        let view = Viewport::new(
            LngLat::lon_lat(125.15, 43.8),
            5.0,
            ScreenSize {
                width_px: 400.0,
                height_px: 300.0,
            },
            ViewLimits::default(),
        );
        let ring: Ring = (0..100)
            .map(|i| LngLat::lon_lat(125.1 + i as f64 * 1e-6, 43.8))
            .chain([LngLat::lon_lat(126.0, 44.0), LngLat::lon_lat(125.1, 43.8)])
            .collect();
        let d = polygons_path(&[std::slice::from_ref(&ring)], &view);
        assert!(d.matches('L').count() <= 3, "{d}");
    }

    #[test]
    fn every_symbol_is_a_closed_path() {
        for shape in [
            Shape::Circle,
            Shape::Diamond,
            Shape::Square,
            Shape::Triangle,
        ] {
            let d = symbol_path(shape, 8.0);
            assert!(d.starts_with('M') && d.ends_with('Z'), "{shape:?}: {d}");
        }
    }
}

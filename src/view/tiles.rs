//! Which XYZ raster tiles cover the screen, and where to draw them. Tiles are
//! in the basemap's own datum; the viewport works in that datum's world
//! square (see `ViewLimits::display_datum`), so tiles need no conversion.

use super::mercator::{ScreenPoint, WorldPoint};
use super::viewport::Viewport;

/// One tile to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct TileRect {
    /// Zoom level.
    pub z: u8,
    /// Column.
    pub x: u32,
    /// Row.
    pub y: u32,
    /// Top-left corner on screen.
    pub top_left: ScreenPoint,
    /// Side on screen, pixels.
    pub size_px: f64,
}

/// Most tiles drawn at once (a guard against a huge screen at a fractional zoom).
pub const MAX_TILES: usize = 256;

/// The tiles covering the view at the nearest integer zoom (clamped to
/// `0..=max_zoom`), row by row.
pub fn visible_tiles(view: &Viewport, max_zoom: u8) -> Vec<TileRect> {
    let z = view.zoom().round().clamp(0.0, f64::from(max_zoom)) as u8;
    let n = 1u32 << z;
    let size = view.size();
    let nw = view.screen_to_world(ScreenPoint::new(0.0, 0.0));
    let se = view.screen_to_world(ScreenPoint::new(size.width_px, size.height_px));
    let to_tile = |v: f64| (v * f64::from(n)).floor().clamp(0.0, f64::from(n - 1)) as u32;
    let (x0, x1, y0, y1) = (to_tile(nw.x), to_tile(se.x), to_tile(nw.y), to_tile(se.y));
    let mut out = Vec::new();
    for y in y0..=y1 {
        for x in x0..=x1 {
            if out.len() >= MAX_TILES {
                return out;
            }
            let corner = WorldPoint {
                x: f64::from(x) / f64::from(n),
                y: f64::from(y) / f64::from(n),
            };
            let far = WorldPoint {
                x: f64::from(x + 1) / f64::from(n),
                y: f64::from(y + 1) / f64::from(n),
            };
            let (a, b) = (view.world_to_screen(corner), view.world_to_screen(far));
            out.push(TileRect {
                z,
                x,
                y,
                top_left: a,
                size_px: b.x - a.x,
            });
        }
    }
    out
}

/// Fills `{z}`, `{x}`, `{y}` in a tile URL template.
///
/// ```
/// use qikai_map::view::tiles::tile_url;
/// assert_eq!(tile_url("/tiles/{z}/{x}/{y}.png", 12, 3470, 1530), "/tiles/12/3470/1530.png");
/// ```
pub fn tile_url(template: &str, z: u8, x: u32, y: u32) -> String {
    template
        .replace("{z}", &z.to_string())
        .replace("{x}", &x.to_string())
        .replace("{y}", &y.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLat;
    use crate::view::viewport::{ScreenSize, ViewLimits};

    #[test]
    fn the_tiles_cover_the_screen_edge_to_edge_without_gaps() {
        let view = Viewport::new(
            LngLat::lon_lat(125.16, 43.83),
            12.0,
            ScreenSize {
                width_px: 800.0,
                height_px: 600.0,
            },
            ViewLimits::default(),
        );
        let tiles = visible_tiles(&view, 18);
        assert!(tiles
            .iter()
            .all(|t| t.z == 12 && (t.size_px - 256.0).abs() < 1e-6));
        let min_x = tiles
            .iter()
            .map(|t| t.top_left.x)
            .fold(f64::INFINITY, f64::min);
        let max_x = tiles
            .iter()
            .map(|t| t.top_left.x + t.size_px)
            .fold(f64::NEG_INFINITY, f64::max);
        let min_y = tiles
            .iter()
            .map(|t| t.top_left.y)
            .fold(f64::INFINITY, f64::min);
        let max_y = tiles
            .iter()
            .map(|t| t.top_left.y + t.size_px)
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(min_x <= 0.0 && max_x >= 800.0 && min_y <= 0.0 && max_y >= 600.0);
        // Neighbours share edges exactly.
        let first = &tiles[0];
        let right = tiles
            .iter()
            .find(|t| t.y == first.y && t.x == first.x + 1)
            .expect("a neighbour");
        assert!((right.top_left.x - first.top_left.x - first.size_px).abs() < 1e-9);
        // Changchun at zoom 12 is in column 3472 (lon 125.16: (125.16 + 180) / 360 · 4096).
        assert!(tiles.iter().any(|t| t.x == 3472));
    }

    #[test]
    fn a_fractional_zoom_scales_tiles_and_the_count_is_bounded() {
        let view = Viewport::new(
            LngLat::lon_lat(125.16, 43.83),
            12.4,
            ScreenSize {
                width_px: 20000.0,
                height_px: 20000.0,
            },
            ViewLimits::default(),
        );
        let tiles = visible_tiles(&view, 18);
        assert!(tiles.len() <= MAX_TILES);
        assert!((tiles[0].size_px - 256.0 * 0.4f64.exp2()).abs() < 1e-6);
    }
}

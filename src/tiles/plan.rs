//! Which tiles a view needs, and which requests it no longer does: pure
//! planning from the camera (centre, zoom, viewport size), so the browser
//! side only fetches, aborts and draws what it is told.
//!
//! The widget's zoom levels are 256-pixel tiles (the cluster index's
//! extent), so a view at zoom 12.7 shows tiles of zoom 12 drawn 1.6× as
//! large: `floor`, never `round`, or the clusters of the next zoom (made for
//! a map twice as big) would crowd the screen. Past the archive's deepest
//! zoom its tiles are over-zoomed (points keep their positions); below its
//! shallowest, its shallowest is used.

use crate::core::cluster::UnitPoint;
use crate::core::coord::LngLat;

use super::math::{TileId, MAX_ZOOM};

/// Pixels around the viewport whose tiles are fetched too, so a short pan
/// finds them drawn.
pub const MARGIN_PX: f64 = 128.0;

/// The most tiles one view may ask for: a 3840 × 2160 screen at an integer
/// zoom with the margin needs 17 × 11 = 187; more means the view is not a
/// map view (a bug or a hostile size) and is refused.
pub const MAX_TILES_PER_VIEW: usize = 256;

/// A camera, as the planner sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewSpec {
    /// The centre.
    pub center: LngLat,
    /// The fractional zoom (256-pixel tiles).
    pub zoom: f64,
    /// The viewport's width in CSS pixels.
    pub width_px: f64,
    /// The viewport's height in CSS pixels.
    pub height_px: f64,
}

/// The zooms an archive or server holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZoomRange {
    /// The shallowest.
    pub min: u8,
    /// The deepest.
    pub max: u8,
}

/// The tiles of one view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TilePlan {
    /// The tile zoom.
    pub zoom: u8,
    /// The tiles, the one under the centre first, then by distance from it
    /// (what the user looks at arrives first).
    pub tiles: Vec<TileId>,
}

impl TilePlan {
    /// True when `tile` is in the plan.
    pub fn contains(&self, tile: TileId) -> bool {
        self.tiles.contains(&tile)
    }
}

/// The tile zoom for a view zoom: `floor`, clamped to what exists.
///
/// ```
/// use qikai_map::tiles::plan::{tile_zoom, ZoomRange};
/// let r = ZoomRange { min: 0, max: 14 };
/// assert_eq!(tile_zoom(12.9, r), 12);
/// assert_eq!(tile_zoom(17.2, r), 14);
/// assert_eq!(tile_zoom(-1.0, r), 0);
/// ```
pub fn tile_zoom(view_zoom: f64, range: ZoomRange) -> u8 {
    let max = range.max.min(MAX_ZOOM);
    let min = range.min.min(max);
    if !view_zoom.is_finite() {
        return min;
    }
    (view_zoom.floor().clamp(0.0, f64::from(MAX_ZOOM)) as u8).clamp(min, max)
}

/// The tiles covering the view and [`MARGIN_PX`] around it, centre first.
/// Empty for a view that is not finite or needs more than
/// [`MAX_TILES_PER_VIEW`] tiles (never a partial view).
pub fn plan(view: ViewSpec, range: ZoomRange) -> TilePlan {
    let z = tile_zoom(view.zoom, range);
    let mut out = TilePlan {
        zoom: z,
        tiles: Vec::new(),
    };
    let ok = [
        view.zoom,
        view.width_px,
        view.height_px,
        view.center.lng,
        view.center.lat,
    ]
    .iter()
    .all(|v| v.is_finite())
        && view.width_px >= 0.0
        && view.height_px >= 0.0;
    if !ok {
        return out;
    }
    let c = UnitPoint::from_lnglat(view.center);
    // World size in pixels at the view's zoom; tiles per side at the tile zoom.
    let world_px = 256.0 * view.zoom.clamp(0.0, f64::from(MAX_ZOOM)).exp2();
    let n = f64::from(1u32 << z);
    let half_w = (view.width_px / 2.0 + MARGIN_PX) / world_px;
    let half_h = (view.height_px / 2.0 + MARGIN_PX) / world_px;
    let last = (1u32 << z) - 1;
    let cell = |u: f64| ((u * n).floor().max(0.0) as u32).min(last);
    let (x0, x1) = (cell(c.x - half_w), cell(c.x + half_w));
    let (y0, y1) = (cell(c.y - half_h), cell(c.y + half_h));
    let count = u64::from(x1 - x0 + 1) * u64::from(y1 - y0 + 1);
    if count > MAX_TILES_PER_VIEW as u64 {
        return out;
    }
    let (cx, cy) = (c.x * n, c.y * n);
    let mut tiles: Vec<(f64, TileId)> = Vec::with_capacity(count as usize);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let dx = f64::from(x) + 0.5 - cx;
            let dy = f64::from(y) + 0.5 - cy;
            if let Some(t) = TileId::new(z, x, y) {
                tiles.push((dx * dx + dy * dy, t));
            }
        }
    }
    tiles.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    out.tiles = tiles.into_iter().map(|(_, t)| t).collect();
    out
}

/// The requests in flight that the new plan no longer needs: abort them.
pub fn to_cancel(in_flight: &[TileId], plan: &TilePlan) -> Vec<TileId> {
    in_flight
        .iter()
        .copied()
        .filter(|t| !plan.contains(*t))
        .collect()
}

/// The tiles of the plan neither held nor in flight: fetch them, in the
/// plan's order.
pub fn to_fetch(
    plan: &TilePlan,
    held: impl Fn(TileId) -> bool,
    in_flight: &[TileId],
) -> Vec<TileId> {
    plan.tiles
        .iter()
        .copied()
        .filter(|t| !held(*t) && !in_flight.contains(t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tiles::math::tile_of;

    const RANGE: ZoomRange = ZoomRange { min: 0, max: 14 };

    fn view(lng: f64, lat: f64, zoom: f64, w: f64, h: f64) -> ViewSpec {
        ViewSpec {
            center: LngLat::lon_lat(lng, lat),
            zoom,
            width_px: w,
            height_px: h,
        }
    }

    #[test]
    fn the_tile_under_the_centre_comes_first_and_the_view_is_covered() {
        let v = view(125.3245, 43.8868, 10.5, 390.0, 844.0);
        let p = plan(v, RANGE);
        assert_eq!(p.zoom, 10);
        assert_eq!(p.tiles.first().copied(), tile_of(v.center, 10));
        // At zoom 10.5 a tile is 362 px: 390 + 256 px wide needs 2–3
        // columns, 844 + 256 px high 4–5 rows.
        assert!((6..=15).contains(&p.tiles.len()), "{}", p.tiles.len());
        // Distances from the centre never decrease.
        let c = UnitPoint::from_lnglat(v.center);
        let d = |t: &TileId| {
            let n = f64::from(1u32 << t.z);
            ((f64::from(t.x) + 0.5 - c.x * n).powi(2) + (f64::from(t.y) + 0.5 - c.y * n).powi(2))
                .sqrt()
        };
        for w in p.tiles.windows(2) {
            assert!(d(&w[0]) <= d(&w[1]) + 1e-12);
        }
        // Every corner of the viewport is in a planned tile.
        let world_px = 256.0 * 10.5f64.exp2();
        for (sx, sy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            let ux = c.x + sx * 195.0 / world_px;
            let uy = c.y + sy * 422.0 / world_px;
            let t =
                TileId::new(10, (ux * 1024.0) as u32, (uy * 1024.0) as u32).expect("in the grid");
            assert!(p.contains(t), "{t}");
        }
    }

    #[test]
    fn the_zoom_is_floored_and_clamped_to_the_archive() {
        assert_eq!(plan(view(125.0, 43.0, 16.3, 800.0, 600.0), RANGE).zoom, 14);
        assert_eq!(
            plan(
                view(125.0, 43.0, 3.9, 800.0, 600.0),
                ZoomRange { min: 5, max: 9 }
            )
            .zoom,
            5
        );
        assert_eq!(tile_zoom(f64::NAN, ZoomRange { min: 2, max: 9 }), 2);
        // A range given upside down never panics.
        assert_eq!(tile_zoom(7.0, ZoomRange { min: 9, max: 3 }), 3);
    }

    #[test]
    fn a_whole_world_view_at_zoom_0_is_one_tile() {
        let p = plan(view(0.0, 0.0, 0.0, 256.0, 256.0), RANGE);
        assert_eq!(p.tiles, vec![TileId::new(0, 0, 0).expect("the root")]);
    }

    #[test]
    fn an_absurd_view_plans_nothing_rather_than_part() {
        assert!(plan(view(125.0, 43.0, 14.0, 100_000.0, 100_000.0), RANGE)
            .tiles
            .is_empty());
        assert!(plan(view(f64::NAN, 43.0, 14.0, 800.0, 600.0), RANGE)
            .tiles
            .is_empty());
        assert!(plan(view(125.0, 43.0, 14.0, -5.0, 600.0), RANGE)
            .tiles
            .is_empty());
    }

    #[test]
    fn a_big_screen_stays_within_the_limit() {
        let p = plan(view(125.0, 43.0, 12.01, 3840.0, 2160.0), RANGE);
        assert!(!p.tiles.is_empty() && p.tiles.len() <= MAX_TILES_PER_VIEW);
    }

    #[test]
    fn a_pan_cancels_what_left_the_view_and_fetches_only_what_is_new() {
        let before = plan(view(125.0, 43.8, 12.0, 800.0, 600.0), RANGE);
        // 20 tiles of 256 px east: nothing in common.
        let after = plan(view(126.76, 43.8, 12.0, 800.0, 600.0), RANGE);
        let in_flight: Vec<TileId> = before.tiles.iter().take(3).copied().collect();
        assert_eq!(to_cancel(&in_flight, &after), in_flight);
        assert!(to_cancel(&in_flight, &before).is_empty());
        // A small pan: the held tiles are not fetched again.
        let nudged = plan(view(125.01, 43.8, 12.0, 800.0, 600.0), RANGE);
        let fetch = to_fetch(&nudged, |t| before.contains(t), &[]);
        assert!(fetch.len() < nudged.tiles.len());
        assert!(fetch.iter().all(|t| !before.contains(*t)));
        let in_flight = [nudged.tiles[0]];
        assert!(!to_fetch(&nudged, |_| false, &in_flight).contains(&nudged.tiles[0]));
    }
}

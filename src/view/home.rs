//! The home view of a catalog and the camera's limits around it.

use super::insets::ScreenInsets;
use super::viewport::{ScreenSize, ViewLimits, Viewport};
use crate::core::catalog::Catalog;
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::datum::Datum;

/// Free space around the home view's box, in pixels.
pub const HOME_PADDING_PX: f64 = 24.0;

/// Zoom and pan limits: the zone's surroundings, from two levels above the
/// home view to street level.
pub fn view_limits(catalog: &Catalog, size: ScreenSize, display_datum: Datum) -> ViewLimits {
    let base = ViewLimits {
        display_datum,
        ..ViewLimits::default()
    };
    let Some(home) = catalog.home_bounds() else {
        return base;
    };
    let fit = Viewport::fitting(home, size, HOME_PADDING_PX, base).zoom();
    ViewLimits {
        min_zoom: (fit - 2.0).max(2.0),
        max_zoom: 18.0,
        center_bounds: Some(home.padded(1.0)),
        display_datum,
    }
}

/// `limits` widened to reach `reach` too (the bounds of tiled data, which
/// may cover a province while the page's data is one zone): the centre may
/// go anywhere in either box, and out far enough to see all of `reach`.
///
/// ```
/// use qikai_map::core::coord::{LngLat, LngLatBounds};
/// use qikai_map::view::home::limits_reaching;
/// use qikai_map::view::viewport::{ScreenSize, ViewLimits};
/// let zone = LngLatBounds { min: LngLat::lon_lat(125.0, 43.7), max: LngLat::lon_lat(125.4, 43.95) };
/// let jilin = LngLatBounds { min: LngLat::lon_lat(121.6, 40.8), max: LngLat::lon_lat(131.3, 46.3) };
/// let base = ViewLimits { min_zoom: 9.0, center_bounds: Some(zone), ..ViewLimits::default() };
/// let size = ScreenSize { width_px: 800.0, height_px: 600.0 };
/// let wide = limits_reaching(base, jilin, size);
/// assert!(wide.min_zoom < 7.0);
/// assert!(wide.center_bounds.unwrap().min.lng <= 121.6);
/// ```
pub fn limits_reaching(limits: ViewLimits, reach: LngLatBounds, size: ScreenSize) -> ViewLimits {
    let valid = [reach.min.lng, reach.min.lat, reach.max.lng, reach.max.lat]
        .iter()
        .all(|v| v.is_finite())
        && reach.min.lng <= reach.max.lng
        && reach.min.lat <= reach.max.lat;
    if !valid {
        return limits;
    }
    let fit = Viewport::fitting(reach, size, HOME_PADDING_PX, ViewLimits::default()).zoom();
    ViewLimits {
        min_zoom: limits.min_zoom.min((fit - 1.0).max(2.0)),
        center_bounds: limits.center_bounds.map(|b| b.union(reach)),
        ..limits
    }
}

/// The camera that shows the whole zone inside the part of the map the
/// chrome leaves visible (`insets`).
pub fn home_view(
    catalog: &Catalog,
    size: ScreenSize,
    limits: ViewLimits,
    insets: ScreenInsets,
) -> Viewport {
    match catalog.home_bounds() {
        Some(b) => Viewport::fitting_in(b, size, insets, HOME_PADDING_PX, limits),
        None => Viewport::new(LngLat::lon_lat(125.2, 43.85), 11.0, size, limits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Limits};

    #[test]
    fn the_home_view_shows_the_zone_inside_the_visible_part() {
        let catalog = Catalog::new(load_geojson(crate::DEFAULT_DATA, &Limits::default()).features);
        let size = ScreenSize {
            width_px: 1366.0,
            height_px: 650.0,
        };
        let limits = view_limits(&catalog, size, Datum::Wgs84);
        let insets = ScreenInsets {
            left_px: 290.0,
            right_px: 66.0,
            ..ScreenInsets::default()
        };
        let home = home_view(&catalog, size, limits, insets);
        let b = catalog.home_bounds().expect("a zone");
        let nw = home.lnglat_to_screen(LngLat::lon_lat(b.min.lng, b.max.lat));
        let se = home.lnglat_to_screen(LngLat::lon_lat(b.max.lng, b.min.lat));
        assert!(nw.x >= 290.0 && se.x <= 1366.0 - 66.0, "{nw:?} {se:?}");
        assert!(nw.y >= 0.0 && se.y <= 650.0);
        assert!(home.zoom() >= limits.min_zoom && home.zoom() <= limits.max_zoom);
    }
}

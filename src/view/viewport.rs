//! The camera as an immutable value: every change returns a new `Viewport`.

use super::insets::ScreenInsets;
use super::mercator::{world_size_px, ScreenPoint, WorldPoint};
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::datum::{convert, Datum};

/// Size of the map element in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenSize {
    /// Width.
    pub width_px: f64,
    /// Height.
    pub height_px: f64,
}

/// Where the camera may go: zoom range and the box the centre must stay in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewLimits {
    /// Farthest out.
    pub min_zoom: f64,
    /// Farthest in.
    pub max_zoom: f64,
    /// The centre is kept inside this box.
    pub center_bounds: Option<LngLatBounds>,
    /// The datum of the basemap the map is drawn on. Data stays WGS-84; every
    /// vertex is converted into this datum when projected, so overlays sit
    /// on a GCJ-02 or BD-09 basemap where that basemap draws them.
    pub display_datum: Datum,
}

impl Default for ViewLimits {
    fn default() -> Self {
        Self {
            min_zoom: 2.0,
            max_zoom: 19.0,
            center_bounds: None,
            display_datum: Datum::Wgs84,
        }
    }
}

/// A Web Mercator camera: centre, fractional zoom and the screen size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    center: WorldPoint,
    zoom: f64,
    size: ScreenSize,
    limits: ViewLimits,
}

impl Viewport {
    /// A WGS-84 position in this camera's world square (display datum).
    fn geo_to_world(&self, p: LngLat) -> WorldPoint {
        datum_to_world(p, self.limits.display_datum)
    }

    /// A world point (display datum) as a WGS-84 position.
    fn world_to_geo(&self, w: WorldPoint) -> LngLat {
        convert(
            super::mercator::world_to_lnglat(w),
            self.limits.display_datum,
            Datum::Wgs84,
        )
    }

    /// A camera looking at `center` at `zoom`, kept within `limits`.
    pub fn new(center: LngLat, zoom: f64, size: ScreenSize, limits: ViewLimits) -> Self {
        Self {
            center: datum_to_world(center, limits.display_datum),
            zoom,
            size,
            limits,
        }
        .constrained()
    }

    /// The camera that shows `bounds` whole, with `padding_px` free on each side.
    pub fn fitting(
        bounds: LngLatBounds,
        size: ScreenSize,
        padding_px: f64,
        limits: ViewLimits,
    ) -> Self {
        let nw = datum_to_world(
            LngLat::lon_lat(bounds.min.lng, bounds.max.lat),
            limits.display_datum,
        );
        let se = datum_to_world(
            LngLat::lon_lat(bounds.max.lng, bounds.min.lat),
            limits.display_datum,
        );
        let span_x = (se.x - nw.x).max(1e-12);
        let span_y = (se.y - nw.y).max(1e-12);
        let avail_w = (size.width_px - 2.0 * padding_px).max(1.0);
        let avail_h = (size.height_px - 2.0 * padding_px).max(1.0);
        let scale = (avail_w / span_x).min(avail_h / span_y);
        let zoom = (scale / world_size_px(0.0)).log2();
        let mid = WorldPoint {
            x: (nw.x + se.x) / 2.0,
            y: (nw.y + se.y) / 2.0,
        };
        let center = convert(
            super::mercator::world_to_lnglat(mid),
            limits.display_datum,
            Datum::Wgs84,
        );
        Self::new(center, zoom, size, limits)
    }

    /// The camera that shows `bounds` whole inside the part of the map the
    /// chrome leaves visible (`insets`), with `padding_px` free around it.
    pub fn fitting_in(
        bounds: LngLatBounds,
        size: ScreenSize,
        insets: ScreenInsets,
        padding_px: f64,
        limits: ViewLimits,
    ) -> Self {
        let (x0, y0, x1, y1) = insets.visible_rect(size);
        let inner = ScreenSize {
            width_px: x1 - x0,
            height_px: y1 - y0,
        };
        let fit = Self::fitting(bounds, inner, padding_px, limits);
        Self::new(fit.center(), fit.zoom(), size, limits).centered_in(fit.center(), insets)
    }

    /// The same camera moved so that `p` appears in the middle of the part of
    /// the map the chrome leaves visible (unless the limits stop it).
    pub fn centered_in(self, p: LngLat, insets: ScreenInsets) -> Self {
        let target = insets.visible_center(self.size);
        let s = self.scale();
        let w = self.geo_to_world(p);
        Self {
            center: WorldPoint {
                x: w.x - (target.x - self.size.width_px / 2.0) / s,
                y: w.y - (target.y - self.size.height_px / 2.0) / s,
            },
            ..self
        }
        .constrained()
    }

    /// Centre as a WGS-84 position.
    pub fn center(&self) -> LngLat {
        self.world_to_geo(self.center)
    }

    /// Fractional zoom level.
    pub fn zoom(&self) -> f64 {
        self.zoom
    }

    /// Screen size.
    pub fn size(&self) -> ScreenSize {
        self.size
    }

    /// The limits in force.
    pub fn limits(&self) -> ViewLimits {
        self.limits
    }

    fn scale(&self) -> f64 {
        world_size_px(self.zoom)
    }

    /// Where a world point appears on screen.
    pub fn world_to_screen(&self, w: WorldPoint) -> ScreenPoint {
        let s = self.scale();
        ScreenPoint::new(
            (w.x - self.center.x) * s + self.size.width_px / 2.0,
            (w.y - self.center.y) * s + self.size.height_px / 2.0,
        )
    }

    /// The world point under a screen point.
    pub fn screen_to_world(&self, p: ScreenPoint) -> WorldPoint {
        let s = self.scale();
        WorldPoint {
            x: (p.x - self.size.width_px / 2.0) / s + self.center.x,
            y: (p.y - self.size.height_px / 2.0) / s + self.center.y,
        }
    }

    /// Where a position appears on screen.
    pub fn lnglat_to_screen(&self, p: LngLat) -> ScreenPoint {
        self.world_to_screen(self.geo_to_world(p))
    }

    /// The position under a screen point.
    pub fn screen_to_lnglat(&self, p: ScreenPoint) -> LngLat {
        self.world_to_geo(self.screen_to_world(p))
    }

    /// The positions at the screen's corners.
    pub fn visible_bounds(&self) -> LngLatBounds {
        let nw = self.screen_to_lnglat(ScreenPoint::new(0.0, 0.0));
        let se = self.screen_to_lnglat(ScreenPoint::new(self.size.width_px, self.size.height_px));
        LngLatBounds {
            min: LngLat::lon_lat(nw.lng, se.lat),
            max: LngLat::lon_lat(se.lng, nw.lat),
        }
    }

    /// The same camera on a resized element (centre and zoom kept).
    pub fn with_size(self, size: ScreenSize) -> Self {
        Self { size, ..self }.constrained()
    }

    /// The same camera centred elsewhere.
    pub fn with_center(self, center: LngLat) -> Self {
        Self {
            center: self.geo_to_world(center),
            ..self
        }
        .constrained()
    }

    /// The same camera with other limits.
    pub fn with_limits(self, limits: ViewLimits) -> Self {
        Self { limits, ..self }.constrained()
    }

    /// Moves the content by `(dx, dy)` pixels: a drag to the right shows what was left.
    pub fn panned_by_px(self, dx: f64, dy: f64) -> Self {
        let s = self.scale();
        Self {
            center: WorldPoint {
                x: self.center.x - dx / s,
                y: self.center.y - dy / s,
            },
            ..self
        }
        .constrained()
    }

    /// Zooms by `delta` levels keeping the world point under `anchor` fixed
    /// on screen (unless a limit stops it).
    pub fn zoomed_around(self, anchor: ScreenPoint, delta: f64) -> Self {
        let zoom = (self.zoom + delta).clamp(self.limits.min_zoom, self.limits.max_zoom);
        let under = self.screen_to_world(anchor);
        let s = world_size_px(zoom);
        let center = WorldPoint {
            x: under.x - (anchor.x - self.size.width_px / 2.0) / s,
            y: under.y - (anchor.y - self.size.height_px / 2.0) / s,
        };
        Self {
            center,
            zoom,
            ..self
        }
        .constrained()
    }

    /// The same camera at another zoom, around the screen centre.
    pub fn with_zoom(self, zoom: f64) -> Self {
        let mid = ScreenPoint::new(self.size.width_px / 2.0, self.size.height_px / 2.0);
        self.zoomed_around(mid, zoom - self.zoom)
    }

    fn constrained(mut self) -> Self {
        let l = self.limits;
        self.zoom = if self.zoom.is_finite() {
            self.zoom.clamp(l.min_zoom, l.max_zoom)
        } else {
            l.min_zoom
        };
        if !(self.center.x.is_finite() && self.center.y.is_finite()) {
            self.center = WorldPoint { x: 0.5, y: 0.5 };
        }
        // Never look past the edge of the world square.
        self.center.x = self.center.x.clamp(0.0, 1.0);
        self.center.y = self.center.y.clamp(0.0, 1.0);
        if let Some(b) = l.center_bounds {
            let nw = self.geo_to_world(LngLat::lon_lat(b.min.lng, b.max.lat));
            let se = self.geo_to_world(LngLat::lon_lat(b.max.lng, b.min.lat));
            self.center.x = self.center.x.clamp(nw.x, se.x);
            self.center.y = self.center.y.clamp(nw.y, se.y);
        }
        self
    }
}

/// A WGS-84 position projected into the world square of `datum`.
fn datum_to_world(p: LngLat, datum: Datum) -> WorldPoint {
    super::mercator::lnglat_to_world(convert(p, Datum::Wgs84, datum))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: ScreenSize = ScreenSize {
        width_px: 800.0,
        height_px: 600.0,
    };
    const FAW_HQ: LngLat = LngLat::lon_lat(125.165766, 43.83123);

    fn view() -> Viewport {
        Viewport::new(FAW_HQ, 12.0, SIZE, ViewLimits::default())
    }

    #[test]
    fn centred_in_the_visible_part_puts_the_point_above_a_sheet() {
        let insets = ScreenInsets {
            bottom_px: 300.0,
            ..ScreenInsets::default()
        };
        let v = view().centered_in(FAW_HQ, insets);
        let p = v.lnglat_to_screen(FAW_HQ);
        assert!(
            (p.x - 400.0).abs() < 1e-6 && (p.y - 150.0).abs() < 1e-6,
            "{p:?}"
        );
        assert!((v.zoom() - 12.0).abs() < 1e-12, "zoom kept");
    }

    #[test]
    fn fitting_in_keeps_the_bounds_inside_the_visible_part() {
        let b = LngLatBounds {
            min: LngLat::lon_lat(125.10, 43.78),
            max: LngLat::lon_lat(125.30, 43.90),
        };
        let insets = ScreenInsets {
            left_px: 300.0,
            right_px: 60.0,
            ..ScreenInsets::default()
        };
        let v = Viewport::fitting_in(b, SIZE, insets, 10.0, ViewLimits::default());
        let nw = v.lnglat_to_screen(LngLat::lon_lat(b.min.lng, b.max.lat));
        let se = v.lnglat_to_screen(LngLat::lon_lat(b.max.lng, b.min.lat));
        assert!(
            nw.x >= 300.0 + 9.0 && se.x <= 800.0 - 60.0 - 9.0,
            "{nw:?} {se:?}"
        );
        assert!(nw.y >= 9.0 && se.y <= 600.0 - 9.0, "{nw:?} {se:?}");
        // and it uses the room: one side touches the padding
        let plain = Viewport::fitting(b, SIZE, 10.0, ViewLimits::default());
        assert!(v.zoom() < plain.zoom(), "less room, farther out");
    }

    #[test]
    fn the_centre_is_drawn_in_the_middle_and_round_trips() {
        let v = view();
        let mid = v.lnglat_to_screen(FAW_HQ);
        assert!((mid.x - 400.0).abs() < 1e-6 && (mid.y - 300.0).abs() < 1e-6);
        let p = ScreenPoint::new(123.0, 456.0);
        assert!(v.lnglat_to_screen(v.screen_to_lnglat(p)).distance_px(p) < 1e-6);
    }

    #[test]
    fn zooming_around_a_point_keeps_that_point_fixed() {
        let v = view();
        let anchor = ScreenPoint::new(650.0, 120.0);
        let under = v.screen_to_lnglat(anchor);
        for delta in [1.0, -2.5, 0.3] {
            let z = v.zoomed_around(anchor, delta);
            assert!((z.zoom() - (12.0 + delta)).abs() < 1e-12);
            assert!(
                z.lnglat_to_screen(under).distance_px(anchor) < 1e-6,
                "delta {delta}"
            );
        }
    }

    #[test]
    fn panning_moves_content_with_the_pointer() {
        let v = view();
        let before = v.lnglat_to_screen(FAW_HQ);
        let after = v.panned_by_px(30.0, -20.0).lnglat_to_screen(FAW_HQ);
        assert!(
            (after.x - before.x - 30.0).abs() < 1e-6 && (after.y - before.y + 20.0).abs() < 1e-6
        );
    }

    #[test]
    fn limits_clamp_zoom_and_centre() {
        let bounds = LngLatBounds {
            min: LngLat::lon_lat(125.0, 43.7),
            max: LngLat::lon_lat(125.3, 43.95),
        };
        let limits = ViewLimits {
            min_zoom: 9.0,
            max_zoom: 17.0,
            center_bounds: Some(bounds),
            ..ViewLimits::default()
        };
        let v = Viewport::new(FAW_HQ, 12.0, SIZE, limits);
        assert_eq!(
            v.zoomed_around(ScreenPoint::new(0.0, 0.0), 10.0).zoom(),
            17.0
        );
        assert_eq!(v.with_zoom(1.0).zoom(), 9.0);
        let far = v.panned_by_px(-1e7, 1e7).center();
        assert!(bounds.padded(1e-9).contains(far));
        assert!(Viewport::new(FAW_HQ, f64::NAN, SIZE, limits).zoom() == 9.0);
    }

    #[test]
    fn on_a_gcj02_basemap_points_are_drawn_where_that_basemap_puts_them() {
        let wgs = Viewport::new(FAW_HQ, 15.0, SIZE, ViewLimits::default());
        let gcj = Viewport::new(
            FAW_HQ,
            15.0,
            SIZE,
            ViewLimits {
                display_datum: Datum::Gcj02,
                ..ViewLimits::default()
            },
        );
        // Same WGS-84 centre, so the centre is in the middle of both.
        assert!(
            gcj.lnglat_to_screen(FAW_HQ)
                .distance_px(ScreenPoint::new(400.0, 300.0))
                < 1e-6
        );
        assert!((gcj.center().lng - FAW_HQ.lng).abs() < 1e-9);
        // A point 1 km east lands at the same place relative to the centre (the
        // GCJ-02 shift is nearly uniform over a city), and round-trips exactly.
        let p = LngLat::lon_lat(125.178, 43.83123);
        let (a, b) = (wgs.lnglat_to_screen(p), gcj.lnglat_to_screen(p));
        assert!(a.distance_px(b) < 1.0, "{a:?} vs {b:?}");
        let back = gcj.screen_to_lnglat(b);
        assert!((back.lng - p.lng).abs() < 1e-8 && (back.lat - p.lat).abs() < 1e-8);
        // The basemap's own grid is offset: the WGS-84 point sits ~575 m from
        // where a WGS-84 basemap would put the same world square.
        let shift = gcj.world_to_screen(super::super::mercator::lnglat_to_world(FAW_HQ));
        assert!(shift.distance_px(ScreenPoint::new(400.0, 300.0)) > 50.0);
    }

    #[test]
    fn fitting_shows_the_whole_box() {
        let bounds = LngLatBounds {
            min: LngLat::lon_lat(125.08, 43.74),
            max: LngLat::lon_lat(125.23, 43.87),
        };
        let v = Viewport::fitting(bounds, SIZE, 20.0, ViewLimits::default());
        for corner in [bounds.min, bounds.max] {
            let p = v.lnglat_to_screen(corner);
            assert!(
                (19.9..=780.1).contains(&p.x) && (19.9..=580.1).contains(&p.y),
                "{p:?}"
            );
        }
    }
}

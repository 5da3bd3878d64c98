//! A camera flight: an eased move from one viewport to another over a fixed
//! time, as a pure value sampled by the frame driver (`Flight::at`), beside
//! [`Inertia`](super::gesture::Inertia). Nothing here knows about frames or
//! the browser; the driver asks where the camera is at a time.

use super::viewport::{ScreenSize, Viewport};
use crate::core::coord::LngLat;

/// Duration of a fly-to, in milliseconds: long enough to follow, short enough
/// not to wait for.
pub const FLIGHT_MS: f64 = 450.0;

/// A move from `from` to `to` that started at `start_ms`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight {
    from: Viewport,
    to: Viewport,
    start_ms: f64,
    duration_ms: f64,
}

/// Ease-in-out (quadratic): slow start, slow landing.
fn ease(t: f64) -> f64 {
    if t < 0.5 {
        2.0 * t * t
    } else {
        1.0 - (-2.0 * t + 2.0).powi(2) / 2.0
    }
}

impl Flight {
    /// A flight of the standard duration.
    pub fn new(from: Viewport, to: Viewport, start_ms: f64) -> Self {
        Self {
            from,
            to,
            start_ms,
            duration_ms: FLIGHT_MS,
        }
    }

    /// Where the flight ends.
    pub fn target(&self) -> Viewport {
        self.to
    }

    /// The camera at `now_ms` on a map of `size` (the map may have been
    /// resized during the flight), and whether the flight is over. Centre and
    /// zoom are interpolated on the same eased time.
    pub fn at(&self, now_ms: f64, size: ScreenSize) -> (Viewport, bool) {
        let t = if self.duration_ms > 0.0 {
            ((now_ms - self.start_ms) / self.duration_ms).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let e = ease(t);
        let (a, b) = (self.from.center(), self.to.center());
        let center = LngLat::lon_lat(a.lng + (b.lng - a.lng) * e, a.lat + (b.lat - a.lat) * e);
        let zoom = self.from.zoom() + (self.to.zoom() - self.from.zoom()) * e;
        let view = self
            .to
            .with_size(size)
            .with_center(center)
            .with_zoom(zoom)
            .with_center(center);
        (view, t >= 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::viewport::ViewLimits;

    const SIZE: ScreenSize = ScreenSize {
        width_px: 800.0,
        height_px: 600.0,
    };

    fn view(lng: f64, lat: f64, zoom: f64) -> Viewport {
        Viewport::new(LngLat::lon_lat(lng, lat), zoom, SIZE, ViewLimits::default())
    }

    #[test]
    fn a_flight_starts_where_it_was_and_ends_where_it_goes() {
        let (a, b) = (view(125.10, 43.80, 11.0), view(125.20, 43.85, 14.0));
        let f = Flight::new(a, b, 1000.0);
        let (start, done) = f.at(1000.0, SIZE);
        assert!(!done);
        assert!((start.zoom() - 11.0).abs() < 1e-9);
        assert!((start.center().lng - 125.10).abs() < 1e-9);
        let (end, done) = f.at(1000.0 + FLIGHT_MS, SIZE);
        assert!(done);
        assert!((end.zoom() - 14.0).abs() < 1e-9);
        assert!(
            (end.center().lng - 125.20).abs() < 1e-9 && (end.center().lat - 43.85).abs() < 1e-9
        );
        assert_eq!(f.target(), b);
    }

    #[test]
    fn the_middle_is_half_way_and_the_ends_are_slow() {
        let f = Flight::new(view(125.0, 43.8, 10.0), view(125.2, 43.8, 12.0), 0.0);
        let (mid, _) = f.at(FLIGHT_MS / 2.0, SIZE);
        assert!((mid.zoom() - 11.0).abs() < 1e-9);
        let (early, _) = f.at(FLIGHT_MS * 0.1, SIZE);
        assert!(
            early.zoom() - 10.0 < 0.1 * 2.0 * 0.5,
            "eased: less than linear at the start"
        );
    }

    #[test]
    fn a_resize_during_the_flight_is_taken_and_late_samples_stay_at_the_end() {
        let f = Flight::new(view(125.0, 43.8, 10.0), view(125.2, 43.8, 12.0), 0.0);
        let small = ScreenSize {
            width_px: 390.0,
            height_px: 500.0,
        };
        let (v, done) = f.at(10_000.0, small);
        assert!(done);
        assert_eq!(v.size(), small);
        assert!((v.zoom() - 12.0).abs() < 1e-9);
    }
}

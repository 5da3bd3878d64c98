//! Property tests: invariants that must hold for any input.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use qikai_map::core::coord::LngLat;
use qikai_map::data::{load_geojson, Limits};
use qikai_map::view::gesture::{GestureTracker, InputEvent};
use qikai_map::view::mercator::ScreenPoint;
use qikai_map::view::viewport::{ScreenSize, ViewLimits, Viewport};

fn view(zoom: f64) -> Viewport {
    Viewport::new(
        LngLat::lon_lat(125.16, 43.82),
        zoom,
        ScreenSize {
            width_px: 1024.0,
            height_px: 768.0,
        },
        ViewLimits::default(),
    )
}

proptest! {
    // From zoom 5 up the world is wider than the screen, so no world-edge clamp interferes.
    #[test]
    fn zooming_keeps_the_anchor_fixed(zoom in 5.0f64..17.0, dz in -1.5f64..1.5, x in 0.0f64..1024.0, y in 0.0f64..768.0) {
        let v = view(zoom);
        let anchor = ScreenPoint::new(x, y);
        let under = v.screen_to_lnglat(anchor);
        let z = v.zoomed_around(anchor, dz);
        prop_assert!(z.lnglat_to_screen(under).distance_px(anchor) < 1e-5);
    }

    #[test]
    fn screen_and_geographic_coordinates_round_trip(zoom in 4.0f64..19.0, x in -500.0f64..1500.0, y in -500.0f64..1300.0) {
        let v = view(zoom);
        let p = ScreenPoint::new(x, y);
        prop_assert!(v.lnglat_to_screen(v.screen_to_lnglat(p)).distance_px(p) < 1e-6);
    }

    #[test]
    fn the_loader_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = load_geojson(&text, &Limits::default());
    }

    #[test]
    fn the_loader_never_panics_on_arbitrary_feature_values(
        kind in prop_oneof![Just("\"park\""), Just("\"swap_station\""), Just("1"), Just("null"), Just("[]")],
        x in prop_oneof![any::<f64>().prop_map(|v| format!("{v:e}")), Just("\"1\"".to_string()), Just("null".to_string())],
        y in -1e6f64..1e6,
        id in prop_oneof![Just("\"a\"".to_string()), Just("7".to_string()), Just("{}".to_string()), ".{0,5}".prop_map(|s| format!("{s:?}"))],
    ) {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":{id},"geometry":{{"type":"Point","coordinates":[{x},{y}]}},"properties":{{"kind":{kind},"name_zh":"x","position_accuracy":"exact"}}}}]}}"#
        );
        let out = load_geojson(&text, &Limits::default());
        // Whatever happened, everything is accounted for.
        prop_assert!(out.report.file_error.is_some() || out.report.loaded + out.report.skipped() == 1);
        for f in &out.features {
            prop_assert!(f.geometry.positions().all(|p| p.is_valid()));
        }
    }

    #[test]
    fn any_pointer_sequence_leaves_a_finite_view(events in prop::collection::vec((0u8..4, 0i32..3, 0.0f64..1024.0, 0.0f64..768.0), 0..60)) {
        let mut tracker = GestureTracker::default();
        let mut v = view(12.0);
        for (i, (kind, id, x, y)) in events.into_iter().enumerate() {
            let pos = ScreenPoint::new(x, y);
            let time_ms = i as f64 * 16.0;
            let event = match kind {
                0 => InputEvent::Down { id, pos, time_ms },
                1 => InputEvent::Move { id, pos, time_ms },
                2 => InputEvent::Up { id, pos, time_ms },
                _ => InputEvent::Wheel { pos, delta_y_px: x - 512.0 },
            };
            v = tracker.handle(event).delta.apply(v);
            prop_assert!(v.zoom().is_finite() && v.center().is_valid());
        }
    }
}

mod geodesy {
    use proptest::prelude::*;
    use qikai_map::core::coord::LngLat;
    use qikai_map::core::measure::{area_m2, distance_m};

    fn zone_point() -> impl Strategy<Value = LngLat> {
        (125.0f64..125.5, 43.7f64..44.0).prop_map(|(x, y)| LngLat::lon_lat(x, y))
    }

    proptest! {
        #[test]
        fn distance_is_symmetric_and_non_negative(a in zone_point(), b in zone_point()) {
            let (ab, ba) = (distance_m(a, b), distance_m(b, a));
            prop_assert!(ab >= 0.0);
            prop_assert!((ab - ba).abs() <= 1e-9 * ab.max(1.0));
        }

        #[test]
        fn distance_obeys_the_triangle_inequality(a in zone_point(), b in zone_point(), c in zone_point()) {
            // Geodesics are shortest paths; allow for floating-point error.
            prop_assert!(distance_m(a, c) <= distance_m(a, b) + distance_m(b, c) + 1e-6);
        }

        #[test]
        fn area_ignores_ring_rotation_and_direction(
            pts in prop::collection::vec(zone_point(), 3..9),
            shift in 0usize..8,
        ) {
            // A star-shaped ring around the centroid never self-intersects.
            let cx = pts.iter().map(|p| p.lng).sum::<f64>() / pts.len() as f64;
            let cy = pts.iter().map(|p| p.lat).sum::<f64>() / pts.len() as f64;
            let mut open = pts.clone();
            open.sort_by(|p, q| (p.lat - cy).atan2(p.lng - cx).total_cmp(&(q.lat - cy).atan2(q.lng - cx)));
            let close = |v: &[LngLat]| { let mut r = v.to_vec(); r.push(v[0]); r };
            let base = area_m2(&[close(&open)]);
            let k = shift % open.len();
            let rotated: Vec<LngLat> = open[k..].iter().chain(&open[..k]).copied().collect();
            let reversed: Vec<LngLat> = open.iter().rev().copied().collect();
            prop_assert!((area_m2(&[close(&rotated)]) - base).abs() <= 1e-6 * base.max(1.0));
            prop_assert!((area_m2(&[close(&reversed)]) - base).abs() <= 1e-6 * base.max(1.0));
        }
    }
}

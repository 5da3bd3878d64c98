//! The map surface: sizing, pointer/wheel/keyboard input, inertia.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, MouseEvent, PointerEvent, WheelEvent};

use std::time::Duration;

use super::analysis_layer::{AnalysisLayer, CoverageLayer};
use super::basemap_layer::BasemapLayer;
use super::dense_layer::DenseLayerCanvas;
use super::feature_layer::{FeatureLayer, LabelLayer};
use crate::app::{home_view, view_limits, AppState, Tool};
use crate::hooks::{use_element_size, use_media_query};
use crate::i18n::Msg;
use crate::scene::dense::DenseHit;
use crate::view::gesture::{
    GestureOptions, GestureTracker, Inertia, InputEvent, MapKey, ViewDelta,
};
use crate::view::mercator::ScreenPoint;
use crate::view::viewport::{ScreenSize, Viewport};

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The interactive map: a labelled, focusable region holding the SVG layers.
#[component]
pub fn MapView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let container = NodeRef::<Div>::new();
    let size = use_element_size(container);
    let reduced_motion = use_media_query("(prefers-reduced-motion: reduce)");

    Effect::new(move |_| {
        let (w, h) = size.get();
        if w < 1.0 || h < 1.0 {
            return; // hidden (display: none, closed modal): keep the last view
        }
        let size = ScreenSize {
            width_px: w,
            height_px: h,
        };
        let catalog = state.catalog.get_value();
        let limits = view_limits(&catalog, size, state.display_datum());
        if state.fitted.get_untracked() {
            state
                .view
                .update(|v| *v = v.with_size(size).with_limits(limits));
        } else {
            state.view.set(home_view(&catalog, size, limits));
            state.fitted.set(true);
        }
    });

    let tracker = StoredValue::new(GestureTracker::default());
    let inertia_generation = StoredValue::new(0u32);

    // Later requests (links, the host, lists) fly there.
    Effect::new(move |_| {
        let Some((center, zoom)) = state.requested_view.get() else {
            return;
        };
        if !state.fitted.get() {
            return; // the first fit above takes it
        }
        state.requested_view.set(None);
        let from = state.view.get_untracked();
        let to = from.with_center(center).with_zoom(zoom).with_center(center);
        inertia_generation.update_value(|g| *g = g.wrapping_add(1));
        if reduced_motion.get_untracked() {
            state.view.set(to);
        } else {
            run_flight(
                state,
                inertia_generation,
                inertia_generation.get_value(),
                from,
                to,
                now_ms(),
            );
        }
    });
    let press_target = StoredValue::new(None::<String>);

    let apply = move |delta: ViewDelta| {
        if !delta.is_noop() {
            state.view.update(|v| *v = delta.apply(*v));
        }
    };
    let local_point = move |ev: &MouseEvent| -> ScreenPoint {
        let (left, top) = container
            .get_untracked()
            .map(|el| {
                let r = el.get_bounding_client_rect();
                (r.left(), r.top())
            })
            .unwrap_or_default();
        ScreenPoint::new(
            f64::from(ev.client_x()) - left,
            f64::from(ev.client_y()) - top,
        )
    };
    let feed = move |event: InputEvent| {
        let inertia = !reduced_motion.get_untracked();
        tracker
            .try_update_value(|t| {
                if t.options_inertia() != inertia {
                    *t = GestureTracker::new(GestureOptions {
                        inertia,
                        ..GestureOptions::default()
                    });
                }
                t.handle(event)
            })
            .unwrap_or_default()
    };

    let on_pointer_down = move |ev: PointerEvent| {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        inertia_generation.update_value(|g| *g = g.wrapping_add(1));
        if !tracker.with_value(GestureTracker::is_active) {
            let id = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("[data-feature-id]").ok().flatten())
                .and_then(|el| el.get_attribute("data-feature-id"));
            press_target.set_value(id);
        }
        if let Some(el) = container.get_untracked() {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let out = feed(InputEvent::Down {
            id: ev.pointer_id(),
            pos: local_point(&ev),
            time_ms: now_ms(),
        });
        apply(out.delta);
        // A long press asks "what is near here?"; the tracker decides whether
        // the pointer stayed still long enough.
        set_timeout(
            move || {
                if let Some(pos) = tracker
                    .try_update_value(|t| t.long_press(now_ms()))
                    .flatten()
                {
                    let at = state.view.get_untracked().screen_to_lnglat(pos);
                    state.probe_at(at);
                }
            },
            Duration::from_millis(550),
        );
    };
    let on_pointer_move = move |ev: PointerEvent| {
        let out = feed(InputEvent::Move {
            id: ev.pointer_id(),
            pos: local_point(&ev),
            time_ms: now_ms(),
        });
        apply(out.delta);
    };
    let on_pointer_up = move |ev: PointerEvent| {
        let out = feed(InputEvent::Up {
            id: ev.pointer_id(),
            pos: local_point(&ev),
            time_ms: now_ms(),
        });
        apply(out.delta);
        if let Some(pos) = out.tap {
            match state.tool.get_untracked() {
                Tool::Measure(_) => {
                    let at = state.view.get_untracked().screen_to_lnglat(pos);
                    state.sketch.update(|s| *s = s.clone().with_vertex(at));
                }
                // The canvas is drawn over the areas: its symbols take the tap first.
                Tool::Browse => {
                    if !(state.dense_mode.get_value() && tap_dense_layer(state, pos)) {
                        state.select(press_target.get_value());
                    }
                }
            }
        }
        if let Some((vx, vy)) = out.fling {
            inertia_generation.update_value(|g| *g = g.wrapping_add(1));
            run_inertia(
                state,
                inertia_generation,
                inertia_generation.get_value(),
                Inertia::new(vx, vy),
                now_ms(),
                state.view.get_untracked(),
            );
        }
    };
    let on_pointer_cancel = move |ev: PointerEvent| {
        feed(InputEvent::Cancel {
            id: ev.pointer_id(),
        });
    };
    // Cooperative gestures (embedded in a page): a plain wheel scrolls the
    // page and one finger scrolls it too; Ctrl/⌘ + wheel and two fingers move the map.
    let hint = RwSignal::new(None::<Msg>);
    let hint_generation = StoredValue::new(0u32);
    let show_hint = move |msg: Msg| {
        hint.set(Some(msg));
        hint_generation.update_value(|g| *g = g.wrapping_add(1));
        let mine = hint_generation.get_value();
        set_timeout(
            move || {
                if hint_generation.try_get_value() == Some(mine) {
                    hint.set(None);
                }
            },
            Duration::from_millis(1500),
        );
    };
    let on_touch_start = move |ev: web_sys::TouchEvent| {
        if state.cooperative.get_value() && ev.touches().length() == 1 {
            show_hint(Msg::CoopTouchHint);
        }
    };
    let on_touch_move = move |ev: web_sys::TouchEvent| {
        // Two fingers belong to the map: stop the page from scrolling with them.
        if state.cooperative.get_value() && ev.touches().length() >= 2 {
            ev.prevent_default();
            hint.set(None);
        }
    };
    let on_wheel = move |ev: WheelEvent| {
        if state.cooperative.get_value() && !(ev.ctrl_key() || ev.meta_key()) {
            show_hint(Msg::CoopWheelHint);
            return; // the page scrolls
        }
        ev.prevent_default();
        // Normalise lines and pages to pixels (Firefox sends lines).
        let scale = match ev.delta_mode() {
            1 => 16.0,
            2 => state.view.get_untracked().size().height_px,
            _ => 1.0,
        };
        let out = feed(InputEvent::Wheel {
            pos: local_point(&ev),
            delta_y_px: ev.delta_y() * scale,
        });
        apply(out.delta);
    };
    let on_key_down = move |ev: KeyboardEvent| {
        let key = match ev.key().as_str() {
            "ArrowLeft" => Some(MapKey::Left),
            "ArrowRight" => Some(MapKey::Right),
            "ArrowUp" => Some(MapKey::Up),
            "ArrowDown" => Some(MapKey::Down),
            "+" | "=" => Some(MapKey::ZoomIn),
            "-" | "_" => Some(MapKey::ZoomOut),
            "Escape" => {
                state.select(None);
                state.probe.set(None);
                None
            }
            "Enter" | " " => {
                let id = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.get_attribute("data-feature-id"));
                if id.is_some() {
                    ev.prevent_default();
                    state.select(id);
                } else if state.dense_mode.get_value() {
                    // Keyboard twin of a tap on a dense map: whatever is
                    // drawn at the centre (zoom into it, select or list it).
                    let size = state.view.get_untracked().size();
                    let centre = ScreenPoint::new(size.width_px / 2.0, size.height_px / 2.0);
                    if tap_dense_layer(state, centre) {
                        ev.prevent_default();
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(key) = key {
            ev.prevent_default();
            let out = feed(InputEvent::Key(key));
            apply(out.delta);
        }
    };

    let size_attr = move || {
        let s = state.view.get().size();
        (format!("{:.0}", s.width_px), format!("{:.0}", s.height_px))
    };

    view! {
        <div
            class="qk-map"
            node_ref=container
            role="region"
            tabindex="0"
            aria-label=move || state.t(Msg::MapLabel)
            aria-describedby="qk-map-help"
            on:pointerdown=on_pointer_down
            on:pointermove=on_pointer_move
            on:pointerup=on_pointer_up
            on:pointercancel=on_pointer_cancel
            on:wheel=on_wheel
            on:touchstart=on_touch_start
            on:touchmove=on_touch_move
            class:qk-cooperative=state.cooperative.get_value()
            class:qk-has-basemap=state.basemap.with_value(Option::is_some)
            on:keydown=on_key_down
            on:dblclick=|ev: MouseEvent| ev.prevent_default()
            on:contextmenu=move |ev: MouseEvent| {
                ev.prevent_default();
                let at = state.view.get_untracked().screen_to_lnglat(local_point(&ev));
                state.probe_at(at);
            }
        >
            <p id="qk-map-help" class="qk-visually-hidden">{move || state.t(Msg::MapHelp)}</p>
            {move || hint.get().map(|m| view! { <p class="qk-coop-hint" role="status">{state.t(m)}</p> })}
            <svg
                class="qk-svg"
                width=move || size_attr().0
                height=move || size_attr().1
                role="group"
                aria-label=move || state.t(Msg::Features)
            >
                <BasemapLayer />
                <CoverageLayer />
                <FeatureLayer />
                <AnalysisLayer />
                <LabelLayer />
            </svg>
            {state.dense_mode.get_value().then(|| view! { <DenseLayerCanvas /> })}
        </div>
    }
}

/// Features a same-spot list shows at most.
const SAME_SPOT_LIST_LIMIT: usize = 50;

/// A tap on a dense map, answered through the cluster index: select the
/// point, fly into the cluster, or list the points sharing the spot. False
/// when the tap hit no symbol of the layer.
fn tap_dense_layer(state: AppState, pos: ScreenPoint) -> bool {
    let view = state.view.get_untracked();
    let hit = state.dense.with_untracked(|d| {
        d.as_ref()
            .and_then(|d| d.hit(&view, pos, SAME_SPOT_LIST_LIMIT))
    });
    match hit {
        None => return false,
        Some(DenseHit::Feature(i)) => {
            let id = state
                .catalog
                .with_value(|c| c.features().get(i).map(|f| f.id.clone()));
            state.select(id);
        }
        Some(DenseHit::Expand { center, zoom }) => {
            state.requested_view.set(Some((center, zoom)));
        }
        Some(DenseHit::List { features, total }) => {
            state.same_spot.set((features, total));
            state.select(None);
            state.side_panel.set(crate::app::SidePanel::SameSpot);
        }
    }
    true
}

/// Duration of a fly-to animation.
const FLIGHT_MS: f64 = 450.0;

/// Animates from one camera to another (ease-in-out on centre and zoom),
/// one step per frame; a newer gesture or flight cancels it.
fn run_flight(
    state: AppState,
    generation: StoredValue<u32>,
    mine: u32,
    from: Viewport,
    to: Viewport,
    start_ms: f64,
) {
    request_animation_frame(move || {
        if generation.try_get_value() != Some(mine) {
            return;
        }
        let t = ((now_ms() - start_ms) / FLIGHT_MS).clamp(0.0, 1.0);
        let e = if t < 0.5 {
            2.0 * t * t
        } else {
            1.0 - (-2.0 * t + 2.0).powi(2) / 2.0
        };
        let (a, b) = (from.center(), to.center());
        let center = crate::core::coord::LngLat::lon_lat(
            a.lng + (b.lng - a.lng) * e,
            a.lat + (b.lat - a.lat) * e,
        );
        let zoom = from.zoom() + (to.zoom() - from.zoom()) * e;
        let size = state.view.get_untracked().size();
        state.view.set(
            to.with_size(size)
                .with_center(center)
                .with_zoom(zoom)
                .with_center(center),
        );
        if t < 1.0 {
            run_flight(state, generation, mine, from, to, start_ms);
        }
    });
}

/// Glides the map after a fling, one step per animation frame, until it stops,
/// a newer gesture bumps the generation, something else moves the view (Home,
/// the zoom buttons, keys: `view` is no longer the one it left), or it is
/// pinned against the pan limits.
fn run_inertia(
    state: AppState,
    generation: StoredValue<u32>,
    mine: u32,
    mut inertia: Inertia,
    last_ms: f64,
    view: Viewport,
) {
    request_animation_frame(move || {
        if generation.try_get_value() != Some(mine) {
            return;
        }
        let current = state.view.get_untracked();
        if current != view {
            return;
        }
        let now = now_ms();
        if let Some(delta) = inertia.step(now - last_ms) {
            let next = delta.apply(current);
            if next == current {
                return;
            }
            state.view.set(next);
            run_inertia(state, generation, mine, inertia, now, next);
        }
    });
}

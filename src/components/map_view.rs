//! The map surface: sizing, pointer/wheel/keyboard input, inertia.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, MouseEvent, PointerEvent, WheelEvent};

use std::time::Duration;

use super::analysis_layer::{AnalysisLayer, CoverageLayer};
use super::basemap_layer::BasemapLayer;
use super::dense_layer::DenseLayerCanvas;
use super::feature_layer::{FeatureLayer, LabelLayer};
use crate::app::{home_view, view_limits, AppState, CameraRequest, SidePanel, Tool};
use crate::core::model::Geometry;
use crate::core::stations::anchor_point;
use crate::hooks::{measure_chrome, use_element_size, use_media_query};
use crate::i18n::Msg;
use crate::scene::dense::DenseHit;
use crate::view::gesture::{
    GestureOptions, GestureTracker, Inertia, InputEvent, MapKey, ViewDelta,
};
use crate::view::insets::ScreenInsets;
use crate::view::mercator::ScreenPoint;
use crate::view::viewport::{ScreenSize, Viewport};

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The interactive map: a labelled, focusable region holding the SVG layers.
#[component]
pub fn MapView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let container = state.map_el;
    let size = use_element_size(container);
    let reduced_motion = use_media_query("(prefers-reduced-motion: reduce)");
    // The home view last fitted without the user moving the camera: while the
    // camera is still there, it is fitted again when the chrome changes (the
    // panels measured after the first frame, a rotated phone).
    let auto_home = StoredValue::new(None::<Viewport>);

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
        let insets = state.chrome.with_untracked(|c| c.insets);
        let at_auto_home = auto_home.get_value() == Some(state.view.get_untracked());
        if state.fitted.get_untracked() && !at_auto_home {
            state
                .view
                .update(|v| *v = v.with_size(size).with_limits(limits));
        } else {
            let home = home_view(&catalog, size, limits, insets);
            auto_home.set_value(Some(home));
            state.view.set(home);
            state.fitted.set(true);
        }
    });
    Effect::new(move |_| {
        let insets = state.chrome.with(|c| c.insets);
        let view = state.view.get_untracked();
        // Only the untouched start: a selection or an open panel is the
        // user's doing, and the camera then follows them, not the home fit.
        let untouched = state.selected.with_untracked(Option::is_none)
            && state.side_panel.get_untracked() == SidePanel::None;
        if auto_home.get_value() != Some(view) || !untouched {
            auto_home.set_value(None);
            return;
        }
        let catalog = state.catalog.get_value();
        let home = home_view(&catalog, view.size(), view.limits(), insets);
        auto_home.set_value(Some(home));
        state.view.set(home);
    });

    let tracker = StoredValue::new(GestureTracker::default());
    let inertia_generation = StoredValue::new(0u32);
    // Where a running flight ends (the reveal below judges by it).
    let flight_target = StoredValue::new(None::<Viewport>);
    let fly = move |to: Viewport| {
        inertia_generation.update_value(|g| *g = g.wrapping_add(1));
        let from = state.view.get_untracked();
        if reduced_motion.get_untracked() || from == to {
            state.view.set(to);
        } else {
            flight_target.set_value(Some(to));
            run_flight(
                state,
                inertia_generation,
                inertia_generation.get_value(),
                from,
                to,
                now_ms(),
                flight_target,
            );
        }
    };

    // Camera requests (links, the host, search, lists) are carried out at the
    // next frame: the panels they open are laid out by then, so the camera
    // can aim at the part of the map they leave visible. `pending` covers the
    // wait, so the reveal below does not aim from a camera about to move.
    let pending = StoredValue::new(false);
    // A request made before the map had its size (a link, the host's
    // starting view) is where the map opens: a jump, not a flight from the
    // home view (which would also write passing cameras into the link).
    let at_start = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(request) = state.camera_request.get() else {
            return;
        };
        if !state.fitted.get() {
            at_start.set_value(true);
            return; // the first fit comes first; this effect runs again then
        }
        state.camera_request.set(None);
        pending.set_value(true);
        let jump = at_start.try_update_value(std::mem::take).unwrap_or(false);
        request_animation_frame(move || {
            pending.set_value(false);
            let Some((size, insets)) = current_frame(state) else {
                return;
            };
            let from = state.view.get_untracked().with_size(size);
            let to = match request {
                // A link's camera, exactly, unless it leaves the selection
                // under a panel (a desktop link opened on a phone).
                CameraRequest::To { center, zoom } => {
                    let to = from.with_center(center).with_zoom(zoom).with_center(center);
                    revealing(state, to, insets).unwrap_or(to)
                }
                CameraRequest::Feature(id) => {
                    let Some(to) = feature_camera(state, &id, from, insets) else {
                        return;
                    };
                    to
                }
                CameraRequest::Home => {
                    let catalog = state.catalog.get_value();
                    let home = home_view(&catalog, from.size(), from.limits(), insets);
                    // Home is a jump, as before: the button and the reset.
                    inertia_generation.update_value(|g| *g = g.wrapping_add(1));
                    flight_target.set_value(None);
                    state.view.set(home);
                    return;
                }
            };
            if jump {
                state.view.set(to);
            } else {
                fly(to);
            }
        });
    });

    // The selection is never left under a panel: when it changes, or a panel
    // opens or closes over the map, a selected feature outside the visible
    // part of the map is brought to its middle (the zoom is kept).
    Effect::new(move |_| {
        let selected = state.selected.get();
        state.side_panel.track();
        state.details_on_top.track();
        if selected.is_none() {
            return;
        }
        request_animation_frame(move || {
            if pending.get_value() || state.camera_request.with_untracked(Option::is_some) {
                return; // a requested move is on its way and reveals it itself
            }
            let Some((size, insets)) = current_frame(state) else {
                return;
            };
            let view = flight_target
                .get_value()
                .unwrap_or_else(|| state.view.get_untracked())
                .with_size(size);
            if let Some(to) = revealing(state, view, insets) {
                fly(to);
            }
        });
    });
    let press_target = StoredValue::new(None::<String>);
    // Bumped by every press: a pending "clear the selection" of an empty-map
    // tap is dropped when a second press follows (a double tap zooms).
    let tap_generation = StoredValue::new(0u32);

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

    // A vertex of the measuring sketch being dragged: (pointer, vertex).
    let vertex_drag = StoredValue::new(None::<(i32, usize)>);
    let on_pointer_down = move |ev: PointerEvent| {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        // While measuring, a press on a vertex drags that vertex, not the map.
        if matches!(state.tool.get_untracked(), Tool::Measure(_)) {
            let vertex = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .filter(|el| el.class_list().contains("qk-sketch-vertex"))
                .and_then(|el| el.get_attribute("data-vertex"))
                .and_then(|v| v.parse::<usize>().ok());
            if let Some(i) = vertex {
                vertex_drag.set_value(Some((ev.pointer_id(), i)));
                if let Some(el) = container.get_untracked() {
                    let _ = el.set_pointer_capture(ev.pointer_id());
                }
                return;
            }
        }
        inertia_generation.update_value(|g| *g = g.wrapping_add(1));
        flight_target.set_value(None);
        tap_generation.update_value(|g| *g = g.wrapping_add(1));
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
        if let Some((id, i)) = vertex_drag.get_value() {
            if id == ev.pointer_id() {
                let at = state
                    .view
                    .get_untracked()
                    .screen_to_lnglat(local_point(&ev));
                state
                    .sketch
                    .update(|s| *s = s.clone().with_vertex_moved(i, at));
            }
            return;
        }
        let out = feed(InputEvent::Move {
            id: ev.pointer_id(),
            pos: local_point(&ev),
            time_ms: now_ms(),
        });
        apply(out.delta);
    };
    let on_pointer_up = move |ev: PointerEvent| {
        if vertex_drag
            .get_value()
            .is_some_and(|(id, _)| id == ev.pointer_id())
        {
            vertex_drag.set_value(None);
            return;
        }
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
                    if state.dense_mode.get_value() && tap_dense_layer(state, pos) {
                        // handled
                    } else if let Some(id) = press_target.get_value() {
                        state.select(Some(id));
                    } else {
                        // The empty map (the zone and the districts are
                        // context, not targets): clear, unless this is the
                        // first tap of a double tap, which zooms.
                        let mine = tap_generation.get_value();
                        set_timeout(
                            move || {
                                if tap_generation.try_get_value() == Some(mine) {
                                    state.select(None);
                                }
                            },
                            Duration::from_millis(DOUBLE_TAP_WAIT_MS),
                        );
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
        vertex_drag.set_value(None);
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
                <FeatureLayer areas=true />
                <CoverageLayer />
                <FeatureLayer areas=false />
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
            state
                .camera_request
                .set(Some(CameraRequest::To { center, zoom }));
        }
        Some(DenseHit::List { features, total }) => {
            state.same_spot.set((features, total));
            state.select(None);
            state.toggle_panel(crate::app::SidePanel::SameSpot);
        }
    }
    true
}

/// Duration of a fly-to animation.
const FLIGHT_MS: f64 = 450.0;

/// How long an empty-map tap waits for a second tap before it clears the
/// selection (the double-tap window of `GestureOptions`).
const DOUBLE_TAP_WAIT_MS: u64 = 300;

/// A selected feature closer than this to the edge of the visible part of the
/// map counts as hidden.
const REVEAL_MARGIN_PX: f64 = 24.0;

/// The map's size and what the chrome leaves visible, now (measured, not the
/// last signal values: a request is carried out right after the panels it
/// opened were laid out, possibly before the resize observer has reported a
/// map that changed size with them).
fn current_frame(state: AppState) -> Option<(ScreenSize, ScreenInsets)> {
    let map = state.map_el.get_untracked()?;
    let r = map.get_bounding_client_rect();
    if r.width() < 1.0 || r.height() < 1.0 {
        return None;
    }
    let size = ScreenSize {
        width_px: r.width(),
        height_px: r.height(),
    };
    let insets = match map.closest(".qk-app").ok().flatten() {
        Some(root) => measure_chrome(&root, &map).insets,
        None => state.chrome.with_untracked(|c| c.insets),
    };
    Some((size, insets))
}

/// The camera moved so that the selected feature shows in the middle of the
/// visible part of the map, when `view` leaves it hidden (under a panel, a
/// sheet or off screen); None when it shows already or nothing is selected.
fn revealing(state: AppState, view: Viewport, insets: ScreenInsets) -> Option<Viewport> {
    let id = state.selected.get_untracked()?;
    let at = state
        .catalog
        .with_value(|c| c.get(&id).and_then(|f| anchor_point(&f.geometry)))?;
    (!insets.shows(view.size(), view.lnglat_to_screen(at), REVEAL_MARGIN_PX))
        .then(|| view.centered_in(at, insets))
}

/// The camera that shows a feature in the visible part of the map: a point
/// centred at street zoom (or closer, if already closer), an area whole.
fn feature_camera(
    state: AppState,
    id: &str,
    from: Viewport,
    insets: ScreenInsets,
) -> Option<Viewport> {
    state.catalog.with_value(|c| {
        let f = c.get(id)?;
        match &f.geometry {
            Geometry::Point(p) => Some(
                from.with_zoom(from.zoom().max(14.0))
                    .centered_in(*p, insets),
            ),
            g => {
                let b = g.bounds()?;
                Some(Viewport::fitting_in(
                    b,
                    from.size(),
                    insets,
                    48.0,
                    from.limits(),
                ))
            }
        }
    })
}

/// Animates from one camera to another (ease-in-out on centre and zoom),
/// one step per frame; a newer gesture or flight cancels it.
fn run_flight(
    state: AppState,
    generation: StoredValue<u32>,
    mine: u32,
    from: Viewport,
    to: Viewport,
    start_ms: f64,
    target: StoredValue<Option<Viewport>>,
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
            run_flight(state, generation, mine, from, to, start_ms, target);
        } else {
            target.set_value(None);
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

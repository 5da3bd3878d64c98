use std::time::Duration;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, MouseEvent, PointerEvent, TouchEvent, WheelEvent};

use super::use_media_query;
use crate::i18n::Msg;
use crate::platform::now_ms;
use crate::scene::dense::DenseHit;
use crate::scene::tiled::TiledHit;
use crate::state::{AppState, Tool};
use crate::view::gesture::{GestureOptions, GestureTracker, InputEvent, MapKey};
use crate::view::mercator::ScreenPoint;

/// Features a same-spot list shows at most.
const SAME_SPOT_LIST_LIMIT: usize = 50;

/// How long the cooperative-gesture hint stays.
const HINT_MS: u64 = 1500;

/// The timers wait a little past the tracker's own thresholds, so the
/// tracker, which judges by its clock, agrees when they fire.
const TIMER_MARGIN_MS: f64 = 20.0;

/// The one input path of the map: DOM events → [`InputEvent`]s →
/// [`GestureTracker`] → camera deltas (applied at once through
/// `state.move_camera`), flings (handed to the frame driver), taps (what is
/// under them, then a state action), long presses (a point asked about). Also
/// the vertex drag of the measuring tool and the cooperative-gesture hint.
/// `Copy`: bind its methods to the map element (`on:pointerdown=move |ev|
/// input.pointer_down(ev)`).
#[derive(Clone, Copy)]
pub struct MapInput {
    state: AppState,
    map: NodeRef<Div>,
    tracker: StoredValue<GestureTracker>,
    options: GestureOptions,
    /// The feature element under the press that began a gesture.
    press_target: StoredValue<Option<String>>,
    /// The press was on a feature of the layer over the canvas (a page's own
    /// point or a label): it wins over the canvas's clusters under it.
    press_on_top: StoredValue<bool>,
    /// A vertex of the measuring sketch being dragged: (pointer, vertex).
    vertex_drag: StoredValue<Option<(i32, usize)>>,
    /// Bumped by every press: a pending "clear the selection" of an
    /// empty-map tap is dropped when a second press follows (a double tap zooms).
    presses: StoredValue<u32>,
    /// The cooperative-gesture hint on screen.
    pub hint: ReadSignal<Option<Msg>>,
    set_hint: WriteSignal<Option<Msg>>,
    hints: StoredValue<u32>,
}

/// The map's input path, for the map element `map`.
pub fn use_map_input(state: AppState, map: NodeRef<Div>) -> MapInput {
    let reduced_motion = use_media_query("(prefers-reduced-motion: reduce)");
    let options = GestureOptions::default();
    let tracker = StoredValue::new(GestureTracker::new(options));
    Effect::new(move |_| {
        let reduced = reduced_motion.get();
        state.set_reduced_motion(reduced);
        tracker.set_value(GestureTracker::new(GestureOptions {
            inertia: !reduced,
            ..options
        }));
    });
    let (hint, set_hint) = signal(None);
    MapInput {
        state,
        map,
        tracker,
        options,
        press_target: StoredValue::new(None),
        press_on_top: StoredValue::new(false),
        vertex_drag: StoredValue::new(None),
        presses: StoredValue::new(0),
        hint,
        set_hint,
        hints: StoredValue::new(0),
    }
}

impl MapInput {
    /// A mouse or pointer position relative to the map's top-left corner.
    fn local_point(&self, ev: &MouseEvent) -> ScreenPoint {
        let (left, top) = self
            .map
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
    }

    fn lnglat(&self, ev: &MouseEvent) -> crate::core::coord::LngLat {
        self.state
            .camera
            .view
            .get_untracked()
            .screen_to_lnglat(self.local_point(ev))
    }

    fn feed(&self, event: InputEvent) -> crate::view::gesture::GestureOutput {
        let out = self
            .tracker
            .try_update_value(|t| t.handle(event))
            .unwrap_or_default();
        if !out.delta.is_noop() {
            self.state.move_camera(out.delta);
        }
        out
    }

    fn capture(&self, pointer: i32) {
        if let Some(el) = self.map.get_untracked() {
            let _ = el.set_pointer_capture(pointer);
        }
    }

    /// A finger, pen or mouse button came down on the map.
    pub fn pointer_down(&self, ev: PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let state = self.state;
        // While measuring, a press on a vertex drags that vertex, not the map.
        if matches!(state.tools.tool.get_untracked(), Tool::Measure(_)) {
            let vertex = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .filter(|el| el.class_list().contains("qk-sketch-vertex"))
                .and_then(|el| el.get_attribute("data-vertex"))
                .and_then(|v| v.parse::<usize>().ok());
            if let Some(i) = vertex {
                self.vertex_drag.set_value(Some((ev.pointer_id(), i)));
                self.capture(ev.pointer_id());
                return;
            }
        }
        state.hold_camera();
        self.presses.update_value(|n| *n = n.wrapping_add(1));
        if !self.tracker.with_value(GestureTracker::is_active) {
            let pressed = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("[data-feature-id]").ok().flatten());
            let on_top = pressed
                .as_ref()
                .is_some_and(|el| el.closest(".qk-svg-over").ok().flatten().is_some());
            self.press_on_top.set_value(on_top);
            self.press_target
                .set_value(pressed.and_then(|el| el.get_attribute("data-feature-id")));
        }
        self.capture(ev.pointer_id());
        self.feed(InputEvent::Down {
            id: ev.pointer_id(),
            pos: self.local_point(&ev),
            time_ms: now_ms(),
        });
        // A long press asks "what is near here?"; the tracker decides whether
        // the pointer stayed still long enough.
        let tracker = self.tracker;
        set_timeout(
            move || {
                if let Some(pos) = tracker
                    .try_update_value(|t| t.long_press(now_ms()))
                    .flatten()
                {
                    let at = state.camera.view.get_untracked().screen_to_lnglat(pos);
                    state.probe_at(at);
                }
            },
            Duration::from_millis((self.options.long_press_ms + TIMER_MARGIN_MS) as u64),
        );
    }

    /// A pointer moved over (or captured by) the map.
    pub fn pointer_move(&self, ev: PointerEvent) {
        if let Some((id, i)) = self.vertex_drag.get_value() {
            if id == ev.pointer_id() {
                self.state.tools.move_vertex(i, self.lnglat(&ev));
            }
            return;
        }
        self.feed(InputEvent::Move {
            id: ev.pointer_id(),
            pos: self.local_point(&ev),
            time_ms: now_ms(),
        });
    }

    /// A pointer went up: the end of a drag, a tap, or a fling.
    pub fn pointer_up(&self, ev: PointerEvent) {
        if self
            .vertex_drag
            .get_value()
            .is_some_and(|(id, _)| id == ev.pointer_id())
        {
            self.vertex_drag.set_value(None);
            return;
        }
        let out = self.feed(InputEvent::Up {
            id: ev.pointer_id(),
            pos: self.local_point(&ev),
            time_ms: now_ms(),
        });
        if let Some(pos) = out.tap {
            self.tap(pos);
        }
        if let Some((vx, vy)) = out.fling {
            self.state.fling(vx, vy);
        }
    }

    /// The browser took the pointer (a scroll, a system gesture).
    pub fn pointer_cancel(&self, ev: PointerEvent) {
        self.vertex_drag.set_value(None);
        self.feed(InputEvent::Cancel {
            id: ev.pointer_id(),
        });
    }

    /// A tap at `pos`: a measuring vertex, or what is drawn there — on a
    /// dense map its canvas first (drawn over the areas) — or the empty map,
    /// which clears the selection unless a second tap follows (a double tap
    /// zooms).
    fn tap(&self, pos: ScreenPoint) {
        let state = self.state;
        if let Tool::Measure(_) = state.tools.tool.get_untracked() {
            let at = state.camera.view.get_untracked().screen_to_lnglat(pos);
            state.tools.add_vertex(at);
            return;
        }
        if self.press_on_top.get_value() {
            if let Some(id) = self.press_target.get_value() {
                state.select(Some(id));
                return;
            }
        }
        if state.data.dense_mode && tap_dense_layer(state, pos) {
            return;
        }
        if state.tiles.enabled() && tap_tiled_layer(state, pos) {
            return;
        }
        if let Some(id) = self.press_target.get_value() {
            state.select(Some(id));
            return;
        }
        let presses = self.presses;
        let mine = presses.get_value();
        set_timeout(
            move || {
                if presses.try_get_value() == Some(mine) {
                    state.select(None);
                }
            },
            Duration::from_millis(self.options.double_tap_ms as u64),
        );
    }

    /// Shows the cooperative-gesture hint for a moment.
    fn show_hint(&self, msg: Msg) {
        self.set_hint.set(Some(msg));
        self.hints.update_value(|g| *g = g.wrapping_add(1));
        let (hints, set_hint) = (self.hints, self.set_hint);
        let mine = hints.get_value();
        set_timeout(
            move || {
                if hints.try_get_value() == Some(mine) {
                    set_hint.set(None);
                }
            },
            Duration::from_millis(HINT_MS),
        );
    }

    /// Cooperative gestures (embedded in a page): one finger scrolls the page.
    pub fn touch_start(&self, ev: TouchEvent) {
        if self.state.ui.cooperative && ev.touches().length() == 1 {
            self.show_hint(Msg::CoopTouchHint);
        }
    }

    /// Two fingers belong to the map: the page must not scroll with them.
    pub fn touch_move(&self, ev: TouchEvent) {
        if self.state.ui.cooperative && ev.touches().length() >= 2 {
            ev.prevent_default();
            self.set_hint.set(None);
        }
    }

    /// The wheel zooms around the cursor (with Ctrl/⌘ when cooperative: a
    /// plain wheel scrolls the page then).
    pub fn wheel(&self, ev: WheelEvent) {
        if self.state.ui.cooperative && !(ev.ctrl_key() || ev.meta_key()) {
            self.show_hint(Msg::CoopWheelHint);
            return; // the page scrolls
        }
        ev.prevent_default();
        // Normalise lines and pages to pixels (Firefox sends lines).
        let scale = match ev.delta_mode() {
            1 => 16.0,
            2 => self.state.camera.view.get_untracked().size().height_px,
            _ => 1.0,
        };
        self.feed(InputEvent::Wheel {
            pos: self.local_point(&ev),
            delta_y_px: ev.delta_y() * scale,
        });
    }

    /// Keys: arrows pan, +/− zoom, Escape clears, Enter or Space selects the
    /// focused feature (or, on a dense map or tiled points, opens what is at
    /// the centre).
    pub fn key_down(&self, ev: KeyboardEvent) {
        let state = self.state;
        let key = match ev.key().as_str() {
            "ArrowLeft" => Some(MapKey::Left),
            "ArrowRight" => Some(MapKey::Right),
            "ArrowUp" => Some(MapKey::Up),
            "ArrowDown" => Some(MapKey::Down),
            "+" | "=" => Some(MapKey::ZoomIn),
            "-" | "_" => Some(MapKey::ZoomOut),
            "Escape" => {
                state.clear_subject();
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
                } else {
                    // Keyboard twin of a tap on the canvas (a dense map, or
                    // tiled points): whatever is drawn at the centre (zoom
                    // into it, select or list it).
                    let size = state.camera.view.get_untracked().size();
                    let centre = ScreenPoint::new(size.width_px / 2.0, size.height_px / 2.0);
                    if (state.data.dense_mode && tap_dense_layer(state, centre))
                        || (state.tiles.enabled() && tap_tiled_layer(state, centre))
                    {
                        ev.prevent_default();
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(key) = key {
            ev.prevent_default();
            state.hold_camera();
            self.feed(InputEvent::Key(key));
        }
    }

    /// Right click: what is near here.
    pub fn context_menu(&self, ev: MouseEvent) {
        ev.prevent_default();
        self.state.probe_at(self.lnglat(&ev));
    }
}

/// A tap on a dense map, answered by the scene through the cluster index:
/// select the point, fly into the cluster, or list the points sharing the
/// spot. False when the tap hit no symbol of the layer.
fn tap_dense_layer(state: AppState, pos: ScreenPoint) -> bool {
    let hit = state
        .derived
        .scene
        .with_untracked(|s| s.hit(pos, SAME_SPOT_LIST_LIMIT));
    match hit {
        None => return false,
        Some(DenseHit::Feature(i)) => {
            let id = state
                .data
                .catalog
                .with_value(|c| c.features().get(i).map(|f| f.id.clone()));
            state.select(id);
        }
        Some(DenseHit::Expand { center, zoom }) => {
            state.request_camera(crate::state::CameraRequest::To { center, zoom });
        }
        Some(DenseHit::List { features, total }) => state.show_same_spot(features, total),
    }
    true
}

/// A tap on tiled points: the point's details from its tile, or a flight
/// into the cluster. False when the tap hit no tiled symbol.
fn tap_tiled_layer(state: AppState, pos: ScreenPoint) -> bool {
    match state.tiles.scene.with_untracked(|s| s.hit(pos)) {
        None => false,
        Some(TiledHit::Point(index)) => {
            if let Some(f) = state.tiles.read_point(index) {
                state.select_tiled(f);
            }
            true
        }
        Some(TiledHit::Expand { center, zoom }) => {
            state.request_camera(crate::state::CameraRequest::To { center, zoom });
            true
        }
    }
}

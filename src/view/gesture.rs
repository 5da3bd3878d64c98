//! Input → camera deltas. The tracker keeps only gesture state (which pointers
//! are down, where they were); it never holds or mutates the view. One path for
//! mouse, touch and pen, as Leaflet and MapLibre do.

use super::mercator::ScreenPoint;
use super::viewport::Viewport;

/// A platform-neutral input event, in CSS pixels relative to the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InputEvent {
    /// A pointer (mouse button, finger, pen) went down.
    Down {
        /// Pointer id from the platform.
        id: i32,
        /// Where.
        pos: ScreenPoint,
        /// Timestamp.
        time_ms: f64,
    },
    /// A pointer moved.
    Move {
        /// Pointer id.
        id: i32,
        /// Where.
        pos: ScreenPoint,
        /// Timestamp.
        time_ms: f64,
    },
    /// A pointer went up.
    Up {
        /// Pointer id.
        id: i32,
        /// Where.
        pos: ScreenPoint,
        /// Timestamp.
        time_ms: f64,
    },
    /// The platform took the pointer away (scroll, palm rejection, ...).
    Cancel {
        /// Pointer id.
        id: i32,
    },
    /// A wheel or trackpad scroll, normalised to pixels.
    Wheel {
        /// Cursor position.
        pos: ScreenPoint,
        /// Vertical scroll in pixels (positive = towards the user = zoom out).
        delta_y_px: f64,
    },
    /// A key the map handles.
    Key(MapKey),
}

/// Keys the focused map responds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKey {
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// `+` or `=`.
    ZoomIn,
    /// `-`.
    ZoomOut,
}

/// A change to apply to the camera: pan first, then zoom around `anchor`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ViewDelta {
    /// Content moves by this many pixels.
    pub pan_dx_px: f64,
    /// Content moves by this many pixels.
    pub pan_dy_px: f64,
    /// Zoom levels to add.
    pub zoom_delta: f64,
    /// The screen point kept fixed while zooming; `None` is the view's centre.
    pub anchor: Option<ScreenPoint>,
}

impl ViewDelta {
    /// A pure pan.
    pub fn pan(dx: f64, dy: f64) -> Self {
        Self {
            pan_dx_px: dx,
            pan_dy_px: dy,
            ..Self::default()
        }
    }

    /// A pure zoom around a point.
    pub fn zoom(anchor: ScreenPoint, zoom_delta: f64) -> Self {
        Self {
            zoom_delta,
            anchor: Some(anchor),
            ..Self::default()
        }
    }

    /// A zoom around the view's centre (keys, buttons).
    pub fn centred_zoom(zoom_delta: f64) -> Self {
        Self {
            zoom_delta,
            ..Self::default()
        }
    }

    /// True when applying it changes nothing.
    pub fn is_noop(&self) -> bool {
        self.pan_dx_px == 0.0 && self.pan_dy_px == 0.0 && self.zoom_delta == 0.0
    }

    /// The camera after this delta.
    pub fn apply(&self, view: Viewport) -> Viewport {
        let panned = if self.pan_dx_px != 0.0 || self.pan_dy_px != 0.0 {
            view.panned_by_px(self.pan_dx_px, self.pan_dy_px)
        } else {
            view
        };
        if self.zoom_delta != 0.0 {
            let size = panned.size();
            let centre = ScreenPoint::new(size.width_px / 2.0, size.height_px / 2.0);
            panned.zoomed_around(self.anchor.unwrap_or(centre), self.zoom_delta)
        } else {
            panned
        }
    }
}

/// What the tracker recognised in one event.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct GestureOutput {
    /// Camera change to apply now.
    pub delta: ViewDelta,
    /// A tap (short press without movement) at this point.
    pub tap: Option<ScreenPoint>,
    /// The last pointer went up while moving: start inertia with this
    /// velocity (pixels per millisecond).
    pub fling: Option<(f64, f64)>,
}

/// Tunables, with defaults beside them as Leaflet keeps its handler options.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GestureOptions {
    /// Movement below this many pixels still counts as a tap.
    pub tap_slop_px: f64,
    /// A press longer than this is not a tap.
    pub tap_max_ms: f64,
    /// Two taps closer in time than this make a double tap.
    pub double_tap_ms: f64,
    /// ... and closer in space than this.
    pub double_tap_slop_px: f64,
    /// Zoom levels per wheel pixel (100 px ≈ half a level, as browsers send ~100 per notch).
    pub wheel_zoom_per_px: f64,
    /// Pixels per arrow key press.
    pub key_pan_px: f64,
    /// A still press at least this long is a long press.
    pub long_press_ms: f64,
    /// Slowest release speed that starts inertia, px/ms.
    pub fling_min_speed: f64,
    /// Inertia is off (prefers-reduced-motion).
    pub inertia: bool,
}

impl Default for GestureOptions {
    fn default() -> Self {
        Self {
            tap_slop_px: 8.0,
            tap_max_ms: 500.0,
            double_tap_ms: 300.0,
            double_tap_slop_px: 30.0,
            long_press_ms: 500.0,
            wheel_zoom_per_px: 1.0 / 200.0,
            key_pan_px: 80.0,
            fling_min_speed: 0.3,
            inertia: true,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Pointer {
    id: i32,
    pos: ScreenPoint,
}

#[derive(Clone, Copy, Debug)]
struct Sample {
    pos: ScreenPoint,
    time_ms: f64,
}

/// Turns input events into camera deltas, taps and flings.
#[derive(Clone, Debug, Default)]
pub struct GestureTracker {
    options: GestureOptions,
    pointers: Vec<Pointer>,
    press_start: Option<Sample>,
    press_moved: bool,
    press_consumed: bool,
    multi_touch: bool,
    recent: Vec<Sample>,
    last_tap: Option<Sample>,
}

impl GestureTracker {
    /// A tracker with these options.
    pub fn new(options: GestureOptions) -> Self {
        Self {
            options,
            ..Self::default()
        }
    }

    /// Whether releases may start inertia.
    pub fn options_inertia(&self) -> bool {
        self.options.inertia
    }

    /// True while a pointer is down.
    pub fn is_active(&self) -> bool {
        !self.pointers.is_empty()
    }

    /// Feeds one event.
    pub fn handle(&mut self, event: InputEvent) -> GestureOutput {
        match event {
            InputEvent::Down { id, pos, time_ms } => self.down(id, pos, time_ms),
            InputEvent::Move { id, pos, time_ms } => self.moved(id, pos, time_ms),
            InputEvent::Up { id, pos, time_ms } => self.up(id, pos, time_ms),
            InputEvent::Cancel { id } => {
                self.pointers.retain(|p| p.id != id);
                self.press_start = None;
                self.recent.clear();
                GestureOutput::default()
            }
            InputEvent::Wheel { pos, delta_y_px } => GestureOutput {
                delta: ViewDelta::zoom(
                    pos,
                    (-delta_y_px * self.options.wheel_zoom_per_px).clamp(-1.0, 1.0),
                ),
                ..GestureOutput::default()
            },
            InputEvent::Key(key) => GestureOutput {
                delta: self.key(key),
                ..GestureOutput::default()
            },
        }
    }

    fn key(&self, key: MapKey) -> ViewDelta {
        let step = self.options.key_pan_px;
        match key {
            // An arrow moves the camera that way, so the content moves the other way.
            MapKey::Left => ViewDelta::pan(step, 0.0),
            MapKey::Right => ViewDelta::pan(-step, 0.0),
            MapKey::Up => ViewDelta::pan(0.0, step),
            MapKey::Down => ViewDelta::pan(0.0, -step),
            MapKey::ZoomIn => ViewDelta::centred_zoom(1.0),
            MapKey::ZoomOut => ViewDelta::centred_zoom(-1.0),
        }
    }

    fn down(&mut self, id: i32, pos: ScreenPoint, time_ms: f64) -> GestureOutput {
        self.pointers.retain(|p| p.id != id);
        self.pointers.push(Pointer { id, pos });
        if self.pointers.len() == 1 {
            self.press_start = Some(Sample { pos, time_ms });
            self.press_moved = false;
            self.press_consumed = false;
            self.multi_touch = false;
        } else {
            self.multi_touch = true;
        }
        self.recent.clear();
        GestureOutput::default()
    }

    fn moved(&mut self, id: i32, pos: ScreenPoint, time_ms: f64) -> GestureOutput {
        let Some(index) = self.pointers.iter().position(|p| p.id == id) else {
            return GestureOutput::default();
        };
        let before = self.pointers.clone();
        self.pointers[index].pos = pos;
        if let Some(start) = self.press_start {
            if start.pos.distance_px(pos) > self.options.tap_slop_px {
                self.press_moved = true;
            }
        }
        let delta = match (before.as_slice(), self.pointers.as_slice()) {
            ([a], [b]) => {
                self.recent.push(Sample { pos, time_ms });
                // Keep ~100 ms of samples for the release velocity.
                self.recent.retain(|s| time_ms - s.time_ms <= 100.0);
                ViewDelta::pan(b.pos.x - a.pos.x, b.pos.y - a.pos.y)
            }
            ([a0, a1, ..], [b0, b1, ..]) => {
                // Pinch: the midpoint carries the map, the spread scales it,
                // and the zoom is anchored between the fingers.
                let (m0, m1) = (a0.pos.midpoint(a1.pos), b0.pos.midpoint(b1.pos));
                let (d0, d1) = (a0.pos.distance_px(a1.pos), b0.pos.distance_px(b1.pos));
                let zoom_delta = if d0 > 1.0 && d1 > 1.0 {
                    (d1 / d0).log2()
                } else {
                    0.0
                };
                ViewDelta {
                    pan_dx_px: m1.x - m0.x,
                    pan_dy_px: m1.y - m0.y,
                    zoom_delta,
                    anchor: Some(m1),
                }
            }
            _ => ViewDelta::default(),
        };
        GestureOutput {
            delta,
            ..GestureOutput::default()
        }
    }

    fn up(&mut self, id: i32, pos: ScreenPoint, time_ms: f64) -> GestureOutput {
        let was_down = self.pointers.iter().any(|p| p.id == id);
        self.pointers.retain(|p| p.id != id);
        let mut out = GestureOutput::default();
        if !was_down || !self.pointers.is_empty() {
            // A finger left a pinch: the remaining one continues as a pan from here.
            self.recent.clear();
            return out;
        }
        let start = self.press_start.take();
        let is_tap = !self.press_moved
            && !self.multi_touch
            && !self.press_consumed
            && start.is_some_and(|s| time_ms - s.time_ms <= self.options.tap_max_ms);
        if is_tap {
            let this = Sample { pos, time_ms };
            let double = self.last_tap.is_some_and(|t| {
                time_ms - t.time_ms <= self.options.double_tap_ms
                    && t.pos.distance_px(pos) <= self.options.double_tap_slop_px
            });
            if double {
                self.last_tap = None;
                out.delta = ViewDelta::zoom(pos, 1.0);
            } else {
                self.last_tap = Some(this);
                out.tap = Some(pos);
            }
        } else if self.options.inertia && !self.multi_touch {
            out.fling = self.release_velocity(time_ms);
        }
        self.recent.clear();
        out
    }

    /// Asked by a timer while a pointer is held: returns where a long press
    /// happened, once per press (one still pointer, held `long_press_ms`). The
    /// release after it is then not a tap.
    pub fn long_press(&mut self, time_ms: f64) -> Option<ScreenPoint> {
        let start = self.press_start?;
        let eligible = self.pointers.len() == 1
            && !self.press_moved
            && !self.press_consumed
            && !self.multi_touch
            && time_ms - start.time_ms >= self.options.long_press_ms;
        if eligible {
            self.press_consumed = true;
            Some(start.pos)
        } else {
            None
        }
    }

    fn release_velocity(&self, time_ms: f64) -> Option<(f64, f64)> {
        let first = self.recent.first()?;
        let last = self.recent.last()?;
        // A pause before release means the user meant to stop.
        if time_ms - last.time_ms > 50.0 {
            return None;
        }
        let dt = last.time_ms - first.time_ms;
        if dt < 8.0 {
            return None;
        }
        let v = (
            (last.pos.x - first.pos.x) / dt,
            (last.pos.y - first.pos.y) / dt,
        );
        (v.0.hypot(v.1) >= self.options.fling_min_speed).then_some(v)
    }
}

/// Momentum after a fling: exponential decay, as on iOS and in Leaflet
/// (deceleration time constant ~325 ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Inertia {
    vx: f64,
    vy: f64,
}

impl Inertia {
    /// Time constant of the decay.
    pub const TIME_CONSTANT_MS: f64 = 325.0;
    /// Fastest start speed, px/ms, so a wild flick does not throw the map away.
    pub const MAX_SPEED: f64 = 4.0;

    /// Starts from a release velocity in px/ms.
    pub fn new(vx: f64, vy: f64) -> Self {
        let speed = vx.hypot(vy);
        let k = if speed > Self::MAX_SPEED {
            Self::MAX_SPEED / speed
        } else {
            1.0
        };
        Self {
            vx: vx * k,
            vy: vy * k,
        }
    }

    /// Advances by `dt_ms`; returns the pan for this step, or `None` when it has
    /// slowed below a visible speed.
    pub fn step(&mut self, dt_ms: f64) -> Option<ViewDelta> {
        if self.vx.hypot(self.vy) < 0.02 || !dt_ms.is_finite() || dt_ms <= 0.0 {
            return None;
        }
        // Exact integral of v·e^(−t/τ) over the step.
        let decay = (-dt_ms / Self::TIME_CONSTANT_MS).exp();
        let travelled = Self::TIME_CONSTANT_MS * (1.0 - decay);
        let delta = ViewDelta::pan(self.vx * travelled, self.vy * travelled);
        self.vx *= decay;
        self.vy *= decay;
        Some(delta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> ScreenPoint {
        ScreenPoint::new(x, y)
    }

    #[test]
    fn a_drag_pans_by_the_pointer_movement() {
        let mut t = GestureTracker::default();
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(100.0, 100.0),
            time_ms: 0.0,
        });
        let out = t.handle(InputEvent::Move {
            id: 1,
            pos: p(130.0, 90.0),
            time_ms: 16.0,
        });
        assert_eq!(out.delta, ViewDelta::pan(30.0, -10.0));
        let up = t.handle(InputEvent::Up {
            id: 1,
            pos: p(130.0, 90.0),
            time_ms: 200.0,
        });
        assert_eq!(up.tap, None, "a drag is not a tap");
    }

    #[test]
    fn a_pinch_zooms_around_the_midpoint_by_the_spread_ratio() {
        let mut t = GestureTracker::default();
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(100.0, 200.0),
            time_ms: 0.0,
        });
        t.handle(InputEvent::Down {
            id: 2,
            pos: p(200.0, 200.0),
            time_ms: 5.0,
        });
        let out = t.handle(InputEvent::Move {
            id: 2,
            pos: p(300.0, 200.0),
            time_ms: 20.0,
        });
        assert!(
            (out.delta.zoom_delta - 1.0).abs() < 1e-12,
            "spread doubled = +1 level"
        );
        assert_eq!(out.delta.anchor, Some(p(200.0, 200.0)));
        assert_eq!((out.delta.pan_dx_px, out.delta.pan_dy_px), (50.0, 0.0));
        let end = t.handle(InputEvent::Up {
            id: 2,
            pos: p(300.0, 200.0),
            time_ms: 40.0,
        });
        let end2 = t.handle(InputEvent::Up {
            id: 1,
            pos: p(100.0, 200.0),
            time_ms: 50.0,
        });
        assert!(end.tap.is_none() && end2.tap.is_none() && end2.fling.is_none());
    }

    #[test]
    fn a_short_still_press_is_a_tap_and_two_quick_taps_zoom_in() {
        let mut t = GestureTracker::default();
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(50.0, 50.0),
            time_ms: 0.0,
        });
        let first = t.handle(InputEvent::Up {
            id: 1,
            pos: p(52.0, 51.0),
            time_ms: 80.0,
        });
        assert_eq!(first.tap, Some(p(52.0, 51.0)));
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(55.0, 50.0),
            time_ms: 200.0,
        });
        let second = t.handle(InputEvent::Up {
            id: 1,
            pos: p(55.0, 50.0),
            time_ms: 260.0,
        });
        assert_eq!(second.tap, None);
        assert_eq!(second.delta, ViewDelta::zoom(p(55.0, 50.0), 1.0));
    }

    #[test]
    fn a_fast_release_flings_and_inertia_decays_to_rest() {
        let mut t = GestureTracker::default();
        t.handle(InputEvent::Down {
            id: 7,
            pos: p(0.0, 0.0),
            time_ms: 0.0,
        });
        for i in 1..=6 {
            t.handle(InputEvent::Move {
                id: 7,
                pos: p(i as f64 * 16.0, 0.0),
                time_ms: i as f64 * 16.0,
            });
        }
        let out = t.handle(InputEvent::Up {
            id: 7,
            pos: p(96.0, 0.0),
            time_ms: 100.0,
        });
        let (vx, vy) = out.fling.expect("fast release flings");
        assert!((vx - 1.0).abs() < 1e-9 && vy == 0.0);
        let mut inertia = Inertia::new(vx, vy);
        let mut total = 0.0;
        let mut steps = 0;
        while let Some(d) = inertia.step(16.0) {
            total += d.pan_dx_px;
            steps += 1;
            assert!(steps < 1000);
        }
        // Total glide approaches v·τ = 325 px.
        assert!((300.0..=325.0).contains(&total), "{total}");
    }

    #[test]
    fn a_still_held_press_is_one_long_press_and_no_tap() {
        let mut t = GestureTracker::default();
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(40.0, 40.0),
            time_ms: 0.0,
        });
        assert_eq!(t.long_press(200.0), None, "too early");
        assert_eq!(t.long_press(520.0), Some(p(40.0, 40.0)));
        assert_eq!(t.long_press(900.0), None, "once per press");
        let up = t.handle(InputEvent::Up {
            id: 1,
            pos: p(40.0, 40.0),
            time_ms: 950.0,
        });
        assert_eq!(up.tap, None);
        // A press that moved is a drag, never a long press.
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(0.0, 0.0),
            time_ms: 1000.0,
        });
        t.handle(InputEvent::Move {
            id: 1,
            pos: p(30.0, 0.0),
            time_ms: 1100.0,
        });
        assert_eq!(t.long_press(1600.0), None);
    }

    #[test]
    fn reduced_motion_turns_inertia_off() {
        let mut t = GestureTracker::new(GestureOptions {
            inertia: false,
            ..GestureOptions::default()
        });
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(0.0, 0.0),
            time_ms: 0.0,
        });
        t.handle(InputEvent::Move {
            id: 1,
            pos: p(50.0, 0.0),
            time_ms: 20.0,
        });
        t.handle(InputEvent::Move {
            id: 1,
            pos: p(100.0, 0.0),
            time_ms: 40.0,
        });
        assert_eq!(
            t.handle(InputEvent::Up {
                id: 1,
                pos: p(100.0, 0.0),
                time_ms: 45.0
            })
            .fling,
            None
        );
    }

    #[test]
    fn wheel_and_keys_give_bounded_deltas() {
        let mut t = GestureTracker::default();
        let out = t.handle(InputEvent::Wheel {
            pos: p(10.0, 20.0),
            delta_y_px: -100.0,
        });
        assert!((out.delta.zoom_delta - 0.5).abs() < 1e-12);
        assert_eq!(out.delta.anchor, Some(p(10.0, 20.0)));
        let huge = t.handle(InputEvent::Wheel {
            pos: p(0.0, 0.0),
            delta_y_px: 1e6,
        });
        assert_eq!(huge.delta.zoom_delta, -1.0);
        assert_eq!(
            t.handle(InputEvent::Key(MapKey::Left)).delta,
            ViewDelta::pan(80.0, 0.0)
        );
        assert_eq!(
            t.handle(InputEvent::Key(MapKey::ZoomOut)).delta.zoom_delta,
            -1.0
        );
    }

    #[test]
    fn moves_of_unknown_pointers_and_cancels_are_ignored() {
        let mut t = GestureTracker::default();
        assert!(t
            .handle(InputEvent::Move {
                id: 9,
                pos: p(1.0, 1.0),
                time_ms: 0.0
            })
            .delta
            .is_noop());
        t.handle(InputEvent::Down {
            id: 1,
            pos: p(0.0, 0.0),
            time_ms: 0.0,
        });
        t.handle(InputEvent::Cancel { id: 1 });
        assert!(!t.is_active());
        assert_eq!(
            t.handle(InputEvent::Up {
                id: 1,
                pos: p(0.0, 0.0),
                time_ms: 10.0
            }),
            GestureOutput::default()
        );
    }
}

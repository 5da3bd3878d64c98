//! The camera and the one frame driver that moves it (MapLabre's handler
//! manager idea): gestures and keys apply deltas at once; flights, glides and
//! requests are advanced by a single animation-frame loop, so no two loops
//! ever write the camera. A request to move the camera is a method call
//! (`state.request_camera(..)`), not a signal someone must clear.
//!
//! Requests are carried out at the next frame: the panels they open are laid
//! out by then, so the camera aims at the part of the map they leave visible
//! (measured, [`crate::platform::measure_chrome`]). A request made before the map
//! had its size (a link, the host's starting view) is where the map opens: a
//! jump, not a flight from the home view.

use leptos::html::Div;
use leptos::prelude::*;

use super::slot::Slot;
use super::AppState;
use crate::core::catalog::Catalog;
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::datum::Datum;
use crate::core::model::Geometry;
use crate::core::stations::anchor_point;
use crate::platform::now_ms;
use crate::view::flight::Flight;
use crate::view::gesture::{Inertia, ViewDelta};
use crate::view::home::{home_view, view_limits};
use crate::view::insets::{ChromeLayout, ScreenInsets};
use crate::view::viewport::{ScreenSize, Viewport};

/// A selected feature closer than this to the edge of the visible part of the
/// map counts as hidden.
const REVEAL_MARGIN_PX: f64 = 24.0;

/// Street zoom: a point shown by search or a list is at least this close.
const FEATURE_ZOOM: f64 = 14.0;

/// Free space around an area shown whole, in pixels.
const FEATURE_PADDING_PX: f64 = 48.0;

/// A camera move someone asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum CameraRequest {
    /// Exactly this centre and zoom (a permalink, the host's `flyTo`), unless
    /// it leaves the selection under a panel.
    To {
        /// Centre.
        center: LngLat,
        /// Zoom.
        zoom: f64,
    },
    /// A feature shown in the part of the map the panels leave visible: a
    /// point at street zoom, an area whole (search, the list, the story).
    Feature(String),
    /// The whole zone, fitted into the part of the map the panels leave
    /// visible once they have closed or opened.
    Home,
}

/// What moves the camera between frames.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Motion {
    Still,
    Flight(Flight),
    Glide { inertia: Inertia, last_ms: f64 },
}

/// The driver's bookkeeping.
#[derive(Clone, Debug)]
struct Driver {
    motion: Motion,
    pending: Option<CameraRequest>,
    /// Check at the next frame that the selection shows.
    reveal: bool,
    frame_scheduled: bool,
    /// A request came before the first fit: carry it out as a jump.
    at_start: bool,
    /// The home view last fitted without the user moving the camera: while
    /// the camera is still there, it is fitted again when the chrome changes.
    auto_home: Option<Viewport>,
    /// The user prefers reduced motion: flights jump, flings do not glide.
    reduced_motion: bool,
}

/// The camera.
#[derive(Clone, Copy)]
pub struct CameraState {
    /// The camera (viewport).
    pub view: ReadSignal<Viewport>,
    set_view: WriteSignal<Viewport>,
    /// The home view has been fitted to a real element size.
    pub fitted: ReadSignal<bool>,
    set_fitted: WriteSignal<bool>,
    /// The chrome docked over the map (measured): the camera fits into what
    /// it leaves visible and labels stay out of it.
    pub chrome: ReadSignal<ChromeLayout>,
    set_chrome: WriteSignal<ChromeLayout>,
    /// The map element (the camera's frame of reference for the chrome).
    pub map_el: NodeRef<Div>,
    driver: StoredValue<Driver>,
    datum: Datum,
    /// The bounds of tiled data, which the camera may reach too.
    reach: StoredValue<Reach>,
}

/// How far the camera may take the centre, beyond the page's own data.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reach {
    /// No tiles: the page's data (padded) bounds it.
    DataOnly,
    /// Tiles whose extent is not known: while an archive's header is on its
    /// way (a permalink into the tiles must not be pulled back to the page's
    /// data before it arrives), or for good from an XYZ server, which does
    /// not say. Only the world's edge bounds it.
    Unknown,
    /// Tiles covering this box (an archive's header): it or the data.
    Known(LngLatBounds),
}

impl CameraState {
    /// `tiled`: the page reads tiles, whose extent is not known until the
    /// source has opened (see [`Reach`]).
    pub(super) fn new(catalog: &Catalog, datum: Datum, tiled: bool) -> Self {
        // A provisional size until the element reports its own.
        let size = ScreenSize {
            width_px: 800.0,
            height_px: 600.0,
        };
        let limits = view_limits(catalog, size, datum);
        let (view, set_view) = signal(home_view(catalog, size, limits, ScreenInsets::default()));
        let (fitted, set_fitted) = signal(false);
        let (chrome, set_chrome) = signal(ChromeLayout::default());
        Self {
            view,
            set_view,
            fitted,
            set_fitted,
            chrome,
            set_chrome,
            map_el: NodeRef::new(),
            driver: StoredValue::new(Driver {
                motion: Motion::Still,
                pending: None,
                reveal: false,
                frame_scheduled: false,
                at_start: false,
                auto_home: None,
                reduced_motion: false,
            }),
            datum,
            reach: StoredValue::new(if tiled {
                Reach::Unknown
            } else {
                Reach::DataOnly
            }),
        }
    }

    /// The limits for `size`: the page's data's, widened to the tiles' reach.
    fn limits_for(&self, catalog: &Catalog, size: ScreenSize) -> crate::view::viewport::ViewLimits {
        let limits = view_limits(catalog, size, self.datum);
        match self.reach.get_value() {
            Reach::DataOnly => limits,
            Reach::Unknown => crate::view::viewport::ViewLimits {
                center_bounds: None,
                ..limits
            },
            Reach::Known(reach) => crate::view::home::limits_reaching(limits, reach, size),
        }
    }

    /// Where the camera is going: a flight's end, else where it is.
    pub fn target(&self) -> Viewport {
        let current = self.view.get_untracked();
        self.driver.with_value(|d| match d.motion {
            Motion::Flight(f) => f.target().with_size(current.size()),
            _ => current,
        })
    }

    /// The datum the map is drawn in.
    pub fn datum(&self) -> Datum {
        self.datum
    }

    fn stop(&self) {
        self.driver.update_value(|d| {
            d.motion = Motion::Still;
            d.auto_home = None;
        });
    }

    fn jump(&self, to: Viewport) {
        if self.view.get_untracked() != to {
            self.set_view.set(to);
        }
    }
}

/// The map's size and what the chrome leaves visible, now: measured, not
/// the last signal values, since a request is carried out right after the
/// panels it opened were laid out, possibly before the resize observer has
/// reported a map that changed size with them.
fn current_frame(camera: &CameraState) -> Option<(ScreenSize, ScreenInsets)> {
    let map = camera.map_el.get_untracked()?;
    let r = map.get_bounding_client_rect();
    if r.width() < 1.0 || r.height() < 1.0 {
        return None;
    }
    let size = ScreenSize {
        width_px: r.width(),
        height_px: r.height(),
    };
    let insets = match map.closest(".qk-app").ok().flatten() {
        Some(root) => crate::platform::measure_chrome(&root, &map).insets,
        None => camera.chrome.with_untracked(|c| c.insets),
    };
    Some((size, insets))
}

impl AppState {
    /// Asks the camera to move (carried out at the next frame).
    pub fn request_camera(&self, request: CameraRequest) {
        let fitted = self.camera.fitted.get_untracked();
        self.camera.driver.update_value(|d| {
            d.pending = Some(request);
            if !fitted {
                d.at_start = true;
            }
        });
        if fitted {
            self.schedule_frame();
        }
    }

    /// Returns the camera to the whole zone, fitted into the part of the map
    /// the panels leave visible (measured at the next frame, after whatever
    /// closes with it, as in the kiosk reset).
    pub fn go_home(&self) {
        self.request_camera(CameraRequest::Home);
    }

    /// Checks at the next frame that the selected feature is not hidden
    /// under a panel, the sheet or off screen, and brings it to the middle of
    /// the visible part if it is (the zoom is kept).
    pub fn reveal_selection(&self) {
        if self.selection.selected.with_untracked(Option::is_none) {
            return;
        }
        self.camera.driver.update_value(|d| d.reveal = true);
        if self.camera.fitted.get_untracked() {
            self.schedule_frame();
        }
    }

    /// Moves the camera by a gesture's or a key's delta, at once; whatever
    /// was moving it stops.
    pub fn move_camera(&self, delta: ViewDelta) {
        self.camera.stop();
        if !delta.is_noop() {
            self.camera
                .jump(delta.apply(self.camera.view.get_untracked()));
        }
    }

    /// Stops whatever moves the camera (a finger came down).
    pub fn hold_camera(&self) {
        self.camera.stop();
    }

    /// Lets the map glide on after a fling (px/ms), unless the user prefers
    /// reduced motion.
    pub fn fling(&self, vx: f64, vy: f64) {
        let reduced = self.camera.driver.with_value(|d| d.reduced_motion);
        if reduced {
            return;
        }
        self.camera.driver.update_value(|d| {
            d.motion = Motion::Glide {
                inertia: Inertia::new(vx, vy),
                last_ms: now_ms(),
            };
        });
        self.schedule_frame();
    }

    /// The user's motion preference (flights become jumps).
    pub fn set_reduced_motion(&self, reduced: bool) {
        self.camera
            .driver
            .update_value(|d| d.reduced_motion = reduced);
    }

    /// Lets the camera reach the bounds of tiled data (from `tiles=`), in
    /// place and on every later resize.
    pub fn reach_bounds(&self, reach: LngLatBounds) {
        self.set_reach(Reach::Known(reach));
    }

    /// The tile source could not be opened: the page's own data bounds the
    /// camera again.
    pub fn reach_data_only(&self) {
        self.set_reach(Reach::DataOnly);
    }

    fn set_reach(&self, reach: Reach) {
        let camera = self.camera;
        camera.reach.set_value(reach);
        let view = camera.view.get_untracked();
        let limits = self
            .data
            .catalog
            .with_value(|c| camera.limits_for(c, view.size()));
        if limits != view.limits() {
            camera.set_view.set(view.with_limits(limits));
        }
    }

    /// The map element has a new size: the first real size fits the home
    /// view (and carries out a request that waited for it); later sizes keep
    /// centre and zoom, unless the camera still rests on the home view it was
    /// given, which is fitted again.
    pub fn resize_map(&self, size: ScreenSize) {
        let camera = self.camera;
        let limits = self.data.catalog.with_value(|c| camera.limits_for(c, size));
        let view = camera.view.get_untracked();
        let at_auto_home = camera.driver.with_value(|d| d.auto_home == Some(view));
        if camera.fitted.get_untracked() && !at_auto_home {
            camera.jump(view.with_size(size).with_limits(limits));
            return;
        }
        let insets = camera.chrome.with_untracked(|c| c.insets);
        let home = self
            .data
            .catalog
            .with_value(|c| home_view(c, size, limits, insets));
        camera.driver.update_value(|d| d.auto_home = Some(home));
        camera.jump(home);
        if !camera.fitted.get_untracked() {
            camera.set_fitted.set(true);
            let waiting = camera
                .driver
                .with_value(|d| d.pending.is_some() || d.reveal);
            if waiting {
                self.schedule_frame();
            }
        }
    }

    /// The chrome over the map was measured anew. While the camera still
    /// rests on the home view it was given and nothing is selected or open,
    /// the home view is fitted again to what the chrome leaves visible.
    pub fn set_chrome(&self, layout: ChromeLayout) {
        let camera = self.camera;
        if camera.chrome.with_untracked(|c| *c == layout) {
            return;
        }
        let insets = layout.insets;
        camera.set_chrome.set(layout);
        let view = camera.view.get_untracked();
        // Opening the data report is the visitor's doing too: the map under it
        // stays where it was rather than re-fitting (and zooming out) around it.
        let untouched = self.selection.selected.with_untracked(Option::is_none)
            && self.selection.slot.get_untracked() == Slot::Empty
            && !self.ui.report_open.get_untracked();
        let at_auto_home = camera.driver.with_value(|d| d.auto_home == Some(view));
        if !(at_auto_home && untouched) {
            camera.driver.update_value(|d| d.auto_home = None);
            return;
        }
        let home = self
            .data
            .catalog
            .with_value(|c| home_view(c, view.size(), view.limits(), insets));
        camera.driver.update_value(|d| d.auto_home = Some(home));
        camera.jump(home);
    }

    fn schedule_frame(&self) {
        let mut already = true;
        self.camera.driver.update_value(|d| {
            already = d.frame_scheduled;
            d.frame_scheduled = true;
        });
        if !already {
            let state = *self;
            request_animation_frame(move || {
                if crate::platform::alive() {
                    state.frame();
                }
            });
        }
    }

    /// One frame of the driver: a pending request, then the reveal check,
    /// then the motion in progress.
    fn frame(&self) {
        let camera = self.camera;
        if camera
            .driver
            .try_update_value(|d| d.frame_scheduled = false)
            .is_none()
        {
            return; // the widget is gone
        }
        if camera.fitted.get_untracked() {
            let (request, jump) = camera
                .driver
                .try_update_value(|d| {
                    let jump = d.pending.is_some() && std::mem::take(&mut d.at_start);
                    (d.pending.take(), jump)
                })
                .unwrap_or((None, false));
            if let Some(request) = request {
                camera.driver.update_value(|d| d.reveal = false);
                if let Some(to) = self.resolve(request) {
                    if jump {
                        camera.stop();
                        camera.jump(to);
                    } else {
                        self.start_flight(to);
                    }
                }
            } else if camera
                .driver
                .try_update_value(|d| std::mem::take(&mut d.reveal))
                == Some(true)
            {
                if let Some((size, insets)) = current_frame(&camera) {
                    let from = camera.target().with_size(size);
                    if let Some(to) = self.revealing(from, insets) {
                        self.start_flight(to);
                    }
                }
            }
        }
        self.advance_motion();
    }

    /// Where a request would take the camera, measured now (the answer to
    /// a host's `flyTo {id}`; the flight itself starts at the next frame).
    pub fn camera_target_of(&self, request: &CameraRequest) -> Option<Viewport> {
        self.resolve(request.clone())
    }

    /// Where a request takes the camera, measured now.
    fn resolve(&self, request: CameraRequest) -> Option<Viewport> {
        let (size, insets) = current_frame(&self.camera)?;
        let from = self.camera.view.get_untracked().with_size(size);
        match request {
            // A link's camera, exactly, unless it leaves the selection under
            // a panel (a desktop link opened on a phone).
            CameraRequest::To { center, zoom } => {
                let to = from.with_center(center).with_zoom(zoom).with_center(center);
                Some(self.revealing(to, insets).unwrap_or(to))
            }
            CameraRequest::Feature(id) => self.data.catalog.with_value(|c| {
                let f = c.get(&id)?;
                match &f.geometry {
                    Geometry::Point(p) => Some(
                        from.with_zoom(from.zoom().max(FEATURE_ZOOM))
                            .centered_in(*p, insets),
                    ),
                    g => Some(Viewport::fitting_in(
                        g.bounds()?,
                        size,
                        insets,
                        FEATURE_PADDING_PX,
                        from.limits(),
                    )),
                }
            }),
            // Home is a jump: the button and the reset.
            CameraRequest::Home => {
                let home = self
                    .data
                    .catalog
                    .with_value(|c| home_view(c, size, from.limits(), insets));
                self.camera.stop();
                self.camera.jump(home);
                None
            }
        }
    }

    /// The camera moved so that the selected feature shows in the middle of
    /// the visible part of the map, when `view` leaves it hidden; None when
    /// it shows already or nothing is selected.
    fn revealing(&self, view: Viewport, insets: ScreenInsets) -> Option<Viewport> {
        let id = self.selection.selected.get_untracked()?;
        let at = self
            .data
            .catalog
            .with_value(|c| c.get(&id).and_then(|f| anchor_point(&f.geometry)))?;
        (!insets.shows(view.size(), view.lnglat_to_screen(at), REVEAL_MARGIN_PX))
            .then(|| view.centered_in(at, insets))
    }

    fn start_flight(&self, to: Viewport) {
        let camera = self.camera;
        let from = camera.view.get_untracked();
        let reduced = camera.driver.with_value(|d| d.reduced_motion);
        if reduced || from == to {
            camera.stop();
            camera.jump(to);
            return;
        }
        camera.driver.update_value(|d| {
            d.motion = Motion::Flight(Flight::new(from, to, now_ms()));
            d.auto_home = None;
        });
        self.schedule_frame();
    }

    /// Advances a flight or a glide by one frame, and asks for the next.
    fn advance_motion(&self) {
        let camera = self.camera;
        let Some(motion) = camera.driver.try_with_value(|d| d.motion) else {
            return;
        };
        let now = now_ms();
        let current = camera.view.get_untracked();
        let next = match motion {
            Motion::Still => return,
            Motion::Flight(f) => {
                let (view, done) = f.at(now, current.size());
                camera.jump(view);
                (!done).then_some(Motion::Flight(f))
            }
            Motion::Glide {
                mut inertia,
                last_ms,
            } => inertia.step(now - last_ms).and_then(|delta| {
                let view = delta.apply(current);
                // Pinned against the pan limits: stop.
                (view != current).then(|| {
                    camera.jump(view);
                    Motion::Glide {
                        inertia,
                        last_ms: now,
                    }
                })
            }),
        };
        camera
            .driver
            .update_value(|d| d.motion = next.unwrap_or(Motion::Still));
        if next.is_some() {
            self.schedule_frame();
        }
    }
}

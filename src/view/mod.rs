//! Pure screen math: Web Mercator, the immutable viewport, gestures → view
//! deltas, inertia and the scale bar. No browser APIs.

pub mod flight;
pub mod gesture;
pub mod home;
pub mod insets;
pub mod mercator;
pub mod scale_bar;
pub mod sheet;
pub mod tiles;
pub mod viewport;

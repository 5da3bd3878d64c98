//! Pure drawing decisions: symbols per kind, SVG path data from the viewport,
//! which labels fit, the clusters of a dense map, and the one [`Scene`] that
//! every renderer draws ([`build`]). No browser APIs.

pub mod build;
pub mod dense;
pub mod first_card;
pub mod first_view;
pub mod labels;
pub mod overlap;
pub mod paths;
pub mod style;
pub mod tiled;

pub use build::{build, MapLabel, NearestLines, PointMode, Scene, SceneInput};

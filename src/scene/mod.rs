//! Pure drawing decisions: symbols per kind, SVG path data from the viewport,
//! and which labels fit. No browser APIs.

pub mod dense;
pub mod labels;
pub mod overlap;
pub mod paths;
pub mod style;

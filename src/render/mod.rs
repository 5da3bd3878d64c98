//! Effectful drawing without Leptos: executes a prepared scene on a canvas.

pub mod dense_canvas;
pub mod export_png;

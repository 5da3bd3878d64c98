//! Pure domain code: coordinates, the feature model, geodesic measures and the
//! validated catalog. Nothing in here may name `leptos`, `web_sys`, `js_sys`,
//! `wasm_bindgen` or `gloo` (checked by `tests/architecture.rs`).

pub mod catalog;
pub mod cluster;
pub mod coord;
pub mod coverage;
pub mod datum;
pub mod filter;
pub mod hanzi_pinyin;
pub mod index;
pub mod measure;
pub mod model;
pub mod park;
pub mod query;
pub mod search;
pub mod sketch;
pub mod stations;
pub mod stats;
pub mod text_fold;

//! The data boundary: wire GeoJSON in, validated features and a report out.
//! `convert` and `stream` (the same, fed a piece at a time) are pure (no
//! browser APIs); fetching lives with the app.

pub mod any_format;
mod big_entry;
pub mod convert;
pub mod csv;
mod fast_point;
mod geometry;
pub mod packed;
pub mod problem;
mod rules;
pub mod stream;
pub mod synthetic;
mod validity;

#[cfg(not(target_arch = "wasm32"))]
pub use any_format::load_file;
pub use any_format::{load_bytes, load_text, AnyFormatLoader};
pub use convert::{load_geojson, LoadOutcome, LoadReport};
pub use problem::{FeatureIssue, FileError, Limits, Problem, Severity, TextEncoding};
pub(crate) use rules::KNOWN_PROPERTIES;
pub use stream::{StreamLoader, StreamProgress};

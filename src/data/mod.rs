//! The data boundary: wire GeoJSON in, validated features and a report out.
//! `convert` and `stream` (the same, fed a piece at a time) are pure (no
//! browser APIs); fetching lives with the app.

pub mod any_format;
mod big_entry;
pub mod convert;
pub mod csv;
mod fast_point;
mod geometry;
pub mod problem;
mod rules;
pub mod stream;
pub mod synthetic;
mod validity;

pub use any_format::{load_bytes, AnyFormatLoader};
pub use convert::{load_geojson, LoadOutcome, LoadReport};
pub use problem::{FeatureIssue, FileError, Limits, Problem, Severity, TextEncoding};
pub use stream::{StreamLoader, StreamProgress};

//! The data boundary: wire GeoJSON in, validated features and a report out.
//! `convert` and `stream` (the same, fed a piece at a time) are pure (no
//! browser APIs); fetching lives with the app.

pub mod any_format;
pub mod convert;
pub mod csv;
mod fast_point;
pub mod problem;
pub mod stream;
pub mod synthetic;

pub use any_format::AnyFormatLoader;
pub use convert::{load_geojson, LoadOutcome, LoadReport};
pub use problem::{FeatureIssue, FileError, Limits, Problem, Severity};
pub use stream::{StreamLoader, StreamProgress};

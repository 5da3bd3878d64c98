//! A feature's `geometry` member: its type, its coordinates (read by
//! `data::geometry`'s readers, or already streamed into them) and the ring
//! checks of `data::validity`.

use serde_json::Value;

use crate::core::model::Geometry;
use crate::data::geometry::{walk, AnyShapeReader, Shape, ShapeReader};
use crate::data::problem::{Limits, Problem};
use crate::data::rules::truncate;
use crate::data::validity::check_rings;

/// Reads a feature's geometry. `streamed` holds the readers a huge
/// `coordinates` value was already fed to, piece by piece (see `stream.rs`);
/// the value itself then stands in as `null`.
pub(super) fn read_geometry(
    value: Option<&Value>,
    limits: &Limits,
    problems: &mut Vec<Problem>,
    streamed: Option<AnyShapeReader>,
) -> Option<Geometry> {
    let Some(geometry) = value.and_then(Value::as_object) else {
        problems.push(Problem::MissingGeometry);
        return None;
    };
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let Some(shape) = Shape::parse(kind) else {
        problems.push(Problem::UnsupportedGeometry {
            found: if kind.is_empty() {
                "(none)".into()
            } else {
                truncate(kind, 40)
            },
        });
        return None;
    };
    let Some(coords) = geometry.get("coordinates") else {
        problems.push(Problem::MissingField {
            field: "geometry.coordinates".into(),
        });
        return None;
    };
    let reader = match streamed {
        Some(readers) => readers.into_shape(shape),
        None => {
            let mut reader = ShapeReader::new(shape, limits.max_vertices_per_geometry);
            walk(coords, &mut reader);
            reader
        }
    };
    match reader.finish() {
        Ok(geometry) => {
            problems.extend(check_rings(&geometry));
            Some(geometry)
        }
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

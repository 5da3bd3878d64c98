//! A feature's `geometry` member: its type, its coordinates (read by
//! `data::geometry`'s readers, or already streamed into them) and the ring
//! checks of `data::validity`: done at once for an ordinary polygon, handed
//! back to be done in turns for a big one.

use serde_json::Value;

use crate::core::model::Geometry;
use crate::data::geometry::{walk, AnyShapeReader, Shape, ShapeReader};
use crate::data::problem::{Limits, Problem};
use crate::data::rules::truncate;
use crate::data::validity::RingCheck;

/// Rings with more segments than this are checked in turns (`FeatureSink::
/// advance`): some 20,000 segments take about a millisecond, so a
/// polygon up to this size is checked at once wherever it comes from.
const SEGMENTS_CHECKED_AT_ONCE: usize = 20_000;

/// A big polygon's ring check still to run, and where in the feature's
/// problems its findings go (after those of reading the geometry, as if it
/// had run at once).
pub(crate) struct PendingRings {
    pub(crate) at: usize,
    pub(crate) check: RingCheck,
}

/// Reads a feature's geometry. `streamed` holds the readers a huge
/// `coordinates` value was already fed to, piece by piece (see `stream.rs`);
/// the value itself then stands in as `null`. The ring check of a big polygon
/// is put in `pending` instead of run.
pub(super) fn read_geometry(
    value: Option<&Value>,
    limits: &Limits,
    problems: &mut Vec<Problem>,
    streamed: Option<AnyShapeReader>,
    pending: &mut Option<PendingRings>,
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
            if let Some(check) = RingCheck::new(&geometry) {
                if check.segments() > SEGMENTS_CHECKED_AT_ONCE {
                    let at = problems.len();
                    *pending = Some(PendingRings { at, check });
                } else {
                    problems.extend(check.run_to_end());
                }
            }
            Some(geometry)
        }
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

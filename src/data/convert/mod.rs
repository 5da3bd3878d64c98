//! GeoJSON text → validated features, collecting every problem with the
//! feature's index, id and field. Bad features are skipped and reported; good
//! ones are kept. No input can make this panic (see `tests/hostile_input.rs`).
//!
//! - `report`: the [`LoadReport`] and [`LoadOutcome`];
//! - `sink`: the entries of `features`, one by one, for both loaders;
//! - `geometry`: a feature's `geometry` member;
//! - the field rules themselves are `data::rules`, shared with the fast path.

use serde_json::Value;

use crate::data::problem::{FileError, Limits};
use crate::data::rules::{json_type, truncate};

mod geometry;
mod report;
mod sink;

pub use report::{LoadOutcome, LoadReport};
pub(crate) use sink::FeatureSink;

/// Parses and validates a GeoJSON FeatureCollection.
///
/// ```
/// use qikai_map::data::{load_geojson, Limits};
/// let text = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","id":"s1","geometry":{"type":"Point","coordinates":[125.17,43.83]},
///    "properties":{"kind":"swap_station","name_zh":"换电站","name_en":"Swap station",
///                  "position_accuracy":"schematic"}},
///   {"type":"Feature","id":"bad","geometry":{"type":"Point","coordinates":[43.83,125.17]},
///    "properties":{"kind":"project","name_zh":"反了","name_en":"Swapped","position_accuracy":"exact"}}]}"#;
/// let out = load_geojson(text, &Limits::default());
/// assert_eq!(out.features.len(), 1);
/// assert_eq!(out.report.issues[0].problem.code(), "swapped_lon_lat");
/// ```
pub fn load_geojson(text: &str, limits: &Limits) -> LoadOutcome {
    if text.len() > limits.max_bytes {
        return file_error(FileError::TooLarge {
            bytes: text.len(),
            limit: limits.max_bytes,
        });
    }
    // A byte-order mark (Windows editors, Excel) is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return file_error(malformed(&e, text.as_bytes(), (1, 1))),
    };
    let features = match collection_features(&root) {
        Ok(f) => f,
        Err(e) => return file_error(e),
    };
    // Checked before converting anything: a million features over the limit
    // must not cost a million conversions.
    if features.len() > limits.max_features {
        return too_many_features(features.len(), limits);
    }
    let mut sink = FeatureSink::new(limits);
    for raw in features {
        sink.add(raw);
    }
    sink.finish()
}

/// An outcome with nothing loaded and one file-level error.
pub(crate) fn file_error(error: FileError) -> LoadOutcome {
    let mut outcome = LoadOutcome::default();
    outcome.report.file_error = Some(error);
    outcome
}

/// The outcome for a collection of `count` features, over `limits.max_features`.
pub(super) fn too_many_features(count: usize, limits: &Limits) -> LoadOutcome {
    let mut outcome = file_error(FileError::TooManyFeatures {
        count,
        limit: limits.max_features,
    });
    outcome.report.total = count;
    outcome
}

/// A parser error on `bytes` as a file error with one position: the file's
/// line and the column in characters. `origin` is the (line, column) where
/// `bytes` begin in the file, so that a piece parsed on its own (the
/// streaming loader parses one feature at a time) reports file positions.
/// The parser's own position (in bytes, relative to the piece) is cut from
/// its message.
pub(crate) fn malformed(e: &serde_json::Error, bytes: &[u8], origin: (usize, usize)) -> FileError {
    let line_start = if e.line() <= 1 {
        Some(0)
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(e.line() - 2)
            .map(|(i, _)| i + 1)
    };
    // serde_json's column counts bytes, 1-based at the faulty one.
    let chars = line_start.map_or(e.column(), |from| {
        let to = (from + e.column().saturating_sub(1)).min(bytes.len());
        char_count(&bytes[from.min(to)..to]) + 1
    });
    let (line, column) = if e.line() <= 1 {
        (origin.0, origin.1.saturating_sub(1) + chars)
    } else {
        (origin.0 + e.line() - 1, chars)
    };
    let full = e.to_string();
    let own_position = format!(" at line {} column {}", e.line(), e.column());
    let message = full
        .strip_suffix(&own_position)
        .unwrap_or(&full)
        .to_string();
    FileError::MalformedJson {
        line,
        column: column.max(1),
        message,
    }
}

/// Characters in UTF-8 bytes (a character cut at either end counts once, at
/// its first byte).
pub(crate) fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count()
}

fn collection_features(root: &Value) -> Result<&Vec<Value>, FileError> {
    let obj = root.as_object().ok_or_else(|| root_not_an_object(root))?;
    check_collection(
        obj.get("type"),
        obj.get("features").and_then(Value::as_array),
    )
}

fn not_a_collection(what: &str) -> FileError {
    FileError::NotAFeatureCollection {
        found: what.to_string(),
    }
}

/// The error for a top-level value that is not an object.
pub(crate) fn root_not_an_object(root: &Value) -> FileError {
    not_a_collection(json_type(root))
}

/// The verdict on a top-level object from its (last) `type` member and its
/// (last) `features` member when that is an array.
pub(crate) fn check_collection<T>(
    type_value: Option<&Value>,
    features: Option<T>,
) -> Result<T, FileError> {
    match type_value.and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        Some(other) => {
            return Err(not_a_collection(&format!(
                "type \"{}\"",
                truncate(other, 40)
            )))
        }
        None => return Err(not_a_collection("an object without \"type\"")),
    }
    features.ok_or_else(|| not_a_collection("no \"features\" array"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLat;
    use std::collections::HashSet;

    use crate::core::model::{Geometry, Status};
    use crate::data::problem::Problem;
    use crate::data::rules::{is_iso_date, looks_like_markup};

    fn collection(features: &str) -> String {
        format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#)
    }

    fn station(id: &str, coords: &str, extra: &str) -> String {
        format!(
            r#"{{"type":"Feature","id":"{id}","geometry":{{"type":"Point","coordinates":{coords}}},
               "properties":{{"kind":"swap_station","name_zh":"站","name_en":"Station",
               "position_accuracy":"schematic"{extra}}}}}"#
        )
    }

    fn codes(text: &str) -> Vec<&'static str> {
        load_geojson(text, &Limits::default())
            .report
            .issues
            .iter()
            .map(|i| i.problem.code())
            .collect()
    }

    #[test]
    fn a_clean_feature_loads_with_no_issues() {
        let out = load_geojson(
            &collection(&station("a", "[125.1,43.8]", "")),
            &Limits::default(),
        );
        assert_eq!(out.features.len(), 1);
        assert!(out.report.is_clean());
        assert_eq!(
            out.features[0].geometry,
            Geometry::Point(LngLat::lon_lat(125.1, 43.8))
        );
    }

    #[test]
    fn duplicate_ids_keep_the_first_and_report_the_second() {
        let text = collection(
            &[
                station("a", "[125.1,43.8]", ""),
                station("a", "[125.2,43.8]", ""),
            ]
            .join(","),
        );
        let out = load_geojson(&text, &Limits::default());
        assert_eq!(out.features.len(), 1);
        assert_eq!(out.report.issues[0].index, 1);
        assert_eq!(
            out.report.issues[0].problem,
            Problem::DuplicateId { id: "a".into() }
        );
    }

    #[test]
    fn swapped_and_out_of_range_positions_are_told_apart() {
        assert_eq!(
            codes(&collection(&station("a", "[43.8,125.1]", ""))),
            ["swapped_lon_lat"]
        );
        assert_eq!(
            codes(&collection(&station("a", "[200,43.8]", ""))),
            ["longitude_out_of_range"]
        );
        assert_eq!(
            codes(&collection(&station("a", "[120,-95]", ""))),
            ["latitude_out_of_range"]
        );
        assert_eq!(
            codes(&collection(&station("a", r#"["NaN",1]"#, ""))),
            ["coordinate_not_a_number"]
        );
        assert_eq!(
            codes(&collection(&station("a", "[1]", ""))),
            ["coordinate_not_a_number"]
        );
    }

    #[test]
    fn warnings_keep_the_feature_and_drop_only_the_bad_field() {
        let extra = r#","source_url":"javascript:alert(1)","investment_yuan":-5,"status":"flying""#;
        let out = load_geojson(
            &collection(&station("a", "[125.1,43.8]", extra)),
            &Limits::default(),
        );
        assert_eq!(out.features.len(), 1);
        let f = &out.features[0];
        assert_eq!(f.source_url, None);
        assert_eq!(f.figures.investment_yuan, None);
        assert_eq!(f.status, Status::Unknown);
        let got: Vec<_> = out.report.issues.iter().map(|i| i.problem.code()).collect();
        assert_eq!(got, ["unknown_status", "unsafe_url", "invalid_figure"]);
    }

    #[test]
    fn a_warning_on_a_skipped_feature_does_not_keep_it() {
        let text = collection(
            &[
                station("kept", "[125.1,43.8]", r#","status":"flying""#),
                r#"{"type":"Feature","id":"gone","geometry":{"type":"Point","coordinates":[125.1,43.8]},
                    "properties":{"kind":"castle","name_zh":"堡","name_en":"Castle","status":"flying",
                    "position_accuracy":"exact"}}"#
                    .to_string(),
            ]
            .join(","),
        );
        let report = load_geojson(&text, &Limits::default()).report;
        assert_eq!(report.issues.len(), 3);
        assert_eq!(report.skipped_indices(), HashSet::from([1]));
    }

    #[test]
    fn every_error_of_a_feature_is_collected_not_just_the_first() {
        let text = collection(
            r#"{"type":"Feature","id":"x y","geometry":{"type":"LineString","coordinates":[]},
                "properties":{"kind":"castle","position_accuracy":"roughly"}}"#,
        );
        let mut got = codes(&text);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "invalid_accuracy",
                "invalid_id",
                "missing_name",
                "unknown_kind",
                "unsupported_geometry"
            ]
        );
    }

    #[test]
    fn ring_rules_follow_rfc_7946() {
        let poly = |ring: &str| {
            collection(&format!(
                r#"{{"type":"Feature","id":"p","geometry":{{"type":"Polygon","coordinates":[{ring}]}},
                   "properties":{{"kind":"park","name_zh":"园","name_en":"Park","position_accuracy":"exact"}}}}"#
            ))
        };
        assert_eq!(
            codes(&poly("[[125,43],[125.1,43],[125,43]]")),
            ["ring_too_short"]
        );
        assert_eq!(
            codes(&poly("[[125,43],[125.1,43],[125.1,43.1],[125,43.1]]")),
            ["ring_not_closed"]
        );
        assert!(codes(&poly("[[125,43],[125.1,43],[125.1,43.1],[125,43]]")).is_empty());
    }

    #[test]
    fn file_level_problems_load_nothing() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            load_geojson(&collection(""), &limits).report.file_error,
            Some(FileError::TooLarge { .. })
        ));
        assert!(matches!(
            load_geojson("{\"type\":", &Limits::default())
                .report
                .file_error,
            Some(FileError::MalformedJson { line: 1, .. })
        ));
        assert!(matches!(
            load_geojson("[]", &Limits::default()).report.file_error,
            Some(FileError::NotAFeatureCollection { .. })
        ));
    }

    #[test]
    fn dates_must_be_iso() {
        assert!(is_iso_date("2023-11-21") && is_iso_date("2021-07"));
        for bad in [
            "2023-13",
            "2023-1-2",
            "23-11-21",
            "2023/11/21",
            "2023-11-21-1",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn markup_detection_catches_tags_and_script_urls_but_not_maths() {
        assert!(looks_like_markup("<script>alert(1)</script>"));
        assert!(looks_like_markup("x<img src=x onerror=alert(1)>"));
        assert!(looks_like_markup("JavaScript:alert(1)"));
        assert!(!looks_like_markup("投资 < 10 亿元"));
    }
}

//! GeoJSON text → validated features, collecting every problem with the
//! feature's index, id and field. Bad features are skipped and reported; good
//! ones are kept. No input can make this panic (see `tests/hostile_input.rs`).

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use super::geometry::{walk, AnyShapeReader, Shape, ShapeReader};
use super::problem::{FeatureIssue, FileError, Limits, Problem, Severity};
use super::validity::check_rings;
use crate::core::model::{
    Category, Feature, FeatureKind, Figures, Geometry, Milestone, PositionAccuracy, Status,
};

/// Property names the widget reads. Others are kept out of the model and
/// counted in `LoadReport::unknown_properties`.
const KNOWN_PROPERTIES: [&str; 17] = [
    "id",
    "kind",
    "name_zh",
    "name_en",
    "category",
    "status",
    "investment_yuan",
    "land_area_m2",
    "building_area_m2",
    "capacity_vehicles_per_year",
    "milestones",
    "source",
    "source_url",
    "position_accuracy",
    "note_zh",
    "note_en",
    "adcode",
];

/// What loading found: counts and every problem, for the visible data report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadReport {
    /// Entries in `features`.
    pub total: usize,
    /// Features kept.
    pub loaded: usize,
    /// A problem with the whole file; nothing was loaded.
    pub file_error: Option<FileError>,
    /// Problems with single features, in file order.
    pub issues: Vec<FeatureIssue>,
    /// Property names the widget does not read, with how many features had them.
    pub unknown_properties: BTreeMap<String, usize>,
}

impl LoadReport {
    /// Features skipped because of an error.
    pub fn skipped(&self) -> usize {
        self.total - self.loaded
    }

    /// True when nothing needs the user's attention.
    pub fn is_clean(&self) -> bool {
        self.file_error.is_none() && self.issues.is_empty()
    }

    /// Positions (in `features`) of the entries that were skipped: those
    /// with at least one error. A warning on such an entry did not keep it.
    pub fn skipped_indices(&self) -> HashSet<usize> {
        self.with_severity(Severity::Error)
            .map(|i| i.index)
            .collect()
    }

    /// Issues of one severity.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &FeatureIssue> {
        self.issues
            .iter()
            .filter(move |i| i.problem.severity() == severity)
    }
}

/// The features that passed and the report.
#[derive(Clone, Debug, Default)]
pub struct LoadOutcome {
    /// Validated features in file order.
    pub features: Vec<Feature>,
    /// What was wrong.
    pub report: LoadReport,
}

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
fn too_many_features(count: usize, limits: &Limits) -> LoadOutcome {
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

/// Converts the entries of a `features` array one by one, in file order:
/// the per-feature checks, the duplicate-id check across features and the
/// unknown-property counts. Both loaders feed it, so they cannot disagree.
pub(crate) struct FeatureSink {
    limits: Limits,
    seen_ids: HashSet<String>,
    outcome: LoadOutcome,
    count: usize,
}

impl FeatureSink {
    pub(crate) fn new(limits: &Limits) -> Self {
        Self {
            limits: limits.clone(),
            seen_ids: HashSet::new(),
            outcome: LoadOutcome::default(),
            count: 0,
        }
    }

    /// Entries seen so far, converted or not.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// Features kept so far.
    pub(crate) fn loaded(&self) -> usize {
        self.outcome.features.len()
    }

    /// True once more entries than `max_features` were seen: the file will be
    /// refused, so nothing more is converted and what was is let go.
    pub(crate) fn over_limit(&self) -> bool {
        self.count > self.limits.max_features
    }

    /// Takes the next entry of `features` from its bytes when it is a clean
    /// point feature (see `fast_point`); false when it must go through
    /// [`add`](Self::add) instead, which then does all the bookkeeping.
    pub(crate) fn try_add_clean_point(&mut self, bytes: &[u8]) -> bool {
        if self.count >= self.limits.max_features {
            return false; // the limit's bookkeeping is add's
        }
        match super::fast_point::clean_point_feature(bytes, &self.limits) {
            Some(feature) => self.try_add_clean(feature),
            None => false,
        }
    }

    /// Takes a feature a fast path found clean; false (nothing done) when
    /// [`add`](Self::add) must take the entry instead: at the feature limit,
    /// or for a repeated id (which `add` reports).
    pub(crate) fn try_add_clean(&mut self, feature: Feature) -> bool {
        if self.count >= self.limits.max_features || self.seen_ids.contains(&feature.id) {
            return false; // add reports the duplicate
        }
        self.seen_ids.insert(feature.id.clone());
        self.count += 1;
        self.outcome.features.push(feature);
        true
    }

    /// Converts the next entry of `features`.
    pub(crate) fn add(&mut self, raw: &Value) {
        self.add_streamed(raw, None);
    }

    /// Converts the next entry of `features` whose `geometry.coordinates`
    /// (when `streamed` is given) was read piece by piece into `streamed`.
    pub(crate) fn add_streamed(&mut self, raw: &Value, streamed: Option<AnyShapeReader>) {
        let index = self.count;
        self.count += 1;
        if self.over_limit() {
            if index == self.limits.max_features {
                self.outcome = LoadOutcome::default();
                self.seen_ids = HashSet::new();
            }
            return;
        }
        let mut problems = Vec::new();
        let (id, feature) = convert_feature(
            raw,
            &self.limits,
            &mut problems,
            &mut self.outcome.report,
            streamed,
        );
        if let Some(id) = &id {
            if problems.iter().all(|p| p.severity() == Severity::Warning)
                && !self.seen_ids.insert(id.clone())
            {
                problems.push(Problem::DuplicateId { id: id.clone() });
            }
        }
        let fatal = problems.iter().any(|p| p.severity() == Severity::Error);
        self.outcome
            .report
            .issues
            .extend(problems.into_iter().map(|problem| FeatureIssue {
                index,
                id: id.clone(),
                problem,
            }));
        if let (false, Some(f)) = (fatal, feature) {
            self.outcome.features.push(f);
        }
    }

    /// The features kept and the report, or `TooManyFeatures`.
    pub(crate) fn finish(self) -> LoadOutcome {
        if self.over_limit() {
            return too_many_features(self.count, &self.limits);
        }
        let mut outcome = self.outcome;
        outcome.report.total = self.count;
        outcome.report.loaded = outcome.features.len();
        outcome
    }
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

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

/// Converts one feature; pushes every problem found. Returns the id (when
/// readable) and the feature (when nothing fatal was found so far).
fn convert_feature(
    raw: &Value,
    limits: &Limits,
    problems: &mut Vec<Problem>,
    report: &mut LoadReport,
    streamed: Option<AnyShapeReader>,
) -> (Option<String>, Option<Feature>) {
    let Some(obj) = raw
        .as_object()
        .filter(|o| o.get("type") == Some(&Value::from("Feature")))
    else {
        problems.push(Problem::NotAFeature);
        return (None, None);
    };
    let empty = Map::new();
    let props = match obj.get("properties") {
        Some(Value::Object(p)) => p,
        Some(Value::Null) | None => {
            problems.push(Problem::MissingField {
                field: "properties".into(),
            });
            &empty
        }
        Some(_) => {
            problems.push(Problem::WrongType {
                field: "properties".into(),
                expected: "an object",
            });
            &empty
        }
    };
    for key in props.keys() {
        if !KNOWN_PROPERTIES.contains(&key.as_str()) {
            *report
                .unknown_properties
                .entry(truncate(key, 64))
                .or_default() += 1;
        }
    }

    let id = read_id(obj, props, problems);
    let mut text = TextReader {
        props,
        limits,
        problems,
    };
    let name_zh = text.optional("name_zh");
    let name_en = text.optional("name_en");
    let source = text.optional("source").unwrap_or_default();
    let note_zh = text.optional("note_zh");
    let note_en = text.optional("note_en");
    let kind_text = text.optional("kind");
    let category = text.optional("category").map(|c| Category::parse(&c));
    let status_text = text.optional("status");
    let accuracy_text = text.optional("position_accuracy");
    let url_text = text.optional_unchecked("source_url");

    let (name_zh, name_en) = match (name_zh, name_en) {
        (Some(zh), Some(en)) => (zh, en),
        (Some(zh), None) => {
            problems.push(Problem::MissingTranslation {
                field: "name_en".into(),
            });
            (zh.clone(), zh)
        }
        (None, Some(en)) => {
            problems.push(Problem::MissingTranslation {
                field: "name_zh".into(),
            });
            (en.clone(), en)
        }
        (None, None) => {
            problems.push(Problem::MissingName);
            (String::new(), String::new())
        }
    };

    let kind = match kind_text {
        None => {
            problems.push(Problem::MissingField {
                field: "kind".into(),
            });
            None
        }
        Some(k) => FeatureKind::parse(&k).or_else(|| {
            problems.push(Problem::UnknownKind {
                value: truncate(&k, 64),
            });
            None
        }),
    };
    let status = match status_text {
        None => Status::Unknown,
        Some(s) => Status::parse(&s).unwrap_or_else(|| {
            problems.push(Problem::UnknownStatus {
                value: truncate(&s, 64),
            });
            Status::Unknown
        }),
    };
    let position_accuracy = match accuracy_text {
        None => {
            problems.push(Problem::MissingAccuracy);
            Some(PositionAccuracy::Unstated)
        }
        Some(a) => PositionAccuracy::parse(&a).or_else(|| {
            problems.push(Problem::InvalidAccuracy {
                value: truncate(&a, 64),
            });
            None
        }),
    };
    let source_url = url_text.and_then(|u| {
        if is_http_url(&u) {
            Some(u)
        } else {
            problems.push(Problem::UnsafeUrl {
                value: truncate(&u, 200),
            });
            None
        }
    });
    let figures = read_figures(props, problems);
    let milestones = read_milestones(props, limits, problems);
    let geometry = read_geometry(obj.get("geometry"), limits, problems, streamed);
    if let (Some(kind), Some(geometry)) = (kind, &geometry) {
        if !kind.allows(geometry) {
            problems.push(Problem::GeometryNotAllowed {
                kind: kind.as_str(),
                geometry: geometry_name(geometry),
            });
        }
    }

    let feature = match (id.clone(), kind, geometry, position_accuracy) {
        (Some(id), Some(kind), Some(geometry), Some(position_accuracy)) => Some(Feature {
            id,
            kind,
            name_zh,
            name_en,
            category,
            status,
            geometry,
            figures,
            milestones,
            source,
            source_url,
            position_accuracy,
            note_zh,
            note_en,
        }),
        _ => None,
    };
    (id, feature)
}

fn geometry_name(g: &Geometry) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
    }
}

fn read_id(
    obj: &Map<String, Value>,
    props: &Map<String, Value>,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let raw = obj.get("id").or_else(|| props.get("id"));
    let id = match raw {
        None | Some(Value::Null) => {
            problems.push(Problem::MissingField { field: "id".into() });
            return None;
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            problems.push(Problem::WrongType {
                field: "id".into(),
                expected: "a string or a number",
            });
            return None;
        }
    };
    if is_valid_id(&id) {
        Some(id)
    } else {
        problems.push(Problem::InvalidId {
            value: truncate(&id, 64),
        });
        None
    }
}

/// 1 to 128 characters of letters, digits and `_-.:` (safe in a URL hash and
/// an attribute).
pub(crate) fn is_valid_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

/// Reads optional text fields with the length and markup checks.
struct TextReader<'a> {
    props: &'a Map<String, Value>,
    limits: &'a Limits,
    problems: &'a mut Vec<Problem>,
}

impl TextReader<'_> {
    /// The trimmed text, or `None` when absent, null or blank.
    fn optional(&mut self, field: &str) -> Option<String> {
        let value = self.optional_unchecked(field)?;
        if looks_like_markup(&value) {
            self.problems.push(Problem::MarkupInText {
                field: field.into(),
            });
        }
        Some(value)
    }

    /// Like `optional`, without the markup check (for URLs, checked on their own).
    fn optional_unchecked(&mut self, field: &str) -> Option<String> {
        let value = match self.props.get(field) {
            None | Some(Value::Null) => return None,
            Some(Value::String(s)) => s.trim(),
            Some(_) => {
                self.problems.push(Problem::TextNotAString {
                    field: field.into(),
                });
                return None;
            }
        };
        if value.is_empty() {
            return None;
        }
        let chars = value.chars().count();
        if chars > self.limits.max_text_chars {
            self.problems.push(Problem::TextTooLong {
                field: field.into(),
                chars,
                limit: self.limits.max_text_chars,
            });
            return None;
        }
        Some(value.to_string())
    }
}

/// Tags, event-handler attributes and script URLs. The UI renders all data as
/// text, so this is only a warning that tells the data owner.
pub(crate) fn looks_like_markup(s: &str) -> bool {
    // Every pattern below holds `<`, `:` or `=`; most names hold none of them.
    if !s.bytes().any(|b| matches!(b, b'<' | b':' | b'=')) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let tag = lower.match_indices('<').any(|(i, _)| {
        lower[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
    });
    tag || lower.contains("javascript:") || lower.contains("onerror=") || lower.contains("onload=")
}

pub(crate) fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn read_figures(props: &Map<String, Value>, problems: &mut Vec<Problem>) -> Figures {
    let mut figure = |field: &str| -> Option<f64> {
        let value = props.get(field)?;
        match value.as_f64() {
            Some(v) if v.is_finite() && v >= 0.0 => Some(v),
            _ if value.is_null() => None,
            _ => {
                problems.push(Problem::InvalidFigure {
                    field: field.into(),
                });
                None
            }
        }
    };
    Figures {
        investment_yuan: figure("investment_yuan"),
        land_area_m2: figure("land_area_m2"),
        building_area_m2: figure("building_area_m2"),
        capacity_vehicles_per_year: figure("capacity_vehicles_per_year"),
    }
}

fn read_milestones(
    props: &Map<String, Value>,
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> Vec<Milestone> {
    let Some(value) = props.get("milestones").filter(|v| !v.is_null()) else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        problems.push(Problem::WrongType {
            field: "milestones".into(),
            expected: "an array",
        });
        return Vec::new();
    };
    let text = |item: &Value, key: &str| -> Option<String> {
        let s = item.get(key)?.as_str()?.trim();
        (!s.is_empty() && s.chars().count() <= limits.max_text_chars).then(|| s.to_string())
    };
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let date = text(item, "date").filter(|d| is_iso_date(d));
        let zh = text(item, "event_zh");
        let en = text(item, "event_en");
        match (date, zh, en) {
            (Some(date), Some(event_zh), Some(event_en)) => {
                if looks_like_markup(&event_zh) || looks_like_markup(&event_en) {
                    problems.push(Problem::MarkupInText {
                        field: format!("milestones[{index}]"),
                    });
                }
                out.push(Milestone {
                    date,
                    event_zh,
                    event_en,
                });
            }
            _ => problems.push(Problem::InvalidMilestone { index }),
        }
    }
    out
}

/// `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m] => num(y, 4).is_some() && num(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => {
            num(y, 4).is_some()
                && num(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && num(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// Reads a feature's geometry. `streamed` holds the readers a huge
/// `coordinates` value was already fed to, piece by piece (see `stream.rs`);
/// the value itself then stands in as `null`.
fn read_geometry(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLat;

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

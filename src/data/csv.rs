//! The compact format: CSV (RFC 4180, UTF-8) with one point per row, what a
//! portal's staff export from a spreadsheet. The header names the columns:
//! `lng` and `lat` (or `lon`/`longitude`, `latitude`) for the position, and
//! any of the GeoJSON property names (`id`, `kind`, `name_zh`, `name_en`,
//! `investment_yuan`, `position_accuracy`, …). Fed a piece at a time like
//! [`super::StreamLoader`].
//!
//! Each row becomes the GeoJSON feature it stands for and goes through the
//! same checks ([`FeatureSink`]): the same problems, the same limits, the
//! same report. Empty cells are absent properties; a figure column that does
//! not read as a number is kept as text, so the check reports it. A row with
//! more or fewer cells than the header is kept and reported.
//!
//! Why: 100,000 points are 9 MB of CSV against 24 MB of GeoJSON, and a row
//! is read without a JSON parser.

use serde_json::{Map, Value};

use super::convert::{file_error, FeatureSink};
use super::fast_point::clean_csv_point;
use super::problem::{FeatureIssue, FileError, Limits, Problem};
use super::stream::StreamProgress;
use super::LoadOutcome;

/// Column names read as the longitude.
const LNG_COLUMNS: [&str; 3] = ["lng", "lon", "longitude"];
/// Column names read as the latitude.
const LAT_COLUMNS: [&str; 2] = ["lat", "latitude"];
/// Columns holding numbers.
const NUMBER_COLUMNS: [&str; 4] = [
    "investment_yuan",
    "land_area_m2",
    "building_area_m2",
    "capacity_vehicles_per_year",
];

/// Reads CSV pieces into validated features.
pub struct CsvLoader {
    limits: Limits,
    sink: FeatureSink,
    bytes_read: usize,
    bytes_expected: Option<usize>,
    header: Option<Vec<String>>,
    lng_col: usize,
    lat_col: usize,
    /// Cells of the row being read.
    row: Vec<String>,
    /// Bytes of the cell being read.
    cell: Vec<u8>,
    in_quotes: bool,
    /// A `"` inside a quoted cell: the end of the quotes, or the first of `""`.
    quote_seen: bool,
    /// The current cell was quoted (its spaces and line ends are data).
    cell_quoted: bool,
    error: Option<FileError>,
    /// Issues of rows whose cell count differs from the header's.
    shape_issues: Vec<FeatureIssue>,
}

impl CsvLoader {
    /// A loader that enforces `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            sink: FeatureSink::new(&limits),
            limits,
            bytes_read: 0,
            bytes_expected: None,
            header: None,
            lng_col: 0,
            lat_col: 0,
            row: Vec::new(),
            cell: Vec::new(),
            in_quotes: false,
            quote_seen: false,
            cell_quoted: false,
            error: None,
            shape_issues: Vec::new(),
        }
    }

    /// Records the announced size (for progress only).
    pub fn expect_len(&mut self, bytes: usize) {
        self.bytes_expected = Some(bytes);
    }

    /// How far loading has got.
    pub fn progress(&self) -> StreamProgress {
        StreamProgress {
            bytes_read: self.bytes_read,
            bytes_expected: self.bytes_expected,
            features_seen: self.sink.count(),
            features_loaded: self.sink.loaded(),
            done: false,
            failed: self.error.is_some() || self.sink.over_limit(),
        }
    }

    /// Feeds the next bytes; a piece may end anywhere.
    pub fn push(&mut self, chunk: &[u8]) {
        self.bytes_read = self.bytes_read.saturating_add(chunk.len());
        if self.error.is_some() {
            return;
        }
        if self.bytes_read > self.limits.max_bytes {
            self.fail(FileError::TooLarge {
                bytes: self.bytes_read,
                limit: self.limits.max_bytes,
            });
            return;
        }
        for &b in chunk {
            if self.in_quotes {
                if self.quote_seen {
                    self.quote_seen = false;
                    if b == b'"' {
                        self.cell.push(b'"');
                        continue;
                    }
                    self.in_quotes = false; // the closing quote; b is read below
                } else if b == b'"' {
                    self.quote_seen = true;
                    continue;
                } else {
                    self.cell.push(b);
                    continue;
                }
            }
            match b {
                b'"' if self.cell.iter().all(u8::is_ascii_whitespace) && !self.cell_quoted => {
                    self.cell.clear();
                    self.in_quotes = true;
                    self.cell_quoted = true;
                }
                b',' => self.end_cell(),
                b'\n' => {
                    self.end_cell();
                    self.end_row();
                }
                _ => self.cell.push(b),
            }
            if self.error.is_some() {
                return;
            }
        }
    }

    /// The features kept and the report.
    pub fn finish(mut self) -> LoadOutcome {
        if let Some(error) = self.error.take() {
            return file_error(error);
        }
        if self.in_quotes && !self.quote_seen {
            return file_error(FileError::MalformedCsv {
                message: "a quoted cell is not closed".into(),
            });
        }
        self.in_quotes = false;
        if !self.cell.is_empty() || !self.row.is_empty() {
            self.end_cell();
            self.end_row();
        }
        if let Some(error) = self.error.take() {
            return file_error(error);
        }
        if self.header.is_none() {
            return file_error(FileError::MalformedCsv {
                message: "no header row".into(),
            });
        }
        let mut outcome = self.sink.finish();
        if outcome.report.file_error.is_none() {
            outcome.report.issues.extend(self.shape_issues);
            // Stable: a row's own problems first, then its shape.
            outcome.report.issues.sort_by_key(|i| i.index);
        }
        outcome
    }

    fn fail(&mut self, error: FileError) {
        self.error = Some(error);
        self.sink = FeatureSink::new(&self.limits);
        self.row = Vec::new();
        self.cell = Vec::new();
    }

    fn end_cell(&mut self) {
        let mut bytes = std::mem::take(&mut self.cell);
        if !self.cell_quoted && bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        let text = if self.row.is_empty() && self.header.is_none() {
            text.trim_start_matches('\u{feff}').to_string() // a spreadsheet's BOM
        } else {
            text
        };
        self.row.push(if self.cell_quoted {
            text
        } else {
            text.trim().to_string()
        });
        self.cell_quoted = false;
    }

    fn end_row(&mut self) {
        let row = std::mem::take(&mut self.row);
        if row.iter().all(String::is_empty) {
            return; // blank lines are nothing
        }
        let Some(header) = &self.header else {
            self.read_header(row);
            return;
        };
        let index = self.sink.count();
        if row.len() != header.len() {
            let id = header
                .iter()
                .position(|h| h == "id")
                .and_then(|i| row.get(i))
                .filter(|id| !id.is_empty())
                .cloned();
            self.shape_issues.push(FeatureIssue {
                index,
                id,
                problem: Problem::CsvCellCount {
                    expected: header.len(),
                    found: row.len(),
                },
            });
        }
        if let Some(feature) =
            clean_csv_point(header, &row, self.lng_col, self.lat_col, &self.limits)
        {
            if self.sink.try_add_clean(feature) {
                return;
            }
        }
        let feature = self.row_feature(header, &row);
        self.sink.add(&feature);
    }

    fn read_header(&mut self, row: Vec<String>) {
        let names: Vec<String> = row.iter().map(|c| c.trim().to_ascii_lowercase()).collect();
        let find = |options: &[&str]| names.iter().position(|n| options.contains(&n.as_str()));
        match (find(&LNG_COLUMNS), find(&LAT_COLUMNS)) {
            (Some(lng), Some(lat)) => {
                self.lng_col = lng;
                self.lat_col = lat;
                self.header = Some(names);
            }
            (lng, _) => self.fail(FileError::MissingCsvColumn {
                column: if lng.is_none() { "lng" } else { "lat" },
            }),
        }
    }

    /// The GeoJSON feature a row stands for.
    fn row_feature(&self, header: &[String], row: &[String]) -> Value {
        let mut props = Map::new();
        let mut id = None;
        for (i, (name, cell)) in header.iter().zip(row).enumerate() {
            if cell.is_empty() || i == self.lng_col || i == self.lat_col || name.is_empty() {
                continue;
            }
            let value = if NUMBER_COLUMNS.contains(&name.as_str()) {
                number(cell).unwrap_or_else(|| Value::String(cell.clone()))
            } else if name == "milestones" {
                serde_json::from_str(cell).unwrap_or_else(|_| Value::String(cell.clone()))
            } else {
                Value::String(cell.clone())
            };
            if name == "id" {
                id = Some(value);
            } else {
                props.insert(name.clone(), value);
            }
        }
        let cell = |i: usize| row.get(i).map(String::as_str).unwrap_or("");
        let (lng, lat) = (cell(self.lng_col), cell(self.lat_col));
        let mut feature = Map::new();
        feature.insert("type".into(), Value::from("Feature"));
        if let Some(id) = id {
            feature.insert("id".into(), id);
        }
        if !(lng.is_empty() && lat.is_empty()) {
            let coordinate = |c: &str| number(c).unwrap_or_else(|| Value::String(c.to_string()));
            let mut geometry = Map::new();
            geometry.insert("type".into(), Value::from("Point"));
            geometry.insert(
                "coordinates".into(),
                Value::Array(vec![coordinate(lng), coordinate(lat)]),
            );
            feature.insert("geometry".into(), Value::Object(geometry));
        }
        feature.insert("properties".into(), Value::Object(props));
        Value::Object(feature)
    }
}

/// A finite decimal number (`1200000`, `1.2e6`, `-3.5`), as JSON would hold it.
fn number(cell: &str) -> Option<Value> {
    let v: f64 = cell.parse().ok()?;
    serde_json::Number::from_f64(v).map(Value::Number)
}

/// Loads a whole CSV text (tests and small files).
pub fn load_csv(text: &str, limits: &Limits) -> LoadOutcome {
    let mut loader = CsvLoader::new(limits.clone());
    loader.push(text.as_bytes());
    loader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{FeatureKind, Geometry};
    use crate::data::load_geojson;
    use proptest::prelude::*;

    const SAMPLE: &str = "\u{feff}id,kind,name_zh,name_en,lng,lat,investment_yuan,position_accuracy,note_en\r\n\
        s1,swap_station,换电站一,Station one,125.17,43.83,,schematic,\r\n\
        p1,project,\"项目, 一\",\"Project \"\"one\"\"\",125.20,43.85,1.2e8,approx_50m,\"two\nlines\"\r\n";

    #[test]
    fn rows_become_features_with_quotes_commas_and_line_breaks_kept() {
        let out = load_csv(SAMPLE, &Limits::default());
        assert!(out.report.is_clean(), "{:?}", out.report);
        assert_eq!(out.features.len(), 2);
        let p = &out.features[1];
        assert_eq!(
            (p.kind, p.name_zh.as_str(), p.name_en.as_str()),
            (FeatureKind::Project, "项目, 一", "Project \"one\"")
        );
        assert_eq!(
            p.geometry,
            Geometry::Point(crate::core::coord::LngLat::lon_lat(125.2, 43.85))
        );
        assert_eq!(p.figures.investment_yuan, Some(1.2e8));
        assert_eq!(p.note_en.as_deref(), Some("two\nlines"));
        assert_eq!(out.features[0].figures.investment_yuan, None);
    }

    #[test]
    fn a_row_gets_the_same_checks_as_the_geojson_feature_it_stands_for() {
        let csv = "id,kind,name_zh,name_en,lat,lng,investment_yuan,position_accuracy,colour\n\
                   a,project,甲,A,125.2,43.8,lots,exact,red\n\
                   a,project,乙,B,43.8,125.2,5,exact,\n\
                   c,castle,丙,C,43.8,125.2,,exact,\n\
                   d,project,丁,<b>D</b>,43.8,,,exact,\n";
        let geojson = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[43.8,125.2]},"properties":{"kind":"project","name_zh":"甲","name_en":"A","investment_yuan":"lots","position_accuracy":"exact","colour":"red"}},
            {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[125.2,43.8]},"properties":{"kind":"project","name_zh":"乙","name_en":"B","investment_yuan":5,"position_accuracy":"exact"}},
            {"type":"Feature","id":"c","geometry":{"type":"Point","coordinates":[125.2,43.8]},"properties":{"kind":"castle","name_zh":"丙","name_en":"C","position_accuracy":"exact"}},
            {"type":"Feature","id":"d","geometry":{"type":"Point","coordinates":["",43.8]},"properties":{"kind":"project","name_zh":"丁","name_en":"<b>D</b>","position_accuracy":"exact"}}]}"#;
        let from_csv = load_csv(csv, &Limits::default());
        let from_json = load_geojson(geojson, &Limits::default());
        assert_eq!(from_csv.features, from_json.features);
        assert_eq!(from_csv.report, from_json.report);
        let codes: Vec<&str> = from_csv
            .report
            .issues
            .iter()
            .map(|i| i.problem.code())
            .collect();
        assert!(
            codes.contains(&"swapped_lon_lat")
                && codes.contains(&"invalid_figure")
                && codes.contains(&"unknown_kind"),
            "{codes:?}"
        );
        assert_eq!(from_csv.report.unknown_properties.get("colour"), Some(&1));
    }

    #[test]
    fn file_problems_are_named() {
        let no_position = load_csv("id,kind,name_zh\n1,project,甲\n", &Limits::default());
        assert_eq!(
            no_position.report.file_error,
            Some(FileError::MissingCsvColumn { column: "lng" })
        );
        let open_quote = load_csv("id,lng,lat\n1,\"125,43\n", &Limits::default());
        assert!(matches!(
            open_quote.report.file_error,
            Some(FileError::MalformedCsv { .. })
        ));
        let small = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            load_csv(SAMPLE, &small).report.file_error,
            Some(FileError::TooLarge { .. })
        ));
        let few = Limits {
            max_features: 1,
            ..Limits::default()
        };
        assert!(matches!(
            load_csv(SAMPLE, &few).report.file_error,
            Some(FileError::TooManyFeatures { .. })
        ));
        let empty = load_csv("\n\n", &Limits::default());
        assert!(matches!(
            empty.report.file_error,
            Some(FileError::MalformedCsv { .. })
        ));
    }

    #[test]
    fn a_short_or_long_row_is_kept_and_reported() {
        let out = load_csv(
            "id,kind,name_zh,name_en,lng,lat,position_accuracy\nx,project,甲,A,125.2,43.8,exact,extra\n",
            &Limits::default(),
        );
        assert_eq!(out.features.len(), 1);
        assert_eq!(out.report.issues.len(), 1);
        assert_eq!(out.report.issues[0].problem.code(), "csv_cell_count");
        assert_eq!(out.report.issues[0].id.as_deref(), Some("x"));
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("甲".to_string()),
            Just(" padded ".to_string()),
            Just("<b>x</b>".to_string()),
            Just("12".to_string()),
            Just("-3".to_string()),
            Just("NaN".to_string()),
            Just("1e3".to_string()),
            Just("project".to_string()),
            Just("swap_station".to_string()),
            Just("zone".to_string()),
            Just("exact".to_string()),
            Just("approx_20m".to_string()),
            Just("operating".to_string()),
            Just("https://example.org/x".to_string()),
            Just("javascript:x".to_string()),
            Just("125.2".to_string()),
            Just("43.8".to_string()),
            Just("bad id".to_string()),
            Just("[]".to_string()),
        ]
    }

    proptest! {
        /// The CSV fast path is only a shortcut: when it takes a row, the
        /// full path (the row as a GeoJSON feature through every check) keeps
        /// the same feature and has nothing to say.
        #[test]
        fn the_csv_fast_path_agrees_with_the_full_one(
            cells in ["r1", "project", "甲", "A", "125.2", "43.8", "", "12", "exact", "", "note", ""]
                .map(|valid| prop_oneof![4 => Just(valid.to_string()), 1 => cell()]),
            short_texts in any::<bool>(),
        ) {
            let cells = cells.to_vec();
            let header: Vec<String> = ["id", "kind", "name_zh", "name_en", "lng", "lat", "status",
                "investment_yuan", "position_accuracy", "source_url", "note_en", "milestones"]
                .iter().map(|s| s.to_string()).collect();
            let mut row = cells;
            row[0] = if row[0].is_empty() { "r1".into() } else { row[0].clone() };
            let limits = Limits { max_text_chars: if short_texts { 3 } else { 4_000 }, ..Limits::default() };
            let fast = clean_csv_point(&header, &row, 4, 5, &limits);
            if row.iter().zip(["r1", "project", "甲", "A", "125.2", "43.8", "", "12", "exact", "", "note", ""]).all(|(c, v)| c == v) && !short_texts {
                prop_assert!(fast.is_some(), "a clean row must take the fast path");
            }
            if let Some(fast) = fast {
                let mut loader = CsvLoader::new(limits.clone());
                loader.header = Some(header.clone());
                loader.lng_col = 4;
                loader.lat_col = 5;
                let feature = loader.row_feature(&header, &row);
                loader.sink.add(&feature);
                let full = loader.sink.finish();
                prop_assert!(full.report.is_clean(), "{row:?}: {:?}", full.report.issues);
                prop_assert_eq!(full.features, vec![fast]);
            }
        }

        /// Any split of the bytes gives the same result as the whole text.
        #[test]
        fn pieces_do_not_matter(cut in proptest::collection::vec(0usize..SAMPLE.len(), 0..6)) {
            let whole = load_csv(SAMPLE, &Limits::default());
            let mut cuts = cut;
            cuts.push(SAMPLE.len());
            cuts.sort_unstable();
            let mut loader = CsvLoader::new(Limits::default());
            let mut from = 0;
            for to in cuts {
                loader.push(&SAMPLE.as_bytes()[from..to]);
                from = to;
            }
            let pieces = loader.finish();
            prop_assert_eq!(pieces.features, whole.features);
            prop_assert_eq!(pieces.report, whole.report);
        }

        /// Any bytes: an outcome, never a panic.
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut loader = CsvLoader::new(Limits::default());
            loader.push(&bytes);
            let _ = loader.finish();
        }
    }
}

//! The fast path of the loader for the common case of a big file: a clean
//! point feature, read straight from its bytes into typed fields borrowed from
//! the input, without building a `serde_json::Value` tree first.
//!
//! It is only a shortcut. It accepts a feature only when the full converter
//! (`convert::convert_feature`) would keep it **with no problem at all** and
//! build the same [`Feature`]; anything else (an escaped string, an unknown or
//! repeated property, a blank name, markup, a polygon, a bad number, …) returns
//! `None` and the entry takes the full path, which reports the problems. The
//! property test in this file and the loader equivalence tests in `stream.rs`
//! hold it to that.
//!
//! Measured natively on 100,000 points: the `Value` tree and its ~25
//! allocations per feature were 3/4 of the loading time.

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::problem::Limits;
use super::rules::{is_http_url, is_valid_id, looks_like_markup};
use crate::core::coord::LngLat;
use crate::core::model::{
    Category, Feature, FeatureKind, Figures, Geometry, PositionAccuracy, Status,
};

#[derive(Deserialize)]
struct WireFeature<'a> {
    #[serde(rename = "type", borrow)]
    type_: &'a str,
    #[serde(borrow)]
    id: Option<WireId<'a>>,
    #[serde(borrow)]
    geometry: Option<WirePoint<'a>>,
    #[serde(borrow)]
    properties: Option<WireProps<'a>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WireId<'a> {
    Text(&'a str),
    Number(serde_json::Number),
}

#[derive(Deserialize)]
struct WirePoint<'a> {
    #[serde(rename = "type", borrow)]
    type_: &'a str,
    coordinates: Vec<f64>,
}

/// Every property the converter knows; any other name sends the feature down
/// the full path (which counts unknown properties for the report).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WireProps<'a> {
    #[serde(borrow)]
    kind: Option<&'a str>,
    #[serde(borrow)]
    name_zh: Option<&'a str>,
    #[serde(borrow)]
    name_en: Option<&'a str>,
    #[serde(borrow)]
    category: Option<&'a str>,
    #[serde(borrow)]
    status: Option<&'a str>,
    investment_yuan: Option<f64>,
    land_area_m2: Option<f64>,
    building_area_m2: Option<f64>,
    capacity_vehicles_per_year: Option<f64>,
    milestones: Option<IgnoredAny>,
    #[serde(borrow)]
    source: Option<&'a str>,
    #[serde(borrow)]
    source_url: Option<&'a str>,
    #[serde(borrow)]
    position_accuracy: Option<&'a str>,
    #[serde(borrow)]
    note_zh: Option<&'a str>,
    #[serde(borrow)]
    note_en: Option<&'a str>,
    /// Read by nobody, allowed anything (as in the full path).
    #[allow(dead_code)]
    adcode: Option<IgnoredAny>,
    /// The top-level id wins; this one is allowed anything.
    #[allow(dead_code)]
    id: Option<IgnoredAny>,
}

/// A text field as the full path keeps it: trimmed, blank as absent. `Err`
/// when the full path would report a problem (too long, markup).
fn text(value: Option<&str>, limits: &Limits) -> Result<Option<String>, ()> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > limits.max_text_chars || looks_like_markup(v) {
        return Err(());
    }
    Ok(Some(v.to_string()))
}

/// A figure as the full path keeps it; `Err` when it would report it.
fn figure(value: Option<f64>) -> Result<Option<f64>, ()> {
    match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(()),
        other => Ok(other),
    }
}

/// The feature in `bytes` when it is a point feature the full converter would
/// keep without any problem; `None` means "take the full path".
pub(crate) fn clean_point_feature(bytes: &[u8], limits: &Limits) -> Option<Feature> {
    let wire: WireFeature = serde_json::from_slice(bytes).ok()?;
    if wire.type_ != "Feature" {
        return None;
    }
    let id = match wire.id? {
        WireId::Text(s) => s.to_string(),
        WireId::Number(n) => n.to_string(),
    };
    let geometry = wire.geometry?;
    let [lng, lat] = match geometry.coordinates.as_slice() {
        [x, y] | [x, y, _] => [*x, *y],
        _ => return None,
    };
    if geometry.type_ != "Point" {
        return None;
    }
    clean_point(id, lng, lat, wire.properties?, limits)
}

/// A CSV row (cells by header name, the position's cells apart) as the
/// point feature the full path would keep without a problem, or `None`.
pub(crate) fn clean_csv_point(
    header: &[String],
    row: &[String],
    lng_col: usize,
    lat_col: usize,
    limits: &Limits,
) -> Option<Feature> {
    if row.len() != header.len() {
        return None; // reported by the full path's caller
    }
    let number = |cell: &str| -> Option<Option<f64>> {
        if cell.is_empty() {
            Some(None)
        } else {
            cell.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some)
        }
    };
    let mut p = WireProps::default();
    let mut id = None;
    for (i, (name, cell)) in header.iter().zip(row).enumerate() {
        let cell = cell.as_str();
        if i == lng_col || i == lat_col || cell.is_empty() {
            continue;
        }
        let text = Some(cell);
        match name.as_str() {
            "id" => id = Some(cell),
            "kind" => p.kind = text,
            "name_zh" => p.name_zh = text,
            "name_en" => p.name_en = text,
            "category" => p.category = text,
            "status" => p.status = text,
            "source" => p.source = text,
            "source_url" => p.source_url = text,
            "position_accuracy" => p.position_accuracy = text,
            "note_zh" => p.note_zh = text,
            "note_en" => p.note_en = text,
            "adcode" => p.adcode = Some(IgnoredAny),
            "investment_yuan" => p.investment_yuan = number(cell)?,
            "land_area_m2" => p.land_area_m2 = number(cell)?,
            "building_area_m2" => p.building_area_m2 = number(cell)?,
            "capacity_vehicles_per_year" => p.capacity_vehicles_per_year = number(cell)?,
            // Milestones, unknown or unnamed columns: the full path reads or counts them.
            _ => return None,
        }
    }
    let lng = number(row.get(lng_col)?)??;
    let lat = number(row.get(lat_col)?)??;
    clean_point(id?.to_string(), lng, lat, p, limits)
}

/// The checks both fast paths share: everything the full converter would
/// remark on sends the feature back to it.
fn clean_point(id: String, lng: f64, lat: f64, p: WireProps, limits: &Limits) -> Option<Feature> {
    if !is_valid_id(&id)
        || limits.max_vertices_per_geometry == 0
        || !(-180.0..=180.0).contains(&lng)
        || !(-90.0..=90.0).contains(&lat)
        || p.milestones.is_some()
    {
        return None;
    }
    let kind = FeatureKind::parse(&text(p.kind, limits).ok()??)?;
    let geometry = Geometry::Point(LngLat::lon_lat(lng, lat));
    if !kind.allows(&geometry) {
        return None;
    }
    let name_zh = text(p.name_zh, limits).ok()??;
    let name_en = text(p.name_en, limits).ok()??;
    let status = match text(p.status, limits).ok()? {
        None => Status::Unknown,
        Some(s) => Status::parse(&s)?,
    };
    let position_accuracy = PositionAccuracy::parse(&text(p.position_accuracy, limits).ok()??)?;
    let source_url = match p.source_url.map(str::trim).filter(|u| !u.is_empty()) {
        None => None,
        Some(u) if u.chars().count() <= limits.max_text_chars && is_http_url(u) => {
            Some(u.to_string())
        }
        Some(_) => return None,
    };
    Some(Feature {
        id,
        kind,
        name_zh,
        name_en,
        category: text(p.category, limits).ok()?.map(|c| Category::parse(&c)),
        status,
        geometry,
        figures: Figures {
            investment_yuan: figure(p.investment_yuan).ok()?,
            land_area_m2: figure(p.land_area_m2).ok()?,
            building_area_m2: figure(p.building_area_m2).ok()?,
            capacity_vehicles_per_year: figure(p.capacity_vehicles_per_year).ok()?,
        },
        milestones: Vec::new(),
        source: text(p.source, limits).ok()?.unwrap_or_default(),
        source_url,
        position_accuracy,
        note_zh: text(p.note_zh, limits).ok()?,
        note_en: text(p.note_en, limits).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_geojson;
    use proptest::prelude::*;

    fn full_path(feature_json: &str, limits: &Limits) -> crate::data::LoadOutcome {
        load_geojson(
            &format!(r#"{{"type":"FeatureCollection","features":[{feature_json}]}}"#),
            limits,
        )
    }

    const CLEAN: &str = r#"{"type":"Feature","id":"p1","geometry":{"type":"Point","coordinates":[125.2,43.85]},
        "properties":{"kind":"project","name_zh":"测试点","name_en":"Test point","position_accuracy":"approx_50m",
        "investment_yuan":1200000,"category":"battery","status":"operating","source":"registry",
        "source_url":"https://example.org/a","note_zh":"注","note_en":"note","adcode":220100,"milestones":null}}"#;

    #[test]
    fn a_clean_point_takes_the_fast_path_and_equals_the_full_one() {
        let limits = Limits::default();
        let fast = clean_point_feature(CLEAN.as_bytes(), &limits).expect("clean");
        let full = full_path(CLEAN, &limits);
        assert!(full.report.is_clean() && full.report.unknown_properties.is_empty());
        assert_eq!(full.features, vec![fast]);
    }

    #[test]
    fn anything_the_full_path_would_remark_on_goes_there() {
        let limits = Limits::default();
        for (from, to) in [
            (r#""name_en":"Test point""#, r#""name_en":"  ""#),
            (r#""name_en":"Test point""#, r#""name_en":"<b>x</b>""#),
            (r#""name_en":"Test point""#, r#""name_en":"Test \"point\"""#),
            (r#""adcode":220100"#, r#""extra":1"#),
            (r#""status":"operating""#, r#""status":"soon""#),
            (r#""investment_yuan":1200000"#, r#""investment_yuan":-1"#),
            (
                r#""investment_yuan":1200000"#,
                r#""investment_yuan":"1.2亿""#,
            ),
            (r#""milestones":null"#, r#""milestones":[]"#),
            (r#"[125.2,43.85]"#, r#"[43.85,125.2]"#),
            (r#""id":"p1""#, r#""id":"p 1""#),
            (r#""id":"p1""#, r#""id":null"#),
            (
                r#""source_url":"https://example.org/a""#,
                r#""source_url":"javascript:alert(1)""#,
            ),
            (r#""kind":"project""#, r#""kind":"zone""#),
            (
                r#""kind":"project","#,
                r#""kind":"project","kind":"project","#,
            ),
        ] {
            let json = CLEAN.replace(from, to);
            assert_ne!(json, CLEAN, "{to}");
            assert!(
                clean_point_feature(json.as_bytes(), &limits).is_none(),
                "{to}"
            );
        }
    }

    fn text_value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(r#""Name""#.to_string()),
            Just(r#""名称""#.to_string()),
            Just(r#""  padded  ""#.to_string()),
            Just(r#""""#.to_string()),
            Just(r#"" ""#.to_string()),
            Just(r#""a\nb""#.to_string()),
            Just(r#""<img onerror=x>""#.to_string()),
            Just(r#""javascript:go""#.to_string()),
            Just("null".to_string()),
            Just("12".to_string()),
            Just(format!(r#""{}""#, "长".repeat(12))),
        ]
    }

    fn number_value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("0".to_string()),
            Just("-0.0".to_string()),
            Just("1e6".to_string()),
            Just("-5".to_string()),
            Just("null".to_string()),
            Just(r#""7""#.to_string()),
            Just("18446744073709551615".to_string()),
        ]
    }

    fn feature_json() -> impl Strategy<Value = String> {
        let id = prop_oneof![
            Just(r#""id":"a-1","#.to_string()),
            Just(r#""id":42,"#.to_string()),
            Just(r#""id":4.5,"#.to_string()),
            Just(String::new()),
            Just(r#""id":"bad id","#.to_string()),
        ];
        let coords = prop_oneof![
            Just("[125.2,43.85]"),
            Just("[125.2,43.85,10]"),
            Just("[43.85,125.2]"),
            Just("[200,43]"),
            Just("[125.2]"),
            Just(r#"[125.2,43.85,"x"]"#),
        ];
        let kind = prop_oneof![
            Just(r#""project""#),
            Just(r#""swap_station""#),
            Just(r#""park""#),
            Just(r#""zone""#),
            Just(r#""castle""#)
        ];
        let accuracy = prop_oneof![
            Just(r#""exact""#),
            Just(r#""approx_50m""#),
            Just(r#""schematic""#),
            Just(r#""roughly""#),
            Just("null")
        ];
        let status = prop_oneof![
            Just(r#""planned""#),
            Just(r#""under_construction""#),
            Just("null"),
            Just(r#""done""#)
        ];
        let extra = prop_oneof![
            Just(""),
            Just(r#","adcode":"220100""#),
            Just(r#","colour":"red""#),
            Just(r#","milestones":[{"date":"2023-05","event_zh":"开工","event_en":"Start"}]"#),
            Just(r#","source_url":"http://example.org/x""#),
            Just(r#","source_url":"ftp://x""#),
        ];
        (
            id,
            coords,
            kind,
            (text_value(), text_value(), text_value(), text_value()),
            accuracy,
            status,
            number_value(),
            extra,
        )
            .prop_map(
                |(id, coords, kind, (zh, en, cat, note), accuracy, status, invest, extra)| {
                    format!(
                        r#"{{"type":"Feature",{id}"geometry":{{"type":"Point","coordinates":{coords}}},"properties":{{"kind":{kind},"name_zh":{zh},"name_en":{en},"category":{cat},"note_zh":{note},"position_accuracy":{accuracy},"status":{status},"investment_yuan":{invest}{extra}}}}}"#
                    )
                },
            )
    }

    proptest! {
        /// The fast path never disagrees with the full converter: when it
        /// takes a feature, the full path keeps the same feature and has
        /// nothing to say.
        #[test]
        fn the_fast_path_is_only_ever_a_shortcut(json in feature_json(), short_texts in any::<bool>()) {
            let limits = Limits { max_text_chars: if short_texts { 10 } else { 4_000 }, ..Limits::default() };
            if let Some(fast) = clean_point_feature(json.as_bytes(), &limits) {
                let full = full_path(&json, &limits);
                prop_assert!(full.report.is_clean(), "{json}: {:?}", full.report.issues);
                prop_assert!(full.report.unknown_properties.is_empty(), "{json}");
                prop_assert_eq!(full.features, vec![fast]);
            }
        }
    }
}

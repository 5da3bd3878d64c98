//! Every hostile fixture in tests/fixtures/ yields its named problems, keeps the
//! good features and never panics.

use qikai_map::data::{load_geojson, FileError, Limits, LoadOutcome};

fn load(name: &str) -> LoadOutcome {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    load_geojson(&text, &Limits::default())
}

/// (id or `#index`, problem code) for every issue, in file order.
fn issues(out: &LoadOutcome) -> Vec<(String, &'static str)> {
    out.report
        .issues
        .iter()
        .map(|i| {
            let who = i.id.clone().unwrap_or_else(|| format!("#{}", i.index));
            (who, i.problem.code())
        })
        .collect()
}

fn pairs(expected: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    expected.iter().map(|(a, b)| (a.to_string(), *b)).collect()
}

fn loaded_ids(out: &LoadOutcome) -> Vec<&str> {
    out.features.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn malformed_json_is_a_file_error_with_its_position() {
    for name in [
        "malformed.json",
        "nan_literal.geojson",
        "huge_number.geojson",
        "deep_nesting.json",
    ] {
        let out = load(name);
        assert!(
            matches!(out.report.file_error, Some(FileError::MalformedJson { line, .. }) if line >= 1),
            "{name}: {:?}",
            out.report.file_error
        );
        assert!(out.features.is_empty(), "{name}");
    }
}

#[test]
fn a_single_feature_is_not_a_collection() {
    let out = load("not_a_collection.geojson");
    assert_eq!(
        out.report.file_error,
        Some(FileError::NotAFeatureCollection {
            found: "type \"Feature\"".into()
        })
    );
}

#[test]
fn wrong_geometry_types_are_named() {
    let out = load("wrong_geometry_types.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("line", "unsupported_geometry"),
            ("station-polygon", "geometry_not_allowed"),
            ("zone-point", "geometry_not_allowed"),
            ("no-geometry", "missing_geometry"),
            ("geometry-string", "missing_geometry"),
        ])
    );
    assert_eq!(loaded_ids(&out), ["good-1"]);
}

#[test]
fn nan_and_infinity_given_as_text_are_not_numbers() {
    let out = load("nan_and_infinite_as_strings.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("nan", "coordinate_not_a_number"),
            ("inf", "coordinate_not_a_number"),
            ("short", "coordinate_not_a_number"),
        ])
    );
    assert_eq!(loaded_ids(&out), ["good-1"]);
}

#[test]
fn swapped_and_out_of_range_positions_are_told_apart() {
    let out = load("swapped_and_out_of_range.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("swapped", "swapped_lon_lat"),
            ("lon-out", "longitude_out_of_range"),
            ("lat-out", "latitude_out_of_range"),
            ("ring-swapped", "swapped_lon_lat"),
        ])
    );
    assert_eq!(loaded_ids(&out), ["good-1"]);
}

#[test]
fn duplicate_ids_keep_the_first_feature() {
    let out = load("duplicate_ids.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[("dup", "duplicate_id"), ("good-1", "duplicate_id")])
    );
    assert_eq!(loaded_ids(&out), ["good-1", "dup"]);
    assert_eq!(
        out.features[1].geometry.bounds().map(|b| b.min.lng),
        Some(125.1)
    );
}

#[test]
fn missing_names_skip_only_when_both_are_missing() {
    let out = load("missing_names.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("no-names", "missing_name"),
            ("only-zh", "missing_translation"),
            ("blank-en", "missing_translation"),
            ("number-name", "text_not_a_string"),
            ("number-name", "missing_translation"),
        ])
    );
    assert_eq!(
        loaded_ids(&out),
        ["good-1", "only-zh", "blank-en", "number-name"]
    );
    let only_zh = &out.features[1];
    assert_eq!(only_zh.name_en, only_zh.name_zh, "the other name stands in");
}

#[test]
fn script_in_text_is_kept_as_plain_text_and_script_urls_are_dropped() {
    let out = load("script_in_text.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("xss-name", "markup_in_text"),
            ("xss-name", "markup_in_text"),
            ("xss-name", "markup_in_text"),
            ("xss-name", "unsafe_url"),
            ("xss-url-only", "unsafe_url"),
        ])
    );
    let f = &out.features[1];
    assert_eq!(
        f.name_zh, "<script>window.__xss=1</script>",
        "text is kept verbatim"
    );
    assert_eq!(f.source_url, None);
    assert_eq!(out.features[2].source_url, None);
}

#[test]
fn unknown_fields_are_counted_and_bad_values_dropped_not_fatal() {
    let out = load("unknown_fields_and_bad_values.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("extra", "unknown_status"),
            ("extra", "invalid_figure"),
            ("extra", "invalid_figure"),
            ("extra", "invalid_milestone"),
        ])
    );
    let f = &out.features[1];
    assert_eq!(f.milestones.len(), 1, "the good milestone is kept");
    assert_eq!(f.figures.investment_yuan, None);
    let unknown: Vec<_> = out
        .report
        .unknown_properties
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(unknown, ["colour", "owner"]);
}

#[test]
fn ids_kinds_and_accuracy_are_checked() {
    let out = load("bad_ids_kinds_accuracy.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("#1", "invalid_id"),
            ("#2", "missing_field"),
            ("#3", "wrong_type"),
            ("kind-castle", "unknown_kind"),
            ("acc-bad", "invalid_accuracy"),
            ("acc-missing", "missing_accuracy"),
        ])
    );
    assert_eq!(loaded_ids(&out), ["good-1", "acc-missing"]);
}

#[test]
fn ring_rules_are_enforced_and_multipolygons_load() {
    let out = load("rings.geojson");
    assert_eq!(
        issues(&out),
        pairs(&[
            ("open-ring", "ring_not_closed"),
            ("short-ring", "ring_too_short"),
            ("empty-polygon", "ring_too_short"),
        ])
    );
    assert_eq!(loaded_ids(&out), ["good-1", "multi-ok"]);
}

#[test]
fn entries_that_are_not_features_are_each_reported() {
    let out = load("not_features.geojson");
    let codes: Vec<_> = issues(&out).into_iter().map(|(_, c)| c).collect();
    assert_eq!(codes, ["not_a_feature"; 5]);
    assert_eq!(out.report.total, 6);
    assert_eq!(out.report.loaded, 1);
}

#[test]
fn limits_refuse_oversized_input_by_name() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/rings.geojson",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let few = Limits {
        max_features: 2,
        ..Limits::default()
    };
    assert!(matches!(
        load_geojson(&text, &few).report.file_error,
        Some(FileError::TooManyFeatures { count: 5, limit: 2 })
    ));
    let tiny = Limits {
        max_vertices_per_geometry: 3,
        ..Limits::default()
    };
    let out = load_geojson(&text, &tiny);
    assert!(out
        .report
        .issues
        .iter()
        .any(|i| i.problem.code() == "too_many_vertices"));
}

//! Every hostile fixture in tests/fixtures/ yields its named problems, keeps the
//! good features and never panics. Files are loaded from their bytes, as the
//! browser's fetch hands them over (`load_bytes`: encoding, format, then the
//! checks); a UTF-8 GeoJSON file must give the same through the string path.

use qikai_map::data::{
    load_bytes, load_geojson, FileError, Limits, LoadOutcome, Problem, TextEncoding,
};
use qikai_map::i18n::problems::{describe, describe_file_error};
use qikai_map::i18n::Lang;

fn bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load_with(name: &str, limits: &Limits) -> LoadOutcome {
    let raw = bytes(name);
    let out = load_bytes(&raw, limits);
    if let (Ok(text), false) = (std::str::from_utf8(&raw), name.ends_with(".csv")) {
        let whole = load_geojson(text, limits);
        assert_eq!(out.features, whole.features, "{name}: string path");
        assert_eq!(
            out.report.issues, whole.report.issues,
            "{name}: string path"
        );
    }
    out
}

fn load(name: &str) -> LoadOutcome {
    load_with(name, &Limits::default())
}

/// The file error in English and in Chinese.
fn file_error_text(out: &LoadOutcome) -> (String, String) {
    let e = out.report.file_error.as_ref().expect("a file error");
    (
        describe_file_error(Lang::En, e),
        describe_file_error(Lang::Zh, e),
    )
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

#[test]
fn a_utf8_byte_order_mark_before_geojson_is_accepted() {
    let out = load("bom_before_geojson.geojson");
    assert!(out.report.is_clean(), "{:?}", out.report);
    assert_eq!(loaded_ids(&out), ["bom-1", "bom-2"]);
}

#[test]
fn utf16_and_gbk_are_refused_naming_the_encoding_and_the_way_out() {
    for (name, encoding) in [
        ("utf16le_bom.geojson", TextEncoding::Utf16Le),
        ("utf16be_no_bom.csv", TextEncoding::Utf16Be),
        ("gbk.csv", TextEncoding::LikelyGbk { line: 2 }),
    ] {
        let out = load(name);
        assert_eq!(
            out.report.file_error,
            Some(FileError::NotUtf8 { encoding }),
            "{name}"
        );
        assert!(out.features.is_empty());
    }
    let (en, zh) = file_error_text(&load("utf16le_bom.geojson"));
    assert_eq!(
        en,
        "the file is not UTF-8 text: it is UTF-16 (little-endian); save it as UTF-8 \
         (in Excel: \"CSV UTF-8\"; in an editor: Save as… with the encoding UTF-8) and load it again"
    );
    assert!(
        zh.contains("不是 UTF-8") && zh.contains("UTF-16（小端）") && zh.contains("另存为 UTF-8"),
        "{zh}"
    );
    let (en, zh) = file_error_text(&load("gbk.csv"));
    assert!(en.contains("line 2") && en.contains("GBK"), "{en}");
    assert!(zh.contains("第 2 行") && zh.contains("GBK"), "{zh}");
}

#[test]
fn json_that_is_not_an_object_is_json_not_csv() {
    for (name, found) in [
        ("json_null.json", "null"),
        ("json_number.json", "a number"),
        ("json_string.json", "a string"),
        ("json_array.json", "an array"),
    ] {
        let out = load(name);
        assert_eq!(
            out.report.file_error,
            Some(FileError::NotAFeatureCollection {
                found: found.into()
            }),
            "{name}"
        );
        let (en, zh) = file_error_text(&out);
        assert_eq!(
            en,
            format!("expected a GeoJSON FeatureCollection, found {found}")
        );
        assert!(zh.starts_with("应为 GeoJSON FeatureCollection"), "{zh}");
    }
    // A CSV whose first header is quoted stays CSV.
    let out = load("quoted_header.csv");
    assert!(out.report.is_clean(), "{:?}", out.report);
    assert_eq!(out.features[0].name_zh, "项目, 一期");
}

#[test]
fn invalid_polygons_are_skipped_each_with_its_ring_named() {
    let out = load("invalid_polygons.geojson");
    let ring = |s: &str| s.to_string();
    assert_eq!(
        out.report
            .issues
            .iter()
            .map(|i| (i.id.clone().unwrap_or_default(), i.problem.clone()))
            .collect::<Vec<_>>(),
        [
            (
                "bow-tie".into(),
                Problem::SelfIntersectingRing {
                    path: ring("coordinates[0]")
                }
            ),
            (
                "spike".into(),
                Problem::SelfIntersectingRing {
                    path: ring("coordinates[0]")
                }
            ),
            (
                "hole-outside".into(),
                Problem::HoleOutsideShell {
                    path: ring("coordinates[1]"),
                    outer: ring("coordinates[0]")
                }
            ),
            (
                "hole-crossing".into(),
                Problem::RingsCross {
                    path: ring("coordinates[0]"),
                    other: ring("coordinates[1]")
                }
            ),
            (
                "holes-nested".into(),
                Problem::HolesNested {
                    path: ring("coordinates[2]"),
                    other: ring("coordinates[1]")
                }
            ),
            (
                "parts-overlap".into(),
                Problem::PolygonsOverlap {
                    path: ring("coordinates[1]"),
                    other: ring("coordinates[0]")
                }
            ),
        ]
    );
    assert_eq!(loaded_ids(&out), ["good-park", "island-in-lake"]);
    assert_eq!(out.report.skipped(), 6);
    let words: Vec<(String, String)> = out
        .report
        .issues
        .iter()
        .map(|i| {
            (
                describe(Lang::En, &i.problem),
                describe(Lang::Zh, &i.problem),
            )
        })
        .collect();
    assert_eq!(
        words[0].0,
        "ring at coordinates[0] crosses or touches itself"
    );
    assert_eq!(words[0].1, "coordinates[0] 处的环自相交或自相接");
    assert_eq!(
        words[2].0,
        "hole at coordinates[1] is not inside its outer ring coordinates[0]"
    );
    assert_eq!(
        words[3].0,
        "rings at coordinates[0] and coordinates[1] cross or overlap"
    );
    assert_eq!(
        words[4].0,
        "hole at coordinates[2] lies inside hole coordinates[1]"
    );
    assert_eq!(
        words[5].0,
        "polygon at coordinates[1] lies inside polygon coordinates[0]"
    );
    for (en, zh) in &words {
        assert_ne!(en, zh);
        assert!(zh.contains("coordinates["), "{zh}");
    }
}

#[test]
fn a_parse_error_has_one_true_position() {
    let out = load("parse_error_position.geojson");
    assert_eq!(
        out.report.file_error,
        Some(FileError::MalformedJson {
            line: 3,
            column: 70,
            message: "expected `,` or `}`".into()
        })
    );
    let (en, zh) = file_error_text(&out);
    assert_eq!(
        en,
        "not valid JSON (line 3, column 70): expected `,` or `}`"
    );
    assert_eq!(
        zh,
        "不是有效的 JSON（第 3 行第 70 列）：此处应为 `,` 或 `}`"
    );
    // Streamed a byte at a time, the same single position.
    let raw = bytes("parse_error_position.geojson");
    let mut loader = qikai_map::data::AnyFormatLoader::new(Limits::default());
    for b in &raw {
        loader.push(std::slice::from_ref(b));
    }
    assert_eq!(loader.finish().report.file_error, out.report.file_error);
}

#[test]
fn a_geometry_over_the_vertex_limit_says_more_than_the_limit() {
    let limits = Limits {
        max_vertices_per_geometry: 250,
        ..Limits::default()
    };
    let out = load_with("too_many_vertices.geojson", &limits);
    assert_eq!(issues(&out), pairs(&[("round", "too_many_vertices")]));
    assert_eq!(loaded_ids(&out), ["small"]);
    let problem = &out.report.issues[0].problem;
    assert_eq!(
        describe(Lang::En, problem),
        "the geometry has more than 250 positions, the limit"
    );
    assert_eq!(describe(Lang::Zh, problem), "几何图形的点数超过上限 250");
    assert!(
        load("too_many_vertices.geojson").report.is_clean(),
        "301 positions are fine by default"
    );
}

#[test]
fn every_problem_of_a_skipped_feature_counts_it_skipped() {
    let out = load("skipped_with_warnings.geojson");
    let codes: Vec<_> = issues(&out);
    assert_eq!(
        codes,
        pairs(&[
            ("warned-and-skipped", "missing_translation"),
            ("warned-and-skipped", "unknown_kind"),
            ("warned-and-skipped", "unknown_status"),
            ("warned-and-skipped", "missing_accuracy"),
            ("warned-and-skipped", "invalid_figure"),
        ])
    );
    assert_eq!(loaded_ids(&out), ["kept-1"]);
    assert_eq!(out.report.skipped_indices(), [0].into_iter().collect());
}

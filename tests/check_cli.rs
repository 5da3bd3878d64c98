//! `qikai-map-check` run as a portal's pipeline runs it: exit statuses,
//! both languages, JSON, and hostile text printed as text. Its report must
//! be the widget's: the lines are compared with `i18n::report` on the same
//! bytes through the same loader.

use std::path::PathBuf;
use std::process::{Command, Output};

use qikai_map::data::{load_bytes, Limits};
use qikai_map::i18n::report::report_text;
use qikai_map::i18n::Lang;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The checker with no language in its environment unless `env` sets one.
fn check(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_qikai-map-check"));
    for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    cmd.envs(env.iter().copied()).args(args);
    cmd.output().expect("the checker runs")
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// A file of `text` in this test's scratch folder.
fn scratch(name: &str, text: &[u8]) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("scratch file");
    path.to_string_lossy().into_owned()
}

/// What the widget's data report says about a file, line by line.
fn widget_lines(path: &str, lang: Lang) -> Vec<String> {
    let bytes = std::fs::read(path).expect("readable");
    report_text(lang, &load_bytes(&bytes, &Limits::default()).report).lines()
}

#[test]
fn the_exit_status_says_clean_problems_or_refused() {
    for (name, expected) in [
        ("bom_before_geojson.geojson", 0),
        ("quoted_header.csv", 0),
        ("script_in_text.geojson", 1),
        ("invalid_polygons.geojson", 1),
        ("duplicate_ids.geojson", 1),
        ("utf16le_bom.geojson", 2),
        ("gbk.csv", 2),
        ("json_null.json", 2),
        ("parse_error_position.geojson", 2),
    ] {
        let out = check(&["--lang", "en", &fixture(name)], &[]);
        assert_eq!(status(&out), expected, "{name}: {}", stdout(&out));
    }
    let default_data = format!(
        "{}/public/data/qikai-map.geojson",
        env!("CARGO_MANIFEST_DIR")
    );
    assert_eq!(
        status(&check(&[&default_data], &[])),
        0,
        "the default data is clean"
    );
    // Every feature skipped: nothing to show, as refused as a broken file.
    let all_bad = scratch(
        "all_bad.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"a",
            "geometry":{"type":"Point","coordinates":[43.8,125.1]},
            "properties":{"kind":"park","name_zh":"园","name_en":"Park","position_accuracy":"exact"}}]}"#
            .as_bytes(),
    );
    let out = check(&["--lang", "en", &all_bad], &[]);
    assert_eq!(status(&out), 2);
    assert!(
        stdout(&out).contains("The data could not be loaded: none of its 1 features could be used"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_unreadable_file_or_a_wrong_command_line_is_status_2_on_stderr() {
    let out = check(&["--lang", "en", "/nonexistent/portal.geojson"], &[]);
    assert_eq!(status(&out), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("cannot read /nonexistent/portal.geojson: "),
        "{err}"
    );
    for args in [
        &["--lang", "fr", "x"][..],
        &["--max-vertices", "2", "x"],
        &[],
        &["--bogus", "x"],
    ] {
        let out = check(args, &[]);
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(stdout(&out).is_empty(), "{args:?}: usage goes to stderr");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("qikai-map-check"),
            "{args:?}"
        );
    }
    // Several files: the worst verdict.
    let out = check(
        &[
            &fixture("bom_before_geojson.geojson"),
            &fixture("script_in_text.geojson"),
        ],
        &[],
    );
    assert_eq!(status(&out), 1);
    let out = check(
        &[&fixture("script_in_text.geojson"), "/nonexistent/x.csv"],
        &[],
    );
    assert_eq!(status(&out), 2);
}

#[test]
fn the_report_is_the_widgets_in_either_language() {
    for name in [
        "invalid_polygons.geojson",
        "unknown_fields_and_bad_values.geojson",
        "bad_ids_kinds_accuracy.geojson",
        "gbk.csv",
    ] {
        let path = fixture(name);
        for (flag, lang) in [("en", Lang::En), ("zh", Lang::Zh)] {
            let out = stdout(&check(&["--lang", flag, &path], &[]));
            let lines: Vec<&str> = out.lines().collect();
            let expected = widget_lines(&path, lang);
            assert_eq!(lines[0], path);
            assert_eq!(lines[1..=expected.len()], expected[..], "{name} {flag}");
            assert_eq!(
                lines.len(),
                expected.len() + 2,
                "{name} {flag}: one verdict line"
            );
        }
    }
    let path = fixture("invalid_polygons.geojson");
    let en = stdout(&check(&["--lang", "en", &path], &[]));
    assert!(
        en.contains("Loaded 2 of 8 features, skipped 6, 0 warnings"),
        "{en}"
    );
    assert!(en.contains("- bow-tie — ring at coordinates[0] crosses or touches itself (skipped)"));
    let zh = stdout(&check(&["--lang", "zh", &path], &[]));
    assert!(
        zh.contains("已加载 2 / 8 个要素，跳过 6 个，警告 0 条"),
        "{zh}"
    );
    assert!(zh.contains("- bow-tie — coordinates[0] 处的环自相交或自相接 (已跳过)"));
}

#[test]
fn the_language_comes_from_the_environment_else_chinese() {
    let path = fixture("script_in_text.geojson");
    let first_lines = |env: &[(&str, &str)]| {
        stdout(&check(&[&path], env))
            .lines()
            .nth(1)
            .map(str::to_string)
    };
    assert_eq!(first_lines(&[]).as_deref(), Some("数据报告"));
    assert_eq!(
        first_lines(&[("LANG", "en_GB.UTF-8")]).as_deref(),
        Some("Data report")
    );
    assert_eq!(
        first_lines(&[("LANG", "C.UTF-8")]).as_deref(),
        Some("数据报告")
    );
    assert_eq!(
        first_lines(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")]).as_deref(),
        Some("数据报告"),
        "LC_ALL wins"
    );
    let out = stdout(&check(&["--lang", "zh", &path], &[("LANG", "en_US.UTF-8")]));
    assert_eq!(out.lines().nth(1), Some("数据报告"), "--lang wins");
}

#[test]
fn markup_is_printed_as_text_and_control_characters_cannot_forge_lines() {
    let path = scratch(
        "hostile_text.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"x\",\
         \"geometry\":{\"type\":\"Point\",\"coordinates\":[125.1,43.8]},\
         \"properties\":{\"kind\":\"<script>alert(1)</script>\\n- ok \\u001b[2J\",\
         \"name_zh\":\"<script>window.__xss=1</script>\",\"name_en\":\"N\",\"position_accuracy\":\"exact\"}}]}"
            .as_bytes(),
    );
    let out = check(&["--lang", "en", &path], &[]);
    assert_eq!(status(&out), 2, "the one feature is skipped");
    let text = stdout(&out);
    assert!(
        text.contains(
            "- x — unknown kind `<script>alert(1)</script>\\u{a}- ok \\u{1b}[2J` (skipped)"
        ),
        "{text}"
    );
    assert!(text.contains(
        "- x — `name_zh` contains markup or a script URL; it is shown as plain text (skipped)"
    ));
    assert!(
        !text.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    assert!(
        !text.lines().any(|l| l.starts_with("- ok")),
        "no forged line"
    );
    // JSON keeps the text exact (escaped by JSON itself).
    let json = stdout(&check(&["--json", "--lang", "en", &path], &[]));
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("one JSON object");
    let unknown_kind = v["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["code"] == "unknown_kind")
        .expect("an unknown kind");
    assert_eq!(
        unknown_kind["message"],
        "unknown kind `<script>alert(1)</script>\n- ok \u{1b}[2J`"
    );
}

#[test]
fn json_output_has_the_counts_codes_and_words() {
    let path = fixture("bad_ids_kinds_accuracy.geojson");
    let out = check(&["--json", "--lang", "zh", &path], &[]);
    assert_eq!(status(&out), 1);
    let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("JSON");
    let report = load_bytes(&std::fs::read(&path).expect("fixture"), &Limits::default()).report;
    assert_eq!(v["status"], "problems");
    assert_eq!(v["exit"], 1);
    assert_eq!(v["total"], report.total);
    assert_eq!(v["loaded"], report.loaded);
    let codes: Vec<&str> = v["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["code"].as_str().expect("code"))
        .collect();
    let expected: Vec<&str> = report.issues.iter().map(|i| i.problem.code()).collect();
    assert_eq!(codes, expected);
    assert_eq!(v["issues"][0]["severity"], "error");
    assert_eq!(v["issues"][0]["kept"], false);
    assert_eq!(v["issues"][0]["id"], serde_json::Value::Null);
    assert_eq!(v["lines"][0], "数据报告");
    let refused = stdout(&check(&["--json", &fixture("utf16le_bom.geojson")], &[]));
    let v: serde_json::Value = serde_json::from_str(refused.trim()).expect("JSON");
    assert_eq!(v["file_error"]["code"], "not_utf8");
    assert_eq!(v["status"], "refused");
    let missing = stdout(&check(&["--json", "/nonexistent/x.geojson"], &[]));
    let v: serde_json::Value = serde_json::from_str(missing.trim()).expect("JSON");
    assert_eq!(v["status"], "unreadable");
}

#[test]
fn limits_are_the_widgets_options() {
    // rings.geojson has 5 features: refused over a limit of 2, by name.
    let out = check(
        &[
            "--lang",
            "en",
            "--max-features",
            "2",
            &fixture("rings.geojson"),
        ],
        &[],
    );
    assert_eq!(status(&out), 2);
    assert!(
        stdout(&out).contains("5 features, over the limit of 2"),
        "{}",
        stdout(&out)
    );
    let out = check(
        &[
            "--lang",
            "en",
            "--max-vertices=250",
            &fixture("too_many_vertices.geojson"),
        ],
        &[],
    );
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).contains("the geometry has more than 250 positions, the limit"));
    assert_eq!(
        status(&check(&[&fixture("too_many_vertices.geojson")], &[])),
        0
    );
}

//! The data report in words, built once: the widget's data report panel
//! shows it and `qikai-map-check` prints it, so a portal team's pipeline and
//! the map say the same thing about a file.

use super::problems::{describe, describe_file_error};
use super::{fill, text, Lang, Msg};
use crate::data::{LoadReport, Severity};

/// Everything the data report says, in one language.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportText {
    /// The panel's title ("Data report").
    pub title: &'static str,
    /// Loaded, total, skipped and warnings in one sentence.
    pub summary: String,
    /// Why nothing could be loaded, when the file was refused as a whole.
    pub file_error: Option<String>,
    /// Said when nothing needs attention.
    pub clean: Option<&'static str>,
    /// One item per problem, in file order.
    pub items: Vec<ReportItem>,
    /// Property names the widget does not read, with their counts.
    pub unknown: Option<String>,
}

/// One problem of one feature.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportItem {
    /// The feature's id, else its number in the file ("feature #3").
    pub who: String,
    /// The problem in words.
    pub problem: String,
    /// The problem's stable machine name (`swapped_lon_lat`).
    pub code: &'static str,
    /// Whether this problem alone costs the feature.
    pub fatal: bool,
    /// Whether the feature was kept: a warning on a skipped feature did not
    /// keep it.
    pub kept: bool,
    /// "kept" or "skipped", in words.
    pub fate: &'static str,
}

impl ReportItem {
    /// The item as one line of text: `who — problem (fate)`.
    pub fn line(&self) -> String {
        format!("{} — {} ({})", self.who, self.problem, self.fate)
    }
}

impl ReportText {
    /// The report as lines of plain text, in the panel's order (the title
    /// first, items prefixed with "- ").
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.title.to_string(), self.summary.clone()];
        out.extend(self.file_error.clone());
        out.extend(self.clean.map(str::to_string));
        out.extend(self.items.iter().map(|i| format!("- {}", i.line())));
        out.extend(self.unknown.clone());
        out
    }
}

/// The data report of `report` in `lang`.
///
/// ```
/// use qikai_map::data::{load_bytes, Limits};
/// use qikai_map::i18n::{report::report_text, Lang};
/// let csv = "id,kind,name_zh,name_en,lng,lat,position_accuracy\na,project,甲,A,43.8,125.2,exact\n";
/// let report = load_bytes(csv.as_bytes(), &Limits::default()).report;
/// let en = report_text(Lang::En, &report);
/// assert_eq!(en.summary, "Loaded 0 of 1 features, skipped 1, 0 warnings");
/// assert!(en.items[0].line().starts_with("a — [43.8, 125.2] at coordinates looks like [latitude, longitude]"));
/// assert!(report_text(Lang::Zh, &report).items[0].line().ends_with("(已跳过)"));
/// ```
pub fn report_text(lang: Lang, report: &LoadReport) -> ReportText {
    let warnings = report.with_severity(Severity::Warning).count();
    let summary = fill(
        text(lang, Msg::DataReportSummary),
        &[
            ("loaded", report.loaded.to_string()),
            ("total", report.total.to_string()),
            ("skipped", report.skipped().to_string()),
            ("warnings", warnings.to_string()),
        ],
    );
    let skipped = report.skipped_indices();
    let items = report
        .issues
        .iter()
        .map(|issue| {
            let kept = !skipped.contains(&issue.index);
            ReportItem {
                who: issue.id.clone().unwrap_or_else(|| {
                    fill(
                        text(lang, Msg::FeatureNumber),
                        &[("n", (issue.index + 1).to_string())],
                    )
                }),
                problem: describe(lang, &issue.problem),
                code: issue.problem.code(),
                fatal: issue.problem.severity() == Severity::Error,
                kept,
                fate: text(lang, if kept { Msg::Kept } else { Msg::Skipped }),
            }
        })
        .collect();
    let unknown: Vec<String> = report
        .unknown_properties
        .iter()
        .map(|(k, n)| format!("{k} ×{n}"))
        .collect();
    ReportText {
        title: text(lang, Msg::DataReport),
        summary,
        file_error: report.file_error.as_ref().map(|e| {
            format!(
                "{}: {}",
                text(lang, Msg::LoadFailed),
                describe_file_error(lang, e)
            )
        }),
        clean: report.is_clean().then(|| text(lang, Msg::DataReportClean)),
        items,
        unknown: (!unknown.is_empty())
            .then(|| format!("{}: {}", text(lang, Msg::UnknownFields), unknown.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Limits};

    const TWO: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","id":"ok","geometry":{"type":"Point","coordinates":[125.1,43.8]},
       "properties":{"kind":"park","name_zh":"园","name_en":"Park","position_accuracy":"exact","colour":"red"}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[125.1,43.8]},
       "properties":{"kind":"castle","name_zh":"堡","status":"flying","position_accuracy":"exact"}}]}"#;

    #[test]
    fn items_name_the_feature_and_what_became_of_it_in_both_languages() {
        let report = load_geojson(TWO, &Limits::default()).report;
        let en = report_text(Lang::En, &report);
        assert_eq!(en.summary, "Loaded 1 of 2 features, skipped 1, 2 warnings");
        let lines: Vec<String> = en.items.iter().map(ReportItem::line).collect();
        assert_eq!(
            lines,
            [
                "feature #2 — required field `id` is missing (skipped)",
                "feature #2 — `name_en` is missing; the other language's name is shown instead (skipped)",
                "feature #2 — unknown kind `castle` (skipped)",
                "feature #2 — unknown status `flying`; shown as unknown (skipped)",
            ]
        );
        assert_eq!(en.unknown.as_deref(), Some("Fields not used: colour ×1"));
        assert_eq!(en.clean, None);
        let zh = report_text(Lang::Zh, &report);
        assert_eq!(zh.items[0].who, "第 2 个要素");
        assert!(
            zh.items[2].line().ends_with("(已跳过)"),
            "{:?}",
            zh.items[2]
        );
        assert_eq!(zh.title, "数据报告");
    }

    #[test]
    fn a_refused_file_says_so_and_a_clean_one_says_clean() {
        let refused = load_geojson("[]", &Limits::default()).report;
        let en = report_text(Lang::En, &refused);
        assert_eq!(
            en.file_error.as_deref(),
            Some("The data could not be loaded: expected a GeoJSON FeatureCollection, found an array")
        );
        assert_eq!(
            en.lines()[..3],
            [
                "Data report",
                "Loaded 0 of 0 features, skipped 0, 0 warnings",
                "The data could not be loaded: expected a GeoJSON FeatureCollection, found an array"
            ]
        );
        let clean = load_geojson(
            r#"{"type":"FeatureCollection","features":[]}"#,
            &Limits::default(),
        )
        .report;
        assert_eq!(
            report_text(Lang::Zh, &clean).clean,
            Some("数据完整，未发现问题")
        );
    }
}

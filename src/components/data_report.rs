//! The visible data report: what loaded, what was skipped and why.

use leptos::prelude::*;

use crate::data::Severity;
use crate::i18n::problems::{describe, describe_file_error};
use crate::i18n::{fill, text, Msg};
use crate::state::AppState;

/// The data report panel.
#[component]
pub fn DataReport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = state.data.report.get_value();
    view! {
        <Show when=move || state.ui.report_open.get()>
            <section class="qk-report qk-panel" data-qk-dock="bottom" aria-labelledby=state.ui.id("report-title")>
                {
                    let report = report.clone();
                    move || {
                        let lang = state.ui.lang.get();
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
                        let unknown: Vec<String> = report
                            .unknown_properties
                            .iter()
                            .map(|(k, n)| format!("{k} ×{n}"))
                            .collect();
                        view! {
                            <header class="qk-details-head">
                                <h2 id=state.ui.id("report-title") class="qk-panel-title">{text(lang, Msg::DataReport)}</h2>
                                <button type="button" class="qk-btn qk-close" aria-label=text(lang, Msg::Close)
                                    on:click=move |_| state.ui.close_report()>
                                    <span aria-hidden="true">"×"</span>
                                </button>
                            </header>
                            <p class="qk-report-summary">{summary}</p>
                            {report.file_error.as_ref().map(|e| view! {
                                <p class="qk-report-error" data-code="file">{text(lang, Msg::LoadFailed)} ": " {describe_file_error(lang, e)}</p>
                            })}
                            {report.is_clean().then(|| view! { <p>{text(lang, Msg::DataReportClean)}</p> })}
                            <ul class="qk-report-list">
                                {
                                let skipped = report.skipped_indices();
                                report.issues.iter().map(|issue| {
                                    let who = issue.id.clone().unwrap_or_else(|| fill(text(lang, Msg::FeatureNumber), &[("n", (issue.index + 1).to_string())]));
                                    let fatal = issue.problem.severity() == Severity::Error;
                                    // What became of the feature, not of this one problem:
                                    // a warning on a skipped feature did not keep it.
                                    let kept = !skipped.contains(&issue.index);
                                    view! {
                                        <li class="qk-report-item" class:qk-fatal=fatal data-code=issue.problem.code()>
                                            <strong>{who}</strong>
                                            " — "
                                            {describe(lang, &issue.problem)}
                                            " ("
                                            {text(lang, if kept { Msg::Kept } else { Msg::Skipped })}
                                            ")"
                                        </li>
                                    }
                                }).collect_view()
                                }
                            </ul>
                            {(!unknown.is_empty()).then(|| view! {
                                <p class="qk-report-unknown">{text(lang, Msg::UnknownFields)} ": " {unknown.join(", ")}</p>
                            })}
                        }
                    }
                }
            </section>
        </Show>
    }
}

//! The visible data report: what loaded, what was skipped and why, in the
//! words `i18n::report` builds (which `qikai-map-check` prints too).

use leptos::prelude::*;

use super::lazy::split_point;
use crate::i18n::report::report_text;
use crate::i18n::{fill, text, Lang, Msg};
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
                        let t = report_text(lang, &report);
                        view! {
                            <header class="qk-details-head">
                                <h2 id=state.ui.id("report-title") class="qk-panel-title">{text(lang, Msg::DataReport)}</h2>
                                <button type="button" class="qk-btn qk-close" aria-label=text(lang, Msg::Close)
                                    on:click=move |_| state.ui.close_report()>
                                    <span aria-hidden="true">"×"</span>
                                </button>
                            </header>
                            <p class="qk-report-summary">{t.summary}</p>
                            {t.file_error.map(|e| view! { <p class="qk-report-error" data-code="file">{e}</p> })}
                            {t.clean.map(|c| view! { <p>{c}</p> })}
                            <ul class="qk-report-list">
                                {t.items.into_iter().map(|item| view! {
                                    // What became of the feature, not of this one problem:
                                    // a warning on a skipped feature did not keep it.
                                    <li class="qk-report-item" class:qk-report-fatal=item.fatal data-code=item.code>
                                        <strong>{item.who}</strong>
                                        " — "
                                        {item.problem}
                                        " ("
                                        {item.fate}
                                        ")"
                                    </li>
                                }).collect_view()}
                            </ul>
                            {t.unknown.map(|u| view! { <p class="qk-report-unknown">{u}</p> })}
                            <TilesReport lang=lang />
                        }
                    }
                }
            </section>
        </Show>
    }
}

fn render() -> AnyView {
    view! { <DataReport /> }.into_any()
}

// The data report is its own wasm chunk (issue 16): opened by a click, and
// its words for every loader problem are not needed before.
split_point!(pub fn report_chunk => report, render);

/// The "Tiles / 瓦片" section: the source, tiles loaded, requests, bytes and
/// what went wrong (nothing without `tiles=`).
#[component]
fn TilesReport(lang: Lang) -> impl IntoView {
    let state = expect_context::<AppState>();
    let source = state.tiles.source?.get_value();
    Some(move || {
        let s = state.tiles.stats.get();
        let counts = fill(
            text(lang, Msg::TilesCounts),
            &[
                ("loaded", s.loaded.to_string()),
                ("zoom", s.zoom.map_or("–".into(), |z| z.to_string())),
                ("requests", s.requests.to_string()),
                ("aborted", s.aborted.to_string()),
                ("bytes", byte_size(s.bytes)),
            ],
        );
        let source_failed = s.source_failure().is_some();
        let bad = s.failed > 0 || s.skipped_features > 0;
        view! {
            <section class="qk-report-tiles" data-qk="tiles-report">
                <h3 class="qk-panel-subtitle">{text(lang, Msg::TilesTitle)}</h3>
                <p class="qk-report-source">{fill(text(lang, Msg::TilesSource), &[("source", source.as_str().to_string())])}</p>
                {if source_failed {
                    view! { <p class="qk-report-error" data-code="tiles-source">{text(lang, Msg::TilesSourceError)}</p> }.into_any()
                } else if !s.ready {
                    view! { <p>{text(lang, Msg::TilesOpening)}</p> }.into_any()
                } else {
                    view! { <p class="qk-report-tiles-counts">{counts}</p> }.into_any()
                }}
                {if bad {
                    view! {
                        <p class="qk-report-tiles-problems">{fill(text(lang, Msg::TilesProblems), &[
                            ("failed", s.failed.to_string()),
                            ("skipped", s.skipped_features.to_string()),
                        ])}</p>
                    }.into_any()
                } else if s.ready && !source_failed {
                    view! { <p>{text(lang, Msg::TilesClean)}</p> }.into_any()
                } else {
                    ().into_any()
                }}
                <ul class="qk-report-list">
                    {s.problems.iter().map(|p| view! {
                        <li class="qk-report-item qk-report-fatal" data-code="tile">
                            <strong>{p.tile.map_or_else(|| source.as_str().to_string(), |t| t.to_string())}</strong>
                            " — "
                            {p.detail.clone()}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// Bytes as B, KB or MB (the same in both languages).
fn byte_size(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} KB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

//! Results of the analysis tools: the measuring readout, the nearest stations
//! to a probe point, and coverage of the zone.

use leptos::prelude::*;

use super::lazy::split_point;

use super::feature_list::LIST_LIMIT;
use super::feature_name;
use super::illustrative::IllustrativeMark;
use crate::core::coverage::coverage_share;
use crate::core::model::{FeatureKind, Geometry};
use crate::core::stations::anchor_point;
use crate::i18n::{fill, format, kind_singular, percent, text, Lang, Msg};
use crate::state::{AppState, Tool};

/// Grid cells across the zone for the coverage estimate (≈ 200 × 200).
const COVERAGE_CELLS_ACROSS: usize = 200;

/// Whether the analysis panel shows: measuring, a measurement, a probe or coverage.
pub fn analysis_open(state: AppState) -> bool {
    matches!(state.tools.tool.get(), Tool::Measure(_))
        || state.tools.sketch.with(|s| !s.vertices().is_empty())
        || state.selection.probe.with(Option::is_some)
        || state.tools.coverage_radius_m.with(Option::is_some)
}

/// The analysis results panel; empty (and absent) when no tool is in use.
#[component]
pub fn AnalysisPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let nearest = state.derived.nearest;

    // Coverage is computed once per radius (not per frame).
    let coverage = Memo::new(move |_| {
        let r = state.tools.coverage_radius_m.get()?;
        state.data.catalog.with_value(|c| {
            let zone = c.of_kind(FeatureKind::Zone).next()?;
            let Geometry::Polygon(rings) = &zone.geometry else {
                return None;
            };
            let cov = state
                .data
                .stations
                .with_value(|s| coverage_share(rings, s.index(), r, COVERAGE_CELLS_ACROSS));
            let beyond: Vec<String> = c
                .features()
                .iter()
                .filter(|f| matches!(f.kind, FeatureKind::Park | FeatureKind::Project))
                .filter(|f| {
                    anchor_point(&f.geometry).is_some_and(|p| {
                        state.data.stations.with_value(|s| {
                            s.nearest(p, 1).first().is_none_or(|n| n.distance_m > r)
                        })
                    })
                })
                .map(|f| f.id.clone())
                .collect();
            Some((r, cov, beyond))
        })
    });

    // While measuring: the hint, the readout and the editing buttons. After
    // Done the measurement stays (on the map, labelled) with its readout and
    // a button to clear it.
    let measure = move || {
        let editing = matches!(state.tools.tool.get(), Tool::Measure(_));
        let sketch = state.tools.sketch.get();
        if !editing && sketch.vertices().is_empty() {
            return None;
        }
        let lang = state.ui.lang.get();
        let mut rows = vec![(
            text(lang, Msg::Length),
            format::length(lang, sketch.path_length_m()),
        )];
        if let Some(a) = sketch.area_m2() {
            rows = vec![
                (text(lang, Msg::Area), format::area(lang, a)),
                (
                    text(lang, Msg::Perimeter),
                    format::length(lang, sketch.perimeter_m().unwrap_or(0.0)),
                ),
            ];
        }
        let empty = sketch.vertices().is_empty();
        let clear = move |_| state.tools.clear_sketch();
        Some(view! {
            <section class="qk-measure" aria-live="polite">
                {editing.then(|| view! { <p class="qk-hint">{text(lang, Msg::MeasureHint)}</p> })}
                <dl class="qk-facts qk-measure-readout">
                    {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd class="qk-figure">{v}</dd> }).collect_view()}
                </dl>
                <div class="qk-row">
                    {editing.then(|| view! {
                        <button type="button" class="qk-btn qk-undo" disabled=empty
                            on:click=move |_| state.tools.undo_vertex()>{text(lang, Msg::Undo)}</button>
                    })}
                    <button type="button" class="qk-btn qk-clear" disabled=empty on:click=clear>{text(lang, Msg::ClearSketch)}</button>
                    {editing.then(|| view! {
                        <button type="button" class="qk-btn qk-done" on:click=move |_| state.tools.finish_measure()>{text(lang, Msg::Done)}</button>
                    })}
                </div>
            </section>
        })
    };

    let probe = move || {
        let p = state.selection.probe.get()?;
        let lang = state.ui.lang.get();
        Some(view! {
            <section class="qk-probe-panel" aria-live="polite">
                <div class="qk-details-head">
                    <h2 class="qk-panel-title">{text(lang, Msg::NearestStations)}</h2>
                    <button type="button" class="qk-btn qk-close" aria-label=text(lang, Msg::Close)
                        on:click=move |_| state.clear_subject()><span aria-hidden="true">"×"</span></button>
                </div>
                <p class="qk-hint">{text(lang, Msg::ProbePoint)} ": " {format!("{:.5}, {:.5}", p.lng, p.lat)}</p>
                <NearestList nearest=nearest lang=lang />
            </section>
        })
    };

    let coverage_view = move || {
        let (r, cov, beyond) = coverage.get()?;
        let lang = state.ui.lang.get();
        let share = fill(
            text(lang, Msg::CoverageShare),
            &[
                ("r", format::length(lang, r)),
                ("share", percent(lang, cov.covered_share)),
                ("err", percent(lang, cov.error_bound)),
            ],
        );
        let total_beyond = beyond.len();
        let names: Vec<(String, String)> = state.data.catalog.with_value(|c| {
            beyond
                .iter()
                .take(LIST_LIMIT)
                .filter_map(|id| c.get(id).map(|f| (f.id.clone(), feature_name(lang, f))))
                .collect()
        });
        Some(view! {
            <section class="qk-coverage-panel" aria-live="polite">
                <div class="qk-details-head">
                    <p class="qk-coverage-share">{share} " " <IllustrativeMark lang=lang /></p>
                    <button type="button" class="qk-btn qk-close qk-coverage-close" aria-label=text(lang, Msg::Close)
                        on:click=move |_| state.tools.clear_coverage()><span aria-hidden="true">"×"</span></button>
                </div>
                <details class="qk-method">
                    <summary>{text(lang, Msg::Method)}</summary>
                    <p>{text(lang, Msg::CoverageMethod)}</p>
                </details>
                <details class="qk-beyond-details">
                    <summary>{text(lang, Msg::BeyondRadius)} " (" {total_beyond} ")"</summary>
                    {(total_beyond > LIST_LIMIT).then(|| view! { <p class="qk-hint">{format::shown_of(lang, LIST_LIMIT, total_beyond)}</p> })}
                    {if names.is_empty() {
                        view! { <p class="qk-hint">{text(lang, Msg::NoneBeyond)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="qk-beyond">
                                {names.into_iter().map(|(id, name)| view! {
                                    <li><button type="button" class="qk-link" on:click=move |_| state.select(Some(id.clone()))>{name}</button></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </details>
            </section>
        })
    };

    let open = move || analysis_open(state);
    view! {
        <Show when=open>
            <aside class="qk-analysis qk-panel" data-qk-dock="auto" aria-label=move || state.t(Msg::Tools)>
                {measure}
                {probe}
                {coverage_view}
                {move || state.tiles.enabled().then(|| view! {
                    <p class="qk-hint qk-tiles-scope" data-qk="tiles-scope">{state.t(Msg::AnalysisPageDataOnly)}</p>
                })}
            </aside>
        </Show>
    }
}

/// The nearest stations, each a button that selects it.
#[component]
pub fn NearestList(
    nearest: Memo<Vec<crate::core::stations::NearStation>>,
    lang: Lang,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let items = nearest.get();
        if items.is_empty() {
            return view! { <p class="qk-hint">{text(lang, Msg::NoStations)}</p> }.into_any();
        }
        let rows = items
            .into_iter()
            .map(|n| {
                let name = state.data.catalog.with_value(|c| c.get(&n.id).map(|f| feature_name(lang, f)).unwrap_or_default());
                let id = n.id.clone();
                view! {
                    <li class="qk-nearest-item">
                        <button type="button" class="qk-link" on:click=move |_| state.select(Some(id.clone()))>{name}</button>
                        " "
                        <span class="qk-figure">{format::length(lang, n.distance_m)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <IllustrativeMark lang=lang />
            <ol class="qk-nearest">{rows}</ol>
            <p class="qk-hint">{text(lang, Msg::StraightLineNote)} " · " {kind_singular(lang, FeatureKind::SwapStation)} ": " {text(lang, Msg::SchematicBadge)}</p>
        }
        .into_any()
    }
}

fn render() -> AnyView {
    view! { <AnalysisPanel /> }.into_any()
}

// The analysis panel (measuring, probe, coverage) is its own wasm chunk (issue 16).
split_point!(pub fn analysis_chunk => analysis, render);

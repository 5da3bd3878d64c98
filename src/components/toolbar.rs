//! The analysis toolbar: measure distance / area, coverage radius, statistics.

use leptos::prelude::*;

use crate::app::{AppState, SidePanel, Tool};
use crate::core::sketch::{Sketch, SketchMode};
use crate::i18n::{format, Msg};

/// Radii offered for coverage rings, metres.
pub const COVERAGE_RADII_M: [f64; 4] = [1000.0, 2000.0, 3000.0, 5000.0];

/// Tool buttons. Each is a toggle with `aria-pressed`.
#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let toggle_measure = move |mode: SketchMode| {
        let active = state.tool.get_untracked() == Tool::Measure(mode);
        if active {
            state.tool.set(Tool::Browse);
        } else {
            state.tool.set(Tool::Measure(mode));
            state.sketch.set(Sketch::new(mode));
            state.select(None);
        }
    };
    let pressed = move |on: bool| if on { "true" } else { "false" };
    let radius_buttons = COVERAGE_RADII_M
        .into_iter()
        .map(|r| {
            view! {
                <button
                    type="button"
                    class="qk-btn qk-chip qk-radius"
                    data-radius-m=r.to_string()
                    aria-pressed=move || pressed(state.coverage_radius_m.get() == Some(r))
                    on:click=move |_| {
                        state.coverage_radius_m.update(|c| *c = if *c == Some(r) { None } else { Some(r) })
                    }
                >
                    {move || format::length(state.lang.get(), r)}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="qk-toolbar" role="toolbar" aria-label=move || state.t(Msg::Tools)>
            <button
                type="button"
                class="qk-btn qk-chip qk-measure-line"
                aria-pressed=move || pressed(state.tool.get() == Tool::Measure(SketchMode::Line))
                on:click=move |_| toggle_measure(SketchMode::Line)
            >
                <svg class="qk-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                    <path d="M2 13L13 2l3 3L5 16z" fill="none" stroke="currentColor" stroke-width="1.6" />
                    <path d="M6 9l1.5 1.5M8.5 6.5l1.5 1.5M11 4l1.5 1.5" stroke="currentColor" stroke-width="1.4" />
                </svg>
                {move || state.t(Msg::MeasureDistance)}
            </button>
            <button
                type="button"
                class="qk-btn qk-chip qk-measure-area"
                aria-pressed=move || pressed(state.tool.get() == Tool::Measure(SketchMode::Polygon))
                on:click=move |_| toggle_measure(SketchMode::Polygon)
            >
                <svg class="qk-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                    <path d="M9 2l6.5 5-2.5 8H5L2.5 7z" fill="none" stroke="currentColor" stroke-width="1.6" />
                </svg>
                {move || state.t(Msg::MeasureArea)}
            </button>
            <div class="qk-radius-group" role="group" aria-label=move || state.t(Msg::CoverageRadius)>
                <span class="qk-radius-label" aria-hidden="true">{move || state.t(Msg::CoverageRadius)}</span>
                {radius_buttons}
            </div>
            {panel_chip(state, "qk-filters-btn", SidePanel::Filters, Msg::Filters, false)}
            {panel_chip(state, "qk-list-btn", SidePanel::List, Msg::List, false)}
            {panel_chip(state, "qk-story-btn", SidePanel::Story, Msg::Story, true)}
            {panel_chip(state, "qk-stats-btn", SidePanel::Stats, Msg::Statistics, true)}
        </div>
    }
}

/// A toolbar chip that opens `panel` in the side slot (pressed while open).
/// `replaces_details`: the panel is read instead of a feature's details, so
/// opening it clears the selection (filters and the list work beside it).
fn panel_chip(
    state: AppState,
    class: &'static str,
    panel: SidePanel,
    label: Msg,
    replaces_details: bool,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=format!("qk-btn qk-chip {class}")
            aria-pressed=move || if state.side_panel.get() == panel { "true" } else { "false" }
            on:click=move |_| {
                if replaces_details && state.side_panel.get_untracked() != panel {
                    state.select(None);
                }
                state.toggle_panel(panel);
            }
        >
            {move || state.t(label)}
        </button>
    }
}

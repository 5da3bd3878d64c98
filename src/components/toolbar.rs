//! The analysis tools: measure distance / area, coverage radius. A bar above
//! the map on a desktop; the Tools sheet on a phone, which gets out of the
//! way (closes) as soon as a tool is picked, so the map is free to use it.

use leptos::prelude::*;

use super::side_panel::SidePanelHeader;
use crate::core::sketch::SketchMode;
use crate::i18n::{format, Msg};
use crate::state::{AppState, SidePanel, Tool};

/// Radii offered for coverage rings, metres.
pub const COVERAGE_RADII_M: [f64; 4] = [1000.0, 2000.0, 3000.0, 5000.0];

/// Tool buttons. Each is a toggle with `aria-pressed`.
#[component]
pub fn Toolbar() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A picked tool needs the map: the phone's Tools sheet makes room.
    let make_room = move || {
        if state.selection.side_panel.get_untracked() == Some(SidePanel::Tools) {
            state.close_panel();
        }
    };
    let toggle_measure = move |mode: SketchMode| {
        if state.tools.toggle_measure(mode) {
            state.select(None);
            make_room();
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
                    aria-pressed=move || pressed(state.tools.coverage_radius_m.get() == Some(r))
                    on:click=move |_| {
                        state.tools.toggle_coverage(r);
                        make_room();
                    }
                >
                    {move || format::length(state.ui.lang.get(), r)}
                </button>
            }
        })
        .collect_view();
    view! {
        <section
            class="qk-toolbar"
            class:qk-sheet-open=move || state.selection.panel_in_front(SidePanel::Tools)
            data-qk-dock="auto"
            aria-label=move || state.t(Msg::Tools)
        >
            <div class="qk-phone-only qk-toolbar-head">
                {move || view! { <SidePanelHeader title_id="tools-title" title=Msg::Tools lang=state.ui.lang.get() /> }}
            </div>
            <button
                type="button"
                class="qk-btn qk-chip qk-measure-line"
                aria-pressed=move || pressed(state.tools.tool.get() == Tool::Measure(SketchMode::Line))
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
                aria-pressed=move || pressed(state.tools.tool.get() == Tool::Measure(SketchMode::Polygon))
                on:click=move |_| toggle_measure(SketchMode::Polygon)
            >
                <svg class="qk-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                    <path d="M9 2l6.5 5-2.5 8H5L2.5 7z" fill="none" stroke="currentColor" stroke-width="1.6" />
                </svg>
                {move || state.t(Msg::MeasureArea)}
            </button>
            <div class="qk-radius-group" role="group" aria-label=move || state.t(Msg::CoverageRadius)>
                <span class="qk-radius-label qk-phone-only" aria-hidden="true">{move || state.t(Msg::CoverageRadius)}</span>
                <span class="qk-radius-label qk-desktop-only" aria-hidden="true">{move || state.t(Msg::CoverageShort)}</span>
                {radius_buttons}
            </div>
        </section>
    }
}

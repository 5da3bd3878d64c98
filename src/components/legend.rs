//! The legend: one toggle button per layer, with its symbol and feature count,
//! and what the dashed ring means. A card over the map's corner on a desktop;
//! the Layers sheet on a phone.

use leptos::prelude::*;

use super::sheet::SheetHandle;
use super::symbol_swatch::SymbolSwatch;
use crate::i18n::{kind_name, Msg};
use crate::scene::style::LEGEND_KINDS;
use crate::state::{AppState, SidePanel};

/// Layer toggles.
#[component]
pub fn Legend() -> impl IntoView {
    let state = expect_context::<AppState>();
    let catalog = state.data.catalog.get_value();
    let any_schematic = catalog
        .features()
        .iter()
        .any(|f| f.position_accuracy.is_schematic());
    let rows = LEGEND_KINDS
        .into_iter()
        .filter(|k| catalog.count(*k) > 0)
        .map(|kind| {
            let count = catalog.count(kind);
            view! {
                <li>
                    <button
                        type="button"
                        class="qk-legend-toggle"
                        data-kind=kind.as_str()
                        aria-pressed=move || if state.layers.is_visible(kind) { "true" } else { "false" }
                        on:click=move |_| state.layers.toggle(kind)
                    >
                        <SymbolSwatch kind=kind />
                        <span class="qk-legend-name">{move || kind_name(state.ui.lang.get(), kind)}</span>
                        <span class="qk-legend-count">{count}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section
            class="qk-legend qk-panel"
            class:qk-sheet-open=move || state.selection.panel_in_front(SidePanel::Layers)
            data-qk-dock="auto"
            aria-labelledby=state.ui.id("legend-title")
        >
            <div class="qk-phone-only"><SheetHandle /></div>
            <div class="qk-details-head">
                <h2 id=state.ui.id("legend-title") class="qk-panel-title">{move || state.t(Msg::Legend)}</h2>
                <button type="button" class="qk-btn qk-close qk-phone-only" aria-label=move || state.t(Msg::Close)
                    on:click=move |_| state.close_panel()>
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
            <ul class="qk-legend-list">{rows}</ul>
            // What the dashed ring means, when the data has one to show.
            {any_schematic.then(|| view! {
                <p class="qk-legend-note">
                    <svg class="qk-swatch" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
                        <circle class="qk-schematic-ring" cx="12" cy="12" r="9" />
                    </svg>
                    <span>{move || state.t(Msg::Schematic)}</span>
                </p>
            })}
        </section>
    }
}

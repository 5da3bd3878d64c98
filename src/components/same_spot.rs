//! The features at one spot of a dense map: past the deepest cluster zoom
//! they share a position, so a tap lists them instead of picking one.

use leptos::prelude::*;

use super::feature_name;
use super::side_panel::SidePanelHeader;
use crate::i18n::{format, kind_singular, text, Msg};
use crate::state::{AppState, SidePanel};

/// The list (in the side slot); choosing one selects it.
#[component]
pub fn SameSpotPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let lang = state.ui.lang.get();
        let (positions, total) = state.selection.same_spot.get();
        // Plain values, read once per rebuild (per-row reactive closures leak).
        let selected = state.selection.selected.get();
        let catalog = state.data.catalog.get_value();
        let shown = positions.len();
        let items = positions
            .iter()
            .filter_map(|&i| catalog.features().get(i))
            .map(|f| {
                let id = f.id.clone();
                let current = (selected.as_deref() == Some(f.id.as_str())).then_some("true");
                let mut facts = vec![kind_singular(lang, f.kind).to_string()];
                if let Some(v) = f.figures.investment_yuan {
                    facts.push(format::yuan(lang, v));
                }
                if f.position_accuracy.is_schematic() {
                    facts.push(text(lang, Msg::SchematicBadge).to_string());
                }
                view! {
                    <li class="qk-list-item">
                        <button type="button" class="qk-list-button" data-feature-id=id.clone()
                            aria-current=current
                            on:click=move |_| state.select(Some(id.clone()))>
                            <span class="qk-list-name">{feature_name(lang, f)}</span>
                            <span class="qk-list-facts">{facts.join(" · ")}</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <SidePanelHeader title_id="same-spot-title" title=Msg::SameSpot lang=lang />
            {(shown < total).then(|| view! { <p class="qk-shown-count">{format::shown_of(lang, shown, total)}</p> })}
            <ul class="qk-list" aria-labelledby=state.ui.id("same-spot-title")>{items}</ul>
        }
    };
    view! {
        <Show when=move || state.selection.side_panel.get() == Some(SidePanel::SameSpot)>
            <aside class="qk-side qk-same-spot qk-panel" class:qk-behind=move || !state.selection.panel_in_front(SidePanel::SameSpot) data-qk-dock="auto" aria-labelledby=state.ui.id("same-spot-title")>{body}</aside>
        </Show>
    }
}

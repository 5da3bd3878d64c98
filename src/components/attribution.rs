//! Credits and provenance: the footer line on a desktop, the credits in the
//! phone's More sheet. They follow the data shown: the default data's sources,
//! or a host's own credits (its `attribution` option); the schematic note
//! only when some position shown is schematic.

use leptos::prelude::*;

use crate::app::{AppState, DataCredits};
use crate::i18n::Msg;

/// The credits: basemap, the schematic note, the data's sources.
#[component]
pub fn Credits() -> impl IntoView {
    let state = expect_context::<AppState>();
    let any_schematic = state.catalog.with_value(|c| {
        c.features()
            .iter()
            .any(|f| f.position_accuracy.is_schematic())
    });
    // The default data's note names what is schematic; a host's data gets
    // the general one.
    let provenance_msg = match state.credits.get_value() {
        DataCredits::Default => Msg::Provenance,
        DataCredits::Host(_) => Msg::SchematicGeneric,
    };
    let provenance = move || state.t(provenance_msg);
    let sources = move || match state.credits.get_value() {
        DataCredits::Default => state.t(Msg::Attribution).to_string(),
        DataCredits::Host(Some(text)) => text,
        DataCredits::Host(None) => state.t(Msg::HostDataCredit).to_string(),
    };
    view! {
        <span class="qk-credits">
            {state.basemap.get_value().map(|b| view! {
                <span class="qk-basemap-attribution">{b.attribution}</span>
                " · "
            })}
            {any_schematic.then(|| view! {
                <span class="qk-provenance">{provenance}</span>
                " · "
            })}
            <span class="qk-sources">{sources}</span>
        </span>
    }
}

/// The footer: the data report button and the credits (one line; a phone
/// shows the credits in its More sheet instead).
#[component]
pub fn Attribution() -> impl IntoView {
    let state = expect_context::<AppState>();
    let issue_count = state
        .report
        .with_value(|r| r.issues.len() + usize::from(r.file_error.is_some()));
    view! {
        <footer class="qk-attribution">
            <button
                type="button"
                class="qk-report-btn"
                aria-expanded=move || if state.report_open.get() { "true" } else { "false" }
                on:click=move |_| {
                    let open = !state.report_open.get_untracked();
                    if open {
                        state.close_panel();
                    }
                    state.report_open.set(open);
                }
            >
                {move || state.t(Msg::DataReport)}
                {(issue_count > 0).then(|| view! { <span class="qk-badge">{issue_count}</span> })}
            </button>
            <Credits />
        </footer>
    }
}

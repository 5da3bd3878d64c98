//! Attribution and provenance line.

use leptos::prelude::*;

use crate::app::AppState;
use crate::i18n::Msg;

/// Sources, the schematic-position warning and the data report button, always visible.
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
                    if open && state.side_panel.get_untracked() == crate::app::SidePanel::Stats {
                        state.side_panel.set(crate::app::SidePanel::None);
                    }
                    state.report_open.set(open);
                }
            >
                {move || state.t(Msg::DataReport)}
                {(issue_count > 0).then(|| view! { <span class="qk-badge">{issue_count}</span> })}
            </button>
            {state.basemap.get_value().map(|b| view! {
                <span class="qk-basemap-attribution">{b.attribution}</span>
                " · "
            })}
            <span class="qk-provenance">{move || state.t(Msg::Provenance)}</span>
            " · "
            <span>{move || state.t(Msg::Attribution)}</span>
        </footer>
    }
}

//! The phone's More sheet: what the desktop shows around the map but a phone
//! has no room for — statistics, continuing on another device, large text, the
//! data report and the full credits.

use leptos::prelude::*;

use super::attribution::{Credits, NoticesLink};
use super::side_panel::SidePanelHeader;
use crate::i18n::{text, Msg};
use crate::state::{AppState, SidePanel};

/// The More sheet (phone).
#[component]
pub fn MorePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let issue_count = state.data.issue_count();
    let body = move || {
        let lang = state.ui.lang.get();
        let large = state.ui.large.get();
        view! {
            <SidePanelHeader title_id="more-title" title=Msg::More lang=lang />
            <div class="qk-more-actions">
                <button type="button" class="qk-btn qk-more-item qk-more-stats"
                    on:click=move |_| state.toggle_panel(SidePanel::Stats)
                    on:pointerenter=move |_| state.ui.intend_panel(SidePanel::Stats)
                    on:focus=move |_| state.ui.intend_panel(SidePanel::Stats)>
                    {text(lang, Msg::Statistics)}
                </button>
                <button type="button" class="qk-btn qk-more-item qk-more-share"
                    on:click=move |_| state.toggle_panel(SidePanel::Share)
                    on:pointerenter=move |_| state.ui.intend_panel(SidePanel::Share)
                    on:focus=move |_| state.ui.intend_panel(SidePanel::Share)>
                    {text(lang, Msg::ContinueOnPhone)}
                </button>
                <button type="button" class="qk-btn qk-more-item qk-more-large"
                    aria-pressed=if large { "true" } else { "false" }
                    on:click=move |_| state.ui.toggle_large()>
                    {text(lang, Msg::LargeMode)}
                </button>
                <button type="button" class="qk-btn qk-more-item qk-more-report"
                    on:click=move |_| state.open_report()>
                    {text(lang, Msg::DataReport)}
                    {(issue_count > 0).then(|| view! { <span class="qk-badge">{issue_count}</span> })}
                </button>
            </div>
            <h3 class="qk-subtitle">{text(lang, Msg::Credits)}</h3>
            <Credits />
            <p><NoticesLink /></p>
        }
    };
    view! {
        <Show when=move || state.selection.panel_in_front(SidePanel::More)>
            <aside class="qk-side qk-more qk-panel" data-qk-dock="auto" aria-labelledby=state.ui.id("more-title")>{body}</aside>
        </Show>
    }
}

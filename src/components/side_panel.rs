//! The heading every side panel shares: the phone sheet's grip, its title and
//! a close button that empties the side slot.

use leptos::prelude::*;

use super::sheet::SheetHandle;
use crate::i18n::{text, Lang, Msg};
use crate::state::AppState;

/// A side panel's heading; `title_id` labels the panel (`aria-labelledby`).
#[component]
pub fn SidePanelHeader(
    /// The heading's element id, before the widget's prefix (`UiState::id`).
    title_id: &'static str,
    /// The heading text.
    title: Msg,
    /// Interface language.
    lang: Lang,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <SheetHandle />
        <div class="qk-details-head">
            <h2 id=state.ui.id(title_id) class="qk-panel-title">{text(lang, title)}</h2>
            <button type="button" class="qk-btn qk-close" aria-label=text(lang, Msg::Close)
                on:click=move |_| state.close_panel()>
                <span aria-hidden="true">"×"</span>
            </button>
        </div>
    }
}

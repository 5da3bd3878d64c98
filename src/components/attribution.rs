//! Attribution and provenance line.

use leptos::prelude::*;

use crate::app::AppState;
use crate::i18n::Msg;

/// Sources and the schematic-position warning, always visible.
#[component]
pub fn Attribution() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <footer class="qk-attribution">
            <span class="qk-provenance">{move || state.t(Msg::Provenance)}</span>
            " · "
            <span>{move || state.t(Msg::Attribution)}</span>
        </footer>
    }
}

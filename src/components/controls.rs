//! Zoom buttons, home, language switch, data-report button and the scale bar.

use leptos::prelude::*;

use crate::app::AppState;
use crate::i18n::{format, Msg};
use crate::view::gesture::ViewDelta;
use crate::view::scale_bar::scale_bar;

/// Map controls.
#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let zoom_by = move |dz: f64| {
        state
            .view
            .update(|v| *v = ViewDelta::centred_zoom(dz).apply(*v))
    };
    let bar = Memo::new(move |_| {
        let v = state.view.get();
        scale_bar(v.center().lat, v.zoom(), 100.0)
    });
    view! {
        <div class="qk-controls">
            <div class="qk-zoom" role="group">
                <button type="button" class="qk-btn qk-zoom-in" aria-label=move || state.t(Msg::ZoomIn) title=move || state.t(Msg::ZoomIn) on:click=move |_| zoom_by(1.0)>
                    <span aria-hidden="true">"+"</span>
                </button>
                <button type="button" class="qk-btn qk-zoom-out" aria-label=move || state.t(Msg::ZoomOut) title=move || state.t(Msg::ZoomOut) on:click=move |_| zoom_by(-1.0)>
                    <span aria-hidden="true">"−"</span>
                </button>
                <button type="button" class="qk-btn qk-home" aria-label=move || state.t(Msg::ResetView) title=move || state.t(Msg::ResetView) on:click=move |_| state.go_home()>
                    <span aria-hidden="true">"⌂"</span>
                </button>
            </div>
            <button
                type="button"
                class="qk-btn qk-lang"
                aria-label=move || format!("{} ({})", state.t(Msg::LanguageName), state.t(Msg::SwitchLanguage))
                lang=move || state.lang.get().other().tag()
                on:click=move |_| state.lang.update(|l| *l = l.other())
            >
                {move || state.t(Msg::LanguageName)}
            </button>
        </div>
        <div class="qk-scale" role="img" aria-label=move || {
            format!("{} {}", state.t(Msg::ScaleBar), format::length(state.lang.get(), bar.get().length_m))
        }>
            <div class="qk-scale-bar" style:width=move || format!("{:.1}px", bar.get().width_px)></div>
            <span class="qk-scale-text">{move || format::length(state.lang.get(), bar.get().length_m)}</span>
        </div>
    }
}

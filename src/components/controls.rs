//! Zoom buttons, home, large text, fullscreen (kiosk), the scale bar; and the
//! language switch in the header.

use leptos::prelude::*;

use crate::i18n::{format, Msg};
use crate::state::AppState;
use crate::view::gesture::ViewDelta;
use crate::view::scale_bar::scale_bar;

/// Map controls.
#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let zoom_by = move |dz: f64| state.move_camera(ViewDelta::centred_zoom(dz));
    let bar = Memo::new(move |_| {
        let v = state.camera.view.get();
        scale_bar(v.center().lat, v.zoom(), 100.0)
    });
    view! {
        <div class="qk-controls" data-qk-dock="right">
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
            <div class="qk-tools-col">
            <button
                type="button"
                class="qk-btn qk-large-btn qk-desktop-only"
                aria-pressed=move || if state.ui.large.get() { "true" } else { "false" }
                aria-label=move || format!("A+ {}", state.t(Msg::LargeMode))
                title=move || state.t(Msg::LargeMode)
                on:click=move |_| state.ui.toggle_large()
            >
                <span aria-hidden="true">"A+"</span>
            </button>
            {state.ui.kiosk.then(|| view! {
                <button
                    type="button"
                    class="qk-btn qk-fullscreen"
                    aria-label=move || state.t(Msg::Fullscreen)
                    title=move || state.t(Msg::Fullscreen)
                    on:click=move |_| {
                        let doc = document();
                        if doc.fullscreen_element().is_some() {
                            doc.exit_fullscreen();
                        } else if let Some(root) = doc.document_element() {
                            let _ = root.request_fullscreen();
                        }
                    }
                >
                    <svg class="qk-icon-only" width="22" height="22" viewBox="0 0 22 22" aria-hidden="true">
                        <path d="M2 8V2h6M14 2h6v6M20 14v6h-6M8 20H2v-6" fill="none" stroke="currentColor" stroke-width="2.2" />
                    </svg>
                </button>
            })}
            </div>
        </div>
        <div class="qk-scale" role="img" aria-label=move || {
            format!("{} {}", state.t(Msg::ScaleBar), format::length(state.ui.lang.get(), bar.get().length_m))
        }>
            <div class="qk-scale-bar" style:width=move || format!("{:.1}px", bar.get().width_px)></div>
            <span class="qk-scale-text">{move || format::length(state.ui.lang.get(), bar.get().length_m)}</span>
        </div>
    }
}

/// The language switch: names the other language, in that language.
#[component]
pub fn LangButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button
            type="button"
            class="qk-btn qk-lang"
            aria-label=move || format!("{} ({})", state.t(Msg::LanguageName), state.t(Msg::SwitchLanguage))
            lang=move || state.ui.lang.get().other().tag()
            on:click=move |_| state.ui.toggle_lang()
        >
            {move || state.t(Msg::LanguageName)}
        </button>
    }
}

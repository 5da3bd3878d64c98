//! "Continue on your phone": the permalink as a QR code generated in wasm (no
//! network) and as text to copy. The base URL is configurable
//! (`share_base`), since a kiosk's own address is not the public one.

use leptos::prelude::*;

use super::lazy::split_point;

use super::side_panel::SidePanelHeader;

use crate::embed::qr::qr_svg;
use crate::host::share_url;
use crate::i18n::{text, Msg};
use crate::state::{AppState, SidePanel};

/// The share panel (in the side slot).
#[component]
pub fn SharePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let url = Memo::new(move |_| share_url(state));
    let qr = Memo::new(move |_| qr_svg(&url.get()));
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&url.get_untracked());
        copied.set(true);
    };
    // Plain values read once per rebuild: reactive closures inside a panel
    // body leaked wasm memory each time the panel opened (the soak, issue 7).
    let body = move || {
        let lang = state.ui.lang.get();
        let link = url.get();
        let code = qr.get();
        let copy_label = if copied.get() {
            text(lang, Msg::Copied)
        } else {
            text(lang, Msg::CopyLink)
        };
        view! {
            <SidePanelHeader title_id="share-title" title=Msg::ContinueOnPhone lang=lang />
            <p class="qk-hint">{text(lang, Msg::ScanHint)}</p>
            {code.map(|q| view! {
                <svg class="qk-qr" viewBox=q.view_box() width="240" height="240" role="img"
                    aria-label=text(lang, Msg::ContinueOnPhone) shape-rendering="crispEdges">
                    <rect x="-4" y="-4" width=format!("{}", q.size + 8) height=format!("{}", q.size + 8) fill="#fff" />
                    <path d=q.path.clone() fill="#000" />
                </svg>
            })}
            <label class="qk-select-label">
                <span>{text(lang, Msg::Share)}</span>
                <input class="qk-share-url" type="text" readonly prop:value=link />
            </label>
            <div class="qk-row">
                <button type="button" class="qk-btn qk-copy" on:click=copy>
                    {copy_label}
                </button>
                <button type="button" class="qk-btn qk-export-png" on:click=move |_| super::export::export_current_view(state)>
                    {text(lang, Msg::ExportPng)}
                </button>
            </div>
        }
    };
    view! {
        <Show when=move || state.selection.side_panel.get() == Some(SidePanel::Share)>
            <aside class="qk-side qk-share qk-panel" class:qk-behind=move || !state.selection.panel_in_front(SidePanel::Share) data-qk-dock="auto" aria-labelledby=state.ui.id("share-title")>{body}</aside>
        </Show>
    }
}

fn render() -> AnyView {
    view! { <SharePanel /> }.into_any()
}

// The share panel (link, QR code, PNG export) is its own wasm chunk (issue 16): the first view does not need it.
split_point!(pub fn share_chunk => share, render);

//! The grip at the top of the phone's bottom sheet: drag it to resize the
//! sheet (it settles on a third, half or the whole map, or closes when pulled
//! down), or press it (Enter, Space, arrows) to step between the sizes. Like
//! the sheets of the map apps people use every day. Hidden on a desktop,
//! where panels are a column beside the map.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::PointerEvent;

use crate::i18n::Msg;
use crate::state::AppState;
use crate::view::sheet::SheetSize;

/// The height of the sheet element holding `handle`, and of the map area.
fn heights(handle: &web_sys::Element) -> Option<(f64, f64, f64)> {
    let sheet = handle.closest("[data-qk-dock]").ok().flatten()?;
    let main = handle
        .closest(".qk-layout")
        .ok()
        .flatten()?
        .query_selector(".qk-main")
        .ok()
        .flatten()?;
    let s = sheet.get_bounding_client_rect();
    let m = main.get_bounding_client_rect();
    Some((s.height(), m.height(), m.bottom()))
}

/// The drag grip of a bottom sheet.
#[component]
pub fn SheetHandle() -> impl IntoView {
    let state = expect_context::<AppState>();
    // (pointer id, offset from the pointer to the sheet's top edge)
    let drag = StoredValue::new(None::<(i32, f64)>);
    let on_down = move |ev: PointerEvent| {
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some((sheet_h, _, main_bottom)) = heights(&el) else {
            return;
        };
        ev.prevent_default();
        let _ = el.set_pointer_capture(ev.pointer_id());
        let top = main_bottom - sheet_h;
        drag.set_value(Some((ev.pointer_id(), f64::from(ev.client_y()) - top)));
    };
    let on_move = move |ev: PointerEvent| {
        let Some((id, offset)) = drag.get_value() else {
            return;
        };
        if id != ev.pointer_id() {
            return;
        }
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some((_, main_h, main_bottom)) = heights(&el) else {
            return;
        };
        let height = (main_bottom - (f64::from(ev.client_y()) - offset)).clamp(48.0, main_h - 8.0);
        state.ui.set_sheet(SheetSize::Dragged(height));
    };
    let on_up = move |ev: PointerEvent| {
        let Some((id, _)) = drag.get_value() else {
            return;
        };
        if id != ev.pointer_id() {
            return;
        }
        drag.set_value(None);
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Some((sheet_h, main_h, _)) = heights(&el) else {
            return;
        };
        match SheetSize::snap(sheet_h, main_h) {
            Some(size) => {
                state.ui.set_sheet(size);
                state.reveal_selection();
            }
            None => state.close_front_sheet(),
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let current = state.ui.sheet.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowUp" => current.step(true),
            "ArrowDown" => current.step(false),
            "Enter" | " " => match current {
                SheetSize::Full => SheetSize::Peek,
                other => other.step(true),
            },
            _ => return,
        };
        ev.prevent_default();
        state.ui.set_sheet(next);
    };
    view! {
        <button
            type="button"
            class="qk-sheet-handle"
            aria-label=move || state.t(Msg::ResizeSheet)
            title=move || state.t(Msg::ResizeSheet)
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=move |_| drag.set_value(None)
            on:keydown=on_key
        >
            <span class="qk-sheet-grip" aria-hidden="true"></span>
        </button>
    }
}

//! The permalink in the page's URL hash: discrete changes push a history
//! entry, camera moves replace it; back/forward and edited hashes are applied
//! to the widget. And the share link built from it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::embed::options::shareable_query;
use crate::embed::permalink::Permalink;
use crate::state::AppState;

/// The share link: base URL (configured, or this page) plus the permalink.
pub fn share_url(state: AppState) -> String {
    let base = state.ui.share_base.get_value().unwrap_or_else(|| {
        let loc = window().location();
        // The page's own query, less the device's mode (a kiosk's QR code
        // must not put the visitor's phone into kiosk mode).
        format!(
            "{}{}{}",
            loc.origin().unwrap_or_default(),
            loc.pathname().unwrap_or_default(),
            shareable_query(&loc.search().unwrap_or_default())
        )
    });
    let base = base.split('#').next().unwrap_or_default().to_string();
    format!("{base}#{}", untrack(|| state.permalink()).to_hash())
}

fn hash_without_view(hash: &str) -> String {
    hash.split('&')
        .filter(|p| !p.starts_with("c=") && !p.starts_with("z="))
        .collect::<Vec<_>>()
        .join("&")
}

/// Keeps the URL hash in step with the widget: discrete changes (selection,
/// language, layers, filter) push a history entry so Back undoes them; camera
/// moves replace the current entry (at most every 300 ms). Back/forward and
/// edited hashes are applied to the widget.
pub fn sync_permalink(state: AppState) {
    let initial = window().location().hash().unwrap_or_default();
    if initial.len() > 1 {
        state.apply_permalink(&Permalink::from_hash(&initial));
    }
    let pending_replace = StoredValue::new(false);
    Effect::new(move |_| {
        let hash = state.permalink().to_hash();
        let Ok(history) = window().history() else {
            return;
        };
        let current = window().location().hash().unwrap_or_default();
        let current = current.trim_start_matches('#');
        if current == hash {
            return;
        }
        if hash_without_view(current) != hash_without_view(&hash) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&format!("#{hash}")));
        } else if !pending_replace.get_value() {
            pending_replace.set_value(true);
            set_timeout(
                move || {
                    pending_replace.set_value(false);
                    let latest = untrack(|| state.permalink()).to_hash();
                    if let Ok(h) = window().history() {
                        let _ = h.replace_state_with_url(
                            &JsValue::NULL,
                            "",
                            Some(&format!("#{latest}")),
                        );
                    }
                },
                std::time::Duration::from_millis(300),
            );
        }
    });
    let on_pop = move |_: web_sys::Event| {
        let hash = window().location().hash().unwrap_or_default();
        state.apply_permalink(&Permalink::from_hash(&hash));
    };
    let handle = window_event_listener_untyped("popstate", on_pop);
    let handle2 = window_event_listener_untyped("hashchange", on_pop);
    on_cleanup(move || {
        handle.remove();
        handle2.remove();
    });
}

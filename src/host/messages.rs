//! The postMessage contract with a host page, wired to the browser: commands
//! in (from allowed origins only), replies and events out. Parsing and the
//! message shapes are the pure [`crate::embed::messages`].

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::commands::apply;
use super::link::Outbox;
use crate::embed::messages::{origin_allowed, parse_command, Event, MessageError};
use crate::state::AppState;

/// Speaks the postMessage contract with the host page (when in an iframe, or
/// with any allowed window that messages us), and sends the unasked events
/// (`select`, `viewchange`) through `outbox`: to the parent window and as
/// DOM events on the host element.
pub fn connect_messages(state: AppState, allowed: Vec<String>, outbox: Outbox) {
    let listener = move |ev: web_sys::Event| {
        let Some(ev) = ev.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        // Our own events coming back (a host echoing, or the widget on a
        // top-level page messaging itself) must never be answered: no loops.
        if ev
            .source()
            .is_some_and(|s| JsValue::from(window()) == JsValue::from(s))
        {
            return;
        }
        // JSON text is the contract; a plain object with `qikai` (a host
        // that forgot JSON.stringify) is read as its JSON. Other objects
        // belong to other scripts.
        let data = ev.data();
        let text = match data.as_string() {
            Some(text) => text,
            None if data.is_object()
                && js_sys::Reflect::has(&data, &"qikai".into()).unwrap_or(false) =>
            {
                match js_sys::JSON::stringify(&data) {
                    Ok(t) => String::from(t),
                    Err(_) => return,
                }
            }
            None => return,
        };
        let origin = ev.origin();
        let reply = |event: Event, request_id: Option<&str>| {
            // The source is a window of another document (another realm), so
            // an `instanceof Window` check would fail: cast without it.
            if let Some(source) = ev.source().map(|s| s.unchecked_into::<web_sys::Window>()) {
                let _ =
                    source.post_message(&JsValue::from_str(&event.to_json(request_id)), &origin);
            }
        };
        if !origin_allowed(&allowed, &origin) {
            // Only count what was meant for us.
            if matches!(parse_command(&text), Ok(Some(_))) || text.contains("\"qikai\"") {
                state.ui.count_ignored_message();
            }
            return;
        }
        let refuse = |message: String, request_id: Option<String>| {
            reply(
                Event::Error(MessageError {
                    message,
                    request_id,
                }),
                None,
            )
        };
        match parse_command(&text) {
            Ok(None) => {}
            Err(e) => reply(Event::Error(e), None),
            Ok(Some(envelope)) => {
                let rid = envelope.request_id.clone();
                match apply(state, envelope.command) {
                    Ok(answer) => reply(answer, rid.as_deref()),
                    Err(message) => refuse(message, rid),
                }
            }
        }
    };
    let handle = window_event_listener_untyped("message", listener);
    on_cleanup(move || handle.remove());

    let post = outbox.clone();
    Effect::new(move |prev: Option<()>| {
        let id = state.selection.selected.get();
        if prev.is_some() {
            post.send(&Event::Select { id });
        }
    });
    let pending = StoredValue::new(false);
    Effect::new(move |prev: Option<()>| {
        state.camera.view.track();
        if prev.is_none() || pending.get_value() {
            return;
        }
        pending.set_value(true);
        let post = outbox.clone();
        set_timeout(
            move || {
                // The widget may have been destroyed meanwhile.
                if pending.try_set_value(false).is_some() {
                    return;
                }
                if let Some((center, zoom)) = post.view_to_report(state) {
                    post.send(&Event::ViewChange { center, zoom });
                }
            },
            std::time::Duration::from_millis(250),
        );
    });
}

//! The postMessage contract with a host page, wired to the browser: commands
//! in (from allowed origins only), replies and events out. Parsing and the
//! message shapes are the pure [`crate::embed::messages`].

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::filter::Filter;
use crate::embed::messages::{origin_allowed, parse_command, Command, Event, MessageError};
use crate::state::{AppState, CameraRequest};

/// Speaks the postMessage contract with the host page (when in an iframe, or
/// with any allowed window that messages us).
pub fn connect_messages(state: AppState, allowed: Vec<String>) {
    let allowed_for_events = allowed.clone();
    let post_to_parent = move |event: Event| {
        let Some(parent) = window().parent().ok().flatten() else {
            return;
        };
        if parent == window() {
            return;
        }
        let text = event.to_json(None);
        for origin in &allowed_for_events {
            let _ = parent.post_message(&JsValue::from_str(&text), origin);
        }
    };
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
                let rid = envelope.request_id.as_deref();
                // The camera the command leaves (a flight's end, not its start).
                let mut camera = state.camera.target();
                match envelope.command {
                    Command::FlyTo { center, zoom } => {
                        let zoom = zoom.unwrap_or_else(|| camera.zoom());
                        camera = camera
                            .with_center(center)
                            .with_zoom(zoom)
                            .with_center(center);
                        state.request_camera(CameraRequest::To { center, zoom });
                    }
                    Command::Select { id } => {
                        let known = id.as_ref().is_none_or(|i| state.data.has(i));
                        if !known {
                            return refuse(
                                "no feature with that id".into(),
                                envelope.request_id.clone(),
                            );
                        }
                        // Shown in view (the map brings a hidden selection
                        // to the middle), without taking the page's focus.
                        state.select_quietly(id);
                    }
                    Command::SetFilter { filter } => match Filter::parse_strict(&filter) {
                        Ok(_) => state.layers.set_filter_text(filter),
                        Err(e) => return refuse(e.to_string(), envelope.request_id.clone()),
                    },
                    Command::SetLanguage { lang } => state.ui.set_lang(lang),
                    Command::GetState => {}
                }
                reply(
                    Event::State {
                        center: camera.center(),
                        zoom: camera.zoom(),
                        selected: state.selection.selected.get_untracked(),
                        lang: state.ui.lang.get_untracked(),
                        filter: state.layers.filter_text.get_untracked(),
                        permalink: untrack(|| state.permalink()).to_hash(),
                    },
                    rid,
                );
            }
        }
    };
    let handle = window_event_listener_untyped("message", listener);
    on_cleanup(move || handle.remove());

    post_to_parent(Event::Ready);
    let post = post_to_parent.clone();
    Effect::new(move |prev: Option<()>| {
        let id = state.selection.selected.get();
        if prev.is_some() {
            post(Event::Select { id });
        }
    });
    let pending = StoredValue::new(false);
    Effect::new(move |prev: Option<()>| {
        state.camera.view.track();
        if prev.is_none() || pending.get_value() {
            return;
        }
        pending.set_value(true);
        let post = post_to_parent.clone();
        set_timeout(
            move || {
                pending.set_value(false);
                let v = state.camera.view.get_untracked();
                post(Event::ViewChange {
                    center: v.center(),
                    zoom: v.zoom(),
                });
            },
            std::time::Duration::from_millis(250),
        );
    });
}

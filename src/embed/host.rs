//! Wires the pure embed modules to the browser: options from the URL, a
//! mount object or data attributes; the permalink kept in the URL hash (back
//! and forward work); the postMessage contract; fetching a host's GeoJSON.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::messages::{origin_allowed, parse_command, Command, Event, MessageError};
use super::options::{shareable_query, EmbedOptions};
use super::permalink::Permalink;
use crate::app::{kind_index, AppState, CameraRequest};
use crate::core::filter::Filter;
use crate::core::model::FeatureKind;
use crate::data::{AnyFormatLoader, FileError, Limits, LoadOutcome, StreamProgress};

/// Options from the page URL's query string.
pub fn options_from_url() -> EmbedOptions {
    let search = window().location().search().unwrap_or_default();
    let pairs: Vec<(String, String)> = web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .map(|params| {
            js_sys::try_iter(&params)
                .ok()
                .flatten()
                .into_iter()
                .flatten()
                .filter_map(|entry| {
                    let pair: js_sys::Array = entry.ok()?.dyn_into().ok()?;
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect()
        })
        .unwrap_or_default();
    EmbedOptions::from_pairs(pairs).0
}

/// Options from `data-*` attributes of the mount element (`data-lang="en"`).
pub fn options_from_element(el: &web_sys::Element) -> EmbedOptions {
    let names = el.get_attribute_names();
    let pairs: Vec<(String, String)> = names
        .iter()
        .filter_map(|n| n.as_string())
        .filter_map(|n| {
            let key = n.strip_prefix("data-")?.replace('-', "_");
            Some((key, el.get_attribute(&n)?))
        })
        .collect();
    EmbedOptions::from_pairs(pairs).0
}

/// Options from a JavaScript object (`{lang: "en", data: "/my.geojson"}`);
/// arrays are joined with commas, numbers and booleans written out.
pub fn options_from_js(value: &JsValue) -> EmbedOptions {
    let Some(obj) = value.dyn_ref::<js_sys::Object>() else {
        return EmbedOptions::default();
    };
    let pairs: Vec<(String, String)> = js_sys::Object::entries(obj)
        .iter()
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.dyn_into().ok()?;
            let key = pair.get(0).as_string()?;
            let v = pair.get(1);
            let text = if let Some(s) = v.as_string() {
                s
            } else if let Some(b) = v.as_bool() {
                if b {
                    "1".into()
                } else {
                    "0".into()
                }
            } else if let Some(n) = v.as_f64() {
                n.to_string()
            } else if let Some(arr) = v.dyn_ref::<js_sys::Array>() {
                arr.iter()
                    .filter_map(|x| x.as_string().or_else(|| x.as_f64().map(|n| n.to_string())))
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                return None;
            };
            Some((key, text))
        })
        .collect();
    EmbedOptions::from_pairs(pairs).0
}

/// Fetches a host's GeoJSON with the size limit; never panics, every failure
/// becomes a file error in the data report. Streams like
/// [`fetch_geojson_streaming`], without progress.
pub async fn fetch_geojson(url: &str, limits: &Limits) -> LoadOutcome {
    fetch_geojson_streaming(url, limits, |_| {}).await
}

/// Longest piece handed to [`AnyFormatLoader::push`] at once, so a big network
/// chunk cannot block for long: about 150 features, a few milliseconds even
/// on a slow phone. (256 KiB pieces made 50–160 ms tasks on a busy 2-core
/// machine in `tests/e2e/longtask.test.mjs`.)
const MAX_PIECE_BYTES: u32 = 32 * 1024;

/// Work between two yields to the event loop, in milliseconds: well under the
/// 50 ms that makes a long task, so input and painting stay responsive.
const YIELD_EVERY_MS: f64 = 8.0;

/// Marked on the page's performance timeline when the loader has finished
/// (tests measure the loading phase up to it).
pub const DATA_PARSED_MARK: &str = "qk-data-parsed";

/// Marked when the download starts (the loading phase runs from here to
/// [`DATA_PARSED_MARK`]).
pub const DATA_FETCH_MARK: &str = "qk-data-fetch";

/// Fetches a host's GeoJSON or CSV and converts it while it downloads, yielding to
/// the event loop every few milliseconds so the page never freezes, and
/// calling `on_progress` after each yield. Refuses a file whose announced
/// `Content-Length` is over the limit before reading it, and stops the
/// download as soon as the bytes read pass the limit. Never panics.
pub async fn fetch_geojson_streaming(
    url: &str,
    limits: &Limits,
    on_progress: impl Fn(StreamProgress),
) -> LoadOutcome {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(DATA_FETCH_MARK);
    }
    let outcome = match stream_into(url, limits, &on_progress).await {
        Ok(loader) => {
            on_progress(loader.progress());
            loader.finish()
        }
        Err(error) => crate::data::convert::file_error(error),
    };
    if let Some(performance) = window().performance() {
        let _ = performance.mark(DATA_PARSED_MARK);
    }
    // Ends the loader's task here: the browser paints the last progress
    // before the caller starts building indexes and views from the outcome.
    yield_to_event_loop().await;
    outcome
}

async fn stream_into(
    url: &str,
    limits: &Limits,
    on_progress: &impl Fn(StreamProgress),
) -> Result<AnyFormatLoader, FileError> {
    let failed = |reason: String| FileError::FetchFailed {
        url: url.chars().take(200).collect(),
        reason,
    };
    let promise = window().fetch_with_str(url);
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(|e| failed(js_error_text(&e)))?
        .dyn_into()
        .map_err(|_| failed("not a response".into()))?;
    // A body left unread keeps the connection open and the server sending:
    // whenever it will not be read, it is cancelled.
    let drop_body = |response: &web_sys::Response| {
        if let Some(body) = response.body() {
            let _ = body.cancel();
        }
    };
    if !response.ok() {
        drop_body(&response);
        return Err(failed(format!("HTTP {}", response.status())));
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(bytes) = declared.filter(|b| *b > limits.max_bytes) {
        drop_body(&response);
        return Err(FileError::TooLarge {
            bytes,
            limit: limits.max_bytes,
        });
    }
    let mut loader = AnyFormatLoader::new(limits.clone());
    if let Some(bytes) = declared {
        loader.expect_len(bytes);
    }
    let Some(body) = response.body() else {
        return Ok(loader); // no body: the loader reports an empty file
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut piece = Vec::new();
    let mut last_yield = now_ms();
    loop {
        let result: web_sys::ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|e| failed(js_error_text(&e)))?
            .unchecked_into();
        if result.get_done().unwrap_or(true) {
            break;
        }
        let Ok(bytes) = result.get_value().dyn_into::<js_sys::Uint8Array>() else {
            let _ = reader.cancel();
            return Err(failed("the body is not bytes".into()));
        };
        let len = bytes.length();
        let mut from = 0;
        while from < len {
            let to = len.min(from + MAX_PIECE_BYTES);
            piece.resize((to - from) as usize, 0);
            bytes.subarray(from, to).copy_to(&mut piece);
            loader.push(&piece);
            from = to;
            if loader.progress().bytes_read > limits.max_bytes {
                // Refused whatever follows: stop the download.
                let _ = reader.cancel();
                return Ok(loader);
            }
            if now_ms() - last_yield >= YIELD_EVERY_MS {
                yield_to_event_loop().await;
                last_yield = now_ms();
                on_progress(loader.progress());
            }
        }
    }
    Ok(loader)
}

/// Milliseconds on a monotonic clock.
fn now_ms() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Lets the browser handle input and paint (between slices of long work):
/// resolves from a message on a
/// fresh `MessageChannel`, a task of its own. (`setTimeout(0)` would do too,
/// but browsers stretch nested timeouts to 4 ms: half the loading time when
/// yielding every 8 ms.)
pub async fn yield_to_event_loop() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let posted = web_sys::MessageChannel::new().ok().and_then(|channel| {
            channel.port1().set_onmessage(Some(resolve.unchecked_ref()));
            channel.port2().post_message(&JsValue::NULL).ok()
        });
        if posted.is_none() {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn js_error_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "network error".into())
}

/// The state a permalink carries, read from the widget.
pub fn current_permalink(state: AppState) -> Permalink {
    let view = state.view.get();
    let visible = state.visible.get();
    Permalink {
        center: Some(view.center()),
        zoom: Some(view.zoom()),
        selected: state.selected.get(),
        lang: Some(state.lang.get()),
        hidden_layers: FeatureKind::ALL
            .into_iter()
            .filter(|k| !visible[kind_index(*k)])
            .collect(),
        filter: Some(state.filter_text.get()).filter(|f| !f.is_empty()),
    }
}

/// Applies a permalink to the widget (what it does not carry stays as is).
pub fn apply_permalink(state: AppState, p: &Permalink) {
    if let Some(lang) = p.lang {
        state.lang.set(lang);
    }
    let mut visible = [true; 6];
    for k in &p.hidden_layers {
        visible[kind_index(*k)] = false;
    }
    // Set only what changed: a dense map re-clusters on every layer change.
    if state.visible.get_untracked() != visible {
        state.visible.set(visible);
    }
    let filter = p.filter.clone().unwrap_or_default();
    if state.filter_text.get_untracked() != filter {
        state.filter_text.set(filter);
    }
    let selected = p
        .selected
        .clone()
        .filter(|id| state.catalog.with_value(|c| c.get(id).is_some()));
    state.select_quietly(selected);
    if let (Some(center), Some(zoom)) = (p.center, p.zoom) {
        state
            .camera_request
            .set(Some(CameraRequest::To { center, zoom }));
    }
}

/// The share link: base URL (configured, or this page) plus the permalink.
pub fn share_url(state: AppState) -> String {
    let base = state.share_base.get_value().unwrap_or_else(|| {
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
    format!("{base}#{}", current_permalink(state).to_hash())
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
        apply_permalink(state, &Permalink::from_hash(&initial));
    }
    let pending_replace = StoredValue::new(false);
    Effect::new(move |_| {
        let hash = current_permalink(state).to_hash();
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
                    let latest = current_permalink(state).to_hash();
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
        apply_permalink(state, &Permalink::from_hash(&hash));
    };
    let handle = window_event_listener_untyped("popstate", on_pop);
    let handle2 = window_event_listener_untyped("hashchange", on_pop);
    on_cleanup(move || {
        handle.remove();
        handle2.remove();
    });
}

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
                state.ignored_messages.update(|n| *n += 1);
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
                let mut camera = state.view.get_untracked();
                match envelope.command {
                    Command::FlyTo { center, zoom } => {
                        let zoom = zoom.unwrap_or_else(|| camera.zoom());
                        camera = camera
                            .with_center(center)
                            .with_zoom(zoom)
                            .with_center(center);
                        state
                            .camera_request
                            .set(Some(CameraRequest::To { center, zoom }));
                    }
                    Command::Select { id } => {
                        let known = id
                            .as_ref()
                            .is_none_or(|i| state.catalog.with_value(|c| c.get(i).is_some()));
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
                        Ok(_) => state.filter_text.set(filter),
                        Err(e) => return refuse(e.to_string(), envelope.request_id.clone()),
                    },
                    Command::SetLanguage { lang } => state.lang.set(lang),
                    Command::GetState => {}
                }
                reply(
                    Event::State {
                        center: camera.center(),
                        zoom: camera.zoom(),
                        selected: state.selected.get_untracked(),
                        lang: state.lang.get_untracked(),
                        filter: state.filter_text.get_untracked(),
                        permalink: untrack(|| current_permalink(state).to_hash()),
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
        let id = state.selected.get();
        if prev.is_some() {
            post(Event::Select { id });
        }
    });
    let pending = StoredValue::new(false);
    Effect::new(move |prev: Option<()>| {
        state.view.track();
        if prev.is_none() || pending.get_value() {
            return;
        }
        pending.set_value(true);
        let post = post_to_parent.clone();
        set_timeout(
            move || {
                pending.set_value(false);
                let v = state.view.get_untracked();
                post(Event::ViewChange {
                    center: v.center(),
                    zoom: v.zoom(),
                });
            },
            std::time::Duration::from_millis(250),
        );
    });
}

/// Mounts a widget into `element` — the script-and-element way to embed:
///
/// ```js
/// const { mount } = window.wasmBindings;
/// mount(document.getElementById("map"), { lang: "en", data: "/portal/nev.geojson" });
/// ```
///
/// Options are the URL parameters' names (`lang`, `data`, `layers`, `filter`,
/// `view`, `select`, `kiosk`, `idle`, `basemap`, `origins`, `share_base`).
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) {
    let options = options_from_js(&options);
    crate::app::mount_with(element, options, false);
}

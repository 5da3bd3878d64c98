//! Browser plumbing the rest of the widget shares: the clock, marks on the
//! performance timeline, yielding to the event loop between slices of long
//! work, fetching a host's data as a stream, and range requests for tiles
//! (`range`). One place for each (there
//! were four `now_ms`).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

mod chrome;
mod fetch;
pub mod pinyin;
pub mod range;
pub mod tiles;

pub use chrome::{measure_chrome, DOCKED};
pub use fetch::{fetch_geojson, fetch_geojson_streaming, DATA_FETCH_MARK, DATA_PARSED_MARK};

use std::sync::atomic::{AtomicBool, Ordering};

/// Set once the widget has panicked (see `fatal`).
static STOPPED: AtomicBool = AtomicBool::new(false);

/// False once the widget has panicked. Callbacks the browser keeps calling
/// (animation frames, observers, intervals) check it first and do nothing:
/// after a trap the reactive runtime is in an unknown state, and each call
/// into it would only throw again over the fatal overlay.
pub fn alive() -> bool {
    !STOPPED.load(Ordering::Relaxed)
}

/// Called by the panic hook: from now on `alive()` is false.
pub fn stop() {
    STOPPED.store(true, Ordering::Relaxed);
}

/// Whether the page asked for test hooks (`?testhooks=1` in its URL): the
/// dense canvas then writes what it drew (frame count, items, draw time, the
/// biggest cluster, the point nearest the centre) as attributes each frame.
/// Read once; the shipped page never pays for them. Not a widget option (a
/// portal has no use for it), so the option parser never sees it.
pub fn test_hooks() -> bool {
    thread_local! {
        static ON: bool = window()
            .location()
            .search()
            .ok()
            .is_some_and(|q| {
                q.trim_start_matches('?')
                    .split('&')
                    .any(|pair| pair == "testhooks=1")
            });
    }
    ON.with(|on| *on)
}

/// A mark on the page's performance timeline (the bench reads where the first
/// frame's time goes; tests measure phases between marks).
pub fn mark(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(name);
    }
}

/// Milliseconds on a monotonic clock.
pub fn now_ms() -> f64 {
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

/// Resolves after `ms` milliseconds (a timer: it also runs, throttled, in a
/// background tab, where animation frames do not).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// The message of a JavaScript error value.
pub fn js_error_text(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "network error".into())
}

//! Fetching a host's GeoJSON or CSV as a stream: converted while it
//! downloads, yielding to the event loop every few milliseconds, refused by
//! its announced or actual size. Never panics: every failure is a file error
//! in the data report.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{js_error_text, now_ms, yield_to_event_loop};
use crate::data::{AnyFormatLoader, FileError, Limits, LoadOutcome, StreamProgress};

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

/// Ring-check steps between two looks at the clock: about a millisecond's
/// worth on a desktop (some 30,000 steps take one in the release wasm).
const RING_CHECK_STEPS: usize = 20_000;

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

/// The registered symbol under which qikai-map.js keeps the data downloads it
/// started before the WebAssembly was ready (absolute URL -> Promise<Response>).
const EARLY_DATA_SYMBOL: &str = "qikai-map.early-data";

/// The download qikai-map.js started early for this URL, taken so it is read
/// once; `None` when there is none (then the widget fetches it itself).
fn take_early_response(url: &str) -> Option<js_sys::Promise> {
    let href = window().location().href().ok()?;
    let absolute = web_sys::Url::new_with_base(url, &href).ok()?.href();
    let key = js_sys::Symbol::for_(EARLY_DATA_SYMBOL);
    let early: js_sys::Map = js_sys::Reflect::get(&js_sys::global(), &key)
        .ok()?
        .dyn_into()
        .ok()?;
    let key = JsValue::from_str(&absolute);
    let response = early.get(&key).dyn_into::<js_sys::Promise>().ok()?;
    early.delete(&key);
    Some(response)
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
    let promise = take_early_response(url).unwrap_or_else(|| window().fetch_with_str(url));
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
    loader.check_rings_in_turns();
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
            // A big polygon's ring check, a few milliseconds at a time.
            while !loader.advance(RING_CHECK_STEPS) {
                if now_ms() - last_yield >= YIELD_EVERY_MS {
                    yield_to_event_loop().await;
                    last_yield = now_ms();
                    on_progress(loader.progress());
                }
            }
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

//! The pinyin table for search and the list's name order (issue 16). The
//! release build (feature `fetch-pinyin`) ships it as a file next to the
//! widget's script instead of inside the wasm the first view waits for: it
//! is fetched once per page, after the map is ready or on the first search,
//! whichever comes first, and shared by every widget on the page. Other
//! builds link it: [`status`] is `Ready` from the start and [`request`] does
//! nothing.
//!
//! Until it arrives, names are found by their characters and English names;
//! the search and the list read [`status`] (a signal), so they redo their
//! work with pinyin the moment it is there.

use leptos::prelude::*;

/// Where the pinyin readings stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinyinStatus {
    /// Not asked for yet.
    Idle,
    /// Being fetched.
    Loading,
    /// Installed: pinyin search and order work.
    Ready,
    /// The file could not be fetched or was not a table (asked for again on
    /// the next search).
    Failed,
}

thread_local! {
    /// One status per page: the table itself is global (`core::hanzi_pinyin`).
    /// Not owned by any widget's reactive owner, so it outlives them all.
    static STATUS: ArcRwSignal<PinyinStatus> = ArcRwSignal::new(if crate::core::hanzi_pinyin::is_available() {
        PinyinStatus::Ready
    } else {
        PinyinStatus::Idle
    });
}

/// The status, tracked: a memo or effect that reads it runs again when the
/// table arrives.
pub fn status() -> PinyinStatus {
    STATUS.with(|s| s.get())
}

/// Whether pinyin readings are available now, tracked like [`status`].
pub fn ready() -> bool {
    status() == PinyinStatus::Ready
}

/// The idle prefetch after start-up: as [`request_once`], unless the
/// visitor's browser asks to save data (`navigator.connection.saveData`, a
/// phone's data-saver): then the table waits for the first search.
pub fn prefetch() {
    let save_data =
        js_sys::Reflect::get(&leptos::prelude::window().navigator(), &"connection".into())
            .ok()
            .filter(|c| c.is_object())
            .and_then(|c| js_sys::Reflect::get(&c, &"saveData".into()).ok())
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
    if !save_data {
        request_once();
    }
}

/// Starts fetching the table if it was never asked for: typing asks with
/// this, so a failed fetch is not repeated on every key.
pub fn request_once() {
    if STATUS.with(|s| s.get_untracked()) == PinyinStatus::Idle {
        request();
    }
}

/// Starts fetching the table unless it is here or on its way (again, after
/// a failure).
pub fn request() {
    #[cfg(feature = "fetch-pinyin")]
    {
        let signal = STATUS.with(Clone::clone);
        if !matches!(
            signal.get_untracked(),
            PinyinStatus::Idle | PinyinStatus::Failed
        ) {
            return;
        }
        signal.set(PinyinStatus::Loading);
        leptos::task::spawn_local(async move {
            let outcome = fetched::table().await;
            signal.set(match outcome {
                Ok(()) => PinyinStatus::Ready,
                Err(reason) => {
                    web_sys::console::warn_1(
                        &format!("qikai-map: the pinyin table could not be loaded ({reason}); names are found by their characters and English names").into(),
                    );
                    PinyinStatus::Failed
                }
            });
        });
    }
}

#[cfg(feature = "fetch-pinyin")]
mod fetched {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use crate::platform::js_error_text;

    /// The registered symbol under which qikai-map.js keeps this build's
    /// asset URLs, resolved against its own URL (`{ pinyin: "https://…" }`):
    /// the table is found wherever the host serves the widget from.
    const ASSETS_SYMBOL: &str = "qikai-map.assets";

    fn table_url() -> Result<String, String> {
        let assets = js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_(ASSETS_SYMBOL))
            .map_err(|e| js_error_text(&e))?;
        js_sys::Reflect::get(&assets, &"pinyin".into())
            .ok()
            .and_then(|url| url.as_string())
            .ok_or_else(|| "its address is not known (qikai-map.js did not run)".to_string())
    }

    /// Fetches, checks and installs the table.
    pub(super) async fn table() -> Result<(), String> {
        let url = table_url()?;
        let response: web_sys::Response =
            JsFuture::from(leptos::prelude::window().fetch_with_str(&url))
                .await
                .map_err(|e| js_error_text(&e))?
                .dyn_into()
                .map_err(|_| "not a response".to_string())?;
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()));
        }
        let buffer = JsFuture::from(response.array_buffer().map_err(|e| js_error_text(&e))?)
            .await
            .map_err(|e| js_error_text(&e))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        crate::core::hanzi_pinyin::install(bytes).map_err(|e| e.to_string())
    }
}

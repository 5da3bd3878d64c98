use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Whether a CSS media query matches, kept up to date (e.g.
/// `(prefers-reduced-motion: reduce)`).
pub fn use_media_query(query: &'static str) -> ReadSignal<bool> {
    let list = window().match_media(query).ok().flatten();
    let (matches, set_matches) = signal(list.as_ref().is_some_and(|l| l.matches()));
    if let Some(list) = list {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            if let Some(l) = window().match_media(query).ok().flatten() {
                set_matches.set(l.matches());
            }
        });
        let _ = list.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
        let handles = SendWrapper::new((list, callback));
        on_cleanup(move || {
            let (list, callback) = handles.take();
            let _ = list
                .remove_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
        });
    }
    matches
}

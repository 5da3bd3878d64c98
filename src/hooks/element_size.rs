use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ResizeObserver, ResizeObserverEntry};

/// The content-box size of an element in CSS pixels, updated by a
/// `ResizeObserver`; `(0, 0)` until the element is mounted. A widget created in
/// a hidden tab or modal gets its real size when it is shown.
pub fn use_element_size(target: NodeRef<Div>) -> ReadSignal<(f64, f64)> {
    let (size, set_size) = signal((0.0, 0.0));
    Effect::new(move |_| {
        let Some(el) = target.get() else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        set_size.set((rect.width(), rect.height()));
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if !crate::platform::alive() {
                return;
            }
            if let Some(entry) = entries.get(0).dyn_ref::<ResizeObserverEntry>() {
                let r = entry.content_rect();
                set_size.set((r.width(), r.height()));
            }
        });
        let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) else {
            return;
        };
        observer.observe(&el);
        let handles = SendWrapper::new((observer, callback));
        on_cleanup(move || {
            let (observer, _callback) = handles.take();
            observer.disconnect();
        });
    });
    size
}

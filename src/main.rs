//! Boot only: panic hook, then mount the widget.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    let target = document
        .get_element_by_id("qikai-map")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .or_else(|| document.body());
    if let Some(target) = target {
        qikai_map::app::mount_default(target);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("qikai-map runs in the browser: build it with `trunk build --release` (see README).");
}

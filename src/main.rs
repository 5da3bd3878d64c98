//! Boot only: panic hook, then mount the widget.

#[cfg(target_arch = "wasm32")]
fn main() {
    use qikai_map::host::{options_from_element, options_from_url};
    use wasm_bindgen::JsCast;
    qikai_map::fatal::install_panic_overlay();
    let document = leptos::prelude::document();
    // Our own page (or an iframe of it): options from the URL, permalink in the hash.
    if let Some(el) = document
        .get_element_by_id("qikai-map")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        // The page's own widget lives as long as the page.
        let (options, problems) = options_from_url();
        std::mem::forget(qikai_map::mount::mount_with(el, options, problems, true));
    }
    // A host page's <div data-qikai-map data-lang="en" ...>: options from its attributes.
    if let Ok(hosts) = document.query_selector_all("[data-qikai-map]") {
        for i in 0..hosts.length() {
            if let Some(el) = hosts
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let (options, problems) = options_from_element(&el);
                std::mem::forget(qikai_map::mount::mount_with(el, options, problems, false));
            }
        }
    }
    // Anything else is mounted by the host calling `mount(element, options)`.
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("qikai-map runs in the browser: build it with `trunk build --release` (see README).");
}

//! Mounting a widget into an element: our own page's `#qikai-map`, a host's
//! `[data-qikai-map]` elements, or the host's `mount(element, options)` call.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::app::App;
use crate::embed::options::EmbedOptions;
use crate::host::options_from_js;
use crate::i18n::Lang;

/// The starting language: `?lang=` in the URL, then a `lang` attribute on the
/// mount element or an ancestor (a host portal's page), then the browser's
/// languages; Chinese otherwise. Our own index.html sets no `lang`, so the
/// browser decides there.
pub fn initial_lang(mount: Option<&web_sys::Element>) -> Lang {
    let from_url = window()
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("lang"))
        .and_then(|l| Lang::from_tag(&l));
    let from_element = mount
        .and_then(|el| el.closest("[lang]").ok().flatten())
        .and_then(|el| el.get_attribute("lang"))
        .and_then(|l| Lang::from_tag(&l));
    let from_browser = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .find_map(|l| Lang::from_tag(&l));
    from_url
        .or(from_element)
        .or(from_browser)
        .unwrap_or_default()
}

/// Mounts a widget into `element` with the embedded default data unless the
/// options name a data URL. `use_hash` keeps the permalink in the page URL.
pub fn mount_with(element: web_sys::HtmlElement, options: EmbedOptions, use_hash: bool) {
    let lang = options.lang.unwrap_or_else(|| initial_lang(Some(&element)));
    leptos::mount::mount_to(element, move || {
        view! { <App geojson=crate::DEFAULT_DATA lang=lang options=options use_hash=use_hash /> }
    })
    .forget();
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
    mount_with(element, options_from_js(&options), false);
}

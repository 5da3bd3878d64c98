//! Mounting a widget into an element: our own page's `#qikai-map`, a host's
//! `[data-qikai-map]` elements, or the host's `mount(element, options)` call,
//! which returns a handle (`crate::host::QikaiMapHandle`).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::app::App;
use crate::embed::options::{EmbedOptions, OptionProblem};
use crate::host::{options_from_js, HostLink, QikaiMapHandle};
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
/// options name a data URL. `owns_page`: our own page (or an iframe of it),
/// where the permalink lives in the URL hash and the widget sets the
/// document's title and language; a host's page keeps its own.
pub fn mount_with(
    element: web_sys::HtmlElement,
    options: EmbedOptions,
    problems: Vec<OptionProblem>,
    owns_page: bool,
) -> QikaiMapHandle {
    let lang = options.lang.unwrap_or_else(|| initial_lang(Some(&element)));
    let mut host = HostLink::new(element.clone(), owns_page, problems);
    // What the visitor tapped on the first view while the wasm loaded
    // (qikai-map.js marks it): the widget opens it, so the tap is not lost.
    host.first_view_pick = element
        .query_selector(":scope > .qk-first-view .qk-fv-chosen[data-qk-fv]")
        .ok()
        .flatten()
        .and_then(|el| el.get_attribute("data-qk-fv"));
    let instance = host.instance;
    let mounted = leptos::mount::mount_to(element.clone(), move || {
        view! { <App lang=lang options=options use_hash=owns_page host=host /> }
    });
    // The first view the page showed while the wasm loaded
    // (scene::first_view): the live map is in place in this same task, so
    // nothing blank is ever painted between them.
    if let Ok(Some(first_view)) = element.query_selector(":scope > .qk-first-view") {
        first_view.remove();
    }
    QikaiMapHandle::new(instance, element, Box::new(mounted))
}

/// Mounts a widget into `element` — the script-and-element way to embed —
/// and returns its handle (see the README's portal guide and
/// `qikai-map.d.ts`):
///
/// ```js
/// import { mount } from "./qikai-map.js";
/// const map = mount(document.getElementById("map"), { lang: "en", data: "/portal/nev.geojson" });
/// map.on("select", ({ id }) => console.log(id));
/// ```
///
/// Options are the URL parameters' names (`lang`, `data`, `layers`, `filter`,
/// `view`, `select`, `kiosk`, `idle`, `basemap`, `origins`, `share_base`, ...);
/// one the widget cannot use is reported as a `qikai:error` event and a
/// console warning, and its default kept.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> QikaiMapHandle {
    let (options, problems) = options_from_js(&options);
    mount_with(element, options, problems, false)
}

/// Mounts a widget into a `<qikai-map>` custom element, its attributes being
/// the options (`lang="en" data="/nev.geojson" share-base="..."`). Called by
/// the element's `connectedCallback` in `qikai-map.js`.
#[wasm_bindgen(js_name = mountElement)]
pub fn mount_element(element: web_sys::HtmlElement) -> QikaiMapHandle {
    let (options, problems) = crate::host::options_from_attributes(&element);
    mount_with(element, options, problems, false)
}

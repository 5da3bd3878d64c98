//! Host options read from the browser: the page URL's query, a mount
//! element's `data-*` attributes, or a JavaScript object. Parsing and checks
//! are the pure [`crate::embed::options`].

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::embed::options::EmbedOptions;

/// Options from the page URL's query string.
pub fn options_from_url() -> EmbedOptions {
    let search = leptos::prelude::window()
        .location()
        .search()
        .unwrap_or_default();
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

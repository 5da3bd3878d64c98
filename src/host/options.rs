//! Host options read from the browser: the page URL's query, a mount
//! element's `data-*` attributes, or a JavaScript object. Parsing and checks
//! are the pure [`crate::embed::options`].

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::embed::options::{EmbedOptions, OptionProblem};

/// Options from the page URL's query string, with the problems found.
pub fn options_from_url() -> (EmbedOptions, Vec<OptionProblem>) {
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
    EmbedOptions::from_pairs(pairs)
}

/// Options from `data-*` attributes of the mount element (`data-lang="en"`),
/// with the problems found (unknown names included: they were written by
/// hand).
pub fn options_from_element(el: &web_sys::Element) -> (EmbedOptions, Vec<OptionProblem>) {
    let names = el.get_attribute_names();
    let pairs: Vec<(String, String)> = names
        .iter()
        .filter_map(|n| n.as_string())
        .filter_map(|n| {
            let key = n.strip_prefix("data-")?.replace('-', "_");
            // The marker attribute itself.
            (key != "qikai_map").then_some(())?;
            Some((key, el.get_attribute(&n)?))
        })
        .collect();
    EmbedOptions::from_host_pairs(pairs)
}

/// Options from a custom element's attributes (`<qikai-map lang="en"
/// share-base="...">`): every attribute but the element's own `id`,
/// `class`, `style`, `hidden`, `title`, `role`, `aria-*` and `data-*`.
pub fn options_from_attributes(el: &web_sys::Element) -> (EmbedOptions, Vec<OptionProblem>) {
    let names = el.get_attribute_names();
    let pairs: Vec<(String, String)> = names
        .iter()
        .filter_map(|n| n.as_string())
        .filter(|n| {
            !matches!(
                n.as_str(),
                "id" | "class" | "style" | "hidden" | "title" | "role" | "tabindex"
            ) && !n.starts_with("aria-")
                && !n.starts_with("data-")
        })
        .filter_map(|n| Some((n.clone(), el.get_attribute(&n)?)))
        .collect();
    EmbedOptions::from_host_pairs(pairs)
}

/// Options from a JavaScript object (`{lang: "en", data: "/my.geojson"}`),
/// with the problems found; arrays are joined with commas, numbers and
/// booleans written out.
pub fn options_from_js(value: &JsValue) -> (EmbedOptions, Vec<OptionProblem>) {
    let Some(obj) = value.dyn_ref::<js_sys::Object>() else {
        let problems = if value.is_undefined() || value.is_null() {
            Vec::new()
        } else {
            vec![OptionProblem {
                name: "options".into(),
                reason: "expected an object such as {lang: \"en\"}",
            }]
        };
        return (EmbedOptions::default(), problems);
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
    EmbedOptions::from_host_pairs(pairs)
}

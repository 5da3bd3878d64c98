//! The visible mark on every figure computed from schematic positions (nearest
//! stations, coverage, what lies inside a drawn park, centroid distances): the
//! result says itself that it is illustrative, not only the method text.

use leptos::prelude::*;

use crate::i18n::{text, Lang, Msg};

/// The text of the mark, for places that draw rather than render (the PNG export).
pub fn illustrative_text(lang: Lang) -> &'static str {
    text(lang, Msg::Illustrative)
}

/// "示意：基于示意位置" / "Illustrative: based on schematic positions", as an inline badge.
#[component]
pub fn IllustrativeMark(lang: Lang) -> impl IntoView {
    view! { <span class="qk-illustrative">{illustrative_text(lang)}</span> }
}

//! A small SVG of a kind's symbol, for the legend and the details header.

use leptos::prelude::*;

use crate::core::model::FeatureKind;
use crate::scene::paths::symbol_path;
use crate::scene::style::symbol;

/// The symbol of `kind`, 24 px square; areas show a filled square in the area style.
#[component]
pub fn SymbolSwatch(kind: FeatureKind) -> impl IntoView {
    let sym = symbol(kind);
    let areal = matches!(kind, FeatureKind::Zone | FeatureKind::District);
    let shape = if areal {
        view! { <rect class=format!("qk-swatch-area qk-{}", kind.as_str()) x="3" y="5" width="18" height="14" /> }.into_any()
    } else {
        view! {
            <path transform="translate(12 12)" d=symbol_path(sym.shape, 7.0) fill=sym.fill stroke=sym.stroke />
        }
        .into_any()
    };
    view! {
        <svg class="qk-swatch" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
            {shape}
        </svg>
    }
}

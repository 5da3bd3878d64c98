//! The map surface: a labelled, focusable region holding the layers. Its
//! size goes to the camera (`state.resize_map`); its input goes through the
//! one input path ([`crate::hooks::use_map_input`]).

use leptos::prelude::*;
use web_sys::MouseEvent;

use super::analysis_layer::{AnalysisLayer, CoverageLayer};
use super::basemap_layer::BasemapLayer;
use super::dense_layer::dense_chunk;
use super::feature_layer::{FeatureLayer, LabelLayer};
use super::lazy::lazy_part;
use crate::hooks::{use_element_size, use_map_input};
use crate::i18n::Msg;
use crate::state::AppState;
use crate::view::viewport::ScreenSize;

/// The interactive map.
#[component]
pub fn MapView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let container = state.camera.map_el;
    let size = use_element_size(container);
    Effect::new(move |_| {
        let (w, h) = size.get();
        // Hidden (display: none, a closed modal): keep the last view.
        if w >= 1.0 && h >= 1.0 {
            state.resize_map(ScreenSize {
                width_px: w,
                height_px: h,
            });
        }
    });
    let input = use_map_input(state, container);

    let canvas = state.data.dense_mode || state.tiles.enabled();

    view! {
        <div
            class="qk-map"
            node_ref=container
            role="region"
            tabindex="0"
            aria-label=move || state.t(Msg::MapLabel)
            aria-describedby=state.ui.id("map-help")
            class:qk-cooperative=state.ui.cooperative
            class:qk-has-basemap=state.ui.basemap.with_value(Option::is_some)
            on:pointerdown=move |ev| input.pointer_down(ev)
            on:pointermove=move |ev| input.pointer_move(ev)
            on:pointerup=move |ev| input.pointer_up(ev)
            on:pointercancel=move |ev| input.pointer_cancel(ev)
            on:wheel=move |ev| input.wheel(ev)
            on:touchstart=move |ev| input.touch_start(ev)
            on:touchmove=move |ev| input.touch_move(ev)
            on:keydown=move |ev| input.key_down(ev)
            on:dblclick=|ev: MouseEvent| ev.prevent_default()
            on:contextmenu=move |ev| input.context_menu(ev)
        >
            <p id=state.ui.id("map-help") class="qk-visually-hidden">{move || state.t(Msg::MapHelp)}</p>
            {move || input.hint.get().map(|m| view! { <p class="qk-coop-hint" role="status">{state.t(m)}</p> })}
            <MapSvg class="qk-svg">
                <BasemapLayer />
                <FeatureLayer areas=true />
                <CoverageLayer />
                {(!canvas).then(over_areas)}
            </MapSvg>
            // With a canvas (dense data, tiles) the map is three layers: the
            // areas, the canvas's clusters and points over them, and the
            // page's own points, the analysis and every label on top, so no
            // cluster hides a name or the selection. The top layer passes
            // pointer events through except on its features.
            {canvas.then(|| lazy_part(|| true, dense_chunk))}
            {canvas.then(|| view! { <MapSvg class="qk-svg qk-svg-over">{over_areas()}</MapSvg> })}
        </div>
    }
}

/// One SVG layer of the map, as large as the map.
#[component]
fn MapSvg(class: &'static str, children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let size = move || state.camera.view.get().size();
    view! {
        <svg
            class=class
            width=move || format!("{:.0}", size().width_px)
            height=move || format!("{:.0}", size().height_px)
            role="group"
            aria-label=move || state.t(Msg::Features)
        >
            {children()}
        </svg>
    }
}

/// What lies over the areas (and over the canvas, when there is one): the
/// page's own points, the analysis and every label.
fn over_areas() -> impl IntoView {
    view! {
        <FeatureLayer areas=false />
        <AnalysisLayer />
        <LabelLayer />
    }
}

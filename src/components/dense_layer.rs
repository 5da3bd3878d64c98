//! Large point sets on a canvas: the scene's cluster draw list, executed at
//! most once per animation frame however many view changes arrive in between.
//! Taps are answered by the scene through the cluster index (the map input
//! hook asks `Scene::hit`), not by DOM nodes; a live summary tells screen
//! readers what the canvas shows. With `?testhooks=1` it also writes what it
//! drew as attributes, for the tests.

use leptos::html::Canvas;
use leptos::prelude::*;

use super::lazy::split_point;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::core::catalog::Catalog;
use crate::i18n::format;
use crate::platform::{now_ms, test_hooks};
use crate::render::dense_canvas::{draw_coverage, draw_dense, draw_list, DenseStyle};
use crate::scene::tiled::TiledScene;
use crate::scene::Scene;
use crate::state::AppState;
use crate::view::viewport::Viewport;

/// The font the canvas writes with (the page's, as far as a canvas can tell).
const CANVAS_FONT: &str =
    "system-ui, \"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif";

/// The canvas over the map; present only when the catalog is dense or
/// tiles are read (`tiles=`).
#[component]
pub fn DenseLayerCanvas() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas = NodeRef::<Canvas>::new();
    let frame_pending = StoredValue::new(false);
    let frames = StoredValue::new(0u32);
    // (features in view, clusters, items), for the summary.
    let shown = RwSignal::new((0usize, 0usize, 0usize));

    let draw = move || {
        // Gone after a panic, or destroyed since the frame was asked for.
        if !crate::platform::alive() || frame_pending.try_set_value(false).is_some() {
            return;
        }
        let scene = state.derived.scene.get_untracked();
        let tiled = state
            .tiles
            .enabled()
            .then(|| state.tiles.scene.get_untracked());
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        if scene.clusters.is_none() && tiled.is_none() {
            return;
        }
        let hooks = test_hooks();
        let started = if hooks { now_ms() } else { 0.0 };
        let view = scene.view;
        let size = view.size();
        let dpr = window().device_pixel_ratio().max(1.0);
        let (w, h) = (
            (size.width_px * dpr).round() as u32,
            (size.height_px * dpr).round() as u32,
        );
        if el.width() != w || el.height() != h {
            el.set_width(w);
            el.set_height(h);
        }
        let Some(ctx) = el
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, size.width_px, size.height_px);
        // Coverage rings of the stations in view, under the symbols.
        let discs: Vec<(f64, f64, f64)> =
            scene.coverage.iter().map(|(c, r)| (c.x, c.y, *r)).collect();
        draw_coverage(&ctx, &discs, size.width_px, size.height_px);
        let catalog = state.data.catalog.get_value();
        let selected = state
            .selection
            .selected
            .with_untracked(|s| s.as_deref().and_then(|id| catalog.position_of(id)));
        let mut style = DenseStyle {
            symbol_scale: scene.symbol_scale,
            lang: state.ui.lang.get_untracked(),
            font_family: CANVAS_FONT,
            selected,
        };
        let mut summary = (0, 0, 0);
        // Tiled points under the page's own (which the analysis covers).
        if let Some(tiled) = tiled.as_ref() {
            style.selected = None;
            draw_list(&ctx, &tiled.list, &|i| tiled.is_schematic(i), &style);
            style.selected = selected;
            summary = (
                tiled.list.features_shown,
                tiled.list.clusters,
                tiled.list.items.len(),
            );
        }
        if let Some(list) = scene.clusters.as_ref() {
            draw_dense(&ctx, list, &catalog, &style);
            summary.0 += list.features_shown;
            summary.1 += list.clusters;
            summary.2 += list.items.len();
        }
        if hooks {
            frames.update_value(|n| *n = n.wrapping_add(1));
            write_test_hooks(&el, &scene, &catalog, frames.get_value(), started);
            if let Some(tiled) = tiled.as_ref() {
                write_tiled_hooks(&el, tiled, &view);
            }
        }
        if shown.get_untracked() != summary {
            shown.set(summary);
        }
    };

    // Any change that alters the picture asks for one frame.
    Effect::new(move |_| {
        state.derived.scene.track();
        if state.tiles.enabled() {
            state.tiles.scene.track();
        }
        // Not in the scene: the ring of the selection, the counts' language
        // (a map of points only has the same scene in both).
        state.selection.selected.track();
        state.ui.lang.track();
        if !frame_pending.get_value() {
            frame_pending.set_value(true);
            request_animation_frame(draw);
        }
    });

    view! {
        <canvas class="qk-dense" node_ref=canvas aria-hidden="true"></canvas>
        {move || state.data.clustering.get().then(|| view! {
            <p class="qk-clustering" role="status">{state.t(crate::i18n::Msg::Clustering)}</p>
        })}
        <p class="qk-visually-hidden" role="status" aria-live="polite">
            {move || {
                let (features, clusters, items) = shown.get();
                format::dense_summary(state.ui.lang.get(), features, clusters, items)
            }}
        </p>
    }
}

/// For tests and the bench (`?testhooks=1` only): what was drawn, how long
/// it took, and where the biggest cluster and the single point nearest the
/// centre are drawn, so tests can tap what a user would see.
fn write_test_hooks(
    el: &web_sys::HtmlCanvasElement,
    scene: &Scene,
    catalog: &Catalog,
    frame: u32,
    started: f64,
) {
    let _ = el.set_attribute("data-frame", &frame.to_string());
    let Some(list) = scene.clusters.as_ref() else {
        return;
    };
    let _ = el.set_attribute("data-items", &list.items.len().to_string());
    let _ = el.set_attribute("data-features", &list.features_shown.to_string());
    let finished = now_ms();
    let _ = el.set_attribute("data-draw-ms", &format!("{:.2}", finished - started));
    let _ = el.set_attribute("data-drawn-at", &format!("{finished:.2}"));
    let top = scene.top_cluster().map_or(String::new(), |(at, n)| {
        format!("{:.1},{:.1},{n}", at.x, at.y)
    });
    let _ = el.set_attribute("data-top-cluster", &top);
    let centre = scene.centre_point().map_or(String::new(), |(at, i)| {
        let id = catalog.features().get(i).map_or("", |f| f.id.as_str());
        format!("{:.1},{:.1},{id}", at.x, at.y)
    });
    let _ = el.set_attribute("data-centre-point", &centre);
}

/// For tests (`?testhooks=1` only): what the tiled layer drew, and where its
/// biggest cluster and the tiled point nearest the centre are.
fn write_tiled_hooks(el: &web_sys::HtmlCanvasElement, tiled: &TiledScene, view: &Viewport) {
    let list = &tiled.list;
    let _ = el.set_attribute("data-tiled-items", &list.items.len().to_string());
    let _ = el.set_attribute("data-tiled-clusters", &list.clusters.to_string());
    let _ = el.set_attribute("data-tiled-features", &list.features_shown.to_string());
    let top = tiled.top_cluster().map_or(String::new(), |(at, n)| {
        format!("{:.1},{:.1},{n}", at.x, at.y)
    });
    let _ = el.set_attribute("data-tiled-top-cluster", &top);
    // The point's place in its tile, not its id: an id would mean reading
    // the whole feature again from the tile on every frame.
    let centre = tiled
        .centre_point(view)
        .map_or(String::new(), |(at, place)| {
            format!("{:.1},{:.1},{place}", at.x, at.y)
        });
    let _ = el.set_attribute("data-tiled-centre-point", &centre);
    let _ = el.set_attribute("data-tiled-drawn-at", &format!("{:.2}", now_ms()));
}

fn render() -> AnyView {
    view! { <DenseLayerCanvas /> }.into_any()
}

// The dense canvas (dense data and tiles) is its own wasm chunk (issue 16): the first view does not need it.
split_point!(pub fn dense_chunk => dense, render);

/// Starts the tiled data (`AppState::track_tiles`): opening the archive,
/// planning, fetching, inflating and decoding tiles. Draws nothing itself.
fn start_tiles() -> AnyView {
    let state = expect_context::<crate::state::AppState>();
    // Named here, in the chunk, so a tap's decoding lives in it too.
    state
        .tiles
        .set_point_reader(crate::scene::tiled::TiledScene::feature);
    state.track_tiles();
    ().into_any()
}

// The tiles' reader (PMTiles, MVT, inflate) is its own wasm chunk (issue 16):
// only a portal given tiles needs it.
split_point!(pub fn tiles_chunk => tiles, start_tiles);

//! Large point sets on a canvas: the dense layer's draw list, executed at most
//! once per animation frame however many view changes arrive in between.
//! Taps are answered through the cluster index by the map view, not by DOM
//! nodes; a live summary tells screen readers what the canvas shows.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use super::feature_layer::label_font_px;
use crate::core::model::FeatureKind;
use crate::i18n::format;
use crate::render::dense_canvas::{draw_coverage, draw_dense, DenseStyle};
use crate::scene::dense::{padded_view_box, DrawItem};
use crate::state::AppState;
use crate::view::mercator::ground_resolution_m_per_px;
use crate::view::mercator::ScreenPoint;

/// The font the canvas writes with (the page's, as far as a canvas can tell).
const CANVAS_FONT: &str =
    "system-ui, \"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif";

/// The canvas over the map; present only when the catalog is dense.
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
        let (Some(el), Some(layer)) = (canvas.get_untracked(), state.data.dense.get_untracked())
        else {
            return;
        };
        let started = now_ms();
        let view = state.camera.view.get_untracked();
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
        if let (Some(radius_m), true) = (
            state.tools.coverage_radius_m.get_untracked(),
            state
                .layers
                .visible
                .with_untracked(|v| v[FeatureKind::SwapStation.index()]),
        ) {
            let r_px = radius_m / ground_resolution_m_per_px(view.center().lat, view.zoom());
            let in_view = padded_view_box(&view, r_px);
            let mut discs = Vec::new();
            state.data.stations.with_value(|s| {
                s.index().for_each_in_box(in_view, |_, p| {
                    let c = view.lnglat_to_screen(p);
                    // At the station's own Mercator scale, as the SVG rings.
                    let r = radius_m / ground_resolution_m_per_px(p.lat, view.zoom());
                    discs.push((c.x, c.y, r));
                });
            });
            draw_coverage(&ctx, &discs, size.width_px, size.height_px);
        }
        let list = layer.draw_list(&view);
        let catalog = state.data.catalog.get_value();
        let selected = state
            .selection
            .selected
            .with_untracked(|s| s.as_deref().and_then(|id| catalog.position_of(id)));
        let style = DenseStyle {
            symbol_scale: label_font_px(size.width_px, state.ui.large.get_untracked()) / 12.0,
            lang: state.ui.lang.get_untracked(),
            font_family: CANVAS_FONT,
            selected,
        };
        draw_dense(&ctx, &list, &catalog, &style);
        frames.update_value(|n| *n = n.wrapping_add(1));
        // For tests and the bench: what was drawn and how long it took.
        let _ = el.set_attribute("data-frame", &frames.get_value().to_string());
        let _ = el.set_attribute("data-items", &list.items.len().to_string());
        let _ = el.set_attribute("data-features", &list.features_shown.to_string());
        let finished = now_ms();
        let _ = el.set_attribute("data-draw-ms", &format!("{:.2}", finished - started));
        let _ = el.set_attribute("data-drawn-at", &format!("{finished:.2}"));
        // Where the biggest cluster and the single point nearest the centre
        // are drawn, so tests can tap what a user would see.
        let centre = (size.width_px / 2.0, size.height_px / 2.0);
        let biggest = list
            .items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Cluster { at, count, .. } => Some((*count, *at)),
                DrawItem::Point { .. } => None,
            })
            .max_by_key(|(count, _)| *count);
        let _ = el.set_attribute(
            "data-top-cluster",
            &biggest.map_or(String::new(), |(n, at)| {
                format!("{:.1},{:.1},{n}", at.x, at.y)
            }),
        );
        let nearest = list
            .items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Point { at, feature, .. } => Some((*at, *feature)),
                DrawItem::Cluster { .. } => None,
            })
            .min_by(|a, b| {
                let d = |p: &ScreenPoint| (p.x - centre.0).hypot(p.y - centre.1);
                d(&a.0).total_cmp(&d(&b.0))
            });
        let _ = el.set_attribute(
            "data-centre-point",
            &nearest.map_or(String::new(), |(at, i)| {
                let id = catalog.features().get(i).map_or("", |f| f.id.as_str());
                format!("{:.1},{:.1},{id}", at.x, at.y)
            }),
        );
        let summary = (list.features_shown, list.clusters, list.items.len());
        if shown.get_untracked() != summary {
            shown.set(summary);
        }
    };

    // Any change that alters the picture asks for one frame.
    Effect::new(move |_| {
        state.camera.view.track();
        state.data.dense.track();
        state.selection.selected.track();
        state.ui.lang.track();
        state.ui.large.track();
        state.tools.coverage_radius_m.track();
        state.layers.visible.track();
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

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

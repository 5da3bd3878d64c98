//! Builds the PNG export's scene from the widget state (what is on screen now).

use super::feature_layer::{compute_labels, label_font_px};
use super::illustrative::illustrative_text;
use crate::core::model::{FeatureKind, Geometry};
use crate::i18n::{fill, format, kind_name, text, Msg, ARTICLE_TITLE};
use crate::render::export_png::{download_png, draw, ExportScene, LegendSwatch};
use crate::scene::paths::{polygons_path, symbol_path};
use crate::scene::style::{area_style, symbol, LEGEND_KINDS};
use crate::state::AppState;
use crate::view::scale_bar::scale_bar;
use leptos::prelude::*;

const EXPORT_FONT: &str =
    "system-ui, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif";

/// Draws the current view with legend, scale bar and attribution, and downloads it.
pub fn export_current_view(state: AppState) {
    let view = state.camera.view.get_untracked();
    let lang = state.ui.lang.get_untracked();
    let size = view.size();
    let k = label_font_px(size.width_px, state.ui.large.get_untracked()) / 12.0;
    let visible = state.layers.visible.get_untracked();
    let fans = state.data.fan_offsets.get_value();
    let (areas, points, legend) = state.data.catalog.with_value(|c| {
        let mut areas = Vec::new();
        let mut points = Vec::new();
        for (f, fan) in c.features().iter().zip(fans.iter().copied()) {
            if !visible[f.kind.index()] || !untrack(|| state.passes_filter(f)) {
                continue;
            }
            match &f.geometry {
                Geometry::Point(p) => {
                    let s = view.lnglat_to_screen(*p);
                    let mut sym = symbol(f.kind);
                    sym.radius_px *= k;
                    let d = symbol_path(sym.shape, sym.radius_px);
                    points.push((
                        s.x + fan.0 * k,
                        s.y + fan.1 * k,
                        d,
                        sym,
                        f.position_accuracy.is_schematic(),
                    ));
                }
                g => areas.push((polygons_path(&g.polygons(), &view), area_style(f.kind))),
            }
        }
        let legend: Vec<(LegendSwatch, String)> = LEGEND_KINDS
            .into_iter()
            .filter(|kind| visible[kind.index()] && c.count(*kind) > 0)
            .map(|kind| {
                let swatch = match kind {
                    FeatureKind::Zone | FeatureKind::District => {
                        LegendSwatch::Area(area_style(kind))
                    }
                    _ => LegendSwatch::Point(symbol(kind)),
                };
                (
                    swatch,
                    format!("{}  {}", kind_name(lang, kind), c.count(kind)),
                )
            })
            .collect();
        (areas, points, legend)
    });
    let (font_px, placed) = untrack(|| compute_labels(state, false));
    let labels = placed
        .into_iter()
        .map(|l| {
            (
                l.left_px + 3.0,
                l.middle_px + font_px / 3.0,
                l.text,
                font_px,
            )
        })
        .collect();
    let bar = scale_bar(view.center().lat, view.zoom(), 100.0);
    let scene = ExportScene {
        width_px: size.width_px,
        height_px: size.height_px,
        title: text(lang, Msg::AppTitle).to_string(),
        mark: illustrative_text(lang).to_string(),
        areas,
        points,
        labels,
        legend,
        scale: (bar.width_px, format::length(lang, bar.length_m)),
        attribution: vec![
            text(lang, Msg::Provenance).to_string(),
            fill(
                text(lang, Msg::Attribution),
                &[("title", ARTICLE_TITLE.to_string())],
            ),
        ],
        font_family: EXPORT_FONT.to_string(),
    };
    if let Some(canvas) = draw(&scene, |sym, r| symbol_path(sym.shape, r)) {
        download_png(&canvas, "qikai-map.png");
    }
}

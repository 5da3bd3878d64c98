//! Builds the PNG export from the widget state: the map's scene (what is on
//! screen now, labels placed without the chrome), its legend, scale bar and
//! credits.

use super::illustrative::illustrative_text;
use crate::core::model::FeatureKind;
use crate::i18n::{format, kind_name};
use crate::render::export_png::{download_png, draw, ExportScene, LegendSwatch};
use crate::scene::style::{area_style, symbol, LEGEND_KINDS};
use crate::state::AppState;
use crate::view::scale_bar::scale_bar;
use leptos::prelude::*;

const EXPORT_FONT: &str =
    "system-ui, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', sans-serif";

/// Draws the current view with legend, scale bar and attribution, and downloads it.
pub fn export_current_view(state: AppState) {
    let map = state.export_scene();
    let lang = state.ui.lang.get_untracked();
    let visible = state.layers.visible.get_untracked();
    let catalog = state.data.catalog.get_value();
    let legend: Vec<(LegendSwatch, String)> = LEGEND_KINDS
        .into_iter()
        .filter(|kind| visible[kind.index()] && catalog.count(*kind) > 0)
        .map(|kind| {
            let swatch = match kind {
                FeatureKind::Zone | FeatureKind::District => LegendSwatch::Area(area_style(kind)),
                _ => LegendSwatch::Point(symbol(kind)),
            };
            (
                swatch,
                format!("{}  {}", kind_name(lang, kind), catalog.count(kind)),
            )
        })
        .collect();
    // The same rule as the footer: the schematic note only when a position
    // in the data is schematic.
    let any_schematic = catalog
        .features()
        .iter()
        .any(|f| f.position_accuracy.is_schematic());
    let bar = scale_bar(map.view.center().lat, map.view.zoom(), 100.0);
    let scene = ExportScene {
        map,
        catalog,
        lang,
        title: state.ui.title(lang),
        mark: illustrative_text(lang).to_string(),
        legend,
        scale: (bar.width_px, format::length(lang, bar.length_m)),
        attribution: state
            .ui
            .credits
            .get_value()
            .plain_lines(lang, any_schematic),
        font_family: EXPORT_FONT.to_string(),
    };
    if let Some(canvas) = draw(&scene) {
        download_png(&canvas, "qikai-map.png");
    }
}

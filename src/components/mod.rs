//! Thin Leptos views, one component per file: they read `AppState`, call
//! pure code and render. All text comes from `crate::i18n`.

pub mod analysis_layer;
pub mod analysis_panel;
pub mod attribution;
pub mod basemap_layer;
pub mod controls;
pub mod data_report;
pub mod dense_layer;
pub mod details;
pub mod export;
pub mod feature_layer;
pub mod feature_list;
pub mod filter_panel;
pub mod illustrative;
pub mod kiosk;
pub mod lazy;
pub mod legend;
pub mod map_view;
pub mod more_panel;
pub mod same_spot;
pub mod search_box;
pub mod share_panel;
pub mod sheet;
pub mod side_panel;
pub mod stats_panel;
pub mod story_panel;
pub mod symbol_swatch;
pub mod tabs;
pub mod toolbar;

/// The name of a feature in the current language.
pub fn feature_name(lang: crate::i18n::Lang, f: &crate::core::model::Feature) -> String {
    lang.pick(&f.name_zh, &f.name_en).to_string()
}

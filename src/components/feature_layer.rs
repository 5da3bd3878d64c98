//! The features as SVG: polygons as paths, points as symbols, each focusable
//! and named for screen readers; and the labels that fit.

use std::sync::Arc;

use leptos::prelude::*;

use super::feature_name;
use crate::core::model::{Feature, FeatureKind, Geometry};
use crate::i18n::{kind_singular, text, Lang, Msg};
use crate::scene::labels::{estimate_text_width_px, place_labels, short_label, LabelCandidate};
use crate::scene::paths::{polygons_path, symbol_path};
use crate::scene::style::symbol;
use crate::state::AppState;
use crate::view::mercator::ScreenPoint;

/// What a screen reader says for a feature: name, kind and, when it is not a
/// real position, that it is schematic.
pub fn accessible_name(lang: Lang, f: &Feature) -> String {
    let mut s = format!("{}, {}", feature_name(lang, f), kind_singular(lang, f.kind));
    if f.position_accuracy.is_schematic() {
        s.push_str(", ");
        s.push_str(text(lang, Msg::SchematicBadge));
    }
    s
}

/// The areas (`areas`) or the points, bottom layer first. Split so that
/// coverage rings can be drawn between them: over the area fills, under the
/// points.
#[component]
pub fn FeatureLayer(
    /// Areas if true, else points.
    areas: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let catalog = state.data.catalog.get_value();
    let offsets = state.data.fan_offsets.get_value();
    // A dense map draws its points on the canvas layer.
    let dense = state.data.dense_mode;
    catalog
        .features()
        .iter()
        .zip(offsets.iter().copied())
        .filter(|(f, _)| matches!(f.geometry, Geometry::Point(_)) != areas)
        .filter(|(f, _)| !(dense && matches!(f.geometry, Geometry::Point(_))))
        .map(|(f, offset)| {
            let f = Arc::new(f.clone());
            match f.geometry {
                Geometry::Point(_) => view! { <PointFeature feature=f offset=offset /> }.into_any(),
                _ => view! { <AreaFeature feature=f /> }.into_any(),
            }
        })
        .collect_view()
}

fn is_selected(state: AppState, id: &str) -> bool {
    state.selection.selected.with(|s| s.as_deref() == Some(id))
}

/// A polygon feature.
#[component]
fn AreaFeature(feature: Arc<Feature>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let kind = feature.kind;
    let id = feature.id.clone();
    let id_for_class = id.clone();
    // Districts are context: clickable, but not a Tab stop each.
    let tab_stop = (kind != FeatureKind::District).then_some("0");
    let f_path = feature.clone();
    let f_label = feature.clone();
    let f_filter = feature.clone();
    let d = move || polygons_path(&f_path.geometry.polygons(), &state.camera.view.get());
    view! {
        <path
            class=format!("qk-f qk-area qk-{}", kind.as_str())
            class:qk-selected=move || is_selected(state, &id_for_class)
            class:qk-schematic=feature.position_accuracy.is_schematic()
            data-feature-id=id
            d=d
            fill-rule="evenodd"
            tabindex=tab_stop
            role="button"
            aria-label=move || accessible_name(state.ui.lang.get(), &f_label)
            style:display=move || if state.layers.is_visible(kind) && state.passes_filter(&f_filter) { "inline" } else { "none" }
        />
    }
}

/// A point feature: symbol, a larger invisible touch target, a dashed ring for
/// schematic positions and a halo when selected.
#[component]
fn PointFeature(
    feature: Arc<Feature>,
    /// Screen offset from the true position, for points sharing a spot.
    offset: (f64, f64),
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let Geometry::Point(at) = feature.geometry else {
        return ().into_any();
    };
    let kind = feature.kind;
    let sym = symbol(kind);
    let r = sym.radius_px;
    let id = feature.id.clone();
    let id_for_class = id.clone();
    let schematic = feature.position_accuracy.is_schematic();
    let f_label = feature.clone();
    let f_filter = feature.clone();
    let transform = move || {
        let view = state.camera.view.get();
        let p = view.lnglat_to_screen(at);
        // Symbols grow with labels on expo screens and in large-text mode.
        let k = label_font_px(view.size().width_px, state.ui.large.get()) / 12.0;
        format!(
            "translate({:.1} {:.1}) scale({k:.2})",
            p.x + offset.0 * k,
            p.y + offset.1 * k
        )
    };
    view! {
        <g
            class=format!("qk-f qk-point qk-{}", kind.as_str())
            class:qk-selected=move || is_selected(state, &id_for_class)
            class:qk-schematic=schematic
            data-feature-id=id
            transform=transform
            tabindex="0"
            role="button"
            aria-label=move || accessible_name(state.ui.lang.get(), &f_label)
            style:display=move || if state.layers.is_visible(kind) && state.passes_filter(&f_filter) { "inline" } else { "none" }
        >
            <circle class="qk-hit" r="22" />
            <circle class="qk-halo" r=format!("{:.1}", r + 9.0) />
            {schematic.then(|| view! { <circle class="qk-schematic-ring" r=format!("{:.1}", r + 5.0) /> })}
            <path class="qk-symbol" d=symbol_path(sym.shape, r) fill=sym.fill stroke=sym.stroke />
        </g>
    }
    .into_any()
}

fn label_priority(kind: FeatureKind) -> i32 {
    match kind {
        FeatureKind::Zone => 100,
        FeatureKind::Project => 50,
        FeatureKind::Park => 45,
        FeatureKind::SwapStation => 40,
        FeatureKind::Landmark => 30,
        FeatureKind::District => 10,
    }
}

/// Label size for the map's width (expo screens are read from further away)
/// and the large-text mode. Placement uses the same size, so labels that fit
/// never overlap.
pub fn label_font_px(map_width_px: f64, large: bool) -> f64 {
    // In step with the chrome's text (30 px at 3840, 20 px at 1920, 16 px):
    // a little smaller, as map labels are.
    let base = if map_width_px >= 3000.0 {
        26.0
    } else if map_width_px >= 1800.0 {
        16.0
    } else {
        12.0
    };
    if large {
        base * 1.35
    } else {
        base
    }
}

/// A label placed on the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapLabel {
    /// Left end of the text, screen pixels.
    pub left_px: f64,
    /// Vertical middle of the text, screen pixels.
    pub middle_px: f64,
    /// The text.
    pub text: String,
    /// The labelled feature's kind (its label style).
    pub kind: FeatureKind,
    /// The labelled area's id: area labels select their area on a tap (the
    /// zone and the districts are not selected by a tap on their inside,
    /// which is the empty map).
    pub area_id: Option<String>,
}

/// Longest label on a narrow map (a phone): the details panel has the rest.
fn max_label_chars(map_width_px: f64) -> usize {
    if map_width_px < 520.0 {
        20
    } else {
        28
    }
}

/// The labels that fit, with the font size, for the current view, language,
/// layers, filter and, with `avoid_chrome`, the chrome (tracked: call it
/// inside a memo to recompute on change). On screen, labels never go under
/// the chrome over the map; an exported picture has none.
pub fn compute_labels(state: AppState, avoid_chrome: bool) -> (f64, Vec<MapLabel>) {
    let fans = state.data.fan_offsets.get_value();
    let view = state.camera.view.get();
    let lang = state.ui.lang.get();
    let catalog = state.data.catalog.get_value();
    let size = view.size();
    let mut texts = Vec::new();
    let mut candidates = Vec::new();
    let mut obstacles = if avoid_chrome {
        state.camera.chrome.with(|c| c.boxes.clone())
    } else {
        Vec::new()
    };
    let font_px = label_font_px(size.width_px, state.ui.large.get());
    let max_chars = max_label_chars(size.width_px);
    // A dense map labels its areas only (the canvas shows counts, not
    // names), and walks just those: this runs on every camera change.
    let labelled: Box<dyn Iterator<Item = (&Feature, &(f64, f64))>> = if state.data.dense_mode {
        Box::new(catalog.areas().map(|f| (f, &(0.0, 0.0))))
    } else {
        Box::new(catalog.features().iter().zip(fans.iter()))
    };
    for (f, fan) in labelled {
        if !state.layers.is_visible(f.kind) || !state.passes_filter(f) {
            continue;
        }
        let (anchor, gap) = match &f.geometry {
            Geometry::Point(p) => {
                let s = view.lnglat_to_screen(*p);
                let k = font_px / 12.0;
                let at = ScreenPoint::new(s.x + fan.0 * k, s.y + fan.1 * k);
                let r = symbol(f.kind).radius_px * font_px / 12.0;
                obstacles.push((at.x - r, at.y - r, at.x + r, at.y + r));
                (at, r + 4.0)
            }
            g => match g.bounds() {
                // Areas are labelled at the middle of their box (districts)
                // or just above it (the zone, parks), so labels do not sit on symbols.
                Some(b) if f.kind == FeatureKind::District => {
                    (view.lnglat_to_screen(b.center()), 0.0)
                }
                Some(b) => {
                    let top = view.lnglat_to_screen(crate::core::coord::LngLat::lon_lat(
                        b.min.lng, b.max.lat,
                    ));
                    (ScreenPoint::new(top.x, top.y - 8.0), 0.0)
                }
                None => continue,
            },
        };
        let text = short_label(&feature_name(lang, f), max_chars);
        candidates.push(LabelCandidate {
            anchor,
            gap_px: gap,
            width_px: estimate_text_width_px(&text, font_px) + 6.0,
            height_px: font_px + 4.0,
            priority: label_priority(f.kind),
        });
        let area_id = (!matches!(f.geometry, Geometry::Point(_))).then(|| f.id.clone());
        texts.push((text, f.kind, area_id));
    }
    let placed = place_labels(&candidates, &obstacles, size.width_px, size.height_px)
        .into_iter()
        .map(|p| {
            let (text, kind, area_id) = texts[p.index].clone();
            MapLabel {
                left_px: p.bounds.0,
                middle_px: (p.bounds.1 + p.bounds.3) / 2.0,
                text,
                kind,
                area_id,
            }
        })
        .collect::<Vec<_>>();
    (font_px, placed)
}

/// Labels where there is room, recomputed when the view, language or layers
/// change. An area's label is its tap target on the map.
#[component]
pub fn LabelLayer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let labels = Memo::new(move |_| compute_labels(state, true));
    view! {
        <g class="qk-labels" aria-hidden="true">
            {move || {
                let (font_px, placed) = labels.get();
                placed
                    .into_iter()
                    .map(|l| {
                        view! {
                            <text
                                class=format!(
                                    "qk-label qk-label-{}{}",
                                    l.kind.as_str(),
                                    if l.area_id.is_some() { " qk-label-link" } else { "" }
                                )
                                data-feature-id=l.area_id
                                font-size=format!("{font_px:.0}")
                                x=format!("{:.1}", l.left_px + 3.0)
                                y=format!("{:.1}", l.middle_px + font_px / 3.0)
                            >
                                {l.text}
                            </text>
                        }
                    })
                    .collect_view()
            }}
        </g>
    }
}

//! The features as SVG: polygons as paths, points as symbols, each focusable
//! and named for screen readers; and the labels that fit. Whether and where
//! each is drawn comes from the scene ([`crate::scene::build`]).

use std::sync::Arc;

use leptos::prelude::*;

use super::feature_name;
use crate::core::model::{Feature, FeatureKind, Geometry};
use crate::i18n::{kind_singular, text, Lang, Msg};
use crate::scene::paths::symbol_path;
use crate::scene::style::symbol;
use crate::state::AppState;

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
/// points. One element per feature, for keyboard and screen readers; the
/// scene says whether and where each is drawn.
#[component]
pub fn FeatureLayer(
    /// Areas if true, else points.
    areas: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let catalog = state.data.catalog.get_value();
    // A dense map draws its points on the canvas layer.
    let dense = state.data.dense_mode;
    catalog
        .features()
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.geometry, Geometry::Point(_)) != areas)
        .filter(|(_, f)| !(dense && matches!(f.geometry, Geometry::Point(_))))
        .map(|(index, f)| {
            let f = Arc::new(f.clone());
            match f.geometry {
                Geometry::Point(_) => view! { <PointFeature feature=f index=index /> }.into_any(),
                _ => view! { <AreaFeature feature=f index=index /> }.into_any(),
            }
        })
        .collect_view()
}

fn is_selected(state: AppState, id: &str) -> bool {
    state.selection.selected.with(|s| s.as_deref() == Some(id))
}

/// `display` of a feature the scene does (`inline`) or does not draw.
fn display(drawn: bool) -> &'static str {
    if drawn {
        "inline"
    } else {
        "none"
    }
}

/// A polygon feature.
#[component]
fn AreaFeature(
    feature: Arc<Feature>,
    /// Its position in the catalog (its place in the scene).
    index: usize,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let scene = state.derived.scene;
    let kind = feature.kind;
    let id = feature.id.clone();
    let id_for_class = id.clone();
    // Districts are context: clickable, but not a Tab stop each.
    let tab_stop = (kind != FeatureKind::District).then_some("0");
    let f_label = feature.clone();
    let d = move || scene.with(|s| s.area_path(index));
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
            style:display=move || display(scene.with(|s| s.is_drawn(index)))
        />
    }
}

/// A point feature: symbol, a larger invisible touch target, a dashed ring for
/// schematic positions and a halo when selected.
#[component]
fn PointFeature(
    feature: Arc<Feature>,
    /// Its position in the catalog (its place in the scene).
    index: usize,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let scene = state.derived.scene;
    let kind = feature.kind;
    let sym = symbol(kind);
    let r = sym.radius_px;
    let id = feature.id.clone();
    let id_for_class = id.clone();
    let schematic = feature.position_accuracy.is_schematic();
    let f_label = feature.clone();
    view! {
        <g
            class=format!("qk-f qk-point qk-{}", kind.as_str())
            class:qk-selected=move || is_selected(state, &id_for_class)
            class:qk-schematic=schematic
            data-feature-id=id
            transform=move || scene.with(|s| s.point_transform(index))
            tabindex="0"
            role="button"
            aria-label=move || accessible_name(state.ui.lang.get(), &f_label)
            style:display=move || display(scene.with(|s| s.is_drawn(index)))
        >
            <circle class="qk-hit" r="22" />
            <circle class="qk-halo" r=format!("{:.1}", r + 9.0) />
            {schematic.then(|| view! { <circle class="qk-schematic-ring" r=format!("{:.1}", r + 5.0) /> })}
            <path class="qk-symbol" d=symbol_path(sym.shape, r) fill=sym.fill stroke=sym.stroke />
        </g>
    }
}

/// Labels where there is room, from the scene (rebuilt only when they
/// change). An area's label is its tap target on the map.
#[component]
pub fn LabelLayer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scene = state.derived.scene;
    let labels = Memo::new(move |_| scene.with(|s| (s.font_px, s.labels.clone())));
    view! {
        <g class="qk-labels" aria-hidden="true">
            {move || {
                let (font_px, placed) = labels.get();
                placed
                    .into_iter()
                    .map(|l| {
                        let (x, y) = l.text_origin(font_px);
                        view! {
                            <text
                                class=format!(
                                    "qk-label qk-label-{}{}",
                                    l.kind.as_str(),
                                    if l.area_id.is_some() { " qk-label-link" } else { "" }
                                )
                                data-feature-id=l.area_id
                                font-size=format!("{font_px:.0}")
                                x=format!("{x:.1}")
                                y=format!("{y:.1}")
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

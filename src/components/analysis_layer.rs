//! SVG overlays of the analysis tools: coverage rings, lines to the nearest
//! stations, the probe pin and the measuring sketch.

use leptos::prelude::*;

use crate::i18n::format;
use crate::state::{AppState, Tool};

/// Rings of the coverage radius around every station (from the scene),
/// below the features.
#[component]
pub fn CoverageLayer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let scene = state.derived.scene;
    // A dense map draws the rings on its canvas (thousands of stations).
    let dense = state.data.dense_mode;
    let rings = move || {
        if dense {
            return None;
        }
        let circles = scene
            .with(|s| s.coverage.clone())
            .into_iter()
            .map(|(c, r_px)| {
                view! { <circle class="qk-coverage" cx=format!("{:.1}", c.x) cy=format!("{:.1}", c.y) r=format!("{:.1}", r_px) /> }
            })
            .collect_view();
        Some(circles)
    };
    view! { <g class="qk-coverage-layer" aria-hidden="true">{rings}</g> }
}

/// Probe pin, lines to the nearest stations and the measuring sketch.
#[component]
pub fn AnalysisLayer() -> impl IntoView {
    let state = expect_context::<AppState>();

    // The lines and their distances as the scene placed them: each distance
    // on the part of its line in sight, the map labels kept clear of it.
    let lines = move || {
        state.derived.scene.with(|s| {
            s.distance_labels
                .iter()
                .map(|d| {
                    let (a, b, at) = (d.from, d.to, d.start);
                    view! {
                        <line class="qk-nearest-line" x1=format!("{:.1}", a.x) y1=format!("{:.1}", a.y) x2=format!("{:.1}", b.x) y2=format!("{:.1}", b.y) />
                        <text class="qk-label qk-distance-label" x=format!("{:.1}", at.x) y=format!("{:.1}", at.y)>
                            {d.text.clone()}
                        </text>
                    }
                })
                .collect_view()
        })
    };
    let pin = move || {
        let p = state.selection.probe.get()?;
        let s = state.camera.view.get().lnglat_to_screen(p);
        Some(view! {
            <g class="qk-probe" transform=format!("translate({:.1} {:.1})", s.x, s.y)>
                <path d="M0 0C-3-8-10-12-10-19A10 10 0 1 1 10-19C10-12 3-8 0 0Z" />
                <circle cy="-19" r="4" />
            </g>
        })
    };
    // The measurement stays on the map, labelled, until it is cleared: each
    // segment's length at its middle, the total at the end of a line, the
    // area in the middle of a polygon. Vertices can be dragged while measuring.
    let sketch = move || {
        let sketch = state.tools.sketch.get();
        if sketch.vertices().is_empty() {
            return None;
        }
        let view = state.camera.view.get();
        let lang = state.ui.lang.get();
        let editing = matches!(state.tools.tool.get(), Tool::Measure(_));
        let pts: Vec<_> = sketch
            .vertices()
            .iter()
            .map(|p| view.lnglat_to_screen(*p))
            .collect();
        let mut d = String::new();
        for (i, p) in pts.iter().enumerate() {
            d.push_str(&format!(
                "{}{:.1} {:.1}",
                if i == 0 { 'M' } else { 'L' },
                p.x,
                p.y
            ));
        }
        let area = sketch.area_m2();
        if area.is_some() {
            d.push('Z');
        }
        let n = pts.len();
        let segments = sketch
            .segment_lengths_m()
            .into_iter()
            .enumerate()
            .filter(|_| n >= 2)
            .map(|(i, len)| {
                let (a, b) = (pts[i], pts[(i + 1) % n]);
                view! {
                    <text class="qk-label qk-measure-segment" text-anchor="middle"
                        x=format!("{:.1}", (a.x + b.x) / 2.0) y=format!("{:.1}", (a.y + b.y) / 2.0 - 6.0)>
                        {format::length(lang, len)}
                    </text>
                }
            })
            .collect_view();
        let total = match area {
            Some(a) => {
                let (cx, cy) = pts.iter().fold((0.0, 0.0), |(x, y), p| (x + p.x, y + p.y));
                Some((cx / n as f64, cy / n as f64, format::area(lang, a)))
            }
            None if n >= 2 => {
                let last = pts[n - 1];
                Some((
                    last.x + 12.0,
                    last.y + 4.0,
                    format::length(lang, sketch.path_length_m()),
                ))
            }
            None => None,
        };
        let total = total.map(|(x, y, t)| {
            let anchor = if area.is_some() { "middle" } else { "start" };
            view! {
                <text class="qk-label qk-measure-total" text-anchor=anchor x=format!("{x:.1}") y=format!("{y:.1}")>{t}</text>
            }
        });
        let dots = pts
            .into_iter()
            .enumerate()
            .map(|(i, p)| view! {
                <circle class=if editing { "qk-sketch-vertex qk-draggable" } else { "qk-sketch-vertex" } data-vertex=i.to_string()
                    cx=format!("{:.1}", p.x) cy=format!("{:.1}", p.y) r="6" />
            })
            .collect_view();
        Some(view! {
            <path class=if area.is_some() { "qk-sketch qk-sketch-closed" } else { "qk-sketch" } d=d />
            {segments}
            {dots}
            {total}
        })
    };
    view! {
        <g class="qk-analysis-layer" aria-hidden="true">
            {lines}
            {pin}
            {sketch}
        </g>
    }
}

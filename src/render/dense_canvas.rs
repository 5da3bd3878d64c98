//! Executes a dense layer's [`DrawList`] on a 2D canvas: cluster discs with
//! their counts and investment sums, point symbols by kind. Shared by the
//! live map layer and the PNG export.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

use crate::core::catalog::Catalog;
use crate::core::model::FeatureKind;
use crate::i18n::{format, Lang};
use crate::scene::dense::{DrawItem, DrawList};
use crate::scene::paths::symbol_path;
use crate::scene::style::symbol;

use super::export_png::set_dash;

/// Cluster disc colours: a dark teal that passes 3:1 on the light map and
/// behind white text (7.4:1), and a white rim that separates neighbours.
const CLUSTER_FILL: &str = "rgba(15, 76, 92, 0.9)";
const CLUSTER_RIM: &str = "#ffffff";
const TEXT_ON_MAP: &str = "#14211d";

/// How to draw: symbol scale (labels grow on expo screens), language, font.
pub struct DenseStyle<'a> {
    /// Multiplier on the symbols' radii.
    pub symbol_scale: f64,
    /// Language of the counts and sums.
    pub lang: Lang,
    /// CSS font family.
    pub font_family: &'a str,
    /// Catalog position of the selected feature, to ring it.
    pub selected: Option<usize>,
}

/// Draws `list` at the context's current transform (CSS pixels); a
/// point's `feature` indexes the page's catalog.
pub fn draw_dense(
    ctx: &CanvasRenderingContext2d,
    list: &DrawList,
    catalog: &Catalog,
    style: &DenseStyle,
) {
    draw_list(
        ctx,
        list,
        &|i| {
            catalog
                .features()
                .get(i)
                .map(|f| f.position_accuracy.is_schematic())
        },
        style,
    );
}

/// Draws `list`; `is_schematic` tells of each point's `feature` index (the
/// catalog's, or a tiled scene's) whether its position is schematic, `None`
/// for an index it does not know (not drawn). Only that is asked of a
/// feature: a tiled point keeps no more.
pub fn draw_list(
    ctx: &CanvasRenderingContext2d,
    list: &DrawList,
    is_schematic: &dyn Fn(usize) -> Option<bool>,
    style: &DenseStyle,
) {
    // One path per kind, built once per frame and moved with translate.
    let kinds = [
        FeatureKind::Project,
        FeatureKind::SwapStation,
        FeatureKind::Landmark,
        FeatureKind::Park,
    ];
    let paths: Vec<Option<Path2d>> = kinds
        .iter()
        .map(|k| {
            let r = symbol(*k).radius_px * style.symbol_scale;
            Path2d::new_with_path_string(&symbol_path(symbol(*k).shape, r)).ok()
        })
        .collect();
    ctx.set_line_join("round");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for item in &list.items {
        match *item {
            DrawItem::Cluster {
                at,
                count,
                investment_yuan,
                radius_px,
                ..
            } => draw_cluster(ctx, at.x, at.y, radius_px, count, investment_yuan, style),
            DrawItem::Point {
                at,
                feature: index,
                kind,
                stacked,
            } => {
                let feature = index;
                let Some(schematic) = is_schematic(feature) else {
                    continue;
                };
                let sym = symbol(kind);
                let r = sym.radius_px * style.symbol_scale;
                if style.selected == Some(feature) {
                    ctx.begin_path();
                    let _ = ctx.arc(at.x, at.y, r + 9.0, 0.0, std::f64::consts::TAU);
                    ctx.set_fill_style_str("rgba(250, 204, 21, 0.55)");
                    ctx.fill();
                }
                if schematic {
                    // The UI marks approximate positions: a dashed ring, as in SVG.
                    ctx.begin_path();
                    let _ = ctx.arc(at.x, at.y, r + 4.0, 0.0, std::f64::consts::TAU);
                    ctx.set_stroke_style_str("#334155");
                    ctx.set_line_width(1.2);
                    set_dash(ctx, &[3.0, 2.0]);
                    ctx.stroke();
                    set_dash(ctx, &[]);
                }
                let path = kinds
                    .iter()
                    .position(|k| *k == kind)
                    .and_then(|i| paths[i].as_ref());
                if let Some(path) = path {
                    let _ = ctx.translate(at.x, at.y);
                    ctx.set_fill_style_str(sym.fill);
                    ctx.fill_with_path_2d(path);
                    ctx.set_stroke_style_str(sym.stroke);
                    ctx.set_line_width(2.0);
                    ctx.stroke_with_path(path);
                    let _ = ctx.translate(-at.x, -at.y);
                }
                if stacked > 1 {
                    badge(ctx, at.x + r, at.y - r, &stacked.to_string(), style);
                }
            }
        }
    }
}

/// Resolution of the coverage mask relative to CSS pixels: a quarter in each
/// direction costs a sixteenth of the fill, and soft edges suit an estimate.
const COVERAGE_MASK_SCALE: f64 = 0.25;

/// Past this many discs the rings lose their outlines (stroking thousands of
/// overlapping circles is what makes a software-rendered canvas crawl).
const COVERAGE_OUTLINE_LIMIT: usize = 60;

thread_local! {
    /// The offscreen canvas the coverage union is painted on, reused per frame.
    static COVERAGE_MASK: std::cell::RefCell<Option<HtmlCanvasElement>> =
        const { std::cell::RefCell::new(None) };
}

/// Swap-station coverage discs (centre x, y and radius, CSS pixels) of a map
/// `width` × `height`: painted opaque on a low-resolution mask, then laid on
/// the map translucent once, so overlaps never darken and the union reads as
/// one area (one path of thousands of overlapping arcs stalls the rasteriser).
pub fn draw_coverage(
    ctx: &CanvasRenderingContext2d,
    discs: &[(f64, f64, f64)],
    width: f64,
    height: f64,
) {
    if discs.is_empty() {
        return;
    }
    let painted = COVERAGE_MASK.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
        }
        let mask = slot.as_ref()?;
        let (w, h) = (
            (width * COVERAGE_MASK_SCALE).ceil().max(1.0) as u32,
            (height * COVERAGE_MASK_SCALE).ceil().max(1.0) as u32,
        );
        if mask.width() != w || mask.height() != h {
            mask.set_width(w);
            mask.set_height(h);
        }
        let m: CanvasRenderingContext2d = mask.get_context("2d").ok()??.dyn_into().ok()?;
        m.clear_rect(0.0, 0.0, f64::from(w), f64::from(h));
        m.set_fill_style_str("rgb(4, 120, 87)");
        for &(x, y, r) in discs {
            m.begin_path();
            let _ = m.arc(
                x * COVERAGE_MASK_SCALE,
                y * COVERAGE_MASK_SCALE,
                (r * COVERAGE_MASK_SCALE).max(0.5),
                0.0,
                std::f64::consts::TAU,
            );
            m.fill();
        }
        ctx.save();
        ctx.set_global_alpha(0.14);
        let _ =
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(mask, 0.0, 0.0, width, height);
        ctx.restore();
        Some(())
    });
    if painted.is_some() && discs.len() <= COVERAGE_OUTLINE_LIMIT {
        ctx.set_stroke_style_str("rgba(4, 120, 87, 0.55)");
        ctx.set_line_width(1.2);
        for &(x, y, r) in discs {
            ctx.begin_path();
            let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
            ctx.stroke();
        }
    }
}

fn draw_cluster(
    ctx: &CanvasRenderingContext2d,
    x: f64,
    y: f64,
    radius_px: f64,
    count: usize,
    investment_yuan: f64,
    style: &DenseStyle,
) {
    let r = radius_px * style.symbol_scale.sqrt();
    ctx.begin_path();
    let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
    ctx.set_fill_style_str(CLUSTER_FILL);
    ctx.fill();
    ctx.set_stroke_style_str(CLUSTER_RIM);
    ctx.set_line_width(2.5);
    ctx.stroke();
    let font_px = (r * 0.62).clamp(11.0, 17.0);
    ctx.set_font(&format!("700 {font_px:.0}px {}", style.font_family));
    ctx.set_fill_style_str("#ffffff");
    let _ = ctx.fill_text(&format::compact_count(style.lang, count), x, y + 0.5);
    if investment_yuan >= 1e4 {
        let small = (font_px * 0.8).max(11.0);
        ctx.set_font(&format!("600 {small:.0}px {}", style.font_family));
        ctx.set_fill_style_str(TEXT_ON_MAP);
        ctx.set_stroke_style_str("rgba(255,255,255,0.92)");
        ctx.set_line_width(3.5);
        let text = format::compact_yuan(style.lang, investment_yuan);
        let ty = y + r + small * 0.75;
        let _ = ctx.stroke_text(&text, x, ty);
        let _ = ctx.fill_text(&text, x, ty);
    }
}

fn badge(ctx: &CanvasRenderingContext2d, x: f64, y: f64, text: &str, style: &DenseStyle) {
    let w = 8.0 + 7.0 * text.len() as f64;
    ctx.begin_path();
    ctx.rect(x - w / 2.0, y - 8.0, w, 16.0);
    ctx.set_fill_style_str(TEXT_ON_MAP);
    ctx.fill();
    ctx.set_font(&format!("700 11px {}", style.font_family));
    ctx.set_fill_style_str("#ffffff");
    let _ = ctx.fill_text(text, x, y + 0.5);
}

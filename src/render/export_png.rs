//! The current view as a PNG for brochures: map, legend, scale bar and
//! attribution, drawn on a canvas from the map's scene ([`crate::scene::build`],
//! the same one the screen draws; no SVG-to-image round trip, which a strict
//! CSP would block), then downloaded.

use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

use super::dense_canvas::{draw_dense, DenseStyle};
use crate::core::catalog::Catalog;
use crate::i18n::Lang;
use crate::scene::paths::symbol_path;
use crate::scene::style::{AreaStyle, Symbol};
use crate::scene::Scene;

/// One legend row.
pub enum LegendSwatch {
    /// A point symbol.
    Point(Symbol),
    /// An area style.
    Area(AreaStyle),
}

/// Everything to draw, in CSS pixels of the map.
pub struct ExportScene {
    /// The map: the same scene the screen draws, built without the chrome
    /// (an exported picture has none for labels to avoid).
    pub map: Scene,
    /// The features (a dense map's points are looked up for their rings).
    pub catalog: Arc<Catalog>,
    /// Language of a dense map's counts and sums.
    pub lang: Lang,
    /// Title line at the top.
    pub title: String,
    /// The illustrative mark, drawn as a badge in the title bar: the picture shows
    /// schematic positions, and says so in the picture itself.
    pub mark: String,
    /// Legend rows: swatch, text.
    pub legend: Vec<(LegendSwatch, String)>,
    /// Scale bar: width in pixels and its text.
    pub scale: (f64, String),
    /// Attribution lines (provenance first).
    pub attribution: Vec<String>,
    /// The font family for text.
    pub font_family: String,
}

/// Pixels per CSS pixel in the export: print quality.
pub const EXPORT_SCALE: f64 = 2.0;
const HEADER_PX: f64 = 40.0;
/// The title bar when the mark does not fit beside the title (phones): two rows.
const HEADER_TWO_ROWS_PX: f64 = 68.0;
/// The mark's badge colours (amber, as the synthetic-data banner); tests look for the fill.
const MARK_FILL: &str = "#fde68a";
const MARK_INK: &str = "#422006";
const FOOTER_LINE_PX: f64 = 18.0;

pub(crate) fn set_dash(ctx: &CanvasRenderingContext2d, dash: &[f64]) {
    let arr = js_sys::Array::new();
    for d in dash {
        arr.push(&JsValue::from_f64(*d));
    }
    let _ = ctx.set_line_dash(&arr);
}

fn draw_area(ctx: &CanvasRenderingContext2d, d: &str, style: &AreaStyle) {
    let Ok(path) = Path2d::new_with_path_string(d) else {
        return;
    };
    ctx.set_fill_style_str(style.fill);
    ctx.fill_with_path_2d_and_winding(&path, web_sys::CanvasWindingRule::Evenodd);
    ctx.set_stroke_style_str(style.stroke);
    ctx.set_line_width(style.width_px);
    set_dash(ctx, style.dash);
    ctx.stroke_with_path(&path);
    set_dash(ctx, &[]);
}

fn draw_symbol(
    ctx: &CanvasRenderingContext2d,
    x: f64,
    y: f64,
    d: &str,
    sym: &Symbol,
    schematic: bool,
) {
    ctx.save();
    let _ = ctx.translate(x, y);
    if schematic {
        ctx.begin_path();
        let _ = ctx.arc(0.0, 0.0, sym.radius_px + 5.0, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str("rgba(255,255,255,0.6)");
        ctx.fill();
        ctx.set_stroke_style_str("#334155");
        ctx.set_line_width(1.5);
        set_dash(ctx, &[3.0, 2.0]);
        ctx.stroke();
        set_dash(ctx, &[]);
    }
    if let Ok(path) = Path2d::new_with_path_string(d) {
        ctx.set_fill_style_str(sym.fill);
        ctx.fill_with_path_2d(&path);
        ctx.set_stroke_style_str(sym.stroke);
        ctx.set_line_width(2.0);
        ctx.stroke_with_path(&path);
    }
    ctx.restore();
}

fn halo_text(ctx: &CanvasRenderingContext2d, text: &str, x: f64, y: f64) {
    ctx.set_stroke_style_str("rgba(255,255,255,0.92)");
    ctx.set_line_width(3.5);
    let _ = ctx.stroke_text(text, x, y);
    let _ = ctx.fill_text(text, x, y);
}

/// Splits `text` into lines no wider than `max_px` (by `measure`): at the last space
/// where there is one, else between any two characters (Chinese has no spaces).
fn wrap_text(text: &str, max_px: f64, measure: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for ch in text.chars() {
        line.push(ch);
        if measure(&line) <= max_px || line.chars().count() == 1 {
            continue;
        }
        line.pop();
        let rest = match line.rfind(' ').filter(|&i| i > 0) {
            Some(i) => {
                let rest = line[i + 1..].to_string();
                line.truncate(i);
                rest
            }
            None => String::new(),
        };
        lines.push(std::mem::take(&mut line));
        line = rest;
        line.push(ch);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws the scene on a new canvas (map below a title line, attribution below).
pub fn draw(scene: &ExportScene) -> Option<HtmlCanvasElement> {
    let size = scene.map.view.size();
    let (map_w, map_h) = (size.width_px, size.height_px);
    let document = web_sys::window()?.document()?;
    let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    // Text widths decide whether the mark fits beside the title (measured before the
    // canvas is sized: sizing resets the context, so fonts are set again below).
    let width =
        |ctx: &CanvasRenderingContext2d, t: &str| ctx.measure_text(t).map_or(0.0, |m| m.width());
    // The title shrinks (down to 10 px) rather than run off a phone-wide picture.
    let mut title_px = 17.0;
    let title_font = loop {
        let font = format!("600 {title_px}px {}", scene.font_family);
        ctx.set_font(&font);
        if title_px <= 10.0 || width(&ctx, &scene.title) <= map_w - 28.0 {
            break font;
        }
        title_px -= 1.0;
    };
    let title_w = width(&ctx, &scene.title);
    let mark_font = format!("600 13px {}", scene.font_family);
    ctx.set_font(&mark_font);
    let mark_w = width(&ctx, &scene.mark) + 16.0;
    let one_row = 14.0 + title_w + 16.0 + mark_w + 12.0 <= map_w;
    let header = if one_row {
        HEADER_PX
    } else {
        HEADER_TWO_ROWS_PX
    };
    // Credits are wrapped, never cut: each line keeps the colour of its source line.
    let foot_font = format!("11px {}", scene.font_family);
    ctx.set_font(&foot_font);
    let foot_lines: Vec<(usize, String)> = scene
        .attribution
        .iter()
        .enumerate()
        .flat_map(|(i, line)| {
            wrap_text(line, map_w - 20.0, |t| width(&ctx, t))
                .into_iter()
                .map(move |l| (i, l))
        })
        .collect();
    let footer = FOOTER_LINE_PX * foot_lines.len() as f64 + 8.0;
    let (w, h) = (map_w, map_h + header + footer);
    canvas.set_width((w * EXPORT_SCALE) as u32);
    canvas.set_height((h * EXPORT_SCALE) as u32);
    let _ = ctx.scale(EXPORT_SCALE, EXPORT_SCALE);
    ctx.set_line_join("round");
    // Page and title.
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_fill_style_str("#0f766e");
    ctx.fill_rect(0.0, 0.0, w, header);
    ctx.set_fill_style_str("#ffffff");
    ctx.set_font(&title_font);
    let _ = ctx.fill_text(&scene.title, 14.0, 26.0);
    // The illustrative mark: right of the title, or on its own row below it.
    let (mx, my) = if one_row {
        (w - mark_w - 12.0, 8.0)
    } else {
        (14.0, 38.0)
    };
    ctx.set_fill_style_str(MARK_FILL);
    ctx.fill_rect(mx, my, mark_w, 24.0);
    ctx.set_fill_style_str(MARK_INK);
    ctx.set_font(&mark_font);
    let _ = ctx.fill_text(&scene.mark, mx + 8.0, my + 17.0);
    // Map.
    ctx.save();
    let _ = ctx.translate(0.0, header);
    ctx.begin_path();
    ctx.rect(0.0, 0.0, w, map_h);
    ctx.clip();
    ctx.set_fill_style_str("#f5f7f2");
    ctx.fill_rect(0.0, 0.0, w, map_h);
    let map = &scene.map;
    for area in &map.areas {
        draw_area(&ctx, &area.path, &area.style);
    }
    for p in &map.points {
        let d = symbol_path(p.symbol.shape, p.symbol.radius_px);
        draw_symbol(&ctx, p.at.x, p.at.y, &d, &p.symbol, p.schematic);
    }
    if let Some(list) = &map.clusters {
        let style = DenseStyle {
            symbol_scale: map.symbol_scale,
            lang: scene.lang,
            font_family: &scene.font_family,
            selected: None,
        };
        draw_dense(&ctx, list, &scene.catalog, &style);
        ctx.set_text_align("start");
        ctx.set_text_baseline("alphabetic");
    }
    ctx.set_fill_style_str("#14211d");
    for label in &map.labels {
        let (x, y) = label.text_origin(map.font_px);
        ctx.set_font(&format!("{}px {}", map.font_px, scene.font_family));
        halo_text(&ctx, &label.text, x, y);
    }
    // Legend, top left.
    let row_h = 22.0;
    let legend_h = 14.0 + row_h * scene.legend.len() as f64;
    ctx.set_fill_style_str("rgba(255,255,255,0.94)");
    ctx.fill_rect(10.0, 10.0, 250.0, legend_h);
    ctx.set_stroke_style_str("#cbd5d1");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(10.0, 10.0, 250.0, legend_h);
    ctx.set_font(&format!("13px {}", scene.font_family));
    for (i, (swatch, text)) in scene.legend.iter().enumerate() {
        let y = 10.0 + 18.0 + row_h * i as f64;
        match swatch {
            LegendSwatch::Point(sym) => {
                let small = Symbol {
                    radius_px: 6.0,
                    ..*sym
                };
                draw_symbol(
                    &ctx,
                    26.0,
                    y - 4.0,
                    &symbol_path(small.shape, 6.0),
                    &small,
                    false,
                );
            }
            LegendSwatch::Area(style) => {
                ctx.begin_path();
                ctx.rect(18.0, y - 11.0, 16.0, 13.0);
                ctx.set_fill_style_str(style.fill);
                ctx.fill();
                ctx.set_stroke_style_str(style.stroke);
                ctx.set_line_width(1.5);
                set_dash(&ctx, style.dash);
                ctx.stroke();
                set_dash(&ctx, &[]);
            }
        }
        ctx.set_fill_style_str("#14211d");
        let _ = ctx.fill_text(text, 44.0, y);
    }
    // Scale bar, bottom left.
    let (bar_px, bar_text) = &scene.scale;
    let by = map_h - 14.0;
    ctx.set_stroke_style_str("#14211d");
    ctx.set_line_width(2.0);
    ctx.begin_path();
    ctx.move_to(12.0, by - 8.0);
    ctx.line_to(12.0, by);
    ctx.line_to(12.0 + bar_px, by);
    ctx.line_to(12.0 + bar_px, by - 8.0);
    ctx.stroke();
    ctx.set_fill_style_str("#14211d");
    ctx.set_font(&format!("12px {}", scene.font_family));
    halo_text(&ctx, bar_text, 18.0 + bar_px, by);
    ctx.restore();
    // Attribution.
    ctx.set_font(&foot_font);
    for (row, (source_line, line)) in foot_lines.iter().enumerate() {
        ctx.set_fill_style_str(if *source_line == 0 {
            "#8a3a0b"
        } else {
            "#33413c"
        });
        let _ = ctx.fill_text(
            line,
            10.0,
            header + map_h + 16.0 + FOOTER_LINE_PX * row as f64,
        );
    }
    Some(canvas)
}

/// Encodes the canvas as PNG and starts a download named `file_name`.
pub fn download_png(canvas: &HtmlCanvasElement, file_name: &str) {
    let name = file_name.to_string();
    let callback = Closure::once_into_js(move |blob: JsValue| {
        let Some(blob) = blob.dyn_ref::<web_sys::Blob>() else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
            return;
        };
        let anchor = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("a").ok())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(a) = anchor {
            a.set_href(&url);
            a.set_download(&name);
            a.click();
        }
        // Revoke later: the download reads the blob after the click returns.
        let revoke = Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                revoke.unchecked_ref(),
                60_000,
            );
        }
    });
    let _ = canvas.to_blob(callback.unchecked_ref());
}

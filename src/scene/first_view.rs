//! The first view: a catalog's home view as static SVG markup, drawn from the
//! same [`Scene`] the live layers draw, for a page to show before its
//! WebAssembly has arrived. A native build step (`qikai-map-prerender`) writes
//! it into `index.html`; the widget replaces it when it mounts.
//!
//! Only what reads in any language is drawn: areas and symbols, no labels
//! (the page cannot know the visitor's language without script). Nothing
//! carries the live layer's `data-feature-id`; what a visitor can pick (points
//! and parks) carries `data-qk-fv` with its id, so a tap made before the
//! widget runs is kept (`qikai-map.js` marks it, the widget opens it).

use super::build::{build, PointMode, Scene, SceneInput};
use super::overlap::catalog_fan_offsets;
use super::paths::symbol_path;
use super::style::symbol;
use crate::core::catalog::Catalog;
use crate::core::coord::LngLat;
use crate::core::datum::Datum;
use crate::core::filter::Filter;
use crate::core::model::FeatureKind;
use crate::i18n::Lang;
use crate::view::home::{home_view, view_limits, HOME_PADDING_PX};
use crate::view::insets::ScreenInsets;
use crate::view::viewport::ScreenSize;

/// The box the first view is drawn for: a phone's map area, portrait. The
/// markup scales to any box (`preserveAspectRatio="xMidYMid meet"`), and the
/// zone, taller than wide, is then as high as the box, as in the live home view.
pub const FIRST_VIEW_SIZE: ScreenSize = ScreenSize {
    width_px: 400.0,
    height_px: 560.0,
};

/// What a screen reader hears while the map loads.
const LOADING_LABEL: &str =
    "长春汽开区产业地图（加载中）· Changchun Auto Zone industry map (loading)";

/// The home view of `catalog` in `size`, every layer on, no filter.
pub fn first_view_scene(catalog: &Catalog, size: ScreenSize) -> Scene {
    let limits = view_limits(catalog, size, Datum::Wgs84);
    let view = home_view(catalog, size, limits, ScreenInsets::default());
    let fans = catalog_fan_offsets(catalog);
    let filter = Filter::default();
    build(&SceneInput {
        catalog,
        view: &view,
        visible: [true; 6],
        filter: &filter,
        lang: Lang::Zh,
        large: false,
        chrome: &[],
        points: PointMode::Each(&fans),
        coverage: None,
        nearest: None,
    })
}

/// The first view as one `<svg>` element: the scene's areas, then its point
/// symbols, with the live layer's classes so the widget's stylesheet draws
/// them alike. Presentation attributes only, no `style` (a strict CSP
/// refuses inline styles).
pub fn first_view_svg(catalog: &Catalog, size: ScreenSize) -> String {
    let scene = first_view_scene(catalog, size);
    // The picture's box is the home box with the home view's padding, so it
    // fills the space the page leaves it as the live home view fills the map,
    // in a portrait phone and a landscape screen alike. Features outside the
    // home box stay drawn (overflow visible), as they are on the live map.
    let (x, y, w, h) = match catalog.home_bounds() {
        Some(b) => {
            let nw = scene
                .view
                .lnglat_to_screen(LngLat::lon_lat(b.min.lng, b.max.lat));
            let se = scene
                .view
                .lnglat_to_screen(LngLat::lon_lat(b.max.lng, b.min.lat));
            (
                nw.x - HOME_PADDING_PX,
                nw.y - HOME_PADDING_PX,
                se.x - nw.x + 2.0 * HOME_PADDING_PX,
                se.y - nw.y + 2.0 * HOME_PADDING_PX,
            )
        }
        None => (0.0, 0.0, size.width_px, size.height_px),
    };
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="qk-first-view-svg" viewBox="{x:.1} {y:.1} {w:.1} {h:.1}" preserveAspectRatio="xMidYMid meet" overflow="visible" role="img" aria-label="{LOADING_LABEL}">"#
    );
    for area in &scene.areas {
        let feature = &catalog.features()[area.feature];
        let schematic = feature.position_accuracy.is_schematic();
        // The zone (and districts) are the map's ground: a tap there clears,
        // as on the live map; a park is picked.
        let pick = match area.kind {
            FeatureKind::Zone | FeatureKind::District => String::new(),
            _ => pick_attribute(&feature.id),
        };
        svg.push_str(&format!(
            r#"<path class="qk-area qk-{}{}"{pick} d="{}" fill-rule="evenodd"/>"#,
            area.kind.as_str(),
            if schematic { " qk-schematic" } else { "" },
            area.path
        ));
    }
    for point in &scene.points {
        let sym = symbol(point.kind);
        let r = sym.radius_px;
        svg.push_str(&format!(
            r#"<g class="qk-point qk-{}"{} transform="translate({:.1} {:.1}) scale({:.2})">"#,
            point.kind.as_str(),
            pick_attribute(&catalog.features()[point.feature].id),
            point.at.x,
            point.at.y,
            scene.symbol_scale
        ));
        // The live layer's tap target and selection halo (shown when a tap
        // on the first view picks this point).
        svg.push_str(&format!(
            r#"<circle class="qk-hit" r="22"/><circle class="qk-halo" r="{:.1}"/>"#,
            r + 9.0
        ));
        if point.schematic {
            svg.push_str(&format!(
                r#"<circle class="qk-schematic-ring" r="{:.1}"/>"#,
                r + 5.0
            ));
        }
        svg.push_str(&format!(
            r#"<path class="qk-symbol" d="{}" fill="{}" stroke="{}"/></g>"#,
            symbol_path(sym.shape, r),
            sym.fill,
            sym.stroke
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// ` data-qk-fv="id"`: the id a tap on this shape picks, escaped for an
/// attribute value (a portal's ids are its own text).
fn pick_attribute(id: &str) -> String {
    format!(" data-qk-fv=\"{}\"", escape_html(id))
}

/// Text and attribute values as HTML: `&`, `<`, `>` and quotes escaped,
/// control characters dropped (a portal's ids and names are its own text).
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The first view as it goes into the page: the picture and a bilingual
/// loading line, in the element the widget mounts into (it removes them).
pub fn first_view_html(catalog: &Catalog) -> String {
    format!(
        r#"<div class="qk-first-view" aria-busy="true">{}<p class="qk-first-view-note" role="status"><span class="qk-first-view-loading"><span lang="zh-CN">地图加载中…</span> <span lang="en">Loading the map…</span></span><span class="qk-first-view-picked"><span lang="zh-CN">已选中，地图就绪后打开</span> · <span lang="en">Selected: it opens when the map is ready</span></span></p></div>"#,
        first_view_svg(catalog, FIRST_VIEW_SIZE)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Geometry;
    use crate::data::{load_geojson, Limits};

    fn default_catalog() -> Catalog {
        Catalog::new(load_geojson(crate::DEFAULT_DATA, &Limits::default()).features)
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn every_area_and_point_of_the_home_view_is_drawn_with_the_live_classes() {
        let catalog = default_catalog();
        let svg = first_view_svg(&catalog, FIRST_VIEW_SIZE);
        let scene = first_view_scene(&catalog, FIRST_VIEW_SIZE);
        let points = catalog
            .features()
            .iter()
            .filter(|f| matches!(f.geometry, Geometry::Point(_)))
            .count();
        let areas = catalog.features().len() - points;
        // The default data's home view shows the whole zone: everything is in it.
        assert_eq!(scene.points.len(), points);
        assert_eq!(scene.areas.len(), areas);
        assert_eq!(count(&svg, "<path class=\"qk-area "), areas);
        assert_eq!(count(&svg, "<g class=\"qk-point "), points);
        assert_eq!(count(&svg, "class=\"qk-symbol\""), points);
        assert_eq!(
            count(&svg, "qk-area qk-zone"),
            catalog
                .features()
                .iter()
                .filter(|f| f.kind == FeatureKind::Zone)
                .count()
        );
    }

    #[test]
    fn the_markup_passes_a_strict_content_security_policy_and_names_no_feature() {
        let svg = first_view_html(&default_catalog());
        assert!(!svg.contains("style="), "no inline style");
        assert!(!svg.contains("<script"), "no script");
        assert!(!svg.contains("data:"), "no data: URL");
        assert!(
            !svg.contains("data-feature-id"),
            "not mistaken for the live layer"
        );
        assert!(svg.contains("地图加载中") && svg.contains("Loading the map"));
    }

    #[test]
    fn points_and_parks_carry_the_id_a_tap_picks_and_the_zone_does_not() {
        let catalog = default_catalog();
        let svg = first_view_svg(&catalog, FIRST_VIEW_SIZE);
        let pickable = catalog
            .features()
            .iter()
            .filter(|f| !matches!(f.kind, FeatureKind::Zone | FeatureKind::District))
            .count();
        assert_eq!(count(&svg, " data-qk-fv=\""), pickable);
        for f in catalog
            .features()
            .iter()
            .filter(|f| f.kind == FeatureKind::Park)
        {
            assert!(
                svg.contains(&format!(" data-qk-fv=\"{}\"", f.id)),
                "{}",
                f.id
            );
        }
        assert!(!svg.contains("qk-zone\" data-qk-fv"));
        // A portal's id is text: it cannot close the attribute or open a tag.
        assert_eq!(
            pick_attribute("a\"><script>&\u{7}"),
            " data-qk-fv=\"a&quot;&gt;&lt;script&gt;&amp;\""
        );
    }

    #[test]
    fn the_points_lie_inside_the_box_they_are_drawn_for() {
        let scene = first_view_scene(&default_catalog(), FIRST_VIEW_SIZE);
        for p in &scene.points {
            assert!(
                (0.0..=FIRST_VIEW_SIZE.width_px).contains(&p.at.x)
                    && (0.0..=FIRST_VIEW_SIZE.height_px).contains(&p.at.y),
                "{:?}",
                p.at
            );
        }
    }

    #[test]
    fn a_catalog_without_features_gives_an_empty_picture_not_a_panic() {
        let svg = first_view_svg(&Catalog::new(Vec::new()), FIRST_VIEW_SIZE);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(count(&svg, "<path"), 0);
    }
}

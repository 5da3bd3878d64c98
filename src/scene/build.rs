//! One scene: what is visible and where, decided once per view.
//!
//! [`build`] takes the catalog, the viewport, the layers and filter, the
//! language and text size and (on screen) the chrome over the map, and says
//! which areas and point symbols are drawn, where (fanned out when they share
//! a spot, scaled with the labels), which labels fit, and on a dense map what
//! the cluster layer shows. The SVG layer, the dense canvas, taps on the
//! canvas and the PNG export all read the same [`Scene`]; none of them
//! decides visibility, fan-out or symbol scale again.

use std::sync::Arc;

use super::dense::{padded_view_box, DenseHit, DenseLayer, DrawItem, DrawList};
use super::labels::{
    estimate_text_width_px, label_font_px, label_priority, max_label_chars, place_distance_label,
    place_labels, short_label, DistanceLabel, LabelCandidate, ScreenBox,
};
use super::paths::polygons_path;
use super::style::{area_style, symbol, AreaStyle, Symbol};
use crate::core::catalog::Catalog;
use crate::core::coord::LngLat;
use crate::core::filter::Filter;
use crate::core::model::{Feature, FeatureKind, Geometry};
use crate::core::stations::{NearStation, StationIndex};
use crate::i18n::{format, Lang};
use crate::view::mercator::{ground_resolution_m_per_px, ScreenPoint};
use crate::view::viewport::Viewport;

/// How the points of a catalog are drawn.
#[derive(Clone, Copy, Debug)]
pub enum PointMode<'a> {
    /// One symbol each, fanned out by these screen offsets (one per catalog
    /// feature, [`super::overlap::catalog_fan_offsets`]; zero for areas).
    Each(&'a [(f64, f64)]),
    /// Clustered on a canvas ([`DenseLayer`]); `None` while the first
    /// clustering is under way (no point is drawn yet).
    Clustered(Option<&'a Arc<DenseLayer>>),
}

/// Everything the scene depends on.
#[derive(Clone, Copy, Debug)]
pub struct SceneInput<'a> {
    /// The features.
    pub catalog: &'a Catalog,
    /// The camera.
    pub view: &'a Viewport,
    /// Layer visibility, indexed by [`FeatureKind::index`].
    pub visible: [bool; 6],
    /// The filter.
    pub filter: &'a Filter,
    /// Label language.
    pub lang: Lang,
    /// Large-text mode (labels and symbols grow).
    pub large: bool,
    /// Boxes no label may cover: the chrome over the map on screen, none in
    /// an exported picture.
    pub chrome: &'a [ScreenBox],
    /// One symbol per point, or clusters.
    pub points: PointMode<'a>,
    /// Coverage rings: their radius in metres and the stations they ring
    /// (drawn while the station layer is on).
    pub coverage: Option<(f64, &'a StationIndex)>,
    /// Lines from the analysis origin to its nearest stations, with their
    /// distances written on the part in sight.
    pub nearest: Option<NearestLines<'a>>,
}

/// What the lines to the nearest stations are drawn from.
#[derive(Clone, Copy, Debug)]
pub struct NearestLines<'a> {
    /// Where the distances are measured from.
    pub origin: LngLat,
    /// The stations, nearest first.
    pub stations: &'a [NearStation],
    /// The part of the map in sight (less the chrome over it), screen pixels.
    pub in_sight: ScreenBox,
}

/// An area to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaItem {
    /// Its position in the catalog.
    pub feature: usize,
    /// Its kind.
    pub kind: FeatureKind,
    /// SVG path data in screen pixels (fill rule even-odd).
    pub path: Arc<str>,
    /// Fill and outline.
    pub style: AreaStyle,
}

/// A point symbol to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct PointItem {
    /// Its position in the catalog.
    pub feature: usize,
    /// Its kind.
    pub kind: FeatureKind,
    /// Where its centre is drawn: the projected position plus its fan-out
    /// offset, both at the scene's symbol scale.
    pub at: ScreenPoint,
    /// The symbol, its radius already multiplied by the symbol scale.
    pub symbol: Symbol,
    /// Drawn with a dashed ring: the position is schematic.
    pub schematic: bool,
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

impl MapLabel {
    /// Where the text is written at `font_px`: x of its start and its
    /// baseline (the box has a 3 px margin; a third of the size centres it).
    pub fn text_origin(&self, font_px: f64) -> (f64, f64) {
        (self.left_px + 3.0, self.middle_px + font_px / 3.0)
    }
}

/// What is drawn for one view, in screen pixels.
#[derive(Clone, Debug)]
pub struct Scene {
    /// The camera it was built for.
    pub view: Viewport,
    /// Label size, CSS pixels.
    pub font_px: f64,
    /// Point symbols' scale (they grow with the labels).
    pub symbol_scale: f64,
    /// Visible areas, in catalog (drawing) order.
    pub areas: Vec<AreaItem>,
    /// Visible point symbols, in catalog order (none on a dense map).
    pub points: Vec<PointItem>,
    /// Areas on a hidden layer or filtered out: not drawn, but placed, so
    /// their SVG elements keep a shape (as before the scene).
    pub hidden_areas: Vec<AreaItem>,
    /// Points on a hidden layer or filtered out: not drawn, but placed, so
    /// their SVG elements keep a position.
    pub hidden_points: Vec<PointItem>,
    /// The labels that fit.
    pub labels: Vec<MapLabel>,
    /// A dense map's clusters and points in view.
    pub clusters: Option<DrawList>,
    /// Coverage rings: centre and radius, screen pixels (every station; on a
    /// dense map those near the view).
    pub coverage: Vec<(ScreenPoint, f64)>,
    /// The lines to the nearest stations and their distances (map labels
    /// keep clear of the distances).
    pub distance_labels: Vec<DistanceLabel>,
    /// The cluster index behind them, for taps.
    layer: Option<Arc<DenseLayer>>,
}

impl PartialEq for Scene {
    fn eq(&self, other: &Self) -> bool {
        let same_layer = match (&self.layer, &other.layer) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_layer
            && self.view == other.view
            && self.font_px == other.font_px
            && self.symbol_scale == other.symbol_scale
            && self.areas == other.areas
            && self.points == other.points
            && self.hidden_areas == other.hidden_areas
            && self.hidden_points == other.hidden_points
            && self.labels == other.labels
            && self.clusters == other.clusters
            && self.coverage == other.coverage
            && self.distance_labels == other.distance_labels
    }
}

/// Builds the scene: areas and points that are on a visible layer and pass
/// the filter, projected through the viewport; the labels that fit between
/// the symbols and clear of the chrome; on a dense map the cluster draw list.
pub fn build(input: &SceneInput) -> Scene {
    let SceneInput {
        catalog,
        view,
        visible,
        filter,
        large,
        points: mode,
        coverage,
        nearest,
        lang,
        ..
    } = *input;
    let size = view.size();
    let font_px = label_font_px(size.width_px, large);
    let distance_labels =
        nearest.map_or_else(Vec::new, |n| distance_labels(n, view, lang, font_px));
    let k = font_px / 12.0;
    let shown = |f: &Feature| visible[f.kind.index()] && filter.matches(catalog, f);
    let features = catalog.features();

    let (mut areas, mut hidden_areas) = (Vec::new(), Vec::new());
    let (mut points, mut hidden_points) = (Vec::new(), Vec::new());
    // A dense map walks its areas only (a million points are the clusters' job).
    let mut consider = |i: usize, fan: (f64, f64)| {
        let f = &features[i];
        let visible = shown(f);
        match &f.geometry {
            Geometry::Point(p) => {
                let s = view.lnglat_to_screen(*p);
                let mut sym = symbol(f.kind);
                sym.radius_px *= k;
                let to = if visible {
                    &mut points
                } else {
                    &mut hidden_points
                };
                to.push(PointItem {
                    feature: i,
                    kind: f.kind,
                    at: ScreenPoint::new(s.x + fan.0 * k, s.y + fan.1 * k),
                    symbol: sym,
                    schematic: f.position_accuracy.is_schematic(),
                });
            }
            g => {
                let to = if visible {
                    &mut areas
                } else {
                    &mut hidden_areas
                };
                to.push(AreaItem {
                    feature: i,
                    kind: f.kind,
                    path: polygons_path(&g.polygons(), view).into(),
                    style: area_style(f.kind),
                });
            }
        }
    };
    let (clusters, layer) = match mode {
        PointMode::Each(fans) => {
            for i in 0..features.len() {
                consider(i, fans.get(i).copied().unwrap_or((0.0, 0.0)));
            }
            (None, None)
        }
        PointMode::Clustered(layer) => {
            for &i in catalog.area_positions() {
                consider(i, (0.0, 0.0));
            }
            (layer.map(|l| l.draw_list(view)), layer.cloned())
        }
    };
    let labels = place_map_labels(input, font_px, &areas, &points, &distance_labels);
    let coverage = match coverage {
        Some((radius_m, stations)) if visible[FeatureKind::SwapStation.index()] => coverage_rings(
            view,
            radius_m,
            stations,
            matches!(mode, PointMode::Clustered(_)),
        ),
        _ => Vec::new(),
    };
    Scene {
        view: *view,
        font_px,
        symbol_scale: k,
        areas,
        points,
        hidden_areas,
        hidden_points,
        labels,
        clusters,
        coverage,
        distance_labels,
        layer,
    }
}

/// The lines to the nearest stations, each distance placed on the part of
/// its line in sight.
fn distance_labels(
    nearest: NearestLines,
    view: &Viewport,
    lang: Lang,
    font_px: f64,
) -> Vec<DistanceLabel> {
    let a = view.lnglat_to_screen(nearest.origin);
    nearest
        .stations
        .iter()
        .map(|n| {
            let text = format::length(lang, n.distance_m);
            let b = view.lnglat_to_screen(n.position);
            let (start, bounds) = place_distance_label(a, b, nearest.in_sight, &text, font_px);
            DistanceLabel {
                from: a,
                to: b,
                start,
                bounds,
                text,
            }
        })
        .collect()
}

/// Rings of `radius_m` around the stations, each at its own Mercator scale
/// (exact to well under a pixel at city scale). `near_view_only` (a dense
/// map, thousands of stations) keeps those whose ring can reach the view.
fn coverage_rings(
    view: &Viewport,
    radius_m: f64,
    stations: &StationIndex,
    near_view_only: bool,
) -> Vec<(ScreenPoint, f64)> {
    let ring = |p: LngLat| {
        (
            view.lnglat_to_screen(p),
            radius_m / ground_resolution_m_per_px(p.lat, view.zoom()),
        )
    };
    if near_view_only {
        let r_px = radius_m / ground_resolution_m_per_px(view.center().lat, view.zoom());
        let mut rings = Vec::new();
        stations
            .index()
            .for_each_in_box(padded_view_box(view, r_px), |_, p| rings.push(ring(p)));
        rings
    } else {
        stations.positions().iter().map(|p| ring(*p)).collect()
    }
}

/// The item of catalog feature `feature` in `items` (sorted by feature).
fn find<T>(items: &[T], feature: usize, key: impl Fn(&T) -> usize) -> Option<&T> {
    let i = items.binary_search_by_key(&feature, key).ok()?;
    items.get(i)
}

/// Labels for the visible areas and points, greedy by priority: never over
/// a symbol, the chrome or another label.
fn place_map_labels(
    input: &SceneInput,
    font_px: f64,
    areas: &[AreaItem],
    points: &[PointItem],
    distances: &[DistanceLabel],
) -> Vec<MapLabel> {
    let (catalog, view) = (input.catalog, input.view);
    let size = view.size();
    let max_chars = max_label_chars(size.width_px);
    // The distances are what the visitor asked for: no label covers them.
    let mut obstacles: Vec<ScreenBox> = input.chrome.to_vec();
    obstacles.extend(distances.iter().map(|d| d.bounds));
    let mut candidates = Vec::new();
    let mut texts = Vec::new();
    // Catalog order, areas and points merged, as the features are drawn.
    let mut a = areas.iter().peekable();
    let mut p = points.iter().peekable();
    loop {
        let take_area = match (a.peek(), p.peek()) {
            (Some(x), Some(y)) => x.feature < y.feature,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let (i, anchor, gap) = if take_area {
            let Some(item) = a.next() else { break };
            let f = &catalog.features()[item.feature];
            let Some(b) = f.geometry.bounds() else {
                continue;
            };
            // Areas are labelled at the middle of their box (districts) or
            // just above it (the zone, parks), so labels do not sit on symbols.
            let anchor = if f.kind == FeatureKind::District {
                view.lnglat_to_screen(b.center())
            } else {
                let top = view.lnglat_to_screen(LngLat::lon_lat(b.min.lng, b.max.lat));
                ScreenPoint::new(top.x, top.y - 8.0)
            };
            (item.feature, anchor, 0.0)
        } else {
            let Some(item) = p.next() else { break };
            let (at, r) = (item.at, item.symbol.radius_px);
            obstacles.push((at.x - r, at.y - r, at.x + r, at.y + r));
            (item.feature, at, r + 4.0)
        };
        let f = &catalog.features()[i];
        let text = short_label(input.lang.pick(&f.name_zh, &f.name_en), max_chars);
        candidates.push(LabelCandidate {
            anchor,
            gap_px: gap,
            width_px: estimate_text_width_px(&text, font_px) + 6.0,
            height_px: font_px + 4.0,
            priority: label_priority(f.kind),
        });
        texts.push((text, f.kind, take_area.then(|| f.id.clone())));
    }
    place_labels(&candidates, &obstacles, size.width_px, size.height_px)
        .into_iter()
        .map(|placed| {
            let (text, kind, area_id) = texts[placed.index].clone();
            MapLabel {
                left_px: placed.bounds.0,
                middle_px: (placed.bounds.1 + placed.bounds.3) / 2.0,
                text,
                kind,
                area_id,
            }
        })
        .collect()
}

impl Scene {
    /// The point symbol drawn for catalog feature `feature`, if it is visible.
    pub fn point(&self, feature: usize) -> Option<&PointItem> {
        find(&self.points, feature, |p| p.feature)
    }

    /// The area drawn for catalog feature `feature`, if it is visible.
    pub fn area(&self, feature: usize) -> Option<&AreaItem> {
        find(&self.areas, feature, |a| a.feature)
    }

    /// Whether catalog feature `feature` is drawn (on a visible layer, passing
    /// the filter).
    pub fn is_drawn(&self, feature: usize) -> bool {
        self.point(feature).is_some() || self.area(feature).is_some()
    }

    /// The SVG path data of area `feature`, drawn or hidden.
    pub fn area_path(&self, feature: usize) -> Option<Arc<str>> {
        self.area(feature)
            .or_else(|| find(&self.hidden_areas, feature, |a| a.feature))
            .map(|a| a.path.clone())
    }

    /// The SVG transform of point `feature`, drawn or hidden, for a symbol
    /// drawn around the origin at its unscaled radius.
    pub fn point_transform(&self, feature: usize) -> Option<String> {
        self.point(feature)
            .or_else(|| find(&self.hidden_points, feature, |p| p.feature))
            .map(|p| {
                format!(
                    "translate({:.1} {:.1}) scale({:.2})",
                    p.at.x, p.at.y, self.symbol_scale
                )
            })
    }

    /// What a tap at `at` hits on the cluster layer of a dense map (the
    /// nearest symbol within its touch radius, through the index), listing
    /// at most `list_limit` features of a spot that never splits. `None`
    /// off every symbol, and on a map without clusters (its symbols are
    /// SVG elements, hit by the browser).
    pub fn hit(&self, at: ScreenPoint, list_limit: usize) -> Option<DenseHit> {
        self.layer.as_ref()?.hit(&self.view, at, list_limit)
    }

    /// The biggest cluster drawn: where and how many (for tests, which tap
    /// what a user would see).
    pub fn top_cluster(&self) -> Option<(ScreenPoint, usize)> {
        self.clusters.as_ref()?.top_cluster()
    }

    /// The single point drawn nearest the centre of the map, and its catalog
    /// position (for tests).
    pub fn centre_point(&self) -> Option<(ScreenPoint, usize)> {
        let size = self.view.size();
        let centre = ScreenPoint::new(size.width_px / 2.0, size.height_px / 2.0);
        self.clusters
            .as_ref()?
            .items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Point { at, feature, .. } => Some((*at, *feature)),
                DrawItem::Cluster { .. } => None,
            })
            .min_by(|a, b| a.0.distance_px(centre).total_cmp(&b.0.distance_px(centre)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLatBounds;
    use crate::core::model::PositionAccuracy;
    use crate::data::synthetic::synthetic_points;
    use crate::scene::dense::DENSE_THRESHOLD;
    use crate::scene::overlap::{catalog_fan_offsets, FAN_RADIUS_PX};
    use crate::view::viewport::{ScreenSize, ViewLimits};

    fn default_catalog() -> Catalog {
        let out = crate::data::load_geojson(crate::DEFAULT_DATA, &crate::data::Limits::default());
        Catalog::new(out.features)
    }

    fn view_of(catalog: &Catalog, width_px: f64, height_px: f64) -> Viewport {
        let size = ScreenSize {
            width_px,
            height_px,
        };
        let home = catalog.home_bounds().expect("the default data has a zone");
        Viewport::fitting(home, size, 0.0, ViewLimits::default())
    }

    struct Fixture {
        catalog: Catalog,
        fans: Vec<(f64, f64)>,
        view: Viewport,
        filter: Filter,
    }

    impl Fixture {
        fn new(width_px: f64) -> Self {
            let catalog = default_catalog();
            let fans = catalog_fan_offsets(&catalog);
            let view = view_of(&catalog, width_px, 700.0);
            Self {
                catalog,
                fans,
                view,
                filter: Filter::default(),
            }
        }

        fn input(&self) -> SceneInput<'_> {
            SceneInput {
                catalog: &self.catalog,
                view: &self.view,
                visible: [true; 6],
                filter: &self.filter,
                lang: Lang::Zh,
                large: false,
                chrome: &[],
                points: PointMode::Each(&self.fans),
                coverage: None,
                nearest: None,
            }
        }
    }

    #[test]
    fn with_every_layer_on_and_no_filter_every_feature_is_drawn_once() {
        let fx = Fixture::new(1000.0);
        let scene = build(&fx.input());
        assert_eq!(scene.areas.len() + scene.points.len(), fx.catalog.len());
        assert!(scene.hidden_areas.is_empty() && scene.hidden_points.is_empty());
        for (i, f) in fx.catalog.features().iter().enumerate() {
            let is_point = matches!(f.geometry, Geometry::Point(_));
            assert_eq!(scene.point(i).is_some(), is_point, "{}", f.id);
            assert_eq!(scene.area(i).is_some(), !is_point, "{}", f.id);
        }
    }

    #[test]
    fn a_hidden_layer_and_the_filter_decide_what_is_drawn() {
        let mut fx = Fixture::new(1000.0);
        let mut input = fx.input();
        input.visible[FeatureKind::SwapStation.index()] = false;
        let scene = build(&input);
        assert!(scene
            .points
            .iter()
            .all(|p| p.kind != FeatureKind::SwapStation));
        assert!(scene.points.iter().any(|p| p.kind == FeatureKind::Project));
        // Hidden, not drawn, but still placed: their elements keep a position.
        let station = fx
            .catalog
            .features()
            .iter()
            .position(|f| f.kind == FeatureKind::SwapStation)
            .expect("a station");
        assert!(!scene.is_drawn(station));
        let Geometry::Point(at) = fx.catalog.features()[station].geometry else {
            panic!("a point");
        };
        let s = fx.view.lnglat_to_screen(at);
        let transform = scene.point_transform(station).expect("placed");
        let fan = fx.fans[station];
        let expected = (s.x + fan.0, s.y + fan.1);
        assert!(
            transform.starts_with(&format!("translate({:.1} {:.1})", expected.0, expected.1)),
            "{transform}"
        );
        assert!(scene
            .labels
            .iter()
            .all(|l| l.kind != FeatureKind::SwapStation));

        fx.filter = Filter::from_query("k=project");
        let scene = build(&fx.input());
        let projects = fx.catalog.count(FeatureKind::Project);
        assert!(projects > 0);
        let drawn_points: Vec<FeatureKind> = scene.points.iter().map(|p| p.kind).collect();
        assert_eq!(drawn_points.len(), projects, "{drawn_points:?}");
        assert!(drawn_points.iter().all(|k| *k == FeatureKind::Project));
        // The zone frames the map whatever the filter says.
        assert!(scene.areas.iter().any(|a| a.kind == FeatureKind::Zone));
        for p in &scene.points {
            let f = &fx.catalog.features()[p.feature];
            assert!(fx.filter.matches(&fx.catalog, f));
        }
    }

    #[test]
    fn points_sharing_a_spot_are_fanned_out_at_the_symbol_scale() {
        let fx = Fixture::new(1000.0);
        for large in [false, true] {
            let scene = build(&SceneInput {
                large,
                ..fx.input()
            });
            let k = scene.symbol_scale;
            let fanned: Vec<&PointItem> = scene
                .points
                .iter()
                .filter(|p| fx.fans[p.feature] != (0.0, 0.0))
                .collect();
            assert_eq!(fanned.len(), 3);
            let Geometry::Point(spot) = fx.catalog.features()[fanned[0].feature].geometry else {
                panic!("a point");
            };
            let centre = fx.view.lnglat_to_screen(spot);
            for p in &fanned {
                let d = p.at.distance_px(centre);
                assert!((d - FAN_RADIUS_PX * k).abs() < 1e-6, "{d} at scale {k}");
            }
            // A lone point sits on its own position.
            let lone = scene
                .points
                .iter()
                .find(|p| fx.fans[p.feature] == (0.0, 0.0))
                .expect("a lone point");
            let Geometry::Point(at) = fx.catalog.features()[lone.feature].geometry else {
                panic!("a point");
            };
            assert!(lone.at.distance_px(fx.view.lnglat_to_screen(at)) < 1e-9);
        }
    }

    #[test]
    fn symbols_grow_with_the_labels_on_big_screens_and_in_large_mode() {
        let small = Fixture::new(1000.0);
        let expo = Fixture::new(3840.0);
        let normal = build(&small.input());
        let large = build(&SceneInput {
            large: true,
            ..small.input()
        });
        let wall = build(&expo.input());
        assert_eq!(normal.symbol_scale, 1.0);
        assert!(large.symbol_scale > normal.symbol_scale);
        assert!(wall.symbol_scale > large.symbol_scale);
        for scene in [&normal, &large, &wall] {
            assert_eq!(scene.symbol_scale, scene.font_px / 12.0);
            for p in &scene.points {
                let r = symbol(p.kind).radius_px * scene.symbol_scale;
                assert!((p.symbol.radius_px - r).abs() < 1e-9);
            }
        }
        let p = &large.points[0];
        assert_eq!(
            large.point_transform(p.feature),
            Some(format!(
                "translate({:.1} {:.1}) scale({:.2})",
                p.at.x, p.at.y, large.symbol_scale
            ))
        );
    }

    #[test]
    fn labels_never_go_under_the_chrome_nor_over_a_symbol() {
        let fx = Fixture::new(1000.0);
        let free = build(&fx.input());
        assert!(!free.labels.is_empty());
        // A panel over the left half of the map.
        let panel: ScreenBox = (0.0, 0.0, 500.0, 700.0);
        let scene = build(&SceneInput {
            chrome: &[panel],
            ..fx.input()
        });
        assert!(!scene.labels.is_empty());
        assert!(scene.labels.len() < free.labels.len());
        let h = scene.font_px + 4.0;
        for l in &scene.labels {
            assert!(l.left_px >= panel.2, "{} at {}", l.text, l.left_px);
            let top = l.middle_px - h / 2.0;
            let bottom = l.middle_px + h / 2.0;
            let right = l.left_px + estimate_text_width_px(&l.text, scene.font_px) + 6.0;
            for p in &scene.points {
                let r = p.symbol.radius_px;
                let overlaps = l.left_px < p.at.x + r
                    && p.at.x - r < right
                    && top < p.at.y + r
                    && p.at.y - r < bottom;
                assert!(!overlaps, "{} over a symbol", l.text);
            }
        }
        // Area labels name their area, for the tap.
        for l in free.labels.iter().filter(|l| l.area_id.is_some()) {
            let id = l.area_id.as_deref().unwrap_or("");
            let f = fx.catalog.get(id).expect("a labelled area");
            assert!(!matches!(f.geometry, Geometry::Point(_)));
        }
    }

    #[test]
    fn labels_speak_the_language_asked_for() {
        let fx = Fixture::new(1000.0);
        let zh = build(&fx.input());
        let en = build(&SceneInput {
            lang: Lang::En,
            ..fx.input()
        });
        let cjk = |s: &str| s.chars().any(|c| c as u32 >= 0x4E00);
        assert!(zh.labels.iter().any(|l| cjk(&l.text)));
        assert!(en.labels.iter().all(|l| !cjk(&l.text)), "{:?}", en.labels);
    }

    #[test]
    fn a_dense_map_draws_areas_and_clusters_and_answers_taps_through_them() {
        let zone = LngLatBounds {
            min: LngLat::lon_lat(125.05, 43.75),
            max: LngLat::lon_lat(125.35, 43.92),
        };
        let mut features = synthetic_points(DENSE_THRESHOLD + 500, 4, zone);
        for f in features.iter_mut().take(3) {
            f.position_accuracy = PositionAccuracy::Schematic;
        }
        let catalog = Catalog::new(features);
        let layer = Arc::new(DenseLayer::new(&catalog, |_| true));
        let view = Viewport::new(
            zone.center(),
            12.0,
            ScreenSize {
                width_px: 1024.0,
                height_px: 768.0,
            },
            ViewLimits::default(),
        );
        let filter = Filter::default();
        let input = SceneInput {
            catalog: &catalog,
            view: &view,
            visible: [true; 6],
            filter: &filter,
            lang: Lang::En,
            large: false,
            chrome: &[],
            points: PointMode::Clustered(Some(&layer)),
            coverage: None,
            nearest: None,
        };
        let scene = build(&input);
        assert!(scene.points.is_empty(), "points are the clusters' job");
        let list = scene.clusters.as_ref().expect("clusters");
        assert_eq!(*list, layer.draw_list(&view));
        let (at, count) = scene.top_cluster().expect("a cluster at zoom 12");
        assert!(count > 1);
        assert!(matches!(scene.hit(at, 10), Some(DenseHit::Expand { .. })));
        // Before the first clustering is done: nothing to draw or hit.
        let waiting = build(&SceneInput {
            points: PointMode::Clustered(None),
            ..input
        });
        assert!(waiting.clusters.is_none() && waiting.points.is_empty());
        assert_eq!(waiting.hit(at, 10), None);
        assert!(waiting.top_cluster().is_none());
    }

    #[test]
    fn coverage_rings_follow_the_station_layer_and_the_radius() {
        let fx = Fixture::new(1000.0);
        let stations = StationIndex::from_catalog(&fx.catalog);
        assert!(!stations.is_empty());
        assert!(
            build(&fx.input()).coverage.is_empty(),
            "no radius, no rings"
        );
        let two_km = build(&SceneInput {
            coverage: Some((2000.0, &stations)),
            ..fx.input()
        });
        assert_eq!(two_km.coverage.len(), stations.len());
        for ((c, r), p) in two_km.coverage.iter().zip(stations.positions()) {
            assert!(c.distance_px(fx.view.lnglat_to_screen(*p)) < 1e-9);
            let expected = 2000.0 / ground_resolution_m_per_px(p.lat, fx.view.zoom());
            assert!((r - expected).abs() < 1e-9);
        }
        let five_km = build(&SceneInput {
            coverage: Some((5000.0, &stations)),
            ..fx.input()
        });
        assert!((five_km.coverage[0].1 / two_km.coverage[0].1 - 2.5).abs() < 1e-9);
        let mut visible = [true; 6];
        visible[FeatureKind::SwapStation.index()] = false;
        let hidden = build(&SceneInput {
            visible,
            coverage: Some((2000.0, &stations)),
            ..fx.input()
        });
        assert!(hidden.coverage.is_empty(), "rings go with their stations");
    }

    #[test]
    fn map_labels_keep_clear_of_the_distances_to_the_nearest_stations() {
        let fx = Fixture::new(1000.0);
        let stations = StationIndex::from_catalog(&fx.catalog);
        let origin = fx.view.center();
        let near = stations.nearest(origin, 3);
        assert!(!near.is_empty());
        let size = fx.view.size();
        let scene = build(&SceneInput {
            nearest: Some(NearestLines {
                origin,
                stations: &near,
                in_sight: (0.0, 0.0, size.width_px, size.height_px),
            }),
            ..fx.input()
        });
        assert_eq!(scene.distance_labels.len(), near.len());
        for (d, n) in scene.distance_labels.iter().zip(&near) {
            assert_eq!(d.text, format::length(Lang::Zh, n.distance_m));
            assert!(d.to.distance_px(fx.view.lnglat_to_screen(n.position)) < 1e-9);
            let (x0, y0, x1, y1) = d.bounds;
            for l in &scene.labels {
                // The label's box as placed (see place_map_labels).
                let (w, h) = (
                    estimate_text_width_px(&l.text, scene.font_px) + 6.0,
                    scene.font_px + 4.0,
                );
                let (lx0, ly0) = (l.left_px, l.middle_px - h / 2.0);
                let clear = lx0 + w <= x0 || lx0 >= x1 || ly0 + h <= y0 || ly0 >= y1;
                assert!(clear, "{:?} over {}", l.text, d.text);
            }
        }
        assert!(
            build(&fx.input()).distance_labels.is_empty(),
            "no origin, no lines"
        );
    }
}

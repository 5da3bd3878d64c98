//! Large point sets: which points to cluster, what to draw for a viewport,
//! and what a tap hits, all through the cluster index (no DOM per point).
//!
//! The small default data keeps its accessible SVG path, one focusable node
//! per feature. Past [`DENSE_THRESHOLD`] point features a DOM node each would
//! make every pan cost a layout of thousands of nodes, so the points are
//! clustered ([`crate::core::cluster`]) and drawn on a canvas from a
//! [`DrawList`]; areas stay in SVG.

use crate::core::catalog::Catalog;
use crate::core::cluster::{ClusterBuilder, ClusterId, ClusterIndex, ClusterItem, ClusterOptions};
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::model::{Feature, FeatureKind, Geometry};
use crate::view::mercator::ScreenPoint;
use crate::view::viewport::Viewport;

/// Point features beyond which the map clusters them on a canvas.
pub const DENSE_THRESHOLD: usize = 2_000;

/// Cluster radius on screen, in CSS pixels: two clusters never sit closer
/// than this, so their symbols (at most [`MAX_CLUSTER_RADIUS_PX`]) seldom touch.
pub const CLUSTER_RADIUS_PX: f64 = 56.0;

/// The largest cluster symbol's radius.
pub const MAX_CLUSTER_RADIUS_PX: f64 = 32.0;

/// How far around a tap a symbol still counts as hit (a 44 px touch target).
pub const HIT_TOLERANCE_PX: f64 = 22.0;

/// True when the catalog has so many points that they are clustered.
pub fn is_dense(catalog: &Catalog) -> bool {
    point_count(catalog) > DENSE_THRESHOLD
}

fn point_count(catalog: &Catalog) -> usize {
    catalog
        .features()
        .iter()
        .filter(|f| matches!(f.geometry, Geometry::Point(_)))
        .count()
}

/// The clustered points of a catalog: which features are in (visible and
/// passing the filter when built) and their cluster hierarchy.
#[derive(Debug)]
pub struct DenseLayer {
    /// Catalog positions of the clustered features; cluster point `i` is
    /// feature `members[i]`.
    members: Vec<usize>,
    /// Their kinds, for the symbols.
    kinds: Vec<FeatureKind>,
    /// Their positions.
    positions: Vec<LngLat>,
    index: ClusterIndex,
}

/// One thing to draw, in screen pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DrawItem {
    /// A single feature.
    Point {
        /// Where, in CSS pixels.
        at: ScreenPoint,
        /// Its position in the catalog.
        feature: usize,
        /// Its kind (symbol).
        kind: FeatureKind,
        /// Features drawn at this very spot (1 for a lone point): past the
        /// deepest cluster zoom, points sharing a position stack up.
        stacked: usize,
    },
    /// Several features drawn as one symbol.
    Cluster {
        /// Where, in CSS pixels.
        at: ScreenPoint,
        /// Its id in the index.
        id: ClusterId,
        /// Features in it.
        count: usize,
        /// Their summed investment, yuan (0 when none is known).
        investment_yuan: f64,
        /// Symbol radius, CSS pixels.
        radius_px: f64,
    },
}

impl DrawItem {
    /// Where the item is drawn.
    pub fn at(&self) -> ScreenPoint {
        match *self {
            Self::Point { at, .. } | Self::Cluster { at, .. } => at,
        }
    }

    /// The radius a tap must fall within (never less than the touch tolerance).
    pub fn hit_radius_px(&self) -> f64 {
        match *self {
            Self::Point { .. } => HIT_TOLERANCE_PX,
            Self::Cluster { radius_px, .. } => radius_px.max(HIT_TOLERANCE_PX),
        }
    }
}

/// What to draw for one viewport: clipped to it, in drawing order (clusters
/// under single points, so a lone point next to a big cluster stays visible).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawList {
    /// The items.
    pub items: Vec<DrawItem>,
    /// Features the items stand for (what the screen reader summary says).
    pub features_shown: usize,
    /// Clusters among the items.
    pub clusters: usize,
}

impl DrawList {
    /// The biggest cluster drawn: where and how many (for tests).
    pub fn top_cluster(&self) -> Option<(ScreenPoint, usize)> {
        self.items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Cluster { at, count, .. } => Some((*at, *count)),
                DrawItem::Point { .. } => None,
            })
            .max_by_key(|(_, count)| *count)
    }
}

/// What a tap on the dense layer asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum DenseHit {
    /// Select this feature (catalog position).
    Feature(usize),
    /// Zoom in to split this cluster.
    Expand {
        /// Where to centre.
        center: LngLat,
        /// The zoom at which it splits.
        zoom: f64,
    },
    /// The cluster's points share one spot and never split: list them.
    List {
        /// Catalog positions of its features (at most the limit asked for).
        features: Vec<usize>,
        /// How many features the cluster holds.
        total: usize,
    },
}

/// How the dense layer clusters its points: also what the tile builder
/// (`qikai-map-tiles`) clusters the low zooms of an archive with, so a tiled
/// cluster holds the points and investment sum the in-page one does.
pub fn cluster_options() -> ClusterOptions {
    ClusterOptions {
        radius_px: CLUSTER_RADIUS_PX,
        // Our zoom levels are 256-pixel tiles: with extent 256 the radius is screen pixels.
        extent: 256.0,
        max_zoom: 17,
        ..ClusterOptions::default()
    }
}

/// A dense layer built a zoom at a time (see [`ClusterBuilder`]), so the
/// browser can paint and take input between steps.
pub struct DenseLayerBuilder {
    members: Vec<usize>,
    kinds: Vec<FeatureKind>,
    positions: Vec<LngLat>,
    /// Until the first step: the weights the index will sum.
    weights: Vec<f64>,
    /// From the first step on.
    clusters: Option<ClusterBuilder>,
}

impl DenseLayerBuilder {
    /// Picks the points (one pass over the catalog); the tree of the raw
    /// points and then the zooms follow, one per [`step`](Self::step).
    pub fn new(catalog: &Catalog, include: impl Fn(&Feature) -> bool) -> Self {
        let mut members = Vec::new();
        let mut kinds = Vec::new();
        let mut positions = Vec::new();
        let mut weights = Vec::new();
        for (i, f) in catalog.features().iter().enumerate() {
            let Geometry::Point(p) = f.geometry else {
                continue;
            };
            if !include(f) {
                continue;
            }
            members.push(i);
            kinds.push(f.kind);
            positions.push(p);
            weights.push(f.figures.investment_yuan.unwrap_or(0.0));
        }
        Self {
            members,
            kinds,
            positions,
            weights,
            clusters: None,
        }
    }

    /// One more slice of work (the raw points' tree, then one zoom each
    /// time); true when all is done.
    pub fn step(&mut self) -> bool {
        match &mut self.clusters {
            Some(clusters) => clusters.step(),
            None => {
                self.clusters = Some(self.start_clustering());
                false
            }
        }
    }

    fn start_clustering(&mut self) -> ClusterBuilder {
        let weights = std::mem::take(&mut self.weights);
        ClusterBuilder::new(&self.positions, Some(&weights), cluster_options())
    }

    /// The layer (finishing any work left).
    pub fn finish(mut self) -> DenseLayer {
        let clusters = match self.clusters.take() {
            Some(clusters) => clusters,
            None => self.start_clustering(),
        };
        DenseLayer {
            members: self.members,
            kinds: self.kinds,
            positions: self.positions,
            index: clusters.finish(),
        }
    }
}

/// The symbol radius for a cluster of `count` points: grows with the
/// logarithm, so a million and a thousand are both readable.
///
/// ```
/// use qikai_map::scene::dense::{cluster_radius_px, MAX_CLUSTER_RADIUS_PX};
/// assert!(cluster_radius_px(2) < cluster_radius_px(1_000));
/// assert_eq!(cluster_radius_px(10_000_000), MAX_CLUSTER_RADIUS_PX);
/// ```
pub fn cluster_radius_px(count: usize) -> f64 {
    (12.0 + 4.0 * (count.max(2) as f64).log10()).min(MAX_CLUSTER_RADIUS_PX)
}

impl DenseLayer {
    /// Clusters the catalog's point features that `include` keeps.
    pub fn new(catalog: &Catalog, include: impl Fn(&Feature) -> bool) -> Self {
        DenseLayerBuilder::new(catalog, include).finish()
    }

    /// Points clustered.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when no point passed.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The catalog position of clustered point `i`.
    pub fn feature_of(&self, point: usize) -> Option<usize> {
        self.members.get(point).copied()
    }

    /// The items to draw for `view`: a box padded by the largest symbol, so
    /// a cluster whose centre is just off screen still shows its edge.
    pub fn draw_list(&self, view: &Viewport) -> DrawList {
        let mut list = DrawList::default();
        let mut singles = Vec::new();
        let size = view.size();
        let pad = MAX_CLUSTER_RADIUS_PX + 2.0;
        let inside = |p: ScreenPoint| {
            p.x >= -pad && p.y >= -pad && p.x <= size.width_px + pad && p.y <= size.height_px + pad
        };
        self.index
            .for_each_cluster(padded_view_box(view, pad), view.zoom(), |item| match item {
                ClusterItem::Point { index } => {
                    let at = view.lnglat_to_screen(self.position_of(index));
                    if inside(at) {
                        singles.push(DrawItem::Point {
                            at,
                            feature: self.members[index],
                            kind: self.kinds[index],
                            stacked: 1,
                        });
                    }
                }
                ClusterItem::Cluster(c) => {
                    let at = view.lnglat_to_screen(c.center);
                    if inside(at) {
                        list.features_shown += c.count;
                        list.clusters += 1;
                        list.items.push(DrawItem::Cluster {
                            at,
                            id: c.id,
                            count: c.count,
                            investment_yuan: c.weight_sum,
                            radius_px: cluster_radius_px(c.count),
                        });
                    }
                }
            });
        list.features_shown += singles.len();
        list.items.extend(stack_same_spot(singles));
        list
    }

    /// The item a tap at `at` hits (the nearest within its hit radius, found
    /// through the index around the tap), and what it asks for. Clusters that
    /// cannot split list at most `list_limit` of their features.
    pub fn hit(&self, view: &Viewport, at: ScreenPoint, list_limit: usize) -> Option<DenseHit> {
        let reach = MAX_CLUSTER_RADIUS_PX.max(HIT_TOLERANCE_PX);
        let corner_a = view.screen_to_lnglat(ScreenPoint::new(at.x - reach, at.y - reach));
        let corner_b = view.screen_to_lnglat(ScreenPoint::new(at.x + reach, at.y + reach));
        let tap_box = bounds_of(corner_a, corner_b);
        let mut best: Option<(f64, ClusterItem)> = None;
        let mut singles_near: Vec<(ScreenPoint, usize)> = Vec::new();
        self.index.for_each_cluster(tap_box, view.zoom(), |item| {
            let (p, radius) = match item {
                ClusterItem::Point { index } => (self.position_of(index), HIT_TOLERANCE_PX),
                ClusterItem::Cluster(c) => {
                    (c.center, cluster_radius_px(c.count).max(HIT_TOLERANCE_PX))
                }
            };
            let screen = view.lnglat_to_screen(p);
            let d = screen.distance_px(at);
            if let ClusterItem::Point { index } = item {
                singles_near.push((screen, index));
            }
            // Single points win ties: they are drawn on top.
            let score = d - if matches!(item, ClusterItem::Point { .. }) {
                0.5
            } else {
                0.0
            };
            if d <= radius && best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, item));
            }
        });
        match best?.1 {
            ClusterItem::Point { index } => {
                // Points sharing the hit one's spot cannot be told apart by a tap.
                let spot = view.lnglat_to_screen(self.position_of(index));
                let same: Vec<usize> = singles_near
                    .iter()
                    .filter(|(p, _)| p.distance_px(spot) < SAME_SPOT_PX)
                    .map(|&(_, i)| self.members[i])
                    .collect();
                if same.len() > 1 {
                    let total = same.len();
                    let mut features = same;
                    features.sort_unstable();
                    features.truncate(list_limit);
                    Some(DenseHit::List { features, total })
                } else {
                    Some(DenseHit::Feature(self.members[index]))
                }
            }
            ClusterItem::Cluster(c) => {
                let max_zoom = self.index.options().max_zoom;
                match self.index.expansion_zoom(c.id) {
                    // At least one whole zoom level in, so the tap visibly zooms
                    // even when the cluster splits at the next integer zoom.
                    Some(z) if z <= max_zoom => Some(DenseHit::Expand {
                        center: c.center,
                        zoom: f64::from(z).max(view.zoom() + 1.0),
                    }),
                    _ => Some(DenseHit::List {
                        features: self
                            .index
                            .leaves(c.id, list_limit, 0)
                            .into_iter()
                            .map(|i| self.members[i])
                            .collect(),
                        total: c.count,
                    }),
                }
            }
        }
    }

    /// The exact position of clustered point `index` (the index keeps only
    /// fixed-point centres of clusters).
    fn position_of(&self, index: usize) -> LngLat {
        self.positions[index]
    }
}

/// The viewport's box padded by `pad_px` on every side, in WGS-84 (through
/// the viewport, so a basemap in another datum is accounted for).
pub fn padded_view_box(view: &Viewport, pad_px: f64) -> LngLatBounds {
    let size = view.size();
    let a = view.screen_to_lnglat(ScreenPoint::new(-pad_px, -pad_px));
    let b = view.screen_to_lnglat(ScreenPoint::new(
        size.width_px + pad_px,
        size.height_px + pad_px,
    ));
    bounds_of(a, b)
}

/// Screen distance under which two points count as one spot.
const SAME_SPOT_PX: f64 = 1.0;

/// Merges single points drawn at the same spot into one item with a count
/// (the lowest catalog position stands for them), keeping the order otherwise.
fn stack_same_spot(mut singles: Vec<DrawItem>) -> Vec<DrawItem> {
    let key = |i: &DrawItem| {
        let p = i.at();
        (
            (p.x / SAME_SPOT_PX).round() as i64,
            (p.y / SAME_SPOT_PX).round() as i64,
        )
    };
    singles.sort_by_key(|i| match i {
        DrawItem::Point { feature, .. } => (key(i), *feature),
        DrawItem::Cluster { .. } => (key(i), usize::MAX),
    });
    let mut out: Vec<DrawItem> = Vec::with_capacity(singles.len());
    for item in singles {
        let same_spot = out.last().is_some_and(|last| key(last) == key(&item));
        match out.last_mut() {
            Some(DrawItem::Point { stacked, .. }) if same_spot => *stacked += 1,
            _ => out.push(item),
        }
    }
    out
}

fn bounds_of(a: LngLat, b: LngLat) -> LngLatBounds {
    LngLatBounds {
        min: LngLat::lon_lat(a.lng.min(b.lng), a.lat.min(b.lat)),
        max: LngLat::lon_lat(a.lng.max(b.lng), a.lat.max(b.lat)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::synthetic::synthetic_points;
    use crate::view::viewport::{ScreenSize, ViewLimits};

    fn zone() -> LngLatBounds {
        LngLatBounds {
            min: LngLat::lon_lat(125.05, 43.75),
            max: LngLat::lon_lat(125.35, 43.92),
        }
    }

    fn view(center: LngLat, zoom: f64) -> Viewport {
        Viewport::new(
            center,
            zoom,
            ScreenSize {
                width_px: 1024.0,
                height_px: 768.0,
            },
            ViewLimits {
                max_zoom: 22.0,
                ..ViewLimits::default()
            },
        )
    }

    fn layer(n: usize) -> (Catalog, DenseLayer) {
        let catalog = Catalog::new(synthetic_points(n, 3, zone()));
        let layer = DenseLayer::new(&catalog, |_| true);
        (catalog, layer)
    }

    #[test]
    fn the_whole_zone_in_view_accounts_for_every_point() {
        let (catalog, layer) = layer(20_000);
        assert!(is_dense(&catalog));
        let v = view(zone().center(), 11.0);
        let list = layer.draw_list(&v);
        let total: usize = list
            .items
            .iter()
            .map(|i| match i {
                DrawItem::Point { stacked, .. } => *stacked,
                DrawItem::Cluster { count, .. } => *count,
            })
            .sum();
        assert_eq!(total, 20_000);
        assert_eq!(list.features_shown, 20_000);
        assert!(
            list.clusters > 0 && list.items.len() < 2_000,
            "{}",
            list.items.len()
        );
    }

    #[test]
    fn only_what_is_on_screen_is_drawn() {
        let (_, layer) = layer(20_000);
        let v = view(LngLat::lon_lat(125.2, 43.83), 15.0);
        let list = layer.draw_list(&v);
        assert!(list.features_shown < 20_000);
        for item in &list.items {
            let p = item.at();
            let pad = MAX_CLUSTER_RADIUS_PX + 2.0;
            assert!(p.x >= -pad && p.x <= 1024.0 + pad && p.y >= -pad && p.y <= 768.0 + pad);
        }
    }

    #[test]
    fn singles_are_drawn_above_clusters() {
        let (_, layer) = layer(20_000);
        let list = layer.draw_list(&view(zone().center(), 13.0));
        let first_single = list
            .items
            .iter()
            .position(|i| matches!(i, DrawItem::Point { .. }))
            .unwrap_or(list.items.len());
        assert!(list.items[first_single..]
            .iter()
            .all(|i| matches!(i, DrawItem::Point { .. })));
    }

    #[test]
    fn a_tap_on_a_point_selects_it_and_on_a_cluster_zooms_in() {
        let (catalog, layer) = layer(20_000);
        let v = view(zone().center(), 12.0);
        let list = layer.draw_list(&v);
        let cluster = list
            .items
            .iter()
            .find(|i| matches!(i, DrawItem::Cluster { .. }))
            .copied()
            .expect("a cluster at zoom 12");
        match layer.hit(&v, cluster.at(), 10) {
            Some(DenseHit::Expand { zoom, .. }) => assert!(zoom >= 13.0),
            other => panic!("expected an expansion, got {other:?}"),
        }
        let v = view(zone().center(), 17.5);
        let list = layer.draw_list(&v);
        if let Some(DrawItem::Point { at, feature, .. }) = list
            .items
            .iter()
            .find(|i| matches!(i, DrawItem::Point { .. }))
            .copied()
        {
            let tap = ScreenPoint::new(at.x + 3.0, at.y - 2.0);
            assert_eq!(layer.hit(&v, tap, 10), Some(DenseHit::Feature(feature)));
            assert!(matches!(
                catalog.features()[feature].geometry,
                Geometry::Point(_)
            ));
        }
        // Nowhere near anything.
        let empty = view(LngLat::lon_lat(100.0, 20.0), 15.0);
        assert_eq!(layer.hit(&empty, ScreenPoint::new(500.0, 400.0), 10), None);
    }

    #[test]
    fn points_sharing_one_spot_are_listed_not_zoomed() {
        let mut features = synthetic_points(DENSE_THRESHOLD + 10, 5, zone());
        let spot = LngLat::lon_lat(125.2, 43.85);
        for f in features.iter_mut().take(7) {
            f.geometry = Geometry::Point(spot);
        }
        let catalog = Catalog::new(features);
        let layer = DenseLayer::new(&catalog, |_| true);
        let v = view(spot, 20.0);
        let stacked: Vec<usize> = layer
            .draw_list(&v)
            .items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Point { stacked, at, .. }
                    if at.distance_px(v.lnglat_to_screen(spot)) < 1.0 =>
                {
                    Some(*stacked)
                }
                _ => None,
            })
            .collect();
        assert_eq!(stacked, vec![7], "one symbol with a count of 7");
        match layer.hit(&v, v.lnglat_to_screen(spot), 5) {
            Some(DenseHit::List { features, total }) => {
                assert_eq!(total, 7);
                assert_eq!(features.len(), 5);
                for i in features {
                    assert_eq!(catalog.features()[i].geometry, Geometry::Point(spot));
                }
            }
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn the_filter_decides_what_is_clustered() {
        let catalog = Catalog::new(synthetic_points(5_000, 8, zone()));
        let stations = DenseLayer::new(&catalog, |f| f.kind == FeatureKind::SwapStation);
        let expected = catalog.count(FeatureKind::SwapStation);
        assert_eq!(stations.len(), expected);
        let list = stations.draw_list(&view(zone().center(), 10.0));
        assert_eq!(list.features_shown, expected);
        assert!(list.items.iter().all(|i| match i {
            DrawItem::Point { kind, .. } => *kind == FeatureKind::SwapStation,
            DrawItem::Cluster {
                investment_yuan, ..
            } => *investment_yuan == 0.0,
        }));
    }

    #[test]
    fn cluster_investment_is_the_sum_of_its_points() {
        let (catalog, layer) = layer(5_000);
        let list = layer.draw_list(&view(zone().center(), 9.0));
        let drawn: f64 = list
            .items
            .iter()
            .map(|i| match i {
                DrawItem::Cluster {
                    investment_yuan, ..
                } => *investment_yuan,
                DrawItem::Point { feature, .. } => catalog.features()[*feature]
                    .figures
                    .investment_yuan
                    .unwrap_or(0.0),
            })
            .sum();
        let all: f64 = catalog
            .features()
            .iter()
            .filter_map(|f| f.figures.investment_yuan)
            .sum();
        assert!((drawn - all).abs() <= all * 1e-9, "{drawn} vs {all}");
    }
}

//! Tiled points (issue 17) as the dense canvas draws them: the decoded
//! tiles of a view turned into the same [`DrawList`] as in-page clusters
//! (cluster discs with counts and investment sums, point symbols by kind),
//! clipped to the viewport, and what a tap on them asks for.
//!
//! A tiled list's items index this scene, not the page's catalog: a
//! point's `feature` is its position among the tiles' points (see
//! [`TiledScene::feature`], which reads the whole feature again from its
//! tile only when asked: a tap) and a cluster's `id` its position in the
//! scene's cluster table.

use std::sync::Arc;

use crate::core::cluster::ClusterId;
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::model::{Feature, FeatureKind};
use crate::tiles::features::{CompactTile, TiledPoint};
use crate::view::mercator::ScreenPoint;
use crate::view::viewport::Viewport;

use super::dense::{cluster_radius_px, DrawItem, DrawList, HIT_TOLERANCE_PX};

/// Zooms a tap on a cluster flies in when the tile does not say where it
/// splits.
pub const EXPAND_ZOOM_STEP: f64 = 2.0;

/// What a tap on a tiled item asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum TiledHit {
    /// Show the details of the point drawn as this item: its feature is read
    /// again from its tile with [`TiledScene::feature`] (the caller's, so the
    /// decoding stays in the tiles' wasm chunk, off the first view's code).
    Point(usize),
    /// Fly in to split this cluster.
    Expand {
        /// Where to centre.
        center: LngLat,
        /// The zoom to fly to.
        zoom: f64,
    },
}

/// The tiled items of one view.
#[derive(Clone, Debug, Default)]
pub struct TiledScene {
    /// What to draw, in drawing order (clusters under points).
    pub list: DrawList,
    tiles: Vec<Arc<CompactTile>>,
    /// The first point index of each tile.
    offsets: Vec<usize>,
    /// Per cluster item: where it is and the zoom it splits at.
    clusters: Vec<(LngLat, f64)>,
}

impl TiledScene {
    /// Builds the draw list of `tiles` (the view's, loaded) for `view`, the
    /// points of the kinds `include` keeps (the layer switches); areas are not drawn
    /// from tiles yet. A tile may come with a clip box: an ancestor standing
    /// in for a tile not yet loaded draws only what falls in that tile.
    pub fn build(
        tiles: Vec<(Arc<CompactTile>, Option<LngLatBounds>)>,
        view: &Viewport,
        include: impl Fn(FeatureKind) -> bool,
    ) -> Self {
        let (tiles, clips): (Vec<_>, Vec<_>) = tiles.into_iter().unzip();
        let size = view.size();
        let inside = |p: ScreenPoint, r: f64| {
            p.x >= -r && p.y >= -r && p.x <= size.width_px + r && p.y <= size.height_px + r
        };
        let mut scene = Self {
            tiles,
            ..Self::default()
        };
        // Clusters of every tile first, then points into the same list (drawn
        // on top): no second list of up to ~67,000 points (the densest
        // tiles) to copy over, which would stay in wasm memory's high-water
        // mark.
        for (tile, clip) in scene.tiles.iter().zip(&clips) {
            let kept = |p: LngLat| clip.is_none_or(|b| b.contains(p));
            for c in &tile.clusters {
                if !kept(c.position) {
                    continue;
                }
                let at = view.lnglat_to_screen(c.position);
                let count = usize::try_from(c.count).unwrap_or(usize::MAX);
                let radius_px = cluster_radius_px(count);
                if !inside(at, radius_px) {
                    continue;
                }
                let split = c
                    .expansion_zoom
                    .map(f64::from)
                    .filter(|z| *z > view.zoom())
                    .unwrap_or(view.zoom().floor() + EXPAND_ZOOM_STEP);
                scene.list.items.push(DrawItem::Cluster {
                    at,
                    id: ClusterId(u32::try_from(scene.clusters.len()).unwrap_or(u32::MAX)),
                    count,
                    investment_yuan: c.investment_yuan_sum,
                    radius_px,
                });
                scene.clusters.push((c.position, split));
                scene.list.clusters += 1;
                scene.list.features_shown = scene.list.features_shown.saturating_add(count);
            }
        }
        let mut offset = 0;
        for (tile, clip) in scene.tiles.iter().zip(&clips) {
            scene.offsets.push(offset);
            let kept = |p: LngLat| clip.is_none_or(|b| b.contains(p));
            for (i, p) in tile.points.iter().enumerate() {
                if !include(p.kind) || !kept(p.position) {
                    continue;
                }
                let at = view.lnglat_to_screen(p.position);
                if !inside(at, HIT_TOLERANCE_PX) {
                    continue;
                }
                scene.list.items.push(DrawItem::Point {
                    at,
                    feature: offset + i,
                    kind: p.kind,
                    stacked: 1,
                });
                scene.list.features_shown += 1;
            }
            offset += tile.points.len();
        }
        scene
    }

    /// The point a point item stands for, and its tile.
    fn point(&self, index: usize) -> Option<(&CompactTile, &TiledPoint)> {
        let tile = self
            .offsets
            .partition_point(|o| *o <= index)
            .checked_sub(1)?;
        let compact = self.tiles.get(tile)?;
        Some((compact, compact.points.get(index - self.offsets[tile])?))
    }

    /// Whether a point item's position is schematic (drawn with a dashed
    /// ring), without reading its feature.
    pub fn is_schematic(&self, index: usize) -> Option<bool> {
        self.point(index).map(|(_, p)| p.schematic)
    }

    /// The whole feature a point item stands for, read again from its tile
    /// (a tap's details: not for every frame).
    pub fn feature(&self, index: usize) -> Option<Feature> {
        let (tile, point) = self.point(index)?;
        tile.feature(point)
    }

    /// What a tap at `at` hits: the item drawn on top within its radius.
    pub fn hit(&self, at: ScreenPoint) -> Option<TiledHit> {
        let item = self
            .list
            .items
            .iter()
            .rev()
            .filter(|i| i.at().distance_px(at) <= i.hit_radius_px())
            .min_by(|a, b| {
                // Points win over the clusters they sit on; then the nearest.
                let rank = |i: &DrawItem| matches!(i, DrawItem::Cluster { .. });
                rank(a)
                    .cmp(&rank(b))
                    .then(a.at().distance_px(at).total_cmp(&b.at().distance_px(at)))
            })?;
        match *item {
            DrawItem::Point { feature, .. } => Some(TiledHit::Point(feature)),
            DrawItem::Cluster { id, .. } => {
                let (center, zoom) = *self.clusters.get(id.0 as usize)?;
                Some(TiledHit::Expand { center, zoom })
            }
        }
    }

    /// The biggest cluster drawn: where and how many (for tests).
    pub fn top_cluster(&self) -> Option<(ScreenPoint, usize)> {
        self.list.top_cluster()
    }

    /// The point drawn nearest the centre, and where its tile holds it as
    /// `z/x/y:layer:index` (for tests: naming it costs no decoding).
    pub fn centre_point(&self, view: &Viewport) -> Option<(ScreenPoint, String)> {
        let size = view.size();
        let centre = ScreenPoint::new(size.width_px / 2.0, size.height_px / 2.0);
        self.list
            .items
            .iter()
            .filter_map(|i| match i {
                DrawItem::Point { at, feature, .. } => Some((*at, *feature)),
                DrawItem::Cluster { .. } => None,
            })
            .min_by(|a, b| a.0.distance_px(centre).total_cmp(&b.0.distance_px(centre)))
            .and_then(|(at, feature)| {
                let (tile, point) = self.point(feature)?;
                let t = tile.tile();
                Some((
                    at,
                    format!("{}/{}/{}:{}:{}", t.z, t.x, t.y, point.layer, point.index),
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLatBounds;
    use crate::data::synthetic::synthetic_points;
    use crate::data::Limits;
    use crate::tiles::build::{build, BuildOptions, TileSource};
    use crate::tiles::features::{read_tile, CompactTile, TileBytes};
    use crate::tiles::gzip::gunzip;
    use crate::tiles::math::TileId;
    use crate::view::viewport::{ScreenSize, ViewLimits};

    fn view(center: LngLat, zoom: f64) -> Viewport {
        Viewport::new(
            center,
            zoom,
            ScreenSize {
                width_px: 800.0,
                height_px: 600.0,
            },
            ViewLimits::default(),
        )
    }

    #[test]
    fn tiled_points_and_clusters_become_the_dense_draw_list_and_taps_resolve() {
        let zone = LngLatBounds {
            min: LngLat::lon_lat(125.0, 43.7),
            max: LngLat::lon_lat(125.4, 43.95),
        };
        let mut source = TileSource::new();
        for f in synthetic_points(5_000, 3, zone) {
            source.add(f);
        }
        let options = BuildOptions {
            min_zoom: 0,
            max_zoom: 14,
            cluster: crate::scene::dense::cluster_options(),
            gzip_level: 1,
            max_tiles_per_area: 1024,
        };
        // Each tile's MVT, and the gzip it came in (what the widget keeps).
        let mut tiles: Vec<(TileId, Vec<u8>, Vec<u8>)> = Vec::new();
        build(
            &source,
            &options,
            |_| {},
            |t, b: &[u8]| {
                tiles.push((t, gunzip(b, 1 << 24).expect("gzip"), b.to_vec()));
                Ok::<(), ()>(())
            },
        )
        .expect("builds");
        let centre = LngLat::lon_lat(125.3, 43.9);
        let read = |z: u8| -> Vec<(Arc<CompactTile>, Option<LngLatBounds>)> {
            tiles
                .iter()
                .filter(|(t, _, _)| t.z == z)
                .map(|(t, mvt, gzip)| {
                    let bytes = TileBytes {
                        mvt: mvt.clone(),
                        gzip: Some(gzip.clone()),
                    };
                    let tile = CompactTile::read(*t, bytes, &Limits::default()).expect("tile");
                    (Arc::new(tile), None)
                })
                .collect()
        };
        // A low zoom: clusters only, counting every point once.
        let v = view(centre, 4.0);
        let low = TiledScene::build(read(4), &v, |_| true);
        assert!(low.list.clusters > 0);
        let drawn: usize = low
            .list
            .items
            .iter()
            .map(|i| match i {
                DrawItem::Cluster { count, .. } => *count,
                DrawItem::Point { .. } => 1,
            })
            .sum();
        assert_eq!(drawn, low.list.features_shown);
        let (at, _) = low.top_cluster().expect("a cluster");
        match low.hit(at) {
            Some(TiledHit::Expand { zoom, .. }) => assert!(zoom > 4.0),
            other => panic!("expected a cluster, got {other:?}"),
        }
        // The deepest zoom: single points, each tap giving its feature back.
        let deep = TiledScene::build(read(14), &view(centre, 14.0), |_| true);
        for item in deep.list.items.iter().take(20) {
            let DrawItem::Point { at, feature, .. } = *item else {
                continue;
            };
            let f = deep.feature(feature).expect("feature");
            match deep.hit(at) {
                Some(TiledHit::Point(i)) => {
                    let hit = deep.feature(i).expect("the hit point's feature");
                    assert_eq!(hit.geometry, f.geometry);
                }
                other => panic!("expected a point, got {other:?}"),
            }
        }
        // The whole features a tap reads back are those the tile carries.
        let t14 = tiles
            .iter()
            .filter(|(t, _, _)| t.z == 14)
            .find_map(|(t, mvt, _)| {
                let full = read_tile(*t, mvt, &Limits::default()).expect("tile");
                (!full.outcome.features.is_empty()).then_some((*t, mvt, full))
            })
            .expect("a tile with points");
        let (t, mvt, full) = t14;
        let one = CompactTile::read(t, mvt.clone().into(), &Limits::default()).expect("tile");
        let centre_of_tile = t.bounds().center();
        let alone = TiledScene::build(
            vec![(Arc::new(one), None)],
            &view(centre_of_tile, 14.0),
            |_| true,
        );
        for item in &alone.list.items {
            let DrawItem::Point { feature, .. } = *item else {
                continue;
            };
            let got = alone.feature(feature).expect("feature");
            assert!(full.outcome.features.contains(&got), "{got:?}");
        }
        let (_, at_centre) = alone
            .centre_point(&view(centre_of_tile, 14.0))
            .expect("a point");
        assert!(
            at_centre.starts_with(&format!("14/{}/{}:0:", t.x, t.y)),
            "{at_centre}"
        );
        // A parent standing in for one child draws only what falls in the child.
        let parent = read(13);
        let child = crate::tiles::math::tile_of(centre, 14).expect("tile");
        let clip = child.bounds();
        let stand_in: Vec<_> = parent
            .iter()
            .map(|(t, _)| (t.clone(), Some(clip)))
            .collect();
        let clipped = TiledScene::build(stand_in, &view(centre, 14.0), |_| true);
        let v14 = view(centre, 14.0);
        for i in &clipped.list.items {
            let p = v14.screen_to_lnglat(i.at());
            assert!(clip.padded(0.01).contains(p), "{p:?} outside {clip:?}");
        }
        // Everything drawn is inside the viewport (with its radius).
        for i in &deep.list.items {
            assert!(i.at().x >= -30.0 && i.at().x <= 830.0 && i.at().y >= -30.0);
        }
    }

    #[test]
    fn nothing_loaded_draws_nothing_and_hits_nothing() {
        let s = TiledScene::build(
            Vec::new(),
            &view(LngLat::lon_lat(125.0, 43.0), 10.0),
            |_| true,
        );
        assert!(s.list.items.is_empty());
        assert_eq!(s.hit(ScreenPoint::new(400.0, 300.0)), None);
        assert!(s.feature(0).is_none());
    }
}

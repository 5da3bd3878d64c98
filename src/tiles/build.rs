//! Building an archive's tiles from validated features (the engine of
//! `qikai-map-tiles`; pure, so it is tested here).
//!
//! Points are clustered with the widget's own [`ClusterIndex`] (the options
//! are the caller's: the command passes the dense layer's). Each zoom below
//! the deepest gets that zoom's items: clusters (count, investment sum) in
//! the clusters layer, points standing alone as full features. The deepest
//! zoom holds every point as a full feature. Areas (parks, zones, districts)
//! are full features in every tile their box touches at every zoom.
//!
//! Ten million points must fit in memory: a point's properties are kept as
//! a compact blob (short tags, repeated texts such as `source` interned
//! once) beside flat arrays of positions and weights, not as `Feature`s.

use std::collections::HashMap;

use super::features::{
    add_cluster, add_feature, feature_properties, TileCluster, CLUSTERS_LAYER, EXTENT,
    FEATURES_LAYER,
};
use super::gzip::gzip;
use super::math::{tile_of, tiles_covering, TileId};
use super::mvt::{LayerBuilder, Shape, Tile, Value};
use super::pmtiles::tile_id;
use crate::core::cluster::{ClusterIndex, ClusterItem, ClusterOptions};
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::model::{Feature, Geometry};

/// Property names a blob can hold, by their one-byte tag: the loader's own
/// list, so a tile carries exactly the fields a file may. A tag is a position
/// in it: new names go at its end, or archives already written read wrong.
use crate::data::KNOWN_PROPERTIES as KEYS;

/// Properties whose values repeat from feature to feature: kept once.
const INTERNED: [&str; 9] = [
    "kind",
    "category",
    "status",
    "source",
    "source_url",
    "position_accuracy",
    "note_zh",
    "note_en",
    "milestones",
];

const V_TEXT: u8 = 0;
const V_INTERNED: u8 = 1;
const V_DOUBLE: u8 = 2;

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(b: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&x) = b.get(*at) {
        *at += 1;
        v |= u64::from(x & 0x7f) << shift;
        if x < 0x80 || shift >= 63 {
            break;
        }
        shift += 7;
    }
    v
}

/// The features an archive is built from: points compactly, areas whole.
#[derive(Clone, Debug, Default)]
pub struct TileSource {
    positions: Vec<LngLat>,
    weights: Vec<f64>,
    offsets: Vec<u64>,
    blob: Vec<u8>,
    texts: Vec<String>,
    text_index: HashMap<String, u32>,
    areas: Vec<Feature>,
}

impl TileSource {
    /// An empty source.
    pub fn new() -> Self {
        Self::default()
    }

    /// Point features so far.
    pub fn points(&self) -> usize {
        self.positions.len()
    }

    /// Area features so far.
    pub fn areas(&self) -> usize {
        self.areas.len()
    }

    /// Bytes held for the points' properties.
    pub fn blob_bytes(&self) -> usize {
        self.blob.len()
    }

    /// The points' bounding box joined with the areas'.
    pub fn bounds(&self) -> Option<LngLatBounds> {
        let points = LngLatBounds::from_points(self.positions.iter());
        let areas = self
            .areas
            .iter()
            .filter_map(|a| a.geometry.bounds())
            .reduce(LngLatBounds::union);
        match (points, areas) {
            (Some(a), Some(b)) => Some(a.union(b)),
            (a, b) => a.or(b),
        }
    }

    /// Adds a validated feature (in load order: the order the widget's
    /// cluster index sees).
    pub fn add(&mut self, f: Feature) {
        let Geometry::Point(p) = f.geometry else {
            self.areas.push(f);
            return;
        };
        self.offsets.push(self.blob.len() as u64);
        for (key, value) in feature_properties(&f) {
            let Some(k) = KEYS.iter().position(|k| *k == key) else {
                continue;
            };
            self.blob.push(k as u8);
            match value {
                Value::String(s) if INTERNED.contains(&key) => {
                    let next = self.texts.len() as u32;
                    let i = *self.text_index.entry(s.clone()).or_insert_with(|| {
                        self.texts.push(s);
                        next
                    });
                    self.blob.push(V_INTERNED);
                    push_varint(&mut self.blob, u64::from(i));
                }
                Value::String(s) => {
                    self.blob.push(V_TEXT);
                    push_varint(&mut self.blob, s.len() as u64);
                    self.blob.extend_from_slice(s.as_bytes());
                }
                Value::Double(d) => {
                    self.blob.push(V_DOUBLE);
                    self.blob.extend_from_slice(&d.to_le_bytes());
                }
                // feature_properties writes only texts and doubles.
                _ => {
                    self.blob.pop();
                }
            }
        }
        self.positions.push(p);
        self.weights.push(f.figures.investment_yuan.unwrap_or(0.0));
    }

    /// The properties of point `i`, as [`feature_properties`] gave them.
    pub fn point_properties(&self, i: usize) -> Vec<(&'static str, Value)> {
        let start = self.offsets[i] as usize;
        let end = self
            .offsets
            .get(i + 1)
            .map_or(self.blob.len(), |&e| e as usize);
        let b = &self.blob[start..end];
        let mut at = 0;
        let mut out = Vec::with_capacity(12);
        while at + 1 < b.len() {
            let key = KEYS[usize::from(b[at]) % KEYS.len()];
            let kind = b[at + 1];
            at += 2;
            let value = match kind {
                V_INTERNED => {
                    let i = read_varint(b, &mut at) as usize;
                    Value::String(self.texts.get(i).cloned().unwrap_or_default())
                }
                V_TEXT => {
                    let n = read_varint(b, &mut at) as usize;
                    let s = b.get(at..at + n).unwrap_or_default();
                    at += n;
                    Value::String(String::from_utf8_lossy(s).into_owned())
                }
                _ => {
                    let mut a = [0u8; 8];
                    if let Some(s) = b.get(at..at + 8) {
                        a.copy_from_slice(s);
                    }
                    at += 8;
                    Value::Double(f64::from_le_bytes(a))
                }
            };
            out.push((key, value));
        }
        out
    }

    /// The positions of the points, in load order.
    pub fn positions(&self) -> &[LngLat] {
        &self.positions
    }

    /// The weights (investment, 0 when none) of the points.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }
}

/// How to build.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BuildOptions {
    /// Lowest zoom written.
    pub min_zoom: u8,
    /// The deepest zoom: every point as a full feature.
    pub max_zoom: u8,
    /// The cluster index's options (the widget's, for counts that match).
    pub cluster: ClusterOptions,
    /// gzip level of each tile, 0–9.
    pub gzip_level: u8,
    /// Most tiles an area is copied into at one zoom; past it the area is
    /// left out of that zoom (and counted).
    pub max_tiles_per_area: usize,
}

/// What a build wrote, per zoom and in all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildStats {
    /// Per zoom: (zoom, tiles, bytes after gzip, features, clusters).
    pub zooms: Vec<(u8, u64, u64, u64, u64)>,
    /// Largest tile after gzip, bytes, and which.
    pub largest_tile: Option<(TileId, usize)>,
    /// Features or clusters that could not be encoded at some zoom (an area
    /// collapsed to nothing, a position out of range), or areas too large
    /// for a zoom.
    pub left_out: u64,
}

enum Item {
    Point(u32),
    Cluster(u32),
    Area(u32),
}

/// Builds every tile, zoom by zoom, and hands each (gzip-compressed) to
/// `emit` in ascending PMTiles tile id order, as a clustered archive wants.
/// `progress` is told each zoom as it starts.
pub fn build<E>(
    source: &TileSource,
    options: &BuildOptions,
    mut progress: impl FnMut(u8),
    mut emit: impl FnMut(TileId, &[u8]) -> Result<(), E>,
) -> Result<(BuildStats, ClusterIndex), E> {
    let index = ClusterIndex::new(&source.positions, Some(&source.weights), options.cluster);
    let mut stats = BuildStats::default();
    let world = LngLatBounds {
        min: LngLat::lon_lat(-180.0, -90.0),
        max: LngLat::lon_lat(180.0, 90.0),
    };
    for z in options.min_zoom..=options.max_zoom {
        progress(z);
        let mut items: Vec<(u64, Item)> = Vec::new();
        let mut clusters: Vec<TileCluster> = Vec::new();
        let place = |p: LngLat, item: Item, items: &mut Vec<(u64, Item)>| {
            if let Some(t) = tile_of(p, z) {
                items.push((tile_id(t), item));
            }
        };
        if z == options.max_zoom {
            for (i, &p) in source.positions.iter().enumerate() {
                place(p, Item::Point(i as u32), &mut items);
            }
        } else {
            index.for_each_cluster(world, f64::from(z), |item| match item {
                ClusterItem::Point { index } => place(
                    source.positions[index],
                    Item::Point(index as u32),
                    &mut items,
                ),
                ClusterItem::Cluster(c) => {
                    let n = clusters.len() as u32;
                    clusters.push(TileCluster {
                        position: c.center,
                        count: c.count as u64,
                        investment_yuan_sum: c.weight_sum,
                        cluster_id: u64::from(c.id.0),
                        expansion_zoom: index.expansion_zoom(c.id),
                    });
                    place(c.center, Item::Cluster(n), &mut items);
                }
            });
        }
        for (a, area) in source.areas.iter().enumerate() {
            let Some(b) = area.geometry.bounds() else {
                continue;
            };
            match tiles_covering(b, z, options.max_tiles_per_area) {
                Ok(tiles) => items.extend(
                    tiles
                        .into_iter()
                        .map(|t| (tile_id(t), Item::Area(a as u32))),
                ),
                Err(_) => stats.left_out += 1,
            }
        }
        // Stable: within a tile, features keep load order.
        items.sort_by_key(|(id, _)| *id);
        let (mut tiles, mut bytes, mut nf, mut nc) = (0u64, 0u64, 0u64, 0u64);
        let mut start = 0;
        while start < items.len() {
            let id = items[start].0;
            let end = start + items[start..].partition_point(|(i, _)| *i == id);
            let Some(tile) = super::pmtiles::tile_of_id(id) else {
                start = end;
                continue;
            };
            let mut fl = LayerBuilder::new(FEATURES_LAYER, EXTENT);
            let mut cl = LayerBuilder::new(CLUSTERS_LAYER, EXTENT);
            for (_, item) in &items[start..end] {
                let ok = match item {
                    Item::Point(i) => {
                        let i = *i as usize;
                        let (x, y) = tile.to_tile_units(source.positions[i], EXTENT);
                        let props = source.point_properties(i);
                        fl.add(None, &props, &Shape::Points(vec![(x as i32, y as i32)]))
                            .is_ok()
                    }
                    Item::Cluster(c) => add_cluster(&mut cl, tile, &clusters[*c as usize]).is_ok(),
                    Item::Area(a) => add_feature(&mut fl, tile, &source.areas[*a as usize]).is_ok(),
                };
                if !ok {
                    stats.left_out += 1;
                }
            }
            nf += fl.len() as u64;
            nc += cl.len() as u64;
            let mut layers = Vec::with_capacity(2);
            if !fl.is_empty() {
                layers.push(fl.finish());
            }
            if !cl.is_empty() {
                layers.push(cl.finish());
            }
            if !layers.is_empty() {
                let packed = gzip(&Tile { layers }.encode(), options.gzip_level);
                tiles += 1;
                bytes += packed.len() as u64;
                if stats.largest_tile.is_none_or(|(_, n)| packed.len() > n) {
                    stats.largest_tile = Some((tile, packed.len()));
                }
                emit(tile, &packed)?;
            }
            start = end;
        }
        stats.zooms.push((z, tiles, bytes, nf, nc));
    }
    Ok((stats, index))
}

/// The archive's JSON metadata: TileJSON's `vector_layers` and how it was
/// built.
pub fn metadata(options: &BuildOptions, source: &TileSource, generator: &str) -> serde_json::Value {
    let fields: serde_json::Map<String, serde_json::Value> = KEYS
        .iter()
        .map(|k| ((*k).to_string(), serde_json::Value::from("String")))
        .collect();
    serde_json::json!({
        "name": "qikai-map tiles",
        "format": "pbf",
        "type": "overlay",
        "generator": generator,
        "vector_layers": [
            {"id": FEATURES_LAYER, "minzoom": options.min_zoom, "maxzoom": options.max_zoom,
             "fields": fields},
            {"id": CLUSTERS_LAYER, "minzoom": options.min_zoom,
             "maxzoom": options.max_zoom.saturating_sub(1),
             "fields": {"point_count": "Number", "investment_yuan_sum": "Number",
                        "cluster_id": "Number", "expansion_zoom": "Number"}},
        ],
        "qikai_map": {
            "points": source.points(),
            "areas": source.areas(),
            "deepest_zoom": options.max_zoom,
            "cluster": {"radius_px": options.cluster.radius_px, "extent": options.cluster.extent,
                        "max_zoom": options.cluster.max_zoom, "min_points": options.cluster.min_points},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::synthetic::synthetic_points;
    use crate::data::Limits;
    use crate::tiles::features::read_tile;
    use crate::tiles::gzip::gunzip;
    use crate::tiles::pmtiles::{
        slice_range, write_archive, Archive, ArchiveInfo, Compression, Open, TileType,
    };

    fn zone() -> LngLatBounds {
        LngLatBounds {
            min: LngLat::lon_lat(125.0, 43.7),
            max: LngLat::lon_lat(125.4, 43.95),
        }
    }

    fn options() -> BuildOptions {
        BuildOptions {
            min_zoom: 0,
            max_zoom: 12,
            cluster: ClusterOptions {
                radius_px: 56.0,
                extent: 256.0,
                max_zoom: 17,
                ..ClusterOptions::default()
            },
            gzip_level: 6,
            max_tiles_per_area: 1024,
        }
    }

    #[test]
    fn point_blobs_give_back_the_feature_properties() {
        let mut s = TileSource::new();
        let points = synthetic_points(50, 3, zone());
        for f in points.clone() {
            s.add(f);
        }
        for (i, f) in points.iter().enumerate() {
            assert_eq!(s.point_properties(i), feature_properties(f), "{i}");
        }
        assert!(s.blob_bytes() < 50 * 200, "texts that repeat are kept once");
    }

    #[test]
    fn an_archive_of_synthetic_points_reads_back_clusters_that_match_the_index() {
        let features = synthetic_points(3000, 5, zone());
        let mut source = TileSource::new();
        for f in features.clone() {
            source.add(f);
        }
        let opts = options();
        let mut tiles = Vec::new();
        let (stats, index) = build(
            &source,
            &opts,
            |_| {},
            |t, b: &[u8]| {
                tiles.push((t, b.to_vec()));
                Ok::<(), ()>(())
            },
        )
        .expect("builds");
        assert_eq!(stats.zooms.len(), 13);
        // Every zoom accounts for every point once: as a lone feature or
        // inside a cluster; the investment sums add up the same way.
        let total_investment: f64 = source.weights().iter().sum();
        let info = ArchiveInfo {
            tile_type: TileType::Mvt,
            tile_compression: Compression::Gzip,
            min_zoom: opts.min_zoom,
            max_zoom: opts.max_zoom,
            bounds: zone(),
            center_zoom: 10,
            metadata: metadata(&opts, &source, "test"),
        };
        let archive_bytes = write_archive(&info, &tiles).expect("writes");
        let Open::Ready(mut archive) = Archive::open(&archive_bytes).expect("opens") else {
            panic!("small archive")
        };
        for z in [0u8, 5, 9, 12] {
            let mut count = 0u64;
            let mut invest = 0.0;
            let covering = tiles_covering(zone(), z, 10_000).expect("few");
            for t in covering {
                let Some(raw) = archive
                    .read_tile(t, |r| slice_range(&archive_bytes, r))
                    .expect("reads")
                else {
                    continue;
                };
                let got = read_tile(t, &raw, &Limits::default()).expect("decodes");
                assert!(got.issues.is_empty() && got.outcome.report.is_clean());
                count += got.outcome.features.len() as u64;
                count += got.clusters.iter().map(|c| c.count).sum::<u64>();
                invest += got
                    .outcome
                    .features
                    .iter()
                    .filter_map(|f| f.figures.investment_yuan)
                    .sum::<f64>();
                invest += got
                    .clusters
                    .iter()
                    .map(|c| c.investment_yuan_sum)
                    .sum::<f64>();
                // Each tiled cluster is the index's own cluster at that zoom.
                for c in &got.clusters {
                    let own = index
                        .cluster(crate::core::cluster::ClusterId(c.cluster_id as u32))
                        .expect("an index cluster");
                    assert_eq!(own.count as u64, c.count);
                    assert!(
                        (own.weight_sum - c.investment_yuan_sum).abs()
                            <= 1e-6 * own.weight_sum.max(1.0)
                    );
                }
            }
            assert_eq!(count, 3000, "zoom {z}");
            assert!(
                (invest - total_investment).abs() <= 1e-9 * total_investment,
                "zoom {z}: {invest} vs {total_investment}"
            );
        }
        assert!(gunzip(&tiles[0].1, 1 << 24).is_ok());
    }

    #[test]
    fn areas_reach_every_tile_their_box_touches() {
        let ring = vec![
            LngLat::lon_lat(125.10, 43.80),
            LngLat::lon_lat(125.30, 43.80),
            LngLat::lon_lat(125.30, 43.90),
            LngLat::lon_lat(125.10, 43.90),
            LngLat::lon_lat(125.10, 43.80),
        ];
        let mut park = synthetic_points(1, 1, zone()).remove(0);
        park.kind = crate::core::model::FeatureKind::Park;
        park.geometry = Geometry::Polygon(vec![ring]);
        let mut source = TileSource::new();
        source.add(park.clone());
        let mut seen = Vec::new();
        build(
            &source,
            &options(),
            |_| {},
            |t, _b: &[u8]| {
                seen.push(t);
                Ok::<(), ()>(())
            },
        )
        .expect("builds");
        let b = park.geometry.bounds().expect("bounds");
        for z in 0..=12 {
            let want = tiles_covering(b, z, 10_000).expect("few");
            let got: Vec<TileId> = seen.iter().copied().filter(|t| t.z == z).collect();
            let mut want_sorted = want.clone();
            want_sorted.sort_by_key(|t| tile_id(*t));
            assert_eq!(got, want_sorted, "zoom {z}");
        }
    }
}

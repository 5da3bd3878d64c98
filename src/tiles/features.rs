//! The widget's features in vector tiles, both ways.
//!
//! A tile written by `qikai-map-tiles` has two layers:
//!
//! - [`FEATURES_LAYER`]: features with the properties of the GeoJSON format
//!   (README "Data format"), the feature's `id` among them; `milestones`, an
//!   array in GeoJSON, is a JSON string (MVT values are scalars).
//! - [`CLUSTERS_LAYER`]: at zooms below the deepest, clusters from the
//!   widget's own cluster index, each a point with `point_count`,
//!   `investment_yuan_sum`, `cluster_id` and `expansion_zoom`.
//!
//! Reading goes through the GeoJSON loader's own checks: each MVT feature is
//! turned back into a GeoJSON feature and handed to the same `FeatureSink`
//! the file loaders use, so a tile's feature is kept, fixed or skipped for
//! exactly the reasons a file's would be, and reported the same way.
//! [`read_tile`] keeps every feature whole (tools, tests); the widget keeps a
//! [`CompactTile`]: 24 bytes a point and the tile's MVT bytes, from which a
//! tapped point's feature is read again through the same checks. Tiles
//! from other tools (tippecanoe, planetiler, martin's `ST_AsMVT`) work when
//! their features carry those properties (the id may be the MVT feature's
//! own numeric `id` instead); every layer but the clusters is read as
//! features.

use serde_json::{Map, Value as Json};

use super::gzip::gunzip;
use super::math::TileId;
use super::mvt::{
    decode_geometry, EncodeError, Feature as MvtFeature, FeatureError, Layer, LayerBuilder,
    MvtError, Shape, Tile, TilePoint, Value,
};
use super::pmtiles::MAX_TILE_BYTES;
use crate::core::coord::LngLat;
use crate::core::model::{Feature, FeatureKind, Geometry};
use crate::data::convert::{FeatureSink, LoadOutcome};
use crate::data::Limits;

/// Name of the layer of full features.
pub const FEATURES_LAYER: &str = "features";
/// Name of the layer of clusters.
pub const CLUSTERS_LAYER: &str = "clusters";
/// Tile units a side in the tiles written here.
pub const EXTENT: u32 = 4096;

/// The MVT properties of a feature: its GeoJSON properties, as scalars.
pub fn feature_properties(f: &Feature) -> Vec<(&'static str, Value)> {
    let mut p: Vec<(&'static str, Value)> = Vec::with_capacity(16);
    let text = |s: &str| Value::String(s.to_string());
    p.push(("id", text(&f.id)));
    p.push(("kind", text(f.kind.as_str())));
    p.push(("name_zh", text(&f.name_zh)));
    p.push(("name_en", text(&f.name_en)));
    if let Some(c) = &f.category {
        p.push(("category", text(c.as_str())));
    }
    p.push(("status", text(f.status.as_str())));
    for (key, v) in [
        ("investment_yuan", f.figures.investment_yuan),
        ("land_area_m2", f.figures.land_area_m2),
        ("building_area_m2", f.figures.building_area_m2),
        (
            "capacity_vehicles_per_year",
            f.figures.capacity_vehicles_per_year,
        ),
    ] {
        if let Some(v) = v {
            p.push((key, Value::Double(v)));
        }
    }
    if !f.milestones.is_empty() {
        let list: Vec<Json> = f
            .milestones
            .iter()
            .map(|m| {
                serde_json::json!({"date": m.date, "event_zh": m.event_zh, "event_en": m.event_en})
            })
            .collect();
        p.push(("milestones", Value::String(Json::Array(list).to_string())));
    }
    if !f.source.is_empty() {
        p.push(("source", text(&f.source)));
    }
    if let Some(u) = &f.source_url {
        p.push(("source_url", text(u)));
    }
    if let Some(a) = f.position_accuracy.to_wire() {
        p.push(("position_accuracy", Value::String(a)));
    }
    if let Some(n) = &f.note_zh {
        p.push(("note_zh", text(n)));
    }
    if let Some(n) = &f.note_en {
        p.push(("note_en", text(n)));
    }
    p
}

/// Positions of a ring in tile units, repeated positions (after rounding)
/// dropped.
fn ring_units(tile: TileId, ring: &[LngLat]) -> Vec<TilePoint> {
    let mut out: Vec<TilePoint> = Vec::with_capacity(ring.len());
    for &p in ring {
        let (x, y) = tile.to_tile_units(p, EXTENT);
        let q = (
            x.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
        );
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

/// A geometry in a tile's units. Polygons are not clipped (a reader draws
/// what falls in the tile); rings that collapse at this zoom are dropped,
/// and a polygon with no exterior left is [`EncodeError::Degenerate`].
pub fn shape_in_tile(tile: TileId, g: &Geometry) -> Result<Shape, EncodeError> {
    let (x, y) = match g {
        Geometry::Point(p) => tile.to_tile_units(*p, EXTENT),
        _ => {
            let mut polygons = Vec::new();
            for rings in g.polygons() {
                let mut out = Vec::new();
                for (n, ring) in rings.iter().enumerate() {
                    let r = ring_units(tile, ring);
                    if r.len() >= 4 {
                        out.push(r);
                    } else if n == 0 {
                        break; // the exterior collapsed: so does the polygon
                    }
                }
                if !out.is_empty() {
                    polygons.push(out);
                }
            }
            if polygons.is_empty() {
                return Err(EncodeError::Degenerate);
            }
            return Ok(Shape::Polygons(polygons));
        }
    };
    let x = i32::try_from(x).map_err(|_| EncodeError::Overflow)?;
    let y = i32::try_from(y).map_err(|_| EncodeError::Overflow)?;
    Ok(Shape::Points(vec![(x, y)]))
}

/// Adds a feature to the features layer of `tile`.
pub fn add_feature(layer: &mut LayerBuilder, tile: TileId, f: &Feature) -> Result<(), EncodeError> {
    let shape = shape_in_tile(tile, &f.geometry)?;
    layer.add(None, &feature_properties(f), &shape)
}

/// A cluster as a tile carries it.
#[derive(Clone, Debug, PartialEq)]
pub struct TileCluster {
    /// Where it is drawn (the weighted centre of its points).
    pub position: LngLat,
    /// Points in it, ≥ 2.
    pub count: u64,
    /// Sum of its points' `investment_yuan` (0 when none has one).
    pub investment_yuan_sum: f64,
    /// The cluster index's id (unique per archive build).
    pub cluster_id: u64,
    /// Zoom at which it splits, when known.
    pub expansion_zoom: Option<u8>,
}

/// Adds a cluster to the clusters layer of `tile`.
pub fn add_cluster(
    layer: &mut LayerBuilder,
    tile: TileId,
    c: &TileCluster,
) -> Result<(), EncodeError> {
    let shape = shape_in_tile(tile, &Geometry::Point(c.position))?;
    let mut props = vec![
        ("point_count", Value::UInt(c.count)),
        ("investment_yuan_sum", Value::Double(c.investment_yuan_sum)),
        ("cluster_id", Value::UInt(c.cluster_id)),
    ];
    if let Some(z) = c.expansion_zoom {
        props.push(("expansion_zoom", Value::UInt(u64::from(z))));
    }
    layer.add(None, &props, &shape)
}

/// Why one tile feature or cluster was not used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TileProblem {
    /// Its tags or geometry are malformed.
    #[error("{0}")]
    Malformed(#[from] FeatureError),
    /// Its geometry is a line: the widget draws points and areas.
    #[error("lines are not drawn")]
    Line,
    /// A cluster without a valid `point_count` (≥ 2) or with a bad sum.
    #[error("a cluster without a valid count or sum")]
    BadCluster,
}

/// A problem with one feature of a tile (the loader's own problems are in
/// [`DecodedTile::outcome`]'s report).
#[derive(Clone, Debug, PartialEq)]
pub struct TileIssue {
    /// The layer's name.
    pub layer: String,
    /// The feature's position in its layer.
    pub index: usize,
    /// What is wrong.
    pub problem: TileProblem,
}

/// What a tile holds, checked.
#[derive(Clone, Debug, Default)]
pub struct DecodedTile {
    /// Features that passed the loader, with the loader's report (its
    /// indices count the features handed to it, in layer order).
    pub outcome: LoadOutcome,
    /// Clusters.
    pub clusters: Vec<TileCluster>,
    /// Features and clusters left out before the loader, and why.
    pub issues: Vec<TileIssue>,
}

fn tile_json_geometry(tile: TileId, extent: u32, shape: &Shape) -> Option<Json> {
    let pos = |p: &TilePoint| {
        let ll = tile.from_tile_units(i64::from(p.0), i64::from(p.1), extent);
        serde_json::json!([ll.lng, ll.lat])
    };
    match shape {
        Shape::Points(points) => match points.as_slice() {
            [p] => Some(serde_json::json!({"type": "Point", "coordinates": pos(p)})),
            // The model has no multipoint: the first point stands for it.
            [p, ..] => Some(serde_json::json!({"type": "Point", "coordinates": pos(p)})),
            [] => None,
        },
        Shape::Lines(_) => None,
        Shape::Polygons(polys) => {
            let rings = |poly: &Vec<Vec<TilePoint>>| {
                // GeoJSON (RFC 7946) winds exteriors counter-clockwise on the
                // globe; tile y points down, so the tile's winding is kept.
                Json::Array(
                    poly.iter()
                        .map(|r| Json::Array(r.iter().map(pos).collect()))
                        .collect(),
                )
            };
            if polys.len() == 1 {
                Some(serde_json::json!({"type": "Polygon", "coordinates": rings(&polys[0])}))
            } else {
                let all: Vec<Json> = polys.iter().map(rings).collect();
                Some(serde_json::json!({"type": "MultiPolygon", "coordinates": all}))
            }
        }
    }
}

/// A feature of a non-cluster layer as the GeoJSON feature the loader
/// checks (its properties, its geometry in degrees), or why it cannot be one.
fn feature_json(tile: TileId, layer: &Layer, f: &MvtFeature) -> Result<Json, TileProblem> {
    let props = layer.properties(f)?;
    let shape = decode_geometry(f.geom_type, &f.geometry)?;
    let geometry = tile_json_geometry(tile, layer.extent, &shape).ok_or(TileProblem::Line)?;
    let mut map = Map::new();
    for (k, v) in props {
        let json = if k == "milestones" {
            match v {
                Value::String(s) => serde_json::from_str(s).unwrap_or(v.to_json()),
                other => other.to_json(),
            }
        } else {
            v.to_json()
        };
        map.insert(k.to_string(), json);
    }
    // Other tools put a numeric id in the MVT feature's own `id`
    // (tippecanoe, ST_AsMVT's feature_id_name): the GeoJSON
    // feature's `id`, as the loader reads one.
    let mut raw = serde_json::json!({
        "type": "Feature",
        "properties": Json::Object(map),
        "geometry": geometry,
    });
    // A property `id` (ours, or a tool's string id) comes first.
    if let (Some(id), Some(obj)) = (f.id, raw.as_object_mut()) {
        if !obj["properties"]
            .as_object()
            .is_some_and(|p| p.contains_key("id"))
        {
            obj.insert("id".into(), Json::from(id));
        }
    }
    Ok(raw)
}

/// A feature of the clusters layer as a cluster, or why it is not one.
fn cluster_feature(
    tile: TileId,
    layer: &Layer,
    f: &MvtFeature,
) -> Result<TileCluster, TileProblem> {
    let props = layer.properties(f)?;
    let shape = decode_geometry(f.geom_type, &f.geometry)?;
    cluster_from(tile, layer.extent, &props, &shape).ok_or(TileProblem::BadCluster)
}

/// Decodes a tile (uncompressed) of `tile`: its features through the
/// loader's checks, its clusters, and every problem. Only a tile that is no
/// MVT at all is an error. Every feature is kept whole: the widget keeps a
/// [`CompactTile`] instead, this is for tools and tests.
pub fn read_tile(tile: TileId, bytes: &[u8], limits: &Limits) -> Result<DecodedTile, MvtError> {
    let decoded = Tile::decode(bytes)?;
    let mut sink = FeatureSink::new(limits);
    let mut out = DecodedTile::default();
    for layer in &decoded.layers {
        let is_clusters = layer.name == CLUSTERS_LAYER;
        for (index, f) in layer.features.iter().enumerate() {
            let issue = |problem: TileProblem| TileIssue {
                layer: layer.name.clone(),
                index,
                problem,
            };
            if is_clusters {
                match cluster_feature(tile, layer, f) {
                    Ok(c) => out.clusters.push(c),
                    Err(problem) => out.issues.push(issue(problem)),
                }
                continue;
            }
            match feature_json(tile, layer, f) {
                Ok(raw) => sink.add(&raw),
                Err(problem) => out.issues.push(issue(problem)),
            }
        }
    }
    out.outcome = sink.finish();
    Ok(out)
}

/// A tiled point as the widget keeps it: what drawing, the layer switches
/// and a tap need, 24 bytes. A whole [`Feature`] with its texts costs about
/// 1.4 KB in wasm memory; a view of the densest tiles shows 67,000 points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TiledPoint {
    /// Where it is drawn.
    pub position: LngLat,
    /// Its symbol and layer switch.
    pub kind: FeatureKind,
    /// Its position is schematic (`position_accuracy`): drawn with a
    /// dashed ring, as every schematic position is.
    pub schematic: bool,
    /// Its layer's position in the tile: with `index`, where a tap finds its
    /// full properties again.
    pub layer: u16,
    /// Its position in that layer.
    pub index: u32,
}

/// A tile's bytes as they arrived: the MVT to read, and the gzip it came
/// in, when it came gzipped (a PMTiles archive's usual tiles, most tile
/// servers' and directories').
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TileBytes {
    /// The MVT, inflated.
    pub mvt: Vec<u8>,
    /// The same tile gzipped, as it came over the wire.
    pub gzip: Option<Vec<u8>>,
}

impl From<Vec<u8>> for TileBytes {
    /// An MVT that came as it is.
    fn from(mvt: Vec<u8>) -> Self {
        Self { mvt, gzip: None }
    }
}

/// What a [`CompactTile`] keeps of its bytes for a tap's details: the gzip
/// when the tile came gzipped (about a quarter of the MVT: 312 KB against
/// 1.24 MB for the densest tile of the 10M bench; a tap inflates it again in
/// a few milliseconds), else the MVT; nothing for a tile without points.
#[derive(Clone, Debug, Default)]
enum KeptBytes {
    #[default]
    Nothing,
    Mvt(Box<[u8]>),
    Gzip(Box<[u8]>),
}

/// A tile as the widget keeps it: its points (compact), its clusters, and
/// its bytes for the details of a tapped point, which are read again from
/// them through the same checks ([`CompactTile::feature`]). The bytes are
/// the tile's own property store: MVT already shares each key and value
/// among the layer's features, and gzip shrinks the rest.
#[derive(Clone, Debug)]
pub struct CompactTile {
    tile: TileId,
    /// Points that passed the loader's checks, in layer order.
    pub points: Vec<TiledPoint>,
    /// Clusters.
    pub clusters: Vec<TileCluster>,
    /// Features and clusters left out: malformed ones, lines, bad
    /// clusters, and those the loader's checks skipped.
    pub skipped: usize,
    /// Areas that passed the checks (not drawn from tiles yet, so not kept).
    pub areas: usize,
    limits: Limits,
    /// Kept only when there are points to tap.
    kept: KeptBytes,
}

impl CompactTile {
    /// A tile with nothing in it (none in the archive, or a 404 or 204).
    pub fn empty(tile: TileId) -> Self {
        Self {
            tile,
            points: Vec::new(),
            clusters: Vec::new(),
            skipped: 0,
            areas: 0,
            limits: Limits::default(),
            kept: KeptBytes::Nothing,
        }
    }

    /// Reads a tile (uncompressed) of `tile` as [`read_tile`] does (the same
    /// checks, features kept or skipped for the same reasons) but keeps each
    /// point compact: a feature is converted, its position and kind taken,
    /// and let go before the next, so a tile never holds its features whole.
    pub fn read(tile: TileId, bytes: TileBytes, limits: &Limits) -> Result<Self, MvtError> {
        let decoded = Tile::decode(&bytes.mvt)?;
        let mut sink = FeatureSink::new(limits);
        let mut out = Self::empty(tile);
        out.limits = limits.clone();
        for (layer_index, layer) in decoded.layers.iter().enumerate() {
            let Ok(layer_index) = u16::try_from(layer_index) else {
                // Past 65,535 layers: not a tile anyone writes.
                out.skipped += layer.features.len();
                continue;
            };
            let is_clusters = layer.name == CLUSTERS_LAYER;
            for (index, f) in layer.features.iter().enumerate() {
                if is_clusters {
                    match cluster_feature(tile, layer, f) {
                        Ok(c) => out.clusters.push(c),
                        Err(_) => out.skipped += 1,
                    }
                    continue;
                }
                let raw = match feature_json(tile, layer, f) {
                    Ok(raw) => raw,
                    Err(_) => {
                        out.skipped += 1;
                        continue;
                    }
                };
                // The loader counts what it skips (below).
                let Some(feature) = sink.add_and_take(&raw) else {
                    continue;
                };
                let Geometry::Point(position) = feature.geometry else {
                    out.areas += 1;
                    continue;
                };
                let Ok(index) = u32::try_from(index) else {
                    out.skipped += 1; // past 4 billion features: no tile is
                    continue;
                };
                out.points.push(TiledPoint {
                    position,
                    kind: feature.kind,
                    schematic: feature.position_accuracy.is_schematic(),
                    layer: layer_index,
                    index,
                });
            }
        }
        let outcome = sink.finish();
        if outcome.report.file_error.is_some() {
            // More features than the limit: the loader refuses them all.
            out.skipped += out.points.len() + out.areas;
            out.points = Vec::new();
            out.areas = 0;
        } else {
            out.skipped += outcome.report.skipped();
        }
        drop(decoded);
        out.points.shrink_to_fit();
        out.clusters.shrink_to_fit();
        if !out.points.is_empty() {
            out.kept = match bytes.gzip {
                Some(gzip) => KeptBytes::Gzip(gzip.into_boxed_slice()),
                None => KeptBytes::Mvt(bytes.mvt.into_boxed_slice()),
            };
        }
        Ok(out)
    }

    /// The tile.
    pub fn tile(&self) -> TileId {
        self.tile
    }

    /// The full feature of one of this tile's points, read again from the
    /// tile's bytes through the loader's checks: the same feature
    /// [`read_tile`] gives (a point kept here passed them once already).
    /// `None` for a point not of this tile.
    pub fn feature(&self, point: &TiledPoint) -> Option<Feature> {
        let inflated;
        let mvt: &[u8] = match &self.kept {
            KeptBytes::Nothing => return None,
            KeptBytes::Mvt(mvt) => mvt,
            KeptBytes::Gzip(gzip) => {
                inflated = gunzip(gzip, MAX_TILE_BYTES).ok()?;
                &inflated
            }
        };
        let decoded = Tile::decode(mvt).ok()?;
        let layer = decoded.layers.get(usize::from(point.layer))?;
        let f = layer.features.get(usize::try_from(point.index).ok()?)?;
        let raw = feature_json(self.tile, layer, f).ok()?;
        FeatureSink::new(&self.limits).add_and_take(&raw)
    }

    /// The bytes it holds on the heap and inline: the cache's measure.
    pub fn heap_bytes(&self) -> usize {
        let kept = match &self.kept {
            KeptBytes::Nothing => 0,
            KeptBytes::Mvt(b) | KeptBytes::Gzip(b) => b.len(),
        };
        std::mem::size_of::<Self>()
            + kept
            + self.points.capacity() * std::mem::size_of::<TiledPoint>()
            + self.clusters.capacity() * std::mem::size_of::<TileCluster>()
    }
}

fn cluster_from(
    tile: TileId,
    extent: u32,
    props: &[(&str, &Value)],
    shape: &Shape,
) -> Option<TileCluster> {
    let Shape::Points(points) = shape else {
        return None;
    };
    let p = points.first()?;
    let get = |key: &str| props.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let uint = |v: Option<&Value>| match v? {
        Value::UInt(u) => Some(*u),
        Value::Int(i) | Value::SInt(i) => u64::try_from(*i).ok(),
        _ => None,
    };
    let count = uint(get("point_count")).filter(|&c| c >= 2)?;
    let investment_yuan_sum = match get("investment_yuan_sum") {
        None => 0.0,
        Some(Value::Double(d)) => *d,
        Some(Value::Float(f)) => f64::from(*f),
        Some(Value::UInt(u)) => *u as f64,
        Some(Value::Int(i) | Value::SInt(i)) => *i as f64,
        Some(_) => return None,
    };
    if !investment_yuan_sum.is_finite() || investment_yuan_sum < 0.0 {
        return None;
    }
    Some(TileCluster {
        position: tile.from_tile_units(i64::from(p.0), i64::from(p.1), extent),
        count,
        investment_yuan_sum,
        cluster_id: uint(get("cluster_id")).unwrap_or(0),
        expansion_zoom: uint(get("expansion_zoom")).and_then(|z| u8::try_from(z).ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{Category, FeatureKind, Figures, Milestone, PositionAccuracy, Status};
    use crate::data::load_geojson;
    use crate::tiles::math::tile_of;
    use proptest::prelude::*;

    fn plant() -> Feature {
        Feature {
            id: "p-1".into(),
            kind: FeatureKind::Project,
            name_zh: "红旗繁荣工厂".into(),
            name_en: "Hongqi Fanrong plant".into(),
            category: Some(Category::VehiclePlant),
            status: Status::Operating,
            geometry: Geometry::Point(LngLat::lon_lat(125.1657, 43.8312)),
            figures: Figures {
                investment_yuan: Some(1.6e10),
                land_area_m2: Some(1_200_000.0),
                ..Figures::default()
            },
            milestones: vec![Milestone {
                date: "2023-05".into(),
                event_zh: "投产".into(),
                event_en: "Production began".into(),
            }],
            source: "官方报道".into(),
            source_url: Some("https://example.org/a".into()),
            position_accuracy: PositionAccuracy::Approx { meters: 200 },
            note_zh: None,
            note_en: Some("A note".into()),
        }
    }

    fn park() -> Feature {
        let ring = vec![
            LngLat::lon_lat(125.10, 43.80),
            LngLat::lon_lat(125.14, 43.80),
            LngLat::lon_lat(125.14, 43.83),
            LngLat::lon_lat(125.10, 43.83),
            LngLat::lon_lat(125.10, 43.80),
        ];
        Feature {
            id: "park-1".into(),
            kind: FeatureKind::Park,
            geometry: Geometry::Polygon(vec![ring]),
            category: Some(Category::IndustrialPark),
            position_accuracy: PositionAccuracy::Schematic,
            milestones: Vec::new(),
            figures: Figures::default(),
            note_en: None,
            ..plant()
        }
    }

    fn one_tile(z: u8, features: &[Feature], clusters: &[TileCluster]) -> (TileId, Vec<u8>) {
        let tile = tile_of(LngLat::lon_lat(125.12, 43.815), z).expect("tile");
        let mut f = LayerBuilder::new(FEATURES_LAYER, EXTENT);
        for x in features {
            add_feature(&mut f, tile, x).expect("encodes");
        }
        let mut c = LayerBuilder::new(CLUSTERS_LAYER, EXTENT);
        for x in clusters {
            add_cluster(&mut c, tile, x).expect("encodes");
        }
        (
            tile,
            Tile {
                layers: vec![f.finish(), c.finish()],
            }
            .encode(),
        )
    }

    #[test]
    fn features_round_trip_through_a_tile_with_every_field() {
        let (tile, bytes) = one_tile(14, &[plant(), park()], &[]);
        let got = read_tile(tile, &bytes, &Limits::default()).expect("decodes");
        assert!(got.issues.is_empty(), "{:?}", got.issues);
        assert!(got.outcome.report.is_clean(), "{:?}", got.outcome.report);
        assert_eq!(got.outcome.features.len(), 2);
        let a = &got.outcome.features[0];
        let want = plant();
        // Positions come back within one tile unit (z14: 360° / 2^26).
        let Geometry::Point(p) = a.geometry else {
            panic!("a point")
        };
        let Geometry::Point(q) = want.geometry else {
            panic!("a point")
        };
        let unit = 360.0 / f64::from(1u32 << 26);
        assert!((p.lng - q.lng).abs() <= unit && (p.lat - q.lat).abs() <= unit);
        assert_eq!(
            Feature {
                geometry: want.geometry.clone(),
                ..a.clone()
            },
            want
        );
        assert!(got.outcome.features[1].geometry.is_areal());
    }

    #[test]
    fn a_bad_feature_is_reported_like_the_geojson_loader_reports_it() {
        // The same faults in a GeoJSON file and in a tile give the same codes.
        let mut bad = plant();
        bad.id = "bad id!".into();
        let mut markup = plant();
        markup.id = "m".into();
        markup.name_en = "<script>x</script>".into();
        let (tile, bytes) = one_tile(14, &[bad, markup], &[]);
        let got = read_tile(tile, &bytes, &Limits::default()).expect("decodes");
        let codes: Vec<&str> = got
            .outcome
            .report
            .issues
            .iter()
            .map(|i| i.problem.code())
            .collect();
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"bad id!","geometry":{"type":"Point","coordinates":[125.1,43.8]},
           "properties":{"kind":"project","name_zh":"a","name_en":"b","position_accuracy":"exact"}},
          {"type":"Feature","id":"m","geometry":{"type":"Point","coordinates":[125.1,43.8]},
           "properties":{"kind":"project","name_zh":"a","name_en":"<script>x</script>","position_accuracy":"exact"}}]}"#;
        let file = load_geojson(text, &Limits::default());
        let file_codes: Vec<&str> = file
            .report
            .issues
            .iter()
            .map(|i| i.problem.code())
            .collect();
        assert_eq!(codes, file_codes);
        assert_eq!(got.outcome.features.len(), file.features.len());
    }

    #[test]
    fn clusters_round_trip_and_bad_ones_are_reported() {
        let c = TileCluster {
            position: LngLat::lon_lat(125.12, 43.815),
            count: 1234,
            investment_yuan_sum: 5.5e11,
            cluster_id: 99,
            expansion_zoom: Some(9),
        };
        let (tile, bytes) = one_tile(8, &[], std::slice::from_ref(&c));
        let got = read_tile(tile, &bytes, &Limits::default()).expect("decodes");
        assert_eq!(got.clusters.len(), 1);
        let back = &got.clusters[0];
        assert_eq!(
            (
                back.count,
                back.investment_yuan_sum,
                back.cluster_id,
                back.expansion_zoom
            ),
            (1234, 5.5e11, 99, Some(9))
        );
        // A cluster of one point is not a cluster.
        let bytes = Tile {
            layers: vec![cluster_of_one()],
        }
        .encode();
        let got = read_tile(tile, &bytes, &Limits::default()).expect("decodes");
        assert_eq!(got.issues[0].problem, TileProblem::BadCluster);
    }

    #[test]
    fn malformed_features_are_issues_and_the_rest_still_load() {
        let (tile, bytes) = one_tile(14, &[plant(), park()], &[]);
        let mut t = Tile::decode(&bytes).expect("decodes");
        let layer: &mut Layer = &mut t.layers[0];
        layer.features[0].geometry = vec![(1 << 3) * 1000 + 1, 2, 2]; // count past the end
        let got = read_tile(tile, &t.encode(), &Limits::default()).expect("decodes");
        assert!(matches!(
            got.issues[0].problem,
            TileProblem::Malformed(FeatureError::BadCount { .. })
        ));
        assert_eq!(got.outcome.features.len(), 1);
    }

    #[test]
    fn a_numeric_mvt_feature_id_from_another_tool_is_the_feature_id() {
        let tile = tile_of(LngLat::lon_lat(125.12, 43.815), 14).expect("tile");
        let mut l = LayerBuilder::new("pois", EXTENT);
        let props = [
            ("kind", Value::String("swap_station".into())),
            ("name_zh", Value::String("换电站".into())),
            ("position_accuracy", Value::String("exact".into())),
        ];
        l.add(Some(4711), &props, &Shape::Points(vec![(100, 200)]))
            .expect("ok");
        let bytes = Tile {
            layers: vec![l.finish()],
        }
        .encode();
        let got = read_tile(tile, &bytes, &Limits::default()).expect("decodes");
        assert_eq!(got.outcome.features.len(), 1, "{:?}", got.outcome.report);
        assert_eq!(got.outcome.features[0].id, "4711");
        // Only English missing: reported as the loader reports it.
        assert!(got
            .outcome
            .report
            .issues
            .iter()
            .any(|i| i.problem.code() == "missing_translation"));
    }

    /// Many points (synthetic, with every text) and a park in one tile.
    fn busy_tile() -> (TileId, Vec<u8>) {
        let zone = crate::core::coord::LngLatBounds {
            min: LngLat::lon_lat(125.11, 43.81),
            max: LngLat::lon_lat(125.13, 43.82),
        };
        let mut features = crate::data::synthetic::synthetic_points(400, 5, zone);
        features.push(park());
        let mut dup = plant();
        dup.id = features[3].id.clone(); // a duplicate id: the loader skips it
        features.push(dup);
        let mut bad = plant();
        bad.id = "bad id!".into();
        features.push(bad);
        one_tile(14, &features, &[])
    }

    #[test]
    fn a_compact_tile_keeps_the_points_read_tile_keeps_and_taps_give_the_same_features() {
        let (tile, bytes) = busy_tile();
        let full = read_tile(tile, &bytes, &Limits::default()).expect("decodes");
        let compact =
            CompactTile::read(tile, bytes.clone().into(), &Limits::default()).expect("decodes");
        let points: Vec<&Feature> = full
            .outcome
            .features
            .iter()
            .filter(|f| matches!(f.geometry, Geometry::Point(_)))
            .collect();
        assert_eq!(compact.points.len(), points.len());
        assert_eq!(compact.areas, 1);
        assert_eq!(
            compact.skipped,
            full.issues.len() + full.outcome.report.skipped()
        );
        assert_eq!(compact.skipped, 2, "the duplicate and the bad id");
        for (p, f) in compact.points.iter().zip(&points) {
            assert_eq!(Geometry::Point(p.position), f.geometry);
            assert_eq!(p.kind, f.kind);
            assert_eq!(p.schematic, f.position_accuracy.is_schematic());
            assert_eq!(compact.feature(p).as_ref(), Some(*f));
        }
        // Kept gzipped (as tiles arrive from an archive): a quarter of the
        // bytes, and a tap reads the same features.
        let gzipped = CompactTile::read(
            tile,
            TileBytes {
                mvt: bytes.clone(),
                gzip: Some(crate::tiles::gzip::gzip(&bytes, 6)),
            },
            &Limits::default(),
        )
        .expect("decodes");
        assert_eq!(gzipped.points, compact.points);
        assert!(gzipped.heap_bytes() * 2 < compact.heap_bytes());
        for p in gzipped.points.iter().step_by(37) {
            assert_eq!(gzipped.feature(p), compact.feature(p));
        }
        // The duplicate's first holder reads back whole (not as a duplicate).
        assert!(compact.feature(&compact.points[3]).is_some());
        // A point that is not this tile's finds nothing.
        let stray = TiledPoint {
            index: 9999,
            ..compact.points[0]
        };
        assert_eq!(compact.feature(&stray), None);
        // What is kept: the bytes and 24 bytes a point, far below whole
        // features (about 1.4 KB each in wasm memory).
        assert_eq!(std::mem::size_of::<TiledPoint>(), 24);
        assert!(
            compact.heap_bytes() <= bytes.len() + 24 * compact.points.len() + 256,
            "{} bytes kept for a {}-byte tile",
            compact.heap_bytes(),
            bytes.len()
        );
    }

    #[test]
    fn a_compact_tile_without_points_keeps_no_bytes() {
        let c = TileCluster {
            position: LngLat::lon_lat(125.12, 43.815),
            count: 40,
            investment_yuan_sum: 2.0e9,
            cluster_id: 7,
            expansion_zoom: Some(10),
        };
        let (tile, bytes) = one_tile(8, &[park()], std::slice::from_ref(&c));
        let compact = CompactTile::read(tile, bytes.into(), &Limits::default()).expect("decodes");
        assert_eq!(compact.clusters.len(), 1);
        assert_eq!(
            (compact.clusters[0].count, compact.clusters[0].cluster_id),
            (c.count, c.cluster_id)
        );
        assert!(compact.points.is_empty());
        assert_eq!((compact.areas, compact.skipped), (1, 0));
        assert!(compact.heap_bytes() < 512, "{}", compact.heap_bytes());
        let empty = CompactTile::empty(tile);
        assert_eq!(empty.tile(), tile);
        assert!(empty.points.is_empty() && empty.clusters.is_empty());
    }

    /// A clusters layer holding a "cluster" of one point: not a cluster.
    fn cluster_of_one() -> Layer {
        let mut l = LayerBuilder::new(CLUSTERS_LAYER, EXTENT);
        l.add(
            None,
            &[("point_count", Value::UInt(1))],
            &Shape::Points(vec![(1, 1)]),
        )
        .expect("ok");
        l.finish()
    }

    #[test]
    fn a_compact_tile_counts_malformed_features_and_bad_clusters_as_skipped() {
        let (tile, bytes) = one_tile(14, &[plant(), park()], &[]);
        let mut t = Tile::decode(&bytes).expect("decodes");
        t.layers[0].features[0].geometry = vec![(1 << 3) * 1000 + 1, 2, 2];
        t.layers.push(cluster_of_one());
        let compact =
            CompactTile::read(tile, t.encode().into(), &Limits::default()).expect("decodes");
        assert_eq!((compact.skipped, compact.areas), (2, 1));
        assert!(compact.points.is_empty() && compact.clusters.is_empty());
        assert!(CompactTile::read(tile, vec![0xff, 0xff].into(), &Limits::default()).is_err());
    }

    proptest! {
        #[test]
        fn hostile_tiles_never_panic(at in 0usize..2000, flip in 1u8..=255, cut in 0usize..2000) {
            let c = TileCluster {
                position: LngLat::lon_lat(125.12, 43.815),
                count: 3, investment_yuan_sum: 1.0, cluster_id: 1, expansion_zoom: None,
            };
            let (tile, mut bytes) = one_tile(14, &[plant(), park()], &[c]);
            let n = bytes.len();
            bytes[at % n] ^= flip;
            bytes.truncate(cut % (n + 1));
            let _ = read_tile(tile, &bytes, &Limits::default());
            if let Ok(compact) = CompactTile::read(tile, bytes.into(), &Limits::default()) {
                for p in &compact.points {
                    let _ = compact.feature(p);
                }
            }
        }
    }
}

//! Mapbox Vector Tile 2.1: decode and encode.
//!
//! Spec: <https://github.com/mapbox/vector-tile-spec/tree/master/2.1>. A tile
//! is a list of layers; a layer has a name, an extent (tile units a side,
//! 4096 by default), tables of keys and values, and features whose `tags`
//! are pairs of indices into those tables and whose `geometry` is a stream of
//! commands (`MoveTo`, `LineTo`, `ClosePath`) with zigzag deltas from a
//! cursor that carries from one command to the next.
//!
//! Decoding a tile checks its structure (a malformed message fails the whole
//! tile with [`MvtError`]); a feature's tags and geometry are checked when
//! they are read ([`Layer::properties`], [`decode_geometry`]), so one bad
//! feature is reported by itself and the rest of the tile still draws.

use std::collections::HashMap;

use super::pbf::{unzigzag, wire, zigzag, PbfError, Reader, Writer};

/// The extent a layer has when it does not say.
pub const DEFAULT_EXTENT: u32 = 4096;

/// Why a tile could not be decoded at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MvtError {
    /// The protobuf is malformed.
    #[error("malformed tile: {0}")]
    Pbf(#[from] PbfError),
    /// A layer version other than 1 or 2.
    #[error("layer {name:?} has version {version}; 1 and 2 are read")]
    Version {
        /// The layer's name.
        name: String,
        /// The version found.
        version: u64,
    },
    /// A layer with no name.
    #[error("a layer has no name")]
    NoName,
    /// A layer whose extent is 0 or past 2^31.
    #[error("layer {name:?} has extent {extent}")]
    Extent {
        /// The layer's name.
        name: String,
        /// The extent found.
        extent: u64,
    },
    /// A packed value does not fit its 32-bit field.
    #[error("a value past 32 bits in a 32-bit field at byte {at}")]
    Overflow32 {
        /// Offset of the value.
        at: usize,
    },
}

/// Why one feature could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FeatureError {
    /// `tags` has an odd number of entries.
    #[error("the tags have an odd length")]
    OddTags,
    /// A tag points past the layer's keys or values.
    #[error("tag {index} points past the layer's tables")]
    TagOutOfRange {
        /// Position of the pair in `tags`.
        index: usize,
    },
    /// A command id other than 1, 2, 7, or one the geometry type forbids.
    #[error("command {id} not allowed at position {at}")]
    BadCommand {
        /// The command id.
        id: u32,
        /// Position in `geometry`.
        at: usize,
    },
    /// A command's count is 0 where it must not be, or asks for more
    /// parameters than the geometry holds.
    #[error("command count {count} not possible at position {at}")]
    BadCount {
        /// The count found.
        count: u32,
        /// Position in `geometry`.
        at: usize,
    },
    /// The cursor left the 32-bit range.
    #[error("a position past 32 bits")]
    Overflow,
    /// The feature's geometry type is not point, line or polygon.
    #[error("unknown geometry type")]
    UnknownType,
    /// Nothing to draw.
    #[error("empty geometry")]
    Empty,
    /// A polygon ring with fewer than 3 distinct positions or zero area.
    #[error("a polygon ring is degenerate")]
    DegenerateRing,
    /// A polygon whose first ring is an interior ring.
    #[error("a polygon starts with a hole")]
    HoleFirst,
}

/// A geometry type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeomType {
    /// 0: not stated.
    Unknown,
    /// 1: one or more points.
    Point,
    /// 2: one or more lines.
    LineString,
    /// 3: one or more polygons.
    Polygon,
}

impl GeomType {
    fn from_wire(v: u64) -> Self {
        match v {
            1 => Self::Point,
            2 => Self::LineString,
            3 => Self::Polygon,
            _ => Self::Unknown,
        }
    }

    fn to_wire(self) -> u64 {
        match self {
            Self::Unknown => 0,
            Self::Point => 1,
            Self::LineString => 2,
            Self::Polygon => 3,
        }
    }
}

/// A property value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `string_value` (1).
    String(String),
    /// `float_value` (2).
    Float(f32),
    /// `double_value` (3).
    Double(f64),
    /// `int_value` (4).
    Int(i64),
    /// `uint_value` (5).
    UInt(u64),
    /// `sint_value` (6), zigzag on the wire.
    SInt(i64),
    /// `bool_value` (7).
    Bool(bool),
}

impl Value {
    /// The value as a JSON value (integers as numbers; a non-finite float
    /// becomes `null`, which the loader then reports).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Self::String(s) => serde_json::Value::from(s.as_str()),
            Self::Float(f) => serde_json::Number::from_f64(f64::from(*f))
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Self::Double(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Self::Int(i) | Self::SInt(i) => serde_json::Value::from(*i),
            Self::UInt(u) => serde_json::Value::from(*u),
            Self::Bool(b) => serde_json::Value::from(*b),
        }
    }

    /// A key for interning equal values (floats by their bits).
    fn intern_key(&self) -> (u8, u64, Option<&str>) {
        match self {
            Self::String(s) => (1, 0, Some(s.as_str())),
            Self::Float(f) => (2, u64::from(f.to_bits()), None),
            Self::Double(f) => (3, f.to_bits(), None),
            Self::Int(i) => (4, *i as u64, None),
            Self::UInt(u) => (5, *u, None),
            Self::SInt(i) => (6, *i as u64, None),
            Self::Bool(b) => (7, u64::from(*b), None),
        }
    }

    fn decode(mut r: Reader<'_>) -> Result<Option<Self>, PbfError> {
        let mut out = None;
        while !r.is_done() {
            let at = r.offset();
            let (field, wt) = r.key()?;
            let v = match (field, wt) {
                (1, wire::LEN) => Self::String(r.string()?.to_string()),
                (2, wire::FIXED32) => Self::Float(f32::from_bits(r.fixed32()?)),
                (3, wire::FIXED64) => Self::Double(f64::from_bits(r.fixed64()?)),
                (4, wire::VARINT) => Self::Int(r.varint()? as i64),
                (5, wire::VARINT) => Self::UInt(r.varint()?),
                (6, wire::VARINT) => Self::SInt(unzigzag(r.varint()?)),
                (7, wire::VARINT) => Self::Bool(r.varint()? != 0),
                (1..=7, _) => return Err(PbfError::WrongType { field, at }),
                _ => {
                    r.skip(wt)?;
                    continue;
                }
            };
            out = Some(v); // the last one wins, as protobuf's merge says
        }
        Ok(out)
    }

    fn encode(&self, w: &mut Writer) {
        match self {
            Self::String(s) => w.bytes_field(1, s.as_bytes()),
            Self::Float(f) => w.fixed32_field(2, f.to_bits()),
            Self::Double(f) => w.fixed64_field(3, f.to_bits()),
            Self::Int(i) => w.varint_field(4, *i as u64),
            Self::UInt(u) => w.varint_field(5, *u),
            Self::SInt(i) => w.varint_field(6, zigzag(*i)),
            Self::Bool(b) => w.varint_field(7, u64::from(*b)),
        }
    }
}

/// One feature as stored: tags and geometry still encoded.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// The feature's id, when it has one.
    pub id: Option<u64>,
    /// Pairs of (key index, value index).
    pub tags: Vec<u32>,
    /// Geometry type.
    pub geom_type: GeomType,
    /// Command stream.
    pub geometry: Vec<u32>,
}

/// One layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// Version (2 when written here).
    pub version: u32,
    /// Name, unique in the tile.
    pub name: String,
    /// Tile units a side.
    pub extent: u32,
    /// Property names.
    pub keys: Vec<String>,
    /// Property values; a value message with no known field is `None`.
    pub values: Vec<Option<Value>>,
    /// Features.
    pub features: Vec<Feature>,
}

/// A decoded tile.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tile {
    /// Layers in tile order.
    pub layers: Vec<Layer>,
}

fn packed_u32(r: &mut Reader<'_>, out: &mut Vec<u32>) -> Result<(), MvtError> {
    let mut inner = r.message()?;
    while !inner.is_done() {
        let at = inner.offset();
        let v = inner.varint()?;
        out.push(u32::try_from(v).map_err(|_| MvtError::Overflow32 { at })?);
    }
    Ok(())
}

impl Feature {
    fn decode(mut r: Reader<'_>) -> Result<Self, MvtError> {
        let mut f = Feature {
            id: None,
            tags: Vec::new(),
            geom_type: GeomType::Unknown,
            geometry: Vec::new(),
        };
        while !r.is_done() {
            let at = r.offset();
            let (field, wt) = r.key()?;
            match (field, wt) {
                (1, wire::VARINT) => f.id = Some(r.varint()?),
                (2, wire::LEN) => packed_u32(&mut r, &mut f.tags)?,
                (3, wire::VARINT) => f.geom_type = GeomType::from_wire(r.varint()?),
                (4, wire::LEN) => packed_u32(&mut r, &mut f.geometry)?,
                // Unpacked repeated fields are legal protobuf too.
                (2, wire::VARINT) | (4, wire::VARINT) => {
                    let at = r.offset();
                    let v = u32::try_from(r.varint()?).map_err(|_| MvtError::Overflow32 { at })?;
                    if field == 2 {
                        f.tags.push(v);
                    } else {
                        f.geometry.push(v);
                    }
                }
                (1..=4, _) => return Err(PbfError::WrongType { field, at }.into()),
                _ => r.skip(wt)?,
            }
        }
        Ok(f)
    }

    fn encode(&self, w: &mut Writer) {
        if let Some(id) = self.id {
            w.varint_field(1, id);
        }
        let tags: Vec<u64> = self.tags.iter().map(|&t| u64::from(t)).collect();
        w.packed_field(2, &tags);
        w.varint_field(3, self.geom_type.to_wire());
        let geometry: Vec<u64> = self.geometry.iter().map(|&t| u64::from(t)).collect();
        w.packed_field(4, &geometry);
    }
}

impl Layer {
    fn decode(mut r: Reader<'_>) -> Result<Self, MvtError> {
        let mut name = None;
        let mut version = 1u64;
        let mut extent = u64::from(DEFAULT_EXTENT);
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut features = Vec::new();
        while !r.is_done() {
            let at = r.offset();
            let (field, wt) = r.key()?;
            match (field, wt) {
                (15, wire::VARINT) => version = r.varint()?,
                (1, wire::LEN) => name = Some(r.string()?.to_string()),
                (2, wire::LEN) => features.push(Feature::decode(r.message()?)?),
                (3, wire::LEN) => keys.push(r.string()?.to_string()),
                (4, wire::LEN) => values.push(Value::decode(r.message()?)?),
                (5, wire::VARINT) => extent = r.varint()?,
                (1..=5 | 15, _) => return Err(PbfError::WrongType { field, at }.into()),
                _ => r.skip(wt)?,
            }
        }
        let name = name.ok_or(MvtError::NoName)?;
        if !(1..=2).contains(&version) {
            return Err(MvtError::Version { name, version });
        }
        if extent == 0 || extent > 1 << 31 {
            return Err(MvtError::Extent { name, extent });
        }
        Ok(Layer {
            version: version as u32,
            name,
            extent: extent as u32,
            keys,
            values,
            features,
        })
    }

    fn encode(&self, w: &mut Writer) {
        w.varint_field(15, u64::from(self.version));
        w.bytes_field(1, self.name.as_bytes());
        for f in &self.features {
            let mut fw = Writer::new();
            f.encode(&mut fw);
            w.bytes_field(2, &fw.into_bytes());
        }
        for k in &self.keys {
            w.bytes_field(3, k.as_bytes());
        }
        for v in &self.values {
            let mut vw = Writer::new();
            if let Some(v) = v {
                v.encode(&mut vw);
            }
            w.bytes_field(4, &vw.into_bytes());
        }
        w.varint_field(5, u64::from(self.extent));
    }

    /// A feature's properties as (key, value) pairs, checked against the
    /// layer's tables. A value message with no known field is left out.
    pub fn properties<'a>(
        &'a self,
        feature: &Feature,
    ) -> Result<Vec<(&'a str, &'a Value)>, FeatureError> {
        if !feature.tags.len().is_multiple_of(2) {
            return Err(FeatureError::OddTags);
        }
        let mut out = Vec::with_capacity(feature.tags.len() / 2);
        for (index, pair) in feature.tags.chunks_exact(2).enumerate() {
            let key = self.keys.get(pair[0] as usize);
            let value = self.values.get(pair[1] as usize);
            match (key, value) {
                (Some(k), Some(Some(v))) => out.push((k.as_str(), v)),
                (Some(_), Some(None)) => {}
                _ => return Err(FeatureError::TagOutOfRange { index }),
            }
        }
        Ok(out)
    }
}

impl Tile {
    /// Decodes a tile (uncompressed bytes).
    pub fn decode(bytes: &[u8]) -> Result<Self, MvtError> {
        let mut r = Reader::new(bytes);
        let mut tile = Tile::default();
        while !r.is_done() {
            let at = r.offset();
            let (field, wt) = r.key()?;
            match (field, wt) {
                (3, wire::LEN) => tile.layers.push(Layer::decode(r.message()?)?),
                (3, _) => return Err(PbfError::WrongType { field, at }.into()),
                _ => r.skip(wt)?,
            }
        }
        Ok(tile)
    }

    /// Encodes the tile.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        for layer in &self.layers {
            let mut lw = Writer::new();
            layer.encode(&mut lw);
            w.bytes_field(3, &lw.into_bytes());
        }
        w.into_bytes()
    }
}

/// A position in tile units (x right, y down).
pub type TilePoint = (i32, i32);

/// A decoded geometry in tile units.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// One or more points.
    Points(Vec<TilePoint>),
    /// One or more lines.
    Lines(Vec<Vec<TilePoint>>),
    /// Polygons: each an exterior ring then its holes; rings are closed
    /// (the last position repeats the first).
    Polygons(Vec<Vec<Vec<TilePoint>>>),
}

const MOVE_TO: u32 = 1;
const LINE_TO: u32 = 2;
const CLOSE_PATH: u32 = 7;

fn command(id: u32, count: u32) -> u32 {
    (id & 7) | (count << 3)
}

/// Twice the signed area of a closed ring by the surveyor's formula, in
/// tile units (y down): positive for an exterior ring in MVT 2.1 (§4.3.4.4).
fn ring_area2(ring: &[TilePoint]) -> i128 {
    ring.windows(2)
        .map(|w| i128::from(w[0].0) * i128::from(w[1].1) - i128::from(w[1].0) * i128::from(w[0].1))
        .sum()
}

/// Decodes a command stream into a shape of the feature's type. Every
/// count is checked against what is left before anything is allocated.
pub fn decode_geometry(geom_type: GeomType, cmds: &[u32]) -> Result<Shape, FeatureError> {
    let (mut x, mut y) = (0i64, 0i64);
    let mut parts: Vec<Vec<TilePoint>> = Vec::new();
    let mut closed: Vec<bool> = Vec::new();
    let mut i = 0;
    let param = |v: u32| i64::from(unzigzag(u64::from(v)) as i32);
    while i < cmds.len() {
        let at = i;
        let id = cmds[i] & 7;
        let count = cmds[i] >> 3;
        i += 1;
        match id {
            MOVE_TO | LINE_TO => {
                let needed = 2 * count as usize;
                if count == 0 || needed > cmds.len() - i {
                    return Err(FeatureError::BadCount { count, at });
                }
                if id == MOVE_TO && geom_type != GeomType::Point && count != 1 {
                    return Err(FeatureError::BadCount { count, at });
                }
                if id == LINE_TO
                    && (geom_type == GeomType::Point
                        || parts.is_empty()
                        || closed.last() == Some(&true))
                {
                    return Err(FeatureError::BadCommand { id, at });
                }
                if id == MOVE_TO && (geom_type != GeomType::Point || parts.is_empty()) {
                    parts.push(Vec::new());
                    closed.push(false);
                }
                for _ in 0..count {
                    x += param(cmds[i]);
                    y += param(cmds[i + 1]);
                    i += 2;
                    let p = (
                        i32::try_from(x).map_err(|_| FeatureError::Overflow)?,
                        i32::try_from(y).map_err(|_| FeatureError::Overflow)?,
                    );
                    if let Some(part) = parts.last_mut() {
                        part.push(p);
                    }
                }
            }
            CLOSE_PATH => {
                if count != 1 {
                    return Err(FeatureError::BadCount { count, at });
                }
                if geom_type != GeomType::Polygon || closed.last() != Some(&false) {
                    return Err(FeatureError::BadCommand { id, at });
                }
                if let (Some(part), Some(c)) = (parts.last_mut(), closed.last_mut()) {
                    if let Some(&first) = part.first() {
                        part.push(first);
                    }
                    *c = true;
                }
            }
            _ => return Err(FeatureError::BadCommand { id, at }),
        }
    }
    if parts.is_empty() {
        return Err(FeatureError::Empty);
    }
    match geom_type {
        GeomType::Unknown => Err(FeatureError::UnknownType),
        GeomType::Point => Ok(Shape::Points(parts.concat())),
        GeomType::LineString => {
            if parts.iter().any(|p| p.len() < 2) {
                return Err(FeatureError::Empty);
            }
            Ok(Shape::Lines(parts))
        }
        GeomType::Polygon => {
            let mut polygons: Vec<Vec<Vec<TilePoint>>> = Vec::new();
            for (ring, was_closed) in parts.into_iter().zip(closed) {
                if !was_closed || ring.len() < 4 {
                    return Err(FeatureError::DegenerateRing);
                }
                let area = ring_area2(&ring);
                if area > 0 {
                    polygons.push(vec![ring]);
                } else if area < 0 {
                    polygons
                        .last_mut()
                        .ok_or(FeatureError::HoleFirst)?
                        .push(ring);
                } else {
                    return Err(FeatureError::DegenerateRing);
                }
            }
            Ok(Shape::Polygons(polygons))
        }
    }
}

/// Why a shape could not be encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// A step between two positions past the 32-bit parameter range.
    #[error("a step past 32 bits")]
    Overflow,
    /// Nothing to encode, or a ring or line too short.
    #[error("an empty or degenerate shape")]
    Degenerate,
    /// More positions in one command than 2^29 − 1.
    #[error("too many positions")]
    TooMany,
}

struct Cursor {
    x: i64,
    y: i64,
    out: Vec<u32>,
}

impl Cursor {
    fn step(&mut self, p: TilePoint) -> Result<(), EncodeError> {
        let dx = i64::from(p.0) - self.x;
        let dy = i64::from(p.1) - self.y;
        let dx = i32::try_from(dx).map_err(|_| EncodeError::Overflow)?;
        let dy = i32::try_from(dy).map_err(|_| EncodeError::Overflow)?;
        self.out.push(zigzag(i64::from(dx)) as u32);
        self.out.push(zigzag(i64::from(dy)) as u32);
        self.x = i64::from(p.0);
        self.y = i64::from(p.1);
        Ok(())
    }

    fn run(&mut self, id: u32, points: &[TilePoint]) -> Result<(), EncodeError> {
        let count = u32::try_from(points.len())
            .ok()
            .filter(|&c| c < 1 << 29)
            .ok_or(EncodeError::TooMany)?;
        self.out.push(command(id, count));
        points.iter().try_for_each(|&p| self.step(p))
    }
}

/// Encodes a shape into its geometry type and command stream. Polygon rings
/// are written with the winding MVT 2.1 wants (exterior positive area in
/// tile units, holes negative), whatever winding they came with; the
/// repeated closing position is dropped (ClosePath stands for it).
pub fn encode_geometry(shape: &Shape) -> Result<(GeomType, Vec<u32>), EncodeError> {
    let mut c = Cursor {
        x: 0,
        y: 0,
        out: Vec::new(),
    };
    match shape {
        Shape::Points(points) => {
            if points.is_empty() {
                return Err(EncodeError::Degenerate);
            }
            c.run(MOVE_TO, points)?;
            Ok((GeomType::Point, c.out))
        }
        Shape::Lines(lines) => {
            if lines.is_empty() {
                return Err(EncodeError::Degenerate);
            }
            for line in lines {
                let (first, rest) = line.split_first().ok_or(EncodeError::Degenerate)?;
                if rest.is_empty() {
                    return Err(EncodeError::Degenerate);
                }
                c.run(MOVE_TO, &[*first])?;
                c.run(LINE_TO, rest)?;
            }
            Ok((GeomType::LineString, c.out))
        }
        Shape::Polygons(polygons) => {
            if polygons.is_empty() {
                return Err(EncodeError::Degenerate);
            }
            for polygon in polygons {
                for (n, ring) in polygon.iter().enumerate() {
                    let mut ring = ring.clone();
                    if ring.len() > 1 && ring.first() == ring.last() {
                        ring.pop();
                    }
                    let mut closed = ring.clone();
                    if let Some(&f) = ring.first() {
                        closed.push(f);
                    }
                    let area = ring_area2(&closed);
                    if ring.len() < 3 || area == 0 {
                        return Err(EncodeError::Degenerate);
                    }
                    if (n == 0) != (area > 0) {
                        ring.reverse();
                    }
                    c.run(MOVE_TO, &ring[..1])?;
                    c.run(LINE_TO, &ring[1..])?;
                    c.out.push(command(CLOSE_PATH, 1));
                }
            }
            Ok((GeomType::Polygon, c.out))
        }
    }
}

/// Builds one layer: interns keys and values as features are added.
#[derive(Clone, Debug)]
pub struct LayerBuilder {
    layer: Layer,
    key_index: HashMap<String, u32>,
    value_index: HashMap<(u8, u64, Option<String>), u32>,
}

impl LayerBuilder {
    /// An empty layer (version 2).
    pub fn new(name: &str, extent: u32) -> Self {
        Self {
            layer: Layer {
                version: 2,
                name: name.to_string(),
                extent,
                keys: Vec::new(),
                values: Vec::new(),
                features: Vec::new(),
            },
            key_index: HashMap::new(),
            value_index: HashMap::new(),
        }
    }

    /// Features so far.
    pub fn len(&self) -> usize {
        self.layer.features.len()
    }

    /// True when no feature was added.
    pub fn is_empty(&self) -> bool {
        self.layer.features.is_empty()
    }

    /// Adds a feature; a shape that cannot be encoded is refused.
    pub fn add(
        &mut self,
        id: Option<u64>,
        properties: &[(&str, Value)],
        shape: &Shape,
    ) -> Result<(), EncodeError> {
        let (geom_type, geometry) = encode_geometry(shape)?;
        let mut tags = Vec::with_capacity(properties.len() * 2);
        for (key, value) in properties {
            let k = match self.key_index.get(*key) {
                Some(&k) => k,
                None => {
                    let k = self.layer.keys.len() as u32;
                    self.layer.keys.push((*key).to_string());
                    self.key_index.insert((*key).to_string(), k);
                    k
                }
            };
            let (t, bits, s) = value.intern_key();
            let vkey = (t, bits, s.map(str::to_string));
            let v = match self.value_index.get(&vkey) {
                Some(&v) => v,
                None => {
                    let v = self.layer.values.len() as u32;
                    self.layer.values.push(Some(value.clone()));
                    self.value_index.insert(vkey, v);
                    v
                }
            };
            tags.push(k);
            tags.push(v);
        }
        self.layer.features.push(Feature {
            id,
            tags,
            geom_type,
            geometry,
        });
        Ok(())
    }

    /// The finished layer.
    pub fn finish(self) -> Layer {
        self.layer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_spec_example_point_and_polygon_decode() {
        // vector-tile-spec 2.1 §4.3.5.1: a point at (25, 17) is [9, 50, 34].
        assert_eq!(
            decode_geometry(GeomType::Point, &[9, 50, 34]),
            Ok(Shape::Points(vec![(25, 17)]))
        );
        // §4.3.5.3: polygon (3,6) (8,12) (20,34) closed: [9, 6, 12, 18, 10, 12, 24, 44, 15].
        assert_eq!(
            decode_geometry(GeomType::Polygon, &[9, 6, 12, 18, 10, 12, 24, 44, 15]),
            Ok(Shape::Polygons(vec![vec![vec![
                (3, 6),
                (8, 12),
                (20, 34),
                (3, 6)
            ]]]))
        );
        // and it encodes back to the same stream.
        let shape = Shape::Polygons(vec![vec![vec![(3, 6), (8, 12), (20, 34), (3, 6)]]]);
        assert_eq!(
            encode_geometry(&shape),
            Ok((GeomType::Polygon, vec![9, 6, 12, 18, 10, 12, 24, 44, 15]))
        );
    }

    #[test]
    fn counts_past_the_buffer_and_bad_commands_are_feature_errors() {
        // MoveTo with count 2^29 − 1 and two parameters.
        let huge = command(MOVE_TO, (1 << 29) - 1);
        assert!(matches!(
            decode_geometry(GeomType::Point, &[huge, 2, 2]),
            Err(FeatureError::BadCount { .. })
        ));
        assert!(matches!(
            decode_geometry(GeomType::LineString, &[command(LINE_TO, 1), 2, 2]),
            Err(FeatureError::BadCommand { .. })
        ));
        assert!(matches!(
            decode_geometry(GeomType::Point, &[command(3, 1), 2, 2]),
            Err(FeatureError::BadCommand { id: 3, .. })
        ));
        assert_eq!(
            decode_geometry(GeomType::Point, &[]),
            Err(FeatureError::Empty)
        );
        // A hole before any exterior ring.
        let hole = Shape::Polygons(vec![vec![vec![(0, 0), (10, 0), (10, 10), (0, 0)]]]);
        let (_, mut cmds) = encode_geometry(&hole).expect("encodes");
        // Reverse its winding by hand: decode, reverse, re-encode as a raw stream.
        let Shape::Polygons(p) = decode_geometry(GeomType::Polygon, &cmds).expect("decodes") else {
            panic!("a polygon")
        };
        let mut ring = p[0][0].clone();
        ring.reverse();
        ring.pop();
        let mut c = Cursor {
            x: 0,
            y: 0,
            out: Vec::new(),
        };
        c.run(MOVE_TO, &ring[..1]).expect("ok");
        c.run(LINE_TO, &ring[1..]).expect("ok");
        c.out.push(command(CLOSE_PATH, 1));
        cmds = c.out;
        assert_eq!(
            decode_geometry(GeomType::Polygon, &cmds),
            Err(FeatureError::HoleFirst)
        );
    }

    #[test]
    fn a_tile_round_trips_with_every_value_type() {
        let mut b = LayerBuilder::new("features", 4096);
        let props = [
            ("name_zh", Value::String("一汽".into())),
            ("f", Value::Float(1.5)),
            ("d", Value::Double(2.25e9)),
            ("i", Value::Int(-7)),
            ("u", Value::UInt(u64::MAX)),
            ("s", Value::SInt(-9)),
            ("b", Value::Bool(true)),
        ];
        b.add(Some(42), &props, &Shape::Points(vec![(10, 20), (-5, 4100)]))
            .expect("point");
        b.add(
            None,
            &props[..2],
            &Shape::Lines(vec![vec![(0, 0), (100, 100)], vec![(5, 5), (6, 7), (8, 9)]]),
        )
        .expect("line");
        // Polygon given clockwise-on-screen exterior and a hole, any winding.
        let square = vec![(0, 0), (0, 100), (100, 100), (100, 0), (0, 0)];
        let hole = vec![(10, 10), (20, 10), (20, 20), (10, 10)];
        b.add(Some(1), &[], &Shape::Polygons(vec![vec![square, hole]]))
            .expect("polygon");
        let tile = Tile {
            layers: vec![b.finish()],
        };
        let bytes = tile.encode();
        let back = Tile::decode(&bytes).expect("decodes");
        assert_eq!(back, tile);
        let layer = &back.layers[0];
        assert_eq!(layer.keys.len(), 7, "keys interned once");
        let got = layer.properties(&layer.features[0]).expect("tags");
        assert_eq!(got.len(), 7);
        assert_eq!(got[0], ("name_zh", &Value::String("一汽".into())));
        let Ok(Shape::Polygons(p)) =
            decode_geometry(layer.features[2].geom_type, &layer.features[2].geometry)
        else {
            panic!("a polygon")
        };
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].len(), 2, "exterior and hole kept together");
        assert!(ring_area2(&p[0][0]) > 0 && ring_area2(&p[0][1]) < 0);
    }

    #[test]
    fn tags_past_the_tables_are_a_feature_error() {
        let mut b = LayerBuilder::new("l", 4096);
        b.add(
            None,
            &[("k", Value::Bool(true))],
            &Shape::Points(vec![(1, 1)]),
        )
        .expect("ok");
        let mut layer = b.finish();
        layer.features[0].tags = vec![0, 5];
        assert_eq!(
            layer.properties(&layer.features[0]),
            Err(FeatureError::TagOutOfRange { index: 0 })
        );
        layer.features[0].tags = vec![0];
        assert_eq!(
            layer.properties(&layer.features[0]),
            Err(FeatureError::OddTags)
        );
    }

    #[test]
    fn a_layer_without_name_or_with_extent_zero_fails_the_tile() {
        let mut w = Writer::new();
        let mut lw = Writer::new();
        lw.varint_field(15, 2);
        w.bytes_field(3, &lw.into_bytes());
        assert_eq!(Tile::decode(&w.into_bytes()), Err(MvtError::NoName));
        let mut w = Writer::new();
        let mut lw = Writer::new();
        lw.bytes_field(1, b"x");
        lw.varint_field(5, 0);
        w.bytes_field(3, &lw.into_bytes());
        assert!(matches!(
            Tile::decode(&w.into_bytes()),
            Err(MvtError::Extent { .. })
        ));
    }

    fn arb_point() -> impl Strategy<Value = TilePoint> {
        (-100_000i32..100_000, -100_000i32..100_000)
    }

    proptest! {
        #[test]
        fn points_and_lines_round_trip(
            points in proptest::collection::vec(arb_point(), 1..40),
            lines in proptest::collection::vec(proptest::collection::vec(arb_point(), 2..10), 1..5),
        ) {
            for shape in [Shape::Points(points.clone()), Shape::Lines(lines.clone())] {
                let (t, cmds) = encode_geometry(&shape).expect("encodes");
                prop_assert_eq!(decode_geometry(t, &cmds), Ok(shape));
            }
        }

        #[test]
        fn any_bytes_decode_to_a_tile_or_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            if let Ok(tile) = Tile::decode(&bytes) {
                for layer in &tile.layers {
                    for f in &layer.features {
                        let _ = layer.properties(f);
                        let _ = decode_geometry(f.geom_type, &f.geometry);
                    }
                }
            }
        }

        #[test]
        fn any_command_stream_decodes_or_errs(
            t in 0u64..4,
            cmds in proptest::collection::vec(any::<u32>(), 0..64),
        ) {
            let _ = decode_geometry(GeomType::from_wire(t), &cmds);
        }

        #[test]
        fn a_mutated_tile_never_panics(cut in 0usize..400, flip in any::<u8>(), at in 0usize..400) {
            let mut b = LayerBuilder::new("features", 4096);
            b.add(Some(7), &[("name_en", Value::String("Plant".into())), ("n", Value::UInt(3))],
                  &Shape::Points(vec![(1, 2)])).expect("ok");
            b.add(None, &[], &Shape::Polygons(vec![vec![vec![(0,0),(0,9),(9,9),(9,0),(0,0)]]])).expect("ok");
            let mut bytes = Tile { layers: vec![b.finish()] }.encode();
            let len = bytes.len();
            if len > 0 { bytes[at % len] ^= flip; }
            bytes.truncate(cut.min(len));
            if let Ok(tile) = Tile::decode(&bytes) {
                for layer in &tile.layers {
                    for f in &layer.features {
                        let _ = layer.properties(f);
                        let _ = decode_geometry(f.geom_type, &f.geometry);
                    }
                }
            }
        }
    }
}

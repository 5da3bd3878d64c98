//! PMTiles v3: one file of tiles read with HTTP range requests.
//!
//! Spec: <https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md>. A
//! 127-byte header, a root directory in the first 16 KiB, JSON metadata,
//! optional leaf directories and the tile data. A directory is a list of
//! entries (tile id, offset, length, run length), varint-coded in columns and
//! compressed; a run length of 0 points at a leaf directory. Tile ids number
//! the tiles of every zoom along a Hilbert curve, zoom after zoom.
//!
//! [`Archive`] never does I/O: it says which byte range it needs next
//! ([`Lookup::NeedLeaf`], [`Lookup::Tile`]) and is handed the bytes, so the
//! same code serves a `fetch` in the browser, a file natively and a test's
//! byte vector. [`ArchiveWriter`] writes an archive.

use std::collections::{HashMap, VecDeque};

use super::gzip::{gunzip, gzip, GzipError};
use super::math::{TileId, MAX_ZOOM};
use super::pbf::{PbfError, Reader, Writer};
use crate::core::coord::LngLatBounds;

/// Size of the header.
pub const HEADER_LEN: usize = 127;
/// Bytes a client fetches first: the header and the whole root directory
/// (the spec keeps both inside them).
pub const FIRST_FETCH: u64 = 16_384;
/// Largest directory accepted after inflating (a leaf of the spec's
/// typical size is well under 1 MiB).
pub const MAX_DIRECTORY_BYTES: usize = 16 * 1024 * 1024;
/// Largest tile accepted after inflating.
pub const MAX_TILE_BYTES: usize = 32 * 1024 * 1024;
/// Leaf directories kept in memory by a reader.
pub const LEAF_CACHE: usize = 64;
/// Directory levels followed before giving up (root, leaf, one more).
const MAX_DEPTH: usize = 3;

/// A compression named by the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// 0: not stated.
    Unknown,
    /// 1: none.
    None,
    /// 2: gzip.
    Gzip,
    /// 3: brotli.
    Brotli,
    /// 4: zstd.
    Zstd,
}

impl Compression {
    fn from_byte(b: u8) -> Result<Self, PmError> {
        Ok(match b {
            0 => Self::Unknown,
            1 => Self::None,
            2 => Self::Gzip,
            3 => Self::Brotli,
            4 => Self::Zstd,
            other => return Err(PmError::UnknownCompression(other)),
        })
    }

    fn to_byte(self) -> u8 {
        match self {
            Self::Unknown => 0,
            Self::None => 1,
            Self::Gzip => 2,
            Self::Brotli => 3,
            Self::Zstd => 4,
        }
    }

    /// Undoes the compression, bounded by `limit` output bytes. Only none and
    /// gzip are read (what the builders write by default); brotli and zstd
    /// are reported by name.
    pub fn decompress(self, bytes: &[u8], limit: usize) -> Result<Vec<u8>, PmError> {
        match self {
            Self::None => {
                if bytes.len() > limit {
                    Err(PmError::Gzip(GzipError::TooLarge { limit }))
                } else {
                    Ok(bytes.to_vec())
                }
            }
            Self::Gzip => Ok(gunzip(bytes, limit)?),
            other => Err(PmError::UnsupportedCompression(other)),
        }
    }

    fn compress(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Self::Gzip => gzip(bytes, 9),
            _ => bytes.to_vec(),
        }
    }
}

/// What the tiles are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TileType {
    /// 0: not stated.
    Unknown,
    /// 1: Mapbox Vector Tile.
    Mvt,
    /// 2: PNG.
    Png,
    /// 3: JPEG.
    Jpeg,
    /// 4: WebP.
    Webp,
    /// 5: AVIF.
    Avif,
}

impl TileType {
    fn from_byte(b: u8) -> Self {
        match b {
            1 => Self::Mvt,
            2 => Self::Png,
            3 => Self::Jpeg,
            4 => Self::Webp,
            5 => Self::Avif,
            _ => Self::Unknown,
        }
    }

    fn to_byte(self) -> u8 {
        match self {
            Self::Unknown => 0,
            Self::Mvt => 1,
            Self::Png => 2,
            Self::Jpeg => 3,
            Self::Webp => 4,
            Self::Avif => 5,
        }
    }
}

/// Why an archive could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PmError {
    /// Fewer bytes than the header or the range asked for.
    #[error("the archive is shorter than needed")]
    TooShort,
    /// Not `PMTiles` at the start.
    #[error("not a PMTiles archive")]
    BadMagic,
    /// A version other than 3.
    #[error("PMTiles version {0}; version 3 is read")]
    Version(u8),
    /// A compression byte past the spec's list.
    #[error("unknown compression {0}")]
    UnknownCompression(u8),
    /// A compression this reader does not inflate.
    #[error("compression {0:?} is not supported")]
    UnsupportedCompression(Compression),
    /// Compressed data could not be inflated.
    #[error("compressed data: {0}")]
    Gzip(#[from] GzipError),
    /// A directory's varints are malformed.
    #[error("directory: {0}")]
    Pbf(#[from] PbfError),
    /// A directory that breaks the spec's rules (no entries, a zero length,
    /// ids not ascending, a count larger than its bytes can hold, offsets
    /// past 64 bits).
    #[error("directory: {0}")]
    Directory(&'static str),
    /// Leaf directories nested deeper than a reader follows.
    #[error("directories nested too deep")]
    TooDeep,
    /// The header's sections point outside 64-bit offsets.
    #[error("a section past 64-bit offsets")]
    Overflow,
}

/// The 127-byte header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Root directory: offset from the start of the archive.
    pub root_offset: u64,
    /// Root directory: length.
    pub root_length: u64,
    /// JSON metadata: offset.
    pub metadata_offset: u64,
    /// JSON metadata: length.
    pub metadata_length: u64,
    /// Leaf directories: offset of the section.
    pub leaf_offset: u64,
    /// Leaf directories: length of the section.
    pub leaf_length: u64,
    /// Tile data: offset of the section.
    pub data_offset: u64,
    /// Tile data: length of the section.
    pub data_length: u64,
    /// Tiles addressed (sum of run lengths), 0 if unknown.
    pub addressed_tiles: u64,
    /// Entries with a run length over 0, 0 if unknown.
    pub tile_entries: u64,
    /// Distinct tile blobs, 0 if unknown.
    pub tile_contents: u64,
    /// Tile data in tile id order.
    pub clustered: bool,
    /// Compression of directories and metadata.
    pub internal_compression: Compression,
    /// Compression of every tile.
    pub tile_compression: Compression,
    /// What the tiles are.
    pub tile_type: TileType,
    /// Lowest zoom.
    pub min_zoom: u8,
    /// Highest zoom.
    pub max_zoom: u8,
    /// West edge, degrees × 10⁷.
    pub min_lon_e7: i32,
    /// South edge, degrees × 10⁷.
    pub min_lat_e7: i32,
    /// East edge, degrees × 10⁷.
    pub max_lon_e7: i32,
    /// North edge, degrees × 10⁷.
    pub max_lat_e7: i32,
    /// Initial zoom a viewer may use.
    pub center_zoom: u8,
    /// Initial centre longitude, degrees × 10⁷.
    pub center_lon_e7: i32,
    /// Initial centre latitude, degrees × 10⁷.
    pub center_lat_e7: i32,
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    i32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Header {
    /// Reads the header from the first bytes of an archive.
    pub fn decode(bytes: &[u8]) -> Result<Self, PmError> {
        let b = bytes.get(..HEADER_LEN).ok_or(PmError::TooShort)?;
        if &b[..7] != b"PMTiles" {
            return Err(PmError::BadMagic);
        }
        if b[7] != 3 {
            return Err(PmError::Version(b[7]));
        }
        let h = Header {
            root_offset: u64_at(b, 8),
            root_length: u64_at(b, 16),
            metadata_offset: u64_at(b, 24),
            metadata_length: u64_at(b, 32),
            leaf_offset: u64_at(b, 40),
            leaf_length: u64_at(b, 48),
            data_offset: u64_at(b, 56),
            data_length: u64_at(b, 64),
            addressed_tiles: u64_at(b, 72),
            tile_entries: u64_at(b, 80),
            tile_contents: u64_at(b, 88),
            clustered: b[96] == 1,
            internal_compression: Compression::from_byte(b[97])?,
            tile_compression: Compression::from_byte(b[98])?,
            tile_type: TileType::from_byte(b[99]),
            min_zoom: b[100],
            max_zoom: b[101],
            min_lon_e7: i32_at(b, 102),
            min_lat_e7: i32_at(b, 106),
            max_lon_e7: i32_at(b, 110),
            max_lat_e7: i32_at(b, 114),
            center_zoom: b[118],
            center_lon_e7: i32_at(b, 119),
            center_lat_e7: i32_at(b, 123),
        };
        for (o, l) in [
            (h.root_offset, h.root_length),
            (h.metadata_offset, h.metadata_length),
            (h.leaf_offset, h.leaf_length),
            (h.data_offset, h.data_length),
        ] {
            o.checked_add(l).ok_or(PmError::Overflow)?;
        }
        Ok(h)
    }

    /// The 127 bytes.
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut b = [0u8; HEADER_LEN];
        b[..7].copy_from_slice(b"PMTiles");
        b[7] = 3;
        for (i, v) in [
            self.root_offset,
            self.root_length,
            self.metadata_offset,
            self.metadata_length,
            self.leaf_offset,
            self.leaf_length,
            self.data_offset,
            self.data_length,
            self.addressed_tiles,
            self.tile_entries,
            self.tile_contents,
        ]
        .into_iter()
        .enumerate()
        {
            b[8 + 8 * i..16 + 8 * i].copy_from_slice(&v.to_le_bytes());
        }
        b[96] = u8::from(self.clustered);
        b[97] = self.internal_compression.to_byte();
        b[98] = self.tile_compression.to_byte();
        b[99] = self.tile_type.to_byte();
        b[100] = self.min_zoom;
        b[101] = self.max_zoom;
        for (at, v) in [
            (102, self.min_lon_e7),
            (106, self.min_lat_e7),
            (110, self.max_lon_e7),
            (114, self.max_lat_e7),
        ] {
            b[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        b[118] = self.center_zoom;
        b[119..123].copy_from_slice(&self.center_lon_e7.to_le_bytes());
        b[123..127].copy_from_slice(&self.center_lat_e7.to_le_bytes());
        b
    }
}

/// One directory entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// First tile id.
    pub tile_id: u64,
    /// Offset in the tile data (or leaf directory) section.
    pub offset: u64,
    /// Length in bytes, > 0.
    pub length: u32,
    /// Tiles with these bytes, from `tile_id` on; 0 for a leaf directory.
    pub run_length: u32,
}

/// Tiles before zoom `z` (the id of `z/0/0` is this plus its Hilbert index).
fn zoom_base(z: u8) -> u64 {
    // (4^z − 1) / 3, without overflow for z ≤ 31.
    ((1u64 << (2 * u32::from(z))) - 1) / 3
}

/// The PMTiles tile id of a tile: the tiles of lower zooms, then the tile's
/// position on the zoom's Hilbert curve (Hilbert, "Über die stetige
/// Abbildung einer Linie auf ein Flächenstück", 1891; the iterative form of
/// Warren, *Hacker's Delight*, §16-2, with the quadrant rotation by halves).
///
/// ```
/// use qikai_map::tiles::{math::TileId, pmtiles::tile_id};
/// assert_eq!(tile_id(TileId::new(1, 1, 0).unwrap()), 4);
/// ```
pub fn tile_id(t: TileId) -> u64 {
    let (mut x, mut y) = (u64::from(t.x), u64::from(t.y));
    let mut d = 0u64;
    let mut s = if t.z == 0 { 0 } else { 1u64 << (t.z - 1) };
    while s > 0 {
        let rx = u64::from(x & s != 0);
        let ry = u64::from(y & s != 0);
        d += s * s * ((3 * rx) ^ ry);
        x &= s - 1;
        y &= s - 1;
        if ry == 0 {
            if rx == 1 {
                x = s - 1 - x;
                y = s - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s >>= 1;
    }
    zoom_base(t.z) + d
}

/// The tile of a PMTiles tile id (`None` past [`MAX_ZOOM`]).
///
/// ```
/// use qikai_map::tiles::{math::TileId, pmtiles::tile_of_id};
/// assert_eq!(tile_of_id(2), TileId::new(1, 0, 1));
/// ```
pub fn tile_of_id(id: u64) -> Option<TileId> {
    let z = (0..=MAX_ZOOM).rev().find(|&z| zoom_base(z) <= id)?;
    let mut d = id - zoom_base(z);
    if d >= 1u64 << (2 * u32::from(z)) {
        return None;
    }
    let (mut x, mut y) = (0u64, 0u64);
    let mut s = 1u64;
    while s < 1u64 << z {
        let rx = 1 & (d / 2);
        let ry = 1 & (d ^ rx);
        if ry == 0 {
            if rx == 1 {
                x = s - 1 - x;
                y = s - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        x += s * rx;
        y += s * ry;
        d /= 4;
        s <<= 1;
    }
    TileId::new(z, x as u32, y as u32)
}

/// Encodes a directory (uncompressed): count, then tile id deltas, run
/// lengths, lengths and offsets (0 for "right after the previous one").
pub fn encode_directory(entries: &[Entry]) -> Vec<u8> {
    let mut w = Writer::new();
    w.varint(entries.len() as u64);
    let mut last = 0u64;
    for e in entries {
        w.varint(e.tile_id - last);
        last = e.tile_id;
    }
    for e in entries {
        w.varint(u64::from(e.run_length));
    }
    for e in entries {
        w.varint(u64::from(e.length));
    }
    let mut next = 0u64;
    for (i, e) in entries.iter().enumerate() {
        if i > 0 && e.offset == next {
            w.varint(0);
        } else {
            w.varint(e.offset + 1);
        }
        next = e.offset + u64::from(e.length);
    }
    w.into_bytes()
}

/// Decodes a directory (uncompressed), checking the spec's rules.
pub fn decode_directory(bytes: &[u8]) -> Result<Vec<Entry>, PmError> {
    let mut r = Reader::new(bytes);
    let n = r.varint()?;
    // Each entry takes at least four varint bytes: refuse before allocating.
    if n == 0 {
        return Err(PmError::Directory("no entries"));
    }
    if n > (bytes.len() / 4) as u64 {
        return Err(PmError::Directory("more entries than bytes"));
    }
    let n = n as usize;
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0
        };
        n
    ];
    let mut id = 0u64;
    for (i, e) in entries.iter_mut().enumerate() {
        let delta = r.varint()?;
        if i > 0 && delta == 0 {
            return Err(PmError::Directory("tile ids not ascending"));
        }
        id = id
            .checked_add(delta)
            .ok_or(PmError::Directory("tile id past 64 bits"))?;
        e.tile_id = id;
    }
    let u32_of = |v: u64| u32::try_from(v).map_err(|_| PmError::Directory("a value past 32 bits"));
    for e in entries.iter_mut() {
        e.run_length = u32_of(r.varint()?)?;
    }
    for e in entries.iter_mut() {
        e.length = u32_of(r.varint()?)?;
        if e.length == 0 {
            return Err(PmError::Directory("an entry of length 0"));
        }
    }
    for i in 0..n {
        let v = r.varint()?;
        let offset = if v == 0 && i > 0 {
            let p = entries[i - 1];
            p.offset
                .checked_add(u64::from(p.length))
                .ok_or(PmError::Directory("offset past 64 bits"))?
        } else {
            v.checked_sub(1)
                .ok_or(PmError::Directory("first offset is 0"))?
        };
        entries[i].offset = offset;
    }
    if let Some(last) = entries.last() {
        if last.run_length > 0 {
            last.tile_id
                .checked_add(u64::from(last.run_length))
                .ok_or(PmError::Directory("tile id past 64 bits"))?;
        }
    }
    Ok(entries)
}

/// The entry that holds `id`: the tile's own, or the leaf directory where
/// it would be. Entries are in ascending tile id order.
pub fn find_entry(entries: &[Entry], id: u64) -> Option<Entry> {
    let i = entries.partition_point(|e| e.tile_id <= id);
    let e = *entries.get(i.checked_sub(1)?)?;
    if e.run_length == 0 || id - e.tile_id < u64::from(e.run_length) {
        Some(e)
    } else {
        None
    }
}

/// A range of bytes of the archive: what a caller fetches with
/// `Range: bytes=offset-(offset+length-1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ByteRange {
    /// First byte.
    pub offset: u64,
    /// Number of bytes.
    pub length: u64,
}

/// The next step to get a tile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The archive has no such tile.
    Missing,
    /// Fetch this leaf directory and hand it to [`Archive::add_leaf`], then
    /// look up again.
    NeedLeaf(ByteRange),
    /// Fetch these bytes: the tile, compressed as the header says
    /// ([`Archive::decode_tile`]).
    Tile(ByteRange),
}

/// What opening an archive needs next.
#[derive(Debug)]
pub enum Open {
    /// The archive is open.
    Ready(Box<Archive>),
    /// The root directory reaches past the bytes given: fetch from 0 to the
    /// end of this range and call [`Archive::open`] again (writers that keep
    /// to the spec never need this).
    NeedMore(ByteRange),
}

/// An open archive: the header, the root directory and a bounded cache of
/// leaf directories. No I/O: see the module doc.
#[derive(Clone, Debug)]
pub struct Archive {
    header: Header,
    root: Vec<Entry>,
    leaves: HashMap<u64, Vec<Entry>>,
    leaf_order: VecDeque<u64>,
}

impl Archive {
    /// The first range a client fetches.
    pub fn first_range() -> ByteRange {
        ByteRange {
            offset: 0,
            length: FIRST_FETCH,
        }
    }

    /// Opens an archive from its first bytes (normally [`first_range`]'s,
    /// or the whole file when it is shorter).
    ///
    /// [`first_range`]: Self::first_range
    pub fn open(first: &[u8]) -> Result<Open, PmError> {
        let header = Header::decode(first)?;
        let end = header.root_offset + header.root_length;
        if end > first.len() as u64 {
            if end > 64 * 1024 * 1024 {
                return Err(PmError::Directory("root directory too large"));
            }
            return Ok(Open::NeedMore(ByteRange {
                offset: 0,
                length: end,
            }));
        }
        let raw = &first[header.root_offset as usize..end as usize];
        let root = decode_directory(
            &header
                .internal_compression
                .decompress(raw, MAX_DIRECTORY_BYTES)?,
        )?;
        Ok(Open::Ready(Box::new(Archive {
            header,
            root,
            leaves: HashMap::new(),
            leaf_order: VecDeque::new(),
        })))
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The range of the JSON metadata (inflate it with
    /// [`decode_metadata`](Self::decode_metadata)).
    pub fn metadata_range(&self) -> ByteRange {
        ByteRange {
            offset: self.header.metadata_offset,
            length: self.header.metadata_length,
        }
    }

    /// The metadata's JSON from its bytes.
    pub fn decode_metadata(&self, bytes: &[u8]) -> Result<serde_json::Value, PmError> {
        let raw = self
            .header
            .internal_compression
            .decompress(bytes, MAX_DIRECTORY_BYTES)?;
        serde_json::from_slice(&raw).map_err(|_| PmError::Directory("metadata is not JSON"))
    }

    /// The archive's bounds as the header gives them.
    pub fn bounds(&self) -> LngLatBounds {
        let d = |v: i32| f64::from(v) / 1e7;
        LngLatBounds {
            min: crate::core::coord::LngLat::lon_lat(
                d(self.header.min_lon_e7),
                d(self.header.min_lat_e7),
            ),
            max: crate::core::coord::LngLat::lon_lat(
                d(self.header.max_lon_e7),
                d(self.header.max_lat_e7),
            ),
        }
    }

    /// Where the next bytes for `tile` are.
    pub fn lookup(&self, tile: TileId) -> Result<Lookup, PmError> {
        if tile.z < self.header.min_zoom || tile.z > self.header.max_zoom {
            return Ok(Lookup::Missing);
        }
        let id = tile_id(tile);
        let mut dir = &self.root;
        for _ in 0..MAX_DEPTH {
            let Some(e) = find_entry(dir, id) else {
                return Ok(Lookup::Missing);
            };
            if e.run_length > 0 {
                let offset = self
                    .header
                    .data_offset
                    .checked_add(e.offset)
                    .ok_or(PmError::Overflow)?;
                return Ok(Lookup::Tile(ByteRange {
                    offset,
                    length: u64::from(e.length),
                }));
            }
            let offset = self
                .header
                .leaf_offset
                .checked_add(e.offset)
                .ok_or(PmError::Overflow)?;
            match self.leaves.get(&offset) {
                Some(leaf) => dir = leaf,
                None => {
                    return Ok(Lookup::NeedLeaf(ByteRange {
                        offset,
                        length: u64::from(e.length),
                    }))
                }
            }
        }
        Err(PmError::TooDeep)
    }

    /// Takes a leaf directory's bytes fetched for [`Lookup::NeedLeaf`].
    pub fn add_leaf(&mut self, range: ByteRange, bytes: &[u8]) -> Result<(), PmError> {
        if bytes.len() as u64 != range.length {
            return Err(PmError::TooShort);
        }
        let entries = decode_directory(
            &self
                .header
                .internal_compression
                .decompress(bytes, MAX_DIRECTORY_BYTES)?,
        )?;
        if self.leaves.insert(range.offset, entries).is_none() {
            self.leaf_order.push_back(range.offset);
        }
        while self.leaf_order.len() > LEAF_CACHE {
            if let Some(old) = self.leaf_order.pop_front() {
                self.leaves.remove(&old);
            }
        }
        Ok(())
    }

    /// A tile's bytes, inflated as the header says.
    pub fn decode_tile(&self, bytes: &[u8]) -> Result<Vec<u8>, PmError> {
        self.header
            .tile_compression
            .decompress(bytes, MAX_TILE_BYTES)
    }

    /// Reads a tile with a synchronous `fetch` (a file natively, a byte
    /// vector in tests): lookups, leaves and the tile, inflated. `Ok(None)`
    /// when the archive has no such tile.
    pub fn read_tile<E>(
        &mut self,
        tile: TileId,
        mut fetch: impl FnMut(ByteRange) -> Result<Vec<u8>, E>,
    ) -> Result<Option<Vec<u8>>, ReadError<E>> {
        for _ in 0..=MAX_DEPTH {
            match self.lookup(tile)? {
                Lookup::Missing => return Ok(None),
                Lookup::NeedLeaf(range) => {
                    let bytes = fetch(range).map_err(ReadError::Fetch)?;
                    self.add_leaf(range, &bytes)?;
                }
                Lookup::Tile(range) => {
                    let bytes = fetch(range).map_err(ReadError::Fetch)?;
                    if bytes.len() as u64 != range.length {
                        return Err(PmError::TooShort.into());
                    }
                    return Ok(Some(self.decode_tile(&bytes)?));
                }
            }
        }
        Err(PmError::TooDeep.into())
    }
}

/// A failure of [`Archive::read_tile`]: the archive's or the fetch's.
#[derive(Debug, thiserror::Error)]
pub enum ReadError<E> {
    /// The archive is malformed.
    #[error("{0}")]
    Archive(#[from] PmError),
    /// The fetch failed.
    #[error("fetch failed")]
    Fetch(E),
}

/// Fetches a range from a byte slice (the whole archive in memory).
pub fn slice_range(bytes: &[u8], r: ByteRange) -> Result<Vec<u8>, PmError> {
    let start = usize::try_from(r.offset).map_err(|_| PmError::TooShort)?;
    let end = start
        .checked_add(usize::try_from(r.length).map_err(|_| PmError::TooShort)?)
        .ok_or(PmError::TooShort)?;
    bytes
        .get(start..end)
        .map(<[u8]>::to_vec)
        .ok_or(PmError::TooShort)
}

/// Why a tile could not be added to an archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// Tiles must come in ascending tile id order (a clustered archive).
    #[error("tile {0} not after the previous one")]
    NotAscending(TileId),
    /// An empty tile (the spec forbids length 0: leave the tile out).
    #[error("tile {0} is empty")]
    Empty(TileId),
    /// A tile of 4 GiB or more.
    #[error("tile {0} is too large")]
    TooLarge(TileId),
}

/// What the header and metadata say about an archive.
#[derive(Clone, Debug, PartialEq)]
pub struct ArchiveInfo {
    /// What the tiles are.
    pub tile_type: TileType,
    /// How each tile is compressed (the caller compresses).
    pub tile_compression: Compression,
    /// Lowest zoom.
    pub min_zoom: u8,
    /// Highest zoom.
    pub max_zoom: u8,
    /// Bounds of the data.
    pub bounds: LngLatBounds,
    /// Initial zoom.
    pub center_zoom: u8,
    /// The JSON metadata (`vector_layers` and the like).
    pub metadata: serde_json::Value,
}

/// Writes an archive in two parts: tiles are added in tile id order and
/// their bytes appended to a tile data sink the caller owns (a file, a
/// vector); [`finish`](Self::finish) then gives the bytes that go before the
/// tile data (header, root directory, metadata, leaf directories).
/// Consecutive tiles with equal bytes share one entry (run length).
#[derive(Clone, Debug, Default)]
pub struct ArchiveWriter {
    entries: Vec<Entry>,
    last_id: Option<u64>,
    last_hash: u64,
    data_len: u64,
    contents: u64,
}

fn hash_bytes(b: &[u8]) -> u64 {
    // FNV-1a: only to spot a run of equal tiles (the bytes are compared too).
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl ArchiveWriter {
    /// An empty archive.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of tile data so far.
    pub fn data_len(&self) -> u64 {
        self.data_len
    }

    /// Adds a tile (already compressed as `ArchiveInfo::tile_compression`
    /// says). Returns the bytes to append to the tile data sink: empty when
    /// the tile repeats the previous one and joins its run.
    pub fn add<'a>(
        &mut self,
        tile: TileId,
        bytes: &'a [u8],
        previous: Option<&[u8]>,
    ) -> Result<&'a [u8], WriteError> {
        let id = tile_id(tile);
        if self.last_id.is_some_and(|l| id <= l) {
            return Err(WriteError::NotAscending(tile));
        }
        if bytes.is_empty() {
            return Err(WriteError::Empty(tile));
        }
        let length = u32::try_from(bytes.len()).map_err(|_| WriteError::TooLarge(tile))?;
        let hash = hash_bytes(bytes);
        self.last_id = Some(id);
        if let Some(last) = self.entries.last_mut() {
            if last.tile_id + u64::from(last.run_length) == id
                && hash == self.last_hash
                && previous == Some(bytes)
                && last.run_length < u32::MAX
            {
                last.run_length += 1;
                return Ok(&[]);
            }
        }
        self.entries.push(Entry {
            tile_id: id,
            offset: self.data_len,
            length,
            run_length: 1,
        });
        self.last_hash = hash;
        self.data_len += u64::from(length);
        self.contents += 1;
        Ok(bytes)
    }

    /// The entries so far.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The bytes before the tile data: header, root directory, metadata and
    /// leaf directories (gzip). The root is kept under the spec's 16 KiB by
    /// moving entries into leaves of growing size until it fits.
    pub fn finish(&self, info: &ArchiveInfo) -> Vec<u8> {
        let internal = Compression::Gzip;
        let (root, leaves) = directories(&self.entries, internal);
        let metadata = internal.compress(info.metadata.to_string().as_bytes());
        let root_offset = HEADER_LEN as u64;
        let metadata_offset = root_offset + root.len() as u64;
        let leaf_offset = metadata_offset + metadata.len() as u64;
        let data_offset = leaf_offset + leaves.len() as u64;
        let e7 = |v: f64| {
            (v * 1e7)
                .round()
                .clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32
        };
        let c = info.bounds.center();
        let header = Header {
            root_offset,
            root_length: root.len() as u64,
            metadata_offset,
            metadata_length: metadata.len() as u64,
            leaf_offset,
            leaf_length: leaves.len() as u64,
            data_offset,
            data_length: self.data_len,
            addressed_tiles: self.entries.iter().map(|e| u64::from(e.run_length)).sum(),
            tile_entries: self.entries.len() as u64,
            tile_contents: self.contents,
            clustered: true,
            internal_compression: internal,
            tile_compression: info.tile_compression,
            tile_type: info.tile_type,
            min_zoom: info.min_zoom,
            max_zoom: info.max_zoom,
            min_lon_e7: e7(info.bounds.min.lng),
            min_lat_e7: e7(info.bounds.min.lat),
            max_lon_e7: e7(info.bounds.max.lng),
            max_lat_e7: e7(info.bounds.max.lat),
            center_zoom: info.center_zoom,
            center_lon_e7: e7(c.lng),
            center_lat_e7: e7(c.lat),
        };
        let mut out = Vec::with_capacity(data_offset as usize);
        out.extend_from_slice(&header.encode());
        out.extend_from_slice(&root);
        out.extend_from_slice(&metadata);
        out.extend_from_slice(&leaves);
        out
    }
}

/// Root and leaf directories for `entries`, compressed.
fn directories(entries: &[Entry], internal: Compression) -> (Vec<u8>, Vec<u8>) {
    const ROOT_MAX: usize = FIRST_FETCH as usize - HEADER_LEN;
    if entries.is_empty() {
        // The spec wants a non-empty directory; an archive of no tiles gets
        // a root that addresses nothing a reader can ask for (id past z 30).
        let none = [Entry {
            tile_id: u64::MAX - 1,
            offset: 0,
            length: 1,
            run_length: 0,
        }];
        return (internal.compress(&encode_directory(&none)), Vec::new());
    }
    let root = internal.compress(&encode_directory(entries));
    if root.len() <= ROOT_MAX {
        return (root, Vec::new());
    }
    let mut leaf_size = 4096usize;
    loop {
        let mut leaves = Vec::new();
        let mut root_entries = Vec::new();
        for chunk in entries.chunks(leaf_size) {
            let leaf = internal.compress(&encode_directory(chunk));
            root_entries.push(Entry {
                tile_id: chunk[0].tile_id,
                offset: leaves.len() as u64,
                length: leaf.len() as u32,
                run_length: 0,
            });
            leaves.extend_from_slice(&leaf);
        }
        let root = internal.compress(&encode_directory(&root_entries));
        if root.len() <= ROOT_MAX || leaf_size >= entries.len() {
            return (root, leaves);
        }
        leaf_size *= 2;
    }
}

/// Writes a whole archive in memory (tests, small tile sets).
pub fn write_archive(
    info: &ArchiveInfo,
    tiles: &[(TileId, Vec<u8>)],
) -> Result<Vec<u8>, WriteError> {
    let mut sorted: Vec<&(TileId, Vec<u8>)> = tiles.iter().collect();
    sorted.sort_by_key(|(t, _)| tile_id(*t));
    let mut w = ArchiveWriter::new();
    let mut data = Vec::new();
    let mut previous: Option<&[u8]> = None;
    for (t, bytes) in sorted {
        data.extend_from_slice(w.add(*t, bytes, previous)?);
        previous = Some(bytes);
    }
    let mut out = w.finish(info);
    out.extend_from_slice(&data);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLat;
    use proptest::prelude::*;

    fn t(z: u8, x: u32, y: u32) -> TileId {
        TileId::new(z, x, y).expect("valid tile")
    }

    #[test]
    fn tile_ids_match_the_spec_table() {
        // PMTiles v3 spec, §4.1 "TileID" table.
        for (z, x, y, id) in [
            (0, 0, 0, 0),
            (1, 0, 0, 1),
            (1, 0, 1, 2),
            (1, 1, 1, 3),
            (1, 1, 0, 4),
            (2, 0, 0, 5),
            (12, 3423, 1763, 19_078_479),
        ] {
            assert_eq!(tile_id(t(z, x, y)), id, "{z}/{x}/{y}");
            assert_eq!(tile_of_id(id), Some(t(z, x, y)), "{id}");
        }
    }

    #[test]
    fn tile_ids_number_every_tile_of_a_zoom_once_and_neighbours_adjacently() {
        for z in 0..=4u8 {
            let n = 1u32 << z;
            let mut ids: Vec<u64> = (0..n)
                .flat_map(|x| (0..n).map(move |y| tile_id(t(z, x, y))))
                .collect();
            ids.sort_unstable();
            let base = zoom_base(z);
            assert_eq!(ids, (base..base + u64::from(n * n)).collect::<Vec<_>>());
            // Along a Hilbert curve consecutive ids are edge neighbours.
            for id in base..base + u64::from(n * n) - 1 {
                let (a, b) = (tile_of_id(id).expect("a"), tile_of_id(id + 1).expect("b"));
                assert_eq!(a.x.abs_diff(b.x) + a.y.abs_diff(b.y), 1, "{a} {b}");
            }
        }
    }

    proptest! {
        #[test]
        fn tile_ids_round_trip_for_zoom_0_to_14(z in 0u8..=14, fx in 0.0f64..1.0, fy in 0.0f64..1.0) {
            let n = f64::from(1u32 << z);
            let tile = t(z, (fx * n) as u32, (fy * n) as u32);
            prop_assert_eq!(tile_of_id(tile_id(tile)), Some(tile));
        }

        #[test]
        fn directories_round_trip(raw in proptest::collection::vec((1u64..1000, 0u32..5, 1u32..100_000, any::<bool>()), 1..300)) {
            let mut id = 0;
            let mut next = 0;
            let entries: Vec<Entry> = raw.iter().map(|&(d, run, length, gap)| {
                id += d;
                let offset = if gap { next + 17 } else { next };
                next = offset + u64::from(length);
                Entry { tile_id: id, offset, length, run_length: run }
            }).collect();
            prop_assert_eq!(decode_directory(&encode_directory(&entries)), Ok(entries));
        }

        #[test]
        fn any_bytes_as_a_directory_or_header_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = decode_directory(&bytes);
            let _ = Header::decode(&bytes);
            let _ = Archive::open(&bytes);
        }
    }

    #[test]
    fn a_huge_entry_count_is_refused_before_allocating() {
        let mut w = Writer::new();
        w.varint(1 << 60);
        w.varint(1);
        assert_eq!(
            decode_directory(&w.into_bytes()),
            Err(PmError::Directory("more entries than bytes"))
        );
    }

    fn info() -> ArchiveInfo {
        ArchiveInfo {
            tile_type: TileType::Mvt,
            tile_compression: Compression::Gzip,
            min_zoom: 0,
            max_zoom: 14,
            bounds: LngLatBounds {
                min: LngLat::lon_lat(125.0, 43.7),
                max: LngLat::lon_lat(125.4, 43.95),
            },
            center_zoom: 10,
            metadata: serde_json::json!({"name": "test"}),
        }
    }

    fn tile_bytes(tile: TileId) -> Vec<u8> {
        gzip(tile_text(tile).as_bytes(), 6)
    }

    /// A tile's text: its name, padded to a length that varies with it.
    fn tile_text(tile: TileId) -> String {
        format!(
            "tile {tile}{}",
            "-".repeat((tile.x as usize * 31 + tile.y as usize) % 97)
        )
    }

    #[test]
    fn an_archive_round_trips_with_leaf_directories_and_runs() {
        // 40,000 tiles (more than a 16 KiB root holds), every tile's bytes
        // its own name, plus a run of 5 equal tiles at zoom 3.
        // Scattered tiles and lengths, so the directory does not compress away.
        let mut seed = 11u64;
        let mut chosen = std::collections::BTreeSet::new();
        while chosen.len() < 40_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            chosen.insert(t(
                14,
                12_000 + (seed >> 40) as u32 % 2000,
                5_000 + (seed >> 20) as u32 % 2000,
            ));
        }
        let mut tiles: Vec<(TileId, Vec<u8>)> = chosen
            .into_iter()
            .map(|tile| (tile, tile_bytes(tile)))
            .collect();
        let same = gzip(b"ocean", 6);
        let run: Vec<TileId> = (21..26).filter_map(tile_of_id).collect();
        for &tile in &run {
            tiles.push((tile, same.clone()));
        }
        let bytes = write_archive(&info(), &tiles).expect("writes");
        let header = Header::decode(&bytes).expect("header");
        assert!(header.leaf_length > 0, "leaves were needed");
        assert!(header.root_offset + header.root_length <= FIRST_FETCH);
        assert_eq!(header.addressed_tiles, tiles.len() as u64);
        assert_eq!(header.tile_contents, tiles.len() as u64 - 4);
        let Open::Ready(mut archive) =
            Archive::open(&bytes[..FIRST_FETCH as usize]).expect("opens")
        else {
            panic!("the root is in the first 16 KiB")
        };
        assert_eq!(
            archive.decode_metadata(&slice_range(&bytes, archive.metadata_range()).expect("m")),
            Ok(serde_json::json!({"name": "test"}))
        );
        let mut fetches = 0;
        let mut fetch = |r: ByteRange| {
            fetches += 1;
            slice_range(&bytes, r)
        };
        for (tile, _) in tiles.iter().step_by(997) {
            let got = archive.read_tile(*tile, &mut fetch).expect("reads");
            assert_eq!(got, Some(tile_text(*tile).into_bytes()));
        }
        for &tile in &run {
            let got = archive.read_tile(tile, &mut fetch).expect("reads");
            assert_eq!(got.as_deref(), Some(&b"ocean"[..]));
        }
        assert_eq!(
            archive.read_tile(t(14, 0, 0), &mut fetch).expect("reads"),
            None
        );
        assert_eq!(
            archive.read_tile(t(15, 0, 0), &mut fetch).expect("reads"),
            None
        );
        assert!(fetches > 0);
    }

    #[test]
    fn tiles_out_of_order_or_empty_are_refused() {
        let mut w = ArchiveWriter::new();
        w.add(t(3, 1, 1), b"a", None).expect("first");
        assert_eq!(
            w.add(t(2, 0, 0), b"b", None),
            Err(WriteError::NotAscending(t(2, 0, 0)))
        );
        assert_eq!(
            w.add(t(4, 0, 0), b"", None),
            Err(WriteError::Empty(t(4, 0, 0)))
        );
    }

    #[test]
    fn a_damaged_archive_reads_as_errors_never_a_panic() {
        let tiles: Vec<(TileId, Vec<u8>)> = (0..3000u32)
            .map(|i| {
                let tile = t(12, 3000 + i % 60, 1500 + i / 60);
                (tile, tile_bytes(tile))
            })
            .collect();
        let bytes = write_archive(&info(), &tiles).expect("writes");
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut bad = bytes.clone();
            for _ in 0..4 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let at = (seed >> 33) as usize % 2000.min(bad.len());
                bad[at] ^= (seed >> 20) as u8 | 1;
            }
            if let Ok(Open::Ready(mut a)) = Archive::open(&bad) {
                for (tile, _) in tiles.iter().step_by(211) {
                    let _ = a.read_tile(*tile, |r| slice_range(&bad, r));
                }
            }
        }
        assert_eq!(Header::decode(&bytes[..100]), Err(PmError::TooShort));
        let mut v2 = bytes.clone();
        v2[7] = 2;
        assert_eq!(Header::decode(&v2), Err(PmError::Version(2)));
    }
}

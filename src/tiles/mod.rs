//! Tiled data (issue 17): the pure foundation of reading and writing map
//! tiles, natively tested, with no browser API (the fetching is the
//! platform's, in a later stage).
//!
//! - [`math`]: Web Mercator tile math: lon/lat ↔ z/x/y, tile bounds, the
//!   tiles covering a box.
//! - [`pbf`]: the protobuf wire format, by hand, bounds-checked.
//! - [`mvt`]: Mapbox Vector Tile 2.1 decode and encode (layers, keys,
//!   values, geometry commands).
//! - [`features`]: MVT features ↔ the widget's validated [`Feature`]s, through
//!   the GeoJSON loader's own checks, and the cluster features of low zooms;
//!   the compact form the widget keeps of a tile (`CompactTile`: each point's
//!   position and kind, the tile's bytes for the details of a tapped point).
//! - [`build`]: the tiles of an archive from validated features, low zooms
//!   clustered with the widget's cluster index (`qikai-map-tiles`' engine).
//! - [`gzip`]: gzip framing around `miniz_oxide`'s deflate.
//! - [`pmtiles`]: PMTiles v3: header, directories, Hilbert tile ids, a reader
//!   driven by byte ranges the caller fetches, and a writer.
//!
//! - [`plan`]: the tiles a view needs (centre first) and the requests a
//!   moved view no longer does.
//! - [`cache`]: decoded tiles kept for the next pan, bounded by bytes (LRU).
//! - [`stand_in`]: what stands in for a tile not loaded yet (its ancestor
//!   zooming in, its descendants zooming out).
//!
//! Hostile input is reported as an error value, never a panic.
//!
//! [`Feature`]: crate::core::model::Feature

pub mod build;
pub mod cache;
pub mod features;
pub mod gzip;
pub mod math;
pub mod mvt;
pub mod pbf;
pub mod plan;
pub mod pmtiles;
pub mod stand_in;

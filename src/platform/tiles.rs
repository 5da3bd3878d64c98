//! Fetching vector tiles (issue 17): from a PMTiles archive by range
//! requests, or from an XYZ tile server or directory, each request with its
//! own `AbortController` so the view can drop what it no longer needs.
//! Never panics: a failure is a [`TileFetchError`] for the caller to report.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use super::range::{
    body_bytes, cancel_body, fetch_range_with, send, PmTilesSource, TileFetchError,
};
use crate::core::coord::LngLatBounds;
use crate::tiles::features::TileBytes;
use crate::tiles::gzip::is_gzip;
use crate::tiles::math::TileId;
use crate::tiles::plan::ZoomRange;
use crate::tiles::pmtiles::{Archive, Lookup, PmError, MAX_TILE_BYTES};
use crate::view::tiles::tile_url;

/// The zooms assumed of an XYZ server, which does not say (martin and
/// tippecanoe's usual deepest zoom is 14; deeper views over-zoom).
pub const XYZ_ZOOMS: ZoomRange = ZoomRange { min: 0, max: 14 };

/// An opened tile source; cheap to clone (shared).
#[derive(Clone, Debug)]
pub enum TileClient {
    /// A PMTiles archive: its directories, shared by concurrent requests.
    PmTiles {
        /// The archive's URL.
        url: Rc<str>,
        /// The reader (leaf directories are added as they arrive).
        archive: Rc<RefCell<Archive>>,
        /// Offsets of leaf directories being fetched: concurrent tiles under
        /// one leaf wait for the one request instead of each sending it.
        leaves_pending: Rc<RefCell<HashSet<u64>>>,
    },
    /// An XYZ template.
    Xyz(Rc<str>),
}

impl TileClient {
    /// Opens a PMTiles archive: its header and root directory (one or two
    /// requests).
    pub async fn open_pmtiles(url: &str) -> Result<Self, TileFetchError> {
        let (url, archive) = PmTilesSource::open(url).await?.into_parts();
        Ok(Self::PmTiles {
            url: url.into(),
            archive: Rc::new(RefCell::new(archive)),
            leaves_pending: Rc::default(),
        })
    }

    /// An XYZ template (`{z}`, `{x}`, `{y}`): nothing to open.
    pub fn xyz(template: &str) -> Self {
        Self::Xyz(template.into())
    }

    /// The bounds the source declares (a PMTiles header's; an XYZ server
    /// says none).
    pub fn bounds(&self) -> Option<LngLatBounds> {
        match self {
            Self::PmTiles { archive, .. } => Some(archive.borrow().bounds()),
            Self::Xyz(_) => None,
        }
    }

    /// The zooms the source holds.
    pub fn zooms(&self) -> ZoomRange {
        match self {
            Self::PmTiles { archive, .. } => {
                let a = archive.borrow();
                ZoomRange {
                    min: a.header().min_zoom,
                    max: a.header().max_zoom,
                }
            }
            Self::Xyz(_) => XYZ_ZOOMS,
        }
    }

    /// A tile's MVT bytes (inflated, with the gzip they came in when they
    /// did), `None` for a tile that is not there (no entry in the archive;
    /// 404 or 204 from a server), and the bytes that came over the wire.
    pub async fn tile(
        &self,
        tile: TileId,
        signal: &web_sys::AbortSignal,
    ) -> Result<(Option<TileBytes>, u64), TileFetchError> {
        match self {
            Self::PmTiles {
                url,
                archive,
                leaves_pending,
            } => {
                let mut wire = 0u64;
                let mut steps = 0;
                // Root, at most two levels of leaves, then the tile. The
                // archive is borrowed only between requests, never across one.
                while steps < 4 {
                    if signal.aborted() {
                        return Err(TileFetchError::Network("aborted".into()));
                    }
                    let lookup = archive.borrow().lookup(tile)?;
                    match lookup {
                        Lookup::Missing => return Ok((None, wire)),
                        Lookup::NeedLeaf(range) => {
                            if !leaves_pending.borrow_mut().insert(range.offset) {
                                // Another tile is fetching this leaf: wait for it.
                                super::sleep_ms(5).await;
                                continue;
                            }
                            let fetched = fetch_range_with(url, range, Some(signal)).await;
                            leaves_pending.borrow_mut().remove(&range.offset);
                            let bytes = fetched?;
                            wire += bytes.len() as u64;
                            archive.borrow_mut().add_leaf(range, &bytes)?;
                            steps += 1;
                        }
                        Lookup::Tile(range) => {
                            let bytes = fetch_range_with(url, range, Some(signal)).await?;
                            wire += bytes.len() as u64;
                            if bytes.len() as u64 != range.length {
                                return Err(PmError::TooShort.into());
                            }
                            let mvt = archive.borrow().decode_tile(&bytes)?;
                            // Kept for a tap's details: a quarter of the MVT.
                            let gzip = is_gzip(&bytes).then_some(bytes);
                            return Ok((Some(TileBytes { mvt, gzip }), wire));
                        }
                    }
                }
                Err(PmError::TooDeep.into())
            }
            Self::Xyz(template) => {
                fetch_xyz(&tile_url(template, tile.z, tile.x, tile.y), signal).await
            }
        }
    }
}

async fn fetch_xyz(
    url: &str,
    signal: &web_sys::AbortSignal,
) -> Result<(Option<TileBytes>, u64), TileFetchError> {
    let init = web_sys::RequestInit::new();
    init.set_signal(Some(signal));
    let response = send(url, &init).await?;
    match response.status() {
        200 => {}
        // No tile here: an empty tile, as martin and static hosts answer.
        204 | 404 => {
            cancel_body(&response);
            return Ok((None, 0));
        }
        other => {
            cancel_body(&response);
            return Err(TileFetchError::Http(other));
        }
    }
    let bytes = body_bytes(&response).await?;
    let wire = bytes.len() as u64;
    // Servers send MVT gzipped without Content-Encoding as often as with
    // it (martin, a static directory of tippecanoe's .pbf): inflate when
    // the bytes say gzip.
    if is_gzip(&bytes) {
        let mvt = crate::tiles::gzip::gunzip(&bytes, MAX_TILE_BYTES).map_err(PmError::from)?;
        return Ok((
            Some(TileBytes {
                mvt,
                gzip: Some(bytes),
            }),
            wire,
        ));
    }
    Ok((Some(bytes.into()), wire))
}

/// An `AbortController` for one request.
pub fn abort_controller() -> Option<web_sys::AbortController> {
    web_sys::AbortController::new().ok()
}

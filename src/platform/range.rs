//! HTTP range requests for tiled data (issue 17): the bytes the PMTiles
//! reader asks for, fetched with `Range: bytes=a-b`, as object stores and
//! CDNs serve them. The reader itself (`tiles::pmtiles::Archive`) does no
//! I/O; this drives it. Never panics: every failure is a [`TileFetchError`].

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::js_error_text;
use crate::tiles::math::TileId;
use crate::tiles::pmtiles::{Archive, ByteRange, Lookup, Open, PmError};

/// A server that ignores `Range` answers 200 with the whole file: accepted
/// (and sliced) only up to this size, so a big archive on such a server is
/// an error, not a download of hundreds of megabytes.
pub const WHOLE_FILE_LIMIT: u64 = 32 * 1024 * 1024;

/// Why bytes of an archive could not be had.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TileFetchError {
    /// The request failed (network, CORS, a bad URL).
    #[error("the request failed: {0}")]
    Network(String),
    /// An HTTP status other than 206 (or 200 for a small file).
    #[error("HTTP {0}")]
    Http(u16),
    /// The server ignores `Range` and the file is too large to take whole.
    #[error("the server does not answer range requests")]
    NoRanges,
    /// A `Content-Range` that does not start where asked.
    #[error("the server answered another range")]
    WrongRange,
    /// The archive is malformed.
    #[error("{0}")]
    Archive(#[from] PmError),
}

/// Fetches `range` of `url`. Returns at most `range.length` bytes (fewer
/// when the file ends first: the reader checks lengths where they matter).
pub async fn fetch_range(url: &str, range: ByteRange) -> Result<Vec<u8>, TileFetchError> {
    fetch_range_with(url, range, None).await
}

/// [`fetch_range`], abortable: `signal` cancels the request and its body.
pub async fn fetch_range_with(
    url: &str,
    range: ByteRange,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Vec<u8>, TileFetchError> {
    if range.length == 0 {
        return Ok(Vec::new());
    }
    let last = range.offset.saturating_add(range.length - 1);
    let init = web_sys::RequestInit::new();
    let headers =
        web_sys::Headers::new().map_err(|e| TileFetchError::Network(js_error_text(&e)))?;
    headers
        .set("range", &format!("bytes={}-{last}", range.offset))
        .map_err(|e| TileFetchError::Network(js_error_text(&e)))?;
    init.set_headers(&headers);
    if let Some(signal) = signal {
        init.set_signal(Some(signal));
    }
    let response = send(url, &init).await?;
    let whole = match response.status() {
        206 => false,
        200 => true,
        other => {
            cancel_body(&response);
            return Err(TileFetchError::Http(other));
        }
    };
    let header = |name: &str| response.headers().get(name).ok().flatten();
    if whole {
        let declared = header("content-length").and_then(|v| v.parse::<u64>().ok());
        if declared.is_none_or(|n| n > WHOLE_FILE_LIMIT) {
            cancel_body(&response);
            return Err(TileFetchError::NoRanges);
        }
    } else if let Some(start) = header("content-range").and_then(|v| content_range_start(&v)) {
        if start != range.offset {
            cancel_body(&response);
            return Err(TileFetchError::WrongRange);
        }
    }
    let bytes = body_bytes(&response).await?;
    if whole {
        let start = usize::try_from(range.offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let end = usize::try_from(last.saturating_add(1))
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        return Ok(bytes[start..end].to_vec());
    }
    let keep = usize::try_from(range.length)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let mut bytes = bytes;
    bytes.truncate(keep);
    Ok(bytes)
}

/// The first byte of a `Content-Range: bytes a-b/n` header.
fn content_range_start(v: &str) -> Option<u64> {
    v.trim()
        .strip_prefix("bytes ")?
        .split('-')
        .next()?
        .trim()
        .parse()
        .ok()
}

/// A PMTiles archive at a URL, read by range requests: the header and root
/// directory once, leaf directories as needed (a bounded cache in the
/// archive), then one request per tile.
#[derive(Debug)]
pub struct PmTilesSource {
    url: String,
    archive: Archive,
}

impl PmTilesSource {
    /// Opens the archive: one request for its first 16 KiB (two for an
    /// archive whose root reaches past them).
    pub async fn open(url: &str) -> Result<Self, TileFetchError> {
        let mut range = Archive::first_range();
        for _ in 0..2 {
            let bytes = fetch_range(url, range).await?;
            match Archive::open(&bytes)? {
                Open::Ready(archive) => {
                    return Ok(Self {
                        url: url.to_string(),
                        archive: *archive,
                    })
                }
                Open::NeedMore(more) => range = more,
            }
        }
        Err(PmError::TooShort.into())
    }

    /// The URL and the open archive, for a caller that reads tiles
    /// concurrently (`platform::tiles`).
    pub fn into_parts(self) -> (String, Archive) {
        (self.url, self.archive)
    }

    /// The open archive (header, bounds).
    pub fn archive(&self) -> &Archive {
        &self.archive
    }

    /// The archive's JSON metadata (one request).
    pub async fn metadata(&self) -> Result<serde_json::Value, TileFetchError> {
        let bytes = fetch_range(&self.url, self.archive.metadata_range()).await?;
        Ok(self.archive.decode_metadata(&bytes)?)
    }

    /// A tile's bytes, inflated; `None` when the archive has no such tile.
    pub async fn tile(&mut self, tile: TileId) -> Result<Option<Vec<u8>>, TileFetchError> {
        // Root, at most two levels of leaves, then the tile.
        for _ in 0..4 {
            match self.archive.lookup(tile)? {
                Lookup::Missing => return Ok(None),
                Lookup::NeedLeaf(range) => {
                    let bytes = fetch_range(&self.url, range).await?;
                    self.archive.add_leaf(range, &bytes)?;
                }
                Lookup::Tile(range) => {
                    let bytes = fetch_range(&self.url, range).await?;
                    if bytes.len() as u64 != range.length {
                        return Err(PmError::TooShort.into());
                    }
                    return Ok(Some(self.archive.decode_tile(&bytes)?));
                }
            }
        }
        Err(PmError::TooDeep.into())
    }
}

/// A response's whole body as bytes (a failed read is a network error).
pub(super) async fn body_bytes(response: &web_sys::Response) -> Result<Vec<u8>, TileFetchError> {
    let buffer = JsFuture::from(
        response
            .array_buffer()
            .map_err(|e| TileFetchError::Network(js_error_text(&e)))?,
    )
    .await
    .map_err(|e| TileFetchError::Network(js_error_text(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Sends a request; a network failure or anything but a Response is an error.
pub(super) async fn send(
    url: &str,
    init: &web_sys::RequestInit,
) -> Result<web_sys::Response, TileFetchError> {
    JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(url, init))
        .await
        .map_err(|e| TileFetchError::Network(js_error_text(&e)))?
        .dyn_into()
        .map_err(|_| TileFetchError::Network("not a response".into()))
}

/// Cancels a body that will not be read, so the connection closes.
pub(super) fn cancel_body(response: &web_sys::Response) {
    if let Some(body) = response.body() {
        let _ = body.cancel();
    }
}

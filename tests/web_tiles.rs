//! Range requests for tiles in the browser (wasm-bindgen-test, headless
//! Chromium): an archive built in the page by the pure builder is served as
//! a `blob:` URL (Chromium answers `Range` on those with 206, as object
//! stores do), opened and read tile by tile through `platform::range`.
#![cfg(target_arch = "wasm32")]

use qikai_map::core::cluster::ClusterOptions;
use qikai_map::core::coord::{LngLat, LngLatBounds};
use qikai_map::data::synthetic::synthetic_points;
use qikai_map::data::Limits;
use qikai_map::platform::range::{fetch_range, PmTilesSource, TileFetchError};
use qikai_map::tiles::build::{build, metadata, BuildOptions, TileSource};
use qikai_map::tiles::features::read_tile;
use qikai_map::tiles::math::tiles_covering;
use qikai_map::tiles::pmtiles::{write_archive, ArchiveInfo, ByteRange, Compression, TileType};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn zone() -> LngLatBounds {
    LngLatBounds {
        min: LngLat::lon_lat(125.0, 43.7),
        max: LngLat::lon_lat(125.4, 43.95),
    }
}

fn archive() -> Vec<u8> {
    let mut source = TileSource::new();
    for f in synthetic_points(2000, 9, zone()) {
        source.add(f);
    }
    let options = BuildOptions {
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
    };
    let mut tiles = Vec::new();
    build(
        &source,
        &options,
        |_| {},
        |t, b: &[u8]| {
            tiles.push((t, b.to_vec()));
            Ok::<(), ()>(())
        },
    )
    .expect("builds");
    let info = ArchiveInfo {
        tile_type: TileType::Mvt,
        tile_compression: Compression::Gzip,
        min_zoom: 0,
        max_zoom: 12,
        bounds: zone(),
        center_zoom: 10,
        metadata: metadata(&options, &source, "web test"),
    };
    write_archive(&info, &tiles).expect("writes")
}

fn blob_url(bytes: &[u8]) -> String {
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).expect("blob");
    web_sys::Url::create_object_url_with_blob(&blob).expect("url")
}

#[wasm_bindgen_test]
async fn a_range_is_exactly_the_bytes_asked_for() {
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let url = blob_url(&bytes);
    let got = fetch_range(
        &url,
        ByteRange {
            offset: 70_000,
            length: 300,
        },
    )
    .await
    .expect("fetched");
    assert_eq!(got, bytes[70_000..70_300].to_vec());
    // The server side of this test answers ranges as object stores do.
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().expect("headers");
    headers.set("range", "bytes=10-19").expect("set");
    init.set_headers(&headers);
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(
        web_sys::window()
            .expect("window")
            .fetch_with_str_and_init(&url, &init),
    )
    .await
    .expect("fetched")
    .into();
    assert_eq!(response.status(), 206);
    // Past the end: what there is.
    let got = fetch_range(
        &url,
        ByteRange {
            offset: 99_990,
            length: 300,
        },
    )
    .await
    .expect("fetched");
    assert_eq!(got, bytes[99_990..].to_vec());
}

#[wasm_bindgen_test]
async fn tiles_are_read_from_an_archive_by_range_requests() {
    let bytes = archive();
    let url = blob_url(&bytes);
    let mut source = PmTilesSource::open(&url).await.expect("opens");
    assert_eq!(source.archive().header().max_zoom, 12);
    let meta = source.metadata().await.expect("metadata");
    assert_eq!(meta["qikai_map"]["points"], 2000);
    for z in [4u8, 12] {
        let mut points = 0u64;
        for t in tiles_covering(zone(), z, 1000).expect("few") {
            let Some(raw) = source.tile(t).await.expect("reads") else {
                continue;
            };
            let got = read_tile(t, &raw, &Limits::default()).expect("decodes");
            assert!(got.outcome.report.is_clean() && got.issues.is_empty());
            points += got.outcome.features.len() as u64;
            points += got.clusters.iter().map(|c| c.count).sum::<u64>();
        }
        assert_eq!(points, 2000, "zoom {z}");
    }
}

#[wasm_bindgen_test]
async fn not_an_archive_and_a_missing_url_are_errors() {
    let url = blob_url(b"{\"type\":\"FeatureCollection\",\"features\":[]}");
    assert!(matches!(
        PmTilesSource::open(&url).await,
        Err(TileFetchError::Archive(_))
    ));
    let gone = blob_url(b"x");
    web_sys::Url::revoke_object_url(&gone).expect("revoked");
    assert!(PmTilesSource::open(&gone).await.is_err());
}

//! `qikai-map-tiles` end to end, natively: archives built by the command
//! read back through our PMTiles reader and the tile decoder, against the
//! loader and the widget's own cluster index on the same input.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use qikai_map::core::cluster::ClusterIndex;
use qikai_map::core::coord::{LngLat, LngLatBounds};
use qikai_map::core::model::Geometry;
use qikai_map::data::synthetic::synthetic_points;
use qikai_map::data::{load_bytes, Limits};
use qikai_map::scene::dense::cluster_options;
use qikai_map::tiles::features::read_tile;
use qikai_map::tiles::math::tiles_covering;
use qikai_map::tiles::pmtiles::{slice_range, Archive, Open};

fn out_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    dir.join(name)
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_qikai-map-tiles"))
        .args(args)
        .env("LANG", "en_US.UTF-8")
        .output()
        .expect("the command runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn open(bytes: &[u8]) -> Archive {
    match Archive::open(bytes).expect("opens") {
        Open::Ready(a) => *a,
        Open::NeedMore(_) => panic!("root within the first bytes"),
    }
}

#[test]
fn synthetic_archive_holds_the_widget_clusters_at_every_zoom() {
    let path = out_path("synthetic.pmtiles");
    let (code, log) = run(&[
        "--synthetic",
        "5000",
        "--seed",
        "3",
        "--bbox",
        "125.0,43.7,125.4,43.95",
        "--max-zoom",
        "11",
        "-o",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(code, 0, "{log}");
    let bytes = std::fs::read(&path).expect("written");
    let mut archive = open(&bytes);
    assert_eq!(archive.header().max_zoom, 11);
    let zone = LngLatBounds {
        min: LngLat::lon_lat(125.0, 43.7),
        max: LngLat::lon_lat(125.4, 43.95),
    };
    // The widget's index on the same points, built here independently.
    let points = synthetic_points(5000, 3, zone);
    let positions: Vec<LngLat> = points
        .iter()
        .map(|f| match f.geometry {
            Geometry::Point(p) => p,
            _ => unreachable!("synthetic points"),
        })
        .collect();
    let weights: Vec<f64> = points
        .iter()
        .map(|f| f.figures.investment_yuan.unwrap_or(0.0))
        .collect();
    let index = ClusterIndex::new(&positions, Some(&weights), cluster_options());
    for z in [3u8, 7, 10] {
        let mut tiled: Vec<(u64, u64)> = Vec::new(); // (count, investment rounded)
        for t in tiles_covering(zone, z, 10_000).expect("few tiles") {
            let Some(raw) = archive
                .read_tile(t, |r| slice_range(&bytes, r))
                .expect("reads")
            else {
                continue;
            };
            let got = read_tile(t, &raw, &Limits::default()).expect("decodes");
            tiled.extend(
                got.clusters
                    .iter()
                    .map(|c| (c.count, c.investment_yuan_sum.round() as u64)),
            );
        }
        let mut page: Vec<(u64, u64)> = index
            .clusters(zone.padded(0.5), f64::from(z))
            .into_iter()
            .filter_map(|item| match item {
                qikai_map::core::cluster::ClusterItem::Cluster(c) => {
                    Some((c.count as u64, c.weight_sum.round() as u64))
                }
                _ => None,
            })
            .collect();
        tiled.sort_unstable();
        page.sort_unstable();
        assert_eq!(tiled, page, "zoom {z}: the clusters the page would draw");
    }
}

#[test]
fn the_default_data_round_trips_feature_by_feature() {
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/public/data/qikai-map.geojson");
    let path = out_path("default.pmtiles");
    let (code, log) = run(&[
        input,
        "--max-zoom",
        "13",
        "-o",
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{log}");
    let loaded = load_bytes(&std::fs::read(input).expect("data"), &Limits::default());
    let bytes = std::fs::read(&path).expect("written");
    let mut archive = open(&bytes);
    let bounds = archive.bounds();
    let mut seen = BTreeSet::new();
    for t in tiles_covering(bounds, 13, 100_000).expect("tiles") {
        let Some(raw) = archive
            .read_tile(t, |r| slice_range(&bytes, r))
            .expect("reads")
        else {
            continue;
        };
        let got = read_tile(t, &raw, &Limits::default()).expect("decodes");
        assert!(got.issues.is_empty(), "{:?}", got.issues);
        assert!(
            got.outcome.report.is_clean(),
            "{t}: {:?}",
            got.outcome.report
        );
        for f in got.outcome.features {
            let want = loaded
                .features
                .iter()
                .find(|w| w.id == f.id)
                .expect("a loaded feature");
            // Everything but the positions (rounded to the tile grid) is equal.
            assert_eq!(
                qikai_map::core::model::Feature {
                    geometry: want.geometry.clone(),
                    ..f.clone()
                },
                *want
            );
            seen.insert(f.id);
        }
    }
    let all: BTreeSet<String> = loaded.features.iter().map(|f| f.id.clone()).collect();
    assert_eq!(seen, all, "every feature is in the deepest zoom");
}

#[test]
fn a_refused_file_or_a_bad_command_line_writes_nothing() {
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/malformed.json");
    let path = out_path("refused.pmtiles");
    let _ = std::fs::remove_file(&path);
    let (code, log) = run(&[input, "-o", path.to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{log}");
    assert!(!path.exists());
    let (code, log) = run(&["--synthetic", "10"]);
    assert_eq!(code, 2);
    assert!(log.contains("-o"), "{log}");
    let (code, _) = run(&["--synthetic", "10", "--max-zoom", "40", "-o", "x.pmtiles"]);
    assert_eq!(code, 2);
}

//! Golden fixtures: our clustering against supercluster 9.1.0 itself, run in
//! node on the same 200 points with the same (default) options by
//! `tests/fixtures/cluster/make-golden.mjs`.
//!
//! Exact equality, no tolerance: both sides store unit coordinates as the
//! same i32 fixed point and every deciding operation is exact or rounds alike
//! (see `src/core/cluster.rs`), and we process items in supercluster's order,
//! so the items, their counts, centres (rounded to 1e-6 of the world, as the
//! fixtures store them), ids, leaves and expansion zooms must all agree.
#![cfg(not(target_arch = "wasm32"))]

use qikai_map::core::cluster::{ClusterId, ClusterIndex, ClusterItem, ClusterOptions, UnitPoint};
use qikai_map::core::coord::{LngLat, LngLatBounds};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cluster");

fn read<T: serde::de::DeserializeOwned>(name: &str) -> T {
    let text =
        std::fs::read_to_string(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn points() -> Vec<LngLat> {
    let raw: Vec<[f64; 2]> = read("points-200.json");
    raw.into_iter()
        .map(|[lng, lat]| LngLat::lon_lat(lng, lat))
        .collect()
}

fn world() -> LngLatBounds {
    LngLatBounds {
        min: LngLat::lon_lat(-180.0, -90.0),
        max: LngLat::lon_lat(180.0, 90.0),
    }
}

/// A coordinate as the fixtures round it (JavaScript's Math.round(v · 1e6),
/// which for positive v agrees with Rust's round), in millionths.
fn micro(v: f64) -> i64 {
    (v * 1e6).round() as i64
}

fn rows(index: &ClusterIndex, pts: &[LngLat], zoom: f64) -> Vec<(u64, i64, i64)> {
    let mut out: Vec<(u64, i64, i64)> = index
        .clusters(world(), zoom)
        .into_iter()
        .map(|item| match item {
            ClusterItem::Point { index } => {
                let u = UnitPoint::from_lnglat(pts[index]);
                (1, micro(u.x), micro(u.y))
            }
            ClusterItem::Cluster(c) => (
                c.count as u64,
                micro(c.center_unit.x),
                micro(c.center_unit.y),
            ),
        })
        .collect();
    out.sort_unstable();
    out
}

fn expected(zoom: u8) -> Vec<(u64, i64, i64)> {
    let raw: Vec<(u64, f64, f64)> = read(&format!("expected-z{zoom}.json"));
    let mut out: Vec<(u64, i64, i64)> = raw
        .into_iter()
        .map(|(c, x, y)| (c, micro(x), micro(y)))
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn our_clusters_equal_superclusters_at_zooms_8_11_and_14() {
    let pts = points();
    assert_eq!(pts.len(), 200);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    for zoom in [8u8, 11, 14] {
        let want = expected(zoom);
        assert!(
            want.iter().any(|r| r.0 > 1),
            "zoom {zoom}: the fixture has no cluster"
        );
        assert_eq!(rows(&index, &pts, f64::from(zoom)), want, "zoom {zoom}");
    }
}

#[test]
fn ids_leaves_children_and_expansion_zooms_equal_superclusters_at_zoom_11() {
    let pts = points();
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    type Row = (u32, usize, u8, Vec<usize>, Vec<usize>);
    let want: Vec<Row> = read("expected-tree-z11.json");
    let mut got: Vec<Row> = index
        .clusters(world(), 11.0)
        .into_iter()
        .filter_map(|item| match item {
            ClusterItem::Cluster(c) => Some(c),
            ClusterItem::Point { .. } => None,
        })
        .map(|c| {
            let mut leaves = index.leaves(c.id, usize::MAX, 0);
            leaves.sort_unstable();
            let mut children: Vec<usize> = index
                .children(c.id)
                .iter()
                .map(ClusterItem::count)
                .collect();
            children.sort_unstable();
            let ez = index.expansion_zoom(c.id).expect("a known id");
            (c.id.0, c.count, ez, leaves, children)
        })
        .collect();
    got.sort_unstable();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert!(index.cluster(ClusterId(u32::MAX)).is_none());
}

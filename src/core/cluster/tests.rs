//! Tests of the clustering: the hierarchy, queries, ids, the sliced build.

use super::build::*;
use super::*;

fn world() -> LngLatBounds {
    LngLatBounds {
        min: LngLat::lon_lat(-180.0, -90.0),
        max: LngLat::lon_lat(180.0, 90.0),
    }
}

/// A small deterministic generator (SplitMix64) so the tests need no crate.
fn splitmix(seed: &mut u64) -> f64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// Points around Changchun (lon 125.0–125.5, lat 43.7–44.0), a third of
/// them in tight clumps, plus a few exact duplicates.
/// A zoom clustered in small slices equals the zoom clustered at once:
/// the greedy order and the taken flags carry over between steps.
#[test]
fn a_zoom_clustered_in_slices_equals_one_pass() {
    let points = changchun(3_000, 5);
    let options = ClusterOptions::default();
    let mut builder = ClusterBuilder::new(&points, None, options);
    builder.step(); // the raw points' tree
    let above = builder.index.levels[0].clone();
    for z in [16u8, 12, 8] {
        let mut scratch = Scratch::default();
        let mut whole = ZoomPass::new(&above, z, &options, points.len(), &mut scratch);
        assert!(whole.run(&above, &options, &mut scratch, usize::MAX));
        let whole = whole.finish().expect("merges");
        let mut scratch = Scratch::default();
        let mut sliced = ZoomPass::new(&above, z, &options, points.len(), &mut scratch);
        let mut steps = 1;
        while !sliced.run(&above, &options, &mut scratch, 7) {
            steps += 1;
        }
        assert!(steps > 100);
        let sliced = sliced.finish().expect("merges");
        assert_eq!(
            (
                &sliced.xy,
                &sliced.count,
                &sliced.key,
                &sliced.child,
                &sliced.child_start,
                &sliced.formed
            ),
            (
                &whole.xy,
                &whole.count,
                &whole.key,
                &whole.child,
                &whole.child_start,
                &whole.formed
            ),
            "zoom {z}"
        );
    }
}

fn changchun(n: usize, seed: u64) -> Vec<LngLat> {
    let mut s = seed;
    let mut pts: Vec<LngLat> = (0..n)
        .map(|i| {
            if i % 3 == 0 {
                let c = (i / 3) % 5;
                LngLat::lon_lat(
                    125.1 + 0.07 * c as f64 + 0.003 * splitmix(&mut s),
                    43.75 + 0.04 * c as f64 + 0.002 * splitmix(&mut s),
                )
            } else {
                LngLat::lon_lat(
                    125.0 + 0.5 * splitmix(&mut s),
                    43.7 + 0.3 * splitmix(&mut s),
                )
            }
        })
        .collect();
    for i in (0..n).step_by(17) {
        pts.push(pts[i]);
    }
    pts
}

fn all_zooms(index: &ClusterIndex) -> std::ops::RangeInclusive<u8> {
    let o = index.options();
    o.min_zoom..=o.max_zoom + 1
}

fn leaves_of(index: &ClusterIndex, item: &ClusterItem) -> Vec<usize> {
    match item {
        ClusterItem::Point { index: i } => vec![*i],
        ClusterItem::Cluster(c) => index.leaves(c.id, usize::MAX, 0),
    }
}

#[test]
fn every_zoom_conserves_the_total_point_count() {
    let pts = changchun(600, 1);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    for z in all_zooms(&index) {
        let total: usize = index
            .clusters(world(), f64::from(z))
            .iter()
            .map(ClusterItem::count)
            .sum();
        assert_eq!(total, pts.len(), "zoom {z}");
    }
}

#[test]
fn every_point_belongs_to_exactly_one_item_per_zoom() {
    let pts = changchun(600, 2);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    for z in all_zooms(&index) {
        let mut seen = vec![0u32; pts.len()];
        for item in index.clusters(world(), f64::from(z)) {
            let leaves = leaves_of(&index, &item);
            assert_eq!(
                leaves.len(),
                item.count(),
                "zoom {z}: leaves match the count"
            );
            for l in leaves {
                seen[l] += 1;
            }
        }
        assert!(seen.iter().all(|&s| s == 1), "zoom {z}");
    }
}

#[test]
fn children_of_a_cluster_are_the_items_one_zoom_in_it_was_built_from() {
    let pts = changchun(400, 3);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    let mut checked = 0;
    for z in 8..=16u8 {
        let below: Vec<ClusterItem> = index.clusters(world(), f64::from(z) + 1.0);
        for item in index.clusters(world(), f64::from(z)) {
            let ClusterItem::Cluster(c) = item else {
                continue;
            };
            let children = index.children(c.id);
            assert!(children.len() >= 2);
            assert_eq!(
                children.iter().map(ClusterItem::count).sum::<usize>(),
                c.count
            );
            // Every child is an item of the zoom it was built from, and
            // together they hold exactly the cluster's leaves.
            let formed_at = c.id.origin_zoom(pts.len()).expect("a cluster id") - 1;
            let from: Vec<ClusterItem> = index.clusters(world(), f64::from(formed_at) + 1.0);
            assert!(children.iter().all(|ch| from.contains(ch)));
            let mut mine = index.leaves(c.id, usize::MAX, 0);
            let mut theirs: Vec<usize> = children
                .iter()
                .flat_map(|ch| leaves_of(&index, ch))
                .collect();
            mine.sort_unstable();
            theirs.sort_unstable();
            assert_eq!(mine, theirs);
            if formed_at == z {
                assert!(children.iter().all(|ch| below.contains(ch)));
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} clusters checked");
}

#[test]
fn expansion_zoom_is_the_first_zoom_at_which_the_cluster_splits() {
    let pts = changchun(400, 4);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    let mut checked = 0;
    for z in 0..=16u8 {
        for item in index.clusters(world(), f64::from(z)) {
            let ClusterItem::Cluster(c) = item else {
                continue;
            };
            let ez = index.expansion_zoom(c.id).expect("a known id");
            assert!(ez > z);
            // Still one item up to ez − 1, no longer from ez on.
            for zz in z..ez {
                assert!(
                    index.clusters(world(), f64::from(zz)).contains(&item),
                    "zoom {zz}"
                );
            }
            assert!(!index.clusters(world(), f64::from(ez)).contains(&item));
            checked += 1;
        }
    }
    assert!(checked > 20);
}

#[test]
fn a_single_point_never_forms_a_cluster() {
    let index = ClusterIndex::new(
        &[LngLat::lon_lat(125.3, 43.9)],
        None,
        ClusterOptions::default(),
    );
    for z in all_zooms(&index) {
        assert_eq!(
            index.clusters(world(), f64::from(z)),
            vec![ClusterItem::Point { index: 0 }]
        );
    }
}

#[test]
fn min_points_is_respected() {
    let pts = changchun(300, 5);
    for min_points in [2, 3, 5, 10] {
        let options = ClusterOptions {
            min_points,
            ..ClusterOptions::default()
        };
        let index = ClusterIndex::new(&pts, None, options);
        for z in all_zooms(&index) {
            let items = index.clusters(world(), f64::from(z));
            assert_eq!(
                items.iter().map(ClusterItem::count).sum::<usize>(),
                pts.len()
            );
            for item in items {
                if let ClusterItem::Cluster(c) = item {
                    assert!(
                        c.count >= min_points as usize,
                        "{} < {min_points} at zoom {z}",
                        c.count
                    );
                }
            }
        }
    }
}

#[test]
fn an_empty_input_gives_an_empty_index() {
    let index = ClusterIndex::new(&[], None, ClusterOptions::default());
    assert!(index.is_empty());
    for z in all_zooms(&index) {
        assert!(index.clusters(world(), f64::from(z)).is_empty());
    }
    assert!(index.children(ClusterId(33)).is_empty());
    assert!(index.leaves(ClusterId(33), 10, 0).is_empty());
    assert_eq!(index.expansion_zoom(ClusterId(33)), None);
}

#[test]
fn duplicate_points_cluster_at_every_zoom_and_expand_past_the_top() {
    let p = LngLat::lon_lat(125.3, 43.9);
    let index = ClusterIndex::new(
        &[p, p, p],
        Some(&[1.0, 2.0, 4.0]),
        ClusterOptions::default(),
    );
    for z in 0..=16 {
        let items = index.clusters(world(), f64::from(z));
        assert_eq!(items.len(), 1, "zoom {z}");
        let ClusterItem::Cluster(c) = items[0] else {
            panic!("zoom {z}: not a cluster")
        };
        assert_eq!(c.count, 3);
        assert_eq!(c.weight_sum, 7.0);
        assert!((c.center.lng - p.lng).abs() < 1e-6 && (c.center.lat - p.lat).abs() < 1e-6);
        assert_eq!(index.expansion_zoom(c.id), Some(17));
    }
    assert_eq!(index.clusters(world(), 17.0).len(), 3);
}

#[test]
fn ids_round_trip_to_their_origin_zoom_and_position() {
    let pts = changchun(300, 6);
    let n = pts.len();
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    let mut seen = std::collections::HashSet::new();
    for z in 0..=16u8 {
        for item in index.clusters(world(), f64::from(z)) {
            let ClusterItem::Cluster(c) = item else {
                continue;
            };
            let oz = c.id.origin_zoom(n).expect("zoom");
            let pos = c.id.origin_position(n).expect("position");
            assert!(oz > z && oz <= 17);
            assert_eq!(c.id.0 as usize, n + 32 * pos + usize::from(oz));
            // The origin item is the first child.
            let first = index.children(c.id)[0];
            let from = index.level_at(oz).expect("level");
            assert_eq!(index.item(from, pos), first);
            assert_eq!(index.cluster(c.id), Some(c));
            seen.insert(c.id);
        }
    }
    assert!(seen.len() > 20);
}

#[test]
fn unknown_ids_give_nothing_and_never_panic() {
    let pts = changchun(100, 7);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    for raw in [
        0,
        1,
        5,
        100,
        105,
        106,
        117,
        118,
        130,
        150,
        100_000,
        u32::MAX - 1,
        u32::MAX,
    ] {
        let id = ClusterId(raw);
        if index.cluster(id).is_some() {
            continue;
        }
        assert!(index.children(id).is_empty());
        assert!(index.leaves(id, 10, 0).is_empty());
        assert_eq!(index.expansion_zoom(id), None);
    }
}

#[test]
fn leaves_page_through_a_cluster_without_gaps() {
    let pts = changchun(300, 8);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    let items = index.clusters(world(), 9.0);
    let ClusterItem::Cluster(c) = items
        .iter()
        .max_by_key(|i| i.count())
        .copied()
        .expect("items")
    else {
        panic!("no cluster at zoom 9")
    };
    let all = index.leaves(c.id, usize::MAX, 0);
    let mut paged = Vec::new();
    for page in 0.. {
        let got = index.leaves(c.id, 7, 7 * page);
        if got.is_empty() {
            break;
        }
        paged.extend(got);
    }
    assert_eq!(paged, all);
    assert_eq!(all.len(), c.count);
}

#[test]
fn weights_are_summed_per_cluster() {
    let pts = changchun(300, 9);
    let weights: Vec<f64> = (0..pts.len()).map(|i| i as f64 * 0.5).collect();
    let index = ClusterIndex::new(&pts, Some(&weights), ClusterOptions::default());
    for z in [5.0, 10.0, 13.0] {
        let total: f64 = index
            .clusters(world(), z)
            .iter()
            .map(|item| match item {
                ClusterItem::Point { index } => weights[*index],
                ClusterItem::Cluster(c) => {
                    let want: f64 = index_leaves_weight(&index, c.id, &weights);
                    assert!((c.weight_sum - want).abs() <= 1e-9 * want.max(1.0));
                    c.weight_sum
                }
            })
            .sum();
        let want: f64 = weights.iter().sum();
        assert!((total - want).abs() <= 1e-9 * want);
    }
}

fn index_leaves_weight(index: &ClusterIndex, id: ClusterId, weights: &[f64]) -> f64 {
    index
        .leaves(id, usize::MAX, 0)
        .iter()
        .map(|&i| weights[i])
        .sum()
}

#[test]
fn a_box_across_the_antimeridian_is_answered_as_its_two_halves() {
    let pts = [
        LngLat::lon_lat(179.5, 10.0),
        LngLat::lon_lat(-179.5, 10.0),
        LngLat::lon_lat(0.0, 10.0),
    ];
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    let across = LngLatBounds {
        min: LngLat::lon_lat(179.0, 0.0),
        max: LngLat::lon_lat(-179.0, 20.0),
    };
    let mut got: Vec<usize> = index
        .clusters(across, 17.0)
        .iter()
        .map(|i| match i {
            ClusterItem::Point { index } => *index,
            ClusterItem::Cluster(_) => usize::MAX,
        })
        .collect();
    got.sort_unstable();
    assert_eq!(got, vec![0, 1]);
    let wide = LngLatBounds {
        min: LngLat::lon_lat(-400.0, 0.0),
        max: LngLat::lon_lat(400.0, 20.0),
    };
    assert_eq!(index.clusters(wide, 17.0).len(), 3);
}

#[test]
fn zoom_is_floored_and_clamped() {
    let pts = changchun(200, 10);
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    assert_eq!(index.query_zoom(10.99), 10);
    assert_eq!(index.query_zoom(-3.0), 0);
    assert_eq!(index.query_zoom(99.0), 17);
    assert_eq!(index.query_zoom(f64::NAN), 0);
    assert_eq!(index.clusters(world(), 10.7), index.clusters(world(), 10.0));
}

#[test]
fn non_finite_points_are_left_out_and_counted() {
    let pts = [
        LngLat::lon_lat(125.3, 43.9),
        LngLat::lon_lat(f64::NAN, 43.9),
        LngLat::lon_lat(125.3, f64::INFINITY),
    ];
    let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
    assert_eq!((index.len(), index.skipped()), (1, 2));
    assert_eq!(
        index.clusters(world(), 3.0),
        vec![ClusterItem::Point { index: 0 }]
    );
}

#[test]
fn unit_points_round_trip_within_a_nanodegree() {
    for (lng, lat) in [(125.25, 43.85), (-179.9, -85.0), (0.0, 0.0), (179.9, 60.0)] {
        let back = UnitPoint::from_lnglat(LngLat::lon_lat(lng, lat)).to_lnglat();
        assert!((back.lng - lng).abs() < 1e-9 && (back.lat - lat).abs() < 1e-9);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn point_sets() -> impl Strategy<Value = Vec<LngLat>> {
        (
            prop::collection::vec((125.0f64..125.5, 43.7f64..44.0), 0..500),
            prop::collection::vec(any::<prop::sample::Index>(), 0..30),
        )
            .prop_map(|(raw, dups)| {
                let mut pts: Vec<LngLat> = raw
                    .into_iter()
                    .map(|(x, y)| LngLat::lon_lat(x, y))
                    .collect();
                if !pts.is_empty() {
                    let extra: Vec<LngLat> = dups.iter().map(|d| pts[d.index(pts.len())]).collect();
                    pts.extend(extra);
                }
                pts
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn counts_are_conserved_and_every_point_is_in_exactly_one_item_at_every_zoom(pts in point_sets()) {
            let index = ClusterIndex::new(&pts, None, ClusterOptions::default());
            for z in all_zooms(&index) {
                let mut seen = vec![0u32; pts.len()];
                let mut total = 0;
                for item in index.clusters(world(), f64::from(z)) {
                    total += item.count();
                    for l in leaves_of(&index, &item) {
                        seen[l] += 1;
                    }
                }
                prop_assert_eq!(total, pts.len());
                prop_assert!(seen.iter().all(|&s| s == 1));
            }
        }
    }
}

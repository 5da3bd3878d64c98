//! The geo core exported to JavaScript for `make bench` (feature `bench`,
//! wasm32 only; never part of the shipped widget).
//!
//! The benchmark page (`tests/bench/geo.bench.mjs`) times each batch with
//! `performance.now()` around **one** call into wasm: every `*_all` method runs
//! the whole batch of queries inside wasm and hands back only a checksum, so
//! what is measured is the algorithm, not the JS ↔ wasm boundary.
//!
//! The `*_one` and `brute_*` methods exist for verification only (untimed):
//! they return full answers of the index and of a brute-force scan with the
//! same metric ([`distance_m`](crate::core::measure::distance_m), the WGS-84
//! ellipsoidal geodesic, and `geo`'s `Contains` for polygons; the page checks
//! the spherical methods against its own JS haversine).
//!
//! Metrics: `nearest_all` / `radius_all` use the spherical methods (great
//! circle on the mean sphere R = 6 371 008.8 m, geokdbush's metric up to its
//! R = 6 371 km); the `*_ellipsoid_*` methods the WGS-84 geodesic.
//!
//! [`BenchCluster`] wraps [`ClusterIndex`] (default options, supercluster's)
//! for the `cluster_*` rows against supercluster 9.1.0.
//!
//! Layouts shared with the page:
//! - points and queries: interleaved `[lng0, lat0, lng1, lat1, …]` in degrees;
//! - polygons: all vertices interleaved in one array, polygon `i` being
//!   vertices `offsets[i]..offsets[i + 1]` (vertex units, not f64 units),
//!   each ring closed (last vertex equals the first).

use geo::{Contains, Coord};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::core::cluster::{ClusterIndex, ClusterItem, ClusterOptions};
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::index::PointIndex;
use crate::core::measure::distance_m;
use crate::core::measure::to_geo_polygon;
use crate::core::model::Ring;
use crate::core::query::points_in_polygon;

/// Interleaved lon/lat pairs as positions; a trailing odd value is ignored.
fn positions(flat: &[f64]) -> Vec<LngLat> {
    flat.chunks_exact(2)
        .map(|c| LngLat::lon_lat(c[0], c[1]))
        .collect()
}

/// The closed rings of every polygon, in order; a polygon whose offsets fall
/// outside `flat` gets an empty ring (and so contains nothing).
fn rings(flat: &[f64], offsets: &[u32]) -> Vec<Ring> {
    offsets
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0] as usize * 2, w[1] as usize * 2);
            flat.get(a..b).map(positions).unwrap_or_default()
        })
        .collect()
}

/// A [`PointIndex`] over the benchmark's points, with the points kept for the
/// brute-force checks.
#[wasm_bindgen]
pub struct BenchIndex {
    points: Vec<LngLat>,
    index: PointIndex,
}

#[wasm_bindgen]
impl BenchIndex {
    /// Indexes interleaved lon/lat `coords` (degrees); a point's id is its
    /// position in that list. Timed as `index_build` (copy in, conversion and
    /// [`PointIndex::new`]).
    #[wasm_bindgen(constructor)]
    pub fn new(coords: &[f64]) -> BenchIndex {
        let points = positions(coords);
        let index = PointIndex::new(&points);
        BenchIndex { points, index }
    }

    /// Number of indexed points.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when no point is indexed.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Runs `nearest_k_sphere(q, k, None)` (great circle on the mean sphere,
    /// geokdbush's metric) for every query; returns the checksum
    /// `[results, sum of ids, sum of distances in m]`.
    pub fn nearest_all(&self, queries: &[f64], k: usize) -> Vec<f64> {
        checksum(
            positions(queries)
                .into_iter()
                .map(|q| self.index.nearest_k_sphere(q, k, None)),
        )
    }

    /// Runs `nearest_k(q, k, None)` (WGS-84 geodesic) for every query;
    /// checksum as [`nearest_all`](Self::nearest_all).
    pub fn nearest_ellipsoid_all(&self, queries: &[f64], k: usize) -> Vec<f64> {
        checksum(
            positions(queries)
                .into_iter()
                .map(|q| self.index.nearest_k(q, k, None)),
        )
    }

    /// Runs `within_radius_sphere_m(q, radius_m)` for every query; checksum
    /// as [`nearest_all`](Self::nearest_all).
    pub fn radius_all(&self, queries: &[f64], radius_m: f64) -> Vec<f64> {
        checksum(
            positions(queries)
                .into_iter()
                .map(|q| self.index.within_radius_sphere_m(q, radius_m)),
        )
    }

    /// Runs `within_radius_m(q, radius_m)` (WGS-84 geodesic, with distances,
    /// sorted) for every query; checksum as [`nearest_all`](Self::nearest_all).
    pub fn radius_ellipsoid_all(&self, queries: &[f64], radius_m: f64) -> Vec<f64> {
        checksum(
            positions(queries)
                .into_iter()
                .map(|q| self.index.within_radius_m(q, radius_m)),
        )
    }

    /// Runs `within_radius_ids_m(q, radius_m)` (WGS-84 geodesic, ids only, no
    /// order) for every query; returns `[results, sum of ids, 0]`.
    pub fn radius_ellipsoid_ids_all(&self, queries: &[f64], radius_m: f64) -> Vec<f64> {
        checksum(positions(queries).into_iter().map(|q| {
            self.index
                .within_radius_ids_m(q, radius_m)
                .into_iter()
                .map(|id| (id, 0.0))
                .collect()
        }))
    }

    /// Runs `points_in_polygon` for every polygon; returns the count of
    /// points strictly inside each.
    pub fn pip_all(&self, polygons: &[f64], offsets: &[u32]) -> Vec<u32> {
        rings(polygons, offsets)
            .into_iter()
            .map(|ring| count(points_in_polygon(&self.index, &[ring]).len()))
            .collect()
    }

    /// The spherical `k` nearest to one query, interleaved `[id, m, id, m, …]`.
    pub fn nearest_one(&self, lng: f64, lat: f64, k: usize) -> Vec<f64> {
        interleave(
            self.index
                .nearest_k_sphere(LngLat::lon_lat(lng, lat), k, None),
        )
    }

    /// The ellipsoidal `k` nearest to one query, interleaved `[id, m, …]`.
    pub fn nearest_ellipsoid_one(&self, lng: f64, lat: f64, k: usize) -> Vec<f64> {
        interleave(self.index.nearest_k(LngLat::lon_lat(lng, lat), k, None))
    }

    /// The spherical radius answer for one query, in its order (by
    /// distance), interleaved `[id, m, id, m, …]`.
    pub fn radius_one(&self, lng: f64, lat: f64, radius_m: f64) -> Vec<f64> {
        interleave(
            self.index
                .within_radius_sphere_m(LngLat::lon_lat(lng, lat), radius_m),
        )
    }

    /// The ellipsoidal radius answer for one query, in its order (by
    /// distance), interleaved `[id, m, id, m, …]`.
    pub fn radius_ellipsoid_one(&self, lng: f64, lat: f64, radius_m: f64) -> Vec<f64> {
        interleave(
            self.index
                .within_radius_m(LngLat::lon_lat(lng, lat), radius_m),
        )
    }

    /// The ids of `within_radius_ids_m` for one query, ascending.
    pub fn radius_ellipsoid_ids_one(&self, lng: f64, lat: f64, radius_m: f64) -> Vec<u32> {
        let mut ids: Vec<u32> = self
            .index
            .within_radius_ids_m(LngLat::lon_lat(lng, lat), radius_m)
            .into_iter()
            .map(count)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The index's ids strictly inside polygon `which`, ascending.
    pub fn pip_ids(&self, polygons: &[f64], offsets: &[u32], which: usize) -> Vec<u32> {
        let ring = rings(polygons, offsets).into_iter().nth(which);
        ring.map(|r| points_in_polygon(&self.index, &[r]))
            .unwrap_or_default()
            .into_iter()
            .map(count)
            .collect()
    }

    /// Brute force: the geodesic distance (m) from one query to every point,
    /// in id order (the page sorts and cuts it for nearest and radius).
    pub fn brute_distances(&self, lng: f64, lat: f64) -> Vec<f64> {
        let q = LngLat::lon_lat(lng, lat);
        self.points.iter().map(|&p| distance_m(q, p)).collect()
    }

    /// Brute force: the ids of every point strictly inside polygon `which`
    /// (no index, no bounding box), ascending.
    pub fn brute_pip_ids(&self, polygons: &[f64], offsets: &[u32], which: usize) -> Vec<u32> {
        let Some(poly) = rings(polygons, offsets)
            .into_iter()
            .nth(which)
            .and_then(|r| to_geo_polygon(&[r]))
        else {
            return Vec::new();
        };
        self.points
            .iter()
            .enumerate()
            .filter(|(_, p)| poly.contains(&Coord { x: p.lng, y: p.lat }))
            .map(|(id, _)| count(id))
            .collect()
    }
}

/// `[results, sum of ids, sum of distances]` over every answer.
fn checksum(answers: impl Iterator<Item = Vec<(usize, f64)>>) -> Vec<f64> {
    let mut sum = [0.0; 3];
    for answer in answers {
        for (id, d) in answer {
            sum[0] += 1.0;
            sum[1] += id as f64;
            sum[2] += d;
        }
    }
    sum.to_vec()
}

/// `(id, distance)` pairs as `[id, m, id, m, …]`.
fn interleave(answer: Vec<(usize, f64)>) -> Vec<f64> {
    answer
        .into_iter()
        .flat_map(|(id, d)| [id as f64, d])
        .collect()
}

/// An id or a count as u32; the benchmark never gets near 4 billion points.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A [`ClusterIndex`] over the benchmark's points, default options (radius
/// 40 px of a 512 extent, zooms 0–16, at least 2 points a cluster).
#[wasm_bindgen]
pub struct BenchCluster {
    index: ClusterIndex,
}

#[wasm_bindgen]
impl BenchCluster {
    /// Clusters interleaved lon/lat `coords` (degrees) at every zoom. Timed
    /// as `cluster_build` (copy in, conversion and [`ClusterIndex::new`]).
    #[wasm_bindgen(constructor)]
    pub fn new(coords: &[f64]) -> BenchCluster {
        let points = positions(coords);
        BenchCluster {
            index: ClusterIndex::new(&points, None, ClusterOptions::default()),
        }
    }

    /// Number of clustered points.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when no point is clustered.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Runs `clusters(bounds, zoom)` `reps` times (timed as
    /// `cluster_query_z*`); returns `[items, sum of counts, sum of cluster
    /// ids and point indexes]` of the last answer.
    pub fn query_reps(
        &self,
        west: f64,
        south: f64,
        east: f64,
        north: f64,
        zoom: f64,
        reps: u32,
    ) -> Vec<f64> {
        let bounds = LngLatBounds {
            min: LngLat::lon_lat(west, south),
            max: LngLat::lon_lat(east, north),
        };
        let mut last = Vec::new();
        for _ in 0..reps {
            last = self.index.clusters(bounds, zoom);
        }
        let mut sum = [0.0; 3];
        for item in &last {
            sum[0] += 1.0;
            sum[1] += item.count() as f64;
            sum[2] += match item {
                ClusterItem::Point { index } => *index as f64,
                ClusterItem::Cluster(c) => f64::from(c.id.0),
            };
        }
        sum.to_vec()
    }

    /// Verification: the point count of every item of one query, ascending.
    pub fn query_counts(
        &self,
        west: f64,
        south: f64,
        east: f64,
        north: f64,
        zoom: f64,
    ) -> Vec<u32> {
        let bounds = LngLatBounds {
            min: LngLat::lon_lat(west, south),
            max: LngLat::lon_lat(east, north),
        };
        let mut counts: Vec<u32> = self
            .index
            .clusters(bounds, zoom)
            .iter()
            .map(|item| count(item.count()))
            .collect();
        counts.sort_unstable();
        counts
    }
}

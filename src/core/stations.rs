//! Swap stations as a queryable set: the spatial index over their positions and
//! "nearest stations to here" in the catalog's own terms.

use super::catalog::Catalog;
use super::coord::LngLat;
use super::index::PointIndex;
use super::model::{FeatureKind, Geometry};
use super::query::area_stats;

/// A station near a point.
#[derive(Clone, Debug, PartialEq)]
pub struct NearStation {
    /// The station feature's id.
    pub id: String,
    /// Where it is.
    pub position: LngLat,
    /// Ellipsoidal geodesic distance from the query point.
    ///
    /// # Units
    /// Metres.
    pub distance_m: f64,
}

/// The swap stations of a catalog, indexed once.
#[derive(Clone, Debug, Default)]
pub struct StationIndex {
    index: PointIndex,
    ids: Vec<String>,
    positions: Vec<LngLat>,
}

impl StationIndex {
    /// Indexes every point swap station of the catalog.
    pub fn from_catalog(catalog: &Catalog) -> Self {
        let (ids, positions): (Vec<String>, Vec<LngLat>) = catalog
            .of_kind(FeatureKind::SwapStation)
            .filter_map(|f| match f.geometry {
                Geometry::Point(p) => Some((f.id.clone(), p)),
                _ => None,
            })
            .unzip();
        Self {
            index: PointIndex::new(&positions),
            ids,
            positions,
        }
    }

    /// The spatial index (ids are positions in [`Self::positions`]).
    pub fn index(&self) -> &PointIndex {
        &self.index
    }

    /// Station positions, in index order.
    pub fn positions(&self) -> &[LngLat] {
        &self.positions
    }

    /// How many stations there are.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// The `k` nearest stations to `p`, nearest first (exact geodesic ranking).
    pub fn nearest(&self, p: LngLat, k: usize) -> Vec<NearStation> {
        self.index
            .nearest_k(p, k, None)
            .into_iter()
            .filter_map(|(i, distance_m)| {
                Some(NearStation {
                    id: self.ids.get(i)?.clone(),
                    position: *self.positions.get(i)?,
                    distance_m,
                })
            })
            .collect()
    }
}

/// The point a feature is measured from: a point itself, an area's centroid.
pub fn anchor_point(geometry: &Geometry) -> Option<LngLat> {
    match geometry {
        Geometry::Point(p) => Some(*p),
        g => area_stats(g).map(|s| s.centroid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Limits};

    #[test]
    fn the_default_stations_are_indexed_and_ranked_by_distance() {
        let out = load_geojson(crate::DEFAULT_DATA, &Limits::default());
        let catalog = Catalog::new(out.features);
        let stations = StationIndex::from_catalog(&catalog);
        assert_eq!(stations.len(), catalog.count(FeatureKind::SwapStation));
        let hq = LngLat::lon_lat(125.165766, 43.83123);
        let near = stations.nearest(hq, 3);
        assert_eq!(near.len(), 3);
        assert!(near.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
        // Brute force agrees on the nearest one.
        let best = stations
            .positions()
            .iter()
            .map(|p| crate::core::measure::distance_m(hq, *p))
            .fold(f64::INFINITY, f64::min);
        assert!((near[0].distance_m - best).abs() < 1e-6);
    }

    #[test]
    fn an_area_is_measured_from_its_centroid() {
        let square = Geometry::Polygon(vec![vec![
            LngLat::lon_lat(125.0, 43.0),
            LngLat::lon_lat(125.2, 43.0),
            LngLat::lon_lat(125.2, 43.2),
            LngLat::lon_lat(125.0, 43.2),
            LngLat::lon_lat(125.0, 43.0),
        ]]);
        let c = anchor_point(&square).expect("centroid");
        assert!((c.lng - 125.1).abs() < 1e-6 && (c.lat - 43.1).abs() < 1e-3);
    }
}

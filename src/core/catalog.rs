//! The one read model: validated features in drawing order, with lookups.

use super::coord::LngLatBounds;
use super::model::{Feature, FeatureKind};

/// Validated features, ordered by layer (bottom first), immutable once built.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    features: Vec<Feature>,
    /// (hash of the id, position), sorted: a lookup is a binary search. No
    /// copy of the ids (100,000 string clones and SipHash were the catalog's
    /// biggest cost at load).
    index_by_id: Vec<(u64, u32)>,
    /// Computed once: the map asks on every fit and resize.
    home: Option<LngLatBounds>,
    /// Features per kind, indexed like `FeatureKind::ALL`.
    counts: [usize; 6],
    /// Positions of the features that are not points (a dense map walks
    /// these per frame, not a million points).
    areas: Vec<usize>,
}

/// FNV-1a, 64 bits: fast on short ids; collisions are resolved by comparing
/// the ids themselves.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn kind_slot(kind: FeatureKind) -> usize {
    FeatureKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

fn home_bounds_of(features: &[Feature]) -> Option<LngLatBounds> {
    let union = |it: &mut dyn Iterator<Item = &Feature>| {
        it.filter_map(|f| f.geometry.bounds())
            .reduce(LngLatBounds::union)
    };
    union(&mut features.iter().filter(|f| f.kind == FeatureKind::Zone))
        .or_else(|| union(&mut features.iter().filter(|f| f.kind != FeatureKind::District)))
        .or_else(|| union(&mut features.iter()))
}

impl Catalog {
    /// Builds the catalog. Ids must already be unique (the converter checks);
    /// a repeated id here keeps the first feature.
    pub fn new(features: Vec<Feature>) -> Self {
        Self::from_grouped(Self::group_layers(features))
    }

    /// The first half of [`new`](Self::new): the features grouped by layer,
    /// bottom first, the data's own order kept within each. A caller on the
    /// browser's main thread may yield between the halves.
    pub fn group_layers(mut features: Vec<Feature>) -> Vec<Feature> {
        // Two moves per feature (a sort of 100,000 big structs moved each many times).
        if !features.is_sorted_by_key(|f| kind_slot(f.kind)) {
            let mut sizes = [0; 6];
            for f in &features {
                sizes[kind_slot(f.kind)] += 1;
            }
            // Sized up front: growing by doubling would move them again.
            let mut layers = sizes.map(Vec::with_capacity);
            for f in features.drain(..) {
                layers[kind_slot(f.kind)].push(f);
            }
            for layer in &mut layers {
                features.append(layer);
            }
        }
        features
    }

    /// The second half of [`new`](Self::new), on features from
    /// [`group_layers`](Self::group_layers) (others are grouped first).
    pub fn from_grouped(features: Vec<Feature>) -> Self {
        let features = Self::group_layers(features); // a no-op when grouped
        let mut index_by_id: Vec<(u64, u32)> = features
            .iter()
            .zip(0u32..)
            .map(|(f, i)| (id_hash(&f.id), i))
            .collect();
        // By hash, then position: among equal ids the first feature wins.
        index_by_id.sort_unstable();
        let mut counts = [0; 6];
        for f in &features {
            counts[kind_slot(f.kind)] += 1;
        }
        let home = home_bounds_of(&features);
        let areas = features
            .iter()
            .enumerate()
            .filter(|(_, f)| f.geometry.is_areal())
            .map(|(i, _)| i)
            .collect();
        Self {
            features,
            index_by_id,
            home,
            counts,
            areas,
        }
    }

    /// Every feature, bottom layer first.
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// True when there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// The feature with this id.
    pub fn get(&self, id: &str) -> Option<&Feature> {
        self.position_of(id).map(|i| &self.features[i])
    }

    /// Where the feature with this id sits in [`features`](Self::features).
    pub fn position_of(&self, id: &str) -> Option<usize> {
        let h = id_hash(id);
        let first = self.index_by_id.partition_point(|&(k, _)| k < h);
        self.index_by_id[first..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .map(|&(_, i)| i as usize)
            .find(|&i| self.features[i].id == id)
    }

    /// The features that are areas (polygons), bottom layer first.
    pub fn areas(&self) -> impl Iterator<Item = &Feature> + '_ {
        self.areas.iter().map(|&i| &self.features[i])
    }

    /// Catalog positions of the features that are not points, in order.
    pub fn area_positions(&self) -> &[usize] {
        &self.areas
    }

    /// Features of one kind.
    pub fn of_kind(&self, kind: FeatureKind) -> impl Iterator<Item = &Feature> {
        self.features.iter().filter(move |f| f.kind == kind)
    }

    /// How many features of `kind` there are.
    pub fn count(&self, kind: FeatureKind) -> usize {
        self.counts[kind_slot(kind)]
    }

    /// The box the map opens on: the zone if there is one, else every feature
    /// but the context districts, else everything.
    pub fn home_bounds(&self) -> Option<LngLatBounds> {
        self.home
    }

    /// The box every feature lies in.
    pub fn bounds(&self) -> Option<LngLatBounds> {
        self.features
            .iter()
            .filter_map(|f| f.geometry.bounds())
            .reduce(LngLatBounds::union)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLat;
    use crate::data::synthetic::synthetic_points;

    #[test]
    fn a_repeated_id_finds_the_first_feature_and_near_misses_find_nothing() {
        let zone = LngLatBounds {
            min: LngLat::lon_lat(125.0, 43.7),
            max: LngLat::lon_lat(125.4, 43.95),
        };
        let mut input = synthetic_points(3, 1, zone);
        input[2].id = input[0].id.clone();
        let catalog = Catalog::new(input.clone());
        assert_eq!(catalog.get(&input[0].id), Some(&input[0]));
        // Only an exact id matches (the hash only narrows the search).
        assert_eq!(catalog.get(&format!("{} ", input[1].id)), None);
    }

    #[test]
    fn layers_are_grouped_bottom_first_keeping_the_data_order_within_each() {
        let zone = LngLatBounds {
            min: LngLat::lon_lat(125.0, 43.7),
            max: LngLat::lon_lat(125.4, 43.95),
        };
        let input = synthetic_points(500, 11, zone);
        let catalog = Catalog::new(input.clone());
        let order: Vec<usize> = catalog
            .features()
            .iter()
            .map(|f| kind_slot(f.kind))
            .collect();
        assert!(order.is_sorted());
        for kind in [FeatureKind::Project, FeatureKind::SwapStation] {
            let expected: Vec<&str> = input
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| f.id.as_str())
                .collect();
            let got: Vec<&str> = catalog.of_kind(kind).map(|f| f.id.as_str()).collect();
            assert_eq!(got, expected);
            assert_eq!(catalog.count(kind), expected.len());
        }
        // No zone: the home view is every point's box.
        let home = catalog.home_bounds().expect("bounds");
        assert!(home.min.lng >= 125.0 && home.max.lat <= 43.95);
        assert_eq!(
            catalog
                .position_of(&input[7].id)
                .map(|i| &catalog.features()[i].id),
            Some(&input[7].id)
        );
    }
}

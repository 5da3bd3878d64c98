//! The one read model: validated features in drawing order, with lookups.

use std::collections::HashMap;

use super::coord::LngLatBounds;
use super::model::{Feature, FeatureKind};

/// Validated features, ordered by layer (bottom first), immutable once built.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    features: Vec<Feature>,
    index_by_id: HashMap<String, usize>,
    /// Computed once: the map asks on every fit and resize.
    home: Option<LngLatBounds>,
    /// Features per kind, indexed like `FeatureKind::ALL`.
    counts: [usize; 6],
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
    pub fn new(mut features: Vec<Feature>) -> Self {
        // Grouped by layer, the data's own order kept within each: one move
        // per feature (a sort of 100,000 big structs moved each many times).
        if !features.is_sorted_by_key(|f| kind_slot(f.kind)) {
            let mut layers: [Vec<Feature>; 6] = Default::default();
            for f in features.drain(..) {
                layers[kind_slot(f.kind)].push(f);
            }
            features = layers.into_iter().flatten().collect();
        }
        let mut index_by_id = HashMap::with_capacity(features.len());
        for (i, f) in features.iter().enumerate() {
            index_by_id.entry(f.id.clone()).or_insert(i);
        }
        let mut counts = [0; 6];
        for f in &features {
            counts[kind_slot(f.kind)] += 1;
        }
        let home = home_bounds_of(&features);
        Self {
            features,
            index_by_id,
            home,
            counts,
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
        self.index_by_id.get(id).map(|&i| &self.features[i])
    }

    /// Where the feature with this id sits in [`features`](Self::features).
    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.index_by_id.get(id).copied()
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

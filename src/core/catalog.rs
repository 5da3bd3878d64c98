//! The one read model: validated features in drawing order, with lookups.

use std::collections::HashMap;

use super::coord::LngLatBounds;
use super::model::{Feature, FeatureKind};

/// Validated features, ordered by layer (bottom first), immutable once built.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    features: Vec<Feature>,
    index_by_id: HashMap<String, usize>,
}

impl Catalog {
    /// Builds the catalog. Ids must already be unique (the converter checks);
    /// a repeated id here keeps the first feature.
    pub fn new(mut features: Vec<Feature>) -> Self {
        // Stable sort: within a layer the data's own order is kept.
        features.sort_by_key(|f| FeatureKind::ALL.iter().position(|k| *k == f.kind));
        let mut index_by_id = HashMap::with_capacity(features.len());
        for (i, f) in features.iter().enumerate() {
            index_by_id.entry(f.id.clone()).or_insert(i);
        }
        Self {
            features,
            index_by_id,
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
        self.of_kind(kind).count()
    }

    /// The box the map opens on: the zone if there is one, else every feature
    /// but the context districts, else everything.
    pub fn home_bounds(&self) -> Option<LngLatBounds> {
        let union = |it: &mut dyn Iterator<Item = &Feature>| {
            it.filter_map(|f| f.geometry.bounds())
                .reduce(LngLatBounds::union)
        };
        union(&mut self.of_kind(FeatureKind::Zone))
            .or_else(|| {
                union(
                    &mut self
                        .features
                        .iter()
                        .filter(|f| f.kind != FeatureKind::District),
                )
            })
            .or_else(|| union(&mut self.features.iter()))
    }

    /// The box every feature lies in.
    pub fn bounds(&self) -> Option<LngLatBounds> {
        self.features
            .iter()
            .filter_map(|f| f.geometry.bounds())
            .reduce(LngLatBounds::union)
    }
}

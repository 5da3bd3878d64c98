//! The loaded data and what is built from it once: the catalog, the load
//! report, the station index, the fan-out of points sharing a spot, the
//! search index (on first use) and, on a dense map, the clusters for the
//! current layers and filter (rebuilt in slices when they change).

use std::sync::Arc;

use leptos::prelude::*;

use super::{AppState, LayerState};
use crate::core::catalog::Catalog;
use crate::core::model::Feature;
use crate::core::search::SearchIndex;
use crate::core::stations::StationIndex;
use crate::data::LoadReport;
use crate::platform::{mark, now_ms, pinyin, yield_to_event_loop};
use crate::scene::dense::{is_dense, DenseLayer, DenseLayerBuilder};
use crate::scene::overlap::catalog_fan_offsets;

/// Work between two yields while clustering, in milliseconds.
const CLUSTER_SLICE_MS: f64 = 8.0;

/// The loaded data.
#[derive(Clone, Copy)]
pub struct DataState {
    /// The validated features.
    pub catalog: StoredValue<Arc<Catalog>>,
    /// What loading found.
    pub report: StoredValue<Arc<LoadReport>>,
    /// Screen offsets fanning out points that share a spot, once per catalog.
    pub fan_offsets: StoredValue<Arc<Vec<(f64, f64)>>>,
    /// The swap stations, indexed once per catalog.
    pub stations: StoredValue<Arc<StationIndex>>,
    /// So many points that they are clustered on a canvas (fixed per catalog).
    pub dense_mode: bool,
    /// The clustered points for the current layers and filter (dense mode only).
    pub dense: ReadSignal<Option<Arc<DenseLayer>>>,
    set_dense: WriteSignal<Option<Arc<DenseLayer>>>,
    /// A clustering is under way (dense mode).
    pub clustering: ReadSignal<bool>,
    set_clustering: WriteSignal<bool>,
    /// Name search over the catalog (中文, English, pinyin), built on the first
    /// query: pinyin for 100,000 names is not worth delaying the map for.
    /// Kept with whether it has the pinyin keys: built before the fetched
    /// table arrived, it is built again once it has.
    search: StoredValue<Option<(Arc<SearchIndex>, bool)>>,
    /// Synthetic points on screen (stress mode): how many and the seed.
    pub synthetic: Option<(usize, u64)>,
}

impl DataState {
    pub(super) fn new(
        catalog: Catalog,
        report: LoadReport,
        synthetic: Option<(usize, u64)>,
    ) -> Self {
        let stations = StationIndex::from_catalog(&catalog);
        let dense_mode = is_dense(&catalog);
        // Clusters take the place of fanning out on a dense map (and fanning
        // out compares every pair).
        let fans = if dense_mode {
            vec![(0.0, 0.0); catalog.len()]
        } else {
            catalog_fan_offsets(&catalog)
        };
        let (dense, set_dense) = signal(None);
        let (clustering, set_clustering) = signal(false);
        Self {
            catalog: StoredValue::new(Arc::new(catalog)),
            report: StoredValue::new(Arc::new(report)),
            fan_offsets: StoredValue::new(Arc::new(fans)),
            stations: StoredValue::new(Arc::new(stations)),
            dense_mode,
            dense,
            set_dense,
            clustering,
            set_clustering,
            search: StoredValue::new(None),
            synthetic,
        }
    }

    /// Whether the catalog has a feature `id`.
    pub fn has(&self, id: &str) -> bool {
        self.catalog.with_value(|c| c.get(id).is_some())
    }

    /// The feature `id`, cloned.
    pub fn feature(&self, id: &str) -> Option<Feature> {
        self.catalog.with_value(|c| c.get(id).cloned())
    }

    /// The search index, built on first use and again when the pinyin table
    /// arrives (a tracked read: a memo calling this searches again then).
    pub fn search_index(&self) -> Arc<SearchIndex> {
        let with_pinyin = pinyin::ready();
        if let Some((index, built_with)) = self.search.get_value() {
            if built_with == with_pinyin {
                return index;
            }
        }
        let index = Arc::new(self.catalog.with_value(|c| SearchIndex::new(c)));
        self.search.set_value(Some((index.clone(), with_pinyin)));
        index
    }

    /// How many problems loading found (for the report's badge).
    pub fn issue_count(&self) -> usize {
        self.report
            .with_value(|r| r.issues.len() + usize::from(r.file_error.is_some()))
    }
}

impl AppState {
    /// Keeps the dense layer in step with the layers and the filter (dense
    /// mode only): the visible, passing points are clustered anew, a zoom at a
    /// time with yields in between, so a million points never freeze the page;
    /// the previous clusters stay on screen until the new ones are ready, and
    /// a newer change abandons an older build.
    pub fn track_dense_layer(&self) {
        if !self.data.dense_mode {
            return;
        }
        let data = self.data;
        let layers: LayerState = self.layers;
        let generation = StoredValue::new(0u32);
        Effect::new(move |_| {
            let visible = layers.visible.get();
            let filter = layers.filter.get();
            generation.update_value(|g| *g = g.wrapping_add(1));
            let mine = generation.get_value();
            data.set_clustering.set(true);
            leptos::task::spawn_local(async move {
                let current = move || generation.try_get_value() == Some(mine);
                // Let the task that asked (a first render, a filter click) end first.
                yield_to_event_loop().await;
                if !current() {
                    return;
                }
                let mut builder = data.catalog.with_value(|c| {
                    DenseLayerBuilder::new(c, |f| visible[f.kind.index()] && filter.matches(c, f))
                });
                let mut last_yield = now_ms();
                while !builder.step() {
                    if now_ms() - last_yield >= CLUSTER_SLICE_MS {
                        yield_to_event_loop().await;
                        if !current() {
                            return;
                        }
                        last_yield = now_ms();
                    }
                }
                mark("qk-clustered");
                data.set_dense.set(Some(Arc::new(builder.finish())));
                data.set_clustering.set(false);
            });
        });
    }
}

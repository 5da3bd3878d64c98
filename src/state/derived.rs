//! Values derived from the state, built once here and shared by every
//! component that shows them (the map's lines, the details, the probe card):
//! where nearest stations are measured from, and those stations.

use leptos::prelude::*;

use super::{CameraState, DataState, LayerState, SelectionState, UiState};
use crate::core::coord::LngLat;
use crate::core::model::FeatureKind;
use crate::core::stations::{anchor_point, NearStation};

/// How many nearest stations are shown.
pub const NEAREST_K: usize = 3;

/// Derived values.
#[derive(Clone, Copy)]
pub struct Derived {
    /// Where "nearest stations" are measured from: the point asked about, or
    /// the selected park, project or landmark.
    pub analysis_origin: Memo<Option<LngLat>>,
    /// The nearest stations to the analysis origin.
    pub nearest: Memo<Vec<NearStation>>,
}

impl Derived {
    pub(super) fn new(
        data: DataState,
        selection: SelectionState,
        _layers: LayerState,
        _camera: CameraState,
        _ui: UiState,
    ) -> Self {
        let analysis_origin = Memo::new(move |_| {
            if let Some(p) = selection.probe.get() {
                return Some(p);
            }
            let id = selection.selected.get()?;
            data.catalog.with_value(|c| {
                let f = c.get(&id)?;
                matches!(
                    f.kind,
                    FeatureKind::Park | FeatureKind::Project | FeatureKind::Landmark
                )
                .then(|| anchor_point(&f.geometry))
                .flatten()
            })
        });
        let nearest = Memo::new(move |_| {
            analysis_origin
                .get()
                .map(|p| data.stations.with_value(|s| s.nearest(p, NEAREST_K)))
                .unwrap_or_default()
        });
        Self {
            analysis_origin,
            nearest,
        }
    }
}

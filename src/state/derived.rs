//! Values derived from the state, built once here and shared by every
//! component that shows them: where nearest stations are measured from and
//! those stations (the map's lines, the details, the probe card), and the
//! scene every map layer draws (the SVG layer, the dense canvas, canvas taps).

use std::sync::Arc;

use leptos::prelude::*;

use super::{AppState, CameraState, DataState, LayerState, SelectionState, ToolState, UiState};
use crate::core::coord::LngLat;
use crate::core::model::FeatureKind;
use crate::core::stations::{anchor_point, NearStation};
use crate::scene::{NearestLines, PointMode, Scene, SceneInput};

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
    /// What the map draws for the current view, layers, filter, language,
    /// text size and chrome: one scene for every layer.
    pub scene: Memo<Arc<Scene>>,
}

impl Derived {
    pub(super) fn new(
        data: DataState,
        selection: SelectionState,
        layers: LayerState,
        camera: CameraState,
        tools: ToolState,
        ui: UiState,
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
        let scene = Memo::new(move |_| {
            let coverage_m = tools.coverage_radius_m.get();
            let origin = analysis_origin.get();
            nearest.with(|near| {
                let lines = origin.map(|o| (o, near.as_slice()));
                Arc::new(build_scene(
                    data, layers, camera, ui, true, coverage_m, lines,
                ))
            })
        });
        Self {
            analysis_origin,
            nearest,
            scene,
        }
    }
}

/// The scene of the state as it is (tracked inside a reactive context); with
/// `avoid_chrome`, labels stay clear of the chrome over the map; with
/// `coverage_m`, rings of that radius around the stations; with `lines` (the
/// analysis origin and its nearest stations), map labels keep clear of the
/// distances written on the lines.
fn build_scene(
    data: DataState,
    layers: LayerState,
    camera: CameraState,
    ui: UiState,
    avoid_chrome: bool,
    coverage_m: Option<f64>,
    lines: Option<(LngLat, &[NearStation])>,
) -> Scene {
    let view = camera.view.get();
    let visible = layers.visible.get();
    let lang = ui.lang.get();
    let large = ui.large.get();
    let chrome = if avoid_chrome {
        camera.chrome.with(|c| c.boxes.clone())
    } else {
        Vec::new()
    };
    let clusters = data.dense.get();
    let catalog = data.catalog.get_value();
    let fans = data.fan_offsets.get_value();
    let stations = data.stations.get_value();
    let points = if data.dense_mode {
        PointMode::Clustered(clusters.as_ref())
    } else {
        PointMode::Each(&fans)
    };
    layers.filter.with(|filter| {
        crate::scene::build(&SceneInput {
            catalog: &catalog,
            view: &view,
            visible,
            filter,
            lang,
            large,
            chrome: &chrome,
            points,
            coverage: coverage_m.map(|r| (r, &*stations)),
            nearest: lines.map(|(origin, stations)| NearestLines {
                origin,
                stations,
                in_sight: camera.chrome.with(|c| c.insets.visible_rect(view.size())),
            }),
        })
    })
}

impl AppState {
    /// The scene of an exported picture: the current view, with no chrome
    /// for labels to avoid and (as before) no coverage rings; read untracked, once.
    pub fn export_scene(&self) -> Scene {
        untrack(|| {
            build_scene(
                self.data,
                self.layers,
                self.camera,
                self.ui,
                false,
                None,
                None,
            )
        })
    }
}

//! Carrying out a host's command — from postMessage or from the JavaScript
//! handle, the same code — and the state it leaves, as the host sees it.

use leptos::prelude::*;

use crate::core::coord::LngLat;
use crate::core::filter::Filter;
use crate::core::model::FeatureKind;
use crate::embed::messages::{Command, Event};
use crate::state::{AppState, CameraRequest};

/// Carries out `command` and answers with the state it leaves (the camera at
/// the end of a flight, not its start), or why it was refused.
pub fn apply(state: AppState, command: Command) -> Result<Event, String> {
    let mut camera = state.camera.target();
    match command {
        Command::FlyTo { center, zoom } => {
            let zoom = zoom.unwrap_or_else(|| camera.zoom());
            camera = camera
                .with_center(center)
                .with_zoom(zoom)
                .with_center(center);
            state.request_camera(CameraRequest::To { center, zoom });
        }
        Command::Show { id } => {
            if !state.data.has(&id) {
                return Err(format!("no feature with the id {id:?}"));
            }
            state.select_quietly(Some(id.clone()));
            let request = CameraRequest::Feature(id);
            // The flight starts at the next frame; the answer says where it
            // goes, as measured now.
            if let Some(target) = state.camera_target_of(&request) {
                camera = target;
            }
            state.request_camera(request);
        }
        Command::Select { id } => {
            if let Some(unknown) = id.as_ref().filter(|i| !state.data.has(i)) {
                return Err(format!("no feature with the id {unknown:?}"));
            }
            // Shown in view (the map brings a hidden selection to the
            // middle), without taking the page's focus.
            state.select_quietly(id);
        }
        Command::SetFilter { filter } => {
            Filter::parse_strict(&filter).map_err(|e| e.to_string())?;
            state.layers.set_filter_text(filter);
        }
        Command::SetLanguage { lang } => state.ui.set_lang(lang),
        Command::SetLayers { layers } => {
            let mut visible = [false; 6];
            for kind in layers {
                visible[kind.index()] = true;
            }
            state.layers.set_visible(visible);
        }
        Command::GetState => {}
    }
    Ok(state_event(state, camera.center(), camera.zoom()))
}

/// The host's view of the state, with the camera at `center`/`zoom`.
pub fn state_event(state: AppState, center: LngLat, zoom: f64) -> Event {
    Event::State {
        center,
        zoom,
        selected: state.selection.selected.get_untracked(),
        lang: state.ui.lang.get_untracked(),
        filter: state.layers.filter_text.get_untracked(),
        layers: FeatureKind::ALL
            .into_iter()
            .filter(|k| untrack(|| state.layers.is_visible(*k)))
            .collect(),
        permalink: untrack(|| state.permalink()).to_hash(),
    }
}

/// The state as it is now.
pub fn current_state(state: AppState) -> Event {
    let camera = state.camera.target();
    state_event(state, camera.center(), camera.zoom())
}

//! The state a permalink carries, read from and applied to the widget.

use leptos::prelude::*;

use super::camera::CameraRequest;
use super::AppState;
use crate::core::model::FeatureKind;
use crate::embed::permalink::Permalink;

impl AppState {
    /// The state a permalink carries (tracked: an effect reading it follows
    /// the widget). The camera is where it is going (a flight's end).
    pub fn permalink(&self) -> Permalink {
        // Tracked on the camera, read at its destination.
        self.camera.view.track();
        let target = untrack(|| self.camera.target());
        let visible = self.layers.visible.get();
        Permalink {
            center: Some(target.center()),
            zoom: Some(target.zoom()),
            selected: self.selection.selected.get(),
            lang: Some(self.ui.lang.get()),
            hidden_layers: FeatureKind::ALL
                .into_iter()
                .filter(|k| !visible[k.index()])
                .collect(),
            filter: Some(self.layers.filter_text.get()).filter(|f| !f.is_empty()),
        }
    }

    /// Applies a permalink (what it does not carry stays as is). The
    /// selection is made quietly: a link does not take the page's focus.
    pub fn apply_permalink(&self, p: &Permalink) {
        if let Some(lang) = p.lang {
            self.ui.set_lang(lang);
        }
        let mut visible = [true; 6];
        for k in &p.hidden_layers {
            visible[k.index()] = false;
        }
        self.layers.set_visible(visible);
        self.layers
            .set_filter_text(p.filter.clone().unwrap_or_default());
        let selected = p.selected.clone().filter(|id| self.data.has(id));
        self.select_quietly(selected);
        if let (Some(center), Some(zoom)) = (p.center, p.zoom) {
            self.request_camera(CameraRequest::To { center, zoom });
        }
    }
}

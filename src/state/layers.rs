//! Which layers are shown and the filter (in its compact text form, shared
//! with the permalink, and parsed once).

use leptos::prelude::*;

use crate::core::filter::Filter;
use crate::core::model::FeatureKind;
use crate::embed::options::EmbedOptions;

/// Every layer on.
const ALL_LAYERS: [bool; 6] = [true; 6];

/// Layer visibility and the filter.
#[derive(Clone, Copy)]
pub struct LayerState {
    /// Layer visibility, indexed by [`FeatureKind::index`].
    pub visible: ReadSignal<[bool; 6]>,
    set_visible: WriteSignal<[bool; 6]>,
    /// The filter, in its compact text form (shared with the permalink).
    pub filter_text: ReadSignal<String>,
    set_filter_text: WriteSignal<String>,
    /// The parsed filter (derived from `filter_text`).
    pub filter: Memo<Filter>,
}

impl LayerState {
    pub(super) fn new(options: &EmbedOptions) -> Self {
        let start = options.layers.as_ref().map_or(ALL_LAYERS, |layers| {
            let mut visible = [false; 6];
            for k in layers {
                visible[k.index()] = true;
            }
            visible
        });
        let (visible, set_visible) = signal(start);
        let (filter_text, set_filter_text) = signal(options.filter.clone().unwrap_or_default());
        let filter = Memo::new(move |_| Filter::from_query(&filter_text.get()));
        Self {
            visible,
            set_visible,
            filter_text,
            set_filter_text,
            filter,
        }
    }

    /// Whether a layer is shown (tracked).
    pub fn is_visible(&self, kind: FeatureKind) -> bool {
        self.visible.with(|v| v[kind.index()])
    }

    /// Shows or hides a layer.
    pub fn toggle(&self, kind: FeatureKind) {
        self.set_visible
            .update(|v| v[kind.index()] = !v[kind.index()]);
    }

    /// Sets every layer at once (a permalink); nothing happens when nothing
    /// changes (a dense map re-clusters on every layer change).
    pub fn set_visible(&self, visible: [bool; 6]) {
        if self.visible.get_untracked() != visible {
            self.set_visible.set(visible);
        }
    }

    /// Replaces the filter text (the lenient reading: unknown parts ignored).
    pub fn set_filter_text(&self, text: String) {
        if self.filter_text.with_untracked(|t| *t != text) {
            self.set_filter_text.set(text);
        }
    }

    /// Every layer on, no filter.
    pub(super) fn reset(&self) {
        self.set_filter_text(String::new());
        self.set_visible(ALL_LAYERS);
    }
}

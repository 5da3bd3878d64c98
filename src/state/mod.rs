//! The application state: grouped sub-states behind one `Copy` handle,
//! [`AppState`], given to every component by context. Signals are private to
//! this module: components read them (`state.ui.lang.get()`) and change them
//! only through the action methods here (`state.select(..)`,
//! `state.toggle_panel(..)`, `state.fly_to(..)`), so each rule ("one panel in
//! front", "a selection replaces a probe point") lives in one place.
//! `tests/architecture.rs` checks that no component writes a signal itself.
//!
//! - [`slot`]: what the user looks at and what fills the side slot — plain
//!   values and their rules, tested natively;
//! - `data`: the loaded catalog and what is built from it once;
//! - `camera`: the viewport and the one frame driver that moves it;
//! - `selection`, `layers`, `tools`, `ui`: the rest, each with its actions;
//! - `derived`: memos built once (analysis origin, nearest stations, the
//!   scene every map layer draws).

pub mod slot;

#[cfg(target_arch = "wasm32")]
mod camera;
#[cfg(target_arch = "wasm32")]
mod data;
#[cfg(target_arch = "wasm32")]
mod derived;
#[cfg(target_arch = "wasm32")]
mod layers;
#[cfg(target_arch = "wasm32")]
mod link;
#[cfg(target_arch = "wasm32")]
mod selection;
#[cfg(target_arch = "wasm32")]
mod tiles;
#[cfg(target_arch = "wasm32")]
mod tools;
#[cfg(target_arch = "wasm32")]
mod ui;

#[cfg(target_arch = "wasm32")]
pub use camera::{CameraRequest, CameraState};
#[cfg(target_arch = "wasm32")]
pub use data::DataState;
#[cfg(target_arch = "wasm32")]
pub use derived::Derived;
#[cfg(target_arch = "wasm32")]
pub use layers::LayerState;
#[cfg(target_arch = "wasm32")]
pub use selection::SelectionState;
pub use slot::{SidePanel, Slot, Subject};
#[cfg(target_arch = "wasm32")]
pub use tiles::{TileProblemNote, TileState, TileStats};
#[cfg(target_arch = "wasm32")]
pub use tools::{Tool, ToolState};
#[cfg(target_arch = "wasm32")]
pub use ui::{DataCredits, Modality, UiState};

#[cfg(target_arch = "wasm32")]
mod handle {
    use leptos::prelude::*;

    use super::*;
    use crate::core::catalog::Catalog;
    use crate::data::LoadReport;
    use crate::embed::options::EmbedOptions;
    use crate::i18n::{text, Lang, Msg};

    /// Everything the components share: copyable handles to the sub-states.
    #[derive(Clone, Copy)]
    pub struct AppState {
        /// The loaded data and what is built from it once.
        pub data: DataState,
        /// The camera and its frame driver.
        pub camera: CameraState,
        /// What the user looks at and the side slot.
        pub selection: SelectionState,
        /// Layer visibility and the filter.
        pub layers: LayerState,
        /// The analysis tools.
        pub tools: ToolState,
        /// Language, modes and the chrome's own state.
        pub ui: UiState,
        /// Values derived once from the others.
        pub derived: Derived,
        /// Tiled data (`tiles=`): the view's tiles, requests, problems.
        pub tiles: TileState,
    }

    /// Where the widget runs, for its starting state.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Setting {
        /// Inside an iframe or mounted into a host page (cooperative gestures by default).
        pub embedded: bool,
        /// The widget's number on its page (0 for the first): element ids
        /// carry it, so two widgets on one page never share an id.
        pub instance: u32,
    }

    impl AppState {
        /// The state of a widget showing `catalog`, with the host's options
        /// (layers, selection, view, filter, kiosk, basemap, credits...).
        pub fn new(
            catalog: Catalog,
            report: LoadReport,
            lang: Lang,
            options: &EmbedOptions,
            synthetic: Option<(usize, u64)>,
            setting: Setting,
        ) -> Self {
            let data = DataState::new(catalog, report, synthetic);
            let ui = UiState::new(lang, options, setting);
            let camera = data
                .catalog
                .with_value(|c| CameraState::new(c, ui.display_datum(), options.tiles.is_some()));
            let layers = LayerState::new(options);
            let selection = SelectionState::new();
            let tools = ToolState::new();
            let derived = Derived::new(data, selection, layers, camera, tools, ui);
            let tiles = TileState::new(options.tiles.clone(), camera, layers);
            let state = Self {
                data,
                camera,
                selection,
                layers,
                tools,
                ui,
                derived,
                tiles,
            };
            if let Some(id) = options.select.clone() {
                if state.data.has(&id) {
                    state.select_quietly(Some(id));
                }
            }
            if let Some((center, zoom)) = options.view {
                state.request_camera(CameraRequest::To { center, zoom });
            }
            state
        }

        /// A translated interface string (tracked on the language).
        pub fn t(&self, msg: Msg) -> &'static str {
            text(self.ui.lang.get(), msg)
        }

        /// The map's title in the current language (tracked).
        pub fn title(&self) -> String {
            self.ui.title(self.ui.lang.get())
        }

        /// Back to the start: home view, the starting language, no filter, no
        /// selection, no tools, every layer on (the kiosk idle reset).
        pub fn reset(&self) {
            self.clear_subject();
            self.tools.reset();
            self.selection.set_slot(Slot::Empty);
            self.ui.close_report();
            self.ui.set_sheet(crate::view::sheet::SheetSize::Auto);
            self.layers.reset();
            self.ui.set_lang(self.ui.home_lang);
            self.ui.note_reset();
            self.go_home();
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use handle::{AppState, Setting};

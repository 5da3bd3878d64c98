//! The application shell: loads the data, holds the state, lays out the chrome.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{
    analysis_panel::AnalysisPanel, attribution::Attribution, controls::Controls,
    data_report::DataReport, details::Details, legend::Legend, map_view::MapView,
    stats_panel::StatsPanel, toolbar::Toolbar,
};
use crate::core::catalog::Catalog;
use crate::core::coord::LngLat;
use crate::core::model::FeatureKind;
use crate::core::sketch::{Sketch, SketchMode};
use crate::core::stations::StationIndex;
use crate::data::{load_geojson, Limits, LoadReport};
use crate::i18n::{text, Lang, Msg};
use crate::view::viewport::{ScreenSize, ViewLimits, Viewport};

/// What a tap on the map does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Select features (the default).
    Browse,
    /// Add a vertex to the measuring sketch.
    Measure(SketchMode),
}

/// Everything the components share. Copyable handles to signals; the data
/// itself is plain and immutable (`Arc<Catalog>`).
#[derive(Clone, Copy)]
pub struct AppState {
    /// The validated features.
    pub catalog: StoredValue<Arc<Catalog>>,
    /// What loading found.
    pub report: StoredValue<Arc<LoadReport>>,
    /// The camera.
    pub view: RwSignal<Viewport>,
    /// The home view has been fitted to a real element size.
    pub fitted: RwSignal<bool>,
    /// Interface language.
    pub lang: RwSignal<Lang>,
    /// Layer visibility, indexed like `FeatureKind::ALL`.
    pub visible: RwSignal<[bool; 6]>,
    /// The selected feature's id.
    pub selected: RwSignal<Option<String>>,
    /// The data report panel is open.
    pub report_open: RwSignal<bool>,
    /// The swap stations, indexed once per catalog.
    pub stations: StoredValue<Arc<StationIndex>>,
    /// What a tap does.
    pub tool: RwSignal<Tool>,
    /// The measuring sketch.
    pub sketch: RwSignal<Sketch>,
    /// A point the user asked about (long-press / right-click).
    pub probe: RwSignal<Option<LngLat>>,
    /// Coverage rings radius, when shown.
    pub coverage_radius_m: RwSignal<Option<f64>>,
    /// The statistics panel is open.
    pub stats_open: RwSignal<bool>,
}

impl AppState {
    /// State for a freshly loaded catalog.
    pub fn new(catalog: Catalog, report: LoadReport, lang: Lang) -> Self {
        let size = ScreenSize {
            width_px: 800.0,
            height_px: 600.0,
        };
        let limits = view_limits(&catalog, size);
        let view = home_view(&catalog, size, limits);
        let stations = StationIndex::from_catalog(&catalog);
        Self {
            catalog: StoredValue::new(Arc::new(catalog)),
            report: StoredValue::new(Arc::new(report)),
            view: RwSignal::new(view),
            fitted: RwSignal::new(false),
            lang: RwSignal::new(lang),
            visible: RwSignal::new([true; 6]),
            selected: RwSignal::new(None),
            report_open: RwSignal::new(false),
            stations: StoredValue::new(Arc::new(stations)),
            tool: RwSignal::new(Tool::Browse),
            sketch: RwSignal::new(Sketch::new(SketchMode::Line)),
            probe: RwSignal::new(None),
            coverage_radius_m: RwSignal::new(None),
            stats_open: RwSignal::new(false),
        }
    }

    /// Selects a feature (or nothing); a selection replaces a probe point and
    /// the statistics panel (they share the side-panel slot).
    pub fn select(&self, id: Option<String>) {
        if id.is_some() {
            self.probe.set(None);
            self.stats_open.set(false);
        }
        self.selected.set(id);
    }

    /// Asks about a point; it replaces the selection.
    pub fn probe_at(&self, p: LngLat) {
        self.selected.set(None);
        self.probe.set(Some(p));
    }

    /// Whether a layer is shown (tracked).
    pub fn is_visible(&self, kind: FeatureKind) -> bool {
        let i = kind_index(kind);
        self.visible.with(|v| v[i])
    }

    /// Returns the camera to the whole zone at the current size.
    pub fn go_home(&self) {
        let catalog = self.catalog.get_value();
        let size = self.view.get_untracked().size();
        let limits = view_limits(&catalog, size);
        self.view.set(home_view(&catalog, size, limits));
    }

    /// A translated interface string (tracked on the language).
    pub fn t(&self, msg: Msg) -> &'static str {
        text(self.lang.get(), msg)
    }
}

/// Position of a kind in `FeatureKind::ALL`.
pub fn kind_index(kind: FeatureKind) -> usize {
    FeatureKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(0)
}

/// Zoom and pan limits: the zone's surroundings, from two levels above the
/// home view to street level.
pub fn view_limits(catalog: &Catalog, size: ScreenSize) -> ViewLimits {
    let Some(home) = catalog.home_bounds() else {
        return ViewLimits::default();
    };
    let fit = Viewport::fitting(home, size, 24.0, ViewLimits::default()).zoom();
    ViewLimits {
        min_zoom: (fit - 2.0).max(2.0),
        max_zoom: 18.0,
        center_bounds: Some(home.padded(1.0)),
    }
}

/// The camera that shows the whole zone.
pub fn home_view(catalog: &Catalog, size: ScreenSize, limits: ViewLimits) -> Viewport {
    match catalog.home_bounds() {
        Some(b) => Viewport::fitting(b, size, 24.0, limits),
        None => Viewport::new(
            crate::core::coord::LngLat::lon_lat(125.2, 43.85),
            11.0,
            size,
            limits,
        ),
    }
}

/// The starting language: `?lang=` in the URL, then a `lang` attribute on the
/// mount element or an ancestor (a host portal's page), then the browser's
/// languages; Chinese otherwise. Our own index.html sets no `lang`, so the
/// browser decides there.
pub fn initial_lang(mount: Option<&web_sys::Element>) -> Lang {
    let from_url = window()
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("lang"))
        .and_then(|l| Lang::from_tag(&l));
    let from_element = mount
        .and_then(|el| el.closest("[lang]").ok().flatten())
        .and_then(|el| el.get_attribute("lang"))
        .and_then(|l| Lang::from_tag(&l));
    let from_browser = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .find_map(|l| Lang::from_tag(&l));
    from_url
        .or(from_element)
        .or(from_browser)
        .unwrap_or_default()
}

/// The widget, loading `geojson` (the embedded default data unless a host gives other).
#[component]
pub fn App(
    /// GeoJSON text to show.
    geojson: &'static str,
    /// Starting language.
    lang: Lang,
) -> impl IntoView {
    let outcome = load_geojson(geojson, &Limits::default());
    let state = AppState::new(Catalog::new(outcome.features), outcome.report, lang);
    provide_context(state);

    // Keep the page's language in step, for screen readers and fonts.
    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        document().set_title(text(lang, Msg::AppTitle));
    });

    view! {
        <div class="qk-app">
            <header class="qk-header">
                <h1 class="qk-title">{move || state.t(Msg::AppTitle)}</h1>
            </header>
            <main class="qk-main">
                <MapView />
                <Toolbar />
                <Controls />
                <Legend />
                <AnalysisPanel />
                <Details />
                <StatsPanel />
                <DataReport />
            </main>
            <Attribution />
        </div>
    }
}

/// Mounts the widget into `element` with the embedded default data.
pub fn mount_default(element: web_sys::HtmlElement) {
    let lang = initial_lang(Some(&element));
    leptos::mount::mount_to(
        element,
        move || view! { <App geojson=crate::DEFAULT_DATA lang=lang /> },
    )
    .forget();
}

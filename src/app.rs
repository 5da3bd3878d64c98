//! The application shell: loads the data, holds the state, lays out the chrome.

use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{
    analysis_panel::AnalysisPanel,
    attribution::Attribution,
    controls::{Controls, LangButton},
    data_report::DataReport,
    details::Details,
    feature_list::FeatureList,
    filter_panel::FilterPanel,
    kiosk::KioskGuard,
    legend::Legend,
    map_view::MapView,
    more_panel::MorePanel,
    same_spot::SameSpotPanel,
    search_box::SearchBox,
    share_panel::SharePanel,
    stats_panel::StatsPanel,
    story_panel::StoryPanel,
    tabs::PanelTabs,
    toolbar::Toolbar,
};
use crate::core::catalog::Catalog;
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::datum::Datum;
use crate::core::filter::Filter;
use crate::core::model::FeatureKind;
use crate::core::search::SearchIndex;
use crate::core::sketch::{Sketch, SketchMode};
use crate::core::stations::StationIndex;
use crate::data::synthetic::synthetic_iter;
use crate::data::{load_geojson, Limits, LoadOutcome, LoadReport, StreamProgress};
use crate::embed::options::{BasemapOptions, EmbedOptions};
use crate::i18n::{text, Lang, Msg};
use crate::scene::dense::{is_dense, DenseLayer, DenseLayerBuilder};
use crate::scene::overlap::catalog_fan_offsets;
use crate::view::insets::{ChromeLayout, ScreenInsets};
pub use crate::view::sheet::SheetSize;
use crate::view::viewport::{ScreenSize, ViewLimits, Viewport};

/// What a tap on the map does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Select features (the default).
    Browse,
    /// Add a vertex to the measuring sketch.
    Measure(SketchMode),
}

/// Which panel fills the side slot: the left column on a desktop, the
/// bottom sheet on a phone. The details of a selection open over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SidePanel {
    /// None: the legend shows (desktop).
    None,
    /// The legend as a sheet (phone tab).
    Layers,
    /// The measuring and coverage tools as a sheet (phone tab).
    Tools,
    /// Statistics, sharing, large text, the data report and the credits as a
    /// sheet (phone tab).
    More,
    /// Statistics.
    Stats,
    /// Filters.
    Filters,
    /// The list twin of the map.
    List,
    /// Share: the permalink and its QR code.
    Share,
    /// The article's story: 2023 timeline and headline figures.
    Story,
    /// The features at one spot of a dense map (they cannot be told apart by a tap).
    SameSpot,
}

/// How the user last reached the widget: focus goes back where it makes
/// sense for that hand (a touch must not land in a text field and raise the
/// phone's keyboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modality {
    /// Mouse, pen or touch.
    Pointer,
    /// Keys.
    Keyboard,
}

/// Whose data the map shows: the credits and the schematic note follow it.
#[derive(Clone, Debug, PartialEq)]
pub enum DataCredits {
    /// The embedded default data, with its sources.
    Default,
    /// A host's own file, with the credits its `attribution` option gives.
    Host(Option<String>),
}

/// A camera move someone asked for; the map view carries it out at the next
/// frame, when the panels it opens have their size.
#[derive(Clone, Debug, PartialEq)]
pub enum CameraRequest {
    /// Exactly this centre and zoom (a permalink, the host's `flyTo`).
    To {
        /// Centre.
        center: LngLat,
        /// Zoom.
        zoom: f64,
    },
    /// A feature shown in the part of the map the panels leave visible: a
    /// point at street zoom, an area whole (search, the list, the story).
    Feature(String),
    /// The whole zone, fitted into the part of the map the panels leave
    /// visible once they have closed or opened.
    Home,
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
    /// Screen offsets fanning out points that share a spot, once per catalog.
    pub fan_offsets: StoredValue<Arc<Vec<(f64, f64)>>>,
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
    /// The panel in the side slot.
    pub side_panel: RwSignal<SidePanel>,
    /// The parsed filter (derived from `filter_text`).
    pub filter: Memo<Filter>,
    /// Name search over the catalog (中文, English, pinyin), built on the
    /// first query: pinyin for 100,000 names is not worth delaying the map for.
    search: StoredValue<Option<Arc<SearchIndex>>>,
    /// The filter, in its compact text form (shared with the permalink).
    pub filter_text: RwSignal<String>,
    /// A camera move asked for by a link, the host, search or a list.
    pub camera_request: RwSignal<Option<CameraRequest>>,
    /// The chrome docked over the map (measured): the camera fits into what it
    /// leaves visible and labels stay out of it.
    pub chrome: RwSignal<ChromeLayout>,
    /// The map element (the camera's frame of reference for the chrome).
    pub map_el: NodeRef<leptos::html::Div>,
    /// The selection's details are shown over the side panel (a selection
    /// made after the panel opened); false once a panel is opened over them.
    pub details_on_top: RwSignal<bool>,
    /// The details panel takes focus when it opens: a selection made in the
    /// widget, not by the host page or a link (which must keep their focus).
    pub focus_details: StoredValue<bool>,
    /// The last kind of input inside the widget.
    pub last_input: StoredValue<Modality>,
    /// The phone's bottom sheet height.
    pub sheet: RwSignal<SheetSize>,
    /// Whose data is shown, for the credits.
    pub credits: StoredValue<DataCredits>,
    /// Base URL for share links (configured; else this page).
    pub share_base: StoredValue<Option<String>>,
    /// postMessage commands ignored because of their origin.
    pub ignored_messages: RwSignal<u32>,
    /// Large text and targets, high contrast (长辈模式).
    pub large_mode: RwSignal<bool>,
    /// Kiosk mode (expo screens): big targets, fullscreen, idle reset.
    pub kiosk: StoredValue<bool>,
    /// The language a reset returns to.
    pub home_lang: StoredValue<Lang>,
    /// Cooperative gestures: the page keeps plain wheel and one-finger scrolling.
    pub cooperative: StoredValue<bool>,
    /// The optional raster basemap (off by default: the offline vector map).
    pub basemap: StoredValue<Option<BasemapOptions>>,
    /// So many points that they are clustered on a canvas (fixed per catalog).
    pub dense_mode: StoredValue<bool>,
    /// The clustered points for the current layers and filter (dense mode only).
    pub dense: RwSignal<Option<Arc<DenseLayer>>>,
    /// A clustering is under way (dense mode).
    pub clustering: RwSignal<bool>,
    /// Catalog positions of the features at the spot last tapped, and how many there are.
    pub same_spot: RwSignal<(Vec<usize>, usize)>,
    /// Synthetic points on screen (stress mode): how many and the seed.
    pub synthetic: StoredValue<Option<(usize, u64)>>,
}

impl AppState {
    /// State for a freshly loaded catalog.
    pub fn new(catalog: Catalog, report: LoadReport, lang: Lang) -> Self {
        let size = ScreenSize {
            width_px: 800.0,
            height_px: 600.0,
        };
        let limits = view_limits(&catalog, size, Datum::Wgs84);
        let view = home_view(&catalog, size, limits, ScreenInsets::default());
        let stations = StationIndex::from_catalog(&catalog);
        let dense_mode = is_dense(&catalog);
        // Clusters take the place of fanning out on a dense map (and fanning
        // out compares every pair).
        let fans = if dense_mode {
            vec![(0.0, 0.0); catalog.len()]
        } else {
            catalog_fan_offsets(&catalog)
        };
        let filter_text = RwSignal::new(String::new());
        Self {
            catalog: StoredValue::new(Arc::new(catalog)),
            report: StoredValue::new(Arc::new(report)),
            view: RwSignal::new(view),
            fitted: RwSignal::new(false),
            lang: RwSignal::new(lang),
            visible: RwSignal::new([true; 6]),
            selected: RwSignal::new(None),
            report_open: RwSignal::new(false),
            fan_offsets: StoredValue::new(Arc::new(fans)),
            stations: StoredValue::new(Arc::new(stations)),
            tool: RwSignal::new(Tool::Browse),
            sketch: RwSignal::new(Sketch::new(SketchMode::Line)),
            probe: RwSignal::new(None),
            coverage_radius_m: RwSignal::new(None),
            side_panel: RwSignal::new(SidePanel::None),
            filter: Memo::new(move |_| Filter::from_query(&filter_text.get())),
            search: StoredValue::new(None),
            filter_text,
            camera_request: RwSignal::new(None),
            chrome: RwSignal::new(ChromeLayout::default()),
            map_el: NodeRef::new(),
            details_on_top: RwSignal::new(false),
            focus_details: StoredValue::new(false),
            last_input: StoredValue::new(Modality::Pointer),
            credits: StoredValue::new(DataCredits::Default),
            sheet: RwSignal::new(SheetSize::Auto),
            share_base: StoredValue::new(None),
            ignored_messages: RwSignal::new(0),
            large_mode: RwSignal::new(false),
            kiosk: StoredValue::new(false),
            home_lang: StoredValue::new(lang),
            cooperative: StoredValue::new(false),
            basemap: StoredValue::new(None),
            dense_mode: StoredValue::new(dense_mode),
            dense: RwSignal::new(None),
            clustering: RwSignal::new(false),
            same_spot: RwSignal::new((Vec::new(), 0)),
            synthetic: StoredValue::new(None),
        }
    }

    /// Keeps the dense layer in step with the layers and the filter (dense
    /// mode only): the visible, passing points are clustered anew, a zoom at a
    /// time with yields in between, so a million points never freeze the page;
    /// the previous clusters stay on screen until the new ones are ready, and
    /// a newer change abandons an older build.
    pub fn track_dense_layer(&self) {
        if !self.dense_mode.get_value() {
            return;
        }
        let state = *self;
        let generation = StoredValue::new(0u32);
        Effect::new(move |_| {
            let visible = state.visible.get();
            let filter = state.filter.get();
            generation.update_value(|g| *g = g.wrapping_add(1));
            let mine = generation.get_value();
            state.clustering.set(true);
            leptos::task::spawn_local(async move {
                let current = move || generation.try_get_value() == Some(mine);
                // Let the task that asked (a first render, a filter click) end first.
                crate::embed::host::yield_to_event_loop().await;
                if !current() {
                    return;
                }
                let mut builder = state.catalog.with_value(|c| {
                    DenseLayerBuilder::new(c, |f| {
                        visible[kind_index(f.kind)] && filter.matches(c, f)
                    })
                });
                let mut last_yield = now_ms();
                while !builder.step() {
                    if now_ms() - last_yield >= CLUSTER_SLICE_MS {
                        crate::embed::host::yield_to_event_loop().await;
                        if !current() {
                            return;
                        }
                        last_yield = now_ms();
                    }
                }
                mark("qk-clustered");
                state.dense.set(Some(Arc::new(builder.finish())));
                state.clustering.set(false);
            });
        });
    }

    /// The search index, built on first use.
    pub fn search_index(&self) -> Arc<SearchIndex> {
        if let Some(index) = self.search.get_value() {
            return index;
        }
        let index = Arc::new(self.catalog.with_value(|c| SearchIndex::new(c)));
        self.search.set_value(Some(index.clone()));
        index
    }

    /// Back to the start: home view, the starting language, no filter, no
    /// selection, no tools, every layer on (the kiosk idle reset).
    pub fn reset(&self) {
        self.select(None);
        self.probe.set(None);
        self.tool.set(Tool::Browse);
        self.sketch.set(Sketch::new(SketchMode::Line));
        self.coverage_radius_m.set(None);
        self.close_panel();
        self.report_open.set(false);
        self.filter_text.set(String::new());
        self.visible.set([true; 6]);
        self.lang.set(self.home_lang.get_value());
        self.go_home();
    }

    /// Applies a host's starting options (layers, selection, view, filter).
    pub fn apply_options(&self, options: &EmbedOptions) {
        if let Some(layers) = &options.layers {
            let mut visible = [false; 6];
            for k in layers {
                visible[kind_index(*k)] = true;
            }
            // Context layers stay unless the host lists only context layers.
            self.visible.set(visible);
        }
        if let Some(id) = options.select.clone() {
            if self.catalog.with_value(|c| c.get(&id).is_some()) {
                self.select_quietly(Some(id));
            }
        }
        if let Some((center, zoom)) = options.view {
            self.camera_request
                .set(Some(CameraRequest::To { center, zoom }));
        }
        if let Some(f) = &options.filter {
            self.filter_text.set(f.clone());
        }
        self.share_base.set_value(options.share_base_url.clone());
        if options.data_url.is_some() {
            self.credits
                .set_value(DataCredits::Host(options.attribution.clone()));
        }
        self.kiosk.set_value(options.kiosk);
        self.basemap.set_value(options.basemap.clone());
    }

    /// The datum the map is drawn in: the basemap's, else WGS-84.
    pub fn display_datum(&self) -> Datum {
        self.basemap
            .with_value(|b| b.as_ref().map_or(Datum::Wgs84, |b| b.datum))
    }

    /// Cooperative gestures are on when the host says so, else whenever the
    /// widget is embedded (in an iframe or mounted into a host page) and not a kiosk.
    pub fn set_cooperative(&self, options: &EmbedOptions, embedded: bool) {
        let default = embedded && !options.kiosk;
        self.cooperative
            .set_value(options.cooperative_gestures.unwrap_or(default));
    }

    /// Selects a feature (or nothing) as the user's own act in the widget:
    /// the details open over the side panel and take focus. A selection
    /// replaces a probe point.
    pub fn select(&self, id: Option<String>) {
        self.focus_details.set_value(id.is_some());
        self.set_selection(id);
    }

    /// Selects for the host page or a link: the details open without taking
    /// focus from the page.
    pub fn select_quietly(&self, id: Option<String>) {
        self.focus_details.set_value(false);
        self.set_selection(id);
    }

    fn set_selection(&self, id: Option<String>) {
        if id.is_some() {
            self.probe.set(None);
            self.details_on_top.set(true);
            if self.selected.get_untracked() != id {
                self.sheet.set(SheetSize::Auto);
            }
        }
        if self.selected.get_untracked() != id {
            self.selected.set(id);
        }
    }

    /// Selects a feature and shows it in the part of the map the panels leave
    /// visible (search, the list, the story).
    pub fn show_feature(&self, id: &str) {
        self.select(Some(id.to_string()));
        self.camera_request
            .set(Some(CameraRequest::Feature(id.to_string())));
    }

    /// Asks about a point; it replaces the selection.
    pub fn probe_at(&self, p: LngLat) {
        self.selected.set(None);
        self.probe.set(Some(p));
    }

    /// Whether the selection's details are on screen (tracked): a panel opened
    /// after the selection hides them until it closes; the selection stays
    /// (on the map, in the permalink and the QR code).
    pub fn details_shown(&self) -> bool {
        self.selected.with(Option::is_some)
            && (self.side_panel.get() == SidePanel::None || self.details_on_top.get())
    }

    /// Whether a feature passes the filter (tracked).
    pub fn passes_filter(&self, f: &crate::core::model::Feature) -> bool {
        self.filter
            .with(|flt| self.catalog.with_value(|c| flt.matches(c, f)))
    }

    /// Opens `panel` in the side slot, over the details; closes it when it is
    /// the panel in front.
    pub fn toggle_panel(&self, panel: SidePanel) {
        let in_front = self.side_panel.get_untracked() == panel
            && !(self.details_on_top.get_untracked()
                && self.selected.with_untracked(Option::is_some));
        if in_front {
            self.close_panel();
        } else {
            self.side_panel.set(panel);
            self.details_on_top.set(false);
            self.report_open.set(false);
            self.sheet.set(SheetSize::Auto);
        }
    }

    /// Whether `panel` is the side panel in front (not hidden under the
    /// details of a later selection). Tracked.
    pub fn panel_in_front(&self, panel: SidePanel) -> bool {
        self.side_panel.get() == panel
            && !(self.details_on_top.get() && self.selected.with(Option::is_some))
    }

    /// Empties the side slot (the details, if any, show again).
    pub fn close_panel(&self) {
        self.side_panel.set(SidePanel::None);
        self.sheet.set(SheetSize::Auto);
    }

    /// Closes whatever the phone's sheet shows in front: the details of the
    /// selection (clearing it), else the side panel (a sheet swiped down).
    pub fn close_front_sheet(&self) {
        if self.details_shown_untracked() {
            self.select(None);
        } else {
            self.close_panel();
        }
    }

    fn details_shown_untracked(&self) -> bool {
        untrack(|| self.details_shown())
    }

    /// Whether a layer is shown (tracked).
    pub fn is_visible(&self, kind: FeatureKind) -> bool {
        let i = kind_index(kind);
        self.visible.with(|v| v[i])
    }

    /// Returns the camera to the whole zone, fitted into the part of the map
    /// the panels leave visible (measured at the next frame, after whatever
    /// closes with it, as in the kiosk reset).
    pub fn go_home(&self) {
        self.camera_request.set(Some(CameraRequest::Home));
    }

    /// A translated interface string (tracked on the language).
    pub fn t(&self, msg: Msg) -> &'static str {
        text(self.lang.get(), msg)
    }
}

/// Work between two yields while clustering, in milliseconds.
const CLUSTER_SLICE_MS: f64 = 8.0;

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// A mark on the page's performance timeline (the bench reads where the
/// first frame's time goes).
fn mark(name: &str) {
    if let Some(p) = window().performance() {
        let _ = p.mark(name);
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
pub fn view_limits(catalog: &Catalog, size: ScreenSize, display_datum: Datum) -> ViewLimits {
    let base = ViewLimits {
        display_datum,
        ..ViewLimits::default()
    };
    let Some(home) = catalog.home_bounds() else {
        return base;
    };
    let fit = Viewport::fitting(home, size, 24.0, base).zoom();
    ViewLimits {
        min_zoom: (fit - 2.0).max(2.0),
        max_zoom: 18.0,
        center_bounds: Some(home.padded(1.0)),
        display_datum,
    }
}

/// The camera that shows the whole zone inside the part of the map the
/// chrome leaves visible (`insets`).
pub fn home_view(
    catalog: &Catalog,
    size: ScreenSize,
    limits: ViewLimits,
    insets: ScreenInsets,
) -> Viewport {
    match catalog.home_bounds() {
        Some(b) => Viewport::fitting_in(b, size, insets, 24.0, limits),
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

/// The widget: the embedded `geojson`, or the host's data when
/// `options.data_url` is set (the map shows a loading line meanwhile).
#[component]
pub fn App(
    /// GeoJSON text to show when no data URL is given.
    geojson: &'static str,
    /// Starting language.
    lang: Lang,
    /// Host options (URL parameters, mount object or data attributes).
    #[prop(optional)]
    options: EmbedOptions,
    /// Keep the permalink in this page's URL hash (not when mounted into a host page).
    #[prop(optional)]
    use_hash: bool,
) -> impl IntoView {
    // The host's limits (URL or mount options), else the defaults.
    let limits = options.limits.clone();
    if options.data_url.is_none() && options.stress_points.is_none() {
        // The embedded data: small, built at once.
        let outcome = load_geojson(geojson, &limits);
        let catalog = Catalog::new(outcome.features);
        return view! {
            <Widget catalog=catalog report=outcome.report synthetic=None lang=lang options=options use_hash=use_hash />
        }
        .into_any();
    }
    // A host's file or the stress mode's points: built in slices with yields
    // between (a few tens of milliseconds each even for a million points),
    // then handed over, not cloned (a signal's `get` would copy every feature).
    let loaded = RwSignal::new(false);
    let camera = StoredValue::new(None::<(LngLat, f64)>);
    let slot = StoredValue::new(None::<(Catalog, LoadReport, Option<(usize, u64)>)>);
    let progress = RwSignal::new(None::<StreamProgress>);
    let options = StoredValue::new(options);
    leptos::task::spawn_local(async move {
        let mut outcome = match options.with_value(|o| o.data_url.clone()) {
            Some(url) => {
                let mut outcome =
                    crate::embed::host::fetch_geojson_streaming(&url, &limits, move |p| {
                        progress.set(Some(p))
                    })
                    .await;
                if outcome.report.loaded == 0 {
                    // Nothing of the host's file can be shown: keep the map
                    // the page had while it loaded (the line on the map and
                    // the data report say why).
                    outcome.features = context_features(geojson);
                }
                outcome
            }
            None => load_geojson(geojson, &limits),
        };
        let stress = options.get_value();
        let synthetic = add_stress_points(&mut outcome, &stress).await;
        let grouped = Catalog::group_layers(outcome.features);
        crate::embed::host::yield_to_event_loop().await;
        let catalog = Catalog::from_grouped(grouped);
        mark("qk-catalog-ready");
        crate::embed::host::yield_to_event_loop().await;
        slot.set_value(Some((catalog, outcome.report, synthetic)));
        loaded.set(true);
    });
    view! {
        {move || {
            if !loaded.get() {
                return view! {
                    <InterimMap geojson=geojson lang=lang progress=progress camera=camera />
                }
                .into_any();
            }
            let (catalog, report, synthetic) = slot
                .try_update_value(Option::take)
                .flatten()
                .unwrap_or_default();
            let mut options = options.get_value();
            // Where the user took the map while it loaded, unless the host set a view.
            if options.view.is_none() {
                options.view = camera.get_value();
            }
            view! {
                <Widget catalog=catalog report=report synthetic=synthetic lang=lang options=options use_hash=use_hash />
            }
            .into_any()
        }}
    }
    .into_any()
}

/// While a host's file or the stress points load: the zone and its districts
/// from the embedded data as a map one can already pan and zoom, with the
/// progress over it. Where the user moves the camera is kept in `camera` for
/// the loaded widget.
#[component]
fn InterimMap(
    geojson: &'static str,
    lang: Lang,
    progress: RwSignal<Option<StreamProgress>>,
    camera: StoredValue<Option<(LngLat, f64)>>,
) -> impl IntoView {
    let state = AppState::new(
        Catalog::new(context_features(geojson)),
        LoadReport::default(),
        lang,
    );
    provide_context(state);
    let fitted_view = StoredValue::new(None::<Viewport>);
    Effect::new(move |_| {
        let view = state.view.get();
        if !state.fitted.get_untracked() {
            return;
        }
        match fitted_view.get_value() {
            None => fitted_view.set_value(Some(view)),
            Some(first) if first != view => camera.set_value(Some((view.center(), view.zoom()))),
            Some(_) => {}
        }
    });
    view! {
        <div class="qk-app qk-interim">
            <div class="qk-layout">
                <header class="qk-header">
                    <h1 class="qk-title">{text(lang, Msg::AppTitle)}</h1>
                </header>
                <main class="qk-main">
                    <MapView />
                    <div class="qk-loading-overlay">
                        <LoadingProgress lang=lang progress=progress />
                    </div>
                </main>
            </div>
        </div>
    }
}

/// The context of the map: the zone and its districts from the embedded data.
fn context_features(geojson: &str) -> Vec<crate::core::model::Feature> {
    load_geojson(geojson, &Limits::default())
        .features
        .into_iter()
        .filter(|f| matches!(f.kind, FeatureKind::Zone | FeatureKind::District))
        .collect()
}

/// One line on the map when nothing of the data could be loaded: that it
/// could not and why, and the way to the data report.
#[component]
fn LoadFailedLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = state.report.get_value();
    let shown = crate::i18n::problems::load_failed_reason(Lang::En, &report).is_some();
    shown.then(move || {
        let line = move || {
            let lang = state.lang.get();
            let reason =
                crate::i18n::problems::load_failed_reason(lang, &report).unwrap_or_default();
            format!(
                "{}{}{reason}",
                text(lang, Msg::LoadFailed),
                lang.pick("：", ": ")
            )
        };
        let title = line.clone();
        // The open data report says it all, and in full: the line steps aside.
        view! {
            <p class="qk-load-failed" role="alert" hidden=move || state.report_open.get()>
                <span class="qk-load-failed-text" title=title>{line}</span>
                <button type="button" class="qk-load-failed-report"
                    on:click=move |_| state.report_open.set(true)>
                    {move || state.t(Msg::DataReport)}
                </button>
            </p>
        }
    })
}

/// What the page shows while a host's data downloads: the bytes and features
/// read so far, and a bar when the size is known.
#[component]
fn LoadingProgress(lang: Lang, progress: RwSignal<Option<StreamProgress>>) -> impl IntoView {
    view! {
        <div class="qk-loading" role="status">
            <p>{text(lang, Msg::Loading)}</p>
            {move || progress.get().map(|p| {
                let bar = p.bytes_expected.filter(|total| *total > 0).map(|total| view! {
                    <progress max=total.to_string() value=p.bytes_read.min(total).to_string()></progress>
                });
                view! {
                    {bar}
                    <p class="qk-loading-detail">
                        {crate::i18n::format::loading_progress(lang, p.bytes_read, p.features_loaded)}
                    </p>
                }
            })}
        </div>
    }
}

/// Stress mode: appends the seeded synthetic points the options ask for,
/// spread over the zone's box (else the data's, else the default view's).
/// Returns what was added, for the on-screen banner.
async fn add_stress_points(
    outcome: &mut LoadOutcome,
    options: &EmbedOptions,
) -> Option<(usize, u64)> {
    let n = options.stress_points?;
    let seed = options
        .stress_seed
        .unwrap_or(crate::embed::options::DEFAULT_STRESS_SEED);
    let bounds_of = |zone_only: bool| {
        outcome
            .features
            .iter()
            .filter(|f| !zone_only || f.kind == FeatureKind::Zone)
            .filter_map(|f| f.geometry.bounds())
            .reduce(LngLatBounds::union)
    };
    let bounds = bounds_of(true)
        .or_else(|| bounds_of(false))
        .unwrap_or(LngLatBounds {
            min: LngLat::lon_lat(125.05, 43.75),
            max: LngLat::lon_lat(125.35, 43.92),
        });
    let before = outcome.features.len();
    outcome.features.reserve(n);
    let mut points = synthetic_iter(n, seed, bounds);
    loop {
        let more = outcome.features.len();
        outcome
            .features
            .extend(points.by_ref().take(SYNTHETIC_SLICE));
        if outcome.features.len() == more {
            break;
        }
        crate::embed::host::yield_to_event_loop().await;
    }
    Some((outcome.features.len() - before, seed))
}

/// Synthetic points made between two yields (a few tens of milliseconds).
const SYNTHETIC_SLICE: usize = 50_000;

/// The loaded widget: state, host wiring and layout.
#[component]
fn Widget(
    /// The validated features.
    catalog: Catalog,
    /// What loading found.
    report: LoadReport,
    /// Synthetic points added (stress mode): count and seed.
    synthetic: Option<(usize, u64)>,
    lang: Lang,
    options: EmbedOptions,
    use_hash: bool,
) -> impl IntoView {
    let state = AppState::new(catalog, report, lang);
    mark("qk-state-ready");
    provide_context(state);
    state.apply_options(&options);
    state.synthetic.set_value(synthetic);
    state.track_dense_layer();
    let in_iframe = window()
        .parent()
        .ok()
        .flatten()
        .is_some_and(|p| p != window());
    state.set_cooperative(&options, in_iframe || !use_hash);
    if use_hash {
        crate::embed::host::sync_permalink(state);
    }
    crate::embed::host::connect_messages(state, options.allowed_origins.clone());

    // Keep the page's language in step, for screen readers and fonts.
    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        document().set_title(text(lang, Msg::AppTitle));
    });

    let layout = NodeRef::<leptos::html::Div>::new();
    crate::hooks::use_chrome(layout, state.map_el, state.chrome);
    // The phone's sheet height and the room it leaves, as CSS variables (set
    // through the CSSOM: allowed under a strict CSP, unlike style attributes).
    Effect::new(move |_| {
        let sheet = state.sheet.get();
        let bottom = state.chrome.with(|c| c.insets.bottom_px);
        let Some(el) = layout.get() else {
            return;
        };
        let style = web_sys::HtmlElement::style(&el);
        match sheet.css() {
            Some(h) => {
                let _ = style.set_property("--qk-sheet-h", &h);
            }
            None => {
                let _ = style.remove_property("--qk-sheet-h");
            }
        }
        let _ = style.set_property("--qk-inset-bottom", &format!("{bottom:.0}px"));
    });
    let note_input = move |modality: Modality| state.last_input.set_value(modality);
    let phone_tab_open = move |panel: SidePanel| state.panel_in_front(panel);

    Effect::new(|_| mark("qk-widget-rendered"));
    view! {
        <div
            class="qk-app"
            class:qk-kiosk=state.kiosk.get_value()
            class:qk-large=move || state.large_mode.get()
            data-ignored-messages=move || state.ignored_messages.get().to_string()
            on:pointerdown=move |_| note_input(Modality::Pointer)
            on:keydown=move |_| note_input(Modality::Keyboard)
        >
            <div
                class="qk-layout"
                node_ref=layout
                class:qk-tools-open=move || phone_tab_open(SidePanel::Tools)
                class:qk-layers-open=move || phone_tab_open(SidePanel::Layers)
                class:qk-sheet-sized=move || state.sheet.get() != SheetSize::Auto
                class:qk-sheet-full=move || state.sheet.get() == SheetSize::Full
            >
                <header class="qk-header">
                    <h1 class="qk-title">{move || state.t(Msg::AppTitle)}</h1>
                    <SearchBox />
                    <LangButton />
                </header>
                {synthetic.map(|(n, seed)| view! {
                    <p class="qk-synthetic-banner" role="note">
                        {move || crate::i18n::format::synthetic_banner(state.lang.get(), n, seed)}
                    </p>
                })}
                <Toolbar />
                <PanelTabs />
                <main class="qk-main">
                    <MapView />
                    <Controls />
                    <Legend />
                    <AnalysisPanel />
                    <StatsPanel />
                    <FilterPanel />
                    <FeatureList />
                    <SharePanel />
                    <StoryPanel />
                    <SameSpotPanel />
                    <MorePanel />
                    <Details />
                    <KioskGuard idle_seconds=options.idle_seconds.unwrap_or(120) />
                    <LoadFailedLine />
                    <DataReport />
                </main>
                <Attribution />
            </div>
        </div>
    }
}

/// Mounts a widget into `element` with the embedded default data unless the
/// options name a data URL. `use_hash` keeps the permalink in the page URL.
pub fn mount_with(element: web_sys::HtmlElement, options: EmbedOptions, use_hash: bool) {
    let lang = options.lang.unwrap_or_else(|| initial_lang(Some(&element)));
    leptos::mount::mount_to(element, move || {
        view! { <App geojson=crate::DEFAULT_DATA lang=lang options=options use_hash=use_hash /> }
    })
    .forget();
}

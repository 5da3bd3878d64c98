//! The layout: the loading view while a host's file arrives, then the widget
//! — header, tool bar and tabs, the map with its panels, the footer. The
//! state is `crate::state`; loading, mounting and browser plumbing have their
//! own modules (`load`, `mount`, `platform`, `host`).

use leptos::html::Div;
use leptos::prelude::*;

use crate::components::{
    analysis_panel::{analysis_chunk, analysis_open},
    attribution::Attribution,
    controls::{Controls, LangButton},
    data_report::report_chunk,
    dense_layer::tiles_chunk,
    details::details_chunk,
    feature_list::list_chunk,
    filter_panel::filters_chunk,
    kiosk::kiosk_chunk,
    lazy::{lazy_panel, lazy_panel_soon, lazy_part, lazy_part_soon, lazy_side_panel, Frame},
    legend::Legend,
    map_view::MapView,
    more_panel::MorePanel,
    same_spot::SameSpotPanel,
    search_box::{search_chunk, search_stand_in},
    share_panel::share_chunk,
    stats_panel::stats_chunk,
    story_panel::story_chunk,
    tabs::PanelTabs,
    toolbar::Toolbar,
};
use crate::core::catalog::Catalog;
use crate::core::coord::LngLat;
use crate::data::{LoadReport, StreamProgress};
use crate::embed::options::EmbedOptions;
use crate::host::{HostLink, Outbox};
use crate::i18n::{text, Lang, Msg};
use crate::load::{
    context_features, load_embedded, load_in_background, loads_in_background, progress_sink,
    BuiltIn, Loaded,
};
use crate::platform::mark;
use crate::state::{AppState, Modality, Setting, SidePanel};
use crate::view::sheet::SheetSize;

/// How long after start-up the widget fetches what the first view left out.
const PREFETCH_AFTER_MS: i32 = 1_000;

/// The widget: the built-in `data`, or the host's data when
/// `options.data_url` is set (a live context map with the progress meanwhile).
#[component]
pub fn App(
    /// The data to show when no data URL is given (and its zone as context
    /// while one loads); the data this build embeds when not given.
    #[prop(optional)]
    data: Option<BuiltIn>,
    /// Starting language.
    lang: Lang,
    /// Host options (URL parameters, mount object or data attributes).
    #[prop(optional)]
    options: EmbedOptions,
    /// Keep the permalink in this page's URL hash (not when mounted into a host page).
    #[prop(optional)]
    use_hash: bool,
    /// The tie to the host page (instance number, events, handle).
    #[prop(optional)]
    host: HostLink,
) -> impl IntoView {
    let data = data.unwrap_or_else(BuiltIn::embedded);
    if !loads_in_background(&options) {
        let loaded = load_embedded(data, &options.limits);
        return view! { <Widget loaded=loaded lang=lang options=options use_hash=use_hash host=host /> }
            .into_any();
    }
    let instance = host.instance;
    let host = StoredValue::new(host);
    let slot = StoredValue::new(None::<Loaded>);
    let ready = RwSignal::new(false);
    let camera = StoredValue::new(None::<(LngLat, f64)>);
    let progress = RwSignal::new(None::<StreamProgress>);
    let options = StoredValue::new(options);
    leptos::task::spawn_local(async move {
        let loaded = load_in_background(data, &options.get_value(), progress_sink(progress)).await;
        slot.set_value(Some(loaded));
        ready.set(true);
    });
    view! {
        {move || {
            if !ready.get() {
                return view! {
                    <InterimMap data=data lang=lang progress=progress camera=camera instance=instance heading=options.with_value(|o| o.heading.clone()) />
                }
                .into_any();
            }
            let Some(loaded) = slot.try_update_value(Option::take).flatten() else {
                return ().into_any();
            };
            let mut options = options.get_value();
            // Where the user took the map while it loaded, unless the host set a view.
            if options.view.is_none() {
                options.view = camera.get_value();
            }
            view! { <Widget loaded=loaded lang=lang options=options use_hash=use_hash host=host.get_value() /> }.into_any()
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
    data: BuiltIn,
    lang: Lang,
    progress: RwSignal<Option<StreamProgress>>,
    camera: StoredValue<Option<(LngLat, f64)>>,
    instance: u32,
    heading: Option<crate::embed::options::Heading>,
) -> impl IntoView {
    let state = AppState::new(
        Catalog::new(context_features(data)),
        LoadReport::default(),
        lang,
        &EmbedOptions {
            heading,
            ..EmbedOptions::default()
        },
        None,
        Setting {
            embedded: true,
            instance,
        },
    );
    provide_context(state);
    let fitted_view = StoredValue::new(None::<crate::view::viewport::Viewport>);
    Effect::new(move |_| {
        let view = state.camera.view.get();
        if !state.camera.fitted.get_untracked() {
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
                    <h1 class="qk-title">{state.ui.title(lang)}</h1>
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

/// One line on the map when nothing of the data could be loaded: that it
/// could not and why, and the way to the data report.
#[component]
fn LoadFailedLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = state.data.report.get_value();
    let shown = crate::i18n::problems::load_failed_reason(Lang::En, &report).is_some();
    shown.then(move || {
        let line = move || {
            let lang = state.ui.lang.get();
            let reason =
                crate::i18n::problems::load_failed_reason(lang, &report).unwrap_or_default();
            format!(
                "{}{}{reason}",
                text(lang, Msg::LoadFailed),
                lang.pick("：", ": ")
            )
        };
        let title = line.clone();
        failure_line(state, "qk-load-failed", title, line)
    })
}

/// A failure's line on the map: what failed (the full text as its title) and
/// the way to the data report. The open report says it all, and in full: the
/// line steps aside while it is open.
fn failure_line(
    state: AppState,
    class: &'static str,
    title: impl Fn() -> String + Send + Sync + 'static,
    line: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <p class=class role="alert" hidden=move || state.ui.report_open.get()>
            <span class="qk-load-failed-text" title=title>{line}</span>
            <button type="button" class="qk-load-failed-report"
                on:click=move |_| state.open_report()>
                {move || state.t(Msg::DataReport)}
            </button>
        </p>
    }
}

/// A tile source that cannot be opened is a bad `tiles` option: the host
/// hears of it as of a bad data URL (a `qikai:error` naming the option, and a
/// console warning), once.
fn tell_host_of_tile_failure(state: AppState, outbox: Outbox) {
    if !state.tiles.enabled() {
        return;
    }
    let told = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(detail) = state
            .tiles
            .stats
            .with(|s| s.source_failure().map(str::to_string))
        else {
            return;
        };
        if told.get_value() {
            return;
        }
        told.set_value(true);
        web_sys::console::warn_1(&format!("qikai-map: tile source not opened: {detail}").into());
        outbox.send(&crate::embed::messages::Event::Problem {
            option: Some("tiles".into()),
            message: detail,
        });
    });
}

/// One line on the map when the `tiles` source could not be opened (a wrong
/// URL, a server without range requests, not an archive): the widget then
/// shows only the page's data, and a portal team must see why at a glance.
#[component]
fn TilesFailedLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let source = state
        .tiles
        .source
        .map(|s| s.get_value().as_str().to_string())?;
    // The data's own failure line takes the place when both failed.
    let report = state.data.report.get_value();
    if crate::i18n::problems::load_failed_reason(Lang::En, &report).is_some() {
        return None;
    }
    let failure = move || {
        state
            .tiles
            .stats
            .with(|s| s.source_failure().map(str::to_string))
    };
    Some(move || {
        let detail = failure()?;
        let source = source.clone();
        let line = move || {
            let lang = state.ui.lang.get();
            format!(
                "{}{}{source}",
                text(lang, Msg::TilesSourceError),
                lang.pick("：", ": ")
            )
        };
        Some(failure_line(
            state,
            "qk-load-failed qk-tiles-failed",
            move || detail.clone(),
            line,
        ))
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

/// The loaded widget: state, host wiring and layout.
#[component]
fn Widget(
    loaded: Loaded,
    lang: Lang,
    options: EmbedOptions,
    use_hash: bool,
    host: HostLink,
) -> impl IntoView {
    let in_iframe = window()
        .parent()
        .ok()
        .flatten()
        .is_some_and(|p| p != window());
    let Loaded {
        catalog,
        report,
        synthetic,
    } = loaded;
    let state = AppState::new(
        catalog,
        report,
        lang,
        &options,
        synthetic,
        Setting {
            embedded: in_iframe || !use_hash,
            instance: host.instance,
        },
    );
    mark("qk-state-ready");
    provide_context(state);
    state.track_dense_layer();
    // Tiles (`state.track_tiles`) start when their chunk has arrived: see the view.
    if use_hash {
        crate::host::sync_permalink(state);
    }
    // A tap on the first view is the visitor's latest choice: it wins over
    // the link the page was opened with.
    if let Some(id) = host.first_view_pick.clone() {
        if state.data.has(&id) {
            state.select(Some(id));
        }
    }
    let outbox = Outbox::new(&host, options.allowed_origins.clone());
    crate::host::connect_messages(state, options.allowed_origins.clone(), outbox.clone());
    let source = options
        .data_url
        .clone()
        .unwrap_or_else(|| "embedded".to_string());
    tell_host_of_tile_failure(state, outbox.clone());
    host.attach(state, outbox, source);
    // What the first view's download left out and a visitor soon wants: the
    // pinyin table for search, fetched once the map is up and the link is
    // quiet (a search asks for it at once if it comes sooner; with the
    // browser's data saver on, only then).
    leptos::task::spawn_local(async {
        crate::platform::sleep_ms(PREFETCH_AFTER_MS).await;
        crate::platform::pinyin::prefetch();
    });

    // Keep the page's language in step, for screen readers and fonts: only
    // on a page the widget owns (a host's page keeps its own title and
    // language; the widget's root carries `lang` for its own text).
    if host.owns_page {
        Effect::new(move |_| {
            let lang = state.ui.lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            document().set_title(&state.ui.title(lang));
        });
    }

    let layout = NodeRef::<Div>::new();
    crate::hooks::use_chrome(layout, state.camera.map_el, move |c| state.set_chrome(c));
    // The phone's sheet height and the room it leaves, as CSS variables (set
    // through the CSSOM: allowed under a strict CSP, unlike style attributes).
    Effect::new(move |_| {
        let sheet = state.ui.sheet.get();
        let bottom = state.camera.chrome.with(|c| c.insets.bottom_px);
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
    let tab_open = move |panel: SidePanel| state.selection.panel_in_front(panel);
    // The details' code is fetched first and search's once it is here (or
    // when the search field is focused): a tap usually comes before a query,
    // and fetched together each waited for the other's requests.
    let details_code_settled = RwSignal::new(false);

    Effect::new(|_| mark("qk-widget-rendered"));
    view! {
        <div
            class="qk-app"
            lang=move || state.ui.lang.get().tag()
            class:qk-kiosk=state.ui.kiosk
            class:qk-large=move || state.ui.large.get()
            data-ignored-messages=move || state.ui.ignored_messages.get().to_string()
            on:pointerdown=move |_| state.ui.note_input(Modality::Pointer)
            on:keydown=move |_| state.ui.note_input(Modality::Keyboard)
        >
            <div
                class="qk-layout"
                node_ref=layout
                class:qk-tools-open=move || tab_open(SidePanel::Tools)
                class:qk-layers-open=move || tab_open(SidePanel::Layers)
                class:qk-sheet-sized=move || state.ui.sheet.get() != SheetSize::Auto
                class:qk-sheet-full=move || state.ui.sheet.get() == SheetSize::Full
            >
                <header class="qk-header">
                    <h1 class="qk-title">{move || state.title()}</h1>
                    {lazy_part_soon(search_stand_in, search_chunk, details_code_settled)}
                    <LangButton />
                </header>
                {synthetic.map(|(n, seed)| view! {
                    <p class="qk-synthetic-banner" role="note">
                        {move || crate::i18n::format::synthetic_banner(state.ui.lang.get(), n, seed)}
                    </p>
                })}
                <Toolbar />
                <PanelTabs />
                <main class="qk-main">
                    <MapView />
                    {state.tiles.enabled().then(|| lazy_part(|| true, tiles_chunk))}
                    <Controls />
                    <Legend />
                    {lazy_panel(
                        move || analysis_open(state),
                        Frame { class: "qk-chunk-analysis", title: Msg::Tools, side: None },
                        analysis_chunk,
                    )}
                    {lazy_side_panel(SidePanel::Stats, Msg::Statistics, stats_chunk)}
                    {lazy_side_panel(SidePanel::Filters, Msg::Filters, filters_chunk)}
                    {lazy_side_panel(SidePanel::List, Msg::List, list_chunk)}
                    {lazy_side_panel(SidePanel::Share, Msg::ContinueOnPhone, share_chunk)}
                    {lazy_side_panel(SidePanel::Story, Msg::Story, story_chunk)}
                    <SameSpotPanel />
                    <MorePanel />
                    {lazy_panel_soon(
                        move || state.selection.details_shown(),
                        Frame { class: "qk-chunk-details", title: Msg::Details, side: None },
                        details_chunk,
                        details_code_settled,
                    )}
                    {state.ui.kiosk.then(|| lazy_part(|| true, kiosk_chunk))}
                    <LoadFailedLine />
                    <TilesFailedLine />
                    {lazy_panel(
                        move || state.ui.report_open.get(),
                        Frame { class: "qk-chunk-report", title: Msg::DataReport, side: None },
                        report_chunk,
                    )}
                </main>
                <Attribution />
            </div>
        </div>
    }
}

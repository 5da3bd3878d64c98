//! The details panel of the selected feature (a bottom sheet on phones).
//! Everything from the data is rendered as text; links only when http(s).

use leptos::html::H2;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::analysis_panel::NearestList;
use super::feature_name;
use super::illustrative::IllustrativeMark;
use super::lazy::split_point;
use super::sheet::SheetHandle;
use super::symbol_swatch::SymbolSwatch;
use crate::core::model::FeatureKind;
use crate::core::park::park_summary;
use crate::embed::qr::qr_svg;
use crate::i18n::details::{facts, names, note, url_host};
use crate::i18n::{format, text, Msg};
use crate::state::{AppState, Modality};

/// A field that raises a phone's keyboard when focused.
fn is_text_field(el: &web_sys::Element) -> bool {
    matches!(
        el.tag_name().to_ascii_lowercase().as_str(),
        "input" | "textarea"
    ) || el.has_attribute("contenteditable")
}

/// Focuses an HTML or SVG element.
fn focus_element(el: &web_sys::Element) {
    if let Some(html) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = html.focus();
    } else if let Some(svg) = el.dyn_ref::<web_sys::SvgElement>() {
        let _ = svg.focus();
    }
}

/// Details of the selected feature; takes focus on open and gives it back on close.
#[component]
pub fn Details() -> impl IntoView {
    let state = expect_context::<AppState>();
    let heading = NodeRef::<H2>::new();
    // An Element, not an HtmlElement: map features are SVG elements.
    let return_focus = StoredValue::new(None::<SendWrapper<web_sys::Element>>);

    let nearest = state.derived.nearest;
    let kiosk = state.ui.kiosk;

    let selected = Memo::new(move |_| {
        let id = state.selection.selected.get()?;
        state
            .data
            .catalog
            .with_value(|c| c.get(&id).cloned())
            .or_else(|| state.tiles.picked(&id))
    });

    // The details take focus when the user selected in the widget (a screen
    // reader hears the name); a selection by the host page or a link leaves
    // the page's focus where it is.
    Effect::new(move |_| {
        if selected.with(Option::is_some)
            && state.selection.details_shown()
            && state.selection.focus_on_open()
        {
            if return_focus.with_value(Option::is_none) {
                let active = document().active_element();
                return_focus.set_value(active.map(SendWrapper::new));
            }
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
    });

    // Closing gives focus back where it makes sense for the hand in use: to
    // the element the keyboard user came from; after a touch or a click to the
    // map, never to a text field (a phone would raise its keyboard and the
    // search would open its results again).
    let close = move || {
        state.select(None);
        let came_from = return_focus.try_update_value(Option::take).flatten();
        let keyboard = state.ui.last_input() == Modality::Keyboard;
        match came_from {
            Some(el) if keyboard || !is_text_field(&el) => focus_element(&el),
            _ => {
                if let Some(map) = state.camera.map_el.get_untracked() {
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = map.focus_with_options(&options);
                }
            }
        }
    };

    view! {
        <Show when=move || state.selection.details_shown()>
            <div
                class="qk-details qk-panel"
                data-qk-dock="auto"
                role="dialog"
                aria-labelledby=state.ui.id("details-title")
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.stop_propagation();
                        close();
                    }
                }
            >
                {move || {
                    let lang = state.ui.lang.get();
                    selected
                        .get()
                        .map(|f| {
                            let (primary, secondary) = names(lang, &f);
                            let other_lang = lang.other().tag();
                            let schematic = f.position_accuracy.is_schematic();
                            let note = note(lang, &f);
                            let facts = facts(lang, &f);
                            let milestones = f.milestones.clone();
                            let source = f.source.clone();
                            let link = f.source_url.clone();
                            let park = matches!(f.kind, FeatureKind::Park)
                                .then(|| {
                                    state.data.catalog.with_value(|c| {
                                        state.data.stations.with_value(|s| park_summary(c, s, &f))
                                    })
                                })
                                .flatten();
                            let park_view = park.map(|p| {
                                let names: Vec<String> = state.data.catalog.with_value(|c| {
                                    p.project_ids.iter().filter_map(|id| c.get(id).map(|f| feature_name(lang, f))).collect()
                                });
                                view! {
                                    <h3 class="qk-subtitle">{text(lang, Msg::DrawnOutline)}</h3>
                                    <IllustrativeMark lang=lang />
                                    <dl class="qk-facts qk-park-summary">
                                        <dt>{text(lang, Msg::DrawnOutlineArea)}</dt>
                                        <dd>{format::area(lang, p.area_m2)}</dd>
                                        <dt>{text(lang, Msg::Perimeter)}</dt>
                                        <dd>{format::length(lang, p.perimeter_m)}</dd>
                                        <dt>{text(lang, Msg::ProjectsInside)}</dt>
                                        <dd>{if names.is_empty() { "—".to_string() } else { names.join(text(lang, Msg::ListSeparator)) }}</dd>
                                        {(p.investment_inside_yuan > 0.0).then(|| view! {
                                            <dt>{text(lang, Msg::InvestmentInside)}</dt>
                                            <dd>{format::yuan(lang, p.investment_inside_yuan)}</dd>
                                        })}
                                        {p.nearest_station.map(|n| view! {
                                            <dt>{text(lang, Msg::NearestStationFromCentroid)}</dt>
                                            <dd>{format::length(lang, n.distance_m)}</dd>
                                        })}
                                    </dl>
                                }
                            });
                            let show_nearest = matches!(f.kind, FeatureKind::Park | FeatureKind::Project | FeatureKind::Landmark);
                            view! {
                                <SheetHandle />
                                <header class="qk-details-head">
                                    <SymbolSwatch kind=f.kind />
                                    <div>
                                        <h2 id=state.ui.id("details-title") class="qk-details-title" tabindex="-1" node_ref=heading>
                                            {primary}
                                        </h2>
                                        {secondary.map(|alt| view! {
                                            <p class="qk-details-alt" lang=other_lang>{alt}</p>
                                        })}
                                    </div>
                                    <button type="button" class="qk-btn qk-close" aria-label=text(lang, Msg::Close) on:click=move |_| close()>
                                        <span aria-hidden="true">"×"</span>
                                    </button>
                                </header>
                                {schematic.then(|| view! {
                                    <p class="qk-schematic-badge">{text(lang, Msg::Schematic)}</p>
                                })}
                                <dl class="qk-facts">
                                    {facts.into_iter().map(|row| view! {
                                        <dt>{row.label}</dt>
                                        <dd class:qk-figure=row.figure>{row.value}</dd>
                                    }).collect_view()}
                                </dl>
                                {park_view}
                                {show_nearest.then(|| view! {
                                    <h3 class="qk-subtitle">{text(lang, Msg::NearestStations)}</h3>
                                    <NearestList nearest=nearest lang=lang />
                                })}
                                {(!milestones.is_empty()).then(|| view! {
                                    <h3 class="qk-subtitle">{text(lang, Msg::Milestones)}</h3>
                                    <ul class="qk-milestones">
                                        {milestones.into_iter().map(|m| view! {
                                            <li>
                                                <time datetime=m.date.clone()>{format::date(lang, &m.date)}</time>
                                                " "
                                                {lang.pick(&m.event_zh, &m.event_en).to_string()}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                {note.map(|n| view! {
                                    <h3 class="qk-subtitle">{text(lang, Msg::Note)}</h3>
                                    <p class="qk-note">{n}</p>
                                })}
                                {(!source.is_empty() || link.is_some()).then(|| view! {
                                    <h3 class="qk-subtitle">{text(lang, Msg::Source)}</h3>
                                    {(!source.is_empty()).then(|| view! { <blockquote class="qk-source" lang="zh-CN">{source.clone()}</blockquote> })}
                                    {link.map(|url| {
                                        let host = url_host(&url).to_string();
                                        if kiosk {
                                            // A link would leave the kiosk: the address as text
                                            // and a code to open it on one's own phone.
                                            let code = qr_svg(&url);
                                            return view! {
                                                <p class="qk-source-link qk-source-text">{text(lang, Msg::SourceLink)} ": " <span class="qk-url">{url.clone()}</span></p>
                                                {code.map(|q| view! {
                                                    <svg class="qk-qr qk-source-qr" viewBox=q.view_box() width="140" height="140" role="img"
                                                        aria-label=text(lang, Msg::SourceQr) shape-rendering="crispEdges">
                                                        <rect x="-4" y="-4" width=format!("{}", q.size + 8) height=format!("{}", q.size + 8) fill="#fff" />
                                                        <path d=q.path.clone() fill="#000" />
                                                    </svg>
                                                })}
                                            }.into_any();
                                        }
                                        view! {
                                            <p class="qk-source-link">
                                                <a href=url target="_blank" rel="noopener noreferrer">
                                                    {text(lang, Msg::SourceLink)}
                                                </a>
                                                " (" {host} ")"
                                            </p>
                                        }.into_any()
                                    })}
                                })}
                            }
                        })
                }}
            </div>
        </Show>
    }
}

fn render() -> AnyView {
    view! { <Details /> }.into_any()
}

// The details panel is its own wasm chunk (issue 16), fetched as soon as the
// widget has mounted (`lazy_panel_soon`): the map is in use before it, and a
// tap rarely comes before its round trip.
split_point!(pub fn details_chunk => details, render);

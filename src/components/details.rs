//! The details panel of the selected feature (a bottom sheet on phones).
//! Everything from the data is rendered as text; links only when http(s).

use leptos::html::H2;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use super::symbol_swatch::SymbolSwatch;
use crate::app::AppState;
use crate::core::model::Feature;
use crate::i18n::{
    accuracy_text, category_name, format, kind_singular, status_name, text, Lang, Msg,
};

/// The host part of a URL, shown next to a link so users see where it goes.
pub fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn figure_rows(lang: Lang, f: &Feature) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let fig = &f.figures;
    if let Some(v) = fig.investment_yuan {
        rows.push((text(lang, Msg::Investment), format::yuan(lang, v)));
    }
    if let Some(v) = fig.land_area_m2 {
        rows.push((text(lang, Msg::LandArea), format::area(lang, v)));
    }
    if let Some(v) = fig.building_area_m2 {
        rows.push((text(lang, Msg::BuildingArea), format::area(lang, v)));
    }
    if let Some(v) = fig.capacity_vehicles_per_year {
        rows.push((
            text(lang, Msg::Capacity),
            format::vehicles_per_year(lang, v),
        ));
    }
    rows
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

    let selected = Memo::new(move |_| {
        let id = state.selected.get()?;
        state.catalog.with_value(|c| c.get(&id).cloned())
    });

    Effect::new(move |_| {
        if selected.with(Option::is_some) {
            if return_focus.with_value(Option::is_none) {
                let active = document().active_element();
                return_focus.set_value(active.map(SendWrapper::new));
            }
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
    });

    let close = move || {
        state.selected.set(None);
        if let Some(el) = return_focus.try_update_value(Option::take).flatten() {
            focus_element(&el);
        }
    };

    view! {
        <Show when=move || selected.with(Option::is_some)>
            <aside
                class="qk-details qk-panel"
                role="dialog"
                aria-labelledby="qk-details-title"
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        ev.stop_propagation();
                        close();
                    }
                }
            >
                {move || {
                    let lang = state.lang.get();
                    selected
                        .get()
                        .map(|f| {
                            let (primary, secondary) = match lang {
                                Lang::Zh => (f.name_zh.clone(), f.name_en.clone()),
                                Lang::En => (f.name_en.clone(), f.name_zh.clone()),
                            };
                            let other_lang = lang.other().tag();
                            let schematic = f.position_accuracy.is_schematic();
                            let note = match lang {
                                Lang::Zh => f.note_zh.clone(),
                                Lang::En => f.note_en.clone(),
                            };
                            let rows = figure_rows(lang, &f);
                            let milestones = f.milestones.clone();
                            let source = f.source.clone();
                            let link = f.source_url.clone();
                            view! {
                                <header class="qk-details-head">
                                    <SymbolSwatch kind=f.kind />
                                    <div>
                                        <h2 id="qk-details-title" class="qk-details-title" tabindex="-1" node_ref=heading>
                                            {primary}
                                        </h2>
                                        {(secondary != f.name_zh || lang == Lang::Zh).then(|| view! {
                                            <p class="qk-details-alt" lang=other_lang>{secondary.clone()}</p>
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
                                    <dt>{text(lang, Msg::Kind)}</dt>
                                    <dd>{kind_singular(lang, f.kind)}</dd>
                                    {f.category.as_ref().map(|c| view! {
                                        <dt>{text(lang, Msg::Category)}</dt>
                                        <dd>{category_name(lang, c)}</dd>
                                    })}
                                    <dt>{text(lang, Msg::Status)}</dt>
                                    <dd>{status_name(lang, f.status)}</dd>
                                    {rows.into_iter().map(|(label, value)| view! {
                                        <dt>{label}</dt>
                                        <dd class="qk-figure">{value}</dd>
                                    }).collect_view()}
                                    <dt>{text(lang, Msg::PositionAccuracy)}</dt>
                                    <dd>{accuracy_text(lang, f.position_accuracy)}</dd>
                                </dl>
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
                                        view! {
                                            <p class="qk-source-link">
                                                <a href=url target="_blank" rel="noopener noreferrer">
                                                    {text(lang, Msg::SourceLink)}
                                                </a>
                                                " (" {host} ")"
                                            </p>
                                        }
                                    })}
                                })}
                            }
                        })
                }}
            </aside>
        </Show>
    }
}

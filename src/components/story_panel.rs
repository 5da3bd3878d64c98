//! The article's story: its 2023 timeline and headline figures, each with the
//! sentence it comes from; items about a mapped feature link to it.

use leptos::prelude::*;

use super::lazy::split_point;

use super::attribution::WithArticleTitle;
use super::side_panel::SidePanelHeader;

use super::search_box::go_to_feature;
use super::stats_panel::CitedFigures;
use crate::i18n::{format, text, Lang, Msg};
use crate::state::{AppState, SidePanel};
use crate::story::{ATTRACTED_2023, ATTRACTED_SOURCE, EXPO_NOTES, TIMELINE};

/// The story panel (in the side slot).
#[component]
pub fn StoryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let lang = state.ui.lang.get();
        let items = TIMELINE
            .iter()
            .map(|t| {
                view! {
                    <li class="qk-timeline-item">
                        <time datetime=t.date>{format::date(lang, t.date)}</time>
                        <p class="qk-timeline-event">{lang.pick(t.event_zh, t.event_en).to_string()}</p>
                        {t.caveat.map(|(zh, en)| view! { <p class="qk-caveat">{lang.pick(zh, en).to_string()}</p> })}
                        <blockquote class="qk-source" lang="zh-CN">{t.source}</blockquote>
                        // A link only to what this map has (a portal's own data may not).
                        {t.feature_id.filter(|id| state.data.catalog.with_value(|c| c.get(id).is_some())).map(|id| view! {
                            <button type="button" class="qk-link qk-show-on-map" data-feature-id=id
                                on:click=move |_| go_to_feature(state, id)>{text(lang, Msg::ShowOnMap)}</button>
                        })}
                    </li>
                }
            })
            .collect_view();
        // The article attracts these to Changchun, not to the zone: only those a cited
        // source places in the zone are on the map; the others are listed here.
        let attracted = ATTRACTED_2023
            .iter()
            .map(|firm| {
                let (name, other) = match lang {
                    Lang::Zh => (firm.name_zh, firm.name_en),
                    Lang::En => (firm.name_en, firm.name_zh),
                };
                // A link only to what this map has (a portal's own data may not).
                let on_map = firm
                    .feature_id
                    .filter(|id| state.data.catalog.with_value(|c| c.get(id).is_some()));
                let place = match on_map {
                    Some(id) => view! {
                        <span class="qk-hint">{lang.pick(firm.link_zh, firm.link_en).to_string()}</span>
                        " "
                        <button type="button" class="qk-link qk-show-on-map" data-feature-id=id
                            on:click=move |_| go_to_feature(state, id)>{text(lang, Msg::ShowOnMap)}</button>
                    }
                    .into_any(),
                    None => view! { <span class="qk-hint qk-city-wide">{text(lang, Msg::CityWideSiteUnpublished)}</span> }.into_any(),
                };
                view! {
                    <li class="qk-attracted-item" data-on-map=if firm.feature_id.is_some() { "true" } else { "false" }>
                        <strong>{name}</strong>
                        " "
                        <span class="qk-details-alt" lang=lang.other().tag()>{other}</span>
                        " · "
                        {place}
                    </li>
                }
            })
            .collect_view();
        let expo = EXPO_NOTES
            .iter()
            .map(|n| {
                view! {
                    <li data-key=n.key>
                        <p>{lang.pick(n.text_zh, n.text_en).to_string()}</p>
                        <blockquote class="qk-source" lang="zh-CN">{n.source}</blockquote>
                    </li>
                }
            })
            .collect_view();
        view! {
            <SidePanelHeader title_id="story-title" title=Msg::Story lang=lang />
            <p class="qk-hint"><WithArticleTitle text=text(lang, Msg::StoryIntro) /></p>
            <h3 class="qk-subtitle">{text(lang, Msg::Timeline2023)}</h3>
            <ol class="qk-timeline">{items}</ol>
            <h3 class="qk-subtitle">{text(lang, Msg::Attracted2023)}</h3>
            <ul class="qk-attracted">{attracted}</ul>
            <blockquote class="qk-source" lang="zh-CN">{ATTRACTED_SOURCE}</blockquote>
            <h3 class="qk-subtitle">{text(lang, Msg::AtTheExpo)}</h3>
            <ul class="qk-expo">{expo}</ul>
            <h3 class="qk-subtitle">{text(lang, Msg::CitedFigures)}</h3>
            <CitedFigures lang=lang />
        }
    };
    view! {
        <Show when=move || state.selection.side_panel.get() == Some(SidePanel::Story)>
            <aside class="qk-side qk-story qk-panel" class:qk-behind=move || !state.selection.panel_in_front(SidePanel::Story) data-qk-dock="auto" aria-labelledby=state.ui.id("story-title")>{body}</aside>
        </Show>
    }
}

fn render() -> AnyView {
    view! { <StoryPanel /> }.into_any()
}

// The article's story panel is its own wasm chunk (issue 16): the first view does not need it.
split_point!(pub fn story_chunk => story, render);

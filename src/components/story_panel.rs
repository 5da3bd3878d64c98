//! The article's story: its 2023 timeline and headline figures, each with the
//! sentence it comes from; items about a mapped feature link to it.

use leptos::prelude::*;

use super::side_panel::SidePanelHeader;

use super::search_box::go_to_feature;
use super::stats_panel::CitedFigures;
use crate::app::{AppState, SidePanel};
use crate::i18n::{format, text, Msg};
use crate::story::TIMELINE;

/// The story panel (in the side slot).
#[component]
pub fn StoryPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let lang = state.lang.get();
        let items = TIMELINE
            .iter()
            .map(|t| {
                view! {
                    <li class="qk-timeline-item">
                        <time datetime=t.date>{format::date(lang, t.date)}</time>
                        <p class="qk-timeline-event">{lang.pick(t.event_zh, t.event_en).to_string()}</p>
                        <blockquote class="qk-source" lang="zh-CN">{t.source}</blockquote>
                        // A link only to what this map has (a portal's own data may not).
                        {t.feature_id.filter(|id| state.catalog.with_value(|c| c.get(id).is_some())).map(|id| view! {
                            <button type="button" class="qk-link qk-show-on-map" data-feature-id=id
                                on:click=move |_| go_to_feature(state, id)>{text(lang, Msg::ShowOnMap)}</button>
                        })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <SidePanelHeader title_id="qk-story-title" title=Msg::Story lang=lang />
            <p class="qk-hint">{text(lang, Msg::StoryIntro)}</p>
            <h3 class="qk-subtitle">{text(lang, Msg::Timeline2023)}</h3>
            <ol class="qk-timeline">{items}</ol>
            <h3 class="qk-subtitle">{text(lang, Msg::CitedFigures)}</h3>
            <CitedFigures lang=lang />
        }
    };
    view! {
        <Show when=move || state.side_panel.get() == SidePanel::Story>
            <aside class="qk-side qk-story qk-panel" class:qk-behind=move || !state.panel_in_front(SidePanel::Story) data-qk-dock="auto" aria-labelledby="qk-story-title">{body}</aside>
        </Show>
    }
}

//! Statistics from the loaded data, and, apart from them, the article's cited
//! city-wide figures with their source sentences.

use leptos::prelude::*;

use super::feature_name;
use super::lazy::split_point;
use super::side_panel::SidePanelHeader;

use crate::core::stats::catalog_stats;
use crate::i18n::{category_name, fill, format, kind_name, status_name, text, Lang, Msg};
use crate::state::{AppState, SidePanel};
use crate::story::{CitedValue, HEADLINE_FIGURES};

fn cited_value(lang: Lang, v: CitedValue) -> String {
    match v {
        CitedValue::Count(n) => format::group_digits(n, 0),
        CitedValue::Yuan(y) => format::yuan(lang, y),
        // 万 only where the article itself rounds (155.8万辆); a count it states
        // exactly (11465辆) stays exact.
        CitedValue::Vehicles(n) => match lang {
            Lang::Zh if n >= 1e4 && n % 100.0 == 0.0 => {
                format!("{} 万辆", format::group_digits(n / 1e4, 2))
            }
            Lang::Zh => format!("{} 辆", format::group_digits(n, 0)),
            Lang::En => format!("{} vehicles", format::group_digits(n, 0)),
        },
        CitedValue::Percent(p) => format!("{}%", format::group_digits(p, 1)),
        CitedValue::Text(zh, en) => lang.pick(zh, en).to_string(),
    }
}

/// The article's headline figures, each with its source sentence.
#[component]
pub fn CitedFigures(lang: Lang) -> impl IntoView {
    view! {
        <ul class="qk-cited">
            {HEADLINE_FIGURES.iter().map(|f| view! {
                <li data-key=f.key class:qk-cited-outside=f.outside_zone>
                    <span class="qk-cited-label">{lang.pick(f.label_zh, f.label_en).to_string()}</span>
                    " "
                    <strong class="qk-figure">{cited_value(lang, f.value)}</strong>
                    {f.outside_zone.then(|| view! { <span class="qk-outside-tag">{text(lang, Msg::OutsideZone)}</span> })}
                    <blockquote class="qk-source" lang="zh-CN">{f.source}</blockquote>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Names (at most a handful) of the features the investment sum adds up.
fn investment_note(lang: Lang, ids: &[String]) -> String {
    const NAMED: usize = 8;
    let state = expect_context::<AppState>();
    let mut names: Vec<String> = state.data.catalog.with_value(|c| {
        ids.iter()
            .take(NAMED)
            .filter_map(|id| c.get(id).map(|f| feature_name(lang, f)))
            .collect()
    });
    if ids.len() > NAMED {
        names.push("…".into());
    }
    fill(
        text(lang, Msg::InvestmentTotalNote),
        &[
            ("n", ids.len().to_string()),
            ("names", names.join(text(lang, Msg::ListSeparator))),
        ],
    )
}

/// The statistics panel.
#[component]
pub fn StatsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let stats = state.data.catalog.with_value(|c| catalog_stats(c));
    view! {
        <Show when=move || state.selection.side_panel.get() == Some(SidePanel::Stats)>
            <aside class="qk-side qk-stats qk-panel" class:qk-behind=move || !state.selection.panel_in_front(SidePanel::Stats) data-qk-dock="auto" aria-labelledby=state.ui.id("stats-title")>
                {
                    let stats = stats.clone();
                    move || {
                        let lang = state.ui.lang.get();
                        let count_rows = |rows: Vec<(String, usize)>| {
                            rows.into_iter()
                                .map(|(k, n)| view! { <dt>{k}</dt><dd class="qk-figure">{n}</dd> })
                                .collect_view()
                        };
                        let kinds = stats.by_kind.iter().map(|(k, n)| (kind_name(lang, *k).to_string(), *n)).collect();
                        let cats = stats.by_category.iter().map(|(c, n)| (category_name(lang, c), *n)).collect();
                        let statuses = stats.by_status.iter().map(|(s, n)| (status_name(lang, *s).to_string(), *n)).collect();
                        view! {
                            <SidePanelHeader title_id="stats-title" title=Msg::Statistics lang=lang />
                            <h3 class="qk-subtitle">{text(lang, Msg::ComputedFromData)}</h3>
                            <dl class="qk-facts qk-stats-kinds">{count_rows(kinds)}</dl>
                            <dl class="qk-facts qk-stats-categories">{count_rows(cats)}</dl>
                            <dl class="qk-facts qk-stats-statuses">{count_rows(statuses)}</dl>
                            // A paragraph, not a two-column row: the label says what it sums, and is long.
                            <p class="qk-investment-sum">
                                {text(lang, Msg::InvestmentTotal)} {lang.pick("：", ": ")}
                                <strong class="qk-figure qk-investment-total">{format::yuan(lang, stats.investment_total_yuan)}</strong>
                            </p>
                            <p class="qk-hint qk-investment-note">{investment_note(lang, &stats.investment_ids)}</p>
                            {state.ui.story.then(|| view! {
                                <h3 class="qk-subtitle">{text(lang, Msg::CitedFigures)}</h3>
                                <CitedFigures lang=lang />
                            })}
                        }
                    }
                }
            </aside>
        </Show>
    }
}

fn render() -> AnyView {
    view! { <StatsPanel /> }.into_any()
}

// The statistics panel is its own wasm chunk (issue 16): the first view does not need it.
split_point!(pub fn stats_chunk => stats, render);

//! The list twin of the map: every feature that passes the filters, sortable
//! by name (pinyin order in Chinese), investment or distance to the nearest
//! swap station. Selecting in the list selects on the map and the reverse.

use leptos::prelude::*;

use super::lazy::split_point;

use super::side_panel::SidePanelHeader;

use super::feature_name;
use super::illustrative::IllustrativeMark;
use super::search_box::go_to_feature;
use crate::core::filter::is_context;
use crate::core::model::{Feature, FeatureKind};
use crate::core::search::pinyin_sort_key;
use crate::core::stations::anchor_point;
use crate::i18n::{fill, format, kind_singular, text, Lang, Msg};
use crate::platform::pinyin;
use crate::state::{AppState, SidePanel};

/// How the list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortKey {
    Name,
    Investment,
    Distance,
}

/// One row.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: String,
    /// Position in the catalog.
    position: usize,
    kind: FeatureKind,
    name: String,
    sort_name: String,
    investment: Option<f64>,
    distance_m: Option<f64>,
    schematic: bool,
}

/// Rows the list shows at most.
pub const LIST_LIMIT: usize = 200;

/// The list panel (in the side slot).
#[component]
pub fn FeatureList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let sort = RwSignal::new(SortKey::Name);
    // The distance to the nearest other swap station (a Karney geodesic each):
    // for every row only when sorting by it, else just for the rows shown.
    let distance_of = move |f: &Feature| {
        let skip = usize::from(f.kind == FeatureKind::SwapStation);
        anchor_point(&f.geometry).and_then(|p| {
            state
                .data
                .stations
                .with_value(|s| s.nearest(p, 1 + skip).get(skip).map(|n| n.distance_m))
        })
    };
    // The list in Chinese needs the pinyin table (fetched in the release build).
    Effect::new(move |_| {
        if state.ui.lang.get() == Lang::Zh {
            pinyin::request();
        }
    });
    let rows = Memo::new(move |_| {
        let lang = state.ui.lang.get();
        let key = sort.get();
        if lang == Lang::Zh {
            // Chinese names sort by pinyin: sorted again once the table is here.
            let _ = pinyin::ready();
        }
        let mut rows: Vec<Row> = state.layers.filter.with(|flt| {
            state.data.catalog.with_value(|c| {
                c.features()
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !is_context(f.kind) && flt.matches(c, f))
                    .map(|(position, f)| Row {
                        id: f.id.clone(),
                        position,
                        kind: f.kind,
                        name: feature_name(lang, f),
                        sort_name: match lang {
                            Lang::Zh => pinyin_sort_key(&f.name_zh),
                            Lang::En => f.name_en.to_lowercase(),
                        },
                        investment: f.figures.investment_yuan,
                        distance_m: (key == SortKey::Distance).then(|| distance_of(f)).flatten(),
                        schematic: f.position_accuracy.is_schematic(),
                    })
                    .collect()
            })
        });
        match key {
            SortKey::Name => rows.sort_by(|a, b| a.sort_name.cmp(&b.sort_name)),
            // Largest first; features without a figure last.
            SortKey::Investment => rows.sort_by(|a, b| {
                b.investment
                    .unwrap_or(-1.0)
                    .total_cmp(&a.investment.unwrap_or(-1.0))
                    .then(a.sort_name.cmp(&b.sort_name))
            }),
            SortKey::Distance => rows.sort_by(|a, b| {
                a.distance_m
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.distance_m.unwrap_or(f64::INFINITY))
            }),
        }
        if key != SortKey::Distance {
            state.data.catalog.with_value(|c| {
                for row in rows.iter_mut().take(LIST_LIMIT) {
                    row.distance_m = c.features().get(row.position).and_then(distance_of);
                }
            });
        }
        rows
    });

    // Plain values, not per-row reactive closures: the body is rebuilt on
    // every sort, filter, language and selection change anyway, and each
    // rebuild of per-row closures leaked wasm memory (issue 7 soak: about
    // 2.5 KB per rebuild, found by tests/e2e/soak.mjs).
    let body = move || {
        let lang = state.ui.lang.get();
        let current_sort = sort.get();
        let selected = state.selection.selected.get();
        let sort_button = move |key: SortKey, msg: Msg| {
            view! {
                <button type="button" class="qk-btn qk-chip qk-sort" data-sort=format!("{key:?}").to_lowercase()
                    aria-pressed=if current_sort == key { "true" } else { "false" }
                    on:click=move |_| sort.set(key)>{text(lang, msg)}</button>
            }
        };
        let total = rows.with(Vec::len);
        // Distances to schematic stations are illustrative: say so once, above the rows.
        let shows_distances = rows.with(|r| {
            r.iter()
                .take(LIST_LIMIT)
                .any(|row| row.distance_m.is_some())
        });
        let items = rows
            .get()
            .into_iter()
            // A node per feature would stall the page on a portal's 100,000
            // points: the first rows in the chosen order, and a note.
            .take(LIST_LIMIT)
            .map(|row| {
                let id = row.id.clone();
                let current = (selected.as_deref() == Some(row.id.as_str())).then_some("true");
                let mut facts = vec![kind_singular(lang, row.kind).to_string()];
                if let Some(v) = row.investment {
                    facts.push(format::yuan(lang, v));
                }
                if let Some(d) = row.distance_m {
                    facts.push(format!(
                        "{} {}",
                        text(lang, Msg::DistanceToStation),
                        format::length(lang, d)
                    ));
                }
                if row.schematic {
                    facts.push(text(lang, Msg::SchematicBadge).to_string());
                }
                view! {
                    <li class="qk-list-item">
                        <button type="button" class="qk-list-button" data-feature-id=id.clone()
                            aria-current=current
                            on:click=move |_| go_to_feature(state, &id)>
                            <span class="qk-list-name">{row.name.clone()}</span>
                            <span class="qk-list-facts">{facts.join(" · ")}</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <SidePanelHeader title_id="list-title" title=Msg::List lang=lang />
            <p class="qk-shown-count">{fill(text(lang, Msg::ShownCount), &[("n", total.to_string())])}</p>
            {(total > LIST_LIMIT).then(|| view! { <p class="qk-hint qk-list-capped">{format::shown_of(lang, LIST_LIMIT, total)}</p> })}
            <div class="qk-row" role="group" aria-label=text(lang, Msg::SortBy)>
                <span class="qk-hint">{text(lang, Msg::SortBy)}</span>
                {sort_button(SortKey::Name, Msg::SortName)}
                {sort_button(SortKey::Investment, Msg::SortInvestment)}
                {sort_button(SortKey::Distance, Msg::SortDistance)}
            </div>
            {shows_distances.then(|| view! { <IllustrativeMark lang=lang /> })}
            <ul class="qk-list" aria-labelledby=state.ui.id("list-title")>{items}</ul>
        }
    };
    view! {
        <Show when=move || state.selection.side_panel.get() == Some(SidePanel::List)>
            <aside class="qk-side qk-feature-list qk-panel" class:qk-behind=move || !state.selection.panel_in_front(SidePanel::List) data-qk-dock="auto" aria-labelledby=state.ui.id("list-title")>{body}</aside>
        </Show>
    }
}

fn render() -> AnyView {
    view! { <FeatureList /> }.into_any()
}

// The list of features is its own wasm chunk (issue 16): the first view does not need it.
split_point!(pub fn list_chunk => list, render);

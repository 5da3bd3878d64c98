//! Filters with live counts: kind, category, status, investment band and the
//! area a feature lies in. The filter lives in the permalink as text.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::lazy::split_point;

use super::side_panel::SidePanelHeader;

use super::illustrative::IllustrativeMark;
use crate::core::filter::{Filter, InvestmentBand, STATUSES};
use crate::core::model::{Category, FeatureKind};
use crate::i18n::{category_name, fill, investment_band_name, kind_name, status_name, text, Msg};
use crate::state::{AppState, SidePanel};

fn update(state: AppState, change: impl FnOnce(&mut Filter)) {
    let mut f = state.layers.filter.get_untracked();
    change(&mut f);
    state.layers.set_filter_text(f.to_query());
}

/// Flips `value` in an optional set where `None` means "all of `universe`".
fn toggle<T: Ord + Clone>(set: &mut Option<BTreeSet<T>>, value: &T, universe: &[T]) {
    let mut s = set
        .clone()
        .unwrap_or_else(|| universe.iter().cloned().collect());
    if !s.remove(value) {
        s.insert(value.clone());
    }
    *set = if universe.iter().all(|u| s.contains(u)) {
        None
    } else {
        Some(s)
    };
}

/// The filter panel (in the side slot).
#[component]
pub fn FilterPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Counts are computed in the body, which rebuilds on every filter change
    // anyway: long-lived memos read from inside the panel's <Show> left a
    // little memory behind at each opening (the soak, issue 7).
    let body = move || {
        let lang = state.ui.lang.get();
        let filter = state.layers.filter.get();
        let (counts, shown) = state.data.catalog.with_value(|c| {
            let shown = c
                .features()
                .iter()
                .filter(|x| !crate::core::filter::is_context(x.kind) && filter.matches(c, x))
                .count();
            (filter.facet_counts(c), shown)
        });
        let kind_universe: Vec<FeatureKind> = counts.kinds.iter().map(|(k, _)| *k).collect();
        let kinds = counts
            .kinds
            .iter()
            .map(|(kind, n)| {
                let (kind, n) = (*kind, *n);
                let on = filter.kinds.as_ref().is_none_or(|s| s.contains(&kind));
                let universe = kind_universe.clone();
                view! {
                    <label class="qk-check">
                        <input type="checkbox" data-kind=kind.as_str() prop:checked=on
                            on:change=move |_| update(state, |f| toggle(&mut f.kinds, &kind, &universe)) />
                        <span>{kind_name(lang, kind)}</span>
                        <span class="qk-count">{n}</span>
                    </label>
                }
            })
            .collect_view();
        let status_universe: Vec<String> = STATUSES
            .iter()
            .map(|s| crate::core::filter::status_wire_name(*s).to_string())
            .collect();
        let statuses = STATUSES
            .iter()
            .map(|status| {
                let wire = crate::core::filter::status_wire_name(*status).to_string();
                let n = counts.statuses.iter().find(|(s, _)| *s == wire).map_or(0, |(_, n)| *n);
                let on = filter.statuses.as_ref().is_none_or(|s| s.contains(&wire));
                let universe = status_universe.clone();
                view! {
                    <label class="qk-check">
                        <input type="checkbox" data-status=wire.clone() prop:checked=on
                            on:change=move |_| update(state, |f| toggle(&mut f.statuses, &wire, &universe)) />
                        <span>{status_name(lang, *status)}</span>
                        <span class="qk-count">{n}</span>
                    </label>
                }
            })
            .collect_view();
        let category_universe: Vec<String> =
            counts.categories.iter().map(|(c, _)| c.clone()).collect();
        let categories = counts
            .categories
            .iter()
            .map(|(wire, n)| {
                let (wire, n) = (wire.clone(), *n);
                let on = filter.categories.as_ref().is_none_or(|s| s.contains(&wire));
                let universe = category_universe.clone();
                let label = category_name(lang, &Category::parse(&wire));
                view! {
                    <label class="qk-check">
                        <input type="checkbox" data-category=wire.clone() prop:checked=on
                            on:change=move |_| update(state, |f| toggle(&mut f.categories, &wire, &universe)) />
                        <span>{label}</span>
                        <span class="qk-count">{n}</span>
                    </label>
                }
            })
            .collect_view();
        let bands = std::iter::once(None)
            .chain(InvestmentBand::ALL.into_iter().map(Some))
            .map(|band| {
                let n = band.map(|b| counts.investment.iter().find(|(x, _)| *x == b).map_or(0, |(_, n)| *n));
                let label = band.map_or(text(lang, Msg::AnyValue), |b| investment_band_name(lang, b));
                view! {
                    <label class="qk-check">
                        <input type="radio" name="qk-band" data-band=band.map_or("any", |b| b.as_str()) prop:checked=filter.investment == band
                            on:change=move |_| update(state, |f| f.investment = band) />
                        <span>{label}</span>
                        {n.map(|n| view! { <span class="qk-count">{n}</span> })}
                    </label>
                }
            })
            .collect_view();
        let parks: Vec<(String, String, usize)> = state.data.catalog.with_value(|c| {
            counts
                .parks
                .iter()
                .filter_map(|(id, n)| {
                    c.get(id)
                        .map(|f| (id.clone(), super::feature_name(lang, f), *n))
                })
                .collect()
        });
        let selected_park = filter.park.clone().unwrap_or_default();
        view! {
            <SidePanelHeader title_id="filters-title" title=Msg::Filters lang=lang />
            <p class="qk-shown-count" aria-live="polite">{fill(text(lang, Msg::ShownCount), &[("n", shown.to_string())])}</p>
            <fieldset class="qk-fieldset"><legend>{text(lang, Msg::Kind)}</legend>{kinds}</fieldset>
            <fieldset class="qk-fieldset"><legend>{text(lang, Msg::Status)}</legend>{statuses}</fieldset>
            <fieldset class="qk-fieldset"><legend>{text(lang, Msg::Category)}</legend>{categories}</fieldset>
            <fieldset class="qk-fieldset"><legend>{text(lang, Msg::InvestmentBand)}</legend>{bands}</fieldset>
            <label class="qk-select-label">
                <span>{text(lang, Msg::WithinPark)} " " <IllustrativeMark lang=lang /></span>
                <select class="qk-park-select" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    update(state, |f| f.park = (!v.is_empty()).then_some(v));
                }>
                    <option value="" selected=selected_park.is_empty()>{text(lang, Msg::AnyValue)}</option>
                    {parks.into_iter().map(|(id, name, n)| {
                        let sel = id == selected_park;
                        view! { <option value=id selected=sel>{format!("{name} ({n})")}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button type="button" class="qk-btn qk-clear-filters" disabled=filter == Filter::default()
                on:click=move |_| state.layers.set_filter_text(String::new())>{text(lang, Msg::ClearFilters)}</button>
        }
    };
    view! {
        <Show when=move || state.selection.side_panel.get() == Some(SidePanel::Filters)>
            <aside class="qk-side qk-filters qk-panel" class:qk-behind=move || !state.selection.panel_in_front(SidePanel::Filters) data-qk-dock="auto" aria-labelledby=state.ui.id("filters-title")>{body}</aside>
        </Show>
    }
}

fn render() -> AnyView {
    view! { <FilterPanel /> }.into_any()
}

// The filter panel is its own wasm chunk (issue 16): the first view does not need it.
split_point!(pub fn filters_chunk => filters, render);

//! Name search (中文, English, pinyin in full or initials) as an ARIA 1.2
//! combobox: type, move with the arrow keys, Enter flies to the feature and
//! opens its details.

use leptos::prelude::*;

use super::feature_name;
use super::lazy::split_point;
use crate::i18n::{kind_singular, text, Msg};
use crate::platform::pinyin::{self, PinyinStatus};
use crate::state::AppState;

/// How many results the list shows.
const MAX_RESULTS: usize = 8;

/// Selects `id` and shows it: a point at street zoom, an area whole, in the
/// part of the map the panels leave visible.
pub fn go_to_feature(state: AppState, id: &str) {
    state.show_feature(id);
}

/// A key of the kiosk's on-screen keypad.
#[derive(Clone, Copy)]
enum KeypadKey {
    Char(char),
    Backspace,
    Clear,
}

/// The search field until its code arrives (`search_chunk`, fetched when
/// the widget mounts): the same field in the same place, so the header does
/// not change; what is typed into it meanwhile is taken over by the real one
/// (`handed_over`). A focus fetches the code again if it failed.
pub fn search_stand_in(retry: Callback<()>) -> AnyView {
    let state = expect_context::<AppState>();
    view! {
        <div class="qk-search" role="search">
            <label for=state.ui.id("search-input") class="qk-visually-hidden">{move || state.t(Msg::Search)}</label>
            <input
                id=state.ui.id("search-input")
                class="qk-search-input"
                type="search"
                autocomplete="off"
                spellcheck="false"
                inputmode=state.ui.kiosk.then_some("none")
                placeholder=move || state.t(Msg::SearchPlaceholder)
                on:focus=move |_| retry.run(())
            />
        </div>
    }
    .into_any()
}

/// What was typed into the stand-in field `id`, and whether it has the
/// focus, read while it is still in the page (the real field is built
/// before the stand-in leaves).
fn handed_over(id: &str) -> Option<(String, bool)> {
    let field = document().get_element_by_id(id)?;
    let typed = js_sys::Reflect::get(&field, &"value".into())
        .ok()?
        .as_string()?;
    let focused = document().active_element().is_some_and(|a| a == field);
    Some((typed, focused))
}

fn render() -> AnyView {
    view! { <SearchBox /> }.into_any()
}

// Search (the field's behaviour, the result list, the name index it builds)
// is its own wasm chunk (issue 16); `search_stand_in` stands in the header
// until it has arrived.
split_point!(pub fn search_chunk => search, render);

/// The search field and its result list.
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (typed, focused) = handed_over(&state.ui.id("search-input")).unwrap_or_default();
    let query = RwSignal::new(typed);
    let active = RwSignal::new(None::<usize>);
    let open = RwSignal::new(focused);
    let field = NodeRef::<leptos::html::Input>::new();
    if focused {
        // The visitor is in the field: keep them there, caret at the end.
        Effect::new(move |_| {
            if let Some(input) = field.get() {
                let _ = input.focus();
                pinyin::request();
            }
        });
    }
    let hits = Memo::new(move |_| {
        let query = query.get();
        if query.trim().is_empty() {
            return Vec::new(); // do not build the index for an empty box
        }
        state.data.search_index().search(&query, MAX_RESULTS)
    });
    let expanded = move || open.get() && !query.with(|q| q.trim().is_empty());
    // The pinyin table (fetched in the release build) is asked for as soon
    // as the visitor types, if the idle prefetch has not brought it already
    // (after a failure, again on the next focus); `hits` searches again when
    // it arrives.
    Effect::new(move |_| {
        if query.with(|q| !q.trim().is_empty()) {
            pinyin::request_once();
        }
    });
    // The list shows only when it has something: an empty box is no answer.
    let list_shown = move || expanded() && !hits.with(Vec::is_empty);
    // Latin letters typed while pinyin is not there (yet): say so, rather
    // than let "aodi" look like a name that is not on the map. Otherwise a
    // query that finds nothing says so on screen (the live region below
    // tells screen readers, so this line is hidden from them).
    let search_note = move || {
        if !expanded() {
            return None;
        }
        let latin = query.with(|q| q.chars().any(|c| c.is_ascii_alphabetic()));
        let pinyin_msg = match pinyin::status() {
            _ if !latin => None,
            PinyinStatus::Ready => None,
            PinyinStatus::Idle | PinyinStatus::Loading => Some(Msg::PinyinLoading),
            PinyinStatus::Failed => Some(Msg::PinyinUnavailable),
        };
        match pinyin_msg {
            Some(msg) => Some(
                view! { <p class="qk-search-note qk-search-pinyin" role="status">{move || state.t(msg)}</p> }
                    .into_any(),
            ),
            None if hits.with(Vec::is_empty) => Some(
                view! { <p class="qk-search-note qk-search-none" aria-hidden="true">{move || state.t(Msg::SearchNoResults)}</p> }
                    .into_any(),
            ),
            None => None,
        }
    };
    // The kiosk's idle reset: the next visitor finds an empty box, not the
    // last one's search.
    Effect::watch(
        move || state.ui.resets.get(),
        move |_, _, _| {
            query.set(String::new());
            open.set(false);
            active.set(None);
        },
        false,
    );

    let choose = move |index: usize| {
        let Some(hit) = hits.with_untracked(|h| h.get(index).cloned()) else {
            return;
        };
        let name = state.data.catalog.with_value(|c| {
            c.get(&hit.id)
                .map(|f| feature_name(state.ui.lang.get_untracked(), f))
        });
        query.set(name.unwrap_or_default());
        open.set(false);
        active.set(None);
        go_to_feature(state, &hit.id);
    };

    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = hits.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % n)));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(n - 1, |i| (i + n - 1) % n)));
            }
            "Enter" if n > 0 => {
                ev.prevent_default();
                choose(active.get_untracked().unwrap_or(0));
            }
            "Escape" => {
                if open.get_untracked() {
                    open.set(false);
                } else {
                    query.set(String::new());
                }
                active.set(None);
            }
            _ => {}
        }
    };

    // Plain attribute values, read once per rebuild: per-option reactive
    // closures leaked wasm memory on every query (the soak, issue 7).
    let options = move || {
        let lang = state.ui.lang.get();
        let current = active.get();
        hits.get()
            .into_iter()
            .enumerate()
            .map(|(i, hit)| {
                let (name, kind) = state
                    .data
                    .catalog
                    .with_value(|c| {
                        c.get(&hit.id)
                            .map(|f| (feature_name(lang, f), kind_singular(lang, f.kind)))
                    })
                    .unwrap_or_default();
                view! {
                    <li
                        id=state.ui.id(&format!("search-opt-{i}"))
                        role="option"
                        class="qk-search-option"
                        data-feature-id=hit.id.clone()
                        aria-selected=if current == Some(i) { "true" } else { "false" }
                        on:mousedown=|ev: web_sys::MouseEvent| ev.prevent_default()
                        on:click=move |_| choose(i)
                    >
                        <span class="qk-search-name">{name}</span>
                        <span class="qk-search-kind">{kind}</span>
                    </li>
                }
            })
            .collect_view()
    };

    // Kiosk screens have no keyboard: letter keys on screen (pinyin initials
    // are enough: `hq` finds 红旗), shown while the field has focus. The
    // field asks the device for no keyboard of its own there.
    let kiosk = state.ui.kiosk;
    let press = move |key: KeypadKey| {
        query.update(|q| match key {
            KeypadKey::Char(c) => q.push(c),
            KeypadKey::Backspace => {
                q.pop();
            }
            KeypadKey::Clear => q.clear(),
        });
        open.set(true);
        active.set(None);
    };
    let keypad = move || {
        (kiosk && open.get()).then(|| {
            let lang = state.ui.lang.get();
            let letters = "abcdefghijklmnopqrstuvwxyz"
                .chars()
                .map(|c| view! {
                    <button type="button" class="qk-key" tabindex="-1"
                        on:mousedown=|ev: web_sys::MouseEvent| ev.prevent_default()
                        on:click=move |_| press(KeypadKey::Char(c))>{c.to_string()}</button>
                })
                .collect_view();
            view! {
                <div class="qk-keypad" role="group" aria-label=text(lang, Msg::Keypad)
                    on:mousedown=|ev: web_sys::MouseEvent| ev.prevent_default()>
                    {letters}
                    <button type="button" class="qk-key qk-key-wide" tabindex="-1"
                        on:click=move |_| press(KeypadKey::Char(' '))>"␣"</button>
                    <button type="button" class="qk-key qk-key-wide qk-key-back" tabindex="-1"
                        aria-label=text(lang, Msg::Backspace) on:click=move |_| press(KeypadKey::Backspace)>"⌫"</button>
                    <button type="button" class="qk-key qk-key-wide" tabindex="-1"
                        on:click=move |_| press(KeypadKey::Clear)>{text(lang, Msg::ClearQuery)}</button>
                </div>
            }
        })
    };

    view! {
        <div class="qk-search" role="search">
            <label for=state.ui.id("search-input") class="qk-visually-hidden">{move || state.t(Msg::Search)}</label>
            <input
                id=state.ui.id("search-input")
                node_ref=field
                class="qk-search-input"
                type="search"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                inputmode=kiosk.then_some("none")
                aria-autocomplete="list"
                aria-controls=state.ui.id("search-list")
                aria-expanded=move || if list_shown() { "true" } else { "false" }
                aria-activedescendant=move || active.get().filter(|_| list_shown()).map(|i| state.ui.id(&format!("search-opt-{i}")))
                placeholder=move || state.t(Msg::SearchPlaceholder)
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    open.set(true);
                    active.set(None);
                }
                on:focus=move |_| {
                    open.set(true);
                    pinyin::request();
                }
                on:blur=move |_| open.set(false)
                on:keydown=on_key
            />
            <div class="qk-search-drop">
                <ul
                    id=state.ui.id("search-list")
                    class="qk-search-list"
                    role="listbox"
                    aria-label=move || state.t(Msg::SearchResults)
                    hidden=move || !list_shown()
                >
                    {options}
                </ul>
                {search_note}
                {keypad}
            </div>
            <p class="qk-visually-hidden" aria-live="polite">
                {move || {
                    if !expanded() {
                        String::new()
                    } else if hits.with(Vec::is_empty) {
                        text(state.ui.lang.get(), Msg::SearchNoResults).to_string()
                    } else {
                        format!("{} {}", hits.with(Vec::len), state.t(Msg::SearchResults))
                    }
                }}
            </p>
        </div>
    }
}

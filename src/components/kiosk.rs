//! Kiosk mode: after `idle_seconds` without input a visible warning counts
//! down, then the widget resets (home view, starting language, no filters,
//! nothing selected). Any touch, key or wheel cancels it. After the reset an
//! attract loop draws passers-by in: a slow tour through the story's sites,
//! one every few seconds, with a "touch to explore" prompt; the first touch
//! stops it where it is.

use std::time::Duration;

use leptos::prelude::*;

use super::lazy::split_point;

use crate::i18n::{fill, text, Msg};
use crate::state::AppState;

/// Seconds the warning shows before the reset.
pub const WARNING_SECONDS: u32 = 10;

/// Seconds the attract loop stays at each site.
pub const ATTRACT_STEP_SECONDS: f64 = 7.0;

/// The story's mapped sites in timeline order, each once.
fn tour_stops(state: AppState) -> Vec<&'static str> {
    let mut stops: Vec<&'static str> = Vec::new();
    for id in crate::story::TIMELINE.iter().filter_map(|t| t.feature_id) {
        if !stops.contains(&id) && state.data.catalog.with_value(|c| c.get(id).is_some()) {
            stops.push(id);
        }
    }
    stops
}

fn now_s() -> f64 {
    window().performance().map_or(0.0, |p| p.now()) / 1000.0
}

/// The idle watcher and its warning; does nothing outside kiosk mode.
#[component]
pub fn KioskGuard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let idle_seconds = state.ui.idle_seconds;
    if !state.ui.kiosk {
        return ().into_any();
    }
    let last_input = StoredValue::new(now_s());
    let remaining = RwSignal::new(None::<u32>);
    // The attract loop: running, when it last moved, and the next stop.
    let touring = RwSignal::new(false);
    let last_step = StoredValue::new(0.0);
    let next_stop = StoredValue::new(0usize);
    let stops = tour_stops(state);
    let touched = move |_: web_sys::Event| {
        last_input.set_value(now_s());
        remaining.set(None);
        if touring.get_untracked() {
            touring.set(false); // stop where it is: what caught the eye stays
        }
    };
    let handles = ["pointerdown", "keydown", "wheel"]
        .map(|name| window_event_listener_untyped(name, touched));
    let interval = set_interval_with_handle(
        move || {
            if !crate::platform::alive() {
                return;
            }
            if touring.get_untracked() {
                if now_s() - last_step.get_value() >= ATTRACT_STEP_SECONDS && !stops.is_empty() {
                    let id = stops[next_stop.get_value() % stops.len()];
                    next_stop.update_value(|n| *n += 1);
                    last_step.set_value(now_s());
                    state.select_quietly(Some(id.to_string()));
                    state.request_camera(crate::state::CameraRequest::Feature(id.to_string()));
                }
                return;
            }
            let idle = now_s() - last_input.get_value();
            let warn_at = f64::from(idle_seconds);
            if idle < warn_at {
                return;
            }
            let left = (warn_at + f64::from(WARNING_SECONDS) - idle).ceil();
            if left <= 0.0 {
                state.reset();
                last_input.set_value(now_s());
                remaining.set(None);
                // The first stop a little after the home view settles.
                last_step.set_value(now_s() - ATTRACT_STEP_SECONDS + 2.0);
                next_stop.set_value(0);
                touring.set(true);
            } else {
                remaining.set(Some(left as u32));
            }
        },
        Duration::from_millis(250),
    )
    .ok();
    on_cleanup(move || {
        for h in handles {
            h.remove();
        }
        if let Some(i) = interval {
            i.clear();
        }
    });
    view! {
        <Show when=move || touring.get()>
            <p class="qk-attract" role="status">{move || state.t(Msg::AttractPrompt)}</p>
        </Show>
        <Show when=move || remaining.get().is_some()>
            <div class="qk-idle" role="alertdialog" aria-labelledby=state.ui.id("idle-text")>
                <p id=state.ui.id("idle-text") class="qk-idle-text">
                    {move || fill(text(state.ui.lang.get(), Msg::IdleWarning), &[("s", remaining.get().unwrap_or(0).to_string())])}
                </p>
                <p>{move || state.t(Msg::TouchToContinue)}</p>
            </div>
        </Show>
    }
    .into_any()
}

fn render() -> AnyView {
    view! { <KioskGuard /> }.into_any()
}

// Kiosk mode's idle watcher and attract loop is its own wasm chunk (issue 16): the first view does not need it.
split_point!(pub fn kiosk_chunk => kiosk, render);

//! Kiosk mode: after `idle_seconds` without input a visible warning counts
//! down, then the widget resets (home view, starting language, no filters,
//! nothing selected). Any touch, key or wheel cancels it.

use std::time::Duration;

use leptos::prelude::*;

use crate::app::AppState;
use crate::i18n::{fill, text, Msg};

/// Seconds the warning shows before the reset.
pub const WARNING_SECONDS: u32 = 10;

fn now_s() -> f64 {
    window().performance().map_or(0.0, |p| p.now()) / 1000.0
}

/// The idle watcher and its warning; does nothing outside kiosk mode.
#[component]
pub fn KioskGuard(
    /// Seconds without input before the warning.
    idle_seconds: u32,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    if !state.kiosk.get_value() {
        return ().into_any();
    }
    let last_input = StoredValue::new(now_s());
    let remaining = RwSignal::new(None::<u32>);
    let touched = move |_: web_sys::Event| {
        last_input.set_value(now_s());
        remaining.set(None);
    };
    let handles = ["pointerdown", "keydown", "wheel"]
        .map(|name| window_event_listener_untyped(name, touched));
    let interval = set_interval_with_handle(
        move || {
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
        <Show when=move || remaining.get().is_some()>
            <div class="qk-idle" role="alertdialog" aria-labelledby="qk-idle-text">
                <p id="qk-idle-text" class="qk-idle-text">
                    {move || fill(text(state.lang.get(), Msg::IdleWarning), &[("s", remaining.get().unwrap_or(0).to_string())])}
                </p>
                <p>{move || state.t(Msg::TouchToContinue)}</p>
            </div>
        </Show>
    }
    .into_any()
}

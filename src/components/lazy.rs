//! Code splitting (issue 16): a panel the first view does not need lives in
//! its own wasm chunk, fetched the first time the panel opens.
//!
//! `split_point!` declares the chunk's entry: with the `split` feature it is a
//! `#[wasm_split]` function (wasm_split_helpers, re-exported by Leptos), which
//! the linked wasm imports from a placeholder module until
//! `scripts/split_wasm.py` cuts the wasm and resolves it; without the feature
//! (unit and browser tests) it is a plain call. Either way it hands back the
//! panel's render function, so once loaded the panel is built synchronously,
//! like any other component: nothing flashes when it opens a second time.
//!
//! `lazy_panel` stands where the panel stood: until the panel is first opened
//! it renders nothing; while its chunk loads it shows the panel's frame with a
//! bilingual loading line; if the chunk cannot be fetched, a bilingual error
//! with a retry button (the loader keeps no failure, a retry fetches again).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use super::side_panel::SidePanelHeader;
use crate::i18n::Msg;
use crate::state::{AppState, SidePanel};

/// What a chunk hands back: the panel, built in the chunk's own code.
pub type Render = fn() -> AnyView;

/// A chunk's loader, boxed: the wrappers below are compiled once, not once per chunk.
pub type Load = fn() -> Pin<Box<dyn Future<Output = Result<Render, ChunkError>>>>;

/// A chunk that did not load (the details are in the browser console).
#[derive(Debug, Clone, Copy)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// `split_point!(pub fn stats_chunk => stats, render_stats);` declares
/// `fn stats_chunk()`, a `Load`: its entry (and `render_stats` with all it
/// alone calls) is the wasm chunk `stats`. The entry's exported names are
/// made unique by the chunk's name, so each chunk has one split point.
macro_rules! split_point {
    ($vis:vis fn $name:ident => $module:ident, $render:path) => {
        $vis fn $name() -> ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = Result<$crate::components::lazy::Render, $crate::components::lazy::ChunkError>>>> {
            #[cfg(feature = "split")]
            #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn entry() -> Result<$crate::components::lazy::Render, $crate::components::lazy::ChunkError> {
                Ok($render)
            }
            #[cfg(not(feature = "split"))]
            async fn entry() -> Result<$crate::components::lazy::Render, $crate::components::lazy::ChunkError> {
                Ok($render)
            }
            ::std::boxed::Box::pin(entry())
        }
    };
}
pub(crate) use split_point;

#[derive(Clone, Copy)]
enum Stage {
    /// Not needed yet: nothing fetched.
    Idle,
    Loading,
    Ready(Render),
    Failed,
}

/// The chunk behind `load`, fetched the first time `when` is true: its stage,
/// and a function that fetches it (again, after a failure).
fn chunk(
    when: impl Fn() -> bool + Send + Sync + 'static,
    load: Load,
) -> (RwSignal<Stage>, impl Fn() + Copy + 'static) {
    let stage = RwSignal::new(Stage::Idle);
    let fetch = move || {
        stage.set(Stage::Loading);
        leptos::task::spawn_local(async move {
            stage.set(match load().await {
                Ok(render) => Stage::Ready(render),
                Err(ChunkError) => Stage::Failed,
            });
        });
    };
    Effect::new(move |_| {
        if when() && matches!(stage.get_untracked(), Stage::Idle) {
            fetch();
        }
    });
    (stage, fetch)
}

/// A part with no frame of its own (a map layer, a watcher) from a chunk,
/// fetched the first time `when` is true: nothing shows while it loads, a
/// bilingual line with a retry button if it cannot be fetched.
pub fn lazy_part(when: impl Fn() -> bool + Send + Sync + 'static, load: Load) -> impl IntoView {
    let (stage, fetch) = chunk(when, load);
    move || {
        match stage.get() {
        Stage::Idle | Stage::Loading => ().into_any(),
        Stage::Ready(render) => render(),
        Stage::Failed => view! {
            <p class="qk-chunk-failed qk-chunk-failed-line" role="alert">
                "部分功能未能加载，请检查网络。 · Part of the map could not be loaded: check the connection. "
                <button type="button" class="qk-btn qk-chunk-retry" on:click=move |_| fetch()>"重试 · Retry"</button>
            </p>
        }
        .into_any(),
    }
    }
}

/// A part shown at once as `stand_in` and replaced by its chunk's view as
/// soon as the chunk has arrived (fetched when the widget mounts): for a part
/// that must be on screen from the start but only works a moment later (the
/// search field). The stand-in is built once and stays if the chunk cannot
/// be fetched; it is given a retry to call (on focus, say).
///
/// `after`: the fetch waits until it is true (another chunk needed sooner has
/// settled), unless the stand-in asks for the code first (a focus).
pub fn lazy_part_soon(
    stand_in: impl Fn(Callback<()>) -> AnyView + Send + Sync + 'static,
    load: Load,
    after: RwSignal<bool>,
) -> impl IntoView {
    let (stage, fetch) = chunk(move || after.get(), load);
    let retry = Callback::new(move |()| {
        if matches!(stage.get_untracked(), Stage::Idle | Stage::Failed) {
            fetch();
        }
    });
    // Only the arrival changes the view: the stand-in (and what is typed
    // into it) is not rebuilt while the chunk loads or after it failed.
    let ready = Memo::new(move |_| match stage.get() {
        Stage::Ready(render) => Some(render),
        _ => None,
    });
    move || match ready.get() {
        Some(render) => render(),
        None => stand_in(retry),
    }
}

/// How a panel looks while its chunk loads: the classes that place it (not
/// the panel's own class, which says the panel is there), its heading, and the
/// side panel it is, if it is one: a side panel's frame has the side panels'
/// heading (grip, title, close) and is dimmed like them when behind another.
#[derive(Clone, Copy)]
pub struct Frame {
    pub class: &'static str,
    pub title: Msg,
    pub side: Option<SidePanel>,
}

/// The side panel `panel` (heading `title`) from a chunk (see `lazy_panel`).
/// Its chunk is fetched already when the visitor points at or focuses its
/// tab (`UiState::panel_intent`): a hover or the touch before a tap is a
/// head start of a round trip or more, often the whole wait.
pub fn lazy_side_panel(panel: SidePanel, title: Msg, load: Load) -> impl IntoView {
    let state = expect_context::<AppState>();
    let frame = Frame {
        class: "qk-side",
        title,
        side: Some(panel),
    };
    let open = move || state.selection.side_panel.get() == Some(panel);
    panel_from_chunk(
        open,
        move || open() || state.ui.panel_intent.get() == Some(panel),
        frame,
        load,
        None,
    )
}

/// A panel from a chunk: `load` is a `split_point!` function, fetched the
/// first time `open` is true; the chunk's view then stands here for good (it
/// shows and hides itself as before).
pub fn lazy_panel(
    open: impl Fn() -> bool + Copy + Send + Sync + 'static,
    frame: Frame,
    load: Load,
) -> impl IntoView {
    panel_from_chunk(open, open, frame, load, None)
}

/// A panel from a chunk that is fetched as soon as the widget mounts, not
/// when first opened: for a panel the first minute of use needs (the
/// details a tap opens), kept out of the first view's download only.
///
/// `settled` is set once the chunk has arrived or failed: what waits for it
/// (`lazy_part_soon`'s `after`) is fetched then. Over HTTP/1.1 a browser
/// opens six connections to a host and a chunk with its shared pieces is a
/// dozen requests: fetched together, two chunks each arrive later than one.
pub fn lazy_panel_soon(
    open: impl Fn() -> bool + Copy + Send + Sync + 'static,
    frame: Frame,
    load: Load,
    settled: RwSignal<bool>,
) -> impl IntoView {
    panel_from_chunk(open, || true, frame, load, Some(settled))
}

/// A panel from a chunk shown while `open`, its chunk fetched the first
/// time `wanted` is true (`open`, or sooner).
fn panel_from_chunk(
    open: impl Fn() -> bool + Copy + Send + Sync + 'static,
    wanted: impl Fn() -> bool + Send + Sync + 'static,
    frame: Frame,
    load: Load,
    settled: Option<RwSignal<bool>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (stage, fetch) = chunk(wanted, load);
    if let Some(settled) = settled {
        Effect::new(move |_| {
            if matches!(stage.get(), Stage::Ready(_) | Stage::Failed) && !settled.get_untracked() {
                settled.set(true);
            }
        });
    }
    // Each opening tries again a chunk that failed before (a prefetch on a
    // hover that met a dropped connection, or the last opening's).
    Effect::new(move |_| {
        if open() && matches!(stage.get_untracked(), Stage::Failed) {
            fetch();
        }
    });
    let Frame { class, title, side } = frame;
    move || match stage.get() {
        Stage::Idle => ().into_any(),
        Stage::Ready(render) => render(),
        waiting => {
            let failed = matches!(waiting, Stage::Failed);
            view! {
                <Show when=open>
                    <aside
                        class=format!("qk-panel qk-chunk {class}")
                        class:qk-behind=move || side.is_some_and(|p| !state.selection.panel_in_front(p))
                        data-qk-dock="auto"
                        aria-label=move || state.t(title)
                        aria-busy=(!failed).then_some("true")
                    >
                        {side.map(|_| view! {
                            {move || view! { <SidePanelHeader title_id="chunk-title" title=title lang=state.ui.lang.get() /> }}
                        })}
                        {if failed {
                            view! {
                                <p class="qk-chunk-failed" role="alert">
                                    "此面板未能加载，请检查网络后重试。 · This panel could not be loaded: check the connection and try again."
                                </p>
                                <button type="button" class="qk-btn qk-chunk-retry" on:click=move |_| fetch()>
                                    "重试 · Retry"
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p class="qk-chunk-loading" role="status">"加载中… · Loading…"</p>
                            }
                                .into_any()
                        }}
                    </aside>
                </Show>
            }
            .into_any()
        }
    }
}

//! Credits and provenance: the footer line on a desktop, the credits in the
//! phone's More sheet. They follow the data shown: the default data's sources,
//! or a host's own credits (its `attribution` option); the schematic note
//! only when some position shown is schematic.

use leptos::prelude::*;

use crate::i18n::{Msg, ARTICLE_TITLE};
use crate::state::{AppState, DataCredits};

/// A message with a `{title}` placeholder, the article's Chinese title tagged as
/// Chinese (screen readers and the English UI's language checks rely on it).
#[component]
pub fn WithArticleTitle(text: &'static str) -> impl IntoView {
    let (before, after) = text.split_once("{title}").unwrap_or((text, ""));
    let title = text.contains("{title}").then_some(ARTICLE_TITLE);
    view! { {before} {title.map(|t| view! { <cite lang="zh-CN">{t}</cite> })} {after} }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The URL of the wasm-bindgen glue module, which ships beside every
    /// other file of the build (whatever page, script or import loaded it).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_MODULE_URL: String;
}

/// The shipped notices file, beside the widget's own files: resolved against
/// the glue module's URL, not the page's, so a host page in another folder
/// (or one that imports qikai-map.js from code) links the right file.
fn notices_href() -> String {
    const NOTICES: &str = "THIRD_PARTY_NOTICES.txt";
    GLUE_MODULE_URL
        .with(|glue| web_sys::Url::new_with_base(NOTICES, glue).ok())
        .map_or_else(|| NOTICES.to_string(), |url| url.href())
}

/// The credits: basemap, the schematic note, the data's sources.
#[component]
pub fn Credits() -> impl IntoView {
    let state = expect_context::<AppState>();
    let any_schematic = state.data.catalog.with_value(|c| {
        c.features()
            .iter()
            .any(|f| f.position_accuracy.is_schematic())
    });
    let provenance_msg = state.ui.credits.get_value().schematic_note();
    let provenance = move || state.t(provenance_msg);
    let sources = move || match state.ui.credits.get_value() {
        DataCredits::Default => {
            view! { <WithArticleTitle text=state.t(Msg::Attribution) /> }.into_any()
        }
        DataCredits::Host(Some(text)) => text.into_any(),
        DataCredits::Host(None) => state.t(Msg::HostDataCredit).into_any(),
    };
    view! {
        <span class="qk-credits">
            {state.ui.basemap.get_value().map(|b| view! {
                <span class="qk-basemap-attribution">{b.attribution}</span>
                " · "
            })}
            {any_schematic.then(|| view! {
                <span class="qk-provenance">{provenance}</span>
                " · "
            })}
            <span class="qk-sources">{sources}</span>
        </span>
    }
}

/// The widget's own licence and third-party notices (crates, the metro data).
#[component]
pub fn NoticesLink() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <a class="qk-notices-link" href=notices_href() target="_blank" rel="noopener">
            {move || state.t(Msg::ThirdPartyNotices)}
        </a>
    }
}

/// The footer: the data report button and the credits (one line; a phone
/// shows the credits in its More sheet instead).
#[component]
pub fn Attribution() -> impl IntoView {
    let state = expect_context::<AppState>();
    let issue_count = state.data.issue_count();
    view! {
        <footer class="qk-attribution">
            <button
                type="button"
                class="qk-report-btn"
                aria-expanded=move || if state.ui.report_open.get() { "true" } else { "false" }
                on:click=move |_| state.toggle_report()
            >
                {move || state.t(Msg::DataReport)}
                {(issue_count > 0).then(|| view! { <span class="qk-badge">{issue_count}</span> })}
            </button>
            <Credits />
            <NoticesLink />
        </footer>
    }
}

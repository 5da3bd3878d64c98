//! Attribution and provenance line.

use leptos::prelude::*;

use crate::app::AppState;
use crate::i18n::{Msg, ARTICLE_TITLE};

/// A message with a `{title}` placeholder, the article's Chinese title tagged as
/// Chinese (screen readers and the English UI's language checks rely on it).
#[component]
pub fn WithArticleTitle(text: &'static str) -> impl IntoView {
    let (before, after) = text.split_once("{title}").unwrap_or((text, ""));
    let title = text.contains("{title}").then_some(ARTICLE_TITLE);
    view! { {before} {title.map(|t| view! { <cite lang="zh-CN">{t}</cite> })} {after} }
}

/// The shipped notices file, beside the widget's own files: relative to the
/// boot.js that loaded it when a host page includes it by script tag, else to
/// the page (the widget's own index.html, also inside an iframe).
fn notices_href() -> String {
    const NOTICES: &str = "THIRD_PARTY_NOTICES.txt";
    let page = document().url().unwrap_or_default();
    document()
        .query_selector("script[src$='boot.js']")
        .ok()
        .flatten()
        .and_then(|script| script.get_attribute("src"))
        .and_then(|src| web_sys::Url::new_with_base(&src, &page).ok())
        .and_then(|boot| web_sys::Url::new_with_base(NOTICES, &boot.href()).ok())
        .map_or_else(|| NOTICES.to_string(), |url| url.href())
}

/// Sources, the schematic-position warning and the data report button, always visible.
#[component]
pub fn Attribution() -> impl IntoView {
    let state = expect_context::<AppState>();
    let issue_count = state
        .report
        .with_value(|r| r.issues.len() + usize::from(r.file_error.is_some()));
    view! {
        <footer class="qk-attribution">
            <button
                type="button"
                class="qk-report-btn"
                aria-expanded=move || if state.report_open.get() { "true" } else { "false" }
                on:click=move |_| {
                    let open = !state.report_open.get_untracked();
                    if open && state.side_panel.get_untracked() == crate::app::SidePanel::Stats {
                        state.side_panel.set(crate::app::SidePanel::None);
                    }
                    state.report_open.set(open);
                }
            >
                {move || state.t(Msg::DataReport)}
                {(issue_count > 0).then(|| view! { <span class="qk-badge">{issue_count}</span> })}
            </button>
            {state.basemap.get_value().map(|b| view! {
                <span class="qk-basemap-attribution">{b.attribution}</span>
                " · "
            })}
            <span class="qk-provenance">{move || state.t(Msg::Provenance)}</span>
            " · "
            <span>{move || view! { <WithArticleTitle text=state.t(Msg::Attribution) /> }}</span>
            " · "
            <a class="qk-notices-link" href=notices_href() target="_blank" rel="noopener">
                {move || state.t(Msg::ThirdPartyNotices)}
            </a>
        </footer>
    }
}

//! The visible data report: what loaded, what was skipped and why, in the
//! words `i18n::report` builds (which `qikai-map-check` prints too).

use leptos::prelude::*;

use crate::i18n::report::report_text;
use crate::i18n::{text, Msg};
use crate::state::AppState;

/// The data report panel.
#[component]
pub fn DataReport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let report = state.data.report.get_value();
    view! {
        <Show when=move || state.ui.report_open.get()>
            <section class="qk-report qk-panel" data-qk-dock="bottom" aria-labelledby=state.ui.id("report-title")>
                {
                    let report = report.clone();
                    move || {
                        let lang = state.ui.lang.get();
                        let t = report_text(lang, &report);
                        view! {
                            <header class="qk-details-head">
                                <h2 id=state.ui.id("report-title") class="qk-panel-title">{text(lang, Msg::DataReport)}</h2>
                                <button type="button" class="qk-btn qk-close" aria-label=text(lang, Msg::Close)
                                    on:click=move |_| state.ui.close_report()>
                                    <span aria-hidden="true">"×"</span>
                                </button>
                            </header>
                            <p class="qk-report-summary">{t.summary}</p>
                            {t.file_error.map(|e| view! { <p class="qk-report-error" data-code="file">{e}</p> })}
                            {t.clean.map(|c| view! { <p>{c}</p> })}
                            <ul class="qk-report-list">
                                {t.items.into_iter().map(|item| view! {
                                    // What became of the feature, not of this one problem:
                                    // a warning on a skipped feature did not keep it.
                                    <li class="qk-report-item" class:qk-fatal=item.fatal data-code=item.code>
                                        <strong>{item.who}</strong>
                                        " — "
                                        {item.problem}
                                        " ("
                                        {item.fate}
                                        ")"
                                    </li>
                                }).collect_view()}
                            </ul>
                            {t.unknown.map(|u| view! { <p class="qk-report-unknown">{u}</p> })}
                        }
                    }
                }
            </section>
        </Show>
    }
}

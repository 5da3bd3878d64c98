//! The panel buttons. On a desktop they sit in the bar above the map, beside
//! the tools; on a phone they are the tab bar at the bottom, within the
//! thumb's reach, where Layers, Tools and More take the place of what the
//! desktop shows around the map (legend, tool bar, statistics and sharing).

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::state::{AppState, SidePanel};

/// Where a tab shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    Everywhere,
    PhoneOnly,
    DesktopOnly,
}

/// One tab: the panel it opens, its class (tests and styles use it), label and icon.
struct Tab {
    panel: SidePanel,
    class: &'static str,
    label: Msg,
    icon: &'static str,
    shown: Shown,
}

/// Icon paths on a 24 × 24 grid, drawn with `currentColor` strokes.
const TABS: [Tab; 8] = [
    Tab {
        panel: SidePanel::Layers,
        class: "qk-layers-btn",
        label: Msg::Layers,
        icon: "M12 3l9 5-9 5-9-5zM3 13l9 5 9-5M3 17l9 5 9-5",
        shown: Shown::PhoneOnly,
    },
    Tab {
        panel: SidePanel::Tools,
        class: "qk-tools-btn",
        label: Msg::ToolsTab,
        icon: "M3 17L17 3l4 4L7 21zM8 12l2 2M11 9l2 2M14 6l2 2",
        shown: Shown::PhoneOnly,
    },
    Tab {
        panel: SidePanel::Filters,
        class: "qk-filters-btn",
        label: Msg::Filters,
        icon: "M3 4h18l-7 9v6l-4 2v-8z",
        shown: Shown::Everywhere,
    },
    Tab {
        panel: SidePanel::List,
        class: "qk-list-btn",
        label: Msg::List,
        icon: "M8 6h13M8 12h13M8 18h13M3 6h1M3 12h1M3 18h1",
        shown: Shown::Everywhere,
    },
    Tab {
        panel: SidePanel::Story,
        class: "qk-story-btn",
        label: Msg::Story,
        icon: "M4 4h7a2 2 0 012 2v14a2 2 0 00-2-2H4zM20 4h-5a2 2 0 00-2 2v14a2 2 0 012-2h5z",
        shown: Shown::Everywhere,
    },
    Tab {
        panel: SidePanel::Stats,
        class: "qk-stats-btn",
        label: Msg::Statistics,
        icon: "M4 20V10M10 20V4M16 20v-7M22 20H2",
        shown: Shown::DesktopOnly,
    },
    Tab {
        panel: SidePanel::Share,
        class: "qk-share-btn",
        label: Msg::OnYourPhone,
        icon: "M3 3h7v7H3zM14 3h7v7h-7zM3 14h7v7H3zM14 14h3v3h-3zM18 18h3v3h-3z",
        shown: Shown::DesktopOnly,
    },
    Tab {
        panel: SidePanel::More,
        class: "qk-more-btn",
        label: Msg::More,
        icon: "M5 12h.01M12 12h.01M19 12h.01",
        shown: Shown::PhoneOnly,
    },
];

/// The panel buttons (toggles: pressed while their panel is in front).
#[component]
pub fn PanelTabs() -> impl IntoView {
    let state = expect_context::<AppState>();
    let issue_count = state.data.issue_count();
    let tabs = TABS
        .iter()
        .filter(|tab| tab.panel != SidePanel::Story || state.ui.story)
        .map(|tab| {
            let panel = tab.panel;
            let label = tab.label;
            let where_class = match tab.shown {
                Shown::Everywhere => "",
                Shown::PhoneOnly => " qk-phone-only",
                Shown::DesktopOnly => " qk-desktop-only",
            };
            // The data report lives under More on a phone: its badge shows there.
            let badge = (panel == SidePanel::More && issue_count > 0)
                .then(|| view! { <span class="qk-badge">{issue_count}</span> });
            view! {
                <button
                    type="button"
                    class=format!("qk-tab {}{where_class}", tab.class)
                    aria-pressed=move || if state.selection.panel_in_front(panel) { "true" } else { "false" }
                    on:click=move |_| state.toggle_panel(panel)
                    on:pointerenter=move |_| state.ui.intend_panel(panel)
                    on:focus=move |_| state.ui.intend_panel(panel)
                >
                    <svg class="qk-tab-icon" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
                        <path d=tab.icon fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
                    </svg>
                    <span class="qk-tab-label">{move || state.t(label)}</span>
                    {badge}
                </button>
            }
        })
        .collect_view();
    view! {
        <nav class="qk-tabs" aria-label=move || state.t(Msg::Panels)>{tabs}</nav>
    }
}

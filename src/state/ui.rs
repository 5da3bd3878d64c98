//! The interface's own state: language, large-text mode, the phone's sheet,
//! the data report, how the user last reached the widget, and the host's
//! fixed choices (kiosk, gestures, basemap, share base, credits).

use leptos::prelude::*;

use crate::core::datum::Datum;
use crate::embed::options::{BasemapOptions, EmbedOptions, Heading};
use crate::i18n::{text, Lang, Msg};
use crate::view::sheet::SheetSize;

use super::SidePanel;

/// How the user last reached the widget: focus goes back where it makes
/// sense for that hand (a touch must not land in a text field and raise the
/// phone's keyboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modality {
    /// Mouse, pen or touch.
    Pointer,
    /// Keys.
    Keyboard,
}

pub use crate::embed::credits::DataCredits;

/// Language, modes and the chrome's own state.
#[derive(Clone, Copy)]
pub struct UiState {
    /// Interface language.
    pub lang: ReadSignal<Lang>,
    set_lang: WriteSignal<Lang>,
    /// Large text and targets, high contrast (长辈模式).
    pub large: ReadSignal<bool>,
    set_large: WriteSignal<bool>,
    /// The phone's bottom sheet height.
    pub sheet: ReadSignal<SheetSize>,
    set_sheet: WriteSignal<SheetSize>,
    /// The data report is open.
    pub report_open: ReadSignal<bool>,
    /// The panel whose tab the visitor points at or has focused: its chunk
    /// is fetched before the click (components::lazy).
    pub panel_intent: ReadSignal<Option<SidePanel>>,
    set_panel_intent: WriteSignal<Option<SidePanel>>,
    set_report_open: WriteSignal<bool>,
    /// postMessage commands ignored because of their origin.
    pub ignored_messages: ReadSignal<u32>,
    set_ignored_messages: WriteSignal<u32>,
    /// The last kind of input inside the widget.
    last_input: StoredValue<Modality>,
    /// Kiosk mode (expo screens): big targets, fullscreen, idle reset.
    pub kiosk: bool,
    /// Seconds without input before the kiosk's warning.
    pub idle_seconds: u32,
    /// The language a reset returns to.
    pub home_lang: Lang,
    /// Cooperative gestures: the page keeps plain wheel and one-finger scrolling.
    pub cooperative: bool,
    /// The article's story panel and cited figures are shown (option `story`).
    pub story: bool,
    /// The optional raster basemap (off by default: the offline vector map).
    pub basemap: StoredValue<Option<BasemapOptions>>,
    /// Base URL for share links (configured; else this page).
    pub share_base: StoredValue<Option<String>>,
    /// Whose data is shown, for the credits.
    pub credits: StoredValue<DataCredits>,
    /// The host's title for the map (its `heading` option, else the build's),
    /// instead of the default data's.
    pub heading: StoredValue<Option<Heading>>,
    /// Counts the idle resets, so state a component keeps to itself (the
    /// search box's text) can return to the start with the rest.
    pub resets: ReadSignal<u32>,
    set_resets: WriteSignal<u32>,
    /// The widget's number on its page, for element ids.
    instance: u32,
}

impl UiState {
    pub(super) fn new(lang: Lang, options: &EmbedOptions, setting: super::Setting) -> Self {
        let embedded = setting.embedded;
        let (lang_r, set_lang) = signal(lang);
        let (large, set_large) = signal(false);
        let (sheet, set_sheet) = signal(SheetSize::Auto);
        let (report_open, set_report_open) = signal(false);
        let (panel_intent, set_panel_intent) = signal(None);
        let (ignored_messages, set_ignored_messages) = signal(0);
        let (resets, set_resets) = signal(0u32);
        let credits = if options.data_url.is_some() {
            DataCredits::Host(options.attribution.clone())
        } else if crate::PORTAL_BUILD {
            // A portal's own data built in: its build-time credits, which a
            // page's `attribution` option overrides.
            DataCredits::Host(
                options
                    .attribution
                    .clone()
                    .or(crate::PORTAL_ATTRIBUTION.map(String::from)),
            )
        } else {
            DataCredits::Default
        };
        Self {
            lang: lang_r,
            set_lang,
            large,
            set_large,
            sheet,
            set_sheet,
            report_open,
            set_report_open,
            panel_intent,
            set_panel_intent,
            ignored_messages,
            set_ignored_messages,
            last_input: StoredValue::new(Modality::Pointer),
            kiosk: options.kiosk,
            idle_seconds: options.idle_seconds.unwrap_or(120),
            home_lang: lang,
            // On when the host says so, else whenever the widget is embedded
            // and not a kiosk.
            cooperative: options
                .cooperative_gestures
                .unwrap_or(embedded && !options.kiosk),
            story: options.story.unwrap_or(true),
            basemap: StoredValue::new(options.basemap.clone()),
            share_base: StoredValue::new(options.share_base_url.clone()),
            credits: StoredValue::new(credits),
            heading: StoredValue::new(
                options
                    .heading
                    .clone()
                    .or_else(|| crate::BUILT_HEADING.and_then(Heading::parse)),
            ),
            resets,
            set_resets,
            instance: setting.instance,
        }
    }

    /// Tells the components that keep their own state that a reset happened.
    pub(super) fn note_reset(&self) {
        self.set_resets.update(|n| *n = n.wrapping_add(1));
    }

    /// The map's title in `lang`: the host's, else the default data's.
    pub fn title(&self, lang: Lang) -> String {
        self.heading.with_value(|h| match h {
            Some(h) => h.pick(lang).to_string(),
            None => text(lang, Msg::AppTitle).to_string(),
        })
    }

    /// An element id unique on the page: `qk-<name>` for the first widget,
    /// `qk<n>-<name>` for the n-th after it (ids label panels and fields for
    /// screen readers; two widgets side by side must not share them).
    pub fn id(&self, name: &str) -> String {
        element_id(self.instance, name)
    }

    /// The datum the map is drawn in: the basemap's, else WGS-84.
    pub fn display_datum(&self) -> Datum {
        self.basemap
            .with_value(|b| b.as_ref().map_or(Datum::Wgs84, |b| b.datum))
    }

    /// Switches the interface language.
    pub fn set_lang(&self, lang: Lang) {
        if self.lang.get_untracked() != lang {
            self.set_lang.set(lang);
        }
    }

    /// Switches to the other language.
    pub fn toggle_lang(&self) {
        self.set_lang.update(|l| *l = l.other());
    }

    /// Turns large-text mode on or off.
    pub fn toggle_large(&self) {
        self.set_large.update(|l| *l = !*l);
    }

    /// Sizes the phone's sheet.
    pub fn set_sheet(&self, size: SheetSize) {
        self.set_sheet.set(size);
    }

    /// Opens the data report.
    pub fn open_report(&self) {
        self.set_report_open.set(true);
    }

    /// Closes the data report.
    pub fn close_report(&self) {
        self.set_report_open.set(false);
    }

    /// The visitor points at or focuses `panel`'s tab: its chunk may be
    /// fetched before the click.
    pub fn intend_panel(&self, panel: SidePanel) {
        self.set_panel_intent.set(Some(panel));
    }

    /// Notes how the user reached the widget (pointer or keys).
    pub fn note_input(&self, modality: Modality) {
        self.last_input.set_value(modality);
    }

    /// How the user last reached the widget.
    pub fn last_input(&self) -> Modality {
        self.last_input.get_value()
    }

    /// Counts a postMessage command ignored for its origin.
    pub fn count_ignored_message(&self) {
        self.set_ignored_messages.update(|n| *n += 1);
    }
}

/// See [`UiState::id`].
fn element_id(instance: u32, name: &str) -> String {
    if instance == 0 {
        format!("qk-{name}")
    } else {
        format!("qk{instance}-{name}")
    }
}

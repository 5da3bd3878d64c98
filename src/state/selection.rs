//! What the user looks at (a feature, or a point asked about) and the side
//! slot, held as the plain values of [`super::slot`]; the actions here are
//! their only writers.

use leptos::prelude::*;

use super::camera::CameraRequest;
use super::slot::{SidePanel, Slot, Subject};
use super::AppState;
use crate::core::coord::LngLat;
use crate::view::sheet::SheetSize;

/// What the user looks at and the side slot.
#[derive(Clone, Copy)]
pub struct SelectionState {
    /// A feature, a point asked about, or nothing.
    pub subject: ReadSignal<Subject>,
    set_subject: WriteSignal<Subject>,
    /// The side slot (the desktop's column, the phone's sheet).
    pub slot: ReadSignal<Slot>,
    set_slot: WriteSignal<Slot>,
    /// The selected feature's id (derived from `subject`).
    pub selected: Memo<Option<String>>,
    /// The point asked about (derived from `subject`).
    pub probe: Memo<Option<LngLat>>,
    /// The panel in the slot, in front or beneath the details (derived).
    pub side_panel: Memo<Option<SidePanel>>,
    /// The details take focus when they open: a selection made in the widget,
    /// not by the host page or a link (which must keep their focus).
    focus_details: StoredValue<bool>,
    /// Catalog positions of the features at the spot last tapped, and how many there are.
    pub same_spot: ReadSignal<(Vec<usize>, usize)>,
    set_same_spot: WriteSignal<(Vec<usize>, usize)>,
}

impl SelectionState {
    pub(super) fn new() -> Self {
        let (subject, set_subject) = signal(Subject::None);
        let (slot, set_slot) = signal(Slot::Empty);
        let (same_spot, set_same_spot) = signal((Vec::new(), 0));
        Self {
            subject,
            set_subject,
            slot,
            set_slot,
            selected: Memo::new(move |_| subject.with(|s| s.feature().map(str::to_string))),
            probe: Memo::new(move |_| subject.with(Subject::point)),
            side_panel: Memo::new(move |_| slot.get().panel()),
            focus_details: StoredValue::new(false),
            same_spot,
            set_same_spot,
        }
    }

    /// Whether the details should take focus as they open.
    pub fn focus_on_open(&self) -> bool {
        self.focus_details.get_value()
    }

    /// Whether `panel` is the panel in front (tracked).
    pub fn panel_in_front(&self, panel: SidePanel) -> bool {
        self.slot.with(|s| s.panel_in_front() == Some(panel))
    }

    /// Whether the selection's details are on screen (tracked): a panel
    /// opened after the selection hides them until it closes; the selection
    /// stays (on the map, in the permalink and the QR code).
    pub fn details_shown(&self) -> bool {
        self.selected.with(Option::is_some) && self.slot.with(|s| s.details_in_front())
    }

    pub(super) fn set_slot(&self, slot: Slot) {
        if self.slot.get_untracked() != slot {
            self.set_slot.set(slot);
        }
    }

    fn has_feature(&self) -> bool {
        self.subject.with_untracked(|s| s.feature().is_some())
    }
}

impl AppState {
    /// Selects a feature (or nothing) as the user's own act in the widget:
    /// the details open over the side panel and take focus. A selection
    /// replaces a point asked about.
    pub fn select(&self, id: Option<String>) {
        self.selection.focus_details.set_value(id.is_some());
        self.set_selection(id);
    }

    /// Selects for the host page or a link: the details open without taking
    /// focus from the page.
    pub fn select_quietly(&self, id: Option<String>) {
        self.selection.focus_details.set_value(false);
        self.set_selection(id);
    }

    fn set_selection(&self, id: Option<String>) {
        let s = self.selection;
        let subject = Subject::of(id);
        let changed = s.subject.with_untracked(|cur| *cur != subject);
        let slot = s.slot.get_untracked();
        if subject.feature().is_some() {
            if changed {
                self.ui.set_sheet(SheetSize::Auto);
            }
            s.set_slot(slot.selected());
        } else if s.has_feature() {
            s.set_slot(slot.deselected());
        }
        if changed {
            s.set_subject.set(subject);
        }
        // The details just opened (or moved): the selection must not be left
        // under them.
        self.reveal_selection();
    }

    /// Selects a feature and shows it in the part of the map the panels leave
    /// visible (search, the list, the story).
    pub fn show_feature(&self, id: &str) {
        self.select(Some(id.to_string()));
        self.request_camera(CameraRequest::Feature(id.to_string()));
    }

    /// Asks about a point; it replaces the selection.
    pub fn probe_at(&self, p: LngLat) {
        let s = self.selection;
        if s.has_feature() {
            s.set_slot(s.slot.get_untracked().deselected());
        }
        s.set_subject.set(Subject::Point(p));
    }

    /// Nothing selected, no point asked about.
    pub fn clear_subject(&self) {
        self.select(None);
        if self
            .selection
            .subject
            .with_untracked(|s| *s != Subject::None)
        {
            self.selection.set_subject.set(Subject::None);
        }
    }

    /// Opens `panel` in the side slot, over the details; closes it when it is
    /// the panel in front.
    pub fn toggle_panel(&self, panel: SidePanel) {
        if panel == SidePanel::Story && !self.ui.story {
            return; // left out by the host (`story=0`)
        }
        let s = self.selection;
        let before = s.slot.get_untracked();
        let after = before.toggled(panel, s.has_feature());
        if after.panel_in_front().is_some() && after != before {
            self.ui.close_report();
            self.ui.set_sheet(SheetSize::Auto);
        }
        s.set_slot(after);
        self.reveal_selection();
    }

    /// Closes the panel in the slot (the selection's details, if any, show again).
    pub fn close_panel(&self) {
        let s = self.selection;
        s.set_slot(s.slot.get_untracked().closed(s.has_feature()));
        self.ui.set_sheet(SheetSize::Auto);
        self.reveal_selection();
    }

    /// Closes whatever the phone's sheet shows in front: the details of the
    /// selection (clearing it), else the side panel (a sheet swiped down).
    pub fn close_front_sheet(&self) {
        if untrack(|| self.selection.details_shown()) {
            self.select(None);
        } else {
            self.close_panel();
        }
    }

    /// Lists the features sharing one spot of a dense map (`total` of them).
    pub fn show_same_spot(&self, features: Vec<usize>, total: usize) {
        self.selection.set_same_spot.set((features, total));
        self.select(None);
        self.toggle_panel(SidePanel::SameSpot);
    }

    /// Opens the data report (closing the panel in front).
    pub fn open_report(&self) {
        self.close_panel_if_in_front();
        self.ui.open_report();
    }

    /// Opens or closes the data report.
    pub fn toggle_report(&self) {
        if self.ui.report_open.get_untracked() {
            self.ui.close_report();
        } else {
            self.open_report();
        }
    }

    fn close_panel_if_in_front(&self) {
        if self
            .selection
            .slot
            .get_untracked()
            .panel_in_front()
            .is_some()
        {
            self.close_panel();
        }
    }
}

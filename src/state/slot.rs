//! What the user is looking at and what fills the side slot (the desktop's
//! column, the phone's sheet), as plain values with their rules as methods:
//! exclusivity is a type, not a convention kept in several components.
//!
//! - [`Subject`]: nothing, a feature, or a point asked about — one at a time,
//!   so a nearest-station list can never be measured from a stale probe.
//! - [`Slot`]: empty, a panel in front, or a feature's details in front with
//!   the panel they were opened over kept beneath (closing the details shows
//!   it again). Opening a panel keeps the selection: it stays on the map, in
//!   the permalink and the QR code, and its details come back when the panel
//!   closes.
//!
//! Pure: the state module holds these in signals and calls these methods.

use crate::core::coord::LngLat;

/// The panels of the side slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SidePanel {
    /// The legend as a sheet (phone tab).
    Layers,
    /// The measuring and coverage tools as a sheet (phone tab).
    Tools,
    /// Statistics, sharing, large text, the data report and the credits as a
    /// sheet (phone tab).
    More,
    /// Statistics.
    Stats,
    /// Filters.
    Filters,
    /// The list twin of the map.
    List,
    /// Share: the permalink and its QR code.
    Share,
    /// The article's story: 2023 timeline and headline figures.
    Story,
    /// The features at one spot of a dense map (they cannot be told apart by a tap).
    SameSpot,
}

/// What the user is looking at.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Subject {
    /// Nothing.
    #[default]
    None,
    /// A feature, by id.
    Feature(String),
    /// A point asked about (long press, right click): its nearest stations.
    Point(LngLat),
}

impl Subject {
    /// The selected feature's id.
    pub fn feature(&self) -> Option<&str> {
        match self {
            Subject::Feature(id) => Some(id),
            _ => None,
        }
    }

    /// The point asked about.
    pub fn point(&self) -> Option<LngLat> {
        match self {
            Subject::Point(p) => Some(*p),
            _ => None,
        }
    }

    /// A selection of `id`, or nothing.
    pub fn of(id: Option<String>) -> Subject {
        id.map_or(Subject::None, Subject::Feature)
    }
}

/// What fills the side slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Slot {
    /// Nothing (a desktop shows the legend there).
    #[default]
    Empty,
    /// A panel, in front.
    Panel(SidePanel),
    /// The selected feature's details in front; `under` is the panel they
    /// were opened over, shown again when they close.
    Details {
        /// The panel beneath.
        under: Option<SidePanel>,
    },
}

impl Slot {
    /// The panel in the slot, in front or beneath the details.
    pub fn panel(self) -> Option<SidePanel> {
        match self {
            Slot::Empty => None,
            Slot::Panel(p) => Some(p),
            Slot::Details { under } => under,
        }
    }

    /// The panel in front, if a panel is.
    pub fn panel_in_front(self) -> Option<SidePanel> {
        match self {
            Slot::Panel(p) => Some(p),
            _ => None,
        }
    }

    /// Whether the details are in front.
    pub fn details_in_front(self) -> bool {
        matches!(self, Slot::Details { .. })
    }

    /// A feature was selected: its details come to the front, over the panel.
    #[must_use]
    pub fn selected(self) -> Slot {
        Slot::Details {
            under: self.panel(),
        }
    }

    /// The selection was cleared: the panel beneath (if any) comes back.
    #[must_use]
    pub fn deselected(self) -> Slot {
        match self {
            Slot::Details { under } => under.map_or(Slot::Empty, Slot::Panel),
            other => other,
        }
    }

    /// The button of `panel` was pressed: it opens in front (over the details,
    /// which come back when it closes), or closes when it is the panel in front.
    #[must_use]
    pub fn toggled(self, panel: SidePanel, has_selection: bool) -> Slot {
        if self.panel_in_front() == Some(panel) {
            self.closed(has_selection)
        } else {
            Slot::Panel(panel)
        }
    }

    /// The panel in front was closed: the selection's details, if there is a
    /// selection, else nothing.
    #[must_use]
    pub fn closed(self, has_selection: bool) -> Slot {
        match self {
            Slot::Panel(_) | Slot::Empty if has_selection => Slot::Details { under: None },
            Slot::Panel(_) | Slot::Empty => Slot::Empty,
            // Closing "the panel" while the details are in front closes the
            // panel kept beneath them.
            Slot::Details { .. } => Slot::Details { under: None },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_brings_its_details_over_the_panel_and_gives_it_back() {
        let list = Slot::Panel(SidePanel::List);
        let with_details = list.selected();
        assert!(with_details.details_in_front());
        assert_eq!(with_details.panel(), Some(SidePanel::List));
        assert_eq!(with_details.panel_in_front(), None);
        assert_eq!(with_details.deselected(), list, "the list comes back");
        assert_eq!(Slot::Empty.selected().deselected(), Slot::Empty);
    }

    #[test]
    fn opening_a_panel_over_the_details_keeps_the_selection_and_closing_shows_them() {
        let details = Slot::Empty.selected();
        let story = details.toggled(SidePanel::Story, true);
        assert_eq!(story, Slot::Panel(SidePanel::Story));
        assert!(!story.details_in_front());
        let back = story.toggled(SidePanel::Story, true);
        assert_eq!(back, Slot::Details { under: None }, "the details again");
        assert_eq!(story.closed(false), Slot::Empty, "no selection: empty");
    }

    #[test]
    fn one_panel_at_a_time() {
        let s = Slot::Panel(SidePanel::Filters).toggled(SidePanel::Stats, false);
        assert_eq!(s, Slot::Panel(SidePanel::Stats));
        assert_eq!(s.panel(), Some(SidePanel::Stats));
    }

    #[test]
    fn a_subject_is_a_feature_or_a_point_never_both() {
        let f = Subject::of(Some("a".into()));
        assert_eq!(f.feature(), Some("a"));
        assert_eq!(f.point(), None);
        let p = Subject::Point(LngLat::lon_lat(125.0, 43.8));
        assert_eq!(p.feature(), None);
        assert!(p.point().is_some());
        assert_eq!(Subject::of(None), Subject::None);
    }
}

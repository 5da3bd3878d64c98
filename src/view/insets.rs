//! The part of the map the user can actually see: the map element minus the
//! chrome docked over its edges (the side panel or the phone's bottom sheet,
//! the control column, a tool bar). The camera fits and centres into that
//! part, and labels stay out of the chrome (MapLibre calls this `padding`).

use crate::view::mercator::{ScreenBox, ScreenPoint};
use crate::view::viewport::ScreenSize;

/// Which edge of the map a piece of chrome is docked to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dock {
    /// Along the top edge (a tool bar).
    Top,
    /// Along the right edge (the control column).
    Right,
    /// Along the bottom edge (the phone's sheet, a result card).
    Bottom,
    /// Along the left edge (the side panel, the legend).
    Left,
}

impl Dock {
    /// The edge a panel whose layout decides its place is docked to (`auto`):
    /// one spanning (nearly) the map's width is a bar or a sheet, on the edge
    /// nearer its middle; a narrower one against a side is a column there; a
    /// card floating between the sides belongs to the nearer of top and bottom.
    pub fn infer(b: ScreenBox, size: ScreenSize) -> Dock {
        let (x0, y0, x1, y1) = b;
        let w = size.width_px;
        let top_or_bottom = if (y0 + y1) / 2.0 < size.height_px / 2.0 {
            Dock::Top
        } else {
            Dock::Bottom
        };
        if x1 - x0 >= 0.9 * w {
            top_or_bottom
        } else if x0 < 0.1 * w {
            Dock::Left
        } else if x1 > 0.9 * w {
            Dock::Right
        } else {
            top_or_bottom
        }
    }

    /// Reads the `data-qk-dock` attribute value.
    pub fn parse(s: &str) -> Option<Dock> {
        match s {
            "top" => Some(Dock::Top),
            "right" => Some(Dock::Right),
            "bottom" => Some(Dock::Bottom),
            "left" => Some(Dock::Left),
            _ => None,
        }
    }
}

/// Pixels covered along each edge of the map.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ScreenInsets {
    /// Covered from the top edge down.
    pub top_px: f64,
    /// Covered from the right edge in.
    pub right_px: f64,
    /// Covered from the bottom edge up.
    pub bottom_px: f64,
    /// Covered from the left edge in.
    pub left_px: f64,
}

/// The smallest visible part worth fitting into, as a share of the map: when
/// the chrome leaves less (a phone sheet pulled up to the top), the camera
/// ignores the chrome on that axis rather than fitting into a sliver.
const MIN_VISIBLE_SHARE: f64 = 0.25;

impl ScreenInsets {
    /// The insets that docked chrome boxes (screen boxes relative to the map's
    /// top-left corner) leave: on each edge, the deepest box docked there,
    /// clipped to the map.
    pub fn from_docked(boxes: &[(Dock, ScreenBox)], size: ScreenSize) -> Self {
        let (w, h) = (size.width_px, size.height_px);
        let mut insets = ScreenInsets::default();
        for &(dock, (x0, y0, x1, y1)) in boxes {
            // A box entirely outside the map covers nothing.
            if x1 <= 0.0 || y1 <= 0.0 || x0 >= w || y0 >= h {
                continue;
            }
            match dock {
                Dock::Top => insets.top_px = insets.top_px.max(y1.clamp(0.0, h)),
                Dock::Bottom => insets.bottom_px = insets.bottom_px.max((h - y0).clamp(0.0, h)),
                Dock::Left => insets.left_px = insets.left_px.max(x1.clamp(0.0, w)),
                Dock::Right => insets.right_px = insets.right_px.max((w - x0).clamp(0.0, w)),
            }
        }
        insets
    }

    /// The visible part of a map of `size` as a screen box. An axis whose
    /// chrome leaves less than a quarter of the map is taken whole.
    pub fn visible_rect(&self, size: ScreenSize) -> ScreenBox {
        let (w, h) = (size.width_px, size.height_px);
        let (x0, x1) = if w - self.left_px - self.right_px >= w * MIN_VISIBLE_SHARE {
            (self.left_px, w - self.right_px)
        } else {
            (0.0, w)
        };
        let (y0, y1) = if h - self.top_px - self.bottom_px >= h * MIN_VISIBLE_SHARE {
            (self.top_px, h - self.bottom_px)
        } else {
            (0.0, h)
        };
        (x0, y0, x1, y1)
    }

    /// The middle of the visible part.
    pub fn visible_center(&self, size: ScreenSize) -> ScreenPoint {
        let (x0, y0, x1, y1) = self.visible_rect(size);
        ScreenPoint::new((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    }

    /// Whether `p` lies in the visible part, at least `margin_px` inside it.
    pub fn shows(&self, size: ScreenSize, p: ScreenPoint, margin_px: f64) -> bool {
        let (x0, y0, x1, y1) = self.visible_rect(size);
        p.x >= x0 + margin_px
            && p.x <= x1 - margin_px
            && p.y >= y0 + margin_px
            && p.y <= y1 - margin_px
    }
}

/// The chrome over the map as the camera and the labels need it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChromeLayout {
    /// Every docked box, clipped to the map (labels avoid them).
    pub boxes: Vec<ScreenBox>,
    /// What they leave visible along each edge.
    pub insets: ScreenInsets,
}

impl ChromeLayout {
    /// From the docked boxes (relative to the map's top-left corner), rounded
    /// to whole pixels so that sub-pixel layout jitter is no change.
    pub fn from_docked(docked: &[(Dock, ScreenBox)], size: ScreenSize) -> Self {
        let (w, h) = (size.width_px, size.height_px);
        let boxes = docked
            .iter()
            .map(|&(_, (x0, y0, x1, y1))| {
                (
                    x0.clamp(0.0, w).floor(),
                    y0.clamp(0.0, h).floor(),
                    x1.clamp(0.0, w).ceil(),
                    y1.clamp(0.0, h).ceil(),
                )
            })
            .filter(|(x0, y0, x1, y1)| x1 > x0 && y1 > y0)
            .collect();
        let mut insets = ScreenInsets::from_docked(docked, size);
        for v in [
            &mut insets.top_px,
            &mut insets.right_px,
            &mut insets.bottom_px,
            &mut insets.left_px,
        ] {
            *v = v.ceil();
        }
        Self { boxes, insets }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: ScreenSize = ScreenSize {
        width_px: 390.0,
        height_px: 700.0,
    };

    #[test]
    fn each_edge_takes_its_deepest_docked_box() {
        let boxes = [
            (Dock::Bottom, (0.0, 400.0, 390.0, 700.0)),
            (Dock::Bottom, (100.0, 600.0, 300.0, 700.0)),
            (Dock::Right, (330.0, 300.0, 380.0, 390.0)),
            (Dock::Left, (10.0, 10.0, 300.0, 200.0)),
        ];
        let i = ScreenInsets::from_docked(&boxes, PHONE);
        assert_eq!(i.bottom_px, 300.0);
        assert_eq!(i.right_px, 60.0);
        assert_eq!(i.left_px, 300.0);
        assert_eq!(i.top_px, 0.0);
    }

    #[test]
    fn boxes_outside_the_map_cover_nothing_and_overhangs_are_clipped() {
        let boxes = [
            (Dock::Bottom, (0.0, 720.0, 390.0, 900.0)),
            (Dock::Top, (0.0, -50.0, 390.0, 40.0)),
        ];
        let i = ScreenInsets::from_docked(&boxes, PHONE);
        assert_eq!(i.bottom_px, 0.0);
        assert_eq!(i.top_px, 40.0);
    }

    #[test]
    fn the_visible_centre_is_above_a_bottom_sheet() {
        let i = ScreenInsets {
            bottom_px: 300.0,
            ..ScreenInsets::default()
        };
        let c = i.visible_center(PHONE);
        assert_eq!((c.x, c.y), (195.0, 200.0));
        assert!(i.shows(PHONE, ScreenPoint::new(195.0, 390.0), 8.0));
        assert!(
            !i.shows(PHONE, ScreenPoint::new(195.0, 500.0), 8.0),
            "under the sheet"
        );
    }

    #[test]
    fn a_sheet_pulled_nearly_to_the_top_is_ignored_for_fitting() {
        let i = ScreenInsets {
            bottom_px: 650.0,
            ..ScreenInsets::default()
        };
        assert_eq!(i.visible_rect(PHONE), (0.0, 0.0, 390.0, 700.0));
    }

    #[test]
    fn a_full_width_panel_is_a_sheet_and_a_narrow_one_a_column() {
        let desktop = ScreenSize {
            width_px: 1366.0,
            height_px: 650.0,
        };
        assert_eq!(Dock::infer((10.0, 10.0, 390.0, 400.0), desktop), Dock::Left);
        assert_eq!(Dock::infer((0.0, 300.0, 390.0, 700.0), PHONE), Dock::Bottom);
        assert_eq!(Dock::infer((0.0, 0.0, 390.0, 80.0), PHONE), Dock::Top);
        assert_eq!(
            Dock::infer((1300.0, 10.0, 1356.0, 200.0), desktop),
            Dock::Right
        );
        assert_eq!(
            Dock::infer((463.0, 400.0, 903.0, 610.0), desktop),
            Dock::Bottom,
            "a result card"
        );
    }

    #[test]
    fn dock_names_parse() {
        assert_eq!(Dock::parse("left"), Some(Dock::Left));
        assert_eq!(Dock::parse("middle"), None);
    }
}

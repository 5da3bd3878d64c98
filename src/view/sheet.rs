//! The phone's bottom sheet sizes: where a drag settles, how the keys step.

/// How far the phone's bottom sheet is pulled up (desktop panels ignore it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SheetSize {
    /// As tall as its content, up to the panel's own default.
    Auto,
    /// A third of the map: the heading and the first lines.
    Peek,
    /// About half the map.
    Half,
    /// The whole map.
    Full,
    /// Being dragged: this many pixels tall.
    Dragged(f64),
}

impl SheetSize {
    /// The next size up (or down), for the keyboard.
    pub fn step(self, up: bool) -> SheetSize {
        let order = [SheetSize::Peek, SheetSize::Half, SheetSize::Full];
        let at: usize = match self {
            SheetSize::Peek => 0,
            SheetSize::Half | SheetSize::Auto | SheetSize::Dragged(_) => 1,
            SheetSize::Full => 2,
        };
        let next = if up {
            (at + 1).min(2)
        } else {
            at.saturating_sub(1)
        };
        order[next]
    }

    /// The CSS value of `--qk-sheet-h` (None: the panel's default).
    pub fn css(self) -> Option<String> {
        match self {
            SheetSize::Auto => None,
            SheetSize::Peek => Some("33%".into()),
            SheetSize::Half => Some("58%".into()),
            SheetSize::Full => Some("calc(100% - 8px)".into()),
            SheetSize::Dragged(px) => Some(format!("{px:.0}px")),
        }
    }

    /// The snap a released drag settles on, from the height and the map's
    /// height; `None` when it was pulled down past the peek: close the sheet.
    pub fn snap(height_px: f64, map_height_px: f64) -> Option<SheetSize> {
        let share = height_px / map_height_px.max(1.0);
        if share < 0.18 {
            None
        } else if share < 0.45 {
            Some(SheetSize::Peek)
        } else if share < 0.8 {
            Some(SheetSize::Half)
        } else {
            Some(SheetSize::Full)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_step_between_the_three_sizes() {
        assert_eq!(SheetSize::Peek.step(true), SheetSize::Half);
        assert_eq!(SheetSize::Half.step(true), SheetSize::Full);
        assert_eq!(SheetSize::Full.step(true), SheetSize::Full);
        assert_eq!(SheetSize::Auto.step(false), SheetSize::Peek);
    }

    #[test]
    fn a_released_drag_settles_on_the_nearest_size_or_closes() {
        assert_eq!(SheetSize::snap(60.0, 600.0), None, "pulled down: close");
        assert_eq!(SheetSize::snap(200.0, 600.0), Some(SheetSize::Peek));
        assert_eq!(SheetSize::snap(330.0, 600.0), Some(SheetSize::Half));
        assert_eq!(SheetSize::snap(560.0, 600.0), Some(SheetSize::Full));
    }

    #[test]
    fn sizes_are_css_lengths() {
        assert_eq!(SheetSize::Auto.css(), None);
        assert_eq!(SheetSize::Dragged(321.4).css().as_deref(), Some("321px"));
    }
}

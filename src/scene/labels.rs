//! Which labels fit: greedy placement by priority, skipping any label whose
//! box would overlap one already placed or leave the screen.

use crate::view::mercator::ScreenPoint;

/// A label that would like to be drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelCandidate {
    /// Anchor: the label is drawn to the right of it, vertically centred.
    pub anchor: ScreenPoint,
    /// Estimated text width in pixels.
    pub width_px: f64,
    /// Text height in pixels.
    pub height_px: f64,
    /// Higher first.
    pub priority: i32,
}

/// Text width estimate without a font engine: CJK glyphs are about one em wide,
/// Latin ones about 0.6 em.
pub fn estimate_text_width_px(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.6 })
        .sum::<f64>()
        * font_px
}

/// A map label from a full name: cut before a bracket or a spaced dash (the
/// details panel has the rest), then to `max_chars` with an ellipsis.
///
/// ```
/// use qikai_map::scene::labels::short_label;
/// assert_eq!(short_label("长春国际汽车公园（参考）", 28), "长春国际汽车公园");
/// assert_eq!(short_label("Changchun Rail Transit Line 2 – Jieda Dalu station", 28), "Changchun Rail Transit Line…");
/// ```
pub fn short_label(name: &str, max_chars: usize) -> String {
    let cut = [" (", "（", "(", " – ", " - "]
        .iter()
        .filter_map(|sep| name.find(sep))
        .filter(|&i| i > 0)
        .min()
        .map_or(name, |i| &name[..i])
        .trim();
    if cut.chars().count() > max_chars {
        let kept: String = cut.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    } else {
        cut.to_string()
    }
}

/// A screen box `(x0, y0, x1, y1)` in pixels.
pub type ScreenBox = (f64, f64, f64, f64);

/// Indices of the candidates to draw, given the screen size and boxes a label
/// must not cover (the point symbols).
pub fn place_labels(
    candidates: &[LabelCandidate],
    obstacles: &[ScreenBox],
    width_px: f64,
    height_px: f64,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(candidates[i].priority));
    let mut placed: Vec<ScreenBox> = obstacles.to_vec();
    let mut chosen = Vec::new();
    for i in order {
        let c = &candidates[i];
        let (x0, y0) = (c.anchor.x, c.anchor.y - c.height_px / 2.0);
        let (x1, y1) = (x0 + c.width_px, y0 + c.height_px);
        let on_screen = x0 >= 0.0 && y0 >= 0.0 && x1 <= width_px && y1 <= height_px;
        let overlaps = placed
            .iter()
            .any(|&(a0, b0, a1, b1)| x0 < a1 && a0 < x1 && y0 < b1 && b0 < y1);
        if on_screen && !overlaps {
            placed.push((x0, y0, x1, y1));
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(x: f64, y: f64, priority: i32) -> LabelCandidate {
        LabelCandidate {
            anchor: ScreenPoint::new(x, y),
            width_px: 50.0,
            height_px: 14.0,
            priority,
        }
    }

    #[test]
    fn overlapping_labels_keep_the_higher_priority_one() {
        let c = [
            label(10.0, 50.0, 1),
            label(30.0, 55.0, 5),
            label(10.0, 100.0, 0),
        ];
        assert_eq!(place_labels(&c, &[], 500.0, 500.0), vec![1, 2]);
    }

    #[test]
    fn labels_off_screen_are_dropped() {
        let c = [
            label(480.0, 50.0, 1),
            label(10.0, 2.0, 1),
            label(10.0, 50.0, 1),
        ];
        assert_eq!(place_labels(&c, &[], 500.0, 500.0), vec![2]);
    }

    #[test]
    fn labels_never_cover_a_symbol() {
        let c = [label(10.0, 50.0, 1), label(10.0, 100.0, 1)];
        let symbol = (30.0, 40.0, 40.0, 60.0);
        assert_eq!(place_labels(&c, &[symbol], 500.0, 500.0), vec![1]);
    }

    #[test]
    fn cjk_text_is_estimated_wider_than_latin() {
        assert!(estimate_text_width_px("换电站", 12.0) > estimate_text_width_px("abc", 12.0));
    }
}

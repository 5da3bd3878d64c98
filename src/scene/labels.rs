//! Which labels fit: greedy placement by priority, skipping any label whose
//! box would overlap one already placed or leave the screen.

use crate::core::model::FeatureKind;
use crate::view::mercator::ScreenPoint;

/// A label that would like to be drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelCandidate {
    /// For a point: the symbol's centre. For an area: where the label's
    /// left end goes (vertically centred on it).
    pub anchor: ScreenPoint,
    /// For a point: the distance from the centre to the label (symbol radius
    /// plus a margin); the label may go right, left, above or below, in that
    /// order of preference. Zero for an area: one place only.
    pub gap_px: f64,
    /// Estimated text width in pixels.
    pub width_px: f64,
    /// Text height in pixels.
    pub height_px: f64,
    /// Higher first.
    pub priority: i32,
}

/// Where a label went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlacedLabel {
    /// Index into the candidates.
    pub index: usize,
    /// The label's box.
    pub bounds: ScreenBox,
}

impl LabelCandidate {
    /// The boxes the label may take, most preferred first.
    fn boxes(&self) -> Vec<ScreenBox> {
        let (w, h) = (self.width_px, self.height_px);
        let (x, y) = (self.anchor.x, self.anchor.y);
        let right = (
            x + self.gap_px,
            y - h / 2.0,
            x + self.gap_px + w,
            y + h / 2.0,
        );
        if self.gap_px <= 0.0 {
            return vec![right];
        }
        let g = self.gap_px;
        vec![
            right,
            (x - g - w, y - h / 2.0, x - g, y + h / 2.0),
            (x - w / 2.0, y - g - h, x + w / 2.0, y - g),
            (x - w / 2.0, y + g, x + w / 2.0, y + g + h),
        ]
    }
}

/// Label size for the map's width (expo screens are read from further away)
/// and the large-text mode. Placement uses the same size, so labels that fit
/// never overlap; point symbols scale with it (`size / 12`).
pub fn label_font_px(map_width_px: f64, large: bool) -> f64 {
    // In step with the chrome's text (30 px at 3840, 20 px at 1920, 16 px):
    // a little smaller, as map labels are.
    let base = if map_width_px >= 3000.0 {
        26.0
    } else if map_width_px >= 1800.0 {
        16.0
    } else {
        12.0
    };
    if large {
        base * 1.35
    } else {
        base
    }
}

/// Which labels win a place first: the zone, then projects, parks,
/// stations, landmarks, districts last.
pub fn label_priority(kind: FeatureKind) -> i32 {
    match kind {
        FeatureKind::Zone => 100,
        FeatureKind::Project => 50,
        FeatureKind::Park => 45,
        FeatureKind::SwapStation => 40,
        FeatureKind::Landmark => 30,
        FeatureKind::District => 10,
    }
}

/// Longest label on a narrow map (a phone): the details panel has the rest.
pub fn max_label_chars(map_width_px: f64) -> usize {
    if map_width_px < 520.0 {
        20
    } else {
        28
    }
}

/// Text width estimate without a font engine: CJK glyphs are about one em wide,
/// Latin ones about 0.6 em.
pub fn estimate_text_width_px(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.6 })
        .sum::<f64>()
        * font_px
}

/// A line to a nearest station and the distance written on it: the text
/// starts at `start`, on that baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct DistanceLabel {
    /// The line's ends: the analysis origin and the station.
    pub from: ScreenPoint,
    pub to: ScreenPoint,
    /// Where the text starts (left end, baseline).
    pub start: ScreenPoint,
    /// The box the text takes, halo included.
    pub bounds: ScreenBox,
    /// The distance, in the map's language.
    pub text: String,
}

/// Where the distance of the line from `a` to `b` is written, and the box it
/// takes (map labels keep clear of it: the distance is what the visitor asked
/// for). It goes at the middle of the part of the line inside `visible` (the
/// map less the chrome over it, a phone's sheet included), moved back inside
/// where its text would run out; at the line's middle when none of the line
/// is inside. Sized in the map's text size (at least 16 px), bold, with its
/// halo.
pub fn place_distance_label(
    a: ScreenPoint,
    b: ScreenPoint,
    visible: ScreenBox,
    text: &str,
    font_px: f64,
) -> (ScreenPoint, ScreenBox) {
    let font = font_px.max(16.0);
    let width = estimate_text_width_px(text, font) * 1.1;
    let (above, below) = (font, 0.35 * font);
    let start = match clip_segment(a, b, visible) {
        Some((p, q)) => {
            let (x, y) = ((p.x + q.x) / 2.0, (p.y + q.y) / 2.0);
            let x = x.min(visible.2 - width - 3.0).max(visible.0 + 3.0);
            let y = y.max(visible.1 + above).min(visible.3 - below);
            ScreenPoint::new(x, y)
        }
        None => ScreenPoint::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0),
    };
    let bounds = (
        start.x - 3.0,
        start.y - above,
        start.x + width + 3.0,
        start.y + below,
    );
    (start, bounds)
}

/// The part of the segment `a`–`b` inside `rect` (Liang–Barsky), if any.
fn clip_segment(
    a: ScreenPoint,
    b: ScreenPoint,
    rect: ScreenBox,
) -> Option<(ScreenPoint, ScreenPoint)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.x - rect.0),
        (dx, rect.2 - a.x),
        (-dy, a.y - rect.1),
        (dy, rect.3 - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then(|| {
        (
            ScreenPoint::new(a.x + t0 * dx, a.y + t0 * dy),
            ScreenPoint::new(a.x + t1 * dx, a.y + t1 * dy),
        )
    })
}

/// A map label from a full name: cut before a bracket or a spaced dash (the
/// details panel has the rest), then to `max_chars` with an ellipsis, after a
/// whole word where the name has spaces.
///
/// ```
/// use qikai_map::scene::labels::short_label;
/// assert_eq!(short_label("长春国际汽车公园（参考）", 28), "长春国际汽车公园");
/// assert_eq!(short_label("Changchun Rail Transit Line 2 – Jieda Dalu station", 28), "Changchun Rail Transit Line…");
/// // Whole words where there are spaces; Chinese is cut by characters.
/// assert_eq!(short_label("Changchun Automotive Economic and Technological Development Zone (Qikai)", 28), "Changchun Automotive…");
/// assert_eq!(short_label("长春汽车经济技术开发区新能源汽车产业园区二期工程项目", 10), "长春汽车经济技术开…");
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
        // Words stay whole where the text has spaces (English, pinyin): cut at
        // the last space unless that would drop more than half the label.
        let next_is_space = cut.chars().nth(kept.chars().count()) == Some(' ');
        let kept = match kept.rfind(' ') {
            Some(i) if !next_is_space && kept[..i].chars().count() * 2 >= max_chars => &kept[..i],
            _ => kept.as_str(),
        };
        format!("{}…", kept.trim_end())
    } else {
        cut.to_string()
    }
}

pub use crate::view::mercator::ScreenBox;

/// The labels to draw and where, given the screen size and boxes a label
/// must not cover (the point symbols, and the chrome over the map). Greedy by
/// priority; each label takes the first of its places that is on screen and
/// free. Sorted by candidate index.
pub fn place_labels(
    candidates: &[LabelCandidate],
    obstacles: &[ScreenBox],
    width_px: f64,
    height_px: f64,
) -> Vec<PlacedLabel> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(candidates[i].priority));
    let mut taken: Vec<ScreenBox> = obstacles.to_vec();
    let mut chosen = Vec::new();
    for i in order {
        let free = candidates[i].boxes().into_iter().find(|&(x0, y0, x1, y1)| {
            let on_screen = x0 >= 0.0 && y0 >= 0.0 && x1 <= width_px && y1 <= height_px;
            on_screen
                && !taken
                    .iter()
                    .any(|&(a0, b0, a1, b1)| x0 < a1 && a0 < x1 && y0 < b1 && b0 < y1)
        });
        if let Some(bounds) = free {
            taken.push(bounds);
            chosen.push(PlacedLabel { index: i, bounds });
        }
    }
    chosen.sort_unstable_by_key(|p| p.index);
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(x: f64, y: f64, priority: i32) -> LabelCandidate {
        LabelCandidate {
            anchor: ScreenPoint::new(x, y),
            gap_px: 0.0,
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
        assert_eq!(indices(place_labels(&c, &[], 500.0, 500.0)), vec![1, 2]);
    }

    #[test]
    fn labels_off_screen_are_dropped() {
        let c = [
            label(480.0, 50.0, 1),
            label(10.0, 2.0, 1),
            label(10.0, 50.0, 1),
        ];
        assert_eq!(indices(place_labels(&c, &[], 500.0, 500.0)), vec![2]);
    }

    #[test]
    fn labels_never_cover_a_symbol() {
        let c = [label(10.0, 50.0, 1), label(10.0, 100.0, 1)];
        let symbol = (30.0, 40.0, 40.0, 60.0);
        assert_eq!(indices(place_labels(&c, &[symbol], 500.0, 500.0)), vec![1]);
    }

    fn indices(placed: Vec<PlacedLabel>) -> Vec<usize> {
        placed.into_iter().map(|p| p.index).collect()
    }

    fn point_label(x: f64, y: f64) -> LabelCandidate {
        LabelCandidate {
            gap_px: 10.0,
            ..label(x, y, 1)
        }
    }

    #[test]
    fn a_point_label_goes_right_then_left_then_above_then_below() {
        let c = [point_label(100.0, 100.0)];
        let right = place_labels(&c, &[], 500.0, 500.0)[0].bounds;
        assert_eq!(right, (110.0, 93.0, 160.0, 107.0));
        let blocked_right = [(105.0, 0.0, 500.0, 500.0)];
        let left = place_labels(&c, &blocked_right, 500.0, 500.0)[0].bounds;
        assert_eq!(left, (40.0, 93.0, 90.0, 107.0));
        let only_above = [(0.0, 92.0, 500.0, 500.0)];
        let above = place_labels(&c, &only_above, 500.0, 500.0)[0].bounds;
        assert_eq!(above, (75.0, 76.0, 125.0, 90.0));
        let only_below = [(0.0, 0.0, 500.0, 108.0)];
        let below = place_labels(&c, &only_below, 500.0, 500.0)[0].bounds;
        assert_eq!(below, (75.0, 110.0, 125.0, 124.0));
    }

    #[test]
    fn two_points_side_by_side_both_get_labels_by_taking_other_sides() {
        // The second point's right-hand place is taken by the first's label.
        let c = [point_label(100.0, 100.0), point_label(170.0, 100.0)];
        assert_eq!(place_labels(&c, &[], 400.0, 400.0).len(), 2);
    }

    #[test]
    fn labels_stay_out_of_the_chrome() {
        let c = [label(10.0, 50.0, 1)];
        let panel = (0.0, 0.0, 200.0, 300.0);
        assert!(place_labels(&c, &[panel], 500.0, 500.0).is_empty());
    }

    const SCREEN: ScreenBox = (0.0, 0.0, 500.0, 500.0);

    #[test]
    fn a_label_keeps_clear_of_a_distance_label() {
        // A point label that would run into "1.8 km" written from (160, 100)
        // takes its other side.
        let (start, distance) = place_distance_label(
            ScreenPoint::new(120.0, 60.0),
            ScreenPoint::new(200.0, 140.0),
            SCREEN,
            "1.8 km",
            12.0,
        );
        assert_eq!(start, ScreenPoint::new(160.0, 100.0));
        assert!(
            distance.0 < 160.0 && distance.2 > 200.0 && distance.1 < 90.0 && distance.3 > 100.0
        );
        let c = vec![point_label(150.0, 96.0)];
        let placed = place_labels(&c, &[distance], 500.0, 500.0);
        let (x0, y0, x1, y1) = placed[0].bounds;
        assert!(x1 <= distance.0 || x0 >= distance.2 || y1 <= distance.1 || y0 >= distance.3);
        assert!(x1 < 150.0, "moved to the left: {:?}", placed[0].bounds);
    }

    #[test]
    fn a_distance_is_written_on_the_part_of_its_line_in_sight() {
        // From (100, 100) down to (100, 900): the part in sight of a 500 px
        // map with a 200 px sheet over its bottom is 100..300.
        let visible = (0.0, 0.0, 500.0, 300.0);
        let (start, bounds) = place_distance_label(
            ScreenPoint::new(100.0, 100.0),
            ScreenPoint::new(100.0, 900.0),
            visible,
            "4.7 km",
            12.0,
        );
        assert_eq!(start, ScreenPoint::new(100.0, 200.0));
        assert!(bounds.3 <= 300.0);
        // A line leaving by the right edge: the text is moved back inside.
        let (start, bounds) = place_distance_label(
            ScreenPoint::new(450.0, 100.0),
            ScreenPoint::new(900.0, 100.0),
            SCREEN,
            "12.5 km",
            12.0,
        );
        assert!(bounds.2 <= 500.0 + 1e-9 && start.x < 475.0, "{bounds:?}");
        // A line wholly out of sight keeps its middle.
        let (start, _) = place_distance_label(
            ScreenPoint::new(600.0, 600.0),
            ScreenPoint::new(800.0, 800.0),
            SCREEN,
            "3 km",
            12.0,
        );
        assert_eq!(start, ScreenPoint::new(700.0, 700.0));
    }

    #[test]
    fn cjk_text_is_estimated_wider_than_latin() {
        assert!(estimate_text_width_px("换电站", 12.0) > estimate_text_width_px("abc", 12.0));
    }
}

//! One symbol per kind: shape *and* colour differ, so no layer is told apart
//! by colour alone. Colours pass 3:1 against the light map background.

use crate::core::model::FeatureKind;

/// The outline of a point symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Projects.
    Circle,
    /// Swap stations.
    Diamond,
    /// Landmarks.
    Square,
    /// Parks drawn as a point.
    Triangle,
}

/// How a kind is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Symbol {
    /// Point symbol shape.
    pub shape: Shape,
    /// Fill colour (CSS).
    pub fill: &'static str,
    /// Outline colour (CSS).
    pub stroke: &'static str,
    /// Point symbol radius in CSS pixels.
    pub radius_px: f64,
    /// Text drawn inside the point symbol, so the kind reads without colour.
    pub glyph: &'static str,
}

/// The symbol of a kind.
pub fn symbol(kind: FeatureKind) -> Symbol {
    match kind {
        FeatureKind::Project => Symbol {
            shape: Shape::Circle,
            fill: "#c2410c",
            stroke: "#ffffff",
            radius_px: 9.0,
            glyph: "",
        },
        FeatureKind::SwapStation => Symbol {
            shape: Shape::Diamond,
            fill: "#047857",
            stroke: "#ffffff",
            radius_px: 10.0,
            glyph: "",
        },
        FeatureKind::Landmark => Symbol {
            shape: Shape::Square,
            fill: "#1d4ed8",
            stroke: "#ffffff",
            radius_px: 8.0,
            glyph: "",
        },
        FeatureKind::Park => Symbol {
            shape: Shape::Triangle,
            fill: "#7c3aed",
            stroke: "#ffffff",
            radius_px: 10.0,
            glyph: "",
        },
        FeatureKind::Zone => Symbol {
            shape: Shape::Square,
            fill: "#b91c1c",
            stroke: "#b91c1c",
            radius_px: 8.0,
            glyph: "",
        },
        FeatureKind::District => Symbol {
            shape: Shape::Square,
            fill: "#94a3b8",
            stroke: "#64748b",
            radius_px: 6.0,
            glyph: "",
        },
    }
}

/// How an area kind is drawn (the stylesheet's `.qk-district`, `.qk-zone`,
/// `.qk-park` rules use the same values; the PNG export draws from these).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaStyle {
    /// Fill colour (CSS).
    pub fill: &'static str,
    /// Outline colour (CSS).
    pub stroke: &'static str,
    /// Outline width, CSS pixels.
    pub width_px: f64,
    /// Dash pattern, CSS pixels (empty: solid).
    pub dash: &'static [f64],
}

/// The area style of a kind (points drawn as areas use the park style).
pub fn area_style(kind: FeatureKind) -> AreaStyle {
    match kind {
        FeatureKind::District => AreaStyle {
            fill: "#e3e8e1",
            stroke: "#7b8a84",
            width_px: 1.0,
            dash: &[],
        },
        FeatureKind::Zone => AreaStyle {
            fill: "rgba(185, 28, 28, 0.07)",
            stroke: "#b91c1c",
            width_px: 2.5,
            dash: &[9.0, 5.0],
        },
        _ => AreaStyle {
            fill: "rgba(124, 58, 237, 0.28)",
            stroke: "#7c3aed",
            width_px: 2.0,
            dash: &[5.0, 3.0],
        },
    }
}

/// Kinds a user can switch on and off in the legend, in legend order.
pub const LEGEND_KINDS: [FeatureKind; 6] = [
    FeatureKind::Project,
    FeatureKind::SwapStation,
    FeatureKind::Park,
    FeatureKind::Landmark,
    FeatureKind::Zone,
    FeatureKind::District,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_kinds_differ_in_shape_not_only_in_colour() {
        let kinds = [
            FeatureKind::Project,
            FeatureKind::SwapStation,
            FeatureKind::Landmark,
            FeatureKind::Park,
        ];
        for (i, a) in kinds.iter().enumerate() {
            for b in &kinds[i + 1..] {
                assert_ne!(symbol(*a).shape, symbol(*b).shape, "{a:?} vs {b:?}");
                assert_ne!(symbol(*a).fill, symbol(*b).fill);
            }
        }
    }

    #[test]
    fn every_kind_is_in_the_legend_once() {
        for kind in FeatureKind::ALL {
            assert_eq!(LEGEND_KINDS.iter().filter(|k| **k == kind).count(), 1);
        }
    }
}

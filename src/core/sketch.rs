//! A measuring sketch: a line or polygon drawn by taps, measured geodesically
//! as it grows. Plain data; the UI keeps one and redraws it.

use super::coord::LngLat;
use super::measure::{area_m2, distance_m, perimeter_m};

/// What is being measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SketchMode {
    /// A path: its length.
    Line,
    /// A closed area: its area and perimeter.
    Polygon,
}

/// The vertices placed so far.
#[derive(Clone, Debug, PartialEq)]
pub struct Sketch {
    /// Line or polygon.
    pub mode: SketchMode,
    vertices: Vec<LngLat>,
}

/// Most vertices one sketch takes: a runaway tap loop must not grow without end.
pub const MAX_SKETCH_VERTICES: usize = 500;

impl Sketch {
    /// An empty sketch.
    pub fn new(mode: SketchMode) -> Self {
        Self {
            mode,
            vertices: Vec::new(),
        }
    }

    /// The vertices, in order.
    pub fn vertices(&self) -> &[LngLat] {
        &self.vertices
    }

    /// Adds a vertex (ignored past [`MAX_SKETCH_VERTICES`] or when invalid).
    pub fn with_vertex(mut self, p: LngLat) -> Self {
        if p.is_valid() && self.vertices.len() < MAX_SKETCH_VERTICES {
            self.vertices.push(p);
        }
        self
    }

    /// Moves vertex `index` to `p` (ignored when out of range or invalid): a
    /// dragged vertex.
    pub fn with_vertex_moved(mut self, index: usize, p: LngLat) -> Self {
        if p.is_valid() {
            if let Some(v) = self.vertices.get_mut(index) {
                *v = p;
            }
        }
        self
    }

    /// The geodesic length of each segment, in order; a polygon of three or
    /// more vertices includes the closing segment back to the first.
    ///
    /// # Units
    /// Metres.
    pub fn segment_lengths_m(&self) -> Vec<f64> {
        let mut lengths: Vec<f64> = self
            .vertices
            .windows(2)
            .map(|w| distance_m(w[0], w[1]))
            .collect();
        if let (SketchMode::Polygon, [first, .., last]) = (self.mode, self.vertices.as_slice()) {
            if self.vertices.len() >= 3 {
                lengths.push(distance_m(*last, *first));
            }
        }
        lengths
    }

    /// Removes the last vertex.
    pub fn undone(mut self) -> Self {
        self.vertices.pop();
        self
    }

    /// Geodesic length of the path (line) or of the open path so far (polygon).
    ///
    /// # Units
    /// Metres.
    pub fn path_length_m(&self) -> f64 {
        self.vertices
            .windows(2)
            .map(|w| distance_m(w[0], w[1]))
            .sum()
    }

    /// The closed ring, when there are at least three vertices.
    fn ring(&self) -> Option<Vec<LngLat>> {
        (self.vertices.len() >= 3).then(|| {
            let mut ring = self.vertices.clone();
            ring.push(self.vertices[0]);
            ring
        })
    }

    /// Geodesic area of the closed polygon (polygon mode, ≥ 3 vertices).
    ///
    /// # Units
    /// Square metres.
    pub fn area_m2(&self) -> Option<f64> {
        if self.mode != SketchMode::Polygon {
            return None;
        }
        self.ring().map(|r| area_m2(&[r]))
    }

    /// Geodesic perimeter of the closed polygon (polygon mode, ≥ 3 vertices).
    ///
    /// # Units
    /// Metres.
    pub fn perimeter_m(&self) -> Option<f64> {
        if self.mode != SketchMode::Polygon {
            return None;
        }
        self.ring().map(|r| perimeter_m(&[r]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_vertex_changes_the_measure_and_segments_add_up() {
        let a = LngLat::lon_lat(125.10, 43.80);
        let b = LngLat::lon_lat(125.12, 43.80);
        let c = LngLat::lon_lat(125.12, 43.82);
        let line = Sketch::new(SketchMode::Line).with_vertex(a).with_vertex(b);
        let moved = line.clone().with_vertex_moved(1, c);
        assert_eq!(moved.vertices(), &[a, c]);
        assert!((moved.path_length_m() - distance_m(a, c)).abs() < 1e-9);
        assert_eq!(
            line.clone().with_vertex_moved(5, c),
            line,
            "out of range: unchanged"
        );
        let poly = Sketch::new(SketchMode::Polygon)
            .with_vertex(a)
            .with_vertex(b)
            .with_vertex(c);
        let segs = poly.segment_lengths_m();
        assert_eq!(segs.len(), 3, "with the closing segment");
        let total: f64 = segs.iter().sum();
        assert!((total - poly.perimeter_m().unwrap_or(0.0)).abs() < 1e-6);
        assert_eq!(
            Sketch::new(SketchMode::Line)
                .with_vertex(a)
                .segment_lengths_m(),
            Vec::<f64>::new()
        );
    }

    #[test]
    fn a_line_measures_the_sum_of_its_segments() {
        let a = LngLat::lon_lat(125.10, 43.80);
        let b = LngLat::lon_lat(125.12, 43.80);
        let c = LngLat::lon_lat(125.12, 43.82);
        let s = Sketch::new(SketchMode::Line)
            .with_vertex(a)
            .with_vertex(b)
            .with_vertex(c);
        let expected = distance_m(a, b) + distance_m(b, c);
        assert!((s.path_length_m() - expected).abs() < 1e-9);
        assert_eq!(s.area_m2(), None, "a line has no area");
        assert_eq!(s.undone().vertices(), &[a, b]);
    }

    #[test]
    fn a_polygon_closes_itself_for_area_and_perimeter() {
        let pts = [
            LngLat::lon_lat(125.10, 43.80),
            LngLat::lon_lat(125.11, 43.80),
            LngLat::lon_lat(125.11, 43.81),
            LngLat::lon_lat(125.10, 43.81),
        ];
        let s = pts
            .iter()
            .fold(Sketch::new(SketchMode::Polygon), |s, p| s.with_vertex(*p));
        let ring: Vec<LngLat> = pts
            .iter()
            .chain(std::iter::once(&pts[0]))
            .copied()
            .collect();
        assert!((s.area_m2().expect("area") - area_m2(std::slice::from_ref(&ring))).abs() < 1e-6);
        assert!((s.perimeter_m().expect("perimeter") - perimeter_m(&[ring])).abs() < 1e-6);
        // 0.01° × 0.01° at 43.8° N ≈ 803 m × 1 111 m ≈ 0.89 km².
        assert!((s.area_m2().expect("area") / 1e6 - 0.892).abs() < 0.01);
        assert_eq!(
            Sketch::new(SketchMode::Polygon)
                .with_vertex(pts[0])
                .area_m2(),
            None
        );
    }

    #[test]
    fn invalid_vertices_and_runaway_input_are_refused() {
        let mut s = Sketch::new(SketchMode::Line).with_vertex(LngLat::lon_lat(f64::NAN, 1.0));
        assert!(s.vertices().is_empty());
        for i in 0..(MAX_SKETCH_VERTICES + 10) {
            s = s.with_vertex(LngLat::lon_lat(125.0 + i as f64 * 1e-5, 43.8));
        }
        assert_eq!(s.vertices().len(), MAX_SKETCH_VERTICES);
    }
}

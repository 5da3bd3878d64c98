//! Reads a GeoJSON `coordinates` value as a walk of events in document
//! order (an array opens, a number, something else, an array closes), so the
//! same reader serves a parsed `serde_json::Value` and the streaming loader,
//! which feeds a huge geometry to it a piece at a time without ever holding
//! it as a tree.
//!
//! The reader reports only the first bad position of a geometry (a broken
//! file would otherwise bury the report in thousands of lines) and stops
//! keeping positions once it has failed, so its memory is bounded by the
//! vertex limit.

use serde_json::Value;

use super::problem::Problem;
use crate::core::coord::LngLat;
use crate::core::model::{Geometry, Ring};

/// One step of a walk over a `coordinates` value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Event {
    /// `[`
    Open,
    /// `]`
    Close,
    /// A number.
    Number(f64),
    /// A string, `true`, `false`, `null` or a whole object.
    Other,
}

/// The geometry types the widget reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `Point`
    Point,
    /// `Polygon`
    Polygon,
    /// `MultiPolygon`
    MultiPolygon,
}

impl Shape {
    /// The shape a GeoJSON `type` names.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "Point" => Some(Self::Point),
            "Polygon" => Some(Self::Polygon),
            "MultiPolygon" => Some(Self::MultiPolygon),
            _ => None,
        }
    }

    /// How many arrays enclose a position.
    fn position_depth(self) -> usize {
        match self {
            Self::Point => 0,
            Self::Polygon => 2,
            Self::MultiPolygon => 3,
        }
    }
}

/// Turns the events of one `coordinates` value into a geometry of one shape.
pub(crate) struct ShapeReader {
    shape: Shape,
    limit: usize,
    vertices: usize,
    problem: Option<Problem>,
    /// Open arrays; `counts[k]` is how many values the array at depth `k`
    /// has begun so far.
    counts: Vec<usize>,
    /// The position being read: values seen, first and second number.
    position: (usize, Option<f64>, Option<f64>),
    point: Option<LngLat>,
    ring: Ring,
    polygon: Vec<Ring>,
    polygons: Vec<Vec<Ring>>,
    done: bool,
}

impl ShapeReader {
    /// A reader for `shape` allowing `limit` positions.
    pub(crate) fn new(shape: Shape, limit: usize) -> Self {
        Self {
            shape,
            limit,
            vertices: 0,
            problem: None,
            counts: Vec::new(),
            position: (0, None, None),
            point: None,
            ring: Vec::new(),
            polygon: Vec::new(),
            polygons: Vec::new(),
            done: false,
        }
    }

    /// The next event of the walk.
    pub(crate) fn event(&mut self, event: Event) {
        if self.problem.is_some() || self.done {
            return;
        }
        if event == Event::Close {
            self.counts.pop();
            self.closed(self.counts.len());
            return;
        }
        let depth = self.counts.len();
        if let Some(parent) = self.counts.last_mut() {
            *parent += 1;
        }
        self.value(depth, event);
        if event == Event::Open {
            self.counts.push(0);
        }
    }

    /// Where the value begun last at `depth` is, e.g. `coordinates[0][3]`.
    fn path(&self, depth: usize) -> String {
        let mut path = String::from("coordinates");
        for count in &self.counts[..depth] {
            path.push_str(&format!("[{}]", count.saturating_sub(1)));
        }
        path
    }

    fn fail(&mut self, problem: Problem) {
        if self.problem.is_none() {
            self.problem = Some(problem);
        }
        // Let go of what was read: the geometry is lost anyway.
        self.ring = Vec::new();
        self.polygon = Vec::new();
        self.polygons = Vec::new();
    }

    fn not_an_array(&mut self, depth: usize) {
        let field = format!("geometry.{}", self.path(depth));
        self.fail(Problem::WrongType {
            field,
            expected: "an array",
        });
    }

    /// A value begins at `depth`.
    fn value(&mut self, depth: usize, event: Event) {
        let at_position = self.shape.position_depth();
        let is_array = event == Event::Open;
        if depth < at_position {
            if !is_array {
                self.not_an_array(depth);
            }
        } else if depth == at_position {
            self.vertices += 1;
            if self.vertices > self.limit {
                self.fail(Problem::TooManyVertices { limit: self.limit });
            } else if !is_array {
                let path = self.path(depth);
                self.fail(Problem::CoordinateNotANumber { path });
            } else {
                self.position = (0, None, None);
            }
        } else if depth == at_position + 1 {
            let (count, x, y) = &mut self.position;
            let number = match event {
                Event::Number(v) => Some(v),
                _ => None,
            };
            match count {
                0 => *x = number,
                1 => *y = number,
                _ => {}
            }
            *count += 1;
        }
    }

    /// The array at `depth` has closed.
    fn closed(&mut self, depth: usize) {
        let at_position = self.shape.position_depth();
        if depth == at_position {
            self.position_closed(depth);
            return;
        }
        let ring_depth = at_position.wrapping_sub(1);
        let polygon_depth = at_position.wrapping_sub(2);
        if depth == ring_depth {
            let path = self.path(depth);
            let ring = std::mem::take(&mut self.ring);
            if ring.len() < 4 {
                self.fail(Problem::RingTooShort {
                    path,
                    positions: ring.len(),
                });
            } else if ring.first() != ring.last() {
                self.fail(Problem::RingNotClosed { path });
            } else {
                self.polygon.push(ring);
            }
        } else if depth == polygon_depth {
            if self.polygon.is_empty() {
                let path = format!("{}[0]", self.path(depth));
                self.fail(Problem::RingTooShort { path, positions: 0 });
                return;
            }
            let polygon = std::mem::take(&mut self.polygon);
            if self.shape == Shape::Polygon {
                self.polygons.push(polygon);
                self.done = true;
            } else {
                self.polygons.push(polygon);
            }
        } else if depth == 0 && self.shape == Shape::MultiPolygon {
            if self.polygons.is_empty() {
                // An empty MultiPolygon: nothing to draw, said so.
                self.fail(Problem::RingTooShort {
                    path: "coordinates[0][0]".into(),
                    positions: 0,
                });
            }
            self.done = true;
        }
    }

    fn position_closed(&mut self, depth: usize) {
        let (x, y) = match self.position {
            (n, Some(x), Some(y)) if (2..=3).contains(&n) => (x, y),
            _ => {
                let path = self.path(depth);
                self.fail(Problem::CoordinateNotANumber { path });
                return;
            }
        };
        let lng_ok = (-180.0..=180.0).contains(&x);
        let lat_ok = (-90.0..=90.0).contains(&y);
        if lng_ok && lat_ok {
            let p = LngLat::lon_lat(x, y);
            if self.shape == Shape::Point {
                self.point = Some(p);
                self.done = true;
            } else {
                self.ring.push(p);
            }
            return;
        }
        let path = self.path(depth);
        let swapped_ok = (-180.0..=180.0).contains(&y) && (-90.0..=90.0).contains(&x);
        self.fail(if swapped_ok {
            Problem::SwappedLonLat {
                path,
                first: x,
                second: y,
            }
        } else if !lng_ok {
            Problem::LongitudeOutOfRange { path, value: x }
        } else {
            Problem::LatitudeOutOfRange { path, value: y }
        });
    }

    /// The geometry, or the first problem found.
    pub(crate) fn finish(mut self) -> Result<Geometry, Problem> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let geometry = match self.shape {
            Shape::Point => self.point.map(Geometry::Point),
            Shape::Polygon => self.polygons.pop().map(Geometry::Polygon),
            Shape::MultiPolygon => self.done.then_some(Geometry::MultiPolygon(self.polygons)),
        };
        // Only a walk cut short ends here without a geometry; callers feed
        // whole values, so this is a safeguard, not a verdict users see.
        geometry.ok_or(Problem::MissingField {
            field: "geometry.coordinates".into(),
        })
    }
}

/// Walks a parsed `coordinates` value into `reader`, in document order.
pub(crate) fn walk(value: &Value, reader: &mut ShapeReader) {
    match value {
        Value::Array(items) => {
            reader.event(Event::Open);
            for item in items {
                if reader.problem.is_some() {
                    return; // nothing after the first problem matters
                }
                walk(item, reader);
            }
            reader.event(Event::Close);
        }
        Value::Number(n) => reader.event(n.as_f64().map_or(Event::Other, Event::Number)),
        _ => reader.event(Event::Other),
    }
}

/// The three readers side by side, for a streamed `coordinates` value whose
/// geometry's `type` may come after it in the file.
pub(crate) struct AnyShapeReader {
    readers: [ShapeReader; 3],
}

impl AnyShapeReader {
    /// Readers for every shape, allowing `limit` positions.
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            readers: [
                ShapeReader::new(Shape::Point, limit),
                ShapeReader::new(Shape::Polygon, limit),
                ShapeReader::new(Shape::MultiPolygon, limit),
            ],
        }
    }

    /// The next event of the walk.
    pub(crate) fn event(&mut self, event: Event) {
        for reader in &mut self.readers {
            reader.event(event);
        }
    }

    /// The reader of `shape`, the others dropped.
    pub(crate) fn into_shape(self, shape: Shape) -> ShapeReader {
        let [point, polygon, multi] = self.readers;
        match shape {
            Shape::Point => point,
            Shape::Polygon => polygon,
            Shape::MultiPolygon => multi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(shape: Shape, json: &str, limit: usize) -> Result<Geometry, Problem> {
        let value: Value = serde_json::from_str(json).expect("test JSON");
        let mut reader = ShapeReader::new(shape, limit);
        walk(&value, &mut reader);
        reader.finish()
    }

    fn code(r: Result<Geometry, Problem>) -> &'static str {
        r.err().map_or("ok", |p| p.code())
    }

    #[test]
    fn each_shape_reads_its_own_nesting() {
        assert_eq!(
            read(Shape::Point, "[125.1, 43.8]", 9),
            Ok(Geometry::Point(LngLat::lon_lat(125.1, 43.8)))
        );
        let square = "[[125,43],[125.1,43],[125.1,43.1],[125,43]]";
        assert!(matches!(
            read(Shape::Polygon, &format!("[{square}]"), 9),
            Ok(Geometry::Polygon(r)) if r.len() == 1 && r[0].len() == 4
        ));
        assert!(matches!(
            read(Shape::MultiPolygon, &format!("[[{square}],[{square},{square}]]"), 99),
            Ok(Geometry::MultiPolygon(p)) if p.len() == 2 && p[1].len() == 2
        ));
    }

    #[test]
    fn the_first_problem_is_named_with_its_path() {
        assert_eq!(
            read(
                Shape::Polygon,
                "[[[125,43],[125.1,43],[\"x\",43.1],[125,43]]]",
                9
            ),
            Err(Problem::CoordinateNotANumber {
                path: "coordinates[0][2]".into()
            })
        );
        assert_eq!(
            read(Shape::MultiPolygon, "[[[[125,43],[125.1,43],[125,43]]]]", 9),
            Err(Problem::RingTooShort {
                path: "coordinates[0][0]".into(),
                positions: 3
            })
        );
        assert_eq!(
            read(Shape::Polygon, "[[],5]", 9),
            Err(Problem::RingTooShort {
                path: "coordinates[0]".into(),
                positions: 0
            })
        );
        assert_eq!(
            read(Shape::Polygon, "[5]", 9),
            Err(Problem::WrongType {
                field: "geometry.coordinates[0]".into(),
                expected: "an array"
            })
        );
        assert_eq!(code(read(Shape::Polygon, "[]", 9)), "ring_too_short");
        assert_eq!(code(read(Shape::MultiPolygon, "[]", 9)), "ring_too_short");
        assert_eq!(
            code(read(Shape::Point, "[1,2,3,4]", 9)),
            "coordinate_not_a_number"
        );
        assert_eq!(
            code(read(Shape::Point, "[1,[2]]", 9)),
            "coordinate_not_a_number"
        );
        assert_eq!(
            code(read(Shape::Point, "[43.8,125.1]", 9)),
            "swapped_lon_lat"
        );
        assert_eq!(code(read(Shape::Point, "[1,2]", 0)), "too_many_vertices");
    }

    #[test]
    fn reading_stops_at_the_vertex_limit_and_says_more_than() {
        let ring: Vec<String> = (0..20).map(|i| format!("[125.{i},43]")).collect();
        let json = format!("[[{}]]", ring.join(","));
        assert_eq!(
            read(Shape::Polygon, &json, 10),
            Err(Problem::TooManyVertices { limit: 10 })
        );
        assert_eq!(
            Problem::TooManyVertices { limit: 250_000 }.to_string(),
            "the geometry has more than 250,000 positions, the limit"
        );
    }

    #[test]
    fn all_readers_side_by_side_agree_with_the_one_for_the_type() {
        for json in [
            "[125.1,43.8]",
            "[[[125,43],[125.1,43],[125.1,43.1],[125,43]]]",
            "[[[[125,43],[125.1,43],[125.1,43.1],[125,43]]]]",
            "[[1,{\"a\":[]}],null,\"x\"]",
            "[]",
        ] {
            let value: Value = serde_json::from_str(json).expect("test JSON");
            for shape in [Shape::Point, Shape::Polygon, Shape::MultiPolygon] {
                let mut all = AnyShapeReader::new(9);
                walk_all(&value, &mut all);
                assert_eq!(
                    all.into_shape(shape).finish(),
                    read(shape, json, 9),
                    "{json}"
                );
            }
        }
    }

    fn walk_all(value: &Value, all: &mut AnyShapeReader) {
        match value {
            Value::Array(items) => {
                all.event(Event::Open);
                for item in items {
                    walk_all(item, all);
                }
                all.event(Event::Close);
            }
            Value::Number(n) => all.event(Event::Number(n.as_f64().unwrap_or(f64::NAN))),
            _ => all.event(Event::Other),
        }
    }
}

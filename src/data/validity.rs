//! Whether polygon rings make sense as areas: a ring must not cross or
//! touch itself (a bow-tie), rings of one geometry must not cross or share a
//! stretch of boundary, a hole must lie inside its outer ring and not inside
//! another hole, and the parts of a MultiPolygon must not lie inside each
//! other. On such a geometry an area, "which park holds this point" and the
//! zone's coverage share are meaningless, so the converter skips it
//! (README, data section).
//!
//! `geo`'s own `Validation` (0.33) compares every pair of segments of a ring
//! (some 6·10¹⁰ pair tests for 250,000 positions) and relates rings through
//! full topology graphs. Here one sweep over the x axis finds every pair of
//! segments that meet, with `geo`'s robust `line_intersection` deciding; a
//! few points per ring, tested against the other rings, then settle
//! containment. Touching at single points is allowed between rings (as in
//! the OGC rules), never within one. Measured: see the README.
//!
//! Hostile input cannot make this slow: every segment pair and every edge a
//! point test visits is counted against [`WORK_BUDGET`]; past it the check
//! stops and the geometry is kept with a warning that it was not checked.

use geo::algorithm::line_intersection::{line_intersection, LineIntersection};
use geo::{Coord, Line};

use super::problem::Problem;
use crate::core::coord::LngLat;
use crate::core::model::{Geometry, Ring};

/// Work allowed per geometry, in steps: a pair of segment boxes compared or
/// an edge visited by a point test is one step, an exact intersection test
/// [`EXACT_TEST_STEPS`]. A 250,000-position ring takes about 2 million; the
/// budget runs out in some tens of milliseconds natively, whatever the input.
const WORK_BUDGET: usize = 4_000_000;

/// Steps an exact segment intersection test costs (it is some ten times a
/// box comparison).
const EXACT_TEST_STEPS: usize = 10;

/// At most this many problems are listed per geometry.
const MAX_PROBLEMS: usize = 8;

/// Every ring problem of a polygon or multipolygon (none for a point), in
/// one go.
#[cfg(test)]
pub(crate) fn check_rings(geometry: &Geometry) -> Vec<Problem> {
    RingCheck::new(geometry).map_or_else(Vec::new, RingCheck::run_to_end)
}

/// The ring check of one geometry, done in steps that can be spread over
/// many turns of the browser's event loop: the loader runs a big polygon's
/// check a few milliseconds at a time between yields (`data::convert::sink`),
/// so even a 250,000-position ring never holds the page in one long task.
/// The result is the same however the work is cut (tested).
pub(crate) struct RingCheck {
    checker: Checker,
    phase: Phase,
}

/// Where a [`RingCheck`] stands.
enum Phase {
    /// Nothing done yet.
    Start,
    /// Comparing segments: `next` is the first segment (in sweep order)
    /// whose pairs are still to be compared; `unspent`, comparisons not yet
    /// counted against the budget (counted in batches, the same batches
    /// however the work is cut, so a check over budget says the same).
    Sweep {
        segments: Vec<Segment>,
        next: usize,
        unspent: usize,
    },
    /// Relating rings: ring `a` against the rings from `at` on in
    /// `by_min_x`; `shell_done` once hole `a` was tested against its shell.
    Containment {
        by_min_x: Vec<usize>,
        a: usize,
        at: usize,
        shell_done: bool,
    },
    Done(Vec<Problem>),
}

impl RingCheck {
    /// The check of `geometry`'s rings; `None` for a point.
    pub(crate) fn new(geometry: &Geometry) -> Option<Self> {
        let polygons: Vec<(String, &[Ring])> = match geometry {
            Geometry::Point(_) => return None,
            Geometry::Polygon(rings) => vec![("coordinates".to_string(), rings.as_slice())],
            Geometry::MultiPolygon(polys) => polys
                .iter()
                .enumerate()
                .map(|(i, rings)| (format!("coordinates[{i}]"), rings.as_slice()))
                .collect(),
        };
        Some(Self {
            checker: Checker::new(&polygons),
            phase: Phase::Start,
        })
    }

    /// Segments to compare: what the work grows with.
    pub(crate) fn segments(&self) -> usize {
        self.checker.rings.iter().map(RingInfo::segments).sum()
    }

    /// The whole check at once.
    pub(crate) fn run_to_end(mut self) -> Vec<Problem> {
        loop {
            if let Some(problems) = self.advance(usize::MAX) {
                return problems;
            }
        }
    }

    /// Goes on for about `steps` more steps of work (it pauses between two
    /// segments or two pairs of rings, so a step's worth beyond); the
    /// problems once the check is done (handed over once: call no further).
    pub(crate) fn advance(&mut self, steps: usize) -> Option<Vec<Problem>> {
        let checker = &mut self.checker;
        checker.pause_at = checker.work.saturating_add(steps);
        let finished = match checker.resume(&mut self.phase) {
            Ok(finished) => finished,
            Err(OverBudget) => {
                let work = checker.work;
                self.phase = Phase::Done(vec![Problem::GeometryNotChecked { pairs: work }]);
                true
            }
        };
        match (&mut self.phase, finished) {
            (Phase::Done(problems), true) => Some(std::mem::take(problems)),
            _ => None,
        }
    }
}

/// The work budget ran out.
struct OverBudget;

/// One ring without repeated consecutive positions.
struct RingInfo {
    /// Polygon index.
    polygon: usize,
    /// 0 for the outer ring, then the holes.
    role: usize,
    /// Distinct consecutive positions; the last equals the first.
    points: Vec<Coord<f64>>,
    min: Coord<f64>,
    max: Coord<f64>,
}

impl RingInfo {
    fn segments(&self) -> usize {
        self.points.len().saturating_sub(1)
    }

    fn segment(&self, k: usize) -> Line<f64> {
        Line::new(self.points[k], self.points[k + 1])
    }
}

/// A segment for the sweep: its ring, its index in the ring, its box.
struct Segment {
    ring: u32,
    k: u32,
    min_x: f64,
    max_x: f64,
    min_y: f64,
    max_y: f64,
}

/// Where a point lies against one ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Inside,
    Outside,
    OnBoundary,
}

struct Checker {
    paths: Vec<String>,
    rings: Vec<RingInfo>,
    /// For each ring, the first ring of its polygon.
    polygon_start: Vec<usize>,
    /// For each polygon, its path (`coordinates[i]`).
    polygon_paths: Vec<String>,
    problems: Vec<Problem>,
    work: usize,
    /// [`RingCheck::advance`] pauses once `work` reaches this.
    pause_at: usize,
    /// `touches[a]`: segments of ring `a` that touch another ring, with it.
    touches: Vec<Vec<(u32, u32)>>,
}

impl Checker {
    fn new(source: &[(String, &[Ring])]) -> Self {
        let mut rings = Vec::new();
        let mut paths = Vec::new();
        let mut polygon_start = Vec::new();
        for (polygon, (path, polygon_rings)) in source.iter().enumerate() {
            let start = rings.len();
            for (role, ring) in polygon_rings.iter().enumerate() {
                let mut points: Vec<Coord<f64>> = Vec::with_capacity(ring.len());
                for p in ring.iter() {
                    let c = coord(*p);
                    if points.last() != Some(&c) {
                        points.push(c);
                    }
                }
                let (min, max) = bounds(&points);
                rings.push(RingInfo {
                    polygon,
                    role,
                    points,
                    min,
                    max,
                });
                paths.push(format!("{path}[{role}]"));
                polygon_start.push(start);
            }
        }
        let touches = rings.iter().map(|_| Vec::new()).collect();
        Self {
            paths,
            rings,
            polygon_start,
            polygon_paths: source.iter().map(|(path, _)| path.clone()).collect(),
            problems: Vec::new(),
            work: 0,
            pause_at: usize::MAX,
            touches,
        }
    }

    fn spend(&mut self, steps: usize) -> Result<(), OverBudget> {
        self.work += steps;
        if self.work > WORK_BUDGET {
            Err(OverBudget)
        } else {
            Ok(())
        }
    }

    /// Whether this turn's steps are spent.
    fn paused(&self) -> bool {
        self.work >= self.pause_at
    }

    fn report(&mut self, problem: Problem) {
        if self.problems.len() < MAX_PROBLEMS && !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    /// Works on from `phase` until done (true) or paused (false).
    fn resume(&mut self, phase: &mut Phase) -> Result<bool, OverBudget> {
        loop {
            match phase {
                Phase::Start => {
                    for r in 0..self.rings.len() {
                        // A ring of fewer than three distinct positions has no inside.
                        if self.rings[r].points.len() < 4 {
                            let path = self.paths[r].clone();
                            self.report(Problem::SelfIntersectingRing { path });
                        }
                    }
                    *phase = Phase::Sweep {
                        segments: self.sorted_segments()?,
                        next: 0,
                        unspent: 0,
                    };
                }
                Phase::Sweep {
                    segments,
                    next,
                    unspent,
                } => {
                    if !self.sweep(segments, next, unspent)? {
                        return Ok(false);
                    }
                    *phase = if self.problems.is_empty() {
                        Phase::Containment {
                            by_min_x: self.rings_by_min_x(),
                            a: 0,
                            at: 0,
                            shell_done: false,
                        }
                    } else {
                        // Containment means little between crossing rings.
                        Phase::Done(std::mem::take(&mut self.problems))
                    };
                }
                Phase::Containment {
                    by_min_x,
                    a,
                    at,
                    shell_done,
                } => {
                    if !self.containment(by_min_x, a, at, shell_done)? {
                        return Ok(false);
                    }
                    *phase = Phase::Done(std::mem::take(&mut self.problems));
                }
                Phase::Done(_) => return Ok(true),
            }
        }
    }

    /// Every segment with its box, sorted along x for the sweep.
    fn sorted_segments(&mut self) -> Result<Vec<Segment>, OverBudget> {
        let mut segments = Vec::new();
        for (r, ring) in self.rings.iter().enumerate() {
            for k in 0..ring.segments() {
                let line = ring.segment(k);
                segments.push(Segment {
                    ring: r as u32,
                    k: k as u32,
                    min_x: line.start.x.min(line.end.x),
                    max_x: line.start.x.max(line.end.x),
                    min_y: line.start.y.min(line.end.y),
                    max_y: line.start.y.max(line.end.y),
                });
            }
        }
        self.spend(segments.len())?;
        // Stable sort on purpose: it merges runs already in order, and a
        // ring's segments come in long runs of rising or falling x.
        segments.sort_by(|a, b| a.min_x.total_cmp(&b.min_x));
        Ok(segments)
    }

    /// Every pair of segments whose boxes meet, by a sweep along x, from
    /// segment `next` on: true once all are compared, false when paused.
    fn sweep(
        &mut self,
        segments: &[Segment],
        next: &mut usize,
        unspent: &mut usize,
    ) -> Result<bool, OverBudget> {
        let mut compared = *unspent;
        let first = *next;
        // At least one segment a turn: the batch not yet counted may alone
        // be past the pause.
        while let Some(a) = segments.get(*next) {
            if *next > first && self.work + compared >= self.pause_at {
                *unspent = compared;
                return Ok(false);
            }
            for b in &segments[*next + 1..] {
                if b.min_x > a.max_x {
                    break;
                }
                compared += 1;
                if compared >= 4096 {
                    self.spend(compared)?;
                    compared = 0;
                }
                if b.min_y > a.max_y || b.max_y < a.min_y {
                    continue;
                }
                compared += self.meet(a, b);
            }
            *next += 1;
        }
        *unspent = 0;
        self.spend(compared)?;
        Ok(true)
    }

    /// Two segments whose boxes overlap: what their meeting means. Returns
    /// the steps it took beyond the box comparison.
    fn meet(&mut self, a: &Segment, b: &Segment) -> usize {
        let (ra, rb) = (a.ring as usize, b.ring as usize);
        if ra == rb {
            let ring = &self.rings[ra];
            let n = ring.segments() as u32;
            let (lo, hi) = (a.k.min(b.k), a.k.max(b.k));
            // Neighbours share their common position and nothing more,
            // unless the ring turns straight back on itself there.
            let folds = if hi - lo == 1 {
                Some(folds_back(&ring.points, lo as usize))
            } else if lo == 0 && hi == n - 1 {
                Some(folds_back(&ring.points, hi as usize))
            } else {
                None
            };
            let (crosses, steps) = match folds {
                Some(folds) => (folds, 1),
                None => (
                    line_intersection(ring.segment(lo as usize), ring.segment(hi as usize))
                        .is_some(),
                    EXACT_TEST_STEPS,
                ),
            };
            if crosses {
                let path = self.paths[ra].clone();
                self.report(Problem::SelfIntersectingRing { path });
            }
            return steps;
        }
        let la = self.rings[ra].segment(a.k as usize);
        let lb = self.rings[rb].segment(b.k as usize);
        let Some(meeting) = line_intersection(la, lb) else {
            return EXACT_TEST_STEPS;
        };
        match meeting {
            LineIntersection::SinglePoint {
                is_proper: false, ..
            } => {
                // A touch: legal at a point, unless the rings cross there;
                // containment tests the segments on both sides of it.
                self.touches[ra].push((a.k, rb as u32));
                self.touches[rb].push((b.k, ra as u32));
            }
            _ => {
                let (first, second) = (ra.min(rb), ra.max(rb));
                let path = self.paths[first].clone();
                let other = self.paths[second].clone();
                self.report(Problem::RingsCross { path, other });
            }
        }
        EXACT_TEST_STEPS
    }

    /// Rings sorted along x by the left of their boxes: containment's
    /// candidates (many small holes stay cheap).
    fn rings_by_min_x(&self) -> Vec<usize> {
        let mut by_min_x: Vec<usize> = (0..self.rings.len()).collect();
        by_min_x.sort_unstable_by(|a, b| self.rings[*a].min.x.total_cmp(&self.rings[*b].min.x));
        by_min_x
    }

    /// Holes inside their outer ring and not inside each other; parts of a
    /// MultiPolygon not inside each other. Goes on from ring `a` against
    /// candidate `at`: true once every ring is related, false when paused.
    fn containment(
        &mut self,
        by_min_x: &[usize],
        a: &mut usize,
        at: &mut usize,
        shell_done: &mut bool,
    ) -> Result<bool, OverBudget> {
        while *a < self.rings.len() {
            let ring = *a;
            let is_hole = self.rings[ring].role > 0;
            let polygon = self.rings[ring].polygon;
            if !*shell_done {
                if self.paused() {
                    return Ok(false);
                }
                if is_hole {
                    let shell = self.polygon_start[ring];
                    if self.test(ring, shell)? == Some(Side::Outside) {
                        let (path, outer) = (self.paths[ring].clone(), self.paths[shell].clone());
                        self.report(Problem::HoleOutsideShell { path, outer });
                    }
                }
                *shell_done = true;
            }
            let (min_x, max_x) = (self.rings[ring].min.x, self.rings[ring].max.x);
            while let Some(&b) = by_min_x.get(*at) {
                if self.rings[b].min.x > max_x {
                    break;
                }
                if self.paused() {
                    return Ok(false);
                }
                *at += 1;
                self.spend(1)?;
                if b == ring || self.rings[b].max.x < min_x || !self.boxes_meet(ring, b) {
                    continue;
                }
                let same_polygon = self.rings[b].polygon == polygon;
                let b_is_hole = self.rings[b].role > 0;
                if same_polygon && is_hole && b_is_hole {
                    if self.test(ring, b)? == Some(Side::Inside) {
                        let (path, other) = (self.paths[ring].clone(), self.paths[b].clone());
                        self.report(Problem::HolesNested { path, other });
                    }
                } else if !same_polygon && !is_hole && !b_is_hole && self.in_area(ring, b)? {
                    let path = self.polygon_paths[polygon].clone();
                    let other = self.polygon_paths[self.rings[b].polygon].clone();
                    self.report(Problem::PolygonsOverlap { path, other });
                }
            }
            *a += 1;
            *at = 0;
            *shell_done = false;
        }
        Ok(true)
    }

    fn boxes_meet(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.rings[a], &self.rings[b]);
        a.min.x <= b.max.x && b.min.x <= a.max.x && a.min.y <= b.max.y && b.min.y <= a.max.y
    }

    /// Whether the outer ring `a` lies in the area of the polygon whose
    /// outer ring is `b`: inside it and not in (or on) one of its holes.
    fn in_area(&mut self, a: usize, b: usize) -> Result<bool, OverBudget> {
        let Some(point) = self.test_point(a, b)? else {
            return Ok(false);
        };
        if self.side(point, b)? != Side::Inside {
            return Ok(false);
        }
        let polygon = self.rings[b].polygon;
        for hole in b + 1..self.rings.len() {
            if self.rings[hole].polygon != polygon {
                break;
            }
            if self.side(point, hole)? != Side::Outside {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Where ring `a` lies against ring `b`: from a position of `a` off
    /// `b`'s boundary, and where `a` touches `b`, from the ends and middles
    /// of the touching segments (a ring passing through a vertex of the
    /// other has ends on each side). `Outside` or `Inside` when any test
    /// point says so (`Outside` first); `None` when all lie on `b`.
    fn test(&mut self, a: usize, b: usize) -> Result<Option<Side>, OverBudget> {
        let mut points = Vec::new();
        if let Some(p) = self.test_point(a, b)? {
            points.push(p);
        }
        let touching: Vec<u32> = self.touches[a]
            .iter()
            .filter(|(_, other)| *other as usize == b)
            .map(|(k, _)| *k)
            .collect();
        for k in touching {
            let line = self.rings[a].segment(k as usize);
            points.extend([
                line.start,
                line.end,
                Coord {
                    x: (line.start.x + line.end.x) / 2.0,
                    y: (line.start.y + line.end.y) / 2.0,
                },
            ]);
        }
        let mut verdict = None;
        for p in points {
            match self.side(p, b)? {
                Side::Outside => return Ok(Some(Side::Outside)),
                Side::Inside => verdict = Some(Side::Inside),
                Side::OnBoundary => {}
            }
        }
        Ok(verdict)
    }

    /// The first position of ring `a` not on ring `b`'s boundary.
    fn test_point(&mut self, a: usize, b: usize) -> Result<Option<Coord<f64>>, OverBudget> {
        let count = self.rings[a].points.len().saturating_sub(1);
        for i in 0..count {
            let p = self.rings[a].points[i];
            if self.side(p, b)? != Side::OnBoundary {
                return Ok(Some(p));
            }
        }
        Ok(None)
    }

    /// Crossing-number test of `p` against ring `r`, with its boundary told
    /// apart (by `geo`'s robust orientation test).
    fn side(&mut self, p: Coord<f64>, r: usize) -> Result<Side, OverBudget> {
        use geo::kernels::{Kernel, Orientation, RobustKernel};
        let ring = &self.rings[r];
        if p.x < ring.min.x || p.x > ring.max.x || p.y < ring.min.y || p.y > ring.max.y {
            return Ok(Side::Outside);
        }
        let n = ring.segments();
        let mut inside = false;
        for k in 0..n {
            let (s, e) = (ring.points[k], ring.points[k + 1]);
            if (s.y > p.y) != (e.y > p.y) || (s.y == p.y && e.y == p.y) {
                let turn = RobustKernel::orient2d(s, e, p);
                let within_x = p.x >= s.x.min(e.x) && p.x <= s.x.max(e.x);
                let within_y = p.y >= s.y.min(e.y) && p.y <= s.y.max(e.y);
                if turn == Orientation::Collinear && within_x && within_y {
                    self.spend(k + 1)?;
                    return Ok(Side::OnBoundary);
                }
                if s.y != e.y {
                    // The edge crosses the horizontal through p: left or right of p?
                    let upward = e.y > s.y;
                    let left_of_edge = turn == Orientation::CounterClockwise;
                    if upward == left_of_edge {
                        inside = !inside;
                    }
                }
            } else if p == s {
                self.spend(k + 1)?;
                return Ok(Side::OnBoundary);
            }
        }
        self.spend(n)?;
        Ok(if inside { Side::Inside } else { Side::Outside })
    }
}

/// Whether the ring doubles back at the position after segment `k` (the
/// segments before and after it overlap along a stretch).
fn folds_back(points: &[Coord<f64>], k: usize) -> bool {
    use geo::kernels::{Kernel, Orientation, RobustKernel};
    let n = points.len() - 1; // segments; points[n] == points[0]
    let (before, at, after) = (points[k], points[k + 1], points[(k + 2) % (n + 1)]);
    let after = if k + 1 == n { points[1] } else { after };
    RobustKernel::orient2d(before, at, after) == Orientation::Collinear
        && (before.x - at.x) * (after.x - at.x) + (before.y - at.y) * (after.y - at.y) > 0.0
}

fn coord(p: LngLat) -> Coord<f64> {
    Coord { x: p.lng, y: p.lat }
}

fn bounds(points: &[Coord<f64>]) -> (Coord<f64>, Coord<f64>) {
    let mut min = Coord {
        x: f64::INFINITY,
        y: f64::INFINITY,
    };
    let mut max = Coord {
        x: f64::NEG_INFINITY,
        y: f64::NEG_INFINITY,
    };
    for p in points {
        min.x = min.x.min(p.x);
        min.y = min.y.min(p.y);
        max.x = max.x.max(p.x);
        max.y = max.y.max(p.y);
    }
    (min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Ring {
        points.iter().map(|&(x, y)| LngLat::lon_lat(x, y)).collect()
    }

    fn square(x: f64, y: f64, size: f64) -> Ring {
        ring(&[
            (x, y),
            (x + size, y),
            (x + size, y + size),
            (x, y + size),
            (x, y),
        ])
    }

    /// The check in one go, and cut into turns of a few steps: the same.
    fn check(g: &Geometry) -> Vec<Problem> {
        let whole = check_rings(g);
        for steps in [1, 37, 5000] {
            let mut sliced = RingCheck::new(g).expect("a polygon");
            let mut turns = 1;
            let problems = loop {
                match sliced.advance(steps) {
                    Some(problems) => break problems,
                    None => turns += 1,
                }
            };
            assert_eq!(problems, whole, "cut into turns of {steps} steps");
            if steps == 1 && sliced.segments() > 4 {
                assert!(turns > 1, "a check of one step a turn takes turns");
            }
        }
        whole
    }

    fn whole_codes(g: &Geometry) -> Vec<&'static str> {
        check_rings(g).iter().map(Problem::code).collect()
    }

    fn codes(g: &Geometry) -> Vec<&'static str> {
        check(g).iter().map(Problem::code).collect()
    }

    #[test]
    fn good_polygons_pass() {
        let outer = square(125.0, 43.0, 1.0);
        assert!(codes(&Geometry::Polygon(vec![outer.clone()])).is_empty());
        // A hole inside; one touching the outline at a single corner.
        let touching = ring(&[(125.0, 43.0), (125.3, 43.1), (125.1, 43.3), (125.0, 43.0)]);
        let hole = square(125.5, 43.5, 0.2);
        assert!(codes(&Geometry::Polygon(vec![
            outer.clone(),
            hole.clone(),
            touching
        ]))
        .is_empty());
        // Repeated and collinear positions are fine.
        let wordy = ring(&[
            (125.0, 43.0),
            (125.0, 43.0),
            (125.5, 43.0),
            (126.0, 43.0),
            (126.0, 44.0),
            (125.0, 44.0),
            (125.0, 43.0),
        ]);
        assert!(codes(&Geometry::Polygon(vec![wordy])).is_empty());
        // An island in a lake.
        let lake = square(125.2, 43.2, 0.6);
        let island = square(125.4, 43.4, 0.2);
        assert!(codes(&Geometry::MultiPolygon(vec![
            vec![outer, lake],
            vec![island]
        ]))
        .is_empty());
    }

    #[test]
    fn a_bow_tie_crosses_itself() {
        let bow_tie = ring(&[
            (125.0, 43.0),
            (126.0, 44.0),
            (126.0, 43.0),
            (125.0, 44.0),
            (125.0, 43.0),
        ]);
        assert_eq!(
            check(&Geometry::Polygon(vec![bow_tie])),
            [Problem::SelfIntersectingRing {
                path: "coordinates[0]".into()
            }]
        );
        // Touching itself at a vertex, and a spike back along an edge.
        let figure_eight = ring(&[
            (125.0, 43.0),
            (125.5, 43.5),
            (126.0, 43.0),
            (126.0, 44.0),
            (125.5, 43.5),
            (125.0, 44.0),
            (125.0, 43.0),
        ]);
        assert_eq!(
            codes(&Geometry::Polygon(vec![figure_eight])),
            ["self_intersecting_ring"]
        );
        let spike = ring(&[
            (125.0, 43.0),
            (126.0, 43.0),
            (126.5, 43.0),
            (126.0, 43.0),
            (126.0, 44.0),
            (125.0, 43.0),
        ]);
        assert_eq!(
            codes(&Geometry::Polygon(vec![spike])),
            ["self_intersecting_ring"]
        );
        let flat = ring(&[(125.0, 43.0), (126.0, 43.0), (125.0, 43.0), (125.0, 43.0)]);
        assert_eq!(
            codes(&Geometry::Polygon(vec![flat])),
            ["self_intersecting_ring"]
        );
    }

    #[test]
    fn holes_must_lie_inside_their_outer_ring_and_apart() {
        let outer = square(125.0, 43.0, 1.0);
        let outside = square(127.0, 43.0, 0.5);
        assert_eq!(
            check(&Geometry::Polygon(vec![outer.clone(), outside])),
            [Problem::HoleOutsideShell {
                path: "coordinates[1]".into(),
                outer: "coordinates[0]".into()
            }]
        );
        let crossing = square(125.8, 43.4, 0.5);
        assert_eq!(
            check(&Geometry::Polygon(vec![outer.clone(), crossing])),
            [Problem::RingsCross {
                path: "coordinates[0]".into(),
                other: "coordinates[1]".into()
            }]
        );
        // Out through one vertex of the outline and back through another:
        // touches only, yet partly outside.
        let through_corner = ring(&[(125.5, 43.5), (126.5, 44.5), (125.5, 44.5), (125.5, 43.5)]);
        let corner_outer = ring(&[
            (125.0, 43.0),
            (126.0, 43.0),
            (126.0, 44.0),
            (125.5, 44.0),
            (125.0, 44.0),
            (125.0, 43.0),
        ]);
        assert_eq!(
            codes(&Geometry::Polygon(vec![corner_outer, through_corner])),
            ["hole_outside_shell"]
        );
        let big_hole = square(125.1, 43.1, 0.6);
        let small_hole = square(125.2, 43.2, 0.1);
        assert_eq!(
            check(&Geometry::Polygon(vec![
                outer.clone(),
                big_hole.clone(),
                small_hole
            ])),
            [Problem::HolesNested {
                path: "coordinates[2]".into(),
                other: "coordinates[1]".into()
            }]
        );
        let same_edge = square(125.1, 43.1, 0.6);
        assert_eq!(
            codes(&Geometry::Polygon(vec![outer, big_hole, same_edge])),
            ["rings_cross"]
        );
    }

    #[test]
    fn parts_of_a_multipolygon_must_not_lie_in_each_other() {
        let big = square(125.0, 43.0, 1.0);
        let inner = square(125.2, 43.2, 0.2);
        assert_eq!(
            check(&Geometry::MultiPolygon(vec![
                vec![big.clone()],
                vec![inner]
            ])),
            [Problem::PolygonsOverlap {
                path: "coordinates[1]".into(),
                other: "coordinates[0]".into()
            }]
        );
        let apart = square(127.0, 43.0, 1.0);
        let corner = square(126.0, 44.0, 1.0);
        assert!(codes(&Geometry::MultiPolygon(vec![
            vec![big.clone()],
            vec![apart],
            vec![corner]
        ]))
        .is_empty());
    }

    #[test]
    fn a_ring_of_250_000_positions_is_checked_quickly() {
        let n = 250_000;
        let circle: Ring = (0..=n)
            .map(|i| {
                let a = std::f64::consts::TAU * (i % n) as f64 / n as f64;
                LngLat::lon_lat(125.2 + 0.1 * a.cos(), 43.85 + 0.07 * a.sin())
            })
            .collect();
        let started = std::time::Instant::now();
        assert!(check_rings(&Geometry::Polygon(vec![circle.clone()])).is_empty());
        let took = started.elapsed();
        assert!(codes(&Geometry::Polygon(vec![circle.clone()])).is_empty());
        eprintln!("validity of a {n}-position ring: {took:?}");
        let mut crossed = circle;
        crossed.swap(1000, 2000);
        assert_eq!(
            codes(&Geometry::Polygon(vec![crossed])),
            ["self_intersecting_ring"]
        );
    }

    #[test]
    fn entangled_input_stops_at_the_budget_and_says_so() {
        // A serpentine of long horizontal runs: every segment overlaps every
        // other along x, a quadratic sweep.
        let mut points = Vec::new();
        for i in 0..20_000u32 {
            let y = 43.0 + f64::from(i) * 1e-5;
            let (a, b) = if i.is_multiple_of(2) {
                (125.0, 126.0)
            } else {
                (126.0, 125.0)
            };
            points.push((a, y));
            points.push((b, y));
        }
        points.push((125.0, 43.0));
        let serpentine = ring(&points);
        let started = std::time::Instant::now();
        assert_eq!(
            whole_codes(&Geometry::Polygon(vec![serpentine.clone()])),
            ["geometry_not_checked"]
        );
        assert!(started.elapsed().as_secs_f64() < 5.0);
        // Cut into turns, it gives up at the same step and says so alike.
        assert_eq!(
            check(&Geometry::Polygon(vec![serpentine])),
            check_rings(&Geometry::Polygon(vec![ring(&points)]))
        );
        // A comb of long parallel diagonals: every pair of boxes overlaps,
        // so every comparison is an exact test.
        let mut comb: Ring = Vec::new();
        for i in 0..100_000u32 {
            let y = f64::from(i) * 1e-6;
            comb.push(LngLat::lon_lat(125.0, 43.0 + y));
            comb.push(LngLat::lon_lat(125.5, 43.5 + y));
        }
        comb.push(LngLat::lon_lat(124.9, 43.9));
        comb.push(comb[0]);
        let started = std::time::Instant::now();
        assert_eq!(
            whole_codes(&Geometry::Polygon(vec![comb])),
            ["geometry_not_checked"]
        );
        eprintln!(
            "a comb of 200,000 diagonals: given up after {:?}",
            started.elapsed()
        );
        assert!(started.elapsed().as_secs_f64() < 5.0);
    }
}

//! How much of an area lies within a radius of a station, with an error bound
//! the UI can quote ("62 % ± 1 %").

use geo::{Contains, Coord};

use super::coord::LngLat;
use super::index::{PointIndex, WGS84_E2};
use super::measure::distance_m;
use super::measure::to_geo_polygon;
use super::model::Ring;

/// Grids finer than this (per side) are clamped: 4 million cells is far past
/// any useful precision and keeps memory bounded.
const MAX_CELLS_ACROSS: usize = 2_048;

/// Cells closer than this fraction of a cell to a polygon edge are not
/// counted as crossed by it, so an outline lying exactly on grid lines (a
/// rectangle, up to rounding) crosses no cell. The area this can misplace is
/// below 1e-8 of a cell per cell, far under the bound.
const EDGE_TOLERANCE_CELLS: f64 = 1e-9;

/// The share of an area within reach of a station, with its error bound.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coverage {
    /// Estimated share of the area's ground area within the radius of at
    /// least one station, in `0..=1`.
    pub covered_share: f64,
    /// The true share lies within `covered_share ± error_bound` (in `0..=1`,
    /// share units, not percent). See [`coverage_share`] for the derivation.
    pub error_bound: f64,
    /// Number of grid cells whose centre lies inside the area (the sample
    /// size; 0 means the area was too small or degenerate to measure).
    pub cells: usize,
}

/// The share of the polygon `area` (exterior ring, then holes) lying within
/// `radius_m` (geodesic) of any point of `stations`, with a guaranteed error
/// bound.
///
/// # Method
///
/// 1. **Grid.** The polygon's bounding box is cut into `cells_across` cells
///    along its longer side and proportionally many along the other, with
///    equal steps in x = lon·cos φ0 and y = lat (φ0: the box's middle
///    latitude). All cells of a row have the same ground area; from row to
///    row it varies as cos φ (0.17 % over 0.1° of latitude at 44° N), so each
///    row is weighted by its exact relative ground area, proportional to the
///    ellipsoid's area element M·N·cos φ ∝ cos φ / (1 − e² sin² φ)² (M, N:
///    meridional and prime-vertical radii of curvature, Snyder 1987, *Map
///    Projections — A Working Manual*, USGS PP 1395). All sums below are of
///    these weights, i.e. of ground area.
/// 2. **Inside.** A cell belongs to the area when its centre does (boundary
///    counts as outside, as in [`crate::core::query`]).
/// 3. **Coverage.** For each inside cell, d = geodesic distance from its
///    centre to the nearest station ([`PointIndex::nearest_k`]). With h the
///    largest half diagonal of any cell (metres, geodesic), the triangle
///    inequality makes the cell *certainly covered* when d ≤ r − h (every
///    point of it is within r) and *certainly uncovered* when d > r + h;
///    otherwise it is *uncertain* and counts one half.
/// 4. **Boundary.** A cell is a *boundary cell* when a polygon edge (outline
///    or hole) passes through its interior, whether its centre is inside or
///    not; only there can a cell be partly inside.
///
/// covered_share = (certain covered + ½ · uncertain) / inside, and
///
/// error_bound = (½ · uncertain cells that are not boundary cells
///               + all boundary cells, inside or outside) / inside,
///
/// all in ground area. **Why it is a bound:** write the true share as
/// Σ qᵢ / Σ pᵢ (pᵢ, qᵢ: fraction of cell i inside the area, and inside and
/// covered). For a non-boundary cell pᵢ is 0 or 1 and agrees with the centre
/// test, and its estimate is off by at most ½ (uncertain) or 0 (certain).
/// Expanding estimate − truth = [(Σ eᵢ − Σ qᵢ) − S (n − Σ pᵢ)] / n, each
/// boundary cell's term has magnitude at most 1 whatever its class, so the
/// bound holds in the worst case, not only on average. It neglects only
/// rounding and the midpoint rule's row weight (relative error below
/// (Δφ_cell)², under 1e-6 for cells under 1 km).
///
/// With no stations the share is 0 and the bound is the boundary term alone.
/// With no cell centre inside the area (degenerate or tiny polygon, empty
/// rings, `cells_across` 0) the result is share 0, bound 1, `cells` 0. A
/// negative or NaN radius covers nothing. `cells_across` is clamped to
/// 2 048.
///
/// # Cost
/// O(cells · (polygon vertices + log stations)): for 200 cells across, about
/// 40 000 point-in-polygon tests and nearest-station queries.
///
/// # Units
/// `radius_m` in metres; shares and bound as fractions in `0..=1`.
///
/// ```
/// use qikai_map::core::{coord::LngLat, coverage::coverage_share, index::PointIndex};
/// let square = vec![
///     LngLat::lon_lat(125.20, 43.80), LngLat::lon_lat(125.30, 43.80),
///     LngLat::lon_lat(125.30, 43.90), LngLat::lon_lat(125.20, 43.90),
///     LngLat::lon_lat(125.20, 43.80),
/// ];
/// let stations = PointIndex::new(&[LngLat::lon_lat(125.25, 43.85)]);
/// let c = coverage_share(&[square], &stations, 1_000.0, 100);
/// assert!(c.covered_share > 0.0 && c.covered_share < 0.1);
/// assert!(c.error_bound < 0.02);
/// ```
pub fn coverage_share(
    area: &[Ring],
    stations: &PointIndex,
    radius_m: f64,
    cells_across: usize,
) -> Coverage {
    const NOTHING_MEASURED: Coverage = Coverage {
        covered_share: 0.0,
        error_bound: 1.0,
        cells: 0,
    };
    let (Some(polygon), Some(grid)) = (
        to_geo_polygon(area),
        area.first()
            .and_then(|outline| Grid::over(outline, cells_across)),
    ) else {
        return NOTHING_MEASURED;
    };
    let boundary = grid.boundary_cells(area);
    // An invalid radius reaches nothing: every cell is certainly uncovered.
    let r = if radius_m >= 0.0 {
        radius_m
    } else {
        f64::NEG_INFINITY
    };
    let h = grid.max_half_diagonal_m();

    let (mut inside_w, mut covered_w, mut uncertain_w) = (0.0, 0.0, 0.0);
    let (mut bound_w, mut inside_cells) = (0.0, 0);
    for j in 0..grid.ny {
        let w = grid.row_weight(j);
        for i in 0..grid.nx {
            let on_boundary = boundary[j * grid.nx + i];
            if on_boundary {
                bound_w += w;
            }
            let centre = grid.centre(i, j);
            if !polygon.contains(&Coord {
                x: centre.lng,
                y: centre.lat,
            }) {
                continue;
            }
            inside_cells += 1;
            inside_w += w;
            // Only "is d within r + h, and is it within r − h" matters, so
            // the search may stop at r + h.
            let nearest = stations.nearest_k(centre, 1, Some(r + h));
            match nearest.first() {
                Some(&(_, d)) if d <= r - h => covered_w += w,
                Some(_) => {
                    uncertain_w += w;
                    if !on_boundary {
                        bound_w += w / 2.0;
                    }
                }
                None => {}
            }
        }
    }
    if inside_cells == 0 || inside_w <= 0.0 {
        return NOTHING_MEASURED;
    }
    Coverage {
        covered_share: ((covered_w + uncertain_w / 2.0) / inside_w).clamp(0.0, 1.0),
        error_bound: (bound_w / inside_w).min(1.0),
        cells: inside_cells,
    }
}

/// The sampling grid over a polygon's bounding box, in lon/lat.
struct Grid {
    min: LngLat,
    /// Cell size in degrees of longitude and latitude.
    step_lng: f64,
    step_lat: f64,
    nx: usize,
    ny: usize,
    /// (1 − e² sin² φ0)² / cos φ0, so row weights are near 1.
    weight_scale: f64,
}

impl Grid {
    fn over(outline: &Ring, cells_across: usize) -> Option<Self> {
        let mut iter = outline.iter();
        let first = *iter.next()?;
        let (min, max) = iter.fold((first, first), |(lo, hi), p| {
            (
                LngLat::lon_lat(lo.lng.min(p.lng), lo.lat.min(p.lat)),
                LngLat::lon_lat(hi.lng.max(p.lng), hi.lat.max(p.lat)),
            )
        });
        let cos0 = ((min.lat + max.lat) / 2.0).to_radians().cos();
        // Sides in the local plane x = lon·cos φ0, y = lat (degrees).
        let (width, height) = ((max.lng - min.lng) * cos0, max.lat - min.lat);
        let usable = |v: f64| v.is_finite() && v > 0.0;
        if !usable(width) || !usable(height) || cells_across == 0 {
            return None;
        }
        let across = cells_across.min(MAX_CELLS_ACROSS);
        // The shorter side gets proportionally many cells, so cells are
        // (nearly) square on the ground and the grid fits the box exactly.
        let shorter = |ratio: f64| ((ratio * across as f64).round() as usize).clamp(1, across);
        let (nx, ny) = if width >= height {
            (across, shorter(height / width))
        } else {
            (shorter(width / height), across)
        };
        let phi0 = ((min.lat + max.lat) / 2.0).to_radians();
        Some(Self {
            min,
            step_lng: (max.lng - min.lng) / nx as f64,
            step_lat: (max.lat - min.lat) / ny as f64,
            nx,
            ny,
            weight_scale: 1.0 / area_element(phi0),
        })
    }

    fn centre(&self, i: usize, j: usize) -> LngLat {
        LngLat::lon_lat(
            self.min.lng + (i as f64 + 0.5) * self.step_lng,
            self.min.lat + (j as f64 + 0.5) * self.step_lat,
        )
    }

    /// Relative ground area of a cell in row `j` (midpoint rule).
    fn row_weight(&self, j: usize) -> f64 {
        area_element(self.centre(0, j).lat.to_radians()) * self.weight_scale
    }

    /// The largest distance from a cell's centre to any point of it, metres.
    /// Cells are widest on the row nearest the equator, and in a (nearly
    /// planar) trapezoid the farthest point from the centre is a corner on
    /// the wider side.
    fn max_half_diagonal_m(&self) -> f64 {
        let nearest_equator_row = if self.min.lat >= 0.0 { 0 } else { self.ny - 1 };
        let c = self.centre(0, nearest_equator_row);
        let toward_equator = if c.lat >= 0.0 { -0.5 } else { 0.5 };
        let corner = LngLat::lon_lat(
            c.lng + 0.5 * self.step_lng,
            c.lat + toward_equator * self.step_lat,
        );
        // The margin covers the curvature a planar argument ignores, which is
        // of order (cell / earth radius)², many orders below it.
        distance_m(c, corner) * 1.001
    }

    /// Which cells (row-major) a ring edge passes through the interior of.
    fn boundary_cells(&self, rings: &[Ring]) -> Vec<bool> {
        let mut hit = vec![false; self.nx * self.ny];
        // In grid units cell (i, j) is the unit square at (i, j).
        let to_grid = |p: &LngLat| {
            (
                (p.lng - self.min.lng) / self.step_lng,
                (p.lat - self.min.lat) / self.step_lat,
            )
        };
        for ring in rings {
            for edge in ring.windows(2) {
                self.mark_edge(to_grid(&edge[0]), to_grid(&edge[1]), &mut hit);
            }
        }
        hit
    }

    /// Marks the cells whose interior the segment `a`–`b` (grid units) meets.
    /// Each row is visited once; only the cells under the part of the segment
    /// within that row (plus one either side) are tested.
    fn mark_edge(&self, a: (f64, f64), b: (f64, f64), hit: &mut [bool]) {
        let clamp_index = |v: f64, n: usize| -> usize {
            if v <= 0.0 {
                0
            } else {
                (v as usize).min(n - 1)
            }
        };
        let j0 = clamp_index(a.1.min(b.1).floor() - 1.0, self.ny);
        let j1 = clamp_index(a.1.max(b.1).floor() + 1.0, self.ny);
        for j in j0..=j1 {
            // The u-range of the segment within the row's strip.
            let (lo, hi) = (j as f64, j as f64 + 1.0);
            let (t0, t1) = if a.1 == b.1 {
                (0.0, 1.0)
            } else {
                let (s0, s1) = ((lo - a.1) / (b.1 - a.1), (hi - a.1) / (b.1 - a.1));
                (s0.min(s1).max(0.0), s0.max(s1).min(1.0))
            };
            if t0 > t1 {
                continue;
            }
            let (u0, u1) = (a.0 + t0 * (b.0 - a.0), a.0 + t1 * (b.0 - a.0));
            let i0 = clamp_index(u0.min(u1).floor() - 1.0, self.nx);
            let i1 = clamp_index(u0.max(u1).floor() + 1.0, self.nx);
            for i in i0..=i1 {
                if segment_meets_open_cell(a, b, i as f64, j as f64) {
                    hit[j * self.nx + i] = true;
                }
            }
        }
    }
}

/// Relative area element of the ellipsoid at latitude `phi` (radians):
/// M·N·cos φ ∝ cos φ / (1 − e² sin² φ)².
fn area_element(phi: f64) -> f64 {
    let w = 1.0 - WGS84_E2 * phi.sin().powi(2);
    phi.cos() / (w * w)
}

/// Separating-axis test of segment `a`–`b` against the open unit cell at
/// `(i, j)`, shrunk by [`EDGE_TOLERANCE_CELLS`]: true when they overlap.
fn segment_meets_open_cell(a: (f64, f64), b: (f64, f64), i: f64, j: f64) -> bool {
    let t = EDGE_TOLERANCE_CELLS;
    let separated_on = |p: f64, q: f64, lo: f64| p.max(q) <= lo + t || p.min(q) >= lo + 1.0 - t;
    if separated_on(a.0, b.0, i) || separated_on(a.1, b.1, j) {
        return false;
    }
    // The axis normal to the segment.
    let (nx, ny) = (a.1 - b.1, b.0 - a.0);
    let reach = (0.5 - t) * (nx.abs() + ny.abs());
    let offset = nx * (i + 0.5 - a.0) + ny * (j + 0.5 - a.1);
    offset.abs() < reach
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::measure::area_m2;
    use std::f64::consts::PI;

    const CENTRE: LngLat = LngLat::lon_lat(125.25, 43.85);

    /// A square of about `side_m` metres on the ground centred on `c`.
    fn ground_square(c: LngLat, side_m: f64) -> Ring {
        let m_per_deg_lat = distance_m(
            LngLat::lon_lat(c.lng, c.lat - 0.5),
            LngLat::lon_lat(c.lng, c.lat + 0.5),
        );
        let m_per_deg_lng = distance_m(
            LngLat::lon_lat(c.lng - 0.005, c.lat),
            LngLat::lon_lat(c.lng + 0.005, c.lat),
        ) / 0.01;
        let (dx, dy) = (side_m / 2.0 / m_per_deg_lng, side_m / 2.0 / m_per_deg_lat);
        vec![
            LngLat::lon_lat(c.lng - dx, c.lat - dy),
            LngLat::lon_lat(c.lng + dx, c.lat - dy),
            LngLat::lon_lat(c.lng + dx, c.lat + dy),
            LngLat::lon_lat(c.lng - dx, c.lat + dy),
            LngLat::lon_lat(c.lng - dx, c.lat - dy),
        ]
    }

    #[test]
    fn a_centred_station_covers_the_analytic_share_of_a_square_within_the_bound() {
        let square = ground_square(CENTRE, 4_000.0);
        let r = 1_500.0;
        // A 1.5 km geodesic disc differs from π r² by ~1e-7 of itself.
        let analytic = PI * r * r / area_m2(std::slice::from_ref(&square));
        let c = coverage_share(&[square], &PointIndex::new(&[CENTRE]), r, 200);
        assert!(
            (c.covered_share - analytic).abs() <= c.error_bound,
            "{c:?} vs {analytic}"
        );
        assert!(c.error_bound < 0.02, "{c:?}");
        assert!(c.cells > 39_000, "{c:?}");
    }

    #[test]
    fn a_station_on_a_corner_covers_a_quarter_disc_within_the_bound() {
        let square = ground_square(CENTRE, 4_000.0);
        let r = 1_000.0;
        let analytic = PI * r * r / 4.0 / area_m2(std::slice::from_ref(&square));
        let corner = PointIndex::new(&[square[0]]);
        let c = coverage_share(std::slice::from_ref(&square), &corner, r, 200);
        assert!(
            (c.covered_share - analytic).abs() <= c.error_bound,
            "{c:?} vs {analytic}"
        );
    }

    #[test]
    fn a_rotated_square_with_a_hole_stays_within_its_larger_bound() {
        // A diamond: every edge crosses cells, so the boundary term is real.
        let (dx, dy) = (0.03, 0.02);
        let diamond = vec![
            LngLat::lon_lat(CENTRE.lng, CENTRE.lat - dy),
            LngLat::lon_lat(CENTRE.lng + dx, CENTRE.lat),
            LngLat::lon_lat(CENTRE.lng, CENTRE.lat + dy),
            LngLat::lon_lat(CENTRE.lng - dx, CENTRE.lat),
            LngLat::lon_lat(CENTRE.lng, CENTRE.lat - dy),
        ];
        // A hole around the station, so the covered area is an annulus.
        let hole = ground_square(CENTRE, 400.0);
        let rings = vec![diamond, hole.clone()];
        let r = 800.0;
        let annulus = PI * r * r - area_m2(std::slice::from_ref(&hole));
        let analytic = annulus / area_m2(&rings);
        let c = coverage_share(&rings, &PointIndex::new(&[CENTRE]), r, 300);
        assert!(
            (c.covered_share - analytic).abs() <= c.error_bound,
            "{c:?} vs {analytic}"
        );
        assert!(
            c.error_bound > 0.005,
            "the boundary term should count: {c:?}"
        );
    }

    #[test]
    fn a_radius_beyond_the_diagonal_covers_everything() {
        let square = ground_square(CENTRE, 4_000.0);
        let c = coverage_share(&[square], &PointIndex::new(&[CENTRE]), 6_000.0, 100);
        assert_eq!(c.covered_share, 1.0);
        assert!(c.error_bound < 1e-9, "{c:?}");
    }

    #[test]
    fn no_stations_cover_nothing_and_only_the_boundary_is_uncertain() {
        let square = ground_square(CENTRE, 4_000.0);
        let c = coverage_share(&[square], &PointIndex::new(&[]), 1_000.0, 100);
        assert_eq!(c.covered_share, 0.0);
        assert!(c.error_bound < 1e-9, "{c:?}");
    }

    #[test]
    fn the_bound_shrinks_when_the_grid_is_twice_as_fine() {
        let square = ground_square(CENTRE, 4_000.0);
        let stations = PointIndex::new(&[CENTRE, LngLat::lon_lat(125.26, 43.86)]);
        let coarse = coverage_share(std::slice::from_ref(&square), &stations, 1_200.0, 50);
        let fine = coverage_share(&[square], &stations, 1_200.0, 100);
        assert!(
            fine.error_bound < coarse.error_bound * 0.6,
            "{coarse:?} {fine:?}"
        );
        assert!(
            (fine.covered_share - coarse.covered_share).abs()
                <= coarse.error_bound + fine.error_bound
        );
    }

    #[test]
    fn degenerate_input_measures_nothing_and_says_so() {
        let stations = PointIndex::new(&[CENTRE]);
        let nothing = Coverage {
            covered_share: 0.0,
            error_bound: 1.0,
            cells: 0,
        };
        assert_eq!(coverage_share(&[], &stations, 1_000.0, 100), nothing);
        let flat = vec![CENTRE, LngLat::lon_lat(125.3, 43.85), CENTRE];
        assert_eq!(coverage_share(&[flat], &stations, 1_000.0, 100), nothing);
        let square = ground_square(CENTRE, 4_000.0);
        assert_eq!(
            coverage_share(std::slice::from_ref(&square), &stations, 1_000.0, 0),
            nothing
        );
        let c = coverage_share(&[square], &stations, f64::NAN, 50);
        assert_eq!(c.covered_share, 0.0);
    }

    #[test]
    fn an_edge_on_grid_lines_crosses_no_cell_and_a_diagonal_crosses_its_run() {
        assert!(!segment_meets_open_cell((0.0, 0.0), (0.0, 5.0), 0.0, 1.0));
        assert!(!segment_meets_open_cell((1.0, 0.0), (1.0, 5.0), 0.0, 1.0));
        assert!(segment_meets_open_cell((0.5, 0.0), (0.5, 5.0), 0.0, 1.0));
        assert!(segment_meets_open_cell((0.0, 0.0), (3.0, 3.0), 1.0, 1.0));
        // Passing exactly through a corner touches no interior.
        assert!(!segment_meets_open_cell((0.0, 0.0), (3.0, 3.0), 1.0, 0.0));
    }
}

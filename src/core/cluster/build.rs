//! Building a clustering one zoom at a time: the raw points' tree, then
//! each zoom greedily from the one above (resumable, for the main thread).

use super::kd::Level;
use super::*;

/// An index built one zoom at a time, so a caller on the browser's main
/// thread can yield between zooms (a million points take about a second in
/// all). [`ClusterIndex::new`] is this, run to the end.
///
/// ```
/// use qikai_map::core::cluster::{ClusterBuilder, ClusterIndex, ClusterOptions};
/// use qikai_map::core::coord::LngLat;
/// let points: Vec<LngLat> = (0..100).map(|i| LngLat::lon_lat(125.0 + i as f64 * 1e-3, 43.8)).collect();
/// let mut builder = ClusterBuilder::new(&points, None, ClusterOptions::default());
/// let mut steps = 0;
/// while !builder.step() { steps += 1; }
/// assert!(steps <= 1 + 3 * 17); // the raw points' tree, then two or three passes a zoom
/// assert_eq!(builder.finish().len(), 100);
/// ```
pub struct ClusterBuilder {
    pub(super) index: ClusterIndex,
    next: Phase,
    scratch: Scratch,
}

/// What [`ClusterBuilder::step`] does next: each is a pass over one zoom's
/// items, so no step holds the page for long.
enum Phase {
    /// Build the tree of the raw points.
    TopTree,
    /// Start clustering this zoom from the items above.
    Cluster(u8),
    /// Go on clustering a zoom.
    Clustering(ZoomPass),
    /// Build the tree of the level just clustered at this zoom.
    Tree(u8, Level),
    /// Every zoom is done.
    Done,
}

impl ClusterBuilder {
    /// Projects the points; the tree of the raw points (the zoom above
    /// `max_zoom`) and the clustered zooms follow, a pass per
    /// [`step`](Self::step). Options are sanitised as [`ClusterIndex::new`] says.
    pub fn new(points: &[LngLat], weights: Option<&[f64]>, options: ClusterOptions) -> Self {
        let mut options = options;
        options.max_zoom = options.max_zoom.min(30);
        options.min_zoom = options.min_zoom.min(options.max_zoom);
        let top_zoom = options.max_zoom + 1;
        // Ids are offset by the input length; beyond MAX_POINTS (never reached
        // in wasm32) points are left out, so the offset stops there too.
        let n_input = points.len().min(MAX_POINTS);

        let mut top = Level {
            zoom: top_zoom,
            ..Level::default()
        };
        for (i, p) in points.iter().enumerate().take(MAX_POINTS) {
            if !(p.lng.is_finite() && p.lat.is_finite()) {
                continue;
            }
            let w = weights.map(|ws| ws.get(i).copied().filter(|w| w.is_finite()).unwrap_or(0.0));
            top.push(UnitPoint::from_lnglat(*p).fixed(), 1, i as u32, w);
        }
        let skipped = points.len() - top.len();

        let zooms = usize::from(top_zoom - options.min_zoom) + 1;
        let mut level_of = vec![0; zooms];
        level_of[zooms - 1] = 0;
        Self {
            index: ClusterIndex {
                options,
                n_input,
                skipped,
                level_of,
                levels: vec![top],
                has_weights: weights.is_some(),
            },
            next: Phase::TopTree,
            scratch: Scratch::default(),
        }
    }

    /// Does the next pass; true once every zoom is done (then further calls
    /// do nothing).
    pub fn step(&mut self) -> bool {
        let index = &mut self.index;
        let options = index.options;
        let after = |z: u8| {
            if z > options.min_zoom {
                Phase::Cluster(z - 1)
            } else {
                Phase::Done
            }
        };
        self.next = match std::mem::replace(&mut self.next, Phase::Done) {
            Phase::Done => return true,
            Phase::TopTree => {
                index.levels[0].build_kd();
                Phase::Cluster(options.max_zoom)
            }
            Phase::Cluster(z) => {
                let above = &index.levels[index.levels.len() - 1];
                Phase::Clustering(ZoomPass::new(
                    above,
                    z,
                    &options,
                    index.n_input,
                    &mut self.scratch,
                ))
            }
            Phase::Clustering(mut pass) => {
                let above = index.levels.len() - 1;
                if !pass.run(
                    &index.levels[above],
                    &options,
                    &mut self.scratch,
                    ITEMS_PER_STEP,
                ) {
                    Phase::Clustering(pass)
                } else {
                    let z = pass.z;
                    match pass.finish() {
                        Some(level) => Phase::Tree(z, level),
                        None => {
                            index.level_of[usize::from(z - options.min_zoom)] = above;
                            after(z)
                        }
                    }
                }
            }
            Phase::Tree(z, mut level) => {
                level.build_kd();
                index.levels.push(level);
                index.level_of[usize::from(z - options.min_zoom)] = index.levels.len() - 1;
                after(z)
            }
        };
        matches!(self.next, Phase::Done)
    }

    /// The index (the passes not yet done are done first).
    pub fn finish(mut self) -> ClusterIndex {
        while !self.step() {}
        self.index
    }
}

/// Buffers reused across zooms.
#[derive(Default)]
pub(super) struct Scratch {
    taken: Vec<bool>,
    near: Vec<u32>,
}

/// Items of the zoom above handled per [`ClusterBuilder::step`] while a
/// zoom is being clustered: a few tens of milliseconds in wasm.
const ITEMS_PER_STEP: usize = 32_768;

/// Clustering one zoom from the items of the zoom above, resumable: the
/// greedy pass over `above`'s items in stored order, `ITEMS_PER_STEP` at a
/// time (the `taken` flags live in the builder's scratch between steps).
pub(super) struct ZoomPass {
    z: u8,
    /// Radius in fixed-point units.
    r: f64,
    /// The next item of `above` to look at.
    next_item: usize,
    level: Level,
    id_base: u32,
}

impl ZoomPass {
    pub(super) fn new(
        above: &Level,
        z: u8,
        options: &ClusterOptions,
        n_input: usize,
        scratch: &mut Scratch,
    ) -> Self {
        let m = above.len();
        let radius = options.radius_px / (options.extent * f64::from(z).exp2()) * SCALE;
        let r = if radius.is_finite() && radius > 0.0 {
            radius
        } else {
            0.0
        };
        let weighted = !above.weight.is_empty();
        scratch.taken.clear();
        scratch.taken.resize(m, false);
        Self {
            z,
            r,
            next_item: 0,
            level: Level {
                zoom: z,
                xy: Vec::with_capacity(m),
                count: Vec::with_capacity(m),
                key: Vec::with_capacity(m),
                weight: Vec::with_capacity(if weighted { m } else { 0 }),
                child_start: Vec::with_capacity(m + 1),
                child: Vec::with_capacity(m),
                formed: Vec::new(),
                kd: Vec::new(),
            },
            id_base: n_input as u32 + u32::from(z) + 1,
        }
    }

    /// Handles up to `budget` more items; true when every item is handled.
    pub(super) fn run(
        &mut self,
        above: &Level,
        options: &ClusterOptions,
        scratch: &mut Scratch,
        budget: usize,
    ) -> bool {
        let m = above.len();
        let weighted = !above.weight.is_empty();
        let weight_of = |i: usize| weighted.then(|| above.weight[i]);
        let Scratch { taken, near } = scratch;
        let level = &mut self.level;
        let stop = m.min(self.next_item.saturating_add(budget));
        for i in self.next_item..stop {
            if taken[i] {
                continue;
            }
            taken[i] = true;
            let [x, y] = above.xy[i];
            near.clear();
            above.within(f64::from(x), f64::from(y), self.r, |k| {
                if !taken[k as usize] {
                    near.push(k);
                }
            });
            let own = above.count[i];
            let total: u64 = u64::from(own)
                + near
                    .iter()
                    .map(|&k| u64::from(above.count[k as usize]))
                    .sum::<u64>();
            level.child_start.push(level.child.len() as u32);
            if !near.is_empty() && total >= u64::from(options.min_points) {
                // Sums of integers below 2⁵³ are exact in f64, so the order of
                // the neighbours does not matter and the centre is bit-identical
                // to supercluster's.
                let mut wx = f64::from(x) * f64::from(own);
                let mut wy = f64::from(y) * f64::from(own);
                let mut w = weight_of(i);
                level.child.push(i as u32);
                for &k in near.iter() {
                    let k = k as usize;
                    taken[k] = true;
                    let c = f64::from(above.count[k]);
                    wx += f64::from(above.xy[k][0]) * c;
                    wy += f64::from(above.xy[k][1]) * c;
                    if let Some(w) = w.as_mut() {
                        *w += above.weight[k];
                    }
                    level.child.push(k as u32);
                }
                let n = total as f64;
                let id = self.id_base + ((i as u32) << ZOOM_BITS);
                level.formed.push(level.len() as u32);
                level.push([(wx / n) as i32, (wy / n) as i32], total as u32, id, w);
            } else {
                level.child.push(i as u32);
                level.push(above.xy[i], own, above.key[i], weight_of(i));
                for &k in near.iter() {
                    let k = k as usize;
                    taken[k] = true;
                    level.child_start.push(level.child.len() as u32);
                    level.child.push(k as u32);
                    level.push(above.xy[k], above.count[k], above.key[k], weight_of(k));
                }
            }
        }
        self.next_item = stop;
        stop == m
    }

    /// The finished level, or `None` when nothing merged (the zoom then
    /// shares the level above, as supercluster shares the tree).
    pub(super) fn finish(mut self) -> Option<Level> {
        let level = &mut self.level;
        level.child_start.push(level.child.len() as u32);
        if level.formed.is_empty() {
            return None;
        }
        level.xy.shrink_to_fit();
        level.count.shrink_to_fit();
        level.key.shrink_to_fit();
        level.weight.shrink_to_fit();
        level.child_start.shrink_to_fit();
        Some(self.level)
    }
}

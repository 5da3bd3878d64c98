//! The static k-d tree of one zoom's items (kdbush's layout: each node's
//! median at its middle slot) and the per-zoom item arrays it indexes.

use super::{NODE_SIZE, STACK};

/// A k-d tree node entry: fixed-point position and the item's position in
/// its zoom's arrays.
#[derive(Clone, Copy, Debug)]
pub(super) struct KdEntry {
    pub(super) x: i32,
    pub(super) y: i32,
    pub(super) item: u32,
}

/// The items of one zoom, in the greedy order they were produced in, with
/// their k-d tree. Array `i` of every field describes item `i`.
#[derive(Clone, Debug, Default)]
pub(super) struct Level {
    /// The zoom this level was built at (`max_zoom + 1` for the raw points).
    pub(super) zoom: u8,
    /// Fixed-point unit coordinates.
    pub(super) xy: Vec<[i32; 2]>,
    /// Points held (1 for a single point).
    pub(super) count: Vec<u32>,
    /// Input index of a single point, or the raw [`ClusterId`] of a cluster.
    pub(super) key: Vec<u32>,
    /// Weight sums; empty when the index has no weights.
    pub(super) weight: Vec<f64>,
    /// Item `i`'s children are `child[child_start[i]..child_start[i + 1]]`,
    /// positions in the level of zoom `zoom + 1`; both empty for the raw
    /// points.
    pub(super) child_start: Vec<u32>,
    /// See `child_start`.
    pub(super) child: Vec<u32>,
    /// Positions of the clusters formed at this zoom, ascending, which is also
    /// ascending id order (ids grow with the origin position, and the greedy
    /// pass emits in origin order).
    pub(super) formed: Vec<u32>,
    /// The k-d tree: entries permuted so that each node's median (x on even
    /// depths, y on odd) sits at its middle slot, as in kdbush.
    pub(super) kd: Vec<KdEntry>,
}

impl Level {
    pub(super) fn len(&self) -> usize {
        self.xy.len()
    }

    pub(super) fn push(&mut self, xy: [i32; 2], count: u32, key: u32, weight: Option<f64>) {
        self.xy.push(xy);
        self.count.push(count);
        self.key.push(key);
        if let Some(w) = weight {
            self.weight.push(w);
        }
    }

    pub(super) fn children(&self, item: usize) -> &[u32] {
        match (self.child_start.get(item), self.child_start.get(item + 1)) {
            (Some(&a), Some(&b)) => self.child.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    pub(super) fn build_kd(&mut self) {
        self.kd = self
            .xy
            .iter()
            .zip(0u32..)
            .map(|(&[x, y], item)| KdEntry { x, y, item })
            .collect();
        let len = self.kd.len();
        sort_kd(&mut self.kd, 0, len, false);
    }

    /// Calls `f(item)` for every item within `r` (fixed-point units) of
    /// `(qx, qy)`, edge included, in tree order.
    ///
    /// The squared distance is computed in f64 from integer differences, as
    /// kdbush does in JavaScript: exact wherever it is near r².
    #[inline]
    pub(super) fn within(&self, qx: f64, qy: f64, r: f64, mut f: impl FnMut(u32)) {
        let r2 = r * r;
        let mut stack = [(0u32, 0u32, false); STACK];
        stack[0] = (0, self.kd.len() as u32, false);
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let (left, right, by_y) = stack[top];
            let (left, right) = (left as usize, right as usize);
            if right - left <= NODE_SIZE {
                for e in &self.kd[left..right] {
                    let dx = f64::from(e.x) - qx;
                    let dy = f64::from(e.y) - qy;
                    if dx * dx + dy * dy <= r2 {
                        f(e.item);
                    }
                }
                continue;
            }
            let m = (left + right) / 2;
            let e = self.kd[m];
            let dx = f64::from(e.x) - qx;
            let dy = f64::from(e.y) - qy;
            if dx * dx + dy * dy <= r2 {
                f(e.item);
            }
            let (q, v) = if by_y {
                (qy, f64::from(e.y))
            } else {
                (qx, f64::from(e.x))
            };
            if q - r <= v && top < STACK {
                stack[top] = (left as u32, m as u32, !by_y);
                top += 1;
            }
            if q + r >= v && top < STACK {
                stack[top] = (m as u32 + 1, right as u32, !by_y);
                top += 1;
            }
        }
    }

    /// Calls `f(item)` for every item in the fixed-point box (edges
    /// included), in tree order.
    pub(super) fn range(&self, min: [f64; 2], max: [f64; 2], mut f: impl FnMut(u32)) {
        let inside = |e: &KdEntry| {
            let (x, y) = (f64::from(e.x), f64::from(e.y));
            x >= min[0] && x <= max[0] && y >= min[1] && y <= max[1]
        };
        let mut stack = [(0u32, 0u32, false); STACK];
        stack[0] = (0, self.kd.len() as u32, false);
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let (left, right, by_y) = stack[top];
            let (left, right) = (left as usize, right as usize);
            if right - left <= NODE_SIZE {
                for e in &self.kd[left..right] {
                    if inside(e) {
                        f(e.item);
                    }
                }
                continue;
            }
            let m = (left + right) / 2;
            let e = self.kd[m];
            if inside(&e) {
                f(e.item);
            }
            let (lo, hi, v) = if by_y {
                (min[1], max[1], f64::from(e.y))
            } else {
                (min[0], max[0], f64::from(e.x))
            };
            if lo <= v && top < STACK {
                stack[top] = (left as u32, m as u32, !by_y);
                top += 1;
            }
            if hi >= v && top < STACK {
                stack[top] = (m as u32 + 1, right as u32, !by_y);
                top += 1;
            }
        }
    }
}

/// Orders `kd[left..right]` into a k-d tree: the median on the current axis
/// at the middle slot, smaller before, larger after, recursively, down to
/// nodes of [`NODE_SIZE`]. O(m log m): a linear-time selection per node.
pub(super) fn sort_kd(kd: &mut [KdEntry], left: usize, right: usize, by_y: bool) {
    if right - left <= NODE_SIZE {
        return;
    }
    let m = (left + right) / 2;
    let node = &mut kd[left..right];
    if by_y {
        node.select_nth_unstable_by_key(m - left, |e| e.y);
    } else {
        node.select_nth_unstable_by_key(m - left, |e| e.x);
    }
    sort_kd(kd, left, m, !by_y);
    sort_kd(kd, m + 1, right, !by_y);
}

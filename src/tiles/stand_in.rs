//! What to draw for a tile of the view that is not loaded yet: loaded tiles
//! of other zooms that cover its area, so a zoom never blanks the layer.
//!
//! Zooming in, the tile's loaded ancestor stands in, clipped to the tile.
//! Zooming out, its loaded descendants do (they are the view just left, and
//! more exact than any ancestor); a part no descendant covers gets the
//! ancestor clipped to that part, or stays empty. Either way each spot of the
//! tile is drawn from one tile only: nothing is drawn twice.

use crate::core::coord::LngLatBounds;

use super::math::TileId;

/// Zoom levels up a missing tile looks for a loaded ancestor.
pub const LEVELS_UP: usize = 4;
/// Zoom levels down it looks for loaded descendants (a pinch often crosses
/// two levels at once; deeper ones would be many small tiles for one).
pub const LEVELS_DOWN: u8 = 2;

/// The loaded tiles to draw for `tile`, each with the box it is clipped to
/// (`None`: drawn whole, as it lies inside `tile`). `peek` says whether a
/// tile is loaded. Empty when nothing loaded covers any of it.
pub fn stand_ins<V: Clone>(
    tile: TileId,
    peek: impl Fn(TileId) -> Option<V>,
) -> Vec<(V, Option<LngLatBounds>)> {
    if let Some(v) = peek(tile) {
        return vec![(v, None)];
    }
    let ancestor = {
        let mut up = tile.parent();
        let mut found = None;
        for _ in 0..LEVELS_UP {
            let Some(a) = up else { break };
            if let Some(v) = peek(a) {
                found = Some(v);
                break;
            }
            up = a.parent();
        }
        found
    };
    let mut out = Vec::new();
    fill(tile, LEVELS_DOWN, &peek, ancestor.as_ref(), &mut out);
    out
}

/// Covers `tile` (not loaded itself) by its loaded descendants down to
/// `down` levels, the ancestor clipped to whatever they leave.
fn fill<V: Clone>(
    tile: TileId,
    down: u8,
    peek: &impl Fn(TileId) -> Option<V>,
    ancestor: Option<&V>,
    out: &mut Vec<(V, Option<LngLatBounds>)>,
) {
    let children = tile
        .children()
        .filter(|kids| down > 0 && kids.iter().any(|c| has_loaded(*c, down - 1, peek)));
    if let Some(children) = children {
        for child in children {
            match peek(child) {
                Some(v) => out.push((v, None)),
                None => fill(child, down - 1, peek, ancestor, out),
            }
        }
    } else if let Some(a) = ancestor {
        out.push((a.clone(), Some(tile.bounds())));
    }
}

/// Whether `tile` or one of its descendants down to `down` levels is loaded.
fn has_loaded<V>(tile: TileId, down: u8, peek: &impl Fn(TileId) -> Option<V>) -> bool {
    peek(tile).is_some()
        || (down > 0
            && tile
                .children()
                .is_some_and(|kids| kids.iter().any(|c| has_loaded(*c, down - 1, peek))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn loaded(tiles: &[TileId]) -> impl Fn(TileId) -> Option<TileId> + '_ {
        let set: HashSet<TileId> = tiles.iter().copied().collect();
        move |t| set.contains(&t).then_some(t)
    }

    fn t(z: u8, x: u32, y: u32) -> TileId {
        TileId::new(z, x, y).expect("a tile")
    }

    #[test]
    fn a_loaded_tile_stands_for_itself() {
        let tiles = [t(5, 3, 4)];
        assert_eq!(
            stand_ins(t(5, 3, 4), loaded(&tiles)),
            vec![(t(5, 3, 4), None)]
        );
    }

    #[test]
    fn zooming_in_the_nearest_ancestor_clipped_to_the_tile() {
        let tiles = [t(3, 0, 1), t(4, 1, 2)];
        let tile = t(6, 4, 9);
        assert_eq!(
            stand_ins(tile, loaded(&tiles)),
            vec![(t(4, 1, 2), Some(tile.bounds()))]
        );
    }

    #[test]
    fn zooming_out_the_children_drawn_whole() {
        let tile = t(10, 100, 200);
        let kids = tile.children().expect("z < MAX_ZOOM");
        let got = stand_ins(tile, loaded(&kids));
        assert_eq!(got, kids.iter().map(|k| (*k, None)).collect::<Vec<_>>());
    }

    #[test]
    fn two_levels_out_grandchildren_and_the_ancestor_in_the_gaps() {
        let tile = t(10, 100, 200);
        let parent = tile.parent().expect("z > 0");
        // One grandchild loaded under the first child; nothing else below.
        let grandchild = tile.children().expect("z < MAX_ZOOM")[0]
            .children()
            .expect("z < MAX_ZOOM")[3];
        let tiles = [parent, grandchild];
        let got = stand_ins(tile, loaded(&tiles));
        // The grandchild whole; its three siblings and the other three
        // children from the ancestor, clipped to each: no spot twice.
        assert!(got.contains(&(grandchild, None)));
        assert_eq!(got.len(), 1 + 3 + 3);
        let clipped: Vec<_> = got.iter().filter(|(v, _)| *v == parent).collect();
        assert_eq!(clipped.len(), 6);
        let area = |b: &LngLatBounds| (b.max.lng - b.min.lng) * (b.max.lat - b.min.lat);
        let covered: f64 = clipped
            .iter()
            .filter_map(|(_, b)| b.as_ref())
            .map(area)
            .sum::<f64>()
            + area(&grandchild.bounds());
        let whole = area(&tile.bounds());
        assert!(
            (covered - whole).abs() / whole < 0.01,
            "{covered} vs {whole}"
        );
    }

    #[test]
    fn the_deepest_zoom_has_no_children() {
        let deepest = TileId::new(crate::tiles::math::MAX_ZOOM, 0, 0).expect("a tile");
        assert!(deepest.children().is_none());
        let parent = deepest.parent().expect("z > 0");
        assert_eq!(
            stand_ins(deepest, loaded(&[parent])),
            vec![(parent, Some(deepest.bounds()))]
        );
    }

    #[test]
    fn nothing_loaded_nothing_drawn() {
        assert!(stand_ins(t(8, 1, 1), loaded(&[])).is_empty());
        // Too far up or down to be used.
        let far = [t(2, 0, 0), t(11, 8, 8)];
        assert!(stand_ins(t(8, 1, 1), loaded(&far)).is_empty());
    }
}

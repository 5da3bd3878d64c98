//! Tiled data (issue 17): the source named by `tiles=`, the tiles of the
//! view (planned by `tiles::plan`, kept in `tiles::cache`), the requests in
//! flight (aborted when the view moves on), what went wrong, and the counts
//! the data report shows. The only writers of these signals are here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::{AppState, CameraState, LayerState};
use crate::core::coord::LngLatBounds;
use crate::core::model::Feature;
use crate::data::Limits;
use crate::embed::options::TilesUrl;
use crate::platform::range::TileFetchError;
use crate::platform::tiles::{abort_controller, TileClient};
use crate::platform::{mark, yield_to_event_loop};
use crate::scene::tiled::TiledScene;
use crate::tiles::cache::{TileCache, DEFAULT_CACHE_BYTES};
use crate::tiles::features::{CompactTile, TileBytes};
use crate::tiles::math::TileId;
use crate::tiles::plan::{plan, to_cancel, to_fetch, TilePlan, ViewSpec, ZoomRange};
use crate::tiles::stand_in::stand_ins;

/// Problems kept for the report (the count goes on).
const MAX_PROBLEMS_KEPT: usize = 50;

/// One thing that went wrong with the tiles.
#[derive(Clone, Debug, PartialEq)]
pub struct TileProblemNote {
    /// The tile (`None`: the source itself).
    pub tile: Option<TileId>,
    /// What, in the error's words.
    pub detail: String,
}

/// What the data report says about the tiles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TileStats {
    /// The source opened (PMTiles header read, or an XYZ template).
    pub ready: bool,
    /// Tiles fetched and decoded.
    pub loaded: u64,
    /// Requests sent (PMTiles: directory and tile ranges; XYZ: tiles).
    pub requests: u64,
    /// Requests aborted because the view moved on.
    pub aborted: u64,
    /// Bytes over the wire.
    pub bytes: u64,
    /// Tiles that failed (network, HTTP, corrupt gzip or MVT).
    pub failed: u64,
    /// Features a tile held that the loader's checks left out.
    pub skipped_features: u64,
    /// The first problems, for the report.
    pub problems: Vec<TileProblemNote>,
    /// The tile zoom shown.
    pub zoom: Option<u8>,
}

impl TileStats {
    /// Why the tile source could not be opened, if it could not (a problem
    /// not tied to one tile).
    pub fn source_failure(&self) -> Option<&str> {
        self.problems
            .iter()
            .find(|p| p.tile.is_none())
            .map(|p| p.detail.as_str())
    }
}

/// The tiled-data sub-state. Absent (`source` `None`) without `tiles=`.
#[derive(Clone, Copy)]
pub struct TileState {
    /// The source, as given.
    pub source: Option<StoredValue<TilesUrl>>,
    /// The counts and problems.
    pub stats: ReadSignal<TileStats>,
    set_stats: WriteSignal<TileStats>,
    /// Bumped when a tile arrives (the scene memo redraws).
    set_revision: WriteSignal<u32>,
    /// The current plan.
    plan: StoredValue<TilePlan>,
    /// The tiles of the view, drawn.
    pub scene: Memo<Arc<TiledScene>>,
    /// A tapped tiled feature (its details are shown from the tile).
    picked: RwSignal<Option<Arc<Feature>>>,
    runtime: StoredValue<Rc<RefCell<Runtime>>, LocalStorage>,
    /// Reads a tapped point's feature from its tile: set by the tiles' wasm
    /// chunk when it starts (`components::dense_layer::start_tiles`), so the
    /// inflating and decoding a tap needs are not in the first view's code
    /// (issue 16). A tap can only hit what the chunk has drawn.
    point_reader: StoredValue<Option<PointReader>>,
}

/// Reads the feature of a point item of a tiled scene ([`TiledScene::feature`]).
pub type PointReader = fn(&TiledScene, usize) -> Option<Feature>;

#[derive(Default)]
struct Runtime {
    client: Option<TileClient>,
    zooms: Option<ZoomRange>,
    cache: Option<TileCache<Arc<CompactTile>>>,
    in_flight: HashMap<TileId, web_sys::AbortController>,
}

impl TileState {
    pub(super) fn new(source: Option<TilesUrl>, camera: CameraState, layers: LayerState) -> Self {
        let (stats, set_stats) = signal(TileStats::default());
        let (revision, set_revision) = signal(0u32);
        let plan_value = StoredValue::new(TilePlan::default());
        let runtime: StoredValue<Rc<RefCell<Runtime>>, LocalStorage> =
            StoredValue::new_local(Rc::new(RefCell::new(Runtime {
                cache: Some(TileCache::new(DEFAULT_CACHE_BYTES)),
                ..Runtime::default()
            })));
        // Never equal: a new tile or view always redraws (comparing scenes
        // would cost what building one does).
        let scene = Memo::new_with_compare(
            move |_| {
                revision.track();
                let view = camera.view.get();
                let visible = layers.visible.get();
                // A tile not loaded yet is stood in for by loaded tiles of
                // other zooms (`tiles::stand_in`): zooming in or out never
                // blanks the layer while the view's own tiles arrive.
                let tiles: Vec<(Arc<CompactTile>, Option<LngLatBounds>)> =
                    plan_value.with_value(|p| {
                        runtime.with_value(|rt| {
                            let rt = rt.borrow();
                            let Some(cache) = rt.cache.as_ref() else {
                                return Vec::new();
                            };
                            p.tiles
                                .iter()
                                .flat_map(|t| stand_ins(*t, |id| cache.peek(id).cloned()))
                                .collect()
                        })
                    });
                Arc::new(TiledScene::build(tiles, &view, |kind| {
                    visible[kind.index()]
                }))
            },
            |_, _| true,
        );
        Self {
            source: source.map(StoredValue::new),
            stats,
            set_stats,
            set_revision,
            plan: plan_value,
            scene,
            picked: RwSignal::new(None),
            runtime,
            point_reader: StoredValue::new(None),
        }
    }

    /// Lets taps read tiled points' features (called by the tiles' chunk).
    pub fn set_point_reader(&self, reader: PointReader) {
        self.point_reader.set_value(Some(reader));
    }

    /// The feature of the current scene's point item `index` (a tap).
    pub fn read_point(&self, index: usize) -> Option<Feature> {
        let reader = self.point_reader.get_value()?;
        self.scene.with_untracked(|s| reader(s, index))
    }

    /// True when the widget reads tiles.
    pub fn enabled(&self) -> bool {
        self.source.is_some()
    }

    /// The tapped tiled feature, when it is the one with `id`.
    pub fn picked(&self, id: &str) -> Option<Feature> {
        self.picked.with(|p| {
            p.as_ref()
                .filter(|f| f.id.as_str() == id)
                .map(|f| (**f).clone())
        })
    }

    fn note(&self, tile: Option<TileId>, detail: String) {
        self.set_stats.update(|s| {
            s.failed += u64::from(tile.is_some());
            if s.problems.len() < MAX_PROBLEMS_KEPT {
                s.problems.push(TileProblemNote { tile, detail });
            }
        });
    }
}

impl AppState {
    /// Shows a tiled feature's details (from the tile's properties).
    pub fn select_tiled(&self, feature: Feature) {
        let id = feature.id.as_str().to_string();
        self.tiles.picked.set(Some(Arc::new(feature)));
        self.select(Some(id));
    }

    /// Opens the tile source and keeps the view's tiles loaded: fetches what
    /// the plan adds (centre first), aborts what it drops.
    pub fn track_tiles(&self) {
        let tiles = self.tiles;
        let Some(source) = tiles.source.map(|s| s.get_value()) else {
            return;
        };
        let camera = self.camera;
        let state = *self;
        let (ready, set_ready) = signal(false);
        leptos::task::spawn_local(async move {
            let opened = match &source {
                TilesUrl::PmTiles(url) => TileClient::open_pmtiles(url).await,
                TilesUrl::Xyz(template) => Ok(TileClient::xyz(template)),
            };
            match opened {
                Ok(client) => {
                    let zooms = client.zooms();
                    if let Some(reach) = client.bounds() {
                        state.reach_bounds(reach);
                    }
                    let _ = tiles.runtime.try_with_value(|rt| {
                        let mut rt = rt.borrow_mut();
                        rt.client = Some(client);
                        rt.zooms = Some(zooms);
                    });
                    tiles.set_stats.try_update(|s| {
                        s.ready = true;
                        // The header (and root directory) of an archive.
                        s.requests += u64::from(matches!(source, TilesUrl::PmTiles(_)));
                    });
                    let _ = set_ready.try_set(true);
                }
                Err(e) => {
                    state.reach_data_only();
                    tiles.note(None, e.to_string());
                }
            }
        });
        Effect::new(move |_| {
            if !ready.get() {
                return;
            }
            let view = camera.view.get();
            let Some((client, zooms)) = tiles
                .runtime
                .try_with_value(|rt| {
                    let rt = rt.borrow();
                    Some((rt.client.clone()?, rt.zooms?))
                })
                .flatten()
            else {
                return;
            };
            let size = view.size();
            let next = plan(
                ViewSpec {
                    center: view.center(),
                    zoom: view.zoom(),
                    width_px: size.width_px,
                    height_px: size.height_px,
                },
                zooms,
            );
            let changed = tiles.plan.with_value(|p| *p != next);
            if !changed {
                return;
            }
            let (cancel, fetch) = tiles.runtime.with_value(|rt| {
                let rt = rt.borrow();
                let in_flight: Vec<TileId> = rt.in_flight.keys().copied().collect();
                let cache = rt.cache.as_ref();
                (
                    to_cancel(&in_flight, &next),
                    to_fetch(&next, |t| cache.is_some_and(|c| c.contains(t)), &in_flight),
                )
            });
            tiles.plan.set_value(next.clone());
            tiles.set_stats.update(|s| s.zoom = Some(next.zoom));
            tiles.runtime.with_value(|rt| {
                let mut rt = rt.borrow_mut();
                for t in &cancel {
                    if let Some(c) = rt.in_flight.remove(t) {
                        c.abort();
                    }
                }
            });
            if !cancel.is_empty() {
                tiles.set_stats.update(|s| s.aborted += cancel.len() as u64);
            }
            for t in fetch {
                let Some(controller) = abort_controller() else {
                    continue;
                };
                let signal = controller.signal();
                tiles
                    .runtime
                    .with_value(|rt| rt.borrow_mut().in_flight.insert(t, controller));
                tiles.set_stats.update(|s| s.requests += 1);
                let client = client.clone();
                leptos::task::spawn_local(async move {
                    let result = client.tile(t, &signal).await;
                    let aborted = signal.aborted();
                    let _ = tiles.runtime.try_with_value(|rt| {
                        rt.borrow_mut().in_flight.remove(&t);
                    });
                    if aborted {
                        return;
                    }
                    tiles.arrive(t, result).await;
                });
            }
        });
    }
}

impl TileState {
    async fn arrive(self, t: TileId, result: Result<(Option<TileBytes>, u64), TileFetchError>) {
        let (raw, wire) = match result {
            Ok(r) => r,
            Err(e) => {
                self.note(Some(t), e.to_string());
                return;
            }
        };
        // Compact: each point's position and kind, the tile's bytes (its
        // gzip when it came gzipped) kept for a tap's details; a whole
        // feature a point would be ~1.4 KB of wasm memory.
        let decoded = match raw {
            None => Ok(CompactTile::empty(t)),
            Some(bytes) => CompactTile::read(t, bytes, &Limits::default()),
        };
        match decoded {
            Ok(tile) => {
                let skipped = tile.skipped as u64;
                // What the tile really holds, so the bound is a bound.
                let size = tile.heap_bytes();
                let keep = self
                    .plan
                    .try_with_value(|p| p.tiles.clone())
                    .unwrap_or_default();
                let _ = self.runtime.try_with_value(|rt| {
                    if let Some(cache) = rt.borrow_mut().cache.as_mut() {
                        cache.insert(t, Arc::new(tile), size, &keep);
                    }
                });
                let first = self.stats.with_untracked(|s| s.loaded == 0);
                let _ = self.set_stats.try_update(|s| {
                    s.loaded += 1;
                    s.bytes += wire;
                    s.skipped_features += skipped;
                });
                if first {
                    mark("qk-first-tile");
                }
                let _ = self.set_revision.try_update(|r| *r = r.wrapping_add(1));
            }
            Err(e) => {
                let _ = self.set_stats.try_update(|s| s.bytes += wire);
                self.note(Some(t), format!("MVT: {e}"));
            }
        }
        // Several tiles arriving in one task draw once.
        yield_to_event_loop().await;
    }
}

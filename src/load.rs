//! Loading what the widget shows: the built-in data at once; a host's file
//! streamed while it downloads; stress mode's synthetic points in slices.
//! Whatever is loaded is handed over whole, never cloned.
//!
//! The release build carries its built-in data as the loader read it at
//! build time (`data::packed`), so the loader itself — the JSON and CSV
//! parsers and every check — is only needed for a host's file: with the
//! `split` feature it is a wasm chunk fetched then (`hosted_loader`).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::core::catalog::Catalog;
use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::model::{Feature, FeatureKind};
use crate::data::synthetic::synthetic_iter;
use crate::data::{FileError, Limits, LoadOutcome, LoadReport, StreamProgress};
use crate::embed::options::EmbedOptions;
use crate::platform::{fetch_geojson_streaming, mark, yield_to_event_loop};

/// The data built into the widget, in the form this build carries it.
#[derive(Clone, Copy)]
pub enum BuiltIn {
    /// GeoJSON or CSV text, read by the loader in the browser (tests, and
    /// builds without the `packed-data` feature).
    #[cfg(not(feature = "packed-data"))]
    Text(&'static str),
    /// Read and checked at build time (`data::packed`).
    Packed(&'static [u8]),
}

impl BuiltIn {
    /// What this build embeds: [`crate::EMBEDDED_PACKED`] in the release
    /// build, else [`crate::EMBEDDED_DATA`].
    pub fn embedded() -> Self {
        #[cfg(feature = "packed-data")]
        return Self::Packed(crate::EMBEDDED_PACKED);
        #[cfg(not(feature = "packed-data"))]
        return Self::Text(crate::EMBEDDED_DATA);
    }

    /// The features and report. `limits` apply to text read here; packed
    /// data was checked at build time with the default limits (it is the
    /// site's own file, not a host's).
    pub fn read(self, limits: &Limits) -> LoadOutcome {
        match self {
            #[cfg(not(feature = "packed-data"))]
            Self::Text(text) => crate::data::load_text(text, limits),
            Self::Packed(bytes) => {
                let _ = limits;
                crate::data::packed::unpack(bytes).unwrap_or_else(|e| LoadOutcome {
                    features: Vec::new(),
                    report: LoadReport {
                        file_error: Some(FileError::BuiltInData {
                            reason: e.to_string(),
                        }),
                        ..LoadReport::default()
                    },
                })
            }
        }
    }
}

/// How a host's file is fetched and read (the loader's entry).
type FetchHosted =
    fn(String, Limits, Box<dyn Fn(StreamProgress)>) -> Pin<Box<dyn Future<Output = LoadOutcome>>>;

fn fetch_hosted(
    url: String,
    limits: Limits,
    on_progress: Box<dyn Fn(StreamProgress)>,
) -> Pin<Box<dyn Future<Output = LoadOutcome>>> {
    Box::pin(async move { fetch_geojson_streaming(&url, &limits, on_progress).await })
}

/// The loader's chunk could not be fetched (the details are in the console).
struct LoaderUnavailable;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for LoaderUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoaderUnavailable
    }
}

/// The loader for a host's file: with the `split` feature the wasm chunk
/// `loader` (the JSON and CSV parsers, the checks, the streaming fetch),
/// fetched the first time a page asks for a file; else a direct call.
async fn hosted_loader() -> Result<FetchHosted, LoaderUnavailable> {
    #[cfg(feature = "split")]
    #[leptos::wasm_split::wasm_split(loader, wasm_split_path = ::leptos::wasm_split, fallible)]
    fn entry() -> Result<FetchHosted, LoaderUnavailable> {
        Ok(fetch_hosted)
    }
    #[cfg(not(feature = "split"))]
    async fn entry() -> Result<FetchHosted, LoaderUnavailable> {
        Ok(fetch_hosted)
    }
    entry().await
}

/// Synthetic points made between two yields (a few tens of milliseconds).
const SYNTHETIC_SLICE: usize = 50_000;

/// What loading produced.
pub struct Loaded {
    /// The validated features, grouped and indexed.
    pub catalog: Catalog,
    /// What loading found.
    pub report: LoadReport,
    /// Synthetic points added (stress mode): count and seed.
    pub synthetic: Option<(usize, u64)>,
}

/// Whether the options ask for more than the embedded data (a host's file or
/// stress points), which loads in the background.
pub fn loads_in_background(options: &EmbedOptions) -> bool {
    options.data_url.is_some() || options.stress_points.is_some()
}

/// The built-in data, at once (it is small).
pub fn load_embedded(data: BuiltIn, limits: &Limits) -> Loaded {
    let outcome = data.read(limits);
    Loaded {
        catalog: Catalog::new(outcome.features),
        report: outcome.report,
        synthetic: None,
    }
}

/// A host's file or the stress mode's points, built in slices with yields
/// between (a few tens of milliseconds each even for a million points).
/// When nothing of a host's file can be shown, the context map the page had
/// while it loaded is kept (the line on the map and the report say why).
pub async fn load_in_background(
    data: BuiltIn,
    options: &EmbedOptions,
    on_progress: impl Fn(StreamProgress) + 'static,
) -> Loaded {
    let limits = options.limits.clone();
    let mut outcome = match options.data_url.clone() {
        Some(url) => {
            let mut outcome = match hosted_loader().await {
                Ok(fetch) => fetch(url, limits, Box::new(on_progress)).await,
                Err(LoaderUnavailable) => LoadOutcome {
                    features: Vec::new(),
                    report: LoadReport {
                        file_error: Some(FileError::FetchFailed {
                            url,
                            reason: "the widget's file reader (a wasm chunk) could not be fetched"
                                .into(),
                        }),
                        ..LoadReport::default()
                    },
                },
            };
            if outcome.report.loaded == 0 {
                outcome.features = context_features(data);
            }
            outcome
        }
        None => data.read(&limits),
    };
    let synthetic = add_stress_points(&mut outcome, options).await;
    let grouped = Catalog::group_layers(outcome.features);
    yield_to_event_loop().await;
    let catalog = Catalog::from_grouped(grouped);
    mark("qk-catalog-ready");
    yield_to_event_loop().await;
    Loaded {
        catalog,
        report: outcome.report,
        synthetic,
    }
}

/// The context of the map: the zone and its districts from the built-in data.
pub fn context_features(data: BuiltIn) -> Vec<Feature> {
    data.read(&Limits::default())
        .features
        .into_iter()
        .filter(|f| matches!(f.kind, FeatureKind::Zone | FeatureKind::District))
        .collect()
}

/// Stress mode: appends the seeded synthetic points the options ask for,
/// spread over the zone's box (else the data's, else the default view's).
/// Returns what was added, for the on-screen banner.
async fn add_stress_points(
    outcome: &mut LoadOutcome,
    options: &EmbedOptions,
) -> Option<(usize, u64)> {
    let n = options.stress_points?;
    let seed = options
        .stress_seed
        .unwrap_or(crate::embed::options::DEFAULT_STRESS_SEED);
    let bounds_of = |zone_only: bool| {
        outcome
            .features
            .iter()
            .filter(|f| !zone_only || f.kind == FeatureKind::Zone)
            .filter_map(|f| f.geometry.bounds())
            .reduce(LngLatBounds::union)
    };
    let bounds = bounds_of(true)
        .or_else(|| bounds_of(false))
        .unwrap_or(LngLatBounds {
            min: LngLat::lon_lat(125.05, 43.75),
            max: LngLat::lon_lat(125.35, 43.92),
        });
    let before = outcome.features.len();
    outcome.features.reserve(n);
    let mut points = synthetic_iter(n, seed, bounds);
    loop {
        let more = outcome.features.len();
        outcome
            .features
            .extend(points.by_ref().take(SYNTHETIC_SLICE));
        if outcome.features.len() == more {
            break;
        }
        yield_to_event_loop().await;
    }
    Some((outcome.features.len() - before, seed))
}

/// Keeps `progress` for a view (a signal owned by the loading view).
pub fn progress_sink(
    progress: RwSignal<Option<StreamProgress>>,
) -> impl Fn(StreamProgress) + 'static {
    move |p| progress.set(Some(p))
}

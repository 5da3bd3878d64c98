//! qikai-map: an interactive map of Changchun's new-energy and
//! intelligent-connected-vehicle industry in the 汽开区, in Rust and WebAssembly.
//!
//! Data flows one way: files → [`data`] (validate) → [`core::catalog`] →
//! ([`view`] viewport) → [`scene`] (what to draw) → components (pixels).
//! `core`, `view`, `scene`, `data` and `i18n` are pure and tested natively.

pub mod core;
pub mod data;
pub mod embed;
pub mod i18n;
pub mod scene;
pub mod state;
pub mod story;
pub mod tiles;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod app;
/// wasm-bindgen exports for `make bench` only (never in the shipped widget).
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench_exports;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod fatal;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod host;
#[cfg(target_arch = "wasm32")]
pub mod load;
#[cfg(target_arch = "wasm32")]
pub mod mount;
#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod render;

/// The project's default dataset (the article's industry map). Tests use it;
/// the widget shows [`EMBEDDED_DATA`].
pub const DEFAULT_DATA: &str = include_str!("../public/data/qikai-map.geojson");

/// The data built into the widget, so it needs no network at all: the default
/// dataset, or a portal's own file (GeoJSON or CSV) given at build time with
/// `make build DATA=path` (build.rs).
pub const EMBEDDED_DATA: &str = include_str!(env!("QIKAI_EMBEDDED_DATA"));

/// The release build's copy of [`EMBEDDED_DATA`], loaded and checked at build
/// time by the same loader (`data::packed`; written by Trunk's pre-build step,
/// `qikai-map-prerender --embedded ... target/embedded-data.bin`), so the
/// first view's wasm carries neither the text nor the parser (issue 16).
#[cfg(feature = "packed-data")]
pub const EMBEDDED_PACKED: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/embedded-data.bin"
));

// The packed copy must be of the file this build embeds (a `make build
// DATA=...` after another's pre-build step would show the other data).
#[cfg(feature = "packed-data")]
const _: () = {
    let want = env!("QIKAI_EMBEDDED_HASH").as_bytes();
    let range = data::packed::HASH_RANGE;
    assert!(
        EMBEDDED_PACKED.len() >= range.end && want.len() == range.end - range.start,
        "target/embedded-data.bin is not a packed data file: run the pre-build step (trunk build)"
    );
    let mut i = 0;
    while i < want.len() {
        assert!(
            EMBEDDED_PACKED[range.start + i] == want[i],
            "target/embedded-data.bin is of other data than QIKAI_DATA: run the pre-build step (trunk build)"
        );
        i += 1;
    }
};

/// The embedded data is a portal's own (`make build DATA=path`): the credits
/// are the portal's (`ATTRIBUTION=...`), not the article's sources.
pub const PORTAL_BUILD: bool = option_env!("QIKAI_PORTAL_DATA").is_some();

/// The credits a portal build was given (`make build DATA=path ATTRIBUTION=...`).
pub const PORTAL_ATTRIBUTION: Option<&str> = option_env!("QIKAI_PORTAL_ATTRIBUTION");

/// The map's title a build was given (`make build HEADING="中文|English"`):
/// the header's title unless a page's `heading` option says otherwise.
pub const BUILT_HEADING: Option<&str> = option_env!("QIKAI_HEADING_TEXT");

//! Bytes → text → parse → validate: the data loader must never panic, and
//! what it keeps must be valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qikai_map::data::{load_geojson, Limits};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let limits = Limits { max_bytes: 1 << 20, ..Limits::default() };
    let out = load_geojson(&text, &limits);
    assert_eq!(out.report.loaded, out.features.len());
    for f in &out.features {
        assert!(f.geometry.positions().all(|p| p.is_valid()));
        assert!(!f.id.is_empty());
    }
});

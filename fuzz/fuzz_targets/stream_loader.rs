//! Bytes pushed in pieces → the streaming loader: never a panic, what it keeps
//! is valid, and on UTF-8 input it agrees with the whole-text loader.
//! The first byte sets the piece size (1–256 bytes), so every split is tried.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qikai_map::data::{load_geojson, FileError, Limits, StreamLoader};

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let limits = Limits { max_bytes: 1 << 20, ..Limits::default() };
    let mut loader = StreamLoader::new(limits.clone());
    for piece in bytes.chunks(usize::from(first) + 1) {
        loader.push(piece);
        let _ = loader.progress();
    }
    let out = loader.finish();
    assert_eq!(out.report.loaded, out.features.len());
    for f in &out.features {
        assert!(f.geometry.positions().all(|p| p.is_valid()));
        assert!(!f.id.is_empty());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let whole = load_geojson(text, &limits);
        assert_eq!(out.features, whole.features);
        match (&out.report.file_error, &whole.report.file_error) {
            (Some(FileError::MalformedJson { .. }), Some(FileError::MalformedJson { .. })) => {}
            (a, b) => assert_eq!(a, b),
        }
        assert_eq!(out.report.issues, whole.report.issues);
    }
});

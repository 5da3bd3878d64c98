//! How much the streaming loader costs against the whole-text loader, on a
//! generated 100,000-point collection (~20 MB). A measurement, not a check:
//!
//!     cargo test --release --test stream_speed -- --ignored --nocapture
#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use qikai_map::data::{load_geojson, Limits, StreamLoader};

/// `n` schematic project points in the 汽开区, with names and a note, as a
/// portal would publish them (~200 bytes each).
fn collection(n: usize) -> String {
    let mut text = String::from(r#"{"type":"FeatureCollection","features":["#);
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        let lon = 125.0 + (i % 997) as f64 * 0.4 / 997.0;
        let lat = 43.7 + (i % 991) as f64 * 0.25 / 991.0;
        text.push_str(&format!(
            r#"{{"type":"Feature","id":"p{i}","geometry":{{"type":"Point","coordinates":[{lon:.6},{lat:.6}]}},"properties":{{"kind":"project","name_zh":"项目{i}号","name_en":"Project {i}","status":"operating","position_accuracy":"schematic","note_en":"generated"}}}}"#
        ));
    }
    text.push_str("]}");
    text
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        last = Some(out);
    }
    (best, last.expect("at least one run"))
}

#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn streaming_costs_about_what_parsing_the_whole_text_costs() {
    let text = collection(100_000);
    let limits = Limits::default();
    let (whole_ms, whole) = best_of(5, || load_geojson(&text, &limits));
    let (stream_ms, streamed) = best_of(5, || {
        let mut loader = StreamLoader::new(limits.clone());
        // The browser hands the loader pieces of at most 256 KiB.
        for piece in text.as_bytes().chunks(256 * 1024) {
            loader.push(piece);
        }
        loader.finish()
    });
    assert_eq!(whole.features.len(), 100_000);
    assert_eq!(streamed.features, whole.features);
    println!(
        "100,000 points, {:.1} MB: load_geojson {whole_ms:.0} ms, StreamLoader {stream_ms:.0} ms, ratio {:.2}",
        text.len() as f64 / 1e6,
        stream_ms / whole_ms
    );
}

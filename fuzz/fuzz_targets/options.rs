//! Any URL query (name=value pairs) gives options and problems, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qikai_map::embed::options::EmbedOptions;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pairs = text.split('&').map(|p| p.split_once('=').unwrap_or((p, "")));
    let (options, _problems) = EmbedOptions::from_pairs(pairs);
    if let Some((c, z)) = options.view {
        assert!(c.is_valid() && (0.0..=24.0).contains(&z));
    }
});

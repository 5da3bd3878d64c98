//! Any URL hash reads without panicking, and what it reads writes back to a
//! hash that reads the same (the permalink round-trips on its own domain).
#![no_main]

use libfuzzer_sys::fuzz_target;
use qikai_map::embed::permalink::Permalink;

fuzz_target!(|data: &[u8]| {
    let hash = String::from_utf8_lossy(data);
    let p = Permalink::from_hash(&hash);
    let again = Permalink::from_hash(&p.to_hash());
    assert_eq!(again, p);
});

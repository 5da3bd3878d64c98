//! Any postMessage text parses to a command, "not for us", or an error reply;
//! never a panic. Replies always serialise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qikai_map::embed::messages::{parse_command, Event};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_command(&text) {
        Ok(_) => {}
        Err(e) => {
            let json = Event::Error(e).to_json(None);
            assert!(json.contains("\"qikai\":1"));
        }
    }
});

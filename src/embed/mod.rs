//! The host API: URL parameters and mount options, the permalink in the URL
//! hash, and the postMessage contract. `options`, `permalink` and `messages`
//! are pure (tested natively); `host` wires them to the browser.

pub mod messages;
pub mod options;
pub mod permalink;
pub mod qr;

#[cfg(target_arch = "wasm32")]
pub mod host;

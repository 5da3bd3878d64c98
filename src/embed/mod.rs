//! The host contract, pure and tested natively: URL parameters and mount
//! options, the permalink in the URL hash, the postMessage messages, the QR
//! code. The browser side lives in [`crate::host`].

pub mod credits;
pub mod messages;
pub mod options;
pub mod permalink;
pub mod qr;

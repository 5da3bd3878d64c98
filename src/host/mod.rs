//! The browser side of the host contract: options from the URL, a mount
//! element or a JavaScript object; the permalink in the URL hash; the
//! postMessage wiring. The contract itself (option names and checks, the
//! permalink format, the message shapes) is the pure [`crate::embed`].

pub mod commands;
pub mod handle;
pub mod link;
pub mod messages;
pub mod options;
pub mod permalink;

pub use handle::QikaiMapHandle;
pub use link::{HostLink, Outbox};
pub use messages::connect_messages;
pub use options::{
    options_from_attributes, options_from_element, options_from_js, options_from_url,
};
pub use permalink::{share_url, sync_permalink};

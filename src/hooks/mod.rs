//! Browser APIs as hooks that clean up after themselves (the leptos-use shape:
//! `use_x(target)` returning signals). Written here rather than pulling
//! leptos-use for two small hooks: it keeps the download and build small.

mod chrome;
mod element_size;
mod media_query;

pub use chrome::{measure_chrome, use_chrome};
pub use element_size::use_element_size;
pub use media_query::use_media_query;

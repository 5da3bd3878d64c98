//! Browser APIs as hooks that clean up after themselves (the leptos-use shape:
//! `use_x(target)` returning signals). Written here rather than pulling
//! leptos-use for two small hooks: it keeps the download and build small.

mod chrome;
mod element_size;
mod map_input;
mod media_query;

pub use chrome::use_chrome;
pub use element_size::use_element_size;
pub use map_input::{use_map_input, MapInput};
pub use media_query::use_media_query;

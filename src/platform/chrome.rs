//! Measuring the chrome docked over the map (panels, the sheet, the control
//! column): the boxes of the `[data-qk-dock]` elements, relative to the map.

use wasm_bindgen::JsCast;

use crate::view::insets::{ChromeLayout, Dock};
use crate::view::viewport::ScreenSize;

/// The selector of chrome docked over the map: its `data-qk-dock` attribute
/// names the edge (`top`, `right`, `bottom`, `left`, or `auto`: the layout decides).
pub const DOCKED: &str = "[data-qk-dock]";

/// Measures the chrome docked over `map` inside `root` now: every shown
/// `[data-qk-dock]` element's box relative to the map's top-left corner.
pub fn measure_chrome(root: &web_sys::Element, map: &web_sys::Element) -> ChromeLayout {
    let m = map.get_bounding_client_rect();
    let size = ScreenSize {
        width_px: m.width(),
        height_px: m.height(),
    };
    let mut docked = Vec::new();
    if let Ok(list) = root.query_selector_all(DOCKED) {
        for i in 0..list.length() {
            let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let r = el.get_bounding_client_rect();
            // display: none (a panel for another layout) has an empty box.
            if r.width() <= 0.0 || r.height() <= 0.0 {
                continue;
            }
            let b = (
                r.left() - m.left(),
                r.top() - m.top(),
                r.right() - m.left(),
                r.bottom() - m.top(),
            );
            // `auto`: the layout decides (a column on a desktop, a sheet on a phone).
            let Some(dock) = el.get_attribute("data-qk-dock").and_then(|d| {
                Dock::parse(&d).or_else(|| (d == "auto").then(|| Dock::infer(b, size)))
            }) else {
                continue;
            };
            docked.push((dock, b));
        }
    }
    ChromeLayout::from_docked(&docked, size)
}

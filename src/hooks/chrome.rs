use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MutationObserver, MutationObserverInit, ResizeObserver};

use crate::view::insets::{ChromeLayout, Dock};
use crate::view::viewport::ScreenSize;

/// The selector of chrome docked over the map: its `data-qk-dock` attribute
/// names the edge (`top`, `right`, `bottom`, `left`).
const DOCKED: &str = "[data-qk-dock]";

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

/// Keeps `chrome` equal to the chrome docked over `map` inside `root`: panels
/// that open or close (children added or removed), resize (a sheet dragged,
/// text reflowed) or are shown by a class on the root (the phone's tabs) are
/// measured again at the next animation frame, once however many changes came.
pub fn use_chrome(root: NodeRef<Div>, map: NodeRef<Div>, chrome: RwSignal<ChromeLayout>) {
    Effect::new(move |_| {
        let (Some(root_el), Some(map_el)) = (root.get(), map.get()) else {
            return;
        };
        let root_el: web_sys::Element = root_el.into();
        let map_el: web_sys::Element = map_el.into();
        let scheduled = StoredValue::new(false);
        // Filled in below: the resize observer is re-pointed at the docked
        // elements present after each measurement.
        let resize = StoredValue::new(None::<SendWrapper<ResizeObserver>>);
        let measure = {
            let root_el = root_el.clone();
            let map_el = map_el.clone();
            move || {
                let layout = measure_chrome(&root_el, &map_el);
                if chrome.with_untracked(|c| *c != layout) {
                    chrome.set(layout);
                }
                resize.with_value(|r| {
                    if let Some(r) = r {
                        r.disconnect();
                        r.observe(&root_el);
                        r.observe(&map_el);
                        if let Ok(list) = root_el.query_selector_all(DOCKED) {
                            for i in 0..list.length() {
                                if let Some(el) = list
                                    .item(i)
                                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                                {
                                    r.observe(&el);
                                }
                            }
                        }
                    }
                });
            }
        };
        let schedule = SendWrapper::new(move || {
            if scheduled.get_value() {
                return;
            }
            scheduled.set_value(true);
            let measure = measure.clone();
            request_animation_frame(move || {
                scheduled.set_value(false);
                measure();
            });
        });
        let on_change = Closure::<dyn FnMut()>::new(schedule.clone().take());
        let Ok(resize_observer) = ResizeObserver::new(on_change.as_ref().unchecked_ref()) else {
            return;
        };
        resize.set_value(Some(SendWrapper::new(resize_observer)));
        let Ok(mutations) = MutationObserver::new(on_change.as_ref().unchecked_ref()) else {
            return;
        };
        let children = MutationObserverInit::new();
        children.set_child_list(true);
        children.set_subtree(false);
        let _ = mutations.observe_with_options(&root_el, &{
            let o = MutationObserverInit::new();
            o.set_child_list(true);
            o.set_attributes(true);
            o.set_attribute_filter(&js_sys::Array::of1(&"class".into()));
            o
        });
        if let Ok(Some(main)) = root_el.query_selector(".qk-main") {
            let _ = mutations.observe_with_options(&main, &children);
        }
        (schedule)();
        let handles = SendWrapper::new((mutations, on_change));
        on_cleanup(move || {
            let (mutations, _on_change) = handles.take();
            mutations.disconnect();
            resize.with_value(|r| {
                if let Some(r) = r {
                    r.disconnect();
                }
            });
        });
    });
}

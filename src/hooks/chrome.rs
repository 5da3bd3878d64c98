use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{MutationObserver, MutationObserverInit, ResizeObserver};

use crate::platform::{measure_chrome, DOCKED};
use crate::view::insets::ChromeLayout;

/// Reports the chrome docked over `map` inside `root` to `on_change`: panels
/// that open or close (children added or removed), resize (a sheet dragged,
/// text reflowed) or are shown by a class on the root (the phone's tabs) are
/// measured again at the next animation frame, once however many changes came.
pub fn use_chrome(
    root: NodeRef<Div>,
    map: NodeRef<Div>,
    on_change: impl Fn(ChromeLayout) + Clone + 'static,
) {
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
        let on_change = on_change.clone();
        let measure = {
            let root_el = root_el.clone();
            let map_el = map_el.clone();
            move || {
                on_change(measure_chrome(&root_el, &map_el));
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
            if scheduled.try_get_value() != Some(false) {
                return;
            }
            scheduled.set_value(true);
            let measure = measure.clone();
            request_animation_frame(move || {
                // Gone after a panic, or destroyed since the frame was asked for.
                if !crate::platform::alive() || scheduled.try_set_value(false).is_some() {
                    return;
                }
                measure();
            });
        });
        let observed = Closure::<dyn FnMut()>::new(schedule.clone().take());
        let Ok(resize_observer) = ResizeObserver::new(observed.as_ref().unchecked_ref()) else {
            return;
        };
        resize.set_value(Some(SendWrapper::new(resize_observer)));
        let Ok(mutations) = MutationObserver::new(observed.as_ref().unchecked_ref()) else {
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
        let handles = SendWrapper::new((mutations, observed));
        on_cleanup(move || {
            let (mutations, _observed) = handles.take();
            mutations.disconnect();
            resize.with_value(|r| {
                if let Some(r) = r {
                    r.disconnect();
                }
            });
        });
    });
}

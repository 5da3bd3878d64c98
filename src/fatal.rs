//! Never a blank page: when the widget panics, a readable overlay in both
//! languages says what happened and offers a reload. Built with plain DOM
//! calls, since the reactive runtime may be the thing that failed.

use wasm_bindgen::JsCast;

/// Installs the panic hook: log to the console, then show the overlay.
pub fn install_panic_overlay() {
    std::panic::set_hook(Box::new(|info| {
        crate::platform::stop();
        console_error_panic_hook::hook(info);
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".into());
        show_fatal_overlay(&message);
    }));
}

/// Shows the overlay over every mounted widget (or the page body). The
/// message is inserted as text, never as HTML.
pub fn show_fatal_overlay(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let hosts: Vec<web_sys::Element> = document
        .query_selector_all(".qk-app")
        .ok()
        .map(|list| {
            (0..list.length())
                .filter_map(|i| {
                    list.item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                })
                .collect()
        })
        .unwrap_or_default();
    let targets = if hosts.is_empty() {
        document.body().map(|b| vec![b.into()]).unwrap_or_default()
    } else {
        hosts
    };
    for host in targets {
        if host.query_selector(".qk-fatal").ok().flatten().is_some() {
            continue;
        }
        if let Some(overlay) = build_overlay(&document, message) {
            let _ = host.append_child(&overlay);
        }
    }
}

fn build_overlay(document: &web_sys::Document, message: &str) -> Option<web_sys::Element> {
    let el = |tag: &str, class: &str, text: Option<&str>| -> Option<web_sys::Element> {
        let e = document.create_element(tag).ok()?;
        e.set_class_name(class);
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        Some(e)
    };
    let overlay = el("div", "qk-fatal", None)?;
    let _ = overlay.set_attribute("role", "alertdialog");
    let _ = overlay.set_attribute("aria-labelledby", "qk-fatal-title");
    let title = el(
        "h2",
        "qk-fatal-title",
        Some("地图出现错误 · The map stopped working"),
    )?;
    title.set_id("qk-fatal-title");
    let zh = el(
        "p",
        "",
        Some("很抱歉，地图遇到意外错误，无法继续。请重新加载页面。"),
    )?;
    let _ = zh.set_attribute("lang", "zh-CN");
    let en = el(
        "p",
        "",
        Some("Sorry, the map hit an unexpected error and cannot go on. Please reload the page."),
    )?;
    let _ = en.set_attribute("lang", "en");
    let detail = el("pre", "qk-fatal-detail", Some(message))?;
    let button = el(
        "button",
        "qk-btn qk-fatal-reload",
        Some("重新加载 · Reload"),
    )?;
    let _ = button.set_attribute("type", "button");
    let reload = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    // The overlay lives until the page reloads: leak the small closure on purpose.
    reload.forget();
    for child in [&title, &zh, &en, &detail, &button] {
        overlay.append_child(child).ok()?;
    }
    Some(overlay)
}

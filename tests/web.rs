//! Browser tests (wasm-bindgen-test in headless Chromium): mount the widget,
//! check the layers render, select by tap and by keyboard, and prove that
//! script in the data is shown as text and never runs.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use qikai_map::app::App;
use qikai_map::i18n::Lang;
use qikai_map::load::BuiltIn;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, HtmlElement, KeyboardEvent, KeyboardEventInit, PointerEvent, PointerEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

fn mount(geojson: &'static str, lang: Lang) -> HtmlElement {
    let doc = document();
    let host: HtmlElement = doc.create_element("div").expect("div").unchecked_into();
    let _ = host.set_attribute("style", "position:relative;width:800px;height:600px");
    doc.body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    leptos::mount::mount_to(
        host.clone(),
        move || view! { <App data=BuiltIn::Text(geojson) lang=lang /> },
    )
    .forget();
    host
}

async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
}

/// Waits `ms` milliseconds of real time (timers, not just ticks).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn query(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .map(|l| l.length())
        .unwrap_or(0)
}

fn pointer(kind: &str, target: &Element, id: i32, x: f64, y: f64) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_pointer_id(id);
    init.set_pointer_type("touch");
    init.set_is_primary(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    let ev = PointerEvent::new_with_event_init_dict(kind, &init).expect("pointer event");
    target.dispatch_event(&ev).expect("dispatch");
}

fn centre_of(el: &Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left() + r.width() / 2.0, r.top() + r.height() / 2.0)
}

#[wasm_bindgen_test]
async fn every_layer_of_the_default_data_renders() {
    let host = mount(qikai_map::DEFAULT_DATA, Lang::En);
    settle().await;
    for (kind, expected) in [
        ("zone", 1),
        // No districts since issue 12 (none with a redistributable licence).
        ("district", 0),
        ("park", 3),
        ("project", 4),
        ("swap_station", 6),
        ("landmark", 8),
    ] {
        assert_eq!(
            count(&host, &format!(".qk-f.qk-{kind}")),
            expected,
            "{kind}"
        );
    }
    assert!(count(&host, "text.qk-label") >= 3, "some labels fit");
    let zone = query(&host, "[data-feature-id='zone-qikai']").expect("zone drawn");
    assert!(zone
        .get_attribute("d")
        .is_some_and(|d| d.starts_with('M') && d.len() > 20));
    host.remove();
}

#[wasm_bindgen_test]
async fn a_tap_on_a_station_selects_it_and_opens_its_details() {
    let host = mount(qikai_map::DEFAULT_DATA, Lang::Zh);
    settle().await;
    let station = query(&host, "[data-feature-id='swap-schematic-3']").expect("station");
    let map = query(&host, ".qk-map").expect("map");
    let (x, y) = centre_of(&station);
    pointer("pointerdown", &station, 7, x, y);
    pointer("pointerup", &map, 7, x, y);
    settle().await;
    assert!(station.class_list().contains("qk-selected"));
    let details = query(&host, ".qk-details").expect("details open");
    let text = details.text_content().unwrap_or_default();
    assert!(text.contains("换电站"), "{text}");
    assert!(
        query(&details, ".qk-schematic-badge").is_some(),
        "schematic is said"
    );
    // A tap on empty map clears the selection, once it is clear that no
    // second tap (a double tap, which zooms) follows.
    pointer("pointerdown", &map, 8, 5.0, 5.0);
    pointer("pointerup", &map, 8, 5.0, 5.0);
    settle().await;
    assert!(
        query(&host, ".qk-details").is_some(),
        "not before the double-tap window"
    );
    sleep_ms(400).await;
    settle().await;
    assert!(query(&host, ".qk-details").is_none());
    host.remove();
}

#[wasm_bindgen_test]
async fn enter_on_a_focused_feature_selects_it() {
    let host = mount(qikai_map::DEFAULT_DATA, Lang::En);
    settle().await;
    let project: HtmlElement = query(&host, "[data-feature-id='project-audi-faw-nev']")
        .expect("project")
        .unchecked_into();
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("key event");
    project.dispatch_event(&ev).expect("dispatch");
    settle().await;
    let details = query(&host, ".qk-details").expect("details open");
    let text = details.text_content().unwrap_or_default();
    assert!(text.contains("CNY 20.93 billion"), "{text}");
    host.remove();
}

#[wasm_bindgen_test]
async fn script_in_data_is_shown_as_text_and_never_runs() {
    let host = mount(include_str!("fixtures/script_in_text.geojson"), Lang::Zh);
    settle().await;
    let feature = query(&host, "[data-feature-id='xss-name']").expect("hostile feature kept");
    let map = query(&host, ".qk-map").expect("map");
    let (x, y) = centre_of(&feature);
    pointer("pointerdown", &feature, 3, x, y);
    pointer("pointerup", &map, 3, x, y);
    settle().await;
    let details = query(&host, ".qk-details").expect("details open");
    let title = query(&details, "#qk-details-title")
        .and_then(|t| t.text_content())
        .unwrap_or_default();
    assert_eq!(
        title, "<script>window.__xss=1</script>",
        "markup is literal text"
    );
    assert_eq!(count(&host, "script"), 0);
    assert_eq!(count(&host, "img"), 0);
    assert!(
        query(&details, "a").is_none(),
        "a javascript: URL is not a link"
    );
    let flag = js_sys::Reflect::get(&window(), &"__xss".into()).expect("reflect");
    assert!(flag.is_undefined(), "no injected code ran");
    // The data report lists what was wrong.
    let report_btn: HtmlElement = query(&host, ".qk-report-btn")
        .expect("button")
        .unchecked_into();
    report_btn.click();
    settle().await;
    assert!(count(&host, ".qk-report-item[data-code='unsafe_url']") >= 2);
    assert!(count(&host, ".qk-report-item[data-code='markup_in_text']") >= 1);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_broken_file_shows_its_error_instead_of_a_dead_page() {
    let host = mount(include_str!("fixtures/malformed.json"), Lang::En);
    settle().await;
    assert!(query(&host, ".qk-map").is_some(), "the widget is alive");
    let report_btn: HtmlElement = query(&host, ".qk-report-btn")
        .expect("button")
        .unchecked_into();
    report_btn.click();
    settle().await;
    let error = query(&host, ".qk-report-error")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert!(error.contains("not valid JSON"), "{error}");
    host.remove();
}

#[wasm_bindgen_test]
async fn a_fatal_error_shows_a_bilingual_overlay_with_a_reload_button() {
    let host = mount(qikai_map::DEFAULT_DATA, Lang::En);
    settle().await;
    qikai_map::fatal::show_fatal_overlay("<img src=x onerror=\"window.__xss=9\"> boom");
    let overlay = query(&host, ".qk-fatal").expect("overlay shown on the widget");
    let text = overlay.text_content().unwrap_or_default();
    assert!(
        text.contains("地图出现错误") && text.contains("The map stopped working"),
        "{text}"
    );
    assert!(text.contains("<img src=x"), "the message is text");
    assert_eq!(count(&overlay, "img"), 0);
    assert!(query(&overlay, "button.qk-fatal-reload").is_some());
    // Shown once per widget, however often it is asked for.
    qikai_map::fatal::show_fatal_overlay("again");
    assert_eq!(count(&host, ".qk-fatal"), 1);
    host.remove();
}

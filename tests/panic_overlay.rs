//! A real panic, through the real panic hook, shows the fatal overlay
//! (issue 7: "never a blank page"). The trigger exists only here.
//!
//! Its own test binary on purpose: with panic = abort (the only strategy on
//! wasm32 on stable) a panic traps the wasm call after the hook has run, and
//! std's panic count stays raised for the rest of the instance, so
//! `std::thread::panicking()` is true from then on and the panic hook can no
//! longer be changed (`set_hook` itself panics). Kept apart, that state cannot
//! leak into the other browser tests in tests/web.rs, which run in another
//! instance and page.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use qikai_map::app::App;
use qikai_map::i18n::Lang;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

const MESSAGE: &str = "soak trigger: deliberate panic from a timer callback";

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timer");
}

#[wasm_bindgen_test]
async fn a_real_panic_in_a_callback_shows_the_bilingual_overlay() {
    let window = web_sys::window().expect("window");
    let doc = document();
    let host: HtmlElement = doc.create_element("div").expect("div").unchecked_into();
    let _ = host.set_attribute("style", "position:relative;width:800px;height:600px");
    doc.body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    leptos::mount::mount_to(
        host.clone(),
        || view! { <App data=qikai_map::load::BuiltIn::Text(qikai_map::DEFAULT_DATA) lang=Lang::Zh /> },
    )
    .forget();
    for _ in 0..3 {
        tick().await;
    }
    assert!(
        host.query_selector(".qk-map").ok().flatten().is_some(),
        "widget mounted"
    );
    assert!(host.query_selector(".qk-fatal").ok().flatten().is_none());

    // The hook the shipped widget installs in main().
    qikai_map::fatal::install_panic_overlay();

    // The panic traps the wasm call that runs the timer callback; the browser
    // reports that as an uncaught error. Expected here: keep it out of the log.
    let swallow =
        Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| ev.prevent_default());
    window
        .add_event_listener_with_callback("error", swallow.as_ref().unchecked_ref())
        .expect("listener");

    // A callback run by JavaScript, so the panic happens outside this test's future.
    let trigger = Closure::once::<_, _, ()>(|| {
        panic!("{}", MESSAGE);
    });
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(trigger.as_ref().unchecked_ref(), 0)
        .expect("setTimeout");
    sleep_ms(100).await;
    let _ = window.remove_event_listener_with_callback("error", swallow.as_ref().unchecked_ref());
    drop(trigger);

    let overlay = host
        .query_selector(".qk-fatal")
        .ok()
        .flatten()
        .expect("the panic shows the overlay on the widget");
    let text = overlay.text_content().unwrap_or_default();
    assert!(text.contains("地图出现错误"), "Chinese title: {text}");
    assert!(
        text.contains("The map stopped working"),
        "English title: {text}"
    );
    assert!(
        text.contains("请重新加载页面"),
        "Chinese explanation: {text}"
    );
    assert!(
        text.contains("Please reload the page"),
        "English explanation: {text}"
    );
    assert!(text.contains(MESSAGE), "what happened: {text}");
    assert_eq!(
        overlay.get_attribute("role").as_deref(),
        Some("alertdialog"),
        "announced"
    );
    let reload = overlay
        .query_selector("button.qk-fatal-reload")
        .ok()
        .flatten()
        .expect("a reload button");
    assert!(
        reload.text_content().unwrap_or_default().contains("Reload"),
        "reload label"
    );
}

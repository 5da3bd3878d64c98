//! One mounted widget's tie to its page: its number (element ids), its host
//! element (DOM events go there), the option problems to report, and the
//! registry through which the JavaScript handle reaches its state.
//!
//! The handle exists before the state does (a host's file may still be
//! downloading), so commands sent early wait in the registry and are carried
//! out, in order, when the widget is ready.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::coord::LngLat;
use crate::embed::messages::{Command, Event};
use crate::embed::options::OptionProblem;
use crate::state::AppState;

thread_local! {
    /// Widgets mounted on this page, by number.
    static WIDGETS: RefCell<HashMap<u32, Entry>> = RefCell::new(HashMap::new());
    /// The next widget's number.
    static NEXT_INSTANCE: Cell<u32> = const { Cell::new(0) };
}

#[derive(Default)]
struct Entry {
    state: Option<AppState>,
    waiting: Vec<Command>,
}

/// A widget's tie to its page (see the module docs).
#[derive(Clone)]
pub struct HostLink {
    /// The widget's number on the page (0 for the first).
    pub instance: u32,
    /// The element the widget is mounted in; DOM events are dispatched on it.
    element: Option<SendWrapper<web_sys::HtmlElement>>,
    /// The widget owns the page (our own index.html or an iframe of it): it
    /// may set the document's title and `<html lang>`. Mounted into a host's
    /// page it touches neither.
    pub owns_page: bool,
    /// Options that could not be used, reported once the widget is up.
    pub problems: Vec<OptionProblem>,
    /// The feature the visitor tapped on the page's first view before the
    /// widget ran; opened once it is up.
    pub first_view_pick: Option<String>,
}

impl Default for HostLink {
    /// A widget mounted by a test or a bench: number 0, no host element.
    fn default() -> Self {
        Self {
            instance: 0,
            element: None,
            owns_page: false,
            problems: Vec::new(),
            first_view_pick: None,
        }
    }
}

impl HostLink {
    /// A new widget's link: takes the page's next number and registers it.
    pub fn new(
        element: web_sys::HtmlElement,
        owns_page: bool,
        problems: Vec<OptionProblem>,
    ) -> Self {
        let instance = NEXT_INSTANCE.with(|n| {
            let i = n.get();
            n.set(i + 1);
            i
        });
        WIDGETS.with(|w| w.borrow_mut().insert(instance, Entry::default()));
        Self {
            instance,
            element: Some(SendWrapper::new(element)),
            owns_page,
            problems,
            first_view_pick: None,
        }
    }

    /// The widget's state is built: commands sent meanwhile are carried out,
    /// option problems reported (on the console too), and `ready` sent once
    /// the camera has settled on its first real view (see [`settle`]).
    /// Everything is sent after the current task, so a host that mounts and
    /// then adds its listeners (`map.on("ready", ...)`) hears it all.
    pub fn attach(&self, state: AppState, outbox: Outbox, source: String) {
        let waiting = WIDGETS.with(|w| {
            let mut w = w.borrow_mut();
            let entry = w.entry(self.instance).or_default();
            entry.state = Some(state);
            std::mem::take(&mut entry.waiting)
        });
        for command in waiting {
            if let Err(message) = super::commands::apply(state, command) {
                outbox.send(&Event::Problem {
                    option: None,
                    message,
                });
            }
        }
        let instance = self.instance;
        on_cleanup(move || detach(instance));
        let problems = self.problems.clone();
        let report = state.data.report.get_value();
        leptos::task::spawn_local(async move {
            for p in &problems {
                web_sys::console::warn_1(
                    &format!("qikai-map: option {:?} ignored: {}", p.name, p.reason).into(),
                );
                outbox.send(&Event::Problem {
                    option: Some(p.name.clone()),
                    message: p.reason.to_string(),
                });
            }
            if let Some(reason) =
                crate::i18n::problems::load_failed_reason(crate::i18n::Lang::En, &report)
            {
                web_sys::console::warn_1(&format!("qikai-map: data not loaded: {reason}").into());
                outbox.send(&Event::Problem {
                    option: Some("data".into()),
                    message: reason,
                });
            }
            settle(state).await;
            outbox.set_reported_view(state);
            outbox.send(&Event::DataLoad {
                features: report.loaded,
                skipped: report.skipped(),
                problems: report.issues.len() + usize::from(report.file_error.is_some()),
                source,
            });
            outbox.send(&Event::Ready);
        });
    }

    /// The element DOM events go to.
    pub fn element(&self) -> Option<web_sys::HtmlElement> {
        self.element.as_ref().map(|e| (**e).clone())
    }
}

/// Waits until the camera has been fitted to the element's real size and
/// has held still for one poll (the chrome measured after the first layout
/// may refit the home view), so that `getState()` at `ready` is the view the
/// visitor sees and the start-up fit is not reported as a move. A widget in
/// a hidden container never gets a size: it is ready after 1.5 s anyway.
async fn settle(state: AppState) {
    const POLL_MS: i32 = 20;
    const GIVE_UP_MS: i32 = 1500;
    let mut last = None;
    let mut waited = 0;
    while waited < GIVE_UP_MS {
        let Some(fitted) = state.camera.fitted.try_get_untracked() else {
            return; // destroyed meanwhile
        };
        let view = state.camera.view.try_get_untracked();
        if fitted && view.is_some() && view == last {
            return;
        }
        last = view;
        crate::platform::sleep_ms(POLL_MS).await;
        waited += POLL_MS;
    }
}

fn detach(instance: u32) {
    WIDGETS.with(|w| {
        if let Some(entry) = w.borrow_mut().get_mut(&instance) {
            entry.state = None;
        }
    });
}

/// Forgets a destroyed widget.
pub fn forget(instance: u32) {
    WIDGETS.with(|w| w.borrow_mut().remove(&instance));
}

/// What a handle's command met.
pub enum Sent {
    /// Carried out; the state it left.
    Done(Event),
    /// The widget is still loading: the command waits.
    Waiting,
}

/// Carries out a command for widget `instance`, or keeps it until the
/// widget is ready. `Err` says why it was refused (or that the widget is
/// gone).
pub fn send(instance: u32, command: Command) -> Result<Sent, String> {
    let state = WIDGETS.with(|w| match w.borrow_mut().get_mut(&instance) {
        None => Err("this widget was destroyed".to_string()),
        Some(Entry {
            state: Some(state), ..
        }) => Ok(Some(*state)),
        Some(entry) => {
            entry.waiting.push(command.clone());
            Ok(None)
        }
    })?;
    match state {
        Some(state) => super::commands::apply(state, command).map(Sent::Done),
        None => Ok(Sent::Waiting),
    }
}

/// Sends events to the host: to the parent window (in an iframe, to the
/// allowed origins) and as DOM events `qikai:<name>` on the host element,
/// with the message's object as `detail`.
#[derive(Clone)]
pub struct Outbox {
    element: Option<SendWrapper<web_sys::HtmlElement>>,
    origins: std::sync::Arc<Vec<String>>,
    /// The view last told to the host (`None` until `ready`): `viewchange`
    /// reports moves away from it, never the start-up fit or a no-op.
    reported_view: StoredValue<Option<(LngLat, f64)>>,
}

impl Outbox {
    /// An outbox for `link`'s element and the allowed `origins`.
    pub fn new(link: &HostLink, origins: Vec<String>) -> Self {
        Self {
            element: link.element.clone(),
            origins: std::sync::Arc::new(origins),
            reported_view: StoredValue::new(None),
        }
    }

    /// Takes the widget's current view as the one the host knows (at `ready`).
    pub fn set_reported_view(&self, state: AppState) {
        if let Some(v) = state.camera.view.try_get_untracked() {
            self.reported_view.set_value(Some((v.center(), v.zoom())));
        }
    }

    /// The view to report as a `viewchange`, if the host has had `ready` and
    /// the camera is somewhere else than last reported; it becomes the
    /// reported one.
    pub fn view_to_report(&self, state: AppState) -> Option<(LngLat, f64)> {
        let v = state.camera.view.try_get_untracked()?;
        let now = (v.center(), v.zoom());
        let before = self.reported_view.try_get_value()??;
        if before == now {
            return None;
        }
        self.reported_view.set_value(Some(now));
        Some(now)
    }

    /// Sends an unasked event (not a reply).
    pub fn send(&self, event: &Event) {
        let text = event.to_json(None);
        if let Some(parent) = window().parent().ok().flatten() {
            if parent != window() {
                for origin in self.origins.iter() {
                    let _ = parent.post_message(&JsValue::from_str(&text), origin);
                }
            }
        }
        if let Some(element) = &self.element {
            dispatch(element, event.name(), &text);
        }
    }
}

/// Dispatches `qikai:<name>` with the parsed JSON as `detail`.
fn dispatch(element: &web_sys::HtmlElement, name: &str, json: &str) {
    let Ok(detail) = js_sys::JSON::parse(json) else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&detail);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict(&format!("qikai:{name}"), &init)
    {
        let _ = element.dispatch_event(event.unchecked_ref());
    }
}

//! The handle `mount(element, options)` returns to a host's script: the same
//! commands as the postMessage contract (validated by the same parser), the
//! state they leave, and `destroy()`. The JavaScript module (`qikai-map.js`)
//! wraps it in the `QikaiMap` class that adds `on`/`off`.

use wasm_bindgen::prelude::*;

use super::link::{self, Sent};
use crate::embed::messages::{parse_command, Command, Event};

/// A mounted widget, for its host's script.
#[wasm_bindgen]
pub struct QikaiMapHandle {
    instance: u32,
    element: web_sys::HtmlElement,
    /// Dropping it unmounts the widget: its DOM, its listeners, observers
    /// and timers go with its reactive owner.
    mounted: Option<Box<dyn std::any::Any>>,
}

impl QikaiMapHandle {
    /// The handle of widget `instance`, mounted in `element`.
    pub fn new(
        instance: u32,
        element: web_sys::HtmlElement,
        mounted: Box<dyn std::any::Any>,
    ) -> Self {
        Self {
            instance,
            element,
            mounted: Some(mounted),
        }
    }

    /// Reads `fields` as the command `kind` with the postMessage parser, so
    /// both ways in accept and refuse exactly the same things.
    fn command(kind: &str, fields: &JsValue) -> Result<Command, JsError> {
        let message = js_sys::Object::new();
        if fields.is_object() {
            let _ = js_sys::Object::assign(&message, fields.unchecked_ref());
        }
        let _ = js_sys::Reflect::set(&message, &"qikai".into(), &1.into());
        let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
        let text: String = js_sys::JSON::stringify(&message)
            .map_err(|_| JsError::new(&format!("{kind}: the argument cannot be read as JSON")))?
            .into();
        match parse_command(&text) {
            Ok(Some(envelope)) => Ok(envelope.command),
            Ok(None) => Err(JsError::new(kind)),
            Err(e) => Err(JsError::new(&e.message)),
        }
    }

    fn run(&self, kind: &str, fields: &JsValue) -> Result<JsValue, JsError> {
        let command = Self::command(kind, fields)?;
        match link::send(self.instance, command).map_err(|e| JsError::new(&e))? {
            Sent::Done(event) => Ok(state_object(&event)),
            Sent::Waiting => Ok(JsValue::NULL),
        }
    }
}

fn field(name: &str, value: &JsValue) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &name.into(), value);
    o.into()
}

/// The `state` event as a plain object, without the message's markers.
fn state_object(event: &Event) -> JsValue {
    let Ok(value) = js_sys::JSON::parse(&event.to_json(None)) else {
        return JsValue::NULL;
    };
    for marker in ["qikai", "type", "reply", "event"] {
        let _ = js_sys::Reflect::delete_property(
            value.unchecked_ref::<js_sys::Object>(),
            &marker.into(),
        );
    }
    value
}

#[wasm_bindgen]
impl QikaiMapHandle {
    /// The element the widget is mounted in.
    #[wasm_bindgen(getter)]
    pub fn element(&self) -> web_sys::HtmlElement {
        self.element.clone()
    }

    /// Moves the camera: `{center: [lng, lat], zoom?}`, or `{id}` to bring a
    /// feature into view and select it. Returns the state the move leaves
    /// (the flight's end), or `null` while the data still loads (the command
    /// is then carried out when it is ready).
    #[wasm_bindgen(js_name = flyTo)]
    pub fn fly_to(&self, target: JsValue) -> Result<JsValue, JsError> {
        self.run("flyTo", &target)
    }

    /// Selects a feature by id, or nothing (`null`); throws for an unknown id.
    pub fn select(&self, id: JsValue) -> Result<JsValue, JsError> {
        self.run("select", &field("id", &id))
    }

    /// Replaces the filter (its compact text form); throws for invalid text.
    #[wasm_bindgen(js_name = setFilter)]
    pub fn set_filter(&self, filter: JsValue) -> Result<JsValue, JsError> {
        self.run("setFilter", &field("filter", &filter))
    }

    /// Switches the language: `"zh"` or `"en"`.
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language(&self, lang: JsValue) -> Result<JsValue, JsError> {
        self.run("setLanguage", &field("lang", &lang))
    }

    /// Shows these layers and hides the others (`["park", "project"]` or
    /// `"park,project"`).
    #[wasm_bindgen(js_name = setLayers)]
    pub fn set_layers(&self, layers: JsValue) -> Result<JsValue, JsError> {
        self.run("setLayers", &field("layers", &layers))
    }

    /// The current state: `{center, zoom, selected, lang, filter, layers,
    /// permalink}`, or `null` while the data still loads.
    #[wasm_bindgen(js_name = getState)]
    pub fn get_state(&self) -> Result<JsValue, JsError> {
        self.run("getState", &JsValue::UNDEFINED)
    }

    /// Whether `destroy()` was called.
    #[wasm_bindgen(getter)]
    pub fn destroyed(&self) -> bool {
        self.mounted.is_none()
    }

    /// Removes the widget: its DOM, listeners, observers and timers. The
    /// handle refuses commands afterwards. Calling it twice is harmless.
    pub fn destroy(&mut self) {
        if let Some(mounted) = self.mounted.take() {
            drop(mounted);
            link::forget(self.instance);
        }
    }
}

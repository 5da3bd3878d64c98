//! The postMessage contract for iframe hosts. Every message is a JSON object
//! with `"qikai": 1` (the contract version) and a `"type"`. Commands come in,
//! events go out; a malformed command gets an `error` reply, never a crash.
//!
//! Commands: `flyTo {center: [lng, lat], zoom?}` or `flyTo {id}`,
//! `select {id | null}`, `setFilter {filter}`, `setLanguage {lang}`,
//! `setLayers {layers: [...]}`, `getState {}`; any may carry a `requestId`
//! that the reply echoes. Replies: `state {...}` and `error {message}`,
//! marked `"reply": true`. Events (unasked): `ready`, `select {id}`,
//! `viewchange {center, zoom}`, `dataload {features, skipped, problems,
//! source}`, `error {message, option?}` (an option or the data could not be
//! used), marked `"event": true`. Neither is ever taken for a command, so an
//! echo cannot start a loop. A script-tag embed receives the same events as
//! DOM events (`qikai:select`, ...) and sends the same commands through its
//! handle (`crate::host`).

use serde_json::{json, Value};

use crate::core::coord::LngLat;
use crate::core::model::FeatureKind;
use crate::i18n::Lang;

/// The contract version this build speaks.
pub const CONTRACT_VERSION: u64 = 1;

/// A command from the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Move the camera.
    FlyTo {
        /// New centre.
        center: LngLat,
        /// New zoom, if given.
        zoom: Option<f64>,
    },
    /// Bring a feature into view (and select it).
    Show {
        /// Feature id.
        id: String,
    },
    /// Show these layers, hide the others.
    SetLayers {
        /// The layers to show.
        layers: Vec<FeatureKind>,
    },
    /// Select a feature, or nothing.
    Select {
        /// Feature id.
        id: Option<String>,
    },
    /// Replace the filter (compact text form).
    SetFilter {
        /// The filter.
        filter: String,
    },
    /// Switch language.
    SetLanguage {
        /// The language.
        lang: Lang,
    },
    /// Ask for the current state.
    GetState,
}

/// A command with the request id to echo.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// The command.
    pub command: Command,
    /// Echoed in the reply.
    pub request_id: Option<String>,
}

/// Why a message was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageError {
    /// What was wrong (English, for developers).
    pub message: String,
    /// The request id, when one could be read.
    pub request_id: Option<String>,
}

/// Largest message accepted, in bytes of JSON.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Parses a message's JSON text. `Ok(None)` means "not for us" (JSON without
/// a `qikai` key: other scripts on the page use postMessage too) and is
/// ignored silently; text that is not JSON at all is refused, since only the
/// host page (an allowed origin) can reach this far.
pub fn parse_command(text: &str) -> Result<Option<Envelope>, MessageError> {
    let err = |message: &str, request_id: Option<String>| MessageError {
        message: message.to_string(),
        request_id,
    };
    if text.len() > MAX_MESSAGE_BYTES {
        return Err(err("message too large", None));
    }
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return Err(err(
            "not JSON text: send JSON.stringify({qikai: 1, type: ...}) or the object itself",
            None,
        ));
    };
    let Value::Object(obj) = value else {
        return Ok(None);
    };
    let Some(version) = obj.get("qikai") else {
        return Ok(None);
    };
    // Events and replies (ours, echoed back) are not commands: never answer
    // them, or two widgets could answer each other forever.
    if ["event", "reply"]
        .iter()
        .any(|k| obj.get(*k).and_then(Value::as_bool) == Some(true))
    {
        return Ok(None);
    }
    let request_id = obj
        .get("requestId")
        .and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
        })
        .map(|s| s.chars().take(64).collect::<String>());
    if version.as_u64() != Some(CONTRACT_VERSION) {
        return Err(err(
            "unsupported contract version (this widget speaks qikai: 1)",
            request_id,
        ));
    }
    let kind = obj.get("type").and_then(Value::as_str).unwrap_or("");
    let command = match kind {
        "flyTo" if obj.get("center").is_none() && obj.get("id").is_some() => match obj.get("id") {
            Some(Value::String(id)) if !id.is_empty() && id.len() <= 128 => {
                Command::Show { id: id.clone() }
            }
            _ => return Err(err("flyTo needs id: a feature id string", request_id)),
        },
        "setLayers" => {
            let names: Option<Vec<&str>> = match obj.get("layers") {
                Some(Value::Array(a)) => a.iter().map(Value::as_str).collect(),
                Some(Value::String(s)) => Some(s.split(',').map(str::trim).collect()),
                _ => None,
            };
            let layers: Option<Vec<FeatureKind>> = names.and_then(|names| {
                names
                    .iter()
                    .filter(|n| !n.is_empty())
                    .map(|n| FeatureKind::parse(n))
                    .collect()
            });
            match layers {
                Some(layers) => Command::SetLayers { layers },
                None => {
                    return Err(err(
                        "setLayers needs layers: names from zone, district, park, project, swap_station, landmark",
                        request_id,
                    ))
                }
            }
        }
        "flyTo" => {
            let center = obj
                .get("center")
                .and_then(Value::as_array)
                .and_then(|a| match a.as_slice() {
                    [x, y] => Some(LngLat::lon_lat(x.as_f64()?, y.as_f64()?)),
                    _ => None,
                })
                .filter(LngLat::is_valid)
                .ok_or_else(|| {
                    err(
                        "flyTo needs center: [longitude, latitude]",
                        request_id.clone(),
                    )
                })?;
            let zoom = match obj.get("zoom") {
                None | Some(Value::Null) => None,
                Some(z) => Some(z.as_f64().filter(|z| (0.0..=24.0).contains(z)).ok_or_else(
                    || err("zoom must be a number from 0 to 24", request_id.clone()),
                )?),
            };
            Command::FlyTo { center, zoom }
        }
        "select" => match obj.get("id") {
            None | Some(Value::Null) => Command::Select { id: None },
            Some(Value::String(s)) if s.len() <= 128 => Command::Select {
                id: Some(s.clone()),
            },
            _ => return Err(err("select needs id: a string or null", request_id)),
        },
        "setFilter" => match obj.get("filter") {
            Some(Value::String(s)) if s.len() <= 2000 => Command::SetFilter { filter: s.clone() },
            _ => return Err(err("setFilter needs filter: a string", request_id)),
        },
        "setLanguage" => match obj
            .get("lang")
            .and_then(Value::as_str)
            .and_then(Lang::from_tag)
        {
            Some(lang) => Command::SetLanguage { lang },
            None => return Err(err("setLanguage needs lang: \"zh\" or \"en\"", request_id)),
        },
        "getState" => Command::GetState,
        _ => {
            return Err(err(
                "unknown type (flyTo, select, setFilter, setLanguage, setLayers, getState)",
                request_id,
            ))
        }
    };
    Ok(Some(Envelope {
        command,
        request_id,
    }))
}

/// An event or reply to the host.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The widget is ready for commands.
    Ready,
    /// The selection changed.
    Select {
        /// Selected id.
        id: Option<String>,
    },
    /// The camera moved (sent at most a few times a second).
    ViewChange {
        /// Centre.
        center: LngLat,
        /// Zoom.
        zoom: f64,
    },
    /// Reply to `getState`.
    State {
        /// Centre.
        center: LngLat,
        /// Zoom.
        zoom: f64,
        /// Selected id.
        selected: Option<String>,
        /// Language.
        lang: Lang,
        /// Filter text.
        filter: String,
        /// Layers shown.
        layers: Vec<FeatureKind>,
        /// Permalink hash.
        permalink: String,
    },
    /// The data is loaded (the data report's summary).
    DataLoad {
        /// Features shown.
        features: usize,
        /// Entries skipped for an error.
        skipped: usize,
        /// Problems the report lists (errors and warnings).
        problems: usize,
        /// `embedded` or the data URL.
        source: String,
    },
    /// Something the host gave could not be used: an option (named) or the
    /// data (its file error). Unasked, so an event.
    Problem {
        /// The option's name; `None` for the data.
        option: Option<String>,
        /// What was wrong (English, for developers).
        message: String,
    },
    /// A command was refused.
    Error(MessageError),
}

impl Event {
    /// The event's name: the message's `type`, and `qikai:<name>` as a DOM event.
    pub fn name(&self) -> &'static str {
        match self {
            Event::Ready => "ready",
            Event::Select { .. } => "select",
            Event::ViewChange { .. } => "viewchange",
            Event::State { .. } => "state",
            Event::DataLoad { .. } => "dataload",
            Event::Problem { .. } | Event::Error(_) => "error",
        }
    }

    /// Whether this answers a command (`state`, `error`) rather than telling
    /// the host something unasked.
    pub fn is_reply(&self) -> bool {
        matches!(self, Event::State { .. } | Event::Error(_))
    }

    /// The JSON text to post, echoing `request_id` when given.
    pub fn to_json(&self, request_id: Option<&str>) -> String {
        let lang = |l: Lang| if l == Lang::Zh { "zh" } else { "en" };
        let mut v = match self {
            Event::Ready => json!({"type": "ready"}),
            Event::Select { id } => json!({"type": "select", "id": id}),
            Event::ViewChange { center, zoom } => {
                json!({"type": "viewchange", "center": [center.lng, center.lat], "zoom": zoom})
            }
            Event::State {
                center,
                zoom,
                selected,
                lang: l,
                filter,
                layers,
                permalink,
            } => json!({
                "type": "state", "center": [center.lng, center.lat], "zoom": zoom, "selected": selected,
                "lang": lang(*l), "filter": filter,
                "layers": layers.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "permalink": permalink,
            }),
            Event::DataLoad {
                features,
                skipped,
                problems,
                source,
            } => json!({
                "type": "dataload", "features": features, "skipped": skipped,
                "problems": problems, "source": source,
            }),
            Event::Problem { option, message } => match option {
                Some(o) => json!({"type": "error", "message": message, "option": o}),
                None => json!({"type": "error", "message": message}),
            },
            Event::Error(e) => json!({"type": "error", "message": e.message}),
        };
        if let Value::Object(map) = &mut v {
            map.insert("qikai".into(), json!(CONTRACT_VERSION));
            let marker = if self.is_reply() { "reply" } else { "event" };
            map.insert(marker.into(), json!(true));
            let rid = request_id.map(str::to_string).or_else(|| match self {
                Event::Error(e) => e.request_id.clone(),
                _ => None,
            });
            if let Some(r) = rid {
                map.insert("requestId".into(), Value::String(r));
            }
        }
        v.to_string()
    }
}

/// Whether `origin` may command the widget. An empty allowlist allows none
/// (commands are opt-in); `*` allows any.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    allowed
        .iter()
        .any(|a| a == "*" || a.eq_ignore_ascii_case(origin.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_their_request_ids() {
        let e = parse_command(
            r#"{"qikai":1,"type":"flyTo","center":[125.17,43.83],"zoom":14,"requestId":"r1"}"#,
        )
        .expect("valid")
        .expect("ours");
        assert_eq!(
            e.command,
            Command::FlyTo {
                center: LngLat::lon_lat(125.17, 43.83),
                zoom: Some(14.0)
            }
        );
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        let s = parse_command(r#"{"qikai":1,"type":"select","id":null}"#)
            .expect("valid")
            .expect("ours");
        assert_eq!(s.command, Command::Select { id: None });
        let l = parse_command(r#"{"qikai":1,"type":"setLanguage","lang":"en"}"#)
            .expect("valid")
            .expect("ours");
        assert_eq!(l.command, Command::SetLanguage { lang: Lang::En });
    }

    #[test]
    fn other_scripts_messages_are_ignored_and_malformed_ones_refused() {
        assert_eq!(parse_command(r#"{"type":"flyTo"}"#), Ok(None));
        assert_eq!(parse_command("[1,2]"), Ok(None));
        let not_json = parse_command("hello").expect_err("refused");
        assert!(
            not_json.message.contains("not JSON"),
            "{}",
            not_json.message
        );
        for bad in [
            r#"{"qikai":2,"type":"getState"}"#,
            r#"{"qikai":1,"type":"flyTo","center":[500,1]}"#,
            r#"{"qikai":1,"type":"flyTo","center":[125,43],"zoom":"x"}"#,
            r#"{"qikai":1,"type":"select","id":5}"#,
            r#"{"qikai":1,"type":"launch"}"#,
            r#"{"qikai":1,"type":"flyTo","id":7}"#,
            r#"{"qikai":1,"type":"setLayers","layers":["park","roads"]}"#,
            r#"{"qikai":1,"type":"setLayers"}"#,
        ] {
            assert!(parse_command(bad).is_err(), "{bad}");
        }
        let e = parse_command(r#"{"qikai":1,"type":"nope","requestId":7}"#).expect_err("refused");
        assert_eq!(e.request_id.as_deref(), Some("7"));
        assert!(parse_command(&"x".repeat(MAX_MESSAGE_BYTES + 1)).is_err());
    }

    #[test]
    fn fly_to_an_id_and_set_layers_parse() {
        let show = parse_command(r#"{"qikai":1,"type":"flyTo","id":"project-a"}"#)
            .expect("valid")
            .expect("ours");
        assert_eq!(
            show.command,
            Command::Show {
                id: "project-a".into()
            }
        );
        for text in [
            r#"{"qikai":1,"type":"setLayers","layers":["park","swap_station"]}"#,
            r#"{"qikai":1,"type":"setLayers","layers":"park, swap_station"}"#,
        ] {
            let e = parse_command(text).expect("valid").expect("ours");
            assert_eq!(
                e.command,
                Command::SetLayers {
                    layers: vec![FeatureKind::Park, FeatureKind::SwapStation]
                },
                "{text}"
            );
        }
        let none = parse_command(r#"{"qikai":1,"type":"setLayers","layers":[]}"#)
            .expect("valid")
            .expect("ours");
        assert_eq!(none.command, Command::SetLayers { layers: vec![] });
    }

    #[test]
    fn data_and_option_events_say_what_and_where() {
        let load: Value = serde_json::from_str(
            &Event::DataLoad {
                features: 20,
                skipped: 2,
                problems: 3,
                source: "/p.geojson".into(),
            }
            .to_json(None),
        )
        .expect("json");
        assert_eq!(
            (
                load["type"].as_str(),
                load["features"].as_u64(),
                load["event"].as_bool()
            ),
            (Some("dataload"), Some(20), Some(true))
        );
        let bad = Event::Problem {
            option: Some("lang".into()),
            message: "expected zh or en".into(),
        };
        assert_eq!(bad.name(), "error");
        assert!(!bad.is_reply());
        let v: Value = serde_json::from_str(&bad.to_json(None)).expect("json");
        assert_eq!(v["option"], "lang");
        assert_eq!(v["event"], true);
    }

    #[test]
    fn events_carry_the_version_and_the_request_id() {
        let v: Value = serde_json::from_str(&Event::Ready.to_json(Some("a"))).expect("json");
        assert_eq!(v["qikai"], 1);
        assert_eq!(v["type"], "ready");
        assert_eq!(v["requestId"], "a");
        let err = Event::Error(MessageError {
            message: "x".into(),
            request_id: Some("9".into()),
        });
        let v: Value = serde_json::from_str(&err.to_json(None)).expect("json");
        assert_eq!(v["requestId"], "9");
    }

    #[test]
    fn replies_are_marked_as_replies_and_events_as_events() {
        let state = Event::State {
            center: LngLat::lon_lat(125.0, 43.0),
            zoom: 12.0,
            selected: None,
            lang: Lang::Zh,
            filter: String::new(),
            layers: vec![FeatureKind::Zone, FeatureKind::SwapStation],
            permalink: String::new(),
        };
        let v: Value = serde_json::from_str(&state.to_json(Some("r"))).expect("json");
        assert_eq!(v["reply"], true);
        assert_eq!(v["layers"], serde_json::json!(["zone", "swap_station"]));
        assert!(v.get("event").is_none(), "a reply is not an event: {v}");
        let v: Value = serde_json::from_str(&Event::Ready.to_json(None)).expect("json");
        assert_eq!(v["event"], true);
        assert!(v.get("reply").is_none());
        assert_eq!(
            parse_command(&state.to_json(Some("r"))),
            Ok(None),
            "an echoed reply is not a command"
        );
    }

    #[test]
    fn our_own_events_are_never_taken_for_commands() {
        for event in [
            Event::Ready,
            Event::Select {
                id: Some("a".into()),
            },
            Event::Error(MessageError {
                message: "x".into(),
                request_id: None,
            }),
        ] {
            assert_eq!(parse_command(&event.to_json(Some("1"))), Ok(None));
        }
    }

    #[test]
    fn origins_come_from_the_allowlist_only() {
        let allowed = vec!["https://portal.example".to_string()];
        assert!(origin_allowed(&allowed, "https://portal.example"));
        assert!(!origin_allowed(&allowed, "https://evil.example"));
        assert!(!origin_allowed(&[], "https://portal.example"));
        assert!(origin_allowed(&["*".to_string()], "https://any.example"));
    }
}

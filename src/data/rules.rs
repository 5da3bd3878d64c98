//! The field rules both loaders share (the full converter, `convert`, and
//! the fast path for clean points, `fast_point`): which properties the
//! widget reads, what an id may be, text length and markup checks, safe
//! links, figures, milestones and dates. One place, so the two paths cannot
//! disagree on what is clean.

use serde_json::{Map, Value};

use super::problem::{Limits, Problem};
use crate::core::model::{Figures, Milestone};

/// Property names the widget reads. Others are kept out of the model and
/// counted in `LoadReport::unknown_properties`.
pub(crate) const KNOWN_PROPERTIES: [&str; 17] = [
    "id",
    "kind",
    "name_zh",
    "name_en",
    "category",
    "status",
    "investment_yuan",
    "land_area_m2",
    "building_area_m2",
    "capacity_vehicles_per_year",
    "milestones",
    "source",
    "source_url",
    "position_accuracy",
    "note_zh",
    "note_en",
    "adcode",
];

pub(crate) fn read_id(
    obj: &Map<String, Value>,
    props: &Map<String, Value>,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let raw = obj.get("id").or_else(|| props.get("id"));
    let id = match raw {
        None | Some(Value::Null) => {
            problems.push(Problem::MissingField { field: "id".into() });
            return None;
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            problems.push(Problem::WrongType {
                field: "id".into(),
                expected: "a string or a number",
            });
            return None;
        }
    };
    if is_valid_id(&id) {
        Some(id)
    } else {
        problems.push(Problem::InvalidId {
            value: truncate(&id, 64),
        });
        None
    }
}

/// 1 to 128 characters of letters, digits and `_-.:` (safe in a URL hash and
/// an attribute).
pub(crate) fn is_valid_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

/// Reads optional text fields with the length and markup checks.
pub(crate) struct TextReader<'a> {
    pub(crate) props: &'a Map<String, Value>,
    pub(crate) limits: &'a Limits,
    pub(crate) problems: &'a mut Vec<Problem>,
}

impl TextReader<'_> {
    /// The trimmed text, or `None` when absent, null or blank.
    pub(crate) fn optional(&mut self, field: &str) -> Option<String> {
        let value = self.optional_unchecked(field)?;
        if looks_like_markup(&value) {
            self.problems.push(Problem::MarkupInText {
                field: field.into(),
            });
        }
        Some(value)
    }

    /// Like `optional`, without the markup check (for URLs, checked on their own).
    pub(crate) fn optional_unchecked(&mut self, field: &str) -> Option<String> {
        let value = match self.props.get(field) {
            None | Some(Value::Null) => return None,
            Some(Value::String(s)) => s.trim(),
            Some(_) => {
                self.problems.push(Problem::TextNotAString {
                    field: field.into(),
                });
                return None;
            }
        };
        if value.is_empty() {
            return None;
        }
        let chars = value.chars().count();
        if chars > self.limits.max_text_chars {
            self.problems.push(Problem::TextTooLong {
                field: field.into(),
                chars,
                limit: self.limits.max_text_chars,
            });
            return None;
        }
        Some(value.to_string())
    }
}

/// Tags, event-handler attributes and script URLs. The UI renders all data as
/// text, so this is only a warning that tells the data owner.
pub(crate) fn looks_like_markup(s: &str) -> bool {
    // Every pattern below holds `<`, `:` or `=`; most names hold none of them.
    if !s.bytes().any(|b| matches!(b, b'<' | b':' | b'=')) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let tag = lower.match_indices('<').any(|(i, _)| {
        lower[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
    });
    tag || lower.contains("javascript:") || lower.contains("onerror=") || lower.contains("onload=")
}

pub(crate) fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub(crate) fn read_figures(props: &Map<String, Value>, problems: &mut Vec<Problem>) -> Figures {
    let mut figure = |field: &str| -> Option<f64> {
        let value = props.get(field)?;
        match value.as_f64() {
            Some(v) if v.is_finite() && v >= 0.0 => Some(v),
            _ if value.is_null() => None,
            _ => {
                problems.push(Problem::InvalidFigure {
                    field: field.into(),
                });
                None
            }
        }
    };
    Figures {
        investment_yuan: figure("investment_yuan"),
        land_area_m2: figure("land_area_m2"),
        building_area_m2: figure("building_area_m2"),
        capacity_vehicles_per_year: figure("capacity_vehicles_per_year"),
    }
}

pub(crate) fn read_milestones(
    props: &Map<String, Value>,
    limits: &Limits,
    problems: &mut Vec<Problem>,
) -> Vec<Milestone> {
    let Some(value) = props.get("milestones").filter(|v| !v.is_null()) else {
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        problems.push(Problem::WrongType {
            field: "milestones".into(),
            expected: "an array",
        });
        return Vec::new();
    };
    let text = |item: &Value, key: &str| -> Option<String> {
        let s = item.get(key)?.as_str()?.trim();
        (!s.is_empty() && s.chars().count() <= limits.max_text_chars).then(|| s.to_string())
    };
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let date = text(item, "date").filter(|d| is_iso_date(d));
        let zh = text(item, "event_zh");
        let en = text(item, "event_en");
        match (date, zh, en) {
            (Some(date), Some(event_zh), Some(event_en)) => {
                if looks_like_markup(&event_zh) || looks_like_markup(&event_en) {
                    problems.push(Problem::MarkupInText {
                        field: format!("milestones[{index}]"),
                    });
                }
                out.push(Milestone {
                    date,
                    event_zh,
                    event_en,
                });
            }
            _ => problems.push(Problem::InvalidMilestone { index }),
        }
    }
    out
}

/// `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m] => num(y, 4).is_some() && num(m, 2).is_some_and(|m| (1..=12).contains(&m)),
        [y, m, d] => {
            num(y, 4).is_some()
                && num(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && num(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

pub(crate) fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

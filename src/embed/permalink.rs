//! The shareable state in the URL hash: view, selection, filter, language and
//! layers. Versioned (`v=1`), compact, and exact on its own precision: a
//! state written and read back is equal to itself (coordinates to 1e-6°,
//! zoom to 0.01).

use crate::core::coord::LngLat;
use crate::core::model::FeatureKind;
use crate::i18n::Lang;

/// The permalink schema version written by this build.
pub const PERMALINK_VERSION: u32 = 1;

/// What a permalink carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Permalink {
    /// Map centre (rounded to 1e-6°, about 0.1 m).
    pub center: Option<LngLat>,
    /// Zoom (rounded to 0.01).
    pub zoom: Option<f64>,
    /// Selected feature id.
    pub selected: Option<String>,
    /// Interface language.
    pub lang: Option<Lang>,
    /// Hidden layers (kinds switched off in the legend).
    pub hidden_layers: Vec<FeatureKind>,
    /// The filter in its own compact text form (see `core::filter`).
    pub filter: Option<String>,
}

fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

impl Permalink {
    /// The same state at the precision a link keeps, so that comparisons
    /// after a round trip are exact.
    pub fn quantized(mut self) -> Self {
        self.center = self
            .center
            .map(|c| LngLat::lon_lat(round_to(c.lng, 1e-6), round_to(c.lat, 1e-6)));
        self.zoom = self.zoom.map(|z| round_to(z, 0.01));
        self.hidden_layers.sort();
        self.hidden_layers.dedup();
        self
    }

    /// The hash text, without the leading `#`.
    ///
    /// ```
    /// use qikai_map::core::coord::LngLat;
    /// use qikai_map::embed::permalink::Permalink;
    /// use qikai_map::i18n::Lang;
    /// let p = Permalink { center: Some(LngLat::lon_lat(125.165766, 43.83123)), zoom: Some(13.5),
    ///     selected: Some("project-audi-faw-nev".into()), lang: Some(Lang::En), hidden_layers: vec![], filter: None };
    /// assert_eq!(p.to_hash(), "v=1&c=125.165766,43.831230&z=13.50&s=project-audi-faw-nev&l=en");
    /// assert_eq!(Permalink::from_hash(&p.to_hash()), p.quantized());
    /// ```
    pub fn to_hash(&self) -> String {
        let p = self.clone().quantized();
        let mut parts = vec![format!("v={PERMALINK_VERSION}")];
        if let Some(c) = p.center {
            parts.push(format!("c={:.6},{:.6}", c.lng, c.lat));
        }
        if let Some(z) = p.zoom {
            parts.push(format!("z={z:.2}"));
        }
        if let Some(s) = &p.selected {
            parts.push(format!("s={}", encode(s)));
        }
        if let Some(l) = p.lang {
            parts.push(format!("l={}", if l == Lang::Zh { "zh" } else { "en" }));
        }
        if !p.hidden_layers.is_empty() {
            let names: Vec<&str> = p.hidden_layers.iter().map(|k| k.as_str()).collect();
            parts.push(format!("h={}", names.join(",")));
        }
        if let Some(f) = p.filter.as_deref().filter(|f| !f.is_empty()) {
            parts.push(format!("f={}", encode(f)));
        }
        parts.join("&")
    }

    /// Reads a hash (with or without `#`). Unknown keys, a newer version's
    /// extra keys and malformed values are ignored: a bad link opens the
    /// default view, never an error page.
    pub fn from_hash(hash: &str) -> Self {
        let mut p = Permalink {
            center: None,
            zoom: None,
            selected: None,
            lang: None,
            hidden_layers: Vec::new(),
            filter: None,
        };
        for pair in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            let value = decode(value);
            match key {
                "c" => {
                    p.center = value.split_once(',').and_then(|(x, y)| {
                        let c = LngLat::lon_lat(x.trim().parse().ok()?, y.trim().parse().ok()?);
                        c.is_valid().then_some(c)
                    })
                }
                "z" => {
                    p.zoom = value
                        .parse::<f64>()
                        .ok()
                        .filter(|z| z.is_finite() && (0.0..=24.0).contains(z))
                }
                "s" => p.selected = (!value.is_empty() && value.len() <= 128).then_some(value),
                "l" => p.lang = Lang::from_tag(&value),
                "h" => p.hidden_layers = value.split(',').filter_map(FeatureKind::parse).collect(),
                "f" => p.filter = (!value.is_empty() && value.len() <= 2000).then_some(value),
                _ => {}
            }
        }
        p.quantized()
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b',' | b';' | b':')
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes percent-encoding; invalid escapes are kept as written and invalid
/// UTF-8 is replaced, so decoding never fails.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Permalink {
        Permalink {
            center: Some(LngLat::lon_lat(125.1657664, 43.8312349)),
            zoom: Some(12.3456),
            selected: Some("swap-schematic-3".into()),
            lang: Some(Lang::Zh),
            hidden_layers: vec![FeatureKind::SwapStation, FeatureKind::District],
            filter: Some("k=project,park;i=over10".into()),
        }
    }

    #[test]
    fn a_full_state_round_trips_exactly_at_link_precision() {
        let p = full().quantized();
        assert_eq!(Permalink::from_hash(&p.to_hash()), p);
        assert_eq!(Permalink::from_hash(&format!("#{}", p.to_hash())), p);
    }

    #[test]
    fn malformed_and_unknown_parts_are_ignored() {
        let p = Permalink::from_hash("#v=9&c=abc,1&z=NaN&l=fr&h=castle,park&unknown=1&s=&&=&f");
        assert_eq!(p.center, None);
        assert_eq!(p.zoom, None);
        assert_eq!(p.lang, None);
        assert_eq!(p.selected, None);
        assert_eq!(p.hidden_layers, vec![FeatureKind::Park]);
        assert_eq!(
            Permalink::from_hash("c=200,95").center,
            None,
            "out of range"
        );
    }

    #[test]
    fn ids_and_filters_with_reserved_characters_survive() {
        let mut p = full();
        p.selected = Some("a&b=c#d %".into());
        p.filter = Some("k=project;c=电驱".into());
        let back = Permalink::from_hash(&p.to_hash());
        assert_eq!(back.selected, p.selected);
        assert_eq!(back.filter, p.filter);
        assert!(!p.to_hash().contains('#'));
    }

    #[test]
    fn decoding_never_fails() {
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%E7%94%B5"), "电");
        assert_eq!(decode("%FF"), "\u{FFFD}");
    }
}

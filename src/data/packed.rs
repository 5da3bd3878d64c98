//! The built-in data, checked once at build time (issue 16).
//!
//! The release build does not parse its embedded GeoJSON or CSV in the
//! browser: the native pre-build step (`qikai-map-prerender`) runs the very
//! loader the widget uses on it and writes what came out — the validated
//! features and the report — in this compact form. The first view's wasm then
//! only unpacks it, so neither the JSON parser nor the loader's checks are in
//! the module a visitor waits for (they come as a chunk when a page asks for
//! a hosted file). Decoding is a few hundred lines smaller than the loader
//! and needs no validation: nothing here is read from the network.
//!
//! A problem of the report is kept as its words in both languages, with its
//! code and severity ([`Problem::Described`]): the report reads the same as
//! if the file had been loaded in the browser.
//!
//! Layout (all integers LEB128, strings as length + UTF-8, `f64` as 8 bytes
//! little-endian, options as a 0/1 byte then the value):
//!
//! ```text
//! "QKPD" version:u8 source-hash:16 ASCII hex (FNV-1a 64 of the source file)
//! features: n, then each feature's fields in `Feature` order
//! report:   total, loaded, issues (index, id?, code, severity, zh, en),
//!           unknown properties (name, count)
//! ```
//! The source hash lets the build refuse a packed file of other data (see
//! `crate::EMBEDDED_PACKED`).

use std::collections::BTreeMap;

use crate::core::coord::LngLat;
use crate::core::model::{
    Category, Feature, FeatureKind, Figures, Geometry, Milestone, PositionAccuracy, Ring, Status,
};
use crate::data::{FeatureIssue, LoadOutcome, LoadReport, Problem, Severity};

const MAGIC: &[u8; 4] = b"QKPD";
const VERSION: u8 = 1;
/// Where the source hash starts and ends in a packed file.
pub const HASH_RANGE: std::ops::Range<usize> = 5..21;

/// FNV-1a 64 of `bytes`, as 16 lowercase hex digits: names the source a
/// packed file was made from (build.rs computes the same of the file it embeds).
pub fn source_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Why a packed file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PackedError {
    #[error("not a packed data file")]
    NotPacked,
    #[error("packed data version {0}, this build reads {VERSION}")]
    Version(u8),
    #[error("packed data cut short or damaged at byte {0}")]
    Damaged(usize),
}

/// `outcome` packed; `words` gives a problem's text in Chinese and English
/// (the report's words, `crate::i18n::problems::describe`).
pub fn pack(
    outcome: &LoadOutcome,
    source: &[u8],
    words: impl Fn(&Problem) -> (String, String),
) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(source.len() / 2));
    w.0.extend_from_slice(MAGIC);
    w.0.push(VERSION);
    w.0.extend_from_slice(source_hash(source).as_bytes());
    w.int(outcome.features.len());
    for f in &outcome.features {
        w.feature(f);
    }
    let report = &outcome.report;
    w.int(report.total);
    w.int(report.loaded);
    w.int(report.issues.len());
    for issue in &report.issues {
        let (zh, en) = words(&issue.problem);
        w.int(issue.index);
        w.opt_str(issue.id.as_deref());
        w.str(issue.problem.code());
        w.0.push(u8::from(issue.problem.severity() == Severity::Error));
        w.str(&zh);
        w.str(&en);
    }
    w.int(report.unknown_properties.len());
    for (name, n) in &report.unknown_properties {
        w.str(name);
        w.int(*n);
    }
    w.0
}

/// The features and report packed into `bytes`.
pub fn unpack(bytes: &[u8]) -> Result<LoadOutcome, PackedError> {
    if bytes.len() < HASH_RANGE.end || &bytes[..4] != MAGIC {
        return Err(PackedError::NotPacked);
    }
    if bytes[4] != VERSION {
        return Err(PackedError::Version(bytes[4]));
    }
    let mut r = Reader {
        bytes,
        at: HASH_RANGE.end,
    };
    let n = r.int()?;
    let mut features = Vec::with_capacity(n.min(bytes.len()));
    for _ in 0..n {
        features.push(r.feature()?);
    }
    let total = r.int()?;
    let loaded = r.int()?;
    let n = r.int()?;
    let mut issues = Vec::with_capacity(n.min(bytes.len()));
    for _ in 0..n {
        let index = r.int()?;
        let id = r.opt_str()?;
        let code = Problem::code_named(&r.str()?);
        let severity = if r.byte()? == 1 {
            Severity::Error
        } else {
            Severity::Warning
        };
        let zh = r.str()?;
        let en = r.str()?;
        issues.push(FeatureIssue {
            index,
            id,
            problem: Problem::Described {
                code,
                severity,
                zh,
                en,
            },
        });
    }
    let mut unknown_properties = BTreeMap::new();
    for _ in 0..r.int()? {
        let name = r.str()?;
        unknown_properties.insert(name, r.int()?);
    }
    if r.at != bytes.len() {
        return Err(PackedError::Damaged(r.at));
    }
    Ok(LoadOutcome {
        features,
        report: LoadReport {
            total,
            loaded,
            file_error: None,
            issues,
            unknown_properties,
        },
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn int(&mut self, mut n: usize) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    fn str(&mut self, s: &str) {
        self.int(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        self.0.push(u8::from(s.is_some()));
        if let Some(s) = s {
            self.str(s);
        }
    }

    fn float(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    fn opt_float(&mut self, x: Option<f64>) {
        self.0.push(u8::from(x.is_some()));
        if let Some(x) = x {
            self.float(x);
        }
    }

    fn ring(&mut self, ring: &Ring) {
        self.int(ring.len());
        for p in ring {
            self.float(p.lng);
            self.float(p.lat);
        }
    }

    fn rings(&mut self, rings: &[Ring]) {
        self.int(rings.len());
        for ring in rings {
            self.ring(ring);
        }
    }

    fn feature(&mut self, f: &Feature) {
        self.str(&f.id);
        self.0.push(f.kind.index() as u8);
        self.str(&f.name_zh);
        self.str(&f.name_en);
        self.opt_str(f.category.as_ref().map(Category::as_str));
        self.str(f.status.as_str());
        match &f.geometry {
            Geometry::Point(p) => {
                self.0.push(0);
                self.float(p.lng);
                self.float(p.lat);
            }
            Geometry::Polygon(rings) => {
                self.0.push(1);
                self.rings(rings);
            }
            Geometry::MultiPolygon(polygons) => {
                self.0.push(2);
                self.int(polygons.len());
                for rings in polygons {
                    self.rings(rings);
                }
            }
        }
        let Figures {
            investment_yuan,
            land_area_m2,
            building_area_m2,
            capacity_vehicles_per_year,
        } = &f.figures;
        for x in [
            investment_yuan,
            land_area_m2,
            building_area_m2,
            capacity_vehicles_per_year,
        ] {
            self.opt_float(*x);
        }
        self.int(f.milestones.len());
        for m in &f.milestones {
            self.str(&m.date);
            self.str(&m.event_zh);
            self.str(&m.event_en);
        }
        self.str(&f.source);
        self.opt_str(f.source_url.as_deref());
        match f.position_accuracy {
            PositionAccuracy::Exact => self.0.push(0),
            PositionAccuracy::Approx { meters } => {
                self.0.push(1);
                self.int(meters as usize);
            }
            PositionAccuracy::Schematic => self.0.push(2),
            PositionAccuracy::Unstated => self.0.push(3),
        }
        self.opt_str(f.note_zh.as_deref());
        self.opt_str(f.note_en.as_deref());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn damaged(&self) -> PackedError {
        PackedError::Damaged(self.at)
    }

    fn byte(&mut self) -> Result<u8, PackedError> {
        let b = *self.bytes.get(self.at).ok_or(self.damaged())?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&[u8], PackedError> {
        let end = self.at.checked_add(n).ok_or(self.damaged())?;
        let slice = self.bytes.get(self.at..end).ok_or(self.damaged())?;
        self.at = end;
        Ok(slice)
    }

    fn int(&mut self) -> Result<usize, PackedError> {
        let mut n: usize = 0;
        for shift in (0..usize::BITS).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f)
                .checked_shl(shift)
                .ok_or(self.damaged())?;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(self.damaged())
    }

    fn str(&mut self) -> Result<String, PackedError> {
        let n = self.int()?;
        let at = self.at;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| PackedError::Damaged(at))
    }

    fn opt_str(&mut self) -> Result<Option<String>, PackedError> {
        Ok(if self.byte()? == 1 {
            Some(self.str()?)
        } else {
            None
        })
    }

    fn float(&mut self) -> Result<f64, PackedError> {
        let bytes = self.take(8)?;
        let mut b = [0; 8];
        b.copy_from_slice(bytes);
        Ok(f64::from_le_bytes(b))
    }

    fn opt_float(&mut self) -> Result<Option<f64>, PackedError> {
        Ok(if self.byte()? == 1 {
            Some(self.float()?)
        } else {
            None
        })
    }

    fn ring(&mut self) -> Result<Ring, PackedError> {
        let n = self.int()?;
        let mut ring = Vec::with_capacity(n.min(self.bytes.len() / 16));
        for _ in 0..n {
            let lng = self.float()?;
            ring.push(LngLat::lon_lat(lng, self.float()?));
        }
        Ok(ring)
    }

    fn rings(&mut self) -> Result<Vec<Ring>, PackedError> {
        let n = self.int()?;
        let mut rings = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            rings.push(self.ring()?);
        }
        Ok(rings)
    }

    fn feature(&mut self) -> Result<Feature, PackedError> {
        let at = self.at;
        let id = self.str()?;
        let kind = usize::from(self.byte()?);
        let kind = *FeatureKind::ALL
            .iter()
            .find(|k| k.index() == kind)
            .ok_or(PackedError::Damaged(at))?;
        let name_zh = self.str()?;
        let name_en = self.str()?;
        let category = self.opt_str()?.map(|c| Category::parse(&c));
        let status = Status::parse(&self.str()?).ok_or(PackedError::Damaged(at))?;
        let geometry = match self.byte()? {
            0 => {
                let lng = self.float()?;
                Geometry::Point(LngLat::lon_lat(lng, self.float()?))
            }
            1 => Geometry::Polygon(self.rings()?),
            2 => {
                let n = self.int()?;
                let mut polygons = Vec::with_capacity(n.min(self.bytes.len()));
                for _ in 0..n {
                    polygons.push(self.rings()?);
                }
                Geometry::MultiPolygon(polygons)
            }
            _ => return Err(PackedError::Damaged(at)),
        };
        let figures = Figures {
            investment_yuan: self.opt_float()?,
            land_area_m2: self.opt_float()?,
            building_area_m2: self.opt_float()?,
            capacity_vehicles_per_year: self.opt_float()?,
        };
        let n = self.int()?;
        let mut milestones = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            milestones.push(Milestone {
                date: self.str()?,
                event_zh: self.str()?,
                event_en: self.str()?,
            });
        }
        let source = self.str()?;
        let source_url = self.opt_str()?;
        let position_accuracy = match self.byte()? {
            0 => PositionAccuracy::Exact,
            1 => PositionAccuracy::Approx {
                meters: u32::try_from(self.int()?).map_err(|_| PackedError::Damaged(at))?,
            },
            2 => PositionAccuracy::Schematic,
            3 => PositionAccuracy::Unstated,
            _ => return Err(PackedError::Damaged(at)),
        };
        Ok(Feature {
            id,
            kind,
            name_zh,
            name_en,
            category,
            status,
            geometry,
            figures,
            milestones,
            source,
            source_url,
            position_accuracy,
            note_zh: self.opt_str()?,
            note_en: self.opt_str()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_text, Limits};

    fn words(p: &Problem) -> (String, String) {
        (format!("中文 {}", p.code()), p.to_string())
    }

    #[test]
    fn the_default_data_comes_back_as_the_loader_made_it() {
        let outcome = load_text(crate::DEFAULT_DATA, &Limits::default());
        assert!(outcome.features.len() > 20);
        let packed = pack(&outcome, crate::DEFAULT_DATA.as_bytes(), words);
        let back = unpack(&packed).expect("unpacks");
        assert_eq!(back.features, outcome.features);
        assert_eq!(back.report.total, outcome.report.total);
        assert_eq!(back.report.loaded, outcome.report.loaded);
        assert_eq!(
            back.report.unknown_properties,
            outcome.report.unknown_properties
        );
        // Smaller than the text it replaces, with nothing to parse.
        assert!(packed.len() < crate::DEFAULT_DATA.len(), "{}", packed.len());
    }

    #[test]
    fn every_field_and_geometry_round_trips() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"p","geometry":{"type":"MultiPolygon","coordinates":[[[[125.1,43.8],[125.2,43.8],[125.2,43.9],[125.1,43.8]]],[[[125.3,43.8],[125.4,43.8],[125.4,43.9],[125.3,43.8]]]]},
           "properties":{"kind":"park","name_zh":"园","name_en":"Park","category":"charging_hub","status":"planned",
             "investment_yuan":1.5e9,"land_area_m2":1000,"building_area_m2":20.5,"capacity_vehicles_per_year":300,
             "milestones":[{"date":"2023-05","event_zh":"开工","event_en":"Started"}],
             "source":"s","source_url":"https://example.org/a","position_accuracy":"approx_500m","note_zh":"注","note_en":"Note"}},
          {"type":"Feature","id":"q","geometry":{"type":"Point","coordinates":[125.25,43.85]},
           "properties":{"kind":"swap_station","name_zh":"站","position_accuracy":"exact","status":"operating"}}]}"#;
        let outcome = load_text(text, &Limits::default());
        assert_eq!(outcome.features.len(), 2);
        let back = unpack(&pack(&outcome, text.as_bytes(), words)).expect("unpacks");
        assert_eq!(back.features, outcome.features);
    }

    #[test]
    fn problems_keep_their_words_code_severity_and_place() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[125.2,43.8]},"properties":{"kind":"project","name_zh":"甲","position_accuracy":"exact","colour":"red"}},
          {"type":"Feature","id":"b","geometry":{"type":"Point","coordinates":[43.8,125.2]},"properties":{"kind":"project","name_zh":"乙","name_en":"B","position_accuracy":"exact"}}]}"#;
        let outcome = load_text(text, &Limits::default());
        assert!(!outcome.report.issues.is_empty());
        let back = unpack(&pack(&outcome, text.as_bytes(), words)).expect("unpacks");
        assert_eq!(back.report.issues.len(), outcome.report.issues.len());
        for (was, now) in outcome.report.issues.iter().zip(&back.report.issues) {
            assert_eq!((now.index, &now.id), (was.index, &was.id));
            assert_eq!(now.problem.code(), was.problem.code());
            assert_eq!(now.problem.severity(), was.problem.severity());
            assert_eq!(now.problem.to_string(), was.problem.to_string());
        }
        assert_eq!(
            back.report.skipped_indices(),
            outcome.report.skipped_indices()
        );
        assert_eq!(back.report.unknown_properties.get("colour"), Some(&1));
    }

    #[test]
    fn damaged_or_foreign_bytes_are_refused_not_trusted() {
        let outcome = load_text(crate::DEFAULT_DATA, &Limits::default());
        let packed = pack(&outcome, crate::DEFAULT_DATA.as_bytes(), words);
        assert_eq!(unpack(b"{\"type\":1}").err(), Some(PackedError::NotPacked));
        let mut newer = packed.clone();
        newer[4] = VERSION + 1;
        assert_eq!(
            unpack(&newer).err(),
            Some(PackedError::Version(VERSION + 1))
        );
        // Every cut is refused (no panic, no partial data).
        for cut in (HASH_RANGE.end..packed.len()).step_by(97) {
            assert!(unpack(&packed[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = packed;
        longer.push(0);
        assert!(matches!(unpack(&longer), Err(PackedError::Damaged(_))));
    }

    #[test]
    fn every_code_the_loader_gives_is_known_to_unpack() {
        // The codes written in `Problem::code`, read from its source: a new
        // problem without an entry in `Problem::CODES` fails here.
        let source = include_str!("problem.rs");
        let body = source
            .split("pub fn code(&self) -> &'static str {")
            .nth(2)
            .and_then(|rest| rest.split("Self::Described").next())
            .expect("Problem::code");
        let written: Vec<&str> = body
            .split("=> \"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert_eq!(written.len(), Problem::CODES.len());
        for code in written {
            assert_eq!(Problem::code_named(code), code);
        }
        assert_eq!(Problem::code_named("from_a_newer_build"), "described");
    }

    #[test]
    fn the_source_hash_is_fnv1a_64() {
        assert_eq!(source_hash(b""), "cbf29ce484222325");
        assert_eq!(source_hash(b"a"), "af63dc4c8601ec8c");
    }
}

//! A loader that reads either format, GeoJSON or the compact CSV, from raw
//! bytes, so a portal needs no option to say which it serves. It also owns
//! the question "is this text at all?": the bytes are checked as UTF-8 here,
//! where they are still bytes (a string handed to `load_geojson` has been
//! decoded already).
//!
//! The rules, in order (the README's data section states them too):
//! 1. A UTF-8 byte-order mark is skipped, for either format.
//! 2. UTF-16 and UTF-32 (told by their byte-order mark, or without one by
//!    the zero bytes of their ASCII characters) and any bytes that are not
//!    UTF-8 refuse the file with [`FileError::NotUtf8`], naming what the
//!    bytes look like and how to convert them.
//! 3. The first character that is not white space decides: `{` or `[` is
//!    JSON. One that can begin another JSON value (`"`, a digit, `-`, `t`,
//!    `f`, `n`) is JSON only when that whole first line is one JSON value
//!    (`null`, `42`, `"text"`), which then gets "not a FeatureCollection";
//!    otherwise (a header such as `"id",kind,lng,lat` or `name_zh,lng,lat`)
//!    it is CSV. Any other character starts a CSV header.

use super::csv::CsvLoader;
use super::problem::{FileError, Limits, TextEncoding};
use super::stream::{StreamLoader, StreamProgress};
use super::LoadOutcome;

/// The UTF-8 byte-order mark.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Bytes looked at for UTF-16/32 without a byte-order mark.
const SNIFF_BYTES: usize = 64;

/// GeoJSON or CSV, decided on the first bytes that are not white space.
pub struct AnyFormatLoader {
    limits: Limits,
    /// Every byte pushed, the byte-order mark included.
    bytes_read: usize,
    expected: Option<usize>,
    utf8: Utf8Check,
    format: Format,
    /// Big ring checks left to [`advance`](Self::advance).
    rings_in_turns: bool,
}

enum Format {
    /// Not decided yet: what has arrived.
    Undecided(Vec<u8>),
    /// A JSON file (boxed, like CSV: the loaders are large, the other states small).
    Json(Box<StreamLoader>),
    /// A CSV file.
    Csv(Box<CsvLoader>),
    /// Refused: not UTF-8.
    NotUtf8(TextEncoding),
    /// Refused: over `Limits::max_bytes`.
    TooLarge,
}

impl AnyFormatLoader {
    /// A loader that enforces `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            bytes_read: 0,
            expected: None,
            utf8: Utf8Check::default(),
            format: Format::Undecided(Vec::new()),
            rings_in_turns: false,
        }
    }

    /// Records the announced size (progress only).
    pub fn expect_len(&mut self, bytes: usize) {
        self.expected = Some(bytes);
        match &mut self.format {
            Format::Json(l) => l.expect_len(bytes),
            Format::Csv(l) => l.expect_len(bytes),
            _ => {}
        }
    }

    /// Feeds the next bytes; a piece may end anywhere.
    pub fn push(&mut self, chunk: &[u8]) {
        self.bytes_read = self.bytes_read.saturating_add(chunk.len());
        if matches!(self.format, Format::NotUtf8(_) | Format::TooLarge) {
            return;
        }
        if self.bytes_read > self.limits.max_bytes {
            // Refused whatever follows: let go of everything held.
            self.format = Format::TooLarge;
            return;
        }
        match &mut self.format {
            Format::Undecided(head) => {
                head.extend_from_slice(chunk);
                self.decide(false);
            }
            Format::Json(_) | Format::Csv(_) => self.forward(chunk),
            Format::NotUtf8(_) | Format::TooLarge => {}
        }
    }

    /// Checks `chunk` as UTF-8, then hands it to the format's loader.
    fn forward(&mut self, chunk: &[u8]) {
        let inner_failed = self.inner_progress().is_some_and(|p| p.failed);
        if let Err(encoding) = self.utf8.check(chunk) {
            // The first fault in the file wins: a JSON error before the
            // first byte that is not UTF-8 stays the verdict.
            if !inner_failed {
                self.format = Format::NotUtf8(encoding);
                return;
            }
        }
        match &mut self.format {
            Format::Json(l) => l.push(chunk),
            Format::Csv(l) => l.push(chunk),
            _ => {}
        }
    }

    /// Decides the encoding and format once enough of the head is there
    /// (or, `at_end`, with whatever there is).
    fn decide(&mut self, at_end: bool) {
        let Format::Undecided(head) = &mut self.format else {
            return;
        };
        if head.len() < 4 && !at_end {
            return;
        }
        if let Some(encoding) = sniff_wide_encoding(head) {
            self.format = Format::NotUtf8(encoding);
            return;
        }
        let body_start = if head.starts_with(UTF8_BOM) { 3 } else { 0 };
        let csv = match looks_like_csv(&head[body_start..], at_end) {
            Some(csv) => csv,
            None => return, // blank so far, or the first line goes on
        };
        let head = std::mem::take(head);
        let mut next = if csv {
            Format::Csv(Box::new(CsvLoader::new(self.limits.clone())))
        } else {
            let mut json = StreamLoader::new(self.limits.clone());
            if self.rings_in_turns {
                json.check_rings_in_turns();
            }
            Format::Json(Box::new(json))
        };
        if let Some(bytes) = self.expected {
            match &mut next {
                Format::Json(l) => l.expect_len(bytes),
                Format::Csv(l) => l.expect_len(bytes),
                _ => {}
            }
        }
        self.format = next;
        self.forward(&head[body_start..]);
    }

    fn inner_progress(&self) -> Option<StreamProgress> {
        match &self.format {
            Format::Json(l) => Some(l.progress()),
            Format::Csv(l) => Some(l.progress()),
            _ => None,
        }
    }

    /// How far loading has got.
    pub fn progress(&self) -> StreamProgress {
        let inner = self.inner_progress().unwrap_or_default();
        StreamProgress {
            bytes_read: self.bytes_read,
            bytes_expected: self.expected,
            failed: inner.failed || matches!(self.format, Format::NotUtf8(_) | Format::TooLarge),
            ..inner
        }
    }

    /// Leaves a big polygon's ring check to [`advance`](Self::advance)
    /// (see `StreamLoader::check_rings_in_turns`).
    pub fn check_rings_in_turns(&mut self) {
        self.rings_in_turns = true;
        if let Format::Json(l) = &mut self.format {
            l.check_rings_in_turns();
        }
    }

    /// Goes on with the work `push` left to be done in turns (a big
    /// polygon's ring check; see `StreamLoader::advance`); true once none is left.
    pub fn advance(&mut self, steps: usize) -> bool {
        match &mut self.format {
            Format::Json(l) => l.advance(steps),
            _ => true,
        }
    }

    /// The features and the report.
    pub fn finish(mut self) -> LoadOutcome {
        if self.bytes_read > self.limits.max_bytes {
            return super::convert::file_error(FileError::TooLarge {
                bytes: self.bytes_read,
                limit: self.limits.max_bytes,
            });
        }
        if matches!(self.format, Format::Undecided(_)) {
            self.decide(true);
        }
        // A file must not end inside a character (nor on a stray byte).
        let reading = self.inner_progress().is_some_and(|p| !p.failed);
        if let (true, Err(encoding)) = (reading, self.utf8.finish()) {
            self.format = Format::NotUtf8(encoding);
        }
        match self.format {
            Format::Json(l) => l.finish(),
            Format::Csv(l) => l.finish(),
            Format::NotUtf8(encoding) => {
                super::convert::file_error(FileError::NotUtf8 { encoding })
            }
            // Undecided after `decide(true)`: nothing but white space (or
            // nothing at all), which JSON's reader reports as cut short.
            Format::Undecided(head) => {
                let mut json = StreamLoader::new(self.limits);
                json.push(&head);
                json.finish()
            }
            Format::TooLarge => super::convert::file_error(FileError::TooLarge {
                bytes: self.bytes_read,
                limit: self.limits.max_bytes,
            }),
        }
    }
}

/// Loads a whole file's bytes, GeoJSON or CSV, as the browser's fetch does.
pub fn load_bytes(bytes: &[u8], limits: &Limits) -> LoadOutcome {
    let mut loader = AnyFormatLoader::new(limits.clone());
    loader.push(bytes);
    loader.finish()
}

/// Loads text built into the widget: a plain GeoJSON object (the default
/// data) straight through the GeoJSON reader, anything else (a portal's CSV,
/// a byte-order mark) through the loader that reads either format.
pub fn load_text(text: &str, limits: &Limits) -> LoadOutcome {
    if text.starts_with('{') {
        super::convert::load_geojson(text, limits)
    } else {
        load_bytes(text.as_bytes(), limits)
    }
}

/// UTF-16 or UTF-32, from a byte-order mark or from the zero bytes that
/// ASCII characters have in them (a header or a `{` is ASCII).
fn sniff_wide_encoding(head: &[u8]) -> Option<TextEncoding> {
    if head.starts_with(b"\x00\x00\xfe\xff") {
        return Some(TextEncoding::Utf32Be);
    }
    if head.starts_with(b"\xff\xfe\x00\x00") {
        return Some(TextEncoding::Utf32Le);
    }
    if head.starts_with(b"\xfe\xff") {
        return Some(TextEncoding::Utf16Be);
    }
    if head.starts_with(b"\xff\xfe") {
        return Some(TextEncoding::Utf16Le);
    }
    let start = &head[..head.len().min(SNIFF_BYTES)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, _) in start.iter().enumerate().filter(|(_, b)| **b == 0) {
        if i % 2 == 0 {
            even += 1;
        } else {
            odd += 1;
        }
    }
    let pattern = |p: [bool; 4]| {
        start.len() >= 4
            && start
                .iter()
                .take(4)
                .zip(p)
                .all(|(b, zero)| (*b == 0) == zero)
    };
    if pattern([false, true, true, true]) {
        Some(TextEncoding::Utf32Le)
    } else if pattern([true, true, true, false]) {
        Some(TextEncoding::Utf32Be)
    } else if even + odd == 0 {
        None
    } else if odd >= even {
        Some(TextEncoding::Utf16Le)
    } else {
        Some(TextEncoding::Utf16Be)
    }
}

/// Whether `start` (after any byte-order mark) is CSV, by the rules in the
/// module comment: `None` while it cannot tell yet (only white space, or
/// the first line still goes on and `at_end` is false).
pub fn looks_like_csv(start: &[u8], at_end: bool) -> Option<bool> {
    let first = start.iter().position(|b| !b.is_ascii_whitespace())?;
    match start[first] {
        b'{' | b'[' => Some(false),
        b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
            let rest = &start[first..];
            let line = match rest.iter().position(|&b| b == b'\n') {
                Some(end) => &rest[..end],
                None if at_end => rest,
                None => return None,
            };
            let line = line.trim_ascii_end();
            let json = serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok();
            Some(!json)
        }
        _ => Some(true),
    }
}

/// Checks bytes pushed in pieces as UTF-8 (a character may straddle two
/// pieces), counting lines to say where the first bad byte is.
#[derive(Default)]
struct Utf8Check {
    /// The start of a character cut by the end of the last piece.
    carry: Vec<u8>,
    /// Line breaks before the current piece.
    lines: usize,
    /// A bad byte that ended the last piece, and its line: the next byte
    /// tells what encoding it belongs to.
    suspect: Option<(u8, usize)>,
}

impl Utf8Check {
    fn check(&mut self, mut data: &[u8]) -> Result<(), TextEncoding> {
        if let Some((bad, line)) = self.suspect.take() {
            return Err(guess_encoding(&[&[bad], data].concat(), line));
        }
        if !self.carry.is_empty() {
            let want = utf8_len(self.carry[0]);
            let take = (want - self.carry.len()).min(data.len());
            self.carry.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.carry.len() < want {
                return Ok(());
            }
            let whole = std::mem::take(&mut self.carry);
            if std::str::from_utf8(&whole).is_err() {
                return Err(guess_encoding(&whole, self.lines + 1));
            }
        }
        let result = match std::str::from_utf8(data) {
            Ok(_) => Ok(()),
            Err(e) => match e.error_len() {
                None => {
                    self.carry = data[e.valid_up_to()..].to_vec();
                    Ok(())
                }
                Some(_) => {
                    let at = e.valid_up_to();
                    let line = self.lines + count_lines(&data[..at]) + 1;
                    if at + 1 == data.len() {
                        self.suspect = Some((data[at], line));
                        return Ok(());
                    }
                    Err(guess_encoding(&data[at..], line))
                }
            },
        };
        if result.is_ok() {
            if let Some(at) = data.iter().position(|&b| b == 0) {
                // NUL is UTF-8, but never text in a map's data file.
                return Err(TextEncoding::Unknown {
                    line: self.lines + count_lines(&data[..at]) + 1,
                });
            }
        }
        self.lines += count_lines(data);
        result
    }

    /// The file must not end inside a character (a download cut short
    /// looks so too: no guess at an encoding then).
    fn finish(&self) -> Result<(), TextEncoding> {
        if let Some((bad, line)) = self.suspect {
            return Err(guess_encoding(&[bad], line));
        }
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(TextEncoding::Unknown {
                line: self.lines + 1,
            })
        }
    }
}

fn count_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Length of the UTF-8 sequence a lead byte starts (1 for a stray byte).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// GBK writes a Chinese character as a lead byte 0x81–0xFE and a trail byte
/// 0x40–0xFE (not 0x7F): bytes that are not UTF-8 and pair up so are most
/// likely GBK / GB 18030.
fn guess_encoding(bad: &[u8], line: usize) -> TextEncoding {
    match bad {
        [0x81..=0xfe, 0x40..=0x7e | 0x80..=0xfe, ..] => TextEncoding::LikelyGbk { line },
        _ => TextEncoding::Unknown { line },
    }
}

/// Reads a file as the widget's streaming fetch reads a download: its bytes
/// pushed in 64 KiB pieces into the loader that reads either format, its
/// length announced first. For the native commands (`qikai-map-check`,
/// `qikai-map-tiles`, `qikai-map-prerender`), so they load exactly as the
/// widget does.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_file(path: &std::path::Path, limits: &Limits) -> std::io::Result<LoadOutcome> {
    use std::io::Read;
    const PIECE: usize = 64 * 1024;
    let mut file = std::fs::File::open(path)?;
    let mut loader = AnyFormatLoader::new(limits.clone());
    if let Ok(meta) = file.metadata() {
        loader.expect_len(usize::try_from(meta.len()).unwrap_or(usize::MAX));
    }
    let mut piece = vec![0u8; PIECE];
    loop {
        let n = file.read(&mut piece)?;
        if n == 0 {
            break;
        }
        loader.push(&piece[..n]);
    }
    Ok(loader.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_geojson;

    fn load(bytes: &[u8], piece: usize) -> LoadOutcome {
        let mut loader = AnyFormatLoader::new(Limits::default());
        for chunk in bytes.chunks(piece.max(1)) {
            loader.push(chunk);
        }
        loader.finish()
    }

    fn not_utf8(bytes: &[u8]) -> Option<TextEncoding> {
        let verdicts: Vec<_> = [1, 2, 3, 5, 4096]
            .iter()
            .map(|piece| match load(bytes, *piece).report.file_error {
                Some(FileError::NotUtf8 { encoding }) => Some(encoding),
                _ => None,
            })
            .collect();
        assert!(verdicts.windows(2).all(|w| w[0] == w[1]), "{verdicts:?}");
        verdicts[0]
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom
            .then_some(0xfeffu16)
            .into_iter()
            .chain(text.encode_utf16());
        for u in units {
            out.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn either_format_loads_whatever_the_pieces() {
        let json = include_str!("../../public/data/qikai-map.geojson");
        let expected = load_geojson(json, &Limits::default());
        for piece in [1, 7, 4096] {
            let got = load(json.as_bytes(), piece);
            assert_eq!(got.features, expected.features);
            assert_eq!(got.report, expected.report);
        }
        let csv = "\n id,kind,name_zh,name_en,lng,lat,position_accuracy\nx,project,甲,A,125.2,43.8,exact\n";
        for piece in [1, 3, 100] {
            let got = load(csv.as_bytes(), piece);
            assert_eq!(got.features.len(), 1, "piece {piece}");
            assert!(got.report.is_clean());
        }
        // Only white space: reported as JSON that ended early.
        assert!(load(b"  \n ", 2).report.file_error.is_some());
    }

    #[test]
    fn a_utf8_byte_order_mark_is_skipped_for_both_formats() {
        let json = include_str!("../../public/data/qikai-map.geojson");
        let expected = load_geojson(json, &Limits::default());
        let with_bom = [UTF8_BOM, json.as_bytes()].concat();
        for piece in [1, 2, 4, 4096] {
            let got = load(&with_bom, piece);
            assert_eq!(got.features, expected.features, "piece {piece}");
            assert!(got.report.file_error.is_none());
        }
        let csv = "\u{feff}\"id\",kind,name_zh,name_en,lng,lat,position_accuracy\nx,project,甲,A,125.2,43.8,exact\n";
        for piece in [1, 2, 4, 100] {
            assert_eq!(load(csv.as_bytes(), piece).features.len(), 1, "{piece}");
        }
    }

    #[test]
    fn utf16_and_utf32_are_named_with_or_without_a_byte_order_mark() {
        let json = r#"{"type":"FeatureCollection","features":[]}"#;
        let csv = "id,kind,lng,lat\n";
        for text in [json, csv] {
            assert_eq!(
                not_utf8(&utf16(text, false, true)),
                Some(TextEncoding::Utf16Le)
            );
            assert_eq!(
                not_utf8(&utf16(text, true, true)),
                Some(TextEncoding::Utf16Be)
            );
            assert_eq!(
                not_utf8(&utf16(text, false, false)),
                Some(TextEncoding::Utf16Le)
            );
            assert_eq!(
                not_utf8(&utf16(text, true, false)),
                Some(TextEncoding::Utf16Be)
            );
            let utf32le: Vec<u8> = text
                .chars()
                .flat_map(|c| (c as u32).to_le_bytes())
                .collect();
            assert_eq!(not_utf8(&utf32le), Some(TextEncoding::Utf32Le));
            let utf32be: Vec<u8> = text
                .chars()
                .flat_map(|c| (c as u32).to_be_bytes())
                .collect();
            assert_eq!(not_utf8(&utf32be), Some(TextEncoding::Utf32Be));
        }
    }

    #[test]
    fn gbk_bytes_are_refused_naming_the_line_and_the_likely_encoding() {
        // "长春" in GBK is B3 A4 B4 BA.
        let csv = b"id,kind,name_zh,name_en,lng,lat,position_accuracy\nx,project,\xb3\xa4\xb4\xba,A,125.2,43.8,exact\n";
        assert_eq!(not_utf8(csv), Some(TextEncoding::LikelyGbk { line: 2 }));
        let latin1 = b"{\"type\":\"FeatureCollection\",\n\"name\":\"caf\xe9\",\"features\":[]}";
        assert_eq!(not_utf8(latin1), Some(TextEncoding::Unknown { line: 2 }));
        // Cut off inside a character.
        assert_eq!(
            not_utf8(b"id,lng,lat\n\xe9\x95"),
            Some(TextEncoding::Unknown { line: 2 })
        );
        // A JSON error before the first bad byte stays the verdict.
        assert!(matches!(
            load(b"{\"type\" \"x\", \"a\":\"\xff\"}", 3)
                .report
                .file_error,
            Some(FileError::MalformedJson { .. })
        ));
    }

    #[test]
    fn a_first_line_that_is_one_json_value_is_json_else_csv() {
        for (text, csv) in [
            ("  \n{\"type\"", Some(false)),
            ("[1]", Some(false)),
            ("null", None),
            ("null\n", Some(false)),
            (" 42 \r\n", Some(false)),
            ("\"text\"\n", Some(false)),
            ("-1.5e3", None),
            ("-1.5e3\n", Some(false)),
            ("true\r\n", Some(false)),
            ("\"id\",kind,lng,lat\n", Some(true)),
            ("name_zh,lng,lat\n", Some(true)),
            ("nothing", None),
            ("nothing\n", Some(true)),
            ("id,lng", Some(true)),
            ("lng,lat", Some(true)),
            ("\"id\",kind", None),
            ("   ", None),
        ] {
            assert_eq!(looks_like_csv(text.as_bytes(), false), csv, "{text:?}");
        }
        assert_eq!(looks_like_csv(b"\"id\",kind", true), Some(true));
        assert_eq!(looks_like_csv(b"null", true), Some(false));
        for text in ["null", "[]", "42", "\"FeatureCollection\"", " true\n"] {
            for piece in [1, 2, 100] {
                assert!(
                    matches!(
                        load(text.as_bytes(), piece).report.file_error,
                        Some(FileError::NotAFeatureCollection { .. })
                    ),
                    "{text:?}"
                );
            }
        }
        // A quoted first header is CSV, not a broken JSON string.
        let csv = "\"id\",\"kind\",name_zh,name_en,lng,lat,position_accuracy\nx,project,甲,A,125.2,43.8,exact\n";
        for piece in [1, 5, 100] {
            let out = load(csv.as_bytes(), piece);
            assert_eq!(out.features.len(), 1, "{piece}: {:?}", out.report);
        }
        // Text that starts like a JSON value but is neither: CSV's verdict.
        assert!(matches!(
            load(b"nope\n1,2\n", 3).report.file_error,
            Some(FileError::MissingCsvColumn { .. })
        ));
    }

    #[test]
    fn size_is_counted_with_the_byte_order_mark_and_wins() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        let mut loader = AnyFormatLoader::new(limits);
        loader.push(b"\xef\xbb\xbf{\"type\":1}");
        assert!(loader.progress().failed);
        assert_eq!(
            loader.finish().report.file_error,
            Some(FileError::TooLarge {
                bytes: 13,
                limit: 10
            })
        );
    }
}

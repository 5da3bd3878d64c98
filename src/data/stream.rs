//! GeoJSON bytes → validated features, a piece at a time, so that a browser
//! can load a 50 MB file without blocking its main thread.
//!
//! A byte-level scanner walks the top-level object. Each entry of its
//! `features` array is cut out as a byte slice and converted at once (parsed
//! with `serde_json`, then checked by the same [`FeatureSink`] that
//! [`load_geojson`](super::load_geojson) uses); the other members (`type`,
//! `bbox`, ...) are parsed and checked too. Only the entry being read is kept
//! in memory, and only while it straddles two pushes.
//!
//! The result equals `load_geojson` on the whole text for any split of the
//! bytes (`tests` below check it for random splits), except for the wording
//! and position of a `MalformedJson` error.

use serde_json::Value;

use super::big_entry::BigEntry;
use super::convert::{
    char_count, check_collection, file_error, malformed, root_not_an_object, FeatureSink,
    LoadOutcome,
};
use super::problem::{FileError, Limits};

/// An entry of `features` longer than this is read a piece at a time as it
/// arrives (`big_entry.rs`) rather than parsed whole at its end: parsing
/// this much whole takes a few milliseconds, a 27 MB polygon half a second.
/// No clean point feature (the fast path) is anywhere near this long.
const BIG_ENTRY_BYTES: usize = 256 * 1024;

/// The UTF-8 byte-order mark, skipped at the start of the file.
const UTF8_BOM: [u8; 3] = [0xef, 0xbb, 0xbf];

/// `serde_json` refuses a value nested this deep (its recursion limit,
/// counted from the top-level value as 1). The scanner applies the same
/// limit to the whole file, since each piece is parsed on its own.
const MAX_DEPTH: usize = 128;

/// How far a [`StreamLoader`] has got, for a progress display.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StreamProgress {
    /// Bytes pushed so far.
    pub bytes_read: usize,
    /// The file's size when known in advance (from `Content-Length`).
    pub bytes_expected: Option<usize>,
    /// Entries of `features` read so far.
    pub features_seen: usize,
    /// Features kept so far.
    pub features_loaded: usize,
    /// The top-level object has been read to its end.
    pub done: bool,
    /// The file will be refused (too large, too many features, not JSON);
    /// the loader does no more work.
    pub failed: bool,
}

/// Where the scanner is in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Whitespace, then the first byte of the top-level value.
    BeforeRoot,
    /// The top-level value is not an object: collect it whole for the error.
    RootNotObject,
    /// After `{`: a key or `}`.
    FirstKey,
    /// After `,` between members: a key.
    NextKey,
    /// Inside a member's key.
    Key,
    /// After a key: `:`.
    Colon,
    /// After `:`: the member's value.
    MemberValueStart,
    /// Inside a member's value (not the `features` array).
    MemberValue,
    /// After `"features": [`: an entry or `]`.
    FeaturesStart,
    /// After `,` in `features`: an entry.
    EntryStart,
    /// Inside an entry of `features`.
    Entry,
    /// After a member: `,` or `}`.
    AfterMember,
    /// After the top-level object: whitespace only.
    AfterRoot,
    /// Not JSON; the error is kept. Bytes are still counted (size wins).
    Malformed,
    /// Over `Limits::max_bytes`; bytes are only counted.
    TooLarge,
}

/// Which member the current key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Member {
    Type,
    Features,
    Other,
}

/// Nesting and string state of the value being cut out.
#[derive(Clone, Copy, Debug, Default)]
struct Cut {
    depth: usize,
    in_string: bool,
    escape: bool,
}

/// What scanning a value's bytes found.
enum Scanned {
    /// The value ends before `at`, where its delimiter `delim` is.
    Ended { at: usize, delim: u8 },
    /// The value goes on past these bytes.
    More,
    /// A bracket at `at` that cannot be valid JSON here.
    Bad { at: usize, message: &'static str },
}

impl Cut {
    /// Scans until the `,` or `closer` that ends a value at nesting depth 0;
    /// `outer_depth` is how deep the value sits in the file.
    fn scan(&mut self, bytes: &[u8], outer_depth: usize, closer: u8) -> Scanned {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string {
                match self.string_end(&bytes[i..]) {
                    Some(n) => i += n + 1,
                    None => return Scanned::More,
                }
                continue;
            }
            let b = bytes[i];
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth += 1;
                    if outer_depth + self.depth >= MAX_DEPTH {
                        return Scanned::Bad {
                            at: i,
                            message: "recursion limit exceeded",
                        };
                    }
                }
                b'}' | b']' if self.depth > 0 => self.depth -= 1,
                b'}' | b']' if b == closer => return Scanned::Ended { at: i, delim: b },
                b'}' | b']' => {
                    return Scanned::Bad {
                        at: i,
                        message: "unexpected closing bracket",
                    }
                }
                b',' if self.depth == 0 => return Scanned::Ended { at: i, delim: b },
                _ => {}
            }
            i += 1;
        }
        Scanned::More
    }

    /// Inside a string: the index of its closing quote, if in `bytes`.
    fn string_end(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            if self.escape {
                self.escape = false;
            } else if b == b'\\' {
                self.escape = true;
            } else if b == b'"' {
                self.in_string = false;
                return Some(i);
            }
        }
        None
    }
}

/// Counts lines and characters up to a point of the file, for error
/// positions as an editor shows them (line, and column in characters). Each
/// byte is counted once, however often positions are asked for.
#[derive(Clone, Copy, Debug)]
struct Lines {
    /// 1-based line at `counted`.
    line: usize,
    /// Characters from the start of that line up to `counted`.
    chars: usize,
    /// Offset in the file up to which lines are counted.
    counted: usize,
}

impl Lines {
    /// (line, column), both 1-based, of offset `base + at` where `chunk`
    /// starts at `base`; `at` must not be before the last position asked for.
    fn at(&mut self, chunk: &[u8], base: usize, at: usize) -> (usize, usize) {
        let from = self.counted.saturating_sub(base).min(at);
        let part = &chunk[from..at];
        match part.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                self.line += part.iter().filter(|&&b| b == b'\n').count();
                self.chars = char_count(&part[last + 1..]);
            }
            None => self.chars += char_count(part),
        }
        self.counted = base + at;
        (self.line, self.chars + 1)
    }
}

/// Loads a GeoJSON FeatureCollection pushed in pieces of any size.
///
/// ```
/// use qikai_map::data::{load_geojson, Limits, StreamLoader};
/// let text = r#"{"type":"FeatureCollection","features":[
///   {"type":"Feature","id":"s1","geometry":{"type":"Point","coordinates":[125.17,43.83]},
///    "properties":{"kind":"swap_station","name_zh":"换电站","name_en":"Swap station",
///                  "position_accuracy":"schematic"}}]}"#;
/// let mut loader = StreamLoader::new(Limits::default());
/// for piece in text.as_bytes().chunks(7) {
///     loader.push(piece);
/// }
/// assert_eq!(loader.progress().features_loaded, 1);
/// let out = loader.finish();
/// assert_eq!(out.features, load_geojson(text, &Limits::default()).features);
/// ```
pub struct StreamLoader {
    limits: Limits,
    state: State,
    bytes_read: usize,
    bytes_expected: Option<usize>,
    /// The part of the value being cut out that came in earlier pushes.
    pending: Vec<u8>,
    /// (line, column) where that value starts, for error positions.
    pending_origin: (usize, usize),
    cut: Cut,
    member: Member,
    /// The last `type` member's value.
    type_value: Option<Value>,
    /// Whether the last `features` member is an array.
    features_is_array: bool,
    sink: FeatureSink,
    lines: Lines,
    error: Option<FileError>,
    /// Bytes of a UTF-8 byte-order mark matched at the start of the file.
    bom: usize,
    /// The entry being read, once it is too big to parse whole.
    big: Option<BigEntry>,
    /// An entry longer than this is read piece by piece (`big_entry.rs`).
    big_entry_bytes: usize,
    /// Big ring checks left to [`advance`](Self::advance).
    rings_in_turns: bool,
}

impl StreamLoader {
    /// A loader that enforces `limits`.
    pub fn new(limits: Limits) -> Self {
        Self {
            sink: FeatureSink::new(&limits),
            limits,
            state: State::BeforeRoot,
            bytes_read: 0,
            bytes_expected: None,
            pending: Vec::new(),
            pending_origin: (1, 1),
            cut: Cut::default(),
            member: Member::Other,
            type_value: None,
            features_is_array: false,
            lines: Lines {
                line: 1,
                chars: 0,
                counted: 0,
            },
            error: None,
            bom: 0,
            big: None,
            big_entry_bytes: BIG_ENTRY_BYTES,
            rings_in_turns: false,
        }
    }

    /// Leaves a big polygon's ring check to [`advance`](Self::advance)
    /// instead of running it within `push`: for a caller that pushes pieces
    /// and calls `advance` after each, yielding between calls.
    pub fn check_rings_in_turns(&mut self) {
        self.rings_in_turns = true;
        self.sink.set_in_turns(true);
    }

    /// A loader that reads entries longer than `bytes` piece by piece (tests
    /// use a tiny threshold to send every entry that way).
    #[cfg(test)]
    fn with_big_entry_bytes(limits: Limits, bytes: usize) -> Self {
        Self {
            big_entry_bytes: bytes,
            ..Self::new(limits)
        }
    }

    /// Records the announced size (for progress only; the limit is enforced
    /// on the bytes actually pushed).
    pub fn expect_len(&mut self, bytes: usize) {
        self.bytes_expected = Some(bytes);
    }

    /// How far loading has got.
    pub fn progress(&self) -> StreamProgress {
        StreamProgress {
            bytes_read: self.bytes_read,
            bytes_expected: self.bytes_expected,
            features_seen: self.sink.count(),
            features_loaded: self.sink.loaded(),
            done: self.state == State::AfterRoot,
            failed: matches!(self.state, State::Malformed | State::TooLarge)
                || self.sink.over_limit(),
        }
    }

    /// Feeds the next bytes of the file; a piece may end anywhere, even inside
    /// a UTF-8 character or an escape.
    pub fn push(&mut self, chunk: &[u8]) {
        let base = self.bytes_read;
        self.bytes_read = self.bytes_read.saturating_add(chunk.len());
        if matches!(self.state, State::Malformed | State::TooLarge) {
            return;
        }
        if self.bytes_read > self.limits.max_bytes {
            // Refused whatever follows: let go of everything held.
            self.state = State::TooLarge;
            self.pending = Vec::new();
            self.big = None;
            self.sink = FeatureSink::new(&self.limits);
            self.type_value = None;
            return;
        }
        if let Err(error) = self.scan(chunk, base) {
            self.state = State::Malformed;
            self.error = Some(error);
            self.pending = Vec::new();
            self.big = None;
            self.sink = FeatureSink::new(&self.limits);
        }
    }

    /// Goes on for about `steps` steps with the work `push` left to be done
    /// in turns (a big polygon's ring check, after
    /// [`check_rings_in_turns`](Self::check_rings_in_turns)); true once none
    /// is left. `finish` does whatever is left at once.
    pub fn advance(&mut self, steps: usize) -> bool {
        if matches!(self.state, State::Malformed | State::TooLarge) {
            return true;
        }
        self.sink.advance(steps)
    }

    /// The features kept and the report: what `load_geojson` gives for the
    /// whole text.
    pub fn finish(mut self) -> LoadOutcome {
        if self.bytes_read > self.limits.max_bytes {
            return file_error(FileError::TooLarge {
                bytes: self.bytes_read,
                limit: self.limits.max_bytes,
            });
        }
        match self.state {
            State::Malformed => file_error(self.error.take().unwrap_or_else(|| eof(1, 1))),
            State::RootNotObject => match serde_json::from_slice::<Value>(&self.pending) {
                Ok(root) => file_error(root_not_an_object(&root)),
                Err(e) => file_error(malformed(&e, &self.pending, self.pending_origin)),
            },
            State::AfterRoot => {
                let features = self.features_is_array.then_some(self.sink);
                match check_collection(self.type_value.as_ref(), features) {
                    Ok(sink) => sink.finish(),
                    Err(e) => file_error(e),
                }
            }
            // Cut short: serde_json puts the end at the last character.
            _ => file_error(eof(self.lines.line, self.lines.chars.max(1))),
        }
    }

    /// Runs the state machine over one piece.
    fn scan(&mut self, chunk: &[u8], base: usize) -> Result<(), FileError> {
        let mut i = 0;
        // Where the value being cut out starts in this piece.
        let mut start = 0;
        while i < chunk.len() {
            let b = chunk[i];
            let blank = matches!(b, b' ' | b'\n' | b'\r' | b'\t');
            match self.state {
                // A UTF-8 byte-order mark is not part of the JSON, nor a column.
                State::BeforeRoot if self.bom < 3 && base + i == self.bom => {
                    if b != UTF8_BOM[self.bom] {
                        if self.bom > 0 {
                            return Err(self.syntax(chunk, base, i, "expected value"));
                        }
                        self.bom = 3; // no mark: look no more
                        continue;
                    }
                    self.bom += 1;
                    i += 1;
                    if self.bom == 3 {
                        self.lines = Lines {
                            line: 1,
                            chars: 0,
                            counted: base + i,
                        };
                    }
                }
                State::BeforeRoot if blank => i += 1,
                State::BeforeRoot => {
                    if b == b'{' {
                        self.state = State::FirstKey;
                        i += 1;
                    } else {
                        self.begin_cut(chunk, base, i, &mut start);
                        self.state = State::RootNotObject;
                        i = chunk.len();
                    }
                }
                State::RootNotObject => i = chunk.len(),
                State::FirstKey | State::NextKey if blank => i += 1,
                State::FirstKey | State::NextKey => match b {
                    b'"' => {
                        self.begin_cut(chunk, base, i, &mut start);
                        self.cut.in_string = true;
                        self.state = State::Key;
                        i += 1;
                    }
                    b'}' if self.state == State::FirstKey => {
                        self.state = State::AfterRoot;
                        i += 1;
                    }
                    _ => return Err(self.syntax(chunk, base, i, "expected a key")),
                },
                State::Key => match self.cut.string_end(&chunk[i..]) {
                    Some(n) => {
                        i += n + 1;
                        let key: String = self.parse_cut(chunk, start, i)?;
                        self.member = match key.as_str() {
                            "type" => Member::Type,
                            "features" => Member::Features,
                            _ => Member::Other,
                        };
                        self.state = State::Colon;
                    }
                    None => i = chunk.len(),
                },
                State::Colon if blank => i += 1,
                State::Colon if b == b':' => {
                    self.state = State::MemberValueStart;
                    i += 1;
                }
                State::Colon => return Err(self.syntax(chunk, base, i, "expected `:`")),
                State::MemberValueStart if blank => i += 1,
                State::MemberValueStart => {
                    if self.member == Member::Features {
                        // A later `features` replaces an earlier one, as in a parsed object.
                        self.sink = FeatureSink::new(&self.limits);
                        self.sink.set_in_turns(self.rings_in_turns);
                        self.features_is_array = b == b'[';
                    }
                    if self.member == Member::Features && b == b'[' {
                        self.state = State::FeaturesStart;
                        i += 1;
                    } else {
                        self.begin_cut(chunk, base, i, &mut start);
                        self.state = State::MemberValue;
                    }
                }
                State::MemberValue => match self.cut.scan(&chunk[i..], 1, b'}') {
                    Scanned::Ended { at, delim } => {
                        let value: Value = self.parse_cut(chunk, start, i + at)?;
                        if self.member == Member::Type {
                            self.type_value = Some(value);
                        }
                        self.state = if delim == b',' {
                            State::NextKey
                        } else {
                            State::AfterRoot
                        };
                        i += at + 1;
                    }
                    Scanned::More => i = chunk.len(),
                    Scanned::Bad { at, message } => {
                        return Err(self.syntax(chunk, base, i + at, message))
                    }
                },
                State::FeaturesStart if blank => i += 1,
                State::FeaturesStart if b == b']' => {
                    self.state = State::AfterMember;
                    i += 1;
                }
                State::FeaturesStart | State::EntryStart if blank => i += 1,
                State::FeaturesStart | State::EntryStart => {
                    self.begin_cut(chunk, base, i, &mut start);
                    self.state = State::Entry;
                }
                State::Entry => match self.cut.scan(&chunk[i..], 2, b']') {
                    Scanned::Ended { at, delim } => {
                        self.add_entry(chunk, start, i + at)?;
                        self.state = if delim == b',' {
                            State::EntryStart
                        } else {
                            State::AfterMember
                        };
                        i += at + 1;
                    }
                    Scanned::More => i = chunk.len(),
                    Scanned::Bad { at, message } => {
                        return Err(self.syntax(chunk, base, i + at, message))
                    }
                },
                State::AfterMember if blank => i += 1,
                State::AfterMember => match b {
                    b',' => {
                        self.state = State::NextKey;
                        i += 1;
                    }
                    b'}' => {
                        self.state = State::AfterRoot;
                        i += 1;
                    }
                    _ => return Err(self.syntax(chunk, base, i, "expected `,` or `}`")),
                },
                State::AfterRoot if blank => i += 1,
                State::AfterRoot => return Err(self.syntax(chunk, base, i, "trailing characters")),
                State::Malformed | State::TooLarge => return Ok(()),
            }
        }
        if let (State::Entry, Some(big)) = (self.state, &mut self.big) {
            big.push(&chunk[start..])?;
        } else if matches!(
            self.state,
            State::RootNotObject | State::Key | State::MemberValue | State::Entry
        ) {
            // The value goes on in the next piece: keep its start.
            self.pending.extend_from_slice(&chunk[start..]);
            if self.state == State::Entry && self.pending.len() > self.big_entry_bytes {
                // Too big to parse whole at its end: read it as it comes.
                let mut big =
                    BigEntry::new(self.pending_origin, self.limits.max_vertices_per_geometry);
                big.push(&self.pending)?;
                self.pending = Vec::new();
                self.big = Some(big);
            }
        }
        // Lines are counted to the end, for the position of a file cut short.
        self.lines.at(chunk, base, chunk.len());
        Ok(())
    }

    /// Starts cutting out a value at `at`.
    fn begin_cut(&mut self, chunk: &[u8], base: usize, at: usize, start: &mut usize) {
        *start = at;
        self.pending.clear();
        self.pending_origin = self.lines.at(chunk, base, at);
        self.cut = Cut::default();
    }

    /// Parses the value cut out: its earlier part in `pending`, its end in
    /// `chunk[start..end]`. Without an earlier part it is parsed in place.
    fn parse_cut<T: serde::de::DeserializeOwned>(
        &mut self,
        chunk: &[u8],
        start: usize,
        end: usize,
    ) -> Result<T, FileError> {
        let origin = self.pending_origin;
        if self.pending.is_empty() {
            let bytes = &chunk[start..end];
            return serde_json::from_slice(bytes).map_err(|e| malformed(&e, bytes, origin));
        }
        self.pending.extend_from_slice(&chunk[..end]);
        let parsed =
            serde_json::from_slice(&self.pending).map_err(|e| malformed(&e, &self.pending, origin));
        self.pending.clear();
        if self.pending.capacity() > 1 << 20 {
            self.pending = Vec::new(); // one huge entry need not hold memory for good
        }
        parsed
    }

    /// Converts the `features` entry cut out (as [`parse_cut`](Self::parse_cut)
    /// finds it): a clean point straight from its bytes, anything else
    /// through a `Value`.
    fn add_entry(&mut self, chunk: &[u8], start: usize, end: usize) -> Result<(), FileError> {
        if let Some(mut big) = self.big.take() {
            big.push(&chunk[start..end])?;
            let (entry, readers) = big.finish()?;
            self.sink.add_streamed(&entry, readers);
            return Ok(());
        }
        let fast = if self.pending.is_empty() {
            self.sink.try_add_clean_point(&chunk[start..end])
        } else {
            let mut whole = std::mem::take(&mut self.pending);
            whole.extend_from_slice(&chunk[..end]);
            let fast = self.sink.try_add_clean_point(&whole);
            // Give the bytes back (without the end) for the full path.
            whole.truncate(whole.len() - end);
            self.pending = whole;
            fast
        };
        if fast {
            self.pending.clear();
            return Ok(());
        }
        let entry: Value = self.parse_cut(chunk, start, end)?;
        self.sink.add(&entry);
        Ok(())
    }

    /// A syntax error at `chunk[at]`.
    fn syntax(&mut self, chunk: &[u8], base: usize, at: usize, message: &str) -> FileError {
        let (line, column) = self.lines.at(chunk, base, at);
        FileError::MalformedJson {
            line,
            column,
            message: message.to_string(),
        }
    }
}

/// The file ended inside a value.
fn eof(line: usize, column: usize) -> FileError {
    FileError::MalformedJson {
        line,
        column,
        message: "EOF while parsing".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load_geojson;

    /// Pushes `text` cut at `cuts` (offsets, any order, out-of-range ignored).
    fn stream(text: &[u8], cuts: &[usize], limits: &Limits) -> LoadOutcome {
        stream_big(text, cuts, limits, BIG_ENTRY_BYTES)
    }

    /// [`stream`], reading entries longer than `big` bytes piece by piece
    /// (0: every entry cut by a piece's end).
    fn stream_big(text: &[u8], cuts: &[usize], limits: &Limits, big: usize) -> LoadOutcome {
        let mut cuts: Vec<usize> = cuts.iter().copied().filter(|c| *c < text.len()).collect();
        cuts.sort_unstable();
        let mut loader = StreamLoader::with_big_entry_bytes(limits.clone(), big);
        let mut from = 0;
        for cut in cuts.into_iter().chain([text.len()]) {
            loader.push(&text[from..cut]);
            from = cut;
        }
        loader.finish()
    }

    /// Equal features and reports; a `MalformedJson` may differ in position and wording.
    fn assert_same(streamed: &LoadOutcome, whole: &LoadOutcome, what: &str) {
        assert_eq!(streamed.features, whole.features, "{what}: features");
        let (mut a, mut b) = (streamed.report.clone(), whole.report.clone());
        let blank = |e: &mut Option<FileError>| {
            if let Some(FileError::MalformedJson { .. }) = e {
                *e = Some(FileError::MalformedJson {
                    line: 0,
                    column: 0,
                    message: String::new(),
                });
            }
        };
        blank(&mut a.file_error);
        blank(&mut b.file_error);
        assert_eq!(a, b, "{what}: report");
    }

    /// Streamed (entries parsed whole, and read piece by piece) equals whole.
    fn check(text: &str, cuts: &[usize], limits: &Limits) {
        let whole = load_geojson(text, limits);
        for big in [BIG_ENTRY_BYTES, 0, 40] {
            let streamed = stream_big(text.as_bytes(), cuts, limits, big);
            assert_same(
                &streamed,
                &whole,
                &format!("{:.200} cut at {cuts:?}, big over {big}", text),
            );
        }
    }

    fn point(id: &str, lon: f64, extra: &str) -> String {
        format!(
            r#"{{"type":"Feature","id":"{id}","geometry":{{"type":"Point","coordinates":[{lon},43.8]}},"properties":{{"kind":"project","name_zh":"项目\"引号\\","name_en":"Project \u00e9","position_accuracy":"schematic"{extra}}}}}"#
        )
    }

    /// Every fixture (hostile ones included) and the shipped data.
    fn fixtures() -> Vec<(String, String)> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut out = vec![];
        let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/tests/fixtures"))
            .expect("fixtures dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file())
            .collect();
        paths.push(format!("{root}/public/data/qikai-map.geojson").into());
        paths.sort();
        for p in paths {
            // CSV and the encoding fixtures (not UTF-8) are any_format's.
            let bytes = std::fs::read(&p).expect("fixture");
            match String::from_utf8(bytes) {
                Ok(text) if p.extension().is_some_and(|e| e != "csv") => {
                    out.push((p.display().to_string(), text));
                }
                _ => {}
            }
        }
        assert!(out.len() >= 15, "fixtures found: {}", out.len());
        out
    }

    #[test]
    fn every_fixture_loads_the_same_pushed_in_one_piece_and_byte_by_byte() {
        for (name, text) in fixtures() {
            let whole = load_geojson(&text, &Limits::default());
            assert_same(
                &stream(text.as_bytes(), &[], &Limits::default()),
                &whole,
                &name,
            );
            let every_byte: Vec<usize> = (1..text.len()).collect();
            for big in [BIG_ENTRY_BYTES, 0] {
                assert_same(
                    &stream_big(text.as_bytes(), &every_byte, &Limits::default(), big),
                    &whole,
                    &format!("{name} in 1-byte pieces, big over {big}"),
                );
            }
        }
    }

    #[test]
    fn top_level_members_in_any_order_and_repeated_decide_as_a_parser_would() {
        let f = point("a", 125.1, "");
        for text in [
            format!(r#"{{"features":[{f}],"type":"FeatureCollection"}}"#),
            format!(r#"{{"type":"FeatureCollection","bbox":[1,2,{{"x":[]}}],"features":[{f}]}}"#),
            format!(r#"{{"type":"Feature","features":[{f}],"type":"FeatureCollection"}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}],"type":"Feature"}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}],"features":{{}}}}"#),
            format!(r#"{{"type":"FeatureCollection","features":7,"features":[{f},{f}]}}"#),
            format!(r#"{{"type":"FeatureCollection","feat\u0075res":[{f}]}}"#),
            format!(r#"{{"type":1,"features":[{f}]}}"#),
            r#"{"type":"FeatureCollection"}"#.to_string(),
            r#"{"type":"FeatureCollection","features":[]}"#.to_string(),
            " \n{ } \r\n".to_string(),
            "[1,2]".to_string(),
            "\"FeatureCollection\"".to_string(),
            "null".to_string(),
            "\u{feff}{}".to_string(),
            "\u{feff} \n{\"type\":\"FeatureCollection\",\"features\":[]}".to_string(),
            "".to_string(),
            "   ".to_string(),
        ] {
            check(&text, &[], &Limits::default());
            check(
                &text,
                &[1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144],
                &Limits::default(),
            );
        }
    }

    #[test]
    fn broken_json_is_malformed_like_the_parser_says() {
        let f = point("a", 125.1, "");
        for text in [
            format!(r#"{{"type":"FeatureCollection","features":[{f},]}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[,{f}]}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}{f}]}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}]}} x"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}]}}{{}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}]"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}}}]}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}],}}"#),
            format!(r#"{{"type":"FeatureCollection" "features":[{f}]}}"#),
            format!(r#"{{"type":"FeatureCollection","features":[{f}]]"#),
            r#"{"type":"FeatureCollection","features":[1 2]}"#.to_string(),
            r#"{"type":"FeatureCollection","features":[tru]}"#.to_string(),
            r#"{"type":"Feature\collection","features":[]}"#.to_string(),
            r#"{"type":"FeatureCollection","features":["a	b"]}"#.to_string(),
            r#"{"type":"FeatureCollection","x":,"features":[]}"#.to_string(),
            r#"{"type":"FeatureCollection","x":]}"#.to_string(),
            r#"{type:"FeatureCollection"}"#.to_string(),
            "{\"a\\".to_string(),
        ] {
            check(&text, &[], &Limits::default());
            check(
                &text,
                &[1, 2, 3, 40, 41, 42, 43, 44, 45],
                &Limits::default(),
            );
        }
    }

    #[test]
    fn nesting_refused_exactly_where_the_parser_refuses_it() {
        // serde_json accepts 127 levels in the whole file and refuses 128.
        for depth in [120, 125, 126, 127, 128] {
            let (open, close) = ("[".repeat(depth - 2), "]".repeat(depth - 2));
            let entry = format!(r#"{{"type":"FeatureCollection","features":[{open}{close}]}}"#);
            check(&entry, &[], &Limits::default());
            let member = format!(
                r#"{{"type":"FeatureCollection","x":{}{},"features":[]}}"#,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            );
            check(&member, &[50], &Limits::default());
        }
    }

    #[test]
    fn limits_give_the_same_errors_and_stop_the_work() {
        let features: Vec<String> = (0..5)
            .map(|i| point(&format!("p{i}"), 125.0 + f64::from(i) * 0.01, ""))
            .collect();
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        for limits in [
            Limits {
                max_features: 3,
                ..Limits::default()
            },
            Limits {
                max_features: 5,
                ..Limits::default()
            },
            Limits {
                max_bytes: 300,
                ..Limits::default()
            },
            Limits {
                max_bytes: text.len(),
                ..Limits::default()
            },
            Limits {
                max_bytes: text.len() - 1,
                ..Limits::default()
            },
        ] {
            check(&text, &[], &limits);
            check(&text, &[7, 100, 280, 301, 700], &limits);
        }

        let mut loader = StreamLoader::new(Limits {
            max_bytes: 300,
            ..Limits::default()
        });
        loader.push(&text.as_bytes()[..290]);
        assert!(!loader.progress().failed);
        loader.push(&text.as_bytes()[290..310]);
        assert!(
            loader.progress().failed,
            "refused as soon as over the limit"
        );
        assert_eq!(loader.pending.capacity(), 0, "nothing held after refusal");
        loader.push(&text.as_bytes()[310..]);
        assert_eq!(
            loader.finish().report.file_error,
            Some(FileError::TooLarge {
                bytes: text.len(),
                limit: 300
            })
        );

        let mut loader = StreamLoader::new(Limits {
            max_features: 2,
            ..Limits::default()
        });
        loader.push(text.as_bytes());
        let p = loader.progress();
        assert!(p.failed && p.done);
        assert_eq!((p.features_seen, p.features_loaded), (5, 0));
    }

    #[test]
    fn progress_counts_features_as_they_arrive() {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{},{},{}]}}"#,
            point("a", 125.1, ""),
            point("b", 125.2, ""),
            point("a", 125.3, "")
        );
        let mut loader = StreamLoader::new(Limits::default());
        loader.expect_len(text.len());
        let half = text.len() / 2;
        loader.push(&text.as_bytes()[..half]);
        let p = loader.progress();
        assert_eq!((p.bytes_read, p.bytes_expected), (half, Some(text.len())));
        assert_eq!((p.features_seen, p.features_loaded, p.done), (1, 1, false));
        loader.push(&text.as_bytes()[half..]);
        let p = loader.progress();
        assert_eq!(
            (p.features_seen, p.features_loaded, p.done, p.failed),
            (3, 2, true, false)
        );
        let out = loader.finish();
        assert_eq!(out.report.issues[0].problem.code(), "duplicate_id");
    }

    #[test]
    fn malformed_positions_are_file_positions() {
        let text = "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"a\":1},\n {\"b\":tru}]}";
        let out = stream(text.as_bytes(), &[20, 45], &Limits::default());
        assert!(
            matches!(
                out.report.file_error,
                Some(FileError::MalformedJson { line: 4, .. })
            ),
            "{:?}",
            out.report.file_error
        );
    }

    #[test]
    fn a_parse_error_has_one_position_counted_in_characters() {
        let text = "\u{feff}{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"名称\":x}]}";
        let expected = Some(FileError::MalformedJson {
            line: 3,
            column: 7,
            message: "expected value".into(),
        });
        assert_eq!(
            load_geojson(text, &Limits::default()).report.file_error,
            expected
        );
        let every_byte: Vec<usize> = (1..text.len()).collect();
        for cuts in [vec![], vec![20, 45], every_byte] {
            let out = stream(text.as_bytes(), &cuts, &Limits::default());
            assert_eq!(out.report.file_error, expected, "cut at {cuts:?}");
        }
        // The scanner's own errors, and a file cut short: after the mark, in characters.
        let scanner = "\u{feff}{\"名\":1 \"b\":2}";
        let out = stream(scanner.as_bytes(), &[5], &Limits::default());
        assert_eq!(
            out.report.file_error,
            Some(FileError::MalformedJson {
                line: 1,
                column: 8,
                message: "trailing characters".into()
            })
        );
        let short = "{\"名\":\n [1,";
        let whole = load_geojson(short, &Limits::default()).report.file_error;
        let streamed = stream(short.as_bytes(), &[3], &Limits::default())
            .report
            .file_error;
        assert!(
            matches!(
                (&whole, &streamed),
                (
                    Some(FileError::MalformedJson {
                        line: 2,
                        column: 4,
                        ..
                    }),
                    Some(FileError::MalformedJson {
                        line: 2,
                        column: 4,
                        ..
                    })
                )
            ),
            "{whole:?} {streamed:?}"
        );
        let shown = expected.map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(shown, "not valid JSON (line 3, column 7): expected value");
    }

    #[test]
    fn a_big_entry_read_piece_by_piece_gets_the_parsers_verdict() {
        let ring = "[[125,43],[125.1,43],[125.1,43.1],[125,43]]";
        let props = r#""properties":{"kind":"park","name_zh":"园","name_en":"Park","position_accuracy":"exact"}"#;
        let geometries = [
            format!(r#"{{"type":"Polygon","coordinates":[{ring}]}}"#),
            format!(r#"{{"coordinates":[{ring}],"type":"Polygon"}}"#),
            format!(r#"{{"coordin\u0061tes":[{ring}],"type":"MultiPolygon"}}"#),
            format!(
                r#"{{"type":"MultiPolygon","coordinates":[[{ring}]],"coordinates":[[{ring}],[]]}}"#
            ),
            r#"{"type":"Point","coordinates":[125.1, 43.8, {"z":[1,[2]]}]}"#.to_string(),
            r#"{"type":"Point","coordinates":[125.1, "43.8"]}"#.to_string(),
            r#"{"type":"Point","coordinates":[125.1, 43.8, "\u00e9\n"]}"#.to_string(),
            r#"{"type":"Point","coordinates":[125.1, 43.8, true]}"#.to_string(),
            r#"{"type":"Point","coordinates":-0}"#.to_string(),
            r#"{"type":"Point","coordinates":[1e400, 43]}"#.to_string(),
            r#"{"type":"Point","coordinates":[1.5e, 43]}"#.to_string(),
            r#"{"type":"Point","coordinates":[125, tru]}"#.to_string(),
            r#"{"type":"Point","coordinates":[125, "\ud800"]}"#.to_string(),
            r#"{"type":"Point","coordinates":[125 43]}"#.to_string(),
            r#"{"type":"Point","coordinates":[125,43,]}"#.to_string(),
            format!(r#"{{"type":"Polygon","coordinates":[{ring}]}}, "geometry":null"#),
            format!(
                r#"{{"type":"Polygon","coordinates":[{ring}]}}, "geometry":{{"type":"Polygon"}}"#
            ),
            r#"{"type":"LineString","coordinates":[[1,2]]}"#.to_string(),
            r#"{"type":"Polygon","coordinates":[[[125,43],[126,44],[126,43],[125,44],[125,43]]]}"#
                .to_string(),
            "[1,2]".to_string(),
            "\"Polygon\"".to_string(),
        ];
        for geometry in geometries {
            let entry = format!(r#"{{"type":"Feature","id":"big","geometry":{geometry},{props}}}"#);
            let multi_line = entry.replace(",", ",\n ");
            for entry in [entry, multi_line] {
                let text = format!("{{\"type\":\"FeatureCollection\",\"features\":[\n{entry}]}}");
                let every_byte: Vec<usize> = (1..text.len()).collect();
                let whole = load_geojson(&text, &Limits::default());
                for cuts in [vec![50], vec![41, 42, 43, 90, 150], every_byte] {
                    assert_same(
                        &stream_big(text.as_bytes(), &cuts, &Limits::default(), 0),
                        &whole,
                        &format!("{text} cut at {cuts:?}"),
                    );
                }
            }
        }
        // Errors after the coordinates keep their true position.
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\n{\"geometry\":{\"coordinates\":[\n[1,\n2]],\n\"x\":1e999}}]}";
        let expected = load_geojson(text, &Limits::default()).report.file_error;
        assert!(
            matches!(expected, Some(FileError::MalformedJson { line: 5, .. })),
            "{expected:?}"
        );
        let got = stream_big(text.as_bytes(), &[45, 60], &Limits::default(), 0)
            .report
            .file_error;
        assert_eq!(got, expected);
    }

    #[test]
    fn a_huge_polygon_is_read_as_it_comes_without_holding_its_text() {
        // 1,000,000 positions: refused at the 250,001st, read to the end.
        let n = 1_000_000;
        let mut ring = String::with_capacity(n * 24);
        for i in 0..n {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            ring.push_str(&format!(
                "[{:.6},{:.6}],",
                125.2 + 0.1 * a.cos(),
                43.85 + 0.07 * a.sin()
            ));
        }
        ring.push_str("[125.300000,43.850000]");
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","id":"huge","geometry":{{"type":"Polygon","coordinates":[[{ring}]]}},"properties":{{"kind":"park","name_zh":"园","name_en":"Park","position_accuracy":"exact"}}}}]}}"#
        );
        let mut loader = StreamLoader::new(Limits::default());
        let mut longest = std::time::Duration::ZERO;
        let mut piece_by_piece = false;
        for piece in text.as_bytes().chunks(32 * 1024) {
            let started = std::time::Instant::now();
            loader.push(piece);
            longest = longest.max(started.elapsed());
            assert!(loader.pending.len() <= BIG_ENTRY_BYTES + 32 * 1024);
            piece_by_piece |= loader.big.is_some();
        }
        assert!(piece_by_piece);
        let started = std::time::Instant::now();
        let out = loader.finish();
        eprintln!(
            "{} MB polygon: longest push {longest:?}, finish {:?}",
            text.len() >> 20,
            started.elapsed()
        );
        assert_eq!(out.report.issues.len(), 1);
        assert_eq!(
            out.report.issues[0].problem,
            crate::data::Problem::TooManyVertices { limit: 250_000 }
        );
    }

    /// A collection of: a point, a park of `n` positions (crossing itself
    /// when `crossed`) with id `p`, a point repeating the id `p`, a point.
    fn big_park_between_points(n: usize, crossed: bool) -> String {
        let mut positions: Vec<String> = (0..n)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / n as f64;
                format!(
                    "[{:.7},{:.7}]",
                    125.2 + 0.1 * a.cos(),
                    43.85 + 0.07 * a.sin()
                )
            })
            .collect();
        if crossed {
            positions.swap(100, 300);
        }
        positions.push(positions[0].clone());
        let park = format!(
            r#"{{"type":"Feature","id":"p","geometry":{{"type":"Polygon","coordinates":[[{}]]}},"properties":{{"kind":"park","name_zh":"园","name_en":"Park","position_accuracy":"schematic"}}}}"#,
            positions.join(",")
        );
        format!(
            r#"{{"type":"FeatureCollection","features":[{},{park},{},{}]}}"#,
            point("a", 125.1, ""),
            point("p", 125.2, ""),
            point("b", 125.3, "")
        )
    }

    #[test]
    fn a_big_polygons_ring_check_runs_in_turns_and_decides_as_at_once() {
        for crossed in [false, true] {
            let text = big_park_between_points(60_000, crossed);
            let whole = load_geojson(&text, &Limits::default());
            let ids: Vec<&str> = whole.features.iter().map(|f| f.id.as_str()).collect();
            // A sound park is kept and the point repeating its id is not; a
            // crossing park is skipped, and the point with its id is then kept.
            assert_eq!(ids, ["a", "p", "b"]);
            assert_eq!(
                matches!(
                    whole.features[1].geometry,
                    crate::core::model::Geometry::Point(_)
                ),
                crossed,
                "the park is kept only when it is sound"
            );
            // Without turns, push does the check: nothing is left to advance.
            let mut at_once = StreamLoader::new(Limits::default());
            at_once.push(text.as_bytes());
            assert!(at_once.advance(1), "nothing left after push");
            assert_same(&at_once.finish(), &whole, "at once");
            for piece_len in [64 * 1024, 1 << 24] {
                let mut loader = StreamLoader::new(Limits::default());
                loader.check_rings_in_turns();
                let (mut turns, mut longest) = (0, std::time::Duration::ZERO);
                for piece in text.as_bytes().chunks(piece_len) {
                    loader.push(piece);
                    loop {
                        let started = std::time::Instant::now();
                        let done = loader.advance(20_000);
                        longest = longest.max(started.elapsed());
                        if done {
                            break;
                        }
                        turns += 1;
                    }
                }
                assert!(turns > 3, "the check ran in turns ({turns})");
                eprintln!("ring check of 60,000 positions in {turns} turns, longest {longest:?}");
                assert_same(
                    &loader.finish(),
                    &whole,
                    &format!("pieces of {piece_len}, crossed {crossed}"),
                );
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        for bytes in [
            &b"\xff\xfe{"[..],
            b"{\"type\":\"\xff\"}",
            b"{\"features\":[\"\xe9\x80\"]}",
            b"{\"features\":[\"\\",
            b"{\"features\":[[[[",
            b"}}}]]]",
        ] {
            for cut in 0..bytes.len() {
                let _ = stream(bytes, &[cut], &Limits::default());
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Pieces of feature JSON, good and bad, to build collections from.
        fn entry() -> impl Strategy<Value = String> {
            let ids = prop::sample::select(vec!["a", "b", "c", "x y", ""]);
            prop_oneof![
                (ids.clone(), 124.0f64..126.0).prop_map(|(id, lon)| point(id, lon, "")),
                (ids.clone(), 40.0f64..44.0).prop_map(|(id, lat)| point(id, lat, r#","colour":"red""#)),
                ids.clone().prop_map(|id| point(id, 125.2, r#","status":"flying","milestones":[{"date":"2023-01","event_zh":"开","event_en":"Open"}]"#)),
                Just(r#"{"type":"Feature","id":7,"geometry":null,"properties":{}}"#.to_string()),
                Just(r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[125,43],[125.1,43],[125.1,43.1],[125,43]]]},"properties":{"id":"pk","kind":"park","name_zh":"园","name_en":"P","position_accuracy":"exact"}}"#.to_string()),
                Just("[]".to_string()),
                Just("\"a \\\"string\\\" \\u4e2d\"".to_string()),
                Just("null".to_string()),
                Just("-1.5e3".to_string()),
            ]
        }

        /// Collections with members in any order, blanks, and sometimes a fault.
        fn collection() -> impl Strategy<Value = String> {
            (
                prop::collection::vec(entry(), 0..8),
                any::<bool>(),
                prop::sample::select(vec!["", " ", "\n", " \r\n\t"]),
                prop::option::of((
                    any::<prop::sample::Index>(),
                    prop::sample::select(vec![
                        "", ",", "]", "}", "{", "\"", "\\", "[", ":", "x", "1",
                    ]),
                )),
                any::<bool>(),
            )
                .prop_map(|(entries, type_last, blank, fault, extra)| {
                    let features = format!(
                        "\"features\"{blank}:{blank}[{blank}{}{blank}]",
                        entries.join(&format!(",{blank}"))
                    );
                    let kind = "\"type\":\"FeatureCollection\"";
                    let mut members = if type_last {
                        vec![features, kind.to_string()]
                    } else {
                        vec![kind.to_string(), features]
                    };
                    if extra {
                        members.insert(1, r#""bbox":[125,43,{"n":"\u00e9\"}"}]"#.to_string());
                    }
                    let mut text = format!("{blank}{{{}}}{blank}", members.join(","));
                    if let Some((at, insert)) = fault {
                        let mut at = at.index(text.len() + 1);
                        while !text.is_char_boundary(at) {
                            at -= 1;
                        }
                        if insert.is_empty() {
                            text.truncate(at);
                        } else {
                            text.insert_str(at, insert);
                        }
                    }
                    text
                })
        }

        fn any_limits() -> impl Strategy<Value = Limits> {
            prop_oneof![
                3 => Just(Limits::default()),
                1 => (0usize..6).prop_map(|n| Limits { max_features: n, ..Limits::default() }),
                1 => (0usize..3000).prop_map(|n| Limits { max_bytes: n, ..Limits::default() }),
            ]
        }

        proptest! {
            #[test]
            fn generated_collections_load_the_same_in_any_pieces(
                text in collection(),
                cuts in prop::collection::vec(0usize..4000, 0..12),
                limits in any_limits(),
            ) {
                check(&text, &cuts, &limits);
            }

            #[test]
            fn fixtures_load_the_same_in_any_pieces(
                which in any::<prop::sample::Index>(),
                cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..20),
            ) {
                let all = fixtures();
                let (_, text) = &all[which.index(all.len())];
                let cuts: Vec<usize> = cuts.iter().map(|c| c.index(text.len().max(1))).collect();
                check(text, &cuts, &Limits::default());
            }

            #[test]
            fn any_bytes_in_any_pieces_never_panic(
                bytes in prop::collection::vec(any::<u8>(), 0..300),
                cuts in prop::collection::vec(0usize..300, 0..8),
            ) {
                let _ = stream(&bytes, &cuts, &Limits::default());
            }
        }
    }
}

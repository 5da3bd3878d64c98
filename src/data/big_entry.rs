//! One huge entry of `features` (a 27 MB polygon, say), read a piece at a
//! time instead of parsed whole when its last byte arrives: parsing it whole
//! blocked the page for half a second, past the loader's promise of no task
//! over 100 ms.
//!
//! The bytes are checked as JSON as they come. The feature's
//! `geometry.coordinates` value is fed, number by number, to the same
//! [`ShapeReader`]s the converter uses (all three shapes side by side: the
//! geometry's `type` may come after its coordinates), so the positions are
//! checked and kept without a `Value` tree, and memory stays bounded by the
//! vertex limit. Everything else of the entry (id, properties, the
//! geometry's type) is small; it is kept as text, with the coordinates
//! replaced by a placeholder of the same lines and columns, and parsed with
//! `serde_json` at the end, so the converter sees the very `Value` it would
//! have seen and its verdict is the same (`stream.rs` tests hold it to that).
//! Other huge members (a 27 MB property) are still parsed whole.

use serde_json::Value;

use super::convert::{char_count, malformed};
use super::geometry::{AnyShapeReader, Event};
use super::problem::FileError;

/// A container open around the current byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

/// What the current container expects next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// After `{`: a key or `}`; after `[`: a value or `]`.
    First,
    /// After `,`: a key (object) or a value (array).
    Next,
    /// After a key: `:`.
    Colon,
    /// After `:`: the member's value.
    Value,
    /// After a value: `,` or the closing bracket.
    CommaOrEnd,
}

/// Which object a container is, for finding `geometry.coordinates`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The entry itself.
    Feature,
    /// The feature's `geometry` object.
    Geometry,
    /// Anything else.
    Other,
}

/// What the last key of a feature or geometry object named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Geometry,
    Coordinates,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    container: Container,
    expect: Expect,
    role: Role,
    key: Key,
}

/// A scalar being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    None,
    /// In a string; `escape`: after a backslash; `hex`: \u digits still due.
    String {
        key: bool,
        escape: bool,
        hex: u8,
    },
    Number,
    Literal,
}

/// The `coordinates` value being read.
struct Region {
    /// Containers open outside it.
    depth: usize,
    /// Depth of an object inside it: a whole object is one `Other` event.
    opaque: Option<usize>,
}

/// Where a `coordinates` value ended, in `rest` and in the file: a parse
/// error later in `rest` is moved by the difference to its file position.
#[derive(Clone, Copy, Debug)]
struct Mark {
    rest: (usize, usize),
    file: (usize, usize),
}

/// Reads one entry of `features` pushed in pieces.
pub(crate) struct BigEntry {
    limit: usize,
    stack: Vec<Frame>,
    token: Token,
    /// The bytes of the scalar being read, when they are needed.
    scalar: Vec<u8>,
    /// The entry without its coordinates (each replaced by a `0`).
    rest: Vec<u8>,
    /// Lines begun in `rest` (for [`Mark`]s).
    rest_line: usize,
    marks: Vec<Mark>,
    region: Option<Region>,
    readers: Option<AnyShapeReader>,
    /// The top-level value is complete.
    done: bool,
    /// (line, column) where the entry begins in the file, and of the next byte.
    origin: (usize, usize),
    line: usize,
    column: usize,
}

impl BigEntry {
    /// A reader for an entry beginning at `origin` (line, column) in the
    /// file, allowing `limit` positions per geometry.
    pub(crate) fn new(origin: (usize, usize), limit: usize) -> Self {
        Self {
            limit,
            stack: Vec::new(),
            token: Token::None,
            scalar: Vec::new(),
            rest: Vec::new(),
            rest_line: origin.0,
            marks: Vec::new(),
            region: None,
            readers: None,
            done: false,
            origin,
            line: origin.0,
            column: origin.1,
        }
    }

    /// Feeds the next bytes of the entry.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Result<(), FileError> {
        for &b in bytes {
            self.byte(b)?;
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xc0 != 0x80 {
                self.column += 1;
            }
        }
        Ok(())
    }

    /// The entry as the converter takes it: its `Value` with the
    /// coordinates as a placeholder, and the readers they were fed to.
    pub(crate) fn finish(mut self) -> Result<(Value, Option<AnyShapeReader>), FileError> {
        if matches!(self.token, Token::Number | Token::Literal) {
            self.end_scalar()?;
        }
        if !self.done || self.token != Token::None {
            return Err(self.error("EOF while parsing a value"));
        }
        let value = serde_json::from_slice(&self.rest)
            .map_err(|e| self.to_file(malformed(&e, &self.rest, self.origin)))?;
        Ok((value, self.readers))
    }

    /// A position in `rest` as a position in the file: moved by the last
    /// coordinates value that ended before it.
    fn to_file(&self, error: FileError) -> FileError {
        let FileError::MalformedJson {
            line,
            column,
            message,
        } = error
        else {
            return error;
        };
        let (line, column) = match self.marks.iter().rev().find(|m| m.rest <= (line, column)) {
            None => (line, column),
            Some(m) if m.rest.0 == line => (m.file.0, m.file.1 + column - m.rest.1),
            Some(m) => (m.file.0 + line - m.rest.0, column),
        };
        FileError::MalformedJson {
            line,
            column,
            message,
        }
    }

    fn error(&self, message: &str) -> FileError {
        FileError::MalformedJson {
            line: self.line,
            column: self.column,
            message: message.to_string(),
        }
    }

    fn in_region(&self) -> bool {
        self.region.is_some()
    }

    fn emit(&mut self, event: Event) {
        if let (Some(region), Some(readers)) = (&self.region, &mut self.readers) {
            if region.opaque.is_none() {
                readers.event(event);
            }
        }
    }

    fn byte(&mut self, b: u8) -> Result<(), FileError> {
        // A number or literal ends at the first byte not its own (which may
        // end the coordinates, before that byte is placed).
        match self.token {
            Token::Number if matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') => {
                self.account(b);
                if self.in_region() {
                    self.scalar.push(b);
                }
                return Ok(());
            }
            Token::Literal if b.is_ascii_alphabetic() => {
                self.account(b);
                if self.in_region() {
                    self.scalar.push(b);
                }
                return Ok(());
            }
            Token::Number | Token::Literal => self.end_scalar()?,
            Token::String { .. } | Token::None => {}
        }
        self.account(b);
        if let Token::String { key, escape, hex } = self.token {
            return self.string_byte(b, key, escape, hex);
        }
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            return Ok(());
        }
        if self.done {
            return Err(self.error("trailing characters"));
        }
        let Some(frame) = self.stack.last().copied() else {
            return self.begin_value(b);
        };
        match (frame.container, frame.expect, b) {
            (Container::Object, Expect::First | Expect::Next, b'"') => {
                self.token = Token::String {
                    key: true,
                    escape: false,
                    hex: 0,
                };
                self.scalar.clear();
                // Keys of the feature and its geometry are read, and any
                // inside the coordinates checked (they are not in `rest`).
                if matches!(frame.role, Role::Feature | Role::Geometry) || self.in_region() {
                    self.scalar.push(b);
                }
                Ok(())
            }
            (Container::Object, Expect::First, b'}')
            | (Container::Object, Expect::CommaOrEnd, b'}')
            | (Container::Array, Expect::First | Expect::CommaOrEnd, b']') => self.close(),
            (_, Expect::Next, b'}' | b']') => Err(self.error("trailing comma")),
            (Container::Object, Expect::First | Expect::Next, _) => {
                Err(self.error("key must be a string"))
            }
            (Container::Object, Expect::Colon, b':') => {
                self.set_expect(Expect::Value);
                Ok(())
            }
            (Container::Object, Expect::Colon, _) => Err(self.error("expected `:`")),
            (_, Expect::CommaOrEnd, b',') => {
                self.set_expect(Expect::Next);
                Ok(())
            }
            (Container::Object, Expect::CommaOrEnd, _) => Err(self.error("expected `,` or `}`")),
            (Container::Array, Expect::CommaOrEnd, _) => Err(self.error("expected `,` or `]`")),
            (Container::Object, Expect::Value, _)
            | (Container::Array, Expect::First | Expect::Next | Expect::Value, _) => {
                self.begin_value(b)
            }
            (Container::Array, Expect::Colon, _) => Err(self.error("expected value")),
        }
    }

    /// Places byte `b`: in the text kept, or counted in the coordinates'
    /// placeholder.
    fn account(&mut self, b: u8) {
        if self.region.is_none() {
            self.rest.push(b);
            if b == b'\n' {
                self.rest_line += 1;
            }
        }
    }

    fn set_expect(&mut self, expect: Expect) {
        if let Some(frame) = self.stack.last_mut() {
            frame.expect = expect;
        }
    }

    /// A value begins with `b`, in the current container (or at the top).
    fn begin_value(&mut self, b: u8) -> Result<(), FileError> {
        let parent = self.stack.last().copied();
        let role = match parent {
            None => Role::Feature,
            Some(p) if p.role == Role::Feature && p.key == Key::Geometry => {
                // A later `geometry` member replaces an earlier one.
                self.readers = None;
                Role::Geometry
            }
            _ => Role::Other,
        };
        if let Some(p) = parent {
            if p.role == Role::Geometry && p.key == Key::Coordinates && !self.in_region() {
                self.begin_region();
            }
        }
        match b {
            b'{' | b'[' => {
                let container = if b == b'{' {
                    Container::Object
                } else {
                    Container::Array
                };
                if container == Container::Object {
                    if let Some(region) = self.region.as_mut() {
                        if region.opaque.is_none() {
                            region.opaque = Some(self.stack.len());
                            if let Some(readers) = &mut self.readers {
                                readers.event(Event::Other);
                            }
                        }
                    }
                } else {
                    self.emit(Event::Open);
                }
                self.stack.push(Frame {
                    container,
                    expect: Expect::First,
                    role: if container == Container::Object {
                        role
                    } else {
                        Role::Other
                    },
                    key: Key::Other,
                });
                Ok(())
            }
            b'"' => {
                self.token = Token::String {
                    key: false,
                    escape: false,
                    hex: 0,
                };
                self.start_scalar(b);
                Ok(())
            }
            b'-' | b'0'..=b'9' => {
                self.token = Token::Number;
                self.start_scalar(b);
                Ok(())
            }
            b't' | b'f' | b'n' => {
                self.token = Token::Literal;
                self.start_scalar(b);
                Ok(())
            }
            _ => Err(self.error("expected value")),
        }
    }

    fn start_scalar(&mut self, b: u8) {
        self.scalar.clear();
        if self.in_region() {
            self.scalar.push(b);
        }
    }

    /// The `coordinates` of the geometry begin: new readers, and a
    /// placeholder in the text.
    fn begin_region(&mut self) {
        self.readers = Some(AnyShapeReader::new(self.limit));
        // The first byte of the value went into `rest` already: it becomes
        // the placeholder `0`.
        if let Some(last) = self.rest.last_mut() {
            *last = b'0';
        }
        self.region = Some(Region {
            depth: self.stack.len(),
            opaque: None,
        });
    }

    /// A value has ended (with the current byte when `consumed`): its
    /// container (or the top) moves on.
    fn value_done(&mut self, consumed: bool) {
        if self
            .region
            .as_ref()
            .is_some_and(|r| self.stack.len() == r.depth)
        {
            // The coordinates are over: note where, in `rest` and in the file.
            self.region = None;
            let line_start = self.rest.iter().rposition(|&b| b == b'\n');
            let chars = char_count(&self.rest[line_start.map_or(0, |i| i + 1)..]);
            let rest_column = match line_start {
                None => self.origin.1 + chars,
                Some(_) => chars + 1,
            };
            self.marks.push(Mark {
                rest: (self.rest_line, rest_column),
                file: (self.line, self.column + usize::from(consumed)),
            });
        }
        match self.stack.last_mut() {
            Some(frame) => {
                frame.expect = Expect::CommaOrEnd;
                frame.key = Key::Other;
            }
            None => self.done = true,
        }
    }

    fn close(&mut self) -> Result<(), FileError> {
        let Some(frame) = self.stack.pop() else {
            return Err(self.error("unexpected closing bracket"));
        };
        if let Some(region) = self.region.as_mut() {
            if region.opaque == Some(self.stack.len()) {
                region.opaque = None;
            } else if frame.container == Container::Array {
                self.emit(Event::Close);
            }
        }
        self.value_done(true);
        Ok(())
    }

    fn string_byte(&mut self, b: u8, key: bool, escape: bool, hex: u8) -> Result<(), FileError> {
        // Kept when begun with its quote (a key to read, or in the coordinates).
        if !self.scalar.is_empty() {
            self.scalar.push(b);
        }
        if hex > 0 {
            if !b.is_ascii_hexdigit() {
                return Err(self.error("invalid escape"));
            }
            self.token = Token::String {
                key,
                escape: false,
                hex: hex - 1,
            };
            return Ok(());
        }
        if escape {
            let hex = match b {
                b'u' => 4,
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 0,
                _ => return Err(self.error("invalid escape")),
            };
            self.token = Token::String {
                key,
                escape: false,
                hex,
            };
            return Ok(());
        }
        match b {
            b'\\' => {
                self.token = Token::String {
                    key,
                    escape: true,
                    hex: 0,
                };
                Ok(())
            }
            b'"' => {
                self.token = Token::None;
                if key {
                    self.end_key()
                } else {
                    self.end_scalar()
                }
            }
            0..=0x1f => {
                Err(self.error("control character (\\u0000-\\u001F) found while parsing a string"))
            }
            _ => Ok(()),
        }
    }

    /// A key has ended: what it names, when the object is the feature or its geometry.
    fn end_key(&mut self) -> Result<(), FileError> {
        let name = if self.scalar.is_empty() {
            None
        } else {
            let bytes = std::mem::take(&mut self.scalar);
            match serde_json::from_slice::<String>(&bytes) {
                Ok(name) => Some(name),
                Err(e) => return Err(self.error(scalar_message(&e, "invalid escape"))),
            }
        };
        if let Some(frame) = self.stack.last_mut() {
            frame.key = match (frame.role, name.as_deref()) {
                (Role::Feature, Some("geometry")) => Key::Geometry,
                (Role::Geometry, Some("coordinates")) => Key::Coordinates,
                _ => Key::Other,
            };
            frame.expect = Expect::Colon;
        }
        Ok(())
    }

    /// A string, number or literal has ended (a string with its quote, the
    /// current byte; a number or literal before the current byte).
    fn end_scalar(&mut self) -> Result<(), FileError> {
        let token = std::mem::replace(&mut self.token, Token::None);
        let consumed = matches!(token, Token::String { .. });
        if self.in_region() {
            // Not in `rest`: checked here as `serde_json` would.
            let bytes = self.scalar.as_slice();
            let event = match token {
                Token::Number => serde_json::from_slice::<f64>(bytes)
                    .map(Event::Number)
                    .map_err(|e| scalar_message(&e, "invalid number")),
                Token::Literal => match bytes {
                    b"true" | b"false" | b"null" => Ok(Event::Other),
                    _ => Err("expected ident"),
                },
                _ => serde_json::from_slice::<String>(bytes)
                    .map(|_| Event::Other)
                    .map_err(|e| scalar_message(&e, "invalid string")),
            };
            self.scalar.clear();
            self.emit(event.map_err(|message| self.error(message))?);
        }
        self.value_done(consumed);
        Ok(())
    }
}

/// The parser's words for a bad scalar, without its position.
fn scalar_message(e: &serde_json::Error, fallback: &'static str) -> &'static str {
    let text = e.to_string();
    if text.starts_with("number out of range") {
        "number out of range"
    } else if text.starts_with("invalid unicode code point") || text.starts_with("lone") {
        "invalid unicode code point"
    } else {
        fallback
    }
}

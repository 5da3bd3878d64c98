//! The protobuf wire format (varints, zigzag, fixed 32/64-bit, length-
//! delimited fields), by hand: MVT needs six rules, not a code generator.
//! Every read is bounds-checked and returns [`PbfError`] on a short or
//! malformed buffer; nothing here can panic on any input.
//!
//! Wire format: <https://protobuf.dev/programming-guides/encoding/>.

/// Why bytes could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PbfError {
    /// The buffer ended inside a value.
    #[error("truncated at byte {at}")]
    Truncated {
        /// Offset where more bytes were needed.
        at: usize,
    },
    /// A varint longer than 10 bytes or past 64 bits.
    #[error("varint too long at byte {at}")]
    VarintTooLong {
        /// Offset of the varint.
        at: usize,
    },
    /// A wire type protobuf does not define (3, 4: groups; 6, 7).
    #[error("unsupported wire type {wire_type} at byte {at}")]
    WireType {
        /// The wire type found.
        wire_type: u8,
        /// Offset of the key.
        at: usize,
    },
    /// A field whose wire type is not the one the message needs.
    #[error("field {field} has the wrong wire type at byte {at}")]
    WrongType {
        /// Field number.
        field: u32,
        /// Offset of the key.
        at: usize,
    },
    /// A length-delimited field longer than what is left of its message.
    #[error("length {len} past the end at byte {at}")]
    LengthPastEnd {
        /// The declared length.
        len: u64,
        /// Offset of the length.
        at: usize,
    },
    /// A string field that is not UTF-8.
    #[error("text not UTF-8 at byte {at}")]
    NotUtf8 {
        /// Offset of the string.
        at: usize,
    },
}

/// Wire types.
pub mod wire {
    /// Varint (int32, int64, uint32, uint64, sint32, sint64, bool, enum).
    pub const VARINT: u8 = 0;
    /// 64-bit little-endian (fixed64, sfixed64, double).
    pub const FIXED64: u8 = 1;
    /// Length-delimited (string, bytes, embedded messages, packed repeated).
    pub const LEN: u8 = 2;
    /// 32-bit little-endian (fixed32, sfixed32, float).
    pub const FIXED32: u8 = 5;
}

/// Zigzag encoding of a signed value (0, -1, 1, -2 … → 0, 1, 2, 3 …).
///
/// ```
/// use qikai_map::tiles::pbf::{zigzag, unzigzag};
/// assert_eq!(zigzag(-1), 1);
/// assert_eq!(zigzag(1), 2);
/// assert_eq!(unzigzag(zigzag(i64::MIN)), i64::MIN);
/// ```
pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Inverse of [`zigzag`].
pub fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A cursor over one message's bytes.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    /// Offset of `buf[0]` in the outermost buffer (for error positions).
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            base: 0,
        }
    }

    /// True when every byte was read.
    pub fn is_done(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// Offset in the outermost buffer.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// Reads a varint (at most 10 bytes; bits past 64 are an error).
    pub fn varint(&mut self) -> Result<u64, PbfError> {
        let start = self.offset();
        let mut value = 0u64;
        for i in 0..10 {
            let Some(&b) = self.buf.get(self.pos) else {
                return Err(PbfError::Truncated { at: self.offset() });
            };
            self.pos += 1;
            if i == 9 && b > 1 {
                return Err(PbfError::VarintTooLong { at: start });
            }
            value |= u64::from(b & 0x7f) << (7 * i);
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err(PbfError::VarintTooLong { at: start })
    }

    /// Reads a field key: (field number, wire type).
    pub fn key(&mut self) -> Result<(u32, u8), PbfError> {
        let at = self.offset();
        let k = self.varint()?;
        let wire_type = (k & 7) as u8;
        if !matches!(
            wire_type,
            wire::VARINT | wire::FIXED64 | wire::LEN | wire::FIXED32
        ) {
            return Err(PbfError::WireType { wire_type, at });
        }
        Ok(((k >> 3).min(u64::from(u32::MAX)) as u32, wire_type))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PbfError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(PbfError::Truncated {
                at: self.offset() + (self.buf.len() - self.pos.min(self.buf.len())),
            })?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// Reads 4 little-endian bytes.
    pub fn fixed32(&mut self) -> Result<u32, PbfError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Reads 8 little-endian bytes.
    pub fn fixed64(&mut self) -> Result<u64, PbfError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// Reads a length-delimited field's bytes (the length is checked against
    /// what is left before anything is allocated or sliced).
    pub fn bytes(&mut self) -> Result<&'a [u8], PbfError> {
        let at = self.offset();
        let len = self.varint()?;
        let left = (self.buf.len() - self.pos) as u64;
        if len > left {
            return Err(PbfError::LengthPastEnd { len, at });
        }
        self.take(len as usize)
    }

    /// Reads a length-delimited field as a nested reader.
    pub fn message(&mut self) -> Result<Reader<'a>, PbfError> {
        let bytes = self.bytes()?;
        // The nested reader's offsets start after the length varint.
        let start = self.pos - bytes.len();
        Ok(Reader {
            buf: bytes,
            pos: 0,
            base: self.base + start,
        })
    }

    /// Reads a UTF-8 string field.
    pub fn string(&mut self) -> Result<&'a str, PbfError> {
        let at = self.offset();
        std::str::from_utf8(self.bytes()?).map_err(|_| PbfError::NotUtf8 { at })
    }

    /// Skips a field of the given wire type.
    pub fn skip(&mut self, wire_type: u8) -> Result<(), PbfError> {
        match wire_type {
            wire::VARINT => self.varint().map(drop),
            wire::FIXED64 => self.take(8).map(drop),
            wire::LEN => self.bytes().map(drop),
            wire::FIXED32 => self.take(4).map(drop),
            other => Err(PbfError::WireType {
                wire_type: other,
                at: self.offset(),
            }),
        }
    }

    /// Checks that field `field` came with `expected` wire type.
    pub fn expect(field: u32, got: u8, expected: u8, at: usize) -> Result<(), PbfError> {
        if got == expected {
            Ok(())
        } else {
            Err(PbfError::WrongType { field, at })
        }
    }
}

/// An append-only protobuf writer.
#[derive(Clone, Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// True when nothing was written.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Appends a varint.
    pub fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    /// Appends a field key.
    pub fn key(&mut self, field: u32, wire_type: u8) {
        self.varint((u64::from(field) << 3) | u64::from(wire_type));
    }

    /// A varint field.
    pub fn varint_field(&mut self, field: u32, v: u64) {
        self.key(field, wire::VARINT);
        self.varint(v);
    }

    /// A length-delimited field.
    pub fn bytes_field(&mut self, field: u32, bytes: &[u8]) {
        self.key(field, wire::LEN);
        self.varint(bytes.len() as u64);
        self.buf.extend_from_slice(bytes);
    }

    /// A fixed32 field.
    pub fn fixed32_field(&mut self, field: u32, v: u32) {
        self.key(field, wire::FIXED32);
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// A fixed64 field.
    pub fn fixed64_field(&mut self, field: u32, v: u64) {
        self.key(field, wire::FIXED64);
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    /// A packed repeated varint field (skipped when empty).
    pub fn packed_field(&mut self, field: u32, values: &[u64]) {
        if values.is_empty() {
            return;
        }
        let mut inner = Writer::new();
        for &v in values {
            inner.varint(v);
        }
        self.bytes_field(field, &inner.buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn varints_match_the_spec_examples() {
        // protobuf.dev: 150 is 96 01; 1 is 01; 300 is ac 02.
        let mut w = Writer::new();
        w.varint(150);
        w.varint(1);
        w.varint(300);
        assert_eq!(w.into_bytes(), vec![0x96, 0x01, 0x01, 0xac, 0x02]);
        let mut r = Reader::new(&[0x96, 0x01]);
        assert_eq!(r.varint(), Ok(150));
        assert!(r.is_done());
    }

    #[test]
    fn short_and_overlong_varints_are_errors() {
        assert_eq!(
            Reader::new(&[0x80, 0x80]).varint(),
            Err(PbfError::Truncated { at: 2 })
        );
        assert_eq!(
            Reader::new(&[0xff; 11]).varint(),
            Err(PbfError::VarintTooLong { at: 0 })
        );
        // u64::MAX takes ten bytes, the last one 0x01.
        let mut w = Writer::new();
        w.varint(u64::MAX);
        let bytes = w.into_bytes();
        assert_eq!(bytes.len(), 10);
        assert_eq!(Reader::new(&bytes).varint(), Ok(u64::MAX));
        let mut over = bytes.clone();
        over[9] = 0x02;
        assert!(Reader::new(&over).varint().is_err());
    }

    #[test]
    fn a_length_past_the_end_is_refused_before_slicing() {
        // Length 2^40 with 1 byte left.
        let mut w = Writer::new();
        w.varint(1 << 40);
        let mut bytes = w.into_bytes();
        bytes.push(7);
        assert!(matches!(
            Reader::new(&bytes).bytes(),
            Err(PbfError::LengthPastEnd { .. })
        ));
    }

    #[test]
    fn groups_are_an_unsupported_wire_type() {
        // Field 1, wire type 3 (start group).
        assert!(matches!(
            Reader::new(&[0x0b]).key(),
            Err(PbfError::WireType { wire_type: 3, .. })
        ));
    }

    proptest! {
        #[test]
        fn varints_and_zigzag_round_trip(v in any::<u64>(), s in any::<i64>()) {
            let mut w = Writer::new();
            w.varint(v);
            w.varint(zigzag(s));
            let bytes = w.into_bytes();
            let mut r = Reader::new(&bytes);
            prop_assert_eq!(r.varint(), Ok(v));
            prop_assert_eq!(r.varint().map(unzigzag), Ok(s));
            prop_assert!(r.is_done());
        }

        #[test]
        fn any_bytes_read_as_fields_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut r = Reader::new(&bytes);
            while !r.is_done() {
                let Ok((_, wt)) = r.key() else { break };
                if r.skip(wt).is_err() { break; }
            }
        }
    }
}

//! The toneless pinyin of a Chinese character: the first reading of every
//! character in the CJK Unified Ideographs basic block (U+4E00–U+9FFF), the
//! block every name in the data uses. Other characters (the extension blocks,
//! compatibility ideographs, 〇) have no reading here and are searched and
//! sorted as they are.
//!
//! The table, `hanzi_pinyin.bin`, is generated from the `pinyin` crate by
//! `cargo run --example build_pinyin_table` (tools/build_pinyin_table.rs,
//! which documents the layout); the tests below check every code point of the
//! block against the crate. It ships about 22 KB brotli where the crate's
//! tables for 100,217 code points shipped about 67 KB.
//!
//! The web build with the cargo feature `fetch-pinyin` (the release build)
//! does not link the table: it is a file next to the widget's script, fetched
//! after the map is ready or on the first search (`platform::pinyin`) and
//! handed to [`install`]. Until then every character reads as `None` (names
//! are still found by their characters and English names). Everything else
//! (native tools, tests) links it.

/// The first code point of the table.
const FIRST: u32 = 0x4E00;
/// The last code point of the table.
const LAST: u32 = 0x9FFF;
/// Code points in the table.
const CELLS: usize = (LAST - FIRST + 1) as usize;
/// Bytes per reading in the table, zero-padded.
const SLOT: usize = 6;

/// The table as built (`tools/build_pinyin_table.rs`).
#[cfg(any(test, not(all(target_arch = "wasm32", feature = "fetch-pinyin"))))]
static LINKED: &[u8] = include_bytes!("hanzi_pinyin.bin");

#[cfg(not(all(target_arch = "wasm32", feature = "fetch-pinyin")))]
fn table() -> Option<&'static [u8]> {
    Some(LINKED)
}

/// The fetched table, once [`install`]ed.
#[cfg(all(target_arch = "wasm32", feature = "fetch-pinyin"))]
static INSTALLED: std::sync::OnceLock<&'static [u8]> = std::sync::OnceLock::new();

#[cfg(all(target_arch = "wasm32", feature = "fetch-pinyin"))]
fn table() -> Option<&'static [u8]> {
    INSTALLED.get().copied()
}

/// Whether readings are available (always, unless the table is fetched and
/// has not arrived yet).
pub fn is_available() -> bool {
    table().is_some()
}

/// Why bytes are not a pinyin table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("the pinyin table has no header")]
    NoHeader,
    #[error("the pinyin table is {found} bytes where its header says {expected}")]
    WrongLength { expected: usize, found: usize },
    #[error("the pinyin table points at reading {reading} of {count}")]
    BadIndex { reading: usize, count: usize },
}

/// Checks that `bytes` have the table's layout: the header's count of
/// readings, the readings, and for every code point an index (low bytes,
/// then high bytes) that is 0 (no reading) or names one of them. A file cut
/// short or replaced by an error page must not be read as readings.
pub fn validate(bytes: &[u8]) -> Result<(), TableError> {
    let count = usize::from(u16::from_le_bytes([
        *bytes.first().ok_or(TableError::NoHeader)?,
        *bytes.get(1).ok_or(TableError::NoHeader)?,
    ]));
    let expected = 2 + count * SLOT + 2 * CELLS;
    if bytes.len() != expected {
        return Err(TableError::WrongLength {
            expected,
            found: bytes.len(),
        });
    }
    let low = &bytes[2 + count * SLOT..][..CELLS];
    let high = &bytes[2 + count * SLOT + CELLS..];
    for (l, h) in low.iter().zip(high) {
        let reading = usize::from(u16::from_le_bytes([*l, *h]));
        if reading > count {
            return Err(TableError::BadIndex { reading, count });
        }
    }
    Ok(())
}

/// Takes the fetched table (checked by [`validate`]); later calls, as when a
/// second widget on the page fetched it too, keep the first.
#[cfg(all(target_arch = "wasm32", feature = "fetch-pinyin"))]
pub fn install(bytes: Vec<u8>) -> Result<(), TableError> {
    validate(&bytes)?;
    if INSTALLED.get().is_none() {
        // Lives as long as the page, as a linked table would.
        let _ = INSTALLED.set(Vec::leak(bytes));
    }
    Ok(())
}

/// The first reading of `c` without tone marks (`'红'` → `"hong"`, `'绿'` →
/// `"lü"`), or `None` for a character outside the table or without one.
///
/// ```
/// use qikai_map::core::hanzi_pinyin::plain;
/// assert_eq!(plain('红'), Some("hong"));
/// assert_eq!(plain('A'), None);
/// ```
pub fn plain(c: char) -> Option<&'static str> {
    reading_in(table()?, c)
}

fn reading_in(table: &'static [u8], c: char) -> Option<&'static str> {
    let code = u32::from(c);
    if !(FIRST..=LAST).contains(&code) {
        return None;
    }
    let count = usize::from(read_u16(table, 0)?);
    let low = 2 + count * SLOT + (code - FIRST) as usize;
    let high = low + CELLS;
    let k = usize::from(u16::from_le_bytes([*table.get(low)?, *table.get(high)?]));
    let slot = table.get(2 + (k.checked_sub(1)?) * SLOT..2 + k * SLOT)?;
    let len = slot.iter().position(|&b| b == 0).unwrap_or(SLOT);
    std::str::from_utf8(&slot[..len]).ok()
}

fn read_u16(table: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*table.get(at)?, *table.get(at + 1)?]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinyin::ToPinyin;

    #[test]
    fn agrees_with_the_pinyin_crate_on_the_whole_block() {
        let mut with_reading = 0;
        for code in FIRST..=LAST {
            let c = char::from_u32(code).expect("the block has no surrogates");
            let expected = c.to_pinyin().map(|p| p.plain());
            assert_eq!(plain(c), expected, "U+{code:04X} {c}");
            with_reading += usize::from(expected.is_some());
        }
        // The crate reads nearly the whole block: a table that lost its
        // readings would agree only where the crate has none.
        assert!(with_reading > 20_000, "{with_reading}");
    }

    #[test]
    fn the_table_has_no_bytes_beyond_the_block() {
        let count = usize::from(read_u16(LINKED, 0).expect("header"));
        assert_eq!(LINKED.len(), 2 + count * SLOT + 2 * CELLS);
    }

    #[test]
    fn the_built_table_validates_and_damaged_ones_do_not() {
        assert_eq!(validate(LINKED), Ok(()));
        assert_eq!(validate(&[]), Err(TableError::NoHeader));
        let cut = &LINKED[..LINKED.len() - 1];
        assert!(matches!(validate(cut), Err(TableError::WrongLength { .. })));
        // An HTML error page served in its place.
        let page = b"<!doctype html><title>404</title>".to_vec();
        assert!(matches!(
            validate(&page),
            Err(TableError::WrongLength { .. })
        ));
        // An index past the readings (the last code point's high byte).
        let mut bad = LINKED.to_vec();
        *bad.last_mut().expect("not empty") = 0xFF;
        assert!(matches!(validate(&bad), Err(TableError::BadIndex { .. })));
    }

    #[test]
    fn characters_outside_the_block_have_no_reading() {
        for c in [
            'A',
            '1',
            'ü',
            '〇',
            '\u{3400}',
            '\u{F900}',
            '\u{20000}',
            '\u{4DFF}',
            '\u{A000}',
        ] {
            assert_eq!(plain(c), None, "{c:?}");
        }
        assert_eq!(plain('\u{4E00}'), Some("yi"));
        assert_eq!(plain('绿'), Some("lü"));
    }
}

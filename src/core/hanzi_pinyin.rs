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

/// The first code point of the table.
const FIRST: u32 = 0x4E00;
/// The last code point of the table.
const LAST: u32 = 0x9FFF;
/// Code points in the table.
const CELLS: usize = (LAST - FIRST + 1) as usize;
/// Bytes per reading in the table, zero-padded.
const SLOT: usize = 6;

static TABLE: &[u8] = include_bytes!("hanzi_pinyin.bin");

/// The first reading of `c` without tone marks (`'红'` → `"hong"`, `'绿'` →
/// `"lü"`), or `None` for a character outside the table or without one.
///
/// ```
/// use qikai_map::core::hanzi_pinyin::plain;
/// assert_eq!(plain('红'), Some("hong"));
/// assert_eq!(plain('A'), None);
/// ```
pub fn plain(c: char) -> Option<&'static str> {
    let code = u32::from(c);
    if !(FIRST..=LAST).contains(&code) {
        return None;
    }
    let count = usize::from(read_u16(0)?);
    let low = 2 + count * SLOT + (code - FIRST) as usize;
    let high = low + CELLS;
    let k = usize::from(u16::from_le_bytes([*TABLE.get(low)?, *TABLE.get(high)?]));
    let slot = TABLE.get(2 + (k.checked_sub(1)?) * SLOT..2 + k * SLOT)?;
    let len = slot.iter().position(|&b| b == 0).unwrap_or(SLOT);
    std::str::from_utf8(&slot[..len]).ok()
}

fn read_u16(at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*TABLE.get(at)?, *TABLE.get(at + 1)?]))
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
        let count = usize::from(read_u16(0).expect("header"));
        assert_eq!(TABLE.len(), 2 + count * SLOT + 2 * CELLS);
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

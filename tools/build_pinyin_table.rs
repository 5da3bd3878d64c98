//! Writes `src/core/hanzi_pinyin.bin`, the toneless first reading of every
//! character in the CJK Unified Ideographs basic block (U+4E00–U+9FFF), taken
//! from the `pinyin` crate (a dev-dependency: it is the source, never shipped).
//!
//! Run after changing the `pinyin` version, then run the tests
//! (`src/core/hanzi_pinyin.rs` checks every code point against the crate):
//!
//! ```sh
//! cargo run --example build_pinyin_table
//! ```
//!
//! The layout (all integers little-endian), read by `src/core/hanzi_pinyin.rs`:
//! - `u16` N, the number of distinct readings;
//! - N slots of [`SLOT`] bytes: each reading in UTF-8, padded with zero bytes,
//!   the reading of most characters first (ties in alphabetical order);
//! - one number per code point from U+4E00 to U+9FFF, 0 for a character
//!   without a reading and k for the k-th slot, stored as two planes: the low
//!   bytes of all of them, then the high bytes (nearly all zero). The plane
//!   layout and the frequency order each make the table compress better
//!   (brotli: 22.1 KB against 23.5 KB for plain `u16`s in alphabetical order).

use std::collections::BTreeMap;
use std::io::{Error, ErrorKind};

use pinyin::ToPinyin;

const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FFF;
/// Bytes per reading: the longest are `zhuang`, `chuang`, `shuang`.
const SLOT: usize = 6;

fn main() -> std::io::Result<()> {
    let readings: Vec<Option<&'static str>> = (FIRST..=LAST)
        .map(|code| {
            char::from_u32(code)
                .and_then(|c| c.to_pinyin())
                .map(|p| p.plain())
        })
        .collect();
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for r in readings.iter().flatten() {
        *uses.entry(r).or_default() += 1;
    }
    let mut order: Vec<&str> = uses.keys().copied().collect();
    // Stable: equal counts keep the map's alphabetical order.
    order.sort_by_key(|r| std::cmp::Reverse(uses[r]));
    // Numbered from 1 (0 is "no reading").
    let mut slots: BTreeMap<&str, u16> = BTreeMap::new();
    for (k, r) in order.iter().enumerate() {
        let n = u16::try_from(k + 1).map_err(|e| Error::new(ErrorKind::InvalidData, e))?;
        slots.insert(r, n);
    }

    let count = u16::try_from(order.len()).map_err(|e| Error::new(ErrorKind::InvalidData, e))?;
    let mut out = Vec::new();
    out.extend_from_slice(&count.to_le_bytes());
    for reading in &order {
        if reading.is_empty() || reading.len() > SLOT {
            return Err(Error::new(
                ErrorKind::InvalidData,
                format!("reading {reading:?} does not fit a {SLOT}-byte slot"),
            ));
        }
        out.extend_from_slice(reading.as_bytes());
        out.resize(out.len() + SLOT - reading.len(), 0);
    }
    let numbers: Vec<[u8; 2]> = readings
        .iter()
        .map(|r| {
            r.and_then(|r| slots.get(r).copied())
                .unwrap_or(0)
                .to_le_bytes()
        })
        .collect();
    out.extend(numbers.iter().map(|n| n[0]));
    out.extend(numbers.iter().map(|n| n[1]));

    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/core/hanzi_pinyin.bin");
    std::fs::write(path, &out)?;
    let with_reading = readings.iter().flatten().count();
    println!(
        "wrote {path}: {} bytes, {} readings, {with_reading} of {} code points have one",
        out.len(),
        slots.len(),
        readings.len()
    );
    Ok(())
}

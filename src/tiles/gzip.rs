//! gzip (RFC 1952) around `miniz_oxide`'s raw deflate: PMTiles compresses its
//! directories and, usually, its tiles with gzip. The framing is ten header
//! bytes, optional fields, the deflate stream, CRC-32 and length.
//!
//! Reading is bounded: the caller says how many bytes the output may have,
//! so a small hostile input cannot make a huge allocation.

use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};

/// Why bytes could not be gunzipped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GzipError {
    /// Not a gzip member (magic bytes, method), or shorter than its framing.
    #[error("not gzip data")]
    NotGzip,
    /// The deflate stream is malformed or truncated.
    #[error("the compressed data is damaged")]
    Corrupt,
    /// The output would be larger than allowed.
    #[error("the data inflates past {limit} bytes")]
    TooLarge {
        /// The limit in force.
        limit: usize,
    },
    /// CRC-32 or length does not match the inflated data.
    #[error("the check sum does not match")]
    Checksum,
}

const FHCRC: u8 = 2;
const FEXTRA: u8 = 4;
const FNAME: u8 = 8;
const FCOMMENT: u8 = 16;

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the one gzip uses.
///
/// ```
/// // The standard check value of CRC-32 is that of "123456789".
/// assert_eq!(qikai_map::tiles::gzip::crc32(b"123456789"), 0xCBF4_3926);
/// ```
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
    })
}

/// True when `bytes` start like a gzip member.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Inflates one gzip member, refusing output past `max_out` bytes.
pub fn gunzip(bytes: &[u8], max_out: usize) -> Result<Vec<u8>, GzipError> {
    if bytes.len() < 18 || !is_gzip(bytes) || bytes[2] != 8 {
        return Err(GzipError::NotGzip);
    }
    let flags = bytes[3];
    let mut at = 10usize;
    if flags & FEXTRA != 0 {
        let xlen = bytes
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
            .ok_or(GzipError::NotGzip)?;
        at += 2 + xlen;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let rest = bytes.get(at..).ok_or(GzipError::NotGzip)?;
            let nul = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or(GzipError::NotGzip)?;
            at += nul + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    let body_end = bytes.len() - 8;
    let body = bytes.get(at..body_end).ok_or(GzipError::NotGzip)?;
    let out = decompress_to_vec_with_limit(body, max_out).map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => GzipError::TooLarge { limit: max_out },
        _ => GzipError::Corrupt,
    })?;
    let t = &bytes[body_end..];
    let crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
    let len = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
    if crc != crc32(&out) || len != out.len() as u32 {
        return Err(GzipError::Checksum);
    }
    Ok(out)
}

/// Compresses `bytes` as one gzip member (no name, no time: the same input
/// gives the same bytes). `level` 0–10, as miniz.
pub fn gzip(bytes: &[u8], level: u8) -> Vec<u8> {
    let body = miniz_oxide::deflate::compress_to_vec(bytes, level);
    let mut out = Vec::with_capacity(body.len() + 18);
    // Magic, deflate, no flags, mtime 0, no extra flags, OS 255 (unknown).
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(bytes).to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_known_gzip_member_from_another_writer_inflates() {
        // `printf 'hello' | gzip -n` (GNU gzip 1.12): name dropped, mtime 0.
        let bytes = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9,
            0xc9, 0x07, 0x00, 0x86, 0xa6, 0x10, 0x36, 0x05, 0x00, 0x00, 0x00,
        ];
        assert_eq!(gunzip(&bytes, 100), Ok(b"hello".to_vec()));
        assert_eq!(gunzip(&bytes, 3), Err(GzipError::TooLarge { limit: 3 }));
        let mut bad = bytes;
        bad[17] ^= 1;
        assert_eq!(gunzip(&bad, 100), Err(GzipError::Checksum));
    }

    #[test]
    fn a_bomb_is_stopped_at_the_limit() {
        let zeros = vec![0u8; 10_000_000];
        let packed = gzip(&zeros, 6);
        assert!(packed.len() < 20_000);
        assert_eq!(
            gunzip(&packed, 1_000_000),
            Err(GzipError::TooLarge { limit: 1_000_000 })
        );
    }

    proptest! {
        #[test]
        fn gzip_round_trips(data in proptest::collection::vec(any::<u8>(), 0..2000), level in 0u8..=9) {
            prop_assert_eq!(gunzip(&gzip(&data, level), data.len()), Ok(data));
        }

        #[test]
        fn damaged_members_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300), at in any::<usize>(), flip in 1u8..=255, cut in any::<usize>()) {
            let mut g = gzip(&data, 6);
            let n = g.len();
            g[at % n] ^= flip;
            g.truncate(cut % (n + 1));
            let _ = gunzip(&g, 10_000);
        }
    }
}

//! A loader that reads either format: GeoJSON or the compact CSV, told apart
//! by the file's first character (`{` or `[` is JSON), so a portal needs no
//! option to say which it serves.

use super::csv::{looks_like_csv, CsvLoader};
use super::problem::Limits;
use super::stream::{StreamLoader, StreamProgress};
use super::LoadOutcome;

/// GeoJSON or CSV, decided on the first bytes that are not white space.
pub enum AnyFormatLoader {
    /// Nothing but white space so far.
    Undecided {
        /// The limits to hand on.
        limits: Limits,
        /// What has arrived.
        head: Vec<u8>,
        /// The announced size.
        expected: Option<usize>,
    },
    /// A JSON file.
    Json(StreamLoader),
    /// A CSV file.
    Csv(CsvLoader),
}

impl AnyFormatLoader {
    /// A loader that enforces `limits`.
    pub fn new(limits: Limits) -> Self {
        Self::Undecided {
            limits,
            head: Vec::new(),
            expected: None,
        }
    }

    /// Records the announced size (progress only).
    pub fn expect_len(&mut self, bytes: usize) {
        match self {
            Self::Undecided { expected, .. } => *expected = Some(bytes),
            Self::Json(l) => l.expect_len(bytes),
            Self::Csv(l) => l.expect_len(bytes),
        }
    }

    /// Feeds the next bytes.
    pub fn push(&mut self, chunk: &[u8]) {
        match self {
            Self::Json(l) => l.push(chunk),
            Self::Csv(l) => l.push(chunk),
            Self::Undecided {
                limits,
                head,
                expected,
            } => {
                head.extend_from_slice(chunk);
                let Some(csv) = looks_like_csv(head) else {
                    if head.len() > limits.max_bytes {
                        // All white space and too big: the JSON loader says so.
                        *self =
                            Self::decided(false, limits.clone(), std::mem::take(head), *expected);
                    }
                    return;
                };
                *self = Self::decided(csv, limits.clone(), std::mem::take(head), *expected);
            }
        }
    }

    fn decided(csv: bool, limits: Limits, head: Vec<u8>, expected: Option<usize>) -> Self {
        let mut next = if csv {
            Self::Csv(CsvLoader::new(limits))
        } else {
            Self::Json(StreamLoader::new(limits))
        };
        if let Some(bytes) = expected {
            next.expect_len(bytes);
        }
        next.push(&head);
        next
    }

    /// How far loading has got.
    pub fn progress(&self) -> StreamProgress {
        match self {
            Self::Json(l) => l.progress(),
            Self::Csv(l) => l.progress(),
            Self::Undecided { head, expected, .. } => StreamProgress {
                bytes_read: head.len(),
                bytes_expected: *expected,
                ..StreamProgress::default()
            },
        }
    }

    /// The features and the report.
    pub fn finish(self) -> LoadOutcome {
        match self {
            Self::Json(l) => l.finish(),
            Self::Csv(l) => l.finish(),
            Self::Undecided {
                limits,
                head,
                expected,
            } => match Self::decided(false, limits, head, expected) {
                Self::Json(l) => l.finish(),
                _ => LoadOutcome::default(),
            },
        }
    }
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
}

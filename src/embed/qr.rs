//! The permalink as a QR code, drawn as one SVG path (no network, no images).

use qrcode::{types::Color, EcLevel, QrCode};

/// Modules of white border every QR code needs around it (ISO/IEC 18004).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready to draw: `size` modules across (without the quiet zone)
/// and a path of unit squares in module coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct QrSvg {
    /// Modules across.
    pub size: usize,
    /// SVG path data, one `h1v1h-1z` square per dark module, merged along rows.
    pub path: String,
}

impl QrSvg {
    /// The `viewBox` that includes the quiet zone.
    pub fn view_box(&self) -> String {
        let q = QUIET_ZONE as i64;
        let total = self.size as i64 + 2 * q;
        format!("{} {} {total} {total}", -q, -q)
    }
}

/// Encodes `text` at error-correction level M (15 %, enough for a phone
/// camera at a booth); `None` if it does not fit a QR code.
pub fn qr_svg(text: &str) -> Option<QrSvg> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let size = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if colors[y * size + x] == Color::Dark {
                // Merge a run of dark modules into one rectangle: a shorter path.
                let start = x;
                while x < size && colors[y * size + x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some(QrSvg { size, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permalink_becomes_a_square_code_with_finder_patterns() {
        let url = "https://portal.example/qikai-map/#v=1&c=125.165766,43.831230&z=13.50&s=project-audi-faw-nev&l=zh";
        let qr = qr_svg(url).expect("fits");
        assert!(
            qr.size >= 21 && (qr.size - 21).is_multiple_of(4),
            "QR sizes are 21 + 4k: {}",
            qr.size
        );
        // The top-left finder pattern starts with a 7-module dark run on row 0.
        assert!(qr.path.starts_with("M0 0h7v1h-7z"), "{}", &qr.path[..20]);
        assert_eq!(
            qr.view_box(),
            format!("-4 -4 {} {}", qr.size + 8, qr.size + 8)
        );
    }

    #[test]
    fn text_too_long_for_any_qr_code_is_refused() {
        assert!(qr_svg(&"x".repeat(5000)).is_none());
    }
}

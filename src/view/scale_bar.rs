//! A scale bar with a round length, correct at the latitude of the view centre.

use super::mercator::ground_resolution_m_per_px;

/// A scale bar: its drawn width and the ground length it stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleBar {
    /// Width to draw, CSS pixels.
    pub width_px: f64,
    /// Ground length, metres: 1, 2 or 5 × a power of ten.
    pub length_m: f64,
}

/// The longest round length that fits in `max_width_px` at this latitude and zoom.
///
/// ```
/// use qikai_map::view::scale_bar::scale_bar;
/// let bar = scale_bar(43.83, 13.0, 120.0);
/// assert_eq!(bar.length_m, 1000.0);
/// assert!(bar.width_px <= 120.0 && bar.width_px > 50.0);
/// ```
pub fn scale_bar(lat_deg: f64, zoom: f64, max_width_px: f64) -> ScaleBar {
    let m_per_px = ground_resolution_m_per_px(lat_deg, zoom);
    let max_m = m_per_px * max_width_px;
    let magnitude = 10f64.powf(max_m.log10().floor());
    let length_m = [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * magnitude)
        .find(|len| *len <= max_m)
        .unwrap_or(magnitude);
    ScaleBar {
        width_px: length_m / m_per_px,
        length_m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_is_round_fits_and_is_at_least_half_full() {
        for zoom in [8.0, 10.5, 12.0, 14.3, 17.0] {
            let bar = scale_bar(43.83, zoom, 100.0);
            let mantissa = bar.length_m / 10f64.powf(bar.length_m.log10().floor());
            assert!(
                [1.0, 2.0, 5.0].iter().any(|m| (m - mantissa).abs() < 1e-9),
                "{bar:?}"
            );
            assert!(
                bar.width_px <= 100.0 + 1e-9 && bar.width_px >= 40.0,
                "{bar:?}"
            );
        }
    }

    #[test]
    fn the_bar_grows_towards_the_poles_for_the_same_length() {
        let equator = scale_bar(0.0, 12.0, 100.0);
        let changchun = scale_bar(43.83, 12.0, 100.0);
        let expected = equator.width_px * equator.length_m.recip() * changchun.length_m
            / 43.83f64.to_radians().cos();
        assert!((changchun.width_px - expected).abs() < 1e-6);
    }
}

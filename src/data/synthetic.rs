//! Seeded synthetic points for the stress mode (`?stress=100000&seed=7`):
//! many projects and swap stations scattered over a box, so the widget can be
//! tried and measured at a portal's scale without anyone's real data.
//!
//! Every feature says what it is: its names read 合成点 / Synthetic point, its
//! source names the generator and seed, its position is schematic, and the
//! widget shows a banner while synthetic data is on screen. Figures are drawn
//! from a log-uniform law; they are not anyone's investment.

use crate::core::coord::{LngLat, LngLatBounds};
use crate::core::model::{
    Category, Feature, FeatureKind, Figures, Geometry, PositionAccuracy, Status,
};

/// Most synthetic points the stress mode makes (the loader's feature limit).
pub const MAX_SYNTHETIC_POINTS: usize = 1_000_000;

/// Ids of synthetic features start with this, so nothing else can take them.
pub const SYNTHETIC_ID_PREFIX: &str = "synthetic-";

/// A small, fast, well-mixed generator (SplitMix64, Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014): the same
/// seed gives the same points on every machine.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`, 53 bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal deviate (Box–Muller; one of the pair is dropped,
    /// which keeps the state simple).
    pub fn next_normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64(); // (0, 1]: ln is finite
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

const CATEGORIES: [&str; 5] = [
    "vehicle_plant",
    "battery",
    "e_drive",
    "electronics",
    "auto_parts",
];

/// `n` synthetic points (at most [`MAX_SYNTHETIC_POINTS`]) inside `bounds`:
/// four in five gather around 24 hot spots (industry clusters the way real
/// registries look), the rest are spread evenly. One in six is a swap
/// station, the others are projects with a synthetic investment
/// (log-uniform, 1 to 100 million yuan).
///
/// ```
/// use qikai_map::core::coord::{LngLat, LngLatBounds};
/// use qikai_map::data::synthetic::synthetic_points;
/// let zone = LngLatBounds { min: LngLat::lon_lat(125.0, 43.7), max: LngLat::lon_lat(125.4, 43.95) };
/// let a = synthetic_points(1000, 7, zone);
/// assert_eq!(a.len(), 1000);
/// assert_eq!(a, synthetic_points(1000, 7, zone)); // seeded: the same every time
/// assert!(a[0].name_en.starts_with("Synthetic point"));
/// ```
pub fn synthetic_points(n: usize, seed: u64, bounds: LngLatBounds) -> Vec<Feature> {
    synthetic_iter(n, seed, bounds).collect()
}

/// The same points one at a time (the page makes a million in slices).
pub fn synthetic_iter(n: usize, seed: u64, bounds: LngLatBounds) -> impl Iterator<Item = Feature> {
    synthetic_stream(n.min(MAX_SYNTHETIC_POINTS), seed, bounds)
}

/// The same points with no cap on `n`: the tile builder's `--synthetic`
/// makes archives of ten million from it (the first million are the page's
/// stress points for the same seed and box).
pub fn synthetic_stream(
    n: usize,
    seed: u64,
    bounds: LngLatBounds,
) -> impl Iterator<Item = Feature> {
    let mut rng = SplitMix64::new(seed);
    let (w, h) = (
        bounds.max.lng - bounds.min.lng,
        bounds.max.lat - bounds.min.lat,
    );
    let hot_spots: Vec<(LngLat, f64)> = (0..24)
        .map(|_| {
            let at = LngLat::lon_lat(
                bounds.min.lng + w * (0.1 + 0.8 * rng.next_f64()),
                bounds.min.lat + h * (0.1 + 0.8 * rng.next_f64()),
            );
            let spread = w * (0.004 + 0.04 * rng.next_f64());
            (at, spread)
        })
        .collect();
    let source =
        format!("qikai-map synthetic generator, seed {seed} / 合成数据生成器，种子 {seed}");
    (0..n).map(move |i| {
        let at = if rng.next_f64() < 0.8 {
            let (c, spread) = hot_spots[(rng.next_u64() % 24) as usize];
            LngLat::lon_lat(
                (c.lng + spread * rng.next_normal()).clamp(bounds.min.lng, bounds.max.lng),
                (c.lat + spread * 0.72 * rng.next_normal()).clamp(bounds.min.lat, bounds.max.lat),
            )
        } else {
            LngLat::lon_lat(
                bounds.min.lng + w * rng.next_f64(),
                bounds.min.lat + h * rng.next_f64(),
            )
        };
        let station = rng.next_u64().is_multiple_of(6);
        // Stations get the swap category, as the real ones do.
        let n1 = i + 1;
        let (kind, name_zh, name_en) = if station {
            (
                FeatureKind::SwapStation,
                format!("合成换电站 {n1}"),
                format!("Synthetic swap station {n1}"),
            )
        } else {
            (
                FeatureKind::Project,
                format!("合成点 {n1}"),
                format!("Synthetic point {n1}"),
            )
        };
        let investment = (!station).then(|| {
            // Log-uniform from 1 to 100 million yuan: the spread of a
            // city's registered enterprises, not of its flagship plants.
            let e = 6.0 + 2.0 * rng.next_f64();
            (10f64.powf(e) / 1e4).round() * 1e4
        });
        let category = Some(if station {
            Category::BatterySwap
        } else {
            Category::parse(CATEGORIES[(rng.next_u64() % 5) as usize])
        });
        let status = match rng.next_u64() % 3 {
            0 => Status::Planned,
            1 => Status::UnderConstruction,
            _ => Status::Operating,
        };
        Feature {
            id: format!("{SYNTHETIC_ID_PREFIX}{n1}"),
            kind,
            name_zh,
            name_en,
            category,
            status,
            geometry: Geometry::Point(at),
            figures: Figures {
                investment_yuan: investment,
                ..Figures::default()
            },
            milestones: Vec::new(),
            source: source.clone(),
            source_url: None,
            position_accuracy: PositionAccuracy::Schematic,
            note_zh: Some("合成数据，仅供压力测试，并非真实项目。".into()),
            note_en: Some("Synthetic data for stress testing; not a real project.".into()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> LngLatBounds {
        LngLatBounds {
            min: LngLat::lon_lat(125.05, 43.75),
            max: LngLat::lon_lat(125.35, 43.92),
        }
    }

    #[test]
    fn points_stay_inside_the_box_and_are_all_marked_synthetic() {
        let pts = synthetic_points(5_000, 42, zone());
        assert_eq!(pts.len(), 5_000);
        for f in &pts {
            let Geometry::Point(p) = f.geometry else {
                panic!("not a point")
            };
            assert!(p.lng >= 125.05 && p.lng <= 125.35 && p.lat >= 43.75 && p.lat <= 43.92);
            assert!(f.id.starts_with(SYNTHETIC_ID_PREFIX));
            assert!(f.position_accuracy.is_schematic());
            assert!(f.source.contains("seed 42"));
        }
        let stations = pts
            .iter()
            .filter(|f| f.kind == FeatureKind::SwapStation)
            .count();
        // One in six, give or take sampling noise (σ ≈ 26).
        assert!((700..=970).contains(&stations), "{stations}");
    }

    #[test]
    fn seeds_give_different_points_and_ids_are_unique() {
        let a = synthetic_points(300, 1, zone());
        let b = synthetic_points(300, 2, zone());
        assert_ne!(a, b);
        let ids: std::collections::HashSet<_> = a.iter().map(|f| f.id.clone()).collect();
        assert_eq!(ids.len(), 300);
    }

    #[test]
    fn the_count_is_capped() {
        let tiny = LngLatBounds {
            min: LngLat::lon_lat(125.0, 43.0),
            max: LngLat::lon_lat(125.0, 43.0),
        };
        assert_eq!(synthetic_points(0, 1, tiny).len(), 0);
        assert!(MAX_SYNTHETIC_POINTS <= crate::data::Limits::default().max_features);
    }

    #[test]
    fn the_generator_is_uniform_enough() {
        let mut rng = SplitMix64::new(9);
        let mean = (0..100_000).map(|_| rng.next_f64()).sum::<f64>() / 100_000.0;
        assert!((mean - 0.5).abs() < 0.005, "{mean}");
        let normal_mean = (0..100_000).map(|_| rng.next_normal()).sum::<f64>() / 100_000.0;
        assert!(normal_mean.abs() < 0.02, "{normal_mean}");
    }
}

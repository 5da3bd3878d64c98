//! Figures with units, for each language: 亿元/万元 and 万平方米/亩 in Chinese,
//! CNY billion/million, m²/ha/km² in English. 1 亩 = 10 000/15 m² (市制).

use super::Lang;

/// Square metres in one 亩 (市亩), by the 1984 State Council definition.
pub const M2_PER_MU: f64 = 10_000.0 / 15.0;

/// `value` with `decimals` decimals, trailing zeros dropped, and thousands separators.
///
/// ```
/// use qikai_map::i18n::format::group_digits;
/// assert_eq!(group_digits(11465.0, 0), "11,465");
/// assert_eq!(group_digits(209.30, 2), "209.3");
/// ```
pub fn group_digits(value: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, value.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = frac.trim_end_matches('0');
    let sign = if value < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// An amount of money given in 元.
///
/// ```
/// use qikai_map::i18n::{Lang, format::yuan};
/// assert_eq!(yuan(Lang::Zh, 20_930_000_000.0), "209.3 亿元");
/// assert_eq!(yuan(Lang::En, 20_930_000_000.0), "CNY 20.93 billion");
/// assert_eq!(yuan(Lang::Zh, 50_000_000.0), "5,000 万元");
/// ```
pub fn yuan(lang: Lang, value: f64) -> String {
    match lang {
        Lang::Zh if value >= 1e8 => format!("{} 亿元", group_digits(value / 1e8, 2)),
        Lang::Zh if value >= 1e4 => format!("{} 万元", group_digits(value / 1e4, 2)),
        Lang::Zh => format!("{} 元", group_digits(value, 0)),
        Lang::En if value >= 1e9 => format!("CNY {} billion", group_digits(value / 1e9, 2)),
        Lang::En if value >= 1e6 => format!("CNY {} million", group_digits(value / 1e6, 2)),
        Lang::En => format!("CNY {}", group_digits(value, 0)),
    }
}

/// An area given in m², with the unit people in each language think in.
///
/// ```
/// use qikai_map::i18n::{Lang, format::area};
/// assert_eq!(area(Lang::Zh, 292_200.0), "29.22 万平方米（约 438 亩）");
/// assert_eq!(area(Lang::En, 292_200.0), "292,200 m² (29.22 ha)");
/// assert_eq!(area(Lang::En, 118_590_000.0), "118.59 km²");
/// ```
pub fn area(lang: Lang, m2: f64) -> String {
    match lang {
        Lang::Zh if m2 >= 1e8 => format!("{} 平方千米", group_digits(m2 / 1e6, 2)),
        Lang::Zh if m2 >= 1e7 => format!(
            "{} 平方千米（约 {} 亩）",
            group_digits(m2 / 1e6, 2),
            group_digits(m2 / M2_PER_MU, 0)
        ),
        Lang::Zh if m2 >= 1e4 => format!(
            "{} 万平方米（约 {} 亩）",
            group_digits(m2 / 1e4, 2),
            group_digits(m2 / M2_PER_MU, 0)
        ),
        Lang::Zh => format!("{} 平方米", group_digits(m2, 0)),
        Lang::En if m2 >= 1e8 => format!("{} km²", group_digits(m2 / 1e6, 2)),
        Lang::En if m2 >= 1e6 => format!(
            "{} km² ({} ha)",
            group_digits(m2 / 1e6, 2),
            group_digits(m2 / 1e4, 0)
        ),
        Lang::En if m2 >= 1e4 => format!(
            "{} m² ({} ha)",
            group_digits(m2, 0),
            group_digits(m2 / 1e4, 2)
        ),
        Lang::En => format!("{} m²", group_digits(m2, 0)),
    }
}

/// Vehicles per year.
pub fn vehicles_per_year(lang: Lang, n: f64) -> String {
    match lang {
        Lang::Zh if n >= 1e4 => format!("{} 万辆/年", group_digits(n / 1e4, 2)),
        Lang::Zh => format!("{} 辆/年", group_digits(n, 0)),
        Lang::En => format!("{} vehicles/year", group_digits(n, 0)),
    }
}

/// A length for the scale bar.
pub fn length(lang: Lang, m: f64) -> String {
    match lang {
        Lang::Zh if m >= 1000.0 => format!("{} 千米", group_digits(m / 1000.0, 1)),
        Lang::Zh => format!("{} 米", group_digits(m, 0)),
        Lang::En if m >= 1000.0 => format!("{} km", group_digits(m / 1000.0, 1)),
        Lang::En => format!("{} m", group_digits(m, 0)),
    }
}

/// An ISO date (`YYYY-MM-DD` or `YYYY-MM`) as people write it.
///
/// ```
/// use qikai_map::i18n::{Lang, format::date};
/// assert_eq!(date(Lang::Zh, "2023-11-21"), "2023年11月21日");
/// assert_eq!(date(Lang::En, "2021-07"), "Jul 2021");
/// ```
pub fn date(lang: Lang, iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    match (lang, parts.as_slice()) {
        (Lang::Zh, [y, m, d]) => format!("{y}年{m}月{d}日"),
        (Lang::Zh, [y, m]) => format!("{y}年{m}月"),
        (Lang::En, [y, m, d]) if (1..=12).contains(m) => {
            format!("{d} {} {y}", MONTHS[*m as usize - 1])
        }
        (Lang::En, [y, m]) if (1..=12).contains(m) => format!("{} {y}", MONTHS[*m as usize - 1]),
        _ => iso.to_string(),
    }
}

/// A count short enough for a cluster symbol: 万 in Chinese, k/M in English.
///
/// ```
/// use qikai_map::i18n::{Lang, format::compact_count};
/// assert_eq!(compact_count(Lang::Zh, 9_999), "9999");
/// assert_eq!(compact_count(Lang::Zh, 12_345), "1.2万");
/// assert_eq!(compact_count(Lang::Zh, 1_000_000), "100万");
/// assert_eq!(compact_count(Lang::En, 12_345), "12k");
/// assert_eq!(compact_count(Lang::En, 1_260_000), "1.3M");
/// ```
pub fn compact_count(lang: Lang, n: usize) -> String {
    let v = n as f64;
    match lang {
        Lang::Zh if v >= 1e5 => format!("{}万", group_digits((v / 1e4).round(), 0)),
        Lang::Zh if v >= 1e4 => format!("{}万", group_digits(v / 1e4, 1)),
        Lang::Zh => n.to_string(),
        Lang::En if v >= 1e6 => format!("{}M", group_digits(v / 1e6, 1)),
        Lang::En if v >= 1e4 => format!("{}k", group_digits((v / 1e3).round(), 0)),
        Lang::En if v >= 1e3 => format!("{}k", group_digits(v / 1e3, 1)),
        Lang::En => n.to_string(),
    }
}

/// Money short enough to sit under a cluster symbol.
///
/// ```
/// use qikai_map::i18n::{Lang, format::compact_yuan};
/// assert_eq!(compact_yuan(Lang::Zh, 3_512_000_000.0), "¥35.1亿");
/// assert_eq!(compact_yuan(Lang::Zh, 52_000_000.0), "¥5200万");
/// assert_eq!(compact_yuan(Lang::En, 3_512_000_000.0), "¥3.5B");
/// assert_eq!(compact_yuan(Lang::En, 52_000_000.0), "¥52M");
/// ```
pub fn compact_yuan(lang: Lang, v: f64) -> String {
    match lang {
        Lang::Zh if v >= 1e10 => format!("¥{}亿", group_digits((v / 1e8).round(), 0)),
        Lang::Zh if v >= 1e8 => format!("¥{}亿", group_digits(v / 1e8, 1)),
        Lang::Zh => format!("¥{}万", (v / 1e4).round()),
        Lang::En if v >= 1e12 => format!("¥{}T", group_digits(v / 1e12, 1)),
        Lang::En if v >= 1e9 => format!("¥{}B", group_digits(v / 1e9, 1)),
        Lang::En => format!("¥{}M", group_digits((v / 1e6).round(), 0)),
    }
}

/// The banner shown while synthetic data is on screen.
///
/// ```
/// use qikai_map::i18n::{Lang, format::synthetic_banner};
/// assert_eq!(synthetic_banner(Lang::En, 100_000, 7), "Synthetic data: 100,000 generated points (seed 7), not real projects");
/// ```
pub fn synthetic_banner(lang: Lang, n: usize, seed: u64) -> String {
    let n = group_digits(n as f64, 0);
    match lang {
        Lang::Zh => format!("合成数据：{n} 个生成的点（种子 {seed}），并非真实项目"),
        Lang::En => {
            format!("Synthetic data: {n} generated points (seed {seed}), not real projects")
        }
    }
}

/// What the clustered layer shows, for screen readers.
pub fn dense_summary(lang: Lang, features: usize, clusters: usize, items: usize) -> String {
    let f = group_digits(features as f64, 0);
    let singles = group_digits(items.saturating_sub(clusters) as f64, 0);
    let c = group_digits(clusters as f64, 0);
    match lang {
        Lang::Zh => format!("当前视图有 {f} 个点：{c} 个聚合，{singles} 个单点。点按聚合可放大。"),
        Lang::En => format!(
            "In view: {f} points in {c} clusters and {singles} single points. Tap a cluster to zoom in."
        ),
    }
}

/// How many of a long list are shown.
///
/// ```
/// use qikai_map::i18n::{Lang, format::shown_of};
/// assert_eq!(shown_of(Lang::En, 500, 100_000), "Showing the first 500 of 100,000: narrow them down with filters or search.");
/// ```
pub fn shown_of(lang: Lang, shown: usize, total: usize) -> String {
    let (s, t) = (group_digits(shown as f64, 0), group_digits(total as f64, 0));
    match lang {
        Lang::Zh => format!("显示前 {s} 项，共 {t} 项：可用筛选或搜索缩小范围。"),
        Lang::En => {
            format!("Showing the first {s} of {t}: narrow them down with filters or search.")
        }
    }
}

/// Progress of a large download.
///
/// ```
/// use qikai_map::i18n::{Lang, format::loading_progress};
/// assert_eq!(loading_progress(Lang::En, 12_500_000, 25_000), "12.5 MB read, 25,000 features");
/// ```
pub fn loading_progress(lang: Lang, bytes: usize, features: usize) -> String {
    let mb = group_digits(bytes as f64 / 1e6, 1);
    let f = group_digits(features as f64, 0);
    match lang {
        Lang::Zh => format!("已读取 {mb} MB，{f} 个要素"),
        Lang::En => format!("{mb} MB read, {f} features"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_group_in_threes_and_drop_trailing_zeros() {
        assert_eq!(group_digits(0.0, 0), "0");
        assert_eq!(group_digits(999.0, 0), "999");
        assert_eq!(group_digits(1000.0, 0), "1,000");
        assert_eq!(group_digits(1234567.891, 2), "1,234,567.89");
        assert_eq!(group_digits(-1500.0, 0), "-1,500");
        assert_eq!(group_digits(12.0, 2), "12");
    }

    #[test]
    fn money_picks_the_unit_by_size() {
        assert_eq!(yuan(Lang::Zh, 7_900_000_000.0), "79 亿元");
        assert_eq!(yuan(Lang::En, 1_500_000_000.0), "CNY 1.5 billion");
        assert_eq!(yuan(Lang::En, 50_000_000.0), "CNY 50 million");
        assert_eq!(yuan(Lang::Zh, 500.0), "500 元");
    }

    #[test]
    fn areas_convert_to_mu_and_hectares() {
        // 246 万 m² = 3 690 亩 = 246 ha.
        assert_eq!(area(Lang::Zh, 2_460_000.0), "246 万平方米（约 3,690 亩）");
        assert_eq!(area(Lang::En, 2_460_000.0), "2.46 km² (246 ha)");
        assert_eq!(
            area(Lang::Zh, 16_563_120.0),
            "16.56 平方千米（约 24,845 亩）"
        );
        assert_eq!(area(Lang::Zh, 118_590_000.0), "118.59 平方千米");
        assert!((M2_PER_MU * 15.0 - 10_000.0).abs() < 1e-9);
    }

    #[test]
    fn capacity_lengths_and_dates_read_naturally() {
        assert_eq!(vehicles_per_year(Lang::Zh, 150_000.0), "15 万辆/年");
        assert_eq!(
            vehicles_per_year(Lang::En, 150_000.0),
            "150,000 vehicles/year"
        );
        assert_eq!(length(Lang::En, 2000.0), "2 km");
        assert_eq!(length(Lang::Zh, 500.0), "500 米");
        assert_eq!(date(Lang::En, "2023-11-21"), "21 Nov 2023");
        assert_eq!(date(Lang::En, "nonsense"), "nonsense");
    }
}

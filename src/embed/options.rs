//! Widget options, from iframe URL parameters or from the `mount(element,
//! options)` object (same names). Parsing never fails: a bad value is
//! reported and the default is kept.

use crate::core::coord::LngLat;
use crate::core::datum::Datum;
use crate::core::model::FeatureKind;
use crate::data::synthetic::MAX_SYNTHETIC_POINTS;
use crate::data::Limits;
use crate::i18n::Lang;

/// A configured XYZ raster basemap.
#[derive(Clone, Debug, PartialEq)]
pub struct BasemapOptions {
    /// URL template with `{z}`, `{x}`, `{y}`.
    pub url_template: String,
    /// The datum the tiles are drawn in.
    pub datum: Datum,
    /// Attribution text (with the 审图号 where the provider has one).
    pub attribution: String,
}

/// Where vector tiles come from (the `tiles` option).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TilesUrl {
    /// A PMTiles v3 archive (`….pmtiles`), read with HTTP range requests.
    PmTiles(String),
    /// An XYZ URL template with `{z}`, `{x}` and `{y}` (a tile server such as
    /// martin, or a static `z/x/y.mvt` directory).
    Xyz(String),
}

impl TilesUrl {
    /// Reads a `tiles` value: the same URL rule as `data` (http(s), `/…`,
    /// `./…`), then a path ending `.pmtiles` or a template with all of
    /// `{z}`, `{x}`, `{y}`.
    ///
    /// ```
    /// use qikai_map::embed::options::TilesUrl;
    /// assert!(matches!(TilesUrl::parse("/t/a.pmtiles?v=2"), Some(TilesUrl::PmTiles(_))));
    /// assert!(matches!(TilesUrl::parse("/t/{z}/{x}/{y}.mvt"), Some(TilesUrl::Xyz(_))));
    /// assert_eq!(TilesUrl::parse("javascript:alert(1)//.pmtiles"), None);
    /// assert_eq!(TilesUrl::parse("/t/a.geojson"), None);
    /// ```
    pub fn parse(value: &str) -> Option<Self> {
        if !http_url(value) {
            return None;
        }
        let path = value.split(['?', '#']).next().unwrap_or("");
        if ["{z}", "{x}", "{y}"].iter().all(|k| value.contains(k)) {
            Some(Self::Xyz(value.to_string()))
        } else if path.to_ascii_lowercase().ends_with(".pmtiles") {
            Some(Self::PmTiles(value.to_string()))
        } else {
            None
        }
    }

    /// The URL as given.
    pub fn as_str(&self) -> &str {
        match self {
            Self::PmTiles(u) | Self::Xyz(u) => u,
        }
    }
}

/// Everything a host can set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedOptions {
    /// Interface language.
    pub lang: Option<Lang>,
    /// URL of the host's own GeoJSON, loaded instead of the embedded data.
    pub data_url: Option<String>,
    /// Vector tiles drawn over the data (issue 17): a PMTiles archive read
    /// with range requests, or an XYZ template of a tile server.
    pub tiles: Option<TilesUrl>,
    /// Layers shown at start (others hidden); `None` shows all.
    pub layers: Option<Vec<FeatureKind>>,
    /// Filter in its compact text form.
    pub filter: Option<String>,
    /// Starting centre and zoom.
    pub view: Option<(LngLat, f64)>,
    /// Feature selected at start.
    pub select: Option<String>,
    /// Kiosk mode (expo screens).
    pub kiosk: bool,
    /// Idle seconds before a kiosk resets.
    pub idle_seconds: Option<u32>,
    /// Optional raster basemap.
    pub basemap: Option<BasemapOptions>,
    /// Origins allowed to send postMessage commands.
    pub allowed_origins: Vec<String>,
    /// Base URL for shared links and the QR code (a kiosk's own address is not public).
    pub share_base_url: Option<String>,
    /// Credits for the host's own data (shown instead of the default data's).
    pub attribution: Option<String>,
    /// The map's title in the header (and the PNG export), for a portal
    /// showing its own data: Chinese and English.
    pub heading: Option<Heading>,
    /// Wheel zoom needs Ctrl/⌘ and touch pan needs two fingers (embedded in a page).
    pub cooperative_gestures: Option<bool>,
    /// The source article's story and the figures it cites (`story=0`: a
    /// portal showing only its own data leaves them out).
    pub story: Option<bool>,
    /// Stress mode: this many seeded synthetic points on top of the data
    /// (labelled as synthetic on screen).
    pub stress_points: Option<usize>,
    /// Seed of the stress mode's generator ([`DEFAULT_STRESS_SEED`] when unset).
    pub stress_seed: Option<u64>,
    /// Limits on the host's data (the defaults where unset): `max_mb`,
    /// `max_features`, `max_vertices`, `max_text`. JSON nesting is always
    /// capped at 128 levels (the parser's limit).
    pub limits: Limits,
}

/// A host's title for the map, in both interface languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// Shown when the interface is in Chinese.
    pub zh: String,
    /// Shown when the interface is in English.
    pub en: String,
}

/// Longest title, per language.
pub const MAX_HEADING_CHARS: usize = 120;

impl Heading {
    /// `中文|English`, or one text for both languages. Control characters
    /// and runs of spaces become one space; each part is cut at
    /// [`MAX_HEADING_CHARS`]. `None` when a part is empty.
    ///
    /// ```
    /// use qikai_map::embed::options::Heading;
    /// let h = Heading::parse("吉林市充换电设施 | Jilin City charging").unwrap();
    /// assert_eq!((h.zh.as_str(), h.en.as_str()), ("吉林市充换电设施", "Jilin City charging"));
    /// assert_eq!(Heading::parse("Charging map").unwrap().zh, "Charging map");
    /// assert!(Heading::parse(" | Charging").is_none());
    /// ```
    pub fn parse(value: &str) -> Option<Self> {
        let clean = |part: &str| -> Option<String> {
            let words: Vec<&str> = part
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .collect();
            let text: String = words.join(" ").chars().take(MAX_HEADING_CHARS).collect();
            (!text.is_empty()).then_some(text)
        };
        match value.split_once('|') {
            Some((zh, en)) => Some(Self {
                zh: clean(zh)?,
                en: clean(en)?,
            }),
            None => {
                let both = clean(value)?;
                Some(Self {
                    zh: both.clone(),
                    en: both,
                })
            }
        }
    }

    /// The title in the interface's language.
    pub fn pick(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// The stress mode's seed when none is given.
pub const DEFAULT_STRESS_SEED: u64 = 7;

/// A value that could not be used, and was ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionProblem {
    /// Option name.
    pub name: String,
    /// Why.
    pub reason: &'static str,
}

fn http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://")
        || lower.starts_with("http://")
        || s.starts_with('/')
        || s.starts_with("./"))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn flag(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

impl EmbedOptions {
    /// Reads `name=value` pairs (URL query or a mount object's entries).
    ///
    /// ```
    /// use qikai_map::embed::options::EmbedOptions;
    /// let (o, problems) = EmbedOptions::from_pairs([("lang", "en"), ("kiosk", "1"), ("view", "125.17,43.83,13")]);
    /// assert!(o.kiosk && problems.is_empty());
    /// assert_eq!(o.view.map(|(_, z)| z), Some(13.0));
    /// ```
    pub fn from_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> (Self, Vec<OptionProblem>) {
        let mut o = Self::default();
        let mut problems = Vec::new();
        for (k, v) in pairs {
            let (name, value) = (k.as_ref(), v.as_ref().trim());
            let mut bad = |reason| {
                problems.push(OptionProblem {
                    name: name.chars().take(40).collect(),
                    reason,
                })
            };
            match name {
                "lang" => match Lang::from_tag(value) {
                    Some(l) => o.lang = Some(l),
                    None => bad("expected zh or en"),
                },
                "data" => {
                    if http_url(value) {
                        o.data_url = Some(value.to_string());
                    } else {
                        bad("expected an http(s) or same-site URL");
                    }
                }
                "tiles" => match TilesUrl::parse(value) {
                    Some(t) => o.tiles = Some(t),
                    None => bad(
                        "expected an http(s) or same-site URL of a .pmtiles archive or a template with {z}, {x} and {y}",
                    ),
                },
                "layers" => {
                    let kinds: Vec<FeatureKind> = value
                        .split(',')
                        .filter_map(|k| FeatureKind::parse(k.trim()))
                        .collect();
                    if kinds.is_empty() && !value.is_empty() {
                        bad("no known layer names");
                    } else {
                        o.layers = Some(kinds);
                    }
                }
                "filter" => {
                    o.filter = (!value.is_empty()).then(|| value.chars().take(2000).collect())
                }
                "view" => {
                    let nums: Vec<f64> = value
                        .split(',')
                        .filter_map(|n| n.trim().parse().ok())
                        .collect();
                    match nums.as_slice() {
                        [lng, lat, zoom]
                            if LngLat::lon_lat(*lng, *lat).is_valid()
                                && (0.0..=24.0).contains(zoom) =>
                        {
                            o.view = Some((LngLat::lon_lat(*lng, *lat), *zoom))
                        }
                        _ => bad("expected longitude,latitude,zoom"),
                    }
                }
                "select" => {
                    o.select = (!value.is_empty() && value.len() <= 128).then(|| value.to_string())
                }
                "kiosk" => match flag(value) {
                    Some(k) => o.kiosk = k,
                    None => bad("expected 1 or 0"),
                },
                "idle" => match value.parse::<u32>() {
                    Ok(s) if (5..=86_400).contains(&s) => o.idle_seconds = Some(s),
                    _ => bad("expected seconds between 5 and 86400"),
                },
                "basemap" => {
                    if http_url(value)
                        && value.contains("{z}")
                        && value.contains("{x}")
                        && value.contains("{y}")
                    {
                        let previous = o.basemap.take();
                        o.basemap = Some(BasemapOptions {
                            url_template: value.to_string(),
                            datum: previous.as_ref().map_or(Datum::Wgs84, |b| b.datum),
                            attribution: previous.map(|b| b.attribution).unwrap_or_default(),
                        });
                    } else {
                        bad("expected a tile URL template with {z}, {x} and {y}");
                    }
                }
                "basemap_datum" => match (Datum::parse(value), o.basemap.as_mut()) {
                    (Some(d), Some(b)) => b.datum = d,
                    (Some(_), None) => bad("set basemap before basemap_datum"),
                    (None, _) => bad("expected wgs84, gcj02 or bd09"),
                },
                "basemap_attribution" => match o.basemap.as_mut() {
                    Some(b) => b.attribution = value.chars().take(300).collect(),
                    None => bad("set basemap before basemap_attribution"),
                },
                "origins" => {
                    o.allowed_origins = value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| s.starts_with("https://") || s.starts_with("http://"))
                        .map(|s| s.trim_end_matches('/').to_string())
                        .collect()
                }
                "share_base" => {
                    if value.starts_with("https://") || value.starts_with("http://") {
                        o.share_base_url = Some(value.to_string());
                    } else {
                        bad("expected an http(s) URL");
                    }
                }
                "attribution" => {
                    if value.is_empty() {
                        bad("expected the credits for the data, as text");
                    } else {
                        o.attribution = Some(value.chars().take(MAX_ATTRIBUTION_CHARS).collect());
                    }
                }
                "heading" => match Heading::parse(value) {
                    Some(h) => o.heading = Some(h),
                    None => bad("expected the map's title: 中文|English, or one text"),
                },
                "cooperative" => match flag(value) {
                    Some(c) => o.cooperative_gestures = Some(c),
                    None => bad("expected 1 or 0"),
                },
                "story" => match flag(value) {
                    Some(s) => o.story = Some(s),
                    None => bad("expected 1 or 0"),
                },
                "stress" => match value.replace(['_', ','], "").parse::<usize>() {
                    Ok(n) if (1..=MAX_SYNTHETIC_POINTS).contains(&n) => o.stress_points = Some(n),
                    _ => bad("expected a number of points from 1 to 1000000"),
                },
                "max_mb" => match value.parse::<usize>() {
                    Ok(mb) if (1..=500).contains(&mb) => o.limits.max_bytes = mb * 1024 * 1024,
                    _ => bad("expected megabytes from 1 to 500"),
                },
                "max_features" => match value.parse::<usize>() {
                    Ok(n) if (1..=MAX_SYNTHETIC_POINTS).contains(&n) => o.limits.max_features = n,
                    _ => bad("expected a number of features from 1 to 1000000"),
                },
                "max_vertices" => match value.parse::<usize>() {
                    Ok(n) if (4..=5_000_000).contains(&n) => o.limits.max_vertices_per_geometry = n,
                    _ => bad("expected positions per geometry from 4 to 5000000"),
                },
                "max_text" => match value.parse::<usize>() {
                    Ok(n) if (1..=100_000).contains(&n) => o.limits.max_text_chars = n,
                    _ => bad("expected characters from 1 to 100000"),
                },
                "seed" => match value.parse::<u64>() {
                    Ok(seed) => o.stress_seed = Some(seed),
                    Err(_) => bad("expected a whole number"),
                },
                // The permalink's own keys may share the query; anything else is ignored quietly.
                _ => {}
            }
        }
        (o, problems)
    }
}

/// Every option name [`EmbedOptions::from_pairs`] reads.
pub const OPTION_NAMES: [&str; 24] = [
    "lang",
    "data",
    "tiles",
    "layers",
    "filter",
    "view",
    "select",
    "kiosk",
    "idle",
    "basemap",
    "basemap_datum",
    "basemap_attribution",
    "origins",
    "share_base",
    "attribution",
    "heading",
    "cooperative",
    "story",
    "stress",
    "seed",
    "max_mb",
    "max_features",
    "max_vertices",
    "max_text",
];

impl EmbedOptions {
    /// Like [`EmbedOptions::from_pairs`], for options a host wrote by hand (a
    /// `mount` object, a custom element's attributes): a name the widget does
    /// not read is reported too, since it is most likely a typo. (The page
    /// URL's query also carries the permalink's and other scripts' keys, so
    /// it stays quiet about unknown names.) `camelCase` names are read as
    /// their `snake_case` (`shareBase` = `share_base`).
    ///
    /// ```
    /// use qikai_map::embed::options::EmbedOptions;
    /// let (o, problems) = EmbedOptions::from_host_pairs([("lang", "en"), ("langauge", "zh"), ("shareBase", "https://x.cn/")]);
    /// assert!(o.share_base_url.is_some());
    /// assert_eq!(problems.len(), 1);
    /// assert_eq!(problems[0].name, "langauge");
    /// ```
    pub fn from_host_pairs<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> (Self, Vec<OptionProblem>) {
        let mut unknown = Vec::new();
        let known: Vec<(String, String)> = pairs
            .into_iter()
            .filter_map(|(k, v)| {
                let name = snake_case(k.as_ref());
                if OPTION_NAMES.contains(&name.as_str()) {
                    Some((name, v.as_ref().to_string()))
                } else {
                    unknown.push(OptionProblem {
                        name: k.as_ref().chars().take(40).collect(),
                        reason: "unknown option (see the option table in the README)",
                    });
                    None
                }
            })
            .collect();
        let (options, mut problems) = Self::from_pairs(known);
        problems.extend(unknown);
        (options, problems)
    }
}

/// `shareBase` and `share-base` as `share_base`.
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.trim().chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// Longest credits line a host may set.
pub const MAX_ATTRIBUTION_CHARS: usize = 300;

/// Options that say *what* the widget shows, so a share link must carry them:
/// the data, its credits and title, the basemap, the stress points and the limits the
/// data needs. Everything else is the device's own mode (kiosk, idle reset,
/// message origins, the share base, gestures) or is carried by the permalink
/// in the hash (language, layers, filter, view, selection).
pub const CONTENT_OPTIONS: [&str; 13] = [
    "data",
    "tiles",
    "attribution",
    "heading",
    "basemap",
    "basemap_datum",
    "basemap_attribution",
    "stress",
    "seed",
    "max_mb",
    "max_features",
    "max_vertices",
    "max_text",
];

/// The query string for a share link: the page's query (`?a=1&b=2`, as
/// written, still percent-encoded) with only the [`CONTENT_OPTIONS`] kept.
/// Empty, or `?` and the kept pairs.
///
/// ```
/// use qikai_map::embed::options::shareable_query;
/// assert_eq!(shareable_query("?kiosk=1&idle=600&data=%2Fp.geojson&lang=en"), "?data=%2Fp.geojson");
/// assert_eq!(shareable_query("?kiosk=1"), "");
/// ```
pub fn shareable_query(query: &str) -> String {
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            CONTENT_OPTIONS.contains(&key)
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_name_is_read_by_from_pairs() {
        // A name in the list that from_pairs ignored would be accepted
        // silently with no effect; each must either set something or be
        // refused for its empty value.
        for name in OPTION_NAMES {
            let read = ["\u{1}bad", "https://a.cn/{z}/{x}/{y}", "1", "en", "zone"]
                .iter()
                .any(|value| {
                    let (o, problems) = EmbedOptions::from_pairs([(name, *value)]);
                    !problems.is_empty() || o != EmbedOptions::default()
                });
            assert!(read, "{name} is listed but not read");
        }
        let (_, none) = EmbedOptions::from_pairs([("zoom", "\u{1}bad"), ("zoom", "1")]);
        assert!(none.is_empty(), "the check itself can tell an unread name");
        let mut sorted = OPTION_NAMES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), OPTION_NAMES.len(), "duplicate names");
    }

    #[test]
    fn a_heading_is_two_languages_or_one_and_never_markup_or_empty() {
        let (o, problems) =
            EmbedOptions::from_pairs([("heading", "吉林市 充换电|Jilin  City\ncharging")]);
        assert!(problems.is_empty());
        let h = o.heading.expect("a two-language heading is read");
        assert_eq!(
            (h.pick(Lang::Zh), h.pick(Lang::En)),
            ("吉林市 充换电", "Jilin City charging")
        );
        // Text, not markup: kept as written (the view escapes it), and cut.
        let long = format!("<b>{}</b>", "x".repeat(500));
        let h = Heading::parse(&long).expect("a long heading is cut, not refused");
        assert!(h.en.starts_with("<b>") && h.en.chars().count() == MAX_HEADING_CHARS);
        for empty in ["", "   ", "|", "中文|", "|English", "\u{7}"] {
            let (o, problems) = EmbedOptions::from_pairs([("heading", empty)]);
            assert!(o.heading.is_none(), "{empty:?}");
            assert_eq!(problems.len(), 1, "{empty:?} is reported");
        }
        // A title is what the map shows, so a share link keeps it.
        assert_eq!(shareable_query("?heading=A%7CB&kiosk=1"), "?heading=A%7CB");
    }

    #[test]
    fn host_pairs_report_unknown_and_bad_options_by_name() {
        let (o, problems) = EmbedOptions::from_host_pairs([
            ("lang", "fr"),
            ("zoom", "12"),
            ("share-base", "https://portal.example/map"),
            ("maxMb", "20"),
        ]);
        let names: Vec<&str> = problems.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["lang", "zoom"]);
        assert!(problems[0].reason.contains("zh or en"));
        assert_eq!(
            o.share_base_url.as_deref(),
            Some("https://portal.example/map")
        );
        assert_eq!(o.limits.max_bytes, 20 * 1024 * 1024);
    }

    #[test]
    fn a_share_link_never_carries_the_device_mode() {
        let q = "?kiosk=1&idle=600&origins=https%3A%2F%2Fa.example&share_base=https%3A%2F%2Fb.example&cooperative=0&lang=zh&view=125%2C43%2C12&data=%2Fd.csv&stress=1000&seed=3";
        assert_eq!(shareable_query(q), "?data=%2Fd.csv&stress=1000&seed=3");
        assert_eq!(shareable_query(""), "");
        // Every content option is a real option name.
        for name in CONTENT_OPTIONS {
            let (_, problems) = EmbedOptions::from_pairs([(name, "")]);
            let known_bad = problems.iter().any(|p| p.name == name);
            let (o, _) = EmbedOptions::from_pairs([(name, "1")]);
            assert!(
                known_bad || o != EmbedOptions::default(),
                "{name} is not an option"
            );
        }
    }

    #[test]
    fn tiles_take_a_pmtiles_archive_or_an_xyz_template_under_the_data_url_rule() {
        let (o, problems) = EmbedOptions::from_pairs([("tiles", "/t/jilin.pmtiles")]);
        assert!(problems.is_empty());
        assert_eq!(o.tiles, Some(TilesUrl::PmTiles("/t/jilin.pmtiles".into())));
        let (o, _) = EmbedOptions::from_pairs([("tiles", "https://tiles.example/p/{z}/{x}/{y}")]);
        assert!(matches!(o.tiles, Some(TilesUrl::Xyz(_))));
        for bad in [
            "javascript:alert(1)//a.pmtiles",
            "data:application/x,a.pmtiles",
            "/t/{z}/{x}.mvt",
            "/t/points.geojson",
            "/t/a b.pmtiles",
        ] {
            let (o, problems) = EmbedOptions::from_pairs([("tiles", bad)]);
            assert_eq!(o.tiles, None, "{bad}");
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].name, "tiles");
        }
    }

    #[test]
    fn the_data_limits_can_be_set_within_bounds() {
        let (o, problems) = EmbedOptions::from_pairs([
            ("max_mb", "5"),
            ("max_features", "2000"),
            ("max_vertices", "1000"),
            ("max_text", "200"),
        ]);
        assert!(problems.is_empty());
        assert_eq!(
            o.limits,
            Limits {
                max_bytes: 5 * 1024 * 1024,
                max_features: 2000,
                max_vertices_per_geometry: 1000,
                max_text_chars: 200,
            }
        );
        let (o, problems) = EmbedOptions::from_pairs([("max_mb", "0"), ("max_features", "lots")]);
        assert_eq!(o.limits, Limits::default());
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn the_stress_mode_takes_a_bounded_count_and_a_seed() {
        let (o, problems) = EmbedOptions::from_pairs([("stress", "100_000"), ("seed", "42")]);
        assert!(problems.is_empty());
        assert_eq!((o.stress_points, o.stress_seed), (Some(100_000), Some(42)));
        let (o, _) = EmbedOptions::from_pairs([("stress", "1,000,000")]);
        assert_eq!((o.stress_points, o.stress_seed), (Some(1_000_000), None));
        for bad in ["0", "1000001", "-5", "lots"] {
            let (o, problems) = EmbedOptions::from_pairs([("stress", bad)]);
            assert_eq!(o.stress_points, None, "{bad}");
            assert_eq!(problems.len(), 1, "{bad}");
        }
    }

    #[test]
    fn every_option_is_read() {
        let (o, problems) = EmbedOptions::from_pairs([
            ("lang", "zh-CN"),
            ("data", "https://portal.example/nev.geojson"),
            ("layers", "project,swap_station"),
            ("filter", "k=project"),
            ("view", "125.17,43.83,12.5"),
            ("select", "project-audi-faw-nev"),
            ("kiosk", "true"),
            ("idle", "90"),
            ("basemap", "https://tiles.example/{z}/{x}/{y}.png"),
            ("basemap_datum", "gcj02"),
            ("basemap_attribution", "审图号 GS(2024)0000"),
            ("origins", "https://portal.example/, ftp://x"),
            ("share_base", "https://portal.example/map/"),
            ("cooperative", "0"),
            ("story", "0"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(o.story, Some(false));
        assert_eq!(o.lang, Some(Lang::Zh));
        assert_eq!(
            o.layers,
            Some(vec![FeatureKind::Project, FeatureKind::SwapStation])
        );
        assert_eq!(o.idle_seconds, Some(90));
        assert_eq!(o.basemap.as_ref().map(|b| b.datum), Some(Datum::Gcj02));
        assert_eq!(
            o.allowed_origins,
            vec!["https://portal.example".to_string()]
        );
        assert_eq!(o.cooperative_gestures, Some(false));
    }

    #[test]
    fn bad_values_are_reported_and_defaults_kept() {
        let (o, problems) = EmbedOptions::from_pairs([
            ("lang", "fr"),
            ("data", "javascript:alert(1)"),
            ("view", "1,2"),
            ("kiosk", "maybe"),
            ("idle", "1"),
            ("basemap", "https://tiles.example/tile.png"),
            ("basemap_datum", "gcj02"),
        ]);
        let names: Vec<&str> = problems.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "lang",
                "data",
                "view",
                "kiosk",
                "idle",
                "basemap",
                "basemap_datum"
            ]
        );
        assert_eq!(o, EmbedOptions::default());
    }
}

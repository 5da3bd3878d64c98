//! The filter model: which features the map shows, the live counts beside
//! each choice, and a compact text form for permalinks.
//!
//! Districts and the zone are context, not results: every filter lets them
//! through, so the map keeps its frame however narrow the selection.

use std::collections::{BTreeMap, BTreeSet};

use super::catalog::Catalog;
use super::coord::LngLat;
use super::model::{Category, Feature, FeatureKind, Geometry, Status};
use super::query::geometry_contains;
use super::stations::anchor_point;

/// A band of investment, in 元 (CNY).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InvestmentBand {
    /// The sources give no figure.
    Unknown,
    /// Less than 10亿元 (1e9 元).
    Under1e9,
    /// From 10亿元 up to, not including, 100亿元 (1e9 ≤ x < 1e10 元).
    From1e9To1e10,
    /// 100亿元 (1e10 元) or more.
    Over1e10,
}

impl InvestmentBand {
    /// Every band, smallest first, unknown before all.
    pub const ALL: [InvestmentBand; 4] = [
        Self::Unknown,
        Self::Under1e9,
        Self::From1e9To1e10,
        Self::Over1e10,
    ];

    /// The band of an investment in 元; no figure, or one that is not a
    /// finite number, is `Unknown`.
    pub fn of(yuan: Option<f64>) -> Self {
        match yuan {
            Some(y) if y.is_finite() && y < 1e9 => Self::Under1e9,
            Some(y) if y.is_finite() && y < 1e10 => Self::From1e9To1e10,
            Some(y) if y.is_finite() => Self::Over1e10,
            _ => Self::Unknown,
        }
    }

    /// The wire name, in billions (十亿) of 元: `unknown`, `under1`, `1to10`,
    /// `over10`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Under1e9 => "under1",
            Self::From1e9To1e10 => "1to10",
            Self::Over1e10 => "over10",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// Why a filter text was refused by [`Filter::parse_strict`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// A key other than `k`, `c`, `s`, `i` and `p`.
    #[error("unknown filter key \"{0}\" (use k, c, s, i or p)")]
    UnknownKey(String),
    /// A part without `=`.
    #[error("\"{0}\" is not key=value")]
    NotKeyValue(String),
    /// A value the key does not know.
    #[error("unknown value \"{value}\" for {key}")]
    UnknownValue {
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// A malformed percent escape.
    #[error("malformed escape in \"{0}\"")]
    BadEscape(String),
}

/// Every status in the order the UI lists them.
pub const STATUSES: [Status; 4] = [
    Status::Planned,
    Status::UnderConstruction,
    Status::Operating,
    Status::Unknown,
];

/// The wire name of a status (the inverse of [`Status::parse`]).
pub fn status_wire_name(status: Status) -> &'static str {
    match status {
        Status::Planned => "planned",
        Status::UnderConstruction => "under_construction",
        Status::Operating => "operating",
        Status::Unknown => "unknown",
    }
}

/// The wire name of a category (the inverse of [`Category::parse`]); an
/// `Other` category is its own text.
pub fn category_wire_name(category: &Category) -> &str {
    match category {
        Category::DevelopmentZone => "development_zone",
        Category::AdministrativeDistrict => "administrative_district",
        Category::IndustrialPark => "industrial_park",
        Category::VehiclePlant => "vehicle_plant",
        Category::Battery => "battery",
        Category::EDrive => "e_drive",
        Category::Electronics => "electronics",
        Category::LightweightParts => "lightweight_parts",
        Category::AutoParts => "auto_parts",
        Category::BatterySwap => "battery_swap",
        Category::Headquarters => "headquarters",
        Category::MetroStation => "metro_station",
        Category::LandmarkPark => "landmark_park",
        Category::Other(text) => text,
    }
}

/// True for the kinds that frame the map rather than answer a filter.
pub fn is_context(kind: FeatureKind) -> bool {
    matches!(kind, FeatureKind::District | FeatureKind::Zone)
}

/// What the map shows. Each facet is `None` for "no constraint"; a facet set
/// to an empty set lets nothing but context through. The default lets
/// everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Feature kinds to show.
    pub kinds: Option<BTreeSet<FeatureKind>>,
    /// Category wire names to show; an `Other` category by its text.
    pub categories: Option<BTreeSet<String>>,
    /// Status wire names to show (`Status` has no order, so its name stands
    /// in for it).
    pub statuses: Option<BTreeSet<String>>,
    /// The one investment band to show.
    pub investment: Option<InvestmentBand>,
    /// Id of a park or zone feature: only that feature and those whose anchor
    /// point lies inside its area are shown. An id the catalog does not have
    /// is ignored, so a stale permalink shows everything rather than nothing.
    pub park: Option<String>,
}

/// Per facet value, how many non-context features would match if that facet
/// were set to just that value and the others left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    /// Non-context kinds, in drawing order.
    pub kinds: Vec<(FeatureKind, usize)>,
    /// Category wire names present in the catalog or selected, sorted.
    pub categories: Vec<(String, usize)>,
    /// Every status wire name, in [`STATUSES`] order.
    pub statuses: Vec<(String, usize)>,
    /// Every band, in [`InvestmentBand::ALL`] order.
    pub investment: Vec<(InvestmentBand, usize)>,
    /// Ids of the areal parks and zones, in catalog order.
    pub parks: Vec<(String, usize)>,
}

/// Which facets a feature passes; `matches` is all of them.
#[derive(Clone, Copy, Debug)]
struct Passes {
    kind: bool,
    category: bool,
    status: bool,
    investment: bool,
    park: bool,
}

impl Filter {
    /// True when `f` should be shown. Context features (districts, the zone)
    /// always are.
    pub fn matches(&self, catalog: &Catalog, f: &Feature) -> bool {
        if is_context(f.kind) {
            return true;
        }
        let p = self.passes(f, self.park_area(catalog));
        p.kind && p.category && p.status && p.investment && p.park
    }

    /// The live counts for the filter UI, with the usual faceted-search
    /// meaning: a facet's counts ignore that facet's own choice and respect
    /// all the others. Only non-context features are counted.
    pub fn facet_counts(&self, catalog: &Catalog) -> FacetCounts {
        let area = self.park_area(catalog);
        let candidates: Vec<(&Feature, Passes)> = catalog
            .features()
            .iter()
            .filter(|f| !is_context(f.kind))
            .map(|f| (f, self.passes(f, area)))
            .collect();

        let kinds = FeatureKind::ALL
            .into_iter()
            .filter(|k| !is_context(*k))
            .map(|k| {
                let n = candidates
                    .iter()
                    .filter(|(f, p)| {
                        f.kind == k && p.category && p.status && p.investment && p.park
                    })
                    .count();
                (k, n)
            })
            .collect();

        let mut categories: BTreeMap<String, usize> = candidates
            .iter()
            .filter_map(|(f, _)| f.category.as_ref())
            .map(|c| (category_wire_name(c).to_string(), 0))
            .collect();
        for selected in self.categories.iter().flatten() {
            categories.entry(selected.clone()).or_insert(0);
        }
        for (f, p) in &candidates {
            if let (Some(c), true) = (&f.category, p.kind && p.status && p.investment && p.park) {
                if let Some(n) = categories.get_mut(category_wire_name(c)) {
                    *n += 1;
                }
            }
        }

        let statuses = STATUSES
            .into_iter()
            .map(|s| {
                let n = candidates
                    .iter()
                    .filter(|(f, p)| {
                        f.status == s && p.kind && p.category && p.investment && p.park
                    })
                    .count();
                (status_wire_name(s).to_string(), n)
            })
            .collect();

        let investment = InvestmentBand::ALL
            .into_iter()
            .map(|b| {
                let n = candidates
                    .iter()
                    .filter(|(f, p)| {
                        InvestmentBand::of(f.figures.investment_yuan) == b
                            && p.kind
                            && p.category
                            && p.status
                            && p.park
                    })
                    .count();
                (b, n)
            })
            .collect();

        let parks = catalog
            .features()
            .iter()
            .filter(|f| is_park_like(f) && f.geometry.is_areal())
            .map(|park| {
                let n = candidates
                    .iter()
                    .filter(|(f, p)| {
                        p.kind && p.category && p.status && p.investment && in_park(f, park)
                    })
                    .count();
                (park.id.clone(), n)
            })
            .collect();

        FacetCounts {
            kinds,
            categories: categories.into_iter().collect(),
            statuses,
            investment,
            parks,
        }
    }

    /// The filter as compact, URL-safe text for a permalink.
    ///
    /// Grammar (no version: readers ignore what they do not know):
    ///
    /// ```text
    /// query = [ part *( ";" part ) ]
    /// part  = key "=" [ value *( "," value ) ]
    /// key   = "k" (kinds) / "c" (categories) / "s" (statuses)
    ///       / "i" (investment band) / "p" (park id)
    /// value = wire name, percent-encoded outside A-Z a-z 0-9 "-" "." "_" "~"
    /// ```
    ///
    /// Facets without a constraint are left out, so the default filter is the
    /// empty string; `k=` is an empty set. Parts come in the order above and
    /// values sorted, so equal filters give equal text.
    ///
    /// ```
    /// use qikai_map::core::filter::{Filter, InvestmentBand};
    /// use qikai_map::core::model::FeatureKind;
    /// let f = Filter {
    ///     kinds: Some([FeatureKind::Project, FeatureKind::Park].into()),
    ///     statuses: Some(["operating".to_string()].into()),
    ///     investment: Some(InvestmentBand::Over1e10),
    ///     park: Some("park-herun".into()),
    ///     ..Filter::default()
    /// };
    /// assert_eq!(f.to_query(), "k=park,project;s=operating;i=over10;p=park-herun");
    /// assert_eq!(Filter::from_query(&f.to_query()), f);
    /// ```
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(kinds) = &self.kinds {
            parts.push(part("k", kinds.iter().map(|k| k.as_str())));
        }
        if let Some(categories) = &self.categories {
            parts.push(part("c", categories.iter().map(String::as_str)));
        }
        if let Some(statuses) = &self.statuses {
            parts.push(part("s", statuses.iter().map(String::as_str)));
        }
        if let Some(band) = self.investment {
            parts.push(part("i", [band.as_str()]));
        }
        if let Some(park) = &self.park {
            parts.push(part("p", [park.as_str()]));
        }
        parts.join(";")
    }

    /// Reads the text written by [`Filter::to_query`]. Never fails: unknown
    /// keys, parts without `=`, unknown kinds, statuses and bands, and empty
    /// values are ignored; a list none of whose values is known leaves its
    /// facet unconstrained (a link from a newer version must not empty the
    /// map); when a key repeats, the last one wins.
    pub fn from_query(s: &str) -> Filter {
        let mut filter = Filter::default();
        for (key, raw) in s.split(';').filter_map(|p| p.split_once('=')) {
            let values: Vec<&str> = raw.split(',').filter(|v| !v.is_empty()).collect();
            match key {
                "k" => filter.kinds = known(&values, |v| FeatureKind::parse(&v)),
                "c" => filter.categories = known(&values, Some),
                "s" => {
                    filter.statuses = known(&values, |v| {
                        Status::parse(&v).map(|s| status_wire_name(s).to_string())
                    })
                }
                "i" => {
                    let band = values
                        .iter()
                        .filter_map(|v| percent_decode(v))
                        .find_map(|v| InvestmentBand::parse(&v));
                    if band.is_some() {
                        filter.investment = band;
                    }
                }
                "p" => {
                    if let Some(id) = values.iter().find_map(|v| percent_decode(v)) {
                        filter.park = Some(id);
                    }
                }
                _ => {}
            }
        }
        filter
    }

    /// Reads a filter text strictly, for a host that sets it by script: any
    /// part that [`Filter::from_query`] would quietly ignore (an unknown key,
    /// a part without `=`, an unknown kind, status or band, a bad escape) is
    /// an error naming it. Empty parts (`k=project;;`) are allowed.
    ///
    /// ```
    /// use qikai_map::core::filter::{Filter, FilterError};
    /// assert!(Filter::parse_strict("k=project,park;i=over10").is_ok());
    /// assert_eq!(
    ///     Filter::parse_strict("zzz=1;;"),
    ///     Err(FilterError::UnknownKey("zzz".into()))
    /// );
    /// ```
    pub fn parse_strict(s: &str) -> Result<Filter, FilterError> {
        for part in s.split(';').filter(|p| !p.trim().is_empty()) {
            let (key, raw) = part
                .split_once('=')
                .ok_or_else(|| FilterError::NotKeyValue(part.to_string()))?;
            let values = raw
                .split(',')
                .filter(|v| !v.is_empty())
                .map(|v| percent_decode(v).ok_or_else(|| FilterError::BadEscape(v.to_string())))
                .collect::<Result<Vec<String>, _>>()?;
            let unknown = |value: &str| FilterError::UnknownValue {
                key: key.to_string(),
                value: value.to_string(),
            };
            match key {
                "k" => {
                    if let Some(v) = values.iter().find(|v| FeatureKind::parse(v).is_none()) {
                        return Err(unknown(v));
                    }
                }
                "s" => {
                    if let Some(v) = values.iter().find(|v| Status::parse(v).is_none()) {
                        return Err(unknown(v));
                    }
                }
                "i" => match values.as_slice() {
                    [v] if InvestmentBand::parse(v).is_some() => {}
                    [v, ..] => return Err(unknown(v)),
                    [] => return Err(unknown("")),
                },
                "c" | "p" => {}
                other => return Err(FilterError::UnknownKey(other.to_string())),
            }
        }
        Ok(Filter::from_query(s))
    }

    /// The park or zone named by `self.park`, when the catalog has it.
    fn park_area<'a>(&self, catalog: &'a Catalog) -> Option<&'a Feature> {
        self.park.as_deref().and_then(|id| catalog.get(id))
    }

    fn passes(&self, f: &Feature, park: Option<&Feature>) -> Passes {
        let category = f.category.as_ref().map(category_wire_name);
        Passes {
            kind: self.kinds.as_ref().is_none_or(|ks| ks.contains(&f.kind)),
            category: self
                .categories
                .as_ref()
                .is_none_or(|cs| category.is_some_and(|c| cs.contains(c))),
            status: self
                .statuses
                .as_ref()
                .is_none_or(|ss| ss.contains(status_wire_name(f.status))),
            investment: self
                .investment
                .is_none_or(|b| InvestmentBand::of(f.figures.investment_yuan) == b),
            park: park.is_none_or(|p| in_park(f, p)),
        }
    }
}

fn is_park_like(f: &Feature) -> bool {
    matches!(f.kind, FeatureKind::Park | FeatureKind::Zone)
}

/// A park holds itself and every feature whose anchor point lies in its area.
fn in_park(f: &Feature, park: &Feature) -> bool {
    f.id == park.id || anchor_point(&f.geometry).is_some_and(|p| contains(&park.geometry, p))
}

fn contains(area: &Geometry, p: LngLat) -> bool {
    area.is_areal() && geometry_contains(area, p)
}

/// A parsed list from its raw, still percent-encoded values: the known ones,
/// or no constraint when values were given but none is known. Only a list
/// with no values at all (`k=`) is the empty set.
fn known<T: Ord>(raw: &[&str], parse: impl Fn(String) -> Option<T>) -> Option<BTreeSet<T>> {
    let set: BTreeSet<T> = raw
        .iter()
        .filter_map(|v| percent_decode(v))
        .filter_map(parse)
        .collect();
    (set.is_empty() == raw.is_empty()).then_some(set)
}

fn part<'a>(key: &str, values: impl IntoIterator<Item = &'a str>) -> String {
    let values: Vec<String> = values.into_iter().map(percent_encode).collect();
    format!("{key}={}", values.join(","))
}

/// Percent-encodes every byte outside RFC 3986's unreserved set, so the
/// separators `;` `=` `,` and any Chinese text survive in a URL.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The inverse of [`percent_encode`]; `None` for a malformed escape or bytes
/// that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Limits};

    fn default_catalog() -> Catalog {
        Catalog::new(load_geojson(crate::DEFAULT_DATA, &Limits::default()).features)
    }

    fn shown<'a>(filter: &Filter, catalog: &'a Catalog) -> Vec<&'a Feature> {
        catalog
            .features()
            .iter()
            .filter(|f| filter.matches(catalog, f))
            .collect()
    }

    fn non_context_count(filter: &Filter, catalog: &Catalog) -> usize {
        shown(filter, catalog)
            .iter()
            .filter(|f| !is_context(f.kind))
            .count()
    }

    #[test]
    fn the_default_filter_lets_everything_through() {
        let catalog = default_catalog();
        assert_eq!(shown(&Filter::default(), &catalog).len(), catalog.len());
    }

    #[test]
    fn a_kind_filter_keeps_those_kinds_and_the_context() {
        let catalog = default_catalog();
        let filter = Filter {
            kinds: Some([FeatureKind::Project].into()),
            ..Filter::default()
        };
        let shown = shown(&filter, &catalog);
        let projects = shown
            .iter()
            .filter(|f| f.kind == FeatureKind::Project)
            .count();
        assert_eq!(projects, 4);
        let context = catalog
            .features()
            .iter()
            .filter(|f| is_context(f.kind))
            .count();
        assert_eq!(shown.len(), projects + context);
        assert!(shown.iter().any(|f| f.kind == FeatureKind::Zone));
    }

    #[test]
    fn an_empty_kind_set_leaves_only_the_context() {
        let catalog = default_catalog();
        let filter = Filter {
            kinds: Some(BTreeSet::new()),
            ..Filter::default()
        };
        assert!(shown(&filter, &catalog).iter().all(|f| is_context(f.kind)));
    }

    #[test]
    fn only_audi_and_findreams_are_over_ten_billion_yuan() {
        let catalog = default_catalog();
        let filter = Filter {
            kinds: Some([FeatureKind::Project].into()),
            investment: Some(InvestmentBand::Over1e10),
            ..Filter::default()
        };
        let ids: Vec<&str> = shown(&filter, &catalog)
            .iter()
            .filter(|f| !is_context(f.kind))
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(ids, ["project-audi-faw-nev", "project-faw-findreams"]);
    }

    #[test]
    fn investment_bands_split_at_one_and_ten_billion_yuan() {
        assert_eq!(InvestmentBand::of(None), InvestmentBand::Unknown);
        assert_eq!(InvestmentBand::of(Some(f64::NAN)), InvestmentBand::Unknown);
        assert_eq!(InvestmentBand::of(Some(0.0)), InvestmentBand::Under1e9);
        assert_eq!(
            InvestmentBand::of(Some(999_999_999.0)),
            InvestmentBand::Under1e9
        );
        assert_eq!(InvestmentBand::of(Some(1e9)), InvestmentBand::From1e9To1e10);
        assert_eq!(
            InvestmentBand::of(Some(7.9e9)),
            InvestmentBand::From1e9To1e10
        );
        assert_eq!(InvestmentBand::of(Some(1e10)), InvestmentBand::Over1e10);
        for band in InvestmentBand::ALL {
            assert_eq!(InvestmentBand::parse(band.as_str()), Some(band));
        }
    }

    #[test]
    fn the_zone_as_park_keeps_every_park_project_and_station() {
        let catalog = default_catalog();
        let filter = Filter {
            park: Some("zone-qikai".into()),
            ..Filter::default()
        };
        for f in catalog.features() {
            if matches!(
                f.kind,
                FeatureKind::Park | FeatureKind::Project | FeatureKind::SwapStation
            ) {
                assert!(filter.matches(&catalog, f), "{}", f.id);
            }
        }
    }

    #[test]
    fn a_park_keeps_itself_and_what_lies_inside_it() {
        let catalog = default_catalog();
        let filter = Filter {
            park: Some("park-herun".into()),
            ..Filter::default()
        };
        let park = catalog
            .get("park-herun")
            .expect("park-herun is in the data");
        let inside: Vec<&Feature> = shown(&filter, &catalog)
            .into_iter()
            .filter(|f| !is_context(f.kind))
            .collect();
        assert!(inside.iter().any(|f| f.id == "park-herun"));
        for f in &inside {
            if f.id != park.id {
                let p = anchor_point(&f.geometry).expect("every feature has an anchor");
                assert!(geometry_contains(&park.geometry, p), "{}", f.id);
            }
        }
        assert!(inside.len() < non_context_count(&Filter::default(), &catalog));
    }

    #[test]
    fn an_unknown_park_id_is_ignored() {
        let catalog = default_catalog();
        let filter = Filter {
            park: Some("park-gone".into()),
            ..Filter::default()
        };
        assert_eq!(shown(&filter, &catalog).len(), catalog.len());
    }

    #[test]
    fn kind_counts_sum_to_the_features_the_other_facets_allow() {
        let catalog = default_catalog();
        let counts = Filter::default().facet_counts(&catalog);
        let total: usize = counts.kinds.iter().map(|(_, n)| n).sum();
        assert_eq!(total, non_context_count(&Filter::default(), &catalog));
        let projects = counts
            .kinds
            .iter()
            .find(|(k, _)| *k == FeatureKind::Project)
            .map(|(_, n)| *n);
        assert_eq!(projects, Some(4));
        // A kind choice does not change its own facet's counts.
        let only_parks = Filter {
            kinds: Some([FeatureKind::Park].into()),
            ..Filter::default()
        };
        assert_eq!(only_parks.facet_counts(&catalog).kinds, counts.kinds);
    }

    #[test]
    fn facet_counts_agree_with_matching_each_value_by_hand() {
        let catalog = default_catalog();
        let base = Filter {
            statuses: Some(["operating".to_string(), "unknown".to_string()].into()),
            kinds: Some([FeatureKind::Project, FeatureKind::Park].into()),
            park: Some("zone-qikai".into()),
            ..Filter::default()
        };
        let counts = base.facet_counts(&catalog);
        for (k, n) in &counts.kinds {
            let f = Filter {
                kinds: Some([*k].into()),
                ..base.clone()
            };
            assert_eq!(*n, non_context_count(&f, &catalog), "kind {k:?}");
        }
        for (c, n) in &counts.categories {
            let f = Filter {
                categories: Some([c.clone()].into()),
                ..base.clone()
            };
            assert_eq!(*n, non_context_count(&f, &catalog), "category {c}");
        }
        for (s, n) in &counts.statuses {
            let f = Filter {
                statuses: Some([s.clone()].into()),
                ..base.clone()
            };
            assert_eq!(*n, non_context_count(&f, &catalog), "status {s}");
        }
        for (b, n) in &counts.investment {
            let f = Filter {
                investment: Some(*b),
                ..base.clone()
            };
            assert_eq!(*n, non_context_count(&f, &catalog), "band {b:?}");
        }
        assert!(counts.parks.iter().any(|(id, _)| id == "zone-qikai"));
        for (p, n) in &counts.parks {
            let f = Filter {
                park: Some(p.clone()),
                ..base.clone()
            };
            assert_eq!(*n, non_context_count(&f, &catalog), "park {p}");
        }
    }

    #[test]
    fn category_and_status_wire_names_round_trip_through_the_model() {
        let catalog = default_catalog();
        for f in catalog.features() {
            if let Some(c) = &f.category {
                assert_eq!(&Category::parse(category_wire_name(c)), c);
            }
        }
        for s in STATUSES {
            assert_eq!(Status::parse(status_wire_name(s)), Some(s));
        }
    }

    #[test]
    fn the_default_filter_writes_an_empty_query() {
        assert_eq!(Filter::default().to_query(), "");
        assert_eq!(Filter::from_query(""), Filter::default());
    }

    #[test]
    fn unknown_parts_of_a_query_are_ignored() {
        let f = Filter::from_query("x=1;k=project,rocket;junk;s=flying;i=huge;p=;c=%ZZ,battery");
        assert_eq!(Filter::from_query("k=%ZZ;s=nope"), Filter::default());
        assert_eq!(
            f,
            Filter {
                kinds: Some([FeatureKind::Project].into()),
                categories: Some(["battery".to_string()].into()),
                ..Filter::default()
            }
        );
    }

    #[test]
    fn an_explicit_empty_list_is_an_empty_set() {
        let f = Filter::from_query("k=;s=");
        assert_eq!(f.kinds, Some(BTreeSet::new()));
        assert_eq!(f.statuses, Some(BTreeSet::new()));
        assert_eq!(f.to_query(), "k=;s=");
    }

    #[test]
    fn separators_and_chinese_in_values_are_escaped() {
        let f = Filter {
            categories: Some(["充电,站;=%".to_string()].into()),
            ..Filter::default()
        };
        let q = f.to_query();
        assert!(q
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%=;,".contains(&b)));
        assert_eq!(q.matches(',').count(), 0);
        assert_eq!(Filter::from_query(&q), f);
    }

    mod round_trip {
        use super::*;
        use proptest::prelude::*;

        fn value_sets() -> (Vec<String>, Vec<String>) {
            let catalog = default_catalog();
            let mut categories: BTreeSet<String> = catalog
                .features()
                .iter()
                .filter_map(|f| f.category.as_ref())
                .map(|c| category_wire_name(c).to_string())
                .collect();
            // Portal categories kept as text, with every separator in them.
            categories.extend([
                "充电站".into(),
                "a,b;c=d".into(),
                "100%".into(),
                " x ".into(),
            ]);
            let parks = catalog.features().iter().map(|f| f.id.clone()).collect();
            (categories.into_iter().collect(), parks)
        }

        fn filters() -> impl Strategy<Value = Filter> {
            let (categories, parks) = value_sets();
            let statuses: Vec<String> = STATUSES
                .iter()
                .map(|s| status_wire_name(*s).to_string())
                .collect();
            (
                proptest::option::of(proptest::sample::subsequence(
                    FeatureKind::ALL.to_vec(),
                    0..=6,
                )),
                proptest::option::of(proptest::sample::subsequence(
                    categories.clone(),
                    0..=categories.len(),
                )),
                proptest::option::of(proptest::sample::subsequence(statuses, 0..=4)),
                proptest::option::of(proptest::sample::select(InvestmentBand::ALL.to_vec())),
                proptest::option::of(proptest::sample::select(parks)),
            )
                .prop_map(|(kinds, categories, statuses, investment, park)| Filter {
                    kinds: kinds.map(|v| v.into_iter().collect()),
                    categories: categories.map(|v| v.into_iter().collect()),
                    statuses: statuses.map(|v| v.into_iter().collect()),
                    investment,
                    park,
                })
        }

        proptest! {
            #[test]
            fn any_filter_survives_its_query_text(f in filters()) {
                prop_assert_eq!(Filter::from_query(&f.to_query()), f);
            }
        }
    }
}

//! The validated feature model: plain data, no behaviour beyond lookups.
//! Values of these types exist only after `data::convert` has checked them.

use super::coord::{LngLat, LngLatBounds};

/// What a feature is; decides its layer, symbol and the geometries it may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeatureKind {
    /// Context boundary of a county-level unit.
    District,
    /// The development zone outline (汽开区).
    Zone,
    /// An industrial park (polygon, or a point when only a site is known).
    Park,
    /// An investment project.
    Project,
    /// An EV battery-swap station.
    SwapStation,
    /// A landmark: headquarters, plants, metro stations.
    Landmark,
}

impl FeatureKind {
    /// Every kind in drawing order, bottom layer first.
    pub const ALL: [FeatureKind; 6] = [
        FeatureKind::District,
        FeatureKind::Zone,
        FeatureKind::Park,
        FeatureKind::Landmark,
        FeatureKind::Project,
        FeatureKind::SwapStation,
    ];

    /// The kind's position in [`FeatureKind::ALL`] (per-kind tables, layer sets).
    ///
    /// ```
    /// use qikai_map::core::model::FeatureKind;
    /// assert!(FeatureKind::ALL.iter().enumerate().all(|(i, k)| k.index() == i));
    /// ```
    pub fn index(self) -> usize {
        match self {
            FeatureKind::District => 0,
            FeatureKind::Zone => 1,
            FeatureKind::Park => 2,
            FeatureKind::Landmark => 3,
            FeatureKind::Project => 4,
            FeatureKind::SwapStation => 5,
        }
    }

    /// Parses the wire name (`"swap_station"`, ...).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "district" => Self::District,
            "zone" => Self::Zone,
            "park" => Self::Park,
            "project" => Self::Project,
            "swap_station" => Self::SwapStation,
            "landmark" => Self::Landmark,
            _ => return None,
        })
    }

    /// The wire name, also used in CSS classes and test ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::District => "district",
            Self::Zone => "zone",
            Self::Park => "park",
            Self::Project => "project",
            Self::SwapStation => "swap_station",
            Self::Landmark => "landmark",
        }
    }

    /// Whether a feature of this kind may carry `geometry`.
    /// Areas must be polygons; a swap station is a place, so a point; parks,
    /// projects and landmarks may be either (a plot or a site).
    pub fn allows(self, geometry: &Geometry) -> bool {
        match (self, geometry) {
            (Self::District | Self::Zone, g) => g.is_areal(),
            (Self::SwapStation, g) => !g.is_areal(),
            (Self::Park | Self::Project | Self::Landmark, _) => true,
        }
    }
}

/// The feature's category. Known ones are translated in the UI; a portal's own
/// category is kept as text and shown as it came.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// 开发区.
    DevelopmentZone,
    /// 行政区.
    AdministrativeDistrict,
    /// 产业园.
    IndustrialPark,
    /// 整车厂.
    VehiclePlant,
    /// 动力电池.
    Battery,
    /// 电驱动.
    EDrive,
    /// 汽车电子.
    Electronics,
    /// 轻量化.
    LightweightParts,
    /// 零部件.
    AutoParts,
    /// 换电.
    BatterySwap,
    /// 总部.
    Headquarters,
    /// 地铁站.
    MetroStation,
    /// 公园/地标.
    LandmarkPark,
    /// Anything else, as written in the data.
    Other(String),
}

impl Category {
    /// Parses the wire name; unknown names become `Other`.
    pub fn parse(s: &str) -> Self {
        match s {
            "development_zone" => Self::DevelopmentZone,
            "administrative_district" => Self::AdministrativeDistrict,
            "industrial_park" => Self::IndustrialPark,
            "vehicle_plant" => Self::VehiclePlant,
            "battery" => Self::Battery,
            "e_drive" => Self::EDrive,
            "electronics" => Self::Electronics,
            "lightweight_parts" => Self::LightweightParts,
            "auto_parts" => Self::AutoParts,
            "battery_swap" => Self::BatterySwap,
            "headquarters" => Self::Headquarters,
            "metro_station" => Self::MetroStation,
            "landmark_park" => Self::LandmarkPark,
            other => Self::Other(other.to_string()),
        }
    }

    /// The wire name (inverse of [`parse`](Self::parse)); used where the
    /// data is written again, as in vector tiles.
    ///
    /// ```
    /// use qikai_map::core::model::Category;
    /// for name in ["battery", "metro_station", "charging_hub"] {
    ///     assert_eq!(Category::parse(name).as_str(), name);
    /// }
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::DevelopmentZone => "development_zone",
            Self::AdministrativeDistrict => "administrative_district",
            Self::IndustrialPark => "industrial_park",
            Self::VehiclePlant => "vehicle_plant",
            Self::Battery => "battery",
            Self::EDrive => "e_drive",
            Self::Electronics => "electronics",
            Self::LightweightParts => "lightweight_parts",
            Self::AutoParts => "auto_parts",
            Self::BatterySwap => "battery_swap",
            Self::Headquarters => "headquarters",
            Self::MetroStation => "metro_station",
            Self::LandmarkPark => "landmark_park",
            Self::Other(s) => s,
        }
    }
}

/// Where a project or site stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Announced or intended.
    Planned,
    /// Being built.
    UnderConstruction,
    /// Producing or in use.
    Operating,
    /// The sources do not say.
    Unknown,
}

impl Status {
    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "planned" => Self::Planned,
            "under_construction" => Self::UnderConstruction,
            "operating" => Self::Operating,
            "unknown" => Self::Unknown,
            _ => return None,
        })
    }

    /// The wire name (inverse of [`parse`](Self::parse)).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::UnderConstruction => "under_construction",
            Self::Operating => "operating",
            Self::Unknown => "unknown",
        }
    }
}

/// How far a drawn position may be from the real one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PositionAccuracy {
    /// Surveyed or official geometry.
    Exact,
    /// Within about this many metres.
    Approx {
        /// Error bound in metres.
        meters: u32,
    },
    /// Not a real position: placed by hand inside the zone for illustration.
    Schematic,
    /// The data does not say; shown as "not stated", never as exact.
    Unstated,
}

impl PositionAccuracy {
    /// Parses `exact`, `approx_<N>m` or `schematic`.
    ///
    /// ```
    /// use qikai_map::core::model::PositionAccuracy;
    /// assert_eq!(PositionAccuracy::parse("approx_50m"), Some(PositionAccuracy::Approx { meters: 50 }));
    /// assert_eq!(PositionAccuracy::parse("approx_m"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "exact" => Some(Self::Exact),
            "schematic" => Some(Self::Schematic),
            _ => {
                let digits = s.strip_prefix("approx_")?.strip_suffix('m')?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits.parse().ok().map(|meters| Self::Approx { meters })
            }
        }
    }

    /// The wire value (inverse of [`parse`](Self::parse)); `None` for
    /// [`Unstated`](Self::Unstated), which the data leaves out.
    ///
    /// ```
    /// use qikai_map::core::model::PositionAccuracy;
    /// let a = PositionAccuracy::Approx { meters: 50 };
    /// assert_eq!(a.to_wire().as_deref(), Some("approx_50m"));
    /// assert_eq!(PositionAccuracy::parse(&a.to_wire().unwrap()), Some(a));
    /// ```
    pub fn to_wire(self) -> Option<String> {
        match self {
            Self::Exact => Some("exact".into()),
            Self::Approx { meters } => Some(format!("approx_{meters}m")),
            Self::Schematic => Some("schematic".into()),
            Self::Unstated => None,
        }
    }

    /// True for hand-placed positions, which the UI must label as such.
    pub fn is_schematic(self) -> bool {
        self == Self::Schematic
    }
}

/// A closed ring of positions; the last equals the first.
pub type Ring = Vec<LngLat>;

/// The geometries the widget draws.
#[derive(Clone, Debug, PartialEq)]
pub enum Geometry {
    /// One position.
    Point(LngLat),
    /// Exterior ring then holes.
    Polygon(Vec<Ring>),
    /// Several polygons.
    MultiPolygon(Vec<Vec<Ring>>),
}

impl Geometry {
    /// True for polygons and multipolygons.
    pub fn is_areal(&self) -> bool {
        !matches!(self, Self::Point(_))
    }

    /// Every position, rings included.
    pub fn positions(&self) -> Box<dyn Iterator<Item = &LngLat> + '_> {
        match self {
            Self::Point(p) => Box::new(std::iter::once(p)),
            Self::Polygon(rings) => Box::new(rings.iter().flatten()),
            Self::MultiPolygon(polys) => Box::new(polys.iter().flatten().flatten()),
        }
    }

    /// The polygons as slices of rings (empty for a point).
    pub fn polygons(&self) -> Vec<&[Ring]> {
        match self {
            Self::Point(_) => Vec::new(),
            Self::Polygon(rings) => vec![rings.as_slice()],
            Self::MultiPolygon(polys) => polys.iter().map(Vec::as_slice).collect(),
        }
    }

    /// The bounding box.
    pub fn bounds(&self) -> Option<LngLatBounds> {
        match self {
            // No boxed iterator for the common case (100,000 points at load).
            Self::Point(p) => LngLatBounds::from_points(std::iter::once(p)),
            _ => LngLatBounds::from_points(self.positions()),
        }
    }
}

/// A dated event from the sources.
#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub date: String,
    /// What happened, in Chinese.
    pub event_zh: String,
    /// What happened, in English.
    pub event_en: String,
}

/// Figures given by a source. Units are in the names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// Investment in 元 (CNY).
    pub investment_yuan: Option<f64>,
    /// Land area in m².
    pub land_area_m2: Option<f64>,
    /// Floor area in m².
    pub building_area_m2: Option<f64>,
    /// Production capacity in vehicles per year.
    pub capacity_vehicles_per_year: Option<f64>,
}

impl Figures {
    /// True when no figure is given.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// One validated map feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// Stable id, unique in the catalog.
    pub id: String,
    /// Layer and symbol.
    pub kind: FeatureKind,
    /// Chinese name (shown as text, never as markup).
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Category, when the data gives one.
    pub category: Option<Category>,
    /// Status.
    pub status: Status,
    /// WGS-84 geometry.
    pub geometry: Geometry,
    /// Sourced figures.
    pub figures: Figures,
    /// Sourced dated events.
    pub milestones: Vec<Milestone>,
    /// The sentence or citation the figures come from.
    pub source: String,
    /// An http(s) link to the source, when there is one.
    pub source_url: Option<String>,
    /// How real the drawn position is.
    pub position_accuracy: PositionAccuracy,
    /// Optional Chinese note.
    pub note_zh: Option<String>,
    /// Optional English note.
    pub note_en: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_wire_names() {
        for kind in FeatureKind::ALL {
            assert_eq!(FeatureKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(FeatureKind::parse("Park"), None);
    }

    #[test]
    fn swap_stations_must_be_points_and_zones_must_be_areas() {
        let point = Geometry::Point(LngLat::lon_lat(125.0, 43.0));
        let square = Geometry::Polygon(vec![vec![
            LngLat::lon_lat(0.0, 0.0),
            LngLat::lon_lat(1.0, 0.0),
            LngLat::lon_lat(1.0, 1.0),
            LngLat::lon_lat(0.0, 0.0),
        ]]);
        assert!(FeatureKind::SwapStation.allows(&point));
        assert!(!FeatureKind::SwapStation.allows(&square));
        assert!(FeatureKind::Zone.allows(&square));
        assert!(!FeatureKind::Zone.allows(&point));
        assert!(FeatureKind::Park.allows(&point) && FeatureKind::Park.allows(&square));
    }

    #[test]
    fn accuracy_parses_only_well_formed_values() {
        assert_eq!(
            PositionAccuracy::parse("approx_1000m"),
            Some(PositionAccuracy::Approx { meters: 1000 })
        );
        for bad in [
            "approx_-5m",
            "approx_5",
            "approx_5km",
            "rough",
            "approx_1e3m",
        ] {
            assert_eq!(PositionAccuracy::parse(bad), None, "{bad}");
        }
        assert!(PositionAccuracy::parse("schematic").is_some_and(PositionAccuracy::is_schematic));
    }

    #[test]
    fn statuses_round_trip_through_their_wire_names() {
        for status in [
            Status::Planned,
            Status::UnderConstruction,
            Status::Operating,
            Status::Unknown,
        ] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn unknown_categories_are_kept_verbatim() {
        assert_eq!(Category::parse("battery"), Category::Battery);
        assert_eq!(
            Category::parse("charging_hub"),
            Category::Other("charging_hub".into())
        );
    }
}

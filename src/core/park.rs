//! Per-park figures computed from the geometry: area and perimeter of the
//! drawn outline, the projects inside it, their investment, and how far the
//! nearest swap station is from its centroid.

use super::catalog::Catalog;
use super::model::{Feature, FeatureKind, Geometry};
use super::query::{area_stats, geometry_contains};
use super::stations::{NearStation, StationIndex};

/// What the map can say about one area feature.
#[derive(Clone, Debug, PartialEq)]
pub struct ParkSummary {
    /// Geodesic area of the drawn outline.
    ///
    /// # Units
    /// Square metres.
    pub area_m2: f64,
    /// Geodesic perimeter of the drawn outline.
    ///
    /// # Units
    /// Metres.
    pub perimeter_m: f64,
    /// Ids of the projects whose position lies inside.
    pub project_ids: Vec<String>,
    /// Sum of the inside projects' stated investment.
    ///
    /// # Units
    /// 元 (CNY).
    pub investment_inside_yuan: f64,
    /// The station nearest the centroid.
    pub nearest_station: Option<NearStation>,
}

/// The summary of an area feature (`None` for points).
pub fn park_summary(
    catalog: &Catalog,
    stations: &StationIndex,
    park: &Feature,
) -> Option<ParkSummary> {
    let stats = area_stats(&park.geometry)?;
    let inside: Vec<&Feature> = catalog
        .of_kind(FeatureKind::Project)
        .filter(
            |f| matches!(f.geometry, Geometry::Point(p) if geometry_contains(&park.geometry, p)),
        )
        .collect();
    Some(ParkSummary {
        area_m2: stats.area_m2,
        perimeter_m: stats.perimeter_m,
        project_ids: inside.iter().map(|f| f.id.clone()).collect(),
        investment_inside_yuan: inside
            .iter()
            .filter_map(|f| f.figures.investment_yuan)
            .sum(),
        nearest_station: stations.nearest(stats.centroid, 1).into_iter().next(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Limits};

    #[test]
    fn the_zone_summary_counts_every_project_and_finds_a_station() {
        let catalog = Catalog::new(load_geojson(crate::DEFAULT_DATA, &Limits::default()).features);
        let stations = StationIndex::from_catalog(&catalog);
        let zone = catalog.get("zone-qikai").expect("zone");
        let s = park_summary(&catalog, &stations, zone).expect("an area");
        // Every project of the default data is placed inside the zone.
        assert_eq!(s.project_ids.len(), catalog.count(FeatureKind::Project));
        let stated: f64 = catalog
            .of_kind(FeatureKind::Project)
            .filter_map(|f| f.figures.investment_yuan)
            .sum();
        assert_eq!(s.investment_inside_yuan, stated);
        // The drawn schematic outline is of the order of the official 118.59 km².
        assert!((100e6..140e6).contains(&s.area_m2), "{}", s.area_m2);
        assert!(s.nearest_station.is_some());
    }

    #[test]
    fn a_point_feature_has_no_park_summary() {
        let catalog = Catalog::new(load_geojson(crate::DEFAULT_DATA, &Limits::default()).features);
        let stations = StationIndex::from_catalog(&catalog);
        let hq = catalog.get("landmark-faw-hq").expect("hq");
        assert!(park_summary(&catalog, &stations, hq).is_none());
    }
}

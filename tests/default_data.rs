//! The embedded default dataset: loads clean, and keeps the promises the UI
//! makes about it (schematic positions inside the zone, figures only with a source).

use geo::{Contains, LineString, Point, Polygon};
use qikai_map::core::catalog::Catalog;
use qikai_map::core::model::{FeatureKind, Geometry, PositionAccuracy};
use qikai_map::data::{load_geojson, Limits};
use qikai_map::DEFAULT_DATA;

fn catalog() -> Catalog {
    let out = load_geojson(DEFAULT_DATA, &Limits::default());
    assert!(
        out.report.is_clean(),
        "default data has issues: {:#?}",
        out.report.issues
    );
    assert!(
        out.report.unknown_properties.is_empty(),
        "{:?}",
        out.report.unknown_properties
    );
    Catalog::new(out.features)
}

fn zone_polygon(c: &Catalog) -> Polygon<f64> {
    let zone = c.get("zone-qikai").expect("the zone outline exists");
    let Geometry::Polygon(rings) = &zone.geometry else {
        panic!("zone is a polygon")
    };
    Polygon::new(
        LineString::from(rings[0].iter().map(|p| (p.lng, p.lat)).collect::<Vec<_>>()),
        vec![],
    )
}

#[test]
fn every_layer_is_present() {
    let c = catalog();
    for (kind, at_least) in [
        (FeatureKind::Zone, 1),
        (FeatureKind::District, 5),
        (FeatureKind::Park, 2),
        (FeatureKind::Project, 5),
        (FeatureKind::SwapStation, 3),
        (FeatureKind::Landmark, 5),
    ] {
        assert!(c.count(kind) >= at_least, "{kind:?}: {}", c.count(kind));
    }
}

#[test]
fn parks_projects_and_stations_are_schematic_and_inside_the_zone() {
    let c = catalog();
    let zone = zone_polygon(&c);
    for kind in [
        FeatureKind::Park,
        FeatureKind::Project,
        FeatureKind::SwapStation,
    ] {
        for f in c.of_kind(kind) {
            assert_eq!(f.position_accuracy, PositionAccuracy::Schematic, "{}", f.id);
            assert!(
                f.note_zh.is_some() && f.note_en.is_some(),
                "{} explains why it is schematic",
                f.id
            );
            for p in f.geometry.positions() {
                assert!(
                    zone.contains(&Point::new(p.lng, p.lat)),
                    "{} lies outside the zone",
                    f.id
                );
            }
        }
    }
    assert_eq!(
        c.get("zone-qikai").map(|z| z.position_accuracy),
        Some(PositionAccuracy::Schematic)
    );
}

#[test]
fn the_zone_holds_the_placed_landmarks_it_should() {
    let c = catalog();
    let zone = zone_polygon(&c);
    for id in [
        "landmark-faw-hq",
        "landmark-faw-vw",
        "landmark-metro-qichegongyuan",
        "landmark-metro-jiedadalu",
    ] {
        let f = c.get(id).unwrap_or_else(|| panic!("{id} exists"));
        let Geometry::Point(p) = f.geometry else {
            panic!("{id} is a point")
        };
        assert!(zone.contains(&Point::new(p.lng, p.lat)), "{id}");
        assert!(
            matches!(f.position_accuracy, PositionAccuracy::Approx { .. }),
            "{id}"
        );
    }
}

#[test]
fn every_figure_has_a_source() {
    let c = catalog();
    for f in c.features() {
        if !f.figures.is_empty() || !f.milestones.is_empty() {
            assert!(
                !f.source.is_empty() || f.source_url.is_some(),
                "{} has figures without a source",
                f.id
            );
        }
        assert!(!f.name_zh.is_empty() && !f.name_en.is_empty(), "{}", f.id);
    }
    // The article's figures are carried exactly (no rounding on the way in).
    let park = c.get("park-nev-components").expect("the article's park");
    assert_eq!(park.figures.land_area_m2, Some(292_200.0));
    assert_eq!(park.figures.building_area_m2, Some(193_000.0));
}

#[test]
fn the_home_view_is_the_zone() {
    let c = catalog();
    let home = c.home_bounds().expect("home");
    let zone = c
        .get("zone-qikai")
        .and_then(|z| z.geometry.bounds())
        .expect("zone bounds");
    assert_eq!(home, zone);
    assert!(c.bounds().expect("all").contains(home.center()));
}

//! The embedded default dataset: loads clean, and keeps the promises the UI
//! makes about it (schematic positions inside the zone and consistent with the
//! published relations between sites, figures only with a checkable source).

use geo::{Contains, Distance, Haversine, LineString, Point, Polygon};
use qikai_map::core::catalog::Catalog;
use qikai_map::core::model::{Feature, FeatureKind, Figures, Geometry, PositionAccuracy};
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

/// The source article, beside the checkout (as on every developer machine and in CI).
fn article() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/changchun-nev-article.zh.txt"
    );
    std::fs::read_to_string(path).expect("the source article beside the checkout")
}

#[test]
fn every_layer_has_the_documented_count() {
    // public/data/README.md lists these. No districts: no county boundary with a licence
    // that allows redistribution was found, so a portal supplies its own.
    let c = catalog();
    for (kind, n) in [
        (FeatureKind::Zone, 1),
        (FeatureKind::District, 0),
        (FeatureKind::Park, 3),
        (FeatureKind::Project, 4),
        (FeatureKind::SwapStation, 6),
        (FeatureKind::Landmark, 8),
    ] {
        assert_eq!(c.count(kind), n, "{kind:?}");
    }
    // Removed on purpose: EVE Energy only spoke at an expo, and the companies the
    // article attracts "来长投资" (to Changchun) have no published site in the zone.
    for gone in [
        "project-eve-energy",
        "project-magna",
        "project-fusai-electronics",
        "project-byd-battery",
    ] {
        assert!(c.get(gone).is_none(), "{gone} should not be on the map");
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

/// Why `f`'s figures cannot be checked, or `None` when they can: a source that is not a
/// verbatim sentence of the article must name where it comes from (a host name) or link it.
fn unsourced_figures(f: &Feature, article: &str) -> Option<String> {
    let has_figures = !f.figures.is_empty() || !f.milestones.is_empty();
    let quoted = !f.source.is_empty() && article.contains(f.source.as_str());
    let names_host = f
        .source
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .any(|word| {
            let parts: Vec<&str> = word.split('.').collect();
            parts.len() >= 2
                && parts.iter().all(|p| !p.is_empty())
                && ["com", "cn", "org", "net", "cc"].contains(parts.last().unwrap_or(&""))
        });
    if f.source.is_empty() && f.source_url.is_none() {
        return has_figures.then(|| format!("{} has figures and no source at all", f.id));
    }
    if !quoted && !names_host && f.source_url.is_none() {
        return Some(format!(
            "{}: source is not a sentence of the article and names no checkable publication: {}",
            f.id, f.source
        ));
    }
    None
}

#[test]
fn every_figure_has_a_source_the_reader_can_check() {
    let c = catalog();
    let article = article();
    for f in c.features() {
        if let Some(why) = unsourced_figures(f, &article) {
            panic!("{why}");
        }
        assert!(!f.name_zh.is_empty() && !f.name_en.is_empty(), "{}", f.id);
    }
    // The article's figures are carried exactly (no rounding on the way in).
    let park = c.get("park-nev-components").expect("the article's park");
    assert_eq!(park.figures.land_area_m2, Some(292_200.0));
    assert_eq!(park.figures.building_area_m2, Some(193_000.0));
    let findreams = c.get("project-faw-findreams").expect("一汽弗迪");
    assert_eq!(findreams.figures.land_area_m2, Some(375_500.0));
    assert_eq!(findreams.figures.investment_yuan, Some(13_500_000_000.0));
    // 118.59 km² is the managed area, not a land area: it is in the note, not in land_area_m2.
    let zone = c.get("zone-qikai").expect("zone");
    assert_eq!(zone.figures.land_area_m2, None);
    assert!(zone
        .note_zh
        .as_deref()
        .is_some_and(|n| n.contains("实际管理面积")));
}

#[test]
fn a_figure_without_a_checkable_source_is_caught() {
    let article = article();
    let c = catalog();
    let mut f = c.get("park-nev-components").expect("park").clone();
    assert_eq!(
        unsourced_figures(&f, &article),
        None,
        "the article's sentence passes"
    );
    // A made-up sentence in the article's voice: not in the article, no publication named.
    f.source = "这个园区总投资50亿元。".into();
    assert!(unsourced_figures(&f, &article).is_some());
    f.source = String::new();
    assert!(unsourced_figures(&f, &article).is_some());
    // Without figures there is nothing to source.
    f.figures = Figures::default();
    f.milestones.clear();
    assert_eq!(unsourced_figures(&f, &article), None);
    // A named publication passes.
    f.figures.investment_yuan = Some(1e9);
    f.source = "jl.chinadaily.com.cn 2024-02-03".into();
    assert_eq!(unsourced_figures(&f, &article), None);
}

#[test]
fn every_quoted_article_sentence_is_verbatim() {
    // Sources without a named publication or link are article sentences, and must be
    // the article's own words (the check above); these are the ones the UI leans on.
    let c = catalog();
    let article = article();
    for id in [
        "park-nev-components",
        "project-audi-faw-nev",
        "project-faw-crrc-edrive",
        "swap-schematic-1",
    ] {
        let f = c.get(id).unwrap_or_else(|| panic!("{id}"));
        assert!(article.contains(f.source.as_str()), "{id}: {}", f.source);
    }
}

fn anchor(c: &Catalog, id: &str) -> Point<f64> {
    let f = c.get(id).unwrap_or_else(|| panic!("{id} exists"));
    match &f.geometry {
        Geometry::Point(p) => Point::new(p.lng, p.lat),
        g => {
            let ring = &g.polygons()[0][0];
            let n = (ring.len() - 1) as f64;
            let (x, y) = ring[..ring.len() - 1]
                .iter()
                .fold((0.0, 0.0), |(x, y), p| (x + p.lng, y + p.lat));
            Point::new(x / n, y / n)
        }
    }
}

/// The relations of ../shared/data/README.md ("Published relations between sites") that
/// the schematic positions must respect; tools/build_data.py checks the same on every build.
#[test]
fn schematic_positions_respect_the_published_relations() {
    let c = catalog();
    let herun = anchor(&c, "park-herun");
    // 和润 is 毗邻 (next to) Audi FAW NEV, Hongqi Fanrong, 一汽中车电驱 and 一汽弗迪 (jl.cri.cn).
    for id in [
        "project-audi-faw-nev",
        "project-hongqi-fanrong",
        "project-faw-crrc-edrive",
        "project-faw-findreams",
    ] {
        let d = Haversine.distance(anchor(&c, id), herun);
        assert!(d <= 2_000.0, "{id} is {d:.0} m from 和润");
    }
    // 一汽弗迪 within about 2 km of Audi FAW NEV (China Daily).
    let d = Haversine.distance(
        anchor(&c, "project-faw-findreams"),
        anchor(&c, "project-audi-faw-nev"),
    );
    assert!(d <= 2_000.0, "一汽弗迪–Audi {d:.0} m");
    // 和润 on 腾飞大路, the south edge of the Automobile Park (proxy: its station on 东风大街).
    let park = anchor(&c, "landmark-automobile-park");
    let south_m = (park.y() - herun.y()).to_radians() * 6_371_008.8;
    assert!((500.0..=2_500.0).contains(&south_m), "{south_m:.0} m");
    // 一汽中车电驱 drawn inside the article's park (its tenant, very probably the same JV).
    let Geometry::Polygon(rings) = &c.get("park-nev-components").expect("park").geometry else {
        panic!("park is a polygon")
    };
    let park_polygon = Polygon::new(
        LineString::from(rings[0].iter().map(|p| (p.lng, p.lat)).collect::<Vec<_>>()),
        vec![],
    );
    assert!(park_polygon.contains(&anchor(&c, "project-faw-crrc-edrive")));
    // FAW Gate No.1 / the old FAW area on 东风大街 is in the zone: north-west of the 长沈铁路
    // by 孟家屯 (metro 孟家屯 and 抚松路, converted to WGS-84), while the railway bounds it.
    let zone = zone_polygon(&c);
    assert!(
        zone.contains(&Point::new(125.2515, 43.8556)),
        "old FAW area"
    );
    assert!(
        !zone.contains(&Point::new(125.2662, 43.8488)),
        "across the railway"
    );
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

//! Statistics computed from the loaded features, never hard-coded: counts by
//! kind, category and status, and investment totals.

use std::collections::BTreeMap;

use super::catalog::Catalog;
use super::model::{Category, FeatureKind, Status};

/// Counts and totals over a catalog.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CatalogStats {
    /// Features per kind.
    pub by_kind: BTreeMap<FeatureKind, usize>,
    /// Parks, projects and stations per category (context layers left out).
    pub by_category: Vec<(Category, usize)>,
    /// Parks, projects and stations per status.
    pub by_status: Vec<(Status, usize)>,
    /// Sum of `investment_yuan` over parks and projects that give one.
    ///
    /// # Units
    /// 元 (CNY).
    pub investment_total_yuan: f64,
    /// The features that sum is over, in data order (so the UI can say what it adds up).
    pub investment_ids: Vec<String>,
}

fn is_industry(kind: FeatureKind) -> bool {
    matches!(
        kind,
        FeatureKind::Park | FeatureKind::Project | FeatureKind::SwapStation
    )
}

/// Computes the statistics.
pub fn catalog_stats(catalog: &Catalog) -> CatalogStats {
    let mut stats = CatalogStats::default();
    let mut categories: Vec<(Category, usize)> = Vec::new();
    let mut statuses: Vec<(Status, usize)> = Vec::new();
    for f in catalog.features() {
        *stats.by_kind.entry(f.kind).or_default() += 1;
        if !is_industry(f.kind) {
            continue;
        }
        if let Some(c) = &f.category {
            match categories.iter_mut().find(|(k, _)| k == c) {
                Some((_, n)) => *n += 1,
                None => categories.push((c.clone(), 1)),
            }
        }
        match statuses.iter_mut().find(|(s, _)| *s == f.status) {
            Some((_, n)) => *n += 1,
            None => statuses.push((f.status, 1)),
        }
        if matches!(f.kind, FeatureKind::Park | FeatureKind::Project) {
            if let Some(v) = f.figures.investment_yuan {
                stats.investment_total_yuan += v;
                stats.investment_ids.push(f.id.clone());
            }
        }
    }
    // Largest groups first; ties keep first appearance.
    categories.sort_by_key(|c| std::cmp::Reverse(c.1));
    statuses.sort_by_key(|s| std::cmp::Reverse(s.1));
    stats.by_category = categories;
    stats.by_status = statuses;
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, Limits};

    #[test]
    fn statistics_add_up_to_the_loaded_features() {
        let out = load_geojson(crate::DEFAULT_DATA, &Limits::default());
        let catalog = Catalog::new(out.features);
        let s = catalog_stats(&catalog);
        assert_eq!(s.by_kind.values().sum::<usize>(), catalog.len());
        let industry = catalog
            .features()
            .iter()
            .filter(|f| is_industry(f.kind))
            .count();
        assert_eq!(s.by_status.iter().map(|(_, n)| n).sum::<usize>(), industry);
        let expected: f64 = catalog
            .features()
            .iter()
            .filter(|f| matches!(f.kind, FeatureKind::Park | FeatureKind::Project))
            .filter_map(|f| f.figures.investment_yuan)
            .sum();
        assert_eq!(s.investment_total_yuan, expected);
        assert!(s.investment_ids.len() >= 2);
        assert!(s
            .investment_ids
            .iter()
            .any(|id| id == "project-audi-faw-nev"));
        assert!(s.by_category.windows(2).all(|w| w[0].1 >= w[1].1));
    }
}

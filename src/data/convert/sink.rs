//! The per-feature conversion both loaders feed: [`FeatureSink`] takes the
//! entries of a `features` array in file order (duplicate ids, the feature
//! limit, unknown-property counts) and `convert_feature` checks one.
//!
//! For the browser's streaming fetch ([`set_in_turns`](FeatureSink::set_in_turns))
//! a big polygon's ring check is not run while its entry is taken: the fetch
//! runs it in turns between yields ([`advance`](FeatureSink::advance)), and
//! the entries after it wait, in order, until it is done (at most one pushed
//! piece of them). The outcome is the same as if it had run at once, which
//! is what every other caller gets: a caller pushing a whole file at once
//! would otherwise queue all of it.

use std::collections::{HashSet, VecDeque};

use serde_json::{Map, Value};

use super::geometry::{read_geometry, PendingRings};
use super::report::{LoadOutcome, LoadReport};
use super::too_many_features;
use crate::core::model::{Category, Feature, FeatureKind, Geometry, PositionAccuracy, Status};
use crate::data::geometry::AnyShapeReader;
use crate::data::problem::{FeatureIssue, Limits, Problem, Severity};
use crate::data::rules::{
    is_http_url, read_figures, read_id, read_milestones, truncate, TextReader, KNOWN_PROPERTIES,
};

/// Converts the entries of a `features` array one by one, in file order:
/// the per-feature checks, the duplicate-id check across features and the
/// unknown-property counts. Both loaders feed it, so they cannot disagree.
pub(crate) struct FeatureSink {
    limits: Limits,
    seen_ids: HashSet<String>,
    outcome: LoadOutcome,
    count: usize,
    /// Features that passed and were handed back by
    /// [`add_and_take`](Self::add_and_take) instead of kept: still loaded.
    taken: usize,
    /// The entry whose ring check is running in turns.
    checking: Option<Checking>,
    /// The entries that came after it, not yet converted.
    waiting: VecDeque<(Value, Option<AnyShapeReader>)>,
    /// Whether big ring checks wait for [`advance`](Self::advance).
    in_turns: bool,
}

/// An entry converted but for its ring check.
struct Checking {
    index: usize,
    id: Option<String>,
    feature: Option<Feature>,
    problems: Vec<Problem>,
    rings: PendingRings,
}

impl FeatureSink {
    pub(crate) fn new(limits: &Limits) -> Self {
        Self {
            limits: limits.clone(),
            seen_ids: HashSet::new(),
            outcome: LoadOutcome::default(),
            count: 0,
            taken: 0,
            checking: None,
            waiting: VecDeque::new(),
            in_turns: false,
        }
    }

    /// Leaves big ring checks to [`advance`](Self::advance), for a caller
    /// that pushes a file in pieces and calls it after each.
    pub(crate) fn set_in_turns(&mut self, in_turns: bool) {
        self.in_turns = in_turns;
    }

    /// Entries seen so far, converted or not.
    pub(crate) fn count(&self) -> usize {
        self.count + self.waiting.len()
    }

    /// Whether an entry's ring check is running: the next entries wait.
    fn busy(&self) -> bool {
        self.checking.is_some()
    }

    /// Goes on with the ring check in progress for about `steps` steps
    /// (`RingCheck::advance`), then with the entries that waited for it;
    /// true once nothing is left to do.
    pub(crate) fn advance(&mut self, steps: usize) -> bool {
        loop {
            if let Some(mut checking) = self.checking.take() {
                let Some(found) = checking.rings.check.advance(steps) else {
                    self.checking = Some(checking);
                    return false;
                };
                let at = checking.rings.at;
                checking.problems.splice(at..at, found);
                self.settle(
                    checking.index,
                    checking.id,
                    checking.feature,
                    checking.problems,
                );
            }
            let Some((raw, streamed)) = self.waiting.pop_front() else {
                return true;
            };
            self.convert(&raw, streamed);
        }
    }

    /// Every ring check and waiting entry done.
    fn catch_up(&mut self) {
        while !self.advance(usize::MAX) {}
    }

    /// Features kept (or handed back) so far.
    pub(crate) fn loaded(&self) -> usize {
        self.outcome.features.len() + self.taken
    }

    /// True once more entries than `max_features` were seen: the file will be
    /// refused, so nothing more is converted and what was is let go.
    pub(crate) fn over_limit(&self) -> bool {
        self.count > self.limits.max_features
    }

    /// Takes the next entry of `features` from its bytes when it is a clean
    /// point feature (see `fast_point`); false when it must go through
    /// [`add`](Self::add) instead, which then does all the bookkeeping.
    pub(crate) fn try_add_clean_point(&mut self, bytes: &[u8]) -> bool {
        if self.busy() || self.count >= self.limits.max_features {
            return false; // the limit's bookkeeping is add's
        }
        match crate::data::fast_point::clean_point_feature(bytes, &self.limits) {
            Some(feature) => self.try_add_clean(feature),
            None => false,
        }
    }

    /// Takes a feature a fast path found clean; false (nothing done) when
    /// [`add`](Self::add) must take the entry instead: at the feature limit,
    /// for a repeated id (which `add` reports), or while entries wait.
    pub(crate) fn try_add_clean(&mut self, feature: Feature) -> bool {
        if self.busy()
            || self.count >= self.limits.max_features
            || self.seen_ids.contains(&feature.id)
        {
            return false; // add reports the duplicate
        }
        self.seen_ids.insert(feature.id.clone());
        self.count += 1;
        self.outcome.features.push(feature);
        true
    }

    /// Converts the next entry of `features`.
    pub(crate) fn add(&mut self, raw: &Value) {
        self.add_streamed(raw, None);
    }

    /// Converts the next entry like [`add`](Self::add) (the same checks and
    /// report, duplicate ids included) but hands the feature back instead of
    /// keeping it: a caller that keeps only a compact form of each feature
    /// (the tiled layer) never holds all of them at once.
    pub(crate) fn add_and_take(&mut self, raw: &Value) -> Option<Feature> {
        let before = self.outcome.features.len();
        self.add(raw);
        self.catch_up();
        if self.outcome.features.len() > before {
            self.taken += 1;
            self.outcome.features.pop()
        } else {
            None
        }
    }

    /// Converts the next entry of `features` whose `geometry.coordinates`
    /// (when `streamed` is given) was read piece by piece into `streamed`;
    /// while a ring check runs, the entry waits for it.
    pub(crate) fn add_streamed(&mut self, raw: &Value, streamed: Option<AnyShapeReader>) {
        if self.busy() {
            self.waiting.push_back((raw.clone(), streamed));
        } else {
            self.convert(raw, streamed);
        }
    }

    fn convert(&mut self, raw: &Value, streamed: Option<AnyShapeReader>) {
        let index = self.count;
        self.count += 1;
        if self.over_limit() {
            if index == self.limits.max_features {
                self.outcome = LoadOutcome::default();
                self.seen_ids = HashSet::new();
                self.taken = 0;
            }
            return;
        }
        let mut problems = Vec::new();
        let mut rings = None;
        let (id, feature) = convert_feature(
            raw,
            &self.limits,
            &mut problems,
            &mut self.outcome.report,
            streamed,
            &mut rings,
        );
        match rings {
            Some(rings) if !self.in_turns => {
                let at = rings.at;
                problems.splice(at..at, rings.check.run_to_end());
                self.settle(index, id, feature, problems);
            }
            Some(rings) => {
                self.checking = Some(Checking {
                    index,
                    id,
                    feature,
                    problems,
                    rings,
                });
            }
            None => self.settle(index, id, feature, problems),
        }
    }

    /// An entry converted and checked: the duplicate-id check, its issues
    /// reported, the feature kept unless something was fatal.
    fn settle(
        &mut self,
        index: usize,
        id: Option<String>,
        feature: Option<Feature>,
        mut problems: Vec<Problem>,
    ) {
        if let Some(id) = &id {
            if problems.iter().all(|p| p.severity() == Severity::Warning)
                && !self.seen_ids.insert(id.clone())
            {
                problems.push(Problem::DuplicateId { id: id.clone() });
            }
        }
        let fatal = problems.iter().any(|p| p.severity() == Severity::Error);
        self.outcome
            .report
            .issues
            .extend(problems.into_iter().map(|problem| FeatureIssue {
                index,
                id: id.clone(),
                problem,
            }));
        if let (false, Some(f)) = (fatal, feature) {
            self.outcome.features.push(f);
        }
    }

    /// The features kept and the report, or `TooManyFeatures`.
    pub(crate) fn finish(mut self) -> LoadOutcome {
        self.catch_up();
        if self.over_limit() {
            return too_many_features(self.count, &self.limits);
        }
        let mut outcome = self.outcome;
        outcome.report.total = self.count;
        outcome.report.loaded = outcome.features.len() + self.taken;
        outcome
    }
}

/// Converts one feature; pushes every problem found. Returns the id (when
/// readable) and the feature (when nothing fatal was found so far).
fn convert_feature(
    raw: &Value,
    limits: &Limits,
    problems: &mut Vec<Problem>,
    report: &mut LoadReport,
    streamed: Option<AnyShapeReader>,
    rings: &mut Option<PendingRings>,
) -> (Option<String>, Option<Feature>) {
    let Some(obj) = raw
        .as_object()
        .filter(|o| o.get("type") == Some(&Value::from("Feature")))
    else {
        problems.push(Problem::NotAFeature);
        return (None, None);
    };
    let empty = Map::new();
    let props = match obj.get("properties") {
        Some(Value::Object(p)) => p,
        Some(Value::Null) | None => {
            problems.push(Problem::MissingField {
                field: "properties".into(),
            });
            &empty
        }
        Some(_) => {
            problems.push(Problem::WrongType {
                field: "properties".into(),
                expected: "an object",
            });
            &empty
        }
    };
    for key in props.keys() {
        if !KNOWN_PROPERTIES.contains(&key.as_str()) {
            *report
                .unknown_properties
                .entry(truncate(key, 64))
                .or_default() += 1;
        }
    }

    let id = read_id(obj, props, problems);
    let mut text = TextReader {
        props,
        limits,
        problems,
    };
    let name_zh = text.optional("name_zh");
    let name_en = text.optional("name_en");
    let source = text.optional("source").unwrap_or_default();
    let note_zh = text.optional("note_zh");
    let note_en = text.optional("note_en");
    let kind_text = text.optional("kind");
    let category = text.optional("category").map(|c| Category::parse(&c));
    let status_text = text.optional("status");
    let accuracy_text = text.optional("position_accuracy");
    let url_text = text.optional_unchecked("source_url");

    let (name_zh, name_en) = match (name_zh, name_en) {
        (Some(zh), Some(en)) => (zh, en),
        (Some(zh), None) => {
            problems.push(Problem::MissingTranslation {
                field: "name_en".into(),
            });
            (zh.clone(), zh)
        }
        (None, Some(en)) => {
            problems.push(Problem::MissingTranslation {
                field: "name_zh".into(),
            });
            (en.clone(), en)
        }
        (None, None) => {
            problems.push(Problem::MissingName);
            (String::new(), String::new())
        }
    };

    let kind = match kind_text {
        None => {
            problems.push(Problem::MissingField {
                field: "kind".into(),
            });
            None
        }
        Some(k) => FeatureKind::parse(&k).or_else(|| {
            problems.push(Problem::UnknownKind {
                value: truncate(&k, 64),
            });
            None
        }),
    };
    let status = match status_text {
        None => Status::Unknown,
        Some(s) => Status::parse(&s).unwrap_or_else(|| {
            problems.push(Problem::UnknownStatus {
                value: truncate(&s, 64),
            });
            Status::Unknown
        }),
    };
    let position_accuracy = match accuracy_text {
        None => {
            problems.push(Problem::MissingAccuracy);
            Some(PositionAccuracy::Unstated)
        }
        Some(a) => PositionAccuracy::parse(&a).or_else(|| {
            problems.push(Problem::InvalidAccuracy {
                value: truncate(&a, 64),
            });
            None
        }),
    };
    let source_url = url_text.and_then(|u| {
        if is_http_url(&u) {
            Some(u)
        } else {
            problems.push(Problem::UnsafeUrl {
                value: truncate(&u, 200),
            });
            None
        }
    });
    let figures = read_figures(props, problems);
    let milestones = read_milestones(props, limits, problems);
    let geometry = read_geometry(obj.get("geometry"), limits, problems, streamed, rings);
    if let (Some(kind), Some(geometry)) = (kind, &geometry) {
        if !kind.allows(geometry) {
            problems.push(Problem::GeometryNotAllowed {
                kind: kind.as_str(),
                geometry: geometry_name(geometry),
            });
        }
    }

    let feature = match (id.clone(), kind, geometry, position_accuracy) {
        (Some(id), Some(kind), Some(geometry), Some(position_accuracy)) => Some(Feature {
            id,
            kind,
            name_zh,
            name_en,
            category,
            status,
            geometry,
            figures,
            milestones,
            source,
            source_url,
            position_accuracy,
            note_zh,
            note_en,
        }),
        _ => None,
    };
    (id, feature)
}

fn geometry_name(g: &Geometry) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPolygon(_) => "MultiPolygon",
    }
}

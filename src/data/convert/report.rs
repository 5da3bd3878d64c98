//! What loading found (the visible data report) and the features kept.

use std::collections::{BTreeMap, HashSet};

use crate::core::model::Feature;
use crate::data::problem::{FeatureIssue, FileError, Severity};

/// What loading found: counts and every problem, for the visible data report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadReport {
    /// Entries in `features`.
    pub total: usize,
    /// Features kept.
    pub loaded: usize,
    /// A problem with the whole file; nothing was loaded.
    pub file_error: Option<FileError>,
    /// Problems with single features, in file order.
    pub issues: Vec<FeatureIssue>,
    /// Property names the widget does not read, with how many features had them.
    pub unknown_properties: BTreeMap<String, usize>,
}

impl LoadReport {
    /// Features skipped because of an error.
    pub fn skipped(&self) -> usize {
        self.total - self.loaded
    }

    /// True when nothing needs the user's attention.
    pub fn is_clean(&self) -> bool {
        self.file_error.is_none() && self.issues.is_empty()
    }

    /// Positions (in `features`) of the entries that were skipped: those
    /// with at least one error. A warning on such an entry did not keep it.
    pub fn skipped_indices(&self) -> HashSet<usize> {
        self.with_severity(Severity::Error)
            .map(|i| i.index)
            .collect()
    }

    /// Issues of one severity.
    pub fn with_severity(&self, severity: Severity) -> impl Iterator<Item = &FeatureIssue> {
        self.issues
            .iter()
            .filter(move |i| i.problem.severity() == severity)
    }
}

/// The features that passed and the report.
#[derive(Clone, Debug, Default)]
pub struct LoadOutcome {
    /// Validated features in file order.
    pub features: Vec<Feature>,
    /// What was wrong.
    pub report: LoadReport,
}

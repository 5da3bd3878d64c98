//! The analysis tools: what a tap does (select, or add a measuring vertex),
//! the measuring sketch and the coverage radius.

use leptos::prelude::*;

use crate::core::coord::LngLat;
use crate::core::sketch::{Sketch, SketchMode};

/// What a tap on the map does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Select features (the default).
    Browse,
    /// Add a vertex to the measuring sketch.
    Measure(SketchMode),
}

/// The analysis tools.
#[derive(Clone, Copy)]
pub struct ToolState {
    /// What a tap does.
    pub tool: ReadSignal<Tool>,
    set_tool: WriteSignal<Tool>,
    /// The measuring sketch (stays drawn after the tool is done, until cleared).
    pub sketch: ReadSignal<Sketch>,
    set_sketch: WriteSignal<Sketch>,
    /// Coverage rings radius, when shown.
    pub coverage_radius_m: ReadSignal<Option<f64>>,
    set_coverage: WriteSignal<Option<f64>>,
}

impl ToolState {
    pub(super) fn new() -> Self {
        let (tool, set_tool) = signal(Tool::Browse);
        let (sketch, set_sketch) = signal(Sketch::new(SketchMode::Line));
        let (coverage_radius_m, set_coverage) = signal(None);
        Self {
            tool,
            set_tool,
            sketch,
            set_sketch,
            coverage_radius_m,
            set_coverage,
        }
    }

    /// Whether a measuring tool is on (tracked).
    pub fn measuring(&self) -> bool {
        matches!(self.tool.get(), Tool::Measure(_))
    }

    /// Starts measuring in `mode` with a new sketch, or stops when that tool
    /// is already on. Returns whether measuring is now on.
    pub fn toggle_measure(&self, mode: SketchMode) -> bool {
        if self.tool.get_untracked() == Tool::Measure(mode) {
            self.set_tool.set(Tool::Browse);
            false
        } else {
            self.set_tool.set(Tool::Measure(mode));
            self.set_sketch.set(Sketch::new(mode));
            true
        }
    }

    /// Done measuring: the sketch stays drawn and labelled until cleared.
    pub fn finish_measure(&self) {
        self.set_tool.set(Tool::Browse);
    }

    /// Adds a vertex at `p`.
    pub fn add_vertex(&self, p: LngLat) {
        self.set_sketch.update(|s| *s = s.clone().with_vertex(p));
    }

    /// Moves vertex `i` to `p` (a dragged vertex).
    pub fn move_vertex(&self, i: usize, p: LngLat) {
        self.set_sketch
            .update(|s| *s = s.clone().with_vertex_moved(i, p));
    }

    /// Removes the last vertex.
    pub fn undo_vertex(&self) {
        self.set_sketch.update(|s| *s = s.clone().undone());
    }

    /// Clears the sketch (the mode stays).
    pub fn clear_sketch(&self) {
        self.set_sketch.update(|s| *s = Sketch::new(s.mode));
    }

    /// Shows rings of radius `r` (metres), or hides them when that radius is shown.
    pub fn toggle_coverage(&self, r: f64) {
        self.set_coverage
            .update(|c| *c = if *c == Some(r) { None } else { Some(r) });
    }

    /// Hides the coverage rings.
    pub fn clear_coverage(&self) {
        self.set_coverage.set(None);
    }

    /// No tool, no sketch, no rings.
    pub(super) fn reset(&self) {
        self.set_tool.set(Tool::Browse);
        self.set_sketch.set(Sketch::new(SketchMode::Line));
        self.set_coverage.set(None);
    }
}

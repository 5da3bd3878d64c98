//! The shape of the code, checked by scanning the source (STYLE.md):
//!
//! 1. the pure layers never name a browser or UI crate, and the renderers
//!    (web-sys on a canvas) never name the UI framework;
//! 2. dependencies point one way: core ← data; core ← view ← scene ← render;
//!    state ← components ← app; nothing imports from a layer above it, and
//!    the modules form no import circle;
//! 3. no component writes the state's signals itself: the state's action
//!    methods are the only writers.
//!
//! Test modules (`#[cfg(test)]`, at the bottom of a file) and comments are
//! not scanned: a test may build fixtures with the loader.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const PURE: [&str; 10] = [
    "src/bin",
    "src/core",
    "src/view",
    "src/scene",
    "src/data",
    "src/i18n",
    "src/embed",
    "src/story.rs",
    "src/state/slot.rs",
    "src/tiles",
];
const FORBIDDEN: [&str; 5] = ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo"];

/// Top-level modules and the modules each may import from. Anything not
/// listed is a layer above and must not be imported.
const ALLOWED: [(&str, &[&str]); 20] = [
    ("core", &[]),
    ("data", &["core"]),
    ("view", &["core"]),
    ("i18n", &["core", "data"]),
    ("story", &["core"]),
    // Tiled points are drawn from decoded tiles (pure, issue 17).
    ("scene", &["core", "view", "i18n", "tiles"]),
    ("render", &["core", "view", "scene", "i18n"]),
    ("embed", &["core", "data", "i18n", "view"]),
    // Tile math, MVT, PMTiles: pure, under the data boundary it feeds.
    ("tiles", &["core", "data"]),
    ("platform", &["core", "data", "view", "tiles"]),
    (
        "state",
        &[
            "core", "data", "view", "scene", "i18n", "embed", "platform", "story",
            // The loaded tiles, their plan and cache are the state's.
            "tiles",
        ],
    ),
    (
        "hooks",
        &["core", "data", "view", "scene", "i18n", "platform", "state"],
    ),
    (
        "host",
        &["core", "data", "view", "i18n", "embed", "platform", "state"],
    ),
    ("load", &["core", "data", "view", "embed", "platform"]),
    (
        "components",
        &[
            "core", "data", "view", "scene", "render", "i18n", "embed", "platform", "state",
            "hooks", "host", "story",
        ],
    ),
    (
        "app",
        &[
            "core",
            "data",
            "view",
            "scene",
            "i18n",
            "embed",
            "platform",
            "state",
            "hooks",
            "host",
            "components",
            "load",
        ],
    ),
    ("mount", &["core", "embed", "host", "i18n", "app"]),
    ("fatal", &["i18n", "platform"]),
    ("bench_exports", &["core", "data", "view", "scene"]),
    // Native commands (`qikai-map-check`, `qikai-map-prerender`): pure layers only, so they build
    // without a browser.
    (
        "bin",
        &["core", "data", "view", "scene", "embed", "i18n", "tiles"],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn files_of(rel: &str) -> Vec<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let mut files = Vec::new();
    if path.is_file() {
        files.push(path);
    } else if path.is_dir() {
        rust_files(&path, &mut files);
    }
    files
}

/// The code lines of a file: comments dropped, and nothing from the first
/// `#[cfg(test)]` on.
fn code_lines(file: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(file).expect("readable");
    text.lines()
        .enumerate()
        .take_while(|(_, l)| l.trim() != "#[cfg(test)]")
        .map(|(n, l)| (n + 1, l.split("//").next().unwrap_or("").to_string()))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect()
}

/// The top-level modules a file's code names (`crate::x`, or `qikai_map::x`
/// in a binary; `super::super::x` is not used in this code base).
fn named_modules(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    let next = |s: &str| {
        ["crate::", "qikai_map::"]
            .iter()
            .filter_map(|p| s.find(p).map(|i| (i, p.len())))
            .min()
    };
    while let Some((i, len)) = next(rest) {
        let tail = &rest[i + len..];
        let name: String = tail
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
        rest = tail;
    }
    out
}

fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root.join("src")).expect("under src");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

#[test]
fn pure_modules_do_not_name_browser_or_ui_crates() {
    let files: Vec<PathBuf> = PURE.iter().flat_map(|d| files_of(d)).collect();
    assert!(
        files.len() >= 20,
        "found only {} files: is the layout different?",
        files.len()
    );
    let mut offences = Vec::new();
    for file in &files {
        for (n, code) in code_lines(file) {
            for name in FORBIDDEN {
                if code.contains(&format!("{name}::")) || code.contains(&format!("use {name}")) {
                    offences.push(format!("{}:{n}: {}", file.display(), code.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "pure code names a browser crate:\n{}",
        offences.join("\n")
    );
}

/// The renderers execute a scene on a canvas through web-sys; the reactive
/// framework stays with the components that call them.
#[test]
fn renderers_use_the_browser_but_not_the_ui_framework() {
    let files = files_of("src/render");
    assert!(files.len() >= 2, "found {} render files", files.len());
    let offences: Vec<String> = files
        .iter()
        .flat_map(|file| {
            code_lines(file)
                .into_iter()
                .filter(|(_, code)| code.contains("leptos::") || code.contains("use leptos"))
                .map(move |(n, code)| format!("{}:{n}: {}", file.display(), code.trim()))
        })
        .collect();
    assert!(
        offences.is_empty(),
        "a renderer names leptos:\n{}",
        offences.join("\n")
    );
}

#[test]
fn dependencies_point_one_way_and_form_no_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, deps)| (*m, deps.iter().copied().collect()))
        .collect();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut offences = Vec::new();
    for file in &files {
        let module = module_of(root, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(ok) = allowed.get(module.as_str()) else {
            offences.push(format!(
                "{}: module `{module}` has no place in the layering table",
                file.display()
            ));
            continue;
        };
        for (n, code) in code_lines(file) {
            for dep in named_modules(&code) {
                // Crate-level items (the embedded data) are not a layer.
                if dep == module || dep.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                    continue;
                }
                if dep.starts_with(|c: char| c.is_ascii_uppercase()) {
                    continue;
                }
                graph.entry(module.clone()).or_default().insert(dep.clone());
                if !ok.contains(dep.as_str()) {
                    offences.push(format!(
                        "{}:{n}: `{module}` imports from `{dep}`, a layer above it",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
    // No circle: a depth-first search finds no back edge.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        on_path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = on_path.iter().position(|x| x == m) {
            let mut cycle = on_path[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        on_path.push(m.to_string());
        for dep in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(dep, graph, on_path, done) {
                return Some(c);
            }
        }
        on_path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(cycle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!("import circle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn only_the_state_module_writes_the_state() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let writes = [
        ".set(",
        ".update(",
        ".set_value(",
        ".update_value(",
        ".try_update_value(",
    ];
    let mut offences = Vec::new();
    for file in files
        .iter()
        .filter(|f| !f.starts_with(root.join("src/state")))
    {
        for (n, code) in code_lines(file) {
            // `state.<sub-state>.<field>.set(..)` or `state.<field>.set(..)`
            let Some(at) = code.find("state.") else {
                continue;
            };
            let tail = &code[at..];
            let call = tail.find('(').map_or(tail, |i| &tail[..=i]);
            if writes.iter().any(|w| call.ends_with(w)) {
                offences.push(format!("{}:{n}: {}", file.display(), code.trim()));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "components write the state directly; use an action:\n{}",
        offences.join("\n")
    );
}

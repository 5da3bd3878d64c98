//! The pure layers never name a browser or UI crate (STYLE.md: dependencies
//! point inward). A scan of the source keeps that true.

use std::path::Path;

const PURE_DIRS: [&str; 6] = [
    "src/core",
    "src/view",
    "src/scene",
    "src/data",
    "src/i18n",
    "src/story.rs",
];
const FORBIDDEN: [&str; 5] = ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo"];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn pure_modules_do_not_name_browser_or_ui_crates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in PURE_DIRS {
        let path = root.join(dir);
        if path.is_file() {
            files.push(path);
        } else {
            rust_files(&path, &mut files);
        }
    }
    assert!(
        files.len() >= 15,
        "found only {} files: is the layout different?",
        files.len()
    );
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in FORBIDDEN {
                if code.contains(&format!("{name}::")) || code.contains(&format!("use {name}")) {
                    offences.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
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

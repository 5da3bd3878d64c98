//! `qikai-map-prerender`: writes the first view — the home view of a data
//! file as static SVG markup, from the same scene the widget draws — for the
//! build to put into `index.html`, so a visitor sees the map before the
//! WebAssembly has arrived (the widget replaces it when it mounts).
//!
//! ```text
//! cargo run --bin qikai-map-prerender -- DATA_FILE OUT_HTML [CARDS_DIR]
//! cargo run --bin qikai-map-prerender -- --embedded OUT_HTML [CARDS_DIR [PACKED_OUT]]
//! ```
//!
//! With `PACKED_OUT` (`--embedded` only), also the loader's outcome for the
//! embedded data in `data::packed`'s form: what the release build reads
//! instead of parsing the data in the browser.
//!
//! With `CARDS_DIR`, also the details card of every feature a tap on the
//! first view can pick (`scene::first_card`), one file each, for the page to
//! fetch on a tap before the WebAssembly has arrived; the directory is
//! emptied first, so no card of an earlier build's data is left.
//!
//! The data file goes through the widget's own loader (GeoJSON or CSV).
//! `--embedded` draws the data this build embeds in the widget (the default
//! data, or a portal's `make build DATA=path`): the build's hook uses it, so
//! the first view is always of the data the widget will show.
//! Exit status 2 when the file cannot be read or nothing in it can be shown.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run(&std::env::args().skip(1).collect::<Vec<_>>()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use qikai_map::core::catalog::Catalog;
    use qikai_map::core::model::Feature;
    use qikai_map::data::packed::pack;
    use qikai_map::data::{load_file, load_text, Limits};
    use qikai_map::i18n::{problems::describe, Lang};
    use qikai_map::scene::first_card::{card_file_name, card_html, has_card};
    use qikai_map::scene::first_view::first_view_html;
    use std::path::Path;

    pub fn run(args: &[String]) -> i32 {
        let (data, out, cards, packed) = match args {
            [data, out] => (data, out, None, None),
            [data, out, cards] => (data, out, Some(cards), None),
            [data, out, cards, packed] if data == "--embedded" => {
                (data, out, Some(cards), Some(packed))
            }
            _ => {
                eprintln!("usage: qikai-map-prerender DATA_FILE|--embedded OUT_HTML [CARDS_DIR [PACKED_OUT]]");
                return 2;
            }
        };
        let outcome = if data == "--embedded" {
            load_text(qikai_map::EMBEDDED_DATA, &Limits::default())
        } else {
            match load_file(std::path::Path::new(data), &Limits::default()) {
                Ok(outcome) => outcome,
                Err(e) => {
                    eprintln!("qikai-map-prerender: cannot read {data}: {e}");
                    return 2;
                }
            }
        };
        let data = if data == "--embedded" {
            env!("QIKAI_EMBEDDED_DATA")
        } else {
            data
        };
        if outcome.features.is_empty() {
            eprintln!("qikai-map-prerender: nothing in {data} can be shown (see qikai-map-check)");
            return 2;
        }
        let n = outcome.features.len();
        if let Some(path) = packed {
            let bytes = pack(&outcome, qikai_map::EMBEDDED_DATA.as_bytes(), |p| {
                (describe(Lang::Zh, p), describe(Lang::En, p))
            });
            if let Err(e) = std::fs::write(path, &bytes) {
                eprintln!("qikai-map-prerender: cannot write {path}: {e}");
                return 2;
            }
            println!(
                "qikai-map-prerender: built-in data checked and packed: {} bytes -> {path}",
                bytes.len()
            );
        }
        if let Some(dir) = cards {
            match write_cards(Path::new(dir), &outcome.features) {
                Ok(k) => println!("qikai-map-prerender: {k} details cards -> {dir}"),
                Err(e) => {
                    eprintln!("qikai-map-prerender: cannot write the cards into {dir}: {e}");
                    return 2;
                }
            }
        }
        let html = first_view_html(&Catalog::new(outcome.features));
        if let Err(e) = std::fs::write(out, &html) {
            eprintln!("qikai-map-prerender: cannot write {out}: {e}");
            return 2;
        }
        println!(
            "qikai-map-prerender: first view of {n} features from {data}: {} bytes -> {out}",
            html.len()
        );
        0
    }

    /// Empties `dir` of earlier cards and writes one per pickable feature.
    fn write_cards(dir: &Path, features: &[Feature]) -> std::io::Result<usize> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::create_dir_all(dir)?;
        let mut written = 0;
        for f in features.iter().filter(|f| has_card(f)) {
            std::fs::write(dir.join(card_file_name(f.id.as_str())), card_html(f))?;
            written += 1;
        }
        Ok(written)
    }
}

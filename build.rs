//! Chooses the data built into the widget: the project's default file, or a
//! portal's own (`make build DATA=path`, which sets `QIKAI_DATA`), so a portal
//! ships its data, and the first view drawn from it, without a request.

use std::path::PathBuf;

fn main() {
    // The split build (feature `split`): wasm-split-cli needs the linker's
    // relocations to cut the wasm into chunks. A link argument of the bin
    // only, so dependencies are not rebuilt as a RUSTFLAGS change would.
    if std::env::var_os("CARGO_FEATURE_SPLIT").is_some()
        && std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
    {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
    println!("cargo:rerun-if-env-changed=QIKAI_DATA");
    println!("cargo:rerun-if-env-changed=QIKAI_ATTRIBUTION");
    println!("cargo:rerun-if-env-changed=QIKAI_HEADING");
    if let Ok(heading) = std::env::var("QIKAI_HEADING") {
        // One line, as for the credits.
        let heading = heading.split_whitespace().collect::<Vec<_>>().join(" ");
        if !heading.is_empty() {
            println!("cargo:rustc-env=QIKAI_HEADING_TEXT={heading}");
        }
    }
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let portal = std::env::var("QIKAI_DATA")
        .ok()
        .filter(|p| !p.trim().is_empty());
    let path = match &portal {
        Some(p) => root.join(p.trim()),
        None => root.join("public/data/qikai-map.geojson"),
    };
    let path = match path.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "QIKAI_DATA={}: cannot read {}: {e}",
                portal.unwrap_or_default(),
                path.display()
            );
            std::process::exit(1);
        }
    };
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rustc-env=QIKAI_EMBEDDED_DATA={}", path.display());
    // Names the embedded file for the packed copy the release build reads
    // (src/data/packed.rs, `source_hash`: FNV-1a 64): a packed file of other
    // data fails the build instead of showing it.
    let bytes = std::fs::read(&path).unwrap_or_default();
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    println!("cargo:rustc-env=QIKAI_EMBEDDED_HASH={hash:016x}");
    if portal.is_some() {
        println!("cargo:rustc-env=QIKAI_PORTAL_DATA=1");
        if let Ok(credits) = std::env::var("QIKAI_ATTRIBUTION") {
            // One line: cargo's rustc-env cannot carry a newline.
            let credits = credits.split_whitespace().collect::<Vec<_>>().join(" ");
            if !credits.is_empty() {
                println!("cargo:rustc-env=QIKAI_PORTAL_ATTRIBUTION={credits}");
            }
        }
    }
}

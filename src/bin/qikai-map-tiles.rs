//! `qikai-map-tiles`: builds a PMTiles v3 archive of vector tiles (MVT) from
//! a portal's data, for the widget's tiled source (issue 17).
//!
//! ```text
//! cargo run --release --bin qikai-map-tiles -- [options] FILE -o out.pmtiles
//! cargo run --release --bin qikai-map-tiles -- --synthetic 10000000 --seed 7 -o big.pmtiles
//! ```
//!
//! The file (GeoJSON or CSV) goes through the widget's own loader in pieces,
//! as the checker's does; features it skips are counted and left out. Low
//! zooms hold the widget's clusters (the dense layer's cluster index and
//! options: counts and investment sums match the page's), the deepest zoom
//! every feature with its properties. `--synthetic N` makes N seeded points
//! (the widget's stress generator) without an input file.
//!
//! Exit status: 0 = written, 1 = written but the loader skipped features,
//! 2 = nothing written (bad command line, unreadable or refused input).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::run(&args));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs::File;
    use std::io::{BufWriter, Write};
    use std::time::Instant;

    use qikai_map::core::coord::{LngLat, LngLatBounds};
    use qikai_map::data::synthetic::synthetic_stream;
    use qikai_map::data::{load_file, Limits};
    use qikai_map::i18n::Lang;
    use qikai_map::scene::dense::cluster_options;
    use qikai_map::tiles::build::{build, metadata, BuildOptions, TileSource};
    use qikai_map::tiles::pmtiles::{ArchiveInfo, ArchiveWriter, Compression, TileType};

    /// Jilin province, roughly: the default box of `--synthetic`.
    const JILIN: [f64; 4] = [121.6, 40.8, 131.3, 46.3];

    struct Args {
        lang: Lang,
        input: Option<String>,
        synthetic: Option<(usize, u64, LngLatBounds)>,
        output: String,
        /// `--xyz DIR`: a `z/x/y.mvt` directory instead of an archive.
        xyz: bool,
        options: BuildOptions,
        limits: Limits,
    }

    fn lang_from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.trim().is_empty())
            .and_then(|v| Lang::from_tag(&v))
            .unwrap_or(Lang::Zh)
    }

    fn usage(lang: Lang) -> String {
        lang.pick(
            "用法：qikai-map-tiles [选项] 文件 -o 输出.pmtiles\n\
             \x20     qikai-map-tiles --synthetic 数量 [--seed 种子] [--bbox 西,南,东,北] -o 输出.pmtiles\n\
             选项：\n\
             \x20 --min-zoom N      最小缩放级别（默认 0）\n\
             \x20 --max-zoom N      最深缩放级别，包含全部要素（默认 14）；更低级别为聚合\n\
             \x20 --gzip N          瓦片压缩级别 0–9（默认 6）\n\
             \x20 --xyz 目录        写出 z/x/y.mvt 目录（静态托管），代替 -o 的 PMTiles 文件\n\
             \x20 --max-mb N        输入文件大小上限（默认与组件相同：50）\n\
             \x20 --max-features N  要素数上限（默认与组件相同：1000000）\n\
             \x20 --lang zh|en      输出语言",
            "usage: qikai-map-tiles [options] FILE -o OUT.pmtiles\n\
             \x20      qikai-map-tiles --synthetic N [--seed S] [--bbox W,S,E,N] -o OUT.pmtiles\n\
             options:\n\
             \x20 --min-zoom N      lowest zoom (default 0)\n\
             \x20 --max-zoom N      deepest zoom, with every feature (default 14); lower zooms are clustered\n\
             \x20 --gzip N          tile compression level 0-9 (default 6)\n\
             \x20 --xyz DIR         write a z/x/y.mvt directory (static hosting) instead of -o's PMTiles file\n\
             \x20 --max-mb N        largest input file (default as the widget: 50)\n\
             \x20 --max-features N  most features (default as the widget: 1000000)\n\
             \x20 --lang zh|en      language of the messages",
        )
        .to_string()
    }

    fn parse(raw: &[String]) -> Result<Option<Args>, (Lang, String)> {
        let mut lang = lang_from_env();
        // The language first, so that errors are in it.
        if let Some(i) = raw.iter().position(|a| a == "--lang") {
            match raw.get(i + 1).and_then(|v| Lang::from_tag(v)) {
                Some(l) => lang = l,
                None => {
                    return Err((
                        lang,
                        lang.pick("--lang 需要 zh 或 en", "--lang needs zh or en")
                            .into(),
                    ))
                }
            }
        }
        let mut a = Args {
            lang,
            input: None,
            synthetic: None,
            output: String::new(),
            xyz: false,
            options: BuildOptions {
                min_zoom: 0,
                max_zoom: 14,
                cluster: cluster_options(),
                gzip_level: 6,
                max_tiles_per_area: 4096,
            },
            limits: Limits::default(),
        };
        let mut seed = 7u64;
        let mut count = None;
        let mut bbox = JILIN;
        let mut it = raw.iter();
        let bad = |what: &str| {
            (
                lang,
                lang.pick("参数无效：", "invalid argument: ").to_string() + what,
            )
        };
        while let Some(arg) = it.next() {
            let mut value =
                |name: &str| it.next().cloned().ok_or_else(|| bad(&format!("{name} ?")));
            match arg.as_str() {
                "-h" | "--help" => return Ok(None),
                "--lang" => {
                    value("--lang")?;
                }
                "-o" | "--output" => a.output = value("-o")?,
                "--xyz" => {
                    a.output = value("--xyz")?;
                    a.xyz = true;
                }
                "--synthetic" => {
                    count = Some(
                        value("--synthetic")?
                            .parse()
                            .map_err(|_| bad("--synthetic"))?,
                    )
                }
                "--seed" => seed = value("--seed")?.parse().map_err(|_| bad("--seed"))?,
                "--bbox" => {
                    let v = value("--bbox")?;
                    let parts: Vec<f64> =
                        v.split(',').filter_map(|p| p.trim().parse().ok()).collect();
                    if parts.len() != 4 || parts[0] >= parts[2] || parts[1] >= parts[3] {
                        return Err(bad(&format!("--bbox {v}")));
                    }
                    bbox = [parts[0], parts[1], parts[2], parts[3]];
                }
                "--min-zoom" => {
                    a.options.min_zoom = value("--min-zoom")?
                        .parse()
                        .map_err(|_| bad("--min-zoom"))?
                }
                "--max-zoom" => {
                    a.options.max_zoom = value("--max-zoom")?
                        .parse()
                        .map_err(|_| bad("--max-zoom"))?
                }
                "--gzip" => {
                    a.options.gzip_level = value("--gzip")?
                        .parse()
                        .ok()
                        .filter(|l: &u8| *l <= 9)
                        .ok_or_else(|| bad("--gzip"))?
                }
                "--max-mb" => {
                    let mb: usize = value("--max-mb")?.parse().map_err(|_| bad("--max-mb"))?;
                    a.limits.max_bytes = mb.saturating_mul(1024 * 1024);
                }
                "--max-features" => {
                    a.limits.max_features = value("--max-features")?
                        .parse()
                        .map_err(|_| bad("--max-features"))?
                }
                other if other.starts_with('-') => return Err(bad(other)),
                other => {
                    if a.input.replace(other.to_string()).is_some() {
                        return Err(bad(other));
                    }
                }
            }
        }
        if a.options.max_zoom > 20 || a.options.min_zoom > a.options.max_zoom {
            return Err(bad("--min-zoom/--max-zoom (0 ≤ min ≤ max ≤ 20)"));
        }
        if a.output.is_empty() {
            return Err(bad(lang.pick("缺少 -o 输出文件", "-o OUT is missing")));
        }
        if let Some(n) = count {
            let bounds = LngLatBounds {
                min: LngLat::lon_lat(bbox[0], bbox[1]),
                max: LngLat::lon_lat(bbox[2], bbox[3]),
            };
            a.synthetic = Some((n, seed, bounds));
        }
        if a.input.is_some() == a.synthetic.is_some() {
            return Err(bad(lang.pick(
                "需要一个输入文件或 --synthetic，二者选一",
                "give one input file or --synthetic, not both or neither",
            )));
        }
        Ok(Some(a))
    }

    fn say(line: &str) {
        let _ = writeln!(std::io::stderr(), "{line}");
    }

    /// Runs the command; returns the exit status.
    pub fn run(raw: &[String]) -> i32 {
        let args = match parse(raw) {
            Ok(Some(a)) => a,
            Ok(None) => {
                let _ = writeln!(std::io::stdout(), "{}", usage(lang_from_env()));
                return 0;
            }
            Err((lang, message)) => {
                say(&format!("{message}\n\n{}", usage(lang)));
                return 2;
            }
        };
        let lang = args.lang;
        let started = Instant::now();
        let mut source = TileSource::new();
        let mut skipped = 0usize;
        if let Some((n, seed, bounds)) = args.synthetic {
            for f in synthetic_stream(n, seed, bounds) {
                source.add(f);
            }
        } else if let Some(path) = &args.input {
            match load(path, &args.limits) {
                Ok((outcome, total)) => {
                    if let Some(e) = &outcome.report.file_error {
                        say(&format!(
                            "{path}: {}{e}",
                            lang.pick("无法加载：", "cannot be loaded: ")
                        ));
                        return 2;
                    }
                    skipped = total - outcome.features.len();
                    for f in outcome.features {
                        source.add(f);
                    }
                }
                Err(e) => {
                    say(&format!("{path}: {e}"));
                    return 2;
                }
            }
        }
        if source.points() + source.areas() == 0 {
            say(lang.pick(
                "没有可用的要素，未写入文件",
                "no usable feature: nothing written",
            ));
            return 2;
        }
        let loaded_s = started.elapsed().as_secs_f64();
        say(&format!(
            "{} {} / {} {} ({:.1} s{})",
            source.points(),
            lang.pick("个点", "points"),
            source.areas(),
            lang.pick("个面", "areas"),
            loaded_s,
            if skipped > 0 {
                format!(
                    "; {skipped} {}",
                    lang.pick(
                        "个要素被加载器跳过（用 qikai-map-check 查看原因）",
                        "features skipped by the loader (qikai-map-check says why)"
                    )
                )
            } else {
                String::new()
            }
        ));
        let written = if args.xyz {
            write_xyz(&args, &source)
        } else {
            write(&args, &source, started)
        };
        match written {
            Ok(()) => i32::from(skipped > 0),
            Err(e) => {
                say(&format!("{}: {e}", args.output));
                2
            }
        }
    }

    fn load(path: &str, limits: &Limits) -> std::io::Result<(qikai_map::data::LoadOutcome, usize)> {
        let outcome = load_file(std::path::Path::new(path), limits)?;
        let total = outcome.report.total;
        Ok((outcome, total))
    }

    /// Every tile as `DIR/z/x/y.mvt`, gzip-compressed as in an archive
    /// (the widget inflates what starts with gzip's magic; a web server may
    /// instead send them with `Content-Encoding: gzip`). Tiles that would
    /// be empty are not written: the widget reads a 404 as an empty tile.
    fn write_xyz(args: &Args, source: &TileSource) -> std::io::Result<()> {
        let lang = args.lang;
        let root = std::path::Path::new(&args.output);
        let mut count = 0u64;
        let mut bytes_total = 0u64;
        build(
            source,
            &args.options,
            |z| say(&format!("{} {z}", lang.pick("缩放级别", "zoom"))),
            |tile, bytes| -> std::io::Result<()> {
                let dir = root.join(tile.z.to_string()).join(tile.x.to_string());
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join(format!("{}.mvt", tile.y)), bytes)?;
                count += 1;
                bytes_total += bytes.len() as u64;
                Ok(())
            },
        )?;
        say(&format!(
            "{}: {count} {} {bytes_total} B",
            args.output,
            lang.pick("个瓦片，共", "tiles,"),
        ));
        Ok(())
    }

    fn write(args: &Args, source: &TileSource, started: Instant) -> std::io::Result<()> {
        let lang = args.lang;
        let tmp_path = format!("{}.tiles.tmp", args.output);
        let mut data = BufWriter::with_capacity(1 << 20, File::create(&tmp_path)?);
        let mut writer = ArchiveWriter::new();
        let mut previous: Vec<u8> = Vec::new();
        let zoom_started = Instant::now();
        let result = build(
            source,
            &args.options,
            |z| {
                say(&format!(
                    "{} {z} ({:.1} s)",
                    lang.pick("缩放级别", "zoom"),
                    zoom_started.elapsed().as_secs_f64()
                ))
            },
            |tile, bytes| -> std::io::Result<()> {
                let out = writer
                    .add(tile, bytes, Some(&previous))
                    .map_err(std::io::Error::other)?;
                data.write_all(out)?;
                previous.clear();
                previous.extend_from_slice(bytes);
                Ok(())
            },
        );
        let (stats, _) = match result {
            Ok(r) => r,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp_path);
                return Err(e);
            }
        };
        data.flush()?;
        drop(data);
        let bounds = source.bounds().unwrap_or(LngLatBounds {
            min: LngLat::lon_lat(-180.0, -85.0),
            max: LngLat::lon_lat(180.0, 85.0),
        });
        let info = ArchiveInfo {
            tile_type: TileType::Mvt,
            tile_compression: Compression::Gzip,
            min_zoom: args.options.min_zoom,
            max_zoom: args.options.max_zoom,
            bounds,
            center_zoom: args.options.max_zoom.min(10),
            metadata: metadata(
                &args.options,
                source,
                concat!("qikai-map-tiles ", env!("CARGO_PKG_VERSION")),
            ),
        };
        let prefix = writer.finish(&info);
        let mut out = BufWriter::new(File::create(&args.output)?);
        out.write_all(&prefix)?;
        std::io::copy(&mut File::open(&tmp_path)?, &mut out)?;
        out.flush()?;
        drop(out);
        std::fs::remove_file(&tmp_path)?;
        let size = std::fs::metadata(&args.output)?.len();
        for (z, tiles, bytes, features, clusters) in &stats.zooms {
            say(&format!(
                "  z{z:<2} {tiles:>9} {} {bytes:>13} B  {features:>10} {} {clusters:>9} {}",
                lang.pick("瓦片", "tiles"),
                lang.pick("要素", "features"),
                lang.pick("聚合", "clusters"),
            ));
        }
        if let Some((t, n)) = stats.largest_tile {
            say(&format!(
                "{} {t}: {n} B",
                lang.pick("最大瓦片", "largest tile")
            ));
        }
        if stats.left_out > 0 {
            say(&format!(
                "{} {}",
                stats.left_out,
                lang.pick(
                    "次要素或聚合在某个级别无法编码而被略去（面在该级别缩为一点，或面过大）",
                    "times a feature or cluster was left out of a zoom (an area collapsed or too large there)"
                )
            ));
        }
        say(&format!(
            "{}: {size} B, {} {} ({:.1} s)",
            args.output,
            writer.entries().len(),
            lang.pick("个目录项", "directory entries"),
            started.elapsed().as_secs_f64()
        ));
        Ok(())
    }
}

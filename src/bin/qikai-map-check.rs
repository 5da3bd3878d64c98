//! `qikai-map-check`: checks a portal's data file with the widget's own
//! loader and prints the widget's own data report, in 中文 or English.
//!
//! ```text
//! cargo run --bin qikai-map-check -- [--lang zh|en] [--json] [--max-mb N]
//!     [--max-features N] [--max-vertices N] [--max-text N] FILE...
//! ```
//!
//! Exit status (the worst over all files): 0 = loads with no problems,
//! 1 = loads with problems (features skipped or fields dropped: the data
//! report lists them), 2 = nothing can be used (the file is refused, every
//! feature is skipped, or it cannot be read), or the command line is wrong.
//!
//! No second validator: the bytes go through `AnyFormatLoader` in pieces,
//! as the widget's streaming fetch feeds it, and the words are
//! `i18n::report`'s, the ones the data report panel shows.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cli::run(&args, cli::lang_from_env()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::Write;

    use qikai_map::data::{load_file, Limits, LoadReport, Severity};
    use qikai_map::embed::options::EmbedOptions;
    use qikai_map::i18n::problems::{describe_file_error, load_failed_reason};
    use qikai_map::i18n::report::{report_text, ReportText};
    use qikai_map::i18n::{text, Lang, Msg};
    use serde_json::json;

    /// What the command line asks for.
    struct Args {
        lang: Lang,
        json: bool,
        limits: Limits,
        files: Vec<String>,
    }

    /// The verdict on one file, as an exit status.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Verdict {
        Clean = 0,
        Problems = 1,
        Refused = 2,
    }

    impl Verdict {
        fn of(report: &LoadReport) -> Self {
            if report.loaded == 0 {
                Self::Refused
            } else if report.is_clean() {
                Self::Clean
            } else {
                Self::Problems
            }
        }

        fn name(self) -> &'static str {
            match self {
                Self::Clean => "clean",
                Self::Problems => "problems",
                Self::Refused => "refused",
            }
        }
    }

    /// The language of the environment (POSIX order: `LC_ALL`, `LC_MESSAGES`,
    /// `LANG`), else 中文.
    pub fn lang_from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.trim().is_empty())
            .and_then(|v| Lang::from_tag(&v))
            .unwrap_or(Lang::Zh)
    }

    /// Runs the command; returns the exit status.
    pub fn run(raw: &[String], default_lang: Lang) -> i32 {
        let args = match parse(raw, default_lang) {
            Ok(Some(args)) => args,
            Ok(None) => {
                print_lines(&[usage(default_lang)]);
                return 0;
            }
            Err(message) => {
                let lang = default_lang;
                let _ = writeln!(std::io::stderr(), "{}\n\n{}", clean(&message), usage(lang));
                return 2;
            }
        };
        let mut worst = Verdict::Clean;
        for (n, path) in args.files.iter().enumerate() {
            let verdict = match read(path, &args.limits) {
                Ok(report) => {
                    let verdict = Verdict::of(&report);
                    if args.json {
                        print_lines(&[json_report(path, &report, verdict, args.lang)]);
                    } else {
                        if n > 0 {
                            print_lines(&[String::new()]);
                        }
                        print_lines(&text_report(path, &report, verdict, args.lang));
                    }
                    verdict
                }
                Err(e) => {
                    let message = args
                        .lang
                        .pick("无法读取 {path}：{error}", "cannot read {path}: {error}")
                        .replace("{path}", path)
                        .replace("{error}", &e.to_string());
                    if args.json {
                        let v = json!({
                            "file": path, "status": "unreadable", "exit": 2, "message": message,
                        });
                        print_lines(&[v.to_string()]);
                    } else {
                        let _ = writeln!(std::io::stderr(), "{}", clean(&message));
                    }
                    Verdict::Refused
                }
            };
            worst = worst.max(verdict);
        }
        worst as i32
    }

    /// The command line, `Ok(None)` for `--help`.
    fn parse(raw: &[String], default_lang: Lang) -> Result<Option<Args>, String> {
        let mut lang = default_lang;
        let mut json = false;
        let mut limit_pairs: Vec<(String, String)> = Vec::new();
        let mut files = Vec::new();
        let mut it = raw.iter();
        let mut options_done = false;
        while let Some(arg) = it.next() {
            if options_done || !arg.starts_with("--") && arg != "-h" {
                files.push(arg.clone());
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (arg.as_str(), None),
            };
            let mut value = |what: &str| -> Result<String, String> {
                inline
                    .clone()
                    .or_else(|| it.next().cloned())
                    .ok_or_else(|| {
                        lang.pick(
                            "{name} 需要一个值（{what}）",
                            "{name} needs a value ({what})",
                        )
                        .replace("{name}", name)
                        .replace("{what}", what)
                    })
            };
            match name {
                "--" => options_done = true,
                "-h" | "--help" => return Ok(None),
                "--json" => json = true,
                "--lang" => {
                    let v = value("zh|en")?;
                    lang = match v.as_str() {
                        "zh" => Lang::Zh,
                        "en" => Lang::En,
                        _ => {
                            return Err(lang
                                .pick(
                                    "--lang 只能是 zh 或 en，而不是 {v}",
                                    "--lang is zh or en, not {v}",
                                )
                                .replace("{v}", &v))
                        }
                    };
                }
                "--max-mb" | "--max-features" | "--max-vertices" | "--max-text" => {
                    let v = value("N")?;
                    limit_pairs.push((name[2..].replace('-', "_"), v));
                }
                _ => {
                    return Err(lang
                        .pick("未知选项 {name}", "unknown option {name}")
                        .replace("{name}", name))
                }
            }
        }
        // The limits are read by the widget's own option parser, so they
        // take the same values (and refuse the same ones) as `max_mb=` etc.
        let (options, problems) = EmbedOptions::from_pairs(limit_pairs);
        if let Some(p) = problems.first() {
            return Err(format!("--{}: {}", p.name.replace('_', "-"), p.reason));
        }
        if files.is_empty() {
            return Err(lang
                .pick("没有给出要检查的文件", "no file to check")
                .to_string());
        }
        Ok(Some(Args {
            lang,
            json,
            limits: options.limits,
            files,
        }))
    }

    fn usage(lang: Lang) -> String {
        lang.pick(
            "用法：qikai-map-check [--lang zh|en] [--json] [--max-mb N] [--max-features N] \
             [--max-vertices N] [--max-text N] 文件.geojson|文件.csv ...\n\
             用地图组件自己的加载器检查数据文件，输出与组件“数据报告”相同的内容。\n\
             退出码：0 = 可以加载，没有问题；1 = 可以加载，但有问题（跳过的要素或略去的字段）；\n\
             2 = 无法使用（文件被拒绝、所有要素都被跳过或无法读取），或命令行有误。\n\
             语言默认取自 LC_ALL、LC_MESSAGES、LANG 环境变量，否则为中文。",
            "usage: qikai-map-check [--lang zh|en] [--json] [--max-mb N] [--max-features N] \
             [--max-vertices N] [--max-text N] FILE.geojson|FILE.csv ...\n\
             Checks a data file with the widget's own loader and prints the widget's data report.\n\
             Exit status: 0 = loads with no problems; 1 = loads with problems (features skipped\n\
             or fields dropped); 2 = nothing can be used (refused, every feature skipped, or\n\
             unreadable), or a wrong command line.\n\
             The language defaults to LC_ALL, LC_MESSAGES or LANG, else Chinese.",
        )
        .to_string()
    }

    /// Loads a file as the widget's streaming fetch does (`data::load_file`).
    fn read(path: &str, limits: &Limits) -> std::io::Result<LoadReport> {
        Ok(load_file(std::path::Path::new(path), limits)?.report)
    }

    /// The report in words, then a last line with the verdict.
    fn text_report(path: &str, report: &LoadReport, verdict: Verdict, lang: Lang) -> Vec<String> {
        let mut lines = vec![path.to_string()];
        lines.extend(report_text(lang, report).lines());
        lines.push(verdict_line(report, verdict, lang));
        lines.iter().map(|l| clean(l)).collect()
    }

    fn verdict_line(report: &LoadReport, verdict: Verdict, lang: Lang) -> String {
        let warnings = report.with_severity(Severity::Warning).count();
        match verdict {
            Verdict::Clean => lang
                .pick(
                    "结果：可以加载，没有问题（退出码 0）",
                    "Result: loads with no problems (exit status 0)",
                )
                .to_string(),
            Verdict::Problems => lang
                .pick(
                    "结果：可以加载，但有问题：跳过 {skipped} 个要素，警告 {warnings} 条（退出码 1）",
                    "Result: loads with problems: {skipped} features skipped, {warnings} warnings (exit status 1)",
                )
                .replace("{skipped}", &report.skipped().to_string())
                .replace("{warnings}", &warnings.to_string()),
            // The line the map shows over its context when a file is refused.
            Verdict::Refused => format!(
                "{}: {}{}",
                text(lang, Msg::LoadFailed),
                load_failed_reason(lang, report).unwrap_or_default(),
                lang.pick("（退出码 2）", " (exit status 2)")
            ),
        }
    }

    /// One line of JSON: the counts, the verdict and every item, in words
    /// and by code.
    fn json_report(path: &str, report: &LoadReport, verdict: Verdict, lang: Lang) -> String {
        let t: ReportText = report_text(lang, report);
        let items: Vec<_> = report
            .issues
            .iter()
            .zip(&t.items)
            .map(|(issue, item)| {
                json!({
                    "index": issue.index,
                    "id": issue.id,
                    "code": item.code,
                    "severity": if item.fatal { "error" } else { "warning" },
                    "kept": item.kept,
                    "message": item.problem,
                })
            })
            .collect();
        json!({
            "file": path,
            "status": verdict.name(),
            "exit": verdict as i32,
            "lang": if lang == Lang::Zh { "zh" } else { "en" },
            "total": report.total,
            "loaded": report.loaded,
            "skipped": report.skipped(),
            "warnings": report.with_severity(Severity::Warning).count(),
            "summary": t.summary,
            "file_error": report.file_error.as_ref().map(|e| json!({
                "code": e.code(),
                "message": describe_file_error(lang, e),
            })),
            "issues": items,
            "unknown_properties": report.unknown_properties,
            "lines": t.lines(),
        })
        .to_string()
    }

    /// A line safe to print on a terminal: control characters (a line break
    /// that would forge a report line, an escape sequence that would recolour
    /// or retitle the terminal) and bidirectional overrides are written as
    /// `\u{..}`; everything else, markup included, is printed as it is: text.
    fn clean(line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        for c in line.chars() {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Prints lines; a closed pipe (`| head`) is not an error worth a panic.
    fn print_lines(lines: &[String]) {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for line in lines {
            if writeln!(out, "{line}").is_err() {
                return;
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn control_characters_are_escaped_and_markup_is_kept() {
            assert_eq!(
                clean("a\u{1b}[31m<script>\n- x\u{202e}"),
                "a\\u{1b}[31m<script>\\u{a}- x\\u{202e}"
            );
        }

        #[test]
        fn limits_are_read_by_the_widgets_own_option_parser() {
            let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            let parsed = parse(&args(&["--max-features=3", "--max-mb", "2", "f"]), Lang::En)
                .expect("valid")
                .expect("not help");
            assert_eq!(parsed.limits.max_features, 3);
            assert_eq!(parsed.limits.max_bytes, 2 * 1024 * 1024);
            let err = parse(&args(&["--max-vertices", "2", "f"]), Lang::En)
                .err()
                .expect("refused");
            assert_eq!(
                err,
                "--max-vertices: expected positions per geometry from 4 to 5000000"
            );
            assert!(parse(&args(&["--lang", "fr", "f"]), Lang::En).is_err());
            assert!(parse(&args(&["--json"]), Lang::En).is_err(), "no file");
            let after = parse(&args(&["--", "--json"]), Lang::En)
                .expect("valid")
                .expect("not help");
            assert_eq!(
                (after.json, after.files),
                (false, vec!["--json".to_string()])
            );
        }
    }
}

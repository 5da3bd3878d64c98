//! Data problems in words, for the data report. English reuses the error's
//! `Display`; Chinese is written here, one arm per variant.

use super::format::group_digits;
use super::Lang;
use crate::data::{FileError, LoadReport, Problem, TextEncoding};

/// A feature problem in the user's language.
pub fn describe(lang: Lang, problem: &Problem) -> String {
    if lang == Lang::En {
        return problem.to_string();
    }
    match problem {
        Problem::Described { zh, .. } => zh.clone(),
        Problem::NotAFeature => "不是 GeoJSON Feature 对象".into(),
        Problem::MissingField { field } => format!("缺少必填字段 `{field}`"),
        Problem::WrongType { field, expected } => {
            format!("字段 `{field}` 的类型错误（应为{}）", zh_type(expected))
        }
        Problem::TextNotAString { field } => format!("字段 `{field}` 应为文本，已忽略"),
        Problem::InvalidId { value } => {
            format!("id `{value}` 无效（只能用 1–128 个 A–Z a–z 0–9 _ . : -）")
        }
        Problem::DuplicateId { id } => format!("id `{id}` 与前面的要素重复"),
        Problem::CsvCellCount { expected, found } => {
            format!("该行有 {found} 个单元格，表头有 {expected} 个（缺少的按空白处理，多余的忽略）")
        }
        Problem::MissingName => "缺少 `name_zh` 和 `name_en`".into(),
        Problem::MissingTranslation { field } => format!("缺少 `{field}`，以另一种语言的名称代替"),
        Problem::TextTooLong {
            field,
            chars,
            limit,
        } => format!("`{field}` 有 {chars} 个字符，超过上限 {limit}"),
        Problem::MarkupInText { field } => format!("`{field}` 含有标记或脚本链接，已按纯文本显示"),
        Problem::UnknownKind { value } => format!("未知类型 `{value}`"),
        Problem::UnknownStatus { value } => format!("未知状态 `{value}`，按“未知”显示"),
        Problem::InvalidAccuracy { value } => {
            format!("position_accuracy `{value}` 无效（应为 exact、approx_<N>m 或 schematic）")
        }
        Problem::MissingAccuracy => "缺少 position_accuracy，显示为“未说明”".into(),
        Problem::MissingGeometry => "缺少几何图形".into(),
        Problem::UnsupportedGeometry { found } => {
            format!("不支持的几何类型 `{found}`（支持 Point、Polygon、MultiPolygon）")
        }
        Problem::GeometryNotAllowed { kind, geometry } => {
            format!("{kind} 类要素不能使用 {geometry} 几何")
        }
        Problem::CoordinateNotANumber { path } => format!("{path} 处的坐标不是数字"),
        Problem::LongitudeOutOfRange { path, value } => {
            format!("{path} 处的经度 {value} 超出 −180…180")
        }
        Problem::LatitudeOutOfRange { path, value } => {
            format!("{path} 处的纬度 {value} 超出 −90…90")
        }
        Problem::SwappedLonLat {
            path,
            first,
            second,
        } => {
            format!("{path} 处的 [{first}, {second}] 像是 [纬度, 经度]；GeoJSON 应为 [经度, 纬度]")
        }
        Problem::RingTooShort { path, positions } => {
            format!("{path} 处的环只有 {positions} 个点，闭合环至少需要 4 个")
        }
        Problem::RingNotClosed { path } => format!("{path} 处的环未闭合（首尾点不同）"),
        Problem::TooManyVertices { limit } => {
            format!("几何图形的点数超过上限 {}", count_text(*limit))
        }
        Problem::SelfIntersectingRing { path } => format!("{path} 处的环自相交或自相接"),
        Problem::RingsCross { path, other } => format!("{path} 与 {other} 两个环相交或部分重合"),
        Problem::HoleOutsideShell { path, outer } => {
            format!("{path} 处的内环（洞）不在外环 {outer} 之内")
        }
        Problem::HolesNested { path, other } => {
            format!("{path} 处的内环（洞）位于内环 {other} 之内")
        }
        Problem::PolygonsOverlap { path, other } => {
            format!("{path} 处的多边形位于多边形 {other} 之内")
        }
        Problem::GeometryNotChecked { pairs } => format!(
            "几何图形过于复杂，无法检查环是否相交（已比较 {} 对线段），未经检查保留",
            count_text(*pairs)
        ),
        Problem::InvalidFigure { field } => format!("数值 `{field}` 不是有限的非负数，已略去"),
        Problem::InvalidMilestone { index } => format!(
            "第 {} 条大事记格式错误（需 YYYY-MM 或 YYYY-MM-DD 日期及中英文事件），已略去",
            index + 1
        ),
        Problem::UnsafeUrl { .. } => "source_url 不是 http(s) 链接，不显示为链接".into(),
    }
}

/// A count with digit groups: 250,000.
fn count_text(n: usize) -> String {
    group_digits(n as f64, 0)
}

fn zh_type(expected: &str) -> &'static str {
    match expected {
        "an object" => "对象",
        "an array" => "数组",
        "a string or a number" => "字符串或数字",
        _ => "其他类型",
    }
}

/// A whole-file problem in the user's language.
pub fn describe_file_error(lang: Lang, error: &FileError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    match error {
        FileError::TooLarge { bytes, limit } => {
            format!("文件大小 {bytes} 字节，超过上限 {limit} 字节")
        }
        FileError::MalformedJson {
            line,
            column,
            message,
        } => format!(
            "不是有效的 JSON（第 {line} 行第 {column} 列）：{}",
            zh_json(message)
        ),
        FileError::NotUtf8 { encoding } => format!(
            "文件不是 UTF-8 文本：{}。请另存为 UTF-8（Excel：“CSV UTF-8（逗号分隔）”；文本编辑器：“另存为”并选择 UTF-8 编码）后重新加载",
            zh_encoding(*encoding)
        ),
        FileError::NotAFeatureCollection { found } => {
            format!("应为 GeoJSON FeatureCollection，实际是 {found}")
        }
        FileError::FetchFailed { url, reason } => format!("无法获取 {url}：{reason}"),
        FileError::MalformedCsv { message } => format!("无法读取的 CSV 文件：{}", zh_csv(message)),
        FileError::MissingCsvColumn { column } => {
            format!(
                "CSV 表头缺少 `{column}` 列（经度可写 lng/lon/longitude，纬度可写 lat/latitude）"
            )
        }
        FileError::TooManyFeatures { count, limit } => {
            format!("共有 {count} 个要素，超过上限 {limit}")
        }
        FileError::BuiltInData { reason } => format!("内置数据无法读取：{reason}"),
    }
}

/// Why nothing of a host's file could be shown, in a few words: the line
/// on the map when a file is refused (the data report has the full text),
/// or `None` when something was loaded.
pub fn load_failed_reason(lang: Lang, report: &LoadReport) -> Option<String> {
    if report.loaded > 0 {
        return None;
    }
    let zh = lang == Lang::Zh;
    let count = |n: usize| count_text(n);
    let reason = match &report.file_error {
        None if report.total == 0 => lang
            .pick("文件中没有要素", "the file holds no features")
            .into(),
        None if zh => format!("{} 个要素均无法使用", count(report.total)),
        None => format!("none of its {} features could be used", count(report.total)),
        Some(FileError::TooLarge { limit, .. }) if zh => {
            format!("文件超过 {} MB 的上限", limit / (1024 * 1024))
        }
        Some(FileError::TooLarge { limit, .. }) => {
            format!("the file is over the {} MB limit", limit / (1024 * 1024))
        }
        Some(FileError::MalformedJson { line, column, .. }) if zh => {
            format!("不是有效的 JSON（第 {line} 行第 {column} 列）")
        }
        Some(FileError::MalformedJson { line, column, .. }) => {
            format!("not valid JSON (line {line}, column {column})")
        }
        Some(FileError::NotAFeatureCollection { .. }) => lang
            .pick(
                "不是 GeoJSON FeatureCollection",
                "not a GeoJSON FeatureCollection",
            )
            .into(),
        Some(FileError::NotUtf8 { encoding }) if zh => {
            format!(
                "不是 UTF-8 文本（{}），请另存为 UTF-8",
                short_encoding(*encoding)
            )
        }
        Some(FileError::NotUtf8 { encoding }) => format!(
            "not UTF-8 text ({}); save it as UTF-8",
            short_encoding(*encoding)
        ),
        Some(FileError::FetchFailed { reason, .. }) if zh => format!("无法获取（{reason}）"),
        Some(FileError::FetchFailed { reason, .. }) => format!("could not be fetched ({reason})"),
        Some(FileError::MalformedCsv { .. }) => lang
            .pick("无法读取的 CSV 文件", "not a readable CSV file")
            .into(),
        Some(FileError::MissingCsvColumn { column }) if zh => format!("CSV 缺少 `{column}` 列"),
        Some(FileError::MissingCsvColumn { column }) => {
            format!("the CSV has no `{column}` column")
        }
        Some(FileError::TooManyFeatures { limit, .. }) if zh => {
            format!("要素超过 {} 个的上限", count(*limit))
        }
        Some(FileError::TooManyFeatures { limit, .. }) => {
            format!("more than {} features, the limit", count(*limit))
        }
        Some(FileError::BuiltInData { .. }) => lang
            .pick("内置数据无法读取", "the built-in data could not be read")
            .into(),
    };
    Some(reason)
}

fn short_encoding(encoding: TextEncoding) -> &'static str {
    match encoding {
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => "UTF-16",
        TextEncoding::Utf32Le | TextEncoding::Utf32Be => "UTF-32",
        TextEncoding::LikelyGbk { .. } => "GBK?",
        TextEncoding::Unknown { .. } => "?",
    }
}

fn zh_encoding(encoding: TextEncoding) -> String {
    match encoding {
        TextEncoding::Utf16Le => "是 UTF-16（小端）编码".into(),
        TextEncoding::Utf16Be => "是 UTF-16（大端）编码".into(),
        TextEncoding::Utf32Le => "是 UTF-32（小端）编码".into(),
        TextEncoding::Utf32Be => "是 UTF-32（大端）编码".into(),
        TextEncoding::LikelyGbk { line } => {
            format!("第 {line} 行有不是 UTF-8 的字节，很可能是 GBK/GB 18030 编码（中文 Windows 的默认编码）")
        }
        TextEncoding::Unknown { line } => format!("第 {line} 行有不是 UTF-8 的字节（编码未知）"),
    }
}

/// The JSON parser's messages (serde_json's, and the streaming scanner's).
fn zh_json(message: &str) -> String {
    const WORDS: [(&str, &str); 21] = [
        ("EOF while parsing a value", "文件在一个值的中途结束"),
        ("EOF while parsing a string", "文件在字符串中途结束"),
        ("EOF while parsing a list", "文件在数组中途结束"),
        ("EOF while parsing an object", "文件在对象中途结束"),
        ("EOF while parsing", "文件意外结束"),
        ("expected value", "此处应为一个值"),
        ("expected ident", "无法识别的词（应为 true、false 或 null）"),
        ("expected `,` or `}`", "此处应为 `,` 或 `}`"),
        ("expected `,` or `]`", "此处应为 `,` 或 `]`"),
        ("expected `:`", "此处应为 `:`"),
        ("expected a key", "此处应为键名"),
        ("key must be a string", "键名必须是字符串"),
        ("trailing comma", "多余的逗号"),
        ("trailing characters", "JSON 结束后还有多余字符"),
        (
            "control character (\\u0000-\\u001F) found while parsing a string",
            "字符串中含有控制字符",
        ),
        ("invalid escape", "无效的转义序列"),
        ("invalid number", "无效的数字"),
        ("number out of range", "数字超出范围"),
        ("recursion limit exceeded", "嵌套层数过多"),
        ("unexpected closing bracket", "多余的右括号"),
        ("invalid unicode code point", "无效的 Unicode 码位"),
    ];
    WORDS
        .iter()
        .find(|(en, _)| *en == message)
        .map_or_else(|| message.to_string(), |(_, zh)| (*zh).to_string())
}

fn zh_csv(message: &str) -> &str {
    match message {
        "a quoted cell is not closed" => "引号内的单元格没有闭合",
        "no header row" => "没有表头行",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_file_gets_a_short_reason_in_both_languages() {
        let mut report = LoadReport {
            file_error: Some(FileError::NotUtf8 {
                encoding: TextEncoding::Utf16Le,
            }),
            ..LoadReport::default()
        };
        assert_eq!(
            load_failed_reason(Lang::En, &report).as_deref(),
            Some("not UTF-8 text (UTF-16); save it as UTF-8")
        );
        assert_eq!(
            load_failed_reason(Lang::Zh, &report).as_deref(),
            Some("不是 UTF-8 文本（UTF-16），请另存为 UTF-8")
        );
        report.file_error = None;
        report.total = 3;
        assert_eq!(
            load_failed_reason(Lang::En, &report).as_deref(),
            Some("none of its 3 features could be used")
        );
        report.loaded = 1;
        assert_eq!(load_failed_reason(Lang::Zh, &report), None);
    }

    #[test]
    fn chinese_descriptions_differ_from_english_and_keep_the_context() {
        let p = Problem::SwappedLonLat {
            path: "coordinates".into(),
            first: 43.8,
            second: 125.1,
        };
        let zh = describe(Lang::Zh, &p);
        assert!(zh.contains("纬度") && zh.contains("43.8"));
        assert_ne!(zh, describe(Lang::En, &p));
        let e = FileError::TooManyFeatures { count: 9, limit: 5 };
        assert!(describe_file_error(Lang::Zh, &e).contains("上限 5"));
    }
}

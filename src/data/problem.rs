//! Every way input data can be wrong, with the context to find it.

use thiserror::Error;

/// Limits on untrusted input; each has a default and can be changed by the host.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// Largest accepted file, in bytes.
    pub max_bytes: usize,
    /// Most features in one collection.
    pub max_features: usize,
    /// Most positions in one geometry.
    pub max_vertices_per_geometry: usize,
    /// Longest accepted text field, in characters.
    pub max_text_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            max_features: 1_000_000,
            max_vertices_per_geometry: 250_000,
            max_text_chars: 4_000,
        }
    }
}

/// A problem with the file as a whole: nothing in it can be loaded.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum FileError {
    /// The file is larger than `Limits::max_bytes`.
    #[error("the file is {bytes} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// Size of the file.
        bytes: usize,
        /// The limit in force.
        limit: usize,
    },
    /// Not JSON (also: nesting deeper than the parser's limit).
    #[error("not valid JSON (line {line}, column {column}): {message}")]
    MalformedJson {
        /// 1-based line in the file.
        line: usize,
        /// 1-based column in characters (a byte-order mark not counted),
        /// as a text editor shows it.
        column: usize,
        /// What the parser found, without a position of its own.
        message: String,
    },
    /// The bytes are not UTF-8 text: UTF-16 or UTF-32 (found from a
    /// byte-order mark or the zero bytes of ASCII characters), or bytes that
    /// are no UTF-8 at all (a Chinese Windows export in GBK, say).
    #[error("the file is not UTF-8 text: {encoding}; save it as UTF-8 (in Excel: \"CSV UTF-8\"; in an editor: Save as… with the encoding UTF-8) and load it again")]
    NotUtf8 {
        /// What the bytes look like.
        encoding: TextEncoding,
    },
    /// JSON, but not a FeatureCollection.
    #[error("expected a GeoJSON FeatureCollection, found {found}")]
    NotAFeatureCollection {
        /// What the top level was.
        found: String,
    },
    /// The file could not be fetched (network, HTTP status, CORS).
    #[error("could not fetch {url}: {reason}")]
    FetchFailed {
        /// What was asked for.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// A CSV file that cannot be read (an unclosed quote, no header).
    #[error("not a readable CSV file: {message}")]
    MalformedCsv {
        /// What is wrong.
        message: String,
    },
    /// A CSV header without a position column.
    #[error(
        "the CSV header has no `{column}` column (lng/lon/longitude and lat/latitude are read)"
    )]
    MissingCsvColumn {
        /// `lng` or `lat`.
        column: &'static str,
    },
    /// More features than `Limits::max_features`.
    #[error("{count} features, over the limit of {limit}")]
    TooManyFeatures {
        /// Features in the file.
        count: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The data built into the widget could not be read (`crate::data::packed`:
    /// a build whose pre-build step wrote another format). Not seen in a
    /// working build; said rather than shown as an empty map.
    #[error("the built-in data could not be read: {reason}")]
    BuiltInData {
        /// What was wrong with it.
        reason: String,
    },
}

impl FileError {
    /// A stable machine name (like [`Problem::code`]), for tests and the
    /// checker's JSON output.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too_large",
            Self::MalformedJson { .. } => "malformed_json",
            Self::NotUtf8 { .. } => "not_utf8",
            Self::NotAFeatureCollection { .. } => "not_a_feature_collection",
            Self::FetchFailed { .. } => "fetch_failed",
            Self::MalformedCsv { .. } => "malformed_csv",
            Self::MissingCsvColumn { .. } => "missing_csv_column",
            Self::TooManyFeatures { .. } => "too_many_features",
            Self::BuiltInData { .. } => "built_in_data",
        }
    }
}

/// What bytes that are not UTF-8 look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-16, little-endian (Windows' "Unicode").
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
    /// Byte pairs as GBK / GB 18030 writes Chinese (what Excel on a Chinese
    /// Windows saves as "CSV"); a guess from the first bytes that are not UTF-8.
    LikelyGbk {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
    },
    /// Not UTF-8, and not recognisably anything else.
    Unknown {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
    },
}

impl std::fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Utf16Le => f.write_str("it is UTF-16 (little-endian)"),
            Self::Utf16Be => f.write_str("it is UTF-16 (big-endian)"),
            Self::Utf32Le => f.write_str("it is UTF-32 (little-endian)"),
            Self::Utf32Be => f.write_str("it is UTF-32 (big-endian)"),
            Self::LikelyGbk { line } => write!(
                f,
                "line {line} has bytes that are not UTF-8, most likely GBK/GB 18030 (a Chinese Windows encoding)"
            ),
            Self::Unknown { line } => {
                write!(f, "line {line} has bytes that are not UTF-8 (encoding unknown)")
            }
        }
    }
}

/// `1234567` as `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a problem costs the feature or only one of its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The feature is kept; the field was dropped, defaulted or is shown as plain text.
    Warning,
    /// The feature is skipped.
    Error,
}

/// A problem with one feature.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum Problem {
    /// The entry in `features` is not a JSON object with `"type": "Feature"`.
    #[error("not a GeoJSON Feature object")]
    NotAFeature,
    /// A required field is absent.
    #[error("required field `{field}` is missing")]
    MissingField {
        /// Field name.
        field: String,
    },
    /// A field has the wrong JSON type.
    #[error("field `{field}` should be {expected}")]
    WrongType {
        /// Field name.
        field: String,
        /// What it should be.
        expected: &'static str,
    },
    /// A text field holds a number, array or object; it is ignored.
    #[error("field `{field}` should be text; it is ignored")]
    TextNotAString {
        /// Field name.
        field: String,
    },
    /// The id has characters outside `A-Za-z0-9_.:-` or is too long.
    #[error("id `{value}` is not a valid id (1–128 of A–Z a–z 0–9 _ . : -)")]
    InvalidId {
        /// The id as given.
        value: String,
    },
    /// A CSV row with more or fewer cells than the header; missing cells
    /// are empty, extra ones are ignored.
    #[error("the row has {found} cells, the header {expected}")]
    CsvCellCount {
        /// Cells in the header.
        expected: usize,
        /// Cells in the row.
        found: usize,
    },
    /// An earlier feature has the same id.
    #[error("id `{id}` is used by an earlier feature")]
    DuplicateId {
        /// The repeated id.
        id: String,
    },
    /// Both names are missing or empty.
    #[error("the feature has neither `name_zh` nor `name_en`")]
    MissingName,
    /// One name is missing: the other is shown in its place.
    #[error("`{field}` is missing; the other language's name is shown instead")]
    MissingTranslation {
        /// The missing field.
        field: String,
    },
    /// A text field is longer than `Limits::max_text_chars`.
    #[error("`{field}` has {chars} characters, over the limit of {limit}")]
    TextTooLong {
        /// Field name.
        field: String,
        /// Its length.
        chars: usize,
        /// The limit in force.
        limit: usize,
    },
    /// Markup or a script URL inside a text field; it is shown as plain text.
    #[error("`{field}` contains markup or a script URL; it is shown as plain text")]
    MarkupInText {
        /// Field name.
        field: String,
    },
    /// `kind` is not one of the six kinds.
    #[error("unknown kind `{value}`")]
    UnknownKind {
        /// The value given.
        value: String,
    },
    /// `status` is not a known status; it is shown as unknown.
    #[error("unknown status `{value}`; shown as unknown")]
    UnknownStatus {
        /// The value given.
        value: String,
    },
    /// `position_accuracy` is not `exact`, `approx_<N>m` or `schematic`.
    #[error("position_accuracy `{value}` is not exact, approx_<N>m or schematic")]
    InvalidAccuracy {
        /// The value given.
        value: String,
    },
    /// `position_accuracy` is absent; the UI says "not stated".
    #[error("position_accuracy is missing; shown as not stated")]
    MissingAccuracy,
    /// No geometry, or `null`.
    #[error("the feature has no geometry")]
    MissingGeometry,
    /// A geometry type the widget does not draw.
    #[error("geometry type `{found}` is not supported (Point, Polygon, MultiPolygon)")]
    UnsupportedGeometry {
        /// The type given.
        found: String,
    },
    /// E.g. a polygon for a swap station.
    #[error("a {kind} cannot have a {geometry} geometry")]
    GeometryNotAllowed {
        /// The feature kind.
        kind: &'static str,
        /// The geometry type.
        geometry: &'static str,
    },
    /// A coordinate is not a number (or a position has fewer than two).
    #[error("coordinate at {path} is not a number")]
    CoordinateNotANumber {
        /// Where, e.g. `coordinates[0][3][1]`.
        path: String,
    },
    /// Longitude outside −180…180.
    #[error("longitude {value} at {path} is outside −180…180")]
    LongitudeOutOfRange {
        /// Where.
        path: String,
        /// The value.
        value: f64,
    },
    /// Latitude outside −90…90.
    #[error("latitude {value} at {path} is outside −90…90")]
    LatitudeOutOfRange {
        /// Where.
        path: String,
        /// The value.
        value: f64,
    },
    /// The pair only makes sense the other way round: GeoJSON is [longitude, latitude].
    #[error("[{first}, {second}] at {path} looks like [latitude, longitude]; GeoJSON is [longitude, latitude]")]
    SwappedLonLat {
        /// Where.
        path: String,
        /// First value given.
        first: f64,
        /// Second value given.
        second: f64,
    },
    /// A ring with fewer than four positions.
    #[error("ring at {path} has {positions} positions; a closed ring needs at least 4")]
    RingTooShort {
        /// Where.
        path: String,
        /// How many.
        positions: usize,
    },
    /// First and last positions differ.
    #[error("ring at {path} is not closed (first and last positions differ)")]
    RingNotClosed {
        /// Where.
        path: String,
    },
    /// More positions than `Limits::max_vertices_per_geometry` (reading
    /// stops at the first one over, so how many more is not known).
    #[error("the geometry has more than {} positions, the limit", thousands(*.limit))]
    TooManyVertices {
        /// The limit in force.
        limit: usize,
    },
    /// A ring crosses or touches itself (a bow-tie), or doubles back on
    /// itself: its area and what lies inside it mean nothing.
    #[error("ring at {path} crosses or touches itself")]
    SelfIntersectingRing {
        /// Where, e.g. `coordinates[0]`.
        path: String,
    },
    /// Two rings of one geometry cross each other or share a stretch of
    /// boundary (touching at single points is allowed).
    #[error("rings at {path} and {other} cross or overlap")]
    RingsCross {
        /// The first ring.
        path: String,
        /// The other ring.
        other: String,
    },
    /// A hole that is not inside its polygon's outer ring.
    #[error("hole at {path} is not inside its outer ring {outer}")]
    HoleOutsideShell {
        /// The hole.
        path: String,
        /// The outer ring.
        outer: String,
    },
    /// A hole inside another hole of the same polygon.
    #[error("hole at {path} lies inside hole {other}")]
    HolesNested {
        /// The inner hole.
        path: String,
        /// The hole it lies in.
        other: String,
    },
    /// A part of a MultiPolygon lying inside another part (the area would
    /// be counted twice).
    #[error("polygon at {path} lies inside polygon {other}")]
    PolygonsOverlap {
        /// The inner part.
        path: String,
        /// The part it lies in.
        other: String,
    },
    /// The validity check gave up: the rings are so entangled that checking
    /// them would take too long. Kept, but unverified.
    #[error("the geometry is too complex to check for crossing rings ({} segment pairs); it is kept unchecked", thousands(*.pairs))]
    GeometryNotChecked {
        /// Segment pairs compared before giving up.
        pairs: usize,
    },
    /// A figure that is not a finite, non-negative number; it is dropped.
    #[error("figure `{field}` is not a finite non-negative number; it is left out")]
    InvalidFigure {
        /// Field name.
        field: String,
    },
    /// A milestone without a `YYYY-MM(-DD)` date or texts; it is left out.
    #[error("milestone {index} is malformed (needs date YYYY-MM or YYYY-MM-DD and event texts); it is left out")]
    InvalidMilestone {
        /// Position in the array.
        index: usize,
    },
    /// A link that is not http(s); it is not shown as a link.
    #[error("source_url is not an http(s) URL; it is not linked")]
    UnsafeUrl {
        /// The value given.
        value: String,
    },
    /// A problem found when the built-in data was checked at build time
    /// (`crate::data::packed`): its code, severity and words, as the loader
    /// found and described it then.
    #[error("{en}")]
    Described {
        /// The original problem's code.
        code: &'static str,
        /// The original problem's severity.
        severity: Severity,
        /// Its words in Chinese.
        zh: String,
        /// Its words in English.
        en: String,
    },
}

impl Problem {
    /// Whether the feature survives this problem.
    pub fn severity(&self) -> Severity {
        match self {
            Self::MissingTranslation { .. }
            | Self::MarkupInText { .. }
            | Self::TextNotAString { .. }
            | Self::UnknownStatus { .. }
            | Self::MissingAccuracy
            | Self::InvalidFigure { .. }
            | Self::InvalidMilestone { .. }
            | Self::UnsafeUrl { .. }
            | Self::CsvCellCount { .. }
            | Self::GeometryNotChecked { .. } => Severity::Warning,
            Self::Described { severity, .. } => *severity,
            _ => Severity::Error,
        }
    }

    /// A stable machine name, used by tests and the data report's markup.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAFeature => "not_a_feature",
            Self::MissingField { .. } => "missing_field",
            Self::WrongType { .. } => "wrong_type",
            Self::TextNotAString { .. } => "text_not_a_string",
            Self::InvalidId { .. } => "invalid_id",
            Self::DuplicateId { .. } => "duplicate_id",
            Self::MissingName => "missing_name",
            Self::MissingTranslation { .. } => "missing_translation",
            Self::TextTooLong { .. } => "text_too_long",
            Self::MarkupInText { .. } => "markup_in_text",
            Self::UnknownKind { .. } => "unknown_kind",
            Self::UnknownStatus { .. } => "unknown_status",
            Self::InvalidAccuracy { .. } => "invalid_accuracy",
            Self::MissingAccuracy => "missing_accuracy",
            Self::MissingGeometry => "missing_geometry",
            Self::UnsupportedGeometry { .. } => "unsupported_geometry",
            Self::GeometryNotAllowed { .. } => "geometry_not_allowed",
            Self::CoordinateNotANumber { .. } => "coordinate_not_a_number",
            Self::LongitudeOutOfRange { .. } => "longitude_out_of_range",
            Self::LatitudeOutOfRange { .. } => "latitude_out_of_range",
            Self::SwappedLonLat { .. } => "swapped_lon_lat",
            Self::RingTooShort { .. } => "ring_too_short",
            Self::RingNotClosed { .. } => "ring_not_closed",
            Self::TooManyVertices { .. } => "too_many_vertices",
            Self::SelfIntersectingRing { .. } => "self_intersecting_ring",
            Self::RingsCross { .. } => "rings_cross",
            Self::HoleOutsideShell { .. } => "hole_outside_shell",
            Self::HolesNested { .. } => "holes_nested",
            Self::PolygonsOverlap { .. } => "polygons_overlap",
            Self::GeometryNotChecked { .. } => "geometry_not_checked",
            Self::InvalidFigure { .. } => "invalid_figure",
            Self::InvalidMilestone { .. } => "invalid_milestone",
            Self::UnsafeUrl { .. } => "unsafe_url",
            Self::CsvCellCount { .. } => "csv_cell_count",
            Self::Described { code, .. } => code,
        }
    }

    /// Every code [`Problem::code`] gives for a problem the loader finds.
    pub const CODES: [&'static str; 34] = [
        "not_a_feature",
        "missing_field",
        "wrong_type",
        "text_not_a_string",
        "invalid_id",
        "duplicate_id",
        "missing_name",
        "missing_translation",
        "text_too_long",
        "markup_in_text",
        "unknown_kind",
        "unknown_status",
        "invalid_accuracy",
        "missing_accuracy",
        "missing_geometry",
        "unsupported_geometry",
        "geometry_not_allowed",
        "coordinate_not_a_number",
        "longitude_out_of_range",
        "latitude_out_of_range",
        "swapped_lon_lat",
        "ring_too_short",
        "ring_not_closed",
        "too_many_vertices",
        "self_intersecting_ring",
        "rings_cross",
        "hole_outside_shell",
        "holes_nested",
        "polygons_overlap",
        "geometry_not_checked",
        "invalid_figure",
        "invalid_milestone",
        "unsafe_url",
        "csv_cell_count",
    ];

    /// The code named `name` (a packed report's), or `"described"` for a
    /// code this build does not know.
    pub fn code_named(name: &str) -> &'static str {
        Self::CODES
            .iter()
            .find(|c| **c == name)
            .copied()
            .unwrap_or("described")
    }
}

/// A problem found in one feature, with where to find it.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureIssue {
    /// 0-based position in `features`.
    pub index: usize,
    /// The feature's id, when it has a readable one.
    pub id: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

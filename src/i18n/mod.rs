//! Every string a user reads, in 中文 and English, from one table; and the
//! formatting of figures with units for each language.

pub mod details;
pub mod format;
pub mod problems;
pub mod report;

use crate::core::model::{Category, FeatureKind, PositionAccuracy, Status};

/// The interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// From a BCP 47 tag or our own code: `zh`, `zh-CN`, `en-GB`, ... Unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The BCP 47 tag for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    /// The other language (for the switch).
    pub fn other(self) -> Self {
        match self {
            Self::Zh => Self::En,
            Self::En => Self::Zh,
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

/// Interface messages. Add a variant here and the compiler asks for both texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Msg {
    AppTitle,
    MapLabel,
    MapHelp,
    ZoomIn,
    ZoomOut,
    ResetView,
    Legend,
    ShowLayer,
    SwitchLanguage,
    LanguageName,
    Close,
    Kind,
    Category,
    Status,
    Investment,
    LandArea,
    BuildingArea,
    Capacity,
    Milestones,
    Source,
    SourceLink,
    PositionAccuracy,
    Schematic,
    SchematicBadge,
    DataReport,
    /// The details panel's name while its code loads.
    Details,
    DataReportSummary,
    DataReportClean,
    TilesTitle,
    TilesSource,
    TilesOpening,
    TilesCounts,
    TilesProblems,
    TilesClean,
    TilesSourceError,
    AnalysisPageDataOnly,
    Skipped,
    Kept,
    UnknownFields,
    FeatureNumber,
    Attribution,
    Provenance,
    ScaleBar,
    Features,
    NoName,
    Note,
    LoadFailed,
    Tools,
    MeasureDistance,
    MeasureArea,
    Undo,
    ClearSketch,
    Done,
    Length,
    Area,
    Perimeter,
    MeasureHint,
    NearestStations,
    ProbePoint,
    ProbeHint,
    CoverageRadius,
    Off,
    CoverageShare,
    CoverageMethod,
    BeyondRadius,
    NoneBeyond,
    Statistics,
    ComputedFromData,
    CitedFigures,
    InvestmentTotal,
    InvestmentTotalNote,
    DrawnOutline,
    DrawnOutlineArea,
    ProjectsInside,
    InvestmentInside,
    NearestStationFromCentroid,
    Distance,
    StraightLineNote,
    NoStations,
    Loading,
    MoreWhenReady,
    Search,
    SearchPlaceholder,
    SearchNoResults,
    PinyinLoading,
    PinyinUnavailable,
    SearchResults,
    Filters,
    List,
    ClearFilters,
    AnyValue,
    InvestmentBand,
    WithinPark,
    ShownCount,
    SortBy,
    SortName,
    SortInvestment,
    SortDistance,
    DistanceToStation,
    Share,
    ContinueOnPhone,
    ScanHint,
    CopyLink,
    Copied,
    Fullscreen,
    LargeMode,
    IdleWarning,
    TouchToContinue,
    Story,
    Timeline2023,
    ShowOnMap,
    StoryIntro,
    // The layout for every screen (issue 11).
    Layers,
    ToolsTab,
    More,
    Panels,
    ResizeSheet,
    Credits,
    HostDataCredit,
    SchematicGeneric,
    OnYourPhone,
    CoverageShort,
    AttractPrompt,
    Keypad,
    Backspace,
    ClearQuery,
    SourceQr,
    CoopWheelHint,
    CoopTouchHint,
    ExportPng,
    Method,
    ListSeparator,
    SameSpot,
    SyntheticShort,
    Clustering,
    Illustrative,
    OutsideZone,
    Attracted2023,
    CityWideSiteUnpublished,
    AtTheExpo,
    ThirdPartyNotices,
}

/// The source article's title, as printed: it has no English title, so messages
/// carry a `{title}` placeholder and the UI tags this text as Chinese.
pub const ARTICLE_TITLE: &str = "《长春新能源和智能网联汽车产业向“新”而行——逆势扬帆求跨越》";

/// The text of `msg` in `lang`.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    let (zh, en) = match msg {
        Msg::AppTitle => ("长春汽开区新能源与智能网联汽车产业地图", "Changchun Auto Zone: NEV & connected-vehicle industry map"),
        Msg::MapLabel => ("汽开区产业地图", "Industry map of the Changchun Automotive Economic and Technological Development Zone"),
        Msg::MapHelp => ("拖动平移，滚轮或双指缩放，方向键平移，+/− 缩放，Tab 键逐个选择地图要素；点位较多时按 Enter 打开地图中心的聚合", "Drag to pan, wheel or pinch to zoom, arrow keys pan, +/− zoom, Tab moves through the features; on a map of many points, Enter opens the cluster at the centre"),
        Msg::ZoomIn => ("放大", "Zoom in"),
        Msg::ZoomOut => ("缩小", "Zoom out"),
        Msg::ResetView => ("回到全区视图", "Back to the whole zone"),
        Msg::Legend => ("图例", "Legend"),
        Msg::ShowLayer => ("显示图层", "Show layer"),
        Msg::SwitchLanguage => ("切换语言", "Switch language"),
        Msg::LanguageName => ("English", "中文"),
        Msg::Close => ("关闭", "Close"),
        Msg::Kind => ("类型", "Type"),
        Msg::Category => ("类别", "Category"),
        Msg::Status => ("状态", "Status"),
        Msg::Investment => ("投资额", "Investment"),
        Msg::LandArea => ("占地面积", "Land area"),
        Msg::BuildingArea => ("建筑面积", "Floor area"),
        Msg::Capacity => ("产能", "Capacity"),
        Msg::Milestones => ("大事记", "Milestones"),
        Msg::Source => ("来源", "Source"),
        Msg::SourceLink => ("来源链接", "Source link"),
        Msg::PositionAccuracy => ("位置精度", "Position accuracy"),
        Msg::Schematic => ("示意位置：并非真实位置", "Schematic position: not the real location"),
        Msg::SchematicBadge => ("示意位置", "schematic position"),
        Msg::DataReport => ("数据报告", "Data report"),
        Msg::Details => ("详情", "Details"),
        Msg::DataReportSummary => ("已加载 {loaded} / {total} 个要素，跳过 {skipped} 个，警告 {warnings} 条", "Loaded {loaded} of {total} features, skipped {skipped}, {warnings} warnings"),
        Msg::DataReportClean => ("数据完整，未发现问题", "All data valid, no problems found"),
        Msg::TilesTitle => ("瓦片", "Tiles"),
        Msg::TilesSource => ("来源：{source}", "Source: {source}"),
        Msg::TilesOpening => ("正在打开瓦片来源…", "Opening the tile source…"),
        Msg::TilesCounts => ("已加载 {loaded} 个瓦片（第 {zoom} 级），请求 {requests} 次（取消 {aborted} 次），传输 {bytes}", "{loaded} tiles loaded (zoom {zoom}), {requests} requests ({aborted} cancelled), {bytes} transferred"),
        Msg::TilesProblems => ("{failed} 个瓦片无法使用，{skipped} 个要素被跳过；其余瓦片照常显示", "{failed} tiles could not be used, {skipped} features skipped; the other tiles are drawn"),
        Msg::TilesClean => ("瓦片未发现问题", "No problems in the tiles"),
        Msg::TilesSourceError => ("瓦片来源无法打开", "The tile source could not be opened"),
        Msg::AnalysisPageDataOnly => ("分析仅基于页面加载的数据，不含瓦片中的点", "The analysis covers the page's own data only, not the tiled points"),
        Msg::Skipped => ("已跳过", "skipped"),
        Msg::Kept => ("已保留", "kept"),
        Msg::UnknownFields => ("未使用的字段", "Fields not used"),
        Msg::FeatureNumber => ("第 {n} 个要素", "feature #{n}"),
        Msg::Attribution => ("地铁站：MetroMapOpenMiniProgram（MIT）；内容：报道{title}（本报记者 孟凡明 刘霄宇）及所引网络报道", "Metro: MetroMapOpenMiniProgram (MIT); content: the article {title} (staff reporters Meng Fanming and Liu Xiaoyu) and the web reports it cites"),
        Msg::Provenance => ("汽开区边界及园区、项目、换电站位置均为示意", "Zone outline and park, project and swap-station positions are schematic"),
        Msg::ScaleBar => ("比例尺", "Scale"),
        Msg::Features => ("要素", "Features"),
        Msg::NoName => ("（无名称）", "(no name)"),
        Msg::Note => ("说明", "Note"),
        Msg::LoadFailed => ("数据无法加载", "The data could not be loaded"),
        Msg::Tools => ("分析工具", "Analysis tools"),
        Msg::MeasureDistance => ("测距离", "Measure distance"),
        Msg::MeasureArea => ("测面积", "Measure area"),
        Msg::Undo => ("撤销", "Undo"),
        Msg::ClearSketch => ("清除", "Clear"),
        Msg::Done => ("完成", "Done"),
        Msg::Length => ("长度", "Length"),
        Msg::Area => ("面积", "Area"),
        Msg::Perimeter => ("周长", "Perimeter"),
        Msg::MeasureHint => ("在地图上点击或轻触以添加测量点", "Click or tap the map to add points"),
        Msg::NearestStations => ("最近的换电站", "Nearest battery-swap stations"),
        Msg::ProbePoint => ("所选地点", "Chosen point"),
        Msg::ProbeHint => ("长按或右击地图任意位置，查看最近的换电站", "Long-press or right-click anywhere to see the nearest swap stations"),
        Msg::CoverageRadius => ("换电站覆盖半径", "Swap-station coverage radius"),
        Msg::Off => ("关", "Off"),
        Msg::CoverageShare => ("汽开区范围内距换电站 {r} 以内的面积占比：{share}（误差不超过 ±{err}）", "Share of the zone within {r} of a swap station: {share} (error at most ±{err})"),
        Msg::CoverageMethod => ("计算方法：在汽开区范围上布设约4万个等面积网格，逐格计算格心到最近换电站的椭球面测地距离；距离与半径之差小于半个网格对角线的格子及跨越边界的格子计入误差上限。地图上的圆按当地墨卡托比例绘制。注意：换电站与汽开区边界均为示意位置。", "Method: about 40,000 equal-area grid cells over the zone; for each cell centre, the ellipsoidal geodesic distance to the nearest station. Cells within half a cell diagonal of the radius, and cells crossing the zone edge, make up the stated error bound. Circles are drawn at the local Mercator scale. Note: the stations and the zone outline are schematic."),
        Msg::BeyondRadius => ("超出半径的园区和项目", "Parks and projects beyond the radius"),
        Msg::NoneBeyond => ("全部在半径之内", "All within the radius"),
        Msg::Statistics => ("统计", "Statistics"),
        Msg::ComputedFromData => ("根据已加载数据计算", "Computed from the loaded data"),
        Msg::CitedFigures => ("报道中的全市数据（引用）", "City-wide figures cited from the article"),
        Msg::InvestmentTotal => ("地图上各要素所标投资额之和", "Sum of the investments stated on map features"),
        Msg::InvestmentTotalNote => ("{n} 个园区或项目：{names}。这些数字来自不同年份、不同口径的备案和报道，只是简单相加，不能与报道中全市130个重点项目的总投资1025亿元相比。", "{n} parks or projects: {names}. The figures come from filings and reports of different years and scopes, simply added: not comparable with the article's CNY 102.5 billion for the city's 130 key projects."),
        Msg::DrawnOutline => ("所绘轮廓（示意）", "Drawn outline (schematic)"),
        Msg::DrawnOutlineArea => ("所绘轮廓面积", "Area of the drawn outline"),
        Msg::ProjectsInside => ("范围内的项目", "Projects inside"),
        Msg::InvestmentInside => ("范围内项目投资合计", "Investment of projects inside"),
        Msg::NearestStationFromCentroid => ("中心点到最近换电站", "Centroid to nearest swap station"),
        Msg::Distance => ("距离", "Distance"),
        Msg::StraightLineNote => ("直线（测地线）距离，不是道路距离", "Straight-line (geodesic) distance, not road distance"),
        Msg::NoStations => ("数据中没有换电站", "The data has no swap stations"),
        Msg::Loading => ("正在加载数据…", "Loading data…"),
        Msg::MoreWhenReady => ("地图就绪后可查看更多信息", "More opens when the map is ready"),
        Msg::SameSpot => ("同一位置的要素", "Features at this spot"),
        Msg::SyntheticShort => ("合成数据", "Synthetic data"),
        Msg::Clustering => ("正在聚合点位…", "Clustering points…"),
        Msg::Search => ("搜索", "Search"),
        Msg::SearchPlaceholder => ("搜索名称、拼音或首字母", "Search names (中文, English, pinyin)"),
        Msg::SearchNoResults => ("没有匹配的结果", "No matches"),
        Msg::PinyinLoading => ("正在载入拼音检索…", "Loading pinyin search…"),
        Msg::PinyinUnavailable => (
            "拼音检索未能载入，可输入中文或英文名称",
            "Pinyin search could not be loaded: type the Chinese or English name",
        ),
        Msg::SearchResults => ("搜索结果", "Search results"),
        Msg::Filters => ("筛选", "Filters"),
        Msg::List => ("列表", "List"),
        Msg::ClearFilters => ("清除筛选", "Clear filters"),
        Msg::AnyValue => ("全部", "Any"),
        Msg::InvestmentBand => ("投资规模", "Investment"),
        Msg::WithinPark => ("所在范围", "Within"),
        Msg::ShownCount => ("显示 {n} 个要素", "{n} features shown"),
        Msg::SortBy => ("排序", "Sort by"),
        Msg::SortName => ("名称", "Name"),
        Msg::SortInvestment => ("投资额", "Investment"),
        Msg::SortDistance => ("距换电站", "Distance to station"),
        Msg::DistanceToStation => ("距最近换电站", "To nearest swap station"),
        Msg::Share => ("分享", "Share"),
        Msg::ContinueOnPhone => ("在手机上继续浏览", "Continue on your phone"),
        Msg::ScanHint => ("用手机相机扫描二维码，打开当前地图视图", "Scan with your phone camera to open this view"),
        Msg::CopyLink => ("复制链接", "Copy link"),
        Msg::Copied => ("已复制", "Copied"),
        Msg::Fullscreen => ("全屏", "Fullscreen"),
        Msg::LargeMode => ("长辈模式（大字、高对比）", "Large text, high contrast"),
        Msg::IdleWarning => ("无人操作，{s} 秒后地图将恢复初始状态", "No one is using the map: it resets in {s} s"),
        Msg::TouchToContinue => ("触摸屏幕继续使用", "Touch the screen to keep going"),
        Msg::Story => ("产业故事", "The story"),
        Msg::CoopWheelHint => ("按住 Ctrl（Mac 为 ⌘）并滚动鼠标以缩放地图", "Hold Ctrl (⌘ on a Mac) and scroll to zoom the map"),
        Msg::Method => ("计算方法", "Method"),
        Msg::ListSeparator => ("、", ", "),
        Msg::ExportPng => ("导出图片（PNG）", "Export picture (PNG)"),
        Msg::CoopTouchHint => ("用两根手指移动和缩放地图", "Use two fingers to move and zoom the map"),
        Msg::Timeline2023 => ("2023年大事记", "2023 timeline"),
        Msg::ShowOnMap => ("在地图上查看", "Show on the map"),
        Msg::Layers => ("图层", "Layers"),
        Msg::ToolsTab => ("工具", "Tools"),
        Msg::More => ("更多", "More"),
        Msg::Panels => ("面板", "Panels"),
        Msg::ResizeSheet => ("拖动或按方向键调整面板高度", "Drag, or use the arrow keys, to resize the panel"),
        Msg::Credits => ("来源与许可", "Sources and licences"),
        Msg::HostDataCredit => ("数据：由本网站提供", "Data: provided by this site"),
        Msg::SchematicGeneric => ("带虚线圈的位置为示意位置", "Positions with a dashed ring are schematic"),
        Msg::OnYourPhone => ("手机查看", "On your phone"),
        Msg::CoverageShort => ("换电覆盖", "Coverage"),
        Msg::AttractPrompt => ("触摸屏幕，探索汽开区新能源汽车产业", "Touch the screen to explore the zone's NEV industry"),
        Msg::Keypad => ("拼音首字母键盘", "Letter keypad (pinyin initials work: hq finds 红旗)"),
        Msg::Backspace => ("删除", "Delete"),
        Msg::ClearQuery => ("清空", "Clear"),
        Msg::SourceQr => ("用手机扫码打开来源", "Scan to open the source on your phone"),
        Msg::StoryIntro => ("摘自报道{title}（本报记者 孟凡明 刘霄宇）；每条均附原文。", "From the article {title} (by staff reporters Meng Fanming and Liu Xiaoyu) on Changchun's new-energy and connected-vehicle industry; each item quotes its source sentence."),
        Msg::Illustrative => ("示意：基于示意位置", "Illustrative: based on schematic positions"),
        Msg::OutsideZone => ("在汽开区外（长春朝阳经济开发区，据长春市外事办网站），仅作背景", "Outside the zone (in the Chaoyang Economic Development Zone, per the city's foreign-affairs office): context only"),
        Msg::Attracted2023 => ("2023年引进的项目和企业（全市范围）", "Projects and firms attracted in 2023 (city-wide)"),
        Msg::CityWideSiteUnpublished => ("全市范围，地点未公布，不在地图上", "City-wide; site not published, so not on the map"),
        Msg::AtTheExpo => ("供应链博览会上", "At the supply-chain expo"),
        Msg::ThirdPartyNotices => ("许可与第三方声明", "Licence and third-party notices"),
    };
    lang.pick(zh, en)
}

/// The layer name of a kind.
pub fn kind_name(lang: Lang, kind: FeatureKind) -> &'static str {
    let (zh, en) = match kind {
        FeatureKind::District => ("行政区", "Districts"),
        FeatureKind::Zone => ("汽开区范围（示意）", "Zone outline (schematic)"),
        FeatureKind::Park => ("产业园区", "Industrial parks"),
        FeatureKind::Project => ("投资项目", "Investment projects"),
        FeatureKind::SwapStation => ("换电站", "Battery-swap stations"),
        FeatureKind::Landmark => ("地标", "Landmarks"),
    };
    lang.pick(zh, en)
}

/// The singular name of a kind, for a feature's details.
pub fn kind_singular(lang: Lang, kind: FeatureKind) -> &'static str {
    let (zh, en) = match kind {
        FeatureKind::District => ("行政区", "District"),
        FeatureKind::Zone => ("开发区", "Development zone"),
        FeatureKind::Park => ("产业园区", "Industrial park"),
        FeatureKind::Project => ("投资项目", "Investment project"),
        FeatureKind::SwapStation => ("换电站", "Battery-swap station"),
        FeatureKind::Landmark => ("地标", "Landmark"),
    };
    lang.pick(zh, en)
}

/// A category's name; a portal's own category is shown as written.
pub fn category_name(lang: Lang, category: &Category) -> String {
    let (zh, en) = match category {
        Category::DevelopmentZone => (
            "国家级经济技术开发区",
            "National economic and technological development zone",
        ),
        Category::AdministrativeDistrict => ("行政区划", "Administrative division"),
        Category::IndustrialPark => ("产业园", "Industrial park"),
        Category::VehiclePlant => ("整车工厂", "Vehicle plant"),
        Category::Battery => ("动力电池", "Power batteries"),
        Category::EDrive => ("电驱动系统", "Electric drive systems"),
        Category::Electronics => ("汽车电子", "Automotive electronics"),
        Category::LightweightParts => ("轻量化零部件", "Lightweight parts"),
        Category::AutoParts => ("汽车零部件", "Auto parts"),
        Category::BatterySwap => ("换电", "Battery swapping"),
        Category::Headquarters => ("总部", "Headquarters"),
        Category::MetroStation => ("地铁站", "Metro station"),
        Category::LandmarkPark => ("公园", "Park (landmark)"),
        Category::Other(s) => return s.clone(),
    };
    lang.pick(zh, en).to_string()
}

/// A status's name.
pub fn status_name(lang: Lang, status: Status) -> &'static str {
    let (zh, en) = match status {
        Status::Planned => ("计划中", "Planned"),
        Status::UnderConstruction => ("在建", "Under construction"),
        Status::Operating => ("已投用", "Operating"),
        Status::Unknown => ("未知", "Not stated"),
    };
    lang.pick(zh, en)
}

/// How accurate a drawn position is, in words.
pub fn accuracy_text(lang: Lang, accuracy: PositionAccuracy) -> String {
    match accuracy {
        PositionAccuracy::Exact => lang.pick("精确", "Exact").to_string(),
        PositionAccuracy::Approx { meters } => match lang {
            Lang::Zh => format!("近似，误差约 {} 米", format::group_digits(meters as f64, 0)),
            Lang::En => format!(
                "Approximate, within about {} m",
                format::group_digits(meters as f64, 0)
            ),
        },
        PositionAccuracy::Schematic => text(lang, Msg::Schematic).to_string(),
        PositionAccuracy::Unstated => lang
            .pick("数据未说明", "Not stated by the data")
            .to_string(),
    }
}

/// An investment band's name.
pub fn investment_band_name(lang: Lang, band: crate::core::filter::InvestmentBand) -> &'static str {
    use crate::core::filter::InvestmentBand as B;
    let (zh, en) = match band {
        B::Unknown => ("未公布", "Not stated"),
        B::Under1e9 => ("10亿元以下", "Under CNY 1 billion"),
        B::From1e9To1e10 => ("10亿–100亿元", "CNY 1–10 billion"),
        B::Over1e10 => ("100亿元以上", "Over CNY 10 billion"),
    };
    lang.pick(zh, en)
}

/// A count of features of a kind, for statistics.
pub fn percent(lang: Lang, share: f64) -> String {
    let _ = lang;
    format!("{}%", format::group_digits(share * 100.0, 1))
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(template.to_string(), |acc, (k, v)| {
        acc.replace(&format!("{{{k}}}"), v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_map_to_our_two_languages() {
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn every_kind_status_and_known_category_has_two_distinct_texts() {
        for kind in FeatureKind::ALL {
            assert_ne!(kind_name(Lang::Zh, kind), kind_name(Lang::En, kind));
            assert_ne!(kind_singular(Lang::Zh, kind), kind_singular(Lang::En, kind));
        }
        for status in [
            Status::Planned,
            Status::UnderConstruction,
            Status::Operating,
            Status::Unknown,
        ] {
            assert_ne!(status_name(Lang::Zh, status), status_name(Lang::En, status));
        }
        assert_eq!(category_name(Lang::Zh, &Category::Other("x".into())), "x");
    }

    #[test]
    fn placeholders_are_filled() {
        let s = fill(
            text(Lang::En, Msg::DataReportSummary),
            &[
                ("loaded", "3".into()),
                ("total", "4".into()),
                ("skipped", "1".into()),
                ("warnings", "0".into()),
            ],
        );
        assert_eq!(s, "Loaded 3 of 4 features, skipped 1, 0 warnings");
    }
}

//! The article's headline figures and other facts, each with the sentence it
//! comes from. Source: 《长春新能源和智能网联汽车产业向“新”而行——逆势扬帆求跨越》
//! (本报记者 孟凡明 刘霄宇; ../shared/seed/changchun-nev-article.zh.txt). These are
//! cited, mostly city-wide figures, shown apart from the statistics computed from
//! the loaded map data.

/// How a cited value is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CitedValue {
    /// A count of things, e.g. 90 stations.
    Count(f64),
    /// Money in 元.
    Yuan(f64),
    /// Vehicles, e.g. 1 558 000.
    Vehicles(f64),
    /// A percentage.
    Percent(f64),
    /// The article gives no exact number ("2万多辆"), or no number: quoted as written.
    Text(&'static str, &'static str),
}

/// One headline figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CitedFigure {
    /// Stable key (for tests and markup).
    pub key: &'static str,
    /// What it counts, in Chinese.
    pub label_zh: &'static str,
    /// What it counts, in English.
    pub label_en: &'static str,
    /// The figure.
    pub value: CitedValue,
    /// The sentence it comes from, verbatim.
    pub source: &'static str,
    /// True for context that lies outside the zone (shown with a visible tag).
    pub outside_zone: bool,
}

const PRODUCTION_2023: &str =
    "以2023年数据为例，整车产销分别完成155.8万辆和156.7万辆，同比分别增长16.7%和17.6%";
const NEV_2023: &str = "新能源整车产销分别完成11.8万辆和12.6万辆，同比分别增长43.2%和62.7%";
const KEY_PROJECTS: &str = "全市5000万元以上重点汽车产业项目达到130个，总投资1025亿";
const SWAP: &str = "目前，长春累计建成新能源汽车换电站90座，累计推广新能源换电车11465辆";
const EXPO: &str = "博览会期间，深度对接企业近百家，有16家企业投资意向明确。";

const fn figure(
    key: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    value: CitedValue,
    source: &'static str,
) -> CitedFigure {
    CitedFigure {
        key,
        label_zh,
        label_en,
        value,
        source,
        outside_zone: false,
    }
}

/// The headline figures, in the article's order.
pub const HEADLINE_FIGURES: [CitedFigure; 22] = [
    figure(
        "vehicles_produced_2023",
        "2023年长春整车产量",
        "Vehicles produced in Changchun, 2023",
        CitedValue::Vehicles(1_558_000.0),
        PRODUCTION_2023,
    ),
    figure(
        "vehicles_sold_2023",
        "2023年长春整车销量",
        "Vehicles sold, 2023",
        CitedValue::Vehicles(1_567_000.0),
        PRODUCTION_2023,
    ),
    figure(
        "vehicle_production_growth_2023",
        "2023年整车产量同比增长",
        "Growth in vehicle production, 2023",
        CitedValue::Percent(16.7),
        PRODUCTION_2023,
    ),
    figure(
        "vehicle_sales_growth_2023",
        "2023年整车销量同比增长",
        "Growth in vehicle sales, 2023",
        CitedValue::Percent(17.6),
        PRODUCTION_2023,
    ),
    figure(
        "vehicle_output_value_2023",
        "2023年整车产值",
        "Vehicle output value, 2023",
        CitedValue::Yuan(316_540_000_000.0),
        "整车产值完成3165.4亿元",
    ),
    figure(
        "nev_produced_2023",
        "2023年新能源整车产量",
        "New-energy vehicles produced, 2023",
        CitedValue::Vehicles(118_000.0),
        NEV_2023,
    ),
    figure(
        "nev_sold_2023",
        "2023年新能源整车销量",
        "New-energy vehicles sold, 2023",
        CitedValue::Vehicles(126_000.0),
        NEV_2023,
    ),
    figure(
        "nev_production_growth_2023",
        "2023年新能源整车产量同比增长",
        "Growth in new-energy vehicle production, 2023",
        CitedValue::Percent(43.2),
        NEV_2023,
    ),
    figure(
        "nev_sales_growth_2023",
        "2023年新能源整车销量同比增长",
        "Growth in new-energy vehicle sales, 2023",
        CitedValue::Percent(62.7),
        NEV_2023,
    ),
    figure(
        "national_pilots",
        "国家级试点（新能源汽车换电模式应用试点城市、汽车先进制造业产业集群城市、公共领域车辆全面电动化先行区试点城市）",
        "National pilots and designations (battery-swap pilot city, advanced automotive manufacturing cluster city, pilot city for all-electric public-sector vehicles)",
        CitedValue::Count(3.0),
        "用好国家新能源汽车换电模式应用试点城市、国家汽车先进制造业产业集群城市、公共领域车辆全面电动化先行区试点城市3块国家级“金字招牌”",
    ),
    figure(
        "smart_digital_transformation",
        "已推动“智改数转”的汽车企业（户）",
        "Automotive firms brought into smart and digital transformation",
        CitedValue::Count(117.0),
        "截至目前，已推动117户汽车企业“智改数转”",
    ),
    figure(
        "audi_ppe_supplier_projects",
        "推动域内企业承接的奥迪PPE一期配套项目",
        "Audi PPE phase-1 supply projects that local firms are being encouraged to take on",
        CitedValue::Count(235.0),
        "积极推动域内企业承接235个奥迪PPE一期配套项目",
    ),
    figure(
        "spatial_plan",
        "汽车产业高质量发展空间布局",
        "Spatial plan for the automotive industry",
        CitedValue::Text(
            "“一核双翼三区多点”",
            "\"one core, two wings, three zones, many points\"",
        ),
        "加快构建汽车产业高质量发展“一核双翼三区多点”空间布局",
    ),
    figure(
        "international_auto_city",
        "长春国际汽车城“筑巢引凤”：汽开区出台的人才政策",
        "Changchun International Automobile City \"builds the nest to attract the phoenix\": the zone's talent policies",
        CitedValue::Text(
            "《促进汽车产业高质量发展人才若干措施》《汽开区人才公寓使用管理办法》等",
            "measures for automotive talent, rules for the zone's talent apartments, and more",
        ),
        "翻开长春汽开区出台的《促进汽车产业高质量发展人才若干措施》《汽开区人才公寓使用管理办法》等政策，不难看出长春国际汽车城“筑巢引凤”的力度。",
    ),
    figure(
        "key_projects",
        "5000万元以上重点汽车产业项目",
        "Key automotive projects over CNY 50 million",
        CitedValue::Count(130.0),
        KEY_PROJECTS,
    ),
    figure(
        "key_projects_investment",
        "上述项目总投资",
        "Total investment of those projects",
        CitedValue::Yuan(102_500_000_000.0),
        KEY_PROJECTS,
    ),
    figure(
        "expo_firms_engaged",
        "首届中国国际供应链促进博览会期间深度对接的企业",
        "Firms met in depth at the first China International Supply Chain Expo",
        CitedValue::Text("近百家", "nearly 100"),
        EXPO,
    ),
    figure(
        "expo_firms_with_intent",
        "博览会上投资意向明确的企业（家）",
        "Firms with a clear intention to invest, at the expo",
        CitedValue::Count(16.0),
        EXPO,
    ),
    figure(
        "swap_stations_built",
        "长春累计建成换电站",
        "Battery-swap stations built in Changchun",
        CitedValue::Count(90.0),
        SWAP,
    ),
    figure(
        "swap_vehicles",
        "累计推广新能源换电车",
        "Battery-swap vehicles promoted, cumulative",
        CitedValue::Vehicles(11_465.0),
        SWAP,
    ),
    figure(
        "qie_chuncheng_vehicles",
        "“旗E春城—旗动吉林”项目已上线运营的红旗E-QM5换电车",
        "Hongqi E-QM5 swap vehicles running in the province's Qi E Chuncheng – Qidong Jilin programme",
        CitedValue::Text("2万多辆", "over 20,000"),
        "在产业生态建设方面，吉林省实施的“旗E春城—旗动吉林”项目，已上线运营红旗E-QM5换电车型2万多辆",
    ),
    CitedFigure {
        key: "xuyang_investment",
        label_zh: "长春旭阳中法智能产业园总投资",
        label_en: "Total investment, Changchun Xuyang Sino-French intelligent industrial park",
        value: CitedValue::Yuan(8_000_000_000.0),
        source: "总投资80亿元的长春旭阳中法智能产业园，达产后可生产500多种为智能网联汽车配套的零部件产品。",
        outside_zone: true,
    },
];

/// A project or firm the article says Changchun attracted in 2023.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttractedFirm {
    /// Name as the article writes it.
    pub name_zh: &'static str,
    /// English name (ours).
    pub name_en: &'static str,
    /// The mapped feature, when a cited source puts it in the zone.
    pub feature_id: Option<&'static str>,
    /// How the mapped feature relates to the name, in Chinese.
    pub link_zh: &'static str,
    /// The same in English.
    pub link_en: &'static str,
}

/// The sentence that names the firms: it attracts them to *Changchun*, not to the zone.
pub const ATTRACTED_SOURCE: &str = "成功吸引富赛汽车电子、比亚迪动力电池、一汽中车电驱等新能源汽车配套项目，麦格纳、富奥轻量化、进发、华友、天津日特固等企业来长投资";

const fn city_wide(name_zh: &'static str, name_en: &'static str) -> AttractedFirm {
    AttractedFirm {
        name_zh,
        name_en,
        feature_id: None,
        link_zh: "",
        link_en: "",
    }
}

/// The eight names of [`ATTRACTED_SOURCE`], in the article's order. Only those a cited
/// source places in the zone are on the map.
pub const ATTRACTED_2023: [AttractedFirm; 8] = [
    city_wide("富赛汽车电子", "Fusai Automotive Electronics"),
    AttractedFirm {
        name_zh: "比亚迪动力电池",
        name_en: "BYD power battery",
        feature_id: Some("project-faw-findreams"),
        link_zh: "很可能就是地图上的一汽弗迪（推断：弗迪电池是比亚迪的电池企业；China Daily 吉林频道 2024-02-03 报道其位于汽开区）",
        link_en: "Very probably the map's FAW FinDreams (an identification: FinDreams is BYD's battery arm; China Daily Jilin, 2024-02-03, reports it in the zone)",
    },
    AttractedFirm {
        name_zh: "一汽中车电驱",
        name_en: "FAW–CRRC e-drive",
        feature_id: Some("project-faw-crrc-edrive"),
        link_zh: "在汽开区，毗邻和润汽车产业园（jl.cri.cn 2024-03-14）",
        link_en: "In the zone, next to Herun park (jl.cri.cn, 2024-03-14)",
    },
    city_wide("麦格纳", "Magna"),
    city_wide("富奥轻量化", "FAWER lightweight"),
    city_wide("进发", "Jinfa (pinyin)"),
    city_wide("华友", "Huayou (pinyin)"),
    city_wide("天津日特固", "Tianjin Ritegu (pinyin)"),
];

/// A fact of the article without a figure, quoted with its sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StoryNote {
    /// Stable key (for tests and markup).
    pub key: &'static str,
    /// What it says, in Chinese.
    pub text_zh: &'static str,
    /// What it says, in English.
    pub text_en: &'static str,
    /// The sentence it comes from, verbatim.
    pub source: &'static str,
}

/// Why EVE Energy is in the story and not on the map.
pub const EXPO_NOTES: [StoryNote; 1] = [StoryNote {
    key: "eve_energy_at_the_expo",
    text_zh: "惠州亿纬锂能的销售经理在博览会上说，公司已向红旗供货，打算到长春与一汽大众进一步洽谈。文章没有提到在长春的项目或地点，所以它不在地图上。",
    text_en: "At the expo, a sales manager of EVE Energy (Huizhou) said the company already supplies Hongqi and plans further talks with FAW-Volkswagen in Changchun. The article names no project or site in Changchun, so it is not on the map.",
    source: "惠州亿纬锂能股份有限公司销售经理谭舒说：“我们主营电芯研制、高能高功率圆柱电池、新能源车动力电池等业务，已向红旗供货，打算到长春与一汽大众进一步洽谈，希望向大众配套相关零件。”",
}];

/// One dated milestone of the article's 2023 story.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimelineEntry {
    /// ISO date.
    pub date: &'static str,
    /// What happened, in Chinese (condensed from the source).
    pub event_zh: &'static str,
    /// What happened, in English (our translation).
    pub event_en: &'static str,
    /// The sentence it comes from, verbatim.
    pub source: &'static str,
    /// The mapped feature it concerns, if any.
    pub feature_id: Option<&'static str>,
    /// A conflict with other sources, in Chinese and English, shown next to the date.
    pub caveat: Option<(&'static str, &'static str)>,
}

/// The article's 2023 timeline of policies and milestones, in date order.
pub const TIMELINE: [TimelineEntry; 6] = [
    TimelineEntry {
        date: "2023-01-13",
        event_zh: "省政府印发《关于实施汽车产业集群“上台阶”工程的意见》",
        event_en: "Jilin Province issues its opinions on taking the automotive cluster \"up a level\"",
        source: "2023年1月13日，省政府印发了《关于实施汽车产业集群“上台阶”工程的意见》",
        feature_id: None,
        caveat: None,
    },
    TimelineEntry {
        date: "2023-06-28",
        event_zh: "市委、市政府印发《市级领导包保重点产业链和保障链工作方案》",
        event_en: "Changchun assigns city leaders to key industrial chains and their support chains",
        source: "2023年6月28日，长春市委、市政府印发《市级领导包保重点产业链和保障链工作方案》",
        feature_id: None,
        caveat: None,
    },
    TimelineEntry {
        date: "2023-07-28",
        event_zh: "市委十四届五次全会提出“实施全面振兴新突破三年攻坚行动”",
        event_en: "City party plenum launches a three-year drive; the auto cluster to shift to new-energy and connected vehicles",
        source: "2023年7月28日，长春市委十四届五次全会提出“实施全面振兴新突破三年攻坚行动”",
        feature_id: None,
        caveat: None,
    },
    TimelineEntry {
        date: "2023-10-25",
        event_zh: "市委常委会审议通过《长春市汽车产业攻坚突破三年行动计划》及支持政策",
        event_en: "Three-year action plan and support policies for the auto industry adopted",
        source: "2023年10月25日，长春市委常委会会议审议通过了《长春市汽车产业攻坚突破三年行动计划》",
        feature_id: None,
        caveat: None,
    },
    TimelineEntry {
        date: "2023-11-13",
        event_zh: "长春入选国家首批公共领域车辆全面电动化先行区试点城市",
        event_en: "Changchun chosen as a first national pilot city for all-electric public-sector vehicles",
        source: "长春市以优异成绩入选国家首批公共领域车辆全面电动化先行区试点城市",
        feature_id: None,
        caveat: None,
    },
    TimelineEntry {
        date: "2023-11-21",
        event_zh: "奥迪一汽新能源汽车项目完成暖封闭",
        event_en: "The Audi FAW NEV plant is weather-tight (warm enclosure)",
        source: "2023年11月21日，奥迪一汽新能源汽车项目完成了暖封闭。",
        feature_id: Some("project-audi-faw-nev"),
        caveat: Some((
            "日期有出入：文章写2023年11月21日；中新网等三篇2022-11-22的报道称暖封闭完成于2022-11-21。",
            "The dates conflict: the article says 2023-11-21; three reports of 2022-11-22 (China News Service and others) give 2022-11-21 for the warm enclosure.",
        )),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> String {
        // The article sits in the project's shared folder beside the checkout
        // (as on every developer machine and in CI).
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/changchun-nev-article.zh.txt"
        );
        std::fs::read_to_string(path).expect("the source article beside the checkout")
    }

    #[test]
    fn keys_are_unique_and_every_figure_has_both_labels_and_a_source() {
        for (i, f) in HEADLINE_FIGURES.iter().enumerate() {
            assert!(!f.label_zh.is_empty() && !f.label_en.is_empty() && !f.source.is_empty());
            assert!(
                HEADLINE_FIGURES[i + 1..].iter().all(|g| g.key != f.key),
                "{}",
                f.key
            );
        }
    }

    #[test]
    fn every_source_sentence_is_quoted_verbatim_from_the_article() {
        let article = article();
        for f in HEADLINE_FIGURES {
            assert!(
                article.contains(f.source),
                "{} is not quoted verbatim",
                f.key
            );
        }
        for t in TIMELINE {
            assert!(
                article.contains(t.source),
                "{} is not quoted verbatim",
                t.date
            );
        }
        for n in EXPO_NOTES {
            assert!(article.contains(n.source), "{}", n.key);
        }
        assert!(article.contains(ATTRACTED_SOURCE));
    }

    /// How the article writes a value: "155.8万", "3165.4亿", "16.7%", "117".
    fn as_written(v: CitedValue) -> String {
        let trim = |x: f64| {
            let s = format!("{x:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        match v {
            CitedValue::Count(n) => trim(n),
            CitedValue::Yuan(y) => format!("{}亿", trim(y / 1e8)),
            CitedValue::Vehicles(n) if n % 100.0 == 0.0 => format!("{}万", trim(n / 1e4)),
            CitedValue::Vehicles(n) => trim(n),
            CitedValue::Percent(p) => format!("{}%", trim(p)),
            CitedValue::Text(zh, _) => zh.trim_matches(['“', '”']).to_string(),
        }
    }

    #[test]
    fn every_figure_stands_in_its_own_source_sentence() {
        for f in HEADLINE_FIGURES {
            let written = as_written(f.value);
            assert!(
                f.source.contains(&written),
                "{}: {written} is not in its source",
                f.key
            );
        }
        // The check can fail: a figure the sentence does not state is caught.
        assert!(!NEV_2023.contains(&as_written(CitedValue::Vehicles(119_000.0))));
    }

    #[test]
    fn every_attracted_name_is_in_the_sentence_and_mapped_ones_exist_with_a_reason() {
        let out = crate::data::load_geojson(crate::DEFAULT_DATA, &crate::data::Limits::default());
        let catalog = crate::core::catalog::Catalog::new(out.features);
        for firm in ATTRACTED_2023 {
            assert!(ATTRACTED_SOURCE.contains(firm.name_zh), "{}", firm.name_zh);
            match firm.feature_id {
                Some(id) => {
                    assert!(catalog.get(id).is_some(), "{id}");
                    assert!(!firm.link_zh.is_empty() && !firm.link_en.is_empty());
                }
                None => assert!(
                    catalog.features().iter().all(|f| f.name_zh != firm.name_zh),
                    "{} has no site in the zone and must not be on the map",
                    firm.name_zh
                ),
            }
        }
    }

    #[test]
    fn the_audi_date_shows_its_conflict_in_the_timeline_and_on_the_feature() {
        let entry = TIMELINE
            .iter()
            .find(|t| t.feature_id == Some("project-audi-faw-nev"))
            .expect("the warm enclosure");
        let (zh, en) = entry.caveat.expect("the date conflict is shown");
        assert!(zh.contains("2022-11-21") && en.contains("2022-11-21"));
        let out = crate::data::load_geojson(crate::DEFAULT_DATA, &crate::data::Limits::default());
        let audi = out
            .features
            .iter()
            .find(|f| f.id == "project-audi-faw-nev")
            .expect("audi");
        let m = audi
            .milestones
            .iter()
            .find(|m| m.date == entry.date)
            .expect("milestone");
        assert!(m.event_zh.contains("2022-11-21") && m.event_en.contains("2022-11-21"));
    }

    #[test]
    fn the_timeline_is_in_date_order_and_links_only_to_features_of_the_default_data() {
        assert!(TIMELINE.windows(2).all(|w| w[0].date < w[1].date));
        let out = crate::data::load_geojson(crate::DEFAULT_DATA, &crate::data::Limits::default());
        let catalog = crate::core::catalog::Catalog::new(out.features);
        for t in TIMELINE {
            if let Some(id) = t.feature_id {
                assert!(catalog.get(id).is_some(), "{id}");
            }
        }
    }
}

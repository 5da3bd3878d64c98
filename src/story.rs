//! The article's headline figures, each with the sentence it comes from.
//! Source: 吉林日报《长春新能源和智能网联汽车产业向“新”而行——逆势扬帆求跨越》
//! (../shared/seed/changchun-nev-article.zh.txt). These are cited, city-wide
//! figures, shown apart from the statistics computed from the loaded map data.

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
    /// The article gives no exact number ("2万多辆"): quoted as written.
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
}

/// The headline figures, in the article's order.
pub const HEADLINE_FIGURES: [CitedFigure; 9] = [
    CitedFigure {
        key: "vehicles_produced_2023",
        label_zh: "2023年长春整车产量",
        label_en: "Vehicles produced in Changchun, 2023",
        value: CitedValue::Vehicles(1_558_000.0),
        source: "以2023年数据为例，整车产销分别完成155.8万辆和156.7万辆，同比分别增长16.7%和17.6%",
    },
    CitedFigure {
        key: "vehicle_output_value_2023",
        label_zh: "2023年整车产值",
        label_en: "Vehicle output value, 2023",
        value: CitedValue::Yuan(316_540_000_000.0),
        source: "整车产值完成3165.4亿元",
    },
    CitedFigure {
        key: "nev_produced_2023",
        label_zh: "2023年新能源整车产量",
        label_en: "New-energy vehicles produced, 2023",
        value: CitedValue::Vehicles(118_000.0),
        source: "新能源整车产销分别完成11.8万辆和12.6万辆，同比分别增长43.2%和62.7%",
    },
    CitedFigure {
        key: "nev_sales_growth_2023",
        label_zh: "2023年新能源整车销量同比增长",
        label_en: "Growth in new-energy vehicle sales, 2023",
        value: CitedValue::Percent(62.7),
        source: "新能源整车产销分别完成11.8万辆和12.6万辆，同比分别增长43.2%和62.7%",
    },
    CitedFigure {
        key: "key_projects",
        label_zh: "5000万元以上重点汽车产业项目",
        label_en: "Key automotive projects over CNY 50 million",
        value: CitedValue::Count(130.0),
        source: "全市5000万元以上重点汽车产业项目达到130个，总投资1025亿",
    },
    CitedFigure {
        key: "key_projects_investment",
        label_zh: "上述项目总投资",
        label_en: "Total investment of those projects",
        value: CitedValue::Yuan(102_500_000_000.0),
        source: "全市5000万元以上重点汽车产业项目达到130个，总投资1025亿",
    },
    CitedFigure {
        key: "swap_stations_built",
        label_zh: "长春累计建成换电站",
        label_en: "Battery-swap stations built in Changchun",
        value: CitedValue::Count(90.0),
        source: "目前，长春累计建成新能源汽车换电站90座，累计推广新能源换电车11465辆",
    },
    CitedFigure {
        key: "swap_vehicles",
        label_zh: "累计推广换电车",
        label_en: "Battery-swap vehicles in service",
        value: CitedValue::Vehicles(11_465.0),
        source: "目前，长春累计建成新能源汽车换电站90座，累计推广新能源换电车11465辆",
    },
    CitedFigure {
        key: "audi_ppe_supplier_projects",
        label_zh: "域内企业承接奥迪PPE一期配套项目",
        label_en: "Audi PPE phase-1 supply projects taken by local firms",
        value: CitedValue::Count(235.0),
        source: "积极推动域内企业承接235个奥迪PPE一期配套项目",
    },
];

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
}

/// The article's 2023 timeline of policies and milestones, in date order.
pub const TIMELINE: [TimelineEntry; 6] = [
    TimelineEntry {
        date: "2023-01-13",
        event_zh: "省政府印发《关于实施汽车产业集群“上台阶”工程的意见》",
        event_en: "Jilin Province issues its opinions on taking the automotive cluster \"up a level\"",
        source: "2023年1月13日，省政府印发了《关于实施汽车产业集群“上台阶”工程的意见》",
        feature_id: None,
    },
    TimelineEntry {
        date: "2023-06-28",
        event_zh: "市委、市政府印发《市级领导包保重点产业链和保障链工作方案》",
        event_en: "Changchun assigns city leaders to key industrial and supply chains",
        source: "2023年6月28日，长春市委、市政府印发《市级领导包保重点产业链和保障链工作方案》",
        feature_id: None,
    },
    TimelineEntry {
        date: "2023-07-28",
        event_zh: "市委十四届五次全会提出“实施全面振兴新突破三年攻坚行动”",
        event_en: "City party plenum launches a three-year drive; the auto cluster to shift to new-energy and connected vehicles",
        source: "2023年7月28日，长春市委十四届五次全会提出“实施全面振兴新突破三年攻坚行动”",
        feature_id: None,
    },
    TimelineEntry {
        date: "2023-10-25",
        event_zh: "市委常委会审议通过《长春市汽车产业攻坚突破三年行动计划》及支持政策",
        event_en: "Three-year action plan and support policies for the auto industry adopted",
        source: "2023年10月25日，长春市委常委会会议审议通过了《长春市汽车产业攻坚突破三年行动计划》",
        feature_id: None,
    },
    TimelineEntry {
        date: "2023-11-13",
        event_zh: "长春入选国家首批公共领域车辆全面电动化先行区试点城市",
        event_en: "Changchun chosen as a first national pilot city for all-electric public-sector vehicles",
        source: "长春市以优异成绩入选国家首批公共领域车辆全面电动化先行区试点城市",
        feature_id: None,
    },
    TimelineEntry {
        date: "2023-11-21",
        event_zh: "奥迪一汽新能源汽车项目完成暖封闭",
        event_en: "The Audi FAW NEV plant is weather-tight (warm enclosure)",
        source: "2023年11月21日，奥迪一汽新能源汽车项目完成了暖封闭。",
        feature_id: Some("project-audi-faw-nev"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The article sits in the project's shared folder beside the checkout
    /// (as on every developer machine and in CI).
    #[test]
    fn every_source_sentence_is_quoted_verbatim_from_the_article() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/changchun-nev-article.zh.txt"
        );
        let article =
            std::fs::read_to_string(path).expect("the source article beside the checkout");
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

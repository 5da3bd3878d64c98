//! What the details of a feature say in one language: its names, facts and
//! note. The live panel (`components::details`) and the first view's card
//! (`scene::first_card`, written at build time) both take them from here, so
//! a visitor who taps before the WebAssembly has arrived reads the same words
//! the widget shows when it takes over.

use super::{accuracy_text, category_name, format, kind_singular, status_name, text, Lang, Msg};
use crate::core::model::Feature;

/// One line of the facts list.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// What it is ("Investment").
    pub label: &'static str,
    /// Its value, formatted for `lang`.
    pub value: String,
    /// A figure from the source (shown in figures' style).
    pub figure: bool,
}

/// The feature's name in `lang` and, in Chinese, the other name below it.
pub fn names(lang: Lang, f: &Feature) -> (String, Option<String>) {
    match lang {
        Lang::Zh => (f.name_zh.clone(), Some(f.name_en.clone())),
        Lang::En => (f.name_en.clone(), None),
    }
}

/// Kind, category, status, the figures and how exact the position is.
pub fn facts(lang: Lang, f: &Feature) -> Vec<Fact> {
    let plain = |label: Msg, value: String| Fact {
        label: text(lang, label),
        value,
        figure: false,
    };
    let figure = |label: Msg, value: String| Fact {
        label: text(lang, label),
        value,
        figure: true,
    };
    let mut out = vec![plain(Msg::Kind, kind_singular(lang, f.kind).to_string())];
    if let Some(c) = &f.category {
        out.push(plain(Msg::Category, category_name(lang, c)));
    }
    out.push(plain(Msg::Status, status_name(lang, f.status).to_string()));
    let fig = &f.figures;
    if let Some(v) = fig.investment_yuan {
        out.push(figure(Msg::Investment, format::yuan(lang, v)));
    }
    if let Some(v) = fig.land_area_m2 {
        out.push(figure(Msg::LandArea, format::area(lang, v)));
    }
    if let Some(v) = fig.building_area_m2 {
        out.push(figure(Msg::BuildingArea, format::area(lang, v)));
    }
    if let Some(v) = fig.capacity_vehicles_per_year {
        out.push(figure(Msg::Capacity, format::vehicles_per_year(lang, v)));
    }
    out.push(plain(
        Msg::PositionAccuracy,
        accuracy_text(lang, f.position_accuracy),
    ));
    out
}

/// The note in `lang`, if the data has one.
pub fn note(lang: Lang, f: &Feature) -> Option<String> {
    match lang {
        Lang::Zh => f.note_zh.clone(),
        Lang::En => f.note_en.clone(),
    }
}

/// The host part of a URL, shown next to a link so users see where it goes.
pub fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_text, Limits};

    fn feature(id: &str) -> Feature {
        let outcome = load_text(crate::EMBEDDED_DATA, &Limits::default());
        outcome
            .features
            .into_iter()
            .find(|f| f.id.as_str() == id)
            .expect("in the default data")
    }

    #[test]
    fn facts_carry_the_figures_formatted_for_each_language() {
        let f = feature("project-hongqi-fanrong");
        let investment = f.figures.investment_yuan.expect("the article gives it");
        for lang in [Lang::Zh, Lang::En] {
            let facts = facts(lang, &f);
            assert_eq!(facts[0].label, text(lang, Msg::Kind));
            let row = facts
                .iter()
                .find(|r| r.label == text(lang, Msg::Investment))
                .expect("investment row");
            assert!(row.figure);
            assert_eq!(row.value, format::yuan(lang, investment));
            assert_eq!(
                facts.last().map(|r| r.label),
                Some(text(lang, Msg::PositionAccuracy))
            );
        }
    }

    #[test]
    fn the_other_name_shows_under_the_chinese_one_only() {
        let f = feature("project-hongqi-fanrong");
        assert_eq!(
            names(Lang::Zh, &f),
            (f.name_zh.clone(), Some(f.name_en.clone()))
        );
        assert_eq!(names(Lang::En, &f), (f.name_en.clone(), None));
    }

    #[test]
    fn url_host_is_the_part_between_scheme_and_path() {
        assert_eq!(
            url_host("https://www.example.gov.cn/a/b?c#d"),
            "www.example.gov.cn"
        );
        assert_eq!(url_host("http://host:8080"), "host:8080");
    }
}

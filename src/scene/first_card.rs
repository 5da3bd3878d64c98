//! The first view's details cards: for each feature a tap on the first view
//! can pick, its details in both languages as static HTML, written at build
//! time from the same words the live panel shows (`i18n::details`). The page
//! fetches the one card it needs when a visitor taps before the WebAssembly
//! has arrived (src/js/qikai-map.js), so details open in well under a second
//! on a slow phone; the widget replaces the card with its panel when it
//! takes over. What needs the running widget (a park's computed summary, the
//! nearest stations) is left to it, and the card says so.

use super::first_view::escape_html as escape;
use crate::core::model::{Feature, FeatureKind};
use crate::i18n::details::{facts, names, note, url_host};
use crate::i18n::{format, text, Lang, Msg};

/// Ids longer than this get no card: the file name is the id in hex and
/// must stay within a file system's 255 bytes.
const MAX_ID_BYTES: usize = 120;

/// True when the first view lets a tap pick `f` (points and parks; the zone
/// and districts are the map's ground).
pub fn has_card(f: &Feature) -> bool {
    !matches!(f.kind, FeatureKind::Zone | FeatureKind::District)
        && f.id.as_str().len() <= MAX_ID_BYTES
}

/// The card's file name: the id's UTF-8 bytes in hex (whatever a portal's ids
/// hold, the name is safe in a URL and a path; qikai-map.js computes the same).
pub fn card_file_name(id: &str) -> String {
    let mut name: String = id.bytes().map(|b| format!("{b:02x}")).collect();
    name.push_str(".html");
    name
}

/// Both languages' cards for `f`; the page shows the one of its language.
pub fn card_html(f: &Feature) -> String {
    let mut out = String::new();
    for lang in [Lang::Zh, Lang::En] {
        out.push_str(&card(lang, f));
    }
    out
}

fn card(lang: Lang, f: &Feature) -> String {
    let mut h = String::with_capacity(2048);
    let code = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let (title, alt) = names(lang, f);
    h.push_str(&format!(
        r#"<section class="qk-fv-card" data-lang="{code}" lang="{}"><header class="qk-fv-card-head"><h2 class="qk-fv-card-title" tabindex="-1">{}</h2><button type="button" class="qk-fv-card-close" aria-label="{}"><span aria-hidden="true">×</span></button></header>"#,
        lang.tag(),
        escape(&title),
        escape(text(lang, Msg::Close)),
    ));
    if let Some(alt) = alt {
        h.push_str(&format!(
            r#"<p class="qk-fv-card-alt" lang="{}">{}</p>"#,
            lang.other().tag(),
            escape(&alt)
        ));
    }
    if f.position_accuracy.is_schematic() {
        h.push_str(&format!(
            r#"<p class="qk-fv-card-badge">{}</p>"#,
            escape(text(lang, Msg::Schematic))
        ));
    }
    h.push_str(r#"<dl class="qk-fv-facts">"#);
    for row in facts(lang, f) {
        h.push_str(&format!(
            "<dt>{}</dt><dd{}>{}</dd>",
            escape(row.label),
            if row.figure {
                r#" class="qk-figure""#
            } else {
                ""
            },
            escape(&row.value)
        ));
    }
    h.push_str("</dl>");
    if !f.milestones.is_empty() {
        h.push_str(&subtitle(lang, Msg::Milestones));
        h.push_str("<ul>");
        for m in &f.milestones {
            h.push_str(&format!(
                r#"<li><time datetime="{}">{}</time> {}</li>"#,
                escape(&m.date),
                escape(&format::date(lang, &m.date)),
                escape(lang.pick(&m.event_zh, &m.event_en))
            ));
        }
        h.push_str("</ul>");
    }
    if let Some(n) = note(lang, f) {
        h.push_str(&subtitle(lang, Msg::Note));
        h.push_str(&format!("<p>{}</p>", escape(&n)));
    }
    let link = f.source_url.as_deref().filter(|u| is_http(u));
    if !f.source.is_empty() || link.is_some() {
        h.push_str(&subtitle(lang, Msg::Source));
        if !f.source.is_empty() {
            h.push_str(&format!(
                r#"<blockquote lang="zh-CN">{}</blockquote>"#,
                escape(&f.source)
            ));
        }
        if let Some(url) = link {
            h.push_str(&format!(
                r#"<p><a href="{}" target="_blank" rel="noopener noreferrer">{}</a> ({})</p>"#,
                escape(url),
                escape(text(lang, Msg::SourceLink)),
                escape(url_host(url))
            ));
        }
    }
    h.push_str(&format!(
        r#"<p class="qk-fv-card-more">{}</p></section>"#,
        escape(text(lang, Msg::MoreWhenReady))
    ));
    h
}

fn subtitle(lang: Lang, msg: Msg) -> String {
    format!("<h3>{}</h3>", escape(text(lang, msg)))
}

/// Only web links are written (the loader already refuses others; a card is
/// never the place where a `javascript:` URL gets through).
fn is_http(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{load_geojson, load_text, Limits};

    fn default_features() -> Vec<Feature> {
        load_text(crate::EMBEDDED_DATA, &Limits::default()).features
    }

    #[test]
    fn a_card_says_in_each_language_what_the_live_panel_says() {
        let f = default_features()
            .into_iter()
            .find(|f| f.id.as_str() == "project-hongqi-fanrong")
            .expect("in the default data");
        let html = card_html(&f);
        for lang in [Lang::Zh, Lang::En] {
            let start = html
                .find(&format!(
                    r#"data-lang="{}""#,
                    if lang == Lang::Zh { "zh" } else { "en" }
                ))
                .expect("a card per language");
            let card = &html[start..start + html[start..].find("</section>").expect("closed")];
            assert!(card.contains(&escape(&names(lang, &f).0)));
            for row in facts(lang, &f) {
                assert!(
                    card.contains(&format!("<dt>{}</dt>", escape(row.label))),
                    "{}",
                    row.label
                );
                assert!(card.contains(&escape(&row.value)), "{}", row.value);
            }
            assert!(card.contains(text(lang, Msg::MoreWhenReady)));
        }
    }

    #[test]
    fn hostile_text_is_escaped_and_only_web_links_are_written() {
        let geojson = r#"{"type":"FeatureCollection","features":[{"type":"Feature","id":"x-1",
            "geometry":{"type":"Point","coordinates":[125.2,43.8]},
            "properties":{"kind":"project","name_zh":"<script>alert(1)</script>","name_en":"a\"b'c & <img src=x onerror=y>",
            "note_en":"</section><script>","source":"<b>s</b>","source_url":"https://ok.example/p?q=<x>"}}]}"#;
        let f = load_geojson(geojson, &Limits::default()).features.remove(0);
        let html = card_html(&f);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert_eq!(html.matches("<section").count(), 2);
        assert_eq!(html.matches("</section>").count(), 2);
        assert!(
            html.contains(r#"href="https://ok.example/p?q=&lt;x&gt;""#),
            "{html}"
        );
        let mut g = f.clone();
        g.source_url = Some("javascript:alert(1)".into());
        assert!(!card_html(&g).contains("href="));
    }

    #[test]
    fn every_feature_the_first_view_picks_has_a_card_with_a_safe_name() {
        let features = default_features();
        let picked = features.iter().filter(|f| has_card(f)).count();
        assert!(picked > 10, "{picked}");
        assert!(features
            .iter()
            .any(|f| f.kind == FeatureKind::Zone && !has_card(f)));
        assert_eq!(card_file_name("a:b"), "613a62.html");
        assert_eq!(card_file_name("项"), "e9a1b9.html");
        assert_eq!(card_file_name("../x"), "2e2e2f78.html");
    }
}

//! Name search over the catalog: Chinese, English, full pinyin and pinyin
//! initials, ranked. The index is built once per catalog and never changes;
//! a query only compares folded strings.

use super::catalog::Catalog;
use super::hanzi_pinyin;
use super::model::FeatureKind;
use super::text_fold::fold;

/// How a hit matched, best first. The variant order is the ranking order.
///
/// A match at the start of any key (name, pinyin, initials) beats a match
/// inside one: people type the beginning of what they look for, so `hq`
/// means 红旗 (initials) before the last word of "FAW NBD HQ".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKind {
    /// The query is a whole name (Chinese or English).
    Exact,
    /// A name starts with the query.
    Prefix,
    /// The full pinyin of the Chinese name starts with the query
    /// (`hongqi`, `hongq`, `hong q`).
    PinyinFull,
    /// The pinyin initials of the Chinese name start with the query (`hq`).
    PinyinInitials,
    /// A word of the English name, other than the first, starts with it.
    WordStart,
    /// A name contains the query.
    Substring,
    /// The pinyin contains the query from the start of a syllable (`fanrong`
    /// in 红旗繁荣), or the initials contain it.
    PinyinSubstring,
}

impl MatchKind {
    /// The score of this kind of match; higher is better.
    pub fn score(self) -> u32 {
        match self {
            Self::Exact => 1000,
            Self::Prefix => 900,
            Self::PinyinFull => 800,
            Self::PinyinInitials => 700,
            Self::WordStart => 600,
            Self::Substring => 500,
            Self::PinyinSubstring => 400,
        }
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchHit {
    /// The feature's id.
    pub id: String,
    /// Higher is better; equal to `matched.score()`.
    pub score: u32,
    /// The best way the feature matched.
    pub matched: MatchKind,
}

/// The precomputed keys of one feature.
#[derive(Clone, Debug)]
struct Entry {
    id: String,
    kind_rank: u8,
    sort_key: String,
    zh: String,
    en: String,
    /// Pinyin with no separators: `hongqi`.
    pinyin: String,
    /// Pinyin with syllables separated by one space: `hong qi`.
    pinyin_spaced: String,
    /// Byte offsets in `pinyin` where a syllable starts.
    syllable_starts: Vec<usize>,
    /// First letter of each syllable: `hq`.
    initials: String,
}

/// A search index over one catalog's names, built once.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
    /// Indexes every feature's Chinese name, English name and the pinyin of
    /// the Chinese name.
    ///
    /// Polyphonic characters take their first reading ([`hanzi_pinyin`]), except
    /// where [`pinyin_sort_key`] documents an override; a name read otherwise
    /// is still found by its characters and its English name.
    pub fn new(catalog: &Catalog) -> Self {
        let entries = catalog
            .features()
            .iter()
            .map(|f| {
                let zh = fold(&f.name_zh);
                let syllables = syllables(&zh);
                let mut pinyin = String::new();
                let mut syllable_starts = Vec::with_capacity(syllables.len());
                for s in &syllables {
                    syllable_starts.push(pinyin.len());
                    pinyin.push_str(s);
                }
                let initials = syllables.iter().filter_map(|s| s.chars().next()).collect();
                Entry {
                    id: f.id.clone(),
                    kind_rank: kind_rank(f.kind),
                    sort_key: sort_key_of(&syllables, &f.name_zh),
                    en: fold(&f.name_en),
                    pinyin_spaced: syllables.join(" "),
                    zh,
                    pinyin,
                    syllable_starts,
                    initials,
                }
            })
            .collect();
        Self { entries }
    }

    /// At most `limit` features matching `query`, best first. Ties go to
    /// projects, parks and stations before landmarks and context areas, then
    /// to pinyin order of the Chinese name. An empty or blank query finds
    /// nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        let q = fold(query);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let compact: String = q.chars().filter(|c| *c != ' ').collect();
        let mut hits: Vec<(&Entry, MatchKind)> = self
            .entries
            .iter()
            .filter_map(|e| best_match(e, &q, &compact).map(|m| (e, m)))
            .collect();
        hits.sort_by(|(a, ma), (b, mb)| {
            ma.cmp(mb)
                .then(a.kind_rank.cmp(&b.kind_rank))
                .then_with(|| a.sort_key.cmp(&b.sort_key))
                .then_with(|| a.id.cmp(&b.id))
        });
        hits.into_iter()
            .take(limit)
            .map(|(e, matched)| SearchHit {
                id: e.id.clone(),
                score: matched.score(),
                matched,
            })
            .collect()
    }

    /// Number of indexed features.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The key that sorts Chinese names in pinyin order: the full pinyin with
/// syllables separated by a space, then the original name to break ties.
///
/// Characters without pinyin (Latin letters, digits, rare characters) stay,
/// folded like a search query (lowercase, punctuation dropped), so letters and
/// digits sort among the syllables and other characters after every letter,
/// by code point. Polyphonic characters
/// take their first reading, except 长, read `chang` as in 长春 (the
/// dictionary's first reading, `zhang`, would sort 长春 among the Z's).
///
/// ```
/// use qikai_map::core::search::pinyin_sort_key;
/// let mut names = ["长春", "奥迪", "红旗"];
/// names.sort_by_key(|n| pinyin_sort_key(n));
/// assert_eq!(names, ["奥迪", "长春", "红旗"]);
/// ```
pub fn pinyin_sort_key(name_zh: &str) -> String {
    sort_key_of(&syllables(&fold(name_zh)), name_zh)
}

fn sort_key_of(syllables: &[String], original: &str) -> String {
    // U+0001 sorts below the space between syllables, so a name whose pinyin
    // is a prefix of another's ("hong" / "hong qi") comes first.
    let mut key = syllables.join(" ");
    key.push('\u{1}');
    key.push_str(original);
    key
}

/// Readings that differ from the first one in [`hanzi_pinyin`] for names in
/// this region. Kept tiny on purpose: context-free pinyin cannot be right for
/// every polyphonic character.
const READING_OVERRIDES: &[(char, &str)] = &[('长', "chang")];

/// The pinyin of one character without tone marks, folded (`lü` → `lu`).
fn reading(c: char) -> Option<String> {
    READING_OVERRIDES
        .iter()
        .find(|(ch, _)| *ch == c)
        .map(|(_, r)| (*r).to_string())
        .or_else(|| hanzi_pinyin::plain(c).map(fold))
}

/// Splits folded text into pinyin syllables: one per character that has a
/// reading, and one per run of other characters (`一汽nbd` → `yi qi nbd`).
fn syllables(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in folded.chars() {
        if c == ' ' {
            flush(&mut run, &mut out);
        } else if let Some(r) = reading(c) {
            flush(&mut run, &mut out);
            out.push(r);
        } else {
            run.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn flush(run: &mut String, out: &mut Vec<String>) {
    if !run.is_empty() {
        out.push(std::mem::take(run));
    }
}

/// Search tie-break: what people look for first. Context areas come last so
/// that a project is not buried under the district around it.
fn kind_rank(kind: FeatureKind) -> u8 {
    match kind {
        FeatureKind::Project => 0,
        FeatureKind::Park => 1,
        FeatureKind::SwapStation => 2,
        FeatureKind::Landmark => 3,
        FeatureKind::Zone => 4,
        FeatureKind::District => 5,
    }
}

/// The best match of the folded query `q` (and `compact`, the same without
/// spaces, never empty since `fold` trims) against one entry.
fn best_match(e: &Entry, q: &str, compact: &str) -> Option<MatchKind> {
    let names = [e.zh.as_str(), e.en.as_str()];
    if names.contains(&q) {
        return Some(MatchKind::Exact);
    }
    if names.iter().any(|n| n.starts_with(q)) {
        return Some(MatchKind::Prefix);
    }
    if e.pinyin.starts_with(compact) || e.pinyin_spaced.starts_with(q) {
        return Some(MatchKind::PinyinFull);
    }
    if e.initials.starts_with(compact) {
        return Some(MatchKind::PinyinInitials);
    }
    if e.en.match_indices(q).any(|(i, _)| e.en[..i].ends_with(' ')) {
        return Some(MatchKind::WordStart);
    }
    if names.iter().any(|n| n.contains(q)) {
        return Some(MatchKind::Substring);
    }
    let at_syllable = e
        .pinyin
        .match_indices(compact)
        .any(|(i, _)| e.syllable_starts.binary_search(&i).is_ok());
    // One letter inside the initials is noise: every name with that letter.
    if at_syllable || (compact.chars().count() > 1 && e.initials.contains(compact)) {
        return Some(MatchKind::PinyinSubstring);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::coord::LngLat;
    use crate::core::model::{Feature, Figures, Geometry, PositionAccuracy, Status};
    use crate::data::{load_geojson, Limits};

    fn feature(id: &str, kind: FeatureKind, name_zh: &str, name_en: &str) -> Feature {
        Feature {
            id: id.into(),
            kind,
            name_zh: name_zh.into(),
            name_en: name_en.into(),
            category: None,
            status: Status::Unknown,
            geometry: Geometry::Point(LngLat::lon_lat(125.2, 43.8)),
            figures: Figures::default(),
            milestones: Vec::new(),
            source: String::new(),
            source_url: None,
            position_accuracy: PositionAccuracy::Unstated,
            note_zh: None,
            note_en: None,
        }
    }

    fn small_index() -> SearchIndex {
        SearchIndex::new(&Catalog::new(vec![
            feature(
                "project-hongqi",
                FeatureKind::Project,
                "红旗繁荣工厂",
                "FAW Hongqi Fanrong plant",
            ),
            feature(
                "project-audi",
                FeatureKind::Project,
                "奥迪一汽新能源汽车项目",
                "Audi FAW NEV (PPE) plant",
            ),
            feature(
                "project-byd",
                FeatureKind::Project,
                "比亚迪动力电池",
                "BYD power battery",
            ),
            feature(
                "swap-1",
                FeatureKind::SwapStation,
                "换电站（示意点 1）",
                "Battery-swap station 1",
            ),
            feature(
                "swap-2",
                FeatureKind::SwapStation,
                "换电站（示意点 2）",
                "Battery-swap station 2",
            ),
            feature(
                "district-lvyuan",
                FeatureKind::District,
                "绿园区",
                "Lüyuan District",
            ),
            feature(
                "district-chaoyang",
                FeatureKind::District,
                "朝阳区",
                "Chaoyang District",
            ),
            feature(
                "park-chaoyang",
                FeatureKind::Park,
                "朝阳产业园",
                "Chaoyang park",
            ),
        ]))
    }

    fn ids(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|h| h.id.as_str()).collect()
    }

    fn default_index() -> SearchIndex {
        let out = load_geojson(crate::DEFAULT_DATA, &Limits::default());
        SearchIndex::new(&Catalog::new(out.features))
    }

    #[test]
    fn pinyin_initials_find_hongqi_in_any_case_or_width() {
        let index = small_index();
        for q in ["ＨＱ", "Hq", "hq", "hqf"] {
            let hits = index.search(q, 5);
            assert_eq!(ids(&hits), ["project-hongqi"], "{q}");
            assert_eq!(hits[0].matched, MatchKind::PinyinInitials, "{q}");
        }
    }

    #[test]
    fn full_pinyin_finds_a_name_with_or_without_syllable_breaks() {
        let index = small_index();
        for q in ["hongqifan", "hong qi fan", "hong q", "hongqif"] {
            let hits = index.search(q, 5);
            assert_eq!(ids(&hits), ["project-hongqi"], "{q}");
            assert_eq!(hits[0].matched, MatchKind::PinyinFull, "{q}");
        }
    }

    #[test]
    fn a_word_inside_the_english_name_is_found() {
        let hits = small_index().search("power", 5);
        assert_eq!(ids(&hits), ["project-byd"]);
        assert_eq!(hits[0].matched, MatchKind::WordStart);
        let hits = small_index().search("ower", 5);
        assert_eq!(hits[0].matched, MatchKind::Substring);
    }

    #[test]
    fn a_match_at_the_start_of_the_pinyin_beats_a_word_inside_a_name() {
        let index = default_index();
        let hits = index.search("hq", 10);
        let rank = |id: &str| hits.iter().position(|h| h.id == id);
        assert_eq!(rank("project-hongqi-fanrong"), Some(0));
        // "China FAW Group headquarters (FAW NBD HQ)" has HQ as a word.
        assert!(rank("landmark-faw-hq").is_some_and(|r| r > 0));
    }

    #[test]
    fn chinese_and_english_names_are_both_searched() {
        let index = small_index();
        assert_eq!(ids(&index.search("奥迪", 5)), ["project-audi"]);
        assert_eq!(index.search("奥迪", 5)[0].matched, MatchKind::Prefix);
        assert_eq!(ids(&index.search("audi", 5)), ["project-audi"]);
        assert_eq!(ids(&index.search("BYD", 5)), ["project-byd"]);
        assert_eq!(index.search("BYD", 5)[0].matched, MatchKind::Prefix);
    }

    #[test]
    fn a_chinese_word_finds_every_feature_that_contains_it() {
        let hits = small_index().search("换电", 10);
        assert_eq!(ids(&hits), ["swap-1", "swap-2"]);
        assert!(hits.iter().all(|h| h.matched == MatchKind::Prefix));
    }

    #[test]
    fn an_exact_name_outranks_a_prefix_and_a_substring() {
        let hits = small_index().search("朝阳区", 5);
        assert_eq!(hits[0].id, "district-chaoyang");
        assert_eq!(hits[0].matched, MatchKind::Exact);
        assert_eq!(hits[0].score, 1000);
    }

    #[test]
    fn at_equal_match_a_park_comes_before_a_district() {
        let hits = small_index().search("朝阳", 5);
        assert_eq!(ids(&hits), ["park-chaoyang", "district-chaoyang"]);
        assert_eq!(hits[0].score, hits[1].score);
    }

    #[test]
    fn hits_are_ordered_by_score_and_cut_at_the_limit() {
        let index = small_index();
        let hits = index.search("a", 100);
        assert!(hits.len() > 2);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        assert_eq!(index.search("a", 2), hits[..2]);
        assert!(index.search("a", 0).is_empty());
    }

    #[test]
    fn a_blank_query_finds_nothing() {
        let index = small_index();
        for q in ["", "   ", "\u{3000}", "，。"] {
            assert!(index.search(q, 10).is_empty(), "{q:?}");
        }
    }

    #[test]
    fn a_pinyin_substring_counts_only_from_a_syllable_start() {
        let index = small_index();
        let hits = index.search("fanrong", 5);
        // "fanrong" is also an English word of the name, so check the pinyin
        // path with a syllable the English name lacks.
        assert_eq!(ids(&hits), ["project-hongqi"]);
        let hits = index.search("gongchang", 5);
        assert_eq!(ids(&hits), ["project-hongqi"]);
        assert_eq!(hits[0].matched, MatchKind::PinyinSubstring);
        // "ongch" sits inside hon|g|chang, not at a syllable start.
        assert!(index.search("ongch", 5).is_empty());
    }

    #[test]
    fn umlauts_fold_to_plain_u_in_names_and_pinyin() {
        let index = small_index();
        assert_eq!(ids(&index.search("Lüyuan", 5)), ["district-lvyuan"]);
        assert_eq!(ids(&index.search("luyuanqu", 5)), ["district-lvyuan"]);
    }

    #[test]
    fn the_default_data_answers_the_usual_queries() {
        let index = default_index();
        let first = |q: &str| {
            index
                .search(q, 10)
                .first()
                .map(|h| h.id.clone())
                .unwrap_or_default()
        };
        assert_eq!(first("hq"), "project-hongqi-fanrong");
        assert_eq!(first("ＨＱ"), "project-hongqi-fanrong");
        assert_eq!(first("hongqi"), "project-hongqi-fanrong");
        assert_eq!(first("aodi"), "project-audi-faw-nev");
        assert_eq!(first("ad"), "project-audi-faw-nev");
        assert_eq!(first("奥迪"), "project-audi-faw-nev");
        assert_eq!(first("audi"), "project-audi-faw-nev");
        assert_eq!(first("byd"), "project-faw-findreams");
        assert_eq!(first("西湖"), "landmark-metro-xihu");
        assert_eq!(first("Xihu"), "landmark-metro-xihu");
        // 长 is read chang here, not the dictionary's first reading zhang.
        assert_eq!(first("changchunxizhan"), "landmark-metro-changchunxizhan");
        assert_eq!(first("ccxz"), "landmark-metro-changchunxizhan");
    }

    #[test]
    fn every_default_swap_station_contains_huandian() {
        let index = default_index();
        let hits = index.search("换电", 50);
        assert_eq!(hits.len(), 6);
        assert!(hits.iter().all(|h| h.id.starts_with("swap-")));
    }

    #[test]
    fn the_index_covers_every_feature() {
        let out = load_geojson(crate::DEFAULT_DATA, &Limits::default());
        let catalog = Catalog::new(out.features);
        let index = SearchIndex::new(&catalog);
        assert_eq!(index.len(), catalog.len());
        assert!(SearchIndex::default().is_empty());
        for f in catalog.features() {
            let hits = index.search(&f.name_zh, catalog.len());
            assert_eq!(hits[0].id, f.id, "{}", f.name_zh);
            assert_eq!(hits[0].matched, MatchKind::Exact);
        }
    }

    #[test]
    fn pinyin_sort_key_orders_names_as_a_dictionary_does() {
        let mut names = ["长春", "奥迪", "比亚迪", "红旗"];
        names.sort_by_key(|n| pinyin_sort_key(n));
        assert_eq!(names, ["奥迪", "比亚迪", "长春", "红旗"]);
    }

    #[test]
    fn a_shorter_reading_sorts_before_its_extensions() {
        let mut names = ["红旗", "红", "洪"];
        names.sort_by_key(|n| pinyin_sort_key(n));
        // 红 and 洪 share "hong"; the original text breaks the tie.
        assert_eq!(names[2], "红旗");
        assert!(pinyin_sort_key("红") < pinyin_sort_key("红旗"));
    }

    #[test]
    fn characters_without_pinyin_sort_after_letters() {
        assert_eq!(pinyin_sort_key("一汽NBD"), "yi qi nbd\u{1}一汽NBD");
        assert!(pinyin_sort_key("红旗") < pinyin_sort_key("〆"));
        assert!(pinyin_sort_key("zuo") < pinyin_sort_key("〆"));
    }
}

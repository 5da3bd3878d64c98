//! Folds text to one comparable form, so that a query typed on any keyboard
//! finds a name written in any style: `ＨＱ`, `Hq` and `hq` fold alike, and so
//! do `Lüyuan`, `LÜYUAN` and `Luyuan`.

/// Folds `s` for matching: lowercase; full-width ASCII (U+FF01–U+FF5E) to
/// half-width and the ideographic space to a space; diacritics stripped from
/// Latin letters (`ü` → `u`, `é` → `e`, `ß` → `ss`); everything that is not a
/// letter, digit or CJK character becomes a word break, and runs of breaks
/// collapse to one space with none at either end.
///
/// Punctuation breaks words rather than vanishing, so `e-drive` folds to
/// `e drive` and a search for `drive` still finds the start of a word.
///
/// ```
/// use qikai_map::core::text_fold::fold;
/// assert_eq!(fold("ＦＡＷ–CRRC  e-Drive"), "faw crrc e drive");
/// assert_eq!(fold("Lüyuan（绿园区）"), "luyuan 绿园区");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // True once a break is pending: written only before the next kept char,
    // which trims both ends and collapses runs for free.
    let mut pending_break = false;
    for c in s.chars().map(to_half_width) {
        for lower in c.to_lowercase() {
            if is_combining_mark(lower) {
                // Decomposed input ("e" + U+0301): the mark is dropped, the
                // base letter was already kept.
                continue;
            }
            if lower.is_alphanumeric() {
                if pending_break && !out.is_empty() {
                    out.push(' ');
                }
                pending_break = false;
                match strip_diacritic(lower) {
                    Some(base) => out.push_str(base),
                    None => out.push(lower),
                }
            } else {
                pending_break = true;
            }
        }
    }
    out
}

/// Full-width forms typed with a Chinese IME in full-width mode, mapped back
/// to ASCII; the block U+FF01–U+FF5E mirrors U+0021–U+007E at a fixed offset.
fn to_half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Combining diacritical marks (U+0300–U+036F), which follow a base letter in
/// decomposed text.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The bare letters of a lowercase accented Latin letter.
///
/// A table rather than Unicode decomposition: the names on this map need only
/// Latin-1, Latin Extended-A and the tone-marked pinyin vowels of Latin
/// Extended-B, and a normalization crate would ship far larger tables to the
/// browser.
fn strip_diacritic(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => {
            "u"
        }
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_full_width_forms_fold_to_the_same_text() {
        assert_eq!(fold("ＨＱ"), "hq");
        assert_eq!(fold("Hq"), "hq");
        assert_eq!(fold("ｈｑ１２３"), "hq123");
    }

    #[test]
    fn the_ideographic_space_is_a_space() {
        assert_eq!(fold("红旗\u{3000}工厂"), "红旗 工厂");
    }

    #[test]
    fn diacritics_are_stripped_from_latin_letters() {
        assert_eq!(fold("Lüyuan"), "luyuan");
        assert_eq!(fold("Café Ñandú"), "cafe nandu");
        assert_eq!(fold("Straße Œuvre"), "strasse oeuvre");
        assert_eq!(fold("lǜ lǚ"), "lu lu");
    }

    #[test]
    fn decomposed_accents_are_dropped_too() {
        assert_eq!(fold("Cafe\u{301}"), "cafe");
    }

    #[test]
    fn punctuation_breaks_words_and_whitespace_collapses() {
        assert_eq!(fold("  FAW–CRRC  e-drive, Co. "), "faw crrc e drive co");
        assert_eq!(
            fold("红旗繁荣工厂（一汽红旗新能源汽车工厂）"),
            "红旗繁荣工厂 一汽红旗新能源汽车工厂"
        );
        assert_eq!(fold("换电站（示意点 1）"), "换电站 示意点 1");
    }

    #[test]
    fn text_with_nothing_to_keep_folds_to_empty() {
        assert_eq!(fold(""), "");
        assert_eq!(fold(" \t\u{3000}，。!?"), "");
    }

    #[test]
    fn folding_is_idempotent() {
        for s in [
            "ＦＡＷ–CRRC",
            "Lüyuan (Lvyuan) District",
            "中国一汽总部（一汽NBD总部）",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once, "{s}");
        }
    }
}

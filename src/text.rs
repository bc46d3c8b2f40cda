//! Plain-text helpers shared by the model and both renderers.

use unicode_normalization::UnicodeNormalization;

/// Unicode NFC, as the-thuc §1 requires for every input string. Wording is kept.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Characters XML 1.0 cannot carry (most C0 controls, surrogates, U+FFFE/U+FFFF).
pub fn is_xml_legal(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// Drops what XML cannot carry, and the controls it only tolerates (DEL and
/// the C1 range U+0080–U+009F, "discouraged" by XML 1.0 §2.2: no font has a
/// glyph for them, so the PDF printed a .notdef box); tabs and newlines survive.
pub fn xml_safe(s: &str) -> String {
    s.chars().filter(|&c| is_xml_legal(c) && !('\u{7F}'..='\u{9F}').contains(&c)).collect()
}

/// Normalises one line of user text: NFC, XML-illegal characters dropped, tabs and
/// line breaks turned into spaces, ends trimmed. Runs of spaces stay: a draft's
/// blanks (`Quyết định số      -QĐ/ĐU`) are wording too.
pub fn clean_line(s: &str) -> String {
    let s = xml_safe(&nfc(s));
    s.replace(['\t', '\n', '\r'], " ").trim().to_string()
}

/// Upper case with Vietnamese diacritics (Rust's mapping covers đ, ơ, ư …).
pub fn upper(s: &str) -> String {
    nfc(&s.to_uppercase())
}

/// Roman numeral for section and chapter labels (1 → I, 14 → XIV).
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The n-th (1-based) letter of a Vietnamese list alphabet; past the end the
/// letters double (`aa`, `bb` …), as long lists in real documents do.
pub fn letter(n: u32, letters: &[String]) -> String {
    if letters.is_empty() || n == 0 {
        return n.to_string();
    }
    let idx = (n as usize - 1) % letters.len();
    let repeat = (n as usize - 1) / letters.len() + 1;
    letters[idx].repeat(repeat)
}

/// Folds Vietnamese to ASCII for file names: `Đảng ủy Xã` → `dang-uy-xa`.
pub fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfd() {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'd',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            _ => '-',
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 3, 4, 9, 14, 40, 1999].into_iter().map(roman).collect();
        assert_eq!(got, ["I", "II", "III", "IV", "IX", "XIV", "XL", "MCMXCIX"]);
    }

    #[test]
    fn vietnamese_letters_skip_f_and_include_dd() {
        let letters: Vec<String> = "a b c d đ e g h i k l m n o p q r s t u v x y"
            .split(' ').map(String::from).collect();
        let got: Vec<String> = (1..=8).map(|n| letter(n, &letters)).collect();
        assert_eq!(got, ["a", "b", "c", "d", "đ", "e", "g", "h"]);
        assert_eq!(letter(24, &letters), "aa");
    }

    #[test]
    fn upper_keeps_diacritics() {
        assert_eq!(upper("ban thường vụ đảng ủy khối"), "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI");
    }

    #[test]
    fn nfc_composes_decomposed_input() {
        let decomposed = "Đa\u{300}ng"; // a + combining grave
        assert_eq!(nfc(decomposed), "Đàng");
    }

    #[test]
    fn xml_illegal_characters_are_dropped() {
        assert_eq!(xml_safe("a\u{0}b\u{1}c\u{B}d\te\u{FFFE}"), "abcd\te");
        assert_eq!(xml_safe("emoji 🎉 ok"), "emoji 🎉 ok");
        // DEL and C1 controls print a .notdef box in the PDF (found by tests/properties.rs).
        assert_eq!(xml_safe("a\u{7F}b\u{80}c\u{85}d\u{9F}e\u{A0}f"), "abcde\u{A0}f");
    }

    #[test]
    fn clean_line_keeps_inner_spaces_and_trims() {
        assert_eq!(clean_line("  Ban \t Thường\nvụ \u{7} "), "Ban   Thường vụ");
        assert_eq!(clean_line("số      -QĐ/ĐU"), "số      -QĐ/ĐU");
    }

    #[test]
    fn slug_folds_vietnamese() {
        assert_eq!(ascii_slug("Đảng ủy xã Phước Thiền"), "dang-uy-xa-phuoc-thien");
        assert_eq!(ascii_slug("Báo cáo số 25/TU"), "bao-cao-so-25-tu");
    }
}

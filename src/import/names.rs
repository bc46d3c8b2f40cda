//! Names the header prints in capitals (`ĐẢNG ỦY XÃ PHƯỚC THIỀN`) back in
//! the case a description gives them (`Đảng ủy xã Phước Thiền`). The
//! document's own mixed-case text is asked first — the same name often
//! stands in the body, the recipients or the file's author — and only then
//! the spelling rules of Party names (the-thuc §1: first word capitalised,
//! a place name after its level, the distinguishing word after `Ban`).

use crate::text::upper;

/// The administrative levels after which every word is a place name.
const LEVELS: &[&str] = &["tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu"];

/// Words after which the next word is capitalised (`Ban Tổ chức`, `Ủy ban Kiểm tra`).
const BEFORE_PROPER: &[&str] = &["ban", "ủy ban", "khối", "đảng"];

/// Words that are capitalised wherever they stand in a Party name.
const ALWAYS: &[&str] = &["đảng", "trung", "ương", "nhân", "dân"];

/// The mixed-case form of `printed` (any case), from `known` texts or the rules.
pub fn mixed_case(printed: &str, known: &[&str]) -> String {
    let wanted = upper(printed);
    if wanted.is_empty() {
        return String::new();
    }
    if wanted != printed && printed.chars().any(char::is_lowercase) {
        return printed.to_string(); // already mixed: keep what the typist wrote
    }
    // The header's own capitals are no help: only a mixed-case occurrence is.
    known.iter().filter_map(|text| find_in(text, &wanted)).find(|found| found.chars().any(char::is_lowercase)).unwrap_or_else(|| by_rules(printed))
}

/// `wanted` (upper case) found in `text` ignoring case, at word boundaries.
fn find_in(text: &str, wanted: &str) -> Option<String> {
    if wanted.is_empty() {
        return None;
    }
    let haystack = upper(text);
    // Upper-casing keeps the byte offsets of Vietnamese letters only when
    // their lengths agree; check before slicing.
    if haystack.len() != text.len() {
        return None;
    }
    let mut from = 0;
    while let Some(at) = haystack[from..].find(wanted).map(|i| i + from) {
        let end = at + wanted.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric()) && text.is_char_boundary(at) && text.is_char_boundary(end) {
            return Some(text[at..end].to_string());
        }
        from = at + wanted.len();
    }
    None
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Sentence case with the capitals Party names take.
fn by_rules(printed: &str) -> String {
    let lower: Vec<String> = printed.split_whitespace().map(str::to_lowercase).collect();
    let mut out: Vec<String> = Vec::with_capacity(lower.len());
    let mut place = false;
    for (i, w) in lower.iter().enumerate() {
        // `Huyện ủy Bảo Yên`, `Thành ủy Hồ Chí Minh`: a committee named after its place.
        if i == 1 && w == "ủy" && lower[0] != "đảng" {
            out.push(w.clone());
            place = true;
            continue;
        }
        let previous = if i > 0 { lower[i - 1].as_str() } else { "" };
        let two = if i > 1 { format!("{} {previous}", lower[i - 2]) } else { String::new() };
        let after_level = LEVELS.contains(&previous) || LEVELS.contains(&two.as_str());
        if after_level && !LEVELS.contains(&w.as_str()) {
            place = true;
        }
        let proper = i == 0
            || place
            || ALWAYS.contains(&w.as_str()) && !(previous == "đảng" && w == "viên")
            || BEFORE_PROPER.contains(&previous) && !matches!(w.as_str(), "ủy" | "bộ" | "ban")
            || BEFORE_PROPER.contains(&two.as_str());
        out.push(if proper || !w.chars().any(char::is_alphabetic) { capitalised(w) } else { w.clone() });
        if w == "-" {
            place = false;
        }
    }
    out.join(" ").replace("- ban", "- Ban")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documents_own_spelling_wins() {
        assert_eq!(mixed_case("ĐẢNG ỦY XÃ PHƯỚC THIỀN", &["Lưu Văn phòng Đảng ủy xã Phước Thiền"]), "Đảng ủy xã Phước Thiền");
        assert_eq!(mixed_case("", &["x"]), "", "no name, no search");
    }

    #[test]
    fn otherwise_the_rules_of_party_names() {
        assert_eq!(mixed_case("ĐẢNG BỘ TỈNH ĐỒNG NAI", &[]), "Đảng bộ tỉnh Đồng Nai");
        assert_eq!(mixed_case("HUYỆN ỦY BẢO YÊN", &[]), "Huyện ủy Bảo Yên");
        assert_eq!(mixed_case("BAN TỔ CHỨC", &[]), "Ban Tổ chức");
        assert_eq!(mixed_case("BAN THƯỜNG VỤ", &[]), "Ban Thường vụ");
        assert_eq!(mixed_case("ĐẢNG ỦY PHƯỜNG BÌNH THẠNH", &[]), "Đảng ủy phường Bình Thạnh");
    }
}

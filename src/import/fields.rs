//! The parts of a Party document around its body, recognised from their
//! text: the header (cơ quan cấp trên, cơ quan ban hành, `*`, `Số …`, ĐẢNG
//! CỘNG SẢN VIỆT NAM, địa danh và ngày), the marks, the tên loại and trích
//! yếu, Kính gửi, the signature blocks and Nơi nhận. Each recogniser takes
//! lines and says what it found; what it cannot place it hands back, so the
//! caller keeps it as body text with a warning.

use super::docx_text::{Block, Paragraph, squash};
use crate::model::input::{Draft, Secrecy, Signature, Urgency};
use crate::profile::Profile;
use crate::text::upper;

/// One line of text with where it came from.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// The paragraph it is a line of (1-based, document order).
    pub paragraph: usize,
}

/// The lines of a paragraph, each with the look of its visible characters.
pub fn lines_of(p: &Paragraph) -> Vec<Line> {
    let mut out: Vec<(String, bool, bool, bool)> = vec![(String::new(), true, true, false)];
    if let Some(label) = &p.list_label {
        out[0].0.push_str(label);
        out[0].0.push(' ');
    }
    for r in &p.runs {
        for (i, piece) in r.text.split('\n').enumerate() {
            if i > 0 {
                out.push((String::new(), true, true, false));
            }
            let last = out.last_mut().expect("one line at least");
            last.0.push_str(piece);
            if !piece.trim().is_empty() {
                (last.1, last.2, last.3) = (last.1 && r.bold, last.2 && r.italic, true);
            }
        }
    }
    out.into_iter()
        .filter(|(_, _, _, visible)| *visible)
        .map(|(text, bold, italic, _)| Line { text: squash(&text), bold, italic, paragraph: p.index })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// Every line of the blocks, cells read row by row.
pub fn lines_in(blocks: &[Block]) -> Vec<Line> {
    blocks.iter().flat_map(Block::paragraphs).flat_map(lines_of).collect()
}

/// A mark found on a line.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Draft(Draft),
    Urgency(Urgency),
    Secrecy(Secrecy),
    NotPublic,
}

/// The mark a line is, by the profile's words.
pub fn mark(line: &str, p: &Profile) -> Option<Mark> {
    let m = &p.marks;
    if line == m.draft || upper(line) == upper(&m.draft) {
        return Some(Mark::Draft(Draft::Flag(true)));
    }
    if let Some((before, after)) = m.draft_round.split_once("{n}")
        && let Some(n) = line.strip_prefix(before).and_then(|r| r.strip_suffix(after)).and_then(|n| n.trim().parse().ok())
    {
        return Some(Mark::Draft(Draft::Round(n)));
    }
    if line == m.not_public {
        return Some(Mark::NotPublic);
    }
    let up = upper(line);
    let urgency = m.urgency.iter().find(|(_, v)| upper(v) == up).and_then(|(k, _)| urgency_of(k));
    if let Some(u) = urgency {
        return Some(Mark::Urgency(u));
    }
    m.secrecy.iter().find(|(_, v)| upper(v) == up).and_then(|(k, _)| secrecy_of(k)).map(Mark::Secrecy)
}

fn urgency_of(key: &str) -> Option<Urgency> {
    serde_json::from_value(serde_json::Value::String(key.to_string())).ok()
}

fn secrecy_of(key: &str) -> Option<Secrecy> {
    serde_json::from_value(serde_json::Value::String(key.to_string())).ok()
}

/// The header as read: each part's lines, and lines it could not place.
#[derive(Debug, Clone, Default)]
pub struct HeaderParts {
    pub parent: Vec<String>,
    pub issuer: Vec<String>,
    pub number: Option<Number>,
    /// A công văn's trích yếu under the number.
    pub subject: Vec<String>,
    pub marks: Vec<Mark>,
    /// An upper-case line under the number that is no known mark: phạm vi lưu hành.
    pub circulation: Option<String>,
    pub place_date: Option<PlaceDate>,
    pub unplaced: Vec<Line>,
}

/// `Số 46-CV/ĐU`: serial (none for a draft's blanks), type code, issuer code.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub serial: Option<u32>,
    pub type_code: String,
    pub issuer_code: String,
    /// `Số:` — a colon the guides do not write.
    pub colon: bool,
    pub paragraph: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceDate {
    pub place: String,
    /// `2026-06-24`, a draft's `2026`, or none when all blank.
    pub date: Option<String>,
}

/// The header from its left and right column lines.
pub fn header(left: &[Line], right: &[Line], p: &Profile) -> HeaderParts {
    // A typist draws the rule under the party title with dashes or underscores.
    let drawn = |l: &&Line| !is_separator(&l.text);
    let left: Vec<Line> = left.iter().filter(drawn).cloned().collect();
    let right: Vec<Line> = right.iter().filter(drawn).cloned().collect();
    let (left, right) = (left.as_slice(), right.as_slice());
    let mut out = HeaderParts::default();
    let star = left.iter().position(|l| l.text == p.header.star || l.text.chars().all(|c| c == '*'));
    let number_at = left.iter().position(|l| number(&l.text, l.paragraph, p).is_some());
    let names_end = star.or(number_at).unwrap_or(left.len());
    names(&left[..names_end], &mut out);
    let after = star.map_or(names_end, |s| s + 1);
    for l in &left[after..] {
        if let Some(n) = number(&l.text, l.paragraph, p).filter(|_| out.number.is_none()) {
            out.number = Some(n);
        } else if let Some(m) = mark(&l.text, p) {
            out.marks.push(m);
        } else if out.number.is_some() && is_upper(&l.text) && !l.italic {
            out.circulation = Some(l.text.clone());
        } else if out.number.is_some() {
            out.subject.push(l.text.clone());
        } else {
            out.unplaced.push(l.clone());
        }
    }
    for l in right {
        if upper(&l.text) == upper(&p.header.party_title) {
            continue;
        }
        match place_date(&l.text) {
            Some(pd) if out.place_date.is_none() => out.place_date = Some(pd),
            _ => match mark(&l.text, p) {
                Some(m) => out.marks.push(m),
                None => out.unplaced.push(l.clone()),
            },
        }
    }
    out
}

/// Cơ quan cấp trên and cơ quan ban hành: regular lines are the first, bold
/// the second (as the guides set them); with no difference in look, the
/// last paragraph is the issuer.
fn names(lines: &[Line], out: &mut HeaderParts) {
    if lines.is_empty() {
        return;
    }
    let bold = lines.iter().filter(|l| l.bold).count();
    if bold > 0 && bold < lines.len() {
        let first_bold = lines.iter().position(|l| l.bold).unwrap_or(0);
        out.parent = lines[..first_bold].iter().map(|l| l.text.clone()).collect();
        out.issuer = lines[first_bold..].iter().map(|l| l.text.clone()).collect();
        return;
    }
    let last = lines.last().map(|l| l.paragraph).unwrap_or_default();
    let split = if lines.iter().all(|l| l.paragraph == last) { lines.len() - 1 } else { lines.iter().position(|l| l.paragraph == last).unwrap_or(0) };
    out.parent = lines[..split].iter().map(|l| l.text.clone()).collect();
    out.issuer = lines[split..].iter().map(|l| l.text.clone()).collect();
}

pub fn is_upper(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && upper(s) == s
}

/// `Số 46-CV/ĐU`, `Số: 46-CV/ĐU`, a draft's `Số      -TTr/ĐU`.
pub fn number(line: &str, paragraph: usize, p: &Profile) -> Option<Number> {
    let rest = line.strip_prefix(&p.header.number_prefix)?;
    let colon = rest.trim_start().starts_with(':');
    let rest = rest.trim_start().trim_start_matches(':').trim();
    let (left, code) = rest.split_once('/')?;
    let (serial, type_code) = left.split_once('-')?;
    let serial = serial.trim();
    let type_code = type_code.trim();
    if type_code.is_empty() || !serial.chars().all(|c| c.is_ascii_digit()) || code.trim().is_empty() {
        return None;
    }
    Some(Number { serial: serial.parse().ok(), type_code: type_code.to_string(), issuer_code: code.trim().to_string(), colon, paragraph })
}

/// `Đồng Nai, ngày 05 tháng 02 năm 2024` (blanks for a draft).
pub fn place_date(line: &str) -> Option<PlaceDate> {
    // The comma is sometimes forgotten: `Phước Thiền ngày …`.
    let (place, rest) = line.rsplit_once(", ngày").or_else(|| line.rsplit_once(" ngày "))?;
    let (day, rest) = rest.split_once("tháng")?;
    let (month, year) = rest.split_once("năm")?;
    let (day, month, year) = (day.trim(), month.trim(), year.trim().trim_end_matches('.'));
    let date = match (day.parse::<u8>(), month.parse::<u8>(), year.parse::<i32>()) {
        (Ok(d), Ok(m), Ok(y)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (_, _, Ok(y)) => Some(format!("{y:04}")),
        _ if year.is_empty() || year.chars().all(|c| c == '.' || c == '…') => None,
        _ => return None,
    };
    Some(PlaceDate { place: place.trim().to_string(), date })
}

/// The title block as read.
#[derive(Debug, Clone, Default)]
pub struct TitleParts {
    /// The tên loại line as printed (`BÁO CÁO`).
    pub kind_line: Option<String>,
    /// `KẾT LUẬN CỦA …` / `CỦA …`: the body named.
    pub concluded_by: Option<String>,
    pub subject: Vec<String>,
    pub issued_with: Option<String>,
    /// The `(Ban hành kèm theo …` line wraps and its `)` is still to come.
    issued_open: bool,
    pub marks: Vec<Mark>,
}

/// The tên loại line of one of the profile's kinds.
pub fn is_kind_line(line: &str, p: &Profile) -> bool {
    p.kinds.values().any(|k| upper(&k.name) == upper(line)) && is_upper(line)
}

/// A line of dashes under the title.
pub fn is_separator(line: &str) -> bool {
    line.chars().count() >= 3 && line.chars().all(|c| matches!(c, '-' | '–' | '—' | '_'))
}

/// Reads one title line into `t`; false when it is none of the title's parts.
pub fn title_line(l: &Line, p: &Profile, t: &mut TitleParts) -> bool {
    let text = l.text.as_str();
    if addressee_labels(p).iter().any(|label| text.starts_with(label.trim_end_matches(':'))) {
        return false; // Kính gửi opens the body's side, even in bold
    }
    if t.kind_line.is_none() && t.subject.is_empty() && is_kind_line(text, p) {
        t.kind_line = Some(text.to_string());
        return true;
    }
    if let Some(m) = mark(text, p) {
        t.marks.push(m);
        return true;
    }
    if t.subject.is_empty()
        && let Some(body) = concluded_by(text, p)
    {
        t.concluded_by = Some(body);
        return true;
    }
    if t.issued_open || (text.starts_with('(') && t.issued_with.is_none() && !t.subject.is_empty()) {
        let so_far = t.issued_with.take().map(|s| format!("{s} ")).unwrap_or_default();
        let piece = text.trim_start_matches('(').trim_end_matches(')').trim();
        t.issued_with = Some(format!("{so_far}{piece}"));
        t.issued_open = !text.ends_with(')');
        return true;
    }
    if l.bold && t.issued_with.is_none() {
        t.subject.push(text.to_string());
        return true;
    }
    false
}

/// `KẾT LUẬN CỦA BAN THƯỜNG VỤ …` or a kết luận's `CỦA BAN THƯỜNG VỤ …`.
fn concluded_by(line: &str, p: &Profile) -> Option<String> {
    let formats = std::iter::once(p.title.conclusion_format.as_str()).chain(p.kinds.values().filter_map(|k| k.slots.author_format.as_deref()));
    for f in formats {
        let (before, after) = f.split_once("{body}")?;
        if let Some(body) = line.strip_prefix(&upper(before)).and_then(|r| r.strip_suffix(&upper(after))) {
            return Some(body.trim().to_string()).filter(|b| !b.is_empty());
        }
    }
    None
}

/// `Kính gửi:` and its items (each without bullet and end punctuation).
pub fn addressees(lines: &[Line], p: &Profile) -> Option<Vec<String>> {
    let first = lines.first()?;
    let labels = addressee_labels(p);
    let label = labels.iter().find(|l| first.text.starts_with(l.trim_end_matches(':')))?;
    let rest = first.text[label.trim_end_matches(':').len()..].trim_start_matches(':').trim().to_string();
    let mut items: Vec<String> = Vec::new();
    let texts = std::iter::once(rest).chain(lines[1..].iter().map(|l| l.text.clone())).filter(|t| !t.is_empty());
    for t in texts {
        let bulleted = t.starts_with(p.title.addressee_bullet.trim_end());
        let several = items.len() > 1;
        match items.last_mut() {
            // A long item wraps: its next line has no bullet of its own.
            Some(last) if !bulleted && several => {
                last.push(' ');
                last.push_str(&t);
            }
            _ => items.push(t),
        }
    }
    Some(items.iter().map(|i| bare(i)).filter(|i| !i.is_empty()).collect())
}

/// `Kính gửi:` and the kinds' own labels (`Kính trình:`).
fn addressee_labels(p: &Profile) -> Vec<String> {
    std::iter::once(p.title.addressees_label.clone()).chain(p.kinds.values().filter_map(|k| k.slots.addressees_label.clone())).collect()
}

/// An item without its bullet and its end punctuation.
pub fn bare(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("- ").or_else(|| s.strip_prefix(['-', '+', '•'])).unwrap_or(s).trim();
    s.trim_end_matches([',', ';', '.']).trim_end().to_string()
}

/// A signature block as read, and the confirmation under it.
#[derive(Debug, Clone, Default)]
pub struct SignatureParts {
    pub signature: Option<Signature>,
    pub confirmation: Option<Signature>,
    /// A copy's `(Đã ký)`, `(Ký tên, đóng dấu)`: no part of the block.
    pub unplaced: Vec<Line>,
}

/// The quyền hạn prefixes of the profile (`T/M`, `K/T`, `T/L`, `Q.`).
pub fn is_authority(line: &str, p: &Profile) -> bool {
    let s = &p.signature;
    [&s.on_behalf, &s.deputy, &s.by_order, &s.acting].iter().any(|prefix| line.starts_with(prefix.as_str()))
}

/// One signature block from its paragraphs (blank ones are the signing space).
/// `roles`: the first line is a role (a biên bản's `THƯ KÝ HỘI NGHỊ`), not a chức vụ.
pub fn signature_block(paras: &[&Paragraph], roles: bool, p: &Profile) -> SignatureParts {
    signature_lines(&groups_of(paras), roles, p)
}

/// The lines of each non-blank paragraph.
pub fn groups_of(paras: &[&Paragraph]) -> Vec<Vec<Line>> {
    paras.iter().map(|para| lines_of(para)).filter(|l| !l.is_empty()).collect()
}

/// A signature block from its lines, grouped as their paragraphs were.
pub fn signature_lines(groups: &[Vec<Line>], roles: bool, p: &Profile) -> SignatureParts {
    let (notes, groups): (Vec<&Vec<Line>>, Vec<&Vec<Line>>) = groups.iter().partition(|g| {
        let text = join(g, " ");
        text.starts_with('(') && text.ends_with(')')
    });
    let groups: Vec<Vec<Line>> = groups.into_iter().cloned().collect();
    let groups = groups.as_slice();
    let confirm_label = p.signature.confirmation_format.split("{name}").next().unwrap_or_default().trim().to_string();
    // The label may wrap: `Xác nhận chữ ký của` / `đồng chí …`.
    let split = groups.iter().position(|g| !confirm_label.is_empty() && join(g, " ").starts_with(&confirm_label));
    let (main, confirmation) = match split {
        Some(at) => (&groups[..at], Some(&groups[at + 1..])),
        None => (groups, None),
    };
    SignatureParts {
        signature: one_block(main, roles, p),
        confirmation: confirmation.and_then(|c| one_block(c, false, p)),
        unplaced: notes.into_iter().flatten().cloned().collect(),
    }
}

fn one_block(groups: &[Vec<Line>], roles: bool, p: &Profile) -> Option<Signature> {
    let (name, rest) = groups.split_last()?;
    let name = join(name, " ");
    let (authority, position) = match rest {
        [] => (None, Vec::new()),
        [first, more @ ..] if is_authority(&first[0].text, p) || (roles && more.is_empty()) => (Some(join(first, " ")), more.to_vec()),
        all => (None, all.to_vec()),
    };
    let position: Vec<Line> = position.into_iter().flatten().collect();
    Some(Signature { authority, position: position_text(&position, p), name })
}

fn join(lines: &[Line], sep: &str) -> String {
    lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(sep)
}

/// The chức vụ: its lines were broken to fit the column, so they join with
/// spaces, except around `kiêm`, which stands on its own line.
fn position_text(lines: &[Line], p: &Profile) -> String {
    let concurrent = p.checks.concurrent_word.to_lowercase();
    let mut out = String::new();
    let mut previous_concurrent = false;
    for (i, l) in lines.iter().enumerate() {
        let is_concurrent = l.text.to_lowercase() == concurrent;
        if i > 0 {
            out.push(if is_concurrent || previous_concurrent { '\n' } else { ' ' });
        }
        out.push_str(&l.text);
        previous_concurrent = is_concurrent;
    }
    out
}

/// Nơi nhận as read: the items, a second labelled group, the typist's mark.
#[derive(Debug, Clone, Default)]
pub struct RecipientParts {
    pub items: Vec<String>,
    pub group: Option<(String, Vec<String>)>,
    pub typist_mark: Option<String>,
    pub unplaced: Vec<Line>,
}

/// Whether these paragraphs open with the Nơi nhận label.
pub fn starts_recipients(paras: &[&Paragraph], p: &Profile) -> bool {
    paras.iter().flat_map(|para| lines_of(para)).next().is_some_and(|l| l.text.starts_with(p.recipients.label.trim_end_matches(':')))
}

/// Nơi nhận from its lines, grouped as their paragraphs were.
pub fn recipient_lines(groups: &[Vec<Line>], p: &Profile) -> RecipientParts {
    let mut out = RecipientParts::default();
    let bullet = p.recipients.bullet.trim_end();
    let mut current: Option<usize> = None; // 0: the main list, 1: the group
    let mut after_item = false;
    for lines in groups {
        let lines = lines.clone();
        let Some(first) = lines.first() else { continue };
        let text = join(&lines, " ");
        if current.is_none() && first.text.starts_with(p.recipients.label.trim_end_matches(':')) {
            current = Some(0);
            let rest = text[p.recipients.label.trim_end_matches(':').len()..].trim_start_matches(':').trim();
            if !rest.is_empty() {
                out.items.push(bare(rest));
            }
        } else if text.starts_with(bullet) && current.is_some() {
            let item = bare(&text);
            match (current, out.group.as_mut()) {
                (Some(1), Some((_, items))) => items.push(item),
                _ => out.items.push(item),
            }
            after_item = true;
            continue;
        } else if text.ends_with(':') && current.is_some() && out.group.is_none() {
            out.group = Some((text, Vec::new()));
            current = Some(1);
        } else if current.is_some() && out.typist_mark.is_none() && !text.contains(' ') {
            out.typist_mark = Some(text);
        } else if after_item && let Some(last) = out.group.as_mut().map(|(_, i)| i).filter(|i| !i.is_empty()).or(Some(&mut out.items)).and_then(|i| i.last_mut()) {
            // A typed line that wraps an item: its own line, no bullet.
            *last = bare(&format!("{last} {text}"));
            continue;
        } else {
            out.unplaced.extend(lines);
        }
        after_item = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{DEFAULT_PROFILE, Profiles};

    #[test]
    fn place_and_date_lines_as_typists_write_them() {
        let pd = |s: &str| place_date(s).map(|p| (p.place, p.date));
        assert_eq!(pd("Phước Thiền, ngày 05 tháng 3 năm 2026"), Some(("Phước Thiền".into(), Some("2026-03-05".into()))));
        assert_eq!(pd("Phước Thiền ngày 5 tháng 03 năm 2026."), Some(("Phước Thiền".into(), Some("2026-03-05".into()))));
        assert_eq!(pd("Phước Thiền, ngày    tháng    năm 2026"), Some(("Phước Thiền".into(), Some("2026".into()))));
        assert_eq!(pd("Ngày mai họp"), None);
    }

    #[test]
    fn numbers_with_and_without_their_serial() {
        let p = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let n = number("Số 46-CV/ĐU", 1, &p).unwrap();
        assert_eq!((n.serial, n.type_code.as_str(), n.issuer_code.as_str(), n.colon), (Some(46), "CV", "ĐU", false));
        let n = number("Số:   05 - HD/BTCTU-BNCTU", 1, &p).unwrap();
        assert_eq!((n.serial, n.type_code.as_str(), n.issuer_code.as_str(), n.colon), (Some(5), "HD", "BTCTU-BNCTU", true));
        assert_eq!(number("Số       -TTr/ĐU", 1, &p).map(|n| n.serial), Some(None), "a draft's blanks");
        assert_eq!(number("Số lượng đảng viên", 1, &p), None);
    }

    #[test]
    fn marks_by_the_profiles_words() {
        let p = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        assert_eq!(mark("Dự thảo lần 2", &p), Some(Mark::Draft(Draft::Round(2))));
        assert_eq!(mark("KHẨN", &p), Some(Mark::Urgency(Urgency::Khan)));
        assert_eq!(mark("Khẩn", &p), Some(Mark::Urgency(Urgency::Khan)));
        assert_eq!(mark("TUYỆT MẬT", &p), Some(Mark::Secrecy(Secrecy::TuyetMat)));
        assert_eq!(mark("Không phổ biến trên phương tiện thông tin đại chúng", &p), Some(Mark::NotPublic));
        assert_eq!(mark("BÁO CÁO", &p), None);
    }
}

//! Input → validated document. Collects every problem instead of stopping at the
//! first, so a caller can fix them all at once.

use std::sync::Arc;

use super::document::*;
use super::input::{self, DocumentInput, Draft};
use super::markdown;
use super::numbering::Numberer;
use crate::date::DocDate;
use crate::linebreak;
use crate::problem::Problem;
use crate::profile::{Profile, Style, SubjectSlot, mm_to_pt};
use crate::text::{self, clean_line};

/// Builds the document from an input that passed validation.
pub fn build(input: &DocumentInput, profile: Arc<Profile>) -> Result<Document, Problem> {
    let p = profile.as_ref();
    let kind = p.kind(&input.kind).ok_or_else(|| {
        Problem::error("kind-unknown", "/kind", format!("loại văn bản \"{}\" không có trong hồ sơ {}", input.kind, p.id))
    })?;
    // Validation refused impossible dates; a draft's missing parts stay blank.
    let date = DocDate::parse(input.date.as_deref().unwrap_or("")).unwrap_or(DocDate::Blank);
    let mut body = opening(input, p);
    let enacting = enacting(input, kind, body.len(), p)?;
    if enacting.is_some()
        && let Some(Block::Para(last)) = body.last_mut()
    {
        last.keep_next = true;
    }
    body.extend(Numberer::new(p, kind.structure, input.numbering).run(markdown::parse(&input.body.markdown())));
    body.extend(closing(input, p));
    let kind_name = styled(&kind.name, p.styles.kind_name);
    let author_format = kind.slots.author_format.as_deref().unwrap_or(&p.title.conclusion_format);
    let subject_text = input.subject.as_deref().unwrap_or_default();
    let subject = clean_line(subject_text);
    let title_text = if subject.is_empty() { kind_name.clone() } else { format!("{kind_name} {subject}") };
    let mut doc = Document {
        kind: input.kind.clone(),
        landscape: false,
        date,
        meta: Meta::new(title_text, clean_line(&input.issuer.name), p),
        marks: marks(&input.marks, p),
        header: header(input, &kind.type_code, date, p),
        title: Title {
            kind_name,
            conclusion: input.concluded_by.as_deref().map(|body| {
                styled(&author_format.replace("{body}", &clean_line(body)), p.styles.conclusion)
            }),
            subject: match kind.slots.subject {
                SubjectSlot::Title => balanced(subject_text, p.styles.subject, p),
                SubjectSlot::UnderNumber => column_lines(subject_text, p.styles.header_subject, p),
            },
            issued_with: input.issued_with.as_deref().map(|s| issued_with_lines(s, p)).unwrap_or_default(),
            separator: p.title.separator.clone(),
            addressees: addressees(&input.kind, &input.addressees, p),
        },
        body,
        enacting,
        signature: Some(signature(&input.signature, p)),
        co_signature: input.co_signature.as_ref().map(|s| signature(s, p)),
        confirmation: input.confirmation.as_ref().map(|c| Confirmation {
            label: p.signature.confirmation_format.replace("{name}", &clean_line(&input.signature.name)),
            signature: signature(c, p),
        }),
        recipients: recipient_groups(input, p),
        typist_mark: input.typist_mark.as_deref().map(clean_line).filter(|s| !s.is_empty()),
        contact: input.contact.as_deref().map(|c| lines(c).collect()).unwrap_or_default(),
        annexes: Vec::new(),
        copy: None,
        warnings: Vec::new(),
        profile: profile.clone(),
    };
    doc.annexes = annexes(input, &doc.reference(&p.annex.reference_format), p);
    Ok(doc)
}

/// The căn cứ lines (`- Căn cứ …;`, punctuated per profile) and the
/// preamble's paragraphs, before the enacting line and the body.
fn opening(input: &DocumentInput, p: &Profile) -> Vec<Block> {
    let c = &p.checks;
    let basis = punctuated(&input.basis, "- ", &c.basis_end, &c.basis_last_end).into_iter().map(|line| {
        Block::Para(Para { spans: vec![Span::plain(line)], outline: None, align: Align::Justify, indent: true, keep_next: false })
    });
    let mut out: Vec<Block> = minutes_lines(input, p);
    out.extend(basis);
    if let Some(preamble) = input.preamble.as_deref() {
        out.extend(Numberer::new(p, crate::profile::Structure::Sections, input.numbering).run(markdown::parse(preamble)));
    }
    out
}

/// The phụ lục: numbered when there are two or more, each naming the document
/// it goes with (`Kèm theo Quyết định số 15-QĐ/TU, ngày 05/3/2026 của …`).
fn annexes(input: &DocumentInput, reference: &str, p: &Profile) -> Vec<Annex> {
    let a = &p.annex;
    let count = input.annexes.len();
    input
        .annexes
        .iter()
        .enumerate()
        .map(|(i, annex)| {
            let label = if count > 1 { a.numbered_format.replace("{label}", &a.label).replace("{n}", &(i + 1).to_string()) } else { a.label.clone() };
            let reference = annex.reference.as_deref().map(clean_line).unwrap_or_else(|| reference.to_string());
            Annex {
                label: styled(&label, p.styles.annex_label),
                title: balanced(&annex.title, p.styles.annex_title, p),
                reference: balanced(&parenthesised(&reference), p.styles.annex_reference, p),
                body: Numberer::new(p, crate::profile::Structure::Sections, input.numbering).run(markdown::parse(&annex.body.markdown())),
                landscape: annex.landscape,
            }
        })
        .collect()
}

/// A biên bản's opening lines (`- Thời gian: …`), from the profile's labels.
fn minutes_lines(input: &DocumentInput, p: &Profile) -> Vec<Block> {
    let (Some(m), l) = (&input.minutes, &p.minutes) else { return Vec::new() };
    [(&l.time, &m.time), (&l.place, &m.place), (&l.attendees, &m.attendees), (&l.chair, &m.chair), (&l.secretary, &m.secretary)]
        .into_iter()
        .map(|(label, value)| l.line_format.replace("{label}", label).replace("{value}", clean_line(value).trim_end_matches(['.', ';', ','])))
        .map(|line| Block::Para(Para { spans: vec![Span::plain(line)], outline: None, align: Align::Justify, indent: true, keep_next: false }))
        .collect()
}

/// A biên bản's closing sentence; it goes with the signatures.
fn closing(input: &DocumentInput, p: &Profile) -> Option<Block> {
    let m = input.minutes.as_ref()?;
    let text = p.minutes.closing.replace("{time}", &clean_line(&m.closed_at));
    Some(Block::Para(Para { spans: vec![Span::plain(text)], outline: None, align: Align::Justify, indent: true, keep_next: true }))
}

pub(crate) fn signature(s: &input::Signature, p: &Profile) -> Signature {
    Signature {
        authority: s.authority.as_deref().map(|a| styled(a, p.styles.authority)).filter(|a| !a.is_empty()),
        position: position_lines(&s.position, p),
        name: clean_line(&s.name),
    }
}

/// The kind's enacting line, standing before body block `before`.
fn enacting(input: &DocumentInput, kind: &crate::profile::Kind, before: usize, p: &Profile) -> Result<Option<Enacting>, Problem> {
    let Some(format) = kind.slots.enacting.as_deref() else { return Ok(None) };
    if kind.slots.enacting_needs_preamble && input.preamble.as_deref().is_none_or(|p| p.trim().is_empty()) {
        return Ok(None);
    }
    let text = if format.contains("{body}") {
        let authority = input.signature.authority.as_deref();
        let body = enacting_body(input.enacting_body.as_deref(), authority, &input.issuer.name, p)
            .ok_or_else(|| Problem::error("enacting-body-missing", "/enacting_body", enacting_body_message(&kind.name)))?;
        format.replace("{body}", &body)
    } else {
        format.to_string()
    };
    let s = p.styles.enacting;
    let text = if s.uppercase { text::upper(&clean_line(&text)) } else { clean_line(&text) };
    let max = mm_to_pt(p.page.text_width_mm());
    Ok(Some(Enacting { lines: linebreak::phrase_lines(&text, max, s.size, s.bold, s.italic), before }))
}

/// Who enacts, upper case: the one given, or the signature's T/M (or T/L)
/// body, completed with the issuer's committee when the profile says it is
/// named without it. None when neither says.
pub(crate) fn enacting_body(given: Option<&str>, authority: Option<&str>, issuer: &str, p: &Profile) -> Option<String> {
    if let Some(given) = given.map(clean_line).filter(|g| !g.is_empty()) {
        return Some(text::upper(&given));
    }
    let authority = text::upper(&clean_line(authority?));
    let s = &p.signature;
    let body = [&s.on_behalf, &s.by_order].iter().find_map(|prefix| authority.strip_prefix(prefix.as_str()))?.trim().to_string();
    if body.is_empty() {
        return None;
    }
    let e = &p.enacting;
    if !e.partial_bodies.iter().any(|b| body == text::upper(b)) {
        return Some(body);
    }
    let issuer = text::upper(&clean_line(issuer.lines().next().unwrap_or_default()));
    let committee = e.committees.iter().map(|c| text::upper(c)).filter(|c| issuer.starts_with(c.as_str())).max_by_key(String::len);
    Some(match committee {
        Some(c) => format!("{body} {c}"),
        None => body,
    })
}

pub(crate) fn enacting_body_message(kind_name: &str) -> String {
    format!("{kind_name} cần tập thể quyết định (trường \"enacting_body\", ví dụ \"Ban Thường vụ Đảng ủy\") khi quyền hạn ký không phải T/M hay T/L")
}

/// Applies a component's case rule to user text (the look itself is the renderers').
fn styled(s: &str, style: Style) -> String {
    let s = clean_line(s);
    if style.uppercase { text::upper(&s) } else { s }
}

/// The chức vụ lines in the profile's case; the `kiêm` line of a ban chỉ đạo
/// without its own seal (`BÍ THƯ` / `kiêm` / `TRƯỞNG BAN CHỈ ĐẠO`) stays as
/// the profile writes it.
fn position_lines(position: &str, p: &Profile) -> Vec<String> {
    let concurrent = &p.checks.concurrent_word;
    lines(position)
        .map(|l| if l.to_lowercase() == concurrent.to_lowercase() { concurrent.clone() } else { styled(&l, p.styles.position) })
        .collect()
}

/// User text split on its own line breaks, each line cleaned, blanks dropped.
fn lines(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split('\n').map(clean_line).filter(|l| !l.is_empty())
}

fn header(input: &DocumentInput, type_code: &str, date: DocDate, p: &Profile) -> Header {
    let h = &p.header;
    let code = clean_line(&input.issuer.code);
    Header {
        parent: input.issuer.parent.as_deref().map(|s| header_lines(s, p.styles.parent_body, p)).unwrap_or_default(),
        issuer: header_lines(&input.issuer.name, p.styles.issuer, p),
        star: h.star.clone(),
        number: Some(h.number_line(input.number.as_ref().map(|n| n.serial()), type_code, &code)),
        party_title: h.party_title.clone(),
        place_date: date.format(&clean_line(&input.place), &p.date),
    }
}

fn marks(m: &input::Marks, p: &Profile) -> Marks {
    let draft = match m.draft {
        Some(Draft::Flag(true)) => Some(p.marks.draft.clone()),
        Some(Draft::Round(n)) => Some(p.marks.draft_round.replace("{n}", &n.to_string())),
        _ => None,
    };
    Marks {
        draft,
        urgency: m.urgency.and_then(|u| p.marks.urgency.get(u.key()).cloned()),
        secrecy: m.secrecy.and_then(|s| p.marks.secrecy.get(s.key()).cloned()),
        circulation: m.circulation.as_deref().map(|c| styled(c, p.styles.circulation_mark)).filter(|c| !c.is_empty()),
        not_public: m.not_public.then(|| p.marks.not_public.clone()),
    }
}

/// Centred title text in balanced lines broken at phrase boundaries; a line
/// break typed by the user is kept.
fn balanced(text: &str, s: Style, p: &Profile) -> Vec<String> {
    let max = mm_to_pt(p.page.text_width_mm()) * p.layout.subject_width_ratio;
    linebreak::phrase_lines(&clean_line_breaks(text), max, s.size, s.bold, s.italic)
}

/// Text in the header's left column (a công văn's trích yếu), in phrase
/// lines that fit it, so both renderers print the same lines.
fn column_lines(text: &str, s: Style, p: &Profile) -> Vec<String> {
    let max = mm_to_pt(p.header.left_width_mm) - p.layout.line_end_slack_pt;
    linebreak::phrase_lines(&clean_line_breaks(text), max, s.size, s.bold, s.italic)
}

/// `(Ban hành kèm theo …)` in balanced lines.
pub(crate) fn issued_with_lines(text: &str, p: &Profile) -> Vec<String> {
    balanced(&parenthesised(&clean_line(text)), p.styles.issued_with, p)
}

/// A body's name in the header's left column: balanced lines that never
/// split a place name or leave a word alone; a typed line break is kept.
fn header_lines(name: &str, s: Style, p: &Profile) -> Vec<String> {
    let max = mm_to_pt(p.header.left_width_mm) - p.layout.line_end_slack_pt;
    let name = lines(name).map(|l| styled(&l, s)).collect::<Vec<_>>().join("\n");
    linebreak::issuer_lines(&name, max, s.size, s.bold, s.italic)
}

/// User text with each line cleaned and blank lines dropped, line breaks kept.
fn clean_line_breaks(s: &str) -> String {
    lines(s).collect::<Vec<_>>().join("\n")
}

fn parenthesised(s: &str) -> String {
    if s.starts_with('(') && s.ends_with(')') { s.to_string() } else { format!("({s})") }
}

/// Strips the bullet and end punctuation a user may have typed.
fn bare_item(s: &str) -> String {
    let s = clean_line(s);
    let s = s.strip_prefix("- ").or_else(|| s.strip_prefix('-')).unwrap_or(&s).trim();
    s.trim_end_matches([',', ';', '.']).trim_end().to_string()
}

/// `- item,` lines with the last one closed by `last_end`.
fn punctuated(items: &[String], bullet: &str, end: &str, last_end: &str) -> Vec<String> {
    let bare: Vec<String> = items.iter().map(|s| bare_item(s)).filter(|s| !s.is_empty()).collect();
    let count = bare.len();
    bare.into_iter()
        .enumerate()
        .map(|(i, item)| format!("{bullet}{item}{}", if i + 1 == count { last_end } else { end }))
        .collect()
}

fn addressees(kind: &str, items: &[String], p: &Profile) -> Option<Addressees> {
    let t = &p.title;
    let given: Vec<&String> = items.iter().filter(|s| !bare_item(s).is_empty()).collect();
    let items: Vec<String> = match given.as_slice() {
        [] => return None,
        [one] => vec![bare_item(one)],
        _ => punctuated(items, &t.addressee_bullet, &t.addressee_end, &t.addressee_last_end),
    };
    Some(Addressees { label: p.addressees_label(kind).to_string(), items })
}

fn recipient_groups(input: &DocumentInput, p: &Profile) -> Vec<RecipientGroup> {
    let r = &p.recipients;
    let mut groups = vec![RecipientGroup {
        label: r.label.clone(),
        role: GroupRole::Primary,
        items: punctuated(&input.recipients, &r.bullet, &r.item_end, &r.last_end),
    }];
    if let Some(extra) = &input.extra_recipients {
        groups.push(RecipientGroup {
            label: clean_line(&extra.label),
            role: GroupRole::Group,
            items: punctuated(&extra.items, &r.bullet, &r.item_end, &r.last_end),
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::input::*;
    use crate::profile::Profiles;

    pub fn minimal() -> DocumentInput {
        serde_json::from_value(serde_json::json!({
            "kind": "bao-cao",
            "issuer": { "parent": "Đảng bộ tỉnh Đồng Nai", "name": "Ban Thường vụ", "code": "TU" },
            "number": 5,
            "place": "Đồng Nai",
            "date": "2024-02-05",
            "subject": "đánh giá tình hình thực hiện Quy chế làm việc",
            "body": "# Đặc điểm\n\nNội dung.",
            "signature": { "authority": "T/M Ban Thường vụ", "position": "Phó Bí thư", "name": "Hồ Thanh Sơn" },
            "recipients": ["Các đ/c TVTU", "- Lưu VPTU."]
        }))
        .unwrap()
    }

    /// The samples of these tests are dated 2024: HD 36.
    fn profile() -> Arc<Profile> {
        Profiles::builtin().get("dang-hd36").unwrap()
    }

    #[test]
    fn header_and_title_resolve_per_profile() {
        let doc = build(&minimal(), profile()).unwrap();
        assert_eq!(doc.header.parent, ["ĐẢNG BỘ TỈNH ĐỒNG NAI"]);
        assert_eq!(doc.header.issuer, ["BAN THƯỜNG VỤ"]);
        assert_eq!(doc.header.number.as_deref(), Some("Số 05-BC/TU"));
        assert_eq!(doc.header.place_date, "Đồng Nai, ngày 05 tháng 02 năm 2024");
        assert_eq!(doc.title.kind_name, "BÁO CÁO");
        let sig = doc.signature.as_ref().unwrap();
        assert_eq!(sig.authority.as_deref(), Some("T/M BAN THƯỜNG VỤ"));
        assert_eq!(sig.position, ["PHÓ BÍ THƯ"]);
        assert_eq!(doc.recipients[0].items, ["- Các đ/c TVTU,", "- Lưu VPTU."]);
        assert_eq!(doc.meta.title, "BÁO CÁO đánh giá tình hình thực hiện Quy chế làm việc");
    }

    #[test]
    fn an_unregistered_draft_keeps_blanks() {
        let mut input = minimal();
        input.number = None;
        input.date = Some("2024".into());
        input.marks.draft = Some(Draft::Round(2));
        let doc = build(&input, profile()).unwrap();
        assert_eq!(doc.header.number.as_deref(), Some("Số      -BC/TU"));
        assert_eq!(doc.header.place_date, "Đồng Nai, ngày    tháng    năm 2024");
        assert_eq!(doc.marks.draft.as_deref(), Some("Dự thảo lần 2"));
    }

    #[test]
    fn a_number_with_its_codes_prints_its_serial() {
        let mut input = minimal();
        input.number = Some(DocNumber::Text("7-BC/TU".into()));
        assert_eq!(build(&input, profile()).unwrap().header.number.as_deref(), Some("Số 07-BC/TU"));
    }

    #[test]
    fn several_addressees_stand_one_per_line() {
        let mut input = minimal();
        input.kind = "to-trinh".into();
        input.addressees = vec!["Ban Chấp hành Đảng bộ xã".into(), "Ban Thường vụ Huyện ủy,".into()];
        let doc = build(&input, profile()).unwrap();
        let a = doc.title.addressees.unwrap();
        assert_eq!(a.items, ["- Ban Chấp hành Đảng bộ xã,", "- Ban Thường vụ Huyện ủy."]);
        assert_eq!(a.label, "Kính gửi:");
    }

    #[test]
    fn conclusion_line_and_issued_with() {
        let mut input = minimal();
        input.kind = "thong-bao-ket-luan".into();
        input.concluded_by = Some("Ban Thường vụ Đảng ủy Khối".into());
        input.issued_with = Some("Ban hành kèm theo Quyết định số 15-QĐ/TU".into());
        let doc = build(&input, profile()).unwrap();
        assert_eq!(doc.title.conclusion.as_deref(), Some("KẾT LUẬN CỦA BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI"));
        assert_eq!(doc.title.issued_with, ["(Ban hành kèm theo Quyết định số 15-QĐ/TU)"]);
    }

    #[test]
    fn framed_marks_in_order() {
        let mut input = minimal();
        input.marks.secrecy = Some(Secrecy::ToiMat);
        input.marks.urgency = Some(Urgency::HoaToc);
        input.marks.circulation = Some("Tài liệu hội nghị".into());
        let doc = build(&input, profile()).unwrap();
        let m = doc.marks;
        assert_eq!((m.secrecy.as_deref(), m.urgency.as_deref()), (Some("TỐI MẬT"), Some("HỎA TỐC")));
        assert_eq!(m.circulation.as_deref(), Some("TÀI LIỆU HỘI NGHỊ"));
    }

    #[test]
    fn the_kiem_line_of_a_joint_position_stays_lower_case() {
        let mut input = minimal();
        input.signature.position = "Bí thư\nKIÊM\nTrưởng Ban Chỉ đạo".into();
        let doc = build(&input, profile()).unwrap();
        assert_eq!(doc.signature.unwrap().position, ["BÍ THƯ", "kiêm", "TRƯỞNG BAN CHỈ ĐẠO"]);
    }

    #[test]
    fn an_empty_addressee_is_dropped_not_the_real_one() {
        let mut input = minimal();
        input.kind = "to-trinh".into();
        input.addressees = vec!["".into(), "Ban X".into()];
        let doc = build(&input, profile()).unwrap();
        assert_eq!(doc.title.addressees.unwrap().items, ["Ban X"]);
    }
}

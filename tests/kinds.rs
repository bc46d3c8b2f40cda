//! The types of Quy định 399-QĐ/TW (the-thuc §3, §8, §10): each kind is
//! profile data, and its slots land where the guide puts them, in both formats.

mod common;

use common::slots::*;
use common::*;
use serde_json::{Value, json};
use vanban::model::Document;
use vanban::profile::Profiles;

/// (id, tên loại, ký hiệu) of every type a Party office issues.
const KINDS: [(&str, &str, &str); 21] = [
    ("nghi-quyet", "Nghị quyết", "NQ"),
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("chi-thi", "Chỉ thị", "CT"),
    ("ket-luan", "Kết luận", "KL"),
    ("quy-che", "Quy chế", "QC"),
    ("quy-dinh", "Quy định", "QĐ"),
    ("thong-tri", "Thông tri", "TT"),
    ("huong-dan", "Hướng dẫn", "HD"),
    ("thong-bao", "Thông báo", "TB"),
    ("thong-bao-ket-luan", "Thông báo", "TB"),
    ("bao-cao", "Báo cáo", "BC"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("chuong-trinh", "Chương trình", "CTr"),
    ("de-an", "Đề án", "ĐA"),
    ("phuong-an", "Phương án", "PA"),
    ("du-an", "Dự án", "DA"),
    ("to-trinh", "Tờ trình", "TTr"),
    ("cong-van", "Công văn", "CV"),
    ("bien-ban", "Biên bản", "BB"),
    ("giay-moi", "Giấy mời", "GM"),
    ("giay-gioi-thieu", "Giấy giới thiệu", "GGT"),
];

const HD05_DATE: &str = "2026-08-10";
const HD36_DATE: &str = "2025-08-10";

fn problems(value: &Value) -> Vec<(String, String)> {
    vanban::validate::check(value, Profiles::builtin(), None).into_iter().map(|p| (p.code, p.path)).collect()
}

/// A quyết định of a Ban Thường vụ Đảng ủy xã, dated `date`.
fn decision(date: &str) -> Value {
    json!({
        "kind": "quyet-dinh",
        "issuer": { "parent": "Đảng bộ tỉnh Đồng Nai", "name": "Đảng ủy xã Phước Thiền", "code": "ĐU" },
        "number": 7,
        "place": "Phước Thiền",
        "date": date,
        "subject": "về việc thành lập Tổ công tác sửa đổi, bổ sung Quy chế làm việc",
        "basis": ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", "- Xét đề nghị của Văn phòng Đảng ủy."],
        "body": ["# Thành lập Tổ công tác gồm 05 đồng chí.", "# Quyết định này có hiệu lực kể từ ngày ký."],
        "signature": { "authority": "T/M Ban Thường vụ", "position": "Bí thư", "name": "Phạm Minh Hoàng" },
        "recipients": ["Như Điều 2", "Lưu Văn phòng Đảng ủy"]
    })
}

/// Every paragraph's text of the DOCX body, one per line.
fn docx_text(doc: &Document) -> String {
    let xml = docx_part(&vanban::render::docx::render(doc).unwrap(), "word/document.xml");
    let xml = roxmltree::Document::parse(&xml).unwrap();
    xml.descendants().filter(|n| n.has_tag_name((W, "p"))).map(para_text).collect::<Vec<_>>().join("\n")
}

/// The minimal báo cáo dated under HD 05, changed by `change`.
fn hd05(change: impl FnOnce(&mut Value)) -> Document {
    let mut v = minimal_json();
    v["date"] = json!(HD05_DATE);
    change(&mut v);
    doc_from(v)
}

fn centre_x(doc: &Document) -> f64 {
    let page = &doc.profile.page;
    mm(page.margin_left_mm + page.text_width_mm() / 2.0)
}

#[test]
fn every_type_is_in_both_profiles_with_its_name_and_code() {
    for profile in ["dang-hd05", "dang-hd36"] {
        let p = Profiles::builtin().get(profile).unwrap();
        for (id, name, code) in KINDS {
            let kind = p.kind(id).unwrap_or_else(|| panic!("{profile}: no kind {id}"));
            assert_eq!((kind.name.as_str(), kind.type_code.as_str()), (name, code), "{profile} {id}");
        }
        let listed = p.kind_list();
        assert_eq!(listed.kinds.len(), p.kinds.len());
        assert!(listed.kinds.iter().any(|k| k.id == "cong-van" && k.type_code == "CV" && k.requires == ["addressees"]));
    }
}

#[test]
fn every_kind_renders_in_both_formats_under_both_guides() {
    for (id, name, code) in KINDS {
        for date in [HD05_DATE, HD36_DATE] {
            let mut json = minimal_json();
            json["kind"] = json!(id);
            json["date"] = json!(date);
            json["addressees"] = json!(["Ban Thường vụ Tỉnh ủy"]);
            json["basis"] = json!(["Căn cứ Điều lệ Đảng"]);
            json["concluded_by"] = json!("Ban Thường vụ Tỉnh ủy");
            json["recipients"] = json!(["Như trên", "Lưu VPTU"]);
            json["body"] = json!(["# Nội dung", "Nội dung văn bản."]);
            if id == "bien-ban" {
                json["minutes"] = json!({ "time": "8 giờ", "place": "Hội trường", "attendees": "27 đồng chí", "chair": "đồng chí A", "secretary": "đồng chí B", "closed_at": "11 giờ" });
                json["co_signature"] = json!({ "authority": "Thư ký", "name": "Nguyễn Văn B" });
                json.as_object_mut().unwrap().remove("recipients");
            }
            let doc = doc_from(json);
            let number = format!("Số 05-{code}/TU");
            assert_eq!(doc.header.number.as_deref(), Some(number.as_str()), "{id} {date}");
            let text = pdf_pages_text(&vanban::render::pdf::render(&doc).unwrap().bytes).join(" ");
            assert!(text.contains(&number), "{id} {date}: {text}");
            let kind_line = doc.profile.kind(id).unwrap().slots.kind_line;
            assert_eq!(text.contains(&vanban::text::upper(name)), kind_line, "{id} {date}: tên loại printed only where the kind has one");
            assert!(docx_text(&doc).contains(&number), "{id} {date}");
        }
    }
}

#[test]
fn cong_van_has_no_ten_loai_its_subject_12_italic_under_the_number_and_kinh_gui_centred() {
    let doc = sample("cong-van-hd05-lay-y-kien");
    let subject = doc.title.subject[0].clone();
    let w = word(&doc);
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    assert!(para(&xml, "CÔNG VĂN").is_none(), "DOCX: no tên loại");
    let p = para(&xml, &subject).unwrap();
    assert_eq!(docx_look(p), Look { size: 12.0, bold: false, italic: true, framed: false }, "DOCX trích yếu");
    assert_eq!(header_cell(p), Some((1, 0)), "DOCX: left column, under the number");
    assert_eq!(header_cell(para(&xml, "KHẨN").unwrap()), Some((1, 0)));

    let pdf = pages(&doc);
    assert!(pdf.texts[0].iter().all(|t| !t.text.contains("CÔNG VĂN")), "PDF: no tên loại");
    let (number, trich_yeu, khan) = (pdf.find(0, "46-CV/ĐU"), pdf.find(0, &subject), pdf.find(0, "KHẨN"));
    assert_eq!(pdf.look(0, &subject), Look { size: 12.0, bold: false, italic: true, framed: false });
    assert!(trich_yeu.y > number.y && khan.y > trich_yeu.y, "number, trích yếu, khẩn: {number:?} {trich_yeu:?} {khan:?}");
    assert!(trich_yeu.x + trich_yeu.width < mm(doc.profile.page.margin_left_mm + doc.profile.header.left_width_mm));
    // Kính gửi: label and name form one block centred on the text area.
    let (label, name) = (pdf.find(0, "Kính gửi:"), pdf.find(0, "Các chi bộ trực thuộc"));
    assert!((label.y - name.y).abs() < 1.0, "on one line");
    let middle = (label.x + name.x + name.width) / 2.0;
    assert!((middle - centre_x(&doc)).abs() < 6.0, "centred: {middle} vs {}", centre_x(&doc));
    assert_eq!(doc.recipients[0].items[0], "- Như trên;");
}

#[test]
fn quyet_dinh_enacting_line_is_centred_bold_between_the_basis_and_dieu_1() {
    let doc = sample("quyet-dinh-hd05-ban-hanh-quy-che");
    let line = "BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH";
    assert_eq!(doc.enacting.as_ref().unwrap().lines, [line], "derived from T/M BAN THƯỜNG VỤ and the issuer");
    let pdf = pages(&doc);
    let (basis, enacting, first) = (pdf.find(0, "- Xét đề nghị"), pdf.find(0, line), pdf.find(0, "Điều 1."));
    assert!(basis.y < enacting.y && enacting.y < first.y, "căn cứ, enacting line, Điều 1");
    assert_eq!(pdf.look(0, line), Look { size: 14.0, bold: true, italic: false, framed: false });
    assert!((enacting.x + enacting.width / 2.0 - centre_x(&doc)).abs() < 2.0, "centred: {enacting:?}");
    // Articles run on through the document; a sentence article keeps its text regular.
    let (second, third) = (pdf.find(0, "Điều 2."), pdf.find(0, "Điều 3."));
    assert!(first.y < second.y && second.y < third.y);
    assert!(first.bold && !pdf.find(0, "Ban hành kèm theo").bold, "label bold, text regular");

    let w = word(&doc);
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    let p = para(&xml, line).unwrap();
    assert!(docx_look(p).bold);
    assert!(p.descendants().any(|n| n.has_tag_name((W, "jc")) && attr(n, "val") == Some("center")));
    let order: Vec<usize> = ["- Xét đề nghị", line, "Điều 1.", "Điều 2.", "Điều 3."]
        .iter()
        .map(|t| xml.descendants().filter(|n| n.has_tag_name((W, "p"))).position(|n| para_text(n).contains(t)).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "DOCX order {order:?}");
}

#[test]
fn basis_lines_are_punctuated_per_profile() {
    for (date, last) in [(HD05_DATE, "- Xét đề nghị của Văn phòng Đảng ủy."), (HD36_DATE, "- Xét đề nghị của Văn phòng Đảng ủy,")] {
        let doc = doc_from(decision(date));
        let text = doc.plain_text();
        assert!(text.starts_with(&format!("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n{last}\n")), "{date}: {text}");
        let pdf = pdf_pages_text(&vanban::render::pdf::render(&doc).unwrap().bytes).join(" ");
        assert!(pdf.contains(last), "{date}: PDF");
        assert!(docx_text(&doc).contains(last), "{date}: DOCX");
    }
}

#[test]
fn the_enacting_body_comes_from_the_signature_or_is_given() {
    let lines = |v: Value| doc_from(v).enacting.unwrap().lines.join(" ");
    assert_eq!(lines(decision(HD05_DATE)), "BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH");
    let mut v = decision(HD05_DATE);
    v["issuer"] = json!({ "parent": "Đảng bộ tỉnh Đồng Nai", "name": "Tỉnh ủy Đồng Nai", "code": "TU" });
    assert_eq!(lines(v), "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH");
    let mut v = decision(HD05_DATE);
    v["signature"]["authority"] = json!("T/M Đảng ủy");
    assert_eq!(lines(v), "ĐẢNG ỦY QUYẾT ĐỊNH", "a full collective stands as it is");
    // The head of a thủ trưởng body signs without authority: the body is given.
    let mut v = decision(HD05_DATE);
    v["issuer"] = json!({ "parent": "Huyện ủy Nhơn Trạch", "name": "Ban Tổ chức", "code": "BTCHU" });
    v["signature"] = json!({ "position": "Trưởng ban", "name": "Võ Văn Tâm" });
    assert_eq!(problems(&v), [("enacting-body-missing".to_string(), "/enacting_body".to_string())]);
    v["enacting_body"] = json!("Trưởng Ban Tổ chức Huyện ủy");
    assert_eq!(problems(&v), []);
    assert_eq!(lines(v), "TRƯỞNG BAN TỔ CHỨC HUYỆN ỦY QUYẾT ĐỊNH");
}

#[test]
fn nghi_quyet_says_quyet_nghi_after_its_preamble() {
    let doc = sample("nghi-quyet-hd05-hoi-nghi");
    let pdf = pages(&doc);
    let (preamble, enacting, first) = (pdf.find(0, "25/7/2026,"), pdf.find(0, "QUYẾT NGHỊ:"), pdf.find(0, "Thông qua"));
    assert!(preamble.y < enacting.y && enacting.y < first.y);
    assert!(enacting.bold && (enacting.x + enacting.width / 2.0 - centre_x(&doc)).abs() < 2.0);
}

#[test]
fn a_nghi_quyet_without_preamble_has_no_quyet_nghi_line() {
    let mut v = minimal_json();
    v["kind"] = json!("nghi-quyet");
    assert!(doc_from(v.clone()).enacting.is_none(), "a nghị quyết chuyên đề");
    v["preamble"] = json!("Ngày 05/02/2024, Ban Thường vụ Tỉnh ủy họp, thảo luận,");
    assert_eq!(doc_from(v).enacting.unwrap().lines, ["QUYẾT NGHỊ:"]);
}

#[test]
fn ket_luan_carries_its_author_under_the_ten_loai() {
    let doc = sample("ket-luan-hd05-ban-thuong-vu");
    assert_eq!(doc.title.conclusion.as_deref(), Some("CỦA BAN THƯỜNG VỤ ĐẢNG ỦY XÃ"));
    let pdf = pages(&doc);
    let (kind, author, subject) = (pdf.find(0, "KẾT LUẬN"), pdf.find(0, "CỦA BAN THƯỜNG VỤ"), pdf.find(0, "về tiếp tục"));
    assert!(kind.y < author.y && author.y < subject.y);
    assert_eq!(pdf.look(0, "CỦA BAN THƯỜNG VỤ"), Look { size: 14.0, bold: true, italic: false, framed: false });
}

#[test]
fn each_kind_gets_its_required_fields_and_thẩm_quyền_warnings() {
    let mut v = decision(HD05_DATE);
    v.as_object_mut().unwrap().remove("basis");
    assert_eq!(problems(&v), [("field-required".to_string(), "/basis".to_string())]);

    let mut v = minimal_json();
    v["kind"] = json!("cong-van");
    v["recipients"] = json!(["Như trên", "Lưu VPTU"]);
    assert_eq!(problems(&v), [("field-required".to_string(), "/addressees".to_string())]);

    for (kind, issuer) in [("quy-dinh", "Chi bộ ấp 3"), ("chi-thi", "Đảng ủy xã Phước Thiền"), ("thong-tri", "Chi bộ ấp 3")] {
        let mut v = minimal_json();
        v["kind"] = json!(kind);
        v["issuer"] = json!({ "parent": "Đảng bộ xã Phước Thiền", "name": issuer, "code": "CB" });
        v["signature"]["authority"] = json!("T/M Chi bộ");
        v["signature"]["position"] = json!("Bí thư");
        let got = problems(&v);
        assert!(got.contains(&("kind-authority".to_string(), "/kind".to_string())), "{kind} by {issuer}: {got:?}");
    }
}

#[test]
fn bien_ban_has_its_opening_lines_two_signatures_and_no_noi_nhan() {
    let doc = sample("bien-ban-hd05-hoi-nghi");
    let text = doc.plain_text();
    assert!(text.starts_with("- Thời gian: bắt đầu lúc 08 giờ 00 phút, ngày 25/7/2026.\n- Địa điểm: Hội trường Đảng ủy xã Phước Thiền.\n"), "{text}");
    assert!(text.ends_with("Hội nghị kết thúc lúc 11 giờ 15 phút cùng ngày."), "the closing sentence ends the body: {text}");
    let pdf = pages(&doc);
    let last = pdf.last();
    let (left, right) = (pdf.find(last, "THƯ KÝ HỘI NGHỊ"), pdf.find(last, "CHỦ TRÌ HỘI NGHỊ"));
    assert!((left.y - right.y).abs() < 1.0, "side by side");
    assert!(left.x + left.width < centre_x(&doc) && right.x > centre_x(&doc), "thư ký left, chủ trì right: {left:?} {right:?}");
    assert!(left.bold && right.bold);
    let (secretary, chair) = (pdf.find(last, "Trần Thị Mai"), pdf.find(last, "Phạm Minh Hoàng"));
    assert!(secretary.y > left.y && (secretary.y - chair.y).abs() < 1.0);
    assert!(pdf.texts.iter().flatten().all(|t| !t.text.contains("Nơi nhận")), "PDF: no Nơi nhận");
    assert!(!docx_text(&doc).contains("Nơi nhận"), "DOCX: no Nơi nhận");
    let xml = docx_text(&doc);
    assert!(xml.contains("THƯ KÝ HỘI NGHỊ") && xml.contains("CHỦ TRÌ HỘI NGHỊ"));
}

#[test]
fn bien_ban_needs_its_minutes_and_two_blocks_and_takes_no_recipients() {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(root().join("samples/bien-ban-hd05-hoi-nghi.json")).unwrap()).unwrap();
    assert_eq!(problems(&v), []);
    v["recipients"] = json!(["Lưu Văn phòng Đảng ủy"]);
    assert_eq!(problems(&v), [("recipients-unexpected".to_string(), "/recipients".to_string())]);
    let o = v.as_object_mut().unwrap();
    o.remove("recipients");
    o.remove("minutes");
    o.remove("co_signature");
    assert_eq!(
        problems(&v),
        [("field-required".to_string(), "/minutes".to_string()), ("field-required".to_string(), "/co_signature".to_string())]
    );
    // Other kinds still need their Nơi nhận and a chức vụ.
    let mut v = minimal_json();
    v.as_object_mut().unwrap().remove("recipients");
    v["signature"] = json!({ "name": "Hồ Thanh Sơn" });
    let got = problems(&v);
    assert!(got.contains(&("field-required".to_string(), "/recipients".to_string())), "{got:?}");
    assert!(got.contains(&("field-required".to_string(), "/signature/position".to_string())), "{got:?}");
}

#[test]
fn a_joint_document_puts_the_other_body_left_and_noi_nhan_under_both() {
    let doc = hd05(|v| v["co_signature"] = json!({ "authority": "T/M Ban Thường vụ Tỉnh đoàn", "position": "Bí thư", "name": "Lê Thị Hồng" }));
    let pdf = pages(&doc);
    let last = pdf.last();
    let (left, label) = (pdf.find(last, "TỈNH ĐOÀN"), pdf.find(last, "Nơi nhận:"));
    let (other, lead) = (pdf.find(last, "Lê Thị Hồng"), pdf.find(last, "Hồ Thanh Sơn"));
    assert!(left.x + left.width < centre_x(&doc) && other.x + other.width < centre_x(&doc) && lead.x > centre_x(&doc), "{left:?} {other:?} {lead:?}");
    assert!((other.y - lead.y).abs() < 1.0, "the names level");
    assert_eq!(doc.co_signature.as_ref().unwrap().authority.as_deref(), Some("T/M BAN THƯỜNG VỤ TỈNH ĐOÀN"));
    assert!(label.y > lead.y, "Nơi nhận under the blocks");
}

#[test]
fn contact_details_stand_10_pt_under_a_full_width_rule_after_the_signature() {
    let doc = sample("cong-van-hd05-lay-y-kien");
    let pdf = pages(&doc);
    let last = pdf.last();
    let (signer, contact) = (pdf.find(last, "Nguyễn Thị Thu Hà"), pdf.find(last, "Điện thoại: 0251.3841.265"));
    assert!(contact.y > signer.y, "after the signature");
    assert_eq!(pdf.look(last, "Điện thoại"), Look { size: 10.0, bold: false, italic: false, framed: false });
    let w = word(&doc);
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    let p = para(&xml, "Điện thoại: 0251.3841.265").unwrap();
    assert_eq!(docx_look(p).size, 10.0);
    let rule = p.prev_sibling_element().expect("the rule's paragraph before it");
    let bottom = rule.descendants().find(|n| n.has_tag_name((W, "bottom"))).expect("a bottom border");
    assert_eq!(attr(bottom, "val"), Some("single"));
    let indents = rule.descendants().find(|n| n.has_tag_name((W, "ind")));
    assert!(indents.is_none_or(|i| attr(i, "left").is_none_or(|v| v == "0")), "full width: {indents:?}");
}

#[test]
fn a_confirmation_block_stands_under_the_signature() {
    let doc = hd05(|v| v["confirmation"] = json!({ "authority": "T/L Ban Thường vụ", "position": "Chánh Văn phòng", "name": "Đỗ Văn Hùng" }));
    let pdf = pages(&doc);
    let last = pdf.last();
    let order: Vec<f64> = ["Hồ Thanh Sơn", "Xác nhận chữ ký", "T/L", "CHÁNH VĂN PHÒNG", "Đỗ Văn Hùng"]
        .iter()
        .map(|t| pdf.find(last, t).y)
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "top to bottom: {order:?}");
    assert!(pdf.find(last, "Xác nhận chữ ký").bold && pdf.find(last, "Xác nhận chữ ký").x > centre_x(&doc) - 40.0, "bold, in the signature column");
    let text = docx_text(&doc);
    let at = |t: &str| text.find(t).unwrap_or_else(|| panic!("DOCX lacks {t}"));
    assert!(at("Hồ Thanh Sơn") < at("Xác nhận chữ ký") && at("T/L BAN THƯỜNG VỤ") < at("Đỗ Văn Hùng"));
}

/// A giấy mời on A5 when asked: the page, its header columns and sizes come
/// from the A5 profile derived from the one the date chooses.
#[test]
fn a_giay_moi_can_be_a5_and_other_kinds_cannot() {
    let mut v = minimal_json();
    v["kind"] = json!("giay-moi");
    v["date"] = json!(HD05_DATE);
    v["paper"] = json!("a5");
    v["body"] = json!(["Ban Thường vụ trân trọng kính mời đồng chí tới dự Hội nghị.", "Rất mong đồng chí đến dự."]);
    let doc = doc_from(v.clone());
    assert_eq!(doc.profile.id, "dang-hd05-a5");
    let paged = vanban::render::pdf::compile(&doc).unwrap();
    let frame = &paged.pages()[0].frame;
    assert_eq!((frame.width().to_pt().round(), frame.height().to_pt().round()), (420.0, 595.0), "A5");
    let pdf = pages(&doc);
    let title = pdf.find(0, "ĐẢNG CỘNG SẢN VIỆT NAM");
    assert!(title.x + title.width <= mm(148.0 - 10.0) + 0.5, "the party title fits the page: {title:?}");
    let xml = docx_part(&vanban::render::docx::render(&doc).unwrap(), "word/document.xml");
    assert!(xml.contains(r#"w:w="8391""#) && xml.contains(r#"w:h="11906""#), "A5 in twips");
    v["kind"] = json!("bao-cao");
    assert_eq!(problems(&v), [("paper-kind".to_string(), "/paper".to_string())]);
    v["paper"] = json!("a3");
    assert!(problems(&v).iter().any(|(code, path)| path == "/paper" && code == "value-not-allowed"), "{:?}", problems(&v));
}

/// A giấy giới thiệu often prints only its tên loại; other kinds need a trích yếu.
#[test]
fn a_giay_gioi_thieu_may_leave_out_its_subject() {
    let mut v = minimal_json();
    v["kind"] = json!("giay-gioi-thieu");
    v.as_object_mut().unwrap().remove("subject");
    v["body"] = json!(["Ban Thường vụ trân trọng giới thiệu đồng chí Nguyễn Văn An được cử đến liên hệ công tác."]);
    assert_eq!(problems(&v), []);
    let doc = doc_from(v.clone());
    assert!(doc.title.subject.is_empty());
    assert_eq!(doc.meta.title, "GIẤY GIỚI THIỆU");
    let pdf = pages(&doc);
    let (kind, separator) = (pdf.find(0, "GIẤY GIỚI THIỆU"), pdf.find(0, "-----"));
    assert!(separator.y - kind.y < 25.0, "the separator follows the tên loại directly");
    v["kind"] = json!("bao-cao");
    assert_eq!(problems(&v), [("field-required".to_string(), "/subject".to_string())]);
}

//! Every difference between Hướng dẫn 05-HD/VPTW and 36-HD/VPTW (the-thuc §2
//! marks table, §3, §5, §6), checked in both formats: the same document dated
//! in each guide's time shows each guide's value.

mod common;

use common::slots::*;
use common::*;
use vanban::model::Document;
use vanban::render::pdf;

const HD05_DATE: &str = "2026-06-15";
const HD36_DATE: &str = "2026-05-20";

/// A tờ trình with every mark, dated `date`.
fn marked(date: &str) -> Document {
    doc_from(serde_json::json!({
        "kind": "to-trinh",
        "issuer": { "parent": "Đảng bộ tỉnh Đồng Nai", "name": "Đảng ủy xã Phước Thiền", "code": "ĐU" },
        "place": "Phước Thiền",
        "date": date,
        "marks": { "draft": 2, "urgency": "khan", "secrecy": "mat", "circulation": "Tài liệu hội nghị", "not_public": true },
        "subject": "về việc sửa đổi, bổ sung Quy chế làm việc",
        "addressees": ["Ban Chấp hành Đảng bộ xã", "Ban Thường vụ Huyện ủy"],
        "body": ["Ban Thường vụ kính trình Ban Chấp hành xem xét.", "Trân trọng."],
        "signature": { "authority": "T/M Ban Thường vụ", "position": "Phó Bí thư", "name": "Nguyễn Văn An" },
        "recipients": ["Như trên", "Các đồng chí Ủy viên Ban Chấp hành", "Lưu Văn phòng Đảng ủy"]
    }))
}

// ---- the marks table (the-thuc §2) ---------------------------------------

#[test]
fn urgency_hd05_bold_14_unframed_under_the_number_hd36_13_framed() {
    for (date, expected) in [(HD05_DATE, look(14.0, true, false, false)), (HD36_DATE, look(13.0, true, false, true))] {
        let doc = marked(date);
        let w = word(&doc);
        let xml = roxmltree::Document::parse(&w.document).unwrap();
        let p = para(&xml, "KHẨN").unwrap();
        assert_eq!(docx_look(p), expected, "DOCX {date}");
        assert_eq!(header_cell(p), Some((1, 0)), "DOCX {date}: left column, under the number");
        let pdf = pages(&doc);
        assert_eq!(pdf.look(0, "KHẨN"), expected, "PDF {date}");
        let (number, mark) = (pdf.find(0, "Số"), pdf.find(0, "KHẨN"));
        assert!(mark.y > number.y && mark.x < mm(30.0 + 75.0), "PDF {date}: under the number {number:?} {mark:?}");
    }
}

#[test]
fn secrecy_is_framed_under_the_urgency_mark_in_both_guides() {
    for date in [HD05_DATE, HD36_DATE] {
        let doc = marked(date);
        let w = word(&doc);
        let xml = roxmltree::Document::parse(&w.document).unwrap();
        let p = para(&xml, "MẬT").unwrap();
        assert!(docx_look(p).framed, "DOCX {date}");
        let pdf = pages(&doc);
        assert!(pdf.look(0, "MẬT").framed, "PDF {date}");
        assert!(pdf.find(0, "MẬT").y > pdf.find(0, "KHẨN").y, "PDF {date}: under khẩn");
    }
}

#[test]
fn draft_hd05_italic_14_under_the_number_hd36_bold_framed_above_the_header() {
    let doc = marked(HD05_DATE);
    let w = word(&doc);
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    let p = para(&xml, "Dự thảo lần 2").unwrap();
    assert_eq!(docx_look(p), look(14.0, false, true, false));
    assert_eq!(header_cell(p), Some((1, 0)));
    let pdf = pages(&doc);
    assert_eq!(pdf.look(0, "Dự thảo lần 2"), look(14.0, false, true, false));
    assert!(pdf.find(0, "Dự thảo").y > pdf.find(0, "Số").y);

    let doc = marked(HD36_DATE);
    let w = word(&doc);
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    let p = para(&xml, "Dự thảo lần 2").unwrap();
    assert_eq!(docx_look(p), look(13.0, true, false, true));
    assert_eq!(header_cell(p), None, "above the header table");
    let pdf = pages(&doc);
    assert_eq!(pdf.look(0, "Dự thảo lần 2"), look(13.0, true, false, true));
    let (draft, title) = (pdf.find(0, "Dự thảo"), pdf.find(0, "ĐẢNG CỘNG SẢN"));
    assert!(draft.y < title.y && draft.x > mm(120.0), "top right, above the header: {draft:?}");
}

#[test]
fn circulation_hd05_bold_12_top_right_10_mm_from_the_edge_hd36_framed_under_the_marks() {
    let doc = marked(HD05_DATE);
    let w = word(&doc);
    let header = roxmltree::Document::parse(&w.first_header).unwrap();
    let p = para(&header, "TÀI LIỆU HỘI NGHỊ").expect("in the first page's header");
    assert_eq!(docx_look(p), look(12.0, true, false, false));
    assert!(p.descendants().any(|n| n.has_tag_name((W, "jc")) && attr(n, "val") == Some("right")));
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    assert!(para(&xml, "TÀI LIỆU HỘI NGHỊ").is_none(), "not in the body");
    let pdf = pages(&doc);
    let mark = pdf.find(0, "TÀI LIỆU HỘI NGHỊ");
    assert_eq!(pdf.look(0, "TÀI LIỆU HỘI NGHỊ"), look(12.0, true, false, false));
    assert!(mark.y < mm(20.0) && mark.y > mm(10.0), "10 mm from the top edge: {mark:?}");
    assert!((mark.x + mark.width - mm(210.0 - 15.0)).abs() < 2.0, "right-aligned to the margin: {mark:?}");
    assert!(pdf.texts[1..].iter().flatten().all(|t| !t.text.contains("TÀI LIỆU")), "page 1 only");

    let doc = marked(HD36_DATE);
    let w = word(&doc);
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    let p = para(&xml, "TÀI LIỆU HỘI NGHỊ").unwrap();
    assert_eq!(docx_look(p), look(13.0, true, false, true));
    assert_eq!(header_cell(p), Some((1, 0)));
    let pdf = pages(&doc);
    assert_eq!(pdf.look(0, "TÀI LIỆU HỘI NGHỊ"), look(13.0, true, false, true));
    assert!(pdf.find(0, "TÀI LIỆU").y > pdf.find(0, "MẬT").y, "under the khẩn and mật marks");
}

#[test]
fn not_public_sits_centred_10_mm_from_the_bottom_of_the_last_page() {
    let doc = marked(HD05_DATE);
    let w = word(&doc);
    let xml = roxmltree::Document::parse(&w.document).unwrap();
    let p = para(&xml, "Không phổ biến").unwrap();
    let frame = p.descendants().find(|n| n.has_tag_name((W, "framePr"))).expect("a frame anchored to the page");
    assert_eq!(attr(frame, "vAnchor"), Some("page"));
    assert_eq!(attr(frame, "xAlign"), Some("center"));
    let pdf = pages(&doc);
    let mark = pdf.find(pdf.last(), "Không phổ biến");
    assert!(pdf.height - mark.y > mm(10.0) && pdf.height - mark.y < mm(16.0), "{mark:?}");
    let centre = mark.x + mark.width / 2.0;
    assert!((centre - mm(30.0 + 165.0 / 2.0)).abs() < 2.0, "centred on the text: {mark:?}");
}

// ---- §3, §5, §6 ------------------------------------------------------------

#[test]
fn position_hd05_regular_hd36_bold() {
    for (date, bold) in [(HD05_DATE, false), (HD36_DATE, true)] {
        let doc = marked(date);
        let xml_text = word(&doc).document;
        let xml = roxmltree::Document::parse(&xml_text).unwrap();
        assert_eq!(docx_look(para(&xml, "PHÓ BÍ THƯ").unwrap()).bold, bold, "DOCX {date}");
        let pdf = pages(&doc);
        assert_eq!(pdf.look(pdf.last(), "PHÓ BÍ THƯ").bold, bold, "PDF {date}");
        assert!(pdf.look(pdf.last(), "BAN THƯỜNG VỤ").bold, "quyền hạn stays bold");
    }
}

#[test]
fn recipients_hd05_end_with_semicolons_hd36_with_commas() {
    for (date, end) in [(HD05_DATE, ";"), (HD36_DATE, ",")] {
        let doc = marked(date);
        let xml_text = word(&doc).document;
        let xml = roxmltree::Document::parse(&xml_text).unwrap();
        for item in ["- Như trên", "- Các đồng chí Ủy viên Ban Chấp hành"] {
            assert_eq!(para_text(para(&xml, item).unwrap()), format!("{item}{end}"), "DOCX {date}");
        }
        assert_eq!(para_text(para(&xml, "- Lưu").unwrap()), "- Lưu Văn phòng Đảng ủy.");
        let text: String = pdf_pages_text(&pdf::render(&doc).unwrap().bytes).join(" ");
        assert!(text.contains(&format!("- Như trên{end}")), "PDF {date}: {text}");
    }
}

#[test]
fn to_trinh_hd05_kinh_trinh_italic_with_semicolons_hd36_kinh_gui() {
    for (date, label, italic, first, last) in [
        (HD05_DATE, "Kính trình:", true, "- Ban Chấp hành Đảng bộ xã;", "- Ban Thường vụ Huyện ủy;"),
        (HD36_DATE, "Kính gửi:", false, "- Ban Chấp hành Đảng bộ xã,", "- Ban Thường vụ Huyện ủy."),
    ] {
        let doc = marked(date);
        let xml_text = word(&doc).document;
        let xml = roxmltree::Document::parse(&xml_text).unwrap();
        let p = para(&xml, label).unwrap_or_else(|| panic!("DOCX {date}: no {label}"));
        assert_eq!(docx_look(p).italic, italic, "DOCX {date}");
        let names = para(&xml, first).unwrap();
        assert!(para_text(names).contains(last), "DOCX {date}");
        assert!(!docx_look(names).italic, "names upright");
        let pdf = pages(&doc);
        assert_eq!(pdf.look(0, label).italic, italic, "PDF {date}");
        assert!(!pdf.look(0, first).italic);
        pdf.find(0, last);
    }
}

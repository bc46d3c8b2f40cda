//! Line breaks a văn thư would sign, the same in both formats: issuing bodies
//! and trích yếu break at phrase boundaries, recipients never leave a word
//! alone, a short table stays on one page, document numbers never break.

mod common;

use common::*;
use vanban::model::Document;
use vanban::render::{docx, pdf};

fn report(issuer: &str, subject: &str) -> Document {
    let mut json = minimal_json();
    json["date"] = serde_json::json!("2026-07-01");
    json["issuer"] = serde_json::json!({ "parent": "Đảng bộ Thành phố Hồ Chí Minh", "name": issuer, "code": "ĐU" });
    json["subject"] = serde_json::json!(subject);
    json["recipients"] = serde_json::json!(["Các đồng chí Ủy viên Ban Chấp hành Đảng bộ phường", "Lưu Văn phòng Đảng ủy"]);
    doc_from(json)
}

/// The visual lines of page 1 of the PDF, top to bottom (runs on one
/// baseline joined left to right).
fn pdf_lines(doc: &Document) -> Vec<String> {
    let paged = pdf::compile(doc).unwrap();
    let mut texts = placed_text(&paged.pages()[0].frame);
    texts.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<(f64, f64, String)> = Vec::new();
    for t in texts {
        match lines.last_mut() {
            // The same baseline and within the same column.
            Some((y, right, line)) if (t.y - *y).abs() < 1.0 && t.x - *right < 8.0 => {
                line.push_str(&t.text);
                *right = t.x + t.width;
            }
            _ => lines.push((t.y, t.x + t.width, t.text.clone())),
        }
    }
    lines.into_iter().map(|(_, _, l)| collapse(&l)).collect()
}

/// The DOCX's paragraphs split at their line breaks.
fn docx_lines(doc: &Document) -> Vec<String> {
    let xml = docx_part(&docx::render(doc).unwrap(), "word/document.xml");
    let parsed = roxmltree::Document::parse(&xml).unwrap();
    let mut out = Vec::new();
    for p in parsed.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let mut line = String::new();
        for n in p.descendants() {
            if n.has_tag_name((W, "t")) {
                line.push_str(n.text().unwrap_or_default());
            } else if n.has_tag_name((W, "noBreakHyphen")) {
                line.push('-');
            } else if n.has_tag_name((W, "br")) {
                out.push(collapse(&std::mem::take(&mut line)));
            }
        }
        out.push(collapse(&line));
    }
    out
}

fn assert_lines(doc: &Document, expected: &[&str]) {
    let (word, typst) = (docx_lines(doc), pdf_lines(doc));
    for line in expected {
        assert!(word.iter().any(|l| l == line), "DOCX has no line {line:?}: {word:#?}");
        assert!(typst.iter().any(|l| l.ends_with(line) || l == line), "PDF has no line {line:?}: {typst:#?}");
    }
}

#[test]
fn an_issuing_body_never_splits_its_place_name() {
    let doc = report("Đảng ủy phường Bình Thạnh", "về công tác cán bộ");
    assert_eq!(doc.header.issuer, ["ĐẢNG ỦY PHƯỜNG", "BÌNH THẠNH"]);
    assert_eq!(doc.header.parent, ["ĐẢNG BỘ THÀNH PHỐ", "HỒ CHÍ MINH"]);
    assert_lines(&doc, &["ĐẢNG ỦY PHƯỜNG", "BÌNH THẠNH", "HỒ CHÍ MINH"]);
}

#[test]
fn a_trich_yeu_breaks_between_phrases() {
    let doc = report(
        "Đảng ủy xã Phước Thiền",
        "về việc sửa đổi, bổ sung Quy chế làm việc của Ban Chấp hành Đảng bộ xã Phước Thiền nhiệm kỳ 2025 - 2030",
    );
    for line in &doc.title.subject {
        assert!(!line.ends_with(" Ban") && !line.ends_with(" của") && !line.ends_with(" năm"), "{:?}", doc.title.subject);
        assert!(!line.starts_with("hành") && !line.starts_with("2030") && !line.starts_with("hiện"), "{:?}", doc.title.subject);
    }
    let lines: Vec<&str> = doc.title.subject.iter().map(String::as_str).collect();
    assert!(lines.len() >= 2);
    assert_lines(&doc, &lines);
}

#[test]
fn a_wrapped_recipient_leaves_no_word_alone() {
    let doc = report("Đảng ủy phường Bình Thạnh", "về công tác cán bộ");
    let plan = vanban::plan::plan(&doc);
    let lines: Vec<String> = plan.styled_lines().into_iter().map(|(t, _)| t).collect();
    let at = lines.iter().position(|l| l.starts_with("- Các đồng chí")).unwrap();
    assert!(!lines[at + 1].starts_with("- "), "the item wraps: {lines:?}");
    assert!(lines[at + 1].split(' ').count() >= 2, "one word alone: {lines:?}");
    assert_lines(&doc, &[lines[at].as_str(), lines[at + 1].as_str()]);
}

#[test]
fn a_short_table_keeps_together_in_both_formats() {
    let mut json = minimal_json();
    json["body"] = serde_json::json!(["Nội dung.", "| Năm | Số đảng viên |\n|---|--:|\n| 2024 | 1.200 |\n| 2025 | 1.248 |", "Trên đây là báo cáo."]);
    let doc = doc_from(json);
    let plan = vanban::plan::plan(&doc);
    let table = plan.flow.iter().find_map(|i| if let vanban::plan::Item::Table(t) = i { Some(t) } else { None }).unwrap();
    assert!(table.keep_together);
    let xml = docx_part(&docx::render(&doc).unwrap(), "word/document.xml");
    let parsed = roxmltree::Document::parse(&xml).unwrap();
    let rows: Vec<_> = parsed.descendants().filter(|n| n.has_tag_name((W, "tr")) && para_text(*n).contains("Năm") || para_text(*n).contains("1.2")).collect();
    let keeps = |r: &roxmltree::Node| r.descendants().any(|n| n.has_tag_name((W, "keepNext")));
    assert!(keeps(&rows[0]) && !keeps(rows.last().unwrap()), "every row but the last keeps with the next");
}

#[test]
fn figures_in_a_table_are_right_aligned_in_both_formats() {
    let mut json = minimal_json();
    json["body"] = serde_json::json!(["| Chỉ tiêu | Kết quả |\n|---|---|\n| Kết nạp đảng viên | 104,0% |"]);
    let doc = doc_from(json);
    let xml = docx_part(&docx::render(&doc).unwrap(), "word/document.xml");
    let parsed = roxmltree::Document::parse(&xml).unwrap();
    let cell = parsed.descendants().find(|n| n.has_tag_name((W, "p")) && para_text(*n) == "104,0%").unwrap();
    assert!(cell.descendants().any(|n| n.has_tag_name((W, "jc")) && attr(n, "val") == Some("right")));
    let paged = pdf::compile(&doc).unwrap();
    let texts = placed_text(&paged.pages()[0].frame);
    let figure = texts.iter().find(|t| t.text == "104,0%").unwrap();
    let right = 595.28 - 15.0 * 72.0 / 25.4;
    let pad = 1.5 * 72.0 / 25.4;
    assert!((figure.x + figure.width - (right - pad)).abs() < 1.5, "right-aligned in its cell: {figure:?}");
}

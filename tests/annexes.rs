//! Phụ lục (the-thuc §7): each on its own pages after the document, `PHỤ LỤC n`
//! when there are two or more, the `(Kèm theo …)` line from the parent, its own
//! page numbers (none on its first), landscape when asked, in both formats.

mod common;

use common::slots::*;
use common::*;
use serde_json::json;
use vanban::model::Document;

/// An HD 05 báo cáo (with the page-top circulation mark) and two phụ lục: a
/// long portrait one and a landscape table.
fn with_annexes() -> Document {
    let mut v = minimal_json();
    v["date"] = json!("2026-08-10");
    v["marks"] = json!({ "circulation": "Tài liệu hội nghị" });
    let long: Vec<String> = (1..=60).map(|i| format!("{i}. Chi bộ số {i} đã tổ chức sinh hoạt chuyên đề về quy chế làm việc.")).collect();
    v["annexes"] = json!([
        { "title": "Kết quả sinh hoạt chuyên đề của các chi bộ", "body": long.join("\n") },
        { "title": "Bảng tổng hợp số liệu", "landscape": true,
          "body": "| TT | Chi bộ | Đảng viên | Dự sinh hoạt | Tỷ lệ | Ghi chú |\n|---|---|---:|---:|---:|---|\n| 1 | Chi bộ ấp 1 | 42 | 40 | 95,2% | |\n| 2 | Chi bộ ấp 2 | 37 | 37 | 100% | |" }
    ]);
    doc_from(v)
}

#[test]
fn each_annex_has_its_label_title_and_parent_line() {
    let doc = with_annexes();
    let labels: Vec<&str> = doc.annexes.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["PHỤ LỤC 1", "PHỤ LỤC 2"]);
    assert_eq!(doc.annexes[0].reference.join(" "), "(Kèm theo Báo cáo số 05-BC/TU, ngày 10/8/2026 của Ban Thường vụ)");
    let mut one = minimal_json();
    one["annexes"] = json!([{ "title": "Danh sách", "body": "Nội dung." }]);
    assert_eq!(doc_from(one).annexes[0].label, "PHỤ LỤC", "one phụ lục is not numbered");
}

#[test]
fn the_pdf_starts_each_annex_on_a_new_page_numbered_from_one() {
    let doc = with_annexes();
    let pdf = pages(&doc);
    let starts: Vec<usize> = ["PHỤ LỤC 1", "PHỤ LỤC 2"].iter().map(|l| pdf.texts.iter().position(|p| p.iter().any(|t| t.text == *l)).unwrap()).collect();
    assert_eq!(starts[0], 1, "after the one-page báo cáo");
    assert!(starts[1] > starts[0] + 1, "the long phụ lục takes two pages or more: {starts:?}");
    let number = |page: usize| pdf.texts[page].iter().find(|t| t.y < mm(20.0) && t.text.chars().all(|c| c.is_ascii_digit())).map(|t| t.text.clone());
    assert_eq!(number(starts[0]), None, "no number on a phụ lục's first page");
    assert_eq!(number(starts[0] + 1).as_deref(), Some("2"), "its second page is 2");
    assert_eq!(number(starts[1]), None);
    assert!(pdf.texts[starts[0]].iter().all(|t| !t.text.contains("TÀI LIỆU HỘI NGHỊ")), "the page-top mark is the document's page 1 only");
    let paged = vanban::render::pdf::compile(&doc).unwrap();
    let size = |i: usize| (paged.pages()[i].frame.width().to_pt().round(), paged.pages()[i].frame.height().to_pt().round());
    assert_eq!(size(starts[0]), (595.0, 842.0));
    assert_eq!(size(starts[1]), (842.0, 595.0), "the second phụ lục is landscape");
}

#[test]
fn the_docx_gives_each_annex_a_section_with_a_blank_first_header() {
    let doc = with_annexes();
    let bytes = vanban::render::docx::render(&doc).unwrap();
    let xml = docx_part(&bytes, "word/document.xml");
    let parsed = roxmltree::Document::parse(&xml).unwrap();
    let sections: Vec<_> = parsed.descendants().filter(|n| n.has_tag_name((W, "sectPr"))).collect();
    assert_eq!(sections.len(), 3, "the document and two phụ lục");
    fn child<'a>(s: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
        s.children().find(|n| n.has_tag_name((W, name)))
    }
    let restart = |s| child(s, "pgNumType").and_then(|n| attr(n, "start"));
    assert_eq!(sections.iter().map(|s| restart(*s)).collect::<Vec<_>>(), [None, Some("1"), Some("1")]);
    assert!(sections.iter().all(|s| child(*s, "titlePg").is_some()), "no number on any first page");
    let orient = |s| child(s, "pgSz").and_then(|n| attr(n, "orient"));
    assert_eq!(orient(sections[2]), Some("landscape"));
    // Headers: the same page-number header everywhere; the document's first
    // page has its mark, each phụ lục's first page a blank header.
    let rels = roxmltree::Document::parse(&docx_part(&bytes, "word/_rels/document.xml.rels")).unwrap().root_element().children().filter(|n| n.is_element()).map(|n| (n.attribute("Id").unwrap().to_string(), n.attribute("Target").unwrap().to_string())).collect::<Vec<_>>();
    let header = |s: roxmltree::Node, kind: &str| {
        let r = s.children().find(|n| n.has_tag_name((W, "headerReference")) && attr(*n, "type") == Some(kind)).unwrap();
        let id = r.attribute(("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id")).unwrap();
        let target = &rels.iter().find(|(i, _)| i == id).unwrap_or_else(|| panic!("no relationship {id}")).1;
        docx_part(&bytes, &format!("word/{target}"))
    };
    let text = |part: String| {
        let x = roxmltree::Document::parse(&part).unwrap();
        x.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|n| n.text()).collect::<String>()
    };
    assert!(text(header(sections[0], "first")).contains("TÀI LIỆU HỘI NGHỊ"));
    for s in &sections[1..] {
        assert_eq!(text(header(*s, "first")), "", "a phụ lục's first page header is blank");
        assert_eq!(header(*s, "default"), header(sections[0], "default"), "one page-number header");
    }
}

#[test]
#[ignore = "needs LibreOffice (soffice)"]
fn libreoffice_lays_the_annexes_out_on_our_pages() {
    let soffice = soffice().expect("soffice on PATH: install libreoffice-writer-nogui");
    let doc = with_annexes();
    let ours = vanban::render::pdf::compile(&doc).unwrap().pages().len();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("phu-luc.docx");
    std::fs::write(&input, vanban::render::docx::render(&doc).unwrap()).unwrap();
    let status = std::process::Command::new(soffice)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let theirs = lopdf::Document::load(dir.path().join("phu-luc.pdf")).unwrap();
    assert_eq!(theirs.get_pages().len(), ours, "page count");
    let pages: Vec<_> = theirs.get_pages().values().copied().collect();
    let media = |i: usize| {
        let m = theirs.get_dictionary(pages[i]).unwrap().get(b"MediaBox").unwrap().as_array().unwrap().clone();
        (m[2].as_float().unwrap().round(), m[3].as_float().unwrap().round())
    };
    assert_eq!(media(ours - 1), (842.0, 595.0), "the last phụ lục is landscape in LibreOffice too");
}

//! Bản sao (the-thuc §7): the copied document, a full-width rule, the framed
//! `BẢN SAO VĂN BẢN` stamp (80 × 50 mm) on the left with cơ quan sao, số `BS`,
//! hình thức, địa danh và ngày, nơi nhận, and the copier's block on the right.

mod common;

use common::slots::*;
use common::*;
use serde_json::{Value, json};
use vanban::copy;
use vanban::profile::Profiles;
use vanban::templates::Store;

fn request(form: &str) -> Value {
    let mut copier: Value = serde_json::from_str(&std::fs::read_to_string(root().join("samples/ban-sao-quyet-dinh.copier.json")).unwrap()).unwrap();
    let document: Value = serde_json::from_str(&std::fs::read_to_string(root().join("samples/quyet-dinh-hd05-ban-hanh-quy-che.json")).unwrap()).unwrap();
    copier["document"] = document;
    copier["form"] = json!(form);
    copier
}

fn copied(form: &str) -> vanban::model::Document {
    copy::build(&copy::parse(&request(form)).unwrap(), Profiles::builtin(), Store::builtin()).unwrap()
}

#[test]
fn the_stamp_names_the_copier_the_bs_number_the_form_the_date_and_the_recipients() {
    let stamp = copied("sao-y").copy.unwrap();
    assert_eq!(stamp.title, "BẢN SAO VĂN BẢN");
    assert_eq!(
        stamp.lines,
        [
            "VĂN PHÒNG ĐẢNG ỦY XÃ PHƯỚC THIỀN",
            "Số 03-BS/ĐU",
            "Sao y",
            "Phước Thiền, ngày 03 tháng 8 năm 2026",
            "Nơi nhận: Các chi bộ trực thuộc; Lưu Văn phòng Đảng ủy.",
        ]
    );
    assert_eq!(copied("trich-sao").copy.unwrap().lines[2], "Trích sao");
    assert_eq!(copied("sao-luc").copy.unwrap().signature.authority.as_deref(), Some("T/L BAN THƯỜNG VỤ"));
}

#[test]
fn the_pdf_frames_the_stamp_80_by_50_mm_left_of_the_copiers_signature() {
    let doc = copied("sao-y");
    let pdf = pages(&doc);
    let last = pdf.last();
    assert!(pdf.texts[0].iter().any(|t| t.text.contains("QUYẾT ĐỊNH")), "the copy starts with the document");
    let title = pdf.find(last, "BẢN SAO VĂN BẢN");
    assert!(title.bold);
    // The stamp's borders: the stroked lines of the left column around its title.
    let left_edge = mm(doc.profile.page.margin_left_mm);
    let borders: Vec<&PlacedRect> = pdf.rects[last]
        .iter()
        .filter(|r| r.x < left_edge + mm(81.0) && r.x + r.width < left_edge + mm(81.0) && r.y > title.y - 30.0 && r.y < title.y + mm(60.0))
        .collect();
    let (x0, x1) = (borders.iter().map(|r| r.x).fold(f64::MAX, f64::min), borders.iter().map(|r| r.x + r.width).fold(0.0, f64::max));
    let (y0, y1) = (borders.iter().map(|r| r.y).fold(f64::MAX, f64::min), borders.iter().map(|r| r.y + r.height).fold(0.0, f64::max));
    assert!((x1 - x0 - mm(80.0)).abs() < 1.5, "80 mm wide: {x0}..{x1}");
    assert!(y1 - y0 >= mm(50.0) - 1.5, "at least 50 mm tall: {y0}..{y1}");
    let copier = pdf.find(last, "Trần Thị Mai");
    assert!(copier.x > x1 && copier.y > y0, "the copier signs on the right: {copier:?}");
    assert!(pdf.find(last, "03-BS/ĐU").y > title.y);
}

#[test]
fn the_docx_frames_the_stamp_in_a_bordered_cell() {
    let bytes = vanban::render::docx::render(&copied("sao-y")).unwrap();
    let xml = docx_part(&bytes, "word/document.xml");
    let parsed = roxmltree::Document::parse(&xml).unwrap();
    let p = parsed.descendants().filter(|n| n.has_tag_name((W, "p"))).find(|p| para_text(*p).contains("BẢN SAO VĂN BẢN")).unwrap();
    let table = p.ancestors().find(|n| n.has_tag_name((W, "tbl"))).unwrap();
    let borders = table.descendants().find(|n| n.has_tag_name((W, "tblBorders"))).expect("a bordered table");
    assert!(borders.children().filter(|n| n.is_element()).all(|b| attr(b, "val") == Some("single")));
    let grid: Vec<&str> = table.descendants().filter(|n| n.has_tag_name((W, "gridCol"))).filter_map(|n| attr(n, "w")).collect();
    assert_eq!(grid, ["4535"], "80 mm in twips");
    assert!(para_text(p).contains("Số 03-BS/ĐU") || xml.contains("BS/ĐU"));
}

#[test]
fn a_bad_copy_request_lists_its_problems_where_they_are() {
    let mut v = request("sao-y");
    v.as_object_mut().unwrap().remove("date");
    v["document"]["date"] = json!("31/02/2026");
    v["form"] = json!("sao-chep");
    let problems = copy::parse(&v).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"/form") && paths.contains(&"/date"), "{problems:#?}");
    v["form"] = json!("sao-y");
    v["date"] = json!("2026-02-30");
    let problems = copy::build(&copy::parse(&v).unwrap(), Profiles::builtin(), Store::builtin()).unwrap_err();
    let got: Vec<(&str, &str)> = problems.iter().map(|p| (p.code.as_str(), p.path.as_str())).collect();
    assert_eq!(got, [("date-invalid", "/document/date"), ("date-invalid", "/date")]);
}

#[test]
fn the_cli_writes_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("copy")
        .arg(root().join("samples/quyet-dinh-hd05-ban-hanh-quy-che.json"))
        .args(["--form", "trich-sao", "--copier"])
        .arg(root().join("samples/ban-sao-quyet-dinh.copier.json"))
        .args(["--format", "pdf", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = pdf_pages_text(&std::fs::read(dir.path().join("ban-sao.pdf")).unwrap()).join(" ");
    assert!(text.contains("BẢN SAO VĂN BẢN") && text.contains("Trích sao"), "{text}");
}

#[test]
#[ignore = "needs LibreOffice (soffice)"]
fn libreoffice_lays_the_copy_out_on_our_pages() {
    let soffice = soffice().expect("soffice on PATH: install libreoffice-writer-nogui");
    let doc = copied("sao-y");
    let ours = vanban::render::pdf::compile(&doc).unwrap().pages().len();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("ban-sao.docx");
    std::fs::write(&input, vanban::render::docx::render(&doc).unwrap()).unwrap();
    let out = std::process::Command::new(soffice).args(["--headless", "--convert-to", "pdf", "--outdir"]).arg(dir.path()).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let theirs = lopdf::Document::load(dir.path().join("ban-sao.pdf")).unwrap();
    assert_eq!(theirs.get_pages().len(), ours, "page count");
    let text = pdf_pages_text(&std::fs::read(dir.path().join("ban-sao.pdf")).unwrap()).join(" ");
    // The number's hyphen is a no-break hyphen in the DOCX: read around it.
    assert!(text.contains("BẢN SAO VĂN BẢN") && text.contains("BS/ĐU"), "{text}");
}

//! DOCX output: page setup, fonts and sizes per the-thuc, header, blocks.

mod common;

use std::io::Cursor;

use common::*;
use vanban::render::docx;

fn document_xml(name: &str) -> String {
    docx_part(&docx::render(&sample(name)).unwrap(), "word/document.xml")
}

fn find_para<'a>(doc: &'a roxmltree::Document<'a>, starts: &str) -> roxmltree::Node<'a, 'a> {
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .find(|p| para_text(*p).starts_with(starts))
        .unwrap_or_else(|| panic!("no paragraph starting with {starts:?}"))
}

fn sizes_of(p: roxmltree::Node) -> Vec<u32> {
    p.descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .filter(|r| r.children().any(|c| c.has_tag_name((W, "t"))))
        .map(|r| attr(run_prop(r, "sz").expect("every run has a size"), "val").unwrap().parse().unwrap())
        .collect()
}

#[test]
fn every_sample_packs_deflated_and_parses() {
    for path in sample_paths() {
        let bytes = docx::render(&load(&path)).unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            assert_eq!(entry.compression(), zip::CompressionMethod::Deflated, "{}: {}", path.display(), entry.name());
        }
        for part in ["word/document.xml", "word/styles.xml", "docProps/core.xml", "[Content_Types].xml"] {
            let xml = docx_part(&bytes, part);
            roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{}: {part}: {e}", path.display()));
        }
    }
}

#[test]
fn page_is_a4_with_the_thuc_margins_and_numbers_from_page_two() {
    let bytes = docx::render(&sample("bao-cao-dong-nai")).unwrap();
    let xml = docx_part(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let sect = doc.descendants().find(|n| n.has_tag_name((W, "sectPr"))).unwrap();
    let child = |name: &str| sect.children().find(|c| c.has_tag_name((W, name))).unwrap();
    let size = child("pgSz");
    assert_eq!((attr(size, "w"), attr(size, "h")), (Some("11906"), Some("16838")));
    let mar = child("pgMar");
    let m: Vec<&str> = ["top", "bottom", "left", "right"].iter().map(|k| attr(mar, k).unwrap()).collect();
    assert_eq!(m, ["1134", "1134", "1701", "851"]);
    assert!(sect.children().any(|c| c.has_tag_name((W, "titlePg"))), "different first page");
    let refs: Vec<(String, String)> = sect
        .children()
        .filter(|c| c.has_tag_name((W, "headerReference")))
        .map(|c| (attr(c, "type").unwrap().to_string(), c.attribute(("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id")).unwrap().to_string()))
        .collect();
    assert_eq!(refs.len(), 2, "{refs:?}");
    let rels = docx_part(&bytes, "word/_rels/document.xml.rels");
    for (kind, id) in refs {
        let target = rels.split(&format!("Id=\"{id}\"")).nth(1).and_then(|s| s.split("Target=\"").nth(1)).and_then(|s| s.split('"').next()).unwrap();
        let header = docx_part(&bytes, &format!("word/{target}"));
        let has_page = header.contains("<w:instrText>PAGE</w:instrText>");
        match kind.as_str() {
            "default" => {
                assert!(has_page, "later pages carry a PAGE field");
                assert!(header.contains("w:val=\"28\""), "page number in 14 pt");
                assert!(header.contains("w:jc w:val=\"center\""));
            }
            "first" => assert!(!has_page, "page 1 carries no number"),
            other => panic!("unexpected header {other}"),
        }
    }
}

#[test]
fn every_run_names_times_new_roman_in_all_four_slots() {
    for path in sample_paths() {
        let bytes = docx::render(&load(&path)).unwrap();
        for part in ["word/document.xml", "word/header1.xml", "word/header2.xml"] {
            let xml = docx_part(&bytes, part);
            let doc = roxmltree::Document::parse(&xml).unwrap();
            for run in text_runs(&doc) {
                let fonts = run_prop(run, "rFonts").unwrap_or_else(|| panic!("{}: a run without fonts", path.display()));
                for slot in ["ascii", "hAnsi", "eastAsia", "cs"] {
                    assert_eq!(attr(fonts, slot), Some("Times New Roman"), "{}: {slot}", path.display());
                }
            }
        }
    }
}

#[test]
fn sizes_and_looks_follow_the_thuc() {
    let xml = document_xml("bao-cao-dong-nai");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(sizes_of(find_para(&doc, "ĐẢNG CỘNG SẢN VIỆT NAM")), [30], "tiêu đề 15 pt");
    assert_eq!(sizes_of(find_para(&doc, "BÁO CÁO")), [32], "tên loại 16 pt");
    assert_eq!(sizes_of(find_para(&doc, "TỈNH ỦY ĐỒNG NAI")), [28]);
    assert!(sizes_of(find_para(&doc, "Đảng bộ tỉnh Đồng Nai hiện có")).iter().all(|&s| s == 28), "body 14 pt");
    assert_eq!(sizes_of(find_para(&doc, "- Các đ/c TVTU,")), [24], "recipients 12 pt");
    assert_eq!(sizes_of(find_para(&doc, "N2-M3/BC")), [22], "typist mark 11 pt");

    let label = find_para(&doc, "Nơi nhận:");
    let run = label.descendants().find(|n| n.has_tag_name((W, "r"))).unwrap();
    assert_eq!(attr(run_prop(run, "u").expect("Nơi nhận underlined"), "val"), Some("single"));
    assert_eq!(sizes_of(label), [28]);

    let date = find_para(&doc, "Đồng Nai, ngày 15 tháng 6 năm 2023");
    let run = date.descendants().find(|n| n.has_tag_name((W, "r"))).unwrap();
    assert!(run_prop(run, "i").is_some(), "date italic");

    for starts in ["TỈNH ỦY ĐỒNG NAI", "BÁO CÁO", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Hồ Thanh Sơn", "I- ĐẶC ĐIỂM TÌNH HÌNH"] {
        let p = find_para(&doc, starts);
        let run = p.descendants().find(|n| n.has_tag_name((W, "r"))).unwrap();
        assert!(run_prop(run, "b").is_some(), "{starts} bold");
    }
}

#[test]
fn the_rule_under_the_party_title_is_as_long_as_the_title() {
    let document = sample("bao-cao-dong-nai");
    let xml = docx_part(&docx::render(&document).unwrap(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let p = find_para(&doc, "ĐẢNG CỘNG SẢN VIỆT NAM");
    let bottom = p.descendants().find(|n| n.has_tag_name((W, "bottom"))).expect("a bottom border");
    assert_eq!(attr(bottom, "val"), Some("single"));
    assert!(p.descendants().all(|n| !n.has_tag_name((W, "top")) && !n.has_tag_name((W, "left"))), "only the bottom rule");
    let ind = p.descendants().find(|n| n.has_tag_name((W, "ind"))).unwrap();
    let side: f64 = attr(ind, "left").unwrap().parse().unwrap();
    let column = 90.0 * 1440.0 / 25.4;
    let rule_pt = (column - 2.0 * side) / 20.0;
    let title_pt = vanban::fonts::width_pt(&document.header.party_title, 15.0, true, false);
    assert!((rule_pt - title_pt).abs() < 3.0, "rule {rule_pt} pt, title {title_pt} pt");
}

#[test]
fn signature_row_cannot_split_and_the_last_paragraph_keeps_with_it() {
    let xml = document_xml("bao-cao-dong-nai");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let sig = find_para(&doc, "T/M BAN THƯỜNG VỤ");
    let row = sig.ancestors().find(|n| n.has_tag_name((W, "tr"))).unwrap();
    assert!(row.descendants().any(|n| n.has_tag_name((W, "cantSplit"))));
    let last = find_para(&doc, "Trên đây là báo cáo");
    assert!(last.descendants().any(|n| n.has_tag_name((W, "keepNext"))));
    // Every paragraph between the last body text and the signature table holds on too.
    let table = row.ancestors().find(|n| n.has_tag_name((W, "tbl"))).unwrap();
    let between: Vec<_> = table.prev_siblings().skip(1).take_while(|n| *n != last).filter(|n| n.has_tag_name((W, "p"))).collect();
    assert!(!between.is_empty());
    for p in between {
        assert!(p.descendants().any(|n| n.has_tag_name((W, "keepNext"))), "a paragraph before the signature lets go");
    }
}

#[test]
fn tables_repeat_their_header_row() {
    let mut json = minimal_json();
    json["body"] = serde_json::json!(["| Năm | Số đảng viên |\n|---|--:|\n| 2022 | 87.012 |\n| 2023 | 87.398 |"]);
    let xml = docx_part(&docx::render(&doc_from(json)).unwrap(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let head = find_para(&doc, "Năm").ancestors().find(|n| n.has_tag_name((W, "tr"))).unwrap();
    assert!(head.descendants().any(|n| n.has_tag_name((W, "tblHeader"))));
    let body = find_para(&doc, "2022").ancestors().find(|n| n.has_tag_name((W, "tr"))).unwrap();
    assert!(!body.descendants().any(|n| n.has_tag_name((W, "tblHeader"))));
    assert!(body.descendants().any(|n| n.has_tag_name((W, "cantSplit"))), "a row of figures stays on one page");
    assert_eq!(sizes_of(find_para(&doc, "87.398")), [26], "table text 13 pt");
}

#[test]
fn core_properties_carry_title_and_author() {
    let core = docx_part(&docx::render(&sample("bao-cao-dong-nai")).unwrap(), "docProps/core.xml");
    assert!(core.contains("<dc:title>BÁO CÁO đánh giá tình hình, kết quả thực hiện Quy chế làm việc của cấp ủy cơ sở</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>Tỉnh ủy Đồng Nai</dc:creator>"));
}

#[test]
fn no_two_tables_touch_so_word_cannot_merge_them() {
    let mut json = minimal_json();
    json["kind"] = serde_json::json!("to-trinh");
    json["marks"] = serde_json::json!({ "draft": 2, "secrecy": "mat", "circulation": "Tài liệu hội nghị" });
    json["addressees"] = serde_json::json!(["Ban Chấp hành Đảng bộ xã", "Ban Thường vụ Huyện ủy"]);
    json["recipients"] = serde_json::json!(["Như trên", "Lưu VP"]);
    json["body"] = serde_json::json!(["| a | b |\n|---|---|\n| 1 | 2 |", "| c | d |\n|---|---|\n| 3 | 4 |"]);
    let xml = docx_part(&docx::render(&doc_from(json)).unwrap(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let body = doc.descendants().find(|n| n.has_tag_name((W, "body"))).unwrap();
    let kinds: Vec<&str> = body.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    assert!(kinds.iter().filter(|k| **k == "tbl").count() >= 5, "{kinds:?}");
    assert!(!kinds.windows(2).any(|w| w == ["tbl", "tbl"]), "adjacent tables: {kinds:?}");
    let draft = find_para(&doc, "Dự thảo lần 2");
    assert!(draft.descendants().any(|n| n.has_tag_name((W, "jc")) && attr(n, "val") == Some("right")), "HD 36: draft mark at the right");
    for mark in ["Dự thảo lần 2", "MẬT", "TÀI LIỆU HỘI NGHỊ"] {
        let p = find_para(&doc, mark);
        assert_eq!(p.descendants().filter(|n| ["top", "bottom", "left", "right"].iter().any(|s| n.has_tag_name((W, *s)))).count(), 4, "{mark} framed");
    }
}

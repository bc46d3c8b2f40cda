//! PDF output: page, fonts, reading order, page numbers, margins, determinism.

mod common;

use common::*;
use vanban::render::pdf;

#[test]
fn every_sample_is_a4_with_embedded_fonts_and_reads_in_order() {
    let paths = sample_paths();
    assert!(paths.len() >= 4, "samples/ holds one document per kind at least");
    for path in paths {
        assert_pdf_meets_the_thuc(&load(&path), &path.display().to_string());
    }
}

#[test]
fn page_numbers_start_on_page_two_and_text_stays_inside_the_margins() {
    let doc = sample("bao-cao-dong-nai");
    let p = &doc.profile.page;
    let mm = |v: f64| v * 72.0 / 25.4;
    let (left, right) = (mm(p.margin_left_mm), mm(p.width_mm - p.margin_right_mm));
    let (top, bottom) = (mm(p.margin_top_mm), mm(p.height_mm - p.margin_bottom_mm));
    let paged = pdf::compile(&doc).unwrap();
    assert!(paged.pages().len() >= 3);
    for (i, page) in paged.pages().iter().enumerate() {
        let number = (i + 1).to_string();
        let texts = placed_text(&page.frame);
        let in_margin: Vec<&PlacedText> = texts.iter().filter(|t| t.y < top).collect();
        if i == 0 {
            assert!(in_margin.is_empty(), "page 1 carries no number: {in_margin:?}");
        } else {
            assert_eq!(in_margin.len(), 1, "page {number}: {in_margin:?}");
            let n = in_margin[0];
            assert_eq!(n.text, number);
            assert_eq!(n.size, 14.0);
            let centre = n.x + n.width / 2.0;
            assert!((centre - (left + right) / 2.0).abs() < 1.0, "page number not centred: {n:?}");
            // Top of the digits about 10 mm from the top edge.
            let top_of_digits = n.y - n.size * 0.8;
            assert!((top_of_digits - mm(p.page_number_from_top_mm)).abs() < 3.0, "{n:?}");
        }
        for t in texts.iter().filter(|t| t.y >= top) {
            assert!(t.x >= left - 0.01 && t.x + t.width <= right + 0.5, "page {number}: outside left/right margin: {t:?}");
            assert!(t.y <= bottom, "page {number}: below the bottom margin: {t:?}");
        }
    }
}

#[test]
fn identical_input_gives_identical_pdf_bytes() {
    let doc = sample("thong-bao-ket-luan-giam-sat");
    let a = pdf::render(&doc).unwrap().bytes;
    let b = pdf::render(&doc).unwrap().bytes;
    assert!(a == b, "two renders of the same document differ");
}

#[test]
fn pdf_metadata_names_the_document_and_its_issuer() {
    let doc = sample("bao-cao-dong-nai");
    let bytes = pdf::render(&doc).unwrap().bytes;
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let info_ref = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = pdf.get_dictionary(info_ref).unwrap();
    let decode = |key: &[u8]| lopdf::decode_text_string(info.get(key).unwrap()).unwrap();
    assert_eq!(decode(b"Title"), "BÁO CÁO đánh giá tình hình, kết quả thực hiện Quy chế làm việc của cấp ủy cơ sở");
    assert_eq!(decode(b"Author"), "Tỉnh ủy Đồng Nai");
    assert_eq!(decode(b"Keywords"), "dang-hd36 Hướng dẫn 36-HD/VPTW", "the profile the date chose");
    let hd05 = pdf::render(&sample("bao-cao-hd05-dang-uy-xa")).unwrap().bytes;
    let pdf = lopdf::Document::load_mem(&hd05).unwrap();
    let info = pdf.get_dictionary(pdf.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    assert_eq!(lopdf::decode_text_string(info.get(b"Keywords").unwrap()).unwrap(), "dang-hd05 Hướng dẫn 05-HD/VPTW");
}

#[test]
fn the_signature_block_never_splits_and_keeps_the_last_paragraph() {
    // Grow the body until the signature block would straddle a page break.
    for extra in 20..40 {
        let mut json = minimal_json();
        let mut body: Vec<String> = (0..extra).map(|i| format!("Đoạn văn thứ {i} của báo cáo, đủ dài để chiếm một dòng.")).collect();
        body.push("Trên đây là báo cáo kết quả.".into());
        json["body"] = serde_json::json!(body);
        let doc = doc_from(json);
        let paged = pdf::compile(&doc).unwrap();
        let pages: Vec<String> = paged
            .pages()
            .iter()
            .map(|p| collapse(&placed_text(&p.frame).iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ")))
            .collect();
        let page_of = |needle: &str| pages.iter().position(|t| t.contains(needle)).unwrap();
        let sig = page_of("T/M BAN THƯỜNG VỤ");
        assert_eq!(page_of("Hồ Thanh Sơn"), sig, "signature split at {extra}");
        assert_eq!(page_of("Nơi nhận"), sig, "recipients left behind at {extra}");
        assert_eq!(page_of("Lưu VPTU"), sig, "recipients split at {extra}");
        assert_eq!(page_of("Trên đây là báo cáo"), sig, "last paragraph left alone at {extra}");
    }
}

#[test]
fn chapter_lines_are_centred_and_articles_indented() {
    let doc = sample("quy-che-lam-viec-dang-uy-xa");
    let p = &doc.profile.page;
    let mm = |v: f64| v * 72.0 / 25.4;
    let centre = (mm(p.margin_left_mm) + mm(p.width_mm - p.margin_right_mm)) / 2.0;
    let paged = pdf::compile(&doc).unwrap();
    let texts: Vec<PlacedText> = paged.pages().iter().flat_map(|pg| placed_text(&pg.frame)).collect();
    let find = |s: &str| texts.iter().find(|t| t.text.trim() == s).unwrap_or_else(|| panic!("{s} not found"));
    for line in ["Chương I", "Chương II", "QUY ĐỊNH CHUNG"] {
        let t = find(line);
        assert!((t.x + t.width / 2.0 - centre).abs() < 1.0, "{line} not centred: {t:?}");
    }
    let article = texts.iter().find(|t| t.text.starts_with("Điều 1.")).unwrap();
    assert!((article.x - mm(p.margin_left_mm + doc.profile.body.first_line_indent_mm)).abs() < 0.1, "{article:?}");
}

#[test]
fn a_row_of_figures_never_splits_across_pages() {
    let row = "Chi bộ có nhiều đảng viên cao tuổi, ở xa nơi sinh hoạt, cần được theo dõi, giúp đỡ thường xuyên; ".repeat(6);
    // Push the row down line by line so that, for some count, it meets the page end.
    for filler in 20..32 {
        let mut json = minimal_json();
        let mut body: Vec<String> = (0..filler).map(|i| format!("Đoạn văn thứ {i} của báo cáo.")).collect();
        body.push(format!("| Nội dung | Ghi chú |\n|---|---|\n| ĐẦU-HÀNG {row} CUỐI-HÀNG | x |"));
        json["body"] = serde_json::json!(body);
        let pages = pdf_pages_text(&vanban::render::pdf::render(&doc_from(json)).unwrap().bytes);
        let page_of = |word: &str| pages.iter().position(|p| p.contains(word)).unwrap_or_else(|| panic!("{word} missing"));
        assert_eq!(page_of("ĐẦU-HÀNG"), page_of("CUỐI-HÀNG"), "with {filler} paragraphs before it, the row split");
    }
}

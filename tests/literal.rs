//! User text is data: markup characters print as themselves in both formats, and
//! characters XML cannot carry are dropped.

mod common;

use common::*;
use vanban::render::{docx, pdf};

const HOSTILE: &str = "#read(\"/etc/passwd\") *x* $x$ [a] <b> & \\ 🎉";

fn hostile_doc() -> serde_json::Value {
    let mut json = minimal_json();
    let h = format!("{HOSTILE} \u{1}\u{0}\u{b}end");
    json["issuer"]["name"] = serde_json::json!(format!("Ban {h}"));
    json["issued_with"] = serde_json::json!("kèm <&> #x");
    json["place"] = serde_json::json!(format!("Nơi {h}"));
    json["subject"] = serde_json::json!(format!("về {h}"));
    json["signature"]["name"] = serde_json::json!(format!("Tên {h}"));
    json["recipients"] = serde_json::json!([format!("Nơi nhận {h}"), "Lưu VPTU"]);
    json["typist_mark"] = serde_json::json!(format!("N2 {h}"));
    // In the body, Markdown is the input language: escapes and code spans keep
    // markup characters literal; HTML and typst code are never interpreted.
    json["body"] = serde_json::json!([
        "Đoạn `#read(\"/etc/passwd\")` \\*x\\* $x$ \\[a\\] <b> & \\ 🎉 \u{1}end",
        "#set page(width: 1cm)",
        "= không phải tiêu đề typst",
    ]);
    json
}

#[test]
fn markup_prints_literally_in_the_pdf() {
    let doc = doc_from(hostile_doc());
    let text = pdf_pages_text(&pdf::render(&doc).unwrap().bytes).join(" ");
    let upper_h = vanban::text::upper(HOSTILE);
    for needle in [
        format!("BAN {upper_h}"),
        format!("về {HOSTILE} end"),
        format!("Tên {HOSTILE} end"),
        format!("- Nơi nhận {HOSTILE} end,"),
        format!("N2 {HOSTILE} end"),
        "(kèm <&> #x)".to_string(),
        "Đoạn `#read(\"/etc/passwd\")` *x* $x$ [a] <b> & \\ 🎉 end".to_string(),
        "= không phải tiêu đề typst".to_string(),
    ] {
        assert!(text.contains(&needle), "missing {needle:?} in {text}");
    }
    // `#set page(width: 1cm)` in the body must not have changed the page.
    let pdf = lopdf::Document::load_mem(&pdf::render(&doc).unwrap().bytes).unwrap();
    let first = *pdf.get_pages().values().next().unwrap();
    let media = pdf.get_dictionary(first).unwrap().get(b"MediaBox").unwrap().as_array().unwrap();
    let width = media[2].as_float().map(f64::from).unwrap();
    assert!((width - 595.28).abs() < 0.5, "page width {width}: the body changed the page");
    assert!(text.contains("#set page(width: 1cm)"));
    assert!(!text.contains("root:"), "no file content leaked");
}

#[test]
fn markup_prints_literally_in_the_docx_and_illegal_characters_are_dropped() {
    let doc = doc_from(hostile_doc());
    let bytes = docx::render(&doc).unwrap();
    let xml = docx_part(&bytes, "word/document.xml");
    let parsed = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let all: String = parsed.descendants().filter(|n| n.has_tag_name((W, "t"))).filter_map(|n| n.text()).collect();
    assert!(all.contains(&format!("về {HOSTILE} end")), "{all}");
    assert!(all.contains("Đoạn `#read(\"/etc/passwd\")` *x* $x$ [a] <b> & \\ 🎉 end"));
    assert!(all.contains("(kèm <&> #x)"));
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{0}') && !xml.contains('\u{b}'));
    let core = docx_part(&bytes, "docProps/core.xml");
    roxmltree::Document::parse(&core).expect("metadata stays well-formed");
}

/// Right-to-left text: fuzzing found a Latin letter followed by a Hebrew
/// accent (`c` + U+05A1), and a Hebrew word does the same: with kerning off, as
/// Word lays out, typst 0.15 shaped them into glyph ranges out of order (its
/// debug check) that its PDF export then sliced and panicked on, in release
/// builds too. Both formats must carry such text as typed.
#[test]
fn right_to_left_text_renders_and_prints_as_typed() {
    let mut json = minimal_json();
    json["subject"] = serde_json::json!("về quy chế làm việc của cấp ủy c\u{5A1} sở");
    json["body"] = serde_json::json!([
        "Quy chế làm việc của cấp ủy c\u{5A1} sở nhiệm kỳ 2025-2030.",
        "Lời chào שלום עולם của đoàn bạn, và \u{5A1} đứng riêng.",
    ]);
    let doc = doc_from(json);
    let text = pdf_pages_text(&pdf::render(&doc).unwrap().bytes).join(" ");
    assert!(text.contains("sở nhiệm kỳ 2025-2030."), "{text}");
    assert!(text.contains("Lời chào") && text.contains("của đoàn bạn"), "{text}");
    // Text extraction reads glyphs in visual order: right-to-left words come
    // out reversed.
    let visual = |w: &str| w.chars().rev().collect::<String>();
    assert!(text.contains(&visual("שלום")) && text.contains(&visual("עולם")), "the Hebrew words print: {text}");
    let xml = docx_part(&docx::render(&doc).unwrap(), "word/document.xml");
    assert!(xml.contains("c\u{5A1} sở nhiệm kỳ"), "the DOCX keeps the mark as typed");
    assert!(xml.contains("שלום עולם"), "the DOCX keeps the Hebrew as typed");
}

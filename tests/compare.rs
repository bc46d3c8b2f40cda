//! The bảng so sánh of the sample quy chế and its amended draft.

mod common;

use vanban::compare::{self, Change, CompareInput};
use vanban::model::document::Block;
use vanban::profile::Profiles;
use vanban::templates::Store;

fn input(fold: bool) -> CompareInput {
    let read = |name: &str| serde_json::from_str(&std::fs::read_to_string(common::root().join(format!("samples/{name}.json"))).unwrap()).unwrap();
    CompareInput { old: read("quy-che-lam-viec-dang-uy-xa"), new: read("quy-che-lam-viec-dang-uy-xa-sua-doi"), reasons: Vec::new(), fold_unchanged: fold }
}

#[test]
fn the_amendment_of_the_sample_is_read_article_by_article() {
    let (old, new) = compare::documents(&input(true), Profiles::builtin(), Store::builtin()).unwrap();
    let rows = compare::match_articles(&compare::articles(&old, "Phần căn cứ"), &compare::articles(&new, "Phần căn cứ"));
    let changed: Vec<(Option<u32>, Option<u32>, Change)> = rows
        .iter()
        .filter(|r| r.change != Change::Same)
        .map(|r| (r.old.as_ref().map(|a| a.number), r.new.as_ref().map(|a| a.number), r.change))
        .collect();
    // As the tờ trình lists them: căn cứ, Điều 3, 6, 7, 12 changed, old 13
    // dropped, new 18 added, Điều 22 changed.
    assert_eq!(
        changed,
        [
            (Some(0), Some(0), Change::Changed),
            (Some(3), Some(3), Change::Changed),
            (Some(6), Some(6), Change::Changed),
            (Some(7), Some(7), Change::Changed),
            (Some(12), Some(12), Change::Changed),
            (Some(13), None, Change::Removed),
            (None, Some(18), Change::Added),
            (Some(22), Some(22), Change::Changed),
        ]
    );
    // Old 14–18 reappear as 13–17, unchanged.
    let moved: Vec<(u32, u32)> = rows
        .iter()
        .filter(|r| r.change == Change::Same)
        .filter_map(|r| Some((r.old.as_ref()?.number, r.new.as_ref()?.number)))
        .filter(|(o, n)| o != n)
        .collect();
    assert_eq!(moved, [(14, 13), (15, 14), (16, 15), (17, 16), (18, 17)]);
}

#[test]
fn the_table_is_landscape_folds_unchanged_rows_and_marks_changes() {
    let doc = compare::build(&input(true), Profiles::builtin(), Store::builtin()).unwrap();
    assert!(doc.landscape);
    let Block::Table(table) = &doc.body[0] else { panic!() };
    assert_eq!(table.rows[0].len(), 3);
    let cell_text = |row: &Vec<vanban::model::document::Cell>, i: usize| vanban::model::document::spans_text(&row[i].spans);
    let folded: Vec<String> = table.rows.iter().skip(1).map(|r| cell_text(r, 1)).filter(|t| t.starts_with("Giữ nguyên")).collect();
    assert!(folded.contains(&"Giữ nguyên".to_string()));
    assert!(folded.contains(&"Giữ nguyên nội dung, chuyển thành Điều 13".to_string()), "{folded:?}");
    let marked = |row: &Vec<vanban::model::document::Cell>| row[1].spans.iter().any(|s| s.strike) && row[1].spans.iter().any(|s| s.bold && s.underline);
    assert!(table.rows.iter().skip(1).any(marked), "changed articles show removed and added words");
    let added = table.rows.iter().find(|r| cell_text(r, 1).starts_with("Điều 18.")).expect("the new article");
    assert!(cell_text(added, 0).is_empty(), "a new article faces an empty cell");
    let dropped = table.rows.iter().find(|r| cell_text(r, 0).starts_with("Điều 13.") && cell_text(r, 1).is_empty());
    assert!(dropped.is_some(), "a dropped article faces an empty cell");

    let full = compare::build(&input(false), Profiles::builtin(), Store::builtin()).unwrap();
    let Block::Table(full_table) = &full.body[0] else { panic!() };
    assert!(full_table.rows.iter().all(|r| !cell_text(r, 1).starts_with("Giữ nguyên")), "unfolded on request");

    // Both renderers: landscape A4 pages.
    let pdf = vanban::render::pdf::render(&doc).unwrap();
    let parsed = lopdf::Document::load_mem(&pdf.bytes).unwrap();
    let first = *parsed.get_pages().values().next().unwrap();
    let media = parsed.get_dictionary(first).unwrap().get(b"MediaBox").unwrap().as_array().unwrap();
    assert!((media[2].as_float().unwrap() - 841.89).abs() < 0.5, "landscape");
    let docx = vanban::render::docx::render(&doc).unwrap();
    let xml = common::docx_part(&docx, "word/document.xml");
    assert!(xml.contains("w:orient=\"landscape\"") && xml.contains("w:w=\"16838\""), "landscape DOCX");
    // A row is a whole article, maybe taller than a page: it may split.
    assert!(!table.keep_rows);
    let parsed = roxmltree::Document::parse(&xml).unwrap();
    let row = parsed
        .descendants()
        .filter(|n| n.has_tag_name((common::W, "tr")))
        .find(|r| r.descendants().filter(|n| n.has_tag_name((common::W, "t"))).any(|t| t.text().is_some_and(|t| t.starts_with("Điều 18."))))
        .expect("the new article's row");
    assert!(!row.descendants().any(|n| n.has_tag_name((common::W, "cantSplit"))));
}

#[test]
fn compare_command_renders_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("compare")
        .arg(common::root().join("samples/quy-che-lam-viec-dang-uy-xa.json"))
        .arg(common::root().join("samples/quy-che-lam-viec-dang-uy-xa-sua-doi.json"))
        .arg("-o")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("bang-so-sanh.pdf").exists() && dir.path().join("bang-so-sanh.docx").exists());
}

/// Any kind with articles compares, not only a quy chế: a quy định's table
/// heads its first column `Quy định hiện hành`; a kind without articles is
/// refused with a located problem.
#[test]
fn a_quy_dinh_compares_and_a_bao_cao_is_refused() {
    let mut old = common::minimal_json();
    old["kind"] = serde_json::json!("quy-dinh");
    old["body"] = serde_json::json!(["# Phạm vi điều chỉnh", "Quy định này quy định việc dự sinh hoạt chi bộ.", "# Đối tượng áp dụng", "Cấp ủy viên huyện."]);
    let mut new = old.clone();
    new["body"] = serde_json::json!(["# Phạm vi điều chỉnh", "Quy định này quy định việc dự sinh hoạt chi bộ, đảng bộ cơ sở.", "# Đối tượng áp dụng", "Cấp ủy viên huyện."]);
    let input = CompareInput { old: old.clone(), new, reasons: Vec::new(), fold_unchanged: true };
    let table = compare::build(&input, Profiles::builtin(), Store::builtin()).unwrap();
    let Block::Table(t) = &table.body[0] else { panic!("a table") };
    assert_eq!(vanban::model::document::spans_text(&t.rows[0][0].spans), "Quy định hiện hành");
    let text = table.plain_text();
    assert!(text.contains("Điều 1") && text.contains("đảng bộ cơ sở"), "{text}");

    let mut report = common::minimal_json();
    report["kind"] = serde_json::json!("bao-cao");
    let refused = compare::build(&CompareInput { old, new: report, reasons: Vec::new(), fold_unchanged: true }, Profiles::builtin(), Store::builtin()).unwrap_err();
    assert_eq!(refused.iter().map(|p| (p.code.as_str(), p.path.as_str())).collect::<Vec<_>>(), [("compare-not-articles", "/new/kind")]);
}

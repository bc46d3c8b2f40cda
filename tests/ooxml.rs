//! Every DOCX vanban writes is valid OOXML: the samples, every template's
//! example, a bảng so sánh and the documents of a bundle, checked with
//! openxml-audit (Office 2019 profile). Needs the tool: `pip install openxml-audit`.

mod common;

use std::io::{Cursor, Read};
use std::process::Command;

use vanban::compare::{self, CompareInput};
use vanban::profile::Profiles;
use vanban::render::docx;
use vanban::templates::Store;

/// Every kind of DOCX vanban writes, by file name.
fn documents() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for path in common::sample_paths() {
        let name = format!("sample-{}.docx", path.file_stem().unwrap().to_string_lossy());
        out.push((name, docx::render(&common::load(&path)).unwrap()));
    }
    let store = Store::builtin();
    for t in store.list() {
        let doc = t.render_document(&t.example, Profiles::builtin()).unwrap_or_else(|p| panic!("{}: {p:#?}", t.meta.id));
        out.push((format!("template-{}.docx", t.meta.id), docx::render(&doc).unwrap()));
    }
    let read = |name: &str| {
        let path = common::root().join(format!("samples/{name}.json"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let input = CompareInput {
        old: read("quy-che-lam-viec-dang-uy-xa"),
        new: read("quy-che-lam-viec-dang-uy-xa-sua-doi"),
        reasons: Vec::new(),
        fold_unchanged: true,
    };
    let table = compare::build(&input, Profiles::builtin(), Store::builtin()).unwrap();
    out.push(("compare.docx".to_string(), docx::render(&table).unwrap()));

    let path = common::root().join("samples/hoi-nghi-sua-doi-quy-che.bundle.json");
    let mut manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    vanban::bundle::inline_files(&mut manifest, path.parent().unwrap()).unwrap();
    let manifest = vanban::bundle::parse(&manifest).unwrap();
    let zip = vanban::bundle::build(&manifest, Profiles::builtin(), Store::builtin()).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().ends_with(".docx") {
            let name = format!("bundle-{}", entry.name());
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            out.push((name, data));
        }
    }
    out.push(("builder-features.docx".to_string(), builder_features()));
    out
}

/// The docx-rs builder calls a DOCX writer uses, each in a shape docx-rs
/// writes out of schema order, through the same package step as ours: frames,
/// borders, shading, hanging and first-line indents, keepNext and friends,
/// outline levels, fields in headers and footers, merged and spanned cells,
/// repeated and unsplittable rows, every run property, a landscape section.
fn builder_features() -> Vec<u8> {
    use docx_rs::*;
    let fonts = RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").east_asia("Times New Roman").cs("Times New Roman");
    let run = |text: &str| Run::new().add_text(text).size(28).fonts(fonts.clone());
    let page = || {
        Run::new()
            .size(28)
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("2")
            .add_field_char(FieldCharType::End, false)
    };
    let spacing = LineSpacing::new().line_rule(LineSpacingType::Exact).line(360).before(0).after(120);
    let border = |pos| ParagraphBorder::new(pos).val(BorderType::Single).size(4).space(1);
    let mut framed = Paragraph::new()
        .add_run(run("DỰ THẢO").bold())
        .frame_width(2000)
        .wrap("around")
        .h_anchor("margin")
        .v_anchor("text")
        .x_align("right")
        .align(AlignmentType::Center);
    framed.property = framed.property.set_borders(
        [ParagraphBorderPosition::Top, ParagraphBorderPosition::Left, ParagraphBorderPosition::Bottom, ParagraphBorderPosition::Right]
            .into_iter()
            .fold(ParagraphBorders::with_empty(), |b, pos| b.set(border(pos))),
    );
    let body = Paragraph::new()
        .add_run(run("Căn cứ Quy định số 69-QĐ/TW và Số 512-BC/TU, ").italic().underline("single"))
        .add_run(run("bỏ").strike().color("FF0000").highlight("yellow"))
        .add_run(run(" thêm").bold().underline("single").character_spacing(2).vanish())
        .add_run(Run::new().add_tab().add_break(BreakType::TextWrapping).add_text("x"))
        .align(AlignmentType::Both)
        .line_spacing(spacing.clone())
        .keep_next(true)
        .keep_lines(true)
        .widow_control(true)
        .page_break_before(false)
        .outline_lvl(1)
        .indent(Some(200), Some(SpecialIndentType::Hanging(200)), Some(100), None)
        .add_tab(Tab::new().val(TabValueType::Right).pos(9000));
    let first_line = Paragraph::new().add_run(run("Đoạn thụt đầu dòng.")).indent(None, Some(SpecialIndentType::FirstLine(567)), None, None).snap_to_grid(false);
    let cell = |text: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(run(text)).line_spacing(spacing.clone()).align(AlignmentType::Left));
    let borders = [TableBorderPosition::Top, TableBorderPosition::Left, TableBorderPosition::Bottom, TableBorderPosition::Right, TableBorderPosition::InsideH, TableBorderPosition::InsideV]
        .into_iter()
        .fold(TableBorders::with_empty(), |b, pos| b.set(TableBorder::new(pos).border_type(BorderType::Single).size(4)));
    let table = Table::new(vec![
        TableRow::new(vec![
            cell("Điều").width(2000, WidthType::Dxa).vertical_align(VAlignType::Center).shading(Shading::new().fill("D9D9D9")),
            cell("Nội dung 05-QC/BTCTU-BNCTU").width(5000, WidthType::Dxa).grid_span(2),
        ])
        .row_height(1.0)
        .height_rule(HeightRule::AtLeast)
        .cant_split(),
        TableRow::new(vec![
            cell("1").width(2000, WidthType::Dxa).vertical_merge(VMergeType::Restart).set_border(TableCellBorder::new(TableCellBorderPosition::Bottom).border_type(BorderType::Double)),
            cell("a").width(2500, WidthType::Dxa),
            cell("b").width(2500, WidthType::Dxa).clear_border(TableCellBorderPosition::Right),
        ]),
        TableRow::new(vec![
            cell("").width(2000, WidthType::Dxa).vertical_merge(VMergeType::Continue),
            cell("c").width(2500, WidthType::Dxa).text_direction(TextDirectionType::TbRlV),
            cell("d").width(2500, WidthType::Dxa),
        ])
        .row_height(400.0)
        .height_rule(HeightRule::Exact),
    ])
    .set_grid(vec![2000, 2500, 2500])
    .layout(TableLayoutType::Fixed)
    .width(7000, WidthType::Dxa)
    .align(TableAlignmentType::Center)
    .indent(100)
    .set_borders(borders)
    .margins(TableCellMargins::new().margin(40, 80, 40, 80));
    let header = Header::new().add_paragraph(Paragraph::new().add_run(page()).align(AlignmentType::Center));
    let footer = Footer::new().add_paragraph(Paragraph::new().add_run(run("Trang ")).add_run(page()).align(AlignmentType::Right));
    let docx = Docx::new()
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin::new().top(1134).bottom(1134).left(1134).right(1134).header(567).footer(567))
        .default_fonts(fonts.clone())
        .default_size(28)
        .header(header)
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .footer(footer)
        .add_paragraph(framed)
        .add_paragraph(body)
        .add_paragraph(first_line)
        .add_table(table)
        .add_paragraph(Paragraph::new().add_run(run("Hết.")));
    let mut raw = Cursor::new(Vec::new());
    docx.build().pack(&mut raw).unwrap();
    let meta = vanban::model::document::Meta { title: "Thử".to_string(), author: "vanban".to_string(), profile: "dang-hd05".to_string() };
    vanban::render::package::finish(raw.get_ref(), &meta, 1.0).unwrap()
}

#[test]
#[ignore = "needs openxml-audit (pip install openxml-audit)"]
fn every_docx_is_valid_ooxml() {
    // OOXML_AUDIT_DIR keeps the files for a look; a fresh temporary folder otherwise.
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("OOXML_AUDIT_DIR").map_or_else(|| temp.path().to_path_buf(), std::path::PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    let docs = documents();
    for (name, bytes) in &docs {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let args = ["--format", "office2019", "--output", "json", "--max-errors", "0", "--recursive"];
    // The console script, or the module where the script is not on PATH.
    let run = Command::new("openxml-audit")
        .args(args)
        .arg(&dir)
        .output()
        .or_else(|_| Command::new("python3").args(["-m", "openxml_audit"]).args(args).arg(&dir).output())
        .unwrap_or_else(|e| panic!("openxml-audit did not run ({e}): pip install openxml-audit"));
    let reports: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!("openxml-audit gave no JSON ({e}): {}\n{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr))
    });
    let reports = reports.as_array().expect("one report per file");
    assert_eq!(reports.len(), docs.len(), "every file was checked");
    let mut failed = Vec::new();
    for report in reports {
        let path = report["file"].as_str().unwrap();
        let file = path.rsplit('/').next().unwrap_or(path);
        let errors = report["error_count"].as_u64().expect("an error count");
        println!("{errors:4} errors  {file}");
        if errors > 0 {
            for e in report["errors"].as_array().into_iter().flatten().take(8) {
                println!("      {} {}: {}", e["part_uri"].as_str().unwrap_or("?"), e["path"].as_str().unwrap_or("?"), e["description"].as_str().unwrap_or("?"));
            }
            failed.push(file.to_string());
        }
    }
    assert!(failed.is_empty(), "schema errors in {failed:?}");
}


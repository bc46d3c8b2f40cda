//! The command line: what it writes, what it says, and its exit codes.

mod common;

use std::process::Command;

fn vanban() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
}

#[test]
fn render_writes_both_formats_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = common::root().join("samples/bao-cao-dong-nai.json");
    let out = vanban().arg("render").arg(&input).arg("-o").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = std::fs::read(dir.path().join("bao-cao-dong-nai.pdf")).unwrap();
    let docx = std::fs::read(dir.path().join("bao-cao-dong-nai.docx")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(docx.starts_with(b"PK"));
}

#[test]
fn render_one_format_to_a_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("ket-qua.pdf");
    let input = common::root().join("samples/thong-bao-ket-luan-giam-sat.json");
    let out = vanban().args(["render", "--format", "pdf", "-o"]).arg(&target).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF-"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the named file");
}

#[test]
fn bad_input_lists_every_problem_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut json = common::minimal_json();
    json["date"] = serde_json::json!("30/02/2024");
    json["kind"] = serde_json::json!("thong-bao-ket-luan");
    json["recipients"] = serde_json::json!([]);
    let input = dir.path().join("sai.json");
    std::fs::write(&input, json.to_string()).unwrap();
    let out_dir = dir.path().join("out");
    let out = vanban().arg("render").arg(&input).arg("-o").arg(&out_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Schema and thể thức problems come together.
    assert!(stderr.contains("[field-required] /recipients"), "{stderr}");
    assert!(stderr.contains("[field-required] /concluded_by"), "{stderr}");
    assert!(stderr.contains("[date-invalid] /date: ngày 30/02/2024 không có trong lịch"), "{stderr}");
    assert!(!out_dir.exists(), "nothing is written for bad input");
}

#[test]
fn malformed_json_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hong.json");
    std::fs::write(&input, "{\n  \"kind\": \"bao-cao\",\n  oops\n}").unwrap();
    let out = vanban().arg("render").arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[json-syntax]") && stderr.contains("dòng 3"), "{stderr}");
}

#[test]
fn unknown_format_and_missing_file_are_usage_errors() {
    let out = vanban().args(["render", "x.json", "--format", "odt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = vanban().args(["render", "/khong/co/tep.json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không đọc được"));
}

#[test]
fn a_profile_folder_adds_a_profile_without_code() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(common::root().join("profiles/dang-hd36.toml")).unwrap();
    let custom = base
        .replace("id = \"dang-hd36\"", "id = \"thu-nghiem\"")
        .replace("party_title = \"ĐẢNG CỘNG SẢN VIỆT NAM\"", "party_title = \"TIÊU ĐỀ THỬ NGHIỆM\"");
    std::fs::write(dir.path().join("thu-nghiem.toml"), custom).unwrap();
    let target = dir.path().join("x.pdf");
    let input = common::root().join("samples/bao-cao-dong-nai.json");
    let out = vanban()
        .arg("--profiles").arg(dir.path())
        .args(["render", "--format", "pdf", "--profile", "thu-nghiem", "-o"]).arg(&target).arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = common::pdf_pages_text(&std::fs::read(&target).unwrap()).join(" ");
    assert!(text.contains("TIÊU ĐỀ THỬ NGHIỆM"));
    let out = vanban().args(["render", "--profile", "khong-co", "-o"]).arg(dir.path()).arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[profile-unknown] /profile"));
}

#[test]
fn validate_names_the_profile_the_date_chose() {
    for (sample, profile) in [("to-trinh-hd05-sua-doi-quy-che", "dang-hd05"), ("to-trinh-sua-doi-quy-che", "dang-hd36")] {
        let out = vanban().arg("validate").arg(common::root().join(format!("samples/{sample}.json"))).output().unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("hồ sơ thể thức: {profile}")), "{sample}: {stderr}");
    }
}

/// A type the built-ins lack is a profile edit: a folder profile extending
/// dang-hd05 adds the thông cáo, `templates kinds` lists it and it renders.
#[test]
fn a_new_kind_is_a_profile_edit_and_templates_kinds_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let profile = "id = \"dang-hd05-thong-cao\"\nextends = \"dang-hd05\"\nname = \"HD 05 và thông cáo\"\nguide = \"Hướng dẫn 05-HD/VPTW\"\n\n\
                   [kinds.thong-cao]\nname = \"Thông cáo\"\ntype_code = \"TC\"\nstructure = \"sections\"\n";
    std::fs::write(dir.path().join("dang-hd05-thong-cao.toml"), profile).unwrap();
    let out = vanban().arg("--profiles").arg(dir.path()).args(["templates", "kinds"]).output().unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(listed.contains("dang-hd05-thong-cao") && listed.contains("thong-cao") && listed.contains("Thông cáo"), "{listed}");
    assert!(listed.contains("cong-van") && listed.contains("CV"), "the built-in kinds too: {listed}");

    let mut doc = common::minimal_json();
    doc["kind"] = serde_json::json!("thong-cao");
    doc["profile"] = serde_json::json!("dang-hd05-thong-cao");
    let input = dir.path().join("thong-cao.json");
    std::fs::write(&input, doc.to_string()).unwrap();
    let target = dir.path().join("thong-cao.pdf");
    let out = vanban().arg("--profiles").arg(dir.path()).args(["render", "--format", "pdf", "-o"]).arg(&target).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = common::pdf_pages_text(&std::fs::read(&target).unwrap()).join(" ");
    assert!(text.contains("THÔNG CÁO") && text.contains("05-TC/TU"), "{text}");
}

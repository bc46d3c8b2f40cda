//! The template store: built-ins render from their own examples, data problems
//! are explained, broken user templates are refused alone, values stay literal.

mod common;

use serde_json::{Value, json};
use vanban::profile::Profiles;
use vanban::templates::Store;

const BUILTIN_IDS: [&str; 11] = [
    "bao-cao-thuc-hien-quy-che",
    "thong-bao-ket-luan-giam-sat",
    "quy-che-lam-viec-dang-uy-co-so",
    "to-trinh-sua-doi-quy-che",
    "quyet-dinh-ban-hanh-quy-che",
    "nghi-quyet-hoi-nghi",
    "cong-van",
    "ke-hoach",
    "ket-luan",
    "giay-moi",
    "bien-ban-hoi-nghi",
];

#[test]
fn every_builtin_template_loads_and_renders_from_its_example() {
    let store = Store::builtin();
    assert!(store.broken.is_empty(), "{:#?}", store.broken);
    let ids: Vec<&str> = store.list().map(|t| t.meta.id.as_str()).collect();
    assert_eq!(ids.len(), BUILTIN_IDS.len(), "{ids:?}");
    for id in BUILTIN_IDS {
        let t = store.get(id).unwrap_or_else(|| panic!("built-in {id} missing"));
        let doc = t.render_document(&t.example, Profiles::builtin()).unwrap_or_else(|p| panic!("{id}: {p:#?}"));
        assert!(doc.warnings.is_empty(), "{id}: {:#?}", doc.warnings);
        assert_eq!(doc.kind, t.meta.kind);
        common::assert_pdf_meets_the_thuc(&doc, id);
    }
}

#[test]
fn template_schemas_are_draft_2020_12_and_examples_validate() {
    for t in Store::builtin().list() {
        assert_eq!(t.schema["$schema"], "https://json-schema.org/draft/2020-12/schema", "{}", t.meta.id);
        assert!(jsonschema::meta::is_valid(&t.schema), "{}", t.meta.id);
        let validator = jsonschema::validator_for(&t.schema).unwrap();
        assert!(validator.is_valid(&t.example), "{}", t.meta.id);
        for (name, prop) in t.schema["properties"].as_object().unwrap() {
            assert!(prop.get("title").is_some(), "{}: {name} has no Vietnamese title", t.meta.id);
        }
    }
}

fn tờ_trình() -> std::sync::Arc<vanban::templates::Template> {
    Store::builtin().get("to-trinh-sua-doi-quy-che").unwrap()
}

#[test]
fn a_missing_variable_names_the_template_the_placeholder_and_the_data_path() {
    let t = tờ_trình();
    let mut data = t.example.clone();
    data.as_object_mut().unwrap().remove("ten_dang_bo");
    data["nguoi_ky"].as_object_mut().unwrap().remove("ho_ten");
    let problems = t.fill(&data).unwrap_err();
    let got: Vec<(&str, &str)> = problems.iter().map(|p| (p.code.as_str(), p.path.as_str())).collect();
    assert!(got.contains(&("template-variable-missing", "/data/ten_dang_bo")), "{problems:#?}");
    assert!(got.contains(&("template-variable-missing", "/data/nguoi_ky/ho_ten")), "{problems:#?}");
    let p = problems.iter().find(|p| p.path == "/data/ten_dang_bo").unwrap();
    assert!(p.message.contains("to-trinh-sua-doi-quy-che") && p.message.contains("{{ten_dang_bo}}"), "{}", p.message);
}

#[test]
fn wrong_data_types_point_into_data() {
    let t = tờ_trình();
    let mut data = t.example.clone();
    data["so"] = json!("mười tám");
    data["ly_do"] = json!([]);
    let problems = t.fill(&data).unwrap_err();
    let got: Vec<(&str, &str)> = problems.iter().map(|p| (p.code.as_str(), p.path.as_str())).collect();
    assert_eq!(got, [("type-mismatch", "/data/so"), ("value-empty", "/data/ly_do")]);
}

/// Per kind template: a required variable dropped (a JSON pointer into the
/// example), and a variable given a value of the wrong type with the problem
/// code expected for it.
fn broken_data() -> [(&'static str, &'static str, (&'static str, Value), &'static str); 7] {
    [
        ("quyet-dinh-ban-hanh-quy-che", "/ten_quy_che", ("/so_chuong", json!(6)), "type-mismatch"),
        ("nghi-quyet-hoi-nghi", "/so_du", ("/quyet_nghi", json!("Thông qua Báo cáo.")), "type-mismatch"),
        ("cong-van", "/nguoi_ky/chuc_vu", ("/muc_do_khan", json!("khẩn")), "value-not-allowed"),
        ("ke-hoach", "/tien_do/0/cong_viec", ("/to_chuc_thuc_hien/1/nhiem_vu", json!("Theo dõi, đôn đốc.")), "type-mismatch"),
        ("ket-luan", "/chu_the", ("/so", json!("mười lăm")), "type-mismatch"),
        ("giay-moi", "/nguoi_duoc_moi", ("/kho_giay", json!("a3")), "value-not-allowed"),
        ("bien-ban-hoi-nghi", "/thu_ky/ho_ten", ("/dien_bien", json!("Hội nghị thảo luận.")), "type-mismatch"),
    ]
}

#[test]
fn the_kind_templates_locate_broken_data_under_data() {
    for (id, dropped, (wrong, value), code) in broken_data() {
        let t = Store::builtin().get(id).unwrap_or_else(|| panic!("built-in {id} missing"));
        let mut data = t.example.clone();
        let (parent, name) = dropped.rsplit_once('/').unwrap();
        let removed = data.pointer_mut(parent).and_then(Value::as_object_mut).and_then(|o| o.remove(name));
        assert!(removed.is_some(), "{id}: the example has no {dropped}");
        *data.pointer_mut(wrong).unwrap_or_else(|| panic!("{id}: the example has no {wrong}")) = value;
        let problems = t.fill(&data).unwrap_err();
        let mut got: Vec<(&str, &str)> = problems.iter().map(|p| (p.code.as_str(), p.path.as_str())).collect();
        got.sort();
        let (missing, wrong) = (format!("/data{dropped}"), format!("/data{wrong}"));
        let mut want = vec![("template-variable-missing", missing.as_str()), (code, wrong.as_str())];
        want.sort();
        assert_eq!(got, want, "{id}: {problems:#?}");
        let p = problems.iter().find(|p| p.path == missing).unwrap();
        assert!(p.message.contains(id) && p.message.contains(&format!("\"{name}\"")), "{id}: {}", p.message);
        // Rendering stops at the data: the same problems, nothing under /document.
        let again = t.render_document(&data, Profiles::builtin()).unwrap_err();
        let mut again: Vec<(&str, &str)> = again.iter().map(|p| (p.code.as_str(), p.path.as_str())).collect();
        again.sort();
        assert_eq!(again, want, "{id}");
    }
}

#[test]
fn optional_variables_leave_their_fields_out() {
    let t = tờ_trình();
    let mut data = t.example.clone();
    let obj = data.as_object_mut().unwrap();
    obj.remove("so");
    obj.remove("y_kien_chua_tiep_thu");
    obj.insert("ngay".into(), json!("2022"));
    obj.insert("du_thao".into(), json!(2));
    let doc = t.fill(&data).unwrap();
    assert!(doc.get("number").is_none());
    assert_eq!(doc["marks"]["draft"], json!(2), "a whole-value placeholder keeps the number type");
    let rendered = t.render_document(&data, Profiles::builtin()).unwrap();
    assert_eq!(rendered.header.number.as_deref(), Some("Số      -TTr/ĐU"));
    assert_eq!(rendered.marks.draft.as_deref(), Some("Dự thảo lần 2"));
}

#[test]
fn values_with_braces_markdown_and_typst_markup_come_out_literally() {
    let t = tờ_trình();
    let mut data = t.example.clone();
    let tricky = "{{ten_dang_bo}} }} **đậm** _x_ # 1. <b> #read(\"/etc/passwd\") $x$ [a] \\";
    data["ly_do"] = json!([tricky]);
    data["bo_cuc"] = json!(format!("- {tricky}"));
    data["nguoi_ky"]["ho_ten"] = json!("Lê {{x}} *Thành*");
    let doc = t.render_document(&data, Profiles::builtin()).unwrap();
    let body = doc.plain_text();
    assert!(body.contains(&format!("- {tricky}")), "{body}");
    assert!(body.lines().any(|l| l == format!("- {tricky}")), "a value cannot become a list of its own");
    assert_eq!(doc.signature.as_ref().unwrap().name, "Lê {{x}} *Thành*");
    for block in &doc.body {
        if let vanban::model::document::Block::Para(p) = block {
            assert!(p.spans.iter().all(|s| !s.text.contains("đậm") || !s.bold), "Markdown in a value stayed literal");
        }
    }
    let pdf = vanban::render::pdf::render(&doc).unwrap();
    let text = common::pdf_pages_text(&pdf.bytes).join(" ");
    assert!(text.contains(&common::collapse(tricky)), "PDF: {text}");
}

fn user_template(dir: &std::path::Path, id: &str, body: &str) {
    let folder = dir.join(id);
    std::fs::create_dir_all(&folder).unwrap();
    let base = tờ_trình();
    let mut template: Value = serde_json::from_str(&std::fs::read_to_string(common::root().join("templates/to-trinh-sua-doi-quy-che/template.json")).unwrap()).unwrap();
    template["id"] = json!(id);
    template["document"]["body"] = json!([body, "Kính trình."]);
    std::fs::write(folder.join("template.json"), template.to_string()).unwrap();
    std::fs::write(folder.join("schema.json"), base.schema.to_string()).unwrap();
    std::fs::write(folder.join("example.json"), base.example.to_string()).unwrap();
}

#[test]
fn a_user_template_with_an_undeclared_placeholder_is_refused_alone() {
    let dir = tempfile::tempdir().unwrap();
    user_template(dir.path(), "mau-hong", "Kính gửi {{ten_xa_khong_khai_bao}}.");
    user_template(dir.path(), "mau-tot", "Nội dung của {{ten_dang_bo}}.");
    let store = Store::with_dir(dir.path(), Profiles::builtin()).unwrap();
    assert_eq!(store.broken.len(), 1, "{:#?}", store.broken);
    assert!(store.broken[0].source.ends_with("mau-hong"));
    assert!(store.broken[0].reason.contains("ten_xa_khong_khai_bao"), "{}", store.broken[0].reason);
    assert!(store.get("mau-hong").is_none());
    assert!(store.get("mau-tot").is_some());
    for id in BUILTIN_IDS {
        assert!(store.get(id).is_some(), "built-in {id} still loads");
    }
}

#[test]
fn a_user_template_overrides_a_builtin_of_the_same_id() {
    let dir = tempfile::tempdir().unwrap();
    user_template(dir.path(), "to-trinh-sua-doi-quy-che", "Bản riêng của {{ten_dang_bo}}.");
    let store = Store::with_dir(dir.path(), Profiles::builtin()).unwrap();
    let t = store.get("to-trinh-sua-doi-quy-che").unwrap();
    assert!(t.source.contains(dir.path().to_str().unwrap()));
    let doc = t.render_document(&t.example, Profiles::builtin()).unwrap();
    assert!(doc.plain_text().starts_with("Bản riêng của Đảng bộ xã Phước Thiền."));
}

#[test]
fn cli_lists_shows_and_renders_templates() {
    let bin = env!("CARGO_BIN_EXE_vanban");
    let out = std::process::Command::new(bin).args(["templates", "--json"]).output().unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), BUILTIN_IDS.len());
    let out = std::process::Command::new(bin).args(["templates", "example", "to-trinh-sua-doi-quy-che"]).output().unwrap();
    let example: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(example, tờ_trình().example);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("du-lieu.json");
    std::fs::write(&data, example.to_string()).unwrap();
    let target = dir.path().join("to-trinh.docx");
    let out = std::process::Command::new(bin)
        .args(["render", "--template", "to-trinh-sua-doi-quy-che", "--data"])
        .arg(&data)
        .args(["--format", "docx", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&target).unwrap().starts_with(b"PK"));
    let out = std::process::Command::new(bin).args(["templates", "show", "khong-co"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn examples_of_two_templates_rendered_into_one_folder_keep_their_own_names() {
    let bin = env!("CARGO_BIN_EXE_vanban");
    let dir = tempfile::tempdir().unwrap();
    for id in ["to-trinh-sua-doi-quy-che", "thong-bao-ket-luan-giam-sat"] {
        let data = common::root().join(format!("templates/{id}/example.json"));
        let out = std::process::Command::new(bin).args(["render", "--template", id, "--data"]).arg(&data).arg("-o").arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        ["thong-bao-ket-luan-giam-sat.docx", "thong-bao-ket-luan-giam-sat.pdf", "to-trinh-sua-doi-quy-che.docx", "to-trinh-sua-doi-quy-che.pdf"]
    );
}

#[test]
fn an_object_with_if_is_kept_only_when_its_variable_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("co-dieu-kien");
    std::fs::create_dir_all(&folder).unwrap();
    let base = tờ_trình();
    let mut template: Value = serde_json::from_str(&std::fs::read_to_string(common::root().join("templates/to-trinh-sua-doi-quy-che/template.json")).unwrap()).unwrap();
    template["id"] = json!("co-dieu-kien");
    template["document"]["extra_recipients"] = json!({"$if": "y_kien_chua_tiep_thu", "label": "Đồng kính gửi:", "items": [{"each": "y_kien_chua_tiep_thu", "item": "{{this}}"}]});
    std::fs::write(folder.join("template.json"), template.to_string()).unwrap();
    std::fs::write(folder.join("schema.json"), base.schema.to_string()).unwrap();
    std::fs::write(folder.join("example.json"), base.example.to_string()).unwrap();
    let store = Store::with_dir(dir.path(), Profiles::builtin()).unwrap();
    assert!(store.broken.is_empty(), "{:?}", store.broken);
    let t = store.get("co-dieu-kien").unwrap();
    let with = t.fill(&t.example).unwrap();
    assert_eq!(with["extra_recipients"]["label"], "Đồng kính gửi:");
    assert!(with["extra_recipients"].get("$if").is_none());
    let mut data = t.example.clone();
    data.as_object_mut().unwrap().remove("y_kien_chua_tiep_thu");
    assert!(t.fill(&data).unwrap().get("extra_recipients").is_none());
}

/// The preamble is Markdown like the body: a value with `*` or `_` filled
/// into it prints as typed, not as emphasis.
#[test]
fn values_in_the_preamble_come_out_literally() {
    let t = Store::builtin().get("nghi-quyet-hoi-nghi").unwrap();
    let mut data = t.example.clone();
    data["nghe"] = Value::String("Báo cáo *số 86* của _Ban Thường vụ_".into());
    let doc = t.render_document(&data, Profiles::builtin()).unwrap();
    assert!(doc.plain_text().contains("Sau khi nghe Báo cáo *số 86* của _Ban Thường vụ_, Hội nghị"), "{}", doc.plain_text());
}

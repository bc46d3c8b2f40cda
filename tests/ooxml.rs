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
    out
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


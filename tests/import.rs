//! Import (issue 16): every sample rendered to DOCX by vanban and imported
//! back gives its fields exactly and a body whose rendering has the same
//! text (≥ 99 % word similarity); also after LibreOffice has rewritten the
//! DOCX (ignored: needs soffice). The CLI and the API import too.

mod common;

use std::path::Path;
use std::process::Command;

use similar::TextDiff;
use vanban::date::DocDate;
use vanban::import::{self, Imported};
use vanban::model::{self, Document, input::DocumentInput};
use vanban::profile::Profiles;
use vanban::text::{clean_line, upper};

fn input_of(path: &Path) -> DocumentInput {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn bare(s: &str) -> String {
    let s = clean_line(s);
    let s = s.strip_prefix("- ").unwrap_or(&s);
    s.trim_end_matches([',', ';', '.']).trim().to_string()
}

fn words_similarity(a: &str, b: &str) -> f32 {
    TextDiff::from_words(a, b).ratio()
}

/// The imported description as vanban renders it.
fn rebuilt(imported: &Imported) -> Result<Document, String> {
    let json = serde_json::to_string(&imported.document).unwrap();
    model::from_json(&json, Profiles::builtin(), None).map_err(|p| format!("{p:#?}\n{json}"))
}

/// What differs between the original and the import, one line each; and the body's similarity.
fn differences(original: &DocumentInput, doc: &Document, imported: &Imported) -> (Vec<String>, f32) {
    let got = &imported.document;
    let mut out = Vec::new();
    let mut same = |what: &str, want: String, have: String| {
        if want != have {
            out.push(format!("{what}: want {want:?}, got {have:?}"));
        }
    };
    same("kind", original.kind.clone(), got.kind.clone());
    same("issuer.name", clean_line(&original.issuer.name), got.issuer.name.clone());
    same("issuer.parent", original.issuer.parent.as_deref().map(clean_line).unwrap_or_default(), got.issuer.parent.clone().unwrap_or_default());
    same("issuer.code", original.issuer.code.clone(), got.issuer.code.clone());
    same("number", format!("{:?}", original.number.as_ref().map(|n| n.serial())), format!("{:?}", got.number.as_ref().map(|n| n.serial())));
    let date = |d: &Option<String>| format!("{:?}", DocDate::parse(d.as_deref().unwrap_or("")).ok());
    same("date", date(&original.date), date(&got.date));
    same("place", clean_line(&original.place), got.place.clone());
    same("subject", original.subject.as_deref().map(clean_line).unwrap_or_default(), got.subject.clone().unwrap_or_default());
    let sig = |s: &vanban::model::input::Signature| {
        (s.authority.as_deref().map(|a| upper(&clean_line(a))), upper(&s.position.replace('\n', " ")).trim().to_string(), clean_line(&s.name))
    };
    same("signature", format!("{:?}", sig(&original.signature)), format!("{:?}", sig(&got.signature)));
    let list = |items: &[String]| items.iter().map(|i| bare(i)).filter(|i| !i.is_empty()).collect::<Vec<_>>();
    same("recipients", format!("{:?}", list(&original.recipients)), format!("{:?}", list(&got.recipients)));
    let similarity = match rebuilt(imported) {
        Ok(again) => words_similarity(&doc.plain_text(), &again.plain_text()),
        Err(e) => {
            out.push(format!("the import does not build: {e}"));
            0.0
        }
    };
    (out, similarity)
}

/// Imports each DOCX and checks it against its sample; one report for all.
fn check_all(docs: &[(String, DocumentInput, Document, Vec<u8>)]) {
    let mut failures = Vec::new();
    for (name, original, doc, docx) in docs {
        let imported = import::import(docx).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (diffs, similarity) = differences(original, doc, &imported);
        println!("{name}: body {:.2} %, {} warning(s)", similarity * 100.0, imported.warnings.len());
        if similarity < 0.99 {
            failures.push(format!("{name}: body similarity {:.2} %", similarity * 100.0));
        }
        failures.extend(diffs.into_iter().map(|d| format!("{name}: {d}")));
    }
    assert!(failures.is_empty(), "{} difference(s):\n{}", failures.len(), failures.join("\n"));
}

fn samples() -> Vec<(String, DocumentInput, Document, Vec<u8>)> {
    common::sample_paths()
        .iter()
        .map(|p| {
            let doc = common::load(p);
            let docx = vanban::render::docx::render(&doc).unwrap();
            (p.file_stem().unwrap().to_string_lossy().to_string(), input_of(p), doc, docx)
        })
        .collect()
}

#[test]
fn every_sample_comes_back_from_its_docx() {
    check_all(&samples());
}

#[test]
#[ignore = "needs soffice (LibreOffice)"]
fn every_sample_comes_back_after_libreoffice_rewrote_its_docx() {
    let soffice = common::soffice().expect("soffice on PATH");
    let dir = tempfile::tempdir().unwrap();
    let mut docs = samples();
    let files: Vec<_> = docs
        .iter()
        .map(|(name, _, _, docx)| {
            let path = dir.path().join(format!("{name}.docx"));
            std::fs::write(&path, docx).unwrap();
            path
        })
        .collect();
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    let convert = |to: &str, out: &Path, files: &[std::path::PathBuf]| {
        let status = Command::new(&soffice).arg(&profile).args(["--headless", "--convert-to", to, "--outdir"]).arg(out).args(files).output().unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    };
    let (odt, back) = (dir.path().join("odt"), dir.path().join("back"));
    convert("odt", &odt, &files);
    let odts: Vec<_> = docs.iter().map(|(name, ..)| odt.join(format!("{name}.odt"))).collect();
    convert("docx:MS Word 2007 XML", &back, &odts);
    for (name, _, _, docx) in &mut docs {
        *docx = std::fs::read(back.join(format!("{name}.docx"))).unwrap();
    }
    check_all(&docs);
}

#[test]
fn what_is_not_a_docx_is_refused_with_a_vietnamese_reason() {
    let err = import::import(b"not a zip").unwrap_err();
    assert!(err.to_string().contains("không phải tệp DOCX"), "{err}");
}

#[test]
fn the_command_line_writes_the_description_and_reports_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("cv.docx");
    std::fs::write(&docx, vanban::render::docx::render(&common::sample("cong-van-hd05-lay-y-kien")).unwrap()).unwrap();
    let out = dir.path().join("cv.json");
    let run = Command::new(env!("CARGO_BIN_EXE_vanban")).arg("import").arg(&docx).arg("-o").arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!((doc["kind"].as_str(), doc["number"].as_u64()), (Some("cong-van"), Some(46)));
    // Without -o the description goes to stdout.
    let run = Command::new(env!("CARGO_BIN_EXE_vanban")).arg("import").arg(&docx).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(doc["issuer"]["code"], "ĐU");
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, "x").unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_vanban")).arg("import").arg(&bad).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("không phải tệp DOCX"));
}

#[tokio::test]
async fn the_api_imports_a_docx_and_refuses_what_is_not_one() {
    use vanban::server::{self, AppState, Settings};
    let settings = Settings { workers: 1, queue: 4, body_limit: 512 * 1024, ..Settings::default() };
    let state = AppState::new(settings, Profiles::builtin().clone(), vanban::templates::Store::builtin().clone()).unwrap();
    let (addr, _stop, _handle) = server::spawn(state).await.unwrap();
    let url = format!("http://{addr}/v1/import");
    let docx_type = vanban::render::Format::Docx.content_type();
    let docx = vanban::render::docx::render(&common::sample("to-trinh-hd05-sua-doi-quy-che")).unwrap();
    let c = reqwest::Client::new();
    let res = c.post(&url).header("content-type", docx_type).body(docx).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let answer: serde_json::Value = res.json().await.unwrap();
    assert_eq!(answer["document"]["kind"], "to-trinh");
    assert_eq!(answer["document"]["marks"]["draft"], 2);
    assert!(answer["warnings"].as_array().is_some());
    let problem = |res: reqwest::Response| async move {
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let status = res.status().as_u16();
        let body: serde_json::Value = res.json().await.unwrap();
        (status, body["code"].as_str().unwrap_or_default().to_string())
    };
    let res = c.post(&url).header("content-type", "application/json").body("{}").send().await.unwrap();
    assert_eq!(problem(res).await, (415, "unsupported-media-type".into()));
    let res = c.post(&url).header("content-type", docx_type).body("not a zip").send().await.unwrap();
    assert_eq!(problem(res).await, (400, "docx-invalid".into()));
    let res = c.post(&url).header("content-type", docx_type).body(vec![0u8; 600 * 1024]).send().await.unwrap();
    assert_eq!(problem(res).await, (413, "body-too-large".into()));
}

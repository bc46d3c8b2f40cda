//! The hội nghị bundle of seed 002: ZIP contents, manifest hashes, merged PDF
//! with a bookmark and its own page numbers per document, drafts marked, and a
//! bad manifest refused before anything is written.

mod common;

use std::io::{Cursor, Read};
use std::process::Command;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn sample_manifest() -> Value {
    let path = common::root().join("samples/hoi-nghi-sua-doi-quy-che.bundle.json");
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    vanban::bundle::inline_files(&mut value, path.parent().unwrap()).unwrap();
    value
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

#[test]
fn the_sample_bundle_holds_every_document_a_merged_pdf_and_true_hashes() {
    let manifest = vanban::bundle::parse(&sample_manifest()).unwrap();
    let zip = vanban::bundle::build(&manifest, vanban::profile::Profiles::builtin(), vanban::templates::Store::builtin()).unwrap();
    let files = unzip(&zip);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "00-danh-muc-tai-lieu.docx", "00-danh-muc-tai-lieu.pdf",
            "01-to-trinh-18-ttr-du.docx", "01-to-trinh-18-ttr-du.pdf",
            "02-bao-cao-96-bc-du.docx", "02-bao-cao-96-bc-du.pdf",
            "03-quy-che-du-thao.docx", "03-quy-che-du-thao.pdf",
            "04-bang-so-sanh-du-thao.docx", "04-bang-so-sanh-du-thao.pdf",
            "05-bao-cao-76-bc-du.docx", "05-bao-cao-76-bc-du.pdf",
            "06-quyet-dinh-du-thao.docx", "06-quyet-dinh-du-thao.pdf", "07-quy-che-01-qc-du.docx", "07-quy-che-01-qc-du.pdf",
            "toan-bo-ho-so.pdf", "manifest.json",
        ]
    );
    let manifest: Value = serde_json::from_slice(&files.last().unwrap().1).unwrap();
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), files.len() - 1, "every file but the manifest is listed");
    for entry in listed {
        let (_, bytes) = files.iter().find(|(n, _)| n == entry["name"].as_str().unwrap()).unwrap();
        let sha: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(entry["sha256"], sha, "{}", entry["name"]);
        assert_eq!(entry["bytes"], bytes.len());
    }

    // The merged PDF: cover then every document, one bookmark each, each
    // document numbered from its own page 1 (which carries no number).
    let parts: Vec<(&str, &Vec<u8>)> = files.iter().filter(|(n, _)| n.ends_with(".pdf") && n != "toan-bo-ho-so.pdf").map(|(n, b)| (n.as_str(), b)).collect();
    let merged = &files.iter().find(|(n, _)| n == "toan-bo-ho-so.pdf").unwrap().1;
    let pdf = lopdf::Document::load_mem(merged).unwrap();
    let counts: Vec<usize> = parts.iter().map(|(_, b)| lopdf::Document::load_mem(b).unwrap().get_pages().len()).collect();
    assert_eq!(pdf.get_pages().len(), counts.iter().sum::<usize>());
    let toc = pdf.get_toc().unwrap();
    assert_eq!(toc.toc.len(), parts.len(), "one bookmark per document: {:?}", toc.toc.iter().map(|t| &t.title).collect::<Vec<_>>());
    assert_eq!(toc.toc[0].title, "Danh mục tài liệu");
    assert!(toc.toc[1].title.starts_with("Tờ trình số 18-TTr/ĐU"), "{}", toc.toc[1].title);
    let texts = common::pdf_pages_text(merged);
    let mut page = 0;
    for (part, count) in parts.iter().zip(&counts) {
        for within in 1..=*count {
            let last = texts[page].split_whitespace().last().unwrap_or_default();
            if within == 1 {
                assert_ne!(last, "1", "{}: page 1 carries no number", part.0);
            } else {
                assert_eq!(last, within.to_string(), "{}: page {within} numbered as its own", part.0);
            }
            page += 1;
        }
    }
    // Drafts carry their mark; the cover lists every document with its pages.
    let draft_start: usize = counts[..3].iter().sum();
    assert!(texts[draft_start].contains("Dự thảo lần 2"), "{}", &texts[draft_start][..200]);
    assert!(texts[0].contains("DANH MỤC TÀI LIỆU"));
    assert!(texts[0].contains("Bảng so sánh Quy chế làm việc hiện hành với dự thảo sửa đổi, bổ sung"));
}

#[test]
fn a_manifest_with_bad_items_fails_before_writing_listing_every_problem() {
    let mut manifest = sample_manifest();
    manifest["documents"][1]["document"]["date"] = json!("31/02/2022");
    manifest["documents"][3]["compare"]["new"]["kind"] = json!("bao-cao");
    manifest["documents"][4] = json!({"template": "khong-co", "data": {}});
    let parsed = vanban::bundle::parse(&manifest).unwrap();
    let Err(vanban::bundle::BundleError::Invalid(problems)) =
        vanban::bundle::build(&parsed, vanban::profile::Profiles::builtin(), vanban::templates::Store::builtin())
    else {
        panic!("an invalid manifest must fail");
    };
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"/documents/1/document/date"), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("/documents/3/compare/new")), "{paths:?}");
    assert!(paths.contains(&"/documents/4/template"), "{paths:?}");

    // Through the command line: exit 1, the problems listed, no ZIP written.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hong.json");
    std::fs::write(&file, manifest.to_string()).unwrap();
    let zip = dir.path().join("ho-so.zip");
    let out = Command::new(env!("CARGO_BIN_EXE_vanban")).arg("bundle").arg(&file).arg("-o").arg(&zip).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/documents/1/document/date"), "{stderr}");
    assert!(!zip.exists());
}

#[test]
fn bundle_command_writes_the_zip() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("hoi-nghi.zip");
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("bundle")
        .arg(common::root().join("samples/hoi-nghi-sua-doi-quy-che.bundle.json"))
        .arg("-o")
        .arg(&zip)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(unzip(&std::fs::read(&zip).unwrap()).iter().any(|(n, _)| n == "toan-bo-ho-so.pdf"));
}

/// A quy chế without its `Ban hành kèm theo …` line, bundled with the
/// quyết định that issues it, gets the line from that quyết định.
#[test]
fn a_quy_che_takes_its_issuing_line_from_the_bundles_quyet_dinh() {
    let read = |name: &str| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(common::root().join(format!("samples/{name}.json"))).unwrap()).unwrap() };
    let mut rules = read("quy-che-hd05-lam-viec");
    rules.as_object_mut().unwrap().remove("issued_with");
    let manifest = json!({ "title": "ban hành Quy chế làm việc", "documents": [
        { "document": read("quyet-dinh-hd05-ban-hanh-quy-che") },
        { "document": rules.clone() },
    ]});
    let manifest = vanban::bundle::parse(&manifest).unwrap();
    let docs = vanban::bundle::documents(&manifest, vanban::profile::Profiles::builtin(), vanban::templates::Store::builtin()).unwrap();
    assert_eq!(docs[1].1.title.issued_with.join(" "), "(Ban hành kèm theo Quyết định số 112-QĐ/ĐU, ngày 28/7/2026 của Đảng ủy xã Phước Thiền)");
    // A line the quy chế gives itself is kept.
    let own = read("quy-che-hd05-lam-viec");
    let manifest = vanban::bundle::parse(&json!({ "title": "x", "documents": [{ "document": read("quyet-dinh-hd05-ban-hanh-quy-che") }, { "document": own }] })).unwrap();
    let docs = vanban::bundle::documents(&manifest, vanban::profile::Profiles::builtin(), vanban::templates::Store::builtin()).unwrap();
    assert!(docs[1].1.title.issued_with.join(" ").contains("05-QĐ/ĐU, ngày 15/8/2026"));
}

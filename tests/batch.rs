//! Batch export through the command line and the library: good rows give
//! documents, bad rows go to the error files with their row numbers, names are
//! unique, a batch can be cancelled, progress off a terminal is line-based.

mod common;

use std::io::Read;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use vanban::batch::{self, Progress, RowError};
use vanban::profile::Profiles;
use vanban::render::Format;
use vanban::templates::Store;

const TEMPLATE: &str = "quy-che-lam-viec-dang-uy-co-so";

#[test]
fn the_sample_table_names_at_least_200_organisations() {
    let t = Store::builtin().get(TEMPLATE).unwrap();
    let (total, rows) = batch::read_rows(&common::root().join("samples/to-chuc-dang.csv"), &t).unwrap();
    assert!(total >= 200, "{total}");
    let rows: Vec<_> = rows.collect();
    assert_eq!(rows.len(), total);
    for row in rows.iter().take(20) {
        let data = row.data.as_ref().unwrap_or_else(|p| panic!("row {}: {p:?}", row.number));
        t.fill(data).unwrap_or_else(|p| panic!("row {}: {p:#?}", row.number));
    }
}

#[test]
fn bad_rows_go_to_the_error_files_and_good_ones_to_the_zip() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("lo.zip");
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["batch", "--template", TEMPLATE, "--format", "pdf,docx", "--data"])
        .arg(common::root().join("samples/to-chuc-dang-loi.csv"))
        .arg("-o")
        .arg(&zip_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "some rows failed: exit 1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().any(|l| l.contains("văn bản/giây")), "progress lines off a terminal: {stderr}");

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().to_string()).collect();
    let mut errors = String::new();
    zip.by_name("errors.json").unwrap().read_to_string(&mut errors).unwrap();
    let errors: Vec<RowError> = serde_json::from_str(&errors).unwrap();
    let mut csv = String::new();
    zip.by_name("errors.csv").unwrap().read_to_string(&mut csv).unwrap();

    let rows = csv::Reader::from_path(common::root().join("samples/to-chuc-dang-loi.csv")).unwrap().records().count();
    let bad: Vec<usize> = errors.iter().map(|e| e.row).collect();
    assert!(!bad.is_empty() && bad.len() < rows, "{bad:?}");
    let documents = names.iter().filter(|n| n.ends_with(".pdf")).count();
    assert_eq!(documents + bad.len(), rows, "every row is either a document or an error");
    assert_eq!(names.iter().filter(|n| n.ends_with(".docx")).count(), documents);
    for row in &bad {
        assert!(csv.lines().any(|l| l.starts_with(&format!("{row},"))), "row {row} in errors.csv");
    }
    let unique: std::collections::HashSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "names are unique");
    assert!(names.iter().all(|n| n.is_ascii()), "ASCII names: {names:?}");
}

#[test]
fn duplicate_organisations_get_distinct_file_names() {
    let t = Store::builtin().get(TEMPLATE).unwrap();
    let rows: Vec<batch::Row> = (0..3).map(|i| batch::Row { number: i + 1, data: Ok(t.example.clone()) }).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut sink = batch::DirSink { dir: dir.path().to_path_buf() };
    let summary = batch::run(Box::new(rows.into_iter()), 3, t, Arc::new(Profiles::builtin().clone()), &[Format::Docx], 2, &mut sink, &mut Quiet, &AtomicBool::new(false)).unwrap();
    assert_eq!(summary.done, 3);
    let mut names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).filter(|n| n.ends_with(".docx")).collect();
    names.sort();
    assert_eq!(names.len(), 3);
    let base = names.iter().min_by_key(|n| n.len()).unwrap().trim_end_matches(".docx").to_string();
    for suffix in ["", "-2", "-3"] {
        assert!(names.contains(&format!("{base}{suffix}.docx")), "{names:?}");
    }
}

struct Quiet;
impl Progress for Quiet {
    fn row_done(&mut self, _: usize, _: usize, _: usize) {}
}

/// Sets the cancel flag after a few rows.
struct CancelAfter<'a>(usize, &'a AtomicBool);
impl Progress for CancelAfter<'_> {
    fn row_done(&mut self, done: usize, _: usize, _: usize) {
        if done >= self.0 {
            self.1.store(true, Ordering::Relaxed);
        }
    }
}

#[test]
fn a_batch_can_be_cancelled() {
    let t = Store::builtin().get(TEMPLATE).unwrap();
    let rows: Vec<batch::Row> = (0..200).map(|i| batch::Row { number: i + 1, data: Ok(t.example.clone()) }).collect();
    let cancel = AtomicBool::new(false);
    let dir = tempfile::tempdir().unwrap();
    let mut sink = batch::DirSink { dir: dir.path().to_path_buf() };
    let summary = batch::run(Box::new(rows.into_iter()), 200, t, Arc::new(Profiles::builtin().clone()), &[Format::Docx], 2, &mut sink, &mut CancelAfter(3, &cancel), &cancel).unwrap();
    assert!(summary.cancelled);
    assert!(summary.done < 50, "stopped early: {}", summary.done);
    assert!(dir.path().join("errors.json").exists(), "what was done is kept, with its error files");
}

#[test]
fn a_row_that_panics_fails_alone() {
    let rows: Vec<batch::Row> = (0..5).map(|i| batch::Row { number: i + 1, data: Ok(serde_json::json!({"n": i})) }).collect();
    let dir = tempfile::tempdir().unwrap();
    let mut sink = batch::DirSink { dir: dir.path().to_path_buf() };
    let summary = batch::run_with(Box::new(rows.into_iter()), 5, 2, &mut sink, &mut Quiet, &AtomicBool::new(false), |data| {
        if data["n"] == 2 {
            panic!("kiểm thử: dòng lỗi");
        }
        Ok(batch::Rendered { base: format!("dong-{}", data["n"]), files: vec![(Format::Docx, b"PK".to_vec())] })
    })
    .unwrap();
    assert_eq!(summary.done, 4);
    assert_eq!(summary.errors.len(), 1);
    assert_eq!(summary.errors[0].row, 3);
    assert_eq!(summary.errors[0].problems[0].code, "render-panic");
    assert!(summary.errors[0].problems[0].message.contains("kiểm thử: dòng lỗi"));
    assert!(dir.path().join("dong-4.docx").exists(), "later rows still render");
}

#[test]
fn a_csv_broken_as_a_table_is_refused_with_its_lines() {
    let check = |text: &str| batch::check_csv(text.as_bytes());
    assert_eq!(check("a,b\n1,2\n\"x,y\",\"z \"\"q\"\"\"\n3,\"dòng\nhai\"\n"), Ok(3), "quoted commas, quotes and newlines are fine");
    assert_eq!(check("\u{feff}\"a\",b\n1,2\n"), Ok(1), "a byte order mark is fine");
    let messages = |text: &str| check(text).unwrap_err().into_iter().map(|p| (p.code, p.message)).collect::<Vec<_>>();
    assert_eq!(messages("a,b\n1,2\n1,2,3\n"), [("csv-invalid".to_string(), "dòng 3: có 3 trường, dòng tiêu đề có 2".to_string())]);
    assert_eq!(messages("a,b\n1,2\n1\n")[0].1, "dòng 3: có 1 trường, dòng tiêu đề có 2");
    let open = messages("a,b\n1,2\n3,\"bốn\n5,6\n");
    assert!(open.iter().any(|(_, m)| m == "dòng 3: dấu ngoặc kép mở mà không đóng"), "{open:?}");
    assert!(messages("")[0].1.contains("rỗng"));
    assert!(messages("a,a\n1,2\n")[0].1.contains("\"a\" có hai lần"));
}

#[test]
fn the_command_line_refuses_a_broken_csv_whole() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hong.csv");
    let table = std::fs::read_to_string(common::root().join("samples/to-chuc-dang.csv")).unwrap();
    let mut lines: Vec<String> = table.lines().take(4).map(String::from).collect();
    lines[2].push_str(",thừa");
    std::fs::write(&data, lines.join("\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["batch", "--template", TEMPLATE, "--format", "docx", "--data"])
        .arg(&data)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dòng 3: có 25 trường, dòng tiêu đề có 24"), "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_empty_json_file_is_called_empty() {
    let t = Store::builtin().get(TEMPLATE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rong.json");
    std::fs::write(&path, "\n").unwrap();
    let err = batch::read_rows(&path, &t).err().unwrap();
    assert!(err.contains("tệp rỗng") && !err.contains("cột 0"), "{err}");
}

//! Validation over the samples and through the command line.

mod common;

use std::process::Command;

use vanban::profile::Profiles;

#[test]
fn every_sample_validates_without_a_single_problem() {
    for path in common::sample_paths() {
        let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let problems = vanban::validate::check(&value, Profiles::builtin(), None);
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
    }
}

#[test]
fn validate_command_exits_0_when_clean_and_1_with_problems() {
    let bin = env!("CARGO_BIN_EXE_vanban");
    let clean = common::root().join("samples/bao-cao-dong-nai.json");
    let out = Command::new(bin).arg("validate").arg(&clean).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));

    let dir = tempfile::tempdir().unwrap();
    let mut json = common::minimal_json();
    json["signature"]["authority"] = serde_json::json!("K/T Ban Thường vụ");
    json["subject"] = serde_json::json!("Kết quả");
    let bad = dir.path().join("x.json");
    std::fs::write(&bad, json.to_string()).unwrap();
    let out = Command::new(bin).args(["validate", "--json"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let problems: Vec<vanban::problem::Problem> = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(&str, &str, vanban::problem::Severity)> =
        problems.iter().map(|p| (p.code.as_str(), p.path.as_str(), p.severity)).collect();
    use vanban::problem::Severity::*;
    assert_eq!(got, [("authority-deputy-collective", "/signature/authority", Error), ("subject-lowercase", "/subject", Warning)]);
    assert!(problems.iter().all(|p| !p.message.is_empty()));

    // Warnings alone do not fail validation.
    json["signature"]["authority"] = serde_json::json!("T/M Ban Thường vụ");
    std::fs::write(&bad, json.to_string()).unwrap();
    let out = Command::new(bin).arg("validate").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("cảnh báo [subject-lowercase] /subject"));
}

//! Data → validated model. A JSON document description is checked against the
//! published JSON Schema (all structural problems at once), deserialised into
//! [`DocumentInput`], then resolved against a profile into a [`Document`] that
//! both renderers lay out.

pub mod build;
pub mod document;
pub mod input;
pub mod markdown;
pub mod numbering;

use std::sync::LazyLock;

use serde_json::Value;

pub use document::Document;
pub use input::DocumentInput;

use crate::date::DocDate;
use crate::problem::Problem;
use crate::profile::{Chosen, Profiles};

/// JSON Schema (draft 2020-12) of a document description, generated from the
/// Rust types so it cannot drift from what the parser accepts.
pub fn schema() -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(DocumentInput)).expect("schema serialises");
    schema["$id"] = Value::from("https://vanban.local/schema/document.json");
    schema
}

static VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| jsonschema::validator_for(&schema()).expect("generated schema is valid"));

pub fn json_syntax(e: &serde_json::Error) -> Problem {
    // Nothing but blanks: serde_json would point at "line 1, column 0".
    if e.is_eof() && e.to_string().starts_with("EOF while parsing a value") {
        return Problem::error("json-empty", "", "tệp rỗng: cần một đối tượng JSON mô tả văn bản");
    }
    Problem::error(
        "json-syntax",
        "",
        format!("JSON không hợp lệ ở dòng {}, cột {}: {e}", e.line(), e.column()),
    )
}

/// Every schema violation of `value` as a document description.
pub fn schema_problems(value: &Value) -> Vec<Problem> {
    schema_problems_with(&VALIDATOR, value)
}

/// A compiled validator for the JSON Schema of a Rust type.
pub fn validator_for<T: schemars::JsonSchema>() -> jsonschema::Validator {
    let schema = serde_json::to_value(schemars::schema_for!(T)).expect("schema serialises");
    jsonschema::validator_for(&schema).expect("generated schema is valid")
}

/// Checks `value` against its type's schema (all problems at once), then deserialises it.
pub fn parse_as<T: serde::de::DeserializeOwned>(value: &Value, validator: &jsonschema::Validator) -> Result<T, Vec<Problem>> {
    let problems = schema_problems_with(validator, value);
    if !problems.is_empty() {
        return Err(problems);
    }
    serde_json::from_value(value.clone()).map_err(|e| vec![Problem::error("value-invalid", "", e.to_string())])
}

/// Every violation of `value` against a compiled schema, with Vietnamese messages.
pub fn schema_problems_with(validator: &jsonschema::Validator, value: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    for err in validator.iter_errors(value) {
        describe(&err, &mut problems);
    }
    problems
}

fn describe(err: &jsonschema::ValidationError, problems: &mut Vec<Problem>) {
    use jsonschema::error::ValidationErrorKind as K;
    let path = err.instance_path().to_string();
    let (code, path, message) = match err.kind() {
        K::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            ("field-missing", format!("{path}/{name}"), format!("thiếu trường bắt buộc \"{name}\""))
        }
        K::AdditionalProperties { unexpected } => {
            for name in unexpected {
                problems.push(Problem::error(
                    "field-unknown",
                    format!("{path}/{}", crate::problem::pointer_segment(name)),
                    format!("trường \"{name}\" không có trong lược đồ"),
                ));
            }
            return;
        }
        K::Type { kind } => ("type-mismatch", path, format!("sai kiểu dữ liệu: cần {}", type_name(kind))),
        K::Enum { options } => ("value-not-allowed", path, format!("giá trị không được phép; chọn một trong {options}")),
        K::MinLength { limit: 1 } => ("value-empty", path, "không được để trống".to_string()),
        K::MinLength { limit } => ("value-too-short", path, format!("cần ít nhất {limit} ký tự")),
        K::MinItems { limit } => ("value-empty", path, format!("cần ít nhất {limit} mục")),
        K::Minimum { limit } => ("value-out-of-range", path, format!("phải lớn hơn hoặc bằng {limit}")),
        K::Maximum { limit } => ("value-out-of-range", path, format!("phải nhỏ hơn hoặc bằng {limit}")),
        K::AnyOf { context } | K::OneOfNotValid { context } => {
            // An optional field is `anyOf [T, null]`: explain why the value is not a T.
            let real: Vec<&Vec<jsonschema::ValidationError>> =
                context.iter().filter(|branch| !branch.iter().all(is_null_mismatch)).collect();
            if let [branch] = real.as_slice() {
                branch.iter().for_each(|e| describe(e, problems));
                return;
            }
            ("type-mismatch", path, "giá trị không khớp kiểu nào được phép".to_string())
        }
        _ => ("value-invalid", path, format!("giá trị không hợp lệ: {err}")),
    };
    problems.push(Problem::error(code, path, message));
}

fn is_null_mismatch(err: &jsonschema::ValidationError) -> bool {
    use jsonschema::error::{TypeKind, ValidationErrorKind as K};
    matches!(err.kind(), K::Type { kind: TypeKind::Single(t) } if t.to_string() == "null")
}

fn type_name(kind: &jsonschema::error::TypeKind) -> String {
    use jsonschema::error::TypeKind;
    let one = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "string" => "chuỗi".to_string(),
        "integer" => "số nguyên".to_string(),
        "number" => "số".to_string(),
        "boolean" => "true/false".to_string(),
        "array" => "mảng".to_string(),
        "object" => "đối tượng".to_string(),
        "null" => "null".to_string(),
        other => other.to_string(),
    };
    match kind {
        TypeKind::Single(t) => one(t),
        TypeKind::Multiple(set) => set.iter().map(|t| one(&t)).collect::<Vec<_>>().join(" hoặc "),
    }
}

/// Validates a JSON document description (schema and thể thức rules, every
/// problem at once) and resolves it against its profile. Warnings travel with
/// the document.
pub fn resolve_value(value: &Value, profiles: &Profiles, override_id: Option<&str>) -> Result<Document, Vec<Problem>> {
    let problems = crate::validate::check(value, profiles, override_id);
    if crate::validate::error_count(&problems) > 0 {
        return Err(problems);
    }
    let input: DocumentInput =
        serde_json::from_value(value.clone()).map_err(|e| vec![Problem::error("value-invalid", "", e.to_string())])?;
    let profile = choose_profile(value, profiles, override_id).map_err(|p| vec![p])?.profile;
    let mut doc = build::build(&input, profile).map_err(|p| vec![p])?;
    doc.warnings = problems;
    Ok(doc)
}

/// The profile of a document description: `override_id` (a caller's
/// `--profile`), else the one it names, else the one in force on its date.
pub fn choose_profile(value: &Value, profiles: &Profiles, override_id: Option<&str>) -> Result<Chosen, Problem> {
    let named = override_id.or(value.get("profile").and_then(Value::as_str));
    let date = value.get("date").and_then(Value::as_str).and_then(|d| DocDate::parse(d).ok()).unwrap_or(DocDate::Blank);
    let chosen = profiles.choose(named, date).map_err(|e| Problem::error("profile-unknown", "/profile", e.to_string()))?;
    // A smaller paper is a profile of its own, derived from the chosen one.
    match value.get("paper").and_then(Value::as_str).filter(|p| *p != "a4") {
        None => Ok(chosen),
        Some(paper) => {
            let id = chosen.profile.papers.get(paper).ok_or_else(|| {
                Problem::error("paper-unknown", "/paper", format!("hồ sơ {} không có khổ giấy \"{paper}\"", chosen.profile.id))
            })?;
            let profile = profiles.get(id).map_err(|e| Problem::error("paper-unknown", "/paper", e.to_string()))?;
            Ok(crate::profile::Chosen { profile, warning: chosen.warning })
        }
    }
}

/// JSON text → document, all problems at once.
pub fn from_json(text: &str, profiles: &Profiles, override_id: Option<&str>) -> Result<Document, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| vec![json_syntax(&e)])?;
    resolve_value(&value, profiles, override_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, String)> {
        schema_problems(&serde_json::from_str(text).unwrap()).into_iter().map(|p| (p.code, p.path)).collect()
    }

    #[test]
    fn schema_is_draft_2020_12() {
        let s = schema();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(jsonschema::meta::is_valid(&s));
    }

    #[test]
    fn an_empty_input_says_so() {
        for text in ["", "  \n"] {
            let problems = from_json(text, Profiles::builtin(), None).unwrap_err();
            assert_eq!(problems[0].code, "json-empty", "{text:?}: {problems:?}");
            assert!(!problems[0].message.contains("cột 0"));
        }
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let problems = from_json("{\n  \"kind\": \"bao-cao\",,\n}", Profiles::builtin(), None).unwrap_err();
        assert_eq!(problems[0].code, "json-syntax");
        assert!(problems[0].message.contains("dòng 2"), "{}", problems[0].message);
    }

    #[test]
    fn all_structural_problems_at_once_with_pointers() {
        let got = codes(r#"{"kind": "bao-cao", "issuer": {"name": "", "code": 5}, "place": "X", "subject": "về",
            "body": "x", "signature": {"position": "BÍ THƯ"}, "recipients": [], "mau": 1,
            "marks": {"secrecy": "rat-mat", "draft": "co"}}"#);
        let expected = [
            ("field-unknown", "/mau"),
            ("value-empty", "/issuer/name"),
            ("type-mismatch", "/issuer/code"),
            ("type-mismatch", "/marks/draft"),
            ("value-not-allowed", "/marks/secrecy"),
            ("field-missing", "/signature/name"),
        ];
        for (code, path) in expected {
            assert!(got.contains(&(code.to_string(), path.to_string())), "missing {code} {path} in {got:?}");
        }
        assert_eq!(got.len(), expected.len(), "{got:?}");
    }
}

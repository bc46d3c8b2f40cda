//! Bản sao (the-thuc §7): a certified copy of a document — sao y, sao lục or
//! trích sao — is the document itself followed by a full-width rule, the
//! framed `BẢN SAO VĂN BẢN` stamp on the left and the copier's signature on
//! the right, numbered in the `BS` series.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::date::DocDate;
use crate::model::Document;
use crate::model::document::CopyStamp;
use crate::model::input::{DocNumber, Signature};
use crate::problem::Problem;
use crate::profile::Profiles;
use crate::templates::Store;
use crate::text::{clean_line, upper};

/// Yêu cầu lập bản sao một văn bản.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyInput {
    /// Văn bản được sao: mô tả văn bản, hoặc {"template": …, "data": …}.
    pub document: Value,
    /// Hình thức sao.
    pub form: CopyForm,
    /// Cơ quan sao, ví dụ `Văn phòng Tỉnh ủy`.
    #[schemars(length(min = 1))]
    pub issuer: String,
    /// Ký hiệu cơ quan sao sau dấu `/` trong số bản sao, ví dụ `TU`.
    #[schemars(length(min = 1))]
    pub code: String,
    /// Số bản sao trong sổ (loạt `BS` của nhiệm kỳ); bỏ trống thì để trống số.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 99999))]
    pub number: Option<u32>,
    /// Địa danh nơi sao.
    #[schemars(length(min = 1))]
    pub place: String,
    /// Ngày sao: `2026-08-12` hoặc `12/8/2026`.
    #[schemars(length(min = 1))]
    pub date: String,
    /// Nơi nhận bản sao, mỗi nơi một mục.
    #[schemars(length(min = 1))]
    pub recipients: Vec<String>,
    /// Người ký bản sao, ví dụ `T/L BAN THƯỜNG VỤ` / `CHÁNH VĂN PHÒNG`.
    pub signature: Signature,
}

/// Sao y, sao lục hay trích sao.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CopyForm {
    SaoY,
    SaoLuc,
    TrichSao,
}

impl CopyForm {
    pub fn key(self) -> &'static str {
        match self {
            CopyForm::SaoY => "sao-y",
            CopyForm::SaoLuc => "sao-luc",
            CopyForm::TrichSao => "trich-sao",
        }
    }

    pub fn parse(s: &str) -> Option<CopyForm> {
        [CopyForm::SaoY, CopyForm::SaoLuc, CopyForm::TrichSao].into_iter().find(|f| f.key() == s)
    }
}

/// Checks a request against its schema, every problem at once.
pub fn parse(value: &Value) -> Result<CopyInput, Vec<Problem>> {
    static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> =
        std::sync::LazyLock::new(crate::model::validator_for::<CopyInput>);
    crate::model::parse_as(value, &VALIDATOR)
}

/// The copy as a document: the original with the stamp and the copier's block.
pub fn build(input: &CopyInput, profiles: &Profiles, store: &Store) -> Result<Document, Vec<Problem>> {
    let original = store.resolve(&input.document, profiles).map_err(|p| p.into_iter().map(|p| p.under("/document")).collect::<Vec<_>>());
    let date = DocDate::parse(&input.date).map_err(|e| Problem::error("date-invalid", "/date", e.message(&input.date)));
    let mut problems = Vec::new();
    if input.signature.position.trim().is_empty() && input.signature.authority.as_deref().is_none_or(|a| a.trim().is_empty()) {
        problems.push(Problem::error("field-required", "/signature/position", "cần chức vụ người ký bản sao"));
    }
    let (mut doc, date) = match (original, date) {
        (Ok(doc), Ok(date)) if problems.is_empty() => (doc, date),
        (original, date) => {
            problems.extend(original.err().unwrap_or_default());
            problems.extend(date.err());
            return Err(problems);
        }
    };
    let p = doc.profile.clone();
    let c = &p.copy;
    let form = c.forms.get(input.form.key()).cloned().unwrap_or_else(|| input.form.key().to_string());
    let recipients: Vec<String> = input.recipients.iter().map(|r| clean_line(r)).filter(|r| !r.is_empty()).collect();
    doc.copy = Some(CopyStamp {
        title: upper(&c.title),
        lines: vec![
            upper(&clean_line(&input.issuer)),
            p.header.number_line(input.number.map(|n| DocNumber::Plain(n).serial()), &c.type_code, &clean_line(&input.code)),
            form,
            date.format(&clean_line(&input.place), &p.date),
            format!("{} {}.", c.recipients_label, recipients.join(&c.recipients_separator)),
        ],
        signature: crate::model::build::signature(&input.signature, &p),
    });
    Ok(doc)
}

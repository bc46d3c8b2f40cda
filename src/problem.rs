//! Problems found in an input: every one at once, each with a stable code, a JSON
//! pointer and a message in Vietnamese.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Lỗi: văn bản không được tạo.
    Error,
    /// Cảnh báo: văn bản vẫn được tạo nhưng nên sửa.
    Warning,
}

/// Một vấn đề của dữ liệu đầu vào.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Problem {
    /// Mã ổn định, ví dụ `date-invalid`.
    pub code: String,
    /// JSON Pointer (RFC 6901) tới trường có vấn đề; rỗng là cả tài liệu.
    pub path: String,
    /// Mô tả bằng tiếng Việt.
    pub message: String,
    pub severity: Severity,
}

impl Problem {
    pub fn error(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { code: code.into(), path: path.into(), message: message.into(), severity: Severity::Error }
    }

    pub fn warning(code: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { code: code.into(), path: path.into(), message: message.into(), severity: Severity::Warning }
    }

    /// The same problem seen from a containing document (`/items/3` + `/date`).
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = format!("{prefix}{}", self.path);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        let path = if self.path.is_empty() { "/" } else { &self.path };
        write!(f, "{level} [{}] {path}: {}", self.code, self.message)
    }
}

/// A list of problems that stops a render (it holds at least one error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn has_errors(list: &[Problem]) -> bool {
        list.iter().any(|p| p.severity == Severity::Error)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.0.iter().filter(|p| p.severity == Severity::Error).count();
        writeln!(f, "dữ liệu không hợp lệ: {errors} lỗi")?;
        for p in &self.0 {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

//! The two renderers. Both take the same resolved [`Document`](crate::model::Document).

pub mod docx;
pub mod merge;
pub mod ooxml;
pub mod package;
pub mod pdf;
pub mod png;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("không tạo được PDF: {0}")]
    Pdf(String),
    #[error("không tạo được DOCX: {0}")]
    Docx(String),
    #[error("không tạo được ảnh trang: {0}")]
    Image(String),
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Renders one document to one format.
pub fn render(doc: &crate::model::Document, format: Format) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Pdf => pdf::render(doc).map(|p| p.bytes),
        Format::Docx => docx::render(doc),
    }
}

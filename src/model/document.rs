//! The validated, fully resolved document: every label numbered, every string
//! final, every line break of the title block decided. Both renderers lay out
//! exactly this, so DOCX and PDF cannot drift apart.

use std::sync::Arc;

use serde::Serialize;

use crate::profile::Profile;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    #[serde(skip)]
    pub profile: Arc<Profile>,
    pub kind: String,
    pub landscape: bool,
    pub meta: Meta,
    pub marks: Marks,
    pub header: Header,
    pub title: Title,
    pub body: Vec<Block>,
    /// Absent for unsigned papers (a bảng so sánh, a bundle's cover).
    pub signature: Option<Signature>,
    pub recipients: Vec<RecipientGroup>,
    pub typist_mark: Option<String>,
    /// Warnings validation found (the document is still rendered).
    #[serde(skip)]
    pub warnings: Vec<crate::problem::Problem>,
}

/// PDF and DOCX metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Marks {
    /// `DỰ THẢO` / `Dự thảo lần 2`, framed, top right of page 1.
    pub draft: Option<String>,
    /// Mật, khẩn and phạm vi lưu hành, framed, under the number.
    pub framed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub parent: Option<String>,
    pub issuer: Vec<String>,
    pub star: String,
    /// `Số 25-BC/TU`; absent for papers without a number.
    pub number: Option<String>,
    pub party_title: String,
    /// Length of the rule under the party title: the title's own width.
    pub party_rule_pt: f64,
    pub place_date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Title {
    pub kind_name: String,
    pub conclusion: Option<String>,
    /// Trích yếu, already split into balanced lines.
    pub subject: Vec<String>,
    /// `(Ban hành kèm theo …)`, in balanced lines; empty when absent.
    pub issued_with: Vec<String>,
    pub separator: String,
    pub addressees: Option<Addressees>,
}

/// `Kính gửi: …`; several items stand one per line under the first.
#[derive(Debug, Clone, Serialize)]
pub struct Addressees {
    pub label: String,
    pub items: Vec<String>,
    /// Widths that keep the block centred: label column and items column.
    pub label_pt: f64,
    pub items_pt: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub authority: Option<String>,
    pub position: Vec<String>,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecipientGroup {
    pub label: String,
    /// `primary` for `Nơi nhận:`, `group` for a second labelled group.
    pub role: GroupRole,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupRole {
    Primary,
    Group,
}

/// A run of text with one look.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Span {
    pub text: String,
    #[serde(skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub underline: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub strike: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), ..Span::default() }
    }

    pub fn same_look(&self, other: &Span) -> bool {
        (self.bold, self.italic, self.underline, self.strike)
            == (other.bold, other.italic, other.underline, other.strike)
    }

    /// True for the line-break marker spans carry (`"\n"`).
    pub fn is_break(&self) -> bool {
        self.text == "\n"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Justify,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Para(Para),
    Table(Table),
}

#[derive(Debug, Clone, Serialize)]
pub struct Para {
    pub spans: Vec<Span>,
    /// Set on headings: their level and parts (for Word's navigation pane and
    /// for finding articles when two versions are compared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
    pub align: Align,
    /// First-line indent of the body.
    pub indent: bool,
    /// Stay on the page of the next block (headings; the last body paragraph
    /// before the signature).
    pub keep_next: bool,
}

/// A heading's place in the structure: report levels 1–5, or 1 chương,
/// 2 mục, 3 điều for documents with articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outline {
    pub level: u8,
    /// `II-`, `Điều 3.` …; empty when numbers were typed by hand.
    pub label: String,
    pub title: String,
    /// The counter value (chương, mục or điều number); 0 when typed by hand.
    pub number: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Column widths in millimetres, summing to the text width.
    pub widths_mm: Vec<f64>,
    /// Leading rows that form the header (bold, repeated on every page).
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
    /// A row never splits across pages: true for rows of figures; false for a
    /// bảng so sánh, whose row is a whole article and may be taller than a page.
    pub keep_rows: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub spans: Vec<Span>,
    pub align: Align,
}

impl Document {
    /// The number and codes of a registered document (`512-BC/TU`); none for
    /// an unregistered draft or a paper without a number.
    pub fn registered_number(&self) -> Option<&str> {
        let number = self.header.number.as_deref()?;
        let number = number.strip_prefix(&self.profile.header.number_prefix).unwrap_or(number).trim();
        (!number.starts_with('-')).then_some(number)
    }

    /// The tên loại in running text: `Báo cáo`, `Bảng so sánh`.
    pub fn kind_label(&self) -> String {
        match self.profile.kind(&self.kind) {
            Some(kind) => kind.name.clone(),
            None => {
                let lower = self.title.kind_name.to_lowercase();
                let mut chars = lower.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
            }
        }
    }

    /// All text of the document in reading order (for tests and search).
    pub fn plain_text(&self) -> String {
        let mut out = Vec::new();
        for block in &self.body {
            match block {
                Block::Para(p) => out.push(spans_text(&p.spans)),
                Block::Table(t) => {
                    for row in &t.rows {
                        out.push(row.iter().map(|c| spans_text(&c.spans)).collect::<Vec<_>>().join(" | "));
                    }
                }
            }
        }
        out.join("\n")
    }
}

pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

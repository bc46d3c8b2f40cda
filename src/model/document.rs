//! The validated, fully resolved document: every label numbered, every string
//! final, every line break of the title block decided. What goes where on the
//! page is not decided here but by the page plan (`crate::plan`), which both
//! renderers draw.

use std::sync::Arc;

use serde::Serialize;

use crate::profile::Profile;

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    #[serde(skip)]
    pub profile: Arc<Profile>,
    pub kind: String,
    pub landscape: bool,
    /// The date as given (a draft's may be a year only).
    #[serde(skip)]
    pub date: crate::date::DocDate,
    pub meta: Meta,
    pub marks: Marks,
    pub header: Header,
    pub title: Title,
    /// The căn cứ lines and the preamble first, as typed paragraphs.
    pub body: Vec<Block>,
    /// The enacting line (`BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH`, `QUYẾT NGHỊ:`)
    /// and the body block it stands before.
    pub enacting: Option<Enacting>,
    /// Absent for unsigned papers (a bảng so sánh, a bundle's cover).
    pub signature: Option<Signature>,
    /// The left block beside it: a biên bản's thư ký, a joint document's other body.
    pub co_signature: Option<Signature>,
    /// Under the signature: `Xác nhận chữ ký của đồng chí …` and who confirms.
    pub confirmation: Option<Confirmation>,
    pub recipients: Vec<RecipientGroup>,
    pub typist_mark: Option<String>,
    /// Thông tin liên hệ, one entry per line; empty when not given.
    pub contact: Vec<String>,
    /// Phụ lục, each on its own pages after the document.
    pub annexes: Vec<Annex>,
    /// Set on a bản sao: the stamp and the copier's signature.
    pub copy: Option<CopyStamp>,
    /// Warnings validation found (the document is still rendered).
    #[serde(skip)]
    pub warnings: Vec<crate::problem::Problem>,
}

/// PDF and DOCX metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    /// The thể thức profile the document follows, as its keywords
    /// (`dang-hd05 Hướng dẫn 05-HD/VPTW`).
    pub profile: String,
}

/// The marks a document carries, as printed; where each goes is the profile's.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Marks {
    /// `Dự thảo` / `DỰ THẢO` / `Dự thảo lần 2`.
    pub draft: Option<String>,
    /// `KHẨN`, `THƯỢNG KHẨN`, `HỎA TỐC`.
    pub urgency: Option<String>,
    /// `MẬT`, `TỐI MẬT`, `TUYỆT MẬT`.
    pub secrecy: Option<String>,
    /// Phạm vi lưu hành: `TÀI LIỆU HỘI NGHỊ` …
    pub circulation: Option<String>,
    /// `Không phổ biến trên phương tiện thông tin đại chúng`.
    pub not_public: Option<String>,
}

impl Marks {
    pub fn get(&self, kind: crate::profile::MarkKind) -> Option<&str> {
        use crate::profile::MarkKind as K;
        match kind {
            K::Draft => self.draft.as_deref(),
            K::Urgency => self.urgency.as_deref(),
            K::Secrecy => self.secrecy.as_deref(),
            K::Circulation => self.circulation.as_deref(),
            K::NotPublic => self.not_public.as_deref(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Cơ quan cấp trên, in balanced lines; empty when there is none.
    pub parent: Vec<String>,
    pub issuer: Vec<String>,
    pub star: String,
    /// `Số 25-BC/TU`; absent for papers without a number.
    pub number: Option<String>,
    pub party_title: String,
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

/// A kind's enacting line, in balanced lines, before `body[before]`.
#[derive(Debug, Clone, Serialize)]
pub struct Enacting {
    pub lines: Vec<String>,
    pub before: usize,
}

/// `Kính gửi: …` / `Kính trình: …`; several items stand one per line.
#[derive(Debug, Clone, Serialize)]
pub struct Addressees {
    pub label: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    pub authority: Option<String>,
    pub position: Vec<String>,
    pub name: String,
}

/// A phụ lục: `PHỤ LỤC 2`, its title and `(Kèm theo …)` in balanced lines,
/// then its own body.
#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    pub label: String,
    pub title: Vec<String>,
    pub reference: Vec<String>,
    pub body: Vec<Block>,
    pub landscape: bool,
}

/// A bản sao's stamp: `BẢN SAO VĂN BẢN`, then cơ quan sao, số, hình thức,
/// địa danh và ngày, nơi nhận; beside it the copier's block.
#[derive(Debug, Clone, Serialize)]
pub struct CopyStamp {
    pub title: String,
    pub lines: Vec<String>,
    pub signature: Signature,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confirmation {
    pub label: String,
    pub signature: Signature,
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

impl Meta {
    pub fn new(title: String, author: String, profile: &Profile) -> Meta {
        Meta { title, author, profile: format!("{} {}", profile.id, profile.guide) }
    }
}

impl Document {
    /// The number and codes of a registered document (`512-BC/TU`); none for
    /// an unregistered draft or a paper without a number.
    pub fn registered_number(&self) -> Option<&str> {
        let number = self.number_text()?.trim();
        (!number.starts_with('-')).then_some(number)
    }

    /// The number line without its `Số` (`05-BC/TU`, or a draft's `      -BC/TU`).
    fn number_text(&self) -> Option<&str> {
        let number = self.header.number.as_deref()?;
        Some(number.strip_prefix(&self.profile.header.number_prefix).map(|n| n.strip_prefix(' ').unwrap_or(n)).unwrap_or(number))
    }

    /// This document named in another's text, per `format` with {kind}
    /// {number} {date} {issuer}: `Kèm theo Quyết định số 15-QĐ/TU, ngày
    /// 05/3/2026 của …`. A draft keeps its blanks.
    pub fn reference(&self, format: &str) -> String {
        let number = self.number_text().unwrap_or_default();
        format
            .replace("{kind}", &self.kind_label())
            .replace("{number}", number)
            .replace("{date}", &self.date.short(&self.profile.date))
            .replace("{issuer}", &self.meta.author)
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
        for (i, block) in self.body.iter().enumerate() {
            if let Some(e) = self.enacting.as_ref().filter(|e| e.before == i) {
                out.push(e.lines.join(" "));
            }
            match block {
                Block::Para(p) => out.push(spans_text(&p.spans)),
                Block::Table(t) => {
                    for row in &t.rows {
                        out.push(row.iter().map(|c| spans_text(&c.spans)).collect::<Vec<_>>().join(" | "));
                    }
                }
            }
        }
        if let Some(e) = self.enacting.as_ref().filter(|e| e.before >= self.body.len()) {
            out.push(e.lines.join(" "));
        }
        out.join("\n")
    }
}

pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

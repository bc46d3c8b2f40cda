//! Thể thức profiles: every size, margin, gap, label, slot and code the page
//! plan uses. Built-in profiles are the files of `profiles/`, embedded at build
//! time; more can be loaded from a folder. A profile may `extends` another and
//! hold only what differs. Every profile is checked when it loads: a missing or
//! unknown key, an empty list or mismatched column widths name the file and key.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};

use crate::date::DocDate;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/profiles");

/// The profile of undated documents and of documents dated after every `until`.
pub const DEFAULT_PROFILE: &str = "dang-hd05";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    /// The profile this one was derived from (resolved at load).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// The guide's short name for people (`Hướng dẫn 05-HD/VPTW`).
    pub guide: String,
    /// Never inherited: a period belongs to its own guide.
    #[serde(default)]
    pub in_force: InForce,
    pub page: Page,
    pub font: FontNames,
    pub layout: Layout,
    pub header: Header,
    pub date: DateFormat,
    pub title: Title,
    pub body: Body,
    pub signature: Signature,
    pub recipients: Recipients,
    pub marks: Marks,
    pub styles: Styles,
    pub numbering: Numbering,
    pub kinds: BTreeMap<String, Kind>,
    /// Who the enacting line of a quyết định names (`BAN THƯỜNG VỤ ĐẢNG ỦY`).
    #[serde(default)]
    pub enacting: Enacting,
    /// A biên bản's opening lines and closing sentence.
    #[serde(default)]
    pub minutes: MinutesLabels,
    /// Phụ lục: the label and the line naming the parent document.
    pub annex: AnnexLabels,
    /// Smaller papers (`a5`) by name: the id of the profile that lays them out.
    #[serde(default)]
    pub papers: BTreeMap<String, String>,
    /// Bản sao: the stamp's words and size.
    pub copy: CopyLabels,
    pub checks: Checks,
    pub compare: Compare,
    pub bundle: Bundle,
}

/// Deriving the body in a kind's enacting line from the signature: `T/M BAN
/// THƯỜNG VỤ` of `Đảng ủy xã Phước Thiền` enacts as `BAN THƯỜNG VỤ ĐẢNG ỦY`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Enacting {
    /// Collective bodies named without their committee; the issuer's is added.
    pub partial_bodies: Vec<String>,
    /// Committee names an issuer's name starts with (longest first wins).
    pub committees: Vec<String>,
}

/// A bản sao's stamp (the-thuc §7).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyLabels {
    pub title: String,
    /// The series every copy is numbered in (`BS`).
    pub type_code: String,
    /// Hình thức sao by form id (`sao-y` → `Sao y`).
    pub forms: BTreeMap<String, String>,
    pub recipients_label: String,
    pub recipients_separator: String,
    pub width_mm: f64,
    /// The stamp is at least this tall.
    pub height_mm: f64,
}

/// A phụ lục's heading lines (the-thuc §7).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexLabels {
    /// `PHỤ LỤC`; `{label} {n}` when a document has two or more.
    pub label: String,
    pub numbered_format: String,
    /// {kind} {number} {date} {issuer}: `Kèm theo Quyết định số 15-QĐ/TU, ngày 05/3/2026 của …`.
    pub reference_format: String,
}

/// A biên bản's opening lines (`- Thời gian: …`) and its closing sentence.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MinutesLabels {
    /// `{label}` and `{value}`: one opening line.
    pub line_format: String,
    pub time: String,
    pub place: String,
    pub attendees: String,
    pub chair: String,
    pub secretary: String,
    /// `{time}`: the last paragraph (`Hội nghị kết thúc lúc {time}.`).
    pub closing: String,
}

/// What the validator checks beyond the schema, per guide (the-thuc §2, §4, §5, §8).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// Under T/M a chức vụ is written only for these.
    pub on_behalf_positions: Vec<String>,
    /// Official positions; anything after one of them names a body (`PHÓ BÍ THƯ TỈNH ỦY`).
    pub positions: Vec<String>,
    /// Joins a ban chỉ đạo's position to the signer's own (`BÍ THƯ` / `kiêm` / `TRƯỞNG BAN CHỈ ĐẠO`).
    pub concurrent_word: String,
    /// Học hàm, học vị, quân hàm that never stand before the signer's name.
    pub name_titles: Vec<String>,
    /// The body's last sentence ends with `.` (HD 05).
    pub body_ends_with_period: bool,
    /// Căn cứ lines (`- Căn cứ …`) end with `basis_end`, the last with `basis_last_end`.
    pub basis_words: Vec<String>,
    pub basis_end: String,
    pub basis_last_end: String,
    /// A one-syllable địa danh needs its level (`Thành phố Huế`).
    pub place_needs_level: bool,
    /// Types an issuer may not issue (QĐ 399 thẩm quyền).
    #[serde(default)]
    pub issuer_limits: Vec<IssuerLimit>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuerLimit {
    /// Issuers whose name starts with one of these (upper case).
    pub issuers: Vec<String>,
    pub kinds: Vec<String>,
    /// Who they are, for the message (`chi bộ`).
    pub who: String,
}

/// The dates a guide applies to (the-thuc: HD 36 up to 26/5/2026, HD 05 from
/// 27/5/2026). Profiles with `by_date` are chosen by a document's date.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InForce {
    #[serde(default)]
    pub by_date: bool,
    /// First day in force, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day in force, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

impl InForce {
    fn bound(s: &Option<String>) -> Option<time::Date> {
        match DocDate::parse(s.as_deref()?) {
            Ok(DocDate::Full(d)) => Some(d),
            _ => None,
        }
    }

    /// Whether a document of this date falls in the period. An undated paper,
    /// or a draft with only its year, counts as today's: in force when the
    /// period has no end.
    pub fn covers(&self, date: DocDate) -> bool {
        let (from, until) = (Self::bound(&self.from), Self::bound(&self.until));
        match date {
            DocDate::Full(d) => from.is_none_or(|f| d >= f) && until.is_none_or(|u| d <= u),
            DocDate::YearOnly(y) => match until {
                None => from.is_none_or(|f| y >= f.year()),
                Some(u) => y < u.year() && from.is_none_or(|f| y >= f.year()),
            },
            DocDate::Blank => until.is_none(),
        }
    }
}

/// Layout decisions the guides leave open (the-thuc "decision"), shared by both
/// renderers so DOCX and PDF break lines and pages alike.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Pitch of single-spaced lines (header, title, signature) as a multiple
    /// of the font size: Word's single spacing for Times New Roman.
    pub line_factor: f64,
    /// Padding inside a framed mark.
    pub frame_pad_x_pt: f64,
    pub frame_pad_y_pt: f64,
    /// Distance from the baseline to an underline.
    pub underline_offset_pt: f64,
    /// Ruling of body tables.
    pub table_stroke_pt: f64,
    /// Widest centred title line, as a share of the text width.
    pub subject_width_ratio: f64,
    /// Room added to measured widths (party-title rule, Kính gửi columns), so
    /// a line measured to fit never wraps in either renderer.
    pub fit_slack_pt: f64,
    /// Gap after each group of recipients.
    pub group_gap_pt: f64,
    /// A table of at most this many rows is kept on one page.
    pub keep_table_rows: usize,
    /// Word and LibreOffice neither kern pairs nor form ligatures by default,
    /// and justify by stretching spaces only; the PDF does the same.
    pub kerning: bool,
    pub ligatures: bool,
    /// Narrowest and widest word space of a justified line, in % of a space.
    pub space_min_percent: f64,
    pub space_max_percent: f64,
    /// Lines are filled to this much short of their column (the PDF's body
    /// lines, and the lines the model breaks itself): LibreOffice and Word
    /// measure glyphs in rounded units, so a line filled to within a hair of
    /// the margin is one word too long for them.
    pub line_end_slack_pt: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compare {
    pub kind_name: String,
    pub subject_format: String,
    pub columns: Vec<String>,
    pub widths_percent: Vec<f64>,
    pub preamble: String,
    pub unchanged: String,
    pub unchanged_moved: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub kind_name: String,
    pub columns: Vec<String>,
    pub merged_title: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub width_mm: f64,
    pub height_mm: f64,
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
    pub page_number_from_top_mm: f64,
    pub page_number_size_pt: f64,
    pub number_first_page: bool,
}

impl Page {
    pub fn text_width_mm(&self) -> f64 {
        self.width_mm - self.margin_left_mm - self.margin_right_mm
    }

    /// The same page turned sideways (for wide tables such as a bảng so sánh).
    pub fn landscape(&self) -> Page {
        Page { width_mm: self.height_mm, height_mm: self.width_mm, ..self.clone() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontNames {
    pub docx_family: String,
    pub pdf_family: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub left_width_mm: f64,
    pub right_width_mm: f64,
    pub party_title: String,
    pub star: String,
    pub rule_pt: f64,
    pub rule_gap_pt: f64,
    pub number_prefix: String,
    pub blank_number: String,
}

impl Header {
    /// `Số 05-BC/TU`; a draft's blank serial stays blank (`Số      -BC/TU`).
    pub fn number_line(&self, serial: Option<String>, type_code: &str, issuer_code: &str) -> String {
        let serial = serial.unwrap_or_else(|| self.blank_number.clone());
        format!("{} {serial}-{type_code}/{issuer_code}", self.number_prefix)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateFormat {
    pub format: String,
    /// A date in running text (`05/3/2026`): {day} {month} {year}.
    pub short_format: String,
    pub zero_pad_months: Vec<u8>,
    pub blank_day: String,
    pub blank_month: String,
    pub blank_year: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Title {
    pub space_before_pt: f64,
    pub separator: String,
    /// The line a quy chế gets from the quyết định that issues it, when both
    /// are in one bundle: {kind} {number} {date} {issuer}.
    pub issued_with_format: String,
    pub conclusion_format: String,
    pub addressees_label: String,
    pub addressee_bullet: String,
    pub addressee_end: String,
    pub addressee_last_end: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub size_pt: f64,
    pub first_line_indent_mm: f64,
    pub line_pitch_pt: f64,
    pub space_after_pt: f64,
    pub justify: bool,
    pub table_size_pt: f64,
    pub table_line_pitch_pt: f64,
    pub table_cell_padding_mm: f64,
    pub letters: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub sign_space_mm: f64,
    pub space_before_pt: f64,
    pub on_behalf: String,
    pub deputy: String,
    pub by_order: String,
    /// Quyền cấp trưởng (`Q. TRƯỞNG BAN`).
    pub acting: String,
    pub collective_bodies: Vec<String>,
    pub deputy_position_prefix: String,
    pub office_positions: Vec<String>,
    pub foreign_prefixes: Vec<String>,
    /// The line over a confirmation block; `{name}`: the signer confirmed.
    pub confirmation_format: String,
    /// Space between the signer's name and the confirmation block.
    pub confirmation_space_pt: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipients {
    pub label: String,
    pub bullet: String,
    pub item_end: String,
    pub last_end: String,
    pub archive_word: String,
    pub as_above: String,
    pub size_pt: f64,
    pub typist_size_pt: f64,
}

/// Marks on page 1 and the last page: their words, and where each goes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    pub draft: String,
    pub draft_round: String,
    pub not_public: String,
    pub frame_pt: f64,
    /// Gap above each mark stacked under the number.
    pub gap_pt: f64,
    /// Distance of edge marks from the top or bottom edge of the page.
    pub edge_distance_mm: f64,
    pub secrecy: BTreeMap<String, String>,
    pub urgency: BTreeMap<String, String>,
    /// Marks stacked under the number, in this order, when their slot is `under-number`.
    pub order: Vec<MarkKind>,
    pub place: MarkPlaces,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    Draft,
    Urgency,
    Secrecy,
    Circulation,
    NotPublic,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkPlaces {
    pub draft: MarkPlace,
    pub urgency: MarkPlace,
    pub secrecy: MarkPlace,
    pub circulation: MarkPlace,
    pub not_public: MarkPlace,
}

impl MarkPlaces {
    pub fn of(&self, kind: MarkKind) -> &MarkPlace {
        match kind {
            MarkKind::Draft => &self.draft,
            MarkKind::Urgency => &self.urgency,
            MarkKind::Secrecy => &self.secrecy,
            MarkKind::Circulation => &self.circulation,
            MarkKind::NotPublic => &self.not_public,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkPlace {
    pub slot: MarkSlot,
    #[serde(default)]
    pub frame: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkSlot {
    /// Left column, under the number (công văn: under its trích yếu).
    UnderNumber,
    /// Right-aligned above the header (HD 36's draft frame).
    AboveHeader,
    /// Page 1, top right, `edge_distance_mm` from the top edge.
    PageTop,
    /// Last page, centred, `edge_distance_mm` from the bottom edge.
    LastPageBottom,
}

/// How one component's text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub size: f64,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    #[serde(default)]
    pub underline: bool,
    #[serde(default)]
    pub uppercase: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Styles {
    pub parent_body: Style,
    pub issuer: Style,
    pub star: Style,
    pub number: Style,
    pub party_title: Style,
    pub place_date: Style,
    pub draft_mark: Style,
    pub urgency_mark: Style,
    pub secrecy_mark: Style,
    pub circulation_mark: Style,
    pub not_public_mark: Style,
    pub kind_name: Style,
    pub conclusion: Style,
    pub subject: Style,
    /// A công văn's trích yếu under its number.
    pub header_subject: Style,
    /// The enacting line (`BAN THƯỜNG VỤ ĐẢNG ỦY QUYẾT ĐỊNH`, `QUYẾT NGHỊ:`).
    pub enacting: Style,
    /// Thông tin liên hệ under the last page's rule.
    pub contact: Style,
    /// `Xác nhận chữ ký của đồng chí …` under a signature.
    pub confirmation: Style,
    /// A phụ lục's `PHỤ LỤC 1`, title and `(Kèm theo …)` lines.
    pub annex_label: Style,
    pub annex_title: Style,
    pub annex_reference: Style,
    pub issued_with: Style,
    pub separator: Style,
    pub addressees_label: Style,
    pub addressees: Style,
    pub authority: Style,
    pub position: Style,
    pub signer: Style,
    pub recipients_label: Style,
    pub recipients_group_label: Style,
    pub recipient: Style,
    pub typist_mark: Style,
    pub page_number: Style,
    pub table_header: Style,
}

impl Styles {
    /// Every style with its key, for checks.
    fn all(&self) -> Vec<(&'static str, &Style)> {
        vec![
            ("parent_body", &self.parent_body), ("issuer", &self.issuer), ("star", &self.star),
            ("number", &self.number), ("party_title", &self.party_title), ("place_date", &self.place_date),
            ("draft_mark", &self.draft_mark), ("urgency_mark", &self.urgency_mark),
            ("secrecy_mark", &self.secrecy_mark), ("circulation_mark", &self.circulation_mark),
            ("not_public_mark", &self.not_public_mark), ("kind_name", &self.kind_name),
            ("conclusion", &self.conclusion), ("subject", &self.subject), ("header_subject", &self.header_subject),
            ("enacting", &self.enacting), ("contact", &self.contact),
            ("confirmation", &self.confirmation), ("annex_label", &self.annex_label),
            ("annex_title", &self.annex_title), ("annex_reference", &self.annex_reference),
            ("issued_with", &self.issued_with), ("separator", &self.separator),
            ("addressees_label", &self.addressees_label), ("addressees", &self.addressees),
            ("authority", &self.authority), ("position", &self.position), ("signer", &self.signer),
            ("recipients_label", &self.recipients_label), ("recipients_group_label", &self.recipients_group_label),
            ("recipient", &self.recipient), ("typist_mark", &self.typist_mark), ("page_number", &self.page_number),
            ("table_header", &self.table_header),
        ]
    }

    pub fn mark(&self, kind: MarkKind) -> Style {
        match kind {
            MarkKind::Draft => self.draft_mark,
            MarkKind::Urgency => self.urgency_mark,
            MarkKind::Secrecy => self.secrecy_mark,
            MarkKind::Circulation => self.circulation_mark,
            MarkKind::NotPublic => self.not_public_mark,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    pub sections: SectionNumbering,
    pub articles: ArticleNumbering,
}

/// One heading level of a report: its label template and how the line looks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub label: String,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub italic: bool,
    #[serde(default)]
    pub uppercase: bool,
    #[serde(default)]
    pub title_uppercase: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionNumbering {
    pub levels: Vec<Level>,
    pub list_labels: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleNumbering {
    pub chapter: Level,
    pub section: Level,
    pub article: Level,
    pub list_labels: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Structure {
    /// I-, 1., 1.1. … sections (báo cáo, thông báo, tờ trình).
    Sections,
    /// Chương, Mục, Điều, khoản, điểm (quy chế, quy định).
    Articles,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// Tên loại as written in running text; printed per `styles.kind_name`.
    pub name: String,
    pub type_code: String,
    pub structure: Structure,
    /// Input fields this kind cannot do without (`concluded_by`, `addressees`).
    #[serde(default)]
    pub requires: Vec<String>,
    #[serde(default)]
    pub recipients_start_with_as_above: bool,
    /// The signature's first line names a role (`THƯ KÝ HỘI NGHỊ`), not a
    /// T/M · K/T · T/L authority: a biên bản.
    #[serde(default)]
    pub signature_roles: bool,
    /// Papers besides A4 this kind may be laid out on (`a5`).
    #[serde(default)]
    pub papers: Vec<String>,
    /// The trích yếu may be left out (a giấy giới thiệu often has none).
    #[serde(default)]
    pub subject_optional: bool,
    /// The page's slots for this kind.
    #[serde(default)]
    pub slots: Slots,
}

/// Which parts a kind's page has and where they go (the-thuc §3, §10).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Slots {
    /// The tên loại line (a công văn has none).
    pub kind_line: bool,
    /// Where the trích yếu goes.
    pub subject: SubjectSlot,
    /// Label before the addressees; `title.addressees_label` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addressees_label: Option<String>,
    /// The Nơi nhận list.
    pub recipients: bool,
    /// The line between the căn cứ and the body, centred: `{body} QUYẾT ĐỊNH`
    /// (the enacting body, upper case) or `QUYẾT NGHỊ:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enacting: Option<String>,
    /// The enacting line stands only after a preamble (a hội nghị's nghị
    /// quyết says `QUYẾT NGHỊ:`; a nghị quyết chuyên đề does not).
    pub enacting_needs_preamble: bool,
    /// The author line under the tên loại, from `concluded_by`; the profile's
    /// `title.conclusion_format` when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_format: Option<String>,
}

impl Default for Slots {
    fn default() -> Slots {
        Slots {
            kind_line: true,
            subject: SubjectSlot::Title,
            addressees_label: None,
            recipients: true,
            enacting: None,
            enacting_needs_preamble: false,
            author_format: None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectSlot {
    /// Centred under the tên loại.
    #[default]
    Title,
    /// Under the number in the left column (công văn).
    UnderNumber,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("hồ sơ thể thức {file}: {reason}")]
    Invalid { file: String, reason: String },
    #[error("không có hồ sơ thể thức \"{0}\" (có: {1})")]
    Unknown(String, String),
}

fn invalid(file: &str, reason: impl Into<String>) -> ProfileError {
    ProfileError::Invalid { file: file.into(), reason: reason.into() }
}

impl Profile {
    /// A profile that extends nothing, from its TOML text.
    pub fn from_toml(file: &str, text: &str) -> Result<Profile, ProfileError> {
        let raw = Raw::parse(file, text)?;
        Profile::from_table(file, raw.table)
    }

    fn from_table(file: &str, table: toml::Table) -> Result<Profile, ProfileError> {
        let profile: Profile = serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
            let (path, inner) = (e.path().to_string(), e.into_inner().to_string());
            // A missing or unknown field is named inside the message: add it to the key.
            let field = ["missing field `", "unknown field `"]
                .iter()
                .find_map(|p| inner.split_once(p))
                .and_then(|(_, rest)| rest.split_once('`'))
                .map(|(name, _)| name.to_string());
            let key = match field {
                Some(name) if path == "." => name,
                Some(name) => format!("{path}.{name}"),
                None => path,
            };
            invalid(file, format!("khóa `{key}`: {inner}"))
        })?;
        let expected = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if profile.id != expected {
            return Err(invalid(file, format!("khóa `id`: \"{}\" khác tên tệp \"{expected}\"", profile.id)));
        }
        profile.check().map_err(|(key, reason)| invalid(file, format!("khóa `{key}`: {reason}")))?;
        Ok(profile)
    }

    /// The checks a type cannot express: non-empty lists, matching counts,
    /// positive sizes, real dates. Returns the key and the reason.
    fn check(&self) -> Result<(), (String, String)> {
        let fail = |key: &str, reason: &str| Err((key.to_string(), reason.to_string()));
        let empty = "danh sách không được rỗng";
        if self.numbering.sections.levels.is_empty() {
            return fail("numbering.sections.levels", empty);
        }
        if self.numbering.sections.list_labels.is_empty() {
            return fail("numbering.sections.list_labels", empty);
        }
        if self.numbering.articles.list_labels.is_empty() {
            return fail("numbering.articles.list_labels", empty);
        }
        if self.body.letters.is_empty() {
            return fail("body.letters", empty);
        }
        if self.kinds.is_empty() {
            return fail("kinds", empty);
        }
        if self.marks.order.is_empty() {
            return fail("marks.order", empty);
        }
        if self.compare.columns.len() != 3 {
            return fail("compare.columns", "bảng so sánh cần đúng 3 cột");
        }
        if self.compare.widths_percent.len() != self.compare.columns.len() {
            return fail("compare.widths_percent", "số độ rộng khác số cột (compare.columns)");
        }
        if self.bundle.columns.len() != 3 {
            return fail("bundle.columns", "danh mục tài liệu cần đúng 3 cột");
        }
        for (key, style) in self.styles.all() {
            if !(style.size > 0.0 && style.size < 100.0) {
                return fail(&format!("styles.{key}.size"), "cỡ chữ phải lớn hơn 0 và nhỏ hơn 100");
            }
        }
        let text = self.page.text_width_mm();
        if text <= 20.0 || text.is_nan() || self.page.height_mm - self.page.margin_top_mm - self.page.margin_bottom_mm <= 20.0 {
            return fail("page", "lề trang quá lớn so với khổ giấy");
        }
        if self.header.left_width_mm + self.header.right_width_mm > text + 0.01 {
            return fail("header.right_width_mm", "hai cột tiêu đề rộng hơn vùng trình bày");
        }
        if self.body.line_pitch_pt < self.body.size_pt || self.body.line_pitch_pt.is_nan() {
            return fail("body.line_pitch_pt", "khoảng cách dòng phải lớn hơn hoặc bằng cỡ chữ");
        }
        if self.layout.line_factor < 1.0 || self.layout.line_factor.is_nan() {
            return fail("layout.line_factor", "phải lớn hơn hoặc bằng 1");
        }
        for (key, value) in [("in_force.from", &self.in_force.from), ("in_force.until", &self.in_force.until)] {
            let iso = value.as_deref().is_none_or(|v| v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-');
            if !iso || (value.is_some() && InForce::bound(value).is_none()) {
                return fail(key, "ngày phải có dạng YYYY-MM-DD");
            }
        }
        for (id, kind) in &self.kinds {
            if kind.name.trim().is_empty() || kind.type_code.trim().is_empty() {
                return fail(&format!("kinds.{id}"), "cần tên loại (name) và ký hiệu (type_code)");
            }
        }
        Ok(())
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.get(id)
    }

    /// The label before a kind's addressees (`Kính gửi:` / `Kính trình:`).
    pub fn addressees_label(&self, kind: &str) -> &str {
        self.kind(kind).and_then(|k| k.slots.addressees_label.as_deref()).unwrap_or(&self.title.addressees_label)
    }
}

/// A profile file as read, before `extends` is resolved.
struct Raw {
    file: String,
    id: String,
    table: toml::Table,
}

impl Raw {
    fn parse(file: &str, text: &str) -> Result<Raw, ProfileError> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| invalid(file, e.to_string()))?;
        let id = match table.get("id") {
            Some(toml::Value::String(id)) => id.clone(),
            _ => return Err(invalid(file, "khóa `id`: thiếu hoặc không phải chuỗi")),
        };
        Ok(Raw { file: file.into(), id, table })
    }
}

/// `over` laid on `base`. Sections (top-level tables) and tables holding
/// tables merge key by key; a record below the top level whose values are all
/// plain (a style, a mark's place, a numbering level) is replaced whole, so
/// `position = { size = 14 }` means regular even where the base said bold.
fn merge(base: &mut toml::Table, over: toml::Table, depth: usize) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) if depth == 0 || !is_record(b) || !is_record(&o) => {
                merge(b, o, depth + 1)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn is_record(table: &toml::Table) -> bool {
    let plain = |v: &toml::Value| match v {
        toml::Value::Table(_) => false,
        toml::Value::Array(items) => !items.iter().any(toml::Value::is_table),
        _ => true,
    };
    table.values().all(plain)
}

/// Resolves `extends` chains and checks every profile.
fn resolve_all(raws: Vec<Raw>) -> Result<BTreeMap<String, Arc<Profile>>, ProfileError> {
    let by_id: BTreeMap<String, Raw> = raws.into_iter().map(|r| (r.id.clone(), r)).collect();
    let mut out = BTreeMap::new();
    for raw in by_id.values() {
        let table = resolved_table(raw, &by_id, &mut Vec::new())?;
        out.insert(raw.id.clone(), Arc::new(Profile::from_table(&raw.file, table)?));
    }
    Ok(out)
}

fn resolved_table(raw: &Raw, by_id: &BTreeMap<String, Raw>, chain: &mut Vec<String>) -> Result<toml::Table, ProfileError> {
    let Some(base_id) = raw.table.get("extends") else { return Ok(raw.table.clone()) };
    let Some(base_id) = base_id.as_str() else { return Err(invalid(&raw.file, "khóa `extends`: phải là chuỗi")) };
    if chain.contains(&raw.id) {
        return Err(invalid(&raw.file, format!("khóa `extends`: vòng lặp {} → {base_id}", chain.join(" → "))));
    }
    let base = by_id.get(base_id).ok_or_else(|| {
        invalid(&raw.file, format!("khóa `extends`: không có hồ sơ \"{base_id}\""))
    })?;
    chain.push(raw.id.clone());
    let mut table = resolved_table(base, by_id, chain)?;
    chain.pop();
    table.remove("extends");
    table.remove("in_force");
    merge(&mut table, raw.table.clone(), 0);
    Ok(table)
}

fn builtin_raws() -> Vec<Raw> {
    BUILTIN
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .map(|f| {
            let name = f.path().display().to_string();
            // A broken built-in is a build mistake; tests load every one of them.
            Raw::parse(&name, f.contents_utf8().unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

/// The profiles a process knows: built-ins plus any loaded from a folder.
#[derive(Debug, Clone)]
pub struct Profiles {
    by_id: BTreeMap<String, Arc<Profile>>,
}

static BUILTINS: LazyLock<Profiles> =
    LazyLock::new(|| Profiles { by_id: resolve_all(builtin_raws()).unwrap_or_else(|e| panic!("{e}")) });

/// The profile a document gets, and why.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub profile: Arc<Profile>,
    /// Set when a named profile was not in force on the document's date.
    pub warning: Option<String>,
}

impl Profiles {
    pub fn builtin() -> &'static Profiles {
        &BUILTINS
    }

    /// Built-ins plus every `*.toml` of `dir` (which win on equal ids, and may
    /// extend a built-in).
    pub fn with_dir(dir: &Path) -> Result<Profiles, ProfileError> {
        let entries = std::fs::read_dir(dir).map_err(|e| invalid(&dir.display().to_string(), e.to_string()))?;
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|e| invalid(&name, e.to_string()))?;
                files.push((name, text));
            }
        }
        Profiles::from_files(files.iter().map(|(name, text)| (name.as_str(), text.as_str())))
    }

    /// Built-ins plus profiles given as (file name, TOML text), as
    /// [`with_dir`](Self::with_dir) reads them from a folder (later ones win on equal ids).
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Profiles, ProfileError> {
        let mut raws: BTreeMap<String, Raw> = builtin_raws().into_iter().map(|r| (r.id.clone(), r)).collect();
        for (name, text) in files {
            let raw = Raw::parse(name, text)?;
            raws.insert(raw.id.clone(), raw);
        }
        Ok(Profiles { by_id: resolve_all(raws.into_values().collect())? })
    }

    pub fn get(&self, id: &str) -> Result<Arc<Profile>, ProfileError> {
        self.by_id.get(id).cloned().ok_or_else(|| {
            ProfileError::Unknown(id.into(), self.ids().collect::<Vec<_>>().join(", "))
        })
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }

    /// The profile in force on `date` among those chosen by date; the default
    /// when none covers it.
    pub fn in_force(&self, date: DocDate) -> Result<Arc<Profile>, ProfileError> {
        match self.by_id.values().find(|p| p.in_force.by_date && p.in_force.covers(date)) {
            Some(p) => Ok(p.clone()),
            None => self.get(DEFAULT_PROFILE),
        }
    }

    /// A document's profile: the one it names (with a warning when that one
    /// was not in force on its date), else the one in force on its date.
    pub fn choose(&self, named: Option<&str>, date: DocDate) -> Result<Chosen, ProfileError> {
        let Some(id) = named else { return Ok(Chosen { profile: self.in_force(date)?, warning: None }) };
        let profile = self.get(id)?;
        let warning = (profile.in_force.by_date && !profile.in_force.covers(date)).then(|| {
            let in_force = self.in_force(date).map(|p| p.id.clone()).unwrap_or_default();
            format!("hồ sơ \"{id}\" ({}) không còn hiệu lực vào ngày của văn bản; hồ sơ có hiệu lực là \"{in_force}\"", profile.guide)
        });
        Ok(Chosen { profile, warning })
    }
}

/// A profile's kinds, as `GET /v1/kinds` and `vanban templates kinds` list them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct KindList {
    /// Mã hồ sơ thể thức.
    pub profile: String,
    /// Tên hồ sơ.
    pub name: String,
    /// Hướng dẫn mà hồ sơ theo.
    pub guide: String,
    /// Ngày bắt đầu có hiệu lực (YYYY-MM-DD), khi hồ sơ được chọn theo ngày văn bản.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force_from: Option<String>,
    /// Ngày cuối còn hiệu lực (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force_until: Option<String>,
    pub kinds: Vec<KindItem>,
}

/// One kind of a profile.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct KindItem {
    /// Mã loại, dùng trong trường `kind`.
    pub id: String,
    /// Tên loại.
    pub name: String,
    /// Ký hiệu loại trong số văn bản (`BC` trong `05-BC/TU`).
    pub type_code: String,
    /// `sections` (I-, 1., 1.1. …) hoặc `articles` (chương, điều, khoản, điểm).
    pub structure: String,
    /// Các trường loại này bắt buộc có.
    pub requires: Vec<String>,
}

impl Profiles {
    /// Every profile with its kinds, in id order.
    pub fn kind_lists(&self) -> Vec<KindList> {
        self.by_id.values().map(|p| p.kind_list()).collect()
    }
}

impl Profile {
    pub fn kind_list(&self) -> KindList {
        let kinds = self
            .kinds
            .iter()
            .map(|(id, k)| KindItem {
                id: id.clone(),
                name: k.name.clone(),
                type_code: k.type_code.clone(),
                structure: match k.structure {
                    Structure::Sections => "sections".into(),
                    Structure::Articles => "articles".into(),
                },
                requires: k.requires.clone(),
            })
            .collect();
        KindList {
            profile: self.id.clone(),
            name: self.name.clone(),
            guide: self.guide.clone(),
            in_force_from: self.in_force.from.clone(),
            in_force_until: self.in_force.until.clone(),
            kinds,
        }
    }
}

pub fn mm_to_pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hd36_text() -> &'static str {
        BUILTIN.get_file("dang-hd36.toml").unwrap().contents_utf8().unwrap()
    }

    fn date(s: &str) -> DocDate {
        DocDate::parse(s).unwrap()
    }

    #[test]
    fn builtin_profiles_load_with_the_thuc_values() {
        let p = Profiles::builtin().get("dang-hd36").unwrap();
        assert_eq!(p.page.text_width_mm(), 165.0);
        assert_eq!(p.kind("bao-cao").unwrap().type_code, "BC");
        assert_eq!(p.kind("to-trinh").unwrap().type_code, "TTr");
        assert_eq!(p.styles.kind_name.size, 16.0);
        assert!(p.styles.position.bold, "chức vụ is bold in dang-hd36");
        assert!(p.body.letters.contains(&"đ".to_string()));
        assert!(!p.body.letters.contains(&"f".to_string()));
        let hd05 = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        assert_eq!(hd05.extends.as_deref(), Some("dang-hd36"));
        assert!(!hd05.styles.position.bold, "chức vụ is regular in dang-hd05");
        assert_eq!(hd05.recipients.item_end, ";");
        assert_eq!(hd05.addressees_label("to-trinh"), "Kính trình:");
        assert_eq!(p.addressees_label("to-trinh"), "Kính gửi:");
        assert_eq!(hd05.page.text_width_mm(), 165.0, "inherited");
    }

    #[test]
    fn the_date_chooses_the_guide() {
        let ps = Profiles::builtin();
        assert_eq!(ps.in_force(date("2026-05-26")).unwrap().id, "dang-hd36");
        assert_eq!(ps.in_force(date("27/5/2026")).unwrap().id, "dang-hd05");
        assert_eq!(ps.in_force(DocDate::Blank).unwrap().id, "dang-hd05");
        assert_eq!(ps.in_force(date("2026")).unwrap().id, "dang-hd05", "a draft of this year");
        assert_eq!(ps.in_force(date("2024")).unwrap().id, "dang-hd36");
        let named = ps.choose(Some("dang-hd36"), date("2026-06-01")).unwrap();
        assert_eq!(named.profile.id, "dang-hd36", "a named profile wins");
        assert!(named.warning.unwrap().contains("dang-hd05"));
        assert!(ps.choose(Some("dang-hd36"), date("2024-01-01")).unwrap().warning.is_none());
        assert!(ps.choose(Some("dang-hd05"), date("2024-01-01")).unwrap().warning.is_some());
    }

    #[test]
    fn unknown_profile_lists_the_known_ones() {
        let err = Profiles::builtin().get("nope").unwrap_err().to_string();
        assert!(err.contains("dang-hd36") && err.contains("dang-hd05"), "{err}");
    }

    #[test]
    fn a_profile_from_a_folder_needs_no_code() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("thu-nghiem.toml"),
            "id = \"thu-nghiem\"\nextends = \"dang-hd05\"\nname = \"Thử\"\n[body]\nsize_pt = 15\n",
        )
        .unwrap();
        let profiles = Profiles::with_dir(dir.path()).unwrap();
        let p = profiles.get("thu-nghiem").unwrap();
        assert_eq!(p.body.size_pt, 15.0);
        assert_eq!(p.recipients.item_end, ";", "from dang-hd05");
        assert!(!p.in_force.by_date, "a period is never inherited");
        assert!(profiles.get(DEFAULT_PROFILE).is_ok());
    }

    /// Loads one broken profile from a folder and returns the error.
    fn load_error(file: &str, text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        Profiles::with_dir(dir.path()).unwrap_err().to_string()
    }

    fn hd36_as(id: &str, edit: impl Fn(&str) -> String) -> String {
        edit(&hd36_text().replace("id = \"dang-hd36\"", &format!("id = \"{id}\"")))
    }

    #[test]
    fn every_profile_error_names_the_file_and_the_key() {
        let cases: Vec<(String, &str)> = vec![
            (hd36_as("x", |t| t.replace("margin_top_mm = 20\n", "")), "page.margin_top_mm"),
            (hd36_as("x", |t| t.replace("[page]\n", "[page]\nmargn = 3\n")), "page"),
            (hd36_as("x", |t| t.replace("size_pt = 14\nfirst_line", "size_pt = \"14\"\nfirst_line")), "body.size_pt"),
            ("id = \"x\"\nextends = \"dang-hd05\"\n[numbering.sections]\nlevels = []\n".into(), "numbering.sections.levels"),
            ("id = \"x\"\nextends = \"dang-hd05\"\n[numbering.articles]\nlist_labels = []\n".into(), "numbering.articles.list_labels"),
            ("id = \"x\"\nextends = \"dang-hd05\"\n[compare]\nwidths_percent = [50, 50]\n".into(), "compare.widths_percent"),
            ("id = \"x\"\nextends = \"dang-hd05\"\n[compare]\ncolumns = [\"a\", \"b\"]\nwidths_percent = [50, 50]\n".into(), "compare.columns"),
            ("id = \"x\"\nextends = \"dang-hd05\"\n[styles]\nsigner = { size = 0 }\n".into(), "styles.signer.size"),
            ("id = \"x\"\nextends = \"khong-co\"\n".into(), "extends"),
            ("id = \"x\"\nextends = \"x\"\n".into(), "extends"),
            ("id = \"y\"\nextends = \"dang-hd05\"\n".into(), "id"),
            ("id = \"x\"\nextends = \"dang-hd05\"\n[in_force]\nfrom = \"27/5/2026\"\n".into(), "in_force.from"),
        ];
        for (text, key) in cases {
            let err = load_error("x.toml", &text);
            assert!(err.contains("x.toml"), "no file in {err}");
            assert!(err.contains(&format!("`{key}")), "no key {key} in {err}");
        }
    }
}

//! Thể thức profiles: every size, margin, label and code both renderers use.
//! Built-in profiles are the files of `profiles/`, embedded at build time; more can
//! be loaded from a folder. Adding a profile is adding a TOML file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/profiles");

pub const DEFAULT_PROFILE: &str = "dang-hd36";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    pub page: Page,
    pub font: FontNames,
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
    pub compare: Compare,
    pub bundle: Bundle,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateFormat {
    pub format: String,
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
    pub collective_bodies: Vec<String>,
    pub deputy_position_prefix: String,
    pub office_positions: Vec<String>,
    pub foreign_prefixes: Vec<String>,
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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    pub draft: String,
    pub draft_round: String,
    pub frame_pt: f64,
    pub size_pt: f64,
    pub secrecy: BTreeMap<String, String>,
    pub urgency: BTreeMap<String, String>,
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
    pub mark: Style,
    pub kind_name: Style,
    pub conclusion: Style,
    pub subject: Style,
    pub issued_with: Style,
    pub separator: Style,
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
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("hồ sơ thể thức {file}: {reason}")]
    Invalid { file: String, reason: String },
    #[error("không có hồ sơ thể thức \"{0}\" (có: {1})")]
    Unknown(String, String),
}

impl Profile {
    pub fn from_toml(file: &str, text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = toml::from_str(text)
            .map_err(|e| ProfileError::Invalid { file: file.into(), reason: e.to_string() })?;
        let expected = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if profile.id != expected {
            return Err(ProfileError::Invalid {
                file: file.into(),
                reason: format!("id \"{}\" khác tên tệp \"{expected}\"", profile.id),
            });
        }
        Ok(profile)
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.get(id)
    }
}

/// The profiles a process knows: built-ins plus any loaded from a folder.
#[derive(Debug, Clone)]
pub struct Profiles {
    by_id: BTreeMap<String, Arc<Profile>>,
}

static BUILTINS: LazyLock<Profiles> = LazyLock::new(|| {
    let mut by_id = BTreeMap::new();
    for file in BUILTIN.files().filter(|f| f.path().extension().is_some_and(|e| e == "toml")) {
        let name = file.path().display().to_string();
        let text = file.contents_utf8().unwrap_or_default();
        // A broken built-in is a build mistake; tests load every one of them.
        let profile = Profile::from_toml(&name, text).unwrap_or_else(|e| panic!("{e}"));
        by_id.insert(profile.id.clone(), Arc::new(profile));
    }
    Profiles { by_id }
});

impl Profiles {
    pub fn builtin() -> &'static Profiles {
        &BUILTINS
    }

    /// Built-ins plus every `*.toml` of `dir` (which win on equal ids).
    pub fn with_dir(dir: &Path) -> Result<Profiles, ProfileError> {
        let mut profiles = Profiles::builtin().clone();
        let entries = std::fs::read_dir(dir).map_err(|e| ProfileError::Invalid {
            file: dir.display().to_string(),
            reason: e.to_string(),
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") {
                let name = path.display().to_string();
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| ProfileError::Invalid { file: name.clone(), reason: e.to_string() })?;
                let profile = Profile::from_toml(&name, &text)?;
                profiles.by_id.insert(profile.id.clone(), Arc::new(profile));
            }
        }
        Ok(profiles)
    }

    pub fn get(&self, id: &str) -> Result<Arc<Profile>, ProfileError> {
        self.by_id.get(id).cloned().ok_or_else(|| {
            ProfileError::Unknown(id.into(), self.ids().collect::<Vec<_>>().join(", "))
        })
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(String::as_str)
    }
}

pub fn mm_to_pt(mm: f64) -> f64 {
    mm * 72.0 / 25.4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profile_loads_with_the_thuc_values() {
        let p = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        assert_eq!(p.page.text_width_mm(), 165.0);
        assert_eq!(p.kind("bao-cao").unwrap().type_code, "BC");
        assert_eq!(p.kind("to-trinh").unwrap().type_code, "TTr");
        assert_eq!(p.styles.kind_name.size, 16.0);
        assert!(p.styles.position.bold, "chức vụ is bold in dang-hd36");
        assert!(p.body.letters.contains(&"đ".to_string()));
        assert!(!p.body.letters.contains(&"f".to_string()));
    }

    #[test]
    fn unknown_profile_lists_the_known_ones() {
        let err = Profiles::builtin().get("nope").unwrap_err().to_string();
        assert!(err.contains("dang-hd36"), "{err}");
    }

    #[test]
    fn a_profile_from_a_folder_needs_no_code() {
        let dir = tempfile::tempdir().unwrap();
        let text = BUILTIN.get_file("dang-hd36.toml").unwrap().contents_utf8().unwrap();
        let text = text.replace("id = \"dang-hd36\"", "id = \"thu-nghiem\"").replace("size_pt = 14\n", "size_pt = 15\n");
        std::fs::write(dir.path().join("thu-nghiem.toml"), text).unwrap();
        let profiles = Profiles::with_dir(dir.path()).unwrap();
        let p = profiles.get("thu-nghiem").unwrap();
        assert_eq!(p.body.size_pt, 15.0);
        assert!(profiles.get(DEFAULT_PROFILE).is_ok());
    }

    #[test]
    fn mismatched_id_is_refused() {
        let err = Profile::from_toml("x/khac.toml", BUILTIN.get_file("dang-hd36.toml").unwrap().contents_utf8().unwrap()).unwrap_err();
        assert!(err.to_string().contains("khác tên tệp"), "{err}");
    }
}

//! Any text as a profile TOML: alone (`Profile::from_toml`), and as a user
//! profile beside the built-ins (`Profiles::from_files`, which resolves
//! `extends`). A profile that loads is then used: a short document with every
//! kind of block is numbered, planned and drawn as DOCX with it. Must never
//! panic; load errors are fine.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use vanban::model::input::NumberingMode;
use vanban::model::markdown::{self, MdBlock};
use vanban::model::numbering::Numberer;
use vanban::profile::{Profile, Profiles, Structure};

const BODY: &str = "# Chương I. Chung\n\n## Mục 1\n\n### Điều 1. Phạm vi\n\nĐoạn **đậm** *nghiêng* ~~gạch~~.\n\n\
1. Khoản một\n   - điểm a\n   - điểm b\n2. Khoản hai\n\n---\n\n| A | B |\n|:--|--:|\n| 1 | 2 |\n\n#### sâu\n\nCuối.\n";

/// Headings of one level only, so that any profile's kinds accept it.
const DOC_BODY: &str = "# Phần một\n\nĐoạn **đậm**.\n\n1. Khoản\n   - điểm\n\n| A | B |\n|--|--|\n| 1 | 2 |\n\n# Phần hai\n\nCuối.";

static BLOCKS: LazyLock<Vec<MdBlock>> = LazyLock::new(|| markdown::parse(BODY));

fn exercise(profile: &Profile) {
    for structure in [Structure::Sections, Structure::Articles] {
        for mode in [NumberingMode::Auto, NumberingMode::Manual] {
            Numberer::new(profile, structure, mode).run(BLOCKS.clone());
        }
    }
}

fuzz_target!(|text: &str| {
    if let Ok(profile) = Profile::from_toml("x.toml", text) {
        exercise(&profile);
    }
    let Ok(profiles) = Profiles::from_files([("x.toml", text)]) else { return };
    let Ok(profile) = profiles.get("x") else { return };
    exercise(&profile);
    // A document of each of its kinds (up to three), laid out with it. No
    // PDF: typst takes ~100 ms a document, a thousand times a profile load.
    for (id, kind) in profile.kinds.iter().take(3) {
        let r = &profile.recipients;
        let mut recipients = Vec::new();
        if kind.recipients_start_with_as_above {
            recipients.push(r.as_above.clone());
        }
        recipients.push("Các đ/c TVTU".to_string());
        recipients.push(format!("{} VPTU", r.archive_word));
        let mut json = serde_json::json!({
            "profile": "x",
            "kind": id,
            "issuer": { "parent": "Đảng bộ tỉnh Đồng Nai", "name": "Ban Thường vụ", "code": "TU" },
            "number": 5, "place": "Đồng Nai", "date": "2024-02-05",
            "subject": "kết quả thực hiện Quy chế",
            "body": [DOC_BODY],
            "signature": { "authority": "T/M Ban Thường vụ", "position": "Phó Bí thư", "name": "Hồ Thanh Sơn" },
            "recipients": recipients,
            "marks": { "secrecy": "mat", "urgency": "khan", "circulation": "Tài liệu hội nghị", "not_public": true },
            "typist_mark": "N2-M3/BC"
        });
        for field in &kind.requires {
            json[field.as_str()] = if field == "addressees" { serde_json::json!(["Ban Bí thư"]) } else { serde_json::json!("Ban Thường vụ") };
        }
        if let Ok(doc) = vanban::model::resolve_value(&json, &profiles, None) {
            vanban::plan::plan(&doc);
            if let Err(e) = vanban::render::docx::render(&doc) {
                panic!("a valid document did not render as DOCX under this profile: {e}");
            }
        }
    }
});

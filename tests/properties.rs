//! Property tests (proptest): user text prints as typed in both formats, and
//! any valid document made of generated parts renders. 64 cases a property;
//! `PROPTEST_CASES=n` overrides.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;
use vanban::render::{docx, pdf};
use vanban::text;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---- generated text -------------------------------------------------------------

const VIETNAMESE: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ\
                          AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÀẢÃÁẠẰẲẴẮẶẦẨẪẤẬÈẺẼÉẸỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌỒỔỖỐỘỜỞỠỚỢÙỦŨÚỤỪỬỮỨỰỲỶỸÝỴ";
const MARKUP: &str = "#*_[]()<>&$`{}|~\\\"'/@!%^=+-:;,.?";
const EMOJI: &[&str] = &["🎉", "😀", "👍", "🚀", "🌸"];
/// One "letter": a Vietnamese letter, precomposed or decomposed (a base and
/// its combining marks, as some keyboards and PDFs give it), a digit, a
/// markup character or an emoji. Combining marks go only where NFC composes
/// them: typst's PDF text layer repeats a base + mark cluster that has no
/// precomposed form (`y` + U+0306 copies as `y̆y̆`, while the page shows one
/// `y̆`), a text-extraction flaw upstream, not in what vanban prints.
fn glyph() -> impl Strategy<Value = String> {
    let viet: Vec<char> = VIETNAMESE.chars().collect();
    let markup: Vec<char> = MARKUP.chars().collect();
    prop_oneof![
        6 => proptest::sample::select(viet).prop_map(String::from),
        2 => proptest::sample::select(VIETNAMESE.chars().collect::<Vec<_>>()).prop_map(|c| c.to_string().nfd().collect()),
        1 => proptest::sample::select(('0'..='9').collect::<Vec<_>>()).prop_map(String::from),
        3 => proptest::sample::select(markup).prop_map(String::from),
        1 => proptest::sample::select(EMOJI).prop_map(String::from),
    ]
}

/// What stands between words: spaces, a tab, a line break, or characters
/// that are not text (C0 controls, DEL, the non-characters U+FFFE/U+FFFF).
fn separator() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just(" ".to_string()),
        1 => Just("   ".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("\n".to_string()),
        1 => proptest::sample::select(vec!['\u{0}', '\u{1}', '\u{7}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{1F}', '\u{7F}', '\u{FFFE}', '\u{FFFF}'])
            .prop_map(|c| format!(" {c} ")),
        1 => proptest::sample::select(vec!['\u{1}', '\u{7F}', '\u{85}', '\u{9F}', '\u{FFFF}']).prop_map(String::from),
    ]
}

/// Words of up to 8 letters with separators between: any text, in words short
/// enough for every column (a word wider than its column may be cut where
/// the line breaker sees no space, which is not what is tested here).
fn user_text() -> impl Strategy<Value = String> {
    proptest::collection::vec((proptest::collection::vec(glyph(), 1..=8), separator()), 1..=6).prop_map(|words| {
        let mut s = String::new();
        for (letters, sep) in words {
            s.push_str(&letters.concat());
            s.push_str(&sep);
        }
        s
    })
}

// ---- what the text should print as ----------------------------------------------

/// The text a user typed, as it must print: NFC, XML-illegal characters
/// (and DEL, C1 controls) dropped, whitespace collapsed.
fn printed(s: &str) -> String {
    collapse(&text::xml_safe(&s.nfc().collect::<String>()))
}


fn normalise(s: &str) -> String {
    collapse(&s.nfc().collect::<String>())
}

/// Backslash before every ASCII punctuation character (CommonMark escapes),
/// and line breaks as spaces: in a body paragraph the generated text is meant
/// as text, not Markdown, and a paragraph is one line of it.
fn markdown_literal(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// All text of the DOCX body: `w:t`, with a space for each tab, break and
/// paragraph end, `-` for a non-breaking hyphen.
fn docx_text(bytes: &[u8]) -> String {
    let xml = docx_part(bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml is well-formed");
    let mut out = String::new();
    for n in doc.descendants() {
        if n.tag_name().namespace() != Some(W) {
            continue;
        }
        match n.tag_name().name() {
            "t" => out.push_str(n.text().unwrap_or_default()),
            "tab" | "br" | "cr" | "p" => out.push(' '),
            "noBreakHyphen" => out.push('-'),
            _ => {}
        }
    }
    normalise(&out)
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn pdf_text(bytes: &[u8]) -> String {
    normalise(&pdf_pages_text(bytes).join(" "))
}

// ---- properties -------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Five generated strings, one in each text field: each prints as typed in
    /// the DOCX and the PDF (the issuer upper-cased, the recipient with its
    /// bullet and comma, the body paragraph escaped as Markdown).
    #[test]
    fn user_text_prints_literally_in_both_formats(
        issuer in user_text(),
        subject in user_text(),
        body in user_text(),
        signer in user_text(),
        recipient in user_text(),
    ) {
        let mut json = minimal_json();
        json["issuer"]["name"] = json!(format!("Ban {issuer} cuối"));
        json["subject"] = json!(format!("về {subject} cuối"));
        json["body"] = json!(["# Đặc điểm", format!("Đoạn {} cuối", markdown_literal(&body)), "Trên đây là báo cáo."]);
        json["signature"]["name"] = json!(format!("Tên {signer} cuối"));
        json["recipients"] = json!([format!("Nơi {recipient} cuối"), "Lưu VPTU"]);
        let doc = vanban::model::from_json(&json.to_string(), vanban::profile::Profiles::builtin(), None)
            .unwrap_or_else(|p| panic!("{p:#?}"));

        // The issuer line by line, each upper-cased (the profile's issuer style).
        let issuer_upper: Vec<String> = format!("Ban {issuer} cuối").split('\n').map(|l| text::upper(&text::clean_line(l))).collect();
        let issuer_upper = issuer_upper.join(" ");
        let fields = [
            ("issuer", issuer_upper.clone()),
            ("subject", format!("về {subject} cuối")),
            ("body", format!("Đoạn {body} cuối")),
            ("signature name", format!("Tên {signer} cuối")),
            ("recipient", format!("- Nơi {recipient} cuối,")),
        ];

        let docx_bytes = docx::render(&doc).unwrap();
        let xml = docx_part(&docx_bytes, "word/document.xml");
        prop_assert!(!xml.chars().any(|c| !text::is_xml_legal(c)), "an XML-illegal character in document.xml");
        let docx = docx_text(&docx_bytes);
        for (field, typed) in &fields {
            let want = printed(typed);
            prop_assert!(docx.contains(&want), "DOCX, {field}: {want:?} not in {docx:?}");
        }

        // lopdf ends every text object with a line break, and typst starts a
        // new one at each change of font (an emoji is set in Noto Emoji), so
        // the PDF's text has spaces the page does not: it is compared without
        // whitespace (the DOCX check above holds the spaces to account).
        let pdf = no_space(&pdf_text(&pdf::render(&doc).unwrap().bytes));
        for (field, typed) in &fields {
            let want = no_space(&printed(typed));
            prop_assert!(pdf.contains(&want), "PDF, {field}: {want:?} not in {pdf:?}");
        }
    }
}

// ---- generated documents ------------------------------------------------------------

/// A plain word: letters only, so no label or markup is read into it.
fn word() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select("abcdđeghiklmnopqrstuvxyàáạảãâầấậẩẫăằắặẳẵêềếệểễôồốộổỗơờớợởỡưừứựửữ".chars().collect::<Vec<_>>()), 2..=7)
        .prop_map(|c| c.into_iter().collect())
}

fn words(n: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(word(), n)
}

/// A body block: a heading, a paragraph, a list or a table, and its words.
fn block() -> impl Strategy<Value = (String, Vec<String>)> {
    prop_oneof![
        words(1..=4).prop_map(|w| (format!("# {}", w.join(" ")), w)),
        words(1..=4).prop_map(|w| (format!("## {}", w.join(" ")), w)),
        words(3..=40).prop_map(|w| (w.join(" "), w)),
        (words(2..=6), proptest::bool::ANY).prop_map(|(w, bold)| {
            let text = if bold { format!("**{}** {}", w[0], w[1..].join(" ")) } else { w.join(" ") };
            (text, w)
        }),
        proptest::collection::vec(words(1..=5), 1..=4).prop_map(|items| {
            let text = items.iter().map(|w| format!("- {}", w.join(" "))).collect::<Vec<_>>().join("\n");
            (text, items.concat())
        }),
        proptest::collection::vec(words(1..=5), 1..=4).prop_map(|items| {
            let text = items.iter().map(|w| format!("1. {}", w.join(" "))).collect::<Vec<_>>().join("\n");
            (text, items.concat())
        }),
        (proptest::collection::vec(word(), 2..=3), proptest::collection::vec(words(1..=3), 1..=3)).prop_map(|(head, cells)| {
            let cols = head.len();
            let mut t = format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(cols));
            let mut all = head.clone();
            for row in &cells {
                let row: Vec<String> = (0..cols).map(|i| row.get(i).cloned().unwrap_or_else(|| "x".into())).collect();
                t.push_str(&format!("| {} |\n", row.join(" | ")));
                all.extend(row.into_iter().filter(|c| c != "x"));
            }
            (t, all)
        }),
    ]
}

/// A valid document of a generated kind, with generated parts, and the words
/// it must print (issuer words upper-cased).
fn document() -> impl Strategy<Value = (Value, Vec<String>)> {
    let kinds = proptest::sample::select(vec!["bao-cao", "thong-bao-ket-luan", "to-trinh", "huong-dan", "quy-che"]);
    (
        kinds,
        proptest::sample::select(vec!["dang-hd36", "dang-hd05"]),
        words(1..=4),
        words(1..=8),
        proptest::collection::vec(block(), 1..=8),
        words(2..=3),
        proptest::collection::vec(words(1..=4), 1..=4),
        proptest::bool::ANY,
        proptest::option::of(1u32..=99999),
    )
        .prop_map(|(kind, profile, issuer, subject, blocks, signer, recipients, marks, number)| {
            let mut expect = Vec::new();
            expect.extend(issuer.iter().map(|w| text::upper(w)));
            expect.extend(subject.iter().cloned());
            expect.extend(signer.iter().cloned());
            let mut body: Vec<String> = blocks.iter().map(|(t, _)| t.clone()).collect();
            for (_, w) in &blocks {
                expect.extend(w.iter().cloned());
            }
            body.push("Trên đây là báo cáo.".into());
            let mut items: Vec<String> = Vec::new();
            if kind == "to-trinh" {
                items.push("Như trên".into());
            }
            for r in &recipients {
                items.push(r.join(" "));
                expect.extend(r.iter().cloned());
            }
            items.push("Lưu VPTU".into());
            let mut json = json!({
                "profile": profile,
                "kind": kind,
                "issuer": { "parent": "Đảng bộ tỉnh Đồng Nai", "name": format!("Ban Thường vụ {}", issuer.join(" ")), "code": "TU" },
                "place": "Đồng Nai",
                "date": "2024-02-05",
                "subject": format!("về {}", subject.join(" ")),
                "body": body,
                "signature": { "authority": "T/M Ban Thường vụ", "position": "Phó Bí thư", "name": signer.join(" ") },
                "recipients": items,
            });
            if let Some(n) = number {
                json["number"] = json!(n);
            }
            if marks {
                json["marks"] = json!({ "secrecy": "mat", "urgency": "khan", "circulation": "Tài liệu hội nghị", "not_public": true });
            }
            if profile == "dang-hd05" {
                json["date"] = json!("2026-06-01");
            }
            if kind == "thong-bao-ket-luan" {
                json["concluded_by"] = json!("Ban Thường vụ");
            }
            if kind == "to-trinh" {
                json["addressees"] = json!(["Ban Thường vụ Tỉnh ủy"]);
            }
            (json, expect)
        })
}

proptest! {
    #![proptest_config(config())]

    /// Any valid document made of generated parts renders: a DOCX whose parts
    /// are well-formed XML, a PDF holding every generated word.
    #[test]
    fn generated_documents_render((json, words) in document()) {
        let doc = match vanban::model::from_json(&json.to_string(), vanban::profile::Profiles::builtin(), None) {
            Ok(doc) => doc,
            Err(p) => return Err(TestCaseError::fail(format!("not valid: {p:#?}\n{json:#}"))),
        };
        let bytes = docx::render(&doc).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a ZIP package");
        let names: Vec<String> = zip.file_names().map(String::from).collect();
        for name in names.iter().filter(|n| n.ends_with(".xml") || n.ends_with(".rels")) {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
            if let Err(e) = roxmltree::Document::parse(&xml) {
                return Err(TestCaseError::fail(format!("{name}: {e}")));
            }
        }
        let docx = docx_text(&bytes);
        let pdf = pdf_text(&pdf::render(&doc).unwrap().bytes);
        // Some headings are upper-cased by the profile (chương, mục titles).
        let has = |text: &str, w: &str| text.contains(w) || text.contains(&text::upper(w));
        for w in &words {
            prop_assert!(has(&docx, w), "DOCX: {w:?} missing\n{json:#}");
            prop_assert!(has(&pdf, w), "PDF: {w:?} missing\n{json:#}");
        }
    }
}

//! Lint (issue 16, part 2): vanban's own DOCX has no thể thức problem; a
//! DOCX carrying one deliberate defect (made here by editing vanban's XML)
//! has exactly that one, with its code and paragraph. The CLI and the API lint too.

mod common;

use std::io::{Read, Write};
use std::process::Command;

use vanban::import::lint::{self, LintProblem};
use vanban::profile::Profiles;

fn docx_of(sample: &str) -> Vec<u8> {
    vanban::render::docx::render(&common::sample(sample)).unwrap()
}

/// The package with `word/document.xml` rewritten by `f`.
fn edited(docx: &[u8], f: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut f = Some(f);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            let edit = f.take().unwrap();
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The paragraph (1-based, in document order) the byte `at` of the XML is in:
/// how many paragraphs start before it.
fn paragraph_at(xml: &str, at: usize) -> usize {
    let head = &xml[..at];
    ["<w:p>", "<w:p ", "<w:p/>"].iter().map(|t| head.matches(t).count()).sum()
}

fn paragraph_of(xml: &str, needle: &str) -> usize {
    paragraph_at(xml, xml.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the XML")))
}

/// The sample's DOCX with the paragraph holding `needle` rewritten by `f`
/// (its XML from `<w:p` to `</w:p>`), and that paragraph's number.
fn paragraph_edited(needle: &str, f: impl FnOnce(&str) -> String) -> (Vec<u8>, usize) {
    let original = docx_of(SAMPLE);
    let xml = document_xml(&original);
    let at = xml.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the XML"));
    let start = xml[..at].rfind("<w:p ").unwrap();
    let end = at + xml[at..].find("</w:p>").unwrap();
    let docx = edited(&original, |xml| format!("{}{}{}", &xml[..start], f(&xml[start..end]), &xml[end..]));
    (docx, paragraph_at(&xml, at))
}

/// The sample's DOCX with the first `from` made `to`, and the number of the
/// paragraph it is in.
fn replaced(from: &str, to: &str) -> (Vec<u8>, usize) {
    let original = docx_of(SAMPLE);
    let paragraph = paragraph_of(&document_xml(&original), from);
    (edited(&original, |xml| xml.replacen(from, to, 1)), paragraph)
}

fn problems(docx: &[u8]) -> Vec<LintProblem> {
    lint::lint(docx, Profiles::builtin(), None).unwrap().problems
}

/// Exactly one problem, with this code, at this paragraph.
fn one(docx: &[u8], code: &str, paragraph: usize) -> LintProblem {
    let found = problems(docx);
    assert_eq!(found.iter().map(|p| (p.code.as_str(), p.paragraph)).collect::<Vec<_>>(), [(code, paragraph)], "{found:#?}");
    found.into_iter().next().unwrap()
}

#[test]
fn vanban_own_docx_has_no_problem() {
    let mut failures = Vec::new();
    for path in common::sample_paths() {
        let doc = common::load(&path);
        let docx = vanban::render::docx::render(&doc).unwrap();
        let result = lint::lint(&docx, Profiles::builtin(), None).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if doc.profile.id != result.profile {
            failures.push(format!("{name}: linted under {}, rendered under {}", result.profile, doc.profile.id));
        }
        failures.extend(result.problems.iter().map(|p| format!("{name}: {} ¶{} {}", p.code, p.paragraph, p.message)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_template_example_has_a_problem() {
    let mut failures = Vec::new();
    for t in vanban::templates::Store::builtin().list() {
        let doc = t.render_document(&t.example, Profiles::builtin()).unwrap();
        let result = lint::lint(&vanban::render::docx::render(&doc).unwrap(), Profiles::builtin(), None).unwrap();
        failures.extend(result.problems.iter().map(|p| format!("{}: {} ¶{} {}", t.meta.id, p.code, p.paragraph, p.message)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const SAMPLE: &str = "quy-che-hd05-lam-viec";

/// The sample's body starts at its first căn cứ: that paragraph's number and
/// where it starts in the XML.
fn body_start(xml: &str) -> (usize, usize) {
    let text = xml.find("Căn cứ").unwrap();
    (paragraph_at(xml, text), xml[..text].rfind("<w:p ").unwrap())
}

#[test]
fn a_wrong_margin_is_found() {
    let docx = edited(&docx_of(SAMPLE), |xml| xml.replacen(r#"w:left="1701""#, r#"w:left="1417""#, 1));
    let p = one(&docx, "lint-margin", 0);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("25 mm", "30 mm"));
    assert!(p.message.contains("lề trái") && p.message.contains("05-HD/VPTW"), "{}", p.message);
}

#[test]
fn a_wrong_page_size_is_found() {
    let docx = edited(&docx_of(SAMPLE), |xml| xml.replacen(r#"w:w="11906" w:h="16838""#, r#"w:w="12240" w:h="15840""#, 1));
    let found = problems(&docx);
    assert_eq!(found.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["lint-page-size"], "{found:#?}");
    assert_eq!((found[0].found.as_str(), found[0].expected.as_str()), ("215,9 × 279,4 mm", "210 × 297 mm"));
}

#[test]
fn a_13_pt_body_is_found_once_at_its_first_paragraph() {
    let original = docx_of(SAMPLE);
    let xml = document_xml(&original);
    // The body: from the first căn cứ to the signature table.
    let (first, start) = body_start(&xml);
    let end = start + xml[start..].find("<w:tbl>").unwrap();
    let docx = edited(&original, |xml| {
        let body = xml[start..end].replace(r#"<w:sz w:val="28" /><w:szCs w:val="28" />"#, r#"<w:sz w:val="26" /><w:szCs w:val="26" />"#);
        format!("{}{body}{}", &xml[..start], &xml[end..])
    });
    let p = one(&docx, "lint-font-size", first);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("13 pt", "14 pt"));
    assert!(p.message.contains("nội dung văn bản") && p.message.contains("đoạn"), "{}", p.message);
}

#[test]
fn a_bold_date_is_found() {
    let (docx, paragraph) = paragraph_edited("Bình Thạnh, ngày", |xml| xml.replace("<w:i />", "<w:b /><w:i />"));
    let p = one(&docx, "lint-bold", paragraph);
    assert!(p.message.contains("ngày tháng") && p.message.contains("không được in đậm"), "{}", p.message);
}

#[test]
fn a_colon_after_so_is_found() {
    let (docx, paragraph) = replaced(">Số 04", ">Số: 04");
    let p = one(&docx, "lint-number-format", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("Số:", "Số"));
    // A serial below 10 with one digit.
    let (docx, _) = replaced(">Số 04", ">Số 4");
    let p = one(&docx, "lint-number-format", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("Số 4-QC/ĐU", "Số 04-QC/ĐU"));
}

#[test]
fn a_date_without_its_leading_zeros_is_found() {
    let (docx, paragraph) = replaced("Bình Thạnh, ngày 15 tháng 8", "Bình Thạnh, ngày 15 tháng 08");
    let p = one(&docx, "lint-date-format", paragraph);
    assert_eq!(p.expected, "Bình Thạnh, ngày 15 tháng 8 năm 2026");
}

/// Renumbers every `Điều N.` from 1 in each chương, as a typist may; gives
/// the byte offsets of the first điều of each chương after the first.
fn restart_per_chapter(xml: &str) -> (String, Vec<usize>) {
    let (mut out, mut restarts) = (String::new(), Vec::new());
    let (mut rest, mut n, mut chapters) = (xml, 0, 0);
    loop {
        let next_chapter = rest.find(">Chương ");
        let next_article = rest.find(">Điều ");
        match (next_chapter, next_article) {
            (Some(c), a) if a.is_none_or(|a| c < a) => {
                out.push_str(&rest[..c + 1]);
                rest = &rest[c + 1..];
                n = 0;
                chapters += 1;
            }
            (_, Some(a)) => {
                out.push_str(&rest[..a + 1]);
                let after = &rest[a + ">Điều ".len()..];
                let digits = after.chars().take_while(char::is_ascii_digit).count();
                n += 1;
                if n == 1 && chapters > 1 {
                    restarts.push(out.len());
                }
                out.push_str(&format!("Điều {n}"));
                rest = &after[digits..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    (out, restarts)
}

#[test]
fn dieu_numbers_restarting_per_chuong_are_found() {
    let original = docx_of(SAMPLE);
    let (xml, restarts) = restart_per_chapter(&document_xml(&original));
    assert!(restarts.len() >= 2, "the sample has several chương");
    let want: Vec<(&str, usize)> = restarts.iter().map(|&at| ("lint-dieu-sequence", paragraph_at(&xml, at))).collect();
    let docx = edited(&original, |_| xml);
    let found = problems(&docx);
    assert_eq!(found.iter().map(|p| (p.code.as_str(), p.paragraph)).collect::<Vec<_>>(), want, "{found:#?}");
    assert_eq!(found[0].found, "Điều 1");
    assert!(found[0].message.contains("liên tục"), "{}", found[0].message);
}

#[test]
fn an_f_diem_is_found() {
    let (docx, paragraph) = replaced(">b) <", ">f) <");
    let p = one(&docx, "lint-diem-letter", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("f)", "b)"));
}

#[test]
fn a_comma_after_a_recipient_under_hd05_is_found() {
    let (docx, paragraph) = replaced("- Ban Thường vụ Thành ủy (b/c);", "- Ban Thường vụ Thành ủy (b/c),");
    let p = one(&docx, "lint-recipient-punctuation", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), (",", ";"));
}

#[test]
fn under_hd36_the_same_document_breaks_its_recipients_and_signature_rules() {
    let result = lint::lint(&docx_of(SAMPLE), Profiles::builtin(), Some("dang-hd36")).unwrap();
    assert_eq!(result.profile, "dang-hd36");
    let codes: std::collections::BTreeSet<&str> = result.problems.iter().map(|p| p.code.as_str()).collect();
    // HD 36 ends each recipient with `,` and prints the chức vụ bold.
    assert!(codes.contains("lint-recipient-punctuation") && codes.contains("lint-bold"), "{:#?}", result.problems);
    // A profile not in force on the document's date is said, as a warning.
    let w = result.problems.iter().find(|p| p.code == "lint-profile-not-in-force").expect("the profile's warning");
    assert_eq!((w.severity, w.paragraph, w.found.as_str(), w.expected.as_str()), (vanban::problem::Severity::Warning, 0, "dang-hd36", "dang-hd05"));
    assert!(lint::lint(&docx_of(SAMPLE), Profiles::builtin(), Some("khong-co")).is_err());
}

#[test]
fn the_command_line_lints_and_exits_1_on_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.docx");
    std::fs::write(&good, docx_of(SAMPLE)).unwrap();
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, edited(&docx_of(SAMPLE), |xml| xml.replacen(">Số 04", ">Số: 04", 1))).unwrap();
    let run = |args: &[&std::ffi::OsStr]| Command::new(env!("CARGO_BIN_EXE_vanban")).arg("lint").args(args).output().unwrap();
    let out = run(&[good.as_os_str()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("không có lỗi thể thức"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dang-hd05"));
    let out = run(&[bad.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[lint-number-format]"), "{}", String::from_utf8_lossy(&out.stdout));
    let out = run(&[bad.as_os_str(), "--json".as_ref()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["profile"].as_str(), v["problems"][0]["code"].as_str(), v["problems"][0]["expected"].as_str()), (Some("dang-hd05"), Some("lint-number-format"), Some("Số")));
    let out = run(&[good.as_os_str(), "--profile".as_ref(), "dang-hd36".as_ref(), "--json".as_ref()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["profile"], "dang-hd36");
    let junk = dir.path().join("junk.docx");
    std::fs::write(&junk, "x").unwrap();
    let out = run(&[junk.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không phải tệp DOCX"));
}

#[test]
fn fix_writes_the_document_rebuilt_without_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.docx");
    let docx = edited(&docx_of(SAMPLE), |xml| xml.replace(r#"<w:sz w:val="28" /><w:szCs w:val="28" />"#, r#"<w:sz w:val="26" /><w:szCs w:val="26" />"#));
    std::fs::write(&bad, docx).unwrap();
    let run = |args: &[&std::ffi::OsStr]| Command::new(env!("CARGO_BIN_EXE_vanban")).arg("lint").args(args).output().unwrap();
    for name in ["fixed.docx", "fixed.pdf"] {
        let fixed = dir.path().join(name);
        let out = run(&[bad.as_os_str(), "--fix".as_ref(), "-o".as_ref(), fixed.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "the input had errors: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("[lint-font-size]"));
        assert!(std::fs::metadata(&fixed).unwrap().len() > 1000, "{name} written");
    }
    let fixed = dir.path().join("fixed.docx");
    assert!(problems(&std::fs::read(&fixed).unwrap()).is_empty(), "the rebuilt DOCX has no problem");
    assert!(std::fs::read(dir.path().join("fixed.pdf")).unwrap().starts_with(b"%PDF-"));
    let out = run(&[bad.as_os_str(), "--fix".as_ref()]);
    assert_eq!(out.status.code(), Some(2), "--fix needs -o");
    let out = run(&[bad.as_os_str(), "--fix".as_ref(), "-o".as_ref(), dir.path().join("x.txt").as_os_str()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains(".docx hoặc .pdf"));
}

#[tokio::test]
async fn the_api_lints_a_docx_and_refuses_what_is_not_one() {
    let (base, _stop, _handle) = common::small_server().await;
    let url = format!("{base}/v1/lint");
    let docx_type = vanban::render::Format::Docx.content_type();
    let c = reqwest::Client::new();
    let bad = edited(&docx_of(SAMPLE), |xml| xml.replacen(r#"w:left="1701""#, r#"w:left="1417""#, 1));
    let res = c.post(&url).header("content-type", docx_type).body(bad).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["profile"], "dang-hd05");
    let p = &v["problems"][0];
    assert_eq!((p["code"].as_str(), p["paragraph"].as_u64(), p["found"].as_str(), p["severity"].as_str()), (Some("lint-margin"), Some(0), Some("25 mm"), Some("error")));
    assert!(p["message"].as_str().is_some_and(|m| m.contains("lề trái")) && p["quote"].is_string() && p["expected"] == "30 mm");
    let res = c.post(format!("{url}?profile=dang-hd36")).header("content-type", docx_type).body(docx_of(SAMPLE)).send().await.unwrap();
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!(v["profile"], "dang-hd36");
    assert!(!v["problems"].as_array().unwrap().is_empty());
    let res = c.post(format!("{url}?profile=khong-co")).header("content-type", docx_type).body(docx_of(SAMPLE)).send().await.unwrap();
    assert_eq!(common::problem_of(res).await, (400, "profile-unknown".into()));
    let res = c.post(format!("{url}?x=1")).header("content-type", docx_type).body(docx_of(SAMPLE)).send().await.unwrap();
    assert_eq!(common::problem_of(res).await, (400, "query-invalid".into()));
    let res = c.post(&url).header("content-type", "application/json").body("{}").send().await.unwrap();
    assert_eq!(common::problem_of(res).await, (415, "unsupported-media-type".into()));
    let res = c.post(&url).header("content-type", docx_type).body("not a zip").send().await.unwrap();
    assert_eq!(common::problem_of(res).await, (400, "docx-invalid".into()));
    let res = c.post(&url).header("content-type", docx_type).body(vec![0u8; 600 * 1024]).send().await.unwrap();
    assert_eq!(common::problem_of(res).await, (413, "body-too-large".into()));
}

/// A DOCX package around a body of hand-written WordprocessingML, as a
/// typist's Word leaves it (no vanban anywhere): A4, margins as given.
fn typed_docx(body: &str, margins: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
        ("word/styles.xml", r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="28"/></w:rPr></w:style></w:styles>"#.to_string()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar {margins}/></w:sectPr></w:body></w:document>"#)),
    ];
    for (name, xml) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A run: `b` bold, `i` italic, `u` underline; `\n` a manual line break.
fn r(look: &str, text: &str) -> String {
    let props: String = look.chars().map(|c| format!("<w:{c}/>")).collect();
    let content: String = text.split('\n').map(|t| format!(r#"<w:t xml:space="preserve">{t}</w:t>"#)).collect::<Vec<_>>().join("<w:br/>");
    format!("<w:r><w:rPr>{props}</w:rPr>{content}</w:r>")
}

fn p(align: &str, runs: &[String]) -> String {
    let jc = if align.is_empty() { String::new() } else { format!(r#"<w:pPr><w:jc w:val="{align}"/></w:pPr>"#) };
    format!("<w:p>{jc}{}</w:p>", runs.concat())
}

fn cell(paras: &[String]) -> String {
    format!("<w:tc>{}</w:tc>", paras.concat())
}

fn table(rows: &[Vec<String>]) -> String {
    let rows: String = rows.iter().map(|cells| format!("<w:tr>{}</w:tr>", cells.concat())).collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

#[test]
fn a_quy_che_typed_in_word_has_its_defects_found() {
    let header = table(&[
        vec![
            cell(&[p("center", &[r("", "ĐẢNG BỘ TỈNH ĐỒNG NAI\n"), r("b", "ĐẢNG ỦY XÃ PHƯỚC THIỀN"), r("", "\n*")])]),
            cell(&[p("center", &[r("b", "ĐẢNG CỘNG SẢN VIỆT NAM")])]),
        ],
        // ¶3, ¶4
        vec![cell(&[p("center", &[r("", "Số: 05-QC/ĐU")])]), cell(&[p("center", &[r("", "Phước Thiền, ngày 20 tháng 8 năm 2025")])])],
    ]);
    let signature = table(&[vec![
        // ¶20 … ¶22
        cell(&[p("", &[r("bi", "Nơi nhận:")]), p("", &[r("", "- Ban Thường vụ Tỉnh ủy;")]), p("", &[r("", "- Lưu Văn phòng Đảng ủy.")])]),
        cell(&[p("center", &[r("b", "T/M BAN CHẤP HÀNH")]), p("center", &[r("b", "BÍ THƯ")]), p("", &[]), p("center", &[r("b", "Phạm Minh Hoàng")])]),
    ]]);
    let body = [
        header,
        p("center", &[r("b", "QUY CHẾ")]),
        p("center", &[r("b", "làm việc của Ban Chấp hành Đảng bộ xã")]),
        p("center", &[r("i", "(Ban hành kèm theo Quyết định số 05-QĐ/ĐU, ngày 20/8/2025")]),
        p("center", &[r("i", "của Ban Chấp hành Đảng bộ xã)")]),
        p("center", &[r("", "-----")]),
        p("center", &[r("b", "Chương I")]),
        p("center", &[r("b", "NHỮNG QUY ĐỊNH CHUNG")]),
        p("both", &[r("b", "Điều 1. Phạm vi điều chỉnh")]),
        p("both", &[r("", "1. Quy chế này quy định nguyên tắc làm việc.")]),
        p("both", &[r("", "a) Trách nhiệm của tập thể;")]),
        p("both", &[r("", "c) Trách nhiệm của cá nhân.")]), // ¶15
        p("center", &[r("b", "Chương II")]),
        p("center", &[r("b", "ĐIỀU KHOẢN THI HÀNH")]),
        p("both", &[r("b", "Điều 1. "), r("", "Quy chế có hiệu lực kể từ ngày ký.")]), // ¶18
        p("", &[]),
        signature,
    ]
    .concat();
    let docx = typed_docx(&body, r#"w:top="1134" w:right="1134" w:bottom="1134" w:left="1701""#);
    let result = lint::lint(&docx, Profiles::builtin(), None).unwrap();
    assert_eq!(result.profile, "dang-hd36", "dated 2025: HD 36");
    let message = |code: &str, at: usize| result.problems.iter().find(|p| p.code == code && p.paragraph == at).map(|p| p.message.clone()).unwrap_or_default();
    assert!(message("lint-number-format", 3).contains("\"Số 05-QC/ĐU\""), "{}", message("lint-number-format", 3));
    assert!(message("lint-recipient-punctuation", 21).contains("kết thúc bằng \";\"; mỗi nơi nhận (trừ nơi cuối) kết thúc bằng \",\""), "{}", message("lint-recipient-punctuation", 21));
    assert!(message("lint-font-size", 2).contains("\"ĐẢNG CỘNG SẢN VIỆT NAM\" cỡ chữ 14 pt; hướng dẫn yêu cầu 15 pt"), "{}", message("lint-font-size", 2));
    assert!(message("lint-font-size", 5).contains("tên loại văn bản cỡ chữ 14 pt; hướng dẫn yêu cầu 16 pt"), "{}", message("lint-font-size", 5));
    let got: Vec<(&str, usize)> = result.problems.iter().map(|p| (p.code.as_str(), p.paragraph)).collect();
    assert_eq!(
        got,
        [
            ("lint-margin", 0),
            ("lint-font-size", 2),
            ("lint-number-format", 3),
            ("lint-italic", 4),
            ("lint-font-size", 5),
            ("lint-diem-sequence", 15),
            ("lint-dieu-sequence", 18),
            ("lint-bold", 20),
            ("lint-italic", 20),
            ("lint-underline", 20),
            ("lint-recipient-punctuation", 21),
        ],
        "{:#?}",
        result.problems
    );
}

#[test]
fn a_body_ending_with_dot_slash_dot_under_hd05_is_found() {
    let original = docx_of(SAMPLE);
    let xml = document_xml(&original);
    let table = xml[..xml.find("Nơi nhận").unwrap()].rfind("<w:tbl>").unwrap();
    let end = xml[..table].rfind(".</w:t>").unwrap();
    let paragraph = paragraph_at(&xml, end);
    let docx = edited(&original, |xml| format!("{}./.{}", &xml[..end], &xml[end + 1..]));
    let p = one(&docx, "lint-body-end", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("./.", "."));
    // HD 36 practice allows it.
    assert!(lint::lint(&docx, Profiles::builtin(), Some("dang-hd36")).unwrap().problems.iter().all(|p| p.code != "lint-body-end"));
}

#[test]
fn an_issuer_not_in_bold_is_found() {
    let (docx, paragraph) = paragraph_edited("ĐẢNG ỦY PHƯỜNG", |xml| xml.replace("<w:b /><w:bCs />", ""));
    let p = one(&docx, "lint-bold", paragraph);
    assert!(p.message.contains("cơ quan ban hành"), "{}", p.message);
}

#[test]
fn a_khoan_skipped_is_found() {
    let (docx, paragraph) = replaced(">2. <", ">3. <");
    let p = one(&docx, "lint-khoan-sequence", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("3.", "2."));
}

#[test]
fn a_body_in_another_typeface_is_found_once() {
    let original = docx_of(SAMPLE);
    let (first, start) = body_start(&document_xml(&original));
    let docx = edited(&original, |xml| {
        let rest = xml[start..].replace(r#"w:ascii="Times New Roman""#, r#"w:ascii="Arial""#);
        format!("{}{rest}", &xml[..start])
    });
    let p = one(&docx, "lint-font", first);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("Arial", "Times New Roman"));
}

#[test]
fn kinh_gui_names_end_as_the_profile_says() {
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(common::root().join("samples/cong-van-hd05-lay-y-kien.json")).unwrap()).unwrap();
    json["addressees"] = serde_json::json!(["Các chi bộ trực thuộc", "Ban Thường vụ Đoàn xã"]);
    let docx = vanban::render::docx::render(&common::doc_from(json)).unwrap();
    assert_eq!(problems(&docx), []);
    let paragraph = paragraph_of(&document_xml(&docx), "- Các chi bộ trực thuộc;");
    let bad = edited(&docx, |xml| xml.replacen("- Các chi bộ trực thuộc;", "- Các chi bộ trực thuộc,", 1));
    let p = one(&bad, "lint-addressee-punctuation", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), (",", ";"));
}

#[test]
#[ignore = "needs soffice (LibreOffice)"]
fn no_problem_after_libreoffice_rewrote_every_sample() {
    let soffice = common::soffice().expect("soffice on PATH");
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = common::sample_paths()
        .iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            std::fs::write(dir.path().join(format!("{name}.docx")), vanban::render::docx::render(&common::load(path)).unwrap()).unwrap();
            name
        })
        .collect();
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    let convert = |to: &str, out: &std::path::Path, files: Vec<std::path::PathBuf>| {
        let status = Command::new(&soffice).arg(&profile).args(["--headless", "--convert-to", to, "--outdir"]).arg(out).args(files).output().unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    };
    let (odt, back) = (dir.path().join("odt"), dir.path().join("back"));
    convert("odt", &odt, names.iter().map(|n| dir.path().join(format!("{n}.docx"))).collect());
    convert("docx:MS Word 2007 XML", &back, names.iter().map(|n| odt.join(format!("{n}.odt"))).collect());
    let mut failures = Vec::new();
    for name in &names {
        let docx = std::fs::read(back.join(format!("{name}.docx"))).unwrap();
        failures.extend(problems(&docx).iter().map(|p| format!("{name}: {} ¶{} {}", p.code, p.paragraph, p.message)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_report_typed_with_tabs_is_linted_column_by_column() {
    let kind = r("b", "BÁO CÁO").replace("<w:b/>", r#"<w:b/><w:sz w:val="32"/>"#);
    let body = [
        p("", &[r("", "ĐẢNG BỘ TỈNH ĐỒNG NAI\t\t"), r("b", "ĐẢNG CỘNG SẢN VIỆT NAM")]),
        p("", &[r("b", "ĐẢNG ỦY XÃ PHƯỚC THIỀN")]),
        p("", &[r("", "*")]),
        p("", &[r("", "Số 1"), r("", "2"), r("", "-BC/ĐU\t\t"), r("i", "Phước Thiền, ngày 05 tháng 3 năm 2026")]),
        p("", &[]),
        p("center", &[kind]),
        p("center", &[r("b", "kết quả công tác quý I năm 2026")]),
        p("center", &[r("", "-----")]),
        p("both", &[r("b", "I- ĐẶC ĐIỂM TÌNH HÌNH")]),
        p("both", &[r("", "Trong quý, Đảng ủy đã tập trung lãnh đạo thực hiện nhiệm vụ.")]),
        p("", &[r("b", "\t\t\tT/M BAN THƯỜNG VỤ")]),
        p("", &[r("b", "\t\t\tBÍ THƯ")]),
        p("", &[r("u", "Nơi nhận:")]),
        p("", &[r("", "- Ban Thường vụ Tỉnh ủy (b/c);")]), // ¶14
        p("", &[r("", "- Lưu Văn phòng Đảng ủy.\t\t\t"), r("b", "Nguyễn Văn An")]),
    ]
    .concat();
    let docx = typed_docx(&body, r#"w:top="1134" w:right="851" w:bottom="1134" w:left="1701""#);
    let result = lint::lint(&docx, Profiles::builtin(), None).unwrap();
    assert_eq!(result.profile, "dang-hd36");
    assert_eq!(result.problems.iter().map(|p| (p.code.as_str(), p.paragraph)).collect::<Vec<_>>(), [("lint-recipient-punctuation", 14)], "{:#?}", result.problems);
    // The date line's look is its column's: not italic is found.
    let plain = typed_docx(&body.replace(r#"<w:i/></w:rPr><w:t xml:space="preserve">Phước Thiền"#, r#"</w:rPr><w:t xml:space="preserve">Phước Thiền"#), r#"w:top="1134" w:right="851" w:bottom="1134" w:left="1701""#);
    let codes: Vec<(String, usize)> = problems(&plain).into_iter().map(|p| (p.code, p.paragraph)).collect();
    assert!(codes.contains(&("lint-italic".to_string(), 4)), "{codes:?}");
}

#[test]
fn a_trich_yeu_in_13_pt_is_found() {
    let (docx, paragraph) = paragraph_edited("làm việc của Ban Chấp hành", |xml| xml.replace(r#"w:val="28""#, r#"w:val="26""#));
    let p = one(&docx, "lint-font-size", paragraph);
    assert!(p.message.starts_with("trích yếu cỡ chữ 13 pt"), "{}", p.message);
}

#[test]
fn a_body_paragraph_not_justified_is_found() {
    let (docx, paragraph) = paragraph_edited("Căn cứ", |xml| xml.replace(r#"<w:jc w:val="both" />"#, r#"<w:jc w:val="left" />"#));
    let p = one(&docx, "lint-alignment", paragraph);
    assert_eq!((p.found.as_str(), p.expected.as_str()), ("căn trái", "căn đều hai bên"));
}

//! Helpers shared by the integration tests: samples, PDF text and geometry, DOCX XML.
#![allow(dead_code)]

pub mod slots;

use std::path::{Path, PathBuf};

use typst::layout::{Frame, FrameItem, Point};
use vanban::model::{self, Document};
use vanban::profile::Profiles;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every document description in samples/ (JSON files with a `kind`).
pub fn sample_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            v.get("kind").is_some()
        })
        .collect();
    paths.sort();
    paths
}

pub fn load(path: &Path) -> Document {
    let text = std::fs::read_to_string(path).unwrap();
    model::from_json(&text, Profiles::builtin(), None)
        .unwrap_or_else(|p| panic!("{}: {p:#?}", path.display()))
}

pub fn sample(name: &str) -> Document {
    load(&root().join("samples").join(format!("{name}.json")))
}

pub fn doc_from(json: serde_json::Value) -> Document {
    model::from_json(&json.to_string(), Profiles::builtin(), None).unwrap_or_else(|p| panic!("{p:#?}"))
}

/// A small valid báo cáo to vary in tests.
pub fn minimal_json() -> serde_json::Value {
    serde_json::json!({
        "kind": "bao-cao",
        "issuer": { "parent": "Đảng bộ tỉnh Đồng Nai", "name": "Ban Thường vụ", "code": "TU" },
        "number": 5,
        "place": "Đồng Nai",
        "date": "2024-02-05",
        "subject": "kết quả thực hiện Quy chế làm việc",
        "body": ["# Đặc điểm", "Nội dung báo cáo.", "Trên đây là báo cáo."],
        "signature": { "authority": "T/M Ban Thường vụ", "position": "Phó Bí thư", "name": "Hồ Thanh Sơn" },
        "recipients": ["Các đ/c TVTU", "Lưu VPTU"]
    })
}

/// The text of every page, whitespace collapsed to single spaces.
pub fn pdf_pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .keys()
        .map(|&n| collapse(&doc.extract_text(&[n]).unwrap()))
        .collect()
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts the needles occur in `haystack` in this order.
pub fn assert_in_order(haystack: &str, needles: &[&str], what: &str) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(i) => from += i + needle.len(),
            None => panic!("{what}: \"{needle}\" missing or out of order after byte {from}"),
        }
    }
}

/// A positioned run of text on a laid-out page (points, y downwards, baseline).
#[derive(Debug, Clone)]
pub struct PlacedText {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
}

/// A stroked rectangle on a page (a mark's frame, a table's cell), or a
/// stroked line (zero width or height).
#[derive(Debug, Clone)]
pub struct PlacedRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl PlacedRect {
    pub fn contains(&self, t: &PlacedText) -> bool {
        t.x >= self.x - 0.5 && t.x + t.width <= self.x + self.width + 0.5 && t.y >= self.y && t.y <= self.y + self.height
    }
}

pub fn placed_rects(frame: &Frame) -> Vec<PlacedRect> {
    let mut out = Vec::new();
    walk_rects(frame, Point::zero(), &mut out);
    out
}

fn walk_rects(frame: &Frame, origin: Point, out: &mut Vec<PlacedRect>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(g) => walk_rects(&g.frame, at + Point::new(g.transform.tx, g.transform.ty), out),
            FrameItem::Shape(shape, _) => {
                let size = match shape.geometry {
                    typst::visualize::Geometry::Rect(size) => Some(size),
                    // A stroked line (a table's border) is a rectangle with no width or height.
                    typst::visualize::Geometry::Line(delta) => Some(typst::layout::Size::new(delta.x, delta.y)),
                    _ => None,
                };
                if let Some(size) = size
                    && shape.stroke.is_some()
                {
                    out.push(PlacedRect { x: at.x.to_pt(), y: at.y.to_pt(), width: size.x.to_pt(), height: size.y.to_pt() });
                }
            }
            _ => {}
        }
    }
}

pub fn placed_text(frame: &Frame) -> Vec<PlacedText> {
    let mut out = Vec::new();
    walk(frame, Point::zero(), &mut out);
    out
}

fn walk(frame: &Frame, origin: Point, out: &mut Vec<PlacedText>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(g) => {
                let shifted = at + Point::new(g.transform.tx, g.transform.ty);
                walk(&g.frame, shifted, out)
            }
            FrameItem::Text(t) => {
                // A space that ends a line hangs into the margin without ink: leave it out.
                let inked = t.glyphs.iter().rev().skip_while(|g| t.text[g.range()].trim().is_empty());
                let width = inked.map(|g| g.x_advance.at(t.size).to_pt()).sum();
                let variant = t.font.info().variant;
                out.push(PlacedText {
                    text: t.text.to_string(),
                    x: at.x.to_pt(),
                    y: at.y.to_pt(),
                    width,
                    size: t.size.to_pt(),
                    bold: variant.weight >= typst::text::FontWeight::BOLD,
                    italic: variant.style != typst::text::FontStyle::Normal,
                })
            }
            _ => {}
        }
    }
}

pub fn docx_part(docx: &[u8], name: &str) -> String {
    vanban::render::docx::read_part(docx, name).unwrap_or_else(|| panic!("no {name} in the package"))
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Text of a `w:p` element.
pub fn para_text(p: roxmltree::Node) -> String {
    p.descendants()
        .filter_map(|n| match n.tag_name().name() {
            "t" if n.has_tag_name((W, "t")) => n.text(),
            "noBreakHyphen" if n.has_tag_name((W, "noBreakHyphen")) => Some("-"),
            _ => None,
        })
        .collect()
}

pub fn attr<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// Runs (`w:r`) that carry text, with their properties node if any.
pub fn text_runs<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "r")))
        .filter(|r| r.children().any(|c| c.has_tag_name((W, "t")) && c.text().is_some_and(|t| !t.is_empty())))
        .collect()
}

pub fn run_prop<'a>(run: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    run.children().find(|c| c.has_tag_name((W, "rPr")))?.children().find(|c| c.has_tag_name((W, name)))
}

/// Is `soffice` on PATH?
pub fn soffice() -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join("soffice"))
        .find(|p| p.is_file())
}

/// What must be read, in this order, on a rendered document (the-thuc §2–§5).
pub fn reading_order(doc: &Document) -> Vec<String> {
    let first_words = |s: &str| s.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let mut needles = vec![doc.header.party_title.clone()];
    needles.extend(doc.header.parent.iter().map(|l| first_words(l)));
    needles.extend(doc.header.issuer.iter().map(|l| first_words(l)));
    needles.extend(doc.header.number.as_deref().map(|n| n.split_whitespace().collect::<Vec<_>>().join(" ")));
    // A kind's slots: a công văn has no tên loại, its trích yếu under the number.
    let slots = doc.profile.kind(&doc.kind).map(|k| k.slots.clone()).unwrap_or_default();
    let under_number = slots.subject == vanban::profile::SubjectSlot::UnderNumber;
    if under_number {
        needles.extend(doc.title.subject.first().cloned());
    }
    needles.push(doc.header.place_date.split_whitespace().collect::<Vec<_>>().join(" "));
    if slots.kind_line {
        needles.push(doc.title.kind_name.clone());
    }
    if !under_number {
        needles.extend(doc.title.subject.first().cloned());
    }
    let body = doc.plain_text();
    needles.push(first_words(body.lines().next().unwrap()));
    needles.push(first_words(body.lines().last().unwrap()));
    if let Some(sig) = &doc.signature {
        needles.extend(sig.authority.clone());
        needles.extend(sig.position.clone());
        needles.push(sig.name.clone());
        if slots.recipients {
            needles.push(doc.recipients[0].label.clone());
            needles.push(doc.recipients[0].items.last().unwrap().clone());
        }
    }
    needles
}

/// The render engine's PDF checks: pages of the profile's paper (A4, or A5
/// for a giấy mời; upright, or turned for a landscape phụ lục), every font
/// embedded and subset, text in reading order, and a DOCX that packs and parses.
pub fn assert_pdf_meets_the_thuc(doc: &Document, what: &str) {
    let out = vanban::render::pdf::render(doc).unwrap();
    let pdf = lopdf::Document::load_mem(&out.bytes).unwrap();
    assert_eq!(pdf.get_pages().len(), out.pages, "{what}");
    for (_, page_id) in pdf.get_pages() {
        let media = pdf.get_dictionary(page_id).unwrap().get(b"MediaBox").unwrap().as_array().unwrap();
        let dims: Vec<f64> = media.iter().map(|o| o.as_float().map(f64::from).or_else(|_| o.as_i64().map(|i| i as f64)).unwrap()).collect();
        let (short, long) = (dims[2].min(dims[3]), dims[2].max(dims[3]));
        let page = &doc.profile.page;
        let pt = |mm: f64| mm * 72.0 / 25.4;
        let (want_short, want_long) = (pt(page.width_mm.min(page.height_mm)), pt(page.width_mm.max(page.height_mm)));
        assert!((short - want_short).abs() < 0.5 && (long - want_long).abs() < 0.5, "{what}: not the profile's paper: {dims:?}");
        assert!((want_short - 595.28).abs() < 0.5 || (want_short - 419.53).abs() < 0.5, "{what}: A4 or A5");
    }
    assert_fonts_embedded(&pdf, what);
    let text = pdf_pages_text(&out.bytes).join(" ");
    let needles = reading_order(doc);
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    assert_in_order(&text, &needles, what);
    let docx = vanban::render::docx::render(doc).unwrap();
    roxmltree::Document::parse(&docx_part(&docx, "word/document.xml")).unwrap_or_else(|e| panic!("{what}: {e}"));
}

pub fn assert_fonts_embedded(pdf: &lopdf::Document, what: &str) {
    let mut descriptors = 0;
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
            descriptors += 1;
            let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"].iter().any(|k| dict.has(k));
            let name = String::from_utf8_lossy(dict.get(b"FontName").unwrap().as_name().unwrap()).to_string();
            assert!(embedded, "{what}: font {name} is not embedded");
            assert!(name.contains('+'), "{what}: font {name} is not subset");
            assert!(name.contains("LiberationSerif"), "{what}: unexpected font {name}");
        }
    }
    assert!(descriptors >= 2, "{what}: expected regular and bold faces, found {descriptors}");
}

/// A server on a free port with one worker, a queue of 4 and a 512 KiB body
/// limit, as the DOCX routes' tests want it: the base URL and what keeps it running.
pub async fn small_server() -> (String, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    use vanban::server::{self, AppState, Settings};
    let settings = Settings { workers: 1, queue: 4, body_limit: 512 * 1024, ..Settings::default() };
    let state = AppState::new(settings, Profiles::builtin().clone(), vanban::templates::Store::builtin().clone()).unwrap();
    let (addr, stop, handle) = server::spawn(state).await.unwrap();
    (format!("http://{addr}"), stop, handle)
}

/// A problem+json answer's status and code.
pub async fn problem_of(res: reqwest::Response) -> (u16, String) {
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let status = res.status().as_u16();
    let body: serde_json::Value = res.json().await.unwrap();
    (status, body["code"].as_str().unwrap_or_default().to_string())
}

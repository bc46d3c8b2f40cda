//! A hội nghị bundle: the documents of one conference, in order, as a ZIP of
//! DOCX and PDF files, one merged PDF (cover page first, a bookmark per
//! document, each keeping its own page numbers) and `manifest.json` with the
//! sha256 of every file. Every item is checked before anything is rendered.

use std::io::{Cursor, Write};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zip::ZipWriter;

use crate::compare::{self, CompareInput};
use crate::model::document::{Align, Block, Cell, Document, Header, Marks, Meta, Span, Table, Title};
use crate::model::{self};
use crate::problem::Problem;
use crate::profile::Profiles;
use crate::render::{self, RenderError, merge};
use crate::templates::Store;
use crate::text;

/// Danh sách tài liệu của một hội nghị.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Tên bộ hồ sơ, ví dụ "tài liệu trình Hội nghị Ban Chấp hành Đảng bộ xã tháng 10/2022".
    #[schemars(length(min = 1))]
    pub title: String,
    /// Các tài liệu, theo thứ tự trình.
    #[schemars(length(min = 1))]
    pub documents: Vec<Item>,
}

/// Một tài liệu: mô tả văn bản, mẫu và dữ liệu, hoặc bảng so sánh hai quy chế.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Tên trong mục lục; mặc định là tên loại, số và trích yếu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Lần dự thảo: in "Dự thảo lần N" trên tài liệu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 99))]
    pub draft: Option<u32>,
    /// Mô tả văn bản đầy đủ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Value>,
    /// Mã mẫu (đi cùng "data").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Dữ liệu của mẫu.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Bảng so sánh hai phiên bản quy chế.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<CompareInput>,
}

/// A file of the bundle, as listed in `manifest.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub name: String,
    pub sha256: String,
    pub bytes: usize,
}

/// One rendered document of the bundle.
struct Rendered {
    title: String,
    stem: String,
    pdf: Vec<u8>,
    pages: usize,
    /// None when only the merged PDF is wanted.
    docx: Option<Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("tài liệu chưa hợp lệ")]
    Invalid(Vec<Problem>),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// Parses a manifest from JSON; every structural problem at once.
pub fn parse(value: &Value) -> Result<Manifest, Vec<Problem>> {
    static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(model::validator_for::<Manifest>);
    model::parse_as(value, &VALIDATOR)
}

/// Resolves every item to a document, or lists every problem with its item's
/// index (`/documents/2/…`).
pub fn documents(manifest: &Manifest, profiles: &Profiles, store: &Store) -> Result<Vec<(Option<String>, Document)>, Vec<Problem>> {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in manifest.documents.iter().enumerate() {
        let at = format!("/documents/{i}");
        match resolve_item(item, profiles, store) {
            Ok(doc) => docs.push((item.title.clone(), doc)),
            Err(p) => problems.extend(p.into_iter().map(|p| p.under(&at))),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    issue_with_decision(&mut docs);
    Ok(docs)
}

/// A quy chế (or any document with articles) that does not say what issues
/// it gets its `(Ban hành kèm theo Quyết định số …, ngày … của …)` line from
/// the bundle's quyết định: the first document whose enacting line names a
/// body (`… QUYẾT ĐỊNH`).
fn issue_with_decision(docs: &mut [(Option<String>, Document)]) {
    let enacts = |d: &Document| d.profile.kind(&d.kind).and_then(|k| k.slots.enacting.as_deref()).is_some_and(|f| f.contains("{body}"));
    let Some(decision) = docs.iter().map(|(_, d)| d).find(|d| enacts(d)).cloned() else { return };
    for (_, doc) in docs.iter_mut() {
        let articles = doc.profile.kind(&doc.kind).is_some_and(|k| k.structure == crate::profile::Structure::Articles);
        if articles && !enacts(doc) && doc.title.issued_with.is_empty() {
            let line = decision.reference(&doc.profile.title.issued_with_format);
            doc.title.issued_with = crate::model::build::issued_with_lines(&line, &doc.profile);
        }
    }
}

fn resolve_item(item: &Item, profiles: &Profiles, store: &Store) -> Result<Document, Vec<Problem>> {
    let mut doc = match (&item.document, &item.template, &item.data, &item.compare) {
        (Some(d), None, None, None) => model::resolve_value(d, profiles, None).map_err(|p| under(p, "/document"))?,
        (None, Some(id), Some(data), None) => store.render_document(id, data, profiles)?,
        (None, None, None, Some(c)) => compare::build(c, profiles, store).map_err(|p| under(p, "/compare"))?,
        _ => {
            return Err(vec![Problem::error(
                "bundle-item-shape",
                "",
                "mỗi tài liệu có đúng một trong: \"document\", \"template\" với \"data\", hoặc \"compare\"",
            )]);
        }
    };
    if let Some(n) = item.draft {
        doc.marks.draft = Some(doc.profile.marks.draft_round.replace("{n}", &n.to_string()));
    }
    Ok(doc)
}

fn under(problems: Vec<Problem>, prefix: &str) -> Vec<Problem> {
    problems.into_iter().map(|p| p.under(prefix)).collect()
}

/// The name a document is listed under: tên loại, số, trích yếu.
fn listing(doc: &Document) -> String {
    let subject = doc.title.subject.join(" ");
    match doc.registered_number() {
        Some(n) => format!("{} số {n} {subject}", doc.kind_label()),
        None => format!("{} {subject}", doc.kind_label()),
    }
}

/// `01-to-trinh-18-ttr-du`, `03-quy-che-du-thao`.
fn file_stem(index: usize, doc: &Document) -> String {
    let kind = doc.kind_label();
    let name = match doc.registered_number() {
        Some(n) => format!("{kind} {n}"),
        None if doc.marks.draft.is_some() => format!("{kind} dự thảo"),
        None => kind,
    };
    format!("{index:02}-{}", text::ascii_slug(&name))
}

fn render_one(title: String, stem: String, doc: &Document, with_docx: bool) -> Result<Rendered, RenderError> {
    let pdf = render::pdf::render(doc)?;
    let docx = if with_docx { Some(render::docx::render(doc)?) } else { None };
    Ok(Rendered { title, stem, pdf: pdf.bytes, pages: pdf.pages, docx })
}

/// The cover: a numberless, unsigned page listing the documents and where
/// each starts in the merged PDF.
fn cover(title: &str, first: &Document, listed: &[(String, usize)], cover_pages: usize) -> Document {
    let profile = first.profile.clone();
    let b = &profile.bundle;
    let mut rows = vec![b.columns.iter().map(|c| Cell { spans: vec![Span { text: c.clone(), bold: true, ..Span::default() }], align: Align::Center }).collect::<Vec<_>>()];
    let mut page = cover_pages + 1;
    for (i, (name, pages)) in listed.iter().enumerate() {
        let range = if *pages > 1 { format!("{page}–{}", page + pages - 1) } else { page.to_string() };
        rows.push(vec![
            Cell { spans: vec![Span::plain((i + 1).to_string())], align: Align::Center },
            Cell { spans: vec![Span::plain(name.clone())], align: Align::Left },
            Cell { spans: vec![Span::plain(range)], align: Align::Center },
        ]);
        page += pages;
    }
    let text_width = profile.page.text_width_mm();
    let widths_mm = vec![12.0, text_width - 12.0 - 28.0, 28.0];
    let kind_name = text::upper(&b.kind_name);
    let subject = crate::linebreak::phrase_lines(title, crate::profile::mm_to_pt(text_width) * profile.layout.subject_width_ratio, profile.styles.subject.size, profile.styles.subject.bold, false);
    Document {
        profile: profile.clone(),
        kind: "danh-muc".into(),
        landscape: false,
        date: first.date,
        meta: Meta::new(format!("{kind_name} {title}"), first.meta.author.clone(), &profile),
        marks: Marks::default(),
        header: Header { number: None, ..first.header.clone() },
        title: Title { kind_name, conclusion: None, subject, issued_with: Vec::new(), separator: profile.title.separator.clone(), addressees: None },
        body: vec![Block::Table(Table { widths_mm, header_rows: 1, rows, keep_rows: true })],
        enacting: None,
        signature: None,
        co_signature: None,
        confirmation: None,
        recipients: Vec::new(),
        typist_mark: None,
        contact: Vec::new(),
        annexes: Vec::new(),
        copy: None,
        warnings: Vec::new(),
    }
}

/// Builds the whole bundle as ZIP bytes.
pub fn build(manifest: &Manifest, profiles: &Profiles, store: &Store) -> Result<Vec<u8>, BundleError> {
    let Assembled { cover, rendered, merged } = assemble(manifest, profiles, store, true)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for r in std::iter::once(&cover).chain(&rendered) {
        if let Some(docx) = &r.docx {
            files.push((format!("{}.docx", r.stem), docx.clone()));
        }
        files.push((format!("{}.pdf", r.stem), r.pdf.clone()));
    }
    files.push((MERGED_NAME.into(), merged));
    zip_with_manifest(&manifest.title, files, &rendered)
}

/// The merged PDF alone (`toan-bo-ho-so.pdf` of the ZIP).
pub fn merged_pdf(manifest: &Manifest, profiles: &Profiles, store: &Store) -> Result<Vec<u8>, BundleError> {
    Ok(assemble(manifest, profiles, store, false)?.merged)
}

/// The name of the merged PDF in the ZIP.
pub const MERGED_NAME: &str = "toan-bo-ho-so.pdf";

/// Every document rendered, the cover and the merged PDF.
struct Assembled {
    cover: Rendered,
    rendered: Vec<Rendered>,
    merged: Vec<u8>,
}

/// `with_docx`: the ZIP holds every document as DOCX too; the merged PDF alone does not need them.
fn assemble(manifest: &Manifest, profiles: &Profiles, store: &Store, with_docx: bool) -> Result<Assembled, BundleError> {
    let docs = documents(manifest, profiles, store).map_err(BundleError::Invalid)?;
    let mut rendered = Vec::new();
    for (i, (title, doc)) in docs.iter().enumerate() {
        let title = title.clone().unwrap_or_else(|| listing(doc));
        rendered.push(render_one(title, file_stem(i + 1, doc), doc, with_docx)?);
    }
    let listed: Vec<(String, usize)> = rendered.iter().map(|r| (r.title.clone(), r.pages)).collect();
    // The cover lists start pages, which depend on its own length: lay it out
    // once to learn that length, again if it differs from one page.
    let mut cover_doc = cover(&manifest.title, &docs[0].1, &listed, 1);
    let mut cover_pdf = render::pdf::render(&cover_doc)?;
    if cover_pdf.pages != 1 {
        cover_doc = cover(&manifest.title, &docs[0].1, &listed, cover_pdf.pages);
        cover_pdf = render::pdf::render(&cover_doc)?;
    }
    let cover = Rendered {
        title: cover_doc.kind_label(),
        stem: format!("00-{}", text::ascii_slug(&cover_doc.kind_label())),
        pdf: cover_pdf.bytes,
        pages: cover_pdf.pages,
        docx: if with_docx { Some(render::docx::render(&cover_doc)?) } else { None },
    };
    let mut parts = vec![(cover.title.clone(), cover.pdf.clone())];
    parts.extend(rendered.iter().map(|r| (r.title.clone(), r.pdf.clone())));
    let merged_title = cover_doc.profile.bundle.merged_title.replace("{title}", &manifest.title);
    let merged = merge::merge(&merged_title, &parts)?;
    Ok(Assembled { cover, rendered, merged })
}

fn zip_with_manifest(title: &str, files: Vec<(String, Vec<u8>)>, rendered: &[Rendered]) -> Result<Vec<u8>, BundleError> {
    let entries: Vec<Entry> = files
        .iter()
        .map(|(name, bytes)| Entry { name: name.clone(), sha256: hex(&Sha256::digest(bytes)), bytes: bytes.len() })
        .collect();
    let documents: Vec<Value> = rendered
        .iter()
        .map(|r| serde_json::json!({"title": r.title, "pages": r.pages, "docx": format!("{}.docx", r.stem), "pdf": format!("{}.pdf", r.stem)}))
        .collect();
    let manifest = serde_json::json!({
        "title": title,
        "generator": format!("vanban {}", env!("CARGO_PKG_VERSION")),
        "documents": documents,
        "files": entries,
    });
    let err = |e: &dyn std::fmt::Display| BundleError::Render(RenderError::Pdf(format!("ZIP: {e}")));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| err(&e))?;
    for (name, bytes) in files.iter().chain(std::iter::once(&("manifest.json".to_string(), manifest_bytes))) {
        zip.start_file(name.as_str(), crate::render::package::archive_entry()).map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))?;
    }
    Ok(zip.finish().map_err(|e| err(&e))?.into_inner())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Replaces every `{"file": "x.json"}` object in a manifest with the JSON of
/// that file, relative to `base` (the command line only; the API reads no files).
pub fn inline_files(value: &mut Value, base: &std::path::Path) -> Result<(), Problem> {
    inline_at(value, base, "")
}

fn inline_at(value: &mut Value, base: &std::path::Path, pointer: &str) -> Result<(), Problem> {
    match value {
        Value::Object(map) if map.len() == 1 && map.get("file").is_some_and(Value::is_string) => {
            let file = map["file"].as_str().unwrap_or_default();
            let path = base.join(file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Problem::error("file-unreadable", format!("{pointer}/file"), format!("không đọc được {}: {e}", path.display())))?;
            *value = serde_json::from_str(&text).map_err(|e| {
                Problem::error("json-syntax", format!("{pointer}/file"), format!("{}: JSON không hợp lệ ở dòng {}, cột {}: {e}", path.display(), e.line(), e.column()))
            })?;
            Ok(())
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                inline_at(v, base, &format!("{pointer}/{}", crate::problem::pointer_segment(k)))?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                inline_at(v, base, &format!("{pointer}/{i}"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

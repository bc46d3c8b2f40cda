//! Import: a DOCX back into a document description (issue 16). The file is
//! read as paragraphs and tables (`docx_text`), cut into the regions every
//! Party document has — above the header, the header, the title block, the
//! body, the signature and Nơi nhận, what follows them, the phụ lục — and
//! each region is read by its recogniser (`fields`, `body`). A line no
//! recogniser places is kept as body text with a located warning: nothing
//! is dropped.

mod body;
mod docx_text;
mod fields;
pub mod lint;
mod names;

use schemars::JsonSchema;
use serde::Serialize;

pub use docx_text::ReadError;
use docx_text::{Block, DocxText, Paragraph};
use fields::{HeaderParts, Line, Mark, TitleParts};
use crate::model::input::{self, AnnexInput, Body, DocNumber, DocumentInput, Issuer, Marks, NumberingMode, Paper, RecipientGroup};
use crate::profile::{DEFAULT_PROFILE, Profile, Profiles, Structure};
use crate::text::upper;

/// Một cảnh báo khi nhập: phần văn bản không xếp được vào trường nào (vẫn giữ trong nội dung) hoặc một điều phải đoán.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ImportWarning {
    /// Mã ổn định, ví dụ `import-unplaced`.
    pub code: String,
    /// Đoạn văn thứ mấy trong tệp (đếm từ 1, kể cả đoạn trong bảng); 0 là cả văn bản.
    pub paragraph: usize,
    /// Vị trí dễ đọc: `đoạn 12: “…”`.
    pub location: String,
    /// Mô tả bằng tiếng Việt.
    pub message: String,
}

/// Kết quả nhập: mô tả văn bản và các cảnh báo.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub document: DocumentInput,
    pub warnings: Vec<ImportWarning>,
}

/// Reads a DOCX into a document description.
pub fn import(docx: &[u8]) -> Result<Imported, ReadError> {
    let text = docx_text::read(docx)?;
    Ok(Importer::new(&text).run().0)
}

/// Where import found the regions of a document, as block indexes of the
/// main story: what lint checks each region against.
#[derive(Debug, Clone)]
struct Spans {
    /// The header table, when there is one.
    header_table: Option<usize>,
    /// Blocks before this one are the header (and marks above it).
    header_end: usize,
    /// The title block and Kính gửi, then the body up to the signature.
    body_start: usize,
    body_end: usize,
    /// The signature and Nơi nhận, to the end of the main part.
    main_end: usize,
    structure: Structure,
    /// The kind's signature blocks open with a role (a biên bản's).
    roles: bool,
    /// The profile import read the document with (in force on its date).
    profile: std::sync::Arc<Profile>,
    /// The document's date, when its date line gives one.
    date: Option<crate::date::DocDate>,
}

/// A quote of a text for a location: its first words.
fn quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut q = words.iter().take(12).copied().collect::<Vec<_>>().join(" ");
    if words.len() > 12 {
        q.push_str(" …");
    }
    q
}

fn warning(code: &str, paragraph: usize, text: &str, message: impl Into<String>) -> ImportWarning {
    let location = if paragraph == 0 { "cả văn bản".to_string() } else { format!("đoạn {paragraph}: “{}”", quote(text)) };
    ImportWarning { code: code.into(), paragraph, location, message: message.into() }
}

struct Importer<'a> {
    text: &'a DocxText,
    blocks: &'a [Block],
    warnings: Vec<ImportWarning>,
    /// Lines kept as body text: found before the body, and after it.
    lead: Vec<Line>,
    trail: Vec<Line>,
}

/// Where the regions of the main part start and end (block indexes).
struct Regions {
    body_start: usize,
    signature: Option<usize>,
    /// Without a signature table: the first paragraph of a signature and
    /// Nơi nhận typed with tabs.
    typed_signature: Option<usize>,
    main_end: usize,
}

impl<'a> Importer<'a> {
    fn new(text: &'a DocxText) -> Self {
        Importer { text, blocks: &text.blocks, warnings: Vec::new(), lead: Vec::new(), trail: Vec::new() }
    }

    fn run(mut self) -> (Imported, Spans) {
        let profiles = Profiles::builtin();
        let first = profiles.get(DEFAULT_PROFILE).expect("the default profile is built in");
        let header_at = self.find_header(&first);
        let head = self.header(header_at, &first);
        // The profile in force on the document's date reads the rest.
        let date = head.place_date.as_ref().and_then(|pd| pd.date.clone());
        let doc_date = date.as_deref().and_then(|d| crate::date::DocDate::parse(d).ok());
        let p = doc_date.and_then(|d| profiles.in_force(d).ok()).unwrap_or(first);
        let after_header = header_at.map_or(self.header_len(), |h| h + 1);
        let (title, addressees, body_start) = self.title(after_header, &p);
        let main_end = self.main_end(body_start);
        let signature = self.find_signature(body_start, main_end, &p);
        let typed_signature = if signature.is_none() { self.find_typed_signature(body_start, main_end, &p) } else { None };
        let regions = Regions { body_start, signature, typed_signature, main_end };
        let kind = self.kind(&title, &head, &p);
        let spans = Spans {
            header_table: header_at,
            header_end: after_header,
            body_start,
            body_end: signature.or(typed_signature).unwrap_or(main_end),
            main_end,
            structure: p.kind(&kind).map_or(Structure::Sections, |k| k.structure),
            roles: p.kind(&kind).is_some_and(|k| k.signature_roles),
            profile: p.clone(),
            date: doc_date,
        };
        (self.assemble(kind, head, title, addressees, regions, &p), spans)
    }

    /// The header table: a table among the first blocks (marks may stand
    /// above it) that holds the party title, a `Số` line or a date line.
    fn find_header(&self, p: &Profile) -> Option<usize> {
        self.blocks.iter().take(6).position(|b| {
            matches!(b, Block::Table(_))
                && fields::lines_in(std::slice::from_ref(b)).iter().any(|l| {
                    upper(&l.text) == upper(&p.header.party_title) || fields::number(&l.text, 0, p).is_some() || fields::place_date(&l.text).is_some()
                })
        })
    }

    /// Without a header table, the header is the paragraphs up to the date
    /// line (a typist's tab-separated columns).
    fn header_len(&self) -> usize {
        let date_at = self.blocks.iter().take(16).position(|b| fields::lines_in(std::slice::from_ref(b)).iter().any(|l| fields::place_date(right_of_tab(&l.text)).is_some()));
        date_at.map_or(0, |d| d + 1)
    }

    fn header(&mut self, at: Option<usize>, p: &Profile) -> HeaderParts {
        let (mut left, mut right) = (Vec::new(), Vec::new());
        let above = at.unwrap_or_else(|| self.header_len());
        match at.map(|i| &self.blocks[i]) {
            Some(Block::Table(rows)) => {
                for row in rows {
                    let last = row.len().saturating_sub(1);
                    for (i, cell) in row.iter().enumerate() {
                        let lines = fields::lines_in(cell);
                        if i == last && last > 0 { right.extend(lines) } else { left.extend(lines) }
                    }
                }
            }
            _ => split_columns(&self.blocks[..above], &mut left, &mut right, p),
        }
        let mut head = fields::header(&left, &right, p);
        // Marks above a header table (a draft's DỰ THẢO).
        if at.is_some() {
            for l in fields::lines_in(&self.blocks[..above]) {
                match fields::mark(&l.text, p) {
                    Some(m) => head.marks.push(m),
                    None => head.unplaced.push(l),
                }
            }
        }
        for l in std::mem::take(&mut head.unplaced) {
            self.warn_unplaced(&l, "phần đầu văn bản");
            self.lead.push(l);
        }
        if let Some(n) = head.number.as_ref().filter(|n| n.colon) {
            self.warnings.push(warning("import-number-colon", n.paragraph, "Số:", "số văn bản viết \"Số:\" có dấu hai chấm; đã bỏ dấu hai chấm"));
        }
        head
    }

    /// Lines no field takes, found after the body: kept at its end, each reported.
    fn keep_unplaced(&mut self, lines: &[Line], region: &str) {
        for l in lines {
            self.warn_unplaced(l, region);
            self.trail.push(l.clone());
        }
    }

    fn warn_unplaced(&mut self, l: &Line, region: &str) {
        self.warnings.push(warning("import-unplaced", l.paragraph, &l.text, format!("không xếp được dòng này ({region}) vào trường nào; đã giữ trong nội dung")));
    }

    /// The title block from `from`: tên loại, kết luận của …, trích yếu,
    /// ban hành kèm theo, `-----`, then Kính gửi. Gives where the body starts.
    fn title(&mut self, from: usize, p: &Profile) -> (TitleParts, Vec<String>, usize) {
        let mut t = TitleParts::default();
        let mut at = from;
        while let Some(Block::Para(para)) = self.blocks.get(at) {
            let lines = fields::lines_of(para);
            if lines.is_empty() {
                at += 1;
                continue;
            }
            if lines.iter().all(|l| fields::is_separator(&l.text)) {
                at += 1;
                break;
            }
            // A paragraph is the title's whole or not at all.
            let before = t.clone();
            if para.align != crate::model::document::Align::Center || !lines.iter().all(|l| fields::title_line(l, p, &mut t)) {
                t = before;
                break;
            }
            at += 1;
        }
        let mut addressees = Vec::new();
        while let Some(block) = self.blocks.get(at) {
            let lines = fields::lines_in(std::slice::from_ref(block));
            if lines.is_empty() {
                at += 1;
                continue;
            }
            if let Some(items) = fields::addressees(&lines, p) {
                addressees = items;
                at += 1;
                let open = lines.last().is_some_and(|l| l.text.ends_with(';')) || addressees.is_empty();
                if open {
                    at = self.more_addressees(at, &mut addressees, p);
                }
            }
            break;
        }
        (t, addressees, at)
    }

    /// Kính gửi typed one item a paragraph: `- …;` paragraphs after the
    /// label, up to the one that does not end with `;`.
    fn more_addressees(&self, mut at: usize, items: &mut Vec<String>, p: &Profile) -> usize {
        let bullet = p.title.addressee_bullet.trim_end();
        while let Some(Block::Para(para)) = self.blocks.get(at) {
            let text = docx_text::squash(&para.text().replace('\n', " "));
            if text.is_empty() {
                at += 1;
                continue;
            }
            if !text.starts_with(bullet) {
                break;
            }
            items.push(fields::bare(&text));
            at += 1;
            if !text.ends_with(';') {
                break;
            }
        }
        at
    }

    /// Where the main part ends: the first section break after the body
    /// starts (the phụ lục follow), else the end.
    fn main_end(&self, from: usize) -> usize {
        self.blocks.iter().enumerate().skip(from).find(|(_, b)| matches!(b, Block::Para(p) if p.section_end)).map_or(self.blocks.len(), |(i, _)| i + 1)
    }

    /// The signature table: the last table of the main part whose cells
    /// read as Nơi nhận or a signature block.
    fn find_signature(&self, from: usize, to: usize, p: &Profile) -> Option<usize> {
        (from..to).rev().find(|&i| match &self.blocks[i] {
            Block::Table(rows) => rows.iter().any(|row| row.iter().any(|cell| is_signature_cell(cell, p))),
            Block::Para(_) => false,
        })
    }

    /// A signature and Nơi nhận typed without a table: the first paragraph of
    /// the last 30 that opens Nơi nhận or a quyền hạn (in any tab column).
    fn find_typed_signature(&self, from: usize, to: usize, p: &Profile) -> Option<usize> {
        let label = p.recipients.label.trim_end_matches(':');
        (from.max(to.saturating_sub(30))..to).find(|&i| match &self.blocks[i] {
            Block::Para(para) => para.text().split(['\t', '\n']).map(docx_text::squash).any(|part| part.starts_with(label) || fields::is_authority(&part, p)),
            Block::Table(_) => false,
        })
    }

    /// The typed signature region: per line, what stands after a tab (or a
    /// centred or right-aligned line) is the signature's, the rest Nơi nhận's.
    fn typed_signature(&mut self, from: usize, to: usize, roles: bool, doc: &mut DocumentInput, p: &Profile) {
        let (mut left, mut right): (Vec<Vec<Line>>, Vec<Vec<Line>>) = (Vec::new(), Vec::new());
        let paras: Vec<&Paragraph> = self.blocks[from..to].iter().flat_map(Block::paragraphs).collect();
        for para in paras {
            // Half the text width or more of indent puts a line in the right column.
            let aside = matches!(para.align, crate::model::document::Align::Center | crate::model::document::Align::Right) || para.indent >= 2500;
            for raw in para.text().split('\n') {
                let parts: Vec<String> = raw.split('\t').map(docx_text::squash).filter(|s| !s.is_empty()).collect();
                let line = |text: &str| vec![Line { text: text.to_string(), bold: para.all_bold(), italic: para.all_italic(), paragraph: para.index }];
                match parts.as_slice() {
                    [] => {}
                    [one] if aside || raw.starts_with(['\t', ' ']) => right.push(line(one)),
                    [one] => left.push(line(one)),
                    [first, rest @ ..] => {
                        left.push(line(first));
                        right.push(line(&rest.join(" ")));
                    }
                }
            }
        }
        let parts = fields::signature_lines(&right, roles, p);
        self.keep_unplaced(&parts.unplaced, "khối chữ ký");
        if let Some(sig) = parts.signature {
            doc.signature = sig;
            doc.confirmation = parts.confirmation;
        }
        self.recipients(&left, doc, p);
    }

    /// The kind: from the tên loại (a thông báo naming who concluded is a
    /// thông báo kết luận), else from the number's type code; a công văn has neither line.
    fn kind(&mut self, t: &TitleParts, head: &HeaderParts, p: &Profile) -> String {
        let type_code = head.number.as_ref().map(|n| n.type_code.as_str());
        let by_name: Vec<&String> = match &t.kind_line {
            Some(line) => p.kinds.iter().filter(|(_, k)| upper(&k.name) == upper(line)).map(|(id, _)| id).collect(),
            None => p.kinds.iter().filter(|(_, k)| !k.slots.kind_line && Some(k.type_code.as_str()) == type_code).map(|(id, _)| id).collect(),
        };
        let concluded = t.concluded_by.is_some();
        let fits = |id: &&&String| {
            let k = &p.kinds[id.as_str()];
            (k.requires.iter().any(|r| r == "concluded_by") == concluded || k.slots.author_format.is_some()) && type_code.is_none_or(|c| c == k.type_code)
        };
        if let Some(id) = by_name.iter().find(fits).or(by_name.first()) {
            return (*id).clone();
        }
        if let Some((id, _)) = p.kinds.iter().find(|(_, k)| Some(k.type_code.as_str()) == type_code) {
            return id.clone();
        }
        self.warnings.push(warning("import-kind-unknown", 0, "", "không nhận ra loại văn bản (không thấy tên loại hay ký hiệu loại trong số văn bản); tạm coi là công văn"));
        "cong-van".into()
    }

    fn assemble(mut self, kind: String, head: HeaderParts, title: TitleParts, addressees: Vec<String>, r: Regions, p: &Profile) -> Imported {
        let k = p.kind(&kind).cloned();
        let body_end = r.signature.or(r.typed_signature).unwrap_or(r.main_end);
        let body_blocks = &self.blocks[r.body_start.min(body_end)..body_end];
        let known = self.known_texts(body_blocks);
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        let subject = if head.subject.is_empty() { &title.subject } else { &head.subject };
        let mut doc = DocumentInput {
            issuer: self.issuer(&head, &known),
            number: head.number.as_ref().and_then(|n| doc_number(n, k.as_ref().map(|k| k.type_code.as_str()))),
            place: head.place_date.as_ref().map(|pd| pd.place.clone()).unwrap_or_default(),
            date: head.place_date.as_ref().and_then(|pd| pd.date.clone()),
            marks: self.marks(&head, &title, p),
            paper: self.paper(),
            subject: Some(subject.join(" ")).filter(|s| !s.is_empty()),
            concluded_by: title.concluded_by.as_deref().map(|c| names::mixed_case(c, &known)),
            issued_with: title.issued_with.clone(),
            addressees,
            ..blank(kind)
        };
        self.ending(&r, k.as_ref().is_some_and(|k| k.signature_roles), &mut doc, p);
        self.footnotes();
        let opening = opening::Opening::read(body_blocks, &doc.kind, &doc, p);
        opening.apply(&mut doc);
        let structure = k.as_ref().map_or(Structure::Sections, |k| k.structure);
        let main = &body_blocks[opening.consumed..opening.end];
        doc.body = self.body(main, structure, NumberingMode::Auto);
        let manual = self.body(main, structure, NumberingMode::Manual);
        if manual.markdown() != doc.body.markdown() && numbers_change(&doc, manual.clone(), main, p) {
            doc.body = manual;
            doc.numbering = NumberingMode::Manual;
            self.warnings.push(warning(
                "import-numbering-manual",
                0,
                "",
                "số đề mục, điều, khoản gõ trong văn bản không liền mạch như vanban tự đánh; đã giữ nguyên số đã gõ (\"numbering\": \"manual\")",
            ));
        }
        doc.annexes = self.annexes(r.main_end, &p.annex.label);
        Imported { document: doc, warnings: self.warnings }
    }

    /// The body as Markdown: kept lines first and last, around the body's own.
    fn body(&self, blocks: &[Block], structure: Structure, mode: NumberingMode) -> Body {
        let mut md: Vec<String> = self.lead.iter().map(|l| body::escape_line(&l.text)).collect();
        md.extend(body::markdown(blocks, structure, mode));
        md.extend(self.trail.iter().map(|l| body::escape_line(&l.text)));
        if md.is_empty() {
            md.push(String::new());
        }
        Body::Blocks(md)
    }

    /// A5 when the first page is about 148 mm wide (a giấy mời, a giấy giới thiệu).
    fn paper(&self) -> Option<Paper> {
        let (w, h) = self.text.page?;
        (w.min(h) < 9000 && w.max(h) < 13000).then_some(Paper::A5)
    }

    /// The marks of the header, the title block and the first page's top edge
    /// (where an upper-case line that is no known mark is the phạm vi lưu hành).
    fn marks(&self, head: &HeaderParts, title: &TitleParts, p: &Profile) -> Marks {
        let mut marks = Marks::default();
        set_marks(&mut marks, head.marks.iter().chain(&title.marks));
        marks.circulation = head.circulation.as_deref().map(|c| names::mixed_case(c, &[]));
        for l in &self.text.header_lines {
            match fields::mark(l, p) {
                Some(m) => set_marks(&mut marks, [&m]),
                None if marks.circulation.is_none() && fields::is_upper(l) => marks.circulation = Some(names::mixed_case(l, &[])),
                None => {}
            }
        }
        marks
    }

    /// Footnotes have no place in a description: their text goes to the
    /// body's end, each said where it was.
    fn footnotes(&mut self) {
        for para in &self.text.footnotes {
            for l in fields::lines_of(para) {
                self.warnings.push(warning("import-footnote", 0, &l.text, format!("chú thích “{}” đã được đưa vào cuối nội dung", quote(&l.text))));
                self.trail.push(l);
            }
        }
    }

    /// The signature and Nơi nhận, and what follows them in the main part.
    fn ending(&mut self, r: &Regions, roles: bool, doc: &mut DocumentInput, p: &Profile) {
        match (r.signature, r.typed_signature) {
            (Some(i), _) => {
                self.signature_table(i, roles, doc, p);
                self.after_signature(i + 1, r.main_end, doc, p);
            }
            (None, Some(i)) => self.typed_signature(i, r.main_end, roles, doc, p),
            (None, None) => self.warnings.push(warning("import-signature-missing", 0, "", "không tìm thấy khối chữ ký và nơi nhận")),
        }
    }

    /// Mixed-case texts of the document a capitalised name may be found in.
    fn known_texts(&self, body: &[Block]) -> Vec<String> {
        let mut out: Vec<String> = self.text.creator.iter().cloned().collect();
        out.extend(fields::lines_in(body).into_iter().map(|l| l.text));
        out.extend(fields::lines_in(self.blocks).into_iter().rev().take(40).map(|l| l.text));
        out
    }

    fn issuer(&mut self, head: &HeaderParts, known: &[&str]) -> Issuer {
        let parent = Some(head.parent.join(" ")).filter(|s| !s.is_empty()).map(|s| names::mixed_case(&s, known));
        let name = names::mixed_case(&head.issuer.join(" "), known);
        if name.is_empty() {
            self.warnings.push(warning("import-issuer-missing", 0, "", "không thấy tên cơ quan ban hành ở phần đầu văn bản"));
        }
        let code = head.number.as_ref().map(|n| n.issuer_code.clone()).unwrap_or_default();
        Issuer { parent, name, code }
    }

    /// The signature table: the lead's block on the right (read first), Nơi
    /// nhận or a second block on the left, Nơi nhận in a row below them.
    fn signature_table(&mut self, at: usize, roles: bool, doc: &mut DocumentInput, p: &Profile) {
        let Block::Table(rows) = &self.blocks[at] else { return };
        for row in rows {
            let last = row.len().saturating_sub(1);
            for (i, cell) in row.iter().enumerate() {
                let paras: Vec<&Paragraph> = cell.iter().flat_map(Block::paragraphs).collect();
                if paras.iter().all(|p| p.is_blank()) {
                    continue;
                }
                if fields::starts_recipients(&paras, p) {
                    self.recipients(&fields::groups_of(&paras), doc, p);
                    continue;
                }
                let parts = fields::signature_block(&paras, roles, p);
                self.keep_unplaced(&parts.unplaced, "khối chữ ký");
                let Some(sig) = parts.signature else { continue };
                if i == last && doc.signature.name.is_empty() {
                    doc.signature = sig;
                    doc.confirmation = parts.confirmation;
                } else if doc.co_signature.is_none() {
                    doc.co_signature = Some(sig);
                } else {
                    self.keep_unplaced(&fields::lines_in(cell), "khối chữ ký");
                }
            }
        }
        // Only one block: it is the lead's, wherever it stood.
        if doc.signature.name.is_empty()
            && let Some(co) = doc.co_signature.take()
        {
            doc.signature = co;
        }
    }

    /// Nơi nhận from its lines (grouped by paragraph); what is no item stays in the body.
    fn recipients(&mut self, groups: &[Vec<Line>], doc: &mut DocumentInput, p: &Profile) {
        let r = fields::recipient_lines(groups, p);
        doc.recipients = r.items;
        doc.extra_recipients = r.group.map(|(label, items)| RecipientGroup { label, items });
        doc.typist_mark = r.typist_mark;
        self.keep_unplaced(&r.unplaced, "nơi nhận");
    }

    /// After the signature: the thông tin liên hệ under its rule, the
    /// `Không phổ biến …` line; anything else is kept as body text.
    fn after_signature(&mut self, from: usize, to: usize, doc: &mut DocumentInput, p: &Profile) {
        let paras: Vec<&Paragraph> = self.blocks[from.min(to)..to].iter().flat_map(Block::paragraphs).collect();
        let mut contact = false;
        for para in paras {
            let text = para.text();
            if !text.is_empty() && text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}').is_empty() {
                contact = true; // the rule: a line holding only a no-break space
                continue;
            }
            let lines = fields::lines_of(para);
            if lines.is_empty() {
                continue;
            }
            if let [one] = lines.as_slice()
                && fields::mark(&one.text, p) == Some(Mark::NotPublic)
            {
                doc.marks.not_public = true;
            } else if contact && doc.contact.is_none() {
                doc.contact = Some(lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"));
            } else {
                self.keep_unplaced(&lines, "sau khối chữ ký");
            }
        }
    }

    /// The phụ lục: each section after the main part, `PHỤ LỤC n`, its
    /// title, `(Kèm theo …)`, `-----`, then its body.
    fn annexes(&mut self, from: usize, label: &str) -> Vec<AnnexInput> {
        let mut out = Vec::new();
        let mut start = from;
        let mut section = 1;
        while start < self.blocks.len() {
            let end = self.blocks.iter().enumerate().skip(start).find(|(_, b)| matches!(b, Block::Para(p) if p.section_end)).map_or(self.blocks.len(), |(i, _)| i + 1);
            if let Some(a) = self.annex(&self.blocks[start..end], self.text.landscape.get(section).copied().unwrap_or(false), label) {
                out.push(a);
            }
            start = end;
            section += 1;
        }
        out
    }

    fn annex(&mut self, blocks: &[Block], landscape: bool, label: &str) -> Option<AnnexInput> {
        let mut at = 0;
        let mut head: Vec<Line> = Vec::new();
        while let Some(Block::Para(p)) = blocks.get(at) {
            let lines = fields::lines_of(p);
            at += 1;
            if lines.iter().any(|l| fields::is_separator(&l.text)) {
                break;
            }
            head.extend(lines);
        }
        if head.is_empty() && blocks[at.min(blocks.len())..].iter().all(|b| fields::lines_in(std::slice::from_ref(b)).is_empty()) {
            return None;
        }
        let label = head.first().filter(|l| upper(&l.text).starts_with(&upper(label))).map(|l| l.paragraph);
        let rest: Vec<&Line> = head.iter().skip(usize::from(label.is_some())).collect();
        // `(Kèm theo …)` may wrap: it runs from its `(` to its `)`.
        let (mut reference, mut title, mut inside) = (Vec::new(), Vec::new(), false);
        for l in rest {
            inside |= l.text.starts_with('(');
            if inside { reference.push(l) } else { title.push(l) }
            inside &= !l.text.ends_with(')');
        }
        let reference = reference.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
        let reference = reference.trim_start_matches('(').trim_end_matches(')').trim().to_string();
        Some(AnnexInput {
            title: title.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" "),
            body: Body::Blocks(body::markdown(&blocks[at.min(blocks.len())..], Structure::Sections, NumberingMode::Auto)),
            landscape,
            reference: Some(reference).filter(|r| !r.is_empty()),
        })
    }
}

/// A cell that is Nơi nhận or a signature block: a quyền hạn, or a chức vụ
/// in capitals over a person's name.
fn is_signature_cell(cell: &[Block], p: &Profile) -> bool {
    let paras: Vec<&Paragraph> = cell.iter().flat_map(Block::paragraphs).collect();
    if fields::starts_recipients(&paras, p) {
        return true;
    }
    let lines = fields::lines_in(cell);
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else { return false };
    lines.len() <= 12 && (fields::is_authority(&first.text, p) || fields::is_upper(&first.text)) && looks_like_name(&last.text)
}

/// `Nguyễn Thị Thu Hà`: two to six words, each capitalised, none in capitals.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).all(char::is_lowercase))
}

/// Header lines of a header typed without a table: a tab parts the left
/// column from the right; a line without one is the right's when it is the
/// party title or the date line.
fn split_columns(blocks: &[Block], left: &mut Vec<Line>, right: &mut Vec<Line>, profile: &Profile) {
    for p in blocks.iter().flat_map(Block::paragraphs) {
        let (bold, italic) = (p.all_bold(), p.all_italic());
        for raw in p.text().split('\n') {
            let mut parts = raw.split('\t').map(docx_text::squash).filter(|s| !s.is_empty());
            let Some(a) = parts.next() else { continue };
            let b = parts.collect::<Vec<_>>().join(" ");
            let line = |text: String| Line { text, bold, italic, paragraph: p.index };
            if b.is_empty() && (upper(&a) == upper(&profile.header.party_title) || fields::place_date(&a).is_some()) {
                right.push(line(a));
            } else {
                left.push(line(a));
                if !b.is_empty() {
                    right.push(line(b));
                }
            }
        }
    }
}

fn right_of_tab(s: &str) -> &str {
    s.rsplit('\t').next().unwrap_or(s).trim()
}

/// The number as a description gives it: the serial alone when the type
/// code is the kind's, else the whole `25-BC/TU`.
fn doc_number(n: &fields::Number, kind_code: Option<&str>) -> Option<DocNumber> {
    let serial = n.serial?;
    if kind_code.is_none_or(|c| c == n.type_code) {
        Some(DocNumber::Plain(serial))
    } else {
        Some(DocNumber::Text(format!("{serial:02}-{}/{}", n.type_code, n.issuer_code)))
    }
}

fn set_marks<'m>(marks: &mut Marks, found: impl IntoIterator<Item = &'m Mark>) {
    for m in found {
        match m {
            Mark::Draft(d) => marks.draft = Some(*d),
            Mark::Urgency(u) => marks.urgency = Some(*u),
            Mark::Secrecy(s) => marks.secrecy = Some(*s),
            Mark::NotPublic => marks.not_public = true,
        }
    }
}

/// Whether vanban's own numbering would print other numbers than the
/// document has (a chương, điều or khoản skipped or restarted), so that the
/// `manual` body, which keeps them, reads closer to the source.
fn numbers_change(doc: &DocumentInput, manual: Body, source: &[Block], p: &Profile) -> bool {
    // Built without validation: a document typed elsewhere may lack a field
    // vanban requires, and its numbers still count.
    let profile = Profiles::builtin().get(&p.id).ok();
    let text_of = |d: &DocumentInput| crate::model::build::build(d, profile.clone()?).ok().map(|d| numbers_only(&d.plain_text()));
    let with_manual = DocumentInput { body: manual, numbering: NumberingMode::Manual, ..doc.clone() };
    let (Some(auto), Some(kept)) = (text_of(doc), text_of(&with_manual)) else { return false };
    let source = numbers_only(&source_text(source));
    let changes = |text: &str| {
        similar::TextDiff::from_words(source.as_str(), text).ops().iter().filter(|op| op.tag() != similar::DiffTag::Equal).count()
    };
    changes(&kept) < changes(&auto)
}

/// Text with its punctuation gone and its case folded: `I.` and `I-`, a
/// heading in capitals or not, are the same numbers and words.
fn numbers_only(text: &str) -> String {
    upper(text).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The body's text as vanban's plain text has it: a paragraph a line, a
/// table row's cells joined with ` | `; case folded, as headings print in capitals.
fn source_text(blocks: &[Block]) -> String {
    let mut lines = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) if !p.is_blank() => lines.push(docx_text::squash(&p.text().replace('\n', " "))),
            Block::Para(_) => {}
            Block::Table(rows) => lines.extend(rows.iter().map(|row| {
                row.iter().map(|c| fields::lines_in(c).iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(" | ")
            })),
        }
    }
    lines.join("\n")
}

/// A description with nothing in it but its kind, to fill.
fn blank(kind: String) -> DocumentInput {
    DocumentInput {
        kind,
        profile: None,
        issuer: Issuer { parent: None, name: String::new(), code: String::new() },
        number: None,
        place: String::new(),
        date: None,
        paper: None,
        marks: Marks::default(),
        subject: None,
        concluded_by: None,
        issued_with: None,
        basis: Vec::new(),
        preamble: None,
        enacting_body: None,
        addressees: Vec::new(),
        body: Body::Blocks(Vec::new()),
        numbering: NumberingMode::Auto,
        signature: input::Signature { authority: None, position: String::new(), name: String::new() },
        co_signature: None,
        confirmation: None,
        minutes: None,
        annexes: Vec::new(),
        recipients: Vec::new(),
        extra_recipients: None,
        contact: None,
        typist_mark: None,
    }
}

mod opening;

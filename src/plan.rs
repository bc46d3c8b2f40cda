//! The page plan: one function turns a resolved [`Document`] and its profile
//! into a few drawing primitives — lines of one style, body paragraphs and
//! tables, gaps, borderless column grids, page furniture and edge marks. The
//! DOCX writer and the typst layout only draw a plan, so every size, gap,
//! position, label and slot is decided here, from profile data, once.

use serde::Serialize;

use crate::fonts;
use crate::linebreak;
use crate::model::Document;
use crate::model::document::{Align, Annex, Block, Cell, Confirmation, CopyStamp, GroupRole, Meta, Signature, Span};
use crate::profile::{MarkKind, MarkSlot, Page, Profile, Style, SubjectSlot, mm_to_pt};

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The page, already turned for a landscape document.
    pub page: Page,
    pub landscape: bool,
    pub font: Fonts,
    pub text: TextSetup,
    pub page_number: Option<PageNumber>,
    pub edge_marks: Vec<EdgeMark>,
    pub flow: Vec<Item>,
    /// Phụ lục after the document, each from a new page.
    pub annexes: Vec<Section>,
    pub meta: Meta,
    /// The units the plan's numbers count in, as typst lengths: `*_mm`
    /// fields in `mm`, `*_pt` fields and sizes in `pt`.
    pub units: Units,
}

#[derive(Debug, Clone, Serialize)]
pub struct Units {
    pub mm: &'static str,
    pub pt: &'static str,
}

/// Millimetres for the page and its columns (as the guides give them),
/// points for type and gaps (as Word sets them).
const UNITS: Units = Units { mm: "1mm", pt: "1pt" };

/// A part that starts on a new page, maybe turned, and numbers its own pages
/// from 1 (none on its first): a phụ lục.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub page: Page,
    pub landscape: bool,
    pub flow: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fonts {
    /// Named in all four run-font slots of the DOCX.
    pub docx: String,
    /// Embedded in the PDF (metric-compatible with `docx`).
    pub pdf: String,
    /// BCP 47 language of the text (`vi-VN`).
    pub lang: String,
}

/// How text is set everywhere, as Word sets it by default.
#[derive(Debug, Clone, Serialize)]
pub struct TextSetup {
    pub size_pt: f64,
    pub kerning: bool,
    pub ligatures: bool,
    pub space_min_percent: f64,
    pub space_max_percent: f64,
    pub underline_offset_pt: f64,
    /// The PDF font's descent in em: where a baseline sits in its line box.
    pub descent_em: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageNumber {
    pub style: Style,
    pub pitch_pt: f64,
    pub from_top_mm: f64,
    pub first_page: bool,
}

/// A line placed at a distance from the top or bottom edge, on the first or
/// the last page, outside the flow.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeMark {
    pub text: String,
    pub style: Style,
    pub pitch_pt: f64,
    pub align: Align,
    pub edge: Edge,
    pub distance_mm: f64,
    pub page: WhichPage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edge {
    Top,
    Bottom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WhichPage {
    First,
    Last,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Item {
    Gap(Gap),
    Lines(Lines),
    Para(Para),
    Table(Table),
    Columns(Columns),
}

/// Vertical space; `keep_next` holds it on the page of what follows.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub pt: f64,
    pub keep_next: bool,
}

/// Lines already broken, of one style, at an exact pitch: one paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Lines {
    pub lines: Vec<String>,
    pub style: Style,
    pub align: Align,
    pub pitch_pt: f64,
    /// Lines after the first start this far in (a recipient under its bullet).
    pub hang_pt: f64,
    pub frame: Option<Frame>,
    pub rule: Option<Rule>,
    pub keep_next: bool,
}

/// A thin box around the lines, `width_pt` wide including its padding.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub stroke_pt: f64,
    pub pad_x_pt: f64,
    pub pad_y_pt: f64,
    pub width_pt: f64,
}

/// A solid rule under the lines, centred, as long as `length_pt`.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub length_pt: f64,
    pub stroke_pt: f64,
    pub gap_pt: f64,
}

/// A body paragraph: wraps and justifies.
#[derive(Debug, Clone, Serialize)]
pub struct Para {
    pub spans: Vec<Span>,
    pub size_pt: f64,
    pub pitch_pt: f64,
    pub space_after_pt: f64,
    pub align: Align,
    pub indent_mm: f64,
    /// The PDF stops lines this much short of the margin (see the profile).
    pub end_slack_pt: f64,
    pub keep_next: bool,
    /// Heading level for Word's navigation pane and PDF bookmarks.
    pub outline_level: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub widths_mm: Vec<f64>,
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
    /// No row splits across pages.
    pub keep_rows: bool,
    /// The whole table stays on one page (a short table).
    pub keep_together: bool,
    pub size_pt: f64,
    pub pitch_pt: f64,
    pub pad_x_mm: f64,
    pub pad_y_mm: f64,
    pub stroke_pt: f64,
    pub space_after_pt: f64,
}

/// A borderless grid for page layout (header, addressees, signature).
#[derive(Debug, Clone, Serialize)]
pub struct Columns {
    pub widths_mm: Vec<f64>,
    pub rows: Vec<Row>,
    /// Where the grid sits when narrower than the text: left or center.
    pub align: Align,
    pub unbreakable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// One list of items per column.
    pub cells: Vec<Vec<Item>>,
    /// The cell a reader (and a PDF's text order) takes first.
    pub read_first: Option<usize>,
}

/// The plan of one document.
pub fn plan(doc: &Document) -> Plan {
    let p = doc.profile.as_ref();
    let page = if doc.landscape { p.page.landscape() } else { p.page.clone() };
    let planner = Planner { p, doc, page };
    let mut flow = Vec::new();
    planner.above_header(&mut flow);
    flow.push(Item::Columns(planner.header()));
    planner.title_block(&mut flow);
    planner.body(&mut flow);
    planner.signature(&mut flow);
    planner.contact(&mut flow);
    let mut annexes: Vec<Section> = doc
        .annexes
        .iter()
        .map(|a| {
            let page = if a.landscape { p.page.landscape() } else { p.page.clone() };
            let flow = Planner { p, doc, page: page.clone() }.annex(a);
            Section { page, landscape: a.landscape, flow }
        })
        .collect();
    // A bản sao's stamp closes the copy: after its last phụ lục, if any.
    if let Some(c) = &doc.copy {
        match annexes.last_mut() {
            Some(last) => last.flow.extend(Planner { p, doc, page: last.page.clone() }.copy_stamp(c)),
            None => flow.extend(planner.copy_stamp(c)),
        }
    }
    Plan {
        page: planner.page.clone(),
        landscape: doc.landscape,
        font: Fonts { docx: p.font.docx_family.clone(), pdf: p.font.pdf_family.clone(), lang: "vi-VN".into() },
        text: TextSetup {
            size_pt: p.body.size_pt,
            kerning: p.layout.kerning,
            ligatures: p.layout.ligatures,
            space_min_percent: p.layout.space_min_percent,
            space_max_percent: p.layout.space_max_percent,
            underline_offset_pt: p.layout.underline_offset_pt,
            descent_em: descent_em(&p.font.pdf_family),
        },
        page_number: Some(PageNumber {
            style: p.styles.page_number,
            pitch_pt: p.styles.page_number.size * p.layout.line_factor,
            from_top_mm: p.page.page_number_from_top_mm,
            first_page: p.page.number_first_page,
        }),
        edge_marks: planner.edge_marks(),
        flow,
        annexes,
        meta: doc.meta.clone(),
        units: UNITS,
    }
}

/// The descent of a bundled family's regular face, in em.
fn descent_em(family: &str) -> f64 {
    fonts::bundled()
        .fonts
        .iter()
        .find(|f| f.info().family == family)
        .and_then(|f| ttf_parser::Face::parse(f.data().as_slice(), f.index()).ok())
        .map_or(0.2, |face| -f64::from(face.typographic_descender().unwrap_or(face.descender())) / f64::from(face.units_per_em()))
}

struct Planner<'a> {
    p: &'a Profile,
    doc: &'a Document,
    page: Page,
}

impl Planner<'_> {
    fn slots(&self) -> crate::profile::Slots {
        self.p.kind(&self.doc.kind).map(|k| k.slots.clone()).unwrap_or_default()
    }

    /// Single-spaced lines of one style.
    fn lines(&self, lines: Vec<String>, style: Style, align: Align) -> Lines {
        Lines {
            lines,
            style,
            align,
            pitch_pt: style.size * self.p.layout.line_factor,
            hang_pt: 0.0,
            frame: None,
            rule: None,
            keep_next: false,
        }
    }

    fn line(&self, text: &str, style: Style, align: Align) -> Item {
        Item::Lines(self.lines(vec![text.to_string()], style, align))
    }

    fn gap(&self, pt: f64) -> Item {
        Item::Gap(Gap { pt, keep_next: false })
    }

    fn framed(&self, text: &str, style: Style, align: Align) -> Item {
        let l = &self.p.layout;
        let width = fonts::width_pt(text, style.size, style.bold, style.italic) + 2.0 * l.frame_pad_x_pt + l.fit_slack_pt;
        let frame = Frame { stroke_pt: self.p.marks.frame_pt, pad_x_pt: l.frame_pad_x_pt, pad_y_pt: l.frame_pad_y_pt, width_pt: width };
        Item::Lines(Lines { frame: Some(frame), ..self.lines(vec![text.to_string()], style, align) })
    }

    fn mark(&self, kind: MarkKind, align: Align) -> Option<Item> {
        let text = self.doc.marks.get(kind)?;
        let style = self.p.styles.mark(kind);
        Some(if self.p.marks.place.of(kind).frame { self.framed(text, style, align) } else { self.line(text, style, align) })
    }

    /// The profile's marks of one slot, in the profile's order.
    fn marks_in(&self, slot: MarkSlot) -> Vec<MarkKind> {
        let mut kinds: Vec<MarkKind> = self.p.marks.order.clone();
        for k in [MarkKind::Draft, MarkKind::Urgency, MarkKind::Secrecy, MarkKind::Circulation, MarkKind::NotPublic] {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        kinds.into_iter().filter(|k| self.p.marks.place.of(*k).slot == slot && self.doc.marks.get(*k).is_some()).collect()
    }

    fn above_header(&self, flow: &mut Vec<Item>) {
        for kind in self.marks_in(MarkSlot::AboveHeader) {
            flow.extend(self.mark(kind, Align::Right));
            flow.push(self.gap(self.p.marks.gap_pt));
        }
    }

    fn edge_marks(&self) -> Vec<EdgeMark> {
        let place = |kind: MarkKind, edge, align, page| EdgeMark {
            text: self.doc.marks.get(kind).unwrap_or_default().to_string(),
            style: self.p.styles.mark(kind),
            pitch_pt: self.p.styles.mark(kind).size * self.p.layout.line_factor,
            align,
            edge,
            distance_mm: self.p.marks.edge_distance_mm,
            page,
        };
        let top = self.marks_in(MarkSlot::PageTop).into_iter().map(|k| place(k, Edge::Top, Align::Right, WhichPage::First));
        let bottom =
            self.marks_in(MarkSlot::LastPageBottom).into_iter().map(|k| place(k, Edge::Bottom, Align::Center, WhichPage::Last));
        top.chain(bottom).collect()
    }

    /// Left column, free space (landscape only), right column.
    fn column_widths(&self) -> Vec<f64> {
        let (l, r) = (self.p.header.left_width_mm, self.p.header.right_width_mm);
        let free = self.page.text_width_mm() - l - r;
        if free > 0.5 { vec![l, free, r] } else { vec![l, r] }
    }

    /// A row of the left | right grid; the free middle column stays empty.
    fn row(&self, widths: &[f64], left: Vec<Item>, right: Vec<Item>, read_right_first: bool) -> Row {
        let mut cells = vec![left];
        if widths.len() == 3 {
            cells.push(Vec::new());
        }
        cells.push(right);
        Row { cells, read_first: read_right_first.then_some(widths.len() - 1) }
    }

    fn header(&self) -> Columns {
        let (h, st, c) = (&self.doc.header, &self.p.styles, Align::Center);
        let mut left_top = Vec::new();
        if !h.parent.is_empty() {
            left_top.push(Item::Lines(self.lines(h.parent.clone(), st.parent_body, c)));
        }
        left_top.push(Item::Lines(self.lines(h.issuer.clone(), st.issuer, c)));
        left_top.push(self.line(&h.star, st.star, c));
        let title = st.party_title;
        // As long as the title, with the slack that keeps it on one line in Word.
        let rule = Rule {
            length_pt: fonts::width_pt(&h.party_title, title.size, title.bold, title.italic) + self.p.layout.fit_slack_pt,
            stroke_pt: self.p.header.rule_pt,
            gap_pt: self.p.header.rule_gap_pt,
        };
        let right_top = vec![Item::Lines(Lines { rule: Some(rule), ..self.lines(vec![h.party_title.clone()], title, c) })];
        let mut left_bottom: Vec<Item> = h.number.iter().map(|n| self.line(n, st.number, c)).collect();
        if self.slots().subject == SubjectSlot::UnderNumber && !self.doc.title.subject.is_empty() {
            left_bottom.push(Item::Lines(self.lines(self.doc.title.subject.clone(), st.header_subject, c)));
        }
        for kind in self.marks_in(MarkSlot::UnderNumber) {
            left_bottom.push(self.gap(self.p.marks.gap_pt));
            left_bottom.extend(self.mark(kind, c));
        }
        let right_bottom = vec![self.line(&h.place_date, st.place_date, c)];
        let widths = self.column_widths();
        // The party title is read first: tiêu đề → cơ quan → số → ngày.
        let rows = vec![self.row(&widths, left_top, right_top, true), self.row(&widths, left_bottom, right_bottom, false)];
        Columns { widths_mm: widths, rows, align: Align::Left, unbreakable: true }
    }

    fn title_block(&self, flow: &mut Vec<Item>) {
        let (t, st, c) = (&self.doc.title, &self.p.styles, Align::Center);
        let slots = self.slots();
        flow.push(self.gap(self.p.title.space_before_pt));
        if slots.kind_line {
            flow.push(self.line(&t.kind_name, st.kind_name, c));
        }
        if let Some(conclusion) = &t.conclusion {
            flow.push(self.line(conclusion, st.conclusion, c));
        }
        if slots.subject == SubjectSlot::Title && !t.subject.is_empty() {
            flow.push(Item::Lines(self.lines(t.subject.clone(), st.subject, c)));
        }
        if !t.issued_with.is_empty() {
            flow.push(Item::Lines(self.lines(t.issued_with.clone(), st.issued_with, c)));
        }
        if slots.kind_line || slots.subject == SubjectSlot::Title {
            flow.push(self.line(&t.separator, st.separator, c));
        }
        if let Some(a) = &t.addressees {
            flow.push(self.gap(self.p.body.space_after_pt));
            flow.push(Item::Columns(self.addressees(&a.label, &a.items)));
        }
        flow.push(self.gap(self.p.body.space_after_pt));
    }

    /// `Kính gửi:` and its names as a centred two-column block.
    fn addressees(&self, label: &str, items: &[String]) -> Columns {
        let (label_style, style) = (self.p.styles.addressees_label, self.p.styles.addressees);
        let slack = self.p.layout.fit_slack_pt;
        let width = |s: &str, st: Style| fonts::width_pt(s, st.size, st.bold, st.italic);
        let label_pt = width(&format!("{label} "), label_style) + slack;
        let items_pt = items.iter().map(|i| width(i, style)).fold(0.0, f64::max) + slack;
        let items_pt = items_pt.min(mm_to_pt(self.page.text_width_mm()) - label_pt);
        let to_mm = |pt: f64| pt * 25.4 / 72.0;
        let row = Row {
            cells: vec![
                vec![self.line(label, label_style, Align::Left)],
                vec![Item::Lines(self.lines(items.to_vec(), style, Align::Left))],
            ],
            read_first: None,
        };
        Columns { widths_mm: vec![to_mm(label_pt), to_mm(items_pt)], rows: vec![row], align: Align::Center, unbreakable: true }
    }

    /// The kind's enacting line: centred, held with the body that follows.
    fn enacting(&self, lines: &[String], flow: &mut Vec<Item>) {
        let style = self.p.styles.enacting;
        flow.push(Item::Lines(Lines { keep_next: true, ..self.lines(lines.to_vec(), style, Align::Center) }));
        flow.push(Item::Gap(Gap { pt: self.p.body.space_after_pt, keep_next: true }));
    }

    fn body(&self, flow: &mut Vec<Item>) {
        let enacting = self.doc.enacting.as_ref();
        for (i, block) in self.doc.body.iter().enumerate() {
            if let Some(e) = enacting.filter(|e| e.before == i) {
                self.enacting(&e.lines, flow);
            }
            flow.push(self.block(block));
        }
        if let Some(e) = enacting.filter(|e| e.before >= self.doc.body.len()) {
            self.enacting(&e.lines, flow);
        }
    }

    /// A phụ lục: `PHỤ LỤC 1`, its title, `(Kèm theo …)`, `-----`, its body.
    fn annex(&self, a: &Annex) -> Vec<Item> {
        let (st, c) = (&self.p.styles, Align::Center);
        let mut flow = vec![self.line(&a.label, st.annex_label, c)];
        flow.push(Item::Lines(self.lines(a.title.clone(), st.annex_title, c)));
        flow.push(Item::Lines(self.lines(a.reference.clone(), st.annex_reference, c)));
        flow.push(self.line(&self.p.title.separator, st.separator, c));
        flow.push(self.gap(self.p.body.space_after_pt));
        flow.extend(a.body.iter().map(|b| self.block(b)));
        flow
    }

    /// One body block. A table's widths, made for the document's text width,
    /// are stretched to this page's (a landscape phụ lục).
    fn block(&self, block: &Block) -> Item {
        let b = &self.p.body;
        match block {
            Block::Para(para) => Item::Para(Para {
                spans: para.spans.clone(),
                size_pt: b.size_pt,
                pitch_pt: b.line_pitch_pt,
                space_after_pt: b.space_after_pt,
                align: para.align,
                indent_mm: if para.indent { b.first_line_indent_mm } else { 0.0 },
                end_slack_pt: self.p.layout.line_end_slack_pt,
                keep_next: para.keep_next,
                outline_level: para.outline.as_ref().map(|o| o.level),
            }),
            Block::Table(t) => Item::Table(Table {
                widths_mm: fit_widths(&t.widths_mm, self.page.text_width_mm()),
                header_rows: t.header_rows,
                rows: t.rows.clone(),
                keep_rows: t.keep_rows,
                keep_together: t.keep_rows && t.rows.len() <= self.p.layout.keep_table_rows,
                size_pt: b.table_size_pt,
                pitch_pt: b.table_line_pitch_pt,
                pad_x_mm: b.table_cell_padding_mm,
                pad_y_mm: b.table_cell_padding_mm / 2.0,
                stroke_pt: self.p.layout.table_stroke_pt,
                space_after_pt: b.space_after_pt,
            }),
        }
    }

    fn recipients(&self) -> Vec<Item> {
        let (st, r) = (&self.p.styles, &self.p.recipients);
        let mut out = Vec::new();
        if !self.slots().recipients {
            return out;
        }
        let hang = fonts::width_pt(&r.bullet, st.recipient.size, st.recipient.bold, st.recipient.italic);
        for group in &self.doc.recipients {
            let label_style = match group.role {
                GroupRole::Primary => st.recipients_label,
                GroupRole::Group => st.recipients_group_label,
            };
            out.push(self.line(&group.label, label_style, Align::Left));
            let column = mm_to_pt(self.p.header.left_width_mm) - self.p.layout.line_end_slack_pt;
            let s = st.recipient;
            for item in &group.items {
                // Pre-broken so a wrapped item never leaves one word alone, in both renderers.
                let lines = linebreak::hanging_lines(item, column, &r.bullet, s.size, s.bold, s.italic);
                out.push(Item::Lines(Lines { hang_pt: hang, ..self.lines(lines, s, Align::Left) }));
            }
            out.push(self.gap(self.p.layout.group_gap_pt));
        }
        if let Some(mark) = &self.doc.typist_mark {
            out.push(self.line(mark, st.typist_mark, Align::Left));
        }
        out
    }

    /// A gap and a full-width rule, held with what follows. The rule is drawn
    /// under a line holding only a no-break space (so it has a line's height
    /// in both renderers): the one rule primitive both already draw (a bottom
    /// border in Word).
    fn full_rule(&self, style: Style) -> [Item; 2] {
        let rule = Rule { length_pt: mm_to_pt(self.page.text_width_mm()), stroke_pt: self.p.header.rule_pt, gap_pt: self.p.header.rule_gap_pt };
        [
            Item::Gap(Gap { pt: self.p.body.space_after_pt, keep_next: true }),
            Item::Lines(Lines { rule: Some(rule), keep_next: true, ..self.lines(vec!["\u{a0}".to_string()], style, Align::Left) }),
        ]
    }

    /// A bản sao's end: a full-width rule, the framed stamp on the left, the
    /// copier's signature on the right, as one unbreakable block.
    fn copy_stamp(&self, c: &CopyStamp) -> Vec<Item> {
        let (b, k) = (&self.p.body, &self.p.copy);
        let mut spans = vec![Span { text: c.title.clone(), bold: true, ..Span::default() }];
        for line in &c.lines {
            spans.push(Span::plain("\n"));
            spans.push(Span::plain(line.clone()));
        }
        // As tall as the profile's stamp: the cell's padding takes what the lines leave.
        let inner_pt = mm_to_pt(k.width_mm - 2.0 * b.table_cell_padding_mm);
        let count: f64 = std::iter::once(&c.title)
            .chain(&c.lines)
            .map(|l| (fonts::width_pt(l, b.table_size_pt, false, false) / inner_pt).ceil().max(1.0))
            .sum();
        let text_mm = count * b.table_line_pitch_pt * 25.4 / 72.0;
        let pad_y_mm = ((k.height_mm - text_mm) / 2.0).max(b.table_cell_padding_mm / 2.0);
        let stamp = Item::Table(Table {
            widths_mm: vec![k.width_mm],
            header_rows: 0,
            rows: vec![vec![Cell { spans, align: Align::Center }]],
            keep_rows: true,
            keep_together: true,
            size_pt: b.table_size_pt,
            pitch_pt: b.table_line_pitch_pt,
            pad_x_mm: b.table_cell_padding_mm,
            pad_y_mm,
            stroke_pt: self.p.layout.table_stroke_pt,
            space_after_pt: 0.0,
        });
        let text_mm = self.page.text_width_mm();
        let widths = vec![k.width_mm, text_mm - k.width_mm];
        let right = self.signature_block(&c.signature, text_mm - k.width_mm);
        let row = Row { cells: vec![vec![stamp], right], read_first: None };
        let mut out: Vec<Item> = self.full_rule(self.p.styles.recipient).into();
        out.push(Item::Gap(Gap { pt: b.space_after_pt, keep_next: true }));
        out.push(Item::Columns(Columns { widths_mm: widths, rows: vec![row], align: Align::Left, unbreakable: true }));
        out
    }

    /// `Xác nhận chữ ký của đồng chí …` and the confirming block, under a signature.
    fn confirmation(&self, c: &Confirmation, column_mm: f64) -> Vec<Item> {
        let style = self.p.styles.confirmation;
        let max = mm_to_pt(column_mm) - self.p.layout.line_end_slack_pt;
        let label = linebreak::phrase_lines(&c.label, max, style.size, style.bold, style.italic);
        let mut out = vec![self.gap(self.p.signature.confirmation_space_pt)];
        out.push(Item::Lines(self.lines(label, style, Align::Center)));
        out.extend(self.signature_block(&c.signature, column_mm));
        out
    }

    /// Thông tin liên hệ: 10 pt lines under a full-width rule, after the
    /// signature. The rule is drawn under a line holding only a no-break space
    /// (so it has a line's height in both renderers): the one rule primitive
    /// both already draw (a bottom border in Word).
    fn contact(&self, flow: &mut Vec<Item>) {
        if self.doc.contact.is_empty() {
            return;
        }
        let style = self.p.styles.contact;
        flow.extend(self.full_rule(style));
        let max = mm_to_pt(self.page.text_width_mm()) - self.p.layout.line_end_slack_pt;
        let lines = self.doc.contact.iter().flat_map(|l| linebreak::phrase_lines(l, max, style.size, style.bold, style.italic)).collect();
        flow.push(Item::Lines(self.lines(lines, style, Align::Left)));
    }

    /// One signature block: quyền hạn (or a biên bản's role), chức vụ, the
    /// space to sign, họ tên.
    /// Lines are broken here for the column, so no renderer wraps them on its own.
    fn signature_block(&self, sig: &Signature, column_mm: f64) -> Vec<Item> {
        let (st, c) = (&self.p.styles, Align::Center);
        let max = mm_to_pt(column_mm) - self.p.layout.line_end_slack_pt;
        let fit = |text: &str, s: Style| linebreak::phrase_lines(text, max, s.size, s.bold, s.italic);
        let mut block = Vec::new();
        if let Some(authority) = &sig.authority {
            block.push(Item::Lines(self.lines(fit(authority, st.authority), st.authority, c)));
        }
        let position: Vec<String> = sig.position.iter().flat_map(|l| fit(l, st.position)).collect();
        if !position.is_empty() {
            block.push(Item::Lines(self.lines(position, st.position, c)));
        }
        block.push(self.gap(mm_to_pt(self.p.signature.sign_space_mm)));
        block.push(Item::Lines(self.lines(fit(&sig.name, st.signer), st.signer, c)));
        block
    }

    fn signature(&self, flow: &mut Vec<Item>) {
        let Some(sig) = &self.doc.signature else { return };
        let (h, text_mm) = (&self.p.header, self.page.text_width_mm());
        let right_mm = h.right_width_mm.min(text_mm);
        let mut right = self.signature_block(sig, right_mm);
        if let Some(c) = &self.doc.confirmation {
            right.extend(self.confirmation(c, right_mm));
        }
        // The gap holds on to the block, so the body's last lines go with it.
        flow.push(Item::Gap(Gap { pt: self.p.signature.space_before_pt, keep_next: true }));
        let widths = self.column_widths();
        // Signature first in reading order (quyền hạn → chức vụ → họ tên → nơi nhận).
        let rows = match &self.doc.co_signature {
            None => vec![self.row(&widths, self.recipients(), right, true)],
            // Two blocks, the lead's on the right and read first; Nơi nhận below them.
            Some(co) => {
                let (left, right) = level_names(self.signature_block(co, h.left_width_mm), right);
                let mut rows = vec![self.row(&widths, left, right, true)];
                let recipients = self.recipients();
                if !recipients.is_empty() {
                    let below = std::iter::once(self.gap(self.p.body.space_after_pt)).chain(recipients).collect();
                    rows.push(self.row(&widths, below, Vec::new(), false));
                }
                rows
            }
        };
        flow.push(Item::Columns(Columns { widths_mm: widths, rows, align: Align::Left, unbreakable: true }));
    }
}

/// Column widths scaled to sum to `width_mm`; unchanged when they already do.
fn fit_widths(widths: &[f64], width_mm: f64) -> Vec<f64> {
    let total: f64 = widths.iter().sum();
    if total <= 0.0 || (total - width_mm).abs() < 0.01 {
        return widths.to_vec();
    }
    widths.iter().map(|w| w * width_mm / total).collect()
}

/// Two signature blocks side by side with their names level: the shorter
/// block gets the difference before its signing space (the second-last item).
fn level_names(mut left: Vec<Item>, mut right: Vec<Item>) -> (Vec<Item>, Vec<Item>) {
    let height = |block: &[Item]| -> f64 {
        block[..block.len().saturating_sub(2)]
            .iter()
            .map(|i| match i {
                Item::Lines(l) => l.lines.len() as f64 * l.pitch_pt,
                Item::Gap(g) => g.pt,
                _ => 0.0,
            })
            .sum()
    };
    let (l, r) = (height(&left), height(&right));
    let shorter = if l < r { &mut left } else { &mut right };
    let at = shorter.len().saturating_sub(2);
    if (l - r).abs() > 0.01 {
        shorter.insert(at, Item::Gap(Gap { pt: (l - r).abs(), keep_next: false }));
    }
    (left, right)
}

impl Plan {
    /// Every line of text in flow order, with its style: what both renderers
    /// must print (tests compare each renderer's output with it).
    pub fn styled_lines(&self) -> Vec<(String, Style)> {
        let mut out = Vec::new();
        for item in &self.flow {
            item.collect_lines(&mut out);
        }
        out
    }
}

impl Item {
    fn collect_lines(&self, out: &mut Vec<(String, Style)>) {
        match self {
            Item::Lines(l) => out.extend(l.lines.iter().map(|t| (t.clone(), l.style))),
            Item::Columns(c) => {
                for row in &c.rows {
                    for cell in &row.cells {
                        cell.iter().for_each(|i| i.collect_lines(out));
                    }
                }
            }
            Item::Gap(_) | Item::Para(_) | Item::Table(_) => {}
        }
    }
}

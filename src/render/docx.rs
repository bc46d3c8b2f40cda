//! DOCX through docx-rs: draws a page plan, nothing else. Every run names the
//! plan's font in all four slots and carries its own size, so the file looks
//! the same in Word and LibreOffice whatever their defaults.

use std::io::{Cursor, Read};

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Header, HeaderReference, HeightRule, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, PageNumType, PageOrientationType, PageSize, Paragraph,
    ParagraphBorder, SectionProperty,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Table, TableAlignmentType,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use super::RenderError;
use crate::model::Document;
use crate::model::document::{Align, Cell, Span};
use crate::plan::{self, Columns, Edge, EdgeMark, Item, Lines, Para, Plan, WhichPage};
use crate::profile::{Page, Style};
use crate::text::xml_safe;

fn twips_mm(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// Margins round up, so text never enters a margin (a 15 millimetre margin is 851 twips, as Word writes it).
fn margin_twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4 - 1e-9).ceil() as i32
}

fn twips_pt(pt: f64) -> i32 {
    (pt * 20.0).round() as i32
}

fn pt_mm(pt: f64) -> f64 {
    pt * 25.4 / 72.0
}

/// Marks a table row as a repeated header row: docx-rs cannot write
/// `w:tblHeader`, so such rows get this unlikely height and the package step
/// swaps it for the real element.
const HEADER_ROW_MARK: f32 = 1.0;

/// Renders a document to a deflate-compressed DOCX package.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    draw(&plan::plan(doc))
}

/// Draws a plan as a DOCX package.
pub fn draw(plan: &Plan) -> Result<Vec<u8>, RenderError> {
    let w = Writer { plan };
    let mut docx = w.page_setup(Docx::new());
    docx = w.add_flow(docx, &plan.flow, plan.page.text_width_mm());
    for mark in plan.edge_marks.iter().filter(|m| m.edge == Edge::Bottom && m.page == WhichPage::Last) {
        docx = docx.add_paragraph(w.bottom_mark(mark));
    }
    if !plan.annexes.is_empty() {
        docx = w.annexes(docx);
    }
    let mut raw = Cursor::new(Vec::new());
    docx.build().pack(&mut raw).map_err(|e| RenderError::Docx(e.to_string()))?;
    super::package::finish(raw.get_ref(), &plan.meta, HEADER_ROW_MARK)
}

/// What one plan item becomes: boxed, as docx-rs's elements are large.
enum Drawn {
    Para(Box<Paragraph>),
    Table(Box<Table>),
    TableThenGap(Box<Table>, Box<Paragraph>),
}

struct Writer<'a> {
    plan: &'a Plan,
}

impl Writer<'_> {
    fn fonts(&self) -> RunFonts {
        let f = &self.plan.font.docx;
        RunFonts::new().ascii(f).hi_ansi(f).east_asia(f).cs(f)
    }

    fn add_flow(&self, mut docx: Docx, items: &[Item], width_mm: f64) -> Docx {
        let mut previous_was_table = false;
        for item in items {
            let is_table = matches!(item, Item::Table(_) | Item::Columns(_));
            if is_table && previous_was_table {
                // A paragraph between two tables keeps Word from merging them.
                docx = docx.add_paragraph(self.gap(0.0, false));
            }
            previous_was_table = is_table;
            docx = match self.item(item, width_mm) {
                Drawn::Para(p) => docx.add_paragraph(*p),
                Drawn::Table(t) => docx.add_table(*t),
                Drawn::TableThenGap(t, gap) => {
                    previous_was_table = false;
                    docx.add_table(*t).add_paragraph(*gap)
                }
            };
        }
        docx
    }

    /// The phụ lục, each a section of its own: a new page, turned when it
    /// asks, numbered from 1, with a blank first-page header. docx-rs 0.4.22
    /// keeps only one header of a `Section` it is given (`add_section`
    /// rebuilds it with `..Default::default()`), so the sections are ended by
    /// hand with section-property paragraphs that name the package's headers:
    /// the page-number one for every section, the document's first-page one
    /// for its own first page, a blank one for each phụ lục's.
    fn annexes(&self, mut docx: Docx) -> Docx {
        let rid = |h: &Option<(String, Header)>| h.as_ref().map(|(rid, _)| rid.clone());
        let sp = &docx.document.section_property;
        let (numbers, first) = (rid(&sp.header), rid(&sp.first_header));
        // A blank header in the package, kept in the unused even-page slot
        // (no reference there, so odd and even pages stay alike).
        let blank = docx_rs::create_header_rid(docx.document_rels.header_count + 1);
        docx.document_rels.header_count += 1;
        docx.content_type = docx.content_type.add_header();
        docx.document.section_property.even_header = Some((blank.clone(), Header::new().add_paragraph(self.gap(0.0, false))));
        let main = self.section(&self.plan.page, self.plan.landscape, false, numbers.as_deref(), first.as_deref());
        // The paragraph holding a section's properties takes no height.
        docx = docx.add_paragraph(self.gap(0.0, false).section_property(main));
        let annexes = &self.plan.annexes;
        for (i, a) in annexes.iter().enumerate() {
            docx = self.add_flow(docx, &a.flow, a.page.text_width_mm());
            if i + 1 < annexes.len() {
                let section = self.section(&a.page, a.landscape, true, numbers.as_deref(), first.as_ref().map(|_| blank.as_str()));
                docx = docx.add_paragraph(self.gap(0.0, false).section_property(section));
            }
        }
        // The last phụ lục is the package's final section.
        let last = annexes.last().expect("called with phụ lục");
        let end = self.section(&last.page, last.landscape, true, None, None);
        let sp = &mut docx.document.section_property;
        (sp.page_size, sp.page_margin, sp.page_num_type) = (end.page_size, end.page_margin, end.page_num_type);
        if first.is_some() {
            sp.first_header_reference = Some(HeaderReference::new("first", blank));
        }
        docx
    }

    /// A section's page and the headers it names (by relationship id).
    fn section(&self, page: &Page, landscape: bool, restart: bool, numbers: Option<&str>, first: Option<&str>) -> SectionProperty {
        let mut size = PageSize::new().size(twips_mm(page.width_mm) as u32, twips_mm(page.height_mm) as u32);
        if landscape {
            size = size.orient(PageOrientationType::Landscape);
        }
        let mut sp = SectionProperty::new().page_size(size).page_margin(self.page_margin(page));
        sp.header_reference = numbers.map(|rid| HeaderReference::new("default", rid));
        sp.first_header_reference = first.map(|rid| HeaderReference::new("first", rid));
        sp.title_pg = first.is_some();
        if restart {
            sp = sp.page_num_type(PageNumType::new().start(1));
        }
        sp
    }

    fn page_margin(&self, page: &Page) -> PageMargin {
        let number = self.plan.page_number.as_ref();
        PageMargin::new()
            .top(margin_twips(page.margin_top_mm))
            .bottom(margin_twips(page.margin_bottom_mm))
            .left(margin_twips(page.margin_left_mm))
            .right(margin_twips(page.margin_right_mm))
            .header(margin_twips(number.map_or(page.margin_top_mm / 2.0, |n| n.from_top_mm)))
            .footer(0)
    }

    fn page_setup(&self, docx: Docx) -> Docx {
        let page = &self.plan.page;
        let number = self.plan.page_number.as_ref();
        let mut docx = docx
            .page_size(twips_mm(page.width_mm) as u32, twips_mm(page.height_mm) as u32)
            .page_margin(self.page_margin(page))
            .default_fonts(self.fonts())
            .default_size((self.plan.text.size_pt * 2.0) as usize);
        if self.plan.landscape {
            docx = docx.page_orient(PageOrientationType::Landscape);
        }
        let mut later = Header::new();
        if let Some(n) = number {
            later = later.add_paragraph(self.page_number(n));
        }
        docx = docx.header(later);
        if number.is_none_or(|n| !n.first_page) {
            // Different first page: no number, the top edge marks instead.
            let mut first = Header::new();
            let top: Vec<&EdgeMark> =
                self.plan.edge_marks.iter().filter(|m| m.edge == Edge::Top && m.page == WhichPage::First).collect();
            if top.is_empty() {
                first = first.add_paragraph(self.gap(0.0, false));
            }
            for mark in top {
                first = first.add_paragraph(self.text_line(&mark.text, mark.style, mark.pitch_pt, mark.align));
            }
            docx = docx.first_header(first);
        }
        docx
    }

    fn page_number(&self, n: &plan::PageNumber) -> Paragraph {
        let st = n.style;
        let run = self
            .styled_run("", st)
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("2")
            .add_field_char(FieldCharType::End, false);
        self.compact(AlignmentType::Center, n.pitch_pt).add_run(run)
    }

    /// An edge mark of the last page: a frame anchored to the page, its
    /// baseline area `distance_mm` above the bottom edge.
    fn bottom_mark(&self, mark: &EdgeMark) -> Paragraph {
        let page = &self.plan.page;
        let y = twips_mm(page.height_mm - mark.distance_mm) - twips_pt(mark.pitch_pt);
        self.text_line(&mark.text, mark.style, mark.pitch_pt, mark.align)
            .wrap("around")
            .v_anchor("page")
            .h_anchor("margin")
            .x_align("center")
            .frame_y(y)
            .frame_width(twips_mm(page.text_width_mm()) as u32)
    }

    /// A run of styled text (case was already applied by the model).
    fn styled_run(&self, text: &str, st: Style) -> Run {
        let mut run = Run::new().size((st.size * 2.0).round() as usize).fonts(self.fonts());
        if !text.is_empty() {
            run = run.add_text(xml_safe(text));
        }
        if st.bold {
            run = run.bold();
        }
        if st.italic {
            run = run.italic();
        }
        if st.underline {
            run = run.underline("single");
        }
        run
    }

    fn span_run(&self, span: &Span, size: f64) -> Run {
        if span.is_break() {
            return Run::new().add_break(BreakType::TextWrapping);
        }
        let st = Style { size, bold: span.bold, italic: span.italic, underline: span.underline, uppercase: false };
        let run = self.styled_run(&span.text, st);
        if span.strike { run.strike() } else { run }
    }

    fn spacing(pitch_pt: f64, after_pt: f64) -> LineSpacing {
        LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips_pt(pitch_pt)).before(0).after(twips_pt(after_pt) as u32)
    }

    /// A paragraph at an exact pitch with no space around it.
    fn compact(&self, align: AlignmentType, pitch_pt: f64) -> Paragraph {
        Paragraph::new().align(align).line_spacing(Self::spacing(pitch_pt, 0.0)).widow_control(true)
    }

    fn text_line(&self, text: &str, st: Style, pitch_pt: f64, align: Align) -> Paragraph {
        self.compact(alignment(align), pitch_pt).add_run(self.styled_run(text, st))
    }

    fn gap(&self, pt: f64, keep_next: bool) -> Paragraph {
        Paragraph::new()
            .line_spacing(Self::spacing(pt.max(1.0), 0.0))
            .keep_next(keep_next)
            .add_run(Run::new().size(2).fonts(self.fonts()))
    }

    fn item(&self, item: &Item, width_mm: f64) -> Drawn {
        match item {
            Item::Gap(g) => Drawn::Para(Box::new(self.gap(g.pt, g.keep_next))),
            Item::Lines(l) => Drawn::Para(Box::new(self.lines(l, width_mm))),
            Item::Para(p) => Drawn::Para(Box::new(self.para(p))),
            Item::Table(t) => Drawn::TableThenGap(Box::new(self.table(t)), Box::new(self.gap(t.space_after_pt, false))),
            Item::Columns(c) => Drawn::Table(Box::new(self.columns(c))),
        }
    }

    /// Lines broken by the plan: one paragraph, a line break between lines.
    fn lines(&self, l: &Lines, width_mm: f64) -> Paragraph {
        let mut para = self.compact(alignment(l.align), l.pitch_pt).keep_next(l.keep_next);
        for (i, line) in l.lines.iter().enumerate() {
            if i > 0 {
                para = para.add_run(Run::new().add_break(BreakType::TextWrapping));
            }
            para = para.add_run(self.styled_run(line, l.style));
        }
        if l.hang_pt > 0.0 {
            let hang = twips_pt(l.hang_pt);
            para = para.indent(Some(hang), Some(SpecialIndentType::Hanging(hang)), None, None);
        }
        if let Some(frame) = &l.frame {
            // A paragraph border drawn `pad` outside the text, which indents
            // narrow so that the box is the frame's width.
            let (left, right) = side_indents(width_mm, pt_mm(frame.width_pt), l.align);
            let pad_x = twips_pt(frame.pad_x_pt);
            let size = (frame.stroke_pt * 8.0).round() as usize;
            let space = |pt: f64| pt.round() as usize;
            let side = |pos, pad: f64| ParagraphBorder::new(pos).val(BorderType::Single).size(size).space(space(pad));
            let borders = ParagraphBorders::with_empty()
                .set(side(ParagraphBorderPosition::Top, frame.pad_y_pt))
                .set(side(ParagraphBorderPosition::Bottom, frame.pad_y_pt))
                .set(side(ParagraphBorderPosition::Left, frame.pad_x_pt))
                .set(side(ParagraphBorderPosition::Right, frame.pad_x_pt));
            para = para.indent(Some(left + pad_x), None, Some(right + pad_x), None);
            para.property = para.property.set_borders(borders);
        }
        if let Some(rule) = &l.rule {
            // A bottom border on the paragraph narrowed to the rule's length.
            let (left, right) = side_indents(width_mm, pt_mm(rule.length_pt), Align::Center);
            let border = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size((rule.stroke_pt * 8.0).round() as usize)
                .space(rule.gap_pt.round() as usize);
            para = para.indent(Some(left), None, Some(right), None);
            para.property = para.property.set_borders(ParagraphBorders::with_empty().set(border));
        }
        para
    }

    fn para(&self, p: &Para) -> Paragraph {
        let mut out = Paragraph::new()
            .align(alignment(p.align))
            .line_spacing(Self::spacing(p.pitch_pt, p.space_after_pt))
            .keep_next(p.keep_next)
            .widow_control(true);
        if p.indent_mm > 0.0 {
            out = out.indent(None, Some(SpecialIndentType::FirstLine(twips_mm(p.indent_mm))), None, None);
        }
        if let Some(level) = p.outline_level {
            out = out.outline_lvl(usize::from(level.saturating_sub(1)));
        }
        p.spans.iter().fold(out, |out, s| out.add_run(self.span_run(s, p.size_pt)))
    }

    fn table_cell(&self, c: &Cell, t: &plan::Table, width_mm: f64, keep_next: bool) -> TableCell {
        let para = Paragraph::new()
            .align(alignment(c.align))
            .line_spacing(Self::spacing(t.pitch_pt, 0.0))
            .keep_next(keep_next);
        let para = c.spans.iter().fold(para, |p, s| p.add_run(self.span_run(s, t.size_pt)));
        TableCell::new()
            .add_paragraph(para)
            .width(twips_mm(width_mm) as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Top)
    }

    fn table(&self, t: &plan::Table) -> Table {
        let count = t.rows.len();
        let rows = t.rows.iter().enumerate().map(|(i, row)| {
            // A short table holds together: each row but the last keeps with the next.
            let keep_next = t.keep_together && i + 1 < count;
            let cells = row.iter().zip(&t.widths_mm).map(|(c, &w)| self.table_cell(c, t, w, keep_next)).collect();
            let row = TableRow::new(cells);
            let row = if t.keep_rows { row.cant_split() } else { row };
            if i < t.header_rows { row.row_height(HEADER_ROW_MARK).height_rule(HeightRule::AtLeast) } else { row }
        });
        let (pad_x, pad_y) = (twips_mm(t.pad_x_mm) as usize, twips_mm(t.pad_y_mm) as usize);
        let size = (t.stroke_pt * 8.0).round() as usize;
        let borders = [
            TableBorderPosition::Top,
            TableBorderPosition::Bottom,
            TableBorderPosition::Left,
            TableBorderPosition::Right,
            TableBorderPosition::InsideH,
            TableBorderPosition::InsideV,
        ]
        .into_iter()
        .fold(TableBorders::with_empty(), |b, pos| b.set(TableBorder::new(pos).border_type(BorderType::Single).size(size)));
        fixed_table(&t.widths_mm, rows.collect())
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(pad_y, pad_x, pad_y, pad_x))
    }

    fn columns(&self, c: &Columns) -> Table {
        let rows = c.rows.iter().map(|row| {
            let cells = row.cells.iter().zip(&c.widths_mm).map(|(items, &w)| self.cell(items, w)).collect();
            let row = TableRow::new(cells);
            if c.unbreakable { row.cant_split() } else { row }
        });
        let table = fixed_table(&c.widths_mm, rows.collect()).margins(TableCellMargins::new().margin(0, 0, 0, 0));
        if c.align == Align::Center { table.align(TableAlignmentType::Center) } else { table }
    }

    /// A layout cell: its items as paragraphs (a cell needs at least one).
    fn cell(&self, items: &[Item], width_mm: f64) -> TableCell {
        let mut cell = TableCell::new().width(twips_mm(width_mm) as usize, WidthType::Dxa);
        if items.is_empty() {
            return cell.add_paragraph(self.gap(0.0, false));
        }
        for item in items {
            cell = match self.item(item, width_mm) {
                Drawn::Para(p) => cell.add_paragraph(*p),
                Drawn::Table(t) => cell.add_table(*t).add_paragraph(self.gap(0.0, false)),
                Drawn::TableThenGap(t, g) => cell.add_table(*t).add_paragraph(*g),
            };
        }
        cell
    }
}

/// Left and right indents (twips) that narrow a `width_mm` column to `inner_mm`,
/// placed per `align`.
fn side_indents(width_mm: f64, inner_mm: f64, align: Align) -> (i32, i32) {
    let free = (twips_mm(width_mm) - twips_mm(inner_mm)).max(0);
    match align {
        Align::Right => (free, 0),
        Align::Left | Align::Justify => (0, free),
        Align::Center => (free / 2, free - free / 2),
    }
}

fn alignment(a: Align) -> AlignmentType {
    match a {
        Align::Justify => AlignmentType::Both,
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// A fixed-width borderless table of the given columns.
fn fixed_table(widths_mm: &[f64], rows: Vec<TableRow>) -> Table {
    let total: i32 = widths_mm.iter().map(|&w| twips_mm(w)).sum();
    Table::without_borders(rows)
        .set_grid(widths_mm.iter().map(|&w| twips_mm(w) as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(total as usize, WidthType::Dxa)
}

/// Reads one part of a DOCX package (tests and checks).
pub fn read_part(docx: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).ok()?;
    let mut part = zip.by_name(name).ok()?;
    let mut out = String::new();
    part.read_to_string(&mut out).ok()?;
    Some(out)
}

//! DOCX through docx-rs, from the same resolved model as the PDF. Every run names
//! the profile's font in all four slots and carries its own size, so the file
//! looks the same in Word and LibreOffice whatever their defaults.

use std::io::{Cursor, Read};

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, FieldCharType, Header, HeightRule, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, PageOrientationType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType, Table, TableAlignmentType,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

use super::RenderError;
use crate::model::Document;
use crate::model::document::{Align, Block, Cell, Para, Span, Table as ModelTable};
use crate::profile::{Profile, Style};
use crate::text::xml_safe;

fn twips_mm(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

/// Margins round up, so text never enters a margin (15 mm → 851 twips, as Word writes it).
fn margin_twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4 - 1e-9).ceil() as i32
}

fn twips_pt(pt: f64) -> i32 {
    (pt * 20.0).round() as i32
}

/// Marks a table row as a repeated header row: docx-rs cannot write
/// `w:tblHeader`, so such rows get this unlikely height and the package step
/// swaps it for the real element.
const HEADER_ROW_MARK: f32 = 1.0;

/// Renders a document to a deflate-compressed DOCX package.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let p = &doc.profile;
    let w = Writer { p };
    let mut docx = w.page_setup(Docx::new(), doc);
    if let Some(draft) = &doc.marks.draft {
        // A paragraph between two tables keeps Word from merging them.
        docx = docx.add_table(w.framed_right(draft)).add_paragraph(w.gap(4.0));
    }
    docx = docx.add_table(w.header_table(doc));
    for para in w.title_block(doc) {
        docx = docx.add_paragraph(para);
    }
    if let Some(table) = w.addressees(doc) {
        docx = docx.add_table(table).add_paragraph(w.gap(p.body.space_after_pt));
    }
    for block in &doc.body {
        docx = match block {
            Block::Para(para) => docx.add_paragraph(w.body_para(para)),
            Block::Table(table) => docx.add_table(w.body_table(table)).add_paragraph(w.gap(p.body.space_after_pt)),
        };
    }
    if let Some(table) = w.signature_table(doc) {
        // The gap holds on to the block, so the last lines of the body go with it.
        docx = docx.add_paragraph(w.gap(p.signature.space_before_pt).keep_next(true)).add_table(table);
    }
    let mut raw = Cursor::new(Vec::new());
    docx.build().pack(&mut raw).map_err(|e| RenderError::Docx(e.to_string()))?;
    super::package::finish(raw.get_ref(), &doc.meta, HEADER_ROW_MARK)
}

struct Writer<'a> {
    p: &'a Profile,
}

impl Writer<'_> {
    fn fonts(&self) -> RunFonts {
        let f = &self.p.font.docx_family;
        RunFonts::new().ascii(f).hi_ansi(f).east_asia(f).cs(f)
    }

    fn page_setup(&self, docx: Docx, doc: &Document) -> Docx {
        let page = if doc.landscape { self.p.page.landscape() } else { self.p.page.clone() };
        let margin = PageMargin::new()
            .top(margin_twips(page.margin_top_mm))
            .bottom(margin_twips(page.margin_bottom_mm))
            .left(margin_twips(page.margin_left_mm))
            .right(margin_twips(page.margin_right_mm))
            .header(margin_twips(page.page_number_from_top_mm))
            .footer(0);
        let mut docx = docx
            .page_size(twips_mm(page.width_mm) as u32, twips_mm(page.height_mm) as u32)
            .page_margin(margin)
            .default_fonts(self.fonts())
            .default_size((self.p.body.size_pt * 2.0) as usize)
            .header(Header::new().add_paragraph(self.page_number()));
        if doc.landscape {
            docx = docx.page_orient(PageOrientationType::Landscape);
        }
        if !page.number_first_page {
            // Different first page: page 1 gets an empty header.
            docx = docx.first_header(Header::new().add_paragraph(self.compact(AlignmentType::Center)));
        }
        docx
    }

    fn page_number(&self) -> Paragraph {
        let st = self.p.styles.page_number;
        let run = self
            .styled_run("", st)
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("2")
            .add_field_char(FieldCharType::End, false);
        self.compact(AlignmentType::Center).add_run(run)
    }

    /// A run of profile-styled text (case was already applied by the model).
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

    /// A paragraph in single spacing with no space after (header, title, signature).
    fn compact(&self, align: AlignmentType) -> Paragraph {
        Paragraph::new()
            .align(align)
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto).line(240).before(0).after(0))
    }

    fn line(&self, text: &str, st: Style, align: AlignmentType) -> Paragraph {
        self.compact(align).add_run(self.styled_run(text, st))
    }

    fn gap(&self, pt: f64) -> Paragraph {
        Paragraph::new()
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips_pt(pt.max(1.0))).before(0).after(0))
            .add_run(Run::new().size(2).fonts(self.fonts()))
    }

    // ---- page 1 header ------------------------------------------------------

    fn header_table(&self, doc: &Document) -> Table {
        let (h, st) = (&doc.header, &self.p.styles);
        let c = AlignmentType::Center;
        let mut left_top: Vec<Paragraph> = Vec::new();
        if let Some(parent) = &h.parent {
            left_top.push(self.line(parent, st.parent_body, c));
        }
        left_top.extend(h.issuer.iter().map(|l| self.line(l, st.issuer, c)));
        left_top.push(self.line(&h.star, st.star, c));
        let right_top = vec![self.party_title(doc)];
        let mut left_bottom: Vec<Paragraph> = h.number.iter().map(|n| self.line(n, st.number, c)).collect();
        for mark in &doc.marks.framed {
            left_bottom.push(self.gap(4.0));
            left_bottom.push(self.framed_line(mark, self.p.styles.mark, self.p.header.left_width_mm));
        }
        let right_bottom = vec![self.line(&h.place_date, st.place_date, c)];
        let widths = self.column_widths(doc);
        layout_table(&widths)
            .add_row(self.columns_row(&widths, left_top, right_top))
            .add_row(self.columns_row(&widths, left_bottom, right_bottom))
    }

    /// Left column, free space, right column: the free space is nothing on a
    /// portrait page and grows on a landscape one.
    fn column_widths(&self, doc: &Document) -> Vec<f64> {
        let (l, r) = (self.p.header.left_width_mm, self.p.header.right_width_mm);
        let page = if doc.landscape { self.p.page.landscape() } else { self.p.page.clone() };
        let gap = page.text_width_mm() - l - r;
        if gap > 0.5 { vec![l, gap, r] } else { vec![l, r] }
    }

    fn columns_row(&self, widths: &[f64], left: Vec<Paragraph>, right: Vec<Paragraph>) -> TableRow {
        let mut cells = vec![cell(left, widths[0])];
        if widths.len() == 3 {
            cells.push(cell(vec![self.compact(AlignmentType::Left)], widths[1]));
        }
        cells.push(cell(right, widths[widths.len() - 1]));
        TableRow::new(cells)
    }

    /// The party title with a rule exactly as long as the text: a bottom border
    /// on a paragraph narrowed by indents to the measured text width.
    fn party_title(&self, doc: &Document) -> Paragraph {
        let st = self.p.styles.party_title;
        let slack = 1.0; // pt each side, so the title never wraps
        let side = (twips_mm(self.p.header.right_width_mm) - twips_pt(doc.header.party_rule_pt + 2.0 * slack)) / 2;
        let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Single)
            .size((self.p.header.rule_pt * 8.0).round() as usize)
            .space(self.p.header.rule_gap_pt.round() as usize);
        let mut para = self
            .line(&doc.header.party_title, st, AlignmentType::Center)
            .indent(Some(side.max(0)), None, Some(side.max(0)), None);
        para.property = para.property.set_borders(ParagraphBorders::with_empty().set(rule));
        para
    }

    /// Centred text in a thin frame within a column of `column_mm`.
    fn framed_line(&self, text: &str, st: Style, column_mm: f64) -> Paragraph {
        let width = crate::fonts::width_pt(text, st.size, st.bold, st.italic) + 8.0;
        let side = ((twips_mm(column_mm) - twips_pt(width)) / 2).max(0);
        let mut para = self.line(text, st, AlignmentType::Center).indent(Some(side), None, Some(side), None);
        para.property = para.property.set_borders(frame_borders(self.p.marks.frame_pt));
        para
    }

    /// The draft mark: a framed one-cell table at the top right.
    fn framed_right(&self, text: &str) -> Table {
        let st = self.p.styles.draft_mark;
        let width_mm = (crate::fonts::width_pt(text, st.size, st.bold, st.italic) + 12.0) * 25.4 / 72.0;
        let size = (self.p.marks.frame_pt * 8.0).round() as usize;
        let borders = [TableBorderPosition::Top, TableBorderPosition::Bottom, TableBorderPosition::Left, TableBorderPosition::Right]
            .into_iter()
            .fold(TableBorders::with_empty(), |b, pos| b.set(TableBorder::new(pos).border_type(BorderType::Single).size(size)));
        Table::new(vec![TableRow::new(vec![cell(vec![self.line(text, st, AlignmentType::Center)], width_mm)])])
            .set_grid(vec![twips_mm(width_mm) as usize])
            .layout(TableLayoutType::Fixed)
            .width(twips_mm(width_mm) as usize, WidthType::Dxa)
            .align(TableAlignmentType::Right)
            .set_borders(borders)
            .margins(TableCellMargins::new().margin(40, 80, 40, 80))
    }

    // ---- title block --------------------------------------------------------

    fn title_block(&self, doc: &Document) -> Vec<Paragraph> {
        let (t, st) = (&doc.title, &self.p.styles);
        let c = AlignmentType::Center;
        let mut out = vec![self.gap(self.p.title.space_before_pt), self.line(&t.kind_name, st.kind_name, c)];
        if let Some(conclusion) = &t.conclusion {
            out.push(self.line(conclusion, st.conclusion, c));
        }
        out.push(self.broken_lines(&t.subject, st.subject));
        if !t.issued_with.is_empty() {
            out.push(self.broken_lines(&t.issued_with, st.issued_with));
        }
        out.push(self.line(&t.separator, st.separator, c));
        out.push(self.gap(self.p.body.space_after_pt));
        out
    }

    /// Lines the model already balanced: one centred paragraph, breaks between.
    fn broken_lines(&self, lines: &[String], st: Style) -> Paragraph {
        lines.iter().enumerate().fold(self.compact(AlignmentType::Center), |para, (i, line)| {
            let para = if i > 0 { para.add_run(Run::new().add_break(BreakType::TextWrapping)) } else { para };
            para.add_run(self.styled_run(line, st))
        })
    }

    fn addressees(&self, doc: &Document) -> Option<Table> {
        let a = doc.title.addressees.as_ref()?;
        let st = self.p.styles.addressees;
        let l = AlignmentType::Left;
        let widths = [(a.label_pt + 2.0) * 25.4 / 72.0, (a.items_pt + 6.0) * 25.4 / 72.0];
        let items = a.items.iter().map(|i| self.line(i, st, l)).collect();
        let row = TableRow::new(vec![cell(vec![self.line(&a.label, st, l)], widths[0]), cell(items, widths[1])]);
        Some(layout_table(&widths).align(TableAlignmentType::Center).add_row(row))
    }

    // ---- body ---------------------------------------------------------------

    fn body_spacing(&self, pitch: f64, after: f64) -> LineSpacing {
        LineSpacing::new().line_rule(LineSpacingType::Exact).line(twips_pt(pitch)).before(0).after(twips_pt(after) as u32)
    }

    fn body_para(&self, para: &Para) -> Paragraph {
        let b = &self.p.body;
        let mut out = Paragraph::new()
            .align(alignment(para.align))
            .line_spacing(self.body_spacing(b.line_pitch_pt, b.space_after_pt))
            .keep_next(para.keep_next)
            .widow_control(true);
        if para.indent {
            let first = SpecialIndentType::FirstLine(twips_mm(b.first_line_indent_mm));
            out = out.indent(None, Some(first), None, None);
        }
        if let Some(outline) = &para.outline {
            out = out.outline_lvl(usize::from(outline.level.saturating_sub(1)));
        }
        para.spans.iter().fold(out, |out, s| out.add_run(self.span_run(s, b.size_pt)))
    }

    fn table_cell(&self, c: &Cell, width_mm: f64) -> TableCell {
        let b = &self.p.body;
        let para = Paragraph::new()
            .align(alignment(c.align))
            .line_spacing(self.body_spacing(b.table_line_pitch_pt, 0.0));
        let para = c.spans.iter().fold(para, |p, s| p.add_run(self.span_run(s, b.table_size_pt)));
        TableCell::new()
            .add_paragraph(para)
            .width(twips_mm(width_mm) as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Top)
    }

    fn body_table(&self, t: &ModelTable) -> Table {
        let pad = twips_mm(self.p.body.table_cell_padding_mm) as usize;
        let rows = t.rows.iter().enumerate().map(|(i, row)| {
            let cells = row.iter().zip(&t.widths_mm).map(|(c, &w)| self.table_cell(c, w)).collect();
            let row = TableRow::new(cells);
            let row = if t.keep_rows { row.cant_split() } else { row };
            if i < t.header_rows {
                row.row_height(HEADER_ROW_MARK).height_rule(HeightRule::AtLeast)
            } else {
                row
            }
        });
        let total: i32 = t.widths_mm.iter().map(|&w| twips_mm(w)).sum();
        Table::new(rows.collect())
            .set_grid(t.widths_mm.iter().map(|&w| twips_mm(w) as usize).collect())
            .layout(TableLayoutType::Fixed)
            .width(total as usize, WidthType::Dxa)
            .margins(TableCellMargins::new().margin(pad / 2, pad, pad / 2, pad))
    }

    // ---- signature and recipients -------------------------------------------

    fn signature_table(&self, doc: &Document) -> Option<Table> {
        let signature = doc.signature.as_ref()?;
        let st = &self.p.styles;
        let (l, c) = (AlignmentType::Left, AlignmentType::Center);
        let mut left = Vec::new();
        for group in &doc.recipients {
            let label_style = match group.role {
                crate::model::document::GroupRole::Primary => st.recipients_label,
                crate::model::document::GroupRole::Group => st.recipients_group_label,
            };
            left.push(self.line(&group.label, label_style, l));
            // A wrapped item continues under its text, not under the bullet.
            let hang = twips_pt(crate::fonts::width_pt(&self.p.recipients.bullet, st.recipient.size, false, false));
            left.extend(group.items.iter().map(|i| {
                self.line(i, st.recipient, l).indent(Some(hang), Some(SpecialIndentType::Hanging(hang)), None, None)
            }));
            left.push(self.gap(4.0));
        }
        if let Some(mark) = &doc.typist_mark {
            left.push(self.line(mark, st.typist_mark, l));
        }
        let mut right = Vec::new();
        if let Some(authority) = &signature.authority {
            right.push(self.line(authority, st.authority, c));
        }
        right.extend(signature.position.iter().map(|p| self.line(p, st.position, c)));
        right.push(self.gap(crate::profile::mm_to_pt(self.p.signature.sign_space_mm)));
        right.push(self.line(&signature.name, st.signer, c));
        let widths = self.column_widths(doc);
        Some(layout_table(&widths).add_row(self.columns_row(&widths, left, right).cant_split()))
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

fn frame_borders(frame_pt: f64) -> ParagraphBorders {
    let size = (frame_pt * 8.0).round() as usize;
    [ParagraphBorderPosition::Top, ParagraphBorderPosition::Bottom, ParagraphBorderPosition::Left, ParagraphBorderPosition::Right]
        .into_iter()
        .fold(ParagraphBorders::with_empty(), |b, pos| b.set(ParagraphBorder::new(pos).val(BorderType::Single).size(size).space(2)))
}

fn cell(paragraphs: Vec<Paragraph>, width_mm: f64) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new(), |c, p| c.add_paragraph(p))
        .width(twips_mm(width_mm) as usize, WidthType::Dxa)
}

/// A borderless, fixed-width table for page layout (header, signature).
fn layout_table(widths_mm: &[f64]) -> Table {
    let total: i32 = widths_mm.iter().map(|&w| twips_mm(w)).sum();
    Table::without_borders(vec![])
        .set_grid(widths_mm.iter().map(|&w| twips_mm(w) as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(total as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// Reads one part of a DOCX package (tests and checks).
pub fn read_part(docx: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).ok()?;
    let mut part = zip.by_name(name).ok()?;
    let mut out = String::new();
    part.read_to_string(&mut out).ok()?;
    Some(out)
}

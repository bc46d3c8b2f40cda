//! Lint (issue 16, part 2): what in a DOCX breaks the thể thức of the profile
//! in force on its date (or the one named). The file is read as import reads
//! it, and each region import found is checked against the profile's values:
//! the page (size and margins of every section), the header's `Số` and date
//! lines, the title, the body's font size, the numbering of chương, điều,
//! khoản and điểm, the signature block, and Nơi nhận's punctuation. Every
//! problem has a stable code, the paragraph it is in (1-based, as import
//! counts; 0 is the whole document), a quote, what was found and what the
//! guide asks, in Vietnamese.

use schemars::JsonSchema;
use serde::Serialize;

use super::docx_text::{self, Block, DocxText, Paragraph, ReadError, SectionPage};
use super::fields;
use super::{Importer, Spans};
use crate::model::numbering::{Part, typed_article_label};
use crate::problem::Severity;
use crate::profile::{Profile, ProfileError, Profiles, Structure, Style};
use crate::text::upper;

/// Một lỗi thể thức tìm thấy trong tệp DOCX.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LintProblem {
    /// Mã ổn định, ví dụ `lint-margin`.
    pub code: String,
    pub severity: Severity,
    /// Đoạn văn thứ mấy trong tệp (đếm từ 1, kể cả đoạn trong bảng); 0 là cả văn bản.
    pub paragraph: usize,
    /// Những chữ đầu của đoạn đó.
    pub quote: String,
    /// Điều thấy trong tệp.
    pub found: String,
    /// Điều hướng dẫn yêu cầu.
    pub expected: String,
    /// Mô tả bằng tiếng Việt.
    pub message: String,
}

/// Kết quả kiểm tra: hồ sơ thể thức đã dùng và các lỗi.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Lint {
    /// Mã hồ sơ thể thức (`dang-hd05`).
    pub profile: String,
    pub problems: Vec<LintProblem>,
}

#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

/// Lints a DOCX under `named`, else the profile in force on its date (its A5
/// variant for an A5 page).
pub fn lint(docx: &[u8], profiles: &Profiles, named: Option<&str>) -> Result<Lint, LintError> {
    let text = docx_text::read(docx)?;
    let (_, spans) = Importer::new(&text).run();
    let mut profile = match named {
        Some(id) => profiles.get(id)?,
        None => profiles.get(&spans.profile.id).unwrap_or_else(|_| spans.profile.clone()),
    };
    if text.sections.first().is_some_and(is_a5)
        && let Some(a5) = profile.papers.get("a5").and_then(|id| profiles.get(id).ok())
    {
        profile = a5;
    }
    let mut l = Linter { text: &text, spans: &spans, p: &profile, out: Vec::new() };
    if named.is_some()
        && let Some(date) = spans.date
        && let Ok(chosen) = profiles.choose(named, date)
        && let Some(warning) = chosen.warning
    {
        l.push("lint-profile-not-in-force", None, profile.id.clone(), profiles.in_force(date).map(|p| p.id.clone()).unwrap_or_default(), warning);
        if let Some(last) = l.out.last_mut() {
            last.severity = Severity::Warning;
        }
    }
    l.page();
    l.fonts();
    l.header();
    l.title();
    l.body();
    l.numbering();
    l.ending();
    let mut problems = l.out;
    problems.sort_by_key(|p| p.paragraph);
    Ok(Lint { profile: profile.id.clone(), problems })
}

const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

fn mm(twips: i64) -> f64 {
    (twips as f64 / TWIPS_PER_MM * 10.0).round() / 10.0
}

fn is_a5(s: &SectionPage) -> bool {
    let (Some(w), Some(h)) = (s.width, s.height) else { return false };
    w.min(h) < 9000 && w.max(h) < 13000
}

/// A number of points as the guides write it (`13`, `13,5`).
fn pt(half_points: u32) -> String {
    if half_points.is_multiple_of(2) { format!("{}", half_points / 2) } else { format!("{},5", half_points / 2) }
}

fn mm_text(v: f64) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches(".0").replace('.', ",")
}

struct Linter<'a> {
    text: &'a DocxText,
    spans: &'a Spans,
    p: &'a Profile,
    out: Vec<LintProblem>,
}

/// The look of a paragraph's text after its last tab (a typed header puts
/// the right column there): bold, italic, underlined, its main size.
#[derive(Debug, Clone, Copy)]
struct Look {
    bold: bool,
    italic: bool,
    underline: bool,
    size: Option<u32>,
}

fn look(p: &Paragraph, after_tab: bool) -> Look {
    let at = if after_tab { p.runs.iter().rposition(|r| r.text.contains('\t')).unwrap_or(0) } else { 0 };
    let runs: Vec<_> = p.runs[at.min(p.runs.len())..]
        .iter()
        .map(|r| {
            let text = if after_tab { r.text.rsplit('\t').next().unwrap_or("") } else { r.text.as_str() };
            (text, r)
        })
        .filter(|(t, _)| !t.trim().is_empty())
        .collect();
    let all = |f: &dyn Fn(&docx_text::Run) -> bool| !runs.is_empty() && runs.iter().all(|(_, r)| f(r));
    // The main size: the paragraph's, unless a tab parts it.
    let size = if after_tab && p.text().contains('\t') { runs.first().and_then(|(_, r)| r.size) } else { p.main_size() };
    Look { bold: all(&|r| r.bold), italic: all(&|r| r.italic), underline: all(&|r| r.underline), size }
}

impl<'a> Linter<'a> {
    fn push(&mut self, code: &str, paragraph: Option<&Paragraph>, found: impl Into<String>, expected: impl Into<String>, message: impl Into<String>) {
        let (index, quote) = paragraph.map_or((0, String::new()), |p| (p.index, super::quote(&docx_text::squash(&p.text().replace('\n', " ")))));
        self.out.push(LintProblem {
            code: code.into(),
            severity: Severity::Error,
            paragraph: index,
            quote,
            found: found.into(),
            expected: expected.into(),
            message: format!("{} ({})", message.into(), self.p.guide),
        });
    }

    /// Size, bold, italic and underline of one component against its style.
    fn style(&mut self, what: &str, para: &Paragraph, found: Look, want: Style) {
        if let Some(size) = found.size
            && (f64::from(size) - want.size * 2.0).abs() > 0.01
        {
            let want_hp = (want.size * 2.0).round() as u32;
            self.push("lint-font-size", Some(para), format!("{} pt", pt(size)), format!("{} pt", pt(want_hp)), format!("{what} cỡ chữ {} pt; hướng dẫn yêu cầu {} pt", pt(size), pt(want_hp)));
        }
        let yes = |b: bool| if b { "có" } else { "không" };
        for (code, name, have, wanted) in [
            ("lint-bold", "in đậm", found.bold, want.bold),
            ("lint-italic", "in nghiêng", found.italic, want.italic),
            ("lint-underline", "gạch chân", found.underline, want.underline),
        ] {
            if have != wanted {
                let message = if wanted { format!("{what} phải {name}") } else { format!("{what} không được {name}") };
                self.push(code, Some(para), format!("{name}: {}", yes(have)), format!("{name}: {}", yes(wanted)), message);
            }
        }
    }

    /// Page size and margins of every section (a landscape one turned).
    fn page(&mut self) {
        let page = &self.p.page;
        for (i, s) in self.text.sections.iter().enumerate() {
            let which = if self.text.sections.len() > 1 { format!(" (phần {} của văn bản)", i + 1) } else { String::new() };
            if let (Some(w), Some(h)) = (s.width, s.height) {
                let (w, h) = (mm(i64::from(w)), mm(i64::from(h)));
                let (want_w, want_h) = if s.landscape || w > h { (page.height_mm, page.width_mm) } else { (page.width_mm, page.height_mm) };
                if (w - want_w).abs() > 1.0 || (h - want_h).abs() > 1.0 {
                    let found = format!("{} × {} mm", mm_text(w), mm_text(h));
                    let expected = format!("{} × {} mm", mm_text(want_w), mm_text(want_h));
                    self.push("lint-page-size", None, &found, &expected, format!("khổ giấy {found}{which}; hướng dẫn yêu cầu {expected}"));
                }
            }
            // A turned page keeps the margins' values (as `Page::landscape` lays it out).
            let want = [page.margin_top_mm, page.margin_right_mm, page.margin_bottom_mm, page.margin_left_mm];
            for (side, (have, want)) in ["trên", "phải", "dưới", "trái"].iter().zip(s.margins.iter().zip(want)) {
                let Some(have) = have else { continue };
                let have = mm(i64::from(*have).abs());
                if (have - want).abs() > 0.5 {
                    let (found, expected) = (format!("{} mm", mm_text(have)), format!("{} mm", mm_text(want)));
                    self.push("lint-margin", None, &found, &expected, format!("lề {side} {found}{which}; hướng dẫn yêu cầu {expected}"));
                }
            }
        }
    }

    /// Every paragraph of the main story in the profile's typeface; each
    /// other one once, at its first paragraph, with how many have it.
    fn fonts(&mut self) {
        let want = self.p.font.docx_family.clone();
        let mut wrong: Vec<(&str, &Paragraph, usize)> = Vec::new();
        let text: &'a DocxText = self.text;
        for para in text.blocks.iter().flat_map(Block::paragraphs) {
            let Some(font) = para.main_font() else { continue };
            if font.eq_ignore_ascii_case(&want) || para.is_blank() {
                continue;
            }
            match wrong.iter_mut().find(|(f, _, _)| *f == font) {
                Some(w) => w.2 += 1,
                None => wrong.push((font, para, 1)),
            }
        }
        for (font, para, count) in wrong {
            let more = if count > 1 { format!(" ({count} đoạn)") } else { String::new() };
            self.push("lint-font", Some(para), font, &want, format!("phông chữ {font}{more}; hướng dẫn yêu cầu {want} (Unicode, TCVN 6909:2001)"));
        }
    }

    /// The header's paragraphs, each with whether its right column is after a tab.
    fn header_paras(&self) -> Vec<(&'a Paragraph, bool)> {
        let text: &'a DocxText = self.text;
        match self.spans.header_table.map(|i| &text.blocks[i]) {
            Some(b @ Block::Table(_)) => b.paragraphs().into_iter().map(|p| (p, false)).collect(),
            _ => text.blocks[..self.spans.header_end.min(text.blocks.len())].iter().flat_map(Block::paragraphs).map(|p| (p, true)).collect(),
        }
    }

    /// `Số` and the date line; in a header table, the party title and the
    /// cơ quan ban hành.
    fn header(&mut self) {
        let p = self.p;
        let mut number_seen = false;
        let mut date_seen = false;
        if let Some(Block::Table(rows)) = self.spans.header_table.map(|i| &self.text.blocks[i]) {
            self.header_table(rows);
        }
        for (para, typed) in self.header_paras() {
            for raw in para.text().split('\n') {
                let parts: Vec<String> = raw.split('\t').map(docx_text::squash).filter(|s| !s.is_empty()).collect();
                let (Some(first), Some(last)) = (parts.first(), parts.last()) else { continue };
                if !number_seen && let Some(n) = fields::number(first, para.index, p) {
                    number_seen = true;
                    self.number(para, first, &n, typed && parts.len() > 1);
                }
                if !date_seen && fields::place_date(last).is_some() {
                    date_seen = true;
                    self.date(para, last, typed);
                }
            }
        }
    }

    fn header_table(&mut self, rows: &'a [Vec<Vec<Block>>]) {
        let p = self.p;
        let title = upper(&p.header.party_title);
        let mut names: Vec<(&Paragraph, fields::Line)> = Vec::new();
        let mut names_done = false;
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                for para in cell.iter().flat_map(Block::paragraphs) {
                    let lines = fields::lines_of(para);
                    if lines.len() == 1 && upper(&lines[0].text) == title {
                        self.style("dòng \"ĐẢNG CỘNG SẢN VIỆT NAM\"", para, look(para, false), p.styles.party_title);
                    }
                    if i == 0 && !names_done {
                        for l in lines {
                            if l.text == p.header.star || fields::number(&l.text, 0, p).is_some() {
                                names_done = true;
                                break;
                            }
                            names.push((para, l));
                        }
                    }
                }
            }
        }
        // Cơ quan ban hành: bold (its cấp trên above it is not); with no
        // bold line at all, the issuer is not set off.
        if p.styles.issuer.bold
            && !names.is_empty()
            && names.iter().all(|(_, l)| !l.bold)
            && let Some((para, _)) = names.last()
        {
            self.push("lint-bold", Some(para), "in đậm: không", "in đậm: có", "tên cơ quan ban hành phải in đậm");
        }
    }

    fn number(&mut self, para: &Paragraph, text: &str, n: &fields::Number, tabbed: bool) {
        let p = self.p;
        if n.colon {
            let want = p.header.number_line(n.serial.map(|s| format!("{s:02}")), &n.type_code, &n.issuer_code);
            self.push(
                "lint-number-format",
                Some(para),
                format!("{}:", p.header.number_prefix),
                p.header.number_prefix.clone(),
                format!("số và ký hiệu viết \"{}:\" có dấu hai chấm; văn bản của Đảng viết \"{}\", không có dấu hai chấm", p.header.number_prefix, docx_text::squash(&want)),
            );
        } else if let Some(serial) = n.serial {
            let want = p.header.number_line(Some(format!("{serial:02}")), &n.type_code, &n.issuer_code);
            if docx_text::squash(&want) != text {
                self.push("lint-number-format", Some(para), text, &want, format!("số và ký hiệu \"{text}\" không đúng dạng; viết \"{want}\" (số dưới 10 có hai chữ số, không có dấu cách quanh - và /)"));
            }
        }
        if !tabbed {
            let found = look(para, false);
            self.style("số và ký hiệu", para, found, p.styles.number);
        }
    }

    fn date(&mut self, para: &Paragraph, text: &str, typed: bool) {
        let p = self.p;
        self.style("dòng địa danh, ngày tháng năm", para, look(para, typed), p.styles.place_date);
        let Some(pd) = fields::place_date(text) else { return };
        let Some(date) = pd.date.as_deref() else { return };
        match crate::date::DocDate::parse(date) {
            Ok(d) => {
                let want = d.format(&pd.place, &p.date);
                if docx_text::squash(&want) != text {
                    self.push("lint-date-format", Some(para), text, docx_text::squash(&want), format!("dòng ngày tháng \"{text}\" không đúng dạng; viết \"{}\" (ngày dưới 10 và tháng 1, 2 có số 0 đứng trước)", docx_text::squash(&want)));
                }
            }
            Err(e) => self.push("lint-date-invalid", Some(para), text, "một ngày có trong lịch", e.message(date)),
        }
    }

    /// Tên loại and trích yếu.
    fn title(&mut self) {
        let p = self.p;
        let blocks = &self.text.blocks[self.spans.header_end.min(self.spans.body_start)..self.spans.body_start];
        let mut kind_seen = false;
        let labels: Vec<String> = std::iter::once(p.title.addressees_label.clone())
            .chain(p.kinds.values().filter_map(|k| k.slots.addressees_label.clone()))
            .map(|l| l.trim_end_matches(':').to_string())
            .collect();
        let mut addressees: Option<Vec<fields::Line>> = None;
        let mut separated = false;
        let mut in_reference = false;
        for para in blocks.iter().flat_map(Block::paragraphs) {
            let text = docx_text::squash(&para.text().replace('\n', " "));
            if text.is_empty() {
                continue;
            }
            if fields::is_separator(&text) {
                separated = true;
                continue;
            }
            if !kind_seen && fields::is_kind_line(&text, p) {
                kind_seen = true;
                self.style("tên loại văn bản", para, look(para, false), p.styles.kind_name);
                continue;
            }
            // Under the tên loại: the trích yếu (and a kết luận's author),
            // then `(Ban hành kèm theo …)`.
            if kind_seen && !separated && fields::mark(&text, p).is_none() {
                // `(Ban hành kèm theo …)` may wrap: it runs from its `(` to its `)`.
                in_reference |= text.starts_with('(');
                let (what, style) = if in_reference { ("dòng \"(Ban hành kèm theo …)\"", p.styles.issued_with) } else { ("trích yếu", p.styles.subject) };
                in_reference &= !text.ends_with(')');
                self.style(what, para, look(para, false), style);
            }
            match addressees.as_mut() {
                Some(lines) => lines.extend(fields::lines_of(para)),
                None if labels.iter().any(|l| text.starts_with(l.as_str())) => {
                    // The label's own line may carry the first item.
                    let mut lines = fields::lines_of(para);
                    if let Some(first) = lines.first_mut() {
                        first.text = first.text.split_once(':').map(|(_, rest)| rest.trim().to_string()).unwrap_or_default();
                    }
                    addressees = Some(lines.into_iter().filter(|l| !l.text.is_empty()).collect());
                }
                None => {}
            }
        }
        self.addressees(&addressees.unwrap_or_default());
    }

    /// Kính gửi / Kính trình with two names or more: each `- …` ends with
    /// the profile's mark, the last with its own.
    fn addressees(&mut self, lines: &[fields::Line]) {
        let t = &self.p.title;
        let bullet = t.addressee_bullet.trim_end();
        let mut items: Vec<(String, usize)> = Vec::new();
        for l in lines {
            match items.last_mut() {
                Some(last) if !l.text.starts_with(bullet) => {
                    last.0.push(' ');
                    last.0.push_str(&l.text);
                }
                _ => items.push((l.text.clone(), l.paragraph)),
            }
        }
        if items.len() < 2 || !items.iter().all(|(text, _)| text.starts_with(bullet)) {
            return;
        }
        let text: &'a DocxText = self.text;
        for (i, (item, at)) in items.iter().enumerate() {
            let want = if i + 1 == items.len() { &t.addressee_last_end } else { &t.addressee_end };
            if item.ends_with(want.as_str()) {
                continue;
            }
            let para = text.blocks.iter().flat_map(Block::paragraphs).find(|p| p.index == *at);
            let end = item.chars().next_back().filter(char::is_ascii_punctuation).map(String::from).unwrap_or_default();
            let which = if i + 1 == items.len() { "nơi gửi cuối cùng" } else { "mỗi nơi gửi (trừ nơi cuối)" };
            self.push("lint-addressee-punctuation", para, &end, want.as_str(), format!("\"{}\" kết thúc bằng \"{end}\"; {which} kết thúc bằng \"{want}\"", super::quote(item)));
        }
    }

    /// The body's font size: paragraphs and tables, each wrong size once,
    /// at its first paragraph, with how many paragraphs have it.
    fn body(&mut self) {
        let blocks = &self.text.blocks;
        let main = &blocks[self.spans.body_start..self.spans.body_end.max(self.spans.body_start)];
        let annexes = self.annexes();
        let body = main.iter().chain(annexes.iter().flat_map(|a| a.iter()));
        let (text_size, table_size) = ((self.p.body.size_pt * 2.0).round() as u32, (self.p.body.table_size_pt * 2.0).round() as u32);
        let mut wrong: Vec<(bool, u32, &Paragraph, usize)> = Vec::new();
        for block in body {
            let (in_table, want) = match block {
                Block::Para(_) => (false, text_size),
                Block::Table(_) => (true, table_size),
            };
            for para in block.paragraphs() {
                let Some(size) = para.main_size() else { continue };
                if size == want || para.is_blank() {
                    continue;
                }
                match wrong.iter_mut().find(|(t, s, _, _)| *t == in_table && *s == size) {
                    Some(w) => w.3 += 1,
                    None => wrong.push((in_table, size, para, 1)),
                }
            }
        }
        self.body_end(main);
        self.alignment(main.iter().chain(annexes.iter().flat_map(|a| a.iter())));
        for (in_table, size, para, count) in wrong {
            let (what, want) = if in_table { ("chữ trong bảng", table_size) } else { ("nội dung văn bản", text_size) };
            let more = if count > 1 { format!(" ({count} đoạn)") } else { String::new() };
            self.push(
                "lint-font-size",
                Some(para),
                format!("{} pt", pt(size)),
                format!("{} pt", pt(want)),
                format!("{what} cỡ chữ {} pt{more}; hướng dẫn yêu cầu {} pt", pt(size), pt(want)),
            );
        }
    }

    /// Body paragraphs (not headings, not in tables) justified: the ones
    /// that are not, once, at the first, with how many.
    fn alignment<'b>(&mut self, blocks: impl Iterator<Item = &'b Block>) {
        use crate::model::document::Align;
        if !self.p.body.justify {
            return;
        }
        let paras: Vec<&Paragraph> = blocks.filter_map(|b| if let Block::Para(p) = b { Some(p) } else { None }).filter(|p| !p.is_blank() && !is_heading(p) && p.align != Align::Justify).collect();
        let Some(first) = paras.first() else { return };
        let more = if paras.len() > 1 { format!(" ({} đoạn)", paras.len()) } else { String::new() };
        let found = match first.align {
            Align::Center => "căn giữa",
            Align::Right => "căn phải",
            _ => "căn trái",
        };
        self.push("lint-alignment", Some(first), found, "căn đều hai bên", format!("đoạn nội dung {found}{more}; hướng dẫn yêu cầu căn đều hai bên"));
    }

    /// HD 05: the body ends with `.`, never `./.`.
    fn body_end(&mut self, main: &[Block]) {
        if !self.p.checks.body_ends_with_period {
            return;
        }
        let Some(Block::Para(last)) = main.iter().rev().find(|b| !matches!(b, Block::Para(p) if p.is_blank())) else { return };
        let text = docx_text::squash(&last.text().replace('\n', " "));
        if text.ends_with("./.") {
            self.push("lint-body-end", Some(last), "./.", ".", "nội dung văn bản kết thúc bằng \"./.\"; hướng dẫn yêu cầu kết thúc bằng dấu chấm \".\"");
        } else if !text.ends_with(['.', ':', ')']) {
            let end = text.chars().next_back().map(String::from).unwrap_or_default();
            self.push("lint-body-end", Some(last), end, ".", "nội dung văn bản phải kết thúc bằng dấu chấm \".\"");
        }
    }

    /// Chương and điều numbered on through the document; khoản restart per
    /// điều; điểm letters (a b c d đ e g …) restart per khoản. The main part
    /// and each phụ lục are counted apart.
    fn numbering(&mut self) {
        let main: Vec<&Paragraph> = self.text.blocks[self.spans.body_start..self.spans.body_end.max(self.spans.body_start)]
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p),
                Block::Table(_) => None,
            })
            .collect();
        self.count(&main, self.spans.structure);
        for annex in self.annexes() {
            let paras: Vec<&Paragraph> = annex.iter().filter_map(|b| if let Block::Para(p) = b { Some(p) } else { None }).collect();
            let articles = paras.iter().any(|p| is_heading(p) && typed_article_label(&p.text()).is_some_and(|t| t.part == Part::Article));
            self.count(&paras, if articles { Structure::Articles } else { Structure::Sections });
        }
    }

    /// Each phụ lục's body: a section after the main part, from after its
    /// `-----` (its label, title and `(Kèm theo …)` have their own styles).
    fn annexes(&self) -> Vec<&'a [Block]> {
        let blocks: &'a [Block] = &self.text.blocks;
        let mut out = Vec::new();
        let mut start = self.spans.main_end;
        while start < blocks.len() {
            let end = blocks.iter().enumerate().skip(start).find(|(_, b)| matches!(b, Block::Para(p) if p.section_end)).map_or(blocks.len(), |(i, _)| i + 1);
            let section = &blocks[start..end];
            let separator = section.iter().take(8).position(|b| matches!(b, Block::Para(p) if fields::is_separator(&docx_text::squash(&p.text()))));
            out.push(&section[separator.map_or(0, |i| i + 1)..]);
            start = end;
        }
        out
    }

    fn count(&mut self, paras: &[&Paragraph], structure: Structure) {
        let letters = self.p.body.letters.clone();
        let (mut chapter, mut article, mut clause) = (0u32, 0u32, 0u32);
        // The điểm list: the last letter's place, and whether it is already reported.
        let mut point: Option<usize> = None;
        let mut broken = false;
        for para in paras {
            let text = docx_text::squash(&para.text().replace('\n', " "));
            if text.is_empty() {
                continue;
            }
            if structure == Structure::Articles
                && is_heading(para)
                && let Some(t) = typed_article_label(&text)
            {
                let Some(v) = t.value else { continue };
                let (counter, what) = match t.part {
                    Part::Chapter => (&mut chapter, "chương"),
                    Part::Article => (&mut article, "điều"),
                    Part::Section => continue,
                };
                let want = *counter + 1;
                if v != want {
                    let code = if t.part == Part::Article { "lint-dieu-sequence" } else { "lint-chuong-sequence" };
                    let label = if t.part == Part::Article { format!("Điều {want}") } else { format!("Chương {}", crate::text::roman(want)) };
                    let why = if v == 1 && *counter > 0 { format!("; {what} đánh số liên tục trong cả văn bản, không đánh lại từ đầu mỗi chương") } else { String::new() };
                    let found = text.split_whitespace().take(2).collect::<Vec<_>>().join(" ").trim_end_matches(['.', ':']).to_string();
                    self.push(code, Some(para), &found, &label, format!("{found} sau {what} {}: phải là {label}{why}", *counter));
                }
                *counter = v;
                if t.part == Part::Article {
                    clause = 0;
                }
                point = None;
                broken = false;
                continue;
            }
            if is_heading(para) {
                point = None;
                broken = false;
                continue;
            }
            let first = text.split(' ').next().unwrap_or_default();
            if let Some(n) = first.strip_suffix('.').filter(|n| (1..=3).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit())).and_then(|n| n.parse::<u32>().ok()) {
                if structure == Structure::Articles && article > 0 {
                    if n != clause + 1 && n != 1 {
                        self.push("lint-khoan-sequence", Some(para), format!("{n}."), format!("{}.", clause + 1), format!("khoản {n} sau khoản {clause}: phải là khoản {}; khoản đánh số lại từ 1 trong mỗi điều", clause + 1));
                    }
                    clause = n;
                }
                point = None;
                broken = false;
                continue;
            }
            let Some(letter) = first.strip_suffix(')').filter(|l| l.chars().count() == 1 && l.chars().all(char::is_lowercase)) else { continue };
            let want = point.map_or(0, |i| i + 1);
            let at = letters.iter().position(|l| l == letter);
            match at {
                None => {
                    let expected = letters.get(want).cloned().unwrap_or_default();
                    let list = letters.join(", ");
                    self.push("lint-diem-letter", Some(para), format!("{letter})"), format!("{expected})"), format!("điểm \"{letter})\" dùng chữ không có trong bảng chữ của điểm ({list}; không dùng f, j, w, z): phải là \"{expected})\""));
                    broken = true;
                    point = Some(want);
                }
                Some(i) => {
                    if i != want && i != 0 && !broken {
                        let expected = letters.get(want).cloned().unwrap_or_default();
                        self.push("lint-diem-sequence", Some(para), format!("{letter})"), format!("{expected})"), format!("điểm \"{letter})\" không liền sau điểm trước: phải là \"{expected})\""));
                        broken = true;
                    }
                    if i == 0 {
                        broken = false;
                    }
                    point = Some(i);
                }
            }
        }
    }

    /// The signature block's looks and Nơi nhận's punctuation.
    fn ending(&mut self) {
        let p = self.p;
        let blocks = &self.text.blocks[self.spans.body_end.min(self.spans.main_end)..self.spans.main_end];
        let label = p.recipients.label.trim_end_matches(':').to_string();
        let mut recipients: Vec<&Paragraph> = Vec::new();
        let mut typed = false;
        for block in blocks {
            match block {
                Block::Table(rows) => {
                    let last_col = rows.iter().map(Vec::len).max().unwrap_or(0).saturating_sub(1);
                    for row in rows {
                        for (i, cell) in row.iter().enumerate() {
                            let paras: Vec<&Paragraph> = cell.iter().flat_map(Block::paragraphs).filter(|p| !p.is_blank()).collect();
                            if paras.first().is_some_and(|f| docx_text::squash(&f.text()).starts_with(&label)) {
                                recipients = paras;
                            } else if i == last_col && i > 0 && !paras.is_empty() {
                                self.signature(&paras);
                            }
                        }
                    }
                }
                Block::Para(para) => {
                    // Typed with tabs: Nơi nhận is the left column.
                    let left = para.text().split('\t').next().map(docx_text::squash).unwrap_or_default();
                    if (recipients.is_empty() && left.starts_with(&label)) || (typed && !left.is_empty()) {
                        typed = true;
                        recipients.push(para);
                    }
                }
            }
        }
        self.recipients(&recipients);
    }

    /// Quyền hạn, chức vụ and họ tên: bold or not as the profile says.
    fn signature(&mut self, paras: &[&Paragraph]) {
        let p = self.p;
        let line = |para: &Paragraph| docx_text::squash(&para.text().replace('\n', " "));
        let paras: Vec<&&Paragraph> = paras.iter().filter(|para| {
            let t = line(para);
            !(t.starts_with('(') && t.ends_with(')')) && t.to_lowercase() != p.checks.concurrent_word.to_lowercase()
        }).collect();
        // A confirmation block under the signature is not checked here.
        let confirm = p.signature.confirmation_format.split("{name}").next().unwrap_or_default().trim().to_string();
        let end = paras.iter().position(|para| !confirm.is_empty() && line(para).starts_with(&confirm)).unwrap_or(paras.len());
        let paras = &paras[..end];
        let Some((name, rest)) = paras.split_last() else { return };
        if rest.is_empty() {
            return;
        }
        self.style("họ tên người ký", name, look(name, false), p.styles.signer);
        let (first, positions) = rest.split_first().expect("not empty");
        if fields::is_authority(&line(first), p) {
            self.style("quyền hạn ký", first, look(first, false), p.styles.authority);
            for para in positions {
                self.style("chức vụ người ký", para, look(para, false), p.styles.position);
            }
        } else if !self.spans.roles {
            // A biên bản's block opens with a role (`THƯ KÝ HỘI NGHỊ`), no chức vụ.
            for para in rest {
                self.style("chức vụ người ký", para, look(para, false), p.styles.position);
            }
        }
    }

    /// Each item `- …` ends with the profile's mark, the last with its own;
    /// the last item is `- Lưu …`.
    fn recipients(&mut self, paras: &[&Paragraph]) {
        let p = self.p;
        let r = &p.recipients;
        let bullet = r.bullet.trim_end();
        // Items per group (main list, then a labelled group), each with its first paragraph.
        let mut groups: Vec<Vec<(String, &Paragraph)>> = vec![Vec::new()];
        for (i, para) in paras.iter().enumerate() {
            let text = docx_text::squash(&para.text().split('\t').next().unwrap_or_default().replace('\n', " "));
            let text = if i == 0 { text.split_once(':').map(|(_, rest)| rest.trim().to_string()).unwrap_or_default() } else { text };
            if text.is_empty() {
                continue;
            }
            let group = groups.last_mut().expect("one group");
            if text.starts_with(bullet) {
                group.push((text, para));
            } else if text.ends_with(':') {
                groups.push(Vec::new());
            } else if !text.contains(' ') {
                break; // the typist's mark ends the list
            } else if let Some(last) = group.last_mut() {
                last.0.push(' ');
                last.0.push_str(&text);
            }
        }
        for (g, items) in groups.iter().enumerate() {
            for (i, (text, para)) in items.iter().enumerate() {
                let last = i + 1 == items.len();
                let want = if last { &r.last_end } else { &r.item_end };
                let end = text.chars().next_back().unwrap_or(' ');
                if !text.ends_with(want.as_str()) {
                    let (found, ends) = if end.is_ascii_punctuation() { (end.to_string(), format!("kết thúc bằng \"{end}\"")) } else { (String::new(), "không có dấu ở cuối".to_string()) };
                    let which = if last { "nơi nhận cuối cùng" } else { "mỗi nơi nhận (trừ nơi cuối)" };
                    self.push("lint-recipient-punctuation", Some(para), &found, want.as_str(), format!("\"{}\" {ends}; {which} kết thúc bằng \"{want}\"", super::quote(text)));
                }
                if last && g == 0 {
                    let item = text.trim_start_matches(bullet).trim();
                    if !item.starts_with(&r.archive_word) {
                        self.push("lint-recipient-archive", Some(para), super::quote(item), format!("{} …", r.archive_word), format!("nơi nhận cuối cùng phải là \"{bullet} {} …\" (bản lưu)", r.archive_word));
                    } else if item[r.archive_word.len()..].trim_start().starts_with(':') {
                        self.push("lint-recipient-archive", Some(para), format!("{}:", r.archive_word), r.archive_word.clone(), format!("\"{}\" không có dấu hai chấm", r.archive_word));
                    }
                }
            }
        }
        if let Some(first) = paras.first() {
            self.style("chữ \"Nơi nhận:\"", first, look_label(first, &r.label), p.styles.recipients_label);
        }
    }
}

/// The look of a paragraph's opening label (`Nơi nhận:`) alone.
fn look_label(p: &Paragraph, label: &str) -> Look {
    let mut seen = 0;
    let mut runs = Vec::new();
    for r in &p.runs {
        if seen >= label.len() {
            break;
        }
        seen += r.text.len();
        if !r.text.trim().is_empty() {
            runs.push(r);
        }
    }
    let all = |f: &dyn Fn(&docx_text::Run) -> bool| !runs.is_empty() && runs.iter().all(|r| f(r));
    Look { bold: all(&|r| r.bold), italic: all(&|r| r.italic), underline: all(&|r| r.underline), size: runs.first().and_then(|r| r.size) }
}

/// A heading paragraph: an outline level, or bold at its start.
fn is_heading(p: &Paragraph) -> bool {
    p.outline.is_some() || p.runs.iter().find(|r| !r.text.trim().is_empty()).is_some_and(|r| r.bold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_lengths_read_as_the_guides_write_them() {
        assert_eq!((pt(28), pt(27)), ("14".to_string(), "13,5".to_string()));
        assert_eq!(mm(1701), 30.0);
        assert_eq!(mm_text(mm(1134)), "20");
    }
}

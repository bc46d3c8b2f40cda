//! Turns parsed Markdown blocks into numbered, styled paragraphs (the-thuc §4):
//! `I-`, `1.`, `1.1.` … for reports; Chương / Mục / Điều / khoản / điểm for
//! documents with articles. Labels come from the profile's templates.

use super::document::{Align, Block, Cell, Outline, Para, Span, Table};
use super::input::NumberingMode;
use super::markdown::MdBlock;
use crate::fonts;
use crate::profile::{Level, Profile, Structure, mm_to_pt};
use crate::text;

pub struct Numberer<'a> {
    profile: &'a Profile,
    structure: Structure,
    auto: bool,
    /// Section counters by heading level (reports) or chương, mục, điều (articles).
    heads: [u32; 5],
    /// Numbered-paragraph counters by list depth.
    items: Vec<u32>,
    out: Vec<Block>,
}

impl<'a> Numberer<'a> {
    pub fn new(profile: &'a Profile, structure: Structure, mode: NumberingMode) -> Self {
        Numberer {
            profile,
            structure,
            auto: mode == NumberingMode::Auto,
            heads: [0; 5],
            items: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Numbers the blocks. Headings deeper than the structure allows were refused
    /// by validation; here they take the deepest level.
    pub fn run(mut self, blocks: Vec<MdBlock>) -> Vec<Block> {
        for block in blocks {
            match block {
                MdBlock::Heading { level, spans, .. } => match self.structure {
                    Structure::Sections => self.section_heading(level, spans),
                    Structure::Articles => self.article_heading(level, spans),
                },
                MdBlock::Para { spans } => self.para(spans, Align::Justify, true),
                MdBlock::Item { ordered, depth, marker, first, spans } => {
                    self.item(ordered, depth, &marker, first, spans)
                }
                MdBlock::Table { aligns, head, rows } => self.table(aligns, head, rows),
                MdBlock::Rule => {
                    let sep = self.profile.title.separator.clone();
                    self.para(vec![Span::plain(sep)], Align::Center, false)
                }
            }
        }
        // The last paragraph travels with the signature block (the-thuc §5).
        if let Some(Block::Para(p)) = self.out.last_mut() {
            p.keep_next = true;
        }
        self.out
    }

    fn para(&mut self, spans: Vec<Span>, align: Align, indent: bool) {
        self.out.push(Block::Para(Para { spans, outline: None, align, indent, keep_next: false }));
    }

    fn heading_para(&mut self, spans: Vec<Span>, align: Align, indent: bool, outline: Option<Outline>) {
        self.out.push(Block::Para(Para { spans, outline, align, indent, keep_next: true }));
    }

    fn section_heading(&mut self, level: u8, spans: Vec<Span>) {
        let levels = &self.profile.numbering.sections.levels;
        let idx = (usize::from(level) - 1).min(levels.len() - 1);
        self.heads[idx] += 1;
        self.heads[idx + 1..].iter_mut().for_each(|c| *c = 0);
        self.items.clear();
        let style = levels[idx].clone();
        let label = self.auto.then(|| self.label(&style.label, None));
        let outline = outline(idx as u8 + 1, label.as_deref(), &spans, self.heads[idx] * u32::from(self.auto));
        let spans = styled(label, spans, &style, style.uppercase);
        self.heading_para(spans, Align::Justify, true, Some(outline));
    }

    fn article_heading(&mut self, level: u8, spans: Vec<Span>) {
        let arts = &self.profile.numbering.articles;
        let (slot, style) = match level {
            1 => (0, arts.chapter.clone()),
            2 => (1, arts.section.clone()),
            _ => (2, arts.article.clone()),
        };
        self.heads[slot] += 1;
        if slot == 0 {
            self.heads[1] = 0; // mục restarts per chương; điều never restarts
        }
        self.items.clear();
        let n = self.heads[slot];
        let label = self.auto.then(|| self.label(&style.label, Some(n)));
        let outline = outline(slot as u8 + 1, label.as_deref(), &spans, n * u32::from(self.auto));
        if slot == 2 {
            let spans = styled(label, spans, &style, false);
            self.heading_para(spans, Align::Justify, true, Some(outline));
            return;
        }
        // Chương and Mục: the label on its own centred line, then the title.
        if let Some(label) = label {
            self.heading_para(styled(None, vec![Span::plain(label)], &style, false), Align::Center, false, Some(outline));
            let spans = styled(None, spans, &style, style.title_uppercase);
            self.heading_para(spans, Align::Center, false, None);
        } else {
            let spans = styled(None, spans, &style, style.title_uppercase);
            self.heading_para(spans, Align::Center, false, Some(outline));
        }
    }

    fn item(&mut self, ordered: bool, depth: usize, marker: &str, first: bool, spans: Vec<Span>) {
        if !first {
            self.para(spans, Align::Justify, true);
            return;
        }
        if self.items.len() <= depth {
            self.items.resize(depth + 1, 0);
        }
        self.items.truncate(depth + 1);
        let label = if ordered && self.auto {
            self.items[depth] += 1;
            let templates = match self.structure {
                Structure::Sections => &self.profile.numbering.sections.list_labels,
                Structure::Articles => &self.profile.numbering.articles.list_labels,
            };
            let template = templates[depth.min(templates.len() - 1)].clone();
            self.label(&template, Some(self.items[depth]))
        } else {
            marker.to_string()
        };
        let mut all = vec![Span::plain(format!("{label} "))];
        all.extend(spans);
        self.para(all, Align::Justify, true);
    }

    /// Expands `{N}`, `{N:I}`, `{N:a}` (counter of level N) and `{n}` (`current`).
    fn label(&self, template: &str, current: Option<u32>) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else { break };
            let token = &rest[open + 1..open + close];
            let (which, style) = token.split_once(':').unwrap_or((token, ""));
            let value = match which {
                "n" => current.unwrap_or(0),
                digit => digit.parse::<usize>().ok().and_then(|l| self.heads.get(l.wrapping_sub(1))).copied().unwrap_or(0),
            };
            out.push_str(&match style {
                "I" => text::roman(value),
                "a" => text::letter(value, &self.profile.body.letters),
                _ => value.to_string(),
            });
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn table(&mut self, aligns: Vec<Align>, head: Vec<Vec<Span>>, rows: Vec<Vec<Vec<Span>>>) {
        let columns = aligns.len().max(1);
        let header_style = self.profile.styles.table_header;
        let mut all_rows: Vec<Vec<Cell>> = Vec::new();
        let header_rows = usize::from(!head.is_empty());
        if !head.is_empty() {
            let cells = pad(head, columns)
                .into_iter()
                .map(|spans| Cell { spans: restyle(spans, header_style.bold, false), align: Align::Center })
                .collect();
            all_rows.push(cells);
        }
        for row in rows {
            let cells = pad(row, columns)
                .into_iter()
                .zip(&aligns)
                .map(|(spans, &align)| Cell { spans, align })
                .collect();
            all_rows.push(cells);
        }
        let widths_mm = column_widths(&all_rows, columns, self.profile);
        self.out.push(Block::Table(Table { widths_mm, header_rows, rows: all_rows, keep_rows: true }));
    }
}

fn outline(level: u8, label: Option<&str>, title: &[Span], number: u32) -> Outline {
    let title = crate::model::document::spans_text(title);
    Outline { level, label: label.unwrap_or_default().to_string(), title, number }
}

/// Label (if any) plus title, in the level's look; `upper` capitalises both.
fn styled(label: Option<String>, spans: Vec<Span>, level: &Level, upper: bool) -> Vec<Span> {
    let mut all = Vec::new();
    if let Some(label) = label {
        all.push(Span::plain(format!("{label} ")));
    }
    all.extend(spans);
    for span in &mut all {
        span.bold |= level.bold;
        span.italic |= level.italic;
        if upper {
            span.text = text::upper(&span.text);
        }
    }
    all
}

fn restyle(mut spans: Vec<Span>, bold: bool, italic: bool) -> Vec<Span> {
    for s in &mut spans {
        s.bold |= bold;
        s.italic |= italic;
    }
    spans
}

fn pad(mut cells: Vec<Vec<Span>>, columns: usize) -> Vec<Vec<Span>> {
    cells.resize_with(columns, Vec::new);
    cells
}

/// Column widths from content: every column gets at least its longest word,
/// the rest of the text width is shared by how much text each column holds.
fn column_widths(rows: &[Vec<Cell>], columns: usize, profile: &Profile) -> Vec<f64> {
    let size = profile.body.table_size_pt;
    let padding = 2.0 * mm_to_pt(profile.body.table_cell_padding_mm);
    let mut natural = vec![padding; columns];
    let mut minimum = vec![padding; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            let bold = cell.spans.iter().any(|s| s.bold);
            let text: String = cell.spans.iter().map(|s| s.text.as_str()).collect();
            natural[i] = natural[i].max(fonts::width_pt(&text, size, bold, false) + padding);
            let longest = text.split_whitespace().map(|w| fonts::width_pt(w, size, bold, false)).fold(0.0, f64::max);
            minimum[i] = minimum[i].max(longest + padding);
        }
    }
    let total = mm_to_pt(profile.page.text_width_mm());
    let (sum_nat, sum_min): (f64, f64) = (natural.iter().sum(), minimum.iter().sum());
    let widths: Vec<f64> = if sum_nat <= total {
        natural.iter().map(|w| w * total / sum_nat).collect()
    } else if sum_min >= total {
        minimum.iter().map(|w| w * total / sum_min).collect()
    } else {
        let share = (total - sum_min) / (sum_nat - sum_min);
        minimum.iter().zip(&natural).map(|(lo, hi)| lo + (hi - lo) * share).collect()
    };
    widths.into_iter().map(|pt| pt * 25.4 / 72.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::spans_text;
    use crate::model::markdown;
    use crate::profile::{DEFAULT_PROFILE, Profiles};

    fn numbered(md: &str, structure: Structure, mode: NumberingMode) -> Vec<String> {
        let profile = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let blocks = Numberer::new(&profile, structure, mode).run(markdown::parse(md));
        blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => spans_text(&p.spans),
                Block::Table(t) => format!("[bảng {} cột]", t.widths_mm.len()),
            })
            .collect()
    }

    #[test]
    fn report_sections_are_numbered_party_style() {
        let md = "# Đặc điểm tình hình\n\n## Việc xây dựng\n\n### Quán triệt\n\n### Căn cứ\n\n#### Về đối tượng\n\n##### chi tiết\n\n##### chi tiết nữa\n\n## Việc thực hiện\n\n# Kết quả\n\n## Ưu điểm";
        let lines = numbered(md, Structure::Sections, NumberingMode::Auto);
        assert_eq!(
            lines,
            [
                "I- ĐẶC ĐIỂM TÌNH HÌNH",
                "1. Việc xây dựng",
                "1.1. Quán triệt",
                "1.2. Căn cứ",
                "1.2.1. Về đối tượng",
                "a) chi tiết",
                "b) chi tiết nữa",
                "2. Việc thực hiện",
                "II- KẾT QUẢ",
                "1. Ưu điểm",
            ]
        );
    }

    #[test]
    fn report_heading_looks_follow_the_profile() {
        let profile = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let blocks = Numberer::new(&profile, Structure::Sections, NumberingMode::Auto)
            .run(markdown::parse("# a\n\n## b\n\n### c\n\n#### d\n\nthân"));
        let look: Vec<(bool, bool, bool)> = blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => (p.spans[0].bold, p.spans[0].italic, p.keep_next),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(look, [(true, false, true), (true, false, true), (true, true, true), (false, true, true), (false, false, true)]);
    }

    #[test]
    fn quy_che_articles_run_on_across_chapters_and_points_skip_f() {
        let md = "# Quy định chung\n\n### Phạm vi\n\n1. Khoản một\n2. Khoản hai:\n   1. a\n   2. b\n   3. c\n   4. d\n   5. dd\n   6. e\n   7. g\n\n### Đối tượng\n\n1. Khoản một mới\n   1. điểm mới\n\n# Nhiệm vụ\n\n## Tập thể\n\n### Ban chấp hành\n\n1. Khoản";
        let lines = numbered(md, Structure::Articles, NumberingMode::Auto);
        assert_eq!(
            lines,
            [
                "Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi", "1. Khoản một", "2. Khoản hai:",
                "a) a", "b) b", "c) c", "d) d", "đ) dd", "e) e", "g) g",
                "Điều 2. Đối tượng", "1. Khoản một mới", "a) điểm mới",
                "Chương II", "NHIỆM VỤ", "Mục 1", "TẬP THỂ", "Điều 3. Ban chấp hành", "1. Khoản",
            ]
        );
    }

    #[test]
    fn manual_numbering_keeps_what_was_typed() {
        let md = "# I- ĐẶC ĐIỂM\n\n## 2.1. Việc xây dựng\n\n3. Khoản gõ tay\n\n- gạch\n\n+ cộng";
        let lines = numbered(md, Structure::Sections, NumberingMode::Manual);
        assert_eq!(lines, ["I- ĐẶC ĐIỂM", "2.1. Việc xây dựng", "3. Khoản gõ tay", "- gạch", "+ cộng"]);
    }

    #[test]
    fn last_paragraph_keeps_with_the_signature() {
        let profile = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let blocks = Numberer::new(&profile, Structure::Sections, NumberingMode::Auto)
            .run(markdown::parse("một\n\nhai\n\nTrên đây là báo cáo."));
        let keeps: Vec<bool> = blocks.iter().map(|b| matches!(b, Block::Para(p) if p.keep_next)).collect();
        assert_eq!(keeps, [false, false, true]);
    }

    #[test]
    fn table_columns_fill_the_text_width_and_fit_their_words() {
        let profile = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let md = "| TT | Nội dung | Số lượng |\n|---|---|--:|\n| 1 | Đảng bộ cơ sở có quy chế làm việc được ban hành đúng thể thức | 359 |";
        let blocks = Numberer::new(&profile, Structure::Sections, NumberingMode::Auto).run(markdown::parse(md));
        let Block::Table(t) = &blocks[0] else { panic!() };
        assert_eq!(t.header_rows, 1);
        let sum: f64 = t.widths_mm.iter().sum();
        assert!((sum - 165.0).abs() < 1e-6, "{sum}");
        assert!(t.widths_mm[1] > t.widths_mm[0] && t.widths_mm[1] > t.widths_mm[2], "{:?}", t.widths_mm);
        assert!(t.rows[0].iter().all(|c| c.spans[0].bold && c.align == Align::Center));
        assert_eq!(t.rows[1][2].align, Align::Right);
    }
}

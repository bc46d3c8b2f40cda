//! Turns parsed Markdown blocks into numbered, styled paragraphs (the-thuc §4):
//! `I-`, `1.`, `1.1.` … for reports; Chương / Mục / Điều / khoản / điểm for
//! documents with articles. Labels come from the profile's templates.
//!
//! **Which heading is what, in a document with articles**, is decided per
//! document from the heading levels it uses:
//!
//! | the document uses | `#` | `##` | `###` and deeper |
//! |---|---|---|---|
//! | `###` (or deeper) anywhere | chương | mục | điều |
//! | `#` and `##`, nothing deeper (the common quy chế: chapters, no mục) | chương | điều | — |
//! | only `#`, or only `##` (a short quy chế without chapters) | điều | điều | — |
//!
//! **A label typed by the user** at the start of a heading is understood in
//! either numbering mode: `Chương I. …`, `Chương II: …`, `Chương thứ hai - …`,
//! `Mục 1. …`, `Điều 5. …`, `Điều 5: …` (any case) make that heading a chương,
//! mục or điều whatever its `#` level; the word and number are taken off and
//! the title kept. With `numbering: auto` the number is renumbered (điều run on
//! through the document); with `manual` the typed number is kept, set in the
//! profile's label (`Điều 5:` prints `Điều 5.`). In a report, auto numbering
//! likewise takes off a typed `I-`, `II.`, `1.`, `1.2.`, `a)` before putting its
//! own.
//!
//! **An article that is a sentence** (its heading ends with `.`, `;` or `:`,
//! as a quyết định's `Điều 1. Ban hành kèm theo Quyết định này …`) keeps its
//! text regular; only `Điều 1.` is bold. A titled article (`Điều 1. Phạm vi
//! điều chỉnh`) is bold whole.
//!
//! **Bounds**: every index is bounded — headings deeper than the profile's
//! levels take the deepest level, an empty `levels` or `list_labels` gives
//! unlabelled plain headings and `{n}.` items — so no Markdown input panics.

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
    heads: Vec<u32>,
    /// Articles: what each heading level is in this document (see the module doc).
    parts: [Part; 6],
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
            heads: vec![0; profile.numbering.sections.levels.len().max(6)],
            parts: [Part::Article; 6],
            items: Vec::new(),
            out: Vec::new(),
        }
    }

    /// Numbers the blocks. Headings deeper than the structure allows were refused
    /// by validation; here they take the deepest level.
    pub fn run(mut self, blocks: Vec<MdBlock>) -> Vec<Block> {
        self.parts = article_parts(&blocks);
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

    fn section_heading(&mut self, level: u8, mut spans: Vec<Span>) {
        let levels = &self.profile.numbering.sections.levels;
        let deepest = levels.len().min(self.heads.len()).max(1) - 1;
        let idx = usize::from(level).saturating_sub(1).min(deepest);
        self.heads[idx] += 1;
        self.heads[idx + 1..].iter_mut().for_each(|c| *c = 0);
        self.items.clear();
        let style = levels.get(idx).cloned().unwrap_or_else(plain_level);
        if self.auto
            && let Some(typed) = typed_section_label(&crate::model::document::spans_text(&spans))
        {
            spans = strip_prefix(spans, typed);
        }
        let label = self.auto.then(|| self.label(&style.label, None)).filter(|l| !l.is_empty());
        let outline = outline(idx as u8 + 1, label.as_deref(), &spans, self.heads[idx] * u32::from(self.auto));
        let spans = styled(label, spans, &style, style.uppercase);
        self.heading_para(spans, Align::Justify, true, Some(outline));
    }

    fn article_heading(&mut self, level: u8, spans: Vec<Span>) {
        let typed = typed_article_label(&crate::model::document::spans_text(&spans));
        let part = match &typed {
            Some(t) => t.part,
            None => self.parts[usize::from(level).clamp(1, 6) - 1],
        };
        let arts = &self.profile.numbering.articles;
        let (slot, style) = match part {
            Part::Chapter => (0, arts.chapter.clone()),
            Part::Section => (1, arts.section.clone()),
            Part::Article => (2, arts.article.clone()),
        };
        let spans = match &typed {
            Some(t) => strip_prefix(spans, t.title_start),
            None => spans,
        };
        self.heads[slot] += 1;
        if slot == 0 {
            self.heads[1] = 0; // mục restarts per chương; điều never restarts
        }
        self.items.clear();
        let (label, number) = if self.auto {
            let n = self.heads[slot];
            (Some(self.label(&style.label, Some(n))), n)
        } else if let Some(t) = &typed {
            // Manual: the typed number, in the profile's label.
            if let Some(v) = t.value {
                self.heads[slot] = v;
            }
            (Some(label_with_number(&style.label, &t.number)), t.value.unwrap_or(0))
        } else {
            (None, 0)
        };
        let outline = outline(slot as u8 + 1, label.as_deref(), &spans, number);
        if slot == 2 {
            let spans = if is_sentence(&spans) { sentence_article(label, spans, &style) } else { styled(label, spans, &style, false) };
            self.heading_para(spans, Align::Justify, true, Some(outline));
            return;
        }
        // Chương and Mục: the label on its own centred line, then the title.
        if let Some(label) = label {
            self.heading_para(styled(None, vec![Span::plain(label)], &style, false), Align::Center, false, Some(outline));
            if !spans.is_empty() {
                let spans = styled(None, spans, &style, style.title_uppercase);
                self.heading_para(spans, Align::Center, false, None);
            }
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
            let template = match templates.get(depth).or(templates.last()) {
                Some(t) => t.clone(),
                None => "{n}.".to_string(),
            };
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
                // Figures stand right-aligned unless the column asked otherwise.
                .map(|(spans, &align)| {
                    let align = if align == Align::Left && is_figure(&spans) { Align::Right } else { align };
                    Cell { spans, align }
                })
                .collect();
            all_rows.push(cells);
        }
        let widths_mm = column_widths(&all_rows, columns, self.profile);
        // A sentence that introduces the table (`… như sau:`) stays with it.
        if let Some(Block::Para(intro)) = self.out.last_mut()
            && crate::model::document::spans_text(&intro.spans).trim_end().ends_with(':')
        {
            intro.keep_next = true;
        }
        self.out.push(Block::Table(Table { widths_mm, header_rows, rows: all_rows, keep_rows: true }));
    }
}

/// What a heading is in a document with articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Chapter,
    Section,
    Article,
}

/// What each heading level (`#` … `######`) is in this document (module doc).
fn article_parts(blocks: &[MdBlock]) -> [Part; 6] {
    let levels: Vec<u8> = blocks
        .iter()
        .filter_map(|b| match b {
            MdBlock::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    let deep = levels.iter().any(|&l| l >= 3);
    let chapters = levels.contains(&1) && levels.contains(&2);
    let mut parts = [Part::Article; 6];
    if deep {
        parts[0] = Part::Chapter;
        parts[1] = Part::Section;
    } else if chapters {
        parts[0] = Part::Chapter;
    }
    parts
}

/// A chương, mục or điều label typed at the start of a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedLabel {
    pub part: Part,
    /// The number as typed: `5`, `II`, `thứ hai`.
    pub number: String,
    /// Its value, when it reads as one.
    pub value: Option<u32>,
    /// Byte offset of the title in the heading text (its length when none).
    pub title_start: usize,
}

/// `Chương I. …`, `CHƯƠNG II: …`, `Chương thứ hai - …`, `Mục 1. …`, `Điều 5: …`.
/// A word that only starts like one (`Điều kiện`, `Chương trình`, `Mục tiêu`)
/// is not a label.
pub fn typed_article_label(text: &str) -> Option<TypedLabel> {
    let words = words_with_offsets(text);
    let (word, _) = words.first()?;
    let part = match word.to_lowercase().as_str() {
        "chương" => Part::Chapter,
        "mục" => Part::Section,
        "điều" => Part::Article,
        _ => return None,
    };
    let (second, second_at) = *words.get(1)?;
    let bare = second.trim_end_matches(SEPARATORS);
    let (number, value, end) = if bare.chars().all(|c| c.is_ascii_digit()) && (1..=4).contains(&bare.len()) {
        (bare.to_string(), bare.parse().ok(), second_at + bare.len())
    } else if let Some(v) = roman_value(bare) {
        (bare.to_string(), Some(v), second_at + bare.len())
    } else if bare.to_lowercase() == "thứ" && second.len() == bare.len() {
        // `thứ hai`, `thứ mười một`
        let (value, end) = ordinal_words(&words[2..])?;
        (text[second_at..end].trim_end_matches(SEPARATORS).to_string(), Some(value), end)
    } else {
        return None;
    };
    let title = text[end..].trim_start_matches(|c: char| SEPARATORS.contains(&c) || c.is_whitespace());
    Some(TypedLabel { part, number, value, title_start: text.len() - title.len() })
}

const SEPARATORS: &[char] = &['.', ':', '-', '–', '—', ')'];

/// Words of `text` with their byte offsets.
fn words_with_offsets(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((&text[s..i], s));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((&text[s..], s));
    }
    out
}

/// `nhất` … `mười`, `mười một` … `mười chín`: the value and where it ends.
fn ordinal_words(words: &[(&str, usize)]) -> Option<(u32, usize)> {
    const UNITS: [&str; 10] = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"];
    let unit = |w: &str| {
        let w = w.trim_end_matches(SEPARATORS).to_lowercase();
        let w = if w == "một" { "nhất".to_string() } else if w == "bốn" { "tư".to_string() } else if w == "lăm" { "năm".to_string() } else { w };
        UNITS.iter().position(|u| *u == w).map(|i| i as u32 + 1)
    };
    let (first, at) = words.first()?;
    let v = unit(first)?;
    let mut end = at + first.len();
    let mut value = v;
    if v == 10
        && !first.ends_with(SEPARATORS)
        && let Some((second, at2)) = words.get(1)
        && let Some(u) = unit(second).filter(|&u| u < 10)
    {
        value = 10 + u;
        end = at2 + second.len();
    }
    Some((value, end))
}

/// `I` … `C` when it is a well-formed Roman numeral.
fn roman_value(s: &str) -> Option<u32> {
    // Chapters and sections stay below a hundred: `D.` or `M-` is no label.
    if s.is_empty() || !s.chars().all(|c| "IVXLC".contains(c)) {
        return None;
    }
    let digit = |c: char| match c {
        'I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, _ => 100,
    };
    let values: Vec<i64> = s.chars().map(digit).collect();
    // A smaller digit before a larger one counts negative (`IV` = -1 + 5);
    // the running sum may dip below zero on the way.
    let mut total = 0i64;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) { total -= v; } else { total += v; }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // Only the canonical spelling (`IV`, not `IIII` or `IC`).
    (text::roman(total) == s).then_some(total)
}

/// A Party-style report label typed at the start of a heading (`I-`, `II.`,
/// `1.`, `1.2.`, `2.2.1`, `a)`): the byte offset of the title after it. A
/// figure (`1.248 đảng viên`, `2025 là năm …`) is not a label.
pub fn typed_section_label(text: &str) -> Option<usize> {
    let words = words_with_offsets(text);
    let (first, _) = *words.first()?;
    let title_at = words.get(1).map(|(_, at)| *at)?;
    let roman = first.strip_suffix(['-', '.', '–']).and_then(roman_value).is_some();
    let letter = first.strip_suffix(')').is_some_and(|l| l.chars().count() == 1 && l.chars().all(|c| c.is_lowercase()));
    let dotted = {
        let groups: Vec<&str> = first.trim_end_matches('.').split('.').collect();
        let short = groups.iter().all(|g| (1..=2).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()));
        short && (first.ends_with('.') || groups.len() > 1)
    };
    (roman || letter || dotted).then_some(title_at)
}

/// The spans without their first `bytes` bytes of text, leading blanks trimmed.
fn strip_prefix(spans: Vec<Span>, mut bytes: usize) -> Vec<Span> {
    let mut out = Vec::new();
    for mut span in spans {
        if bytes >= span.text.len() {
            bytes -= span.text.len();
            continue;
        }
        span.text = span.text[bytes..].to_string();
        bytes = 0;
        if out.is_empty() {
            span.text = span.text.trim_start().to_string();
            if span.text.is_empty() {
                continue;
            }
        }
        out.push(span);
    }
    out
}

/// A label template with its `{n…}` counter replaced by a typed number.
fn label_with_number(template: &str, number: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let token = &rest[open + 1..open + close];
        if token == "n" || token.starts_with("n:") {
            out.push_str(number);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A heading level without label or look, for a profile that defines none.
fn plain_level() -> Level {
    Level { label: String::new(), bold: false, italic: false, uppercase: false, title_uppercase: false }
}

/// A table cell that holds a figure: `12`, `1.248`, `1.234.567`, `104,0%`, `-3,5`.
fn is_figure(spans: &[Span]) -> bool {
    let text: String = spans.iter().map(|s| s.text.as_str()).collect::<String>().split_whitespace().collect();
    let body = text.strip_prefix(['-', '+', '−', '±']).unwrap_or(&text);
    let body = body.strip_suffix(['%', '‰']).unwrap_or(body);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body.ends_with(|c: char| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

fn outline(level: u8, label: Option<&str>, title: &[Span], number: u32) -> Outline {
    let title = crate::model::document::spans_text(title);
    Outline { level, label: label.unwrap_or_default().to_string(), title, number }
}

/// Label (if any) plus title, in the level's look; `upper` capitalises both.
fn styled(label: Option<String>, spans: Vec<Span>, level: &Level, upper: bool) -> Vec<Span> {
    let mut all = Vec::new();
    if let Some(label) = label {
        // A typed label without a title (`### Điều 10`) leaves the label alone.
        all.push(Span::plain(if spans.is_empty() { label } else { format!("{label} ") }));
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

/// An article whose heading is a sentence (ends with `.`, `;` or `:`), as a
/// quyết định's `Điều 1. Ban hành kèm theo Quyết định này …`: the text is the
/// article itself, so it stays regular and only the label takes the style.
fn is_sentence(spans: &[Span]) -> bool {
    crate::model::document::spans_text(spans).trim_end().ends_with(['.', ';', ':'])
}

fn sentence_article(label: Option<String>, spans: Vec<Span>, level: &Level) -> Vec<Span> {
    let mut all: Vec<Span> = label.map(|l| restyle(vec![Span::plain(format!("{l} "))], level.bold, level.italic)).unwrap_or_default();
    all.extend(spans);
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
/// Cells up to this long keep to one line when the columns are shared out.
const SHORT_CELL_CHARS: usize = 24;

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
            // A short cell (a year, a figure with its unit) never wraps; a long one may, between words.
            let unbroken = if text.chars().count() <= SHORT_CELL_CHARS {
                fonts::width_pt(&text, size, bold, false)
            } else {
                text.split_whitespace().map(|w| fonts::width_pt(w, size, bold, false)).fold(0.0, f64::max)
            };
            minimum[i] = minimum[i].max(unbroken + padding);
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

    #[test]
    fn a_sentence_introducing_a_table_stays_with_it() {
        let p = crate::profile::Profiles::builtin().get("dang-hd05").unwrap();
        let blocks = markdown::parse("Kết quả như sau:\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nĐoạn khác.\n\n| C |\n|---|\n| 3 |");
        let out = Numberer::new(&p, Structure::Sections, NumberingMode::Auto).run(blocks);
        let keeps: Vec<bool> = out.iter().filter_map(|b| match b { Block::Para(p) => Some(p.keep_next), _ => None }).collect();
        assert_eq!(keeps, [true, false], "only the sentence ending with ':' keeps with its table");
        let Block::Para(other) = &out[2] else { panic!("a paragraph") };
        assert_eq!(crate::model::document::spans_text(&other.spans), "Đoạn khác.");
    }

    #[test]
    fn a_short_cell_gets_the_width_it_needs_on_one_line() {
        let profile = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let long = "Nội dung công việc rất dài cần nhiều chỗ để trình bày đầy đủ các ý chính của báo cáo tổng hợp trong năm";
        let md = format!("| Năm | Nội dung |\n|---|---|\n| 2020 (từ tháng 8) | {long} {long} |");
        let blocks = Numberer::new(&profile, Structure::Sections, NumberingMode::Auto).run(markdown::parse(&md));
        let Some(Block::Table(t)) = blocks.first() else { panic!("a table") };
        let need = fonts::width_pt("2020 (từ tháng 8)", profile.body.table_size_pt, false, false)
            + 2.0 * mm_to_pt(profile.body.table_cell_padding_mm);
        assert!(mm_to_pt(t.widths_mm[0]) >= need - 0.01, "{:?} < {need} pt", t.widths_mm);
    }

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

    fn outlines(md: &str, structure: Structure, mode: NumberingMode) -> Vec<(u8, String, u32)> {
        let profile = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        Numberer::new(&profile, structure, mode)
            .run(markdown::parse(md))
            .iter()
            .filter_map(|b| match b {
                Block::Para(Para { outline: Some(o), .. }) => Some((o.level, o.label.clone(), o.number)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn quy_che_with_chapters_and_no_muc_takes_the_second_level_as_dieu() {
        let md = "# Quy định chung\n\n## Phạm vi điều chỉnh\n\n1. Khoản một\n\n## Đối tượng áp dụng\n\n# Nhiệm vụ\n\n## Tập thể";
        let lines = numbered(md, Structure::Articles, NumberingMode::Auto);
        assert_eq!(
            lines,
            [
                "Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "1. Khoản một",
                "Điều 2. Đối tượng áp dụng", "Chương II", "NHIỆM VỤ", "Điều 3. Tập thể",
            ]
        );
        let levels: Vec<u8> = outlines(md, Structure::Articles, NumberingMode::Auto).iter().map(|o| o.0).collect();
        assert_eq!(levels, [1, 3, 3, 1, 3], "điều are outline level 3 (the comparison finds them)");
    }

    #[test]
    fn quy_che_without_chapters_numbers_its_only_level_as_dieu() {
        for md in ["# Phạm vi\n\nThân.\n\n# Đối tượng", "## Phạm vi\n\nThân.\n\n## Đối tượng"] {
            let lines = numbered(md, Structure::Articles, NumberingMode::Auto);
            assert_eq!(lines, ["Điều 1. Phạm vi", "Thân.", "Điều 2. Đối tượng"], "{md}");
        }
    }

    #[test]
    fn typed_chuong_muc_dieu_are_understood_and_renumbered() {
        let md = "# Chương I. Quy định chung\n\n## Điều 5. Phạm vi điều chỉnh\n\n## Điều 7: Đối tượng\n\n# CHƯƠNG III: Nhiệm vụ\n\n## Mục 1. Tập thể\n\n### Điều 9. Ban chấp hành\n\n### Điều 10";
        let lines = numbered(md, Structure::Articles, NumberingMode::Auto);
        assert_eq!(
            lines,
            [
                "Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "Điều 2. Đối tượng",
                "Chương II", "NHIỆM VỤ", "Mục 1", "TẬP THỂ", "Điều 3. Ban chấp hành", "Điều 4.",
            ]
        );
    }

    #[test]
    fn typed_numbers_are_kept_in_manual_mode() {
        let md = "# Chương I. Quy định chung\n\n## Điều 5. Phạm vi điều chỉnh\n\n## Điều 7: Đối tượng\n\n# Chương thứ hai - Nhiệm vụ\n\n## Mục 2. Tập thể\n\n### Điều 9. Ban chấp hành";
        let lines = numbered(md, Structure::Articles, NumberingMode::Manual);
        assert_eq!(
            lines,
            [
                "Chương I", "QUY ĐỊNH CHUNG", "Điều 5. Phạm vi điều chỉnh", "Điều 7. Đối tượng",
                "Chương thứ hai", "NHIỆM VỤ", "Mục 2", "TẬP THỂ", "Điều 9. Ban chấp hành",
            ]
        );
        let o = outlines(md, Structure::Articles, NumberingMode::Manual);
        assert_eq!(o[1], (3, "Điều 5.".to_string(), 5));
        assert_eq!(o[3], (1, "Chương thứ hai".to_string(), 2));
    }

    #[test]
    fn words_that_only_start_like_a_label_are_titles() {
        let md = "# Chương trình công tác\n\n## Điều kiện tham gia\n\n## Mục tiêu";
        let lines = numbered(md, Structure::Articles, NumberingMode::Auto);
        assert_eq!(lines, ["Chương I", "CHƯƠNG TRÌNH CÔNG TÁC", "Điều 1. Điều kiện tham gia", "Điều 2. Mục tiêu"]);
        assert_eq!(typed_article_label("Điều"), None);
        assert_eq!(typed_article_label("Chương IIII. x"), None, "not a Roman numeral");
        assert_eq!(typed_article_label("Chương IV. x").and_then(|t| t.value), Some(4), "a smaller digit before a larger one");
        assert_eq!(typed_article_label("Chương XIX. x").and_then(|t| t.value), Some(19));
        let t = typed_article_label("Điều 12 Hiệu lực thi hành").unwrap();
        assert_eq!((t.part, t.number.as_str(), t.value, &"Điều 12 Hiệu lực thi hành"[t.title_start..]), (Part::Article, "12", Some(12), "Hiệu lực thi hành"));
        let t = typed_article_label("Chương thứ mười một: Khen thưởng").unwrap();
        assert_eq!((t.number.as_str(), t.value), ("thứ mười một", Some(11)));
    }

    #[test]
    fn typed_report_labels_are_replaced_in_auto_mode() {
        let md = "# I- Đặc điểm\n\n## 1.2. Việc xây dựng\n\n## 1.248 đảng viên mới\n\n# II. Kết quả\n\n## 1. Ưu điểm\n\n##### a) chi tiết";
        let lines = numbered(md, Structure::Sections, NumberingMode::Auto);
        assert_eq!(lines, ["I- ĐẶC ĐIỂM", "1. Việc xây dựng", "2. 1.248 đảng viên mới", "II- KẾT QUẢ", "1. Ưu điểm", "a) chi tiết"]);
    }

    #[test]
    fn figures_in_tables_are_right_aligned_and_text_left() {
        let profile = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let md = "| Chỉ tiêu | Số | Tỷ lệ | Ghi chú |\n|---|---|---|:-:|\n| Đảng viên | 1.248 | 104,0% | 12 |\n| Giảm | -3,5 | 12 | x |\n| Tổng | 1.234.567 | khoảng 5 | 2026 |";
        let blocks = Numberer::new(&profile, Structure::Sections, NumberingMode::Auto).run(markdown::parse(md));
        let Block::Table(t) = &blocks[0] else { panic!() };
        let aligns: Vec<Vec<Align>> = t.rows[1..].iter().map(|r| r.iter().map(|c| c.align).collect()).collect();
        use Align::*;
        assert_eq!(aligns, [[Left, Right, Right, Center], [Left, Right, Right, Center], [Left, Right, Left, Center]]);
        assert!(["1", "+2", "−3,5", "50‰"].iter().all(|s| is_figure(&[Span::plain(*s)])));
        assert!(!["", "-", "1.2.a", "x1", "12 người", "2025 - 2030"].iter().any(|s| is_figure(&[Span::plain(*s)])));
    }

    #[test]
    fn no_markdown_input_panics_even_with_an_empty_profile() {
        let builtin = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let mut empty = (*builtin).clone();
        empty.numbering.sections.levels.clear();
        empty.numbering.sections.list_labels.clear();
        empty.numbering.articles.list_labels.clear();
        empty.body.letters.clear();
        let inputs = [
            "###### sáu cấp\n\n##### năm\n\n# một\n\n###### lại sáu",
            "1. a\n   1. b\n      1. c\n         1. d\n            1. e\n               1. f",
            "# Chương\n\n## Điều\n\n### Mục\n\n#### Điều 0.\n\n##### Chương 0\n\n###### Mục thứ",
            "| a |\n|---|\n| 1 | 2 | 3 |",
            "",
            "#\n\n##\n\n- \n\n1.",
            "[a](b) ![c](d) <http://x> `x` [^1]\n\n[r]: http://y\n\n```\ncode\n```\n\n> > quote",
        ];
        for profile in [&*builtin, &empty] {
            for md in inputs {
                for structure in [Structure::Sections, Structure::Articles] {
                    for mode in [NumberingMode::Auto, NumberingMode::Manual] {
                        let _ = Numberer::new(profile, structure, mode).run(markdown::parse(md));
                    }
                }
            }
        }
        let p = &empty;
        let blocks = Numberer::new(p, Structure::Sections, NumberingMode::Auto).run(markdown::parse("# Một\n\n1. khoản"));
        let texts: Vec<String> = blocks.iter().map(|b| match b { Block::Para(p) => spans_text(&p.spans), _ => String::new() }).collect();
        assert_eq!(texts, ["Một", "1. khoản"]);
    }

    #[test]
    fn six_heading_levels_take_the_deepest_level() {
        let md = "# a\n\n## b\n\n### c\n\n#### d\n\n##### e\n\n###### f\n\n###### g";
        let lines = numbered(md, Structure::Sections, NumberingMode::Auto);
        assert_eq!(lines, ["I- A", "1. b", "1.1. c", "1.1.1. d", "a) e", "b) f", "c) g"]);
    }
}

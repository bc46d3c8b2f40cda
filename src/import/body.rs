//! The body back as vanban's Markdown: headings with their level recovered
//! from Word's outline level or from the typed numbering (`I-`, `1.`,
//! `1.1.`, `a)`; `Chương`, `Mục`, `Điều`), numbered paragraphs (khoản,
//! điểm) as lists, bold and italic runs, GFM tables. Text is escaped so that
//! it prints as typed: nothing in it becomes markup.

use super::docx_text::{Block, Paragraph, Run, squash};
use crate::model::document::Align;
use crate::model::input::NumberingMode;
use crate::model::numbering::{Part, typed_article_label, typed_section_label};
use crate::profile::Structure;

/// The Markdown blocks of a body. `Auto`: typed labels are taken off for
/// vanban to number again; `Manual`: every number stays as typed.
pub fn markdown(blocks: &[Block], structure: Structure, mode: NumberingMode) -> Vec<String> {
    let manual = mode == NumberingMode::Manual;
    let mut w = Writer { structure, manual, out: Vec::new(), in_list: false, pending_label: None, unlabelled: Vec::new() };
    for block in blocks {
        match block {
            Block::Para(p) => w.para(p),
            Block::Table(rows) => {
                w.flush_label();
                w.in_list = false;
                w.out.extend(table(rows));
            }
        }
    }
    w.flush_label();
    // With an điều among them, `#` `##` `###` say chương, mục, điều by
    // themselves: the typed labels go, and vanban numbers them again.
    if !manual && w.unlabelled.iter().any(|(_, level, _)| *level == 3) {
        for (at, level, title) in std::mem::take(&mut w.unlabelled) {
            w.out[at] = format!("{} {}", "#".repeat(usize::from(level)), escape_line(&title));
        }
    }
    w.out
}

struct Writer {
    structure: Structure,
    manual: bool,
    out: Vec<String>,
    /// The last block was a list item: a `a)` paragraph nests under it.
    in_list: bool,
    /// A chương or mục label alone on its line, waiting for its title.
    pending_label: Option<(u8, String)>,
    /// Article headings with their typed label taken off: where, level, title.
    unlabelled: Vec<(usize, u8, String)>,
}

impl Writer {
    fn para(&mut self, p: &Paragraph) {
        if p.is_blank() {
            return;
        }
        let text = squash(&p.text().replace('\n', " "));
        if let Some((level, label)) = self.pending_label.take() {
            if p.align == Align::Center && p.outline.is_none() && typed_article_label(&text).is_none() {
                self.heading(level, &format!("{label}. {text}"));
                return;
            }
            self.heading(level, &label);
        }
        if let Some(level) = self.heading_level(p, &text) {
            if self.structure == Structure::Articles && level < 3 && typed_article_label(&text).is_some_and(|t| t.title_start >= text.len()) {
                self.pending_label = Some((level, text));
                return;
            }
            let title = match self.structure {
                Structure::Sections if !self.manual => typed_section_label(&text).map_or(text.as_str(), |at| &text[at..]).to_string(),
                _ => text.clone(),
            };
            self.heading(level, &title);
            return;
        }
        self.body_para(p, &text);
    }

    fn flush_label(&mut self) {
        if let Some((level, label)) = self.pending_label.take() {
            self.heading(level, &label);
        }
    }

    fn heading(&mut self, level: u8, title: &str) {
        self.in_list = false;
        if self.structure == Structure::Articles
            && let Some(t) = typed_article_label(title).filter(|t| t.title_start < title.len())
        {
            self.unlabelled.push((self.out.len(), level, title[t.title_start..].to_string()));
        }
        self.out.push(format!("{} {}", "#".repeat(usize::from(level)), escape_line(title)));
    }

    /// The heading level (1-based) of a paragraph, if it is a heading.
    fn heading_level(&self, p: &Paragraph, text: &str) -> Option<u8> {
        let styled = p.all_bold() || p.all_italic();
        match self.structure {
            Structure::Articles => match typed_article_label(text) {
                Some(t) if styled || p.outline.is_some() || starts_bold(p) => Some(match t.part {
                    Part::Chapter => 1,
                    Part::Section => 2,
                    Part::Article => 3,
                }),
                _ => p.outline.map(|o| (o + 1).min(3)),
            },
            Structure::Sections => {
                if let Some(o) = p.outline {
                    return Some((o + 1).min(5));
                }
                let at = typed_section_label(text)?;
                (styled && text.chars().count() < 300).then(|| section_level(text[..at].trim()))
            }
        }
    }

    /// A paragraph of text: a list item when it starts with a khoản or điểm
    /// number or a dash, else a paragraph; runs keep bold and italic.
    fn body_para(&mut self, p: &Paragraph, text: &str) {
        let (prefix, skip) = item_prefix(text, self.in_list && !self.manual);
        // Word's own list numbering is not in the runs: its label is.
        let label_len = p.list_label.as_ref().map_or(0, |l| l.len() + 1);
        let mut md = inline(&p.runs, skip.saturating_sub(label_len));
        if prefix.is_none()
            && let Some(label) = &p.list_label
        {
            md = escape_start(&format!("{} {md}", escape(label)));
        }
        self.in_list = prefix.is_some();
        self.out.push(match prefix {
            Some(prefix) => format!("{prefix}{md}"),
            None => md,
        });
    }
}

/// Starts with a bold run (`**Điều 1.** Ban hành …`).
fn starts_bold(p: &Paragraph) -> bool {
    p.runs.iter().find(|r| !r.text.trim().is_empty()).is_some_and(|r| r.bold)
}

/// The level a typed section label gives: `I-` 1, `1.` 2, `1.1.` 3, `1.1.1.` 4, `a)` 5.
fn section_level(label: &str) -> u8 {
    if label.ends_with(')') {
        return 5;
    }
    if label.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        let groups = label.trim_end_matches('.').split('.').count();
        return (groups as u8 + 1).min(4);
    }
    1
}

/// The Markdown list marker a paragraph's text starts with, and how many
/// bytes of the text it replaces: `1. ` a khoản, `a) ` a điểm (nested under
/// the item before it, else kept as text), `- ` / `+ ` as typed.
fn item_prefix(text: &str, in_list: bool) -> (Option<String>, usize) {
    let Some((first, _)) = text.split_once(' ') else { return (None, 0) };
    let skip = first.len() + 1;
    if let Some(n) = first.strip_suffix('.').filter(|n| (1..=3).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit())) {
        return (Some(format!("{n}. ")), skip);
    }
    let letter = first.strip_suffix(')').filter(|l| l.chars().count() == 1 && l.chars().all(char::is_lowercase));
    if letter.is_some() && in_list {
        return (Some("   1. ".into()), skip);
    }
    if first == "-" || first == "+" {
        return (Some(format!("{first} ")), skip);
    }
    (None, 0)
}

/// Runs as inline Markdown, the first `skip` bytes of text left out; bold
/// and italic marks only where CommonMark reads them as such.
fn inline(runs: &[Run], mut skip: usize) -> String {
    let mut pieces: Vec<Run> = Vec::new();
    for r in runs {
        let mut r = r.clone();
        if skip >= r.text.len() {
            skip -= r.text.len();
            continue;
        }
        if skip > 0 {
            let mut at = skip;
            while !r.text.is_char_boundary(at) {
                at += 1;
            }
            r.text = r.text[at..].to_string();
            skip = 0;
        }
        if pieces.is_empty() {
            r.text = r.text.trim_start().to_string();
        }
        pieces.push(r);
    }
    if let Some(last) = pieces.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    let mut out = String::new();
    for (i, r) in pieces.iter().enumerate() {
        let next = pieces.get(i + 1).and_then(|n| n.text.chars().next());
        out.push_str(&emphasised(&r.text.replace('\t', " "), r.bold, r.italic, out.chars().next_back(), next));
    }
    // A manual line break: a backslash before the newline; the next line starts afresh.
    out.split('\n').map(|l| escape_start(l.trim())).collect::<Vec<_>>().join("\\\n")
}

/// One run's text, escaped, with its `**` / `*` marks outside its blanks.
fn emphasised(text: &str, bold: bool, italic: bool, before: Option<char>, after: Option<char>) -> String {
    let core = text.trim();
    let mark = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let before = if lead.is_empty() { before } else { Some(' ') };
    let after = if trail.is_empty() { after } else { Some(' ') };
    if mark.is_empty() || core.is_empty() || core.contains('\n') || !flanks(core, before, after) {
        return escape(text);
    }
    format!("{lead}{mark}{}{mark}{trail}", escape(core))
}

/// CommonMark opens emphasis before `core` and closes it after only when
/// the marks are flanked right: a punctuation mark inside needs a blank or
/// punctuation outside.
fn flanks(core: &str, before: Option<char>, after: Option<char>) -> bool {
    let loose = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
    let first = core.chars().next().is_some_and(|c| c.is_ascii_punctuation());
    let last = core.chars().next_back().is_some_and(|c| c.is_ascii_punctuation());
    (!first || loose(before)) && (!last || loose(after))
}

/// Backslash-escapes the characters Markdown reads inline.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line of text made safe at its start, where Markdown reads blocks:
/// `#`, `>`, `-`, `+`, `=` and `1.` / `1)` would open a heading, quote,
/// list or rule.
fn escape_start(line: &str) -> String {
    let first = line.chars().next();
    if first.is_some_and(|c| matches!(c, '#' | '-' | '+' | '=')) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 9 && matches!(line[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// A heading's or list item's text: escaped inline, safe at its start.
pub fn escape_line(s: &str) -> String {
    escape_start(&escape(s))
}

/// A table as GFM: the first row is the header (bold in vanban), columns
/// aligned as their cells are.
fn table(rows: &[Vec<Vec<Block>>]) -> Option<String> {
    let columns = rows.iter().map(Vec::len).max().filter(|&n| n > 0)?;
    let cell = |blocks: &[Block], head: bool| -> String {
        let paras: Vec<&Paragraph> = blocks.iter().flat_map(Block::paragraphs).filter(|p| !p.is_blank()).collect();
        let texts: Vec<String> = paras
            .iter()
            .map(|p| if head { escape(&squash(&p.text().replace('\n', " "))) } else { inline(&p.runs, 0).replace("\\\n", " ") })
            .collect();
        texts.join(" ").replace('|', "\\|").replace("\\\\|", "\\|")
    };
    let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let mut out = Vec::new();
    let mut head: Vec<String> = rows[0].iter().map(|c| cell(c, true)).collect();
    head.resize(columns, String::new());
    out.push(line(head));
    out.push(line((0..columns).map(|i| rule(column_align(rows, i))).collect()));
    for row in &rows[1..] {
        let mut cells: Vec<String> = row.iter().map(|c| cell(c, false)).collect();
        cells.resize(columns, String::new());
        out.push(line(cells));
    }
    Some(out.join("\n"))
}

/// How most body cells of a column are aligned.
fn column_align(rows: &[Vec<Vec<Block>>], i: usize) -> Align {
    let aligns: Vec<Align> = rows[1..]
        .iter()
        .filter_map(|r| r.get(i))
        .filter_map(|c| c.iter().flat_map(Block::paragraphs).find(|p| !p.is_blank()).map(|p| p.align))
        .collect();
    let count = |a: Align| aligns.iter().filter(|&&x| x == a).count();
    if count(Align::Center) * 2 > aligns.len() { Align::Center } else { Align::Left }
}

fn rule(a: Align) -> String {
    match a {
        Align::Center => ":---:".into(),
        Align::Right => "---:".into(),
        _ => "---".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, bold: bool, outline: Option<u8>) -> Block {
        Block::Para(Paragraph {
            index: 1,
            runs: vec![Run { text: text.into(), bold, ..Run::default() }],
            align: Align::Justify,
            outline,
            list_label: None,
            section_end: false,
            indent: 0,
            sizes: Vec::new(),
            fonts: Vec::new(),
        })
    }

    #[test]
    fn typed_numbers_give_heading_levels_and_lists() {
        let blocks = [
            para("I- KẾT QUẢ", true, None),
            para("1. Ưu điểm", true, None),
            para("1. Tiếp tục lãnh đạo", false, None),
            para("a) chi tiết", false, None),
            para("- một ý", false, None),
            para("1.1. Chi tiết", false, Some(2)),
        ];
        let md = markdown(&blocks, Structure::Sections, NumberingMode::Auto);
        assert_eq!(md, ["# KẾT QUẢ", "## Ưu điểm", "1. Tiếp tục lãnh đạo", "   1. chi tiết", "- một ý", "### Chi tiết"]);
    }

    #[test]
    fn articles_join_their_label_line_and_title() {
        let centred = |t: &str, outline| match para(t, true, outline) {
            Block::Para(mut p) => {
                p.align = Align::Center;
                Block::Para(p)
            }
            b => b,
        };
        let blocks = [centred("Chương I", Some(0)), centred("NHỮNG QUY ĐỊNH CHUNG", None), para("Điều 1. Phạm vi", true, Some(2))];
        assert_eq!(markdown(&blocks, Structure::Articles, NumberingMode::Auto), ["# NHỮNG QUY ĐỊNH CHUNG", "### Phạm vi"]);
        assert_eq!(markdown(&blocks[..2], Structure::Articles, NumberingMode::Auto), ["# Chương I. NHỮNG QUY ĐỊNH CHUNG"], "no điều: the label says what it is");
    }

    #[test]
    fn text_is_escaped_and_emphasis_kept() {
        let runs = vec![
            Run { text: "Gửi ".into(), ..Run::default() },
            Run { text: "trước ngày 06/7 ".into(), bold: true, ..Run::default() },
            Run { text: "(a*b) 1. x".into(), ..Run::default() },
        ];
        assert_eq!(inline(&runs, 0), "Gửi **trước ngày 06/7** (a\\*b) 1. x");
        assert_eq!(escape_start("2023. năm"), "2023\\. năm");
        assert_eq!(escape_start("- x"), "\\- x");
    }
}

//! Bảng so sánh (the-thuc §8): two versions of a quy chế side by side, one row
//! per article. Articles are matched by number when their titles agree, else by
//! title or text similarity (a renumbered or moved article); the proposed text
//! shows its changes word by word — added words bold and underlined, removed
//! words struck through.

use std::collections::HashMap;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use similar::TextDiff;

use crate::model::document::{Align, Block, Cell, Document, Header, Marks, Meta, Span, Table, Title};
use crate::problem::Problem;
use crate::profile::{Profile, Profiles};
use crate::templates::Store;
use crate::text;

/// Yêu cầu lập bảng so sánh hai phiên bản một quy chế.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompareInput {
    /// Quy chế hiện hành: mô tả văn bản, hoặc {"template": …, "data": …}.
    pub old: Value,
    /// Dự thảo sửa đổi, bổ sung, cùng dạng.
    pub new: Value,
    /// Lý do, giải trình theo từng điều.
    #[serde(default)]
    pub reasons: Vec<Reason>,
    /// Điều không đổi thu gọn thành "Giữ nguyên" (mặc định có).
    #[serde(default = "yes")]
    pub fold_unchanged: bool,
}

fn yes() -> bool {
    true
}

/// Lý do, giải trình cho một dòng của bảng.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Số điều trong dự thảo (0: phần căn cứ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    /// Số điều trong quy chế hiện hành (cho điều bị bãi bỏ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_article: Option<u32>,
    pub text: String,
}

/// Parses a compare request; every structural problem at once.
pub fn parse(value: &Value) -> Result<CompareInput, Vec<Problem>> {
    static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> =
        std::sync::LazyLock::new(crate::model::validator_for::<CompareInput>);
    crate::model::parse_as(value, &VALIDATOR)
}

/// One article (or the preamble, number 0) as plain text.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub number: u32,
    /// `Điều 3.`, or the preamble's name.
    pub label: String,
    pub title: String,
    /// Its paragraphs, each with its printed label (`1.`, `a)`).
    pub paras: Vec<String>,
}

impl Article {
    fn heading(&self) -> String {
        format!("{} {}", self.label, self.title).trim().to_string()
    }

    fn text(&self) -> String {
        std::iter::once(self.heading()).chain(self.paras.iter().cloned()).collect::<Vec<_>>().join("\n")
    }

    /// Same title and text, white space aside (the number may differ).
    fn same_content(&self, other: &Article) -> bool {
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        words(&self.title) == words(&other.title) && words(&self.paras.join(" ")) == words(&other.paras.join(" "))
    }
}

/// The articles of a document with articles, in order; the text before the
/// first chương or điều is the preamble.
pub fn articles(doc: &Document, preamble_name: &str) -> Vec<Article> {
    let mut out = vec![Article { number: 0, label: preamble_name.to_string(), title: String::new(), paras: Vec::new() }];
    let mut in_article_or_preamble = true;
    for block in &doc.body {
        let text = match block {
            Block::Para(p) => {
                if let Some(o) = &p.outline {
                    if o.level >= 3 {
                        out.push(Article { number: o.number, label: o.label.clone(), title: o.title.clone(), paras: Vec::new() });
                    }
                    in_article_or_preamble = o.level >= 3;
                    continue;
                }
                if p.keep_next && p.align == Align::Center {
                    continue; // the title line under a chương label
                }
                crate::model::document::spans_text(&p.spans)
            }
            Block::Table(t) => t.rows.iter().map(|r| r.iter().map(|c| crate::model::document::spans_text(&c.spans)).collect::<Vec<_>>().join(" | ")).collect::<Vec<_>>().join("\n"),
        };
        if in_article_or_preamble && let Some(last) = out.last_mut() {
            last.paras.push(text);
        }
    }
    if out[0].paras.is_empty() {
        out.remove(0);
    }
    out
}

fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    f64::from(TextDiff::from_words(a, b).ratio())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    Changed,
    Added,
    Removed,
}

/// One row: the current article, the proposed one, and how they differ.
#[derive(Debug, Clone)]
pub struct Row {
    pub old: Option<Article>,
    pub new: Option<Article>,
    pub change: Change,
}

/// Pairs the articles of two versions and orders the rows as the new version
/// reads, each removed article after the one that preceded it.
pub fn match_articles(old: &[Article], new: &[Article]) -> Vec<Row> {
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        for (j, n) in new.iter().enumerate() {
            let title = similarity(&o.title, &n.title);
            let body = similarity(&o.paras.join("\n"), &n.paras.join("\n"));
            let same_number = o.number == n.number;
            let plausible = title >= 0.6 || body >= 0.5 || (same_number && (title >= 0.3 || body >= 0.3));
            if plausible {
                let score = title.max(body * 0.9) + if same_number { 0.15 } else { 0.0 };
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut old_for_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for (_, i, j) in candidates {
        if !taken[i] && old_for_new[j].is_none() {
            taken[i] = true;
            old_for_new[j] = Some(i);
        }
    }
    let mut rows = Vec::new();
    let mut emitted = vec![false; old.len()];
    let removed = |upto: usize, rows: &mut Vec<Row>, emitted: &mut Vec<bool>| {
        for k in 0..upto {
            if !taken[k] && !emitted[k] {
                emitted[k] = true;
                rows.push(Row { old: Some(old[k].clone()), new: None, change: Change::Removed });
            }
        }
    };
    for (j, n) in new.iter().enumerate() {
        match old_for_new[j] {
            Some(i) => {
                removed(i, &mut rows, &mut emitted);
                let change = if old[i].same_content(n) { Change::Same } else { Change::Changed };
                rows.push(Row { old: Some(old[i].clone()), new: Some(n.clone()), change });
            }
            None => rows.push(Row { old: None, new: Some(n.clone()), change: Change::Added }),
        }
    }
    removed(old.len(), &mut rows, &mut emitted);
    rows
}

/// The proposed text with its changes marked word by word: added words bold
/// and underlined, removed words struck through. Words are the space-separated
/// syllables of Vietnamese, never pieces of them; punctuation at a word's edge
/// is a token of its own, so `vụ` → `vụ,` marks only the comma. A changed
/// stretch shows everything removed, then everything added, so that a rewritten
/// sentence reads as two sentences and not as alternating words.
pub fn diff_spans(old: &str, new: &str) -> Vec<Span> {
    let (old, new) = (text::nfc(old), text::nfc(new));
    let (old, new) = (tokens(&old), tokens(&new));
    let ops = similar::capture_diff_slices(similar::Algorithm::Patience, &texts(&old), &texts(&new));
    let mut out = Spans::default();
    for stretch in stretches(&ops, &new) {
        match stretch {
            Stretch::Same(range) => out.group(&new[range], Look::Plain),
            Stretch::Changed(removed, added) => {
                out.group(&old[removed], Look::Removed);
                out.group(&new[added], Look::Added);
            }
        }
    }
    out.spans
}

/// One word or punctuation mark, or a paragraph break (`"\n"`).
struct Token<'a> {
    text: &'a str,
    space_before: bool,
}

impl Token<'_> {
    fn is_break(&self) -> bool {
        self.text == "\n"
    }

    fn is_word(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }
}

fn texts<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
    tokens.iter().map(|t| t.text).collect()
}

const OPENING: &[char] = &['(', '[', '"', '“', '\'', '‘'];
const CLOSING: &[char] = &[',', '.', ';', ':', '!', '?', ')', ']', '"', '”', '\'', '’', '…'];

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Token { text: "\n", space_before: false });
        }
        for (j, word) in line.split_whitespace().enumerate() {
            split_punctuation(word, j > 0, &mut out);
        }
    }
    out
}

/// `(Điều` → `(`, `Điều`; `12),` → `12`, `)`, `,`.
fn split_punctuation<'a>(word: &'a str, space_before: bool, out: &mut Vec<Token<'a>>) {
    let core_start = word.len() - word.trim_start_matches(OPENING).len();
    let core_end = word.trim_end_matches(CLOSING).len().max(core_start);
    let chars = |s: &'a str| s.char_indices().map(move |(i, c)| &s[i..i + c.len_utf8()]);
    let core = (core_end > core_start).then(|| &word[core_start..core_end]);
    let pieces = chars(&word[..core_start]).chain(core).chain(chars(&word[core_end..]));
    for (k, text) in pieces.enumerate() {
        out.push(Token { text, space_before: k == 0 && space_before });
    }
}

enum Stretch {
    /// Tokens of the new text that did not change.
    Same(std::ops::Range<usize>),
    /// Removed tokens of the old text, and the added ones that replace them.
    Changed(std::ops::Range<usize>, std::ops::Range<usize>),
}

/// The diff as alternating unchanged and changed stretches. An unchanged
/// stretch of at most one word between two changes joins them: "a b c" →
/// "x b y" reads better as "a b c" struck and "x b y" added.
fn stretches(ops: &[similar::DiffOp], new: &[Token]) -> Vec<Stretch> {
    let mut out: Vec<Stretch> = Vec::new();
    for op in ops {
        let (removed, added) = (op.old_range(), op.new_range());
        if matches!(op, similar::DiffOp::Equal { .. }) {
            out.push(Stretch::Same(added));
            continue;
        }
        if let [.., Stretch::Changed(..), Stretch::Same(same)] = out.as_slice()
            && is_small(&new[same.clone()])
        {
            out.pop();
        }
        match out.last_mut() {
            // Contiguous in both texts: the folded unchanged words are inside.
            Some(Stretch::Changed(r, a)) => (r.end, a.end) = (removed.end, added.end),
            _ => out.push(Stretch::Changed(removed, added)),
        }
    }
    out
}

/// At most one word (punctuation aside) and no paragraph break.
fn is_small(tokens: &[Token]) -> bool {
    tokens.iter().filter(|t| t.is_word()).count() <= 1 && !tokens.iter().any(Token::is_break)
}

#[derive(Clone, Copy, PartialEq)]
enum Look {
    Plain,
    Removed,
    Added,
}

impl Look {
    fn span(self, text: &str) -> Span {
        let mut span = Span::plain(text);
        match self {
            Look::Plain => {}
            Look::Removed => span.strike = true,
            Look::Added => (span.bold, span.underline) = (true, true),
        }
        span
    }
}

/// Spans under construction, with the spacing between tokens.
#[derive(Default)]
struct Spans {
    spans: Vec<Span>,
    line_start: bool,
    last: Option<Look>,
}

impl Spans {
    fn group(&mut self, tokens: &[Token], look: Look) {
        let mut first = true;
        for token in tokens {
            if token.is_break() {
                // A removed paragraph break is not printed.
                if look != Look::Removed {
                    push(&mut self.spans, Span::plain("\n"));
                    (self.line_start, self.last) = (true, None);
                }
                continue;
            }
            let at_start = self.spans.is_empty() || self.line_start;
            // A removed word and the word replacing it always stand apart.
            let apart = first && token.is_word() && self.last.is_some_and(|l| l != look && l != Look::Plain);
            if !at_start && (token.space_before || apart) {
                // The gap inside a group carries the group's marks; between groups none.
                push(&mut self.spans, if first { Span::plain(" ") } else { look.span(" ") });
            }
            push(&mut self.spans, look.span(token.text));
            (self.line_start, self.last, first) = (false, Some(look), false);
        }
    }
}

fn push(spans: &mut Vec<Span>, span: Span) {
    match spans.last_mut() {
        Some(last) if last.same_look(&span) && !last.is_break() && !span.is_break() => last.text.push_str(&span.text),
        _ => spans.push(span),
    }
}

fn plain_lines(text: &str, look: impl Fn(String) -> Span) -> Vec<Span> {
    let mut spans = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            spans.push(Span::plain("\n"));
        }
        spans.push(look(line.to_string()));
    }
    spans
}

/// Checks and resolves both sides; every problem at once, under `/old` or `/new`.
pub fn documents(input: &CompareInput, profiles: &Profiles, store: &Store) -> Result<(Document, Document), Vec<Problem>> {
    let old = store.resolve(&input.old, profiles);
    let new = store.resolve(&input.new, profiles);
    let mut problems = Vec::new();
    for (side, result) in [("/old", &old), ("/new", &new)] {
        match result {
            Err(p) => problems.extend(p.iter().cloned().map(|p| p.under(side))),
            Ok(doc) if doc.profile.kind(&doc.kind).map(|k| k.structure) != Some(crate::profile::Structure::Articles) => {
                problems.push(Problem::error("compare-not-articles", format!("{side}/kind"), format!("chỉ so sánh được văn bản có điều khoản (quy chế, quy định); \"{}\" thì không", doc.kind)));
            }
            Ok(_) => {}
        }
    }
    match (old, new) {
        (Ok(o), Ok(n)) if problems.is_empty() => Ok((o, n)),
        _ => Err(problems),
    }
}

/// The bảng so sánh as a document, ready for both renderers.
pub fn build(input: &CompareInput, profiles: &Profiles, store: &Store) -> Result<Document, Vec<Problem>> {
    let (old, new) = documents(input, profiles, store)?;
    Ok(table_document(&old, &new, &input.reasons, input.fold_unchanged))
}

pub fn table_document(old: &Document, new: &Document, reasons: &[Reason], fold: bool) -> Document {
    let profile: Arc<Profile> = new.profile.clone();
    let c = &profile.compare;
    let rows = match_articles(&articles(old, &c.preamble), &articles(new, &c.preamble));
    let reason_for = |row: &Row| -> String {
        let by_new: HashMap<u32, &str> = reasons.iter().filter_map(|r| Some((r.article?, r.text.as_str()))).collect();
        let by_old: HashMap<u32, &str> = reasons.iter().filter_map(|r| Some((r.old_article?, r.text.as_str()))).collect();
        row.new.as_ref().and_then(|n| by_new.get(&n.number)).or_else(|| row.old.as_ref().and_then(|o| by_old.get(&o.number))).map(|s| text::clean_line(s)).unwrap_or_default()
    };
    let italic = |s: String| Span { text: s, italic: true, ..Span::default() };
    // The compared document's tên loại heads its column (`Quy định hiện hành`)
    // and names the table.
    let kind = profile.kind(&old.kind).map(|k| k.name.clone()).unwrap_or_default();
    let heading = |h: &String| Cell { spans: vec![Span { text: h.replace("{kind}", &kind), bold: true, ..Span::default() }], align: Align::Center };
    let mut table_rows = vec![c.columns.iter().map(heading).collect::<Vec<_>>()];
    for row in &rows {
        // A folded row names the article only, on both sides.
        let folded = fold && row.change == Change::Same;
        let old_cell = match &row.old {
            Some(o) if folded => vec![Span::plain(o.heading())],
            Some(o) => plain_lines(&o.text(), Span::plain),
            None => Vec::new(),
        };
        let new_cell = match (row.change, &row.old, &row.new) {
            (Change::Same, Some(o), Some(n)) if fold => {
                if o.number == n.number {
                    vec![italic(c.unchanged.clone())]
                } else {
                    vec![italic(c.unchanged_moved.replace("{label}", n.label.trim_end_matches('.')))]
                }
            }
            (Change::Same, _, Some(n)) => plain_lines(&n.text(), Span::plain),
            (Change::Changed, Some(o), Some(n)) => diff_spans(&o.text(), &n.text()),
            (Change::Added, _, Some(n)) => plain_lines(&n.text(), |s| Span { text: s, bold: true, underline: true, ..Span::default() }),
            _ => Vec::new(),
        };
        let reason = reason_for(row);
        table_rows.push(vec![
            Cell { spans: old_cell, align: Align::Left },
            Cell { spans: new_cell, align: Align::Left },
            Cell { spans: if reason.is_empty() { Vec::new() } else { vec![Span::plain(reason)] }, align: Align::Left },
        ]);
    }
    let page = profile.page.landscape();
    let total: f64 = c.widths_percent.iter().sum();
    let widths_mm = c.widths_percent.iter().map(|w| w / total * page.text_width_mm()).collect();
    let kind_name = text::upper(&c.kind_name);
    // Named after the version in force: the draft's trích yếu may already say "(sửa đổi, bổ sung)".
    let subject = c.subject_format.replace("{kind}", &kind).replace("{subject}", &old.title.subject.join(" "));
    Document {
        profile: profile.clone(),
        kind: "bang-so-sanh".into(),
        landscape: true,
        date: new.date,
        meta: Meta::new(format!("{kind_name} {subject}"), new.meta.author.clone(), &profile),
        marks: Marks { draft: new.marks.draft.clone(), ..Marks::default() },
        header: Header { number: None, ..new.header.clone() },
        title: Title {
            kind_name,
            conclusion: None,
            subject: crate::linebreak::phrase_lines(&subject, crate::profile::mm_to_pt(page.text_width_mm()) * 0.7, profile.styles.subject.size, profile.styles.subject.bold, false),
            issued_with: Vec::new(),
            separator: profile.title.separator.clone(),
            addressees: None,
        },
        body: vec![Block::Table(Table { widths_mm, header_rows: 1, rows: table_rows, keep_rows: false })],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn art(number: u32, title: &str, paras: &[&str]) -> Article {
        Article { number, label: format!("Điều {number}."), title: title.into(), paras: paras.iter().map(|s| s.to_string()).collect() }
    }

    fn shape(rows: &[Row]) -> Vec<(Option<u32>, Option<u32>, Change)> {
        rows.iter().map(|r| (r.old.as_ref().map(|a| a.number), r.new.as_ref().map(|a| a.number), r.change)).collect()
    }

    fn three() -> Vec<Article> {
        vec![
            art(1, "Phạm vi điều chỉnh", &["Quy chế này quy định nguyên tắc làm việc của Ban Chấp hành."]),
            art(2, "Nguyên tắc làm việc", &["Ban Chấp hành làm việc theo nguyên tắc tập trung dân chủ."]),
            art(3, "Chế độ hội nghị", &["Ban Chấp hành họp thường kỳ mỗi tháng một lần."]),
        ]
    }

    #[test]
    fn a_renumbered_article_is_found_by_its_title() {
        let old = three();
        let new = vec![old[0].clone(), art(2, "Chế độ hội nghị", &["Ban Chấp hành họp thường kỳ mỗi tháng một lần."])];
        assert_eq!(shape(&match_articles(&old, &new)), [
            (Some(1), Some(1), Change::Same),
            (Some(2), None, Change::Removed),
            (Some(3), Some(2), Change::Same),
        ]);
    }

    #[test]
    fn a_moved_article_keeps_its_pair() {
        let old = three();
        let new = vec![old[0].clone(), art(2, "Chế độ hội nghị", &old[2].paras.iter().map(String::as_str).collect::<Vec<_>>()), art(3, "Nguyên tắc làm việc", &old[1].paras.iter().map(String::as_str).collect::<Vec<_>>())];
        assert_eq!(shape(&match_articles(&old, &new)), [
            (Some(1), Some(1), Change::Same),
            (Some(3), Some(2), Change::Same),
            (Some(2), Some(3), Change::Same),
        ]);
    }

    #[test]
    fn a_pure_insertion_faces_an_empty_cell() {
        let old = three();
        let inserted = art(2, "Hội nghị trực tuyến", &["Khi có thiên tai, dịch bệnh, Bí thư quyết định họp trực tuyến."]);
        let new = vec![old[0].clone(), inserted, art(3, "Nguyên tắc làm việc", &["Ban Chấp hành làm việc theo nguyên tắc tập trung dân chủ."]), art(4, "Chế độ hội nghị", &["Ban Chấp hành họp thường kỳ mỗi tháng một lần."])];
        assert_eq!(shape(&match_articles(&old, &new)), [
            (Some(1), Some(1), Change::Same),
            (None, Some(2), Change::Added),
            (Some(2), Some(3), Change::Same),
            (Some(3), Some(4), Change::Same),
        ]);
    }

    #[test]
    fn a_pure_deletion_sits_where_it_was() {
        let old = three();
        let new = vec![old[0].clone(), art(2, "Chế độ hội nghị", &["Ban Chấp hành họp thường kỳ mỗi tháng một lần."])];
        let rows = match_articles(&old, &new);
        assert_eq!(rows[1].change, Change::Removed);
        assert_eq!(rows[1].old.as_ref().unwrap().title, "Nguyên tắc làm việc");
    }

    #[test]
    fn a_whitespace_only_change_is_no_change() {
        let old = three();
        let mut new = old.clone();
        new[1].paras = vec!["Ban  Chấp hành làm việc\ntheo nguyên tắc   tập trung dân chủ. ".into()];
        assert!(match_articles(&old, &new).iter().all(|r| r.change == Change::Same));
    }

    #[test]
    fn a_changed_article_with_the_same_number_stays_paired() {
        let old = three();
        let mut new = old.clone();
        new[2].title = "Hội nghị thường kỳ và bất thường".into();
        new[2].paras = vec!["Ban Chấp hành họp thường kỳ mỗi tháng một lần, họp bất thường khi cần.".into()];
        assert_eq!(shape(&match_articles(&old, &new))[2], (Some(3), Some(3), Change::Changed));
    }

    /// (text, struck, added) of every marked span.
    fn marked(spans: &[Span]) -> Vec<(String, bool, bool)> {
        spans.iter().filter(|s| s.strike || s.underline).map(|s| (s.text.clone(), s.strike, s.bold && s.underline)).collect()
    }

    #[test]
    fn a_rewritten_phrase_reads_removed_then_added_not_word_by_word() {
        let spans = diff_spans("báo cáo kết quả giải quyết kiến nghị của cử tri", "báo cáo vụ việc phức tạp phát sinh của cử tri");
        assert_eq!(
            marked(&spans),
            [("kết quả giải quyết kiến nghị".to_string(), true, false), ("vụ việc phức tạp phát sinh".to_string(), false, true)]
        );
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "báo cáo kết quả giải quyết kiến nghị vụ việc phức tạp phát sinh của cử tri");
        // One unchanged word between two changes joins them.
        let spans = diff_spans("Quy chế làm việc này thay thế", "Quy chế số 01 này bị thay thế");
        assert_eq!(marked(&spans), [("làm việc này".to_string(), true, false), ("số 01 này bị".to_string(), false, true)]);
        let spans = diff_spans("một hai ba bốn", "năm hai sáu bốn");
        assert_eq!(marked(&spans), [("một hai ba".to_string(), true, false), ("năm hai sáu".to_string(), false, true)]);
    }

    #[test]
    fn a_punctuation_change_marks_only_the_mark() {
        let spans = diff_spans("nhiệm vụ và quyền hạn", "nhiệm vụ, quyền hạn");
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "nhiệm vụ và, quyền hạn");
        assert_eq!(marked(&spans), [("và".to_string(), true, false), (",".to_string(), false, true)]);
        let spans = diff_spans("ý kiến cử tri", "ý kiến cử tri, nhân dân");
        assert_eq!(marked(&spans), [(", nhân dân".to_string(), false, true)]);
        assert_eq!(spans.iter().map(|s| s.text.as_str()).collect::<String>(), "ý kiến cử tri, nhân dân");
    }

    #[test]
    fn paragraph_breaks_survive_and_a_removed_one_is_not_printed() {
        let spans = diff_spans("1. Một.\n2. Hai.", "1. Một.\n2. Hai.\n3. Ba.");
        assert_eq!(spans.iter().map(|s| s.text.as_str()).collect::<String>(), "1. Một.\n2. Hai.\n3. Ba.");
        assert_eq!(marked(&spans), [("3. Ba.".to_string(), false, true)]);
        let spans = diff_spans("1. Một.\n2. Hai.", "1. Một. 2. Hai.");
        assert!(spans.iter().all(|s| s.text != "\n"), "{spans:?}");
    }

    #[test]
    fn words_are_whole_vietnamese_syllables() {
        let spans = diff_spans("ngày 25/7/2016 của", "ngày 30/7/2021 của");
        let text: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "ngày 25/7/2016 30/7/2021 của", "a removed word and its replacement stay apart");
        let spans = diff_spans("Đảng ủy quản lý cán bộ", "Đảng ủy quản trị cán bộ");
        let marked: Vec<(&str, bool, bool)> = spans.iter().filter(|s| s.strike || s.underline).map(|s| (s.text.as_str(), s.strike, s.bold && s.underline)).collect();
        assert_eq!(marked, [("lý", true, false), ("trị", false, true)]);
        // Decomposed input (NFD) is compared as composed text.
        let nfd = "Đảng u\u{309}y"; // ủ as u + combining hook
        let spans = diff_spans(nfd, "Đảng ủy");
        assert!(spans.iter().all(|s| !s.strike && !s.underline), "{spans:?}");
    }
}

//! Line breaking a văn thư would sign (the-thuc §2, §3, §6): the issuing body's
//! name, the trích yếu, the `(Ban hành kèm theo …)` line and the items of
//! `Nơi nhận` are broken here, in Rust, so both renderers print the same lines.
//!
//! Vietnamese writes one syllable per space-separated token, so where a line may
//! break depends on words the spaces do not show. The text is cut into
//! segments: words of the lexicon (`thực hiện`, `Ban Chấp hành`, `nhiệm kỳ`),
//! taken longest first from the left, or single syllables. Each space then gets
//! a penalty:
//!
//! | where | penalty |
//! |---|---|
//! | inside a word of the lexicon | forbidden |
//! | inside a proper name: a run of capitalised words (`Ban Thường vụ Tỉnh ủy Đồng Nai`) | forbidden |
//! | inside a place name of UPPERCASE text: after a level (`XÃ`, `PHƯỜNG`, `TỈNH ỦY`) up to the next level, comma or dash (`PHƯỚC THIỀN`) | forbidden |
//! | in a number range (`2025 - 2030`), between a number and its word (`năm 2026`, `kỳ 2025`, `5 năm`) | forbidden |
//! | after a one-syllable function word (`của`, `và`, `về`, `các`, `số` …) | forbidden |
//! | before a dash or closing bracket, after an opening bracket, beside a draft's blank | forbidden |
//! | after `,` `;` `:` `.` or a dash between names | 0 |
//! | before a word a phrase starts with (`của`, `về`, `trong`, `nhiệm kỳ` …) | 10 pt |
//! | elsewhere | 40 pt |
//! | before a level (`Đảng bộ` / `xã …`: the level stays with the body) | 70 pt |
//! | before `số` and a document number (`Chỉ thị` / `số 05-CT/TW`) | 120 pt |
//! | between a level and its name in ordinary text (`xã` / `Phước Thiền`) | 150 pt |
//!
//! and a line holding one syllable alone is forbidden. Among the break choices
//! that fit, the fewest lines win; with that count, the choice with the least
//! *widest line + penalties* (in points) — balanced lines, broken at phrase
//! boundaries. Ties keep the earlier lines the longer. When nothing fits without
//! a forbidden break (a very narrow column), forbidden breaks get a price
//! instead — least for splitting a name (600 pt), then a lone syllable (1000),
//! a function word ending a line (2000), a number from its word (2500), a word
//! (3000), each further line costing 500 — and a word wider than the column
//! stands on its own line.
//!
//! The word lists live in `linebreak/vi-words.txt` (embedded at build time), not
//! in code.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::fonts::width_pt;

const FORBIDDEN: f64 = f64::INFINITY;
const RELAXED_LONE_SYLLABLE: f64 = 1000.0;
const AFTER_PUNCT: f64 = 0.0;
const PHRASE_START: f64 = 10.0;
const NEUTRAL: f64 = 40.0;
const BEFORE_LEVEL: f64 = 70.0;
const BEFORE_DOC_NUMBER: f64 = 120.0;
const LEVEL_AND_NAME: f64 = 150.0;
/// Relaxed mode: what one more line costs against a forbidden break.
const EXTRA_LINE_RELAXED: f64 = 500.0;

/// The issuing body's name (UPPERCASE 14 bold in the ≈ 75 mm left column):
/// balanced lines that never split a word or a place name and never leave one
/// word alone (`ĐẢNG ỦY XÃ` / `PHƯỚC THIỀN`). A `\n` in `name` forces a break;
/// each typed line is broken further only if it does not fit `max_pt`.
/// Blank lines are dropped.
pub fn issuer_lines(name: &str, max_pt: f64, size_pt: f64, bold: bool, italic: bool) -> Vec<String> {
    phrase_lines(name, max_pt, size_pt, bold, italic)
}

/// Centred title text (trích yếu, `(Ban hành kèm theo …)`): the fewest lines
/// that fit `max_pt`, balanced, broken at phrase boundaries (see the module
/// doc). A `\n` in `text` forces a break; blank lines are dropped. Runs of
/// spaces inside a line (a draft's blank number) are kept.
pub fn phrase_lines(text: &str, max_pt: f64, size_pt: f64, bold: bool, italic: bool) -> Vec<String> {
    let look = Look { size_pt, bold, italic };
    text.split('\n')
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .flat_map(|l| Breaker::new(l, look).lines(max_pt, 0.0, 0.0))
        .collect()
}

/// One `Nơi nhận` item (`- Ban Tổ chức Tỉnh ủy;`) as the lines it prints in:
/// the first starts with `bullet` (added if the item lacks it), the following
/// ones are the continuation, without indent — the renderers hang-indent them
/// by the bullet's width, which is counted here. Balanced and phrase-aware as
/// [`phrase_lines`]: the last line never holds one word alone. A one-line item
/// comes back unchanged.
pub fn hanging_lines(item: &str, max_pt: f64, bullet: &str, size_pt: f64, bold: bool, italic: bool) -> Vec<String> {
    let look = Look { size_pt, bold, italic };
    let item = item.trim();
    let rest = item.strip_prefix(bullet).or_else(|| item.strip_prefix(bullet.trim_end())).unwrap_or(item).trim_start();
    if rest.is_empty() {
        return if item.is_empty() { Vec::new() } else { vec![item.to_string()] };
    }
    let indent = width_pt(bullet, size_pt, bold, italic);
    let mut lines = Breaker::new(rest, look).lines(max_pt, indent, indent);
    if let Some(first) = lines.first_mut() {
        *first = format!("{bullet}{first}");
    }
    lines
}

/// Above this many words a line is filled first-fit (see `Breaker::lines`).
const MAX_BALANCED_TOKENS: usize = 48;

#[derive(Clone, Copy)]
struct Look {
    size_pt: f64,
    bold: bool,
    italic: bool,
}

// ---- the word lists ---------------------------------------------------------

struct Lexicon {
    /// Every multi-syllable entry of every list (segmentation).
    words: HashSet<String>,
    longest: usize,
    levels: HashSet<String>,
    no_break_after: HashSet<String>,
    phrase_start: HashSet<String>,
    before_number: HashSet<String>,
    after_number: HashSet<String>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(include_str!("linebreak/vi-words.txt")));

impl Lexicon {
    fn parse(data: &str) -> Lexicon {
        let mut lex = Lexicon {
            words: HashSet::new(),
            longest: 1,
            levels: HashSet::new(),
            no_break_after: HashSet::new(),
            phrase_start: HashSet::new(),
            before_number: HashSet::new(),
            after_number: HashSet::new(),
        };
        let mut section = String::new();
        for line in data.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_string();
                continue;
            }
            let key = line.split_whitespace().map(fold).collect::<Vec<_>>().join(" ");
            let syllables = key.split(' ').count();
            if syllables > 1 {
                lex.longest = lex.longest.max(syllables);
                lex.words.insert(key.clone());
            }
            let set = match section.as_str() {
                "words" => continue,
                "level" => &mut lex.levels,
                "no-break-after" => &mut lex.no_break_after,
                "phrase-start" => &mut lex.phrase_start,
                "before-number" => &mut lex.before_number,
                "after-number" => &mut lex.after_number,
                other => panic!("vi-words.txt: unknown section [{other}]"),
            };
            set.insert(key);
        }
        lex
    }
}

/// Lower case with one spelling of the tone mark (`uỷ` → `ủy`, `hoà` → `hòa`),
/// so `ỦY`, `Uỷ` and `ủy` match the same entry.
fn fold(s: &str) -> String {
    const PAIRS: [(&str, &str); 15] = [
        ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
        ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
        ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
    ];
    let mut out = crate::text::nfc(&s.to_lowercase());
    for (old, new) in PAIRS {
        if out.contains(old) {
            out = out.replace(old, new);
        }
    }
    out
}

// ---- tokens and segments ----------------------------------------------------

const OPENING: &[char] = &['(', '[', '"', '\'', '“', '‘', '«'];
const CLOSING: &[char] = &[')', ']', '"', '\'', '”', '’', '»', ',', ';', ':', '.', '!', '?', '…'];

struct Token<'a> {
    text: &'a str,
    /// The syllable without surrounding punctuation, folded.
    key: String,
    /// Punctuation before the syllable (`(`) / after it (`,`, `)`).
    opens: bool,
    closes: bool,
    /// `,` `;` `:` `.` … at the end: a clause ends here.
    ends_clause: bool,
    capital: bool,
    number: bool,
    dash: bool,
}

impl<'a> Token<'a> {
    fn new(text: &'a str) -> Token<'a> {
        let core = text.trim_start_matches(OPENING);
        let opens = core.len() < text.len();
        let bare = core.trim_end_matches(CLOSING);
        let closes = bare.len() < core.len();
        let first = bare.chars().next();
        Token {
            text,
            key: fold(bare),
            opens,
            closes,
            ends_clause: core[bare.len()..].chars().any(|c| matches!(c, ',' | ';' | ':' | '.' | '!' | '?' | '…')),
            capital: bare.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)
                && first.is_some_and(char::is_alphabetic),
            number: first.is_some_and(|c| c.is_ascii_digit()),
            dash: matches!(text, "-" | "–" | "—"),
        }
    }

    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// Only punctuation (`)`, `;`, `-`): never starts a line.
    fn is_punct(&self) -> bool {
        !self.text.is_empty() && !self.text.chars().any(char::is_alphanumeric)
    }

    /// A lone opening bracket: never ends a line.
    fn is_opening(&self) -> bool {
        self.is_punct() && self.text.starts_with(['(', '[', '“', '‘', '«'])
    }
}

/// Consecutive tokens `start..end` that form one word (or one syllable).
struct Segment {
    start: usize,
    end: usize,
    key: String,
}

fn segment(tokens: &[Token], lex: &Lexicon) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut len = 1;
        for l in (2..=lex.longest.min(tokens.len() - i)).rev() {
            let part = &tokens[i..i + l];
            // A word never spans punctuation: only its first syllable may open
            // a bracket and only its last may close one.
            let clean = part.iter().all(|t| !t.is_blank() && (!t.is_punct() || t.dash))
                && part[..l - 1].iter().all(|t| !t.closes)
                && part[1..].iter().all(|t| !t.opens);
            if clean && lex.words.contains(&key_of(part)) {
                len = l;
                break;
            }
        }
        let key = key_of(&tokens[i..i + len]);
        segments.push(Segment { start: i, end: i + len, key });
        i += len;
    }
    segments
}

fn key_of(tokens: &[Token]) -> String {
    tokens.iter().map(|t| if t.dash { "-" } else { t.key.as_str() }).collect::<Vec<_>>().join(" ")
}

// ---- the break chooser --------------------------------------------------------

struct Breaker<'a> {
    tokens: Vec<Token<'a>>,
    widths: Vec<f64>,
    space: f64,
    /// `penalty[i]`: cost of breaking after token `i`.
    penalty: Vec<Penalty>,
}

impl<'a> Breaker<'a> {
    fn new(text: &'a str, look: Look) -> Breaker<'a> {
        // Split on single spaces: a run of blanks (a draft's empty number)
        // survives as empty tokens between them.
        let tokens: Vec<Token> = text.split(' ').map(Token::new).collect();
        let widths = tokens.iter().map(|t| width_pt(t.text, look.size_pt, look.bold, look.italic)).collect();
        let space = width_pt(" ", look.size_pt, look.bold, look.italic);
        let penalty = penalties(&tokens, &LEXICON);
        Breaker { tokens, widths, space, penalty }
    }

    /// The lines for a column of `max_pt`; the first line is set after
    /// `first_indent` points (a bullet), the others after `rest_indent`.
    fn lines(&self, max_pt: f64, first_indent: f64, rest_indent: f64) -> Vec<String> {
        let n = self.tokens.len();
        if n == 0 {
            return Vec::new();
        }
        // The balanced search grows fast with the number of words; text far
        // longer than any title or name is filled first-fit instead, so no
        // input can hold a render for long.
        let ends = if n > MAX_BALANCED_TOKENS {
            self.first_fit(max_pt, first_indent, rest_indent)
        } else {
            self.choose(max_pt, first_indent, rest_indent, false)
                .or_else(|| self.choose(max_pt, first_indent, rest_indent, true))
                .unwrap_or_else(|| (1..=n).collect())
        };
        let mut lines = Vec::with_capacity(ends.len());
        let mut start = 0;
        for end in ends {
            lines.push(self.tokens[start..end].iter().map(|t| t.text).collect::<Vec<_>>().join(" "));
            start = end;
        }
        lines
    }

    /// Line ends filling each line as far as it goes (one token at least).
    fn first_fit(&self, max_pt: f64, first_indent: f64, rest_indent: f64) -> Vec<usize> {
        let n = self.tokens.len();
        let mut ends = Vec::new();
        let mut start = 0;
        while start < n {
            let indent = if ends.is_empty() { first_indent } else { rest_indent };
            let mut end = start + 1;
            let mut width = indent + self.widths[start];
            while end < n && width + self.space + self.widths[end] <= max_pt {
                width += self.space + self.widths[end];
                end += 1;
            }
            ends.push(end);
            start = end;
        }
        ends
    }

    fn width(&self, from: usize, to: usize, indent: f64) -> f64 {
        indent + self.widths[from..to].iter().sum::<f64>() + self.space * (to - from - 1) as f64
    }

    fn break_cost(&self, after: usize, relaxed: bool) -> f64 {
        let p = self.penalty[after];
        if relaxed { p.relaxed } else { p.strict }
    }

    /// A line of one syllable alone (when there is more than one).
    fn line_cost(&self, from: usize, to: usize, relaxed: bool) -> f64 {
        let lone = to - from == 1 && self.tokens.len() > 1 && !self.tokens[from].is_blank();
        match (lone, relaxed) {
            (false, _) => 0.0,
            (true, false) => FORBIDDEN,
            (true, true) => RELAXED_LONE_SYLLABLE,
        }
    }

    /// Line ends (exclusive token indices) for the fewest lines that fit, or
    /// none when every choice needs a forbidden break (strict mode).
    fn choose(&self, max_pt: f64, first_indent: f64, rest_indent: f64, relaxed: bool) -> Option<Vec<usize>> {
        let n = self.tokens.len();
        let indent = |line: usize| if line == 0 { first_indent } else { rest_indent };
        // A line may start at 0 or after a finite break, and end at n or before one.
        let can_start = |j: usize| j == 0 || self.break_cost(j - 1, relaxed).is_finite();
        let can_end = |i: usize| i == n || self.break_cost(i - 1, relaxed).is_finite();
        // Candidate widest lines: widths of lines that can exist. A word wider
        // than the column may stand alone in relaxed mode.
        let mut candidates: Vec<f64> = Vec::new();
        for j in (0..n).filter(|&j| can_start(j)) {
            for i in (j + 1..=n).filter(|&i| can_end(i)) {
                for line in [0, 1] {
                    let w = self.width(j, i, indent(line));
                    if w <= max_pt || (relaxed && i - j == 1) {
                        candidates.push(w);
                    }
                }
            }
        }
        candidates.sort_by(f64::total_cmp);
        candidates.dedup();
        let widest = *candidates.last()?;
        // Strict: the fewest lines that fit. Relaxed: a forbidden break may
        // cost more than a line, so every count competes, each line at a price.
        let mut chosen: Option<(f64, Vec<usize>)> = None;
        for lines in 1..=n {
            let line_price = if relaxed { EXTRA_LINE_RELAXED * (lines - 1) as f64 } else { 0.0 };
            if chosen.as_ref().is_some_and(|(cost, _)| line_price >= *cost) {
                break;
            }
            // The penalties can only fall as the widest line allowed grows.
            let Some((floor, _)) = self.least_penalty(lines, widest, &indent, relaxed) else { continue };
            let mut best: Option<(f64, Vec<usize>)> = None;
            for &w in &candidates {
                if best.as_ref().is_some_and(|(cost, _)| w + floor >= *cost) {
                    break;
                }
                if let Some((p, ends)) = self.least_penalty(lines, w, &indent, relaxed)
                    && best.as_ref().is_none_or(|(cost, _)| w + p < *cost)
                {
                    best = Some((w + p, ends));
                }
            }
            let Some((cost, ends)) = best else { continue };
            if !relaxed {
                return Some(ends);
            }
            if chosen.as_ref().is_none_or(|(c, _)| cost + line_price < *c) {
                chosen = Some((cost + line_price, ends));
            }
        }
        chosen.map(|(_, ends)| ends)
    }

    /// The least total penalty placing all tokens on exactly `lines` lines no
    /// wider than `limit`, with its line ends; ties prefer later breaks.
    fn least_penalty(&self, lines: usize, limit: f64, indent: &dyn Fn(usize) -> f64, relaxed: bool) -> Option<(f64, Vec<usize>)> {
        let n = self.tokens.len();
        if lines > n {
            return None;
        }
        let inf = f64::INFINITY;
        let mut best = vec![vec![inf; n + 1]; lines + 1];
        let mut from = vec![vec![0usize; n + 1]; lines + 1];
        best[0][0] = 0.0;
        for k in 1..=lines {
            for i in k..=n {
                for j in (k - 1)..i {
                    if best[k - 1][j] == inf {
                        continue;
                    }
                    if self.width(j, i, indent(k - 1)) > limit + 1e-9 {
                        continue;
                    }
                    let brk = if j == 0 { 0.0 } else { self.break_cost(j - 1, relaxed) };
                    let cost = best[k - 1][j] + brk + self.line_cost(j, i, relaxed);
                    if cost <= best[k][i] {
                        best[k][i] = cost;
                        from[k][i] = j;
                    }
                }
            }
        }
        if best[lines][n] == inf {
            return None;
        }
        let mut ends = Vec::with_capacity(lines);
        let mut i = n;
        for k in (1..=lines).rev() {
            ends.push(i);
            i = from[k][i];
        }
        ends.reverse();
        Some((best[lines][n], ends))
    }
}

/// What breaking after a token costs; `relaxed` is used when nothing fits
/// without a forbidden break: then the lesser evil wins (a name may break
/// before a word does).
#[derive(Clone, Copy)]
struct Penalty {
    strict: f64,
    relaxed: f64,
}

impl From<f64> for Penalty {
    fn from(p: f64) -> Penalty {
        Penalty { strict: p, relaxed: p }
    }
}

/// The penalty of breaking after each token (the module doc's table).
fn penalties(tokens: &[Token], lex: &Lexicon) -> Vec<Penalty> {
    let n = tokens.len();
    let segments = segment(tokens, lex);
    let mut penalty: Vec<Penalty> = vec![NEUTRAL.into(); n];
    // Which segment each token belongs to.
    let mut seg_of = vec![0usize; n];
    for (s, seg) in segments.iter().enumerate() {
        seg_of[seg.start..seg.end].iter_mut().for_each(|x| *x = s);
    }
    let caps_text = tokens.iter().any(|t| t.text.chars().any(char::is_uppercase))
        && !tokens.iter().any(|t| t.text.chars().any(char::is_lowercase));
    let is_level = |s: &Segment| lex.levels.contains(&s.key);
    let capital = |s: &Segment| tokens[s.start].capital;
    let number = |s: &Segment| s.end - s.start == 1 && tokens[s.start].number;
    let dash = |s: &Segment| s.end - s.start == 1 && tokens[s.start].dash;

    // UPPERCASE text: the syllables after a level form a place name.
    let mut in_place = vec![false; n];
    if caps_text {
        for (s, seg) in segments.iter().enumerate() {
            let level = is_level(seg) || is_committee(&seg.key);
            if !level || tokens[seg.end - 1].closes {
                continue;
            }
            for next in &segments[s + 1..] {
                if is_level(next) || is_committee(&next.key) || dash(next) || tokens[next.start].is_punct() {
                    break;
                }
                // The space before `next` joins the place name.
                if next.start > seg.end {
                    in_place[next.start - 1] = true;
                }
                if tokens[next.end - 1].closes {
                    break;
                }
            }
        }
    }

    for i in 0..n.saturating_sub(1) {
        let (a, b) = (&tokens[i], &tokens[i + 1]);
        let (sa, sb) = (&segments[seg_of[i]], &segments[seg_of[i + 1]]);
        let forbid = |tier: f64| Penalty { strict: FORBIDDEN, relaxed: tier };
        penalty[i] = if a.is_blank() || b.is_blank() || b.is_punct() || a.is_opening() {
            forbid(5000.0)
        } else if seg_of[i] == seg_of[i + 1] {
            forbid(3000.0)
        } else if dash(sa) {
            // `2025 - 2030` stays whole; a dash between two names is a good break.
            let before = seg_of[i].checked_sub(1).map(|s| &segments[s]);
            if before.is_some_and(number) && number(sb) { forbid(2500.0) } else { AFTER_PUNCT.into() }
        } else if in_place[i] {
            forbid(600.0)
        } else if a.ends_clause {
            AFTER_PUNCT.into()
        } else if (number(sb) && lex.before_number.contains(&sa.key)) || (number(sa) && lex.after_number.contains(&sb.key)) {
            forbid(2500.0)
        } else if lex.no_break_after.contains(&sa.key) {
            forbid(2000.0)
        } else if !caps_text && capital(sa) && capital(sb) && !a.closes {
            forbid(600.0)
        } else if sb.key == "số" && segments.get(seg_of[i + 1] + 1).is_some_and(number) {
            BEFORE_DOC_NUMBER.into()
        } else if !caps_text && is_level(sa) && capital(sb) {
            LEVEL_AND_NAME.into()
        } else if is_level(sb) {
            BEFORE_LEVEL.into()
        } else if lex.phrase_start.contains(&sb.key) {
            PHRASE_START.into()
        } else {
            NEUTRAL.into()
        };
    }
    penalty
}

/// `tỉnh ủy`, `huyện ủy` …: a committee named by its place (`TỈNH ỦY SƠN LA`).
fn is_committee(key: &str) -> bool {
    matches!(key, "tỉnh ủy" | "thành ủy" | "huyện ủy" | "quận ủy" | "thị ủy" | "khu ủy")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The left column of the header (≈ 75 mm) and 90 % of the 165 mm text width.
    const COLUMN: f64 = 75.0 * 72.0 / 25.4;
    const TITLE: f64 = 165.0 * 0.9 * 72.0 / 25.4;

    fn issuer(name: &str, max: f64) -> Vec<String> {
        issuer_lines(name, max, 14.0, true, false)
    }

    fn subject(text: &str) -> Vec<String> {
        phrase_lines(text, TITLE, 14.0, true, false)
    }

    fn width(s: &str) -> f64 {
        width_pt(s, 14.0, true, false)
    }

    #[test]
    fn word_lists_load() {
        let lex = &*LEXICON;
        assert!(lex.words.contains("thực hiện") && lex.words.contains("ban chấp hành"));
        assert!(lex.words.contains("tỉnh ủy"), "ủy and uỷ fold together");
        assert!(lex.no_break_after.contains("của") && lex.levels.contains("xã"));
        assert!(lex.longest >= 3);
    }

    #[test]
    fn fold_unifies_tone_placement() {
        assert_eq!(fold("UỶ"), fold("ủy"));
        assert_eq!(fold("Hoà"), "hòa");
    }

    #[test]
    fn issuer_keeps_place_names_whole() {
        // Narrow enough that the name must wrap.
        let max = width("ĐẢNG ỦY XÃ PHƯỚC THIỀN") - 1.0;
        assert_eq!(issuer("ĐẢNG ỦY XÃ PHƯỚC THIỀN", max), ["ĐẢNG ỦY XÃ", "PHƯỚC THIỀN"]);
        let max = width("ĐẢNG ỦY PHƯỜNG BÌNH THẠNH") - 1.0;
        assert_eq!(issuer("ĐẢNG ỦY PHƯỜNG BÌNH THẠNH", max), ["ĐẢNG ỦY PHƯỜNG", "BÌNH THẠNH"]);
        assert_eq!(issuer("ĐẢNG UỶ PHƯỜNG BÌNH THẠNH", max), ["ĐẢNG UỶ PHƯỜNG", "BÌNH THẠNH"], "uỷ spelling");
    }

    #[test]
    fn issuer_never_leaves_one_word_alone() {
        let name = "ĐẢNG ỦY KHỐI DOANH NGHIỆP TỈNH";
        let lines = issuer(name, width(name) - 1.0);
        assert_eq!(lines, ["ĐẢNG ỦY KHỐI", "DOANH NGHIỆP TỈNH"]);
        let lines = issuer("BAN THƯỜNG VỤ TỈNH ỦY ĐỒNG NAI", COLUMN);
        assert!(lines.iter().all(|l| l.contains(' ')), "{lines:?}");
        assert_eq!(lines, ["BAN THƯỜNG VỤ", "TỈNH ỦY ĐỒNG NAI"]);
    }

    #[test]
    fn issuer_fitting_the_column_stays_on_one_line_and_typed_breaks_win() {
        assert_eq!(issuer("ĐẢNG ỦY XÃ PHƯỚC THIỀN", COLUMN), ["ĐẢNG ỦY XÃ PHƯỚC THIỀN"]);
        assert_eq!(issuer("ĐẢNG ỦY XÃ\nPHƯỚC THIỀN", COLUMN), ["ĐẢNG ỦY XÃ", "PHƯỚC THIỀN"]);
        assert_eq!(issuer("BAN THƯỜNG VỤ\n\n", COLUMN), ["BAN THƯỜNG VỤ"]);
    }

    #[test]
    fn joint_issuer_breaks_at_its_dash() {
        let lines = issuer("ỦY BAN KIỂM TRA TỈNH UỶ SƠN LA - CÔNG AN TỈNH SƠN LA", COLUMN);
        assert!(lines.iter().any(|l| l.ends_with("SƠN LA -")), "{lines:?}");
        assert!(lines.iter().all(|l| !l.ends_with("SƠN") && !l.starts_with("LA")), "{lines:?}");
    }

    fn assert_no_bad_break(lines: &[String]) {
        let bad_ends = ["của", "và", "về", "với", "cho", "trong", "theo", "tại", "các", "những", "năm", "số", "ngày"];
        let pairs = [
            ("thực", "hiện"), ("Quy", "chế"), ("làm", "việc"), ("Ban", "Chấp"), ("Chấp", "hành"),
            ("Đảng", "bộ"), ("nhiệm", "kỳ"), ("kỳ", "2025"), ("2025", "-"), ("-", "2030"),
            ("sửa", "đổi"), ("bổ", "sung"), ("Phước", "Thiền"), ("Chỉ", "thị"), ("Bộ", "Chính"),
            ("Chính", "trị"), ("tổng", "kết"), ("5", "năm"), ("kết", "quả"),
        ];
        for pair in lines.windows(2) {
            let last = pair[0].rsplit(' ').next().unwrap();
            let first = pair[1].split(' ').next().unwrap();
            assert!(!bad_ends.contains(&last), "line ends with {last}: {lines:?}");
            assert!(!pairs.contains(&(last, first)), "{last} / {first}: {lines:?}");
        }
        assert!(lines.iter().all(|l| l.contains(' ')), "a word alone: {lines:?}");
    }

    #[test]
    fn subject_breaks_at_phrase_boundaries() {
        let text = "kết quả thực hiện Quy chế làm việc của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025 - 2030";
        let lines = subject(text);
        assert_eq!(lines.join(" "), text);
        assert_no_bad_break(&lines);
        assert!(lines.iter().all(|l| width(l) <= TITLE));
        assert_eq!(lines, ["kết quả thực hiện Quy chế làm việc", "của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025 - 2030"]);
    }

    #[test]
    fn subject_amending_a_quy_che() {
        let text = "về việc sửa đổi, bổ sung Quy chế làm việc của Ban Chấp hành Đảng bộ xã Phước Thiền";
        let lines = subject(text);
        assert_eq!(lines.join(" "), text);
        assert_no_bad_break(&lines);
        assert_eq!(lines, ["về việc sửa đổi, bổ sung Quy chế làm việc", "của Ban Chấp hành Đảng bộ xã Phước Thiền"]);
    }

    #[test]
    fn subject_with_a_document_number() {
        let text = "tổng kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";
        let lines = subject(text);
        assert_eq!(lines.join(" "), text);
        assert_no_bad_break(&lines);
        assert!(lines.iter().any(|l| l.contains("Chỉ thị số 05-CT/TW")), "{lines:?}");
        // Short: one line.
        assert_eq!(subject("tổng kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị").len(), 1);
    }

    #[test]
    fn narrow_columns_still_respect_the_rules() {
        // The same subjects in a narrow column: more lines, no bad break.
        for text in [
            "kết quả thực hiện Quy chế làm việc của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025 - 2030",
            "về việc sửa đổi, bổ sung Quy chế làm việc của Ban Chấp hành Đảng bộ xã Phước Thiền",
            "tổng kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị",
        ] {
            for mm in [75.0, 100.0, 120.0] {
                let lines = phrase_lines(text, mm * 72.0 / 25.4, 14.0, true, false);
                assert_eq!(lines.join(" "), text);
                assert_no_bad_break(&lines);
                assert!(lines.iter().all(|l| width(l) <= mm * 72.0 / 25.4), "{lines:?}");
            }
        }
    }

    #[test]
    fn issued_with_line_keeps_its_number_and_date() {
        let text = "(Ban hành kèm theo Quyết định số 15-QĐ/TU, ngày 05/3/2026 của Ban Thường vụ Tỉnh ủy Đồng Nai)";
        let lines = phrase_lines(text, TITLE, 14.0, false, true);
        assert_eq!(lines.join(" "), text);
        for l in &lines {
            assert!(!l.ends_with("số") && !l.ends_with("ngày") && !l.ends_with("(Ban") && !l.ends_with("kèm"), "{lines:?}");
        }
        assert!(!lines.iter().any(|l| l.starts_with("Đồng Nai") || l.starts_with("Tỉnh ủy")), "{lines:?}");
    }

    #[test]
    fn blanks_of_a_draft_survive() {
        assert_eq!(phrase_lines("về việc  sửa đổi", TITLE, 14.0, true, false), ["về việc  sửa đổi"]);
        assert!(phrase_lines("  ", TITLE, 14.0, true, false).is_empty());
        let text = "(Ban hành kèm theo Quyết định số      -QĐ/ĐU, ngày    tháng    năm 2026 của Ban Chấp hành Đảng bộ xã Phước Thiền)";
        let lines = phrase_lines(text, TITLE, 14.0, false, true);
        assert_eq!(lines.join(" "), text);
        assert!(lines.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')), "{lines:?}");
    }

    #[test]
    fn a_word_wider_than_the_column_stands_alone() {
        let lines = phrase_lines("số 123456789-QĐ/TW", 30.0, 14.0, true, false);
        assert_eq!(lines.join(" "), "số 123456789-QĐ/TW");
        assert!(!lines.is_empty());
        assert_eq!(phrase_lines("một", 1.0, 14.0, true, false), ["một"]);
    }

    #[test]
    fn recipient_items_hang_without_a_lone_last_word() {
        let max = COLUMN;
        let item = "- Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy, Ủy ban Kiểm tra Tỉnh ủy;";
        let lines = hanging_lines(item, max, "- ", 12.0, false, false);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines[0].starts_with("- "));
        assert_eq!(lines.join(" "), item);
        let indent = width_pt("- ", 12.0, false, false);
        for (i, l) in lines.iter().enumerate() {
            let w = width_pt(l, 12.0, false, false) + if i == 0 { 0.0 } else { indent };
            assert!(w <= max, "{l}: {w}");
        }
        assert!(lines.last().unwrap().contains(' '), "{lines:?}");
        // The bullet is added when the item lacks it; a short item is one line.
        assert_eq!(hanging_lines("Lưu Văn phòng.", max, "- ", 12.0, false, false), ["- Lưu Văn phòng."]);
        assert_eq!(hanging_lines("- Như trên;", max, "- ", 12.0, false, false), ["- Như trên;"]);
    }

    #[test]
    fn recipient_item_never_ends_on_a_lone_word() {
        // A long item whose greedy fill would leave `Nai;` alone.
        let item = "- Ban Tuyên giáo và Dân vận Tỉnh ủy, Ban Tổ chức Tỉnh ủy Đồng Nai;";
        for mm in [60.0, 75.0, 90.0] {
            let lines = hanging_lines(item, mm * 72.0 / 25.4, "- ", 12.0, false, false);
            assert_eq!(lines.join(" "), item);
            assert!(lines.iter().all(|l| l.contains(' ')), "{lines:?}");
            assert!(!lines.iter().any(|l| l.starts_with("Nai") || l.ends_with("Đồng")), "{lines:?}");
        }
    }

    #[test]
    fn a_near_limit_title_still_balances() {
        let text = "về việc ".repeat(23).trim().to_string() + " cuối";
        assert!(phrase_lines(&text, 420.0, 14.0, true, false).len() >= 2);
    }

    #[test]
    fn a_very_long_name_is_broken_quickly() {
        // The balanced search took minutes on such input (found by fuzzing).
        let name = "BAN CHỈ ĐẠO ".repeat(200);
        let lines = issuer_lines(&name, 210.0, 14.0, true, false);
        assert!(lines.len() > 10);
        assert_eq!(lines.join(" ").split_whitespace().count(), name.split_whitespace().count(), "no word lost");
        let widest = lines.iter().map(|l| width_pt(l, 14.0, true, false)).fold(0.0, f64::max);
        assert!(widest <= 210.0, "{widest}");
    }
}

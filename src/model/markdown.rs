//! The body's Markdown subset, parsed by pulldown-cmark into flat blocks.
//!
//! The subset: headings, paragraphs, `-` / `+` / `1.` lists, `**bold**`,
//! `*italic*`, `~~strike~~`, GFM tables, hard breaks, `---` rules and backslash
//! escapes. Anything else prints as typed — user text is data, never markup,
//! and no user text is lost (the-thuc §4): a link `[a](http://x)`, an image
//! `![a](b)`, an autolink `<http://x>`, a reference definition
//! `[a]: http://x`, a code span `` `x` `` with its backticks, a fenced code
//! block with its fences (one literal paragraph per line), HTML, `$x$`,
//! `[^1]`, and `>` before a quoted paragraph.

use std::ops::Range;

use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

use super::document::{Align, Span};
use crate::text;

#[derive(Debug, Clone, PartialEq)]
pub enum MdBlock {
    Heading { level: u8, spans: Vec<Span>, line: usize },
    Para { spans: Vec<Span> },
    /// One paragraph of a list item. `first` marks the item's opening paragraph,
    /// which carries the label; `marker` is the marker as typed (`-`, `+`, `3.`).
    Item { ordered: bool, depth: usize, marker: String, first: bool, spans: Vec<Span> },
    Table { aligns: Vec<Align>, head: Vec<Vec<Span>>, rows: Vec<Vec<Vec<Span>>> },
    Rule,
}

#[derive(Default)]
struct Look {
    bold: u32,
    italic: u32,
    strike: u32,
}

struct ListCtx {
    ordered: bool,
}

struct ItemCtx {
    ordered: bool,
    depth: usize,
    marker: String,
    paragraphs: usize,
}

struct TableCtx {
    aligns: Vec<Align>,
    head: Vec<Vec<Span>>,
    rows: Vec<Vec<Vec<Span>>>,
    in_head: bool,
}

#[derive(Default)]
struct State {
    blocks: Vec<MdBlock>,
    spans: Vec<Span>,
    look: Look,
    lists: Vec<ListCtx>,
    items: Vec<ItemCtx>,
    table: Option<TableCtx>,
    heading: Option<(u8, usize)>,
    /// Inside a link or image: its nesting depth and source, printed as typed
    /// when it ends.
    literal: Option<(usize, Range<usize>)>,
    /// Inside a code block: its source (fences included).
    code_block: Option<Range<usize>>,
    /// Block-quote nesting: `>` marks printed before each quoted paragraph.
    quotes: usize,
}

pub fn parse(markdown: &str) -> Vec<MdBlock> {
    // Clean before parsing: NFC, and no XML-illegal character (NUL would otherwise
    // come back from the parser as U+FFFD).
    let src = text::xml_safe(&text::nfc(markdown));
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(&src, options);
    // Reference definitions (`[a]: http://x`) produce no event: they come
    // back as literal paragraphs where they stood.
    let mut definitions: Vec<Range<usize>> =
        parser.reference_definitions().iter().map(|(_, def)| def.span.clone()).collect();
    definitions.sort_by_key(|r| r.start);
    let mut definitions = definitions.into_iter().peekable();
    let mut st = State::default();
    for (event, range) in parser.into_offset_iter() {
        while let Some(def) = definitions.next_if(|d| d.start < range.start) {
            st.literal_block(&src[def]);
        }
        if st.in_literal(&event, &src) {
            continue;
        }
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => st.literal = Some((1, range)),
            Event::Start(Tag::CodeBlock(_)) => {
                st.flush();
                st.code_block = Some(range);
            }
            Event::Start(tag) => st.start(tag, &src, range.start),
            Event::End(tag) => st.end(tag),
            // A code span keeps its backticks.
            Event::Code(_) => st.push_text(&src[range].replace(['\r', '\n'], " ")),
            Event::Text(t) | Event::InlineHtml(t) | Event::Html(t)
            | Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => st.push_text(&t),
            Event::SoftBreak => st.push_text(" "),
            Event::HardBreak => st.push_text("\n"),
            Event::Rule => st.blocks.push(MdBlock::Rule),
            Event::TaskListMarker(done) => st.push_text(if done { "[x] " } else { "[ ] " }),
        }
    }
    for def in definitions {
        st.literal_block(&src[def]);
    }
    st.flush();
    st.blocks
}

fn align(a: &Alignment) -> Align {
    match a {
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
        Alignment::None | Alignment::Left => Align::Left,
    }
}

/// The list marker as typed at the item's source position (`-`, `+`, `12.`, `3)`).
fn marker_at(src: &str, offset: usize) -> String {
    let rest = src[offset..].trim_start();
    rest.split(|c: char| c.is_whitespace()).next().unwrap_or("-").to_string()
}

impl State {
    /// Swallows the events of a link, image or code block, whose source is
    /// printed as typed once it ends. True when the event was swallowed.
    fn in_literal(&mut self, event: &Event, src: &str) -> bool {
        if let Some(block) = &self.code_block {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                let block = block.clone();
                self.code_block = None;
                self.literal_block(&src[block]);
            }
            return true;
        }
        let Some((depth, whole)) = &mut self.literal else { return false };
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => *depth += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => {
                *depth -= 1;
                if *depth == 0 {
                    let whole = whole.clone();
                    self.literal = None;
                    self.push_text(&src[whole].replace("\r\n", " ").replace(['\r', '\n'], " "));
                }
            }
            _ => {}
        }
        true
    }

    /// Source lines printed as typed, one literal paragraph each.
    fn literal_block(&mut self, source: &str) {
        self.flush();
        for line in source.lines().map(str::trim).filter(|l| !l.is_empty()) {
            self.blocks.push(MdBlock::Para { spans: vec![Span::plain(line)] });
        }
    }

    fn start(&mut self, tag: Tag, src: &str, offset: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                let line = src[..offset].matches('\n').count() + 1;
                self.heading = Some((level as u8, line));
            }
            // A tight item's text arrives without a paragraph; a loose item's
            // later paragraphs each start a new block.
            Tag::Paragraph => {
                if !self.spans.is_empty() {
                    self.flush();
                }
                if self.quotes > 0 {
                    self.push_text(&"> ".repeat(self.quotes));
                }
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(ListCtx { ordered: first.is_some() });
            }
            Tag::Item => {
                self.flush();
                let ordered = self.lists.last().is_some_and(|l| l.ordered);
                let depth = self.lists.len().saturating_sub(1);
                self.items.push(ItemCtx { ordered, depth, marker: marker_at(src, offset), paragraphs: 0 });
            }
            Tag::Table(aligns) => {
                self.flush();
                let aligns = aligns.iter().map(align).collect();
                self.table = Some(TableCtx { aligns, head: Vec::new(), rows: Vec::new(), in_head: false });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.spans.clear(),
            Tag::Emphasis => self.look.italic += 1,
            Tag::Strong => self.look.bold += 1,
            Tag::Strikethrough => self.look.strike += 1,
            Tag::BlockQuote(_) => {
                self.flush();
                self.quotes += 1;
            }
            Tag::HtmlBlock => self.flush(),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, line)) = self.heading.take() {
                    let spans = std::mem::take(&mut self.spans);
                    self.blocks.push(MdBlock::Heading { level, spans: trim(spans), line });
                }
            }
            TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::HtmlBlock => self.flush_lines(),
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::TableCell => {
                let cell = trim(std::mem::take(&mut self.spans));
                if let Some(t) = &mut self.table {
                    if t.in_head {
                        t.head.push(cell);
                    } else if let Some(row) = t.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(MdBlock::Table { aligns: t.aligns, head: t.head, rows: t.rows });
                }
            }
            TagEnd::Emphasis => self.look.italic = self.look.italic.saturating_sub(1),
            TagEnd::Strong => self.look.bold = self.look.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.look.strike = self.look.strike.saturating_sub(1),
            _ => {}
        }
        if matches!(tag, TagEnd::Item) {
            self.items.pop();
        }
    }

    fn push_text(&mut self, raw: &str) {
        let clean = raw.replace('\t', " ");
        if clean.is_empty() {
            return;
        }
        let span = Span {
            text: clean,
            bold: self.look.bold > 0,
            italic: self.look.italic > 0,
            strike: self.look.strike > 0,
            underline: false,
        };
        match self.spans.last_mut() {
            Some(last) if last.same_look(&span) && !last.is_break() && !span.is_break() => last.text.push_str(&span.text),
            _ => self.spans.push(span),
        }
    }

    /// Ends the paragraph being collected (if any) as a block.
    fn flush(&mut self) {
        if self.table.is_some() || self.heading.is_some() {
            return;
        }
        let spans = trim(std::mem::take(&mut self.spans));
        if spans.is_empty() {
            return;
        }
        let block = match self.items.last_mut() {
            Some(item) => {
                item.paragraphs += 1;
                MdBlock::Item {
                    ordered: item.ordered,
                    depth: item.depth,
                    marker: item.marker.clone(),
                    first: item.paragraphs == 1,
                    spans,
                }
            }
            None => MdBlock::Para { spans },
        };
        self.blocks.push(block);
    }

    /// Code and HTML blocks: each non-blank line becomes a literal paragraph.
    fn flush_lines(&mut self) {
        let content: String = std::mem::take(&mut self.spans).into_iter().map(|s| s.text).collect();
        for line in content.lines().map(str::trim).filter(|l| !l.is_empty()) {
            self.blocks.push(MdBlock::Para { spans: vec![Span::plain(line)] });
        }
    }
}

/// Trims white space at both ends of a span list (keeps inner breaks).
fn trim(mut spans: Vec<Span>) -> Vec<Span> {
    while spans.last().is_some_and(|s| s.is_break() || s.text.trim().is_empty()) {
        spans.pop();
    }
    while spans.first().is_some_and(|s| s.is_break() || s.text.trim().is_empty()) {
        spans.remove(0);
    }
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::spans_text;

    fn texts(blocks: &[MdBlock]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                MdBlock::Heading { level, spans, .. } => format!("h{level}:{}", spans_text(spans)),
                MdBlock::Para { spans } => format!("p:{}", spans_text(spans)),
                MdBlock::Item { marker, depth, first, spans, .. } => {
                    format!("i{depth}{}{marker}:{}", if *first { "" } else { "+" }, spans_text(spans))
                }
                MdBlock::Table { head, rows, .. } => format!("t:{}x{}", head.len(), rows.len()),
                MdBlock::Rule => "rule".into(),
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_typed_bullets() {
        let md = "# Đặc điểm\n\nĐoạn một\ncòn tiếp.\n\n- gạch đầu dòng\n\n+ dấu cộng\n\n## Kết quả";
        assert_eq!(
            texts(&parse(md)),
            ["h1:Đặc điểm", "p:Đoạn một còn tiếp.", "i0-:gạch đầu dòng", "i0+:dấu cộng", "h2:Kết quả"]
        );
    }

    #[test]
    fn nested_ordered_lists_keep_depth_and_typed_marker() {
        let md = "1. Khoản một:\n   1. điểm a\n   2. điểm b\n2. Khoản hai";
        assert_eq!(texts(&parse(md)), ["i01.:Khoản một:", "i11.:điểm a", "i12.:điểm b", "i02.:Khoản hai"]);
    }

    #[test]
    fn loose_items_mark_continuation_paragraphs() {
        let md = "1. Mở đầu.\n\n   Đoạn tiếp của khoản.\n\n2. Khoản hai.";
        assert_eq!(texts(&parse(md)), ["i01.:Mở đầu.", "i0+1.:Đoạn tiếp của khoản.", "i02.:Khoản hai."]);
    }

    #[test]
    fn bold_and_italic_spans() {
        let blocks = parse("Có **714 tổ chức** và *87.398* đảng viên");
        let MdBlock::Para { spans } = &blocks[0] else { panic!() };
        let looks: Vec<(&str, bool, bool)> = spans.iter().map(|s| (s.text.as_str(), s.bold, s.italic)).collect();
        assert_eq!(looks, [("Có ", false, false), ("714 tổ chức", true, false), (" và ", false, false), ("87.398", false, true), (" đảng viên", false, false)]);
    }

    #[test]
    fn markup_outside_the_subset_stays_literal() {
        let md = "Gõ <b>x</b> & $x$ [liên kết](http://a) `#read(\"/etc/passwd\")` \\*y\\*";
        let blocks = parse(md);
        let MdBlock::Para { spans } = &blocks[0] else { panic!() };
        assert_eq!(spans_text(spans), "Gõ <b>x</b> & $x$ [liên kết](http://a) `#read(\"/etc/passwd\")` *y*");
    }

    #[test]
    fn html_and_indented_code_blocks_become_literal_paragraphs() {
        let md = "<div>\nxin chào\n</div>\n\n    thụt lề bốn dấu cách";
        assert_eq!(texts(&parse(md)), ["p:<div>", "p:xin chào", "p:</div>", "p:thụt lề bốn dấu cách"]);
    }

    #[test]
    fn gfm_tables() {
        let md = "| Năm | Số chi bộ |\n|---|---:|\n| 2022 | 355 |\n| 2023 | **359** |";
        let blocks = parse(md);
        let MdBlock::Table { aligns, head, rows } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(aligns, &[Align::Left, Align::Right]);
        assert_eq!(spans_text(&head[1]), "Số chi bộ");
        assert_eq!(rows.len(), 2);
        assert!(rows[1][1][0].bold);
    }

    #[test]
    fn control_characters_are_dropped() {
        let blocks = parse("a\u{1}b\u{0}c");
        let MdBlock::Para { spans } = &blocks[0] else { panic!() };
        assert_eq!(spans_text(spans), "abc");
    }

    #[test]
    fn hard_breaks_survive_as_break_spans() {
        let blocks = parse("dòng một\\\ndòng hai");
        let MdBlock::Para { spans } = &blocks[0] else { panic!() };
        assert_eq!(spans.iter().filter(|s| s.is_break()).count(), 1);
    }

    #[test]
    fn links_images_autolinks_and_code_print_as_typed() {
        let cases = [
            ("[link](http://x)", "p:[link](http://x)"),
            ("xem [**Quy chế**](http://x \"tựa\") nhé", "p:xem [**Quy chế**](http://x \"tựa\") nhé"),
            ("ảnh ![sơ đồ](a.png) đây", "p:ảnh ![sơ đồ](a.png) đây"),
            ("[![a](b)](c)", "p:[![a](b)](c)"),
            ("<http://x>", "p:<http://x>"),
            ("thư <a@b.vn>", "p:thư <a@b.vn>"),
            ("`code` và ``a ` b``", "p:`code` và ``a ` b``"),
            ("chú thích[^1] và [x]", "p:chú thích[^1] và [x]"),
            ("[tên\nxuống dòng](u)", "p:[tên xuống dòng](u)"),
        ];
        for (md, want) in cases {
            assert_eq!(texts(&parse(md)), [want], "{md}");
        }
    }

    #[test]
    fn links_keep_the_look_around_them() {
        let blocks = parse("**đậm [a](b) đậm**");
        let MdBlock::Para { spans } = &blocks[0] else { panic!() };
        assert_eq!(spans.len(), 1);
        assert!(spans[0].bold);
        assert_eq!(spans[0].text, "đậm [a](b) đậm");
    }

    #[test]
    fn reference_definitions_stay_where_they_were() {
        let md = "Xem [Quy chế][qc].\n\n[qc]: http://x/qc \"tựa\"\n\nĐoạn sau.\n\n[^1]: chú thích";
        assert_eq!(texts(&parse(md)), ["p:Xem [Quy chế][qc].", "p:[qc]: http://x/qc \"tựa\"", "p:Đoạn sau.", "p:[^1]: chú thích"]);
    }

    #[test]
    fn fenced_code_keeps_its_fences_and_quotes_their_marks() {
        assert_eq!(texts(&parse("```rust\nfn main() {}\n```")), ["p:```rust", "p:fn main() {}", "p:```"]);
        assert_eq!(texts(&parse("> trích dẫn\n> tiếp\n\n> > lồng")), ["p:> trích dẫn tiếp", "p:> > lồng"]);
    }

    #[test]
    fn links_in_headings_items_and_cells() {
        let md = "# [Tiêu đề](x)\n\n- [mục](y)\n\n| `a` | [b](c) |\n|---|---|\n| 1 | 2 |";
        let blocks = parse(md);
        assert_eq!(texts(&blocks)[..2], ["h1:[Tiêu đề](x)", "i0-:[mục](y)"]);
        let MdBlock::Table { head, .. } = &blocks[2] else { panic!() };
        assert_eq!(spans_text(&head[0]), "`a`");
        assert_eq!(spans_text(&head[1]), "[b](c)");
    }
}

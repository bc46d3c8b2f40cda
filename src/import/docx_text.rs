//! The text of a DOCX as blocks: paragraphs (runs with their look, alignment,
//! outline level, Word list numbering) and tables (rows of cells of blocks),
//! in document order. Only what import needs is read; everything a typist's
//! Word writes around the text (fields, revisions, drawings' fallbacks) is
//! skipped so that no text comes twice.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::model::document::Align;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("không phải tệp DOCX (không đọc được gói ZIP): {0}")]
    NotZip(String),
    #[error("tệp DOCX không có phần word/document.xml")]
    NoDocument,
    #[error("word/document.xml hỏng: {0}")]
    Xml(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    /// `w:sz` in half-points, from the run, its paragraph's style or the
    /// document's defaults; None when nothing says.
    pub size: Option<u32>,
    /// The typeface (`w:rFonts` ascii, else hAnsi), found as the size is;
    /// empty when it is a theme's font (not resolved).
    pub font: Option<String>,
}

impl Run {
    pub fn same_look(&self, other: &Run) -> bool {
        (self.bold, self.italic, self.underline, self.strike) == (other.bold, other.italic, other.underline, other.strike)
    }
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    /// 1-based position among the document's paragraphs (cells included), for warnings.
    pub index: usize,
    pub runs: Vec<Run>,
    pub align: Align,
    /// `w:outlineLvl`, 0-based, from the paragraph or its style.
    pub outline: Option<u8>,
    /// The label Word's list numbering prints before the text (`1.`, `a)`).
    pub list_label: Option<String>,
    /// The paragraph ends a section (a `w:sectPr` in its properties).
    pub section_end: bool,
    /// Left indent in twips: a typist moves a signature right with it.
    pub indent: i32,
    /// Font sizes of the visible text (half-points) and how many characters
    /// have each, in order of first use (runs of one look merge across sizes).
    pub sizes: Vec<(u32, usize)>,
    /// The typefaces of the visible text likewise (theme fonts left out).
    pub fonts: Vec<(String, usize)>,
}

impl Paragraph {
    pub fn text(&self) -> String {
        let body: String = self.runs.iter().map(|r| r.text.as_str()).collect();
        match &self.list_label {
            Some(label) => format!("{label} {body}"),
            None => body,
        }
    }

    /// Every character that is not blank is bold.
    pub fn all_bold(&self) -> bool {
        self.look_all(|r| r.bold)
    }

    pub fn all_italic(&self) -> bool {
        self.look_all(|r| r.italic)
    }

    fn look_all(&self, f: impl Fn(&Run) -> bool) -> bool {
        let visible: Vec<&Run> = self.runs.iter().filter(|r| !r.text.trim().is_empty()).collect();
        !visible.is_empty() && visible.iter().all(|r| f(r))
    }

    /// The lines of the paragraph, split at manual breaks, trimmed, blanks dropped.
    pub fn lines(&self) -> Vec<String> {
        self.text().split('\n').map(squash).filter(|l| !l.is_empty()).collect()
    }

    /// The typeface most of the visible text has.
    pub fn main_font(&self) -> Option<&str> {
        self.fonts.iter().max_by_key(|(_, n)| *n).map(|(f, _)| f.as_str())
    }

    /// The size most of the visible text has, in half-points.
    pub fn main_size(&self) -> Option<u32> {
        self.sizes.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s)
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}').is_empty()
    }
}

/// Tabs and runs of spaces become one space; ends trimmed.
pub fn squash(s: &str) -> String {
    s.split(['\t', ' ', '\u{a0}']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone)]
pub enum Block {
    Para(Paragraph),
    Table(Vec<Vec<Vec<Block>>>),
}

impl Block {
    /// Every paragraph inside, in order.
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        match self {
            Block::Para(p) => vec![p],
            Block::Table(rows) => rows.iter().flatten().flatten().flat_map(Block::paragraphs).collect(),
        }
    }
}

/// What a DOCX holds for import: the body, the first-page header's lines
/// (where a profile may put a mark) and the author of its core properties.
#[derive(Debug, Clone, Default)]
pub struct DocxText {
    pub blocks: Vec<Block>,
    pub header_lines: Vec<String>,
    pub creator: Option<String>,
    /// Per section, in order: whether its pages are turned (a landscape phụ lục).
    pub landscape: Vec<bool>,
    /// The first section's page, width and height in twips (A4 portrait: 11906 × 16838).
    pub page: Option<(u32, u32)>,
    /// The footnotes' paragraphs (Party documents rarely have any; they must not be lost).
    pub footnotes: Vec<Paragraph>,
    /// Every section's page size and margins, in document order.
    pub sections: Vec<SectionPage>,
}

/// A section's `w:pgSz` and `w:pgMar`, in twips.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SectionPage {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub landscape: bool,
    /// top, right, bottom, left
    pub margins: [Option<i32>; 4],
}

pub fn read(docx: &[u8]) -> Result<DocxText, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| ReadError::NotZip(e.to_string()))?;
    let mut part = |name: &str| -> Option<String> {
        let mut f = zip.by_name(name).ok()?;
        let mut s = String::new();
        f.read_to_string(&mut s).ok()?;
        Some(s)
    };
    let document = part("word/document.xml").ok_or(ReadError::NoDocument)?;
    let styles = part("word/styles.xml").map(|s| read_styles(&s)).unwrap_or_default();
    let numbering = part("word/numbering.xml").map(|s| read_numbering(&s)).unwrap_or_default();
    let rels = part("word/_rels/document.xml.rels").unwrap_or_default();
    let creator = part("docProps/core.xml").and_then(|s| element_text(&s, "creator"));
    let first_header = first_header_part(&document, &rels).and_then(|name| part(&format!("word/{name}")));
    let mut parser = Parser { styles: &styles, numbering: &numbering, counters: HashMap::new(), next_index: 0 };
    let blocks = parser.blocks(&document)?;
    let header_lines = match first_header {
        Some(xml) => {
            let mut p = Parser { styles: &styles, numbering: &numbering, counters: HashMap::new(), next_index: 0 };
            p.blocks(&xml)?.iter().flat_map(Block::paragraphs).flat_map(Paragraph::lines).collect()
        }
        None => Vec::new(),
    };
    let (landscape, page) = pages(&document);
    let sections = section_pages(&document);
    let footnotes = match part("word/footnotes.xml") {
        Some(xml) => {
            let mut p = Parser { styles: &styles, numbering: &numbering, counters: HashMap::new(), next_index: 0 };
            p.blocks(&xml)?.iter().flat_map(Block::paragraphs).filter(|para| !para.is_blank()).cloned().collect()
        }
        None => Vec::new(),
    };
    Ok(DocxText { blocks, header_lines, creator, landscape, page, footnotes, sections })
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// The value of the attribute whose local name is `key`.
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| local(a.key.as_ref()) == key).and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()).map(|v| v.into_owned())
}

/// An on/off property: present means on unless `w:val` says 0, false or off.
fn on(e: &BytesStart) -> bool {
    attr(e, "val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off" | "none"))
}

fn text_of_ref(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name).map_or_else(|| format!("&{name};"), str::to_string)
}

/// The text of the first element with this local name.
fn element_text(xml: &str, name: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut out = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if local(e.name().as_ref()) == name => inside = true,
            Event::End(e) if inside && local(e.name().as_ref()) == name => return Some(out),
            Event::Text(t) if inside => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if inside => out.push_str(&text_of_ref(&r)),
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Each section's orientation, from its `w:pgSz`, in document order; and
/// the first section's page size.
fn pages(document: &str) -> (Vec<bool>, Option<(u32, u32)>) {
    let mut reader = Reader::from_str(document);
    let (mut turned, mut first) = (Vec::new(), None);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Empty(e) | Event::Start(e) if local(e.name().as_ref()) == "pgSz" => {
                turned.push(attr(&e, "orient").as_deref() == Some("landscape"));
                let size = |k| attr(&e, k).and_then(|v| v.parse::<u32>().ok());
                if first.is_none() {
                    first = size("w").zip(size("h"));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (turned, first)
}

/// Each section's page size and margins, in document order.
fn section_pages(document: &str) -> Vec<SectionPage> {
    let mut reader = Reader::from_str(document);
    let mut out = Vec::new();
    let mut current: Option<SectionPage> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if local(e.name().as_ref()) == "sectPr" => current = Some(SectionPage::default()),
            Event::Empty(e) if local(e.name().as_ref()) == "sectPr" => out.push(SectionPage::default()),
            Event::Empty(e) | Event::Start(e) => {
                let Some(s) = current.as_mut() else { continue };
                let num = |k| attr(&e, k).and_then(|v| v.parse::<i32>().ok());
                match local(e.name().as_ref()) {
                    "pgSz" => {
                        s.width = num("w").and_then(|v| u32::try_from(v).ok());
                        s.height = num("h").and_then(|v| u32::try_from(v).ok());
                        s.landscape = attr(&e, "orient").as_deref() == Some("landscape");
                    }
                    "pgMar" => s.margins = [num("top"), num("right"), num("bottom"), num("left")],
                    _ => {}
                }
            }
            Event::End(e) if local(e.name().as_ref()) == "sectPr" => out.extend(current.take()),
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The part name of the first-page header the body's final section names.
fn first_header_part(document: &str, rels: &str) -> Option<String> {
    let mut reader = Reader::from_str(document);
    let mut rid = None;
    loop {
        match reader.read_event().ok()? {
            Event::Empty(e) | Event::Start(e) if local(e.name().as_ref()) == "headerReference" && attr(&e, "type").as_deref() == Some("first") => {
                rid = attr(&e, "id");
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let rid = rid?;
    let mut reader = Reader::from_str(rels);
    loop {
        match reader.read_event().ok()? {
            Event::Empty(e) | Event::Start(e) if local(e.name().as_ref()) == "Relationship" && attr(&e, "Id").as_deref() == Some(&rid) => {
                return attr(&e, "Target");
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// What a paragraph style gives: outline level, bold, italic.
#[derive(Debug, Clone, Default)]
struct StyleInfo {
    outline: Option<u8>,
    bold: bool,
    italic: bool,
    size: Option<u32>,
    font: Option<String>,
    based_on: Option<String>,
    /// The default paragraph style (`w:default="1"`).
    default: bool,
}

type Styles = HashMap<String, StyleInfo>;

fn read_styles(xml: &str) -> Styles {
    let mut out = Styles::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, StyleInfo)> = None;
    let mut in_ppr_rpr = 0usize;
    let mut in_defaults = false;
    let mut defaults = StyleInfo::default();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => {
                    let default = attr(&e, "type").as_deref() == Some("paragraph") && attr(&e, "default").is_some_and(|v| v == "1" || v == "true");
                    current = attr(&e, "styleId").map(|id| (id, StyleInfo { default, ..StyleInfo::default() }));
                }
                "rPrDefault" => in_defaults = true,
                "sz" if in_defaults => defaults.size = attr(&e, "val").and_then(|v| v.parse().ok()),
                "rFonts" if in_defaults => defaults.font = typeface(&e),
                "rFonts" if in_ppr_rpr > 0 => {
                    if let Some((_, s)) = current.as_mut() {
                        s.font = typeface(&e);
                    }
                }
                "sz" if in_ppr_rpr > 0 => {
                    if let Some((_, s)) = current.as_mut() {
                        s.size = attr(&e, "val").and_then(|v| v.parse().ok());
                    }
                }
                "basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = attr(&e, "val");
                    }
                }
                "outlineLvl" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.outline = attr(&e, "val").and_then(|v| v.parse().ok()).filter(|&l: &u8| l < 9);
                    }
                }
                "rPr" => in_ppr_rpr += 1,
                "b" if in_ppr_rpr > 0 => {
                    if let Some((_, s)) = current.as_mut() {
                        s.bold = on(&e);
                    }
                }
                "i" if in_ppr_rpr > 0 => {
                    if let Some((_, s)) = current.as_mut() {
                        s.italic = on(&e);
                    }
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                "style" => {
                    if let Some((id, s)) = current.take() {
                        out.insert(id, s);
                    }
                }
                "rPr" => in_ppr_rpr = in_ppr_rpr.saturating_sub(1),
                "rPrDefault" => in_defaults = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out.insert(DEFAULTS.to_string(), defaults);
    out
}

/// The key under which the document defaults' run properties are kept.
const DEFAULTS: &str = "\u{0}defaults";

/// A run property of text in a paragraph of this style (none: the default
/// paragraph style), through its chain, the default style, the defaults.
fn style_value<T>(styles: &Styles, style: Option<&str>, f: impl Fn(&StyleInfo) -> Option<T>) -> Option<T> {
    let default_style = || styles.iter().find(|(_, s)| s.default).map(|(id, _)| id.clone());
    style
        .and_then(|s| style_get(styles, s, &f))
        .or_else(|| default_style().and_then(|d| style_get(styles, &d, &f)))
        .or_else(|| styles.get(DEFAULTS).and_then(&f))
}

/// The typeface `w:rFonts` names for Latin text; empty for a theme font.
fn typeface(e: &BytesStart) -> Option<String> {
    match attr(e, "ascii").or_else(|| attr(e, "hAnsi")) {
        Some(name) => Some(name),
        None => (attr(e, "asciiTheme").is_some() || attr(e, "hAnsiTheme").is_some()).then(String::new),
    }
}

/// A style's property, looked up through its `basedOn` chain (bounded: a loop ends it).
fn style_get<T>(styles: &Styles, id: &str, f: impl Fn(&StyleInfo) -> Option<T>) -> Option<T> {
    let mut id = id.to_string();
    for _ in 0..10 {
        let s = styles.get(&id)?;
        if let Some(v) = f(s) {
            return Some(v);
        }
        id = s.based_on.clone()?;
    }
    None
}

/// One level of a Word list: its number format and label template (`%1.`).
#[derive(Debug, Clone, Default)]
struct ListLevel {
    format: String,
    text: String,
    start: u32,
}

/// numId → levels (through the abstract numbering it points at).
type Numbering = HashMap<String, Vec<ListLevel>>;

fn read_numbering(xml: &str) -> Numbering {
    let mut abstracts: HashMap<String, Vec<ListLevel>> = HashMap::new();
    let mut nums: HashMap<String, String> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let (mut abs_id, mut num_id, mut level): (Option<String>, Option<String>, Option<ListLevel>) = (None, None, None);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "abstractNum" => abs_id = attr(&e, "abstractNumId"),
                "num" => num_id = attr(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (num_id.clone(), attr(&e, "val")) {
                        nums.insert(n, a);
                    }
                }
                "lvl" => level = Some(ListLevel { start: 1, ..ListLevel::default() }),
                "numFmt" => {
                    if let Some(l) = level.as_mut() {
                        l.format = attr(&e, "val").unwrap_or_default();
                    }
                }
                "lvlText" => {
                    if let Some(l) = level.as_mut() {
                        l.text = attr(&e, "val").unwrap_or_default();
                    }
                }
                "start" => {
                    if let Some(l) = level.as_mut() {
                        l.start = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                "lvl" => {
                    if let (Some(a), Some(l)) = (abs_id.as_ref(), level.take()) {
                        abstracts.entry(a.clone()).or_default().push(l);
                    }
                }
                "abstractNum" => abs_id = None,
                "num" => num_id = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    nums.into_iter().filter_map(|(n, a)| abstracts.get(&a).map(|l| (n, l.clone()))).collect()
}

/// A number as a list level prints it.
fn list_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => crate::text::letter(n, &("abcdefghijklmnopqrstuvwxyz".chars().map(String::from).collect::<Vec<_>>())),
        "upperLetter" => ((b'A' + ((n.max(1) - 1) % 26) as u8) as char).to_string(),
        "upperRoman" => crate::text::roman(n),
        "lowerRoman" => crate::text::roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

/// The paragraph being read: its properties and runs.
#[derive(Default)]
struct ParaState {
    runs: Vec<Run>,
    align: Option<Align>,
    outline: Option<u8>,
    style: Option<String>,
    num: (Option<String>, Option<usize>),
    section_end: bool,
    indent: i32,
    /// The paragraph this one stands inside (a text box's).
    outer: Option<Box<ParaState>>,
}

/// Where the reader is inside a run or a paragraph's properties.
#[derive(Default)]
struct Inside {
    ppr: bool,
    rpr: bool,
    text: bool,
    /// Depth of skipped content: field instructions, deleted text, fallbacks.
    skip: usize,
}

struct Parser<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    /// (numId, level) → last number given.
    counters: HashMap<(String, usize), u32>,
    next_index: usize,
}

/// Elements whose content is never text of the document.
const SKIPPED: &[&str] = &["instrText", "delText", "Fallback", "del", "moveFrom", "footnoteReference"];

impl Parser<'_> {
    /// The blocks of a story (document body, header): paragraphs and tables,
    /// with nested tables kept in their cells.
    fn blocks(&mut self, xml: &str) -> Result<Vec<Block>, ReadError> {
        let mut reader = Reader::from_str(xml);
        // A stack of open containers: the story, then per table its rows and cells.
        let mut stack: Vec<Container> = vec![Container::Story(Vec::new())];
        let mut para: Option<ParaState> = None;
        let mut run = Run::default();
        let mut inside = Inside::default();
        loop {
            let event = reader.read_event().map_err(|e| ReadError::Xml(e.to_string()))?;
            match event {
                Event::Start(e) => self.open(&e, false, &mut stack, &mut para, &mut run, &mut inside),
                Event::Empty(e) => self.open(&e, true, &mut stack, &mut para, &mut run, &mut inside),
                Event::End(e) => self.close(local(e.name().as_ref()), &mut stack, &mut para, &mut run, &mut inside),
                Event::Text(t) if inside.text && inside.skip == 0 => run.text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) if inside.text && inside.skip == 0 => run.text.push_str(&text_of_ref(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
        while stack.len() > 1 {
            close_container(&mut stack);
        }
        match stack.pop() {
            Some(Container::Story(blocks)) => Ok(blocks),
            _ => Ok(Vec::new()),
        }
    }

    fn open(&mut self, e: &BytesStart, empty: bool, stack: &mut Vec<Container>, para: &mut Option<ParaState>, run: &mut Run, inside: &mut Inside) {
        let name = local(e.name().as_ref()).to_string();
        if SKIPPED.contains(&name.as_str()) {
            if !empty {
                inside.skip += 1;
            }
            return;
        }
        if inside.skip > 0 {
            return;
        }
        match name.as_str() {
            "tbl" if !empty => stack.push(Container::Table(Vec::new())),
            "tr" if !empty => stack.push(Container::Row(Vec::new())),
            "tc" if !empty => stack.push(Container::Cell(Vec::new())),
            "p" if empty => self.push_para(ParaState::default(), stack),
            // A paragraph inside a paragraph (a text box) holds the outer one
            // until it ends; the outer one goes on after it.
            "p" => *para = Some(ParaState { outer: para.take().map(Box::new), ..ParaState::default() }),
            "pPr" if !empty => inside.ppr = true,
            "rPr" if !empty => inside.rpr = true,
            "r" => *run = Run { bold: false, ..Run::default() },
            "t" if !empty => inside.text = true,
            "tab" if !inside.ppr => run.text.push('\t'),
            "br" | "cr" => {
                if attr(e, "type").is_none_or(|t| t == "textWrapping") {
                    run.text.push('\n');
                }
            }
            "noBreakHyphen" => run.text.push('-'),
            "sectPr" => {
                if let Some(p) = para.as_mut() {
                    p.section_end = true;
                }
            }
            _ => self.property(&name, e, para, run, inside),
        }
    }

    /// A run or paragraph property.
    fn property(&mut self, name: &str, e: &BytesStart, para: &mut Option<ParaState>, run: &mut Run, inside: &Inside) {
        if inside.rpr && !inside.ppr {
            match name {
                "b" => run.bold = on(e),
                "i" => run.italic = on(e),
                "u" => run.underline = on(e),
                "strike" | "dstrike" => run.strike = on(e),
                "sz" => run.size = attr(e, "val").and_then(|v| v.parse().ok()),
                "rFonts" => run.font = typeface(e).or(run.font.take()),
                _ => {}
            }
            return;
        }
        let Some(p) = para.as_mut() else { return };
        if !inside.ppr || inside.rpr {
            return;
        }
        match name {
            "jc" => p.align = attr(e, "val").map(|v| alignment(&v)),
            "outlineLvl" => p.outline = attr(e, "val").and_then(|v| v.parse().ok()).filter(|&l: &u8| l < 9),
            "pStyle" => p.style = attr(e, "val"),
            "ind" => p.indent = attr(e, "left").or_else(|| attr(e, "start")).and_then(|v| v.parse().ok()).unwrap_or(0),
            "ilvl" => p.num.1 = attr(e, "val").and_then(|v| v.parse().ok()),
            "numId" => p.num.0 = attr(e, "val"),
            _ => {}
        }
    }

    fn close(&mut self, name: &str, stack: &mut Vec<Container>, para: &mut Option<ParaState>, run: &mut Run, inside: &mut Inside) {
        if SKIPPED.contains(&name) {
            inside.skip = inside.skip.saturating_sub(1);
            return;
        }
        if inside.skip > 0 {
            return;
        }
        match name {
            "tbl" | "tr" | "tc" => close_container(stack),
            "p" => {
                if let Some(mut p) = para.take() {
                    *para = p.outer.take().map(|outer| *outer);
                    self.push_para(p, stack);
                }
            }
            "pPr" => inside.ppr = false,
            "rPr" => inside.rpr = false,
            "t" => inside.text = false,
            "r" => {
                if let Some(p) = para.as_mut()
                    && !run.text.is_empty()
                {
                    p.runs.push(std::mem::take(run));
                }
            }
            _ => {}
        }
    }

    fn push_para(&mut self, p: ParaState, stack: &mut [Container]) {
        self.next_index += 1;
        let style = p.style.as_deref();
        let outline = p.outline.or_else(|| style.and_then(|s| style_get(self.styles, s, |i| i.outline)));
        let (style_bold, style_italic) = style.map_or((false, false), |s| {
            (style_get(self.styles, s, |i| i.bold.then_some(true)).unwrap_or(false), style_get(self.styles, s, |i| i.italic.then_some(true)).unwrap_or(false))
        });
        let base_size = style_value(self.styles, style, |i| i.size);
        let base_font = style_value(self.styles, style, |i| i.font.clone());
        let mut sizes: Vec<(u32, usize)> = Vec::new();
        let mut fonts: Vec<(String, usize)> = Vec::new();
        for r in &p.runs {
            let n = r.text.chars().filter(|c| !c.is_whitespace()).count();
            if n == 0 {
                continue;
            }
            if let Some(size) = r.size.or(base_size) {
                tally(&mut sizes, size, n);
            }
            if let Some(font) = r.font.clone().or_else(|| base_font.clone()).filter(|f| !f.is_empty()) {
                tally(&mut fonts, font, n);
            }
        }
        let runs = merge_runs(p.runs.into_iter().map(|mut r| {
            r.size = r.size.or(base_size);
            r.font = r.font.or_else(|| base_font.clone());
            r.bold |= style_bold;
            r.italic |= style_italic;
            r
        }));
        let para = Paragraph {
            index: self.next_index,
            runs,
            align: p.align.unwrap_or(Align::Left),
            outline,
            list_label: self.list_label(&p.num),
            section_end: p.section_end,
            indent: p.indent,
            sizes,
            fonts,
        };
        if let Some(Container::Story(b) | Container::Cell(b)) = stack.last_mut() {
            b.push(Block::Para(para));
        }
    }

    /// The label Word would print for a numbered paragraph; counters run per
    /// list and level, deeper levels restart under a shallower one.
    fn list_label(&mut self, num: &(Option<String>, Option<usize>)) -> Option<String> {
        let id = num.0.as_ref().filter(|id| id.as_str() != "0")?;
        let levels = self.numbering.get(id)?;
        let lvl = num.1.unwrap_or(0).min(levels.len().saturating_sub(1));
        let level = levels.get(lvl)?;
        if level.format == "bullet" || level.format == "none" {
            return (level.format == "bullet").then(|| "-".to_string());
        }
        let n = self.counters.get(&(id.clone(), lvl)).map_or(level.start, |n| n + 1);
        self.counters.insert((id.clone(), lvl), n);
        self.counters.retain(|(i, l), _| i != id || *l <= lvl);
        let mut label = level.text.clone();
        for (i, l) in levels.iter().enumerate().take(lvl + 1) {
            let value = if i == lvl { n } else { self.counters.get(&(id.clone(), i)).copied().unwrap_or(l.start) };
            label = label.replace(&format!("%{}", i + 1), &list_number(value, &l.format));
        }
        Some(label)
    }
}

/// Adds `n` characters to `value`'s count.
fn tally<T: PartialEq>(counts: &mut Vec<(T, usize)>, value: T, n: usize) {
    match counts.iter_mut().find(|(v, _)| *v == value) {
        Some(entry) => entry.1 += n,
        None => counts.push((value, n)),
    }
}

enum Container {
    Story(Vec<Block>),
    Table(Vec<Vec<Vec<Block>>>),
    Row(Vec<Vec<Block>>),
    Cell(Vec<Block>),
}

/// Ends the innermost table, row or cell, handing it to its parent.
fn close_container(stack: &mut Vec<Container>) {
    let Some(top) = stack.pop() else { return };
    match (top, stack.last_mut()) {
        (Container::Cell(c), Some(Container::Row(r))) => r.push(c),
        (Container::Row(r), Some(Container::Table(t))) => t.push(r),
        (Container::Table(t), Some(Container::Story(b) | Container::Cell(b))) => b.push(Block::Table(t)),
        (top, _) => stack.push(top),
    }
}

fn alignment(v: &str) -> Align {
    match v {
        "center" => Align::Center,
        "right" | "end" => Align::Right,
        "both" | "distribute" => Align::Justify,
        _ => Align::Left,
    }
}

/// Neighbouring runs of one look become one (Word splits runs anywhere).
fn merge_runs(runs: impl Iterator<Item = Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for r in runs {
        match out.last_mut() {
            Some(last) if last.same_look(&r) => last.text.push_str(&r.text),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(body: &str) -> Vec<Block> {
        let xml = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let (styles, numbering) = (Styles::new(), Numbering::new());
        Parser { styles: &styles, numbering: &numbering, counters: HashMap::new(), next_index: 0 }.blocks(&xml).unwrap()
    }

    fn text(b: &Block) -> String {
        match b {
            Block::Para(p) => p.text(),
            Block::Table(_) => "<table>".into(),
        }
    }

    #[test]
    fn split_runs_breaks_tabs_entities_and_no_break_hyphens_are_read() {
        let b = blocks(
            r#"<w:p><w:pPr><w:rPr><w:b/></w:rPr><w:jc w:val="center"/></w:pPr><w:r><w:t>Số 4</w:t></w:r><w:r><w:t>6</w:t><w:noBreakHyphen/><w:t>CV/ĐU &amp; x</w:t><w:tab/><w:t>y</w:t><w:br/><w:t>z</w:t></w:r></w:p>"#,
        );
        let Block::Para(p) = &b[0] else { panic!() };
        assert_eq!(p.text(), "Số 46-CV/ĐU & x\ty\nz");
        assert_eq!(p.runs.len(), 1, "runs of one look merge; the paragraph mark's bold is not the text's");
        assert_eq!(p.align, Align::Center);
        assert_eq!(p.lines(), ["Số 46-CV/ĐU & x y", "z"]);
    }

    #[test]
    fn tables_hold_their_cells_and_field_codes_are_skipped() {
        let b = blocks(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:instrText>PAGE</w:instrText><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:rPr><w:b w:val="0"/><w:i/></w:rPr><w:t>c</w:t></w:r></w:p>"#,
        );
        let Block::Table(rows) = &b[0] else { panic!() };
        assert_eq!((rows.len(), rows[0].len()), (1, 2));
        assert_eq!(text(&rows[0][1][0]), "b");
        let Block::Para(p) = &b[1] else { panic!() };
        assert!(p.all_italic() && !p.all_bold());
        assert_eq!(p.index, 3);
    }

    #[test]
    fn word_list_numbering_prints_its_labels() {
        let numbering = read_numbering(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#,
        );
        let item = |lvl: u8, text: &str| format!(r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#);
        let xml = format!(r#"<w:document xmlns:w="w"><w:body>{}{}{}{}</w:body></w:document>"#, item(0, "x"), item(1, "y"), item(1, "z"), item(0, "w"));
        let styles = Styles::new();
        let blocks = Parser { styles: &styles, numbering: &numbering, counters: HashMap::new(), next_index: 0 }.blocks(&xml).unwrap();
        let texts: Vec<String> = blocks.iter().map(text).collect();
        assert_eq!(texts, ["1. x", "a) y", "b) z", "2. w"]);
    }

    #[test]
    fn sizes_and_typefaces_come_from_the_run_its_style_the_default_style_or_the_defaults() {
        let styles = read_styles(
            r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Small"><w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:asciiTheme="minorHAnsi"/><w:sz w:val="24"/></w:rPr></w:style></w:styles>"#,
        );
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>abc</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Arial"/><w:sz w:val="26"/></w:rPr><w:t>de</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Small"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"#;
        let numbering = Numbering::new();
        let blocks = Parser { styles: &styles, numbering: &numbering, counters: HashMap::new(), next_index: 0 }.blocks(xml).unwrap();
        let (Block::Para(a), Block::Para(b)) = (&blocks[0], &blocks[1]) else { panic!() };
        assert_eq!((a.sizes.as_slice(), a.main_size(), a.main_font()), (&[(28, 3), (26, 2)][..], Some(28), Some("Calibri")));
        assert_eq!(a.fonts, [("Calibri".to_string(), 3), ("Arial".to_string(), 2)]);
        assert_eq!((b.main_size(), b.main_font()), (Some(24), None), "a theme font is not resolved");
    }

    #[test]
    fn a_text_box_inside_a_paragraph_loses_neither_its_text_nor_the_paragraphs() {
        let b = blocks(r#"<w:p><w:r><w:t>before </w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t>after</w:t></w:r></w:p>"#);
        let texts: Vec<String> = b.iter().map(text).collect();
        assert_eq!(texts, ["boxed", "before after"]);
    }
}

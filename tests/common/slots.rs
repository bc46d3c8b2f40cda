//! Where a document's parts land, read back from both formats: the DOCX's
//! paragraphs with their look and header cell, the PDF's placed text.

use roxmltree::Node;
use vanban::model::Document;
use vanban::render::{docx, pdf};

use super::*;

// ---- DOCX side -------------------------------------------------------------

pub struct Word {
    pub document: String,
    pub first_header: String,
}

pub fn word(doc: &Document) -> Word {
    let bytes = docx::render(doc).unwrap();
    let rels = docx_part(&bytes, "word/_rels/document.xml.rels");
    let document = docx_part(&bytes, "word/document.xml");
    // The first-page header is the one the section names with type="first".
    let xml = roxmltree::Document::parse(&document).unwrap();
    let id = xml
        .descendants()
        .find(|n| n.has_tag_name((W, "headerReference")) && attr(*n, "type") == Some("first"))
        .and_then(|n| n.attribute(("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id")))
        .unwrap()
        .to_string();
    let rels = roxmltree::Document::parse(&rels).unwrap();
    let target = rels.descendants().find(|n| n.attribute("Id") == Some(id.as_str())).unwrap().attribute("Target").unwrap();
    let first_header = docx_part(&bytes, &format!("word/{target}"));
    Word { document, first_header }
}

pub fn para<'a>(xml: &'a roxmltree::Document<'a>, text: &str) -> Option<Node<'a, 'a>> {
    xml.descendants().filter(|n| n.has_tag_name((W, "p"))).find(|p| para_text(*p).contains(text))
}

#[derive(Debug, PartialEq)]
pub struct Look {
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    pub framed: bool,
}

pub fn docx_look(p: Node) -> Look {
    let run = p.descendants().find(|n| n.has_tag_name((W, "r")) && n.children().any(|c| c.has_tag_name((W, "t")))).unwrap();
    let on = |name: &str| run_prop(run, name).is_some_and(|n| attr(n, "val") != Some("false"));
    let size: f64 = attr(run_prop(run, "sz").unwrap(), "val").unwrap().parse().unwrap();
    let sides = p.descendants().filter(|n| n.parent().is_some_and(|p| p.has_tag_name((W, "pBdr")))).count();
    Look { size: size / 2.0, bold: on("b"), italic: on("i"), framed: sides == 4 }
}

/// Row and column of the header table cell holding `p` (row 1 = number and date).
pub fn header_cell(p: Node) -> Option<(usize, usize)> {
    let cell = p.ancestors().find(|n| n.has_tag_name((W, "tc")))?;
    let row = cell.parent()?;
    let col = row.children().filter(|n| n.has_tag_name((W, "tc"))).position(|c| c == cell)?;
    let index = row.parent()?.children().filter(|n| n.has_tag_name((W, "tr"))).position(|r| r == row)?;
    Some((index, col))
}

// ---- PDF side --------------------------------------------------------------

pub struct Pages {
    pub texts: Vec<Vec<PlacedText>>,
    pub rects: Vec<Vec<PlacedRect>>,
    pub height: f64,
}

pub fn pages(doc: &Document) -> Pages {
    let paged = pdf::compile(doc).unwrap();
    Pages {
        texts: paged.pages().iter().map(|p| placed_text(&p.frame)).collect(),
        rects: paged.pages().iter().map(|p| placed_rects(&p.frame)).collect(),
        height: paged.pages()[0].frame.height().to_pt(),
    }
}

impl Pages {
    pub fn find(&self, page: usize, text: &str) -> &PlacedText {
        self.texts[page].iter().find(|t| t.text.contains(text)).unwrap_or_else(|| panic!("no {text:?} on page {}", page + 1))
    }

    pub fn look(&self, page: usize, text: &str) -> Look {
        let t = self.find(page, text);
        Look { size: t.size, bold: t.bold, italic: t.italic, framed: self.rects[page].iter().any(|r| r.contains(t) && r.height < 40.0) }
    }

    pub fn last(&self) -> usize {
        self.texts.len() - 1
    }
}

pub fn mm(v: f64) -> f64 {
    v * 72.0 / 25.4
}

pub fn look(size: f64, bold: bool, italic: bool, framed: bool) -> Look {
    Look { size, bold, italic, framed }
}


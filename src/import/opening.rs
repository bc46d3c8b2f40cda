//! What stands at the body's edges and has fields of its own: a biên bản's
//! `- Thời gian: …` lines and closing sentence, the căn cứ lines, a
//! nghị quyết's or quyết định's preamble and its enacting line (`… QUYẾT
//! ĐỊNH`, `QUYẾT NGHỊ:`), which vanban prints itself from the signature.

use super::docx_text::{Block, squash};
use super::{body, names};
use crate::model::input::{DocumentInput, Minutes, NumberingMode};
use crate::profile::{Profile, Structure};
use crate::text::upper;

#[derive(Debug, Default)]
pub struct Opening {
    pub basis: Vec<String>,
    pub preamble: Option<String>,
    pub enacting_body: Option<String>,
    pub minutes: Option<Minutes>,
    /// Blocks of the body these take from its start, and where the rest ends.
    pub consumed: usize,
    pub end: usize,
}

/// The text of a top-level paragraph block (none for a table).
fn para_text(b: &Block) -> Option<String> {
    match b {
        Block::Para(p) => Some(squash(&p.text().replace('\n', " "))),
        Block::Table(_) => None,
    }
}

impl Opening {
    pub fn read(blocks: &[Block], kind: &str, doc: &DocumentInput, p: &Profile) -> Opening {
        let mut o = Opening { end: blocks.len(), ..Opening::default() };
        let texts: Vec<Option<String>> = blocks.iter().map(para_text).collect();
        let mut at = skip_blank(&texts, 0);
        if p.kind(kind).is_some_and(|k| k.signature_roles) {
            at = o.minutes(&texts, at, p);
        }
        let basis_start = at;
        while let Some(Some(t)) = texts.get(at) {
            let bare = t.strip_prefix("- ").unwrap_or("");
            if !p.checks.basis_words.iter().any(|w| bare.starts_with(w.as_str())) {
                break;
            }
            o.basis.push(super::fields::bare(t));
            at = skip_blank(&texts, at + 1);
        }
        o.consumed = if o.basis.is_empty() { basis_start } else { at };
        if let Some((enacting_at, body)) = enacting_line(&texts, at, kind, p) {
            let preamble = body::markdown(&blocks[at..enacting_at], Structure::Sections, NumberingMode::Auto);
            o.preamble = Some(preamble.join("\n\n")).filter(|s| !s.is_empty());
            o.enacting_body = body.filter(|b| !is_default_body(b, doc, p)).map(|b| names::mixed_case(&b, &[]));
            o.consumed = enacting_at + 1;
        }
        o
    }

    /// A biên bản's five opening lines, all or none; the closing sentence at
    /// the end. Gives where the body goes on.
    fn minutes(&mut self, texts: &[Option<String>], from: usize, p: &Profile) -> usize {
        let l = &p.minutes;
        let labels = [&l.time, &l.place, &l.attendees, &l.chair, &l.secretary];
        let mut values = Vec::new();
        let mut at = from;
        for label in labels {
            let prefix = l.line_format.split("{value}").next().unwrap_or_default().replace("{label}", label);
            let Some(value) = texts.get(at).cloned().flatten().and_then(|t| t.strip_prefix(&prefix).map(|v| v.trim_end_matches('.').trim().to_string())) else {
                return from;
            };
            values.push(value);
            at = skip_blank(texts, at + 1);
        }
        let (before, after) = l.closing.split_once("{time}").unwrap_or((&l.closing, ""));
        let last = texts.iter().rposition(|t| t.as_ref().is_some_and(|t| !t.is_empty()));
        let closed = last.and_then(|i| texts[i].as_ref()?.strip_prefix(before)?.strip_suffix(after).map(|c| (i, c.trim().to_string())));
        let Some((closing_at, closed_at)) = closed else { return from };
        self.end = closing_at;
        let [time, place, attendees, chair, secretary] = <[String; 5]>::try_from(values).unwrap_or_default();
        self.minutes = Some(Minutes { time, place, attendees, chair, secretary, closed_at });
        at
    }

    pub fn apply(&self, doc: &mut DocumentInput) {
        doc.basis = self.basis.clone();
        doc.preamble = self.preamble.clone();
        doc.enacting_body = self.enacting_body.clone();
        doc.minutes = self.minutes.clone();
    }
}

fn skip_blank(texts: &[Option<String>], mut at: usize) -> usize {
    while texts.get(at).is_some_and(|t| t.as_ref().is_some_and(|t| t.is_empty())) {
        at += 1;
    }
    at
}

/// The kind's enacting line among the first paragraphs after the căn cứ:
/// its index and the body it names (for `{body} QUYẾT ĐỊNH`).
fn enacting_line(texts: &[Option<String>], from: usize, kind: &str, p: &Profile) -> Option<(usize, Option<String>)> {
    let format = upper(p.kind(kind)?.slots.enacting.as_deref()?);
    let (before, after) = format.split_once("{BODY}").map_or((format.as_str(), None), |(b, a)| (b, Some(a)));
    texts.iter().enumerate().skip(from).take(12).find_map(|(i, t)| {
        let t = t.as_ref()?;
        match after {
            None => (upper(t) == before).then_some((i, None)),
            Some(after) => {
                let body = t.strip_prefix(before)?.strip_suffix(after)?.trim();
                (super::fields::is_upper(t) && !body.is_empty()).then(|| (i, Some(body.to_string())))
            }
        }
    })
}

/// The enacting body vanban would derive from the signature and issuer.
fn is_default_body(body: &str, doc: &DocumentInput, p: &Profile) -> bool {
    let derived = crate::model::build::enacting_body(None, doc.signature.authority.as_deref(), &doc.issuer.name, p);
    derived.is_some_and(|d| upper(&d) == upper(body))
}

//! The bundled fonts (files of `fonts/`, embedded at build time) and text
//! measurement with their metrics. Measuring in Rust lets both renderers receive
//! the same line breaks and rule lengths, so DOCX and PDF cannot drift.

use std::sync::LazyLock;

use include_dir::{Dir, include_dir};
use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontStyle, FontWeight};

static FONT_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/fonts");

pub struct FontSet {
    /// For typst.
    pub fonts: Vec<Font>,
    pub book: FontBook,
    /// For measuring: (bold, italic, face).
    faces: Vec<(bool, bool, ttf_parser::Face<'static>)>,
}

static FONTS: LazyLock<FontSet> = LazyLock::new(|| {
    let loaded: Vec<(&'static [u8], Font)> = FONT_DIR
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "ttf" || e == "otf"))
        .flat_map(|f| Font::iter(Bytes::new(f.contents())).map(move |font| (f.contents(), font)))
        .collect();
    let fonts: Vec<Font> = loaded.iter().map(|(_, font)| font.clone()).collect();
    let book = FontBook::from_fonts(&fonts);
    // Measuring uses the text face only (Liberation Serif); the other bundled
    // fonts are fallbacks for typst (emoji).
    let faces = loaded
        .iter()
        .filter(|(_, font)| font.info().family == "Liberation Serif")
        .filter_map(|(data, font)| {
            let v = font.info().variant;
            let face = ttf_parser::Face::parse(data, font.index()).ok()?;
            Some((v.weight >= FontWeight::BOLD, v.style != FontStyle::Normal, face))
        })
        .collect();
    FontSet { fonts, book, faces }
});

pub fn bundled() -> &'static FontSet {
    &FONTS
}

/// The face for a variant; falls back to the first face so measuring never fails.
fn face(bold: bool, italic: bool) -> &'static ttf_parser::Face<'static> {
    let faces = &bundled().faces;
    faces
        .iter()
        .find(|(b, i, _)| *b == bold && *i == italic)
        .or(faces.first())
        .map(|(_, _, face)| face)
        .expect("fonts/ holds at least one font")
}

/// Advance width of `text` in points (no kerning: a few hundredths of a point off).
pub fn width_pt(text: &str, size_pt: f64, bold: bool, italic: bool) -> f64 {
    let face = face(bold, italic);
    let units = f64::from(face.units_per_em());
    let advance: f64 = text
        .chars()
        .map(|c| {
            let advance = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
            advance.map_or(units * 0.5, f64::from)
        })
        .sum();
    advance * size_pt / units
}

/// Splits `text` into as few lines as fit `max_pt`, then evens their lengths out
/// (the-thuc §3: a centred trích yếu wraps into balanced lines).
pub fn balanced_lines(text: &str, max_pt: f64, size_pt: f64, bold: bool, italic: bool) -> Vec<String> {
    // Split on single spaces: a run of blanks (a draft's empty number) survives
    // as empty words between them.
    let words: Vec<&str> = text.trim().split(' ').collect();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let space = width_pt(" ", size_pt, bold, italic);
    let widths: Vec<f64> = words.iter().map(|w| width_pt(w, size_pt, bold, italic)).collect();
    let line_width = |from: usize, to: usize| -> f64 {
        widths[from..to].iter().sum::<f64>() + space * (to - from - 1) as f64
    };
    // Fewest lines first (greedy), then minimise the longest line with that count.
    let count = greedy_line_count(&widths, space, max_pt);
    let breaks = min_max_breaks(words.len(), count, &line_width, max_pt);
    let mut lines = Vec::new();
    let mut start = 0;
    for end in breaks {
        lines.push(words[start..end].join(" "));
        start = end;
    }
    lines
}

fn greedy_line_count(widths: &[f64], space: f64, max_pt: f64) -> usize {
    let mut count = 1;
    let mut current = 0.0;
    for (i, w) in widths.iter().enumerate() {
        let next = if i == 0 || current == 0.0 { *w } else { current + space + w };
        if next > max_pt && current > 0.0 {
            count += 1;
            current = *w;
        } else {
            current = next;
        }
    }
    count
}

/// Line ends (exclusive word indices) for `lines` lines, minimising the widest
/// line; ties prefer later breaks so the first lines are the longer ones.
fn min_max_breaks(n: usize, lines: usize, width: &dyn Fn(usize, usize) -> f64, max_pt: f64) -> Vec<usize> {
    // best[k][i]: smallest possible widest line placing words[..i] on k lines.
    let inf = f64::INFINITY;
    let mut best = vec![vec![inf; n + 1]; lines + 1];
    let mut from = vec![vec![0usize; n + 1]; lines + 1];
    best[0][0] = 0.0;
    for k in 1..=lines {
        for i in 1..=n {
            for j in (k - 1)..i {
                if best[k - 1][j] == inf {
                    continue;
                }
                let w = width(j, i);
                if w > max_pt && i - j > 1 {
                    continue;
                }
                let cost = best[k - 1][j].max(w);
                if cost <= best[k][i] {
                    best[k][i] = cost;
                    from[k][i] = j;
                }
            }
        }
    }
    let mut ends = Vec::with_capacity(lines);
    let mut i = n;
    for k in (1..=lines).rev() {
        ends.push(i);
        i = from[k][i];
    }
    ends.reverse();
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_are_liberation_serif_2_with_vietnamese() {
        let set = bundled();
        let serif: Vec<_> = set.fonts.iter().filter(|f| f.info().family == "Liberation Serif").collect();
        assert_eq!(serif.len(), 4, "regular, bold, italic, bold italic");
        assert_eq!(set.faces.len(), 4);
        assert!(set.fonts.iter().any(|f| f.info().family == "Noto Emoji"), "emoji fallback");
        for (_, _, face) in &set.faces {
            for c in "ẮẰẲẴẶắằẳẵặỆệỖỗỰựĐđƠơƯư".chars() {
                assert!(face.glyph_index(c).is_some(), "{c} missing");
            }
        }
    }

    #[test]
    fn bold_text_is_wider_and_width_scales_with_size() {
        let regular = width_pt("ĐẢNG CỘNG SẢN VIỆT NAM", 15.0, false, false);
        let bold = width_pt("ĐẢNG CỘNG SẢN VIỆT NAM", 15.0, true, false);
        assert!(bold > regular);
        let double = width_pt("ĐẢNG CỘNG SẢN VIỆT NAM", 30.0, true, false);
        assert!((double - 2.0 * bold).abs() < 1e-9);
        // Times New Roman bold 15 pt sets this title in about 63 mm.
        let mm = bold * 25.4 / 72.0;
        assert!((55.0..75.0).contains(&mm), "{mm} mm");
    }

    #[test]
    fn balanced_lines_even_out() {
        let text = "đánh giá tình hình, kết quả thực hiện Quy chế làm việc của cấp ủy cơ sở trong các loại hình tổ chức cơ sở đảng";
        let max = 467.0; // 165 mm
        let lines = balanced_lines(text, max, 14.0, true, false);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let w: Vec<f64> = lines.iter().map(|l| width_pt(l, 14.0, true, false)).collect();
        assert!(w.iter().all(|&x| x <= max));
        assert!((w[0] - w[1]).abs() < 60.0, "unbalanced: {w:?}");
    }

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(balanced_lines("về việc  sửa đổi", 467.0, 14.0, true, false), ["về việc  sửa đổi"], "blanks are kept");
        assert!(balanced_lines("  ", 467.0, 14.0, true, false).is_empty());
    }
}

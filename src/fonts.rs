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
}

//! Pages as PNG images, for the web app's preview: the same layout as the
//! PDF (one compile of the same plan), rasterised by typst's own renderer.

use typst::utils::Scalar;
use typst_render::RenderOptions;

use super::RenderError;
use crate::model::Document;

/// Widths a preview may ask for, in pixels (a phone up to a printed page at 150 dpi).
pub const WIDTHS: std::ops::RangeInclusive<u32> = 200..=1600;

/// One page as PNG, with the document's page count.
pub struct PagePng {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Lays the document out and draws page `page` (1-based) `width` pixels wide.
/// `Ok(None)` when the document has fewer pages.
pub fn page(doc: &Document, page: usize, width: u32) -> Result<Option<PagePng>, RenderError> {
    let paged = super::pdf::compile(doc)?;
    let pages = paged.pages().len();
    let Some(one) = page.checked_sub(1).and_then(|i| paged.pages().get(i)) else {
        return Ok(None);
    };
    let width_pt = one.frame.width().to_pt().max(1.0);
    let width = width.clamp(*WIDTHS.start(), *WIDTHS.end());
    let options = RenderOptions { pixel_per_pt: Scalar::new(f64::from(width) / width_pt), render_bleed: false };
    let pixmap = typst_render::render(one, &options);
    let bytes = pixmap.encode_png().map_err(|e| RenderError::Image(e.to_string()))?;
    Ok(Some(PagePng { bytes, pages }))
}

//! Several PDFs as one, each document's pages in order (and its own page
//! numbers), with one bookmark per document. Built on lopdf.

use lopdf::{Bookmark, Dictionary, Document, Object, ObjectId};

use super::RenderError;

/// Inheritable page attributes that must move onto each page before the page
/// leaves its old tree.
const INHERITED: [&[u8]; 4] = [b"MediaBox", b"CropBox", b"Resources", b"Rotate"];

pub fn merge(title: &str, parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, RenderError> {
    let err = |e: lopdf::Error| RenderError::Pdf(format!("ghép PDF: {e}"));
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for (name, bytes) in parts {
        let mut doc = Document::load_mem(bytes).map_err(err)?;
        doc.renumber_objects_with(out.max_id + 1);
        let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        for &id in &page_ids {
            let page = own_page(&doc, id, pages_id).map_err(err)?;
            doc.objects.insert(id, Object::Dictionary(page));
        }
        for (id, object) in std::mem::take(&mut doc.objects) {
            // Catalog, page tree and the tagged-PDF structure of each part stay
            // behind: the merged file has its own.
            let skip = matches!(object.type_name().unwrap_or(b""), b"Catalog" | b"Pages" | b"StructTreeRoot" | b"Outlines");
            if !skip {
                out.objects.insert(id, object);
            }
        }
        out.max_id = out.max_id.max(doc.max_id);
        if let Some(&first) = page_ids.first() {
            out.add_bookmark(Bookmark::new(name.clone(), [0.0, 0.0, 0.0], 0, first), None);
        }
        kids.extend(page_ids.into_iter().map(Object::Reference));
    }
    let count = kids.len() as i64;
    let mut pages = Dictionary::new();
    pages.set("Type", "Pages");
    pages.set("Kids", kids);
    pages.set("Count", count);
    out.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", "Catalog");
    catalog.set("Pages", pages_id);
    catalog.set("PageMode", "UseOutlines");
    if let Some(outline) = out.build_outline() {
        catalog.set("Outlines", outline);
    }
    let catalog_id = out.add_object(catalog);
    out.trailer.set("Root", catalog_id);
    let mut info = Dictionary::new();
    info.set("Title", Object::string_literal(utf16(title)));
    info.set("Producer", Object::string_literal("vanban"));
    let info_id = out.add_object(info);
    out.trailer.set("Info", info_id);
    out.prune_objects();
    // Contiguous ids and a classic cross-reference table (with its entry 0):
    // every reader, poppler included, takes it without repair.
    out.renumber_objects();
    out.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    out.compress();
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(|e| RenderError::Pdf(format!("ghép PDF: {e}")))?;
    Ok(bytes)
}

/// A page dictionary that carries its inherited attributes and hangs under `parent`.
fn own_page(doc: &Document, id: ObjectId, parent: ObjectId) -> lopdf::Result<Dictionary> {
    let mut page = doc.get_dictionary(id)?.clone();
    for key in INHERITED {
        if page.has(key) {
            continue;
        }
        let mut node = page.get(b"Parent").and_then(Object::as_reference).ok();
        while let Some(at) = node {
            let dict = doc.get_dictionary(at)?;
            if let Ok(value) = dict.get(key) {
                page.set(key.to_vec(), value.clone());
                break;
            }
            node = dict.get(b"Parent").and_then(Object::as_reference).ok();
        }
    }
    page.set("Parent", parent);
    page.remove(b"StructParents");
    Ok(page)
}

/// PDF text strings outside Latin-1 are UTF-16BE with a byte-order mark.
fn utf16(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend(unit.to_be_bytes());
    }
    out
}

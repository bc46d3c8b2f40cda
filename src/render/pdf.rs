//! PDF through typst used as a library, in a sandboxed `World`: the only files a
//! compile can see are the bundled layout and the document's data as a virtual
//! JSON file. Fonts and the standard library are loaded once and shared.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::RenderError;
use crate::fonts;
use crate::model::Document;
use crate::plan::{self, Plan};

const LAYOUT: &str = include_str!("layout.typ");

/// File ids are interned forever by typst (at most 65,535 per process), so the
/// two files every compile uses get fixed ids once.
static LAYOUT_ID: LazyLock<FileId> = LazyLock::new(|| virtual_file("/layout.typ"));
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| virtual_file("/data.json"));

fn virtual_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// What every compile shares: library, font book, fonts and the parsed layout.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    layout: Source,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let set = fonts::bundled();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(set.book.clone()),
        fonts: set.fonts.clone(),
        layout: Source::new(*LAYOUT_ID, LAYOUT.to_string()),
    }
});

/// The world of one compile: the shared parts plus this document's data.
struct DocWorld {
    shared: &'static Shared,
    data: Bytes,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        *LAYOUT_ID
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == *LAYOUT_ID { Ok(self.shared.layout.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            Ok(self.data.clone())
        } else if id == *LAYOUT_ID {
            Ok(Bytes::from_string(self.shared.layout.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None // output depends on the input only
    }
}

/// A rendered PDF and its page count.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Lays out and exports one document. Identical input gives identical bytes.
pub fn render(doc: &Document) -> Result<Pdf, RenderError> {
    draw(&plan::plan(doc))
}

/// Lays out and exports a page plan.
pub fn draw(plan: &Plan) -> Result<Pdf, RenderError> {
    let paged = compile_plan(plan)?;
    let options = PdfOptions { ident: Smart::Auto, timestamp: None, ..PdfOptions::default() };
    let bytes = typst_pdf::pdf(&paged, &options).map_err(|d| RenderError::Pdf(diagnostics(&d)))?;
    Ok(Pdf { bytes, pages: paged.pages().len() })
}

/// Compiles to pages (used by bundles that merge several documents).
pub fn compile(doc: &Document) -> Result<PagedDocument, RenderError> {
    compile_plan(&plan::plan(doc))
}

fn compile_plan(plan: &Plan) -> Result<PagedDocument, RenderError> {
    let data = serde_json::to_vec(plan).map_err(|e| RenderError::Pdf(e.to_string()))?;
    let world = DocWorld { shared: &SHARED, data: Bytes::new(data) };
    let result = typst::compile::<PagedDocument>(&world).output;
    // Without eviction the memo cache grows by megabytes per document; evict
    // after every compile, failed ones too.
    typst::comemo::evict(10);
    result.map_err(|d| RenderError::Pdf(diagnostics(&d)))
}

fn diagnostics(diags: &[SourceDiagnostic]) -> String {
    diags.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; ")
}

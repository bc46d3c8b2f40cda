//! Any bytes as a JSON document description → validated model → page plan →
//! DOCX, and PDF for small inputs. Must never panic; a render error is
//! reported as a crash too (a document the model accepted must render).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::profile::Profiles;
use vanban::render::{docx, pdf};

/// Above this the PDF (typst, ~100 ms a document) is skipped so executions
/// stay fast; the DOCX and the plan are still made.
const PDF_MAX_INPUT: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = vanban::model::from_json(text, Profiles::builtin(), None) else { return };
    let _plan = vanban::plan::plan(&doc);
    if let Err(e) = docx::render(&doc) {
        panic!("a valid document did not render as DOCX: {e}");
    }
    if data.len() < PDF_MAX_INPUT
        && let Err(e) = pdf::render(&doc)
    {
        panic!("a valid document did not render as PDF: {e}");
    }
});

//! Our DOCX as LibreOffice reads it: every sample converts, keeps its text, and
//! paginates within one page of our PDF; where `pdftotext` is there too, its lines
//! break where ours do. Skipped (with a note) where `soffice` is not installed;
//! CI installs it.

mod common;

use std::process::Command;

#[test]
fn libreoffice_opens_every_docx_and_paginates_like_our_pdf() {
    let Some(soffice) = common::soffice() else {
        eprintln!("soffice not on PATH: LibreOffice check skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut ours = Vec::new();
    let mut files = Vec::new();
    for path in common::sample_paths() {
        let doc = common::load(&path);
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let docx = dir.path().join(format!("{stem}.docx"));
        std::fs::write(&docx, vanban::render::docx::render(&doc).unwrap()).unwrap();
        let pdf = vanban::render::pdf::render(&doc).unwrap();
        std::fs::write(dir.path().join(format!("{stem}.pdf")), &pdf.bytes).unwrap();
        ours.push((stem, pdf.pages, doc));
        files.push(docx);
    }
    let out_dir = dir.path().join("lo");
    let status = Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}/profile", dir.path().display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out_dir)
        .args(&files)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    for (stem, our_pages, doc) in ours {
        let pdf = std::fs::read(out_dir.join(format!("{stem}.pdf"))).unwrap_or_else(|_| panic!("LibreOffice did not convert {stem}"));
        let pages = common::pdf_pages_text(&pdf);
        println!("{stem}: our PDF {our_pages} pages, LibreOffice {} pages", pages.len());
        assert!(pages.len().abs_diff(our_pages) <= 1, "{stem}: {our_pages} vs {}", pages.len());
        let text = pages.join(" ");
        for needle in [doc.header.party_title.as_str(), doc.header.number.as_deref().unwrap().split_whitespace().last().unwrap(), doc.signature.as_ref().unwrap().name.as_str()] {
            assert!(text.contains(needle), "{stem}: LibreOffice lost {needle:?}");
        }
        if let (Some(theirs), Some(our_lines)) = (text_lines(&out_dir.join(format!("{stem}.pdf"))), text_lines(&dir.path().join(format!("{stem}.pdf")))) {
            let ours: std::collections::HashSet<&String> = our_lines.iter().collect();
            let same = theirs.iter().filter(|l| ours.contains(l)).count() as f64 / theirs.len() as f64;
            println!("{stem}: {:.0} % of LibreOffice's lines are lines of our PDF", same * 100.0);
            assert!(same >= 0.9, "{stem}: only {:.0} % of LibreOffice's lines break as ours do", same * 100.0);
        }
    }
}

/// The non-empty text lines of a PDF, by `pdftotext`; None where it is not installed.
fn text_lines(pdf: &std::path::Path) -> Option<Vec<String>> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().ok().filter(|o| o.status.success())?;
    Some(String::from_utf8_lossy(&out.stdout).lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect())
}

//! Our DOCX as LibreOffice lays it out, against our PDF: the same page count,
//! the same lines in the same order with the same font, size, weight and
//! slant, and pages that start with the same words — for every sample and
//! template example. Needs `soffice` (libreoffice-writer-nogui) and
//! `pdftohtml` (poppler-utils); `.ci/run` installs both and runs it.

mod common;

use std::path::Path;
use std::process::Command;

use similar::{Algorithm, DiffOp};
use vanban::model::Document;
use vanban::profile::Profiles;
use vanban::templates::Store;

/// A visual line of a PDF page: its text and the look of its first run.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    text: String,
    size: i64,
    bold: bool,
    italic: bool,
}

/// The lines of every page, top to bottom, by `pdftohtml -xml`; runs on
/// one baseline (a header's two columns) make one line, left to right.
fn pdf_lines(pdf: &Path) -> Vec<Vec<Line>> {
    let out = Command::new("pdftohtml").args(["-xml", "-i", "-stdout", "-q"]).arg(pdf).output().expect("pdftohtml runs");
    assert!(out.status.success(), "pdftohtml failed on {}", pdf.display());
    let xml = String::from_utf8_lossy(&out.stdout).to_string();
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(&xml, options).unwrap();
    let fonts: std::collections::HashMap<&str, (i64, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("fontspec"))
        .map(|f| (f.attribute("id").unwrap(), (f.attribute("size").unwrap().parse::<f64>().unwrap().round() as i64, f.attribute("family").unwrap())))
        .collect();
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| {
            let mut runs: Vec<(i64, i64, Line)> = page
                .children()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|t| {
                    let text: String = t.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
                    let text = common::collapse(&text);
                    if text.is_empty() {
                        return None;
                    }
                    let (size, family) = fonts[t.attribute("font").unwrap()];
                    let tagged = |tag: &str| t.descendants().any(|n| n.has_tag_name(tag));
                    let line = Line { text, size, bold: family.contains("Bold") || tagged("b"), italic: family.contains("Italic") || tagged("i") };
                    Some((t.attribute("top")?.parse().ok()?, t.attribute("left")?.parse().ok()?, line))
                })
                .collect();
            runs.sort_by_key(|(top, left, _)| (*top, *left));
            let mut lines: Vec<(i64, Line)> = Vec::new();
            for (top, _, run) in runs {
                match lines.last_mut() {
                    Some((t, line)) if (top - *t).abs() <= 3 => line.text = format!("{} {}", line.text, run.text),
                    _ => lines.push((top, run)),
                }
            }
            lines.into_iter().map(|(_, l)| l).collect()
        })
        .collect()
}

/// Every sample and every template example, by name.
fn documents() -> Vec<(String, Document)> {
    let mut docs: Vec<(String, Document)> = common::sample_paths()
        .iter()
        .map(|p| (p.file_stem().unwrap().to_string_lossy().to_string(), common::load(p)))
        .collect();
    for t in Store::builtin().list() {
        let doc = t.render_document(&t.example, Profiles::builtin()).unwrap();
        docs.push((format!("mau-{}", t.meta.id), doc));
    }
    docs
}

struct Figures {
    lines: usize,
    same_lines: usize,
    same_style: usize,
    later_pages: usize,
    same_starts: usize,
}

fn first_words(page: &[Line]) -> String {
    // Line 0 of a later page is its number.
    page.get(1).map(|l| l.text.split(' ').take(4).collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

fn compare(name: &str, ours: &[Vec<Line>], theirs: &[Vec<Line>], figures: &mut Figures) {
    assert_eq!(ours.len(), theirs.len(), "{name}: our PDF has {} pages, LibreOffice's {}", ours.len(), theirs.len());
    let a: Vec<&Line> = ours.iter().flatten().collect();
    let b: Vec<&Line> = theirs.iter().flatten().collect();
    let ta: Vec<&str> = a.iter().map(|l| l.text.as_str()).collect();
    let tb: Vec<&str> = b.iter().map(|l| l.text.as_str()).collect();
    let mut same = 0;
    for op in similar::capture_diff_slices(Algorithm::Myers, &ta, &tb) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                same += len;
                for k in 0..len {
                    let (x, y) = (a[old_index + k], b[new_index + k]);
                    assert_eq!((x.size, x.bold, x.italic), (y.size, y.bold, y.italic), "{name}: {:?} styled apart", x.text);
                    figures.same_style += 1;
                }
            }
            other => {
                let (o, n) = (other.old_range(), other.new_range());
                println!("{name}: ours {:?} ≠ LibreOffice {:?}", &ta[o], &tb[n]);
            }
        }
    }
    let starts = (1..ours.len()).filter(|&i| first_words(&ours[i]) == first_words(&theirs[i])).count();
    println!("{name}: {} pages, {same}/{} lines the same, {starts}/{} later pages start alike", ours.len(), b.len(), ours.len() - 1);
    figures.lines += b.len();
    figures.same_lines += same;
    figures.later_pages += ours.len() - 1;
    figures.same_starts += starts;
}

#[test]
#[ignore = "needs soffice (libreoffice-writer-nogui) and pdftohtml (poppler-utils); .ci/run installs them"]
fn libreoffice_lays_out_our_docx_line_for_line_like_our_pdf() {
    let soffice = common::soffice().expect("soffice on PATH");
    let dir = tempfile::tempdir().unwrap();
    let docs = documents();
    let mut files = Vec::new();
    for (name, doc) in &docs {
        let docx = dir.path().join(format!("{name}.docx"));
        std::fs::write(&docx, vanban::render::docx::render(doc).unwrap()).unwrap();
        std::fs::write(dir.path().join(format!("{name}.pdf")), vanban::render::pdf::render(doc).unwrap().bytes).unwrap();
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
    let mut figures = Figures { lines: 0, same_lines: 0, same_style: 0, later_pages: 0, same_starts: 0 };
    for (name, _) in &docs {
        let ours = pdf_lines(&dir.path().join(format!("{name}.pdf")));
        let theirs = pdf_lines(&out_dir.join(format!("{name}.pdf")));
        compare(name, &ours, &theirs, &mut figures);
    }
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    println!(
        "in all: {}/{} lines the same ({:.1} %), all of them styled alike; {}/{} later pages start with the same words ({:.1} %)",
        figures.same_lines,
        figures.lines,
        100.0 * share(figures.same_lines, figures.lines),
        figures.same_starts,
        figures.later_pages,
        100.0 * share(figures.same_starts, figures.later_pages)
    );
    assert!(share(figures.same_lines, figures.lines) >= 0.98, "fewer than 98 % of the lines agree");
    assert!(share(figures.same_starts, figures.later_pages) >= 0.95, "fewer than 95 % of the pages start alike");
}

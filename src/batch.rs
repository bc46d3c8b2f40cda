//! Batch export: one template filled from every row of a table (CSV, JSON
//! Lines or a JSON array), rendered in parallel on all cores and written as the
//! documents finish, so memory stays flat whatever the number of rows. Bad rows
//! do not stop the batch; they are listed in `errors.json` and `errors.csv`.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::problem::Problem;
use crate::profile::Profiles;
use crate::render::{self, Format};
use crate::templates::Template;
use crate::text;

/// One row of data: its 1-based number among the data rows, and its values.
pub struct Row {
    pub number: usize,
    pub data: Result<Value, Vec<Problem>>,
}

/// A row that produced no document, and why.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct RowError {
    pub row: usize,
    pub problems: Vec<Problem>,
}

/// Where finished files go: a folder or a ZIP.
pub trait Sink {
    fn write(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()>;
}

/// Told after every finished row.
pub trait Progress {
    fn row_done(&mut self, done: usize, failed: usize, total: usize);
    fn row_failed(&mut self, _error: &RowError) {}
    fn finish(&mut self, _done: usize, _failed: usize) {}
}

pub struct Summary {
    pub done: usize,
    pub errors: Vec<RowError>,
    pub files: usize,
    pub cancelled: bool,
}

// ---- reading rows ------------------------------------------------------------

/// Reads rows from a file by its extension: `.csv`, `.jsonl`/`.ndjson`, else a
/// JSON array. CSV cells are typed by the template's schema; a CSV that is
/// broken as a table (see [`check_csv`]) is refused whole.
pub fn read_rows(path: &Path, template: &Template) -> Result<(usize, Box<dyn Iterator<Item = Row> + Send>), String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let open = || std::fs::File::open(path).map_err(|e| format!("không mở được {}: {e}", path.display()));
    match ext.as_str() {
        "csv" => {
            let total = check_csv(open()?).map_err(|problems| {
                let list: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
                format!("{}: {}", path.display(), list.join("; "))
            })?;
            Ok((total, Box::new(csv_rows(open()?, template.schema.clone())?)))
        }
        "jsonl" | "ndjson" => {
            let total = BufReader::new(open()?).lines().map_while(Result::ok).filter(|l| !l.trim().is_empty()).count();
            let lines = BufReader::new(open()?).lines().map_while(Result::ok).filter(|l| !l.trim().is_empty());
            Ok((total, Box::new(lines.enumerate().map(|(i, line)| Row { number: i + 1, data: parse_line(&line) }))))
        }
        _ => {
            let mut text = String::new();
            open()?.read_to_string(&mut text).map_err(|e| e.to_string())?;
            // serde_json would say "line 1, column 0" of an empty file.
            if text.trim().is_empty() {
                return Err(format!("{}: tệp rỗng; cần một mảng JSON các dòng dữ liệu", path.display()));
            }
            let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: JSON không hợp lệ ở dòng {}, cột {}: {e}", path.display(), e.line(), e.column()))?;
            let Value::Array(items) = value else { return Err(format!("{}: cần một mảng JSON các dòng dữ liệu", path.display())) };
            Ok((items.len(), Box::new(items.into_iter().enumerate().map(|(i, v)| Row { number: i + 1, data: Ok(v) }))))
        }
    }
}

/// Checks a CSV as a table before any row is used, and counts its data rows:
/// a header of distinct names, every row as many fields as the header (an
/// extra field would be dropped silently, a missing one shift nothing but is
/// as likely a mistake), every quote closed (the csv reader would otherwise
/// swallow the rest of the file into one cell), UTF-8 text. Problems name the
/// line; their path is empty (the caller knows where the CSV came from).
pub fn check_csv<R: Read>(reader: R) -> Result<usize, Vec<Problem>> {
    let bad = |message: String| Problem::error("csv-invalid", "", message);
    let mut csv = csv_reader(QuoteCheck::new(reader));
    let mut problems = Vec::new();
    let headers: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![bad(csv_error(&e))]),
    };
    if headers.iter().all(String::is_empty) {
        return Err(vec![bad("CSV rỗng: dòng đầu phải là tên các biến".into())]);
    }
    let mut seen = HashSet::new();
    for name in headers.iter().filter(|n| !n.is_empty()) {
        if !seen.insert(name.as_str()) {
            problems.push(bad(format!("dòng 1: cột \"{name}\" có hai lần")));
        }
    }
    let mut rows = 0;
    for record in csv.records() {
        match record {
            Ok(_) => rows += 1,
            Err(e) => {
                problems.push(bad(csv_error(&e)));
                // An I/O error or a quote that swallowed the file: nothing reliable follows.
                if problems.len() >= 20 || matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    if let Some(line) = csv.get_ref().unterminated() {
        problems.push(bad(format!("dòng {line}: dấu ngoặc kép mở mà không đóng")));
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

fn csv_reader<R: Read>(reader: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(reader)
}

/// A csv error in Vietnamese, with its line.
fn csv_error(e: &csv::Error) -> String {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("dòng {line}: có {len} trường, dòng tiêu đề có {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => format!("dòng {line}: không phải văn bản UTF-8"),
        csv::ErrorKind::Io(io) => format!("không đọc được CSV: {io}"),
        _ => format!("dòng {line}: {e}"),
    }
}

/// Follows the quoting of a CSV as it is read (RFC 4180: a field that starts
/// with `"` runs to the next lone `"`; `""` inside it is a quote), to tell
/// where a quote was opened and never closed.
struct QuoteCheck<R> {
    inner: R,
    offset: usize,
    line: u64,
    field_start: bool,
    in_quotes: bool,
    quote_pending: bool,
    opened_at: u64,
}

impl<R> QuoteCheck<R> {
    fn new(inner: R) -> Self {
        QuoteCheck { inner, offset: 0, line: 1, field_start: true, in_quotes: false, quote_pending: false, opened_at: 0 }
    }

    /// The line of a quote still open at the end of the input.
    fn unterminated(&self) -> Option<u64> {
        (self.in_quotes && !self.quote_pending).then_some(self.opened_at)
    }

    fn step(&mut self, b: u8) {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        self.offset += 1;
        if self.offset <= 3 && b == BOM[self.offset - 1] && self.field_start && self.line == 1 {
            return; // the csv reader skips a UTF-8 byte order mark
        }
        if self.in_quotes {
            if !self.quote_pending {
                match b {
                    b'"' => self.quote_pending = true,
                    b'\n' => self.line += 1,
                    _ => {}
                }
                return;
            }
            self.quote_pending = false;
            if b == b'"' {
                return; // `""`: a quote inside the field
            }
            self.in_quotes = false; // the field's closing quote; `b` follows it
        }
        match b {
            b'"' if self.field_start => {
                self.in_quotes = true;
                self.opened_at = self.line;
                self.field_start = false;
            }
            b',' | b'\r' => self.field_start = true,
            b'\n' => {
                self.line += 1;
                self.field_start = true;
            }
            _ => self.field_start = false,
        }
    }
}

impl<R: Read> Read for QuoteCheck<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.step(b);
        }
        Ok(n)
    }
}

fn parse_line(line: &str) -> Result<Value, Vec<Problem>> {
    serde_json::from_str(line).map_err(|e| vec![crate::model::json_syntax(&e)])
}

/// CSV rows from any reader; the header names the variables (`a.b` nests).
/// Check the table with [`check_csv`] first: a row this reader cannot read
/// only fails that row.
pub fn csv_rows<R: Read + Send + 'static>(reader: R, schema: Value) -> Result<impl Iterator<Item = Row> + Send, String> {
    let mut csv = csv_reader(reader);
    let headers: Vec<String> = csv.headers().map_err(|e| format!("CSV: {}", csv_error(&e)))?.iter().map(str::to_string).collect();
    Ok(csv.into_records().enumerate().map(move |(i, record)| Row {
        number: i + 1,
        data: record
            .map_err(|e| vec![Problem::error("csv-invalid", "", format!("CSV: {}", csv_error(&e)))])
            .and_then(|r| typed_row(&headers, &r, &schema)),
    }))
}

/// A CSV record as JSON: each cell typed as the schema declares its column
/// (integer, number, boolean, array of strings split on `;`); empty cells are absent.
fn typed_row(headers: &[String], record: &csv::StringRecord, schema: &Value) -> Result<Value, Vec<Problem>> {
    let mut root = Map::new();
    let mut problems = Vec::new();
    for (name, cell) in headers.iter().zip(record.iter()) {
        if cell.is_empty() || name.is_empty() {
            continue;
        }
        let path: Vec<&str> = name.split('.').collect();
        let kind = column_type(schema, &path);
        let value = match kind.as_deref() {
            Some("integer") => cell.replace('.', "").parse::<i64>().map(Value::from).map_err(|_| "số nguyên"),
            Some("number") => cell.replace(',', ".").parse::<f64>().map(Value::from).map_err(|_| "số"),
            Some("boolean") => match cell.to_lowercase().as_str() {
                "true" | "1" | "x" | "có" | "co" | "yes" => Ok(Value::Bool(true)),
                "false" | "0" | "không" | "khong" | "no" => Ok(Value::Bool(false)),
                _ => Err("có/không"),
            },
            Some("array") => Ok(Value::Array(cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(Value::from).collect())),
            _ => Ok(Value::from(cell)),
        };
        match value {
            Ok(v) => insert(&mut root, &path, v),
            Err(expected) => problems.push(Problem::error(
                "csv-cell",
                format!("/data/{}", path.join("/")),
                format!("cột \"{name}\": \"{cell}\" không phải {expected}"),
            )),
        }
    }
    if problems.is_empty() { Ok(Value::Object(root)) } else { Err(problems) }
}

fn insert(map: &mut Map<String, Value>, path: &[&str], value: Value) {
    match path {
        [last] => {
            map.insert(last.to_string(), value);
        }
        [first, rest @ ..] => {
            let entry = map.entry(first.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                insert(inner, rest, value);
            }
        }
        [] => {}
    }
}

/// The CSV header row to fill for a template: one column per field a cell
/// can hold, named as [`typed_row`] reads it (`a.b` for a nested field; a list
/// of texts in one cell, `;` between items). Lists of objects have no column.
pub fn csv_header(schema: &Value) -> Vec<String> {
    let mut columns = Vec::new();
    header_columns(schema, "", &mut columns);
    columns
}

fn header_columns(node: &Value, prefix: &str, out: &mut Vec<String>) {
    let Some(properties) = node.get("properties").and_then(Value::as_object) else { return };
    for (name, field) in properties {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        match column_type(field, &[]).as_deref() {
            Some("object") => header_columns(field, &path, out),
            Some("array") if field.pointer("/items/type").and_then(Value::as_str) != Some("string") => {}
            _ => out.push(path),
        }
    }
}

/// The JSON type the schema gives a (possibly nested) column.
fn column_type(schema: &Value, path: &[&str]) -> Option<String> {
    let mut node = schema;
    for seg in path {
        node = node.get("properties")?.get(*seg)?;
    }
    match node.get("type")? {
        Value::String(t) => Some(t.clone()),
        Value::Array(types) => types.iter().filter_map(Value::as_str).find(|t| *t != "null").map(str::to_string),
        _ => None,
    }
}

// ---- running -------------------------------------------------------------------

/// The files made from one row: a base name (made unique in the batch) and
/// the bytes of each format.
pub struct Rendered {
    pub base: String,
    pub files: Vec<(Format, Vec<u8>)>,
}

/// What a worker made of a row.
enum Made {
    Files(Rendered),
    Failed(RowError),
}

/// Fills and renders every row on `workers` threads; files reach `sink` as
/// they finish. Stops early (keeping what is done) when `cancel` is set.
#[allow(clippy::too_many_arguments)]
pub fn run(
    rows: Box<dyn Iterator<Item = Row> + Send>,
    total: usize,
    template: Arc<Template>,
    profiles: Arc<Profiles>,
    formats: &[Format],
    workers: usize,
    sink: &mut dyn Sink,
    progress: &mut dyn Progress,
    cancel: &AtomicBool,
) -> std::io::Result<Summary> {
    let formats = formats.to_vec();
    run_with(rows, total, workers, sink, progress, cancel, move |data| render_row(data, &template, &profiles, &formats))
}

/// [`run`] with any renderer of a row's data. A renderer that panics fails
/// that row (`render-panic`) and the batch goes on.
pub fn run_with<F>(
    rows: Box<dyn Iterator<Item = Row> + Send>,
    total: usize,
    workers: usize,
    sink: &mut dyn Sink,
    progress: &mut dyn Progress,
    cancel: &AtomicBool,
    render: F,
) -> std::io::Result<Summary>
where
    F: Fn(&Value) -> Result<Rendered, Vec<Problem>> + Sync,
{
    let workers = workers.max(1);
    let (row_tx, row_rx) = mpsc::sync_channel::<Row>(workers * 2);
    let (made_tx, made_rx) = mpsc::sync_channel::<Made>(workers * 2);
    let row_rx = Arc::new(std::sync::Mutex::new(row_rx));
    let render = &render;
    let summary = std::thread::scope(|scope| -> std::io::Result<Summary> {
        scope.spawn(move || {
            for row in rows {
                if cancel.load(Ordering::Relaxed) || row_tx.send(row).is_err() {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let (row_rx, made_tx) = (row_rx.clone(), made_tx.clone());
            scope.spawn(move || loop {
                let next = row_rx.lock().ok().and_then(|rx| rx.recv().ok());
                let Some(row) = next else { return };
                if cancel.load(Ordering::Relaxed) {
                    continue;
                }
                if made_tx.send(make(row, render)).is_err() {
                    return;
                }
            });
        }
        drop(made_tx);
        let mut names = HashSet::new();
        let (mut done, mut files) = (0, 0);
        let mut errors = Vec::new();
        for made in made_rx {
            match made {
                Made::Files(Rendered { base, files: made }) => {
                    let name = unique(&base, &mut names);
                    for (format, bytes) in made {
                        sink.write(&format!("{name}.{}", format.extension()), &bytes)?;
                        files += 1;
                    }
                    done += 1;
                }
                Made::Failed(e) => {
                    progress.row_failed(&e);
                    errors.push(e);
                }
            }
            progress.row_done(done, errors.len(), total);
        }
        errors.sort_by_key(|e| e.row);
        Ok(Summary { done, errors, files, cancelled: cancel.load(Ordering::Relaxed) })
    })?;
    progress.finish(summary.done, summary.errors.len());
    let json = serde_json::to_vec_pretty(&summary.errors).unwrap_or_default();
    sink.write("errors.json", &json)?;
    sink.write("errors.csv", &errors_csv(&summary.errors))?;
    Ok(summary)
}

fn make<F>(row: Row, render: &F) -> Made
where
    F: Fn(&Value) -> Result<Rendered, Vec<Problem>>,
{
    let failed = |problems| Made::Failed(RowError { row: row.number, problems });
    let data = match row.data {
        Ok(d) => d,
        Err(p) => return failed(p),
    };
    // The row's own state dies with the row, so a half-done render is not observed.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(&data))) {
        Ok(Ok(rendered)) => Made::Files(rendered),
        Ok(Err(p)) => failed(p),
        Err(payload) => {
            let message = crate::server::pool::panic_message(payload.as_ref());
            tracing::error!(row = row.number, panic = %message, "batch row panicked");
            failed(vec![Problem::error("render-panic", "", format!("lỗi bên trong khi dựng dòng này ({message}); các dòng khác không bị ảnh hưởng"))])
        }
    }
}

/// A row of data filled into the template and rendered in every format.
pub fn render_row(data: &Value, template: &Template, profiles: &Profiles, formats: &[Format]) -> Result<Rendered, Vec<Problem>> {
    let doc = template.render_document(data, profiles)?;
    let mut files = Vec::new();
    for &format in formats {
        let bytes = render::render(&doc, format).map_err(|e| vec![Problem::error("render-failed", "", e.to_string())])?;
        files.push((format, bytes));
    }
    Ok(Rendered { base: base_name(&doc), files })
}

/// `dang-uy-xa-phuoc-thien-01-qc-du`: the issuer and the number, in ASCII.
fn base_name(doc: &crate::model::Document) -> String {
    let number = doc.registered_number().unwrap_or_default();
    let name = text::ascii_slug(&format!("{} {number}", doc.meta.author));
    if name.is_empty() { "van-ban".into() } else { name }
}

/// `name`, or `name-2`, `name-3` … when taken.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let mut name = base.to_string();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

fn errors_csv(errors: &[RowError]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["row", "code", "path", "message"]);
    for e in errors {
        for p in &e.problems {
            let _ = w.write_record([e.row.to_string(), p.code.clone(), p.path.clone(), p.message.clone()]);
        }
    }
    w.into_inner().unwrap_or_default()
}

// ---- sinks and progress ------------------------------------------------------------

pub struct DirSink {
    pub dir: std::path::PathBuf,
}

impl Sink for DirSink {
    fn write(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        crate::cli::write_atomic(&self.dir.join(name), bytes)
    }
}

/// A ZIP written entry by entry as files arrive.
pub struct ZipSink<W: std::io::Write + std::io::Seek> {
    zip: zip::ZipWriter<W>,
}

impl<W: std::io::Write + std::io::Seek> ZipSink<W> {
    pub fn new(writer: W) -> Self {
        ZipSink { zip: zip::ZipWriter::new(writer) }
    }

    pub fn finish(self) -> std::io::Result<W> {
        self.zip.finish().map_err(std::io::Error::other)
    }
}

impl<W: std::io::Write + std::io::Seek> Sink for ZipSink<W> {
    fn write(&mut self, name: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.zip.start_file(name, crate::render::package::archive_entry()).map_err(std::io::Error::other)?;
        std::io::Write::write_all(&mut self.zip, bytes)
    }
}

/// A progress bar with count, rate and ETA on a terminal.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    pub fn new(total: usize) -> Bar {
        let bar = indicatif::ProgressBar::new(total as u64);
        let style = indicatif::ProgressStyle::with_template("{bar:40.cyan/blue} {pos}/{len} văn bản · {per_sec} · còn {eta} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        Bar(bar)
    }
}

impl Progress for Bar {
    fn row_done(&mut self, done: usize, failed: usize, _total: usize) {
        self.0.set_position((done + failed) as u64);
        if failed > 0 {
            self.0.set_message(format!("· {failed} dòng lỗi"));
        }
    }

    fn finish(&mut self, _done: usize, _failed: usize) {
        self.0.finish();
    }
}

/// Plain progress lines (off a terminal): at most one a second, and the last.
pub struct Lines<W: std::io::Write> {
    out: W,
    started: std::time::Instant,
    last: Option<std::time::Instant>,
}

impl<W: std::io::Write> Lines<W> {
    pub fn new(out: W) -> Self {
        Lines { out, started: std::time::Instant::now(), last: None }
    }

    fn line(&mut self, done: usize, failed: usize, total: usize) {
        let seen = done + failed;
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = seen as f64 / secs;
        let eta = if rate > 0.0 { (total.saturating_sub(seen)) as f64 / rate } else { 0.0 };
        let _ = writeln!(self.out, "{seen}/{total} văn bản, {failed} dòng lỗi, {rate:.1} văn bản/giây, còn khoảng {eta:.0} giây");
    }
}

impl<W: std::io::Write> Progress for Lines<W> {
    fn row_done(&mut self, done: usize, failed: usize, total: usize) {
        let now = std::time::Instant::now();
        if self.last.is_none_or(|t| now.duration_since(t).as_secs_f64() >= 1.0) {
            self.last = Some(now);
            self.line(done, failed, total);
        }
    }

    fn finish(&mut self, done: usize, failed: usize) {
        self.line(done, failed, done + failed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_cells_take_the_schema_types() {
        let schema = json!({"properties": {
            "so": {"type": "integer"}, "co": {"type": "boolean"}, "ds": {"type": "array"},
            "ten": {"type": "string"}, "nguoi_ky": {"properties": {"ho_ten": {"type": "string"}}}
        }});
        let csv = "so,co,ds,ten,nguoi_ky.ho_ten,trong\n12,có,a; b ;,Đảng ủy xã,Lê Văn A,\nx,có,,,,\n";
        let rows: Vec<Row> = csv_rows(std::io::Cursor::new(csv.to_string()), schema).unwrap().collect();
        assert_eq!(rows[0].data.as_ref().unwrap(), &json!({"so": 12, "co": true, "ds": ["a", "b"], "ten": "Đảng ủy xã", "nguoi_ky": {"ho_ten": "Lê Văn A"}}));
        let problems = rows[1].data.as_ref().unwrap_err();
        assert_eq!((problems[0].code.as_str(), problems[0].path.as_str()), ("csv-cell", "/data/so"));
        assert_eq!(rows[1].number, 2);
    }

    #[test]
    fn the_header_row_names_every_cell_a_row_can_fill() {
        let schema = serde_json::json!({"properties": {
            "ten": {"type": "string"},
            "so": {"type": ["integer", "null"]},
            "nguoi_ky": {"type": "object", "properties": {"ho_ten": {"type": "string"}, "chuc_vu": {"type": "string"}}},
            "noi_nhan": {"type": "array", "items": {"type": "string"}},
            "bang": {"type": "array", "items": {"type": "object"}}
        }});
        assert_eq!(csv_header(&schema), ["ten", "so", "nguoi_ky.ho_ten", "nguoi_ky.chuc_vu", "noi_nhan"]);
    }

    #[test]
    fn names_stay_unique() {
        let mut taken = HashSet::new();
        let got: Vec<String> = ["a", "a", "b", "a"].iter().map(|n| unique(n, &mut taken)).collect();
        assert_eq!(got, ["a", "a-2", "b", "a-3"]);
    }

    #[test]
    fn plain_progress_is_line_based() {
        let mut out = Vec::new();
        {
            let mut p = Lines::new(&mut out);
            for i in 1..=5 {
                p.row_done(i, 0, 5);
            }
            p.finish(5, 0);
        }
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().count() >= 2, "{text}");
        assert!(text.lines().all(|l| l.contains("/5 văn bản") || l.contains("5/5")), "{text}");
        assert!(text.lines().last().unwrap().starts_with("5/5 văn bản, 0 dòng lỗi"), "{text}");
    }
}

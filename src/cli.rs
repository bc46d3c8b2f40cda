//! The `vanban` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde_json::Value;

use crate::model::{self, Document};
use crate::problem::{Problem, Problems};
use crate::profile::Profiles;
use crate::render::{self, Format};
use crate::templates::Store;

/// Prints a line to stdout; a closed pipe (`vanban templates | head`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(name = "vanban", version, about = "Dựng văn bản của Đảng đúng thể thức, ra DOCX và PDF")]
struct Cli {
    /// Extra thể thức profiles (*.toml) that add to or override the built-ins.
    #[arg(long, global = true, env = "VANBAN_PROFILES")]
    profiles: Option<PathBuf>,
    /// Extra templates (one folder each) that add to or override the built-ins.
    #[arg(long, global = true, env = "VANBAN_TEMPLATES")]
    templates: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// Where a document comes from: a description, or a template and its data.
#[derive(Args)]
struct Source {
    /// A document description (JSON).
    input: Option<PathBuf>,
    /// Fill this template instead (see `vanban templates`).
    #[arg(long, requires = "data", conflicts_with = "input")]
    template: Option<String>,
    /// The template's data (JSON).
    #[arg(long, requires = "template")]
    data: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Render a document to PDF and/or DOCX.
    Render {
        #[command(flatten)]
        source: Source,
        /// pdf or docx; both when omitted (then -o names a folder).
        #[arg(long, short = 'f', value_parser = parse_format)]
        format: Option<Format>,
        /// Output file, or a folder (created if missing) for <name>.<format>.
        #[arg(long, short = 'o', default_value = ".")]
        output: PathBuf,
        /// Profile to use instead of the one the input names.
        #[arg(long)]
        profile: Option<String>,
    },
    /// Check a document (schema and thể thức rules); exit 1 when there is an error.
    Validate {
        #[command(flatten)]
        source: Source,
        /// Print the problems as JSON.
        #[arg(long)]
        json: bool,
        /// Warnings fail too.
        #[arg(long)]
        strict: bool,
    },
    /// List the templates, or show one, or print its example data.
    Templates {
        #[command(subcommand)]
        action: Option<TemplatesAction>,
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a JSON Schema: of the document description, or of a template's data.
    Schema {
        #[arg(long)]
        template: Option<String>,
    },
    /// Bảng so sánh of two versions of a quy chế (landscape), as PDF and/or DOCX.
    Compare {
        /// The current version (a document description, or {"template", "data"}).
        old: PathBuf,
        /// The proposed version.
        new: PathBuf,
        /// Lý do, giải trình: a JSON array of {"article": N, "text": …} ({"old_article": N} for a dropped one).
        #[arg(long)]
        reasons: Option<PathBuf>,
        /// Show unchanged articles in full instead of "Giữ nguyên".
        #[arg(long)]
        full: bool,
        #[arg(long, short = 'f', value_parser = parse_format)]
        format: Option<Format>,
        #[arg(long, short = 'o', default_value = ".")]
        output: PathBuf,
    },
    /// Bản sao of a document (sao y, sao lục, trích sao): the document, the BẢN SAO VĂN BẢN stamp and the copier's signature.
    Copy {
        /// The document copied (a description, or {"template", "data"}).
        document: PathBuf,
        /// sao-y, sao-luc or trich-sao.
        #[arg(long, value_parser = parse_copy_form)]
        form: crate::copy::CopyForm,
        /// Who copies (JSON): {"issuer", "code", "number", "place", "date", "recipients", "signature"}.
        #[arg(long)]
        copier: PathBuf,
        #[arg(long, short = 'f', value_parser = parse_format)]
        format: Option<Format>,
        #[arg(long, short = 'o', default_value = ".")]
        output: PathBuf,
    },
    /// A hội nghị bundle: every document as DOCX and PDF, one merged PDF and a manifest, in a ZIP.
    Bundle {
        /// The manifest (JSON); {"file": "x.json"} objects are read relative to it.
        manifest: PathBuf,
        #[arg(long, short = 'o', default_value = "ho-so.zip")]
        output: PathBuf,
    },
    /// Fill one template from every row of a table (CSV, JSON Lines or a JSON array).
    ///
    /// Exit code 0 when every row gave its documents; 1 when some rows failed
    /// (their problems are in errors.json and errors.csv of the output).
    Batch {
        #[arg(long)]
        template: String,
        /// The rows: .csv (header = variable names, `a.b` nests), .jsonl, or a JSON array.
        #[arg(long)]
        data: PathBuf,
        /// Formats, comma-separated.
        #[arg(long, short = 'f', default_value = "pdf,docx", value_delimiter = ',', value_parser = parse_format)]
        format: Vec<Format>,
        /// A .zip file, or a folder.
        #[arg(long, short = 'o')]
        output: PathBuf,
        /// Render threads (default: one per core).
        #[arg(long)]
        workers: Option<usize>,
    },
    /// Read a DOCX (vanban's, or typed in Word) back into a document description (JSON).
    ///
    /// What cannot be placed in a field stays in the body and is reported on
    /// stderr with its paragraph; exit 1 when the file is not a DOCX.
    Import {
        /// The DOCX file.
        file: PathBuf,
        /// Write the description here instead of stdout.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Check a DOCX's thể thức (page, margins, sizes, bold and italic, `Số`,
    /// date, numbering, Nơi nhận) under the profile in force on its date;
    /// exit 1 when there is an error.
    Lint {
        /// The DOCX file.
        file: PathBuf,
        /// Print {"profile", "problems"} as JSON.
        #[arg(long)]
        json: bool,
        /// Check under this profile instead of the one in force on the document's date.
        #[arg(long)]
        profile: Option<String>,
        /// Also write the document rebuilt in the right thể thức (imported, then
        /// rendered) to -o; the exit code still tells whether FILE had errors.
        #[arg(long, requires = "output")]
        fix: bool,
        /// Where --fix writes: OUT.docx or OUT.pdf.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Serve the HTTP API (stop with Ctrl-C or SIGTERM; requests in flight finish).
    Serve(ServeArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "VANBAN_ADDR", default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Largest request body, in bytes (default 2 MiB).
    #[arg(long, env = "VANBAN_BODY_LIMIT")]
    body_limit: Option<usize>,
    /// Seconds a render may take, queueing included (default 30).
    #[arg(long, env = "VANBAN_RENDER_TIMEOUT")]
    render_timeout: Option<u64>,
    /// Render threads (default: one per core).
    #[arg(long, env = "VANBAN_WORKERS")]
    workers: Option<usize>,
    /// Renders that may wait for a thread before requests get 429 (default 32 per core).
    #[arg(long, env = "VANBAN_QUEUE")]
    queue: Option<usize>,
    /// Batch jobs held at once (default 4).
    #[arg(long, env = "VANBAN_BATCH_JOBS")]
    batch_jobs: Option<usize>,
    /// Seconds a finished batch result is kept (default 3600).
    #[arg(long, env = "VANBAN_BATCH_TTL")]
    batch_ttl: Option<u64>,
    /// Rows one batch may hold (default 5000).
    #[arg(long, env = "VANBAN_BATCH_ROWS")]
    batch_rows: Option<usize>,
    /// Seconds a client may take to send its request headers; also how long an
    /// idle connection is kept (default 10).
    #[arg(long, env = "VANBAN_HEADER_TIMEOUT")]
    header_timeout: Option<u64>,
    /// Seconds a request body may pause before the request is answered 408 (default 10).
    #[arg(long, env = "VANBAN_BODY_TIMEOUT")]
    body_timeout: Option<u64>,
    /// Seconds running batches and requests in flight get after SIGTERM before
    /// the server exits anyway (default 30).
    #[arg(long, env = "VANBAN_SHUTDOWN_GRACE")]
    shutdown_grace: Option<u64>,
}

impl ServeArgs {
    fn settings(&self) -> crate::server::Settings {
        use std::time::Duration;
        let d = crate::server::Settings::default();
        crate::server::Settings {
            addr: self.addr,
            body_limit: self.body_limit.unwrap_or(d.body_limit),
            render_timeout: self.render_timeout.map(Duration::from_secs).unwrap_or(d.render_timeout),
            workers: self.workers.unwrap_or(d.workers),
            queue: self.queue.unwrap_or(d.queue),
            batch_jobs: self.batch_jobs.unwrap_or(d.batch_jobs),
            batch_ttl: self.batch_ttl.map(Duration::from_secs).unwrap_or(d.batch_ttl),
            batch_rows: self.batch_rows.unwrap_or(d.batch_rows),
            header_timeout: self.header_timeout.map(Duration::from_secs).unwrap_or(d.header_timeout),
            body_timeout: self.body_timeout.map(Duration::from_secs).unwrap_or(d.body_timeout),
            shutdown_grace: self.shutdown_grace.map(Duration::from_secs).unwrap_or(d.shutdown_grace),
        }
    }
}

#[derive(Subcommand)]
enum TemplatesAction {
    /// Metadata and variables of one template.
    Show { id: String },
    /// The example data of one template (a starting point for your own).
    Example { id: String },
    /// The kinds of document each thể thức profile knows: id, tên loại, type code.
    Kinds,
}

fn parse_copy_form(s: &str) -> Result<crate::copy::CopyForm, String> {
    crate::copy::CopyForm::parse(s).ok_or_else(|| format!("hình thức sao \"{s}\" không có; dùng sao-y, sao-luc hoặc trich-sao"))
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("định dạng \"{s}\" không hỗ trợ; dùng pdf hoặc docx"))
}

/// Exit codes: 0 done, 1 the input has problems (listed on stderr), 2 usage,
/// 3 rendering or writing failed.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli) {
        Ok(code) => code,
        Err(Failure::Invalid(problems)) => {
            eprint!("{problems}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(msg)) => {
            eprintln!("vanban: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(msg)) => {
            eprintln!("vanban: {msg}");
            ExitCode::from(3)
        }
    }
}

enum Failure {
    Invalid(Problems),
    Usage(String),
    Failed(String),
}

struct Context {
    profiles: Profiles,
    templates: Option<PathBuf>,
    /// Loaded on first use: rendering a document description needs no
    /// template, and loading them all (schemas, handlebars) costs more than a
    /// third of a one-document `vanban render` (callgrind).
    store: std::cell::OnceCell<Store>,
}

fn execute(cli: Cli) -> Result<ExitCode, Failure> {
    let profiles = match &cli.profiles {
        Some(dir) => Profiles::with_dir(dir).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Profiles::builtin().clone(),
    };
    let ctx = Context { profiles, templates: cli.templates.clone(), store: std::cell::OnceCell::new() };
    match cli.command {
        Command::Render { source, format, output, profile } => {
            let (doc, stem) = ctx.document(&source, profile.as_deref())?;
            print_warnings(&doc.warnings);
            render_to(&doc, format, &output, &stem)?;
        }
        Command::Validate { source, json, strict } => return ctx.validate(&source, json, strict),
        Command::Templates { action, json } => ctx.templates(action, json)?,
        Command::Compare { old, new, reasons, full, format, output } => {
            let reasons = match reasons {
                Some(path) => serde_json::from_value(read_json(&path)?)
                    .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?,
                None => Vec::new(),
            };
            let input = crate::compare::CompareInput { old: read_json(&old)?, new: read_json(&new)?, reasons, fold_unchanged: !full };
            let doc = crate::compare::build(&input, &ctx.profiles, ctx.store()?).map_err(|p| Failure::Invalid(Problems(p)))?;
            render_to(&doc, format, &output, "bang-so-sanh")?;
        }
        Command::Copy { document, form, copier, format, output } => {
            let mut request = read_json(&copier)?;
            let Some(fields) = request.as_object_mut() else {
                return Err(Failure::Usage(format!("{}: cần một đối tượng JSON", copier.display())));
            };
            fields.insert("document".into(), read_json(&document)?);
            fields.insert("form".into(), serde_json::Value::String(form.key().into()));
            let input = crate::copy::parse(&request).map_err(|p| Failure::Invalid(Problems(p)))?;
            let doc = crate::copy::build(&input, &ctx.profiles, ctx.store()?).map_err(|p| Failure::Invalid(Problems(p)))?;
            render_to(&doc, format, &output, "ban-sao")?;
        }
        Command::Bundle { manifest, output } => {
            let mut value = read_json(&manifest)?;
            let base = manifest.parent().unwrap_or(Path::new("."));
            crate::bundle::inline_files(&mut value, base).map_err(|p| Failure::Invalid(Problems(vec![p])))?;
            let parsed = crate::bundle::parse(&value).map_err(|p| Failure::Invalid(Problems(p)))?;
            let zip = crate::bundle::build(&parsed, &ctx.profiles, ctx.store()?).map_err(|e| match e {
                crate::bundle::BundleError::Invalid(p) => Failure::Invalid(Problems(p)),
                other => Failure::Failed(other.to_string()),
            })?;
            write_atomic(&output, &zip).map_err(|e| Failure::Failed(format!("không ghi được {}: {e}", output.display())))?;
            say!("{}", output.display());
        }
        Command::Batch { template, data, format, output, workers } => return batch(&ctx, &template, &data, &format, &output, workers),
        Command::Serve(args) => serve(args.settings(), ctx)?,
        Command::Import { file, output } => import(&file, output.as_deref())?,
        Command::Lint { file, json, profile, fix, output } => {
            let code = lint(&ctx, &file, json, profile.as_deref())?;
            if let Some(out) = output.filter(|_| fix) {
                rebuild(&ctx, &file, &out, profile.as_deref())?;
            }
            return Ok(code);
        }
        Command::Schema { template } => {
            let schema = match template {
                None => model::schema(),
                Some(id) => ctx.template(&id)?.schema.clone(),
            };
            say!("{}", pretty(&schema));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_file(file: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(file).map_err(|e| Failure::Usage(format!("không đọc được {}: {e}", file.display())))
}

fn docx_invalid(file: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::Invalid(Problems(vec![Problem::error("docx-invalid", "", format!("{}: {e}", file.display()))]))
}

/// A DOCX file read back into a document description.
fn read_docx(file: &Path) -> Result<crate::import::Imported, Failure> {
    crate::import::import(&read_file(file)?).map_err(|e| docx_invalid(file, e))
}

/// `vanban import`: the description to a file or stdout, warnings to stderr.
fn import(file: &Path, output: Option<&Path>) -> Result<(), Failure> {
    let imported = read_docx(file)?;
    for w in &imported.warnings {
        eprintln!("cảnh báo [{}] {}: {}", w.code, w.location, w.message);
    }
    let json = pretty(&imported.document);
    match output {
        Some(path) => {
            write_atomic(path, format!("{json}\n").as_bytes()).map_err(|e| Failure::Failed(format!("không ghi được {}: {e}", path.display())))?;
            say!("{}", path.display());
        }
        None => say!("{json}"),
    }
    Ok(())
}

/// `vanban lint`: the problems, one a line (or as JSON), the profile on stderr.
fn lint(ctx: &Context, file: &Path, json: bool, profile: Option<&str>) -> Result<ExitCode, Failure> {
    use crate::import::lint::LintError;
    let bytes = read_file(file)?;
    let result = crate::import::lint::lint(&bytes, &ctx.profiles, profile).map_err(|e| match e {
        LintError::Read(e) => docx_invalid(file, e),
        LintError::Profile(e) => Failure::Usage(e.to_string()),
    })?;
    if let Ok(p) = ctx.profiles.get(&result.profile) {
        eprintln!("hồ sơ thể thức: {} ({})", p.id, p.guide);
    }
    if json {
        say!("{}", pretty(&result));
    } else if result.problems.is_empty() {
        say!("không có lỗi thể thức nào");
    } else {
        for p in &result.problems {
            let at = if p.paragraph == 0 { "cả văn bản".to_string() } else { format!("đoạn {}: “{}”", p.paragraph, p.quote) };
            let level = if p.severity == crate::problem::Severity::Error { "lỗi" } else { "cảnh báo" };
            say!("{level} [{}] {at}: {}", p.code, p.message);
        }
    }
    let errors = result.problems.iter().any(|p| p.severity == crate::problem::Severity::Error);
    Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `vanban lint --fix`: the DOCX read back into a document and rendered anew,
/// so that everything vanban lays out follows the thể thức.
fn rebuild(ctx: &Context, file: &Path, out: &Path, profile: Option<&str>) -> Result<(), Failure> {
    let format = match out.extension().and_then(|e| e.to_str()) {
        Some("pdf") => Format::Pdf,
        Some("docx") => Format::Docx,
        _ => return Err(Failure::Usage(format!("{}: --fix ghi ra tệp .docx hoặc .pdf", out.display()))),
    };
    let imported = read_docx(file)?;
    let value = serde_json::to_value(&imported.document).map_err(|e| Failure::Failed(e.to_string()))?;
    let doc = model::resolve_value(&value, &ctx.profiles, profile).map_err(|p| Failure::Invalid(Problems(p)))?;
    print_warnings(&doc.warnings);
    render_to(&doc, Some(format), out, "")
}

fn serve(settings: crate::server::Settings, ctx: Context) -> Result<(), Failure> {
    use std::io::IsTerminal;
    // Logs go to stderr; colour codes only on a terminal, not into a log file.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| Failure::Failed(e.to_string()))?;
    let state = crate::server::AppState::new(settings, ctx.profiles.clone(), ctx.store()?.clone()).map_err(|e| Failure::Failed(format!("máy chủ không khởi động được: {e}")))?;
    let served = runtime.block_on(crate::server::serve(state)).map_err(|e| Failure::Failed(format!("máy chủ dừng: {e}")));
    // The shutdown grace period is over: do not wait again for blocking file reads.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    served
}

fn batch(ctx: &Context, id: &str, data: &Path, formats: &[Format], output: &Path, workers: Option<usize>) -> Result<ExitCode, Failure> {
    use std::io::IsTerminal;
    let template = ctx.template(id)?;
    let (total, rows) = crate::batch::read_rows(data, &template).map_err(Failure::Usage)?;
    let workers = workers.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    let mut progress: Box<dyn crate::batch::Progress> = if std::io::stderr().is_terminal() {
        Box::new(crate::batch::Bar::new(total))
    } else {
        Box::new(crate::batch::Lines::new(std::io::stderr()))
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let profiles = std::sync::Arc::new(ctx.profiles.clone());
    let failed = |e: std::io::Error| Failure::Failed(format!("không ghi được {}: {e}", output.display()));
    let is_zip = output.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let summary = if is_zip {
        // Written beside the target and renamed at the end: no half-written ZIP.
        let dir = output.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(failed)?;
        let tmp = tempfile::NamedTempFile::new_in(dir).map_err(failed)?;
        let mut sink = crate::batch::ZipSink::new(tmp);
        let summary = crate::batch::run(rows, total, template, profiles, formats, workers, &mut sink, progress.as_mut(), &cancel).map_err(failed)?;
        let tmp = sink.finish().map_err(failed)?;
        let file = tmp.persist(output).map_err(|e| failed(e.error))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o644)).map_err(failed)?;
        }
        summary
    } else {
        let mut sink = crate::batch::DirSink { dir: output.to_path_buf() };
        crate::batch::run(rows, total, template, profiles, formats, workers, &mut sink, progress.as_mut(), &cancel).map_err(failed)?
    };
    eprintln!("{} văn bản ({} tệp) trong {}; {} dòng lỗi", summary.done, summary.files, output.display(), summary.errors.len());
    for e in summary.errors.iter().take(20) {
        for p in &e.problems {
            eprintln!("  dòng {}: {p}", e.row);
        }
    }
    Ok(if summary.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn read_json(path: &Path) -> Result<Value, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Usage(format!("không đọc được {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| Failure::Invalid(Problems(vec![model::json_syntax(&e)])))
}

fn pretty(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn print_warnings(warnings: &[Problem]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

impl Context {
    fn store(&self) -> Result<&Store, Failure> {
        if let Some(store) = self.store.get() {
            return Ok(store);
        }
        let store = match &self.templates {
            Some(dir) => Store::with_dir(dir, &self.profiles).map_err(Failure::Usage)?,
            None => Store::builtin().clone(),
        };
        for broken in &store.broken {
            eprintln!("vanban: bỏ qua mẫu {}: {}", broken.source, broken.reason);
        }
        Ok(self.store.get_or_init(|| store))
    }

    fn template(&self, id: &str) -> Result<std::sync::Arc<crate::templates::Template>, Failure> {
        let store = self.store()?;
        store.get(id).ok_or_else(|| {
            let known: Vec<&str> = store.list().map(|t| t.meta.id.as_str()).collect();
            Failure::Usage(format!("không có mẫu \"{id}\" (có: {})", known.join(", ")))
        })
    }

    /// The document a source describes, and a file name stem for it.
    fn document(&self, source: &Source, profile: Option<&str>) -> Result<(Document, String), Failure> {
        let invalid = |p: Vec<Problem>| Failure::Invalid(Problems(p));
        match (&source.input, &source.template, &source.data) {
            (Some(input), None, None) => {
                let doc = model::resolve_value(&read_json(input)?, &self.profiles, profile).map_err(invalid)?;
                Ok((doc, stem_of(input)))
            }
            (None, Some(id), Some(data)) => {
                let template = self.template(id)?;
                let doc = template.render_document(&read_json(data)?, &self.profiles).map_err(invalid)?;
                // Named after the template, so that examples of several
                // templates rendered into one folder do not overwrite each other.
                Ok((doc, id.clone()))
            }
            _ => Err(Failure::Usage("cần INPUT.json, hoặc --template ID --data DATA.json".into())),
        }
    }

    fn validate(&self, source: &Source, json: bool, strict: bool) -> Result<ExitCode, Failure> {
        let (problems, document) = match (&source.input, &source.template, &source.data) {
            (Some(input), None, None) => {
                let value = read_json(input)?;
                (crate::validate::check(&value, &self.profiles, None), Some(value))
            }
            (None, Some(id), Some(data)) => match self.template(id)?.fill(&read_json(data)?) {
                Err(problems) => (problems, None),
                Ok(doc) => (crate::validate::check(&doc, &self.profiles, None).into_iter().map(|p| p.under("/document")).collect(), Some(doc)),
            },
            _ => return Err(Failure::Usage("cần INPUT.json, hoặc --template ID --data DATA.json".into())),
        };
        // The profile in force, on stderr, so that --json stays a problem list.
        if let Some(chosen) = document.and_then(|d| crate::model::choose_profile(&d, &self.profiles, None).ok()) {
            eprintln!("hồ sơ thể thức: {} ({})", chosen.profile.id, chosen.profile.guide);
        }
        if json {
            say!("{}", pretty(&problems));
        } else if problems.is_empty() {
            say!("không có vấn đề nào");
        } else {
            for p in &problems {
                say!("{p}");
            }
        }
        let errors = crate::validate::error_count(&problems);
        Ok(if errors > 0 || (strict && !problems.is_empty()) { ExitCode::from(1) } else { ExitCode::SUCCESS })
    }

    fn templates(&self, action: Option<TemplatesAction>, json: bool) -> Result<(), Failure> {
        match action {
            None if json => {
                let list: Vec<_> = self.store()?.list().map(|t| &t.meta).collect();
                say!("{}", pretty(&list));
            }
            None => {
                for t in self.store()?.list() {
                    say!("{:<32} {:<20} {}", t.meta.id, t.meta.kind, t.meta.title);
                }
            }
            Some(TemplatesAction::Show { id }) => {
                let t = self.template(&id)?;
                say!("{} ({}, phiên bản {}, hồ sơ {})\n{}\n\n{}\n", t.meta.id, t.meta.kind, t.meta.version, t.meta.profile.as_deref().unwrap_or("theo ngày văn bản"), t.meta.title, t.meta.description);
                say!("Dữ liệu:");
                for line in variables(&t.schema, &t.schema, "", 1) {
                    say!("{line}");
                }
            }
            Some(TemplatesAction::Example { id }) => say!("{}", pretty(&self.template(&id)?.example)),
            Some(TemplatesAction::Kinds) if json => say!("{}", pretty(&self.profiles.kind_lists())),
            Some(TemplatesAction::Kinds) => {
                for list in self.profiles.kind_lists() {
                    say!("{} — {}", list.profile, list.name);
                    for k in &list.kinds {
                        say!("  {:<20} {:<4} {}", k.id, k.type_code, k.name);
                    }
                }
            }
        }
        Ok(())
    }
}

/// One line per variable of a data schema: name, required mark, title, description.
fn variables(root: &Value, node: &Value, prefix: &str, depth: usize) -> Vec<String> {
    let node = resolve_ref(root, node);
    let required: Vec<&str> = node.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(props) = node.get("properties").and_then(Value::as_object) else { return Vec::new() };
    let mut out = Vec::new();
    for (name, prop) in props {
        let prop = resolve_ref(root, prop);
        let title = prop.get("title").and_then(Value::as_str).unwrap_or_default();
        let mark = if required.contains(&name.as_str()) { "*" } else { " " };
        let description = prop.get("description").and_then(Value::as_str).map(|d| format!(" — {d}")).unwrap_or_default();
        out.push(format!("{}{mark} {prefix}{name}: {title}{description}", "  ".repeat(depth)));
        let inner = prop.get("items").map(|i| resolve_ref(root, i)).unwrap_or(prop);
        let nested = if prop.get("items").is_some() { format!("{prefix}{name}[].") } else { format!("{prefix}{name}.") };
        out.extend(variables(root, inner, &nested, depth + 1));
    }
    out
}

fn resolve_ref<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|p| root.pointer(p)).unwrap_or(node)
}

fn stem_of(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("van-ban").to_string()
}

/// Renders every requested format first, then writes: bad input or a failed
/// render leaves nothing behind.
fn render_to(doc: &Document, format: Option<Format>, output: &Path, stem: &str) -> Result<(), Failure> {
    let formats = match format {
        Some(f) => vec![f],
        None => vec![Format::Docx, Format::Pdf],
    };
    let to_folder = format.is_none() || output.is_dir() || output.as_os_str().to_string_lossy().ends_with('/');
    let mut files = Vec::new();
    for f in formats {
        let bytes = render::render(doc, f).map_err(|e| Failure::Failed(e.to_string()))?;
        let path = if to_folder { output.join(format!("{stem}.{}", f.extension())) } else { output.to_path_buf() };
        files.push((path, bytes));
    }
    for (path, bytes) in files {
        write_atomic(&path, &bytes).map_err(|e| Failure::Failed(format!("không ghi được {}: {e}", path.display())))?;
        say!("{}", path.display());
    }
    Ok(())
}

/// Writes through a temporary file in the same folder, then renames.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    let file = tmp.persist(path).map_err(|e| e.error)?;
    // Temporary files are private (0600); a document is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    drop(file);
    Ok(())
}

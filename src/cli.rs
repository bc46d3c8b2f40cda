//! The `vanban` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::{self, Document};
use crate::problem::Problems;
use crate::profile::Profiles;
use crate::render::{self, Format};

#[derive(Parser)]
#[command(name = "vanban", version, about = "Dựng văn bản của Đảng đúng thể thức, ra DOCX và PDF")]
struct Cli {
    /// Extra thể thức profiles (*.toml) that add to or override the built-ins.
    #[arg(long, global = true, env = "VANBAN_PROFILES")]
    profiles: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render a document description (JSON) to PDF and/or DOCX.
    Render {
        /// The document description.
        input: PathBuf,
        /// pdf or docx; both when omitted (then -o names a folder).
        #[arg(long, short = 'f', value_parser = parse_format)]
        format: Option<Format>,
        /// Output file, or a folder (created if missing) for <input name>.<format>.
        #[arg(long, short = 'o', default_value = ".")]
        output: PathBuf,
        /// Profile to use instead of the one the input names.
        #[arg(long)]
        profile: Option<String>,
    },
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("định dạng \"{s}\" không hỗ trợ; dùng pdf hoặc docx"))
}

/// Exit codes: 0 done, 1 the input has problems (listed on stderr), 2 usage,
/// 3 rendering or writing failed.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
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

fn execute(cli: Cli) -> Result<(), Failure> {
    let profiles = match &cli.profiles {
        Some(dir) => Profiles::with_dir(dir).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Profiles::builtin().clone(),
    };
    match cli.command {
        Command::Render { input, format, output, profile } => {
            let text = std::fs::read_to_string(&input)
                .map_err(|e| Failure::Usage(format!("không đọc được {}: {e}", input.display())))?;
            let doc = model::from_json(&text, &profiles, profile.as_deref()).map_err(|p| Failure::Invalid(Problems(p)))?;
            let stem = input.file_stem().and_then(|s| s.to_str()).unwrap_or("van-ban").to_string();
            render_to(&doc, format, &output, &stem)
        }
    }
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
        println!("{}", path.display());
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

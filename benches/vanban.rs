//! `cargo bench --bench vanban`: the speed and memory figures vanban is held to,
//! printed as a table. Set VANBAN_BENCH_SERVER_DOCS to shorten the 10,000-document
//! server run (e.g. 1000 while iterating).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use vanban::model::{self, Document};
use vanban::profile::Profiles;
use vanban::render::{docx, pdf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

fn load(path: &Path) -> Document {
    model::from_json(&std::fs::read_to_string(path).unwrap(), Profiles::builtin(), None).unwrap()
}

/// Times `f` `n` times after two warm-up runs; memo caches are emptied before
/// every timed PDF compile, so each one lays the document out in full.
fn timed(n: usize, f: impl FnMut()) -> (f64, f64) {
    timed_memo(n, true, f)
}

/// As `timed`; with `cold_memo` false the memo caches stay, as in a server
/// asked for the same document again.
fn timed_memo(n: usize, cold_memo: bool, mut f: impl FnMut()) -> (f64, f64) {
    f();
    f();
    let mut samples: Vec<Duration> = (0..n)
        .map(|_| {
            if cold_memo {
                typst::comemo::evict(0);
            }
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    (ms(percentile(&mut samples, 0.5)), ms(percentile(&mut samples, 0.95)))
}

struct Report {
    lines: Vec<String>,
}

impl Report {
    fn add(&mut self, line: String) {
        println!("{line}");
        let _ = std::io::stdout().flush();
        self.lines.push(line);
    }
}

fn main() {
    let mut r = Report { lines: Vec::new() };
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_vanban"));
    println!("vanban benchmark ({} cores)\n", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));

    // VANBAN_BENCH=preview,http … runs only the sections named.
    let only = std::env::var("VANBAN_BENCH").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|s| s.trim() == name);
    if wanted("documents") {
        per_document(&mut r);
    }
    if wanted("import") {
        import(&mut r);
    }
    if wanted("cold") {
        cold_start(&mut r, &bin);
    }
    if wanted("batch") {
        batch(&mut r, &bin);
    }
    if wanted("preview") {
        preview(&mut r);
    }
    if wanted("http") {
        http(&mut r);
    }
    if wanted("libreoffice") {
        libreoffice(&mut r);
    }
    if wanted("warm") {
        against_warm_libreoffice(&mut r, &bin);
    }
}

/// The web app's preview: page 1 of a 6-page document as PNG over HTTP, the
/// same document again and, as typing makes it, a changed one each time.
fn preview(r: &mut Report) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let state = vanban::server::AppState::new(Default::default(), Profiles::builtin().clone(), vanban::templates::Store::builtin().clone()).unwrap();
        let (addr, _stop, _h) = vanban::server::spawn(state).await.unwrap();
        let url = format!("http://{addr}/v1/preview?page=1&width=800");
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("samples/bao-cao-huyen-quy-dinh-02.json")).unwrap()).unwrap();
        let client = reqwest::Client::new();
        let one = |body: String| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let t = Instant::now();
                let res = client.post(url).header("content-type", "application/json").body(body).send().await.unwrap();
                assert_eq!(res.status(), 200);
                let pages: usize = res.headers()["x-vanban-pages"].to_str().unwrap().parse().unwrap();
                res.bytes().await.unwrap();
                (t.elapsed(), pages)
            }
        };
        let (_, pages) = one(doc.to_string()).await;
        r.add(String::new());
        for (label, changed) in [("the same document", false), ("a changed document each time (as typed)", true)] {
            let mut lat = Vec::new();
            for i in 0..200u32 {
                let mut d = doc.clone();
                if changed {
                    d["number"] = serde_json::json!(100 + i);
                }
                lat.push(one(d.to_string()).await.0);
            }
            r.add(format!(
                "preview: page 1 of a {pages}-page báo cáo as PNG (800 px) over HTTP, {label}: p50 {:.1} ms, p95 {:.1} ms",
                ms(percentile(&mut lat, 0.5)),
                ms(percentile(&mut lat, 0.95))
            ));
        }
        r.add("  (target: p50 ≤ 60 ms)".into());
    });
}

/// Warm median and p95 per document, for every sample, in PDF and DOCX.
fn per_document(r: &mut Report) {
    r.add(format!("{:<44} {:>6} {:>10} {:>10} {:>10} {:>10}", "sample", "pages", "PDF p50", "PDF p95", "DOCX p50", "DOCX p95"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("samples")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let samples: Vec<(String, Document)> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(p).unwrap()).unwrap().get("kind").is_some())
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), load(p)))
        .collect();
    // Warm the whole process first (allocator, lazy statics, caches of every
    // kind), else the first sample in the table pays for it.
    for _ in 0..3 {
        for (_, doc) in &samples {
            pdf::render(doc).unwrap();
            docx::render(doc).unwrap();
        }
    }
    for (name, doc) in &samples {
        let pages = pdf::render(doc).unwrap().pages;
        let (p50, p95) = timed(30, || {
            pdf::render(doc).unwrap();
        });
        let (d50, d95) = timed(100, || {
            docx::render(doc).unwrap();
        });
        r.add(format!("{name:<44} {pages:>6} {p50:>8.1}ms {p95:>8.1}ms {d50:>8.2}ms {d95:>8.2}ms"));
    }
    r.add("  (targets: Đồng Nai báo cáo PDF ≤ 40 ms median, DOCX ≤ 3 ms)".into());
    pdf_breakdown(r);
}

/// Import and lint (issue 16): the DOCX of the longest samples back into a
/// description, and checked against its profile.
fn import(r: &mut Report) {
    r.add(String::new());
    r.add(format!("{:<44} {:>6} {:>10} {:>10} {:>10} {:>10}", "import / lint of our DOCX", "pages", "import p50", "p95", "lint p50", "p95"));
    for name in ["quy-che-lam-viec-dang-uy-xa", "bao-cao-dong-nai", "ke-hoach-hd36-kiem-tra"] {
        let doc = load(&root().join(format!("samples/{name}.json")));
        let pages = pdf::render(&doc).unwrap().pages;
        let bytes = docx::render(&doc).unwrap();
        let (p50, p95) = timed_memo(30, false, || {
            vanban::import::import(&bytes).unwrap();
        });
        let (l50, l95) = timed_memo(30, false, || {
            vanban::import::lint::lint(&bytes, vanban::profile::Profiles::builtin(), None).unwrap();
        });
        r.add(format!("{name:<44} {pages:>6} {p50:>8.2}ms {p95:>8.2}ms {l50:>8.2}ms {l95:>8.2}ms"));
    }
    r.add("  (target: a 12-page DOCX under 50 ms, each)".into());
}

/// Where the Đồng Nai báo cáo's PDF time goes: layout against export, and the
/// same document again with the memo caches kept.
fn pdf_breakdown(r: &mut Report) {
    let doc = load(&root().join("samples/bao-cao-dong-nai.json"));
    let (layout, _) = timed(30, || {
        pdf::compile(&doc).unwrap();
    });
    let (whole, _) = timed(30, || {
        pdf::render(&doc).unwrap();
    });
    let (again, _) = timed_memo(30, false, || {
        pdf::render(&doc).unwrap();
    });
    // What a server or a batch meets: the next document differs a little.
    let mut next = doc.clone();
    let mut n = 0;
    let (other, _) = timed_memo(30, false, || {
        n += 1;
        next.header.number = Some(format!("Số {n}-BC/TU"));
        pdf::render(&next).unwrap();
    });
    r.add(format!(
        "  Đồng Nai PDF, medians: layout {layout:.1} ms + export {:.1} ms = {whole:.1} ms with empty memo caches; \
         {other:.1} ms for the next one with another number, caches kept; {again:.1} ms for the same input again",
        whole - layout
    ));
}

/// From process start to the first PDF on disk.
fn cold_start(r: &mut Report, bin: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let mut samples: Vec<Duration> = (0..5)
        .map(|i| {
            let out = dir.path().join(format!("{i}.pdf"));
            let t = Instant::now();
            let status = Command::new(bin)
                .args(["render", "--format", "pdf", "-o"])
                .arg(&out)
                .arg(root().join("samples/bao-cao-dong-nai.json"))
                .output()
                .unwrap();
            assert!(status.status.success());
            t.elapsed()
        })
        .collect();
    r.add(format!("\ncold: process start → first PDF (Đồng Nai báo cáo): median {:.0} ms over 5 runs", ms(percentile(&mut samples, 0.5))));
}

/// Peak resident memory of a child, from /proc, polled until it exits.
fn run_measured(mut cmd: Command) -> (Duration, f64, bool) {
    let t = Instant::now();
    let mut child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0.0f64;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_file)
            && let Some(kb) = s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<f64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (t.elapsed(), peak_kb / 1024.0, status.success());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// 1,000 quy chế from the sample table, to PDF and DOCX, through the CLI.
fn batch(r: &mut Report, bin: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(root().join("samples/to-chuc-dang.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let mut big = String::from(header);
    big.push('\n');
    for i in 0..1000 {
        big.push_str(rows[i % rows.len()]);
        big.push('\n');
    }
    let data = dir.path().join("1000.csv");
    std::fs::write(&data, big).unwrap();
    let out = dir.path().join("lo.zip");
    let mut cmd = Command::new(bin);
    cmd.args(["batch", "--template", "quy-che-lam-viec-dang-uy-co-so", "--format", "pdf,docx", "--data"]).arg(&data).arg("-o").arg(&out);
    let (took, peak, ok) = run_measured(cmd);
    r.add(format!(
        "\nbatch: 1,000 quy chế → PDF + DOCX: {:.1} s, {:.1} documents/s, peak memory {:.0} MB, ZIP {:.0} MB, all rows ok: {ok}",
        took.as_secs_f64(),
        1000.0 / took.as_secs_f64(),
        peak,
        std::fs::metadata(&out).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0)
    ));
    r.add("  (target: ≤ 60 s with peak memory ≤ 400 MB)".into());
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<f64>().ok()).unwrap() / 1024.0
}

/// HTTP renders at 2 and 8 concurrent clients, then 10,000 in a row for memory.
fn http(r: &mut Report) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let settings = vanban::server::Settings { queue: 64, ..Default::default() };
        let state = vanban::server::AppState::new(settings, Profiles::builtin().clone(), vanban::templates::Store::builtin().clone()).unwrap();
        let (addr, _stop, _h) = vanban::server::spawn(state).await.unwrap();
        let url = format!("http://{addr}/v1/render?format=pdf");
        let body = std::fs::read_to_string(root().join("samples/bao-cao-dong-nai.json")).unwrap();
        let client = reqwest::Client::new();
        let one = |client: reqwest::Client, url: String, body: String| async move {
            let t = Instant::now();
            let res = client.post(url).header("content-type", "application/json").body(body).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.bytes().await.unwrap();
            t.elapsed()
        };
        one(client.clone(), url.clone(), body.clone()).await;
        r.add(String::new());
        for clients in [2usize, 8] {
            let per_client = 100;
            let started = Instant::now();
            let tasks: Vec<_> = (0..clients)
                .map(|_| {
                    let (client, url, body) = (client.clone(), url.clone(), body.clone());
                    tokio::spawn(async move {
                        let mut lat = Vec::new();
                        for _ in 0..per_client {
                            lat.push(one(client.clone(), url.clone(), body.clone()).await);
                        }
                        lat
                    })
                })
                .collect();
            let mut all = Vec::new();
            for t in tasks {
                all.extend(t.await.unwrap());
            }
            let secs = started.elapsed().as_secs_f64();
            r.add(format!(
                "http: {clients} concurrent clients, {} renders of the Đồng Nai báo cáo: {:.1} documents/s, p50 {:.0} ms, p99 {:.0} ms",
                all.len(),
                all.len() as f64 / secs,
                ms(percentile(&mut all, 0.5)),
                ms(percentile(&mut all, 0.99))
            ));
        }
        let docs: usize = std::env::var("VANBAN_BENCH_SERVER_DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
        let warm = rss_mb();
        let started = Instant::now();
        let mut peak = warm;
        for i in 0..docs {
            one(client.clone(), url.clone(), body.clone()).await;
            if i % 100 == 0 {
                peak = peak.max(rss_mb());
            }
        }
        let end = rss_mb();
        r.add(format!(
            "http: {docs} renders in a row: RSS {warm:.0} MB after warm-up, {end:.0} MB at the end (peak {peak:.0} MB, {:+.0} MB) in {:.0} s",
            end - warm,
            started.elapsed().as_secs_f64()
        ));
        r.add("  (target: within +50 MB)".into());
    });
}

/// LibreOffice converting our DOCX to PDF, against our own PDF render.
fn libreoffice(r: &mut Report) {
    let Some(soffice) = std::env::var_os("PATH").and_then(|p| p.to_str().map(str::to_string)).and_then(|p| p.split(':').map(|d| Path::new(d).join("soffice")).find(|p| p.is_file())) else {
        r.add("\nlibreoffice: soffice not on PATH, comparison skipped".into());
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let doc = load(&root().join("samples/bao-cao-dong-nai.json"));
    let input = dir.path().join("bao-cao.docx");
    std::fs::write(&input, docx::render(&doc).unwrap()).unwrap();
    let (ours, _) = timed(10, || {
        pdf::render(&doc).unwrap();
    });
    let mut runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let out = Command::new(&soffice)
            .arg(format!("-env:UserInstallation=file://{}/profile", dir.path().display()))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&input)
            .output()
            .unwrap();
        assert!(out.status.success());
        runs.push(t.elapsed());
    }
    let lo = ms(percentile(&mut runs, 0.5));
    r.add(format!("\nlibreoffice: DOCX → PDF of the Đồng Nai báo cáo {lo:.0} ms (median of 3 processes) vs vanban {ours:.1} ms: {:.0}× faster", lo / ours));
}

/// CPU seconds (user + system) the children of one `bash -c` used, from its
/// `times` builtin, and the wall time: a whole process measured from outside.
fn cpu_and_wall(command: &str) -> (f64, f64) {
    let t = Instant::now();
    let out = Command::new("bash").arg("-c").arg(format!("{command} >/dev/null 2>&1 || exit 1; times")).output().unwrap();
    let wall = t.elapsed().as_secs_f64();
    assert!(out.status.success(), "{command}");
    let text = String::from_utf8_lossy(&out.stdout);
    let children = text.lines().last().unwrap();
    let secs = |field: &str| {
        let (m, s) = field.trim_end_matches('s').split_once('m').unwrap();
        m.parse::<f64>().unwrap() * 60.0 + s.parse::<f64>().unwrap()
    };
    let cpu: f64 = children.split_whitespace().map(secs).sum();
    (cpu, wall)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The same 50 quy chế (12 pages each) through `vanban batch` (template →
/// PDF) and through one warm LibreOffice process (our DOCX → PDF), the
/// alternative a user would set up (Carbone, Gotenberg keep it running).
fn against_warm_libreoffice(r: &mut Report, bin: &Path) {
    const DOCS: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(root().join("samples/to-chuc-dang.csv")).unwrap();
    let fifty: Vec<&str> = csv.lines().filter(|l| !l.trim().is_empty()).take(DOCS + 1).collect();
    let data = dir.path().join("50.csv");
    std::fs::write(&data, fifty.join("\n") + "\n").unwrap();
    let batch = |format: &str, out: &Path| {
        format!(
            "{} batch --template quy-che-lam-viec-dang-uy-co-so --format {format} --data {} -o {}",
            bin.display(),
            data.display(),
            out.display()
        )
    };
    let runs: Vec<(f64, f64)> = (0..3).map(|i| cpu_and_wall(&batch("pdf", &dir.path().join(format!("pdf-{i}.zip"))))).collect();
    let ours_cpu = median(runs.iter().map(|r| r.0).collect()) / DOCS as f64 * 1000.0;
    let ours_wall = median(runs.iter().map(|r| r.1).collect()) / DOCS as f64 * 1000.0;
    r.add(format!("\nwarm: vanban batch, {DOCS} quy chế template → PDF: {ours_cpu:.1} ms CPU, {ours_wall:.1} ms wall per document (median of 3 runs)"));
    r.add("  (target: ≤ 10 ms CPU per document)".into());

    let Some(soffice) = std::env::var_os("PATH").and_then(|p| p.to_str().map(str::to_string)).and_then(|p| p.split(':').map(|d| Path::new(d).join("soffice")).find(|p| p.is_file())) else {
        r.add("warm: soffice not on PATH, the LibreOffice side is skipped".into());
        return;
    };
    let docx = dir.path().join("docx");
    cpu_and_wall(&batch("docx", &docx));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&docx).unwrap().flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "docx")).collect();
    files.sort();
    assert_eq!(files.len(), DOCS, "the batch made {DOCS} DOCX");
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let convert = |inputs: &[PathBuf], out: &str| {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        format!("{} {profile} --headless --convert-to pdf --outdir {}/{out} {}", soffice.display(), dir.path().display(), names.join(" "))
    };
    cpu_and_wall(&convert(&files[..1], "first")); // the profile folder is made once
    let one = cpu_and_wall(&convert(&files[..1], "one"));
    let all = cpu_and_wall(&convert(&files, "all"));
    let lo_cpu = all.0 / DOCS as f64 * 1000.0;
    let lo_wall = all.1 / DOCS as f64 * 1000.0;
    let marginal = (all.0 - one.0) / (DOCS - 1) as f64 * 1000.0;
    r.add(format!(
        "warm: LibreOffice, one process, the same {DOCS} as our DOCX → PDF: {lo_cpu:.1} ms CPU, {lo_wall:.1} ms wall per document ({marginal:.1} ms CPU each once it runs; its start {:.0} ms CPU)",
        one.0 * 1000.0
    ));
    r.add(format!("warm: vanban uses {:.0} % of LibreOffice's CPU per PDF (×{:.1})", ours_cpu / lo_cpu * 100.0, lo_cpu / ours_cpu));
}

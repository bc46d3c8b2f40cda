//! Batch jobs over HTTP: `POST /v1/batches` queues one, `GET` reports it,
//! `GET …/result` streams its ZIP, `DELETE` cancels and forgets it. Jobs run
//! one at a time on their own thread; their number is bounded and finished
//! ones expire. A panic while rendering fails its row; a panic elsewhere in a
//! job fails that job; the runner thread goes on either way.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::batch::{self, Progress, Rendered, RowError};
use crate::problem::Problem;
use crate::profile::Profiles;
use crate::render::Format;
use crate::templates::Template;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Queued,
    Running,
    Done,
    Cancelled,
    Failed,
}

pub struct Job {
    pub id: String,
    pub template: String,
    pub total: usize,
    pub done: AtomicUsize,
    pub failed: AtomicUsize,
    pub errors: Mutex<Vec<RowError>>,
    pub state: Mutex<State>,
    pub failure: Mutex<Option<String>>,
    pub cancel: AtomicBool,
    /// Its result was sent to a client.
    pub collected: AtomicBool,
    pub finished: Mutex<Option<Instant>>,
    pub result: PathBuf,
    rows: Mutex<Option<Vec<batch::Row>>>,
    formats: Vec<Format>,
    template_ref: Arc<Template>,
}

/// Renders one row of a job: its data, the template, the profiles, the formats.
pub type RenderRow = dyn Fn(&Value, &Template, &Profiles, &[Format]) -> Result<Rendered, Vec<Problem>> + Send + Sync;

/// What `GET /v1/batches/{id}` answers.
#[derive(Serialize)]
pub struct Status {
    pub id: String,
    pub template: String,
    pub state: State,
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub errors: Vec<RowError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    pub links: Value,
}

impl Job {
    pub fn status(&self) -> Status {
        Status {
            id: self.id.clone(),
            template: self.template.clone(),
            state: self.state.lock().map(|s| *s).unwrap_or_else(|poisoned| *poisoned.into_inner()),
            total: self.total,
            done: self.done.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            errors: self.errors.lock().map(|e| e.clone()).unwrap_or_default(),
            failure: self.failure.lock().ok().and_then(|f| f.clone()),
            links: serde_json::json!({
                "self": format!("/v1/batches/{}", self.id),
                "result": format!("/v1/batches/{}/result", self.id),
            }),
        }
    }

    fn set(&self, state: State) {
        if let Ok(mut s) = self.state.lock() {
            *s = state;
        }
        if matches!(state, State::Done | State::Cancelled | State::Failed)
            && let Ok(mut f) = self.finished.lock()
        {
            *f = Some(Instant::now());
        }
    }
}

pub struct Batches {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    queue: SyncSender<Arc<Job>>,
    dir: tempfile::TempDir,
    max_jobs: usize,
    ttl: Duration,
    next: AtomicUsize,
    /// Jobs queued or running; watched by the shutdown to wait for them.
    active: tokio::sync::watch::Sender<usize>,
}

pub enum SubmitError {
    /// Too many jobs are queued, running or kept.
    Full,
    Io(String),
}

/// Counts rows into the job as they finish.
struct JobProgress(Arc<Job>);

impl Progress for JobProgress {
    fn row_done(&mut self, done: usize, failed: usize, _total: usize) {
        self.0.done.store(done, Ordering::Relaxed);
        self.0.failed.store(failed, Ordering::Relaxed);
    }

    fn row_failed(&mut self, error: &RowError) {
        if let Ok(mut errors) = self.0.errors.lock() {
            errors.push(error.clone());
        }
    }
}

impl Batches {
    pub fn new(max_jobs: usize, ttl: Duration, workers: usize, profiles: Profiles) -> std::io::Result<Arc<Batches>> {
        Self::with_renderer(max_jobs, ttl, workers, profiles, Arc::new(|data: &Value, template: &Template, profiles: &Profiles, formats: &[Format]| batch::render_row(data, template, profiles, formats)))
    }

    /// A runner whose rows are rendered by `render` (tests give one that fails
    /// or panics on purpose).
    pub fn with_renderer(max_jobs: usize, ttl: Duration, workers: usize, profiles: Profiles, render: Arc<RenderRow>) -> std::io::Result<Arc<Batches>> {
        let (queue, jobs_rx) = std::sync::mpsc::sync_channel::<Arc<Job>>(max_jobs.max(1));
        let (active, _) = tokio::sync::watch::channel(0usize);
        let batches = Arc::new(Batches {
            jobs: Mutex::new(HashMap::new()),
            queue,
            dir: tempfile::tempdir()?,
            max_jobs: max_jobs.max(1),
            ttl,
            next: AtomicUsize::new(1),
            active: active.clone(),
        });
        let profiles = Arc::new(profiles);
        std::thread::Builder::new().name("batches".into()).spawn(move || {
            for job in jobs_rx {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_job(&job, &profiles, workers, render.as_ref())));
                if let Err(payload) = outcome {
                    let message = super::pool::panic_message(payload.as_ref());
                    tracing::error!(batch = %job.id, panic = %message, "batch job panicked");
                    if let Ok(mut f) = job.failure.lock() {
                        *f = Some(format!("lỗi bên trong máy chủ: {message}"));
                    }
                    job.set(State::Failed);
                }
                active.send_modify(|n| *n = n.saturating_sub(1));
            }
        })?;
        Ok(batches)
    }

    /// Jobs queued or running.
    pub fn busy(&self) -> usize {
        *self.active.borrow()
    }

    /// The jobs queued or running now.
    pub fn unfinished(&self) -> Vec<String> {
        let Ok(jobs) = self.jobs.lock() else { return Vec::new() };
        jobs.values().filter(|j| matches!(j.status().state, State::Queued | State::Running)).map(|j| j.id.clone()).collect()
    }

    /// A job's result went to a client.
    pub fn collected(&self, job: &Job) {
        job.collected.store(true, Ordering::Relaxed);
        self.active.send_modify(|_| {});
    }

    /// Completes once no job is queued or running and each of `ids` has ended
    /// without a result, been deleted, or had its result collected: the
    /// clients that were told 202 get their ZIP before the server goes.
    pub async fn settled(&self, ids: &[String]) {
        let mut rx = self.active.subscribe();
        loop {
            let busy = *rx.borrow_and_update() > 0;
            // Resolved at once: the lock (and a poisoned one) is not held across the await.
            let waiting = self
                .jobs
                .lock()
                .map(|jobs| {
                    ids.iter().filter_map(|id| jobs.get(id)).any(|j| {
                        let state = j.status().state;
                        matches!(state, State::Queued | State::Running) || (state == State::Done && !j.collected.load(Ordering::Relaxed))
                    })
                })
                .unwrap_or(false);
            if !busy && !waiting {
                return;
            }
            if rx.changed().await.is_err() {
                return;
            }
        }
    }

    /// Logs what became of every job at shutdown: results live in a temporary
    /// folder, so none survives the process.
    pub fn report_shutdown(&self) {
        let Ok(jobs) = self.jobs.lock() else { return };
        for job in jobs.values() {
            let status = job.status();
            let seen = status.done + status.failed;
            match status.state {
                State::Done => {
                    let collected = job.collected.load(Ordering::Relaxed);
                    tracing::info!(batch = %job.id, rows = status.total, failed = status.failed, collected, "batch finished before shutdown");
                }
                State::Running | State::Queued => {
                    job.cancel.store(true, Ordering::Relaxed);
                    tracing::warn!(batch = %job.id, done = seen, total = status.total, "batch abandoned at {seen} of {} rows", status.total);
                }
                State::Cancelled => tracing::info!(batch = %job.id, done = seen, total = status.total, "batch cancelled before shutdown"),
                State::Failed => tracing::warn!(batch = %job.id, failure = status.failure.as_deref().unwrap_or(""), "batch failed before shutdown"),
            }
        }
    }

    /// Queues a job of `rows`; refused when `max_jobs` are already held.
    /// A row whose data could not be read (a bad CSV cell) fails with its problems.
    pub fn submit(&self, template: Arc<Template>, rows: Vec<batch::Row>, formats: Vec<Format>) -> Result<Arc<Job>, SubmitError> {
        self.expire();
        let mut jobs = self.jobs.lock().map_err(|_| SubmitError::Io("lock".into()))?;
        if jobs.len() >= self.max_jobs {
            return Err(SubmitError::Full);
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let id = format!("{n:04}-{:08x}", rand_suffix(n));
        let total = rows.len();
        let job = Arc::new(Job {
            result: self.dir.path().join(format!("{id}.zip")),
            id: id.clone(),
            template: template.meta.id.clone(),
            total,
            done: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            errors: Mutex::new(Vec::new()),
            state: Mutex::new(State::Queued),
            failure: Mutex::new(None),
            cancel: AtomicBool::new(false),
            collected: AtomicBool::new(false),
            finished: Mutex::new(None),
            rows: Mutex::new(Some(rows)),
            formats,
            template_ref: template,
        });
        // Counted before the runner can see it, so its decrement cannot come first.
        self.active.send_modify(|n| *n += 1);
        match self.queue.try_send(job.clone()) {
            Ok(()) => {
                jobs.insert(id, job.clone());
                Ok(job)
            }
            Err(e) => {
                self.active.send_modify(|n| *n = n.saturating_sub(1));
                match e {
                    TrySendError::Full(_) => Err(SubmitError::Full),
                    TrySendError::Disconnected(_) => Err(SubmitError::Io("the batch runner stopped".into())),
                }
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.expire();
        self.jobs.lock().ok()?.get(id).cloned()
    }

    /// Cancels a job and forgets it with its result.
    pub fn delete(&self, id: &str) -> bool {
        let Some(job) = self.jobs.lock().ok().and_then(|mut j| j.remove(id)) else { return false };
        job.cancel.store(true, Ordering::Relaxed);
        let _ = std::fs::remove_file(&job.result);
        self.active.send_modify(|_| {}); // a shutdown waiting for it need not any more
        true
    }

    /// Drops finished jobs older than the time to live, with their files.
    fn expire(&self) {
        let Ok(mut jobs) = self.jobs.lock() else { return };
        jobs.retain(|_, job| {
            let finished = job.finished.lock().ok().and_then(|f| *f);
            let keep = finished.is_none_or(|t| t.elapsed() < self.ttl);
            if !keep {
                let _ = std::fs::remove_file(&job.result);
            }
            keep
        });
    }
}

/// Not a secret, just not guessable by counting.
fn rand_suffix(n: usize) -> u32 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    nanos ^ (n as u32).wrapping_mul(2_654_435_761)
}

fn run_job(job: &Arc<Job>, profiles: &Arc<Profiles>, workers: usize, render: &RenderRow) {
    if job.cancel.load(Ordering::Relaxed) {
        job.set(State::Cancelled);
        return;
    }
    job.set(State::Running);
    let rows = job.rows.lock().ok().and_then(|mut r| r.take()).unwrap_or_default();
    let outcome = (|| -> std::io::Result<batch::Summary> {
        let file = std::fs::File::create(&job.result)?;
        let mut sink = batch::ZipSink::new(file);
        let mut progress = JobProgress(job.clone());
        let (template, formats) = (job.template_ref.as_ref(), job.formats.as_slice());
        let summary = batch::run_with(Box::new(rows.into_iter()), job.total, workers, &mut sink, &mut progress, &job.cancel, |data| {
            render(data, template, profiles.as_ref(), formats)
        })?;
        sink.finish()?;
        Ok(summary)
    })();
    match outcome {
        Ok(summary) => {
            if let Ok(mut e) = job.errors.lock() {
                *e = summary.errors; // the same rows, in row order
            }
            job.set(if summary.cancelled { State::Cancelled } else { State::Done });
        }
        Err(e) => {
            if let Ok(mut f) = job.failure.lock() {
                *f = Some(e.to_string());
            }
            job.set(State::Failed);
        }
    }
}

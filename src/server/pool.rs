//! Rendering is CPU-bound: it runs on a fixed set of threads (about one per
//! core) fed by a bounded queue, never on the async workers. A full queue is
//! refused at once; a job that outlives its deadline is abandoned; a job that
//! panics fails alone and its thread goes on serving.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

struct Queued {
    deadline: Instant,
    job: Job,
}

pub struct Pool {
    sender: SyncSender<Queued>,
    pub workers: usize,
    pub capacity: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum PoolError {
    /// Every worker is busy and the queue is full.
    Full,
    /// The job did not finish before its deadline.
    Timeout,
    /// The job panicked; the panic message.
    Panicked(String),
}

/// The message of a panic payload (`panic!("…")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

impl Pool {
    pub fn new(workers: usize, capacity: usize) -> std::io::Result<Pool> {
        let (sender, receiver) = mpsc::sync_channel::<Queued>(capacity);
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        for i in 0..workers.max(1) {
            let receiver = receiver.clone();
            std::thread::Builder::new()
                .name(format!("render-{i}"))
                .spawn(move || loop {
                    // A panicking job cannot poison the lock: it runs after the
                    // guard is dropped, and `run` catches its unwinding.
                    let next = receiver.lock().map(|r| r.recv());
                    match next {
                        Ok(Ok(queued)) if Instant::now() < queued.deadline => (queued.job)(),
                        Ok(Ok(_)) => {} // its caller has given up already
                        _ => return,    // the pool is gone
                    }
                })?;
        }
        Ok(Pool { sender, workers: workers.max(1), capacity })
    }

    /// Runs `f` on a render thread and waits for it, at most `timeout`. A
    /// panic in `f` is caught on the thread and answered as `Panicked`.
    pub async fn run<T, F>(&self, timeout: Duration, f: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            // The job's state dies with it, so observing it half-done is not a risk.
            let outcome = catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(payload.as_ref()));
            let _ = tx.send(outcome);
        });
        let queued = Queued { deadline: Instant::now() + timeout, job };
        match self.sender.try_send(queued) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(PoolError::Full),
            Err(TrySendError::Disconnected(_)) => return Err(PoolError::Timeout),
        }
        match tokio::time::timeout(timeout, rx).await {
            Ok(Ok(Ok(value))) => Ok(value),
            Ok(Ok(Err(message))) => Err(PoolError::Panicked(message)),
            _ => Err(PoolError::Timeout),
        }
    }
}

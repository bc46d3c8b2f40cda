//! `vanban serve`: the JSON API over axum. Rendering runs on the render pool;
//! the async workers only parse, route and stream bytes.

pub mod batches;
mod error;
pub mod pool;
mod import;
mod preview;
mod routes;
mod webapp;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, Request, header};
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use error::ApiError;
pub use routes::{on_pool, openapi};

use crate::profile::Profiles;
use crate::templates::Store;
use pool::Pool;

/// Limits and addresses, from flags or the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    /// Largest request body accepted, in bytes.
    pub body_limit: usize,
    /// How long one render may take, queue time included.
    pub render_timeout: Duration,
    /// Render threads.
    pub workers: usize,
    /// Renders that may wait for a thread before requests are refused (429).
    pub queue: usize,
    /// Batch jobs held at once (queued, running or finished and kept).
    pub batch_jobs: usize,
    /// How long a finished batch and its ZIP are kept.
    pub batch_ttl: Duration,
    /// Rows one batch may hold.
    pub batch_rows: usize,
    /// How long a client may take to send a request's headers (also how long
    /// an idle keep-alive connection stays open).
    pub header_timeout: Duration,
    /// How long the body may pause between two pieces before the request is
    /// answered 408.
    pub body_timeout: Duration,
    /// After SIGTERM: how long running batches and requests in flight get
    /// before the server exits anyway.
    pub shutdown_grace: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            body_limit: 2 * 1024 * 1024,
            render_timeout: Duration::from_secs(30),
            workers: cores,
            queue: cores * 32,
            batch_jobs: 4,
            batch_ttl: Duration::from_secs(3600),
            batch_rows: 5000,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

pub struct AppState {
    pub settings: Settings,
    pub profiles: Profiles,
    pub store: Store,
    pub pool: Pool,
    pub batches: Arc<batches::Batches>,
    /// Set on SIGTERM: new batches are refused while running ones finish.
    pub stopping: AtomicBool,
}

impl AppState {
    /// Fails only when the render threads or the folder for batch results
    /// cannot be created.
    pub fn new(settings: Settings, profiles: Profiles, store: Store) -> std::io::Result<Arc<AppState>> {
        let batches = batches::Batches::new(settings.batch_jobs, settings.batch_ttl, settings.workers, profiles.clone())?;
        Self::with_batches(settings, profiles, store, batches)
    }

    /// The state around a given batch runner (tests give one with their own renderer).
    pub fn with_batches(settings: Settings, profiles: Profiles, store: Store, batches: Arc<batches::Batches>) -> std::io::Result<Arc<AppState>> {
        let pool = Pool::new(settings.workers, settings.queue)?;
        Ok(Arc::new(AppState { settings, profiles, store, pool, batches, stopping: AtomicBool::new(false) }))
    }
}

/// The application with its middleware: request ids accepted or generated and
/// echoed, one log line per request, a body timeout, panics answered as 500
/// problems, and every error as application/problem+json.
pub fn app(state: Arc<AppState>) -> Router {
    let settings = state.settings.clone();
    layered(routes::router(state), &settings)
}

/// The middleware of [`app`] around any router (tests wrap their own routes).
pub fn layered(router: Router, settings: &Settings) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), id = %id)
        })
        .on_request(())
        .on_response(|res: &axum::response::Response, latency: Duration, _span: &Span| {
            tracing::info!(status = res.status().as_u16(), ms = latency.as_millis() as u64, "done");
        })
        .on_failure(());
    router
        .layer(axum::middleware::map_response(as_problem))
        .layer(RequestBodyTimeoutLayer::new(settings.body_timeout))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// A panic in a handler: logged (inside the request's span, so with its id)
/// and answered 500; the client finds the id in `x-request-id`.
fn panic_response(payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!(panic = %pool::panic_message(payload.as_ref()), "handler panicked");
    ApiError::internal("ở tiêu đề x-request-id").into_response()
}

/// Error responses made by axum itself (a rejected query or path, a wrong
/// method) come as text/plain or empty: they are rewritten as problems, with
/// their status and headers (such as `Allow`) kept.
async fn as_problem(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024).await.unwrap_or_default();
    let detail = String::from_utf8_lossy(&text).trim().to_string();
    let problem = ApiError::request_invalid(status, detail).into_response();
    let (problem_parts, problem_body) = problem.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &problem_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, problem_body)
}

/// Binds and serves until SIGTERM or Ctrl-C; then see [`run`].
pub async fn serve(state: Arc<AppState>) -> std::io::Result<()> {
    let listener = TcpListener::bind(state.settings.addr).await?;
    tracing::info!(addr = %listener.local_addr()?, workers = state.settings.workers, queue = state.settings.queue, "vanban serving");
    run(listener, state, shutdown_signal()).await;
    Ok(())
}

/// Starts a server on a free loopback port (tests, benchmarks); the returned
/// sender stops it gracefully.
pub async fn spawn(state: Arc<AppState>) -> std::io::Result<(SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>)> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(run(listener, state, async {
        let _ = stopped.await;
    }));
    Ok((addr, stop, handle))
}

/// Serves `listener` until `signal`. Then, within the shutdown grace period:
/// new batches are refused (503) while queued and running ones finish, the
/// server still answering their status and handing out their results (it
/// waits for those to be collected); then new connections are refused and
/// requests in flight finish. What is left at the end of the grace period is
/// dropped, and what happened to each batch is logged.
pub async fn run(listener: TcpListener, state: Arc<AppState>, signal: impl Future<Output = ()>) {
    let app = app(state.clone());
    let mut http = hyper::server::conn::http1::Builder::new();
    // A client that never finishes its headers is cut off (hyper needs a timer for it).
    http.timer(TokioTimer::new()).header_read_timeout(state.settings.header_timeout);
    let connections = GracefulShutdown::new();

    accept_until(&listener, &app, &http, &connections, signal).await;
    let grace = state.settings.shutdown_grace;
    let deadline = tokio::time::Instant::now() + grace;
    state.stopping.store(true, Ordering::SeqCst);
    let unfinished = state.batches.unfinished();
    if !unfinished.is_empty() {
        tracing::info!(batches = unfinished.len(), grace_s = grace.as_secs(), "shutting down: refusing new batches; the running ones finish and their results can be collected");
        let batches = state.batches.clone();
        let settled = async move {
            let _ = tokio::time::timeout_at(deadline, batches.settled(&unfinished)).await;
        };
        accept_until(&listener, &app, &http, &connections, settled).await;
    }
    drop(listener);
    let open = connections.count();
    tracing::info!(connections = open, "shutting down: finishing requests in flight");
    if tokio::time::timeout_at(deadline, connections.shutdown()).await.is_err() {
        tracing::warn!(grace_s = grace.as_secs(), "shutdown grace period over: dropping the connections still open");
    }
    state.batches.report_shutdown();
}

/// Accepts and serves connections until `until` completes.
async fn accept_until(
    listener: &TcpListener,
    app: &Router,
    http: &hyper::server::conn::http1::Builder,
    connections: &GracefulShutdown,
    until: impl Future<Output = ()>,
) {
    let mut until = std::pin::pin!(until);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    let service = TowerToHyperService::new(app.clone());
                    let connection = connections.watch(http.serve_connection(TokioIo::new(stream), service));
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!(error = %e, "connection ended with an error");
                        }
                    });
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = &mut until => return,
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received");
}

//! `vanban serve`: the JSON API over axum. Rendering runs on the render pool;
//! the async workers only parse, route and stream bytes.

pub mod batches;
mod error;
pub mod pool;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, Request};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use error::ApiError;
pub use routes::openapi;

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
        }
    }
}

pub struct AppState {
    pub settings: Settings,
    pub profiles: Profiles,
    pub store: Store,
    pub pool: Pool,
    pub batches: Arc<batches::Batches>,
}

impl AppState {
    /// Fails only when the render threads or the folder for batch results
    /// cannot be created.
    pub fn new(settings: Settings, profiles: Profiles, store: Store) -> std::io::Result<Arc<AppState>> {
        let pool = Pool::new(settings.workers, settings.queue)?;
        let batches = batches::Batches::new(settings.batch_jobs, settings.batch_ttl, settings.workers, profiles.clone())?;
        Ok(Arc::new(AppState { settings, profiles, store, pool, batches }))
    }
}

/// The application with its middleware: request ids accepted or generated and
/// echoed, and one log line per request.
pub fn app(state: Arc<AppState>) -> Router {
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
    routes::router(state)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// Binds and serves until SIGTERM or Ctrl-C; requests in flight finish, new
/// connections are refused.
pub async fn serve(state: Arc<AppState>) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(state.settings.addr).await?;
    tracing::info!(addr = %listener.local_addr()?, workers = state.settings.workers, queue = state.settings.queue, "vanban serving");
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown_signal()).await
}

/// Starts a server on a free loopback port (tests, benchmarks); the returned
/// sender stops it gracefully.
pub async fn spawn(state: Arc<AppState>) -> std::io::Result<(SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        let _ = axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok((addr, stop, handle))
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
    tracing::info!("shutting down: finishing requests in flight");
}



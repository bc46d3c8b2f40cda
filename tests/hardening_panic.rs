//! A panic fails one request or one batch row, never the server: the client
//! gets a 500 problem, the log names the request id, the render threads and
//! the batch runner go on serving.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use serde_json::{Value, json};
use vanban::profile::Profiles;
use vanban::server::batches::Batches;
use vanban::server::{self, ApiError, AppState, Settings};
use vanban::templates::Store;

/// Everything logged by this test binary.
fn log() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Writer(sink.clone()))
            .with_max_level(tracing::Level::INFO)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        log
    })
}

struct Writer(Arc<Mutex<Vec<u8>>>);
impl Write for Writer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn boom() -> &'static str {
    panic!("kiểm thử: lỗi trong handler")
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_panic_in_a_render_is_a_500_for_that_request_and_the_pool_stays_whole() {
    let log = log();
    // One render thread: if the panic killed it, nothing would render after.
    let state = AppState::new(Settings { workers: 1, queue: 4, ..Settings::default() }, Profiles::builtin().clone(), Store::builtin().clone()).unwrap();
    let s = state.clone();
    let test_routes = Router::new()
        .route(
            "/boom-on-pool",
            get(move || {
                let s = s.clone();
                async move { server::on_pool(&s, || -> Result<&'static str, ApiError> { panic!("kiểm thử: lỗi giữa lúc dựng") }).await }
            }),
        )
        .route("/boom-in-handler", get(boom));
    let base = serve(server::layered(test_routes, &state.settings)).await;
    let c = reqwest::Client::new();

    for (path, id) in [("/boom-on-pool", "kiem-thu-panic-1"), ("/boom-in-handler", "kiem-thu-panic-2")] {
        let res = c.get(format!("{base}{path}")).header("x-request-id", id).send().await.unwrap();
        assert_eq!(res.status(), 500, "{path}");
        assert_eq!(res.headers()["x-request-id"], id);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], "internal-error");
        let text = String::from_utf8_lossy(&log.lock().unwrap()).to_string();
        assert!(text.lines().any(|l| l.contains(id) && l.contains("panicked") && l.contains("kiểm thử")), "{path}: {text}");
    }

    // The same pool renders the next document.
    let (addr, _stop, _h) = server::spawn(state.clone()).await.unwrap();
    for _ in 0..2 {
        let res = c.post(format!("http://{addr}/v1/render")).json(&common::minimal_json()).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
}

#[tokio::test]
async fn a_panic_in_a_batch_row_fails_that_row_and_the_runner_goes_on() {
    let _ = log();
    // Rows whose `so` is 13 panic in the renderer; the rest render as usual.
    let batches = Batches::with_renderer(
        2,
        Duration::from_secs(600),
        1,
        Profiles::builtin().clone(),
        Arc::new(|data: &Value, template: &vanban::templates::Template, profiles: &Profiles, formats: &[vanban::render::Format]| {
            if data["so"] == 13 {
                panic!("kiểm thử: lỗi ở một dòng");
            }
            vanban::batch::render_row(data, template, profiles, formats)
        }),
    )
    .unwrap();
    let settings = Settings { workers: 1, queue: 4, ..Settings::default() };
    let state = AppState::with_batches(settings, Profiles::builtin().clone(), Store::builtin().clone(), batches).unwrap();
    let (addr, _stop, _h) = server::spawn(state).await.unwrap();
    let c = reqwest::Client::new();
    let t = Store::builtin().get("to-trinh-sua-doi-quy-che").unwrap();
    let rows: Vec<Value> = [12, 13, 14].iter().map(|n| {
        let mut r = t.example.clone();
        r["so"] = json!(n);
        r
    }).collect();

    for round in 0..2 {
        let res = c.post(format!("http://{addr}/v1/batches")).json(&json!({"template": t.meta.id, "rows": rows, "formats": ["docx"]})).send().await.unwrap();
        assert_eq!(res.status(), 202, "round {round}: later submissions are accepted");
        let location = res.headers()["location"].to_str().unwrap().to_string();
        let mut status = Value::Null;
        for _ in 0..600 {
            status = c.get(format!("http://{addr}{location}")).send().await.unwrap().json().await.unwrap();
            if status["state"] != "queued" && status["state"] != "running" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(status["state"], "done", "{status}");
        assert_eq!((status["done"].as_u64(), status["failed"].as_u64()), (Some(2), Some(1)), "{status}");
        assert_eq!(status["errors"][0]["row"], 2);
        assert_eq!(status["errors"][0]["problems"][0]["code"], "render-panic");
        let res = c.get(format!("http://{addr}{location}/result")).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
}

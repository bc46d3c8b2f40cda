//! Inputs the API used to get wrong: an oversized body whose 413 the client
//! never saw, rejections in text/plain, a template request without data, CSV
//! that was accepted broken, empty batches, empty bodies, a template's date
//! problem pointing into the generated document.

mod common;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vanban::profile::Profiles;
use vanban::server::{self, AppState, Settings};
use vanban::templates::Store;

async fn start(settings: Settings) -> (String, tokio::sync::oneshot::Sender<()>) {
    let state = AppState::new(settings, Profiles::builtin().clone(), Store::builtin().clone()).unwrap();
    let (addr, stop, _handle) = server::spawn(state).await.unwrap();
    (format!("http://{addr}"), stop)
}

fn settings() -> Settings {
    Settings { workers: 1, queue: 8, ..Settings::default() }
}

async fn problem(res: reqwest::Response) -> Value {
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    res.json().await.unwrap()
}

/// Python's http.client sends the whole body before reading the answer: a
/// server that answers 413 and closes at once makes it fail with a broken pipe.
const PYTHON_CLIENT: &str = r#"
import http.client, json, sys
host, port, tries, chunked = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "chunked"
body = b'{"kind": "' + b"x" * (3 * 1024 * 1024) + b'"}'
seen = []
for i in range(tries):
    c = http.client.HTTPConnection(host, port, timeout=30)
    try:
        if chunked:
            pieces = (body[j:j + 65536] for j in range(0, len(body), 65536))
            c.request("POST", "/v1/render", body=pieces, headers={"Content-Type": "application/json"}, encode_chunked=True)
        else:
            c.request("POST", "/v1/render", body=body, headers={"Content-Type": "application/json"})
        r = c.getresponse()
        seen.append([r.status, r.getheader("Content-Type"), json.loads(r.read()).get("code")])
    except Exception as e:
        seen.append([type(e).__name__, None, None])
    finally:
        c.close()
print(json.dumps(seen))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ordinary_clients_see_the_413_of_an_oversized_body() {
    if std::process::Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 is not installed: skipped");
        return;
    }
    let (base, _stop) = start(settings()).await;
    let addr = base.trim_start_matches("http://").to_string();
    let (host, port) = addr.split_once(':').unwrap();
    for mode in ["length", "chunked"] {
        let (host, port) = (host.to_string(), port.to_string());
        let out = tokio::task::spawn_blocking(move || {
            std::process::Command::new("python3").args(["-c", PYTHON_CLIENT, &host, &port, "20", mode]).output().unwrap()
        })
        .await
        .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let seen: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(seen.len(), 20);
        for s in &seen {
            assert_eq!(s, &json!([413, "application/problem+json", "body-too-large"]), "{mode}: {seen:?}");
        }
    }
}

#[tokio::test]
async fn rejections_by_the_router_and_extractors_are_problems() {
    let (base, _stop) = start(settings()).await;
    let c = reqwest::Client::new();
    let doc = common::minimal_json();

    let res = c.post(format!("{base}/v1/render?format=pdf&format=pdf")).json(&doc).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = problem(res).await;
    assert_eq!(body["code"], "query-invalid");
    assert_eq!(body["status"], 400);

    let res = c.post(format!("{base}/v1/compare?format=pdf&format=docx")).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem(res).await["code"], "query-invalid");

    let res = c.put(format!("{base}/v1/render")).json(&doc).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers().contains_key("allow"), "the Allow header is kept");
    let body = problem(res).await;
    assert_eq!(body["code"], "method-not-allowed");
    assert_eq!(body["status"], 405);
}

#[tokio::test]
async fn a_template_request_without_data_says_data_is_missing() {
    let (base, _stop) = start(settings()).await;
    let c = reqwest::Client::new();
    let problems: Vec<Value> = c
        .post(format!("{base}/v1/validate"))
        .json(&json!({"template": "to-trinh-sua-doi-quy-che"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0]["code"].as_str(), problems[0]["path"].as_str()), (Some("field-missing"), Some("/data")));

    let res = c.post(format!("{base}/v1/render")).json(&json!({"template": "to-trinh-sua-doi-quy-che", "extra": 1})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = problem(res).await;
    let paths: Vec<&str> = body["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["/data", "/extra"]);
}

#[tokio::test]
async fn an_empty_body_is_called_empty() {
    let (base, _stop) = start(settings()).await;
    let res = reqwest::Client::new().post(format!("{base}/v1/validate")).header("content-type", "application/json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = problem(res).await;
    assert_eq!(body["code"], "json-malformed");
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("rỗng") && !detail.contains("cột 0"), "{detail}");
}

#[tokio::test]
async fn a_render_timeout_says_when_to_retry() {
    let (base, _stop) = start(Settings { render_timeout: Duration::from_millis(1), ..settings() }).await;
    let res = reqwest::Client::new().post(format!("{base}/v1/render")).json(&common::minimal_json()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(problem(res).await["code"], "render-timeout");
}

const TEMPLATE: &str = "quy-che-lam-viec-dang-uy-co-so";

fn csv_header() -> String {
    std::fs::read_to_string(common::root().join("samples/to-chuc-dang.csv")).unwrap().lines().next().unwrap().to_string()
}

fn csv_row(n: usize) -> String {
    std::fs::read_to_string(common::root().join("samples/to-chuc-dang.csv")).unwrap().lines().nth(n).unwrap().to_string()
}

#[tokio::test]
async fn broken_csv_is_refused_400_with_its_line() {
    let (base, _stop) = start(settings()).await;
    let c = reqwest::Client::new();
    let url = format!("{base}/v1/batches");
    let cases = [
        (format!("{}\n{}\n{},thừa\n", csv_header(), csv_row(1), csv_row(2)), "dòng 3"),
        (format!("{}\n{}\n\"chưa đóng,{}\n", csv_header(), csv_row(1), csv_row(2)), "dòng 3"),
        (String::new(), "rỗng"),
    ];
    for (csv, needle) in cases {
        let res = c.post(&url).json(&json!({"template": TEMPLATE, "csv": csv})).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{needle}");
        let body = problem(res).await;
        assert_eq!(body["code"], "csv-invalid");
        let p = &body["problems"][0];
        assert_eq!((p["code"].as_str(), p["path"].as_str()), (Some("csv-invalid"), Some("/csv")), "{body}");
        assert!(p["message"].as_str().unwrap().contains(needle), "{body}");
    }
}

#[tokio::test]
async fn empty_batches_are_refused() {
    let (base, _stop) = start(settings()).await;
    let c = reqwest::Client::new();
    for (body, path) in [(json!({"template": TEMPLATE, "rows": []}), "/rows"), (json!({"template": TEMPLATE, "csv": format!("{}\n", csv_header())}), "/csv")] {
        let res = c.post(format!("{base}/v1/batches")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = problem(res).await;
        assert_eq!((body["problems"][0]["code"].as_str(), body["problems"][0]["path"].as_str()), (Some("batch-empty"), Some(path)));
    }
}

#[tokio::test]
async fn a_bad_csv_cell_fails_its_row_as_csv_cell() {
    let (base, _stop) = start(settings()).await;
    let c = reqwest::Client::new();
    // Column 9 is `so`, an integer.
    let mut cells: Vec<String> = csv::ReaderBuilder::new().has_headers(false).from_reader(csv_row(2).as_bytes()).records().next().unwrap().unwrap().iter().map(String::from).collect();
    assert_eq!(csv_header().split(',').nth(8), Some("so"));
    cells[8] = "mười".into();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&cells).unwrap();
    let bad = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let csv = format!("{}\n{}\n{bad}", csv_header(), csv_row(1));
    let res = c.post(format!("{base}/v1/batches")).json(&json!({"template": TEMPLATE, "csv": csv, "formats": ["docx"]})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let mut status = Value::Null;
    for _ in 0..600 {
        status = c.get(format!("{base}{location}")).send().await.unwrap().json().await.unwrap();
        if status["state"] == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!((status["done"].as_u64(), status["failed"].as_u64()), (Some(1), Some(1)));
    let problems = status["errors"][0]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0]["code"].as_str(), problems[0]["path"].as_str()), (Some("csv-cell"), Some("/data/so")));
    assert_eq!(status["errors"][0]["row"], 2);
}

#[test]
fn a_template_date_problem_points_at_the_data() {
    let t = Store::builtin().get("to-trinh-sua-doi-quy-che").unwrap();
    let mut data = t.example.clone();
    data["ngay"] = json!("30/02/2024");
    let problems = t.render_document(&data, Profiles::builtin()).unwrap_err();
    let date = problems.iter().find(|p| p.code == "date-invalid").unwrap_or_else(|| panic!("{problems:#?}"));
    assert_eq!(date.path, "/data/ngay");
}

//! The HTTP API, on a real server bound to a loopback port: every endpoint and
//! every error status.

mod common;

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vanban::profile::Profiles;
use vanban::server::{self, AppState, Settings};
use vanban::templates::Store;

async fn start(settings: Settings) -> (String, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let state = AppState::new(settings, Profiles::builtin().clone(), Store::builtin().clone()).unwrap();
    let (addr, stop, handle) = server::spawn(state).await.unwrap();
    (format!("http://{addr}"), stop, handle)
}

fn settings() -> Settings {
    Settings { workers: 2, queue: 16, ..Settings::default() }
}

fn sample_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(common::root().join(format!("samples/{name}.json"))).unwrap()).unwrap()
}

async fn problem(res: reqwest::Response) -> Value {
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    res.json().await.unwrap()
}

#[tokio::test]
async fn health_templates_and_schemas() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let health: Value = c.get(format!("{base}/healthz")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["templates"], 11);

    let list: Vec<Value> = c.get(format!("{base}/v1/templates")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list.len(), 11);
    let one: Value = c.get(format!("{base}/v1/templates/quy-che-lam-viec-dang-uy-co-so")).send().await.unwrap().json().await.unwrap();
    assert_eq!(one["meta"]["kind"], "quy-che");
    assert!(one["example"].is_object() && one["schema"].is_object());

    let res = c.get(format!("{base}/v1/templates/to-trinh-sua-doi-quy-che/schema")).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/schema+json");
    let schema: Value = res.json().await.unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");

    let res = c.get(format!("{base}/v1/templates/khong-co")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(res).await["code"], "template-unknown");

    let kinds: Vec<Value> = c.get(format!("{base}/v1/kinds")).send().await.unwrap().json().await.unwrap();
    let hd05 = kinds.iter().find(|p| p["profile"] == "dang-hd05").expect("dang-hd05 listed");
    assert_eq!(hd05["in_force_from"], "2026-05-27");
    let cong_van = hd05["kinds"].as_array().unwrap().iter().find(|k| k["id"] == "cong-van").expect("công văn listed");
    assert_eq!((&cong_van["name"], &cong_van["type_code"]), (&json!("Công văn"), &json!("CV")));
    assert!(kinds.iter().any(|p| p["profile"] == "dang-hd36"));

    let doc_schema: Value = c.get(format!("{base}/v1/schema")).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc_schema, vanban::model::schema());

    let res = c.get(format!("{base}/khong/co")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(res).await["code"], "not-found");
}

#[tokio::test]
async fn render_returns_the_file_with_its_names() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let res = c.post(format!("{base}/v1/render?format=pdf")).json(&sample_json("bao-cao-dong-nai")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["x-vanban-profile"], "dang-hd36", "dated 2023: HD 36");
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    assert_eq!(
        disposition,
        "attachment; filename=\"bao-cao-so-512-bc-tu.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20s%E1%BB%91%20512-BC-TU.pdf"
    );
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));

    let res = c.post(format!("{base}/v1/render?format=docx")).json(&sample_json("to-trinh-sua-doi-quy-che")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));

    let t = Store::builtin().get("thong-bao-ket-luan-giam-sat").unwrap();
    let res = c.post(format!("{base}/v1/render")).json(&json!({"template": t.meta.id, "data": t.example})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "pdf is the default format");
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["x-vanban-profile"], "dang-hd05", "dated 2026: HD 05");

    let res = c.post(format!("{base}/v1/validate")).json(&sample_json("to-trinh-hd05-sua-doi-quy-che")).send().await.unwrap();
    assert_eq!(res.headers()["x-vanban-profile"], "dang-hd05");
}

#[tokio::test]
async fn input_errors_have_their_status_and_code() {
    let mut s = settings();
    s.body_limit = 64 * 1024;
    let (base, _stop, _h) = start(s).await;
    let c = reqwest::Client::new();
    let url = format!("{base}/v1/render");

    let res = c.post(&url).header("content-type", "application/json").body("{\"kind\": ").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem(res).await["code"], "json-malformed");

    let res = c.post(format!("{url}?format=odt")).json(&common::minimal_json()).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem(res).await["code"], "format-unknown");

    let res = c.post(&url).header("content-type", "text/plain").body("x").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(problem(res).await["code"], "unsupported-media-type");

    let mut big = common::minimal_json();
    big["body"] = json!(vec!["Một đoạn văn khá dài để làm đầy nội dung gửi lên máy chủ."; 2000]);
    let res = c.post(&url).json(&big).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(problem(res).await["code"], "body-too-large");

    let mut bad = common::minimal_json();
    bad["date"] = json!("30/02/2024");
    bad["signature"]["authority"] = json!("K/T Ban Thường vụ");
    let res = c.post(&url).json(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = problem(res).await;
    assert_eq!(body["code"], "validation-failed");
    assert_eq!(body["title"], "Dữ liệu chưa hợp lệ");
    let paths: Vec<&str> = body["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["/date", "/signature/authority"]);

    let res = c.post(&url).json(&json!({"template": "khong-co", "data": {}})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(res).await["code"], "template-unknown");
}

#[tokio::test]
async fn validate_lists_problems_and_an_empty_list_when_clean() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let url = format!("{base}/v1/validate");
    let clean: Vec<Value> = c.post(&url).json(&sample_json("quy-che-lam-viec-dang-uy-xa")).send().await.unwrap().json().await.unwrap();
    assert!(clean.is_empty(), "{clean:?}");
    let mut bad = common::minimal_json();
    bad["recipients"] = json!(["Các đ/c TVTU"]);
    let res = c.post(&url).json(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let problems: Vec<Value> = res.json().await.unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["code"], "recipients-archive");
    assert_eq!(problems[0]["severity"], "error");
    let t = Store::builtin().get("to-trinh-sua-doi-quy-che").unwrap();
    let mut data = t.example.clone();
    data.as_object_mut().unwrap().remove("ten_dang_bo");
    let problems: Vec<Value> = c.post(&url).json(&json!({"template": t.meta.id, "data": data})).send().await.unwrap().json().await.unwrap();
    assert_eq!(problems[0]["path"], "/data/ten_dang_bo");
}

#[tokio::test]
async fn a_full_queue_answers_429_with_retry_after() {
    let (base, _stop, _h) = start(Settings { workers: 1, queue: 1, ..Settings::default() }).await;
    let c = reqwest::Client::new();
    let doc = sample_json("bao-cao-dong-nai");
    let requests = (0..12).map(|_| c.post(format!("{base}/v1/render")).json(&doc).send());
    let responses = futures_join(requests).await;
    let mut statuses: Vec<u16> = Vec::new();
    for res in responses {
        let res = res.unwrap();
        statuses.push(res.status().as_u16());
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().contains_key("retry-after"));
            assert_eq!(problem(res).await["code"], "queue-full");
        }
    }
    assert!(statuses.iter().all(|s| *s == 200 || *s == 429), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(statuses.contains(&200), "{statuses:?}");
}

async fn futures_join<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_render_past_its_deadline_answers_503() {
    let (base, _stop, _h) = start(Settings { render_timeout: Duration::from_millis(1), ..settings() }).await;
    let res = reqwest::Client::new().post(format!("{base}/v1/render")).json(&sample_json("bao-cao-dong-nai")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key("retry-after"), "like the 429");
    assert_eq!(problem(res).await["code"], "render-timeout");
}

#[tokio::test]
async fn request_ids_are_echoed_or_made() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let res = c.get(format!("{base}/v1/schema")).header("x-request-id", "vp-tinh-uy-42").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "vp-tinh-uy-42");
    let res = c.get(format!("{base}/v1/schema")).send().await.unwrap();
    let made = res.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(made.len(), 36, "a UUID: {made}");
}

#[tokio::test]
async fn shutdown_lets_the_render_in_flight_finish_and_refuses_new_ones() {
    let (base, stop, handle) = start(settings()).await;
    let c = reqwest::Client::new();
    // The quy chế's body forty times over: some 440 pages, a render that
    // lasts well past the pause below even on a fast machine (the 12 pages
    // alone took under 250 ms on CI).
    let mut doc = sample_json("quy-che-lam-viec-dang-uy-xa");
    let body = doc["body"].as_array().unwrap().clone();
    doc["body"] = Value::Array(body.iter().cycle().take(body.len() * 40).cloned().collect());
    let in_flight = tokio::spawn({
        let c = c.clone();
        let url = format!("{base}/v1/render");
        async move { c.post(url).json(&doc).send().await.unwrap().status() }
    });
    // Long enough for the request to be accepted on a loaded machine, far
    // shorter than the render.
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert!(!in_flight.is_finished(), "the render is still running when the server is told to stop");
    stop.send(()).unwrap();
    assert_eq!(in_flight.await.unwrap(), StatusCode::OK);
    tokio::time::timeout(Duration::from_secs(10), handle).await.expect("the server stops").unwrap();
    assert!(reqwest::Client::new().get(format!("{base}/healthz")).send().await.is_err(), "new connections are refused");
}

#[tokio::test]
async fn openapi_describes_every_route_and_is_valid() {
    let (base, _stop, _h) = start(settings()).await;
    let doc: Value = reqwest::Client::new().get(format!("{base}/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let parsed: oas3::OpenApiV3Spec = serde_json::from_value(doc.clone()).expect("a valid OpenAPI 3.1 document");
    let mut routes: Vec<String> = Vec::new();
    for (path, item) in parsed.paths.unwrap() {
        for (method, _) in item.methods() {
            routes.push(format!("{} {path}", method.as_str()));
        }
    }
    routes.sort();
    assert_eq!(
        routes,
        [
            "DELETE /v1/batches/{id}", "GET /", "GET /assets/{file}", "GET /healthz", "GET /openapi.json", "GET /v1/batches/{id}",
            "GET /v1/batches/{id}/result", "GET /v1/kinds", "GET /v1/kinds/{id}/example", "GET /v1/schema", "GET /v1/templates",
            "GET /v1/templates/{id}", "GET /v1/templates/{id}/csv", "GET /v1/templates/{id}/schema", "POST /v1/batches",
            "POST /v1/bundles", "POST /v1/compare", "POST /v1/copies", "POST /v1/import", "POST /v1/lint", "POST /v1/preview", "POST /v1/render",
            "POST /v1/validate",
        ]
    );
    // Every documented route is served: GETs answer, POSTs refuse an empty body
    // with 415, a batch that does not exist is a batch-unknown 404, never the
    // catch-all not-found.
    let c = reqwest::Client::new();
    for route in &routes {
        let (method, path) = route.split_once(' ').unwrap();
        let id = if path.starts_with("/v1/batches") {
            "0000-khong-co"
        } else if path.starts_with("/v1/kinds") {
            "to-trinh"
        } else {
            "to-trinh-sua-doi-quy-che"
        };
        let url = format!("{base}{}", path.replace("{id}", id).replace("{file}", &web_asset("js")));
        let res = match method {
            "GET" => c.get(url).send().await.unwrap(),
            "POST" => c.post(url).send().await.unwrap(),
            _ => c.delete(url).send().await.unwrap(),
        };
        let status = res.status();
        if status == StatusCode::NOT_FOUND {
            assert_eq!(problem(res).await["code"], "batch-unknown", "{route}");
        } else {
            assert!(status == StatusCode::OK || status == StatusCode::UNSUPPORTED_MEDIA_TYPE, "{route}: {status}");
        }
    }
    // The embedded schemas are themselves valid JSON Schemas.
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        assert!(jsonschema::meta::is_valid(schema), "{name}");
    }
}

/// The name of one of the web app's built assets (`web/dist/assets`).
fn web_asset(extension: &str) -> String {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/web/dist/assets"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with(&format!(".{extension}")))
        .unwrap_or_else(|| panic!("web/dist has no .{extension} asset: run `npm run build` in web/"))
}

#[tokio::test]
async fn web_app_is_served_from_the_binary_and_fetches_nothing_from_outside() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let page = c.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["content-type"], "text/html; charset=utf-8");
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<html lang="vi">"#));
    // Every script and style the page names is vanban's own and is served.
    let linked: Vec<&str> = html.split(['"', '\'']).filter(|s| s.starts_with("/assets/")).collect();
    assert!(linked.len() >= 2, "{html}");
    assert!(!html.contains("http://") && !html.contains("https://"), "no outside address: {html}");
    for path in linked {
        let res = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let kind = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(kind.starts_with(if path.ends_with(".js") { "text/javascript" } else { "text/css" }), "{path}: {kind}");
        assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    }
    for missing in ["/assets/nothing.js", "/assets/..%2Findex.html", "/assets/.hidden"] {
        let res = c.get(format!("{base}{missing}")).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(problem(res).await["code"], "not-found", "{missing}");
    }
}

async fn wait_for(c: &reqwest::Client, url: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..600 {
        let status: Value = c.get(url).send().await.unwrap().json().await.unwrap();
        if done(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("batch did not finish: {url}");
}

#[tokio::test]
async fn batches_run_report_deliver_and_delete() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let t = Store::builtin().get("to-trinh-sua-doi-quy-che").unwrap();
    let mut rows = Vec::new();
    for (i, xa) in ["Phước Thiền", "Long Tân", "Phú Hội", "Phước An"].iter().enumerate() {
        let mut r = t.example.clone();
        r["ten_dang_uy"] = json!(format!("Đảng ủy xã {xa}"));
        r["ten_dang_bo"] = json!(format!("Đảng bộ xã {xa}"));
        r["so"] = json!(20 + i);
        rows.push(r);
    }
    rows[2].as_object_mut().unwrap().remove("ten_dang_bo");
    let res = c.post(format!("{base}/v1/batches")).json(&json!({"template": t.meta.id, "rows": rows, "formats": ["pdf"]})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let started: Value = res.json().await.unwrap();
    assert_eq!(started["total"], 4);
    assert_eq!(location, format!("/v1/batches/{}", started["id"].as_str().unwrap()));

    let status = wait_for(&c, &format!("{base}{location}"), |s| s["state"] == "done").await;
    assert_eq!((status["done"].as_u64(), status["failed"].as_u64()), (Some(3), Some(1)));
    assert_eq!(status["errors"][0]["row"], 3);
    assert_eq!(status["errors"][0]["problems"][0]["path"], "/data/ten_dang_bo");

    let res = c.get(format!("{base}{location}/result")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().to_string()).collect();
    names.sort();
    assert_eq!(names, ["dang-uy-xa-long-tan-21-ttr-du.pdf", "dang-uy-xa-phuoc-an-23-ttr-du.pdf", "dang-uy-xa-phuoc-thien-20-ttr-du.pdf", "errors.csv", "errors.json"]);

    let res = c.delete(format!("{base}{location}")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = c.get(format!("{base}{location}")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(res).await["code"], "batch-unknown");
}

#[tokio::test]
async fn batches_are_bounded_cancellable_and_refuse_early_results() {
    let (base, _stop, _h) = start(Settings { batch_jobs: 1, workers: 1, ..settings() }).await;
    let c = reqwest::Client::new();
    let t = Store::builtin().get("to-trinh-sua-doi-quy-che").unwrap();
    let rows: Vec<Value> = (0..150).map(|_| t.example.clone()).collect();
    let res = c.post(format!("{base}/v1/batches")).json(&json!({"template": t.meta.id, "rows": rows})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let location = res.headers()["location"].to_str().unwrap().to_string();

    let second = c.post(format!("{base}/v1/batches")).json(&json!({"template": t.meta.id, "rows": [t.example]})).send().await.unwrap();
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem(second).await["code"], "batch-limit");

    let early = c.get(format!("{base}{location}/result")).send().await.unwrap();
    assert_eq!(early.status(), StatusCode::CONFLICT);
    assert_eq!(problem(early).await["code"], "batch-not-ready");

    wait_for(&c, &format!("{base}{location}"), |s| s["done"].as_u64().unwrap_or(0) > 0).await;
    let res = c.delete(format!("{base}{location}")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // The slot is free again once the cancelled job stops.
    let mut accepted = false;
    for _ in 0..200 {
        let res = c.post(format!("{base}/v1/batches")).json(&json!({"template": t.meta.id, "rows": [t.example]})).send().await.unwrap();
        if res.status() == StatusCode::ACCEPTED {
            accepted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(accepted, "a new batch is accepted after the cancel");

    let res = c.post(format!("{base}/v1/batches")).json(&json!({"template": "khong-co", "rows": [{}]})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

/// Every `$ref` in `v`, with where it sits.
fn refs<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((at.clone(), r));
            }
            for (k, v) in map {
                refs(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| refs(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn openapi_refs_all_resolve_in_the_document_and_responses_fit_their_schemas() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let doc: Value = c.get(format!("{base}/openapi.json")).send().await.unwrap().json().await.unwrap();
    let mut found = Vec::new();
    refs(&doc, String::new(), &mut found);
    assert!(found.len() > 20, "{}", found.len());
    for (at, r) in &found {
        let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("{at}: {r} is not local"));
        assert!(pointer.starts_with("/components/schemas/"), "{at}: {r}");
        assert!(doc.pointer(pointer).is_some(), "{at}: {r} does not resolve");
    }
    let text = doc.to_string();
    assert!(!text.contains("\"$defs\"") && !text.contains("\"$id\""), "no nested $defs or $id left: their refs would resolve elsewhere");
    let schemas = &doc["components"]["schemas"];
    let item = schemas["BundleManifest"]["properties"]["documents"]["items"]["$ref"].as_str().unwrap();
    let item = doc.pointer(item.strip_prefix('#').unwrap()).unwrap();
    assert_eq!(item["oneOf"].as_array().map(Vec::len), Some(3), "{item}");

    // The template list matches its schema (links included).
    let list: Vec<Value> = c.get(format!("{base}/v1/templates")).send().await.unwrap().json().await.unwrap();
    // Refs resolve against the document, so each schema is checked from inside it.
    let within = |name: &str| jsonschema::validator_for(&json!({"$ref": format!("#/components/schemas/{name}"), "components": doc["components"]})).unwrap();
    let validator = within("TemplateListItem");
    for t in &list {
        assert!(validator.is_valid(t), "{t}");
    }
    // So does a problem.
    let res = c.get(format!("{base}/v1/templates/khong-co")).send().await.unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(within("Problem").is_valid(&body), "{body}");
}

#[tokio::test]
async fn copies_render_and_bad_requests_are_located() {
    let (base, _stop, _h) = start(settings()).await;
    let mut request: Value = serde_json::from_str(&std::fs::read_to_string(common::root().join("samples/ban-sao-quyet-dinh.copier.json")).unwrap()).unwrap();
    request["document"] = sample_json("quyet-dinh-hd05-ban-hanh-quy-che");
    request["form"] = json!("sao-y");
    let c = reqwest::Client::new();
    let res = c.post(format!("{base}/v1/copies?format=docx")).json(&request).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("ban-sao-quyet-dinh.docx"));
    request["form"] = json!("sao-chep");
    let res = c.post(format!("{base}/v1/copies")).json(&request).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(res).await;
    assert_eq!(p["code"], "validation-failed");
    assert_eq!(p["problems"][0]["path"], "/form");
}

#[tokio::test]
async fn preview_draws_one_page_as_png_and_names_the_page_count() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let doc = sample_json("to-trinh-sua-doi-quy-che");
    let res = c.post(format!("{base}/v1/preview?page=2&width=600")).json(&doc).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    let pages: usize = res.headers()["x-vanban-pages"].to_str().unwrap().parse().unwrap();
    assert_eq!(pages, 3, "the tờ trình has three pages");
    let png = res.bytes().await.unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(width, 600);
    let beyond = c.post(format!("{base}/v1/preview?page=4")).json(&doc).send().await.unwrap();
    assert_eq!(beyond.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem(beyond).await["code"], "page-unknown");
    let narrow = c.post(format!("{base}/v1/preview?width=10")).json(&doc).send().await.unwrap();
    assert_eq!(problem(narrow).await["code"], "query-invalid");
}

#[tokio::test]
async fn a_kind_has_an_example_and_a_template_a_csv_header_row() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let example: Value = c.get(format!("{base}/v1/kinds/giay-moi/example")).send().await.unwrap().json().await.unwrap();
    assert_eq!(example["kind"], "giay-moi");
    assert_ne!(example["paper"], "a5", "an A4 example comes first");
    let rendered = c.post(format!("{base}/v1/render")).json(&example).send().await.unwrap();
    assert_eq!(rendered.status(), StatusCode::OK, "the example renders");
    let csv = c.get(format!("{base}/v1/templates/to-trinh-sua-doi-quy-che/csv")).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv");
    let text = csv.text().await.unwrap();
    let header = text.trim_start_matches('\u{feff}').trim_end();
    assert!(!header.is_empty() && !header.contains('\n'), "one header row: {header}");
    let unknown = c.get(format!("{base}/v1/kinds/khong-co/example")).send().await.unwrap();
    assert_eq!(problem(unknown).await["code"], "kind-unknown");
}

#[tokio::test]
async fn a_bundle_comes_as_a_zip_or_as_its_merged_pdf_alone() {
    let (base, _stop, _h) = start(settings()).await;
    let c = reqwest::Client::new();
    let manifest = json!({"title": "thử", "documents": [{"document": sample_json("to-trinh-sua-doi-quy-che")}]});
    let zip = c.post(format!("{base}/v1/bundles")).json(&manifest).send().await.unwrap();
    assert_eq!(zip.headers()["content-type"], "application/zip");
    let pdf = c.post(format!("{base}/v1/bundles?format=pdf")).json(&manifest).send().await.unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let odd = c.post(format!("{base}/v1/bundles?format=odt")).json(&manifest).send().await.unwrap();
    assert_eq!(problem(odd).await["code"], "format-unknown");
}

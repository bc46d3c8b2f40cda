//! The routes, each described once: the router and `/openapi.json` are built
//! from the same list, so the documentation cannot miss a route.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::error::ApiError;
use super::AppState;
use super::pool::PoolError;
use crate::model::{self, Document};
use crate::problem::Problem;
use crate::render::{self, Format};

type Shared = State<Arc<AppState>>;

/// One route: method, path, handler and its OpenAPI operation.
struct Endpoint {
    method: &'static str,
    path: &'static str,
    handler: MethodRouter<Arc<AppState>>,
    operation: Value,
}

fn endpoints() -> Vec<Endpoint> {
    let problem = |description: &str| json!({"description": description, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let json_ok = |description: &str, schema: Value| json!({"description": description, "content": {"application/json": {"schema": schema}}});
    let id_param = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Mã mẫu"}]);
    let render_body = json!({
        "required": true,
        "content": {"application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/Document"},
            {"$ref": "#/components/schemas/TemplateRequest"}
        ]}}}
    });
    let format_param = json!([{"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["pdf", "docx"], "default": "pdf"}}]);
    let file_content = json!({
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}}
    });
    let input_errors = |ok: Value| {
        let mut r = json!({
            "400": problem("JSON không hợp lệ (json-malformed) hoặc định dạng không hỗ trợ (format-unknown)"),
            "404": problem("Không có mẫu (template-unknown)"),
            "413": problem("Nội dung quá giới hạn (body-too-large)"),
            "415": problem("Không phải application/json (unsupported-media-type)"),
            "422": problem("Dữ liệu chưa hợp lệ; danh sách vấn đề trong `problems` (validation-failed)"),
            "429": {"description": "Hàng đợi đầy (queue-full); thử lại sau Retry-After giây", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            "503": problem("Quá thời hạn dựng (render-timeout)"),
        });
        r["200"] = ok;
        r
    };
    vec![
        Endpoint {
            method: "get",
            path: "/healthz",
            handler: get(healthz),
            operation: json!({
                "summary": "Kiểm tra sống: dựng một văn bản mẫu nhỏ (PDF và DOCX)",
                "responses": {"200": json_ok("Phông chữ, hồ sơ và mẫu hoạt động", json!({"type": "object"})), "503": problem("Không dựng được văn bản mẫu")}
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/templates",
            handler: get(templates),
            operation: json!({
                "summary": "Danh sách mẫu văn bản",
                "responses": {"200": json_ok("Các mẫu", json!({"type": "array", "items": {"$ref": "#/components/schemas/TemplateMeta"}}))}
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/templates/{id}",
            handler: get(template),
            operation: json!({
                "summary": "Một mẫu: thông tin, lược đồ dữ liệu và dữ liệu ví dụ",
                "parameters": id_param,
                "responses": {"200": json_ok("Mẫu", json!({"type": "object"})), "404": problem("Không có mẫu (template-unknown)")}
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/templates/{id}/schema",
            handler: get(template_schema),
            operation: json!({
                "summary": "Lược đồ JSON (draft 2020-12) của dữ liệu một mẫu",
                "parameters": id_param,
                "responses": {"200": {"description": "Lược đồ", "content": {"application/schema+json": {"schema": {"type": "object"}}}}, "404": problem("Không có mẫu (template-unknown)")}
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/schema",
            handler: get(document_schema),
            operation: json!({
                "summary": "Lược đồ JSON (draft 2020-12) của mô tả văn bản",
                "responses": {"200": {"description": "Lược đồ", "content": {"application/schema+json": {"schema": {"type": "object"}}}}}
            }),
        },
        Endpoint {
            method: "post",
            path: "/v1/render",
            handler: post(render_document),
            operation: json!({
                "summary": "Dựng một văn bản ra PDF hoặc DOCX",
                "description": "Thân yêu cầu là một mô tả văn bản, hoặc {\"template\": ID, \"data\": {…}}. Tên tệp trong Content-Disposition ghép từ tên loại và số văn bản.",
                "parameters": format_param,
                "requestBody": render_body,
                "responses": input_errors(json!({
                    "description": "Tệp văn bản",
                    "headers": {"Content-Disposition": {"schema": {"type": "string"}, "description": "attachment; filename=\"…\"; filename*=UTF-8''…"}},
                    "content": file_content
                }))
            }),
        },
        Endpoint {
            method: "post",
            path: "/v1/validate",
            handler: post(validate),
            operation: json!({
                "summary": "Kiểm tra một văn bản (lược đồ và thể thức); danh sách rỗng khi không có vấn đề",
                "requestBody": render_body,
                "responses": {
                    "200": json_ok("Các vấn đề (lỗi và cảnh báo)", json!({"type": "array", "items": {"$ref": "#/components/schemas/ProblemItem"}})),
                    "400": problem("JSON không hợp lệ (json-malformed)"),
                    "404": problem("Không có mẫu (template-unknown)"),
                    "413": problem("Nội dung quá giới hạn (body-too-large)"),
                    "415": problem("Không phải application/json (unsupported-media-type)")
                }
            }),
        },
        Endpoint {
            method: "post",
            path: "/v1/compare",
            handler: post(compare),
            operation: json!({
                "summary": "Bảng so sánh hai phiên bản một quy chế (khổ ngang) ra PDF hoặc DOCX",
                "parameters": format_param,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CompareRequest"}}}},
                "responses": input_errors(json!({
                    "description": "Tệp bảng so sánh",
                    "content": file_content
                }))
            }),
        },
        Endpoint {
            method: "post",
            path: "/v1/bundles",
            handler: post(bundle),
            operation: json!({
                "summary": "Bộ hồ sơ hội nghị: mọi tài liệu ra DOCX và PDF, một PDF gộp có dấu trang, manifest.json có sha256, trong một tệp ZIP",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BundleManifest"}}}},
                "responses": input_errors(json!({"description": "Tệp ZIP", "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}))
            }),
        },
        Endpoint {
            method: "post",
            path: "/v1/batches",
            handler: post(batch_start),
            operation: json!({
                "summary": "Bắt đầu một lô: một mẫu, nhiều dòng dữ liệu (mảng \"rows\" hoặc văn bản \"csv\")",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}}}},
                "responses": {
                    "202": {"description": "Đã nhận; theo dõi ở Location", "headers": {"Location": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchStatus"}}}},
                    "400": problem("JSON không hợp lệ (json-malformed), CSV hỏng (csv-invalid)"),
                    "404": problem("Không có mẫu (template-unknown)"),
                    "413": problem("Nội dung quá giới hạn (body-too-large) hoặc quá nhiều dòng (batch-too-large)"),
                    "415": problem("Không phải application/json (unsupported-media-type)"),
                    "422": problem("Yêu cầu chưa hợp lệ (validation-failed)"),
                    "429": problem("Đã đủ số lô (batch-limit)")
                }
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/batches/{id}",
            handler: get(batch_status),
            operation: json!({
                "summary": "Trạng thái một lô: số đã xong, tổng số và các dòng lỗi đến lúc này",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": json_ok("Trạng thái", json!({"$ref": "#/components/schemas/BatchStatus"})), "404": problem("Không có lô này hoặc đã hết hạn (batch-unknown)")}
            }),
        },
        Endpoint {
            method: "delete",
            path: "/v1/batches/{id}",
            handler: delete(batch_delete),
            operation: json!({
                "summary": "Hủy một lô và xóa kết quả",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "Đã hủy"}, "404": problem("Không có lô này (batch-unknown)")}
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/batches/{id}/result",
            handler: get(batch_result),
            operation: json!({
                "summary": "Tệp ZIP của một lô đã xong: các văn bản, errors.json và errors.csv",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "ZIP", "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}},
                    "404": problem("Không có lô này (batch-unknown)"),
                    "409": problem("Lô chưa xong hoặc đã hủy (batch-not-ready)")
                }
            }),
        },
        Endpoint {
            method: "get",
            path: "/openapi.json",
            handler: get(openapi_json),
            operation: json!({
                "summary": "Tài liệu OpenAPI này",
                "responses": {"200": json_ok("OpenAPI 3.1", json!({"type": "object"}))}
            }),
        },
    ]
}

pub fn router(state: Arc<AppState>) -> Router {
    let mut by_path: BTreeMap<&str, MethodRouter<Arc<AppState>>> = BTreeMap::new();
    for e in endpoints() {
        let merged = match by_path.remove(e.path) {
            Some(existing) => existing.merge(e.handler),
            None => e.handler,
        };
        by_path.insert(e.path, merged);
    }
    let router = by_path.into_iter().fold(Router::new(), |r, (path, handler)| r.route(path, handler));
    router.fallback(|| async { ApiError::not_found("không có đường dẫn này") }).with_state(state)
}

/// The OpenAPI 3.1 document of every route above.
pub fn openapi() -> Value {
    let mut paths = serde_json::Map::new();
    for e in endpoints() {
        let entry = paths.entry(e.path.to_string()).or_insert_with(|| json!({}));
        entry[e.method] = e.operation;
    }
    let problem_item = serde_json::to_value(schemars::schema_for!(Problem)).unwrap_or_default();
    let meta = serde_json::to_value(schemars::schema_for!(crate::templates::Meta)).unwrap_or_default();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "vanban",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Dựng văn bản của Đảng đúng thể thức (Hướng dẫn 36-HD/VPTW) ra DOCX và PDF."
        },
        "paths": paths,
        "components": {"schemas": {
            "Document": model::schema(),
            "TemplateRequest": {
                "type": "object",
                "required": ["template", "data"],
                "properties": {"template": {"type": "string", "description": "Mã mẫu"}, "data": {"type": "object", "description": "Dữ liệu theo lược đồ của mẫu"}}
            },
            "TemplateMeta": meta,
            "BatchRequest": {
                "type": "object",
                "required": ["template"],
                "properties": {
                    "template": {"type": "string", "description": "Mã mẫu"},
                    "rows": {"type": "array", "items": {"type": "object"}, "description": "Dữ liệu từng dòng theo lược đồ của mẫu"},
                    "csv": {"type": "string", "description": "Hoặc: bảng CSV, dòng đầu là tên biến"},
                    "formats": {"type": "array", "items": {"type": "string", "enum": ["pdf", "docx"]}, "default": ["pdf", "docx"]}
                }
            },
            "BatchStatus": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"}, "template": {"type": "string"},
                    "state": {"type": "string", "enum": ["queued", "running", "done", "cancelled", "failed"]},
                    "total": {"type": "integer"}, "done": {"type": "integer"}, "failed": {"type": "integer"},
                    "errors": {"type": "array", "items": {"type": "object", "properties": {"row": {"type": "integer"}, "problems": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemItem"}}}}},
                    "links": {"type": "object"}
                }
            },
            "CompareRequest": serde_json::to_value(schemars::schema_for!(crate::compare::CompareInput)).unwrap_or_default(),
            "BundleManifest": serde_json::to_value(schemars::schema_for!(crate::bundle::Manifest)).unwrap_or_default(),
            "ProblemItem": problem_item,
            "Problem": {
                "type": "object",
                "description": "RFC 9457 problem details",
                "required": ["type", "title", "status", "code"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string", "description": "Tiêu đề tiếng Việt"},
                    "status": {"type": "integer"},
                    "code": {"type": "string", "description": "Mã ổn định"},
                    "detail": {"type": "string"},
                    "problems": {"type": "array", "items": {"$ref": "#/components/schemas/ProblemItem"}}
                }
            }
        }}
    })
}

async fn openapi_json() -> Json<Value> {
    Json(openapi())
}

async fn healthz(State(state): Shared) -> Response {
    let started = std::time::Instant::now();
    let timeout = state.settings.render_timeout;
    let s = state.clone();
    let canary = state.pool.run(timeout, move || {
        let doc = model::resolve_value(&canary_document(), &s.profiles, None).map_err(|p| format!("{p:?}"))?;
        let pdf = render::render(&doc, Format::Pdf).map_err(|e| e.to_string())?;
        let docx = render::render(&doc, Format::Docx).map_err(|e| e.to_string())?;
        Ok::<usize, String>(pdf.len() + docx.len())
    });
    match canary.await {
        Ok(Ok(bytes)) => Json(json!({
            "status": "ok",
            "templates": state.store.list().count(),
            "broken_templates": state.store.broken.len(),
            "canary_bytes": bytes,
            "ms": started.elapsed().as_millis() as u64,
        }))
        .into_response(),
        Ok(Err(e)) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unhealthy", "Không dựng được văn bản kiểm tra").detail(e).into_response(),
        Err(PoolError::Full) => ApiError::queue_full(1).into_response(),
        Err(PoolError::Timeout) => ApiError::timeout(timeout.as_secs()).into_response(),
    }
}

fn canary_document() -> Value {
    json!({
        "kind": "bao-cao",
        "issuer": { "parent": "Đảng bộ tỉnh", "name": "Ban Thường vụ", "code": "TU" },
        "number": 1,
        "place": "Hà Nội",
        "date": "2024-02-05",
        "subject": "kiểm tra hoạt động của vanban",
        "body": ["# Kết quả", "Phông chữ tiếng Việt: Đảng, ủy, Ư, Ơ, Đ, ễ, ộ."],
        "signature": { "authority": "T/M Ban Thường vụ", "position": "Bí thư", "name": "Nguyễn Văn A" },
        "recipients": ["Lưu VPTU"]
    })
}

async fn templates(State(state): Shared) -> Json<Value> {
    let list: Vec<Value> = state
        .store
        .list()
        .map(|t| {
            let mut m = serde_json::to_value(&t.meta).unwrap_or_default();
            m["links"] = json!({"self": format!("/v1/templates/{}", t.meta.id), "schema": format!("/v1/templates/{}/schema", t.meta.id)});
            m
        })
        .collect();
    Json(Value::Array(list))
}

fn find_template(state: &AppState, id: &str) -> Result<Arc<crate::templates::Template>, ApiError> {
    state.store.get(id).ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "template-unknown", "Không có mẫu này").detail(format!("mẫu \"{id}\""))
    })
}

async fn template(State(state): Shared, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let t = find_template(&state, &id)?;
    Ok(Json(json!({"meta": t.meta, "schema": t.schema, "example": t.example})))
}

fn schema_response(schema: &Value) -> Response {
    let mut r = Json(schema).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/schema+json"));
    r
}

async fn template_schema(State(state): Shared, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(schema_response(&find_template(&state, &id)?.schema))
}

async fn document_schema() -> Response {
    schema_response(&model::schema())
}

/// The request body as JSON: content type, size limit and syntax checked.
async fn json_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence != "application/json" && !essence.ends_with("+json") {
        return Err(ApiError::unsupported_type());
    }
    let limit = state.settings.body_limit;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::too_large(limit));
    }
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| ApiError::too_large(limit))?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::malformed(model::json_syntax(&e).message))
}

/// A request for a template fill: `{"template": ID, "data": {…}}`.
fn template_request(v: &Value) -> Option<(&str, &Value)> {
    let obj = v.as_object()?;
    if obj.len() == 2 { Some((obj.get("template")?.as_str()?, obj.get("data")?)) } else { None }
}

fn resolve(state: &AppState, body: &Value) -> Result<Document, Vec<Problem>> {
    match template_request(body) {
        Some((id, data)) => state.store.render_document(id, data, &state.profiles),
        None => model::resolve_value(body, &state.profiles, None),
    }
}

#[derive(Deserialize)]
struct RenderQuery {
    format: Option<String>,
}

async fn render_document(State(state): Shared, Query(q): Query<RenderQuery>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let format = format_of(&q)?;
    let value = json_body(&state, &headers, body).await?;
    let s = state.clone();
    let (bytes, (ascii, utf8)) = on_pool(&state, move || {
        let doc = resolve(&s, &value).map_err(ApiError::invalid)?;
        let bytes = render::render(&doc, format).map_err(|e| ApiError::render_failed(e.to_string()))?;
        Ok((bytes, file_names(&doc, format)))
    })
    .await?;
    Ok(download(bytes, format.content_type(), &ascii, &utf8))
}

/// Sends `bytes` as a download named `ascii` / `utf8`.
fn download(bytes: Vec<u8>, content_type: &'static str, ascii: &str, utf8: &str) -> Response {
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent(utf8));
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Runs a job on the render pool, mapping a full queue and a deadline to 429 and 503.
async fn on_pool<T: Send + 'static>(state: &Arc<AppState>, job: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    let timeout = state.settings.render_timeout;
    match state.pool.run(timeout, job).await {
        Ok(result) => result,
        Err(PoolError::Full) => Err(ApiError::queue_full(retry_after(state))),
        Err(PoolError::Timeout) => Err(ApiError::timeout(timeout.as_secs())),
    }
}

fn format_of(q: &RenderQuery) -> Result<Format, ApiError> {
    match q.format.as_deref() {
        None => Ok(Format::Pdf),
        Some(f) => Format::parse(f).ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "format-unknown", "Định dạng không hỗ trợ").detail(format!("\"{f}\"; dùng pdf hoặc docx"))
        }),
    }
}

/// A `{"file": …}` reference asks the server to read its own disk: refused.
fn refuse_files(value: &Value, pointer: &str, out: &mut Vec<Problem>) {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("file") => out.push(Problem::error(
            "file-not-allowed",
            pointer.to_string(),
            "máy chủ không đọc tệp; gửi nội dung văn bản trực tiếp",
        )),
        Value::Object(map) => map.iter().for_each(|(k, v)| refuse_files(v, &format!("{pointer}/{}", crate::problem::pointer_segment(k)), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| refuse_files(v, &format!("{pointer}/{i}"), out)),
        _ => {}
    }
}

async fn compare(State(state): Shared, Query(q): Query<RenderQuery>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let format = format_of(&q)?;
    let value = json_body(&state, &headers, body).await?;
    let input = crate::compare::parse(&value).map_err(ApiError::invalid)?;
    let s = state.clone();
    let (bytes, doc_name) = on_pool(&state, move || {
        let doc = crate::compare::build(&input, &s.profiles, &s.store).map_err(ApiError::invalid)?;
        let bytes = render::render(&doc, format).map_err(|e| ApiError::render_failed(e.to_string()))?;
        Ok((bytes, doc.kind_label()))
    })
    .await?;
    let utf8 = format!("{doc_name}.{}", format.extension());
    Ok(download(bytes, format.content_type(), &format!("{}.{}", crate::text::ascii_slug(&doc_name), format.extension()), &utf8))
}

async fn bundle(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let value = json_body(&state, &headers, body).await?;
    let mut refused = Vec::new();
    refuse_files(&value, "", &mut refused);
    if !refused.is_empty() {
        return Err(ApiError::invalid(refused));
    }
    let manifest = crate::bundle::parse(&value).map_err(ApiError::invalid)?;
    let s = state.clone();
    let title = manifest.title.clone();
    let zip = on_pool(&state, move || {
        crate::bundle::build(&manifest, &s.profiles, &s.store).map_err(|e| match e {
            crate::bundle::BundleError::Invalid(p) => ApiError::invalid(p),
            other => ApiError::render_failed(other.to_string()),
        })
    })
    .await?;
    let name = format!("Hồ sơ {title}");
    Ok(download(zip, "application/zip", &format!("{}.zip", crate::text::ascii_slug(&name)), &format!("{name}.zip")))
}

async fn validate(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Json<Vec<Problem>>, ApiError> {
    let value = json_body(&state, &headers, body).await?;
    let problems = match template_request(&value) {
        Some((id, data)) => match find_template(&state, id)?.fill(data) {
            Err(problems) => problems,
            Ok(doc) => crate::validate::check(&doc, &state.profiles, None).into_iter().map(|p| p.under("/document")).collect(),
        },
        None => crate::validate::check(&value, &state.profiles, None),
    };
    Ok(Json(problems))
}

fn batch_unknown(id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "batch-unknown", "Không có lô này").detail(format!("lô \"{id}\" không có hoặc đã hết hạn"))
}

async fn batch_start(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let value = json_body(&state, &headers, body).await?;
    let id = value.get("template").and_then(Value::as_str).ok_or_else(|| {
        ApiError::invalid(vec![Problem::error("field-missing", "/template", "thiếu trường bắt buộc \"template\"")])
    })?;
    let template = find_template(&state, id)?;
    let formats = match value.get("formats").and_then(Value::as_array) {
        None => vec![Format::Pdf, Format::Docx],
        Some(list) => list
            .iter()
            .enumerate()
            .map(|(i, f)| {
                f.as_str().and_then(Format::parse).ok_or_else(|| {
                    ApiError::invalid(vec![Problem::error("value-not-allowed", format!("/formats/{i}"), "định dạng là \"pdf\" hoặc \"docx\"")])
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let rows: Vec<Value> = match (value.get("rows"), value.get("csv").and_then(Value::as_str)) {
        (Some(Value::Array(rows)), None) => rows.clone(),
        (None, Some(csv)) => crate::batch::csv_rows(std::io::Cursor::new(csv.to_string()), template.schema.clone())
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "csv-invalid", "CSV không đọc được").detail(e))?
            .map(|row| row.data.unwrap_or_else(|problems| json!({ "$problems": problems })))
            .collect(),
        _ => {
            return Err(ApiError::invalid(vec![Problem::error("batch-rows", "", "cần đúng một trong \"rows\" (mảng) hoặc \"csv\" (văn bản)")]));
        }
    };
    if rows.len() > state.settings.batch_rows {
        return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "batch-too-large", "Lô quá nhiều dòng").detail(format!("tối đa {} dòng", state.settings.batch_rows)));
    }
    let job = state.batches.submit(template, rows, formats).map_err(|e| match e {
        super::batches::SubmitError::Full => {
            ApiError::new(StatusCode::TOO_MANY_REQUESTS, "batch-limit", "Đã đủ số lô; chờ lô trước xong hoặc xóa bớt").retry_after(30)
        }
        super::batches::SubmitError::Io(detail) => ApiError::render_failed(detail),
    })?;
    let mut response = (StatusCode::ACCEPTED, Json(job.status())).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/batches/{}", job.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

async fn batch_status(State(state): Shared, Path(id): Path<String>) -> Result<Json<super::batches::Status>, ApiError> {
    let job = state.batches.get(&id).ok_or_else(|| batch_unknown(&id))?;
    Ok(Json(job.status()))
}

async fn batch_result(State(state): Shared, Path(id): Path<String>) -> Result<Response, ApiError> {
    let job = state.batches.get(&id).ok_or_else(|| batch_unknown(&id))?;
    let status = job.status();
    if status.state != super::batches::State::Done {
        return Err(ApiError::new(StatusCode::CONFLICT, "batch-not-ready", "Lô chưa xong").detail(format!("trạng thái: {:?}, {}/{}", status.state, status.done + status.failed, status.total)));
    }
    let file = tokio::fs::File::open(&job.result).await.map_err(|e| ApiError::render_failed(e.to_string()))?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"lo-{id}.zip\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

async fn batch_delete(State(state): Shared, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    if state.batches.delete(&id) { Ok(StatusCode::NO_CONTENT) } else { Err(batch_unknown(&id)) }
}

/// Seconds a client should wait when the queue is full: about the time the
/// queue needs to drain at 50 ms a document.
fn retry_after(state: &AppState) -> u64 {
    let seconds = state.settings.queue as f64 * 0.05 / state.settings.workers.max(1) as f64;
    (seconds.ceil() as u64).max(1)
}

/// `Báo cáo số 512-BC-TU.pdf` and its ASCII fallback `bao-cao-so-512-bc-tu.pdf`.
pub fn file_names(doc: &Document, format: Format) -> (String, String) {
    let kind = doc.kind_label();
    let name = match doc.registered_number() {
        Some(n) => format!("{kind} số {}", n.replace('/', "-")),
        None if doc.marks.draft.is_some() || doc.header.number.is_some() => format!("{kind} dự thảo"),
        None => kind,
    };
    let ascii = format!("{}.{}", crate::text::ascii_slug(&name), format.extension());
    (ascii, format!("{name}.{}", format.extension()))
}

/// RFC 8187 `attr-char`s stay as they are in `filename*`; everything else is encoded.
const ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!').remove(b'#').remove(b'$').remove(b'&').remove(b'+').remove(b'-')
    .remove(b'.').remove(b'^').remove(b'_').remove(b'`').remove(b'|').remove(b'~');

fn percent(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, ATTR_CHAR).to_string()
}

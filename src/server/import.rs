//! `POST /v1/import`: a DOCX in the body, its document description and the
//! import's warnings back. `POST /v1/lint`: a DOCX in the body, its thể
//! thức problems back. The file is read on the render pool, under the same
//! body limit, queue and deadline as every render.

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};

use super::error::ApiError;
use super::routes::{Endpoint, Shared, body_bytes, on_pool, problem, query_invalid, retry_problem};
use crate::render::Format;

pub(super) fn endpoints() -> Vec<Endpoint> {
    let warning = json!({
        "type": "object",
        "required": ["code", "paragraph", "location", "message"],
        "properties": {
            "code": {"type": "string", "description": "Mã ổn định, ví dụ import-unplaced"},
            "paragraph": {"type": "integer", "minimum": 0, "description": "Đoạn văn thứ mấy trong tệp (đếm từ 1); 0 là cả văn bản"},
            "location": {"type": "string", "description": "Vị trí dễ đọc: đoạn 12: “…”"},
            "message": {"type": "string", "description": "Mô tả bằng tiếng Việt"}
        }
    });
    let ok = json!({
        "description": "Mô tả văn bản đọc được và các cảnh báo (phần không xếp được vào trường nào vẫn ở trong nội dung)",
        "content": {"application/json": {"schema": {
            "type": "object",
            "required": ["document", "warnings"],
            "properties": {"document": {"$ref": "#/components/schemas/Document"}, "warnings": {"type": "array", "items": warning}}
        }}}
    });
    let mut responses = json!({
        "400": problem("Không đọc được tệp DOCX (docx-invalid)"),
        "408": problem("Gửi nội dung quá chậm (body-timeout)"),
        "413": problem("Nội dung quá giới hạn (body-too-large)"),
        "415": problem("Không phải tệp DOCX (unsupported-media-type)"),
        "429": retry_problem("Hàng đợi đầy (queue-full); thử lại sau Retry-After giây"),
        "503": retry_problem("Quá thời hạn (render-timeout); thử lại sau Retry-After giây"),
    });
    let mut lint_responses = responses.clone();
    lint_responses["400"] = problem("Không đọc được tệp DOCX (docx-invalid), hồ sơ không có (profile-unknown) hoặc tham số sai (query-invalid)");
    lint_responses["200"] = lint_ok();
    responses["200"] = ok;
    vec![Endpoint {
        method: "post",
        path: "/v1/import",
        handler: post(import),
        operation: json!({
            "summary": "Đọc một tệp DOCX thành mô tả văn bản",
            "description": "Thân yêu cầu là tệp DOCX (của vanban hay soạn bằng Word). Trả về mô tả văn bản (như thân của /v1/render) và các cảnh báo kèm vị trí.",
            "requestBody": docx_body(),
            "responses": responses
        }),
    }, Endpoint {
        method: "post",
        path: "/v1/lint",
        handler: post(lint),
        operation: json!({
            "summary": "Kiểm tra thể thức một tệp DOCX",
            "description": "Thân yêu cầu là tệp DOCX. Trả về hồ sơ thể thức đã dùng (hồ sơ có hiệu lực vào ngày của văn bản, hoặc ?profile=) và các lỗi thể thức: khổ giấy, lề, cỡ chữ, in đậm/nghiêng, số và ký hiệu, ngày tháng, đánh số chương, điều, khoản, điểm, dấu câu ở Nơi nhận; mỗi lỗi có mã ổn định, đoạn văn, trích dẫn, điều thấy và điều hướng dẫn yêu cầu.",
            "parameters": [
                {"name": "profile", "in": "query", "required": false, "schema": {"type": "string"}, "description": "Hồ sơ thể thức dùng để kiểm tra thay cho hồ sơ có hiệu lực vào ngày của văn bản (dang-hd05, dang-hd36)"}
            ],
            "requestBody": docx_body(),
            "responses": lint_responses
        }),
    }]
}

/// Also taken: what a client sends when it does not name the file's type.
const OCTET_STREAM: &str = "application/octet-stream";

/// The body types both routes take.
fn is_docx(essence: &str) -> bool {
    essence == Format::Docx.content_type() || essence == OCTET_STREAM
}

fn docx_body() -> Value {
    let file = json!({"schema": {"type": "string", "format": "binary"}});
    json!({"required": true, "content": {Format::Docx.content_type(): file, OCTET_STREAM: file}})
}

fn lint_ok() -> Value {
    let item = json!({
        "type": "object",
        "required": ["code", "severity", "paragraph", "quote", "found", "expected", "message"],
        "properties": {
            "code": {"type": "string", "description": "Mã ổn định, ví dụ lint-margin"},
            "severity": {"type": "string", "enum": ["error", "warning"]},
            "paragraph": {"type": "integer", "minimum": 0, "description": "Đoạn văn thứ mấy trong tệp (đếm từ 1, kể cả đoạn trong bảng); 0 là cả văn bản"},
            "quote": {"type": "string", "description": "Những chữ đầu của đoạn đó"},
            "found": {"type": "string", "description": "Điều thấy trong tệp"},
            "expected": {"type": "string", "description": "Điều hướng dẫn yêu cầu"},
            "message": {"type": "string", "description": "Mô tả bằng tiếng Việt"}
        }
    });
    json!({
        "description": "Hồ sơ thể thức đã dùng và các lỗi thể thức (rỗng khi đúng thể thức)",
        "content": {"application/json": {"schema": {
            "type": "object",
            "required": ["profile", "problems"],
            "properties": {"profile": {"type": "string"}, "problems": {"type": "array", "items": item}}
        }}}
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct LintQuery {
    profile: Option<String>,
}

async fn lint(State(state): Shared, q: Result<Query<LintQuery>, QueryRejection>, headers: HeaderMap, body: Body) -> Result<Json<Value>, ApiError> {
    use crate::import::lint::LintError;
    // The body is read first, so that a refused query still lets the client finish sending.
    let bytes = body_bytes(&state, &headers, body, is_docx, not_docx).await?;
    let Query(q) = q.map_err(|e| query_invalid(format!("{}; dùng ?profile=dang-hd05", e.body_text())))?;
    let shared = state.clone();
    let result = on_pool(&state, move || {
        crate::import::lint::lint(&bytes, &shared.profiles, q.profile.as_deref()).map_err(|e| match e {
            LintError::Read(e) => ApiError::new(StatusCode::BAD_REQUEST, "docx-invalid", "Không đọc được tệp DOCX").detail(e.to_string()),
            LintError::Profile(e) => ApiError::new(StatusCode::BAD_REQUEST, "profile-unknown", "Không có hồ sơ thể thức này").detail(e.to_string()),
        })
    })
    .await?;
    Ok(Json(json!({"profile": result.profile, "problems": result.problems})))
}

fn not_docx() -> ApiError {
    ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Chỉ nhận tệp DOCX")
        .detail(format!("kiểu nội dung phải là {} (hoặc {OCTET_STREAM})", Format::Docx.content_type()))
}

async fn import(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Json<Value>, ApiError> {
    let bytes = body_bytes(&state, &headers, body, is_docx, not_docx).await?;
    let imported = on_pool(&state, move || {
        crate::import::import(&bytes).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "docx-invalid", "Không đọc được tệp DOCX").detail(e.to_string()))
    })
    .await?;
    Ok(Json(json!({"document": imported.document, "warnings": imported.warnings})))
}

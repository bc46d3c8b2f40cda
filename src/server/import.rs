//! `POST /v1/import`: a DOCX in the body, its document description and the
//! import's warnings back. The file is read on the render pool, under the
//! same body limit, queue and deadline as every render.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};

use super::error::ApiError;
use super::routes::{Endpoint, Shared, body_bytes, on_pool, problem, retry_problem};
use crate::render::Format;

pub(super) fn endpoints() -> Vec<Endpoint> {
    let docx = Format::Docx.content_type();
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
    responses["200"] = ok;
    vec![Endpoint {
        method: "post",
        path: "/v1/import",
        handler: post(import),
        operation: json!({
            "summary": "Đọc một tệp DOCX thành mô tả văn bản",
            "description": "Thân yêu cầu là tệp DOCX (của vanban hay soạn bằng Word). Trả về mô tả văn bản (như thân của /v1/render) và các cảnh báo kèm vị trí.",
            "requestBody": {"required": true, "content": {
                docx: {"schema": {"type": "string", "format": "binary"}},
                OCTET_STREAM: {"schema": {"type": "string", "format": "binary"}}
            }},
            "responses": responses
        }),
    }]
}

/// Also taken: what a client sends when it does not name the file's type.
const OCTET_STREAM: &str = "application/octet-stream";

fn not_docx() -> ApiError {
    ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Chỉ nhận tệp DOCX")
        .detail(format!("kiểu nội dung phải là {} (hoặc {OCTET_STREAM})", Format::Docx.content_type()))
}

async fn import(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Json<Value>, ApiError> {
    let is_docx = |essence: &str| essence == Format::Docx.content_type() || essence == OCTET_STREAM;
    let bytes = body_bytes(&state, &headers, body, is_docx, not_docx).await?;
    let imported = on_pool(&state, move || {
        crate::import::import(&bytes).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "docx-invalid", "Không đọc được tệp DOCX").detail(e.to_string()))
    })
    .await?;
    Ok(Json(json!({"document": imported.document, "warnings": imported.warnings})))
}

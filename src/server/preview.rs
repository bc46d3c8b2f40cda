//! `POST /v1/preview`: one page of a document as a PNG image, for the web
//! app's live preview. It shares the render pool, its queue and its deadline
//! with every other render.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;

use super::error::ApiError;
use super::routes::{Endpoint, Shared, input_errors, json_body, on_pool, problem, query_invalid, render_body, resolve, with_profile};
use crate::render::png::{self, WIDTHS};

/// The page count travels with every page, so the first answer tells the client how many to ask for.
pub const PAGES_HEADER: &str = "x-vanban-pages";

pub(super) fn endpoints() -> Vec<Endpoint> {
    let mut responses = input_errors(json!({
        "description": "Trang văn bản dạng ảnh PNG; tổng số trang ở tiêu đề X-Vanban-Pages, hồ sơ thể thức ở X-Vanban-Profile",
        "headers": {
            "X-Vanban-Pages": {"schema": {"type": "integer"}, "description": "Tổng số trang của văn bản"},
            "X-Vanban-Profile": {"schema": {"type": "string"}, "description": "Hồ sơ thể thức đã dùng"}
        },
        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}
    }));
    responses["400"] = problem("JSON không hợp lệ (json-malformed) hoặc tham số sai (query-invalid)");
    responses["404"] = problem("Không có mẫu (template-unknown) hoặc văn bản không có trang này (page-unknown)");
    vec![Endpoint {
        method: "post",
        path: "/v1/preview",
        handler: post(preview),
        operation: json!({
            "summary": "Xem trước một trang của văn bản dạng ảnh PNG (cùng bố cục với bản PDF)",
            "description": "Thân yêu cầu như /v1/render. Dùng cho bản xem trước của ứng dụng web: trang đầu cho biết tổng số trang.",
            "parameters": [
                {"name": "page", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "default": 1}, "description": "Số trang, đếm từ 1"},
                {"name": "width", "in": "query", "required": false, "schema": {"type": "integer", "minimum": WIDTHS.start(), "maximum": WIDTHS.end(), "default": 800}, "description": "Chiều rộng ảnh, điểm ảnh"}
            ],
            "requestBody": render_body(),
            "responses": responses
        }),
    }]
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PreviewQuery {
    page: Option<usize>,
    width: Option<u32>,
}

fn query_of(q: Result<Query<PreviewQuery>, QueryRejection>) -> Result<(usize, u32), ApiError> {
    let Query(q) = q.map_err(|e| query_invalid(format!("{}; dùng ?page=1&width=800", e.body_text())))?;
    let page = q.page.unwrap_or(1);
    let width = q.width.unwrap_or(800);
    if page == 0 {
        return Err(query_invalid("page đếm từ 1".into()));
    }
    if !WIDTHS.contains(&width) {
        return Err(query_invalid(format!("width phải từ {} đến {} điểm ảnh", WIDTHS.start(), WIDTHS.end())));
    }
    Ok((page, width))
}

async fn preview(State(state): Shared, q: Result<Query<PreviewQuery>, QueryRejection>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    // The body is read first, so that a refused query still lets the client finish sending.
    let value = json_body(&state, &headers, body).await;
    let (page, width) = query_of(q)?;
    let value = value?;
    let s = state.clone();
    let (image, profile) = on_pool(&state, move || {
        let doc = resolve(&s, &value).map_err(ApiError::invalid)?;
        let image = png::page(&doc, page, width).map_err(|e| ApiError::render_failed(e.to_string()))?;
        Ok((image, doc.profile.id.clone()))
    })
    .await?;
    let Some(image) = image else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "page-unknown", "Văn bản không có trang này").detail(format!("trang {page}")));
    };
    let mut response = image.bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(HeaderName::from_static(PAGES_HEADER), HeaderValue::from(image.pages));
    with_profile(&mut response, &profile);
    Ok(response)
}

//! The web app for the văn thư, served from the binary itself: `web/dist`
//! (built from `web/` and committed, see README) is embedded at compile time,
//! so `vanban serve` needs no Node.js and the browser fetches nothing from
//! outside vanban.

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use include_dir::{Dir, include_dir};
use serde_json::json;

use super::error::ApiError;
use super::routes::{Endpoint, problem};

static DIST: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/web/dist");

/// Only vanban's own origin: scripts, styles, fonts and images included.
const CSP: &str = "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

pub(super) fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: "get",
            path: "/",
            handler: get(index),
            operation: json!({
                "summary": "Ứng dụng web cho văn thư: chọn mẫu, điền, xem trước, tải DOCX và PDF",
                "responses": {"200": {"description": "Trang HTML", "content": {"text/html": {"schema": {"type": "string"}}}}}
            }),
        },
        Endpoint {
            method: "get",
            path: "/assets/{file}",
            handler: get(asset),
            operation: json!({
                "summary": "Tệp của ứng dụng web (JavaScript, CSS)",
                "parameters": [{"name": "file", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "Tệp", "content": {"text/javascript": {"schema": {"type": "string"}}, "text/css": {"schema": {"type": "string"}}}},
                    "404": problem("Không có tệp này (not-found)")
                }
            }),
        },
    ]
}

async fn index() -> Response {
    match DIST.get_file("index.html") {
        Some(file) => served(file.contents(), "text/html; charset=utf-8", "no-cache"),
        None => ApiError::not_found("ứng dụng web chưa được dựng (web/dist)").into_response(),
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    // One level, no separators: the path names a file of assets/, nothing else.
    let found = (!file.contains(['/', '\\']) && !file.starts_with('.')).then(|| DIST.get_file(format!("assets/{file}"))).flatten();
    let Some(found) = found else {
        return ApiError::not_found("không có tệp này").into_response();
    };
    // Vite names assets by their content hash, so a name never changes meaning.
    served(found.contents(), content_type(&file), "public, max-age=31536000, immutable")
}

/// Vite emits scripts and styles only (images and fonts are inlined or the system's).
fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or_default() {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn served(bytes: &'static [u8], content_type: &'static str, cache: &'static str) -> Response {
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

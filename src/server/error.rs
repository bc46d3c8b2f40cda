//! Errors as `application/problem+json` (RFC 9457): a stable `code`, a
//! Vietnamese `title`, and the located problems when the input was at fault.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::problem::Problem;

/// A problem response; boxed, so results carrying it stay small.
#[derive(Debug)]
pub struct ApiError(Box<Details>);

#[derive(Debug, Serialize)]
pub struct Details {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
    #[serde(skip)]
    pub retry_after: Option<u64>,
    /// Ask the client to close the connection after this answer.
    #[serde(skip)]
    pub close: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, title: &str) -> ApiError {
        ApiError(Box::new(Details {
            kind: format!("https://vanban.local/problems/{code}"),
            title: title.to_string(),
            status: status.as_u16(),
            code,
            detail: None,
            problems: Vec::new(),
            retry_after: None,
            close: false,
        }))
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.0.retry_after = Some(seconds);
        self
    }

    /// The located problems behind this error.
    pub fn problems(mut self, problems: Vec<Problem>) -> Self {
        self.0.problems = problems;
        self
    }

    /// Answers with `Connection: close`: what is left of the request is not read.
    pub fn close(mut self) -> Self {
        self.0.close = true;
        self
    }


    pub fn malformed(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "json-malformed", "JSON không hợp lệ").detail(detail)
    }

    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "body-too-large", "Nội dung gửi lên quá lớn")
            .detail(format!("giới hạn {limit} byte"))
    }

    pub fn unsupported_type() -> ApiError {
        ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Chỉ nhận application/json")
    }

    pub fn invalid(problems: Vec<Problem>) -> ApiError {
        // A template that does not exist is a missing resource, not bad data.
        if problems.iter().any(|p| p.code == "template-unknown") {
            let detail = problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ");
            return ApiError::new(StatusCode::NOT_FOUND, "template-unknown", "Không có mẫu này").detail(detail);
        }
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation-failed", "Dữ liệu chưa hợp lệ")
            .detail(format!("{} vấn đề", problems.len()));
        e.0.problems = problems;
        e
    }

    pub fn queue_full(retry_after: u64) -> ApiError {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "queue-full", "Máy chủ đang bận, xin gửi lại sau").retry_after(retry_after)
    }

    /// A render past its deadline: the server is overloaded or the document
    /// heavy; like a full queue, worth retrying later.
    pub fn timeout(seconds: u64, retry_after: u64) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "render-timeout", "Dựng văn bản quá thời hạn")
            .detail(format!("quá {seconds} giây"))
            .retry_after(retry_after)
    }

    /// A bug met while serving: the request fails alone, the server goes on.
    pub fn internal(id: &str) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", "Lỗi bên trong máy chủ")
            .detail(format!("lỗi đã được ghi lại với mã yêu cầu {id}; xin báo cho quản trị viên"))
    }

    /// The server is stopping: new work is refused, a restarted server takes it.
    pub fn shutting_down(retry_after: u64) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "shutting-down", "Máy chủ đang dừng để khởi động lại; không nhận lô mới")
            .detail("các lô đang chạy được làm cho xong; xin gửi lại lô này sau ít phút")
            .retry_after(retry_after)
    }

    /// The client stopped sending its body before the end.
    pub fn body_timeout() -> ApiError {
        ApiError::new(StatusCode::REQUEST_TIMEOUT, "body-timeout", "Gửi nội dung quá chậm hoặc bị ngắt giữa chừng")
    }

    /// A request the router or an extractor refused (bad query, bad path, wrong
    /// method …), with the status it chose.
    pub fn request_invalid(status: StatusCode, detail: impl Into<String>) -> ApiError {
        let (code, title) = match status {
            StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "Phương thức không được hỗ trợ ở đường dẫn này"),
            StatusCode::NOT_FOUND => ("not-found", "Không tìm thấy"),
            StatusCode::PAYLOAD_TOO_LARGE => ("body-too-large", "Nội dung gửi lên quá lớn"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported-media-type", "Chỉ nhận application/json"),
            StatusCode::REQUEST_TIMEOUT => ("body-timeout", "Gửi nội dung quá chậm hoặc bị ngắt giữa chừng"),
            s if s.is_server_error() => ("internal-error", "Lỗi bên trong máy chủ"),
            _ => ("request-invalid", "Yêu cầu không hợp lệ"),
        };
        let detail = detail.into();
        let e = ApiError::new(status, code, title);
        if detail.is_empty() { e } else { e.detail(detail) }
    }

    pub fn status(&self) -> u16 {
        self.0.status
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not-found", "Không tìm thấy").detail(what.to_string())
    }

    pub fn render_failed(detail: String) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "render-failed", "Không dựng được văn bản").detail(detail)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(seconds) = self.0.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.0.close {
            headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}

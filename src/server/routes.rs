//! The routes, each described once: the router and `/openapi.json` are built
//! from the same list, so the documentation cannot miss a route.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use http_body_util::BodyExt;
use serde_json::{Map, Value, json};

use super::error::ApiError;
use super::AppState;
use super::pool::PoolError;
use crate::model::{self, Document};
use crate::problem::Problem;
use crate::render::{self, Format};

pub(super) type Shared = State<Arc<AppState>>;

/// One route: method, path, handler and its OpenAPI operation.
pub(super) struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: MethodRouter<Arc<AppState>>,
    pub operation: Value,
}

/// Every route: the ones here, then each feature module's own.
fn endpoints() -> Vec<Endpoint> {
    let mut all = core_endpoints();
    all.extend(super::preview::endpoints());
    all.extend(super::import::endpoints());
    all.extend(super::webapp::endpoints());
    all
}

fn core_endpoints() -> Vec<Endpoint> {
    let id_param = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Mã mẫu", "example": "to-trinh-sua-doi-quy-che"}]);
    let render_body = render_body();
    let format_param = json!([{"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["pdf", "docx"], "default": "pdf"}}]);
    let file_content = json!({
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"schema": {"type": "string", "format": "binary"}}
    });
    vec![
        Endpoint {
            method: "get",
            path: "/healthz",
            handler: get(healthz),
            operation: json!({
                "summary": "Kiểm tra sống: dựng một văn bản mẫu nhỏ (PDF và DOCX)",
                "responses": {
                    "200": json_ok("Phông chữ, hồ sơ và mẫu hoạt động", json!({"type": "object"})),
                    "429": retry_problem("Hàng đợi đầy (queue-full)"),
                    "503": retry_problem("Không dựng được văn bản mẫu (unhealthy) hoặc quá thời hạn (render-timeout)")
                }
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/templates",
            handler: get(templates),
            operation: json!({
                "summary": "Danh sách mẫu văn bản",
                "responses": {"200": json_ok("Các mẫu", json!({"type": "array", "items": {"$ref": "#/components/schemas/TemplateListItem"}}))}
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/templates/{id}",
            handler: get(template),
            operation: json!({
                "summary": "Một mẫu: thông tin, lược đồ dữ liệu và dữ liệu ví dụ",
                "parameters": id_param,
                "responses": {
                    "200": json_ok("Mẫu", json!({
                        "type": "object",
                        "required": ["meta", "schema", "example"],
                        "properties": {
                            "meta": {"$ref": "#/components/schemas/TemplateMeta"},
                            "schema": {"type": "object", "description": "Lược đồ JSON của dữ liệu"},
                            "example": {"type": "object", "description": "Dữ liệu ví dụ"}
                        }
                    })),
                    "404": problem("Không có mẫu (template-unknown)")
                }
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
            path: "/v1/kinds",
            handler: get(kinds),
            operation: json!({
                "summary": "Các loại văn bản của từng hồ sơ thể thức: mã, tên loại, ký hiệu",
                "responses": {"200": json_ok("Các hồ sơ và loại văn bản", json!({"type": "array", "items": {"$ref": "#/components/schemas/KindList"}}))}
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/kinds/{id}/example",
            handler: get(kind_example),
            operation: json!({
                "summary": "Một văn bản ví dụ của một loại (dùng khi soạn văn bản trống)",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "Mã loại", "example": "bao-cao"}],
                "responses": {
                    "200": json_ok("Mô tả văn bản ví dụ", json!({"$ref": "#/components/schemas/Document"})),
                    "404": problem("Không có ví dụ cho loại này (kind-unknown)")
                }
            }),
        },
        Endpoint {
            method: "get",
            path: "/v1/templates/{id}/csv",
            handler: get(template_csv),
            operation: json!({
                "summary": "Dòng tiêu đề CSV để điền dữ liệu một lô theo mẫu (mỗi cột một trường; danh sách cách nhau bằng dấu ;)",
                "parameters": id_param,
                "responses": {
                    "200": {"description": "Tệp CSV một dòng", "content": {"text/csv": {"schema": {"type": "string"}}}},
                    "404": problem("Không có mẫu (template-unknown)")
                }
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
                // Any JSON is taken and judged: what is wrong with it is the answer (200), not a refusal.
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "description": "Một mô tả văn bản (Document) hoặc {\"template\": ID, \"data\": {…}} (TemplateRequest); mọi giá trị JSON đều được kiểm tra và các vấn đề của nó là câu trả lời"
                }}}},
                "responses": {
                    "200": json_ok("Các vấn đề (lỗi và cảnh báo)", json!({"type": "array", "items": {"$ref": "#/components/schemas/ProblemItem"}})),
                    "400": problem("JSON không hợp lệ (json-malformed)"),
                    "404": problem("Không có mẫu (template-unknown)"),
                    "408": problem("Gửi nội dung quá chậm (body-timeout)"),
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
            path: "/v1/copies",
            handler: post(copy),
            operation: json!({
                "summary": "Bản sao một văn bản (sao y, sao lục, trích sao): văn bản, dấu BẢN SAO VĂN BẢN và chữ ký người sao, ra PDF hoặc DOCX",
                "parameters": format_param,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CopyRequest"}}}},
                "responses": input_errors(json!({"description": "Tệp bản sao", "content": file_content}))
            }),
        },
        Endpoint {
            method: "post",
            path: "/v1/bundles",
            handler: post(bundle),
            operation: json!({
                "summary": "Bộ hồ sơ hội nghị: mọi tài liệu ra DOCX và PDF, một PDF gộp có dấu trang, manifest.json có sha256, trong một tệp ZIP",
                "description": "Với ?format=pdf: chỉ tệp PDF gộp (toan-bo-ho-so.pdf của tệp ZIP).",
                "parameters": [{"name": "format", "in": "query", "required": false, "schema": {"type": "string", "enum": ["zip", "pdf"], "default": "zip"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BundleManifest"}}}},
                "responses": input_errors(json!({"description": "Tệp ZIP, hoặc PDF gộp", "content": {
                    "application/zip": {"schema": {"type": "string", "format": "binary"}},
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                }}))
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
                    "400": problem("JSON không hợp lệ (json-malformed), CSV hỏng (csv-invalid; từng chỗ hỏng trong `problems`)"),
                    "404": problem("Không có mẫu (template-unknown)"),
                    "408": problem("Gửi nội dung quá chậm (body-timeout)"),
                    "413": problem("Nội dung quá giới hạn (body-too-large) hoặc quá nhiều dòng (batch-too-large)"),
                    "415": problem("Không phải application/json (unsupported-media-type)"),
                    "422": problem("Yêu cầu chưa hợp lệ (validation-failed), ví dụ lô không có dòng nào (batch-empty)"),
                    "429": retry_problem("Đã đủ số lô (batch-limit)"),
                    "503": retry_problem("Máy chủ đang dừng, không nhận lô mới (shutting-down)")
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

/// An error response of the OpenAPI document.
pub(super) fn problem(description: &str) -> Value {
    json!({"description": description, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

/// An error response that tells when to try again.
pub(super) fn retry_problem(description: &str) -> Value {
    json!({
        "description": description,
        "headers": {"Retry-After": {"description": "Số giây nên chờ", "schema": {"type": "integer"}}},
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn json_ok(description: &str, schema: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

/// The body of a render: a document description or a template and its data.
pub(super) fn render_body() -> Value {
    json!({
        "required": true,
        "content": {"application/json": {"schema": {"oneOf": [
            {"$ref": "#/components/schemas/Document"},
            {"$ref": "#/components/schemas/TemplateRequest"}
        ]}}}
    })
}

/// The responses of a route that takes a document and renders on the pool.
pub(super) fn input_errors(ok: Value) -> Value {
    let mut r = json!({
        "400": problem("JSON không hợp lệ (json-malformed) hoặc định dạng không hỗ trợ (format-unknown)"),
        "404": problem("Không có mẫu (template-unknown)"),
        "413": problem("Nội dung quá giới hạn (body-too-large)"),
        "415": problem("Không phải application/json (unsupported-media-type)"),
        "422": problem("Dữ liệu chưa hợp lệ; danh sách vấn đề trong `problems` (validation-failed)"),
        "408": problem("Gửi nội dung quá chậm (body-timeout)"),
        "429": retry_problem("Hàng đợi đầy (queue-full); thử lại sau Retry-After giây"),
        "503": retry_problem("Quá thời hạn dựng (render-timeout); thử lại sau Retry-After giây"),
    });
    r["200"] = ok;
    r
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
    let generated = |v: schemars::Schema| serde_json::to_value(v).unwrap_or_default();
    let mut schemas = Map::new();
    let document = hoist("Document", model::schema(), &mut schemas);
    schemas.insert("Document".into(), document);
    let problem_item = hoist("ProblemItem", generated(schemars::schema_for!(Problem)), &mut schemas);
    schemas.insert("ProblemItem".into(), problem_item);
    let meta = hoist("TemplateMeta", generated(schemars::schema_for!(crate::templates::Meta)), &mut schemas);
    // The list adds links to each template's metadata.
    let mut list_item = meta.clone();
    list_item["properties"]["links"] = json!({
        "type": "object",
        "properties": {"self": {"type": "string"}, "schema": {"type": "string"}},
        "description": "Đường dẫn tới mẫu và lược đồ dữ liệu của nó"
    });
    if let Some(required) = list_item["required"].as_array_mut() {
        required.push("links".into());
    }
    schemas.insert("TemplateMeta".into(), meta);
    schemas.insert("TemplateListItem".into(), list_item);
    let mut compare = hoist("CompareRequest", generated(schemars::schema_for!(crate::compare::CompareInput)), &mut schemas);
    document_inputs(&mut compare, &["old", "new"]);
    schemas.insert("CompareRequest".into(), compare);
    let bundle = hoist("BundleManifest", generated(schemars::schema_for!(crate::bundle::Manifest)), &mut schemas);
    if let Some(item) = bundle["properties"]["documents"]["items"]["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/"))
        && let Some(schema) = schemas.get_mut(item)
    {
        *schema = one_of_items(schema);
    }
    schemas.insert("BundleManifest".into(), bundle);
    let mut copy = hoist("CopyRequest", generated(schemars::schema_for!(crate::copy::CopyInput)), &mut schemas);
    document_inputs(&mut copy, &["document"]);
    schemas.insert("CopyRequest".into(), copy);
    let kind_list = hoist("KindList", generated(schemars::schema_for!(crate::profile::KindList)), &mut schemas);
    schemas.insert("KindList".into(), kind_list);
    // The bundle's copy of the comparison request.
    for schema in schemas.values_mut() {
        if schema.get("properties").and_then(|p| p.get("fold_unchanged")).is_some() {
            document_inputs(schema, &["old", "new"]);
        }
    }
    let own = json!({
        "TemplateRequest": {
            "type": "object",
            "required": ["template", "data"],
            "additionalProperties": false,
            "properties": {"template": {"type": "string", "description": "Mã mẫu"}, "data": {"type": "object", "description": "Dữ liệu theo lược đồ của mẫu"}}
        },
        "BatchRequest": {
            "type": "object",
            "required": ["template"],
            "properties": {
                "template": {"type": "string", "description": "Mã mẫu"},
                "rows": {"type": "array", "minItems": 1, "items": {"type": "object"}, "description": "Dữ liệu từng dòng theo lược đồ của mẫu"},
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
                "failure": {"type": "string"},
                "links": {"type": "object"}
            }
        },
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
    });
    if let Value::Object(own) = own {
        for (name, schema) in own {
            // Ours are written for this document; a generated def of the same name gives way.
            schemas.insert(name, schema);
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "vanban",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Dựng văn bản của Đảng đúng thể thức ra DOCX và PDF: Hướng dẫn 05-HD/VPTW cho văn bản từ ngày 27/5/2026, Hướng dẫn 36-HD/VPTW cho văn bản trước đó."
        },
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

/// Names the generated schemas may not take: the ones this document writes itself.
const OWN_SCHEMAS: [&str; 12] = [
    "Document", "ProblemItem", "TemplateMeta", "TemplateListItem", "CompareRequest", "BundleManifest",
    "TemplateRequest", "BatchRequest", "BatchStatus", "Problem", "KindList", "CopyRequest",
];

/// A generated schema made fit for `components/schemas`: its `$defs` move
/// there (renamed `{owner}{Name}` when the name is taken by something else),
/// every `#/$defs/…` ref (and a `#` ref to its own root) is rewritten, and
/// `$id`/`$schema` go, since an `$id` would make its refs resolve against it
/// instead of this document.
fn hoist(owner: &str, mut schema: Value, components: &mut Map<String, Value>) -> Value {
    let defs = schema.as_object_mut().and_then(|o| {
        o.remove("$schema");
        o.remove("$id");
        o.remove("$defs")
    });
    let defs = match defs {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };
    let mut names = BTreeMap::new();
    for (name, def) in &defs {
        let taken = OWN_SCHEMAS.contains(&name.as_str()) || components.get(name).is_some_and(|existing| existing != def);
        names.insert(name.clone(), if taken { format!("{owner}{name}") } else { name.clone() });
    }
    let rewrite = |v: &mut Value| rewrite_refs(v, owner, &names);
    rewrite(&mut schema);
    for (name, mut def) in defs {
        rewrite(&mut def);
        components.insert(names[&name].clone(), def);
    }
    schema
}

fn rewrite_refs(v: &mut Value, owner: &str, names: &BTreeMap<String, String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if r == "#" {
                    *r = format!("#/components/schemas/{owner}");
                } else if let Some(rest) = r.strip_prefix("#/$defs/") {
                    let (name, tail) = rest.split_once('/').map_or((rest, ""), |(n, t)| (n, t));
                    if let Some(target) = names.get(name) {
                        let tail = if tail.is_empty() { String::new() } else { format!("/{tail}") };
                        *r = format!("#/components/schemas/{target}{tail}");
                    }
                }
            }
            map.values_mut().for_each(|v| rewrite_refs(v, owner, names));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, owner, names)),
        _ => {}
    }
}

/// Fields the generated schema leaves as any JSON but that hold a document
/// description or a template request.
fn document_inputs(schema: &mut Value, fields: &[&str]) {
    for field in fields {
        if let Some(p) = schema.get_mut("properties").and_then(|p| p.get_mut(*field)) {
            let description = p.get("description").cloned();
            *p = json!({"oneOf": [{"$ref": "#/components/schemas/Document"}, {"$ref": "#/components/schemas/TemplateRequest"}]});
            if let Some(d) = description {
                p["description"] = d;
            }
        }
    }
}

/// A bundle item is exactly one of: a document, a template with its data, a
/// comparison. The generated schema has them all optional; this says which.
fn one_of_items(item: &Value) -> Value {
    let properties = item.get("properties").cloned().unwrap_or_default();
    let pick = |keys: &[&str], required: &[&str]| {
        let mut props = Map::new();
        for key in keys {
            if let Some(p) = properties.get(*key) {
                props.insert(key.to_string(), p.clone());
            }
        }
        if let Some(d) = props.get_mut("document") {
            let description = d.get("description").cloned();
            *d = json!({"$ref": "#/components/schemas/Document"});
            if let Some(text) = description {
                d["description"] = text;
            }
        }
        if let Some(d) = props.get_mut("data") {
            d["type"] = json!("object");
        }
        json!({"type": "object", "additionalProperties": false, "required": required, "properties": props})
    };
    let mut out = json!({"oneOf": [
        pick(&["title", "draft", "document"], &["document"]),
        pick(&["title", "draft", "template", "data"], &["template", "data"]),
        pick(&["title", "draft", "compare"], &["compare"]),
    ]});
    if let Some(d) = item.get("description") {
        out["description"] = d.clone();
    }
    out
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
        Err(PoolError::Timeout) => ApiError::timeout(timeout.as_secs(), retry_after(&state)).into_response(),
        Err(PoolError::Panicked(message)) => {
            tracing::error!(panic = %message, "health check render panicked");
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unhealthy", "Không dựng được văn bản kiểm tra").detail("lỗi bên trong máy chủ").into_response()
        }
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

async fn kinds(State(state): Shared) -> Json<Value> {
    Json(serde_json::to_value(state.profiles.kind_lists()).unwrap_or_default())
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

async fn kind_example(Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    crate::examples::for_kind(&id)
        .map(|doc| Json(doc.clone()))
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "kind-unknown", "Không có ví dụ cho loại văn bản này").detail(format!("loại \"{id}\"")))
}

async fn template_csv(State(state): Shared, Path(id): Path<String>) -> Result<Response, ApiError> {
    let template = find_template(&state, &id)?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(crate::batch::csv_header(&template.schema)).map_err(|e| ApiError::render_failed(e.to_string()))?;
    let bytes = writer.into_inner().map_err(|e| ApiError::render_failed(e.to_string()))?;
    // A byte-order mark, so that Excel opens the Vietnamese names as UTF-8.
    let bytes = [b"\xEF\xBB\xBF".as_slice(), &bytes].concat();
    Ok(download(bytes, "text/csv", &format!("{id}.csv"), &format!("{id}.csv")))
}

async fn template_schema(State(state): Shared, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(schema_response(&find_template(&state, &id)?.schema))
}

async fn document_schema() -> Response {
    schema_response(&model::schema())
}

/// The request body as JSON: content type, size limit and syntax checked. A
/// body refused for its type or size is still read (and thrown away) up to a
/// bound first: a server that answers and closes while the client is still
/// sending makes many clients (Python's http.client, curl) see a broken pipe
/// instead of the answer.
pub(super) async fn json_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
    let is_json = |essence: &str| essence == "application/json" || essence.ends_with("+json");
    let bytes = body_bytes(state, headers, body, is_json, ApiError::unsupported_type).await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // serde_json would say "line 1, column 0".
        return Err(ApiError::malformed("thân yêu cầu rỗng; cần một đối tượng JSON"));
    }
    serde_json::from_slice(&bytes).map_err(|e| ApiError::malformed(model::json_syntax(&e).message))
}

/// The request body's bytes, when its content type (lower case, without
/// parameters) is one `accepts` takes and it is within the size limit;
/// `refused` is the error for any other type.
pub(super) async fn body_bytes(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
    accepts: impl Fn(&str) -> bool,
    refused: fn() -> ApiError,
) -> Result<Vec<u8>, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if !accepts(&essence) {
        return Err(refuse(body, state, headers, refused()).await);
    }
    let limit = state.settings.body_limit;
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(refuse(body, state, headers, ApiError::too_large(limit)).await);
    }
    let mut body = body;
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| body_error(&e))?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limit {
                return Err(drain(body, state, ApiError::too_large(limit)).await);
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

/// How much of a refused body is read and dropped before answering: past
/// this the connection is closed, and the client may miss the answer.
fn drain_bound(state: &AppState) -> usize {
    state.settings.body_limit.saturating_mul(4).max(8 * 1024 * 1024)
}

/// Reads and drops the rest of `body` (at most [`drain_bound`] bytes, within
/// the body timeout between pieces and twice that in all), then gives `error`
/// back with `Connection: close`.
async fn refuse(body: Body, state: &AppState, headers: &HeaderMap, error: ApiError) -> ApiError {
    // A client that waits for `100 Continue` has sent nothing yet: reading
    // would only invite the body.
    let waiting = headers.get(header::EXPECT).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"));
    if waiting { error.close() } else { drain(body, state, error).await }
}

/// [`refuse`] for a body already being read.
async fn drain(mut body: Body, state: &AppState, error: ApiError) -> ApiError {
    let bound = drain_bound(state);
    let drain = async {
        let mut read = 0usize;
        while let Some(Ok(frame)) = body.frame().await {
            if let Ok(data) = frame.into_data() {
                read += data.len();
                if read > bound {
                    break;
                }
            }
        }
    };
    let _ = tokio::time::timeout(state.settings.body_timeout * 2, drain).await;
    error.close()
}

/// A body that stopped coming: the body timeout, or the client went away.
fn body_error(e: &axum::Error) -> ApiError {
    let timed_out = std::error::Error::source(e)
        .is_some_and(|inner| inner.is::<tower_http::timeout::TimeoutError>());
    let error = ApiError::body_timeout();
    if timed_out { error.detail("không nhận được phần tiếp theo của nội dung trong thời hạn") } else { error.detail(e.to_string()) }
}

/// A request for a template fill: `{"template": ID, "data": {…}}`. Any object
/// with a `template` key is one (a document description has no such field),
/// so a missing `data` is said as such.
fn template_request(v: &Value) -> Option<Result<(&str, &Value), Vec<Problem>>> {
    let obj = v.as_object()?;
    let template = obj.get("template")?;
    let mut problems = Vec::new();
    let id = template.as_str();
    if id.is_none() {
        problems.push(Problem::error("type-mismatch", "/template", "\"template\" là mã mẫu, một chuỗi"));
    }
    let data = obj.get("data");
    if data.is_none() {
        problems.push(Problem::error("field-missing", "/data", "thiếu trường bắt buộc \"data\": dữ liệu theo lược đồ của mẫu"));
    }
    for key in obj.keys().filter(|k| !matches!(k.as_str(), "template" | "data")) {
        problems.push(Problem::error(
            "field-unknown",
            format!("/{}", crate::problem::pointer_segment(key)),
            format!("trường \"{key}\" không dùng được: yêu cầu theo mẫu chỉ có \"template\" và \"data\""),
        ));
    }
    match (id, data) {
        (Some(id), Some(data)) if problems.is_empty() => Some(Ok((id, data))),
        _ => Some(Err(problems)),
    }
}

pub(super) fn resolve(state: &AppState, body: &Value) -> Result<Document, Vec<Problem>> {
    match template_request(body) {
        Some(Ok((id, data))) => state.store.render_document(id, data, &state.profiles),
        Some(Err(problems)) => Err(problems),
        None => model::resolve_value(body, &state.profiles, None),
    }
}

#[derive(Deserialize)]
struct RenderQuery {
    format: Option<String>,
}

async fn render_document(State(state): Shared, q: Result<Query<RenderQuery>, QueryRejection>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    // The body is read first, so that a refused query still lets the client finish sending.
    let value = json_body(&state, &headers, body).await;
    let format = format_of(q)?;
    let value = value?;
    let s = state.clone();
    let (bytes, (ascii, utf8), profile) = on_pool(&state, move || {
        let doc = resolve(&s, &value).map_err(ApiError::invalid)?;
        let bytes = render::render(&doc, format).map_err(|e| ApiError::render_failed(e.to_string()))?;
        Ok((bytes, file_names(&doc, format), doc.profile.id.clone()))
    })
    .await?;
    let mut response = download(bytes, format.content_type(), &ascii, &utf8);
    with_profile(&mut response, &profile);
    Ok(response)
}

/// Names the thể thức profile a document followed (`X-Vanban-Profile: dang-hd05`).
pub(super) fn with_profile(response: &mut Response, profile: &str) {
    if let Ok(v) = HeaderValue::from_str(profile) {
        response.headers_mut().insert(HeaderName::from_static(PROFILE_HEADER), v);
    }
}

pub const PROFILE_HEADER: &str = "x-vanban-profile";

/// Sends `bytes` as a download named `ascii` / `utf8`.
pub(super) fn download(bytes: Vec<u8>, content_type: &'static str, ascii: &str, utf8: &str) -> Response {
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent(utf8));
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// Runs a job on the render pool, mapping a full queue and a deadline to 429
/// and 503, and a panic to a 500 logged in the request's span (with its id).
pub async fn on_pool<T: Send + 'static>(state: &Arc<AppState>, job: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    let timeout = state.settings.render_timeout;
    match state.pool.run(timeout, job).await {
        Ok(result) => result,
        Err(PoolError::Full) => Err(ApiError::queue_full(retry_after(state))),
        Err(PoolError::Timeout) => Err(ApiError::timeout(timeout.as_secs(), retry_after(state))),
        Err(PoolError::Panicked(message)) => {
            tracing::error!(panic = %message, "render panicked");
            Err(ApiError::internal("ở tiêu đề x-request-id"))
        }
    }
}

/// A query string the route cannot use.
pub(super) fn query_invalid(detail: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "query-invalid", "Tham số truy vấn không hợp lệ").detail(detail)
}

fn format_of(q: Result<Query<RenderQuery>, QueryRejection>) -> Result<Format, ApiError> {
    let Query(q) = q.map_err(|e| query_invalid(format!("{}; dùng một lần ?format=pdf hoặc ?format=docx", e.body_text())))?;
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

async fn compare(State(state): Shared, q: Result<Query<RenderQuery>, QueryRejection>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let value = json_body(&state, &headers, body).await;
    let format = format_of(q)?;
    let value = value?;
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

async fn copy(State(state): Shared, q: Result<Query<RenderQuery>, QueryRejection>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let value = json_body(&state, &headers, body).await;
    let format = format_of(q)?;
    let input = crate::copy::parse(&value?).map_err(ApiError::invalid)?;
    let s = state.clone();
    let (bytes, stem) = on_pool(&state, move || {
        let doc = crate::copy::build(&input, &s.profiles, &s.store).map_err(ApiError::invalid)?;
        let bytes = render::render(&doc, format).map_err(|e| ApiError::render_failed(e.to_string()))?;
        Ok((bytes, format!("Bản sao {}", doc.kind_label())))
    })
    .await?;
    let utf8 = format!("{stem}.{}", format.extension());
    Ok(download(bytes, format.content_type(), &format!("{}.{}", crate::text::ascii_slug(&stem), format.extension()), &utf8))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleQuery {
    format: Option<String>,
}

async fn bundle(State(state): Shared, q: Result<Query<BundleQuery>, QueryRejection>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let value = json_body(&state, &headers, body).await;
    let merged_only = match q.map(|Query(q)| q.format) {
        Ok(None) => false,
        Ok(Some(f)) if f.eq_ignore_ascii_case("zip") => false,
        Ok(Some(f)) if f.eq_ignore_ascii_case("pdf") => true,
        Ok(Some(f)) => return Err(ApiError::new(StatusCode::BAD_REQUEST, "format-unknown", "Định dạng không hỗ trợ").detail(format!("\"{f}\"; dùng zip hoặc pdf"))),
        Err(e) => return Err(query_invalid(format!("{}; dùng ?format=zip hoặc ?format=pdf", e.body_text()))),
    };
    let value = value?;
    let mut refused = Vec::new();
    refuse_files(&value, "", &mut refused);
    if !refused.is_empty() {
        return Err(ApiError::invalid(refused));
    }
    let manifest = crate::bundle::parse(&value).map_err(ApiError::invalid)?;
    let s = state.clone();
    let title = manifest.title.clone();
    let bytes = on_pool(&state, move || {
        let built = if merged_only { crate::bundle::merged_pdf(&manifest, &s.profiles, &s.store) } else { crate::bundle::build(&manifest, &s.profiles, &s.store) };
        built.map_err(|e| match e {
            crate::bundle::BundleError::Invalid(p) => ApiError::invalid(p),
            other => ApiError::render_failed(other.to_string()),
        })
    })
    .await?;
    let name = format!("Hồ sơ {title}");
    let (content_type, extension) = if merged_only { ("application/pdf", "pdf") } else { ("application/zip", "zip") };
    Ok(download(bytes, content_type, &format!("{}.{extension}", crate::text::ascii_slug(&name)), &format!("{name}.{extension}")))
}

async fn validate(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let value = json_body(&state, &headers, body).await?;
    let mut profile = None;
    let problems = match template_request(&value) {
        Some(Ok((id, data))) => {
            let template = find_template(&state, id)?;
            match template.fill(data) {
                Err(problems) => problems,
                Ok(doc) => {
                    profile = crate::model::choose_profile(&doc, &state.profiles, None).ok();
                    crate::validate::check(&doc, &state.profiles, None).into_iter().map(|p| template.locate(p.under("/document"))).collect()
                }
            }
        }
        Some(Err(problems)) => problems,
        None => {
            profile = crate::model::choose_profile(&value, &state.profiles, None).ok();
            crate::validate::check(&value, &state.profiles, None)
        }
    };
    let mut response = Json(problems).into_response();
    if let Some(chosen) = profile {
        with_profile(&mut response, &chosen.profile.id);
    }
    Ok(response)
}

fn batch_unknown(id: &str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "batch-unknown", "Không có lô này").detail(format!("lô \"{id}\" không có hoặc đã hết hạn"))
}

async fn batch_start(State(state): Shared, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    if state.stopping.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(refuse(body, &state, &headers, ApiError::shutting_down(state.settings.shutdown_grace.as_secs().max(1))).await);
    }
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
    let rows: Vec<crate::batch::Row> = match (value.get("rows"), value.get("csv").and_then(Value::as_str)) {
        (Some(Value::Array(rows)), None) => {
            rows.iter().enumerate().map(|(i, data)| crate::batch::Row { number: i + 1, data: Ok(data.clone()) }).collect()
        }
        (None, Some(csv)) => {
            crate::batch::check_csv(csv.as_bytes()).map_err(|problems| {
                let problems: Vec<Problem> = problems.into_iter().map(|p| p.under("/csv")).collect();
                let detail = problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ");
                ApiError::new(StatusCode::BAD_REQUEST, "csv-invalid", "CSV không đọc được").detail(detail).problems(problems)
            })?;
            // A bad cell fails its row with a `csv-cell` problem, as in the command line.
            crate::batch::csv_rows(std::io::Cursor::new(csv.to_string()), template.schema.clone())
                .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "csv-invalid", "CSV không đọc được").detail(e))?
                .collect()
        }
        _ => {
            return Err(ApiError::invalid(vec![Problem::error("batch-rows", "", "cần đúng một trong \"rows\" (mảng) hoặc \"csv\" (văn bản)")]));
        }
    };
    if rows.is_empty() {
        let at = if value.get("rows").is_some() { "/rows" } else { "/csv" };
        return Err(ApiError::invalid(vec![Problem::error("batch-empty", at, "lô không có dòng dữ liệu nào")]));
    }
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
    state.batches.collected(&job);
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

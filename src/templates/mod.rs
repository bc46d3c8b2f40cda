//! The template store: model documents (mẫu) whose strings hold handlebars
//! placeholders, each with a JSON Schema of its data and an example. Filling a
//! template with data gives a document description for the render engine.
//!
//! A template is a folder: `template.json` (metadata and the document skeleton),
//! `schema.json` (draft 2020-12 schema of the data) and `example.json`.
//! Built-ins live in `templates/`; a user folder adds to or overrides them.
//!
//! The skeleton language, beyond handlebars in strings:
//! - a string that is one placeholder (`"{{so}}"`) takes the variable's own JSON
//!   value, and the field is left out when the variable is absent;
//! - any string that renders empty leaves its field (or array item) out;
//! - `{"each": "list", "item": "…{{this}}…"}` in an array gives one item per element;
//! - an object with `"$if": "var"` is kept only when `var` is present and not empty.

pub mod helpers;
pub mod placeholders;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use handlebars::Handlebars;
use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{self, Document};
use crate::problem::{Problem, pointer_segment};
use crate::profile::Profiles;
use placeholders::{Checker, Use};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Ends each item of an `each` expansion inside one rendered string.
const ITEM_END: char = '\u{1E}';

/// The key that makes a skeleton object conditional.
const IF_KEY: &str = "$if";

/// Handlebars' notion of truth: present, and not false, 0, "" or empty.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// What a template says about itself.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Mã mẫu, ví dụ `bao-cao-thuc-hien-quy-che`.
    pub id: String,
    /// Loại văn bản (`bao-cao`, `quy-che` …).
    pub kind: String,
    /// Tên mẫu.
    pub title: String,
    /// Mô tả: dùng khi nào, cần những dữ liệu gì.
    pub description: String,
    pub version: String,
    /// Hồ sơ thể thức; bỏ trống thì chọn theo ngày văn bản.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    #[serde(flatten)]
    meta: Meta,
    document: Value,
}

pub struct Template {
    pub meta: Meta,
    pub schema: Value,
    pub example: Value,
    /// `built-in` or the folder it was loaded from.
    pub source: String,
    validator: jsonschema::Validator,
    skeleton: Value,
    plain: Handlebars<'static>,
    markdown: Handlebars<'static>,
    uses: Vec<Use>,
}

/// A template that could not be loaded, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Broken {
    pub source: String,
    pub reason: String,
}

#[derive(Clone, Default)]
pub struct Store {
    templates: BTreeMap<String, Arc<Template>>,
    pub broken: Vec<Broken>,
}

/// How far a template is checked when it is loaded: its example always
/// against its schema; rendered too when it comes from the user's folder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verify {
    Schema,
    Render,
}

static BUILTINS: LazyLock<Store> = LazyLock::new(|| {
    let mut store = Store::default();
    for dir in BUILTIN.dirs() {
        let name = format!("templates/{}", dir.path().display());
        let file = |f: &str| dir.get_file(dir.path().join(f)).and_then(|f| f.contents_utf8()).map(str::to_string);
        // Not rendered from its example here: tests/templates.rs does that for
        // every built-in, and at each start it cost more than the schemas and
        // handlebars compiling together.
        store.add(&name, file("template.json"), file("schema.json"), file("example.json"), Profiles::builtin(), Verify::Schema);
    }
    store
});

impl Store {
    /// A document given as its description or as `{"template": …, "data": …}`.
    pub fn resolve(&self, value: &Value, profiles: &Profiles) -> Result<Document, Vec<Problem>> {
        match value.as_object().filter(|o| o.len() == 2 && o.contains_key("template") && o.contains_key("data")) {
            Some(o) => self.render_document(o["template"].as_str().unwrap_or_default(), &o["data"], profiles),
            None => crate::model::resolve_value(value, profiles, None),
        }
    }

    /// The built-in templates of `templates/`.
    pub fn builtin() -> &'static Store {
        &BUILTINS
    }

    /// Built-ins plus every template folder under `dir` (which win on equal ids).
    pub fn with_dir(dir: &Path, profiles: &Profiles) -> Result<Store, String> {
        let mut store = Store::builtin().clone();
        let entries = std::fs::read_dir(dir).map_err(|e| format!("không đọc được thư mục mẫu {}: {e}", dir.display()))?;
        let mut folders: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        folders.sort();
        for folder in folders {
            let file = |f: &str| std::fs::read_to_string(folder.join(f)).ok();
            store.add(&folder.display().to_string(), file("template.json"), file("schema.json"), file("example.json"), profiles, Verify::Render);
        }
        Ok(store)
    }

    fn add(&mut self, source: &str, template: Option<String>, schema: Option<String>, example: Option<String>, profiles: &Profiles, verify: Verify) {
        let loaded = (|| {
            let template = template.ok_or("thiếu tệp template.json")?;
            let schema = schema.ok_or("thiếu tệp schema.json")?;
            let example = example.ok_or("thiếu tệp example.json")?;
            Template::load(source, &template, &schema, &example, profiles, verify)
        })();
        match loaded {
            Ok(t) => {
                self.templates.insert(t.meta.id.clone(), Arc::new(t));
            }
            Err(reason) => self.broken.push(Broken { source: source.to_string(), reason }),
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<Template>> {
        self.templates.get(id).cloned()
    }

    pub fn list(&self) -> impl Iterator<Item = &Arc<Template>> {
        self.templates.values()
    }

    /// Fills template `id` with `data` and resolves the document; problems in
    /// the data point into `/data`, problems of the filled document into `/document`.
    pub fn render_document(&self, id: &str, data: &Value, profiles: &Profiles) -> Result<Document, Vec<Problem>> {
        let template = self.get(id).ok_or_else(|| {
            let known = self.templates.keys().cloned().collect::<Vec<_>>().join(", ");
            vec![Problem::error("template-unknown", "/template", format!("không có mẫu \"{id}\" (có: {known})"))]
        })?;
        template.render_document(data, profiles)
    }
}

fn parse(source: &str, file: &str, text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{source}/{file}: JSON không hợp lệ (dòng {}, cột {}): {e}", e.line(), e.column()))
}

impl Template {
    fn load(source: &str, template: &str, schema: &str, example: &str, profiles: &Profiles, verify: Verify) -> Result<Template, String> {
        let file: TemplateFile = serde_json::from_value(parse(source, "template.json", template)?)
            .map_err(|e| format!("{source}/template.json: {e}"))?;
        let schema = parse(source, "schema.json", schema)?;
        let example = parse(source, "example.json", example)?;
        let meta = file.meta;
        let profile = match &meta.profile {
            Some(id) => profiles.get(id),
            None => profiles.get(crate::profile::DEFAULT_PROFILE),
        }
        .map_err(|e| e.to_string())?;
        if profile.kind(&meta.kind).is_none() {
            return Err(format!("loại \"{}\" không có trong hồ sơ {}", meta.kind, profile.id));
        }
        if schema.get("$schema").and_then(Value::as_str) != Some("https://json-schema.org/draft/2020-12/schema") {
            return Err("schema.json phải khai báo \"$schema\": \"https://json-schema.org/draft/2020-12/schema\"".into());
        }
        if !jsonschema::meta::is_valid(&schema) {
            return Err("schema.json không phải lược đồ JSON Schema hợp lệ".into());
        }
        let validator = jsonschema::validator_for(&schema).map_err(|e| format!("schema.json: {e}"))?;
        let mut t = Template {
            meta,
            validator,
            example,
            source: source.to_string(),
            skeleton: file.document,
            plain: helpers::registry(handlebars::no_escape),
            markdown: helpers::registry(helpers::markdown_escape),
            uses: Vec::new(),
            schema,
        };
        let mut checker = Checker::new(&t.schema);
        let mut registered = Vec::new();
        collect(&t.skeleton, "", &mut registered);
        for (pointer, source_text) in &registered {
            let compiled = handlebars::Template::compile(source_text).map_err(|e| format!("{pointer}: {e}"))?;
            checker.check(&compiled, &[], pointer);
            let registry = if is_markdown(pointer) { &mut t.markdown } else { &mut t.plain };
            registry.register_template(pointer, compiled);
        }
        if !checker.problems.is_empty() {
            return Err(checker.problems.join("; "));
        }
        t.uses = checker.uses;
        let example_problems = model::schema_problems_with(&t.validator, &t.example);
        if let Some(p) = example_problems.first() {
            return Err(format!("example.json không khớp schema.json: {p}"));
        }
        if verify == Verify::Render {
            t.render_document(&t.example, profiles).map_err(|problems| {
                let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                format!("mẫu không dựng được từ ví dụ của nó: {}", list.join("; "))
            })?;
        }
        Ok(t)
    }

    /// Fills the skeleton with `data`: a document description.
    pub fn fill(&self, data: &Value) -> Result<Value, Vec<Problem>> {
        let problems: Vec<Problem> =
            model::schema_problems_with(&self.validator, data).into_iter().map(|p| self.explain(p)).collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        let data = without_item_ends(data);
        let mut doc = self.render(&self.skeleton, "", &data).map_err(|p| vec![p])?.unwrap_or(Value::Null);
        if let Some(obj) = doc.as_object_mut() {
            obj.entry("kind").or_insert_with(|| Value::from(self.meta.kind.clone()));
            if let Some(profile) = &self.meta.profile {
                obj.entry("profile").or_insert_with(|| Value::from(profile.clone()));
            }
        }
        Ok(doc)
    }

    pub fn render_document(&self, data: &Value, profiles: &Profiles) -> Result<Document, Vec<Problem>> {
        let doc = self.fill(data)?;
        model::resolve_value(&doc, profiles, None)
            .map_err(|problems| problems.into_iter().map(|p| self.locate(p.under("/document"))).collect())
    }

    /// A problem of the filled document (`/document/…`) pointed back at the
    /// data variable that filled the field, when the field (or one around it)
    /// is a whole placeholder such as `"date": "{{ngay}}"`: the user wrote the
    /// data, not the document. Only object keys are followed: array items
    /// shift when some render empty, so a path through one stays as it is.
    pub fn locate(&self, mut p: Problem) -> Problem {
        let Some(rest) = p.path.strip_prefix("/document") else { return p };
        let segments: Vec<&str> = rest.split('/').skip(1).collect();
        let mut node = &self.skeleton;
        for (i, segment) in segments.iter().enumerate() {
            let key = segment.replace("~1", "/").replace("~0", "~");
            let Some(next) = node.as_object().and_then(|o| o.get(&key)) else { break };
            node = next;
            if let Some(variable) = node.as_str().and_then(whole_value) {
                let tail: String = segments[i + 1..].iter().map(|s| format!("/{s}")).collect();
                let data: Vec<String> = variable.split('.').map(pointer_segment).collect();
                p.path = format!("/data/{}{tail}", data.join("/"));
                return p;
            }
        }
        p
    }

    /// A data problem, pointed into `/data`; a missing variable names the
    /// template and the placeholder that needs it.
    fn explain(&self, p: Problem) -> Problem {
        let data_path: Vec<String> = p
            .path
            .split('/')
            .skip(1)
            .map(|s| if s.chars().all(|c| c.is_ascii_digit()) { "*".into() } else { s.replace("~1", "/").replace("~0", "~") })
            .collect();
        if p.code == "field-missing"
            && let Some(used) = self.uses.iter().find(|u| u.data_path == data_path)
        {
            let name = data_path.last().cloned().unwrap_or_default();
            return Problem::error(
                "template-variable-missing",
                format!("/data{}", p.path),
                format!("mẫu {}: thiếu biến \"{name}\" cho {{{{{}}}}}", self.meta.id, used.raw),
            );
        }
        p.under("/data")
    }

    /// Renders one skeleton value. `None` means "leave the field out": a string
    /// that renders empty, or a whole-value placeholder of an absent variable.
    fn render(&self, v: &Value, pointer: &str, data: &Value) -> Result<Option<Value>, Problem> {
        Ok(match v {
            Value::String(s) if s.contains("{{") => {
                // `"{{so}}"` alone takes the variable's own JSON value (a number
                // stays a number); text still goes through escaping below.
                if let Some(value) = whole_value(s).and_then(|path| lookup(data, path)).filter(|v| !v.is_string()) {
                    return Ok((!value.is_null()).then(|| value.clone()));
                }
                let text = self.render_string(pointer, data)?;
                (!text.trim().is_empty()).then_some(Value::String(text))
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{pointer}/{i}");
                    if each_of(item).is_some() {
                        let rendered = self.render_string(&at, data)?;
                        out.extend(rendered.split(ITEM_END).filter(|s| !s.trim().is_empty()).map(|s| Value::from(s.to_string())));
                    } else if let Some(value) = self.render(item, &at, data)? {
                        out.push(value);
                    }
                }
                Some(Value::Array(out))
            }
            Value::Object(map) => {
                if let Some(path) = map.get(IF_KEY).and_then(Value::as_str)
                    && !lookup(data, path).is_some_and(truthy)
                {
                    return Ok(None);
                }
                let mut out = Map::new();
                for (k, item) in map.iter().filter(|(k, _)| k.as_str() != IF_KEY) {
                    if let Some(value) = self.render(item, &format!("{pointer}/{}", pointer_segment(k)), data)? {
                        out.insert(k.clone(), value);
                    }
                }
                Some(Value::Object(out))
            }
            other => Some(other.clone()),
        })
    }

    fn render_string(&self, pointer: &str, data: &Value) -> Result<String, Problem> {
        let registry = if is_markdown(pointer) { &self.markdown } else { &self.plain };
        registry.render(pointer, data).map_err(|e| {
            Problem::error("template-render", "/data", format!("mẫu {}, {pointer}: {e}", self.meta.id))
        })
    }
}

/// `{"each": "path", "item": "…"}` in a skeleton array: one string per element.
fn each_of(v: &Value) -> Option<(&str, &str)> {
    let obj = v.as_object()?;
    if obj.len() != 2 {
        return None;
    }
    Some((obj.get("each")?.as_str()?, obj.get("item")?.as_str()?))
}

/// The path of a string that is one plain placeholder and nothing else: `{{so}}`.
fn whole_value(s: &str) -> Option<&str> {
    let inner = s.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let plain = !inner.is_empty() && inner.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.');
    plain.then_some(inner)
}

/// The value at a dotted path of the data.
fn lookup<'a>(data: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(data, |v, seg| match v {
        Value::Array(items) => items.get(seg.parse::<usize>().ok()?),
        _ => v.get(seg),
    })
}

/// Every handlebars string of a skeleton with its JSON pointer; an `each`
/// object becomes one template that ends every item with [`ITEM_END`], and a
/// whole-value placeholder renders only when its variable is there.
fn collect(v: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) if s.contains("{{") => {
            let source = match whole_value(s) {
                Some(path) => format!("{{{{#if {path}}}}}{{{{{path}}}}}{{{{/if}}}}"),
                None => s.clone(),
            };
            out.push((pointer.to_string(), source));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let at = format!("{pointer}/{i}");
                match each_of(item) {
                    Some((path, template)) => out.push((
                        at,
                        format!("{{{{#if {path}}}}}{{{{#each {path}}}}}{template}{ITEM_END}{{{{/each}}}}{{{{/if}}}}"),
                    )),
                    None => collect(item, &at, out),
                }
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let at = format!("{pointer}/{}", pointer_segment(k));
                match (k.as_str(), item.as_str()) {
                    // Checked like the condition of an `{{#if}}`.
                    (IF_KEY, Some(path)) => out.push((at, format!("{{{{#if {path}}}}}{{{{/if}}}}"))),
                    _ => collect(item, &at, out),
                }
            }
        }
        _ => {}
    }
}

/// Data strings lose the item separator, so a value cannot split an item.
fn without_item_ends(v: &Value) -> Value {
    match v {
        Value::String(s) if s.contains(ITEM_END) => Value::String(s.replace(ITEM_END, "")),
        Value::Array(items) => Value::Array(items.iter().map(without_item_ends).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), without_item_ends(v))).collect()),
        other => other.clone(),
    }
}

/// The document fields that are Markdown: values filled into them are escaped,
/// so a `*` in the data prints as typed.
fn is_markdown(pointer: &str) -> bool {
    ["/body", "/preamble"].iter().any(|p| pointer.starts_with(p))
}

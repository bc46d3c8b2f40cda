//! Static check of a template's placeholders against its data schema: every
//! `{{…}}` must name a declared variable, and one used outside an `{{#if}}`
//! (or `#unless`, `#with`) on itself must be required, so data that passes the
//! schema can never meet a missing variable while rendering.

use handlebars::template::{HelperTemplate, Parameter, Template, TemplateElement};
use handlebars::Path;
use serde_json::Value;

use super::helpers::HELPERS;

/// One placeholder and the data it reads (`*` stands for any array index).
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    pub raw: String,
    pub data_path: Vec<String>,
}

pub struct Checker<'a> {
    root: &'a Value,
    pub uses: Vec<Use>,
    pub problems: Vec<String>,
}

/// Where a template looks while rendering: a data path and its schema node.
#[derive(Clone)]
struct Scope<'a> {
    path: Vec<String>,
    node: &'a Value,
}

/// What a placeholder path resolved to.
struct Resolved<'a> {
    path: Vec<String>,
    node: &'a Value,
    /// Every step from the scope is a required property.
    required: bool,
}

impl<'a> Checker<'a> {
    pub fn new(schema: &'a Value) -> Self {
        Checker { root: schema, uses: Vec::new(), problems: Vec::new() }
    }

    /// Checks one skeleton string; `location` names it in problems.
    /// `scope` is the data path of the context it renders in (for `each` items).
    pub fn check(&mut self, template: &Template, scope: &[String], location: &str) {
        let Some(node) = self.node_at(scope) else {
            self.problems.push(format!("{location}: \"{}\" không có trong lược đồ dữ liệu", scope.join(".")));
            return;
        };
        let mut scopes = vec![Scope { path: Vec::new(), node: self.root }];
        if !scope.is_empty() {
            scopes.push(Scope { path: scope.to_vec(), node });
        }
        self.walk(template, &mut scopes, &mut Vec::new(), location);
    }

    fn node_at(&self, path: &[String]) -> Option<&'a Value> {
        path.iter().try_fold(self.root, |node, seg| {
            if seg == "*" { self.items(node) } else { self.property(node, seg).map(|(n, _)| n) }
        })
    }

    fn walk(&mut self, t: &Template, scopes: &mut Vec<Scope<'a>>, guards: &mut Vec<Vec<String>>, at: &str) {
        for element in &t.elements {
            match element {
                TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => self.expression(h, scopes, guards, at),
                TemplateElement::HelperBlock(h) => self.block(h, scopes, guards, at),
                TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
                _ => self.problems.push(format!("{at}: partial và decorator không được dùng trong mẫu")),
            }
        }
    }

    fn expression(&mut self, h: &HelperTemplate, scopes: &[Scope<'a>], guards: &[Vec<String>], at: &str) {
        if h.params.is_empty() && h.hash.is_empty() {
            // `{{x}}`: a variable (a helper needs arguments here).
            if let Some(raw) = path_raw(&h.name) {
                self.variable(&raw, scopes, guards, at);
            }
            return;
        }
        self.helper_name(&h.name, at);
        for p in h.params.iter().chain(h.hash.values()) {
            self.param(p, scopes, guards, at);
        }
    }

    fn block(&mut self, h: &HelperTemplate, scopes: &mut Vec<Scope<'a>>, guards: &mut Vec<Vec<String>>, at: &str) {
        let name = self.helper_name(&h.name, at);
        let target = h.params.first().and_then(path_raw);
        // `#if` and `#unless` accept an absent condition; `#each` and `#with` do not.
        let tests_presence = matches!(name.as_deref(), Some("if" | "unless"));
        for (i, p) in h.params.iter().enumerate() {
            match (i, tests_presence, path_raw(p)) {
                (0, true, Some(raw)) if matches!(p, Parameter::Path(_)) => {
                    let mut guarded = guards.to_vec();
                    if let Ok(r) = self.resolve(&raw, scopes) {
                        guarded.push(r.path);
                    }
                    self.variable(&raw, scopes, &guarded, at);
                }
                _ => self.param(p, scopes, guards, at),
            }
        }
        let resolved = target.as_deref().and_then(|raw| self.resolve(raw, scopes).ok());
        match (name.as_deref(), resolved) {
            (Some("each"), Some(r)) => {
                let Some(items) = self.items(r.node) else {
                    self.problems.push(format!("{at}: {{{{#each {}}}}} cần một mảng", target.unwrap_or_default()));
                    return;
                };
                let mut path = r.path.clone();
                path.push("*".into());
                scopes.push(Scope { path, node: items });
                if let Some(t) = &h.template {
                    self.walk(t, scopes, guards, at);
                }
                scopes.pop();
            }
            (Some("with"), Some(r)) => {
                scopes.push(Scope { path: r.path.clone(), node: r.node });
                guards.push(r.path.clone());
                if let Some(t) = &h.template {
                    self.walk(t, scopes, guards, at);
                }
                guards.pop();
                scopes.pop();
            }
            (Some("if"), Some(r)) => {
                guards.push(r.path.clone());
                if let Some(t) = &h.template {
                    self.walk(t, scopes, guards, at);
                }
                guards.pop();
            }
            _ => {
                if let Some(t) = &h.template {
                    self.walk(t, scopes, guards, at);
                }
            }
        }
        if let Some(inverse) = &h.inverse {
            self.walk(inverse, scopes, guards, at);
        }
    }

    fn param(&mut self, p: &Parameter, scopes: &[Scope<'a>], guards: &[Vec<String>], at: &str) {
        match p {
            Parameter::Path(_) => {
                if let Some(raw) = path_raw(p) {
                    self.variable(&raw, scopes, guards, at);
                }
            }
            Parameter::Subexpression(sub) => {
                if let TemplateElement::Expression(h) = sub.element.as_ref() {
                    self.expression(h, scopes, guards, at);
                }
            }
            _ => {} // names and literals read no data
        }
    }

    fn helper_name(&mut self, name: &Parameter, at: &str) -> Option<String> {
        let name = match name {
            Parameter::Name(n) => n.clone(),
            other => path_raw(other)?,
        };
        if !HELPERS.contains(&name.as_str()) {
            self.problems.push(format!("{at}: hàm \"{name}\" không có (dùng được: {})", HELPERS.join(", ")));
        }
        Some(name)
    }

    fn variable(&mut self, raw: &str, scopes: &[Scope<'a>], guards: &[Vec<String>], at: &str) {
        if raw.starts_with('@') && !raw.starts_with("@root") {
            return; // @index, @first, @last, @key
        }
        match self.resolve(raw, scopes) {
            Err(reason) => self.problems.push(format!("{at}: {{{{{raw}}}}}: {reason}")),
            Ok(r) => {
                let guarded = guards.iter().any(|g| r.path.starts_with(g));
                if !r.required && !guarded {
                    self.problems.push(format!(
                        "{at}: {{{{{raw}}}}} dùng ngoài {{{{#if {raw}}}}} nhưng \"{}\" không bắt buộc trong lược đồ",
                        r.path.join(".")
                    ));
                }
                self.uses.push(Use { raw: raw.to_string(), data_path: r.path });
            }
        }
    }

    /// Resolves `a.b`, `this.a`, `../a`, `@root.a` from the innermost scope.
    fn resolve(&self, raw: &str, scopes: &[Scope<'a>]) -> Result<Resolved<'a>, String> {
        let mut rest = raw.trim();
        let mut depth = scopes.len() - 1;
        if let Some(r) = rest.strip_prefix("@root") {
            depth = 0;
            rest = r.trim_start_matches(['.', '/']);
        }
        while let Some(r) = rest.strip_prefix("../") {
            depth = depth.checked_sub(1).ok_or("\"../\" vượt ra ngoài dữ liệu")?;
            rest = r;
        }
        rest = rest.strip_prefix("this").map(|r| r.trim_start_matches(['.', '/'])).unwrap_or(rest);
        rest = rest.strip_prefix("./").unwrap_or(rest);
        let scope = &scopes[depth];
        let mut resolved = Resolved { path: scope.path.clone(), node: scope.node, required: true };
        for seg in rest.split(['.', '/']).filter(|s| !s.is_empty()) {
            let seg = seg.trim_start_matches('[').trim_end_matches(']');
            if seg.chars().all(|c| c.is_ascii_digit()) {
                resolved.node = self.items(resolved.node).ok_or(format!("\"{seg}\": không phải mảng"))?;
                resolved.path.push("*".into());
                resolved.required = false;
                continue;
            }
            let (node, required) = self
                .property(resolved.node, seg)
                .ok_or_else(|| format!("biến \"{seg}\" không khai báo trong lược đồ dữ liệu"))?;
            resolved.node = node;
            resolved.required &= required;
            resolved.path.push(seg.to_string());
        }
        Ok(resolved)
    }

    fn deref(&self, node: &'a Value) -> &'a Value {
        let mut node = node;
        for _ in 0..16 {
            match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                Some(pointer) => match self.root.pointer(pointer) {
                    Some(target) => node = target,
                    None => break,
                },
                None => break,
            }
        }
        node
    }

    /// Branches of a node: itself, or each `anyOf`/`oneOf` alternative.
    fn branches(&self, node: &'a Value) -> Vec<&'a Value> {
        let node = self.deref(node);
        let alternatives = ["anyOf", "oneOf", "allOf"]
            .iter()
            .filter_map(|k| node.get(*k).and_then(Value::as_array))
            .flatten()
            .map(|n| self.deref(n));
        std::iter::once(node).chain(alternatives).collect()
    }

    fn property(&self, node: &'a Value, name: &str) -> Option<(&'a Value, bool)> {
        self.branches(node).into_iter().find_map(|n| {
            let prop = n.get("properties")?.get(name)?;
            let required = n.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|x| x == name));
            Some((prop, required))
        })
    }

    fn items(&self, node: &'a Value) -> Option<&'a Value> {
        self.branches(node).into_iter().find_map(|n| n.get("items"))
    }
}

fn path_raw(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Path(Path::Relative((_, raw))) => Some(raw.clone()),
        Parameter::Path(Path::Local((_, _, raw))) => Some(raw.clone()),
        Parameter::Name(n) => Some(n.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({
            "type": "object",
            "required": ["ten", "nhiem_vu"],
            "properties": {
                "ten": {"type": "string"},
                "cap_tren": {"type": "string"},
                "ngay": {"type": "string"},
                "nhiem_vu": {"type": "array", "items": {"$ref": "#/$defs/nv"}}
            },
            "$defs": {"nv": {"type": "object", "required": ["don_vi"], "properties": {"don_vi": {"type": "string"}, "ghi_chu": {"type": "string"}}}}
        })
    }

    fn problems(source: &str) -> Vec<String> {
        let schema = schema();
        let mut c = Checker::new(&schema);
        c.check(&Template::compile(source).unwrap(), &[], "/x");
        c.problems
    }

    #[test]
    fn declared_and_required_placeholders_pass() {
        assert!(problems("{{ten}} {{in_hoa ten}} {{#each nhiem_vu}}{{don_vi}} {{@index}} {{../ten}} {{@root.ten}}{{/each}}").is_empty());
        assert!(problems("{{#if cap_tren}}{{cap_tren}}{{/if}} {{#each nhiem_vu}}{{#if ghi_chu}}{{ghi_chu}}{{/if}}{{/each}}").is_empty());
    }

    #[test]
    fn undeclared_placeholders_are_refused() {
        let p = problems("{{ten_dang_bo}}");
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("ten_dang_bo") && p[0].contains("không khai báo"), "{p:?}");
        assert_eq!(problems("{{#each nhiem_vu}}{{nhiem_vu_khac}}{{/each}}").len(), 1);
    }

    #[test]
    fn optional_variables_need_a_guard() {
        let p = problems("{{cap_tren}}");
        assert!(p[0].contains("không bắt buộc"), "{p:?}");
        assert_eq!(problems("{{#each nhiem_vu}}{{ghi_chu}}{{/each}}").len(), 1);
    }

    #[test]
    fn unknown_helpers_and_partials_are_refused() {
        assert!(problems("{{dich ten}}")[0].contains("\"dich\""));
        assert_eq!(problems("{{> chung}}").len(), 1);
    }
}

//! Handlebars helpers for Vietnamese documents, and the two escapings a value
//! can get: none in plain fields, Markdown escaping in the body, so a value is
//! always inserted as text, never as markup.

use handlebars::{Handlebars, handlebars_helper};
use serde_json::Value;

use crate::date::DocDate;
use crate::profile::{DEFAULT_PROFILE, Profiles};
use crate::text;

handlebars_helper!(ngay_thang: |d: str| {
    let format = &Profiles::builtin().get(DEFAULT_PROFILE).expect("built-in profile").date;
    match DocDate::parse(d) {
        // The date words without the place: "ngày 05 tháng 02 năm 2024".
        Ok(date) => date.format("", format).trim_start_matches([',', ' ']).to_string(),
        Err(e) => e.message(d),
    }
});

handlebars_helper!(in_hoa: |s: str| text::upper(s));

handlebars_helper!(so_la_ma: |n: u64| text::roman(n as u32));

handlebars_helper!(nhom_so: |v: Json| number(v, None));

handlebars_helper!(phan_tram: |v: Json| format!("{}%", number(v, None)));

/// Vietnamese grouping: `87398` → `87.398`, `7.58` → `7,58`.
pub fn number(v: &Value, decimals: Option<usize>) -> String {
    let n = match v {
        Value::Number(n) => n.as_f64().unwrap_or_default(),
        Value::String(s) => s.trim().replace(',', ".").parse().unwrap_or(f64::NAN),
        _ => f64::NAN,
    };
    if !n.is_finite() {
        return v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    }
    let text = match decimals {
        Some(d) => format!("{:.*}", d, n.abs()),
        None if n.fract() == 0.0 => format!("{}", n.abs() as u64),
        None => format!("{}", n.abs()),
    };
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if n < 0.0 { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Backslash-escapes what Markdown could read as markup; line breaks fold to
/// spaces so a value cannot start a block of its own.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.' | '!' | '<' | '>'
            | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A registry in strict mode (a missing variable is an error, never a blank)
/// with the Vietnamese helpers.
pub fn registry(escape: fn(&str) -> String) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(escape);
    hb.register_helper("ngay_thang", Box::new(ngay_thang));
    hb.register_helper("in_hoa", Box::new(in_hoa));
    hb.register_helper("so_la_ma", Box::new(so_la_ma));
    hb.register_helper("nhom_so", Box::new(nhom_so));
    hb.register_helper("phan_tram", Box::new(phan_tram));
    hb
}

/// Names a template may call: ours and the handlebars built-ins we allow.
pub const HELPERS: &[&str] = &["ngay_thang", "in_hoa", "so_la_ma", "nhom_so", "phan_tram", "if", "unless", "each", "with", "eq", "ne", "lookup"];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(template: &str, data: Value) -> String {
        registry(handlebars::no_escape).render_template(template, &data).unwrap()
    }

    #[test]
    fn date_in_words() {
        assert_eq!(render("{{ngay_thang d}}", json!({"d": "2024-02-05"})), "ngày 05 tháng 02 năm 2024");
        assert_eq!(render("{{ngay_thang d}}", json!({"d": "15/6/2023"})), "ngày 15 tháng 6 năm 2023");
    }

    #[test]
    fn upper_case_with_diacritics_and_roman_numerals() {
        assert_eq!(render("{{in_hoa x}}", json!({"x": "Đảng ủy xã Phước Thiền"})), "ĐẢNG ỦY XÃ PHƯỚC THIỀN");
        assert_eq!(render("{{so_la_ma n}}", json!({"n": 14})), "XIV");
    }

    #[test]
    fn vietnamese_number_grouping() {
        assert_eq!(render("{{nhom_so n}}", json!({"n": 87398})), "87.398");
        assert_eq!(render("{{nhom_so n}}", json!({"n": 1234567})), "1.234.567");
        assert_eq!(render("{{nhom_so n}}", json!({"n": 714})), "714");
        assert_eq!(render("{{phan_tram n}}", json!({"n": 7.58})), "7,58%");
        assert_eq!(render("{{nhom_so n}}", json!({"n": -3500.5})), "-3.500,5");
    }

    #[test]
    fn strict_mode_refuses_a_missing_variable() {
        let err = registry(handlebars::no_escape).render_template("{{ten_dang_bo}}", &json!({})).unwrap_err();
        assert!(err.to_string().contains("ten_dang_bo"), "{err}");
    }

    #[test]
    fn markdown_escaping_keeps_values_literal() {
        let escaped = registry(markdown_escape).render_template("Đảng bộ {{x}}", &json!({"x": "**đậm** # 1. <b> {{y}}"})).unwrap();
        let blocks = crate::model::markdown::parse(&escaped);
        let crate::model::markdown::MdBlock::Para { spans } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(crate::model::document::spans_text(spans), "Đảng bộ **đậm** # 1. <b> {{y}}");
        assert!(spans.iter().all(|s| !s.bold));
    }
}

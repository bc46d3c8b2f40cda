//! Data for each built-in template. The first byte picks the template and the
//! way the rest is used:
//! - even: the rest is JSON, laid over the template's example (objects merge
//!   key by key, anything else replaces), so most of the data stays valid and
//!   the fuzzer's values reach the document;
//! - odd: the rest is text cut at U+001F; the pieces replace the example's
//!   string values in order (the strings are where templates put user text).
//!
//! The data is filled in (`fill`), resolved (`render_document`), planned and
//! drawn as DOCX. No PDF here: typst is ~100 ms a document (the `document`
//! target covers it). Must never panic; data errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vanban::profile::Profiles;
use vanban::templates::Store;

fn overlay(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => overlay(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

fn replace_strings<'a>(v: &mut Value, pieces: &mut impl Iterator<Item = &'a str>) {
    match v {
        Value::String(s) => {
            if let Some(p) = pieces.next() {
                *s = p.to_string();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| replace_strings(i, pieces)),
        Value::Object(map) => map.values_mut().for_each(|i| replace_strings(i, pieces)),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let templates: Vec<_> = Store::builtin().list().collect();
    let t = templates[usize::from(pick >> 1) % templates.len()];
    let Ok(rest) = std::str::from_utf8(rest) else { return };
    let mut value = t.example.clone();
    if pick & 1 == 0 {
        let Ok(over) = serde_json::from_str::<Value>(rest) else { return };
        overlay(&mut value, over);
    } else {
        replace_strings(&mut value, &mut rest.split('\u{1f}'));
    }
    let _ = t.fill(&value);
    let Ok(doc) = t.render_document(&value, Profiles::builtin()) else { return };
    vanban::plan::plan(&doc);
    if let Err(e) = vanban::render::docx::render(&doc) {
        panic!("a document the template accepted did not render as DOCX: {e}");
    }
});

//! A worked example of every kind, for "Dùng dữ liệu mẫu" on a blank
//! document: the samples in `samples/`, embedded, one per kind (an HD 05 one
//! on A4 first).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use include_dir::{Dir, include_dir};
use serde_json::Value;

static SAMPLES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/samples");

static BY_KIND: LazyLock<BTreeMap<String, Value>> = LazyLock::new(|| {
    let mut found: BTreeMap<String, (u8, &str, Value)> = BTreeMap::new();
    for file in SAMPLES.files() {
        let name = file.path().to_str().unwrap_or_default();
        let Some(doc) = name.ends_with(".json").then(|| serde_json::from_slice::<Value>(file.contents()).ok()).flatten() else { continue };
        let Some(kind) = doc.get("kind").and_then(Value::as_str).map(str::to_string) else { continue };
        let rank = preference(name, &doc);
        let better = found.get(&kind).is_none_or(|(r, n, _)| (rank, name) < (*r, *n));
        if better {
            found.insert(kind, (rank, name, doc));
        }
    }
    found.into_iter().map(|(kind, (_, _, doc))| (kind, doc)).collect()
});

/// Lower is better: a current (HD 05) document on A4 that reads alone.
fn preference(name: &str, doc: &Value) -> u8 {
    let old = !name.contains("hd05");
    let a5 = doc.get("paper").and_then(Value::as_str) == Some("a5");
    u8::from(old) * 2 + u8::from(a5)
}

/// The example document of a kind, if a sample has one.
pub fn for_kind(kind: &str) -> Option<&'static Value> {
    BY_KIND.get(kind)
}

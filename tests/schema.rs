//! The published JSON Schema of the document description.

mod common;

#[test]
fn the_published_schema_is_the_generated_one() {
    let published: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::root().join("schemas/document.schema.json")).unwrap()).unwrap();
    assert_eq!(published, vanban::model::schema(), "regenerate with: cargo run -- schema > schemas/document.schema.json");
}

#[test]
fn every_sample_and_filled_template_validates_against_it() {
    let schema = vanban::model::schema();
    assert!(jsonschema::meta::is_valid(&schema));
    let validator = jsonschema::validator_for(&schema).unwrap();
    for path in common::sample_paths() {
        let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(validator.is_valid(&value), "{}", path.display());
    }
    for t in vanban::templates::Store::builtin().list() {
        let doc = t.fill(&t.example).unwrap();
        assert!(validator.is_valid(&doc), "{}", t.meta.id);
    }
}

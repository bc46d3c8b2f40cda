//! Any UTF-8 body → Markdown blocks → numbered paragraphs, for every built-in
//! profile, both structures and both numbering modes. Must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::model::input::NumberingMode;
use vanban::model::markdown;
use vanban::model::numbering::Numberer;
use vanban::profile::{Profiles, Structure};

fuzz_target!(|text: &str| {
    let blocks = markdown::parse(text);
    let profiles = Profiles::builtin();
    for id in profiles.ids() {
        let profile = profiles.get(id).expect("a listed profile");
        for structure in [Structure::Sections, Structure::Articles] {
            for mode in [NumberingMode::Auto, NumberingMode::Manual] {
                Numberer::new(&profile, structure, mode).run(blocks.clone());
            }
        }
    }
});

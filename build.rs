// The built-in profiles, templates and fonts are embedded with include_dir,
// which cannot tell cargo about files added later; these lines do.
fn main() {
    for dir in ["profiles", "templates", "fonts"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}

// The built-in profiles, templates, fonts, samples and the built web app are embedded with include_dir,
// which cannot tell cargo about files added later; these lines do.
fn main() {
    for dir in ["profiles", "templates", "fonts", "samples", "web/dist"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}

//! Puts the directories of libatlas.so and libsurvey.so into this binary's
//! rpath, so it runs without LD_LIBRARY_PATH.
fn main() {
    for var in ["DEP_ATLAS_LIB_DIR", "DEP_SURVEY_LIB_DIR"] {
        if let Some(dir) = std::env::var_os(var) {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
        }
    }
}

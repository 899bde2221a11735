//! Puts the directory of libkitchen_sink.so (which the kitchen_sink crate found) into
//! this binary's rpath, so it runs without LD_LIBRARY_PATH.
fn main() {
    if let Some(dir) = std::env::var_os("DEP_KITCHEN_SINK_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
    }
}

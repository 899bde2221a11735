//! Puts the directory of libgreeter.so (found by the greeter crate) into the
//! binary's rpath, so it runs without LD_LIBRARY_PATH.
fn main() {
    if let Some(dir) = std::env::var_os("DEP_GREETER_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
    }
}

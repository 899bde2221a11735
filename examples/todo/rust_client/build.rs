//! Puts the directory of libtodo.so (which the todo crate found) into
//! this binary's rpath, so it runs without LD_LIBRARY_PATH.
fn main() {
    if let Some(dir) = std::env::var_os("DEP_TODO_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
    }
}

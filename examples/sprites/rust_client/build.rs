//! Puts the directory of libsprites.so (which the sprites crate found) into
//! this binary's rpath, so it runs without LD_LIBRARY_PATH.
fn main() {
    if let Some(dir) = std::env::var_os("DEP_SPRITES_LIB_DIR") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.to_string_lossy());
    }
}

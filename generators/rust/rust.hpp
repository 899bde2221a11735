// The Rust backend (--lang rust): a dependency-free crate per library over
// the native C ABI, `<lib>-rs/`:
//   Cargo.toml, build.rs     links lib<lib>.so (beside the crate by default,
//                            or <LIB>_LIB_DIR)
//   src/ffi.rs               #[repr(C)] mirrors and extern "C" declarations,
//                            exactly <lib>.h (c_abi and the export table)
//   src/types.rs             owned Rust types with the schema's docs
//   src/convert.rs           owned types <-> mirrors
//   src/lib.rs               Client, the methods (blocking and async),
//                            statics, events, host functions
//   src/support.rs           shared support (support.cpp)
//   tests/layout.{rs,c}      the mirrors' sizes and offsets against C's
// backend.hpp holds the generator; this header what other code needs.
#pragma once

#include <string>

#include "emitter.hpp"
#include "model.hpp"

namespace ffidl::gen::rust {

/// src/support.rs: error type, arena, completion slot, listeners, hosts.
std::string support_file(const model::Model& m);

}  // namespace ffidl::gen::rust

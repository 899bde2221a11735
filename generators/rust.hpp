// The Rust backend (--lang rust): a dependency-free crate per library over
// the native C ABI. Shared between the generator proper (rust.cpp) and the
// support module every crate carries (rust_support.cpp).
#pragma once

#include <string>

#include "emitter.hpp"
#include "model.hpp"

namespace ffidl::gen::rust {

/// src/support.rs: error type, arena, completion slot, listeners, hosts.
std::string support_file(const model::Model& m);

}  // namespace ffidl::gen::rust

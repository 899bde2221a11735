// The Go backend (--lang go): a cgo package per library over the native C
// ABI. Shared between the generator proper (go.cpp) and the support file
// every package carries (go_support.cpp).
#pragma once

#include <string>

#include "emitter.hpp"
#include "model.hpp"

namespace ffidl::gen::go {

/// The Go package (and module) name: the library name without
/// underscores, `kitchen_sink` -> `kitchensink`.
std::string package_name(const model::Model& m);
/// The exported Go spelling of a schema name: PascalCase with Go's
/// initialisms upper-cased (`peer_id` -> `PeerID`, `url` -> `URL`).
std::string exported(const model::Names& n);
/// ffidl.go: arena, handles, calls, event queue.
std::string support_file(const model::Model& m);
/// ffidl_host.go: the host-call runner (a stub if the library has no host
/// functions).
std::string host_support_file(const model::Model& m);

}  // namespace ffidl::gen::go

// The Go backend (--lang go): a cgo package per library over the native C
// ABI, `<pkg>/` with go.mod, the copied `<lib>.h`, and gofmt-clean sources:
//   types.go    Go structs, enums and constants, with the schema's docs
//   convert.go  Go value <-> native POD conversions (C side in a C arena)
//   client.go   Client, New/Close, the methods, statics, events, host fns
//   exports.go  the three C-callable trampolines (result, event, host)
//   ffidl.go    support code (support.cpp)
// backend.hpp holds the generator; this header what other code needs.
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

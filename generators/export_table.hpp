// The export table: every function a generated library exports, as data.
// Derived once from the model; the C header declares its rows, the C++ glue
// defines them, the Rust crate declares them as externs, and the clients
// call them. No backend keeps a list of its own, so a header, the externs
// and the library cannot disagree about a symbol or a parameter (the
// agreement is also tested: tests/generators/export_table_test.cpp).
//
// A row says what the function is (`Kind`: a schema function, or one of the
// runtime's fixed exports), its symbol, its wire, and its parameters in
// order, each with its C type and role. A schema parameter occupies the C
// members c_abi::param_members gives it, one Param each, passed as
// lowering::passing says: the table decides which functions cross the ABI
// with which parameters, the lowering plan how each value crosses.
#pragma once

#include <string>
#include <vector>

#include "c_abi.hpp"
#include "lowering.hpp"
#include "model.hpp"

namespace ffidl::gen::exports {

/// What an exported function is. Schema functions first, then the
/// runtime's fixed exports (the same in every library but for their
/// `<lib>_` prefix, and present only where the schema has what they serve).
enum class Kind {
  ctor,                     // the library ctor (makes a context): `wire`, `paused`
  proc,                     // a proc, an object's ctor or proc: ctx, cb, user_data, arguments
  static_proc,              // cb, user_data, arguments: no context
  run_ctor,                 // starts a ctor made `_paused`
  dtor,                     // the dtor, or `<lib>_destroy` without one
  set_stale_warn_interval,  // the context's settings
  set_request_queue_limit,
  set_wait_spin,
  dropped_events,
  object_retain,  // per object: `object`
  object_release,
  live_objects,
  add_event_listener,  // `wire`: which payload the listener gets
  remove_event_listener,
  register_host_fn,  // `wire`: which request the host fn gets
  host_complete,
  error_message,  // per error union: `error`
  last_error,
  is_library_thread,
  wait_spin,
  abi_descriptor,
  abi_hash,
  abi_check,
};

/// Which wire a function speaks; `none` for those that carry no value.
enum class Wire { none, native, cbor };

/// What a parameter is to the function.
enum class Role {
  ctx,          // `void *ctx`: the context called
  callback,     // `ffidl_callback cb`: gets the answer
  user_data,    // `void *user_data`: handed back to cb
  request,      // the CBOR wire's `const uint8_t *req` ...
  request_len,  // ... and its `size_t len`
  argument,     // one C member of a schema parameter (`field`)
  runtime,      // a parameter of a fixed export (`ms`, `event`, `obj`, ...)
};

struct Param {
  c_abi::CType type;
  std::string name;  // the C parameter name: the member's for arguments
  Role role = Role::runtime;
  /// Role::argument: the schema parameter this member belongs to, and how
  /// that parameter is passed (the lowering plan's rule, recorded here so
  /// that no backend asks again).
  const model::Field* field = nullptr;
  lowering::Passing passing = lowering::Passing::value;
};

struct Export {
  Kind kind = Kind::proc;
  std::string symbol;  // `<lib>_<name>`, as the library exports it
  Wire wire = Wire::none;
  bool paused = false;                    // Kind::ctor: the `_paused` form
  const model::Func* func = nullptr;      // ctor, proc, static_proc, dtor (if declared)
  const model::Object* object = nullptr;  // object_retain / object_release
  const model::Union* error = nullptr;    // error_message
  std::vector<Param> params;
  c_abi::CType result;  // `int` for most; `void *` for a ctor

  /// A schema function's call: a ctor, proc or static proc. The other rows
  /// are the runtime's, named `<lib>_<name>` (the dtor aside, which the
  /// schema may name), so no schema function may take one of those names:
  /// model::reserved_export_names lists them for the checker, and a test
  /// holds that list to this table.
  bool is_call() const {
    return kind == Kind::ctor || kind == Kind::proc || kind == Kind::static_proc;
  }
};

/// Every export of the library `m` describes, in the order the C header
/// declares them: the ctor forms, run_ctor, the dtor and settings; procs
/// and static procs (native, then CBOR, for each); object references;
/// event listeners; host functions; error messages; errors and threads;
/// introspection.
std::vector<Export> table(const model::Model& m);

/// The rows of `table` that are a schema function's forms (its native and
/// CBOR export, and for the ctor the `_paused` ones), in table order.
std::vector<const Export*> forms_of(const std::vector<Export>& t, const model::Func& f);
/// f's native export (with `paused`, the library ctor's `_paused` form);
/// throws std::logic_error if f has none (`[abi = cbor]`).
const Export& native_form(const std::vector<Export>& t, const model::Func& f, bool paused = false);
/// The first row of `kind`, or nullptr.
const Export* find(const std::vector<Export>& t, Kind kind);

/// Spells the arguments of a call to `e`, one per parameter, in order: the
/// function-level step of the plan. `spell` gives a backend's expression for
/// one parameter; the list is never joined and split again.
template <class Spell>
std::vector<std::string> call_args(const Export& e, Spell&& spell) {
  std::vector<std::string> out;
  out.reserve(e.params.size());
  for (const Param& p : e.params)
    out.push_back(spell(p));
  return out;
}

}  // namespace ffidl::gen::exports

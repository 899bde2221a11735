// --lang cpp-service, part 2: `<lib>_glue.cpp`, everything between the C ABI
// and the author's Service, written by one class whose member functions are
// defined by concern: glue.cpp (the file, its basics, enums and objects),
// glue_codecs.cpp (POD and CBOR codecs of every record), glue_handlers.cpp
// (handler wrappers, host-call awaitables, event emitters),
// glue_arguments.cpp (checking, copying and staging a call's arguments) and
// glue_exports.cpp (one definition per row of the export table, and the ABI
// descriptor). Every marshaler comes from one walk per direction over the
// model type and the c_abi layout, so copy, convert and free always agree
// with the header.
#pragma once

#include <fmt/format.h>
#include <set>

#include "c_abi.hpp"
#include "cpp/common.hpp"
#include "cpp/marshal.hpp"
#include "emitter.hpp"
#include "export_table.hpp"
#include "model_json.hpp"

namespace ffidl::gen::cpp {

using model::TypeKind;

/// The CBOR ABI descriptor: a map {library, version, hash, model}.
std::vector<std::uint8_t> descriptor(const model::Model& m);

class Glue {
 public:
  explicit Glue(const model::Model& m)
      : m_(m), ns_(m.library.name.snake), marshal_(m, e_, "", true), records_(marshal_.records()) {}

  std::string run();

 private:
  // ---- naming helpers ------------------------------------------------------------

  std::string cpp_t(const model::Type* t) const { return cpp::type(m_, t); }
  std::string c_t(const model::Type* t) const { return c_abi::element_type(m_, t); }
  std::string mangle(const model::Type* t) const { return c_abi::mangle(m_, t); }

  // ---- sections ----------------------------------------------------------------------

  void access();

  /// The runtime's spelling of a function's `[abi = ...]`.
  static std::string wire_set(const model::Func& f);

  void basics();

  /// How an object crosses: natively a handle struct, on the CBOR wire an
  /// unsigned integer. Handing one out takes a reference the message owns;
  /// an argument's handle is looked up in the context the call names.
  void objects();

  void enums();

  /// Per-function parameter records (glue-only) for decoding CBOR requests.
  std::vector<cpp::Record> param_records();

  void codecs();
  void struct_encoder(const cpp::Record& record);
  void struct_decoder(const cpp::Record& record);

  /// A union on the CBOR wire: a variant without fields is its name as
  /// text; one with fields is a one-entry map from its name to the fields.
  void union_codec(const model::Union& u);
  void union_encoder(const model::Union& u);
  void union_decoder(const model::Union& u);

  /// Converters for every function result: value -> reply (both wires) and,
  /// for host fns, answer -> value.
  void values();
  void reply_function(const model::Type* t, bool raised);
  void answer_function(const model::Type* t);
  void payload_renderers();

  std::string typed_params(const model::Func& f) const;

  std::string moved_params(const model::Func& f, std::size_t from = 0) const;

  void handlers();

  void host_and_events();

  // ---- the exported C ABI ------------------------------------------------------------

  /// Checks and copies a native call's arguments, on the caller's thread:
  /// each into a C++ local `ffidl_arg_<name>`, or, with `staging` for the
  /// types lowering::staged names, into the arena `ffidl_arena` as locals
  /// `ffidl_pod_<name>` that converted_args() converts on the loop. `bad` is
  /// what the export returns for a NULL struct argument (a synchronous
  /// failure); a refused value throws ffidl::pod::Invalid (FFIDL_ERR).
  void native_args(const model::Func& f, const char* bad, const std::string& export_name,
                   bool staging);

  /// The types of the arguments native exports stage (native_args).
  std::vector<const model::Type*> staged_types() const;

  bool any_staged(const model::Func& f) const;

  /// The staged copy of argument `p`: locals named as its C members with
  /// the prefix `ffidl_pod_` (c_abi::param_members), pointing into the arena.
  void stage_arg(const model::Field& p);

  /// The native export's lambda captures: the arena and staged members,
  /// then the arguments converted on the caller's thread.
  std::string native_captures(const model::Func& f) const;

  /// On the loop, at the start of the native export's lambda: the staged
  /// arguments converted into C++ values, then the arena freed.
  std::string converted_args(const model::Func& f) const;

  std::string captures(const model::Func& f, const std::string& from) const;

  // ---- the exported C ABI: one definition per row of the export table ----

  void exports();

  /// `FFIDL_EXPORT int echo_say(void* ctx, ...) {`: a row as C++ defines it.
  static std::string opening(const exports::Export& row);

  /// A runtime export that forwards to `ffidl::exports::<call>`.
  void forward(const exports::Export& row, const std::string& call) {
    e_.print(opening(row));
    e_.print("    return ffidl::exports::$call$;\n}", {{"call", call}});
  }

  static const char* wire(const exports::Export& row) {
    return row.wire == exports::Wire::cbor ? "ffidl::Wire::cbor" : "ffidl::Wire::native";
  }

  void define(const exports::Export& row);

  /// A ctor's native export (or its `_paused` form): checks and copies the
  /// arguments, then makes the context.
  void ctor_native(const exports::Export& row);

  /// A ctor's CBOR export: a malformed request still makes a context, whose
  /// ctor fails naming the bad value.
  void ctor_cbor(const exports::Export& row);

  void object_reference(const exports::Export& row);

  /// The registry of host fns by name, shared by the two registration exports.
  void host_registry();

  /// An error's message, for C callers and logs: the same text the
  /// bindings derive (ffidl/show.hpp).
  void error_message(const exports::Export& row);

  void abi_check(const exports::Export& row);

  void abi_descriptor(const exports::Export& row);

  /// The test for a malformed CBOR request. A function without parameters
  /// also accepts an empty request (len 0).
  static std::string bad_request(const model::Func& f, const std::string& params) {
    std::string decode = "!decode(r, " + params + ") || !r.finish()";
    return f.params.empty() ? "len > 0 && (" + decode + ")" : decode;
  }

  void start_ctor(const model::Func& c, const std::string& prefix, const std::string& export_name,
                  const std::string& paused_flag);

  /// Opens the body of an export run under ffidl::exports::guarded, so no
  /// exception crosses the C ABI; close_guard() ends it.
  void open_guard(const std::string& export_name, const std::string& on_error,
                  const std::string& result);
  void close_guard();

  /// Handles among the arguments name objects of the context called.
  void object_scope(const model::Func& f);

  /// How a proc's export reaches its context, and what its handler gets:
  /// a static proc runs on the library's static context.
  struct Reach {
    std::string get;      // the context, into `ffidl_ctx`
    std::string via;      // `ffidl_ctx.` / `ffidl_ctx->`
    std::string service;  // the handler's first argument
    std::string lambda;   // the submitted lambda's parameter
    std::string moved;    // the converted arguments, moved into the handler
  };
  static Reach reach(const exports::Export& row);

  /// A proc's native export: checks and copies (or stages) the arguments on
  /// the caller's thread, then queues the call.
  Reach proc_opening(const exports::Export& row);
  void proc_native(const exports::Export& row);

  /// A proc's CBOR export: decodes the request on the caller's thread; a
  /// malformed one is answered FFIDL_ERR through the callback.
  void proc_cbor(const exports::Export& row);

  const model::Model& m_;
  const std::vector<exports::Export> table_ = exports::table(m_);
  std::string ns_;
  Emitter e_;
  cpp::Marshal marshal_;
  std::vector<cpp::Record> records_;
  std::vector<cpp::Record> params_;
};

}  // namespace ffidl::gen::cpp

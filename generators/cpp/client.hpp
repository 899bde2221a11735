// --lang cpp: `<lib>_client.hpp`, a header-only C++ client over `<lib>.h`
// that shares `<lib>_types.hpp`. Users see value types, ffidl::Result,
// std::function and std::future: never void*, user_data or PODs. One class
// writes it, its member functions defined by concern: client.cpp (the file,
// decoders, subscriptions, shared state), client_arguments.cpp (packing a
// call's arguments), client_objects.cpp (object handles) and
// client_class.cpp (the Client class: create, procs, events, host fns).
#pragma once

#include <map>
#include <set>
#include <stdexcept>

#include "c_abi.hpp"
#include "cpp/common.hpp"
#include "cpp/marshal.hpp"
#include "emitter.hpp"
#include "export_table.hpp"
#include "generator.hpp"
#include "lowering.hpp"

namespace ffidl::gen::cpp {

using model::TypeKind;

class Client {
 public:
  explicit Client(const model::Model& m)
      : m_(m),
        ns_(m.library.name.snake),
        lib_(m.library.name.original),
        marshal_(m, e_, "inline ") {}

  std::string run();

 private:
  void object_declarations();
  void abi_mismatch();
  std::string cpp_t(const model::Type* t) const { return cpp::type(m_, t); }
  /// The template arguments of the function's ffidl::Result: "T", or
  /// "T, ffidl::Failure<E>" when it raises E.
  std::string result_t(const model::Func& f) const {
    std::string t = f.result ? cpp_t(f.result) : "void";
    return f.raises ? t + ", ffidl::Failure<" + cpp_t(f.raises) + ">" : t;
  }
  /// `decode_<Result>_raising_<Error>`: the decoder of a function that raises.
  std::string raising_decoder(const model::Func& f) const {
    return "decode_" + (f.result ? c_abi::mangle(m_, f.result) : "Void") + "_raising_" +
           c_abi::mangle(m_, f.raises);
  }

  std::string decoder(const model::Func& f) const;

  /// Result decoders for every function result type (native wire), and
  /// for each function that raises, one that also decodes the typed error.
  /// A value this binding cannot decode (an unknown union variant) is an
  /// error, never a guess.
  void decoders(bool declare_only);

  void subscription();

  // ---- argument packing ------------------------------------------------------------

  /// Emits locals holding the C form of every parameter; returns the C
  /// expression of each argument by its C parameter's name (the export
  /// table's Param::name). `free_args()` releases what was allocated.
  std::map<std::string, std::string> pack_args(const model::Func& f,
                                               const std::string& self_value = "");

  /// One parameter's C arguments, in the order of its C members.
  std::vector<std::string> pack_arg(const model::Func& f, const model::Field& p,
                                    const std::string& self_value);

  /// The call of `row` (a native export of f) with the arguments
  /// pack_args gave, the callback `callback` and user data `user_data`.
  std::string native_call(const exports::Export& row,
                          const std::map<std::string, std::string>& args, const std::string& ctx,
                          const std::string& callback) const;

  /// After pack_args: a string argument holding a NUL byte cannot cross (a
  /// C string ends there), so the call is refused with `fail(error)` once
  /// the packed arguments are freed.
  void refuse_nul(const model::Func& f, const std::string& fail, const std::string& after);

  /// True if a value of type t can hold a string (directly or inside).
  bool mentions_string(const model::Type* t) const;

  void free_args(const model::Func& f);

  /// A parameter's name in the client's methods: the schema's, with a
  /// trailing `_` where it would shadow or take a name the methods use
  /// themselves (their callbacks, locals and the client's own members).
  static std::string param(const model::Field& p);

  std::string params_decl(const model::Func& f, bool trailing_comma, std::size_t skip = 0) const;

  std::string param_names(const model::Func& f, bool trailing_comma, std::size_t skip = 0) const;

  // ---- objects ----------------------------------------------------------------------

  /// How the client's marshalers treat an object: lifting one takes a
  /// reference of the client's own (handles in answers are borrowed for the
  /// callback); lowering one lends its handle for the call.
  void object_helpers(bool define);

  void object_class(const model::Object& o);
  void object_ctor_declarations(const model::Func& c);

  /// An object's ctors, defined once Client is: each is the client's
  /// `<object>_<ctor>` method.
  void object_ctors(const model::Object& o);

  // ---- the Client class ----------------------------------------------------------------

  void client_class();
  void static_client_class();

  void create();

  /// CBOR-only functions have no native export for the client to call.
  void skipped(const model::Func& f);

  /// An object proc rendered as a method of its object's class: the
  /// context is the object's, the receiver the object itself.
  struct Receiver {
    std::string ctx;    // "ctx_"
    std::string owner;  // the class: "TodoList"
    /// Declarations in the class, or definitions after every object class
    /// (a method's marshalers may need another object class complete).
    bool define = false;
  };

  void proc(const model::Func& f, bool is_static, const Receiver* recv = nullptr);
  VarMap proc_vars(const model::Func& f, bool is_static, const Receiver* recv) const;
  void proc_declarations(const model::Func& f, const VarMap& v);
  void proc_call(const model::Func& f, bool is_static, const Receiver* recv, const VarMap& v);
  std::function<void()> form_doc(const model::Func& f, const Receiver* recv, std::string note);
  void proc_async(const model::Func& f, const Receiver* recv, const VarMap& v,
                  const std::function<void()>& call);
  void proc_future_and_blocking(const model::Func& f, const Receiver* recv, const VarMap& v);

  void payload_from(const model::Func& f, const std::string& msg, const std::string& type,
                    const std::string& local);
  void event(const model::Func& ev);

  void host(const model::Func& h);
  void host_async(const model::Func& h, const VarMap& v, const std::function<void()>& convert);

  void state();

  const model::Model& m_;
  const std::vector<exports::Export> table_ = exports::table(m_);
  std::string ns_;
  std::string lib_;
  Emitter e_;
  cpp::Marshal marshal_;
};

}  // namespace ffidl::gen::cpp

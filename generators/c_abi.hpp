// The native C ABI layout, derived once from the model and shared by every
// backend that reads or writes PODs (the C header, the C++ glue and client,
// the Go and Rust mirrors): C type names, how a field or parameter flattens
// into C members, the helper structs containers need in element position,
// and the ABI hashes. Backends never invent a layout of their own, so they
// cannot drift apart. Which functions cross the ABI is export_table.hpp's.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model.hpp"

namespace ffidl::gen::c_abi {

/// A C type of the ABI as a small syntax tree, so that each backend renders
/// it in its own language (C spelling, cgo, Rust FFI) and none parses C
/// text back. A pointer points to const unless it is `writable`: values
/// cross the ABI as `const`; only the runtime's own exports take a context
/// (`void *ctx`) or write through an out-parameter (`size_t *len`).
struct CType {
  enum class Base {
    boolean,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    size,
    char_,
    void_,     // `void` (a result), or what `void *` points at
    int_,      // C `int`: the return codes (FFIDL_OK, ...)
    callback,  // ffidl_callback
    host_fn,   // ffidl_host_fn
    named,
  };
  Base base = Base::boolean;
  std::string name;  // Base::named: a mirror struct, enum typedef or helper ("echo_Request")
  int pointers = 0;  // 1: `const T *`; 2: `const T *const *`
  /// The outermost pointer points at something the callee may write (or a
  /// context it does not look into): `void *`, `size_t *`, `const char **`.
  bool writable = false;

  CType(Base b = Base::boolean, std::string n = "", int p = 0, bool w = false)
      : base(b), name(std::move(n)), pointers(p), writable(w) {}

  /// The C spelling: "size_t", "const char *", "const char *const *",
  /// "void *", "const char **".
  std::string c() const;
  /// The same type as C++ spells it: "const char*", "void*".
  std::string cpp() const;
  /// `const T *` of this type.
  CType pointer() const {
    CType p = *this;
    ++p.pointers;
    p.writable = false;
    return p;
  }
  bool operator==(const CType& o) const {
    return base == o.base && name == o.name && pointers == o.pointers && writable == o.writable;
  }
};

/// One C member (or parameter) a schema field flattens into.
struct Member {
  CType type;
  std::string name;
  /// `T name` / `T *name`, as the C header declares it.
  std::string decl() const;
};

/// `<lib>_<Pascal>` for a struct or enum.
std::string type_name(const model::Model& m, const model::Names& n);
/// `<lib>_<Event>Event` / `<lib>_<Host>Args`: the struct holding a
/// function's parameters.
std::string params_struct_name(const model::Model& m, const model::Func& f);
/// `<lib>_<fn>`: the exported function (add "_cbor" for the CBOR wire).
std::string export_name(const model::Model& m, const std::string& fn);
/// `<LIB>_<NAME>`: a constant's macro.
std::string const_name(const model::Model& m, const model::Const& c);
/// `<lib>_<Enum>_<enumerator>`.
std::string enumerator_name(const model::Model& m, const model::Enum& e,
                            const model::Enumerator& v);

/// The C type of a value of `t` stored by value in an array or a helper
/// struct (containers become helper structs).
CType element_ctype(const model::Model& m, const model::Type* t);
/// Its C spelling (element_ctype(m, t).c()).
std::string element_type(const model::Model& m, const model::Type* t);
/// True if a value of `t` in element position (an array slot, a result)
/// is a helper struct with one field, `value`: containers and bytes.
inline bool in_helper(const model::Type* t) {
  return t->is_container() || t->kind == model::TypeKind::bytes;
}
/// True if a parameter of type `t` travels as `const T *` to its mirror:
/// structs and unions.
inline bool by_pointer(const model::Type* t) {
  return t->kind == model::TypeKind::struct_ || t->kind == model::TypeKind::union_;
}
/// `<lib>_<Union><Variant>`: the C struct of a variant's fields (variants
/// without fields have none).
std::string variant_struct_name(const model::Model& m, const model::Union& u,
                                const model::Variant& v);
/// `<lib>_<Union>_<variant>`: the tag value of a variant (its index).
std::string tag_name(const model::Model& m, const model::Union& u, const model::Variant& v);
/// Name of the helper struct for a container or bytes in element position.
std::string helper_name(const model::Model& m, const model::Type* t);
/// `ListI32`, `MapStringListI32`: the type's name inside helper names.
std::string mangle(const model::Model& m, const model::Type* t);

/// How field `name` of type `t` is laid out in a struct.
std::vector<Member> field_members(const model::Model& m, const model::Type* t,
                                  const std::string& name);
/// How parameter `name` is passed to an export: as field_members, except
/// that structs travel as `const T *`.
std::vector<Member> param_members(const model::Model& m, const model::Type* t,
                                  const std::string& name);

/// Every type that needs a helper struct, in definition order (a helper
/// comes after the helpers and structs it holds by value).
std::vector<const model::Type*> helper_types(const model::Model& m);

/// All structs the header defines, user structs and the helper/params
/// structs, in an order where each comes after what it holds by value.
struct StructDef {
  std::string name;
  model::Doc doc;
  std::vector<std::pair<model::Doc, std::vector<Member>>> fields;
};
std::vector<StructDef> struct_defs(const model::Model& m);

/// The ABI hash: FNV-1a 64 over what the C ABI depends on (names, types,
/// field and parameter order, enumerator values, wires), never doc comments
/// or formatting. Bindings carry it and compare it with the loaded
/// library's `<lib>_abi_hash` before their first call.
std::uint64_t abi_hash(const model::Model& m);
/// As a C/C++/Go/Rust hexadecimal literal body: "0x0123456789abcdef".
std::string abi_hash_hex(const model::Model& m);

/// One function of the ABI as a binding checks it: `name` is "<kind>
/// <name>" ("proc say", "static proc add", "event fired"), `hash` covers its
/// signature and wires and every struct and enum it reaches, never docs.
/// A binding passes the declarations it was generated with to the
/// library's `<lib>_abi_check`, which accepts a library that has each of
/// them unchanged (it may have more): adding a function or a type breaks no
/// existing binding; changing or removing one that a binding uses does.
struct AbiDecl {
  std::string name;
  std::uint64_t hash = 0;
};
std::vector<AbiDecl> abi_decls(const model::Model& m);
/// `0x...` for a hash.
std::string hex(std::uint64_t h);

/// True if a function exists in the native / CBOR wire.
inline bool native(const model::Func& f) {
  return model::has_native(f.abi);
}
inline bool cbor(const model::Func& f) {
  return model::has_cbor(f.abi);
}

}  // namespace ffidl::gen::c_abi

// The checked model: what every generator reads. Names are resolved, types
// are interned, enum values computed, each function's effective wire decided
// and every name spelled in the casings the targets need. Nothing here
// refers back to the syntax tree except source positions kept for tools.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "source.hpp"

namespace ffidl::model {

/// Which wires a function is exported in (the `abi` setting).
enum class Abi { native, cbor, both };

inline bool has_native(Abi a) {
  return a != Abi::cbor;
}
inline bool has_cbor(Abi a) {
  return a != Abi::native;
}

/// One identifier in every casing a generator needs.
struct Names {
  std::string original;  // as written in the schema
  std::string snake;     // echo_request
  std::string camel;     // echoRequest
  std::string pascal;    // EchoRequest
  std::string upper;     // ECHO_REQUEST
  Loc loc;               // where the schema declares it (for tools such as `compat`)
};

/// Doc comment lines, markers stripped.
using Doc = std::vector<std::string>;

enum class TypeKind {
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
  string,
  bytes,
  list,
  optional,
  map,
  struct_,
  enum_,
  union_,   // a union or an error
  object_,  // a handle to a live object of the library
};

/// An interned type. Equal types are the same object, so generators may
/// compare pointers and key tables by them.
struct Type {
  TypeKind kind = TypeKind::boolean;
  const Type* elem = nullptr;  // list, optional: the element; map: the value
  const Type* key = nullptr;   // map: the key
  int decl = -1;  // struct_/enum_/union_/object_: index into Model::structs/enums/unions/objects
  std::string spelling;  // canonical schema spelling: map<string, list<u8>>
  /// An object, or a value holding one (in a container or a struct field,
  /// at any depth): generators treat such values as references.
  bool holds_objects = false;

  bool is_integer() const { return kind >= TypeKind::i8 && kind <= TypeKind::u64; }
  bool is_signed() const { return kind >= TypeKind::i8 && kind <= TypeKind::i64; }
  bool is_float() const { return kind == TypeKind::f32 || kind == TypeKind::f64; }
  /// bool, integers, floats and enums: passed by value, no heap in C.
  bool is_scalar() const { return kind <= TypeKind::f64 || kind == TypeKind::enum_; }
  bool is_container() const {
    return kind == TypeKind::list || kind == TypeKind::optional || kind == TypeKind::map;
  }
};

struct Field {
  Names name;
  Doc doc;
  const Type* type = nullptr;
};

struct Struct {
  Names name;
  Doc doc;
  std::vector<Field> fields;
  /// True if the struct reaches itself through a list or map.
  bool recursive = false;
};

struct Enumerator {
  Names name;
  Doc doc;
  std::int64_t value = 0;
};

struct Enum {
  Names name;
  Doc doc;
  std::vector<Enumerator> enumerators;
};

/// One variant of a union: a name and zero or more fields.
struct Variant {
  Names name;
  Doc doc;
  std::vector<Field> fields;
};

/// A tagged union; an `error` is a union that functions may raise. The tag
/// of a variant is its index in `variants`.
struct Union {
  Names name;
  Doc doc;
  bool is_error = false;
  std::vector<Variant> variants;
  /// True if the union reaches itself through a list or map.
  bool recursive = false;
};

/// A struct or union: the declarations whose C mirrors hold others by value.
struct RecordRef {
  enum class Kind { struct_, union_ };
  Kind kind = Kind::struct_;
  int index = 0;  // into Model::structs or Model::unions
};

using ConstValue = std::variant<bool, std::int64_t, std::uint64_t, double, std::string>;

struct Const {
  Names name;
  Doc doc;
  const Type* type = nullptr;
  ConstValue value;
};

enum class FuncKind { ctor, dtor, proc, static_proc, event, host };

/// What a function is to an object: nothing, one of its named ctors, or
/// one of its procs.
enum class Member { none, ctor, proc };

struct Func {
  FuncKind kind = FuncKind::proc;
  /// An object's ctors and procs are procs of the library too (in
  /// Model::procs): a ctor takes the ctor's parameters and returns the
  /// object; a proc takes the object as its first parameter, `obj`. Their
  /// `name` is `<Object>_<member>` in every casing.
  Member member = Member::none;
  int owner = -1;     // the object (index into Model::objects), or -1
  Names member_name;  // the name inside the object: `new`, `add_item`
  Names name;
  Doc doc;
  std::vector<Field> params;
  const Type* result = nullptr;  // nullptr: returns nothing
  const Type* raises = nullptr;  // an error union, or nullptr: raises nothing typed
  Abi abi = Abi::both;           // effective: attribute, else the library default

  /// The name in exported symbols: `<lib>_<symbol>` (`echo_say`,
  /// `todo_TodoList_add_item`).
  std::string symbol() const { return stem.empty() ? name.snake : stem; }
  std::string stem;  // object members: `<Object>_<member>`; others: empty
};

/// `object Name { ... }`: a type whose values are references to live
/// objects of a context. Its ctors and procs are in Model::procs.
struct Object {
  Names name;
  Doc doc;
  std::vector<int> ctors;  // indices into Model::procs, in declaration order
  std::vector<int> procs;  // indices into Model::procs, in declaration order
  bool has_dtor = false;   // the schema declares a dtor hook
  Doc dtor_doc;
};

/// Runtime settings the library author fixed in the library block; unset
/// ones keep the runtime's defaults (docs/runtime.md).
struct RuntimeSettings {
  std::optional<std::uint64_t> stale_warn_ms;
  std::optional<std::uint64_t> drain_timeout_ms;
  std::optional<std::uint64_t> event_queue_limit;
  std::optional<std::uint64_t> request_queue_limit;
};

struct Library {
  Names name;
  Doc doc;
  std::string version;  // "" if the schema gives none
  Loc version_loc;      // the version's value, or the library's name if none
  Abi abi = Abi::both;  // default for every function
  RuntimeSettings runtime;
};

struct Model {
  Model() = default;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  std::string source_path;
  /// Every schema file read: source_path, then the files it imports.
  std::vector<std::string> sources;
  Library library;
  std::vector<Const> consts;
  std::vector<Enum> enums;
  std::vector<Struct> structs;
  std::vector<Union> unions;
  std::vector<Object> objects;
  /// Every struct and union, ordered so that each comes after every one it
  /// holds by value (directly or through optional<>). Lists and maps hold by
  /// pointer, so they impose no order.
  std::vector<RecordRef> record_order;
  std::optional<Func> ctor;
  std::optional<Func> dtor;
  std::vector<Func> procs;
  std::vector<Func> static_procs;
  std::vector<Func> events;
  std::vector<Func> hosts;
  /// Every distinct type used anywhere, in first-use order (owner of the
  /// Type objects; a deque so pointers stay valid as it grows).
  std::deque<Type> types;

  const Struct& struct_of(const Type& t) const {
    return structs.at(static_cast<std::size_t>(t.decl));
  }
  const Enum& enum_of(const Type& t) const { return enums.at(static_cast<std::size_t>(t.decl)); }
  const Union& union_of(const Type& t) const { return unions.at(static_cast<std::size_t>(t.decl)); }
  const Object& object_of(const Type& t) const {
    return objects.at(static_cast<std::size_t>(t.decl));
  }
  /// The object a ctor or proc belongs to (f.owner >= 0).
  const Object& owner_of(const Func& f) const {
    return objects.at(static_cast<std::size_t>(f.owner));
  }
};

/// The names ffidl itself exports as `<lib>_<name>`; procs may not use them.
inline constexpr const char* reserved_export_names[] = {
    "add_event_listener",
    "add_event_listener_cbor",
    "remove_event_listener",
    "register_host_fn",
    "register_host_fn_cbor",
    "host_complete",
    "abi_descriptor",
    "abi_hash",
    "abi_check",
    "is_library_thread",
    "set_stale_warn_interval",
    "set_request_queue_limit",
    "set_wait_spin",
    "wait_spin",
    "dropped_events",
    "last_error",
    "run_ctor",
    "live_objects",
};

/// True if a value of `t` holds an object (Type::holds_objects; false for
/// no type, a function without a result).
inline bool holds_objects(const Type* t) {
  return t && t->holds_objects;
}
/// True if any of `fields` (a struct's, or a function's parameters) does.
inline bool holds_objects(const std::vector<Field>& fields) {
  for (const Field& f : fields) {
    if (holds_objects(f.type)) return true;
  }
  return false;
}

/// How a value holds a type one level down (for_each_held).
enum class Held {
  element,   // a list's element, a map's value: in an array, behind a pointer
  key,       // a map's key: likewise
  optional,  // an optional's value: inline, where the optional is
  field,     // a struct's field, or a field of a union's variant
};

/// The one walk over what a value holds: calls `visit(type, how, variant)`
/// for each type a value of `t` holds one level down, in declaration order
/// (`variant` is the variant's index for a union's field, else -1). Scalars,
/// strings, bytes, enums and objects hold nothing. Never recursive: each
/// caller decides how deep it goes and how it stops on a type that reaches
/// itself, which is the one thing the callers differ in.
template <class Visit>
void for_each_held(const Model& m, const Type* t, Visit&& visit) {
  switch (t->kind) {
    case TypeKind::list:
      visit(t->elem, Held::element, -1);
      return;
    case TypeKind::map:
      visit(t->key, Held::key, -1);
      visit(t->elem, Held::element, -1);
      return;
    case TypeKind::optional:
      visit(t->elem, Held::optional, -1);
      return;
    case TypeKind::struct_:
      for (const Field& f : m.struct_of(*t).fields)
        visit(f.type, Held::field, -1);
      return;
    case TypeKind::union_: {
      const Union& u = m.union_of(*t);
      for (std::size_t v = 0; v < u.variants.size(); ++v) {
        for (const Field& f : u.variants[v].fields)
          visit(f.type, Held::field, static_cast<int>(v));
      }
      return;
    }
    default:
      return;
  }
}

/// True for a struct or union: the types for_each_held enters by their
/// declarations' fields rather than by type arguments.
inline bool is_record(const Type* t) {
  return t->kind == TypeKind::struct_ || t->kind == TypeKind::union_;
}

const char* to_string(Abi abi);
/// The schema keyword: "ctor", ..., "static proc", "event", "host".
const char* to_string(FuncKind kind);
/// The kind in messages: as to_string, but "host fn".
const char* describe(FuncKind kind);
/// Every function in declaration-kind order: ctor, dtor, procs, static
/// procs, events, host fns.
std::vector<const Func*> functions(const Model& m);
const char* to_string(TypeKind kind);

}  // namespace ffidl::model

// The syntax tree of one .ffidl file, exactly as written: names are not yet
// resolved and values are not yet checked. Every node carries its location.
// Only the checker reads this; generators see the checked model (model.hpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "source.hpp"

namespace ffidl::ast {

/// `///` lines attached to the next item, with the markers stripped.
using Doc = std::vector<std::string>;

/// A type as written: `u32`, `EchoRequest`, `map<string, list<Job>>`.
struct TypeRef {
  std::string name;
  Loc loc;  // the whole type expression
  Loc name_loc;
  std::vector<TypeRef> args;
};

struct Literal {
  enum class Kind { integer, floating, string, boolean, identifier };
  Kind kind = Kind::integer;
  std::string text;  // strings: unescaped value; numbers: as written
  Loc loc;
};

/// `name = value` in a library block or an attribute list.
struct Setting {
  std::string name;
  Loc name_loc;
  Literal value;
};

/// A struct field or a parameter.
struct Field {
  Doc doc;
  std::string name;
  Loc name_loc;
  TypeRef type;
};

struct Library {
  Doc doc;
  std::string name;
  Loc name_loc;
  std::vector<Setting> settings;
};

struct Const {
  Doc doc;
  std::string name;
  Loc name_loc;
  TypeRef type;
  Literal value;
};

struct Enumerator {
  Doc doc;
  std::string name;
  Loc name_loc;
  std::optional<Literal> value;
};

struct Enum {
  Doc doc;
  std::string name;
  Loc name_loc;
  std::vector<Enumerator> enumerators;
};

struct Struct {
  Doc doc;
  std::string name;
  Loc name_loc;
  std::vector<Field> fields;
};

/// One variant of a union or error: a name and zero or more fields.
struct Variant {
  Doc doc;
  std::string name;
  Loc name_loc;
  std::vector<Field> fields;
};

/// `union Name { ... }` or `error Name { ... }`.
struct Union {
  Doc doc;
  bool is_error = false;
  Loc keyword_loc;
  std::string name;
  Loc name_loc;
  std::vector<Variant> variants;
};

enum class FuncKind { ctor, dtor, proc, static_proc, event, host };

/// ctor, dtor, proc, static proc, event and host share one shape.
struct Func {
  FuncKind kind = FuncKind::proc;
  Doc doc;
  Loc keyword_loc;
  std::string name;
  Loc name_loc;
  std::vector<Field> params;
  std::optional<TypeRef> result;
  std::optional<TypeRef> raises;  // `raises E`
  std::vector<Setting> attrs;
};

/// `object Name { ctor ...; dtor; proc ...; }`: its members keep the
/// shape of top-level functions (kind ctor, dtor or proc).
struct Object {
  Doc doc;
  std::string name;
  Loc name_loc;
  std::vector<Func> members;  // in source order
};

using Decl = std::variant<Const, Enum, Struct, Union, Func, Object>;

/// `import "path";`: resolved and read before checking (compiler/imports).
struct Import {
  std::string path;  // as written (unescaped)
  Loc path_loc;      // the string literal
};

struct File {
  std::vector<Library> libraries;  // the checker insists on exactly one
  std::vector<Import> imports;     // this file's, in source order
  std::vector<Decl> decls;         // in source order (imported files' first, once merged)
};

}  // namespace ffidl::ast

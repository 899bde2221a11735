#include "checker.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "imports.hpp"
#include "naming.hpp"
#include "parser.hpp"

namespace ffidl {

namespace {

using model::TypeKind;

struct Builtin {
  const char* name;
  TypeKind kind;
  int arity;
};

constexpr Builtin builtins[] = {
    {"bool", TypeKind::boolean, 0},      {"i8", TypeKind::i8, 0},
    {"i16", TypeKind::i16, 0},           {"i32", TypeKind::i32, 0},
    {"i64", TypeKind::i64, 0},           {"u8", TypeKind::u8, 0},
    {"u16", TypeKind::u16, 0},           {"u32", TypeKind::u32, 0},
    {"u64", TypeKind::u64, 0},           {"f32", TypeKind::f32, 0},
    {"f64", TypeKind::f64, 0},           {"string", TypeKind::string, 0},
    {"bytes", TypeKind::bytes, 0},       {"list", TypeKind::list, 1},
    {"optional", TypeKind::optional, 1}, {"map", TypeKind::map, 2},
};

const Builtin* find_builtin(std::string_view name) {
  for (const Builtin& b : builtins) {
    if (name == b.name) return &b;
  }
  return nullptr;
}

/// A declared name, for duplicate detection and "previous declaration" notes.
struct Symbol {
  Loc loc;
  std::string original;
  std::string what;  // "struct", "proc", ...
};

/// A namespace in which names clash when their snake_case spellings do:
/// `EchoRequest` and `echo_request` become the same Go or Rust name.
class Scope {
 public:
  Scope(Diagnostics& d, std::string description) : d_(d), description_(std::move(description)) {}

  /// Declares a name; reports a duplicate and returns false if taken.
  bool declare(const std::string& original, Loc loc, std::string what) {
    std::string key = naming::snake(original);
    auto [it, fresh] = symbols_.try_emplace(key, Symbol{loc, original, std::move(what)});
    if (fresh) return true;
    const Symbol& prev = it->second;
    if (prev.original == original) {
      d_.error(loc, fmt::format("duplicate {} name '{}'", description_, original));
    } else {
      d_.error(loc, fmt::format("{} name '{}' clashes with '{}': both become '{}' in the "
                                "generated code",
                                description_, original, prev.original, key));
    }
    if (prev.loc.length > 0) {
      d_.note(prev.loc,
              fmt::format("previous declaration of '{}' ({}) is here", prev.original, prev.what));
    } else {
      d_.note(loc, fmt::format("'{}' is {}", prev.original, prev.what));
    }
    return false;
  }

  const Symbol* find(const std::string& original) const {
    auto it = symbols_.find(naming::snake(original));
    return it == symbols_.end() ? nullptr : &it->second;
  }

 private:
  Diagnostics& d_;
  std::string description_;
  std::map<std::string, Symbol> symbols_;
};

/// Parses an integer literal (`-12`, `0x1F`) into sign and magnitude.
bool parse_integer(const std::string& text, bool& negative, std::uint64_t& magnitude) {
  std::string_view s = text;
  negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  magnitude = 0;
  for (char c : s) {
    unsigned digit =
        std::isdigit(static_cast<unsigned char>(c))
            ? static_cast<unsigned>(c - '0')
            : static_cast<unsigned>(std::tolower(static_cast<unsigned char>(c)) - 'a' + 10);
    if (magnitude >
        (std::numeric_limits<std::uint64_t>::max() - digit) / static_cast<unsigned>(base)) {
      return false;
    }
    magnitude = magnitude * static_cast<unsigned>(base) + digit;
  }
  return true;
}

struct IntRange {
  std::int64_t min;
  std::uint64_t max;
};

IntRange range_of(TypeKind k) {
  switch (k) {
    case TypeKind::i8:
      return {INT8_MIN, INT8_MAX};
    case TypeKind::i16:
      return {INT16_MIN, INT16_MAX};
    case TypeKind::i32:
      return {INT32_MIN, INT32_MAX};
    case TypeKind::i64:
      return {INT64_MIN, INT64_MAX};
    case TypeKind::u8:
      return {0, UINT8_MAX};
    case TypeKind::u16:
      return {0, UINT16_MAX};
    case TypeKind::u32:
      return {0, UINT32_MAX};
    default:
      return {0, UINT64_MAX};
  }
}

const char* literal_kind_name(ast::Literal::Kind k) {
  switch (k) {
    case ast::Literal::Kind::integer:
      return "an integer";
    case ast::Literal::Kind::floating:
      return "a floating-point number";
    case ast::Literal::Kind::string:
      return "a string";
    case ast::Literal::Kind::boolean:
      return "a boolean";
    case ast::Literal::Kind::identifier:
      return "a name";
  }
  return "a value";
}

std::optional<model::Abi> parse_abi(const std::string& s) {
  if (s == "native") return model::Abi::native;
  if (s == "cbor") return model::Abi::cbor;
  if (s == "both") return model::Abi::both;
  return std::nullopt;
}

/// Generated identifiers combine several names; C compilers and linkers
/// handle far longer ones, but no real schema needs more.
constexpr std::size_t max_identifier_length = 128;

/// A declared name in every casing, with where it is declared.
model::Names named(const std::string& name, Loc loc) {
  model::Names n = naming::names(name);
  n.loc = loc;
  return n;
}

class Checker {
 public:
  Checker(const ast::File& file, Diagnostics& d) : file_(file), d_(d) {}

  std::optional<model::Model> run() {
    m_.source_path = d_.file().path();
    library();
    declare_all();
    for (const ast::Decl& decl : file_.decls) {
      std::visit([this](const auto& node) { define(node); }, decl);
    }
    object_positions();
    structs_by_value();
    requirements();
    exports();
    if (!d_.has_errors()) client_methods();
    if (d_.has_errors()) return std::nullopt;
    return std::move(m_);
  }

 private:
  // ---- identifiers ------------------------------------------------------------

  /// Rejects names that cannot be spelled in every target.
  bool identifier(const std::string& name, Loc loc, const char* what) {
    if (name.size() > max_identifier_length) {
      d_.error(Loc{loc.offset, 1}, fmt::format("{} name is {} characters long; names may have at "
                                               "most {}",
                                               what, name.size(), max_identifier_length));
      return false;
    }
    std::string langs = naming::keyword_in(name);
    std::string snake = naming::snake(name);
    if (langs.empty() && snake != name) langs = naming::keyword_in(snake);
    if (!langs.empty()) {
      d_.error(loc, fmt::format("{} name '{}' is a keyword in {}; choose another name", what, name,
                                langs));
      return false;
    }
    if (snake.rfind("ffidl", 0) == 0) {
      d_.error(loc, fmt::format("{} name '{}' starts with 'ffidl', which is reserved for "
                                "generated code",
                                what, name));
      return false;
    }
    if (name.find("__") != std::string::npos || name.back() == '_') {
      d_.error(loc, fmt::format("{} name '{}' contains '__' or ends with '_'; such names are "
                                "reserved in C and C++",
                                what, name));
      return false;
    }
    return true;
  }

  std::optional<model::Abi> abi_value(const ast::Setting& s) {
    auto abi =
        s.value.kind == ast::Literal::Kind::identifier ? parse_abi(s.value.text) : std::nullopt;
    if (!abi) {
      d_.error(s.value.loc,
               fmt::format("unknown abi '{}': expected native, cbor or both", s.value.text));
    }
    return abi;
  }

  // ---- library block ---------------------------------------------------------

  void library() {
    if (file_.libraries.empty()) {
      // A types file (types and constants only, for other schemas to
      // import) checks on its own; a schema with functions needs a library.
      const ast::Func* first = nullptr;
      for (const ast::Decl& decl : file_.decls) {
        if (const auto* f = std::get_if<ast::Func>(&decl); f && !first) first = f;
      }
      if (first || file_.decls.empty()) {
        d_.error(Loc{0, 0}, "missing library block: a schema starts with 'library NAME { ... }'");
      }
      return;
    }
    for (std::size_t i = 1; i < file_.libraries.size(); ++i) {
      d_.error(file_.libraries[i].name_loc, "a schema declares exactly one library");
      d_.note(file_.libraries[0].name_loc, "the library is declared here");
    }
    const ast::Library& lib = file_.libraries[0];
    identifier(lib.name, lib.name_loc, "library");
    m_.library.name = named(lib.name, lib.name_loc);
    m_.library.version_loc = lib.name_loc;
    m_.library.doc = lib.doc;
    std::map<std::string, Loc> seen;
    for (const ast::Setting& s : lib.settings) {
      if (auto [it, fresh] = seen.try_emplace(s.name, s.name_loc); !fresh) {
        d_.error(s.name_loc, fmt::format("'{}' is set twice", s.name));
        d_.note(it->second, "first set here");
        continue;
      }
      if (s.name == "version") {
        if (s.value.kind != ast::Literal::Kind::string) {
          d_.error(s.value.loc, fmt::format("version must be a string such as \"1.2.0\", not {}",
                                            literal_kind_name(s.value.kind)));
        } else if (!semver(s.value.text)) {
          d_.error(s.value.loc, fmt::format("version '{}' is not MAJOR.MINOR.PATCH", s.value.text));
        } else {
          m_.library.version = s.value.text;
          m_.library.version_loc = s.value.loc;
        }
      } else if (s.name == "abi") {
        if (auto abi = abi_value(s)) m_.library.abi = *abi;
      } else if (std::optional<std::uint64_t>* slot = runtime_setting(s.name)) {
        *slot = positive_setting(s);
      } else {
        d_.error(s.name_loc, fmt::format("unknown library setting '{}' (known: version, abi, "
                                         "stale_warn_ms, drain_timeout_ms, event_queue_limit, "
                                         "request_queue_limit)",
                                         s.name));
      }
    }
  }

  /// The model's slot for a runtime setting of the library block, if `name`
  /// is one.
  std::optional<std::uint64_t>* runtime_setting(const std::string& name) {
    model::RuntimeSettings& r = m_.library.runtime;
    if (name == "stale_warn_ms") return &r.stale_warn_ms;
    if (name == "drain_timeout_ms") return &r.drain_timeout_ms;
    if (name == "event_queue_limit") return &r.event_queue_limit;
    if (name == "request_queue_limit") return &r.request_queue_limit;
    return nullptr;
  }

  /// A runtime setting's value: an integer from 1 to 2^31 - 1.
  std::optional<std::uint64_t> positive_setting(const ast::Setting& s) {
    constexpr std::uint64_t max = 2147483647;
    if (s.value.kind != ast::Literal::Kind::integer) {
      d_.error(s.value.loc, fmt::format("{} must be an integer, not {}", s.name,
                                        literal_kind_name(s.value.kind)));
      return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.value.text.c_str(), &end, 0);
    if (errno != 0 || *end != '\0' || s.value.text.front() == '-' || v < 1 || v > max) {
      d_.error(s.value.loc,
               fmt::format("{} must be between 1 and {}, not {}", s.name, max, s.value.text));
      return std::nullopt;
    }
    return v;
  }

  static bool semver(const std::string& v) {
    int parts = 0;
    std::size_t i = 0;
    while (i < v.size()) {
      std::size_t start = i;
      while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])))
        ++i;
      if (i == start) return false;
      ++parts;
      if (i == v.size()) break;
      if (v[i] == '-' || v[i] == '+') return parts == 3;  // pre-release or build suffix
      if (v[i] != '.') return false;
      ++i;
      if (i == v.size()) return false;
    }
    return parts == 3;
  }

  // ---- pass 1: declare every top-level name -------------------------------------

  void declare_all() {
    // Classes the C++ service and client generate beside the schema's types.
    for (const char* reserved :
         {"Client", "Subscription", "Service", "ServiceAccess", "Host", "Events"}) {
      types_.declare(reserved, Loc{}, "a class the generated C++ code defines");
    }
    for (const ast::Decl& decl : file_.decls) {
      if (const auto* s = std::get_if<ast::Struct>(&decl)) {
        declare_type(s->name, s->name_loc, "struct");
        struct_index_.emplace(s->name, static_cast<int>(struct_ast_.size()));
        struct_ast_.push_back(s);
        m_.structs.emplace_back();
      } else if (const auto* e = std::get_if<ast::Enum>(&decl)) {
        declare_type(e->name, e->name_loc, "enum");
        enum_index_.emplace(e->name, static_cast<int>(m_.enums.size()));
        m_.enums.emplace_back();
      } else if (const auto* u = std::get_if<ast::Union>(&decl)) {
        declare_type(u->name, u->name_loc, u->is_error ? "error" : "union");
        union_index_.emplace(u->name, static_cast<int>(union_ast_.size()));
        union_ast_.push_back(u);
        m_.unions.emplace_back();
      } else if (const auto* o = std::get_if<ast::Object>(&decl)) {
        declare_type(o->name, o->name_loc, "object");
        object_index_.emplace(o->name, static_cast<int>(m_.objects.size()));
        m_.objects.emplace_back();
      } else if (const auto* c = std::get_if<ast::Const>(&decl)) {
        if (identifier(c->name, c->name_loc, "constant"))
          types_.declare(c->name, c->name_loc, "const");
      }
    }
    // The C++ service names an object's base class <Object>Service, and both
    // C++ sides name its value type <Object>Ref.
    for (const ast::Decl& decl : file_.decls) {
      const auto* o = std::get_if<ast::Object>(&decl);
      if (!o) continue;
      for (const char* suffix : {"Service", "Ref"}) {
        std::string generated = naming::pascal(o->name) + suffix;
        if (const Symbol* user = types_.find(generated)) {
          d_.error(user->loc, fmt::format("{} '{}' clashes with the C++ class generated for "
                                          "object '{}'; rename one of them",
                                          user->what, user->original, o->name));
        } else {
          types_.declare(generated, o->name_loc,
                         fmt::format("the C++ class generated for object '{}'", o->name));
        }
      }
    }
    // Each variant is a type of its own in C, C++ and Go: <Union><Variant>.
    for (const ast::Union* u : union_ast_) {
      std::set<std::string> seen;  // a repeated variant is reported by define()
      for (const ast::Variant& v : u->variants) {
        if (!seen.insert(naming::snake(v.name)).second) continue;
        std::string generated = naming::pascal(u->name) + naming::pascal(v.name);
        if (const Symbol* user = types_.find(generated)) {
          d_.error(v.name_loc,
                   fmt::format("variant '{}' of '{}' needs the type name '{}', which {} "
                               "'{}' already has; rename one of them",
                               v.name, u->name, generated, user->what, user->original));
          if (user->loc.length > 0)
            d_.note(user->loc, fmt::format("'{}' is declared here", user->original));
          continue;
        }
        types_.declare(naming::pascal(u->name) + naming::pascal(v.name), v.name_loc,
                       fmt::format("the type generated for variant '{}' of '{}'", v.name, u->name));
      }
    }
    // Events and host fns generate types named <Event>Event and <Host>Args.
    for (const ast::Decl& decl : file_.decls) {
      const auto* f = std::get_if<ast::Func>(&decl);
      if (!f || (f->kind != ast::FuncKind::event && f->kind != ast::FuncKind::host)) continue;
      bool event = f->kind == ast::FuncKind::event;
      std::string generated = naming::pascal(f->name) + (event ? "Event" : "Args");
      if (const Symbol* user = types_.find(generated)) {
        d_.error(user->loc, fmt::format("{} '{}' clashes with the {} type generated for {} '{}'; "
                                        "rename one of them",
                                        user->what, user->original, event ? "payload" : "argument",
                                        event ? "event" : "host fn", f->name));
      }
    }
  }

  void declare_type(const std::string& name, Loc loc, const char* what) {
    if (find_builtin(name)) {
      d_.error(loc, fmt::format("'{}' is a built-in type and cannot be redeclared", name));
      return;
    }
    if (identifier(name, loc, what)) types_.declare(name, loc, what);
  }

  // ---- types ---------------------------------------------------------------------------

  const model::Type* intern(model::Type t) {
    auto it = interned_.find(t.spelling);
    if (it != interned_.end()) return it->second;
    const model::Type* p = &m_.types.emplace_back(std::move(t));
    interned_.emplace(p->spelling, p);
    return p;
  }

  /// Resolves a written type; reports and returns nullptr if it is wrong.
  const model::Type* resolve(const ast::TypeRef& ref) {
    if (const Builtin* b = find_builtin(ref.name)) {
      if (static_cast<int>(ref.args.size()) != b->arity) {
        if (b->arity == 0) {
          d_.error(ref.name_loc, fmt::format("'{}' takes no type arguments", ref.name));
        } else {
          d_.error(ref.loc, fmt::format("'{}' takes {} type argument{}, got {}", ref.name, b->arity,
                                        b->arity == 1 ? "" : "s", ref.args.size()));
        }
        return nullptr;
      }
      std::vector<const model::Type*> args;
      for (const ast::TypeRef& a : ref.args)
        args.push_back(resolve(a));
      for (const model::Type* a : args) {
        if (!a) return nullptr;
      }
      model::Type t;
      t.kind = b->kind;
      switch (b->kind) {
        case TypeKind::list:
          t.elem = args[0];
          t.spelling = fmt::format("list<{}>", args[0]->spelling);
          break;
        case TypeKind::optional:
          if (args[0]->kind == TypeKind::optional) {
            d_.error(ref.args[0].loc, "optional<> cannot directly contain another optional<>");
            return nullptr;
          }
          t.elem = args[0];
          t.spelling = fmt::format("optional<{}>", args[0]->spelling);
          break;
        case TypeKind::map:
          if (!args[0]->is_integer() && args[0]->kind != TypeKind::string) {
            d_.error(ref.args[0].loc,
                     fmt::format("map keys must be string or an integer type, not '{}'",
                                 args[0]->spelling));
            return nullptr;
          }
          t.key = args[0];
          t.elem = args[1];
          t.spelling = fmt::format("map<{}, {}>", args[0]->spelling, args[1]->spelling);
          break;
        default:
          t.spelling = b->name;
      }
      return intern(std::move(t));
    }
    model::Type t;
    if (auto it = struct_index_.find(ref.name); it != struct_index_.end()) {
      t.kind = TypeKind::struct_;
      t.decl = it->second;
    } else if (auto it2 = enum_index_.find(ref.name); it2 != enum_index_.end()) {
      t.kind = TypeKind::enum_;
      t.decl = it2->second;
    } else if (auto it3 = union_index_.find(ref.name); it3 != union_index_.end()) {
      t.kind = TypeKind::union_;
      t.decl = it3->second;
    } else if (auto it4 = object_index_.find(ref.name); it4 != object_index_.end()) {
      t.kind = TypeKind::object_;
      t.decl = it4->second;
    } else {
      d_.error(ref.name_loc, fmt::format("unknown type '{}'", ref.name));
      return nullptr;
    }
    if (!ref.args.empty()) {
      d_.error(ref.name_loc, fmt::format("'{}' takes no type arguments", ref.name));
      return nullptr;
    }
    t.spelling = ref.name;
    return intern(std::move(t));
  }

  // ---- pass 2: definitions -------------------------------------------------------------

  std::vector<model::Field> fields(const std::vector<ast::Field>& in, const char* what,
                                   const char* scope_name) {
    Scope scope(d_, scope_name);
    std::vector<model::Field> out;
    for (const ast::Field& f : in) {
      bool ok = identifier(f.name, f.name_loc, what);
      if (ok) ok = scope.declare(f.name, f.name_loc, what);
      const model::Type* t = resolve(f.type);
      if (ok && t) out.push_back(model::Field{named(f.name, f.name_loc), f.doc, t});
    }
    return out;
  }

  /// The C mirror adds `has_<f>` beside optionals and `<f>_len` beside lists
  /// and bytes; a field with such a name would collide.
  void c_mirror_names(const std::vector<ast::Field>& in, const std::vector<model::Field>& out) {
    std::map<std::string, std::string> generated;  // generated name -> field
    for (const model::Field& f : out) {
      if (f.type->kind == TypeKind::optional)
        generated.emplace("has_" + f.name.snake, f.name.original);
      const model::Type* t = f.type->kind == TypeKind::optional ? f.type->elem : f.type;
      if (t->kind == TypeKind::list || t->kind == TypeKind::bytes || t->kind == TypeKind::map) {
        generated.emplace(f.name.snake + "_len", f.name.original);
      }
      if (t->kind == TypeKind::map) {
        generated.emplace(f.name.snake + "_keys", f.name.original);
        generated.emplace(f.name.snake + "_values", f.name.original);
      }
    }
    for (const ast::Field& f : in) {
      if (auto it = generated.find(naming::snake(f.name)); it != generated.end()) {
        d_.error(f.name_loc, fmt::format("'{}' collides with the C mirror's generated field for "
                                         "'{}'; rename one of them",
                                         f.name, it->second));
      }
    }
  }

  void define(const ast::Struct& s) {
    model::Struct& out = m_.structs[static_cast<std::size_t>(struct_index_.at(s.name))];
    out.name = named(s.name, s.name_loc);
    out.doc = s.doc;
    if (s.fields.empty()) {
      d_.error(s.name_loc, fmt::format("struct '{}' has no fields (C does not allow empty "
                                       "structs)",
                                       s.name));
    }
    out.fields = fields(s.fields, "field", "field");
    c_mirror_names(s.fields, out.fields);
  }

  void define(const ast::Union& u) {
    model::Union& out = m_.unions[static_cast<std::size_t>(union_index_.at(u.name))];
    out.name = named(u.name, u.name_loc);
    out.doc = u.doc;
    out.is_error = u.is_error;
    const char* what = u.is_error ? "error" : "union";
    if (u.variants.empty()) {
      d_.error(u.name_loc, fmt::format("{} '{}' has no variants", what, u.name));
    }
    // The C mirror names a member after each variant, beside `tag`.
    Scope scope(d_, "variant");
    scope.declare("tag", Loc{}, "the member of the C mirror that holds the variant");
    scope.declare("variant", Loc{}, "a name the union's generated C++ class uses");
    for (const ast::Variant& v : u.variants) {
      bool ok =
          identifier(v.name, v.name_loc, "variant") && scope.declare(v.name, v.name_loc, "variant");
      if (ok && naming::pascal(v.name) == naming::pascal(u.name)) {
        // A C++ class cannot have a member named like itself (Shape::Shape).
        d_.error(v.name_loc, fmt::format("variant '{}' has the name of its {} '{}'; rename it",
                                         v.name, what, u.name));
        ok = false;
      }
      model::Variant mv{named(v.name, v.name_loc), v.doc, fields(v.fields, "field", "field")};
      c_mirror_names(v.fields, mv.fields);
      if (ok) out.variants.push_back(std::move(mv));
    }
  }

  void define(const ast::Enum& e) {
    model::Enum& out = m_.enums[static_cast<std::size_t>(enum_index_.at(e.name))];
    out.name = named(e.name, e.name_loc);
    out.doc = e.doc;
    if (e.enumerators.empty()) {
      d_.error(e.name_loc, fmt::format("enum '{}' has no enumerators", e.name));
    }
    Scope scope(d_, "enumerator");
    std::map<std::int64_t, const ast::Enumerator*> values;
    std::int64_t next = 0;
    for (const ast::Enumerator& item : e.enumerators) {
      bool ok = identifier(item.name, item.name_loc, "enumerator") &&
                scope.declare(item.name, item.name_loc, "enumerator");
      std::int64_t value = next;
      if (item.value) {
        bool negative = false;
        std::uint64_t magnitude = 0;
        if (!parse_integer(item.value->text, negative, magnitude) ||
            (negative ? magnitude > 2147483648u : magnitude > 2147483647u)) {
          d_.error(item.value->loc,
                   fmt::format("enum value {} does not fit in i32", item.value->text));
          ok = false;
        } else {
          value = negative ? -static_cast<std::int64_t>(magnitude)
                           : static_cast<std::int64_t>(magnitude);
        }
      } else if (value > INT32_MAX) {
        d_.error(item.name_loc,
                 fmt::format("implicit value {} of '{}' does not fit in i32", value, item.name));
        ok = false;
      }
      next = value + 1;
      if (!ok) continue;
      if (auto [it, fresh] = values.try_emplace(value, &item); !fresh) {
        d_.error(item.value ? item.value->loc : item.name_loc,
                 fmt::format("enumerator '{}' has value {}, which '{}' already has", item.name,
                             value, it->second->name));
        d_.note(it->second->name_loc, fmt::format("'{}' is declared here", it->second->name));
        continue;
      }
      out.enumerators.push_back(
          model::Enumerator{named(item.name, item.name_loc), item.doc, value});
    }
  }

  void define(const ast::Const& c) {
    const model::Type* t = resolve(c.type);
    if (!t) return;
    model::Const out{named(c.name, c.name_loc), c.doc, t, {}};
    const ast::Literal& v = c.value;
    auto wrong_kind = [&](const char* expected) {
      d_.error(v.loc, fmt::format("constant '{}' of type {} needs {}, not {}", c.name, t->spelling,
                                  expected, literal_kind_name(v.kind)));
    };
    if (t->kind == TypeKind::boolean) {
      if (v.kind != ast::Literal::Kind::boolean) return wrong_kind("true or false");
      out.value = v.text == "true";
    } else if (t->is_integer()) {
      if (v.kind != ast::Literal::Kind::integer) return wrong_kind("an integer");
      bool negative = false;
      std::uint64_t magnitude = 0;
      IntRange r = range_of(t->kind);
      std::uint64_t min_magnitude = r.min < 0 ? static_cast<std::uint64_t>(-(r.min + 1)) + 1 : 0;
      if (!parse_integer(v.text, negative, magnitude) ||
          (negative ? magnitude > min_magnitude : magnitude > r.max)) {
        d_.error(v.loc, fmt::format("value {} does not fit in {} (range {} to {})", v.text,
                                    t->spelling, r.min, r.max));
        return;
      }
      if (t->is_signed()) {
        out.value = negative ? static_cast<std::int64_t>(0 - magnitude)
                             : static_cast<std::int64_t>(magnitude);
      } else {
        out.value = magnitude;
      }
    } else if (t->is_float()) {
      if (v.kind != ast::Literal::Kind::floating && v.kind != ast::Literal::Kind::integer) {
        return wrong_kind("a number");
      }
      errno = 0;
      double value = std::strtod(v.text.c_str(), nullptr);
      bool fits =
          errno != ERANGE && std::isfinite(value) &&
          (t->kind == TypeKind::f64 || std::fabs(value) <= std::numeric_limits<float>::max());
      if (v.kind == ast::Literal::Kind::integer &&
          v.text.find_first_of("xX") != std::string::npos) {
        bool negative = false;
        std::uint64_t magnitude = 0;
        fits = parse_integer(v.text, negative, magnitude);
        value = negative ? -static_cast<double>(magnitude) : static_cast<double>(magnitude);
      }
      if (!fits) {
        d_.error(v.loc, fmt::format("value {} does not fit in {}", v.text, t->spelling));
        return;
      }
      out.value = value;
    } else if (t->kind == TypeKind::string) {
      if (v.kind != ast::Literal::Kind::string) return wrong_kind("a string");
      out.value = v.text;
    } else {
      d_.error(c.type.loc, fmt::format("constant '{}' has type {}; constants must be bool, an "
                                       "integer or float type, or string",
                                       c.name, t->spelling));
      return;
    }
    m_.consts.push_back(std::move(out));
  }

  /// An object member's name: it only ever appears inside other names
  /// (`<lib>_<Object>_<name>`) or as a method, which each binding escapes
  /// where it is a keyword (`new` is `new_` in C++), so keywords are allowed.
  bool member_identifier(const std::string& name, Loc loc, const char* what) {
    // A keyword passes the other rules too (short, no `__`, no `ffidl`).
    return !naming::keyword_in(name).empty() || identifier(name, loc, what);
  }

  void define(const ast::Object& o) {
    const int index = object_index_.at(o.name);
    model::Object& obj = m_.objects[static_cast<std::size_t>(index)];
    obj.name = named(o.name, o.name_loc);
    obj.doc = o.doc;
    const model::Type* self = intern_object(index, o.name);
    Scope scope(d_, "member");
    // The bindings give objects these methods of their own (C++ reset,
    // retained, ref, object_type, on_destroy; Go Close, Clone, Equal,
    // Handle; Rust clone, handle, ctx, c_handle, retained, check_blocking).
    for (const char* fixed :
         {"close", "clone", "equal", "retain", "retained", "release", "reset", "handle", "client",
          "ctx", "c_handle", "check_blocking", "ref", "object_type", "on_destroy"})
      scope.declare(fixed, Loc{}, "a method every object binding defines");
    const ast::Func* dtor = nullptr;
    for (const ast::Func& f : o.members) {
      if (f.kind == ast::FuncKind::dtor) {
        if (dtor) {
          d_.error(f.keyword_loc, fmt::format("object '{}' has at most one dtor", o.name));
          d_.note(dtor->keyword_loc, "the first dtor is here");
          continue;
        }
        dtor = &f;
        obj.has_dtor = true;
        obj.dtor_doc = f.doc;
        for (const ast::Setting& a : f.attrs)
          d_.error(a.name_loc, "an object's dtor takes no attributes");
        continue;
      }
      const bool ctor = f.kind == ast::FuncKind::ctor;
      const char* what = ctor ? "ctor" : "proc";
      bool ok =
          member_identifier(f.name, f.name_loc, what) && scope.declare(f.name, f.name_loc, what);
      model::Func out;
      out.kind = model::FuncKind::proc;
      out.member = ctor ? model::Member::ctor : model::Member::proc;
      out.owner = index;
      out.member_name = named(f.name, f.name_loc);
      out.name = named(o.name + "_" + f.name, f.name_loc);
      out.stem = obj.name.pascal + "_" + naming::snake(f.name);
      out.doc = f.doc;
      out.abi = m_.library.abi;
      if (!ctor) {
        // A proc's receiver travels as its first parameter.
        out.params.push_back(model::Field{named("obj", Loc{}), {}, self});  // not written: no place
      }
      for (const ast::Field& p : f.params) {
        if (naming::snake(p.name) == "obj") {
          d_.error(p.name_loc,
                   "parameter name 'obj' is taken by the object itself (an object proc's first "
                   "parameter)");
          ok = false;
        }
      }
      std::vector<model::Field> params = fields(f.params, "parameter", "parameter");
      c_mirror_names(f.params, params);
      for (model::Field& p : params)
        out.params.push_back(std::move(p));
      param_names(f);
      if (f.result) {
        if (ctor) {
          d_.error(f.result->loc, fmt::format("a ctor returns its object ('{}'); it cannot "
                                              "declare a result",
                                              o.name));
        } else {
          out.result = resolve(*f.result);
        }
      }
      if (ctor) out.result = self;
      if (f.raises) {
        ast::Func as_proc = f;
        as_proc.kind = ast::FuncKind::proc;  // an object's ctor may raise
        out.raises = raises(as_proc);
      }
      attributes(f, out);
      if (!ok) continue;
      (ctor ? obj.ctors : obj.procs).push_back(static_cast<int>(m_.procs.size()));
      m_.procs.push_back(std::move(out));
    }
    if (obj.ctors.empty() && !d_.has_errors()) {
      d_.warning(o.name_loc, fmt::format("object '{}' has no ctor: only procs that return one "
                                         "can create it",
                                         o.name));
    }
  }

  const model::Type* intern_object(int index, const std::string& name) {
    model::Type t;
    t.kind = TypeKind::object_;
    t.decl = index;
    t.spelling = name;
    return intern(std::move(t));
  }

  /// The C ABI's own parameters take some names.
  void param_names(const ast::Func& f) {
    for (const ast::Field& p : f.params) {
      std::string snake = naming::snake(p.name);
      if (snake == "ctx" || snake == "cb" || snake == "user_data") {
        d_.error(p.name_loc, fmt::format("parameter name '{}' is taken by the C ABI's own "
                                         "parameters (ctx, cb, user_data)",
                                         p.name));
      }
    }
  }

  /// `[abi = ...]`, the only function attribute.
  void attributes(const ast::Func& f, model::Func& out) {
    std::map<std::string, Loc> seen;
    for (const ast::Setting& a : f.attrs) {
      if (auto [it, fresh] = seen.try_emplace(a.name, a.name_loc); !fresh) {
        d_.error(a.name_loc, fmt::format("attribute '{}' is given twice", a.name));
        d_.note(it->second, "first given here");
      } else if (a.name == "abi") {
        if (auto abi = abi_value(a)) out.abi = *abi;
      } else {
        d_.error(a.name_loc, fmt::format("unknown attribute '{}' (known: abi)", a.name));
      }
    }
  }

  void define(const ast::Func& f) {
    model::Func out;
    out.kind = static_cast<model::FuncKind>(f.kind);
    const char* what = model::describe(out.kind);
    out.name = named(f.name, f.name_loc);
    out.doc = f.doc;
    out.abi = m_.library.abi;
    bool ok = identifier(f.name, f.name_loc, what);
    out.params = fields(f.params, "parameter", "parameter");
    c_mirror_names(f.params, out.params);
    param_names(f);
    if (f.result) {
      if (f.kind == ast::FuncKind::ctor) {
        d_.error(f.result->loc, "a ctor returns the library context; it cannot declare a result");
      } else if (f.kind == ast::FuncKind::event) {
        d_.error(f.result->loc, "an event is a notification; it cannot declare a result");
      } else {
        out.result = resolve(*f.result);
      }
    }
    if (f.raises) out.raises = raises(f);
    attributes(f, out);
    if (!ok) return;
    switch (f.kind) {
      case ast::FuncKind::ctor:
      case ast::FuncKind::dtor: {
        auto& slot = f.kind == ast::FuncKind::ctor ? m_.ctor : m_.dtor;
        const ast::Func*& first = f.kind == ast::FuncKind::ctor ? ctor_ast_ : dtor_ast_;
        if (first) {
          d_.error(f.keyword_loc, fmt::format("a library has at most one {}", what));
          d_.note(first->keyword_loc, fmt::format("the first {} is here", what));
          return;
        }
        first = &f;
        slot = std::move(out);
        break;
      }
      case ast::FuncKind::proc:
        m_.procs.push_back(std::move(out));
        break;
      case ast::FuncKind::static_proc:
        m_.static_procs.push_back(std::move(out));
        break;
      case ast::FuncKind::event:
        if (events_.declare(f.name, f.name_loc, what)) m_.events.push_back(std::move(out));
        break;
      case ast::FuncKind::host:
        if (hosts_.declare(f.name, f.name_loc, what)) m_.hosts.push_back(std::move(out));
        break;
    }
    export_funcs_.push_back(&f);
  }

  /// The error type of `raises E`: an `error` declaration, on a function
  /// whose caller is waiting for an answer.
  const model::Type* raises(const ast::Func& f) {
    const ast::TypeRef& ref = *f.raises;
    if (f.kind == ast::FuncKind::event) {
      d_.error(ref.loc, "an event is a notification; nobody receives what it would raise");
      return nullptr;
    }
    if (f.kind == ast::FuncKind::ctor || f.kind == ast::FuncKind::dtor) {
      d_.error(ref.loc, fmt::format("a library {} cannot raise a typed error (it fails with a "
                                    "message: ffidl::fail)",
                                    f.kind == ast::FuncKind::ctor ? "ctor" : "dtor"));
      return nullptr;
    }
    const model::Type* t = resolve(ref);
    if (!t) return nullptr;
    if (t->kind != TypeKind::union_ || !union_ast_[static_cast<std::size_t>(t->decl)]->is_error) {
      const char* is = t->kind == TypeKind::union_ ? "a union" : "not an error";
      d_.error(ref.loc, fmt::format("'{}' is {}; 'raises' takes a type declared with 'error'",
                                    t->spelling, is));
      return nullptr;
    }
    return t;
  }

  // ---- whole-schema rules ---------------------------------------------------------------

  /// A struct or union as a node of the by-value graph: structs first, then
  /// unions. Its members are a struct's fields or every field of every
  /// variant of a union.
  struct Member {
    std::string label;  // "A.b", "Shape.circle.radius"
    const model::Type* type;
    Loc loc;  // the member's type as written
  };

  std::size_t record_count() const { return m_.structs.size() + m_.unions.size(); }
  model::RecordRef record_ref(std::size_t node) const {
    const std::size_t ns = m_.structs.size();
    return node < ns
               ? model::RecordRef{model::RecordRef::Kind::struct_, static_cast<int>(node)}
               : model::RecordRef{model::RecordRef::Kind::union_, static_cast<int>(node - ns)};
  }
  std::string record_name(std::size_t node) const {
    model::RecordRef r = record_ref(node);
    const auto i = static_cast<std::size_t>(r.index);
    return r.kind == model::RecordRef::Kind::struct_ ? m_.structs[i].name.original
                                                     : m_.unions[i].name.original;
  }
  int node_of(const model::Type* t) const {
    if (t->kind == TypeKind::struct_) return t->decl;
    if (t->kind == TypeKind::union_) return static_cast<int>(m_.structs.size()) + t->decl;
    return -1;
  }

  /// Where the schema writes the type of each field, by snake name (one
  /// pass: looking each field up in the list was quadratic in fields).
  static std::unordered_map<std::string, Loc> type_locs(const std::vector<ast::Field>& fields) {
    std::unordered_map<std::string, Loc> out;
    out.reserve(fields.size());
    for (const ast::Field& f : fields)
      out.emplace(naming::snake(f.name), f.type.loc);
    return out;
  }
  static Loc type_loc(const std::unordered_map<std::string, Loc>& locs, const std::string& snake,
                      Loc fallback) {
    auto it = locs.find(snake);
    return it == locs.end() ? fallback : it->second;
  }

  std::vector<Member> members(std::size_t node) const {
    std::vector<Member> out;
    model::RecordRef r = record_ref(node);
    const auto i = static_cast<std::size_t>(r.index);
    if (r.kind == model::RecordRef::Kind::struct_) {
      const model::Struct& s = m_.structs[i];
      const auto locs = type_locs(struct_ast_[i]->fields);
      for (const model::Field& f : s.fields) {
        out.push_back({s.name.original + "." + f.name.original, f.type,
                       type_loc(locs, f.name.snake, struct_ast_[i]->name_loc)});
      }
      return out;
    }
    const model::Union& u = m_.unions[i];
    std::unordered_map<std::string, const ast::Variant*> written;
    for (const ast::Variant& candidate : union_ast_[i]->variants)
      written[candidate.name] = &candidate;  // the last, as a linear search found
    for (const model::Variant& v : u.variants) {
      auto found = written.find(v.name.original);
      const ast::Variant* av = found == written.end() ? nullptr : found->second;
      const auto locs = av ? type_locs(av->fields) : std::unordered_map<std::string, Loc>{};
      for (const model::Field& f : v.fields) {
        out.push_back({u.name.original + "." + v.name.original + "." + f.name.original, f.type,
                       av ? type_loc(locs, f.name.snake, av->name_loc) : v.name.loc});
      }
    }
    return out;
  }

  /// Rejects structs and unions that contain themselves by value (directly
  /// or through optional<>), marks those that reach themselves through
  /// list<>/map<>, and computes the by-value dependency order.
  void structs_by_value() {
    const std::size_t n = record_count();
    // by_value[i]: (record j, member index) pairs held by value; any[i]: all.
    std::vector<std::vector<std::pair<int, std::size_t>>> by_value(n);
    std::vector<std::vector<int>> any(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<Member> ms = members(i);
      for (std::size_t k = 0; k < ms.size(); ++k) {
        bool value = true;
        // Down to the records a member holds: through an optional still by
        // value, through a list's or map's array not.
        std::function<void(const model::Type*)> walk = [&](const model::Type* u) {
          if (int target = node_of(u); target >= 0) {
            if (value) by_value[i].emplace_back(target, k);
            any[i].push_back(target);
            return;
          }
          model::for_each_held(m_, u, [&](const model::Type* held, model::Held how, int) {
            const bool saved = value;
            value = value && how == model::Held::optional;
            walk(held);
            value = saved;
          });
        };
        walk(ms[k].type);
      }
    }
    // Both walks below are iterative (explicit stacks): a chain of 100 000
    // structs must not overflow the compiler's stack.
    const std::size_t errors_before = d_.error_count();
    by_value_order(by_value);
    // A by-value cycle is reported already; its depth would be a second error.
    mark_recursive(any, d_.error_count() == errors_before);
  }

  /// Depth-first post-order over by-value edges (struct_order); a back edge
  /// is a cycle, reported with the chain of fields that closes it.
  void by_value_order(const std::vector<std::vector<std::pair<int, std::size_t>>>& by_value) {
    const std::size_t n = by_value.size();
    std::vector<int> state(n, 0);                   // 0 new, 1 on the stack, 2 done
    std::vector<std::pair<int, std::size_t>> path;  // (struct, field) edges taken
    struct Frame {
      int node;
      std::size_t next_edge;
    };
    for (std::size_t root = 0; root < n; ++root) {
      if (state[root] != 0) continue;
      std::vector<Frame> stack{{static_cast<int>(root), 0}};
      state[root] = 1;
      while (!stack.empty()) {
        const int node = stack.back().node;
        const auto& edges = by_value[static_cast<std::size_t>(node)];
        if (stack.back().next_edge < edges.size()) {
          auto [target, field] = edges[stack.back().next_edge++];
          path.emplace_back(node, field);
          auto& target_state = state[static_cast<std::size_t>(target)];
          if (target_state == 0) {
            target_state = 1;
            stack.push_back({target, 0});  // its edge stays on `path` until it is done
            continue;
          }
          if (target_state == 1) report_cycle(path, target);
          path.pop_back();
          continue;
        }
        state[static_cast<std::size_t>(node)] = 2;
        m_.record_order.push_back(record_ref(static_cast<std::size_t>(node)));
        stack.pop_back();
        if (!stack.empty()) path.pop_back();  // the edge that led here
      }
    }
  }

  /// Marks the structs that reach themselves through any edges (lists and
  /// maps included): those on a cycle, i.e. in a strongly connected component
  /// of more than one struct or with an edge to themselves (Tarjan).
  /// The generators walk the records a record holds recursively (the C
  /// mirror's order, the ABI hashes, conversions); a chain of distinct
  /// records nested deeper than this is refused here, with the reason,
  /// rather than overflowing a stack there. A cycle of records counts as
  /// deep as it has members (a walk may pass through each).
  static constexpr std::size_t kMaxRecordDepth = 1000;

  /// Marks records that reach themselves; with `check_depth`, also refuses
  /// nesting deeper than kMaxRecordDepth (one diagnostic, at the outermost
  /// record of the deepest chain).
  void mark_recursive(const std::vector<std::vector<int>>& any, bool check_depth) {
    const std::size_t n = any.size();
    std::vector<int> index(n, -1), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<int> component;
    // Tarjan completes a component after every component it reaches, so its
    // depth is known when it completes.
    std::vector<int> component_of(n, -1);
    std::vector<std::size_t> depth_of;  // by component
    std::size_t deepest = 0;
    int outermost = -1;
    int counter = 0;
    auto enter = [&](int v, std::vector<std::pair<int, std::size_t>>& calls) {
      index[static_cast<std::size_t>(v)] = low[static_cast<std::size_t>(v)] = counter++;
      component.push_back(v);
      on_stack[static_cast<std::size_t>(v)] = true;
      calls.emplace_back(v, 0);
    };
    for (std::size_t root = 0; root < n; ++root) {
      if (index[root] != -1) continue;
      std::vector<std::pair<int, std::size_t>> calls;
      enter(static_cast<int>(root), calls);
      while (!calls.empty()) {
        const int v = calls.back().first;
        const auto uv = static_cast<std::size_t>(v);
        if (calls.back().second < any[uv].size()) {
          const int w = any[uv][calls.back().second++];
          const auto uw = static_cast<std::size_t>(w);
          if (index[uw] == -1) {
            enter(w, calls);
          } else if (on_stack[uw]) {
            low[uv] = std::min(low[uv], index[uw]);
          }
          continue;
        }
        calls.pop_back();
        if (!calls.empty()) {
          const auto parent = static_cast<std::size_t>(calls.back().first);
          low[parent] = std::min(low[parent], low[uv]);
        }
        if (low[uv] != index[uv]) continue;
        std::vector<int> members;
        int w = -1;
        do {
          w = component.back();
          component.pop_back();
          on_stack[static_cast<std::size_t>(w)] = false;
          members.push_back(w);
        } while (w != v);
        const int id = static_cast<int>(depth_of.size());
        for (int m : members)
          component_of[static_cast<std::size_t>(m)] = id;
        // A walk may pass through every member of a cycle before leaving it.
        std::size_t below = 0;
        for (int m : members) {
          for (int to : any[static_cast<std::size_t>(m)]) {
            const int c = component_of[static_cast<std::size_t>(to)];
            if (c != id) below = std::max(below, depth_of[static_cast<std::size_t>(c)]);
          }
        }
        const std::size_t depth = members.size() + below;
        depth_of.push_back(depth);
        if (depth > deepest) deepest = depth, outermost = v;
        const bool self_edge = std::find(any[uv].begin(), any[uv].end(), v) != any[uv].end();
        if (members.size() > 1 || self_edge) {
          for (int m : members) {
            model::RecordRef r = record_ref(static_cast<std::size_t>(m));
            const auto i = static_cast<std::size_t>(r.index);
            (r.kind == model::RecordRef::Kind::struct_ ? m_.structs[i].recursive
                                                       : m_.unions[i].recursive) = true;
          }
        }
      }
    }
    if (!check_depth || deepest <= kMaxRecordDepth) return;
    const auto node = static_cast<std::size_t>(outermost);
    const bool is_struct = node < m_.structs.size();
    const std::string& name = is_struct ? m_.structs[node].name.original
                                        : m_.unions[node - m_.structs.size()].name.original;
    const Loc loc =
        is_struct ? struct_ast_[node]->name_loc : union_ast_[node - m_.structs.size()]->name_loc;
    d_.error(loc, fmt::format("'{}' holds records nested {} levels deep; at most {} levels of "
                              "distinct structs and unions are supported",
                              name, deepest, kMaxRecordDepth));
  }

  void report_cycle(const std::vector<std::pair<int, std::size_t>>& path, int target) {
    std::size_t start = 0;
    while (path[start].first != target)
      ++start;
    std::string chain;
    for (std::size_t i = start; i < path.size(); ++i) {
      chain += members(static_cast<std::size_t>(path[i].first))[path[i].second].label + " -> ";
    }
    const std::string name = record_name(static_cast<std::size_t>(target));
    chain += name;
    const auto& [owner, member] = path.back();
    Loc loc = members(static_cast<std::size_t>(owner))[member].loc;
    const char* what =
        record_ref(static_cast<std::size_t>(target)).kind == model::RecordRef::Kind::struct_
            ? "struct"
            : "union";
    d_.error(loc, fmt::format("{} '{}' contains itself by value ({}); hold it through list<> or "
                              "map<> instead",
                              what, name, chain));
  }

  void requirements() {
    if (!ctor_ast_ && !m_.objects.empty()) {
      for (const ast::Decl& decl : file_.decls) {
        if (const auto* o = std::get_if<ast::Object>(&decl)) {
          d_.error(o->name_loc, fmt::format("object '{}' lives in a library context, but there "
                                            "is no ctor; declare one such as 'ctor create();'",
                                            o->name));
          return;
        }
      }
    }
    bool needs_context = !m_.procs.empty() || !m_.events.empty() || !m_.hosts.empty();
    if (needs_context && !ctor_ast_) {
      const ast::Func* first = nullptr;
      for (const ast::Decl& decl : file_.decls) {
        if (const auto* f = std::get_if<ast::Func>(&decl)) {
          if (f->kind == ast::FuncKind::proc || f->kind == ast::FuncKind::event ||
              f->kind == ast::FuncKind::host) {
            first = f;
            break;
          }
        }
      }
      if (first) {
        d_.error(first->keyword_loc,
                 "procs, events and host fns need a library context, but there is no ctor; "
                 "declare one such as 'ctor create();'");
      }
    }
    if (dtor_ast_ && !ctor_ast_) {
      d_.error(dtor_ast_->keyword_loc, "a dtor needs a ctor");
    }
  }

  /// Every ctor, dtor, proc and static proc becomes `<lib>_<name>` (and
  /// `<lib>_<name>_cbor`); those symbols must be unique and not ffidl's own.
  void exports() {
    Scope scope(d_, "exported function");
    for (const char* reserved : model::reserved_export_names) {
      scope.declare(reserved, Loc{}, "a function every ffidl library exports");
    }
    if (!ctor_ast_ || !dtor_ast_) {
      // The implicit teardown export is <lib>_destroy.
      if (!dtor_ast_) scope.declare("destroy", Loc{}, "the default dtor export");
    }
    for (const ast::Func* f : export_funcs_) {
      if (f->kind == ast::FuncKind::event || f->kind == ast::FuncKind::host) continue;
      if (!scope.declare(f->name, f->name_loc, "function")) continue;
      model::Abi abi = m_.library.abi;
      for (const ast::Setting& a : f->attrs) {
        if (a.name == "abi" && a.value.kind == ast::Literal::Kind::identifier) {
          abi = parse_abi(a.value.text).value_or(abi);
        }
      }
      if (model::has_cbor(abi) && f->kind != ast::FuncKind::dtor) {
        scope.declare(f->name + "_cbor", f->name_loc,
                      fmt::format("the CBOR export of '{}'", f->name));
      }
    }
    for (const model::Object& o : m_.objects) {
      for (const char* fixed : {"retain", "release"}) {
        scope.declare(o.name.pascal + "_" + fixed, o.name.loc,
                      fmt::format("the {} export of object '{}'", fixed, o.name.original));
      }
      for (const std::vector<int>* members : {&o.ctors, &o.procs}) {
        for (int i : *members) {
          const model::Func& f = m_.procs[static_cast<std::size_t>(i)];
          if (!scope.declare(
                  f.name.original, f.name.loc,
                  fmt::format("the export of '{}.{}'", o.name.original, f.member_name.original))) {
            continue;
          }
          if (model::has_cbor(f.abi)) {
            scope.declare(
                f.name.original + "_cbor", f.name.loc,
                fmt::format("the CBOR export of '{}.{}'", o.name.original, f.member_name.original));
          }
        }
      }
    }
  }

  /// Sets Type::holds_objects: objects, containers of them, and structs
  /// with such a field (at any depth, through recursion too: a fixpoint).
  void mark_object_holders() {
    // From the structs whose fields hold an object directly, backwards along
    // "is held by" edges: linear in fields (passes until nothing changed
    // were quadratic in a chain of structs).
    const std::size_t n = m_.structs.size();
    std::vector<bool> in_struct(n, false);
    std::vector<std::vector<std::size_t>> held_by(n);
    std::vector<std::size_t> work;
    for (std::size_t i = 0; i < n; ++i) {
      // Types nest at most max_type_depth levels: this recursion is bounded.
      // Down to the objects and structs a field holds (a struct is an edge,
      // not entered; unions cannot hold objects, object_positions says so).
      std::function<void(const model::Type*)> reach = [&](const model::Type* t) {
        if (t->kind == TypeKind::object_ && !in_struct[i]) {
          in_struct[i] = true;
          work.push_back(i);
        } else if (t->kind == TypeKind::struct_) {
          held_by[static_cast<std::size_t>(t->decl)].push_back(i);
        }
        if (model::is_record(t)) return;
        model::for_each_held(m_, t,
                             [&](const model::Type* held, model::Held, int) { reach(held); });
      };
      for (const model::Field& f : m_.structs[i].fields)
        reach(f.type);
    }
    while (!work.empty()) {
      const std::size_t held = work.back();
      work.pop_back();
      for (std::size_t holder : held_by[held]) {
        if (in_struct[holder]) continue;
        in_struct[holder] = true;
        work.push_back(holder);
      }
    }
    std::function<bool(const model::Type*)> holds = [&](const model::Type* t) -> bool {
      if (t->kind == TypeKind::object_) return true;
      if (t->kind == TypeKind::struct_) return in_struct[static_cast<std::size_t>(t->decl)];
      if (t->kind == TypeKind::union_) return false;
      bool any = false;
      model::for_each_held(
          m_, t, [&](const model::Type* held, model::Held, int) { any = any || holds(held); });
      return any;
    };
    for (model::Type& t : m_.types)
      t.holds_objects = holds(&t);
  }

  /// Objects travel as parameters and results of functions (procs, objects'
  /// procs, events, host fns) and in struct fields, alone or in list<>,
  /// optional<> and map<> values. Unions (and errors) cannot hold them (a
  /// union is copied and compared as plain data in every binding), nor
  /// functions without a context to own them (static procs, the library
  /// ctor).
  void object_positions() {
    if (m_.objects.empty()) return;
    mark_object_holders();
    auto refuse = [&](const model::Type* t, Loc loc, const std::string& where) {
      if (!model::holds_objects(t)) return;
      d_.error(loc, fmt::format("'{}' holds an object; {} cannot hold objects (objects travel as "
                                "parameters and results of functions and in struct fields)",
                                t->spelling, where));
    };
    for (const model::Union& u : m_.unions) {
      for (const model::Variant& v : u.variants) {
        for (const model::Field& f : v.fields)
          refuse(
              f.type, f.name.loc,
              fmt::format("a field of {} '{}'", u.is_error ? "error" : "union", u.name.original));
      }
    }
    auto params = [&](const model::Func& f, const std::string& where) {
      for (const model::Field& p : f.params)
        refuse(p.type, p.name.loc, where);
      if (f.result) refuse(f.result, f.name.loc, where);
    };
    if (m_.ctor) params(*m_.ctor, "the library ctor (it runs before the context exists)");
    for (const model::Func& f : m_.static_procs)
      params(f, fmt::format("static proc '{}' (it has no context to own them)", f.name.original));
  }

  /// The client bindings add methods of their own next to each proc
  /// (C++/Rust `f_async`, Go `FContext`), event (`on_e`) and host fn
  /// (`set_h`, `set_h_async`), and fixed ones (`close`, `new`, ...). A proc
  /// may take none of those names, or one binding would not compile.
  void client_methods() {
    Scope scope(d_, "client method");
    for (const char* fixed : {"close", "new", "create", "handle", "host", "events",
                              "check_blocking", "subscribe", "register_host"}) {
      scope.declare(fixed, Loc{}, "a method the generated clients define");
    }
    for (const ast::Func* f : export_funcs_) {
      switch (f->kind) {
        case ast::FuncKind::proc:
        case ast::FuncKind::static_proc:
          if (!scope.declare(f->name, f->name_loc, "proc")) break;  // one error per proc
          scope.declare(f->name + "_async", f->name_loc,
                        fmt::format("the asynchronous form of '{}'", f->name));
          scope.declare(f->name + "_context", f->name_loc,
                        fmt::format("the Go form of '{}' taking a context.Context", f->name));
          break;
        case ast::FuncKind::event:
          scope.declare("on_" + f->name, f->name_loc,
                        fmt::format("the subscription method of event '{}'", f->name));
          break;
        case ast::FuncKind::host:
          scope.declare("set_" + f->name, f->name_loc,
                        fmt::format("the method that implements host fn '{}'", f->name));
          scope.declare("set_" + f->name + "_async", f->name_loc,
                        fmt::format("the method that implements host fn '{}'", f->name));
          break;
        default:
          break;
      }
    }
    // An object's members are also flat methods of the client, named
    // <object>_<member>.
    for (const model::Func& f : m_.procs) {
      if (f.owner < 0) continue;
      if (!scope.declare(f.name.original, f.name.loc,
                         fmt::format("the client method of '{}.{}'", m_.owner_of(f).name.original,
                                     f.member_name.original))) {
        continue;
      }
      scope.declare(f.name.original + "_async", f.name.loc,
                    fmt::format("the asynchronous form of '{}'", f.name.original));
      scope.declare(f.name.original + "_context", f.name.loc,
                    fmt::format("the Go form of '{}' taking a context.Context", f.name.original));
    }
  }

  const ast::File& file_;
  Diagnostics& d_;
  model::Model m_;
  Scope types_{d_, "type or constant"};
  Scope events_{d_, "event"};
  Scope hosts_{d_, "host fn"};
  std::map<std::string, int> struct_index_;
  std::map<std::string, int> enum_index_;
  std::vector<const ast::Struct*> struct_ast_;
  std::map<std::string, int> union_index_;
  std::vector<const ast::Union*> union_ast_;
  std::map<std::string, int> object_index_;
  std::map<std::string, const model::Type*> interned_;
  const ast::Func* ctor_ast_ = nullptr;
  const ast::Func* dtor_ast_ = nullptr;
  std::vector<const ast::Func*> export_funcs_;
};

}  // namespace

std::optional<model::Model> check(const ast::File& file, Diagnostics& diags) {
  return Checker(file, diags).run();
}

std::optional<model::Model> compile(Diagnostics& diags,
                                    const std::vector<std::string>& import_dirs) {
  // Every string and doc comment reaches generated Go, Rust and C sources,
  // which must compile: the whole schema must be UTF-8.
  if (std::optional<std::uint32_t> bad = diags.file().first_invalid_utf8()) {
    const auto byte = static_cast<unsigned char>(diags.file().text()[*bad]);
    diags.error(Loc{*bad, 1}, fmt::format("invalid UTF-8 (byte 0x{:02X}); schema files must be "
                                          "UTF-8",
                                          byte));
    return std::nullopt;
  }
  ast::File file = parse(diags);
  std::vector<std::string> sources;
  file = load_imports(diags, std::move(file), import_dirs, sources);
  // Semantic checks on a partial tree would report names that only the
  // syntax error hid, so they run once the syntax is clean.
  if (diags.has_errors()) return std::nullopt;
  std::optional<model::Model> m = check(file, diags);
  if (m) m->sources = std::move(sources);
  return m;
}

}  // namespace ffidl

// types.py: constants, enums as IntEnum, structs as dataclasses, unions as
// a base class with a dataclass per variant, typed errors as an exception
// class with a subclass per variant.
#include "error_message.hpp"
#include "python/backend.hpp"

namespace ffidl::gen::python {

namespace {

/// `#: ` comment lines: the documentation of a field or enumerator.
void field_doc(Emitter& e, const model::Doc& doc) {
  for (const std::string& l : doc)
    e.print("#: $l$", {{"l", l}});
}

std::string py_literal(const model::Const& c) {
  if (const bool* b = std::get_if<bool>(&c.value)) return *b ? "True" : "False";
  return const_literal(c);
}

}  // namespace

std::string PyGen::types_py() const {
  Emitter e;
  for (const model::Const& c : m_.consts) {
    e.blank();
    field_doc(e, c.doc);
    e.print("$N$: $t$ = $v$", {{"N", c.name.upper}, {"t", hint(c.type)}, {"v", py_literal(c)}});
  }
  for (const model::Enum& en : m_.enums)
    enum_decl(e, en);
  for (const model::Struct& s : m_.structs)
    struct_decl(e, s);
  for (const model::Union& u : m_.unions) {
    if (u.is_error)
      error_decl(e, u);
    else
      union_decl(e, u);
  }
  std::string body = e.take();
  std::string typing;
  for (const char* name : {"TYPE_CHECKING", "ClassVar", "Dict", "List", "Optional", "Type"}) {
    if (std::string(name) == "TYPE_CHECKING" ? [&] {
          for (const model::Object& o : m_.objects)
            if (code_only(body).find(o.name.pascal) != std::string::npos) return true;
          return false;
        }()
                                              : body.find(std::string(name) + "[") !=
                                                    std::string::npos)
      typing += (typing.empty() ? "" : ", ") + std::string(name);
  }
  std::string support;
  for (const char* name : {"Error", "show_bool", "show_float", "show_text"}) {
    if (body.find(std::string(name) + (name[0] == 'E' ? ")" : "(")) != std::string::npos)
      support += (support.empty() ? "" : ", ") + std::string(name);
  }
  std::string out = header() + "\"\"\"The types of the " + lib_ +
                    " library: constants, enums, records, unions and typed errors.\"\"\"\n\n"
                    "from __future__ import annotations\n\n";
  if (!m_.enums.empty()) out += "import enum\n";
  if (!m_.structs.empty() || !m_.unions.empty())
    out += body.find("field(default_factory") != std::string::npos
               ? "from dataclasses import dataclass, field\n"
               : "from dataclasses import dataclass\n";
  if (!typing.empty()) out += "from typing import " + typing + "\n";
  if (!support.empty()) out += "\nfrom ._support import " + support + "\n";
  std::string objects;
  for (const model::Object& o : m_.objects) {
    if (code_only(body).find(o.name.pascal) != std::string::npos)
      objects += (objects.empty() ? "" : ", ") + o.name.pascal;
  }
  if (!objects.empty()) out += "\nif TYPE_CHECKING:\n    from .client import " + objects + "\n";
  return out + body;
}

void PyGen::enum_decl(Emitter& e, const model::Enum& en) const {
  e.print("\n\nclass $N$(enum.IntEnum):", {{"N", en.name.pascal}});
  auto in = e.scope();
  docstring(e, en.doc);
  if (!en.doc.empty()) e.blank();
  for (const model::Enumerator& v : en.enumerators) {
    field_doc(e, v.doc);
    e.print("$V$ = $n$", {{"V", v.name.upper}, {"n", std::to_string(v.value)}});
  }
}

std::string PyGen::default_of(const model::Type* t) const {
  switch (t->kind) {
    case TypeKind::boolean:
      return "False";
    case TypeKind::f32:
    case TypeKind::f64:
      return "0.0";
    case TypeKind::string:
      return "\"\"";
    case TypeKind::bytes:
      return "b\"\"";
    case TypeKind::list:
      return "field(default_factory=list)";
    case TypeKind::map:
      return "field(default_factory=dict)";
    case TypeKind::optional:
      return "None";
    case TypeKind::enum_: {
      const model::Enum& en = m_.enums[t->decl];
      return en.name.pascal + "." + en.enumerators.front().name.upper;
    }
    case TypeKind::struct_: {
      const model::Struct& st = m_.structs[t->decl];
      // Lazily: the record may be declared further down the module.
      return all_default(st.fields) ? "field(default_factory=lambda: " + st.name.pascal + "())"
                                    : "";
    }
    case TypeKind::union_: {
      const model::Union& u = m_.unions[t->decl];
      if (u.is_error || !all_default(u.variants.front().fields)) return "";
      return "field(default_factory=lambda: " + variant_class(u, u.variants.front()) + "())";
    }
    case TypeKind::object_:
      return "";
    default:
      return "0";
  }
}

bool PyGen::all_default(const std::vector<model::Field>& fields) const {
  for (const model::Field& f : fields) {
    if (default_of(f.type).empty()) return false;
  }
  return true;
}

void PyGen::fields_decl(Emitter& e, const std::vector<model::Field>& fields) const {
  const bool defaults = all_default(fields);
  for (const model::Field& f : fields) {
    field_doc(e, f.doc);
    e.print("$n$: $t$$d$", {{"n", ident(f.name.snake)},
                            {"t", hint(f.type)},
                            {"d", defaults ? " = " + default_of(f.type) : ""}});
  }
}

void PyGen::struct_decl(Emitter& e, const model::Struct& s) const {
  e.print("\n\n@dataclass\nclass $N$:", {{"N", s.name.pascal}});
  auto in = e.scope();
  docstring(e, s.doc);
  if (!s.doc.empty() && !s.fields.empty()) e.blank();
  fields_decl(e, s.fields);
  if (s.doc.empty() && s.fields.empty()) e.print("pass");
}

/// The base class, then a dataclass per variant, then the variants as
/// attributes of the base (`Shape.Circle`). `match` narrows on the
/// variant classes themselves (`case ShapeCircle(radius=r)`).
void PyGen::union_decl(Emitter& e, const model::Union& u) const {
  e.print("\n\nclass $N$:", {{"N", u.name.pascal}});
  {
    auto in = e.scope();
    docstring(e, u.doc, {"One of: " + [&] {
                std::string list;
                for (const model::Variant& v : u.variants)
                  list += (list.empty() ? "" : ", ") + variant_class(u, v);
                return list + ".";
              }()});
    e.print("\n__slots__ = ()");
    for (const model::Variant& v : u.variants)
      e.print("$V$: ClassVar[Type[$C$]]", {{"V", v.name.pascal}, {"C", variant_class(u, v)}});
  }
  for (const model::Variant& v : u.variants) {
    e.print("\n\n@dataclass\nclass $C$($N$):", {{"C", variant_class(u, v)}, {"N", u.name.pascal}});
    auto in = e.scope();
    docstring(e, v.doc);
    if (!v.doc.empty() && !v.fields.empty()) e.blank();
    fields_decl(e, v.fields);
    if (v.doc.empty() && v.fields.empty()) e.print("pass");
  }
  e.blank();
  e.print("\n");  // two blank lines after the classes
  for (const model::Variant& v : u.variants)
    e.print("$N$.$V$ = $C$",
            {{"N", u.name.pascal}, {"V", v.name.pascal}, {"C", variant_class(u, v)}});
}

std::string PyGen::show(const model::Type* t, const std::string& x) const {
  switch (error_message::shown(t)) {
    case error_message::Shown::text:
      return "show_text(" + x + ")";
    case error_message::Shown::boolean:
      return "show_bool(" + x + ")";
    case error_message::Shown::floating:
      return t->kind == TypeKind::f32 ? "show_float(" + x + ", True)" : "show_float(" + x + ")";
    case error_message::Shown::enumeration:
      return "int(" + x + ")";
    default:
      return x;
  }
}

/// An exception class per error and a subclass per variant, whose message
/// is the one every binding derives (error_message.hpp).
void PyGen::error_decl(Emitter& e, const model::Union& u) const {
  e.print("\n\nclass $N$(Error):", {{"N", u.name.pascal}});
  {
    auto in = e.scope();
    docstring(e, u.doc, {"Raised as one of its variants, each a subclass: " + [&] {
                std::string list;
                for (const model::Variant& v : u.variants)
                  list += (list.empty() ? "" : ", ") + u.name.pascal + "." + v.name.pascal;
                return list + ".";
              }()});
    e.blank();
    for (const model::Variant& v : u.variants)
      e.print("$V$: ClassVar[Type[$C$]]", {{"V", v.name.pascal}, {"C", variant_class(u, v)}});
  }
  for (const model::Variant& v : u.variants) {
    const std::string C = variant_class(u, v);
    e.print("\n\nclass $C$($N$):", {{"C", C}, {"N", u.name.pascal}});
    auto in = e.scope();
    docstring(e, v.doc);
    std::string sig, message, repr, fields_tuple, match_args;
    for (const model::Field& f : v.fields) {
      std::string n = ident(f.name.snake);
      sig += ", " + n + ": " + hint(f.type);
      repr += std::string(repr.empty() ? "" : ", ") + n + "={self." + n + "!r}";
      fields_tuple += std::string(fields_tuple.empty() ? "" : ", ") + "self." + n;
      match_args += std::string(match_args.empty() ? "" : ", ") + "\"" + n + "\"";
    }
    for (const error_message::Part& p : error_message::parts(v)) {
      if (!p.field) {
        for (char c : p.text)
          message += c == '{' ? "{{" : c == '}' ? "}}" : std::string(1, c);
      } else {
        message += "{" + show(p.field->type, ident(p.field->name.snake)) + "}";
      }
    }
    if (v.fields.size() == 1) fields_tuple += ",";
    if (!v.doc.empty()) e.blank();
    if (!v.fields.empty()) {
      e.print("__match_args__ = ($m$$c$)",
              {{"m", match_args}, {"c", v.fields.size() == 1 ? "," : ""}});
      e.blank();
    }
    e.print("def __init__(self$s$) -> None:", {{"s", sig}});
    e.print("    super().__init__($q$$m$\")",
            {{"q", message.find('{') == std::string::npos ? "\"" : "f\""}, {"m", message}});
    for (const model::Field& f : v.fields)
      e.print("    self.$n$ = $n$", {{"n", ident(f.name.snake)}});
    e.emit(R"py(

        def __repr__(self) -> str:
            return $f$"$N$.$V$($r$)"

        def __eq__(self, other: object) -> bool:
            if not isinstance(other, $C$):
                return False
            return ($a$) == ($b$)

        def __hash__(self) -> int:
            return hash($C$)
        )py",
           {{"N", u.name.pascal},
            {"V", v.name.pascal},
            {"f", repr.empty() ? "" : "f"},
            {"r", repr},
            {"C", C},
            {"a", fields_tuple},
            {"b", [&] {
               std::string b = fields_tuple;
               for (std::size_t at = b.find("self."); at != std::string::npos;
                    at = b.find("self.", at))
                 b.replace(at, 5, "other.");
               return b;
             }()}});
  }
  e.blank();
  e.print("\n");  // two blank lines after the classes
  for (const model::Variant& v : u.variants)
    e.print("$N$.$V$ = $C$",
            {{"N", u.name.pascal}, {"V", v.name.pascal}, {"C", variant_class(u, v)}});
}

}  // namespace ffidl::gen::python

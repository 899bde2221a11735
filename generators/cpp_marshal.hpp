// The marshaling walk shared by the C++ backends (the service glue and the
// C++ client): per model type, how a value moves between the C mirror
// (c_abi layout) and the C++ value type, how a POD is freed, and how a value
// is CBOR-encoded and decoded. Copy, convert and free are all derived from
// the same recursion over the same layout, so they cannot drift apart.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "c_abi.hpp"
#include "cpp_common.hpp"
#include "emitter.hpp"

namespace ffidl::gen::cpp {

inline std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts)
    out += p;
  return out;
}

class Marshal {
 public:
  /// `linkage` prefixes every emitted function ("inline " in headers).
  /// `untrusted`: the library side, where native input comes from callers:
  /// strings must be UTF-8, enums known values, recursive structs at most
  /// 128 deep (ffidl::pod::NestingGuard), and a refusal names the value's
  /// path (ffidl::pod::Invalid).
  Marshal(const model::Model& m, Emitter& e, std::string linkage = "", bool untrusted = false)
      : m_(m),
        e_(e),
        linkage_(std::move(linkage)),
        untrusted_(untrusted),
        records_(cpp::records(m)) {}

  const std::vector<Record>& records() const { return records_; }

  /// from_pod / to_pod / free_pod for every record with a C mirror and every
  /// helper struct, declarations first (they recurse), then definitions.
  void pod_functions() {
    pod_declarations();
    pod_definitions();
  }

  std::string cpp_t(const model::Type* t) const { return cpp::type(m_, t); }
  std::string c_t(const model::Type* t) const { return c_abi::element_type(m_, t); }
  static bool helper(const model::Type* t) { return c_abi::in_helper(t); }

  // ---- POD -> value -------------------------------------------------------------

  std::string from_elem(const model::Type* t, const std::string& e) const {
    if (t->kind == model::TypeKind::enum_) {
      if (!untrusted_) return "static_cast<" + cpp_t(t) + ">(" + e + ")";
      const model::Enum& en = m_.enum_of(*t);
      std::string known;
      for (const model::Enumerator& v : en.enumerators)
        known += (known.empty() ? "" : ", ") + std::to_string(v.value);
      return cat({"ffidl::pod::enum_from<", cpp_t(t), ">(", e, ", {", known, "}, \"",
                  en.name.original, "\")"});
    }
    if (t->kind == model::TypeKind::string)
      return (untrusted_ ? "ffidl::pod::str_from_checked(" : "ffidl::pod::str_from(") + e + ")";
    if (t->kind == model::TypeKind::struct_ || helper(t)) return "from_pod(" + e + ")";
    return e;
  }

  /// A value stored as field `n` of the C struct reachable as `b` ("in.").
  std::string from_field(const model::Type* t, const std::string& b, const std::string& n) const {
    switch (t->kind) {
      case model::TypeKind::bytes:
        return cat({"ffidl::pod::bytes_from(", b, n, ", ", b, n, "_len)"});
      case model::TypeKind::list:
        return cat({"ffidl::pod::list_from(", b, n, ", ", b, n, "_len, [](const auto& e) { return ",
                    from_elem(t->elem, "e"), "; })"});
      case model::TypeKind::map:
        return cat({"ffidl::pod::map_from(", b, n, "_keys, ", b, n, "_values, ", b, n,
                    "_len, [](const auto& e) { return ", from_elem(t->key, "e"),
                    "; }, [](const auto& e) { return ", from_elem(t->elem, "e"), "; })"});
      case model::TypeKind::optional:
        return cat({"(", b, "has_", n, " ? ", cpp_t(t), "(", from_field(t->elem, b, n),
                    ") : std::nullopt)"});
      default:
        return from_elem(t, b + n);
    }
  }

  /// A parameter of a native export (structs arrive as pointers).
  std::string from_param(const model::Type* t, const std::string& n) const {
    std::string expr;
    if (t->kind == model::TypeKind::struct_) {
      expr = "from_pod(*" + n + ")";
    } else if (t->kind == model::TypeKind::optional && t->elem->kind == model::TypeKind::struct_) {
      expr = cat({"(has_", n, " && ", n, " ? ", cpp_t(t), "(from_pod(*", n, ")) : std::nullopt)"});
    } else {
      expr = from_field(t, "", n);
    }
    return within(n, expr);
  }

  /// On the library side, `expr` converting the value named `name`, so that
  /// a refusal inside it names the path through it.
  std::string within(const std::string& name, const std::string& expr) const {
    if (!untrusted_) return expr;
    return cat({"ffidl::pod::within(\"", name, "\", [&] { return ", expr, "; })"});
  }

  // ---- value -> POD (allocating) -------------------------------------------------

  std::string to_elem(const model::Type* t, const std::string& v, const std::string& e) const {
    if (t->kind == model::TypeKind::enum_) return e + " = static_cast<std::int32_t>(" + v + ");";
    if (t->kind == model::TypeKind::string) {
      // The client side notes a NUL byte, which a C string cannot carry.
      return e + (untrusted_ ? " = ffidl::pod::str_to(" : " = ffidl::pod::str_to_noting_nul(") + v +
             ");";
    }
    if (t->kind == model::TypeKind::struct_ || helper(t)) return "to_pod(" + v + ", " + e + ");";
    return e + " = " + v + ";";
  }

  void to_field(const model::Type* t, const std::string& src, const std::string& b,
                const std::string& n) {
    switch (t->kind) {
      case model::TypeKind::bytes:
        e_.print(cat({"ffidl::pod::bytes_to(", src, ", ", b, n, ", ", b, n, "_len);"}));
        break;
      case model::TypeKind::list:
        e_.print(cat({"ffidl::pod::list_to(", src, ", ", b, n, ", ", b, n,
                      "_len, [](const auto& item, auto& slot) { ", to_elem(t->elem, "item", "slot"),
                      " });"}));
        break;
      case model::TypeKind::map:
        e_.print(cat({"ffidl::pod::map_to(", src, ", ", b, n, "_keys, ", b, n, "_values, ", b, n,
                      "_len, [](const auto& item, auto& slot) { ", to_elem(t->key, "item", "slot"),
                      " }, [](const auto& item, auto& slot) { ", to_elem(t->elem, "item", "slot"),
                      " });"}));
        break;
      case model::TypeKind::optional:
        e_.print(cat({b, "has_", n, " = ", src, ".has_value();"}));
        e_.print(cat({"if (", src, ") {"}));
        e_.indent();
        to_field(t->elem, "(*" + src + ")", b, n);
        e_.outdent();
        e_.print("}");
        break;
      default:
        e_.print(to_elem(t, src, b + n));
    }
  }

  // ---- free ---------------------------------------------------------------------

  std::string free_elem(const model::Type* t, const std::string& e) const {
    if (t->kind == model::TypeKind::string) return "ffidl::pod::str_free(" + e + ");";
    if (t->kind == model::TypeKind::struct_ || helper(t)) return "free_pod(" + e + ");";
    return "";
  }

  void free_array(const model::Type* elem, const std::string& ptr, const std::string& len) {
    std::string f = free_elem(elem, "e");
    if (f.empty()) {
      e_.print(cat({"ffidl::pod::array_free(", ptr, ");"}));
    } else {
      e_.print(cat({"ffidl::pod::list_free(", ptr, ", ", len, ", [](auto& e) { ", f, " });"}));
    }
  }

  void free_field(const model::Type* t, const std::string& b, const std::string& n) {
    switch (t->kind) {
      case model::TypeKind::bytes:
        e_.print(cat({"ffidl::pod::array_free(", b, n, ");"}));
        break;
      case model::TypeKind::list:
        free_array(t->elem, b + n, b + n + "_len");
        break;
      case model::TypeKind::map:
        free_array(t->key, b + n + "_keys", b + n + "_len");
        free_array(t->elem, b + n + "_values", b + n + "_len");
        break;
      case model::TypeKind::optional:
        e_.print(cat({"if (", b, "has_", n, ") {"}));
        e_.indent();
        free_field(t->elem, b, n);
        e_.outdent();
        e_.print("}");
        break;
      default: {
        std::string f = free_elem(t, b + n);
        if (!f.empty()) e_.print(f);
      }
    }
  }

  // ---- CBOR ----------------------------------------------------------------------

  void encode_value(const model::Type* t, const std::string& v, int depth) {
    std::string d = std::to_string(depth);
    switch (t->kind) {
      case model::TypeKind::boolean:
        e_.print("w.boolean(" + v + ");");
        break;
      case model::TypeKind::f32:
        e_.print("w.f32(" + v + ");");
        break;
      case model::TypeKind::f64:
        e_.print("w.f64(" + v + ");");
        break;
      case model::TypeKind::string:
        e_.print("w.text(" + v + ");");
        break;
      case model::TypeKind::bytes:
        e_.print(cat({"w.bytes(", v, ".data(), ", v, ".size());"}));
        break;
      case model::TypeKind::enum_:
        e_.print("encode_enum(w, " + v + ");");
        break;
      case model::TypeKind::struct_:
        e_.print("encode(w, " + v + ");");
        break;
      case model::TypeKind::list:
        e_.print(cat({"w.array(", v, ".size());\nfor (const auto& e", d, " : ", v, ") {"}));
        e_.indent();
        encode_value(t->elem, "e" + d, depth + 1);
        e_.outdent();
        e_.print("}");
        break;
      case model::TypeKind::map:
        e_.print(
            cat({"w.map(", v, ".size());\nfor (const auto& [k", d, ", v", d, "] : ", v, ") {"}));
        e_.indent();
        encode_value(t->key, "k" + d, depth + 1);
        encode_value(t->elem, "v" + d, depth + 1);
        e_.outdent();
        e_.print("}");
        break;
      case model::TypeKind::optional:
        e_.print(cat({"if (", v, ") {"}));
        e_.indent();
        encode_value(t->elem, "(*" + v + ")", depth + 1);
        e_.outdent();
        e_.print("} else {\n    w.null();\n}");
        break;
      default:
        e_.print((t->is_signed() ? "w.sint(" : "w.uint(") + v + ");");
    }
  }

  /// Statements filling lvalue `x` from reader `r`; `return false` on error.
  void decode_value(const model::Type* t, const std::string& x, int depth) {
    std::string d = std::to_string(depth);
    switch (t->kind) {
      case model::TypeKind::boolean:
        e_.print("if (!r.boolean(" + x + ")) return false;");
        break;
      case model::TypeKind::f64:
        e_.print("if (!r.f64(" + x + ")) return false;");
        break;
      case model::TypeKind::f32:
        e_.print(cat({"{\n    double t", d, " = 0;\n    if (!r.f64(t", d, ")) return false;\n    ",
                      x, " = static_cast<float>(t", d, ");\n}"}));
        break;
      case model::TypeKind::string:
        e_.print("if (!r.text(" + x + ")) return false;");
        break;
      case model::TypeKind::bytes:
        e_.print("if (!r.bytes(" + x + ")) return false;");
        break;
      case model::TypeKind::enum_:
        e_.print("if (!decode_enum(r, " + x + ")) return false;");
        break;
      case model::TypeKind::struct_:
        e_.print("if (!decode(r, " + x + ")) return false;");
        break;
      case model::TypeKind::list:
        e_.print(cat({"{\n    std::size_t n", d, " = 0;\n    if (!r.array(n", d,
                      ")) return false;\n    ", x, ".clear();\n    for (std::size_t i", d,
                      " = 0; i", d, " < n", d, "; ++i", d, ") {"}));
        e_.indent();
        e_.indent();
        e_.print(cat({"r.push(i", d, ");\n", cpp_t(t->elem), " e", d, "{};"}));
        decode_value(t->elem, "e" + d, depth + 1);
        e_.print(cat({x, ".push_back(std::move(e", d, "));\nr.pop();"}));
        e_.outdent();
        e_.print("}\nr.leave();");
        e_.outdent();
        e_.print("}");
        break;
      case model::TypeKind::map:
        e_.print(cat({"{\n    std::size_t n", d, " = 0;\n    if (!r.map(n", d,
                      ")) return false;\n    ", x, ".clear();\n    for (std::size_t i", d,
                      " = 0; i", d, " < n", d, "; ++i", d, ") {"}));
        e_.indent();
        e_.indent();
        e_.print(cat({cpp_t(t->key), " k", d, "{};"}));
        decode_value(t->key, "k" + d, depth + 1);
        e_.print(t->key->kind == model::TypeKind::string
                     ? cat({"r.push(k", d, ");"})
                     : cat({"r.push_key(static_cast<std::",
                            t->key->is_signed() ? "int64_t" : "uint64_t", ">(k", d, "));"}));
        e_.print(cat({cpp_t(t->elem), " v", d, "{};"}));
        decode_value(t->elem, "v" + d, depth + 1);
        e_.print(
            cat({x, ".insert_or_assign(std::move(k", d, "), std::move(v", d, "));\nr.pop();"}));
        e_.outdent();
        e_.print("}\nr.leave();");
        e_.outdent();
        e_.print("}");
        break;
      case model::TypeKind::optional:
        e_.print(cat({"if (r.null()) {\n    ", x, ".reset();\n} else {"}));
        e_.indent();
        e_.print(cat({cpp_t(t->elem), " o", d, "{};"}));
        decode_value(t->elem, "o" + d, depth + 1);
        e_.print(cat({x, " = std::move(o", d, ");"}));
        e_.outdent();
        e_.print("}");
        break;
      default: {
        std::string T = cpp_t(t);
        if (t->is_signed()) {
          e_.print(
              cat({"{\n    std::int64_t t", d, " = 0;\n    if (!r.i64(t", d,
                   ", std::numeric_limits<", T, ">::min(), std::numeric_limits<", T,
                   ">::max())) return false;\n    ", x, " = static_cast<", T, ">(t", d, ");\n}"}));
        } else {
          e_.print(cat({"{\n    std::uint64_t t", d, " = 0;\n    if (!r.u64(t", d,
                        ", std::numeric_limits<", T, ">::max())) return false;\n    ", x,
                        " = static_cast<", T, ">(t", d, ");\n}"}));
        }
      }
    }
  }

  /// Records and helpers that have a C mirror, for the POD functions.
  struct PodType {
    std::string c;    // C struct name
    std::string cpp;  // C++ value type
    const Record* record = nullptr;
    const model::Type* helper = nullptr;
  };

  std::vector<PodType> pod_types() {
    std::vector<PodType> out;
    for (const Record& r : records_) {
      if (!r.c_name.empty()) out.push_back({r.c_name, r.name, &r, nullptr});
    }
    for (const model::Type* t : c_abi::helper_types(m_)) {
      out.push_back({c_abi::helper_name(m_, t), cpp_t(t), nullptr, t});
    }
    return out;
  }

  void pod_declarations() {
    e_.print("\n// ---- native wire: POD <-> value ----\n");
    for (const PodType& p : pod_types()) {
      e_.print(
          "$l$$v$ from_pod(const $c$& in);\n$l$void to_pod(const $v$& v, $c$& out);\n$l$void "
          "free_pod($c$& p);",
          {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
    }
    e_.print(
        "\ntemplate <typename C>\nvoid free_boxed(C* p) {\n    free_pod(*p);\n    delete p;\n}");
  }

  void pod_definitions() {
    for (const PodType& p : pod_types()) {
      std::vector<std::pair<const model::Type*, std::string>> fields;
      if (p.record) {
        for (const model::Field& f : p.record->fields)
          fields.emplace_back(f.type, f.name.snake);
      } else {
        fields.emplace_back(p.helper, "value");
      }
      e_.blank();
      e_.print("$l$$v$ from_pod(const $c$& in) {", {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
      e_.indent();
      if (p.record) {
        if (untrusted_ && p.record->recursive)
          e_.print("ffidl::pod::NestingGuard nesting(\"$v$\");  // bounds hostile depth",
                   {{"v", p.cpp}});
        e_.print("$v$ out;", {{"v", p.cpp}});
        for (const auto& [t, n] : fields)
          e_.print(cat({"out.", n, " = ", within(n, from_field(t, "in.", n)), ";"}));
        e_.print("return out;");
      } else {
        e_.print(cat({"return ", from_field(p.helper, "in.", "value"), ";"}));
      }
      e_.outdent();
      e_.print("}\n\n$l$void to_pod(const $v$& v, $c$& out) {",
               {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
      e_.indent();
      for (const auto& [t, n] : fields)
        to_field(t, p.record ? "v." + n : "v", "out.", n);
      e_.outdent();
      e_.print("}\n\n$l$void free_pod($c$& p) {", {{"c", p.c}, {"l", linkage_}});
      e_.indent();
      bool any = false;
      for (const auto& [t, n] : fields) {
        if (!t->is_scalar()) {
          free_field(t, "p.", n);
          any = true;
        }
      }
      if (!any) e_.print("(void)p;");
      e_.outdent();
      e_.print("}");
    }
  }

 private:
  const model::Model& m_;
  Emitter& e_;
  std::string linkage_;
  bool untrusted_ = false;
  std::vector<Record> records_;
};

}  // namespace ffidl::gen::cpp

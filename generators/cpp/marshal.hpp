// The marshaling walk shared by the C++ backends (the service glue and the
// C++ client): per model type, how a value moves between the C mirror
// (c_abi layout) and the C++ value type, how a POD is freed, and how a value
// is CBOR-encoded and decoded. Copy, convert and free are all derived from
// the same recursion over the same layout, so they cannot drift apart.
#pragma once

#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "c_abi.hpp"
#include "cpp/common.hpp"
#include "emitter.hpp"
#include "lowering.hpp"

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

  // ---- native wire: renderers of the lowering plan (lowering.hpp) -----------------

  /// C members -> C++ value, as an expression. On the library side strings
  /// are checked UTF-8 and enums known values.
  class Lift final : public lowering::LiftRenderer {
   public:
    explicit Lift(const Marshal& mx) : marshal_(mx) {}
    std::string scalar(const model::Type*, const std::string& src) override { return src; }
    std::string enumeration(const model::Type* t, const std::string& src) override {
      if (!marshal_.untrusted_) return "static_cast<" + marshal_.cpp_t(t) + ">(" + src + ")";
      return marshal_.checked_enum(t, src);
    }
    std::string string(const std::string& src) override {
      return (marshal_.untrusted_ ? "ffidl::pod::str_from_checked(" : "ffidl::pod::str_from(") +
             src + ")";
    }
    std::string bytes(const std::string& src, const std::string& len) override {
      return cat({"ffidl::pod::bytes_from(", src, ", ", len, ")"});
    }
    std::string list(const model::Type* t, const std::string& src,
                     const std::string& len) override {
      return cat({"ffidl::pod::list_from(", src, ", ", len, ", ", element(t->elem), ")"});
    }
    std::string map(const model::Type* t, const std::string& keys, const std::string& values,
                    const std::string& len) override {
      return cat({"ffidl::pod::map_from(", keys, ", ", values, ", ", len, ", ", element(t->key),
                  ", ", element(t->elem), ")"});
    }
    std::string record(const model::Type*, const std::string& src) override {
      return "from_pod(" + src + ")";
    }
    std::string optional(const model::Type* t, const std::string& has,
                         const std::string& present) override {
      return cat({"(", has, " ? ", marshal_.cpp_t(t), "(", present, ") : std::nullopt)"});
    }
    /// An object converts like a record, through the side's from_pod of its
    /// handle struct: the library looks the handle up, a client retains it.
    std::string object(const model::Type*, const std::string& src) override {
      return "from_pod(" + src + ")";
    }

   private:
    /// A lambda lifting one element; nested ones get their own parameter
    /// names (e0, e1, ...), so none shadows another.
    std::string element(const model::Type* elem) {
      std::string e = "e";
      e += std::to_string(depth_++);  // appended: GCC 12 -O2 misreads a prepend (-Wrestrict)
      std::string body = lowering::lift_element(elem, e, e, *this);
      --depth_;
      return cat({"[](const auto& ", e, ") { return ", body, "; }"});
    }

    const Marshal& marshal_;
    int depth_ = 0;
  };

  /// C++ value -> C members, allocating (release() frees them).
  class Lower final : public lowering::LowerRenderer {
   public:
    explicit Lower(const Marshal& mx) : marshal_(mx), e_(mx.e_) {}
    void scalar(const model::Type*, const std::string& v, const std::string& d) override {
      e_.print(d + " = " + v + ";");
    }
    void enumeration(const model::Type*, const std::string& v, const std::string& d) override {
      e_.print(d + " = static_cast<std::int32_t>(" + v + ");");
    }
    void string(const std::string& v, const std::string& d) override {
      // The client side notes a NUL byte, which a C string cannot carry.
      e_.print(
          d +
          (marshal_.untrusted_ ? " = ffidl::pod::str_to(" : " = ffidl::pod::str_to_noting_nul(") +
          v + ");");
    }
    void bytes(const std::string& v, const std::string& d, const std::string& len) override {
      e_.print(cat({"ffidl::pod::bytes_to(", v, ", ", d, ", ", len, ");"}));
    }
    void list(const model::Type* t, const std::string& v, const std::string& d,
              const std::string& len) override {
      std::string n = std::to_string(depth_);
      e_.print(cat({"ffidl::pod::list_to(", v, ", ", d, ", ", len, ", [](const auto& item", n,
                    ", auto& slot", n, ") {"}));
      element(t->elem);
      e_.print("});");
    }
    void map(const model::Type* t, const std::string& v, const std::string& keys,
             const std::string& values, const std::string& len) override {
      std::string n = std::to_string(depth_);
      std::string lambda = cat({"[](const auto& item", n, ", auto& slot", n, ") {"});
      e_.print(cat({"ffidl::pod::map_to(", v, ", ", keys, ", ", values, ", ", len, ", ", lambda}));
      element(t->key);
      e_.print("}, " + lambda);
      element(t->elem);
      e_.print("});");
    }
    void record(const model::Type*, const std::string& v, const std::string& d) override {
      e_.print("to_pod(" + v + ", " + d + ");");
    }
    std::string optional_begin(const model::Type*, const std::string& v,
                               const std::string& has) override {
      e_.print(cat({has, " = ", v, ".has_value();\nif (", v, ") {"}));
      e_.indent();
      return "(*" + v + ")";
    }
    void optional_end() override {
      e_.outdent();
      e_.print("}");
    }
    /// to_pod: the library hands out a reference, a client lends its handle.
    void object(const model::Type*, const std::string& v, const std::string& d) override {
      e_.print("to_pod(" + v + ", " + d + ");");
    }

   private:
    /// The body of a lambda lowering one element; nested lambdas get their
    /// own parameter names (item0/slot0, item1/slot1, ...).
    void element(const model::Type* elem) {
      auto in = e_.scope();
      std::string n = std::to_string(depth_++);
      lowering::lower_element(elem, "item" + n, "slot" + n, "slot" + n, *this);
      --depth_;
    }

    const Marshal& marshal_;
    Emitter& e_;
    int depth_ = 0;
  };

  /// Frees what Lower allocated.
  class Release final : public lowering::ReleaseRenderer {
   public:
    explicit Release(Emitter& e) : e_(e) {}
    void string(const std::string& src) override { e_.print("ffidl::pod::str_free(" + src + ");"); }
    void array(const std::string& src) override {
      e_.print("ffidl::pod::array_free(" + src + ");");
    }
    void array_each_begin(const model::Type*, const std::string& src, const std::string& len,
                          const std::string& name) override {
      e_.print(cat({"ffidl::pod::list_free(", src, ", ", len, ", [](auto& ", name, ") {"}));
      e_.indent();
    }
    void array_each_end() override {
      e_.outdent();
      e_.print("});");
    }
    void record(const model::Type*, const std::string& src) override {
      e_.print("free_pod(" + src + ");");
    }
    void optional_begin(const std::string& has) override {
      e_.print("if (" + has + ") {");
      e_.indent();
    }
    void optional_end() override {
      e_.outdent();
      e_.print("}");
    }
    /// free_pod: the library drops the reference to_pod took (a client's is
    /// a no-op).
    void object(const model::Type*, const std::string& src) override {
      e_.print("free_pod(" + src + ");");
    }

   private:
    Emitter& e_;
  };

  /// Caller's C value -> the library's staged copy in arena `a`
  /// (ffidl/stage.hpp), checked as Lift checks on the library side.
  class Stage final : public lowering::StageRenderer {
   public:
    Stage(const Marshal& mx, std::string arena) : marshal_(mx), e_(mx.e_), a_(std::move(arena)) {}
    void enumeration(const model::Type* t, const std::string& src) override {
      e_.print(marshal_.checked_enum(t, src) + ";");
    }
    void string(const std::string& src, const std::string& dst) override {
      e_.print(cat({dst, " = ", a_, ".text(", src, ");"}));
    }
    void array(const std::string& src, const std::string& len, const std::string& dst) override {
      e_.print(cat({dst, " = ", a_, ".array(", src, ", ", len, ");"}));
    }
    void array_each_begin(const model::Type*, const std::string& src, const std::string& len,
                          const std::string& dst, const std::string& from,
                          const std::string& to) override {
      e_.print(cat({dst, " = ffidl::pod::stage_array(", a_, ", ", src, ", ", len,
                    ", [&](const auto& ", from, ", [[maybe_unused]] auto& ", to, ") {"}));
      e_.indent();
    }
    void array_each_end() override {
      e_.outdent();
      e_.print("});");
    }
    void map_begin(const std::string& keys, const std::string& values, const std::string& dst_keys,
                   const std::string& dst_values) override {
      e_.print(cat({"if (!", keys, " || !", values, ") {\n    ", dst_keys, " = nullptr;\n    ",
                    dst_values, " = nullptr;\n} else {"}));
      e_.indent();
    }
    void map_end() override {
      e_.outdent();
      e_.print("}");
    }
    void record(const model::Type*, const std::string& src, const std::string& dst) override {
      e_.print(cat({"stage_pod(", src, ", ", dst, ", ", a_, ");"}));
    }
    void optional_begin(const std::string& has) override {
      e_.print("if (" + has + ") {");
      e_.indent();
    }
    void optional_end() override {
      e_.outdent();
      e_.print("}");
    }

   private:
    const Marshal& marshal_;
    Emitter& e_;
    std::string a_;  // the arena's name
  };

  /// An enum's value checked on the library side: ffidl::pod::enum_from.
  std::string checked_enum(const model::Type* t, const std::string& src) const {
    const model::Enum& en = m_.enum_of(*t);
    std::string known;
    for (const model::Enumerator& v : en.enumerators)
      known += (known.empty() ? "" : ", ") + std::to_string(v.value);
    return cat({"ffidl::pod::enum_from<", cpp_t(t), ">(", src, ", {", known, "}, \"",
                en.name.original, "\")"});
  }

  /// Statements staging the value of type `t` at `src` into `dst` (which
  /// holds a shallow copy of it) with the arena named `arena`; a refusal
  /// names `path`.
  void stage(const model::Type* t, const lowering::Place& src, const lowering::Place& dst,
             const std::string& path, const std::string& arena = "a") const {
    if (!lowering::needs_staging(t)) return;
    e_.print("ffidl::pod::within(\"" + path + "\", [&] {");
    e_.indent();
    Stage stage(*this, arena);
    lowering::stage(t, src, dst, stage);
    e_.outdent();
    e_.print("});");
  }

  /// The value of type `t` at `src`, as an expression.
  std::string lift(const model::Type* t, const lowering::Place& src) const {
    Lift lift(*this);
    return lowering::lift(t, src, lift);
  }
  /// The value of type `t` in element position at `slot` (a result, an
  /// answer): lowering::element.
  std::string lift_slot(const model::Type* t, const std::string& slot,
                        const std::string& slot_value) const {
    Lift lift(*this);
    return lowering::lift_element(t, slot, slot_value, lift);
  }
  /// Statements lowering `value` into `dst`.
  void lower(const model::Type* t, const std::string& value, const lowering::Place& dst) const {
    Lower lower(*this);
    lowering::lower(t, value, dst, lower);
  }
  /// Statements freeing what lower() put at `src`.
  void release(const model::Type* t, const lowering::Place& src) const {
    Release release(e_);
    lowering::release(t, src, release);
  }

  /// A parameter of a native export, passed as lowering::passing says; a
  /// refusal names `path` (by default the parameter's name).
  std::string from_param(const model::Type* t, const std::string& n,
                         const std::string& path = "") const {
    std::string expr;
    switch (lowering::passing(t)) {
      case lowering::Passing::pointer:
        expr = lift_slot(t, "(*" + n + ")", "*" + n);
        break;
      case lowering::Passing::optional_pointer:
        // A caller that sets has_ with a NULL pointer passes nothing.
        expr = cat({"(has_", n, " && ", n, " ? ", cpp_t(t), "(",
                    lift_slot(t->elem, "(*" + n + ")", "*" + n), ") : std::nullopt)"});
        break;
      default:
        expr = lift(t, lowering::field("", n));
    }
    return within(path.empty() ? n : path, expr);
  }

  /// On the library side, `expr` converting the value named `name`, so that
  /// a refusal inside it names the path through it.
  std::string within(const std::string& name, const std::string& expr) const {
    if (!untrusted_) return expr;
    return cat({"ffidl::pod::within(\"", name, "\", [&] { return ", expr, "; })"});
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
      case model::TypeKind::object_:
        e_.print("ffidl::encode_object(w, " + v + ");");
        break;
      case model::TypeKind::struct_:
      case model::TypeKind::union_:
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
      case model::TypeKind::object_:
        e_.print("if (!ffidl::decode_object(r, " + x + ")) return false;");
        break;
      case model::TypeKind::struct_:
      case model::TypeKind::union_:
        e_.print("if (!decode(r, " + x + ")) return false;");
        break;
      case model::TypeKind::list:
        decode_list(t, x, depth);
        break;
      case model::TypeKind::map:
        decode_map(t, x, depth);
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
      default:
        decode_integer(t, x, depth);
    }
  }

  /// decode_value of a list: each element decoded, then appended.
  void decode_list(const model::Type* t, const std::string& x, int depth) {
    std::string d = std::to_string(depth);
    e_.print(
        cat({"{\n    std::size_t n", d, " = 0;\n    if (!r.array(n", d, ")) return false;\n    ", x,
             ".clear();\n    for (std::size_t i", d, " = 0; i", d, " < n", d, "; ++i", d, ") {"}));
    e_.indent();
    e_.indent();
    e_.print(cat({"r.push(i", d, ");\n", cpp_t(t->elem), " e", d, "{};"}));
    decode_value(t->elem, "e" + d, depth + 1);
    e_.print(cat({x, ".push_back(std::move(e", d, "));\nr.pop();"}));
    e_.outdent();
    e_.print("}\nr.leave();");
    e_.outdent();
    e_.print("}");
  }

  /// decode_value of a map: each key, then its value.
  void decode_map(const model::Type* t, const std::string& x, int depth) {
    std::string d = std::to_string(depth);
    e_.print(
        cat({"{\n    std::size_t n", d, " = 0;\n    if (!r.map(n", d, ")) return false;\n    ", x,
             ".clear();\n    for (std::size_t i", d, " = 0; i", d, " < n", d, "; ++i", d, ") {"}));
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
    e_.print(cat({x, ".insert_or_assign(std::move(k", d, "), std::move(v", d, "));\nr.pop();"}));
    e_.outdent();
    e_.print("}\nr.leave();");
    e_.outdent();
    e_.print("}");
  }

  /// decode_value of an integer, range-checked against its C++ type.
  void decode_integer(const model::Type* t, const std::string& x, int depth) {
    std::string d = std::to_string(depth);
    std::string T = cpp_t(t);
    if (t->is_signed()) {
      e_.print(cat({"{\n    std::int64_t t", d, " = 0;\n    if (!r.i64(t", d,
                    ", std::numeric_limits<", T, ">::min(), std::numeric_limits<", T,
                    ">::max())) return false;\n    ", x, " = static_cast<", T, ">(t", d, ");\n}"}));
    } else {
      e_.print(
          cat({"{\n    std::uint64_t t", d, " = 0;\n    if (!r.u64(t", d, ", std::numeric_limits<",
               T, ">::max())) return false;\n    ", x, " = static_cast<", T, ">(t", d, ");\n}"}));
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

  /// A union's conversions: a switch on the tag (the variant's index),
  /// each case converting the variant's fields where lowering::variant_field
  /// puts them.
  void union_pod(const PodType& p) {
    const model::Union& u = *p.record->union_;
    e_.blank();
    e_.print("$l$$v$ from_pod(const $c$& in) {", {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
    e_.indent();
    if (untrusted_ && u.recursive)
      e_.print("ffidl::pod::NestingGuard nesting(\"$v$\");  // bounds hostile depth",
               {{"v", p.cpp}});
    e_.print("switch (in.tag) {");
    e_.indent();
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      const model::Variant& v = u.variants[i];
      std::string T = cpp::variant_type(u, v);
      if (v.fields.empty()) {
        e_.print("case $value$:\n    return $Type${};",
                 {{"value", std::to_string(i)}, {"Type", T}});
        continue;
      }
      e_.print("case $value$: {\n    $Type$ out;", {{"value", std::to_string(i)}, {"Type", T}});
      e_.indent();
      for (const model::Field& f : v.fields) {
        std::string path = v.name.snake + "." + f.name.snake;
        e_.print(cat({"out.", f.name.snake, " = ",
                      within(path, lift(f.type, lowering::variant_field("in.", v, f))), ";"}));
      }
      e_.print("return out;");
      e_.outdent();
      e_.print("}");
    }
    e_.outdent();
    e_.print("}");
    // A tag this side does not know: a caller's mistake, or a newer peer.
    e_.print("throw ffidl::pod::Invalid(std::to_string(in.tag) + \" is not a variant of $name$\");",
             {{"name", u.name.original}});
    e_.outdent();
    e_.print("}\n\n$l$void to_pod(const $v$& v, $c$& out) {\n    out = $c${};",
             {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
    e_.indent();
    e_.print("out.tag = static_cast<std::int32_t>(v.index());");
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      const model::Variant& v = u.variants[i];
      if (v.fields.empty()) continue;
      e_.print("if (const auto* p = v.as_$name$()) {", {{"name", v.name.snake}});
      e_.indent();
      for (const model::Field& f : v.fields)
        lower(f.type, "p->" + f.name.snake, lowering::variant_field("out.", v, f));
      e_.outdent();
      e_.print("}");
    }
    e_.outdent();
    e_.print("}\n\n$l$void free_pod($c$& p) {", {{"c", p.c}, {"l", linkage_}});
    e_.indent();
    bool any = false;
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      const model::Variant& v = u.variants[i];
      bool owns = false;
      for (const model::Field& f : v.fields)
        owns = owns || lowering::owns_memory(f.type);
      if (!owns) continue;
      any = true;
      e_.print("if (p.tag == $value$) {", {{"value", std::to_string(i)}});
      e_.indent();
      for (const model::Field& f : v.fields) {
        if (lowering::owns_memory(f.type)) release(f.type, lowering::variant_field("p.", v, f));
      }
      e_.outdent();
      e_.print("}");
    }
    if (!any) e_.print("(void)p;");
    e_.outdent();
    e_.print("}");
  }

  /// stage_pod for every struct, union and helper struct that staging an
  /// argument of one of `staged` (lowering::staged types) reaches,
  /// declarations first (they recurse). `stage_pod(in, out, a)`: `out`
  /// holds a shallow copy of `in`; replaces its pointers with copies in `a`,
  /// checking what from_pod would refuse.
  void stage_functions(const std::vector<const model::Type*>& staged) {
    std::set<std::string> reached;  // the C structs' names
    std::set<const model::Type*> seen;
    std::function<void(const model::Type*)> reach = [&](const model::Type* t) {
      if (!seen.insert(t).second) return;
      if (t->kind == model::TypeKind::struct_ || t->kind == model::TypeKind::union_)
        reached.insert(c_abi::element_type(m_, t));
      if (c_abi::in_helper(t)) reached.insert(c_abi::helper_name(m_, t));
      model::for_each_held(m_, t, [&](const model::Type* held, model::Held, int) { reach(held); });
    };
    for (const model::Type* t : staged)
      reach(t);
    std::vector<PodType> types;
    for (const PodType& p : pod_types()) {
      if (reached.count(p.c)) types.push_back(p);
    }
    if (types.empty()) return;
    e_.print("\n// ---- native wire: staging a caller's argument (ffidl/stage.hpp) ----\n");
    for (const PodType& p : types)
      e_.print("$l$void stage_pod(const $c$& in, $c$& out, ffidl::pod::Arena& a);",
               {{"c", p.c}, {"l", linkage_}});
    for (const PodType& p : types) {
      e_.blank();
      e_.print("$l$void stage_pod(const $c$& in, $c$& out, ffidl::pod::Arena& a) {",
               {{"c", p.c}, {"l", linkage_}});
      e_.indent();
      if (p.record && p.record->recursive)
        e_.print("ffidl::pod::NestingGuard nesting(\"$v$\");  // bounds hostile depth",
                 {{"v", p.cpp}});
      std::size_t before = e_.str().size();
      if (p.record && p.record->union_) {
        stage_union(*p.record->union_);
      } else if (p.record) {
        for (const model::Field& f : p.record->fields)
          stage(f.type, lowering::field("in.", f.name.snake), lowering::field("out.", f.name.snake),
                f.name.snake);
      } else {
        Stage stage(*this, "a");
        lowering::stage(p.helper, lowering::field("in.", "value"), lowering::field("out.", "value"),
                        stage);
      }
      if (e_.str().size() == before) e_.print("(void)in;\n(void)out;\n(void)a;");
      e_.outdent();
      e_.print("}");
    }
  }

  /// A union's staging: the tagged variant's fields; an unknown tag is
  /// refused as from_pod refuses it.
  void stage_union(const model::Union& u) {
    e_.print("(void)out;\n(void)a;\nswitch (in.tag) {");
    e_.indent();
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      const model::Variant& v = u.variants[i];
      e_.print("case $value$:", {{"value", std::to_string(i)}});
      e_.indent();
      for (const model::Field& f : v.fields)
        stage(f.type, lowering::variant_field("in.", v, f), lowering::variant_field("out.", v, f),
              v.name.snake + "." + f.name.snake);
      e_.print("return;");
      e_.outdent();
    }
    e_.outdent();
    e_.print("}");
    e_.print("throw ffidl::pod::Invalid(std::to_string(in.tag) + \" is not a variant of $name$\");",
             {{"name", u.name.original}});
  }

  void pod_definitions() {
    for (const PodType& p : pod_types()) {
      if (p.record && p.record->union_) {
        union_pod(p);
        continue;
      }
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
          e_.print(cat({"out.", n, " = ", within(n, lift(t, lowering::field("in.", n))), ";"}));
        e_.print("return out;");
      } else {
        e_.print(cat({"return ", lift(p.helper, lowering::field("in.", "value")), ";"}));
      }
      e_.outdent();
      e_.print("}\n\n$l$void to_pod(const $v$& v, $c$& out) {",
               {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
      e_.indent();
      for (const auto& [t, n] : fields)
        lower(t, p.record ? "v." + n : "v", lowering::field("out.", n));
      e_.outdent();
      e_.print("}\n\n$l$void free_pod($c$& p) {", {{"c", p.c}, {"l", linkage_}});
      e_.indent();
      bool any = false;
      for (const auto& [t, n] : fields) {
        if (lowering::owns_memory(t)) {
          release(t, lowering::field("p.", n));
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

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
  std::string checked_enum(const model::Type* t, const std::string& src) const;

  /// Statements staging the value of type `t` at `src` into `dst` (which
  /// holds a shallow copy of it) with the arena named `arena`; a refusal
  /// names `path`.
  void stage(const model::Type* t, const lowering::Place& src, const lowering::Place& dst,
             const std::string& path, const std::string& arena = "a") const;

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
                         const std::string& path = "") const;

  /// On the library side, `expr` converting the value named `name`, so that
  /// a refusal inside it names the path through it.
  std::string within(const std::string& name, const std::string& expr) const {
    if (!untrusted_) return expr;
    return cat({"ffidl::pod::within(\"", name, "\", [&] { return ", expr, "; })"});
  }

  // ---- CBOR ----------------------------------------------------------------------

  void encode_value(const model::Type* t, const std::string& v, int depth);

  /// Statements filling lvalue `x` from reader `r`; `return false` on error.
  void decode_value(const model::Type* t, const std::string& x, int depth);

  /// decode_value of a list: each element decoded, then appended.
  void decode_list(const model::Type* t, const std::string& x, int depth);

  /// decode_value of a map: each key, then its value.
  void decode_map(const model::Type* t, const std::string& x, int depth);

  /// decode_value of an integer, range-checked against its C++ type.
  void decode_integer(const model::Type* t, const std::string& x, int depth);

  /// Records and helpers that have a C mirror, for the POD functions.
  struct PodType {
    std::string c;    // C struct name
    std::string cpp;  // C++ value type
    const Record* record = nullptr;
    const model::Type* helper = nullptr;
  };

  std::vector<PodType> pod_types();

  void pod_declarations();

  /// A union's conversions: a switch on the tag (the variant's index),
  /// each case converting the variant's fields where lowering::variant_field
  /// puts them.
  void union_pod(const PodType& p);

  /// from_pod of a union: a switch on the tag; an unknown tag is refused.
  void union_from_pod(const PodType& p);

  /// to_pod of a union: the tag, then the variant's fields.
  void union_to_pod(const PodType& p);

  /// free_pod of a union: what the tagged variant's fields own.
  void union_free_pod(const PodType& p);

  /// stage_pod for every struct, union and helper struct that staging an
  /// argument of one of `staged` (lowering::staged types) reaches,
  /// declarations first (they recurse). `stage_pod(in, out, a)`: `out`
  /// holds a shallow copy of `in`; replaces its pointers with copies in `a`,
  /// checking what from_pod would refuse.
  void stage_functions(const std::vector<const model::Type*>& staged);

  /// A union's staging: the tagged variant's fields; an unknown tag is
  /// refused as from_pod refuses it.
  void stage_union(const model::Union& u);

  void pod_definitions();

 private:
  const model::Model& m_;
  Emitter& e_;
  std::string linkage_;
  bool untrusted_ = false;
  std::vector<Record> records_;
};

}  // namespace ffidl::gen::cpp

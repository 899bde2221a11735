// The lowering plan's rules, one test each, through renderers that record
// the steps they are given: what a backend author can rely on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compile_helper.hpp"
#include "lowering.hpp"

namespace ffidl::gen::lowering {
namespace {

/// A model whose types a test can look up by spelling.
class Types {
 public:
  Types()
      : c_(test::compile_text(R"(
library t {}
enum Mode { a, b }
struct S { x: i32; }
struct All {
    f1: list<optional<S>>;
    f2: map<string, list<bytes>>;
    f3: optional<string>;
    f4: optional<S>;
    f5: list<i32>;
    f6: Mode;
    f7: optional<list<string>>;
    f8: bytes;
    f9: U;
    f10: list<U>;
    f11: optional<U>;
}
union U { a(x: i32, s: list<string>), b }
ctor create();
object O { ctor new(); }
proc p(a: O, b: list<O>, c: optional<O>) -> map<string, O>;
)")) {
    EXPECT_EQ(c_.errors, 0u) << c_.output;
  }
  const model::Model& model() const { return *c_.model; }
  const model::Type* operator()(const std::string& spelling) const {
    for (const model::Type& t : c_.model->types) {
      if (t.spelling == spelling) return &t;
    }
    ADD_FAILURE() << "no type " << spelling;
    return nullptr;
  }

 private:
  test::Compiled c_;
};

/// Records lower() steps as lines.
struct LowerLog final : LowerRenderer {
  std::vector<std::string> steps;
  void scalar(const model::Type*, const std::string& v, const std::string& d) override {
    steps.push_back("scalar " + v + " -> " + d);
  }
  void enumeration(const model::Type*, const std::string& v, const std::string& d) override {
    steps.push_back("enum " + v + " -> " + d);
  }
  void string(const std::string& v, const std::string& d) override {
    steps.push_back("string " + v + " -> " + d);
  }
  void bytes(const std::string& v, const std::string& d, const std::string& n) override {
    steps.push_back("bytes " + v + " -> " + d + ", " + n);
  }
  void list(const model::Type*, const std::string& v, const std::string& d,
            const std::string& n) override {
    steps.push_back("list " + v + " -> " + d + ", " + n);
  }
  void map(const model::Type*, const std::string& v, const std::string& k, const std::string& vs,
           const std::string& n) override {
    steps.push_back("map " + v + " -> " + k + ", " + vs + ", " + n);
  }
  void record(const model::Type*, const std::string& v, const std::string& d) override {
    steps.push_back("record " + v + " -> " + d);
  }
  std::string optional_begin(const model::Type*, const std::string& v,
                             const std::string& has) override {
    steps.push_back("if " + v + " present: " + has + " = true");
    return "*" + v;
  }
  void optional_end() override { steps.push_back("end"); }
  void object(const model::Type*, const std::string& v, const std::string& d) override {
    steps.push_back("object " + v + " -> " + d);
  }
};

/// Lifts to a bracketed description of the steps.
struct LiftLog final : LiftRenderer {
  std::string scalar(const model::Type*, const std::string& s) override {
    return "scalar(" + s + ")";
  }
  std::string enumeration(const model::Type*, const std::string& s) override {
    return "enum(" + s + ")";
  }
  std::string string(const std::string& s) override { return "string(" + s + ")"; }
  std::string bytes(const std::string& s, const std::string& n) override {
    return "bytes(" + s + ", " + n + ")";
  }
  std::string list(const model::Type* t, const std::string& s, const std::string& n) override {
    return "list(" + s + ", " + n + ", each " + lift_element(t->elem, "e", "e", *this) + ")";
  }
  std::string map(const model::Type* t, const std::string& k, const std::string& v,
                  const std::string& n) override {
    return "map(" + k + ", " + v + ", " + n + ", keys " + lift_element(t->key, "k", "k", *this) +
           ", values " + lift_element(t->elem, "v", "v", *this) + ")";
  }
  std::string record(const model::Type*, const std::string& s) override {
    return "record(" + s + ")";
  }
  std::string optional(const model::Type*, const std::string& has,
                       const std::string& present) override {
    return "optional(" + has + ", " + present + ")";
  }
  std::string object(const model::Type*, const std::string& s) override {
    return "object(" + s + ")";
  }
};

struct ReleaseLog final : ReleaseRenderer {
  std::vector<std::string> steps;
  void string(const std::string& s) override { steps.push_back("free string " + s); }
  void array(const std::string& s) override { steps.push_back("free array " + s); }
  void array_each_begin(const model::Type*, const std::string& s, const std::string& n,
                        const std::string& e) override {
    steps.push_back("each " + e + " of " + s + "[" + n + "]");
  }
  void array_each_end() override { steps.push_back("then free the array"); }
  void record(const model::Type*, const std::string& s) override {
    steps.push_back("free record " + s);
  }
  void optional_begin(const std::string& has) override { steps.push_back("if " + has); }
  void optional_end() override { steps.push_back("end"); }
  void object(const model::Type*, const std::string& s) override {
    steps.push_back("drop reference " + s);
  }
};

using Steps = std::vector<std::string>;

TEST(Lowering, AContainerOrBytesElementSitsInAHelperStructsValue) {
  Types t;
  for (const char* in_helper :
       {"list<i32>", "bytes", "map<string, list<bytes>>", "optional<S>", "optional<string>"}) {
    Place at = element(t(in_helper), "s[i]", "*s[i]");
    EXPECT_EQ(at.value(), "s[i].value") << in_helper;
  }
  for (const char* direct : {"i32", "string", "S", "Mode"}) {
    Place at = element(t(direct), "s[i]", "*s[i]");
    EXPECT_EQ(at.value(), "*s[i]") << direct;
  }
}

TEST(Lowering, AnOptionalIsAFlagBesideItsValuesOwnMembers) {
  Types t;
  LowerLog log;
  lower(t("optional<list<string>>"), "v.f7", field("dst.", "f7"), log);
  EXPECT_EQ(log.steps, (Steps{"if v.f7 present: dst.has_f7 = true",
                              "list *v.f7 -> dst.f7, dst.f7_len", "end"}));
}

TEST(Lowering, AMapIsKeysValuesAndOneLength) {
  Types t;
  LowerLog log;
  lower(t("map<string, list<bytes>>"), "m", field("", "c_m"), log);
  EXPECT_EQ(log.steps, (Steps{"map m -> c_m_keys, c_m_values, c_m_len"}));
}

TEST(Lowering, ScalarsEnumsStringsBytesAndRecordsAreOneStepEach) {
  Types t;
  LowerLog log;
  lower(t("i32"), "a", field("d.", "a"), log);
  lower(t("Mode"), "b", field("d.", "b"), log);
  lower(t("string"), "c", field("d.", "c"), log);
  lower(t("bytes"), "e", field("d.", "e"), log);
  lower(t("S"), "f", field("d.", "f"), log);
  EXPECT_EQ(log.steps, (Steps{"scalar a -> d.a", "enum b -> d.b", "string c -> d.c",
                              "bytes e -> d.e, d.e_len", "record f -> d.f"}));
}

TEST(Lowering, ListOfOptionalStructLiftsThroughTheElementRule) {
  Types t;
  LiftLog log;
  EXPECT_EQ(lift(t("list<optional<S>>"), field("src.", "f1"), log),
            "list(src.f1, src.f1_len, each optional(e.has_value, record(e.value)))");
}

TEST(Lowering, ListOfOptionalStructLowersItsElementIntoTheHelper) {
  Types t;
  LowerLog log;
  lower_element(t("optional<S>"), "item", "slot", "slot", log);
  EXPECT_EQ(log.steps,
            (Steps{"if item present: slot.has_value = true", "record *item -> slot.value", "end"}));
}

TEST(Lowering, ReleaseWalksNestedArraysWithDistinctElementNames) {
  Types t;
  ReleaseLog log;
  release(t("list<optional<S>>"), field("p.", "f1"), log);
  EXPECT_EQ(log.steps, (Steps{"each e0 of p.f1[p.f1_len]", "if e0.has_value",
                              "free record e0.value", "end", "then free the array"}));
  log.steps.clear();
  release(t("map<string, list<bytes>>"), field("p.", "f2"), log);
  EXPECT_EQ(log.steps,
            (Steps{"each e0 of p.f2_keys[p.f2_len]", "free string e0", "then free the array",
                   "each e0 of p.f2_values[p.f2_len]", "each e1 of e0.value[e0.value_len]",
                   "free array e1.value", "then free the array", "then free the array"}));
}

TEST(Lowering, ReleaseOfValuesThatOwnNothingIsNothingOrOneArray) {
  Types t;
  ReleaseLog log;
  release(t("i32"), field("p.", "a"), log);
  release(t("Mode"), field("p.", "b"), log);
  EXPECT_TRUE(log.steps.empty());
  release(t("list<i32>"), field("p.", "f5"), log);
  EXPECT_EQ(log.steps, (Steps{"free array p.f5"}));
  EXPECT_FALSE(owns_memory(t("i32")));
  EXPECT_TRUE(owns_memory(t("S")));
}

TEST(Lowering, AUnionIsARecordWhoseFieldsSitInTheirVariantsMember) {
  Types t;
  LowerLog log;
  lower(t("U"), "v", field("dst.", "f9"), log);
  lower_element(t("U"), "item", "slot", "*slot", log);
  lower_element(t("optional<U>"), "item", "slot", "slot", log);
  EXPECT_EQ(log.steps,
            (Steps{"record v -> dst.f9", "record item -> *slot",
                   "if item present: slot.has_value = true", "record *item -> slot.value", "end"}));
  // Inside the union's own conversion: variant a's field s at dst.a.s.
  const model::Variant& a = t.model().unions[0].variants[0];
  log.steps.clear();
  lower(a.fields[1].type, "p.s", variant_field("dst.", a, a.fields[1]), log);
  EXPECT_EQ(log.steps, (Steps{"list p.s -> dst.a.s, dst.a.s_len"}));
  LiftLog lift_log;
  EXPECT_EQ(lift(t("list<U>"), field("src.", "f10"), lift_log),
            "list(src.f10, src.f10_len, each record(e))");
  ReleaseLog release_log;
  release(t("U"), field("p.", "f9"), release_log);
  EXPECT_EQ(release_log.steps, (Steps{"free record p.f9"}));
}

TEST(Lowering, AnObjectIsAHandleByValueInItsSlotWhoseReferenceTheReleaseDrops) {
  Types t;
  LowerLog log;
  lower(t("O"), "v", field("dst.", "o"), log);
  lower_element(t("O"), "item", "slot", "*slot", log);
  lower_element(t("optional<O>"), "item", "slot", "slot", log);
  EXPECT_EQ(log.steps,
            (Steps{"object v -> dst.o", "object item -> *slot",
                   "if item present: slot.has_value = true", "object *item -> slot.value", "end"}));
  LiftLog lift_log;
  EXPECT_EQ(lift(t("list<O>"), field("src.", "b"), lift_log),
            "list(src.b, src.b_len, each object(e))");
  ReleaseLog release_log;
  release(t("map<string, O>"), field("p.", "m"), release_log);
  EXPECT_EQ(release_log.steps,
            (Steps{"each e0 of p.m_keys[p.m_len]", "free string e0", "then free the array",
                   "each e0 of p.m_values[p.m_len]", "drop reference e0", "then free the array"}));
  EXPECT_TRUE(owns_memory(t("O")));
  EXPECT_EQ(passing(t("O")), Passing::value);
  EXPECT_EQ(passing(t("list<O>")), Passing::members);
}

TEST(Lowering, OneParameterPassingRule) {
  Types t;
  EXPECT_EQ(passing(t("i32")), Passing::value);
  EXPECT_EQ(passing(t("Mode")), Passing::value);
  EXPECT_EQ(passing(t("S")), Passing::pointer);
  EXPECT_EQ(passing(t("optional<S>")), Passing::optional_pointer);
  EXPECT_EQ(passing(t("U")), Passing::pointer);
  EXPECT_EQ(passing(t("optional<U>")), Passing::optional_pointer);
  for (const char* members :
       {"string", "bytes", "list<i32>", "optional<string>", "map<string, list<bytes>>"}) {
    EXPECT_EQ(passing(t(members)), Passing::members) << members;
  }
}

}  // namespace
}  // namespace ffidl::gen::lowering

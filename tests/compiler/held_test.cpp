// model::for_each_held: the one walk over what a value holds, one level
// down. Every caller's recursion (compat's flows, the checker's by-value
// order and object holders, the ABI hash, helper structs, staging) rests on
// it, so each kind of type is checked here once.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compile_helper.hpp"

namespace ffidl::model {
namespace {

/// "how:spelling[@variant]" for each type `spelling` holds.
std::vector<std::string> held(const Model& m, const std::string& spelling) {
  for (const Type& t : m.types) {
    if (t.spelling != spelling) continue;
    std::vector<std::string> out;
    for_each_held(m, &t, [&](const Type* h, Held how, int variant) {
      static const char* const names[] = {"element", "key", "optional", "field"};
      out.push_back(std::string(names[static_cast<int>(how)]) + ":" + h->spelling +
                    (variant >= 0 ? "@" + std::to_string(variant) : ""));
    });
    return out;
  }
  ADD_FAILURE() << "no type " << spelling;
  return {};
}

TEST(ForEachHeld, VisitsEachKindOneLevelDown) {
  test::Compiled c = test::compile_text(test::lib(R"(
enum Mode { a, b }
struct Leaf { n: i32; mode: Mode; }
struct Tree { label: string; kids: list<Tree>; leaf: optional<Leaf>; }
union Shape { dot, circle(r: f64), group(items: list<Shape>, names: map<string, Leaf>) }
ctor open();
proc f(t: Tree, s: Shape, m: map<string, list<i32>>, o: optional<Leaf>) -> bytes;
)"));
  ASSERT_EQ(c.errors, 0u) << c.output;
  const Model& m = *c.model;
  EXPECT_EQ(held(m, "Tree"),
            (std::vector<std::string>{"field:string", "field:list<Tree>", "field:optional<Leaf>"}));
  EXPECT_EQ(held(m, "Shape"), (std::vector<std::string>{"field:f64@1", "field:list<Shape>@2",
                                                        "field:map<string, Leaf>@2"}));
  EXPECT_EQ(held(m, "map<string, list<i32>>"),
            (std::vector<std::string>{"key:string", "element:list<i32>"}));
  EXPECT_EQ(held(m, "list<i32>"), (std::vector<std::string>{"element:i32"}));
  EXPECT_EQ(held(m, "optional<Leaf>"), (std::vector<std::string>{"optional:Leaf"}));
  for (const char* nothing : {"i32", "string", "bytes", "Mode"})
    EXPECT_TRUE(held(m, nothing).empty()) << nothing;
}

}  // namespace
}  // namespace ffidl::model

// Per-function ABI hashes (c_abi::abi_decls): what a binding's refusal of a
// changed library rests on. A function's hash changes exactly when the
// function or a type it reaches changes, at any depth and through cycles,
// and not when unrelated declarations, declaration order or doc comments do.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "c_abi.hpp"
#include "compile_helper.hpp"

namespace ffidl::gen::c_abi {
namespace {

/// "proc f" -> hash, for a schema body.
std::map<std::string, std::uint64_t> hashes(const std::string& body) {
  test::Compiled c = test::compile_text(test::lib(body));
  EXPECT_EQ(c.errors, 0u) << c.output;
  std::map<std::string, std::uint64_t> out;
  if (!c.model) return out;
  for (const AbiDecl& d : abi_decls(*c.model))
    out[d.name] = d.hash;
  return out;
}

const char* const kBase = R"(
enum Mode { a, b }
struct Leaf { x: i32; mode: Mode; }
struct Mid { leaf: Leaf; }
struct Top { mids: list<Mid>; }
struct Other { y: i32; }
struct Tree { label: string; children: list<Tree>; }
union Shape { circle(r: f64), group(items: list<Shape>, top: optional<Top>) }
ctor open();
proc deep(t: Top) -> bool;
proc other(o: Other) -> bool;
proc tree() -> Tree;
proc shape(s: Shape);
proc plain(n: i32) -> string;
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(AbiDecls, EveryFunctionHasOneHashAndTheyDiffer) {
  auto h = hashes(kBase);
  ASSERT_EQ(h.size(), 6u);
  EXPECT_NE(h["proc deep"], h["proc other"]);
  EXPECT_NE(h["proc plain"], h["proc tree"]);
  EXPECT_EQ(hashes(kBase), h) << "the same schema hashes the same";
}

TEST(AbiDecls, AChangeAtAnyDepthChangesEveryFunctionThatReachesIt) {
  auto before = hashes(kBase);
  // Mode is reached by deep (Top -> Mid -> Leaf -> Mode) and by shape
  // (Shape -> Top -> ...), by nothing else.
  auto after = hashes(replaced(kBase, "enum Mode { a, b }", "enum Mode { a, b, c }"));
  EXPECT_NE(before["proc deep"], after["proc deep"]);
  EXPECT_NE(before["proc shape"], after["proc shape"]);
  EXPECT_EQ(before["proc other"], after["proc other"]);
  EXPECT_EQ(before["proc tree"], after["proc tree"]);
  EXPECT_EQ(before["proc plain"], after["proc plain"]);
  EXPECT_EQ(before["ctor open"], after["ctor open"]);
  // A field's type, three structs down.
  auto retyped = hashes(replaced(kBase, "struct Leaf { x: i32;", "struct Leaf { x: i64;"));
  EXPECT_NE(before["proc deep"], retyped["proc deep"]);
  EXPECT_EQ(before["proc other"], retyped["proc other"]);
}

TEST(AbiDecls, RecursiveTypesHashAndTheirChangesCount) {
  auto before = hashes(kBase);
  auto tree = hashes(replaced(kBase, "label: string;", "label: string; weight: f32;"));
  EXPECT_NE(before["proc tree"], tree["proc tree"]);
  EXPECT_EQ(before["proc deep"], tree["proc deep"]);
  // Through a cycle of two types: A reaches B reaches A.
  const std::string cycle = R"(
struct A { b: list<B>; n: i32; }
struct B { a: optional<A>; }
ctor open();
proc via_b(b: B);
proc via_a(a: A);
)";
  auto c0 = hashes(cycle);
  auto c1 = hashes(replaced(cycle, "n: i32;", "n: u32;"));
  EXPECT_NE(c0["proc via_b"], c1["proc via_b"]);
  EXPECT_NE(c0["proc via_a"], c1["proc via_a"]);
}

TEST(AbiDecls, OrderDocsAndUnrelatedDeclarationsDoNotCount) {
  auto before = hashes(kBase);
  // Declarations moved, documented, and one added that nothing reaches.
  auto moved = hashes(R"(
struct Other { y: i32; }
/// Documented now.
struct Top { mids: list<Mid>; }
struct Mid { leaf: Leaf; }
struct Leaf { x: i32; mode: Mode; }
enum Mode { a, b }
struct Tree { label: string; children: list<Tree>; }
union Shape { circle(r: f64), group(items: list<Shape>, top: optional<Top>) }
struct Fresh { z: string; }
ctor open();
proc plain(n: i32) -> string;
proc shape(s: Shape);
/// Documented too.
proc deep(t: Top) -> bool;
proc other(o: Other) -> bool;
proc tree() -> Tree;
proc added(n: Fresh);
)");
  for (const auto& [name, hash] : before)
    EXPECT_EQ(hash, moved[name]) << name;
  EXPECT_EQ(moved.size(), before.size() + 1);
}

TEST(AbiDecls, ALongChainOfStructsHashesEveryFunction) {
  // Each p<i> reaches S<i> .. S0; hashed once per type, so a chain this long
  // is as cheap as it is long (it was quadratic when each function's hash
  // covered the text of everything it reached). 1000: the checker's limit
  // on nesting.
  std::string body = "struct S0 { n: i32; }\n";
  const int n = 1000;
  for (int i = 1; i < n; ++i)
    body += "struct S" + std::to_string(i) + " { prev: S" + std::to_string(i - 1) + "; }\n";
  body += "ctor open();\n";
  for (int i = 0; i < n; ++i)
    body += "proc p" + std::to_string(i) + "(s: S" + std::to_string(i) + ");\n";
  auto h = hashes(body);
  ASSERT_EQ(h.size(), static_cast<std::size_t>(n) + 1);
  auto changed = hashes(replaced(body, "struct S0 { n: i32; }", "struct S0 { n: i64; }"));
  for (int i = 0; i < n; ++i) {
    std::string p = "proc p" + std::to_string(i);
    ASSERT_NE(h[p], changed[p]) << p;
  }
}

}  // namespace
}  // namespace ffidl::gen::c_abi

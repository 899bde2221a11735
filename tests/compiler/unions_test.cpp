// Unions, errors and `raises`: the model they check into, and one test per
// diagnostic (message, line and column).
#include <gtest/gtest.h>

#include <gmock/gmock.h>

#include "compile_helper.hpp"

namespace ffidl {
namespace {

using test::compile_text;
using test::lib;
using ::testing::ElementsAre;

void expect_error(const std::string& text, const std::string& located) {
  test::Compiled c = compile_text(text);
  EXPECT_FALSE(c.model);
  EXPECT_THAT(c.located, ElementsAre(located)) << c.output;
}

TEST(Unions, CheckIntoTheModel) {
  test::Compiled c = compile_text(lib(R"(/// A shape.
union Shape {
    /// Round.
    circle(radius: f64),
    rect(w: f64, h: f64),
    empty,
}
error Oops { bad(code: i32), worse }
struct Holder { s: Shape; maybe: optional<Shape>; all: list<Shape>; }
ctor create();
proc area(s: Shape) -> f64 raises Oops;
static proc check(n: i32) raises Oops;
host ask(q: string) -> Shape raises Oops;
)"));
  ASSERT_TRUE(c.model) << c.output;
  const model::Model& m = *c.model;
  ASSERT_EQ(m.unions.size(), 2u);
  const model::Union& shape = m.unions[0];
  EXPECT_FALSE(shape.is_error);
  EXPECT_EQ(shape.doc, model::Doc{"A shape."});
  ASSERT_EQ(shape.variants.size(), 3u);
  EXPECT_EQ(shape.variants[0].doc, model::Doc{"Round."});
  EXPECT_EQ(shape.variants[1].fields.size(), 2u);
  EXPECT_TRUE(shape.variants[2].fields.empty());
  EXPECT_TRUE(m.unions[1].is_error);
  EXPECT_EQ(m.procs[0].raises->kind, model::TypeKind::union_);
  EXPECT_EQ(m.procs[0].raises->spelling, "Oops");
  EXPECT_EQ(m.static_procs[0].raises->spelling, "Oops");
  EXPECT_EQ(m.hosts[0].raises->spelling, "Oops");
  EXPECT_EQ(m.hosts[0].result->spelling, "Shape");
  // Shape comes before Holder, which holds it by value.
  ASSERT_EQ(m.record_order.size(), 3u);
  EXPECT_EQ(m.record_order[0].kind, model::RecordRef::Kind::union_);
  EXPECT_EQ(m.record_order[0].index, 0);
  EXPECT_EQ(m.record_order[1].kind, model::RecordRef::Kind::struct_);
}

TEST(Unions, ErrorMayBeUsedAsAValueToo) {
  EXPECT_TRUE(compile_text(lib("error E { a }\nstruct S { e: E; }")).model);
}

TEST(Unions, NoVariants) {
  expect_error(lib("union U {}"), "2:7: union 'U' has no variants");
  expect_error(lib("error E {}"), "2:7: error 'E' has no variants");
}

TEST(Unions, DuplicateVariant) {
  test::Compiled c = compile_text(lib("union U { a, b(x: i32), a }"));
  EXPECT_FALSE(c.model);
  ASSERT_FALSE(c.located.empty());
  EXPECT_EQ(c.located[0], "2:25: duplicate variant name 'a'");
}

TEST(Unions, VariantsThatClashInGeneratedCode) {
  expect_error(lib("union U { some_thing, someThing }"),
               "2:23: variant name 'someThing' clashes with 'some_thing': both become "
               "'some_thing' in the generated code");
}

TEST(Unions, VariantNamedTagCollidesWithTheCMirror) {
  expect_error(lib("union U { tag(x: i32) }"), "2:11: duplicate variant name 'tag'");
}

TEST(Unions, VariantNamesTheGeneratedCppClassUses) {
  expect_error(lib("union U { variant }"), "2:11: duplicate variant name 'variant'");
  expect_error(lib("union Shape { shape(r: f64) }"),
               "2:15: variant 'shape' has the name of its union 'Shape'; rename it");
}

TEST(Unions, DuplicateFieldInAVariant) {
  expect_error(lib("union U { a(x: i32, x: u8) }"), "2:21: duplicate field name 'x'");
}

TEST(Unions, UnknownFieldType) {
  expect_error(lib("union U { a(x: Nope) }"), "2:16: unknown type 'Nope'");
}

TEST(Unions, VariantTypeClashesWithAUserType) {
  test::Compiled c =
      compile_text(lib("struct ShapeCircle { r: f64; }\nunion Shape { circle(r: f64) }"));
  EXPECT_FALSE(c.model);
  EXPECT_THAT(c.located, ElementsAre("3:15: variant 'circle' of 'Shape' needs the type name "
                                     "'ShapeCircle', which struct 'ShapeCircle' already has; "
                                     "rename one of them"));
}

TEST(Unions, UnionNameClashesWithAStruct) {
  test::Compiled c = compile_text(lib("struct S { x: i32; }\nunion S { a }"));
  EXPECT_FALSE(c.model);
  ASSERT_FALSE(c.located.empty());
  EXPECT_EQ(c.located[0], "3:7: duplicate type or constant name 'S'");
}

TEST(Unions, ContainsItselfByValue) {
  expect_error(lib("union U { a(u: U) }"),
               "2:16: union 'U' contains itself by value (U.a.u -> U); hold it through list<> "
               "or map<> instead");
  expect_error(lib("union U { a(s: S) }\nstruct S { u: optional<U>; }"),
               "2:16: struct 'S' contains itself by value (S.u -> U.a.s -> S); hold it through "
               "list<> or map<> instead");
}

TEST(Unions, RecursionThroughAListIsFine) {
  test::Compiled c = compile_text(lib("union T { leaf, node(children: list<T>) }"));
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_TRUE(c.model->unions[0].recursive);
}

TEST(Raises, UnknownErrorType) {
  expect_error(lib("static proc f() raises Nope;"), "2:24: unknown type 'Nope'");
}

TEST(Raises, NotAnError) {
  expect_error(lib("union U { a }\nstatic proc f() raises U;"),
               "3:24: 'U' is a union; 'raises' takes a type declared with 'error'");
  expect_error(lib("struct S { x: i32; }\nstatic proc f() raises S;"),
               "3:24: 'S' is not an error; 'raises' takes a type declared with 'error'");
  expect_error(lib("static proc f() raises string;"),
               "2:24: 'string' is not an error; 'raises' takes a type declared with 'error'");
}

TEST(Raises, ErrorDeclaredAfterUse) {
  EXPECT_TRUE(compile_text(lib("static proc f() raises E;\nerror E { a }")).model);
}

TEST(Raises, EventsCannotRaise) {
  expect_error(lib("error E { a }\nctor create();\nevent e() raises E;"),
               "4:18: an event is a notification; nobody receives what it would raise");
}

TEST(Raises, LibraryCtorCannotRaise) {
  expect_error(lib("error E { a }\nctor create() raises E;"),
               "3:22: a library ctor cannot raise a typed error (it fails with a message: "
               "ffidl::fail)");
}

TEST(Raises, SyntaxErrors) {
  expect_error(lib("error E { a }\nstatic proc f() raises;"), "3:23: expected a type");
  expect_error(lib("union U { a(x i32) }"), "2:15: expected ':' followed by a type");
  expect_error(lib("union U { a(x: i32 }"), "2:20: expected ')'");
}

TEST(Raises, DanglingDocCommentInAUnionWarns) {
  test::Compiled c = compile_text(lib("union U { a,\n/// nothing\n}"));
  ASSERT_TRUE(c.model);
  EXPECT_NE(c.output.find("3:1: warning: doc comment is not followed by a variant"),
            std::string::npos)
      << c.output;
}

}  // namespace
}  // namespace ffidl

// Objects: the model they check into (their members lowered to procs of
// the library) and one test per diagnostic (message, line and column).
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

TEST(Objects, CheckIntoTheModelAsProcsOfTheLibrary) {
  test::Compiled c = compile_text(lib(R"(ctor create();
error E { bad }
/// A list.
object TodoList {
    /// An empty one.
    ctor new();
    ctor from_items(items: list<string>) raises E;
    /// Runs last.
    dtor;
    proc add(todo: string) [abi = native];
    proc copy() -> TodoList;
}
proc get() -> optional<TodoList>;
)"));
  ASSERT_TRUE(c.model) << c.output;
  const model::Model& m = *c.model;
  ASSERT_EQ(m.objects.size(), 1u);
  const model::Object& o = m.objects[0];
  EXPECT_EQ(o.doc, model::Doc{"A list."});
  EXPECT_TRUE(o.has_dtor);
  EXPECT_EQ(o.dtor_doc, model::Doc{"Runs last."});
  ASSERT_EQ(o.ctors, (std::vector<int>{0, 1}));
  ASSERT_EQ(o.procs, (std::vector<int>{2, 3}));
  ASSERT_EQ(m.procs.size(), 5u);
  const model::Func& ctor = m.procs[0];
  EXPECT_EQ(ctor.member, model::Member::ctor);
  EXPECT_EQ(ctor.owner, 0);
  EXPECT_EQ(ctor.member_name.original, "new");  // a C++ keyword, allowed here
  EXPECT_EQ(ctor.name.snake, "todo_list_new");
  EXPECT_EQ(ctor.symbol(), "TodoList_new");
  EXPECT_EQ(ctor.doc, model::Doc{"An empty one."});
  ASSERT_TRUE(ctor.result);
  EXPECT_EQ(ctor.result->kind, model::TypeKind::object_);
  EXPECT_EQ(m.procs[1].raises->spelling, "E");
  const model::Func& add = m.procs[2];
  EXPECT_EQ(add.member, model::Member::proc);
  ASSERT_EQ(add.params.size(), 2u);
  EXPECT_EQ(add.params[0].name.original, "obj");  // the receiver comes first
  EXPECT_EQ(add.params[0].type, ctor.result);
  EXPECT_EQ(add.abi, model::Abi::native);
  EXPECT_EQ(m.procs[4].member, model::Member::none);
  EXPECT_EQ(m.procs[4].symbol(), "get");
}

TEST(Objects, NeedALibraryCtor) {
  expect_error(lib("object O { ctor new(); }"),
               "2:8: object 'O' lives in a library context, but there is no ctor; declare one "
               "such as 'ctor create();'");
}

TEST(Objects, DuplicateMembersAndDtors) {
  expect_error(lib("ctor create();\nobject O { ctor new(); proc new(); }"),
               "3:29: duplicate member name 'new'");
  expect_error(lib("ctor create();\nobject O { dtor; dtor; }"),
               "3:18: object 'O' has at most one dtor");
  expect_error(lib("ctor create();\nobject O { proc close(); }"),
               "3:17: duplicate member name 'close'");
  expect_error(lib("ctor create();\nobject O { proc equal(); }"),
               "3:17: duplicate member name 'equal'");
  // A member's asynchronous and Go context forms are taken too (as the
  // client methods O_get_async, O_new_context).
  expect_error(lib("ctor create();\nobject O { proc get(); proc get_async(); }"),
               "3:29: duplicate client method name 'O_get_async'");
  expect_error(lib("ctor create();\nobject O { ctor new(); ctor new_context(); }"),
               "3:29: duplicate client method name 'O_new_context'");
}

TEST(Objects, CtorsDeclareNoResult) {
  expect_error(lib("ctor create();\nobject O { ctor new() -> u32; }"),
               "3:26: a ctor returns its object ('O'); it cannot declare a result");
}

TEST(Objects, TheReceiverNameIsTaken) {
  expect_error(lib("ctor create();\nobject O { proc p(obj: u32); }"),
               "3:19: parameter name 'obj' is taken by the object itself (an object proc's "
               "first parameter)");
}

TEST(Objects, GeneratedNamesClash) {
  // O.get is exported as <lib>_O_get and is the client method o_get: a proc
  // named o_get clashes in every binding.
  expect_error(lib("ctor create();\nobject O { proc get(); }\nproc o_get();"),
               "3:17: exported function name 'O_get' clashes with 'o_get': both become 'o_get' "
               "in the generated code");
  expect_error(lib("ctor create();\nstruct OService { x: i32; }\nobject O { ctor new(); }"),
               "3:8: struct 'OService' clashes with the C++ class generated for object 'O'; "
               "rename one of them");
}

TEST(Objects, RefusedInUnionsAndWhereNoContextOwnsThem) {
  const std::string o = "ctor create();\nobject O { ctor new(); }\n";
  const std::string why =
      " cannot hold objects (objects travel as parameters and results of "
      "functions and in struct fields)";
  expect_error(lib(o + "union U { a(o: list<O>) }"),
               "4:13: 'list<O>' holds an object; a field of union 'U'" + why);
  // Through a struct too.
  expect_error(lib(o + "struct S { o: O; }\nerror E { bad(s: optional<S>) }"),
               "5:15: 'optional<S>' holds an object; a field of error 'E'" + why);
  expect_error(lib(o + "static proc s(o: O);"),
               "4:15: 'O' holds an object; static proc 's' (it has no context to own them)" + why);
  expect_error(lib("object O { ctor new(); }\nstruct S { o: O; }\nctor create(s: S);"),
               "4:13: 'S' holds an object; the library ctor (it runs before the context "
               "exists)" +
                   why);
}

TEST(Objects, StructsEventsAndHostFnsMayCarryThem) {
  test::Compiled c = compile_text(
      lib("ctor create();\nobject O { ctor new(); }\nstruct S { o: O; all: list<S>; }\n"
          "struct T { n: i32; }\nevent changed(o: O, all: list<O>);\n"
          "host pick(os: map<string, O>) -> optional<S>;"));
  ASSERT_TRUE(c.model) << c.output;
  // Which types hold objects, for the generators: at any depth, also
  // through a recursive struct, and not a struct without any.
  for (const model::Type& t : c.model->types) {
    const bool expected = t.spelling != "T" && t.spelling != "i32" && t.spelling != "string";
    EXPECT_EQ(t.holds_objects, expected) << t.spelling;
  }
}

TEST(Objects, WithoutCtorsWarn) {
  test::Compiled c = compile_text(lib("ctor create();\nobject O { proc p() -> O; }"));
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_NE(c.output.find("object 'O' has no ctor: only procs that return one can create it"),
            std::string::npos)
      << c.output;
}

}  // namespace
}  // namespace ffidl

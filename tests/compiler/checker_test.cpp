// Checker: one test per diagnostic (message, line and column), several
// errors in one run, and the resolved model for a valid schema.
#include <gtest/gtest.h>

#include <gmock/gmock.h>

#include <fmt/format.h>

#include "compile_helper.hpp"

namespace ffidl {
namespace {

using test::compile_text;
using test::lib;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

/// Asserts the schema fails with exactly this one located error.
void expect_error(const std::string& text, const std::string& located) {
  test::Compiled c = compile_text(text);
  EXPECT_FALSE(c.model);
  EXPECT_THAT(c.located, ElementsAre(located)) << c.output;
}

TEST(Checker, ValidSchemaResolves) {
  test::Compiled c = compile_text(R"(library demo { version = "1.2.3"; abi = native; }
enum Level { low, mid, high = 10, top }
struct Req { level: Level; tags: list<string>; extra: optional<Inner>; }
struct Inner { n: i32; }
const MAX: u8 = 200;
ctor create();
proc run(r: Req) -> map<u32, list<Inner>>;
proc both_ways() [abi = both];
)");
  ASSERT_TRUE(c.model) << c.output;
  const model::Model& m = *c.model;
  EXPECT_EQ(m.library.version, "1.2.3");
  EXPECT_EQ(m.library.abi, model::Abi::native);
  ASSERT_EQ(m.enums[0].enumerators.size(), 4u);
  EXPECT_EQ(m.enums[0].enumerators[1].value, 1);
  EXPECT_EQ(m.enums[0].enumerators[3].value, 11);
  EXPECT_EQ(m.structs[0].fields[2].type->kind, model::TypeKind::optional);
  EXPECT_EQ(m.structs[0].fields[2].type->elem->kind, model::TypeKind::struct_);
  // Inner is held by value (through optional) so it comes first.
  ASSERT_EQ(m.record_order.size(), 2u);
  EXPECT_EQ(m.structs[static_cast<std::size_t>(m.record_order[0].index)].name.original, "Inner");
  EXPECT_EQ(std::get<std::uint64_t>(m.consts[0].value), 200u);
  EXPECT_EQ(m.procs[0].result->spelling, "map<u32, list<Inner>>");
  EXPECT_EQ(m.procs[0].abi, model::Abi::native);
  EXPECT_EQ(m.procs[1].abi, model::Abi::both);
  EXPECT_EQ(m.procs[0].name.pascal, "Run");
  EXPECT_EQ(m.structs[0].name.snake, "req");
}

TEST(Checker, TypesAreInterned) {
  test::Compiled c = compile_text(lib("struct A { x: list<i32>; y: list<i32>; }"));
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_EQ(c.model->structs[0].fields[0].type, c.model->structs[0].fields[1].type);
}

TEST(Checker, MissingLibrary) {
  expect_error("struct A { x: i32; }\nstatic proc f();",
               "1:1: missing library block: a schema starts with "
               "'library NAME { ... }'");
  expect_error("", "1:1: missing library block: a schema starts with 'library NAME { ... }'");
}

TEST(Checker, ATypesFileChecksWithoutALibrary) {
  // Types and constants only: a file for other schemas to import.
  test::Compiled c = test::compile_text("const N: i32 = 1;\nstruct A { x: i32; }\nunion U { a }");
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_TRUE(c.model->library.name.original.empty());
}

TEST(Checker, SecondLibrary) {
  expect_error("library a {}\nlibrary b {}", "2:9: a schema declares exactly one library");
}

TEST(Checker, UnknownLibrarySetting) {
  expect_error("library a { speed = 3; }",
               "1:13: unknown library setting 'speed' (known: version, abi, stale_warn_ms, "
               "drain_timeout_ms, event_queue_limit, request_queue_limit)");
}

TEST(Checker, BadVersion) {
  expect_error("library a { version = \"1.2\"; }", "1:23: version '1.2' is not MAJOR.MINOR.PATCH");
  expect_error("library a { version = 1; }",
               "1:23: version must be a string such as \"1.2.0\", not an integer");
}

TEST(Checker, UnknownType) {
  expect_error(lib("struct A { x: Missing; }"), "2:15: unknown type 'Missing'");
}

TEST(Checker, WrongTypeArity) {
  expect_error(lib("struct A { x: list<i32, i32>; }"), "2:15: 'list' takes 1 type argument, got 2");
  expect_error(lib("struct A { x: i32<u8>; }"), "2:15: 'i32' takes no type arguments");
  expect_error(lib("struct A { x: map<string>; }"), "2:15: 'map' takes 2 type arguments, got 1");
}

TEST(Checker, DuplicateTypeWithNote) {
  test::Compiled c = compile_text(lib("struct A { x: i32; }\nenum A { a }"));
  EXPECT_THAT(c.located, ElementsAre("3:6: duplicate type or constant name 'A'"));
  EXPECT_THAT(c.output, HasSubstr("test.ffidl:2:8: note: previous declaration of 'A' (struct) "
                                  "is here"));
}

TEST(Checker, NamesClashAfterCaseConversion) {
  expect_error(lib("struct EchoRequest { x: i32; }\nstruct echo_request { y: i32; }"),
               "3:8: type or constant name 'echo_request' clashes with 'EchoRequest': both "
               "become 'echo_request' in the generated code");
}

TEST(Checker, DuplicateField) {
  expect_error(lib("struct A { x: i32; x: u8; }"), "2:20: duplicate field name 'x'");
}

TEST(Checker, DuplicateParam) {
  expect_error(lib("static proc p(a: i32, a: i32);"), "2:23: duplicate parameter name 'a'");
}

TEST(Checker, DuplicateProc) {
  expect_error(lib("ctor c();\nproc p();\nproc p();"), "4:6: duplicate exported function name 'p'");
}

TEST(Checker, ProcClashesWithCborExport) {
  expect_error(lib("ctor c();\nproc p();\nproc p_cbor();"),
               "4:6: duplicate exported function name 'p_cbor'");
}

TEST(Checker, ProcUsesReservedExport) {
  expect_error(lib("ctor c();\nproc host_complete();"),
               "3:6: duplicate exported function name 'host_complete'");
  // The exports the load-time ABI check reads.
  expect_error(lib("ctor c();\nproc abi_hash();"),
               "3:6: duplicate exported function name 'abi_hash'");
  expect_error(lib("ctor c();\nstatic proc abi_check();"),
               "3:13: duplicate exported function name 'abi_check'");
}

TEST(Checker, ProcNamesMustNotCollideWithClientMethods) {
  // Names the C++, Go and Rust clients derive or define themselves.
  expect_error(lib("ctor c();\nproc close();"), "3:6: duplicate client method name 'close'");
  expect_error(lib("ctor c();\nproc echo();\nproc echo_async();"),
               "4:6: duplicate client method name 'echo_async'");
  expect_error(lib("ctor c();\nproc run_context();\nproc run();"),
               "4:6: duplicate client method name 'run_context'");
  expect_error(lib("ctor c();\nevent tick();\nproc on_tick();"),
               "4:6: duplicate client method name 'on_tick'");
  expect_error(lib("ctor c();\nhost fetch() -> string;\nstatic proc set_fetch();"),
               "4:13: duplicate client method name 'set_fetch'");
  test::Compiled c = compile_text(lib("ctor c();\nproc echo();\nproc echo_async();"));
  EXPECT_THAT(c.output, HasSubstr("previous declaration of 'echo_async' (the asynchronous form of "
                                  "'echo') is here"));
}

TEST(Checker, DuplicateEnumerator) {
  expect_error(lib("enum E { a, a }"), "2:13: duplicate enumerator name 'a'");
}

TEST(Checker, DuplicateEnumValue) {
  test::Compiled c = compile_text(lib("enum E { a = 1, b = 1 }"));
  EXPECT_THAT(c.located, ElementsAre("2:21: enumerator 'b' has value 1, which 'a' already has"));
  EXPECT_THAT(c.output, HasSubstr("note: 'a' is declared here"));
}

TEST(Checker, EnumValueOutOfRange) {
  expect_error(lib("enum E { a = 2147483648 }"), "2:14: enum value 2147483648 does not fit in i32");
}

TEST(Checker, DuplicateEvent) {
  expect_error(lib("ctor c();\nevent e();\nevent e(x: i32);"), "4:7: duplicate event name 'e'");
}

TEST(Checker, DuplicateHost) {
  expect_error(lib("ctor c();\nhost h();\nhost h();"), "4:6: duplicate host fn name 'h'");
}

TEST(Checker, EventTypeNameIsReserved) {
  expect_error(lib("ctor c();\nstruct FiredEvent { x: i32; }\nevent fired();"),
               "3:8: struct 'FiredEvent' clashes with the payload type generated for event "
               "'fired'; rename one of them");
  expect_error(lib("ctor c();\nhost ask();\nenum AskArgs { a }"),
               "4:6: enum 'AskArgs' clashes with the argument type generated for host fn 'ask'; "
               "rename one of them");
}

TEST(Checker, StructContainsItselfDirectly) {
  expect_error(lib("struct A { a: A; }"),
               "2:15: struct 'A' contains itself by value (A.a -> A); hold it through list<> "
               "or map<> instead");
}

TEST(Checker, StructContainsItselfThroughOthers) {
  expect_error(lib("struct A { b: B; }\nstruct B { c: optional<C>; }\nstruct C { a: A; }"),
               "4:15: struct 'A' contains itself by value (A.b -> B.c -> C.a -> A); hold it "
               "through list<> or map<> instead");
}

TEST(Checker, RecursionThroughListIsAllowed) {
  test::Compiled c = compile_text(
      lib("struct Node { kids: list<Node>; index: map<string, Node>; }\nstruct Leaf { x: i32; }"));
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_TRUE(c.model->structs[0].recursive);
  EXPECT_FALSE(c.model->structs[1].recursive);
}

TEST(Checker, RecursionThroughACycleOfStructs) {
  test::Compiled c = compile_text(
      lib("struct A { b: B; }\nstruct B { items: list<A>; }\nstruct C { a: A; }\nstruct D { d: "
          "optional<list<D>>; }"));
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_TRUE(c.model->structs[0].recursive);   // A -> B -> list<A>
  EXPECT_TRUE(c.model->structs[1].recursive);   // B -> A -> B
  EXPECT_FALSE(c.model->structs[2].recursive);  // C reaches the cycle, is not on it
  EXPECT_TRUE(c.model->structs[3].recursive);   // D -> itself
}

TEST(Checker, LongStructChainsDoNotExhaustTheStack) {
  // Structs each holding the next by value: the checker's walks are
  // iterative, and a chain past 1000 levels is refused with one error (the
  // generators recurse through it), 100 000 deep included.
  auto chain = [](int n, const std::string& last) {
    std::string text;
    for (int i = 0; i + 1 < n; ++i)
      text += fmt::format("struct S{} {{ x: S{}; }}\n", i, i + 1);
    return lib(text + fmt::format("struct S{} {{ y: {}; }}", n - 1, last));
  };
  test::Compiled ok = compile_text(chain(1000, "u8"));
  ASSERT_TRUE(ok.model) << ok.output.substr(0, 500);
  ASSERT_EQ(ok.model->record_order.size(), 1000u);
  EXPECT_EQ(ok.model->record_order.front().index, 999);  // innermost first
  for (int n : {1001, 100000}) {
    test::Compiled deep = compile_text(chain(n, "u8"));
    EXPECT_FALSE(deep.model);
    ASSERT_EQ(deep.located.size(), 1u) << n;
    EXPECT_EQ(deep.located[0],
              fmt::format("2:8: 'S0' holds records nested {} levels deep; at most 1000 levels "
                          "of distinct structs and unions are supported",
                          n));
  }
  // Through list<> and map<> the same, and through a recursive cycle of
  // 5000 records (a walk may pass through each of them).
  std::string lists;
  for (int i = 0; i + 1 < 5000; ++i)
    lists += fmt::format("struct L{} {{ x: list<L{}>; y: map<string, L{}>; }}\n", i, i + 1, i + 1);
  for (const char* last : {"struct L4999 { z: u8; }", "struct L4999 { z: list<L0>; }"}) {
    test::Compiled deep = compile_text(lib(lists + last));
    ASSERT_EQ(deep.located.size(), 1u) << last;
    EXPECT_THAT(deep.located[0], HasSubstr("holds records nested 5000 levels deep"));
  }
  // Closing the chain into a cycle is one error naming the whole chain.
  test::Compiled cyclic = compile_text(chain(100000, "S0"));
  EXPECT_FALSE(cyclic.model);
  ASSERT_EQ(cyclic.located.size(), 1u);
  EXPECT_THAT(cyclic.located[0], HasSubstr("struct 'S0' contains itself by value (S0.x -> S1.x"));
}

TEST(Checker, AStructWithManyFieldsChecksInLinearTime) {
  // 100 000 fields: each field's type location was found by a linear search
  // (over a minute); a map makes it well under a second even in sanitizer
  // builds. Not timed here: the ctest timeout is the bound.
  std::string fields;
  for (int i = 0; i < 100000; ++i)
    fields += fmt::format("    f{}: i32;\n", i);
  test::Compiled c = compile_text(lib("struct Big {\n" + fields + "}\n"));
  ASSERT_TRUE(c.model) << c.output.substr(0, 500);
  EXPECT_EQ(c.model->structs[0].fields.size(), 100000u);
}

TEST(Checker, RuntimeSettingsOfTheLibraryBlock) {
  test::Compiled c = compile_text(
      "library x {\n    stale_warn_ms = 100;\n    drain_timeout_ms = 2000;\n"
      "    event_queue_limit = 16;\n    request_queue_limit = 0x400;\n}\n");
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_EQ(c.model->library.runtime.stale_warn_ms, 100u);
  EXPECT_EQ(c.model->library.runtime.drain_timeout_ms, 2000u);
  EXPECT_EQ(c.model->library.runtime.event_queue_limit, 16u);
  EXPECT_EQ(c.model->library.runtime.request_queue_limit, 1024u);
  expect_error("library x { drain_timeout_ms = 0; }",
               "1:32: drain_timeout_ms must be between 1 and 2147483647, not 0");
  expect_error("library x { event_queue_limit = \"big\"; }",
               "1:33: event_queue_limit must be an integer, not a string");
}

TEST(Checker, ConstantDoesNotFit) {
  expect_error(lib("const A: u8 = 256;"), "2:15: value 256 does not fit in u8 (range 0 to 255)");
  expect_error(lib("const A: i8 = -129;"),
               "2:15: value -129 does not fit in i8 (range -128 to 127)");
  expect_error(lib("const A: u32 = -1;"),
               "2:16: value -1 does not fit in u32 (range 0 to 4294967295)");
  expect_error(lib("const A: u64 = 18446744073709551616;"),
               "2:16: value 18446744073709551616 does not fit in u64 (range 0 to "
               "18446744073709551615)");
  expect_error(lib("const A: f32 = 1e39;"), "2:16: value 1e39 does not fit in f32");
}

TEST(Checker, ConstantExtremesFit) {
  test::Compiled c =
      compile_text(lib("const A: i64 = -9223372036854775808;\nconst B: u64 = 0xFFFFFFFFFFFFFFFF;\n"
                       "const C: f32 = 3;"));
  ASSERT_TRUE(c.model) << c.output;
  EXPECT_EQ(std::get<std::int64_t>(c.model->consts[0].value), INT64_MIN);
  EXPECT_EQ(std::get<std::uint64_t>(c.model->consts[1].value), UINT64_MAX);
  EXPECT_EQ(std::get<double>(c.model->consts[2].value), 3.0);
}

TEST(Checker, ConstantWrongKind) {
  expect_error(lib("const A: bool = 1;"),
               "2:17: constant 'A' of type bool needs true or false, not an integer");
  expect_error(lib("const A: string = 1.5;"),
               "2:19: constant 'A' of type string needs a string, not a floating-point number");
  expect_error(lib("const A: i32 = \"x\";"),
               "2:16: constant 'A' of type i32 needs an integer, not a string");
  expect_error(lib("const A: list<i32> = 1;"),
               "2:10: constant 'A' has type list<i32>; constants must be bool, an integer or "
               "float type, or string");
}

TEST(Checker, SecondCtor) {
  test::Compiled c = compile_text(lib("ctor a();\nctor b();"));
  EXPECT_THAT(c.located, ElementsAre("3:1: a library has at most one ctor"));
  EXPECT_THAT(c.output, HasSubstr("test.ffidl:2:1: note: the first ctor is here"));
}

TEST(Checker, SecondDtor) {
  expect_error(lib("ctor c();\ndtor a;\ndtor b;"), "4:1: a library has at most one dtor");
}

TEST(Checker, ProcsWithoutCtor) {
  expect_error(lib("proc p();"),
               "2:1: procs, events and host fns need a library context, but "
               "there is no ctor; declare one such as 'ctor create();'");
}

TEST(Checker, StaticProcsNeedNoCtor) {
  test::Compiled c = compile_text(lib("static proc p() -> i32;"));
  EXPECT_TRUE(c.model) << c.output;
}

TEST(Checker, CtorAndEventCannotReturn) {
  expect_error(lib("ctor c() -> i32;"),
               "2:13: a ctor returns the library context; it cannot declare a result");
  expect_error(lib("ctor c();\nevent e() -> i32;"),
               "3:14: an event is a notification; it cannot declare a result");
}

TEST(Checker, MapKeyMustBeStringOrInteger) {
  expect_error(lib("struct A { m: map<f64, i32>; }"),
               "2:19: map keys must be string or an integer type, not 'f64'");
  expect_error(lib("struct K { x: i32; }\nstruct A { m: map<K, i32>; }"),
               "3:19: map keys must be string or an integer type, not 'K'");
}

TEST(Checker, NestedOptional) {
  expect_error(lib("struct A { m: optional<optional<i32>>; }"),
               "2:24: optional<> cannot directly contain another optional<>");
}

TEST(Checker, UnknownAttribute) {
  expect_error(lib("static proc p() [speed = 3];"), "2:18: unknown attribute 'speed' (known: abi)");
}

TEST(Checker, UnknownAttributeValue) {
  expect_error(lib("static proc p() [abi = json];"),
               "2:24: unknown abi 'json': expected native, cbor or both");
}

TEST(Checker, DuplicateAttribute) {
  expect_error(lib("static proc p() [abi = cbor, abi = both];"),
               "2:30: attribute 'abi' is given twice");
}

TEST(Checker, KeywordsOfEveryTarget) {
  expect_error(lib("struct A { type: i32; }"),
               "2:12: field name 'type' is a keyword in Go, Rust; choose another name");
  expect_error(lib("struct A { class: i32; }"),
               "2:12: field name 'class' is a keyword in C++; choose another name");
  expect_error(lib("struct A { register: i32; }"),
               "2:12: field name 'register' is a keyword in C, C++; choose another name");
  expect_error(lib("struct A { func: i32; }"),
               "2:12: field name 'func' is a keyword in Go; choose another name");
  expect_error(lib("struct A { x: i32; }\nstatic proc p(fn: A);"),
               "3:15: parameter name 'fn' is a keyword in Rust; choose another name");
  // `Type` is fine in the schema but its snake_case spelling is not.
  expect_error(lib("struct Type { x: i32; }"),
               "2:8: struct name 'Type' is a keyword in Go, Rust; choose another name");
}

TEST(Checker, ReservedPrefixAndUnderscores) {
  expect_error(lib("struct ffidl_thing { x: i32; }"),
               "2:8: struct name 'ffidl_thing' starts with 'ffidl', which is reserved for "
               "generated code");
  expect_error(lib("struct A { a__b: i32; }"),
               "2:12: field name 'a__b' contains '__' or ends with '_'; such names are reserved "
               "in C and C++");
}

TEST(Checker, LibraryNameMustBeUsableAsPrefix) {
  expect_error("library struct {}",
               "1:9: library name 'struct' is a keyword in C, C++, Go, "
               "Rust; choose another name");
}

TEST(Checker, GeneratedClassNamesAreReserved) {
  test::Compiled c = compile_text(lib("struct Client { x: i32; }"));
  EXPECT_THAT(c.located, ElementsAre("2:8: duplicate type or constant name 'Client'"));
  EXPECT_THAT(c.output, HasSubstr("note: 'Client' is a class the generated C++ code defines"));
}

TEST(Checker, HugeIdentifiersAreRefused) {
  std::string name(1 << 20, 'a');  // 1 MB
  test::Compiled c = compile_text(lib("struct " + name + " { " + name + ": i32; }"));
  EXPECT_FALSE(c.model);
  ASSERT_EQ(c.located.size(), 2u);
  EXPECT_EQ(c.located[0],
            "2:8: struct name is 1048576 characters long; names may have at most 128");
  EXPECT_LT(c.output.size(), 4u * 1024 * 1024);
}

TEST(Checker, BuiltinCannotBeRedeclared) {
  expect_error(lib("struct string { x: i32; }"),
               "2:8: 'string' is a built-in type and cannot be redeclared");
}

TEST(Checker, EmptyStructAndEnum) {
  expect_error(lib("struct A { }"),
               "2:8: struct 'A' has no fields (C does not allow empty structs)");
  expect_error(lib("enum E { }"), "2:6: enum 'E' has no enumerators");
}

TEST(Checker, CMirrorFieldCollision) {
  expect_error(lib("struct A { x: optional<i32>; has_x: bool; }"),
               "2:30: 'has_x' collides with the C mirror's generated field for 'x'; rename one "
               "of them");
  expect_error(lib("struct A { items_len: u64; items: list<i32>; }"),
               "2:12: 'items_len' collides with the C mirror's generated field for 'items'; "
               "rename one of them");
}

TEST(Checker, CMirrorMapAndParamCollisions) {
  expect_error(lib("struct A { m: map<string, i32>; m_keys: i32; }"),
               "2:33: 'm_keys' collides with the C mirror's generated field for 'm'; rename one "
               "of them");
  expect_error(lib("static proc p(cb: i32);"),
               "2:15: parameter name 'cb' is taken by the C ABI's own parameters (ctx, cb, "
               "user_data)");
}

TEST(Checker, ReportsEveryErrorInOneRun) {
  test::Compiled c = compile_text(lib(R"(struct A { x: Nope; y: i32; y: u8; }
enum E { a = 1, b = 1 }
const C: u8 = 300;
static proc p(type: A) [abi = json];
)"));
  EXPECT_FALSE(c.model);
  EXPECT_THAT(c.located, ElementsAre("2:15: unknown type 'Nope'", "2:29: duplicate field name 'y'",
                                     "3:21: enumerator 'b' has value 1, which 'a' already has",
                                     "4:15: value 300 does not fit in u8 (range 0 to 255)",
                                     "5:15: parameter name 'type' is a keyword in Go, Rust; choose "
                                     "another name",
                                     "5:31: unknown abi 'json': expected native, cbor or both"));
  EXPECT_THAT(c.output, HasSubstr("6 errors generated."));
}

TEST(Checker, RenderedErrorHasCaretUnderToken) {
  test::Compiled c = compile_text(lib("struct A { x: Missing; }"));
  EXPECT_EQ(c.output,
            "test.ffidl:2:15: error: unknown type 'Missing'\n"
            "struct A { x: Missing; }\n"
            "              ^~~~~~~\n"
            "1 error generated.\n");
}

}  // namespace
}  // namespace ffidl

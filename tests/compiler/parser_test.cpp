// Parser: every construct, doc comment attachment, comments wherever
// whitespace may go, and syntax errors that point at the failing token.
#include <gtest/gtest.h>

#include "compile_helper.hpp"

namespace ffidl {
namespace {

ast::File parse_ok(const std::string& text) {
  SourceFile file("p.ffidl", text);
  Diagnostics diags(file);
  ast::File f = parse(diags);
  EXPECT_FALSE(diags.has_errors()) << diags.render();
  return f;
}

std::string parse_errors(const std::string& text) {
  SourceFile file("p.ffidl", text);
  Diagnostics diags(file);
  parse(diags);
  return diags.render();
}

TEST(Parser, EveryConstruct) {
  ast::File f = parse_ok(R"(
library demo { version = "1.0.0"; abi = cbor; }
const N: i64 = -42;
const H: u32 = 0xFF;
const F: f64 = 1.5e3;
const S: string = "a\"b";
const B: bool = false;
enum E { a, b = 5, c, }
struct P { x: map<string, list<optional<u8>>>; y: E; }
ctor make(cfg: P);
dtor destroy;
proc run(a: i32, b: P) -> list<P> [abi = native];
proc ping();
static proc parse(text: string) -> P;
event fired(n: u32);
host ask(q: string) -> string [abi = both];
)");
  ASSERT_EQ(f.libraries.size(), 1u);
  EXPECT_EQ(f.libraries[0].name, "demo");
  ASSERT_EQ(f.libraries[0].settings.size(), 2u);
  EXPECT_EQ(f.libraries[0].settings[1].value.text, "cbor");
  ASSERT_EQ(f.decls.size(), 14u);

  const auto& n = std::get<ast::Const>(f.decls[0]);
  EXPECT_EQ(n.value.kind, ast::Literal::Kind::integer);
  EXPECT_EQ(n.value.text, "-42");
  EXPECT_EQ(std::get<ast::Const>(f.decls[1]).value.text, "0xFF");
  EXPECT_EQ(std::get<ast::Const>(f.decls[2]).value.kind, ast::Literal::Kind::floating);
  EXPECT_EQ(std::get<ast::Const>(f.decls[3]).value.text, "a\"b");
  EXPECT_EQ(std::get<ast::Const>(f.decls[4]).value.kind, ast::Literal::Kind::boolean);

  const auto& e = std::get<ast::Enum>(f.decls[5]);
  ASSERT_EQ(e.enumerators.size(), 3u);
  EXPECT_FALSE(e.enumerators[0].value);
  EXPECT_EQ(e.enumerators[1].value->text, "5");

  const auto& s = std::get<ast::Struct>(f.decls[6]);
  ASSERT_EQ(s.fields.size(), 2u);
  const ast::TypeRef& t = s.fields[0].type;
  EXPECT_EQ(t.name, "map");
  ASSERT_EQ(t.args.size(), 2u);
  EXPECT_EQ(t.args[1].name, "list");
  EXPECT_EQ(t.args[1].args[0].name, "optional");
  EXPECT_EQ(t.args[1].args[0].args[0].name, "u8");

  const auto& ctor = std::get<ast::Func>(f.decls[7]);
  EXPECT_EQ(ctor.kind, ast::FuncKind::ctor);
  EXPECT_EQ(ctor.params.size(), 1u);
  EXPECT_EQ(std::get<ast::Func>(f.decls[8]).kind, ast::FuncKind::dtor);
  const auto& run = std::get<ast::Func>(f.decls[9]);
  EXPECT_EQ(run.kind, ast::FuncKind::proc);
  EXPECT_EQ(run.params.size(), 2u);
  ASSERT_TRUE(run.result);
  EXPECT_EQ(run.result->name, "list");
  ASSERT_EQ(run.attrs.size(), 1u);
  EXPECT_EQ(run.attrs[0].value.text, "native");
  EXPECT_FALSE(std::get<ast::Func>(f.decls[10]).result);
  EXPECT_EQ(std::get<ast::Func>(f.decls[11]).kind, ast::FuncKind::static_proc);
  EXPECT_EQ(std::get<ast::Func>(f.decls[12]).kind, ast::FuncKind::event);
  EXPECT_EQ(std::get<ast::Func>(f.decls[13]).kind, ast::FuncKind::host);
}

TEST(Parser, DocCommentsAttachToTheNextItem) {
  ast::File f = parse_ok(R"(/// The library.
library demo {}
/// Line one.
///   Line two keeps its indent.
struct S {
  /// A field.
  a: i32;
  b: i32;
}
enum E {
  /// First.
  x,
  /// Second.
  y = 2,
}
//// Four slashes: an ordinary comment.
proc p(
  /// The parameter.
  a: i32);
)");
  EXPECT_EQ(f.libraries[0].doc, ast::Doc{"The library."});
  const auto& s = std::get<ast::Struct>(f.decls[0]);
  EXPECT_EQ(s.doc, (ast::Doc{"Line one.", "  Line two keeps its indent."}));
  EXPECT_EQ(s.fields[0].doc, ast::Doc{"A field."});
  EXPECT_TRUE(s.fields[1].doc.empty());
  const auto& e = std::get<ast::Enum>(f.decls[1]);
  EXPECT_EQ(e.enumerators[0].doc, ast::Doc{"First."});
  EXPECT_EQ(e.enumerators[1].doc, ast::Doc{"Second."});
  const auto& p = std::get<ast::Func>(f.decls[2]);
  EXPECT_TRUE(p.doc.empty());
  EXPECT_EQ(p.params[0].doc, ast::Doc{"The parameter."});
}

TEST(Parser, CommentsWhereverWhitespaceMayGo) {
  ast::File f = parse_ok(
      "library/*a*/demo/*b*/{/*c*/version/*d*/=/*e*/\"1.0.0\"/*f*/;//g\n}\n"
      "struct/**/S//x\n{a//y\n:/**/map/**/</**/string/**/,/**/i32/**/>/**/;}\n"
      "proc/**/p/**/(/**/x/**/:/**/S/**/)/**/->/**/S/**/[/**/abi/**/=/**/cbor/**/]/**/;\n");
  ASSERT_EQ(f.decls.size(), 2u);
  EXPECT_EQ(std::get<ast::Struct>(f.decls[0]).fields[0].type.args.size(), 2u);
  EXPECT_EQ(std::get<ast::Func>(f.decls[1]).attrs[0].value.text, "cbor");
}

TEST(Parser, LocationsPointAtNames) {
  std::string text = "library demo {}\nstruct Foo { bar: Baz; }\n";
  SourceFile file("p.ffidl", text);
  Diagnostics diags(file);
  ast::File f = parse(diags);
  const auto& s = std::get<ast::Struct>(f.decls[0]);
  LineCol lc = file.line_col(s.name_loc.offset);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 8u);
  EXPECT_EQ(s.name_loc.length, 3u);
  LineCol tl = file.line_col(s.fields[0].type.name_loc.offset);
  EXPECT_EQ(tl.column, 19u);
}

TEST(Parser, StringEscapes) {
  ast::File f = parse_ok("library d {}\nconst S: string = \"t\\tq\\\"n\\n\\\\ \\u{2603}\\0\";\n");
  EXPECT_EQ(std::get<ast::Const>(f.decls[0]).value.text,
            std::string("t\tq\"n\n\\ \xE2\x98\x83\0", 12));
  EXPECT_NE(parse_errors("library d {}\nconst S: string = \"\\q\";\n")
                .find("p.ffidl:2:20: error: unknown escape sequence '\\q'"),
            std::string::npos);
  EXPECT_NE(parse_errors("library d {}\nconst S: string = \"\\u{D800}\";\n")
                .find("invalid unicode escape"),
            std::string::npos);
  // Found by fuzz_frontend: a non-hex digit inside \u{} used to throw.
  EXPECT_NE(
      parse_errors("library d {}\nconst S: string = \"\\u{1g}\";\n").find("invalid unicode escape"),
      std::string::npos);
}

TEST(Parser, MissingSemicolonPointsAfterThePreviousToken) {
  std::string out = parse_errors("library d {}\nstruct S {\n  a: i32\n  b: i32;\n}\n");
  EXPECT_NE(out.find("p.ffidl:3:9: error: expected ';'\n  a: i32\n        ^\n"), std::string::npos)
      << out;
}

TEST(Parser, ReportsEverySyntaxErrorAndRecovers) {
  std::string out = parse_errors(
      "library d {}\n"
      "struct A { a i32; }\n"  // missing ':'
      "proc p(x: i32;\n"       // missing ')'
      "enum E { a = x }\n"     // non-integer value
      "struct B { b: list<i32; }\n"
      "bogus\n"
      "struct C { c: i32; }\n");
  EXPECT_NE(out.find("p.ffidl:2:14: error: expected ':' followed by a type"), std::string::npos)
      << out;
  EXPECT_NE(out.find("p.ffidl:3:14: error: expected ')'"), std::string::npos) << out;
  EXPECT_NE(out.find("p.ffidl:4:14: error: expected an integer"), std::string::npos) << out;
  EXPECT_NE(out.find("p.ffidl:5:23: error: expected ',' or '>' in the type argument list"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("p.ffidl:6:1: error: expected a declaration"), std::string::npos) << out;
  EXPECT_NE(out.find("5 errors generated."), std::string::npos) << out;
}

TEST(Parser, UnterminatedThings) {
  EXPECT_NE(parse_errors("library d {}\n/* never closed\n")
                .find("p.ffidl:2:1: error: unterminated block comment"),
            std::string::npos);
  EXPECT_NE(parse_errors("library d {}\nconst S: string = \"abc\n;")
                .find("p.ffidl:2:23: error: unterminated string"),
            std::string::npos);
  EXPECT_NE(parse_errors("library d {}\nstruct S { a: i32;\n").find("expected '}'"),
            std::string::npos);
}

TEST(Parser, DeepTypeNestingIsRefusedNotACrash) {
  std::string type;
  for (int i = 0; i < 10000; ++i)
    type += "list<";
  type += "i32";
  for (int i = 0; i < 10000; ++i)
    type += ">";
  std::string out = parse_errors("library d {}\nstruct S { a: " + type + "; }\n");
  EXPECT_NE(out.find("types nest deeper than 64 levels"), std::string::npos) << out.substr(0, 300);
}

TEST(Parser, StrayDocCommentWarns) {
  SourceFile file("p.ffidl", "library d {}\n/// dangling\n");
  Diagnostics diags(file);
  parse(diags);
  EXPECT_FALSE(diags.has_errors());
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].severity, Severity::warning);
}

TEST(Parser, ADocCommentAfterTheLastFieldWarnsOnce) {
  SourceFile file("p.ffidl",
                  "library d {}\nstruct S {\n    a: i32;\n    /// one\n    /// two\n}\n");
  Diagnostics diags(file);
  parse(diags);
  EXPECT_FALSE(diags.has_errors());
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].severity, Severity::warning);
  EXPECT_EQ(diags.all()[0].message, "doc comment is not followed by a field");
  EXPECT_EQ(file.line_col(diags.all()[0].loc.offset).line, 4u);
}

TEST(Parser, ADocCommentBeforeAClosingBraceOrParenthesisWarns) {
  SourceFile file("p.ffidl",
                  "library d {}\nenum E { a, /// x\n}\nenum F { b /// y\n}\n"
                  "ctor open();\nproc f(a: i32 /// z\n);\n");
  Diagnostics diags(file);
  ast::File parsed = parse(diags);
  EXPECT_FALSE(diags.has_errors()) << diags.render();
  ASSERT_EQ(diags.all().size(), 3u) << diags.render();
  EXPECT_EQ(diags.all()[0].message, "doc comment is not followed by an enumerator");
  EXPECT_EQ(diags.all()[2].message, "doc comment is not followed by a parameter");
  EXPECT_EQ(parsed.libraries.size(), 1u);
  EXPECT_EQ(parsed.decls.size(), 4u);  // E, F, open, f: nothing else lost
}

TEST(Parser, CaretLineKeepsTabs) {
  std::string out = parse_errors("library d {}\nstruct S {\n\t\ta i32;\n}\n");
  EXPECT_NE(out.find("\t\ta i32;\n\t\t  ^\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace ffidl

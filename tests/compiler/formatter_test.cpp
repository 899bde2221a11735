// `ffidlc fmt`: the canonical layout keeps every comment, changes nothing
// but whitespace, reads back as the same model, and is a fixed point.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compile_helper.hpp"
#include "formatter.hpp"
#include "model_json.hpp"

namespace ffidl {
namespace {

const char* const kMessy = R"(/// Lib docs.
library   messy{version="1.0.0";   abi=both;}
// a plain comment


const   A:u32=0x10;   // trailing
const F: f64 = -1.5e-3;
enum Color{red,green=2,
  blue ,}
enum Flat { a, b = 3 }
/* block */ struct   S {   /// field doc
a : list< optional <map<string,i32> > >;b:string;
}
ctor   open( s :S );
proc f( a:i32 , b : optional<S> )->list<i32>[abi=native];
static   proc g();
event e( x : u8 ) ;
host h(x:string)->string;
)";

const char* const kCanonical = R"(/// Lib docs.
library messy {
    version = "1.0.0";
    abi = both;
}
// a plain comment

const A: u32 = 0x10;  // trailing
const F: f64 = -1.5e-3;
enum Color {
    red,
    green = 2,
    blue,
}
enum Flat { a, b = 3 }
/* block */
struct S {
    /// field doc
    a: list<optional<map<string, i32>>>;
    b: string;
}
ctor open(s: S);
proc f(a: i32, b: optional<S>) -> list<i32> [abi = native];
static proc g();
event e(x: u8);
host h(x: string) -> string;
)";

std::string model_json(const std::string& text) {
  test::Compiled c = test::compile_text(text);
  EXPECT_EQ(c.errors, 0u) << c.output;
  return c.model ? to_json(*c.model) : "";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

TEST(Formatter, OnlyWhitespaceChangesAndTheModelStaysTheSame) {
  std::string formatted = format_schema(kMessy);
  EXPECT_EQ(formatted, kCanonical);
  EXPECT_EQ(model_json(formatted), model_json(kMessy));
  for (const char* comment : {"//", "/*", "///"})
    EXPECT_EQ(count(formatted, comment), count(kMessy, comment)) << comment;
}

TEST(Formatter, IsAFixedPointAndTheExampleSchemasAreInIt) {
  EXPECT_EQ(format_schema(kCanonical), kCanonical);
  for (const auto& entry : std::filesystem::directory_iterator(FFIDL_SCHEMAS_DIR)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(format_schema(text.str()), text.str()) << entry.path();
  }
}

/// fmt(fmt(x)) == fmt(x), and fmt(x) checks to the same model as x.
void expect_fixed_point(const std::string& text) {
  std::string once = format_schema(text);
  EXPECT_EQ(format_schema(once), once) << "input:\n" << text << "\nformatted once:\n" << once;
  EXPECT_EQ(model_json(once), model_json(text)) << text;
  EXPECT_EQ(count(once, "/*"), count(text, "/*")) << text;
}

TEST(Formatter, IsAFixedPointWithABlockCommentInEveryGap) {
  // The reported case: comments after `{` and after a declaration's `}`.
  expect_fixed_point("library t {}\nstruct S {/*c*/a: i32;\n} /*d*/ struct T { x: i32; }\n");
  // Every gap between two tokens, with every kind of whitespace around the
  // comment (none, a space, a tab, LF, CRLF).
  const std::vector<std::string> tokens = {
      "library", "g", "{",    "version", "=",  "\"1.0.0\"", ";", "}",     "struct", "S",
      "{",       "a", ":",    "list",    "<",  "string",    ">", ";",     "b",      ":",
      "i32",     ";", "}",    "enum",    "E",  "{",         "x", ",",     "y",      "=",
      "2",       "}", "ctor", "open",    "(",  "s",         ":", "S",     ")",      ";",
      "proc",    "f", "(",    "a",       ":",  "i32",       ",", "b",     ":",      "optional",
      "<",       "S", ">",    ")",       "->", "i32",       ";", "event", "e",      "(",
      "x",       ":", "u8",   ")",       ";"};
  const std::vector<std::string> spaces = {"", " ", "\t", "\n", "\r\n"};
  std::size_t cases = 0;
  for (std::size_t gap = 1; gap < tokens.size(); ++gap) {
    for (const std::string& before : spaces) {
      for (const std::string& after : spaces) {
        std::string text;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
          if (i == gap)
            text += before + "/*c*/" + after;
          else if (i > 0)
            text += i % 7 == 0 ? "\n" : " ";
          text += tokens[i];
        }
        expect_fixed_point(text + "\n");
        ++cases;
      }
    }
  }
  EXPECT_EQ(cases, (tokens.size() - 1) * spaces.size() * spaces.size());
}

TEST(Formatter, IsAFixedPointOverCrlfTabsAndNestedBodies) {
  expect_fixed_point("library t {}\r\nstruct S {\r\n\ta: i32;\t// x\r\n\t/* y */\r\n}\r\n");
  expect_fixed_point("library t {}\nenum E { a, /* b */ b }\nunion U { x(a: i32) /*z*/, y }\n");
  expect_fixed_point("library t {}\n/* a\n   multi-line\n comment */ struct S { a: i32; }\n");
  expect_fixed_point("library t {}\nstruct S {\n    /* a\n   multi-line */\n    a: i32; }\n");
  expect_fixed_point(
      "library t {}\nctor c();\nproc f(/*a*/\na: i32 /*b*/\n, /*c*/ b: i32)/*d*/;\n");
}

}  // namespace
}  // namespace ffidl

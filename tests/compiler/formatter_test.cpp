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

}  // namespace
}  // namespace ffidl

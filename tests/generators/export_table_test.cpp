// The export table against what the backends write from it: the C header's
// prototypes, the Rust crate's externs and the C++ glue's definitions are
// read back as text here (and only here) and compared with each other and
// with the table, so a backend that stops following the table, or spells a
// type differently from the header, fails. The fixed rows are also held to
// the checker's list of reserved names.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "compile_helper.hpp"
#include "export_table.hpp"
#include "generator.hpp"

namespace ffidl::gen::exports {
namespace {

/// A schema with every kind of export: both wires, a paused-capable ctor
/// with a struct argument, a dtor, procs and static procs of every passing,
/// an object, an error, events and host functions.
const char* const kEverything = R"(library t {}
struct Point { x: i32; label: string; }
enum Mode { a, b }
error Oops { bad(why: string) }
object Bin {
  ctor make(size: u32);
  proc grow(by: u32) -> u32;
}
ctor open(config: Point);
dtor close();
proc plain(n: i32, mode: Mode) -> string;
proc members(text: string, data: bytes, items: list<string>, table: map<string, i64>);
proc by_pointer(p: Point, maybe: optional<Point>, count: optional<u8>) raises Oops;
proc hand(c: Bin) -> Bin;
proc cbor_only(n: i32) [abi = cbor];
static proc add(a: i64, b: i64) -> i64 [abi = native];
event fired(p: Point, n: u32);
host fetch(key: string) -> bytes;
)";

struct Fn {
  std::string result;
  std::vector<std::pair<std::string, std::string>> params;  // name, type
};

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \n"));
  s.erase(s.find_last_not_of(" \n,") + 1);
  return s;
}

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string part = trim(list.substr(start, comma - start));
    if (!part.empty()) out.push_back(part);
    start = comma + 1;
  }
  return out;
}

/// "const char *event" -> {"event", "const char *"}.
std::pair<std::string, std::string> c_param(const std::string& decl) {
  std::size_t name = decl.find_last_not_of("abcdefghijklmnopqrstuvwxyz_0123456789");
  return {decl.substr(name + 1), trim(decl.substr(0, name + 1))};
}

/// The function prototypes of a C header (not its static inline helpers).
std::map<std::string, Fn> header_prototypes(const std::string& header) {
  std::map<std::string, Fn> out;
  std::regex proto(R"(\n([A-Za-z_][A-Za-z0-9_ ]*?[ *])([a-z][A-Za-z0-9_]*)\(([^)]*)\);)");
  for (std::sregex_iterator it(header.begin(), header.end(), proto), end; it != end; ++it) {
    Fn fn{trim((*it)[1]), {}};
    if ((*it)[3] != "void") {
      for (const std::string& p : split_commas((*it)[3]))
        fn.params.push_back(c_param(p));
    }
    EXPECT_TRUE(out.emplace((*it)[2], fn).second) << "declared twice: " << (*it)[2];
  }
  return out;
}

/// The `extern "C"` declarations of ffi.rs.
std::map<std::string, Fn> rust_externs(const std::string& ffi) {
  std::map<std::string, Fn> out;
  std::size_t block = ffi.find("\nextern \"C\" {");
  EXPECT_NE(block, std::string::npos);
  std::string text = ffi.substr(block);
  std::regex decl(R"(pub fn ([A-Za-z0-9_]+)\(([^)]*)\)\s*(?:->\s*([^;]+))?;)");
  for (std::sregex_iterator it(text.begin(), text.end(), decl), end; it != end; ++it) {
    Fn fn{trim((*it)[3]), {}};
    for (const std::string& p : split_commas((*it)[2])) {
      std::size_t colon = p.find(": ");
      fn.params.emplace_back(p.substr(0, colon), p.substr(colon + 2));
    }
    EXPECT_TRUE(out.emplace((*it)[1], fn).second) << "declared twice: " << (*it)[1];
  }
  return out;
}

/// The C type as the Rust FFI spells it, worked out from the C text:
/// `const char *const *` -> `*const *const c_char`, `void *` -> `*mut c_void`.
std::string c_to_rust(const std::string& c) {
  static const std::map<std::string, std::string> bases = {
      {"bool", "bool"},    {"int8_t", "i8"},   {"int16_t", "i16"},  {"int32_t", "i32"},
      {"int64_t", "i64"},  {"uint8_t", "u8"},  {"uint16_t", "u16"}, {"uint32_t", "u32"},
      {"uint64_t", "u64"}, {"float", "f32"},   {"double", "f64"},   {"size_t", "usize"},
      {"char", "c_char"},  {"void", "c_void"}, {"int", "c_int"},
  };
  std::vector<std::string> tokens;
  std::regex token(R"([A-Za-z_][A-Za-z0-9_]*|\*)");
  for (std::sregex_iterator it(c.begin(), c.end(), token), end; it != end; ++it)
    tokens.push_back(it->str());
  // const-ness of what each pointer level points at, innermost first.
  std::vector<bool> pointee_const;
  bool pending_const = false;
  std::string base;
  for (const std::string& t : tokens) {
    if (t == "const") {
      pending_const = true;
    } else if (t == "*") {
      pointee_const.push_back(pending_const);
      pending_const = false;
    } else {
      base = bases.count(t) ? bases.at(t) : t;
    }
  }
  std::string out;
  for (auto it = pointee_const.rbegin(); it != pointee_const.rend(); ++it)
    out += *it ? "*const " : "*mut ";
  return out + base;
}

/// The `FFIDL_EXPORT` definitions of the C++ glue, by symbol.
std::set<std::string> glue_definitions(const std::string& glue) {
  std::set<std::string> out;
  std::regex def(R"(\nFFIDL_EXPORT [^(]*?([A-Za-z0-9_]+)\()");
  for (std::sregex_iterator it(glue.begin(), glue.end(), def), end; it != end; ++it)
    EXPECT_TRUE(out.insert((*it)[1]).second) << "defined twice: " << (*it)[1];
  return out;
}

std::string file(const std::vector<OutputFile>& files, const std::string& suffix) {
  for (const OutputFile& f : files) {
    if (f.path.size() >= suffix.size() &&
        f.path.compare(f.path.size() - suffix.size(), suffix.size(), suffix) == 0)
      return f.content;
  }
  ADD_FAILURE() << "no generated file ends in " << suffix;
  return "";
}

class ExportTable : public ::testing::Test {
 protected:
  void SetUp() override {
    compiled_ = test::compile_text(kEverything);
    ASSERT_EQ(compiled_.errors, 0u) << compiled_.output;
    table_ = table(*compiled_.model);
  }
  std::vector<OutputFile> generate(const char* lang) {
    return gen::find(lang)->run(*compiled_.model, Options{});
  }

  test::Compiled compiled_;
  std::vector<Export> table_;
};

TEST_F(ExportTable, HasEveryFormOfEveryFunctionOnce) {
  std::set<std::string> symbols;
  for (const Export& row : table_)
    EXPECT_TRUE(symbols.insert(row.symbol).second) << row.symbol;
  for (const char* s : {"t_open", "t_open_cbor", "t_open_paused", "t_open_cbor_paused", "t_close",
                        "t_plain", "t_plain_cbor", "t_cbor_only_cbor", "t_add", "t_Bin_make",
                        "t_Bin_grow_cbor", "t_Bin_retain", "t_Oops_message", "t_host_complete",
                        "t_add_event_listener_cbor", "t_abi_check"})
    EXPECT_TRUE(symbols.count(s)) << s;
  EXPECT_FALSE(symbols.count("t_cbor_only")) << "[abi = cbor] has no native export";
  EXPECT_FALSE(symbols.count("t_add_cbor")) << "[abi = native] has no CBOR export";
  EXPECT_FALSE(symbols.count("t_destroy")) << "the schema names its dtor";
}

TEST_F(ExportTable, ArgumentsCarryTheirFieldAndPassing) {
  const Export* by_pointer = nullptr;
  for (const Export& row : table_) {
    if (row.symbol == "t_by_pointer") by_pointer = &row;
  }
  ASSERT_NE(by_pointer, nullptr);
  std::vector<std::string> names;
  for (const Param& p : by_pointer->params)
    names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ctx", "cb", "user_data", "p", "has_maybe", "maybe",
                                             "has_count", "count"}));
  EXPECT_EQ(by_pointer->params[3].passing, lowering::Passing::pointer);
  EXPECT_EQ(by_pointer->params[4].passing, lowering::Passing::optional_pointer);
  EXPECT_EQ(by_pointer->params[4].field, by_pointer->params[5].field);
  EXPECT_EQ(by_pointer->params[6].passing, lowering::Passing::members);
  EXPECT_EQ(by_pointer->params[3].field->name.snake, "p");
}

TEST_F(ExportTable, TheHeaderDeclaresExactlyTheTable) {
  std::map<std::string, Fn> header = header_prototypes(file(generate("c"), "t.h"));
  std::set<std::string> declared, tabled;
  for (const auto& [name, fn] : header)
    declared.insert(name);
  for (const Export& row : table_)
    tabled.insert(row.symbol);
  EXPECT_EQ(declared, tabled);
}

TEST_F(ExportTable, TheRustExternsAgreeWithTheHeader) {
  std::map<std::string, Fn> header = header_prototypes(file(generate("c"), "t.h"));
  std::map<std::string, Fn> rust = rust_externs(file(generate("rust"), "src/ffi.rs"));
  ASSERT_FALSE(header.empty());
  for (const auto& [name, c] : header) {
    ASSERT_TRUE(rust.count(name)) << "ffi.rs does not declare " << name;
    const Fn& r = rust.at(name);
    EXPECT_EQ(r.result, c.result == "void" ? "" : c_to_rust(c.result)) << name;
    ASSERT_EQ(r.params.size(), c.params.size()) << name;
    for (std::size_t i = 0; i < c.params.size(); ++i) {
      std::string rust_name = r.params[i].first;
      if (rust_name.rfind("r#", 0) == 0) rust_name = rust_name.substr(2);
      EXPECT_EQ(rust_name, c.params[i].first) << name << " parameter " << i;
      EXPECT_EQ(r.params[i].second, c_to_rust(c.params[i].second))
          << name << " parameter " << c.params[i].first << " (C: " << c.params[i].second << ")";
    }
  }
  EXPECT_EQ(rust.size(), header.size()) << "ffi.rs declares functions the header does not";
}

TEST_F(ExportTable, TheGlueDefinesExactlyTheTable) {
  std::set<std::string> defined = glue_definitions(file(generate("cpp-service"), "_glue.cpp"));
  std::set<std::string> tabled;
  for (const Export& row : table_)
    tabled.insert(row.symbol);
  EXPECT_EQ(defined, tabled);
}

TEST_F(ExportTable, TheRuntimeRowsAreTheNamesTheCheckerReserves) {
  std::set<std::string> runtime;
  for (const Export& row : table_) {
    switch (row.kind) {
      case Kind::ctor:
      case Kind::proc:
      case Kind::static_proc:
      case Kind::dtor:           // named by the schema
      case Kind::object_retain:  // `<lib>_<Object>_...`: no proc name can clash
      case Kind::object_release:
      case Kind::error_message:
        continue;
      default:
        runtime.insert(row.symbol.substr(2));  // after "t_"
    }
  }
  std::set<std::string> reserved(std::begin(model::reserved_export_names),
                                 std::end(model::reserved_export_names));
  EXPECT_EQ(runtime, reserved);
}

TEST(ExportTableCType, SpellsWritablePointersInCAndCpp) {
  using B = c_abi::CType::Base;
  EXPECT_EQ(c_abi::CType(B::void_, "", 1, true).c(), "void *");
  EXPECT_EQ(c_abi::CType(B::void_, "", 1, true).cpp(), "void*");
  EXPECT_EQ(c_abi::CType(B::char_, "", 2, true).c(), "const char **");
  EXPECT_EQ(c_abi::CType(B::char_, "", 2, true).cpp(), "const char**");
  EXPECT_EQ(c_abi::CType(B::char_, "", 2).c(), "const char *const *");
  EXPECT_EQ(c_abi::CType(B::char_, "", 2).cpp(), "const char* const*");
  EXPECT_EQ(c_abi::CType(B::char_, "", 1, true).c(), "char *");
  EXPECT_EQ(c_abi::CType(B::callback).c(), "ffidl_callback");
}

}  // namespace
}  // namespace ffidl::gen::exports

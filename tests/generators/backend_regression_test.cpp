// Regressions of the backends, each over a small schema built to trip the
// defect: imports decided by doc text, records classified by doc text.
#include <gtest/gtest.h>

#include <string>

#include "compile_helper.hpp"
#include "generator.hpp"

namespace ffidl::gen {
namespace {

/// The file at `path` that backend `lang` writes for `schema`.
std::string generated(const std::string& schema, const std::string& lang, const std::string& path) {
  test::Compiled c = test::compile_text(schema);
  EXPECT_EQ(c.errors, 0u) << c.output;
  if (!c.model) return "";
  for (OutputFile& f : find(lang)->run(*c.model, {})) {
    if (f.path == path) return f.content;
  }
  ADD_FAILURE() << lang << " wrote no " << path;
  return "";
}

const char* const kDocsNamingImports = R"(
library t {}
/// Holds the sync. state of a context. Uses strconv.Itoa and unsafe.Pointer
/// in prose; an Arc<Mutex<BTreeMap>> or a HashMap<c_void> is a word here.
struct Holder {
    /// context.Background() and size_of are prose too.
    name: string;
}
ctor open();
proc get() -> i32;
)";

TEST(GoBackend, DocCommentsNamingPackagesAddNoImports) {
  std::string types = generated(kDocsNamingImports, "go", "t/types.go");
  EXPECT_NE(types.find("Holds the sync. state of a context."), std::string::npos);
  EXPECT_EQ(types.find("import"), std::string::npos) << types;
}

TEST(GoBackend, APackageUsedOnlyInsideAnExpressionIsImported) {
  // Lifting bytes spells unsafe.Pointer in an expression, not a template;
  // with no list in the schema, no template of convert.go spells it either.
  std::string convert = generated(
      "library t {}\nstruct S { b: bytes; }\nctor open();\n"
      "proc get() -> S;\n",
      "go", "t/convert.go");
  EXPECT_NE(convert.find("unsafe.Pointer"), std::string::npos) << convert;
  EXPECT_NE(convert.find("import \"unsafe\""), std::string::npos) << convert;
}

TEST(RustBackend, DocCommentsNamingItemsAddNoUseLines) {
  std::string types = generated(kDocsNamingImports, "rust", "t-rs/src/types.rs");
  EXPECT_NE(types.find("Arc<Mutex<BTreeMap>>"), std::string::npos);
  EXPECT_EQ(types.find("use std"), std::string::npos) << types;
}

TEST(RustBackend, AMapTypeImportsBTreeMap) {
  std::string types =
      generated("library t {}\nstruct S { m: map<string, i32>; }\n", "rust", "t-rs/src/types.rs");
  EXPECT_NE(types.find("use std::collections::BTreeMap;"), std::string::npos) << types;
}

TEST(CppGlue, AStructDocumentedLikeAPayloadIsNotOne) {
  std::string glue = generated(R"(
library t {}
/// The payload we keep.
struct Keeper { sync: string; }
ctor open();
proc keep(k: Keeper) -> Keeper;
event kept(k: Keeper);
)",
                               "cpp-service", "t_glue.cpp");
  EXPECT_EQ(glue.find("render_payload(Wire wire, const Keeper&"), std::string::npos);
  EXPECT_NE(glue.find("render_payload(Wire wire, const KeptEvent&"), std::string::npos);
}

}  // namespace
}  // namespace ffidl::gen

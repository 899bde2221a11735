// The emitter's rules, one test each: substitution, raw blocks, callback
// substitutions, scoped indentation and the template observer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "emitter.hpp"
#include "support_files.hpp"

namespace ffidl::gen {
namespace {

TEST(Emitter, SubstitutesNamedVariablesAndIndentsEveryLine) {
  Emitter e;
  e.indent();
  e.print("int $name$ = $value$;\n\nreturn $name$;", {{"name", "x"}, {"value", "1"}});
  EXPECT_EQ(e.str(), "    int x = 1;\n\n    return x;\n");
}

TEST(Emitter, AMissingVariableIsAGeneratorBug) {
  Emitter e;
  EXPECT_THROW(e.print("$nope$"), std::logic_error);
}

TEST(Emitter, OutputWithATemplateVariableLeftInItIsRefused) {
  // CTest sets FFIDL_CHECK_TEMPLATES for this suite; set it for a direct run too.
  ::setenv("FFIDL_CHECK_TEMPLATES", "1", 1);
  ASSERT_TRUE(Emitter::check_templates());
  Emitter leaked;
  // A template passed where text belongs (as a doc's extra lines once were)
  // keeps its `$lib$`; `$$` is how a template writes a literal `$`.
  leaked.print("/* $$lib$$_last_error() says which */");
  EXPECT_THROW(leaked.take(), std::logic_error);
  Emitter fine;
  fine.doc({"costs $5$ per call: the schema's own words"}, CommentStyle::slashes2);
  fine.print("x := \"$$\" // a lone dollar, $$ 5");
  EXPECT_EQ(fine.take(),
            "// costs $5$ per call: the schema's own words\nx := \"$\" // a lone dollar, $ 5\n");
}

TEST(Emitter, DedentDropsTheLeadingNewlineSharedIndentAndLastBlankLine) {
  EXPECT_EQ(dedent("\n      a\n        b\n\n      c\n    "), "a\n  b\n\nc\n");
  // Not a raw block: left alone.
  EXPECT_EQ(dedent("  a\n  b"), "  a\n  b");
}

TEST(Emitter, EmitRendersARawBlockAtTheCurrentLevel) {
  Emitter e;
  e.indent();
  e.emit(R"(
      if ($cond$) {
          go();
      }
  )",
         {{"cond", "ready"}});
  EXPECT_EQ(e.str(), "    if (ready) {\n        go();\n    }\n");
}

TEST(Emitter, ACallbackRunsAtTheIndentationOfItsLine) {
  Emitter e;
  e.emit(R"(
      fn f() {
          $body$
      }
  )",
         {}, {{"body", [&] { e.print("a();\nb();"); }}});
  EXPECT_EQ(e.str(), "fn f() {\n    a();\n    b();\n}\n");
}

TEST(Emitter, ScopeIndentsUntilItEnds) {
  Emitter e("\t");
  e.print("{");
  {
    auto in = e.scope();
    e.print("x");
  }
  e.print("}");
  EXPECT_EQ(e.str(), "{\n\tx\n}\n");
}

TEST(Emitter, TheObserverSeesTemplatesNeverValuesOrDocs) {
  Emitter e;
  std::vector<std::string> seen;
  e.observe([&](std::string_view t) { seen.emplace_back(t); });
  e.print("use $what$;", {{"what", "context.Background"}});
  e.doc({"Holds the sync. state of a context."}, CommentStyle::slashes2);
  for (const std::string& t : seen) {
    EXPECT_EQ(t.find("context."), std::string::npos) << t;
    EXPECT_EQ(t.find("sync."), std::string::npos) << t;
  }
  EXPECT_EQ(seen.front(), "use $what$;");
}

TEST(SupportTemplates, AreEmbeddedAndInstantiatedWithoutTheirTemplateComment) {
  std::string go = support::instantiate("ffidl.go", "// header\n\n",
                                        {{"ffidlpkg", "mypkg"},
                                         {"ffidlversion", "1.2.3"},
                                         {"FFIDLLIB", "MY_LIB"},
                                         {"ffidllib", "my_lib"}});
  EXPECT_EQ(go.rfind("// header\n\npackage mypkg\n", 0), 0u) << go.substr(0, 200);
  EXPECT_NE(go.find("C.my_lib_abi_hash"), std::string::npos);
  EXPECT_NE(go.find("C.MY_LIB_ABI_HASH"), std::string::npos);
  for (const char* placeholder : {"ffidlpkg", "ffidllib", "FFIDLLIB", "ffidlversion", "Template"})
    EXPECT_EQ(go.find(placeholder), std::string::npos) << placeholder;
  std::string rs = support::instantiate("support.rs", "// h\n", {{"ffidllib", "my_lib"}});
  EXPECT_EQ(rs.rfind("// h\n//! Support code", 0), 0u) << rs.substr(0, 200);
  EXPECT_NE(rs.find("const LIB: &str = \"my_lib\";"), std::string::npos);
  EXPECT_THROW(support::file("nope.go"), std::logic_error);
}

}  // namespace
}  // namespace ffidl::gen

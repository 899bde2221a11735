// Imports: files found next to the importing file, then along -I; each
// read once; cycles, missing files, libraries or functions in an imported
// file, and clashes across files reported with locations in both files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "checker.hpp"

namespace ffidl {
namespace {

namespace fs = std::filesystem;

/// A scratch directory of schema files, removed at the end of the test.
class Tree {
 public:
  Tree()
      : root_(fs::temp_directory_path() /
              ("ffidl_imports_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~Tree() { fs::remove_all(root_); }
  std::string write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  std::string path(const std::string& rel) const { return (root_ / rel).string(); }

  struct Result {
    std::optional<model::Model> model;
    std::string output;
  };
  Result compile(const std::string& rel, std::vector<std::string> dirs = {}) const {
    SourceFile file("", "");
    std::string error;
    EXPECT_TRUE(SourceFile::load(path(rel), file, error)) << error;
    Diagnostics diags(file);
    Result r;
    r.model = ffidl::compile(diags, dirs);
    r.output = diags.render();
    return r;
  }

 private:
  static inline int counter_ = 0;
  fs::path root_;
};

TEST(Imports, DeclarationsOfImportedFilesAreInScope) {
  Tree t;
  t.write("types/geo.ffidl",
          "/// A point.\nstruct Point { x: f64; y: f64; }\nenum Unit { m, km }\n");
  t.write(
      "lib.ffidl",
      "import \"types/geo.ffidl\";\nlibrary lib {}\nstatic proc dist(p: Point, u: Unit) -> f64;\n");
  Tree::Result r = t.compile("lib.ffidl");
  ASSERT_TRUE(r.model) << r.output;
  ASSERT_EQ(r.model->structs.size(), 1u);
  EXPECT_EQ(r.model->structs[0].doc, model::Doc{"A point."});
  ASSERT_EQ(r.model->sources.size(), 2u);
  EXPECT_EQ(r.model->sources[0], t.path("lib.ffidl"));
  EXPECT_EQ(fs::path(r.model->sources[1]).filename(), "geo.ffidl");
}

TEST(Imports, SearchedNextToTheImporterThenAlongImportDirsInOrder) {
  Tree t;
  t.write("a/shared.ffidl", "struct FromA { x: i32; }\n");
  t.write("b/shared.ffidl", "struct FromB { x: i32; }\n");
  t.write("lib.ffidl", "import \"shared.ffidl\";\nlibrary lib {}\n");
  Tree::Result missing = t.compile("lib.ffidl");
  EXPECT_FALSE(missing.model);
  EXPECT_NE(missing.output.find("lib.ffidl:1:8: error: cannot find imported file 'shared.ffidl' "
                                "(looked for "),
            std::string::npos)
      << missing.output;
  EXPECT_NE(missing.output.find("add search directories with -I"), std::string::npos);
  Tree::Result r = t.compile("lib.ffidl", {t.path("b"), t.path("a")});
  ASSERT_TRUE(r.model) << r.output;
  EXPECT_EQ(r.model->structs[0].name.original, "FromB");
  // An imported file's own imports are found next to it first.
  t.write("a/uses.ffidl", "import \"shared.ffidl\";\nstruct Uses { a: FromA; }\n");
  t.write("lib2.ffidl", "import \"a/uses.ffidl\";\nlibrary lib2 {}\n");
  Tree::Result nested = t.compile("lib2.ffidl", {t.path("b")});
  ASSERT_TRUE(nested.model) << nested.output;
  EXPECT_EQ(nested.model->structs[0].name.original, "FromA");
}

TEST(Imports, ADiamondIsReadOnce) {
  Tree t;
  t.write("base.ffidl", "struct Base { x: i32; }\n");
  t.write("left.ffidl", "import \"base.ffidl\";\nstruct Left { b: Base; }\n");
  t.write("right.ffidl", "import \"base.ffidl\";\nstruct Right { b: Base; }\n");
  t.write("lib.ffidl",
          "import \"left.ffidl\";\nimport \"right.ffidl\";\nlibrary lib {}\n"
          "static proc f(l: Left, r: Right);\n");
  Tree::Result r = t.compile("lib.ffidl");
  ASSERT_TRUE(r.model) << r.output;
  EXPECT_EQ(r.model->structs.size(), 3u);
  EXPECT_EQ(r.model->sources.size(), 4u);
}

TEST(Imports, CyclesAreReportedWithTheChain) {
  Tree t;
  t.write("a.ffidl", "import \"b.ffidl\";\nstruct A { x: i32; }\n");
  t.write("b.ffidl", "import \"a.ffidl\";\nstruct B { x: i32; }\n");
  t.write("lib.ffidl", "import \"a.ffidl\";\nlibrary lib {}\n");
  Tree::Result r = t.compile("lib.ffidl");
  EXPECT_FALSE(r.model);
  EXPECT_NE(r.output.find("b.ffidl:1:8: error: import cycle: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a.ffidl -> "), std::string::npos) << r.output;
  // A schema importing itself.
  t.write("self.ffidl", "import \"self.ffidl\";\nlibrary self_ {}\n");
  EXPECT_NE(t.compile("self.ffidl").output.find("error: import cycle"), std::string::npos);
}

TEST(Imports, ImportedFilesDeclareTypesAndConstantsOnly) {
  Tree t;
  t.write("bad.ffidl",
          "library other {}\nconst N: i32 = 1;\nstatic proc f();\nobject O { ctor new(); }\n");
  t.write("lib.ffidl", "import \"bad.ffidl\";\nlibrary lib {}\n");
  Tree::Result r = t.compile("lib.ffidl");
  EXPECT_FALSE(r.model);
  EXPECT_NE(r.output.find("bad.ffidl:1:9: error: an imported file cannot declare a library"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("bad.ffidl:3:1: error: an imported file declares types and constants "
                          "only"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("bad.ffidl:4:8: error: an imported file declares types and constants "
                          "only; an object has functions"),
            std::string::npos)
      << r.output;
}

TEST(Imports, ClashesAcrossFilesNameBothPlaces) {
  Tree t;
  t.write("geo.ffidl", "struct Point { x: f64; }\n");
  t.write("lib.ffidl", "import \"geo.ffidl\";\nlibrary lib {}\nstruct Point { z: i32; }\n");
  Tree::Result r = t.compile("lib.ffidl");
  EXPECT_FALSE(r.model);
  EXPECT_NE(r.output.find("lib.ffidl:3:8: error: duplicate type or constant name 'Point'"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("geo.ffidl:1:8: note: previous declaration of 'Point' (struct)"),
            std::string::npos)
      << r.output;
}

TEST(Imports, ErrorsInsideAnImportedFileNameThatFile) {
  Tree t;
  t.write("geo.ffidl", "\n\nstruct Point { x: Nope; }\n");
  t.write("lib.ffidl", "import \"geo.ffidl\";\nlibrary lib {}\n");
  Tree::Result r = t.compile("lib.ffidl");
  EXPECT_FALSE(r.model);
  EXPECT_NE(r.output.find("geo.ffidl:3:19: error: unknown type 'Nope'\nstruct Point { x: Nope; }\n"
                          "                  ^~~~"),
            std::string::npos)
      << r.output;
  t.write("syntax.ffidl", "struct P { x: i32 }\n");
  t.write("lib2.ffidl", "import \"syntax.ffidl\";\nlibrary lib2 {}\n");
  EXPECT_NE(t.compile("lib2.ffidl").output.find("syntax.ffidl:1:19: error: expected ';'"),
            std::string::npos)
      << t.compile("lib2.ffidl").output;
  EXPECT_NE(t.compile("lib.ffidl").output.find("1 error generated"), std::string::npos);
}

TEST(Imports, ImportSyntax) {
  Tree t;
  t.write("lib.ffidl", "import types;\nlibrary lib {}\n");
  EXPECT_NE(t.compile("lib.ffidl")
                .output.find("lib.ffidl:1:8: error: expected the imported "
                             "file's path as a string"),
            std::string::npos)
      << t.compile("lib.ffidl").output;
}

}  // namespace
}  // namespace ffidl

// Runs the front end over an in-memory schema for tests.
#pragma once

#include <optional>
#include <string>

#include "checker.hpp"
#include "parser.hpp"

namespace ffidl::test {

struct Compiled {
  std::optional<model::Model> model;
  std::string output;  // rendered diagnostics
  std::vector<Diagnostic> diags;
  std::size_t errors = 0;
  /// "line:col: message" of each error, for compact assertions.
  std::vector<std::string> located;
};

inline Compiled compile_text(const std::string& text) {
  SourceFile file("test.ffidl", text);
  Diagnostics diags(file);
  Compiled out;
  out.model = compile(diags);
  out.output = diags.render();
  out.diags = diags.all();
  out.errors = diags.error_count();
  for (const Diagnostic& d : diags.all()) {
    if (d.severity != Severity::error) continue;
    LineCol lc = file.line_col(d.loc.offset);
    out.located.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " +
                          d.message);
  }
  return out;
}

/// A schema with the library block every test needs.
inline std::string lib(const std::string& body) {
  return "library t {}\n" + body;
}

}  // namespace ffidl::test

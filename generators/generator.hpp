// The generator registry: each target language is one backend that turns
// the checked model into files. Backends never see the AST and never
// re-check; everything they need is in model::Model.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace ffidl::gen {

struct OutputFile {
  std::string path;     // relative to the output directory
  std::string content;  // the whole file, deterministic for a given model
  /// Starting points the user edits (`--stub`): never overwritten.
  bool user_owned = false;
};

struct Options {
  bool stub = false;      // also write the implementation starting point
  std::string go_module;  // --lang go: the module path in go.mod ("" = the package name)
};

struct Generator {
  const char* lang;         // the --lang name
  const char* description;  // one line for --help
  std::vector<OutputFile> (*run)(const model::Model&, const Options&);
};

/// A schema uses something a backend cannot render (yet); the message
/// says what.
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Every backend, in a fixed order.
const std::vector<Generator>& all();
const Generator* find(std::string_view lang);
/// "c, cpp-service, ..." for messages.
std::string names();

}  // namespace ffidl::gen

#include "generator.hpp"

namespace ffidl::gen {

std::vector<OutputFile> generate_json(const model::Model&, const Options&);
std::vector<OutputFile> generate_c(const model::Model&, const Options&);
std::vector<OutputFile> generate_cpp_service(const model::Model&, const Options&);
std::vector<OutputFile> generate_cpp_client(const model::Model&, const Options&);
std::vector<OutputFile> generate_go(const model::Model&, const Options&);
std::vector<OutputFile> generate_rust(const model::Model&, const Options&);
std::vector<OutputFile> generate_python(const model::Model&, const Options&);

const std::vector<Generator>& all() {
  static const std::vector<Generator> generators = {
      {"c", "the C header <lib>.h: the native and CBOR ABI", generate_c},
      {"cpp", "C++ client: <lib>_client.hpp (header-only, over <lib>.h)", generate_cpp_client},
      {"cpp-service", "C++ service side: <lib>_types.hpp, <lib>_service.hpp, <lib>_glue.cpp",
       generate_cpp_service},
      {"go", "Go package <pkg>/ (cgo over <lib>.h; go.mod, gofmt-clean)", generate_go},
      {"rust", "Rust crate <lib>-rs/ (no dependencies; Cargo.toml, build.rs, src/)", generate_rust},
      {"python", "Python package <lib>-py/ (ctypes, no dependencies; pyproject.toml, <lib>/)",
       generate_python},
      {"json", "the checked model as JSON (<lib>.model.json)", generate_json},
  };
  return generators;
}

const Generator* find(std::string_view lang) {
  for (const Generator& g : all()) {
    if (lang == g.lang) return &g;
  }
  return nullptr;
}

std::string names() {
  std::string out;
  for (const Generator& g : all()) {
    if (!out.empty()) out += ", ";
    out += g.lang;
  }
  return out.empty() ? "none yet" : out;
}

}  // namespace ffidl::gen

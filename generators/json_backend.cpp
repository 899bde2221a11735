// --lang json: the checked model as `<lib>.model.json`, for tools that want
// the resolved schema without linking the compiler (the same document
// `ffidlc dump` prints).
#include "generator.hpp"
#include "model_json.hpp"

namespace ffidl::gen {

std::vector<OutputFile> generate_json(const model::Model& m, const Options&) {
  return {OutputFile{m.library.name.snake + ".model.json", to_json(m), false}};
}

}  // namespace ffidl::gen

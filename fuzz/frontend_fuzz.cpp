// libFuzzer target: arbitrary bytes through the whole ffidlc front end
// (parse + check) and every generator, in memory. Any crash, hang,
// sanitizer report or unbounded allocation is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "checker.hpp"
#include "generator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ffidl::SourceFile file("fuzz.ffidl", std::string(reinterpret_cast<const char*>(data), size));
  ffidl::Diagnostics diags(file);
  std::optional<ffidl::model::Model> model = ffidl::compile(diags);
  (void)diags.render();
  // A types file (no library) is for importing: nothing to generate.
  if (!model || model->library.name.original.empty()) return 0;
  ffidl::gen::Options options;
  options.stub = true;
  for (const ffidl::gen::Generator& g : ffidl::gen::all())
    (void)g.run(*model, options);
  return 0;
}

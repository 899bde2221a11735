// libFuzzer target: `ffidlc fmt` on every input that checks must be a fixed
// point (fmt twice == fmt once) and read back as the same model, with every
// comment kept. A difference aborts with both texts printed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checker.hpp"
#include "formatter.hpp"
#include "model_json.hpp"

namespace {

/// The model of `text` as JSON, or "" if it does not check.
std::string model_of(const std::string& text) {
  ffidl::SourceFile file("fuzz.ffidl", text);
  ffidl::Diagnostics diags(file);
  std::optional<ffidl::model::Model> model = ffidl::compile(diags);
  return model && diags.error_count() == 0 ? ffidl::to_json(*model) : "";
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

[[noreturn]] void fail(const char* what, const std::string& input, const std::string& once) {
  std::fprintf(stderr, "fmt: %s\n--- input\n%s\n--- formatted once\n%s\n", what, input.c_str(),
               once.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string model = model_of(text);
  if (model.empty()) return 0;  // fmt formats only schemas that check
  std::string once = ffidl::format_schema(text);
  if (ffidl::format_schema(once) != once) fail("not a fixed point", text, once);
  if (model_of(once) != model) fail("the model changed", text, once);
  for (const char* comment : {"//", "/*"}) {
    if (count(once, comment) != count(text, comment)) fail("a comment was lost", text, once);
  }
  return 0;
}

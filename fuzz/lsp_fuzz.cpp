// libFuzzer target: arbitrary bytes as the language server's input stream
// (framing, JSON-RPC, every method's parameters). Any crash, hang,
// sanitizer report, or output that is not valid UTF-8 JSON is a bug.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "lsp/server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out;
  (void)ffidl::lsp::serve(in, out, {});
  // Every message written is framed and is valid JSON (and so valid UTF-8).
  std::string written = out.str();
  std::size_t at = 0;
  while (at < written.size()) {
    const std::string head = "Content-Length: ";
    if (written.compare(at, head.size(), head) != 0) std::abort();
    std::size_t end = written.find("\r\n\r\n", at);
    if (end == std::string::npos) std::abort();
    std::size_t length = std::stoul(written.substr(at + head.size(), end - at - head.size()));
    std::string body = written.substr(end + 4, length);
    if (body.size() != length) std::abort();
    if (!nlohmann::json::accept(body)) std::abort();
    at = end + 4 + length;
  }
  return 0;
}

#include <string>

#include "support_files.hpp"

namespace ffidl::gen::support {

std::string instantiate(std::string_view name, const std::string& header,
                        const std::vector<std::pair<std::string, std::string>>& placeholders) {
  std::string_view text = file(name);
  // Drop the template's own comment: it explains the placeholders.
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    // `//` comments in Go and Rust templates, `#` in Python ones.
    if (line != "//" && line.rfind("// ", 0) != 0 && line != "#" && line.rfind("# ", 0) != 0) break;
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  while (!text.empty() && text.front() == '\n')
    text.remove_prefix(1);
  std::string out = header + std::string(text);
  for (const auto& [token, value] : placeholders) {
    for (std::size_t at = out.find(token); at != std::string::npos;
         at = out.find(token, at + value.size()))
      out.replace(at, token.size(), value);
  }
  return out;
}

}  // namespace ffidl::gen::support
